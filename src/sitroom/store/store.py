"""The store: documents and their facts in one SQL database (SQLite file by default).

* Idempotent: a document whose clean-text hash is already stored is a duplicate and
  adds nothing; the raw-input hash lets a re-run skip a known input before any work.
* One transaction per batch: a batch is stored whole or not at all, so a killed run
  leaves the last committed batch intact and a re-run completes the rest.
* Failures are rows too: a bad document is recorded with its reason, never raised.
* Persons are linked across documents inside the batch's transaction: a quote whose
  speaker is a named person without an actor id gets a ``person/...`` entity shared with
  every other document that names that person (rule: :mod:`sitroom.link.people`).
* Near-duplicates are linked in the same transaction: a syndicated or lightly edited copy
  is stored, and marked ``duplicate_of`` the earliest stored document it copies (rule:
  :mod:`sitroom.link.dedupe`), found through LSH buckets in an indexed table.

Exceptions: :class:`StoreError` (cannot open the database, a store written by another
schema version, malformed search query).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError, SQLAlchemyError

from sitroom.actordata import Actors
from sitroom.errors import StoreError
from sitroom.model import FACT_KINDS, FACTS, Analysis, DateValue, Document, Duplicate, Entity, Failure, Mention, Merged, Origin, Removed, Span
from sitroom.store import migrations, schema
from sitroom.store.search import fts5, parse, tsquery
from sitroom.store.rows import FACT_TYPES, document_metadata, document_provenance, fact_from_row, fact_type, store_row

if TYPE_CHECKING:
    from sitroom.store.queries import Filters




@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story as :meth:`Store.story_list` lists it: ``first``/``last`` are the earliest and
    latest publication days of its articles (None when none is dated)."""

    id: str
    title: str | None
    size: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    snippet: str


def _url(target: str, *, readonly: bool = False) -> str:
    if "://" in target:
        for bare in ("postgresql://", "postgres://"):
            if target.startswith(bare):
                return "postgresql+psycopg://" + target[len(bare) :]  # the driver sitroom installs (SQLAlchemy's default is psycopg2)
        return target
    path = Path(target)
    if readonly:
        # SQLite's own read-only mode: no statement of this connection can write the file.
        return f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true"
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _shown(target: str) -> str:
    """``target`` as messages show it: a URL with its password hidden."""
    if "://" not in target:
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except ArgumentError:
        return target.split("://", 1)[0] + "://…"


