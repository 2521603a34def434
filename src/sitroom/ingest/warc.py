"""Web archives (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``) read with warcio.

Which records are articles follows the WARC 1.1 standard (ISO 28500,
https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/):
``response`` records with HTTP status 200 and ``resource`` records, whose media
type is text/html, application/xhtml+xml or text/plain. Redirects, errors,
``request``/``metadata``/``warcinfo``/``revisit`` records and other media types
are skipped (counted, and named in the Failure when nothing at all is usable).

Damage is detected four ways: warcio raising, a record whose block ends before
its ``Content-Length`` (or that has none, though the standard requires it),
bytes left over after the last record warcio could parse (a gzip member cut
short), and, for a seekable gzipped file, a last gzip member without its
trailer (RFC 1952, section 2.2). Records read before the damage are yielded;
then one Failure names the file and the byte offset where reading stopped.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Literal

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from sitroom.ingest.base import failure, too_large_problem
from sitroom.ingest.html import html_document
from sitroom.ingest.text import text_document
from sitroom.model import Failure, Origin, RawDocument

MEDIA_FORMATS: dict[str, Literal["text", "html"]] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
DOCUMENT_RECORD_TYPES = ("response", "resource")
ArchiveKind = Literal["warc", "arc"]
_CHUNK = 1 << 16
_DETAIL_CHARS = 160


class _Stop(Exception):
    """The archive cannot be read past this point; ``args[0]`` says why."""


def read_warc(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Yield each article record of a WARC/ARC file (gzipped or not), then any damage.

    ``max_bytes`` bounds one record's payload, not the file.
    """
    origin = Origin(path=str(path))
    name = path.name.lower()
    kind: ArchiveKind = "arc" if name.endswith((".arc", ".arc.gz")) else "warc"
    try:
        if path.stat().st_size == 0:
            yield failure(origin, "empty file (0 bytes)")
            return
        with path.open("rb") as handle:
            yield from warc_records(handle, path=str(path), max_bytes=max_bytes, kind=kind)
    except PermissionError:
        yield failure(origin, "cannot read file: permission denied")
    except OSError as exc:
        yield failure(origin, f"cannot read file: {exc.strerror or exc}")


def warc_records(
    stream: BinaryIO, *, path: str | None, max_bytes: int, kind: ArchiveKind = "warc"
) -> Iterator[RawDocument | Failure]:
    """Yield the article records of a WARC/ARC ``stream``, record failures, then any damage.

    ``path`` names the source in each Origin (``None`` for standard input); with
    ``kind="warc"`` a record in the older ARC format counts as damage (warcio
    takes almost any line of text for an ARC header).
    """
    iterator = ArchiveIterator(stream, check_digests=True)
    _bound_lines(iterator)
    records = iter(iterator)
    skipped: Counter[str] = Counter()
    yielded = 0
    last_offset = 0
    while True:
        start = iterator.offset
        try:
            record = next(records)
            if kind == "warc" and record.format != "warc":
                raise _Stop(f"expected a WARC record, found {record.format.upper()} or other data")
            item = _record_item(record, iterator, path=path, max_bytes=max_bytes)
            last_offset = iterator.get_record_offset()
        except StopIteration:
            break
        except _Stop as stop:
            yield _damage(path, start, str(stop.args[0]), yielded)
            return
        # warcio raises many types on damaged input (ArchiveLoadFailed, EOFError,
        # zlib.error, ValueError, even AttributeError): all mean "cannot go on".
        except Exception as exc:  # noqa: BLE001
            yield _damage(path, iterator.offset, _exception_detail(exc), yielded)
            return
        if isinstance(item, str):
            skipped[item] += 1
            continue
        yielded += 1
        yield item
    left_over = _unread_bytes(iterator)
    if left_over:
        detail = f"{left_over:,} bytes after it could not be parsed as a record"
        yield _damage(path, iterator.offset, detail, yielded)
    elif not _last_gzip_member_complete(stream, last_offset):
        detail = "the gzip member of the last record is cut short"
        yield _damage(path, last_offset, detail, yielded)
    elif yielded == 0:
        yield failure(Origin(path=path), _nothing_usable(skipped))


MAX_LINE_BYTES = 1 << 16
"""Bytes one header line of a record (WARC or HTTP) may take. warcio reads a line until its
newline: a gzip member that expands to gigabytes without one (2.4 MB on disk, 2.5 GB
inflated) held it in one ``readline`` until memory ran out. Past this bound the line is
cut, the header cannot parse, and the archive is damaged from there (a Failure)."""


def _bound_lines(iterator: ArchiveIterator) -> None:
    """Make every ``readline`` of ``iterator``'s decompressing reader stop at
    :data:`MAX_LINE_BYTES`."""
    reader = iterator.reader
    unbounded = reader.readline

    def readline(length: int | None = None) -> bytes:
        return unbounded(MAX_LINE_BYTES if length is None or length <= 0 or length > MAX_LINE_BYTES else length)

    reader.readline = readline


