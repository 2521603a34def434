"""Who did what to whom: the event's agent and patient, named as ACLED names actors.

Roles follow PropBank-style argument mapping on the dependency parse (Palmer et al. 2005;
ACLED's actor1/actor2 = initiator/target): actor1 is the subject of an active trigger verb,
the ``agent`` ("by X") of a passive one, the "by X", possessive ("al-Shabaab's attack") or
actor modifier ("a Taliban attack", "an Israeli air strike") of a trigger noun, or the
subject of a support verb ("launched an attack"); actor2 is the object, the passive
subject, or "against/on/of X".

Names follow the ACLED Codebook 2023 ("Actor names"):

* a group or institution of the actor data (``data/actors.toml``): its canonical name;
* an organisation the data does not know: its name as written, with a category inferred
  from its name (an armed organisation that attacks is an actor too);
* state forces named by a common noun: ``Military Forces of <Country>`` (army, troops,
  soldiers, warplanes, a country acting militarily: "Israel struck"), ``Police Forces of
  <Country>``, ``Government of <Country>`` for a government acting politically. The
  country is the one the phrase names ("U.S. troops", "Israel's army"), else the event's;
* an unnamed armed perpetrator (gunmen, militants, a suicide bomber):
  ``Unidentified Armed Group (<Country>)``, unless a definite description ("the rebels",
  "the group") refers back to a named armed group of the article;
* victims: ``Civilians (<Country>)``; ``Protesters (<Country>)``, ``Rioters (<Country>)``.

A date, weekday, number, percentage, dateline word or place is never an actor; a pronoun
is an actor only through what it refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._spans import ents_within, lower_lemmas
from sitroom.extract._speakers import has_age
from sitroom.extract.events.lexicon import Lexicon, Trigger
from sitroom.extract.events.syntax import (
    NUMBER_ENTS,
    PARTITIVE_WORDS,
    SPEECH_LEMMAS,
    SUPPORT_VERBS,
    TIME_ENTS,
    children,
    common_lemma,
    counted_noun,
    phrase,
    prep_objects,
    subject,
)
from sitroom.extract.events.where import Located
from sitroom.geo import demonym_country
from sitroom.geo.countries import country_name
from sitroom.model import Place
from sitroom.nlp import Actors

ARMED_CATEGORIES = frozenset({"State Forces", "Rebel Groups", "Political Militias", "Identity Militias", "External/Other Forces"})
ACTOR_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})
CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "month", "year", "day", "night", "morning", "evening", "weekend"}
)
ANAPHORIC_GROUP_NOUNS = frozenset({"group", "organisation", "organization", "movement", "rebel", "militant", "insurgent", "militia", "guerrilla", "fighter", "jihadist", "faction", "extremist"})
"""Definite descriptions ("the group", "the rebels") that refer back to a named armed group."""
_ARMED_NAME = re.compile(r"\b(?:army|front|brigades?|movement|militia|forces|tigers|liberation|jihad|mujahideen|battalions?|legion|guards?|resistance|rebels?)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Actor:
    """An event participant, named."""

    name: str
    category: str | None
    """ACLED's actor category (State Forces, Rebel Groups, Political Militias, Identity
    Militias, Rioters, Protesters, Civilians, External/Other Forces), when known."""
    start: int | None
    end: int | None
    """Character span of the phrase that names it in the text, ``None`` when it is named by
    convention only."""
    country: str | None = None
    """ISO alpha-2 of the actor's own country (state forces, civilians), when known."""
    named: bool = False
    """A group or institution named in the text (not a description by convention)."""
    convention: str | None = None
    """The ACLED convention that named it (``military``, ``civilians``, ``unidentified``...)
    when the text names no group, else ``None``."""
    stated: bool = True
    """The country of a conventional name is the phrase's own ("Lebanese soldiers"), not
    the event's place (which the document-level step may still change)."""

    def placed(self, country: str | None) -> Actor:
        """The conventional name re-written for the event's final country, when the phrase
        did not state one."""
        if self.convention is None or self.stated or country is None or country == self.country:
            return self
        name = convention_name(self.convention, country)
        return Actor(name or self.name, self.category, self.start, self.end, country, self.named, self.convention, False)

    @property
    def armed(self) -> bool:
        return self.category in ARMED_CATEGORIES


