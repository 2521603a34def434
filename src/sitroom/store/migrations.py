"""Upgrading a store in place, from schema :data:`OLDEST` on.

Each step takes a store from one version to the next inside one transaction, in the style
of sqlite-utils' ``migrations`` and Alembic's linear history: first every table, column and
index of the current schema that the store lacks is added (``ALTER TABLE ... ADD COLUMN``
with the column's default, so old rows read as the new code expects), then the step's own
data work runs, then ``sitroom_meta.schema_version`` is set. Old facts are kept as they
were extracted: an upgrade never re-reads documents (ingest again into a new store for
the new rules' output).

Before the first step an SQLite store is copied with SQLite's online backup API to
``<store>.schema-<N>.bak``; a PostgreSQL store is not copied (back it up with
``pg_dump``). Steps:

* 6 -> 7: events gained ``mentions``, actor and time spans, ``place_offset``, ``admin2``;
  figures gained ``cumulative`` and ``period`` (columns with defaults).
* 7 -> 8: documents gained ``seq``, filled in storage order; the SQLite full-text index
  becomes an external-content index of ``documents`` with ``seq`` as its rowid (rebuilt;
  the text is no longer stored twice); the fact views are created.
* 8 -> 9: indexes on documents' ``url`` and ``origin_url`` (a fetch skips stored pages).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, literal, text

from sitroom.errors import StoreError
from sitroom.store import schema

OLDEST = 6
"""The oldest schema version that can be upgraded in place."""


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What :func:`upgrade` did."""

    source: int
    target: int
    backup: Path | None
    """The copy of the store as it was, or ``None`` (PostgreSQL)."""


def add_missing(conn: Connection) -> None:
    """Create the tables, columns and indexes of the current schema that the store lacks."""
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    for table in schema.metadata.sorted_tables:
        if table.name not in present:
            table.create(conn)
            continue
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            kind = column.type.compile(dialect=conn.dialect)
            default = ""
            if column.default is not None and column.default.is_scalar:
                default = " DEFAULT " + str(literal(column.default.arg).compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
            not_null = " NOT NULL" if not column.nullable and default else ""
            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}{not_null}'))
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(conn)


def create_views(conn: Connection, *, replace: bool = False) -> None:
    """Create the views of :data:`schema.VIEWS` that are missing (all of them again with
    ``replace``: a view of ``f.*`` must be rebuilt after its table gained columns)."""
    existing = set(inspect(conn).get_view_names())
    for name, select in schema.VIEWS.items():
        if name in existing and replace:
            conn.execute(text(f"DROP VIEW {name}"))
        if name not in existing or replace:
            conn.execute(text(f"CREATE VIEW {name} AS {select}"))


def _to_7(conn: Connection) -> None:
    """Columns only (:func:`add_missing`)."""


def _to_8(conn: Connection) -> None:
    order = "rowid" if conn.dialect.name == "sqlite" else "ingested_at, id"
    ids = [r[0] for r in conn.execute(text(f"SELECT id FROM documents WHERE seq IS NULL ORDER BY {order}"))]  # noqa: S608 - constants
    start = conn.execute(text("SELECT coalesce(max(seq), 0) FROM documents")).scalar_one()
    if ids:
        conn.execute(text("UPDATE documents SET seq = :seq WHERE id = :id"), [{"seq": start + n, "id": i} for n, i in enumerate(ids, 1)])
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TABLE IF EXISTS documents_fts"))  # a plain FTS table holding a copy of every text
        conn.execute(text(schema.SQLITE_FTS))
        conn.execute(text("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"))


def _to_9(conn: Connection) -> None:
    """Nothing beyond :func:`add_missing`: the URL indexes."""


STEPS: dict[int, Callable[[Connection], None]] = {6: _to_7, 7: _to_8, 8: _to_9}
"""Version -> the step that takes a store from it to the next version."""


def check(target: str, source: int) -> None:
    """Refuse a schema version this code can neither read nor upgrade.

    Raises:
        StoreError: ``source`` is older than :data:`OLDEST` or newer than this code.
    """
    if source < OLDEST:
        raise StoreError(
            f"store {target} has schema version {source}; this sitroom (schema version {schema.SCHEMA_VERSION}) upgrades stores "
            f"from version {OLDEST} on: "
            f"ingest the documents again into a new store (another --db path)"
        )
    if source > schema.SCHEMA_VERSION:
        raise StoreError(f"store {target} has schema version {source}, newer than this sitroom's ({schema.SCHEMA_VERSION}): upgrade sitroom")


def upgrade(engine: Any, target: str, source: int) -> Upgrade:
    """Upgrade the store at ``target`` (its ``engine``) from schema ``source`` to the current one.

    Raises:
        StoreError: ``source`` is older than :data:`OLDEST` or newer than this code, or a
            step failed (the store is left as it was: each step is one transaction, and the
            backup holds the state before the first).
    """
    current = schema.SCHEMA_VERSION
    check(target, source)
    backup = _backup(engine, target, source) if engine.dialect.name == "sqlite" else None
    for version in range(source, current):
        try:
            with engine.connect().execution_options(sitroom_write=True) as conn, conn.begin():
                now = conn.execute(text("SELECT value FROM sitroom_meta WHERE key = 'schema_version'")).scalar_one()
                if int(now) > version:
                    continue  # another process took this step first
                add_missing(conn)
                STEPS[version](conn)
                create_views(conn, replace=True)
                conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value=str(version + 1)))
        except Exception as exc:
            where = f"; the store before the upgrade is kept at {backup}" if backup else ""
            raise StoreError(f"upgrading store {target} from schema {version} to {version + 1} failed: {exc}{where}") from exc
    return Upgrade(source, current, backup)


def _backup(engine: Any, target: str, source: int) -> Path:
    """Copy the SQLite store with SQLite's backup API (consistent under WAL)."""
    database = engine.url.database
    path = Path(database)
    copy = path.with_name(f"{path.name}.schema-{source}.bak")
    n = 1
    while copy.exists():
        n += 1
        copy = path.with_name(f"{path.name}.schema-{source}.{n}.bak")
    with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    return copy
