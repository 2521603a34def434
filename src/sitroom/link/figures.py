"""Figures across documents: the same count from several reports, side by side.

:func:`reconcile` groups the figures of many documents that count the same thing: the
same ``kind`` and ``unit``, the same place, the same counted subject where the texts name
one, and dates close enough to be one period. Each :class:`FigureGroup` keeps every value
with its source and date, the range they span, the latest report, and a verdict on
whether they agree. Nothing is averaged, summed or extrapolated (ACLED's practice for
conflicting fatality reports is to keep the most conservative one and note the others;
sitroom shows them all and lets the analyst choose).

- **Place**: the figure's own (a place its sentence names after a locative preposition,
  :func:`sitroom.extract.figures.situate`), else the place the document names most often,
  marked ``place_from="document"``; a figure with neither is grouped under no place.
- **Date**: the figure's own time expression (``as_of``), else the document's publication
  date (``date_from="published"``); undated figures form their own period.
- **Period**: within one kind, unit, place and subject, figures sorted by date start a new
  period when the gap to the previous one exceeds ``window_days`` (default 31).
- **Scope**: the counted subject's head word ("IS fighters" -> fighter, "an advancing
  force" -> force, "the coalition" -> coalition) separates figures that count different
  things ("a 30,000-strong advancing force" and "a 100,000-strong coalition"); a figure
  with no subject, or a generic one ("people"), joins the period's only scope, or, where
  there are several, a group of its own marked for review.
- **Verdict** (``status``): ``single`` (one value); ``agree`` when the intervals the values
  stand for (low..high: "at least 100" is 100..∞, "hundreds" 200..999) share a point;
  ``rising`` when they do not but each later report is higher (a toll being updated);
  otherwise ``contradict``. A group whose values contradict and whose members name
  different subjects, or none, is marked ``review`` with the reason.
- **Copies**: the store keeps one document per content hash, so an exact copy adds no
  member; a near-copy (a syndicated story lightly edited, :mod:`sitroom.link.dedupe`)
  is left out by the callers (the report and the exports pass only originals' figures),
  so one wire story is one report, not twenty.

The group id is stable: a hash of the group's key and its earliest member's id.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
import sqlite3
import tempfile
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sitroom.model import Analysis, Figure, Span
from sitroom.timex import day_bounds

__all__ = ["FigureGroup", "Member", "figure_id", "group_record", "members_of", "Spill", "reconcile", "reconcile_stream"]

WINDOW_DAYS = 31
GENERIC_SUBJECTS = frozenset({"people", "person", "persons", "individual", "individuals", "other", "others", "more"})
"""Subject heads that name no scope of their own: "200 people were killed"."""

NEARLY = 0.9
"""The low end of "nearly N" as a share of N (a writer who had 700 of 800 would say "over
700")."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels of place names (a document's main place is the one it names most)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One figure as a member of a group, with where and when it comes from."""

    figure: Figure
    doc_id: str
    outlet: str | None
    place: str | None
    place_from: str | None
    """``"sentence"`` (the figure's own place), ``"document"`` (the document's main place) or None."""
    date: str | None
    """ISO date the figure refers to, or the document's publication date."""
    date_from: str | None
    """``"stated"`` (a time in the figure's sentence), ``"published"``, or None."""

    @property
    def id(self) -> str:
        return figure_id(self.figure)

    @property
    def interval(self) -> tuple[float, float]:
        """The interval the value stands for; an open bound is infinite. "nearly N", "almost
        N" stand for the tenth below N, not for anything up to N: "nearly 800" and "nearly
        100" do not agree."""
        f = self.figure
        if f.low is None and f.high is None:
            return (f.value, f.value) if f.value is not None else (0.0, math.inf)
        if f.low is None and f.high is not None and f.qualifier == "almost":
            return NEARLY * f.high, f.high
        return (f.low if f.low is not None else 0.0), (f.high if f.high is not None else math.inf)


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """Figures from one or more documents that count the same thing in one period."""

    id: str
    kind: str
    unit: str
    place: str | None
    subject: str | None
    """The counted subject's head word shared by the members, or None."""
    members: tuple[Member, ...]
    """In date order (undated last), then by document and offset."""
    low: float | None
    high: float | None
    """The smallest low bound and the largest high bound of the members (None if open)."""
    status: str
    """``single``, ``agree``, ``rising`` or ``contradict``."""
    review: str | None = None
    """Why an analyst should look (different or unknown scopes), or None."""

    @property
    def latest(self) -> Member:
        """The member with the latest date (the last member when none is dated)."""
        dated = [m for m in self.members if m.date]
        return max(dated, key=lambda m: m.date or "") if dated else self.members[-1]

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc_id for m in self.members))