def _record_item(
    record: ArcWarcRecord, iterator: ArchiveIterator, *, path: str | None, max_bytes: int
) -> RawDocument | Failure | str:
    """The document in one record, a Failure for it, or (a ``str``) why it is skipped.

    Raises :class:`_Stop` when the record shows the archive is damaged.
    """
    length_header = "Content-Length" if record.format == "warc" else "length"
    declared = (record.rec_headers.get_header(length_header) or "").strip()
    if not declared.isdigit():
        # Mandatory (WARC 1.1, section 5.2); missing or cut short when the header block is.
        raise _Stop(f"record has no valid {length_header} header ({declared!r})")
    kind = _skip_reason_or_format(record)
    payload = b""
    if kind in ("text", "html"):
        payload = _read_at_most(record.content_stream(), max_bytes + 1)
    offset = iterator.get_record_offset()  # reads the rest of the record
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining:
        raise _Stop(f"record is cut short: {remaining:,} of its {declared} bytes are missing")
    if kind not in ("text", "html"):
        return kind
    origin = _origin(record, path, offset)
    if len(payload) > max_bytes:
        return failure(origin, too_large_problem(None, max_bytes, what="record payload"))
    if kind == "html":
        item = html_document(payload, origin, what="record payload")
    else:
        charset = _charset(_content_type(record))
        item = text_document(payload, origin, declared=charset, what="record payload")
    problems = tuple(f"WARC digest check: {p}" for p in record.digest_checker.problems)
    if isinstance(item, RawDocument) and problems:
        return replace(item, warnings=item.warnings + problems)
    return item


def _skip_reason_or_format(record: ArcWarcRecord) -> str:
    """``"html"`` or ``"text"`` for an article record, else why the record is skipped."""
    if record.rec_type not in DOCUMENT_RECORD_TYPES:
        return f"{record.rec_type} record"
    if record.rec_type == "response":
        if record.http_headers is None:
            return "response without HTTP headers"
        status = record.http_headers.get_statuscode()
        if status != "200":
            return f"HTTP status {status}"
    media_type = _content_type(record).split(";", 1)[0].strip().lower()
    fmt = MEDIA_FORMATS.get(media_type)
    return fmt if fmt is not None else f"content type {media_type or 'missing'}"


def _content_type(record: ArcWarcRecord) -> str:
    """The payload's Content-Type: the HTTP header for responses, the WARC one for resources."""
    if record.rec_type == "response" and record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header (RFC 9110, section 8.3), if any."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"'):
            return value.strip().strip('"').lower()
    return None


def _origin(record: ArcWarcRecord, path: str | None, offset: int) -> Origin:
    """Where one record came from: file, byte offset, target URI, record id and WARC-Date."""
    headers = record.rec_headers
    if record.format == "arc":  # ARC 1.0 header: URL IP-address Archive-date Content-type Length
        return Origin(
            path=path, url=headers.get_header("uri"), record=offset,
            fetched_at=headers.get_header("archive-date"),
        )
    return Origin(
        path=path,
        url=headers.get_header("WARC-Target-URI"),
        warc_record_id=headers.get_header("WARC-Record-ID"),
        record=offset,
        fetched_at=headers.get_header("WARC-Date"),
    )


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, reading in chunks (warcio readers may return short)."""
    parts: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(_CHUNK, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _unread_bytes(iterator: ArchiveIterator) -> int:
    """Bytes consumed from the file past the end of the last record warcio parsed.

    ``ArchiveIterator.offset`` is where the next record would start; when a gzip
    member is cut short warcio stops there silently, with the file's tail unread.
    """
    try:
        return max(0, iterator.fh.tell() - iterator.offset)
    except OSError:
        return 0


def _last_gzip_member_complete(stream: BinaryIO, offset: int) -> bool:
    """False when ``stream`` is gzipped and its gzip member at ``offset`` lacks its end.

    warcio stops silently when only a member's trailer is missing. Streams that
    cannot seek (standard input) are not checked and count as complete.
    """
    try:
        if not stream.seekable():
            return True
        stream.seek(0)
        if stream.read(2) != b"\x1f\x8b":
            return True
        stream.seek(offset)
        inflater = zlib.decompressobj(wbits=31)
        while not inflater.eof:
            data = inflater.unconsumed_tail or stream.read(_CHUNK)
            if not data:
                return False
            inflater.decompress(data, _CHUNK)  # output bounded and discarded
    except (OSError, zlib.error):
        return False
    return True


def _damage(path: str | None, offset: int, detail: str, yielded: int) -> Failure:
    """The one Failure for a damaged archive, naming the file and where reading stopped."""
    return failure(
        Origin(path=path, record=offset),
        f"truncated or corrupt WARC: reading stopped at byte {offset:,} ({detail}); "
        f"{yielded} document(s) were read",
    )


def _nothing_usable(skipped: Counter[str]) -> str:
    """The reason for an archive with no article records, with what it held instead."""
    if not skipped:
        return "WARC has no records"
    held = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
    return f"WARC has no usable records (only: {held})"


def _exception_detail(exc: Exception) -> str:
    """A one-line, bounded description of an exception raised by warcio."""
    text = " ".join(str(exc).split())
    if len(text) > _DETAIL_CHARS:
        text = text[: _DETAIL_CHARS - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
