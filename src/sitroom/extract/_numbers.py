"""Number expressions: find them in text and read them as ``(value, low, high)``.

Pure string functions, no spaCy. :func:`number_pattern` finds candidate expressions
(qualifier, currency, amount or range or vague plural, suffix); :func:`parse_number` reads
one. The lexicons (qualifiers, currencies, vague plurals) live in ``data/figure_kinds.toml``.

Notes:
    Bound words set intervals as in Roy, Vieira & Roth (2015), "Reasoning about Quantities
    in Natural Language" (TACL 3): "at least X" is ``[X, None]``, "up to X" ``[None, X]``,
    "about X" ``[X, X]`` (the approximation is kept in the qualifier, not in the bounds).
    Vague plurals ("hundreds") are intervals with no value, never one made-up number
    (GDELT GKG codebook on "precise" vs vague counts; ACLED codes "hundreds" as 100 when
    coding fatalities, a convention recorded in the data file, not applied here).

    Every pattern is linear: repetitions are bounded and the alternatives do not overlap,
    so a page of digits or of number words runs in time proportional to its length.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from typing import Any

MAX_VALUE = 1e13
"""Larger amounts are not figures a news report gives (world GDP is ~1e14 USD)."""

MAX_WORDS = 12
"""A number written in words has at most this many words ("two hundred and fifty-five thousand...")."""

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS_RE = re.compile(rf"(?:{_DIGITS})")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The parsed ``data/figure_kinds.toml`` (read once per process; do not mutate).

    Raises:
        tomllib.TOMLDecodeError: the bundled data file is malformed.
    """
    text = (resources.files("sitroom") / "data" / "figure_kinds.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)]
    return "|".join(escaped)


@lru_cache(maxsize=1)
def number_pattern() -> re.Pattern[str]:
    """The compiled pattern for a number expression with its qualifier, currency and suffix.

    Groups: ``qual`` (bound word), ``cur`` (currency symbol or code before), ``core`` (the
    amount, range or vague plural), ``abbr`` (``bn``/``m`` glued to digits), ``strong``,
    ``pct``, ``curs`` (currency symbol after: "50 €") and ``curw`` (currency word after).
    """
    lex = lexicon()
    word = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
    word_num = rf"(?:(?:an?|a\s+few|few|several|a\s+couple\s+of)\s+)?(?:{word})(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{word})){{0,{MAX_WORDS}}}"
    scale = "|".join(_SCALES)
    digit_num = rf"(?<![\w.])(?<!\d,)(?<![A-Za-z]-)(?:{_DIGITS})(?![\w])(?!,\d)(?!\.\d)(?:(?:\s+|\s*-\s*)(?:{scale})(?:\s+(?:{scale}))?)?"
    abbr_num = rf"(?<![\w.])(?<!\d,)(?<![A-Za-z]-)(?:{_DIGITS})(?P<abbr>{'|'.join(sorted(_ABBREVIATIONS, key=len, reverse=True))})\b"
    amount = rf"(?:{abbr_num}|{digit_num}|\b{word_num}\b)"
    amount2 = amount.replace("?P<abbr>", "?:")
    vague = _alternation(list(lex["vague"]))
    ranged = rf"(?:\bbetween\s+{amount2}\s+and\s+{amount2}|{amount2}\s*(?:-|–|—|\bto\b|\bor\b)\s*{amount2})"
    core = rf"(?P<core>{ranged}|{amount}|\b(?:{vague})\b)"
    qual = rf"(?:\b(?P<qual>{_alternation(list(lex['qualifiers']))})\s+)?"
    symbols = _alternation([s for s in lex["currency_symbols"] if not s[:1].isalpha()])
    codes = "|".join(w.upper() for w in lex["currency_words"] if len(w) == 3 and w.isalpha())
    cur = rf"(?:(?P<cur>{symbols}|(?-i:\b(?:{codes}|Rs\.?))\s?)\s?)?"
    strong = r"(?P<strong>(?:\s+|\s*-\s*)strong\b)?"
    pct = rf"(?P<pct>\s?%|\s+(?:{_alternation([w for w in lex['percent']['words'] if w != '%'])})\b)?"
    # a currency word after the amount, or an ISO code in capitals ("3.14 billion USD")
    curw = rf"(?:\s+(?P<curw>{_alternation([w for w in lex['currency_words'] if len(w) > 3])}|(?-i:{codes}))\b)?"
    after = _alternation([s for s in lex["currency_symbols"] if len(s) == 1 and not s.isalnum() and s != "$"])
    curs = rf"(?:\s?(?P<curs>{after}))?"  # "50 €", "60,000₩": the symbol written after the amount
    return re.compile(rf"{qual}{cur}{core}{strong}{pct}{curs}{curw}", re.IGNORECASE)


_WORDS_BEFORE = 9
"""Words before an anchor (a digit or a number word) a number expression may start at: a bound
word of up to three ("no fewer than"), a currency, "between", "a couple of"."""
_WORDS_AFTER = 5
"""Words after an anchor it may end at: "-strong", "percentage points", "Australian dollars"."""
_WORD_RUN = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _anchor_pattern() -> re.Pattern[str]:
    """A digit, or a word that begins as a number word or a vague plural does (the first four
    letters of its first word, "thou" for "thousand" and "thousands of", so that a phrase's
    spacing does not matter): every number expression holds one.
    The prefixes are written as a trie, which the regex engine rejects at the first letter
    at most positions (0.14 ms per Wikinews article; the words as an alternation, 0.35)."""
    prefixes = sorted({w.lower().split()[0][:4] for w in (*_UNITS, *_TENS, *_SCALES, *lexicon()["vague"]) if w.strip()})
    return re.compile(rf"\d|\b{_trie(prefixes)}", re.IGNORECASE)


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words`` (lower-case letters), common prefixes factored."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    optional = "" in groups
    branches = [re.escape(first) + _trie(rest) for first, rest in sorted(groups.items()) if first]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
    return f"{body}?" if optional else body


def find_numbers(text: str) -> list[re.Match[str]]:
    """``number_pattern().finditer(text)``, the same matches, found faster: the full pattern
    is tried only in windows of whole words around its anchors (:func:`_anchor_pattern`),
    :data:`_WORDS_BEFORE` words before to :data:`_WORDS_AFTER` after, whatever the spacing,
    so that no look-around sees a different neighbour. On a news article most positions
    are far from any number: the pattern tried at every one cost 1.7 ms per Wikinews
    article, the anchors and windows 0.6 (the same matches on all 5,899)."""
    pattern = number_pattern()
    anchors = [m.start() for m in _anchor_pattern().finditer(text)]
    if not anchors:
        return []
    runs = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text)]
    starts = [r[0] for r in runs]
    windows: list[list[int]] = []
    for at in anchors:
        word = max(0, bisect_right(starts, at) - 1)
        first, last = max(0, word - _WORDS_BEFORE), min(len(runs) - 1, word + _WORDS_AFTER)
        if windows and first <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], last)
        else:
            windows.append([first, last])
    found: list[re.Match[str]] = []
    done = 0
    for first, last in windows:
        for match in pattern.finditer(text, max(runs[first][0], done), runs[last][1]):
            found.append(match)
            done = match.end()
    return found


