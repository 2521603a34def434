"""Metadata helpers: decoding, publication dates, outlet, language, length cut.

Dates are never invented: each helper returns ``None`` when its source says nothing.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import SplitResult, urlsplit

from sitroom.clean.patterns import Patterns, patterns
from sitroom.model import DateProvenance, DateValue, Precision, RawDocument

_MIN_LANGUAGE_WORDS = 20
"""Below this many words language identification is a guess (Lui & Baldwin 2012)."""
LANGUAGE_CHARS = 1_000
"""Characters of the text language identification reads: its cost grows with the length, its
answer does not change (the 5,899 bulk Wikinews articles: the same language from 500, 1,000 or
3,000 characters as from 20,000; 0.59 ms per article at 1,000, 0.94 at 3,000)."""
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(?:(0?[1-9]|[12]\d|3[01])/)?")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone UTF-16 surrogate (valid in a JSON string or a Python ``str``,
    not encodable as UTF-8, so fatal to hashing and storing) replaced by U+FFFD, and how
    many there were."""
    return _SURROGATE.subn("\ufffd", text) if _SURROGATE.search(text) else (text, 0)


IMPLAUSIBLE_SHARE = 0.05
"""Share of a text's visible characters that may be control, private-use, surrogate or
replacement characters before it is refused as no text. Random bytes decoded
as cp1252 hold about 11 %; of 335 real pages (the article-extraction and trafilatura
benchmarks) the most held 0.15 %, of the 5,498 Wikinews articles none."""
_IMPLAUSIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")
"""Control characters but tab and line ends, surrogates, private-use and replacement characters."""
_PLAUSIBILITY_CHARS = 100_000


def implausible(text: str) -> str | None:
    """Why ``text`` is no text at all (random or binary bytes that decoded), or ``None``.

    Reads at most the first :data:`_PLAUSIBILITY_CHARS` characters."""
    sample = text[:_PLAUSIBILITY_CHARS]
    bad = len(_IMPLAUSIBLE.findall(sample))
    if not bad:
        return None
    visible = len(sample) - sum(sample.count(c) for c in " \n\t\r")
    if visible and bad / visible > IMPLAUSIBLE_SHARE:
        return (
            f"not plausible text: {bad / visible:.0%} of its visible characters are control, private-use or "
            "replacement characters (binary or random bytes?)"
        )
    return None


def decode(raw: RawDocument) -> tuple[str, tuple[str, ...]]:
    """The text of ``raw`` and warnings about how it was decoded.

    ``str`` content is returned as is, lone surrogates replaced (with a warning). Bytes are decoded with ``raw.encoding`` when
    given, else UTF-8, else the encoding charset-normalizer detects, else cp1252 with
    replacement characters (and a warning).
    """
    if isinstance(raw.content, str):
        text, n = scrub_surrogates(raw.content)
        return text, ((f"{n} lone UTF-16 surrogate(s) replaced with U+FFFD",) if n else ())
    data = raw.content
    for encoding in (raw.encoding, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding), ()
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), (
            f"decoded as {best.encoding} (not valid UTF-8)",
        )
    return data.decode("cp1252", errors="replace"), ("decoded as cp1252 with replacements",)


def date_value(
    year: int, month: int | None, day: int | None, *, provenance: DateProvenance, method: str
) -> DateValue | None:
    """A :class:`DateValue` as precise as the parts given, or ``None`` if invalid."""
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if not 1800 <= year <= 2200:
        return None
    precision: Precision = "day" if day else "month" if month else "year"
    value = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return DateValue(value, precision, provenance, method)


