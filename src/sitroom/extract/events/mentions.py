"""One trigger, read: its type, eventhood, actors, place and date (an event mention).

:func:`read_mention` turns a trigger span into a :class:`MentionReading`, or ``None`` when
the words report no event of the situation (negated, generic, habitual, figurative,
cumulative; see :mod:`sitroom.extract.events.realis`). Planned and hypothetical events are
read with their context. :mod:`sitroom.extract.events.happenings` then joins the mentions
of one happening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._period import cumulative_period, running_total
from sitroom.extract._spans import ents_within
from sitroom.extract._speakers import entity_of
from sitroom.extract.events import realis
from sitroom.extract.events.lexicon import Lexicon, Trigger
from sitroom.extract.events.roles import CONVENTION_CATEGORY, Actor, Cast, aged_name, convention_name, name_actor, roles
from sitroom.extract.events.syntax import BODY_WORDS, children, clause_head, in_subtree, phrase, prep_objects, subject, words
from sitroom.extract.events.when import event_time
from sitroom.extract.events.where import PLACE_LABELS, Located, division_named, location_argument, place_in_clause, place_in_sentence, place_name, places_of, precision_of, standing, town_of_province
from sitroom.model import Figure, Place, Span, TimeRef
from sitroom.timex import period_of

CONTROL_VERBS = frozenset({"come", "fall", "be", "remain"})
TAKE_VERBS = frozenset({"take", "gain", "assume", "wrest", "win"})
"""Light verbs of "took control of"; seize/regain are territory triggers themselves."""
DISTINCT_WORDS = frozenset({"another", "second", "third", "separate", "similar", "earlier", "other", "further", "new", "fresh"})
"""Determiners and adjectives that say a mention is not the happening just told."""
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
"""Types whose events can have fatalities (ACLED codes fatalities for these)."""
ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class Scene:
    """What every mention of a document is read against besides its own parse."""

    doc_id: str
    doc: Doc
    lexicon: Lexicon
    cast: Cast
    times: Sequence[TimeRef]
    places: Sequence[Place]
    figures: Sequence[Figure]
    published: dt.date | None
    lead_end: int
    """End character of the lead (the first paragraph): its events are the news of the day."""

    def place_at(self, char: int) -> Place | None:
        return self.cast.place_at(char)


@dataclass(frozen=True, slots=True)
class MentionReading:
    """One trigger read as an event mention."""

    start: int
    end: int
    text: str
    trigger: int
    """Token index of the trigger's head word."""
    type: str
    subtype: str | None
    context: str
    generic_word: bool
    actor1: Actor | None
    actor2: Actor | None
    located: Located | None
    time: TimeRef | None
    period: tuple[str, str | None, int] | None
    """(first day, last day or None, ACLED time precision) of ``time``."""
    sent_start: int
    sent_end: int
    toll: Figure | None
    anaphoric: bool
    distinct: bool
    vague_killing: bool = False
    """A killing of "people" no word types ("sixty people have been killed"): it types its
    happening only when no other mention does, a battle included."""
    unattributed: bool = False
    """A killing told without its killer ("at least 20 civilians were killed"): in a fight's
    happening its dead are the fight's casualties, neither its type nor its other side
    (ACLED counts civilians killed in crossfire among a battle's fatalities; Violence against
    civilians is their deliberate targeting)."""
    fight: bool = False
    """Told by a word of a fight between two sides ("fighting", "clashes", "a shootout")."""
    outcome: bool = False
    """A killing told as the outcome of another event of its sentence ("a bomb exploded,
    killing 12"): a mention of that event, never an event of its own."""
    agent_words: tuple[int, int] | None = None
    patient_words: tuple[int, int] | None = None
    place_words: tuple[int, int] | None = None
    """Character spans of the trigger's syntactic agent and patient phrases, whether or not
    they name an actor ("the bakery", "a major general"): argument spans as KAIROS or ERE
    annotate them, before ACLED's naming keeps only actors; ``place_words`` the location
    argument whether or not the gazetteer knows it ("at the station")."""

    one_dead: Figure | None = None
    """One dead when the killing names one person and no number ("killing a soldier"): the
    event's toll only when no mention gives one; unlike ``toll`` it never tells happenings
    apart."""
    in_lead: bool = False
    """The mention is in the lead (the news of the publication day)."""
    aggregate: bool = False
    """A bare plural event noun that nothing pins to one occurrence ("launched rocket
    attacks on northern Israel", "during night-time raids"): a mention of a happening told
    elsewhere, never a happening of its own."""
    ordinal: bool = False
    """A definite event noun with an ordinal ("the second blast", "the first bomb"): one
    member of a series told before ("twin bombings"), else another event."""
    series: bool = False
    """A counted plural event noun ("twin bombings", "two blasts", "both attacks")."""


# --- typing --------------------------------------------------------------------------------------


def _is_place_object(token: Token | None, lexicon: Lexicon) -> bool:
    if token is None:
        return False
    return token.ent_type_ in ("GPE", "LOC", "FAC") or bool(words(token) & lexicon.words("place_nouns"))


def _territory_object(trigger: Token) -> Token | None:
    """The place taken: dobj/nsubjpass of a verb, "of X" of a noun ("the fall of Mosul")."""
    if trigger.pos_ in ("VERB", "AUX"):
        found = children(trigger, "dobj", "nsubjpass")
        return found[0] if found else None
    of = prep_objects(trigger, ("of",))
    return of[0] if of else None


def _territory_subtype(agent: Actor | None) -> str | None:
    """ACLED: a change of control by state forces is "Government regains territory", by a
    non-state group "Non-state actor overtakes territory"; ``None`` when the text does not
    say who took it (another mention of the happening may; else an armed clash)."""
    if agent is None:
        return None
    if agent.category in ("State Forces", "External/Other Forces"):
        return "Government regains territory"
    if agent.armed:
        return "Non-state actor overtakes territory"
    return "Armed clash"


