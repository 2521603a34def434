"""Paged, filtered queries (store/queries.py) on a real store: filters, keyset pages, one
statement per page whatever the page."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import event

from sitroom.errors import StoreError
from sitroom.link.batch import store_batch
from sitroom.model import Event, Figure, Span
from sitroom.store import Store
from sitroom.store.queries import Filters, documents, events, every, figures, quotes
from tests.factories import make_analysis

PLACES = [("IQ", "Nineveh", "Battles", "Military Forces of Iraq (2014-)"), ("SY", "Raqqa", "Explosions/Remote violence", "Islamic State"), ("IQ", "Anbar", "Battles", "Islamic State")]


def _analysis(n: int):
    country, admin1, kind, actor = PLACES[n % 3]
    text = f"Report {n}: fighting near the town killed {n + 2} people on Monday, officials said in a statement."
    doc_id = f"{n:016d}"
    base = make_analysis(text, doc_id)
    sent = Span(doc_id, 0, len(text))
    fight = Event(span=Span(doc_id, 10, 18), text=text[10:18], type=kind, subtype=None, actor1=actor, country=country, admin1=admin1, date=f"2017-07-{n + 1:02d}", sentence=sent)
    toll = Figure(span=Span(doc_id, 39, 40), text=text[39:40], value=n + 2.0, low=n + 2.0, high=n + 2.0, unit="people", kind="killed" if n % 2 else "wounded", sentence=sent)
    document = replace(base.document, title=f"Report {n}" + (" from Mosul" if n < 3 else ""), published=replace(base.document.published, value=f"2017-07-{n + 1:02d}"))
    return replace(base, document=document, events=(fight,), figures=(toll,), quotes=(), mentions=(), times=())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("queries") / "q.db") as s:
        store_batch(s, [(_analysis(n), f"raw{n}") for n in range(9)])
        yield s


def test_filters_keep_what_they_name(store):
    assert len(events(store).items) == 9
    iraq = events(store, Filters(country="iq")).items
    assert len(iraq) == 6 and {e["country"] for e in iraq} == {"IQ"}
    assert {e["admin1"] for e in events(store, Filters(admin1="Raqqa")).items} == {"Raqqa"}
    assert {e["type"] for e in events(store, Filters(event_type="Battles")).items} == {"Battles"}
    assert len(events(store, Filters(actor="islamic state")).items) == 6
    assert [e["date"] for e in events(store, Filters(date_from="2017-07-03", date_to="2017-07-04")).items] == ["2017-07-03", "2017-07-04"]
    assert {f["kind"] for f in figures(store, Filters(figure_kind="killed")).items} == {"killed"}
    assert [d["title"] for d in documents(store, Filters(text="Mosul")).items] == ["Report 0 from Mosul", "Report 1 from Mosul", "Report 2 from Mosul"]
    assert len(events(store, Filters(text="Mosul", country="SY")).items) == 1
    assert events(store, Filters(since="2999-01-01")).items == [] and len(events(store, Filters(since="2000-01-01")).items) == 9
    assert quotes(store).items == []


def test_facts_carry_their_sentence_and_document(store):
    [first] = events(store, limit=1).items
    assert first["text"] in first["sentence"] and first["document_title"] == "Report 0 from Mosul" and first["document_published"] == "2017-07-01"


def test_pages_follow_each_other_without_gaps_or_repeats(store):
    seen, after, pages = [], None, 0
    while True:
        page = events(store, limit=4, after=after)
        seen += [e["id"] for e in page.items]
        pages += 1
        if page.next is None:
            break
        after = page.next
    assert pages == 3 and seen == sorted(seen) and len(set(seen)) == 9
    assert [e["id"] for e in every(events, store, limit=2)] == seen


def test_one_statement_per_page_whatever_the_page(store):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        events(store, Filters(country="IQ", text="Mosul"), limit=2)
        first = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))  # BEGIN is not a query
        events(store, Filters(country="IQ", text="Mosul"), limit=2, after=1)
        figures(store, Filters(figure_kind="killed"), limit=3)
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    counted = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert first == 1 and len(counted) == 3


@pytest.mark.parametrize(("filters", "limit"), [(Filters(date_from="July"), 10), (Filters(), 0), (Filters(), 5000), (Filters(text='"unclosed'), 10)])
def test_bad_filters_and_page_sizes_say_what_is_wrong(store, filters, limit):
    with pytest.raises(StoreError):
        events(store, filters, limit=limit)


def test_a_hostile_filter_value_is_a_value_not_sql(store):
    assert events(store, Filters(actor="x' OR '1'='1")).items == []
    assert events(store, Filters(country="IQ'; DROP TABLE events; --")).items == []
    assert len(events(store).items) == 9


def test_merged_events_stream_with_their_reports_one_statement_per_page(store):
    from sitroom.store.queries import merged_reports, place_mentions, unlinked_events

    clusters = store.event_clusters()
    expected: dict[str, list[str]] = {}
    for event_id, merged_id in clusters.items():
        expected.setdefault(merged_id, []).append(event_id)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        streamed = list(merged_reports(store, page=2))
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    heads = [head["id"] for head, _ in streamed]
    assert heads == [m.id for m in store.merged_events()]  # the order they were started
    assert len(selects) == 1 + -(-len(heads) // 2)  # the merged events, then one per page of two
    for head, reports in streamed:
        ids = [f"{r['doc_id']}:{r['start']}-{r['end']}" for r in reports]
        assert sorted(ids) == sorted(expected[head["id"]])
        assert [r["document_published"] for r in reports] == sorted(r["document_published"] for r in reports)
        assert all(r["text"] in r["sentence"] and r["document_title"].startswith("Report") for r in reports)
    assert list(unlinked_events(store)) == []  # every event of an original is linked
    assert list(place_mentions(store)) == []  # these documents name no gazetteer place


def test_speakers_rank_who_is_quoted_in_most_documents(tmp_path):
    from sitroom.model import Quote
    from sitroom.store.queries import speakers

    said = {"0": ["Ali", "Ben"], "1": ["Ali"], "2": ["Ben", "Ben", "Cy"], "3": ["Ali"]}
    analyses = []
    for n, names in said.items():
        base = _analysis(int(n))
        text = base.document.text
        quoted = tuple(
            Quote(span=Span(base.document.id, 0, 6), text=text[:6], direct=True, speaker=name, speaker_text=name, speaker_role="official" if name == "Ali" else None, sentence=Span(base.document.id, 0, len(text)))
            for name in names
        )
        analyses.append(replace(base, quotes=quoted))
    with Store(tmp_path / "s.db") as s:
        store_batch(s, [(a, f"raw{n}") for n, a in enumerate(analyses)])
        ranked = speakers(s)
        recent = speakers(s, Filters(date_from="2017-07-03"))
        top = speakers(s, limit=1)
    assert [(r["speaker"], r["documents"], r["quotes"]) for r in ranked] == [("Ali", 3, 3), ("Ben", 2, 3), ("Cy", 1, 1)]
    assert ranked[0]["role"] == "official" and ranked[0]["latest"]["doc_id"] == analyses[3].document.id
    assert ranked[0]["latest"]["sentence"] == analyses[3].document.text
    assert [(r["speaker"], r["documents"], r["quotes"]) for r in recent] == [("Ben", 1, 2), ("Ali", 1, 1), ("Cy", 1, 1)]
    assert [r["speaker"] for r in top] == ["Ali"]
