"""Task ``linking-scale``: what linking one more article costs as the store grows to 10,000
and 100,000 articles (stories, merged events, persons, acronyms and near-duplicates).

    python -m bench [--quick] linking
    python -m bench.linking [--quick] [--documents N] [--real R]

**Data.** ``R`` English Wikinews articles (``corpora_dir()/wikinews-en/wikinews-en.jsonl``,
CC BY 2.5; 1,000 full, 100 quick: every k-th of the corpus), analysed once by sitroom's
own pipeline (shared spaCy model, ``nlp.pipe``, :func:`sitroom.pipeline.analyse`, story
vectors from :func:`sitroom.pipeline.with_embeddings`): real mentions, persons, places,
events and vectors. The stream of ``N`` documents (100,000 full, 3,000 quick) takes them in
turn: replica ``r`` of an article is the same analysis under a new document id with its
publication and event dates moved ``r x REPLICA_DAYS`` days later, so a replica is a new
article about the same kind of happening in the same places with the same actors, beyond
the story window of the one before (the worst case for the indexes: every replica adds to
the same keys, the same type-and-place buckets and the same persons). Its text is a
distinct synthetic article of Wikinews sentences from the cost run of ``bench/dedupe.py``,
10 % of them syndicated copies of an earlier one, so that the near-duplicate linking works
as on a real feed (a replica's identical text would make every replica a copy).

**Measure.** Every document goes through :func:`sitroom.link.batch.store_batch` in batches
of 32 into a temporary SQLite file, as ``sitroom ingest`` stores them. The store's five
linking steps are wrapped and timed (CPU seconds): ``_link_persons``, ``_link_acronyms``,
``_link_duplicates``, ``_link_stories``, ``_link_events``. Reported: the time to link the
first 10,000 documents and all ``N``, the linking time per document in the first and the
last 1,000, and, per insert, the stories and merged events that the indexes returned as
candidates, against the stories and merged events in the store at the end (what a pass
over all of them, the O(N) peer, would compare with).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import write_result
from bench.dedupe import read_articles, synthetic_items
from bench.throughput import corpus_path, read_rows

TASK = "linking-scale"
FULL_DOCUMENTS = 100_000
QUICK_DOCUMENTS = 3_000
FULL_REAL = 1_000
QUICK_REAL = 100
REPLICA_DAYS = 40
"""Days between two replicas of one article: more than the 30-day story window."""
BATCH_SIZE = 32
CHECKPOINT = 10_000
WINDOW = 1_000
"""Documents in the first and last window whose per-document linking time is compared."""
STEPS = ("persons", "acronyms", "duplicates", "stories", "events")
SEED = 3


@dataclass
class Timings:
    """CPU seconds of each linking step, per batch, and candidates seen."""

    batches: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    story_candidates: int = 0
    story_inserts: int = 0
    merge_candidates: int = 0
    merge_inserts: int = 0


@contextmanager
def _timed(timings: Timings) -> Iterator[None]:
    """Wrap the linking steps of :mod:`sitroom.link.batch` and the two choosers (a benchmark-only patch, undone
    on exit) so that their CPU time and candidate counts land in ``timings``."""
    import sitroom.link.batch as batch_module
    from sitroom.link import events as merging, stories

    patched: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, wrapper: Callable[[Any], Any]) -> None:
        original = getattr(owner, name)
        patched.append((owner, name, original))
        setattr(owner, name, wrapper(original))

    def step(name: str) -> Callable[[Any], Any]:
        def wrap(original: Any) -> Any:
            def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.process_time()
                try:
                    return original(*args, **kwargs)
                finally:
                    timings.batches[name].append(time.process_time() - started)

            return timed

        return wrap

    def counting(kind: str) -> Callable[[Any], Any]:
        def wrap(original: Any) -> Any:
            def counted(item: Any, candidates: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
                if kind == "story":
                    timings.story_candidates += len(candidates)
                    timings.story_inserts += 1
                else:
                    timings.merge_candidates += len(candidates)
                    timings.merge_inserts += 1
                return original(item, candidates, *args, **kwargs)

            return counted

        return wrap

    for name in ("persons", "acronyms", "duplicates", "stories", "events"):
        patch(batch_module, f"_link_{name}", step(name))
    patch(stories, "best_story", counting("story"))
    patch(merging, "best_merge", counting("merge"))
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


# ----------------------------------------------------------------------------- documents


def real_analyses(n: int) -> list[Any]:
    """``n`` Wikinews articles spread over the corpus, analysed as the batch runner does."""
    from sitroom.config import Config
    from sitroom.model import DateValue, Document, Origin
    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import analyse, with_embeddings

    rows = [r for r in read_rows(corpus_path()) if r.get("date")]
    step = max(1, len(rows) // n)
    rows = rows[::step][:n]
    config = Config()
    nlp, actors = shared_pipeline(config)
    documents = []
    for row in rows:
        digest = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
        published = DateValue(row["date"], "day", "metadata", "corpus record")
        documents.append(Document(id=digest[:16], text=row["text"], content_hash=digest, origin=Origin(path=row["id"]), title=row.get("title"), published=published))
    analyses = [analyse(doc, sdoc, actors) for sdoc, doc in nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=config.batch_size)]
    return with_embeddings(analyses, config)


def _shift(value: str | None, days: int) -> str | None:
    """An ISO day moved ``days`` later; other values (months, weeks, None) as they are."""
    if value is None or len(value) != 10:
        return value
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return value


def _respan(fact: Any, doc_id: str, days: int) -> Any:
    """``fact`` with every span under ``doc_id`` and its event dates moved."""
    from sitroom.model import Event, Span

    changes: dict[str, Any] = {}
    for f in fields(fact):
        value = getattr(fact, f.name)
        if isinstance(value, Span):
            changes[f.name] = Span(doc_id, value.start, value.end)
    if isinstance(fact, Event):
        changes["date"], changes["date_end"] = _shift(fact.date, days), _shift(fact.date_end, days)
        if fact.fatalities_figure:
            changes["fatalities_figure"] = f"{doc_id}:{fact.fatalities_figure.rsplit(':', 1)[1]}"
    return replace(fact, **changes)


def replica(analysis: Any, number: int, text: str) -> Any:
    """Replica ``number`` of ``analysis``: the synthetic ``text``, a new id, dates moved."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_id, days = digest[:16], number * REPLICA_DAYS
    doc = analysis.document
    published = replace(doc.published, value=_shift(doc.published.value, days)) if doc.published else None
    document = replace(doc, id=doc_id, text=text, content_hash=digest, published=published, origin=replace(doc.origin, path=f"linking-{number}"))
    groups = {name: tuple(_respan(f, doc_id, days) for f in getattr(analysis, name)) for name in ("mentions", "times", "quotes", "figures", "events", "places")}
    return replace(analysis, document=document, **groups)


