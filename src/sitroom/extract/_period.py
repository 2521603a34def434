"""Cumulative statements: a count or an event over a period, not one occurrence.

"The war has killed 180,000", "since 2011, 500,000 dead", "200 civilians have been killed
in the past seven days", "so far 900 people have fled": each is a total over a period or
over many incidents. ACLED codes discrete, dated events (ACLED Codebook 2023, "Event
definition"); such totals are figures with a period (``Figure.cumulative``,
``Figure.period``), never an event and never a row of an event table. ISO-TimeML marks
the same reading with a DURATION-anchored or SET-quantified event (Pustejovsky et al.
2010); the cues below are those of English news.
"""

from __future__ import annotations

from spacy.tokens import Token

PERIOD_ADVERBS = frozenset({"so far", "to date", "thus far", "altogether", "overall", "in total", "in all", "cumulatively", "since then"})
"""Adverbial phrases (lower case) that make a count a running total."""
PERIOD_PREPS = frozenset({"since", "throughout"})
SPAN_PREPS = frozenset({"in", "over", "during", "within", "across"})
"""Prepositions that, with "the past/last N days" or a war noun, give a period."""
LOOKBACK = frozenset({"past", "last", "previous", "preceding", "recent"})
PERIOD_NOUNS = frozenset({"day", "week", "month", "year", "decade", "hour", "weekend", "period"})
WAR_NOUNS = frozenset(
    {"war", "conflict", "insurgency", "violence", "crisis", "fighting", "uprising", "occupation", "campaign", "civil war", "hostility", "offensive", "bombardment", "operation"}
)
"""A cause or time frame that is the conflict as a whole."""
_CLIMB = 6
REPORTING = frozenset({"say", "report", "estimate", "state", "claim", "add", "find", "show", "tell", "announce", "confirm", "believe", "think"})


def _phrase_text(token: Token) -> str:
    doc = token.doc
    return doc[token.left_edge.i : token.right_edge.i + 1].text


def _period_modifier(head: Token) -> str | None:
    """A period modifier among the children of ``head`` ("since 2011", "in the past week")."""
    for child in head.children:
        lower = child.lower_
        if child.dep_ == "prep" and lower in PERIOD_PREPS:
            return _phrase_text(child)
        if child.dep_ == "prep" and lower in ("between", "from") and _spans_dates(child):
            return _phrase_text(child)  # "between July 2004 and May 2005", "from 2003 to 2006"
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in child.children):
            return _phrase_text(child)  # "since the conflict began"
        if child.dep_ == "prep" and lower in SPAN_PREPS:
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                lemma = obj.lemma_.lower()
                mods = {c.lower_ for c in obj.children}
                counted = any(c.dep_ == "nummod" for c in obj.children)
                if lemma in PERIOD_NOUNS and (mods & LOOKBACK or mods & {"same", "whole", "entire"} or (counted and obj.tag_ == "NNS")):
                    return _phrase_text(child)  # "in the past seven days", "over 24 months", "in the same period"
                if lemma in WAR_NOUNS and child.lower_ != "in":
                    return _phrase_text(child)  # "during the war", "over the conflict"
        if child.dep_ in ("advmod", "npadvmod", "prep"):
            text = _phrase_text(child).lower()
            if text in PERIOD_ADVERBS or (child.lower_ in ("far", "date") and text in PERIOD_ADVERBS):
                return _phrase_text(child)
            if child.dep_ == "npadvmod" and child.lemma_.lower() in PERIOD_NOUNS and any(c.lower_ == "this" for c in child.children):
                if any(c.lower_ == "far" for c in head.children):
                    return _phrase_text(child)  # "so far this year"
    return None


def _spans_dates(prep: Token) -> bool:
    """A prepositional phrase that runs from one date to another."""
    dates = [t for t in prep.subtree if t.ent_type_ == "DATE"]
    joined = any(t.lower_ in ("and", "to", "until", "through") for t in prep.subtree)
    return joined and sum(1 for t in dates if t.ent_iob_ == "B") >= 2


def _war_subject(verb: Token) -> Token | None:
    """The conflict as a whole as the cause of a perfect: its subject ("the war has killed"),
    its agent or cause ("have been displaced by the violence", "killed as a result of the
    offensive")."""
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lemma_.lower() in WAR_NOUNS:
            return child
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in", "during", "from", "as"):
            for obj in child.subtree:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in WAR_NOUNS and obj.head.lower_ in ("by", "in", "during", "from", "of"):
                    return obj
    return None


TOTAL_OF = ("a total of", "the total of", "in total", "a combined", "a cumulative")
"""Words before a number that make it a total ("left a total of 115 people dead")."""


def total_before(text: str, start: int) -> str | None:
    """"a total of" (or the like) written just before the number at ``start``, as written."""
    before = text[max(0, start - 20) : start].rstrip()
    for cue in TOTAL_OF:
        if before.lower().endswith(cue):
            return before[len(before) - len(cue) :]
    return None


def cumulative_period(token: Token) -> str | None:
    """The period phrase that makes the statement at ``token`` a total, or ``None``.

    ``token`` is an event trigger or a figure's predicate; its own clause and the clauses
    it is an argument of are read (up to a finite clause boundary). Returns the period as
    written ("since 2011", "in the past seven days"), or "the war" when the conflict as a
    whole is the subject of a perfect ("the war has killed 180,000").
    """
    node = token
    for _ in range(_CLIMB):
        found = _period_modifier(node) or next((f for c in node.children if c.dep_ == "conj" and (f := _period_modifier(c))), None)
        if found:
            return found
        if node.pos_ in ("VERB", "AUX") and (war := _war_subject(node)) is not None:
            return _phrase_text(war)
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING:
            # "Since the conflict began, it is said that 180,000 people have been killed"
            return _period_modifier(node.head)
        if node.head is node or node.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
            return None
        node = node.head
    return None
