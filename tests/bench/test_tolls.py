"""Pin the death-toll scorer (bench/tolls.py) on synthetic labels, and check the toll set's
files against the corpus."""

from __future__ import annotations

import pytest

from bench.common import DataMissing, corpora_dir
from bench.tolls import _kappa, score


def test_a_total_read_as_an_event_toll_is_a_leak():
    gold = {"a": "total", "b": "total", "c": "event", "d": "not_toll"}
    read = {"a": "event", "b": "total", "c": "event", "d": "not_toll"}
    metrics = score(gold, read, {"a": True, "b": False, "c": True, "d": False})
    assert metrics["total_leak_rate"] == 0.5 and metrics["total_recall"] == 0.5
    assert metrics["fatalities_leak_rate"] == round(1 / 3, 4)  # a (total) of a, b, d
    assert metrics["event_retention"] == 1.0 and metrics["label_accuracy"] == 0.75


def test_reading_everything_as_not_a_toll_leaks_nothing_and_keeps_no_event():
    gold = {"a": "total", "c": "event"}
    metrics = score(gold, {"a": "not_toll", "c": "not_toll"})
    assert metrics["total_leak_rate"] == 0.0 and metrics["event_retention"] == 0.0 and metrics["total_recall"] == 0.0


def test_kappa_is_one_for_identical_labels_and_zero_for_chance():
    same = {"a": "event", "b": "total", "c": "not_toll"}
    assert _kappa(same, same) == 1.0
    assert _kappa({"a": "event", "b": "event", "c": "total", "d": "total"}, {"a": "event", "b": "total", "c": "event", "d": "total"}) == 0.0


def _has_corpora() -> bool:
    try:
        corpora_dir()
    except DataMissing:
        return False
    return True


@pytest.mark.skipif(not _has_corpora(), reason="corpora not found (set SITROOM_CORPORA)")
def test_toll_files_cover_every_candidate_and_match_the_corpus():
    from bench.tolls import load_labels
    from bench.tollset.articles import candidates

    known = candidates()  # raises when an article's text is not the one the set was built on
    assert len(known) == 240
    for name in ("gold.jsonl", "annotations-a.jsonl", "annotations-b.jsonl"):
        assert set(load_labels(name)) == set(known)
    for c in known.values():
        assert c.text[c.start : c.end].strip() and c.text[c.start].isalnum()
    assert {c.split for c in known.values()} == {"dev", "test"}
    assert not {c.article for c in known.values() if c.split == "test"} & {c.article for c in known.values() if c.split == "dev"}
