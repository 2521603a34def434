"""Export to Parquet: one file per record type, typed columns.

``sitroom export --format parquet --output DIR`` writes ``DIR/<type>.parquet`` for each record
type of :func:`sitroom.report.export.store_records` that the store holds (``document``,
``entity``, ``mention``, ``place``, ``time``, ``quote``, ``figure``, ``event``, ``story``,
``figure_group``, ``merged_event``), with the fields of the JSON Lines export as columns
(the ``type`` field is the file's name):

* offsets, counts, GeoNames ids and precisions are 64-bit integers; coordinates, figure values
  and fatalities doubles; flags booleans;
* days are Parquet dates: a document's ``published``, an event's ``date``/``date_end`` and
  the ``date_start``/``date_end`` of stories, figure groups and merged events (a month or a year
  is its first day; the row's precision column says which). A figure's ``as_of`` and a time
  expression's ``value`` stay TIMEX3 text ("2017-W28", "PXD" are no days);
* lists are lists: aliases, warnings, speakers, actors, members, documents; an event's
  ``mentions`` a list of ``[start, end]`` pairs; ``fatalities_reported`` a list of
  ``{event_id, fatalities}``; a figure group's ``members`` a list of structs.

Records are written in row groups of :data:`ROW_GROUP` rows, so memory holds one group per
type whatever the store's size. DuckDB, pandas, Spark and R read the files as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["ROW_GROUP", "arrow_type", "write_parquet"]

ROW_GROUP = 10_000
RECORD_TYPES = frozenset({"document", "entity", "mention", "place", "time", "quote", "figure", "event", "story", "figure_group", "merged_event"})

INTEGER = frozenset(
    {
        "start", "end", "speaker_start", "speaker_end", "sent_start", "sent_end", "place_start", "place_end",
        "time_precision", "geo_precision", "place_geonames_id", "geonames_id", "actor1_start", "actor1_end",
        "actor2_start", "actor2_end", "time_start", "time_end", "size",
    }
)  # fmt: skip
DOUBLE = frozenset({"lat", "lon", "value", "low", "high", "fatalities"})
BOOLEAN = frozenset({"direct", "verbatim", "projection", "disputed", "cumulative"})
DATES = frozenset({"published", "date", "date_end", "date_start"})
STRING_LISTS = frozenset({"aliases", "warnings", "speakers", "actors", "members", "documents"})
MEMBER = pa.struct(
    [
        ("figure_id", pa.string()), ("doc_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("value", pa.float64()), ("low", pa.float64()), ("high", pa.float64()),
        ("qualifier", pa.string()), ("subject", pa.string()), ("reported_by", pa.string()),
        ("projection", pa.bool_()), ("disputed", pa.bool_()), ("outlet", pa.string()), ("date", pa.string()),
        ("date_from", pa.string()), ("place_from", pa.string()),
    ]
)  # fmt: skip
"""A figure group's member (:func:`sitroom.link.figures.group_record`); its ``date`` is the
day the figure applies to as the group read it, text like the JSON export's."""
SPECIAL: dict[tuple[str, str], pa.DataType] = {
    ("time", "value"): pa.string(),
    ("event", "mentions"): pa.list_(pa.list_(pa.int64())),
    ("merged_event", "fatalities_reported"): pa.list_(pa.struct([("event_id", pa.string()), ("fatalities", pa.float64())])),
    ("figure_group", "members"): pa.list_(MEMBER),
}
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def arrow_type(record_type: str, column: str) -> pa.DataType:
    """The Parquet column type of ``column`` in records of ``record_type``."""
    if (record_type, column) in SPECIAL:
        return SPECIAL[record_type, column]
    if column in INTEGER:
        return pa.int64()
    if column in DOUBLE:
        return pa.float64()
    if column in BOOLEAN:
        return pa.bool_()
    if column in DATES:
        return pa.date32()
    if column in STRING_LISTS:
        return pa.list_(pa.string())
    return pa.string()


def _day(value: Any) -> dt.date | None:
    """``2017-07-14`` -> that day; ``2017-07`` and ``2017`` -> their first day; else None."""
    if not isinstance(value, str):
        return None
    found = _DAY.match(value)
    if not found:
        return None
    year, month, day = found.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def _cell(record_type: str, column: str, value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_date32(kind):
        return _day(value)
    if (record_type, column) == ("merged_event", "fatalities_reported"):
        return [{"event_id": pair[0], "fatalities": pair[1]} for pair in value]
    if pa.types.is_string(kind) and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


class _Table:
    """The rows of one record type on their way to one Parquet file."""

    def __init__(self, record_type: str, columns: list[str], path: Path) -> None:
        self.type, self.columns, self.path = record_type, columns, path
        self.schema = pa.schema([(c, arrow_type(record_type, c)) for c in columns])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []
        self.written = 0

    def add(self, record: dict[str, Any]) -> None:
        unknown = set(record) - set(self.columns) - {"type"}
        if unknown:
            raise ValueError(f"{self.type} record with fields the first one lacked: {sorted(unknown)}")
        self.rows.append({c: _cell(self.type, c, record.get(c), self.schema.field(c).type) for c in self.columns})
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self.flush()
        self.writer.close()
        return self.written


def write_parquet(records: Iterable[dict[str, Any]], folder: Path) -> dict[str, int]:
    """Write ``records`` (export records, :func:`sitroom.report.export.store_records`) to
    ``folder/<type>.parquet``; returns the rows written per type. A type with no record
    gets no file, and the file of that type an earlier export left there is removed, so that
    the folder holds one export (other files in it are left alone). Files are written as
    ``.part`` and renamed when complete."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, _Table] = {}
    try:
        for record in records:
            kind = record["type"]
            table = tables.get(kind)
            if table is None:
                columns = [c for c in record if c != "type"]
                table = tables[kind] = _Table(kind, columns, folder / f"{kind}.parquet.part")
            table.add(record)
        counts = {kind: table.close() for kind, table in tables.items()}
    except BaseException:
        for table in tables.values():
            table.writer.close()
            table.path.unlink(missing_ok=True)
        raise
    for kind in RECORD_TYPES - set(counts):
        (folder / f"{kind}.parquet").unlink(missing_ok=True)
    for kind in counts:
        (folder / f"{kind}.parquet.part").replace(folder / f"{kind}.parquet")
    return counts