def _typed(trigger: Token, spec: Trigger, agent: Actor | None, patient: Actor | None, patient_token: Token | None, lexicon: Lexicon) -> tuple[str, str | None] | None:
    """(type, subtype) after the frame rule, or ``None`` when the match is no event."""
    # "two AU personnel and two civilians were killed": victims who include armed men make no attack on civilians
    civilian_target = (patient is not None and patient.category == "Civilians") or (bool(words(patient_token) & lexicon.words("civilians")) and not _armed_victims(patient_token, lexicon))
    if spec.objects and not _has_object(trigger, spec):
        return None
    if spec.frame == "territory":
        if not _is_place_object(_territory_object(trigger), lexicon):
            return None
        if realis.governing_attempt(trigger, lexicon):
            return "Battles", "Armed clash"
        return "Battles", _territory_subtype(agent)
    if spec.frame in ("target", "kill") and patient is not None and patient.category == "Protesters":
        if agent is not None and agent.category == "State Forces":
            return "Protests", "Excessive force against protesters"  # ACLED: lethal force on a demonstration
        return "Violence against civilians", "Attack"  # "gunmen shot dead an activist"
    if spec.frame in ("target", "kill") and civilian_target:
        return "Violence against civilians", "Attack"
    if spec.frame == "kill":
        if patient is not None and patient.armed:
            return "Battles", "Armed clash"
        if spec.objects and patient is None:
            return "Violence against civilians", "Attack"  # "police found two bodies": the dead of an unknown killing, civilians unless said otherwise (ACLED)
        return None
    if spec.subjects:
        agent_word = subject(trigger) if trigger.pos_ in ("VERB", "AUX") else None
        agent_word = next((o for a in children(trigger, "agent") for o in children(a, "pobj")), agent_word)
        if agent_word is None or not ({agent_word.lemma_.lower()} | words(agent_word)) & set(spec.subjects):
            return None
    return spec.type, spec.subtype


def _has_object(trigger: Token, spec: Trigger) -> bool:
    """The trigger's object (or passive subject, or "of"-object) is one of ``spec.objects``."""
    objects = children(trigger, "dobj", "nsubjpass") + prep_objects(trigger, ("of",))
    return bool(objects) and objects[0].lemma_.lower() in spec.objects


NAMED_DEAD = "sitroom.events.named-dead"
"""Rule of the toll a killing gives by naming its dead one by one."""
VERBAL_TARGETS = frozenset({"journalist", "reporter", "voter"})
"""Targets an "attack" in words often has ("attacked the reporter"): no sign of violence."""
MUTUAL_FIGHT = frozenset({"clash", "fight", "battle", "skirmish", "scuffle", "brawl"})
"""Triggers of a fight both sides take part in (not "shot", "attacked")."""
FIGHT_WORDS = MUTUAL_FIGHT | {"fighting", "firefight", "gunfight", "shootout", "gunbattle", "combat"}
"""Words of a fight between two sides, as lemmas."""
CROWDS = frozenset({"Protesters", "Rioters"})
"""ACLED's actor categories of demonstrators."""
LAUNCH_VERBS = frozenset({"fire", "launch", "drop", "lob", "shoot"})


def _weapon_cause(trigger: Token, agent: Token | None, others: set[int], lexicon: Lexicon) -> Token | None:
    """The fired weapon that caused a killing when no trigger of the sentence tells the
    attack ("two people were killed by rockets", "a mortar shell killed three"): the
    killing then reports an explosion (ACLED: remote violence by its delivery)."""
    weapons = lexicon.words("shelling_words") | lexicon.words("air_words")
    causes = [subject(trigger)] if trigger.pos_ in ("VERB", "AUX") and not children(trigger, "agent") else []
    causes += [agent, *(o for a in children(trigger, "agent") for o in children(a, "pobj")), *prep_objects(trigger, ("by", "from"))]
    for cause in causes:
        if cause is None or cause.i in others:
            continue
        if ({cause.lemma_.lower()} | {c.lemma_.lower() for c in cause.children if c.dep_ == "compound"}) & weapons:
            return cause
    return None


def _launcher(weapon: Token) -> Token | None:
    """Who fired a weapon: "rockets fired by Hezbollah"."""
    for verb in weapon.children:
        if verb.dep_ == "acl" and verb.lemma_.lower() in LAUNCH_VERBS:
            agents = [o for a in children(verb, "agent") for o in children(a, "pobj")]
            if agents:
                return agents[0]
    return None


def _armed_victims(patient: Token | None, lexicon: Lexicon) -> bool:
    """The victims named include soldiers, police or peacekeepers."""
    return bool(words(patient) & (lexicon.words("military_nouns") | lexicon.words("police_nouns") | {"personnel", "peacekeeper"}))


def _caused_by_other(trigger: Token, agent: Token | None, others: set[int], lexicon: Lexicon) -> bool:
    """A killing whose cause is another trigger in the sentence ("the fighting killed...")."""
    if trigger.pos_ in ("VERB", "AUX") and not children(trigger, "agent"):
        agent = subject(trigger) or agent
    if agent is not None and (agent.i in others or agent.lemma_.lower() in lexicon.words("causes")):
        return True
    return any(o.i in others for o in prep_objects(trigger, ("in", "by", "during", "from", "after")))


# --- change of control with a light verb ---------------------------------------------------------


def control_roles(trigger: Token) -> tuple[Token, Token | None, Token | None] | None:
    """(verb, agent, place) of "came under X control", "fell to X", "took control of Y".

    ``None`` when the trigger word is not used in one of these constructions.
    """
    if trigger.lemma_.lower() == "fall" and trigger.pos_ == "VERB":
        to = prep_objects(trigger, ("to", "into"))
        if not to:
            return None
        agent: Token | None = to[0]
        if agent is not None and agent.lemma_.lower() in ("hand", "hands"):
            agent = (prep_objects(agent, ("of",)) or [None])[0]  # "fell into the hands of X"
        subjects = children(trigger, "nsubj")
        return trigger, agent, (subjects[0] if subjects else None)
    if trigger.lemma_.lower() != "control" or trigger.pos_ != "NOUN":
        return None
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ in ("under", "into") and head.head.lemma_.lower() in CONTROL_VERBS:
        verb = head.head
        agents = [c for c in trigger.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.pos_ != "PRON"]
        agents += prep_objects(trigger, ("of",))
        subjects = children(verb, "nsubj", "nsubjpass")
        return verb, (agents[0] if agents else None), (subjects[0] if subjects else None)
    if trigger.dep_ == "dobj" and head.lemma_.lower() in TAKE_VERBS:
        places = prep_objects(trigger, ("of", "over"))
        return head, subject(head), (places[0] if places else None)
    return None


# --- the reading ---------------------------------------------------------------------------------


def _event_country(located: Located | None, scene: Scene) -> str | None:
    if located is not None and located.place is not None and located.place.country:
        return located.place.country
    return scene.cast.doc_country


