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
    {"war", "conflict", "insurgency", "violence", "crisis", "fighting", "uprising", "occupation", "campaign", "civil war", "hostility", "offensive", "bombardment", "operation", "unrest"}
)
"""A cause or time frame that is the conflict as a whole (with a perfect: "the violence has killed")."""
WHOLE_WAR_NOUNS = frozenset({"war", "conflict", "insurgency", "uprising", "occupation", "rebellion", "genocide", "civil war"})
"""A cause that is the conflict as a whole in any tense ("the Second Congo War killed four
million"); "fighting", "violence" or "offensive" in the simple past can be one battle."""
POINT_IN_PERIOD = frozenset({"earlier", "later", "early", "late"})
"""Words that make "this month" a time within it ("earlier this month"), not the whole of it."""
LONG_OPERATIONS = frozenset({"offensive", "campaign", "crackdown"})
"""Operations of many days: their toll ("75 militants dead in an offensive", "killed nine protesters in a
crackdown") spans them."""
INCIDENT_NOUNS = frozenset(
    {"attack", "bombing", "explosion", "blast", "raid", "strike", "airstrike", "shooting", "incident", "killing", "assault", "ambush", "massacre", "suicide bombing"}
)
"""Incidents that, in the plural as the cause of deaths ("attacks that have killed scores",
"killed in explosions in Taba and Ras Shitan"), make the toll a sum over several events
(ACLED Codebook 2023: an event is one interaction at one place on one day)."""
WIDE_ONLY_NOUNS = frozenset({"clash", "bomb"})
"""Plural nouns that are one event at one place ("killed in clashes with police", "two bombs
at a market") and several only when placed across a country or at several places
("clashes between factions in Pakistan", "bombs at two Delhi cinemas")."""
PROCESS_CAUSES = frozenset(
    {"coronavirus", "covid", "covid-19", "cholera", "ebola", "malaria", "measles", "influenza", "flu", "disease", "virus", "pandemic", "epidemic", "outbreak", "famine", "starvation", "hunger", "malnutrition"}
)
"""Causes of death that run over weeks, never one interaction: deaths "from coronavirus" or
"of cholera" are an epidemic's running count (WHO situation reports count them so), not an
event's toll."""
ONE_INCIDENT = frozenset({"twin", "double", "triple", "simultaneous"})
"""Plural incidents told as one ("twin blasts at a market"), unless placed across a country
("twin attacks in Iraq": two events in two places)."""
CALENDAR_NOUNS = frozenset({"month", "year", "decade"})
"""``this``/``last`` + these is a period of many days ("have died in Afghanistan this year")."""
_CLIMB = 6
REPORTING = frozenset({"say", "report", "estimate", "state", "claim", "add", "find", "show", "tell", "announce", "confirm", "believe", "think"})


def _phrase_text(token: Token) -> str:
    doc = token.doc
    return doc[token.left_edge.i : token.right_edge.i + 1].text


def _perfect(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children)


