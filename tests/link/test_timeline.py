"""The timeline: merged events and statements in date order, precision shown as it is."""

from __future__ import annotations

from dataclasses import replace

from sitroom.link.timeline import timeline
from sitroom.model import Analysis, DateValue, Document, Event, Origin, Quote, Span


def _analysis(doc_id: str, published: str, events=(), quotes=()) -> Analysis:
    doc = Document(id=doc_id, text="x" * 200, content_hash=doc_id, origin=Origin(path=doc_id), published=DateValue(published, "day", "metadata"))
    return Analysis(document=doc, events=tuple(events), quotes=tuple(quotes))


def _event(doc_id, start, **fields) -> Event:
    return Event(span=Span(doc_id, start, start + 5), text="fight", type="Battles", **fields)


def test_entries_sort_by_day_then_narrower_first_and_undated_last():
    month = _event("a", 0, date="2017-05-01", date_end="2017-05-31", time_precision=3)
    day = _event("a", 10, date="2017-05-01", time_precision=1)
    late = _event("b", 0, date="2017-05-21", date_end="2017-05-31", time_precision=3)
    undated = _event("b", 20)
    entries = timeline([_analysis("a", "2017-06-01", [month, day]), _analysis("b", "2017-06-02", [late, undated])], {})
    assert [(e.date, e.precision) for e in entries] == [("2017-05-01", "day"), ("2017-05-01", "month or wider"), ("2017-05-21", "month or wider"), (None, "undated")]


def test_a_merged_event_is_one_entry_dated_by_its_most_precise_stated_report():
    inferred = _event("a", 0, date="2017-07-14", date_end=None, time_precision=2, date_provenance="inferred")
    week = _event("b", 0, date="2017-07-10", date_end="2017-07-16", time_precision=2, date_provenance="resolved")
    clusters = {"a:0-5": "event/a:0-5", "b:0-5": "event/a:0-5"}
    [entry] = timeline([_analysis("a", "2017-07-14", [inferred]), _analysis("b", "2017-07-15", [week])], clusters)
    assert entry.key == "event/a:0-5" and len(entry.events) == 2
    assert (entry.date, entry.date_end, entry.precision, entry.inferred) == ("2017-07-10", "2017-07-16", "week", False)


def test_statements_are_dated_by_publication_and_copies_add_nothing():
    quote = Quote(span=Span("a", 50, 60), text="We will win", direct=True, speaker="Mary Jones", speaker_text="Mary Jones", speaker_entity="person/jones/mary")
    unnamed = replace(quote, span=Span("a", 70, 80), speaker_entity=None, speaker="officials")
    original = _analysis("a", "2017-07-14", quotes=[quote, unnamed])
    copy = replace(_analysis("c", "2017-07-15", quotes=[replace(quote, span=Span("c", 50, 60))]))
    entries = timeline([original, copy], {}, copies={"c": "a"})
    assert [(e.kind, e.date, e.precision) for e in entries] == [("statement", "2017-07-14", "day reported")]
