"""Exports in formats other tools read as they are: ACLED-column CSV and GeoJSON.

``--format acled`` writes the columns of ACLED's public export (ACLED Codebook 2023,
"Data columns"), one row per event that took place or is going on (``context`` past or
ongoing: ACLED codes no planned, hypothetical or background events), has a date and is
placed at least in a country, of an ACLED event
type (sitroom's "Displacement" and "Humanitarian access" are not ACLED types; they are in
the JSON Lines export). As in ACLED, an event reported by several articles is one row
(the merged event of :mod:`sitroom.link.events`): its date, actors, place and ``notes`` come
from its most precisely dated, then most precisely placed report (on a tie, the first
published), ``source`` lists every report's outlet (``; ``-separated, as ACLED does) and
``fatalities`` is the lowest toll any report states (ACLED's rule for conflicting reports:
the most conservative figure); every report's own toll is kept beside it in
``sitroom_fatalities_reported`` and every report in ``sitroom_reports``, so a
disagreement stays visible. A near-duplicate article's events are no second report and make
no row.

Columns as ACLED fills them: ``event_id_cnty`` is the country's ISO alpha-3 code and a
number (stable across exports); ``iso`` the numeric ISO 3166 code; ``region`` ACLED's region
(``data/acled_regions.toml``); ``admin1``/``admin2`` where the gazetteer knows them;
``source`` the outlets, one spelling each, and ``source_scale`` their ACLED scales
(``data/outlets.toml``: "National-International"; empty for an outlet the table does not
know); ``timestamp`` the Unix time the newest report was stored. Actor categories are
ACLED's current text labels (``inter1`` "State forces" ... "External/Other forces";
``interaction`` "State forces-Rebel group", lower code first, "Protesters only" for a sole
actor); ``numeric_inter=True`` (``--acled-numeric``) writes the older numeric codes (1 ... 8,
``interaction`` the two codes, lower first, ``code * 10`` for a sole actor). ``admin3`` and
``tags`` stay empty; ``fatalities`` is 0 where no figure states it, as in ACLED. ``notes`` is
the sentence the event comes from; the ``sitroom_*`` columns after ACLED's point back to it
(``doc_id``, character offsets) so that every row can be checked. Text that a spreadsheet
would read as a formula is defused as in every CSV sitroom writes.

``--format geojson`` writes one RFC 7946 FeatureCollection (WGS 84 longitude/latitude) with
a Point per geocoded merged event that took place or is going on (``"kind": "event"``,
placed and dated as its ACLED row, with its sentence, date and precisions, actors,
fatalities, outlet and URL, ``merged_event``, ``story_id``, ``reports`` and ``sources``;
planned, hypothetical and background events only with ``contexts="all"``,
``--all-contexts``) and per gazetteer place
named in the store (``"kind": "place"``, with its mention count and the spans of its
mentions; near-duplicates' mentions are not counted again): it opens in QGIS as it is. List
properties are JSON arrays.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Any, TextIO

from sitroom.geo.countries import country as country_info
from sitroom.geo.countries import country_code
from sitroom.link import events as merging
from sitroom.model import Document, Event, Origin
from sitroom.report.outlets import outlet, source_scale
from sitroom.store import Store, queries
from sitroom.store.queries import Filters
from sitroom.store.rows import fact_from_row

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
SITROOM_COLUMNS = [
    "sitroom_doc_id", "sitroom_start", "sitroom_end", "sitroom_sent_start", "sitroom_sent_end", "sitroom_date_end",
    "sitroom_context", "sitroom_url", "sitroom_merged_event", "sitroom_story_id", "sitroom_reports", "sitroom_fatalities_reported",
]  # fmt: skip

INTER_LABELS = {
    "State Forces": "State forces",
    "Rebel Groups": "Rebel group",
    "Political Militias": "Political militia",
    "Identity Militias": "Identity militia",
    "Rioters": "Rioters",
    "Protesters": "Protesters",
    "Civilians": "Civilians",
    "External/Other Forces": "External/Other forces",
}
"""ACLED's text labels of the actor categories (the ``inter1``/``inter2`` columns since ACLED
replaced the numeric codes with text)."""

INTER_CODES = {
    "State Forces": 1,
    "Rebel Groups": 2,
    "Political Militias": 3,
    "Identity Militias": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other Forces": 8,
}
"""ACLED Codebook, "Actor types" (the numeric ``inter`` codes)."""

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
"""ACLED's disorder type of each event type (Codebook 2023, "Disorder types")."""

