"""Time expressions (TIMEX3), normalised against the publication date or a date the text set.

Rules (``sitroom.time.v2``). Sources: TimeML 1.2.1 annotation guidelines (Saurí et al.
2006) and the TIMEX3 specification (Pustejovsky et al. 2005, "Temporal and event
information in natural language text"); TIDES 2005 "Standard for the annotation of
temporal expressions" (Ferro et al.); HeidelTime's English news rules (Strötgen & Gertz
2013, "Multilingual and cross-domain temporal tagging"; rule names such as ``date_r17a``
below are those of its resource files ``resources_rules_*.txt``, cited, not copied).

* **Candidates**: spaCy ``DATE`` entities; ``TIME`` entities that name a datable day part
  ("last night"), a clock time ("8 p.m.") or hours and minutes; month names, weekdays,
  "yesterday"/"today", "now"/"currently", "the past"/"the future", plural weekdays and
  "every"/"each" + unit that the model left unlabelled. Leading prepositions are trimmed
  (TIDES 2005 §3.2.1: prepositions are not part of the extent); a determiner or
  this/last/next left outside the entity is taken in ("This year's" -> "This year").
  Ages ("6 months and older", "aged 3 years", "in his 20s") are no time expressions
  (HeidelTime ``duration_r1*_negation``, ``x_date_r11a_negative``).
* **Types and values** (TIMEX3): ``DATE`` ``2017-07-11``, ``2017-W27``, weekend
  ``2017-W27-WE``, ``2017-06``, ``2017-Q1``, ``2017-H1``, season ``2016-SU``, ``2017``, decade ``199``,
  century ``19``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` ("now", "currently", "the
  past", "the future"); ``TIME`` ``2017-07-13TNI`` (day parts MO/AF/EV/NI), ``2017-07-14T20:00``;
  ``DURATION`` ``P9M``, ``P1W``, ``PT2H``, ``P10Y`` for a decade (ISO 8601 has no decade
  designator), ``PXD`` when the number is vague ("several days", "recent weeks",
  HeidelTime ``duration_r1c``); ``SET`` ``P1W`` ("every week", "twice a week", "weekly"),
  ``XXXX-WXX-1`` ("every Monday", "on Mondays"): TimeML 1.2.1 SET, the value is the period.
* **Part of a period** is the period with a TIMEX3 ``mod`` (TimeML 1.2.1 guidelines and
  TIDES 2005 ``MOD``; TempEval-3 gold "early December" -> ``2012-12`` START): "early",
  "the beginning/start/dawn of" -> START, "mid-", "the middle of" -> MID, "late", "the
  end/close of" -> END, on any period from a century to a day or day part ("late May" ->
  ``2017-05`` END, precision month; "mid-2014" -> ``2014`` MID, precision year; "the early
  1990s" -> ``199`` START; "Early last week" -> ``2017-W27`` START). "the first/second half
  of" stays ``H1``/``H2``; "earlier/later this week" is before/after now, no part (no
  mod). **Seasons** are TIMEX3 season values (TIDES 2005, TimeML 1.2.1: ``SP``, ``SU``,
  ``FA``, ``WI``; TempEval-3 gold "last summer" -> ``2012-SU``), precision season; a
  winter is named by the year of its December.
* **Bounds and approximations** inside the extent set ``mod`` (TimeML 1.2.1 / TIDES 2005
  ``MOD`` table): on a duration "more than three years" -> ``P3Y`` MORE_THAN, "less than"/
  "under"/"nearly"/"almost" -> LESS_THAN (HeidelTime ``normApprox4Durations``; TempEval-3
  gold "almost seven years"), "at least"/"or more" -> EQUAL_OR_MORE, "no more than"/"up
  to"/"or less" -> EQUAL_OR_LESS, "approximately"/"roughly"/"or so" -> APPROX; on a point
  "more than a decade ago" -> BEFORE, "less than a year ago" -> AFTER, "no less/no more
  than a year ago" -> ON_OR_BEFORE/ON_OR_AFTER, "nearly two years ago" -> APPROX (HeidelTime
  ``normApprox4Dates``), "approximately 8 p.m." -> APPROX. "about"/"around" before an
  expression are left outside the extent, like prepositions (TempEval-3 gold: "about
  <TIMEX3>a month</TIMEX3>"), so :func:`find_times` gives them no mod; "before 2010",
  "since May" stay signals (no mod).
* **Resolution against the publication date** (HeidelTime's news strategy): "last/this/
  next/the past week|month|year|quarter" are the unit before/at/after the publication date
  (``date_r17a``: "the last week" is a date, "the past two years" a duration). A year-less
  month, month-day, quarter or season takes its year from the tense of the governing verb:
  past -> the most recent one not after the publication month, future (will/shall, a modal,
  or a plan's participle: "elections scheduled for January 8th") -> the first one not before
  it (but a month-day up to a week before publication stays that year's: the text was
  written a little before it was published), present or none -> the publication year (HeidelTime
  ``ContextAnalyzer`` tense + ``UNDEF-year``). A bare weekday is on or before the
  publication day (wire style names today by its weekday), forward in the future tense;
  in a sentence that names, before it, a day a week or more before publication, it is the
  weekday nearest that day.
* **Anchored expressions**: "N units after/before <event>", "N units earlier than..." and
  "N units from now" are the duration only (TimeML 1.2.1: the duration is a TIMEX3, the
  preposition a SIGNAL, "now" its own TIMEX3), type ``DURATION``, rule ``...:anchored``.
  "two days later", "a year earlier", "the next day", "the following week", "that day",
  "later that year" are resolved against the most recent date the text set before them
  (HeidelTime ``UNDEF-REF``, ``date_r17f-h``, ``date_r20-21``), provenance ``resolved``;
  when there is none, a counted one falls back to its duration and the others stay ``None``.
  A clock time takes the day of the most recent day-precision date of the text, else the
  publication day (HeidelTime ``time_r5``: ``UNDEF-REF-day-PLUS-0``).
* **Other dates**: holidays computable from the year ("Christmas 2012", "last Easter";
  HeidelTime ``normHolidayFix``/``normHolidayVar``), numeric dates ("3/14/2013", month
  first as in HeidelTime ``date_r0c``), quarters and halves (``2013-Q1``, ``2013-H2``;
  ``normPartOfYear``), "fiscal" dropped ("this fiscal year" -> the year). A definite
  unit under a part ("by the end of the year") is the unit of the most recent date the
  text set in the past tense, else the publication date's.
* **Ranges** are two expressions (TimeML 1.2.1, TIDES 2005: each endpoint is its own
  TIMEX): "2009-2010", "March 3-5, 2013", "between 2014 and 2016", "Sunday night at 8 PM".
* **Provenance**: ``stated`` when the text alone gives the value (absolute dates,
  durations, sets), ``resolved`` when the publication date or a date of the text was used.
  Without a day-precision publication date, expressions relative to it stay ``value=None``
  (rule ``...:needs-publication-date``) rather than guessed.
* Absolute dates with a day are parsed by ``dateparser`` (``REQUIRE_PARTS`` day/month/
  year), the rest by the rule tables below. Work is bounded: rules run on candidate spans
  (at most 80 characters), never over the whole text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.extract._spans import doc_text
from sitroom.model import DateProvenance, DateValue, Precision, Span, TimeRef

RULE = "sitroom.time.v2"

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
"""First month of each meteorological season (northern hemisphere)."""
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
"""TIMEX3 season designators (TIDES 2005 and TimeML 1.2.1: ``2012-SU``, ``XXXX-WI``)."""

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBERS = {word: n for n, word in enumerate(_ONES)} | _TENS | {"a": 1, "an": 1, "a dozen": 12, "a hundred": 100, "one hundred": 100}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI", "noon": "12:00", "midday": "12:00", "midnight": "24:00"}
"""TIMEX3 day parts (TimeML 1.2.1; HeidelTime ``normPartOfDay``)."""

LEADING_WORDS = frozenset(
    "in on at since until till by from between during back through throughout around about "
    "before after of for as to into within".split()
)
"""Words trimmed off the start of a candidate span: they relate the time to an event."""

_SIGNALS = frozenset({"after", "before", "later", "earlier", "prior", "afterwards", "afterward"})
"""Words after a duration that anchor it to another event or time ("three years after")."""

_DAY_PARTS = r"(?:morning|afternoon|evening|night|overnight|noon|midday|midnight)"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen)"
)
_COUNT = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|{_NUMWORD}|an?|a dozen|a hundred|one hundred)(?:[- ]and[- ]a[- ]half)?"
_HALF = r"(?:half an?|a half)"
_VAGUE = r"(?:several|a few|few|some|many|recent|numerous|multiple|a couple of|couple of|dozens of|hundreds of|countless|a number of)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
_CAL_UNIT = r"(?:day|week|month|year|decade)s?"
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_SEASON = r"(?:" + "|".join(SEASONS) + r")"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
_ORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_DIRECTION = r"(this|last|next|past|previous|coming|current|latest)"
_DEGREE = r"(?:just|only|slightly|a little|well|some)"
_HEDGE = (
    r"(?:no more than|no longer than|no less than|no fewer than|more than|longer than|less than|fewer than|at least|"
    r"at most|up to|nearly|almost|approximately|roughly|about|around|circa|under|over)"
)
"""Words that bound or approximate a count of units ("more than three years"); see ``_BOUND_MODS``."""
_OFFSETS = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "latest": -1, "next": 1, "coming": 1}
"""HeidelTime ``normThisNextLast``: past/previous/latest = last, current = this."""

_DURATION = re.compile(
    rf"(?P<pre>(?:{_HEDGE}|{_DEGREE}|close to|barely|another|an additional|a further|a full|a whole|the|an?(?= \d| {_NUMWORD}\b| multi)|"
    r"(?:the )?(?:past|last|next|first|coming|previous|following|final|latest|remaining|initial)) )*"
    rf"(?:(?P<range>{_COUNT}) (?:to|or|-|–) (?P<range2>{_COUNT})[- ]|(?P<count>{_COUNT})[- ]?|(?P<half>{_HALF})[- ]|"
    rf"(?P<vague>{_VAGUE}) |(?P<multi>multi)-)?"
    rf"(?P<unit>{_UNIT})(?:[- ]long)?(?: (?:or so|or more|or less|in a row|straight|running|alone))?"
)
"""A duration: optional hedges and the/past/next, a count (or a vague one), a unit."""

_DURATION_UNITS: dict[str, tuple[str, float, bool, Precision]] = {
    "second": ("S", 1, True, "time"), "minute": ("M", 1, True, "time"), "hour": ("H", 1, True, "time"),
    "day": ("D", 1, False, "day"), "week": ("W", 1, False, "week"), "fortnight": ("W", 2, False, "week"),
    "month": ("M", 1, False, "month"), "year": ("Y", 1, False, "year"), "decade": ("Y", 10, False, "decade"),
    "century": ("Y", 100, False, "century"), "centurie": ("Y", 100, False, "century"),
}  # fmt: skip
"""unit -> (ISO 8601 designator, multiplier, time part, precision). A decade is ``P10Y``
(ISO 8601 has no decade designator); vague decades and centuries keep TIDES' ``DE``/``CE``."""


