"""The SemEval-2015 Task 4 TimeLine scorer and helpers (bench/timeline.py) on small hand-made cases."""

from __future__ import annotations

import pytest

from bench.common import has_datasets
from bench.timeline import (
    AFTER,
    BEFORE,
    SIMULTANEOUS,
    UNKNOWN,
    Awareness,
    Found,
    Line,
    Timeline,
    anchor_of,
    build_graph,
    build_timeline,
    format_timeline,
    name_variants,
    parse_cat,
    parse_timeline,
    score_corpus,
    score_timeline,
    timeline_file_name,
    timeline_tlinks,
)


def tl(*rows: tuple[int, str, str | tuple[str, ...]]) -> Timeline:
    """A timeline from ``(position, anchor, mention or mentions)`` rows."""
    return Timeline("X", tuple(Line(p, a, (e,) if isinstance(e, str) else tuple(e)) for p, a, e in rows))


GOLD = tl((1, "2005-01-18", "1-2-launched"), (2, "2006-10-05", "2-3-delayed"), (3, "2007-10-25", "3-1-delivered"))


def prf(a: Awareness) -> tuple[float, float, float]:
    m = a.prf()
    return m["precision"], m["recall"], m["f1"]


# --- the official conversion -----------------------------------------------------------------------


def test_tlinks_anchor_links_first_then_the_chain():
    assert timeline_tlinks(GOLD) == [
        ("e:1-2-launched#0", "t:2005-01-18", SIMULTANEOUS),
        ("e:2-3-delayed#0", "t:2006-10-05", SIMULTANEOUS),
        ("e:3-1-delivered#0", "t:2007-10-25", SIMULTANEOUS),
        ("e:1-2-launched#0", "e:2-3-delayed#0", BEFORE),
        ("e:2-3-delayed#0", "e:3-1-delivered#0", BEFORE),
    ]
    assert timeline_tlinks(GOLD, anchors=False) == timeline_tlinks(GOLD)[3:]


def test_tlinks_sort_lines_naturally_and_drop_position_zero():
    timeline = tl((10, "2009-01-01", "b"), (0, UNKNOWN, "z"), (9, "2008-01-01", "a"), (9, "2008-01-01", ("c", "d")))
    chain = timeline_tlinks(timeline, anchors=False)
    assert chain == [("e:a#0", "e:c#0", SIMULTANEOUS), ("e:c#0", "e:d#0", SIMULTANEOUS), ("e:d#0", "e:b#0", BEFORE)]
    assert all("e:z#0" not in r for r in timeline_tlinks(timeline))  # position 0 is never scored


def test_a_repeated_mention_is_a_new_node_each_time():
    timeline = tl((1, "2001-XX-XX", "m"), (2, "2002-XX-XX", "m"))
    assert timeline_tlinks(timeline, anchors=False) == [("e:m#0", "e:m#1", BEFORE)]


def test_graph_keeps_redundant_relations_out_and_violated_ones_in():
    graph = build_graph(
        [("a", "t", SIMULTANEOUS), ("b", "t", SIMULTANEOUS), ("a", "b", SIMULTANEOUS), ("b", "c", BEFORE), ("c", "a", BEFORE)]
    )
    assert graph.redundant == [("a", "b", SIMULTANEOUS)]  # implied through t
    assert graph.violated == [("c", "a", BEFORE)]  # a = b < c
    assert graph.holds(("a", "c", BEFORE)) and graph.holds(("c", "t", AFTER)) and not graph.holds(("c", "a", BEFORE))
    assert len(graph.final) == 4  # 3 kept + 1 violated


def test_gold_sharing_an_anchor_across_positions_has_a_violated_relation():
    gold = tl((1, "2009-02-20", "lost"), (2, "2009-02-20", "closing"))
    graph = build_graph(timeline_tlinks(gold))
    assert graph.violated == [("e:lost#0", "e:closing#0", BEFORE)]
    assert prf(score_timeline(gold, gold)) == (1.0, 1.0, 1.0)


# --- temporal awareness ----------------------------------------------------------------------------


def test_identical_timelines_score_one():
    assert prf(score_timeline(GOLD, GOLD)) == (1.0, 1.0, 1.0)
    assert prf(score_timeline(GOLD, GOLD, anchors=False)) == (1.0, 1.0, 1.0)


