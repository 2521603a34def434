"""The attacker a headline names, for the lead event its body leaves without one.

News names the perpetrator in the headline and often only there: "U.S. air strike kills 18
in Pakistani village" over a body that opens "An air strike on a village on Friday killed
at least 18 people"; "Israeli shelling on UN school kills six" over "Two people were killed
in the initial shelling". An ACLED coder reads the headline with the story (ACLED Codebook
2023, "Sources": the report as a whole codes the event). Headlines are not sentences the
parser reads well (Title Case, no verbs, no articles), so this reads them by their words:

* an attack noun of the ``headline_attacks`` list ("attack", "airstrike", "shelling",
  "raid"...), possibly after the words of ``headline_modifiers`` ("suicide", "air",
  "rocket"...);
* right before them, the name of an armed group or state force of the actor data ("Taliban
  attack", "al-Shabaab suicide bombing"; also as the subject of a verb of ``headline_verbs``:
  "ETA set off car bomb in La Rioja", "Taliban kill 12 police"), or a country or its adjective with an attack noun
  only states make (``headline_state_attacks``: "U.S. air strike", "Israeli shelling",
  "Turkish raid"): a country's adjective before "attack" or "rocket attack" names no
  perpetrator ("Palestinian rocket attack" is not the Palestinian state's).

The actor has no span in the text (the headline is metadata); the event's sentence still
points at the body.

The headline's one city (or, failing a city, its one country) is also where the lead's
events happened when the body names no place for them ("Twin bombings hit Baghdad's Green
Zone" over "Two car bombs were detonated ... near the Green Zone here Saturday"). Read by
its words too, it is only a city of ``HEADLINE_CITY`` inhabitants or more, or a country,
named by its gazetteer name, so that a title word that some village is also called ("Hit")
or that is an alternate name of a city ("Tamil") is not taken for a place.
"""

from __future__ import annotations

import re
import unicodedata

from sitroom.actordata import Actors
from sitroom.extract.events.lexicon import Lexicon
from sitroom.extract.events.roles import ARMED_CATEGORIES, Actor, convention_name
from sitroom.geo.gazetteer import Candidate

WORD = re.compile(r"[A-Za-z][A-Za-z.'’\-]*[A-Za-z.]|[A-Za-z]")
MAX_TITLE = 300
"""Characters of the title read (a title longer than this is no headline)."""
MAX_NAME_WORDS = 4
HEADLINE_CITY = 100_000
"""Inhabitants a town named in a headline needs to be taken for the lead's place."""


def headline_agent(title: str | None, actors: Actors, lexicon: Lexicon) -> Actor | None:
    """The attacker the headline ``title`` names before an attack noun, or ``None``."""
    if not title:
        return None
    words = [m.group() for m in WORD.finditer(title[:MAX_TITLE])]
    lowered = [w.lower() for w in words]
    attacks, state_attacks, modifiers = lexicon.words("headline_attacks"), lexicon.words("headline_state_attacks"), lexicon.words("headline_modifiers")
    for i, word in enumerate(lowered):
        if word not in attacks:
            continue
        end = i
        while end > 0 and lowered[end - 1] in modifiers:
            end -= 1
        phrase = " ".join(lowered[end : i + 1])
        state_made = word in state_attacks or any(w in state_attacks for w in lowered[end:i]) or phrase in state_attacks
        found = _name_before(words, end, actors, state_made)
        if found is not None:
            return found
    verbs = lexicon.words("headline_verbs")
    for i in range(1, len(lowered)):
        for size in (2, 1):  # "set off", "blew up"
            if " ".join(lowered[i : i + size]) in verbs and (found := _name_before(words, i, actors, False)) is not None:
                return found
    return None


def _name_before(words: list[str], end: int, actors: Actors, state_made: bool) -> Actor | None:
    """The armed actor, or with ``state_made`` the state, named by the words just before ``end``."""
    from sitroom.geo import resolve_names

    for size in range(min(MAX_NAME_WORDS, end), 0, -1):
        name = " ".join(words[end - size : end])
        known = actors.lookup(name)
        if known is not None:
            category = actors.categories.get(known.id)
            if category in ARMED_CATEGORIES:
                return Actor(known.name, category, None, None, known.country, named=True)
            return None  # a name the data knows but not as an armed actor ("UN convoy attack")
        if size == 1 and state_made and words[end - 1][:1].isupper():
            place = resolve_names([name])[0]
            if place is not None and (place.feature_code or "").startswith("PCL") and (label := convention_name("military", place.country)):
                return Actor(label, "State Forces", None, None, place.country, convention="military")
    return None


def headline_place(title: str | None) -> Candidate | None:
    """The one city (else the one country) a headline names, or ``None`` (see the module notes)."""
    if not title:
        return None
    from sitroom.geo import gazetteer

    places = gazetteer()
    words = [m.group().removesuffix("'s").removesuffix("’s") for m in WORD.finditer(title[:MAX_TITLE])]
    cities: dict[int, Candidate] = {}
    countries: dict[str, Candidate] = {}
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            name = " ".join(words[i : i + size])
            if not name[:1].isupper():
                continue
            for c in places.lookup(name):
                if _folded(c.name) != _folded(name):
                    continue  # an alternate name ("Tamil" is one of an Indonesian city's)
                if c.feature_code.startswith("PPL") and c.population >= HEADLINE_CITY:
                    cities.setdefault(c.geonames_id, c)
                elif c.feature_code.startswith("PCL"):
                    countries.setdefault(c.country, c)
    if len(cities) == 1:
        return next(iter(cities.values()))
    if not cities and len(countries) == 1:
        return next(iter(countries.values()))
    return None


def _folded(name: str) -> str:
    """A name without accents, in lower case ("Kandahār" = "kandahar")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).lower()