@dataclass(frozen=True, slots=True)
class Cast:
    """What naming needs to know of the document: actor data, geocoded places, word lists,
    the dateline's extent and the named armed groups in text order."""

    doc: Doc
    actors: Actors
    lexicon: Lexicon
    places: tuple[Place, ...]
    dateline_end: int
    """End character of the dateline ("KHARTOUM, Sudan (AP) —"), 0 when there is none."""
    doc_country: str | None
    groups: tuple[tuple[int, Actor], ...] = ()
    """(token index, actor) of every named armed group mention, in text order."""
    doc_place: Located | None = None
    """The town the document is about, when one dominates its place names."""

    def place_at(self, char: int) -> Place | None:
        for place in self.places:
            if place.span.start <= char < place.span.end:
                return place
        return None

    def coalition_before(self, token: Token) -> Actor | None:
        """The last coalition of the actor data named before ``token`` (or anywhere)."""
        found = None
        for ent in self.doc.ents:
            if ent.ent_id_ in self.actors.entities and "coalition" in self.actors.entities[ent.ent_id_].name.lower():
                entity = self.actors.entities[ent.ent_id_]
                found = Actor(entity.name, self.actors.categories.get(entity.id), ent.start_char, ent.end_char, entity.country, named=True)
                if ent.start > token.i:
                    break
        return found

    def group_before(self, token: Token) -> Actor | None:
        """The last named armed group mentioned before ``token``."""
        found = None
        for i, actor in self.groups:
            if i >= token.i:
                break
            found = actor
        return found


# --- roles -----------------------------------------------------------------------------------------


def _passive_subject(verb: Token) -> Token | None:
    """The patient of a passive verb; when the parser lost the ``nsubjpass`` ("in late May
    231 civilians ... were killed"), the nearest noun to the left outside a relative clause."""
    found = children(verb, "nsubjpass")
    if found:
        return found[0]
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and not children(verb, "nsubj", "auxpass") and children(verb.head, "auxpass"):
        return _passive_subject(verb.head)  # "was shot and killed": the subject of both
    node = verb
    for _ in range(4 if (verb.tag_ == "VBN" or children(verb.head, "auxpass")) and not children(verb, "dobj", "nsubj") else 0):
        # "The men had been blindfolded, ..., were tortured and shot dead": the first conjunct's subject
        if node.dep_ != "conj":
            break
        node = node.head
        if children(node, "nsubjpass"):
            return children(node, "nsubjpass")[0]
        if children(node, "nsubj"):
            break
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.tag_ in ("NN", "NNP"):
        # "the British soldier killed in southern Afghanistan": the one person it describes (not
        # a plural, which is often a class or a total: "the number of civilians killed")
        return verb.head
    if not children(verb, "auxpass"):
        return None
    for token in reversed(verb.doc[max(verb.sent.start, verb.i - 15) : verb.i]):
        if token.pos_ in ("NOUN", "PROPN", "NUM") and not any(a.dep_ == "relcl" for a in token.ancestors if a.i < verb.i):
            return token
    return None


VICTIM_NOUNS = frozenset({"victim"})


OPERATION_NOUNS = frozenset({"operation", "raid", "crackdown", "offensive", "assault", "incursion", "sweep"})


def _armed_victim(noun: Token, lexicon: Lexicon) -> bool:
    """The one harmed is a soldier or a police officer: an operation's own side, as likely as its target."""
    lemma = noun.lemma_.lower()
    return lemma in lexicon.words("military_nouns") or lemma in lexicon.words("police_nouns")


def _operation_of(verb: Token) -> Token | None:
    """Who ran the operation a passive harm happened in ("killed in a United States
    counterterrorism operation", "died in an Israeli raid"): the name or demonym that
    modifies the operation noun."""
    for noun in prep_objects(verb, ("in", "during")):
        if noun.lemma_.lower() in OPERATION_NOUNS:
            named = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.ent_type_ in ("GPE", "NORP", "ORG")]
            if named:
                return named[0]
    return None


def aged_name(noun: Token) -> bool:
    """A proper name followed by an age between commas ("Isaías Carrasco, 42, was shot") is a
    person's, whatever type the NER gave it (news gives ages of people only)."""
    if noun.pos_ != "PROPN" or noun.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", ""):
        return False
    doc = noun.doc
    end = noun.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return has_age(doc[end - 1])  # the age after the name's last word


def _victim_maker(noun: Token) -> Token | None:
    """The named actor a victim noun is modified by ("the last ETA victim", "a Taliban
    victim"): who made the victim, never the victim."""
    if noun.lemma_.lower() not in VICTIM_NOUNS:
        return None
    return next((c for c in noun.children if c.dep_ in ("compound", "poss", "nmod") and c.ent_type_ in ACTOR_LABELS), None)


def _noun_agent(noun: Token, lexicon: Lexicon) -> Token | None:
    """Agent of an event noun: "by X", possessive, actor modifier, or a support verb's subject."""
    by = prep_objects(noun, ("by",))
    if by:
        return by[0]
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ in ACTOR_LABELS or child.lemma_.lower() in lexicon.words("armed_groups") | lexicon.words("state_forces")):
            return child
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in SUPPORT_VERBS:
        return subject(noun.head)
    return _attributed(noun)


