"""Speaker phrases, roles and canonical names for sitroom.quotes.

The source of an attribution (PARC 3.0's "source", Pareti 2016) is a token found by the
dependency rules in :mod:`sitroom.extract.quotes`. This module turns it into what a
:class:`~sitroom.model.Quote` stores:

* the phrase as written: the head with its left modifiers ("U.S. Lt. Gen. Stephen J. Townsend");
* the role: an appositive ("Wassim Nasr, a journalist at France 24", AP Stylebook: titles and
  appositives) or, without one, the title written before the name ("Iraqi Prime Minister");
* the canonical name: the actor the entity ruler linked, else the longest person name in the
  document that ends in the same surname (AP: full name on first reference, surname after);
  a name written after a role word or title is a person's even where the NER model missed it;
* the kind: a person, an organisation, or a description kept as written for an unnamed
  source ("officials", "a police spokesman"): never a guessed name.

:class:`Resolver` does this for one document; the caller (``quotes._quotes``) resolves
definite descriptions to the person or fuller phrase they repeat (Poesio & Vieira 1998).

Pronoun antecedents are chosen by :func:`antecedent`: the most recent compatible source, a
recency-and-subject salience rule after Lappin & Leass (1994).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._spans import doc_text
from sitroom.extract.actors import drop_defined_acronym
from sitroom.nlp import Actors

PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "messrs", "mx", "sir", "dame", "madam", "monsieur", "m"})
_NAME_DEPS = frozenset({"compound", "amod", "det", "nmod", "poss", "nummod", "case", "punct", "quantmod"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_EDGE_PUNCT = ",;:—–-()\"“”‘’'"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved source: what a Quote stores about who spoke.

    ``kind`` is "person", "organisation" or "description" (an unnamed source as written:
    "officials", "a police spokesman"); ``person`` says whether "he"/"she" can refer to it
    (a person, or a singular description of one). ``names`` lists every speaker of a joint
    statement ("X and Y said"), ``name`` first.
    """

    name: str | None
    text: str
    start: int
    end: int
    role: str | None = None
    entity: str | None = None
    person: bool = True
    kind: str = "person"
    names: tuple[str, ...] = ()
    role_entity: str | None = None

    @property
    def all_names(self) -> tuple[str, ...]:
        """``names``, or ``(name,)`` for a single speaker, or ``()`` when unresolved."""
        return self.names or ((self.name,) if self.name else ())


def has_age(head: Token) -> bool:
    """A name followed by an age between commas ("Ramos, 58, told AFP"; AP Stylebook, ages):
    only a person has one."""
    doc = head.doc
    i = head.i
    if i + 3 > len(doc) or doc[i + 1].text != "," or not doc[i + 2].text.isdigit():
        return False
    after = doc[i + 3].text if i + 3 < len(doc) else ""
    return 0 < int(doc[i + 2].text) < 120 and after in (",", ";", ")", ".")


def clean(text: str) -> str:
    """``text`` with runs of whitespace (newlines, no-break spaces) as one space, trimmed."""
    return " ".join(text.split())


