"""find_times / resolve: TIMEX3 types and values resolved against the publication date (sitroom.time.v2)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sitroom.extract.time import find_times, resolve
from sitroom.model import DateValue

PUBLISHED = DateValue("2017-07-14", "day", "metadata")  # a Friday


@pytest.fixture(scope="module")
def seed_times(nlp, seed_victory_text):
    return find_times(nlp(seed_victory_text), "seed", PUBLISHED)


@pytest.fixture(scope="module")
def seed_times_undated(nlp, seed_victory_text):
    return find_times(nlp(seed_victory_text), "seed", None)


def _by_text(refs, text):
    found = [r for r in refs if r.text.lower() == text.lower()]
    assert found, f"no TimeRef {text!r} in {[r.text for r in refs]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "provenance"),
    [
        ("earlier this week", "2017-W28", "resolved"),
        ("October 2016", "2016-10", "stated"),
        ("Tuesday", "2017-07-11", "resolved"),
        ("June 2014", "2014-06", "stated"),
        ("Early last week", "2017-W27", "resolved"),
        ("last October", "2016-10", "resolved"),
        ("June", "2017-06", "resolved"),  # "In June, the government announced..."
        ("March 31, 2019", "2019-03-31", "stated"),
        ("later this year", "2017", "resolved"),
        ("last week", "2017-W27", "resolved"),
        ("this week", "2017-W28", "resolved"),
        ("2014", "2014", "stated"),  # "Between 2014 and when...": preposition trimmed
    ],
)
def test_time_seed_values(seed_times, text, value, provenance):
    ref = _by_text(seed_times, text)
    assert (ref.value, ref.provenance) == (value, provenance)


def test_time_seed_parts_of_a_period_are_the_period_with_a_mod(seed_times):
    # TimeML 1.2.1 mod: "late May" is May with mod END, not a range of days
    late_may = _by_text(seed_times, "late May")
    assert (late_may.value, late_may.precision, late_may.mod, late_may.provenance) == ("2017-05", "month", "END", "resolved")
    early = _by_text(seed_times, "Early last week")
    assert (early.value, early.precision, early.mod) == ("2017-W27", "week", "START")
    assert _by_text(seed_times, "earlier this week").mod is None  # before now in this week, not its start
    assert _by_text(seed_times, "almost nine months").mod == "LESS_THAN"
    assert _by_text(seed_times, "October 2016").mod is None


def test_time_spans_point_into_text(seed_times, seed_victory_text):
    assert seed_times
    for ref in seed_times:
        assert seed_victory_text[ref.span.start : ref.span.end] == ref.text
        assert not ref.text.lower().startswith(("in ", "between ", "on "))


def test_time_durations_have_iso_values(seed_times):
    for text, value, precision in (("almost nine months", "P9M", "month"), ("one week", "P1W", "week")):
        ref = _by_text(seed_times, text)
        assert (ref.type, ref.value, ref.precision, ref.provenance) == ("DURATION", value, precision, "stated")
        assert ref.rule.endswith("duration")


def test_time_anchored_to_another_event_is_the_duration(seed_times):
    ref = _by_text(seed_times, "three years")  # "three years after ISIS seized the city"
    assert (ref.type, ref.value, ref.provenance) == ("DURATION", "P3Y", "stated") and ref.rule.endswith("anchored")


def test_time_points_are_dates(seed_times):
    for text in ("earlier this week", "October 2016", "late May", "March 31, 2019"):
        assert _by_text(seed_times, text).type == "DATE"


def test_time_without_publication_date(seed_times_undated):
    for text in ("earlier this week", "Tuesday", "last October", "June", "later this year", "late May"):
        ref = _by_text(seed_times_undated, text)
        assert ref.value is None and ref.provenance is None
    for text, value in (("October 2016", "2016-10"), ("March 31, 2019", "2019-03-31"), ("June 2014", "2014-06"), ("almost nine months", "P9M")):
        ref = _by_text(seed_times_undated, text)
        assert (ref.value, ref.provenance) == (value, "stated")


def test_time_date_free_sentence_gives_nothing(nlp):
    assert find_times(nlp("The fighters crossed the river and the town fell silent."), "d", PUBLISHED) == []


def _full(expected):
    """A ``resolve`` result written without its mod means mod ``None``."""
    return (*expected, None) if expected is not None and len(expected) == 3 else expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("In June", ("2017-06", "month", "resolved")),
        ("in July", ("2017-07", "month", "resolved")),
        ("yesterday", ("2017-07-13", "day", "resolved")),
        ("two days ago", ("2017-07-12", "day", "resolved")),
        ("last month", ("2017-06", "month", "resolved")),
        ("on Friday", ("2017-07-14", "day", "resolved")),
        ("last Friday", ("2017-07-07", "day", "resolved")),
        ("mid-2014", ("2014", "year", "stated", "MID")),
        ("the 1990s", ("199", "decade", "stated")),
        ("summer 2016", ("2016-SU", "season", "stated")),
        ("14 July, 2017", ("2017-07-14", "day", "stated")),
        ("September last year", ("2016-09", "month", "resolved")),
        ("nine months", ("P9M", "month", "stated")),
        ("the next day", None),  # no earlier date to count from
        ("", None),
        ("(((((((((((((((((((((((((((((((((((((((", None),
    ],
)
def test_time_resolve_table(expression, expected):
    assert resolve(expression, dt.date(2017, 7, 14)) == _full(expected)


def test_time_resolve_future_tense_points_forward():
    assert resolve("Tuesday", dt.date(2017, 7, 14), future=True) == ("2017-07-18", "day", "resolved", None)
    assert resolve("in October", dt.date(2017, 7, 14), future=True) == ("2017-10", "month", "resolved", None)


# Generalisation: sentences from Wikinews articles (CC BY 2.5) not used to write the rules.


def test_time_wikinews_weekday_and_month_day(nlp):
    # enwikinews-100881, published 2008-03-01 (a Saturday)
    text = "A Chaldean Catholic archbishop was kidnapped from the Iraqi city of Mosul Friday after a shootout killed three of his aides."
    refs = find_times(nlp(text), "enwikinews-100881", DateValue("2008-03-01", "day", "metadata"))
    assert [(r.text, r.value) for r in refs] == [("Friday", "2008-02-29")]


def test_time_wikinews_month_day_without_year(nlp):
    # enwikinews-98509, published 2008-02-03
    text = (
        "Gunmen in Gaza blew open sections of the border barricade on January 23, days after Israel "
        "began imposing a near-total blockade on the territory."
    )
    refs = find_times(nlp(text), "enwikinews-98509", DateValue("2008-02-03", "day", "metadata"))
    assert ("January 23", "2008-01-23", "resolved") in [(r.text, r.value, r.provenance) for r in refs]


# --- TIMEX3 conventions (sentences written for these tests) --------------------------------------

PUB = DateValue("2013-03-22", "day", "metadata")  # a Friday; ISO week 12, first quarter
DCT = dt.date(2013, 3, 22)


def _refs(nlp, text, published=PUB):
    return find_times(nlp(text), "t", published)


def _table(refs):
    return [(r.text, r.type, r.value) for r in refs]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # durations: TimeML 1.2.1 DURATION values; vague counts take X (HeidelTime duration_r1c)
        ("several days", ("PXD", "day", "stated")),
        ("recent weeks", ("PXW", "week", "stated")),
        ("the past two years", ("P2Y", "year", "stated")),
        ("the next few months", ("PXM", "month", "stated")),
        ("two and a half years", ("P2.5Y", "year", "stated")),
        ("half an hour", ("PT30M", "time", "stated")),
        ("24 hours", ("PT24H", "time", "stated")),
        ("a decade", ("P10Y", "decade", "stated")),
        ("decades", ("PXDE", "decade", "stated")),
        ("a four-week", ("P4W", "week", "stated")),
        ("multi-year", ("PXY", "year", "stated")),
        ("year-long", ("P1Y", "year", "stated")),
        ("the final seconds", None),  # a determiner and no count: no length is said
        # "the last week" is a date, "the last two weeks" a duration (HeidelTime date_r17a, duration_r2a)
        ("the last week", ("2013-W11", "week", "resolved")),
        ("the past month", ("2013-02", "month", "resolved")),
        ("the last two weeks", ("P2W", "week", "stated")),
        # sets: the value is the period (TimeML 1.2.1)
        ("every week", ("P1W", "week", "stated")),
        ("every two years", ("P2Y", "year", "stated")),
        ("twice a month", ("P1M", "month", "stated")),
        ("daily", ("P1D", "day", "stated")),
        ("every Tuesday", ("XXXX-WXX-2", "day", "stated")),
        # reference words
        ("now", ("PRESENT_REF", None, "resolved")),
        ("currently", ("PRESENT_REF", None, "resolved")),
        ("the past", ("PAST_REF", None, "resolved")),
        ("the near future", ("FUTURE_REF", None, "resolved")),
        ("the coming weeks", ("FUTURE_REF", None, "resolved")),
        # quarters, halves, fiscal years
        ("the fourth quarter of 2012", ("2012-Q4", "quarter", "stated")),
        ("2012's third quarter", ("2012-Q3", "quarter", "stated")),
        ("Q2 2011", ("2011-Q2", "quarter", "stated")),
        ("last quarter", ("2012-Q4", "quarter", "resolved")),
        ("this quarter", ("2013-Q1", "quarter", "resolved")),
        ("the second quarter of last year", ("2012-Q2", "quarter", "resolved")),
        ("the first half of 2010", ("2010-H1", "half", "stated")),
        ("fiscal 2014", ("2014", "year", "stated")),
        ("this fiscal year", ("2013", "year", "resolved")),
        # decades and centuries: TIMEX3 truncated years
        ("the 2000s", ("200", "decade", "stated")),
        ("the '80s", ("198", "decade", "stated")),
        ("the sixties", ("196", "decade", "stated")),
        ("the 19th century", ("18", "century", "stated")),
        ("the twenty-first century", ("20", "century", "stated")),
        ("three decades ago", ("198", "decade", "resolved")),
        # weeks and weekends
        ("last weekend", ("2013-W11-WE", "week", "resolved")),
        ("next week", ("2013-W13", "week", "resolved")),
        # times of day
        ("last night", ("2013-03-21TNI", "time", "resolved")),
        ("this morning", ("2013-03-22TMO", "time", "resolved")),
        ("tomorrow afternoon", ("2013-03-23TAF", "time", "resolved")),
        ("Tuesday evening", ("2013-03-19TEV", "time", "resolved")),
        ("10:30 a.m.", ("2013-03-22T10:30", "time", "resolved")),
        ("8 pm", ("2013-03-22T20:00", "time", "resolved")),
        ("noon", ("2013-03-22T12:00", "time", "resolved")),
    ],
)
def test_time_resolve_timex3_conventions(expression, expected):
    assert resolve(expression, DCT) == _full(expected)


@pytest.mark.parametrize("expression", ["now", "the coming weeks", "last quarter", "this morning", "8 pm"])
def test_time_resolve_relative_needs_publication_date(expression):
    assert resolve(expression, None) is None


@pytest.mark.parametrize(
    ("expression", "tense", "value"),
    [
        ("January", "past", "2013-01"),
        ("January", "future", "2014-01"),
        ("January", None, "2013-01"),
        ("October", "past", "2012-10"),
        ("October", "future", "2013-10"),
        ("October", None, "2013-10"),  # present or no tense: the publication year
        ("the third quarter", "past", "2012-Q3"),
        ("the third quarter", None, "2013-Q3"),
    ],
)
def test_time_resolve_year_from_tense(expression, tense, value):
    assert resolve(expression, DCT, tense=tense)[0] == value


def test_time_a_day_just_before_publication_in_the_future_tense_is_the_same_year():
    """Written a little before it was published: "There will be no operation from August 31"
    in an article of September 1 is that August 31, not next year's."""
    assert resolve("August 31", dt.date(2008, 9, 1), tense="future")[0] == "2008-08-31"
    assert resolve("December 28", dt.date(2009, 1, 2), tense="future")[0] == "2008-12-28"
    assert resolve("August 20", dt.date(2008, 9, 1), tense="future")[0] == "2009-08-20"  # twelve days: next year's


