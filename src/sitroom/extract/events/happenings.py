"""One event per happening in a document: the mentions that report the same attack join.

News tells one attack in several sentences ("A suicide bomber struck the embassy on
Monday ... The blast killed 41 ... The attack was condemned"); ACLED codes it once. Taking
mentions in text order, a mention joins the latest happening it is **compatible** with
and **tied** to, else it starts a happening:

* compatible: the same kind of context (told as fact, planned, hypothetical, history); the
  same ACLED type, or both violent types (Battles, Explosions/Remote violence, Violence
  against civilians) with one of them told by a general word ("attack", "killed") or
  without sub-type; places that agree (the same GeoNames entry, or one only the country or
  region that holds the other, or one without a place); dates that overlap (or one
  undated); named actors not disjoint;
* tied: a definite description ("the attack", "that blast", "its offensive"); or the same
  sentence; or within ``NEAR_SENTENCES`` sentences of the happening's last mention, in the
  same paragraph (or the paragraph right after a lead that told the happening), with the
  same sub-type or a general word; or the same explicit place. A mention that says it is
  another ("a second blast", "a similar attack"), is told as coming after or before
  another event of its sentence, or opens a "Separately," sentence never joins; a bare
  plural that nothing pins ("launched rocket attacks") joins but never starts one; a
  killing told as another event's outcome never starts one either, and when it comes
  before its cause ("troops killed 30 fighters in an ambush") it joins the cause's
  happening with its agent and victims.

The happening takes, from its mentions, the most specific type (ACLED's precedence:
Explosions/Remote violence over Violence against civilians over Battles; a killing of
"people" no word types counts last, and a suicide bombing outranks the device it used), the named actors
(a group the text names before a description), the most precise place and date, and the
toll of its first mention that states one (the dead it names, or 0 when its sentences say
nobody died). What the text leaves unsaid is filled by ACLED's conventions: an unnamed
perpetrator of violence is ``Unidentified Armed Group (<Country>)``, of an air strike
``Unidentified Military Forces``; the victims of an attack told only as people killed are
``Civilians (<Country>)``; a clash given one side takes the other from its sentences; an
explosion without sub-type is typed by how it was delivered; a lead event the text does not
date takes the publication day (``inferred``, precision 2); a happening with no place (or
a name the gazetteer lacks) takes the place of another event of its sentence, the
dateline's (lead events), the place of the event told just before it in its paragraph
(precision 2 or wider), in the first paragraph the one town its first sentence names
when there is no dateline, the town the article is about (named as a place at least twice,
twice as often as any other), the country of most places of its paragraph, or the
document's country (precision 3).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sitroom.extract._spans import doc_text
from sitroom.extract.events.mentions import NAMED_DEAD, MentionReading, Scene
from sitroom.extract.events.roles import Actor, convention_name, external
from sitroom.extract.events.syntax import SPEECH_LEMMAS
from sitroom.extract.events.where import Located, destination
from sitroom.geo.countries import country_name
from sitroom.geo.resolve import haversine_km
from sitroom.model import Event, Figure, Place, Span

RULE = "sitroom.events.v2"
NEAR_KM = 161.0
"""Two approximate places (ACLED geo-precision 2 or 3) this close can be one event's."""
NEAR_SENTENCES = 3
PARAGRAPH_BREAK = re.compile(r"\n+")
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
TYPE_RANK = {"Explosions/Remote violence": 0, "Violence against civilians": 1, "Battles": 2, "Riots": 3, "Protests": 4}
CROWD_TYPES = frozenset({"Protests", "Riots"})
FACT_CONTEXTS = frozenset({"past", "ongoing"})


@dataclass
class Happening:
    """Mentions of one happening, in text order."""

    mentions: list[MentionReading] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    """Sentence number of each mention."""

    @property
    def last(self) -> MentionReading:
        return self.mentions[-1]


def _context_kind(context: str) -> str:
    """Told as having happened (past, ongoing or background history), or not (planned,
    hypothetical): only mentions of one kind join."""
    return "fact" if context in FACT_CONTEXTS or context == "background" else context


SUICIDE_DEVICE = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})
"""Sub-types that tell one blast: a suicide bomber's device is an explosive ("a suicide bomber
exploded a truck bomb"); the happening takes the suicide sub-type (ACLED's precedence)."""