ATTRIBUTING = frozenset({"perpetrate", "carry", "conduct", "claim", "stage", "launch", "mount", "commit", "blame", "attribute", "ascribe", "believe", "think", "suspect", "say", "order", "orchestrate", "plan"})
"""Participles that say who did an event told by a noun ("an attack believed to be
perpetrated by X", "a bombing blamed on X", "the raid, carried out by X")."""


def _attributed(noun: Token) -> Token | None:
    """The agent a participle clause on an event noun names: "by X" ("an attack believed to
    be carried out by X"), or "on/to X" of blame ("a bombing blamed on X", "ascribed to X")."""
    for acl in noun.children:
        if acl.dep_ != "acl" or acl.lemma_.lower() not in ATTRIBUTING:
            continue
        for verb in (acl, *(c for c in acl.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in ATTRIBUTING)):
            agents = [o for a in children(verb, "agent") for o in children(a, "pobj")]
            if agents:
                return agents[0]
            if verb.lemma_.lower() in ("blame", "attribute", "ascribe"):
                blamed = prep_objects(verb, ("on", "to"))
                if blamed:
                    return blamed[0]
    return None


def _event_noun_agent(token: Token | None, lexicon: Lexicon) -> Token | None:
    """An event noun standing as the subject ("an assault by X began") gives its agent."""
    if token is not None and token.lemma_.lower() in lexicon.words("causes"):
        return _noun_agent(token, lexicon)
    return token


AIMING_VERBS = frozenset({"target", "aim", "hit", "strike"})


def _aimed_at(noun: Token) -> list[Token]:
    """The target a participle on the event noun names: "a suicide bombing in al-Basra
    targeting British forces", "a roadside bomb aimed at a police patrol"."""
    out = []
    for participle in noun.children:
        if participle.dep_ == "acl" and participle.tag_ in ("VBG", "VBN") and participle.lemma_.lower() in AIMING_VERBS:
            out += children(participle, "dobj") or prep_objects(participle, ("at",))
    return out


def _support_targets(noun: Token) -> list[Token]:
    """The target of an event noun given on its support verb: "launched an offensive
    against X" (the preposition hangs on the verb), "an offensive launched against X"."""
    verbs = [noun.head] if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in SUPPORT_VERBS else []
    verbs += [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in SUPPORT_VERBS]
    return [o for v in verbs for o in prep_objects(v, ("against", "on", "targeting"))]


IMPACT_VERBS = frozenset({"hit", "strike", "target", "ram", "slam", "crash", "smash", "tear", "rip", "destroy", "damage", "land", "level", "flatten", "devastate", "rock", "shake"})
"""Verbs whose subject, an event or weapon noun, reaches a target ("twin bombings struck the
cathedral", "a car bomb was rammed into a base", "a rocket slammed into a school")."""


def _impact_targets(noun: Token) -> list[Token]:
    """The target of an event noun that is the subject of a verb of impact."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in IMPACT_VERBS:
        return []
    objects = children(verb, "dobj")
    return objects or prep_objects(verb, ("into", "on", "at", "through"))


VICTIM_VERBS = frozenset({"kill", "wound", "injure", "hurt", "maim", "slay"})


def _harmed_by(noun: Token) -> list[Token]:
    """The victims of an event noun that a passive verb of harm names as its cause: "two
    soldiers were killed by a roadside bomb", "were wounded in the attack"."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("by", "in") or noun.head.dep_ not in ("agent", "prep"):
        return []
    verb = noun.head.head
    if verb.lemma_.lower() not in VICTIM_VERBS or not children(verb, "auxpass", "nsubjpass"):
        return []
    victim = _passive_subject(verb)
    return [victim] if victim is not None else []


