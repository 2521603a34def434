"""The span helpers against spaCy's own answers, and in time that grows with the span."""

from __future__ import annotations

from sitroom.extract._spans import doc_text, ents_within

TEXT = (
    "Islamic State fighters attacked Mosul on Monday, the Iraqi army said. "
    "Daesh denied it. Prime Minister Haider al-Abadi flew to Baghdad on Tuesday.\n\n"
    "The United Nations said 3,000 families had fled to Erbil."
)


def key(ents):
    return [(e.start, e.end, e.label_, e.ent_id_, e.kb_id_) for e in ents]


def test_ents_within_gives_what_span_ents_gives_for_every_window(nlp):
    doc = nlp(TEXT)
    assert any(e.ent_id_ for e in doc.ents), "the actor ruler set an entity id to compare"
    for width in (1, 2, 3, 5, 8, len(doc)):
        for start in range(0, len(doc) - width + 1):
            span = doc[start : start + width]
            assert key(ents_within(span)) == key(span.ents), span.text
    for sent in doc.sents:
        assert key(ents_within(sent)) == key(sent.ents)


def test_doc_text_is_the_text_of_the_document_it_is_given(nlp):
    first, second = nlp("Aid reached Goma."), nlp("Shelling resumed in Kharkiv.")
    assert doc_text(first) == first.text
    assert doc_text(second) == second.text
    assert doc_text(first) == first.text


def test_ents_within_reads_the_entities_of_the_document_it_is_given(nlp):
    first, second = nlp("Aid reached Goma from Kigali."), nlp("Shelling resumed in Kharkiv, Ukraine said.")
    for doc in (first, second, first):
        whole = doc[0 : len(doc)]
        assert key(ents_within(whole)) == key(doc.ents) and doc.ents


def test_a_climb_up_the_heads_stops_at_the_root(nlp):
    """spaCy makes a new Token object on each access, so ``token.head is token`` is never
    true: the root is recognised by equality, and a climb visits it once."""
    from sitroom.extract.figures import _clause_heads

    doc = nlp("Officials said that at least 12 people were killed in the attack on the market.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.head == root and root.head is not root
    heads = list(_clause_heads(doc[6]))  # "people"
    assert heads[-1] == root and sum(h == root for h in heads) == 1


def test_token_starts_and_lower_lemmas_read_the_arrays_of_the_document_they_are_given(nlp):
    from sitroom.extract._spans import lower_lemmas, token_starts

    first, second = nlp("Rebels Attacked the town.  Soldiers fled."), nlp("IS fighters were killed in Mosul on Monday.")
    for doc in (first, second, first):
        assert token_starts(doc) == [t.idx for t in doc]
        assert lower_lemmas(doc) == [t.lemma_.lower() for t in doc]
