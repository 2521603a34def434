"""Event merging: the rule on hand-made reports, and across articles through the store."""

from __future__ import annotations

from datetime import date

from sitroom.link import events as em
from sitroom.model import Event, Span


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def _report(event_id="a:1-2", *, type="Battles", context="past", story="story/x", place=None, precision=1, country="IQ",
            first=None, last=None, actors=()) -> em.Report:
    return em.Report(
        event_id=event_id, doc_id=event_id.split(":")[0], type=type, context=context, story_id=story, geonames_id=place,
        geo_precision=precision if place else None, country=country, day_min=_day(first) if first else None,
        day_max=_day(last or first) if first else None, actors=frozenset(actors),
    )


def test_same_type_place_and_day_merge_and_the_merged_event_keeps_the_narrowest_date():
    week = em.start(_report(place=99072, first="2017-07-10", last="2017-07-16"))
    day = _report("b:5-9", story="story/y", place=99072, first="2017-07-14")
    assert em.compatible(day, week) is not None
    merged = em.absorb(week, day)
    assert (merged.day_min, merged.day_max, merged.size, merged.id) == (_day("2017-07-14"), _day("2017-07-14"), 2, "event/a:1-2")


def test_disagreement_on_type_context_dates_places_or_actors_keeps_reports_apart():
    base = em.start(_report(place=99072, first="2017-07-14", actors=("1:iraqi security forces",)))
    assert em.compatible(_report(type="Riots", place=99072, first="2017-07-14"), base) is None
    assert em.compatible(_report(context="planned", place=99072, first="2017-07-14"), base) is None
    assert em.compatible(_report(place=99072, first="2017-07-17"), base) is None  # beyond the one-day lag
    assert em.compatible(_report(place=99072, first="2017-07-15"), base) is not None  # within it
    assert em.compatible(_report(place=89341, first="2017-07-14"), base) is None  # Basra is not Mosul
    assert em.compatible(_report(place=99072, first="2017-07-14", actors=("1:islamic state",)), base) is None


def test_a_country_level_report_needs_a_shared_actor_to_join_a_town_level_one():
    town = em.start(_report(place=99072, precision=1, first="2017-07-14", actors=("1:iraqi security forces",)))
    assert em.compatible(_report(place=99237, precision=3, first="2017-07-14", story="story/z"), town) is None
    assert em.compatible(_report(place=99237, precision=3, first="2017-07-14", actors=("1:iraqi security forces",)), town) is not None


def test_undated_reports_merge_only_within_a_story_at_one_place_or_with_a_shared_actor():
    dated = em.start(_report(place=99072, first="2017-07-14", actors=("1:islamic state",)))
    assert em.compatible(_report(place=99072, actors=("1:islamic state",)), dated) is not None
    assert em.compatible(_report(place=99072, actors=("1:islamic state",), story="story/other"), dated) is None
    assert em.compatible(_report(place=99072), dated) is not None  # the same place
    assert em.compatible(_report(actors=("1:islamic state",)), dated) is not None  # the same actor in the same role
    assert em.compatible(_report(actors=("2:islamic state",)), dated) is None  # the other role, no place
    assert em.compatible(_report(place=99072, actors=("1:iraqi army",)), dated) is None  # actors disjoint
    bare = em.start(_report())
    assert em.compatible(_report("b:1-2"), bare) is None  # "the fighting" and "the fighting"


def test_best_merge_prefers_the_report_that_agrees_on_more():
    near = em.start(_report("a:1-2", place=99072, first="2017-07-14"))
    nearer = em.start(_report("c:1-2", place=99072, first="2017-07-14", actors=("1:islamic state",)))
    found = em.best_merge(_report("b:1-2", place=99072, first="2017-07-14", actors=("1:islamic state",)), [near, nearer])
    assert found is not None and found[0].id == "event/c:1-2"


def test_report_of_reads_the_event_date_interval_and_role_tagged_actors():
    event = Event(span=Span("d", 10, 16), text="killed", type="Violence against civilians", actor1="ISIS", actor2="civilians",
                  date="2017-05-21", date_end="2017-05-31", place_geonames_id=99072, geo_precision=1, country="IQ")
    report = em.report_of("d", event, "story/d")
    assert report.event_id == "d:10-16" and report.actors == {"1:isis", "2:civilians"}
    assert (report.day_min, report.day_max) == (_day("2017-05-21"), _day("2017-05-31"))


def test_reports_placed_in_two_countries_are_two_events_even_in_one_story():
    # same type, day and story, no town: in one story, reports dated to the same week would
    # merge; named in two countries, they are two events
    libya = em.start(_report(country="LY", first="2017-07-14"))
    assert em.compatible(_report("b:5-9", country="LY", first="2017-07-14"), libya) is not None
    assert em.compatible(_report("b:5-9", country="YE", first="2017-07-14"), libya) is None
    assert em.compatible(_report("b:5-9", country=None, first="2017-07-14"), libya) is not None  # no country: nothing to disagree on