def _under(noun: Token) -> list[Token]:
    """The target of an event noun the subject "came under" ("a ship came under attack", "the
    convoy came under fire"); not "be under" ("governments are under siege from rightist
    parties" is figurative more often than not)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "under" or noun.head.head.lemma_.lower() != "come":
        return []
    return children(noun.head.head, "nsubj")[:1]


def _between(noun: Token) -> tuple[Token, Token] | None:
    """The two sides of "fighting between X and Y"."""
    for obj in prep_objects(noun, ("between",)):
        other = next((c for c in obj.children if c.dep_ == "conj"), None)
        if other is not None:
            return obj, other
    return None


NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


def _nominal_gerund(trigger: Token) -> bool:
    """A gerund that stands as a noun: a clause's subject or object with no object or
    subject of its own ("Fighting between X and Y raged"; not "after bombing the market")."""
    return trigger.tag_ == "VBG" and trigger.dep_ in NOMINAL_DEPS and not any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "agent", "aux", "auxpass") for c in trigger.children)


def roles(trigger: Token, spec: Trigger, lexicon: Lexicon) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a trigger verb or noun (a gerund that is a clause's subject
    or object is read as the noun it stands for: "Fighting between X and Y raged")."""
    if trigger.pos_ in ("VERB", "AUX") and not _nominal_gerund(trigger):
        passive = _passive_subject(trigger)
        if passive is not None:
            # coordinated passives share their "by" agent ("was shot and killed by soldiers")
            verbs = [trigger, *children(trigger, "conj")] + ([trigger.head] if trigger.dep_ == "conj" else [])
            agents = [o for v in verbs for a in children(v, "agent") for o in children(a, "pobj")]
            if not agents and (maker := _victim_maker(passive)) is not None:
                agents = [maker]  # "the last ETA victim ... was shot": ETA shot them
            if not agents and not _armed_victim(passive, lexicon) and (operator := _operation_of(trigger)) is not None:
                # "was killed in a United States counterterrorism operation"; not "a British soldier
                # was killed in a NATO operation", where the soldier served in it
                agents = [operator]
            return (agents[0] if agents else None), passive
        sides = ("against", "on", "at", "with") if spec.type == "Battles" and spec.frame is None else ("against", "on", "at")
        objects = children(trigger, "dobj") or prep_objects(trigger, sides)  # "clashed with militants"
        agent = _event_noun_agent(subject(trigger), lexicon)
        if trigger.lemma_.lower() in ("explode", "detonate", "go", "blow") and not children(trigger, "dobj"):
            # "the van exploded ... at the Campo de las Naciones": where it went off, not a target
            objects = [o for o in objects if not (o.ent_type_ in ("ORG", "FAC", "GPE", "LOC") and o.pos_ == "PROPN")]
        if trigger.lemma_.lower() in ("explode", "detonate", "go") and not objects:
            agent = None  # "the bomb exploded": the subject is the device, not who set it off
        if spec.subject_is_patient and not objects:
            return None, agent  # "thousands fled"
        return agent, (objects[0] if objects else None)
    targets = prep_objects(trigger, ("against", "on", "of", "targeting")) or _aimed_at(trigger) or _support_targets(trigger) or _impact_targets(trigger) or _harmed_by(trigger) or _under(trigger)
    if spec.type == "Battles" and not spec.subject_is_patient and not _noun_agent(trigger, lexicon):
        sides = _between(trigger)
        if sides is not None:
            return sides  # "clashes between the army and militants"
    if spec.subject_is_patient:
        return None, (targets[0] if targets else None)
    if trigger.lemma_.lower() in lexicon.words("perpetrators"):
        # "a suicide bomber killed 24": the trigger names its own agent; its patient is
        # the object of the verb it is the subject of
        objects = children(trigger.head, "dobj") if trigger.dep_ == "nsubj" else []
        return trigger, (objects[0] if objects else (targets[0] if targets else None))
    return _noun_agent(trigger, lexicon), (targets[0] if targets else None)


# --- naming ----------------------------------------------------------------------------------------


def _resolve(token: Token, cast: Cast) -> Token | Actor | None:
    """A pronoun or a definite description stands for what it refers to; a dateline word
    the parser made the subject ("MOGADISHU, Somalia (AP) — Al-Shabaab militants stormed")
    for the phrase after the dateline that it hung on it."""
    if token.idx < cast.dateline_end:
        after = [c for c in token.children if c.dep_ in ("appos", "conj") and c.idx >= cast.dateline_end]
        after += [c for c in token.head.children if c.dep_ == token.dep_ and c.idx >= cast.dateline_end]  # a second subject
        if after:
            return after[0]
    if token.pos_ == "PRON" or token.tag_ == "PRP$":
        if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            return token.head.head
        verb = token.head
        if token.dep_ == "nsubj" and token.lower_ in ("it", "they") and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_LEMMAS:
            # "the government announced it would extend...": the first step of Hobbs's (1978)
            # search, the subject of the clause that reports this one
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
            if subjects and (subjects[0].tag_ in ("NNS", "NNPS")) == (token.lower_ == "they"):
                return subjects[0]
        if token.lower_ in ("its", "their") and token.dep_ == "poss":
            found = _clause_owner(token, cast)
            if found is not None:
                return found
        if token.lower_ in ("it", "they", "its", "their", "them"):
            return _previous_subject(token, cast)
        return None
    if token.lemma_.lower() in ANAPHORIC_GROUP_NOUNS and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in token.children):
        if not any(c.dep_ in ("compound", "amod", "poss") and (c.ent_type_ or c.pos_ == "PROPN") for c in token.children):
            return cast.group_before(token) or token
    return token


CONTROL_VERBS = frozenset({"call", "urge", "ask", "tell", "order", "press", "warn", "force", "persuade", "demand"})
"""Verbs whose object does what their complement says ("calling on Israel to cease its
attacks"): the object, not the subject, owns "its"."""