def _locate(
    trigger: Token, anchor: Token, sent: SpacySpan, event_type: str, scene: Scene, place_token: Token | None = None, agent_token: Token | None = None, told: frozenset[str] = frozenset()
) -> Located | None:
    """The mention's own place: its location argument, else a place in its clause. The
    agent's name is not where the event happened ("the U.S. air strike", "Israel shelled
    Gaza": ACLED codes the location of the event, not the actor's country)."""
    offset = None
    ent = None
    strength = 2
    mentioned = _mentioned_again(trigger, told)
    if mentioned:
        anchor = trigger  # "prices rose in London as news of the attack came through": London is the prices'
    if place_token is not None:
        ent = next((e for e in places_of(sent) if place_token.i in range(e.start, e.end)), None)
    if ent is None:
        found = location_argument(trigger, anchor, sent, event_type, scene.place_at)
        if found is not None:
            ent, offset, _ = found
    if ent is None and not mentioned:
        ent, strength = place_in_clause(trigger, anchor, sent, event_type, exclude=agent_token), 1
    if ent is None and not mentioned:
        ent, strength = place_in_sentence(trigger, sent, scene.place_at, exclude=agent_token), 0
    if ent is None:
        return _facility_town(trigger, anchor, scene) or _national_scene(trigger, anchor, scene.lexicon)
    if ent.start_char < scene.cast.dateline_end:
        return None  # the dateline's place is the lead's default, not a place of the sentence
    ent = _town_before_country(ent, scene)
    place = scene.place_at(ent.start_char)
    if place is None and (container := _container(ent, sent, scene)) is not None:
        return _finer(container, trigger, anchor, scene)
    division = division_named(ent, place)
    if division is None:
        place = town_of_province(place) or place  # "Basra" the province is the city
    name = place.name if place else place_name(ent)
    precision = precision_of(place, ent, offset)
    if division is not None and precision is not None and place is not None and (place.feature_code or "").startswith("PPL"):
        precision = max(precision, division)  # "a village in Sagaing region", resolved to the town: only the region is known
    return _finer(Located(place, ent.start_char, ent.end_char, name, precision, offset, strength=strength), trigger, anchor, scene)


def _finer(located: Located, trigger: Token, anchor: Token, scene: Scene) -> Located:
    """A province or a country gives way to the town a struck facility is named after
    ("attacked the Kabul Serena Hotel in Afghanistan": Kabul)."""
    if located.precision != 3:
        return located
    return _facility_town(trigger, anchor, scene) or located


def _facility_town(trigger: Token, anchor: Token, scene: Scene) -> Located | None:
    """The town a struck facility is named after ("struck the Jolo Cathedral", "attacked the
    Kabul Serena Hotel", "stormed Mosul University"): the first word of an organisation or
    facility name that is the event's target, when the gazetteer knows it as a populated
    place in the article's country (ACLED codes the event at that town)."""
    from sitroom.geo import resolve_names

    targets = children(trigger, "dobj", "nsubjpass") + children(anchor, "dobj", "nsubjpass")
    targets += [o for head in (trigger, anchor) for p in head.children if p.dep_ == "prep" and p.lower_ in ("on", "at", "against", "near", "outside") for o in children(p, "pobj")]
    for target in targets:
        ent = entity_of(target) if target.ent_type_ in ("ORG", "FAC") else None
        if ent is None:
            continue
        first = ent[1] if ent[0].lower_ == "the" and len(ent) > 2 else ent[0]
        if first.pos_ != "PROPN" or first.i == ent.end - 1:
            continue
        found = resolve_names([first.text])[0]
        if found is None or not (found.feature_code or "").startswith("PPL") or found.country != scene.cast.doc_country:
            continue
        place = Place(Span("", first.idx, first.idx + len(first.text)), first.text, found.name, found.geonames_id, found.lat, found.lon, found.country, found.admin1, found.feature_code)
        return Located(place, first.idx, first.idx + len(first.text), found.name, 1, strength=1)
    return None


def _container(ent: SpacySpan, sent: SpacySpan, scene: Scene) -> Located | None:
    """For a place the gazetteer lacks, the known place the text puts it in ("the village of
    Damadola in the Bajaur tribal area", "Khiam, a town in southern Lebanon"), at ACLED
    geo-precision 2 or wider (also the place that owns it: "Basra's Hananiyah neighborhood"): ACLED codes an unknown village at the nearest larger place
    it can find, with a precision that says so (ACLED Codebook 2023, "Geo-precision")."""
    holder = standing(ent)
    owners = [e for e in ents_within(sent) if e.label_ in PLACE_LABELS and e.root.dep_ == "poss" and e.root.head == holder]  # "Basra's Hananiyah neighborhood"
    for other in owners + places_of(sent):
        if other not in owners and (other.start < ent.end or not in_subtree(other.root, holder) or other.root.i - ent.end > 12):
            continue
        place = scene.place_at(other.start_char)
        if place is None:
            continue
        if other in owners:
            place = town_of_province(place) or place  # a neighbourhood's owner is a town
        precision = max(precision_of(place, other, None) or 2, 2)
        return Located(place, other.start_char, other.end_char, place.name, precision, None, strength=0)
    return None


def _national_scene(trigger: Token, anchor: Token, lexicon: Lexicon) -> Located | None:
    """The country a national adjective gives the event's target or location noun ("an air
    strike on a Pakistani village", "in Lebanese waters", "blockading Lebanese ports"), at
    ACLED geo-precision 3, when the sentence names no place for it; not a force's, a
    fighter's or a weapon's, which go where they are sent ("shot down Russian drones")."""
    from sitroom.geo import resolve_names
    from sitroom.geo.countries import country_name
    from sitroom.geo.resolve import demonym_country

    movable = lexicon.words("state_forces") | lexicon.words("armed_groups") | lexicon.words("perpetrators") | lexicon.words("state_weapons")
    nouns = [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "at", "in", "near", "inside") for o in children(p, "pobj")]
    nouns += children(trigger, "dobj") + [n for n in (_location_noun(trigger, anchor),) if n is not None]
    for noun in nouns:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() in movable:
            continue
        for mod in noun.children:
            if mod.dep_ in ("amod", "compound") and mod.i < noun.i and (code := demonym_country(mod.text)) and (name := country_name(code)):
                found = resolve_names([name])[0]
                if found is None or found.country != code:
                    continue
                place = Place(Span("", mod.idx, mod.idx + len(mod.text)), mod.text, found.name, found.geonames_id, found.lat, found.lon, found.country, found.admin1, found.feature_code)
                return Located(place, mod.idx, mod.idx + len(mod.text), found.name, 3, strength=1)
    return None


def _toll(trigger: Token, sent: SpacySpan, scene: Scene) -> Figure | None:
    """The killed figure of the mention's sentence that gives its toll (the nearest)."""
    found = [
        f
        for f in scene.figures
        if f.kind == "killed" and sent.start_char <= f.span.start < sent.end_char and not (f.cumulative or f.projection)
    ]
    if not found:
        return None
    return min(found, key=lambda f: abs(f.span.start - trigger.idx))


