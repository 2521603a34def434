"""From the paths a user names to documents: files, folders and ``-`` (standard input)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from sitroom.ingest.base import Reader, failure
from sitroom.ingest.html import read_html
from sitroom.ingest.jsonl import read_jsonl
from sitroom.ingest.stdin import read_stdin
from sitroom.ingest.text import read_text
from sitroom.ingest.warc import read_warc
from sitroom.model import Failure, Origin, RawDocument

STDIN_PATH = "-"
DEFAULT_MAX_BYTES = 20_000_000

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".arc": read_warc,
    ".arc.gz": read_warc,
}
"""File extension (lower case) -> the reader for it."""

EXPECTED = ".txt, .html, .htm, .jsonl, .warc, .warc.gz"


def read_paths(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield every document in ``paths``, and a Failure for everything unreadable.

    Folders are read recursively in sorted order, skipping hidden entries and files
    of other kinds; ``"-"`` reads ``stdin`` (default ``sys.stdin.buffer``).
    ``max_bytes`` bounds one file, JSONL line or WARC record.
    Raises ``ValueError`` (when iterated) if ``max_bytes`` is below 1.
    """
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    for given in paths:
        if str(given) == STDIN_PATH:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stdin(stream, max_bytes=max_bytes)
            continue
        yield from _read_path(Path(given), max_bytes=max_bytes)


def _read_path(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """The documents of one named file or folder."""
    origin = Origin(path=str(path))
    if path.is_dir():
        for found in folder_files(path):
            if isinstance(found, Failure):
                yield found
            else:
                yield from _read_file(found, _reader_for(found), max_bytes=max_bytes)
    elif not path.exists():
        yield failure(origin, "no such file or directory")
    elif not path.is_file():
        yield failure(origin, "not a regular file or folder")
    else:
        reader = _reader_for(path)
        if reader is None:
            yield failure(origin, _unsupported(path))
        else:
            yield from _read_file(path, reader, max_bytes=max_bytes)


def _read_file(
    path: Path, reader: Reader | None, *, max_bytes: int
) -> Iterator[RawDocument | Failure]:
    """Run ``reader`` on ``path``; an unexpected error becomes one Failure, not a crash."""
    if reader is None:
        return
    try:
        yield from reader(path, max_bytes=max_bytes)
    # Readers report bad input as Failures; this net catches a reader's own bug so
    # that it costs one file, not the batch (scrapy's per-item error handling).
    except Exception as exc:  # noqa: BLE001
        yield failure(Origin(path=str(path)), f"reader error: {type(exc).__name__}: {exc}")


def folder_files(root: Path) -> Iterator[Path | Failure]:
    """The readable files under ``root``, recursively, in sorted path order.

    Entries are visited by name at each level, a sub-folder's files where the
    sub-folder's name falls among its siblings. Hidden entries (name starting
    with ".") and files with no reader are skipped; a folder that cannot be
    listed yields a Failure; a folder reached twice through links is read once.
    """
    seen: set[Path] = set()
    stack: list[Iterator[Path]] = []
    listing = _listing(root, seen)
    if isinstance(listing, Failure):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir():
            listing = _listing(entry, seen)
            if isinstance(listing, Failure):
                yield listing
            else:
                stack.append(iter(listing))
        elif entry.is_file() and _reader_for(entry) is not None:
            yield entry


def _listing(folder: Path, seen: set[Path]) -> list[Path] | Failure:
    """``folder``'s entries sorted by name (empty if already seen), or why it cannot be listed."""
    try:
        real = folder.resolve()
        if real in seen:
            return []
        seen.add(real)
        return sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        return failure(Origin(path=str(folder)), f"cannot list folder: {exc.strerror or exc}")


def _reader_for(path: Path) -> Reader | None:
    """The reader for ``path``'s extension (``.warc.gz`` counts as one), or ``None``."""
    return READERS.get(_extension(path))


def _extension(path: Path) -> str:
    """The lower-case extension, with ``.gz`` kept together with the one before it."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def _unsupported(path: Path) -> str:
    """The reason for a named file no reader handles."""
    extension = _extension(path)
    if not extension:
        return f"unsupported file type: no extension (expected {EXPECTED})"
    return f"unsupported file type '{extension}' (expected {EXPECTED})"
