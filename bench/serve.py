"""Task ``serve-load``: ``sitroom serve`` under a steady load, against datasette on the same
store file.

    python -m bench [--quick] serve
    python -m bench.serve [--quick] [--documents N] [--rate R] [--seconds S]

**Data.** The 10,000-document store of ``bench/reports.py`` (replicated Wikinews analyses;
1,000 documents quick), built there or reused from its cache.

**Load.** An open-loop client (httpx, asyncio) sends ``R`` requests a second (200 full, 50
quick) for ``S`` seconds (60 full, 10 quick) on loopback, cycling through the main reads:
events (all, one country, one type), figures of one kind, documents matching a word,
merged events, quotes, stories. Each request is due at a fixed time; its latency runs from
that time to the end of the response, so a server that falls behind is charged for the wait
(no coordinated omission). Reported: requests sent, errors (a transport error or a status
other than 200), achieved rate, p50, p90 and p99 latency in ms.

**Peer.** datasette (``datasette serve`` of the same SQLite file with the metadata of
``sitroom datasette-metadata``) under the same load, asked the same things through its
JSON API (``/db/events.json?country=IQ&_size=50``, ``_search=`` for the text query). One
server process each, one after the other; the client shares the machine with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import write_result

TASK = "serve-load"
FULL = {"documents": 10_000, "rate": 200, "seconds": 60}
QUICK = {"documents": 1_000, "rate": 50, "seconds": 10}
PAGE = 50
IN_FLIGHT = 32
"""Requests the client has open at once (see :func:`_load`)."""

SITROOM_PATHS = [
    f"/api/events?limit={PAGE}",
    f"/api/events?country=IQ&limit={PAGE}",
    f"/api/events?event_type=Battles&limit={PAGE}",
    f"/api/figures?figure_kind=killed&limit={PAGE}",
    "/api/documents?q=Baghdad&limit=20",
    f"/api/merged-events?limit={PAGE}",
    f"/api/quotes?limit={PAGE}",
    f"/api/stories?limit={PAGE}",
]
_LEAN = "_nocount=1&_nofacet=1"
"""datasette computes a total count and facet suggestions unless told not to; sitroom's pages
have neither, so the peer is asked without them."""
DATASETTE_PATHS = [
    f"/{{db}}/events.json?_size={PAGE}&{_LEAN}",
    f"/{{db}}/events.json?country=IQ&_size={PAGE}&{_LEAN}",
    f"/{{db}}/events.json?type=Battles&_size={PAGE}&{_LEAN}",
    f"/{{db}}/figures.json?kind=killed&_size={PAGE}&{_LEAN}",
    f"/{{db}}/documents.json?_search=Baghdad&_size=20&{_LEAN}",
    f"/{{db}}/merged_events.json?_size={PAGE}&{_LEAN}",
    f"/{{db}}/quotes.json?_size={PAGE}&{_LEAN}",
    f"/{{db}}/stories.json?_size={PAGE}&{_LEAN}",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer at {url}") from None
            time.sleep(0.2)


async def _load(base: str, paths: Sequence[str], rate: float, seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    n = int(rate * seconds)
    # At most IN_FLIGHT requests at once, each on a connection of its own: httpcore's pool
    # scans its queue for every request, so a queue of thousands (a server or client that
    # falls behind) makes the client itself the bottleneck. A request that waits for a free
    # slot still counts its latency from the time it was due.
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    slots = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.5

        async def one(i: int) -> None:
            nonlocal errors
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            async with slots:
                try:
                    response = await client.get(paths[i % len(paths)])
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
            latencies.append((loop.time() - due) * 1000)
            errors += 0 if ok else 1

        await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = loop.time() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "requests": n, "errors": errors, "achieved_rps": round(n / elapsed, 1),
        "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(latencies), 1),
    }  # fmt: skip


def _serve(command: list[str], health: str, paths: Sequence[str], rate: float, seconds: float, port: int) -> dict[str, Any]:
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(f"http://127.0.0.1:{port}{health}", server)
        for path in paths:  # warm: every query once, and each path must answer
            import httpx

            response = httpx.get(f"http://127.0.0.1:{port}{path}", timeout=60)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
        return asyncio.run(_load(f"http://127.0.0.1:{port}", paths, rate, seconds))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def run(*, quick: bool, documents: int | None = None, rate: float | None = None, seconds: float | None = None) -> list[dict[str, Any]]:
    from bench import reports

    settings = dict(QUICK if quick else FULL)
    settings.update({k: v for k, v in {"documents": documents, "rate": rate, "seconds": seconds}.items() if v})
    n, rate_, seconds_ = int(settings["documents"]), float(settings["rate"]), float(settings["seconds"])
    db = reports.store_path(n, quick=quick)
    sitroom = Path(sys.executable).with_name("sitroom")
    port = _free_port()
    ours = _serve([str(sitroom), "serve", "--db", str(db), "--port", str(port)], "/api/health", SITROOM_PATHS, rate_, seconds_, port)
    port = _free_port()
    two = _serve([str(sitroom), "serve", "--db", str(db), "--port", str(port), "--workers", "2"], "/api/health", SITROOM_PATHS, rate_, seconds_, port)
    with tempfile.TemporaryDirectory() as folder:
        meta = Path(folder) / "meta.json"
        meta.write_text(subprocess.run([str(sitroom), "datasette-metadata", "--db", str(db)], capture_output=True, text=True, check=True).stdout)
        port = _free_port()
        name = db.stem
        paths = [p.format(db=name) for p in DATASETTE_PATHS]
        datasette = Path(sys.executable).with_name("datasette")
        peer = _serve([str(datasette), "serve", "-i", str(db), "-m", str(meta), "--port", str(port)], f"/{name}.json", paths, rate_, seconds_, port)
    command = f"python -m bench{' --quick' if quick else ''} serve"
    if documents or rate or seconds:
        command = f"python -m bench.serve{' --quick' if quick else ''} --documents {n} --rate {rate_:g} --seconds {seconds_:g}"
    notes = "\n".join([
        f"- {rate_:g} requests a second for {seconds_:g} s, open loop, cycling through {len(SITROOM_PATHS)} reads (events: all, Iraq, "
        "Battles; figures: killed; documents matching 'Baghdad'; merged events; quotes; stories), pages of 50 (20 for the text search). "
        f"Latency runs from the time each request was due, so waiting for a busy server counts (the client keeps at most {IN_FLIGHT} "
        "requests open, each on its own connection; one that waits for a slot is charged the wait).",
        "- One server process each (uvicorn, with httptools and uvloop, for sitroom; datasette's own; the `--workers 2` row runs two sitroom processes), the load client on the same 2-core machine. datasette is asked the "
        "same questions through its table JSON API (`?country=IQ&_size=50`, `?_search=`) without the total count and facet "
        "suggestions it adds by default (`_nocount=1&_nofacet=1`: sitroom's pages have neither), immutable mode (`-i`).",
        "- Targets (issue 18): p99 under 100 ms and no errors at 200 requests a second.",
    ])  # fmt: skip
    dataset = f"the report-scale store of {n:,} documents (replicated Wikinews analyses)"
    return [write_result(TASK, dataset=dataset, command=command, metrics={"documents": n, **ours}, peers={"sitroom serve --workers 2": {"documents": n, **two}, "datasette 0.65 (same store file)": {"documents": n, **peer}}, quick=quick, notes=notes)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=None)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args(argv)
    for result in run(quick=args.quick, documents=args.documents, rate=args.rate, seconds=args.seconds):
        print(json.dumps(result["metrics"]), json.dumps(result["peers"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
