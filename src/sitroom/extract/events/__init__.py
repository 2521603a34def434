"""Events typed on the ACLED taxonomy: who did what to whom, where and when.

``find_events`` (rules ``sitroom.events.v2``) reads a parsed document in four steps, one
module each:

1. :mod:`~sitroom.extract.events.lexicon`: trigger words of ``data/event_types.toml``
   (ACLED Codebook 2023 types and sub-types, plus sitroom's "Displacement" and
   "Humanitarian access");
2. :mod:`~sitroom.extract.events.mentions`: each trigger read as an event mention, or
   dropped when it reports no event of the situation
   (:mod:`~sitroom.extract.events.realis`: negated, generic, habitual, figurative,
   cumulative); its actors (:mod:`~sitroom.extract.events.roles`, ACLED's naming
   conventions), its place (:mod:`~sitroom.extract.events.where`) and its date
   (:mod:`~sitroom.extract.events.when`);
3. :mod:`~sitroom.extract.events.happenings`: the mentions of one happening joined into
   one event, fields taken from the mention that states them, ACLED's conventions for
   what the text leaves unsaid;
4. the :class:`~sitroom.model.Event` records, in text order of their first mention.

Every field keeps the words it came from (``actor1_span``, ``place_span``,
``time_span``, ``mentions``). Planned, hypothetical and background events are returned
with that ``context``; only ``past`` and ``ongoing`` ones are situation events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sitroom.extract._period import lead_end
from sitroom.extract._spans import doc_text
from sitroom.extract.events.happenings import RULE, VIOLENT, Happening, event_of, group
from sitroom.extract.events.headline import headline_agent, headline_place
from sitroom.extract.events.lexicon import (
    EventDataError,
    Lexicon,
    Trigger,
    find_triggers,
    load_lexicon,
    trigger_readings,
)
from sitroom.extract.events.mentions import MentionReading, Scene, read_mention, told_word
from sitroom.extract.events.roles import Actor, Cast, claims, named_groups
from sitroom.extract.events.syntax import SPEECH_LEMMAS
from sitroom.extract.events.where import NOT_LOCATIVE, Located, dateline, destination, geo_precision_code, places_of, standing
from sitroom.model import DateValue, Event, Figure, Place, Span, TimeRef
from sitroom.nlp import Actors
from sitroom.ontology import ontology_codes

__all__ = [
    "RULE",
    "EventDataError",
    "Lexicon",
    "MentionReading",
    "Trigger",
    "find_event_mentions",
    "find_events",
    "find_triggers",
    "geo_precision_code",
    "load_lexicon",
    "ontology_codes",
]


def _named_as_places(sdoc: Doc, places: Sequence[Place]) -> list[Place]:
    """The geocoded places named as places ("in Mogadishu"), not as modifiers ("Burundi soldiers")
    nor as where something was going ("headed to Dar es Salaam")."""
    located = {(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("GPE", "LOC", "FAC") and e.root.dep_ not in ("compound", "amod", "nmod", "poss")}
    return [p for p in places if (p.span.start, p.span.end) in located and not destination(sdoc, p)]


def _where_spoken(sdoc: Doc, place: Place) -> bool:
    """The place is where someone spoke ("Eliasson said in Khartoum", "speaking in Geneva"),
    which is no scene of the story's events."""
    span = sdoc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if span is None or span.root.dep_ != "pobj" or span.root.head.lower_ not in ("in", "at", "from"):
        return False
    verb = span.root.head.head
    return verb.lemma_.lower() in SPEECH_LEMMAS | {"speak", "talk", "testify", "brief"}


def _doc_country(named: Sequence[Place]) -> str | None:
    """The country most of the document's places are in."""
    counts = Counter(p.country for p in named if p.country)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def _doc_place(named: Sequence[Place], country: str | None) -> Located | None:
    """The town the document is about: named as a place at least twice, twice as often as any
    other town, in the country that holds most of the document's places (ACLED places an event
    the report does not place at the location the report is about)."""
    countries = Counter(p.country for p in named if p.country)
    if not countries or countries[country] < DOMINANT_SHARE * sum(countries.values()):
        return None  # a story told across countries (a war between two) has no one town
    towns = [p for p in named if p.geonames_id is not None and geo_precision_code(p.feature_code) in (1, 2)]
    counts = Counter(p.geonames_id for p in towns).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[0][1] < 2 * counts[1][1]):
        return None
    place = next(p for p in towns if p.geonames_id == counts[0][0])
    if place.country != country:
        return None
    return Located(place, place.span.start, place.span.end, place.name, geo_precision_code(place.feature_code), explicit=False, strength=-1)