def _named_dead(patient: Token | None, doc_id: str) -> Figure | None:
    """The dead a killing names one by one ("Mufid Walweel, 22, was shot and killed", "X and
    Y were killed") as a toll: one per person named, when no number is given (ACLED counts
    the reported dead)."""
    if patient is None or not (patient.ent_type_ == "PERSON" or aged_name(patient)):
        return None
    people = [patient, *(c for c in patient.children if c.dep_ == "conj" and c.ent_type_ == "PERSON")]
    doc = patient.doc
    first = min(t.left_edge.i for t in people)
    last = max(t.i for t in people) + 1
    return _dead(doc[first:last], len(people), doc_id, NAMED_DEAD)


def _dead(span: SpacySpan, count: int, doc_id: str, rule: str) -> Figure:
    """A killed figure the event reader counts itself, over the phrase that names the dead."""
    return Figure(Span(doc_id, span.start_char, span.end_char), span.text, float(count), None, None, "people", "killed", subject=span.text, sentence=Span(doc_id, span.sent.start_char, span.sent.end_char), rule=rule)


SINGLE_DEAD = "sitroom.events.single-dead"
ONE_WORDS = frozenset({"a", "an", "one"})


def _single_dead(patient: Token | None, doc_id: str, lexicon: Lexicon) -> Figure | None:
    """One dead for a killing of one person the text does not count ("killing a soldier",
    "a policeman was shot dead", "one of the guards was killed", "shot him dead"): ACLED counts the reported
    dead. Not for a noun joined to others ("a soldier and two civilians": the figures count
    those) nor for a plural."""
    if patient is None or any(c.dep_ == "conj" for c in patient.children) or patient.dep_ == "conj":
        return None
    one_of = (patient.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ == "of" for c in patient.children)) or patient.lower_ in ("him", "her")  # "shot him dead"
    single = patient.tag_ == "NN" and patient.lemma_.lower() in lexicon.words("single_persons") and any(
        c.dep_ in ("det", "nummod") and c.lower_ in ONE_WORDS for c in patient.children
    )
    named = patient.ent_type_ == "PERSON" or aged_name(patient)  # "Isaías Carrasco, 42, was shot dead"
    if not (one_of or single or named):
        return None
    return _dead(patient.doc[patient.left_edge.i : patient.i + 1], 1, doc_id, SINGLE_DEAD)


def _crowd_against_police(trigger: Token, agent: Actor | None, patient: Actor | None, scene: Scene, country: str | None) -> tuple[Actor, Actor] | None:
    """(rioters, police) when people who are no armed side fight the police ("hundreds of
    people clashed with riot police", "were injured in clashes with riot police"): ACLED
    codes a crowd that fights the police as a violent demonstration, its side as Rioters."""
    police = next((a for a in (agent, patient) if a is not None and a.convention == "police"), None)
    if police is None and trigger.pos_ == "NOUN":
        sides = [name_actor(o, scene.cast, event_country=country) for o in prep_objects(trigger, ("with",))]
        police = next((a for a in sides if a is not None and a.convention == "police"), None)
    other = next((a for a in (agent, patient) if a is not None and a is not police), None)
    if police is None or other is None or other.category != "Civilians":
        return None
    name = convention_name("rioters", country or police.country)
    if name is None:
        return None
    return Actor(name, "Rioters", None, None, country or police.country, convention="rioters", stated=False), police


def _totals_only(sent: SpacySpan, scene: Scene, kinds: frozenset[str] = frozenset({"killed"})) -> bool:
    """The sentence counts its dead (or its ``kinds``) only as totals (cumulative figures,
    none for one event)."""
    counted = [f for f in scene.figures if f.kind in kinds and sent.start_char <= f.span.start < sent.end_char]
    return bool(counted) and all(f.cumulative for f in counted)


TALLY_KINDS = {"Arrests": frozenset({"arrested"}), "Abduction/forced disappearance": frozenset({"abducted"})}
"""Sub-types whose patients a figure counts: a sentence that counts them only as a total
("at least 4,000 monks have been arrested in the crackdown") tells no one arrest."""


CLASS_PRONOUNS = frozenset({"those", "anyone", "everyone", "all"})
FIGURATIVE_MODIFIERS = frozenset({"charm", "diplomatic", "media", "legal", "political", "verbal", "price", "trade", "culture", "propaganda", "advertising", "marketing", "public-relations", "pr", "courtroom", "custody", "bidding", "electoral"})
"""Modifiers that make an ambiguous trigger ("offensive", "battle", "war", "attack") name no
violence ("a charm offensive", "a legal battle", "verbal attacks", "a trade war")."""


def _found_bodies(trigger: Token) -> Token | None:
    """The dead a verb of finding finds ("found two bodies", "the bodies were discovered")."""
    found = children(trigger, "dobj", "nsubjpass")
    return found[0] if found and found[0].lemma_.lower() in BODY_WORDS else None


def _accidental(trigger: Token, lexicon: Lexicon) -> bool:
    """A killing whose cause the text gives as an accident or a disaster: the "in"/"by"/
    "during"/"after"/"from"/"of" object of the trigger ("killed in an earthquake", "died of
    cholera"), a clause of an accident verb the trigger is part of ("crashed, killing
    twelve", "killed when a bus crashed into a ravine"), without an attacker's object ("the
    hijackers crashed the plane into" has one)."""
    accidents, verbs = lexicon.words("accidents"), lexicon.words("accident_verbs")
    if _found_bodies(trigger) is not None and any(t.lemma_.lower() in accidents | verbs for t in trigger.sent):
        return True  # "Thirteen bodies have been found at the site where a US helicopter crashed"
    for prep in trigger.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("in", "by", "during", "after", "from", "of", "following"):
            if any(o.dep_ == "pobj" and o.lemma_.lower() in accidents for o in prep.children):
                return True

    def accident_clause(verb: Token) -> bool:
        return verb.pos_ == "VERB" and verb.lemma_.lower() in verbs and not any(c.dep_ == "dobj" for c in verb.children)

    if trigger.dep_ in ("advcl", "xcomp", "conj") and accident_clause(trigger.head):
        return True  # "one of the aircraft crashed, killing twelve"
    return any(c.dep_ == "advcl" and accident_clause(c) for c in trigger.children)  # "killed when a bus crashed"


def _victim_class(trigger: Token) -> bool:
    """The trigger is (or is the agent of) a participle describing a class of people ("those
    killed", "half of those killed by air-dropped bombs", "all displaced by the floods", "the
    number of Iraqis kidnapped")."""
    token = trigger
    for _ in range(3):
        if token.dep_ == "acl" and token.head.lower_ in CLASS_PRONOUNS:
            return True
        if token.dep_ == "acl" and _counted(token.head):
            return True  # "estimates of the number of Iraqis kidnapped": a statistic of a class
        if token.dep_ not in ("pobj", "agent", "prep"):
            return False
        token = token.head
    return False


