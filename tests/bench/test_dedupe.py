"""The dedupe benchmark (bench/dedupe.py): edits, the run's documents, scoring, the
brute-force peer, and a small run through the store (when the corpus is present)."""

from __future__ import annotations

import random

import pytest

from bench import dedupe as dd
from bench.common import DataMissing
from sitroom.link.dedupe import shingles

TEXT = (
    'The army said on Monday it had taken the bridge. "We hold it," a spokesman said.\n\n'
    "About 300 people fled the district, officials said. The United States called for calm.\n\n"
    "Talks are planned for next week. The government has not commented. More fighting is expected."
)
ARTICLES = [
    dd.Article("a1", "Army takes bridge", TEXT, "Politics"),
    dd.Article("a2", "Floods in the north", "Heavy rain flooded the northern valley on Sunday. " * 3 + "\n\nRescue teams reached the villages by boat.", "Politics"),
    dd.Article("a3", "Market report", "Shares rose in early trading as oil prices fell for a third day.\n\nAnalysts expect more gains.", "Economy"),
    dd.Article("a4", "Bridge talks", "Negotiators met at the bridge to discuss a ceasefire.\n\nNo agreement was reached.", "Politics"),
]


def _corpus_present() -> bool:
    try:
        return dd.corpus_path().exists()
    except DataMissing:
        return False


# ------------------------------------------------------------ edits


def test_sentences_split_after_closing_marks():
    assert dd.sentences('He said "yes." Then he left. 300 people fled.') == ['He said "yes."', "Then he left.", "300 people fled."]


def test_change_quotes_both_ways():
    assert dd.change_quotes('He said "no" and it\'s over') == "He said “no” and it’s over"
    assert dd.change_quotes("He said “no”") == 'He said "no"'


def test_syndicated_copy_is_seeded_and_keeps_the_article():
    article = ARTICLES[0]
    one = dd.syndicated_copy(article, dd.STRENGTHS["light"], random.Random(3))
    assert one == dd.syndicated_copy(article, dd.STRENGTHS["light"], random.Random(3))
    title, text = one
    assert title != article.title or text != article.text
    assert article.title.lower() in title.lower()
    # light: nothing dropped, so nearly every word of the article is still there
    words = set(text.lower().split())
    assert sum(w in words for w in article.text.lower().split()) >= 0.8 * len(article.text.split())


def test_heavy_copies_are_shorter_than_light_ones():
    article = dd.Article("x", "T", "\n\n".join(f"Sentence number {i} of the report is here. Another one follows {i}." for i in range(20)), "")
    light = [len(dd.syndicated_copy(article, dd.STRENGTHS["light"], random.Random(s))[1].split()) for s in range(5)]
    heavy = [len(dd.syndicated_copy(article, dd.STRENGTHS["heavy"], random.Random(s))[1].split()) for s in range(5)]
    assert max(heavy) < min(light)


def test_follow_up_takes_at_most_half_its_length_from_the_background():
    body = dd.Article("b", "New story", " ".join(f"New fact {i}." for i in range(60)) + "\n\nMore new facts here.", "")
    title, text = dd.follow_up(body, ARTICLES[0], random.Random(1))
    assert title == body.title and "New fact 0." in text
    copied = [s for p in dd.paragraphs(ARTICLES[0].text) for s in dd.sentences(p) if s in text]
    assert copied and len(" ".join(copied).split()) <= 0.5 * len(body.text.split())


def test_build_items_orders_originals_first_and_counts():
    items = dd.build_items(ARTICLES * 3, 12, 1, seed=5)
    kinds = [i.kind for i in items]
    n_originals = kinds.count("original")
    assert all(k == "original" for k in kinds[:n_originals])
    assert "follow-up" in kinds and len(items) == 12
    originals = {i.cluster for i in items[:n_originals]}
    assert all(i.cluster in originals for i in items if i.kind.startswith("copy-"))


# ------------------------------------------------------------ scoring


def _item(cluster: str, kind: str = "original", text: str = "") -> dd.Item:
    return dd.Item(cluster, kind, "", text or cluster)


def test_score_counts_right_wrong_and_missed_links():
    items = [_item("a"), _item("b"), _item("a", "copy-light"), _item("b", "copy-heavy"), _item("f", "follow-up")]
    # copy of a linked right; copy of b missed; follow-up linked to a (wrong)
    metrics = dd.score(items, [None, None, 0, None, 0])
    assert (metrics["precision"], metrics["recall"]) == (0.5, 0.5)
    assert metrics["light_recall"] == 1.0 and metrics["heavy_recall"] == 0.0 and metrics["medium_recall"] is None
    assert metrics["followup_false_links"] == 1 and metrics["false_links"] == 1


def test_score_a_link_to_another_copy_of_the_article_is_right():
    items = [_item("a"), _item("a", "copy-light"), _item("a", "copy-medium")]
    assert dd.score(items, [None, 0, 1])["f1"] == 1.0


def test_hash_links_find_identical_texts_only():
    items = [_item("a", text="One two."), _item("a", "copy-light", "One two."), _item("a", "copy-light", "one, TWO")]
    assert dd.hash_links(items, dd.content_hash) == [None, 0, None]
    assert dd.hash_links(items, dd.normalised_hash) == [None, 0, 0]


def test_brute_force_links_each_copy_to_the_earliest_duplicate():
    base = " ".join(f"word{i}" for i in range(60))
    texts = [base, "something else entirely " * 5, base + " tail", base + " another tail"]
    links = dd.brute_force_links([shingles(t) for t in texts])
    assert links == [None, None, 0, 0]


def test_lsh_sweep_reports_the_chosen_shape():
    base = " ".join(f"word{i}" for i in range(60))
    sweep = dd.lsh_sweep([shingles(base), shingles(base + " tail"), shingles("other words " * 10)])
    recall, _ = sweep[(42, 3)]
    assert 0.99 < recall <= 1.0


# ------------------------------------------------------------ a small real run


@pytest.mark.skipif(not _corpus_present(), reason="Wikinews corpus not present")
def test_store_links_a_small_real_run():
    articles = dd.read_articles(dd.corpus_path())[:40]
    items = dd.build_items(articles, 60, 4)
    run = dd.store_links(items, batch_size=8)
    metrics = dd.score(items, run.links)
    assert metrics["precision"] == 1.0 and metrics["light_recall"] == 1.0
    cost = dd.cost_metrics(run, len(items))
    assert cost["link_seconds"] > 0 and cost["candidates_per_insert"] >= cost["comparisons_per_insert"]
    assert "link_growth_last_vs_first_tenth" not in cost and dd.cost_metrics(run, len(items), growth=True)["link_growth_last_vs_first_tenth"] > 0
    assert len(run.batch_link_seconds) == 8  # 60 items in batches of 8
