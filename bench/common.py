"""Shared helpers of the benchmark tasks: where the data is, how results are written.

A result file is ``bench/results/<task>.json``::

    {"task", "dataset", "command", "date", "machine", "quick",
     "metrics": {name: value}, "peers": {peer: {name: value}}, "notes": "..."}

Figures are fractions from 0 to 1 unless the metric name states a unit
(``_per_second``, ``_km``, ``_mb``, ``_seconds``). Article text of the datasets is read
from the datasets folder and never written into the repository.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


class DataMissing(SystemExit):
    """The gold data (or corpus) folder is not there; the message says how to point to it."""


def datasets_dir() -> Path:
    """``$SITROOM_DATASETS``, else ``../shared/datasets`` beside the repository.

    Raises:
        DataMissing: the folder does not exist (exit code 2 with the message).
    """
    path = Path(os.environ.get("SITROOM_DATASETS") or ROOT.parent / "shared" / "datasets")
    if not path.is_dir():
        raise DataMissing(f"gold datasets not found at {path}: set SITROOM_DATASETS to the folder that holds them")
    return path


def corpora_dir() -> Path:
    """``$SITROOM_CORPORA``, else ``../shared/corpora`` (English Wikinews, CC BY 2.5)."""
    path = Path(os.environ.get("SITROOM_CORPORA") or ROOT.parent / "shared" / "corpora")
    if not path.is_dir():
        raise DataMissing(f"corpora not found at {path}: set SITROOM_CORPORA to the folder that holds them")
    return path


def wikinews_lines(n: int) -> list[str]:
    """The first ``n`` lines (articles) of the English Wikinews JSONL under :func:`corpora_dir`."""
    path = corpora_dir() / "wikinews-en" / "wikinews-en.jsonl"
    if not path.exists():
        raise DataMissing(f"{path} not found")
    with path.open(encoding="utf-8") as f:
        return [line for _, line in zip(range(n), f)]


def has_datasets() -> bool:
    """True when the gold datasets folder is there (tests skip their data runs otherwise)."""
    try:
        datasets_dir()
    except DataMissing:
        return False
    return True


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def prf(self, prefix: str = "") -> dict[str, float]:
        """``{prefix}precision``, ``{prefix}recall``, ``{prefix}f1`` (0 when undefined)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {f"{prefix}precision": round(p, 4), f"{prefix}recall": round(r, 4), f"{prefix}f1": round(f, 4)}


def write_result(
    task: str,
    *,
    dataset: str,
    command: str,
    metrics: dict[str, Any],
    peers: dict[str, dict[str, Any]] | None = None,
    quick: bool = False,
    notes: str = "",
) -> dict[str, Any]:
    """Write ``bench/results/<task>.json`` (``<task>-quick.json`` for a quick run) and return it."""
    result = {
        "task": task,
        "dataset": dataset,
        "command": command,
        "date": date.today().isoformat(),
        "machine": machine(),
        "quick": quick,
        "metrics": metrics,
        "peers": peers or {},
        "notes": notes,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"{task}-quick.json" if quick else f"{task}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result