def phrase(head: Token) -> tuple[int, int]:
    """Token range ``[i, j)`` of the speaker phrase as written, built on ``head``.

    Left dependents that modify a name (compound, amod, det, nmod, poss...) are kept with
    their own subtrees. For common-noun heads an ``of``/``for``/``at``/``from`` phrase is kept
    ("a spokesman for the ministry"), and so are restrictive modifiers: a participle or a
    relative clause not set off by a comma ("sources claiming to be al-Qaeda", "one young man
    who protested"); for a proper noun, an ``of``/``for`` phrase holding a name ("Ministry of
    Defence", "Secretary of State for Defence Des Browne"). Appositives are left out.
    """
    doc = head.doc
    lo = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and child.dep_ != "punct":
            lo = min(lo, child.left_edge.i)
    hi = head.i + 1
    common = head.pos_ == "NOUN" and not head.ent_type_
    for child in head.rights:
        if child.dep_ == "prep" and (
            (common and child.lower_ in ("of", "for", "at", "from"))
            or (head.pos_ == "PROPN" and child.lower_ in ("of", "for") and _holds_name(child))
        ):
            hi = max(hi, child.right_edge.i + 1)
        elif common and child.dep_ in ("acl", "relcl") and not doc[child.left_edge.i - 1].is_punct:
            hi = max(hi, child.right_edge.i + 1)
    ent = entity_of(head)
    if ent is not None:
        lo, hi = min(lo, ent.start), max(hi, ent.end)
        verb = next((k for k in range(head.i + 1, hi) if doc[k].tag_ in ("VBD", "VBZ", "VBP")), None)
        if verb is not None:
            hi = verb  # "Trump told Business Insider" tagged as one entity: the name ends before its verb
    opening = next((k for k in range(head.i + 1, hi) if doc[k].text in OPENING_MARKS), None)
    if opening is not None:
        hi = opening  # "the caption which reads, “...”": a speaker phrase never takes in a quotation
    mark = next((k for k in range(head.i - 1, lo - 1, -1) if doc[k].text in CLOSING_MARKS), None)
    if mark is not None:
        lo = mark + 1  # a parse that hangs the name inside the quotation before it
    dash = next((k for k in range(head.i - 1, lo - 1, -1) if k > 0 and doc[k].text in SPACED_DASHES and doc[k - 1].whitespace_ and doc[k].whitespace_), None)
    if dash is not None:
        lo = dash + 1  # "... ACROSS THE REGION - Laila Haddad:": a spaced dash ends the headline before the name
    while lo < head.i and doc[lo].lower_ in INVERTED_CUES:
        lo += 1  # "Continued Stone:": the NER span took the inverted cue in
    while lo < hi - 1 and (doc[lo].is_space or doc[lo].text in _EDGE_PUNCT):
        lo += 1
    while hi - 1 > lo and (doc[hi - 1].is_space or doc[hi - 1].text in _EDGE_PUNCT):
        if doc[hi - 1].text == ")" and "(" in doc[lo : hi - 1].text:
            break  # "the MND (SE)": a balanced bracket is part of the name
        hi -= 1
    return lo, hi


OPENING_MARKS = frozenset({"“", '"', "``", "‘", "«"})
"""Opening quotation marks (a straight one may open or close: after the head it opens)."""

SPACED_DASHES = frozenset({"-", "–", "—"})
"""Dashes that, with a space on each side, separate phrases: never inside a name."""

INVERTED_CUES = frozenset({"stated", "continued", "added", "said", "explained", "wrote", "noted", "concluded", "replied", "insisted", "declared"})
"""Cue verbs written before a name in a label ("Continued Stone:"): never part of the name."""
CLOSING_MARKS = frozenset({"”", '"', "''", "»"})
"""Marks that close a quotation; a speaker phrase never reaches back over one."""


def _holds_name(prep: Token) -> bool:
    """The preposition's object is a proper noun ("of Defence", "for the former Yugoslavia")."""
    return any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in prep.children)


def entity_of(token: Token) -> SpacySpan | None:
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


def role(head: Token, titles: frozenset[str] = frozenset(), roles: frozenset[str] = frozenset()) -> str | None:
    """The speaker's role as written: an appositive, else a title before the name.

    An appositive that itself holds a PERSON name is another person (a coordination the
    parser read as apposition), a one-word proper noun is an alias ("(UNIFIL)") and a pronoun
    ("he himself") is emphasis: none is a role. Courtesy titles alone ("Mr.") are not roles
    either (AP Stylebook: courtesy titles).
    """
    for child in head.rights:
        if child.dep_ == "appos":
            tokens = list(child.subtree)
            if any(t.ent_type_ == "PERSON" for t in tokens) or (len(tokens) == 1 and tokens[0].pos_ in ("PROPN", "PRON")):
                continue
            text = _trim(head.doc, tokens[0].i, tokens[-1].i + 1)
            if text and not _no_role(text):
                return text
    ent = entity_of(head)
    if ent is not None and ent.label_ == "PERSON":
        lo, _ = phrase(head)
        return _title(head.doc, lo, ent.start, titles, roles)
    return None