def _types_compatible(m: MentionReading, h: Happening) -> bool:
    types = {x.type for x in h.mentions}
    if m.type in types and (m.type not in VIOLENT or m.subtype is None or all(x.subtype in (None, m.subtype) for x in h.mentions if x.type == m.type)):
        return True
    if m.type == "Explosions/Remote violence" and m.subtype in SUICIDE_DEVICE and all(x.subtype in SUICIDE_DEVICE | {None} for x in h.mentions if x.type == m.type):
        return True
    if m.type in VIOLENT and types <= VIOLENT:
        return m.generic_word or m.subtype is None or all(x.generic_word or x.subtype is None for x in h.mentions)
    if m.generic_word and m.type in VIOLENT and types <= CROWD_TYPES:
        # "at least one monk was killed" told after a crackdown on the protests: its victims
        return "Riots" in types or any(x.subtype == "Excessive force against protesters" for x in h.mentions)
    return types | {m.type} <= CROWD_TYPES  # a demonstration that turned violent is one riot


def _places_agree(a: Located | None, b: Located | None) -> bool:
    if a is None or b is None or not a.explicit or not b.explicit:
        return True
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return a.name.lower() == b.name.lower()
    if pa.geonames_id == pb.geonames_id:
        return True
    if (a.precision or 3) >= 2 or (b.precision or 3) >= 2:
        if pa.lat is not None and pb.lat is not None and pa.lon is not None and pb.lon is not None and haversine_km((pa.lat, pa.lon), (pb.lat, pb.lon)) <= NEAR_KM:
            return True  # "near Balad" and "50 miles north of Baghdad"
    if pa.country != pb.country:
        return False
    wide = {p.feature_code or "" for p in (pa, pb)}
    if any(code.startswith("PCL") for code in wide):
        return True
    if "ADM1" in wide:
        return pa.admin1 == pb.admin1
    return False


def _bounds(m: MentionReading) -> tuple[dt.date, dt.date] | None:
    if m.period is None:
        return None
    first = dt.date.fromisoformat(m.period[0][:10])
    last = dt.date.fromisoformat((m.period[1] or m.period[0])[:10])
    return first, last


def _dates_agree(m: MentionReading, h: Happening) -> bool:
    mine = _bounds(m)
    if mine is None:
        return True
    for other in h.mentions:
        theirs = _bounds(other)
        if theirs is not None and (mine[1] < theirs[0] or theirs[1] < mine[0]):
            return False
    return True


def _named(actor: Actor | None) -> set[str]:
    return {actor.name} if actor is not None and actor.named else set()


def _actors_agree(m: MentionReading, h: Happening) -> bool:
    """Named actors agree role by role, and none is in the opposite role (Islamic State
    seizing Mosul is not the liberation of Mosul from Islamic State); an armed clash has no
    direction, so its two sides are compared as a set."""
    a1m, a2m = _named(m.actor1), _named(m.actor2)
    a1h = {n for x in h.mentions for n in _named(x.actor1)}
    a2h = {n for x in h.mentions for n in _named(x.actor2)}
    if m.type == "Battles" and m.subtype == "Armed clash":
        mine, theirs = a1m | a2m, a1h | a2h
        return not mine or not theirs or bool(mine & theirs)
    if (a1m and a1h and not a1m & a1h) or (a2m and a2h and not a2m & a2h):
        return False
    return not (a1m & a2h or a2m & a1h)


def _tolls_agree(m: MentionReading, h: Happening) -> bool:
    """A sentence that gives its own, different death toll tells another happening unless it
    refers back to it ("75 were killed in fighting in Sadr City. Two Americans were killed by
    a roadside bomb in east Baghdad.": two events, each with its toll)."""
    if m.toll is None or m.anaphoric:
        return True
    return all(x.toll is None or x.sent_start == m.sent_start or x.toll.value == m.toll.value for x in h.mentions)


def compatible(m: MentionReading, h: Happening) -> bool:
    """The mention can report the same happening (see the module notes)."""
    return (
        _context_kind(m.context) == _context_kind(h.mentions[0].context)
        and _types_compatible(m, h)
        and all(_places_agree(m.located, x.located) for x in h.mentions)
        and _dates_agree(m, h)
        and _actors_agree(m, h)
        and _tolls_agree(m, h)
    )


