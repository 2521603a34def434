"""Near-duplicates (sitroom.link.dedupe) on their own and through a real SQLite store, with
the two seed articles and syndicated copies of them edited here."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import textwrap

import numpy as np
import pytest
from sqlalchemy import event, text

from sitroom.clean import clean
from sitroom.link import dedupe
from sitroom.model import Analysis, Document, Origin, RawDocument
from sitroom.report.export import store_records, write_jsonl
from sitroom.store import Store
from sitroom.link.batch import store_batch
from tests.conftest import SEED_MOSUL_IS, SEED_MOSUL_VICTORY


def _clean(path) -> Document:
    return clean(RawDocument(path.read_text(encoding="utf-8"), "text", Origin(path=path.name)))


@pytest.fixture(scope="module")
def mosul_is() -> Document:
    return _clean(SEED_MOSUL_IS)


@pytest.fixture(scope="module")
def mosul_victory() -> Document:
    """Another article on the same city, war and week: a same-topic hard negative."""
    return _clean(SEED_MOSUL_VICTORY)


def analysis(text: str, title: str | None = None) -> Analysis:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Analysis(document=Document(id=digest[:16], text=text, content_hash=digest, origin=Origin(path=f"{digest[:8]}.txt"), title=title))


def syndicated(text: str, *, header: str = "BAGHDAD (Reuters) - ", drop_paragraphs: int = 1) -> str:
    """A wire copy: a header, curly quotes made straight (or straight made curly), two
    typos, the last paragraphs dropped, lines re-wrapped at 70 characters, a footer."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if drop_paragraphs:
        paragraphs = paragraphs[:-drop_paragraphs]
    body = "\n\n".join(paragraphs)
    body = body.replace("“", '"').replace("”", '"') if "“" in body else re.sub(r'"([^"]*)"', r"“\1”", body)
    body = body.replace("civilians", "civillians", 1).replace("strategy", "stratgey", 1)
    wrapped = "\n\n".join(textwrap.fill(p, 70) for p in body.split("\n\n"))
    return f"{header}{wrapped}\n\nCopyright 2017 Thomson Reuters. All rights reserved.\nRead more: https://example.com/world/mosul"


# --------------------------------------------------------------------------- pure functions


def test_dedupe_words_ignore_case_punctuation_quotes_and_wrapping():
    assert dedupe.words("“Mosul,” he said.\nIt’s OVER") == dedupe.words('"mosul" he said it\'s over') == ["mosul", "he", "said", "it", "s", "over"]


def test_dedupe_shingles_are_deterministic_and_wrapping_insensitive(mosul_is):
    once = dedupe.shingles(mosul_is.text)
    rewrapped = "\n".join(textwrap.wrap(mosul_is.text.replace("\n\n", " "), 50))
    assert np.array_equal(once, dedupe.shingles(mosul_is.text))
    assert np.array_equal(once, dedupe.shingles(rewrapped))
    assert len(once) == len(dedupe.words(mosul_is.text)) - dedupe.SHINGLE_SIZE + 1 - _repeats(mosul_is.text)


def _repeats(text: str) -> int:
    words = dedupe.words(text)
    grams = [tuple(words[i : i + dedupe.SHINGLE_SIZE]) for i in range(len(words) - dedupe.SHINGLE_SIZE + 1)]
    return len(grams) - len(set(grams))


def test_dedupe_short_and_empty_texts():
    assert len(dedupe.shingles("Two words")) == 1
    assert len(dedupe.shingles("... — !")) == 0
    assert dedupe.similarity(dedupe.shingles(""), dedupe.shingles("a b c d e f")) == (0.0, 0.0)
    assert dedupe.is_duplicate(dedupe.shingles(""), dedupe.shingles("")) == (False, 0.0, 0.0)


def test_dedupe_signature_estimates_the_exact_resemblance(mosul_is):
    original, copy = dedupe.shingles(mosul_is.text), dedupe.shingles(syndicated(mosul_is.text))
    exact, _ = dedupe.similarity(original, copy)
    a, b = dedupe.signature(original), dedupe.signature(copy)
    estimate = dedupe.estimated_resemblance(dedupe.signature_bytes(a), dedupe.signature_bytes(b))
    assert estimate == pytest.approx(a.jaccard(b))
    # standard error sqrt(J(1-J)/NUM_PERM) is about 0.03 here: four of them
    assert abs(estimate - exact) < 0.12
    assert dedupe.band_keys(dedupe.signature(original)) == dedupe.band_keys(a)  # same seed, same buckets


