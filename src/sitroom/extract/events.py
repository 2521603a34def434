"""Events typed on the ACLED taxonomy: who did what to whom, where and when (first version).

Rules (``sitroom.events.v1``):

* Triggers come from ``data/event_types.toml`` (ACLED Codebook 2023 types and
  sub-types, plus sitroom's "Displacement" and "Humanitarian access"); the longest
  match wins ("suicide bombing" over "bombing"). Adjectival uses ("displaced
  persons", "the destroyed mosque") are not events.
* Roles follow PropBank-style argument mapping on the dependency parse (Palmer et
  al. 2005; ACLED's actor1/actor2 = initiator/target): actor1 is the ``nsubj`` of an
  active trigger verb, the ``agent`` ("by X") of a passive one, the "by X", possessive
  or actor-named compound of a trigger noun, or the subject of a support verb
  ("launched an attack"); actor2 is the ``dobj``/``nsubjpass`` or "against/on X".
  Actors in the actor data get their canonical name; pronouns give ``None``.
* Hypothetical or planned events are skipped (ACLED codes only events that took
  place): a modal auxiliary, negation, "if"/"unless", or a governing verb such as
  "plan", "threaten", "vow" (TimeML's modality/factuality markers, Saurí &
  Pustejovsky 2009, FactBank).
* A change-of-control verb needs a place object; its sub-type follows actor1's
  type (state force vs. armed group) as in the ACLED Codebook; under an attempt
  ("began to take back", "an offensive to reclaim") it is an Armed clash.
* ``place``: a GPE/LOC/FAC entity governed by in/at/near/outside/from... attached to
  the trigger, else one in its clause, else the nearest in the sentence; names used
  as modifiers ("Mosul residents", "U.S.-backed") are not places.
* ``date``: a resolved TimeRef in the trigger's own clause (never the publication
  date); ``fatalities`` is left to the figure linker.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from sitroom.geo import demonym_country
from sitroom.timex import period_of
from sitroom.model import DateProvenance, DateValue, Event, Place, Span, TimeRef
from sitroom.nlp import Actors

RULE = "sitroom.events.v1"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "from", "into", "around", "across", "inside", "of", "on", "against"})
SUPPORT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "begin", "start", "lead", "claim", "perpetrate", "unleash", "step", "commit"})
"""Light verbs whose subject is the agent of their event noun ("X launched an attack")."""
MAX_HOPS = 6
"""Bound on walks up the dependency tree."""
END_BOUNDS = frozenset({"until", "till", "through", "to", "by"})
"""Prepositions whose time expression bounds an event instead of dating it."""
POINT_TYPES = frozenset({"DATE", "TIME"})
"""TIMEX3 types that date an event (a DURATION or a SET does not)."""


class EventDataError(ValueError):
    """``event_types.toml`` is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: words, their ACLED type and the frame rule to apply."""

    words: tuple[str, ...]
    type: str
    subtype: str | None = None
    pos: tuple[str, ...] = ()
    frame: str | None = None
    objects: tuple[str, ...] = ()
    subject_is_patient: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger entries and the word lists the frames use."""

    triggers: tuple[Trigger, ...]
    lists: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read ``sitroom/data/event_types.toml`` once.

    Raises:
        EventDataError: an entry lacks ``words`` or ``type``.
    """
    text = (resources.files("sitroom") / "data" / "event_types.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    triggers = []
    for n, row in enumerate(data.get("trigger", []), start=1):
        if not row.get("words") or not row.get("type"):
            raise EventDataError(f"event_types.toml: trigger #{n} lacks words or type")
        triggers.append(
            Trigger(
                words=tuple(row["words"]),
                type=row["type"],
                subtype=row.get("subtype"),
                pos=tuple(row.get("pos", ())),
                frame=row.get("frame"),
                objects=tuple(row.get("objects", ())),
                subject_is_patient=bool(row.get("subject_is_patient", False)),
            )
        )
    lists = {name: frozenset(words) for name, words in data.get("lists", {}).items()}
    return Lexicon(tuple(triggers), lists)


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A lexicon phrase, keyed elsewhere by its last word: the leading words before it."""

    trigger: int
    """Index of the entry in ``Lexicon.triggers``."""
    lead: tuple[str, ...]
    """Leading words in lower case; ``"-"`` stands for an optional hyphen token."""
    pos: frozenset[str]


