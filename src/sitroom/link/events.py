"""Event merging: the reports of one real-world event, across articles, become one event
with all its sources, as ACLED codes one event from many reports.

Two reports are of the same event (:func:`compatible`) when

* they have the same ACLED **type** and the same kind of **context** (a past or ongoing event
  never merges with a planned or hypothetical one);
* their **dates** overlap: each report's date is the interval its precision allows (a day,
  a week, "late May" = 21-31 May: :func:`sitroom.timex.day_bounds`), widened by one day for the
  reporting lag ("yesterday" in an article written after midnight);
* their **places** agree: never two countries; the same GeoNames entry, or one report names
  only the province or country (ACLED geo-precision 3) that holds the other's place;
* their **actors** overlap, or one report names none: two reports whose actors are both
  named and disjoint are two events; a shared actor counts as evidence only in the same role
  (Islamic State seizing Mosul is not the liberation of Mosul from Islamic State);
* and something positive ties them: with both dated, the same place or a shared actor (or
  the same **story**, :mod:`sitroom.link.stories`, and dates within a week); with a report
  undated, the same story and the same place or a shared actor (on the ECB+ training and
  dev topics, asking for both merged almost nothing: CoNLL F1 0.32/0.28 on the events
  matched, singletons 0.28/0.18; either: 0.49/0.46 at B-cubed precision 0.97/0.96). A bare
  "the fighting" is never merged with anything.

The report joins the compatible merged event that agrees on most (place, actors, a day-exact
date), else it starts a merged event whose id is ``event/<first report's event id>``. Ids are
stable; fatalities are never added up: each report's figure stays its own
(:mod:`sitroom.link.figures` reconciles them side by side).

Pure functions, no I/O; :class:`sitroom.store.Store` finds the candidates through indexes on
(type, place) and (story, type) and stores the links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sitroom.model import Event, Merged
from sitroom.timex import day_bounds

RULE = "sitroom.events-merge.v1"
LAG_DAYS = 1
FACTUAL = frozenset({"past", "ongoing"})


@dataclass(frozen=True, slots=True)
class Report:
    """One event as reported in one article, as merging sees it."""

    event_id: str
    doc_id: str
    type: str
    context: str
    story_id: str | None
    geonames_id: int | None
    geo_precision: int | None
    country: str | None
    day_min: int | None
    day_max: int | None
    actors: frozenset[str]
    """Actor names with their role: ``1:islamic state`` (actor1), ``2:civilians`` (actor2)."""




def event_id(doc_id: str, event: Event) -> str:
    """``doc_id:start-end`` of the event's trigger: the id exports and links use."""
    return f"{doc_id}:{event.span.start}-{event.span.end}"


def report_of(doc_id: str, event: Event, story_id: str | None, sentence_date: Event | None = None) -> Report:
    """The event as merging sees it. An undated event takes the date of ``sentence_date``,
    a dated event of the same sentence ("A car bomb exploded on Tuesday, killing 12": the
    killing is on Tuesday too), for merging only; the stored event stays undated."""
    day_min = day_max = None
    dated = event if event.date else sentence_date
    if dated is not None and dated.date:
        bounds = day_bounds(dated.date)
        if bounds is not None:
            first, last = bounds
            day_min = first.toordinal()
            day_max = (date.fromisoformat(dated.date_end) if dated.date_end else last).toordinal()
    actors = frozenset(f"{role}:{name}" for role, a in ((1, event.actor1), (2, event.actor2)) if a and (name := actor_name(a)))
    return Report(
        event_id=event_id(doc_id, event),
        doc_id=doc_id,
        type=event.type,
        context=event.context,
        story_id=story_id,
        geonames_id=event.place_geonames_id,
        geo_precision=event.geo_precision,
        country=event.country,
        day_min=day_min,
        day_max=day_max,
        actors=actors,
    )


def actor_name(actor: str) -> str:
    """An actor as merging compares it: lower case, without counts ("14 people" and "12
    people" are both "people": the counts are the figures', reconciled elsewhere)."""
    return " ".join(_COUNT.sub(" ", actor.lower()).split())


_COUNT = re.compile(r"\b\d[\d,.]*\b")