def test_time_tense_of_the_governing_verb(nlp):
    text = (
        "The plant closed in October. The new plant will open in October. "
        "The festival is held in October. The council wants the works to end in October."
    )
    assert [r.value for r in _refs(nlp, text)] == ["2012-10", "2013-10", "2013-10", "2013-10"]


def test_time_types_in_a_report(nlp):
    text = (
        "The convoy has travelled every week since last year, and the council meets twice a year. "
        "Last night the shelling lasted for several hours."
    )
    assert _table(_refs(nlp, text)) == [
        ("every week", "SET", "P1W"),
        ("last year", "DATE", "2012"),
        ("twice a year", "SET", "P1Y"),
        ("Last night", "TIME", "2013-03-21TNI"),
        ("several hours", "DURATION", "PTXH"),
    ]


def test_time_anchored_to_a_date_of_the_text(nlp):
    text = (
        "Rebels seized the airport on 3 March 2011. Two days later the army struck back, "
        "and the next day the rebels withdrew. A year earlier the city had been calm."
    )
    expected = [
        ("3 March 2011", "DATE", "2011-03-03", "stated"),
        ("Two days later", "DATE", "2011-03-05", "resolved"),
        ("the next day", "DATE", "2011-03-06", "resolved"),
        ("A year earlier", "DATE", "2010", "resolved"),
    ]
    for published in (PUB, None):  # a date of the text needs no publication date
        assert [(r.text, r.type, r.value, r.provenance) for r in _refs(nlp, text, published)] == expected


