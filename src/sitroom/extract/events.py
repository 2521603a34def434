"""Events typed on the ACLED taxonomy: who did what to whom, where and when (first version).

Rules (``sitroom.events.v1``):

* Triggers come from ``data/event_types.toml`` (ACLED Codebook 2023 types and
  sub-types, plus sitroom's "Displacement" and "Humanitarian access"); the longest
  match wins ("suicide bombing" over "bombing"). Adjectival uses ("displaced
  persons", "the destroyed mosque") are not events.
* Roles follow PropBank-style argument mapping on the dependency parse (Palmer et
  al. 2005; ACLED's actor1/actor2 = initiator/target): actor1 is the ``nsubj`` of an
  active trigger verb, the ``agent`` ("by X") of a passive one, the "by X", possessive
  or actor-named compound of a trigger noun, or the subject of a support verb
  ("launched an attack"); actor2 is the ``dobj``/``nsubjpass`` or "against/on X".
  Actors in the actor data get their canonical name; pronouns give ``None``.
* Hypothetical or planned events are skipped (ACLED codes only events that took
  place): a modal auxiliary, negation, "if"/"unless", or a governing verb such as
  "plan", "threaten", "vow" (TimeML's modality/factuality markers, Saurí &
  Pustejovsky 2009, FactBank).
* A change-of-control verb needs a place object; its sub-type follows actor1's
  type (state force vs. armed group) as in the ACLED Codebook; under an attempt
  ("began to take back", "an offensive to reclaim") it is an Armed clash.
* ``place``: a GPE/LOC/FAC entity governed by in/at/near/outside/from... attached to
  the trigger, else one in its clause, else the nearest in the sentence; names used
  as modifiers ("Mosul residents", "U.S.-backed") are not places.
* ``date``: a resolved TimeRef in the trigger's own clause (never the publication
  date); ``fatalities`` is left to the figure linker.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from sitroom.model import Event, Span, TimeRef
from sitroom.nlp import Actors

RULE = "sitroom.events.v1"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "from", "into", "around", "across", "inside", "of", "on", "against"})
SUPPORT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "begin", "start", "lead", "claim", "perpetrate", "unleash", "step", "commit"})
"""Light verbs whose subject is the agent of their event noun ("X launched an attack")."""
MAX_HOPS = 6
"""Bound on walks up the dependency tree."""


class EventDataError(ValueError):
    """``event_types.toml`` is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: words, their ACLED type and the frame rule to apply."""

    words: tuple[str, ...]
    type: str
    subtype: str | None = None
    pos: tuple[str, ...] = ()
    frame: str | None = None
    objects: tuple[str, ...] = ()
    subject_is_patient: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger entries and the word lists the frames use."""

    triggers: tuple[Trigger, ...]
    lists: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read ``sitroom/data/event_types.toml`` once.

    Raises:
        EventDataError: an entry lacks ``words`` or ``type``.
    """
    text = (resources.files("sitroom") / "data" / "event_types.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    triggers = []
    for n, row in enumerate(data.get("trigger", []), start=1):
        if not row.get("words") or not row.get("type"):
            raise EventDataError(f"event_types.toml: trigger #{n} lacks words or type")
        triggers.append(
            Trigger(
                words=tuple(row["words"]),
                type=row["type"],
                subtype=row.get("subtype"),
                pos=tuple(row.get("pos", ())),
                frame=row.get("frame"),
                objects=tuple(row.get("objects", ())),
                subject_is_patient=bool(row.get("subject_is_patient", False)),
            )
        )
    lists = {name: frozenset(words) for name, words in data.get("lists", {}).items()}
    return Lexicon(tuple(triggers), lists)


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A lexicon phrase, keyed elsewhere by its last word: the leading words before it."""

    trigger: int
    """Index of the entry in ``Lexicon.triggers``."""
    lead: tuple[str, ...]
    """Leading words in lower case; ``"-"`` stands for an optional hyphen token."""
    pos: frozenset[str]