def _tokens(text: str) -> list[str]:
    """Words and digit groups of an amount: "twenty-five" -> ["twenty", "five"]."""
    text = re.sub(r"(\d)\s*-\s*(?=[a-z])", r"\1 ", text)
    text = re.sub(rf"({_DIGITS})({'|'.join(sorted(_ABBREVIATIONS, key=len, reverse=True))})\b", r"\1 \2", text)
    return [t for t in re.split(r"[\s-]+", text) if t][: MAX_WORDS * 2 + 2]


def _to_float(digits: str) -> float | None:
    """``"4,500"`` -> 4500.0; None for anything that is not one well-formed digit group."""
    if not _DIGITS_RE.fullmatch(digits):
        return None
    return float(digits.replace(",", ""))


def _amount(text: str) -> float | None:
    """One amount in digits and/or words ("1.5 million", "two hundred and five"), or None.

    A scale word needs a multiplier before it ("a million", not "million"); words must
    follow English order (Quirk et al. 1985, §6.63 on cardinal numerals): a unit only
    after a tens word, scale or "and"; a scale only after something it multiplies.
    """
    tokens = _tokens(text.lower().strip())
    if not tokens:
        return None
    total, current, last = 0.0, None, "start"
    for i, tok in enumerate(tokens):
        if tok in ("a", "an") and i == 0 and len(tokens) > 1:
            current, last = 1.0, "a"
        elif tok == "and" and last in ("hundred", "scale"):
            last = "and"
        elif (value := _to_float(tok)) is not None:
            if last not in ("start",):
                return None
            current, last = value, "digits"
        elif tok in _UNITS or tok in _TENS:
            value = float(_UNITS.get(tok, _TENS.get(tok, 0)))
            if last == "tens" and tok in _UNITS and 0 < value < 10:
                current = (current or 0.0) + value
                last = "unit"
            elif last in ("start", "hundred", "scale", "and"):
                current = (current or 0.0) + value
                last = "tens" if tok in _TENS else "unit"
            else:
                return None
        elif tok in _SCALES or tok in _ABBREVIATIONS:
            if current is None or last in ("start", "and") or (tok == "hundred" and current >= 100):
                return None
            scale = _SCALES.get(tok, _ABBREVIATIONS.get(tok, 1.0))
            if tok == "hundred":
                current, last = current * scale, "hundred"
            else:
                if current >= scale and scale != 12:
                    return None
                total, current, last = total + current * scale, None, "scale"
        else:
            return None
    value = total + (current or 0.0)
    if last in ("a", "and") or value > MAX_VALUE:
        return None
    return value


