"""Throughput of the pipeline, stage by stage, on English Wikinews articles.

    python bench/throughput.py [--n 300] [--corpus PATH]

Reads the first N articles of `wikinews-en.jsonl` (from $SITROOM_CORPORA or
../shared/corpora; exits non-zero with a message when absent), runs clean, the spaCy
pipeline (one `nlp.pipe` call per batch) and each extractor in one process, and
writes `bench/results/throughput.json` with articles per second and each stage's share.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

from sitroom.clean import clean
from sitroom.config import Config
from sitroom.extract.actors import find_mentions
from sitroom.extract.events import find_events
from sitroom.extract.figures import find_figures
from sitroom.extract.quotes import find_quotes
from sitroom.extract.time import find_times
from sitroom.model import Origin, RawDocument
from sitroom.nlp import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path(os.environ.get("SITROOM_CORPORA", ROOT.parent / "shared" / "corpora")) / "wikinews-en" / "wikinews-en.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (set SITROOM_CORPORA)", file=sys.stderr)
        return 2
    rows = []
    with args.corpus.open(encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) == args.n:
                break
    raws = [RawDocument(r["text"], "text", Origin(path=str(args.corpus), record=i + 1), hints={"title": r["title"], "date": r.get("date") or ""}) for i, r in enumerate(rows)]
    config = Config()
    t0 = time.perf_counter()
    nlp, actors = build_pipeline(config)
    load = time.perf_counter() - t0
    timings = dict.fromkeys(["clean", "nlp", "mentions", "times", "quotes", "figures", "events"], 0.0)

    t = time.perf_counter()
    docs = [clean(raw, max_chars=config.max_chars) for raw in raws]
    timings["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=config.batch_size))
    timings["nlp"] = time.perf_counter() - t
    counts = dict.fromkeys(["quotes", "figures", "events", "times", "mentions"], 0)
    for doc, sdoc in zip(docs, parsed):
        t = time.perf_counter(); _, mentions = find_mentions(sdoc, doc.id, actors); timings["mentions"] += time.perf_counter() - t
        t = time.perf_counter(); times = find_times(sdoc, doc.id, doc.published); timings["times"] += time.perf_counter() - t
        t = time.perf_counter(); quotes = find_quotes(sdoc, doc.id, actors); timings["quotes"] += time.perf_counter() - t
        t = time.perf_counter(); figures = find_figures(sdoc, doc.id, actors); timings["figures"] += time.perf_counter() - t
        t = time.perf_counter(); events = find_events(sdoc, doc.id, actors, times); timings["events"] += time.perf_counter() - t
        for name, found in (("quotes", quotes), ("figures", figures), ("events", events), ("times", times), ("mentions", mentions)):
            counts[name] += len(found)
    total = sum(timings.values())
    words = sum(len(d.text.split()) for d in docs)
    metrics = {
        "articles": len(docs),
        "words_per_article": round(words / len(docs)),
        "articles_per_second": round(len(docs) / total, 2),
        "model_load_seconds": round(load, 2),
        **{f"share_{k}": round(v / total, 3) for k, v in timings.items()},
        **{f"{k}_found": v for k, v in counts.items()},
    }
    result = {
        "task": "throughput",
        "dataset": f"{args.corpus.name} (first {len(docs)} articles)",
        "command": f"python bench/throughput.py --n {args.n}",
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, 1 process",
        "metrics": metrics,
        "peers": {},
    }
    out = ROOT / "bench" / "results" / "throughput.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