PREVIOUS_SENTENCES = 2
"""An event the text does not place takes the place of the event told at most this many
sentences before it in the same paragraph, at ACLED geo-precision 2 or wider (ACLED codes the
most specific location a report allows, with a precision that says it is approximate)."""
DOMINANT_SHARE = 0.6
"""The document's country holds at least this share of its place names for one of its towns
to be the article's town."""
def _dateline_place(sdoc: Doc, places: Sequence[Place]) -> tuple[Located | None, int]:
    """The dateline's place (geocoded), and where the dateline ends (0 without one)."""
    found = dateline(sdoc)
    if found is None:
        return None, 0
    name, start, end, stop = found
    place = next((p for p in places if start <= p.span.start < end), None)
    if place is None:
        from sitroom.geo import resolve_names

        hints = [p.text for p in places]
        candidate = resolve_names([name], hints)[0]
        if candidate is None:
            return None, stop
        from sitroom.model import Span

        place = Place(Span("", start, end), doc_text(sdoc)[start:end], candidate.name, candidate.geonames_id, candidate.lat, candidate.lon, candidate.country, candidate.admin1, candidate.feature_code)
    return Located(place, start, end, place.name, geo_precision_code(place.feature_code), explicit=False, strength=-1), stop


def _lead_place(sdoc: Doc, places: Sequence[Place]) -> Located | None:
    """Without a dateline, the one town the first sentence names (not as a destination or
    origin): "Mogadishu, capital of Somalia, is witnessing heavy fighting." plays the
    dateline's part for the lead's events that name no place of their own (ACLED codes an
    event at the most specific place the report gives for it)."""
    first = next(iter(sdoc.sents), None)
    if first is None:
        return None
    towns: dict[int, tuple[Place, SpacySpan]] = {}
    for ent in places_of(first):
        place = next((p for p in places if p.span.start == ent.start_char), None)
        if place is None or place.geonames_id is None or geo_precision_code(place.feature_code) != 1:
            continue
        held = standing(ent)
        if held.dep_ == "pobj" and held.head.lower_ in NOT_LOCATIVE | {"from"}:
            continue
        towns.setdefault(place.geonames_id, (place, ent))
    if len(towns) != 1:
        return None
    place, ent = next(iter(towns.values()))
    return Located(place, ent.start_char, ent.end_char, place.name, 1, explicit=False, strength=-1)


def _headline_place(title: str | None) -> Located | None:
    """The headline's one city (or country) as the lead's default place; it has no span in
    the body (start = end = 0)."""
    found = headline_place(title)
    if found is None:
        return None
    place = Place(Span("", 0, 0), found.name, found.name, found.geonames_id, found.lat, found.lon, found.country, found.admin1, found.feature_code, "headline")
    return Located(place, 0, 0, found.name, geo_precision_code(found.feature_code), explicit=False, strength=-1)


def _claimed(happenings: Sequence[Happening], found: Sequence[tuple[int, Actor, tuple[int, int] | None]]) -> dict[int, Actor]:
    """Happening index -> the group a claim or an attribution names: the claim holds for the
    violent happenings it names ("claimed responsibility for a bombing ... and sniper
    attacks"), else for the last violent happening told before it."""
    out: dict[int, Actor] = {}
    for at, actor, span in found:
        violent = [n for n, h in enumerate(happenings) if h.mentions[0].type in VIOLENT and h.mentions[0].context in ("past", "ongoing")]
        named = [n for n in violent if span is not None and any(span[0] <= m.start < span[1] for m in happenings[n].mentions)]
        for n in named:
            out.setdefault(n, actor)
        before = [n for n in violent if happenings[n].mentions[0].start < at]
        if before and not named:
            out.setdefault(before[-1], actor)
    return out


