"""Canonical persons across documents: one entity for "Stephen J. Townsend", "Lt. Gen.
Townsend" and "Townsend" quoted in three different articles.

Pure functions, no I/O; :func:`sitroom.link.batch.store_batch` calls them inside its
transaction with the written forms it already holds for a surname and the new ones.

Names (:func:`person_name_parts`)
    Titles and ranks before the name are dropped ("U.S. Lt. Gen.", "Prime Minister",
    "Ayatollah"; the list is ``data/person_titles.toml``, after the AP Stylebook), and so
    are a possessive "'s", suffixes ("Jr.", "III") and words with no letter or digit (a
    dash the entity span took in: "Eric Kirkpatrick -"). The surname is the last word, with
    the particles before it ("bin Laden", "van Gogh", "al-Baghdadi" is one word anyway);
    the given name is the first word left, when one is ("Abu Bakr" counts as one word).
    Keys are case- and accent-folded (NFKD without combining marks), initials lose their
    full stop ("S." -> "s"). A title word after another title is the name ("Mr. King");
    a name that is one title and nothing else ("the President") is no person's name.
    A capitalised particle opening a name is a given name ("Ben Smith") unless the data
    file says it never is ("Bin Laden", "Van Morrison").

Romanisations (:func:`spelling_key`, :func:`block_key`)
    One name romanised several ways ("Gaddafi", "Qaddafi", "al-Qaddafi", "Kadhafi";
    "Zelensky", "Zelenskyy") is one surname: a spelling key drops the Arabic article
    ("al-", "el-", "ash-"...), folds digraphs and interchangeable letters (kh/k, dh/d,
    q/k, c/k, y/i, w/v, ou/u...) and doubles; surnames whose spelling keys are at least
    :data:`SPELLING_SIMILARITY` alike (rapidfuzz ratio) are one. Every form is filed under
    a block key (the spelling key's first letter and consonants), so that the store finds
    all the spellings of a surname with one indexed lookup. Given names are compared by
    spelling key only ("Muammar" = "Muammar", not "Moammar").

Ids (:func:`person_id`)
    ``person/<surname>/<given>`` or ``person/<surname>`` for a bare surname; each part is a
    slug of ``[a-z0-9-]`` (``u`` + a hash prefix when nothing of the name is ASCII).
    Actor ids from ``actors.toml`` never start with ``person/`` and are never touched.

Matching rule (:func:`assign_persons`), per surname key, over every written form known:
    * A quote is linked when its ``speaker_type`` is ``"person"``, it has a ``speaker``
      and no ``speaker_entity`` (actors keep theirs).
    * Full given names are persons of their own: "Stephen" and "Steve" are two persons;
      middle names and initials after the given name do not count ("Stephen J." =
      "Stephen").
    * A given name (or initial) met only before one middle name that is a full given name
      of the surname is that person: "W. Mark Felt" and "William Mark Felt" with "Mark
      Felt"; "Hire Maurice Cheeks" (a headline's verb the NER took in) with "Maurice
      Cheeks". A given name also met alone ("Eric Kirkpatrick") keeps its own person.
    * An initial ("S. Townsend") joins the one full given name it abbreviates; with none,
      or several ("Stephen" and "Sarah"), it is a person of its own (``.../s``).
    * A bare surname ("Townsend", "Lt. Gen. Townsend") joins the person with that surname
      when exactly one exists; with none, or several, it is the bare-surname person
      (``person/townsend``).

    The assignment is a function of the *set* of forms, not of the order they arrived in:
    a bare-surname entity is merged into the full name that arrives later (its quotes
    re-pointed, its name kept as an alias), and split out again if a second person with
    the surname arrives, since "Townsend" is then ambiguous. Ingesting documents in any
    order therefore ends with the same grouping.

Known limits: one person written with two different given names ("Steve", "Stephen";
"Moammar", "Muammar") is two persons; two persons who share a surname (up to its spelling)
and a given name are one ("John Clark", "John Clarke").
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from sitroom.model import Entity

PREFIX = "person/"
"""Every id made here starts with this; actor ids never do."""


@dataclass(frozen=True, slots=True)
class _Titles:
    titles: frozenset[tuple[str, ...]]
    modifiers: frozenset[tuple[str, ...]]
    suffixes: frozenset[str]
    particles: frozenset[str]
    never_given: frozenset[str]
    given_prefixes: frozenset[str]
    longest: int
    """Words in the longest title or modifier phrase ("air chief marshal": 3)."""


@lru_cache(maxsize=1)
def _data() -> _Titles:
    raw = tomllib.loads((resources.files("sitroom") / "data" / "person_titles.toml").read_text(encoding="utf-8"))

    def phrases(key: str) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(_norm(w) for w in entry.split()) for entry in raw[key])

    titles, modifiers = phrases("titles"), phrases("modifiers")
    return _Titles(
        titles=titles,
        modifiers=modifiers,
        suffixes=frozenset(_norm(s) for s in raw["suffixes"]),
        particles=frozenset(_norm(s) for s in raw["particles"]),
        never_given=frozenset(_norm(s) for s in raw["never_given"]),
        given_prefixes=frozenset(_norm(s) for s in raw["given_prefixes"]),
        longest=max(len(p) for p in titles | modifiers),
    )


NAME_CACHE = 1 << 16
"""Names and words kept folded, per process: a batch folds the same few thousand names
tens of thousands of times (every quote speaker and person mention, every stored form)."""


@lru_cache(maxsize=NAME_CACHE)
def _fold(text: str) -> str:
    """Case- and accent-folded: "Ángel" -> "angel"; typographic apostrophes become "'"."""
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=NAME_CACHE)
def _norm(word: str) -> str:
    """A word as the data file compares it: folded, without full stops ("Lt." -> "lt")."""
    return _fold(word).replace(".", "")


_STRIP = "\"'“”‘’«»,;:()[]{}"
_POSSESSIVE = re.compile(r"['’]s$")


def _words(name: str) -> list[str]:
    """The words of a name as written: up to the first comma or bracket, quotes and
    punctuation trimmed (so "Davis'" is "Davis"); a word with no letter or digit in it
    (a dash an entity span took in: "Eric Kirkpatrick -", "- Rod Woodson") is no word."""
    head = re.split(r"[,(\[]", name, maxsplit=1)[0]
    return [w for w in (w.strip(_STRIP) for w in head.split()) if any(c.isalnum() for c in w)]


def _match(words: list[str], i: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at ``words[i]`` (0 for none)."""
    for n in range(min(_data().longest, len(words) - i), 0, -1):
        if tuple(_norm(w) for w in words[i : i + n]) in phrases:
            return n
    return 0


