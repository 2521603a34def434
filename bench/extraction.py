"""Article extraction from HTML: tasks ``article-extraction`` and ``trafilatura-eval``.

``article-extraction``: the Zyte/scrapinghub article-extraction-benchmark (181 news
pages, gold ``articleBody``). Scored exactly as the benchmark's ``evaluate.py`` does
(re-implemented here, not copied):

- tokens are ``\\w+`` runs (Python ``re``, Unicode); an item's units are its 4-token
  shingles (one shingle of all tokens when there are fewer than 4), counted as a
  multiset; tp/fp/fn are the multiset overlap and differences, then divided by
  ``tp + fp + fn`` so that every item weighs the same;
- per item, precision = tp / (tp + fp) and recall = tp / (tp + fn), with 1 when both
  fp and fn are 0 and 0 when tp and the other count are 0; precision is averaged over
  the items with tp + fp > 0, recall over those with tp + fn > 0; F1 is the harmonic
  mean of the two averages (not an average of per-item F1);
- accuracy is the share of items whose token list equals the gold's exactly;
- ``f1_std`` is the standard deviation of F1 over 1000 bootstrap resamples of the
  items (seeded; the benchmark's ``±``).

``trafilatura-eval``: the English-declared subset of trafilatura's evaluation set;
per page, each ``with`` string found in the output (white space normalised, substring)
is a true positive, else a false negative; each ``without`` string found is a false
positive, else a true negative. Counts are summed over pages, as trafilatura's
``tests/eval_common.py`` does.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import datasets_dir, write_result

QUICK_PAGES = 40
"""``quick=True`` scores the first 40 pages of each set, sorted by file name."""

BOOTSTRAP = 1000

# --------------------------------------------------------------------------- scoring:
# article-extraction-benchmark

_TOKEN = re.compile(r"\w+")


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokens: runs of word characters (case kept)."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles; a text of fewer than ``n`` tokens is one shingle
    of all of them, and an empty text has none."""
    tokens = tokenize(text)
    found: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            found[shingle] += 1
    return found


def shingle_counts(true: str | None, pred: str | None, n: int = 4) -> tuple[float, float, float]:
    """One item's (tp, fp, fn) over shingles, normalised to sum to 1 (all 0 if empty)."""
    gold, guess = shingles(true, n), shingles(pred, n)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    if total:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def item_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def item_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def macro_prf(counts: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(precision, recall, f1) averaged over items as the benchmark does (unrounded)."""
    precisions = [item_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [item_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def exact_match(true: str | None, pred: str | None) -> bool:
    """The benchmark's "accuracy" per item: same token list."""
    return tokenize(true) == tokenize(pred)


def score_articles(
    gold: dict[str, str],
    predicted: dict[str, str],
    *,
    bootstrap: int = BOOTSTRAP,
    english: set[str] | None = None,
) -> dict[str, float]:
    """precision, recall, f1, accuracy and f1_std of ``predicted`` bodies against ``gold``
    (same keys; a missing prediction counts as empty), plus ``f1_en``, the F1 on the
    pages whose keys are in ``english``, when that set is given."""
    keys = list(gold)
    counts = [shingle_counts(gold[k], predicted.get(k, "")) for k in keys]
    p, r, f = macro_prf(counts)
    accuracy = statistics.fmean(exact_match(gold[k], predicted.get(k, "")) for k in keys) if keys else 0.0
    rng = random.Random(0)
    f1s = []
    for _ in range(bootstrap if len(keys) > 1 else 0):
        f1s.append(macro_prf([counts[rng.randrange(len(counts))] for _ in counts])[2])
    scores = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "accuracy": round(accuracy, 4),
        "f1_std": round(statistics.stdev(f1s), 4) if len(f1s) > 1 else 0.0,
    }
    if english is not None:
        scores["f1_en"] = round(macro_prf([c for k, c in zip(keys, counts, strict=True) if k in english])[2], 4)
    return scores


def english_keys(gold: dict[str, str]) -> set[str]:
    """Keys whose gold text py3langid (Lui & Baldwin 2012) identifies as English."""
    import py3langid

    return {k for k, text in gold.items() if text.strip() and py3langid.classify(text[:20_000])[0] == "en"}


# --------------------------------------------------------------------------- scoring:
# trafilatura evaluation set


def norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class SegmentCounts:
    """Summed over pages: ``with`` strings kept (tp) / lost (fn), ``without`` strings
    kept (fp) / dropped (tn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SegmentCounts) -> SegmentCounts:
        return SegmentCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    def scores(self) -> dict[str, float]:
        """with_kept (= trafilatura's recall), without_dropped, precision, accuracy, f1."""
        def ratio(a: float, b: float) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "with_kept": ratio(self.tp, self.tp + self.fn),
            "without_dropped": ratio(self.tn, self.tn + self.fp),
            "precision": ratio(self.tp, self.tp + self.fp),
            "accuracy": ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn),
            "f1": ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn),
        }


def segment_counts(with_: Iterable[str], without: Iterable[str], output: str | None) -> SegmentCounts:
    """One page's counts: substring tests on white-space-normalised text (``None`` output,
    a crash, keeps nothing)."""
    with_, without = list(with_), list(without)
    text = norm_space(output) if isinstance(output, str) else None
    tp = sum(1 for s in with_ if text is not None and norm_space(s) in text)
    fp = sum(1 for s in without if text is not None and norm_space(s) in text)
    return SegmentCounts(tp=tp, fp=fp, fn=len(with_) - tp, tn=len(without) - fp)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    path: Path
    html: bytes
    gold: str = ""
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


def aeb_dir() -> Path:
    return datasets_dir() / "article-extraction-benchmark"


def tev_dir() -> Path:
    return datasets_dir() / "trafilatura-eval-en"


def load_aeb(quick: bool) -> list[Page]:
    """Pages of the article-extraction-benchmark, sorted by file name."""
    folder = aeb_dir()
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    paths = sorted((folder / "html").glob("*.html.gz"))
    if quick:
        paths = paths[:QUICK_PAGES]
    pages = []
    for path in paths:
        key = path.name.split(".")[0]
        pages.append(Page(key, path, gzip.decompress(path.read_bytes()), gold=gold[key].get("articleBody", "")))
    return pages


def load_tev(quick: bool) -> list[Page]:
    """Pages of trafilatura-eval-en, sorted by file name."""
    folder = tev_dir()
    data = json.loads((folder / "evaldata-en.json").read_text(encoding="utf-8"))
    items = sorted(data.items(), key=lambda kv: kv[1]["file"])
    if quick:
        items = items[:QUICK_PAGES]
    pages = []
    for url, item in items:
        path = folder / "html" / (item["file"] + ".gz")
        pages.append(Page(url, path, gzip.decompress(path.read_bytes()), with_=tuple(item["with"]), without=tuple(item["without"])))
    return pages


