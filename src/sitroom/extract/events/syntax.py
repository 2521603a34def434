"""Walks over spaCy's dependency parse shared by the event rules (ClearNLP labels)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token
from spacy.tokens import Span as SpacySpan

MAX_HOPS = 6
"""Bound on walks up the dependency tree."""
SUPPORT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "begin", "start", "lead", "claim", "perpetrate", "unleash", "step", "commit", "drop", "open", "exchange", "trade"})
"""Light verbs whose subject is the agent of their event noun ("X launched an attack",
"warplanes dropped bombs", "soldiers opened fire on X", "X exchanged gunfire with Y")."""
SPEECH_LEMMAS = frozenset({"say", "announce", "tell", "state", "declare", "report", "confirm", "add", "claim", "write", "accuse", "allege", "blame"})
"""Verbs that report speech: "would" in their complement is the future of the past, and
their own place and time are the speaker's, not the event's."""
TIME_ENTS = frozenset({"DATE", "TIME"})
NUMBER_ENTS = frozenset({"CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def clause_head(token: Token) -> Token:
    """The verb whose clause holds ``token``: climbs from nouns and through ``xcomp``."""
    for _ in range(MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("xcomp", "amod", "aux", "auxpass"):
            return token
        if token.head == token:
            return token
        token = token.head
    return token


def children(token: Token, *deps: str) -> list[Token]:
    """The children of ``token`` with one of the dependency labels ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``token`` ("by X", "against X")."""
    wanted = set(preps)
    return [
        o
        for p in token.children
        if p.dep_ in ("prep", "agent") and p.lower_ in wanted
        for o in children(p, "pobj")
        if o.ent_type_ not in TIME_ENTS
    ]


def common_lemma(token: Token) -> str:
    """The token's lemma in lower case; for a capitalised word that opens its sentence and
    names no entity, the lemma of its common-noun reading ("Rebels attacked", tagged as a
    proper noun by the model, is "rebel"), so that word lists match it."""
    if token.pos_ == "PROPN" and not token.ent_type_ and token.i == token.sent.start and token.text[:1].isupper():
        lower = token.lower_
        if lower.endswith("men"):
            return lower[:-3] + "man"
        if lower.endswith("ies"):
            return lower[:-3] + "y"
        if lower.endswith("s") and not lower.endswith("ss"):
            return lower[:-1]
        return lower
    return token.lemma_.lower()


def in_subtree(token: Token, ancestor: Token) -> bool:
    """``ancestor`` is ``token`` or one of its heads (bounded walk)."""
    node = token
    for _ in range(40):
        if node == ancestor:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj"})


def in_clause(token: Token, head: Token) -> bool:
    """``head`` governs ``token`` without a clause boundary between them (a relative,
    adverbial or complement clause has its own time and place)."""
    node = token
    for _ in range(40):
        if node == head:
            return True
        if node.dep_ in CLAUSE_DEPS or node.head == node:
            return False
        node = node.head
    return False


def phrase(token: Token) -> SpacySpan:
    """The noun phrase headed by ``token`` up to the head (plus "of X" after a quantity)."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (
        doc[start].dep_ in ("det", "punct", "predet", "preconj", "cc", "advmod") or doc[start].tag_ == "PRP$" or doc[start].ent_type_ in TIME_ENTS
    ):
        start += 1
    end = token.i + 1
    if token.pos_ == "NUM" or token.lemma_.lower() in ("thousand", "hundred", "dozen", "score", "million", "number"):
        of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"]
        if of:
            end = of[0].right_edge.i + 1
    # a name written after its head ("forces loyal to X") stays out; appositions too
    start = max(start, end - 10)
    return doc[start:end]


def words(token: Token | None) -> set[str]:
    """Lemmas (and lemma pairs) of the phrase headed by ``token``."""
    if token is None:
        return set()
    span = phrase(token)
    lemmas = {t.lemma_.lower() for t in span}
    return lemmas | {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in zip(span, span[1:], strict=False)}


GROUP_WORDS = frozenset({"group", "team", "unit", "squad", "band", "gang", "contingent", "detachment", "party", "crowd", "mob", "column", "convoy", "handful", "couple", "member"})
"""Nouns of a gathering whose "of"-object says who acts ("groups of masked police officers",
"members of Hezbollah")."""
BODY_WORDS = frozenset({"body", "corpse", "remains"})
"""Nouns whose "of"-object is who died ("the bodies of 33 men")."""
PARTITIVE_WORDS = frozenset({"both", "all", "each", "some", "many", "several", "few"})
"""Quantifiers whose "of"-object is what they count ("Both of the victims")."""


def counted_noun(token: Token) -> Token:
    """The noun a quantity word or a gathering stands for ("dozens of civilians" ->
    civilians, "groups of masked police officers" -> officers)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NUM" or lemma in ("dozen", "hundred", "thousand", "score", "number", "million") or lemma in GROUP_WORDS:
        of = _of_objects(token)
        if of:
            return of[0]
    if lemma in BODY_WORDS:  # "the bodies of 33 men": the men
        of = [o for o in _of_objects(token) if o.pos_ in ("NOUN", "PROPN", "NUM")]
        if of:
            return counted_noun(of[0])
    if token.lower_ in PARTITIVE_WORDS:
        # "Both of the victims"; not "most of whom", "many of them", resolved as pronouns
        of = [o for o in _of_objects(token) if o.pos_ in ("NOUN", "PROPN")]
        if of:
            return of[0]
    return token


def _of_objects(token: Token) -> list[Token]:
    """The objects of the "of" phrases hung on ``token``, in order."""
    return [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in children(p, "pobj")]


def subject(verb: Token) -> Token | None:
    """nsubj of ``verb``, inherited from a coordinated or controlling verb when absent."""
    token = verb
    for _ in range(MAX_HOPS):
        found = children(token, "nsubj")
        if found:
            return found[0]
        if token.dep_ == "xcomp" and children(token.head, "dobj"):
            return children(token.head, "dobj")[0]  # object control: "forced a million to flee"
        if token.dep_ in ("conj", "xcomp") and token.head != token:
            token = token.head
            continue
        if token.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            token = clause_head(token.head)  # "made a decision to attack": the decider
            continue
        if token.dep_ == "advcl" and token.tag_ == "VBG" and not children(token, "mark"):
            token = token.head  # "..., killing 12": the subject of the main clause
            continue
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head if token.head.lemma_.lower() not in ("offensive", "offence", "operation", "campaign") else None
        return None
    return None

