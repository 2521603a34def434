"""Task ``spark``: sitroom spark (local[2]) against the batch runner (2 workers) on the same
documents, and what that means for CC-NEWS.

The input is the first 2,000 articles of the English Wikinews corpus (200 in a quick run),
split into 8 JSONL files (Spark gives each task whole files). Both systems run as commands
on this machine with 2 cores, from a cold start (JVM, Python workers, models), into fresh
outputs: ``sitroom spark --master local[2]`` writes Parquet, ``sitroom ingest --workers 2``
a SQLite store (its linking included). Articles per second per core = articles / wall time
/ 2. The scaling arithmetic for CC-NEWS takes the issue's figure of about 11.7 million
English articles a month (390,000 a day) and the measured Spark rate per core.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import wikinews_lines, write_result

TASK = "spark"
FILES = 8
CORES = 2
CC_NEWS_MONTH = 11_700_000
HISTORY = (
    "History: the first run, with the near-duplicate pass in Python RDD operations and Spark's default 200 shuffle partitions, "
    "made 3.82 articles/s per core (261.6 s); that pass now runs as DataFrame operations with shuffle partitions sized to a "
    "local master."
)


def _timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def run(*, quick: bool) -> list[dict[str, Any]]:
    n = 200 if quick else 2000
    with tempfile.TemporaryDirectory(prefix="sitroom-spark-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        lines = wikinews_lines(n)
        for i in range(FILES):
            (folder / f"part-{i}.jsonl").write_text("".join(lines[i::FILES]), encoding="utf-8")
        sitroom = [sys.executable, "-m", "sitroom"]
        spark_seconds, spark_said = _timed([*sitroom, "spark", str(folder), "--output", str(Path(tmp) / "out"), "--master", f"local[{CORES}]", "--partitions", str(FILES)])
        runner_seconds, runner_said = _timed([*sitroom, "ingest", str(folder), "--db", str(Path(tmp) / "s.db"), "--workers", str(CORES)])
    spark_rate = n / spark_seconds / CORES
    runner_rate = n / runner_seconds / CORES
    day = CC_NEWS_MONTH / 30
    metrics = {
        "articles": n,
        "articles_per_second_per_core": round(spark_rate, 2),
        "seconds": round(spark_seconds, 1),
        "cc_news_day_core_hours": round(day / spark_rate / 3600, 1),
        "cc_news_month_core_hours": round(CC_NEWS_MONTH / spark_rate / 3600),
        "cc_news_month_hours_on_100_cores": round(CC_NEWS_MONTH / spark_rate / 3600 / 100, 1),
    }
    peers = {f"batch runner, sitroom ingest --workers {CORES}": {"articles": n, "articles_per_second_per_core": round(runner_rate, 2), "seconds": round(runner_seconds, 1)}}
    notes = (
        f"{n} Wikinews articles in {FILES} JSONL files; both commands from a cold start on this machine ({CORES} cores). "
        f"Spark: `sitroom spark --master local[{CORES}] --partitions {FILES}` (said: {spark_said}); batch runner: `sitroom ingest "
        f"--workers {CORES}` into a new SQLite store, linking included (said: {runner_said}). CC-NEWS arithmetic from the Spark rate "
        f"per core: one day = {day:,.0f} articles, one month = {CC_NEWS_MONTH:,} (the figure of issue 21); core-hours = articles / "
        "rate / 3600, with no allowance for a cluster's overheads (shuffle of the near-duplicate pass, stragglers, reading from "
        "remote storage) or for a faster CPU. "
        + HISTORY
    )
    command = "python -m bench spark"
    dataset = f"first {n} articles of the English Wikinews corpus (../shared/corpora/wikinews-en), {FILES} JSONL files"
    return [write_result(TASK, dataset=dataset, command=command, metrics=metrics, peers=peers, quick=quick, notes=notes)]
