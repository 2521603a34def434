"""Paths to the ingest fixtures (built by tests/fixtures/ingest/make_fixtures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

INGEST_FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"
WIKINEWS_CONFLICT = Path("/work/shared/corpora/wikinews-conflict/wikinews-conflict.jsonl")


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of ingest fixture files."""
    return INGEST_FIXTURES


@pytest.fixture(scope="session")
def wikinews_conflict() -> dict[str, dict[str, object]]:
    """The Wikinews conflict corpus (CC BY 2.5) by article id; skips when it is absent."""
    if not WIKINEWS_CONFLICT.is_file():
        pytest.skip(f"{WIKINEWS_CONFLICT} not available")
    rows = [json.loads(line) for line in WIKINEWS_CONFLICT.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: row for row in rows}