@lru_cache(maxsize=1)
def _phrase_index() -> dict[str, tuple[_Phrase, ...]]:
    """Every lexicon phrase keyed by its last word's lemma (as written and capitalised).

    The leading words of a phrase match by lower case, the last by lemma (and part of
    speech when the entry says), and hyphens are optional: "car bomb", "car-bomb".
    """
    index: dict[str, list[_Phrase]] = {}
    for number, trigger in enumerate(load_lexicon().triggers):
        for phrase in trigger.words:
            words = phrase.replace("-", " - ").split()
            entry = _Phrase(number, tuple(words[:-1]), frozenset(trigger.pos))
            for key in dict.fromkeys((words[-1], words[-1].capitalize())):
                index.setdefault(key, []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def _lead_starts(sdoc: Doc, end: int, lead: tuple[str, ...]) -> list[int]:
    """Token indices ``start`` such that ``sdoc[start:end]`` spells ``lead``."""
    positions = [end]
    for word in reversed(lead):
        found = []
        for pos in positions:
            if word == "-":
                found.append(pos)  # the hyphen is optional
                if pos > 0 and sdoc[pos - 1].text == "-":
                    found.append(pos - 1)
            elif pos > 0 and sdoc[pos - 1].lower_ == word:
                found.append(pos - 1)
        positions = found
        if not positions:
            break
    return positions


def _trigger_matches(sdoc: Doc) -> list[tuple[int, int, int]]:
    """``(trigger index, start, end)`` for every lexicon phrase in ``sdoc``, in text order.

    A dictionary lookup on each token's lemma, then a check of the few words before it:
    linear in the document. (spaCy's Matcher tried all 168 patterns at every token and
    took 97 % of the event extractor's time.)
    """
    index = _phrase_index()
    matches: set[tuple[int, int, int]] = set()
    for token in sdoc:
        for phrase in index.get(token.lemma_, ()):
            if phrase.pos and token.pos_ not in phrase.pos:
                continue
            for start in _lead_starts(sdoc, token.i, phrase.lead):
                matches.add((phrase.trigger, start, token.i + 1))
    return sorted(matches, key=lambda m: (m[1], m[2], m[0]))


def find_triggers(sdoc: Doc) -> list[tuple[SpacySpan, Trigger]]:
    """Trigger spans in text order, longest first on overlap, adjectival uses dropped."""
    lexicon = load_lexicon()
    spans = []
    for number, start, end in _trigger_matches(sdoc):
        spans.append(SpacySpan(sdoc, start, end, label=str(number)))
    kept = filter_spans(spans)
    by_last = {s[-1].i: s for s in kept}
    found = []
    for span in kept:
        last = span[-1]
        if last.dep_ == "amod" or (last.tag_ in ("VBN", "JJ") and last.dep_ == "compound"):
            continue  # "displaced persons", "the destroyed mosque"
        if last.dep_ == "compound":
            if last.head.i not in by_last or last.head.i < last.i:
                continue  # "bomb shelters": a modifier, no event
            # "car bomb attack": one event, typed by the more specific modifier
            span = SpacySpan(sdoc, span.start, last.head.i + 1, label=span.label_)
        elif any(t.dep_ == "compound" and t.head == last and t.i in by_last for t in span.doc[max(0, span.start - 3) : span.start]):
            continue
        found.append((span, lexicon.triggers[int(span.label_)]))
    return found


# --- syntax helpers ------------------------------------------------------------------------------


def _clause_head(token: Token) -> Token:
    """The verb whose clause holds ``token``: climbs from nouns and through ``xcomp``."""
    for _ in range(MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("xcomp", "amod", "aux", "auxpass"):
            return token
        if token.head is token:
            return token
        token = token.head
    return token


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``token`` ("by X", "against X")."""
    wanted = set(preps)
    return [
        o
        for p in token.children
        if p.dep_ in ("prep", "agent") and p.lower_ in wanted
        for o in _children(p, "pobj")
        if o.ent_type_ not in ("DATE", "TIME")
    ]


SPEECH_LEMMAS = frozenset({"say", "announce", "tell", "state", "declare", "report", "confirm", "add", "claim", "write"})
"""Verbs that report speech: "would" in their complement is the future of the past."""
CLIMB_DEPS = frozenset({"xcomp", "dobj", "pobj", "prep", "compound", "nsubj", "nsubjpass", "attr", "acomp", "conj", "acl", "relcl", "advcl", "ccomp"})


def _context(trigger: Token, lexicon: Lexicon) -> str | None:
    """The context of report of the event at ``trigger``, or ``None`` when the text says it
    did not happen (a negation, "no", "prevented", "denied").

    ``planned`` (a plan, threat or promise: "vowed to retake", "will attack", "announced it
    would extend"), ``hypothetical`` (possible, feared, conditional: "could strike", "if they
    attack"), ``ongoing`` (progressive aspect or a verb of continuation: "are fighting",
    "fighting continues") or ``past``. After ERE's realis (Song et al. 2015, "From Light to
    Rich ERE") and FactBank's factuality markers (Saurí & Pustejovsky 2009): modal
    auxiliaries, conditional subordinators, negation and governing predicates of intention
    or possibility. A modal scopes over its own predicate, not over an event noun that is
    its object ("will take advantage of the corridor opened...": the opening happened),
    unless that predicate is a light verb of the event ("would launch an attack").
    """
    lists = lexicon.lists
    planned, hypothetical, negating = lists.get("planned", frozenset()), lists.get("hypothetical", frozenset()), lists.get("negating", frozenset())
    modals, future = lists.get("modals", frozenset()), lists.get("future_modals", frozenset())
    ongoing = lists.get("ongoing", frozenset())
    token, argument = trigger, False
    for hop in range(MAX_HOPS):
        lemma = token.lemma_.lower()
        if hop:
            if lemma in negating:
                return None
            if lemma in planned:
                return "planned"
            if lemma in hypothetical:
                return "hypothetical"
        scoped = not argument or lemma in SUPPORT_VERBS
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no" and hop == 0):
                return None
            if not scoped:
                continue
            if child.dep_ in ("aux", "auxpass") and child.lower_ in modals:
                if child.lower_ in future:
                    return "planned"
                if child.lower_ == "would" and token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH_LEMMAS:
                    return "planned"
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                return "hypothetical"  # the consequent of a condition
        if hop == 0 and _is_ongoing(token, ongoing):
            return "ongoing"
        if token.dep_ not in CLIMB_DEPS or token.head is token:
            return "past"
        if token.dep_ in ("relcl", "advcl", "ccomp") and token.pos_ in ("VERB", "AUX"):
            return "past"  # a finite clause has its own modality
        if token.dep_ in ("dobj", "pobj") and token.pos_ in ("NOUN", "PROPN"):
            argument = True
        token = token.head
    return "past"


def _is_ongoing(trigger: Token, ongoing: frozenset[str]) -> bool:
    """Progressive aspect in the present ("are fighting", "has been shelling"), or an event
    noun said to go on ("fighting continues", "the ongoing offensive")."""
    if trigger.tag_ == "VBG" and trigger.pos_ == "VERB":
        auxes = [c for c in trigger.children if c.dep_ == "aux"]
        if auxes and auxes[0].lower_ in ("is", "are", "am", "'s", "'re", "has", "have"):
            return True
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "amod" and c.lemma_.lower() in ongoing for c in trigger.children):
            return True
        head = trigger.head
        if trigger.dep_ == "nsubj" and head.lemma_.lower() in ongoing and head.tag_ in ("VBZ", "VBP", "VBG"):
            return True
    return False


def _governing_attempt(trigger: Token, lexicon: Lexicon) -> bool:
    """The trigger sits under an attempt ("began to take back", "an offensive to reclaim")."""
    attempts = lexicon.lists.get("attempts", frozenset())
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("xcomp", "acl", "relcl", "advcl") or token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in attempts:
            return True
    return False


# --- actors --------------------------------------------------------------------------------------


def _resolve_pronoun(token: Token) -> Token | None:
    """A relative pronoun stands for the noun its clause modifies; other pronouns give None."""
    if token.pos_ != "PRON":
        return token
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        return token.head.head
    verb = token.head
    if token.dep_ == "nsubj" and token.lower_ in ("it", "they") and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_LEMMAS:
        # "the government announced it would extend...": the first step of Hobbs's (1978)
        # search, the subject of the clause that reports this one
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
        if subjects and (subjects[0].tag_ in ("NNS", "NNPS")) == (token.lower_ == "they"):
            return subjects[0]
    return None


def _phrase(token: Token) -> SpacySpan:
    """The noun phrase headed by ``token`` up to the head (plus "of X" after a quantity)."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (
        doc[start].dep_ in ("det", "punct", "predet", "preconj", "cc", "advmod") or doc[start].tag_ == "PRP$" or doc[start].ent_type_ in ("DATE", "TIME")
    ):
        start += 1
    end = token.i + 1
    if token.pos_ == "NUM" or token.lemma_.lower() in ("thousand", "hundred", "dozen", "score", "million", "number"):
        of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"]
        if of:
            end = of[0].right_edge.i + 1
    start = max(start, end - 10)
    return doc[start:end]


def actor_name(token: Token | None, actors: Actors) -> str | None:
    """Canonical actor name for the phrase headed by ``token``, else the phrase as written."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ and ent.ent_id_ in actors.entities and (ent.root == token or ent.root.head == token):
            return actors.entities[ent.ent_id_].name
    known = actors.lookup(phrase.text)
    if known is not None:
        return known.name
    return phrase.text or None


def _actor_type(token: Token | None, actors: Actors, lexicon: Lexicon) -> str | None:
    """``state_force``/``armed_group``/... from the actor data, else from common nouns."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ in actors.entities:
            return actors.entities[ent.ent_id_].type
    lemmas = _words(token)
    if lemmas & lexicon.lists.get("state_forces", frozenset()):
        return "state_force"
    if lemmas & lexicon.lists.get("armed_groups", frozenset()):
        return "armed_group"
    return None


def _subject(verb: Token) -> Token | None:
    """nsubj of ``verb``, inherited from a coordinated or controlling verb when absent."""
    token = verb
    for _ in range(MAX_HOPS):
        subjects = _children(token, "nsubj")
        if subjects:
            return subjects[0]
        if token.dep_ == "xcomp" and _children(token.head, "dobj"):
            return _children(token.head, "dobj")[0]  # object control: "forced a million to flee"
        if token.dep_ in ("conj", "xcomp") and token.head is not token:
            token = token.head
            continue
        if token.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            token = _clause_head(token.head)  # "made a decision to attack": the decider
            continue
        if token.dep_ == "advcl" and token.tag_ == "VBG" and not _children(token, "mark"):
            token = token.head  # "..., taking control of the town"
            continue
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head if token.head.lemma_.lower() not in ("offensive", "offence", "operation", "campaign") else None
        return None
    return None


def _noun_agent(noun: Token) -> Token | None:
    """Agent of an event noun: "by X", possessive, actor compound, or a support verb's subject."""
    by = _prep_objects(noun, ("by",))
    if by:
        return by[0]
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in SUPPORT_VERBS:
        return _subject(noun.head)
    return None


def _passive_subject(verb: Token) -> Token | None:
    """The patient of a passive verb; when the parser lost the ``nsubjpass`` ("in late May
    231 civilians ... were killed"), the nearest noun to the left outside a relative clause."""
    found = _children(verb, "nsubjpass")
    if found:
        return found[0]
    if not _children(verb, "auxpass"):
        return None
    for token in reversed(verb.doc[max(verb.sent.start, verb.i - 15) : verb.i]):
        if token.pos_ in ("NOUN", "PROPN") and not any(a.dep_ == "relcl" for a in token.ancestors if a.i < verb.i):
            return token
    return None


def _event_noun_agent(token: Token | None, lexicon: Lexicon) -> Token | None:
    """An event noun standing as the subject ("an assault by X began to take back") gives its agent."""
    if token is not None and token.lemma_.lower() in lexicon.lists.get("causes", frozenset()):
        return _noun_agent(token)
    return token


def _roles(trigger: Token, spec: Trigger) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a trigger verb or noun."""
    if trigger.pos_ in ("VERB", "AUX"):
        passive = _passive_subject(trigger)
        if passive is not None:
            agents = [o for a in _children(trigger, "agent") for o in _children(a, "pobj")]
            return (agents[0] if agents else None), passive
        objects = _children(trigger, "dobj") or _prep_objects(trigger, ("against", "on", "at"))
        subject = _event_noun_agent(_subject(trigger), load_lexicon())
        if spec.subject_is_patient:
            return None, subject
        return subject, (objects[0] if objects else None)
    targets = _prep_objects(trigger, ("against", "on", "of"))
    if spec.subject_is_patient:
        return None, (targets[0] if targets else None)
    return _noun_agent(trigger), (targets[0] if targets else None)


# --- place and date ------------------------------------------------------------------------------


def _places(sent: SpacySpan) -> list[SpacySpan]:
    """Place entities of a sentence that are not used as modifiers ("Mosul residents")."""
    return [e for e in sent.ents if e.label_ in PLACE_LABELS and e.root.dep_ not in ("compound", "amod", "npadvmod", "poss", "nmod")]


def _in_subtree(token: Token, ancestor: Token) -> bool:
    node = token
    for _ in range(40):
        if node == ancestor:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _place_name(ent: SpacySpan) -> str:
    """A place entity as written, without a leading "the"."""
    return ent.text[4:] if ent.text[:4].lower() == "the " else ent.text


def _place(trigger: Token, anchor: Token, sent: SpacySpan) -> SpacySpan | None:
    """Place by preference: prepositional place of the trigger, its subtree, its clause, nearest."""
    places = _places(sent)
    if not places:
        return None
    for ent in places:
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in PLACE_PREPS and ent.root.head.head in (trigger, anchor):
            return ent
    for root in (trigger, anchor):
        inside = [e for e in places if _in_subtree(e.root, root)]
        if inside:
            return min(inside, key=lambda e: abs(e.root.i - trigger.i))
    return min(places, key=lambda e: abs(e.root.i - trigger.i))


def _date(trigger: Token, anchor: Token, sent: SpacySpan, times: Sequence[TimeRef]) -> TimeRef | None:
    """A resolved TimeRef of the sentence whose clause is the trigger's (or inside the trigger)."""
    doc = sent.doc
    best: TimeRef | None = None
    for ref in times:
        if ref.value is None or ref.type not in POINT_TYPES or not sent.start_char <= ref.span.start < sent.end_char:
            continue
        span = doc.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
        if span is None:
            continue
        if span.root.dep_ == "pobj" and span.root.head.lower_ in END_BOUNDS:
            continue  # "extend its mission until March 31": when it ends, not when it happens
        if _clause_head(span.root) == anchor:
            if best is None or abs(span.root.i - trigger.i) < abs(doc.char_span(best.span.start, best.span.end, alignment_mode="expand").root.i - trigger.i):  # type: ignore[union-attr]
                best = ref
    return best


# --- typing --------------------------------------------------------------------------------------


def _words(token: Token | None) -> set[str]:
    """Lemmas (and lemma pairs) of the phrase headed by ``token``."""
    if token is None:
        return set()
    phrase = _phrase(token)
    lemmas = {t.lemma_.lower() for t in phrase}
    return lemmas | {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in zip(phrase, phrase[1:], strict=False)}


def _is_place_object(token: Token | None, lexicon: Lexicon) -> bool:
    if token is None:
        return False
    return token.ent_type_ in PLACE_LABELS or bool(_words(token) & lexicon.lists.get("place_nouns", frozenset()))


def _territory_object(trigger: Token) -> Token | None:
    """The place taken: dobj/nsubjpass of a verb, "of X" of a noun ("the fall of Mosul")."""
    if trigger.pos_ in ("VERB", "AUX"):
        found = _children(trigger, "dobj", "nsubjpass")
        return found[0] if found else None
    of = _prep_objects(trigger, ("of",))
    return of[0] if of else None


CONTROL_VERBS = frozenset({"come", "fall", "be", "remain"})
TAKE_VERBS = frozenset({"take", "gain", "assume", "wrest", "win"})
"""Light verbs of "took control of"; seize/regain are territory triggers themselves."""


def _control_roles(trigger: Token) -> tuple[Token, Token | None, Token | None] | None:
    """(verb, agent, place) of "came under X control", "fell to X", "took control of Y".

    ``None`` when the trigger word is not used in one of these constructions.
    """
    if trigger.lemma_.lower() == "fall" and trigger.pos_ == "VERB":
        to = _prep_objects(trigger, ("to", "into"))
        if not to:
            return None
        agent = to[0]
        if agent.lemma_.lower() in ("hand", "hands"):
            agent = (_prep_objects(agent, ("of",)) or [None])[0]  # "fell into the hands of X"
        subjects = _children(trigger, "nsubj")
        return trigger, agent, (subjects[0] if subjects else None)
    if trigger.lemma_.lower() != "control" or trigger.pos_ != "NOUN":
        return None
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ in ("under", "into") and head.head.lemma_.lower() in CONTROL_VERBS:
        verb = head.head
        agents = [c for c in trigger.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.pos_ != "PRON"]
        agents += _prep_objects(trigger, ("of",))
        subjects = _children(verb, "nsubj", "nsubjpass")
        return verb, (agents[0] if agents else None), (subjects[0] if subjects else None)
    if trigger.dep_ == "dobj" and head.lemma_.lower() in TAKE_VERBS:
        places = _prep_objects(trigger, ("of", "over"))
        return head, _subject(head), (places[0] if places else None)
    return None


def _control_event(span: SpacySpan, given: _Given) -> Event | None:
    """A change of control told with a light verb, typed like a territory trigger."""
    lexicon = load_lexicon()
    roles = _control_roles(span[-1])
    if roles is None:
        return None
    verb, agent, place = roles
    context = _context(verb, lexicon)
    if context is None or not _is_place_object(place, lexicon):
        return None
    actors = given.actors
    kind = _actor_type(agent, actors, lexicon)
    subtype = {"state_force": "Government regains territory", "armed_group": "Non-state actor overtakes territory"}.get(kind or "", "Armed clash")
    doc, sent = span.doc, verb.sent
    first, last = min(verb.i, span.start), max(verb.i + 1, span.end)
    anchor = _clause_head(verb)
    place_ent = next((e for e in _places(sent) if place is not None and place.i in range(e.start, e.end)), None)
    return _build(
        doc[first:last], ("Battles", subtype), verb, anchor, agent, None, place_ent or _place(verb, anchor, sent), context, given)


def _typed(trigger: Token, spec: Trigger, agent: Token | None, patient: Token | None, actors: Actors, lexicon: Lexicon) -> tuple[str, str | None] | None:
    """(type, subtype) after the frame rule, or ``None`` when the match is no event."""
    civilians = lexicon.lists.get("civilians", frozenset())
    if spec.frame == "territory":
        if not _is_place_object(_territory_object(trigger), lexicon):
            return None
        if _governing_attempt(trigger, lexicon):
            return "Battles", "Armed clash"
        kind = _actor_type(agent, actors, lexicon)
        if kind == "state_force":
            return "Battles", "Government regains territory"
        if kind == "armed_group":
            return "Battles", "Non-state actor overtakes territory"
        return "Battles", "Armed clash"
    if spec.frame in ("target", "kill") and _words(patient) & civilians:
        return "Violence against civilians", "Attack"
    if spec.frame == "kill":
        kind = _actor_type(patient, actors, lexicon)
        if kind in ("state_force", "armed_group"):
            return "Battles", "Armed clash"
        return None
    if spec.objects:
        objects = _children(trigger, "dobj", "nsubjpass") + _prep_objects(trigger, ("of",))
        if not objects or objects[0].lemma_.lower() not in spec.objects:
            return None
    return spec.type, spec.subtype


def _caused_by_other(trigger: Token, agent: Token | None, others: set[int], lexicon: Lexicon) -> bool:
    """A killing whose cause is another trigger in the sentence ("the fighting killed...")."""
    if trigger.pos_ in ("VERB", "AUX") and not _children(trigger, "agent"):
        agent = _subject(trigger) or agent
    if agent is not None and (agent.i in others or agent.lemma_.lower() in lexicon.lists.get("causes", frozenset())):
        return True
    return any(o.i in others for o in _prep_objects(trigger, ("in", "by", "during", "from", "after")))


def _negated(token: Token | None) -> bool:
    """A participant quantified by "no"/"neither"/"none" (the event did not happen)."""
    return token is not None and (token.lower_ in ("none", "nobody", "neither") or any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in token.children))