def stream(real: Sequence[Any], n: int) -> Iterator[Any]:
    """The ``n`` documents of the run, in storing order."""
    texts = synthetic_items(read_articles(corpus_path()), n, seed=SEED)
    for i, item in enumerate(texts):
        yield replica(real[i % len(real)], i // len(real), item.text)


# ----------------------------------------------------------------------------- the run


def link_run(real: Sequence[Any], n: int) -> dict[str, Any]:
    """Store the stream, timing the linking steps; returns the metrics."""
    from sitroom.link.batch import store_batch
    from sitroom.store import Store

    timings = Timings()
    batch: list[Any] = []
    sizes: list[int] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sitroom-linking-") as tmp:
        store = Store(Path(tmp) / "linking.db")
        try:
            with _timed(timings):
                for analysis in stream(real, n):
                    batch.append((analysis, analysis.document.content_hash))
                    if len(batch) == BATCH_SIZE:
                        store_batch(store, batch)
                        sizes.append(len(batch))
                        batch = []
                if batch:
                    store_batch(store, batch)
                    sizes.append(len(batch))
            wall = time.perf_counter() - started
            counts = {what: store.count(what) for what in ("documents", "stories", "merged_events", "entities")}
            copies = len(store.duplicates())
        finally:
            store.close()
    return metrics(timings, sizes, counts, copies, wall)


def metrics(timings: Timings, sizes: Sequence[int], counts: dict[str, int], copies: int, wall: float) -> dict[str, Any]:
    n = sum(sizes)
    ends = [sum(sizes[: i + 1]) for i in range(len(sizes))]
    upto = next((i + 1 for i, end in enumerate(ends) if end >= min(CHECKPOINT, n)), len(sizes))
    window = max(1, -(-min(WINDOW, n) // BATCH_SIZE))
    total = [sum(timings.batches[s][i] for s in STEPS) for i in range(len(sizes))]
    out: dict[str, Any] = {"documents": n}
    # to the millisecond: a step of a small run can take less than a twentieth of a second
    out[f"link_seconds_first_{min(CHECKPOINT, n)}"] = round(sum(total[:upto]), 3)
    out["link_seconds_all"] = round(sum(total), 3)
    for s in STEPS:
        out[f"{s}_seconds_all"] = round(sum(timings.batches[s]), 3)
    head = sum(total[:window]) / sum(sizes[:window])
    tail = sum(total[-window:]) / sum(sizes[-window:])
    out["link_ms_per_document_first_1000"] = round(1000 * head, 2)
    out["link_ms_per_document_last_1000"] = round(1000 * tail, 2)
    out["link_growth_last_vs_first"] = round(tail / head, 2) if head else None
    for s in ("stories", "events"):
        s_head = sum(timings.batches[s][:window]) / sum(sizes[:window])
        s_tail = sum(timings.batches[s][-window:]) / sum(sizes[-window:])
        out[f"{s}_ms_per_document_last_1000"] = round(1000 * s_tail, 2)
        out[f"{s}_growth_last_vs_first"] = round(s_tail / s_head, 2) if s_head else None
    out["story_candidates_per_insert"] = round(timings.story_candidates / max(1, timings.story_inserts), 1)
    out["stories_at_end"] = counts["stories"]
    out["merge_candidates_per_event"] = round(timings.merge_candidates / max(1, timings.merge_inserts), 1)
    out["merged_events_at_end"] = counts["merged_events"]
    out["events_linked"] = timings.merge_inserts
    out["entities_at_end"] = counts["entities"]
    out["near_duplicates"] = copies
    out["store_wall_seconds"] = round(wall, 1)
    return out


def run(*, quick: bool, documents: int | None = None, real: int | None = None) -> list[dict[str, Any]]:
    """Measure and write ``bench/results/linking-scale[-quick].json``."""
    n = documents or (QUICK_DOCUMENTS if quick else FULL_DOCUMENTS)
    n_real = real or (QUICK_REAL if quick else FULL_REAL)
    started = time.perf_counter()
    analyses = real_analyses(n_real)
    analyse_seconds = time.perf_counter() - started
    ours = link_run(analyses, n)
    events = sum(len(a.events) for a in analyses)
    command = "python -m bench --quick linking" if quick else "python -m bench linking"
    if documents or real:
        command = f"python -m bench.linking{' --quick' if quick else ''} --documents {n} --real {n_real}"
    dataset = f"{n:,} documents: replicas of {len(analyses):,} analysed Wikinews articles ({events:,} events) with synthetic texts"
    notes = "\n".join([
        f"- The {len(analyses):,} real articles were analysed once ({analyse_seconds:.0f} s, not counted); each replica moves "
        f"dates {REPLICA_DAYS} days on, so the stores' keys, places, actors and persons recur {n // max(1, len(analyses))} times: "
        "the per-key and per-place candidate lists are as full as they get.",
        "- `link_seconds_*`: CPU seconds in the five linking steps of `store_batch` (persons, acronyms, near-duplicates, "
        "stories, merged events) for the first 10,000 documents and for all of them; `*_ms_per_document_last_1000` and "
        "`*_growth_last_vs_first`: the per-document linking time of the last 1,000 documents and its ratio to the first "
        "1,000 (1 = flat; a pass over the store would grow with N). `story_candidates_per_insert` and "
        "`merge_candidates_per_event`: the stories and merged events the indexes returned per new document or event, "
        "against `stories_at_end` and `merged_events_at_end`, what comparing with every one would take (the O(N) peer, "
        "not run). `store_wall_seconds`: the whole run's wall time, storing the facts included.",
    ])  # fmt: skip
    return [write_result(TASK, dataset=dataset, command=command, metrics=ours, quick=quick, notes=notes)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linking", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=None, help=f"documents stored (default {FULL_DOCUMENTS:,}; quick {QUICK_DOCUMENTS:,})")
    parser.add_argument("--real", type=int, default=None, help=f"Wikinews articles analysed (default {FULL_REAL:,}; quick {QUICK_REAL:,})")
    args = parser.parse_args(argv)
    for result in run(quick=args.quick, documents=args.documents, real=args.real):
        print(result["metrics"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