def _split(name: str) -> tuple[list[str], list[str]]:
    """``(name words, suffix words)`` as written: leading titles and a possessive "'s" removed.

    Raises:
        ValueError: one title and nothing else, or no word at all ("the President", "").
    """
    data = _data()
    words = _words(name)
    if words:
        last = words[-1]
        if _POSSESSIVE.search(last) and len(last) > 2:
            words[-1] = last[:-2]
    end = len(words)
    while end > 1 and _norm(words[end - 1]) in data.suffixes:
        end -= 1
    # Where each leading title ends; the name starts after the last one that leaves a word,
    # so that "Mr. King" is "King", while "the President" has no name.
    cuts = [0]
    i = 0
    while i < end:
        n = _match(words[:end], i, data.titles)
        if n:
            i += n
            cuts.append(i)
            continue
        n = _match(words[:end], i, data.modifiers)
        if not n:
            break
        i += n
    if not end:
        raise ValueError(f"no name in {name!r}")
    if cuts == [0, end]:
        raise ValueError(f"no name in {name!r}: only titles")
    cut = max(c for c in cuts if c < end)
    return words[cut:end], words[end:]


@lru_cache(maxsize=NAME_CACHE)
def display_name(name: str) -> str:
    """The name as written without leading titles and a possessive: "Lt. Gen. Stephen J.
    Townsend's" -> "Stephen J. Townsend" (suffixes are kept: "Martin Luther King Jr.").

    Raises:
        ValueError: see :func:`person_name_parts`.
    """
    words, suffixes = _split(name)
    return " ".join(words + suffixes)


@lru_cache(maxsize=NAME_CACHE)
def person_name_parts(name: str) -> tuple[str | None, str]:
    """``(given, surname)`` keys of a person's name as written.

    ``"U.S. Lt. Gen. Stephen J. Townsend"`` -> ``("stephen", "townsend")``;
    ``"Townsend's"`` -> ``(None, "townsend")``; ``"S. Townsend"`` -> ``("s", "townsend")``;
    ``"Osama bin Laden"`` -> ``("osama", "bin laden")``.

    Raises:
        ValueError: the name has no word left once titles are removed ("the President").
    """
    given, surname = _name_parts(name)
    return (given[0] if given else None), surname


def _name_parts(name: str) -> tuple[list[str], str]:
    """``(given words, surname key)``: the given name's words (two for "Abu Bakr"), then
    any middle names, normalised; see :func:`person_name_parts`. Worked out once per name
    (a batch's linking parses each stored form again for every surname it touches).

    Raises:
        ValueError: see :func:`person_name_parts`.
    """
    found = _parsed_name(name)
    if isinstance(found, ValueError):
        raise ValueError(*found.args)
    return list(found[0]), found[1]