def test_time_anchored_without_an_earlier_date(nlp):
    refs = _refs(nlp, "Two days later the army struck back, and the next day the rebels withdrew.")
    assert [(r.text, r.type, r.value) for r in refs] == [("Two days", "DURATION", "P2D"), ("the next day", "DATE", None)]
    assert refs[1].rule.endswith("anchored")


def test_time_anchored_to_an_event_keeps_the_duration_only(nlp):
    text = "The rains came about a month earlier than usual, four years after the dam was built."
    assert _table(_refs(nlp, text)) == [("a month", "DURATION", "P1M"), ("four years", "DURATION", "P4Y")]


def test_time_from_now_is_a_duration_and_now(nlp):
    text = "The bridge should be finished ten years from now, officials said."
    assert _table(_refs(nlp, text)) == [("ten years", "DURATION", "P10Y"), ("now", "DATE", "PRESENT_REF")]


def test_time_reference_words(nlp):
    text = "Officials are now assessing the damage. The camp currently holds 5,000 people, more than ever in the past."
    assert _table(_refs(nlp, text)) == [
        ("now", "DATE", "PRESENT_REF"),
        ("currently", "DATE", "PRESENT_REF"),
        ("the past", "DATE", "PAST_REF"),
    ]
    assert [r.value for r in _refs(nlp, text, None)] == [None, None, None]


