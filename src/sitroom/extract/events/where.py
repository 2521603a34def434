"""Where an event happened, with ACLED's geo-precision.

The event's place is its **location argument**: a place governed by a locative
preposition ("in", "at", "near", "outside", "on") of the trigger, of its clause's verb, or
of the trigger's object ("attacked a base in X"); "20 km north of X" is X at precision 2
with the offset kept. Places where people went ("fled to X"), that an actor's name holds
("Mosul residents", "U.S. troops") or that belong to the reporting clause ("a spokesman in
Washington said the rebels attacked...") are not the event's. Failing a location argument,
a place inside the trigger's clause. The dateline ("KHARTOUM, Sudan (AP) —") places the
lead events; otherwise document-level rules (:mod:`sitroom.extract.events.happenings`)
take the place another mention of the same happening gives, or the country.

ACLED geo-precision (Codebook 2023): 1 the event is at a named town or smaller place; 2
near a town ("near", "outside", "on the outskirts of", an offset), or in a second-level
division; 3 only a province, region or country is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._spans import doc_text, ents_within
from sitroom.extract.events.syntax import SPEECH_LEMMAS, in_subtree
from sitroom.model import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "across", "throughout", "through", "on", "along", "within", "off", "into", "over"})
ORIGIN_TYPES = frozenset({"Displacement", "Strategic developments"})
"""Types whose "from X" is where the event happened ("fled from Mosul", "withdrew from Gori")."""
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
REMOTE_TYPES = frozenset({"Explosions/Remote violence"})
"""Types whose "from X" is where the attacker stood, not where the event happened (ACLED
codes remote violence where it strikes)."""
NEAR_WORDS = frozenset({"near", "outside", "around", "close", "nearby", "outskirts", "vicinity", "edge"})
"""Words that put an event near, not at, the named place (ACLED geo-precision 2)."""
CONTESTED_NOUNS = frozenset({"battle", "fight", "fighting", "struggle", "offensive", "assault", "campaign", "siege"})
"""Event nouns whose "for X" is the place fought over, and so where it happens."""
SETTLEMENT_NOUNS = frozenset(
    {"city", "town", "village", "hamlet", "settlement", "district", "province", "governorate", "region", "area", "county", "municipality", "state", "suburb", "neighbourhood", "neighborhood", "port", "island", "camp", "capital", "enclave", "oblast", "prefecture", "subdistrict", "stronghold", "bastion"}
)
"""Nouns of "the town of X", "the Syrian city of X": X stands where the noun stands."""
NOT_LOCATIVE = frozenset({"to", "toward", "towards", "for", "with", "against", "between", "by"})
"""Prepositions whose object is no place of the event ("fled to X", "the border with X",
"fighting between X and Y", "a war against X")."""
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west", "northern", "southern", "eastern", "western"})
DATELINE = re.compile(r"\A\s*([A-Z][A-Z.'\- ]{2,40}?)(?:,\s*([A-Z][\w.' ]{1,40}?))?\s*(?:\([^)\n]{0,40}\))?\s*(?:[—–]|--?)\s")
"""A wire-service dateline: an upper-case place, an optional region or country, an optional
agency or date in brackets, a dash ("KHARTOUM, Sudan (AP) —", "GAZA CITY --")."""


@dataclass(frozen=True, slots=True)
class Located:
    """The place chosen for an event mention."""

    place: Place | None
    """The geocoded place (``None`` when the gazetteer has no entry for the name)."""
    start: int
    end: int
    name: str
    precision: int | None
    offset: str | None = None
    """An offset from the place as written ("20 km north of")."""
    explicit: bool = True
    """Named as the event's location in its own sentence (not a dateline or fallback)."""
    strength: int = 2
    """2 the location argument, 1 a place in the trigger's clause, 0 the sentence's only
    place, -1 a fallback (dateline, country)."""