def find_events(
    sdoc: Doc,
    doc_id: str,
    actors: Actors,
    times: Sequence[TimeRef],
    places: Sequence[Place] = (),
    published: DateValue | None = None,
    figures: Sequence[Figure] = (),
    title: str | None = None,
) -> list[Event]:
    """Events in ``sdoc``, one per happening, in text order of their first mention.

    ``times`` are the document's TimeRefs (:func:`sitroom.extract.time.find_times`),
    ``places`` its geocoded places (:func:`sitroom.geo.geocode`), ``figures`` its figures
    (:func:`sitroom.extract.figures.find_figures`: an event's toll is a non-cumulative
    ``killed`` figure of a sentence that reports it). ``published`` dates the lead events
    the text leaves undated (``inferred``); the headline ``title`` names the attacker of the
    lead event when the body does not (:mod:`sitroom.extract.events.headline`). Raises
    :class:`EventDataError` only when the bundled lexicon is malformed.
    """
    return [event for event, _ in find_event_mentions(sdoc, doc_id, actors, times, places, published, figures, title)]


def find_event_mentions(
    sdoc: Doc,
    doc_id: str,
    actors: Actors,
    times: Sequence[TimeRef],
    places: Sequence[Place] = (),
    published: DateValue | None = None,
    figures: Sequence[Figure] = (),
    title: str | None = None,
) -> list[tuple[Event, list[MentionReading]]]:
    """:func:`find_events`, each event with the readings of its mentions (each mention's own
    actors, place and time, as its sentence gives them): for evaluation against corpora that
    annotate every mention (WikiEvents' KAIROS arguments) and for debugging."""
    lexicon = load_lexicon()
    day = dt.date.fromisoformat(published.value[:10]) if published is not None and published.precision == "day" else None
    located_dateline, dateline_end = _dateline_place(sdoc, places)
    lead_place = (_lead_place(sdoc, places) or _headline_place(title)) if located_dateline is None and dateline_end == 0 else None
    named = _named_as_places(sdoc, places)
    spoken = [p for p in named if not _where_spoken(sdoc, p)]
    country = _doc_country(named)
    cast = Cast(sdoc, actors, lexicon, tuple(places), dateline_end, country, named_groups(sdoc, actors), _doc_place(spoken, country))
    text = doc_text(sdoc)
    scene = Scene(doc_id, sdoc, lexicon, cast, times, places, figures, day, lead_end(text))
    triggers = trigger_readings(sdoc)
    causes: dict[int, set[int]] = {}
    firsts: dict[int, int] = {}  # the first trigger of each sentence, of any kind
    for span, specs in triggers:
        if any(spec.frame != "kill" for spec in specs):
            causes.setdefault(span.sent.start, set()).add(span[-1].i)
        firsts[span.sent.start] = min(firsts.get(span.sent.start, span[-1].i), span[-1].i)
    sentence_number = {sent.start: n for n, sent in enumerate(sdoc.sents)}
    readings: list[MentionReading] = []
    numbers: list[int] = []
    event_words: frozenset[str] = frozenset()  # trigger lemmas of the violent events read so far
    for span, specs in triggers:
        others = causes.get(span.sent.start, set()) - {span[-1].i}
        reading = next((r for spec in specs if (r := read_mention(span, spec, scene, others, event_words, firsts.get(span.sent.start))) is not None), None)
        if reading is not None:
            readings.append(reading)
            if reading.type in VIOLENT and reading.context in ("past", "ongoing"):
                event_words = event_words | {told_word(sdoc[reading.trigger])}
            numbers.append(sentence_number[sdoc[reading.trigger].sent.start])
    nearby = {r.sent_start: r.located for r in readings if r.located is not None and r.located.place is not None and r.located.strength > 0}
    events = []
    told: tuple[int, int, Located] | None = None  # paragraph, sentence and place of the last placed happening
    happenings = group(readings, numbers, text)
    told_when: tuple[int, str] | None = None  # paragraph of the last dated happening, when it is background
    dated: tuple[int, int, tuple[str, str | None, int | None]] | None = None  # paragraph, sentence and period of the last dated past happening
    claimed = _claimed(happenings, claims(sdoc, cast))
    if (lead := _headline_lead(happenings, headline_agent(title, actors, lexicon))) is not None:
        claimed.setdefault(*lead)
    for n, h in enumerate(happenings):
        paragraph = text.count("\n\n", 0, h.mentions[0].start)
        previous = None
        if told is not None and told[0] == paragraph and h.sentences[0] - told[1] <= PREVIOUS_SENTENCES:
            previous = told[2]
        event = event_of(h, scene, located_dateline, nearby, previous, claimed.get(n), lead_place if paragraph == 0 else None)
        if event.context in ("past", "ongoing") and event.date is None and told_when is not None and told_when[0] == paragraph:
            event = replace(event, context="background")  # told in a paragraph about events long past
        undated = event.date is None or event.date_provenance == "inferred"  # (the lead's publication day is a guess too)
        if event.context in ("past", "ongoing") and undated and dated is not None and dated[0] == paragraph and h.sentences[0] - dated[1] <= PREVIOUS_SENTENCES:
            # an undated past event told right after a dated one of its paragraph happened then
            # too ("Fighting broke out on Monday. Rebels seized the airport."), as ACLED codes it,
            # rather than on the publication day a lead event is otherwise given
            date, date_end, precision = dated[2]
            event = replace(event, date=date, date_end=date_end, time_precision=precision, date_provenance="inferred")
        if event.date is not None and event.date_provenance != "inferred":
            told_when = (paragraph, event.context) if event.context == "background" else None
            if event.context in ("past", "ongoing"):
                dated = (paragraph, h.sentences[-1], (event.date, event.date_end, event.time_precision))
        own = [m.located for m in h.mentions if m.located is not None and m.located.place is not None and m.located.strength > 0]
        if own:
            told = (paragraph, h.sentences[-1], min(own, key=lambda loc: loc.precision or 4))
        events.append((event, h.mentions))
    return _aggregate(_one_toll_per_figure(events))