def _period_modifier(head: Token, toll: bool = False) -> str | None:
    """A period modifier among the children of ``head`` ("since 2011", "in the past week")."""
    for child in head.children:
        lower = child.lower_
        if child.dep_ == "prep" and lower in PERIOD_PREPS:
            return _phrase_text(child)
        if child.dep_ == "prep" and lower == "as" and any(c.dep_ == "prep" and c.lower_ == "of" for c in child.children):
            return _phrase_text(child)  # "as of September 30": a running total
        if child.dep_ == "advmod" and lower == "already" and _perfect(head):
            return child.text  # "attacks which have already killed scores"
        if toll and child.dep_ == "npadvmod" and child.lemma_.lower() in CALENDAR_NOUNS and any(c.lower_ in ("this", "last", "past") for c in child.children) and not any(c.lower_ in POINT_IN_PERIOD for c in child.children):
            return _phrase_text(child)  # "have died this year": many days ("the deadliest attack this year" is one; "earlier this month" a time in it)
        if child.dep_ == "mark" and lower == "since" and _perfect(head):
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > child.i), None)
            if subject is not None:  # "violence since the coup has led to 50 deaths", parsed as a clause
                return head.doc[child.i : subject.right_edge.i + 1].text
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            since = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "since"), None)
            if since is not None:
                return _phrase_text(since)  # "unrest since her death has resulted in 32 deaths"
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
                if lemma in WAR_NOUNS and any(c.lemma_.lower() in PERIOD_NOUNS and any(n.dep_ == "nummod" for n in c.children) for c in obj.children):
                    return _phrase_text(child)  # "over its 38-year campaign", "in the 14-month offensive": its length says it spans many days
                if lemma in WAR_NOUNS and child.lower_ != "in" and not (child.lower_ == "over" and any(c.dep_ == "poss" for c in obj.children)):
                    return _phrase_text(child)  # "during the war", "over the conflict" (not the cause: "arrested over the weekend's violence")
                if toll and lemma in WHOLE_WAR_NOUNS | LONG_OPERATIONS and child.lower_ == "in":
                    return _phrase_text(child)  # "killed in the war", "dead in an offensive launched Sunday"
        if child.dep_ in ("advmod", "npadvmod", "prep"):
            text = _phrase_text(child).lower()
            if text in PERIOD_ADVERBS or (child.lower_ in ("far", "date") and text in PERIOD_ADVERBS):
                return _phrase_text(child)
            if child.dep_ == "npadvmod" and child.lemma_.lower() in PERIOD_NOUNS and any(c.lower_ == "this" for c in child.children):
                if any(c.lower_ == "far" for c in head.children):
                    return _phrase_text(child)  # "so far this year"
    return None


def noun_period(noun: Token) -> str | None:
    """A period among the counted noun's own modifiers ("817 deaths over its 38-year
    campaign", "deaths since 2011"), which the predicate's clause does not reach."""
    return _period_modifier(noun, toll=True)


def _spans_dates(prep: Token) -> bool:
    """A prepositional phrase that runs from one date to another."""
    dates = [t for t in prep.subtree if t.ent_type_ == "DATE"]
    joined = any(t.lower_ in ("and", "to", "until", "through") for t in prep.subtree)
    return joined and sum(1 for t in dates if t.ent_iob_ == "B") >= 2


def _war_subject(verb: Token) -> Token | None:
    """The conflict as a whole as the cause: the subject of any tense when it is a war
    ("the resulting Second Congo War killed"); with a perfect, also the violence or the
    fighting as subject, agent or cause ("have been displaced by the violence", "killed as a
    result of the offensive")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(c.tag_ in ("WDT", "WP") for c in subjects):
        subjects = [verb.head]  # "the six-day war that has killed many": the relative stands for the war
    for child in subjects:
        if child.lemma_.lower() in WHOLE_WAR_NOUNS:
            return child
    if not _perfect(verb):
        return None
    for child in subjects:
        if child.lemma_.lower() in WAR_NOUNS:
            return child
    for child in verb.children:
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in", "during", "from", "as"):
            for obj in child.subtree:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in WAR_NOUNS and obj.head.lower_ in ("by", "in", "during", "from", "of") and not _one_of_many(obj):
                    return obj
    return None


ONE_OPERATION_NOUNS = frozenset({"operation", "bombardment"})
"""Nouns of :data:`WAR_NOUNS` that, with an indefinite article, tell one operation ("killed 15
militants in an operation"); an offensive or a campaign runs for days (:data:`LONG_OPERATIONS`)."""


def _one_of_many(noun: Token) -> bool:
    """One operation among others ("said it had killed 15 militants in an operation"), not
    the conflict as a whole: a singular noun of :data:`ONE_OPERATION_NOUNS` with an
    indefinite article."""
    return noun.tag_ == "NN" and noun.lemma_.lower() in ONE_OPERATION_NOUNS and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)


