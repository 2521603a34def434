"""One document's way through the stages, and the batch runner around it.

``process(raw)`` is a pure function of one raw document and the configuration:
clean -> spaCy -> extract -> :class:`Analysis`. It is what a worker process (and,
later, a Spark partition) runs. :func:`ingest` feeds sources through worker
processes in batches (``nlp.pipe`` inside each batch) and stores each batch in
one transaction, so one bad document never stops a batch and a killed run loses
at most the batch in flight.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from sitroom.clean import CleanError, clean
from sitroom.config import Config
from sitroom.extract.actors import find_mentions
from sitroom.extract.events import find_events
from sitroom.extract.figures import find_figures, situate
from sitroom.extract.quotes import find_quotes
from sitroom.extract.time import find_times
from sitroom.geo import geocode
from sitroom.link.entities import link_places
from sitroom.link.stories import EmbeddingError, embed_documents
from sitroom.model import Analysis, Document, Failure, RawDocument
from sitroom.nlp import Actors, shared_pipeline
from sitroom.store import Store

log = logging.getLogger(__name__)

Outcome = tuple[str, Analysis | Failure]
"""(raw hash, what became of the raw document)."""


def raw_hash(raw: RawDocument) -> str:
    """sha256 of the raw input (bytes as read; text encoded UTF-8), used to skip known inputs."""
    data = raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content
    return hashlib.sha256(data).hexdigest()


def analyse(document: Document, sdoc: Doc, actors: Actors) -> Analysis:
    """All facts of one cleaned, parsed document."""
    doc_id = document.id
    entities, mentions = find_mentions(sdoc, doc_id, actors)
    times = find_times(sdoc, doc_id, document.published)
    quotes = find_quotes(sdoc, doc_id, actors)
    unclosed = sum(1 for q in quotes if q.direct and q.verbatim is False)
    if unclosed:
        document = replace(
            document,
            warnings=(*document.warnings, f"{unclosed} quotation(s) never close: each runs to the end of its paragraph (verbatim=false)"),
        )
    places = geocode(doc_id, document.text, mentions)
    entities, mentions = link_places(entities, mentions, places)
    figures = situate(find_figures(sdoc, doc_id, actors), mentions, times, document.text)
    events = find_events(sdoc, doc_id, actors, times, places, document.published, figures)
    return Analysis(
        document=document,
        entities=tuple(entities),
        mentions=tuple(mentions),
        times=tuple(times),
        quotes=tuple(quotes),
        figures=tuple(figures),
        events=tuple(events),
        places=tuple(places),
    )


def process(raw: RawDocument, *, config: Config | None = None) -> Analysis:
    """Clean, parse and extract one raw document.

    Raises:
        CleanError: no article text could be found (the message says why).
    """
    config = config or Config()
    nlp, actors = shared_pipeline(config)
    document = clean(raw, max_chars=config.max_chars)
    return with_embeddings([analyse(document, nlp(document.text), actors)], config)[0]


def with_embeddings(analyses: Sequence[Analysis], config: Config) -> list[Analysis]:
    """The analyses with their story vectors (one model call for all of them)."""
    vectors = embed_documents([a.document for a in analyses], config.embedding_model)
    return [replace(a, embedding=v) for a, v in zip(analyses, vectors, strict=True)]


def process_batch(raws: Sequence[RawDocument], config: Config) -> list[Outcome]:
    """Process a batch with one ``nlp.pipe`` call; each document's failure is its own.

    Any exception while cleaning, parsing or extracting one document becomes that
    document's :class:`Failure` (stage and reason); the rest of the batch goes on.
    """
    nlp, actors = shared_pipeline(config)
    keys = [raw_hash(raw) for raw in raws]
    outcomes: dict[int, Outcome] = {}

    def fail(i: int, reason: str, stage: str) -> None:
        outcomes[i] = (keys[i], Failure(raws[i].origin, reason, stage))

    cleaned: list[tuple[str, tuple[int, Document]]] = []
    for i, raw in enumerate(raws):
        try:
            document = clean(raw, max_chars=config.max_chars)
        except CleanError as exc:
            fail(i, str(exc), "clean")
        except Exception as exc:  # noqa: BLE001 - a parser bug on one page must not lose the batch
            log.warning("cleaning failed for %s", raw.origin.describe(), exc_info=True)
            fail(i, f"cleaning failed: {exc!r}", "clean")
        else:
            cleaned.append((document.text, (i, document)))
    try:
        parsed = list(nlp.pipe(cleaned, as_tuples=True, batch_size=config.batch_size))
    except Exception:  # noqa: BLE001 - one document broke the batch: parse one by one to isolate it
        log.warning("batch parse failed; retrying documents one by one", exc_info=True)
        parsed = []
        for text, context in cleaned:
            try:
                parsed.append((nlp(text), context))
            except Exception as exc:  # noqa: BLE001
                fail(context[0], f"parse failed: {exc!r}", "nlp")
    for sdoc, (i, document) in parsed:
        try:
            outcomes[i] = (keys[i], analyse(document, sdoc, actors))
        except Exception as exc:  # noqa: BLE001 - a rule bug must not lose the batch
            log.warning("extraction failed for %s", raws[i].origin.describe(), exc_info=True)
            fail(i, f"extraction failed: {exc!r}", "extract")
    done = [i for i in sorted(outcomes) if isinstance(outcomes[i][1], Analysis)]
    analyses = [outcomes[i][1] for i in done]
    try:
        embedded = with_embeddings(analyses, config)  # type: ignore[arg-type]
    except EmbeddingError:
        raise  # the model is missing: every document would fail the same way, so the run stops
    except Exception:  # noqa: BLE001 - stored without story vectors rather than lost
        log.warning("story embedding failed for a batch of %d documents; stored without vectors", len(done), exc_info=True)
        embedded = analyses  # type: ignore[assignment]
    for i, analysis in zip(done, embedded, strict=True):
        outcomes[i] = (keys[i], analysis)
    return [outcomes[i] for i in sorted(outcomes)]


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
        result = store.add_batch(done, failed)
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
            store_outcomes(process_batch(todo, config) if todo else [], failures)
        return summary

    context = multiprocessing.get_context("spawn")
    with context.Pool(n_workers) as pool:
        pending: deque[tuple[AsyncResult[list[Outcome]], list[Failure]]] = deque()
        for chunk in chunks:
            todo, failures = prefilter(chunk)
            pending.append((pool.apply_async(process_batch, (todo, config)), failures))
            while len(pending) > 2 * n_workers:
                result, fails = pending.popleft()
                store_outcomes(result.get(), fails)
        while pending:
            result, fails = pending.popleft()
            store_outcomes(result.get(), fails)
    return summary


def _summary_reason(reason: str) -> str:
    """A failure reason without its details, for grouping in the summary
    ("not valid JSON: Expecting value..." -> "not valid JSON")."""
    return reason.split(": ", 1)[0][:80]