def _same_place(m: MentionReading, h: Happening) -> bool:
    if m.located is None or m.located.place is None:
        return False
    return any(x.located is not None and x.located.place is not None and x.located.place.geonames_id == m.located.place.geonames_id for x in h.mentions)


def _tells_lead(m: MentionReading, h: Happening, breaks: Callable[[int, int], int]) -> bool:
    """The mention opens the body right after a lead that told the happening: news puts the
    gist of the story first and its details in the next paragraph ("A suicide bomber has
    killed 24 children in Iraq." / "... a bomber drove a car up to the group and
    detonated his weapon.")."""
    return all(x.in_lead for x in h.mentions) and breaks(h.last.end, m.start) == 1


def tied(m: MentionReading, sentence: int, h: Happening, breaks: Callable[[int, int], int]) -> bool:
    """Something in the text says the mention is of this happening."""
    if m.anaphoric:
        return True
    if sentence in h.sentences:
        return True
    same_kind = m.generic_word or h.last.generic_word or m.subtype is None or m.subtype == h.last.subtype
    if sentence - h.sentences[-1] <= NEAR_SENTENCES and same_kind and (not breaks(h.last.end, m.start) or _tells_lead(m, h, breaks)):
        return True
    history = {x.context == "background" for x in h.mentions}
    if (m.context == "background") not in history and len(history) == 1:
        return False  # history and news of one place are told apart unless the text ties them
    return _same_place(m, h) and (m.subtype is None or h.last.subtype is None or m.subtype == h.last.subtype)


def group(readings: Sequence[MentionReading], sentence_of: Sequence[int], text: str = "") -> list[Happening]:
    """Mentions in text order grouped into happenings (see the module notes); ``text``
    tells where paragraphs break (a mention is tied by nearness only within its paragraph)."""

    def breaks(start: int, end: int) -> int:
        """Paragraph breaks between two offsets."""
        return len(PARAGRAPH_BREAK.findall(text, start, end))

    happenings: list[Happening] = []
    waiting: list[tuple[MentionReading, int]] = []  # killings whose cause is told later in their sentence
    for m, sentence in zip(readings, sentence_of, strict=True):
        target = None
        if not m.distinct:
            for h in reversed(happenings):
                if compatible(m, h) and tied(m, sentence, h, breaks):
                    target = h
                    break
        elif m.ordinal:
            # "Twin bombings struck the cathedral. The second blast hit first responders.": a member of the series
            target = next((h for h in reversed(happenings) if any(x.series for x in h.mentions) and compatible(m, h)), None)
        if target is None:
            if m.outcome:
                waiting.append((m, sentence))  # "troops killed 30 fighters in an ambush": the ambush comes next
                continue
            if m.aggregate:
                continue  # a bare plural tells none
            target = Happening()
            happenings.append(target)
        target.mentions.append(m)
        target.sentences.append(sentence)
        for w, at in waiting:
            if at == sentence and w.context == m.context:
                target.mentions.append(w)
                target.sentences.append(at)
        waiting = [(w, at) for w, at in waiting if at > sentence]
    return happenings


# --- the Event of a happening ----------------------------------------------------------------------


def _type(h: Happening) -> tuple[str, str | None, MentionReading]:
    """The most specific type of the happening, and the mention that gives it."""

    fought = any(m.fight and m.type == "Battles" for m in h.mentions)

    def rank(m: MentionReading) -> tuple[bool, bool, int, bool, bool]:
        # a general word ("killed", "attack") types the happening only when no other does, a
        # killing of "people" after any other ("forces battled militants ... sixty people have
        # been killed": a battle), and so does a killing without its killer in a fight ("fighting
        # raged ... 20 civilians were killed": crossfire); a suicide bombing outranks the device it used
        return (m.generic_word, m.vague_killing or (fought and m.unattributed), TYPE_RANK.get(m.type, 3), m.subtype is None, m.subtype != "Suicide bomb")

    best = min(h.mentions, key=rank)
    if best.type == "Protests":
        # ACLED: a demonstration in which the demonstrators fight is a riot, however it is told;
        # one the forces fire on is one of excessive force
        best = next((m for m in h.mentions if m.type == "Riots"), None) or next((m for m in h.mentions if m.type == "Protests" and m.subtype not in (None, "Peaceful protest")), best)
    return best.type, best.subtype, best


