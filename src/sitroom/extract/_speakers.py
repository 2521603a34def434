"""Speaker phrases, roles and canonical names for sitroom.quotes.

The source of an attribution (PARC 3.0's "source", Pareti 2016) is a token found by the
dependency rules in :mod:`sitroom.extract.quotes`. This module turns it into what a
:class:`~sitroom.model.Quote` stores:

* the phrase as written: the head with its left modifiers ("U.S. Lt. Gen. Stephen J. Townsend");
* the role: an appositive ("Wassim Nasr, a journalist at France 24", AP Stylebook: titles and
  appositives) or, without one, the title written before the name ("Iraqi Prime Minister");
* the canonical name: the actor the entity ruler linked, else the longest PERSON name in the
  document that ends in the same surname (AP: full name on first reference, surname after).

Pronoun antecedents are chosen by :func:`antecedent`: the most recent compatible source, a
recency-and-subject salience rule after Lappin & Leass (1994).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from sitroom.nlp import Actors

PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "messrs", "mx", "sir", "dame", "madam", "monsieur", "m"})
_NAME_DEPS = frozenset({"compound", "amod", "det", "nmod", "poss", "nummod", "case", "punct", "quantmod"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_EDGE_PUNCT = ",;:—–-()\"“”‘’'"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved source: what a Quote stores about who spoke."""

    name: str | None
    text: str
    start: int
    end: int
    role: str | None = None
    entity: str | None = None
    person: bool = True


def clean(text: str) -> str:
    """``text`` with runs of whitespace (newlines, no-break spaces) as one space, trimmed."""
    return " ".join(text.split())


def phrase(head: Token) -> tuple[int, int]:
    """Token range ``[i, j)`` of the speaker phrase as written, built on ``head``.

    Left dependents that modify a name (compound, amod, det, nmod, poss...) are kept with
    their own subtrees; for common-noun heads an ``of``/``for`` phrase is kept too ("a
    spokesman for the ministry"); appositives and relative clauses are left out.
    """
    lo = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and child.dep_ != "punct":
            lo = min(lo, child.left_edge.i)
    hi = head.i + 1
    if head.pos_ == "NOUN" and not head.ent_type_:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "from"):
                hi = max(hi, child.right_edge.i + 1)
    ent = _entity(head)
    if ent is not None:
        lo, hi = min(lo, ent.start), max(hi, ent.end)
    doc = head.doc
    while lo < hi - 1 and (doc[lo].is_space or doc[lo].text in _EDGE_PUNCT):
        lo += 1
    while hi - 1 > lo and (doc[hi - 1].is_space or doc[hi - 1].text in _EDGE_PUNCT):
        hi -= 1
    return lo, hi


def _entity(token: Token) -> SpacySpan | None:
    """The named entity ``token`` is part of, if any."""
    if not token.ent_type_:
        return None
    doc = token.doc
    lo, hi = token.i, token.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return SpacySpan(doc, lo, hi, label=token.ent_type_)


def role(head: Token) -> str | None:
    """The speaker's role as written: an appositive, else a title before the name.

    An appositive that itself holds a PERSON name is another person (a coordination the
    parser read as apposition), and a one-word proper noun is an alias ("(UNIFIL)"): neither
    is a role. Courtesy titles alone ("Mr.") are not roles either (AP Stylebook: courtesy titles).
    """
    for child in head.rights:
        if child.dep_ == "appos":
            tokens = list(child.subtree)
            if any(t.ent_type_ == "PERSON" for t in tokens) or (len(tokens) == 1 and tokens[0].pos_ == "PROPN"):
                continue
            text = _trim(head.doc, tokens[0].i, tokens[-1].i + 1)
            if text:
                return text
    ent = _entity(head)
    if ent is not None and ent.label_ == "PERSON":
        lo, _ = phrase(head)
        while lo < ent.start and head.doc[lo].lower_ == "the":
            lo += 1
        title = _trim(head.doc, lo, ent.start) if lo < ent.start else None
        if title and not all(w.lower().rstrip(".") in COURTESY_TITLES for w in title.split()):
            return title
    return None


def _trim(doc: Doc, lo: int, hi: int) -> str | None:
    """The text of tokens ``[lo, hi)`` without edge punctuation, whitespace collapsed."""
    text = doc[lo:hi].text if hi > lo else ""
    return clean(text.strip(_EDGE_PUNCT + " \n\t\xa0")) or None


