"""Exports: every stored record, as JSON Lines or one CSV table.

Each record has ``"type"``: ``document``, ``entity``, ``mention``, ``time``,
``quote``, ``figure``, ``event``, ``place`` (a place mention resolved to GeoNames:
``name``, ``geonames_id``, ``lat``, ``lon``, ``country``, ``admin1``, ``feature_code``) or
``figure_group`` (figures of several documents
that count the same thing, :mod:`sitroom.link.figures`; its ``members`` list the
figures by ``figure_id`` = ``doc_id:start-end``), ``story`` (:mod:`sitroom.link.stories`:
``id``, ``title``, ``size``, ``date_start``/``date_end`` of its articles) or ``merged_event``
(the reports of one event across documents, :mod:`sitroom.link.events`: ``id``,
``event_type``, ``story_id``, the narrowest ``date_start``/``date_end`` and best place of its
reports, ``actors``, ``members`` = its events by ``doc_id:start-end``, ``documents``, and
``fatalities_reported``: each report's own toll as ``[event id, value]``, never summed).
Facts carry ``doc_id``, ``start``, ``end`` (character offsets into the ``text`` of their
``document`` record). A ``document`` record names its ``story_id`` and, for a near-duplicate,
the ``duplicate_of`` original; an ``event`` record names its ``merged_event`` (None for a
copy's events, which are not a second report). These field
names are a public interface: other tools read them; change them only with a
new major version.

Where a record field would clash with ``"type"``, it is renamed: an entity's type
is ``entity_type``; an event's type and sub-type are ``event_type`` and
``sub_event_type`` (ACLED's column names); a time expression's TIMEX3 type is ``timex_type``.

``--format acled``, ``hxl``, ``geojson`` and ``geojsonseq`` are in :mod:`sitroom.report.formats`,
``plover`` in :mod:`sitroom.report.plover`, ``parquet`` in :mod:`sitroom.report.parquet`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from sitroom.link import events as merging
from sitroom.link.figures import PLACE_LABELS, FigureGroup, Spill, group_record, members_of
from sitroom.model import FACT_KINDS, Analysis, Document, Entity, Event
from sitroom.ontology import ontology_codes
from sitroom.report.formats import csv_cell, write_acled, write_geojson, write_geojsonseq, write_hxl
from sitroom.report.plover import write_plover
from sitroom.store import Store, queries
from sitroom.store.queries import Filters
from sitroom.store.store import StoryInfo, merged_from_row
from sitroom.store.rows import FACT_TYPES, SPAN_COLUMNS, document_metadata, fact_row, fact_type

RENAMED = {"event": {"type": "event_type", "subtype": "sub_event_type"}, "time": {"type": "timex_type"}}

DOCUMENT_FIELDS = [
    "doc_id", "start", "end", "title", "outlet", "byline", "language", "published",
    "published_precision", "published_provenance", "published_method", "url",
    "origin", "content_hash", "duplicate_of", "story_id", "warnings", "text",
]


def document_record(doc: Document, *, duplicate_of: str | None = None, story_id: str | None = None) -> dict[str, Any]:
    """``duplicate_of``: the earlier stored document this one is a near copy of
    (:mod:`sitroom.link.dedupe`), or None; ``story_id``: its story (:mod:`sitroom.link.stories`)."""
    return {
        "type": "document",
        "doc_id": doc.id,
        "start": 0,
        "end": len(doc.text),
        **document_metadata(doc),
        "origin": doc.origin.describe(),
        "duplicate_of": duplicate_of,
        "story_id": story_id,
        "warnings": list(doc.warnings),
        "text": doc.text,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    return {"type": "entity", "id": entity.id, "name": entity.name, "entity_type": entity.type, "country": entity.country, "aliases": list(entity.aliases)}


def fact_record(fact: object, *, merged_of: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A fact as an export record: ``type``, ``doc_id``, ``start``, ``end``, then its fields.
    An event also gets its ``merged_event`` from ``merged_of`` (event id -> merged event id,
    :meth:`Store.event_clusters`)."""
    name = fact_type(fact)
    renames = RENAMED.get(name, {})
    row = {renames.get(k, k): v for k, v in fact_row(fact).items()}
    if isinstance(fact, Event):
        row["plover"], row["cameo"] = ontology_codes(fact.type, fact.subtype)
        row["merged_event"] = (merged_of or {}).get(merging.event_id(fact.span.doc_id, fact))
    return {"type": name, **row}