def stored_outputs() -> dict[str, dict[str, str]]:
    """``{tool: {id: articleBody}}`` from ``peer-outputs/`` (plain or ``{"output": ...}``)."""
    found = {}
    for path in sorted((aeb_dir() / "peer-outputs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("output"), dict):
            data = data["output"]
        found[path.stem] = {k: (v or {}).get("articleBody") or "" for k, v in data.items()}
    return found


# --------------------------------------------------------------------------- systems


class Errors:
    """Exceptions other than CleanError, per system (reported in notes)."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.first: dict[str, str] = {}

    def note(self, system: str, page: Page, exc: BaseException) -> None:
        self.count[system] += 1
        self.first.setdefault(system, f"{page.path.name}: {type(exc).__name__}: {exc}"[:200])


def sitroom_html(page: Page) -> str:
    """sitroom's HTML cleaner: ``Document.text``; ``""`` when it raises CleanError."""
    from sitroom.clean import clean
    from sitroom.clean.errors import CleanError
    from sitroom.model import Origin, RawDocument

    try:
        return clean(RawDocument(page.html, "html", Origin(path=str(page.path)))).text
    except CleanError:
        return ""


def trafilatura_default(data: bytes | str) -> str:
    """``trafilatura.extract`` with its default settings."""
    import trafilatura

    return trafilatura.extract(data) or ""


def readability_text(data: bytes | str) -> str:
    """readability-lxml: ``Document(html).summary(html_partial=True)``, then its visible
    text one block a line (``bench._html_to_text``)."""
    from readability import Document

    from bench._html_to_text import decode_html, html_to_text

    page = decode_html(data) if isinstance(data, bytes) else data
    return html_to_text(Document(page).summary(html_partial=True), sep="\n")


def justext_text(data: bytes | str) -> str:
    """jusText with its default parameters and the English stoplist: the paragraphs not
    classified as boilerplate, one a line."""
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


PEERS: dict[str, Callable[[bytes | str], str]] = {
    "trafilatura": trafilatura_default,
    "readability-lxml": readability_text,
    "justext": justext_text,
}


def peer_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name, dist in (("trafilatura", "trafilatura"), ("readability-lxml", "readability-lxml"), ("justext", "jusText")):
        try:
            found[name] = version(dist)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def run_systems(
    pages: Sequence[Page],
    systems: dict[str, Callable[[Page], str]],
    errors: Errors,
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """``{system: {page key: output}}`` and seconds spent per system."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in systems}
    seconds: dict[str, float] = dict.fromkeys(systems, 0.0)
    for page in pages:
        for name, system in systems.items():
            started = time.perf_counter()
            try:
                outputs[name][page.key] = system(page)
            except Exception as exc:  # a crash is an empty output, counted in notes
                errors.note(name, page, exc)
                outputs[name][page.key] = ""
            seconds[name] += time.perf_counter() - started
    return outputs, seconds


def _html_systems() -> dict[str, Callable[[Page], str]]:
    systems: dict[str, Callable[[Page], str]] = {"sitroom": sitroom_html}
    for name, peer in PEERS.items():
        systems[name] = lambda page, peer=peer: peer(page.html)
    return systems


def _error_note(errors: Errors) -> str:
    if not errors.count:
        return "No system raised an exception (sitroom's CleanError counts as an empty output)."
    parts = [f"{name}: {n} (first: `{errors.first[name]}`)" for name, n in sorted(errors.count.items())]
    return "Exceptions, scored as empty output: " + "; ".join(parts) + "."


# --------------------------------------------------------------------------- tasks

PUBLISHED_AEB = {  # README.rst of the benchmark at commit 4a3bc97: F1, precision, recall, accuracy
    "trafilatura": (0.958, 0.938, 0.978, 0.293),
    "readability": (0.922, 0.913, 0.931, 0.315),
    "newspaper": (0.949, 0.964, 0.934, 0.326),
    "news_please": (0.948, 0.964, 0.933, 0.326),
    "goose3": (0.896, 0.940, 0.856, 0.232),
    "justext": (0.804, 0.858, 0.756, 0.088),
    "boilerpipe": (0.860, 0.850, 0.870, 0.006),
    "readability_js": (0.947, 0.914, 0.982, 0.166),
    "html-text": (0.665, 0.500, 0.994, 0.000),
}


def reproduction_check(peers: dict[str, dict[str, float]]) -> tuple[bool, list[str]]:
    """Compare the stored outputs' scores with the published ones (3 decimals)."""
    lines, ok = [], True
    for tool, (f, p, r, a) in PUBLISHED_AEB.items():
        row = peers.get(f"{tool} (stored output)")
        if row is None:
            continue
        ours = (row["f1"], row["precision"], row["recall"], row["accuracy"])
        diff = max(abs(x - y) for x, y in zip(ours, (f, p, r, a), strict=True))
        ok = ok and diff <= 0.0015
        lines.append(f"{tool} {diff:.4f}")
    return ok, lines


def article_extraction(quick: bool, aeb: list[Page], outputs: dict[str, dict[str, str]], seconds: dict[str, float], errors: Errors) -> dict:
    gold = {p.key: p.gold for p in aeb}
    english = english_keys(gold)
    metrics = score_articles(gold, outputs["sitroom"], english=english)
    metrics["pages_per_second"] = round(len(aeb) / seconds["sitroom"], 1) if seconds["sitroom"] else 0.0
    versions = peer_versions()
    peers = {}
    for name in PEERS:
        row = score_articles(gold, outputs[name], english=english)
        row["pages_per_second"] = round(len(aeb) / seconds[name], 1) if seconds[name] else 0.0
        peers[f"{name} {versions[name]}"] = row
    for tool, bodies in stored_outputs().items():
        peers[f"{tool} (stored output)"] = score_articles(gold, {k: bodies.get(k, "") for k in gold}, english=english)
    ok, diffs = reproduction_check(peers)
    empty = sum(1 for p in aeb if not outputs["sitroom"][p.key].strip())
    subset = f"first {len(aeb)} of 181 pages by file name (quick)" if quick else "all 181 pages"
    repro = (
        "The stored outputs reproduce the published figures (README.rst) to within rounding "
        f"(largest absolute difference over F1/P/R/accuracy: {', '.join(diffs)})."
        if ok and not quick
        else "Reproduction of the published figures is only checked on the full run."
        if quick
        else f"The stored outputs do NOT all reproduce the published figures (largest differences: {', '.join(diffs)})."
    )
    notes = f"""\
Data: {subset}. Metric re-implemented from the benchmark's `evaluate.py`: tokens are `\\w+` runs; per page tp/fp/fn
are the multiset overlap of 4-token shingles, normalised to sum 1; precision and recall are averaged over pages (pages
with no predicted or no gold shingle skipped for that average), F1 is the harmonic mean of the two averages; accuracy
is the share of pages whose token list equals the gold's; `f1_std` is the bootstrap standard deviation (1000
resamples, seed 0); `f1_en` is the same F1 on the {len(english)} pages whose gold text py3langid identifies as
English (the others are in Russian, Korean, Portuguese, Indonesian...). {repro}
sitroom returned no text (CleanError) on {empty} of {len(aeb)} pages.
sitroom: `clean(RawDocument(html, "html", ...)).text` (trafilatura with favor_precision, no tables, title line
dropped; CleanError = empty output). Peers run here: `trafilatura.extract(html)` (defaults), readability-lxml
`Document(html).summary(html_partial=True)` then its text, jusText `justext(html, get_stoplist("English"))` with
default parameters (the published justext row used tuned ones: 50, 200, 0.1, 0.2, 0.2, 200, True). "stored output"
rows are the predictions in `peer-outputs/` (trafilatura 2.0.0, readability-lxml 0.8.4.1, ...) scored by this code;
the published AutoExtract 0.970 / Diffbot 0.951 have no stored output here. `pages_per_second` is one process on
this machine, peers measured in the same loop (the machine is shared: timings are indicative). {_error_note(errors)}"""
    return write_result(
        "article-extraction",
        dataset=f"scrapinghub/article-extraction-benchmark @4a3bc97 ({subset})",
        command="python -m bench" + (" --quick" if quick else "") + " extraction",
        metrics=metrics,
        peers=peers,
        quick=quick,
        notes=notes,
    )


def trafilatura_eval(quick: bool, tev: list[Page], outputs: dict[str, dict[str, str]], errors: Errors) -> dict:
    def counts(name: str) -> SegmentCounts:
        total = SegmentCounts()
        for page in tev:
            total = total + segment_counts(page.with_, page.without, outputs[name][page.key])
        return total

    sitroom = counts("sitroom")
    versions = peer_versions()
    peers = {f"{name} {versions[name]}": counts(name).scores() for name in PEERS}
    empty = sum(1 for p in tev if not outputs["sitroom"][p.key].strip())
    n_with = sum(len(p.with_) for p in tev)
    n_without = sum(len(p.without) for p in tev)
    subset = f"first {len(tev)} of 151 pages by file name (quick)" if quick else "all 151 pages"
    notes = f"""\
Data: {subset} ({n_with} must-keep `with` and {n_without} must-drop `without` strings). As in trafilatura's
`tests/eval_common.py`: a `with` string found in the output (white space normalised, substring) is a true positive,
else a false negative; a `without` string found is a false positive, else a true negative; counts summed over pages.
`with_kept` = recall = tp/(tp+fn); `without_dropped` = tn/(tn+fp); precision = tp/(tp+fp); accuracy = (tp+tn)/all;
F1 = 2tp/(2tp+fp+fn). Systems as in `article-extraction` (trafilatura defaults, so comments are included, whereas
trafilatura's own benchmark turns them off). Published figures (trafilatura docs/evaluation.rst, 2022, full 750-page
mostly German set, NOT this subset): trafilatura 1.2.2 F1 0.909 (P 0.914, R 0.904), readability-lxml 0.8.1 F1 0.801,
justext 3.0.0 (custom settings) F1 0.742. Several pages are not English despite `lang="en"`; jusText uses the English
stoplist on all. sitroom returned no text (CleanError) on {empty} of {len(tev)} pages. {_error_note(errors)}"""
    return write_result(
        "trafilatura-eval",
        dataset=f"adbar/trafilatura evaldata, English-declared subset @e90b0ef ({subset})",
        command="python -m bench" + (" --quick" if quick else "") + " extraction",
        metrics=sitroom.scores(),
        peers=peers,
        quick=quick,
        notes=notes,
    )


def run(*, quick: bool) -> list[dict]:
    """Score sitroom and the peers on both HTML sets; writes two results."""
    aeb, tev = load_aeb(quick), load_tev(quick)
    errors = Errors()
    systems = _html_systems()
    aeb_out, aeb_seconds = run_systems(aeb, systems, errors)
    first = article_extraction(quick, aeb, aeb_out, aeb_seconds, errors)
    errors_tev = Errors()
    tev_out, _ = run_systems(tev, systems, errors_tev)
    second = trafilatura_eval(quick, tev, tev_out, errors_tev)
    return [first, second]
