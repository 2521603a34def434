"""Joint disambiguation of a document's place names (rules ``sitroom.geo.v1``).

The algorithm (:func:`resolve_names`):

1. **Candidates** of each distinct name (:func:`options`): the entries whose name or
   alternate name has the name's key; if none, the keys of :func:`~sitroom.geo.names.variants`
   (a generic word or an Arabic article removed); if none, the transliteration skeleton;
   if none, a fuzzy match (rapidfuzz ``ratio`` >= :data:`FUZZY_MIN_RATIO`) against the
   names of countries, ADM1 regions, continents and cities of 15,000+; if none, the
   place a longer name is named after ("Dubai World Cup" -> Dubai). A demonym
   ("Iraqi") offers its country (and the region it stands for, "English" -> England).
2. **Prior** of a candidate: its feature class (a country or continent before a region,
   a region before a town) and the log of its population (a region's is the sum of
   its towns'), a bonus for a capital, a penalty for an alternate-name, variant,
   skeleton, fuzzy or contained match and for a class the name's generic word rules out
   ("Nineveh province" wants an ADM1).
3. **Context** (Leidner 2007, "Toponym Resolution in Text", ch. 5: "one referent per
   discourse" and spatial minimality; Lieberman, Samet & Sankaranarayanan 2010,
   "Geotagging with local lexicons", ICDE: places of one document lie together): each
   name starts at its best prior; then, three times over, every name takes the candidate
   that maximises prior + support. Support counts the *other* names of the document
   whose current choice lies in the same country, in the same first-level region, or
   within :data:`NEAR_KM`, each weighted by how sure that choice is (its lead over its
   rivals, up to 1), plus the hints (demonyms, country words) naming the country.
4. **Plausibility**: a town (or ADM2) that nothing in the document supports is dropped
   unless it is big (:func:`plausible`): a name the gazetteer lacks ("Middle East",
   "Heathrow") would otherwise land on a village called that.

The weights (:class:`Weights`) were set by coordinate ascent on the first 100 GeoWebNews
articles only; the result moves by less than a point over wide ranges of each.

``method`` tells what decided: ``only candidate``, ``demonym``, ``feature class`` (a
country, region or continent over towns), ``population`` (the most populous entry) or
``context`` (another candidate than the prior's); `` via <match>`` is added when the name
was found otherwise than by its main name: ``alternate`` (an alternate name),
``shadowed`` (an alternate name that is also another candidate's main name), ``variant``,
``skeleton``, ``fuzzy``, or ``contained`` (the place a longer name is named after).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from sitroom.geo.gazetteer import Candidate, Gazetteer, gazetteer
from sitroom.geo.names import GENERIC_WORDS, name_key, variants

FUZZY_MIN_RATIO = 90.0
"""rapidfuzz ``ratio`` a fuzzy match needs (1 edit in 10 characters; Mosul/Mosoul 90.9)."""
FUZZY_MIN_CHARS = 6
"""Shorter names never match fuzzily: one edit in five letters is another place."""
NEAR_KM = 200.0
"""Two places of a document this close support each other (about the 161 km of the
accuracy measure plus a margin)."""
ROUNDS = 3
ACRONYM_MIN_POPULATION = 100_000
"""A name in capitals of up to four letters ("EU", "SA") matches a town only this big ("NYC")."""


@dataclass(frozen=True, slots=True)
class Weights:
    """The scoring constants (tuned on the first 100 GeoWebNews articles only)."""

    country: float = 9.0  # prior of a country, before 0.2 x log10(population)
    continent: float = 9.5
    admin1: float = -1.0  # added to log10(sum of its cities' populations)
    admin2: float = -1.0
    capital: float = 0.6
    alternate: float = -0.3  # matched an alternate name, not the main one
    shadowed: float = -2.0  # an alternate name that is another candidate's main name
    variant: float = -0.8  # a generic word or an article removed
    skeleton: float = -1.5
    fuzzy: float = -2.5
    contained: float = -1.0  # the name of a place inside a longer name
    wrong_class: float = -4.0  # "X province" that is not an ADM1, "X city" that is not a town
    same_country: float = 0.3  # per supporting name (weighted by its sureness), up to 3
    hint: float = 1.0  # per demonym or country word of the document naming the country, up to 3
    same_admin1: float = 1.4
    near: float = 0.8
    unsupported_min_population: int = 20_000  # see plausible()
    unsupported_factor: int = 10  # times more for a shadowed, skeleton or fuzzy match
    unsupported_region_min_population: int = 0  # the same for an ADM1 or ADM2 (sum of its towns)


WEIGHTS = Weights()
_POSSESSIVE = re.compile(r"[’']s?$")
_QUOTES = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’)\],;:]+$")


@dataclass(frozen=True, slots=True)
class Option:
    """A candidate entry of one name and how the name found it."""

    entry: int
    match: str  # "main", "alternate", "shadowed", "demonym", "variant", "skeleton", "fuzzy", "contained"
    wanted: str = ""  # "admin", "city", "local" (a town or ADM2) or "" (from a generic word)
    physical: bool = False
    """The name ends with a word of a sea, desert or building ("Red Sea", "White House"): it
    may stand only where the document supports it (``data/geo_not_places.toml``)."""


@lru_cache(maxsize=1)
def _not_places() -> tuple[frozenset[str], frozenset[str]]:
    """(names never resolved, physical words) of ``data/geo_not_places.toml``, as keys."""
    data = tomllib.loads((resources.files("sitroom") / "data" / "geo_not_places.toml").read_text(encoding="utf-8"))
    return frozenset(name_key(n) for n in data.get("names", [])), frozenset(w.lower() for w in data.get("physical_words", []))


def clean(text: str) -> str:
    """The name without surrounding quotes, brackets, a trailing possessive or a leading "the"."""
    text = _QUOTES.sub("", text[:500])
    text = _POSSESSIVE.sub("", text)
    return text[4:] if text[:4].lower() == "the " else text


def options(gaz: Gazetteer, text: str) -> list[Option]:
    """Every candidate entry of a name, by the first rule of step 1 that finds any; none for
    a name that is no place (``data/geo_not_places.toml``: "the White House", "the Gulf")."""
    written = clean(text)
    key = name_key(written)
    never, physical = _not_places()
    if not key or key in never:
        return []
    found = list(_memo_options(gaz, written, key))
    if key.split()[-1] in physical:
        found = [replace(o, physical=True) for o in found]
    return found


@lru_cache(maxsize=16_384)
def _memo_options(gaz: Gazetteer, written: str, key: str) -> tuple[Option, ...]:
    """:func:`_options`, memoised per spelling: the gazetteer does not change in a process,
    and a name that matches no entry goes through the variants, skeletons and a fuzzy search
    of every prominent name (1.65 ms per throughput article before; news repeats its places)."""
    return tuple(_options(gaz, written, key))


def _options(gaz: Gazetteer, written: str, key: str) -> list[Option]:
    letters = key.replace(" ", "")
    acronym = written.isupper() and len(letters) <= 4  # "EU", "NJ", "UAE": never a town's plain name
    found = [Option(e, "main" if name_key(gaz.names[e]) == key else "alternate") for e in gaz.by_key(key)]
    # "Southold" is a town's own name, not South Bend's old one: an alternate name of a town
    # that is another town's main name is shadowed (a state's name does not shadow its city's).
    towns_named = any(o.match == "main" and gaz.is_city(o.entry) for o in found)
    others_named = any(o.match == "main" and not gaz.is_city(o.entry) for o in found)
    found = [
        Option(o.entry, "shadowed") if o.match == "alternate" and (towns_named if gaz.is_city(o.entry) else others_named) else o
        for o in found
    ]
    if acronym:
        found = [o for o in found if not gaz.is_city(o.entry) or gaz.population[o.entry] >= ACRONYM_MIN_POPULATION]
    if "." in written or written.isupper():
        abbr = gaz.abbreviations.get(key)
        if abbr is None and len(letters) == 2 and written.isupper():
            abbr = gaz.admin1_entry.get(f"US.{written}")  # GeoNames' US admin1 codes are the postal codes
        if abbr is not None and all(o.entry != abbr for o in found):
            found.insert(0, Option(abbr, "main"))
    found += _demonym_options(gaz, key, {o.entry for o in found})
    if found or acronym:
        return found
    tried = [(key, "")]
    for vkey, why in variants(key):
        wanted = {"admin word": "admin", "city word": "city", "district word": "local"}.get(why, "")
        tried.append((vkey, wanted))
        found += [Option(e, "variant", wanted) for e in gaz.by_key(vkey) if all(e != o.entry for o in found)]
    if found:
        return found
    for vkey, wanted in tried:
        if len(vkey) >= 4:
            found += [Option(e, "skeleton", wanted) for e in gaz.by_skeleton(vkey) if all(e != o.entry for o in found)]
    if found:
        return found
    if FUZZY_MIN_CHARS <= len(key) <= 40:
        hit = process.extractOne(key, gaz.prominent, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO)
        if hit:
            return [Option(e, "fuzzy") for e in gaz.prominent_entries[hit[0]]]
    return _contained_options(gaz, written)


def _contained_options(gaz: Gazetteer, written: str) -> list[Option]:
    """The place a longer name is named after ("Dubai World Cup" -> Dubai, "Colchester
    Hospital" -> Colchester): the longest runs of capitalised words that are an entry's main
    name (all runs of that length compete in the disambiguation) and not only generic words (:data:`~sitroom.geo.names.GENERIC_WORDS`:
    "Korean Peninsula" is not the town of Peninsula). Demonyms and alternate names do not
    count ("Latin America" is not America)."""
    words = written.split()
    if len(words) < 2 or len(words) > 12:
        return []
    for size in range(len(words) - 1, 0, -1):
        found: list[Option] = []
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if not all(w[:1].isupper() for w in run):
                continue
            key = name_key(" ".join(run))
            if len(key) < 3 or all(k in GENERIC_WORDS for k in key.split()):
                continue
            found += [Option(e, "contained") for e in gaz.by_key(key) if name_key(gaz.names[e]) == key]
        if found:  # every run of this length competes ("Robinson College Cambridge")
            return found
    return []


def _demonym_options(gaz: Gazetteer, key: str, taken: set[int]) -> list[Option]:
    """A demonym given as a place name: the place it stands for, else its one country.

    An adjective of several countries ("Kurdish") names no single place: no option.
    """
    spec = gaz.demonyms.get(key)
    if spec is None and key.endswith("s"):  # "Iraqis", "Americans"
        spec = gaz.demonyms.get(key[:-1])
    if spec is None:
        return []
    countries, place = spec
    entries = [e for e in gaz.by_key(name_key(place)) if not gaz.is_city(e)] if place else []
    if not entries and len(countries) == 1 and countries[0] in gaz.country_entry:
        entries = [gaz.country_entry[countries[0]]]
    return [Option(e, "demonym") for e in dict.fromkeys(entries) if e not in taken]


def hint_countries(gaz: Gazetteer, hints: Sequence[str]) -> Counter[str]:
    """Countries told by context words: demonyms ("Iraqi") and country names, one count per
    word (shared among the countries of a demonym of several)."""
    told: Counter[str] = Counter()
    for hint in hints:
        key = name_key(clean(hint))
        if not key:
            continue
        spec = gaz.demonyms.get(key) or (gaz.demonyms.get(key[:-1]) if key.endswith("s") else None)
        if spec:
            for country in spec[0]:  # "Kurdish" tells IQ, SY, TR and IR a quarter each
                told[country] += 1 / len(spec[0])
            continue
        for e in gaz.by_key(key):
            if gaz.feature_code(e) in ("PCLI", "PCLD"):
                told[gaz.country[e]] += 1
    return told


def prior(gaz: Gazetteer, option: Option, w: Weights = WEIGHTS) -> float:
    """Step 2: feature class, population, capital, match quality, wanted class."""
    e = option.entry
    code = gaz.feature_code(e)
    pop = math.log10(gaz.population[e] + 1)
    if code in ("PCLI", "PCLD"):
        score = w.country + 0.2 * pop - (1.0 if code == "PCLD" else 0.0)
    elif code == "CONT":
        score = w.continent
    elif code == "ADM1":
        score = pop + w.admin1
    elif code == "ADM2":
        score = pop + w.admin2
    else:
        score = pop + (w.capital if code == "PPLC" else 0.0)
    score += {"alternate": w.alternate, "shadowed": w.shadowed, "variant": w.variant, "skeleton": w.skeleton, "fuzzy": w.fuzzy, "contained": w.contained}.get(option.match, 0.0)
    if option.wanted == "admin" and code != "ADM1":
        score += w.wrong_class
    elif option.wanted == "city" and not gaz.is_city(e):
        score += w.wrong_class
    elif option.wanted == "local" and not gaz.is_local(e):
        score += w.wrong_class
    if gaz.point(e) is None:
        score -= 5.0
    return score


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km of two (lat, lon) points (haversine, R = 6371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class _Context:
    """The current choices of a document's names, aggregated so that the support of a
    candidate costs a few dictionary reads (plus the choices in nearby grid cells), not a
    pass over every other name: a document with thousands of names stays linear."""

    def __init__(self, gaz: Gazetteer, chosen: Sequence[tuple[int, float]], told: Counter[str]) -> None:
        self.gaz, self.told = gaz, told
        self.weight: Counter[int] = Counter()
        self.country: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.cells: dict[tuple[int, int], set[int]] = {}
        for entry, sure in chosen:
            self.add(entry, sure)

    def add(self, entry: int, sure: float) -> None:
        """Count one name's choice (``sure`` < 0 takes it back)."""
        gaz = self.gaz
        self.weight[entry] += sure
        self.country[gaz.country[entry]] += sure
        if gaz.admin1_code[entry]:
            self.admin1[gaz.admin1_code[entry]] += sure
        point = gaz.point(entry) if gaz.is_local(entry) else None
        if point is not None:
            cell = self.cells.setdefault((math.floor(point[0]), math.floor(point[1])), set())
            if self.weight[entry] > 1e-9:
                cell.add(entry)
            else:
                cell.discard(entry)

    def _near(self, point: tuple[float, float], skip: set[int]) -> float:
        lat0, lon0 = math.floor(point[0]), math.floor(point[1])
        span = min(180, math.ceil(2 / max(0.05, math.cos(math.radians(min(89.0, abs(point[0]) + 2))))))
        total = 0.0
        for lat in range(lat0 - 2, lat0 + 3):
            for dlon in range(-span, span + 1):
                lon = (lon0 + dlon + 180) % 360 - 180
                for entry in self.cells.get((lat, lon), ()):
                    if entry not in skip:
                        p = self.gaz.point(entry)
                        if p is not None and haversine_km(point, p) <= NEAR_KM:
                            total += self.weight[entry]
        return total

    def support(self, e: int, own: set[int], w: Weights) -> float:
        """Support for entry ``e`` of the names other than the one whose candidates are ``own``.

        A country is supported by the names in it; a region by those in its country and,
        twice, by those inside it; a town or ADM2 by those in its country, in its region,
        and within :data:`NEAR_KM`.
        """
        gaz = self.gaz
        code = gaz.feature_code(e)
        if code == "CONT":
            return 0.0
        country, admin = gaz.country[e], gaz.admin1_code[e]
        skip = {o for o in own if self.weight.get(o)}
        same_country = self.country.get(country, 0.0) - sum(self.weight[o] for o in skip if gaz.country[o] == country)
        score = w.hint * min(float(self.told.get(country, 0)), 3.0) + w.same_country * min(same_country, 3.0)
        if code in ("PCLI", "PCLD") or not admin:
            return score
        same_admin1 = self.admin1.get(admin, 0.0) - sum(self.weight[o] for o in skip if gaz.admin1_code[o] == admin)
        if code == "ADM1":
            near = same_admin1 - self.weight.get(e, 0.0) * (e not in skip)
        else:
            point = gaz.point(e)
            near = self._near(point, skip) if point is not None else 0.0
        return score + w.same_admin1 * min(same_admin1, 3.0) + w.near * min(near, 3.0)


def plausible(gaz: Gazetteer, option: Option, support: float, w: Weights = WEIGHTS) -> bool:
    """Whether a choice may stand. A town with no support from the document is kept only
    when it is big enough to be news by itself (``w.unsupported_min_population``, more for a
    shadowed, skeleton or fuzzy match): the names the gazetteer lacks (seas, regions,
    airports, counties) otherwise land on a village of the same name."""
    code = gaz.feature_code(option.entry)
    if option.physical or option.match == "shadowed" or (option.match == "contained" and code in ("ADM1", "ADM2")):
        # a sea or a building named like a town, a town reached only through another
        # language's name for something else ("the White House" -> Casablanca), or a region
        # a longer unknown name happens to contain ("Ain Issa" -> Ain, France): only with
        # the document's support
        return support > 0
    if support > 0 or code in ("PCLI", "PCLD", "CONT"):
        return True
    base = w.unsupported_region_min_population if code in ("ADM1", "ADM2") else w.unsupported_min_population
    floor = base * (1 if option.match in ("main", "variant", "alternate", "demonym") else w.unsupported_factor)
    return gaz.population[option.entry] >= floor


def _sureness(scores: Sequence[float], entries: Sequence[int]) -> float:
    """How sure a choice is: its lead over the best other entry, up to 1 (1 when alone)."""
    if not scores:
        return 0.0
    top = max(range(len(scores)), key=scores.__getitem__)
    rivals = [s for s, e in zip(scores, entries) if e != entries[top]]
    return 1.0 if not rivals else min(1.0, max(0.0, scores[top] - max(rivals)))


def disambiguate(gaz: Gazetteer, names: Sequence[Sequence[Option]], told: Counter[str], w: Weights = WEIGHTS) -> list[tuple[int, str] | None]:
    """Step 3: one (entry, decision) per name, chosen jointly; ``None`` without candidates."""
    priors = [[prior(gaz, o, w) for o in opts] for opts in names]
    best_prior = [max(range(len(p)), key=p.__getitem__) if p else -1 for p in priors]
    choice = list(best_prior)
    sure = [_sureness(p, [e.entry for e in opts]) for p, opts in zip(priors, names)]
    supports = [0.0] * len(names)

    context = _Context(gaz, [(names[j][choice[j]].entry, sure[j]) for j in range(len(names)) if choice[j] >= 0], told)
    for _ in range(ROUNDS):
        changed = False
        for i, opts in enumerate(names):
            if not opts:
                continue
            own = {o.entry for o in opts}  # a name never supports itself, nor do its other spellings
            scores = [priors[i][k] + context.support(o.entry, own, w) for k, o in enumerate(opts)]
            pick = max(range(len(opts)), key=scores.__getitem__)
            supports[i] = scores[pick] - priors[i][pick]
            context.add(opts[choice[i]].entry, -sure[i])
            sure[i] = _sureness(scores, [o.entry for o in opts])
            context.add(opts[pick].entry, sure[i])
            if pick != choice[i]:
                choice[i], changed = pick, True
        if not changed:
            break
    out: list[tuple[int, str] | None] = []
    for i, opts in enumerate(names):
        if choice[i] < 0 or not plausible(gaz, opts[choice[i]], supports[i], w):
            out.append(None)
            continue
        option = opts[choice[i]]
        if len({o.entry for o in opts}) == 1:
            decision = "only candidate"
        elif option.match == "demonym":
            decision = "demonym"
        elif choice[i] != best_prior[i]:
            decision = "context"
        elif not gaz.is_city(option.entry) and any(gaz.is_city(o.entry) for o in opts):
            decision = "feature class"
        else:
            decision = "population"
        if option.match not in ("main", "demonym"):
            decision += f" via {option.match}"
        out.append((option.entry, decision))
    return out


def resolve_spellings(spellings: Sequence[Sequence[str]], hints: Sequence[str] = (), *, gaz: Gazetteer | None = None, weights: Weights = WEIGHTS) -> list[Candidate | None]:
    """Like :func:`resolve_names`, each name given as spellings tried in order (text, canonical...)."""
    gaz = gaz or gazetteer()
    by_key: dict[str, int] = {}
    distinct: list[list[Option]] = []
    slot: list[int] = []
    for forms in spellings:
        key = "\x00".join(name_key(clean(f)) for f in forms)
        if key not in by_key:
            by_key[key] = len(distinct)
            found: list[Option] = []
            for form in forms:
                found = options(gaz, form)
                if found:
                    break
            distinct.append(found)
        slot.append(by_key[key])
    picks = disambiguate(gaz, distinct, hint_countries(gaz, hints), weights)
    out: list[Candidate | None] = []
    for s in slot:
        pick = picks[s]
        out.append(gaz.candidate(pick[0], pick[1]) if pick else None)
    return out


def resolve_names(names: Sequence[str], hints: Sequence[str] = ()) -> list[Candidate | None]:
    """Resolve a document's place names jointly; one candidate (or ``None``) per name, in order.

    ``hints`` are other context words of the document: demonyms and adjectives
    ("Iraqi", "Kurdish") and country names, which count as support for their country.
    """
    return resolve_spellings([(n,) for n in names], hints)


def demonym_country(word: str) -> str | None:
    """The one country a demonym or national adjective names ("Turkish" -> ``TR``,
    "Americans" -> ``US``); ``None`` for one shared by several ("Kurdish") or unknown."""
    gaz = gazetteer()
    key = name_key(clean(word))
    spec = gaz.demonyms.get(key) or (gaz.demonyms.get(key[:-1]) if key.endswith("s") else None)
    if spec is None or len(spec[0]) != 1:
        return None
    return spec[0][0]
