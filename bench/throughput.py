"""Throughput at scale: sitroom stage by stage, end to end and with the batch runner,
against a plain trafilatura + full ``en_core_web_sm`` pipeline measured in the same run.

    python -m bench [--quick] throughput
    python -m bench.throughput [--articles N]        # the full run with N articles

The articles are the English Wikinews texts of ``corpora_dir()/wikinews-en/wikinews-en.jsonl``
replicated to N (10,000 full, 300 quick), each with its own copy number woven into the
first paragraph (so no copy is de-duplicated), and wrapped in an HTML page with navigation,
sidebar and footer modelled on ``examples/make_examples.py``: both pipelines start from the
same HTML. Each measurement runs in its own process (``--part``), so that its peak resident
memory is its own:

* ``sitroom``: one process, batches of ``Config().batch_size``: ``clean`` -> ``nlp.pipe``
  -> each extractor as :func:`sitroom.pipeline.analyse` runs them (mentions, times, quotes,
  places: geocoding and place entities, figures with their place and date, events) -> the
  batch's story vectors (the configured ``embedding_model``), each stage timed (on 1,000 articles spread over the N in the full run,
  150 of the 300 in the quick run);
  each part first runs one page untimed (warm-up), and model loading is timed apart;
* ``peer``: one process, ``trafilatura.extract(html)`` then ``nlp.pipe`` with every default
  component of the model sitroom resolves, on the same articles as ``sitroom`` (so that
  both warm their caches, the lemmatizer's for one, over the same pages);
* ``peer_numpy``: the same peer, its model loaded as sitroom loads its own by default
  (thinc's numpy ops without blis, numpy's BLAS at one thread), after ``peer``: what that
  one setting gives a bare parse;
* ``batch``: ``sitroom.runner.ingest`` into a temporary SQLite store with ``workers=2``
  on every article, then the 32 longest as one batch, then 1,000 pages with one worker and
  with two (full run only).

"Per core" rates divide by the CPU seconds (user + system) the work used, so that they hold
on a machine shared with other jobs; the batch runner's rate is also given per wall second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, corpora_dir, write_result
from examples.make_examples import html_page, paragraphs

TASK = "throughput"
FULL_ARTICLES = 10_000
QUICK_ARTICLES = 300
STAGE_SUBSET = 1_000  # sitroom's single-process, stage-by-stage part: articles in the full run
QUICK_STAGE_SUBSET = 150  # ... and in the quick run (so that quick fits in ~60 s on 2 cores)
BATCH_WORKERS = 2
SCALING_SUBSET = 1_000
"""Pages (spread evenly over the run's) ingested once with one worker and once with two, each
in a fresh process, for the runner's scaling ratio."""
EXTRACTORS = ("mentions", "times", "quotes", "places", "figures", "events")
"""The names of :data:`sitroom.pipeline.EXTRACTORS` (the stages timed one by one; a test
checks they agree) and of the fact kinds counted."""
SITROOM_STAGES = ("clean", "spacy", *EXTRACTORS, "embedding")
PEER = "trafilatura + en_core_web_sm (full)"
PEER_NUMPY = "trafilatura + en_core_web_sm (full, numpy BLAS)"
"""The same peer with its model loaded as sitroom loads it by default (``blas = "numpy"``:
thinc's numpy ops without blis, numpy's BLAS at one thread): what the peer would gain from
that one setting, so that the table shows what sitroom's own work costs apart from it."""
HISTORY = (
    "History (same bench, same machine): 2026-11-23, before the phrase-pattern ruler, the memoised attribute ruler and "
    "batches cut by characters: spaCy 0.872x the peer, end to end 0.460x, batch runner 11.7 articles/s with 2 workers, "
    "worker peak 1,822 MB, parent 471 MB. 2026-12-06, before the embedding ran in ONNX Runtime (int8 weights, one thread, "
    "no torch in the workers), parse groups of 40,000 characters instead of 100,000 and the memory a batch freed given back: "
    "embedding 55.5 ms per article, end to end 0.484x, batch runner 13.8 articles/s, worker peak 1,336 MB, parent 224 MB. "
    "2026-12-07, the first run after those changes, before the embedding's arena was shrunk after each batch: embedding 19.3 ms, "
    "end to end 0.631x, spaCy 0.988x, batch runner 15.8 articles/s (7.99 per core), worker peak 1,051 MB, steady 906 MB, "
    "the 32 longest 930 MB. "
    "2026-12-07, second run (arena shrunk), before the gazetteer was one memory-mapped file and before the peer ran on the "
    "same 1,000 pages as sitroom's stages (it ran all 10,000, its lemmatizer's cache warmer: 2.3 ms per article against 5.0 "
    "for sitroom's): places 4.8 ms, end to end 0.644x, spaCy 1.004x, batch runner 13.3 articles/s (beside the test suite; "
    "every rate of its first part, the peer's too, about 10 % lower than in the first run), worker peak 979 MB, steady "
    "688 MB, the 32 longest 930 MB. 2026-12-07, third run, before the attribute ruler replayed two-token matches in their "
    "context, the lemmatizer was memoised and language identification read 3,000 characters instead of 20,000: clean 9.0 ms, "
    "attribute_ruler 5.2, lemmatizer 4.5, spaCy 1.044x, end to end 0.679x, batch runner 16.2 articles/s (8.18 per core), "
    "worker peak 903 MB, steady 642 MB, the 32 longest 873 MB. A run with the ruler and lemmatizer changes, beside the test "
    "suite and four other sessions: attribute_ruler 1.8 ms, lemmatizer 0.6, spaCy 1.184x, end to end 0.720x (its wall rates, "
    "12.3 articles/s and a two-worker scaling ratio of 1.29, not comparable). 2026-12-07, the run published before this "
    "one (all-MiniLM-L6-v2 story vectors, int8 ONNX): clean 7.5 ms, extractors 16.1, embedding 19.2, spaCy 1.175x, end to "
    "end 0.708x, batch runner 17.0 articles/s (8.58 per core), worker peak 897 MB, steady 648 MB, the 32 longest 869 MB, "
    "two-worker scaling 1.81. Then, the same day: the lexical story vector alone (beside other work, so its wall rates are "
    "not comparable): embedding 0.6 ms, end to end 0.896x, worker peak 794 MB, steady 625 MB, the 32 longest 715 MB. Then "
    "with the cleaning changes and the first extractor changes (number windows, the root by equality, the entity table, "
    "memoised places and dates), before the lemma-array scans: clean 6.6 ms, extractors 15.8, end to end 0.900x, spaCy "
    "1.178x, batch runner 20.3 articles/s (10.25 per core), scaling 1.85, worker peak 802 MB, steady 623 MB, the 32 "
    "longest 735 MB. 2026-12-07, the run published before this one (the model on blis, spaCy's default): clean 5.8 ms, "
    "spaCy 60.8 (tok2vec 17.4, parser 9.2, NER 29.8), extractors 13.0, end to end 0.927x, spaCy 1.194x, batch runner "
    "19.9 articles/s (10.07 per core), scaling 1.88, worker peak 774 MB, steady 625 MB, the 32 longest 735 MB."
)


# ---------------------------------------------------------------- the articles


@dataclass(frozen=True, slots=True)
class Article:
    """One benchmark page: ``html`` built from a Wikinews article; ``words`` counts the
    whitespace-separated words of its body text (the same figure for both pipelines)."""

    html: str
    words: int


def corpus_path() -> Path:
    return corpora_dir() / "wikinews-en" / "wikinews-en.jsonl"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The corpus records that have body text, in file order."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if (row.get("text") or "").strip():
                    rows.append(row)
    return rows


def with_copy_number(text: str, number: int) -> str:
    """``text`` with the sentence "This is benchmark copy NUMBER." added to its first paragraph."""
    paras = paragraphs(text)
    if not paras:
        return f"This is benchmark copy {number}."
    first = paras[0]
    sep = " " if first.endswith((".", "!", "?", '"', "”", ")")) else ". "
    return "\n\n".join([f"{first}{sep}This is benchmark copy {number}.", *paras[1:]])


def make_articles(rows: Sequence[dict[str, Any]], n: int) -> list[Article]:
    """``n`` pages: the rows in order, replicated as often as needed; article ``i`` carries
    copy number ``i + 1`` in its text and ``?copy=i+1`` in its URL, so all ``n`` differ."""
    if not rows:
        raise ValueError("no articles to replicate")
    articles = []
    for i in range(n):
        row = rows[i % len(rows)]
        text = with_copy_number(row["text"], i + 1)
        url = f"{row.get('url') or 'https://en.wikinews.org/wiki/Article'}?copy={i + 1}"
        articles.append(Article(html_page({"title": row.get("title") or "", "date": row.get("date"), "url": url, "text": text}), len(text.split())))
    return articles


def subset(articles: Sequence[Article], size: int) -> list[Article]:
    """``size`` articles spread evenly over ``articles`` (every k-th), or all of them."""
    if size >= len(articles):
        return list(articles)
    step = len(articles) / size
    return [articles[int(i * step)] for i in range(size)]


# ---------------------------------------------------------------- arithmetic


def rates(articles: int, words: int, seconds: float, prefix: str = "") -> dict[str, float | None]:
    """``{prefix}articles_per_second`` and ``{prefix}words_per_second`` (None when no time passed)."""
    if seconds <= 0:
        return {f"{prefix}articles_per_second": None, f"{prefix}words_per_second": None}
    return {
        f"{prefix}articles_per_second": round(articles / seconds, 2),
        f"{prefix}words_per_second": round(words / seconds, 1),
    }


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """``ours / theirs`` rounded to 4 places; None when either is missing or ``theirs`` is 0."""
    if not ours or not theirs:
        return None
    return round(ours / theirs, 4)


def maxrss_mb(kilobytes: float) -> float:
    """``ru_maxrss`` (kilobytes on Linux) in MB (10^6 bytes)."""
    return round(kilobytes * 1024 / 1e6, 1)


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class StageTimer:
    """Accumulates CPU and wall seconds per stage name."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        c, w = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - c
            self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - w


def pipe_by_component(nlp: Any, texts: Sequence[str], batch_size: int, timer: StageTimer) -> list[Any]:
    """``nlp.pipe(texts)`` one component at a time (the same work, each component's batch
    whole), each timed as ``spacy:<name>`` and the tokenizer as ``spacy:tokenizer``."""
    with timer("spacy:tokenizer"):
        docs = [nlp.make_doc(text) for text in texts]
    for name, component in nlp.pipeline:
        with timer(f"spacy:{name}"):
            docs = list(component.pipe(docs, batch_size=batch_size)) if hasattr(component, "pipe") else [component(doc) for doc in docs]
    return docs


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------- the three measurements (one process each)


def measure_sitroom(articles: Sequence[Article]) -> dict[str, Any]:
    """clean -> spaCy -> each extractor (as :func:`sitroom.pipeline.analyse` runs them) -> the
    story embedding of the batch, in batches of ``Config().batch_size``, in this process."""
    from sitroom.clean import CleanError, clean
    from sitroom.config import Config
    from sitroom.embedding import embed_documents
    from sitroom.model import FACT_KINDS, Origin, RawDocument
    from sitroom.nlp import build_pipeline
    from sitroom.pipeline import analyse

    config = Config()
    started = time.perf_counter()
    nlp, actors = build_pipeline(config)
    embed_documents([], config.embedding_model, int8=config.embedding_int8)  # loads nothing for an empty list
    load = time.perf_counter() - started
    if articles:  # warm-up, untimed: one page through every stage (lazy imports, caches, the embedding model)
        warm = clean(RawDocument(articles[0].html.encode("utf-8"), "html", Origin(path="bench.html")), max_chars=config.max_chars)
        warm_doc = nlp(warm.text)
        analyse(warm, warm_doc, actors)
        embed_documents([warm], config.embedding_model, int8=config.embedding_int8)
    timer = StageTimer()
    failed = 0
    found = dict.fromkeys(EXTRACTORS, 0)
    words = 0
    for batch in _batches(articles, config.batch_size):
        docs = []
        with timer("clean"):
            for article in batch:
                raw = RawDocument(article.html.encode("utf-8"), "html", Origin(path="bench.html"))
                try:
                    docs.append((clean(raw, max_chars=config.max_chars), article.words))
                except CleanError:
                    failed += 1
        parsed = pipe_by_component(nlp, [d.text for d, _ in docs], config.batch_size, timer)
        for (document, n_words), sdoc in zip(docs, parsed, strict=True):
            words += n_words
            analysis = analyse(document, sdoc, actors, timer=timer)
            for kind in FACT_KINDS:
                found[kind.field] += len(analysis.facts(kind))
        with timer("embedding"):
            embed_documents([d for d, _ in docs], config.embedding_model, int8=config.embedding_int8)
    return {
        "model": nlp.meta.get("name"),
        "embedding_model": config.embedding_model,
        "blas": config.blas,
        "pipe_names": nlp.pipe_names,
        "articles": len(articles) - failed,
        "failed": failed,
        "words": words,
        "cpu": timer.cpu,
        "wall": timer.wall,
        "found": found,
        "model_load_seconds": load,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def peer_model_name() -> str:
    """The package sitroom resolves for ``Config().model`` (the fallback when it is missing)."""
    import spacy.util
    from sitroom.config import Config
    from sitroom.nlp import MODEL_FALLBACKS

    name = Config().model
    if spacy.util.is_package(name) or Path(name).exists():
        return name
    return MODEL_FALLBACKS.get(name, name)


def measure_peer(articles: Sequence[Article], *, numpy_blas: bool = False) -> dict[str, Any]:
    """``trafilatura.extract(html)`` on every page, then the full model via ``nlp.pipe``,
    batch by batch of ``Config().batch_size`` pages as sitroom does; nothing is kept.
    ``numpy_blas``: the model loaded under numpy's ops without blis and numpy's BLAS held
    to one thread, as :func:`sitroom.nlp.build_pipeline` loads it by default."""
    import spacy
    import trafilatura
    from sitroom.config import Config

    name = peer_model_name()
    started = time.perf_counter()
    if numpy_blas:
        from thinc.api import use_ops
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name)
    else:
        nlp = spacy.load(name)
    load = time.perf_counter() - started
    if articles:  # warm-up, untimed, as for sitroom
        nlp(trafilatura.extract(articles[0].html) or "")
    timer = StageTimer()
    failed = 0
    words = 0
    entities = 0
    batch_size = Config().batch_size
    for chunk in _batches(articles, batch_size):
        texts = []
        with timer("clean"):
            for article in chunk:
                text = trafilatura.extract(article.html)
                if text:
                    texts.append(text)
                    words += article.words
                else:
                    failed += 1
        for doc in pipe_by_component(nlp, texts, batch_size, timer):
            entities += len(doc.ents)
    return {
        "model": name,
        "pipe_names": nlp.pipe_names,
        "disabled": list(nlp.disabled),
        "articles": len(articles) - failed,
        "failed": failed,
        "words": words,
        "cpu": timer.cpu,
        "wall": timer.wall,
        "found": {"entities": entities},
        "model_load_seconds": load,
        "reference_speed": round(float(nlp.meta.get("performance", {}).get("speed") or 0)) or None,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _children_rss_mb() -> list[float]:
    """Resident memory (MB) of this process's worker processes (multiprocessing's spawned
    children, not its resource tracker), from ``/proc`` (Linux; else none)."""
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == me and b"spawn_main" in (stat.parent / "cmdline").read_bytes():  # fields[1]: the parent's pid
                pages = int((stat.parent / "statm").read_text().split()[1])
                found.append(pages * os.sysconf("SC_PAGE_SIZE") / 1e6)
        except (OSError, IndexError, ValueError):
            continue
    return found


class RssSampler:
    """Samples the children's resident memory every ``interval`` seconds in a thread."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.extend(_children_rss_mb())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def steady_mb(self) -> float | None:
        """The median of the samples of the run's second half (the workers warm and loaded)."""
        late = self.samples[len(self.samples) // 2 :]
        return round(statistics.median(late), 1) if late else None


def measure_batch(articles: Sequence[Article], workers: int = BATCH_WORKERS) -> dict[str, Any]:
    """``sitroom.runner.ingest`` into a temporary SQLite store with ``workers`` processes."""
    from sitroom.config import Config
    from sitroom.model import Origin, RawDocument
    from sitroom.runner import ingest
    from sitroom.store import Store

    sources = [RawDocument(a.html.encode("utf-8"), "html", Origin(path=f"bench-{i}.html")) for i, a in enumerate(articles)]
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        store = Store(Path(tmp) / "bench.db")
        try:
            cpu_self, cpu_children = cpu_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            with RssSampler() as sampler:
                summary = ingest(sources, store, config=Config(), workers=workers)
            wall = time.perf_counter() - started
            cpu = cpu_seconds() - cpu_self + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_children
        finally:
            store.close()
    return {
        "articles": len(articles),
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "failed": summary.failed,
        "words": sum(a.words for a in articles),  # a failed page's words count too: the runner read it
        "workers": workers,
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "worker_rss_steady_mb": sampler.steady_mb(),
    }


LONGEST = 32
"""The longest articles ingested as one batch by :func:`measure_longest`."""


def measure_longest(articles: Sequence[Article]) -> dict[str, Any]:
    """The :data:`LONGEST` longest of ``articles`` (by words; one copy each) ingested as one
    batch by the batch runner with two workers: the memory of a batch of long articles
    (one worker parses it; the other only loads the models)."""
    seen: set[int] = set()
    longest: list[Article] = []
    for article in sorted(articles, key=lambda a: a.words, reverse=True):
        if article.words not in seen:  # the copies of one article have its length
            seen.add(article.words)
            longest.append(article)
        if len(longest) == LONGEST:
            break
    return measure_batch(longest) | {"characters": sum(len(a.html) for a in longest)}


def measure_one_worker(articles: Sequence[Article]) -> dict[str, Any]:
    """The batch runner with workers=1: it processes in its own process (no pool), as a user
    who asks for one worker gets it."""
    return measure_batch(articles, workers=1)


PEER_PARTS = {PEER: "peer", PEER_NUMPY: "peer_numpy"}
"""Each peer's row name and its part."""

PARTS: dict[str, Callable[[Sequence[Article]], dict[str, Any]]] = {
    "sitroom": measure_sitroom,
    "peer": measure_peer,
    "peer_numpy": lambda articles: measure_peer(articles, numpy_blas=True),
    "batch": measure_batch,
    "longest": measure_longest,
    "scaling_1": measure_one_worker,
    "scaling_2": measure_batch,
}


# ---------------------------------------------------------------- orchestration


def _start(part: str, n: int, size: int, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bench.throughput", "--part", part, "--articles", str(n), "--subset", str(size), "--out", str(out)]
    return subprocess.Popen(command, cwd=ROOT)


def _wait(process: subprocess.Popen[bytes], out: Path, part: str) -> dict[str, Any]:
    if process.wait() != 0 or not out.exists():
        raise RuntimeError(f"throughput part {part!r} failed (exit code {process.returncode})")
    return json.loads(out.read_text(encoding="utf-8"))


def measure(n: int, stage_subset: int, *, batch: bool) -> dict[str, dict[str, Any]]:
    """Run the parts in their own processes: sitroom (stage by stage, on ``stage_subset``
    articles) beside the peer and then the peer with numpy's BLAS (the same articles), then,
    alone on the machine, the batch runner."""
    with tempfile.TemporaryDirectory(prefix="sitroom-throughput-") as tmp:
        outs = {part: Path(tmp) / f"{part}.json" for part in PARTS}
        ours = _start("sitroom", n, stage_subset, outs["sitroom"])
        results = {"peer": _wait(_start("peer", n, stage_subset, outs["peer"]), outs["peer"], "peer")}
        results["peer_numpy"] = _wait(_start("peer_numpy", n, stage_subset, outs["peer_numpy"]), outs["peer_numpy"], "peer_numpy")
        results["sitroom"] = _wait(ours, outs["sitroom"], "sitroom")
        if batch:
            results["batch"] = _wait(_start("batch", n, n, outs["batch"]), outs["batch"], "batch")
            results["longest"] = _wait(_start("longest", n, n, outs["longest"]), outs["longest"], "longest")
            for part in ("scaling_1", "scaling_2"):
                results[part] = _wait(_start(part, n, min(SCALING_SUBSET, n), outs[part]), outs[part], part)
    return results


def _with_spacy_total(cpu: dict[str, float]) -> dict[str, float]:
    """``cpu`` with its ``spacy:<component>`` parts summed into one ``spacy`` stage."""
    parts = [v for k, v in cpu.items() if k.startswith("spacy:")]
    if not parts:
        return cpu
    return {**{k: v for k, v in cpu.items() if not k.startswith("spacy:")}, "spacy": sum(parts)}


def stage_table(results: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """CPU milliseconds per article of each stage and each spaCy component, sitroom's and
    each peer's by its name (the table of the issue that asked for parity), and their totals."""

    def per_article(part: dict[str, Any]) -> dict[str, Any]:
        n = max(part["articles"], 1)
        cpu = {k: v for k, v in part["cpu"].items() if k != "spacy"}
        out = {f"{k.replace('spacy:', 'spacy_').replace(':', '_')}_ms": round(v / n * 1000, 1) for k, v in cpu.items()}
        out["spacy_total_ms"] = round(sum(v for k, v in cpu.items() if k.startswith("spacy:")) / n * 1000, 1)
        out["total_ms"] = round(sum(cpu.values()) / n * 1000, 1)
        return out

    return per_article(results["sitroom"]), {name: per_article(results[part]) for name, part in PEER_PARTS.items() if part in results}


def metrics_from(results: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(sitroom's metrics, the peer's metrics) from the parts' raw measurements."""
    s, p = results["sitroom"], results["peer"]
    s = {**s, "cpu": _with_spacy_total(s["cpu"])}
    ours: dict[str, Any] = {}
    for stage in SITROOM_STAGES:
        ours.update(rates(s["articles"], s["words"], s["cpu"].get(stage, 0.0), f"{stage}_"))
    ours.update(rates(s["articles"], s["words"], sum(s["cpu"].values()), "end_to_end_"))
    batch = results.get("batch")
    if batch:
        ours.update(rates(batch["articles"], batch["words"], batch["wall_seconds"], f"batch_{batch['workers']}_workers_"))
        ours.update(rates(batch["articles"], batch["words"], batch["cpu_seconds"], "batch_per_core_"))
    theirs = peer_metrics(p)
    ours["end_to_end_speed_ratio_to_peer"] = ratio(ours["end_to_end_words_per_second"], theirs["end_to_end_words_per_second"])
    ours["spacy_speed_ratio_to_peer"] = ratio(ours["spacy_words_per_second"], theirs["spacy_words_per_second"])
    if "peer_numpy" in results:
        numpy_peer = peer_metrics(results["peer_numpy"])
        ours["end_to_end_speed_ratio_to_peer_numpy_blas"] = ratio(ours["end_to_end_words_per_second"], numpy_peer["end_to_end_words_per_second"])
        ours["spacy_speed_ratio_to_peer_numpy_blas"] = ratio(ours["spacy_words_per_second"], numpy_peer["spacy_words_per_second"])
    ours["peak_rss_mb"] = maxrss_mb(s["maxrss_kb"])
    if batch:
        ours["batch_peak_rss_parent_mb"] = maxrss_mb(batch["maxrss_kb"])
        ours["batch_peak_rss_worker_mb"] = maxrss_mb(batch["children_maxrss_kb"])
        ours["batch_steady_rss_worker_mb"] = batch.get("worker_rss_steady_mb")
    longest = results.get("longest")
    if longest:
        ours[f"longest_{longest['articles']}_peak_rss_worker_mb"] = maxrss_mb(longest["children_maxrss_kb"])
        ours[f"longest_{longest['articles']}_seconds"] = round(longest["wall_seconds"], 1)
    one, two = results.get("scaling_1"), results.get("scaling_2")
    if one and two:
        rate_one, rate_two = one["articles"] / one["wall_seconds"], two["articles"] / two["wall_seconds"]
        ours["scaling_1_worker_articles_per_second"] = round(rate_one, 2)
        ours["scaling_2_workers_articles_per_second"] = round(rate_two, 2)
        ours["scaling_2_workers_ratio"] = round(rate_two / rate_one, 3)
    ours["model_load_seconds"] = round(s["model_load_seconds"], 2)
    return ours, theirs


def peer_metrics(part: dict[str, Any]) -> dict[str, Any]:
    """A peer part's rates (cleaning, spaCy, end to end), peak memory and model load time."""
    p = {**part, "cpu": _with_spacy_total(part["cpu"])}
    theirs: dict[str, Any] = {}
    for stage in ("clean", "spacy"):
        theirs.update(rates(p["articles"], p["words"], p["cpu"].get(stage, 0.0), f"{stage}_"))
    theirs.update(rates(p["articles"], p["words"], sum(p["cpu"].values()), "end_to_end_"))
    theirs["peak_rss_mb"] = maxrss_mb(p["maxrss_kb"])
    theirs["model_load_seconds"] = round(p["model_load_seconds"], 2)
    return theirs


def notes_for(results: dict[str, dict[str, Any]], n: int) -> str:
    s, p = results["sitroom"], results["peer"]
    batch = results.get("batch")
    lines = [
        f"Articles: {n:,} HTML pages built from the English Wikinews corpus (`wikinews-en.jsonl`, CC BY 2.5), "
        "replicated with a copy number woven into the first paragraph and wrapped in navigation, sidebar and footer "
        "(as `examples/make_examples.py` does); words = whitespace-separated words of the article body given to both pipelines.",
        "Rates are **per core**: articles (words) divided by the CPU seconds (user + system) the stage used in one process; "
        f"per-stage and `end_to_end_*` (sum of the stages) come from {s['articles'] + s['failed']:,} articles spread evenly over the "
        f"{n:,} (one process, batches of 32 as the batch runner does; {s['failed']} failed to clean); model load and one untimed warm-up page excluded.",
    ]
    if batch:
        lines.append(
            f"`batch_{batch['workers']}_workers_*`: `sitroom.runner.ingest` of all {batch['articles']:,} pages into a temporary "
            f"SQLite store with workers={batch['workers']}, per wall second including worker start-up, model loads and storing "
            f"(stored {batch['stored']:,}, duplicates {batch['duplicates']}, failed {batch['failed']}); `batch_per_core_*` divides by "
            "the CPU seconds of the parent and its workers. `batch_peak_rss_worker_mb` is the largest worker's peak, "
            "`batch_steady_rss_worker_mb` the median of the workers' resident memory sampled every second over the run's second half."
        )
        longest = results.get("longest")
        if longest:
            lines.append(
                f"`longest_{longest['articles']}_*`: the {longest['articles']} longest distinct articles of the {n:,} "
                f"({longest['words']:,} words) ingested by the same runner as one batch (batch_size 32, workers=2: one parses it, "
                "the other only loads the models), its largest worker's peak RSS and the wall seconds. The runner cuts a batch's "
                "parse into groups of at most `pipeline.PARSE_BATCH_CHARS` characters, so that the model's activations follow "
                "the characters of a group, not the documents of a batch."
            )
        one, two = results.get("scaling_1"), results.get("scaling_2")
        if one and two:
            lines.append(
                f"`scaling_*`: the same {one['articles']:,} pages (spread evenly over the {n:,}) ingested by the runner with "
                "workers=1 (it processes in its own process) and with workers=2, each in a fresh process, per wall second "
                "including model loads; `scaling_2_workers_ratio` = the two-worker rate ÷ the one-worker rate (a 2-core machine)."
            )
    else:
        lines.append("Quick mode: no batch-runner run (two workers' start-up and model loads do not fit in 60 s).")
    disabled = f" (`{', '.join(p['disabled'])}` stays disabled, as `spacy.load` leaves it)" if p.get("disabled") else ""
    lines += [
        f"Peer, same run, one process: `trafilatura.extract(html)` (defaults) then `spacy.load('{p['model']}')` with every "
        f"default component ({', '.join(p['pipe_names'])}){disabled}, `nlp.pipe` with batch_size 32 like sitroom, so that speed and memory compare like for like (at spaCy's default, 1,000, a trial "
        f"quick run of the peer peaked at 1.6 GB), on the same "
        f"{p['articles'] + p['failed']:,} pages ({p['failed']} gave no text). Its `clean_*` is trafilatura, its `spacy_*` the model. "
        f"sitroom's spaCy stage is the same model, loaded with its configured `blas` (`{s.get('blas', '?')}`: by default "
        "thinc's numpy ops without blis, numpy's BLAS (OpenBLAS) held to one thread, the same analyses), plus `sitroom_paragraphs` "
        "and the actor `entity_ruler` (phrase patterns), its "
        f"`attribute_ruler` memoised (`nlp.CachedAttributeRuler`, same output) and its tokenizer bounded (`nlp.BoundedTokenizer`) "
        f"({', '.join(s['pipe_names'])}). Its story vector (`embedding`) is the configured one, `{s.get('embedding_model', '?')}`: "
        "by default the lexical vector (title and text words weighted by their rarity in wordfreq's English list, hashed; no "
        "model); all-MiniLM-L6-v2 in ONNX Runtime (int8, one thread) cost 19.2 ms per article in the run before. Its extractors "
        "memoise what repeats across articles (a place name's gazetteer candidates, a complete date's dateparser reading), so "
        "their cost per article falls as a stream goes on; the 1,000 pages are read in order after one warm-up page.",
        *(
            [
                f"`{PEER_NUMPY}`: the same peer process, its model loaded as sitroom loads its own (numpy's ops without blis, "
                "numpy's BLAS at one thread), run after the peer and beside sitroom's part on the same pages: what that one "
                "setting gives a bare parse. `*_speed_ratio_to_peer_numpy_blas` compares sitroom with it; the issue's target "
                "is against the peer as spaCy loads it."
            ]
            if "peer_numpy" in results
            else []
        ),
        "`*_speed_ratio_to_peer` = sitroom words/s ÷ peer words/s (per core). The sitroom and peer processes ran side by side "
        "(2 cores), the batch runner alone; CPU-time rates are robust to other load on a shared machine, the batch wall rate is not. "
        "Peak RSS = `resource.getrusage(...).ru_maxrss` of each process, in MB (10^6 bytes).",
        f"Reference: the model's own `meta.json` gives `performance.speed` = {p.get('reference_speed') or '–'} words/s "
        "(spaCy's evaluation when the package was built; hardware not stated). No published figure exists for sitroom.",
        HISTORY,
    ]
    return "\n".join(f"- {line}" for line in lines)


def run(*, quick: bool, articles: int | None = None) -> list[dict[str, Any]]:
    """Measure and write ``bench/results/throughput[-quick].json``."""
    n = articles or (QUICK_ARTICLES if quick else FULL_ARTICLES)
    stage_subset = min(QUICK_STAGE_SUBSET if quick else STAGE_SUBSET, n)
    rows = read_rows(corpus_path())  # raises DataMissing before any process starts
    del rows
    results = measure(n, stage_subset, batch=not quick)
    ours, theirs = metrics_from(results)
    peers = {PEER: theirs}
    if "peer_numpy" in results:
        peers[PEER_NUMPY] = peer_metrics(results["peer_numpy"])
    command = "python -m bench --quick throughput" if quick else "python -m bench throughput"
    if articles and not quick and articles != FULL_ARTICLES:
        command = f"python -m bench.throughput --articles {articles}"
    dataset = f"wikinews-en.jsonl replicated to {n:,} HTML pages (stages: {stage_subset:,} of them)"
    stages_ours, stages_theirs = stage_table(results)
    stage_notes = (
        "- CPU milliseconds per article of each stage, in the same processes as the `throughput` table: spaCy run one "
        "component at a time over each batch of 32 (`spacy_<component>_ms`; `spacy_tokenizer_ms` is `make_doc`), then "
        "sitroom's extractors and the story embedding. The peer's `clean_ms` is `trafilatura.extract`. "
        "`total_ms` is the sum of the row; the lower, the faster."
    )
    return [
        write_result(
            TASK,
            dataset=dataset,
            command=command,
            metrics=ours,
            peers=peers,
            quick=quick,
            notes=notes_for(results, n),
        ),
        write_result(
            f"{TASK}-stages",
            dataset=dataset,
            command=command,
            metrics=stages_ours,
            peers=stages_theirs,
            quick=quick,
            notes=stage_notes,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help=f"articles in the run (default {FULL_ARTICLES:,})")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)
    parser.add_argument("--subset", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:  # one measurement, in this process
        n = args.articles or FULL_ARTICLES
        articles = subset(make_articles(read_rows(corpus_path()), n), args.subset or n)
        result = PARTS[args.part](articles)
        text = json.dumps(result)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0
    for result in run(quick=args.quick, articles=args.articles):
        print(json.dumps({"metrics": result["metrics"], "peers": result["peers"]}, indent=2))
    return 0  # BENCHMARKS.md is rewritten by `python -m bench`, not here


if __name__ == "__main__":
    sys.exit(main())