@lru_cache(maxsize=NAME_CACHE)
def _parsed_name(name: str) -> tuple[tuple[str, ...], str] | ValueError:
    """:func:`_name_parts` as an immutable value, or the error it raises (cached too)."""
    try:
        given, surname = _parse_name(name)
    except ValueError as exc:
        return ValueError(*exc.args)  # without the traceback, whose frames the cache would keep
    return tuple(given), surname


def _parse_name(name: str) -> tuple[list[str], str]:
    data = _data()
    words = _split(name)[0]
    surname = [words.pop()]
    while words:
        word = words[-1]
        key = _norm(word)
        lower = word[:1].islower()
        if key in data.particles and (lower or len(words) > 1 or key in data.never_given):
            surname.insert(0, words.pop())
        else:
            break
    surname_key = " ".join(_fold(w) for w in surname)
    if not words:
        return [], surname_key
    n = 2 if _norm(words[0]) in data.given_prefixes and len(words) > 1 else 1
    return [" ".join(_norm(w) for w in words[:n]), *(_norm(w) for w in words[n:])], surname_key


@lru_cache(maxsize=NAME_CACHE)
def _slug(key: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def person_id(given: str | None, surname: str) -> str:
    """A stable, URL-safe id: ``person/townsend/stephen``, or ``person/townsend`` for a bare surname."""
    base = f"{PREFIX}{_slug(surname)}"
    return f"{base}/{_slug(given)}" if given else base


_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|adh|ath)-(?=[a-z])")
"""The Arabic article and its assimilated forms before a name ("al-Baghdadi", "ash-Shami")."""
_SPELLING_FOLDS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("w", "v"))
"""Letters that romanisations of one name write differently (Qaddafi/Kadhafi, Zelensky/Zelenskyy)."""
SPELLING_SIMILARITY = 80.0
"""Least rapidfuzz ratio of two surnames' spelling keys for them to be one surname
(Gaddafi/Qaddafi 83, Husain/Hussein 83; Hassan/Hussein 73 stay apart)."""


@lru_cache(maxsize=NAME_CACHE)
def spelling_key(slug: str) -> str:
    """A name slug with the differences of romanisation folded away: the Arabic article
    dropped, digraphs and interchangeable letters folded, doubled letters single:
    ``al-qaddafi``, ``gaddafi`` and ``kadhafi`` -> ``kadafi``, ``gadafi``, ``kadafi``."""
    key = _ARTICLE.sub("", slug).replace("-", "")
    for written, folded in _SPELLING_FOLDS:
        key = key.replace(written, folded)
    return re.sub(r"(.)\1+", r"\1", key)


def block_key(slug: str) -> str:
    """The key a surname is filed under: its spelling key's first letter and consonants
    (``g`` read as ``k``), so that every romanisation of a name shares it (``kdf``)."""
    key = spelling_key(slug).replace("g", "k")
    return key[:1] + re.sub(r"[aeiou]", "", key[1:]) if key else slug


@lru_cache(maxsize=NAME_CACHE)
def person_key(name: str) -> str | None:
    """The key a person's name is filed under: every form that may be one person has the
    same ("Lt. Gen. Townsend", "Stephen J. Townsend" -> ``tvnsnd``; "Muammar al-Qaddafi",
    "Gaddafi" -> ``kdf``); None when the name has no name word in it ("the President")."""
    try:
        return block_key(_slug(person_name_parts(name)[1]))
    except ValueError:
        return None


def compatible(a: str, b: str) -> bool:
    """Given names that may be one person's: the same spelling, or one is the initial of the other."""
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return spelling_key(a) == spelling_key(b)


def _surname_groups(slugs: Iterable[str]) -> dict[str, str]:
    """Each surname slug -> the slug its group is named by: slugs whose spelling keys are
    at least :data:`SPELLING_SIMILARITY` alike are one surname (single linkage over the
    set, so the order they arrive in does not matter); the name is the group's slug without
    an article, shortest, then first in alphabetical order."""
    ordered = sorted(set(slugs))
    parent = {s: s for s in ordered}

    def root(s: str) -> str:
        while parent[s] != s:
            s = parent[s]
        return s

    keys = {s: spelling_key(s) for s in ordered}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if keys[a] == keys[b] or fuzz.ratio(keys[a], keys[b]) >= SPELLING_SIMILARITY:
                parent[root(b)] = root(a)
    members: dict[str, list[str]] = defaultdict(list)
    for s in ordered:
        members[root(s)].append(s)
    named = {}
    for group in members.values():
        name = min(group, key=lambda s: (bool(_ARTICLE.match(s)), len(s), s))
        named.update(dict.fromkeys(group, name))
    return named


