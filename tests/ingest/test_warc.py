"""WARC reader: which records are articles, their origins, damaged archives."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitroom.ingest import read_paths, read_warc
from sitroom.model import Failure, RawDocument


def record_offsets(path: Path) -> dict[str, int]:
    """WARC-Record-ID -> byte offset, read independently with warcio."""
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        return {
            record.rec_headers.get_header("WARC-Record-ID"): iterator.get_record_offset()
            for record in iterator
        }


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_yields_the_200_response_and_the_resource(fixtures: Path, name: str) -> None:
    path = fixtures / name
    docs = list(read_warc(path, max_bytes=100_000))
    assert all(isinstance(doc, RawDocument) for doc in docs)
    page, article = docs
    assert isinstance(page, RawDocument) and isinstance(article, RawDocument)
    # the 200 response is gzip-encoded on the wire: the reader gives the decoded page
    assert (page.format, page.content) == ("html", (fixtures / "page.html").read_bytes())
    assert (article.format, article.content) == (
        "text", (fixtures / "article.txt").read_text(encoding="utf-8"),
    )
    offsets = record_offsets(path)
    for doc in docs:
        assert doc.origin.path == str(path)
        assert doc.origin.fetched_at == "2024-05-01T12:00:00Z"
        assert doc.origin.record == offsets[doc.origin.warc_record_id]
    assert page.origin.url == "https://en.wikinews.org/wiki/Colombo_land_mine_explosion_kills_seven"
    assert len(offsets) == 5  # warcinfo, 404 and 301 were skipped


def test_warc_truncated_yields_complete_records_then_one_failure(fixtures: Path) -> None:
    path = fixtures / "crawl-truncated.warc.gz"
    items = list(read_paths([path]))
    intact = list(read_paths([fixtures / "crawl.warc.gz"]))
    *docs, last = items
    assert [doc.content for doc in docs] == [intact[0].content]
    assert all(isinstance(doc, RawDocument) for doc in docs)
    assert isinstance(last, Failure)
    cut_record = intact[1].origin.record
    assert last.origin.path == str(path)
    assert last.origin.record == cut_record
    assert last.message().startswith(
        f"{path}:{cut_record}: truncated or corrupt WARC: reading stopped at byte {cut_record:,}"
    )


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.8, 0.95])
def test_warc_cut_anywhere_never_raises_and_ends_in_one_failure(
    fixtures: Path, tmp_path: Path, cut: float
) -> None:
    for name in ("crawl.warc", "crawl.warc.gz"):
        data = (fixtures / name).read_bytes()
        path = tmp_path / name
        path.write_bytes(data[: int(len(data) * cut)])
        items = list(read_warc(path, max_bytes=100_000))
        failures = [item for item in items if isinstance(item, Failure)]
        assert len(failures) == 1, items
        assert items[-1] is failures[0]


def write_warc(path: Path, responses: list[tuple[str, str, bytes]]) -> None:
    """A gzipped WARC of HTTP responses given as (url, status line, body)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, body in responses:
            headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
            )


def test_warc_without_usable_records_fails_once(tmp_path: Path) -> None:
    path = tmp_path / "errors.warc.gz"
    write_warc(path, [
        ("https://example.org/a", "404 Not Found", b"<p>gone</p>"),
        ("https://example.org/b", "404 Not Found", b"<p>gone</p>"),
        ("https://example.org/c", "503 Service Unavailable", b"<p>busy</p>"),
    ])
    (item,) = read_warc(path, max_bytes=1000)
    assert isinstance(item, Failure)
    assert item.message() == (
        f"{path}: WARC has no usable records (only: 2 HTTP status 404, 1 HTTP status 503)"
    )


def test_warc_record_over_max_bytes_fails_alone(fixtures: Path) -> None:
    page_size = len((fixtures / "page.html").read_bytes())
    article_size = len((fixtures / "article.txt").read_bytes())
    assert article_size < page_size
    items = list(read_warc(fixtures / "crawl.warc.gz", max_bytes=article_size))
    assert [type(item).__name__ for item in items] == ["Failure", "RawDocument"]
    assert "record payload is larger than max_bytes" in items[0].message()
    assert items[0].origin.warc_record_id == "<urn:uuid:00000000-0000-4000-8000-000000000002>"


def test_warc_that_is_not_a_warc_fails(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("This is a text file wearing a WARC extension.\n", encoding="utf-8")
    (item,) = read_warc(path, max_bytes=1000)
    assert isinstance(item, Failure)
    assert item.message().startswith(f"{path}:0: truncated or corrupt WARC: reading stopped at byte 0")


def test_warc_round_trip_of_wikinews_articles(
    tmp_path: Path, wikinews_conflict: dict[str, dict[str, object]]
) -> None:
    """Articles enwikinews-54997, -71385, -118900 and -t-15d3ed54cba2 (CC BY 2.5), served
    as HTML, come out byte for byte, with their URLs, whatever their characters."""
    ids = ["enwikinews-54997", "enwikinews-71385", "enwikinews-118900", "enwikinews-t-15d3ed54cba2"]
    pages = [
        (str(wikinews_conflict[i]["url"]), "200 OK",
         f"<html><body><p>{wikinews_conflict[i]['text']}</p></body></html>".encode())
        for i in ids
    ]
    path = tmp_path / "wikinews.warc.gz"
    write_warc(path, pages)
    docs = list(read_paths([path]))
    assert [(doc.origin.url, doc.content) for doc in docs] == [(url, body) for url, _, body in pages]
    assert gzip.decompress(path.read_bytes())  # a real multi-member gzip file


def test_warc_gzip_member_inflating_to_a_line_without_end_costs_a_failure_not_the_memory(tmp_path: Path) -> None:
    import tracemalloc
    import zlib

    path = tmp_path / "bomb.warc.gz"
    page = b"<html><body><article><p>" + b"Rebels seized Goma on Friday after heavy fighting, residents said. " * 5 + b"</p></article></body></html>"
    write_warc(path, [("https://example.org/a", "200 OK", page)])
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)  # one gzip member: a WARC header begun, then 200 MB without a newline
    bomb = [squeeze.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")]
    bomb += [squeeze.compress(b"A" * 1_000_000) for _ in range(200)]
    bomb.append(squeeze.flush())
    with path.open("ab") as f:
        f.write(b"".join(bomb))
    tracemalloc.start()
    try:
        items = list(read_warc(path, max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i) for i in items] == [RawDocument, Failure]
    assert "1 document(s) were read" in items[1].message()
    assert peak < 120_000_000, f"{peak:,} bytes held while reading"  # one inflated block (deflate inflates up to ~1,000x), not the line