def parse_date_line(line: str, *, method: str, pat: Patterns | None = None) -> DateValue | None:
    """Parse a standalone date line ("14 July, 2017", "Published: July 14, 2017 10:32").

    Returns ``None`` when the line is not one of the forms of ``data/boilerplate.toml``
    ``[dates]`` (day-month-year, month-day-year, ISO 8601, month-year).
    """
    pat = pat or patterns()
    m = pat.date_line.match(line.strip())
    if not m:
        return None
    g = m.groupdict()

    def month(name: str) -> int | None:
        return pat.months.get(name.lower().rstrip("."))

    if g["d1"]:
        parts = (int(g["y1"]), month(g["m1"]), int(re.sub(r"\D", "", g["d1"])))
    elif g["d2"]:
        parts = (int(g["y2"]), month(g["m2"]), int(re.sub(r"\D", "", g["d2"])))
    elif g["iy"]:
        parts = (int(g["iy"]), int(g["im"]), int(g["id"]))
    else:
        parts = (int(g["y3"]), month(g["m3"]), None)
    if parts[1] is None:
        return None
    return date_value(*parts, provenance="metadata", method=method)


def parse_stated_date(value: str, *, method: str) -> DateValue | None:
    """Parse a date a source states in a field: ISO 8601 (``2017-07-14``, ``2017-07``,
    ``2017``, with or without time) or one of the date-line forms; else ``None``."""
    m = _ISO.match(value)
    if m:
        year, month, day = m.groups()
        return date_value(
            int(year), int(month) if month else None, int(day) if day else None,
            provenance="metadata", method=method,
        )
    return parse_date_line(value, method=method)


def split_url(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or ``None`` for an address it refuses ("http://[::1/x": an
    unclosed IPv6 bracket raises ValueError), so that a malformed URL in a page or a record
    costs its derived fields (outlet, URL date), never the document."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - parsing the host may raise too
    except ValueError:
        return None
    return parts


def date_from_url(url: str | None) -> DateValue | None:
    """The date in a URL path such as ``/2017/07/14/slug`` (day) or ``/2017/07/`` (month).

    Many CMSs (WordPress permalinks, most news sites) put the publication date in the
    path; it is an inference from the address, so provenance is ``inferred``.
    """
    if not url:
        return None
    parts = split_url(url)
    m = _URL_DATE.search(parts.path + "/") if parts is not None else None
    if not m:
        return None
    year, month, day = m.groups()
    return date_value(
        int(year), int(month), int(day) if day else None, provenance="inferred", method="URL"
    )


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` (``https://www.bbc.co.uk/news`` -> ``bbc.co.uk``),
    by the Public Suffix List (via ``tld``, a trafilatura/courlan dependency); ``None``
    when there is no host."""
    if not url:
        return None
    parts = split_url(url if "//" in url else f"//{url}")
    host = parts.hostname if parts is not None else None
    if not host:
        return None
    from tld import get_fld
    from tld.exceptions import TldBadUrl, TldDomainNotFound

    try:
        return str(get_fld(host, fix_protocol=True))
    except (TldBadUrl, TldDomainNotFound):  # an IP address, "localhost", a private suffix
        return host.removeprefix("www.")


def language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` by py3langid (Lui & Baldwin 2012), ``None`` for texts
    under 20 words where identification is unreliable."""
    if len(text.split()) < _MIN_LANGUAGE_WORDS:
        return None
    import py3langid

    code, _score = py3langid.classify(text[:LANGUAGE_CHARS])
    return str(code)


def cut(text: str, max_chars: int, *, why: str | None = None) -> tuple[str, str | None]:
    """``text`` cut to at most ``max_chars`` at the last paragraph (else sentence, else
    word) boundary before the limit, and the warning to store (``why`` names the bound,
    ``max_chars=N`` by default), or ``None`` if uncut."""
    if len(text) <= max_chars:
        return text, None
    head = text[:max_chars]
    at = head.rfind("\n\n")
    if at < max_chars // 2:
        ends = list(_SENTENCE_END.finditer(head, max_chars // 2))
        at = ends[-1].end() if ends else head.rfind(" ")
    if at <= 0:
        at = max_chars
    short = text[:at].rstrip()
    return short, f"text cut from {len(text)} to {len(short)} characters ({why or f'max_chars={max_chars}'})"
