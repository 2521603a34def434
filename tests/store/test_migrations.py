"""Stores written by earlier sitroom versions, upgraded in place.

``tests/fixtures/stores/schema-6.db`` and ``schema-7.db`` were written by the sitroom of
the last commit with that schema (``git worktree`` of c1a6901^ and 4e04159, ``python -m
sitroom ingest`` of the two seed articles and examples/html/enwikinews-115682.html, then
``VACUUM`` in rollback-journal mode); they are copied before every test and never changed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.store import Store, StoreError
from sitroom.store.schema import SCHEMA_VERSION
from tests.conftest import FIXTURES

STORES = FIXTURES / "stores"
runner = CliRunner()
pytestmark = pytest.mark.sqlite_only  # SQLite store files (fixtures from the git history; datasette serves SQLite)


def _copy(tmp_path: Path, version: int) -> Path:
    target = tmp_path / f"old-{version}.db"
    shutil.copyfile(STORES / f"schema-{version}.db", target)
    return target


def _version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT value FROM sitroom_meta WHERE key = 'schema_version'").fetchone()[0]


@pytest.mark.parametrize("version", [6, 7])
def test_read_commands_refuse_an_old_store_and_name_the_migration(tmp_path, version):
    path = _copy(tmp_path, version)
    before = path.read_bytes()
    result = runner.invoke(app, ["report", "--db", str(path)])
    assert result.exit_code == 2
    assert f"schema version {version}" in result.output and "sitroom migrate --db" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("version", [6, 7])
def test_migrate_upgrades_in_place_and_keeps_a_backup(tmp_path, version):
    path = _copy(tmp_path, version)
    with sqlite3.connect(path) as conn:
        documents = conn.execute("SELECT id, text FROM documents ORDER BY rowid").fetchall()
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    result = runner.invoke(app, ["migrate", "--db", str(path)])
    assert result.exit_code == 0, result.output
    backup = tmp_path / f"old-{version}.db.schema-{version}.bak"
    assert f"from schema {version} to {SCHEMA_VERSION}" in result.output and str(backup) in result.output
    assert _version(backup) == str(version) and _version(path) == str(SCHEMA_VERSION)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT id, text FROM documents ORDER BY seq").fetchall() == documents
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events
        assert conn.execute("SELECT count(*) FROM events WHERE mentions IS NULL").fetchone()[0] == 0
        assert [r[0] for r in conn.execute("SELECT seq FROM documents ORDER BY seq")] == list(range(1, len(documents) + 1))
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")  # raises on a broken index
        found = conn.execute("SELECT d.id FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH 'Mosul'").fetchall()
        assert found and {r[0] for r in found} <= {d[0] for d in documents}
        sentence, figure = conn.execute("SELECT sentence, text FROM figures_view LIMIT 1").fetchone()
        assert figure in sentence
    again = runner.invoke(app, ["migrate", "--db", str(path)])
    assert again.exit_code == 0 and "already at schema" in again.output


@pytest.mark.parametrize("version", [6, 7])
def test_an_upgraded_store_reads_exports_searches_and_takes_new_documents(tmp_path, version):
    path = _copy(tmp_path, version)
    assert runner.invoke(app, ["migrate", "--db", str(path)]).exit_code == 0
    for command in (["report"], ["export", "--format", "acled"], ["export", "--format", "jsonl"], ["stories"]):
        result = runner.invoke(app, [*command, "--db", str(path)])
        assert result.exit_code == 0, (command, result.output)
    assert "Mosul" in runner.invoke(app, ["search", "Mosul", "--db", str(path)]).output
    again = runner.invoke(app, ["ingest", str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(path), "--workers", "1"])
    assert "stored 0, skipped as duplicate 1" in again.output
    with Store(path) as store:
        assert store.upgraded is None and store.count("documents") == 3


def test_opening_an_old_store_for_writing_upgrades_it(tmp_path):
    path = _copy(tmp_path, 6)
    with Store(path) as store:
        assert store.upgraded is not None and (store.upgraded.source, store.upgraded.target) == (6, SCHEMA_VERSION)
        assert store.upgraded.backup is not None and store.upgraded.backup.exists()


def test_a_store_older_than_the_oldest_upgradable_schema_is_refused_unchanged(tmp_path):
    path = _copy(tmp_path, 6)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sitroom_meta SET value = '5' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="ingest the documents again"):
        Store(path)
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]