def _actor(h: Happening, role: str, exclude: str | None, *, fight: bool = False) -> Actor | None:
    """The happening's actor in ``role``: a named one before a description. In a ``fight``
    (a battle told by "fighting", "clashes"...) the civilians of a killing told without its
    killer ("fighting raged ... at least 20 civilians were killed") are its casualties, not its
    other side (ACLED counts civilians killed in crossfire among a battle's fatalities);
    fighters killed so ("seventy Taliban were killed when they clashed with ...") are a side."""
    found = [
        getattr(m, role)
        for m in h.mentions
        if getattr(m, role) is not None and getattr(m, role).name != exclude and not (fight and m.unattributed and getattr(m, role).category == "Civilians")
    ]
    if not found:
        return None
    return min(found, key=lambda a: (not a.named, a.start is None))


def _place(h: Happening) -> Located | None:
    found = [m.located for m in h.mentions if m.located is not None and m.located.place is not None]
    if not found:
        named = [m.located for m in h.mentions if m.located is not None]
        return named[0] if named else None
    return min(found, key=lambda loc: (loc.precision or 4, -loc.strength))


def _time(h: Happening) -> MentionReading | None:
    dated = [m for m in h.mentions if m.period is not None]
    if not dated:
        return None
    return min(dated, key=lambda m: m.period[2] if m.period else 9)


NO_CASUALTIES = re.compile(
    r"\b(?:no (?:casualties|deaths|fatalities|one (?:was|were) (?:killed|hurt|injured|harmed))|nobody (?:was|were) (?:killed|hurt|injured|harmed)"
    r"|no(?:ne| one) (?:was|were) (?:killed|hurt|injured|harmed)|(?:caused|produced|left) no (?:casualties|deaths|injuries)|without (?:casualties|loss of life))\b",
    re.IGNORECASE,
)
"""Words that report an event killed nobody ("No casualties were reported"): ACLED codes 0."""


def _no_casualties(h: Happening, scene: Scene) -> bool:
    """A sentence of the happening, or the one after its last mention, says nobody died."""
    doc = scene.doc
    for m in h.mentions:
        sent = doc.char_span(m.sent_start, m.sent_end, alignment_mode="expand")
        if sent is None:
            continue
        texts = [sent.text]
        if m is h.last and sent.end < len(doc):
            texts.append(doc[sent.end].sent.text)
        if any(NO_CASUALTIES.search(t) for t in texts):
            return True
    return False


def _following_toll(h: Happening, scene: Scene) -> Figure | None:
    """The dead the sentence right after one of the happening's mentions counts (the first
    such), in its paragraph, when the happening's own sentences count none ("The LTTE bombed Colombo on
    Friday. At least two are dead and another 50 injured."): news gives the toll of an attack
    in the next sentence. Not a total, a projection, nor a count that sentence dates or
    places itself (its own time or place: another happening); a sentence with an event of its own keeps its figure
    (:func:`sitroom.extract.events._one_toll_per_figure`: the nearest mention)."""
    doc = scene.doc
    for m in h.mentions:  # the sentence after the first mention that has one
        sent = doc.char_span(m.sent_start, m.sent_end, alignment_mode="expand")
        if sent is None or sent.end >= len(doc):
            continue
        nxt = doc[sent.end].sent
        if "\n\n" in doc_text(doc)[sent.end_char : nxt.start_char + 1] or any(nxt.start_char <= t.span.start < nxt.end_char for t in scene.times):
            continue
        if any(e.label_ in ("GPE", "LOC", "FAC") for e in nxt.ents):
            continue  # "In Kandahar, at least five people are dead": a place of its own, another story
        found = [f for f in scene.figures if f.kind == "killed" and nxt.start_char <= f.span.start < nxt.end_char and not (f.cumulative or f.projection)]
        if len(found) == 1:
            return found[0]
    return None


