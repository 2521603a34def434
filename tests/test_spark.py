"""sitroom spark on a real local[2] Spark, and sitroom load against a direct ingest (issue 21)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
REQUIRED = os.environ.get("SITROOM_REQUIRE_SPARK") == "1"
MISSING = shutil.which("java") is None or subprocess.run([sys.executable, "-c", "import pyspark"], capture_output=True).returncode != 0
if MISSING and REQUIRED:
    raise RuntimeError("SITROOM_REQUIRE_SPARK=1 but java or pyspark is missing (.ci/java.sh installs Java; pip install -e '.[spark]')")
pytestmark = [pytest.mark.sqlite_only]
needs_spark = pytest.mark.skipif(MISSING, reason="needs java and pyspark")


def sitroom(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "sitroom", *args], capture_output=True, text=True, timeout=900)
    assert not check or done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    lines = (ROOT / "examples" / "wikinews-conflict.jsonl").read_text(encoding="utf-8").splitlines()[:24]
    (folder / "a.jsonl").write_text("\n".join([*lines[:12], "{not json", *lines[12:]]) + "\n", encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "ingest" / "crawl.warc", folder / "b.warc")
    for page in sorted((ROOT / "examples" / "html").glob("*.html")):
        shutil.copy(page, folder / page.name)
    return folder


@pytest.mark.slow
@needs_spark
def test_spark_writes_monthly_parquet_tables_that_load_into_the_store_a_direct_ingest_makes(inputs, tmp_path):
    import duckdb

    out = tmp_path / "out"
    first = sitroom("spark", str(inputs), "--output", str(out), "--master", "local[2]", "--partitions", "3")
    assert "files 6, read 31, stored 30, skipped as already written 0, failed 1, near-duplicates 1" in first.stdout, first.stdout
    months = sorted(p.name for p in (out / "document").iterdir())
    assert "month=2006-07" in months and not (out / "_staging").exists()
    docs = duckdb.sql(f"SELECT count(*), count(DISTINCT doc_id), min(length(band_keys)) FROM read_parquet('{out}/document/*/*.parquet', hive_partitioning=true)").fetchall()
    assert docs == [(30, 29, 42)]  # a row per input read, with its 42 LSH band keys (one text is read twice: same doc_id)
    (failure,) = duckdb.sql(f"SELECT origin, stage, reason FROM read_parquet('{out}/failure/*/*.parquet')").fetchall()
    assert failure[0].endswith("a.jsonl:13") and failure[1] == "ingest" and "not valid JSON" in failure[2]
    events = duckdb.sql(f"SELECT count(*), sum(fatalities) FROM read_parquet('{out}/event/*/*.parquet')").fetchall()[0]
    assert events[0] > 0 and events[1] > 0

    again = sitroom("spark", str(inputs), "--output", str(out), "--master", "local[2]")
    assert "read 31, stored 0, skipped as already written 31, failed 0" in again.stdout, again.stdout

    loaded, direct = tmp_path / "loaded.db", tmp_path / "direct.db"
    said = sitroom("load", str(out), "--db", str(loaded))
    assert "read 30, stored 29, skipped as duplicate 1, failures 1" in said.stdout, said.stdout
    sitroom("ingest", str(inputs), "--db", str(direct), "--workers", "1", check=False)
    exports = [sitroom("export", "--format", "jsonl", "--db", str(db)).stdout for db in (loaded, direct)]
    assert exports[0] == exports[1] and len(exports[0].splitlines()) > 1000  # documents, facts, stories, figure groups, merged events
    acled = [list(csv.DictReader(io.StringIO(sitroom("export", "--format", "acled", "--db", str(db)).stdout))) for db in (loaded, direct)]
    for rows in acled:
        for row in rows:
            row.pop("timestamp")  # when the report was stored
    assert acled[0] == acled[1] and len(acled[0]) > 5
    copies = duckdb.sql(f"SELECT doc_id, duplicate_of FROM read_parquet('{out}/duplicates/*.parquet')").fetchall()
    stored = {json.loads(line)["doc_id"]: json.loads(line)["duplicate_of"] for line in exports[1].splitlines() if json.loads(line)["type"] == "document"}
    assert {(d, o) for d, o in copies} <= {(d, o) for d, o in stored.items() if o} | {(o, d) for d, o in stored.items() if o}


def test_files_on_a_pyarrow_file_system_are_listed_and_read_with_their_uri_as_origin(inputs):
    from sitroom.ingest import read_paths
    from sitroom.spark import manifest, read_uri

    local = manifest([str(inputs)])
    remote = manifest([f"file://{inputs}"])
    assert remote == [f"file://{p}" for p in local] and len(remote) == 6
    warc = next(u for u in remote if u.endswith(".warc"))
    got, expected = list(read_uri(warc, max_bytes=20_000_000)), list(read_paths([warc.removeprefix("file://")]))
    assert len(got) == len(expected) > 1
    assert [(d.content, d.origin.record, d.origin.url) for d in got] == [(d.content, d.origin.record, d.origin.url) for d in expected]
    assert {d.origin.path for d in got} == {warc}
    (missing,) = list(read_uri(f"file://{inputs}/nope.jsonl", max_bytes=1000))
    assert "nope.jsonl" in missing.message() and "cannot read" in missing.reason