def test_reversed_order_scores_zero():
    gold = tl((1, "2005-01-18", "a"), (2, "2006-10-05", "b"))
    assert prf(score_timeline(gold, tl((1, "2005-01-18", "b"), (2, "2006-10-05", "a")))) == (0.0, 0.0, 0.0)
    order_only = tl((1, "d", "3-1-delivered"), (2, "d", "2-3-delayed"), (3, "d", "1-2-launched"))
    assert prf(score_timeline(GOLD, order_only, anchors=False)) == (0.0, 0.0, 0.0)
    # the same events in the same order but the dates swapped: order and the middle anchor right
    swapped = tl((1, "2007-10-25", "1-2-launched"), (2, "2006-10-05", "2-3-delayed"), (3, "2005-01-18", "3-1-delivered"))
    assert score_timeline(GOLD, swapped) == Awareness(system=5, system_right=3, gold=5, gold_found=3)


def test_a_missing_event_lowers_recall_only():
    system = tl((1, "2005-01-18", "1-2-launched"), (3, "2007-10-25", "3-1-delivered"))
    counts = score_timeline(GOLD, system)
    # system: launched = t1, delivered = t3, launched < delivered: all implied by the gold closure
    # gold: 3 anchor links + 2 BEFORE; found: the two anchors the system has
    assert counts == Awareness(system=3, system_right=3, gold=5, gold_found=2)
    assert prf(counts)[:2] == (1.0, 0.4)


def test_a_wrong_anchor_costs_its_link_only():
    system = tl((1, "2005-01-18", "1-2-launched"), (2, "2006-10-XX", "2-3-delayed"), (3, "2007-10-25", "3-1-delivered"))
    counts = score_timeline(GOLD, system)
    assert counts == Awareness(system=5, system_right=4, gold=5, gold_found=4)


def test_coreferent_mentions_count_as_events_of_their_line():
    gold = tl((1, "2005-06-13", ("won", "wins")), (2, "2006-01-01", "sold"))
    system = tl((1, "2005-06-13", "won"), (2, "2006-01-01", "sold"))
    counts = score_timeline(gold, system)
    assert counts.system_right == counts.system  # everything the system says holds
    assert counts.gold_found < counts.gold  # "wins" and its link are missed


def test_position_zero_lines_neither_help_nor_hurt():
    noisy = Timeline("X", (Line(0, UNKNOWN, ("junk",)), *GOLD.lines))
    assert score_timeline(GOLD, noisy) == score_timeline(GOLD, GOLD)


def test_anchor_strings_must_match_exactly():
    gold = tl((1, "2005-XX-XX", ("a", "b")))
    # a = b is implied by both anchor links, so it is not in the reduced graph: only the links are scored,
    # and "2005" is another TIMEX3 than "2005-XX-XX"
    assert build_graph(timeline_tlinks(gold)).redundant == [("e:a#0", "e:b#0", SIMULTANEOUS)]
    assert prf(score_timeline(gold, tl((1, "2005", ("a", "b"))))) == (0.0, 0.0, 0.0)
    assert prf(score_timeline(gold, tl((1, "2005-XX-XX", ("a", "b"))))) == (1.0, 1.0, 1.0)


def test_missing_system_timeline_and_micro_average():
    total = score_corpus({"X": GOLD, "Y": tl((1, "2001-XX-XX", "q"))}, {"X": GOLD})
    assert total == Awareness(system=5, system_right=5, gold=6, gold_found=5)
    assert prf(score_timeline(GOLD, None)) == (0.0, 0.0, 0.0)


# --- files -----------------------------------------------------------------------------------------


def test_timeline_format_round_trip_and_file_name():
    text = "Airbus\n0\tXXXX-XX-XX\t1173-12-owned\n4\t2005-06-13\t11716-2-won\t11716-0-wins\n"
    timeline = parse_timeline(text)
    assert timeline.entity == "Airbus"
    assert timeline.lines[1] == Line(4, "2005-06-13", ("11716-2-won", "11716-0-wins"))
    assert format_timeline(timeline) == text
    assert timeline_file_name("S&P 500") == "s&p_500.txt"
    assert timeline_file_name("Boeing 787 Dreamliner") == "boeing_787_dreamliner.txt"


CAT = """<?xml version="1.0" ?><Document doc_id="3307" doc_name="x.txt">
<token number="0" sentence="0" t_id="1">Airbus</token>
<token number="1" sentence="0" t_id="2">launches</token>
<token number="2" sentence="1" t_id="3">It</token>
<token number="3" sentence="1" t_id="4">'s</token>
<token number="4" sentence="1" t_id="5">job</token>
<token number="5" sentence="1" t_id="6">cuts</token>
<token number="6" sentence="1" t_id="7">(</token>
<token number="7" sentence="1" t_id="8">10,000</token>
<token number="8" sentence="1" t_id="9">)</token>
<token number="9" sentence="1" t_id="10">.</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2005-01-18"></TIMEX3>
<EVENT_MENTION m_id="2"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="3"><token_anchor t_id="5"/><token_anchor t_id="6"/></EVENT_MENTION>
</Markables>
</Document>"""


