"""The scorers of tasks ``article-extraction`` and ``trafilatura-eval`` (bench/extraction.py)."""

from __future__ import annotations

import json

import pytest

from bench import common
from bench.extraction import (
    SegmentCounts,
    exact_match,
    item_precision,
    item_recall,
    macro_prf,
    score_articles,
    segment_counts,
    shingle_counts,
    shingles,
    tokenize,
)


def _has_datasets() -> bool:
    try:
        return (common.datasets_dir() / "article-extraction-benchmark").is_dir()
    except common.DataMissing:
        return False


GOLD = "The army entered the city on Monday after a long siege."  # 11 tokens, 8 shingles


def test_tokenize_is_word_runs():
    assert tokenize("Mosul's 4,500 fighters—roughly") == ["Mosul", "s", "4", "500", "fighters", "roughly"]
    assert tokenize(None) == []


def test_short_text_is_one_shingle_and_empty_has_none():
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {}
    assert sum(shingles(GOLD).values()) == 8


def test_exact_match():
    counts = shingle_counts(GOLD, " The army entered the city\non Monday, after a long siege ")
    assert counts == (1.0, 0.0, 0.0)
    assert item_precision(*counts) == item_recall(*counts) == 1.0
    assert exact_match(GOLD, "the army") is False
    assert exact_match(GOLD, GOLD + "!") is True
    assert score_articles({"a": GOLD}, {"a": GOLD}, bootstrap=0) == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0, "f1_std": 0.0,
    }


def test_partial_overlap_is_normalised_per_item():
    # prediction: the first 8 gold tokens, then 4 others (12 tokens, 9 shingles, 5 shared)
    pred = "The army entered the city on Monday after Subscribe to our newsletter"
    tp, fp, fn = shingle_counts(GOLD, pred)
    assert (tp, fp, fn) == pytest.approx((5 / 12, 4 / 12, 3 / 12))  # 5 shared, 4 extra, 3 missed
    assert item_precision(tp, fp, fn) == pytest.approx(5 / 9)
    assert item_recall(tp, fp, fn) == pytest.approx(5 / 8)


def test_miss_and_extra():
    miss = shingle_counts(GOLD, "")
    assert miss == (0.0, 0.0, 1.0)
    assert item_recall(*miss) == 0.0
    extra = shingle_counts("", "Cookie policy and terms of use")
    assert extra == (0.0, 1.0, 0.0)
    assert item_precision(*extra) == 0.0
    both_empty = shingle_counts("", "")
    assert both_empty == (0.0, 0.0, 0.0)


def test_averaging_is_over_items_and_f1_of_the_averages():
    items = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)]
    # precision over items with tp+fp > 0: (1 + 0.5) / 2; recall over tp+fn > 0: (1 + 0 + 1) / 3
    p, r, f = macro_prf(items)
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(2 / 3)
    assert f == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    scores = score_articles({"a": GOLD, "b": GOLD}, {"a": GOLD}, bootstrap=200)
    assert scores["recall"] == 0.5 and scores["precision"] == 1.0 and scores["accuracy"] == 0.5
    assert 0 < scores["f1_std"] < 0.5
    assert score_articles({"a": GOLD, "b": GOLD}, {"a": GOLD}, bootstrap=0, english={"a"})["f1_en"] == 1.0


def test_segments_exact_partial_miss_extra():
    with_ = ["The army entered", "after a long siege"]
    without = ["Subscribe to our newsletter", "Cookie policy"]
    assert segment_counts(with_, without, "The  army\nentered the city after a long siege.") == SegmentCounts(tp=2, fn=0, fp=0, tn=2)
    assert segment_counts(with_, without, "The army entered. Cookie policy") == SegmentCounts(tp=1, fn=1, fp=1, tn=1)
    assert segment_counts(with_, without, None) == SegmentCounts(tp=0, fn=2, fp=0, tn=2)
    total = SegmentCounts(tp=3, fp=1, fn=1, tn=3)
    assert total.scores() == {"with_kept": 0.75, "without_dropped": 0.75, "precision": 0.75, "accuracy": 0.75, "f1": 0.75}
    assert SegmentCounts().scores()["f1"] == 0.0


@pytest.mark.skipif(not _has_datasets(), reason="gold datasets not available")
def test_stored_trafilatura_output_reproduces_the_published_figures():
    from bench.extraction import aeb_dir, stored_outputs

    gold = {k: v.get("articleBody", "") for k, v in json.loads((aeb_dir() / "ground-truth.json").read_text(encoding="utf-8")).items()}
    scores = score_articles(gold, stored_outputs()["trafilatura"], bootstrap=0)
    # README.rst of the benchmark: trafilatura 2.0.0 F1 0.958, P 0.938, R 0.978, accuracy 0.293
    assert (round(scores["f1"], 3), round(scores["precision"], 3), round(scores["recall"], 3), round(scores["accuracy"], 3)) == (0.958, 0.938, 0.978, 0.293)


@pytest.mark.skipif(not _has_datasets(), reason="gold datasets not available")
def test_quick_mode_end_to_end(tmp_path, monkeypatch):
    from bench import extraction

    monkeypatch.setattr(common, "RESULTS", tmp_path)
    results = extraction.run(quick=True)
    assert [r["task"] for r in results] == ["article-extraction", "trafilatura-eval"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article-extraction-quick.json", "trafilatura-eval-quick.json"]
    first, second = results
    assert 0.5 < first["metrics"]["f1"] <= 1 and "trafilatura (stored output)" in first["peers"]
    assert set(second["metrics"]) == {"with_kept", "without_dropped", "precision", "accuracy", "f1"}
    assert all(set(row) == set(second["metrics"]) for row in second["peers"].values())