def _incidents(noun: Token, verb: Token | None = None) -> bool:
    """A plural incident noun not told as one incident ("attacks", not "twin blasts"), nor
    placed at one town ("air raids in Beit Hanoun": ACLED codes the strikes of one place and
    day as one event). ``verb``: the predicate the noun is the cause at, whose own place
    phrases place the incidents too ("were killed by bombs at two cinemas")."""
    lemma = noun.lemma_.lower()
    if noun.tag_ not in ("NNS", "NNPS") or lemma not in INCIDENT_NOUNS | WIDE_ONLY_NOUNS:
        return False
    placed = _placed(noun, verb)
    if lemma in WIDE_ONLY_NOUNS:
        return placed == "wide"
    if any(c.lower_ in ONE_INCIDENT for c in noun.children):
        return placed == "wide"  # "twin blasts at a market" is one event; "twin attacks in Iraq" two
    return placed != "town"


def _placed(noun: Token, verb: Token | None = None) -> str | None:
    """``town`` when the incidents are placed at one town, ``wide`` at a country or at
    several places ("at two cinemas", "in Taba and Ras Shitan"), ``None`` when no place is
    given. The places are the noun's own place phrases, those of the parties it is
    "between" ("clashes between factions in Pakistan"), and those of ``verb`` and of its
    object."""
    from sitroom.geo.countries import country_code

    holders = [noun] + [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "between" for o in p.children if o.dep_ == "pobj"]
    if verb is not None:  # the verb's own places, and those of its victims ("killed 10 people in Beit Hanoun")
        holders += [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c is not noun]
    objects = [
        o
        for h in holders
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in ("in", "at", "near", "on") and noun not in p.subtree
        for o in p.children
        if o.dep_ == "pobj"
    ]
    if any(_several(o) for o in objects):
        return "wide"
    places = [o for o in objects if o.ent_type_ in ("GPE", "LOC", "FAC")]
    if not places:
        return None
    if len(places) != 1 or any(c.dep_ == "conj" for c in places[0].children) or any(c.dep_ == "nummod" for c in places[0].children):
        return "wide"
    name = places[0].doc[places[0].left_edge.i : places[0].i + 1].text.removeprefix("the ")
    return "wide" if country_code(name) is not None else "town"


def _several(noun: Token) -> bool:
    """A plural noun counted as two or more ("two Delhi cinemas", "three villages")."""
    if noun.tag_ not in ("NNS", "NNPS"):
        return False
    for child in noun.children:
        if child.dep_ == "nummod":
            value = child.like_num and child.lower_ not in ("one", "1")
            return bool(value)
        if child.dep_ == "amod" and child.lower_ in ("several", "multiple", "various"):
            return True
    return False


def _relative_head(verb: Token) -> Token:
    """The noun a relative clause tells about: its head, or, when the head is the object of
    a preposition on a plural incident noun, that noun ("the attacks on its transport
    networks that claimed 52 lives": networks claim no lives)."""
    head = verb.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and _incidents(head.head.head) and not _incidents(head):
        return head.head.head
    return head


