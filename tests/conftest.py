"""Shared fixtures: the real spaCy pipeline (loaded once per run) and the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Config
from sitroom.nlp import shared_pipeline

FIXTURES = Path(__file__).parent / "fixtures"
SEED_MOSUL_IS = FIXTURES / "000_f040c6de48533ea3.txt"  # "What next for Islamic State...", no date
SEED_MOSUL_VICTORY = FIXTURES / "004_ba4449efcd6f824b.txt"  # "Victory in Mosul...", 14 July 2017


@pytest.fixture(scope="session")
def config() -> Config:
    return Config()


@pytest.fixture(scope="session")
def pipeline(config):
    """(nlp, actors): the real model with sitroom's components, built once."""
    return shared_pipeline(config)


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline[0]


@pytest.fixture(scope="session")
def actors(pipeline):
    return pipeline[1]


@pytest.fixture(scope="session")
def seed_is_text() -> str:
    return SEED_MOSUL_IS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_victory_text() -> str:
    return SEED_MOSUL_VICTORY.read_text(encoding="utf-8")


# --- the second backend ----------------------------------------------------------------------
# `pytest --backend postgresql tests/store tests/link tests/report tests/test_cli.py` reruns
# those suites with every store on a real PostgreSQL server (SITROOM_TEST_PG_URL, started by
# .ci/postgres.sh), like sqlite-utils reruns its suite in another mode: each store path a test
# opens becomes a fresh database of that server (named from the path), created on first
# write and dropped at the end of the run. Tests that read the SQLite file itself are marked
# `sqlite_only` and skipped there.


_PG_SERVER: list[str] = []
"""The PostgreSQL server URL while the suite runs with --backend postgresql."""


def _pg_name(path: str) -> str:
    import hashlib

    return "t_" + hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:24]


def store_engine(path):
    """A plain SQLAlchemy engine on the store a test opened at ``path`` (the SQLite file, or
    its PostgreSQL database with --backend postgresql), with none of the Store's checks: for
    tests that look at or change rows directly."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if _PG_SERVER:
        return create_engine(make_url(_PG_SERVER[0]).set(database=_pg_name(str(path))))
    return create_engine(f"sqlite:///{path}")


def store_label(path) -> str:
    """How sitroom names the store opened at ``path`` in its messages under this backend."""
    if _PG_SERVER:
        from sqlalchemy.engine import make_url

        return make_url(_PG_SERVER[0]).set(database=_pg_name(str(path))).render_as_string(hide_password=False)
    return str(path)


def sql(path, statement: str, **params):
    """Run one statement on the store at ``path``; the rows it returns, as tuples."""
    from sqlalchemy import text

    engine = store_engine(path)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def pytest_addoption(parser):
    parser.addoption("--backend", choices=("sqlite", "postgresql"), default="sqlite", help="store backend for the store, link, report and CLI tests")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: reads or writes the SQLite file itself; skipped with --backend postgresql")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--backend") != "postgresql":
        return
    skip = pytest.mark.skip(reason="checks the SQLite file itself")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _store_backend(request):
    if request.config.getoption("--backend") != "postgresql":
        yield
        return
    import os

    import psycopg
    from sqlalchemy.engine import make_url

    from sitroom.errors import StoreError
    from sitroom.store import store as store_module

    server = os.environ.get("SITROOM_TEST_PG_URL")
    if not server:
        raise pytest.UsageError("--backend postgresql needs SITROOM_TEST_PG_URL (eval \"$(.ci/postgres.sh)\")")
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    created: list[str] = []
    real_init = store_module.Store.__init__

    def init(self, target, *, readonly=False):
        path = str(target)
        if "://" not in path:
            name = _pg_name(path)
            with psycopg.connect(admin, autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
                if not exists and readonly:
                    raise StoreError(f"store {path} does not exist; run `sitroom ingest PATH --db {path}` first")
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
                    created.append(name)
            target = make_url(server).set(database=name).render_as_string(hide_password=False)
        real_init(self, target, readonly=readonly)

    store_module.Store.__init__ = init
    _PG_SERVER.append(server)
    yield
    _PG_SERVER.clear()
    store_module.Store.__init__ = real_init
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
