"""Task ``fuzz``: many generated hostile inputs through every reader and the cleaner.

    python -m bench [--quick] fuzz

``INPUTS`` (quick: ``QUICK_INPUTS``) inputs from a seeded generator, each written to a file
under one reader's extension and read with :func:`sitroom.ingest.read_paths`; every
document read is then cleaned (:func:`sitroom.clean.clean`), and one input in
``PROCESS_EVERY`` is also given to :func:`sitroom.pipeline.process`. Kinds of input: random
bytes; real fixture files (text, HTML, JSONL, WARC, gzipped WARC) cut short and bit-flipped;
JSONL lines of random JSON values with wrong types, lone surrogate and control escapes;
gzip members of random bytes and WARC header starts; deeply nested and unclosed HTML;
invalid URLs in records. A crash is an exception other than ``CleanError`` from cleaning (or
``SitroomError`` from ``process``) or any exception from reading; a hang is an input past
``HANG_SECONDS``. The target is none of either.
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import ROOT, write_result

TASK = "fuzz"
INPUTS = 100_000
QUICK_INPUTS = 3_000
PROCESS_EVERY = 100
HANG_SECONDS = 30
SEED = 20261206
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SAMPLES = {
    ".txt": "article.txt", ".html": "page.html", ".jsonl": "news.jsonl", ".warc": "crawl.warc", ".warc.gz": "crawl.warc.gz",
}
ESCAPES = ["\\udf86", "\\ud800", "\\u0000", "\\u001b]0;x\\u0007", "\\ufffd", "\\udbff\\udfff"]
URLS = ["http://[::1/x", "https://example.org:99999/2020/01/02/a", "not a url", "javascript:alert(1)", "http://" + "a" * 3000]


class _Hang(Exception):
    pass


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-(10**12), 10**12)
    if kind == 3:
        return rng.choice([float("nan"), float("inf"), rng.random()])
    if kind == 4:
        return "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(60)))
    if kind == 5:
        return [_json_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["text", "html", "content", "title", "url", "date", "id", "author", "language", "x"]
    return {rng.choice(keys): _json_value(rng, depth + 1) for _ in range(rng.randrange(5))}


def _jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randrange(1, 5)):
        record = _json_value(rng)
        if rng.random() < 0.5:
            record = {"text": "Rebels shelled Goma on Monday, killing 4 people. " * rng.randrange(1, 4), "url": rng.choice(URLS), "title": "t"}
        line = json.dumps(record)
        if line.endswith('"}') and rng.random() < 0.5:
            line = line[:-2] + rng.choice(ESCAPES) + '"}'
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _html(rng: random.Random) -> bytes:
    depth = rng.choice([10, 100, 300, 1000])
    body = "<div>" * depth + "<p>Rebels shelled Goma on Monday, killing 4 people, the army said.</p>" * rng.randrange(1, 30)
    if rng.random() < 0.5:
        body += "</div>" * depth
    return f'<html><head><title>{"x" * rng.randrange(5)}</title><link rel="canonical" href="{rng.choice(URLS)}"></head><body>{body}'.encode()


def _mutated(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randrange(6)):
        buffer[rng.randrange(len(buffer))] ^= rng.randrange(1, 256)
    return bytes(buffer[: rng.randrange(len(buffer) + 1)])


def _input(rng: random.Random, samples: dict[str, bytes]) -> tuple[str, bytes, str]:
    """(file extension, bytes, kind) of one generated input."""
    kind = rng.choice(["random", "mutated", "jsonl", "gzip", "html"])
    if kind == "random":
        return rng.choice([".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".arc"]), rng.randbytes(rng.randrange(4_000)), kind
    if kind == "mutated":
        extension = rng.choice(sorted(samples))
        return extension, _mutated(rng, samples[extension]), kind
    if kind == "jsonl":
        return ".jsonl", _jsonl(rng), kind
    if kind == "gzip":
        inner = rng.randbytes(rng.randrange(2_000))
        if rng.random() < 0.5:
            inner = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n" + inner
        return ".warc.gz", gzip.compress(inner), kind
    return ".html", _html(rng), kind


def run(*, quick: bool) -> list[dict[str, Any]]:
    from sitroom.clean import CleanError, clean
    from sitroom.errors import SitroomError
    from sitroom.ingest import read_paths
    from sitroom.model import Failure, RawDocument
    from sitroom.pipeline import process

    n = QUICK_INPUTS if quick else INPUTS
    rng = random.Random(SEED)
    samples = {ext: (FIXTURES / name).read_bytes() for ext, name in SAMPLES.items()}
    crashes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    hangs = documents = failures = processed = 0
    kinds: Counter[str] = Counter()
    slowest = 0.0

    def alarm(_signum: int, _frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for i in range(n):
            extension, data, kind = _input(rng, samples)
            kinds[kind] += 1
            path = Path(folder) / f"input{extension}"
            path.write_bytes(data)
            begun = time.perf_counter()
            signal.alarm(HANG_SECONDS)
            try:
                for item in read_paths([path], max_bytes=200_000):
                    if isinstance(item, Failure):
                        failures += 1
                        continue
                    assert isinstance(item, RawDocument)
                    documents += 1
                    try:
                        clean(item, max_chars=20_000)
                    except CleanError:
                        pass
                    if i % PROCESS_EVERY == 0:
                        processed += 1
                        try:
                            process(item)
                        except SitroomError:
                            pass
            except _Hang:
                hangs += 1
            except Exception as exc:  # noqa: BLE001 - what the bench counts
                key = f"{kind} {extension}: {type(exc).__name__}"
                crashes[key] += 1
                examples.setdefault(key, str(exc)[:120])
            finally:
                signal.alarm(0)
            slowest = max(slowest, time.perf_counter() - begun)
    signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - started
    metrics = {
        "inputs": n,
        "documents_read": documents,
        "failures_reported": failures,
        "processed": processed,
        "crashes": sum(crashes.values()),
        "hangs": hangs,
        "inputs_without_crash_or_hang_share": round(1 - (sum(crashes.values()) + hangs) / n, 6),
        "slowest_input_seconds": round(slowest, 2),
        "inputs_per_second": round(n / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1),
    }
    notes = (
        f"- {n:,} inputs from `random.Random({SEED})`: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())) + " (random: random bytes under a random reader's extension; "
        "mutated: a fixture file of tests/fixtures/ingest cut short and bit-flipped; jsonl: random JSON values, wrong types, lone surrogate and control escapes, invalid URLs; "
        "gzip: gzip members of random bytes, half behind a WARC header start; html: 10 to 1,000 nested divs, closed or not). Each is read with `read_paths` "
        f"(max_bytes 200,000), every document cleaned, and one input in {PROCESS_EVERY} also processed whole (`sitroom.process`, model included).\n"
        f"- A crash: any exception from reading, one other than `CleanError` from cleaning or than `SitroomError` from `process`; a hang: an input past {HANG_SECONDS} s. "
        + ("Crashes: " + "; ".join(f"{k} x{v} ({examples[k]})" for k, v in crashes.items()) if crashes else "No crash, no hang.")
    )
    return [write_result(TASK, dataset=f"{n:,} generated inputs", command=f"python -m bench{' --quick' if quick else ''} fuzz", metrics=metrics, quick=quick, notes=notes)]