def standing(ent: SpacySpan) -> Token:
    """The token that holds a place entity's place in the sentence: the entity's root, or
    the settlement noun of "the town of X" ("in the Syrian town of Al-Sukkariya" is a place
    in, as "in Al-Sukkariya" is)."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS:
        return root.head.head
    if _named_division(ent):
        return root.head  # "in Helmand province", "in the Kidal region"
    return root


DIVISION_PRECISION = {"province": 3, "state": 3, "region": 3, "governorate": 3, "department": 3, "oblast": 3, "prefecture": 3, "county": 2, "district": 2, "municipality": 2, "subdistrict": 2}
"""ACLED geo-precision of a place named as a division ("Kaduna state", "Jonglei state"):
the event is only known to lie somewhere in it."""


def division_named(ent: SpacySpan, place: Place | None = None) -> int | None:
    """The geo-precision the division word after the place gives ("in Sagaing region": 3,
    "in Bor county": 2), whether the parser hangs the place on it or the NER took it into the
    entity ("in Pattani province" as one place name; not when ``place``, the name's entry,
    is a populated place: "the Mission District" is a neighbourhood), ``None`` when none
    follows (a town, "the town of X")."""
    inside = DIVISION_PRECISION.get(ent[-1].lemma_.lower()) if len(ent) > 1 else None
    if inside is not None and not (place is not None and (place.feature_code or "").startswith("PPL")):
        return inside
    if not _named_division(ent):
        return None
    return DIVISION_PRECISION.get(ent.root.head.lemma_.lower())


def _named_division(ent: SpacySpan) -> bool:
    """The place names the settlement noun right after it ("Helmand province", "Sadr City
    district"), which the parser makes the head of the phrase."""
    root = ent.root
    return root.dep_ == "compound" and root.head.i == ent.end and root.head.lemma_.lower() in SETTLEMENT_NOUNS


def places_of(sent: SpacySpan) -> list[SpacySpan]:
    """Place entities of a sentence that are not used as modifiers ("Mosul residents"; "the
    United States ambassador", which the parser may hang on the noun as a determiner), but
    with the names of divisions ("Helmand province")."""
    return [e for e in ents_within(sent) if e.label_ in PLACE_LABELS and (e.root.dep_ not in ("compound", "amod", "npadvmod", "poss", "nmod", "det") or _named_division(e) or _named_settlement(e))]


def _named_settlement(ent: SpacySpan) -> bool:
    """"in the Spanish capital, Madrid": the name after a comma that follows a settlement noun
    names it, whatever the parser hung it on (here an adverbial of the verb)."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].lemma_.lower() in SETTLEMENT_NOUNS


SPEAKING_LEMMAS = SPEECH_LEMMAS | {"speak", "talk", "brief", "testify"}
"""Verbs whose place is where someone spoke ("speaking in Paris", "told reporters in Geneva")."""


def _speech_clause(token: Token, trigger: Token) -> bool:
    """``token`` is where someone spoke, not where the trigger's event took place: it hangs on
    a speech verb above the trigger ("said in Washington that...") or on a verb of speaking
    other than the trigger ("Macron, speaking in Paris, condemned the bombing"). A place of
    the speaker ("a policeman in Basra said four were killed") is often the event's, and is
    kept."""
    head = token.head.head if token.dep_ == "pobj" else token.head
    lemma = head.lemma_.lower()
    if head == trigger:
        return False
    if lemma in SPEECH_LEMMAS and in_subtree(trigger, head):
        return True
    return lemma in SPEAKING_LEMMAS and head.pos_ == "VERB" and not in_subtree(trigger, head)


def _offset(ent: SpacySpan) -> tuple[str, Token] | None:
    """"20 km north of X": the offset text and the direction word it hangs on."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    direction = root.head.head
    if direction.lower_ not in DIRECTIONS:
        return None
    start = direction.left_edge.i
    return ent.doc[start : root.head.i + 1].text, direction


def _governors(trigger: Token, anchor: Token, event_type: str = "") -> set[Token]:
    """Tokens whose locative modifiers locate the event: the trigger, its clause's verb, the
    trigger's direct objects and its targets ("the attack on the embassy in Baghdad"; not
    what a protest is against: "protested against the strikes on Gaza")."""
    found = {trigger, anchor}
    for token in (trigger, anchor):
        found.update(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))
    targets = ("on", "at") if event_type == "Protests" else ("on", "against", "at")
    found.update(o for p in trigger.children if p.dep_ == "prep" and p.lower_ in targets for o in p.children if o.dep_ == "pobj")
    return found


WITNESS_VERBS = frozenset({"see", "witness", "experience", "suffer", "endure"})
"""Verbs whose place subject is where their event object happened ("the town saw heavy
fighting", "Mogadishu is witnessing heavy fighting")."""


