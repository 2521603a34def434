"""Task ``concurrency``: several ``sitroom ingest`` processes write one SQLite store while
readers run ``report``, ``export`` and ``search`` against it (issue 22).

The input is the first 300 articles of the English Wikinews corpus (90 in a quick run),
split into one disjoint JSONL file per writer (3 writers); each writer runs ``sitroom ingest
--workers 1 --batch-size 5`` (many short write transactions), all started at once into one
new store, while one reader process after another runs until every writer is done.
Measured: writers that finished with exit 0, "database is locked" errors, reader runs and
failed reader runs, documents stored against the documents given (failures counted), and
SQLite's integrity check.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import wikinews_lines, write_result

TASK = "concurrency"
WRITERS = 3


def run(*, quick: bool) -> list[dict[str, Any]]:
    n = 90 if quick else 300
    sitroom = [sys.executable, "-m", "sitroom"]
    with tempfile.TemporaryDirectory(prefix="sitroom-concurrency-") as tmp:
        folder = Path(tmp)
        lines = wikinews_lines(n)
        db = folder / "s.db"
        from sitroom.store import Store

        Store(db).close()  # an empty store exists before anyone reads
        files = []
        for i in range(WRITERS):
            path = folder / f"w{i}.jsonl"
            path.write_text("".join(lines[i::WRITERS]), encoding="utf-8")
            files.append(path)
        started = time.perf_counter()
        writers = [subprocess.Popen([*sitroom, "ingest", str(p), "--db", str(db), "--workers", "1", "--batch-size", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in files]
        reads = failed_reads = 0
        readers = [["report", "--db", str(db)], ["export", "--format", "acled", "--db", str(db)], ["search", "killed", "--db", str(db)]]
        errors = ""
        while any(w.poll() is None for w in writers):
            for command in readers:
                done = subprocess.run([*sitroom, *command], capture_output=True, text=True)
                reads += 1
                if done.returncode not in (0, 1):  # search: 1 = no match yet
                    failed_reads += 1
                errors += done.stderr
        outputs = [w.communicate() for w in writers]
        seconds = time.perf_counter() - started
        errors += "".join(err for _, err in outputs)
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            failed = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    metrics = {
        "writers": WRITERS,
        "writers_succeeded": sum(w.returncode == 0 for w in writers),
        "lock_errors": errors.count("database is locked"),
        "reader_runs": reads,
        "reader_failures": failed_reads,
        "documents_given": n,
        "documents_stored_or_failed": stored + failed,
        "integrity_ok": int(integrity),
        "seconds": round(seconds, 1),
    }
    notes = (
        f"{WRITERS} `sitroom ingest --workers 1 --batch-size 5` processes, started together on disjoint thirds of the first {n} "
        "Wikinews articles into one new SQLite store, while `report`, `export --format acled` and `search` ran one after another "
        "until the writers were done. `lock_errors`: 'database is locked' anywhere in their error output; `documents_stored_or_failed`: "
        "rows in documents plus failures (every article stored once or recorded as a failure equals `documents_given`)."
    )
    dataset = f"first {n} articles of the English Wikinews corpus, {WRITERS} JSONL files"
    return [write_result(TASK, dataset=dataset, command="python -m bench concurrency", metrics=metrics, quick=quick, notes=notes)]
