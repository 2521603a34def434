"""Article text and metadata from an HTML page, with trafilatura and htmldate.

trafilatura (Barbaresi 2021, ACL demo) finds the main content by DOM heuristics with
jusText and readability as fallbacks; htmldate (Barbaresi 2020, JOSS) reads the date
from meta tags, JSON-LD and ``<time>`` elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.clean.errors import CleanError
from sitroom.clean.metadata import language, parse_stated_date
from sitroom.clean.text import has_article_prose
from sitroom.model import DateValue

_HTML_FACTOR = 10
"""HTML beyond ``max_chars * _HTML_FACTOR`` characters is cut before parsing: markup
runs several times longer than its text, and parsing time grows with the page."""

_HOSTNAME = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura and htmldate found in one page."""

    text: str
    """Paragraphs separated by blank lines."""
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    published: DateValue | None = None
    warnings: tuple[str, ...] = ()
    language: str | None = None
    """ISO 639-1 code of ``text`` (:func:`sitroom.clean.metadata.language`), read once here."""


def html_limit(max_chars: int) -> int:
    """How many characters of HTML are parsed for a ``max_chars`` text budget."""
    return max(max_chars * _HTML_FACTOR, 100_000)


def extract_html(html: str, *, url: str | None = None, max_chars: int = 200_000) -> Extracted:
    """Extract the article of ``html`` (a decoded page).

    Comments are left out; ``favor_precision`` is on, since a missing sidebar line costs
    less than a navigation line taken for a fact. Raises :class:`CleanError` when no
    article text is found.
    """
    import trafilatura

    warnings: list[str] = []
    limit = html_limit(max_chars)
    if len(html) > limit:
        warnings.append(f"HTML cut from {len(html)} to {limit} characters before extraction")
        html = html[:limit]
    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, favor_precision=True, include_tables=False,
        with_metadata=True,
    )
    meta = result.as_dict() if result is not None else {}
    body = meta.get("text") or ""
    title = _clean_field(meta.get("title"))
    paragraphs = [p for p in (" ".join(line.split()) for line in body.splitlines()) if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the <h1> repeats the title, which is metadata
    text = "\n\n".join(paragraphs)
    # A page of links only ("Home", "Contact us") leaves nothing once boilerplate is gone.
    # The prose test counts English function words, so it is only fair to English text:
    # an article in another language that trafilatura found is kept as it is.
    code = language(text) if text else None
    if not text or (code in ("en", None) and not has_article_prose(text)):
        raise CleanError("no article text found in the HTML")
    sitename = _clean_field(meta.get("sitename"))
    if sitename and (_HOSTNAME.fullmatch(sitename) or "[" in sitename):
        sitename = None  # trafilatura falls back to the host name; the caller knows better
    return Extracted(
        text=text,
        title=title,
        author=_clean_field(meta.get("author")),
        sitename=sitename,
        published=html_date(html),
        warnings=tuple(warnings),
        language=code,
    )


def _clean_field(value: object) -> str | None:
    """A metadata string with spacing normalised, ``None`` when empty."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def html_date(html: str) -> DateValue | None:
    """The publication date stated in the page's markup, or ``None``.

    htmldate with ``original_date=True`` (publication, not modification) and
    ``extensive_search=False``: only meta tags, JSON-LD, ``<time>``/``abbr`` elements,
    never a date guessed from the article text (which is rarely the publication date).
    """
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except ValueError:  # htmldate refuses some malformed documents
        return None
    if not found:
        return None
    return parse_stated_date(found, method="htmldate")
