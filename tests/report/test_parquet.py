"""The Parquet export, read back by DuckDB and pandas (issue 21)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from tests.conftest import SEED_MOSUL_IS, SEED_MOSUL_VICTORY

runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parquet")
    db = folder / "s.db"
    result = runner.invoke(app, ["ingest", str(SEED_MOSUL_IS), str(SEED_MOSUL_VICTORY), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", str(db), "--output", str(folder / "out")])
    assert result.exit_code == 0, result.output
    jsonl = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)])
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    return folder / "out", records, result.output


def test_parquet_has_one_file_per_record_type_with_every_record(exported):
    folder, records, said = exported
    counts = Counter(r["type"] for r in records)
    assert {p.stem for p in folder.glob("*.parquet")} == set(counts)
    for kind, n in counts.items():
        assert duckdb.sql(f"SELECT count(*) FROM '{folder / kind}.parquet'").fetchall() == [(n,)], kind
    assert f"wrote {len(records)} records" in said and not list(folder.glob("*.part"))


def test_parquet_columns_are_typed_for_duckdb(exported):
    folder, records, _ = exported
    types = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{folder}/event.parquet')").fetchall())
    assert (types["date"], types["fatalities"], types["start"], types["lat"], types["mentions"]) == ("DATE", "DOUBLE", "BIGINT", "DOUBLE", "BIGINT[][]")
    documents = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{folder}/document.parquet')").fetchall())
    assert (documents["published"], documents["warnings"]) == ("DATE", "VARCHAR[]")
    # the same facts as the JSON export: the dated events' days and tolls
    expected = sorted((r["doc_id"], r["start"], r["date"], r["fatalities"]) for r in records if r["type"] == "event")
    got = duckdb.sql(f"SELECT doc_id, start, strftime(date, '%Y-%m-%d'), fatalities FROM '{folder}/event.parquet' ORDER BY ALL").fetchall()
    assert sorted(got, key=str) == sorted(expected, key=str) and any(row[3] for row in got)


def test_parquet_reads_into_pandas_with_dates_numbers_and_lists(exported):
    folder, records, _ = exported
    figures = pd.read_parquet(folder / "figure.parquet")
    assert str(figures["value"].dtype) == "float64" and str(figures["start"].dtype) == "int64" and str(figures["cumulative"].dtype) == "bool"
    documents = pd.read_parquet(folder / "document.parquet")
    published = {r["doc_id"]: r["published"] for r in records if r["type"] == "document"}
    assert any(published.values())
    assert {row.doc_id: row.published for row in documents.itertuples()} == {k: dt.date.fromisoformat(v) if v else None for k, v in published.items()}
    quotes = pq.read_table(folder / "quote.parquet").to_pylist()
    assert all(isinstance(q["speakers"], list) for q in quotes) and any(q["speakers"] for q in quotes)
