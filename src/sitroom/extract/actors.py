"""Actors, people and places named in a document, each linked to a canonical entity.

Rules (sitroom.actors.v1):

* A name matched by the actor data (``ent_id_`` set by the EntityRuler) links to
  that actor: "Daesh", "ISIL" and "IS" are all ``islamic-state``.
* A person named in full once and by surname later ("Stephen J. Townsend" ...
  "Townsend") is one person: the short form links to the longest name in the
  document that ends with it. This is the within-document step of the
  name-matching heuristics in Bagga & Baldwin (1998) "Entity-based cross-document
  coreferencing using the vector space model".
* Place names spelled slightly differently in one document ("Mosoul", "Mosul")
  are one place when their similarity (rapidfuzz ``ratio``) is at least
  :data:`PLACE_SIMILARITY`; the most frequent spelling is the canonical one.
  Geocoding against a gazetteer comes in a later stage.

Entity ids are stable across documents: the actor id from the data, else
``person:``/``org:``/``place:``/``group:`` plus a slug of the canonical name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sitroom.ids import slug
from sitroom.model import Entity, Mention, Span
from sitroom.nlp import Actors

LABELS = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LOC": "place", "FAC": "place"}
"""spaCy entity labels kept as mentions, and the entity type given to unlinked ones."""

PLACE_SIMILARITY = 88.0
"""Minimum rapidfuzz ratio for two place spellings in one document to be one place
(Mosul/Mosoul score 90.9; Austria/Australia, 87.5, stay apart)."""

_PREFIX = {"person": "person", "organisation": "org", "group": "group", "place": "place"}
_TRIM = re.compile(r"^(?:the|The)\s+|(?:['’]s?|\s+)$")


def surface(text: str) -> str:
    """A name as written, without a leading "the" and a trailing possessive."""
    previous = None
    while previous != text:
        previous, text = text, _TRIM.sub("", text)
    return text


def _person_names(ents: Sequence[SpacySpan]) -> dict[str, str]:
    """Map each PERSON surface form to the full name in the doc ending with it (:func:`_fullest`:
    "Maskhadov" after "Aslan Maskhadov" and later "Anzor Maskhadov" is Aslan's, on every run).

    A form that starts with another full name of the document and goes on ("Lindsay Lohan
    Checks" beside "Lindsay Lohan": a headline's capitals led the NER past the surname)
    is that name's: words after a surname are no part of the name.
    """
    names = dict.fromkeys(surface(e.text) for e in ents if e.label_ == "PERSON" and not e.ent_id_)  # in text order
    canonical: dict[str, str] = {}
    for name in names:
        tail = name.split()[-1].lower() if name.split() else ""
        longer = [
            other
            for other in names
            if len(other) > len(name) and other.split()[-1].lower() == tail and other.lower().endswith(name.lower())
        ]
        canonical[name] = _fullest(longer) if longer else name
    for name in names:
        words = name.split()
        prefix = next((" ".join(words[:n]) for n in range(len(words) - 1, 1, -1) if " ".join(words[:n]) in names), None)
        if prefix is not None:
            canonical[name] = canonical[prefix]
    return canonical


def _longest_with_surname(people: dict[str, str], surname: str) -> str:
    matches = list(dict.fromkeys(full for full in people.values() if full.split()[-1] == surname))
    return _fullest(matches) if matches else surname


def _fullest(names: Sequence[str]) -> str:
    """Of the full names a shorter form may stand for (in text order), the first named, or a
    later fuller form of it ("Stephen Townsend", then "Stephen J. Townsend"); another
    person sharing the surname ("Robert Walsh" after "Peter Walsh") never takes it over."""
    chosen = names[0]
    for other in names[1:]:
        if other.split()[0] == chosen.split()[0] and len(other.split()) > len(chosen.split()):
            chosen = other
    return chosen


def _place_names(ents: Sequence[SpacySpan]) -> dict[str, str]:
    """Map each place spelling to the most frequent similar spelling in the doc."""
    counts = Counter(surface(e.text) for e in ents if LABELS.get(e.label_) == "place" and not e.ent_id_)
    canonical: dict[str, str] = {}
    for name, _ in counts.most_common():
        for chosen in dict.fromkeys(canonical.values()):
            if name[:1].lower() == chosen[:1].lower() and fuzz.ratio(name.lower(), chosen.lower()) >= PLACE_SIMILARITY:
                canonical[name] = chosen
                break
        else:
            canonical[name] = name
    return canonical


def drop_defined_acronym(name: str) -> str:
    """ "International Criminal Tribunal for the former Yugoslavia (ICTY)" -> the name without
    the acronym it defines in brackets; a bracket that is no acronym of the words before it
    stays ("the MND (SE)"). The acronym's letters must be, in order, initials of those words
    (after Schwartz & Hearst 2003, "A simple algorithm for identifying abbreviation
    definitions in biomedical text", who match the short form's letters in the long form)."""
    if not name.endswith(")") or " (" not in name:
        return name
    long_form, _, short = name[:-1].rpartition(" (")
    letters = [c.lower() for c in short if c.isalpha()]
    if not letters or not short.replace(".", "").replace("-", "").isupper():
        return name
    initials = [w[0].lower() for w in long_form.replace("-", " ").split() if w[0].isalpha()]
    if not initials or initials[0] != letters[0]:
        return name
    k = 0
    for initial in initials:
        if k < len(letters) and initial == letters[k]:
            k += 1
    return long_form if k == len(letters) else name


def defined_acronyms(sdoc: Doc, ents: Sequence[SpacySpan]) -> dict[str, str]:
    """Acronym -> the name it stands for, for each organisation or group named in full and
    then, in brackets, by its acronym ("the Internal Displacement Monitoring Centre (IDMC)"),
    the acronym checked against the name's initials (:func:`drop_defined_acronym`). The
    first definition in the document wins. Names the actor data knows are left out: it
    holds their acronyms already."""
    found: dict[str, str] = {}
    for ent in ents:
        if LABELS.get(ent.label_) not in ("organisation", "group") or ent.ent_id_:
            continue
        name, end = surface(ent.text), ent.end
        if name.endswith(")") and drop_defined_acronym(name) != name:  # the NER kept the bracket
            long_form, _, short = name[:-1].rpartition(" (")
        elif end + 2 < len(sdoc) and sdoc[end].text == "(" and sdoc[end + 2].text == ")":
            long_form, short = name, sdoc[end + 1].text
            if drop_defined_acronym(f"{long_form} ({short})") != long_form:
                continue
        else:
            continue
        if long_form and short not in found:
            found[short] = long_form
    return found


def _surname_mentions(sdoc: Doc, ents: list[SpacySpan], people: dict[str, str]) -> list[SpacySpan]:
    """Surnames of people named in full elsewhere in the doc, which the NER missed or mislabelled.

    "Stephen J. Townsend ... Townsend said" - the statistical model often leaves the bare
    surname untagged or tags it as a place; once a full name is established, a capitalised
    token equal to its surname refers to that person (news style: full name on first
    reference, surname after; AP Stylebook, "names").
    """
    surnames: dict[str, str] = {}
    for full in people.values():  # in text order: the first person with a surname keeps it
        if len(full.split()) >= 2:
            surnames.setdefault(full.split()[-1], full)
    if not surnames:
        return ents
    kept = [e for e in ents if not (e.label_ != "PERSON" and not e.ent_id_ and e.text in surnames)]
    covered = {i for e in kept for i in range(e.start, e.end)}
    extra = [
        SpacySpan(sdoc, t.i, t.i + 1, label="PERSON")
        for t in sdoc
        if t.text in surnames and t.i not in covered and t.is_title
    ]
    return sorted(kept + extra, key=lambda e: e.start)


def find_mentions(sdoc: Doc, doc_id: str, actors: Actors) -> tuple[list[Entity], list[Mention]]:
    """Every named actor, person, group and place in ``sdoc``, with the entities they link to.

    Returns:
        (entities, mentions): the distinct canonical entities of the document and one
        mention per entity occurrence, in text order.
    """
    ents = [e for e in sdoc.ents if e.label_ in LABELS]
    people = _person_names(ents)
    ents = _surname_mentions(sdoc, ents, people)
    people.update({e.text: people.get(e.text) or _longest_with_surname(people, e.text) for e in ents if e.label_ == "PERSON" and e.text not in people})
    places = _place_names(ents)
    acronyms = defined_acronyms(sdoc, ents)
    defines: dict[str, tuple[str, ...]] = {}
    for short, long_form in acronyms.items():
        defines[long_form] = (*defines.get(long_form, ()), short)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for ent in ents:
        name = surface(ent.text)
        if not name:
            continue
        if ent.ent_id_ and ent.ent_id_ in actors.entities:
            entity = actors.entities[ent.ent_id_]
        else:
            kind = LABELS[ent.label_]
            if name.endswith(")") and drop_defined_acronym(name) != name:
                name = drop_defined_acronym(name)
            canonical = people.get(name) or places.get(name) or acronyms.get(name) or name
            known = actors.lookup(canonical)
            entity = known or Entity(id=f"{_PREFIX[kind]}:{slug(canonical)}", name=canonical, type=kind, aliases=defines.get(canonical, ()))
        entities.setdefault(entity.id, entity)
        mentions.append(
            Mention(
                span=Span(doc_id, ent.start_char, ent.end_char),
                text=ent.text,
                label=ent.label_,
                entity_id=entity.id,
                canonical=entity.name,
            )
        )
    return list(entities.values()), mentions
