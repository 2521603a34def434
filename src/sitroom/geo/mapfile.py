"""A read-only file of typed arrays, string tables and hashed string indexes, read through
``mmap``: every process that opens the same file shares one copy of it in the operating
system's page cache, and opening it reads nothing but its header.

The gazetteer is kept in one (:mod:`sitroom.geo.gazetteer`): the runner's workers map it
instead of each holding its own Python dictionaries (about 117 MB per process).

Layout: an 8-byte magic, the header's length (8 bytes, little-endian), the header (JSON:
each section's offset, length, kind and item type), then the sections, each aligned to 8
bytes. A hashed index is open addressing with linear probing over CRC-32 of the key's UTF-8
bytes, at most half full; each slot holds a key's number plus one (0: empty), and a key's
entries are a slice of one postings array. Nothing in the file is executed when it is read;
a section that lies outside the file, or of an unknown type, is refused with ``ValueError``.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

MAGIC = b"SITMAP1\n"
_LENGTH = struct.Struct("<Q")
_TYPECODES = frozenset("bBhHiIqQd")


def _aligned(n: int) -> int:
    return (n + 7) & ~7


class Writer:
    """Collects sections in memory, then :meth:`write` puts them in a file atomically."""

    def __init__(self) -> None:
        self._sections: dict[str, tuple[str, str, bytes]] = {}  # name -> (kind, typecode, data)

    def _put(self, name: str, kind: str, typecode: str, data: bytes) -> None:
        if name in self._sections:
            raise ValueError(f"section {name!r} written twice")
        self._sections[name] = (kind, typecode, data)

    def array(self, name: str, typecode: str, values: Iterable[int | float] | array | memoryview) -> None:
        """A typed array (``array`` type codes; native byte order, as the reader's machine)."""
        if isinstance(values, memoryview):
            values = array(typecode, values.tobytes())
        packed = values if isinstance(values, array) and values.typecode == typecode else array(typecode, values)
        self._put(name, "array", typecode, packed.tobytes())

    def blob(self, name: str, data: bytes) -> None:
        self._put(name, "blob", "B", bytes(data))

    def strings(self, name: str, strings: Iterable[str]) -> None:
        """A sequence of strings: their UTF-8 bytes end to end and ``n + 1`` offsets."""
        offsets = array("Q", [0])
        parts = []
        for s in strings:
            data = s.encode("utf-8")
            parts.append(data)
            offsets.append(offsets[-1] + len(data))
        self.blob(f"{name}.text", b"".join(parts))
        self.array(f"{name}.offsets", "Q", offsets)

    def coded(self, name: str, strings: Sequence[str]) -> None:
        """A long sequence of few distinct strings (country codes): a table and a code per item."""
        table: dict[str, int] = {}
        codes = array("I", (table.setdefault(s, len(table)) for s in strings))
        self.strings(f"{name}.table", table)
        self.array(f"{name}.codes", "I", codes)

    def index(self, name: str, mapping: Mapping[str, Sequence[int]]) -> None:
        """A string -> entry numbers index (read back by :class:`StringIndex`)."""
        keys = list(mapping)
        size = 8
        while size < 2 * len(keys):
            size *= 2
        slots = array("I", bytes(4 * size))
        mask = size - 1
        starts = array("Q", [0])
        postings = array("I")
        for number, key in enumerate(keys):
            slot = zlib.crc32(key.encode("utf-8")) & mask
            while slots[slot]:
                slot = (slot + 1) & mask
            slots[slot] = number + 1
            postings.extend(mapping[key])
            starts.append(len(postings))
        self.strings(f"{name}.keys", keys)
        self.array(f"{name}.slots", "I", slots)
        self.array(f"{name}.starts", "Q", starts)
        self.array(f"{name}.postings", "I", postings)

    def write(self, path: Path) -> None:
        """Write the file next to ``path`` under a temporary name, then rename it into place."""
        header: dict[str, list] = {}
        offset = 0
        for name, (kind, typecode, data) in self._sections.items():
            header[name] = [offset, len(data), kind, typecode]
            offset = _aligned(offset + len(data))
        head = json.dumps(header, separators=(",", ":")).encode("utf-8")
        start = _aligned(len(MAGIC) + _LENGTH.size + len(head))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(MAGIC + _LENGTH.pack(len(head)) + head)
                for name, (_kind, _typecode, data) in self._sections.items():
                    f.seek(start + header[name][0])
                    f.write(data)
                f.truncate(start + offset)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


class MappedFile:
    """A file written by :class:`Writer`, mapped read-only. Its sections stay valid while
    this object (or any view taken from it) is alive."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        size = len(view)
        if size < len(MAGIC) + _LENGTH.size or bytes(view[: len(MAGIC)]) != MAGIC:
            raise ValueError(f"{path}: not a sitroom mapped file")
        (length,) = _LENGTH.unpack_from(view, len(MAGIC))
        head_end = len(MAGIC) + _LENGTH.size + length
        if head_end > size:
            raise ValueError(f"{path}: header runs past the end of the file")
        header = json.loads(bytes(view[len(MAGIC) + _LENGTH.size : head_end]))
        start = _aligned(head_end)
        self._sections: dict[str, memoryview] = {}
        for name, (offset, nbytes, _kind, typecode) in header.items():
            if typecode not in _TYPECODES or offset < 0 or nbytes < 0 or start + offset + nbytes > size:
                raise ValueError(f"{path}: section {name!r} is malformed or outside the file")
            part = view[start + offset : start + offset + nbytes]
            if nbytes % array(typecode).itemsize:
                raise ValueError(f"{path}: section {name!r} is not a whole number of {typecode!r} items")
            self._sections[name] = part.cast(typecode) if typecode != "B" else part
        self.path = path
        self.size = size

    def array(self, name: str) -> memoryview:
        return self._sections[name]

    def blob(self, name: str) -> bytes:
        return bytes(self._sections[name])

    def strings(self, name: str) -> Strings:
        return Strings(self._sections[f"{name}.text"], self._sections[f"{name}.offsets"])

    def coded(self, name: str) -> Coded:
        return Coded(tuple(self.strings(f"{name}.table")), self._sections[f"{name}.codes"])

    def index(self, name: str) -> StringIndex:
        return StringIndex(self.strings(f"{name}.keys"), self._sections[f"{name}.slots"], self._sections[f"{name}.starts"], self._sections[f"{name}.postings"])


class Strings(Sequence[str]):
    """Strings decoded on demand from a mapped blob."""

    __slots__ = ("_text", "_offsets")

    def __init__(self, text: memoryview, offsets: memoryview) -> None:
        if len(offsets) < 1 or offsets[-1] > len(text):
            raise ValueError("string offsets run past their text")
        self._text = text
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return str(self._text[self._offsets[i] : self._offsets[i + 1]], "utf-8")

    def raw(self, i: int) -> memoryview:
        """The UTF-8 bytes of item ``i`` (no bounds check beyond the view's)."""
        return self._text[self._offsets[i] : self._offsets[i + 1]]


class Coded(Sequence[str]):
    """A sequence of strings stored as codes into a small table held in memory."""

    __slots__ = ("_table", "_codes")

    def __init__(self, table: tuple[str, ...], codes: memoryview) -> None:
        if len(codes) and max(codes) >= len(table):
            raise ValueError("a string code is outside its table")
        self._table = tuple(map(sys.intern, table))
        self._codes = codes

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._table[c] for c in self._codes[i]]
        return self._table[self._codes[i]]


class StringIndex(Mapping[str, tuple[int, ...]]):
    """A read-only ``str -> tuple of entry numbers`` mapping over a mapped hash table."""

    __slots__ = ("_keys", "_slots", "_mask", "_starts", "_postings")

    def __init__(self, keys: Strings, slots: memoryview, starts: memoryview, postings: memoryview) -> None:
        size = len(slots)
        if size == 0 or size & (size - 1) or len(starts) != len(keys) + 1 or (len(starts) and starts[-1] > len(postings)):
            raise ValueError("malformed string index")
        self._keys = keys
        self._slots = slots
        self._mask = size - 1
        self._starts = starts
        self._postings = postings

    def _number(self, key: str) -> int:
        data = key.encode("utf-8")
        slots, mask, raw = self._slots, self._mask, self._keys.raw
        slot = zlib.crc32(data) & mask
        for _ in range(mask + 1):  # a table is at most half full: this ends at an empty slot
            number = slots[slot]
            if not number:
                return -1
            if raw(number - 1) == data:
                return number - 1
            slot = (slot + 1) & mask
        return -1

    def get(self, key: str, default=None):  # type: ignore[override]
        number = self._number(key)
        if number < 0:
            return default
        return tuple(self._postings[self._starts[number] : self._starts[number + 1]])

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._number(key) >= 0

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)
