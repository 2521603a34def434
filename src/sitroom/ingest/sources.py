"""Everything ``sitroom ingest`` and ``sitroom watch`` accept: files, folders, standard
input, URLs, files of URLs and feed or sitemap files.

:func:`read_sources` sends URLs, files of URLs (``.urls``, or a ``.txt`` file whose every
line is a URL) and feed or sitemap files (``.rss``, ``.atom``, ``.xml``) to
:mod:`sitroom.ingest.web`, and the rest to :func:`sitroom.ingest.read_paths`. Without a
fetcher (the library's default) a URL is a failure saying so: nothing touches the network
unless the caller asks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from sitroom.ingest.base import failure, read_file_bytes
from sitroom.ingest.paths import DEFAULT_MAX_BYTES, read_paths
from sitroom.ingest.web import Fetcher, Known, is_url, read_url_sources, url_lines
from sitroom.model import Failure, Origin, RawDocument

__all__ = ["FEED_SUFFIXES", "read_sources"]

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
URL_LIST_MAX_BYTES = 5_000_000
"""A ``.txt`` file larger than this is read as a document, never as a list of URLs."""


def read_sources(
    sources: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
    known: Known | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every document of ``sources`` (see the module notes), and a Failure for each that
    cannot be read or fetched; ``known`` (the store's URLs) skips feed entries before they
    are fetched."""
    for given in sources:
        text = str(given)
        if is_url(text):
            if fetcher is None:
                yield failure(Origin(url=text), "a URL, and fetching is off (sitroom ingest fetches it)")
            else:
                yield from read_url_sources([(text, None)], fetcher, known=known)
            continue
        path = Path(text)
        listed = _listed(path, max_bytes)
        if listed is None:
            yield from read_paths([given], max_bytes=max_bytes, stdin=stdin)
        elif isinstance(listed, Failure):
            yield listed
        elif fetcher is None:
            yield failure(Origin(path=text), "a feed, sitemap or list of URLs, and fetching is off (sitroom ingest fetches it)")
        else:
            yield from read_url_sources(listed, fetcher, known=known)


def _listed(path: Path, max_bytes: int) -> list[tuple[str, bytes | None]] | Failure | None:
    """What a feed, sitemap or URL-list file names, or None when ``path`` is none of those."""
    suffix = path.suffix.lower()
    if not path.is_file() or suffix not in FEED_SUFFIXES | {".urls", ".txt"}:
        return None
    if suffix == ".txt" and path.stat().st_size > URL_LIST_MAX_BYTES:
        return None
    data = read_file_bytes(path, Origin(path=str(path)), max_bytes=max_bytes)
    if isinstance(data, Failure):
        return data
    if suffix in FEED_SUFFIXES:
        return [(str(path), data)]
    urls = url_lines(data.decode("utf-8", errors="replace"))
    if urls is None:
        return failure(Origin(path=str(path)), "not a list of URLs (a line that is no http(s) URL)") if suffix == ".urls" else None
    return [(url, None) for url in urls]