STATISTIC_NOUNS = frozenset({"number", "total", "count", "tally", "toll", "figure", "estimate", "share", "proportion", "percentage"})


def _counted(noun: Token) -> bool:
    """``noun`` is what a statistic counts: "the number of Iraqis", "the total of those"."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in STATISTIC_NOUNS


def _takes_up(trigger: Token, told: frozenset[str]) -> bool:
    """A definite event noun ("the strike", "this attack") whose word an earlier violent event
    of the document used: it refers to that event."""
    anaphoric, _ = _anaphoric(trigger)
    return anaphoric and told_word(trigger) in told


def told_word(trigger: Token) -> str:
    """The key under which a trigger can be taken up: its lemma, marked plural for a plural
    noun (a singular "the attack" does not take up "attacks on Gaza", a series)."""
    lemma = trigger.lemma_.lower()
    return f"{lemma}/plural" if trigger.tag_ in ("NNS", "NNPS") else lemma


def _town_before_country(ent: SpacySpan, scene: Scene) -> SpacySpan:
    """"in Paris, France": a country after a comma qualifies the town of that country just
    before it; the town is the place (the parser may make the country the nearer word)."""
    place = scene.place_at(ent.start_char)
    doc = ent.doc
    if place is None or not (place.feature_code or "").startswith("PCL") or ent.start < 2 or doc[ent.start - 1].text != ",":
        return ent
    before = next((e for e in doc.ents if e.end == ent.start - 1), None)
    town = scene.place_at(before.start_char) if before is not None else None
    if before is None or town is None or town.country != place.country or (town.feature_code or "").startswith("PCL"):
        return ent
    return before


def _mentioned_again(trigger: Token, told: frozenset[str]) -> bool:
    """A definite event noun taking up an event told before, as the "of" object of another
    noun ("news of the attack", "in the wake of the bombing", "condemnation of the raid"):
    the sentence is about the other noun, and its places are not the event's."""
    return trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.pos_ == "NOUN" and _takes_up(trigger, told)


def _anaphoric(trigger: Token) -> tuple[bool, bool]:
    """(definite description of an event told before, says it is another one)."""
    if trigger.pos_ == "VERB" and (bodies := _found_bodies(trigger)) is not None:
        # "The bodies were found after ...": a find of the dead told before ("two more bodies" is another)
        mods = {c.lower_ for c in bodies.children if c.dep_ in ("det", "amod", "nummod", "poss")}
        told = bool(mods & ANAPHORIC_DETS) or any(c.dep_ == "poss" for c in bodies.children)  # "their remains were recovered"
        return told and not any(c.dep_ == "nummod" for c in bodies.children), bool(mods & (DISTINCT_WORDS | {"more"}))
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False, False
    if _summary(trigger):
        return True, False
    mods = {c.lower_ for c in trigger.children if c.dep_ in ("det", "amod", "nummod", "poss")}
    distinct = bool(mods & DISTINCT_WORDS)
    anaphoric = bool(mods & ANAPHORIC_DETS) or any(c.dep_ == "poss" for c in trigger.children)
    # "carried out such an audacious attack": the kind of the event just told, not another one
    anaphoric = anaphoric or (trigger.tag_ == "NN" and any(c.dep_ == "predet" and c.lower_ == "such" for c in trigger.children))
    return anaphoric and not distinct, distinct


def _summary(trigger: Token) -> bool:
    """An event noun set off by a comma at the end of its sentence, hung on what comes
    before it: it sums up the event its sentence just told ("A car bomb killed five in Kabul,
    another attack blamed on the Taliban"; "..., the second such attack this month"), so
    "another" and "second" place it in a series, not apart from that event."""
    start = trigger.left_edge.i
    if start == trigger.sent.start or trigger.doc[start - 1].text != "," or trigger.head.i > start:
        return False
    rest = [t for t in trigger.doc[trigger.right_edge.i + 1 : trigger.sent.end] if not t.is_punct and not t.is_space]
    return not rest


SEQUENCE_WORDS = frozenset({"after", "before", "following", "preceding", "despite", "amid", "amidst"})
"""Words that relate the event of their phrase to another one: a sequence ("after the
raid"), a concession ("despite the offensive, rebels fired rockets") or a setting ("amid
fighting in the north, a bomb exploded")."""


def _sequence_clause(trigger: Token) -> Token | None:
    """The head of the "after ..."/"before ..." clause or phrase the trigger is told in
    ("it came hours after the military carried out an air raid"), if any."""
    for token in (trigger, *trigger.ancestors):
        if token.dep_ == "pobj" and token.head.lower_ in SEQUENCE_WORDS:
            return token.head
        if token.dep_ in ("advcl", "pcomp") and any(c.dep_ in ("mark", "prep", "advmod") and c.lower_ in SEQUENCE_WORDS for c in token.children):
            return token
    return None


def _sequenced(trigger: Token, others: set[int]) -> bool:
    """An event told as coming after or before another event of its sentence is a different
    one ("the blast came hours after the military carried out an air raid"); ``others`` are
    the sentence's other trigger tokens. The first trigger of such a clause is marked; the
    rest of the clause joins it as usual. A main clause told after such a phrase ("After
    the raid, militants fired rockets") starts anew too."""
    clause = _sequence_clause(trigger)
    doc = trigger.doc
    if clause is None:
        before = [doc[i] for i in others if i < trigger.i]
        return bool(before) and all((c := _sequence_clause(t)) is not None and not in_subtree(trigger, c) for t in before)
    inside = [i for i in others if in_subtree(doc[i], clause)]
    if any(i < trigger.i for i in inside):
        return False  # the clause's own event told first ("bombed on Tuesday, killing 50")
    return len(inside) < len(others)


COUNTING_WORDS = frozenset({"twin", "double", "triple", "simultaneous", "coordinated", "back-to-back"})
SERIES_COUNTS = frozenset({"both", "two", "three", "several"})
ORDINALS = frozenset({"first", "second", "third", "fourth", "last", "final", "latter", "former"})


def _ordinal(trigger: Token) -> bool:
    """"the second blast": a definite event noun with an ordinal."""
    mods = {c.lower_ for c in trigger.children if c.dep_ in ("det", "amod")}
    return trigger.pos_ == "NOUN" and "the" in mods and bool(mods & ORDINALS)


