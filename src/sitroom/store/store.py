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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
from sqlalchemy import Engine, bindparam, create_engine, event, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from sitroom.actordata import Actors
from sitroom.errors import StoreError
from sitroom.link import events as merging, stories
from sitroom.link.dedupe import (
    BANDS,
    BUCKET_LIMIT,
    RULE as DEDUPE_RULE,
    Duplicate,
    band_keys,
    estimated_resemblance,
    is_duplicate,
    may_duplicate,
    shingles,
    signature,
    signature_bytes,
)
from sitroom.link.entities import ACRONYM_PREFIXES, AcronymDefinition, acronym_definitions
from sitroom.link.people import assign_persons, person_entities, person_key
from sitroom.model import Analysis, DateValue, Document, Entity, Failure, Mention, Origin, Quote, Removed
from sitroom.store import migrations, schema
from sitroom.store.search import fts5, parse, tsquery
from sitroom.store.rows import FACT_TYPES, document_metadata, fact_from_row, fact_type, store_row


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What :meth:`Store.add_batch` did: ``duplicates`` are exact copies (not stored),
    ``near_duplicates`` stored documents marked as copies of an earlier one; ``candidates``
    and ``compared`` are the linking's work (LSH candidates, exact comparisons)."""

    stored: int
    duplicates: int
    failures: int
    near_duplicates: int = 0
    candidates: int = 0
    compared: int = 0


