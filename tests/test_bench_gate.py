"""The evaluation gate: the quick benchmark subset must not fall below the pinned floors.

Like trafilatura's `tests/eval_gate.py`: `bench/baseline.json` pins, per task, the
headline metrics of the quick run; a change that lowers one fails CI. Raise a floor in
the same change that raises the figure. Floors sit a little below the measured value
because a few figures move with run-to-run noise (timings) or with the model's
nondeterminism on ties; accuracy floors are exact to the rounding used.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from bench.__main__ import MODULES
from bench.common import has_datasets

BASELINE = json.loads((Path(__file__).parents[1] / "bench" / "baseline.json").read_text(encoding="utf-8"))



@pytest.mark.slow
@pytest.mark.skipif(not has_datasets(), reason="gold datasets not found (set SITROOM_DATASETS)")
@pytest.mark.parametrize("module", sorted(BASELINE))
def test_bench_gate_quick_run_keeps_every_floor(module):
    results = {r["task"]: r for r in importlib.import_module(MODULES[module]).run(quick=True)}
    for task, floors in BASELINE[module].items():
        assert task in results, f"{module} did not report task {task}"
        metrics = results[task]["metrics"]
        for name, floor in floors.items():
            assert metrics[name] >= floor, f"{task}: {name} fell to {metrics[name]} (floor {floor})"