def _aggregate(trigger: Token, located: Located | None, time: TimeRef | None, toll: Figure | None) -> bool:
    """A bare plural event noun (no determiner, possessive or number) with no date, no
    town-level place and no toll of its own, or an event noun spread over days, weeks or
    months ("weeks of heavy fighting"): many occurrences, none told (ERE's generic
    and ACLED's event aggregation: an occurrence is dated and placed). "Twin bombings
    yesterday struck the cathedral" is pinned by its date, "attacks on the embassy" by its
    one target."""
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.tag_ == "NNS" and trigger.head.head.lemma_.lower() in SPAN_UNITS:
        return True  # "after weeks of heavy fighting": the fighting of many days, no one occurrence
    if trigger.pos_ != "NOUN" or trigger.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") or c.lower_ in COUNTING_WORDS for c in trigger.children):
        return False
    placed = located is not None and located.place is not None and located.strength > 0 and (located.precision or 3) <= 2
    # one target pins one occurrence: "rocket attacks on the U.S. Embassy", "raids on a convoy"
    target = any(o.tag_ == "NN" or o.ent_type_ in ("FAC", "ORG") for o in prep_objects(trigger, ("on", "against", "at")))
    return time is None and not placed and toll is None and not target


SPAN_UNITS = frozenset({"day", "week", "month", "year", "decade"})
"""Units whose plural spans an event noun over many occurrences ("weeks of fighting")."""
SEPARATE_OPENINGS = ("separately", "elsewhere", "in a separate", "in another", "in an unrelated")


def _earlier_one(trigger: Token) -> bool:
    """An indefinite event noun whose relative clause is in the past perfect tells an earlier,
    other event ("killed a police chief at the site of an explosion that had killed 34 the
    day before")."""
    if trigger.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in trigger.children):
        return False
    return any(c.dep_ == "relcl" and any(a.dep_ == "aux" and a.lower_ == "had" for a in c.children) for c in trigger.children)


def _told_apart(trigger: Token, others: set[int], first: int | None = None) -> bool:
    """The sentence opens by saying it tells another story ("Separately, ...", "Elsewhere,
    ...", "In a separate incident, ..."): its first event starts a happening of its own
    (``first``: the sentence's first trigger of any kind, a killing included; the other
    events of the sentence then join it as usual: "Elsewhere, 19 civilians were killed
    and 25 injured in a suicide bomb attack" is one happening)."""
    sent = trigger.sent
    opening = sent.text.lstrip().lower()
    earliest = min([i for i in others if i < trigger.i] + ([first] if first is not None else []), default=trigger.i)
    return opening.startswith(SEPARATE_OPENINGS) and earliest >= trigger.i


def _background(period: tuple[str, str | None, int] | None, published: dt.date | None) -> bool:
    if period is None or published is None:
        return False
    first = dt.date.fromisoformat(period[0][:10])
    last = dt.date.fromisoformat((period[1] or period[0])[:10])
    if period[2] == 3:
        last = first  # known only to a month or wider ("in October", "last month"): background when it began 30 days before (the event gold set's ruling)
    return (published - last).days >= realis.BACKGROUND_DAYS


