"""Plain-text files (``.txt``, ``.text``), decoded here.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then a charset
the source declares (HTTP ``Content-Type`` in a WARC); then strict UTF-8; then
a legacy encoding found with ``charset_normalizer``, with a warning; then UTF-8
with replacement characters, with a warning. windows-1252 is tried first among
legacy encodings: it is the web's legacy default for Western text, and the
WHATWG Encoding Standard (https://encoding.spec.whatwg.org/, "latin1" label)
reads ISO-8859-1 as windows-1252 for that reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from sitroom.ingest.base import (
    binary_reason,
    empty_problem,
    failure,
    is_blank,
    read_file_bytes,
    wide_bom_encoding,
)
from sitroom.model import Failure, Origin, RawDocument

PREFERRED_LEGACY = "cp1252"


def read_text(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Yield the one document in a text file, or one Failure saying why it cannot be read."""
    origin = Origin(path=str(path))
    data = read_file_bytes(path, origin, max_bytes=max_bytes)
    yield data if isinstance(data, Failure) else text_document(data, origin)


def text_document(
    data: bytes, origin: Origin, *, declared: str | None = None, what: str = "file"
) -> RawDocument | Failure:
    """A text RawDocument (content decoded to ``str``) from raw bytes, or why not.

    ``declared`` is a charset the source states (HTTP ``Content-Type``); ``what``
    names the input in reasons. Fails on empty or whitespace-only input and on
    binary content.
    """
    if is_blank(data):
        return failure(origin, empty_problem(data, what))
    reason = binary_reason(data)
    if reason is not None:
        return failure(origin, f"binary content, not text ({reason})")
    text, encoding, warnings = decode_text(data, declared=declared)
    if is_blank(text):
        return failure(origin, empty_problem(text, what))
    return RawDocument(
        content=text, format="text", origin=origin, encoding=encoding, warnings=warnings
    )


def decode_text(data: bytes, *, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode ``data``; returns ``(text, encoding, warnings)``.

    ``declared`` is an encoding the source states (an HTTP ``charset``); it is tried
    first after a byte-order mark. A UTF-8 BOM is stripped. Never raises.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    wide = wide_bom_encoding(data)
    if wide is not None:
        return data.decode(wide, errors="replace"), wide, ()
    warnings: list[str] = []
    if declared:
        decoded = _strict_decode(data, declared)
        if decoded is not None:
            return decoded, declared, ()
        warnings.append(f"not valid {declared} as declared")
    decoded = _strict_decode(data, "utf-8")
    if decoded is not None:
        return decoded, "utf-8", tuple(warnings)
    guess = _guess_encoding(data)
    if guess is not None:
        text, encoding = guess
        warnings.append(f"not valid UTF-8; decoded as {encoding}")
        return text, encoding, tuple(warnings)
    warnings.append("not valid UTF-8 and no encoding detected; bad bytes replaced with U+FFFD")
    return data.decode("utf-8", errors="replace"), "utf-8", tuple(warnings)


def _strict_decode(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly, or ``None`` if it is not valid (or the codec is unknown)."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    """The legacy encoding of ``data`` as ``(text, encoding)``; ``None`` when none fits.

    cp1252 whenever charset_normalizer finds it plausible (not too garbled);
    otherwise charset_normalizer's best guess (cp1251 Cyrillic, Big5, Shift JIS...).
    Its ranking alone is not used for Western text: on mostly-ASCII news it picks
    cp1250, cp852 or even Big5 for plain cp1252 (measured on Wikinews articles).
    """
    western = charset_normalizer.from_bytes(data, cp_isolation=[PREFERRED_LEGACY]).best()
    if western is not None:
        return str(western), western.encoding
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding
