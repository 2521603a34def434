"""read_paths: folders, named files, unknown kinds, missing paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sitroom.ingest
from sitroom.ingest import read_paths
from sitroom.model import Failure, RawDocument


def test_paths_folder_yields_expected_documents_in_stable_order(
    fixtures: Path, tmp_path: Path
) -> None:
    root = tmp_path / "inbox"
    (root / "b_nested" / "deeper").mkdir(parents=True)
    (root / "a_nested").mkdir()
    (root / ".git").mkdir()
    shutil.copy(fixtures / "article.txt", root / "z_article.txt")
    shutil.copy(fixtures / "page.html", root / "a_nested" / "page.HTM")
    shutil.copy(fixtures / "news.jsonl", root / "b_nested" / "deeper" / "news.ndjson")
    shutil.copy(fixtures / "crawl.warc.gz", root / "b_nested" / "crawl.warc.gz")
    for skipped in ("README.md", "ATTRIBUTION.md", "data.json", ".hidden.txt", ".git/HEAD.txt"):
        (root / skipped).write_text("not an article", encoding="utf-8")

    first = [(item.origin.path, item.origin.record) for item in read_paths([root])]
    again = [(item.origin.path, item.origin.record) for item in read_paths([str(root)])]
    warc = [doc.origin.record for doc in read_paths([fixtures / "crawl.warc.gz"])]
    assert first == again == [
        (str(root / "a_nested" / "page.HTM"), None),
        (str(root / "b_nested" / "crawl.warc.gz"), warc[0]),
        (str(root / "b_nested" / "crawl.warc.gz"), warc[1]),
        (str(root / "b_nested" / "deeper" / "news.ndjson"), 1),
        (str(root / "b_nested" / "deeper" / "news.ndjson"), 3),
        (str(root / "b_nested" / "deeper" / "news.ndjson"), 4),
        (str(root / "z_article.txt"), None),
    ]


def test_paths_named_unsupported_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("text", encoding="utf-8")
    (item,) = read_paths([path])
    assert isinstance(item, Failure)
    assert item.message() == (
        f"{path}: unsupported file type '.xyz' "
        "(expected .txt, .html, .htm, .jsonl, .warc, .warc.gz)"
    )


def test_paths_missing_path_fails_and_the_batch_goes_on(fixtures: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    items = list(read_paths([missing, fixtures / "article.txt"]))
    assert isinstance(items[0], Failure)
    assert items[0].message() == f"{missing}: no such file or directory"
    assert isinstance(items[1], RawDocument)


def test_paths_symlink_loop_is_read_once(fixtures: Path, tmp_path: Path) -> None:
    shutil.copy(fixtures / "article.txt", tmp_path / "article.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    docs = list(read_paths([tmp_path]))
    assert [doc.origin.path for doc in docs] == [str(tmp_path / "article.txt")]


def test_paths_max_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        list(read_paths(["-"], max_bytes=0))


def test_ingest_exports_what_all_lists() -> None:
    for name in sitroom.ingest.__all__:
        assert hasattr(sitroom.ingest, name), name
    assert "read_paths" in sitroom.ingest.__all__
