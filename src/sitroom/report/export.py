"""Exports: every stored record, as JSON Lines or one CSV table.

Each record has ``"type"``: ``document``, ``entity``, ``mention``, ``time``,
``quote``, ``figure``, ``event`` or ``figure_group`` (figures of several documents
that count the same thing, :mod:`sitroom.link.figures`; its ``members`` list the
figures by ``figure_id`` = ``doc_id:start-end``). Facts carry ``doc_id``, ``start``, ``end``
(character offsets into the ``text`` of their ``document`` record). These field
names are a public interface: other tools read them; change them only with a
new major version.

Where a record field would clash with ``"type"``, it is renamed: an entity's type
is ``entity_type``; an event's type and sub-type are ``event_type`` and
``sub_event_type`` (ACLED's column names).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sitroom.link.figures import group_record, members_of, reconcile
from sitroom.model import Analysis, Document, Entity, Event, Figure, Mention, Quote, TimeRef
from sitroom.store import Store
from sitroom.store.rows import document_metadata, fact_row, fact_type

RENAMED = {"event": {"type": "event_type", "subtype": "sub_event_type"}}

DOCUMENT_FIELDS = [
    "doc_id", "start", "end", "title", "outlet", "byline", "language", "published",
    "published_precision", "published_provenance", "published_method", "url",
    "origin", "content_hash", "warnings", "text",
]


def document_record(doc: Document) -> dict[str, Any]:
    return {
        "type": "document",
        "doc_id": doc.id,
        "start": 0,
        "end": len(doc.text),
        **document_metadata(doc),
        "origin": doc.origin.describe(),
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
    return {"type": name, **row}


def analysis_records(analysis: Analysis) -> Iterator[dict[str, Any]]:
    yield document_record(analysis.document)
    for group in (analysis.mentions, analysis.times, analysis.quotes, analysis.figures, analysis.events):
        for fact in group:
            yield fact_record(fact)


def store_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every record of the store: entities first, then each document with its facts, then
    the figure groups of :func:`sitroom.link.figures.reconcile` over all documents."""
    for entity in store.entities():
        yield entity_record(entity)
    members = []
    for analysis in store.analyses():
        yield from analysis_records(analysis)
        members.extend(members_of([analysis]))
    for group in reconcile(members):
        yield group_record(group)


def csv_columns() -> list[str]:
    """The CSV header: the union of all record fields, in a fixed order."""
    columns = ["type", "doc_id", "start", "end", "text"]
    extra: list[str] = ["id", "name", "entity_type", "country", "aliases", *DOCUMENT_FIELDS]
    for name, cls in (("mention", Mention), ("time", TimeRef), ("quote", Quote), ("figure", Figure), ("event", Event)):
        renames = RENAMED.get(name, {})
        for field in dataclasses.fields(cls):
            if field.name in ("span", "sentence", "speaker_span"):
                extra += {"span": [], "sentence": ["sent_start", "sent_end"], "speaker_span": ["speaker_start", "speaker_end"]}[field.name]
            else:
                extra.append(renames.get(field.name, field.name))
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
    """Write one CSV table (header from :func:`csv_columns`); lists as JSON text."""
    writer = csv.DictWriter(out, fieldnames=csv_columns(), extrasaction="raise")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in record.items()})
        n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
