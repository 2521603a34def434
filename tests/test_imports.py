"""Fast start: the records, the errors and the command's help load no model library, and
every error sitroom raises on purpose is a SitroomError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import sitroom
from sitroom.errors import SitroomError

HEAVY = ("spacy", "torch", "thinc", "sentence_transformers", "sqlalchemy", "trafilatura")


@pytest.mark.parametrize("statement", ["import sitroom", "import sitroom.model", "import sitroom.errors", "import sitroom.cli"])
def test_importing_the_records_and_the_command_loads_no_model_library(statement):
    code = f"{statement}; import sys; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def test_the_help_of_every_command_loads_no_model_library():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from sitroom.cli import app\n"
        "for command in ([], ['ingest'], ['report'], ['export'], ['search'], ['show'], ['stories'], ['demo'], ['serve']):\n"
        "    assert CliRunner().invoke(app, [*command, '--help']).exit_code == 0, command\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == ""


def _sitroom_modules():
    for info in pkgutil.walk_packages(sitroom.__path__, "sitroom."):
        if not info.name.endswith("__main__"):  # running it would run the command
            yield importlib.import_module(info.name)


def test_every_public_error_class_of_sitroom_is_a_sitroom_error():
    found = {}
    for module in _sitroom_modules():
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("sitroom") and not name.startswith("_"):
                found[f"{obj.__module__}.{name}"] = obj
    assert len(found) >= 10
    assert [name for name, cls in found.items() if not issubclass(cls, SitroomError)] == []


def _loaded(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    code = f"{statement}; import sys; print(','.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return [m for m in out.split(",") if m]


def test_the_store_only_stores_it_imports_no_linking():
    assert _loaded("import sitroom.store", ("sitroom.link",)) == []


def test_the_pipeline_a_worker_runs_imports_no_store():
    assert _loaded("import sitroom.pipeline", ("sitroom.store", "sitroom.runner", "sqlalchemy")) == []


@pytest.mark.parametrize("module", ["sitroom.report.export", "sitroom.report.formats", "sitroom.report.sitrep", "sitroom.store.queries"])
def test_reading_a_store_loads_no_model(module):
    """Reports and exports read stored facts: no spaCy, torch or sentence model."""
    assert _loaded(f"import {module}", ("spacy", "torch", "thinc", "sentence_transformers")) == []
