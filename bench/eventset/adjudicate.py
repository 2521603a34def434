"""Show two annotations of the same articles side by side, for adjudication.

    python -m bench.eventset.adjudicate A.jsonl B.jsonl [ID ...]

For each article: the events both annotators found (matched as the scorer matches them),
with the fields they disagree on; the events only one found; the non-events whose reason
differs or that only one marked. No system output is involved.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.eventset.articles import articles
from bench.eventset.score import FIELDS, field_right, match, same_actor


def _load(path: str) -> dict[str, dict]:
    return {r["id"]: r for r in (json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())}


def _events(rec: dict) -> list[dict]:
    return [{**e, "mentions": [(m["start"], m["end"]) for m in e["mentions"]]} for e in rec.get("events", [])]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds by punctuation (enough to align two annotators' mentions)."""
    import re

    bounds, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+|\n+", text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _brief(e: dict, text: str) -> str:
    mentions = ", ".join(repr(text[s:t]) + f"@{s}" for s, t in e["mentions"])
    place = e.get("place") or {}
    return (
        f"{e['type']}/{e.get('subtype') or ''} | a1={e.get('actor1')} a2={e.get('actor2')} | "
        f"place={place.get('name')} p{place.get('geo_precision')} | date={e.get('date')}..{e.get('date_end')} t{e.get('time_precision')} | "
        f"dead={e.get('fatalities')} | {e.get('context')} | {mentions}" + (f" | note: {e['note']}" if e.get("note") else "")
    )


def _differs(name: str, a: dict, b: dict) -> bool:
    if name in ("actor1", "actor2"):
        return not same_actor(a.get(name), b.get(name), a.get(f"{name}_forms", []) + b.get(f"{name}_forms", []))
    return not field_right(name, a, b)


def show(a_path: str, b_path: str, ids: list[str]) -> None:
    a, b = _load(a_path), _load(b_path)
    known = articles()
    for article_id in ids or [i for i in a if i in b]:
        text = known[article_id].text
        ea, eb = _events(a[article_id]), _events(b[article_id])
        pairs = match(ea, eb, _sentences(text))
        print(f"\n===== {article_id} (published {known[article_id].date}): A {len(ea)} events, B {len(eb)}, matched {len(pairs)}")
        for i, j in pairs:
            wrong = [n for n in FIELDS if _differs(n, ea[i], eb[j])]
            print(f"  BOTH{' (differ: ' + ', '.join(wrong) + ')' if wrong else ''}")
            print(f"    A: {_brief(ea[i], text)}")
            if wrong:
                print(f"    B: {_brief(eb[j], text)}")
        for i, e in enumerate(ea):
            if i not in {p for p, _ in pairs}:
                print(f"  ONLY A: {_brief(e, text)}")
        for j, e in enumerate(eb):
            if j not in {q for _, q in pairs}:
                print(f"  ONLY B: {_brief(e, text)}")
        na = {(n["start"], n["end"]): n["reason"] for n in a[article_id].get("non_events", [])}
        nb = {(n["start"], n["end"]): n["reason"] for n in b[article_id].get("non_events", [])}
        for span in sorted(set(na) | set(nb)):
            if na.get(span) != nb.get(span):
                print(f"  NON-EVENT {text[span[0]:span[1]]!r}@{span[0]}: A={na.get(span)} B={nb.get(span)}")


if __name__ == "__main__":
    show(sys.argv[1], sys.argv[2], sys.argv[3:])
