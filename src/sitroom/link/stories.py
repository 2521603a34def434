"""Stories: articles about the same happening clustered together, incrementally, with
stable ids.

An article joins the story it is most like, or starts a new one. "Like" combines what
the article says (its story vector: the rarity-weighted words of its title and text, or a
sentence embedding of its title and lead) with who and where it is about (the canonical
actors, persons and specific places it names) and when (its date):

* **Vector** (:mod:`sitroom.embedding`, computed with the document's other facts, not
  here): ``cosine`` is the article's mean cosine similarity to
  the story's members (average linkage: the sum of their unit vectors, stored, divided by
  their number). Reports of one happening share its rare words (names, places) or, for a
  sentence embedding, land close as paraphrases; two earthquakes in two countries
  land close too, which is what the keys are for. Average linkage, not the cosine to the
  mean direction, so that a story that once took in a second happening does not pull in
  the reports of both (single-pass clustering's chaining).
* **Keys** (:func:`story_keys`): ``a:<actor id>``, ``p:<person surname key>``,
  ``g:<GeoNames id>`` of a town, district, province or site (countries and
  continents are too broad to tell two stories apart). Each key weighs its inverse document
  frequency in the store, so "United States" or "police" count for little and "Mosul" or
  "Abu Bakr al-Baghdadi" for much. ``shared`` is the weight of the article's keys the story
  holds, each counted by the share of the story's members that name it, over the weight of
  all the article's keys.
* **Places that disagree**: when the article names specific places and the story has
  specific places, and not one is shared, the match is penalised (two floods, two towns).
* **Time**: a story whose dated members all lie more than :data:`WINDOW_DAYS` from the
  article's date is not a candidate.

Score = cosine + ``key_weight`` x shared - ``place_conflict`` (when places disagree); the
article joins the best story scoring at least ``threshold``, else it starts a story whose id
is ``story/<first document id>``. The constants depend on the kind of vector
(:func:`space_of`: lexical cosines run lower than a sentence embedding's) and were chosen on
the ECB+ training and development topics (1-35; ``bench/ecbplus.py`` scores the test topics
36-45): :data:`SENTENCE` for all-MiniLM-L6-v2, where average linkage scored CoNLL F1 0.896
(train) and 0.864 (dev) against 0.880 and 0.866 for the cosine to the centroid at its own
best setting; :data:`LEXICAL`, from a grid of thresholds 0.15-0.5 by 0.025-0.05 and key
weights 0.4-1.0 (topics 1-35 as one split: 0.857 at the chosen setting, MiniLM 0.839 at
its own). Without vectors, keys alone decide against :data:`KEYS_ONLY_THRESHOLD`. A story's id never changes and an article never moves:
re-ingesting adds nothing, and an article that arrives later cannot rewrite the past
assignments that reports and exports have already cited.

Cost per article (:class:`sitroom.store.Store`): the candidates are the stories that share
a key with it (the most recent :data:`PER_KEY` per key, through an index) and the
:data:`RECENT` most recently started stories; never a pass over all stories.

Syndicated copies (:mod:`sitroom.link.dedupe`) join their original's story.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from sitroom.embedding import LEXICAL_DIMS, vector_from
from sitroom.link.people import person_key
from sitroom.model import Analysis, Document

RULE = "sitroom.stories.v1"


@dataclass(frozen=True, slots=True)
class Space:
    """The scoring constants of one kind of story vector."""

    name: str
    threshold: float
    key_weight: float
    place_conflict: float


SENTENCE = Space("sentence", threshold=0.55, key_weight=0.8, place_conflict=0.1)
"""A sentence embedding of title and lead (all-MiniLM-L6-v2)."""
LEXICAL = Space("lexical", threshold=0.2, key_weight=0.6, place_conflict=0.1)
"""The lexical vector of title and text (:class:`sitroom.embedding.LexicalEmbedder`)."""
KEYS_ONLY_THRESHOLD = 0.55
"""Without a vector on either side, the share of the article's key weight a story must hold."""
WINDOW_DAYS = 30
PER_KEY = 20
RECENT = 50
MAX_KEYS = 24
BROAD_FEATURES = ("PCL", "CONT", "RGN", "OCN", "SEA", "TERR")
"""GeoNames feature codes (prefixes) of places too broad to be a story key (countries, continents, regions, seas); a first-level region (ADM1) is a key: "Basra" is often resolved to its governorate."""


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What story clustering knows of one article."""

    doc_id: str
    vector: np.ndarray | None
    """Unit-length float32 embedding, or None (no model, or no text)."""
    keys: tuple[str, ...]
    day: int | None
    """Proleptic Gregorian ordinal of the article's date (publication date), or None."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored story as the scorer sees it."""

    story_id: str
    centroid: np.ndarray | None
    """Sum of the members' unit vectors (not normalised)."""
    keys: frozenset[str]
    first_day: int | None
    last_day: int | None
    size: int = 1
    """Member articles (with a vector, for the centroid; all, for the key counts)."""
    key_counts: Mapping[str, int] | None = None
    """Members holding each of ``keys`` (None: every member holds every key)."""