def _scene_of(ent: SpacySpan, trigger: Token) -> bool:
    """The place names the event's scene without a preposition: a modifier of the event
    noun ("a Kabul car bombing", "the Mosul offensive"), or the subject of a verb of
    witnessing whose object is the event."""
    root = ent.root
    if trigger.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "nmod") and (root.head == trigger or (root.head.dep_ == "compound" and root.head.head == trigger)):
        return True
    root = standing(ent)
    return root.dep_ == "nsubj" and trigger.dep_ == "dobj" and trigger.head == root.head and root.head.lemma_.lower() in WITNESS_VERBS


def _names_target(ent: SpacySpan, struck: set[Token]) -> bool:
    """The place modifies the noun of what the event struck ("the Jenin refugee camp")."""
    root = ent.root
    return root.dep_ in ("compound", "nmod") and (root.head in struck or (root.head.dep_ == "compound" and root.head.head in struck))


def _known(place_at: Callable[[int], Place | None] | None, ent: SpacySpan) -> bool:
    return place_at is not None and place_at(ent.start_char) is not None


def _town(place_at: Callable[[int], Place | None] | None, ent: SpacySpan) -> bool:
    place = place_at(ent.start_char) if place_at is not None else None
    return place is not None and geo_precision_code(place.feature_code) in (1, 2)


def location_argument(
    trigger: Token, anchor: Token, sent: SpacySpan, event_type: str, place_at: Callable[[int], Place | None] | None = None
) -> tuple[SpacySpan, str | None, Token] | None:
    """The place entity governed as the event's location, its offset text, and the token
    whose preposition governs it; ``None`` when the sentence gives none. ``place_at`` (the
    geocoded place at a character offset) lets a town that modifies the event noun place it
    ("a Kabul car bombing"); a country there names the actor ("a U.S. raid")."""
    governors = _governors(trigger, anchor, event_type)
    preps = LOCATIVE_PREPS | ({"from"} if event_type in ORIGIN_TYPES else frozenset())
    if trigger.pos_ == "NOUN" and trigger.lemma_.lower() in CONTESTED_NOUNS:
        preps = preps | {"for"}  # "the battle for Mosul"
    if event_type in VIOLENT_TYPES:
        preps = preps | {"against"}  # "an offensive against the town of X": the place attacked
    candidates = [
        (ent, None, ent.root)
        for ent in ents_within(sent)
        if ent.label_ in PLACE_LABELS and _scene_of(ent, trigger) and (standing(ent).dep_ == "nsubj" or _town(place_at, ent))
    ]
    struck = {c for t in (trigger, anchor) for c in t.children if c.dep_ in ("dobj", "nsubjpass")}
    candidates += [
        (ent, None, ent.root)
        for ent in ents_within(sent)
        if ent.label_ in PLACE_LABELS and _names_target(ent, struck) and _town(place_at, ent)
    ]  # "raided the Jenin refugee camp", "shelled the Kabul airport": a town's facility
    candidates += [
        (ent, None, ent.root.head)
        for ent in ents_within(sent)
        if ent.label_ in PLACE_LABELS
        and ent.root.dep_ == "pobj"
        and ent.root.head.lower_ == "of"
        and ent.root.head.head in struck
        and ent.root.head.head.lemma_.lower() in SETTLEMENT_NOUNS
        and _known(place_at, ent)
    ]  # "raided the West Bank city of Hebron": the settlement struck is named by its "of" (an unknown one leaves the place around it)
    for ent in places_of(sent):
        root = ent.root
        offset = _offset(ent)
        if offset is not None:
            text, direction = offset
            prep = direction.head if direction.dep_ in ("pobj", "npadvmod", "advmod") else direction
            # "attacked a checkpoint 20 km north of Kirkuk", "a strike on a base east of Beirut"
            if (prep.lower_ in preps and prep.head in governors) or direction.head in governors or any(in_subtree(direction, g) for g in governors):
                candidates.append((ent, text, prep))
            continue
        root = standing(ent)
        if root.dep_ == "pobj" and root.head.lower_ in preps and root.head.head in governors:
            candidates.append((ent, None, root.head))
        elif root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.lower_ in preps and root.head.head.head in governors:
            candidates.append((ent, None, root.head.head))  # "in the town, Baalbek"
    if not candidates:
        return None

    def named_by_noun(ent: SpacySpan) -> bool:
        """"the West Bank city of Hebron": the town noun's known "of"-object is the place it
        names, before the place that modifies the noun."""
        root = ent.root
        owner = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
        noun = owner.lemma_.lower() if owner is not None and not owner.ent_type_ else ""  # not "Barkhan city of Balochistan": the noun is a name's
        return noun in SETTLEMENT_NOUNS and noun != "capital" and _known(place_at, ent)  # "the capital of X" is X's, not X

    return min(candidates, key=lambda c: (not named_by_noun(c[0]), abs(c[0].root.i - trigger.i)))


