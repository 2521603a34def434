"""The trigger lexicon (``data/event_types.toml``) and trigger matching.

Triggers are ACLED Codebook 2023 types and sub-types, plus sitroom's "Displacement" and
"Humanitarian access"; the longest match wins ("suicide bombing" over "bombing").
Adjectival uses ("displaced persons", "the destroyed mosque") are not events.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.attrs import LEMMA
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans

from sitroom.errors import EventDataError


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: words, their ACLED type and the frame rule to apply."""

    words: tuple[str, ...]
    type: str
    subtype: str | None = None
    pos: tuple[str, ...] = ()
    frame: str | None = None
    objects: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    """The trigger counts only with a subject of one of these lemmas ("jets struck")."""
    subject_is_patient: bool = False
    outcome_only: bool = False
    """The words are a mention only as the outcome of another event of their sentence ("died in the attack")."""
    evidence: bool = False
    """The words have common figurative or non-violent uses ("a battle over tariffs", "under
    siege from rival parties"): the event needs violent context in its sentence."""
    generic_word: bool = False
    """A general word of violence ("attack", "killed"): in a document it names the happening
    a more specific mention names ("a car bomb ... the attack")."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger entries and the word lists the frames use."""

    triggers: tuple[Trigger, ...]
    lists: dict[str, frozenset[str]]
    vague_fatalities: dict[str, float] = field(default_factory=dict)
    """ACLED's count for a vague number of dead ("dozens" -> 12)."""

    def words(self, name: str) -> frozenset[str]:
        """The word list ``name`` (empty when the data has none)."""
        return self.lists.get(name, frozenset())


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
                subjects=tuple(row.get("subjects", ())),
                subject_is_patient=bool(row.get("subject_is_patient", False)),
                outcome_only=bool(row.get("outcome_only", False)),
                evidence=bool(row.get("evidence", False)),
                generic_word=bool(row.get("generic", False)),
            )
        )
    lists = {name: frozenset(words) for name, words in data.get("lists", {}).items()}
    vague = {word: float(n) for word, n in data.get("acled_fatalities", {}).items()}
    return Lexicon(tuple(triggers), lists, vague)


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

    The leading words of a phrase match by lower case or lemma ("took back"), the last by
    lemma (and part of speech when the entry says), and hyphens are optional: "car bomb",
    "car-bomb".
    """
    index: dict[str, list[_Phrase]] = {}
    for number, trigger in enumerate(load_lexicon().triggers):
        for phrase in trigger.words:
            words = phrase.replace("-", " - ").split()
            entry = _Phrase(number, tuple(words[:-1]), frozenset(trigger.pos))
            for key in dict.fromkeys((words[-1], words[-1].capitalize())):
                index.setdefault(key, []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def _spells(token, word: str, inflected: bool) -> bool:
    """A leading word of a phrase, as written or, with ``inflected``, inflected ("took back",
    "pulled out"; not for a hyphenated word: "sitting in" is no "sit-in")."""
    return token.lower_ == word or (inflected and token.lemma_.lower() == word)


def _lead_starts(sdoc: Doc, end: int, lead: tuple[str, ...]) -> list[int]:
    """Token indices ``start`` such that ``sdoc[start:end]`` spells ``lead``."""
    positions = [end]
    inflected = "-" not in lead
    for word in reversed(lead):
        found = []
        for pos in positions:
            if word == "-":
                found.append(pos)  # the hyphen is optional
                if pos > 0 and sdoc[pos - 1].text == "-":
                    found.append(pos - 1)
            elif pos > 0 and _spells(sdoc[pos - 1], word, inflected):
                found.append(pos - 1)
            elif pos > 1 and sdoc[pos - 1].text == "-" and _spells(sdoc[pos - 2], word, inflected):
                found.append(pos - 2)  # "air-raid" for "air raid"
        positions = found
        if not positions:
            break
    return positions


@lru_cache(maxsize=1)
def _phrase_index_by_hash() -> dict[int, tuple[_Phrase, ...]]:
    """:func:`_phrase_index` keyed by the string-store hash of each lemma (what a Doc's
    ``LEMMA`` array holds)."""
    return {get_string_id(key): phrases for key, phrases in _phrase_index().items()}


def _trigger_matches(sdoc: Doc) -> list[tuple[int, int, int]]:
    """``(trigger index, start, end)`` for every lexicon phrase in ``sdoc``, in text order.

    A dictionary lookup on each token's lemma, then a check of the few words before it:
    linear in the document. (spaCy's Matcher tried all patterns at every token and took
    97 % of the event extractor's time.)
    """
    index = _phrase_index_by_hash()
    matches: set[tuple[int, int, int]] = set()
    lemmas = sdoc.to_array(LEMMA).tolist() if len(sdoc) else []
    for i in (i for i, h in enumerate(lemmas) if h in index):  # a Token only where a phrase ends
        token = sdoc[i]
        for phrase in index[lemmas[i]]:
            for start in _lead_starts(sdoc, token.i, phrase.lead):
                # the part of speech is the head's: the last word, or the verb of "pulled back"
                if phrase.pos and token.pos_ not in phrase.pos and sdoc[start].pos_ not in phrase.pos:
                    continue
                matches.add((phrase.trigger, start, token.i + 1))
    return sorted(matches, key=lambda m: (m[1], m[2], m[0]))


@lru_cache(maxsize=1)
def _disrupting_verbs() -> frozenset[str]:
    """The words of the lexicon's "Disrupted weapons use" entries ("defuse", "discover"):
    the device they take as object never went off."""
    return frozenset(w for t in load_lexicon().triggers if t.subtype == "Disrupted weapons use" for w in t.words)


PARTICIPANT_NOUNS = frozenset({"protester", "protestor", "demonstrator"})
"""Trigger nouns that name the people of an event: a crowd of them tells a demonstration
("thousands of protesters"), one of them does not."""


def trigger_readings(sdoc: Doc) -> list[tuple[SpacySpan, tuple[Trigger, ...]]]:
    """Trigger spans in text order, longest first on overlap, adjectival uses dropped, each
    with every lexicon entry its words match: the entries that need a given object or
    subject ("fired rockets", "jets struck") first, then the plain ones, so that a reader
    takes the first entry whose frame applies."""
    lexicon = load_lexicon()
    disrupting = _disrupting_verbs()
    matches = _trigger_matches(sdoc)
    entries: dict[tuple[int, int], list[int]] = {}
    for number, start, end in matches:
        entries.setdefault((start, end), []).append(number)
    spans = [SpacySpan(sdoc, start, end, label=str(numbers[0])) for (start, end), numbers in entries.items()]
    kept = filter_spans(spans)
    by_last = {s[-1].i: s for s in kept}
    found = []
    for span in kept:
        last = span[-1]
        numbers = entries[(span.start, span.end)]
        if last.dep_ == "amod" or (last.tag_ in ("VBN", "JJ") and last.dep_ == "compound"):
            continue  # "displaced persons", "the destroyed mosque"
        if last.tag_ == "NN" and last.lemma_.lower() in PARTICIPANT_NOUNS:
            continue  # "one protester said", "shot a protester": a person, not a demonstration
        if last.pos_ == "NOUN" and last.dep_ in ("dobj", "nsubjpass") and last.head.lemma_.lower() in disrupting:
            continue  # "police defused a bomb": the bomb never went off
        if last.i + 2 < len(sdoc) and sdoc[last.i + 1].text == "-" and sdoc[last.i + 2].tag_ in ("VBN", "JJ", "VBG"):
            continue  # "battle-torn Somalia", "war-ravaged": an adjective
        if last.dep_ == "compound":
            if last.head.i not in by_last or last.head.i < last.i:
                continue  # "bomb shelters": a modifier, no event
            # "car bomb attack": one event, typed by the more specific modifier
            span = SpacySpan(sdoc, span.start, last.head.i + 1, label=span.label_)
        elif any(t.dep_ == "compound" and t.head == last and t.i in by_last for t in span.doc[max(0, span.start - 3) : span.start]):
            continue
        specs = sorted((lexicon.triggers[n] for n in numbers), key=lambda t: not (t.objects or t.subjects))
        found.append((span, tuple(specs)))
    return found


def find_triggers(sdoc: Doc) -> list[tuple[SpacySpan, Trigger]]:
    """Trigger spans in text order with their first lexicon entry (see :func:`trigger_readings`)."""
    return [(span, specs[0]) for span, specs in trigger_readings(sdoc)]
