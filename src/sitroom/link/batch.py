"""Linking inside the store's write transaction: each batch is stored and linked at once.

:func:`store_batch` is the one way documents enter a store. In one transaction of the
store (:meth:`sitroom.store.Store.transaction`, which takes the write lock) it

1. drops documents whose clean text is stored already (exact duplicates);
2. links persons (:mod:`sitroom.link.people`: quote speakers and person mentions become the
   store's ``person/...`` entities, re-pointing stored facts when a name moves) and the
   acronyms articles define (:func:`sitroom.link.entities.acronym_definitions`), so the
   rows are written already linked;
3. has the store write the documents and their facts (the store only stores);
4. links near-duplicates (:mod:`sitroom.link.dedupe`), stories (:mod:`sitroom.link.stories`)
   and merged events (:mod:`sitroom.link.events`) against everything stored before;
5. records the failures.

Every statement here reads or writes through indexed lookups: no step reads a whole table.
All of sitroom's linking SQL is in this module; the store imports nothing from ``link/``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import bindparam, func, select, text

from sitroom.link import events as merging, stories
from sitroom.link.dedupe import (
    BANDS,
    BUCKET_LIMIT,
    RULE as DEDUPE_RULE,
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
from sitroom.model import Analysis, Document, Failure, Mention, Merged, Quote
from sitroom.store import schema
from sitroom.store.store import Store, entity_from_row, entity_row, merged_from_row


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What :func:`store_batch` did: ``duplicates`` are exact copies (not stored),
    ``near_duplicates`` stored documents marked as copies of an earlier one; ``candidates``
    and ``compared`` are the linking's work (LSH candidates, exact comparisons)."""

    stored: int
    duplicates: int
    failures: int
    near_duplicates: int = 0
    candidates: int = 0
    compared: int = 0


def store_batch(store: Store, analyses: Sequence[tuple[Analysis, str]], failures: Sequence[Failure] = ()) -> BatchResult:
    """Store ``(analysis, raw_hash)`` pairs and failures in one transaction, linked.

    A document whose content hash is already stored (or appears earlier in the batch)
    counts as a duplicate and adds nothing. A new document that is a near copy of a stored
    one, or of one earlier in the batch, is stored and marked
    (:meth:`sitroom.store.Store.duplicates`).

    Raises:
        StoreError: the store was opened read-only.
    """
    with store.transaction() as batch:
        new, duplicates = batch.new_documents(analyses)
        conn = batch.conn
        forms = [q.speaker for a, _ in new for q in a.quotes if _links(q) and q.speaker]
        forms += [_person_form(m) for a, _ in new for m in a.mentions if _links_mention(m)]
        persons = _link_persons(conn, forms)
        acronyms = _link_acronyms(conn, [a for a, _ in new])
        linked = [(_with_links(a, persons, acronyms), raw) for a, raw in new]
        batch.insert_many(linked)
        _add_aliases(conn, acronyms)
        work = _link_duplicates(conn, [a.document for a, _ in linked])
        story_of = _link_stories(conn, [a for a, _ in linked], work.copies)
        _link_events(conn, [a for a, _ in linked], story_of, work.copies)
        batch.insert_failures(failures)
    return BatchResult(
        stored=len(linked), duplicates=duplicates, failures=len(failures),
        near_duplicates=work.linked, candidates=work.candidates, compared=work.compared,
    )  # fmt: skip


def _with_links(analysis: Analysis, persons: Mapping[str, str], acronyms: Mapping[str, tuple[str, str, str]]) -> Analysis:
    """The analysis with its person mentions and quote speakers pointing at the store's
    person entities, and its bare acronyms at the organisation an article defined."""
    mentions = [
        replace(m, entity_id=persons[_person_form(m)]) if _links_mention(m) and _person_form(m) in persons
        else replace(m, entity_id=acronyms[m.entity_id][0], canonical=acronyms[m.entity_id][1]) if m.entity_id in acronyms
        else m
        for m in analysis.mentions
    ]  # fmt: skip
    quotes = [replace(q, speaker_entity=persons[q.speaker]) if _links(q) and q.speaker in persons else q for q in analysis.quotes]
    return replace(analysis, mentions=tuple(mentions), quotes=tuple(quotes))