def _other_side(h: Happening, scene: Scene, actor1: Actor, country: str | None) -> Actor | None:
    """The other side of a clash the text gives one side of: a named armed group of its
    sentences other than ``actor1``, else "Unidentified Armed Group (<Country>)" when they
    speak of militants, rebels or gunmen other than ``actor1`` (an armed clash has two
    sides, ACLED Codebook 2023), else the state's forces holding the post attacked."""
    doc = scene.doc
    sentences = [doc.char_span(m.sent_start, m.sent_end, alignment_mode="expand") for m in h.mentions]
    sentences = [s for s in sentences if s is not None]
    for sent in sentences:
        for i, group in scene.cast.groups:
            if sent.start <= i < sent.end and group.name != actor1.name:
                return group.placed(country)
    if actor1.convention == "unidentified":
        return _garrison(h, scene, actor1, country)
    armed = scene.lexicon.words("armed_groups") | scene.lexicon.words("perpetrators")
    for sent in sentences:
        for token in sent:
            if actor1.start is not None and token.left_edge.idx <= actor1.start < token.idx + len(token.text):
                continue  # "Taliban fighters": the side given, not the other one
            if token.pos_ == "NOUN" and token.lemma_.lower() in armed and (name := country_name(country)):
                return Actor(f"Unidentified Armed Group ({name})", "Political Militias", token.idx, token.idx + len(token.text), country, convention="unidentified", stated=False)
    if actor1.category in ("State Forces", "External/Other Forces") and (name := country_name(country)):
        # state forces in an armed clash fight somebody: unnamed, an Unidentified Armed Group
        return Actor(f"Unidentified Armed Group ({name})", "Political Militias", None, None, country, convention="unidentified", stated=False)
    return _garrison(h, scene, actor1, country)


def _garrison(h: Happening, scene: Scene, actor1: Actor, country: str | None) -> Actor | None:
    """The state's forces, when an armed group attacks a post only armies hold ("attacked a
    checkpoint", "overran a base") and the text names no owner (ACLED: Military Forces of
    <Country>)."""
    if actor1.armed and actor1.category not in ("State Forces", "External/Other Forces") and (name := country_name(country)):
        posts = scene.lexicon.words("military_posts")
        for m in h.mentions:
            span = scene.doc.char_span(*m.patient_words, alignment_mode="expand") if m.patient_words is not None and m.actor2 is None else None
            if span is not None and span.root.lemma_.lower() in posts:
                return Actor(convention_name("military", country) or name, "State Forces", span.start_char, span.end_char, country, convention="military", stated=False)
    return None


def _sentence_words(h: Happening, scene: Scene, following: bool = False) -> set[str]:
    """Lemmas, lemma pairs and lower-case word triples of the happening's sentences (and,
    with ``following``, of the sentence after its last mention)."""
    doc = scene.doc
    words: set[str] = set()
    sents = [doc.char_span(m.sent_start, m.sent_end, alignment_mode="expand") for m in h.mentions]
    last = sents[-1] if sents else None
    if following and last is not None and last.end < len(doc):
        sents.append(doc[last.end].sent)
    for sent in sents:
        if sent is not None:
            lemmas = [t.lemma_.lower() for t in sent]
            words |= set(lemmas) | {f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)}
            words |= {" ".join(w.lower() for w in sent.text.split()[i : i + 3]) for i in range(len(sent.text.split()))}
    return words


def _intervention(h: Happening, scene: Scene) -> str | None:
    """``police`` or ``military`` when the protest's sentences, or the one after them, tell
    forces dispersing it ("fired tear gas", "water cannon", "dispersed"), ``None`` otherwise."""
    words = _sentence_words(h, scene, following=True)
    if not words & scene.lexicon.words("intervention_words"):
        return None
    return "police" if words & scene.lexicon.words("police_nouns") else "military"


def _delivery(h: Happening, scene: Scene, actor1: Actor | None) -> str:
    """The ACLED sub-type of an explosion told without one ("a bombing", "the blast"): a
    suicide bomb, an air strike or a shelling when its sentences say so (aircraft; shells,
    rockets, missiles), else an air strike when its agent is a state's forces or a foreign
    coalition, else a remote explosive (a bomb set off where it was placed)."""
    words = _sentence_words(h, scene)
    lexicon = scene.lexicon
    if words & lexicon.words("suicide_words"):
        return "Suicide bomb"
    if words & lexicon.words("air_words"):
        return "Air/drone strike"
    if words & lexicon.words("shelling_words"):
        return "Shelling/artillery/missile attack"  # a state's shells and missiles too
    if actor1 is not None and actor1.category in ("State Forces", "External/Other Forces"):
        return "Air/drone strike"  # "Israel bombed the town"
    return "Remote explosive/landmine/IED"