def _clause_owner(pronoun: Token, cast: Cast) -> Token | Actor | None:
    """"its"/"their" on an event noun: the state or named armed group that the clauses above
    it name, nearest clause first; in each, the subject before the objects, but the object of
    a verb of asking first ("calling on Israel to cease its attacks" is Israel's)."""
    from sitroom.geo.countries import country_code

    def owner(candidate: Token) -> Token | Actor | None:
        if candidate.i > pronoun.i or pronoun.i in range(candidate.left_edge.i, candidate.right_edge.i + 1):
            return None
        if candidate.ent_type_ == "GPE" and country_code(phrase(candidate).text.removeprefix("the ")) is not None:
            return candidate
        actor = _named(candidate, cast)
        if actor is not None and actor.named and actor.armed:
            return actor
        if _common_kind(candidate, cast.lexicon, political=False) in ("military", "police", "unidentified"):
            return candidate  # "the army had ended its offensive"
        return None

    node = pronoun.head
    for _ in range(6):
        if node.head == node:
            break
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        subjects = children(node, "nsubj")
        objects = children(node, "dobj") + [o for p in node.children if p.dep_ == "prep" and p.lower_ in ("on", "upon") for o in children(p, "pobj")]
        ordered = objects + subjects if node.lemma_.lower() in CONTROL_VERBS else subjects + objects
        for candidate in ordered:
            if (found := owner(candidate)) is not None:
                return found
    return None


def _previous_subject(token: Token, cast: Cast) -> Actor | None:
    """Hobbs-style: the named armed group that is the subject of the previous sentence's main
    clause, when the pronoun is in the next sentence and nothing closer competes."""
    sent = token.sent
    if sent.start == 0:
        return None
    previous = cast.doc[sent.start - 1].sent
    root = previous.root
    for candidate in children(root, "nsubj", "nsubjpass"):
        actor = _named(candidate, cast)
        if actor is not None and actor.named and actor.armed:
            return actor
    return None


def _named(token: Token, cast: Cast) -> Actor | None:
    """A known or organisation actor named by the phrase headed by ``token``, if any."""
    span = phrase(token)
    for ent in ents_within(span):
        if ent.ent_id_ and ent.ent_id_ in cast.actors.entities and (ent.root == token or ent.root.head == token or token.i in range(ent.start, ent.end)):
            entity = cast.actors.entities[ent.ent_id_]
            return Actor(entity.name, cast.actors.categories.get(entity.id), ent.start_char, ent.end_char, entity.country, named=True)
    known = cast.actors.lookup(span.text)
    if known is not None:
        return Actor(known.name, cast.actors.categories.get(known.id), span.start_char, span.end_char, known.country, named=True)
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        # the name the token is part of, though the phrase headed by the token is shorter
        # ("Saudi-led coalition air strikes": "led" and "coalition" hang on "strikes")
        whole = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        known = cast.actors.lookup(whole.text) if whole is not None else None
        if known is not None and whole is not None:
            return Actor(known.name, cast.actors.categories.get(known.id), whole.start_char, whole.end_char, known.country, named=True)
    if token.ent_type_ == "ORG" and token.ent_iob_ in ("B", "I"):
        ent = next((e for e in ents_within(span) if token.i in range(e.start, e.end)), None)
        if ent is not None and state_of(ent) is None:
            name = ent.text[4:] if ent.text[:4].lower() == "the " else ent.text
            category = "Rebel Groups" if _ARMED_NAME.search(name) else None
            return Actor(name, category, ent.start_char, ent.end_char, None, named=True)
    return None


def state_of(ent: SpacySpan) -> str | None:
    """The country of an organisation name that begins with a demonym or a country's name
    ("Iraqi Army", "Sri Lankan Army", "Israel Defense Forces"): a state's institution."""
    first = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
    found = demonym_country(first.text)
    if found is None and first.ent_type_ == "ORG":
        from sitroom.geo.countries import country_code

        found = country_code(first.text)
    return found


def _phrase_country(span: SpacySpan, cast: Cast) -> str | None:
    """The country a phrase names ("U.S. troops", "Israel's army", "Lebanese civilians")."""
    for ent in ents_within(span):
        if ent.label_ == "NORP" and (found := demonym_country(ent.text)):
            return found
        if ent.label_ == "ORG" and (found := state_of(ent)):
            return found
        if ent.label_ == "GPE":
            place = cast.place_at(ent.start_char)
            if place is not None and place.country and place.feature_code and place.feature_code.startswith("PCL"):
                return place.country
    for token in span:
        if token.ent_type_ == "" and token.pos_ == "ADJ" and (found := demonym_country(token.text)):
            return found
    return None


def convention_name(kind: str, country: str | None) -> str | None:
    """ACLED's name for an actor of ``kind`` (``military``, ``police``, ``civilians``...) of a
    country (ISO alpha-2), ``None`` when the country is unknown."""
    name = country_name(country)
    if name is None:
        return None
    return {
        "military": f"Military Forces of {name}",
        "police": f"Police Forces of {name}",
        "government": f"Government of {name}",
        "unidentified": f"Unidentified Armed Group ({name})",
        "civilians": f"Civilians ({name})",
        "protesters": f"Protesters ({name})",
        "rioters": f"Rioters ({name})",
        "communal": f"Communal Militia ({name})",
    }[kind]