def _event(
    span: SpacySpan,
    spec: Trigger,
    given: _Given,
    others: set[int],
) -> Event | None:
    """One Event for a trigger span, or ``None`` (hypothetical, no place object...)."""
    lexicon = load_lexicon()
    if spec.frame == "control":
        return _control_event(span, given)
    actors = given.actors
    trigger = span[-1] if span[-1].pos_ in ("NOUN", "VERB", "PROPN") else span.root
    attempt = spec.frame == "territory" and _governing_attempt(trigger, lexicon)
    context = _context(trigger.head if attempt else trigger, lexicon)
    if context is None:
        return None
    agent, patient = _roles(trigger, spec)
    if _negated(agent) or _negated(patient):
        return None  # "killed no civilians", "neither side has withdrawn"
    if spec.frame == "kill" and _caused_by_other(trigger, agent, others, lexicon):
        return None
    typed = _typed(trigger, spec, agent, patient, actors, lexicon)
    if typed is None:
        return None
    if spec.frame == "territory":
        patient = (_prep_objects(trigger, ("from",)) or [None])[0]
    elif spec.objects:
        patient = None  # "extend its mission": the object says what kind of event, it is no actor
    anchor = _clause_head(trigger)
    if attempt:
        anchor = _clause_head(trigger.head)
    return _build(span, typed, trigger, anchor, agent, patient, _place(trigger, anchor, trigger.sent), context, given)