def _paragraph_country(h: Happening, scene: Scene) -> str | None:
    """The country that holds most of the places named in the happening's paragraph (more
    than half of them, speakers left out: "the U.S. military said" places nothing): a war
    between two countries is told paragraph by paragraph, and the article's commonest
    country is the wrong guess for the other side's."""
    text = doc_text(scene.doc)
    at = h.mentions[0].start
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    counts = Counter(p.country for p in scene.places if p.country and start <= p.span.start < end and not _speaker(p, scene) and not _modifier(p, scene) and not destination(scene.doc, p))
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if 2 * n > sum(counts.values()) else None


def _modifier(place: Place, scene: Scene) -> bool:
    """The place only modifies the noun of who speaks ("the U.S. military said", "according to
    Iraqi officials"): it says who reports, not where anything happened ("Uzbekistan soldiers
    sealed off the town" does say where)."""
    span = scene.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    noun = span.root.head
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEECH_LEMMAS:
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.lower_ == "according"


def _speaker(place: Place, scene: Scene) -> bool:
    """The place names who speaks, not where anything happened ("Turkey, which backs the
    rebels, said that a convoy had been hit")."""
    span = scene.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in SPEECH_LEMMAS


def _fallback_place(h: Happening, scene: Scene, dateline: Located | None, nearby: dict[int, Located], previous: Located | None, lead_place: Located | None = None) -> Located | None:
    for m in h.mentions:
        if m.sent_start in nearby:
            return nearby[m.sent_start]  # another event of the same sentence is placed
    if dateline is not None and any(m.in_lead for m in h.mentions):
        return dateline
    if previous is not None:
        return Located(previous.place, previous.start, previous.end, previous.name, max(previous.precision or 2, 2), previous.offset, explicit=False, strength=-1)
    if lead_place is not None:
        return lead_place
    if scene.cast.doc_place is not None:
        return scene.cast.doc_place  # the town the article is about
    country = _paragraph_country(h, scene) or scene.cast.doc_country
    if country is None:
        return None
    place = next((p for p in scene.places if p.country == country and (p.feature_code or "").startswith("PCL")), None)
    if place is None:
        return None
    return Located(place, place.span.start, place.span.end, place.name, 3, explicit=False, strength=-1)


def _fatalities(toll: Figure, scene: Scene) -> float | None:
    """The event's count of dead: the figure's number, its lower bound, or for a vague
    plural ("dozens", "hundreds") ACLED's conventional count (``acled_fatalities`` in
    ``data/event_types.toml``)."""
    if toll.value is not None:
        return toll.value
    words = " ".join(toll.text.lower().split())
    vague = scene.lexicon.vague_fatalities
    found = [word for word in vague if re.search(rf"\b{re.escape(word)}\b", words)]
    if found:
        return vague[max(found, key=len)]  # "tens of thousands" before "thousands"
    return toll.low


CIVILIAN_TARGET_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


def _civilian_target(h: Happening, scene: Scene) -> tuple[int, int] | None:
    """The span of a mention's target that is a civilian place or civilians ("struck a
    cathedral", "an attack on a market"), not named as an actor."""
    targets = scene.lexicon.words("civilians")
    for m in h.mentions:
        if m.patient_words is None or m.actor2 is not None:
            continue
        span = scene.doc.char_span(*m.patient_words, alignment_mode="expand")
        if span is not None and {t.lemma_.lower() for t in span} & targets:
            return m.patient_words
    return None


def _civilian_count(toll: Figure, scene: Scene) -> bool:
    """The toll counts people of no armed side ("80 people", "nine civilians", "five children")."""
    if not toll.subject:
        return False
    words = toll.subject.lower().split()
    last = words[-1] if words else ""
    civilian = scene.lexicon.words("civilian_people")
    return any(w in civilian for w in (last, last.removesuffix("s"), last.removesuffix("es"), " ".join(words[-2:]))) and not (set(words) & (scene.lexicon.words("military_nouns") | scene.lexicon.words("police_nouns")))


