"""The store on a real SQLite file: round trips, idempotence, transactions, search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from sitroom.model import Analysis, Failure, Figure, Mention, Origin, Span
from sitroom.store import Store, StoreError
from sitroom.link.batch import store_batch
from tests.conftest import sql
from tests.factories import TEXT, make_analysis

@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_store_round_trips_every_record(store):
    analysis = make_analysis()
    result = store_batch(store, [(analysis, "raw1")])
    assert (result.stored, result.duplicates) == (1, 0)
    assert store.analysis(analysis.document.id) == analysis


def test_store_same_content_twice_is_a_duplicate(store):
    analysis = make_analysis()
    store_batch(store, [(analysis, "raw1"), (analysis, "raw2")])
    again = store_batch(store, [(analysis, "raw3")])
    assert again.stored == 0 and again.duplicates == 1
    assert store.count("documents") == 1
    assert store.count("figures") == 1
    assert store.known_raw_hashes(["raw1", "raw2", "nope"]) == {"raw1"}


def test_store_batch_is_one_transaction(store):
    good = make_analysis()
    broken = make_analysis(doc_id="e" * 16)
    # A fact pointing at a document id that is not stored violates the foreign key: the
    # whole batch must roll back, including the good document before it.
    bad_figure = Figure(span=Span("missing", 0, 1), text="1", value=1, low=1, high=1, unit="people", kind="other")
    broken = Analysis(document=broken.document, figures=(bad_figure,))
    with pytest.raises(Exception):
        store_batch(store, [(good, "r1"), (broken, "r2")])
    assert store.count("documents") == 0
    assert store_batch(store, [(good, "r1")]).stored == 1


def test_store_records_failures(store):
    store_batch(store, [], [Failure(Origin(path="x.jsonl", record=3), "not valid JSON", "ingest")])
    rows = store.failures()
    assert rows[0]["origin"] == "x.jsonl:3" and rows[0]["reason"] == "not valid JSON"


def test_store_search_finds_words_and_rejects_bad_syntax(store):
    store_batch(store, [(make_analysis(), "raw1")])
    hits = store.search("fighters Mosul")
    assert [h.doc_id for h in hits] == ["d" * 16]
    assert "[fighters]" in hits[0].snippet
    assert store.search("Raqqa") == []
    with pytest.raises(StoreError, match="invalid search query"):
        store.search('"unbalanced')


def test_store_search_query_is_a_parameter_not_sql(store):
    store_batch(store, [(make_analysis(), "raw1")])
    with pytest.raises(StoreError):
        store.search("x'); DROP TABLE documents; --")
    assert store.count("documents") == 1


@pytest.mark.sqlite_only
def test_store_file_opens_with_plain_sqlite(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as s:
        store_batch(s, [(make_analysis(), "raw1")])
    with sqlite3.connect(path) as conn:
        assert conn.execute("select title from documents").fetchone() == ("Mosul",)


@pytest.mark.sqlite_only
def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not.db"):
        Store(path)


def test_store_find_document_id_by_prefix(store):
    store_batch(store, [(make_analysis(doc_id="abc" + "0" * 13), "r1"), (make_analysis(TEXT + " ", doc_id="abd" + "0" * 13), "r2")])
    assert store.find_document_id("abc") == "abc" + "0" * 13
    assert store.find_document_id("ab") is None


def test_store_opened_readonly_reads_and_refuses_to_write(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as s:
        store_batch(s, [(make_analysis(), "raw1")])
    with Store(path, readonly=True) as s:
        assert s.count("documents") == 1
        with pytest.raises(StoreError, match="read-only"):
            store_batch(s, [(make_analysis(TEXT + " more"), "raw2")])
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.sqlite_only
def test_store_refuses_a_foreign_sqlite_file_for_writing_too(tmp_path):
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE sitroom_meta (key TEXT, value TEXT)")  # our table's name, but no schema version
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a sitroom store"):
        Store(path)
    assert path.read_bytes() == before


def test_two_writers_at_once_store_each_document_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    analyses = [make_analysis(f"{TEXT} Report number {n} from the front.", doc_id=f"{n:016d}") for n in range(6)]
    Store(tmp_path / "s.db").close()

    def write(order):
        with Store(tmp_path / "s.db") as s:
            return [store_batch(s, [(analyses[i], f"raw{i}")]) for i in order]

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(write, [range(6), reversed(range(6))]))
    assert sum(r.stored for rs in results for r in rs) == 6 and sum(r.duplicates for rs in results for r in rs) == 6
    with Store(tmp_path / "s.db", readonly=True) as s:
        assert s.count("documents") == 6
        assert sorted(r[0] for r in sql(tmp_path / "s.db", "SELECT seq FROM documents")) == [1, 2, 3, 4, 5, 6]


def test_reading_every_analysis_costs_statements_per_page_not_per_document(tmp_path):
    from sqlalchemy import event

    analyses = [make_analysis(f"{TEXT} Dispatch {n}.", doc_id=f"{n:016d}") for n in range(25)]
    with Store(tmp_path / "s.db") as s:
        store_batch(s, [(a, f"raw{n}") for n, a in enumerate(analyses)])
        one = s.analysis(analyses[3].document.id)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(s.engine, "before_cursor_execute", listener)
        read = list(s.analyses(page=10))
        event.remove(s.engine, "before_cursor_execute", listener)
    queries = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert [a.document.id for a in read] == sorted(a.document.id for a in analyses)
    assert read[3] == one and one.figures and one.quotes and one.entities
    assert len(queries) == 1 + 3 * 8  # the ids, then documents, six fact tables and entities per page of 10


def test_a_reader_can_ask_for_some_facts_and_only_the_mentions_it_counts(store):
    analysis = make_analysis()
    doc_id = analysis.document.id
    unlinked_place = Mention(span=Span(doc_id, 20, 25), text=analysis.document.text[20:25], label="GPE")
    unlinked_person = Mention(span=Span(doc_id, 30, 34), text=analysis.document.text[30:34], label="PERSON")
    analysis = replace(analysis, mentions=(*analysis.mentions, unlinked_place, unlinked_person))
    store_batch(store, [(analysis, "raw1")])
    [[some]] = list(store.analysis_pages(kinds={"figure", "quote"}))
    assert some.figures == analysis.figures and some.quotes == analysis.quotes
    assert some.events == some.mentions == some.times == some.places == ()
    # linked names, and places by label; the unlinked person is left out
    named = store.named_mentions([doc_id, "no-such-doc"], labels={"GPE"})
    assert named == {doc_id: [analysis.mentions[0], unlinked_place], "no-such-doc": []}
    assert store.entities_by_id({"islamic-state", "no-such-entity"}) == {"islamic-state": analysis.entities[0]}