def several_incidents(verb: Token, *, adjuncts_only: bool = False) -> Token | None:
    """The deaths at ``verb`` are caused by several incidents: its subject ("two separate
    suicide attacks killed", "attacks which have killed"), its passive agent, or its "in",
    "after", "during" or "as a result of" phrase ("were killed in explosions", "killed on
    Friday after Israeli attacks") is a plural incident noun; with ``adjuncts_only`` (a
    verb coordinated with the count's own), only its phrases, never its subject; also
    an epidemic "of" or "from" which people died."""
    for child in verb.children:
        if child.dep_ == "nsubj" and not adjuncts_only:
            noun = _relative_head(verb) if child.tag_ == "WDT" and verb.dep_ == "relcl" else child  # "attacks which have killed"
            if _incidents(noun, verb):
                return noun
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in", "from", "after", "following", "during", "amid"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _incidents(obj, verb):
                    return obj
        if child.dep_ == "prep" and child.lower_ in ("from", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lower_ in PROCESS_CAUSES:
                    return obj  # "died of cholera", "deaths from coronavirus"
        if child.dep_ == "prep" and child.lower_ == "as":
            # "killed as a result of Israeli attacks"
            for obj in child.subtree:
                if obj.dep_ == "pobj" and obj.head.lower_ == "of" and obj.head.head.lemma_.lower() == "result" and _incidents(obj, verb):
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


def cumulative_period(token: Token, *, toll: bool = False) -> str | None:
    """The period phrase that makes the statement at ``token`` a total, or ``None``.

    ``token`` is an event trigger or a figure's predicate; its own clause and the clauses
    it is an argument of are read (up to a finite clause boundary). Returns the period as
    written ("since 2011", "in the past seven days"), or "the war" when the conflict as a
    whole is the subject of a perfect ("the war has killed 180,000"). With ``toll`` (a
    count's reading), deaths caused by several incidents ("killed in explosions") or in a
    war or an offensive as a whole ("dead in an offensive launched Sunday") are a total too:
    the count is no one event's toll, but the attacks did happen, so an event trigger is
    not read so.
    """
    if toll and (opening := _opening_since(token)) is not None:
        return opening
    node = token
    for _ in range(_CLIMB):
        found = _period_modifier(node, toll) or next(
            (f for c in node.children if (c.dep_ == "conj" or (c.dep_ == "xcomp" and node.lemma_.lower() in REPORTING)) and (f := _period_modifier(c, toll))),
            None,
        )  # a conjunct's period, and the reported clause's ("are reported to have been killed in the past week")
        if found:
            return found
        if node.pos_ in ("VERB", "AUX") and (war := _war_subject(node)) is not None:
            return _phrase_text(war)
        if toll and node.pos_ in ("VERB", "NOUN") and (cause := _shared_cause(node)) is not None:
            return _cause_text(cause, token)
        if toll and node.pos_ in ("VERB", "AUX") and (days := _days_of(node)) is not None:
            return days
        if toll and node.dep_ == "pobj" and node.head.lower_ == "of" and _incidents(node.head.head):
            return _cause_text(node.head.head, token)  # "the targeted killings of two militant leaders"
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING:
            # "Since the conflict began, it is said that 180,000 people have been killed"
            return _period_modifier(node.head, toll)
        if node.dep_ == "advcl" and node.head != node and _contrast(node):
            # "Over 1,000 Lebanese were killed during the fighting, while 161 Israelis were
            # killed by Hezbollah": the contrasted clause counts over the same period
            return cumulative_period(node.head, toll=toll)
        if node.head == node or node.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
            return None
        node = node.head
    return None


def _contrast(clause: Token) -> bool:
    """A clause of its own subject opened by "while" or "whereas" (a contrast, not a time:
    "killed while travelling" has no subject of its own)."""
    return any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in clause.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
    )


def _days_of(verb: Token) -> str | None:
    """"Six days of fighting have left 240 dead", "after three weeks of clashes that killed
    120": deaths caused by days of violence are a total over them, as an offensive's are
    (:data:`LONG_OPERATIONS`); the phrase up to the violence noun is returned."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.dep_ == "relcl" and (subject is None or subject.tag_ in ("WDT", "WP")):
        subject = verb.head  # "fighting that has left 240 dead"
    if subject is None:
        return None
    if subject.lemma_.lower() in PERIOD_NOUNS:
        days = subject
    elif subject.dep_ == "pobj" and subject.head.lower_ == "of" and subject.head.head.lemma_.lower() in PERIOD_NOUNS:
        days = subject.head.head
    else:
        return None
    if days.tag_ != "NNS":
        return None  # "a day of fighting" can be one event's
    violence = [o for p in days.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    if not violence or violence[0].lemma_.lower() not in WAR_NOUNS | INCIDENT_NOUNS | WIDE_ONLY_NOUNS | {"shelling", "bombing"}:
        return None
    return days.doc[days.left_edge.i : violence[0].i + 1].text


def count_cause(noun: Token) -> str | None:
    """The counted noun's own cause when it is several incidents or an epidemic ("the
    200,000 deaths from coronavirus", "12 deaths in attacks across Iraq"), as written."""
    cause = several_incidents(noun)
    return None if cause is None else _cause_text(cause, noun)