def test_dedupe_band_keys_refuse_a_shape_that_does_not_cover_the_signature(mosul_is):
    minhash = dedupe.signature(dedupe.shingles(mosul_is.text))
    assert len(dedupe.band_keys(minhash)) == dedupe.BANDS
    with pytest.raises(ValueError, match="do not cover"):
        dedupe.band_keys(minhash, bands=5, rows=5)


def test_dedupe_candidate_probability_is_the_s_curve():
    threshold = (1 / dedupe.BANDS) ** (1 / dedupe.ROWS)
    assert dedupe.candidate_probability(0.0) == 0.0 and dedupe.candidate_probability(1.0) == 1.0
    assert dedupe.candidate_probability(0.05) < 0.01
    assert 0.5 < dedupe.candidate_probability(threshold) < 0.7  # 1 - (1 - 1/b)^b is about 1 - 1/e
    assert dedupe.candidate_probability(dedupe.MIN_RESEMBLANCE) > 0.9


def test_dedupe_rule_takes_resemblance_or_containment_of_a_long_enough_copy():
    assert dedupe.duplicate_by_counts(100, 100, 58)  # resemblance 58/142 = 0.41
    assert not dedupe.duplicate_by_counts(100, 100, 56)  # 56/144 = 0.39
    assert dedupe.duplicate_by_counts(50, 100, 42)  # resemblance 0.39, but 84 % of a half-length copy
    assert not dedupe.duplicate_by_counts(30, 100, 30)  # all of it, but under the length ratio
    assert list(dedupe.duplicate_by_counts(np.array([100, 100]), np.array([100, 100]), np.array([58, 56]))) == [True, False]


# --------------------------------------------------------------------------- through the store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_store_marks_a_syndicated_copy_of_an_earlier_document(store, mosul_is, mosul_victory):
    original, other = analysis(mosul_is.text, mosul_is.title), analysis(mosul_victory.text, mosul_victory.title)
    store_batch(store, [(original, "r1"), (other, "r2")])
    copy = analysis(syndicated(mosul_is.text), "UPDATE 1-Islamic State faces loss of Mosul")
    result = store_batch(store, [(copy, "r3")])
    assert (result.stored, result.near_duplicates) == (1, 1)
    [found] = store.duplicates()
    assert (found.doc_id, found.duplicate_of) == (copy.document.id, original.document.id)
    exact, containment = dedupe.similarity(dedupe.shingles(mosul_is.text), dedupe.shingles(copy.document.text))
    assert found.similarity == pytest.approx(exact, abs=1e-4) and found.containment == pytest.approx(containment, abs=1e-4)
    assert found.similarity >= dedupe.MIN_RESEMBLANCE and found.rule == dedupe.RULE
    assert store.count("documents") == 3  # the copy is kept


def test_store_does_not_mark_another_article_on_the_same_story(store, mosul_is, mosul_victory):
    result = store_batch(store, [(analysis(mosul_is.text), "r1"), (analysis(mosul_victory.text), "r2")])
    assert result.near_duplicates == 0
    assert store.duplicates() == []


def test_store_finds_a_copy_in_the_same_batch(store, mosul_is, mosul_victory):
    original, copy = analysis(mosul_is.text), analysis(syndicated(mosul_is.text))
    result = store_batch(store, [(original, "r1"), (analysis(mosul_victory.text), "r2"), (copy, "r3")])
    assert result.near_duplicates == 1
    assert [(d.doc_id, d.duplicate_of) for d in store.duplicates()] == [(copy.document.id, original.document.id)]


def test_store_the_earlier_stored_document_is_the_original(store, mosul_is):
    """Ingested copy first, the article second: the copy is the original of the store."""
    copy, article = analysis(syndicated(mosul_is.text)), analysis(mosul_is.text)
    store_batch(store, [(copy, "r1")])
    store_batch(store, [(article, "r2")])
    assert [(d.doc_id, d.duplicate_of) for d in store.duplicates()] == [(article.document.id, copy.document.id)]


def test_store_reingest_and_later_copies_never_change_duplicate_of(store, mosul_is):
    original = analysis(mosul_is.text)
    first_copy = analysis(syndicated(mosul_is.text))
    store_batch(store, [(original, "r1"), (first_copy, "r2")])
    before = store.duplicates()
    again = store_batch(store, [(original, "r1"), (first_copy, "r2")])
    assert (again.stored, again.duplicates, again.near_duplicates) == (0, 2, 0)
    assert store.duplicates() == before
    # a copy of the copy (closer to it than to the article) still points at the earliest
    second_copy = analysis(syndicated(first_copy.document.text, header="LONDON (AP) — ", drop_paragraphs=0))
    store_batch(store, [(second_copy, "r3")])
    assert store.duplicates()[:1] == before
    assert store.duplicates()[-1].duplicate_of == original.document.id