def test_time_ranges_are_two_expressions(nlp):
    text = (
        "The truce held between 2014 and 2016 and again in 2009-2010. "
        "Talks ran on July 3-5, 2012 and from March to May 2011."
    )
    assert [(r.text, r.value) for r in _refs(nlp, text)] == [
        ("2014", "2014"),
        ("2016", "2016"),
        ("2009", "2009"),
        ("2010", "2010"),
        ("July 3", "2012-07-03"),
        ("5, 2012", "2012-07-05"),
        ("March", "2011-03"),
        ("May 2011", "2011-05"),
    ]


def test_time_clock_times_take_their_day(nlp):
    text = (
        "Shelling began on Tuesday night at 9 p.m. and stopped at 6:30 a.m. Wednesday. "
        "Yesterday morning the roads reopened."
    )
    assert _table(_refs(nlp, text)) == [
        ("Tuesday night", "TIME", "2013-03-19TNI"),
        ("9 p.m.", "TIME", "2013-03-19T21:00"),
        ("6:30 a.m.", "TIME", "2013-03-20T06:30"),
        ("Wednesday", "DATE", "2013-03-20"),
        ("Yesterday morning", "TIME", "2013-03-21TMO"),
    ]


def test_time_sets_in_text(nlp):
    text = "Markets open on Mondays, and the aid flight lands every Thursday."
    assert _table(_refs(nlp, text)) == [("Mondays", "SET", "XXXX-WXX-1"), ("every Thursday", "SET", "XXXX-WXX-4")]


