"""Pin the event gold-set scorer (bench/eventset/score.py) on synthetic cases, and check the
gold files against their texts."""

from __future__ import annotations

import pytest

from bench.common import DataMissing, corpora_dir, has_datasets
from bench.eventset.score import Tally, actor_key, field_right, match, same_actor, same_date, same_place

SENTENCES = [(0, 50), (50, 100), (100, 150)]


def event(*mentions, type="Battles", **fields):
    return {"mentions": list(mentions), "type": type, "subtype": fields.pop("subtype", "Armed clash"), **fields}


def test_events_match_by_overlapping_mentions_before_same_sentence():
    gold = [event((10, 16)), event((60, 66))]
    pred = [event((61, 70)), event((20, 25))]  # overlaps gold 1; same sentence and type as gold 0
    assert sorted(match(pred, gold, SENTENCES)) == [(0, 1), (1, 0)]


def test_same_sentence_needs_the_same_type():
    gold = [event((10, 16), type="Protests")]
    pred = [event((20, 25), type="Battles")]
    assert match(pred, gold, SENTENCES) == []


def test_matching_is_one_to_one():
    gold = [event((10, 16))]
    pred = [event((10, 16)), event((12, 20))]
    assert len(match(pred, gold, SENTENCES)) == 1


def test_actor_names_ignore_case_articles_and_regime_years():
    assert actor_key("Military Forces of Iraq (2014-)") == actor_key("military forces of iraq")
    assert same_actor("the Taliban", "Taliban", [])
    assert same_actor("Tamil Tigers", "Liberation Tigers of Tamil Eelam", ["Tamil Tigers", "LTTE"])
    assert not same_actor("Hamas", "Fatah", ["al-Aqsa Martyrs' Brigades"])
    assert same_actor(None, None, []) and not same_actor("Hamas", None, [])
    ids = {"ISIS": "islamic-state", "Islamic State": "islamic-state"}
    assert same_actor("ISIS", "Islamic State", [], ids.get)


def test_place_within_161_km_at_the_same_precision():
    mosul = {"lat": 36.335, "lon": 43.119, "geo_precision": 1}
    assert same_place({"lat": 36.34, "lon": 43.13, "geo_precision": 1}, mosul)
    assert not same_place({"lat": 36.34, "lon": 43.13, "geo_precision": 2}, mosul)  # right point, wrong precision
    assert not same_place({"lat": 33.34, "lon": 44.40, "geo_precision": 1}, mosul)  # Baghdad, 340 km away
    assert same_place(None, None) and not same_place(None, mosul)


def test_dates_at_their_precision():
    day = {"date": "2017-07-09", "date_end": None, "time_precision": 1}
    assert same_date(dict(day), day)
    assert not same_date({"date": "2017-07-10", "date_end": None, "time_precision": 1}, day)
    week = {"date": "2017-07-03", "date_end": "2017-07-09", "time_precision": 2}
    assert not same_date(week, day)  # overlapping, but another precision
    assert same_date({"date": "2017-07-05", "date_end": "2017-07-11", "time_precision": 2}, week)
    assert same_date({"date": None}, {"date": None}) and not same_date({"date": None}, day)


def test_full_record_needs_every_field():
    gold = event((10, 16), actor1="Hamas", actor2=None, place=None, date=None, fatalities=3)
    right = event((10, 16), actor1="Hamas", actor2=None, place=None, date=None, fatalities=3.0)
    wrong = event((10, 16), actor1="Hamas", actor2=None, place=None, date=None, fatalities=4)
    assert all(field_right(name, right, gold) for name in ("type", "subtype", "actor1", "actor2", "place", "date", "fatalities"))
    tally = Tally()
    tally.add([right], [gold], [], SENTENCES)
    tally.add([wrong, event((110, 120))], [gold], [{"start": 110, "end": 120, "reason": "cumulative"}], SENTENCES)
    m = tally.metrics()
    assert (m["matched_events"], m["predicted_events"], m["gold_events"]) == (2, 3, 2)
    assert m["full_record_accuracy"] == 0.5 and m["fatalities_accuracy"] == 0.5
    assert m["eventhood_precision"] == round(2 / 3, 4)
    assert tally.non_event_hits == {"cumulative": 1}


def _has_corpora() -> bool:
    try:
        corpora_dir()
    except DataMissing:
        return False
    return has_datasets()


@pytest.mark.skipif(not _has_corpora(), reason="corpora not found (set SITROOM_CORPORA)")
def test_gold_files_hold_every_article_and_their_spans_match_the_texts():
    from bench.eventgold import load_gold
    from bench.eventset.articles import articles

    known = articles()
    for name in ("gold.jsonl", "annotations-a.jsonl", "annotations-b.jsonl"):
        records = load_gold(name)  # raises on a span that does not match its text
        assert set(records) == set(known)
    gold = load_gold()
    spans = [(i, tuple(m.values())) for i, r in gold.items() for e in r["events"] for m in e["mentions"]]
    assert len(spans) == len(set(spans)), "two gold events share a mention"
    assert sum(1 for a in known.values() if a.split == "test") == 32
