"""The linking-cost benchmark (bench/linking.py): replicas move ids and dates, the metrics'
arithmetic, and a small run through the real store (timed steps and candidate counts)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench import linking as lk
from bench.common import DataMissing
from sitroom.model import DateValue, Event, Span
from tests.factories import make_analysis


def _analysis():
    analysis = make_analysis()
    doc_id = analysis.document.id
    event = Event(
        span=Span(doc_id, 26, 32), text="remain", type="Battles", date="2017-07-10", date_end="2017-07-12", time_precision=1,
        fatalities_figure=f"{doc_id}:0-13", sentence=Span(doc_id, 0, 60), place="Mosul", place_geonames_id=99072,
    )  # fmt: skip
    document = replace(analysis.document, published=DateValue("2017-07-14", "day", "metadata", "test"))
    return replace(analysis, document=document, events=(event,))


def test_a_replica_has_a_new_id_everywhere_and_its_dates_moved():
    text = "Another text entirely, about another day of fighting in the same city."
    copy = lk.replica(_analysis(), 2, text)
    doc_id = copy.document.id
    assert doc_id != _analysis().document.id and copy.document.text == text
    spans = [s for group in (copy.mentions, copy.quotes, copy.figures, copy.events, copy.times) for f in group for s in (f.span, getattr(f, "sentence", None)) if s]
    assert spans and {s.doc_id for s in spans} == {doc_id}
    assert copy.quotes[0].speaker_span.doc_id == doc_id
    (event,) = copy.events
    days = 2 * lk.REPLICA_DAYS
    assert (event.date, event.date_end) == ("2017-09-28", "2017-09-30") == (lk._shift("2017-07-10", days), lk._shift("2017-07-12", days))
    assert event.fatalities_figure == f"{doc_id}:0-13"
    assert copy.document.published.value == lk._shift("2017-07-14", days)
    assert lk._shift("2017-07", days) == "2017-07" and lk._shift(None, 3) is None


def test_metrics_split_the_first_checkpoint_and_compare_first_and_last_windows(monkeypatch):
    monkeypatch.setattr(lk, "CHECKPOINT", 64)
    monkeypatch.setattr(lk, "WINDOW", 32)
    timings = lk.Timings()
    for s in lk.STEPS:
        timings.batches[s] = [0.01, 0.01, 0.01, 0.02] if s == "stories" else [0.0, 0.0, 0.0, 0.0]
    timings.story_candidates, timings.story_inserts = 300, 128
    out = lk.metrics(timings, [32, 32, 32, 32], {"stories": 50, "merged_events": 9, "entities": 3, "documents": 128}, 4, 1.0)
    assert out["documents"] == 128 and out["link_seconds_first_64"] == 0.02  # the first two batches, to the millisecond
    assert out["link_ms_per_document_first_1000"] == round(1000 * 0.01 / 32, 2)
    assert out["stories_growth_last_vs_first"] == 2.0 and out["link_growth_last_vs_first"] == 2.0
    assert out["story_candidates_per_insert"] == round(300 / 128, 1) and out["stories_at_end"] == 50


def test_a_small_run_links_through_the_real_store_and_counts_candidates():
    try:
        present = lk.corpus_path().exists()
    except DataMissing:
        present = False
    if not present:
        pytest.skip("the Wikinews corpus is not here")
    out = lk.link_run([_analysis()], 40)
    assert out["documents"] == 40 and out["events_linked"] == 40 - out["near_duplicates"]
    assert out["stories_at_end"] >= 1 and out["merged_events_at_end"] >= 1
    assert all(out[f"{s}_seconds_all"] >= 0 for s in lk.STEPS) and out["link_seconds_all"] > 0
