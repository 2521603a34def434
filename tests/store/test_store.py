"""The store on a real SQLite file: round trips, idempotence, transactions, search."""

from __future__ import annotations

import sqlite3

import pytest

from sitroom.model import Analysis, DateValue, Document, Entity, Event, Failure, Figure, Mention, Origin, Quote, Removed, Span, TimeRef
from sitroom.store import Store, StoreError

TEXT = "Roughly 4,500 IS fighters remain in Mosul, a commander said.\n\n“We will win,” he said."


def make_analysis(text: str = TEXT, doc_id: str = "d" * 16) -> Analysis:
    doc = Document(
        id=doc_id,
        text=text,
        content_hash=doc_id * 4,
        origin=Origin(path="a.txt"),
        title="Mosul",
        published=DateValue("2017-07-14", "day", "metadata", "dateline line in text"),
        removed=(Removed(0, 20, "Skip to main content", "navigation"),),
        warnings=("example warning",),
    )
    figure = Figure(
        span=Span(doc_id, 0, 13), text=text[0:13], value=4500.0, low=4500.0, high=4500.0, unit="people",
        kind="fighters", qualifier="approximately", subject="IS fighters", sentence=Span(doc_id, 0, 60),
    )
    quote = Quote(
        span=Span(doc_id, 63, 74), text=text[63:74], direct=True, speaker="A Commander", speaker_text="he",
        speaker_span=Span(doc_id, 77, 79), speaker_role="commander", cue="said", verbatim=True, sentence=Span(doc_id, 62, 85),
    )
    mention = Mention(span=Span(doc_id, 14, 16), text="IS", label="ORG", entity_id="islamic-state", canonical="Islamic State")
    time = TimeRef(span=Span(doc_id, 0, 7), text=text[0:7], value=None, precision=None, provenance=None)
    event = Event(span=Span(doc_id, 26, 32), text=text[26:32], type="Battles", subtype="Armed clash", place="Mosul", sentence=Span(doc_id, 0, 60))
    entity = Entity(id="islamic-state", name="Islamic State", type="armed_group", aliases=("IS", "ISIS"))
    return Analysis(document=doc, entities=(entity,), mentions=(mention,), times=(time,), quotes=(quote,), figures=(figure,), events=(event,))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_store_round_trips_every_record(store):
    analysis = make_analysis()
    result = store.add_batch([(analysis, "raw1")])
    assert (result.stored, result.duplicates) == (1, 0)
    assert store.analysis(analysis.document.id) == analysis


def test_store_same_content_twice_is_a_duplicate(store):
    analysis = make_analysis()
    store.add_batch([(analysis, "raw1"), (analysis, "raw2")])
    again = store.add_batch([(analysis, "raw3")])
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
        store.add_batch([(good, "r1"), (broken, "r2")])
    assert store.count("documents") == 0
    assert store.add_batch([(good, "r1")]).stored == 1


def test_store_records_failures(store):
    store.add_batch([], [Failure(Origin(path="x.jsonl", record=3), "not valid JSON", "ingest")])
    rows = store.failures()
    assert rows[0]["origin"] == "x.jsonl:3" and rows[0]["reason"] == "not valid JSON"


def test_store_search_finds_words_and_rejects_bad_syntax(store):
    store.add_batch([(make_analysis(), "raw1")])
    hits = store.search("fighters Mosul")
    assert [h.doc_id for h in hits] == ["d" * 16]
    assert "[fighters]" in hits[0].snippet
    assert store.search("Raqqa") == []
    with pytest.raises(StoreError, match="invalid search query"):
        store.search('"unbalanced')


def test_store_search_query_is_a_parameter_not_sql(store):
    store.add_batch([(make_analysis(), "raw1")])
    with pytest.raises(StoreError):
        store.search("x'); DROP TABLE documents; --")
    assert store.count("documents") == 1


def test_store_file_opens_with_plain_sqlite(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as s:
        s.add_batch([(make_analysis(), "raw1")])
    with sqlite3.connect(path) as conn:
        assert conn.execute("select title from documents").fetchone() == ("Mosul",)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not.db"):
        Store(path)


def test_store_find_document_id_by_prefix(store):
    store.add_batch([(make_analysis(doc_id="abc" + "0" * 13), "r1"), (make_analysis(TEXT + " ", doc_id="abd" + "0" * 13), "r2")])
    assert store.find_document_id("abc") == "abc" + "0" * 13
    assert store.find_document_id("ab") is None