@lru_cache(maxsize=1)
def _phrase_index() -> dict[str, tuple[_Phrase, ...]]:
    """Every lexicon phrase keyed by its last word's lemma (as written and capitalised).

    The leading words of a phrase match by lower case, the last by lemma (and part of
    speech when the entry says), and hyphens are optional: "car bomb", "car-bomb".
    """
    index: dict[str, list[_Phrase]] = {}
    for number, trigger in enumerate(load_lexicon().triggers):
        for phrase in trigger.words:
            words = phrase.replace("-", " - ").split()
            entry = _Phrase(number, tuple(words[:-1]), frozenset(trigger.pos))
            for key in dict.fromkeys((words[-1], words[-1].capitalize())):
                index.setdefault(key, []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def _lead_starts(sdoc: Doc, end: int, lead: tuple[str, ...]) -> list[int]:
    """Token indices ``start`` such that ``sdoc[start:end]`` spells ``lead``."""
    positions = [end]
    for word in reversed(lead):
        found = []
        for pos in positions:
            if word == "-":
                found.append(pos)  # the hyphen is optional
                if pos > 0 and sdoc[pos - 1].text == "-":
                    found.append(pos - 1)
            elif pos > 0 and sdoc[pos - 1].lower_ == word:
                found.append(pos - 1)
        positions = found
        if not positions:
            break
    return positions


def _trigger_matches(sdoc: Doc) -> list[tuple[int, int, int]]:
    """``(trigger index, start, end)`` for every lexicon phrase in ``sdoc``, in text order.

    A dictionary lookup on each token's lemma, then a check of the few words before it:
    linear in the document. (spaCy's Matcher tried all 168 patterns at every token and
    took 97 % of the event extractor's time.)
    """
    index = _phrase_index()
    matches: set[tuple[int, int, int]] = set()
    for token in sdoc:
        for phrase in index.get(token.lemma_, ()):
            if phrase.pos and token.pos_ not in phrase.pos:
                continue
            for start in _lead_starts(sdoc, token.i, phrase.lead):
                matches.add((phrase.trigger, start, token.i + 1))
    return sorted(matches, key=lambda m: (m[1], m[2], m[0]))


def find_triggers(sdoc: Doc) -> list[tuple[SpacySpan, Trigger]]:
    """Trigger spans in text order, longest first on overlap, adjectival uses dropped."""
    lexicon = load_lexicon()
    spans = []
    for number, start, end in _trigger_matches(sdoc):
        spans.append(SpacySpan(sdoc, start, end, label=str(number)))
    kept = filter_spans(spans)
    by_last = {s[-1].i: s for s in kept}
    found = []
    for span in kept:
        last = span[-1]
        if last.dep_ == "amod" or (last.tag_ in ("VBN", "JJ") and last.dep_ == "compound"):
            continue  # "displaced persons", "the destroyed mosque"
        if last.dep_ == "compound":
            if last.head.i not in by_last or last.head.i < last.i:
                continue  # "bomb shelters": a modifier, no event
            # "car bomb attack": one event, typed by the more specific modifier
            span = SpacySpan(sdoc, span.start, last.head.i + 1, label=span.label_)
        elif any(t.dep_ == "compound" and t.head == last and t.i in by_last for t in span.doc[max(0, span.start - 3) : span.start]):
            continue
        found.append((span, lexicon.triggers[int(span.label_)]))
    return found


# --- syntax helpers ------------------------------------------------------------------------------


def _clause_head(token: Token) -> Token:
    """The verb whose clause holds ``token``: climbs from nouns and through ``xcomp``."""
    for _ in range(MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("xcomp", "amod", "aux", "auxpass"):
            return token
        if token.head is token:
            return token
        token = token.head
    return token


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``token`` ("by X", "against X")."""
    wanted = set(preps)
    return [
        o
        for p in token.children
        if p.dep_ in ("prep", "agent") and p.lower_ in wanted
        for o in _children(p, "pobj")
        if o.ent_type_ not in ("DATE", "TIME")
    ]


def _is_hypothetical(trigger: Token, lexicon: Lexicon) -> bool:
    """A modal, negation, "if", or a planning verb governs the trigger (bounded walk)."""
    hypothetical, modals = lexicon.lists.get("hypothetical", frozenset()), lexicon.lists.get("modals", frozenset())
    token = trigger
    for hop in range(MAX_HOPS):
        for child in token.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in modals:
                return True
            if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether")):
                return True
            if child.dep_ == "det" and child.lower_ == "no":  # "no choice but to flee"
                return True
        if hop and token.lemma_.lower() in hypothetical:
            return True
        if token.dep_ not in ("xcomp", "dobj", "pobj", "prep", "compound", "nsubj", "nsubjpass", "attr", "acomp", "conj", "acl", "relcl", "advcl", "ccomp") or token.head is token:
            return False
        if token.dep_ in ("relcl", "advcl", "ccomp") and token.pos_ in ("VERB", "AUX"):
            return False  # a finite clause has its own modality
        token = token.head
    return False


def _governing_attempt(trigger: Token, lexicon: Lexicon) -> bool:
    """The trigger sits under an attempt ("began to take back", "an offensive to reclaim")."""
    attempts = lexicon.lists.get("attempts", frozenset())
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("xcomp", "acl", "relcl", "advcl") or token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in attempts:
            return True
    return False


# --- actors --------------------------------------------------------------------------------------


def _resolve_pronoun(token: Token) -> Token | None:
    """A relative pronoun stands for the noun its clause modifies; other pronouns give None."""
    if token.pos_ != "PRON":
        return token
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        return token.head.head
    return None


def _phrase(token: Token) -> SpacySpan:
    """The noun phrase headed by ``token`` up to the head (plus "of X" after a quantity)."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (
        doc[start].dep_ in ("det", "punct", "predet", "preconj", "cc", "advmod") or doc[start].tag_ == "PRP$" or doc[start].ent_type_ in ("DATE", "TIME")
    ):
        start += 1
    end = token.i + 1
    if token.pos_ == "NUM" or token.lemma_.lower() in ("thousand", "hundred", "dozen", "score", "million", "number"):
        of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"]
        if of:
            end = of[0].right_edge.i + 1
    start = max(start, end - 10)
    return doc[start:end]


def actor_name(token: Token | None, actors: Actors) -> str | None:
    """Canonical actor name for the phrase headed by ``token``, else the phrase as written."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ and ent.ent_id_ in actors.entities and (ent.root == token or ent.root.head == token):
            return actors.entities[ent.ent_id_].name
    known = actors.lookup(phrase.text)
    if known is not None:
        return known.name
    return phrase.text or None


def _actor_type(token: Token | None, actors: Actors, lexicon: Lexicon) -> str | None:
    """``state_force``/``armed_group``/... from the actor data, else from common nouns."""
    token = _resolve_pronoun(token) if token is not None else None
    if token is None:
        return None
    phrase = _phrase(token)
    for ent in phrase.ents:
        if ent.ent_id_ in actors.entities:
            return actors.entities[ent.ent_id_].type
    lemmas = {t.lemma_.lower() for t in phrase}
    lemmas |= {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in zip(phrase, phrase[1:], strict=False)}
    if lemmas & lexicon.lists.get("state_forces", frozenset()):
        return "state_force"
    if lemmas & lexicon.lists.get("armed_groups", frozenset()):
        return "armed_group"
    return None


def _subject(verb: Token) -> Token | None:
    """nsubj of ``verb``, inherited from a coordinated or controlling verb when absent."""
    token = verb
    for _ in range(MAX_HOPS):
        subjects = _children(token, "nsubj")
        if subjects:
            return subjects[0]
        if token.dep_ == "xcomp" and _children(token.head, "dobj"):
            return _children(token.head, "dobj")[0]  # object control: "forced a million to flee"
        if token.dep_ in ("conj", "xcomp") and token.head is not token:
            token = token.head
            continue
        if token.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            token = _clause_head(token.head)  # "made a decision to attack": the decider
            continue
        if token.dep_ == "advcl" and token.tag_ == "VBG" and not _children(token, "mark"):
            token = token.head  # "..., taking control of the town"
            continue
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head if token.head.lemma_.lower() not in ("offensive", "offence", "operation", "campaign") else None
        return None
    return None


def _noun_agent(noun: Token) -> Token | None:
    """Agent of an event noun: "by X", possessive, actor compound, or a support verb's subject."""
    by = _prep_objects(noun, ("by",))
    if by:
        return by[0]
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in SUPPORT_VERBS:
        return _subject(noun.head)
    return None


def _passive_subject(verb: Token) -> Token | None:
    """The patient of a passive verb; when the parser lost the ``nsubjpass`` ("in late May
    231 civilians ... were killed"), the nearest noun to the left outside a relative clause."""
    found = _children(verb, "nsubjpass")
    if found:
        return found[0]
    if not _children(verb, "auxpass"):
        return None
    for token in reversed(verb.doc[max(verb.sent.start, verb.i - 15) : verb.i]):
        if token.pos_ in ("NOUN", "PROPN") and not any(a.dep_ == "relcl" for a in token.ancestors if a.i < verb.i):
            return token
    return None


def _event_noun_agent(token: Token | None, lexicon: Lexicon) -> Token | None:
    """An event noun standing as the subject ("an assault by X began to take back") gives its agent."""
    if token is not None and token.lemma_.lower() in lexicon.lists.get("causes", frozenset()):
        return _noun_agent(token)
    return token


def _roles(trigger: Token, spec: Trigger) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a trigger verb or noun."""
    if trigger.pos_ in ("VERB", "AUX"):
        passive = _passive_subject(trigger)
        if passive is not None:
            agents = [o for a in _children(trigger, "agent") for o in _children(a, "pobj")]
            return (agents[0] if agents else None), passive
        objects = _children(trigger, "dobj") or _prep_objects(trigger, ("against", "on", "at"))
        subject = _event_noun_agent(_subject(trigger), load_lexicon())
        if spec.subject_is_patient:
            return None, subject
        return subject, (objects[0] if objects else None)
    targets = _prep_objects(trigger, ("against", "on", "of"))
    if spec.subject_is_patient:
        return None, (targets[0] if targets else None)
    return _noun_agent(trigger), (targets[0] if targets else None)


# --- place and date ------------------------------------------------------------------------------


def _places(sent: SpacySpan) -> list[SpacySpan]:
    """Place entities of a sentence that are not used as modifiers ("Mosul residents")."""
    return [e for e in sent.ents if e.label_ in PLACE_LABELS and e.root.dep_ not in ("compound", "amod", "npadvmod", "poss", "nmod")]


def _in_subtree(token: Token, ancestor: Token) -> bool:
    node = token
    for _ in range(40):
        if node == ancestor:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _place_name(ent: SpacySpan) -> str:
    """A place entity as written, without a leading "the"."""
    return ent.text[4:] if ent.text[:4].lower() == "the " else ent.text


def _place(trigger: Token, anchor: Token, sent: SpacySpan) -> str | None:
    """Place by preference: prepositional place of the trigger, its subtree, its clause, nearest."""
    places = _places(sent)
    if not places:
        return None
    for ent in places:
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in PLACE_PREPS and ent.root.head.head in (trigger, anchor):
            return _place_name(ent)
    for root in (trigger, anchor):
        inside = [e for e in places if _in_subtree(e.root, root)]
        if inside:
            return _place_name(min(inside, key=lambda e: abs(e.root.i - trigger.i)))
    return _place_name(min(places, key=lambda e: abs(e.root.i - trigger.i)))


def _date(trigger: Token, anchor: Token, sent: SpacySpan, times: Sequence[TimeRef]) -> TimeRef | None:
    """A resolved TimeRef of the sentence whose clause is the trigger's (or inside the trigger)."""
    doc = sent.doc
    best: TimeRef | None = None
    for ref in times:
        if ref.value is None or not sent.start_char <= ref.span.start < sent.end_char:
            continue
        span = doc.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
        if span is None:
            continue
        if _clause_head(span.root) == anchor:
            if best is None or abs(span.root.i - trigger.i) < abs(doc.char_span(best.span.start, best.span.end, alignment_mode="expand").root.i - trigger.i):  # type: ignore[union-attr]
                best = ref
    return best


# --- typing --------------------------------------------------------------------------------------


def _words(token: Token | None) -> set[str]:
    """Lemmas (and lemma pairs) of the phrase headed by ``token``."""
    if token is None:
        return set()
    phrase = _phrase(token)
    lemmas = {t.lemma_.lower() for t in phrase}
    return lemmas | {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in zip(phrase, phrase[1:], strict=False)}


def _is_place_object(token: Token | None, lexicon: Lexicon) -> bool:
    if token is None:
        return False
    return token.ent_type_ in PLACE_LABELS or bool(_words(token) & lexicon.lists.get("place_nouns", frozenset()))


def _territory_object(trigger: Token) -> Token | None:
    """The place taken: dobj/nsubjpass of a verb, "of X" of a noun ("the fall of Mosul")."""
    if trigger.pos_ in ("VERB", "AUX"):
        found = _children(trigger, "dobj", "nsubjpass")
        return found[0] if found else None
    of = _prep_objects(trigger, ("of",))
    return of[0] if of else None


CONTROL_VERBS = frozenset({"come", "fall", "be", "remain"})
TAKE_VERBS = frozenset({"take", "gain", "assume", "wrest", "win"})
"""Light verbs of "took control of"; seize/regain are territory triggers themselves."""


def _control_roles(trigger: Token) -> tuple[Token, Token | None, Token | None] | None:
    """(verb, agent, place) of "came under X control", "fell to X", "took control of Y".

    ``None`` when the trigger word is not used in one of these constructions.
    """
    if trigger.lemma_.lower() == "fall" and trigger.pos_ == "VERB":
        to = _prep_objects(trigger, ("to", "into"))
        if not to:
            return None
        agent = to[0]
        if agent.lemma_.lower() in ("hand", "hands"):
            agent = (_prep_objects(agent, ("of",)) or [None])[0]  # "fell into the hands of X"
        subjects = _children(trigger, "nsubj")
        return trigger, agent, (subjects[0] if subjects else None)
    if trigger.lemma_.lower() != "control" or trigger.pos_ != "NOUN":
        return None
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ in ("under", "into") and head.head.lemma_.lower() in CONTROL_VERBS:
        verb = head.head
        agents = [c for c in trigger.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.pos_ != "PRON"]
        agents += _prep_objects(trigger, ("of",))
        subjects = _children(verb, "nsubj", "nsubjpass")
        return verb, (agents[0] if agents else None), (subjects[0] if subjects else None)
    if trigger.dep_ == "dobj" and head.lemma_.lower() in TAKE_VERBS:
        places = _prep_objects(trigger, ("of", "over"))
        return head, _subject(head), (places[0] if places else None)
    return None


def _control_event(span: SpacySpan, doc_id: str, actors: Actors, times: Sequence[TimeRef]) -> Event | None:
    """A change of control told with a light verb, typed like a territory trigger."""
    lexicon = load_lexicon()
    roles = _control_roles(span[-1])
    if roles is None:
        return None
    verb, agent, place = roles
    if _is_hypothetical(verb, lexicon) or not _is_place_object(place, lexicon):
        return None
    kind = _actor_type(agent, actors, lexicon)
    subtype = {"state_force": "Government regains territory", "armed_group": "Non-state actor overtakes territory"}.get(kind or "", "Armed clash")
    doc, sent = span.doc, verb.sent
    first, last = min(verb.i, span.start), max(verb.i + 1, span.end)
    anchor = _clause_head(verb)
    ref = _date(verb, anchor, sent, times)
    place_ent = next((e for e in _places(sent) if place is not None and place.i in range(e.start, e.end)), None)
    return Event(
        span=Span(doc_id, doc[first].idx, doc[last - 1].idx + len(doc[last - 1])),
        text=doc[first:last].text,
        type="Battles",
        subtype=subtype,
        actor1=actor_name(agent, actors),
        place=_place_name(place_ent) if place_ent else _place(verb, anchor, sent),
        date=ref.value if ref else None,
        date_precision=ref.precision if ref else None,
        sentence=Span(doc_id, sent.start_char, sent.end_char),
        rule=RULE,
    )


def _typed(trigger: Token, spec: Trigger, agent: Token | None, patient: Token | None, actors: Actors, lexicon: Lexicon) -> tuple[str, str | None] | None:
    """(type, subtype) after the frame rule, or ``None`` when the match is no event."""
    civilians = lexicon.lists.get("civilians", frozenset())
    if spec.frame == "territory":
        if not _is_place_object(_territory_object(trigger), lexicon):
            return None
        if _governing_attempt(trigger, lexicon):
            return "Battles", "Armed clash"
        kind = _actor_type(agent, actors, lexicon)
        if kind == "state_force":
            return "Battles", "Government regains territory"
        if kind == "armed_group":
            return "Battles", "Non-state actor overtakes territory"
        return "Battles", "Armed clash"
    if spec.frame in ("target", "kill") and _words(patient) & civilians:
        return "Violence against civilians", "Attack"
    if spec.frame == "kill":
        kind = _actor_type(patient, actors, lexicon)
        if kind in ("state_force", "armed_group"):
            return "Battles", "Armed clash"
        return None
    if spec.objects:
        objects = _children(trigger, "dobj", "nsubjpass")
        if not objects or objects[0].lemma_.lower() not in spec.objects:
            return None
    return spec.type, spec.subtype


def _caused_by_other(trigger: Token, agent: Token | None, others: set[int], lexicon: Lexicon) -> bool:
    """A killing whose cause is another trigger in the sentence ("the fighting killed...")."""
    if trigger.pos_ in ("VERB", "AUX") and not _children(trigger, "agent"):
        agent = _subject(trigger) or agent
    if agent is not None and (agent.i in others or agent.lemma_.lower() in lexicon.lists.get("causes", frozenset())):
        return True
    return any(o.i in others for o in _prep_objects(trigger, ("in", "by", "during", "from", "after")))


def _negated(token: Token | None) -> bool:
    """A participant quantified by "no"/"neither"/"none" (the event did not happen)."""
    return token is not None and (token.lower_ in ("none", "nobody", "neither") or any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in token.children))


