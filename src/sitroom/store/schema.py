"""The store's tables: SQLAlchemy Core, one definition for SQLite and PostgreSQL.

Every fact table has ``doc_id``, ``start``, ``end`` (offsets into
``documents.text``) and, where the record has one, ``sent_start``/``sent_end``
for the sentence it came from. Column names are the field names of the records
in :mod:`sitroom.model`, so that rows and records convert both ways without a
hand-written mapping per table (see :mod:`sitroom.store.rows`); tuple fields
(``Quote.speakers``) are JSON lists in a Text column.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from sitroom.model import FACT_KINDS

metadata = MetaData()

SCHEMA_VERSION = 9
"""Stored in ``sitroom_meta``. A store of version :data:`sitroom.store.migrations.OLDEST`
or later is upgraded in place (:mod:`sitroom.store.migrations`); an older one is refused.
History (1 -> 2: the
quotes table gained ``speaker_type``, ``speakers``, ``role_entity``; entities gained ``surname``;
2 -> 3: figures gained ``place``, ``place_entity``, ``as_of``, ``as_of_text``, ``as_of_precision``,
``projection``, ``disputed``; 3 -> 4: times gained ``type`` and ``mod``; events gained the ACLED codes, the
geocoded place and ``context``; a ``places`` table of geocoded place mentions; the
``dedupe_documents`` and ``lsh_bands`` tables of near-duplicate links, :mod:`sitroom.link.dedupe`;
4 -> 5: stories (``stories``, ``story_documents``, ``story_keys``, ``key_counts``), merged events
(``merged_events``, ``event_links``); place mentions link to ``place/geonames/<id>`` entities and
person mentions to the store's ``person/...`` entities; 5 -> 6: ``org_aliases``, acronyms
defined in one document linked in all; 6 -> 7: an event is one happening of its document:
events gained ``mentions``, the spans of their actors and time expression, ``place_offset``
and ``admin2``; figures gained ``cumulative`` and ``period``; 7 -> 8: documents gained ``seq``,
a stable integer that is the rowid of the document in ``documents_fts``, now an
external-content index of ``documents`` (the text is stored once, and datasette's ``?_search=``
finds documents), and the views of :data:`VIEWS` show each fact
with its sentence; 8 -> 9: indexes on documents' ``url`` and ``origin_url``)."""

meta = Table(
    "sitroom_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("raw_hash", String(64), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("byline", Text),
    Column("language", String(16)),
    Column("published", String(32)),
    Column("published_precision", String(16)),
    Column("published_provenance", String(16)),
    Column("published_method", Text),
    Column("url", Text),
    Column("origin_path", Text),
    Column("origin_url", Text),
    Column("origin_record", Integer),
    Column("warc_record_id", Text),
    Column("fetched_at", String(64)),
    Column("removed", Text, nullable=False, default="[]"),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("ingested_at", String(32), nullable=False),
    Column("seq", Integer),
    Index("ux_documents_seq", "seq", unique=True),
    # a fetch skips pages already stored (sitroom.ingest.web); hash indexes on PostgreSQL,
    # whose B-trees refuse a key over 2,704 bytes, and URLs may be longer
    Index("ix_documents_url", "url", postgresql_using="hash"),
    Index("ix_documents_origin_url", "origin_url", postgresql_using="hash"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(64), nullable=False),
    Column("country", String(8)),
    Column("aliases", Text, nullable=False, default="[]"),
    # The surname key of a person linked across documents (sitroom.link.people), so that the
    # persons sharing a surname are found by one indexed lookup; NULL for every other entity.
    Column("surname", String(200), index=True),
)

# An acronym an article defined ("the Internal Displacement Monitoring Centre (IDMC)"):
# the id a mention of the acronym alone gets (``org:idmc``, ``group:idmc``) -> the
# organisation it stands for. ``entity_id`` is NULL once two documents define it differently.
org_aliases = Table(
    "org_aliases",
    metadata,
    Column("alias_id", String(200), primary_key=True),
    Column("entity_id", String(200)),
    Column("name", Text),
    Column("alias", Text, nullable=False),
    Column("doc_id", String(32), nullable=False),
)


def _fact_table(name: str, *columns: Column) -> Table:
    table = Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        *columns,
    )
    Index(f"ix_{name}_doc", table.c.doc_id, table.c.start)
    return table


