"""Plain-text reader: decoding, empty and binary files, the size bound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.ingest import decode_text, read_paths, read_text
from sitroom.model import Failure, RawDocument


def only(items: list[RawDocument | Failure]) -> RawDocument | Failure:
    assert len(items) == 1, items
    return items[0]


def test_text_utf8_article_is_decoded(fixtures: Path) -> None:
    path = fixtures / "article.txt"
    doc = only(list(read_text(path, max_bytes=10_000)))
    assert isinstance(doc, RawDocument)
    assert doc.format == "text"
    assert doc.content == path.read_bytes().decode("utf-8")
    assert doc.encoding == "utf-8"
    assert doc.warnings == ()
    assert doc.origin.path == str(path)


def test_text_cp1252_file_is_decoded_with_a_warning(fixtures: Path) -> None:
    raw = (fixtures / "cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = only(list(read_text(fixtures / "cp1252.txt", max_bytes=10_000)))
    assert isinstance(doc, RawDocument)
    assert "Médecins Sans Frontières" in doc.content
    assert doc.encoding == "cp1252"
    assert doc.warnings == ("not valid UTF-8; decoded as cp1252",)


def test_text_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfKabul, Afghanistan")
    doc = only(list(read_text(path, max_bytes=100)))
    assert isinstance(doc, RawDocument)
    assert doc.content == "Kabul, Afghanistan"


def test_text_utf16_with_bom_is_not_taken_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Aleppo — “ceasefire”".encode("utf-16"))
    doc = only(list(read_text(path, max_bytes=100)))
    assert isinstance(doc, RawDocument)
    assert doc.content == "Aleppo — “ceasefire”"
    assert doc.encoding == "utf-16"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b" \n\t\r\n  \n", "empty file (only whitespace)"),
    ],
)
def test_text_empty_files_fail(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    item = only(list(read_text(path, max_bytes=100)))
    assert isinstance(item, Failure)
    assert item.stage == "ingest"
    assert item.message() == f"{path}: {expected}"


def test_text_empty_fixture_fails(fixtures: Path) -> None:
    item = only(list(read_paths([fixtures / "empty.txt"])))
    assert isinstance(item, Failure)
    assert "empty file" in item.message()


def test_text_png_named_txt_is_refused(fixtures: Path) -> None:
    item = only(list(read_paths([fixtures / "image.txt"])))
    assert isinstance(item, Failure)
    assert item.message().endswith("binary content, not text (looks like a PNG image)")
    assert item.origin.path == str(fixtures / "image.txt")


def test_text_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"header text\x00\x01\x02 more")
    item = only(list(read_text(path, max_bytes=100)))
    assert isinstance(item, Failure)
    assert "NUL byte at offset 11" in item.message()


def test_text_5mb_article_is_read_or_refused_by_max_bytes(
    tmp_path: Path, wikinews_conflict: dict[str, dict[str, object]]
) -> None:
    paragraph = str(wikinews_conflict["enwikinews-45898"]["text"]) + "\n\n"
    path = tmp_path / "long.txt"
    path.write_text(paragraph * (5_000_000 // len(paragraph) + 1), encoding="utf-8")
    size = path.stat().st_size
    assert size > 5_000_000

    doc = only(list(read_paths([path])))
    assert isinstance(doc, RawDocument)
    assert len(doc.content.encode("utf-8")) == size

    refused = only(list(read_paths([path], max_bytes=size - 1)))
    assert isinstance(refused, Failure)
    assert f"file is {size:,} bytes, larger than max_bytes={size - 1:,}" in refused.message()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_text_unreadable_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("classified", encoding="utf-8")
    path.chmod(0)
    item = only(list(read_text(path, max_bytes=100)))
    assert isinstance(item, Failure)
    assert item.message().endswith("cannot read file: permission denied")


def test_decode_text_declared_charset_wins_over_guessing() -> None:
    data = "Zürich – Genève".encode("iso-8859-15", errors="replace")
    text, encoding, warnings = decode_text(data, declared="iso-8859-15")
    assert (text, encoding, warnings) == (data.decode("iso-8859-15"), "iso-8859-15", ())


def test_decode_text_wrong_declared_charset_falls_back_with_warning() -> None:
    text, encoding, warnings = decode_text("Mosul – Iraq".encode("utf-8"), declared="ascii")
    assert text == "Mosul – Iraq"
    assert encoding == "utf-8"
    assert warnings == ("not valid ascii as declared",)


@pytest.mark.parametrize(
    "article_id",
    ["enwikinews-54997", "enwikinews-48125", "enwikinews-48513", "enwikinews-71385"],
)
def test_text_wikinews_articles_saved_as_cp1252_come_back_exactly(
    tmp_path: Path, wikinews_conflict: dict[str, dict[str, object]], article_id: str
) -> None:
    """Wikinews (CC BY 2.5) articles with curly quotes, dashes and accents, saved by a
    legacy Windows editor: charset_normalizer alone calls such files cp1250 or Big5."""
    text = str(wikinews_conflict[article_id]["text"])
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = only(list(read_text(path, max_bytes=100_000)))
    assert isinstance(doc, RawDocument)
    assert doc.content == text
    assert doc.encoding == "cp1252"


def test_text_cyrillic_legacy_file_is_not_forced_into_cp1252(tmp_path: Path) -> None:
    text = "Президент заявил, что армия готова к операции в Мосуле. В субботу войска вошли в город."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = only(list(read_text(path, max_bytes=1000)))
    assert isinstance(doc, RawDocument)
    assert doc.content == text
    assert doc.warnings == ("not valid UTF-8; decoded as cp1251",)
