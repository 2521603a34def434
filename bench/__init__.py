"""sitroom's measuring instrument: accuracy on public gold data and throughput, peers side by side.

Run from the repository root: ``python -m bench [--quick] [TASK ...]`` (``make bench``,
``make bench-quick``). Each task writes ``bench/results/<task>.json``; ``BENCHMARKS.md``
is regenerated from all results by :mod:`bench.tables`.
"""