@dataclass(slots=True)
class _LinkWork:
    linked: int = 0
    candidates: int = 0
    compared: int = 0
    copies: dict[str, str] = field(default_factory=dict)
    """copy doc id -> the id of the original it copies (this batch's near-duplicates)."""


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
    key; never a pass over the stored documents. The batch's own documents are compared
    from memory; their rows and buckets are written at its end (one statement each, and one
    to read back the ``seq`` each row was given, in the batch's order).
    """
    work = _LinkWork()
    statements = _dedupe_statements(BANDS, BUCKET_LIMIT)
    batch = _BatchBuckets()
    rows = []
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
        rows.append(row)
        batch.add(len(rows) - 1, doc.id, hashes, sig, keys)
    if rows:
        conn.execute(statements.add_document, rows)
        ids = [r["doc_id"] for r in rows]
        seq_of: dict[str, int] = {}
        for i in range(0, len(ids), _CHUNK):
            seq_of.update(conn.execute(statements.seqs, {"ids": ids[i : i + _CHUNK]}).all())
        bands = [{"band": band, "bucket": key, "seq": seq_of[ids[local]]} for band, key, local in batch.rows]
        if bands:
            conn.execute(statements.add_bands, sorted(bands, key=lambda r: (r["band"], r["bucket"])))
    return work


@dataclass(slots=True)
class _BatchBuckets:
    """The buckets of this batch's documents, kept in memory until the batch's rows are
    written at its end, so a copy of a document earlier in the same batch is found too.
    A batch document is known by its position in the batch (they are stored in that
    order, after every document of earlier batches)."""

    buckets: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    documents: dict[int, tuple[str, np.ndarray, bytes]] = field(default_factory=dict)
    rows: list[tuple[int, int, int]] = field(default_factory=list)
    """(band, bucket, position) of each bucket row to write."""

    def add(self, local: int, doc_id: str, hashes: np.ndarray, sig: bytes, keys: list[int]) -> None:
        self.documents[local] = (doc_id, hashes, sig)
        for band, key in enumerate(keys):
            self.buckets.setdefault((band, key), []).append(local)
            self.rows.append((band, key, local))

    def candidates(self, keys: list[int]) -> list[tuple[str, bytes, int, np.ndarray]]:
        """(doc id, signature, shingle count, shingles) of the batch's documents sharing a
        bucket with ``keys``, earliest first."""
        found = sorted({local for band, key in enumerate(keys) for local in self.buckets.get((band, key), ())})
        return [(self.documents[i][0], self.documents[i][2], len(self.documents[i][1]), self.documents[i][1]) for i in found]


@dataclass(frozen=True, slots=True)
class _DedupeStatements:
    buckets: Any
    candidates: Any
    document_text: Any
    add_document: Any
    add_bands: Any
    seqs: Any


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
        seqs=select(table.c.doc_id, table.c.seq).where(table.c.doc_id.in_(bindparam("ids", expanding=True))),
    )


def _earliest_copy(
    conn: Any, statements: _DedupeStatements, hashes: np.ndarray, sig: bytes, keys: list[int], batch: _BatchBuckets, work: _LinkWork
) -> tuple[str, float, float] | None:
    """(id, resemblance, containment) of the earliest stored document that the document
    with these shingles, signature and bucket keys duplicates, or None."""
    stored = sorted({r[0] for r in conn.execute(statements.buckets, {f"k{band}": key for band, key in enumerate(keys)})})
    # the batch's rows are written at its end, so its documents come from memory; they
    # were stored after every document of earlier batches
    rows: list[tuple[str, bytes, int, np.ndarray | None]] = (
        [(r[1], r[2], r[3], None) for r in conn.execute(statements.candidates, {"seqs": stored})] if stored else []
    )
    rows += batch.candidates(keys)
    work.candidates += len(rows)
    for doc_id, other_sig, size, in_batch in rows:
        if not may_duplicate(len(hashes), size, estimated_resemblance(sig, other_sig)):
            continue
        other = in_batch if in_batch is not None else shingles(conn.execute(statements.document_text, {"id": doc_id}).scalar_one())
        work.compared += 1
        same, resemblance, containment = is_duplicate(hashes, other)
        if same:
            return doc_id, resemblance, containment
    return None


def _link_stories(conn: Any, analyses: Sequence[Analysis], copies: Mapping[str, str]) -> dict[str, str]:
    """Put each new document in a story (:mod:`sitroom.link.stories`), in order; returns
    doc id -> story id. A near-duplicate joins its original's story.

    A document's candidates are the :data:`~sitroom.link.stories.PER_KEY` most recent
    stories holding each of its keys and the :data:`~sitroom.link.stories.RECENT` most recent
    stories; never a pass over all stories. What the batch needs is read once
    (:class:`_StoryState`: those lists for every key of the batch, each an index range with a
    limit; the key weights; each candidate story's row and keys the first time it is one) and
    kept up to date in memory as documents join, so each document sees the stories exactly
    as if the earlier documents of its batch had been stored one by one. New stories are
    inserted as they start (their ``seq`` orders them); the stories' sizes, centroids and
    days, their key counts, the key weights and ``story_documents`` are written at the
    batch's end.
    """
    assigned: dict[str, str] = {}
    if not analyses:
        return assigned
    members = schema.story_documents
    n_docs = int(conn.execute(select(func.count()).select_from(members)).scalar_one())
    docs = [stories.story_doc(a) for a in analyses]
    df = _key_counts(conn, docs)
    stored_keys = set(df)
    state = _StoryState(conn, [k for d in docs for k in d.keys])
    rows = []
    for analysis, doc in zip(analyses, docs):
        original = copies.get(doc.doc_id)
        found = None
        if original:
            found = assigned.get(original) or conn.execute(select(members.c.story_id).where(members.c.doc_id == original)).scalar_one_or_none()
        match = None
        if found is None:
            weights = {k: stories.key_weight(df.get(k, 0), n_docs) for k in doc.keys}
            match = stories.best_story(doc, state.candidates(doc.keys), weights)
        story = found or (match.story_id if match else stories.story_id(doc.doc_id))
        how = "copy" if found else ("joined" if match else "started")
        if how == "started":
            state.start(story, doc, analysis.document.title)
        else:
            state.join(story, doc)
        rows.append({
            "doc_id": doc.doc_id, "story_id": story, "vector": analysis.embedding, "day": doc.day,
            "score": match.score if match else None, "cosine": match.cosine if match else None, "shared": match.shared if match else None,
            "how": how, "rule": stories.RULE,
        })  # fmt: skip
        for k in doc.keys:
            df[k] = df.get(k, 0) + 1
        n_docs += 1
        assigned[doc.doc_id] = story
    state.write()
    conn.execute(members.insert(), rows)
    _write_key_counts(conn, df, stored_keys)
    return assigned


def _key_counts(conn: Any, docs: Sequence[stories.StoryDoc]) -> dict[str, int]:
    """key -> its stored document frequency, for the keys of ``docs`` that are stored; the
    dict keeps the order in which the batch's keys are first met (their insertion order)."""
    keys = list(dict.fromkeys(k for d in docs for k in d.keys))
    stored: dict[str, int] = {}
    table = schema.key_counts
    for i in range(0, len(keys), _CHUNK):
        stored.update(conn.execute(select(table.c.key, table.c.df).where(table.c.key.in_(keys[i : i + _CHUNK]))).all())
    return {k: stored[k] for k in keys if k in stored}


def _write_key_counts(conn: Any, df: Mapping[str, int], stored: set[str]) -> None:
    """Write the batch's key counts: the stored keys updated, the new ones inserted in the
    order they were met (as counting one document at a time would)."""
    table = schema.key_counts
    changed = [{"k": k, "n": n} for k, n in df.items() if k in stored]
    if changed:
        conn.execute(table.update().where(table.c.key == bindparam("k")).values(df=bindparam("n")), changed)
    added = [{"key": k, "df": n} for k, n in df.items() if k not in stored]
    if added:
        conn.execute(table.insert(), added)


@dataclass(slots=True)
class _Story:
    """A story as one batch knows it: its row (``centroid`` as stored bytes) and every key
    it holds with its count."""

    seq: int
    id: str
    size: int
    centroid: bytes | None
    first_day: int | None
    last_day: int | None
    keys: dict[str, int]


_COMPOUND = 200
"""SELECTs joined by UNION ALL in one statement (SQLite allows 500)."""


class _StoryState:
    """The stories as :func:`_link_stories` sees them during one batch: read from the store
    when first needed, then kept up to date in memory, the changes written by :meth:`write`.

    * ``per_key``: key -> the seqs of the :data:`~sitroom.link.stories.PER_KEY` most recent
      stories holding it, read for every key of the batch at once (the store's order: seq
      descending);
    * ``recent``: the :data:`~sitroom.link.stories.RECENT` most recent stories' seqs;
    * ``stories``: seq -> :class:`_Story`, read for all those lists at once, and for the
      story a copy joins.
    """

    def __init__(self, conn: Any, keys: Sequence[str]) -> None:
        self.conn = conn
        self.per_key: dict[str, list[int]] = {}
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), _COMPOUND):
            chunk = wanted[i : i + _COMPOUND]
            bound = {f"k{j}": key for j, key in enumerate(chunk)} | {"per_key": stories.PER_KEY}
            for key, seq in conn.execute(_per_key_sql(len(chunk)), bound):
                self.per_key.setdefault(key, []).append(seq)
        for seqs in self.per_key.values():
            seqs.sort(reverse=True)
        table = schema.stories
        self.recent: list[int] = [r[0] for r in conn.execute(select(table.c.seq).order_by(table.c.seq.desc()).limit(stories.RECENT))]
        self.stories: dict[int, _Story] = {}
        self.by_id: dict[str, int] = {}
        self.changed: dict[int, None] = {}  # stored stories changed in the batch, in order
        self.new_keys: dict[tuple[str, int], None] = {}  # (key, seq) rows to insert, in order
        self.old_keys: dict[tuple[str, int], None] = {}  # stored (key, seq) rows whose count changed
        self.views: dict[int, tuple[np.ndarray | None, set[str]]] = {}  # seq -> (centroid, places) until it changes
        # every story the batch's documents can meet, read at once (each would be read
        # when a document first meets it; those that newer stories push out are not met)
        self._load({seq for seqs in self.per_key.values() for seq in seqs} | set(self.recent))

    def _load(self, seqs: Collection[int]) -> None:
        missing = sorted(set(seqs) - self.stories.keys())
        for i in range(0, len(missing), _CHUNK):
            self._read(_story_statements().rows_by_seq, {"seqs": missing[i : i + _CHUNK]})

    def _read(self, statement: Any, bound: Mapping[str, Any]) -> list[int]:
        key_table = schema.story_keys
        read = []
        for r in self.conn.execute(statement, bound):
            self.stories[r[0]] = _Story(r[0], r[1], r[5], r[2], r[3], r[4], {})
            self.by_id[r[1]] = r[0]
            read.append(r[0])
        if read:
            query = select(key_table.c.story_seq, key_table.c.key, key_table.c.count).where(key_table.c.story_seq.in_(read))
            for seq, key, count in self.conn.execute(query):
                self.stories[seq].keys[key] = count
        return read

    def candidates(self, keys: Sequence[str]) -> list[stories.Candidate]:
        """The document's candidate stories, by seq: as the store would list them now."""
        seqs = set(self.recent)
        for key in keys:
            seqs.update(self.per_key.get(key, ()))
        self._load(seqs)
        found = []
        for seq in sorted(seqs):
            story = self.stories[seq]
            counts = {k: story.keys[k] for k in keys if k in story.keys}
            view = self.views.get(seq)
            if view is None:
                centroid = np.frombuffer(story.centroid, dtype="<f4") if story.centroid else None
                view = self.views[seq] = (centroid, {k for k in story.keys if "g:" <= k < "g;"})
            centroid, places = view
            found.append(stories.Candidate(
                story_id=story.id,
                centroid=centroid,
                keys=frozenset(counts.keys() | places),
                first_day=story.first_day,
                last_day=story.last_day,
                size=story.size,
                key_counts=counts,
            ))  # fmt: skip
        return found

    def start(self, story_id: str, doc: stories.StoryDoc, title: str | None) -> None:
        """A new story of ``doc``: inserted now, for its seq."""
        centroid = doc.vector.astype("<f4").tobytes() if doc.vector is not None else None
        row = {"id": story_id, "first_doc": doc.doc_id, "size": 1, "centroid": centroid, "first_day": doc.day, "last_day": doc.day, "title": title}
        seq = self.conn.execute(schema.stories.insert(), row).inserted_primary_key[0]
        self.stories[seq] = _Story(seq, story_id, 1, centroid, doc.day, doc.day, {})
        self.by_id[story_id] = seq
        self.recent = [seq, *self.recent][: stories.RECENT]
        self._add_keys(self.stories[seq], doc.keys)

    def join(self, story_id: str, doc: stories.StoryDoc) -> None:
        """``doc`` joins a stored story: its size, centroid, days and key counts."""
        if story_id not in self.by_id:
            self._read(_story_statements().row_by_id, {"id": story_id})
        story = self.stories[self.by_id[story_id]]
        if doc.vector is not None and (story.centroid is None or len(story.centroid) == 4 * doc.vector.shape[0]):
            # (a vector of another kind, after the embedding setting changed, leaves the centroid as it is)
            total = doc.vector if story.centroid is None else np.frombuffer(story.centroid, dtype="<f4") + doc.vector
            story.centroid = np.asarray(total, dtype="<f4").tobytes()
        days = [d for d in (story.first_day, story.last_day, doc.day) if d is not None]
        story.size += 1
        story.first_day, story.last_day = (min(days), max(days)) if days else (None, None)
        self.changed[story.seq] = None
        self._add_keys(story, doc.keys)

    def _add_keys(self, story: _Story, keys: Sequence[str]) -> None:
        self.views.pop(story.seq, None)  # its centroid or places changed
        for key in keys:
            if key in story.keys:
                story.keys[key] += 1
                if (key, story.seq) not in self.new_keys:
                    self.old_keys[(key, story.seq)] = None
                continue
            story.keys[key] = 1
            self.new_keys[(key, story.seq)] = None
            if key in self.per_key:
                held = self.per_key[key]
                held.append(story.seq)
                held.sort(reverse=True)
                del held[stories.PER_KEY :]
            else:
                self.per_key[key] = [story.seq]

    def write(self) -> None:
        """Write the batch's changes: the changed stories' rows, their key counts."""
        conn, key_table = self.conn, schema.story_keys
        rows = [{"b_seq": s.seq, "size": s.size, "centroid": s.centroid, "first_day": s.first_day, "last_day": s.last_day} for s in map(self.stories.__getitem__, self.changed)]
        if rows:
            conn.execute(_story_statements().update, rows)
        counts = [{"k": key, "s": seq, "n": self.stories[seq].keys[key]} for key, seq in self.old_keys]
        if counts:
            conn.execute(key_table.update().where(key_table.c.key == bindparam("k"), key_table.c.story_seq == bindparam("s")).values(count=bindparam("n")), counts)
        added = [{"key": key, "story_seq": seq, "count": self.stories[seq].keys[key]} for key, seq in self.new_keys]
        if added:
            conn.execute(key_table.insert(), added)