def assign_persons(forms: Iterable[str]) -> dict[str, str]:
    """Each written form that is a person's name -> its person id, by the module's matching rule.

    Forms with no name in them ("the President") are left out. A given name met only
    before one middle name that is another form's given name is that form's person:
    "Sixers Hire Maurice Cheeks" (a headline's verb taken into the name) or "John Michael
    Smith" with "Michael Smith" (:func:`_middle_names`). The result depends only on the set
    of forms, never on their order.
    """
    written: dict[str, tuple[str | None, str]] = {}
    middles: dict[str, str | None] = {}
    for form in forms:
        try:
            given_words, surname = _name_parts(form)
        except ValueError:
            continue
        written[form] = (_slug(given_words[0]) if given_words else None, _slug(surname))
        middles[form] = _slug(given_words[1]) if len(given_words) > 1 and len(given_words[1]) > 1 else None
    surnames = _surname_groups(s for _, s in written.values())
    # one spelling of each given name per surname: the first in alphabetical order
    spellings: dict[tuple[str, str], str] = {}
    for given, surname in sorted(written.values(), key=lambda p: (p[1], p[0] or "")):
        if given:
            spellings.setdefault((surnames[surname], spelling_key(given) if len(given) > 1 else given), given)
    parsed: dict[str, tuple[str | None, str]] = {}
    by_surname: dict[str, set[str | None]] = defaultdict(set)
    middle_of: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for form, (given, surname) in written.items():
        key = surnames[surname]
        given_key = spellings[(key, spelling_key(given) if len(given) > 1 else given)] if given else None
        parsed[form] = (given_key, key)
        by_surname[key].add(given_key)
        if given_key:
            middle = middles[form]
            middle_of[(given_key, key)].add(spellings.get((key, spelling_key(middle)), middle) if middle else None)
    targets: dict[tuple[str | None, str], str] = {}
    for key, givens in by_surname.items():
        full = {g for g in givens if g and len(g) > 1}
        aliases = _middle_names(key, {g for g in givens if g}, full, middle_of)
        for g, middle in aliases.items():
            targets[(g, key)] = f"{PREFIX}{key}/{middle}"
        full -= aliases.keys()
        own: set[str] = set(full)
        for g in givens:
            if g and len(g) == 1 and g not in aliases:
                matches = sorted(f for f in full if compatible(g, f))
                target = matches[0] if len(matches) == 1 else g
                targets[(g, key)] = f"{PREFIX}{key}/{target}"
                if target == g:
                    own.add(g)
        for g in full:
            targets.setdefault((g, key), f"{PREFIX}{key}/{g}")
        if None in givens:
            targets[(None, key)] = f"{PREFIX}{key}/{next(iter(own))}" if len(own) == 1 else f"{PREFIX}{key}"
    return {form: targets[parts] for form, parts in parsed.items()}


def _middle_names(key: str, givens: set[str], full: set[str], middle_of: Mapping[tuple[str, str], set[str | None]]) -> dict[str, str]:
    """Given names (or initials) of surname ``key`` that stand for another: ``g`` -> ``m``
    when every form with ``g`` has the middle name ``m`` and ``m`` is a full given name of
    its own there ("W. Mark Felt" with "Mark Felt"; a middle initial never counts: "John
    F. Kennedy" is no "F. Kennedy")."""
    out = {}
    for g in sorted(givens):
        seen = middle_of.get((g, key), set())
        if len(seen) == 1:
            (m,) = seen
            if m and m != g and m in full:
                out[g] = m
    resolved = {}
    for g, m in out.items():  # "A B Smith", "B C Smith", "C Smith": A and B are C; a cycle is no one
        chain = [g]
        while m in out and m not in chain:
            chain.append(m)
            m = out[m]
        if m not in out:
            resolved[g] = m
    return resolved


def person_entities(assignment: Mapping[str, str]) -> list[Entity]:
    """The person entities of an assignment from :func:`assign_persons`, sorted by id.

    ``name`` is the longest full name among the entity's forms (titles removed), else the
    longest form; ``aliases`` are the other written forms, sorted.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for form, entity_id in assignment.items():
        members[entity_id].add(form)
    entities = []
    for entity_id in sorted(members):
        forms = members[entity_id]
        full = [f for f in forms if person_name_parts(f)[0] is not None]
        shown = sorted({display_name(f) for f in (full or forms)}, key=lambda s: (-len(s), s))
        name = shown[0]
        entities.append(Entity(id=entity_id, name=name, type="person", aliases=tuple(sorted(forms - {name}))))
    return entities


__all__ = [
    "PREFIX",
    "assign_persons",
    "compatible",
    "display_name",
    "person_entities",
    "person_id",
    "person_key",
    "person_name_parts",
    "spelling_key",
]
