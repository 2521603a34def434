"""Two ingests write one SQLite store while ``report``, ``export`` and ``serve`` read it:
real processes, no "database is locked", nothing lost or stored twice (issue 22)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sitroom.store import Store
from tests.serving import serving

ROOT = Path(__file__).parents[1]
WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews-en" / "wikinews-en.jsonl"

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only, pytest.mark.skipif(not WIKINEWS.exists(), reason="needs ../shared/corpora/wikinews-en")]


def sitroom(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitroom", *args]


def test_two_ingests_and_readers_at_once_lose_and_duplicate_nothing(tmp_path):
    with WIKINEWS.open(encoding="utf-8") as f:
        lines = [line for _, line in zip(range(66), f)]
    seed, first, second = tmp_path / "seed.jsonl", tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    seed.write_text("".join(lines[:6]), encoding="utf-8")
    first.write_text("".join(lines[6:36]), encoding="utf-8")
    second.write_text("".join(lines[36:]), encoding="utf-8")
    db = tmp_path / "s.db"
    subprocess.run(sitroom("ingest", str(seed), "--db", str(db), "--workers", "1"), check=True, capture_output=True, timeout=300)
    errors: list[str] = []
    reads = 0
    with serving(db) as base:
        writers = [
            subprocess.Popen(sitroom("ingest", str(path), "--db", str(db), "--workers", "1", "--batch-size", "2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for path in (first, second)
        ]
        while any(w.poll() is None for w in writers):
            for route in ("/api/documents?limit=100", "/api/events", "/api/search?q=killed", "/api/report?format=md", "/api/export/csv"):
                response = httpx.get(base + route, timeout=60)
                if response.status_code != 200:
                    errors.append(f"GET {route}: {response.status_code} {response.text[:200]}")
                reads += 1
            for command in (sitroom("report", "--db", str(db)), sitroom("export", "--db", str(db), "--format", "jsonl")):
                done = subprocess.run(command, capture_output=True, text=True, timeout=300)
                if done.returncode != 0:
                    errors.append(f"{command[3]}: exit {done.returncode}: {done.stderr[-300:]}")
                reads += 1
        outputs = [w.communicate(timeout=300) for w in writers]
        assert [w.returncode for w in writers] == [0, 0], [err[-500:] for _, err in outputs]
        health = httpx.get(base + "/api/health", timeout=30).json()
    assert errors == [] and reads >= 7  # at least one full round of reads while both wrote
    assert "locked" not in "".join(out + err for out, err in outputs)
    with Store(db, readonly=True) as store:
        documents, failures = store.count("documents"), store.count("failures")
    assert documents + failures == 66 and health["documents"] == documents
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        hashes = [row[0] for row in conn.execute("SELECT content_hash FROM documents")]
        assert len(hashes) == len(set(hashes)) == documents
    exported = subprocess.run(sitroom("export", "--db", str(db), "--format", "jsonl"), capture_output=True, text=True, timeout=300, check=True)
    assert len({json.loads(line)["doc_id"] for line in exported.stdout.splitlines() if line.strip() and "doc_id" in json.loads(line)}) == documents
