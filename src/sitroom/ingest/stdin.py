"""Standard input (the path ``-``): the kind is sniffed from the first bytes.

``WARC/`` or ``filedesc://`` (ARC) -> WARC; the gzip magic number (RFC 1952) ->
gzipped WARC (not ARC); first non-space character ``{`` -> JSON Lines; ``<`` -> HTML;
anything else -> plain text. WARC and JSONL are streamed; text and HTML are read
whole, at most ``max_bytes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, Literal

from sitroom.ingest.base import (
    SNIFF_BYTES,
    empty_problem,
    failure,
    rejoined,
    too_large_problem,
)
from sitroom.ingest.html import html_document
from sitroom.ingest.jsonl import jsonl_records
from sitroom.ingest.text import text_document
from sitroom.ingest.warc import warc_records
from sitroom.model import Failure, Origin, RawDocument

StdinKind = Literal["warc", "jsonl", "html", "text"]

GZIP_MAGIC = b"\x1f\x8b"


def read_stdin(stream: BinaryIO, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Yield the documents on a binary input stream, or Failures saying why not."""
    origin = Origin()
    try:
        head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        yield failure(origin, f"cannot read standard input: {exc.strerror or exc}")
        return
    if not head:
        yield failure(origin, empty_problem(head, "standard input"))
        return
    kind = sniff_kind(head)
    whole = rejoined(head, stream)
    if kind == "warc":
        archive = "arc" if head.lstrip().startswith(b"filedesc://") else "warc"
        yield from warc_records(whole, path=None, max_bytes=max_bytes, kind=archive)
    elif kind == "jsonl":
        yield from jsonl_records(whole, path=None, max_bytes=max_bytes)
    else:
        data = whole.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield failure(origin, too_large_problem(None, max_bytes, "standard input"))
        elif kind == "html":
            yield html_document(data, origin, what="standard input")
        else:
            yield text_document(data, origin, what="standard input")


def sniff_kind(head: bytes) -> StdinKind:
    """The source kind announced by the first bytes of an input (see the module docstring)."""
    if head.startswith(GZIP_MAGIC):
        return "warc"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        return "html"
    return "text"