@dataclass(frozen=True, slots=True)
class _Value:
    """A normalised value before provenance: ``relative`` means it needed an anchor."""

    value: str
    precision: Precision | None
    relative: bool
    type: str = "DATE"
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    """What a rule may use: the publication day, the tense of the governing verb
    (``past``, ``future`` or ``None``) and the most recent date value the text set."""

    anchor: dt.date | None
    tense: str | None = None
    reference: str | None = None


class _NeedsAnchor(Exception):
    """A relative expression met without a publication date (internal signal)."""


class _NeedsReference(Exception):
    """An expression anchored to an earlier date met without one (internal signal)."""


# --- helpers -------------------------------------------------------------------------------------


def _need(ctx: _Context) -> dt.date:
    """The anchor day; raises :class:`_NeedsAnchor` when there is none."""
    if ctx.anchor is None:
        raise _NeedsAnchor
    return ctx.anchor


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by ``n`` months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _iso_week(day: dt.date) -> str:
    """ISO 8601 week of ``day``: ``2017-W28``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _number(word: str) -> float | None:
    """A count written in digits ("1,000", "2.5") or words ("twenty-five", "a dozen",
    "two and a half"), else ``None``."""
    word = word.strip()
    half = 0.0
    if m := re.fullmatch(r"(.+?)[- ]and[- ]a[- ]half", word):
        word, half = m.group(1), 0.5
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", word):
        return float(word.replace(",", "")) + half
    if word in NUMBERS:
        return NUMBERS[word] + half
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBERS and 0 < NUMBERS[parts[1]] < 10:
        return _TENS[parts[0]] + NUMBERS[parts[1]] + half
    return None


def _fmt(n: float) -> str:
    """``3`` for 3.0, ``2.5`` for 2.5 (ISO 8601 allows a decimal lowest component)."""
    return str(int(n)) if n == int(n) else f"{n:g}"


def _tense_direction(ctx: _Context) -> str:
    """Search direction for a year-less month, day, quarter or season from the tense."""
    return {"past": "past", "future": "future"}.get(ctx.tense or "", "this")


def _direction(word: str | None, ctx: _Context) -> str:
    """Search direction from a determiner ("last October") or else the tense."""
    if word in ("last", "past", "previous"):
        return "before"
    if word in ("next", "coming"):
        return "after"
    return _tense_direction(ctx)


def _month_for(month: int, ctx: _Context, *, direction: str) -> tuple[int, int]:
    """Year and month of a year-less month (HeidelTime news strategy, ``UNDEF-year``).

    ``past``: most recent not after the anchor month; ``before``: strictly before it
    ("last October"); ``future``: first not before it; ``after``: strictly after;
    ``this``: the anchor's year (present tense or no tense).
    """
    anchor = _need(ctx)
    year = anchor.year
    if direction in ("past", "before"):
        if month > anchor.month or (direction == "before" and month == anchor.month):
            year -= 1
    elif direction in ("future", "after") and (month < anchor.month or (direction == "after" and month == anchor.month)):
        year += 1
    return year, month


def _weekday_for(weekday: int, ctx: _Context, *, direction: str) -> dt.date:
    """The weekday nearest the anchor in ``direction``.

    ``past``/``this``/``future``: on or before / on or before / on or after the anchor (wire
    services name the current day by its weekday: "said on Friday" in a Friday story);
    ``before``/``after``: strictly ("last Tuesday", "next Tuesday").
    """
    anchor = _need(ctx)
    if direction in ("after", "future"):
        step = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=step or (7 if direction == "after" else 0))
    step = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=step or (7 if direction == "before" else 0))


def _season(season: str, year: int) -> _Value:
    """The season of ``year`` as TIMEX3 writes it: ``2016-SU`` (TimeML 1.2.1 / TIDES 2005
    season designators SP, SU, FA, WI; TempEval-3 gold "last summer" -> ``2012-SU``).
    A winter is named by the year of its December (``2012-WI`` runs into 2013)."""
    return _Value(f"{year}-{SEASON_CODES[season]}", "season", False)


def _day_part(part: str) -> str:
    """``TNI``, ``TMO``... or ``T12:00`` for a day-part word."""
    return "T" + DAY_PARTS[part]


# --- point rules: dates and times ----------------------------------------------------------------

_RuleFunc = Callable[[re.Match[str], _Context], "_Value | None"]


def _iso_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    try:
        return _Value(dt.date.fromisoformat(m.group(0)).isoformat(), "day", False)
    except ValueError:
        return None


def _year_range(m: re.Match[str], ctx: _Context) -> _Value | None:
    first, second = m.group(1), m.group(2)
    if len(second) == 2:
        second = first[:2] + second
    return _Value(f"{first}/{second}", "year", False) if second > first else None


def _year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(m.group(1), "year", False)


def _short_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """'98 -> 1998, '13 -> 2013: the century from the publication year (HeidelTime ``UNDEF-century``)."""
    anchor = _need(ctx)
    year = anchor.year // 100 * 100 + int(m.group(1))
    if year > anchor.year + 10:
        year -= 100
    return _Value(str(year), "year", True)


def _decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the 1990s" -> ``199`` (TIMEX3/TIDES: the decade is the year's first three digits)."""
    return _Value(m.group(1), "decade", False)


