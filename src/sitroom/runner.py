"""The batch runner: raw documents in, stored analyses out, one transaction per batch.

:func:`ingest` reads sources in batches, skips every raw input the store already holds
(before any model is loaded: a re-ingest of stored input loads no spaCy), sends the rest
through :func:`sitroom.pipeline.process_batch` (in this process or in worker processes,
each loading the pipeline once) and stores each batch in one transaction, so one bad
document never stops a batch and a killed run loses at most the batch in flight. This
module imports neither spaCy nor the extractors; the pipeline is imported when the first
batch has work. Each batch is written and linked by :func:`sitroom.link.batch.store_batch`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING

from sitroom.config import Config
from sitroom.link.batch import store_batch
from sitroom.ids import raw_hash
from sitroom.model import Analysis, Failure, Outcome, RawDocument

if TYPE_CHECKING:
    from sitroom.store import Store

__all__ = ["IngestSummary", "ingest", "raw_hash"]

def _process_batch(raws: list[RawDocument], config: Config) -> list[Outcome]:
    from sitroom.pipeline import process_batch

    return process_batch(raws, config)


@dataclass
class IngestSummary:
    """What an ingest run did: counts and the reasons of failures."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        text = f"read {self.read}, stored {self.stored}, skipped as duplicate {self.duplicates}, failed {self.failed}"
        if self.reasons:
            text += " (" + "; ".join(f"{reason}: {n}" for reason, n in self.reasons.most_common()) + ")"
        return text


def _batched(items: Iterable[RawDocument | Failure], size: int) -> Iterator[list[RawDocument | Failure]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ingest(
    sources: Iterable[RawDocument | Failure],
    store: Store,
    *,
    config: Config,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Process ``sources`` and store the results, one transaction per batch.

    ``workers`` worker processes (default ``config.workers``, 0 = one per core) each
    load the pipeline once; with one worker everything runs in this process.
    """
    summary = IngestSummary()
    n_workers = workers if workers is not None else config.workers
    n_workers = n_workers or os.cpu_count() or 1
    seen: set[str] = set()

    def store_outcomes(outcomes: list[Outcome], failures: list[Failure]) -> None:
        done = [(a, h) for h, a in outcomes if isinstance(a, Analysis)]
        failed = failures + [f for _, f in outcomes if isinstance(f, Failure)]
        result = store_batch(store, done, failed)
        summary.stored += result.stored
        summary.duplicates += result.duplicates
        summary.failed += len(failed)
        summary.failures.extend(failed)
        summary.reasons.update(_summary_reason(f.reason) for f in failed)
        if on_progress:
            on_progress(len(outcomes) + len(failures))

    def prefilter(chunk: list[RawDocument | Failure]) -> tuple[list[RawDocument], list[Failure]]:
        failures = [c for c in chunk if isinstance(c, Failure)]
        raws = [c for c in chunk if isinstance(c, RawDocument)]
        summary.read += len(chunk)
        hashes = {id(r): raw_hash(r) for r in raws}
        known = store.known_raw_hashes(list(set(hashes.values())))
        todo = []
        for raw in raws:
            key = hashes[id(raw)]
            if key in known or key in seen:
                summary.duplicates += 1
                if on_progress:
                    on_progress(1)
                continue
            seen.add(key)
            todo.append(raw)
        return todo, failures

    chunks = _batched(sources, config.batch_size)
    if n_workers <= 1:
        for chunk in chunks:
            todo, failures = prefilter(chunk)
            store_outcomes(_process_batch(todo, config) if todo else [], failures)
        return summary

    pool: Pool | None = None  # started with the first batch that has work: a re-ingest starts none
    pending: deque[tuple[AsyncResult[list[Outcome]] | None, list[Failure]]] = deque()
    try:
        for chunk in chunks:
            todo, failures = prefilter(chunk)
            if todo and pool is None:
                pool = multiprocessing.get_context("spawn").Pool(n_workers, initializer=watch_parent, initargs=(os.getpid(),))
            pending.append((pool.apply_async(_process_batch, (todo, config)) if todo and pool is not None else None, failures))
            while len(pending) > 2 * n_workers:
                result, fails = pending.popleft()
                store_outcomes(result.get() if result is not None else [], fails)
        while pending:
            result, fails = pending.popleft()
            store_outcomes(result.get() if result is not None else [], fails)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return summary


PARENT_POLL_SECONDS = 1.0
"""How often a worker checks that the process that started it is alive."""


def watch_parent(parent_pid: int) -> None:
    """Worker initializer: the worker dies with the ingest that started it.

    A pool worker waits on a pipe whose write end it holds itself, so it never sees the
    parent go; killed with ``kill -9``, an ingest left its workers running (one still parsing
    10 s later). On Linux the kernel sends the worker SIGKILL when the parent dies
    (``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread polls the parent's pid and
    ends the worker within :data:`PARENT_POLL_SECONDS` once it is gone.
    """
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def poll() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=poll, name="sitroom-parent-watch", daemon=True).start()


def _summary_reason(reason: str) -> str:
    """A failure reason without its details, for grouping in the summary
    ("not valid JSON: Expecting value..." -> "not valid JSON")."""
    return reason.split(": ", 1)[0][:80]
