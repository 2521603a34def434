"""Task ``report-scale``: what the report and the exports cost, in time and memory, as the
store grows to 10,000 and 100,000 documents.

    python -m bench [--quick] reports
    python -m bench.reports [--quick] [--documents N ...] [--real R] [--before REV] [--stores DIR]

**Data.** The replicated stream of ``bench/linking.py``: ``R`` English Wikinews articles
(1,000 full, 100 quick) analysed once by sitroom's pipeline, then replica ``r`` of an
article is the same analysis under a new document id with its dates moved ``r x 40`` days
on. Unlike the linking bench, a replica keeps the article's own text (so every fact's span
still cites the sentence it came from, which the report checks) and appends distinct
synthetic Wikinews sentences at least as long (so that two replicas of one article are not
near-duplicates; 10 % of the appended parts are syndicated copies of an earlier one, so
some are). Each store is built once through :func:`sitroom.link.batch.store_batch` in
batches of 32, as ``sitroom ingest`` stores, and kept in ``--stores`` (default
``~/.cache/sitroom-bench``) for the next run.

**Measure.** Each command runs once in a fresh process, writing to a file
(``--output``): ``report`` (Markdown, the whole store), ``report --story`` (the largest
story), ``export`` as ``jsonl``, ``csv``, ``acled`` and ``geojson``. Reported: its wall
seconds and its peak RSS in MB (``ru_maxrss`` of the child). A command that runs past
``LIMIT_SECONDS`` is stopped and reported as such.

**Peer.** The same commands of sitroom at ``--before`` (a git revision, default
:data:`BEFORE`, the last commit before reports and exports were read page by page), run
from a temporary git worktree on the same stores in the same run (the schema is the same),
with the report templates of :data:`BEFORE_TEMPLATES` (the fix of a crash the stores would
otherwise trigger).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from bench.common import ROOT, write_result

TASK = "report-scale"
FULL_SIZES = (10_000, 100_000)
QUICK_SIZES = (1_000,)
FULL_REAL = 1_000
QUICK_REAL = 100
BATCH_SIZE = 32
SEED = 5
LIMIT_SECONDS = 3600
BEFORE = "10b0620"
"""sitroom before reports and exports read the store page by page (2026-12-06)."""
BEFORE_TEMPLATES = "e3cf8ae"
"""The peer runs with the report templates of this commit, which only stops the report failing
on a gazetteer place with no coordinates (Antarctica is one, and the replicated stores name
it); nothing else of the peer changes."""

COMMANDS: dict[str, list[str]] = {
    "report": ["report", "--format", "md"],
    "story_report": ["report", "--format", "md", "--story", "{story}"],
    "jsonl": ["export", "--format", "jsonl"],
    "csv": ["export", "--format", "csv"],
    "acled": ["export", "--format", "acled"],
    "geojson": ["export", "--format", "geojson"],
}

_PROBE = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "try:\n"
    "    done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1]))\n"
    "    code = done.returncode\n"
    "    if code:\n"
    "        sys.stderr.write(done.stderr.decode(errors='replace')[-2000:])\n"
    "except subprocess.TimeoutExpired:\n"
    "    code = 'timeout'\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - started, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)\n"
)
"""Runs one command in a fresh parent and prints its wall time, its peak RSS (kB), its exit
code (or ``timeout``) and its CPU time (user + system, s)."""


# ----------------------------------------------------------------------------- stores


def documents(real: Sequence[Any], n: int) -> Iterator[Any]:
    """The ``n`` documents of a store, in storing order: replicas of ``real`` whose text is
    the article's own followed by synthetic sentences at least as long."""
    from bench.dedupe import read_articles, synthetic_items
    from bench.linking import replica
    from bench.throughput import corpus_path

    items = iter(synthetic_items(read_articles(corpus_path()), 3 * n, seed=SEED))
    for i in range(n):
        analysis = real[i % len(real)]
        original = analysis.document.text
        extra: list[str] = []
        while sum(len(t) for t in extra) < len(original):
            extra.append(next(items).text)
        yield replica(analysis, i // len(real), original + "\n\n" + "\n\n".join(extra))


def build_store(path: Path, real: Sequence[Any], n: int) -> float:
    """Store ``n`` documents at ``path`` (removed first); returns the wall seconds."""
    from sitroom.link.batch import store_batch
    from sitroom.store import Store

    path.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store(partial)
    try:
        batch: list[Any] = []
        for analysis in documents(real, n):
            batch.append((analysis, analysis.document.content_hash))
            if len(batch) == BATCH_SIZE:
                store_batch(store, batch)
                batch = []
        if batch:
            store_batch(store, batch)
    finally:
        store.close()
    partial.rename(path)
    return time.perf_counter() - started


def largest_story(path: Path) -> str:
    from sitroom.store import Store

    with Store(path, readonly=True) as store:
        return max(store.story_list(), key=lambda s: (s.size, s.id)).id


# ----------------------------------------------------------------------------- commands


def measure(python: str, env: dict[str, str], args: list[str], output: Path, limit: float = LIMIT_SECONDS) -> dict[str, Any]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``python -m sitroom ARGS --output OUTPUT``."""
    command = [python, "-m", "sitroom", *args, "--output", str(output)]
    done = subprocess.run([sys.executable, "-c", _PROBE, str(limit), *command], capture_output=True, text=True, env=env, check=True)
    wall, rss, code, cpu = done.stdout.split()
    if code != "0":
        print(f"   {' '.join(args)}: exit {code}\n{done.stderr}", file=sys.stderr)
    ok = code == "0"
    return {"seconds": round(float(wall), 1) if ok else code, "cpu_seconds": round(float(cpu), 1) if ok else code, "peak_rss_mb": round(int(rss) / 1000, 1)}


def run_commands(
    db: Path, story: str, envs: dict[str, dict[str, str]], limit: float = LIMIT_SECONDS, *, commands: Sequence[str] | None = None, repeat: int = 1
) -> dict[str, dict[str, Any]]:
    """Each command (all of :data:`COMMANDS`, or ``commands``) run ``repeat`` times by each
    system of ``envs`` (name -> environment), the systems taking turns run by run so that a
    slow spell of the machine falls on all of them: the median wall and CPU seconds and the
    largest peak RSS of each."""
    out: dict[str, dict[str, Any]] = {name: {} for name in envs}
    with tempfile.TemporaryDirectory(prefix="sitroom-report-scale-") as tmp:
        for command in commands or list(COMMANDS):
            args = [a.format(story=story) for a in COMMANDS[command]] + ["--db", str(db)]
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in envs}
            for _ in range(repeat):
                for name, env in envs.items():
                    result = measure(sys.executable, env, args, Path(tmp) / f"{command}.out", limit)
                    runs[name].append(result)
                    print(f"   {db.name} {name} {command}: {result}", flush=True)
            for name, results in runs.items():
                for key in ("seconds", "cpu_seconds"):
                    values = [r[key] for r in results]
                    out[name][f"{command}_{key}"] = round(statistics.median(values), 1) if all(isinstance(v, float) for v in values) else next(v for v in values if not isinstance(v, float))
                out[name][f"{command}_peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return out


@contextmanager
def worktree(revision: str) -> Iterator[Path | None]:
    """A temporary git worktree of ``revision`` (None where git or the revision is missing)."""
    with tempfile.TemporaryDirectory(prefix="sitroom-before-") as tmp:
        path = Path(tmp) / "tree"
        made = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), revision], capture_output=True, text=True)
        if made.returncode:
            print(f"   no worktree of {revision}: {made.stderr.strip()}", file=sys.stderr)
            yield None
            return
        subprocess.run(["git", "-C", str(path), "checkout", BEFORE_TEMPLATES, "--", "src/sitroom/report/templates"], capture_output=True, check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], capture_output=True)


def _stores(stores: Path | None = None) -> Path:
    folder = stores or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitroom-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store_file(n: int, n_real: int, stores: Path | None = None) -> Path:
    digest = hashlib.sha256(f"{n_real}:{SEED}".encode()).hexdigest()[:8]
    return _stores(stores) / f"report-scale-{n}-{digest}.db"


def store_path(n: int, *, quick: bool = False, real: int | None = None, stores: Path | None = None) -> Path:
    """The store of ``n`` documents (replicas of ``real`` analysed articles), built now
    unless an earlier run left it in the cache (what ``bench/serve.py`` serves)."""
    from bench.linking import real_analyses

    n_real = real or (QUICK_REAL if quick else FULL_REAL)
    db = _store_file(n, n_real, stores)
    if not db.exists():
        build_store(db, real_analyses(n_real), n)
    return db


def run(
    *, quick: bool, sizes: Sequence[int] | None = None, real: int | None = None, before: str | None = BEFORE, stores: Path | None = None,
    limit: float = LIMIT_SECONDS, commands: Sequence[str] | None = None, repeat: int = 1,
) -> list[dict[str, Any]]:  # fmt: skip
    """Measure and write ``bench/results/report-scale-<N>[-quick].json`` per store size."""
    from bench.linking import real_analyses

    sizes = tuple(sizes or (QUICK_SIZES if quick else FULL_SIZES))
    n_real = real or (QUICK_REAL if quick else FULL_REAL)
    analyses: list[Any] | None = None
    results = []
    env = {**os.environ, "COLUMNS": "100"}
    with worktree(before) if before else nullcontext() as old:
        for n in sizes:
            db = _store_file(n, n_real, stores)
            build_seconds = None
            if not db.exists():
                analyses = analyses or real_analyses(n_real)
                build_seconds = build_store(db, analyses, n)
            story = largest_story(db)
            peer = f"sitroom {before} (before)"
            envs = {"sitroom": env} | ({peer: {**env, "PYTHONPATH": str(old / "src")}} if old is not None else {})
            measured = run_commands(db, story, envs, limit, commands=commands, repeat=repeat)
            ours = {"documents": n, **measured["sitroom"]}
            peers = {peer: {"documents": n, **measured[peer]}} if old is not None else {}
            command = f"python -m bench{' --quick' if quick else ''} reports"
            if sizes != (QUICK_SIZES if quick else FULL_SIZES) or real or commands or repeat != 1:
                command = (
                    f"python -m bench.reports{' --quick' if quick else ''} --documents {n} --real {n_real}"
                    + (f" --limit {limit:g}" if limit != LIMIT_SECONDS else "")
                    + (f" --commands {' '.join(commands)}" if commands else "")
                    + (f" --repeat {repeat}" if repeat != 1 else "")
                )  # fmt: skip
            runs = "One run of each command" if repeat == 1 else f"Each command run {repeat} times by each system, the systems taking turns run by run (medians),"
            notes = "\n".join([
                f"- {runs} in a fresh process, output to a file; `*_cpu_seconds`: the child's user + system time, "
                f"which a busy or shared machine disturbs less than the wall time; `*_peak_rss_mb`: the child's ru_maxrss. "
                f"`story_report`: `report --story` on the store's largest story. A command stopped after {limit:g} s reads `timeout`.",
                f"- The store: {n:,} replicas of {n_real:,} analysed Wikinews articles, built once by `store_batch` "
                + (f"({build_seconds:.0f} s this run)." if build_seconds else "(built by an earlier run, reused).")
                + f" Store file: {db.stat().st_size / 1e6:,.0f} MB.",
            ])  # fmt: skip
            task = f"{TASK}-{n}" + (f"-{'-'.join(commands)}" if commands else "")  # a subset is a table of its own
            dataset = f"{n:,} documents: replicas of {n_real:,} analysed Wikinews articles with their own text and appended synthetic text"
            results.append(write_result(task, dataset=dataset, command=command, metrics=ours, peers=peers, quick=quick, notes=notes))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, nargs="*", default=None, help="store sizes (default 10,000 and 100,000; quick 1,000)")
    parser.add_argument("--real", type=int, default=None, help=f"Wikinews articles analysed (default {FULL_REAL:,}; quick {QUICK_REAL:,})")
    parser.add_argument("--before", default=BEFORE, help="git revision of the peer run ('' for none)")
    parser.add_argument("--stores", type=Path, default=None, help="folder that keeps the built stores")
    parser.add_argument("--limit", type=float, default=LIMIT_SECONDS, help=f"seconds a command may run (default {LIMIT_SECONDS})")
    parser.add_argument("--commands", nargs="*", choices=list(COMMANDS), default=None, help="measure only these commands")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command by each system, taking turns (medians reported)")
    args = parser.parse_args(argv)
    runs = run(quick=args.quick, sizes=args.documents, real=args.real, before=args.before or None, stores=args.stores, limit=args.limit, commands=args.commands, repeat=args.repeat)
    for result in runs:
        print(result["task"], result["metrics"], result["peers"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
