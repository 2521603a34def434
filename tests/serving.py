"""A real ``sitroom serve`` process on a free loopback port, for the tests that talk HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db: Path, *, workers: int = 1, timeout: float = 30) -> Iterator[str]:
    """Start ``sitroom serve`` on ``db`` and yield its base URL once /api/health answers;
    stop it on exit."""
    port = free_port()
    command = [sys.executable, "-m", "sitroom", "serve", "--db", str(db), "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={k: v for k, v in os.environ.items() if k != "SITROOM_DB"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    raise AssertionError(f"sitroom serve exited: {server.stderr.read().decode()}") from None
                if time.monotonic() > deadline:
                    raise AssertionError(f"sitroom serve did not answer in {timeout:g} s") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