def _short_decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the '90s", "the nineties" -> ``199`` (HeidelTime ``date_r13b-c``: the 1900s)."""
    digit = m.group(1) or m.group(2) or str(_TENS[m.group(3)[:-3] + "y"] // 10)
    return _Value("19" + digit, "decade", False)


def _century(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the 20th century" -> ``19`` (TIDES 2005: a century is its years' first two digits)."""
    n = int(m.group(1)) if m.group(1) else ORDINALS.get(m.group(2), 0)
    return _Value(f"{n - 1:02d}", "century", False) if 1 < n <= 21 else None


def _month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(f"{m.group(2)}-{MONTHS[m.group(1).rstrip('.')]:02d}", "month", False)


def _season_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _season(m.group(1), int(m.group(2)))


def _absolute_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    parsed = _parse_full_date(m.group(0))
    return _Value(parsed.isoformat(), "day", False) if parsed else None


def _this_decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(str(_need(ctx).year)[:3], "decade", True)


def _decade_span(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the past decade", "the next decade": the ten years up to or from now, a DURATION."""
    return _Value("P10Y", "decade", False, "DURATION")


def _reference_word(value: str) -> _RuleFunc:
    """PRESENT_REF / PAST_REF / FUTURE_REF (TimeML 1.2.1; HeidelTime ``normDateWord``, and
    ``date_r19e`` for "the coming days"): deictic, so it needs the publication date like
    every relative expression."""

    def rule(m: re.Match[str], ctx: _Context) -> _Value | None:
        _need(ctx)
        return _Value(value, None, True)

    return rule


def _day_offset(days: int) -> _RuleFunc:
    def rule(m: re.Match[str], ctx: _Context) -> _Value | None:
        return _Value((_need(ctx) + dt.timedelta(days=days)).isoformat(), "day", True)

    return rule


def _day_part_offset(days: int) -> _RuleFunc:
    """"this morning", "last night", "yesterday afternoon": a day and a TIMEX3 day part."""

    def rule(m: re.Match[str], ctx: _Context) -> _Value | None:
        part = m.group("part") or m.group("part2") or "night"
        day = _need(ctx) + dt.timedelta(days=days)
        return _Value(day.isoformat() + _day_part(part), "time", True, "TIME")

    return rule


def _part_of_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the morning of March 5", "the night of 3 June 2012" (HeidelTime ``time_r8a-d``)."""
    day, _ = _core(m.group("day"), ctx)
    if day is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
        return None
    return _Value(day.value + _day_part(m.group("part")), "time", day.relative, "TIME")


def _weekday(m: re.Match[str], ctx: _Context) -> _Value | None:
    direction = _direction(None if m.group(1) == "this" else m.group(1), ctx)
    if direction == "this":
        direction = "past"
    day = _weekday_for(WEEKDAYS[m.group(2)], ctx, direction=direction)
    if m.group("part"):
        return _Value(day.isoformat() + _day_part(m.group("part")), "time", True, "TIME")
    return _Value(day.isoformat(), "day", True)


def _week(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(_iso_week(_need(ctx) + dt.timedelta(weeks=_OFFSETS[m.group(1)])), "week", True)


def _weekend(m: re.Match[str], ctx: _Context) -> _Value | None:
    """TIMEX3 ``2017-W27-WE``; "the weekend" is the last one, the coming one in the future
    tense (HeidelTime ``date_r61``: ``UNDEF-last-week-WE``)."""
    anchor = _need(ctx)
    word = m.group(1)
    if word is None:
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        if ctx.tense == "future" and anchor.weekday() < 5:
            saturday += dt.timedelta(weeks=1)
    else:
        saturday = anchor - dt.timedelta(days=anchor.weekday() - 5) + dt.timedelta(weeks=_OFFSETS[word])
    return _Value(_iso_week(saturday) + "-WE", "week", True)


def _month_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    anchor = _need(ctx)
    year, month = _shift_month(anchor.year, anchor.month, _OFFSETS[m.group(1)])
    return _Value(f"{year}-{month:02d}", "month", True)


def _year_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(str(_need(ctx).year + _OFFSETS[m.group(1)]), "year", True)


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _quarter_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    anchor = _need(ctx)
    index = anchor.year * 4 + _quarter_of(anchor) - 1 + _OFFSETS[m.group(1)]
    return _Value(f"{index // 4}-Q{index % 4 + 1}", "quarter", True)


def _ordinal_quarter(word: str) -> int:
    return {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4}.get(word) or ORDINALS[word]


def _quarter_number(m: re.Match[str]) -> int:
    """The quarter a rule matched: group ``q`` or ``q2``, "first"/"1st"/"1" (a last quarter of a year: 4)."""
    groups = m.groupdict()  # the rules name their groups differently ("the last quarter of 2012" has none)
    quarter = groups.get("q") or groups.get("q2") or "4"
    return int(quarter) if quarter.isdigit() else _ordinal_quarter(quarter)


def _quarter_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the first quarter of 2013", "2012's fourth quarter", "Q1 2013" -> ``2013-Q1``
    (TIMEX3 part of year; HeidelTime ``normPartOfYear``)."""
    groups = m.groupdict()
    return _Value(f"{groups.get('y') or groups.get('y2')}-Q{_quarter_number(m)}", "quarter", False)


def _quarter_rel_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the second quarter of last year", "next year's first quarter"."""
    groups = m.groupdict()
    year = _need(ctx).year + _OFFSETS[groups.get("rel") or groups.get("rel2")]
    return _Value(f"{year}-Q{_quarter_number(m)}", "quarter", True)


def _quarter_bare(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A year-less quarter takes its year from the tense, like a month (``UNDEF-year-Q1``)."""
    q = _quarter_number(m)
    anchor = _need(ctx)
    year, current = anchor.year, _quarter_of(anchor)
    direction = _tense_direction(ctx)
    if direction == "past" and q > current:
        year -= 1
    elif direction == "future" and q < current:
        year += 1
    return _Value(f"{year}-Q{q}", "quarter", True)


def _half_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the first half of 2013" -> ``2013-H1``; "of this year" or bare -> the publication year."""
    h = 1 if m.group(1) in ("first", "1st") else 2
    year = m.group(2)
    if year is None or not year.isdigit():
        year = str(_need(ctx).year + _OFFSETS.get((year or "this").split()[0], 0))
        return _Value(f"{year}-H{h}", "half", True)
    return _Value(f"{year}-H{h}", "half", False)


def _season_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    anchor = _need(ctx)
    season, word = m.group(2), m.group(1)
    year = anchor.year - 1 if SEASONS[season] == 12 and anchor.month <= 2 else anchor.year
    direction = _direction(word, ctx) if word not in ("this", "current") else "this"
    if direction == "before" or (direction == "past" and SEASONS[season] > anchor.month):
        year -= 1
    elif direction in ("after", "future") and _shift_month(year, SEASONS[season], 2) < (anchor.year, anchor.month):
        year += 1
    value = _season(season, year)
    return _Value(value.value, "season", True)


def _month_name(m: re.Match[str], ctx: _Context) -> _Value | None:
    year, month = _month_for(MONTHS[m.group(2).rstrip(".")], ctx, direction=_direction(m.group(1), ctx))
    return _Value(f"{year}-{month:02d}", "month", True)


REPORTING_LAG_DAYS = 7
"""A day this close before the publication day, told in the future tense, is the same year's:
the text was written a little before it was published ("There will be no operation from the
night of August 31" in an article of September 1), not a year ahead."""


def _month_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    month_word = m.group(1) or m.group(4)
    day_word = m.group(2) or m.group(3)
    direction = _tense_direction(ctx)
    year, month = _month_for(MONTHS[month_word.rstrip(".")], ctx, direction=direction)
    try:
        day = dt.date(year, month, int(day_word))
    except ValueError:
        return None
    if direction == "future" and day > _need(ctx) and not (month == 2 and day.day == 29):
        recent = dt.date(year - 1, month, day.day)
        if 0 < (_need(ctx) - recent).days <= REPORTING_LAG_DAYS:
            day = recent
    return _Value(day.isoformat(), "day", True)


def _month_rel_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    year, month = _need(ctx).year + _OFFSETS[m.group(4)], MONTHS[m.group(2).rstrip(".")]
    day = m.group(1) or m.group(3)
    if day is None:
        return _Value(f"{year}-{month:02d}", "month", True)
    try:
        return _Value(dt.date(year, month, int(day)).isoformat(), "day", True)
    except ValueError:
        return None


def _ago(m: re.Match[str], ctx: _Context) -> _Value | None:
    n, unit = _number(m.group(1)), m.group(2).rstrip("s")
    anchor = _need(ctx)
    if n is None or n > 500 or n != int(n):
        return None
    return _shifted(anchor, unit, -int(n), relative=True)


def _shifted(day: dt.date, unit: str, n: int, *, relative: bool) -> _Value | None:
    """``day`` moved by ``n`` units, at the unit's precision ("two weeks ago" -> a week)."""
    try:
        if unit == "day":
            return _Value((day + dt.timedelta(days=n)).isoformat(), "day", relative)
        if unit == "week":
            return _Value(_iso_week(day + dt.timedelta(weeks=n)), "week", relative)
        if unit == "month":
            year, month = _shift_month(day.year, day.month, n)
            return _Value(f"{year}-{month:02d}", "month", relative)
        if unit == "decade":
            return _Value(str(day.year + 10 * n)[:3], "decade", relative)
        return _Value(str(day.year + n), "year", relative)
    except (OverflowError, ValueError):
        return None


def _clock(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"8 p.m.", "10:30 a.m.", "noon": the day of the most recent day-precision date the
    text set, else the publication day (HeidelTime ``time_r5``); a day after the clock
    time ("8 p.m. Tuesday") gives the day itself (``time_r6``)."""
    hour = m.group("h") or m.group("h2")
    if hour is None:
        clock = DAY_PARTS[m.group("word")]
    else:
        h, minute = int(hour), int(m.group("m") or m.group("m2") or 0)
        meridiem = (m.group("ap") or "").replace(".", "")
        if meridiem == "pm" and h < 12:
            h += 12
        elif meridiem == "am" and h == 12:
            h = 0
        if h > 24 or minute > 59:
            return None
        clock = f"{h:02d}:{minute:02d}"
    if m.group("day"):
        day_value, _ = _core(m.group("day"), ctx)
        if day_value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_value.value):
            return None
        return _Value(f"{day_value.value}T{clock}", "time", True, "TIME")
    reference = ctx.reference or ""
    if re.match(r"\d{4}-\d{2}-\d{2}", reference):
        return _Value(f"{reference[:10]}T{clock}", "time", True, "TIME")
    return _Value(f"{_need(ctx).isoformat()}T{clock}", "time", True, "TIME")


def _numeric_date(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"3/22/2013" (HeidelTime ``date_r0c``: month first, as in American news; day first
    when the first number cannot be a month, "22/3/2013")."""
    first, second, year = int(m.group(1)), int(m.group(2)), m.group(3)
    month, day = (second, first) if first > 12 else (first, second)
    if len(year) == 2:
        year = f"20{year}" if int(year) <= 30 else f"19{year}"
    try:
        return _Value(dt.date(int(year), month, day).isoformat(), "day", False)
    except ValueError:
        return None


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's names)
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _thanksgiving(year: int) -> dt.date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1), "new year's eve": lambda y: dt.date(y, 12, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14), "international women's day": lambda y: dt.date(y, 3, 8),
    "may day": lambda y: dt.date(y, 5, 1), "independence day": lambda y: dt.date(y, 7, 4),
    "fourth of july": lambda y: dt.date(y, 7, 4), "halloween": lambda y: dt.date(y, 10, 31),
    "christmas eve": lambda y: dt.date(y, 12, 24), "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25), "boxing day": lambda y: dt.date(y, 12, 26),
    "easter": _easter, "easter sunday": _easter, "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1), "thanksgiving": _thanksgiving,
    "thanksgiving day": _thanksgiving,
}  # fmt: skip
"""Holidays with a date computable from the year (HeidelTime ``normHolidayFix``/``normHolidayVar``).
Lunar-calendar holidays (Ramadan, Eid) are left without a value."""
_HOLIDAY = r"(?:" + "|".join(sorted((re.escape(h) for h in HOLIDAYS), key=len, reverse=True)) + r")"


def _holiday(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"Christmas 2012", "last Christmas", "Easter": the year is stated, or chosen like a
    month's (its month, by tense or this/last/next)."""
    name = m.group(2)
    if m.group(3):
        return _Value(HOLIDAYS[name](int(m.group(3))).isoformat(), "day", False)
    month = HOLIDAYS[name](_need(ctx).year).month
    year, _ = _month_for(month, ctx, direction=_direction(m.group(1), ctx))
    return _Value(HOLIDAYS[name](year).isoformat(), "day", True)


def _weekday_set(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"on Mondays", "Sunday nights": a SET ``XXXX-WXX-1`` (TimeML 1.2.1 SET; HeidelTime ``set_r6a``)."""
    weekday, part = m.group(1) or m.group(3), m.group(2) or m.group(4)
    return _Value(f"XXXX-WXX-{WEEKDAYS[weekday] + 1}{_day_part(part) if part else ''}", "day", False, "SET")


_Rule = tuple[str, re.Pattern[str], _RuleFunc]

_CLOCK = (
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::\d{2})? ?(?P<ap>[ap]\.?m\.?)|(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?"
    r"|(?P<word>noon|midday|midnight))(?: (?:local time|gmt|utc|[a-z]st|[a-z]dt|et|pt))?"
)


def _compile(rules: tuple[tuple[str, str, _RuleFunc], ...]) -> tuple[_Rule, ...]:
    return tuple((name, re.compile(pattern + r"$"), func) for name, pattern, func in rules)


_POINT_RULES: tuple[_Rule, ...] = _compile(
    (
        # absolute ("stated")
        ("iso-day", r"\d{4}-\d{2}-\d{2}", _iso_day),
        ("year-range", rf"({_YEAR})\s*(?:-|–|—|to|and|/)\s*(\d{{2}}|{_YEAR})", _year_range),
        ("year", rf"(?:the year |year |the )?({_YEAR})(?: year)?", _year),
        ("decade", r"(?:the )?(?:early |mid-|mid |late )?(\d{3})0'?s", _decade),
        ("decade", r"(?:the )?(?:early |mid-|mid |late )?(?:'(\d)0s|(\d)0's|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))", _short_decade),
        ("century", r"(?:the )?(?:early |mid-|mid |late )?(?:(\d{1,2})(?:st|nd|rd|th)|([a-z]+(?:-[a-z]+)?))[- ]century", _century),
        ("month-year", rf"({_MONTH}),? (?:of )?({_YEAR})", _month_year),
        ("season-year", rf"(?:the )?({_SEASON}),? (?:of )?({_YEAR})", _season_year),
        ("numeric-date", r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", _numeric_date),
        ("holiday", rf"(?:the )?(?:(last|this|next|past|previous|coming) )?({_HOLIDAY})(?:,? ({_YEAR}))?", _holiday),
        ("full-date", rf"(?:{_WEEKDAY},? )?(?:(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH},? {_YEAR}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? {_YEAR})", _absolute_day),
        ("quarter-year", rf"(?:the )?(?P<q>{_ORD})[- ]quarter,? (?:of )?(?:the year )?(?P<y>{_YEAR})", _quarter_year),
        ("quarter-year", rf"(?:the )?last quarter of (?P<y>{_YEAR})", _quarter_year),
        ("quarter-year", rf"(?P<y>{_YEAR})(?:'s)? (?P<q>{_ORD})[- ]quarter", _quarter_year),
        ("quarter-year", rf"q(?P<q>[1-4]),? (?:of )?(?P<y>{_YEAR})|(?P<y2>{_YEAR}) q(?P<q2>[1-4])", _quarter_year),
        ("half-year", rf"(?:the )?(first|second|1st|2nd|latter) half(?: of)?(?:,? ({_YEAR}|(?:this|last|next) year|the year))?", _half_year),
        # relative to the publication date ("resolved")
        ("short-year", r"'(\d\d)", _short_year),
        ("present", r"(?:right |just |even |until |up to |up until )?now|currently|nowadays|presently|at present|(?:the )?present(?: day| time)?|these days|at the moment", _reference_word("PRESENT_REF")),
        ("past", r"(?:the )?(?:distant |recent )?past", _reference_word("PAST_REF")),
        ("future", r"(?:the )?(?:near |distant |foreseeable |immediate )?future|(?:the )?(?:coming|next|following) (?:days|weeks|months|years)", _reference_word("FUTURE_REF")),
        ("clock", rf"(?:about |around |approximately |shortly after |shortly before |just after |just before )?{_CLOCK}(?:,? (?:on )?(?P<day>.+))?", _clock),
        ("day-part", rf"(?:early |late |earlier |later )?(?:this|today) (?P<part>{_DAY_PARTS})|(?:earlier |later )?today (?P<part2>{_DAY_PARTS})|tonight", _day_part_offset(0)),
        ("day-part", rf"(?:early |late )?yesterday (?P<part>{_DAY_PARTS})|(?:early |late )?last night(?P<part2>)", _day_part_offset(-1)),
        ("day-part", rf"(?:early |late )?tomorrow (?P<part>{_DAY_PARTS})(?P<part2>)", _day_part_offset(1)),
        ("day-part", r"(?:the )?(?:early |late )?(?P<part>morning|afternoon|evening|night) of (?:the )?(?P<day>.+)", _part_of_day),
        ("today", r"(?:earlier |later )?today", _day_offset(0)),
        ("yesterday", r"yesterday", _day_offset(-1)),
        ("day-before-yesterday", r"the day before yesterday", _day_offset(-2)),
        ("tomorrow", r"tomorrow", _day_offset(1)),
        ("day-after-tomorrow", r"the day after tomorrow", _day_offset(2)),
        ("weekday", rf"(?:(last|this|next|past|previous|coming) )?({_WEEKDAY})(?:,? (?P<part>{_DAY_PARTS}))?", _weekday),
        ("weekday-set", rf"({_WEEKDAY})s(?: ({_DAY_PARTS})s)?|({_WEEKDAY}) ({_DAY_PARTS})s", _weekday_set),
        ("week", rf"(?:earlier |later )?(?:the )?{_DIRECTION} week", _week),
        ("weekend", rf"(?:earlier |later )?(?:the |that )?(?:{_DIRECTION} )?weekend", _weekend),
        ("month", rf"(?:earlier |later )?(?:the )?{_DIRECTION} month", _month_rel),
        ("year-rel", rf"(?:earlier |later )?(?:the )?{_DIRECTION} year", _year_rel),
        ("decade-rel", r"(?:the )?(?:this|current) decade", _this_decade),
        ("decade-rel", r"(?:the )?(?:last|past|next|coming) decade", _decade_span),
        ("quarter-rel", rf"(?:the )?{_DIRECTION} quarter", _quarter_rel),
        ("quarter-rel-year", rf"(?:the )?(?P<q>{_ORD})[- ]quarter of (?P<rel>this|last|next) year|(?P<rel2>this|last|next) year's (?P<q2>{_ORD})[- ]quarter", _quarter_rel_year),
        ("quarter", rf"(?:the )?(?P<q>{_ORD})[- ]quarter(?: of the year)?|q(?P<q2>[1-4])", _quarter_bare),
        ("season", rf"(?:earlier |later )?(?:(this|last|next|past|previous|coming|current) )?({_SEASON})", _season_rel),
        ("month-rel-year", rf"(?:(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?)?({_MONTH})(?: (\d{{1,2}})(?:st|nd|rd|th)?)?,? (?:of )?(this|last|next|previous|coming) year", _month_rel_year),
        ("month-day", rf"(?:{_WEEKDAY},? )?(?:({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH}))", _month_day),
        ("month-name", rf"(?:(last|this|next|past|previous|coming) )?({_MONTH})", _month_name),
        ("ago", rf"(?:(?:{_DEGREE} )?{_HEDGE} |{_DEGREE} )?({_COUNT}) ({_CAL_UNIT}) ago", _ago),
    )
)
"""(name, pattern, resolver): tried in order on the normalised core expression."""


# --- expressions anchored to a date of the text (HeidelTime UNDEF-REF) ----------------------------


def _reference_day(ctx: _Context) -> dt.date:
    """The day of the most recent date the text set; raises :class:`_NeedsReference`."""
    if ctx.reference and re.match(r"\d{4}-\d{2}-\d{2}", ctx.reference):
        return dt.date.fromisoformat(ctx.reference[:10])
    raise _NeedsReference


def _reference_at(unit: str, ctx: _Context) -> dt.date:
    """A day inside the most recent date the text set, at least as precise as ``unit``."""
    value = ctx.reference or ""
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value[:10])
    if unit == "week" and (m := re.match(r"(\d{4})-W(\d{2})", value)):
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    if unit in ("month", "year", "decade") and (m := re.match(r"(\d{4})-(\d{2})(?!\d)", value)):
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    if unit in ("month", "year", "decade") and (m := re.match(r"(\d{4})-(SP|SU|FA|WI)$", value)):
        first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.group(2)]
        return dt.date(int(m.group(1)), first, 1)  # a season counts from its first month
    if unit in ("year", "decade") and (m := re.match(r"(\d{4})(?!\d)", value)):
        return dt.date(int(m.group(1)), 1, 1)
    raise _NeedsReference


def _ref_offset(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"two days later", "a year earlier": the date the text set, moved (``date_r20-21``)."""
    n, unit = _number(m.group(1)), m.group(2).rstrip("s")
    if n is None or n != int(n) or n > 500:
        return None
    sign = -1 if m.group(3) in ("earlier", "before", "prior") else 1
    return _shifted(_reference_at(unit, ctx), unit, sign * int(n), relative=True)


def _ref_next(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"the next day", "the following week", "the previous day", "the day before"."""
    word = m.group("word") or m.group("word2") or m.group("word3")
    unit = m.group("unit") or m.group("unit2") or m.group("unit3")
    sign = -1 if word in ("previous", "preceding", "before") else 1
    if unit in DAY_PARTS:
        day = _reference_day(ctx) + dt.timedelta(days=sign)
        return _Value(day.isoformat() + _day_part(unit), "time", True, "TIME")
    return _shifted(_reference_at(unit, ctx), unit, sign, relative=True)


def _ref_same(m: re.Match[str], ctx: _Context) -> _Value | None:
    """"that day", "the same year", "later that month" (``date_r17h``)."""
    unit = m.group("unit")
    if unit in DAY_PARTS:
        return _Value(_reference_day(ctx).isoformat() + _day_part(unit), "time", True, "TIME")
    return _shifted(_reference_at(unit, ctx), unit, 0, relative=True)


_REF_RULES: tuple[_Rule, ...] = _compile(
    (
        ("ref-offset", rf"(?:(?:{_DEGREE} )?{_HEDGE} |{_DEGREE} )?({_COUNT}) ({_CAL_UNIT}) (later|earlier|after|before|afterwards?|on)", _ref_offset),
        ("ref-next", rf"(?:the )?(?P<word>next|following|previous|preceding) (?P<unit>day|{_DAY_PARTS})|(?:the )?(?P<word2>following) (?P<unit2>week|month|year)|the (?P<unit3>day|week|month|year) (?P<word3>before|after)", _ref_next),
        ("ref-same", rf"(?:(?:earlier|later) )?(?:that|the same|that same|this same) (?P<unit>day|week|month|year|{_DAY_PARTS})", _ref_same),
    )
)


# --- durations and sets --------------------------------------------------------------------------


def _duration(text: str) -> _Value | None:
    """``P9M`` for "almost nine months", ``PXD`` for "several days", ``PT2H`` for "two
    hours", ``PXY`` for "years" (TimeML 1.2.1 DURATION; HeidelTime ``duration_r1-r3``).
    ``None`` for a bare singular unit ("year"), a plural with a determiner but no count
    ("the final seconds", "the early years": no length is said) or a count of quarters
    (HeidelTime ``duration_r2*_negation``)."""
    m = _DURATION.fullmatch(text)
    if m is None:
        return None
    unit = m.group("unit").lower()
    plural = unit.endswith("s")
    designator, factor, time_part, precision = _DURATION_UNITS[unit.rstrip("s") if unit != "centuries" else "century"]
    prefix = "PT" if time_part else "P"
    if m.group("count"):
        n = _number(m.group("count"))
        if n is None or n > 100_000:
            return None
        return _Value(f"{prefix}{_fmt(n * factor)}{designator}", precision, False, "DURATION")
    if m.group("half"):
        return _Value(_half_duration(unit.rstrip("s")), precision, False, "DURATION")
    if m.group("vague") or m.group("range") or m.group("multi") or (plural and not m.group("pre")):
        vague = {"decade": "DE", "century": "CE", "centurie": "CE"}.get(unit.rstrip("s"), designator)
        return _Value(f"{prefix}X{vague}", precision, False, "DURATION")
    if "-long" in text or text.endswith(" long"):
        return _Value(f"{prefix}{_fmt(factor)}{designator}", precision, False, "DURATION")
    return None


def _half_duration(unit: str) -> str:
    """"half a year" -> ``P6M``, "half an hour" -> ``PT30M``, "half a day" -> ``PT12H``."""
    return {"year": "P6M", "month": "P0.5M", "week": "P3.5D", "day": "PT12H", "hour": "PT30M", "minute": "PT30S", "decade": "P5Y", "century": "P50Y"}.get(unit, "PXD")


_SET_UNITS = {"second": "PT1S", "minute": "PT1M", "hour": "PT1H", "day": "P1D", "night": "P1D", "week": "P1W", "month": "P1M", "quarter": "P3M", "year": "P1Y", "decade": "P10Y", "weekend": "P1W"}
_SET_WORDS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}
_SET = re.compile(
    rf"(?:(?P<every>every|each|per)(?: (?P<other>other))?(?: (?P<n>{_COUNT}))? (?P<unit>second|minute|hour|day|night|week|weekend|month|quarter|year|decade)s?"
    rf"|(?:every|each) (?P<weekday>{_WEEKDAY})(?: (?P<part>{_DAY_PARTS}))?|(?:every|each) (?P<month>{_MONTH})|(?:every|each) (?P<season>{_SEASON})"
    rf"|(?P<freq>once|twice|thrice|{_COUNT} times?) (?:a|an|per|each|every) (?P<unit2>second|minute|hour|day|night|week|month|quarter|year)"
    rf"|(?P<word>{'|'.join(_SET_WORDS)}))"
)


def _set(text: str) -> _Value | None:
    """A SET (TimeML 1.2.1: the value is the period): "every week" / "twice a week" /
    "weekly" -> ``P1W``, "every two years" -> ``P2Y``, "every Tuesday" -> ``XXXX-WXX-2``,
    "every March" -> ``XXXX-03``, "each winter" -> ``XXXX-WI`` (HeidelTime ``set_r1-r5``)."""
    m = _SET.fullmatch(text)
    if m is None:
        return None
    if m.group("word"):
        value = _SET_WORDS[m.group("word")]
    elif m.group("weekday"):
        part = _day_part(m.group("part")) if m.group("part") else ""
        return _Value(f"XXXX-WXX-{WEEKDAYS[m.group('weekday')] + 1}{part}", "day", False, "SET")
    elif m.group("month"):
        return _Value(f"XXXX-{MONTHS[m.group('month').rstrip('.')]:02d}", "month", False, "SET")
    elif m.group("season"):
        return _Value(f"XXXX-{SEASON_CODES[m.group('season')]}", "season", False, "SET")
    elif m.group("unit2"):
        value = _SET_UNITS[m.group("unit2")]
    else:
        value = _SET_UNITS[m.group("unit")]
        n = _number(m.group("n")) if m.group("n") else (2 if m.group("other") else 1)
        if n is None or n != int(n):
            return None
        value = re.sub(r"\d+", str(int(re.search(r"\d+", value).group(0)) * int(n)), value, count=1)  # type: ignore[union-attr]
    precision: Precision = {"S": "time", "M": "month", "H": "time", "D": "day", "W": "week", "Y": "year"}[value[-1]]
    if value.startswith("PT"):
        precision = "time"
    return _Value(value, precision, False, "SET")


# --- one expression ------------------------------------------------------------------------------

_PARTS = (
    (re.compile(r"^(?:the )?(?:beginning|start|early part|dawn) of (?:the )?"), "START"),
    (re.compile(r"^(?:the )?(?:middle|mid part) of (?:the )?"), "MID"),
    (re.compile(r"^(?:the )?(?:end|close|latter part|last part) of (?:the )?"), "END"),
    (re.compile(r"^(?:the )?(?:early|earlier)[- ]"), "START"),
    (re.compile(r"^(?:the )?mid[- ]"), "MID"),
    (re.compile(r"^(?:the )?(?:late|later)[- ]"), "END"),
)
"""Part-of-period words and their TIMEX3 ``mod`` (TimeML 1.2.1 / TIDES 2005: START "the
early 1960s", "the dawn of 2000"; MID "mid-February", "the middle of the month"; END "the
end of the year"; HeidelTime ``normPartWords``). "earlier"/"later" only when not followed
by this/that/today: "earlier this week" is a time before now inside the week, not its start."""

_BOUND = re.compile(rf"^(?:(?P<degree>{_DEGREE}) )?(?P<hedge>{_HEDGE}) (?=\d|{_NUMWORD}\b|an?\b|half\b)|(?P<suffix>or so|or more|or less)$")
"""A bound or approximation on a count of units ("more than three years", "two weeks or so")."""

_BOUND_MODS = {
    "approximately": "APPROX", "roughly": "APPROX", "about": "APPROX", "around": "APPROX", "circa": "APPROX",
    "or so": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "more than": "MORE_THAN", "longer than": "MORE_THAN",
    "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "no fewer than": "EQUAL_OR_MORE", "or more": "EQUAL_OR_MORE", "no more than": "EQUAL_OR_LESS",
    "no longer than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "or less": "EQUAL_OR_LESS",
}  # fmt: skip
"""Hedge -> TIMEX3 ``mod`` of a duration (TimeML 1.2.1 / TIDES 2005 ``mod`` table: LESS_THAN
"less than 2 hours long", MORE_THAN "more than 5 minutes", EQUAL_OR_LESS "no more than 10
days", EQUAL_OR_MORE "at least 10 days"; APPROX for approximators, the words of HeidelTime
``normApprox4Durations``; "nearly"/"almost" are LESS_THAN as there and in the TempEval-3
gold "almost seven years"). A bare "over" is a bound only with "just"/"well" before it: "spread over two
days" is no bound."""

_POINT_MODS = {
    ("MORE_THAN", -1): "BEFORE", ("LESS_THAN", -1): "AFTER", ("EQUAL_OR_MORE", -1): "ON_OR_BEFORE",
    ("EQUAL_OR_LESS", -1): "ON_OR_AFTER", ("MORE_THAN", 1): "AFTER", ("LESS_THAN", 1): "BEFORE",
    ("EQUAL_OR_MORE", 1): "ON_OR_AFTER", ("EQUAL_OR_LESS", 1): "ON_OR_BEFORE",
}  # fmt: skip
"""A bound on the distance of a point from its anchor -> the point's ``mod`` (TimeML 1.2.1 /
TIDES 2005: BEFORE "more than a decade ago", AFTER "less than a year ago", ON_OR_BEFORE "no
less than a year ago", ON_OR_AFTER "no more than a year ago"); ``-1`` back ("ago",
"earlier"), ``1`` forward ("later")."""

_AT_BOUNDS = (["at", "least"], ["at", "most"])
""""at least"/"at most" are a bound inside the extent (TIDES 2005 EQUAL_OR_MORE "at least 10 days"), not a preposition."""
_HEDGES = re.compile(r"^(?:just|only|as (?:early|late|recently) as|sometime|some time|until|since|by) (?=.)")
_DETERMINER = re.compile(rf"^(?:the|a|an) (?=\d|{_MONTH}\b)")
_FISCAL = re.compile(r"\bfiscal[- ](?:year )?(?=\d|year\b)|\b(?:fiscal|financial)[- ](?=year|quarter|\d)|\bfy ?(?=\d)")
"""HeidelTime ``normPartWords``: "fiscal" adds nothing to the value ("fiscal 2013" -> ``2013``)."""


def _normalise(expression: str) -> str:
    """Lower-case, straight apostrophes, single spaces, no possessive or trailing dot/comma,
    no leading preposition, "fiscal" dropped."""
    text = " ".join(expression.lower().replace("’", "'").replace("‘", "'").split())
    text = re.sub(r"(?:'s|s'|')$", lambda m: "s" if m.group(0) == "s'" else "", text)
    words = text.strip(" ,.;:").split(" ")
    while len(words) > 1 and words[0] in LEADING_WORDS and words[0] not in _SIGNALS and words[:2] not in _AT_BOUNDS:
        words.pop(0)
    text = _HEDGES.sub("", " ".join(words))
    text = _FISCAL.sub("", text)
    return _DETERMINER.sub("", text)


def _split_part(text: str) -> tuple[str | None, str]:
    """("END", "may") from "late may"; "earlier this week" keeps its words (no part)."""
    for pattern, part in _PARTS:
        match = pattern.match(text)
        if match:
            rest = text[match.end() :]
            if part != "MID" and match.group(0).strip().endswith("er") and re.match(r"(?:this|that|today|tonight)\b", rest):
                return None, text
            return part, rest
    return None, text


def _apply_part(value: _Value, part: str | None) -> _Value:
    """The period itself with ``mod`` START, MID or END (TimeML 1.2.1 ``mod``: "early
    December" -> ``2012-12`` START, "mid-2014" -> ``2014`` MID, "late last night" ->
    ``...TNI`` END): value and precision stay those of the period. A part of what is no
    calendar period (a clock time, PRESENT_REF, a duration) leaves the value as it is."""
    if part is None or value.type not in ("DATE", "TIME") or not _PERIOD_VALUE.fullmatch(value.value):
        return value
    return replace(value, mod=part)


_PERIOD_VALUE = re.compile(r"\d{2,4}(?:-(?:\d{2}(?:-\d{2}(?:T(?:MO|AF|EV|NI))?)?|W\d{2}(?:-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?")
"""A TIMEX3 DATE value naming a period (century to day) or a day part: what a part word can narrow."""


def _bound(text: str, *, point: int = 0) -> str | None:
    """The ``mod`` a hedge inside ``text`` gives: of a duration ("almost seven years" ->
    LESS_THAN), or with ``point`` -1/1 of a point that far back/forward ("more than a
    decade ago" -> BEFORE; "about/nearly two years ago" -> APPROX, HeidelTime
    ``normApprox4Dates``). A bare "over" bounds a point, not a duration ("over two days")."""
    m = _BOUND.search(text)
    if m is None:
        return None
    hedge = m.group("hedge") or m.group("suffix")
    if hedge == "over" and not point and m.group("degree") not in ("just", "well", "slightly", "a little"):
        return None
    mod = _BOUND_MODS[hedge]
    if point and hedge not in ("nearly", "almost") and mod != "APPROX":
        return _POINT_MODS[(mod, point)]
    return "APPROX" if point else mod


_CLOCK_BOUND = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "after": "AFTER", "before": "BEFORE"}
"""Hedges a clock rule reads ("approximately 8 p.m.", "shortly after noon": TIDES 2005 APPROX, AFTER, BEFORE)."""


def _hedged(expression: str) -> str:
    """``expression`` lower-cased, with the prepositions before it dropped but a hedge
    ("about", "around") kept: what :func:`_bound` reads."""
    words = expression.lower().replace("’", "'").split()
    while len(words) > 1 and words[0] in LEADING_WORDS and words[0] not in ("about", "around", *_SIGNALS) and words[:2] not in _AT_BOUNDS:
        words.pop(0)
    return " ".join(words)


def _with_bound(value: _Value, name: str, text: str) -> _Value:
    """``value`` with the bound or approximation that a hedge in ``text`` sets, if any."""
    if value.mod is not None:
        return value
    mod = None
    if value.type == "DURATION":
        mod = _bound(text)
    elif name == "ago":
        mod = _bound(re.sub(r" ago$", "", text), point=-1)
    elif name == "ref-offset":
        sign = -1 if re.search(r" (?:earlier|before|prior)$", text) else 1
        mod = _bound(re.sub(r" (?:later|earlier|after|before|afterwards?|on)$", "", text), point=sign)
    elif name == "clock" and (m := re.match(r"(?:(?:shortly|just) )?(about|around|approximately|roughly|after|before) ", text)):
        mod = _CLOCK_BOUND[m.group(1)]
    return replace(value, mod=mod) if mod else value


@lru_cache(maxsize=1)
def _date_parser() -> dateparser.date.DateDataParser:
    """One English ``dateparser`` instance that only accepts complete dates."""
    return dateparser.date.DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]},
    )


@lru_cache(maxsize=4096)
def _parse_full_date(text: str) -> dt.date | None:
    """A day/month/year date via ``dateparser``; ``None`` when a part is missing. Memoised:
    a complete date reads the same whatever the day, and dateparser takes 0.75 ms a call
    where a news stream repeats the dates of its week."""
    if len(text) > 60:
        return None
    data = _date_parser().get_date_data(text)
    return data.date_obj.date() if data.date_obj is not None and data.period == "day" else None


def _core(text: str, ctx: _Context) -> tuple[_Value | None, str]:
    """Try the point rules on ``text``; (value, rule name) or (None, "unknown")."""
    for name, pattern, func in _POINT_RULES:
        match = pattern.match(text)
        if match:
            return func(match, ctx), name
    return None, "unknown"


def _resolve(
    expression: str, ctx: _Context, *, event_anchored: bool = False
) -> tuple[_Value | None, str]:
    """Normalised value (with its ``mod``) and the rule that made it (or why there is none).

    ``event_anchored``: the expression is followed by "after/before <event>" or
    "earlier/later than": only its duration is a TIMEX3 (TimeML 1.2.1).

    Raises:
        _NeedsAnchor: the expression is relative and ``ctx.anchor`` is ``None``.
    """
    value, name = _resolve_value(expression, ctx, event_anchored=event_anchored)
    return (_with_bound(value, name, _hedged(expression)) if value else None), name


def _resolve_value(expression: str, ctx: _Context, *, event_anchored: bool) -> tuple[_Value | None, str]:
    """:func:`_resolve` before a hedge's bound is read (a part word's mod is set here)."""
    text = _normalise(expression)
    if not text or len(text) > 80:
        return None, "unknown"
    if event_anchored:
        return _duration(text), "anchored"
    if (found := _set(text)) is not None:
        return found, "set"
    part, core = _split_part(text)
    if part is not None and core in ("year", "month", "week"):
        return _apply_part(_unit_in_focus(core, ctx), part), "part-of-unit"
    value, name = _core(core, ctx)
    if value is None and part is None:
        for ref_name, pattern, func in _REF_RULES:
            match = pattern.match(text)
            if match:
                try:
                    return func(match, ctx), ref_name
                except _NeedsReference:
                    return _duration(re.sub(r" (?:later|earlier|after|before|afterwards?|on)$", "", text)), "anchored"
        if (found := _duration(text)) is not None:
            return found, "duration"
    return (_apply_part(value, part) if value else None), name


def _unit_in_focus(unit: str, ctx: _Context) -> _Value:
    """"the end of the year", "the middle of the month": the definite unit is the one in
    focus: in the past tense that of the most recent date the text set (the narrative's
    reference time, TimeML 1.2.1 temporal functions), else the publication date's."""
    day = None
    if ctx.tense == "past":
        try:
            day = _reference_at(unit, ctx)
        except _NeedsReference:
            day = None
    value = _shifted(day or _need(ctx), unit, 0, relative=True)
    assert value is not None  # a shift by 0 cannot overflow
    return value


def resolve(
    expression: str, published: dt.date | None, *, future: bool = False, tense: str | None = None
) -> tuple[str, Precision | None, DateProvenance, str | None] | None:
    """Normalise one time expression against the publication day.

    ``expression`` is the text as written ("last October", "March 31, 2019", "nine
    months"); ``tense`` is the tense of the governing verb (``"past"``, ``"future"`` or
    ``None``; ``future=True`` is ``tense="future"``): year-less months and weekdays point
    back in the past tense and forward in the future tense. Returns ``(value, precision,
    provenance, mod)`` with provenance ``stated`` (absolute: dates with a year, durations,
    sets) or ``resolved`` (used ``published``) and ``mod`` the TIMEX3 modifier or ``None``
    ("late May" -> ``("2017-05", "month", "resolved", "END")``; "about two weeks" ->
    ``("P2W", "week", "stated", "APPROX")``: a hedge given here is read, where
    :func:`find_times` leaves "about"/"around" outside the extent). ``None`` for anchored
    or unknown expressions, and for relative ones when ``published`` is ``None``. Never raises.
    """
    try:
        value, _ = _resolve(expression, _Context(published, "future" if future else tense))
    except _NeedsAnchor:
        return None
    if value is None:
        return None
    return value.value, value.precision, ("resolved" if value.relative else "stated"), value.mod


# --- candidates in a parsed document -------------------------------------------------------------

_DATABLE = re.compile(
    rf"\b(?:today|tonight|yesterday|tomorrow|last night|this {_DAY_PARTS}|{_WEEKDAY}|{_MONTH}|\d{{1,2}}(?:[:.]\d\d)? ?[ap]\.?m\b|"
    rf"\d{{1,2}}:\d\d|noon|midnight|midday|hours?|minutes?|seconds?|every|each|per|daily|nightly|hourly|that|same|next|following|previous)\b",
    re.IGNORECASE,
)
"""A TIME entity worth keeping: a datable day part, a clock time, hours or minutes, a
set ("every hour") or one anchored to another time ("that night", "the next morning")."""
_LOOSE_WORDS = frozenset({*MONTHS, *WEEKDAYS, *(d + "s" for d in WEEKDAYS), "yesterday", "today", "tonight", "tomorrow", "now", "currently", "nowadays"})
_PART_WORDS = frozenset({"early", "mid", "late", "mid-"})
_REF_NOUNS = frozenset({"past", "future", "present"})
_COMMA_CONTINUES = frozenset({n.lower() for n in (*calendar.month_name[1:], *calendar.day_name)})
_DATE_START = frozenset({*MONTHS, *(str(n) for n in range(1, 32)), *(f"{n}{s}" for n in range(1, 32) for s in ("st", "nd", "rd", "th"))})
_TRAILING = frozenset({"and", "or", "to", "through", "of", "-", "–"})
_EXTEND_LEFT = frozenset({"this", "last", "next", "that", "past", "previous", "coming", "following", "same", "the", "current", "early", "late", "mid", "earlier", "later", "fiscal"})
_HEAD_UNITS = frozenset({"year", "week", "month", "day", "quarter", "weekend", "decade", "century", "fiscal", "half", *SEASONS})
"""A singular unit at the start of an entity takes in a this/last/next left outside it."""
_AGE = re.compile(r"\d+[- ]years?[- ]old|\byears? old\b|-year-old|^(?:ages?|aged) ")
_AGE_AFTER = frozenset({"old", "older", "younger"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "my", "our", "your"})
_TIME_WORD = re.compile(
    rf"\b(?:{_YEAR}|\d{{3}}0'?s|'?\d0'?s|{_MONTH}|{_WEEKDAY}s?|{_SEASON}|{_UNIT}|today|tonight|yesterday|tomorrow|weekends?|"
    rf"{_DAY_PARTS}|daily|weekly|monthly|annually|yearly|hourly|quarter|q[1-4]|centur(?:y|ies)|now|currently|nowadays|present|past|future|{_HOLIDAY}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    rf"(?:twen|thir|for|fif|six|seven|eigh|nine)ties|\d{{4}}-\d{{2}}-\d{{2}}|'\d\d|\d{{1,2}}(?:[:.]\d\d)? ?[ap]\.?m\b|\d{{1,2}}:\d\d)\b"
)
_SPLITTERS = frozenset({"-", "–", "—", "to", "through", "thru", "until", "till", "and", "or", "at"})
_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:,? ((?:1[5-9]|2[01])\d\d))?")
_POINT_VALUE = re.compile(r"\d{4}(?:$|-)")


def anchor_date(published: DateValue | None) -> dt.date | None:
    """The publication day of a ``DateValue`` with day precision, else ``None``."""
    if published is None or published.precision != "day":
        return None
    try:
        return dt.date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def _loose_candidates(sdoc: Doc, taken: set[int]) -> list[SpacySpan]:
    """Month names, weekdays, "yesterday", "now", "the past", "every week"... outside any entity."""
    spans: list[SpacySpan] = []
    for token in sdoc:
        if token.i in taken or token.ent_type_:
            continue
        word = token.lower_.rstrip(".")
        span = None
        if word in _LOOSE_WORDS:
            span = _loose_word(token)
        elif word in _REF_NOUNS and token.pos_ == "NOUN":
            span = _reference_noun(token)
        elif word in ("every", "each") and token.i + 1 < len(sdoc) and _SET.fullmatch(f"{word} {sdoc[token.i + 1].lower_.rstrip('s')}"):
            span = sdoc[token.i : token.i + 2]
        elif word in ("once", "twice", "thrice") and token.i + 2 < len(sdoc) and _SET.fullmatch(sdoc[token.i : token.i + 3].text.lower()):
            span = sdoc[token.i : token.i + 3]
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return spans


def _reference_noun(token: Token) -> SpacySpan | None:
    """"the past", "the near future": a noun phrase of its own, not "the past week"."""
    sdoc = token.doc
    start = token.i - 1
    if start >= 0 and sdoc[start].lower_ in ("near", "distant", "foreseeable", "recent", "immediate"):
        start -= 1
    if start < 0 or sdoc[start].lower_ != "the":
        return None
    if token.i + 1 < len(sdoc) and sdoc[token.i + 1].pos_ in ("NOUN", "PROPN", "NUM"):
        return None
    return sdoc[start : token.i + 1]


def _loose_word(token: Token) -> SpacySpan | None:
    """The span of a month, weekday or deictic word with the part word before it and the
    day or year after it ("late May", "May 29, 2017")."""
    sdoc = token.doc
    word = token.lower_.rstrip(".")
    if word in MONTHS and not _is_month(token):
        return None
    if word in ("now", "currently", "nowadays"):
        if token.pos_ != "ADV" or (token.i > 0 and sdoc[token.i - 1].lower_ == "from"):
            return None
        start = token.i - 1 if token.i > 0 and sdoc[token.i - 1].lower_ in ("right", "just") and word == "now" else token.i
        return sdoc[start : token.i + 1]
    if word.endswith("s") and word[:-1] in WEEKDAYS and not token.text[:1].isupper():
        return None
    start, end = token.i, token.i + 1
    if start > 0 and sdoc[start - 1].lower_ in _PART_WORDS:
        start -= 1
    while end < len(sdoc) and end - token.i < 3 and (_is_day_or_year(sdoc[end], token) or sdoc[end].text == ","):
        end += 1
    while end > token.i + 1 and sdoc[end - 1].text == ",":
        end -= 1
    return sdoc[start:end]


def _is_day_or_year(token: Token, month: Token) -> bool:
    """A day number or year after a month name, not a count ("late May 231 civilians")."""
    if not token.is_digit:
        return False
    if len(token) == 4:
        return bool(re.fullmatch(_YEAR, token.text))
    return len(token) <= 2 and 1 <= int(token.text) <= 31 and (token.dep_ != "nummod" or token.head == month)


def _is_month(token: Token) -> bool:
    """A capitalised month name used as a noun (not the modal "may", not "March" the verb)."""
    return token.text[:1].isupper() and token.pos_ == "PROPN"


ZONE_WORDS = frozenset({"utc", "gmt", "z", "zulu", "hours", "hrs", "hr", "est", "edt", "cet", "cest", "pst", "pdt", "ist", "msk", "eat", "wat", "cat", "ast"})
"""Words after four digits that make them a 24-hour clock time, not a year ("1800 UTC")."""


def _clock_digits(ent: SpacySpan) -> bool:
    """Four digits the model tagged as a date that a time zone or "hours" follows: "(1800 UTC)",
    "at 0600 local time", "1430 hrs"."""
    doc = ent.doc
    if len(ent) != 1 or re.fullmatch(r"[0-2]\d[0-5]\d", ent.text) is None or ent.end >= len(doc):
        return False
    after = doc[ent.end].lower_
    return after in ZONE_WORDS or (after == "local" and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "time")  # not "the 2019 local elections"


def _candidates(sdoc: Doc) -> list[SpacySpan]:
    """DATE entities, datable TIME entities and loose words, in text order; a date and the
    year the model tagged apart ("July 3-5" + ", 2016") are one candidate."""
    spans = [e for e in sdoc.ents if (e.label_ == "DATE" and not _clock_digits(e)) or (e.label_ == "TIME" and _DATABLE.search(e.text))]
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans.extend(_loose_candidates(sdoc, taken))
    spans.sort(key=lambda s: s.start)
    merged: list[SpacySpan] = []
    for span in spans:
        last = merged[-1] if merged else None
        if (
            last is not None
            and span.start == last.end + 1
            and re.search(_MONTH, last.text.lower())
            and not re.search(_YEAR, last.text)
            and (
                (sdoc[last.end].text == "," and re.fullmatch(_YEAR, span.text))
                or (sdoc[last.end].lower_ in ("to", "through", "until", "till", "-", "–") and re.search(rf"{_YEAR}$", span.text))
            )
        ):
            merged[-1] = sdoc[last.start : span.end]  # "March" + "to" + "May 2011": one range, one year
        else:
            merged.append(span)
    return merged


def _trim(span: SpacySpan) -> SpacySpan | None:
    """The span without leading prepositions, trailing punctuation or conjunctions, and
    without what a comma separates from the date ("today, Jan Egeland"; "40, eight years").
    A this/last/next or part word left outside the entity is taken in ("This year's").

    ``None`` when nothing is left or the span is no time expression (an age such as
    "29-year-old" or "6 months and older", a bare count such as "10 and 13").
    """
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        (doc[start].lower_ in LEADING_WORDS and [t.lower_ for t in doc[start : start + 2]] not in _AT_BOUNDS)
        or doc[start].is_punct
        or (
            doc[start].lower_ in ("a", "an", "the")
            and start + 2 < end + 1
            and start + 1 < end
            and doc[start + 1].lower_ in _DATE_START
            and not (start + 2 < len(doc) and doc[start + 2].lower_ in ("century", "centuries"))
        )
    ):
        start += 1
    while start < end - 1 and doc[start].like_num and doc[start].lower_ not in _DATE_START and not re.fullmatch(_YEAR, doc[start].text) and doc[start + 1].lower_ in _OFFSETS:
        start += 1  # "she turned 60 last month": the age is no part of the date
    for i in range(start + 1, end - 1):
        if doc[i].text == ",":
            left, right = doc[start:i].text.lower(), doc[i + 1 : end].text.lower()
            if not _TIME_WORD.search(left) and _TIME_WORD.search(right):
                start = i + 1
                break
            if not (doc[i + 1].like_num or doc[i + 1].lower_ in _COMMA_CONTINUES):
                end = i
                break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in _TRAILING):
        end -= 1
    if end <= start:
        return None
    if doc[start].lower_ in _HEAD_UNITS or doc[start].lower_ in SEASONS:
        for _ in range(2):
            if start > 0 and doc[start - 1].lower_ in _EXTEND_LEFT:
                start -= 1
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ("morning", "afternoon", "evening", "night"):
        start -= 3 if start > 2 and doc[start - 3].lower_ == "the" else 2  # "the morning of March 5"
    if end < len(doc) and doc[end].lower_ in DAY_PARTS and doc[end - 1].lower_ in {"yesterday", "today", "tomorrow", *WEEKDAYS}:
        end += 1  # "Yesterday morning": the model often leaves the day part out
    if end - start == 2 and doc[start].lower_ in ("a", "an", "per") and start > 0:
        before = doc[start - 1].lower_
        if before in ("once", "twice", "thrice"):
            start -= 1  # "twice a week": a SET (HeidelTime set_r2a-d)
        elif before == "times" and start > 1 and doc[start - 2].like_num:
            start -= 2
    if end < len(doc) and doc[end].text in ("'", "’") and not doc[end - 1].whitespace_ and doc[end - 1].lower_.endswith("s"):
        end += 1  # "five years' probation"
    text = doc[start:end].text.lower()
    if _AGE.search(text) or not _TIME_WORD.search(text) or _is_age(doc, start, end):
        return None
    if end - start == 1 and text in _SET_WORDS and doc[start].dep_ == "amod":
        return None  # "a daily newspaper": a property, not a recurring time (TimeML 1.2.1 SET is adverbial)
    return doc[start:end]


def _is_age(doc: Doc, start: int, end: int) -> bool:
    """"ages 6 months and older", "in his 20s", "a 6-year-old": not time expressions."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = [t.lower_ for t in doc[end : end + 3]]
    if before in ("ages", "aged", "age") or (before in _POSSESSIVES and re.fullmatch(r"\d0s|'\d0s", doc[start].lower_)):
        return True
    return bool(after) and (after[0] in _AGE_AFTER or (after[0] in ("and", "or") and len(after) > 1 and after[1] in ("older", "younger")))


def _tense(span: SpacySpan) -> str | None:
    """Tense of the verb governing ``span``: ``future`` (will/shall/'ll, or a modal not
    followed by "have"), ``past`` (VBD, or VBN without a present auxiliary), else ``None``
    (present tense, an untensed infinitive; HeidelTime ``tensePos4Past``/``tensePos4Future``)."""
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            if token.dep_ == "acl" and token.tag_ == "VBN" and token.lemma_.lower() in _PROSPECTIVE:
                return "future"  # "elections scheduled for January 8th": the date the plan names lies ahead
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                # an infinitive is untensed ("the program is to run through June"), unless a
                # present prospective predicate governs it: "is due to travel Tuesday",
                # "is set to vote Friday", "plans to visit Monday" point ahead
                return "future" if _prospective(token.head) else None
            return _verb_tense(token)
        if token.head == token:
            break
        token = token.head
    return None


_PROSPECTIVE = frozenset({"due", "set", "schedule", "expect", "plan", "intend", "aim", "prepare", "go", "about", "poise", "slate"})
"""Predicates whose infinitive complement lies ahead of the time they are said in."""


def _prospective(head: Token) -> bool:
    """``head`` (the word an infinitive complements) is a prospective predicate in the
    present or future tense ("is due to", "are set to", "plans to", "will try to")."""
    if head.lemma_.lower() not in _PROSPECTIVE and head.lower_ not in _PROSPECTIVE:
        return False
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    tense = _verb_tense(verb)
    if tense == "future":
        return True
    if tense == "past" or verb.tag_ == "VBD":
        return False
    return verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBZ", "VBP") for a in verb.children) or verb.lemma_ == "be"


def _verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"will", "shall", "'ll", "wo"}:
        return "future"
    if any(a.tag_ == "MD" for a in auxes):
        return "past" if "have" in words else "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        return None if any(a.tag_ in ("VBZ", "VBP") and a.lemma_ == "be" for a in auxes) else "past"
    return None


@dataclass(frozen=True, slots=True)
class _Piece:
    """A span to normalise: its tokens and the text to read (which may borrow a year or
    month from the other end of a range)."""

    span: SpacySpan
    text: str
    event_anchored: bool = False


def _pieces(span: SpacySpan) -> list[_Piece]:
    """``span`` as one or more expressions: a range or "X at <clock>" is two (TimeML 1.2.1,
    HeidelTime ``date_r4a-b``, ``date_r12b``), and so is "<day> after <span>"; "N units
    from now" is a duration and "now";
    "N units after/before <event>" or "earlier than" is the duration alone."""
    doc = span.doc
    words = [t.lower_ for t in span]
    if len(span) >= 3 and words[-2:] == ["from", "now"]:
        return [_Piece(span[:-2], span[:-2].text, event_anchored=True), _Piece(span[-1:], "now")]
    for k in range(1, len(span) - 1):
        if words[k] in _SPLITTERS:
            pieces = _range_pieces(span[:k], span[k + 1 :], words[k])
            if pieces:
                return pieces
    for k in range(1, len(span) - 1):
        if words[k] in ("after", "before", "since") and _parses(span[:k].text) is not None:
            # "on Wednesday after weeks of fighting", one DATE entity for the model: a day, a
            # signal (TimeML 1.2.1: no part of any extent) and what it relates the day to
            return [_Piece(span[:k], span[:k].text), _Piece(span[k + 1 :], span[k + 1 :].text)]
    return _signal_pieces(span, doc)


def _parses(text: str) -> _Value | None:
    """The value ``text`` has on its own as a calendar point (checked with a fixed anchor)."""
    try:
        value, _ = _core(_normalise(text), _Context(dt.date(2000, 6, 15)))
    except (_NeedsAnchor, _NeedsReference):
        return None
    return value if value is not None and value.type in ("DATE", "TIME") else None


def _range_pieces(left: SpacySpan, right: SpacySpan, word: str) -> list[_Piece] | None:
    """Both ends of "2009-2010", "March 3-5, 2013", "3 to 5 March", "March to May 2013",
    "Sunday night at 8 PM" (``word`` = "at": the right end must be a clock time)."""
    if not len(left) or not len(right):
        return None
    lt, rt = left.text, right.text
    right_value, left_value = _parses(rt), _parses(lt)
    if word == "at":
        if left_value and right_value and right_value.type == "TIME" and re.search(r"\d|noon|midnight", rt.lower()):
            return [_Piece(left, lt), _Piece(right, rt)]
        return None
    if left_value and right_value:
        year = re.search(rf"\b{_YEAR}$", rt)
        if year and not re.search(_YEAR, lt) and re.match(r"\d{4}-\d{2}", right_value.value):
            return [_Piece(left, f"{lt} {year.group(0)}"), _Piece(right, rt)]
        return [_Piece(left, lt), _Piece(right, rt)]
    day = _DAY_NUMBER.fullmatch(rt)
    if left_value and day and left_value.precision == "day" and (m := re.match(rf"(?:{_WEEKDAY},? )?({_MONTH}) \d", lt.lower())):
        year = f", {day.group(2)}" if day.group(2) else ""
        return [_Piece(left, f"{lt}{year}"), _Piece(right, f"{m.group(1)} {day.group(1)}{year}")]
    day = _DAY_NUMBER.fullmatch(lt)
    if right_value and day and right_value.precision == "day" and (m := re.search(rf"\d(?:st|nd|rd|th)? (?:of )?({_MONTH}(?:,? {_YEAR})?)$", rt.lower())):
        return [_Piece(left, f"{day.group(1)} {m.group(1)}"), _Piece(right, rt)]
    if re.fullmatch(_YEAR, lt) and re.fullmatch(r"\d{2}", rt) and word in ("-", "–", "—", "to") and int(rt) > int(lt[2:]):
        return [_Piece(left, lt), _Piece(right, lt[:2] + rt)]
    return None


def _signal_pieces(span: SpacySpan, doc: Doc) -> list[_Piece]:
    """A duration followed by a signal word: "three years after ISIS seized the city" and
    "a month earlier than usual" are the duration anchored to an event; "two days later"
    keeps its signal and is resolved against the last date of the text."""
    last = span[-1].lower_
    if last in _SIGNALS and len(span) > 1:
        core, signal, after = span[:-1], span[-1], span.end
    elif span.end < len(doc) and doc[span.end].lower_ in _SIGNALS | {"ago"}:
        core, signal, after = span, doc[span.end], span.end + 1
    else:
        return [_Piece(span, span.text)]
    if signal.lower_ == "ago":
        whole = doc[span.start : after]
        return [_Piece(whole, whole.text)]
    if not _DURATION.fullmatch(_normalise(core.text)) and not re.fullmatch(r"(?:the )?(?:day|night|week|month|year)", core.text.lower()):
        return [_Piece(span, span.text)]
    following = doc[after] if after < len(doc) else None
    event = following is not None and not following.is_punct and following.lower_ not in ("and", "but", "or")
    if signal.lower_ in ("later", "earlier", "afterwards", "afterward"):
        event = following is not None and following.lower_ == "than"
    if event:
        return [_Piece(core, core.text, event_anchored=True)]
    whole = doc[span.start : after]
    return [_Piece(whole, whole.text)]


def _time_ref(piece: _Piece, doc_id: str, ctx: _Context) -> TimeRef:
    """One TimeRef for one piece of a candidate."""
    doc = piece.span.doc
    span = piece.span
    try:
        value, name = _resolve(piece.text, ctx, event_anchored=piece.event_anchored)
    except _NeedsAnchor:
        value, name = None, "needs-publication-date"
    if value is not None and value.type == "DURATION" and len(span) > 1 and span[-1].lower_ in _SIGNALS | {"on"} and not piece.event_anchored:
        span = span[:-1]  # "two days later" with no date before it: the duration alone
    char_span = Span(doc_id, doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1]))
    return TimeRef(
        span=char_span,
        text=span.text,  # not doc.text[...]: Doc.text joins every token on each call
        value=value.value if value else None,
        precision=value.precision if value else None,
        provenance=("resolved" if value.relative else "stated") if value else None,
        rule=f"{RULE}:{name}",
        type=value.type if value else "DATE",
        mod=value.mod if value else None,
    )


def _expressions(sdoc: Doc) -> Iterator[tuple[SpacySpan, _Piece]]:
    """Every piece of every candidate, in text order."""
    for candidate in _candidates(sdoc):
        span = _trim(candidate)
        if span is not None:
            for piece in _pieces(span):
                yield span, piece


def find_times(sdoc: Doc, doc_id: str, published: DateValue | None) -> list[TimeRef]:
    """Every time expression in ``sdoc`` with its TIMEX3 type and value where it has one.

    ``published`` anchors expressions relative to the publication date (only a
    day-precision date is used); without it they keep ``value=None``. Expressions
    anchored to another date ("two days later", "the next day") use the most recent
    date value found before them in the text; in a past-tense sentence, the most recent
    one not after the publication day ("on the same day" after "his next court appearance
    on April 5" is the day of the events told). Returns TimeRefs in text order whose spans
    point into ``sdoc.text``. Never raises on odd text.
    """
    anchor = anchor_date(published)
    refs: list[TimeRef] = []
    reference: str | None = None
    settled: str | None = None  # the most recent date not after the publication day
    for span, piece in _expressions(sdoc):
        tense = _tense(span)
        # a past-tense "on the same day" or "two days later" is anchored to a day that had come
        # by the report, not to a date ahead that the text named since ("his next court
        # appearance on April 5")
        past = tense == "past" or (tense is None and any(t.tag_ == "VBD" for t in span.sent))
        told = settled if past and _ahead(reference, anchor) else reference
        ref = _time_ref(piece, doc_id, _Context(anchor, tense, told))
        refs.append(ref)
        if ref.type in ("DATE", "TIME") and (ref.value is None or _POINT_VALUE.match(ref.value)):
            if ref.value is not None or ref.rule.endswith(("needs-publication-date", "anchored")):
                reference = ref.value
                if not _ahead(reference, anchor):
                    settled = reference
    return _weekdays_near_a_named_day(_clock_days(refs, doc_text(sdoc)), sdoc, anchor)


_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _ahead(value: str | None, anchor: dt.date | None) -> bool:
    """A day value after the publication day."""
    return value is not None and anchor is not None and _DAY_VALUE.match(value) is not None and value[:10] > anchor.isoformat()


NAMED_DAY_RULES = frozenset({"month-day", "full-date", "iso-day", "numeric-date"})
"""Rules that give a day by its date, not by its distance from now."""
NAMED_DAY_DISTANCE = 7
"""Days before the publication day from which a sentence's named day, not the publication
day, anchors its weekdays."""


def _weekdays_near_a_named_day(refs: list[TimeRef], sdoc: Doc, anchor: dt.date | None) -> list[TimeRef]:
    """A bare weekday in a sentence that names, before it, a day a week or more before the
    publication day is the weekday nearest that day ("January 8 was the second day of
    attacks, after schools were bombed on Tuesday": the Tuesday of that week, not of the
    publication's). News names a day by its weekday within the week of the story; when the
    sentence sets its story at an earlier date, that date is the reference time (TimeML's
    anchoring of relative expressions to the narrative's reference time; HeidelTime's
    ``UNDEF-REF`` for narratives)."""
    if anchor is None:
        return refs
    out = list(refs)
    named: tuple[int, dt.date] | None = None  # (sentence start, the day)
    for i, ref in enumerate(refs):
        sent = sdoc.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
        start = sent.sent.start_char if sent is not None else -1
        rule = ref.rule.rsplit(":", 1)[-1]
        if rule in NAMED_DAY_RULES and ref.precision == "day" and ref.value and _DAY_VALUE.fullmatch(ref.value):
            day = dt.date.fromisoformat(ref.value)
            named = (start, day) if (anchor - day).days >= NAMED_DAY_DISTANCE else None
            continue
        if rule == "weekday" and named is not None and named[0] == start and ref.value and _DAY_VALUE.fullmatch(ref.value[:10]) and ref.text.strip().lower() in WEEKDAYS:
            target = dt.date.fromisoformat(ref.value[:10]).weekday()
            before = named[1] - dt.timedelta(days=(named[1].weekday() - target) % 7)
            after = before + dt.timedelta(days=7) if before != named[1] else before
            day = before if (named[1] - before) <= (after - named[1]) else after
            out[i] = replace(ref, value=day.isoformat() + ref.value[10:])
    return out


def _clock_days(refs: list[TimeRef], text: str) -> list[TimeRef]:
    """A clock time directly followed by its day ("8 p.m. on Tuesday", "6:30 a.m.
    Wednesday") takes that day (HeidelTime ``time_r6``, ``time_r7b``), not the last one."""
    out = list(refs)
    for i, ref in enumerate(refs[:-1]):
        nxt = refs[i + 1]
        if not ref.rule.endswith(":clock") or ref.value is None or "T" not in ref.value:
            continue
        between = text[ref.span.end : nxt.span.start].strip().lower()
        if between in ("", ",", "on", ", on") and nxt.value and _DAY_VALUE.fullmatch(nxt.value[:10]) and nxt.type in ("DATE", "TIME"):
            out[i] = replace(ref, value=nxt.value[:10] + ref.value[ref.value.index("T") :])
    return out