@cache
def _per_key_sql(n_keys: int) -> Any:
    """Per key, the seqs of the most recent stories holding it (each branch an index range
    with a limit), for ``n_keys`` keys; built once per count, values bound."""
    return text(" UNION ALL ".join(
        f"SELECT key, story_seq FROM (SELECT key, story_seq FROM story_keys WHERE key = :k{i} ORDER BY story_seq DESC LIMIT :per_key) AS b{i}"
        for i in range(n_keys)
    ))  # fmt: skip


@dataclass(frozen=True, slots=True)
class _StoryStatements:
    rows_by_seq: Any
    row_by_id: Any
    update: Any


@cache
def _story_statements() -> _StoryStatements:
    table = schema.stories
    columns = (table.c.seq, table.c.id, table.c.centroid, table.c.first_day, table.c.last_day, table.c.size)
    return _StoryStatements(
        rows_by_seq=select(*columns).where(table.c.seq.in_(bindparam("seqs", expanding=True))).order_by(table.c.seq),
        row_by_id=select(*columns).where(table.c.id == bindparam("id")),
        update=table.update().where(table.c.seq == bindparam("b_seq")),
    )


MERGE_CANDIDATES = 50
"""Merged events read per index lookup (same type and place; same story and type)."""


def _link_events(conn: Any, analyses: Sequence[Analysis], story_of: Mapping[str, str], copies: Mapping[str, str]) -> None:
    """Link each new event to the merged event it reports (:mod:`sitroom.link.events`), or
    start one. A near-duplicate's events are not linked: the copy is not a second source.

    Per event: one statement of two indexed lookups (type and place; story and type), at
    most :data:`MERGE_CANDIDATES` merged events each, and the merged event's row written;
    the batch's ``event_links`` rows are written at its end (nothing here reads them)."""
    table, links = schema.merged_events, schema.event_links
    rows = []
    for analysis in analyses:
        doc_id = analysis.document.id
        if doc_id in copies:
            continue
        dated = merging.sentence_dates(analysis.events)
        for fact in analysis.events:
            sentence = dated.get((fact.sentence.start, fact.sentence.end)) if fact.sentence else None
            report = merging.report_of(doc_id, fact, story_of.get(doc_id), sentence)
            candidates: dict[str, Merged] = {}
            bound = {"type": report.type, "story": report.story_id, "place": report.geonames_id, "limit": MERGE_CANDIDATES}
            for row in conn.execute(_merge_candidates_sql(report.story_id is None, report.geonames_id is not None), bound).mappings():
                candidates[row["id"]] = merged_from_row(row)
            ordered = sorted(candidates.values(), key=lambda m: m.id)
            best = merging.best_merge(report, ordered)
            if best is None:
                merged, score = merging.start(report), None
                conn.execute(table.insert(), _merged_row(merged))
            else:
                merged, score = merging.absorb(best[0], report), best[1]
                conn.execute(_merged_update(), {**_merged_row(merged), "b_id": merged.id})
            rows.append({"event_id": report.event_id, "doc_id": doc_id, "merged_id": merged.id, "score": score, "rule": merging.RULE})
    if rows:
        conn.execute(links.insert(), rows)