def compatible(report: Report, merged: Merged) -> float | None:
    """How well ``report`` agrees with ``merged`` (higher is better), or None: not the same event.

    Disagreement on type, context, dates, places or actors rules a merge out; then the two
    must share positive evidence: with both dated, the same place or a shared actor (or, in
    the same story, both dated to within a week); with either undated, the same story and
    the same place or a shared actor. A bare "the fighting" with no date, place or actor is
    never merged: nothing says which fighting it is.
    """
    if report.type != merged.type or _context(report.context) != _context(merged.context):
        return None
    same_story = report.story_id is not None and report.story_id == merged.story_id
    dated = report.day_min is not None and merged.day_min is not None
    if dated and not _overlap(report, merged):
        return None
    if report.country and merged.country and report.country != merged.country:
        return None  # one event happens in one country, whatever else the reports share
    same_place = report.geonames_id is not None and report.geonames_id == merged.geonames_id
    if report.geonames_id is not None and merged.geonames_id is not None and not same_place:
        if not (3 in (report.geo_precision, merged.geo_precision) and report.country and report.country == merged.country):
            return None
    shared_actor = bool(report.actors & merged.actors)  # the same actor in the same role
    if report.actors and merged.actors and not _names(report.actors) & _names(merged.actors):
        return None
    if dated:
        precise = _width(report) <= 7 and _width(merged) <= 7
        if not (same_place or shared_actor or (same_story and precise)):
            return None
    elif not (same_story and (same_place or shared_actor)):
        return None
    score = 1.0 + same_place + 0.5 * shared_actor + 0.5 * same_story
    if dated and report.day_min == report.day_max == merged.day_min == merged.day_max:
        score += 0.5
    return score


def _names(actors: frozenset[str]) -> set[str]:
    return {a.split(":", 1)[1] for a in actors}


def _overlap(report: Report, merged: Merged) -> bool:
    assert report.day_min is not None and merged.day_min is not None
    return not (
        report.day_min > (merged.day_max or merged.day_min) + LAG_DAYS or merged.day_min > (report.day_max or report.day_min) + LAG_DAYS
    )


def _width(item: Report | Merged) -> int:
    assert item.day_min is not None
    return (item.day_max or item.day_min) - item.day_min + 1


def best_merge(report: Report, candidates: Sequence[Merged]) -> tuple[Merged, float] | None:
    """The merged event the report joins (earliest on a tie), or None."""
    best: tuple[Merged, float] | None = None
    for merged in candidates:
        score = compatible(report, merged)
        if score is not None and (best is None or score > best[1]):
            best = (merged, score)
    return best


def start(report: Report) -> Merged:
    return Merged(
        id=f"event/{report.event_id}",
        type=report.type,
        context=report.context,
        story_id=report.story_id,
        geonames_id=report.geonames_id,
        geo_precision=report.geo_precision,
        country=report.country,
        day_min=report.day_min,
        day_max=report.day_max,
        actors=report.actors,
    )


def absorb(merged: Merged, report: Report) -> Merged:
    """``merged`` with one more report: the narrower date interval, the more precise place,
    the union of actors. The story stays the first report's."""
    day_min, day_max = merged.day_min, merged.day_max
    if report.day_min is not None and (day_min is None or (report.day_max or report.day_min) - report.day_min < (day_max or day_min) - day_min):
        day_min, day_max = report.day_min, report.day_max
    geonames_id, precision, country = merged.geonames_id, merged.geo_precision, merged.country
    if report.geonames_id is not None and (geonames_id is None or (report.geo_precision or 3) < (precision or 3)):
        geonames_id, precision, country = report.geonames_id, report.geo_precision, report.country
    return Merged(
        id=merged.id,
        type=merged.type,
        context=merged.context,
        story_id=merged.story_id or report.story_id,
        geonames_id=geonames_id,
        geo_precision=precision,
        country=country,
        day_min=day_min,
        day_max=day_max,
        actors=merged.actors | report.actors,
        size=merged.size + 1,
    )


def _context(context: str) -> str:
    return "factual" if context in FACTUAL else context


def sentence_dates(events: Sequence[Event]) -> dict[tuple[int, int], Event]:
    """The first event of each sentence dated by a time expression of its own (stated or
    resolved, not inferred), by sentence span."""
    found: dict[tuple[int, int], Event] = {}
    for event in events:
        if event.sentence is not None and event.date and event.date_provenance in ("stated", "resolved"):
            found.setdefault((event.sentence.start, event.sentence.end), event)
    return found


__all__ = ["Merged", "RULE", "Report", "absorb", "best_merge", "compatible", "event_id", "report_of", "sentence_dates", "start"]