REPORTED = frozenset({"past", "ongoing"})

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_cell(value: Any) -> Any:
    """A value safe to open in a spreadsheet: text that would start a formula gets a leading
    apostrophe (OWASP's advice for CSV injection), lists become JSON text; numbers stay."""
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _event_id(merged_id: str, country: str | None) -> str:
    """A stable id: ACLED's country prefix (ISO alpha-3) and a number hashed from the merged
    event's id (re-exports agree; an event reported once keeps its id when others join it)."""
    key = merged_id.removeprefix("event/").encode()
    found = country_info(country)
    prefix = found.iso3 if found else "XXX"
    return f"{prefix}{int(hashlib.sha1(key).hexdigest()[:10], 16) % 10**9:09d}"


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None and inter2 is None:
        return None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


def _interaction_label(cat1: str | None, cat2: str | None) -> str:
    """ACLED's text interaction: the two labels, lower code first; "X only" for a sole actor."""
    known = sorted((INTER_CODES[c], INTER_LABELS[c]) for c in (cat1, cat2) if c in INTER_CODES)
    if not known:
        return ""
    if len(known) == 1:
        return f"{known[0][1]} only"
    return f"{known[0][1]}-{known[1][1]}"


def inter_columns(event: Event, *, numeric: bool) -> dict[str, Any]:
    """``inter1``, ``inter2`` and ``interaction`` as ACLED's text labels, or numeric codes."""
    if numeric:
        inter1 = INTER_CODES.get(event.actor1_category or "")
        inter2 = INTER_CODES.get(event.actor2_category or "")
        return {
            "inter1": inter1 if inter1 is not None else "",
            "inter2": inter2 if inter2 is not None else "",
            "interaction": _interaction(inter1, inter2) or "",
        }
    return {
        "inter1": INTER_LABELS.get(event.actor1_category or "", ""),
        "inter2": INTER_LABELS.get(event.actor2_category or "", ""),
        "interaction": _interaction_label(event.actor1_category, event.actor2_category),
    }


def acled_row(event: Event, doc: Document, sentence: str | None, *, numeric_inter: bool = False) -> dict[str, Any] | None:
    """The ACLED-column row of an event reported in ``doc`` (its metadata: outlet, URL), whose
    sentence is ``sentence``, or ``None`` when ACLED would not code it."""
    if event.context not in REPORTED or event.date is None or event.type not in DISORDER_TYPES or event.country is None:
        return None  # ACLED codes what happened, on a day, in a country
    sentence = sentence or event.text
    country = country_info(event.country)
    source = outlet(doc)
    return {
        "event_id_cnty": _event_id(merging.event_id(event.span.doc_id, event), event.country),
        "event_date": event.date,
        "year": event.date[:4],
        "time_precision": event.time_precision,
        "disorder_type": DISORDER_TYPES[event.type],
        "event_type": event.type,
        "sub_event_type": event.subtype or "",
        "actor1": event.actor1 or "",
        "assoc_actor_1": "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": "",
        **inter_columns(event, numeric=numeric_inter),
        "civilian_targeting": "Civilian targeting" if event.actor2_category == "Civilians" else "",
        "iso": country.iso_numeric if country else "",
        "region": (country.region or "") if country else "",
        "country": country.name if country else "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": "",
        "location": event.place or "",
        "latitude": event.lat if event.lat is not None else "",
        "longitude": event.lon if event.lon is not None else "",
        "geo_precision": event.geo_precision or "",
        "source": source.name,
        "source_scale": source.scale,
        "notes": " ".join(sentence.split()),
        "fatalities": int(event.fatalities) if event.fatalities is not None else 0,
        "tags": "",
        "timestamp": "",
        "sitroom_doc_id": event.span.doc_id,
        "sitroom_start": event.span.start,
        "sitroom_end": event.span.end,
        "sitroom_sent_start": event.sentence.start if event.sentence else "",
        "sitroom_sent_end": event.sentence.end if event.sentence else "",
        "sitroom_date_end": event.date_end or "",
        "sitroom_context": event.context,
        "sitroom_url": doc.url or "",
    }


@dataclass(slots=True)
class MergedRow:
    """One merged event as an export row: ``row`` is built from its best report ``event``
    (:func:`_rank`); ``reports``, ``sources`` and ``tolls`` list every report's."""

    merged_id: str
    story_id: str | None
    event: Event
    row: dict[str, Any] | None
    reports: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    scales: list[str] = field(default_factory=list)
    tolls: list[float] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    ingested: list[str] = field(default_factory=list)
    """When each report's document was stored (ISO 8601)."""


def _rank(event: Event) -> tuple[int, int]:
    """Lower is better: ACLED's time precision, then its geo precision."""
    return (event.time_precision or 9, event.geo_precision or 9)


