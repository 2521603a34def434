"""Fuzzing every reader and the cleaner: whatever the bytes, a document or a Failure comes
back, never an exception (bounded examples here; ``python -m bench fuzz`` runs many more)."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.clean import CleanError, clean
from sitroom.ingest import READERS, read_paths
from sitroom.model import Failure, RawDocument

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
SAMPLES = {
    ".txt": (FIXTURES / "article.txt").read_bytes(),
    ".html": (FIXTURES / "page.html").read_bytes(),
    ".jsonl": (FIXTURES / "news.jsonl").read_bytes(),
    ".warc": (FIXTURES / "crawl.warc").read_bytes(),
    ".warc.gz": (FIXTURES / "crawl.warc.gz").read_bytes(),
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def read_and_clean(name: str, data: bytes) -> list[RawDocument | Failure]:
    """Every item read from ``data`` stored as ``name``, each document also cleaned: the
    property is that nothing here raises but a CleanError from ``clean``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(read_paths([path], max_bytes=200_000))
    for item in items:
        assert isinstance(item, (RawDocument, Failure))
        if isinstance(item, Failure):
            assert item.message()  # names the file or record and what is wrong
            continue
        try:
            clean(item, max_chars=20_000)
        except CleanError as exc:
            assert str(exc)
    return items


@FUZZ
@given(extension=st.sampled_from(sorted(READERS)), data=st.binary(max_size=3_000))
def test_any_bytes_under_any_extension(extension, data):
    assert read_and_clean("input" + extension, data)


@FUZZ
@given(extension=st.sampled_from(sorted(SAMPLES)), cut=st.integers(min_value=0), flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), max_size=6))
def test_real_files_cut_and_corrupted(extension, cut, flips):
    data = bytearray(SAMPLES[extension])
    for at, mask in flips:
        data[at % len(data)] ^= mask
    data = bytes(data[: cut % (len(data) + 1)])
    read_and_clean("input" + extension, data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "html", "content", "title", "url", "date", "id", "author", "language", "x"]), children, max_size=5),
    max_leaves=12,
)
ESCAPES = st.sampled_from(["\\udf86", "\\ud800", "\\udbff\\udfff", "\\u0000", "\\u001b]0;x\\u0007", "\\ufffd", ""])


@FUZZ
@given(records=st.lists(st.tuples(JSON_VALUES, ESCAPES), min_size=1, max_size=5))
def test_jsonl_of_any_values_types_and_escapes(records):
    lines = []
    for value, escape in records:
        line = json.dumps(value)
        if escape and line.endswith('"}'):
            line = line[:-2] + escape + '"}'  # a lone surrogate or a control escape inside the last string
        lines.append(line)
    items = read_and_clean("records.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    assert len(items) >= 1


@FUZZ
@given(data=st.binary(max_size=2_000), member=st.booleans())
def test_gzip_of_anything_as_a_warc(data, member):
    payload = gzip.compress(data) if member else gzip.compress(b"WARC/1.0\r\n" + data)
    read_and_clean("crawl.warc.gz", payload)


WORDS = st.sampled_from(["Rebels", "shelled", "Goma", "on", "Monday", ",", "killing", "4", "people", ".", "“", "”", "said", "\n\n", "12,000", "a:", "http://[::1/", "\udf86", "\x1b]0;x\x07", "\u202e", "Mosul", "ISIS", "(", ")", "<p>", "</div>", "&amp;"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS | st.text(alphabet=st.characters(exclude_categories=()), max_size=12), max_size=80), fmt=st.sampled_from(["text", "html"]), url=st.sampled_from([None, "http://[::1/x", "https://example.org:99999/2020/01/02/a", "not a url"]))
def test_process_raises_only_sitroom_errors(words, fmt, url):
    from sitroom.errors import SitroomError
    from sitroom.model import Origin
    from sitroom.pipeline import process

    raw = RawDocument(" ".join(words), fmt, Origin(path="fuzz." + ("html" if fmt == "html" else "txt")), hints={"url": url} if url else {})
    try:
        analysis = process(raw)
    except SitroomError as exc:
        assert str(exc)
    else:
        analysis.document.text.encode("utf-8")  # storable
