"""How many documents an ingest will read, where that is cheap to know (for the progress bar)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sitroom.ingest.paths import STDIN_PATH, _extension, folder_files
from sitroom.ingest.web import is_url

__all__ = ["count_documents"]

LINE_KINDS = frozenset({".jsonl", ".ndjson"})
ONE_KINDS = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})


def count_documents(sources: Sequence[str | Path]) -> int | None:
    """The number of documents (or failures) reading ``sources`` gives: one per text or
    HTML file, one per non-blank JSONL line; None when a source would have to be read to
    know (standard input, URLs, feeds, lists of URLs, WARC files)."""
    total = 0
    for given in sources:
        text = str(given)
        if text == STDIN_PATH or is_url(text):
            return None
        path = Path(text)
        files = [f for f in folder_files(path) if isinstance(f, Path)] if path.is_dir() else [path]
        for file in files:
            kind = _extension(file)
            if kind in LINE_KINDS:
                total += _lines(file)
            elif kind in ONE_KINDS and kind not in (".txt", ".text"):
                total += 1
            elif kind in (".txt", ".text") and path.is_dir():
                total += 1  # a .txt file named on its own may be a list of URLs
            else:
                return None
    return total


def _lines(path: Path) -> int:
    n = 0
    try:
        with path.open("rb") as f:
            for line in f:
                n += bool(line.strip())
    except OSError:
        return 1  # read as one failure
    return n