def test_time_ages_are_not_time_expressions(nlp):
    text = "A 35-year-old man and his son, aged 6 months, were hurt; children ages 5 years and older were evacuated. She is in her 20s."
    assert _refs(nlp, text) == []


def test_time_determiner_outside_the_entity_is_taken_in(nlp):
    refs = _refs(nlp, "This year's harvest failed, the ministry said.")
    assert (refs[0].text, refs[0].value) == ("This year", "2013")


def test_time_spans_point_into_text_for_every_type(nlp):
    text = (
        "Over the past two years, and every week since March 3-5, 2012, aid has come at 8 p.m. on Fridays; "
        "ten years from now, officials said, the camp will close. Two days later it rained."
    )
    refs = _refs(nlp, text)
    assert {r.type for r in refs} == {"DATE", "TIME", "DURATION", "SET"}
    for ref in refs:
        assert text[ref.span.start : ref.span.end] == ref.text


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Christmas Day 2012", ("2012-12-25", "day", "stated")),
        ("last Christmas", ("2012-12-25", "day", "resolved")),
        ("Easter 2013", ("2013-03-31", "day", "stated")),  # Western Easter, computed
        ("Thanksgiving 2012", ("2012-11-22", "day", "stated")),  # fourth Thursday of November
        ("3/14/2012", ("2012-03-14", "day", "stated")),  # month first (HeidelTime date_r0c)
        ("14/3/2012", ("2012-03-14", "day", "stated")),  # day first when the first number cannot be a month
        ("the past decade", ("P10Y", "decade", "stated")),
        ("this decade", ("201", "decade", "resolved")),
        ("the morning of March 5", ("2013-03-05TMO", "time", "resolved")),
        ("the end of the month", ("2013-03", "month", "resolved", "END")),
    ],
)
def test_time_resolve_holidays_numeric_dates_and_units(expression, expected):
    assert resolve(expression, DCT) == _full(expected)


def test_time_definite_unit_in_a_past_narrative_is_the_text_s(nlp):
    text = "The outbreak began in early December 2011 and peaked by the end of the year. Cases will fall by the end of the year."
    refs = _refs(nlp, text)
    assert [(r.text, r.value, r.mod) for r in refs] == [
        ("early December 2011", "2011-12", "START"),
        ("the end of the year", "2011", "END"),  # past tense: the year the text was telling
        ("the end of the year", "2013", "END"),  # future: the publication year
    ]


def test_time_an_age_before_a_date_is_left_out(nlp):
    refs = _refs(nlp, "She turned 60 last month, her office said.")
    assert [(r.text, r.value) for r in refs] == [("last month", "2013-02")]


