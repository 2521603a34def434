"""The report and export cost benchmark (bench/reports.py): its stores keep every span
citing the article's own words, and a small run measures each command through the real CLI."""

from __future__ import annotations

import os

import pytest

from bench import linking as lk
from bench import reports as rp
from bench.common import DataMissing
from sitroom.store import Store
from tests.bench.test_linking import _analysis


def _corpus() -> bool:
    try:
        return lk.corpus_path().exists()
    except DataMissing:
        return False


@pytest.mark.skipif(not _corpus(), reason="Wikinews corpus not found (set SITROOM_CORPORA)")
def test_a_stored_replica_cites_the_words_of_its_article_and_is_no_copy_of_the_last(tmp_path):
    real = [_analysis()]
    docs = list(rp.documents(real, 3))
    original = real[0].document.text
    for doc in docs:
        text = doc.document.text
        assert text.startswith(original) and len(text) >= 2 * len(original)
        for fact in (*doc.figures, *doc.quotes, *doc.events, *doc.mentions):
            assert text[fact.span.start : fact.span.end] == fact.text
    assert len({d.document.id for d in docs}) == 3
    db = tmp_path / "s.db"
    rp.build_store(db, real, 10)
    with Store(db, readonly=True) as store:
        # identical texts would make 9 of 10 copies; only the appended syndicated copies (~10 %) are
        assert store.count("documents") == 10 and len(store.duplicates()) <= 3
    assert rp.largest_story(db).startswith("story/")
    result = rp.run_commands(db, rp.largest_story(db), {"sitroom": dict(os.environ)})["sitroom"]
    assert all(isinstance(result[f"{name}_seconds"], float) and result[f"{name}_peak_rss_mb"] > 10 for name in rp.COMMANDS)
    assert all(0 < result[f"{name}_cpu_seconds"] for name in rp.COMMANDS)
    # two systems take turns, run by run; one command only
    turns = rp.run_commands(db, rp.largest_story(db), {"a": dict(os.environ), "b": dict(os.environ)}, commands=["acled"], repeat=2)
    assert set(turns) == {"a", "b"} and all(set(t) == {"acled_seconds", "acled_cpu_seconds", "acled_peak_rss_mb"} for t in turns.values())