def _sqlite_version(target: str, path: Path) -> int | None:
    """The schema version of the SQLite store at ``path``, read without writing a byte
    (a read-only connection, before any pragma: the WAL pragma rewrites the header);
    ``None`` when the file is missing or holds no table (a new store).

    Raises:
        StoreError: the file is not an SQLite database, or not a sitroom store.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)) as conn:
            tables = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            if not tables:
                return None
            found = None
            if schema.meta.name in tables:
                found = conn.execute(f"SELECT value FROM {schema.meta.name} WHERE key = 'schema_version'").fetchone()  # noqa: S608 - a constant
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target} is not a sitroom store: it is not an SQLite database ({exc}); choose another --db path") from exc
    if found is None or not str(found[0]).isdigit():
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise StoreError(f"{target} is not a sitroom store: it holds tables ({shown}) but no sitroom schema version; choose another --db path")
    return int(found[0])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Batch:
    """The writing side of one :meth:`Store.transaction`: rows in, nothing linked."""

    def __init__(self, store: Store, conn: Any) -> None:
        self.store = store
        self.conn = conn
        self._seq: int | None = None

    def new_documents(self, analyses: Sequence[tuple[Analysis, str]]) -> tuple[list[tuple[Analysis, str]], int]:
        """The pairs whose document (by content hash) is neither stored nor earlier in
        ``analyses``, and how many were left out as exact duplicates."""
        hashes = [a.document.content_hash for a, _ in analyses]
        column = schema.documents.c.content_hash
        existing = {r[0] for r in self.conn.execute(select(column).where(column.in_(hashes)))} if hashes else set()
        seen: set[str] = set()
        new: list[tuple[Analysis, str]] = []
        for analysis, raw_hash in analyses:
            content = analysis.document.content_hash
            if content not in existing and content not in seen:
                seen.add(content)
                new.append((analysis, raw_hash))
        return new, len(analyses) - len(new)

    def insert(self, analysis: Analysis, raw_hash: str) -> int:
        """Write the document, its full-text entry, the entities its facts name and every
        fact; returns the document's ``seq``."""
        return self.insert_many([(analysis, raw_hash)])[0]

    def insert_many(self, analyses: Sequence[tuple[Analysis, str]]) -> list[int]:
        """:meth:`insert` for each ``(analysis, raw_hash)`` pair, in order, as one statement
        per table (documents, full-text entries, entities, each fact table) rather than per
        document; rows, ``seq`` values and fact ids are those of inserting one by one.
        Returns the documents' ``seq`` values."""
        if not analyses:
            return []
        conn = self.conn
        if self._seq is None:
            self._seq = conn.execute(select(func.coalesce(func.max(schema.documents.c.seq), 0))).scalar_one()
        first = self._seq + 1
        seqs = list(range(first, first + len(analyses)))
        self._seq = seqs[-1]
        conn.execute(schema.documents.insert(), [{**_document_row(a.document, raw_hash), "seq": seq} for (a, raw_hash), seq in zip(analyses, seqs)])
        if self.store.is_sqlite:
            rows = [{"seq": seq, "title": a.document.title, "text": a.document.text} for (a, _), seq in zip(analyses, seqs)]
            conn.execute(text("INSERT INTO documents_fts (rowid, title, text) VALUES (:seq, :title, :text)"), rows)
        entities: dict[str, dict[str, Any]] = {}  # the first row of each id, as inserting one document at a time keeps
        for analysis, _ in analyses:
            used = {m.entity_id for m in analysis.mentions} | {i for q in analysis.quotes for i in (q.speaker_entity, q.role_entity)}
            for e in analysis.entities:
                if e.id in used and e.id not in entities:
                    entities[e.id] = entity_row(e)
        insert_ignore(conn, schema.entities, list(entities.values()))
        for name, table in schema.FACT_TABLES.items():
            rows = [store_row(f) for analysis, _ in analyses for f in _facts(analysis, name)]
            if rows:
                conn.execute(table.insert(), rows)
        return seqs

    def insert_failures(self, failures: Sequence[Failure]) -> None:
        if failures:
            self.conn.execute(schema.failures.insert(), [_failure_row(f) for f in failures])


SEARCH_SECONDS = 10.0
"""Wall time a search may take before it is stopped with an error (SQLite's progress
handler, PostgreSQL's ``statement_timeout``): one query never holds the store or a server."""
WRITE_LOCK = 0x5172_0001
"""PostgreSQL advisory lock key that serialises writing batches (any process, any host)."""