# --- TIMEX3 mod: parts of a period, seasons, bounds (TimeML 1.2.1 / TIDES 2005 MOD) --------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # parts of a period: the period's own value and precision, with mod START/MID/END
        ("early December", ("2013-12", "month", "resolved", "START")),  # no tense: the publication year
        ("late May 2012", ("2012-05", "month", "stated", "END")),
        ("mid-2014", ("2014", "year", "stated", "MID")),
        ("early 2015", ("2015", "year", "stated", "START")),
        ("the end of 2012", ("2012", "year", "stated", "END")),
        ("the beginning of the year", ("2013", "year", "resolved", "START")),
        ("the middle of next month", ("2013-04", "month", "resolved", "MID")),
        ("early this year", ("2013", "year", "resolved", "START")),
        ("late last July", ("2012-07", "month", "resolved", "END")),
        ("the early 1990s", ("199", "decade", "stated", "START")),
        ("the mid-1980s", ("198", "decade", "stated", "MID")),
        ("the late 19th century", ("18", "century", "stated", "END")),
        ("the end of the first quarter", ("2013-Q1", "quarter", "resolved", "END")),
        ("early next week", ("2013-W13", "week", "resolved", "START")),
        ("late last night", ("2013-03-21TNI", "time", "resolved", "END")),
        ("the first half of 2010", ("2010-H1", "half", "stated")),  # a half is its own value, no mod
        ("later this year", ("2013", "year", "resolved")),  # after now, not the year's end
        # seasons: TIMEX3 season values
        ("summer 2016", ("2016-SU", "season", "stated")),
        ("the autumn of 2011", ("2011-FA", "season", "stated")),
        ("last winter", ("2012-WI", "season", "resolved")),  # the winter that began in December 2012
        ("next summer", ("2013-SU", "season", "resolved")),
        ("early summer 2016", ("2016-SU", "season", "stated", "START")),
        ("each winter", ("XXXX-WI", "season", "stated")),
        # bounds and approximations on durations
        ("more than three years", ("P3Y", "year", "stated", "MORE_THAN")),
        ("about two weeks", ("P2W", "week", "stated", "APPROX")),
        ("approximately six months", ("P6M", "month", "stated", "APPROX")),
        ("two weeks or so", ("P2W", "week", "stated", "APPROX")),
        ("nearly a decade", ("P10Y", "decade", "stated", "LESS_THAN")),
        ("almost seven years", ("P7Y", "year", "stated", "LESS_THAN")),
        ("less than 2 hours", ("PT2H", "time", "stated", "LESS_THAN")),
        ("at least 10 days", ("P10D", "day", "stated", "EQUAL_OR_MORE")),
        ("no more than 60 days", ("P60D", "day", "stated", "EQUAL_OR_LESS")),
        ("up to five years", ("P5Y", "year", "stated", "EQUAL_OR_LESS")),
        ("just over two years", ("P2Y", "year", "stated", "MORE_THAN")),
        ("over two days", ("P2D", "day", "stated")),  # "spread over two days": no bound
        ("the past two years", ("P2Y", "year", "stated")),
        # bounds on points reached by a distance
        ("more than a decade ago", ("200", "decade", "resolved", "BEFORE")),
        ("less than a year ago", ("2012", "year", "resolved", "AFTER")),
        ("no less than a year ago", ("2012", "year", "resolved", "ON_OR_BEFORE")),
        ("no more than a year ago", ("2012", "year", "resolved", "ON_OR_AFTER")),
        ("about two years ago", ("2011", "year", "resolved", "APPROX")),
        ("nearly three weeks ago", ("2013-W09", "week", "resolved", "APPROX")),
        ("approximately 8 p.m.", ("2013-03-22T20:00", "time", "resolved", "APPROX")),
    ],
)
def test_time_resolve_mod(expression, expected):
    assert resolve(expression, DCT) == _full(expected)


def test_time_resolve_mod_of_an_offset_from_a_date_of_the_text(nlp):
    text = "The dam broke on 3 March 2011. More than two years later the valley was rebuilt."
    assert [(r.text, r.value, r.mod) for r in _refs(nlp, text)] == [
        ("3 March 2011", "2011-03-03", None),
        ("More than two years later", "2013", "AFTER"),
    ]


