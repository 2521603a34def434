"""A sitroom store served by a real datasette: search, hidden tables, fact views."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
pytestmark = pytest.mark.sqlite_only  # SQLite store files (fixtures from the git history; datasette serves SQLite)


def test_datasette_searches_documents_and_hides_internal_tables(tmp_path):
    from datasette.app import Datasette

    path = tmp_path / "news.db"
    shutil.copyfile(FIXTURES / "stores" / "schema-7.db", path)
    assert runner.invoke(app, ["migrate", "--db", str(path)]).exit_code == 0
    with sqlite3.connect(path) as conn:  # seq is any stable integer: make it differ from the rowid
        conn.execute("UPDATE documents SET seq = seq + 100")
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
        mosul = {r[0] for r in conn.execute("SELECT title FROM documents WHERE text LIKE '%Mosul%' OR title LIKE '%Mosul%'")}
    result = runner.invoke(app, ["datasette-metadata", "--db", str(path)])
    assert result.exit_code == 0, result.output
    metadata = json.loads(result.output)

    async def fetch():
        ds = Datasette([str(path)], metadata=metadata)
        hits = (await ds.client.get("/news/documents.json?_search=Mosul&_shape=array&_col=title")).json()
        none = (await ds.client.get("/news/documents.json?_search=Timbuktu&_shape=array&_col=title")).json()
        tables = {t["name"]: t for t in (await ds.client.get("/news.json")).json()["tables"]}
        views = (await ds.client.get("/news.json")).json()["views"]
        figures = (await ds.client.get("/news/figures_view.json?_shape=array&_size=5")).json()
        return hits, none, tables, views, figures

    hits, none, tables, views, figures = asyncio.run(fetch())
    assert mosul and {h["title"] for h in hits} == mosul and none == []
    assert all(tables[name]["hidden"] for name in ("lsh_bands", "key_counts", "story_keys", "sitroom_meta"))
    assert not tables["documents"]["hidden"] and not tables["figures"]["hidden"]
    assert {"figures_view", "quotes_view", "events_view", "mentions_view"} <= {v["name"] for v in views}
    assert figures and all(f["text"] in f["sentence"] for f in figures)