def figure_id(figure: Figure) -> str:
    """A figure's id in exports and groups: ``doc_id:start-end``."""
    span = figure.span
    return f"{span.doc_id}:{span.start}-{span.end}"


def members_of(analyses: Iterable[Analysis], *, skip_kinds: frozenset[str] = frozenset({"other"})) -> list[Member]:
    """Every figure of ``analyses`` (but ``skip_kinds`` and zero counts) with its place and date resolved."""
    members = []
    for analysis in analyses:
        doc = analysis.document
        main_place = _main_place(analysis)
        published = _start_date(doc.published.value) if doc.published else None
        for figure in analysis.figures:
            if figure.kind in skip_kinds or figure.value == 0:
                continue  # a zero count ("no deaths were reported") tells of one incident, not a quantity to compare
            if figure.place:
                place, place_from = figure.place, "sentence"
            elif main_place:
                place, place_from = main_place, "document"
            else:
                place, place_from = None, None
            when = _start_date(figure.as_of)
            if when:
                day, date_from = when, "stated"
            elif published:
                day, date_from = published, "published"
            else:
                day, date_from = None, None
            members.append(Member(figure, doc.id, doc.outlet, place, place_from, day, date_from))
    return members


def reconcile(members: Sequence[Member], *, window_days: int = WINDOW_DAYS) -> list[FigureGroup]:
    """Group ``members`` (see :func:`members_of`) into :class:`FigureGroup` s.

    Cost: one sort per (kind, unit, place) bucket, O(n log n) in all.
    """
    buckets: dict[tuple[str, str, str | None], list[Member]] = defaultdict(list)
    for member in members:
        f = member.figure
        buckets[(f.kind, f.unit, _place_key(member.place))].append(member)
    groups: list[FigureGroup] = []
    for (kind, unit, _), bucket in buckets.items():
        for period in _periods(bucket, window_days):
            groups.extend(_scoped_groups(kind, unit, period))
    groups.sort(key=_group_order)
    return groups


def _bucket(member: Member) -> tuple[str, str, str]:
    """The bucket of a member, as groups are ordered: kind, place (lower case), unit."""
    return (member.figure.kind, _place_key(member.place) or "", member.figure.unit)


def _group_order(group: FigureGroup) -> tuple[str, str, str, str, str]:
    """Groups by kind, place, unit, then the date of their first member, then id."""
    return (group.kind, _place_key(group.place) or "", group.unit, group.members[0].date or "9999", group.id)