def _headline_lead(happenings: Sequence[Happening], agent: Actor | None) -> tuple[int, Actor] | None:
    """The first violent happening the lead tells as fact, with the attacker the headline
    names; ``None`` when the headline names none, or the text makes it the victim."""
    if agent is None:
        return None
    for n, h in enumerate(happenings):
        if any(m.in_lead for m in h.mentions) and any(m.type in VIOLENT for m in h.mentions) and any(m.context in ("past", "ongoing") for m in h.mentions):
            if any(m.actor2 is not None and m.actor2.name == agent.name for m in h.mentions):
                return None
            return n, agent
    return None


def _aggregate(events: list[tuple[Event, list[MentionReading]]]) -> list[tuple[Event, list[MentionReading]]]:
    """ACLED's event aggregation: "two incidents that occur on the same day and place,
    involving the same actors and type of activity, will be aggregated into a single event"
    (ACLED knowledge base, "How are events disaggregated?"; Codebook 2023, "Event
    aggregation"). Twin bombings of one church that day are one event; a bomb in another
    town, on another day or by another group is another. Events each with a toll of their
    own stay apart, so that every toll keeps the sentence it comes from."""
    kept: list[tuple[Event, list[MentionReading]]] = []
    index: dict[tuple, int] = {}
    for event, mentions in events:
        key = None
        if event.context in ("past", "ongoing") and event.time_precision == 1 and event.date and event.geo_precision in (1, 2) and event.place:
            where = event.place_geonames_id or event.place.lower()
            key = (event.type, event.subtype, where, event.date, event.date_end, event.actor1, event.actor2)
        at = index.get(key) if key is not None else None
        if at is not None and (kept[at][0].fatalities_figure is None or event.fatalities_figure is None):
            first, first_mentions = kept[at]
            merged = replace(
                first,
                mentions=tuple(sorted(set(first.mentions) | set(event.mentions))),
                fatalities=first.fatalities if first.fatalities_figure is not None or event.fatalities is None else event.fatalities,
                fatalities_figure=first.fatalities_figure or event.fatalities_figure,
            )
            kept[at] = (merged, first_mentions + mentions)
            continue
        if key is not None:
            index[key] = len(kept)
        kept.append((event, mentions))
    return kept


def _one_toll_per_figure(events: list[tuple[Event, list[MentionReading]]]) -> list[tuple[Event, list[MentionReading]]]:
    """A killed figure is the toll of one event only: the one with a mention nearest to it
    ("kidnapped ... after a shootout killed three of his aides": the shootout's). Two events
    counting the same dead would double them in every sum and export."""
    claims: dict[str, list[int]] = {}
    for n, (event, _) in enumerate(events):
        if event.fatalities_figure is not None:
            claims.setdefault(event.fatalities_figure, []).append(n)
    for figure, owners in claims.items():
        if len(owners) < 2:
            continue
        at = int(figure.rsplit(":", 1)[1].split("-")[0])
        keep = min(owners, key=lambda n: min(abs(start - at) for start, _ in events[n][0].mentions))
        for n in owners:
            if n != keep:
                event, mentions = events[n]
                events[n] = (replace(event, fatalities=None, fatalities_figure=None), mentions)
    return events
