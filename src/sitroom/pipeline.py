"""One document's way through the stages.

``process(raw)`` is a pure function of one raw document and the configuration:
clean -> spaCy -> the extractors of :data:`EXTRACTORS` (mentions, times, quotes, places and
their GeoNames entities, figures, events) -> the story vector (:mod:`sitroom.embedding`) ->
:class:`Analysis`; ``process_batch`` does the same for a batch with ``nlp.pipe`` (in groups of :data:`PARSE_BATCH_CHARS`).
Everything per document happens here; what needs other documents (persons, acronyms,
near-duplicates, stories, merged events) is :mod:`sitroom.link`, run by the store's writer.
``process`` and ``process_batch`` are what a worker process (and, later, a Spark partition)
runs, and they import no store. The batch runner around them, which skips
stored inputs and writes each batch in one transaction, is :mod:`sitroom.runner`.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.clean import CleanError, clean
from sitroom.clean.document import cut_document
from sitroom.config import Config
from sitroom.embedding import EmbeddingError, embed_documents
from sitroom.limits import cpu_budget
from sitroom.errors import ExtractionTimeout, SitroomError
from sitroom.extract.actors import find_mentions
from sitroom.extract.events import find_events
from sitroom.extract.figures import find_figures, situate
from sitroom.extract.quotes import find_quotes
from sitroom.extract.time import find_times
from sitroom.geo import geocode
from sitroom.geo.entities import link_places
from sitroom.ids import raw_hash
from sitroom.model import FACT_KINDS, Analysis, Document, Entity, Failure, Mention, Outcome, Place, RawDocument
from sitroom.nlp import Actors, shared_pipeline

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Extractor:
    """One step of :func:`analyse`: ``run`` takes the slots it ``requires`` (in that order)
    and returns the values of those it ``assigns`` (in that order). A step may assign a slot
    an earlier one assigned (place linking rewrites the mentions); later steps read the
    newest value. spaCy's ``requires``/``assigns`` idea, checked when the module loads."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[..., tuple[Any, ...]]


INPUTS = ("sdoc", "document", "actors")
"""The slots every step may read: the parsed text, the clean document, the actor data."""


def _places(document: Document, entities: list[Entity], mentions: list[Mention]) -> tuple[list[Place], list[Entity], list[Mention]]:
    places = geocode(document.id, document.text, mentions)
    entities, mentions = link_places(entities, mentions, places)
    return places, entities, mentions


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("mentions", ("sdoc", "document", "actors"), ("entities", "mentions"), lambda sdoc, doc, actors: find_mentions(sdoc, doc.id, actors)),
    Extractor("times", ("sdoc", "document"), ("times",), lambda sdoc, doc: (find_times(sdoc, doc.id, doc.published),)),
    Extractor("quotes", ("sdoc", "document", "actors"), ("quotes",), lambda sdoc, doc, actors: (find_quotes(sdoc, doc.id, actors),)),
    Extractor("places", ("document", "entities", "mentions"), ("places", "entities", "mentions"), _places),
    Extractor(
        "figures", ("sdoc", "document", "actors", "mentions", "times"), ("figures",),
        lambda sdoc, doc, actors, mentions, times: (situate(find_figures(sdoc, doc.id, actors), mentions, times, doc.text),),
    ),
    Extractor(
        "events", ("sdoc", "document", "actors", "times", "places", "figures"), ("events",),
        lambda sdoc, doc, actors, times, places, figures: (find_events(sdoc, doc.id, actors, times, places, doc.published, figures, doc.title),),
    ),
)  # fmt: skip
"""The document stage, in order: what each step reads and writes."""


class RegistryError(SitroomError):
    """The extractor registry is inconsistent: a step reads a slot no earlier step writes, or
    a fact kind has no step."""


