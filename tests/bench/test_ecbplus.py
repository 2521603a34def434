"""The ECB+ benchmark (bench/ecbplus.py): the reader, the scorer wrapper, the peers, the
matching of sitroom's events, and the store interface it reads (``stories()``,
``event_clusters()``), the data tests skipped when ECB+ is absent."""

from __future__ import annotations

import csv
from dataclasses import replace
import re
from types import SimpleNamespace

import pytest

from bench import ecbplus as E
from bench.common import DataMissing


def _root():
    try:
        return E.ecbplus_dir()
    except DataMissing:
        return None


ROOT = _root()
needs_data = pytest.mark.skipif(ROOT is None, reason="ECB+ not in the datasets folder")


def _doc(name: str, text: str, mentions: tuple[E.Mention, ...] = ()) -> E.EcbDocument:
    """A small document: one sentence a paragraph, every sentence a coreference sentence."""
    topic = int(name.split("_")[0])
    part = "ecbplus" if name.endswith("ecbplus") else "ecb"
    tokens, pos = [], 0
    for s, sentence in enumerate(text.split("\n\n")):
        for n, word in enumerate(sentence.split(" ")):
            start = text.index(word, pos)
            tokens.append(E.Token(len(tokens) + 1, s, n, word, start, start + len(word)))
            pos = start + len(word)
    sentences = frozenset(range(text.count("\n\n") + 1))
    return E.EcbDocument(name, topic, f"{topic}{part}", text.split("\n\n")[0], text, tuple(tokens), mentions, sentences)


def _mention(doc: str, m_id: str, text: str, word: str, cluster: str, *, nth: int = 0) -> E.Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return E.Mention(f"{doc}:{m_id}", doc, "ACTION_OCCURRENCE", (0,), text[:start].count("\n\n"), start, start + len(word), word, cluster, True)


# ------------------------------------------------------------ reader


def test_build_text_detokenises_and_keeps_token_offsets():
    sentences = [["He", "said", "``", "yes", "''", "."], ["It", "'s", "(", "over", ")", "$", "5", "."]]
    text, spans = E.build_text(sentences)
    assert text == 'He said "yes".\n\nIt\'s (over) $5.'
    assert [text[s:e] for s, e in spans[0]] == ["He", "said", '"', "yes", '"', "."]
    assert [text[s:e] for s, e in spans[1]] == ["It", "'s", "(", "over", ")", "$", "5", "."]


