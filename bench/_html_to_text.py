"""HTML page -> flat "scraped" text, the kind of input the seed articles are.

The seed articles (``tests/fixtures/*.txt``) are what a scraper saves when it keeps
every visible string of a page: navigation, menus, share buttons, captions and footers
are all still there, one block a line. :func:`html_to_text` makes that text from any
HTML page so that sitroom's plain-text boilerplate remover can be scored against the
gold of an HTML benchmark (task ``boilerplate-scraped``).

Rules (lxml, no heuristics about what is content):

- dropped with everything inside: ``<head>``, ``<script>``, ``<style>``, ``<noscript>``,
  ``<template>``, ``<svg>``, ``<math>``, ``<iframe>``, ``<object>``, ``<embed>``,
  ``<canvas>``, ``<audio>``, ``<video>`` (their inner text is fallback content or code,
  not what a reader sees), comments and processing instructions, and hidden elements:
  the ``hidden`` attribute, ``aria-hidden="true"`` on an element, ``<input type=hidden>``,
  inline ``style`` with ``display:none`` or ``visibility:hidden``;
- a block element (``p``, ``div``, ``h1``-``h6``, ``li``, ``tr``, ``section``,
  ``article``, ``header``, ``footer``, ``nav``, ``aside``, ``blockquote``, ``figure``,
  ``figcaption``, ``form``, ``dd``, ``dt``, ``pre``, ``address``, ``table``...) starts
  and ends a line, and so does ``<br>`` / ``<hr>``; table cells of one row are joined by
  a space; inline elements (``a``, ``span``, ``em``...) stay in their line;
- inside a line, runs of white space become one space; empty lines are dropped;
- lines are separated by a blank line (``"\\n\\n"``), as paragraphs are in the seed
  articles, so that a line starting in lower case is never read as the continuation
  of the one before (``sep="\\n"`` gives one line per block without blank lines).

Only the structure of the page decides where lines break; nothing is removed for what
it says, so the output keeps all the page's boilerplate (the recall ceiling of the
``boilerplate-scraped`` task).
"""

from __future__ import annotations

import re

from html import escape

from lxml import etree
from lxml import html as lxml_html

DROP = frozenset(
    "head script style noscript template svg math iframe object embed canvas audio video "
    "title meta link base".split()
)
"""Elements dropped with their content."""

BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup html legend li "
    "main menu nav ol p pre section summary table tbody thead tfoot tr ul option select "
    "textarea button label".split()
)
"""Elements that start and end a line (``button``/``label``/``option`` included: a menu
of buttons reads as one item a line in scraped text)."""

BREAK = frozenset({"br", "hr"})
CELL = frozenset({"td", "th"})

_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def is_hidden(element: etree._Element) -> bool:
    """Whether ``element`` is hidden by its own attributes (not by a stylesheet)."""
    attrib = element.attrib
    if "hidden" in attrib:
        return True
    if attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    if element.tag == "input" and attrib.get("type", "").strip().lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(attrib.get("style", "")))


class _Lines:
    """Collects text into lines; ``flush`` ends the current one."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.parts)).strip()
        if line:
            self.lines.append(line)
        self.parts = []


def _walk(element: etree._Element, out: _Lines) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag is None:  # comment, processing instruction, entity: no text, but its tail is
            out.add(child.tail)
            continue
        tag = tag.lower().rpartition("}")[2]
        if tag in DROP or is_hidden(child):
            out.add(child.tail)
            continue
        if tag in BREAK:
            out.flush()
        elif tag in BLOCK:
            out.flush()
            out.add(child.text)
            _walk(child, out)
            out.flush()
        elif tag in CELL:
            out.add(" ")
            out.add(child.text)
            _walk(child, out)
            out.add(" ")
        elif tag == "img":
            pass  # alt text is not shown on a loaded page
        else:
            out.add(child.text)
            _walk(child, out)
        out.add(child.tail)


def html_to_text(page: str | bytes, *, sep: str = "\n\n") -> str:
    """All visible text of ``page``, one line per block element, lines joined by ``sep``.

    ``page`` may be bytes (lxml finds the encoding from a BOM or ``<meta charset>``,
    else reads UTF-8) or a decoded string. Returns ``""`` for a page without text.
    """
    if isinstance(page, bytes):
        page = decode_html(page)
    page = _XML_DECLARATION.sub("", page, count=1)  # lxml refuses str with an encoding declaration
    if not page.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return ""
    out = _Lines()
    if isinstance(root.tag, str) and root.tag.lower() not in DROP and not is_hidden(root):
        out.add(root.text)
        _walk(root, out)
    out.flush()
    return sep.join(out.lines)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, else the ``<meta>`` charset, else UTF-8, else cp1252."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    codecs = ["utf-8"]
    if declared:
        codecs.insert(0, declared.group(1).decode("ascii", "replace"))
    for codec in codecs:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def lines_to_html(text: str) -> str:
    """Flat text back to HTML, one ``<p>`` a non-empty line (for HTML-only peers)."""
    paragraphs = (line.strip() for line in text.splitlines())
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