def check_registry(extractors: Sequence[Extractor], inputs: Sequence[str] = INPUTS) -> None:
    """Raise :class:`RegistryError` unless every step reads only inputs and slots an earlier
    step assigns, names are unique, and every fact kind of :data:`~sitroom.model.FACT_KINDS`
    (and ``entities``) is assigned."""
    available = set(inputs)
    names: set[str] = set()
    for step in extractors:
        if step.name in names:
            raise RegistryError(f"extractor {step.name!r} is registered twice")
        names.add(step.name)
        missing = [slot for slot in step.requires if slot not in available]
        if missing:
            raise RegistryError(f"extractor {step.name!r} requires {', '.join(missing)}, which no earlier extractor assigns")
        available.update(step.assigns)
    unassigned = [slot for slot in ("entities", *(k.field for k in FACT_KINDS)) if slot not in available]
    if unassigned:
        raise RegistryError(f"no extractor assigns {', '.join(unassigned)}")


check_registry(EXTRACTORS)


def analyse(document: Document, sdoc: Doc, actors: Actors, *, timer: Callable[[str], AbstractContextManager[Any]] | None = None) -> Analysis:
    """All facts of one cleaned, parsed document: the steps of :data:`EXTRACTORS` in order.
    ``timer(name)``, when given, wraps each step (what ``bench/throughput.py`` measures)."""
    slots: dict[str, Any] = {"sdoc": sdoc, "document": document, "actors": actors}
    for step in EXTRACTORS:
        with timer(step.name) if timer else nullcontext():
            values = step.run(*(slots[name] for name in step.requires))
        slots.update(zip(step.assigns, values, strict=True))
    unclosed = sum(1 for q in slots["quotes"] if q.direct and q.verbatim is False)
    if unclosed:
        document = replace(
            document,
            warnings=(*document.warnings, f"{unclosed} quotation(s) never close: each runs to the end of its paragraph (verbatim=false)"),
        )
    return Analysis(document=document, entities=tuple(slots["entities"]), **{kind.field: tuple(slots[kind.field]) for kind in FACT_KINDS})


