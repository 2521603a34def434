"""The TempEval-3 timex scorer (bench/tempeval.py) on small synthetic cases."""

from __future__ import annotations

import pytest

from bench.common import has_datasets
from bench.tempeval import (
    DEV_HALF_DOCS,
    TASK,
    GoldDocument,
    Tally,
    Timex,
    align,
    half_metrics,
    parse_heideltime_output,
    parse_tml,
    value_matches,
    value_matches_lenient,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>
<TEXT>
Rain <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> &amp; for <TIMEX3 tid="t2" type="DURATION" value="P9M">nine months</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_tml_offsets_point_into_the_text_without_tags():
    doc = parse_tml(TML, name="x")
    assert doc.dct == "2013-03-22"
    assert doc.text == "\nRain fell Friday & for nine months.\n"
    assert [(doc.text[t.start : t.end], t.value, t.type) for t in doc.timexes] == [
        ("Friday", "2013-03-22", "DATE"),
        ("nine months", "P9M", "DURATION"),
    ]  # the DCT is not among them


GOLD = [
    Timex(0, 5, "2013-03-22", "DATE"),
    Timex(10, 20, "2013-W11", "DATE"),
    Timex(30, 35, "P9M", "DURATION"),
]


def test_exact_partial_miss_and_extra():
    predicted = [
        Timex(0, 5, "2013-03-22"),  # exact extent, right value
        Timex(12, 20, "2013-W11"),  # partial overlap, right value
        Timex(40, 45, "2013"),  # extra; gold 30-35 is missed
    ]
    tally = Tally()
    assert tally.add(GOLD, predicted) == [(0, 0), (1, 1)]
    m = tally.metrics()
    assert (m["strict_precision"], m["strict_recall"], m["strict_f1"]) == (0.3333, 0.3333, 0.3333)
    assert (m["relaxed_precision"], m["relaxed_recall"], m["relaxed_f1"]) == (0.6667, 0.6667, 0.6667)
    assert m["value_accuracy"] == 1.0
    assert m["value_f1"] == 0.6667  # accuracy x relaxed F1
    assert "type_f1" not in m


def test_value_f1_is_accuracy_times_relaxed_f1_and_none_never_matches():
    predicted = [Timex(0, 5, "2013-03-22", "DATE"), Timex(30, 35, None, "DATE")]
    tally = Tally()
    tally.add(GOLD, predicted)
    m = tally.metrics(with_type=True)
    relaxed_f1 = 2 * 1.0 * (2 / 3) / (1.0 + 2 / 3)  # P 2/2, R 2/3
    assert m["relaxed_f1"] == round(relaxed_f1, 4)
    assert m["value_accuracy"] == 0.5
    assert m["value_f1"] == round(0.5 * relaxed_f1, 4)
    assert m["type_f1"] == round(0.5 * relaxed_f1, 4)  # DURATION found as DATE


def test_alignment_is_one_to_one():
    gold = [Timex(0, 5), Timex(6, 10)]
    assert align(gold, [Timex(0, 10)]) == [(0, 0)]
    assert align(gold, [Timex(0, 10), Timex(6, 10)]) == [(0, 0), (1, 1)]  # exact extent first
    tally = Tally()
    tally.add(gold, [Timex(0, 10)])
    m = tally.metrics()
    assert (m["relaxed_precision"], m["relaxed_recall"]) == (1.0, 0.5)
    assert m["strict_f1"] == 0.0


def test_micro_average_over_documents():
    tally = Tally()
    tally.add([Timex(0, 5, "2013")], [Timex(0, 5, "2013")])
    tally.add([Timex(0, 5, "2012"), Timex(7, 9, "2011")], [])
    m = tally.metrics()
    assert (m["relaxed_precision"], m["relaxed_recall"]) == (1.0, 0.3333)


def test_value_comparison():
    assert value_matches("2017-W28", "2017-W28")
    assert value_matches("2013-w11", " 2013-W11")
    assert not value_matches("2013-05", "2013-05-21/2013-05-31")
    assert not value_matches("P9M", None)
    assert not value_matches(None, None)


def test_lenient_value_credits_a_range_inside_the_gold_month_or_week():
    assert value_matches_lenient("2013-05", "2013-05-21/2013-05-31")
    assert value_matches_lenient("2013-05", "2013-05")
    assert not value_matches_lenient("2013-06", "2013-05-21/2013-05-31")
    assert value_matches_lenient("2013-W11", "2013-03-16/2013-03-17")  # weekend of ISO week 11
    assert value_matches_lenient("2013-W11-WE", "2013-03-16/2013-03-17")
    assert not value_matches_lenient("2013-W11-WE", "2013-03-11/2013-03-12")
    assert not value_matches_lenient("2013-W12", "2013-03-16/2013-03-17")
    assert not value_matches_lenient("2015", "2015-01/2015-04")  # year parts are not credited
    assert not value_matches_lenient("2012-SU", "2012-06/2012-08")
    assert not value_matches_lenient("P9M", None)


def test_heideltime_output_offsets():
    text = "\nIt rained Friday & in March.\n"
    output = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
        '\nIt rained <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> & in '
        '<TIMEX3 tid="t2" type="DATE" value="2013-03">March</TIMEX3>.\n\n</TimeML>\n'
    )
    found = parse_heideltime_output(output, text)
    assert [(text[t.start : t.end], t.value, t.type) for t in found] == [
        ("Friday", "2013-03-22", "DATE"),
        ("March", "2013-03", "DATE"),
    ]
    # text changed by the tool: expressions are looked up in the original text
    changed = output.replace("It rained", "It  rained")
    assert [(t.start, t.end) for t in parse_heideltime_output(changed, text)] == [(11, 17), (23, 28)]