def place_in_clause(trigger: Token, anchor: Token, sent: SpacySpan, event_type: str = "", exclude: Token | None = None) -> SpacySpan | None:
    """A place inside the trigger's phrase or clause, not in the reporting clause, not where
    people went nor, for remote violence, where the shot came from ("rockets fired from
    Gaza"), nor, for a protest, in what it protests ("against the strikes on Gaza"), not the name of the agent (``exclude``) nor the subject of the clause
    ("Pakistan condemned the strike": a participant; "the town saw fighting" is a location
    argument), nor in a coordinated clause of its own, nearest first."""
    excluded = NOT_LOCATIVE | {"from"} if event_type in REMOTE_TYPES else NOT_LOCATIVE
    options = [e for e in places_of(sent) if not _speech_clause(e.root, trigger) and standing(e).head.lower_ not in excluded and not _names(e, exclude)]
    if event_type == "Protests":
        causes = [p for p in trigger.children if p.dep_ == "prep" and p.lower_ in ("against", "over")]
        options = [e for e in options if not any(in_subtree(e.root, p) for p in causes)]  # "protest against the strikes on Gaza"
    for root in (trigger, anchor):
        inside = [e for e in options if in_subtree(e.root, root) and not _other_clause(e.root, root, trigger) and not (standing(e).dep_ == "nsubj" and standing(e).head == anchor)]
        if inside:
            # "in X" before "from X", then the nearest
            return min(inside, key=lambda e: (standing(e).dep_ == "pobj" and standing(e).head.lower_ not in LOCATIVE_PREPS, abs(e.root.i - trigger.i)))
    return None


def _other_clause(token: Token, root: Token, trigger: Token) -> bool:
    """``token`` lies in a clause coordinated under ``root`` that does not hold the trigger
    ("The attack caused a stir, and Syria called in a diplomat from the U.S.")."""
    while token != root and token.head != token:
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and not in_subtree(trigger, token):
            return True
        token = token.head
    return False


def _names(ent: SpacySpan, token: Token | None) -> bool:
    """``ent`` is (part of) the phrase that names ``token``: the agent "U.S." of "the U.S. air strike"."""
    return token is not None and (token.i in range(ent.start, ent.end) or ent.root.head == token and ent.root.dep_ == "compound")


def place_in_sentence(trigger: Token, sent: SpacySpan, place_at: Callable[[int], Place | None] | None = None, exclude: Token | None = None) -> SpacySpan | None:
    """The one place of the sentence that is not a destination, an origin or the speaker's,
    when there is exactly one (a weaker guess than a place in the trigger's clause); with
    ``place_at`` (the geocoded place at a character offset), also the one town among places
    that all hold it ("died in the city of Aden, in southern Yemen, after being shot")."""
    options = [
        e
        for e in places_of(sent)
        if standing(e).dep_ == "pobj" and standing(e).head.lower_ in ("in", "at", "near", "outside", "around", "inside", "across", "throughout") and not _speech_clause(e.root, trigger) and not _names(e, exclude) and not _other_clause(e.root, sent.root, trigger)
    ]
    names = {e.text for e in options}
    if len(names) == 1:
        return options[0]
    if place_at is None or not options:
        return None
    found = [(e, place_at(e.start_char)) for e in options]
    towns = {p.geonames_id: e for e, p in found if p is not None and geo_precision_code(p.feature_code) in (1, 2)}
    if len(towns) != 1:
        return None
    town = place_at(next(iter(towns.values())).start_char)
    wider = [p for _, p in found if p is not None and p.geonames_id != town.geonames_id]
    holds = all(p.country == town.country and ((p.feature_code or "").startswith("PCL") or (p.feature_code == "ADM1" and p.admin1 == town.admin1)) for p in wider)
    return next(iter(towns.values())) if holds and all(p is not None for _, p in found) else None


