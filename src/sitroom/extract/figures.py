"""Figures: every number that counts something, typed and qualified.

``find_figures(sdoc, doc_id, actors)`` reads the output of the real pipeline and returns
one :class:`~sitroom.model.Figure` per number expression that counts people, money, a
percentage, a unit or anything named by a counted noun. The algorithm:

1. find number expressions in the text (:func:`sitroom.extract._numbers.find_numbers`:
   bound word, currency, amount / range / vague plural, "-strong", percent, currency word);
2. drop what is not a figure: dates, times, ordinals and numbers inside names (spaCy NER),
   identifiers after a noun ("Flight 17", "job number two"), ages and durations;
3. find the counted noun (the head the number modifies, or the object of "of" after
   "hundreds of"), the predicate it is an argument of, and from those the kind
   (``data/figure_kinds.toml``), the agent ("killed by ISIS") and the source ("according
   to...", "X said that...").

Notes:
    Quantity = value + unit + bound, after Roy, Vieira & Roth (2015), "Reasoning about
    Quantities in Natural Language" (TACL 3). Kinds follow OCHA's HXL terms (killed,
    injured, missing, IDPs, refugees, returnees, in need) and ACLED's codebook (fatalities,
    arrests, abductions); vague plurals stay intervals (GDELT GKG, ACLED; see the data file).
    Syntactic relations are Universal/ClearNLP dependency labels as produced by spaCy.

Nothing here raises on odd text: a sentence without a parse yields figures with fewer
attributes, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._numbers import (
    apply_qualifier,
    find_numbers,
    is_range_expression,
    lexicon,
    normalised_qualifier,
    parse_number,
)
from sitroom.extract._period import (
    count_cause,
    country_tally,
    cumulative_period,
    lead_end,
    noun_period,
    running_total,
    total_before,
)
from sitroom.extract._spans import doc_text
from sitroom.extract.events.syntax import children
from sitroom.model import Figure, Mention, Span, TimeRef
from sitroom.nlp import Actors

__all__ = ["find_figures", "parse_number", "situate"]

RULE = "sitroom.figures.v1"

_NOT_FIGURE_ENTS = {"DATE", "TIME", "ORDINAL"}
_NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "LAW", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE", "NORP"}
_ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
_SUBJ_OBJ = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "dative", "appos", "ROOT", "nummod", "advmod", "quantmod", "conj"}
_PHRASE_CUT = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "ccomp", "parataxis"}
_COPULAS = {"be", "become", "remain", "seem", "stay", "appear", "leave", "find", "report", "believe", "feel", "fear", "confirm", "list", "declare", "presume"}
_MAX_CLIMB = 40
QUANTITY_NOUNS = frozenset({"total", "maximum", "minimum", "sum", "tally"})
"""Nouns of "a total of N X" that stand between a count and its verb."""
_MAX_PHRASE = 12


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A number expression found in the text, before it is judged a figure."""

    start: int
    end: int
    core_start: int
    core_end: int
    qualifier: str | None
    currency: str | None
    value: float | None
    low: float | None
    high: float | None
    strong: bool
    percent: bool
    change_to: bool = False
    """The second count of a change ("rose from 12 to 45"): it counts what the first counts."""


def find_figures(sdoc: Doc, doc_id: str, actors: Actors) -> list[Figure]:
    """Every figure in ``sdoc`` (the pipeline's output for ``Document.text``), in text order.

    ``actors`` gives canonical actor names; agent and source keep the text as written.
    Never raises on well-formed Docs; a Doc without a parse gives fewer attributes.
    """
    figures: list[Figure] = []
    text = doc_text(sdoc)  # Doc.text joins every token: read it once, not per candidate
    lead = lead_end(text)
    previous: Figure | None = None
    last: Figure | None = None  # the last figure found, past candidates that were none ("the past seven days")
    for candidate in _candidates(text):
        figure = _figure(sdoc, text, doc_id, candidate, actors, lead)
        if candidate.change_to and previous is not None and (figure is None or figure.kind == "other"):
            # "the toll rose from 12 to 45": the new count is of the same thing
            figure = replace(previous, span=Span(doc_id, candidate.start, candidate.end), text=text[candidate.start : candidate.end], value=candidate.value, low=candidate.low, high=candidate.high, qualifier=None)
        part = OF_THEM.match(text, figure.span.end) if figure is not None else None
        if figure is not None and part and figure.kind == "other" and last is not None and last.sentence == figure.sentence:
            # "2,500 were killed, and only 500 of them could have been shot": a part of the group just counted
            figure = replace(figure, kind=last.kind, unit=last.unit)
        if figure is not None and part and figure.cumulative and OF_THEM_DAY.match(text, part.end()):
            figure = replace(figure, cumulative=False, period=None)  # "killed in the past week, 30 of them today": that day's part
        if figure is not None and not _absurd(figure):
            figures.append(figure)
        previous = figure
        last = figure or last
    figures = _share_list_kinds(sdoc, text, figures)
    figures = _without_restatements(text, figures, _country_mentions(sdoc))
    zeros = _zero_counts(sdoc, text, doc_id)
    if not zeros:
        return figures
    kept = [f for f in figures if not any(z.span.start <= f.span.start < z.span.end for z in zeros)]  # the "one" of "no one"
    return sorted(kept + zeros, key=lambda f: f.span.start)


DEFINITE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
SMALL_REFERENCE = 3
"""Up to this many, "the two sides", "the three countries" pick out referents rather than count them."""


COUNTRY_UNITS = frozenset({"country", "nation", "state", "government"})


def _country_mentions(sdoc: Doc) -> list[tuple[int, str]]:
    """(start character, lower-case name) of every country or state the text names (GPE)."""
    return [(e.start_char, e.text.lower()) for e in sdoc.ents if e.label_ == "GPE"]


def _without_restatements(text: str, figures: list[Figure], countries: Sequence[tuple[int, str]] = ()) -> list[Figure]:
    """A definite count that only picks out referents already introduced is no new figure
    (figure guidelines: "the two countries", "the four officers" after "four officers were
    arrested"): "the N ..." whose value an earlier figure of the document already gave, or a
    small uncounted set ("the two sides"), or as many countries as the text has already named
    ("Russia, China, Japan, South Korea and the United States ... the five nations"); a fresh
    claim ("the toll reached 40") has no article before its number."""
    out: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    for figure in figures:
        value = figure.value
        definite = value is not None and figure.kind != "money" and figure.unit != "percent" and DEFINITE_BEFORE.search(text, max(0, figure.span.start - 8), figure.span.start)
        if definite and ((value, figure.unit) in seen or (value <= SMALL_REFERENCE and figure.kind == "other")):
            continue
        if definite and figure.unit in COUNTRY_UNITS and value <= len({name for at, name in countries if at < figure.span.start}):
            continue
        if value is not None:
            seen.add((value, figure.unit))
        out.append(figure)
    return out


EVENT_KINDS = frozenset({"killed", "wounded", "casualties", "missing", "abducted", "arrested", "rescued", "displaced", "fled", "trapped", "returned"})
"""Kinds that say what happened to the people counted (not what they are)."""
STANDING_KINDS = frozenset({"other", "troops", "fighters", "population", "peacekeepers"})
"""Kinds that only say what the people counted are: a predicate shared with a list overrides them."""
LIST_GAP = re.compile(r"[\w'’.\- ]*(?:,|\band\b|\bor\b)[\w'’.\-, ]*")
"""What may stand between two members of a list of counts: their nouns, commas, "and"."""
BARE_PERCENT_GAP = re.compile(r"\s+of\b", re.IGNORECASE)


def _share_list_kinds(sdoc: Doc, text: str, figures: list[Figure]) -> list[Figure]:
    """A kind told once for a list of counts holds for all its members.

    Counts in one sentence separated only by their nouns, commas and "and"/"or" ("150
    soldiers, 95 civilians and hundreds of rebels were killed") form a list: when exactly one
    kind of what happened (``EVENT_KINDS``) was read for its members, from a predicate rather
    than from a member's own noun, the members typed only by what they are (soldiers,
    civilians: ``STANDING_KINDS``) take it. A member with a kind of its own keeps it ("four
    were killed and 30 hurt" is no list: a verb stands between). A bare percentage after a
    percentage of a group of people in the same sentence is a share of the same group ("70%
    of the dead were men and 12% were women").
    """
    out = list(figures)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j + 1].sentence == out[i].sentence and _list_gap(sdoc, text, out[j].span.end, out[j + 1].span.start):
            j += 1
        if j > i:
            members = range(i, j + 1)
            events = {out[k].kind for k in members if out[k].kind in EVENT_KINDS}
            if not events and (closing := _closing_participle(sdoc, out[j].span.start, out[j].span.end)) is not None:
                events = {closing}  # "150 police, 95 civilians and hundreds of rebels killed."
            if len(events) == 1 and not any(out[k].kind in EVENT_KINDS and _names_kind(out[k].subject, out[k].kind) for k in members):
                kind = events.pop()
                for k in members:
                    if out[k].kind in STANDING_KINDS and out[k].unit in ("people", "percent"):
                        out[k] = replace(out[k], kind=kind)
        i = j + 1
    lex = lexicon()["kinds"]
    for k, figure in enumerate(out):
        if figure.unit != "percent" or figure.kind != "other" or BARE_PERCENT_GAP.match(text, figure.span.end):
            continue
        share = next((f for f in reversed(out[:k]) if f.sentence == figure.sentence and f.unit == "percent" and f.kind in lex and lex[f.kind].get("people")), None)
        if share is not None:
            out[k] = replace(figure, kind=share.kind)  # "82% of all deaths were men and 9% were women"
    return out


def _closing_participle(sdoc: Doc, start: int, end: int) -> str | None:
    """The kind of a participle that closes a list after its last noun phrase ("..., and
    hundreds of rebels killed." / "killed in the assault"), whatever the parse made of it:
    the participle is followed by punctuation or a preposition, never by an object."""
    last = sdoc.char_span(start, end, alignment_mode="expand")
    if last is None:
        return None
    doc, i = sdoc, last.end
    first = i
    for _ in range(6):
        if i >= len(doc) or not (doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "DET") or doc[i].lower_ == "of"):
            break
        if _kind_of(doc[i], "adjectives") and doc[i].pos_ == "ADJ":
            break
        i += 1
    if i >= len(doc) or i == first or doc[i].tag_ not in ("VBN", "VBD", "JJ"):
        return None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ in ("ADP", "SPACE", "CCONJ")):
        return None
    kind = _kind_of(doc[i], "adjectives") or _kind_of(doc[i], "verbs")
    return kind if kind in EVENT_KINDS else None


