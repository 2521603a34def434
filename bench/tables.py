"""Rewrite BENCHMARKS.md from the full-run results in ``bench/results/*.json``.

Each result becomes a section: the command, the data, the date and the machine, then
one table with sitroom's row and one row per peer (same metric columns), then the
task's notes. Nothing here is typed by hand, so the tables cannot drift from the runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import RESULTS, ROOT

HEADER = """# Benchmarks

Every figure below comes from `python -m bench` (`make bench`; `make bench-quick` runs
the subset that the CI gate checks against the floors in `bench/baseline.json`). Each
section is written from `bench/results/<task>.json` by `bench/tables.py`: the command,
the data, the date and the machine are those of the run, and the peers were measured in
the same run unless a row says "stored output" (predictions published by their authors,
scored here by the same code). Fractions are from 0 to 1.
"""


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def section(result: dict[str, Any]) -> str:
    """One task's section of BENCHMARKS.md."""
    rows = {"sitroom": result["metrics"], **result.get("peers", {})}
    columns: list[str] = []
    for metrics in rows.values():
        columns += [k for k in metrics if k not in columns and not isinstance(metrics[k], (dict, list))]
    lines = [
        f"## {result['task']}",
        "",
        f"Command: `{result['command']}` · data: {result['dataset']} · date: {result['date']} · machine: {result['machine']}",
        "",
        "| system | " + " | ".join(columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for name, metrics in rows.items():
        lines.append(f"| {name} | " + " | ".join(_cell(metrics.get(c)) for c in columns) + " |")
    if result.get("notes"):
        lines += ["", result["notes"].strip()]
    return "\n".join(lines) + "\n"


def write_benchmarks(path: Path = ROOT / "BENCHMARKS.md") -> str:
    """Regenerate BENCHMARKS.md from every full-run result; returns the text written."""
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESULTS.glob("*.json")) if not p.stem.endswith("-quick")]
    text = HEADER + "\n" + "\n".join(section(r) for r in results)
    path.write_text(text, encoding="utf-8")
    return text
