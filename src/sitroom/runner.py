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
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from sitroom.config import Config
from sitroom.link.batch import store_batch
from sitroom.ids import raw_hash
from sitroom.model import Analysis, Failure, Origin, Outcome, RawDocument

if TYPE_CHECKING:
    from sitroom.store import Store

__all__ = ["IngestSummary", "ingest", "raw_hash"]

def _process_batch(raws: list[RawDocument], config: Config) -> list[Outcome]:
    """A worker's batch: :func:`sitroom.pipeline.process_batch`, then the memory its parse
    freed is given back (:func:`sitroom.limits.release_free_memory`)."""
    from sitroom.limits import release_free_memory
    from sitroom.pipeline import process_batch

    try:
        return process_batch(raws, config)
    finally:
        release_free_memory()


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

    pool = _Workers(n_workers, config)  # started with the first batch that has work: a re-ingest starts none
    pending: deque[_Task] = deque()

    def settle(task: _Task) -> None:
        try:
            outcomes = task.future.result() if task.future is not None else []
        except (BrokenProcessPool, MemoryError, CancelledError):
            # A worker died (stopped at its CPU budget, killed for memory, crashed): the
            # documents of every batch in flight come back here. Each batch is split and
            # processed again until the document that kills a worker is alone; only it fails.
            # (A MemoryError outside any one document, in a worker at its memory budget, is
            # read the same way; the batches the old pool had not started come back cancelled.)
            pool.replace(task.generation)
            if len(task.raws) == 1:
                store_outcomes([], [*task.failures, Failure(task.raws[0].origin, WORKER_DIED, "worker")])
                return
            half = len(task.raws) // 2
            pending.appendleft(pool.submit(task.raws[half:], []))
            pending.appendleft(pool.submit(task.raws[:half], task.failures))
            return
        store_outcomes(outcomes, task.failures)

    try:
        for chunk in chunks:
            todo, failures = prefilter(chunk)
            pending.append(pool.submit(todo, failures) if todo else _Task(None, 0, [], failures))
            while len(pending) > 2 * n_workers:
                settle(pending.popleft())
        while pending:
            settle(pending.popleft())
    except BaseException:
        pool.close(kill=True)  # interrupted, or an error every document would meet: stop the workers now
        raise
    pool.close()
    return summary


WORKER_DIED = (
    "the worker process died while processing it (stopped at the CPU budget max_cpu_seconds, "
    "killed for memory, or crashed); the rest of its batch was processed again"
)


@dataclass
class _Task:
    """A batch sent to the workers (``future`` None: nothing to process), with the read
    failures stored alongside it."""

    future: Future[list[Outcome]] | None
    generation: int
    raws: list[RawDocument]
    failures: list[Failure]


class _Workers:
    """A pool of worker processes, replaced with a fresh one when one of its workers dies
    (a broken :class:`ProcessPoolExecutor` refuses all work)."""

    def __init__(self, n: int, config: Config) -> None:
        self.n, self.config = n, config
        self.generation = 0
        self._executor: ProcessPoolExecutor | None = None
        self._torch_free: bool | None = None

    def submit(self, raws: list[RawDocument], failures: list[Failure]) -> _Task:
        if self._executor is None:
            if self._torch_free is None:
                from sitroom.embedding import workers_without_torch
                from sitroom.geo.gazetteer import ensure_cached

                config = self.config
                self._torch_free = workers_without_torch(config.embedding_model, int8=config.embedding_int8, spacy_model=config.model)
                ensure_cached()  # the workers map one gazetteer file rather than each building one
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.n, mp_context=context, initializer=start_worker, initargs=(os.getpid(), self.config, self._torch_free)
            )
        return _Task(self._executor.submit(_process_batch, raws, self.config), self.generation, raws, failures)

    def replace(self, generation: int) -> None:
        """Start a new pool if the one of ``generation`` is the current one (it broke)."""
        if generation == self.generation:
            self.close()
            self.generation += 1

    def close(self, *, kill: bool = False) -> None:
        """Shut the pool down once its running batches are done, or at once with ``kill``."""
        if self._executor is None:
            return
        processes = list(getattr(self._executor, "_processes", {}).values()) if kill else []
        self._executor.shutdown(wait=not kill, cancel_futures=True)
        for process in processes:  # the executor has no terminate(); its processes are multiprocessing ones
            process.terminate()
        for process in processes:
            process.join(5)
        self._executor = None


WARM_UP = RawDocument(
    "Rebels shelled the town of Goma on Monday, killing 4 people, the army said. \"We will respond,\" a spokesman said.",
    "text",
    Origin(path="<worker warm-up>"),
)


def start_worker(parent_pid: int, config: Config, torch_free: bool = False) -> None:
    """Worker initializer: die with the parent, load what a document needs (one invented
    sentence processed), then arm the CPU and memory budgets, so that loading the models
    counts against no document's budget. ``torch_free``: torch is kept out of the worker
    (:func:`sitroom.embedding.workers_without_torch`)."""
    watch_parent(parent_pid)
    if torch_free:
        import sys

        sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # import torch now raises ImportError: thinc goes without it
    try:
        from sitroom.pipeline import process_batch

        process_batch([WARM_UP], config)  # loads the model, gazetteer, date rules and embedder
    except Exception:  # noqa: BLE001 - the first batch meets the same error and reports it
        pass
    from sitroom.limits import arm

    arm(config.max_worker_memory_mb)


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