def read_mention(
    span: SpacySpan, spec: Trigger, scene: Scene, others: set[int], told: frozenset[str] = frozenset(), first: int | None = None
) -> MentionReading | None:
    """The event mention at a trigger span, or ``None`` when it reports no event. ``told``:
    the lemmas of the event words read as violent events earlier in the document, which a
    definite description takes up ("A U.S. air strike killed 18. ... the strike took place
    in the village of X" needs no weapon in its own sentence)."""
    lexicon = scene.lexicon
    place_token: Token | None = None
    if spec.frame == "control":
        found = control_roles(span[-1])
        if found is None:
            return None
        trigger, agent_token, place_token = found
        patient_token = None
        if not _is_place_object(place_token, lexicon):
            return None
        anchor = clause_head(trigger)
        reading_context = realis.context(trigger, lexicon)
    else:
        trigger = span[-1] if span[-1].pos_ in ("NOUN", "VERB", "PROPN") else span.root
        attempt = spec.frame == "territory" and realis.governing_attempt(trigger, lexicon)
        reading_context = realis.context(trigger.head if attempt else trigger, lexicon)
        agent_token, patient_token = roles(trigger, spec, lexicon)
        anchor = clause_head(trigger.head if attempt else trigger)
    if reading_context is None or realis.negated_participant(agent_token) or realis.negated_participant(patient_token):
        return None  # negated: "killed no civilians", "neither side has withdrawn"
    if realis.generic_use(trigger, lexicon) is not None:
        return None
    if _victim_class(trigger):
        return None  # "half of those killed by air-dropped bombs": a class of victims, not a happening
    if spec.frame == "kill" and _accidental(trigger, lexicon):
        return None  # "killed when a bus crashed", "died in an earthquake": ACLED codes no accidents or disasters
    if spec.frame == "kill" and spec.objects:
        agent_token = None  # "police found the bodies of two soldiers": who found the dead did not kill them
    if any(c.dep_ == "amod" and c.lower_ == "controlled" and not (c.i and trigger.doc[c.i - 1].text in ("-", "–")) and not children(c, "advmod") for c in trigger.children):
        return None  # "blown up in a controlled explosion": a demolition, no attack
    if cumulative_period(trigger) is not None:
        return None  # a total over a period: a figure, not an event
    if trigger.tag_ == "NNS" and _totals_only(trigger.sent, scene):
        return None  # "the attacks ... left a total of 115 people dead": a sum over several events
    if spec.subtype in TALLY_KINDS and _totals_only(trigger.sent, scene, TALLY_KINDS[spec.subtype]):
        return None  # "4,000 monks have been arrested in the recent crackdown": a running total
    outcome = spec.frame == "kill" and _caused_by_other(trigger, agent_token, others, lexicon)
    weapon = _weapon_cause(trigger, agent_token, others, lexicon) if outcome else None
    if weapon is not None:
        outcome = False  # "killed by rockets": no trigger tells the attack, the killing does
    if spec.outcome_only and not outcome and weapon is None:
        return None
    if outcome and (agent_token is None or agent_token.i in others or agent_token.lemma_.lower() in lexicon.words("causes") or _weapon_cause(trigger, agent_token, set(), lexicon) is not None):
        agent_token = None  # "a bomb killed 12": the bomb is the event, not an actor ("troops killed 30 in an ambush" keeps the troops)
    elif weapon is not None:
        agent_token = _launcher(weapon) or weapon  # "rockets fired by Hezbollah"; "Russian missiles" name their state
    sent = trigger.sent
    located = _locate(trigger, anchor, sent, spec.type, scene, place_token, agent_token, told)
    country = _event_country(located, scene)
    political = spec.subtype == "Agreement"
    agent = name_actor(agent_token, scene.cast, event_country=country, political=political)
    patient = name_actor(patient_token, scene.cast, event_country=country, political=political)
    if spec.frame == "control":
        typed: tuple[str, str | None] | None = ("Battles", _territory_subtype(agent))
    else:
        typed = _typed(trigger, spec, agent, patient, patient_token, lexicon)
    if outcome and typed is None:
        # the killing reports its cause's event: a fight when armed men are among its dead
        typed = ("Battles", "Armed clash") if spec.frame == "kill" and _armed_victims(patient_token, lexicon) else (spec.type, spec.subtype)
    if weapon is not None:
        typed = ("Explosions/Remote violence", None)  # the sub-type comes from its delivery words
    if typed == ("Strategic developments", "Arrests") and agent is not None and agent.armed and agent.category not in ("State Forces", "External/Other Forces"):
        typed = ("Violence against civilians", "Abduction/forced disappearance")  # ACLED: only states arrest; a group that detains abducts
    crowd = next((a for a in (agent, patient) if a is not None and a.category in CROWDS), None)
    if typed is not None and typed[0] == "Battles" and crowd is not None and trigger.lemma_.lower() in MUTUAL_FIGHT:
        # ACLED: a clash needs two organised armed sides; demonstrators who fight police riot
        typed = ("Riots", "Violent demonstration")
        if crowd is patient:
            agent, patient = patient, agent  # "police clashed with protesters": the rioters are actor1
    elif typed is not None and typed[0] in ("Battles", "Violence against civilians") and trigger.lemma_.lower() in MUTUAL_FIGHT:
        riot = _crowd_against_police(trigger, agent, patient, scene, country)
        if riot is not None:
            typed, (agent, patient) = ("Riots", "Violent demonstration"), riot
    if typed is None:
        return None
    if spec.frame == "kill" and spec.objects and patient is None and typed[0] == "Violence against civilians" and (name := convention_name("civilians", country)):
        patient = Actor(name, "Civilians", None, None, country, convention="civilians")  # "two bodies were found": ACLED's unnamed dead are civilians
    if typed[0] in VIOLENT_TYPES and agent is not None and agent.convention == "civilians" and (name := convention_name("unidentified", agent.country)):
        # "a man stabbed two police officers": whoever attacks is no civilian of the event;
        # the text names no group, so ACLED's unnamed perpetrator
        agent = replace(agent, name=name, category=CONVENTION_CATEGORY["unidentified"], convention="unidentified")
    toll = _toll(trigger, sent, scene) if typed[0] in VIOLENT_TYPES else None
    killing = spec.frame == "kill" or any(c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "advmod", "xcomp") for c in trigger.children)  # "shot dead"
    if toll is None and spec.frame == "kill" and typed[0] in VIOLENT_TYPES:
        toll = _named_dead(patient_token, scene.doc_id)
    one_dead = _single_dead(patient_token, scene.doc_id, lexicon) if toll is None and killing and typed[0] in VIOLENT_TYPES else None
    if _cyber(agent_token, patient_token):
        return None  # "hackers attacked the website", "bombarding the homepage": ACLED codes no cyber attacks
    physical = patient_token is not None and patient_token.lemma_.lower() in (lexicon.words("facilities") | lexicon.words("military_posts") | lexicon.words("civilians")) - VERBAL_TARGETS
    if spec.evidence and not ((agent and agent.armed) or (patient and patient.armed) or physical or realis.violent_context(sent, lexicon, toll is not None) or _takes_up(trigger, told)):
        return None  # figurative: "a battle against Beijing over tariffs"
    if spec.evidence and any(c.dep_ in ("amod", "compound") and c.lower_ in FIGURATIVE_MODIFIERS for c in trigger.children):
        return None  # "a charm offensive", "a legal battle", "a price war": named as no violence
    if spec.frame == "territory":
        # the object is the place taken; who lost it is "from X" ("liberated Mosul from IS")
        loser = prep_objects(trigger, ("from",)) or [o for d in children(trigger, "dobj") for o in prep_objects(d, ("from",))]
        patient = name_actor(loser[0], scene.cast, event_country=country) if loser else None
    elif spec.frame == "control":
        patient = None
    elif spec.frame == "kill":
        pass  # "found the bodies of two soldiers": the dead are the patient
    elif spec.objects and spec.type != "Explosions/Remote violence":
        patient = None  # "extend its mission": the object says what kind of event, it is no actor
    elif spec.objects:
        # "fired rockets at Haifa": the object is the weapon; the target follows "at"/"on"/"into"
        target = prep_objects(trigger, ("at", "on", "into", "against"))
        patient = name_actor(target[0], scene.cast, event_country=country) if target else None
    # "the attack" after another violent event refers back; "the bombing of a convoy" introduces its target
    described = any(d.lower_ in ("a", "an") for o in prep_objects(trigger, ("of", "on", "against")) for d in o.children if d.dep_ == "det")
    time = event_time(trigger, anchor, sent, scene.times, told_before=_takes_up(trigger, told) or (bool(told) and not described))
    if (spec.frame == "kill" or spec.type == "Displacement") and (running_total(trigger, in_lead=trigger.idx < scene.lead_end, dated=time is not None) or _become_total(trigger, scene, time)):
        return None  # "100 Israelis have also been killed", "800,000 have become displaced": a total up to now
    if spec.type == "Displacement" and not _displacement(trigger, lexicon):
        return None
    if time is None and reading_context == "planned" and anchor.dep_ == "ccomp":
        time = event_time(anchor.head, clause_head(anchor.head), sent, scene.times)  # dated by its announcement
    period = period_of(time.value, time.mod) if time is not None and time.value else None
    if period is None:
        time = None
    if reading_context in ("past", "ongoing") and _background(period, scene.published):
        reading_context = "background"
    anaphoric, distinct = _anaphoric(trigger)
    distinct = distinct or (not anaphoric and (_sequenced(trigger, others) or _told_apart(trigger, others, first) or _earlier_one(trigger)))
    first, last = (min(trigger.i, span.start), max(trigger.i + 1, span.end)) if spec.frame == "control" else (span.start, span.end)
    words_span = scene.doc[first:last]
    return MentionReading(
        start=words_span.start_char,
        end=words_span.end_char,
        text=words_span.text,
        trigger=trigger.i,
        type=typed[0],
        subtype=typed[1],
        context=reading_context,
        generic_word=spec.generic_word,
        actor1=agent,
        actor2=patient,
        located=located,
        time=time,
        period=period,
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        toll=toll,
        one_dead=one_dead,
        anaphoric=anaphoric,
        distinct=distinct,
        outcome=outcome,
        vague_killing=spec.frame == "kill" and patient_token is not None and patient_token.lemma_.lower() in VAGUE_VICTIMS,
        unattributed=spec.frame == "kill" and agent_token is None,
        fight=trigger.lemma_.lower() in FIGHT_WORDS,
        in_lead=words_span.start_char < scene.lead_end,
        aggregate=_aggregate(trigger, located, time, toll),
        ordinal=_ordinal(trigger),
        series=trigger.tag_ == "NNS" and any(c.lower_ in COUNTING_WORDS | SERIES_COUNTS or c.dep_ == "nummod" for c in trigger.children),
        agent_words=_words_span(agent_token),
        patient_words=_words_span(patient_token),
        place_words=(located.start, located.end) if located is not None and located.strength > 0 else _words_span(_location_noun(trigger, anchor)),
    )