def _cause_text(cause: Token, token: Token) -> str:
    """The cause phrase as written; up to its noun when the phrase holds ``token`` itself
    ("the attacks that claimed 52 lives")."""
    if cause.left_edge.i <= token.i <= cause.right_edge.i:
        return cause.doc[cause.left_edge.i : cause.i + 1].text
    return _phrase_text(cause)


def _shared_cause(node: Token) -> Token | None:
    """Several incidents as the cause at ``node``, or at a verb coordinated after it that
    shares its adjuncts ("Five civilians were killed and 50 wounded in Lebanon on Friday
    after Israeli attacks")."""
    found = several_incidents(node)
    if found is None and node.pos_ == "VERB":
        shared = [c for c in node.children if c.dep_ == "conj"]
        shared = [c for c in shared if c.pos_ == "VERB"] + [a for c in shared if c.pos_ in ("NUM", "NOUN") for a in c.children if a.dep_ == "acl" and a.pos_ == "VERB"]
        found = next((f for c in shared if (f := several_incidents(c, adjuncts_only=True)) is not None), None)
    return found


def _opening_since(token: Token) -> str | None:
    """A sentence that opens with "Since ..., " puts all of it in that period ("Since attacks
    flared up in January 2004, about 2,000 people have been killed"), however its clauses
    are parsed; the phrase up to its comma is returned."""
    sent = token.sent
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.lower_ != "since":
        return None
    comma = next((t for t in sent if t.i > first.i and t.text == ","), None)
    if comma is None or comma.i >= token.i or comma.i - first.i > 25:
        return None
    return sent.doc[first.i : comma.i].text


TALLY_PREPS = frozenset({"in", "across", "throughout", "around"})


def country_tally(verb: Token) -> str | None:
    """"Six other people were killed in Iraq yesterday": deaths placed only at a country,
    with no cause, agent or incident in their sentence, told after the lead, are a day's or a
    period's count across the country, not one event's toll (ACLED codes an event at the
    place of one interaction; a country-wide count names none). The place phrase, or None.
    Only a passive or an intransitive verb of dying: an active "killed" has a killer."""
    from sitroom.geo.countries import country_code

    if verb.pos_ != "VERB" or any(c.dep_ == "agent" for c in verb.children):
        return None
    if any(c.dep_ == "advcl" and any(g.dep_ in ("mark", "nsubj", "nsubjpass") for g in c.children) for c in verb.children):
        return None  # "... when their vehicle hit a mine": the incident is told
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if not passive and verb.lemma_.lower() not in INTRANSITIVE_DEATHS:
        return None
    if any(t.lemma_.lower() in INCIDENT_NOUNS | WIDE_ONLY_NOUNS for t in verb.sent):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in TALLY_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "GPE":
                    name = obj.doc[obj.left_edge.i : obj.i + 1].text.removeprefix("the ")
                    if country_code(name) is not None:
                        return _phrase_text(prep)
    return None


INTRANSITIVE_DEATHS = frozenset({"die", "perish"})


def running_total(verb: Token, *, in_lead: bool, dated: bool) -> bool:
    """A killing or a displacement in the present perfect with no time expression, outside
    the lead: "100 Israelis have also been killed", "204,000 have been displaced" tell a total
    up to now (the perfect's continuative reading; McCawley 1971, "Tense and time reference
    in English"), not an occurrence. In the lead the same form is the news itself ("hot news"
    perfect: "At least 45 people have been killed")."""
    if in_lead or dated or verb.pos_ != "VERB" or verb.tag_ != "VBN":
        return False
    return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


LEAD_MIN_CHARS = 200
"""A first paragraph shorter than this (a standfirst, a one-line deck) is not the whole lead."""


def lead_end(text: str) -> int:
    """End of the lead: the first paragraph, and the next one when the first is a short
    standfirst or does not end a sentence."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0:
        return len(text)
    first = text[start:end].rstrip()
    if len(first) < LEAD_MIN_CHARS or not first.endswith((".", "!", "?", '"', "”")):
        following = text.find("\n", end + 1 + (len(text[end + 1 :]) - len(text[end + 1 :].lstrip())))
        return len(text) if following < 0 else following
    return end