def _build(
    span: SpacySpan,
    typed: tuple[str, str | None],
    trigger: Token,
    anchor: Token,
    agent: Token | None,
    patient: Token | None,
    place: SpacySpan | None,
    context: str,
    given: _Given,
) -> Event:
    """The Event record: roles named and categorised, place geocoded, date from the clause."""
    lexicon, actors, doc_id = load_lexicon(), given.actors, given.doc_id
    sent = trigger.sent
    ref = _date(trigger, anchor, sent, given.times)
    if ref is None and context == "planned" and anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in SPEECH_LEMMAS:
        ref = _date(anchor.head, _clause_head(anchor.head), sent, given.times)  # dated by its announcement
    period = period_of(ref.value, ref.mod) if ref is not None and ref.value else None
    provenance: DateProvenance | None = ref.provenance if period and ref else None
    if period is None and given.published is not None and context in ("past", "ongoing") and _reported_as_recent(anchor):
        period, provenance = (given.published, None, 2), "inferred"
    located = given.place_at(place.start_char) if place is not None else None
    precision = geo_precision(located, place) if place is not None else None
    place_span = Span(doc_id, place.start_char, place.end_char) if place is not None else None
    place_name = (located.name if located is not None else _place_name(place)) if place is not None else None
    if place is None and (found := given.place_before(sent.start_char)) is not None:
        # no place in the sentence: the story's place so far (ACLED codes the most specific
        # location the report allows and lowers the precision to say it is approximate)
        located, place_span, place_name = found, found.span, found.name
        precision = max(geo_precision_code(found.feature_code) or 3, 2)
    country = located.country if located is not None else None
    return Event(
        span=Span(doc_id, span.start_char, span.end_char),
        text=span.text,
        type=typed[0],
        subtype=typed[1],
        actor1=actor_name(agent, actors),
        actor2=actor_name(patient, actors),
        actor1_category=_external(actor_category(agent, actors, lexicon), _actor_country(agent, given), country),
        actor2_category=_external(actor_category(patient, actors, lexicon), _actor_country(patient, given), country),
        place=place_name,
        place_span=place_span,
        place_geonames_id=located.geonames_id if located is not None else None,
        lat=located.lat if located is not None else None,
        lon=located.lon if located is not None else None,
        country=country,
        admin1=located.admin1 if located is not None else None,
        geo_precision=precision,
        date=period[0] if period else None,
        date_end=period[1] if period else None,
        time_precision=period[2] if period else None,
        date_precision=ref.precision if ref is not None and provenance != "inferred" and period else None,
        date_provenance=provenance,
        context=context,
        sentence=Span(doc_id, sent.start_char, sent.end_char),
        rule=RULE,
    )