@needs_data
@pytest.mark.parametrize("name", ["36_1ecbplus", "41_3ecb"])
def test_reader_agrees_with_the_xml(name):
    topic = name.split("_")[0]
    path = ROOT / "ECB+" / topic / f"{name}.xml"
    xml = path.read_text(encoding="utf-8")
    with (ROOT / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as f:
        sentences = frozenset(int(r["Sentence Number"]) for r in csv.DictReader(f) if f"{r['Topic']}_{r['File']}" == name)
    doc = E.read_document(path, sentences)

    assert len(doc.tokens) == xml.count("<token ")
    anchored = [
        m for m in re.finditer(r'<((?:NEG_)?ACTION_[A-Z]+) m_id="(\d+)"[^>/]*>(.*?)</\1>', xml, re.S) if "token_anchor" in m.group(3)
    ]
    assert len(doc.mentions) == len(anchored) > 0
    assert {m.id.split(":")[1] for m in doc.mentions} == {m.group(2) for m in anchored}
    anchors = sum(m.group(3).count("token_anchor") for m in anchored)
    assert sum(len(m.token_ids) for m in doc.mentions) == anchors

    by_id = {t.t_id: t for t in doc.tokens}
    for token in doc.tokens:
        if token.start is not None:
            assert doc.text[token.start : token.end] == E._REWRITE.get(token.text, token.text)
    for mention in doc.mentions:
        assert mention.start is not None
        first, last = by_id[min(mention.token_ids)], by_id[max(mention.token_ids)]
        assert (mention.start, mention.end) == (first.start, last.end)
        assert mention.in_coref_sentence == (mention.sentence in sentences)
    assert {m.sentence for m in doc.eval_mentions} <= sentences
    notes = set(re.findall(r'<CROSS_DOC_COREF r_id="\d+" note="(ACT\d+)"', xml))
    assert {m.cluster for m in doc.mentions if m.cluster.startswith("ACT")} <= notes

    entities = [m for m in re.finditer(r'<((?:HUMAN_PART|LOC_)[A-Z_]*) m_id="(\d+)"[^>/]*>(.*?)</\1>', xml, re.S) if "token_anchor" in m.group(3)]
    assert {m.id.split(":")[1] for m in doc.entities} == {m.group(2) for m in entities} != set()
    assert {m.kind for m in doc.entities} == {m.group(1) for m in entities}
    entity_notes = set(re.findall(r'<CROSS_DOC_COREF r_id="\d+" note="((?:HUM|LOC)\d+)"', xml))
    assert {m.cluster for m in doc.entities if not m.cluster.startswith(("INTRA", "SINGLETON"))} <= entity_notes
    assert all(E.entity_category(m.kind) and m.in_coref_sentence for m in doc.eval_entities)
    if name.endswith("ecbplus"):  # sentence 0, the URL, is not in the text
        assert not doc.text.startswith("http") and all(t.start is None for t in doc.tokens if t.sentence == 0)
        assert doc.subtopic == "36ecbplus" and doc.title == "Warren Jeffs Found Guilty on Sexual Assault Charges"
        found = next(m for m in doc.mentions if m.id.endswith(":17"))
        assert found.cluster == "ACT17642254010313856" and doc.text[found.start : found.end] == "sexual assault"


@needs_data
def test_test_split_matches_the_published_statistics():
    docs = E.read_topics(E.TEST_TOPICS)
    mentions = [m for d in docs for m in d.eval_mentions]
    assert len({d.subtopic for d in docs}) == 20
    # Barhom et al. (2019) / Cattan et al. (2021): 1,780 event mentions in 805 clusters on test
    assert (len(mentions), len({m.cluster for m in mentions})) == (1780, 805)
    assert [d.name for d in docs[:3]] == ["36_1ecb", "36_1ecbplus", "36_2ecb"]


def test_missing_data_raises_data_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_DATASETS", str(tmp_path))
    with pytest.raises(DataMissing):
        E.ecbplus_dir()
    with pytest.raises(DataMissing):
        E.run(quick=True)


# ------------------------------------------------------------ scores


def test_identical_clusterings_score_one():
    key = {"a": 1, "b": 1, "c": 2, "d": 3}
    scores = E.coref_scores(key, {"a": "x", "b": "x", "c": "y", "d": "z"})
    assert all(v == 1.0 for v in scores.values())


def test_singletons_against_one_cluster_known_values():
    one = dict.fromkeys("abcd", "k")
    single = {x: x for x in "abcd"}
    s = E.coref_scores(one, single)  # key one cluster of 4, response singletons
    assert (s["b3_recall"], s["b3_precision"], s["b3_f1"]) == (0.25, 1.0, 0.4)
    assert s["muc_f1"] == 0.0  # no link in the response
    assert s["ceafe_recall"] == 0.4 and s["ceafe_precision"] == 0.1  # one aligned pair: 2*1/(4+1)
    r = E.coref_scores(single, one)
    assert (r["b3_recall"], r["b3_precision"]) == (1.0, 0.25)
    assert s["conll_f1"] == round((s["muc_f1"] + s["b3_f1"] + s["ceafe_f1"]) / 3, 4)


def test_scores_refuse_different_items():
    with pytest.raises(ValueError):
        E.coref_scores({"a": 1}, {"b": 1})


# ------------------------------------------------------------ peers

QUAKE = "A strong earthquake struck the coast of Chile on Sunday\n\nThe earthquake killed twelve people in coastal towns of Chile"
QUAKE2 = "Chile earthquake kills twelve\n\nRescuers searched coastal towns of Chile after the earthquake struck on Sunday"
VOTE = "Parliament passed the budget vote in Berlin\n\nThe budget vote passed after a long debate in parliament"
VOTE2 = "Berlin parliament budget vote passes\n\nLawmakers in Berlin passed the budget after debate in parliament"


def _docs():
    return [_doc("1_1ecb", QUAKE), _doc("1_2ecb", QUAKE2), _doc("2_1ecb", VOTE), _doc("2_2ecb", VOTE2)]


def test_tfidf_clusters_are_deterministic_and_separate_topics():
    docs = _docs()
    first = E.tfidf_clusters(docs, 0.1)
    assert first == E.tfidf_clusters(list(docs), 0.1)
    assert first["1_1ecb"] == first["1_2ecb"] != first["2_1ecb"] == first["2_2ecb"]
    assert len(set(E.tfidf_clusters(docs, 0.99).values())) == 4
    best, curve = E.choose_threshold(docs, (0.1, 0.99))
    assert (best, curve[0.1]) == (0.1, 1.0)
    assert E.choose_threshold(docs, (0.1, 0.99)) == (best, curve)


def test_same_lemma_groups_within_document_clusters():
    m = [
        E.Mention("d1:1", "d1", "ACTION_OCCURRENCE", (1,), 0, 0, 5, "hit", "g1", True),
        E.Mention("d2:1", "d2", "ACTION_OCCURRENCE", (1,), 0, 0, 5, "hits", "g1", True),
        E.Mention("d3:1", "d3", "ACTION_OCCURRENCE", (1,), 0, 0, 5, "hit", "g2", True),
    ]
    lemmas = {"d1:1": "hit", "d2:1": "hit", "d3:1": "hit"}
    out = E.same_lemma(m, lemmas, {"d1": "s1", "d2": "s1", "d3": "s2"})
    assert out["d1:1"] == out["d2:1"] != out["d3:1"]


# ------------------------------------------------------------ sitroom's events and stories


def _analysis(doc: E.EcbDocument, doc_id: str, triggers: list[tuple[str, int]]):
    events = []
    for word, nth in triggers:
        start = -1
        for _ in range(nth + 1):
            start = doc.text.index(word, start + 1)
        events.append(SimpleNamespace(span=SimpleNamespace(start=start, end=start + len(word))))
    return SimpleNamespace(document=SimpleNamespace(id=doc_id), events=tuple(events))


def _fake_run():
    m1 = (_mention("1_1ecb", "1", QUAKE, "struck", "QUAKE"), _mention("1_1ecb", "2", QUAKE, "killed", "KILL"))
    m2 = (_mention("1_2ecb", "1", QUAKE2, "kills", "KILL"), _mention("1_2ecb", "2", QUAKE2, "struck", "QUAKE"),
          _mention("1_2ecb", "3", QUAKE2, "searched", "SEARCH"))
    docs = [_doc("1_1ecb", QUAKE, m1), _doc("1_2ecb", QUAKE2, m2), _doc("2_1ecb", VOTE), _doc("2_2ecb", VOTE2)]
    analyses = {
        "1_1ecb": _analysis(docs[0], "aaa", [("struck", 0), ("killed", 0), ("towns", 0)]),
        "1_2ecb": _analysis(docs[1], "bbb", [("kills", 0), ("struck", 0)]),
        "2_1ecb": _analysis(docs[2], "ccc", []),
        "2_2ecb": _analysis(docs[3], "ddd", []),
    }
    run = E.SitroomRun(
        doc_ids={n: a.document.id for n, a in analyses.items()},
        analyses=analyses,
        lemmas={m.id: m.cluster.lower() for m in (*m1, *m2)},
    )
    return docs, run


def test_match_events_by_token_overlap():
    docs, run = _fake_run()
    found = E.match_events(docs, run.analyses)
    struck = QUAKE.index("struck")
    assert found.mentions["1_1ecb:1"] == f"aaa:{struck}-{struck + 6}"
    assert set(found.mentions) == {"1_1ecb:1", "1_1ecb:2", "1_2ecb:1", "1_2ecb:2"}
    assert (found.events, found.in_coref_sentences, found.unmatched) == (5, 5, 1)  # "towns" is no action


def test_evaluate_scores_sitroom_rows_on_the_matched_mentions():
    docs, run = _fake_run()
    ids = run.doc_ids
    run.stories = {ids["1_1ecb"]: "story/a", ids["1_2ecb"]: "story/a", ids["2_1ecb"]: "story/c", ids["2_2ecb"]: "story/c"}
    found = E.match_events(docs, run.analyses)
    gold = {m.id: m.cluster for d in docs for m in d.mentions}
    run.event_clusters = {event: f"merged/{gold[mention]}" for mention, event in found.mentions.items()}
    scores = E.evaluate(docs, docs, run)
    assert scores["story_metrics"]["conll_f1"] == 1.0 and scores["story_metrics"]["unplaced_documents"] == 0
    events = scores["event_metrics"]
    assert events["conll_f1"] == 1.0 and events["mentions"] == 4 and events["coverage"] == 0.8
    assert events["events_unmerged"] == 0 and events["merged_events"] == 2
    assert scores["event_peers"]["all singletons, sitroom-matched mentions"]["mentions"] == 4
    assert any(name.startswith("Barhom") for name in scores["event_peers"])

    run.event_clusters = {}  # nothing merged: every matched event its own cluster
    assert E.evaluate(docs, docs, run)["event_metrics"]["events_unmerged"] == 4


def test_evaluate_without_the_store_methods_leaves_sitroom_rows_empty():
    docs, run = _fake_run()
    scores = E.evaluate(docs, docs, run)
    assert scores["story_metrics"]["conll_f1"] is None and scores["event_metrics"]["conll_f1"] is None
    assert scores["doc_peers"]["all singletons"]["documents"] == 4


def test_store_clusters_reads_the_methods_when_present():
    assert E.store_clusters(SimpleNamespace()) == (None, None)
    store = SimpleNamespace(stories=lambda: {"a": "story/a"}, event_clusters=lambda: {"a:1-5": "e1"})
    assert E.store_clusters(store) == ({"a": "story/a"}, {"a:1-5": "e1"})


# ------------------------------------------------------------ sitroom's entities

PEOPLE = "Warren Jeffs was convicted in Texas\n\nJeffs will appeal , his lawyer said"
PEOPLE2 = "Polygamist leader Jeffs found guilty\n\nMr. Warren Jeffs faces life in Texas"


def _entity(doc: str, m_id: str, text: str, words: str, kind: str, cluster: str) -> E.Mention:
    start = text.index(words)
    return E.Mention(f"{doc}:{m_id}", doc, kind, (0,), text[:start].count("\n\n"), start, start + len(words), words, cluster, True)


def _name(text: str, words: str, entity_id: str | None, nth: int = 0):
    from sitroom.model import Mention, Span

    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Mention(Span("d", start, start + len(words)), words, "PERSON", entity_id)


def _entity_docs():
    e1 = (_entity("3_1ecb", "1", PEOPLE, "Warren Jeffs", "HUMAN_PART_PER", "HUM1"), _entity("3_1ecb", "2", PEOPLE, "Texas", "LOC_GEO", "LOC1"),
          _entity("3_1ecb", "3", PEOPLE, "his lawyer", "HUMAN_PART_PER", "HUM2"))
    e2 = (_entity("3_2ecb", "1", PEOPLE2, "Polygamist leader Jeffs", "HUMAN_PART_PER", "HUM1"),
          _entity("3_2ecb", "2", PEOPLE2, "Mr. Warren Jeffs", "HUMAN_PART_PER", "HUM1"), _entity("3_2ecb", "3", PEOPLE2, "Texas", "LOC_GEO", "LOC1"))
    docs = [replace(_doc("3_1ecb", PEOPLE), entities=e1), replace(_doc("3_2ecb", PEOPLE2), entities=e2)]
    return docs


def test_match_entities_by_overlap_skips_names_without_an_entity():
    docs = _entity_docs()
    mentions = {
        "3_1ecb": (_name(PEOPLE, "Warren Jeffs", "person/jfs/warren"), _name(PEOPLE, "Jeffs", None, nth=1), _name(PEOPLE, "Texas", "place/geonames/4736286")),
        "3_2ecb": (_name(PEOPLE2, "Jeffs", "person/jfs/warren"), _name(PEOPLE2, "Warren Jeffs", "person/jfs"), _name(PEOPLE2, "Texas", "place/geonames/1")),
    }
    found = E.match_entities(docs, mentions)
    assert found == {
        "3_1ecb:1": "person/jfs/warren", "3_1ecb:2": "place/geonames/4736286",
        "3_2ecb:1": "person/jfs/warren", "3_2ecb:2": "person/jfs", "3_2ecb:3": "place/geonames/1",
    }  # "his lawyer" is matched by no name


def test_evaluate_entities_scores_each_category_on_the_matched_mentions():
    docs = _entity_docs()
    right = {
        "3_1ecb": (_name(PEOPLE, "Warren Jeffs", "person/jfs/warren"), _name(PEOPLE, "Texas", "place/geonames/4736286")),
        "3_2ecb": (_name(PEOPLE2, "Jeffs", "person/jfs/warren"), _name(PEOPLE2, "Warren Jeffs", "person/jfs/warren"), _name(PEOPLE2, "Texas", "place/geonames/4736286")),
    }
    run = E.SitroomRun(doc_ids={}, analyses={}, lemmas={}, mentions=right)
    metrics, peers, counts = E.evaluate_entities(docs, run)
    assert counts == {"persons": 4, "organisations": 0, "places": 2}
    assert metrics["persons_conll_f1"] == 1.0 and metrics["persons_mentions"] == 3 and metrics["persons_coverage"] == 0.75
    assert metrics["places_conll_f1"] == 1.0 and metrics["organisations_conll_f1"] is None and metrics["organisations_coverage"] is None
    assert peers["same string"]["persons_b3_recall"] < 1.0  # "polygamist leader jeffs" != "mr. warren jeffs"
    assert peers["same last word"]["persons_conll_f1"] == 1.0 and peers["same last word"]["persons_mentions"] == 3
    assert peers["same last word of sitroom's span"]["places_conll_f1"] == 1.0

    wrong = {n: tuple(replace(m, entity_id=f"{m.entity_id}/{n}") for m in ms) for n, ms in right.items()}  # nothing linked across documents
    worse, _, _ = E.evaluate_entities(docs, replace(run, mentions=wrong))
    assert worse["all_b3_recall"] < metrics["all_b3_recall"] == 1.0
    assert E.evaluate_entities(docs, None)[0]["persons_conll_f1"] is None


def test_storing_order_is_seeded():
    docs = _docs()
    assert [d.name for d in E.storing_order(docs)] == [d.name for d in E.storing_order(list(reversed(docs)))]


@needs_data
def test_sitroom_run_through_a_real_store(monkeypatch):
    """A few documents through the pipeline and store_batch; the two store methods
    stand in (one story, one event each) when this sitroom has none, so that the ids the
    benchmark reads are checked against what the store holds."""
    from sitroom.store import Store

    if not hasattr(Store, "stories"):
        monkeypatch.setattr(Store, "stories", lambda self: {i: "story/one" for i in self.document_ids()}, raising=False)
    if not hasattr(Store, "event_clusters"):
        def clusters(self):
            return {f"{a.document.id}:{e.span.start}-{e.span.end}": "event/one" for a in self.analyses() for e in a.events}
        monkeypatch.setattr(Store, "event_clusters", clusters, raising=False)
    docs = [d for d in E.read_topics((41,)) if d.name in {"41_1ecb", "41_2ecb", "41_1ecbplus"}]
    run = E.run_sitroom(docs)
    assert set(run.stories) == set(run.doc_ids.values())
    assert run.analyses["41_1ecb"].events and set(run.lemmas) >= {m.id for d in docs for m in d.eval_mentions}
    found = E.match_events(docs, run.analyses)
    assert found.mentions and set(found.mentions.values()) <= set(run.event_clusters)
    stored = {m.entity_id for ms in run.mentions.values() for m in ms if m.entity_id}
    linked = E.match_entities(docs, run.mentions)
    assert linked and set(linked.values()) <= stored and any(i.startswith("place/geonames/") for i in linked.values())