def _event(
    span: SpacySpan,
    spec: Trigger,
    doc_id: str,
    actors: Actors,
    times: Sequence[TimeRef],
    others: set[int],
) -> Event | None:
    """One Event for a trigger span, or ``None`` (hypothetical, no place object...)."""
    lexicon = load_lexicon()
    if spec.frame == "control":
        return _control_event(span, doc_id, actors, times)
    trigger = span[-1] if span[-1].pos_ in ("NOUN", "VERB", "PROPN") else span.root
    attempt = spec.frame == "territory" and _governing_attempt(trigger, lexicon)
    if _is_hypothetical(trigger.head if attempt else trigger, lexicon):
        return None
    agent, patient = _roles(trigger, spec)
    if _negated(agent) or _negated(patient):
        return None  # "killed no civilians", "neither side has withdrawn"
    if spec.frame == "kill" and _caused_by_other(trigger, agent, others, lexicon):
        return None
    typed = _typed(trigger, spec, agent, patient, actors, lexicon)
    if typed is None:
        return None
    if spec.frame == "territory":
        patient = (_prep_objects(trigger, ("from",)) or [None])[0]
    anchor = _clause_head(trigger)
    if attempt:
        anchor = _clause_head(trigger.head)
    sent = trigger.sent
    ref = _date(trigger, anchor, sent, times)
    return Event(
        span=Span(doc_id, span.start_char, span.end_char),
        text=span.text,
        type=typed[0],
        subtype=typed[1],
        actor1=actor_name(agent, actors),
        actor2=actor_name(patient, actors),
        place=_place(trigger, anchor, sent),
        date=ref.value if ref else None,
        date_precision=ref.precision if ref else None,
        sentence=Span(doc_id, sent.start_char, sent.end_char),
        rule=RULE,
    )


def find_events(sdoc: Doc, doc_id: str, actors: Actors, times: Sequence[TimeRef]) -> list[Event]:
    """Events in ``sdoc``, one per trigger that reports something that happened.

    ``times`` are the document's TimeRefs (from :func:`sitroom.extract.time.find_times`);
    an event takes a resolved one from its own clause, never the publication date.
    Returns events in text order with spans into ``sdoc.text``. Raises
    :class:`EventDataError` only when the bundled lexicon is malformed.
    """
    triggers = find_triggers(sdoc)
    causes_by_sentence: dict[int, set[int]] = {}
    for span, spec in triggers:
        if spec.frame != "kill":
            causes_by_sentence.setdefault(span.sent.start, set()).add(span[-1].i)
    events = []
    for span, spec in triggers:
        others = causes_by_sentence.get(span.sent.start, set()) - {span[-1].i}
        event = _event(span, spec, doc_id, actors, times, others)
        if event is not None:
            events.append(event)
    return events