def event_of(
    h: Happening,
    scene: Scene,
    dateline: Located | None,
    nearby: dict[int, Located],
    previous: Located | None = None,
    claimed: Actor | None = None,
    lead_place: Located | None = None,
) -> Event:
    """The Event record of a happening (see the module notes). ``lead_place``: for a
    happening of the first paragraph, the one town of the first sentence, its default place
    when there is no dateline (not of an event the lead tells apart: "hours after the
    military carried out a raid")."""
    doc_id = scene.doc_id
    event_type, subtype, typed_by = _type(h)
    first = h.mentions[0]
    located = _place(h)
    if located is None or located.place is None:
        # a name the gazetteer does not know is placed no better than the text around it allows
        if lead_place is not None and any(m.distinct for m in h.mentions):
            lead_place = None
        located = _fallback_place(h, scene, dateline, nearby, previous, lead_place) or located
    place = located.place if located is not None else None
    country = place.country if place is not None else scene.cast.doc_country
    actor1 = _actor(h, "actor1", None)
    if claimed is not None and (actor1 is None or not actor1.named):
        actor1 = claimed  # "Al-Shabaab claimed responsibility"
    if country is None and actor1 is not None and actor1.category == "State Forces" and actor1.country:
        country = actor1.country  # "the Syrian army retook the town from rebels": the rebels are Syria's
    victims = _actor(h, "actor2", actor1.name if actor1 else None) if country is None else None
    if victims is not None and victims.category == "Civilians" and victims.stated and victims.country:
        country = victims.country  # "Lebanese civilians were attacked": by an armed group of Lebanon
    actor1 = actor1.placed(country) if actor1 is not None else None
    actor2 = _actor(h, "actor2", actor1.name if actor1 else None, fight=event_type == "Battles" and typed_by.fight)
    actor2 = actor2.placed(country) if actor2 is not None else None
    crowd = {"Protests": "protesters", "Riots": "rioters"}.get(event_type)
    forced = subtype == "Excessive force against protesters"  # the force is actor1, the protesters actor2
    if crowd is not None and not forced and (actor1 is None or (not actor1.named and actor1.convention != crowd)) and (name := country_name(country)):
        # ACLED: the demonstrators of a protest are "Protesters (<Country>)", of a riot "Rioters (<Country>)"
        label = "Protesters" if crowd == "protesters" else "Rioters"
        start, end = (actor1.start, actor1.end) if actor1 is not None else (None, None)
        actor1 = Actor(f"{label} ({name})", label, start, end, country, convention=crowd, stated=False)
    if event_type == "Protests" and subtype == "Peaceful protest" and (force := _intervention(h, scene)) is not None:
        # ACLED: a protest that forces disperse without killing is a protest with intervention
        subtype = "Protest with intervention"
        if actor2 is None and (name := convention_name(force, country)):
            actor2 = Actor(name, "State Forces", None, None, country, convention=force, stated=False)
    if event_type == "Explosions/Remote violence" and subtype is None:
        subtype = _delivery(h, scene, actor1)
    taken = event_type == "Battles" and subtype is None
    if taken:
        subtype = "Armed clash"  # a change of control nobody is said to have made
    if actor2 is None and event_type == "Battles" and subtype == "Armed clash" and actor1 is not None:
        actor2 = _other_side(h, scene, actor1, country)
    if actor1 is None and subtype == "Air/drone strike":
        # ACLED: an air or drone strike whose state the report does not name (GUIDELINES.md, actors 6)
        actor1 = Actor("Unidentified Military Forces", "External/Other Forces", None, None, None, convention="unidentified military", stated=False)
    if actor1 is None and event_type in VIOLENT and not taken and (name := country_name(country)):
        actor1 = Actor(f"Unidentified Armed Group ({name})", "Political Militias", None, None, country, convention="unidentified", stated=False)
    if actor2 is None and subtype == "Disrupted weapons use" and (name := country_name(country)):
        # ACLED: the side whose device was defused or found; the text rarely names who planted it
        actor2 = Actor(f"Unidentified Armed Group ({name})", "Political Militias", None, None, country, convention="unidentified", stated=False)
    if actor1 is None and subtype == "Arrests" and (name := country_name(country)):
        # ACLED's arrests are made by state forces; a report that names none means the police
        actor1 = Actor(f"Police Forces of {name}", "State Forces", None, None, country, convention="police", stated=False)
    # a counted toll before the dead a killing names ("Bhutto has been killed ... At least 21 people died in the attack")
    toll_of = next((m for m in h.mentions if m.toll is not None and m.toll.rule != NAMED_DEAD), None) or next((m for m in h.mentions if m.toll is not None), None)
    toll = toll_of.toll if toll_of is not None else next((m.one_dead for m in h.mentions if m.one_dead is not None), None)
    if toll is None and event_type in VIOLENT:
        toll = _following_toll(h, scene)
    unharmed = toll is None and event_type in VIOLENT and _no_casualties(h, scene)
    told_victims = actor2 is None or (not actor2.named and toll_of is not None and toll_of.actor2 is None and actor2.convention != "civilians")
    if told_victims and event_type in CIVILIAN_TARGET_TYPES and toll is not None and _civilian_count(toll, scene) and (name := country_name(country)):
        # ACLED: the victims of an attack told only as people killed are "Civilians (<Country>)",
        # though another sentence names one of them ("a commander was killed in the blast")
        actor2 = Actor(f"Civilians ({name})", "Civilians", toll.span.start, toll.span.end, country, convention="civilians", stated=False)
    if actor2 is None and event_type in CIVILIAN_TARGET_TYPES and (target := _civilian_target(h, scene)) is not None and (name := country_name(country)):
        # an attack on a church, a market or a bus strikes civilians (ACLED: Civilians (<Country>))
        actor2 = Actor(f"Civilians ({name})", "Civilians", target[0], target[1], country, convention="civilians", stated=False)
    if event_type == "Battles" and subtype == "Armed clash" and actor2 is not None and actor2.category == "Civilians" and actor1 is not None and actor1.armed:
        # ACLED: a battle is fought between organised armed groups; armed men who ambush or
        # attack civilians commit violence against civilians
        event_type, subtype = "Violence against civilians", "Attack"
    if event_type == "Violence against civilians" and actor2 is not None and actor2.category == "Protesters" and (name := country_name(actor2.country or country)):
        # ACLED: demonstrators attacked outside a demonstration are civilians ("gunmen shot dead an activist")
        actor2 = Actor(f"Civilians ({name})", "Civilians", actor2.start, actor2.end, actor2.country or country, convention="civilians", stated=actor2.stated)
    timed = _time(h)
    context = "past" if any(m.context == "past" for m in h.mentions) else first.context
    if timed is not None and timed.context == "background":
        context = "background"
    period = timed.period if timed is not None else None
    provenance = timed.time.provenance if timed is not None and timed.time is not None else None
    time_span = Span(doc_id, timed.time.span.start, timed.time.span.end) if timed is not None and timed.time is not None else None
    if period is None and scene.published is not None and context in FACT_CONTEXTS and any(m.in_lead for m in h.mentions):
        period, provenance = (scene.published.isoformat(), None, 2), "inferred"
    sentence = Span(doc_id, typed_by.sent_start, typed_by.sent_end)
    return Event(
        span=Span(doc_id, first.start, first.end),
        text=first.text,
        type=event_type,
        subtype=subtype,
        actor1=actor1.name if actor1 else None,
        actor2=actor2.name if actor2 else None,
        actor1_category=external(actor1.category, actor1.country, country) if actor1 else None,
        actor2_category=external(actor2.category, actor2.country, country) if actor2 else None,
        actor1_span=Span(doc_id, actor1.start, actor1.end) if actor1 and actor1.start is not None and actor1.end is not None else None,
        actor2_span=Span(doc_id, actor2.start, actor2.end) if actor2 and actor2.start is not None and actor2.end is not None else None,
        place=located.name if located else None,
        place_span=Span(doc_id, located.start, located.end) if located and located.end > located.start else None,  # none for a headline's place
        place_geonames_id=place.geonames_id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=country if place else None,
        admin1=place.admin1 if place else None,
        admin2=place.name if place and place.feature_code in ("ADM2", "ADM2H") else None,
        geo_precision=located.precision if located else None,
        place_offset=located.offset if located else None,
        date=period[0] if period else None,
        date_end=period[1] if period else None,
        time_precision=period[2] if period else None,
        date_precision=timed.time.precision if timed is not None and timed.time is not None and provenance != "inferred" else None,
        date_provenance=provenance if period else None,
        time_span=time_span if provenance != "inferred" else None,
        fatalities=_fatalities(toll, scene) if toll is not None else (0.0 if unharmed else None),
        fatalities_figure=f"{doc_id}:{toll.span.start}-{toll.span.end}" if toll is not None else None,
        context=context,
        sentence=sentence,
        mentions=tuple((m.start, m.end) for m in h.mentions),
        rule=RULE,
    )

