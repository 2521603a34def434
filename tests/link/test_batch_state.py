"""A batch links as if its documents came one by one: the linking keeps what a batch reads
(stories, their keys and key weights, near-duplicate buckets, merged events) in memory and
writes it at the batch's end, so the store after one batch of many documents must be the
store after one batch per document."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from sitroom.embedding import vector_bytes
from sitroom.link.batch import store_batch
from sitroom.model import Analysis, DateValue, Document, Event, Mention, Origin, Place, Span
from sitroom.store import Store
from tests.conftest import sql

WORDS = "army rebels city bridge attack border talks flood market police village fire".split()


def _analyses(n: int = 24) -> list[Analysis]:
    """Invented articles around four happenings (vectors near one of four directions,
    actor and place keys drawn from small pools), some days apart, two of them near copies
    of an earlier article of the same run, each with one attack event."""
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(4, 16))
    found: list[Analysis] = []
    for i in range(n):
        topic = int(rng.integers(4))
        if i in (9, 17):  # a near copy: an earlier article's text with its last word changed
            text = found[i - 5].document.text.rsplit(" ", 1)[0] + " again."
        else:
            text = " ".join(rng.choice(WORDS, size=60)) + f" report {i}."
        doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
        day = f"2017-07-{1 + int(rng.integers(3)) * 20 + topic:02d}"
        doc = Document(
            id=doc_id, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), origin=Origin(path=f"{i}.txt"),
            title=f"Article {i}", published=DateValue(day, "day", "metadata", "test"),
        )
        actors = rng.choice(6, size=2, replace=False)
        mentions = tuple(
            Mention(Span(doc_id, j, j + 1), f"actor{a}", "ORG", f"actor:group-{a}-{topic % 2}") for j, a in enumerate(actors)
        )
        geo = 1000 + topic * 10 + int(rng.integers(2))
        places = (Place(Span(doc_id, 3, 4), "Town", "Town", geo, 1.0, 2.0, "IQ", "Basra", "PPL"),)
        vector = centres[topic] + rng.normal(scale=0.6, size=16)
        event = Event(
            span=Span(doc_id, 5, 11), text="attack", type="Violence against civilians", actor1=f"actor{actors[0]}",
            place="Town", date=day, date_precision="day", place_geonames_id=geo, sentence=Span(doc_id, 0, len(text)),
        )
        found.append(Analysis(document=doc, mentions=mentions, places=places, events=(event,), embedding=vector_bytes(vector / np.linalg.norm(vector))))
    return found


TABLES = {
    "stories": "SELECT id, first_doc, size, centroid, first_day, last_day, title FROM stories",
    "story_documents": "SELECT doc_id, story_id, day, score, cosine, shared, how FROM story_documents",
    "story_keys": "SELECT s.id, k.key, k.count FROM story_keys k JOIN stories s ON s.seq = k.story_seq",
    "key_counts": "SELECT key, df FROM key_counts",
    "dedupe_documents": "SELECT doc_id, signature, shingles, duplicate_of, similarity, containment FROM dedupe_documents",
    "lsh_bands": "SELECT b.band, b.bucket, d.doc_id FROM lsh_bands b JOIN dedupe_documents d ON d.seq = b.seq",
    "merged_events": "SELECT id, type, story_id, geonames_id, date_min, date_max, actors, size FROM merged_events",
    "event_links": "SELECT event_id, doc_id, merged_id, score FROM event_links",
}


def _stored(path) -> dict[str, list[tuple]]:
    return {name: sorted(sql(path, query), key=repr) for name, query in TABLES.items()}


@pytest.mark.parametrize("size", [3, 24])
def test_a_batch_links_as_if_its_documents_came_one_by_one(tmp_path, size):
    analyses = [(a, f"raw{i}") for i, a in enumerate(_analyses())]
    with Store(tmp_path / "one.db") as store:
        for pair in analyses:
            store_batch(store, [pair])
    with Store(tmp_path / "batched.db") as store:
        for i in range(0, len(analyses), size):
            store_batch(store, analyses[i : i + size])
    one, batched = _stored(tmp_path / "one.db"), _stored(tmp_path / "batched.db")
    # the invented articles exercise what the batch keeps in memory
    assert len(one["stories"]) < len(analyses) and any(r[1] > 1 for r in one["key_counts"])
    assert any(r[2] > 1 for r in one["story_keys"]) and sum(r[3] is not None for r in one["dedupe_documents"]) == 2
    assert any(r[7] > 1 for r in one["merged_events"])
    assert batched == one