def test_time_parts_of_periods_in_text(nlp):
    text = (
        "The dam was finished in early 2011, the floods came in mid-June and the harvest failed in late October 2012. "
        "Prices rose at the beginning of the month and, in the late 1990s, fell by the middle of 2012."
    )
    assert [(r.text, r.value, r.precision, r.mod) for r in _refs(nlp, text)] == [
        ("early 2011", "2011", "year", "START"),
        ("mid-June", "2012-06", "month", "MID"),  # past tense: the last June before March 2013
        ("late October 2012", "2012-10", "month", "END"),
        ("the beginning of the month", "2012-10", "month", "START"),  # past narrative: the month the text was telling
        ("the late 1990s", "199", "decade", "END"),
        ("the middle of 2012", "2012", "year", "MID"),
    ]


def test_time_seasons_in_text(nlp):
    text = "The camp opened in the summer of 2010, grew last winter and will close next summer."
    assert [(r.text, r.value, r.precision, r.mod) for r in _refs(nlp, text)] == [
        ("the summer of 2010", "2010-SU", "season", None),
        ("last winter", "2012-WI", "season", None),  # December 2012 to February 2013
        ("next summer", "2013-SU", "season", None),
    ]


def test_time_bounds_inside_the_extent_set_mod(nlp):
    text = (
        "The siege lasted more than three years; talks took about two weeks and the truce held for nearly a decade. "
        "Aid flights were spread over two days, and fighting stopped for at least 10 days."
    )
    assert [(r.text, r.type, r.value, r.mod) for r in _refs(nlp, text)] == [
        ("more than three years", "DURATION", "P3Y", "MORE_THAN"),
        ("two weeks", "DURATION", "P2W", None),  # "about" stays outside the extent (TempEval-3 gold: about <TIMEX3>a month</TIMEX3>)
        ("nearly a decade", "DURATION", "P10Y", "LESS_THAN"),
        ("two days", "DURATION", "P2D", None),
        ("at least 10 days", "DURATION", "P10D", "EQUAL_OR_MORE"),
    ]


def test_time_bounds_on_points_in_text(nlp):
    text = "The town fell more than a decade ago; the market reopened less than a year ago, at approximately 8 p.m."
    assert [(r.text, r.type, r.value, r.mod) for r in _refs(nlp, text)] == [
        ("more than a decade ago", "DATE", "200", "BEFORE"),
        ("less than a year ago", "DATE", "2012", "AFTER"),
        ("approximately 8 p.m.", "TIME", "2013-03-22T20:00", "APPROX"),
    ]


def test_time_every_rule_pattern_defines_the_groups_its_function_reads():
    """A rule whose function reads a group its pattern lacks crashes on the text that matches
    it ("the last quarter of 2012" once raised IndexError on a Wikinews article)."""
    import inspect
    import re as _re

    from sitroom.extract import time as timemod

    def read_groups(func, seen=()):
        source = inspect.getsource(func)
        names = set(_re.findall(r"""\bm\.group\(["'](\w+)["']\)""", source))
        for helper in _re.findall(r"\b(_[a-z_]+)\(m\b", source):  # helpers given the match
            target = getattr(timemod, helper, None)
            if callable(target) and target not in seen:
                names |= read_groups(target, (*seen, func))
        return names

    for name, pattern, func in (*timemod._POINT_RULES, *timemod._REF_RULES):
        missing = read_groups(func) - set(pattern.groupindex)
        assert not missing, f"rule {name!r}: {func.__name__} reads {sorted(missing)} that its pattern lacks"


def test_time_the_last_quarter_of_a_year(nlp):
    refs = find_times(nlp("Profits fell in the last quarter of 2012, the company said."), "d", DateValue("2013-02-01", "day", "metadata"))
    assert [(r.value, r.type) for r in refs if "quarter" in r.text] == [("2012-Q4", "DATE")]