def _sentence() -> tuple[Column, Column]:
    return Column("sent_start", Integer), Column("sent_end", Integer)


mentions = _fact_table(
    "mentions",
    Column("label", String(16), nullable=False),
    Column("entity_id", String(200), index=True),
    Column("canonical", Text),
)

times = _fact_table(
    "times",
    Column("value", String(64)),
    Column("precision", String(16)),
    Column("provenance", String(16)),
    Column("rule", String(64)),
    Column("type", String(16), nullable=False, default="DATE"),
    Column("mod", String(16)),
)

places = _fact_table(
    "places",
    Column("name", Text, nullable=False),
    Column("geonames_id", Integer, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8), index=True),
    Column("admin1", Text),
    Column("feature_code", String(16)),
    Column("method", String(64)),
)

quotes = _fact_table(
    "quotes",
    Column("direct", Boolean, nullable=False),
    Column("speaker", Text, index=True),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_role", Text),
    Column("speaker_entity", String(200), index=True),
    Column("speaker_type", String(16)),
    Column("speakers", Text, nullable=False, default="[]"),
    Column("role_entity", String(200)),
    Column("cue", Text),
    Column("channel", Text),
    Column("verbatim", Boolean),
    *_sentence(),
    Column("rule", String(64)),
)

figures = _fact_table(
    "figures",
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("unit", String(32), nullable=False),
    Column("kind", String(32), nullable=False, index=True),
    Column("qualifier", String(32)),
    Column("subject", Text),
    Column("actor", Text),
    Column("reported_by", Text),
    Column("place", Text),
    Column("place_entity", String(200)),
    Column("as_of", String(64)),
    Column("as_of_text", Text),
    Column("as_of_precision", String(16)),
    Column("projection", Boolean, nullable=False, default=False),
    Column("disputed", Boolean, nullable=False, default=False),
    *_sentence(),
    Column("rule", String(64)),
    Column("cumulative", Boolean, nullable=False, default=False),
    Column("period", Text),
)