def _vague(text: str) -> tuple[float, float] | None:
    """``(low, high)`` of a vague amount ("hundreds", "several thousand"), or None."""
    lex = lexicon()
    key = re.sub(r"\s+", " ", text.lower().strip())
    if key in lex["vague"]:
        low, high = lex["vague"][key]
        return float(low), float(high)
    for prefix, (lo_mult, hi_mult) in lex["vague_multipliers"].items():
        rest = key[len(prefix):].strip() if key.startswith(prefix + " ") else None
        words = rest.split() if rest else []
        if words and all(w in _SCALES for w in words):  # "several hundred", "a few hundred thousand"
            plural = " of ".join(f"{w}s" for w in words)
            if prefix in lex["vague_as_plural"]["prefixes"] and plural in lex["vague"]:
                low, high = lex["vague"][plural]  # "several hundred thousand": the range of "hundreds of thousands"
                return float(low), float(high)
            unit = 1.0
            for w in words:
                unit *= _SCALES[w]
            return float(lo_mult * unit), float(hi_mult * unit)
    return None


def _range(text: str) -> tuple[float, float] | None:
    """``(low, high)`` of "10 to 15", "between 20 and 30", "10-15", "1.5-2 million", or None.

    A scale word on the right applies to a bare left side ("1.5 to 2 million"); the left
    side must be smaller than the right (so "52-48", a score, is no range).
    """
    key = re.sub(r"\s+", " ", text.lower().strip())
    between = key.startswith("between ")
    body = key[len("between "):] if between else key
    separator = r" and " if between else r"\s*(?:-|–|—| to | or )\s*"
    for match in re.finditer(separator, body):
        bounds = _range_parts(body[: match.start()], body[match.end():])
        if bounds is not None:
            return bounds
    return None


def _range_parts(left_text: str, right_text: str) -> tuple[float, float] | None:
    """``(low, high)`` for the two sides of a range, or None (see :func:`_range`)."""
    parts = [left_text, right_text]
    left, right = _amount(parts[0]), _amount(parts[1])
    if left is None or right is None:
        return None
    right_tokens = _tokens(parts[1])
    scale = _SCALES.get(right_tokens[-1], _ABBREVIATIONS.get(right_tokens[-1])) if right_tokens else None
    if scale and scale >= 1000 and not any(t in _SCALES or t in _ABBREVIATIONS for t in _tokens(parts[0])):
        if left * scale <= right:
            left = left * scale
    return (left, right) if left < right else None


def is_range_expression(text: str) -> bool:
    """True when ``text`` (no bound word) is a range ("10 to 15"), not a vague plural."""
    return _range(re.sub(r"^\W+", "", text)) is not None


def _strip_prefix(text: str, words: list[str]) -> tuple[str | None, str]:
    """(matched word, rest) when ``text`` starts with one of ``words`` (longest first)."""
    low = text.lower()
    for word in sorted(words, key=len, reverse=True):
        if low.startswith(word.lower()) and (len(low) == len(word) or not low[len(word)].isalnum() or not word[-1:].isalnum()):
            return word, text[len(word):].strip()
    return None, text


def normalised_qualifier(written: str | None) -> str | None:
    """The normalised qualifier ("approximately", "at least"...) for a bound word as written."""
    if not written:
        return None
    quals: dict[str, str] = lexicon()["qualifiers"]
    return quals.get(re.sub(r"\s+", " ", written.lower().strip()))


def apply_qualifier(value: float, qualifier: str | None) -> tuple[float, float | None, float | None]:
    """``(value, low, high)`` for an exact ``value`` under a normalised ``qualifier``."""
    bound = lexicon()["qualifier_bounds"].get(qualifier or "", "exact")
    if bound == "low":
        return value, value, None
    if bound == "high":
        return value, None, value
    return value, value, value


def parse_number(text: str) -> tuple[float | None, float | None, float | None] | None:
    """Read a number expression as ``(value, low, high)``; None when it is not a number.

    Accepts digits ("4,500", "1.5 million", "3.2m", "$2-billion"), words ("twenty-five",
    "a million"), ranges ("10 to 15" -> ``(None, 10, 15)``), vague plurals ("hundreds" ->
    ``(None, 200, 999)``) and a leading bound word ("at least 30" -> ``(30, 30, None)``) or
    currency symbol. Never raises; amounts above :data:`MAX_VALUE` are refused (None).
    """
    if not isinstance(text, str) or not text.strip() or len(text) > 200:
        return None
    lex = lexicon()
    body = re.sub(r"\s+", " ", text.strip().rstrip(".,;:"))
    written, body = _strip_prefix(body, list(lex["qualifiers"]))
    qualifier = normalised_qualifier(written)
    _, body = _strip_prefix(body, list(lex["currency_symbols"]))
    body = re.sub(r"\s*(%|per cent|percent)$", "", body, flags=re.IGNORECASE)
    if (value := _amount(body)) is not None:
        return apply_qualifier(value, qualifier)
    bounds = _range(body) or _vague(body)
    if bounds is None:
        return None
    low, high = bounds
    bound = lex["qualifier_bounds"].get(qualifier or "", "exact")
    return None, (None if bound == "high" else low), (None if bound == "low" else high)
