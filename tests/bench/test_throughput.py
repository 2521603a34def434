"""The throughput task: article replication, rate arithmetic, metric assembly, and one
tiny end-to-end measurement of each single-process part (when the corpus is present)."""

from __future__ import annotations

import pytest

from bench import throughput as tp
from bench.common import DataMissing, corpora_dir

ROWS = [
    {"title": "Alpha", "date": "2005-03-01", "url": "https://en.wikinews.org/wiki/Alpha", "text": "One two three.\n\nFour five."},
    {"title": "Beta", "date": None, "url": "https://en.wikinews.org/wiki/Beta", "text": "Six seven eight nine"},
]


def _corpus_present() -> bool:
    try:
        return (corpora_dir() / "wikinews-en" / "wikinews-en.jsonl").exists()
    except DataMissing:
        return False


# ------------------------------------------------------------ articles


def test_copy_number_is_woven_into_the_first_paragraph():
    assert tp.with_copy_number("One two three.\n\nFour five.", 7) == "One two three. This is benchmark copy 7.\n\nFour five."
    assert tp.with_copy_number("No final stop", 2) == "No final stop. This is benchmark copy 2."


def test_replicated_articles_are_all_different_and_counted():
    articles = tp.make_articles(ROWS, 5)  # more than the rows: replicated
    assert len(articles) == 5
    assert len({a.html for a in articles}) == 5
    # "One two three. This is benchmark copy 1." + "Four five." = 3 + 5 + 2 words
    assert articles[0].words == 10
    assert articles[1].words == 4 + 5
    assert "This is benchmark copy 3." in articles[2].html and "Alpha" in articles[2].html
    assert "<nav>" in articles[0].html and "<footer>" in articles[0].html


def test_make_articles_refuses_an_empty_corpus():
    with pytest.raises(ValueError):
        tp.make_articles([], 3)


def test_subset_is_spread_evenly_and_never_larger_than_the_whole():
    items = list(range(10))
    assert tp.subset(items, 5) == [0, 2, 4, 6, 8]
    assert tp.subset(items, 20) == items
    assert tp.subset(items, 10) == items


# ------------------------------------------------------------ arithmetic


def test_rates_exact():
    assert tp.rates(10, 4000, 2.0, "spacy_") == {"spacy_articles_per_second": 5.0, "spacy_words_per_second": 2000.0}


def test_rates_round_and_handle_no_time():
    assert tp.rates(1, 1, 3.0) == {"articles_per_second": 0.33, "words_per_second": 0.3}
    assert tp.rates(5, 50, 0.0, "x_") == {"x_articles_per_second": None, "x_words_per_second": None}


def test_ratio_and_memory_units():
    assert tp.ratio(500.0, 1000.0) == 0.5
    assert tp.ratio(None, 1000.0) is None
    assert tp.ratio(500.0, 0.0) is None
    assert tp.maxrss_mb(1_000_000) == 1024.0  # ru_maxrss is in KiB on Linux


def _part(cpu: dict[str, float], **extra):
    return {"articles": 10, "failed": 0, "words": 4000, "cpu": cpu, "wall": cpu, "model_load_seconds": 1.234,
            "maxrss_kb": 500_000, "pipe_names": ["tok2vec", "ner"], "found": {}, **extra}