@cache
def _merge_candidates_sql(no_story: bool, by_place: bool) -> Any:
    """The merged events of a report's story and type, and (``by_place``) of its type and
    place: each an index range, most recent first, at most ``:limit``; built once per shape.
    A report with no story looks for merged events with none, as ``story_id IS NULL``."""
    columns = ", ".join(c.name for c in schema.merged_events.columns)
    story = "story_id IS NULL" if no_story else "story_id = :story"
    branches = [f"SELECT {columns} FROM merged_events WHERE type = :type AND {story} ORDER BY seq DESC LIMIT :limit"]
    if by_place:
        branches.append(f"SELECT {columns} FROM merged_events WHERE type = :type AND geonames_id = :place ORDER BY seq DESC LIMIT :limit")
    return text(" UNION ALL ".join(f"SELECT * FROM ({b}) AS m{i}" for i, b in enumerate(branches)))


@cache
def _merged_update() -> Any:
    table = schema.merged_events
    return table.update().where(table.c.id == bindparam("b_id"))


def _merged_row(merged: Merged) -> dict[str, Any]:
    return {
        "id": merged.id, "type": merged.type, "story_id": merged.story_id, "geonames_id": merged.geonames_id,
        "date_min": merged.date_start, "date_max": merged.date_end, "context": merged.context,
        "actors": json.dumps(sorted(merged.actors), ensure_ascii=False), "size": merged.size,
        "geo_precision": merged.geo_precision, "country": merged.country,
    }


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