def precision_of(place: Place | None, mention: SpacySpan, offset: str | None) -> int | None:
    """ACLED geo-precision of a place mention (``None`` when the gazetteer has no entry)."""
    if place is None or not place.feature_code:
        return None
    code = geo_precision_code(place.feature_code)
    if offset:
        return max(code or 2, 2)
    if code == 1 or mention.label_ == "FAC":
        near = any(t.lower_ in NEAR_WORDS for t in mention.doc[max(mention.sent.start, mention.start - 4) : mention.start])
        stand = standing(mention)  # "near the Hezbollah stronghold of Baalbek": the noun the town stands for is near
        near = near or (stand is not mention.root and stand.dep_ == "pobj" and stand.head.lower_ in NEAR_WORDS)
        return 2 if near else 1
    return code


def town_of_province(place: Place | None) -> Place | None:
    """The town a first-level division is named after ("Basra" the province -> Basra the
    city), when the gazetteer has one of that name inside it: an event is told where it
    happened, and news that names "Basra" as the scene means the city (ACLED codes the
    town, precision 1). ``None`` when there is no such town."""
    if place is None or place.feature_code != "ADM1":
        return None
    from sitroom.geo import gazetteer

    towns = [c for c in gazetteer().lookup(place.name) if c.feature_code.startswith("PPL") and c.country == place.country and c.admin1 == place.admin1]
    if not towns:
        return None
    town = max(towns, key=lambda c: c.population)
    return Place(place.span, place.text, town.name, town.geonames_id, town.lat, town.lon, town.country, town.admin1, town.feature_code, "town of its province")


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


def dateline(doc: Doc) -> tuple[str, int, int, int] | None:
    """``(place name, start, end, dateline end)`` of a wire dateline opening the text."""
    m = DATELINE.match(doc_text(doc))
    if m is None:
        return None
    name = m.group(1).strip()
    if len(name) < 3 or not name.replace(" ", "").replace(".", "").replace("-", "").replace("'", "").isalpha():
        return None
    return name.title(), m.start(1), m.start(1) + len(m.group(1).rstrip()), m.end()


def place_name(ent: SpacySpan) -> str:
    """A place entity as written, without a leading "the"."""
    return ent.text[4:] if ent.text[:4].lower() == "the " else ent.text


MOTION_LEMMAS = frozenset({"head", "bind", "bound", "travel", "sail", "fly", "flee", "escape", "deport", "evacuate", "ship", "export"})
"""Verbs whose "to"/"for" object is where someone or something was going, not where the
paragraph's events took place ("the ship, which was headed to Dar es Salaam in Tanzania").
Not "send", "move" or "march": troops sent to a country and a march to a square go where
the events of the story are."""


CROSSING_LEMMAS = frozenset({"cross", "pour", "stream", "spill", "slip", "return"})
"""Verbs whose "into X" is where people went ("crossed into Kyrgyzstan")."""
REFUGE_NOUNS = frozenset({"refuge", "asylum", "sanctuary", "safety"})
"""Objects of "seek"/"find"/"take" whose "in X" is where people fled to ("sought refuge in X")."""


def destination(doc: Doc, place: Place) -> bool:
    """The place is where something was going ("headed to Dar es Salaam in Tanzania", "bound for
    Europe"), not where the paragraph's events happened."""
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(6):
        if token.dep_ not in ("pobj", "prep", "appos", "compound", "conj", "pcomp") and not (token.dep_ == "dobj" and token.head.dep_ == "pcomp"):
            return False  # (a "dobj" only under a participle the parser made of an adjective: "in neighboring X")
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in ("to", "towards", "toward", "for") and head.head.lemma_.lower() in MOTION_LEMMAS:
            return True
        if token.dep_ == "pobj" and head.lower_ == "into" and head.head.lemma_.lower() in MOTION_LEMMAS | CROSSING_LEMMAS:
            return True  # "hundreds have crossed into Kyrgyzstan"
        if head.lower_ in ("in", "into") and any(c.dep_ == "dobj" and c.lemma_.lower() in REFUGE_NOUNS for c in head.head.children):
            return True  # "fleeing to seek refuge in neighboring Kyrgyzstan"
        if head == token:
            return False
        token = head
    return False
