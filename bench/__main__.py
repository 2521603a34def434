"""``python -m bench [--quick] [TASK ...]``: run benchmark tasks, then rewrite BENCHMARKS.md.

Without TASK, every task runs. ``--quick`` runs each task's subset (the whole quick set
runs in under 5 minutes on 2 cores), writes ``bench/results/<task>-quick.json`` and
leaves BENCHMARKS.md alone: its tables hold full runs only.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from bench.common import DataMissing

# task name -> module in bench/ with `run(*, quick: bool) -> list[dict]` (one result per task it scores)
MODULES = {
    "extraction": "bench.extraction",
    "boilerplate": "bench.boilerplate",
    "time": "bench.tempeval",
    "events": "bench.wikievents",
    "geocoding": "bench.geocoding",
    "devset": "bench.devset",
    "throughput": "bench.throughput",
    "dedupe": "bench.dedupe",
    "linking": "bench.linking",
    "timeline": "bench.timeline",
    "stories": "bench.ecbplus",
    "eventgold": "bench.eventgold",
    "tolls": "bench.tolls",
    "figuregold": "bench.figuregold",
    "polnear": "bench.polnear",
    "startup": "bench.startup",
    "reports": "bench.reports",
    "serve": "bench.serve",
    "adversarial": "bench.adversarial",
    "fuzz": "bench.fuzz",
    "crashsafety": "bench.crashsafety",
    "spark": "bench.spark",
    "concurrency": "bench.concurrency",
    "parent": "bench.parent",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run the quick subset (under 5 minutes)")
    parser.add_argument("tasks", nargs="*", metavar="TASK", help=f"some of: {', '.join(MODULES)}")
    args = parser.parse_args(argv)
    unknown = [t for t in args.tasks if t not in MODULES]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    chosen = args.tasks or list(MODULES)
    for task in chosen:
        started = time.perf_counter()
        print(f"== {task}{' (quick)' if args.quick else ''}", flush=True)
        try:
            module = importlib.import_module(MODULES[task])
            results = module.run(quick=args.quick)
        except DataMissing as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for result in results:
            print(f"   {result['task']}: {result['metrics']}")
        print(f"   ({time.perf_counter() - started:.0f} s)")
    if not args.quick:
        from bench.tables import write_benchmarks

        write_benchmarks()
    return 0


if __name__ == "__main__":
    sys.exit(main())