def is_source(token: Token, source_nouns: frozenset[str], document_nouns: frozenset[str]) -> bool:
    """Whether ``token`` can be the source of an attribution: a human or institution.

    Named entities (PERSON, ORG, GPE, NORP), personal pronouns, proper nouns, and nouns
    listed as sources or documents in ``speech_cues.toml`` qualify.
    """
    if token.ent_type_ in ("PERSON", *_ORG_LABELS):
        return True
    lower = token.lower_
    if token.pos_ == "PRON":
        return lower in PERSON_PRONOUNS or lower in ("they", "we")
    if token.pos_ == "PROPN" or (token.is_title and token.pos_ == "NOUN" and token.i > token.sent.start):
        return True
    return token.lemma_.lower() in source_nouns or token.lemma_.lower() in document_nouns or (
        token.is_title and token.pos_ == "NOUN"
    )


def person_names(doc: Doc) -> list[SpacySpan]:
    """PERSON entities of ``doc``, in order."""
    return [ent for ent in doc.ents if ent.label_ == "PERSON"]


def full_name(short: str, persons: Iterable[SpacySpan]) -> str:
    """The longest PERSON name ending in the same surname as ``short`` (first such on ties).

    "Townsend" -> "Stephen J. Townsend", "Al-Baghdadi" -> "Abu Bakr al-Baghdadi".
    """
    surname = _surname(short)
    best = short
    for ent in persons:
        name = clean(ent.text)
        if _surname(name) == surname and len(name) > len(best):
            best = name
    return best


def _surname(name: str) -> str:
    words = name.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words else ""


def resolve(head: Token, actors: Actors, persons: Sequence[SpacySpan]) -> Speaker:
    """A named source (entity, proper noun or noun phrase) as a :class:`Speaker`.

    The canonical name is the linked actor's when the entity ruler set ``ent_id_``
    (or :meth:`Actors.lookup` knows the phrase), the full PERSON name for a person, the
    phrase without its article for a named organisation, else None (bare descriptions such
    as "the statement" or "officials").
    """
    lo, hi = phrase(head)
    doc = head.doc
    ent = _entity(head)
    described = ent is None and head.pos_ != "PROPN"
    named = _named_appositive(head) if described else None
    if named is not None:
        # "a 29-year-old witness, Qusay Kaabi": the name is the speaker, the description its role.
        inner = resolve(named, actors, persons)
        description = clean(doc[lo:hi].text)
        end = inner.end
        return Speaker(
            inner.name, doc.text[doc[lo].idx : end], doc[lo].idx, end, inner.role or description, inner.entity, inner.person
        )
    text = doc[lo:hi].text
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    actor_id = head.ent_id_ or None
    if actor_id is None and ent is not None:
        actor_id = ent.ent_id_ or None
    actor = actors.entities.get(actor_id) if actor_id else None
    if actor is None:
        actor = actors.lookup(ent.text if ent is not None else text)
    is_person = (ent is not None and ent.label_ == "PERSON") or (actor is not None and actor.type == "person")
    if actor is not None:
        return Speaker(actor.name, text, start, end, role(head), actor.id, is_person)
    if ent is not None and ent.label_ == "PERSON":
        return Speaker(full_name(clean(ent.text), persons), text, start, end, role(head), None, True)
    if head.is_title and head.pos_ in ("PROPN", "NOUN") and not ent:
        name = full_name(head.text, persons)
        if name != head.text:
            return Speaker(name, text, start, end, role(head), None, True)
    named = ent is not None or any(is_named(t) for t in doc[lo:hi])
    name = clean(_strip_article(doc[lo:hi])) if named else None
    return Speaker(name, text, start, end, role(head), None, False)


def is_named(token: Token) -> bool:
    """A token of a PERSON/ORG/GPE/NORP/FAC name, or a proper noun outside any other entity
    (dates are not names) that is not a capitalised first word of its sentence."""
    if token.ent_type_:
        return token.ent_type_ in ("PERSON", *_ORG_LABELS)
    return token.pos_ == "PROPN" and token.i != token.sent.start


def _named_appositive(head: Token) -> Token | None:
    """The PERSON or ORG name in apposition to a description ("the newspaper, the Daily Star")."""
    for child in head.rights:
        if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG"):
            return child
    return None


def _strip_article(span: SpacySpan) -> str:
    tokens = list(span)
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    if not tokens:
        return span.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


def antecedent(
    pronoun: Token,
    candidates: Sequence[tuple[int, Speaker]],
) -> Speaker | None:
    """The most recent compatible named source before ``pronoun`` (None when there is none).

    ``candidates`` are ``(offset, speaker)`` pairs in document order; "he"/"she"/"his"/"her"
    take a person, "they"/"it"/"their"/"its" an organisation.
    """
    want_person = pronoun.lower_ in PERSON_PRONOUNS
    for offset, speaker in reversed(candidates):
        if offset >= pronoun.idx or speaker.name is None:
            continue
        if speaker.person == want_person:
            return speaker
    return None
