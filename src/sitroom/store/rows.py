"""Records <-> flat rows, for the store and the exports.

A fact record's :class:`~sitroom.model.Span` fields flatten to two columns each:
``span`` -> ``doc_id``/``start``/``end``, ``sentence`` -> ``sent_start``/``sent_end``,
``speaker_span`` -> ``speaker_start``/``speaker_end``, ``place_span`` -> ``place_start``/``place_end``,
``actor1_span``/``actor2_span``/``time_span`` -> ``actor1_start``/``actor1_end``... Every other field keeps its name.

Tuple fields (``Quote.speakers``) are found from the record's type hints, not named here:
:func:`fact_row` gives them as lists (what the exports write: a JSON list in JSON Lines,
JSON text in CSV), :func:`store_row` as JSON text for a Text column, and
:func:`fact_from_row` reads either back into a tuple.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from functools import cache
from typing import Any, TypeVar

from sitroom.model import FACT_KINDS, Document, Span

SPAN_COLUMNS = {
    "span": ("start", "end"),
    "sentence": ("sent_start", "sent_end"),
    "speaker_span": ("speaker_start", "speaker_end"),
    "place_span": ("place_start", "place_end"),
    "actor1_span": ("actor1_start", "actor1_end"),
    "actor2_span": ("actor2_start", "actor2_end"),
    "time_span": ("time_start", "time_end"),
}

FACT_TYPES: dict[str, type] = {kind.name: kind.record for kind in FACT_KINDS}
"""Export/type name -> record class (:data:`sitroom.model.FACT_KINDS`)."""

F = TypeVar("F")


def fact_type(fact: object) -> str:
    """The export type name of a fact record ("quote", "figure"...)."""
    for name, cls in FACT_TYPES.items():
        if isinstance(fact, cls):
            return name
    raise TypeError(f"not a fact record: {type(fact).__name__}")


@cache
def tuple_fields(cls: type) -> frozenset[str]:
    """Names of the fields of record class ``cls`` annotated as tuples."""
    hints = typing.get_type_hints(cls)
    return frozenset(f.name for f in dataclasses.fields(cls) if typing.get_origin(hints[f.name]) is tuple)


def fact_row(fact: object) -> dict[str, Any]:
    """Flatten a fact record into a row: ``doc_id``, ``start``, ``end``, then its fields
    (tuples as lists)."""
    row: dict[str, Any] = {}
    for name, how, start, end in _field_plan(type(fact)):  # worked out once per class
        value = getattr(fact, name)
        if how == "span":
            if name == "span":
                row["doc_id"] = value.doc_id
            row[start] = value.start if value is not None else None  # type: ignore[index]
            row[end] = value.end if value is not None else None  # type: ignore[index]
        elif how == "tuple":
            row[name] = list(value)
        else:
            row[name] = value
    return row


def store_row(fact: object) -> dict[str, Any]:
    """:func:`fact_row` for the store: tuple fields as JSON text."""
    row = fact_row(fact)
    for name in tuple_fields(type(fact)):
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


@cache
def _field_plan(cls: type) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """How to read each field of record class ``cls`` back from a row:
    (name, "span" | "tuple" | "plain", start column, end column), worked out once per class."""
    tuples = tuple_fields(cls)
    plan = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in SPAN_COLUMNS:
            start, end = SPAN_COLUMNS[field.name]
            plan.append((field.name, "span", start, end))
        elif field.name in tuples:
            plan.append((field.name, "tuple", None, None))
        else:
            plan.append((field.name, "plain", None, None))
    return tuple(plan)


def fact_from_row(cls: type[F], row: dict[str, Any]) -> F:
    """Rebuild a fact record of class ``cls`` from a row made by :func:`fact_row` or
    :func:`store_row` (a tuple field may be a list or JSON text; NULL is empty)."""
    kwargs: dict[str, Any] = {}
    doc_id = row["doc_id"]
    for name, how, start, end in _field_plan(cls):
        if how == "span":
            kwargs[name] = Span(doc_id, row[start], row[end]) if row.get(start) is not None else None
        elif name not in row:
            continue
        elif how == "tuple":
            value = row[name]
            items = json.loads(value) if isinstance(value, str) else value or ()
            kwargs[name] = tuple(tuple(x) if isinstance(x, list) else x for x in items)
        else:
            kwargs[name] = row[name]
    return cls(**kwargs)


def document_provenance(doc: Document) -> dict[str, Any]:
    """Where a document came from and what cleaning removed, as flat columns (shared by the
    store's ``documents`` rows and the Spark job's Parquet)."""
    origin = doc.origin
    return {
        "origin_path": origin.path,
        "origin_url": origin.url,
        "origin_record": origin.record,
        "warc_record_id": origin.warc_record_id,
        "fetched_at": origin.fetched_at,
        "removed": json.dumps([dataclasses.asdict(r) for r in doc.removed], ensure_ascii=False),
    }


def document_metadata(doc: Document) -> dict[str, Any]:
    """A document's metadata as flat columns (shared by the store and the exports)."""
    published = doc.published
    return {
        "title": doc.title,
        "outlet": doc.outlet,
        "byline": doc.byline,
        "language": doc.language,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_provenance": published.provenance if published else None,
        "published_method": published.method if published else None,
        "url": doc.url,
        "content_hash": doc.content_hash,
    }
