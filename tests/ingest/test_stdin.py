"""Standard input: "-" with the kind sniffed from the first bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitroom.ingest import read_paths, sniff_kind
from sitroom.model import Failure, RawDocument


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        (b"\x1f\x8b\x08\x00", "warc"),
        (b"filedesc://crawl.arc 0.0.0.0 20240501120000 text/plain 76", "warc"),
        (b"\xef\xbb\xbf  \n{\"text\": \"x\"}", "jsonl"),
        (b"\n  <!DOCTYPE html><html>", "html"),
        (b"KABUL (Reuters) - Gunmen attacked", "text"),
    ],
)
def test_stdin_sniff_kind(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind


@pytest.mark.parametrize("name", ["news.jsonl", "crawl.warc.gz", "crawl.warc", "page.html", "article.txt"])
def test_stdin_reads_like_the_file(fixtures: Path, name: str) -> None:
    path = fixtures / name
    from_file = list(read_paths([path]))
    from_stdin = list(read_paths(["-"], stdin=io.BytesIO(path.read_bytes())))
    assert [type(item) for item in from_stdin] == [type(item) for item in from_file]
    for piped, read in zip(from_stdin, from_file, strict=True):
        assert piped.origin.path is None
        assert piped.origin.record == read.origin.record
        if isinstance(read, RawDocument):
            assert isinstance(piped, RawDocument)
            assert (piped.content, piped.format) == (read.content, read.format)


def test_stdin_describes_itself_in_failures(fixtures: Path) -> None:
    items = list(read_paths(["-"], stdin=io.BytesIO((fixtures / "news.jsonl").read_bytes())))
    (failure,) = [item for item in items if isinstance(item, Failure)]
    assert failure.message().startswith("<stdin>:3: not valid JSON")


@pytest.mark.parametrize(
    ("data", "max_bytes", "expected"),
    [
        (b"", 100, "<stdin>: empty standard input (0 bytes)"),
        (b"   \n", 100, "<stdin>: empty standard input (only whitespace)"),
        (b"x" * 200, 100, "<stdin>: standard input is larger than max_bytes=100; raise max_bytes to read it"),
    ],
)
def test_stdin_empty_or_too_large_fails(data: bytes, max_bytes: int, expected: str) -> None:
    (item,) = read_paths(["-"], stdin=io.BytesIO(data), max_bytes=max_bytes)
    assert isinstance(item, Failure)
    assert item.message() == expected


def test_stdin_cp1252_text_is_decoded(fixtures: Path) -> None:
    (doc,) = read_paths(["-"], stdin=io.BytesIO((fixtures / "cp1252.txt").read_bytes()))
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "cp1252"
    assert "Frontières" in doc.content