def test_parse_cat_rebuilds_text_with_offsets():
    doc = parse_cat(CAT)
    assert doc.doc_id == "3307" and doc.dct == "2005-01-18"
    assert doc.text == "Airbus launches\n\nIt's job cuts (10,000)."
    assert all(doc.text[t.start : t.end] == t.text for t in doc.tokens)
    assert [doc.mention_id(e) for e in doc.events] == ["3307-0-launches", "3307-1-job_cuts"]


# --- system helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("en")


def test_name_variants(blank):
    def words(name: str, **kw: bool) -> set[str]:
        return {" ".join(v) for v in name_variants(name, blank, **kw)[0]}

    assert {"ftse 100 index", "ftse 100", "ftse"} <= words("FTSE 100 index")
    assert {"dow jones", "dow"} <= words("Dow Jones Industrial Average")
    assert {"a380"} <= words("Airbus A380")
    assert {"787", "dreamliner", "787 dreamliner"} <= words("Boeing 787 Dreamliner")
    assert "iphone" not in words("iPhone 4")  # a product's number is not dropped
    assert {"dollar", "federal reserve"} <= words("US Dollar") | words("US Federal Reserve")
    assert "daimlerchrysler" in words("Daimler Chrysler")
    assert "gallois" in words("Louis Gallois", person=True)
    assert name_variants("General Motors", blank)[1] == {"GM"}
    assert name_variants("General Motors creditors", blank)[1] == set()


def test_anchor_of_timex_values():
    assert anchor_of("2008-06-09", None) == "2008-06-09"
    assert anchor_of("2008-06-09TEV", None) == "2008-06-09"
    assert anchor_of("2008-06", None) == "2008-06-XX"
    assert anchor_of("2008", None) == "2008-XX-XX"
    assert anchor_of("2008-Q3", None) == "2008-XX-XX"
    assert anchor_of("2010-W23", None) == "2010-06-XX"
    assert anchor_of("PRESENT_REF", "2010-06-08") == "2010-06-08"
    assert anchor_of("P3Y", None) is None and anchor_of("199", None) is None and anchor_of(None, None) is None


def test_build_timeline_orders_by_anchor_partial_dates_first():
    found = Found()
    for mention, anchor, order in [("d", "2007-02-28", (0, 1)), ("y", "2007-XX-XX", (0, 2)), ("u", None, (0, 3)),
                                   ("s", "2007-02-28", (1, 4)), ("m", "2007-10-XX", (2, 0))]:  # fmt: skip
        found.add(mention, anchor, order)
    found.add("d", "1999-XX-XX", (5, 5))  # first anchor kept
    assert build_timeline("X", found).lines == (
        Line(0, UNKNOWN, ("u",)),
        Line(1, "2007-XX-XX", ("y",)),
        Line(2, "2007-02-28", ("d",)),
        Line(2, "2007-02-28", ("s",)),
        Line(3, "2007-10-XX", ("m",)),
    )


# --- data ------------------------------------------------------------------------------------------


@pytest.mark.skipif(not has_datasets(), reason="gold datasets not found (set SITROOM_DATASETS)")
def test_gold_against_itself_and_against_nothing():
    from bench.timeline import CORPORA, data_dir, load_corpus

    if not (data_dir() / "test").is_dir():
        pytest.skip("semeval2015-timeline-wikinews not present")
    targets = 0
    for name in CORPORA:
        corpus = load_corpus(name)
        targets += len(corpus.targets)
        assert len(corpus.documents) == len(corpus.documents_b) == 30
        assert prf(score_corpus(corpus.gold, corpus.gold)) == (1.0, 1.0, 1.0)
        assert prf(score_corpus(corpus.gold, {})) == (0.0, 0.0, 0.0)
    assert targets == 38


@pytest.mark.slow
@pytest.mark.skipif(not has_datasets(), reason="gold datasets not found (set SITROOM_DATASETS)")
def test_quick_run_end_to_end():
    from bench.timeline import PUBLISHED_TRACK_A_BEST_F1, TASK, run

    [result] = run(quick=True)
    assert result["task"] == TASK and result["quick"] is True
    metrics = result["metrics"]
    for name in ("trackA_precision", "trackA_recall", "trackA_f1", "trackB_f1", "trackA_f1_corpus_1", "trackA_f1_trial_dev"):
        assert 0.0 <= metrics[name] <= 1.0
    assert metrics["trackA_f1"] > 0.0 and metrics["trackB_f1"] > 0.0
    assert result["peers"]["best Track A run, SemEval-2015 (published)"] == {"trackA_f1": PUBLISHED_TRACK_A_BEST_F1}