Maker = Callable[[Event, Document, "str | None"], "dict[str, Any] | None"]
"""Builds an export row from one report of an event: the event, its document's metadata and
its sentence; None where the export leaves that report out."""


def report_document(row: Mapping[str, Any]) -> Document:
    """The metadata of the document of a report row (:data:`sitroom.store.queries.REPORT_COLUMNS`)
    as a :class:`Document` with no text: what :func:`~sitroom.report.outlets.outlet` reads."""
    return Document(
        id=row["doc_id"], text="", content_hash="", origin=Origin(), title=row["document_title"], outlet=row["document_outlet"], url=row["document_url"]
    )


def merged_rows(store: Store, make_row: Maker, filters: Filters | None = None) -> Iterator[MergedRow]:
    """One :class:`MergedRow` per merged event that has a report ``make_row`` accepts, in the
    order the merged events were started; every report of the merged event (earliest published first)
    counts among its reports, sources and tolls, accepted or not. A near-duplicate's events
    are in no merged event (the copy is no second source); an event of an original that the
    store did not link (none should be) stands alone, after them. Read from
    :func:`sitroom.store.queries.merged_reports`: memory holds one page of merged events;
    ``filters`` keep merged events (and unlinked events) as the queries do."""
    filters = filters or Filters()
    for head, reports in queries.merged_reports(store, filters):
        group = _merged_row(head["id"], head["story_id"], reports, make_row)
        if group is not None:
            yield group
    for report in queries.unlinked_events(store, filters):
        group = _merged_row(f"event/{queries.report_id(report)}", None, [report], make_row)
        if group is not None:
            yield group


def _merged_row(merged_id: str, story_id: str | None, reports: list[dict[str, Any]], make_row: Maker) -> MergedRow | None:
    group: MergedRow | None = None
    accepted = False
    for report in reports:
        event, doc = fact_from_row(Event, report), report_document(report)
        if group is None:
            group = MergedRow(merged_id, story_id, event, None)
        row = make_row(event, doc, report["sentence"])
        if row is not None and (group.row is None or _rank(event) < _rank(group.event)):
            group.event, group.row, accepted = event, row, True
        group.reports.append(queries.report_id(report))
        group.doc_ids.append(doc.id)
        group.ingested.append(report["document_ingested_at"] or "")
        source = outlet(doc)
        if source.name.lower() not in {s.lower() for s in group.sources}:
            group.sources.append(source.name)
            group.scales.append(source.scale)
        if event.fatalities is not None:
            group.tolls.append(event.fatalities)
    return group if accepted else None