def _list_gap(sdoc: Doc, text: str, start: int, end: int) -> bool:
    """Only a list's nouns, commas and conjunctions (or a bracket) between two counts."""
    gap = text[start:end]
    if len(gap) > 60 or "\n" in gap:
        return False
    if gap.strip() in ("(", ","):
        return True  # "53% (13,178)": the same group told twice
    if not LIST_GAP.fullmatch(gap):
        return False
    span = sdoc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return True
    return not any(t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "of" or _kind_of(t, "adjectives") or (t.pos_ != "NOUN" and _kind_of(t, "verbs")) for t in span)


def _names_kind(subject: str | None, kind: str) -> bool:
    """True when the counted noun itself names ``kind`` ("hostages": abducted), so the kind is
    the member's own, not its predicate's."""
    if not subject:
        return False
    nouns = set(lexicon()["kinds"].get(kind, {}).get("nouns", ()))
    words = subject.lower().split()
    return any(w in nouns or w.rstrip("s") in nouns or w[:-3] + "y" in nouns for w in words)


OF_THEM = re.compile(r"\s+of\s+(?:them|those|whom)\b", re.IGNORECASE)
"""A partitive that points back to the group counted just before ("30 of them today")."""
OF_THEM_DAY = re.compile(r"\s+(?:today|yesterday|overnight|this morning|last night|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", re.IGNORECASE)
"""A single day after such a partitive: the part is that day's, not a total."""
ZERO_COUNT = re.compile(
    r"\b(?P<zero>no|zero)\s+(?:(?:further|more|other|new|immediate|reported|confirmed|known|civilian|military)\s+)?"
    r"(?P<noun>deaths?|fatalit(?:y|ies)|casualt(?:y|ies)|injur(?:y|ies)|dead|arrests?)\b"
    r"|\b(?P<none>no one|no-one|nobody|none)\s+(?:\w+\s+){0,3}?(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?"
    r"(?P<verb>killed|injured|hurt|wounded|harmed|arrested|detained)\b",
    re.IGNORECASE,
)
"""Zero counts ("No deaths were reported", "no one was hurt", "caused no casualties")."""
ZERO_KINDS = {
    "death": "killed", "deaths": "killed", "fatality": "killed", "fatalities": "killed", "dead": "killed", "killed": "killed",
    "casualty": "casualties", "casualties": "casualties",
    "injury": "wounded", "injuries": "wounded", "injured": "wounded", "hurt": "wounded", "wounded": "wounded", "harmed": "wounded",
    "arrest": "arrested", "arrests": "arrested", "arrested": "arrested", "detained": "arrested",
}


@lru_cache(maxsize=1)
def _zero_people() -> re.Pattern[str]:
    """"No guards were hurt", "no civilians have been killed": "no" before a plural noun of
    people (the lexicon's) and a passive of harm or arrest."""
    nouns = sorted({p + ("es" if p.endswith(("s", "sh", "ch")) else "s") for p in lexicon()["units"]["people"] if " " not in p and not p.endswith("s")} | {"people", "police", "personnel", "staff", "crew", "forces", "troops"}, key=len, reverse=True)
    return re.compile(
        r"\b(?P<zero>no)\s+(?:(?:other|more|further|civilian|foreign|american|british|[a-z]+ian)\s+)?(?P<people>" + "|".join(nouns) + r")\s+"
        r"(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?P<verb>killed|injured|hurt|wounded|harmed|arrested|detained)\b",
        re.IGNORECASE,
    )


def _zero_counts(sdoc: Doc, text: str, doc_id: str) -> list[Figure]:
    """A count of zero the text states in words: a figure of value 0 whose span is the
    negative word ("no", "none", "no one"), of the kind its noun or verb names, a total
    when its clause gives a period ("no deaths since the camp opened")."""
    found = []
    for m in (*ZERO_COUNT.finditer(text), *_zero_people().finditer(text)):
        group = "zero" if m.group("zero") else "none"
        word = (m.group("noun") or m.group("verb")).lower() if "noun" in m.re.groupindex else m.group("verb").lower()
        start, end = m.span(group)
        first = sdoc.char_span(start, end, alignment_mode="expand")
        if first is None or len(first) == 0:
            continue
        sent = first[0].sent
        said = sdoc.char_span(*m.span("noun" if "noun" in m.re.groupindex and m.group("noun") else "verb"), alignment_mode="expand")
        period = cumulative_period(said[0], toll=True) if said is not None and len(said) else None
        subject = m.group("people") if "people" in m.re.groupindex else m.group("noun")
        found.append(
            Figure(
                span=Span(doc_id, start, end),
                text=text[start:end],
                value=0.0,
                low=0.0,
                high=0.0,
                unit="people",
                kind=ZERO_KINDS[word],
                subject=subject or None,
                sentence=Span(doc_id, sent.start_char, sent.end_char),
                rule=RULE,
                cumulative=period is not None,
                period=period,
            )
        )
    return sorted(found, key=lambda f: f.span.start)


TOLL_KINDS = frozenset({"killed", "wounded", "casualties", "displaced", "fled"})
STOCK_KINDS = frozenset({"refugees", "arrested", "abducted", "missing", "returned"})
"""Kinds whose count in the present perfect after the lead is a running total (the same
reading as an event's in :func:`sitroom.extract._period.running_total`)."""

MAX_PEOPLE = 1e10
"""More people than live on Earth (8.2 billion in 2025, UN World Population Prospects 2024)
is no count of a situation: a garbled number, a hyperbole or a hostile input."""


def _absurd(figure: Figure) -> bool:
    if figure.unit not in ("people", "households", "families"):
        return False
    return any(v is not None and v > MAX_PEOPLE for v in (figure.value, figure.low, figure.high))


def _candidates(text: str) -> list[_Candidate]:
    """Number expressions in ``text`` that parse to a value or an interval."""
    lex = lexicon()
    found: list[_Candidate] = []
    for match in find_numbers(text):
        core = match.group("core")
        core_start = match.start("core")
        parsed = parse_number(core)
        if parsed is None and (article := re.match(r"an?\s+", core, re.IGNORECASE)) is not None:
            # "a one million US dollar reward": the article belongs to the noun phrase, not the number
            core, core_start = core[article.end() :], core_start + article.end()
            parsed = parse_number(core)
        if parsed is None:
            continue
        qualifier = normalised_qualifier(match.group("qual"))
        value, low, high = parsed
        is_range = value is None and is_range_expression(core)
        if is_range and (pieces := _change(text, match)) is not None:
            found.extend(pieces)  # "deaths climbed from 12 to 45": two counts, not a range
            continue
        if value is not None:
            value, low, high = apply_qualifier(value, qualifier)
        elif is_range:
            pass  # "at least 150 to 200": the range says more than the bound word
        elif qualifier and lex["qualifier_bounds"].get(qualifier) == "low":
            high = None
        elif qualifier and lex["qualifier_bounds"].get(qualifier) == "high":
            low = None
        found.append(
            _Candidate(
                start=core_start if match.start() == match.start("core") else match.start(),  # "a one million": no article
                end=match.end(),
                core_start=core_start,
                core_end=match.end("core"),
                qualifier=qualifier,
                currency=_currency(match.group("cur") or match.group("curs"), match.group("curw")),
                value=value,
                low=low,
                high=high,
                strong=bool(match.group("strong")),
                percent=bool(match.group("pct")),
            )
        )
    return _shared_scales(text, found)


SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—)\s*\Z", re.IGNORECASE)


