"""The boilerplate patterns of ``data/boilerplate.toml``, compiled once.

The TOML file is data, not code: users extend its lists to teach sitroom a new site's
boilerplate. :func:`patterns` reads and compiles it on first use (cached), so nothing
happens at import.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_FLAGS = re.IGNORECASE
_SPECIAL = frozenset({"error_page", "promo"})
"""Groups with their own fields in :class:`Patterns` rather than a reason of their own."""


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled pattern groups; see ``data/boilerplate.toml`` for each group's source."""

    line: dict[str, re.Pattern[str]]
    """Reason -> pattern that must match a whole line (navigation, share, cookie...)."""
    search: dict[str, re.Pattern[str]]
    """Reason -> pattern that may match anywhere in a line (cookie, copyright...)."""
    start: dict[str, re.Pattern[str]]
    """Reason -> pattern anchored at the start of a line (copyright, caption, byline...)."""
    caption_end: re.Pattern[str]
    caption_end_weak: re.Pattern[str]
    speech: re.Pattern[str]
    error_open: re.Pattern[str]
    error_vocab: re.Pattern[str]
    promo: re.Pattern[str]
    self_description: re.Pattern[str]
    reporting: re.Pattern[str]
    pronouns: frozenset[str]
    roles: frozenset[str]
    stopwords: frozenset[str]
    date_line: re.Pattern[str]
    updated_words: tuple[str, ...]
    months: dict[str, int]


def _alternation(regexes: list[str]) -> str:
    """One non-capturing alternation of ``regexes``."""
    return "|".join(f"(?:{r})" for r in regexes)


def _compile_groups(data: dict[str, Any], key: str) -> dict[str, re.Pattern[str]]:
    """``{reason: pattern}`` for every group of ``data`` that has a ``key`` list.

    ``line`` patterns are compiled for full matches, ``start`` ones anchored at ``^``.
    """
    out: dict[str, re.Pattern[str]] = {}
    for reason, group in data.items():
        if not isinstance(group, dict) or key not in group or reason in _SPECIAL:
            continue
        body = _alternation(group[key])
        if key == "start":
            body = f"^(?:{body})"
        out[reason.replace("_", "-")] = re.compile(body, _FLAGS)
    return out


def _date_line(dates: dict[str, Any], months: dict[str, int]) -> re.Pattern[str]:
    """A pattern for a line that is only a date, optionally "Published:" and a time.

    Groups: ``d1 m1 y1`` (14 July 2017), ``m2 d2 y2`` (July 14, 2017),
    ``iy im id`` (2017-07-14), ``m3 y3`` (July 2017).
    """
    month = "(?:" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"\d{4}"
    forms = [
        rf"(?P<d1>{day})\s+(?:of\s+)?(?P<m1>{month}),?\s+(?P<y1>{year})",
        rf"(?P<m2>{month})\s+(?P<d2>{day}),?\s+(?P<y2>{year})",
        rf"(?P<iy>{year})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?:[T ][\d:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?",
        rf"(?P<m3>{month})\s+(?P<y3>{year})",
    ]
    body = f"{dates['prefix']}{dates['weekday']}(?:{'|'.join(forms)}){dates['time']}"
    return re.compile(rf"^(?P<label>{body})\s*\.?$", _FLAGS)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Read ``sitroom/data/boilerplate.toml`` and compile it (once per process).

    Raises ``tomllib.TOMLDecodeError`` or ``re.error`` when a user edit broke the file.
    """
    text = resources.files("sitroom.data").joinpath("boilerplate.toml").read_text("utf-8")
    data = tomllib.loads(text)
    months = {
        name: number
        for number, names in enumerate(data["dates"]["months"], start=1)
        for name in names
    }
    caption = data["caption"]
    promo = data["promo"]
    return Patterns(
        line=_compile_groups(data, "line"),
        search=_compile_groups(data, "search"),
        start=_compile_groups(data, "start"),
        caption_end=re.compile(rf"(?:{_alternation(caption['end'])})\s*$", _FLAGS),
        caption_end_weak=re.compile(rf"(?:{_alternation(caption['end_weak'])})\s*$", _FLAGS),
        speech=re.compile(_alternation(caption["speech"]), _FLAGS),
        error_open=re.compile(_alternation(data["error_page"]["open"]), _FLAGS),
        error_vocab=re.compile(_alternation(data["error_page"]["search"]), _FLAGS),
        promo=re.compile(_alternation(promo["search"]), _FLAGS),
        self_description=re.compile(promo["self_description"]),
        reporting=re.compile(_alternation(promo["reporting"]), _FLAGS),
        pronouns=frozenset(promo["pronouns"]),
        roles=frozenset(data["byline"]["roles"]),
        stopwords=frozenset(data["stopwords"]["words"]),
        date_line=_date_line(data["dates"], months),
        updated_words=tuple(data["dates"]["updated_words"]),
        months=months,
    )
