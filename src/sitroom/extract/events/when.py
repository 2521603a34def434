"""When an event happened: the time expression that governs it, with ACLED's precision.

The date is a resolved point time expression (TIMEX3 DATE or TIME, :mod:`sitroom.extract.time`,
which resolves weekdays with the clause's tense: "due to travel Tuesday" is ahead) of the
trigger's own clause, nearest first; else one in a clause above it ("On Tuesday police said
the gunmen had attacked...") unless the event's clause is placed in time by another event
("three years after ISIS seized the city") or is a relative clause; else the sentence's
only date when it hangs on no speech verb, frames no other event and is not a noun's own
clause's ("A car bomb was on Monday rammed into a base"; not "elections scheduled for
January 8th"). An expression that bounds
the event instead of dating it ("extend its mission until March 31") and durations or sets
never date it. The publication day dates only the lead events of the article (its first
paragraph) that no expression dates, marked ``inferred`` with ACLED precision 2, as ACLED
dates an undated report "in the week of" its publication; any other undated event stays
undated (:mod:`sitroom.extract.events.happenings` may date it from another mention of the
same happening).

ACLED time precision (Codebook 2023): 1 the day is known, 2 a week or a few days, 3 a month
or longer.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract.events.syntax import SPEECH_LEMMAS, SUPPORT_VERBS, clause_head, in_clause, in_subtree
from sitroom.model import TimeRef

END_BOUNDS = frozenset({"until", "till", "through", "to", "by"})
"""Prepositions whose time expression bounds an event instead of dating it."""
POINT_TYPES = frozenset({"DATE", "TIME"})
RECALLED = frozenset({"recent", "latest", "previous", "earlier", "last"})
"""Adjectives that recall an event from before the clause's time ("though a recent shooting
by a Canadian sniper ..."): the clause's date is not its date."""
ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their"})
"""TIMEX3 types that date an event (a DURATION or a SET does not)."""


def _usable(ref: TimeRef, sent: SpacySpan) -> tuple[TimeRef, SpacySpan] | None:
    if ref.value is None or ref.type not in POINT_TYPES or not sent.start_char <= ref.span.start < sent.end_char:
        return None
    if not ref.value[:1].isdigit():
        return None  # PRESENT_REF, PAST_REF, XXXX-...: nothing to place it on a calendar
    span = sent.doc.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if span.root.dep_ == "pobj" and span.root.head.lower_ in END_BOUNDS:
        return None  # "until March 31": when it ends, not when it happens
    if span.root.dep_ == "pobj" and span.root.head.lower_ == "since":
        return None  # "since March": the start of a period
    return ref, span


def event_time(trigger: Token, anchor: Token, sent: SpacySpan, times: Sequence[TimeRef], told_before: bool = True) -> TimeRef | None:
    """The time expression that dates the event at ``trigger`` (see the module notes);
    ``told_before``: the event's word was used for an earlier event of the document, so that
    "the bombing" may refer back to it (a first "the bombing of a convoy" does not)."""
    usable = [u for ref in times if (u := _usable(ref, sent)) is not None]
    if not usable:
        return None

    def distance(item: tuple[TimeRef, SpacySpan]) -> int:
        return abs(item[1].root.i - trigger.i)

    if trigger.pos_ in ("NOUN", "PROPN"):
        # "the campaign, launched Sunday", "an offensive that began on Monday": its own participle dates it
        starts = {c for c in trigger.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in OCCUR_VERBS | SUPPORT_VERBS}
        # "an explosion that had killed 34 and wounded 217 the day before": its outcome's clause dates it
        outcomes = {c for c in trigger.children if c.dep_ == "relcl" and c.lemma_.lower() in OUTCOME_VERBS}
        starts |= outcomes | {c for o in outcomes for c in o.children if c.dep_ == "conj" and c.lemma_.lower() in OUTCOME_VERBS}
        launched = [u for u in usable if clause_head(u[1].root) in starts]
        if launched:
            return min(launched, key=distance)[0]
    determiners = {c.lower_ for c in trigger.children if c.dep_ in ("det", "poss")} & ANAPHORIC if trigger.pos_ in ("NOUN", "PROPN") else set()
    recalled = trigger.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in RECALLED for c in trigger.children)
    if ((determiners and (told_before or determiners - {"the"})) or recalled) and not _occurs(trigger):
        # "these attacks have reached today...": a description of an event told before is
        # dated by its own words only, not by the clause it stands in
        inner = [u for u in usable if in_clause(u[1].root, trigger)]
        return min(inner, key=distance)[0] if inner else None
    own = [u for u in usable if clause_head(u[1].root) == anchor or in_clause(u[1].root, trigger) or in_clause(u[1].root, anchor) or _stranded(u[1], anchor)]
    direct = [u for u in own if not _in_subclause(u[1].root, anchor)]
    if direct and len(direct) < len(own):
        # "On Tuesday, February 28, three reporters were arrested for publishing stories Saturday":
        # the time on the event's own verb, not one inside a clause it governs
        return min(direct, key=distance)[0]
    if own:
        return min(own, key=distance)[0]
    if anchor.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in SIMULTANEOUS_MARKS for c in anchor.children):
        # "The war began in July last year when Hezbollah killed five soldiers": at the time of the clause it is part of
        main = [u for u in usable if clause_head(u[1].root) == anchor.head]
        if main:
            return min(main, key=distance)[0]
    if _framed(anchor):
        return None  # "three years after ISIS seized the city": dated by another event
    above = [u for u in usable if in_subtree(anchor, clause_head(u[1].root))]
    if above:
        return min(above, key=distance)[0]
    free = [
        u
        for u in usable
        if not _framed(clause_head(u[1].root)) and clause_head(u[1].root).lemma_.lower() not in SPEECH_LEMMAS and clause_head(u[1].root).dep_ not in ("acl", "relcl")
    ]  # not a date that a noun's own clause gives ("elections scheduled for January 8th")
    if len(free) == 1 and len(usable) == 1:
        return free[0][0]  # the sentence's one date, in no other event's frame ("A car bomb was on Monday rammed into...")
    return None