@pytest.mark.parametrize(
    ("sentence", "weekday", "value"),
    [
        # published Friday 2013-03-22: a weekday under a present prospective predicate lies ahead
        ("The minister is due to travel Tuesday.", "Tuesday", "2013-03-26"),
        ("Parliament is set to vote Thursday.", "Thursday", "2013-03-28"),
        ("The president plans to visit Kabul on Monday.", "Monday", "2013-03-25"),
        # in the past tense, or with no prospective predicate, it lies behind
        ("The minister was due to travel Tuesday but cancelled.", "Tuesday", "2013-03-19"),
        ("Troops began to withdraw on Monday.", "Monday", "2013-03-18"),
    ],
)
def test_time_weekday_of_a_prospective_infinitive_is_ahead(nlp, sentence, weekday, value):
    (ref,) = [r for r in _refs(nlp, sentence) if r.text == weekday]
    assert ref.value == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # published Friday 2017-07-14: a sentence set at a day a week or more before names that week's weekdays
        ("June 29 was the second day of raids, after two schools were shelled on Tuesday.", "2017-06-27"),
        ("On 30 June 2017, officials said the convoy had left on Saturday.", "2017-07-01"),
        # a named day of the publication's week changes nothing; nor does one in another sentence
        ("July 12 was quiet. Rebels shelled two schools on Tuesday.", "2017-07-11"),
    ],
)
def test_time_weekday_near_the_day_its_sentence_names(nlp, sentence, value):
    refs = find_times(nlp(sentence), "d", PUBLISHED)
    weekday = next(r for r in refs if r.rule.endswith(":weekday"))
    assert weekday.value == value


def test_time_a_day_after_a_span_in_one_entity_is_two_expressions(nlp):
    # the model makes "Wednesday after weeks" one DATE entity; "after" is a signal, no part of either
    refs = find_times(nlp("Government forces captured the town on Wednesday after weeks of heavy fighting."), "d", PUBLISHED)
    assert [(r.text, r.value) for r in refs] == [("Wednesday", "2017-07-12"), ("weeks", "PXW")]


def test_time_a_date_a_plan_is_scheduled_for_lies_ahead(nlp):
    # published 2017-07-14: "elections scheduled for January 8th" are the next January's
    refs = find_times(nlp("The rally was held before elections scheduled for January 8th."), "d", PUBLISHED)
    assert [(r.text, r.value) for r in refs] == [("January 8th", "2018-01-08")]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # four digits before a time zone are a 24-hour clock, not a year
        ("On Saturday shortly before 19:00 local time (1800 UTC), a man stabbed three people.", []),
        ("The convoy left at 0600 local time on Monday.", []),
        # a year before "local" is still a year
        ("Turnout in the 2019 local elections was low.", ["2019"]),
    ],
)
def test_time_four_digits_before_a_time_zone_are_no_year(nlp, text, years):
    refs = find_times(nlp(text), "d", DateValue("2020-06-23", "day", "metadata"))
    assert [r.value for r in refs if r.value and re.fullmatch(r"\d{4}", r.value)] == years


def test_time_a_past_same_day_is_not_anchored_to_a_date_ahead(nlp):
    text = (
        "He appeared in court yesterday, charged over a shooting on Friday. He will appear again on April 5.\n\n"
        "Police said a second attack was in Linwood, killing eight people, on the same day."
    )
    refs = find_times(nlp(text), "d", DateValue("2019-03-17", "day", "metadata"))
    assert [r.value for r in refs if r.text == "the same day"] == ["2019-03-15"]
    # a day ahead still anchors what is ahead
    refs = find_times(nlp("The hearing is set for April 5. A verdict is expected the same day."), "d", DateValue("2019-03-17", "day", "metadata"))
    assert [r.value for r in refs if r.text == "the same day"] == ["2019-04-05"]
