"""``clean(raw) -> Document``: the clean stage's entry point.

Stated metadata (``raw.hints``, from JSONL fields) wins over what the page shows, and
what the page shows wins over what is inferred from its address.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from sitroom.clean.errors import CleanError
from sitroom.clean.html import extract_html
from sitroom.clean.metadata import (
    cut,
    date_from_url,
    decode,
    implausible,
    language,
    parse_date_line,
    parse_stated_date,
    registered_domain,
    scrub_surrogates,
)
from sitroom.clean.text import scraped_text
from sitroom.model import DateValue, Document, RawDocument, Removed

_TEXT_FACTOR = 4
"""Scraped text beyond ``max_chars * _TEXT_FACTOR`` characters is not scanned."""


@dataclass(frozen=True, slots=True)
class _Found:
    """What the format-specific cleaner found, before hints are applied."""

    text: str
    removed: tuple[Removed, ...] = ()
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: DateValue | None = None
    warnings: tuple[str, ...] = ()
    language: str | None = None
    """The language of ``text`` when the cleaner already identified it."""


def clean(raw: RawDocument, *, max_chars: int = 200_000) -> Document:
    """Turn ``raw`` into a :class:`Document`: clean text plus metadata.

    HTML goes through trafilatura and htmldate; plain text through sitroom's
    boilerplate remover. Text longer than ``max_chars`` is cut at a paragraph or
    sentence boundary, with a warning. Raises :class:`CleanError` when no article
    text is left.
    """
    decoded, decode_warnings = decode(raw)
    hints = {key: scrub_surrogates(value)[0] if isinstance(value, str) else value for key, value in raw.hints.items()}
    url = hints.get("url") or raw.origin.url
    if not decoded.strip():
        raise CleanError("the document is empty")
    if (reason := implausible(decoded)) is not None:
        raise CleanError(reason)
    if raw.format == "html":
        found = _from_html(decoded, url, max_chars)
    else:
        found = _from_text(decoded, hints.get("title"), max_chars)
    text, cut_warning = cut(found.text, max_chars)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    warnings = raw.warnings + decode_warnings + found.warnings + (
        (cut_warning,) if cut_warning else ()
    )
    return Document(
        id=content_hash[:16],
        text=text,
        content_hash=content_hash,
        origin=raw.origin,
        title=hints.get("title") or found.title,
        outlet=hints.get("outlet") or found.outlet or registered_domain(url),
        byline=hints.get("author") or found.byline,
        language=hints.get("language") or (found.language if text == found.text and found.language else language(text)),
        published=_published(hints.get("date"), found.published, url),
        url=url,
        removed=found.removed,
        warnings=warnings,
    )


def cut_document(document: Document, max_chars: int, *, why: str) -> Document:
    """``document`` with its text cut to at most ``max_chars`` at a paragraph, sentence or
    word boundary (:func:`sitroom.clean.metadata.cut`), its id and hash those of the new
    text, and a warning naming ``why``; the same document when it is short enough."""
    text, warning = cut(document.text, max_chars, why=why)
    if warning is None:
        return document
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return dataclasses.replace(document, id=content_hash[:16], text=text, content_hash=content_hash, warnings=(*document.warnings, warning))


def _published(hint: str | None, found: DateValue | None, url: str | None) -> DateValue | None:
    """The publication date: stated field, else the page's own, else the URL's; or None."""
    stated = parse_stated_date(hint, method="jsonl field") if hint else None
    return stated or found or date_from_url(url)


def _from_text(text: str, title_hint: str | None, max_chars: int) -> _Found:
    """Clean scraped plain text (see :mod:`sitroom.clean.text`)."""
    warnings: tuple[str, ...] = ()
    limit = max(max_chars * _TEXT_FACTOR, 100_000)
    if len(text) > limit:
        at = text.rfind("\n", 0, limit)
        at = at if at > limit // 2 else limit
        warnings = (f"raw text cut from {len(text)} to {at} characters before cleaning",)
        text = text[:at]
    found = scraped_text(text, title_hint=title_hint)
    if not found.text:
        raise CleanError("no article text left after removing boilerplate")
    published = (
        parse_date_line(found.date_line, method="dateline line in text")
        if found.date_line
        else None
    )
    return _Found(
        text=found.text, removed=found.removed, title=found.title, byline=found.byline,
        outlet=found.outlet, published=published, warnings=warnings,
    )


def _from_html(html: str, url: str | None, max_chars: int) -> _Found:
    """Clean an HTML page (see :mod:`sitroom.clean.html`)."""
    page = extract_html(html, url=url, max_chars=max_chars)
    return _Found(
        text=page.text, title=page.title, byline=page.author, outlet=page.sitename,
        published=page.published, warnings=page.warnings, language=page.language,
    )
