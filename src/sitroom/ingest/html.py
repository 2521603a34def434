"""HTML files (``.html``, ``.htm``, ``.xhtml``), kept as bytes.

The bytes are not decoded here: the cleaner's HTML extractor (trafilatura) reads
the page's own ``<meta charset>`` and guesses from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitroom.ingest.base import binary_reason, empty_problem, failure, is_blank, read_file_bytes
from sitroom.model import Failure, Origin, RawDocument


def read_html(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Yield the one document in an HTML file, or one Failure saying why it cannot be read."""
    origin = Origin(path=str(path))
    data = read_file_bytes(path, origin, max_bytes=max_bytes)
    yield data if isinstance(data, Failure) else html_document(data, origin)


def html_document(data: bytes, origin: Origin, *, what: str = "file") -> RawDocument | Failure:
    """An HTML RawDocument (content stays ``bytes``), or a Failure for empty or binary input.

    ``what`` names the input in reasons ("file", "record payload", "standard input").
    """
    if is_blank(data):
        return failure(origin, empty_problem(data, what))
    reason = binary_reason(data)
    if reason is not None:
        return failure(origin, f"binary content, not HTML ({reason})")
    return RawDocument(content=data, format="html", origin=origin)