def _title(doc: Doc, lo: int, name_start: int, titles: frozenset[str], roles: frozenset[str] = frozenset()) -> str | None:
    """The words ``[lo, name_start)`` written before a name, as a role.

    A leading "the" is dropped; abbreviated ranks that follow a fuller role are dropped too
    ("commander of the Lebanese Army Gen." -> "commander of the Lebanese Army"), but kept when
    they are the role ("IDF Capt."). Courtesy titles alone are no role.
    """
    while lo >= 2 and doc[lo - 1].lower_ in ("of", "for") and doc[lo - 1].head.i < lo - 1 and doc[lo - 1].head.lower_ in roles:
        lo = doc[lo - 1].head.left_edge.i  # "Army chief of staff Musa Khalid": the role goes on before "of"
    while lo < name_start and doc[lo].lower_ == "the":
        lo += 1
    hi = name_start
    while (
        hi - 1 > lo
        and doc[hi - 1].is_title
        and doc[hi - 2].whitespace_  # "secretary-general" is one word
        and _is_title(doc[hi - 1], titles)
        and any(t.pos_ == "NOUN" for t in doc[lo : hi - 1])
    ):
        hi -= 1
    title = _trim(doc, lo, hi) if lo < hi else None
    if title and not all(w.lower().rstrip(".") in COURTESY_TITLES for w in title.split()) and not _no_role(title):
        return title
    return None


_AGE = re.compile(r"(?i)^(?:an?\s+)?[\w-]+[\s-]years?[\s-]old$")
NOT_ROLES = frozenset({"younger", "older", "elder", "eldest", "youngest", "junior", "senior", "late", "former", "then", "current", "fellow", "local"})
"""Words that say something of a person without being a role ("Twenty-year-old", "younger")."""


def _no_role(text: str) -> bool:
    """An age or a bare comparative before a name is no role ("Twenty-year-old Amina Yusuf")."""
    return bool(_AGE.match(text)) or text.lower() in NOT_ROLES


def _is_title(token: Token, titles: frozenset[str]) -> bool:
    """A title or rank written before a name ("Gen.", "Lt.", "Mr", "Colonel", "Ayatollah"),
    judged by its written form: one of ``titles`` (see :func:`title_words`)."""
    return token.lower_.rstrip(".") in titles or token.lower_ in COURTESY_TITLES


