"""Time expressions, normalised to ISO 8601 against the publication date.

Rules (``sitroom.time.v1``):

* Candidates are spaCy ``DATE`` entities, ``TIME`` entities that name a datable day
  part ("last night", "Tuesday morning"), and month names, weekdays and
  "yesterday"/"today" that the statistical model left unlabelled ("late May").
  Leading prepositions ("in", "on", "since", "between"...) are trimmed off the span.
* Values follow TimeML/TIMEX3 (Pustejovsky et al. 2005, "Temporal and event
  information in natural language text"): day ``2017-07-11``, ISO week ``2017-W27``,
  month ``2017-06``, year ``2017``, decade ``201X``; a part of a month, a part of a
  year or a season is a range ``start/end`` with the coarser unit as precision
  ("late May" -> ``2017-05-21/2017-05-31``, precision ``month``: early = days 1-10,
  mid = 11-20, late = 21-end; "early 2015" -> ``2015-01/2015-04``, precision
  ``year``: thirds of the year; seasons are meteorological, northern hemisphere:
  "summer 2016" -> ``2016-06/2016-08``, precision ``season``). A part of a week
  ("early last week") keeps the week's value.
* Resolution follows HeidelTime's news strategy (Strötgen & Gertz 2013,
  "Multilingual and cross-domain temporal tagging"): relative expressions are
  resolved against the publication date; a bare month or weekday refers to the
  most recent such month (not after the publication month) or day (before the
  publication day), or to the next one when the governing verb is in the future
  tense ("will", "shall"). Without a publication date they stay unresolved.
* Durations ("nine months", "the past week") are not points in time: value
  ``None``, rule ``...:duration``. Expressions anchored to another event ("three
  years after", "two days later", "the next day") are ``None`` too (``...:anchored``).
* Absolute dates with a day are parsed by ``dateparser`` (``REQUIRE_PARTS``
  day/month/year), the rest by the rule table :data:`_RULES` below.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import dateparser
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitroom.model import DateProvenance, DateValue, Precision, Span, TimeRef

RULE = "sitroom.time.v1"

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
"""First month of each meteorological season (northern hemisphere)."""

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "a couple of": 2, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

LEADING_WORDS = frozenset(
    "in on at since until till by from between during back through throughout around about "
    "before after of for as to into within".split()
)
"""Words trimmed off the start of a candidate span: they relate the time to an event."""

ANCHOR_WORDS = frozenset({"after", "before", "later", "earlier", "prior", "afterwards", "since"})
"""Words after a duration that anchor it to another event ("three years after")."""

_DAY_PARTS = r"(?:morning|afternoon|evening|night|overnight)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a couple of)"
_UNIT = r"(?:day|week|month|year|decade)s?"
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_SEASON = r"(?:" + "|".join(SEASONS) + r")"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"


@dataclass(frozen=True, slots=True)
class _Value:
    """A normalised value before provenance: ``relative`` means it needed the anchor."""

    value: str
    precision: Precision
    relative: bool


@dataclass(frozen=True, slots=True)
class _Context:
    """What a rule may use: the publication day (or ``None``) and the tense hint."""

    anchor: dt.date | None
    future: bool


class _NeedsAnchor(Exception):
    """A relative expression met without a publication date (internal signal)."""


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


def _number(word: str) -> int | None:
    """A small cardinal written in digits or words, else ``None``."""
    return int(word) if word.isdigit() else NUMBERS.get(word)


def _month_for(month: int, ctx: _Context, *, direction: str) -> tuple[int, int]:
    """Year and month of a year-less month name (HeidelTime news strategy).

    ``direction``: ``past`` most recent not after the anchor month, ``before`` strictly
    before it ("last October"), ``future`` first not before it, ``after`` strictly after.
    """
    anchor = _need(ctx)
    year = anchor.year
    if direction in ("past", "before"):
        if month > anchor.month or (direction == "before" and month == anchor.month):
            year -= 1
    elif month < anchor.month or (direction == "after" and month == anchor.month):
        year += 1
    return year, month


def _weekday_for(weekday: int, ctx: _Context, *, direction: str) -> dt.date:
    """The weekday nearest the anchor in ``direction``.

    ``past``/``future``: on or before / on or after the anchor (wire services name
    the current day by its weekday: "said on Friday" in a Friday story);
    ``before``/``after``: strictly ("last Tuesday", "next Tuesday").
    """
    anchor = _need(ctx)
    if direction in ("after", "future"):
        step = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=step or (7 if direction == "after" else 0))
    step = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=step or (7 if direction == "before" else 0))


def _direction(word: str | None, ctx: _Context) -> str:
    """Search direction for a month or weekday from its determiner and the tense."""
    if word in ("last", "past", "previous"):
        return "before"
    if word in ("next", "coming"):
        return "after"
    return "future" if ctx.future else "past"


def _season(season: str, year: int) -> _Value:
    """Meteorological season of ``year`` as a month range (winter runs into the next year)."""
    first = SEASONS[season]
    end_year, end_month = _shift_month(year, first, 2)
    return _Value(f"{year}-{first:02d}/{end_year}-{end_month:02d}", "season", False)


# --- the rule table ------------------------------------------------------------------------------


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


def _decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(m.group(1) + "X", "decade", False)


def _month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _Value(f"{m.group(2)}-{MONTHS[m.group(1).rstrip('.')]:02d}", "month", False)


def _season_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _season(m.group(1), int(m.group(2)))


def _absolute_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    parsed = _parse_full_date(m.group(0))
    return _Value(parsed.isoformat(), "day", False) if parsed else None


def _day_offset(days: int) -> Callable[[re.Match[str], _Context], _Value | None]:
    def rule(m: re.Match[str], ctx: _Context) -> _Value | None:
        return _Value((_need(ctx) + dt.timedelta(days=days)).isoformat(), "day", True)

    return rule


def _weekday(m: re.Match[str], ctx: _Context) -> _Value | None:
    direction = _direction(None if m.group(1) == "this" else m.group(1), ctx)
    return _Value(_weekday_for(WEEKDAYS[m.group(2)], ctx, direction=direction).isoformat(), "day", True)


def _week(m: re.Match[str], ctx: _Context) -> _Value | None:
    offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
    return _Value(_iso_week(_need(ctx) + dt.timedelta(weeks=offset)), "week", True)


def _weekend(m: re.Match[str], ctx: _Context) -> _Value | None:
    offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
    anchor = _need(ctx)
    saturday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=5, weeks=offset)
    sunday = saturday + dt.timedelta(days=1)
    return _Value(f"{saturday.isoformat()}/{sunday.isoformat()}", "week", True)


def _month_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
    anchor = _need(ctx)
    year, month = _shift_month(anchor.year, anchor.month, offset)
    return _Value(f"{year}-{month:02d}", "month", True)


def _year_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
    return _Value(str(_need(ctx).year + offset), "year", True)


def _season_rel(m: re.Match[str], ctx: _Context) -> _Value | None:
    anchor = _need(ctx)
    season, word = m.group(2), m.group(1)
    year = anchor.year - 1 if SEASONS[season] == 12 and anchor.month <= 2 else anchor.year
    direction = _direction(word, ctx) if word != "this" else "this"
    if direction == "before" or (direction == "past" and SEASONS[season] > anchor.month):
        year -= 1
    elif direction in ("after", "future") and _shift_month(year, SEASONS[season], 2) < (anchor.year, anchor.month):
        year += 1
    value = _season(season, year)
    return _Value(value.value, "season", True)


def _month_name(m: re.Match[str], ctx: _Context) -> _Value | None:
    year, month = _month_for(MONTHS[m.group(2).rstrip(".")], ctx, direction=_direction(m.group(1), ctx))
    return _Value(f"{year}-{month:02d}", "month", True)


def _month_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    month_word = m.group(1) or m.group(4)
    day_word = m.group(2) or m.group(3)
    year, month = _month_for(MONTHS[month_word.rstrip(".")], ctx, direction=_direction(None, ctx))
    try:
        return _Value(dt.date(year, month, int(day_word)).isoformat(), "day", True)
    except ValueError:
        return None


def _month_rel_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(4)]
    year, month = _need(ctx).year + offset, MONTHS[m.group(2).rstrip(".")]
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
    if n is None or n > 500:
        return None
    if unit == "day":
        return _Value((anchor - dt.timedelta(days=n)).isoformat(), "day", True)
    if unit == "week":
        return _Value(_iso_week(anchor - dt.timedelta(weeks=n)), "week", True)
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, -n)
        return _Value(f"{year}-{month:02d}", "month", True)
    years = n * (10 if unit == "decade" else 1)
    if unit == "decade":
        return _Value(str(anchor.year - years)[:3] + "X", "decade", True)
    return _Value(str(anchor.year - years), "year", True)


_Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], _Context], _Value | None]]

_RULES: tuple[_Rule, ...] = tuple(
    (name, re.compile(pattern + r"$"), func)
    for name, pattern, func in (
        # absolute ("stated")
        ("iso-day", r"\d{4}-\d{2}-\d{2}", _iso_day),
        ("year-range", rf"({_YEAR})\s*(?:-|–|—|to|and|/)\s*(\d{{2}}|{_YEAR})", _year_range),
        ("year", rf"(?:the year |year )?({_YEAR})", _year),
        ("decade", rf"(?:the )?(?:early |mid-|mid |late )?(\d{{3}})0'?s", _decade),
        ("month-year", rf"({_MONTH}),? (?:of )?({_YEAR})", _month_year),
        ("season-year", rf"(?:the )?({_SEASON}),? (?:of )?({_YEAR})", _season_year),
        ("full-date", rf"(?:{_WEEKDAY},? )?(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH},? {_YEAR}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? {_YEAR})", _absolute_day),
        # relative to the publication date ("resolved")
        ("today", rf"(?:earlier |later )?(?:today|tonight|this {_DAY_PARTS})(?: {_DAY_PARTS})?", _day_offset(0)),
        ("yesterday", rf"(?:yesterday|last night)(?: {_DAY_PARTS})?", _day_offset(-1)),
        ("day-before-yesterday", r"the day before yesterday", _day_offset(-2)),
        ("tomorrow", rf"tomorrow(?: {_DAY_PARTS})?", _day_offset(1)),
        ("weekday", rf"(?:(last|this|next|past|previous|coming) )?({_WEEKDAY})(?:,? {_DAY_PARTS})?", _weekday),
        ("week", r"(?:earlier |later )?(this|last|next|previous|coming) week", _week),
        ("weekend", r"(?:earlier |later )?(this|last|next|previous|coming) weekend", _weekend),
        ("month", r"(?:earlier |later )?(this|last|next|previous|coming) month", _month_rel),
        ("year-rel", r"(?:earlier |later )?(this|last|next|previous|coming) year", _year_rel),
        ("season", rf"(?:earlier |later )?(?:(this|last|next|past|previous|coming) )?({_SEASON})", _season_rel),
        ("month-rel-year", rf"(?:(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?)?({_MONTH})(?: (\d{{1,2}})(?:st|nd|rd|th)?)?,? (?:of )?(this|last|next|previous|coming) year", _month_rel_year),
        ("month-day", rf"(?:{_WEEKDAY},? )?(?:({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH}))", _month_day),
        ("month-name", rf"(?:(last|this|next|past|previous|coming) )?({_MONTH})", _month_name),
        ("ago", rf"(?:about |around |some |nearly |almost |more than |over |just )?({_NUM}) ({_UNIT}) ago", _ago),
    )
)
"""(name, pattern, resolver): tried in order on the normalised core expression."""

_DURATION = re.compile(
    rf"(?:(?:the|about|around|some|nearly|almost|more than|over|less than|at least|just|only|another|"
    rf"the (?:past|last|next|previous|first|coming)|(?:past|last|next|first|recent)) )*"
    rf"(?:{_NUM}|\d+(?:\.\d+)?|several|a few|few|many|some|recent|the|{_NUM} or {_NUM}|"
    rf"{_NUM}-(?:and-a-half|plus))?[- ]?(?:{_UNIT}|hours?|minutes?|weeks|decades|centuries|"
    rf"(?:multi|{_NUM})-(?:day|week|month|year|decade))(?: (?:long|old|alone))?"
)
_ANCHORED = re.compile(
    rf"(?:the )?(?:next|following|previous|same|that|this) (?:day|week|month|year|morning|night|evening)"
    rf"|(?:.* )?(?:after|before|later|earlier|prior|afterwards)(?: .*)?"
)
_PARTS = (
    (re.compile(r"^(?:the )?(?:beginning|start|early part) of (?:the )?"), "early"),
    (re.compile(r"^(?:the )?(?:middle|mid part) of (?:the )?"), "mid"),
    (re.compile(r"^(?:the )?(?:end|close|latter part|last part) of (?:the )?"), "late"),
    (re.compile(r"^(?:early|earlier)[- ]"), "early"),
    (re.compile(r"^mid[- ]"), "mid"),
    (re.compile(r"^(?:late|later)[- ]"), "late"),
)
"""Part-of-period modifiers; "earlier"/"later" only when not followed by this/last/next."""


_HEDGES = re.compile(r"^(?:just|only|as (?:early|late|recently) as|sometime|some time|until|since) (?=.)")
_DETERMINER = re.compile(rf"^(?:the|a|an) (?=\d|{_MONTH}\b)")


def _normalise(expression: str) -> str:
    """Lower-case, straight apostrophes, single spaces, no possessive or trailing dot/comma."""
    text = " ".join(expression.lower().replace("’", "'").split())
    text = re.sub(r"(?:'s|s'|')$", lambda m: "s" if m.group(0) == "s'" else "", text)
    words = text.strip(" ,.;:").split(" ")
    while len(words) > 1 and words[0] in LEADING_WORDS and words[0] not in ANCHOR_WORDS:
        words.pop(0)
    text = _HEDGES.sub("", " ".join(words))
    return _DETERMINER.sub("", text)


def _split_part(text: str) -> tuple[str | None, str]:
    """("late", "may") from "late may"; "earlier this week" keeps its words (no part)."""
    for pattern, part in _PARTS:
        match = pattern.match(text)
        if match:
            rest = text[match.end() :]
            if part != "mid" and match.group(0).strip().endswith("er") and re.match(r"(?:this|today|tonight)\b", rest):
                return None, text
            return part, rest
    return None, text


def _apply_part(value: _Value, part: str | None) -> _Value:
    """Narrow a month to a third of it, a year to a third of it; weeks and days stay."""
    if part is None:
        return value
    thirds = {"early": 0, "mid": 1, "late": 2}[part]
    if value.precision == "month" and "/" not in value.value:
        year, month = (int(p) for p in value.value.split("-"))
        first = (1, 11, 21)[thirds]
        last = (10, 20, calendar.monthrange(year, month)[1])[thirds]
        return _Value(f"{value.value}-{first:02d}/{value.value}-{last:02d}", "month", value.relative)
    if value.precision == "year" and "/" not in value.value:
        start, end = (1, 5, 9)[thirds], (4, 8, 12)[thirds]
        return _Value(f"{value.value}-{start:02d}/{value.value}-{end:02d}", "year", value.relative)
    return value


@lru_cache(maxsize=1)
def _date_parser() -> dateparser.date.DateDataParser:
    """One English ``dateparser`` instance that only accepts complete dates."""
    return dateparser.date.DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]},
    )


def _parse_full_date(text: str) -> dt.date | None:
    """A day/month/year date via ``dateparser``; ``None`` when a part is missing."""
    if len(text) > 60:
        return None
    data = _date_parser().get_date_data(text)
    return data.date_obj.date() if data.date_obj is not None and data.period == "day" else None


def _core(text: str, ctx: _Context) -> tuple[_Value | None, str]:
    """Try the rule table on ``text``; (value, rule name) or (None, "unknown")."""
    for name, pattern, func in _RULES:
        match = pattern.match(text)
        if match:
            return func(match, ctx), name
    return None, "unknown"


def _resolve(expression: str, anchor: dt.date | None, *, future: bool = False) -> tuple[_Value | None, str]:
    """Normalised value and the rule that made it (or why there is none).

    Raises:
        _NeedsAnchor: the expression is relative and ``anchor`` is ``None``.
    """
    text = _normalise(expression)
    if not text or len(text) > 80:
        return None, "unknown"
    ctx = _Context(anchor, future)
    part, core = _split_part(text)
    value, name = _core(core, ctx)
    if value is None and part is None:
        if _ANCHORED.fullmatch(text):
            return None, "anchored"
        if _DURATION.fullmatch(text):
            return None, "duration"
    return (_apply_part(value, part) if value else None), name


def resolve(
    expression: str, published: dt.date | None, *, future: bool = False
) -> tuple[str, Precision, DateProvenance] | None:
    """Normalise one time expression against the publication day.

    ``expression`` is the text as written ("last October", "March 31, 2019");
    ``future`` says the governing verb is in the future tense (bare months and
    weekdays then point forward). Returns ``(value, precision, provenance)`` with
    provenance ``stated`` (absolute) or ``resolved`` (used ``published``), or ``None``
    for durations, anchored or unknown expressions, and for relative ones when
    ``published`` is ``None``. Never raises on bad input.
    """
    try:
        value, _ = _resolve(expression, published, future=future)
    except _NeedsAnchor:
        return None
    if value is None:
        return None
    return value.value, value.precision, ("resolved" if value.relative else "stated")


# --- candidates in a parsed document -------------------------------------------------------------

_DATABLE = re.compile(
    rf"\b(?:today|tonight|yesterday|tomorrow|last night|this {_DAY_PARTS}|{_WEEKDAY}|{_MONTH})\b", re.IGNORECASE
)
_LOOSE_WORDS = frozenset({*MONTHS, *WEEKDAYS, "yesterday", "today", "tonight", "tomorrow"})
_PART_WORDS = frozenset({"early", "mid", "late", "mid-"})
_COMMA_CONTINUES = frozenset({n.lower() for n in (*calendar.month_name[1:], *calendar.day_name)})
_DATE_START = frozenset({*MONTHS, *(str(n) for n in range(1, 32)), *(f"{n}{s}" for n in range(1, 32) for s in ("st", "nd", "rd", "th"))})
_TRAILING = frozenset({"and", "or", "to", "through", "of", "-", "–"})
_AGE = re.compile(r"\d+[- ]years?[- ]old|\byears? old\b|-year-old")
_TIME_WORD = re.compile(
    rf"\b(?:{_YEAR}|\d{{3}}0'?s|{_MONTH}|{_WEEKDAY}s?|{_SEASON}|{_UNIT}|hours?|today|tonight|yesterday|"
    rf"tomorrow|weekends?|{_DAY_PARTS}|daily|annual|centur(?:y|ies)|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


def anchor_date(published: DateValue | None) -> dt.date | None:
    """The publication day of a ``DateValue`` with day precision, else ``None``."""
    if published is None or published.precision != "day":
        return None
    try:
        return dt.date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def _loose_candidates(sdoc: Doc, taken: set[int]) -> list[SpacySpan]:
    """Month names, weekdays, "yesterday"... outside any entity ("late May")."""
    spans: list[SpacySpan] = []
    for token in sdoc:
        if token.i in taken or token.ent_type_ or token.lower_.rstrip(".") not in _LOOSE_WORDS:
            continue
        if token.lower_ in MONTHS and not _is_month(token):
            continue
        start, end = token.i, token.i + 1
        if start > 0 and sdoc[start - 1].lower_ in _PART_WORDS and start - 1 not in taken:
            start -= 1
        while end < len(sdoc) and end - token.i < 3 and (_is_day_or_year(sdoc[end], token) or sdoc[end].text == ","):
            end += 1
        while end > token.i + 1 and sdoc[end - 1].text == ",":
            end -= 1
        spans.append(sdoc[start:end])
        taken.update(range(start, end))
    return spans


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


def _candidates(sdoc: Doc) -> list[SpacySpan]:
    """DATE entities, datable TIME entities and loose month/weekday words, in text order."""
    spans = [e for e in sdoc.ents if e.label_ == "DATE" or (e.label_ == "TIME" and _DATABLE.search(e.text))]
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans.extend(_loose_candidates(sdoc, taken))
    return sorted(spans, key=lambda s: s.start)


def _trim(span: SpacySpan) -> SpacySpan | None:
    """The span without leading prepositions, trailing punctuation or conjunctions, and
    without what follows a comma that does not continue a date ("today, Jan Egeland").

    ``None`` when nothing is left or the span is no time expression (an age such as
    "29-year-old", a bare count such as "10 and 13").
    """
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].lower_ in LEADING_WORDS
        or doc[start].is_punct
        or (doc[start].lower_ in ("a", "an", "the") and start + 1 < end and doc[start + 1].lower_ in _DATE_START)
    ):
        start += 1
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and not (doc[i + 1].like_num or doc[i + 1].lower_ in _COMMA_CONTINUES):
            end = i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in _TRAILING):
        end -= 1
    if end <= start:
        return None
    text = doc[start:end].text.lower()
    if _AGE.search(text) or not _TIME_WORD.search(text):
        return None
    return doc[start:end]


def _is_future(span: SpacySpan) -> bool:
    """The clause governing ``span`` is in the future tense (auxiliary will/shall/'ll)."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo") for c in token.children)
        if token.head is token:
            break
        token = token.head
    return False


def _time_ref(span: SpacySpan, doc_id: str, anchor: dt.date | None) -> TimeRef:
    """One TimeRef; an anchoring word right after the span ("after", "later") is read with it."""
    doc = span.doc
    following = doc[span.end].lower_ if span.end < len(doc) else ""
    end = span.end + 1 if following == "ago" else span.end
    try:
        value, name = _resolve(doc[span.start : end].text, anchor, future=_is_future(span))
    except _NeedsAnchor:
        value, name = None, "needs-publication-date"
    if name == "duration" and following in ANCHOR_WORDS:
        name = "anchored"  # "three years after ISIS seized the city"
    char_span = Span(doc_id, doc[span.start].idx, doc[end - 1].idx + len(doc[end - 1]))
    return TimeRef(
        span=char_span,
        text=doc.text[char_span.start : char_span.end],
        value=value.value if value else None,
        precision=value.precision if value else None,
        provenance=("resolved" if value.relative else "stated") if value else None,
        rule=f"{RULE}:{name}",
    )


def find_times(sdoc: Doc, doc_id: str, published: DateValue | None) -> list[TimeRef]:
    """Every time expression in ``sdoc`` with its ISO 8601 value where it has one.

    ``published`` anchors relative expressions (only a day-precision date is used);
    without it they keep ``value=None``. Returns TimeRefs in text order whose spans
    point into ``sdoc.text``; durations and anchored expressions are kept with
    ``value=None`` so that later stages can see them. Never raises on odd text.
    """
    anchor = anchor_date(published)
    refs = []
    for candidate in _candidates(sdoc):
        span = _trim(candidate)
        if span is not None:
            refs.append(_time_ref(span, doc_id, anchor))
    return refs