def _become_total(trigger: Token, scene: Scene, time: TimeRef | None) -> bool:
    """"have become displaced" (the perfect on "become", which the parser may hang on the
    participle as its passive auxiliary, or take the participle as its complement): a
    running total, as "have been displaced" is (:func:`running_total`)."""
    if time is not None or trigger.idx < scene.lead_end:
        return False

    def perfect(verb: Token) -> bool:
        return any(g.dep_ == "aux" and g.lemma_ == "have" and g.tag_ in ("VBP", "VBZ") for g in verb.children)

    if trigger.dep_ in ("acomp", "oprd") and trigger.head.lemma_.lower() == "become":
        return perfect(trigger.head)
    return any(c.dep_ == "auxpass" and c.lemma_.lower() == "become" and perfect(c) for c in trigger.children)


HARM_VERBS = frozenset({"kill", "shoot", "die", "murder", "wound", "injure", "hurt", "execute", "gun", "capture", "arrest", "abduct", "kidnap", "catch", "hit", "strike"})
"""Verbs whose fleeing victims were harmed while fleeing: the flight is not an event of its own."""
CASUALTY_OBJECTS = frozenset({"injured", "wounded", "dead", "body", "bodies", "casualty", "casualties", "victim", "victims", "remains"})
"""Objects of "evacuate" that make it a rescue, not a displacement ("evacuating the injured")."""


def _displacement(trigger: Token, lexicon: Lexicon) -> bool:
    """Whether a displacement word tells people moving at a place and time (the guidelines'
    sitroom type), not a description of people ("refugees fleeing conflict", "fleeing
    civilians", "displaced persons"), the circumstance of a killing ("were shot fleeing the
    school", "killed while fleeing"), the removal of casualties ("evacuating the injured")
    or armed men getting away ("the attackers fled into the forest", "fighters escaped from
    the camp": displaced persons are people forced from their homes, UN Guiding Principles
    on Internal Displacement, 1998, not combatants withdrawing)."""
    if trigger.dep_ in ("acl", "amod"):
        return False
    if trigger.tag_ == "VBG" and trigger.dep_ in ("xcomp", "advcl") and trigger.head.lemma_.lower() in HARM_VERBS:
        return False
    if any(o.lower_ == "cover" for o in prep_objects(trigger, ("for",))):
        return False  # "forced ambassadors to flee for cover": a dash to shelter, no displacement
    if _one_person_flees(trigger):
        return False  # "stabbed several people, then fled up London Bridge": an escape, not displacement
    if _armed_flee(trigger, lexicon):
        return False
    return not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in CASUALTY_OBJECTS for c in trigger.children)


VAGUE_VICTIMS = frozenset({"people", "person", "one", "other"})
"""Victims a killing counts without saying who they were."""
CYBER_WORDS = frozenset({"website", "homepage", "webpage", "server", "email", "e-mail", "database", "hacker", "hacking", "cyberattack", "software"})
"""Targets and agents of attacks in the digital sense, which ACLED does not code (its events
are physical violence, demonstrations and strategic developments). Not "site" (a military
site, a construction site), "network" (the Haqqani network) or "computer"."""


def _cyber(agent: Token | None, patient: Token | None) -> bool:
    """The attack is on a website, server or network, or by hackers."""
    return any(t is not None and t.lemma_.lower() in CYBER_WORDS for t in (agent, patient))


ONE_FLEER_NOUNS = frozenset({"attacker", "assailant", "gunman", "suspect", "bomber", "killer", "shooter", "man", "woman", "driver", "robber", "thief", "prisoner", "inmate"})


def _fleers(verb: Token) -> list[Token]:
    """The subjects of a flight verb, or of the verb it is coordinated with ("stabbed ..., then fled")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("conj", "dep") and verb.head.pos_ == "VERB":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return subjects


def _armed_flee(verb: Token, lexicon: Lexicon) -> bool:
    """Every subject of a flight verb is an armed actor's noun ("the militants fled", "ISIS
    fighters escaped", "soldiers fled their posts")."""
    subjects = _fleers(verb)
    if not subjects:
        return False
    armed = lexicon.words("perpetrators") | lexicon.words("armed_groups") | lexicon.words("state_forces") | lexicon.words("military_nouns")
    heads = [s for subject in subjects for s in (subject, *(c for c in subject.children if c.dep_ == "conj"))]
    return all(h.lemma_.lower() in armed or h.lower_ in armed for h in heads)


def _one_person_flees(verb: Token) -> bool:
    """The subject of a flight verb (or of the verb it is coordinated with) is one person:
    a named person, "he"/"she", or one attacker, suspect or man. Displacement is of people
    who leave their homes (UN Guiding Principles, 1998), not a single escape."""
    subjects = _fleers(verb)
    if len(subjects) != 1 or any(c.dep_ == "conj" for c in subjects[0].children):
        return False
    subject = subjects[0]
    return subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she") or (subject.tag_ == "NN" and subject.lemma_.lower() in ONE_FLEER_NOUNS)


def _words_span(token: Token | None) -> tuple[int, int] | None:
    """The phrase headed by ``token`` as a character span (a relative pronoun stands for the
    noun its clause modifies: "the attack, which killed..." -> "the attack")."""
    if token is None:
        return None
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        token = token.head.head
    span = phrase(token)
    return (span.start_char, span.end_char) if len(span) else None


LOCATIVE_NOUN_PREPS = frozenset({"in", "at", "near", "outside", "inside", "on", "along"})


def _location_noun(trigger: Token, anchor: Token) -> Token | None:
    """The object of a locative preposition of the trigger or its verb ("at the station"),
    whatever it names."""
    for head in (trigger, anchor):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_NOUN_PREPS:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ not in ("DATE", "TIME"):
                        return obj
    return None
