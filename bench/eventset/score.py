"""Scoring events against the gold set: matching, detection, eventhood and field accuracy.

An event (gold or system) is a dict with ``mentions`` (a list of ``(start, end)``), ``type``,
``subtype``, ``actor1``, ``actor2``, ``place`` (``lat``, ``lon``, ``geo_precision``) or
``None``, ``date``, ``date_end``, ``time_precision``, ``fatalities``; gold actors also carry
``actor1_forms``/``actor2_forms``.

Matching (one to one, greedy, strongest first): a system event and a gold event match when
one of their mention spans overlap (strength 2), or when a system mention lies in a
sentence that holds a gold mention and the two have the same ACLED type (strength 1).

Field rules (GUIDELINES.md, section 4):

* actors: equal after :func:`actor_key` (case, "the", punctuation and ACLED's regime years
  "(2014-)" ignored), or equal to one of the gold's ``forms``, or both names of one actor
  of the actor data (its aliases); null = null;
* place: both null, or both placed within 161 km of each other (the geocoding benchmarks'
  threshold) and at the same ACLED geo-precision;
* date: both null, or the same ACLED time precision and overlapping day ranges (for
  precision 1: the same day);
* fatalities: equal numbers (null = null).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.geocoding import haversine_km

Event = dict[str, Any]
FIELDS = ("type", "subtype", "actor1", "actor2", "place", "date", "fatalities")
KM = 161.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sentence_of(char: int, sentences: Sequence[tuple[int, int]]) -> int | None:
    for n, (start, end) in enumerate(sentences):
        if start <= char < end:
            return n
    return None


def strength(pred: Event, gold: Event, sentences: Sequence[tuple[int, int]]) -> int:
    """2 mention spans overlap, 1 same sentence and same type, 0 no match."""
    if any(_overlap(tuple(p), tuple(g)) for p in pred["mentions"] for g in gold["mentions"]):
        return 2
    if pred["type"] != gold["type"]:
        return 0
    gold_sentences = {_sentence_of(g[0], sentences) for g in gold["mentions"]}
    if any(_sentence_of(p[0], sentences) in gold_sentences - {None} for p in pred["mentions"]):
        return 1
    return 0


def match(preds: Sequence[Event], golds: Sequence[Event], sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, strongest and same-type first."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            s = strength(p, g, sentences)
            if s:
                pairs.append((-s, p["type"] != g["type"], i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    found = []
    for _, _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            found.append((i, j))
    return found


# --- field rules --------------------------------------------------------------------------------

_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")


def actor_key(name: str | None) -> str | None:
    """A name for comparison: lower case, no regime years, no "the", no punctuation."""
    if name is None:
        return None
    text = _YEARS.sub("", name).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"[^\w()]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return re.sub(r"\s+", " ", text)


def same_actor(pred: str | None, gold: str | None, forms: Sequence[str], lookup: Callable[[str], str | None] | None = None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    key = actor_key(pred)
    if key == actor_key(gold) or key in {actor_key(f) for f in forms}:
        return True
    if lookup is not None:
        mine = lookup(pred)
        return mine is not None and any(lookup(name) == mine for name in (gold, *forms))
    return False


def same_place(pred: dict[str, Any] | None, gold: dict[str, Any] | None) -> bool:
    if gold is None or pred is None or pred.get("lat") is None:
        return gold is None and (pred is None or pred.get("lat") is None)
    if gold.get("lat") is None:
        return False
    return haversine_km((pred["lat"], pred["lon"]), (gold["lat"], gold["lon"])) <= KM and pred.get("geo_precision") == gold.get("geo_precision")


def _days(event: Event) -> tuple[dt.date, dt.date] | None:
    if not event.get("date"):
        return None
    first = dt.date.fromisoformat(event["date"][:10])
    last = dt.date.fromisoformat((event.get("date_end") or event["date"])[:10])
    return first, last


def same_date(pred: Event, gold: Event) -> bool:
    p, g = _days(pred), _days(gold)
    if p is None or g is None:
        return p is None and g is None
    return pred.get("time_precision") == gold.get("time_precision") and p[0] <= g[1] and g[0] <= p[1]


def same_fatalities(pred: Event, gold: Event) -> bool:
    p, g = pred.get("fatalities"), gold.get("fatalities")
    if p is None or g is None:
        return p is None and g is None
    return abs(float(p) - float(g)) < 0.5


def field_right(name: str, pred: Event, gold: Event, lookup: Callable[[str], str | None] | None = None) -> bool:
    if name == "type":
        return pred["type"] == gold["type"]
    if name == "subtype":
        return pred["type"] == gold["type"] and (pred.get("subtype") or "") == (gold.get("subtype") or "")
    if name in ("actor1", "actor2"):
        return same_actor(pred.get(name), gold.get(name), gold.get(f"{name}_forms", []), lookup)
    if name == "place":
        return same_place(pred.get("place"), gold.get("place"))
    if name == "date":
        return same_date(pred, gold)
    return same_fatalities(pred, gold)


# --- tallies ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts over documents; :meth:`metrics` turns them into fractions."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    real: int = 0
    """System events that point at a gold event (eventhood), one-to-one or not."""
    right: Counter[str] = field(default_factory=Counter)
    full: int = 0
    non_event_hits: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, preds: Sequence[Event], golds: Sequence[Event], non_events: Sequence[dict[str, Any]], sentences: Sequence[tuple[int, int]], *, lookup=None, doc_id: str = "", keep_errors: bool = False) -> None:
        self.predicted += len(preds)
        self.gold += len(golds)
        pairs = match(preds, golds, sentences)
        self.matched += len(pairs)
        matched_preds = {i for i, _ in pairs}
        for i, p in enumerate(preds):
            if i in matched_preds or any(strength(p, g, sentences) for g in golds):
                self.real += 1
            else:
                reason = None
                for ne in non_events:
                    if any(_overlap(tuple(m), (ne["start"], ne["end"])) for m in p["mentions"]):
                        reason = ne["reason"]
                        self.non_event_hits[reason] += 1
                        break
                if keep_errors:
                    self.errors.append({"doc": doc_id, "kind": "spurious", "pred": p, "reason": reason})
        for i, j in pairs:
            rights = {name: field_right(name, preds[i], golds[j], lookup) for name in FIELDS}
            self.right.update(name for name, ok in rights.items() if ok)
            if all(rights.values()):
                self.full += 1
            elif keep_errors:
                self.errors.append({"doc": doc_id, "kind": "fields", "wrong": [n for n, ok in rights.items() if not ok], "pred": preds[i], "gold": golds[j]})
        if keep_errors:
            found = {j for _, j in pairs}
            self.errors += [{"doc": doc_id, "kind": "missed", "gold": g} for j, g in enumerate(golds) if j not in found]

    def metrics(self) -> dict[str, Any]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        out: dict[str, Any] = {
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "matched_events": self.matched,
            "detection_precision": round(p, 4),
            "detection_recall": round(r, 4),
            "detection_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "eventhood_precision": round(self.real / self.predicted, 4) if self.predicted else 0.0,
        }
        for name in FIELDS:
            out[f"{name}_accuracy"] = round(self.right[name] / self.matched, 4) if self.matched else 0.0
        out["full_record_accuracy"] = round(self.full / self.matched, 4) if self.matched else 0.0
        return out


def agreement(a_events: Sequence[Event], b_events: Sequence[Event], sentences: Sequence[tuple[int, int]]) -> tuple[int, int, int, Counter[str]]:
    """(events of A, events of B, matched, agreeing fields) between two annotations of a document."""
    pairs = match(a_events, b_events, sentences)
    fields: Counter[str] = Counter()
    for i, j in pairs:
        for name in FIELDS:
            # symmetric: each side's forms count for the other
            a, b = a_events[i], b_events[j]
            if name in ("actor1", "actor2"):
                ok = same_actor(a.get(name), b.get(name), b.get(f"{name}_forms", []) + a.get(f"{name}_forms", []))
            else:
                ok = field_right(name, a, b)
            fields[name] += ok
    return len(a_events), len(b_events), len(pairs), fields