CONVENTION_CATEGORY = {
    "military": "State Forces",
    "police": "State Forces",
    "government": "State Forces",
    "unidentified": "Political Militias",
    "civilians": "Civilians",
    "protesters": "Protesters",
    "rioters": "Rioters",
    "communal": "Identity Militias",
}
"""ACLED codes an Unidentified Armed Group as a political militia (Codebook 2023)."""


def _lemma_or_pair(noun: Token) -> set[str]:
    """The noun's lemma, and the pair it makes with the word before it ("tank shell")."""
    lemma = common_lemma(noun)
    return {lemma, f"{noun.doc[noun.i - 1].lemma_.lower()} {lemma}"} if noun.i > noun.sent.start else {lemma}


CRAFT_NOUNS = frozenset({"jet", "plane", "aircraft", "airplane", "aeroplane", "helicopter", "ship", "vessel", "boat", "ferry", "bus", "train"})
CIVIL_CRAFT_WORDS = frozenset({"passenger", "commercial", "civilian", "airline", "cargo", "merchant", "fishing", "private"})
CIVIL_CRAFT_NOUNS = frozenset({"airliner", "jetliner"})
RANK_NOUNS = frozenset({"commander", "general", "colonel", "captain", "officer", "chief", "leader", "unit", "brigade", "battalion", "division"})


def _common_kind(noun: Token, lexicon: Lexicon, *, political: bool) -> str | None:
    """The convention a common noun falls under (``military``, ``police``, ``civilians``...)."""
    lemma = common_lemma(noun)
    pair = f"{noun.doc[noun.i - 1].lemma_.lower()} {lemma}" if noun.i > noun.sent.start else lemma
    if lemma in lexicon.words("police_nouns") or pair in lexicon.words("police_nouns"):
        return "police"
    if lemma in lexicon.words("military_nouns") and any(c.dep_ in ("compound", "amod") and c.lower_ == "police" for c in noun.children):
        return "police"  # "a police sergeant", "police commanders": a rank of the police
    if lemma == "government" or pair in ("government official", "regime"):
        return "government" if political else "military"
    if lemma in CIVIL_CRAFT_NOUNS or (lemma in CRAFT_NOUNS and any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in CIVIL_CRAFT_WORDS for c in noun.children)):
        return "civilians"  # "shot down a Ukrainian passenger jet": the people on board are civilians
    if lemma in lexicon.words("military_nouns") or pair in lexicon.words("military_nouns"):
        if lemma in RANK_NOUNS and any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in lexicon.words("armed_groups") for c in noun.children):
            return "unidentified"  # "a militant commander", "rebel leaders": a rank of an armed group, not of an army
        return "military"
    if lemma in lexicon.words("protesters"):
        return "protesters"
    if lemma in lexicon.words("rioters"):
        return "rioters"
    if lemma in lexicon.words("identity_militias") or pair in lexicon.words("identity_militias"):
        return "communal"
    if lemma in lexicon.words("perpetrators") or pair in lexicon.words("perpetrators"):
        return "unidentified"
    if lemma in lexicon.words("civilian_people") or pair in lexicon.words("civilian_people"):
        return "civilians"
    return None