def _link_persons(conn: Any, names: Sequence[str]) -> dict[str, str]:
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
    stored: dict[str, list[dict[str, Any]]] = {}
    keys = sorted(by_surname)
    for i in range(0, len(keys), _CHUNK):  # all the surnames' entities in one indexed read
        for row in conn.execute(_person_statements().read, {"keys": keys[i : i + _CHUNK]}).mappings():
            stored.setdefault(row["surname"], []).append(dict(row))
    linked: dict[str, str] = {}
    for key in keys:
        old = {r["id"]: entity_from_row(r) for r in stored.get(key, ())}
        old_forms = {e.id: {e.name, *e.aliases} for e in old.values()}
        assignment = assign_persons(set(by_surname[key]).union(*old_forms.values()))
        new = {e.id: e for e in person_entities(assignment)}
        if new != old:
            _repoint(conn, old_forms, assignment)
            changed = [i for i in old if old[i] != new.get(i)]
            # per surname, as the rows of one surname are read back in the order they were written
            if changed:
                conn.execute(_person_statements().delete, [{"id": i} for i in changed])
            added = [e for i, e in new.items() if old.get(i) != e]
            if added:
                conn.execute(entities.insert(), [{**entity_row(e), "surname": key} for e in added])
        linked.update((f, assignment[f]) for f in by_surname[key])
    return linked


_CHUNK = 500
"""Values bound in one IN list (SQLite allows 32,766 variables; PostgreSQL 65,535)."""


@dataclass(frozen=True, slots=True)
class _PersonStatements:
    read: Any
    delete: Any


@cache
def _person_statements() -> _PersonStatements:
    entities = schema.entities
    return _PersonStatements(
        read=select(entities).where(entities.c.surname.in_(bindparam("keys", expanding=True))),
        delete=entities.delete().where(entities.c.id == bindparam("id")),
    )
