"""Tasks ``devset-quotes`` and ``devset-figures``: sitroom against the hand-annotated
Wikinews development set in ``bench/devset/annotations-*.jsonl``.

Each record carries its own text (Wikinews, CC BY 2.5), so no dataset folder is read.
The documents are built straight from that text (no cleaning), parsed with sitroom's
shared pipeline and analysed with ``sitroom.pipeline.analyse``. Peers, in the same run:
textacy's ``direct_quotations`` (direct quotes only) and spaCy's numeric entities
(CARDINAL, MONEY, QUANTITY, PERCENT) taken as figures. The set is small, so ``quick``
scores the whole set too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, Counts, write_result

DEVSET = ROOT / "bench" / "devset"
NUMERIC_LABELS = ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")
QUOTE_MARKS = "\"'“”‘’«»„‟‹› \t\n"


@dataclass(frozen=True, slots=True)
class Item:
    """A span with the attributes one side (gold or system) gives it."""

    start: int
    end: int
    attrs: dict[str, Any]


# ---------------------------------------------------------------- matching


def overlap(a: Item, b: Item) -> int:
    """Characters the two spans share (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_overlap(gold: Sequence[Item], pred: Sequence[Item]) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping spans, greedy by largest overlap.

    Ties are broken by gold order, then prediction order. Returns ``(gold_index,
    pred_index)`` pairs.
    """
    pairs = [(overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)]
    pairs = sorted((t for t in pairs if t[0] > 0), key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return sorted(out)


def exact_counts(gold: Sequence[Item], pred: Sequence[Item]) -> Counts:
    """TP = spans present on both sides with identical offsets (each counted once)."""
    g = {(x.start, x.end) for x in gold}
    p = {(x.start, x.end) for x in pred}
    tp = len(g & p)
    return Counts(tp, len(p) - tp, len(g) - tp)


def overlap_counts(gold: Sequence[Item], pred: Sequence[Item]) -> tuple[Counts, list[tuple[int, int]]]:
    pairs = match_overlap(gold, pred)
    return Counts(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)), pairs


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding quotation marks and white space."""
    while start < end and text[start] in QUOTE_MARKS:
        start += 1
    while end > start and text[end - 1] in QUOTE_MARKS:
        end -= 1
    return start, end


def _norm(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split()).lower()


def same_name(gold: Any, pred: Any) -> bool:
    """Case-insensitive equality; ``None`` equals ``None``."""
    return _norm(gold) == _norm(pred)


_ARTICLES = ("the ", "a ", "an ")


def same_speaker(gold: Any, pred: Any) -> bool:
    """:func:`same_name` after dropping a leading article on both sides: "An Israeli
    official" = "Israeli official", "the Ministry of Defence" = "Ministry of Defence"."""

    def strip(value: Any) -> str | None:
        norm = _norm(value)
        if norm is not None:
            for article in _ARTICLES:
                if norm.startswith(article):
                    return norm[len(article) :]
        return norm

    return strip(gold) == strip(pred)


def surname_match(gold: str | None, pred: str | None) -> bool:
    """The gold speaker's last word occurs among the predicted speaker's words.

    ``None`` (or empty) on both sides counts as a match.
    """
    if not gold or not pred:
        return not gold and not pred
    words = {w.strip(".,'’\"").lower() for w in pred.replace("'s", "").split()}
    return gold.split()[-1].strip(".,").lower() in words


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


def accuracy(right: int, total: int) -> float:
    return round(right / total, 4) if total else 0.0


# ---------------------------------------------------------------- scoring


@dataclass
class Tally:
    """Counts summed over documents for one system."""

    exact: Counts = Counts()
    over: Counts = Counts()
    attr_right: dict[str, int] | None = None
    attr_total: dict[str, int] | None = None

    def __post_init__(self) -> None:
        self.attr_right = self.attr_right or {}
        self.attr_total = self.attr_total or {}

    def attr(self, name: str, right: bool) -> None:
        assert self.attr_right is not None and self.attr_total is not None
        self.attr_total[name] = self.attr_total.get(name, 0) + 1
        self.attr_right[name] = self.attr_right.get(name, 0) + int(right)

    def acc(self, name: str) -> float:
        assert self.attr_right is not None and self.attr_total is not None
        return accuracy(self.attr_right.get(name, 0), self.attr_total.get(name, 0))


def score_quotes(tally: Tally, gold: Sequence[Item], pred: Sequence[Item]) -> None:
    """All quotes: exact and overlap counts; speaker, role, direct over matched pairs."""
    tally.exact += exact_counts(gold, pred)
    counts, pairs = overlap_counts(gold, pred)
    tally.over += counts
    for gi, pi in pairs:
        g, p = gold[gi].attrs, pred[pi].attrs
        tally.attr("speaker", same_speaker(g.get("speaker"), p.get("speaker")))
        if g.get("speaker_role") is not None:
            tally.attr("role", same_name(g["speaker_role"], p.get("speaker_role")))
        tally.attr("direct", bool(g.get("direct")) == bool(p.get("direct")))


def score_direct(tally: Tally, gold: Sequence[Item], pred: Sequence[Item]) -> None:
    """Direct quotes only (the caller filters); speaker compared by surname."""
    tally.exact += exact_counts(gold, pred)
    counts, pairs = overlap_counts(gold, pred)
    tally.over += counts
    for gi, pi in pairs:
        tally.attr("speaker", surname_match(gold[gi].attrs.get("speaker"), pred[pi].attrs.get("speaker")))


LEGACY_KINDS = {"peacekeepers": "troops", "attacks": "other", "rescued": "other", "affected": "other"}
"""The set was annotated before these kinds existed (2026-12-06): a prediction of one of
them is scored as the kind its figures had then."""


def score_figures(tally: Tally, gold: Sequence[Item], pred: Sequence[Item], *, attributes: bool = True) -> None:
    counts, pairs = overlap_counts(gold, pred)
    tally.over += counts
    tally.exact += exact_counts(gold, pred)
    if not attributes:
        return
    for gi, pi in pairs:
        g, p = gold[gi].attrs, pred[pi].attrs
        tally.attr("kind", _norm(g.get("kind")) == _norm(LEGACY_KINDS.get(p.get("kind"), p.get("kind"))))
        tally.attr("value", same_number(g.get("value"), p.get("value")))
        tally.attr("interval", all(same_number(g.get(k), p.get(k)) for k in ("low", "high")))
        tally.attr("qualifier", same_name(g.get("qualifier"), p.get("qualifier")))
        tally.attr("reporter", same_name(g.get("reported_by"), p.get("reported_by")))


# ---------------------------------------------------------------- data


def load_annotations(folder: Path = DEVSET, pattern: str = "annotations-*.jsonl") -> list[dict[str, Any]]:
    """Every record of the files matching ``pattern`` (the development split by default;
    ``heldout-*.jsonl`` is the held-out split, ``seeds.jsonl`` the seed articles), offsets
    checked against the text."""
    records = []
    for path in sorted(folder.glob(pattern)):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            for field in ("quotes", "figures"):
                for ann in rec.get(field, []):
                    if text[ann["start"] : ann["end"]] != ann["text"]:
                        raise ValueError(f"{path.name}:{n}: {field} span {ann['start']}..{ann['end']} != {ann['text']!r}")
            rec["_file"] = path.name
            records.append(rec)
    return records


def gold_items(rec: dict[str, Any], field: str) -> list[Item]:
    """The record's gold spans; quotes trimmed of surrounding marks like the system's."""
    if field == "quotes":
        return [Item(*trim(rec["text"], a["start"], a["end"]), a) for a in rec.get(field, [])]
    return [Item(a["start"], a["end"], a) for a in rec.get(field, [])]


def _document(rec: dict[str, Any]):
    from sitroom.model import DateValue, Document, Origin

    text = rec["text"]
    date = rec.get("date")
    return Document(
        id=rec["id"],
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        origin=Origin(path=f"bench/devset/{rec.get('_file', 'annotations')}", url=rec.get("url")),
        published=DateValue(date, "day", "metadata") if date else None,
        title=rec.get("title"),
        url=rec.get("url"),
    )


def textacy_quotes(sdoc, text: str) -> tuple[list[Item], str | None]:
    """textacy's direct quotations as items (content trimmed of its quote marks)."""
    from textacy.extract.triples import direct_quotations

    items = []
    try:
        for triple in direct_quotations(sdoc):
            start, end = trim(text, triple.content.start_char, triple.content.end_char)
            speaker = " ".join(t.text for t in triple.speaker) or None
            items.append(Item(start, end, {"speaker": speaker, "direct": True}))
    except ValueError as exc:  # textacy refuses documents with an odd number of quote marks
        return [], str(exc)
    return items, None


def evaluate(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Run sitroom and the peers on the records; return the tallies and counts."""
    from sitroom.config import Config
    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import analyse

    nlp, actors = shared_pipeline(Config())
    t = {name: Tally() for name in ("quotes", "direct", "textacy", "figures", "spacy")}
    n_docs = n_gold_q = n_gold_dq = n_gold_f = 0
    n_direct = n_checked = 0
    textacy_errors: list[str] = []
    for rec in records:
        text = rec["text"]
        document = _document(rec)
        sdoc = nlp(text)
        analysis = analyse(document, sdoc, actors)
        n_docs += 1

        gq = gold_items(rec, "quotes")
        gdq = [g for g in gq if g.attrs.get("direct")]
        n_gold_q += len(gq)
        n_gold_dq += len(gdq)
        sq = []
        for q in analysis.quotes:
            start, end = trim(text, q.span.start, q.span.end)
            sq.append(
                Item(start, end, {"speaker": q.speaker, "speaker_role": q.speaker_role, "direct": q.direct})
            )
        score_quotes(t["quotes"], gq, sq)
        for q in analysis.quotes:
            if q.direct:
                n_direct += 1
                # verbatim flag set, and the quoted text really is the document's text there
                n_checked += q.verbatim is not None and text[q.span.start : q.span.end] == q.text
        score_direct(t["direct"], gdq, [s for s in sq if s.attrs["direct"]])
        tq, err = textacy_quotes(sdoc, text)
        if err:
            textacy_errors.append(rec["id"])
        score_direct(t["textacy"], gdq, tq)

        gf = gold_items(rec, "figures")
        n_gold_f += len(gf)
        sf = [
            Item(
                f.span.start,
                f.span.end,
                {"kind": f.kind, "value": f.value, "low": f.low, "high": f.high, "qualifier": f.qualifier, "reported_by": f.reported_by},
            )
            for f in analysis.figures
        ]
        score_figures(t["figures"], gf, sf)
        ents = [Item(e.start_char, e.end_char, {}) for e in sdoc.ents if e.label_ in NUMERIC_LABELS]
        score_figures(t["spacy"], gf, ents, attributes=False)
    return {
        "tallies": t,
        "docs": n_docs,
        "gold_quotes": n_gold_q,
        "gold_direct": n_gold_dq,
        "gold_figures": n_gold_f,
        "textacy_errors": textacy_errors,
        "direct_verbatim_checked": accuracy(n_checked, n_direct),
    }


def quote_metrics(res: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    t = res["tallies"]
    q, d, x = t["quotes"], t["direct"], t["textacy"]
    metrics = {
        **q.exact.prf("exact_"),
        **q.over.prf("overlap_"),
        "speaker_accuracy": q.acc("speaker"),
        "role_accuracy": q.acc("role"),
        "direct_accuracy": q.acc("direct"),
        "direct_exact_f1": d.exact.prf()["f1"],
        "direct_overlap_f1": d.over.prf()["f1"],
        "direct_speaker_accuracy": d.acc("speaker"),
        "direct_verbatim_checked": res["direct_verbatim_checked"],
    }
    peer = {
        "direct_exact_f1": x.exact.prf()["f1"],
        "direct_overlap_f1": x.over.prf()["f1"],
        "direct_speaker_accuracy": x.acc("speaker"),
    }
    return metrics, {"textacy 0.13 direct_quotations (direct quotes only)": peer}


def figure_metrics(res: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    t = res["tallies"]
    f, s = t["figures"], t["spacy"]
    metrics = {
        **f.over.prf(),
        "exact_f1": f.exact.prf()["f1"],
        "kind_accuracy": f.acc("kind"),
        "value_accuracy": f.acc("value"),
        "interval_accuracy": f.acc("interval"),
        "qualifier_accuracy": f.acc("qualifier"),
        "reporter_accuracy": f.acc("reporter"),
    }
    peer = {**s.over.prf(), "exact_f1": s.exact.prf()["f1"]}
    return metrics, {"spaCy entities CARDINAL/MONEY/QUANTITY/PERCENT": peer}


def _split(pattern: str) -> dict[str, Any] | None:
    """The evaluation of the records matching ``pattern``, or None when there are none."""
    records = load_annotations(pattern=pattern)
    return evaluate(records) if records else None


def _rows(metric, res: dict[str, Any], others: list[tuple[str, str, dict[str, Any]]]):
    """sitroom's development-split metrics, and the table's other rows: the peers on the
    development split, then for each other split sitroom's row (``label``) and the peers'
    rows marked with ``suffix``."""
    main, peers = metric(res)
    rows = {f"{name} (dev)": row for name, row in peers.items()}
    for suffix, label, other in others:
        mine, theirs = metric(other)
        rows[label] = mine
        rows.update({f"{name} ({suffix})": row for name, row in theirs.items()})
    return main, rows


def run(*, quick: bool) -> list[dict]:
    records = load_annotations()
    if not records:
        from bench.common import DataMissing

        raise DataMissing(f"no annotations-*.jsonl in {DEVSET}")
    res = evaluate(records)
    held = _split("heldout-*.jsonl")
    seed = _split("seeds.jsonl")
    held_rows = [("held-out", "sitroom, held-out split (never tuned on)", held)] if held is not None else []
    seed_rows = [("seeds", "sitroom, seed articles (raw scraped text)", seed)] if seed is not None else []
    files = sorted({r["_file"] for r in records})
    dataset = (
        f"sitroom Wikinews dev set ({res['docs']} articles, {', '.join(files)}; "
        f"{res['gold_quotes']} quotes of which {res['gold_direct']} direct, {res['gold_figures']} figures)"
    )
    if held is not None:
        dataset += (
            f"; held-out split ({held['docs']} articles, heldout-a.jsonl; {held['gold_quotes']} quotes, "
            f"{held['gold_figures']} figures)"
        )
    if seed is not None:
        dataset += f"; seed articles ({seed['docs']}, seeds.jsonl; {seed['gold_quotes']} quotes)"
    command = "python -m bench --quick devset" if quick else "python -m bench devset"
    qm, qpeers = _rows(quote_metrics, res, held_rows + seed_rows)
    terr = res["textacy_errors"] + (held["textacy_errors"] if held else []) + (seed["textacy_errors"] if seed else [])
    qnotes = (
        "Hand-annotated English Wikinews articles (CC BY 2.5; see bench/devset/README.md and GUIDELINES.md). "
        "The first row is the development split, on which the rules were examined; the held-out split was "
        "annotated later by the same guidelines and its errors are not looked at when changing rules; the seed "
        "articles are the two scraped Mosul pages of tests/fixtures, scored on their raw text (boilerplate "
        "included, no cleaning). Documents are built from the annotated text without cleaning. Spans of both "
        "sides are trimmed of surrounding quotation marks and spaces. `exact_*`: identical offsets; `overlap_*`: "
        "one-to-one matching of spans sharing any character, greedy by largest overlap. Over overlap-matched "
        "quotes: `speaker_accuracy` (the speaker's name as first given, or the unnamed source's description as "
        "written; case-insensitive, a leading article ignored, null = null counts right), `role_accuracy` "
        "(only where the gold role is not null, as-written equality), `direct_accuracy`. "
        "`direct_*`: gold direct quotes against the system's direct quotes only, speaker right when the gold "
        "speaker's surname is among the predicted speaker's words (like-for-like with the textacy peer, whose "
        "speaker is a token list and which only yields quotes it can attribute). `direct_verbatim_checked`: "
        "share of sitroom's direct quotes that carry a verbatim flag and whose text is the document's text at "
        "their span. "
        + (f"textacy raised on {len(terr)} article(s) with unbalanced quote marks ({', '.join(terr)}): no quotes counted there. " if terr else "")
        + "No published reference figure exists for these sets (they are ours); small sets: one quote moves a score by "
        "several points. BBC Citron's published scores (exact F1 56.7, overlap F1 83.2) are on PARC 3.0, an LDC-licensed "
        "corpus of Wall Street Journal text that is not available here, and its model is not packaged: no row for it. "
        "History: the quote rules of 2026-12-07 read on PolNeAR's train split (a partial quotation worked into its "
        "sentence is reported speech, as PolNeAR draws the line; this set's guidelines call long ones direct) and the "
        "given-name tie-break for he/she moved the development split's direct accuracy 0.987 -> 0.937, direct exact F1 "
        "0.906 -> 0.876, direct speaker 0.925 -> 0.937, speaker 0.883 -> 0.887, and the held-out split's direct "
        "accuracy 0.949 -> 0.918, direct speaker 0.800 -> 0.724 (0.759 without the given names), speaker 0.784 -> 0.763."
        " The attribution rules of the second 2026-12-07 session (expressive verbs, names after a closing mark, inverted "
        "cues without subject, roundup items; read on PolNeAR train) left the development split unchanged and moved the "
        "held-out split's exact F1 0.778 -> 0.772 (one quote's span of 108) and overlap F1 0.898 -> 0.902 (one spurious "
        "quote fewer), speaker accuracy unchanged. The quote rules of the fourth 2026-12-07 session (marks glued to "
        "their cue, introducing clauses, 'said Skelly' read as an adverb, running quotations after a direct one; read "
        "on PolNeAR train) left the development split unchanged and moved the held-out split's speaker accuracy 0.763 "
        "-> 0.773, direct speaker 0.724 -> 0.759, role 0.333 -> 0.350 (its errors were not opened); textacy's held-out "
        "row moved with the tokenizer (direct exact F1 0.508 -> 0.522). Military, police and plural titles kept whole "
        "by the tokenizer ('Navy Capt. Jeff Davis'; fifth 2026-12-07 session, read on PolNeAR train) moved role accuracy "
        "0.862 -> 0.877 (development) and 0.350 -> 0.400 (held-out), the rest unchanged. Texts that speak as "
        "sources, 'it stated' resolved to the text or institution before it and a person's colon before a whole quoted "
        "sentence (2026-12-08, read on PolNeAR train) added three reported clauses to the development split, two of "
        "them gold quotes with another speaker ('the office of ... Ciampi', 'The draft') and one no quote ('It "
        "estimated ...': the document): overlap precision 0.917 -> 0.910, recall 0.895 -> 0.899, speaker 0.887 -> "
        "0.883, role 0.877 -> 0.871; held-out overlap F1 0.902 -> 0.907, exact F1 0.772 -> 0.778, speaker 0.773 -> "
        "0.765 (its errors were not opened). A first version that also let a poll 'find' lost the development split "
        "four more (poll results read as quotes) and was narrowed to reports and inquiries. A name left apart from "
        "its verb by the parse and an office before a name with a party tag (PolNeAR train) moved the development "
        "split's overlap recall 0.899 -> 0.903, exact F1 0.836 -> 0.838, speaker 0.883 -> 0.884; held-out unchanged."
    )
    fm, fpeers = _rows(figure_metrics, res, held_rows)  # the seed articles have no figure annotations
    fnotes = (
        "Same articles (the seed articles have no figure annotations here). A figure is a number expression "
        "counting people, money, damage or other situation "
        "quantities (not dates, ages, durations, ordinals, identifiers); see GUIDELINES.md. "
        "`precision/recall/f1`: one-to-one overlap matching (any shared character, greedy by largest overlap); "
        "`exact_f1`: identical offsets. Over matched figures: `kind_accuracy`, `value_accuracy` (the value; null "
        "= null, as for a range or a vague plural), `interval_accuracy` (low and high both equal: the interval "
        "a qualifier or vague word stands for), `qualifier_accuracy` (normalised qualifier, null = null), "
        "`reporter_accuracy` (`reported_by` as written, case-insensitive, null = null). "
        "Baseline: spaCy's own CARDINAL/MONEY/QUANTITY/PERCENT entities from the same parse, spans only "
        "(it counts dates-like cardinals, ages etc., so low precision is expected). No published reference figure. "
        "This set was annotated before the figure gold set (bench/figureset, task figures-gold, the larger and "
        "independent measure of figures since 2026-12-06): the kinds added then (rescued, affected, peacekeepers, "
        "attacks) are scored as the kinds their figures had in it, and zero counts ('no deaths'), which its guidelines "
        "did not define, count as spurious; where the two sets' guidelines differ (a share of a group takes the "
        "group's kind), its kind accuracy fell by 3 of 187 figures (0.914 -> 0.898); the figure rules of 2026-12-07 "
        "(the kind of a predicate shared along a list, shares and collectives, 'those implicated were military "
        "personnel') follow the figure gold set's guidelines where this set's differ ('14 insurgents, 22 police "
        "officers and ... killed' is killed there, fighters here): 0.898 -> 0.893. The restatement rule of the fourth "
        "2026-12-07 session ('the N ...' repeating a count already given, or a definite set of up to three that counts "
        "nothing, is no figure, as the figure gold set's guidelines say) moved the development split's precision 0.969 "
        "-> 0.974, recall 0.886 -> 0.882, and cost the held-out split 3 of its 67 gold figures (recall 0.866 -> 0.821, "
        "F1 0.899 -> 0.873; measured by turning each part off: 2 from the repeated counts, 1 from the small sets), "
        "which this set's older guidelines annotate at every mention; its errors were not opened. The figure rules of "
        "the fifth 2026-12-07 session (read on chunks 6 and 7 of the figure gold set: ratios in words, numbers that name, "
        "index moves, zero counts of people, 'several dozen' as the range of 'dozens' as the gold set's rulings read it) "
        "moved the held-out split's precision 0.932 -> 0.965 (F1 0.873 -> 0.887) and the development split's interval "
        "accuracy 1.0 -> 0.995 (its 'several dozen' is 36-108 by this set's older guidelines); then people on trial and "
        "carried patients moved the development split's kind accuracy 0.893 -> 0.898; the rules read on chunk 8 "
        "(2026-12-08: vague money, multipliers, enumerations, convicted people as arrested and more) moved it 0.898 -> "
        "0.903, the rest unchanged."
    )
    return [
        write_result("devset-quotes", dataset=dataset, command=command, metrics=qm, peers=qpeers, quick=quick, notes=qnotes),
        write_result("devset-figures", dataset=dataset, command=command, metrics=fm, peers=fpeers, quick=quick, notes=fnotes),
    ]
