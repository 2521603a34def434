"""Span helpers that cost what the span costs, not what the document costs.

spaCy's ``Span.ents`` and ``Doc.ents`` rebuild the tuple of every entity of the document
on each call, and ``Doc.text`` joins every token: called once per candidate or per event,
they make an extractor quadratic in the length of the document (a 100 KB page of event
sentences took minutes). :func:`ents_within` reads the entity tags of the span's own tokens; :func:`doc_text`
joins the text once per document.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LEMMA
from spacy.tokens import Doc, Span


def ents_within(span: Span) -> list[Span]:
    """The named entities that lie wholly inside ``span``, as ``span.ents`` gives them
    (same boundaries, labels, entity ids and order), in time proportional to the entities
    of the span: the document's entity boundaries are read once (:func:`_entity_table`)."""
    doc = span.doc
    starts, table = _entity_table(doc)
    found: list[Span] = []
    for k in range(bisect_left(starts, span.start), len(starts)):
        start, end, label, kb_id, ent_id = table[k]
        if start >= span.end or end > span.end:
            break  # past the span, or an entity that runs past its end: Span.ents stops there too
        found.append(Span(doc, start, end, label=label, kb_id=kb_id, span_id=ent_id))
    return found


_last_ents: tuple[Doc | None, int, list[int], list[tuple[int, int, int, int, int]]] = (None, 0, [], [])


def _entity_table(doc: Doc) -> tuple[list[int], list[tuple[int, int, int, int, int]]]:
    """The starts and ``(start, end, label, kb id, entity id)`` of the document's entities
    (a token that begins one, and the tokens inside it that follow), read from the Doc's
    arrays once per document (one slot, like :func:`doc_text`)."""
    global _last_ents
    cached, length, starts, table = _last_ents
    if cached is doc and length == len(doc):
        return starts, table
    rows = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]).tolist() if len(doc) else []
    table = []
    i, n = 0, len(rows)
    while i < n:
        iob, label, kb_id, ent_id = rows[i]
        if iob != 3 or label == 0:
            i += 1
            continue
        j = i + 1
        while j < n and rows[j][0] == 1:
            j += 1
        table.append((i, j, label, kb_id, ent_id))
        i = j
    starts = [row[0] for row in table]
    _last_ents = (doc, len(doc), starts, table)
    return starts, table


_last_text: tuple[Doc | None, int, str] = (None, 0, "")


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document: the last document's text is kept (one slot),
    so rules that read it per mention or per candidate pay for it once."""
    global _last_text
    cached, length, text = _last_text
    if cached is doc and length == len(doc):
        return text
    text = doc.text
    _last_text = (doc, len(doc), text)
    return text


_last_starts: tuple[Doc | None, int, list[int]] = (None, 0, [])


def token_starts(doc: Doc) -> list[int]:
    """``[t.idx for t in doc]``, read from the Doc's array once per document (one slot):
    the character offset of each token, for bisecting a character to its token."""
    global _last_starts
    cached, length, starts = _last_starts
    if cached is doc and length == len(doc):
        return starts
    starts = doc.to_array(IDX).tolist() if len(doc) else []
    _last_starts = (doc, len(doc), starts)
    return starts


_last_lemmas: tuple[Doc | None, int, list[str]] = (None, 0, [])


def lower_lemmas(doc: Doc) -> list[str]:
    """``[t.lemma_.lower() for t in doc]``, from the Doc's lemma array once per document (one
    slot): scans for a few lemmas then make a Token only where one stands."""
    global _last_lemmas
    cached, length, lemmas = _last_lemmas
    if cached is doc and length == len(doc):
        return lemmas
    hashes = doc.to_array(LEMMA).tolist() if len(doc) else []
    strings = doc.vocab.strings
    lowered = {h: strings[h].lower() for h in set(hashes)}
    lemmas = [lowered[h] for h in hashes]
    _last_lemmas = (doc, len(doc), lemmas)
    return lemmas
