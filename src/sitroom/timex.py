"""TIMEX3 values as periods of days: what a time expression's value covers.

``day_bounds("2017-W28")`` -> (10 July, 16 July); ``period_of("2017-05", "END")`` -> the
last third of May with ACLED's time-precision code. Shared by the events (their date and
date range) and the figure groups (the first day a figure refers to).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re


_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 DATE value, or ``None`` for one it cannot place."""
    value = value.split("T")[0]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if value.endswith("-WE"):
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:])
            return dt.date(year, month, 1), _last_day(year, month)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, q = int(m[1]), int(m[2])
            return dt.date(year, 3 * q - 2, 1), _last_day(year, 3 * q)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value):
            year, (first, last) = int(m[1]), _SEASONS[m[2]]
            end = _last_day(year + 1, last - 12) if last > 12 else _last_day(year, last)
            return dt.date(year, first, 1), end
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if re.fullmatch(r"\d{3}X?", value):  # a decade: "201X" or TimeML's "201"
            return dt.date(int(value[:3]) * 10, 1, 1), dt.date(int(value[:3]) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def _part(start: dt.date, end: dt.date, mod: str) -> tuple[dt.date, dt.date]:
    """The START/MID/END third of a period (a month: days 1-10, 11-20, 21-end, as sitroom's
    time rules read "early/mid/late May"); any other ``mod`` leaves the period whole."""
    if mod not in ("START", "MID", "END"):
        return start, end
    if start.day == 1 and end == _last_day(start.year, start.month) and start.month == end.month:
        first, last = {"START": (1, 10), "MID": (11, 20), "END": (21, end.day)}[mod]
        return start.replace(day=first), start.replace(day=last)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        first, last = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]  # thirds of a year
        return dt.date(start.year, first, 1), _last_day(start.year, last)
    days = (end - start).days + 1
    if days < 3:
        return start, end  # "late Tuesday", "late last night": the day itself
    third = days // 3
    offset = {"START": 0, "MID": third, "END": days - third}[mod]
    length = third if mod != "MID" else days - 2 * third
    begin = start + dt.timedelta(days=offset)
    return begin, begin + dt.timedelta(days=max(length, 1) - 1)


UNBOUNDED_MODS = frozenset({"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"})
"""TIMEX3 mods that make a value a bound, not a period an event falls in."""


def period_of(value: str, mod: str | None = None) -> tuple[str, str | None, int] | None:
    """``(first day, last day, ACLED time precision)`` of a TIMEX3 DATE value or range,
    narrowed to the part its ``mod`` names ("late May": ``2017-05`` + ``END``).

    ACLED Codebook (2023), "Time precision": 1 when the day is known, 2 when the event
    is known to within a week (or a few days), 3 when only the month or a wider period
    is. The last day is ``None`` for a single day. ``None`` for values that are not
    dates (``PRESENT_REF``, durations) and for bounds ("before 2010").
    """
    if mod in UNBOUNDED_MODS:
        return None
    first_value, _, last_value = value.partition("/")
    first = day_bounds(first_value)
    last = day_bounds(last_value) if last_value else first
    if first is None or last is None or last[1] < first[0]:
        return None
    start, end = first[0], last[1]
    if mod and not last_value:
        start, end = _part(start, end, mod)
    days = (end - start).days + 1
    precision = 1 if days == 1 else 2 if days <= 7 else 3
    return start.isoformat(), (end.isoformat() if days > 1 else None), precision