def _epoch(stamp: str | None) -> int | str:
    """Unix time of an ISO 8601 timestamp (ACLED's ``timestamp`` column), or empty."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def acled_rows(store: Store, *, numeric_inter: bool = False, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """One ACLED row per merged event (see the module's notes)."""
    for group in merged_rows(store, partial(acled_row, numeric_inter=numeric_inter), filters):
        assert group.row is not None
        row = dict(group.row)
        row["event_id_cnty"] = _event_id(group.merged_id, group.event.country)
        row["source"] = "; ".join(group.sources)
        row["source_scale"] = source_scale(group.scales)
        row["timestamp"] = _epoch(max(group.ingested, default=""))
        row["fatalities"] = int(min(group.tolls)) if group.tolls else 0
        row["sitroom_merged_event"] = group.merged_id
        row["sitroom_story_id"] = group.story_id or ""
        row["sitroom_reports"] = group.reports
        row["sitroom_fatalities_reported"] = group.tolls
        yield row


def write_acled(store: Store, out: TextIO, *, numeric_inter: bool = False, filters: Filters | None = None) -> int:
    """ACLED-column CSV of the store's events; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + SITROOM_COLUMNS, extrasaction="raise")
    writer.writeheader()
    n = 0
    for row in acled_rows(store, numeric_inter=numeric_inter, filters=filters):
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def geojson_event(event: Event, doc: Document, sentence: str | None, *, contexts: str = "reported") -> dict[str, Any] | None:
    """The GeoJSON feature of one report of an event, or None when it has no coordinates (or,
    unless ``contexts="all"``, did not take place: planned, hypothetical, background)."""
    if event.lat is None or event.lon is None:
        return None
    if contexts != "all" and event.context not in REPORTED:
        return None
    sentence = sentence or event.text
    return {
        "type": "Feature",
        "geometry": _point(event.lon, event.lat),
        "properties": {
            "kind": "event",
            "event_type": event.type,
            "sub_event_type": event.subtype,
            "actor1": event.actor1,
            "actor2": event.actor2,
            "place": event.place,
            "country": event.country,
            "admin1": event.admin1,
            "geo_precision": event.geo_precision,
            "place_offset": event.place_offset,
            "date": event.date,
            "date_end": event.date_end,
            "time_precision": event.time_precision,
            "date_provenance": event.date_provenance,
            "fatalities": event.fatalities,
            "context": event.context,
            "trigger": event.text,
            "sentence": " ".join(sentence.split()),
            "outlet": outlet(doc).name,
            "url": doc.url,
            "doc_id": event.span.doc_id,
            "start": event.span.start,
            "end": event.span.end,
            "sent_start": event.sentence.start if event.sentence else None,
            "sent_end": event.sentence.end if event.sentence else None,
        },
    }


def event_features(store: Store, *, contexts: str = "reported", filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """One GeoJSON feature per merged event with coordinates (that took place, unless
    ``contexts="all"``), in the order the merged events were started, with the lowest toll of
    its reports and each report's own."""
    for group in merged_rows(store, partial(geojson_event, contexts=contexts), filters):
        assert group.row is not None
        properties = group.row["properties"]
        properties["fatalities"] = min(group.tolls) if group.tolls else None
        properties.update(
            merged_event=group.merged_id, story_id=group.story_id, reports=group.reports, sources=group.sources, fatalities_reported=group.tolls
        )
        yield group.row


def geojson_features(store: Store, *, contexts: str = "reported", filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """The :func:`event_features`, then one feature per gazetteer place with its mentions."""
    yield from event_features(store, contexts=contexts, filters=filters)
    for mentions in queries.place_mentions(store, filters or Filters()):
        place = mentions[0]
        yield {
            "type": "Feature",
            "geometry": _point(place["lon"], place["lat"]),
            "properties": {
                "kind": "place",
                "name": place["name"],
                "geonames_id": place["geonames_id"],
                "country": place["country"],
                "admin1": place["admin1"],
                "feature_code": place["feature_code"],
                "mentions": len(mentions),
                "spans": [[m["doc_id"], m["start"], m["end"]] for m in mentions],
            },
        }


def write_geojson(store: Store, out: TextIO, *, contexts: str = "reported", filters: Filters | None = None) -> int:
    """One GeoJSON FeatureCollection, written feature by feature; returns the number of features."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for feature in geojson_features(store, contexts=contexts, filters=filters):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def write_geojsonseq(store: Store, out: TextIO, *, contexts: str = "reported", filters: Filters | None = None) -> int:
    """GeoJSON text sequence: the features of :func:`write_geojson`, one per line and no
    collection around them (GDAL's GeoJSONSeq driver; a large export read line by line)."""
    n = 0
    for feature in geojson_features(store, contexts=contexts, filters=filters):
        out.write(json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    return n


HXL_TAGS = {
    "event_id_cnty": "#event+code",
    "event_date": "#date+occurred",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "actor1": "#group+name+first",
    "inter1": "#group+type+first",
    "actor2": "#group+name+second",
    "inter2": "#group+type+second",
    "country": "#country+name",
    "iso3": "#country+code",
    "admin1": "#adm1+name",
    "admin2": "#adm2+name",
    "location": "#loc+name",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "geo_precision": "#geo+precision",
    "time_precision": "#date+precision",
    "fatalities": "#affected+killed",
    "source": "#meta+source",
    "sitroom_url": "#meta+url",
    "notes": "#description",
    "sitroom_merged_event": "#event+id",
    "sitroom_doc_id": "#meta+doc_id",
    "sitroom_sent_start": "#meta+start",
    "sitroom_sent_end": "#meta+end",
}
"""ACLED column -> HXL hashtag (HXL 1.1; the tags HDX's ACLED data sets carry where one
exists). ``iso3`` is ISO 3166-1 alpha-3, as HDX codes countries."""


def write_hxl(store: Store, out: TextIO, *, filters: Filters | None = None) -> int:
    """HXL-tagged CSV for HDX: the events of :func:`acled_rows` (one row per merged event
    that took place), the columns of :data:`HXL_TAGS` under a header row and a hashtag row."""
    writer = csv.writer(out)
    writer.writerow(list(HXL_TAGS))
    writer.writerow(list(HXL_TAGS.values()))
    n = 0
    for row in acled_rows(store, filters=filters):
        code = country_code(row["country"]) if row["country"] else None
        found = country_info(code) if code else None
        row["iso3"] = found.iso3 if found else ""
        writer.writerow([csv_cell(row[c]) for c in HXL_TAGS])
        n += 1
    return n