def test_mod_is_read_from_gold_and_heideltime_and_scored_like_type():
    doc = parse_tml(TML.replace('value="P9M">', 'value="P9M" mod="LESS_THAN">'), name="x")
    assert [t.mod for t in doc.timexes] == [None, "LESS_THAN"]
    tally = Tally()
    tally.add(doc.timexes, [Timex(t.start, t.end, t.value, t.type, t.text) for t in doc.timexes])  # no mods predicted
    m = tally.metrics(with_type=True)
    assert m["relaxed_f1"] == 1.0 and m["mod_f1"] == 0.5  # 1 of 2 aligned pairs agree (both without a mod)
    assert (tally.gold_mods, tally.gold_mods_right, tally.predicted_mods) == (1, 0, 0)
    tally.add(doc.timexes, list(doc.timexes))
    assert (tally.gold_mods, tally.gold_mods_right, tally.predicted_mods) == (2, 1, 1)
    assert "mod_f1" not in tally.metrics()
    text = "\nearly December.\n"
    output = '<TimeML>\n\n<TIMEX3 tid="t1" type="DATE" value="2012-12" mod="START">early December</TIMEX3>.\n\n</TimeML>\n'
    assert [(t.value, t.mod) for t in parse_heideltime_output(output, text)] == [("2012-12", "START")]


def test_half_metrics_split_by_position_in_the_sorted_list():
    docs = [GoldDocument(f"d{i:02d}", "2013-03-22", "", (Timex(0, 5, "2013"),)) for i in range(DEV_HALF_DOCS + 2)]
    right, wrong = [Timex(0, 5, "2013")], [Timex(0, 5, "2012")]
    predictions = [right] * DEV_HALF_DOCS + [wrong, right]
    assert half_metrics(docs, predictions) == {"value_f1_dev_half": 1.0, "value_f1_test_half": 0.5}
    assert half_metrics(docs[:3], predictions[:3]) == {"value_f1_dev_half": 1.0}  # a quick run holds dev documents only


@pytest.mark.slow
@pytest.mark.skipif(not has_datasets(), reason="gold datasets not found (set SITROOM_DATASETS)")
def test_quick_run_end_to_end():
    from bench.tempeval import run

    [result] = run(quick=True)
    assert result["task"] == TASK and result["quick"] is True
    metrics = result["metrics"]
    for name in ("strict_f1", "relaxed_f1", "value_f1", "value_f1_lenient", "type_f1", "value_f1_dev_half"):
        assert 0.0 <= metrics[name] <= 1.0
    assert metrics["value_f1_lenient"] >= metrics["value_f1"]
    assert result["peers"]["HeidelTime (published)"] == {"value_f1": 0.7761}
