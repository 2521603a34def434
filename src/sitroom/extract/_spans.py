"""Span helpers that cost what the span costs, not what the document costs.

spaCy's ``Span.ents`` and ``Doc.ents`` rebuild the tuple of every entity of the document
on each call, and ``Doc.text`` joins every token: called once per candidate or per event,
they make an extractor quadratic in the length of the document (a 100 KB page of event
sentences took minutes). :func:`ents_within` reads the entity tags of the span's own tokens; :func:`doc_text`
joins the text once per document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def ents_within(span: Span) -> list[Span]:
    """The named entities that lie wholly inside ``span``, as ``span.ents`` gives them
    (same boundaries, labels, entity ids and order), in time proportional to the span plus
    the tail of an entity that runs past its end."""
    doc = span.doc
    found: list[Span] = []
    end = span.end
    i = span.start
    while i < end:
        token = doc[i]
        if token.ent_iob != 3 or token.ent_type == 0:  # not the first token of an entity
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob == 1:
            j += 1
        if j > end:
            break  # an entity that runs past the span: Span.ents stops there too
        found.append(Span(doc, i, j, label=token.ent_type, kb_id=token.ent_kb_id, span_id=token.ent_id))
        i = j
    return found


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