def _in_subclause(token: Token, anchor: Token) -> bool:
    """``token`` hangs on ``anchor`` through another verb ("arrested for publishing stories
    Saturday"), not through a noun ("at the August 5 funeral")."""
    node = token.head
    for _ in range(8):
        if node == anchor or node.head == node:
            return False
        if node.pos_ in ("VERB", "AUX") or node.dep_ in CLAUSE_DEPS:  # "for publishing stories Saturday": a gerund the tagger calls a noun
            return True
        node = node.head
    return False


CLAUSE_DEPS = frozenset({"pcomp", "advcl", "xcomp", "ccomp", "relcl", "acl"})


def _stranded(time: SpacySpan, anchor: Token) -> bool:
    """A time right after the event's relative or participle clause that the parser hung on a
    main verb in the present perfect, which cannot take a past time ("a soldier who was killed
    in Iraq yesterday has been named"): it ends the event's clause."""
    head = time.root.head
    perfect = head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in head.children)
    return anchor.dep_ in ("relcl", "acl") and perfect and time.start == anchor.right_edge.i + 1 and head.i > time.end - 1


OUTCOME_VERBS = frozenset({"kill", "wound", "injure", "leave", "claim"})
"""Verbs of an event noun's relative clause that tell its outcome ("a blast that killed 12 on
Monday"): their time is the event's."""
OCCUR_VERBS = frozenset({"happen", "occur", "take", "begin", "start", "erupt", "break", "end", "come", "unfold"})
"""Verbs whose subject is an event and whose time is that event's ("the fighting took place
late Wednesday", "the attack happened on Monday")."""


def _occurs(noun: Token) -> bool:
    return noun.dep_ == "nsubj" and noun.head.lemma_.lower() in OCCUR_VERBS


TEMPORAL_MARKS = frozenset({"after", "before", "since", "until", "till", "when", "while", "as", "once"})
SIMULTANEOUS_MARKS = frozenset({"when", "while", "as"})
"""Marks of a clause that happens at the time of the clause it modifies."""


def _framed(anchor: Token) -> bool:
    """The clause is placed in time by another event ("after X happened", "which came
    three years after"), so the sentence's other time expressions do not date it."""
    node = anchor
    for _ in range(6):
        if node.dep_ in ("advcl", "relcl", "pcomp", "acl") and any(c.dep_ in ("mark", "advmod") and c.lower_ in TEMPORAL_MARKS for c in node.children):
            return True
        if node.dep_ == "pcomp" and node.head.lower_ in TEMPORAL_MARKS:
            return True
        if node.dep_ == "relcl":
            return True
        if node.head == node:
            return False
        node = node.head
    return False
