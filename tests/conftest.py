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
