"""What every reader shares: the :class:`Reader` protocol and the checks on raw bytes.

A reader turns one path into :class:`~sitroom.model.RawDocument` records, and
anything it cannot read into :class:`~sitroom.model.Failure` records: it never
raises for bad input, so one broken file never stops a batch (the scrapy
``DropItem`` habit, see ``/work/shared/STYLE.md``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from sitroom.model import Failure, Origin, RawDocument

STAGE = "ingest"

SNIFF_BYTES = 8192
"""How much of a file the binary check looks at (git's ``buffer_is_binary`` looks at 8,000)."""

# Leading bytes of common binary formats, from the WHATWG MIME Sniffing Standard
# (https://mimesniff.spec.whatwg.org/, section 6 "Matching a MIME type pattern")
# and the file(1) magic database; a file claimed to be text or HTML that starts
# with one of these is refused.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (legacy Microsoft Office) file"),
    (b"BZh", "bzip2 data"),
)

# Byte-order marks that make NUL bytes legitimate (UTF-16/UTF-32 text); longest first
# so that UTF-32-LE (FF FE 00 00) is not taken for UTF-16-LE (FF FE).
WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class Reader(Protocol):
    """One source kind: reads ``path`` into documents, or failures that say why not."""

    def __call__(self, path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
        """Yield every document in ``path``; never raise for bad input."""
        ...


def failure(origin: Origin, problem: str) -> Failure:
    """A Failure with ``problem`` as its reason; ``Failure.message()`` adds the location
    (``news.jsonl:12: not valid JSON``)."""
    return Failure(origin=origin, reason=problem, stage=STAGE)


def wide_bom_encoding(data: bytes) -> str | None:
    """The UTF-16/UTF-32 codec announced by ``data``'s byte-order mark, or ``None``."""
    for bom, codec in WIDE_BOMS:
        if data.startswith(bom):
            return codec
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` (the start of a file) looks binary, or ``None`` when it looks like text.

    Binary means a known signature (:data:`BINARY_SIGNATURES`) or a NUL byte in the
    first :data:`SNIFF_BYTES` bytes, the heuristic of git (``buffer_is_binary``) and
    GNU grep; text with a UTF-16/UTF-32 byte-order mark is allowed its NUL bytes.
    """
    head = data[:SNIFF_BYTES]
    for signature, name in BINARY_SIGNATURES:
        if head.startswith(signature) and _signature_confirmed(head, signature):
            return f"looks like a {name}"
    nul = head.find(b"\x00")
    if nul >= 0 and wide_bom_encoding(head) is None:
        return f"NUL byte at offset {nul}"
    return None


def _signature_confirmed(head: bytes, signature: bytes) -> bool:
    """Extra check for short signatures that an English text could start with ("BZh...")."""
    if signature == b"BZh":
        # bzip2: "BZh" + block size 1-9 + block magic 0x314159265359 ("1AY&SY").
        return head[3:4] in {bytes([c]) for c in b"123456789"} and head[4:10] == b"1AY&SY"
    return True


def is_blank(data: bytes | str) -> bool:
    """True when ``data`` is empty or only whitespace."""
    return not data or data.isspace()


def empty_problem(data: bytes | str, what: str = "file") -> str:
    """The reason for an empty input: 0 bytes, or only whitespace."""
    return f"empty {what} (0 bytes)" if not data else f"empty {what} (only whitespace)"


def too_large_problem(size: int | None, max_bytes: int, what: str = "file") -> str:
    """The reason for an input over the size bound (``size`` when known), with the fix."""
    stated = f" is {size:,} bytes," if size is not None else " is"
    return f"{what}{stated} larger than max_bytes={max_bytes:,}; raise max_bytes to read it"


def read_file_bytes(path: Path, origin: Origin, *, max_bytes: int) -> bytes | Failure:
    """The whole content of ``path``, at most ``max_bytes`` of it.

    Returns a :class:`Failure` (never raises) when the file is missing, unreadable,
    larger than ``max_bytes`` or empty (0 bytes).
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return failure(origin, too_large_problem(size, max_bytes))
        with path.open("rb") as handle:
            # Read one byte more than allowed: the file may have grown since stat().
            data = handle.read(max_bytes + 1)
    except PermissionError:
        return failure(origin, "cannot read file: permission denied")
    except OSError as exc:
        return failure(origin, f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return failure(origin, too_large_problem(None, max_bytes))
    if not data:
        return failure(origin, empty_problem(data))
    return data


def rejoined(head: bytes, rest: BinaryIO) -> BinaryIO:
    """One reader over ``head`` (bytes already read, e.g. to sniff them) and then ``rest``."""
    return io.BufferedReader(_ChainRaw(head, rest))


class _ChainRaw(io.RawIOBase):
    """A raw, unseekable stream reading ``head`` and then ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = io.BytesIO(head)
        self._rest = rest

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the head first, then from the rest; 0 at the end."""
        view = memoryview(buffer).cast("B")
        count = self._head.readinto(view)
        if count:
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)