class Spill:
    """:func:`reconcile` over any number of members, holding one bucket in memory.

    :meth:`add` writes members to a temporary SQLite file keyed by their (kind, place, unit)
    bucket; :meth:`groups` reads them back bucket by bucket in that order and reconciles each
    alone (no group spans two buckets), so the groups come in the order :func:`reconcile`
    returns them. Use it as a context manager: the file is removed on exit.
    """

    def __init__(self, *, window_days: int = WINDOW_DAYS) -> None:
        self.window_days = window_days
        self._folder = tempfile.TemporaryDirectory(prefix="sitroom-figures-")
        self._db = sqlite3.connect(Path(self._folder.name) / "members.db")
        # a scratch file, removed on exit: no journal, no waiting for the disk
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE members (kind TEXT, place TEXT, unit TEXT, member BLOB)")

    def add(self, members: Iterable[Member]) -> None:
        rows = [(*_bucket(m), _pack(m)) for m in members]
        self._db.executemany("INSERT INTO members VALUES (?, ?, ?, ?)", rows)

    def groups(self) -> Iterator[FigureGroup]:
        self._db.execute("CREATE INDEX IF NOT EXISTS members_bucket ON members (kind, place, unit)")
        bucket: list[Member] = []
        key: tuple[str, str, str] | None = None
        for kind, place, unit, blob in self._db.execute("SELECT kind, place, unit, member FROM members ORDER BY kind, place, unit, rowid"):
            if (kind, place, unit) != key and bucket:
                yield from reconcile(bucket, window_days=self.window_days)
                bucket = []
            key = (kind, place, unit)
            bucket.append(_unpack(blob))
        if bucket:
            yield from reconcile(bucket, window_days=self.window_days)

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_FIGURE_FIELDS = tuple(f.name for f in dataclasses.fields(Figure))
_SPAN_FIELDS = frozenset(name for name, hint in typing.get_type_hints(Figure).items() if hint is Span or Span in typing.get_args(hint))