@lru_cache(maxsize=1)
def _person_titles() -> dict[str, Any]:
    """``data/person_titles.toml``, read once per process."""
    return tomllib.loads((resources.files("sitroom") / "data" / "person_titles.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """The one-word titles and ranks of ``data/person_titles.toml`` (AP Stylebook "titles",
    "military titles", "religious titles", "courtesy titles"), lower-case, without full stops:
    the same list the store uses to strip titles when it links persons across documents."""
    return frozenset(t.replace(".", "").lower() for t in _person_titles().get("titles", ()) if " " not in t)


@lru_cache(maxsize=1)
def portfolio_words() -> frozenset[str]:
    """The department words of ``data/person_titles.toml`` ("defence", "national", ...)."""
    return frozenset(w.lower() for w in _person_titles().get("portfolios", ()))


def is_source(token: Token, source_nouns: frozenset[str], document_nouns: frozenset[str]) -> bool:
    """Whether ``token`` can be the source of an attribution: a human or institution.

    Named entities (PERSON, ORG, GPE, NORP), personal pronouns, proper nouns, and nouns
    listed as sources or documents in ``speech_cues.toml`` qualify.
    """
    if token.ent_type_ in ("PERSON", *_ORG_LABELS):
        return True
    lower = token.lower_
    if token.pos_ == "PRON":
        return lower in PERSON_PRONOUNS or lower in ("they", "we", "it")  # "it said": an institution or a text
    if token.pos_ == "PROPN" or (token.is_title and token.pos_ in ("NOUN", "ADV", "X") and token.is_alpha and not token.is_sent_start):
        return True  # a capitalised word inside a sentence is a name, whatever the tagger read ("said Skelly": an adverb)
    if lower == "old" and any(c.lower_ in ("year", "years") for c in token.children) and any(c.dep_ == "det" for c in token.children):
        return True  # "the 46-year-old said": a person named by their age
    return token.lemma_.lower() in source_nouns or token.lemma_.lower() in document_nouns or (
        token.is_title and token.pos_ == "NOUN"
    )


PARTY_TAG_TOKENS = 6
"""Longest parenthesis after a name read as a party tag ("(R-WI)", "(D-N.Y.)")."""


def _before_party_tag(doc: Doc, last: int, floor: int) -> int:
    """``last``, or the token before a short parenthesis that ends the phrase there ("Speaker
    of the House Rep. Mark Olsen (D-MN)": the name ends at "Olsen")."""
    for i in range(last, max(floor, last - PARTY_TAG_TOKENS) - 1, -1):
        if doc[i].text == "(":
            return i - 1 if i - 1 > floor else last
        if doc[i].text == ")" and i != last:
            return last
    return last


def person_names(doc: Doc, titles: frozenset[str] = frozenset()) -> list[str]:
    """The names of the PERSON entities of ``doc``, in order, whitespace collapsed, without
    the titles a NER span may have taken in ("Ayatollah Mohammed Ishaq al-Fayad")."""
    names = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        first = ent.start
        while first < ent.end - 1 and (_is_title(doc[first], titles) or doc[first].lower_ in INVERTED_CUES):
            first += 1
        names.append(clean(doc[first : ent.end].text))
    return names


AMBIGUOUS = ""
"""The index value of a surname two different people of the document share."""


def surname_index(names: Iterable[str]) -> dict[str, str]:
    """Surname -> the longest name ending in it (the first such on ties); :data:`AMBIGUOUS`
    when two people share it ("Lisa Chen" and "David Chen": a bare "Chen" is either, and
    stays as written unless the text links it)."""
    index: dict[str, str] = {}
    full: dict[str, list[str]] = {}
    for name in names:
        key = _surname(name)
        if not key:
            continue
        if len(name.split()) > 1:
            full.setdefault(key, []).append(name)
        if len(name) > len(index.get(key, "")):
            index[key] = name
    for key, written in full.items():
        if any(not _same_person(a, b) for a in written for b in written):
            index[key] = AMBIGUOUS
    return index


def _same_person(a: str, b: str) -> bool:
    """Two full names with one surname name one person: the same given name, or an initial
    of it ("Stephen J. Townsend", "Stephen Townsend", "S. Townsend")."""
    x, y = a.split()[0].lower().rstrip("."), b.split()[0].lower().rstrip(".")
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def mislabelled_people(doc: Doc, actors: Actors) -> tuple[list[str], list[SpacySpan]]:
    """People the NER model typed as organisations or places: entities of two capitalised
    words opening with a given name ("Carly Fiorina", tagged ORG at every mention) that the
    actor data does not know, and the one-word entities that are their surnames ("Fiorina
    opened by talking ..."). Returns (their names, all those entities), so that "she" can
    find them and a bare surname resolves to the full name."""
    named = [e for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP") and _given_and_surname(clean(e.text)) and actors.lookup(e.text) is None]
    names = list(dict.fromkeys(clean(e.text) for e in named))
    surnames = {n.split()[-1] for n in names}
    bare = [e for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP") and len(e) == 1 and e.text in surnames and actors.lookup(e.text) is None]
    return names, sorted([*named, *bare], key=lambda e: e.start)


def _given_and_surname(name: str) -> bool:
    """Two capitalised words, the first a given name the census gives one gender to ("Carly
    Fiorina", "Bill Skelly"): a person's name the NER model typed as an organisation. Names
    the actor data knows (companies, groups) never get here."""
    from sitroom.extract.quotes import given_name_genders

    words = name.split()
    return len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words) and words[0].lower() in given_name_genders()


def full_name(short: str, index: dict[str, str]) -> str:
    """The longest person name ending in the same surname as ``short``, from
    :func:`surname_index`.

    "Townsend" -> "Stephen J. Townsend", "Al-Baghdadi" -> "Abu Bakr al-Baghdadi". A surname
    spelled differently in one article ("Mekdad" for "Fayssal Mekhdad": transliterations)
    matches when no spelling matches exactly and the two are near (rapidfuzz ratio >= 85, at
    least five letters).
    """
    surname = _surname(short)
    found = index.get(surname)
    if found == AMBIGUOUS:
        return short  # two people share the surname: a bare surname is not expanded
    if found is not None:
        return found if len(found) > len(short) else short
    if len(surname) >= 5:
        for key, name in index.items():
            if name != AMBIGUOUS and len(name) > len(short) and fuzz.ratio(key, surname) >= 85:
                return name
    return short


def _surname(name: str) -> str:
    words = name.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words else ""


@dataclass(frozen=True, slots=True)
class Resolver:
    """Turns source tokens into :class:`Speaker` records for one document.

    ``roles`` are the person-role nouns and ``titles`` the abbreviated titles of
    ``data/speech_cues.toml``; ``persons`` the person names of the document (PERSON
    entities, and names found after a role word), against which surnames are expanded.
    """

    actors: Actors
    persons: Sequence[str]
    roles: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    index: dict[str, str] = field(default_factory=dict, compare=False)
    by_first: dict[tuple[str, int], list[str]] = field(default_factory=dict, compare=False)
    """(first word, number of words) -> the person names so written, in document order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", surname_index(self.persons))
        by_first: dict[tuple[str, int], list[str]] = {}
        for name in dict.fromkeys(self.persons):
            words = name.split()
            if words:
                by_first.setdefault((words[0], len(words)), []).append(name)
        object.__setattr__(self, "by_first", by_first)

    def resolve(self, head: Token) -> Speaker:
        """A named source (entity, proper noun or noun phrase) as a :class:`Speaker`.

        The canonical name is the linked actor's when the entity ruler set ``ent_id_`` (or
        :meth:`Actors.lookup` knows the phrase); for a person, the full PERSON name; a name
        written after a role word is a person's even where the NER model missed it ("Comoros
        president Ahmed Abdallah Mohamed Sambi", the role being "Comoros president"); a named
        organisation keeps its phrase without the article; anything else is a description,
        kept as written ("officials", "a police spokesman").
        """
        lo, hi = phrase(head)
        doc = head.doc
        ent = entity_of(head)
        described = (ent is None and head.pos_ != "PROPN") or self._is_role(head)
        named = self._named_appositive(head) if described else None
        if named is not None:
            # "a 29-year-old witness, Qusay Kaabi": the name is the speaker, the description its role.
            inner = self.resolve(named)
            cut = named.left_edge.i if lo < named.left_edge.i < hi else hi  # the role ends where the name begins
            description = clean(doc[lo:cut].text).rstrip(" ,;:")
            end = inner.end
            speaker = replace(inner, text=doc_text(doc)[doc[lo].idx : end], start=doc[lo].idx, role=inner.role or description)
            if self._is_role(head) and not inner.person:  # a person's office: the name is a person's
                speaker = replace(speaker, person=True, kind="person", entity=None)
            return speaker
        text = doc[lo:hi].text
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        actor_id = head.ent_id_ or (ent.ent_id_ if ent is not None else "") or None
        actor = self.actors.entities.get(actor_id) if actor_id else None
        if actor is None:
            actor = self.actors.lookup(ent.text if ent is not None else text)
        role_entity = self._role_entity(doc, lo, hi, head)
        if actor is not None:
            is_person = actor.type == "person" or (ent is not None and ent.label_ == "PERSON")
            kind = "person" if is_person else "organisation"
            return Speaker(actor.name, text, start, end, self.role(head), actor.id, is_person, kind, role_entity=role_entity)
        if ent is not None and ent.label_ == "PERSON":
            first = ent.start
            while first < ent.end - 1 and (_is_title(doc[first], self.titles) or self._is_role(doc[first]) or doc[first].lower_ in INVERTED_CUES):
                first += 1  # "Ayatollah Mohammed Ishaq al-Fayad": the NER span took the title in
            name = self.first_spelling(full_name(clean(doc[first : ent.end].text), self.index))
            title = self.role(head) if _has_appositive_role(head) or first == ent.start else _title(doc, lo, first, self.titles, self.roles)
            title = _subject_description(head) or title
            return Speaker(name, text, start, end, title, None, True, role_entity=role_entity)
        last = doc[_before_party_tag(doc, hi - 1, head.i)] if self._is_role(head) and hi - 1 > head.i else head
        last_ent = entity_of(last) if last is not head else None
        if last_ent is not None and last_ent.label_ == "PERSON":
            run: int | None = last_ent.start
            while run < last.i and _is_title(doc[run], self.titles):
                run += 1
        else:
            run = self._name_after_role(last, lo)
        if run is not None:
            # "FNL spokesman Pasteur Habimana"; "UK Secretary of State for Defence Des Browne"
            name = full_name(clean(doc[run : last.i + 1].text), self.index)
            title = role(head, self.titles, self.roles) if last is head and _has_appositive_role(head) else _title(doc, lo, run, self.titles, self.roles)
            return Speaker(name, text, start, end, title, None, True, role_entity=role_entity)
        if head.is_title and head.pos_ in ("PROPN", "NOUN") and (ent is None or len(ent) == 1):
            name = full_name(head.text, self.index)  # a surname: "Sgrena claims that ..."
            if name != head.text:
                return Speaker(name, text, start, end, self.role(head), None, True, role_entity=role_entity)
        if self._is_role(head) and not (ent is not None and ent.label_ == "PERSON"):
            # "the government spokesman", "Australia's Foreign Minister": a person's office.
            return Speaker(clean(text), text, start, end, None, None, _singular(head), "description", role_entity=role_entity)
        if self._lone_surname(head, lo, hi, ent):
            # "Egeland said ...", "Mr. Townsend told ...": a name the model left untyped, said
            # of a person (an organisation's name is typed ORG, or is an actor, or has an article)
            return Speaker(clean(doc[head.i : hi].text), text, start, end, self.role(head), None, True, role_entity=role_entity)
        is_named_phrase = ent is not None or any(is_named(t) for t in doc[lo:hi])
        if is_named_phrase:
            name = drop_defined_acronym(clean(_strip_article(doc[lo:hi])))
            known = self.first_spelling(name)
            if self.is_person_name(known) or has_age(head) or _given_and_surname(known):  # a person's name the NER model typed otherwise
                return Speaker(known, text, start, end, self.role(head), None, True, role_entity=role_entity)
            return Speaker(name, text, start, end, self.role(head), None, False, "organisation")
        return Speaker(clean(text), text, start, end, self.role(head), None, False, "description", role_entity=role_entity)

    def role(self, head: Token) -> str | None:
        return role(head, self.titles, self.roles)

    def first_spelling(self, name: str) -> str:
        """The document's first spelling of a full name written twice ("Abdourahim Said Bakar",
        later "Abdourahim Said Bacar": a transliteration varies within one article): the first
        earlier person name with the same first word and as many words, rapidfuzz ratio >= 90."""
        words = name.split()
        if len(words) < 2:
            return name
        for other in self.by_first.get((words[0], len(words)), ()):
            if other == name:
                return name
            if fuzz.ratio(other, name) >= 90:
                return other
        return name

    def is_person_name(self, name: str) -> bool:
        """``name`` is written as a person's name somewhere in the document."""
        words = name.split()
        return bool(words) and name in self.by_first.get((words[0], len(words)), ())

    def _named_appositive(self, head: Token) -> Token | None:
        """The name in apposition to a description: a PERSON or ORG entity ("the newspaper,
        the Daily Star"), or a proper name of two words or more, perhaps after a title
        ("the faculty director ..., Professor Meg Satterthwaite")."""
        _, hi = phrase(head)
        last = head.doc[hi - 1]
        children = list(head.rights) + (list(last.rights) if last.i > head.i else [])
        if self._is_role(head):  # "Syria's Ambassador to the U.N., Fayssal Mekhdad": the parser
            for prep in head.rights:  # hangs the name on the last word of the role's phrase
                if prep.dep_ == "prep":
                    children.extend(g for c in prep.children if c.dep_ == "pobj" for g in c.rights)
        for child in children:
            if child.dep_ != "appos":
                continue
            if child.ent_type_ == "PERSON" or (child.ent_type_ == "ORG" and child.head is head):
                return child
            if child.ent_type_ == "ORG" and self._is_role(head) and self._looks_like_name(child):
                return child
            if child.pos_ == "PROPN" and not self._is_role(child):
                words = [t for t in child.subtree if t.pos_ == "PROPN" and t.is_title and not _is_title(t, self.titles)]
                if len(words) >= 2:
                    return child
        return None

    def _looks_like_name(self, token: Token) -> bool:
        """Two or three capitalised proper nouns with nothing else, and no known actor: a
        person's name the NER model typed ORG ("Fayssal Mekhdad")."""
        words = list(token.subtree)
        return (
            2 <= len(words) <= 3
            and all(t.pos_ == "PROPN" and t.is_title for t in words)
            and not any(t.ent_id_ for t in words)
            and self.actors.lookup(clean(token.doc[words[0].i : words[-1].i + 1].text)) is None
        )

    def _lone_surname(self, head: Token, lo: int, hi: int, ent: SpacySpan | None) -> bool:
        """A single capitalised proper noun with no entity type (or PERSON), perhaps after a
        courtesy title or rank: a surname."""
        if head.pos_ != "PROPN" or not head.is_title:
            return False
        if ent is not None and ent.label_ != "PERSON":
            return False
        return hi == head.i + 1 and all(_is_title(t, self.titles) for t in head.doc[lo : head.i])

    def _is_role(self, token: Token) -> bool:
        return token.lemma_.lower() in self.roles or token.lower_ in self.roles

    def _name_after_role(self, head: Token, lo: int) -> int | None:
        """Start of the proper-noun run ending at ``head`` when a role word or title comes
        before it within the phrase ("FNL spokesman Pasteur Habimana", "Gen. Michel Suleiman");
        None otherwise. Titles at the start of the run are not part of the name."""
        if head.pos_ != "PROPN" or self._is_role(head) or _is_title(head, self.titles):
            return None
        doc = head.doc
        j = head.i
        while j - 1 >= lo and doc[j - 1].pos_ == "PROPN" and not doc[j - 1].is_punct and not self._is_role(doc[j - 1]):
            j -= 1
        while j < head.i and _is_title(doc[j], self.titles):
            j += 1
        if j <= lo:
            return None
        before = doc[j - 1]
        if _is_title(before, self.titles) or self._is_role(before):
            return j
        if before.lower_ in ("of", "for") and (self._is_role(before.head) or _is_title(before.head, self.titles)):
            # "Minister of National Defence Harjit Sajjan": the portfolio ends at its last
            # portfolio word, the name follows (two words at least, else nothing is known)
            portfolio = portfolio_words()
            k = head.i
            while k > j and doc[k - 1].lower_ not in portfolio:
                k -= 1
            if k > j and head.i - k >= 1:
                return k
        return None

    def _role_entity(self, doc: Doc, lo: int, hi: int, head: Token) -> str | None:
        """The canonical actor an organisation in the role phrase links to ("Oxfam's ...")."""
        tokens = list(doc[lo:hi])
        for child in head.rights:
            if child.dep_ == "appos":
                tokens.extend(child.subtree)
        for token in tokens:
            if token.i == head.i:
                continue
            if token.ent_id_ and token.ent_id_ in self.actors.entities:
                actor = self.actors.entities[token.ent_id_]
                if actor.type != "person":
                    return actor.id
        return None


def _subject_description(head: Token) -> str | None:
    """ "A retired police officer, Hamid Rahimi said": a common-noun subject of the same verb
    before the name, set off by a comma, is the name's description (an apposition the parser
    read as a second subject)."""
    if head.dep_ != "nsubj":
        return None
    for other in head.head.lefts:
        if other.dep_ == "nsubj" and other.i < head.i and other.pos_ == "NOUN":
            lo, hi = other.left_edge.i, other.right_edge.i + 1
            if hi < len(head.doc) and head.doc[hi].text == ",":
                return _trim(head.doc, lo, hi)
    return None


def _has_appositive_role(head: Token) -> bool:
    return any(child.dep_ == "appos" for child in head.rights)


def _singular(token: Token) -> bool:
    return token.tag_ in ("NN", "NNP")


def is_named(token: Token) -> bool:
    """A token of a PERSON/ORG/GPE/NORP/FAC name, or a proper noun outside any other entity
    (dates are not names) that is not a capitalised first word of its sentence."""
    if token.ent_type_:
        return token.ent_type_ in ("PERSON", *_ORG_LABELS)
    return token.pos_ == "PROPN" and not token.is_sent_start


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


_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "for", "at", "in", "to", "'s", "’s", "and"})


def content_words(text: str) -> frozenset[str]:
    """Lower-case words of a role or description without articles, prepositions and the
    possessive ending: "Syria's Ambassador to the U.N." -> {syria, ambassador, u.n.}."""
    words = text.replace("’s", " ").replace("'s", " ").lower().split()
    return frozenset(w.strip(",;:()") for w in words if w.strip(",;:()") and w not in _FUNCTION_WORDS)


def _trim(doc: Doc, lo: int, hi: int) -> str | None:
    """The text of tokens ``[lo, hi)`` without edge punctuation, whitespace collapsed."""
    text = doc[lo:hi].text if hi > lo else ""
    return clean(text.strip(_EDGE_PUNCT + " \n\t\xa0")) or None