def _shared_scales(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Two amounts written as a range whose scale word only the second carries ("$6 to $8
    billion") are one range at that scale, not six dollars and eight billion; two amounts of
    one currency without a scale word ("$100 to $150") are one range."""
    out: list[_Candidate] = []
    for cand in found:
        first = out[-1] if out else None
        if (
            first is not None
            and first.currency is not None
            and first.currency == cand.currency
            and first.value is not None
            and cand.value is not None
            and not first.change_to
            and not cand.change_to
            and RANGE_JOIN.search(text[first.end : cand.start])
            and not any(w in text[first.core_start : first.core_end].lower() for w in SCALE_WORDS)
        ):
            scale = next((n for w, n in SCALE_WORDS.items() if w in text[cand.core_start : cand.core_end].lower()), None)
            if scale is None and first.value < cand.value and not CHANGE_BEFORE.search(text[max(0, first.start - 60) : first.start]):
                out[-1] = replace(first, end=cand.end, core_end=cand.core_end, value=None, low=first.value, high=cand.high, qualifier=first.qualifier or cand.qualifier)
                continue
            # the bare first amount must be of the second's order before its scale word
            # ("$6 to $8 billion"; not "$6,000 to $8 billion", a sum in its own right)
            if scale is not None and first.value < cand.value / scale * 1000:
                low = first.value * scale
                out[-1] = replace(first, end=cand.end, core_end=cand.core_end, value=None, low=low, high=cand.high, qualifier=first.qualifier or cand.qualifier)
                continue
        out.append(cand)
    return out


CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|rising|rises?|climb\w*|increas\w*|grew|grown|grows?|growing|jump\w*|fell|fallen|falls?|falling|"
    r"dropp?\w*|declin\w*|surg\w*|soar\w*|swell\w*|swollen|doubl\w*|tripl\w*|went up|gone up|went down|gone down)"
    r"(?:\s+\w+){0,2}\s+from\s+$",
    re.IGNORECASE,
)
"""A change verb and "from" before "X to Y": a count that changed, not a range."""
CHANGE_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def _change(text: str, match: re.Match[str]) -> list[_Candidate] | None:
    """The two counts of a change ("climbed from 12 to 45"), or None when the range is one."""
    if not CHANGE_BEFORE.search(text[max(0, match.start() - 60) : match.start()]):
        return None
    core_start, core = match.start("core"), match.group("core")
    split = CHANGE_TO.search(core)
    if split is None:
        return None
    out = []
    for start, piece in ((core_start, core[: split.start()]), (core_start + split.end(), core[split.end() :])):
        parsed = parse_number(piece)
        if parsed is None or parsed[0] is None:
            return None
        value, low, high = parsed
        end = start + len(piece)
        out.append(_Candidate(start, end, start, end, None, None, value, low, high, False, False, change_to=bool(out)))
    return out


def _stock(kind: str, noun: Token | None, predicate: Token | None) -> str | None:
    """A population of displaced people or refugees counted as it stands ("the 2.5 million
    displaced people", "150,000 refugees"), not people who fled in one event ("300 fled on
    Monday"): a total, whatever its date (OCHA counts stocks and flows apart)."""
    if kind == "arrested" and noun is not None and (predicate is None or _predicate_kind(predicate) != "arrested"):
        held = lexicon()["kinds"]["arrested"]["states"]
        for prep in noun.children:  # "the 500 ETA prisoners in Spanish jails": those held, whenever taken
            if prep.dep_ == "prep" and prep.lower_ == "in" and any(o.dep_ == "pobj" and o.lemma_.lower() in held for o in prep.children):
                return doc_text(noun.doc)[prep.idx : prep.right_edge.idx + len(prep.right_edge)]
    if kind not in ("displaced", "refugees") or noun is None:
        return None
    if predicate is not None and predicate.pos_ == "VERB" and _predicate_kind(predicate) in ("displaced", "fled", "refugees"):
        return None  # a verb of displacement tells a flow: "were displaced on Monday"
    return "standing population"


def _currency(symbol: str | None, word: str | None) -> str | None:
    """ISO 4217 code for a currency symbol/code before or a currency word after the amount."""
    lex = lexicon()
    if symbol:
        key = symbol.strip()
        return lex["currency_symbols"].get(key) or lex["currency_words"].get(key.lower())
    if word:
        return lex["currency_words"].get(re.sub(r"\s+", " ", word.lower()))
    return None


def _figure(sdoc: Doc, text: str, doc_id: str, cand: _Candidate, actors: Actors, lead: int) -> Figure | None:
    """The figure for one candidate, or None when the number counts nothing (``text``: the
    document's text; ``lead``: where the article's lead ends)."""
    core = sdoc.char_span(cand.core_start, cand.core_end, alignment_mode="expand")
    if core is None or len(core) == 0 or _excluded(core, cand):
        return None
    anchor = _anchor(core)
    noun = _counted_noun(anchor, core, cand)
    if noun is not None and (_is_time_unit(noun) or _is_length(noun)):
        return None
    if cand.currency is None and cand.percent is False and noun is not None and _currency_noun(noun):
        if cand.value is not None or cand.low is None or noun.i < anchor.i:
            return None  # "million of dollars" and the like without an amount: not parsed as money
        # "millions of dollars", "hundreds of millions of dollars": a vague amount of money
        # (the figure gold set's guidelines give it the vague plural's range)
        cand = replace(cand, currency=lexicon()["currency_words"][noun.lower_])
    if cand.percent and _index_move(anchor):
        return None
    kind, subject = _kind_and_subject(anchor, noun, core, cand)
    if kind == "other" and noun is not None and cand.value is not None and cand.value <= ENUMERATION_MAX and noun.lemma_.lower() in lexicon()["enumeration_nouns"]["nouns"]:
        return None  # "there are two problems", "three categories": a writer's enumeration, counts nothing
    unit = _unit(noun, kind, cand) or (_crowd(anchor) or _bare_people(anchor, cand) if noun is None else None)
    if unit is None or (kind == "other" and cand.value == 1 and unit not in ("percent",)):
        return None  # counts nothing, or "one father": a single thing is no statistic
    if noun is not None and _attributive(noun, anchor, kind, cand):
        return None
    predicate = _predicate(anchor, noun)
    qualifier = cand.qualifier or _hearsay(predicate)
    end = cand.end
    sent = anchor.sent
    period = cumulative_period(predicate or anchor, toll=True) or total_before(text, cand.start) or _stock(kind, noun, predicate) or _raised(anchor, predicate)
    if period is None and noun is not None and noun.pos_ == "NOUN":
        period = noun_period(noun) or count_cause(noun)
    if period is None and kind == "killed" and predicate is not None and cand.start >= lead:
        period = country_tally(predicate)  # "Six other people were killed in Iraq yesterday", after the lead
    if period is None and kind in TOLL_KINDS and predicate is not None and running_total(predicate, in_lead=cand.start < lead, dated=False):
        # a perfect after the lead; a time expression anywhere in the sentence dates it
        # ("Police said Saturday that 15 have been killed"): read only then, it is the costly part
        if not any(t.ent_type_ in ("DATE", "TIME") for t in sent):
            period = "up to now"  # "Hundreds of people have been killed." after the lead
    return Figure(
        span=Span(doc_id, cand.start, end),
        text=text[cand.start:end],
        value=cand.value,
        low=cand.low,
        high=cand.high,
        unit=unit,
        kind=kind,
        qualifier=qualifier,
        subject=subject,
        actor=_actor(predicate, anchor, noun, actors),
        reported_by=_reporter(predicate or anchor, anchor, noun),
        projection=_projected(predicate or anchor),
        disputed=_disputed(predicate or anchor, sent.text),
        sentence=Span(doc_id, sent.start_char, sent.end_char),
        rule=RULE,
        cumulative=period is not None,
        period=period,
    )


FIRING_VERBS = frozenset({"fire", "shoot", "discharge", "loose"})
SHOT_NOUNS = frozenset({"shot", "gunshot", "round", "volley", "salvo", "bullet"})
"""Shots fired are counted as events ("guards shot five rounds": `attacks`)."""

ENUMERATION_MAX = 10
"""Largest count of ``enumeration_nouns`` read as a writer's enumeration, not a figure."""

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = re.compile(r"\b(?:in|near|at|around|across|outside|inside|throughout|within|from|of|to|into)\s+(?:the\s+)?$", re.IGNORECASE)


def situate(figures: Sequence[Figure], mentions: Sequence[Mention], times: Sequence[TimeRef], text: str) -> list[Figure]:
    """Give each figure the place and the time its own sentence names.

    Place: of the GPE/LOC/FAC mentions in the figure's sentence that follow a locative
    preposition ("killed in Mosul", "fled from Raqqa"), the nearest to the figure; its
    canonical name and entity id. A place named otherwise is an actor or an origin ("U.S.
    troops", "Iraq's government") and is not taken. Time: the nearest normalised time expression in the
    sentence that is a date, not a duration ("in late May" -> "2017-05"). A figure whose
    sentence names neither keeps ``None``: the document's place or date is not assumed here
    (:mod:`sitroom.link.figures` falls back to them and says so).
    """
    if not figures:
        return []
    places = [m for m in mentions if m.label in _PLACE_LABELS]
    dated = [t for t in times if t.value and t.type in ("DATE", "TIME") and t.value[:1].isdigit()]
    out = []
    for figure in figures:
        sent = figure.sentence or figure.span
        mid = (figure.span.start + figure.span.end) / 2

        def distance(span: Span) -> float:
            return abs((span.start + span.end) / 2 - mid)

        here = [
            m
            for m in places
            if sent.start <= m.span.start and m.span.end <= sent.end and _LOCATIVE.search(text[max(sent.start, m.span.start - 12) : m.span.start])
        ]
        if here:
            best = min(here, key=lambda m: distance(m.span))
            figure = replace(figure, place=best.canonical or best.text, place_entity=best.entity_id)
        when = [t for t in dated if sent.start <= t.span.start and t.span.end <= sent.end]
        if when:
            best_time = min(when, key=lambda t: distance(t.span))
            figure = replace(figure, as_of=best_time.value, as_of_text=best_time.text, as_of_precision=best_time.precision)
            if figure.kind in TOLL_KINDS | STOCK_KINDS and not figure.cumulative and best_time.precision in LONG_PRECISIONS:
                # "in 2018", "during the fourteenth century", "from 2010 to 2015": a count over a year or more is a total
                figure = replace(figure, cumulative=True, period=best_time.text)
        out.append(figure)
    return out


LONG_PRECISIONS = frozenset({"half", "year", "decade", "century"})
"""Time expressions of a year or more: the count they date sums many days (ACLED: one event
is one day)."""


def _clause_heads(token: Token) -> Iterator[Token]:
    """``token`` and its ancestors up to the sentence root (bounded)."""
    for _ in range(_MAX_CLIMB):
        yield token
        if token.head == token:
            return
        token = token.head


def _projected(start: Token) -> bool:
    """A modal on the figure's verb, or a verb of expectation above it (``[projection]``)."""
    lex = lexicon()["projection"]
    for head in _clause_heads(start):
        if head.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in lex["modals"] for c in head.children):
            return True
        if head != start and head.pos_ == "VERB" and head.lemma_.lower() in lex["verbs"]:
            return True
    return False


def _disputed(start: Token, sentence: str) -> bool:
    """A verb of denial above the figure, or an unverified formula in its sentence (``[disputed]``)."""
    lex = lexicon()["disputed"]
    if any(h.pos_ == "VERB" and h.lemma_.lower() in lex["verbs"] for h in _clause_heads(start)):
        return True
    lower = sentence.lower()
    return any(phrase in lower for phrase in lex["phrases"])


def _bare_number_entity(token: Token) -> bool:
    """The name entity holding ``token`` is the number alone ("Twelve" after a dateline word,
    tagged a product): the NER's slip, not a number in a name ("Apollo 13", "G-8")."""
    ent = _entity_of(token)
    return ent is not None and all(t.like_num or t.is_punct for t in ent)


DEICTIC_TIMES = frozenset({"overnight", "today", "yesterday", "tonight", "tomorrow"})
"""Time words the NER glues to a count before them into one TIME entity ("rose to 45 overnight")."""


def _count_before_time_word(token: Token) -> bool:
    """A number the NER put in a TIME entity only because a deictic time word follows it
    ("the toll rose to 45 overnight", "from 12 to 45 overnight"): a count, not a clock time
    or a duration."""
    ent = _entity_of(token)
    if ent is None or ent[-1].lower_ not in DEICTIC_TIMES or ":" in token.text:
        return False
    return all(t.like_num or t.lower_ in ("to", "from", "and", "-", "–") for t in ent[:-1])


def _excluded(core: SpacySpan, cand: _Candidate) -> bool:
    """True for dates, times, ordinals, numbers in names, identifiers, ages and durations.

    Identifiers follow their noun ("Flight 17", "Resolution 1701", "job number two") while
    counts precede it (Quirk et al. 1985, §5.23 and §17.118 on postposed numerals).
    """
    lex = lexicon()
    numbers = [t for t in core if t.like_num or t.pos_ == "NUM"]
    if any((t.ent_type_ in _NAME_ENTS and not _bare_number_entity(t)) or (t.ent_type_ == "TIME" and not _count_before_time_word(t)) or t.ent_type_ == "ORDINAL" for t in numbers):
        return True
    if any(t.ent_type_ == "DATE" and _date_part(t) for t in numbers):
        return True
    first, doc = core[0], core.doc
    before = doc[first.i - 1] if first.i > 0 else None
    if _day_of_month(core, before):
        return True
    if before is not None and cand.currency is None:
        word = before.lower_
        if word in lex["identifiers"]["nouns"] and before.pos_ in ("NOUN", "PROPN", "X", "PUNCT"):
            return True
        if word in lex["time_units"]["age_words"]:
            return True
    if before is not None and before.text in ("-", "–") and first.i > 1 and doc[first.i - 2].text[-1:].isalpha():
        if before.idx == doc[first.i - 2].idx + len(doc[first.i - 2].text):
            return True  # "C-802", "G-8", "Fajr-5": part of a name
    after = doc[core[-1].i + 1 : core[-1].i + 4]
    if len(after) > 1 and after[0].text in ("-", "–") and after[1].lower_ in lex["fractions"]["words"]:
        return True  # "one-third", "three-quarters"
    if core.text.lower() in ("one", "a", "an") and len(after) and after[0].lower_ == "of":
        return True  # "one of the largest": a partitive, not a count
    if len(after) and after[0].lower_ == "times" and cand.currency is None and not cand.percent:
        return True  # "25 times your annual expenses", "three times as many": a multiplier (the gold guidelines)
    if len(after) and after[0].tag_ == "JJS" and before is not None and (before.lower_ == "the" or before.tag_ == "POS"):
        return True  # "the world's two largest economies": picks out referents, counts nothing
    if core.text.lower() == "one" and before is not None and before.lower_ == "no":
        return True  # "no one is detained": a pronoun (a stated zero is read by _zero_counts)
    if _ratio_term(core, before, after):
        return True
    if cand.currency is None and not cand.percent and _names_something(core, cand, before, after):
        return True
    if cand.currency is None and not cand.percent and len(after) and after[0].text in ("-", "–") and len(after) > 1:
        if _is_time_unit(after[1]):  # "34-year-old", "a 10-day truce"
            return True
    anchor = _anchor(core)
    if (
        cand.currency is None
        and anchor.dep_ in ("nummod", "appos")
        and anchor.head.i < first.i
        and anchor.head.pos_ == "PROPN"
        and _plural_noun_after(core) is None
    ):
        return True  # "Brigade 5", "Camp 22": a number after a proper name is a label
    if cand.currency is None and not cand.percent and re.fullmatch(r"(1[5-9]|20)\d\d", core.text):
        if not _has_noun_after(anchor):
            return True  # a bare four-digit year the NER missed
        head = anchor.head
        if before is not None and (before.lower_ == "the" or before.tag_ == "POS") and head.pos_ == "PROPN" and head.text[:1].isupper() and _noun_kind(head.text, head) is None and not _counts_people(head):
            return True  # "the 1916 Irish Republic", "the 2008 Beijing Olympics": a year naming what it dates
    return False


def _ratio_term(core: SpacySpan, before: Token | None, after: SpacySpan) -> bool:
    """A term of a ratio in words ("eight out of ten companies", "one out of every ten
    workers", "one in three visits"): the gold set's guidelines, like most style guides,
    read these as shares, not as counts of what follows."""
    doc, first = core.doc, core[0]
    words = [t.lower_ for t in after[:3]]
    if words[:2] == ["out", "of"] and any(t.like_num for t in after[2:3]) or words[:3] == ["out", "of", "every"]:
        return True
    if core.text.lower() == "one" and words[:1] == ["in"] and len(after) > 1 and after[1].like_num:
        return True
    back = [t.lower_ for t in doc[max(0, first.i - 3) : first.i]]
    if back[-2:] == ["out", "of"] and first.i >= 3 and doc[first.i - 3].like_num:
        return True
    if back == ["out", "of", "every"] and first.i >= 4 and doc[first.i - 4].like_num:
        return True
    return back[-2:] == ["one", "in"] and before is not None and before.lower_ == "in"


_STREET_RUN = 4


def _names_something(core: SpacySpan, cand: _Candidate, before: Token | None, after: SpacySpan) -> bool:
    """A number that names rather than counts: a clock time ("a 4:25 kickoff"), an emergency
    line ("911 calls", "dialled 999"), a date that became a name ("9/11"), a house number
    ("130 Liberty Street")."""
    named = lexicon()["named_numbers"]
    doc, text = core.doc, doc_text(core.doc)
    start, end = cand.core_start, cand.core_end
    if re.match(r":\d\d\b", text[end : end + 3]) or re.search(r"\b\d{1,2}:$", text[max(0, start - 3) : start]):
        return True
    glued = re.search(r"[\d/]*$", text[max(0, start - 12) : start]).group() + text[start:end] + re.match(r"[\d/]*", text[end : end + 12]).group()
    if "/" in glued and glued in named["glued"]:
        return True
    if text[start:end] in named["emergency"]:
        if (len(after) and after[0].lemma_.lower() in named["emergency_nouns"]) or (before is not None and before.lemma_.lower() in named["emergency_verbs"]):
            return True
    if len(after) and after[0].pos_ == "PROPN" and after[0].is_title:
        for t in doc[after[0].i + 1 : after[0].i + _STREET_RUN]:
            if t.lower_ in named["street_words"]:
                return True
            if t.pos_ != "PROPN":
                break
    return False


@lru_cache(maxsize=1)
def _market_index() -> re.Pattern[str]:
    """Any of the lexicon's market index words, as a whole word ("s&p" included)."""
    words = sorted(lexicon()["named_numbers"]["market_indices"], key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w&])")


def _index_move(anchor: Token) -> bool:
    """A percentage by which a market index moved ("Japan's Nikkei 225 declined 0.3%", "the
    Hang Seng Index ... was last trading up about 1%"): a level, not a count (the figure gold
    set's rulings; one company's share price move stays a figure)."""
    verb = anchor.head
    for _ in range(4):  # from the percentage to its verb, through "up"/"down" and conjuncts
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            words = list(subject.subtree)
            return any(t.pos_ == "PROPN" for t in words) and _market_index().search(" ".join(t.lower_ for t in words)) is not None
        if verb.dep_ != "conj" or verb.head is verb:
            return False
        verb = verb.head
    return False


def _date_part(token: Token) -> bool:
    """True when a number inside a DATE entity can be part of a date: a day (1-31), a year,
    a word number, or a count of time units ("nine months"); "late May 231 civilians",
    where the model stretched the DATE over a count, is not."""
    text = token.text.replace(",", "")
    if not text.isdigit():
        return True
    value = int(text)
    ent = _entity_of(token)
    if ent is not None and len(ent) == 1 and token.dep_ in ("nsubj", "nsubjpass", "dobj") and not 1000 <= value <= 2100:
        return False  # "announced 40 had been detained": a bare number that is a clause's subject, whatever the NER says
    if value <= 31 or 1000 <= value <= 2100 or len(text) == 2:
        return True
    return ent is not None and any(_is_time_unit(t) for t in ent)


def _entity_of(token: Token) -> SpacySpan | None:
    """The entity ``token`` is part of, found from its IOB tags (not by scanning ``doc.ents``,
    which costs the whole document on every call), or None."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I" and start > token.i - 50:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and end < token.i + 50:
        end += 1
    return doc[start:end]


def _has_noun_after(anchor: Token) -> bool:
    """True when ``anchor`` modifies a noun that follows it ("2000 people")."""
    return anchor.dep_ in ("nummod", "compound", "quantmod") and anchor.head.i > anchor.i and anchor.head.pos_ in ("NOUN", "PROPN")


def _anchor(core: SpacySpan) -> Token:
    """The token of the number expression whose head lies outside it (the last such)."""
    inside = {t.i for t in core}
    heads = [t for t in core if t.head.i not in inside or t.head.i == t.i]
    return heads[-1] if heads else core[-1]


def _is_time_unit(token: Token) -> bool:
    """True when ``token`` names a unit of time (a count of them is a duration or an age)."""
    units = lexicon()["time_units"]["nouns"]
    return token.lemma_.lower() in units or token.lower_ in units or token.lower_.rstrip("s") in units


def _is_length(token: Token) -> bool:
    """True for a unit of length not preceded by "square" (distances locate, areas count)."""
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].lower_ in ("square", "sq", "sq."):
        return False
    return token.lemma_.lower() in lexicon()["length_units"]["nouns"] or token.lower_ in lexicon()["length_units"]["nouns"]


def _attributive(noun: Token, anchor: Token, kind: str, cand: _Candidate) -> bool:
    """True for "a 28 page dossier": a plural number on a singular noun that is not a
    collective of a known kind ("a 1,000 Marine force") measures the next noun."""
    if noun.tag_ != "NN" or noun.head == noun or noun.dep_ not in ("compound", "amod", "nmod"):
        return False
    if cand.value is not None and cand.value <= 1:
        return False
    return kind == "other"


def _currency_noun(token: Token) -> bool:
    """True when ``token`` is a currency word ("dollars")."""
    return token.lower_ in lexicon()["currency_words"] and len(token.lower_) > 3


def _counted_noun(anchor: Token, core: SpacySpan, cand: _Candidate) -> Token | None:
    """The noun the number counts: its head ("231 civilians") or "of" object ("hundreds of").

    Money and percentages count their unit; they take an "of" object only for percent
    ("40 percent of the population").
    """
    head = anchor.head
    if head.pos_ == "ADJ" and head.lower_ == "strong":
        head = head.head
    if cand.currency:
        return None
    inside = {t.i for t in core}
    if anchor.dep_ in ("nummod", "compound", "quantmod", "amod", "advmod", "nmod") and head.i not in inside:
        if head.pos_ in ("NOUN", "PROPN") and head.i > anchor.i and not cand.percent:
            return head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
            if objects and objects[0].lower_ not in ("whom", "which", "what"):
                return objects[0]
    return _plural_noun_after(core)


def _plural_noun_after(core: SpacySpan) -> Token | None:
    """A plural noun right after the number ("late May 231 civilians"), when the parse
    attached the number elsewhere; modifiers in between are skipped (at most three)."""
    doc = core.doc
    for token in doc[core.end : core.end + 4]:
        if token.tag_ in ("NNS", "NNPS"):
            return token
        if token.pos_ not in ("ADJ", "PROPN", "NOUN", "VERB") or token.tag_ in ("VBZ", "VBD", "VBP", "VB"):
            return None
    return None


def _predicate(anchor: Token, noun: Token | None) -> Token | None:
    """The verb or adjective whose argument the counted phrase is ("were killed", "fled")."""
    partitive = noun is not None and noun.head.head.i == anchor.i
    node = noun if noun is not None and noun.i > anchor.i and not partitive else anchor
    if node.dep_ == "conj":
        for child in node.children:  # "19 civilians were killed and 25 injured": 25's own verb
            if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.i == node.i + 1:
                return child
    for _ in range(_MAX_CLIMB):
        if node.dep_ != "conj" or node.head == node:
            break
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in QUANTITY_NOUNS:
        node = node.head.head  # "killed a total of 346 people": the verb of "total"
    head = node.head
    if head.pos_ == "AUX" and head.dep_ in ("aux", "auxpass") and head.head != head:
        head = head.head  # "civilians have become internally displaced": the participle
    if node.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.pos_ in ("VERB", "AUX", "ADJ"):
        return head.head
    if node.dep_ == "pobj" and head.lower_ in ("to", "at") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if node.dep_ == "dobj" and head.pos_ == "VERB" and (clause := _stranded_clause(node)) is not None:
        return clause  # "Whittall reported 29 were trapped": the number is the clause's subject
    if node.dep_ == "nummod" and head.i < node.i and head.dep_ == "dobj" and (clause := _stranded_clause(node, head)) is not None:
        return clause  # "told reporters 31 were wounded": the number hung on the addressee
    if node.dep_ in _SUBJ_OBJ and head is not node and head.pos_ in ("VERB", "AUX", "ADJ"):
        return head
    for child in node.children:  # "civilians killed", "people who were displaced"
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX", "ADJ"):
            return child
    return None


CIRCUMSTANCE_PREPS = frozenset({"in", "at", "on", "with", "by", "from", "after", "during", "within", "across"})


def _circumstance(noun: Token, predicate: Token | None) -> bool:
    """The counted noun is the object of a preposition on the predicate and names no people
    ("killed in one hit", "injured in two places"): where, how or when it happened, not
    whom it happened to."""
    prep = noun.head
    return (
        predicate is not None
        and noun.dep_ == "pobj"
        and prep.lower_ in CIRCUMSTANCE_PREPS
        and prep.head == predicate
        and not _counts_people(noun)
        and _lemmas(noun).isdisjoint(GROUP_UNITS)
    )


def _stranded_clause(obj: Token, hung_on: Token | None = None) -> Token | None:
    """For an object the parser hung on a verb of saying when it is the subject of the clause
    right after it ("reported 29 were trapped", "told reporters 31 were wounded", the number
    hung on the addressee ``hung_on``): that clause's verb, which has an auxiliary but no
    subject of its own."""
    verb = (hung_on or obj).head
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > obj.i), None)
    if clause is None or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return None
    first = obj.doc[obj.i + 1] if obj.i + 1 < len(obj.doc) else None
    if first is None or first.head != clause or first.dep_ not in ("aux", "auxpass"):
        return None  # the clause must start right after the object with its auxiliary
    return clause


def _lemmas(token: Token) -> set[str]:
    """Lower-case forms to look up: lemma, text and a naive singular."""
    lower = token.lower_
    return {token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else lower}


def _kind_of(token: Token, slot: str) -> str | None:
    """The kind whose ``slot`` ("verbs", "adjectives", "nouns") lists ``token``."""
    forms = _lemmas(token)
    if slot == "nouns" and "force" in forms and any(c.dep_ == "compound" and c.lemma_.lower() in lexicon()["named_numbers"]["civil_forces"] for c in token.children):
        return None  # "the work force": no armed force
    for name, kind in lexicon()["kinds"].items():
        if forms & set(kind.get(slot, ())):
            return str(name)
    return None


def _predicate_kind(predicate: Token) -> str | None:
    """Kind named by a predicate, its complement ("are dead") or coerced flight ("forced ... to flee")."""
    lex = lexicon()
    coerced = lex["coerced_flight"]
    complements = [c for c in predicate.children if c.dep_ in ("xcomp", "acomp", "oprd", "attr", "ccomp")]
    if predicate.lemma_.lower() in coerced["verbs"]:
        if any(c.lemma_.lower() in coerced["flight"] for c in complements):
            return str(coerced["kind"])
    if predicate.lemma_.lower() == "take" and (held := _taken_by_forces(predicate)) is not None:
        return held  # "100 of those monks were taken by security forces": arrested
    slots = ("verbs", "adjectives") if predicate.pos_ in ("VERB", "AUX") else ("adjectives", "verbs")
    for slot in slots:
        if predicate.lemma_.lower() not in _COPULAS or slot == "adjectives":
            kind = _kind_of(predicate, slot)
            if kind and _lost_no_lives(predicate):
                kind = None
            if kind == "population" and predicate.lemma_.lower() in ("live", "reside") and not any(c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS for c in predicate.children):
                kind = None  # "live in settlements" is where people live; "can't live without" is not
            if kind and not (predicate.lemma_.lower() in _COPULAS and slot == "verbs"):
                return kind
    if (kind := _reliance_kind(predicate)) is not None:
        return kind
    if predicate.pos_ == "VERB" and (kind := _treated_for(predicate)) is not None:
        return kind
    if predicate.pos_ == "VERB" and predicate.lemma_.lower() not in _COPULAS:
        for comp in complements:  # "were shot dead", "was beaten unconscious": the result names it
            if comp.dep_ in ("oprd", "acomp") and comp.pos_ == "ADJ" and (kind := _kind_of(comp, "adjectives")):
                return kind
    if predicate.lemma_.lower() in _COPULAS or predicate.lemma_.lower() in coerced["verbs"]:
        for comp in complements:
            if comp.dep_ == "ccomp":
                continue  # "one soldier reports that three were arrested": the clause counts its own
            kind = _kind_of(comp, "adjectives") or _kind_of(comp, "verbs") or _kind_of(comp, "nouns") or _reliance_kind(comp)
            if kind is None and comp.dep_ == "xcomp" and comp.pos_ == "VERB" and comp.lemma_.lower() not in _COPULAS:
                kind = _predicate_kind(comp)  # "are reported to have been shot dead": the reported verb's result
            if kind:
                return kind
        if (kind := _without_kind(predicate)) is not None:
            return kind
        for prep in predicate.children:  # "2,000 people are in need of food", "are under siege", "were among the dead"
            if prep.dep_ == "prep" and prep.lower_ in ("in", "under", "among"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (kind := _kind_of(obj, "nouns") or _kind_of(obj, "adjectives") or _kind_of(obj, "states")):
                        return kind  # also a state: "were in custody", "were under the rubble"
                    if obj.dep_ == "pobj" and obj.pos_ == "PRON" and prep.lower_ == "among":
                        for mod in obj.children:  # "were among those killed", "among those who were detained"
                            if mod.dep_ in ("acl", "relcl") and (kind := _kind_of(mod, "adjectives") or _kind_of(mod, "verbs") or _predicate_kind(mod)):
                                return kind
    return None


LOCATIVE_PREPS = frozenset({"in", "at", "on", "near", "inside", "outside", "across", "around", "along", "within", "among"})


def _taken_by_forces(verb: Token) -> str | None:
    """ "were taken by security forces", "taken away by police": people a state's forces take
    are arrested (the gold guidelines: captured by a state's police or forces)."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agents = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    forces = set(lexicon()["kinds"]["troops"]["nouns"])
    return "arrested" if any(_lemmas(a) & forces for a in agents) else None


def _own_count(noun: Token) -> bool:
    """A noun with its own number or "no" ("41 suicide attempts and no deaths"): a count of
    its own, not a second name for things counted before it (unless those are people: "the
    bodies of two men, five children, and four covered corpses" is one list of the dead)."""
    return any(c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ == "no") for c in noun.children)


def _legal(predicate: Token) -> bool:
    """The predicate, or the verb it leads to ("are to be court-martialled"), is one of a
    trial's (``legal_verbs``): those it counts are people on trial."""
    legal = lexicon()["legal_verbs"]["verbs"]
    node = predicate
    for _ in range(3):
        if node.lower_.startswith(("martial", "court-martial")):
            return True
        if node.lemma_.lower() in legal:
            # "charged with murder", "have been charged"; not "police charged at protesters"
            preps = {c.lower_ for c in node.children if c.dep_ == "prep"}
            return node.lemma_.lower() != "charge" or "with" in preps or (any(c.dep_ == "auxpass" for c in node.children) and not preps & {"at", "into", "toward", "towards", "through"})
        node = next((c for c in node.children if c.dep_ in ("xcomp", "acomp") and c.pos_ in ("VERB", "AUX")), None)
        if node is None:
            return False
    return False


def _lost_no_lives(verb: Token) -> bool:
    """"500,000 Iraqis losing their jobs", "lost 30 seats": only lives or people lost are dead."""
    return verb.lemma_.lower() == "lose" and any(c.dep_ == "dobj" and c.lemma_.lower() != "life" and not _counts_people(c) for c in verb.children)


def _treated_for(verb: Token) -> str | None:
    """``wounded`` for people "treated for injuries", "hospitalised with wounds", "suffered
    burns": the injury the verb's complement names."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "with"):
            if any(o.dep_ == "pobj" and _kind_of(o, "nouns") == "wounded" for o in prep.children):
                return "wounded"
    return None


def _reliance_kind(token: Token) -> str | None:
    """``in_need`` for "rely on aid", "dependent on humanitarian aid"."""
    need = lexicon()["kinds"]["in_need"]
    if token.lemma_.lower() not in need["reliance"]:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "upon"):
            if any(o.dep_ == "pobj" and o.lemma_.lower() in need["aid"] for o in prep.children):
                return "in_need"
    return None


def _without_kind(predicate: Token) -> str | None:
    """``affected`` for people "without power" (after a copula or "left")."""
    cut_off = lexicon()["kinds"]["affected"]["without"]
    for prep in predicate.children:
        if prep.dep_ == "prep" and prep.lower_ == "without":
            if any(o.dep_ == "pobj" and o.lemma_.lower() in cut_off for o in prep.children):
                return "affected"
    return None


def _modifier_kind(noun: Token) -> str | None:
    """Kind named by a modifier of the counted noun ("displaced people", "people in need")."""
    doc = noun.doc
    for child in noun.children:
        if child.i > 0 and doc[child.i - 1].text in ("-", "–"):
            continue  # "booby-trapped": the second half of a compound adjective
        if child.dep_ in ("amod", "acl", "relcl", "compound"):
            if child.dep_ == "relcl" and _is_agent(noun, child):
                continue  # "gunmen who killed five guards": they did it
            if child.dep_ == "acl" and child.i > noun.i and child.lemma_.lower() == "leave" and not any(c.dep_ == "dobj" for c in child.children):
                continue  # "a few dozen protesters left in the squat": those remaining, not people who fled
            kind = _kind_of(child, "adjectives") or _kind_of(child, "verbs")
            if kind is not None and _lost_no_lives(child):
                kind = None
            if child.dep_ == "compound" and kind is None:
                kind = _kind_of(child, "nouns")
                if kind == "attacks":
                    kind = None  # "assault rifles", "attack helicopters": a kind of thing, no count of events
                elif kind is not None and _kind_of(noun, "nouns") is None and not _counts_people(noun) and _lemmas(noun).isdisjoint(GROUP_UNITS):
                    kind = None  # "20 police cars", "three refugee camps": things of those people, not them
            if child.dep_ == "relcl" and kind is None:
                kind = _predicate_kind(child)
            kind = kind or _reliance_kind(child)  # "people dependent on aid"
            if kind is not None and child.lemma_.lower() in lexicon()["people_only_verbs"]["verbs"] and not _counts_people(noun):
                kind = None  # "5.1 surround sound", "expenses saved", "things you need": not people
            if kind:
                return kind
        if child.dep_ == "prep" and child.lower_ in ("in", "under"):
            for obj in child.children:
                state = _kind_of(obj, "states") if not (noun.dep_ == "pobj" and noun.head.lower_ == "of") else None
                if obj.dep_ == "pobj" and (kind := _kind_of(obj, "nouns") or _kind_of(obj, "adjectives") or state):
                    return kind  # "people in need", "children in federal custody" (not "the deaths of children in custody")
    return None


GROUP_UNITS = frozenset({"family", "household"})
"""Nouns that count people in groups ("30 refugee families")."""


def _noun_kind(phrase: str, noun: Token) -> str | None:
    """Kind named by the counted noun itself, multi-word entries matched on the phrase end."""
    text = phrase.lower()
    for name, kind in lexicon()["kinds"].items():
        for entry in kind.get("nouns", ()):
            if " " in entry and (text.endswith(entry) or text.endswith(entry + "s")):
                return str(name)
    found = _kind_of(noun, "nouns")
    if found is None and _disease_cases(noun):
        return "affected"
    return found


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    """The word lists :func:`_wanted` and :func:`_disease_cases` test against, read once."""
    lex = lexicon()
    cases = lex["disease_cases"]
    return {
        "pending": frozenset(lex["governing"]["pending"]),
        "case_nouns": frozenset(cases["nouns"]),
        "case_modifiers": frozenset(cases["modifiers"]),
        "diseases": frozenset(cases["diseases"]),
    }


def _wanted(noun: Token) -> bool:
    """A noun that names what someone wants ("demanded the release of", "calls for the release of")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.pos_ == "ADP":
        head = head.head  # "called for the release", "pressed for the release"
    return noun.dep_ in ("dobj", "pobj", "nsubjpass") and head.lemma_.lower() in _word_sets()["pending"]


def _disease_cases(noun: Token) -> bool:
    """The counted noun is cases of a disease: "500 confirmed cases", "cases of plague"."""
    words = _word_sets()
    if noun.lemma_.lower() not in words["case_nouns"] and noun.lower_.rstrip("s") not in words["case_nouns"]:
        return False
    if any(c.lower_ in words["case_modifiers"] for c in noun.children):
        return True
    diseases = words["diseases"]
    return any(t.lower_ in diseases or t.lemma_.lower() in diseases for t in noun.sent)


def _kind_and_subject(anchor: Token, noun: Token | None, core: SpacySpan, cand: _Candidate) -> tuple[str, str | None]:
    """The figure's kind and the counted thing as written.

    Order: a currency makes money; then the predicate ("were killed"), the counted noun's
    modifiers ("displaced people"), a noun governing the counted phrase ("the deaths of"),
    the counted noun ("fighters"), a noun governing the bare number ("a population of",
    "the toll rose to"), the "-strong" idiom; else ``other``.
    """
    lex = lexicon()
    last = core[-1].i
    if cand.strong:
        last = next((t.i for t in core.doc[last : last + 3] if t.lower_ == "strong"), last)
    subject = _noun_phrase(noun, after=last, bare=True) if noun is not None else None
    if cand.currency:
        return "money", None
    if noun is not None and any(c.dep_ in ("acl", "relcl") and _legal(c) for c in noun.children):
        return "other", subject  # "eleven soldiers charged with ill treatment": people on trial
    if (after := _participle_after(core)) is not None:
        return after, subject  # "115 people dead and over 30,000 forcibly displaced": its own participle
    if not _group_of_things(noun or anchor) and (group := _group_kind(noun or anchor)) is not None:
        # the group's kind is a kind of people: "charges including two warrants", "weapons including 40 rifles" count things
        return group, subject  # "11 died, including 8 prisoners": part of the dead
    if (listed := _list_kind(noun or anchor)) is not None:
        return listed, subject  # "150 security forces, 95 civilians and hundreds of Taliban killed"
    predicate = _predicate(anchor, noun)
    share_of = None
    if predicate is None and cand.percent and anchor.head != anchor and anchor.head.lower_ in PERCENT_WORDS:
        predicate = _predicate(anchor.head, None)  # "killing up to 40 percent of the population": the share's verb
        share_of = _of_object(anchor.head)
        if predicate is not None and any(c.dep_ == "neg" for c in predicate.children):
            predicate = None  # "90% of them do not need care": the share is of those to whom it did not happen
    if predicate is not None and _legal(predicate):
        return "other", subject  # "three soldiers are to be court-martialled": people on trial, not a force nor arrests
    kind = _predicate_kind(predicate) if predicate is not None else None
    namer = predicate
    if kind is None and predicate is not None and predicate.pos_ == "VERB":
        # "have been shot and killed": a verb coordinated with the predicate names it too
        namer, kind = next(
            ((c, k) for c in predicate.conjuncts if c.pos_ == "VERB" and not children(c, "nsubj", "nsubjpass") and (k := _predicate_kind(c))), (None, None)
        )  # a conjunct with a subject of its own tells of something else ("the caliphate's destroyed, but there's thousands of fighters")
    if kind == "displaced" and namer is not None and noun is not None and namer.lemma_.lower() in lex["kinds"]["rescued"]["carried_verbs"] and _lemmas(noun) & set(lex["kinds"]["rescued"]["carried"]):
        kind = "rescued"  # "evacuate three patients": a medical evacuation saves, it does not displace
    if kind is None and noun is not None and predicate is not None and predicate.lemma_.lower() in FIRING_VERBS and noun.lemma_.lower() in SHOT_NOUNS:
        kind = "attacks"  # "guards shot five rounds", "no shots were fired": shots count as events (the gold rulings)
    if kind is not None and noun is not None and noun.i > anchor.i and _kind_of(noun, "nouns") == "attacks":
        kind = "attacks"  # "six were killed in two suicide bombings": a count of events, whatever the verb
    elif kind is not None and noun is not None and _circumstance(noun, predicate):
        kind = None  # "killing them in one hit", "wounded in three places": the count is not of the victims
    counted = noun if noun is not None else share_of
    if kind is not None and namer is not None and (counted is not None or share_of is None and cand.percent) and not (counted is not None and _counts_people(counted)) and (
        namer.lemma_.lower() in lex["people_only_verbs"]["verbs"] or any(c.dep_ == "prt" for c in namer.children)
    ):
        kind = None  # "released two reports", "saving 100 calories", "drown out noise": not people set free or dead
    if kind in lex["agent_subject_kinds"]["kinds"] and any(_is_agent(t, predicate) for t in {noun or anchor, anchor}):
        kind = None  # "2,000 troops surrounded the town": the subject acts, it is not counted as besieged
    if kind is None and predicate is not None and (noun or anchor).dep_ in ("nsubj", "nsubjpass"):
        kind = _object_kind(predicate)
    if kind is None:
        kind = _collective_event_kind(noun if noun is not None and noun.i > anchor.i else anchor)
    if kind is None and noun is not None:
        kind = _modifier_kind(noun)
    if kind is None and noun is not None and noun.i > anchor.i:
        phrase_head = anchor if noun.head.head.i == anchor.i else noun
        kind = _governing(phrase_head, None)[0]  # "the deaths of 96 people", "deaths of hundreds of"
        owner = phrase_head.head.head
        if kind is not None and owner.lemma_.lower() in lex["people_only_verbs"]["verbs"] and (not _counts_people(noun) or _wanted(owner)):
            kind = None  # "the release of 40 prisoners" (rescued), not "the release of 3 new products" nor "demanded the release of"
        if kind in COLLECTIVE_KINDS and (own := _noun_kind(subject or noun.text, noun)) is not None:
            kind = own  # "a force of 300 insurgents": the force is made of fighters
    if kind is None and noun is not None:
        kind = _noun_kind(subject or noun.text, noun)
        if kind in HELD_KINDS and _is_agent(noun, predicate):
            kind = None  # "50 detainees damaged their quarters": people held, counted for what they did
        if kind is None:  # "20,000 police and military troops": a coordinated noun names it
            kind = next((k for c in noun.conjuncts if c.i > noun.i and not (_own_count(c) and not _counts_people(noun)) and (k := _kind_of(c, "nouns"))), None)
        if kind == "troops" and _of_mission(subject):
            kind = "peacekeepers"  # "6,000 African Union troops"
    if subject is None:
        governing_kind, governing_subject = _governing(anchor, predicate)
        subject = governing_subject
        kind = kind or governing_kind
    if kind is None and cand.strong:
        kind = str(lex["strong_suffix"]["kind"])
    if kind is None and cand.percent:
        kind = _percent_group_kind(core)  # "70 percent of the deaths": a share of the dead
    if kind is None and predicate is not None and predicate.lemma_ == "have" and noun is not None and _counts_people(noun):
        if any(c.dep_ == "nsubj" and c.ent_type_ in ("GPE", "LOC") for c in predicate.children):
            kind = "population"  # "Mosul has roughly 50,000 Christians"
    return kind or "other", subject


HELD_KINDS = frozenset({"arrested", "abducted"})
"""Kinds a noun names by a status ("detainees", "prisoners", "hostages"): such people who do
something ("50 detainees damaged their quarters", "two detainees attempted suicide") are
counted for what they did, not as arrests (the figure gold set's guidelines)."""
PERCENT_WORDS = frozenset({"percent", "%", "cent", "pc"})
COLLECTIVE_OWNERS = frozenset({"population", "troops"})
"""Kinds of the collectives that govern a count ("a population of", "a force of")."""


def _collective_event_kind(counted: Token) -> str | None:
    """What happened to a collective happened to the count it is made of ("the whole
    population of 8,200 was displaced": displaced), unless the collective did it ("a force
    of 300 overran the checkpoint")."""
    if counted.dep_ != "pobj" or counted.head.lower_ != "of" or counted.head.head == counted.head:
        return None
    owner = counted.head.head
    if lexicon()["governing"]["phrases"].get(f"{owner.lemma_.lower()} of") not in COLLECTIVE_OWNERS:
        return None
    predicate = _predicate(owner, None)
    if predicate is None or _is_agent(owner, predicate):
        return None
    kind = _predicate_kind(predicate)
    return kind if kind in EVENT_KINDS else None


def _of_mission(subject: str | None) -> bool:
    """The counted forces are named as a UN or regional mission's ("U.N. troops", "African
    Union soldiers"; ``[kinds.peacekeepers] missions``)."""
    if not subject:
        return False
    words = f" {re.sub(r'[^a-z.]+', ' ', subject.lower())} "
    return any(f" {m} " in words for m in lexicon()["kinds"]["peacekeepers"].get("missions", ()))


def _list_kind(counted: Token) -> str | None:
    """The kind a list gives all its members: a participle after its last member ("150
    security forces, 95 civilians, and hundreds of Taliban killed"), or the count the list
    spells out ("13 were dead, two men, five children and six women")."""
    node = counted
    for _ in range(6):
        if node.dep_ != "conj" or node.head == node:
            break
        node = node.head  # the first member of the list
    members = [node, *(c for c in node.subtree if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM"))]
    if len(members) < 2:
        return None
    for member in members:
        for child in member.children:
            if child.dep_ in ("acl", "amod") and child.i > member.i and child.tag_ in ("VBN", "JJ"):
                if (kind := _kind_of(child, "adjectives") or _kind_of(child, "verbs")) is not None:
                    return kind
        for obj in (o for p in member.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"):
            for child in obj.children:
                if child.dep_ in ("acl", "amod") and child.i > obj.i and (kind := _kind_of(child, "adjectives") or _kind_of(child, "verbs")) is not None:
                    return kind  # "hundreds of Taliban killed"
    if node.dep_ == "appos":
        head = node.head
        predicate = _predicate(head, head)
        return _predicate_kind(predicate) if predicate is not None else None
    return None


def _percent_group_kind(core: SpacySpan) -> str | None:
    """The kind of the group a percentage is a share of ("70 percent of the deaths", "82% of
    all deaths were adult males"): the "of" object's own kind."""
    doc = core.doc
    i = core[-1].i + 1
    if i < len(doc) and doc[i].lower_ in ("percent", "per", "%"):
        i += 2 if doc[i].lower_ == "per" else 1
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    obj = next((c for c in doc[i].children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    return _modifier_kind(obj) or _noun_kind(obj.text, obj)


def _counts_people(noun: Token) -> bool:
    """The counted noun names people: a people unit, a nationality or person name, a
    pronoun, or a noun of a kind of people ("fighters", "hostages")."""
    lex = lexicon()
    forms = _lemmas(noun)
    if forms & set(lex["units"]["people"]) or noun.ent_type_ in ("NORP", "PERSON") or noun.pos_ == "PRON" or noun.lower_ == "others":
        return True  # "four others were released": others of the people just counted
    return any(forms & set(kind.get("nouns", ())) for kind in lex["kinds"].values() if kind.get("people"))


COLLECTIVE_KINDS = frozenset({"troops", "population"})
"""Kinds of a governing collective ("a force of", "a contingent of", "home to") that the
counted noun names more precisely when it names a kind ("a force of 300 insurgents":
fighters; "home to thousands of refugees": refugees)."""
GROUP_PREPS = frozenset({"including", "among"})


def _group_of_things(counted: Token) -> bool:
    """The group an "including"/"among" count is part of is named by a noun that does not
    count people ("several charges including two warrants", "weapons including 40 rifles")."""
    if counted.dep_ != "pobj" or counted.head.lower_ not in GROUP_PREPS:
        return False
    group = counted.head.head
    return group.pos_ == "NOUN" and not _counts_people(group)


def _group_kind(counted: Token) -> str | None:
    """The kind of the group a count is part of ("Eleven people died in the mutiny, including
    8 prisoners", "among them 12 journalists"): the predicate of the clause that holds the
    "including"/"among" phrase, when it names a kind."""
    if counted.dep_ == "appos" and any(c.dep_ == "prep" and c.lower_ in GROUP_PREPS for c in counted.children):
        head = counted.head  # "200 were arrested, among them 12 journalists"
        predicate = _predicate(head, head)
        return _predicate_kind(predicate) if predicate is not None else None
    if counted.dep_ != "pobj" or counted.head.lower_ not in GROUP_PREPS:
        return None
    group = counted.head.head
    if group.pos_ in ("NOUN", "PROPN") and (own := _modifier_kind(group)) is not None:
        return own  # "seven others, including six children, injured": the group's own participle
    if group.pos_ == "NOUN" and (own := _kind_of(group, "nouns")) in EVENT_KINDS and _counts_people(group):
        return own  # "Japan's war dead, including 14 individuals": the group is the dead
    for node in list(counted.head.ancestors)[:4]:
        if node.pos_ in ("VERB", "AUX", "ADJ"):
            return _predicate_kind(node)
    return None


def _participle_after(core: SpacySpan) -> str | None:
    """The kind of a participle or adjective written right after a bare number ("over 30,000
    forcibly displaced", "12 dead"), which names what the number counts whatever the parse
    attached it to."""
    doc = core.doc
    i = core[-1].i + 1
    while i < len(doc) and doc[i].pos_ == "ADV" and i - core[-1].i <= 2:
        i += 1
    if i >= len(doc):
        return None
    if doc[i].tag_ not in ("VBN", "JJ", "VBD"):
        # "30 hurt" is often tagged a noun or a past tense: the kind's adjective names it all the same
        return _kind_of(doc[i], "adjectives") if doc[i].tag_ == "NN" and doc[i].dep_ == "conj" else None
    return _kind_of(doc[i], "adjectives") or _kind_of(doc[i], "verbs")


def _object_kind(predicate: Token) -> str | None:
    """Kind named by the object of the counted subject's verb ("34 Iraqis met violent deaths",
    "two soldiers appear to have suffered minor injuries") or by a state it was put into
    ("two men were taken into custody")."""
    verb = predicate
    for _ in range(3):  # "appear to have suffered": through the infinitival complement
        for child in verb.children:
            if child.dep_ == "dobj" and (kind := _kind_of(child, "nouns")):
                return kind
            if child.dep_ == "prep" and child.lower_ in ("into", "in"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (kind := _kind_of(obj, "states")):
                        return kind
        verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if verb is None:
            break
    return None


MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)


def _day_of_month(core: SpacySpan, before: Token | None) -> bool:
    """A day of the month the model did not tag as a date ("on Monday, 29 May", "May 29"):
    one to two digits next to a capitalised month name."""
    if len(core) != 1 or not core[0].is_digit or not 1 <= int(core[0].text) <= 31:
        return False
    doc = core.doc
    after = doc[core[0].i + 1] if core[0].i + 1 < len(doc) else None
    month = [t for t in (before, after) if t is not None and t.lower_.rstrip(".") in MONTHS and t.text[:1].isupper()]
    return bool(month) and not (before is not None and before is month[0] and before.lower_ == "may" and before.i == before.sent.start)


def _is_agent(counted: Token, predicate: Token | None) -> bool:
    """The counted phrase is the active subject of a transitive use of the predicate: it
    did the killing, surrounding or arresting ("2,000 troops surrounded the buildings")."""
    if predicate is None or predicate.pos_ != "VERB":
        return False
    if predicate.dep_ == "acl" and predicate.tag_ == "VBG" and predicate.head.i == counted.i:
        pass  # "500,000 Iraqis losing their jobs": the present participle's subject is the noun it modifies
    elif predicate.dep_ == "relcl" and predicate.head.i == counted.i:
        # "20 gunmen who killed five guards", "one father who lost a son": the relative subject acts
        if not any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in predicate.children):
            return False
    elif counted.dep_ != "nsubj" or counted.head.i != predicate.i:
        return False
    return any(c.dep_ == "dobj" for c in predicate.children)


def _governing(anchor: Token, predicate: Token | None) -> tuple[str | None, str | None]:
    """Kind and subject from a noun that governs the number ("population of", "forces number")."""
    lex = lexicon()
    head = anchor.head
    phrase = f"{head.head.lemma_.lower()} {head.lower_}"
    if anchor.dep_ == "pobj" and head.pos_ == "ADP" and (head.head.pos_ in ("NOUN", "PROPN") or phrase in lex["governing"]["phrases"]):
        owner = head.head  # "home to 2,000 people": "home" may be parsed an adverb
        owned = head.lower_ == "of" or anchor.like_num or anchor.pos_ == "NUM"
        kind = lex["governing"]["phrases"].get(phrase) or (_kind_of(owner, "nouns") if owned else None)
        # a counted noun is the owner's only through "of" ("the deaths of 96 people"); "explosions
        # in two towns", "deaths in 3 provinces", "life on the 12 Ultra" count something else
        if kind == "attacks" and head.lower_ != "of":
            kind = None  # "raids like the one this week", "explosions in two": no count of the events
        return kind, _noun_phrase(owner, bare=True)
    if (owner := _raised_statistic(anchor, predicate)) is not None:
        # "bringing the death toll to 30", "pushed the number of confirmed victims to 51": the
        # object is the statistic the number is the new value of
        return _statistic_kind(owner)
    if predicate is not None and predicate.lemma_.lower() in lex["statistic_verbs"]["verbs"]:
        subjects = [c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < anchor.i]
        if subjects:
            return _statistic_kind(subjects[0])
    return None, None


def _statistic_kind(owner: Token) -> tuple[str | None, str | None]:
    """Kind and subject of the statistic ``owner`` names: what "the number of" / "the toll of"
    counts ("the number of refugees"), else the noun itself ("the death toll")."""
    counted = _of_object(owner) if owner.lemma_.lower() in STATISTIC_OWNERS else None
    target = counted or owner
    kind = _modifier_kind(target) or _noun_kind(_noun_phrase(target) or "", target) or _kind_of(owner, "nouns")
    return kind, _noun_phrase(target, bare=True)


def _raised_statistic(anchor: Token, predicate: Token | None) -> Token | None:
    """The object a raising verb sets to the number ("bringing the death toll to 30": toll)."""
    if predicate is None or predicate.lemma_.lower() not in RAISING_VERBS or anchor.dep_ != "pobj" or anchor.head.lower_ != "to" or anchor.head.head != predicate:
        return None
    return next((c for c in predicate.children if c.dep_ == "dobj" and c.i < anchor.i), None)


def _raised(anchor: Token, predicate: Token | None) -> str | None:
    """ "bringing the death toll to 30": the new value of a running statistic is a total."""
    owner = _raised_statistic(anchor, predicate)
    return _noun_phrase(owner, bare=True) if owner is not None and owner.lemma_.lower() in STATISTIC_OWNERS else None


RAISING_VERBS = frozenset({"bring", "push", "raise", "take", "lift", "put"})
"""Verbs that set a statistic, their object, to a new value ("bringing the death toll to 30")."""
STATISTIC_OWNERS = frozenset({"number", "total", "toll", "figure", "count", "tally"})


def _of_object(token: Token) -> Token | None:
    """The object of an "of" after ``token`` ("the number of refugees" -> refugees)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _noun_phrase(token: Token | None, *, after: int = -1, bare: bool = False) -> str | None:
    """``token`` with its left modifiers, as written: "IS fighters", "the Iraqi government".

    Cuts relative clauses, appositions, coordination and prepositional phrases (except
    inside a named entity); starts after token ``after`` (the number itself); drops a
    leading determiner or possessive pronoun when ``bare`` (a counted subject).
    """
    if token is None:
        return None
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in _PHRASE_CUT or child.i <= after:
            continue
        left = min(left, child.left_edge.i)
    left = max(left, after + 1, token.i - _MAX_PHRASE)
    right = token.i
    ent = _entity_of(token)
    if ent is not None:
        left, right = min(left, max(ent.start, after + 1)), max(right, ent.end - 1)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and token.lemma_.lower() in ("member", "number"):
            right = max(right, child.right_edge.i)
    words = doc[left : right + 1]
    while len(words) > 1 and (words[0].is_punct or (bare and words[0].pos_ in ("DET", "PRON"))):
        words = words[1:]
    while len(words) > 1 and words[-1].is_punct:
        words = words[:-1]
    text = words.text.strip()
    return text or None


def _unit(noun: Token | None, kind: str, cand: _Candidate) -> str | None:
    """The unit: currency code, ``percent``, a category of the counted noun, or ``people``.

    None when the number counts nothing (no counted noun, not money, not a known kind).
    """
    lex = lexicon()
    if cand.currency:
        return cand.currency
    if cand.percent:
        return "percent"
    if noun is not None:
        forms = _lemmas(noun)
        if noun.i > 0:  # two-word units: "square kilometres", "aid workers"
            prev = noun.doc[noun.i - 1].lower_
            forms |= {f"{prev} {form}" for form in list(forms)}
        for unit, nouns in sorted(lex["units"].items(), key=lambda item: -max(map(len, item[1]))):
            if any(" " in n for n in nouns) and forms & set(nouns):
                return str(unit)
        for unit, nouns in lex["units"].items():
            if forms & set(nouns):
                return str(unit)
        if noun.ent_type_ in ("NORP",) or noun.pos_ == "PRON":
            return "people"
        if noun.ent_type_ == "ORG" and noun.pos_ == "PROPN" and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.ent_type_ == "CARDINAL":
            return "people"  # "hundreds of Taliban": members of a named group
        if kind != "other" and lex["kinds"].get(kind, {}).get("people"):
            return "people"
        return noun.lemma_.lower()
    if kind != "other" and lex["kinds"].get(kind, {}).get("people"):
        return "people"
    if kind not in ("other", "money"):
        return kind
    return None


def _bare_people(anchor: Token, cand: _Candidate) -> str | None:
    """``people`` for a number without a noun that is someone: the subject of a verb of a
    trial ("Four have been charged") or a vague plural acting ("Thousands threw stones",
    "Hundreds marched"), else None."""
    verb = anchor.head
    if anchor.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB" and _legal(verb):
        return "people"
    if cand.value is None and anchor.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.lemma_.lower() not in _COPULAS:
        return "people"
    return None


def _crowd(anchor: Token) -> str | None:
    """``people`` for a bare number that a gathering of people governs ("greeted by a crowd
    of several dozen", "a group of 30"), else None."""
    head = anchor.head
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lexicon()["governing"]["crowds"]:
        return "people"
    return None


def _hearsay(predicate: Token | None) -> str | None:
    """``"reportedly"`` when a hearsay adverb modifies the predicate or one above it."""
    adverbs = set(lexicon()["hearsay"]["adverbs"])
    node = predicate
    for _ in range(_MAX_CLIMB):
        if node is None:
            return None
        if any(c.dep_ == "advmod" and c.lower_ in adverbs for c in node.children):
            return "reportedly"
        if node.head == node:
            return None
        node = node.head
    return None


def _actor(predicate: Token | None, anchor: Token, noun: Token | None, actors: Actors) -> str | None:
    """Who did it: the agent of a passive trigger ("killed by ISIS") or the subject of an
    active one ("troops killed 30"), when that subject is a named or armed actor (the
    agent of the event, ACLED's "actor 1"); None when the predicate names no kind."""
    if predicate is None or _predicate_kind(predicate) is None:
        return None
    for child in predicate.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj" and anchor not in list(c.subtree)]
            if objects:
                return _noun_phrase(objects[0])
    counted = noun if noun is not None else anchor
    if counted.dep_ not in ("dobj",) and anchor.dep_ not in ("dobj",):
        return None
    subjects = [c for c in predicate.children if c.dep_ == "nsubj"]
    subject = subjects[0] if subjects else None
    if subject is None or not _is_actor(subject, actors):
        return None
    return _noun_phrase(subject)


def _is_actor(token: Token, actors: Actors) -> bool:
    """True for a named entity that can act (ORG, NORP, GPE, PERSON) or an armed-actor noun."""
    if token.ent_type_ in _ACTOR_ENTS or token.ent_id_:
        return True
    phrase = (_noun_phrase(token) or "").lower()
    nouns = lexicon()["actors"]["nouns"]
    return token.lower_ in nouns or any(phrase.endswith(n) for n in nouns) or actors.lookup(phrase) is not None


def _reporter(start: Token, anchor: Token, noun: Token | None) -> str | None:
    """Who gives the figure: "according to X", "X said/reported/estimated (that) ...",
    "a report quoted X as saying" (attribution cues after the AP Stylebook's "said" entry
    and Pareti 2016, PARC 3.0)."""
    sent = anchor.sent
    if "according" in doc_text(anchor.doc)[sent.start_char : sent.end_char].lower():  # a string test first: most sentences have none
        for token in sent:
            if token.lower_ == "according":
                for to in token.children:
                    objects = [c for c in to.children if c.dep_ == "pobj"] if to.lower_ == "to" else []
                    if objects:
                        return _noun_phrase(objects[0])
    counted = _LazyIndices(noun if noun is not None else anchor)
    lex = lexicon()["reporting"]
    node, child = start, None
    for _ in range(_MAX_CLIMB):
        lemma = node.lemma_.lower()
        clausal = child is not None and (
            child.dep_ in ("ccomp", "xcomp", "parataxis", "advcl", "pcomp", "conj")
            or (lemma == "quote" and child.dep_ == "prep")  # "quoted X as saying that..."
        )
        if node.pos_ in ("VERB", "AUX") and lemma in lex["verbs"] and (clausal or lemma in lex["counting_verbs"]):
            speaker = _speaker(node, counted)
            if speaker:
                return speaker
        for side in node.children:  # "200 were wounded, as health officials said"
            if side.dep_ not in ("parataxis", "advcl") or side is child or side.lemma_.lower() not in lex["verbs"]:
                continue
            if side.dep_ == "parataxis" or {m.lower_ for m in side.children if m.dep_ == "mark"} <= {"as"}:
                speaker = _speaker(side, counted)
                if speaker:
                    return speaker
        if node.head == node:
            break
        node, child = node.head, node
    return None


class _LazyIndices:
    """The token indices of ``token``'s subtree, gathered on the first membership test (most
    figures meet no reporting verb, and a counted noun's subtree can be the whole clause)."""

    __slots__ = ("_indices", "_token")

    def __init__(self, token: Token) -> None:
        self._token = token
        self._indices: set[int] | None = None

    def __contains__(self, i: object) -> bool:
        if self._indices is None:
            self._indices = {t.i for t in self._token.subtree}
        return i in self._indices


def _speaker(verb: Token, counted: set[int] | _LazyIndices) -> str | None:
    """The subject of a reporting verb, or the person quoted in "quoted X as saying"."""
    deps = ("dobj",) if verb.lemma_.lower() == "quote" else ("nsubj",)
    for child in verb.children:
        if child.dep_ in deps and child.i not in counted and child.tag_ not in ("WDT", "WP", "CD", "EX"):
            return _noun_phrase(child)
    return None

