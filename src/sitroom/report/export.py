"""Exports: every stored record, as JSON Lines or one CSV table.

Each record has ``"type"``: ``document``, ``entity``, ``mention``, ``time``,
``quote``, ``figure``, ``event``, ``place`` (a place mention resolved to GeoNames:
``name``, ``geonames_id``, ``lat``, ``lon``, ``country``, ``admin1``, ``feature_code``) or
``figure_group`` (figures of several documents
that count the same thing, :mod:`sitroom.link.figures`; its ``members`` list the
figures by ``figure_id`` = ``doc_id:start-end``). Facts carry ``doc_id``, ``start``, ``end``
(character offsets into the ``text`` of their ``document`` record). These field
names are a public interface: other tools read them; change them only with a
new major version.

Where a record field would clash with ``"type"``, it is renamed: an entity's type
is ``entity_type``; an event's type and sub-type are ``event_type`` and
``sub_event_type`` (ACLED's column names); a time expression's TIMEX3 type is ``timex_type``.

``--format acled`` and ``--format geojson`` are in :mod:`sitroom.report.formats`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from sitroom.extract.events import ontology_codes
from sitroom.link.figures import group_record, members_of, reconcile
from sitroom.model import Analysis, Document, Entity, Event
from sitroom.report.formats import csv_cell, write_acled, write_geojson
from sitroom.store import Store
from sitroom.store.rows import FACT_TYPES, SPAN_COLUMNS, document_metadata, fact_row, fact_type

RENAMED = {"event": {"type": "event_type", "subtype": "sub_event_type"}, "time": {"type": "timex_type"}}

DOCUMENT_FIELDS = [
    "doc_id", "start", "end", "title", "outlet", "byline", "language", "published",
    "published_precision", "published_provenance", "published_method", "url",
    "origin", "content_hash", "duplicate_of", "warnings", "text",
]


def document_record(doc: Document, *, duplicate_of: str | None = None) -> dict[str, Any]:
    """``duplicate_of``: the earlier stored document this one is a near copy of
    (:mod:`sitroom.link.dedupe`), or None."""
    return {
        "type": "document",
        "doc_id": doc.id,
        "start": 0,
        "end": len(doc.text),
        **document_metadata(doc),
        "origin": doc.origin.describe(),
        "duplicate_of": duplicate_of,
        "warnings": list(doc.warnings),
        "text": doc.text,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    return {"type": "entity", "id": entity.id, "name": entity.name, "entity_type": entity.type, "country": entity.country, "aliases": list(entity.aliases)}


def fact_record(fact: object) -> dict[str, Any]:
    """A fact as an export record: ``type``, ``doc_id``, ``start``, ``end``, then its fields."""
    name = fact_type(fact)
    renames = RENAMED.get(name, {})
    row = {renames.get(k, k): v for k, v in fact_row(fact).items()}
    if isinstance(fact, Event):
        row["plover"], row["cameo"] = ontology_codes(fact.type, fact.subtype)
    return {"type": name, **row}


def analysis_records(analysis: Analysis, *, duplicate_of: str | None = None) -> Iterator[dict[str, Any]]:
    yield document_record(analysis.document, duplicate_of=duplicate_of)
    for group in (analysis.mentions, analysis.places, analysis.times, analysis.quotes, analysis.figures, analysis.events):
        for fact in group:
            yield fact_record(fact)


def store_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every record of the store: entities first, then each document with its facts, then
    the figure groups of :func:`sitroom.link.figures.reconcile` over all documents but the
    near-duplicates (a copy's figures are exported with it, never counted in a group again)."""
    for entity in store.entities():
        yield entity_record(entity)
    members = []
    copies = {d.doc_id: d.duplicate_of for d in store.duplicates()}
    for analysis in store.analyses():
        yield from analysis_records(analysis, duplicate_of=copies.get(analysis.document.id))
        if analysis.document.id not in copies:
            members.extend(members_of([analysis]))
    for group in reconcile(members):
        yield group_record(group)


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
    extra += ["plover", "cameo"]  # event
    extra += ["status", "review", "latest", "date_start", "date_end", "documents", "members"]  # figure_group
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


def _export_jsonl(store: Store, out: TextIO) -> int:
    return write_jsonl(store_records(store), out)


def _export_csv(store: Store, out: TextIO) -> int:
    return write_csv(store_records(store), out)


WRITERS: dict[str, Callable[[Store, TextIO], int]] = {"jsonl": _export_jsonl, "csv": _export_csv, "acled": write_acled, "geojson": write_geojson}
"""Export format -> writer of a store to a text stream (returns what it wrote: records,
rows or features)."""
