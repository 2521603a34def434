"""JSON Lines files (``.jsonl``, ``.ndjson``): one article per line.

Format: https://jsonlines.org/ (UTF-8, one JSON value per line). Blank lines are
skipped. Each object gives its article in ``text`` (plain text) or in ``html``,
``raw_html`` or ``content`` (HTML; ``content`` is taken as plain text when it holds
no tag), and its metadata in the fields of :data:`HINT_FIELDS`, collected into
``RawDocument.hints`` under one canonical name each.

The file is streamed: only one line (at most ``max_bytes``) is in memory at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from sitroom.clean.metadata import scrub_surrogates
from sitroom.ingest.base import (
    SNIFF_BYTES,
    binary_reason,
    failure,
    rejoined,
    too_large_problem,
)
from sitroom.model import Failure, Origin, RawDocument

TEXT_FIELDS: tuple[str, ...] = ("text",)
HTML_FIELDS: tuple[str, ...] = ("html", "raw_html", "content")

HINT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url",),
    "date": ("date", "published", "publication_date", "pubdate", "date_published"),
    "id": ("id",),
    "outlet": ("outlet", "source", "site"),
    "author": ("author", "byline"),
    "language": ("language", "lang"),
    "license": ("license",),
}
"""Canonical hint name -> the JSONL fields that may carry it, first non-empty wins."""

_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]{0,20}|/[A-Za-z]|!)")
_CHUNK = 1 << 16


def read_jsonl(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Yield one document or Failure per non-blank line of a JSONL file.

    ``max_bytes`` bounds one line, not the file. A file that cannot be opened,
    is empty or is binary yields one Failure.
    """
    origin = Origin(path=str(path))
    try:
        with path.open("rb") as handle:
            yield from jsonl_records(handle, path=str(path), max_bytes=max_bytes)
    except PermissionError:
        yield failure(origin, "cannot read file: permission denied")
    except OSError as exc:
        yield failure(origin, f"cannot read file: {exc.strerror or exc}")


def jsonl_records(
    stream: BinaryIO, *, path: str | None, max_bytes: int
) -> Iterator[RawDocument | Failure]:
    """Yield one document or Failure per non-blank line of ``stream`` (binary, JSONL).

    ``path`` names the source in each Origin (``None`` for standard input).
    """
    head = stream.read(SNIFF_BYTES)
    reason = binary_reason(head)
    if reason is not None:
        yield failure(Origin(path=path), f"binary content, not JSON Lines ({reason})")
        return
    stream = rejoined(head.removeprefix(b"\xef\xbb\xbf"), stream)
    seen_content = False
    total = 0
    line_no = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            break
        line_no += 1
        total += len(line)
        origin = Origin(path=path, record=line_no)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield failure(origin, too_large_problem(None, max_bytes, what="line"))
            seen_content = True
            continue
        if line.isspace():
            continue
        seen_content = True
        yield record_from_line(line, origin)
    if not seen_content:
        problem = "empty file (0 bytes)" if total == 0 else "empty file (only whitespace)"
        yield failure(Origin(path=path), problem)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    """Read ``stream`` up to and including the next newline, in bounded chunks."""
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def record_from_line(line: bytes, origin: Origin) -> RawDocument | Failure:
    """Parse one JSONL line into a document, or a Failure naming the line and the fault."""
    warnings: tuple[str, ...] = ()
    try:
        text = line.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as exc:
        text = line.rstrip(b"\r\n").decode("utf-8", errors="replace")
        warnings = (f"line is not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                    "bad bytes replaced with U+FFFD",)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")
        return failure(origin, f"not valid JSON: {message} at column {exc.colno}")
    except RecursionError:
        return failure(origin, "not valid JSON: nested too deeply")
    if not isinstance(value, dict):
        return failure(origin, f"not a JSON object (got {type(value).__name__})")
    if _SURROGATE_ESCAPE.search(text):
        value, replaced = _scrubbed(value)
        if replaced:
            warnings += (f"{replaced} lone UTF-16 surrogate escape(s) (\\uD800-\\uDFFF without a pair) replaced with U+FFFD",)
    return record_from_object(value, origin, warnings=warnings)


_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate: paired ones decode to one character, a lone one to
a ``str`` that cannot be encoded as UTF-8 (nor hashed, nor stored)."""


def _scrubbed(value: object) -> tuple[object, int]:
    """``value`` with lone surrogates in every string (keys too) replaced, and their count."""
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, list):
        items = [_scrubbed(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        pairs = [(_scrubbed(k), _scrubbed(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, sum(a + b for (_, a), (_, b) in pairs)
    return value, 0


def record_from_object(
    obj: dict[str, object], origin: Origin, *, warnings: tuple[str, ...] = ()
) -> RawDocument | Failure:
    """A RawDocument from one parsed JSONL object, or a Failure when it has no article."""
    content = _content(obj)
    if isinstance(content, str):
        return failure(origin, content)
    body, fmt = content
    hints = hints_from_object(obj)
    url = hints.get("url")
    located = Origin(path=origin.path, record=origin.record, url=url)
    return RawDocument(
        content=body, format=fmt, origin=located, hints=hints, encoding="utf-8",
        warnings=warnings,
    )


def _content(obj: dict[str, object]) -> tuple[str, Literal["text", "html"]] | str:
    """``(content, format)`` of the first non-empty article field, or the problem as a string."""
    problems: list[str] = []
    for name in TEXT_FIELDS + HTML_FIELDS:
        if name not in obj or obj[name] is None:
            continue
        value = obj[name]
        if not isinstance(value, str):
            problems.append(f"field '{name}' is a {type(value).__name__}, not a string")
        elif value.isspace() or not value:
            problems.append(f"field '{name}' is empty")
        elif name in TEXT_FIELDS or (name == "content" and not _TAG.search(value, 0, 4096)):
            return value, "text"
        else:
            return value, "html"
    if problems:
        return "; ".join(problems)
    expected = ", ".join(TEXT_FIELDS + HTML_FIELDS)
    return f"JSON object has no article field (expected one of: {expected})"


def hints_from_object(obj: dict[str, object]) -> dict[str, str]:
    """The metadata an object states, under the canonical names of :data:`HINT_FIELDS`."""
    hints: dict[str, str] = {}
    for canonical, names in HINT_FIELDS.items():
        for name in names:
            value = _hint_value(obj.get(name))
            if value:
                hints[canonical] = value
                break
    return hints


def _hint_value(value: object) -> str | None:
    """A scalar or a list of scalars as one trimmed string; ``None`` for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    if isinstance(value, list):
        parts = [_hint_value(item) for item in value if not isinstance(item, list)]
        return ", ".join(p for p in parts if p) or None
    return None
