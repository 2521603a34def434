"""Task ``adversarial``: the cost of hostile and pathological documents.

    python -m bench [--quick] adversarial

Each family below is a text built to hit one known weak spot (spaCy's tokenizer on long
runs without whitespace, quotation pairing, date and event rules repeated thousands of
times, a document of one line) or a plain long article, at 10 KB, 100 KB and 1 MB
(quick: 10 KB and 100 KB). Each is given to :func:`sitroom.process` as plain text with the
default configuration, as a user's batch would be (the clean text is cut at ``max_chars``,
200,000 characters; the cost before the cut counts too). The full run processes each family
in its own process, so that its peak resident memory is its own; the quick run, which the CI
gate runs, does all of them in one process and reports that process's peak.

Metrics, per family: ``<family>_seconds_per_mb`` at the largest size (wall seconds divided
by the input's size in MB) and, in the full run, ``<family>_peak_rss_mb``; overall: the worst
of each, ``crashes`` (an exception from ``process`` other than a ``SitroomError`` for input
it refuses), ``hangs`` (a family past ``TIMEOUT_SECONDS``), ``min_mb_per_second`` (the
slowest family's rate) and ``families_without_crash_or_hang``: the two the gate floors.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import ROOT, corpora_dir, write_result

TASK = "adversarial"
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
TIMEOUT_SECONDS = 600
"""A family still running after this long, at any size, is counted as a hang."""


HISTORY = (
    "- Before the bounds (tokenizer runs cut at 200 characters, sentences at 200 tokens, `max_tokens` 30,000, span entities "
    "and `Doc.text` read once), as measured when the issue was filed (2026-12-06, same machine): `a:` repeated 16,000 times "
    "and more did not finish in 15 minutes (3.9 GB); 100,000 closing quotation marks peaked at 3.3 GB; 1 MB of a repeated "
    "date phrase took 347 s, of a repeated event sentence 444 s; figures on repeated casualty counts 171 s at 100 KB. "
    "The first quick run of this task, before `max_tokens`: `colon_run` 213 s/MB at 100 KB, one process peaking at 2.4 GB."
)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _number_list(n: int) -> str:
    out, i, size = [], 0, 0
    while size < n:
        out.append(f"{i},")
        size += len(out[-1])
        i += 1
    return "".join(out)[:n]


def _dotted(n: int) -> str:
    return ".".join(str(i % 10) for i in range(n // 2 + 1))[:n]


def _urls(n: int) -> str:
    url = "https://example.org/" + "/".join(f"section{i}" for i in range(400)) + "?q=" + "x" * 1000
    return _repeat(url + " ")(n)


def _wikinews(n: int) -> str:
    path = corpora_dir() / "wikinews-en" / "wikinews-en.jsonl"
    parts: list[str] = []
    size = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            parts.append(text)
            size += len(text) + 2
            if size >= n:
                break
    return "\n\n".join(parts)[:n]


FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "colon_run": ('"a:" repeated, no space (the tokenizer\'s quadratic input, spaCy PR #14016)', _repeat("a:")),
    "digit_run": ("one run of digits", _repeat("1234567890")),
    "number_list": ('"0,1,2,3,..." without spaces', _number_list),
    "dotted_digits": ('"0.1.2.3..." without spaces', _dotted),
    "long_urls": ("URLs of 5,500 characters separated by spaces", _urls),
    "closing_quotes": ("closing quotation marks only", _repeat("\u201d")),
    "nested_quotes": ("opening marks of three kinds, never closed", _repeat("\u201c\u2018\u00ab")),
    "unclosed_quotes": ('"He said “we will fight on. " repeated: quotations that never close', _repeat("He said \u201cwe will fight on. ")),
    "date_phrase": ('"on Tuesday 12 March 2019, last week and earlier this month; " repeated', _repeat("on Tuesday 12 March 2019, last week and earlier this month; ")),
    "event_sentence": ("one event sentence repeated", _repeat("Gunmen attacked a police station in Kano on Tuesday, killing four officers. ")),
    "casualty_counts": ('"12 killed, 3,400 displaced, 5.5 million affected; " repeated, no full stop', _repeat("12 killed, 3,400 displaced, 5.5 million affected; ")),
    "one_line": ("words without a full stop or a newline", _repeat("soldiers fired on protesters in the capital ")),
    "wikinews": ("real Wikinews articles one after another (an overlong article)", _wikinews),
}


def _one(text: str) -> tuple[float, str | None]:
    """Seconds ``process`` took on ``text`` and the crash it raised, if any."""
    from sitroom.errors import SitroomError
    from sitroom.model import Origin, RawDocument
    from sitroom.pipeline import process

    started = time.perf_counter()
    crash = None
    try:
        process(RawDocument(text, "text", Origin(path="adversarial.txt")))
    except SitroomError:
        pass  # refused with a message: the expected answer to some input
    except Exception as exc:  # noqa: BLE001 - what the bench counts
        crash = f"{type(exc).__name__}: {exc}"[:200]
    return time.perf_counter() - started, crash


def _family(name: str, sizes: tuple[int, ...]) -> dict[str, Any]:
    """Every size of one family, in this process: seconds per size, crashes, peak RSS."""
    build = FAMILIES[name][1]
    seconds: dict[int, float] = {}
    crashes = []
    for size in sizes:
        text = build(size)
        took, crash = _one(text)
        seconds[size] = took
        if crash:
            crashes.append(f"{size}: {crash}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    return {"seconds": seconds, "crashes": crashes, "peak_rss_mb": peak}


def _in_child(name: str, sizes: tuple[int, ...]) -> dict[str, Any]:
    """:func:`_family` in a fresh process; a hang when it outlives :data:`TIMEOUT_SECONDS`."""
    code = "import json, sys\nfrom bench.adversarial import _family\nprint(json.dumps(_family(sys.argv[1], tuple(map(int, sys.argv[2:])))))"
    try:
        done = subprocess.run([sys.executable, "-c", code, name, *map(str, sizes)], capture_output=True, text=True, timeout=TIMEOUT_SECONDS, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"seconds": {}, "crashes": [], "peak_rss_mb": None, "hang": True}
    if done.returncode != 0:
        return {"seconds": {}, "crashes": [f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"], "peak_rss_mb": None}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = {int(k): v for k, v in result["seconds"].items()}
    return result


def run(*, quick: bool) -> list[dict[str, Any]]:
    sizes = QUICK_SIZES if quick else SIZES
    _one("Warm-up: rebels shelled Goma on Monday, killing 4 people, the army said.")  # model loads outside the timing
    results = {name: (_family(name, sizes) if quick else _in_child(name, sizes)) for name in FAMILIES}
    metrics: dict[str, Any] = {}
    largest = max(sizes)
    crashes = hangs = 0
    rates = []
    for name, result in results.items():
        crashes += len(result["crashes"])
        hangs += int(bool(result.get("hang")))
        took = result["seconds"].get(largest)
        if took is not None:
            metrics[f"{name}_seconds_per_mb"] = round(took / (largest / 1e6), 2)
            rates.append(largest / 1e6 / took)
        if not quick and result.get("peak_rss_mb") is not None:
            metrics[f"{name}_peak_rss_mb"] = round(result["peak_rss_mb"], 1)
    per_mb = [v for k, v in metrics.items() if k.endswith("_seconds_per_mb")]
    peaks = [v for k, v in metrics.items() if k.endswith("_peak_rss_mb")]
    metrics["worst_seconds_per_mb"] = max(per_mb) if per_mb else None
    if peaks:
        metrics["worst_peak_rss_mb"] = max(peaks)
    if quick:
        metrics["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1)
    metrics["min_mb_per_second"] = round(min(rates), 4) if rates else 0.0
    metrics["crashes"] = crashes
    metrics["hangs"] = hangs
    metrics["families"] = len(FAMILIES)
    metrics["families_without_crash_or_hang"] = sum(1 for r in results.values() if not r["crashes"] and not r.get("hang"))
    failures = [f"{name} {c}" for name, r in results.items() for c in r["crashes"]] + [f"{name} hung" for name, r in results.items() if r.get("hang")]
    notes = (
        f"- Families ({len(FAMILIES)}), each at {', '.join(f'{s // 1000:,} KB' for s in sizes)} of text given to `sitroom.process` as a plain-text document with the default configuration "
        "(the clean text is cut at `max_chars` = 200,000 characters and `max_tokens` = 30,000 tokens; cleaning the whole input counts): "
        + "; ".join(f"`{name}`: {description}" for name, (description, _) in FAMILIES.items())
        + ".\n"
        f"- `<family>_seconds_per_mb`: wall seconds at the largest size ({largest // 1000:,} KB) divided by its size in MB; "
        + ("`process_peak_rss_mb`: the peak of the one process that ran every family (quick run)." if quick else "`<family>_peak_rss_mb`: the peak RSS of the fresh process that ran the family at every size (model, gazetteer and embedding model included: about 0.7 GB before any document).")
        + f"\n- `crashes`: exceptions other than a `SitroomError` refusal; `hangs`: families past {TIMEOUT_SECONDS} s. "
        + ("Crashes seen: " + "; ".join(failures) if failures else "None seen.")
        + "\n" + HISTORY
    )
    return [write_result(TASK, dataset=f"{len(FAMILIES)} generated families and concatenated Wikinews text", command=f"python -m bench{' --quick' if quick else ''} adversarial", metrics=metrics, quick=quick, notes=notes)]
