"""find_times / resolve: TIMEX3 values resolved against the publication date (sitroom.time.v1)."""

from __future__ import annotations

import datetime as dt

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


def test_time_seed_late_may_is_a_range_inside_may(seed_times):
    ref = _by_text(seed_times, "late May")
    start, end = ref.value.split("/")
    assert start.startswith("2017-05-") and end.startswith("2017-05-") and start < end
    assert ref.provenance == "resolved" and ref.precision == "month"


def test_time_spans_point_into_text(seed_times, seed_victory_text):
    assert seed_times
    for ref in seed_times:
        assert seed_victory_text[ref.span.start : ref.span.end] == ref.text
        assert not ref.text.lower().startswith(("in ", "between ", "on "))


def test_time_durations_are_not_points(seed_times):
    for text in ("almost nine months", "one week"):
        ref = _by_text(seed_times, text)
        assert ref.value is None and ref.provenance is None and ref.rule.endswith("duration")


def test_time_anchored_to_another_event_is_unresolved(seed_times):
    ref = _by_text(seed_times, "three years")  # "three years after ISIS seized the city"
    assert ref.value is None and ref.rule.endswith("anchored")


def test_time_without_publication_date(seed_times_undated):
    for text in ("earlier this week", "Tuesday", "last October", "June", "later this year", "late May"):
        ref = _by_text(seed_times_undated, text)
        assert ref.value is None and ref.provenance is None
    for text, value in (("October 2016", "2016-10"), ("March 31, 2019", "2019-03-31"), ("June 2014", "2014-06")):
        ref = _by_text(seed_times_undated, text)
        assert (ref.value, ref.provenance) == (value, "stated")


def test_time_date_free_sentence_gives_nothing(nlp):
    assert find_times(nlp("The fighters crossed the river and the town fell silent."), "d", PUBLISHED) == []


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
        ("mid-2014", ("2014-05/2014-08", "year", "stated")),
        ("the 1990s", ("199X", "decade", "stated")),
        ("summer 2016", ("2016-06/2016-08", "season", "stated")),
        ("14 July, 2017", ("2017-07-14", "day", "stated")),
        ("September last year", ("2016-09", "month", "resolved")),
        ("nine months", None),
        ("the next day", None),
        ("", None),
        ("(((((((((((((((((((((((((((((((((((((((", None),
    ],
)
def test_time_resolve_table(expression, expected):
    assert resolve(expression, dt.date(2017, 7, 14)) == expected


def test_time_resolve_future_tense_points_forward():
    assert resolve("Tuesday", dt.date(2017, 7, 14), future=True) == ("2017-07-18", "day", "resolved")
    assert resolve("in October", dt.date(2017, 7, 14), future=True) == ("2017-10", "month", "resolved")


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
