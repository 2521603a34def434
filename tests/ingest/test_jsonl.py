"""JSONL reader: one document per line, hints, malformed lines as Failures."""

from __future__ import annotations

import json
from pathlib import Path

from sitroom.ingest import read_jsonl, read_paths
from sitroom.model import Failure, RawDocument


def test_jsonl_fixture_yields_two_documents_and_one_failure(fixtures: Path) -> None:
    path = fixtures / "news.jsonl"
    items = list(read_jsonl(path, max_bytes=100_000))
    assert [type(item).__name__ for item in items] == ["RawDocument", "Failure", "RawDocument"]
    # line 2 is blank: skipped, but still counted
    assert [item.origin.record for item in items] == [1, 3, 4]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.message().startswith(f"{path}:3: not valid JSON: Unterminated string")


def test_jsonl_fields_become_content_and_hints(fixtures: Path) -> None:
    lines = (fixtures / "news.jsonl").read_text(encoding="utf-8").splitlines()
    first, last = json.loads(lines[0]), json.loads(lines[3])
    text_doc, _, html_doc = read_jsonl(fixtures / "news.jsonl", max_bytes=100_000)
    assert isinstance(text_doc, RawDocument) and isinstance(html_doc, RawDocument)
    assert (text_doc.format, text_doc.content) == ("text", first["text"])
    assert (html_doc.format, html_doc.content) == ("html", last["html"])
    assert text_doc.hints == {
        "title": first["title"],
        "url": first["url"],
        "date": first["published"],
        "id": first["id"],
        "outlet": first["source"],
        "author": ", ".join(first["byline"]),
        "language": first["lang"],
        "license": first["license"],
    }
    assert html_doc.hints["date"] == last["date"]
    assert html_doc.hints["outlet"] == last["site"]
    assert text_doc.origin.url == first["url"]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_object_without_article_field_fails(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "meta.jsonl", ['{"title": "No body", "url": "https://example.org/x"}'])
    (item,) = read_jsonl(path, max_bytes=1000)
    assert isinstance(item, Failure)
    assert item.message() == (
        f"{path}:1: JSON object has no article field "
        "(expected one of: text, html, raw_html, content)"
    )


def test_jsonl_non_object_and_wrong_types_fail(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "odd.jsonl", ['["a", "list"]', '{"text": 42}', '{"text": "  "}'])
    reasons = [item.message() for item in read_jsonl(path, max_bytes=1000) if isinstance(item, Failure)]
    assert reasons == [
        f"{path}:1: not a JSON object (got list)",
        f"{path}:2: field 'text' is a int, not a string",
        f"{path}:3: field 'text' is empty",
    ]


def test_jsonl_content_field_is_sniffed_for_tags(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        ['{"content": "Plain words only."}', '{"content": "<p>Marked up.</p>"}'],
    )
    formats = [item.format for item in read_jsonl(path, max_bytes=1000) if isinstance(item, RawDocument)]
    assert formats == ["text", "html"]


def test_jsonl_overlong_line_is_refused_and_reading_goes_on(tmp_path: Path) -> None:
    long_text = "x" * 5000
    path = write_lines(
        tmp_path / "big.jsonl",
        [json.dumps({"text": long_text}), json.dumps({"text": "short one"})],
    )
    items = list(read_jsonl(path, max_bytes=1000))
    assert isinstance(items[0], Failure)
    assert items[0].message() == (
        f"{path}:1: line is larger than max_bytes=1,000; raise max_bytes to read it"
    )
    assert items[0].origin.record == 1
    assert isinstance(items[1], RawDocument)
    assert (items[1].content, items[1].origin.record) == ("short one", 2)


def test_jsonl_empty_and_binary_files_fail_once(tmp_path: Path, fixtures: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n  \n")
    png = tmp_path / "image.jsonl"
    png.write_bytes((fixtures / "image.txt").read_bytes())
    items = list(read_paths([empty, png]))
    assert [item.message() for item in items if isinstance(item, Failure)] == [
        f"{empty}: empty file (only whitespace)",
        f"{png}: binary content, not JSON Lines (looks like a PNG image)",
    ]


def test_jsonl_whole_wikinews_conflict_corpus(
    wikinews_conflict: dict[str, dict[str, object]],
) -> None:
    """Every article of the Wikinews corpus (CC BY 2.5) comes through with its metadata."""
    from tests.ingest.conftest import WIKINEWS_CONFLICT

    docs = list(read_paths([WIKINEWS_CONFLICT]))
    assert all(isinstance(doc, RawDocument) for doc in docs)
    assert len(docs) == len(wikinews_conflict)
    for doc in docs:
        assert isinstance(doc, RawDocument)
        row = wikinews_conflict[doc.hints["id"]]
        assert doc.content == row["text"]
        assert (doc.hints["title"], doc.hints["date"], doc.origin.url) == (
            row["title"], row["date"], row["url"],
        )


def test_jsonl_lone_surrogate_escapes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    # valid JSON whose strings cannot be encoded as UTF-8: "\udf86" alone, "\ud800" in a title
    lines = [
        json.dumps({"text": "Floods hit Beledweyne on Sunday.", "title": "Floods"}),
        '{"text": "Soldiers \\udf86 fired on protesters in Khartoum.", "title": "x\\ud800y"}',
        '{"text": "A pair decodes to one character: \\ud83d\\ude00."}',
    ]
    path = write_lines(tmp_path / "surrogates.jsonl", lines)
    first, second, third = read_jsonl(path, max_bytes=10_000)
    assert isinstance(second, RawDocument)
    assert second.content == "Soldiers \ufffd fired on protesters in Khartoum."
    assert second.hints["title"] == "x\ufffdy"
    assert second.warnings and "2 lone UTF-16 surrogate" in second.warnings[0]
    assert isinstance(third, RawDocument) and third.content.endswith("\U0001f600.") and not third.warnings
    assert isinstance(first, RawDocument) and not first.warnings