def _pack(member: Member) -> bytes:
    """A member as a pickle of plain tuples (its spans as (doc, start, end)): pickling the
    records themselves runs dataclasses' Python state functions for every one of them."""
    figure = member.figure
    values = []
    for name in _FIGURE_FIELDS:
        value = getattr(figure, name)
        values.append((value.doc_id, value.start, value.end) if name in _SPAN_FIELDS and value is not None else value)
    head = (member.doc_id, member.outlet, member.place, member.place_from, member.date, member.date_from)
    return pickle.dumps((head, tuple(values)), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(blob: bytes) -> Member:
    head, values = pickle.loads(blob)  # noqa: S301 - our own scratch file, written by _pack
    fields = {name: (Span(*value) if name in _SPAN_FIELDS and value is not None else value) for name, value in zip(_FIGURE_FIELDS, values, strict=True)}
    return Member(Figure(**fields), *head)


def reconcile_stream(members: Iterable[Member], *, window_days: int = WINDOW_DAYS) -> Iterator[FigureGroup]:
    """:func:`reconcile`'s groups, in its order, holding one bucket in memory (:class:`Spill`)."""
    with Spill(window_days=window_days) as spill:
        spill.add(members)
        yield from spill.groups()


def subject_head(subject: str | None) -> str | None:
    """The counted subject's head word, lower case and naively singular; None if generic."""
    if not subject:
        return None
    words = [w.strip(".,;:()'\"’").lower() for w in subject.split()]
    words = [w for w in words if w and w.isalpha()]
    if not words:
        return None
    head = words[-1]
    if head in GENERIC_SUBJECTS:
        return None
    if head.endswith("ies") and len(head) > 4:
        head = head[:-3] + "y"
    elif head.endswith("s") and not head.endswith("ss") and len(head) > 3:
        head = head[:-1]
    return head


# --- helpers ------------------------------------------------------------------------------------


def _main_place(analysis: Analysis) -> str | None:
    """The place the document names most often (canonical name; ties: first named)."""
    counts: Counter[str] = Counter()
    for mention in analysis.mentions:
        if mention.label in PLACE_LABELS:
            counts[mention.canonical or mention.text] += 1
    return counts.most_common(1)[0][0] if counts else None


def _start_date(value: str | None) -> str | None:
    """The first day of a TIMEX3 value ("2017-05" -> "2017-05-01", a week -> its Monday, a
    season, a decade, a range -> its start); None for what is not a date."""
    bounds = day_bounds(value.split("/")[0]) if value else None
    return bounds[0].isoformat() if bounds else None


def _place_key(place: str | None) -> str | None:
    return " ".join(place.lower().split()) if place else None


def _periods(bucket: list[Member], window_days: int) -> list[list[Member]]:
    """Split a bucket into periods: sorted by date, a gap over ``window_days`` starts a new one."""
    dated = sorted((m for m in bucket if m.date), key=lambda m: (m.date, m.doc_id, m.figure.span.start))
    undated = sorted((m for m in bucket if not m.date), key=lambda m: (m.doc_id, m.figure.span.start))
    periods: list[list[Member]] = []
    previous: date | None = None
    for member in dated:
        day = date.fromisoformat(member.date or "")
        if previous is None or (day - previous).days > window_days:
            periods.append([])
        periods[-1].append(member)
        previous = day
    if undated:
        periods.append(undated)
    return periods


def _scoped_groups(kind: str, unit: str, period: list[Member]) -> list[FigureGroup]:
    """One group per counted subject in the period, totals apart from incident tolls; members
    with no subject join the only scope, or form a group of their own marked for review when
    there are several."""
    if kind == "money" and (bands := _money_bands(period)) is not None:
        return [g for band in bands for g in _scoped_groups(kind, unit, band)]
    totals = [m for m in period if m.figure.cumulative]
    if totals and len(totals) < len(period):
        # a total over a period and one incident's toll count different things: never compared
        incidents = [m for m in period if not m.figure.cumulative]
        return _scoped_groups(kind, unit, incidents) + _scoped_groups(kind, unit, totals)
    scopes: dict[str | None, list[Member]] = defaultdict(list)
    for member in period:
        scopes[subject_head(member.figure.subject)].append(member)
    unscoped = scopes.pop(None, [])
    named = list(scopes.items())
    groups: list[FigureGroup] = []
    if len(named) == 1:
        head, members = named[0]
        for part in _one_value_per_document(members + unscoped):
            named_here = any(subject_head(m.figure.subject) == head for m in part)
            groups.append(_group(kind, unit, head if named_here else None, part, mixed=named_here and any(m in unscoped for m in part)))
    else:
        for head, members in named:
            groups.extend(_group(kind, unit, head, part, mixed=False) for part in _one_value_per_document(members))
        if unscoped:
            review = f"the counted subject is not named; it may be any of: {', '.join(sorted(h for h, _ in named))}" if named else None
            groups.extend(_group(kind, unit, None, part, mixed=False, review=review) for part in _one_value_per_document(unscoped))
    return groups


MONEY_SCOPE = 100.0
"""Amounts of money more than this many times apart are of different things (a $69 monthly
bill and $28 billion of tariffs), never compared."""


def _money_bands(members: list[Member]) -> list[list[Member]] | None:
    """Members split where an amount is over ``MONEY_SCOPE`` times the smallest of its band,
    or None when they all fit in one."""
    def size(m: Member) -> float:
        low, high = m.interval
        return high if math.isfinite(high) else low

    ordered = sorted(members, key=size)
    bands: list[list[Member]] = []
    for member in ordered:
        if bands and size(member) <= MONEY_SCOPE * max(size(bands[-1][0]), 1e-9):
            bands[-1].append(member)
        else:
            bands.append([member])
    return bands if len(bands) > 1 else None


def _one_value_per_document(members: list[Member]) -> list[list[Member]]:
    """Split so that no part holds two different values from one document: one article's
    several counts of a kind ("two killed in Gaza City, four in Rafah") are separate
    incidents or a breakdown, not two reports of one count. In date order, each figure joins
    the first part whose values it agrees with, else the first part its document has no
    other value in, else a new part."""
    parts: list[_Part] = []
    for member in sorted(members, key=lambda m: (m.date or "9999", m.doc_id, m.figure.span.start)):
        value = (member.figure.value, member.figure.low, member.figure.high)
        low, high = member.interval
        agreeing = next((p for p in parts if p.free(member.doc_id, value) and p.overlaps(low, high)), None)
        target = agreeing or next((p for p in parts if p.free(member.doc_id, value)), None)
        if target is None:
            target = _Part()
            parts.append(target)
        target.add(member, value, low, high)
    return [p.members for p in parts]


class _Part:
    """A part of :func:`_one_value_per_document` with what its checks need kept up to date:
    the value each document gives in it, and the highest low bound and lowest high bound of
    its members (a new interval overlaps each member's exactly when it overlaps those), so
    that each check costs the same however large the part."""

    __slots__ = ("members", "values", "lows", "highs", "broken")

    def __init__(self) -> None:
        self.members: list[Member] = []
        self.values: dict[str, tuple[float | None, float | None, float | None]] = {}
        self.lows, self.highs = -math.inf, math.inf
        self.broken = False
        """A member's interval is empty (low above high): it overlaps nothing."""

    def free(self, doc_id: str, value: tuple[float | None, float | None, float | None]) -> bool:
        """No other value from this document is in the part."""
        return self.values.get(doc_id, value) == value

    def overlaps(self, low: float, high: float) -> bool:
        return not self.broken and low <= high and self.lows <= high and low <= self.highs

    def add(self, member: Member, value: tuple[float | None, float | None, float | None], low: float, high: float) -> None:
        self.members.append(member)
        self.values[member.doc_id] = value
        self.lows, self.highs = max(self.lows, low), min(self.highs, high)
        self.broken = self.broken or low > high


def _group(kind: str, unit: str, head: str | None, members: list[Member], *, mixed: bool, review: str | None = None) -> FigureGroup:
    members = sorted(members, key=lambda m: (m.date or "9999", m.doc_id, m.figure.span.start))
    lows = [m.interval[0] for m in members]
    highs = [m.interval[1] for m in members]
    status = _status(members)
    if status == "contradict" and review is None and (mixed or head is None):
        review = "the values disagree and not every report names what it counts: the scopes may differ"
    place = members[0].place
    key = "|".join([kind, unit, _place_key(place) or "", head or "", members[0].id])
    gid = "fg-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    low = min(lows)
    high = max(highs)
    return FigureGroup(
        id=gid,
        kind=kind,
        unit=unit,
        place=place,
        subject=head,
        members=tuple(members),
        low=None if math.isinf(low) else low,
        high=None if math.isinf(high) else high,
        status=status,
        review=review,
    )


def _agree(members: Iterable[Member]) -> bool:
    """The intervals the members' values stand for share a point."""
    intervals = [m.interval for m in members]
    return max(low for low, _ in intervals) <= min(high for _, high in intervals)


def _status(members: Sequence[Member]) -> str:
    """``single``, ``agree`` (the intervals share a point), ``rising`` (each date's reports
    agree among themselves and lie wholly above the previous date's) or ``contradict``."""
    if len(members) == 1:
        return "single"
    if _agree(members):
        return "agree"
    if all(m.date for m in members):
        by_date: dict[str, list[Member]] = defaultdict(list)
        for m in members:
            by_date[m.date or ""].append(m)
        days = sorted(by_date)
        if len(days) > 1 and all(_agree(by_date[d]) for d in days) and all(
            max(m.interval[1] for m in by_date[a]) <= min(m.interval[0] for m in by_date[b])
            for a, b in zip(days, days[1:], strict=False)
        ):
            return "rising"
    return "contradict"

def group_record(group: FigureGroup) -> dict[str, Any]:
    """A group as an export record (``"type": "figure_group"``), members listed with their
    figure id (``doc_id:start-end``), value, bounds, qualifier, source and date."""
    dates = [m.date for m in group.members if m.date]
    return {
        "type": "figure_group",
        "id": group.id,
        "kind": group.kind,
        "unit": group.unit,
        "place": group.place,
        "subject": group.subject,
        "low": group.low,
        "high": group.high,
        "status": group.status,
        "review": group.review,
        "latest": group.latest.id,
        "date_start": min(dates) if dates else None,
        "date_end": max(dates) if dates else None,
        "documents": list(group.documents),
        "members": [
            {
                "figure_id": m.id,
                "doc_id": m.doc_id,
                "start": m.figure.span.start,
                "end": m.figure.span.end,
                "text": m.figure.text,
                "value": m.figure.value,
                "low": m.figure.low,
                "high": m.figure.high,
                "qualifier": m.figure.qualifier,
                "subject": m.figure.subject,
                "reported_by": m.figure.reported_by,
                "projection": m.figure.projection,
                "disputed": m.figure.disputed,
                "outlet": m.outlet,
                "date": m.date,
                "date_from": m.date_from,
                "place_from": m.place_from,
            }
            for m in group.members
        ],
    }