def test_store_marks_a_truncated_copy_by_containment(store, mosul_is):
    """The first paragraphs (some 40 % of the words) of the article, syndicated: under the
    resemblance threshold, but most of its shingles are in the article."""
    paragraphs, kept = mosul_is.text.split("\n\n"), []
    while len(" ".join(kept).split()) < 0.4 * len(mosul_is.text.split()):
        kept.append(paragraphs[len(kept)])
    truncated = analysis(syndicated("\n\n".join(kept), drop_paragraphs=0))
    resemblance, containment = dedupe.similarity(dedupe.shingles(mosul_is.text), dedupe.shingles(truncated.document.text))
    assert resemblance < dedupe.MIN_RESEMBLANCE <= dedupe.MIN_CONTAINMENT <= containment  # only containment can find it
    store_batch(store, [(analysis(mosul_is.text), "r1"), (truncated, "r2")])
    [found] = store.duplicates()
    assert found.doc_id == truncated.document.id and found.containment == pytest.approx(containment, abs=1e-4)


def test_store_skips_a_document_without_words(store, mosul_is):
    result = store_batch(store, [(analysis("— … —"), "r1"), (analysis("*** — ***"), "r2"), (analysis(mosul_is.text), "r3")])
    assert (result.stored, result.near_duplicates, result.candidates) == (3, 0, 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("select count(distinct seq) from lsh_bands")).one() == (1,)


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_store_finds_copies_by_index_lookups_never_a_table_scan(tmp_path, mosul_is, mosul_victory):
    path = tmp_path / "s.db"
    statements: list[tuple[str, object]] = []
    with Store(path) as store:
        store_batch(store, [(analysis(f"Filler article number {i} about nothing in particular at all."), f"f{i}") for i in range(5)])
        store_batch(store, [(analysis(mosul_is.text), "r1"), (analysis(mosul_victory.text), "r2")])
        event.listen(store.engine, "before_cursor_execute", lambda _c, _k, sql, params, _x, _m: statements.append((sql, params)))
        result = store_batch(store, [(analysis(syndicated(mosul_is.text)), "r3"), (analysis(syndicated(mosul_victory.text)), "r4")])
    assert result.near_duplicates == 2 and result.compared >= 2
    linking = [(sql, p) for sql, p in statements if re.match(r"\s*SELECT", sql) and re.search(r"\b(lsh_bands|dedupe_documents|documents)\b", sql)]
    for table in ("FROM lsh_bands", "FROM dedupe_documents", "FROM documents WHERE id"):
        assert any(table in sql for sql, _ in linking), table
    with sqlite3.connect(path) as conn:
        for sql, params in linking:
            plan = " | ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert not re.search(r"\bSCAN (lsh_bands|dedupe_documents|documents)\b", plan), (sql, plan)


def test_export_document_records_carry_duplicate_of(store, mosul_is):
    original, copy = analysis(mosul_is.text), analysis(syndicated(mosul_is.text))
    store_batch(store, [(original, "r1"), (copy, "r2")])
    out = io.StringIO()
    write_jsonl(store_records(store), out)
    documents = {r["doc_id"]: r for r in map(json.loads, out.getvalue().splitlines()) if r["type"] == "document"}
    assert documents[copy.document.id]["duplicate_of"] == original.document.id
    assert documents[original.document.id]["duplicate_of"] is None


def test_a_copy_is_never_counted_twice_in_figure_groups_or_the_report(tmp_path, mosul_victory):
    from sitroom.pipeline import analyse
    from sitroom.config import Config
    from sitroom.nlp import shared_pipeline
    from sitroom.report.sitrep import build_report, render

    nlp, actors = shared_pipeline(Config())
    original = analyse(mosul_victory, nlp(mosul_victory.text), actors)
    text = syndicated(mosul_victory.text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(id=digest[:16], text=text, content_hash=digest, origin=Origin(path="copy.txt"), published=mosul_victory.published)
    copy = analyse(doc, nlp(text), actors)
    assert any(f.kind == "killed" for f in copy.figures)
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(original, "r1"), (copy, "r2")])
        groups = [r for r in store_records(store) if r["type"] == "figure_group"]
        report = build_report(store)
    members = {m["figure_id"].split(":")[0] for g in groups for m in g["members"]}
    assert members == {original.document.id}
    assert sorted((s.document.id, s.copy_of) for s in report.sources) == sorted([(original.document.id, None), (copy.document.id, next(s.number for s in report.sources if s.document.id == original.document.id))])
    assert {cite.source for group in report.events for _, cite in group.reports} == {next(s.number for s in report.sources if s.copy_of is None)}
    assert "a near-copy of S" in render(report, "md")
