"""One timeline, per story or overall: merged events and key statements in time order, each
with its date's precision shown as it is, never made to look more exact.

* An **event** entry is a merged event (:mod:`sitroom.link.events`): every report of it, its
  date the narrowest interval its reports give (a day; "21-31 May" for "late May"; the
  publication day for an undated report in the present tense, marked *inferred*).
* A **statement** entry is a direct quote by a named speaker (a person or actor the store
  links across documents), dated by the day its article was published: the day it was
  reported, which the entry says, since the day it was said is rarely given.
* Entries sort by their first day, then the narrower first (a day before the month that
  holds it); undated events come last, in the order their articles were published.

Pure functions over analyses and the store's links; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sitroom.link.events import event_id
from sitroom.model import Analysis, Event, Quote

PRECISION = {1: "day", 2: "week", 3: "month or wider"}
"""ACLED time precision code -> the words the timeline shows."""


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    """``event`` or ``statement``."""
    date: str | None
    date_end: str | None
    precision: str
    """``day``, ``week``, ``month or wider``, ``day reported`` (a statement) or ``undated``."""
    inferred: bool
    """The date is the report's publication day, not one the text gives."""
    key: str
    """The merged event id, or the quote's ``doc_id:start-end``."""
    story_id: str | None
    events: tuple[tuple[str, Event], ...] = ()
    """(doc id, event) for each report of the event, earliest article first."""
    quote: tuple[str, Quote] | None = None

    @property
    def first(self) -> Event:
        return self.events[0][1]


HAPPENED = frozenset({"past", "ongoing", "background"})
"""Contexts of events that took place (background ones are history the article recalls)."""


def timeline(
    analyses: Iterable[Analysis],
    clusters: Mapping[str, str],
    stories: Mapping[str, str] | None = None,
    copies: Mapping[str, str] | None = None,
) -> list[Entry]:
    """The timeline of ``analyses`` (in publication order), events grouped by ``clusters``
    (event id -> merged id); a near-duplicate (``copies``) adds nothing."""
    stories = stories or {}
    copies = copies or {}
    grouped: dict[str, list[tuple[str, Event]]] = {}
    statements: list[Entry] = []
    for analysis in analyses:
        doc = analysis.document
        if doc.id in copies:
            continue
        for event in analysis.events:
            if event.context not in HAPPENED:
                continue  # planned or hypothetical: nothing happened yet
            key = clusters.get(event_id(doc.id, event), f"event/{event_id(doc.id, event)}")
            grouped.setdefault(key, []).append((doc.id, event))
        published = doc.published.value[:10] if doc.published and len(doc.published.value) >= 10 else None
        for quote in analysis.quotes:
            if quote.direct and quote.speaker_entity and quote.speaker:
                statements.append(Entry(
                    kind="statement", date=published, date_end=None, precision="day reported" if published else "undated",
                    inferred=False, key=f"{doc.id}:{quote.span.start}-{quote.span.end}", story_id=stories.get(doc.id), quote=(doc.id, quote),
                ))
    entries = [_event_entry(key, reports, stories) for key, reports in grouped.items()]
    order = {key: i for i, key in enumerate(grouped)}
    order.update({e.key: len(order) + i for i, e in enumerate(statements)})
    return sorted(entries + statements, key=lambda e: _sort_key(e, order[e.key]))


def _event_entry(key: str, reports: list[tuple[str, Event]], stories: Mapping[str, str]) -> Entry:
    dated = [(doc_id, e) for doc_id, e in reports if e.date]
    if not dated:
        return Entry("event", None, None, "undated", False, key, stories.get(reports[0][0]), tuple(reports))
    # the narrowest interval any report gives; stated dates before inferred ones
    doc_id, best = min(dated, key=lambda r: (r[1].date_provenance == "inferred", _width(r[1]), r[1].date))
    precision = PRECISION.get(best.time_precision or 0, best.date_precision or "day")
    return Entry(
        "event", best.date, best.date_end, precision, best.date_provenance == "inferred", key, stories.get(reports[0][0]), tuple(reports),
    )


def _width(event: Event) -> int:
    return _days(event.date, event.date_end)


def _days(first: str | None, last: str | None) -> int:
    """Days from ``first`` to ``last`` (ISO days), 1 for a single day."""
    if not first or not last:
        return 1
    try:
        return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days + 1
    except ValueError:
        return 10_000


def _sort_key(entry: Entry, seen: int) -> tuple[int, str, int, int]:
    if entry.date is None:
        return (1, "", 0, seen)
    return (0, entry.date[:10], _days(entry.date, entry.date_end), seen)


__all__ = ["PRECISION", "Entry", "timeline"]