@lru_cache(maxsize=1)
def _codes() -> dict[str, dict[str, str]]:
    text = (resources.files("sitroom") / "data" / "event_codes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get("codes", {})


def ontology_codes(event_type: str, subtype: str | None) -> tuple[str, str]:
    """``(PLOVER event type, CAMEO code)`` closest to an ACLED type and sub-type, from
    ``data/event_codes.toml`` (sources there); empty strings where there is none."""
    codes = _codes()
    found = codes.get(f"{event_type}/{subtype}") if subtype else None
    found = found or codes.get(event_type) or {}
    return found.get("plover", ""), found.get("cameo", "")


# --- ACLED codes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Given:
    """What every event of a document is built from besides its parse."""

    doc_id: str
    actors: Actors
    times: Sequence[TimeRef]
    places: Sequence[Place] = ()
    published: str | None = None
    """The publication day (``YYYY-MM-DD``) when the document states it to the day."""
    text: str = ""
    sentence_starts: tuple[int, ...] = ()

    def sentence_start(self, char: int) -> int:
        """Start of the sentence holding character ``char``."""
        i = bisect.bisect_right(self.sentence_starts, char)
        return self.sentence_starts[i - 1] if i else 0

    def place_before(self, start: int) -> Place | None:
        """The last geocoded place named before character ``start`` in the same paragraph,
        else the document's country when all its country-level places name one country."""
        before = [p for p in self.places if p.span.end <= start and p.geonames_id is not None]
        if before and "\n\n" not in self.text[before[-1].span.end : start]:
            # of the last sentence that names places, its most specific one ("Mosul, Iraq")
            sentence = self.sentence_start(before[-1].span.start)
            last = [p for p in before if p.span.start >= sentence]
            return min(reversed(last), key=lambda p: geo_precision_code(p.feature_code) or 3)
        countries = [p for p in self.places if p.feature_code and p.feature_code.startswith("PCL")]
        if countries and len({p.country for p in countries}) == 1:
            return countries[0]
        return None

    def place_at(self, start: int) -> Place | None:
        """The geocoded place whose mention starts at (or covers) character ``start``."""
        for place in self.places:
            if place.span.start <= start < place.span.end:
                return place
        return None


def _reported_as_recent(verb: Token) -> bool:
    """The clause is in the present, present progressive or present perfect ("have
    liberated", "are fighting"): news reports such an event as just happened (the
    reporting-date convention of ACLED for undated reports)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("has", "have", "'ve", "'s") for a in auxes) and verb.tag_ == "VBN":
        return True
    return verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and any(a in ("is", "are", "am") for a in auxes))


GEO_PRECISION_NEAR = frozenset({"near", "outside", "around", "close", "nearby", "outskirts", "vicinity"})
"""Words that put an event near, not at, the named place (ACLED geo-precision 2)."""


def geo_precision(place: Place | None, mention: SpacySpan) -> int | None:
    """ACLED's geo-precision (Codebook 2023, "Geo-precision"): 1 the event is at a named
    town, village or smaller place; 2 near a town ("near", "outside", "on the outskirts of")
    or in a second-level area; 3 only a province, region or country is known.
    ``None`` when the place is not in the gazetteer."""
    if place is None or not place.feature_code:
        return None
    code = geo_precision_code(place.feature_code)
    if code == 1 or mention.label_ == "FAC":
        near = any(t.lower_ in GEO_PRECISION_NEAR for t in mention.doc[max(mention.sent.start, mention.start - 4) : mention.start])
        return 2 if near else 1
    return code


def geo_precision_code(feature_code: str | None) -> int | None:
    """ACLED geo-precision of a place of this GeoNames feature code, taken as it is named:
    1 a populated place or a spot, 2 a second- or lower-level division, 3 wider."""
    if not feature_code:
        return None
    if feature_code.startswith("PPL") or feature_code[:3] in ("STM", "MT", "AIR", "BDG"):
        return 1
    if feature_code in ("ADM2", "ADM3", "ADM4", "ADM2H", "ADM3H"):
        return 2
    return 3


def actor_category(token: Token | None, actors: Actors, lexicon: Lexicon) -> str | None:
    """ACLED actor category of the phrase headed by ``token`` (Codebook 2023, "Actor
    types"): the actor data's ``acled`` field for a known actor, else the phrase's nouns
    (protesters, rioters, identity or political militias, state forces, rebels, civilians)."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ and ent.ent_id_ in actors.categories:
            return actors.categories[ent.ent_id_]
    known = actors.lookup(phrase.text)
    if known is not None and known.id in actors.categories:
        return actors.categories[known.id]
    words, lists = _words(token), lexicon.lists
    for key, category in CATEGORY_LISTS:
        if words & lists.get(key, frozenset()):
            return category
    return None


CATEGORY_LISTS = (
    ("protesters", "Protesters"),
    ("rioters", "Rioters"),
    ("identity_militias", "Identity Militias"),
    ("political_militias", "Political Militias"),
    ("state_forces", "State Forces"),
    ("armed_groups", "Rebel Groups"),
    ("civilians", "Civilians"),
)
"""Word list -> ACLED category, most specific first ("tribal militia" before "militia")."""


def _actor_country(token: Token | None, given: _Given) -> str | None:
    """ISO country of an actor: the actor data's, else a geocoded country named in its phrase
    ("U.S. troops" when the geocoder placed the name, "Turkish forces" by the demonym)."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ in given.actors.entities and given.actors.entities[ent.ent_id_].country:
            return given.actors.entities[ent.ent_id_].country
        place = given.place_at(ent.start_char)
        if place is not None and place.feature_code and place.feature_code.startswith("PCL"):
            return place.country
        if ent.label_ == "NORP" and (country := demonym_country(ent.text)):
            return country  # "Turkish troops", "American forces"
    return None


def _external(category: str | None, actor_country: str | None, event_country: str | None) -> str | None:
    """State forces acting outside their country are "External/Other Forces" (ACLED)."""
    if category == "State Forces" and actor_country and event_country and actor_country != event_country:
        return "External/Other Forces"
    return category


def find_events(
    sdoc: Doc,
    doc_id: str,
    actors: Actors,
    times: Sequence[TimeRef],
    places: Sequence[Place] = (),
    published: DateValue | None = None,
) -> list[Event]:
    """Events in ``sdoc``, one per trigger that reports something that happened, is going
    on, is planned or is hypothetical (``Event.context``); negated ones are left out.

    ``times`` are the document's TimeRefs (from :func:`sitroom.extract.time.find_times`);
    an event takes a resolved one from its own clause. Only a clause in the present or
    present perfect with no time expression is dated to ``published`` (a day), marked
    ``inferred``. ``places`` are the document's geocoded places
    (:func:`sitroom.geo.geocode`): an event's place mention takes its coordinates, country,
    region and ACLED geo-precision from them. Returns events in text order with spans into ``sdoc.text``. Raises
    :class:`EventDataError` only when the bundled lexicon is malformed.
    """
    day = published.value if published is not None and published.precision == "day" else None
    given = _Given(doc_id, actors, times, places, day, sdoc.text, tuple(sent.start_char for sent in sdoc.sents))
    triggers = find_triggers(sdoc)
    causes_by_sentence: dict[int, set[int]] = {}
    for span, spec in triggers:
        if spec.frame != "kill":
            causes_by_sentence.setdefault(span.sent.start, set()).add(span[-1].i)
    events = []
    for span, spec in triggers:
        others = causes_by_sentence.get(span.sent.start, set()) - {span[-1].i}
        event = _event(span, spec, given, others)
        if event is not None:
            events.append(event)
    return events