class Store:
    """A sitroom store at ``target`` (a file path or an SQLAlchemy URL).

    Opened for writing (the default), a missing store is created. Opened ``readonly``, the
    store must exist and nothing is ever written to it: SQLite opens the file in its
    read-only mode, PostgreSQL sessions are read-only transactions. Either way a database
    that is not a sitroom store (tables but no sitroom schema version) is refused before
    anything is written to it.
    """

    def __init__(self, target: str | Path, *, readonly: bool = False) -> None:
        self.target = _shown(str(target))
        """The store as messages name it (a URL's password hidden)."""
        self.readonly = readonly
        self.upgraded: migrations.Upgrade | None = None
        """Set when opening upgraded the store's schema (from, to, the backup copy)."""
        is_file = "://" not in self.target
        if is_file:
            path = Path(self.target)
            if readonly and not path.is_file():
                raise StoreError(f"store {self.target} does not exist; run `sitroom ingest PATH --db {self.target}` first")
            stored = _sqlite_version(self.target, path)
            if stored is not None and stored != schema.SCHEMA_VERSION:
                migrations.check(self.target, stored)  # too old or too new: refused before any write
        self.url = _url(str(target), readonly=readonly)
        connect_args = {"options": "-c default_transaction_read_only=on"} if readonly and self.url.startswith("postgresql") else {}
        try:
            self.engine: Engine = create_engine(self.url, future=True, connect_args=connect_args)
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"cannot open store {self.target}: {exc}") from exc
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas_readonly if readonly else _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        try:
            if readonly:
                with self.engine.connect() as conn:
                    self._check_store(conn)
            else:
                self._create_schema()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.target}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from exc

    def _create_schema(self, attempts: int = 3) -> None:
        """Create missing tables, upgrading an older store first. Two processes opening a
        new store at once can both see a table missing and race to create it; the loser
        retries and then finds it there.

        Raises:
            StoreError: the store's schema cannot be upgraded (too old, or newer than this
                code); nothing is changed.
        """
        with self.engine.connect() as conn:
            stored = self._stored_version(conn)
        if stored == schema.SCHEMA_VERSION:
            return  # complete since it was created: opening writes nothing
        if stored is not None:
            self.upgraded = migrations.upgrade(self.engine, self.target, stored)
        for attempt in range(attempts):
            try:
                with self.engine.connect().execution_options(sitroom_write=True) as conn, conn.begin():
                    schema.metadata.create_all(conn)
                    if self.is_sqlite:
                        conn.execute(text(schema.SQLITE_FTS))
                    else:
                        for statement in schema.POSTGRES_FTS:
                            conn.execute(text(statement))
                    migrations.create_views(conn)
                    insert_ignore(conn, schema.meta, [{"key": "schema_version", "value": str(schema.SCHEMA_VERSION)}])
                return
            except OperationalError as exc:
                if "already exists" not in str(exc.orig) or attempt == attempts - 1:
                    raise

    def _stored_version(self, conn: Any) -> int | None:
        """The store's recorded schema version; ``None`` for a new (empty) database.

        Raises:
            StoreError: the database holds other tables, or no readable version.
        """
        inspector = inspect(conn)
        if not inspector.has_table(schema.meta.name):
            if inspector.get_table_names():
                raise StoreError(f"{self.target} is not a sitroom store (it holds other tables); choose another --db path")
            return None
        stored = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar_one_or_none()
        if stored is None or not str(stored).isdigit():
            raise StoreError(f"{self.target} is not a sitroom store (no schema version); choose another --db path")
        return int(stored)

    def _check_store(self, conn: Any) -> None:
        """Refuse, without writing, a database that is not a sitroom store of this schema."""
        tables = inspect(conn).get_table_names()
        if schema.meta.name not in tables:
            shown = ", ".join(sorted(tables)[:5]) or "no tables"
            raise StoreError(f"{self.target} is not a sitroom store ({shown}); run `sitroom ingest PATH --db {self.target}` to make one")
        stored = self._stored_version(conn)
        if stored is not None and stored != schema.SCHEMA_VERSION:
            migrations.check(self.target, stored)
            raise StoreError(
                f"store {self.target} has schema version {stored} (this sitroom: {schema.SCHEMA_VERSION}): "
                f"run `sitroom migrate --db {self.target}` to upgrade it in place (a backup copy is kept)"
            )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------

    def known_raw_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of ``hashes`` (raw-input hashes) are already stored."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                chunk = list(hashes[i : i + 500])
                rows = conn.execute(select(schema.documents.c.raw_hash).where(schema.documents.c.raw_hash.in_(chunk)))
                found.update(r[0] for r in rows)
        return found

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of ``urls`` a stored document was read from or names as its URL."""
        found: set[str] = set()
        table = schema.documents
        with self.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                chunk = list(urls[i : i + 500])
                for column in (table.c.url, table.c.origin_url):
                    found.update(r[0] for r in conn.execute(select(column).where(column.in_(chunk))))
        return found

    def document_for_raw(self, raw_hash: str) -> str | None:
        """The id of the document stored from the raw input of this hash, or None."""
        with self.engine.connect() as conn:
            return conn.execute(select(schema.documents.c.id).where(schema.documents.c.raw_hash == raw_hash)).scalar()

    @contextmanager
    def transaction(self) -> Iterator[Batch]:
        """One write transaction holding the store's write lock (SQLite ``BEGIN IMMEDIATE``,
        PostgreSQL ``pg_advisory_xact_lock``): everything done through the :class:`Batch` it
        yields, and whatever linking runs on ``batch.conn``, commits together or not at all.
        :func:`sitroom.link.batch.store_batch` is how documents are written.

        Raises:
            StoreError: the store was opened read-only.
        """
        if self.readonly:
            raise StoreError(f"store {self.target} was opened read-only; open it without readonly to add documents")
        with self.engine.connect().execution_options(sitroom_write=True) as conn, conn.begin():
            if not self.is_sqlite:
                # One writer at a time, as SQLite has: linking reads what earlier batches stored
                # (persons, copies, stories, merged events), so two batches linked at once could
                # each make the story the other should have joined. Released at commit.
                conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
            yield Batch(self, conn)

    # --- reading ---------------------------------------------------------------------------

    def count(self, what: str = "documents") -> int:
        table = schema.metadata.tables[what]
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def fingerprint(self) -> tuple[int, int]:
        """(documents, last document seq): changes whenever a document is stored, so an answer
        worked out from the store can be kept until then (documents are never removed but
        with their store)."""
        docs = schema.documents
        with self.engine.connect() as conn:
            count, last = conn.execute(select(func.count(), func.max(docs.c.seq))).one()
        return int(count), int(last or 0)

    def document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents.c.id).order_by(schema.documents.c.published, schema.documents.c.id))
            return [r[0] for r in rows]

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).mappings().first()
        return document_from_row(dict(row)) if row else None

    def find_document_id(self, prefix: str) -> str | None:
        """The one document id starting with ``prefix`` (ids are long; users type a few characters)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.startswith(prefix, autoescape=True)).limit(2)).all()
        return rows[0][0] if len(rows) == 1 else None

    def analysis(self, doc_id: str) -> Analysis | None:
        """The stored document and all its facts, as records."""
        found = self._analyses([doc_id])
        return found[0] if found else None

    def analyses(self, *, page: int = 200) -> Iterator[Analysis]:
        """Every stored analysis, in the order of :meth:`analysis_pages`."""
        for analyses in self.analysis_pages(page=page):
            yield from analyses

    def analysis_pages(self, *, page: int = 200, filters: Filters | None = None, kinds: Collection[str] | None = None) -> Iterator[list[Analysis]]:
        """Every stored analysis (or those of the documents ``filters`` keep: story,
        publication days, text, since), ``page`` documents at a
        time, by publication day (undated last), then id: the ids come from one streamed
        statement, each page costs 8 more (documents, the six fact tables, entities), and
        memory holds one page of records whatever the store's size.

        ``kinds`` (names of :data:`~sitroom.model.FACT_KINDS`) reads only those facts; the
        other fact fields of each analysis are left empty (a reader that needs no mentions
        skips the largest table)."""
        from sitroom.store.queries import document_clauses

        docs = schema.documents
        query = select(docs.c.id)
        if filters is not None:
            query = document_clauses(self, query, filters)
        query = query.order_by(docs.c.published.is_(None), docs.c.published, docs.c.id)  # as queries._publication_order
        for rows in self.stream(query, page=page):
            yield self._analyses([r[0] for r in rows], kinds=kinds)

    def publication_days(self, *, filters: Filters | None = None) -> list[tuple[str, str | None]]:
        """(doc id, publication day or None) of every document, or of those ``filters`` keep."""
        from sitroom.store.queries import document_clauses

        docs = schema.documents
        query = select(docs.c.id, docs.c.published)
        if filters is not None:
            query = document_clauses(self, query, filters)
        with self.engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(query)]

    def stream(self, query: Any, *, page: int = 500) -> Iterator[list[Any]]:
        """The rows of one read-only ``query``, ``page`` rows at a time, fetched as they are
        read (a server-side cursor on PostgreSQL): memory holds one page."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=page).execute(query)
            for rows in result.partitions(page):
                yield list(rows)

    def document_links(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """doc id -> (the document it is a near-duplicate of, its story id), for ``doc_ids``."""
        docs, copies, members = schema.documents, schema.dedupe_documents, schema.story_documents
        query = (
            select(docs.c.id, copies.c.duplicate_of, members.c.story_id)
            .select_from(docs.outerjoin(copies, copies.c.doc_id == docs.c.id).outerjoin(members, members.c.doc_id == docs.c.id))
            .where(docs.c.id.in_(list(doc_ids)))
        )
        with self.engine.connect() as conn:
            return {r[0]: (r[1], r[2]) for r in conn.execute(query)}

    def _analyses(self, doc_ids: Sequence[str], kinds: Collection[str] | None = None) -> list[Analysis]:
        """The analyses of ``doc_ids`` (in that order; unknown ids left out), with the facts
        of ``kinds`` only when given."""
        if not doc_ids:
            return []
        docs = schema.documents
        facts: dict[str, dict[str, list[Any]]] = {doc_id: {name: [] for name in schema.FACT_TABLES} for doc_id in doc_ids}
        with self.engine.connect() as conn:
            documents = {r["id"]: document_from_row(r) for r in _dicts(conn.execute(select(docs).where(docs.c.id.in_(doc_ids))))}
            for name, table in schema.FACT_TABLES.items():
                if kinds is not None and name not in kinds:
                    continue
                query = select(table).where(table.c.doc_id.in_(doc_ids)).order_by(table.c.doc_id, table.c.start, table.c.id)
                for row in _dicts(conn.execute(query)):
                    facts[row["doc_id"]][name].append(fact_from_row(FACT_TYPES[name], row))
            ids = {m.entity_id for f in facts.values() for m in f["mention"] if m.entity_id}
            ids |= {i for f in facts.values() for q in f["quote"] for i in (q.speaker_entity, q.role_entity) if i}
            entities = _entities(conn, ids)
        found = []
        for doc_id in doc_ids:
            if doc_id not in documents:
                continue
            f = facts[doc_id]
            named = {m.entity_id for m in f["mention"]} | {i for q in f["quote"] for i in (q.speaker_entity, q.role_entity)}
            found.append(
                Analysis(
                    document=documents[doc_id],
                    entities=tuple(entities[i] for i in sorted(named - {None}) if i in entities),
                    **{kind.field: tuple(f[kind.name]) for kind in FACT_KINDS},
                )
            )
        return found

    def named_mentions(self, doc_ids: Sequence[str], labels: Collection[str] = ()) -> dict[str, list[Mention]]:
        """doc id -> the mentions of ``doc_ids`` linked to an entity or labelled one of
        ``labels`` (in text order), read from their own columns only: what a count of names
        or of places needs, cheaper than every mention of :meth:`analysis_pages`."""
        table = schema.mentions
        columns = (table.c.doc_id, table.c.start, table.c.end, table.c.text, table.c.label, table.c.entity_id, table.c.canonical)
        keep = table.c.entity_id.is_not(None)
        if labels:
            keep = keep | table.c.label.in_(sorted(labels))
        query = select(*columns).where(table.c.doc_id.in_(list(doc_ids)), keep).order_by(table.c.doc_id, table.c.start, table.c.id)
        found: dict[str, list[Mention]] = {doc_id: [] for doc_id in doc_ids}
        with self.engine.connect() as conn:
            for doc_id, start, end, text, label, entity_id, canonical in conn.execute(query):
                found[doc_id].append(Mention(Span(doc_id, start, end), text, label, entity_id, canonical))
        return found

    def entities_by_id(self, ids: Collection[str]) -> dict[str, Entity]:
        """The stored entities of ``ids`` (unknown ids left out)."""
        with self.engine.connect() as conn:
            return _entities(conn, ids)

    def entities(self) -> list[Entity]:
        with self.engine.connect() as conn:
            return [entity_from_row(dict(r)) for r in conn.execute(select(schema.entities).order_by(schema.entities.c.id)).mappings()]

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(schema.failures).order_by(schema.failures.c.id)).mappings()]

    def duplicates(self) -> list[Duplicate]:
        """Every stored document marked as a near-duplicate, in the order they were stored:
        ``doc_id`` is the copy, ``duplicate_of`` the earliest stored document it copies."""
        table = schema.dedupe_documents
        query = select(table.c.doc_id, table.c.duplicate_of, table.c.similarity, table.c.containment, table.c.rule)
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(table.c.duplicate_of.is_not(None)).order_by(table.c.seq)).all()
        return [Duplicate(doc_id=r[0], duplicate_of=r[1], similarity=r[2], containment=r[3], rule=r[4]) for r in rows]

    def stories(self) -> dict[str, str]:
        """doc id -> story id, for every stored document (:mod:`sitroom.link.stories`)."""
        table = schema.story_documents
        with self.engine.connect() as conn:
            return dict(conn.execute(select(table.c.doc_id, table.c.story_id)).all())

    def story_list(self) -> list[StoryInfo]:
        """Every story, largest first (then oldest)."""
        table = schema.stories
        query = select(table.c.id, table.c.title, table.c.size, table.c.first_day, table.c.last_day).order_by(table.c.size.desc(), table.c.seq)
        with self.engine.connect() as conn:
            return [_story_info(r) for r in conn.execute(query)]

    def story(self, story_id: str) -> StoryInfo | None:
        """One story by its id (a primary-key lookup), or None."""
        table = schema.stories
        query = select(table.c.id, table.c.title, table.c.size, table.c.first_day, table.c.last_day).where(table.c.id == story_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _story_info(row) if row else None

    def find_story_id(self, prefix: str) -> str | None:
        """The one story id equal to ``prefix`` or starting with it (``story/`` may be left out)."""
        table = schema.stories
        wanted = prefix if prefix.startswith("story/") else f"story/{prefix}"
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.id).where(table.c.id.startswith(wanted, autoescape=True)).limit(2)).all()
        return rows[0][0] if len(rows) == 1 else None

    def event_clusters(self, doc_ids: Sequence[str] | None = None) -> dict[str, str]:
        """event id (``doc_id:start-end``) -> merged event id, for every linked event of the
        store, or of ``doc_ids`` (:mod:`sitroom.link.events`; a near-duplicate's events are
        not linked)."""
        table = schema.event_links
        query = select(table.c.event_id, table.c.merged_id)
        if doc_ids is not None:
            query = query.where(table.c.doc_id.in_(list(doc_ids)))
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def merged_events(self) -> list[Merged]:
        """Every merged event (:mod:`sitroom.link.events`), in the order they were started."""
        table = schema.merged_events
        with self.engine.connect() as conn:
            return [merged_from_row(row) for row in conn.execute(select(table).order_by(table.c.seq)).mappings()]

    def search(self, query: str, *, limit: int = 20, actors: Actors | None = None) -> list[SearchHit]:
        """Full-text search in sitroom's search language (:mod:`sitroom.store.search`:
        words, "phrases", prefix*, OR, NOT, parentheses; hyphens and apostrophes as
        written), best matches first. With ``actors``, a word or phrase naming an actor
        matches all its names. The same language on SQLite (FTS5) and PostgreSQL (tsvector).

        Raises:
            StoreError: the query is not valid.
        """
        aliases = None
        if actors is not None:

            def aliases(term: str) -> list[str]:
                actor = actors.lookup(term)
                return [actor.name, *actor.aliases] if actor is not None else []

        tree = parse(query)
        if self.is_sqlite:
            sql = text(
                "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) AS snip "
                "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :limit"
            )
            params: dict[str, Any] = {"q": fts5(tree, aliases), "limit": limit}
        else:
            expression, params = tsquery(tree, aliases)
            sql = text(
                "SELECT d.id, d.title, ts_headline('simple', d.text, q.q, "
                "'StartSel=[, StopSel=], MaxWords=14, MinWords=6, MaxFragments=1, FragmentDelimiter=…') AS snip "
                f"FROM documents d, (SELECT {expression} AS q) q "  # noqa: S608 - built from a parse tree, the text is bound
                "WHERE d.search @@ q.q ORDER BY ts_rank(d.search, q.q) DESC, d.seq LIMIT :limit"
            )
            params["limit"] = limit
        deadline = time.monotonic() + SEARCH_SECONDS
        try:
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    raw = conn.connection.driver_connection
                    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1_000)  # non-zero interrupts the query
                else:
                    conn.execute(text(f"SET LOCAL statement_timeout = {max(1, int(SEARCH_SECONDS * 1000))}"))  # noqa: S608 - a constant
                try:
                    rows = conn.execute(sql, params).all()
                finally:
                    if self.is_sqlite:
                        raw.set_progress_handler(None, 0)
        except (OperationalError, ProgrammingError) as exc:
            if time.monotonic() > deadline or "statement timeout" in str(exc.orig) or "interrupted" in str(exc.orig):
                raise StoreError(f"search query {query!r} took longer than {SEARCH_SECONDS:g} s; use fewer or rarer terms") from exc
            raise StoreError(f"invalid search query {query!r}: {exc.orig}. Quote phrases with double quotes.") from exc
        return [SearchHit(doc_id=r[0], title=r[1] or None, snippet=re.sub(r"\s+", " ", r[2])) for r in rows]


def _dicts(result: Any) -> Iterator[dict[str, Any]]:
    """The rows of ``result`` as dicts, the column names read once (``dict(row_mapping)``
    builds a key view per row: a sixth of the time of reading a store's analyses)."""
    keys = list(result.keys())
    for values in result:
        yield dict(zip(keys, values))


def _sqlite_pragmas_readonly(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    """Begin every transaction ourselves (pysqlite's own BEGIN is switched off on connect,
    SQLAlchemy's recipe for SQLite transactions): a batch writer begins IMMEDIATE, taking the
    write lock before it reads what it links against, so two writers queue (busy_timeout)
    instead of linking against the same snapshot; readers begin a deferred snapshot."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sitroom_write") else "BEGIN")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def insert_ignore(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows``, skipping those whose key is stored (SQLite and PostgreSQL)."""
    if not rows:
        return
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def merged_from_row(row: Mapping[str, Any]) -> Merged:
    return Merged(
        id=row["id"], type=row["type"], context=row["context"], story_id=row["story_id"], geonames_id=row["geonames_id"],
        geo_precision=row["geo_precision"], country=row["country"],
        day_min=_ordinal(row["date_min"]), day_max=_ordinal(row["date_max"]),
        actors=frozenset(json.loads(row["actors"])), size=row["size"],
    )


def _story_info(row: Any) -> StoryInfo:
    return StoryInfo(id=row[0], title=row[1], size=row[2], first=_iso(row[3]), last=_iso(row[4]))


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


def _ordinal(value: str | None) -> int | None:
    return date.fromisoformat(value).toordinal() if value else None


def _facts(analysis: Analysis, name: str) -> Sequence[Any]:
    return analysis.facts(FACTS[name])


def _document_row(doc: Document, raw_hash: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "raw_hash": raw_hash,
        "text": doc.text,
        **document_metadata(doc),
        **document_provenance(doc),
        "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
        "ingested_at": _now(),
    }


def document_from_row(row: dict[str, Any]) -> Document:
    """A :class:`Document` from a ``documents`` row (``removed`` and ``warnings`` as JSON text)."""
    published = None
    if row["published"]:
        published = DateValue(row["published"], row["published_precision"], row["published_provenance"], row["published_method"] or "")
    return Document(
        id=row["id"],
        text=row["text"],
        content_hash=row["content_hash"],
        origin=Origin(path=row["origin_path"], url=row["origin_url"], warc_record_id=row["warc_record_id"], record=row["origin_record"], fetched_at=row["fetched_at"]),
        title=row["title"],
        outlet=row["outlet"],
        byline=row["byline"],
        language=row["language"],
        published=published,
        url=row["url"],
        removed=tuple(Removed(**r) for r in json.loads(row["removed"])),
        warnings=tuple(json.loads(row["warnings"])),
    )


def entity_row(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country, "aliases": json.dumps(list(entity.aliases), ensure_ascii=False)}


def _entities(conn: Any, ids: Collection[str]) -> dict[str, Entity]:
    if not ids:
        return {}
    query = select(schema.entities).where(schema.entities.c.id.in_(sorted(ids)))
    return {r["id"]: entity_from_row(r) for r in _dicts(conn.execute(query))}


def entity_from_row(row: dict[str, Any]) -> Entity:
    return Entity(id=row["id"], name=row["name"], type=row["type"], country=row["country"], aliases=tuple(json.loads(row["aliases"])))


def _failure_row(failure: Failure) -> dict[str, Any]:
    return {
        "origin": failure.origin.describe(),
        "origin_path": failure.origin.path,
        "origin_record": failure.origin.record,
        "stage": failure.stage,
        "reason": failure.reason,
        "at": _now(),
    }


__all__ = ["Batch", "SearchHit", "Store", "StoreError", "StoryInfo", "fact_type"]