def name_actor(token: Token | None, cast: Cast, *, event_country: str | None, political: bool = False) -> Actor | None:
    """The actor the phrase headed by ``token`` names, or ``None`` when it names none.

    ``event_country`` is the country of the event's place (the default country of a
    conventional name); ``political`` names a government as ``Government of`` rather than
    its forces (agreements).
    """
    if token is None:
        return None
    if token.lower_ in PARTITIVE_WORDS:
        token = counted_noun(token)  # "Both of the victims": the victims ("many of them" stays a pronoun to resolve)
    resolved = _resolve(token, cast)
    if resolved is None or isinstance(resolved, Actor):
        return resolved
    token = resolved
    noun = counted_noun(token)
    if _never_actor(noun, cast):
        return None
    if _victim_maker(noun) is not None:
        where = event_country or cast.doc_country  # the name before "victim" made the victim: the victim is a civilian
        span = phrase(token)
        return Actor(convention_name("civilians", where) or span.text, "Civilians", span.start_char, span.end_char, where, convention="civilians")
    known = _named(noun, cast) if not aged_name(noun) else None
    if known is not None:
        return known
    span = phrase(token)
    country = _phrase_country(span, cast)
    where = country or event_country or cast.doc_country
    if noun.ent_type_ == "GPE":
        place = cast.place_at(noun.idx)
        if place is None or not (place.feature_code or "").startswith("PCL"):
            return None  # a town or region is where, not who
        kind = "government" if political else "military"
        return Actor(convention_name(kind, place.country) or noun.text, CONVENTION_CATEGORY[kind], span.start_char, span.end_char, place.country, convention=kind)
    if noun.ent_type_ == "NORP" and not _lemma_or_pair(noun) & (cast.lexicon.words("armed_groups") | cast.lexicon.words("perpetrators")):
        found = demonym_country(noun.text)
        if found is None:
            return Actor(span.text, None, span.start_char, span.end_char)
        kind = "civilians" if noun.dep_ in ("dobj", "nsubjpass", "pobj") or token.dep_ in ("dobj", "nsubjpass", "pobj") else ("government" if political else "military")
        return Actor(convention_name(kind, found) or span.text, CONVENTION_CATEGORY[kind], span.start_char, span.end_char, found, convention=kind)
    if noun.ent_type_ == "PERSON" or aged_name(noun):
        if noun.dep_ in ("dobj", "nsubjpass", "pobj"):
            return Actor(convention_name("civilians", where) or span.text, "Civilians", span.start_char, span.end_char, where, convention="civilians", stated=country is not None)
        return Actor(span.text, None, span.start_char, span.end_char)
    if "coalition" in {t.lemma_.lower() for t in span}:
        coalition = cast.coalition_before(noun)
        if coalition is not None:
            return Actor(coalition.name, coalition.category, span.start_char, span.end_char, coalition.country, named=True)
        return Actor(span.text, "External/Other Forces", span.start_char, span.end_char)
    kind = _common_kind(noun, cast.lexicon, political=political)
    if country is not None and _lemma_or_pair(noun) & cast.lexicon.words("state_weapons") and kind in (None, "military", "unidentified"):
        kind = "military"  # "Israeli planes fired", "hit by a U.S. drone"
    if kind is None and noun.lemma_.lower() in cast.lexicon.words("facilities"):
        # "an air strike on a Lebanese army base", "attacked a police station": the target
        # is whoever the facility belongs to
        owner = next((t for t in span if t is not noun and _common_kind(t, cast.lexicon, political=political) in ("military", "police")), None)
        if owner is not None:
            kind = _common_kind(owner, cast.lexicon, political=political)
    if kind is None:
        return None
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children)
    if kind in ("military", "police") and country is None and definite:
        country = _earlier_country(noun, cast)  # "the helicopters" after "U.S. military helicopters"
        where = country or where
    if kind == "military" and country is None and any(e.label_ == "NORP" for e in ents_within(span)):
        kind = "unidentified"  # "Kurdish and Arab forces": no state's army
    if kind == "unidentified" and definite:
        earlier = cast.group_before(noun)
        if earlier is not None:
            return Actor(earlier.name, earlier.category, span.start_char, span.end_char, earlier.country, named=True)
    name = convention_name(kind, where) or span.text
    return Actor(name, CONVENTION_CATEGORY[kind], span.start_char, span.end_char, where, convention=kind, stated=country is not None)


EARLIER_TOKENS = 400
"""How far back a definite description ("the helicopters") looks for the phrase that
introduced it."""


def _earlier_country(noun: Token, cast: Cast) -> str | None:
    """The country of the nearest earlier phrase with the same head noun that names one
    ("U.S. military helicopters attacked ... the helicopters")."""
    lemma = noun.lemma_.lower()
    doc = noun.doc
    for token in reversed(doc[max(0, noun.i - EARLIER_TOKENS) : noun.i]):
        if token.lemma_.lower() == lemma and token.pos_ == noun.pos_:
            found = _phrase_country(phrase(token), cast)
            if found is not None:
                return found
    return None


def _never_actor(noun: Token, cast: Cast) -> bool:
    """Dates, weekdays, numbers, percentages, dateline words and places are no actors."""
    if noun.ent_type_ in TIME_ENTS or noun.ent_type_ in NUMBER_ENTS or noun.ent_type_ in ("LOC", "FAC"):
        return True
    if noun.like_num or not any(ch.isalpha() for ch in noun.text) or noun.lower_ in CALENDAR_WORDS:
        return True
    return noun.idx < cast.dateline_end


def external(category: str | None, actor_country: str | None, event_country: str | None) -> str | None:
    """State forces acting outside their country are "External/Other Forces" (ACLED)."""
    if category == "State Forces" and actor_country and event_country and actor_country != event_country:
        return "External/Other Forces"
    return category


def named_groups(doc: Doc, actors: Actors) -> tuple[tuple[int, Actor], ...]:
    """Every mention of a named armed group (actor data, or an armed-sounding organisation
    name), in text order, for definite descriptions to refer back to."""
    found = []
    for ent in doc.ents:
        if ent.ent_id_ and ent.ent_id_ in actors.entities:
            entity = actors.entities[ent.ent_id_]
            category = actors.categories.get(entity.id)
            if category in ("Rebel Groups", "Political Militias", "Identity Militias"):
                found.append((ent.start, Actor(entity.name, category, ent.start_char, ent.end_char, entity.country, named=True)))
        elif ent.label_ == "ORG" and _ARMED_NAME.search(ent.text) and state_of(ent) is None:
            name = ent.text[4:] if ent.text[:4].lower() == "the " else ent.text
            found.append((ent.start, Actor(name, "Rebel Groups", ent.start_char, ent.end_char, None, named=True)))
    return tuple(found)