@dataclass(slots=True)
class _LinkWork:
    linked: int = 0
    candidates: int = 0
    compared: int = 0
    copies: dict[str, str] = field(default_factory=dict)
    """copy doc id -> the id of the original it copies (this batch's near-duplicates)."""


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
        self.target = str(target)
        self.readonly = readonly
        self.upgraded: migrations.Upgrade | None = None
        """Set when opening upgraded the store's schema (from, to, the backup copy)."""
        is_file = "://" not in self.target
        if is_file:
            path = Path(self.target)
            if readonly and not path.is_file():
                raise StoreError(f"store {target} does not exist; run `sitroom ingest PATH --db {target}` first")
            stored = _sqlite_version(self.target, path)
            if stored is not None and stored != schema.SCHEMA_VERSION:
                migrations.check(self.target, stored)  # too old or too new: refused before any write
        self.url = _url(self.target, readonly=readonly)
        connect_args = {"options": "-c default_transaction_read_only=on"} if readonly and self.url.startswith("postgresql") else {}
        try:
            self.engine: Engine = create_engine(self.url, future=True, connect_args=connect_args)
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"cannot open store {target}: {exc}") from exc
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
            raise StoreError(f"cannot open store {target}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from exc

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
                    _insert_ignore(self, conn, schema.meta, [{"key": "schema_version", "value": str(schema.SCHEMA_VERSION)}])
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

    def add_batch(self, analyses: Sequence[tuple[Analysis, str]], failures: Sequence[Failure] = ()) -> BatchResult:
        """Store ``(analysis, raw_hash)`` pairs and failures in one transaction.

        A document whose content hash is already stored (or appears earlier in the
        batch) counts as a duplicate and adds nothing. A new document that is a near
        copy of a stored one, or of one earlier in the batch, is stored and marked
        (:meth:`duplicates`).

        Raises:
            StoreError: the store was opened read-only.
        """
        if self.readonly:
            raise StoreError(f"store {self.target} was opened read-only; open it without readonly to add documents")
        stored = duplicates = 0
        with self.engine.connect().execution_options(sitroom_write=True) as connection, connection.begin():
            conn = connection
            if not self.is_sqlite:
                # One writer at a time, as SQLite has: linking reads what earlier batches stored
                # (persons, copies, stories, merged events), so two batches linked at once could
                # each make the story the other should have joined. Released at commit.
                conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
            seen: set[str] = set()
            hashes = [a.document.content_hash for a, _ in analyses]
            existing = {r[0] for r in conn.execute(select(schema.documents.c.content_hash).where(schema.documents.c.content_hash.in_(hashes)))} if hashes else set()
            new: list[tuple[Analysis, str]] = []
            for analysis, raw_hash in analyses:
                doc = analysis.document
                if doc.content_hash in existing or doc.content_hash in seen:
                    duplicates += 1
                    continue
                seen.add(doc.content_hash)
                new.append((analysis, raw_hash))
            seq = conn.execute(select(func.coalesce(func.max(schema.documents.c.seq), 0))).scalar_one()
            forms = [q.speaker for a, _ in new for q in a.quotes if _links(q) and q.speaker]
            forms += [_person_form(m) for a, _ in new for m in a.mentions if _links_mention(m)]
            persons = self._link_persons(conn, forms)
            acronyms = _link_acronyms(conn, [a for a, _ in new])
            for analysis, raw_hash in new:
                doc = analysis.document
                seq += 1
                conn.execute(schema.documents.insert().values(**_document_row(doc, raw_hash), seq=seq))
                if self.is_sqlite:
                    conn.execute(text("INSERT INTO documents_fts (rowid, title, text) VALUES (:seq, :title, :text)"), {"seq": seq, "title": doc.title, "text": doc.text})
                mentions = [
                    replace(m, entity_id=persons[_person_form(m)]) if _links_mention(m) and _person_form(m) in persons
                    else replace(m, entity_id=acronyms[m.entity_id][0], canonical=acronyms[m.entity_id][1]) if m.entity_id in acronyms
                    else m
                    for m in analysis.mentions
                ]  # fmt: skip
                quotes = [replace(q, speaker_entity=persons[q.speaker]) if _links(q) and q.speaker in persons else q for q in analysis.quotes]
                used = {m.entity_id for m in mentions} | {i for q in quotes for i in (q.speaker_entity, q.role_entity)}
                _insert_ignore(self, conn, schema.entities, [_entity_row(e) for e in analysis.entities if e.id in used])
                linked = {"mention": mentions, "quote": quotes}
                for name, table in schema.FACT_TABLES.items():
                    facts = linked[name] if name in linked else _facts(analysis, name)
                    rows = [store_row(f) for f in facts]
                    if rows:
                        conn.execute(table.insert(), rows)
                stored += 1
            _add_aliases(conn, acronyms)
            work = _link_duplicates(conn, [a.document for a, _ in new])
            stories = _link_stories(conn, [a for a, _ in new], work.copies)
            _link_events(conn, [a for a, _ in new], stories, work.copies)
            if failures:
                conn.execute(schema.failures.insert(), [_failure_row(f) for f in failures])
        return BatchResult(
            stored=stored, duplicates=duplicates, failures=len(failures),
            near_duplicates=work.linked, candidates=work.candidates, compared=work.compared,
        )

    def _link_persons(self, conn: Any, names: Sequence[str]) -> dict[str, str]:
        """Link the persons these names (quote speakers, person mentions) name to the store's
        person entities; returns name -> person id for the facts about to be inserted.

        Per surname: one indexed lookup of the person entities filed under it, the grouping
        recomputed over their written forms (names and aliases) and the new ones
        (:func:`sitroom.link.people.assign_persons`); when it changes, the entity rows are
        rewritten and the stored quotes of a moved form re-pointed (:func:`_repoint`).
        Never reads all quotes or all entities.
        """
        by_surname: dict[str, set[str]] = {}
        for name in names:
            key = person_key(name)
            if key is not None:
                by_surname.setdefault(key, set()).add(name)
        entities = schema.entities
        linked: dict[str, str] = {}
        for key in sorted(by_surname):
            rows = conn.execute(select(entities).where(entities.c.surname == key)).mappings().all()
            old = {r["id"]: _entity_from_row(dict(r)) for r in rows}
            old_forms = {e.id: {e.name, *e.aliases} for e in old.values()}
            assignment = assign_persons(set(by_surname[key]).union(*old_forms.values()))
            new = {e.id: e for e in person_entities(assignment)}
            if new != old:
                _repoint(conn, old_forms, assignment)
                changed = [i for i in old if old[i] != new.get(i)]
                if changed:
                    conn.execute(entities.delete().where(entities.c.id.in_(changed)))
                added = [e for i, e in new.items() if old.get(i) != e]
                if added:
                    conn.execute(entities.insert(), [{**_entity_row(e), "surname": key} for e in added])
            linked.update((f, assignment[f]) for f in by_surname[key])
        return linked

    # --- reading ---------------------------------------------------------------------------

    def count(self, what: str = "documents") -> int:
        table = schema.metadata.tables[what]
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def document_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents.c.id).order_by(schema.documents.c.published, schema.documents.c.id))
            return [r[0] for r in rows]

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).mappings().first()
        return _document_from_row(dict(row)) if row else None

    def find_document_id(self, prefix: str) -> str | None:
        """The one document id starting with ``prefix`` (ids are long; users type a few characters)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.startswith(prefix, autoescape=True)).limit(2)).all()
        return rows[0][0] if len(rows) == 1 else None

    def analysis(self, doc_id: str) -> Analysis | None:
        """The stored document and all its facts, as records."""
        document = self.document(doc_id)
        if document is None:
            return None
        facts: dict[str, list[Any]] = {}
        with self.engine.connect() as conn:
            for name, table in schema.FACT_TABLES.items():
                rows = conn.execute(select(table).where(table.c.doc_id == doc_id).order_by(table.c.start, table.c.id)).mappings()
                facts[name] = [fact_from_row(FACT_TYPES[name], dict(r)) for r in rows]
            ids = {m.entity_id for m in facts["mention"] if m.entity_id}
            ids |= {i for q in facts["quote"] for i in (q.speaker_entity, q.role_entity) if i}
            entity_rows = conn.execute(select(schema.entities).where(schema.entities.c.id.in_(ids)).order_by(schema.entities.c.id)).mappings() if ids else []
            found = [_entity_from_row(dict(r)) for r in entity_rows]
        return Analysis(
            document=document,
            entities=tuple(found),
            mentions=tuple(facts["mention"]),
            times=tuple(facts["time"]),
            quotes=tuple(facts["quote"]),
            figures=tuple(facts["figure"]),
            events=tuple(facts["event"]),
            places=tuple(facts["place"]),
        )

    def analyses(self) -> Iterator[Analysis]:
        for doc_id in self.document_ids():
            found = self.analysis(doc_id)
            if found is not None:
                yield found

    def entities(self) -> list[Entity]:
        with self.engine.connect() as conn:
            return [_entity_from_row(dict(r)) for r in conn.execute(select(schema.entities).order_by(schema.entities.c.id)).mappings()]

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

    def ingest_times(self) -> dict[str, str]:
        """doc id -> when it was stored (ISO 8601, UTC), for every stored document."""
        table = schema.documents
        with self.engine.connect() as conn:
            return dict(conn.execute(select(table.c.id, table.c.ingested_at)).all())

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

    def story_documents(self, story_id: str) -> list[str]:
        table = schema.story_documents
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(table.c.doc_id).where(table.c.story_id == story_id).order_by(table.c.doc_id))]

    def event_clusters(self) -> dict[str, str]:
        """event id (``doc_id:start-end``) -> merged event id, for every linked event
        (:mod:`sitroom.link.events`; a near-duplicate's events are not linked)."""
        table = schema.event_links
        with self.engine.connect() as conn:
            return dict(conn.execute(select(table.c.event_id, table.c.merged_id)).all())

    def merged_events(self) -> list[merging.Merged]:
        """Every merged event (:mod:`sitroom.link.events`), in the order they were started."""
        table = schema.merged_events
        with self.engine.connect() as conn:
            return [_merged_from_row(row) for row in conn.execute(select(table).order_by(table.c.seq)).mappings()]

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
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(sql, params).all()
        except (OperationalError, ProgrammingError) as exc:
            raise StoreError(f"invalid search query {query!r}: {exc.orig}. Quote phrases with double quotes.") from exc
        return [SearchHit(doc_id=r[0], title=r[1] or None, snippet=re.sub(r"\s+", " ", r[2])) for r in rows]


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


def _insert_ignore(store: Store, conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = sqlite if store.is_sqlite else postgresql
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def _repoint(conn: Any, old_forms: dict[str, set[str]], assignment: dict[str, str]) -> None:
    """Point the stored quotes and mentions of each old person entity at the entity their
    speaker (mention) now belongs to: all of them at once when the whole entity moved (a
    merge), else those whose name is a moved form (a split). Every UPDATE goes by the
    indexed ``speaker_entity`` / ``entity_id``."""
    linked = ((schema.quotes.c.speaker_entity, schema.quotes.c.speaker), (schema.mentions.c.entity_id, schema.mentions.c.canonical))
    for old_id, members in old_forms.items():
        targets: dict[str, list[str]] = {}
        for form in sorted(members):
            if form in assignment:
                targets.setdefault(assignment[form], []).append(form)
        moved = {target: forms for target, forms in targets.items() if target != old_id}
        for entity_column, name_column in linked:
            table = entity_column.table
            if len(targets) == 1 and moved:
                conn.execute(table.update().where(entity_column == old_id).values({entity_column.name: next(iter(moved))}))
                continue
            for target, forms in moved.items():
                conn.execute(table.update().where(entity_column == old_id, name_column.in_(forms)).values({entity_column.name: target}))


def _link_acronyms(conn: Any, analyses: Sequence[Analysis]) -> dict[str, tuple[str, str, str]]:
    """Record the acronyms these articles define (:func:`sitroom.link.entities.acronym_definitions`)
    and link the stored mentions of a newly defined one to its organisation; returns alias
    id -> (entity id, name, acronym) for the batch's own mentions. An acronym two articles
    define differently is marked (``entity_id`` NULL) and links nothing more. Indexed reads
    only: ``org_aliases`` by key, mentions by ``entity_id``."""
    table = schema.org_aliases
    definitions = [d for a in analyses for d in acronym_definitions(a)]
    ids = {m.entity_id for a in analyses for m in a.mentions if m.entity_id and m.entity_id.split(":", 1)[0] in ACRONYM_PREFIXES}
    wanted = sorted(ids | {i for d in definitions for i in d.alias_ids})
    if not wanted:
        return {}
    state: dict[str, tuple[str | None, str | None, str]] = {
        r[0]: (r[1], r[2], r[3]) for r in conn.execute(select(table.c.alias_id, table.c.entity_id, table.c.name, table.c.alias).where(table.c.alias_id.in_(wanted)))
    }
    added: dict[str, AcronymDefinition] = {}
    clashed: set[str] = set()
    for d in definitions:
        for alias_id in d.alias_ids:
            if alias_id not in state:
                state[alias_id] = (d.entity_id, d.name, d.alias)
                added[alias_id] = d
            elif state[alias_id][0] not in (None, d.entity_id):
                state[alias_id] = (None, None, d.alias)
                clashed.add(alias_id)
    for alias_id, d in added.items():
        entity_id, name, _ = state[alias_id]
        conn.execute(table.insert().values(alias_id=alias_id, entity_id=entity_id, name=name, alias=d.alias, doc_id=d.doc_id))
        if entity_id is not None:
            mentions = schema.mentions
            conn.execute(mentions.update().where(mentions.c.entity_id == alias_id).values(entity_id=entity_id, canonical=name))
            conn.execute(schema.entities.delete().where(schema.entities.c.id == alias_id))
    for alias_id in sorted(clashed - added.keys()):
        conn.execute(table.update().where(table.c.alias_id == alias_id).values(entity_id=None, name=None))
    return {i: (e, n, a) for i, (e, n, a) in state.items() if e is not None and n is not None}


def _add_aliases(conn: Any, acronyms: Mapping[str, tuple[str, str, str]]) -> None:
    """Add each linked acronym to its organisation's stored aliases (once)."""
    entities = schema.entities
    by_entity: dict[str, set[str]] = {}
    for entity_id, _, alias in acronyms.values():
        by_entity.setdefault(entity_id, set()).add(alias)
    for entity_id, aliases in sorted(by_entity.items()):
        row = conn.execute(select(entities.c.aliases).where(entities.c.id == entity_id)).first()
        if row is None:
            continue
        have = json.loads(row[0] or "[]")
        missing = sorted(aliases - set(have))
        if missing:
            conn.execute(entities.update().where(entities.c.id == entity_id).values(aliases=json.dumps([*have, *missing], ensure_ascii=False)))


def _link_duplicates(conn: Any, documents: Sequence[Document]) -> _LinkWork:
    """Record each new document's signature and LSH buckets, in order, and mark it a copy of
    the earliest document it duplicates, stored before or earlier in this batch.

    Per document: one query for its ``BANDS`` buckets (primary-key lookups in ``lsh_bands``,
    at most ``BUCKET_LIMIT`` documents each), one for the candidates' signatures and
    shingle counts (by ``seq``), then the exact check of the candidates that pass
    :func:`sitroom.link.dedupe.may_duplicate`, earliest first, each text read by primary
    key; never a pass over the stored documents.
    """
    work = _LinkWork()
    statements = _dedupe_statements(BANDS, BUCKET_LIMIT)
    batch = _BatchBuckets()
    for doc in documents:
        hashes = shingles(doc.text)
        minhash = signature(hashes)
        sig = signature_bytes(minhash)
        keys = band_keys(minhash) if len(hashes) else []
        found = _earliest_copy(conn, statements, hashes, sig, keys, batch, work) if keys else None
        row = {"doc_id": doc.id, "signature": sig, "shingles": len(hashes), "duplicate_of": None, "similarity": None, "containment": None, "rule": None}
        if found is not None:
            original, resemblance, containment = found
            row |= {"duplicate_of": original, "similarity": round(resemblance, 4), "containment": round(containment, 4), "rule": DEDUPE_RULE}
            work.linked += 1
            work.copies[doc.id] = original
        seq = conn.execute(statements.add_document, row).inserted_primary_key[0]
        batch.add(seq, doc.id, hashes, sig, keys)
    if batch.rows:
        conn.execute(statements.add_bands, sorted(batch.rows, key=lambda r: (r["band"], r["bucket"])))
    return work


@dataclass(slots=True)
class _BatchBuckets:
    """The buckets of this batch's documents, kept in memory until the batch's bucket rows
    are written at its end (one statement), so a copy of a document earlier in the same
    batch is found too."""

    buckets: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    documents: dict[int, tuple[str, np.ndarray, bytes]] = field(default_factory=dict)
    rows: list[dict[str, int]] = field(default_factory=list)

    def add(self, seq: int, doc_id: str, hashes: np.ndarray, sig: bytes, keys: list[int]) -> None:
        self.documents[seq] = (doc_id, hashes, sig)
        for band, key in enumerate(keys):
            self.buckets.setdefault((band, key), []).append(seq)
            self.rows.append({"band": band, "bucket": key, "seq": seq})

    def candidates(self, keys: list[int]) -> list[tuple[int, str, bytes, int]]:
        """(seq, doc id, signature, shingle count) of the batch's documents sharing a bucket
        with ``keys``, earliest first."""
        seqs = sorted({seq for band, key in enumerate(keys) for seq in self.buckets.get((band, key), ())})
        return [(seq, self.documents[seq][0], self.documents[seq][2], len(self.documents[seq][1])) for seq in seqs]


@dataclass(frozen=True, slots=True)
class _DedupeStatements:
    buckets: Any
    candidates: Any
    document_text: Any
    add_document: Any
    add_bands: Any


@cache
def _dedupe_statements(bands: int, limit: int) -> _DedupeStatements:
    """The linking's statements, built once: rebuilding SQLAlchemy constructs for every
    document costs more than running them."""
    per_band = " UNION ALL ".join(
        f"SELECT seq FROM (SELECT seq FROM lsh_bands WHERE band = {band} AND bucket = :k{band} ORDER BY seq LIMIT {limit}) AS b{band}"
        for band in range(bands)
    )
    table = schema.dedupe_documents
    return _DedupeStatements(
        buckets=text(per_band),
        candidates=text("SELECT seq, doc_id, signature, shingles FROM dedupe_documents WHERE seq IN :seqs ORDER BY seq").bindparams(
            bindparam("seqs", expanding=True)
        ),
        document_text=text("SELECT text FROM documents WHERE id = :id"),
        add_document=table.insert(),
        add_bands=schema.lsh_bands.insert(),
    )


def _earliest_copy(
    conn: Any, statements: _DedupeStatements, hashes: np.ndarray, sig: bytes, keys: list[int], batch: _BatchBuckets, work: _LinkWork
) -> tuple[str, float, float] | None:
    """(id, resemblance, containment) of the earliest stored document that the document
    with these shingles, signature and bucket keys duplicates, or None."""
    stored = sorted({r[0] for r in conn.execute(statements.buckets, {f"k{band}": key for band, key in enumerate(keys)})})
    # the batch's bucket rows are written at its end, so its documents come from memory;
    # they were stored after every document of earlier batches
    rows = [tuple(r) for r in conn.execute(statements.candidates, {"seqs": stored})] if stored else []
    rows += batch.candidates(keys)
    work.candidates += len(rows)
    for seq, doc_id, other_sig, size in rows:
        if not may_duplicate(len(hashes), size, estimated_resemblance(sig, other_sig)):
            continue
        in_batch = batch.documents.get(seq)
        other = in_batch[1] if in_batch else shingles(conn.execute(statements.document_text, {"id": doc_id}).scalar_one())
        work.compared += 1
        same, resemblance, containment = is_duplicate(hashes, other)
        if same:
            return doc_id, resemblance, containment
    return None


def _link_stories(conn: Any, analyses: Sequence[Analysis], copies: Mapping[str, str]) -> dict[str, str]:
    """Put each new document in a story (:mod:`sitroom.link.stories`), in order; returns
    doc id -> story id. A near-duplicate joins its original's story.

    Per document: the key weights (one indexed lookup of ``key_counts``), the stories sharing
    a key (``story_keys`` index range, the :data:`~sitroom.link.stories.PER_KEY` most recent
    per key) and the :data:`~sitroom.link.stories.RECENT` most recent stories, their rows by
    primary key; never a pass over all stories. The batch's earlier documents are already
    written, so a batch clusters as if its documents came one by one.
    """
    assigned: dict[str, str] = {}
    if not analyses:
        return assigned
    n_docs = int(conn.execute(select(func.count()).select_from(schema.story_documents)).scalar_one())
    for analysis in analyses:
        doc = stories.story_doc(analysis)
        original = copies.get(doc.doc_id)
        found = conn.execute(select(schema.story_documents.c.story_id).where(schema.story_documents.c.doc_id == original)).scalar_one_or_none() if original else None
        weights = _key_weights(conn, doc.keys, n_docs)
        match = None
        if found is None:
            match = stories.best_story(doc, _story_candidates(conn, doc.keys), weights)
        story = found or (match.story_id if match else stories.story_id(doc.doc_id))
        how = "copy" if found else ("joined" if match else "started")
        _add_to_story(conn, story, doc, analysis.document.title, started=how == "started")
        conn.execute(schema.story_documents.insert().values(
            doc_id=doc.doc_id, story_id=story, vector=analysis.embedding, day=doc.day,
            score=match.score if match else None, cosine=match.cosine if match else None, shared=match.shared if match else None,
            how=how, rule=stories.RULE,
        ))
        _count_keys(conn, doc.keys)
        n_docs += 1
        assigned[doc.doc_id] = story
    return assigned


def _key_weights(conn: Any, keys: Sequence[str], n_docs: int) -> dict[str, float]:
    if not keys:
        return {}
    table = schema.key_counts
    df = dict(conn.execute(select(table.c.key, table.c.df).where(table.c.key.in_(list(keys)))).all())
    return {k: stories.key_weight(df.get(k, 0), n_docs) for k in keys}


def _story_candidates(conn: Any, keys: Sequence[str]) -> list[stories.Candidate]:
    table, key_table = schema.stories, schema.story_keys
    seqs: set[int] = set()
    for key in keys:
        rows = conn.execute(select(key_table.c.story_seq).where(key_table.c.key == key).order_by(key_table.c.story_seq.desc()).limit(stories.PER_KEY))
        seqs.update(r[0] for r in rows)
    seqs.update(r[0] for r in conn.execute(select(table.c.seq).order_by(table.c.seq.desc()).limit(stories.RECENT)))
    if not seqs:
        return []
    rows = conn.execute(select(table.c.seq, table.c.id, table.c.centroid, table.c.first_day, table.c.last_day, table.c.size).where(table.c.seq.in_(sorted(seqs)))).all()
    held: dict[int, dict[str, int]] = {}
    if keys:
        query = select(key_table.c.key, key_table.c.story_seq, key_table.c.count).where(key_table.c.key.in_(list(keys)), key_table.c.story_seq.in_(sorted(seqs)))
        for key, seq, count in conn.execute(query):
            held.setdefault(seq, {})[key] = count
    # only the keys the document has matter for the score; a story's other keys are read
    # for the place-conflict test
    places = {r[0]: set() for r in rows}
    # a range on the key, not LIKE 'g:%' (which SQLite answers by scanning every story's keys)
    place_keys = (key_table.c.key >= "g:") & (key_table.c.key < "g;")
    for seq, key in conn.execute(select(key_table.c.story_seq, key_table.c.key).where(key_table.c.story_seq.in_(sorted(seqs)), place_keys)):
        places[seq].add(key)
    return [
        stories.Candidate(
            story_id=r[1],
            centroid=np.frombuffer(r[2], dtype="<f4") if r[2] else None,
            keys=frozenset(held.get(r[0], {}).keys() | places[r[0]]),
            first_day=r[3],
            last_day=r[4],
            size=r[5],
            key_counts=held.get(r[0], {}),
        )
        for r in rows
    ]


def _add_to_story(conn: Any, story: str, doc: stories.StoryDoc, title: str | None, *, started: bool) -> None:
    table = schema.stories
    if started:
        centroid = doc.vector.astype("<f4").tobytes() if doc.vector is not None else None
        seq = conn.execute(table.insert().values(id=story, first_doc=doc.doc_id, size=1, centroid=centroid, first_day=doc.day, last_day=doc.day, title=title)).inserted_primary_key[0]
    else:
        row = conn.execute(select(table.c.seq, table.c.size, table.c.centroid, table.c.first_day, table.c.last_day).where(table.c.id == story)).one()
        seq, centroid = row[0], row[2]
        if doc.vector is not None:
            total = doc.vector if centroid is None else np.frombuffer(centroid, dtype="<f4") + doc.vector
            centroid = np.asarray(total, dtype="<f4").tobytes()
        days = [d for d in (row[3], row[4], doc.day) if d is not None]
        conn.execute(table.update().where(table.c.seq == seq).values(
            size=row[1] + 1, centroid=centroid, first_day=min(days) if days else None, last_day=max(days) if days else None,
        ))
    if not doc.keys:
        return
    key_table = schema.story_keys
    have = {r[0] for r in conn.execute(select(key_table.c.key).where(key_table.c.story_seq == seq, key_table.c.key.in_(list(doc.keys))))}
    for key in doc.keys:
        if key in have:
            conn.execute(key_table.update().where(key_table.c.key == key, key_table.c.story_seq == seq).values(count=key_table.c.count + 1))
    missing = [{"key": k, "story_seq": seq, "count": 1} for k in doc.keys if k not in have]
    if missing:
        conn.execute(key_table.insert(), missing)


def _count_keys(conn: Any, keys: Sequence[str]) -> None:
    if not keys:
        return
    table = schema.key_counts
    have = {r[0] for r in conn.execute(select(table.c.key).where(table.c.key.in_(list(keys))))}
    if have:
        conn.execute(table.update().where(table.c.key.in_(sorted(have))).values(df=table.c.df + 1))
    missing = [{"key": k, "df": 1} for k in keys if k not in have]
    if missing:
        conn.execute(table.insert(), missing)


MERGE_CANDIDATES = 50
"""Merged events read per index lookup (same type and place; same story and type)."""


def _link_events(conn: Any, analyses: Sequence[Analysis], story_of: Mapping[str, str], copies: Mapping[str, str]) -> None:
    """Link each new event to the merged event it reports (:mod:`sitroom.link.events`), or
    start one. A near-duplicate's events are not linked: the copy is not a second source.

    Per event: two indexed lookups (type and place; story and type), at most
    :data:`MERGE_CANDIDATES` merged events each."""
    table, links = schema.merged_events, schema.event_links
    for analysis in analyses:
        doc_id = analysis.document.id
        if doc_id in copies:
            continue
        dated = merging.sentence_dates(analysis.events)
        for fact in analysis.events:
            sentence = dated.get((fact.sentence.start, fact.sentence.end)) if fact.sentence else None
            report = merging.report_of(doc_id, fact, story_of.get(doc_id), sentence)
            candidates: dict[str, merging.Merged] = {}
            queries = [select(table).where(table.c.type == report.type, table.c.story_id == report.story_id)]
            if report.geonames_id is not None:
                queries.append(select(table).where(table.c.type == report.type, table.c.geonames_id == report.geonames_id))
            for query in queries:
                for row in conn.execute(query.order_by(table.c.seq.desc()).limit(MERGE_CANDIDATES)).mappings():
                    candidates[row["id"]] = _merged_from_row(row)
            ordered = sorted(candidates.values(), key=lambda m: m.id)
            best = merging.best_merge(report, ordered)
            if best is None:
                merged, score = merging.start(report), None
                conn.execute(table.insert().values(**_merged_row(merged)))
            else:
                merged, score = merging.absorb(best[0], report), best[1]
                conn.execute(table.update().where(table.c.id == merged.id).values(**_merged_row(merged)))
            conn.execute(links.insert().values(event_id=report.event_id, doc_id=doc_id, merged_id=merged.id, score=score, rule=merging.RULE))


def _merged_row(merged: merging.Merged) -> dict[str, Any]:
    return {
        "id": merged.id, "type": merged.type, "story_id": merged.story_id, "geonames_id": merged.geonames_id,
        "date_min": merged.date_start, "date_max": merged.date_end, "context": merged.context,
        "actors": json.dumps(sorted(merged.actors), ensure_ascii=False), "size": merged.size,
        "geo_precision": merged.geo_precision, "country": merged.country,
    }


def _merged_from_row(row: Mapping[str, Any]) -> merging.Merged:
    return merging.Merged(
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


def _links(quote: Quote) -> bool:
    """Whether the store links this quote's speaker to a person entity."""
    return quote.speaker_type == "person" and bool(quote.speaker) and quote.speaker_entity is None


def _links_mention(mention: Mention) -> bool:
    """Whether the store links this mention to a person entity: a person's name that the
    actor data does not know (those keep their actor id)."""
    return mention.label == "PERSON" and (mention.entity_id or "").startswith("person:") and person_key(_person_form(mention)) is not None


def _person_form(mention: Mention) -> str:
    """The name a person mention stands for: the document's fullest form of it."""
    return mention.canonical or mention.text


def _facts(analysis: Analysis, name: str) -> Sequence[Any]:
    return {
        "mention": analysis.mentions,
        "time": analysis.times,
        "quote": analysis.quotes,
        "figure": analysis.figures,
        "event": analysis.events,
        "place": analysis.places,
    }[name]


def _document_row(doc: Document, raw_hash: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "raw_hash": raw_hash,
        "text": doc.text,
        **document_metadata(doc),
        "origin_path": doc.origin.path,
        "origin_url": doc.origin.url,
        "origin_record": doc.origin.record,
        "warc_record_id": doc.origin.warc_record_id,
        "fetched_at": doc.origin.fetched_at,
        "removed": json.dumps([asdict(r) for r in doc.removed], ensure_ascii=False),
        "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
        "ingested_at": _now(),
    }


def _document_from_row(row: dict[str, Any]) -> Document:
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


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country, "aliases": json.dumps(list(entity.aliases), ensure_ascii=False)}


def _entity_from_row(row: dict[str, Any]) -> Entity:
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


__all__ = ["BatchResult", "SearchHit", "Store", "StoreError", "StoryInfo", "fact_type"]