def test_metrics_from_parts():
    results = {
        "sitroom": _part({"clean": 1.0, "spacy": 2.0, "mentions": 0.5, "times": 0.5, "quotes": 0.5, "figures": 0.25, "events": 0.25}),
        "peer": _part({"clean": 0.5, "spacy": 1.5}, model="en_core_web_sm", disabled=["senter"], reference_speed=9000),
        "batch": {"articles": 20, "stored": 20, "duplicates": 0, "failed": 0, "words": 8000, "workers": 2,
                  "wall_seconds": 4.0, "cpu_seconds": 8.0, "maxrss_kb": 200_000, "children_maxrss_kb": 600_000},
    }
    ours, theirs = tp.metrics_from(results)
    assert ours["clean_articles_per_second"] == 10.0
    assert ours["spacy_words_per_second"] == 2000.0
    assert ours["figures_articles_per_second"] == 40.0
    assert ours["end_to_end_articles_per_second"] == 2.0  # 10 articles / 5 CPU seconds
    assert theirs["end_to_end_articles_per_second"] == 5.0  # 10 / 2
    assert ours["end_to_end_speed_ratio_to_peer"] == 0.4
    assert ours["spacy_speed_ratio_to_peer"] == 0.75
    assert ours["batch_2_workers_articles_per_second"] == 5.0
    assert ours["batch_per_core_words_per_second"] == 1000.0
    assert ours["batch_peak_rss_worker_mb"] == 614.4
    assert theirs["peak_rss_mb"] == 512.0
    assert not any(k.startswith("scaling") for k in ours)
    results["scaling_1"] = {**results["batch"], "workers": 1, "wall_seconds": 8.0}
    results["scaling_2"] = {**results["batch"], "wall_seconds": 5.0}
    ours, _ = tp.metrics_from(results)
    assert (ours["scaling_1_worker_articles_per_second"], ours["scaling_2_workers_articles_per_second"]) == (2.5, 4.0)
    assert ours["scaling_2_workers_ratio"] == 1.6
    assert "end_to_end_speed_ratio_to_peer_numpy_blas" not in ours
    results["peer_numpy"] = _part({"clean": 0.5, "spacy": 1.0})
    ours, _ = tp.metrics_from(results)
    assert ours["end_to_end_speed_ratio_to_peer_numpy_blas"] == 0.3  # 800 words/s against 4000 / 1.5
    assert ours["spacy_speed_ratio_to_peer_numpy_blas"] == 0.5
    notes = tp.notes_for(results, 20)
    assert tp.PEER_NUMPY in notes
    del results["peer_numpy"]
    assert "9000" in notes and "workers=2" in notes and "scaling_2_workers_ratio" in notes
    del results["scaling_1"], results["scaling_2"]
    # quick mode: no batch run, no batch metrics
    del results["batch"]
    ours, _ = tp.metrics_from(results)
    assert not any(k.startswith("batch") for k in ours)
    assert "no batch-runner run" in tp.notes_for(results, 10)


# ------------------------------------------------------------ a tiny real run


@pytest.mark.skipif(not _corpus_present(), reason="Wikinews corpus not present")
def test_parts_measure_a_few_real_articles():
    articles = tp.make_articles(tp.read_rows(tp.corpus_path())[:3], 3)
    ours = tp.measure_sitroom(articles)
    theirs = tp.measure_peer(articles)
    for part in (ours, theirs):
        assert part["articles"] + part["failed"] == 3
        assert part["words"] > 0 and part["maxrss_kb"] > 0
        assert all(seconds >= 0 for seconds in part["cpu"].values())
    components = {f"spacy:{name}" for name in ("tokenizer", *ours["pipe_names"])}
    assert set(ours["cpu"]) == (set(tp.SITROOM_STAGES) - {"spacy"}) | components
    assert set(theirs["cpu"]) == {"clean"} | {f"spacy:{name}" for name in ("tokenizer", *theirs["pipe_names"])}
    stages, peer_rows = tp.stage_table({"sitroom": ours, "peer": theirs})
    peer_stages = peer_rows[tp.PEER]
    assert set(peer_rows) == {tp.PEER}  # no numpy-BLAS peer part given, no row for it
    assert {"spacy_ner_ms", "spacy_tokenizer_ms", "figures_ms", "embedding_ms", "total_ms"} <= set(stages)
    assert stages["total_ms"] >= stages["spacy_total_ms"] > 0 and "spacy_sitroom_paragraphs_ms" not in peer_stages
    assert "sitroom_paragraphs" in ours["pipe_names"] and "sitroom_paragraphs" not in theirs["pipe_names"]
    assert {"tagger", "parser", "lemmatizer", "ner"} <= set(theirs["pipe_names"])