CLAIM_OBJECTS = frozenset({"responsibility", "credit"})
BLAME_VERBS = frozenset({"blame", "attribute"})


ATTACK_NOUNS = frozenset({"blast", "explosion", "bomb", "bombing", "killing", "killings", "murder", "massacre", "kidnapping", "abduction", "shooting", "violence"})


def _of_an_attack(verb: Token, lexicon: Lexicon) -> bool:
    """The claim or blame is for an attack: "claimed responsibility for the bombing", "blamed
    X for the blast", "the attack was blamed on X"."""
    nouns = [*prep_objects(verb, ("for",)), *(o for d in children(verb, "dobj") for o in prep_objects(d, ("for",))), *children(verb, "nsubjpass")]
    attacks = lexicon.words("headline_attacks") | ATTACK_NOUNS
    return any(n.lemma_.lower() in attacks or n.lower_ in attacks for n in nouns)


_CLAIM_VERBS = frozenset({"claim", "accept", "admit"})


def claims(doc: Doc, cast: Cast) -> list[tuple[int, Actor, tuple[int, int] | None]]:
    """Named armed groups the text holds responsible for an attack, with where it says so:
    "Al-Shabaab claimed responsibility", "the blast was claimed by the Pakistani Taliban",
    "the attack was blamed on the Taliban", "police
    blamed the LTTE for the blast". ACLED names the perpetrator a claim or a credible
    attribution gives (Codebook 2023, "Actors": claims of responsibility). Each comes with
    the character span of what the claim is "for", when the sentence says ("claims
    responsibility for a suicide bombing in al-Basra ..., several bombings and sniper attacks
    ...": the attacks named there are the group's)."""
    found = []
    lemmas = lower_lemmas(doc)
    for i in (i for i, lemma in enumerate(lemmas) if lemma in _CLAIM_VERBS or lemma in BLAME_VERBS):
        token, lemma = doc[i], lemmas[i]
        who: Token | None = None
        if lemma in _CLAIM_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in CLAIM_OBJECTS for c in token.children):
            who = next((c for c in token.children if c.dep_ == "nsubj"), None)
        elif lemma == "claim" and children(token, "nsubjpass") and _of_an_attack(token, cast.lexicon):
            # "the blast was claimed by the Pakistani Taliban"
            who = next((o for a in children(token, "agent") for o in children(a, "pobj")), None)
        elif lemma in BLAME_VERBS:
            on = prep_objects(token, ("on", "to"))
            objects = children(token, "dobj")
            who = on[0] if on else (objects[0] if objects and prep_objects(token, ("for",)) else None)
        if who is None:
            continue
        who = next((c for c in who.children if c.dep_ == "appos" and c.ent_type_ == "ORG"), who)  # "the separatist group ETA"
        actor = name_actor(who, cast, event_country=None)
        if (actor is None or not actor.named or actor.category is None) and _of_an_attack(token, cast.lexicon):
            # an organisation the actor data does not know, held responsible for an attack, is
            # an armed group whatever its name sounds like ("blame the Basque separatist group
            # ETA for the attack", "The Acme Brotherhood claimed responsibility"; "The Ansar Brigade",
            # whose "Brigade" alone reads as a state's unit)
            actor = _unknown_organisation(who, cast) or actor
        if actor is not None and actor.named and actor.armed:
            found.append((token.idx, actor, _claimed_span(token)))
    return found


def _claimed_span(verb: Token) -> tuple[int, int] | None:
    """The characters of what a claim or blame is "for": the objects of its "for" (on the
    verb or on "responsibility"), with everything they govern."""
    objects = [*prep_objects(verb, ("for",)), *(o for d in children(verb, "dobj") for o in prep_objects(d, ("for",)))]
    if not objects:
        return None
    tokens = [t for o in objects for t in o.subtree]
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def _unknown_organisation(token: Token, cast: Cast) -> Actor | None:
    """The organisation entity ``token`` is part of ("The" included), as an armed group, when
    the actor data does not know it and it is no state's institution."""
    if token.ent_type_ != "ORG":
        return None
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or state_of(ent) is not None:
        return None
    name = ent.text[4:] if ent.text[:4].lower() == "the " else ent.text
    if cast.actors.lookup(name) is not None or cast.actors.lookup(ent.text) is not None:
        return None
    return Actor(name, "Rebel Groups", ent.start_char, ent.end_char, None, named=True)

