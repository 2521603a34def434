"""Span helpers that cost what the span costs, not what the document costs.

spaCy's ``Span.ents`` and ``Doc.ents`` rebuild the tuple of every entity of the document
on each call, and ``Doc.text`` joins every token: called once per candidate or per event,
they make an extractor quadratic in the length of the document (a 100 KB page of event
sentences took minutes). What a rule reads per candidate is read once per document
(:func:`once_per_doc`): the entity boundaries :func:`ents_within` bisects, the text
(:func:`doc_text`), the token offsets and lower-case lemmas, the last two from the Doc's arrays.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LEMMA
from spacy.tokens import Doc, Span


T = TypeVar("T")


def once_per_doc(read: Callable[[Doc], T]) -> Callable[[Doc], T]:
    """``read(doc)`` kept for the last document it was given (one slot, checked by identity
    and length), so that rules that call it per mention or per candidate pay for it once."""
    last: list[tuple[Doc, int, T]] = []

    @wraps(read)
    def cached(doc: Doc) -> T:
        if last and last[0][0] is doc and last[0][1] == len(doc):
            return last[0][2]
        value = read(doc)
        last[:] = [(doc, len(doc), value)]
        return value

    return cached


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


@once_per_doc
def _entity_table(doc: Doc) -> tuple[list[int], list[tuple[int, int, int, int, int]]]:
    """The starts and ``(start, end, label, kb id, entity id)`` of the document's entities
    (a token that begins one, and the tokens inside it that follow), read from the Doc's
    arrays once per document (:func:`once_per_doc`)."""
    rows = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]).tolist() if len(doc) else []
    table: list[tuple[int, int, int, int, int]] = []
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
    return [row[0] for row in table], table


@once_per_doc
def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document (:func:`once_per_doc`)."""
    return doc.text


@once_per_doc
def token_starts(doc: Doc) -> list[int]:
    """``[t.idx for t in doc]``, read from the Doc's array once per document: the character
    offset of each token, for bisecting a character to its token."""
    return doc.to_array(IDX).tolist() if len(doc) else []


@once_per_doc
def lower_lemmas(doc: Doc) -> list[str]:
    """``[t.lemma_.lower() for t in doc]``, from the Doc's lemma array once per document:
    scans for a few lemmas then make a Token only where one stands."""
    hashes = doc.to_array(LEMMA).tolist() if len(doc) else []
    lowered = {h: doc.vocab.strings[h].lower() for h in set(hashes)}
    return [lowered[h] for h in hashes]
