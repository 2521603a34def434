"""One document's way through the stages.

``process(raw)`` is a pure function of one raw document and the configuration:
clean -> spaCy -> extract -> :class:`Analysis`; ``process_batch`` does the same for a
batch with one ``nlp.pipe`` call. They are what a worker process (and, later, a Spark
partition) runs, and they import no store. The batch runner around them, which skips
stored inputs and writes each batch in one transaction, is :mod:`sitroom.runner`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

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
from sitroom.ids import raw_hash
from sitroom.model import Analysis, Document, Failure, Outcome, RawDocument
from sitroom.nlp import Actors, shared_pipeline

log = logging.getLogger(__name__)





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
