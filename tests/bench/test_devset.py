"""Pin the dev-set scorer (bench/devset.py) on small synthetic cases."""

from __future__ import annotations

import pytest

from bench.common import has_datasets

from bench import devset
from bench.devset import Item, Tally, exact_counts, match_overlap, overlap_counts, score_figures, score_quotes, surname_match, trim


def items(*spans, **attrs):
    return [Item(s, e, dict(attrs)) for s, e in spans]


def test_exact_match_partial_miss_extra():
    gold = items((0, 10), (20, 30), (40, 50))
    pred = items((0, 10), (25, 35), (60, 70))  # exact, partial overlap, extra; (40,50) missed
    assert exact_counts(gold, pred) == devset.Counts(1, 2, 2)
    counts, pairs = overlap_counts(gold, pred)
    assert counts == devset.Counts(2, 1, 1)
    assert pairs == [(0, 0), (1, 1)]
    assert counts.prf()["f1"] == round(2 / 3, 4)


def test_overlap_matching_is_one_to_one_greedy_by_largest_overlap():
    gold = items((0, 10), (8, 20))
    pred = items((5, 18))  # overlaps gold 0 by 5 chars, gold 1 by 10 chars
    assert match_overlap(gold, pred) == [(1, 0)]
    counts, _ = overlap_counts(gold, pred)
    assert counts == devset.Counts(1, 0, 1)


def test_touching_spans_do_not_overlap():
    assert match_overlap(items((0, 5)), items((5, 9))) == []


def test_quote_attributes():
    gold = [
        Item(0, 10, {"speaker": "John Reid", "speaker_role": "Defence Secretary", "direct": True}),
        Item(20, 30, {"speaker": None, "speaker_role": None, "direct": False}),
    ]
    pred = [
        Item(0, 10, {"speaker": "john reid", "speaker_role": "Minister", "direct": True}),
        Item(22, 30, {"speaker": None, "speaker_role": None, "direct": True}),
    ]
    t = Tally()
    score_quotes(t, gold, pred)
    assert t.acc("speaker") == 1.0  # case-insensitive, null = null
    assert t.acc("role") == 0.0  # only the first has a gold role, and it differs
    assert t.acc("direct") == 0.5
    assert t.exact.prf()["f1"] == 0.5 and t.over.prf()["f1"] == 1.0


def test_figure_attributes():
    gold = [Item(0, 12, {"kind": "killed", "value": 300.0, "low": 300.0, "high": None, "qualifier": "more than", "reported_by": "the UN"})]
    pred = [Item(5, 12, {"kind": "killed", "value": 300, "low": 300, "high": 300, "qualifier": None, "reported_by": "The UN"})]
    t = Tally()
    score_figures(t, gold, pred)
    assert t.over == devset.Counts(1, 0, 0) and t.exact == devset.Counts(0, 1, 1)
    assert t.acc("kind") == 1.0 and t.acc("qualifier") == 0.0 and t.acc("reporter") == 1.0
    assert t.acc("value") == 1.0 and t.acc("interval") == 0.0  # same value, but "more than" leaves high open


def test_surname_and_trim():
    assert surname_match("George W. Bush", "President Bush")
    assert not surname_match("George W. Bush", "he")
    assert surname_match(None, None) and not surname_match("X Y", None)
    text = 'He said "hello there," and left'
    assert text[slice(*trim(text, 8, 22))] == "hello there,"


def test_annotations_are_consistent():
    records = devset.load_annotations()  # raises on any span that does not match its text
    assert records and all(r["license"] == "CC BY 2.5" for r in records)


@pytest.mark.skipif(not has_datasets(), reason="shared datasets folder absent")
def test_quick_end_to_end():
    results = devset.run(quick=True)
    assert [r["task"] for r in results] == ["devset-quotes", "devset-figures"]
    for r in results:
        assert all(0 <= v <= 1 for v in r["metrics"].values())