def process(raw: RawDocument, *, config: Config | None = None) -> Analysis:
    """Clean, parse and extract one raw document.

    Raises:
        CleanError: no article text could be found (the message says why).
    """
    config = config or Config()
    nlp, actors = shared_pipeline(config)
    document = bounded(clean(raw, max_chars=config.max_chars), nlp, config.max_tokens)
    sdoc = nlp(document.text)
    try:
        with time_budget(config.max_seconds):
            analysis = analyse(document, sdoc, actors)
    except ExtractionTimeout:
        raise ExtractionTimeout(f"{raw.origin.describe()}: fact extraction took more than max_seconds={config.max_seconds} s") from None
    return with_embeddings([analysis], config)[0]


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`ExtractionTimeout` in the block once ``seconds`` of wall time have passed.

    A real-time interval timer (``SIGALRM``), so only in the main thread of a process with
    ``setitimer`` (the batch runner's workers, the CLI, ``process`` called from a script);
    elsewhere, and for ``seconds <= 0``, the block runs unbounded. A timer already running
    (a caller's own alarm) is restored afterwards with what was left of it.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise ExtractionTimeout(f"ran past its time budget of {seconds:g} s")

    started = time.monotonic()
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # and again each second, should a library swallow the first
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def bounded(document: Document, nlp: Language, max_tokens: int) -> Document:
    """``document`` cut before its token number ``max_tokens`` (at a paragraph, sentence or
    word boundary, with a warning), so that no document costs the model more than that.
    Only a text longer than ``max_tokens`` characters is tokenized to count."""
    if len(document.text) <= max_tokens:
        return document
    tokens = nlp.make_doc(document.text)
    if len(tokens) <= max_tokens:
        return document
    return cut_document(document, tokens[max_tokens].idx, why=f"more than max_tokens={max_tokens:,} tokens")


def with_embeddings(analyses: Sequence[Analysis], config: Config) -> list[Analysis]:
    """The analyses with their story vectors (one model call for all of them)."""
    vectors = embed_documents([a.document for a in analyses], config.embedding_model, int8=config.embedding_int8)
    return [replace(a, embedding=v) for a, v in zip(analyses, vectors, strict=True)]


T = TypeVar("T")

PARSE_BATCH_CHARS = 40_000
"""Characters of text one ``nlp.pipe`` batch holds at most. The model's activations grow
with the tokens of a batch, not its documents: the 32 longest Wikinews articles (1 MB of
text) in one batch peaked at 3.8 GB of resident memory, in batches cut at 100,000
characters at 0.99 GB, and took 54 s instead of 60. On 1,000 throughput pages in one
process (batches of 32, torch kept out) the peak was 1,141 MB at 100,000 characters,
941 MB at 40,000 and 912 MB at 25,000, at the same CPU time (114, 109 and 116 s)."""


def parse_groups(items: Sequence[tuple[str, T]], max_chars: int) -> Iterator[list[tuple[str, T]]]:
    """``items`` (text, context) in order, in groups of at most ``max_chars`` characters of
    text (a longer text is a group of its own)."""
    group: list[tuple[str, T]] = []
    size = 0
    for item in items:
        if group and size + len(item[0]) > max_chars:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[0])
    if group:
        yield group


def _failed(stage: str, exc: Exception, config: Config) -> str:
    """The reason of a document's failure; running out of memory names the worker budget."""
    if isinstance(exc, MemoryError):
        return f"{stage} ran out of memory (a worker may allocate max_worker_memory_mb={config.max_worker_memory_mb} MB beyond its models): {exc!r}"
    return f"{stage} failed: {exc!r}"


def process_batch(raws: Sequence[RawDocument], config: Config) -> list[Outcome]:
    """Process a batch with ``nlp.pipe`` (groups of at most :data:`PARSE_BATCH_CHARS` characters); each document's failure is its own.

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
            with cpu_budget(config.max_cpu_seconds):
                document = bounded(clean(raw, max_chars=config.max_chars), nlp, config.max_tokens)
        except CleanError as exc:
            fail(i, str(exc), "clean")
        except Exception as exc:  # noqa: BLE001 - a parser bug on one page must not lose the batch
            log.warning("cleaning failed for %s", raw.origin.describe(), exc_info=True)
            fail(i, _failed("cleaning", exc, config), "clean")
        else:
            cleaned.append((document.text, (i, document)))
    parsed: list[tuple[Doc, tuple[int, Document]]] = []
    for group in parse_groups(cleaned, PARSE_BATCH_CHARS):
        try:
            with cpu_budget(config.max_cpu_seconds * len(group)):
                parsed.extend(nlp.pipe(group, as_tuples=True, batch_size=len(group)))
        except Exception:  # noqa: BLE001 - one document broke the batch: parse one by one to isolate it
            log.warning("batch parse failed; retrying documents one by one", exc_info=True)
            done = {context[0] for _, context in parsed}
            for text, context in group:
                if context[0] in done:
                    continue
                try:
                    with cpu_budget(config.max_cpu_seconds):
                        parsed.append((nlp(text), context))
                except Exception as exc:  # noqa: BLE001
                    fail(context[0], _failed("parse", exc, config), "nlp")
    for sdoc, (i, document) in parsed:
        try:
            with time_budget(config.max_seconds), cpu_budget(config.max_cpu_seconds):
                outcomes[i] = (keys[i], analyse(document, sdoc, actors))
        except ExtractionTimeout:
            log.warning("extraction of %s ran past max_seconds=%s", raws[i].origin.describe(), config.max_seconds)
            fail(i, f"fact extraction took more than max_seconds={config.max_seconds} s", "extract")
        except Exception as exc:  # noqa: BLE001 - a rule bug must not lose the batch
            log.warning("extraction failed for %s", raws[i].origin.describe(), exc_info=True)
            fail(i, _failed("extraction", exc, config), "extract")
    done = [i for i in sorted(outcomes) if isinstance(outcomes[i][1], Analysis)]
    analyses = [outcomes[i][1] for i in done]
    try:
        with cpu_budget(config.max_cpu_seconds * len(analyses)):
            embedded = with_embeddings(analyses, config)  # type: ignore[arg-type]
    except EmbeddingError:
        raise  # the model is missing: every document would fail the same way, so the run stops
    except Exception:  # noqa: BLE001 - stored without story vectors rather than lost
        log.warning("story embedding failed for a batch of %d documents; stored without vectors", len(done), exc_info=True)
        embedded = analyses  # type: ignore[assignment]
    for i, analysis in zip(done, embedded, strict=True):
        outcomes[i] = (keys[i], analysis)
    return [outcomes[i] for i in sorted(outcomes)]