def analysis_records(
    analysis: Analysis, *, duplicate_of: str | None = None, story_id: str | None = None, merged_of: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    yield document_record(analysis.document, duplicate_of=duplicate_of, story_id=story_id)
    for kind in FACT_KINDS:
        for fact in analysis.facts(kind):
            yield fact_record(fact, merged_of=merged_of)


def story_record(story: StoryInfo) -> dict[str, Any]:
    return {"type": "story", "id": story.id, "title": story.title, "size": story.size, "date_start": story.first, "date_end": story.last}


@dataclass(frozen=True, slots=True)
class MergedMember:
    """One report of a merged event, as its export record lists it."""

    event_id: str
    fatalities: float | None
    actors: tuple[str, ...]


def merged_record(merged: merging.Merged, members: Sequence[MergedMember]) -> dict[str, Any]:
    """A merged event with its members (its reports, earliest published first): ``actors`` are the
    reports' actor names as written, first seen first; ``fatalities_reported`` each report's
    own toll, side by side."""
    return {
        "type": "merged_event",
        "id": merged.id,
        "event_type": merged.type,
        "context": merged.context,
        "story_id": merged.story_id,
        "date_start": merged.date_start,
        "date_end": merged.date_end,
        "geonames_id": merged.geonames_id,
        "geo_precision": merged.geo_precision,
        "country": merged.country,
        "actors": list(dict.fromkeys(a for m in members for a in m.actors)),
        "size": merged.size,
        "members": [m.event_id for m in members],
        "documents": list(dict.fromkeys(m.event_id.rsplit(":", 1)[0] for m in members)),
        "fatalities_reported": [[m.event_id, m.fatalities] for m in members if m.fatalities is not None],
    }


def store_records(store: Store, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """Every record of the store: entities and stories first, then each document with its
    facts (a page of documents at a time), then the figure groups of
    :func:`sitroom.link.figures.reconcile_stream` over all documents but the near-duplicates
    (a copy's figures are exported with it, never counted in a group again), then the merged
    events (a copy's events are in none). Memory holds one page of documents, one figure
    bucket and one page of merged events, whatever the store's size.

    ``filters`` (:class:`~sitroom.store.queries.Filters`) keep the documents they name (story,
    publication days, text, since: with their facts and figure groups over them), the
    merged events they name (story, country, event type, days, actor) and, with ``story``,
    that story only; every entity is written."""
    for entity in store.entities():
        yield entity_record(entity)
    for story in store.story_list():
        if filters is None or filters.story in (None, story.id):
            yield story_record(story)
    with Spill() as spill:
        for page in store.analysis_pages(filters=filters):
            ids = [a.document.id for a in page]
            links, merged_of = store.document_links(ids), store.event_clusters(ids)
            for analysis in page:
                duplicate_of, story_id = links.get(analysis.document.id, (None, None))
                yield from analysis_records(analysis, duplicate_of=duplicate_of, story_id=story_id, merged_of=merged_of)
                if duplicate_of is None:
                    spill.add(members_of([analysis]))
        for group in spill.groups():
            yield group_record(group)
    for head, reports in queries.merged_reports(store, filters or Filters()):
        merged = merged_from_row(head)
        yield merged_record(merged, [MergedMember(queries.report_id(r), r["fatalities"], tuple(a for a in (r["actor1"], r["actor2"]) if a)) for r in reports])


def figure_groups(store: Store, filters: Filters | None = None, *, skip_kinds: frozenset[str] = frozenset({"other"})) -> Iterator[FigureGroup]:
    """The figure groups over the documents ``filters`` keep (near-duplicates left out, and
    figures of ``skip_kinds``; ``figure_kind`` keeps that kind), in
    :func:`~sitroom.link.figures.reconcile`'s order: the same groups as :func:`store_records`
    writes, read from the figures and the place names that give a document its main place
    only, one bucket in memory."""
    kind = filters.figure_kind if filters is not None else None
    with Spill() as spill:
        for page in store.analysis_pages(filters=filters, kinds={"figure"}):
            ids = [a.document.id for a in page]
            links, places = store.document_links(ids), store.named_mentions(ids, labels=PLACE_LABELS)
            for analysis in page:
                if links.get(analysis.document.id, (None, None))[0] is not None:
                    continue
                members = members_of([dataclasses.replace(analysis, mentions=tuple(places[analysis.document.id]))], skip_kinds=skip_kinds)
                spill.add([m for m in members if kind is None or m.figure.kind == kind])
        yield from spill.groups()


def csv_columns() -> list[str]:
    """The CSV header: the union of all record fields, in a fixed order."""
    columns = ["type", "doc_id", "start", "end", "text"]
    extra: list[str] = ["id", "name", "entity_type", "country", "aliases", *DOCUMENT_FIELDS]
    for name, cls in FACT_TYPES.items():
        renames = RENAMED.get(name, {})
        for field in dataclasses.fields(cls):
            if field.name in SPAN_COLUMNS:
                extra += [] if field.name == "span" else list(SPAN_COLUMNS[field.name])
            else:
                extra.append(renames.get(field.name, field.name))
    extra += ["plover", "cameo", "merged_event"]  # event
    extra += ["status", "review", "latest", "date_start", "date_end", "documents", "members"]  # figure_group
    extra += ["size", "story_id", "geonames_id", "actors", "fatalities_reported"]  # story, merged_event
    return list(dict.fromkeys(columns + extra))


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one CSV table (header from :func:`csv_columns`); lists as JSON text; article text
    that a spreadsheet would run as a formula is defused (:func:`csv_cell`)."""
    writer = csv.DictWriter(out, fieldnames=csv_columns(), extrasaction="raise")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
        n += 1
    return n


def _export_jsonl(store: Store, out: TextIO, *, filters: Filters | None = None) -> int:
    return write_jsonl(store_records(store, filters), out)


def _export_csv(store: Store, out: TextIO, *, filters: Filters | None = None) -> int:
    return write_csv(store_records(store, filters), out)


WRITERS: dict[str, Callable[..., int]] = {
    "jsonl": _export_jsonl,
    "csv": _export_csv,
    "acled": write_acled,
    "hxl": write_hxl,
    "plover": write_plover,
    "geojson": write_geojson,
    "geojsonseq": write_geojsonseq,
}
"""Export format -> writer of a store to a text stream, ``writer(store, out, filters=None)``
(returns what it wrote: records, rows or features)."""
