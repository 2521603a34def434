"""Task ``crash-safety``: kill -9 an ingest again and again, then finish it; the store must
equal a clean run's (issue 22).

The input is the first 2,000 articles of the English Wikinews corpus (200 in a quick run)
as one JSONL file. A clean ``sitroom ingest --workers 2`` makes the reference store. A second
store is then built by killed runs: each run of the same command is killed with SIGKILL (the
parent alone, as the OOM killer or a crash would) after a random delay
(``random.Random(20261206)``, uniform between 1 s and the start-up plus twice the clean run's
time per kill), 20 times (3 in a quick run), and after each kill:

* ``PRAGMA integrity_check`` and the FTS index's own ``integrity-check`` must pass;
* every worker process the killed parent had must be gone within 5 s (an orphan is counted
  and killed).

Then one last run completes the store, and it is compared with the clean one: the rows of
every table (counts), the content hashes of the documents, and the failures by origin.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import wikinews_lines, write_result

TASK = "crash-safety"
ORPHAN_GRACE = 5.0
SKIP_TABLES = frozenset({"failures", "sitroom_meta", "sqlite_sequence"})
"""Not compared row for row: failures are recorded once per run (a killed run and its re-run
record a failing document twice; compared by origin instead), the rest are bookkeeping."""


def _command(source: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "sitroom", "ingest", str(source), "--db", str(db), "--workers", "2"]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _check(db: Path) -> bool:
    """SQLite's integrity check and the FTS index's."""
    if not db.exists():
        return True
    with sqlite3.connect(db) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            return False
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone():
                conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError:
            return False
    return True


def snapshot(db: Path) -> dict[str, Any]:
    """Row counts of every table, the documents' content hashes, failures by origin."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'")]
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables) if t not in SKIP_TABLES}  # noqa: S608 - names from sqlite_master
        hashes = sorted(r[0] for r in conn.execute("SELECT content_hash FROM documents"))
        failed = sorted({r[0] for r in conn.execute("SELECT origin FROM failures")}) if "failures" in tables else []
    return {"counts": counts, "hashes": hashes, "failed": failed}


def _run(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def run(*, quick: bool) -> list[dict[str, Any]]:
    n, kills = (200, 3) if quick else (2000, 20)
    rng = random.Random(20261206)
    with tempfile.TemporaryDirectory(prefix="sitroom-crash-") as tmp:
        folder = Path(tmp)
        source = folder / "articles.jsonl"
        source.write_text("".join(wikinews_lines(n)), encoding="utf-8")
        clean_db, killed_db = folder / "clean.db", folder / "killed.db"
        clean_seconds = _run(_command(source, clean_db))
        reference = snapshot(clean_db)
        longest = 10.0 + 2 * clean_seconds / kills
        mid_ingest = finished_before_kill = orphans = integrity_ok = 0
        for _ in range(kills):
            proc = subprocess.Popen(_command(source, killed_db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            deadline = time.monotonic() + rng.uniform(1.0, longest)
            workers: set[int] = set()
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)
                workers |= _children(proc.pid)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                mid_ingest += 1
            else:
                finished_before_kill += 1
            proc.wait()
            gone = time.monotonic() + ORPHAN_GRACE
            while time.monotonic() < gone and any(_alive(w) for w in workers):
                time.sleep(0.1)
            for w in workers:
                if _alive(w):
                    orphans += 1
                    try:
                        os.kill(w, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            integrity_ok += _check(killed_db)
        resumed_seconds = _run(_command(source, killed_db))
        integrity_ok += _check(killed_db)
        final = snapshot(killed_db)
    differing = sorted(t for t in set(reference["counts"]) | set(final["counts"]) if reference["counts"].get(t) != final["counts"].get(t))
    metrics = {
        "articles": n,
        "kill_cycles": kills,
        "killed_mid_ingest": mid_ingest,
        "integrity_checks_passed_share": round(integrity_ok / (kills + 1), 4),
        "orphan_workers": orphans,
        "documents": len(final["hashes"]),
        "content_hashes_equal": int(final["hashes"] == reference["hashes"]),
        "failures_equal": int(final["failed"] == reference["failed"]),
        "tables_equal_share": round(1 - len(differing) / max(len(reference["counts"]), 1), 4),
        "clean_run_seconds": round(clean_seconds, 1),
        "last_run_seconds": round(resumed_seconds, 1),
    }
    notes = (
        f"A clean `sitroom ingest --workers 2` of the first {n} articles of the Wikinews corpus, then the same command killed "
        f"with SIGKILL {kills} times (parent only; delays from random.Random(20261206), uniform 1 s to {longest:.0f} s) and run "
        "once more to the end. `integrity_checks_passed_share`: SQLite's integrity_check and the FTS index's integrity-check "
        "after each kill and after the last run; `orphan_workers`: worker processes alive 5 s after their parent was killed; "
        "`content_hashes_equal`, `failures_equal` (by origin), `tables_equal_share` (row counts of every table but the failure "
        f"log): the resumed store against the clean one. Killed before finishing: {mid_ingest} of {kills} runs."
        + (f" Tables whose counts differ: {', '.join(differing)}." if differing else " Every table's row count is equal.")
    )
    command = "python -m bench crashsafety"
    dataset = f"first {n} articles of the English Wikinews corpus (../shared/corpora/wikinews-en), JSONL"
    return [write_result(TASK, dataset=dataset, command=command, metrics=metrics, quick=quick, notes=notes)]