@dataclass(frozen=True, slots=True)
class Match:
    story_id: str
    score: float
    cosine: float
    shared: float


def story_keys(analysis: Analysis) -> tuple[str, ...]:
    """The article's keys, most mentioned first (at most :data:`MAX_KEYS`)."""
    counts: dict[str, int] = {}
    for mention in analysis.mentions:
        if mention.label in {"GPE", "LOC", "FAC", "NORP"}:  # places count by their GeoNames id below
            continue
        if mention.label == "PERSON" and not (mention.entity_id or "").startswith(("person/", "actor:")):
            key = person_key(mention.canonical or mention.text)
            name = f"p:{key}" if key else None
        else:
            name = f"a:{mention.entity_id}" if mention.entity_id else None
        if name:
            counts[name] = counts.get(name, 0) + 1
    for place in analysis.places:
        if place.geonames_id is not None and not (place.feature_code or "").startswith(BROAD_FEATURES):
            name = f"g:{place.geonames_id}"
            counts[name] = counts.get(name, 0) + 1
    return tuple(sorted(counts, key=lambda k: (-counts[k], k))[:MAX_KEYS])


def story_day(document: Document) -> int | None:
    """The ordinal day of the article's publication date (a day, month or year: its first day)."""
    if document.published is None:
        return None
    value = document.published.value
    try:
        parts = [int(p) for p in value[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1).toordinal()
    except (ValueError, IndexError):
        return None


def key_weight(df: int, n_docs: int) -> float:
    """Inverse document frequency of a key held by ``df`` of ``n_docs`` stored articles."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def space_of(vector: np.ndarray | None) -> Space:
    """The constants for ``vector``'s kind: :data:`LEXICAL` for a vector of
    :data:`sitroom.embedding.LEXICAL_DIMS` components, else :data:`SENTENCE`."""
    return LEXICAL if vector is not None and vector.shape[0] == LEXICAL_DIMS else SENTENCE


def best_story(
    doc: StoryDoc, candidates: Sequence[Candidate], weights: Mapping[str, float], *, threshold: float | None = None
) -> Match | None:
    """The candidate story the article joins, or None (it starts a story); ``threshold``
    defaults to the vector's (:func:`space_of`). A story whose vectors are of another kind
    (the setting changed between runs on one store) is scored by keys alone."""
    space = space_of(doc.vector)
    threshold = space.threshold if threshold is None else threshold
    keys = set(doc.keys)
    total = sum(weights.get(k, 1.0) for k in keys)
    places = {k for k in keys if k.startswith("g:")}
    best: Match | None = None
    for story in candidates:
        if not _in_window(doc.day, story):
            continue
        comparable = doc.vector is not None and story.centroid is not None and story.centroid.shape == doc.vector.shape
        cosine = float(doc.vector @ story.centroid) / max(1, story.size) if comparable else 0.0
        shared = 0.0
        if total:
            counts = story.key_counts
            held = sum(weights.get(k, 1.0) * (min(1.0, counts.get(k, 0) / max(1, story.size)) if counts is not None else 1.0) for k in keys & story.keys)
            shared = held / total
        score = cosine + space.key_weight * shared
        story_places = {k for k in story.keys if k.startswith("g:")}
        if places and story_places and not places & story_places:
            score -= space.place_conflict
        bar = threshold
        if not comparable:
            # keys alone: a story must share most of the article's weight
            score, bar = shared, KEYS_ONLY_THRESHOLD
        if score >= bar and (best is None or score > best.score):
            best = Match(story.story_id, round(score, 4), round(cosine, 4), round(shared, 4))
    return best


def _in_window(day: int | None, story: Candidate) -> bool:
    if day is None or story.first_day is None or story.last_day is None:
        return True
    return story.first_day - WINDOW_DAYS <= day <= story.last_day + WINDOW_DAYS


def story_id(doc_id: str) -> str:
    return f"story/{doc_id}"


def story_doc(analysis: Analysis) -> StoryDoc:
    return StoryDoc(
        doc_id=analysis.document.id,
        vector=vector_from(analysis.embedding),
        keys=story_keys(analysis),
        day=story_day(analysis.document),
    )


__all__ = [
    "Candidate", "Match", "RULE", "StoryDoc", "best_story", "key_weight", "story_day", "story_doc", "story_id", "story_keys",
]