events = _fact_table(
    "events",
    Column("type", String(64), nullable=False, index=True),
    Column("subtype", String(64)),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("place", Text),
    Column("date", String(64)),
    Column("date_precision", String(16)),
    Column("fatalities", Float),
    *_sentence(),
    Column("rule", String(64)),
    Column("actor1_category", String(32)),
    Column("actor2_category", String(32)),
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("date_provenance", String(16)),
    Column("date_end", String(16)),
    Column("time_precision", Integer),
    Column("geo_precision", Integer),
    Column("place_geonames_id", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("fatalities_figure", String(64)),
    Column("context", String(16), nullable=False, default="past"),
    Column("mentions", Text, nullable=False, default="[]"),
    Column("actor1_start", Integer),
    Column("actor1_end", Integer),
    Column("actor2_start", Integer),
    Column("actor2_end", Integer),
    Column("time_start", Integer),
    Column("time_end", Integer),
    Column("place_offset", Text),
    Column("admin2", Text),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("origin_path", Text),
    Column("origin_record", Integer),
    Column("stage", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

# Near-duplicates (sitroom.link.dedupe). One row per stored document, in the order they were
# stored (``seq``): the earliest of two copies is the original. ``signature`` is the MinHash
# (little-endian uint32 values), read to pre-check an LSH candidate before its text is.
dedupe_documents = Table(
    "dedupe_documents",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("signature", LargeBinary, nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("duplicate_of", String(32), ForeignKey("documents.id", ondelete="SET NULL"), index=True),
    Column("similarity", Float),
    Column("containment", Float),
    Column("rule", String(64)),
)

# The LSH buckets: one row per band of each document's signature. The primary key (band,
# bucket, seq) is the index a candidate lookup searches (WITHOUT ROWID on SQLite, so the
# rows are that index and nothing more).
lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", Integer, primary_key=True, autoincrement=False),
    Column("bucket", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", Integer, ForeignKey("dedupe_documents.seq", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

# Stories (sitroom.link.stories). ``centroid`` is the sum of the members' unit vectors
# (little-endian float32); ``story_documents`` holds each article's own vector (float16) and
# how it joined; ``story_keys`` the keys a story holds, indexed by (key, story seq) so the most
# recent stories sharing a key are one index range; ``key_counts`` each key's document
# frequency (its weight).
stories = Table(
    "stories",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("first_doc", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("centroid", LargeBinary),
    Column("first_day", Integer),
    Column("last_day", Integer),
    Column("title", Text),
)

story_documents = Table(
    "story_documents",
    metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("vector", LargeBinary),
    Column("day", Integer),
    Column("score", Float),
    Column("cosine", Float),
    Column("shared", Float),
    Column("how", String(16), nullable=False),
    Column("rule", String(64), nullable=False),
)

story_keys = Table(
    "story_keys",
    metadata,
    Column("key", String(220), primary_key=True),
    Column("story_seq", Integer, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
    # a story's own keys (its places, for the place-conflict test) by one index range
    Index("ix_story_keys_story", "story_seq", "key"),
    sqlite_with_rowid=False,
)

key_counts = Table(
    "key_counts",
    metadata,
    Column("key", String(220), primary_key=True),
    Column("df", Integer, nullable=False),
)

# Merged events (sitroom.link.events): one row per real-world event, one link per report of
# it (``event_id`` = ``doc_id:start-end`` of the trigger). Candidates are found by (type,
# place) and (story, type), both indexed.
merged_events = Table(
    "merged_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(120), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("story_id", String(64)),
    Column("geonames_id", Integer),
    Column("geo_precision", Integer),
    Column("country", String(8)),
    Column("date_min", String(16)),
    Column("date_max", String(16)),
    Column("context", String(16), nullable=False),
    Column("actors", Text, nullable=False, default="[]"),
    Column("size", Integer, nullable=False),
    Index("ix_merged_events_place", "type", "geonames_id"),
    Index("ix_merged_events_story", "story_id", "type"),
)

event_links = Table(
    "event_links",
    metadata,
    Column("event_id", String(120), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("merged_id", String(120), nullable=False, index=True),
    Column("score", Float),
    Column("rule", String(64), nullable=False),
)

FACT_TABLES: dict[str, Table] = {kind.name: metadata.tables[kind.field] for kind in FACT_KINDS}
"""Record type name (as in exports) -> its table, named as the :class:`~sitroom.model.Analysis`
field (:data:`sitroom.model.FACT_KINDS`)."""

# SQLite full-text index over title and text: an external-content FTS5 table over
# ``documents`` (the text is stored once), its rowid ``documents.seq`` (an explicit column,
# so VACUUM, which may renumber implicit rowids, cannot break the link). datasette finds it
# by its ``content="documents"`` and searches with ``fts_pk: seq`` (``sitroom
# datasette-metadata``).
POSTGRES_FTS = (
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS search tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_documents_search ON documents USING gin (search)",
)
"""PostgreSQL full-text search: a generated ``tsvector`` of title and text (the ``simple``
configuration: lower case, no stemming, like FTS5's unicode61) with a GIN index."""

SQLITE_FTS = 'CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text, content="documents", content_rowid="seq")'


def _fact_view(table: str) -> str:
    return (
        "SELECT f.*, "
        f"substr(d.text, f.sent_start + 1, f.sent_end - f.sent_start) AS sentence, "
        f"d.title AS document_title, d.published AS document_published, d.url AS document_url "
        f"FROM {table} f JOIN documents d ON d.id = f.doc_id"
    )


VIEWS = {
    "figures_view": _fact_view("figures"),
    "quotes_view": _fact_view("quotes"),
    "events_view": _fact_view("events"),
    "mentions_view": (
        "SELECT m.*, d.title AS document_title, d.published AS document_published, "
        "d.url AS document_url FROM mentions m JOIN documents d ON d.id = m.doc_id"
    ),
}
"""View name -> its SELECT: each fact with the text of its sentence and its document's title,
day and URL, what an analyst browsing the store (datasette, a SQL shell) wants next to a
number or a quote (created by :func:`sitroom.store.migrations.create_views`)."""

INTERNAL_TABLES = ("sitroom_meta", "lsh_bands", "key_counts", "story_keys", "org_aliases", "event_links")
"""Tables that serve linking, not reading: hidden from datasette (``sitroom datasette-metadata``)."""
