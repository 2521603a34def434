"""The two annotations of the figure gold set side by side, for the adjudicator.

    python -m bench.figureset.adjudicate CHUNK            # every article of the chunk
    python -m bench.figureset.adjudicate CHUNK ID          # one article

For each article: the figures both annotators marked (with the fields where they differ),
then those only A or only B marked, each with its context. No system output is shown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.devset import Item, match_overlap
from bench.figureset.articles import articles

HERE = Path(__file__).parent
COMPARED = ("text", "value", "low", "high", "unit", "kind", "qualifier", "subject", "reported_by", "cumulative")


def _load(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    return {(r := json.loads(line))["id"]: r for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def show(chunk: str, only: str | None = None) -> None:
    a, b = _load(HERE / f"annotations-a-{chunk}.jsonl"), _load(HERE / f"annotations-b-{chunk}.jsonl")
    known = articles()
    for article_id in sorted(set(a) | set(b), key=lambda i: list(known).index(i)):
        if only and article_id != only:
            continue
        text = known[article_id].text
        fa = (a.get(article_id) or {}).get("figures", [])
        fb = (b.get(article_id) or {}).get("figures", [])
        print(f"# {article_id}: A {len(fa)} figures, B {len(fb)}; notes A={(a.get(article_id) or {}).get('notes')!r} B={(b.get(article_id) or {}).get('notes')!r}")
        pairs = match_overlap([Item(f["start"], f["end"], f) for f in fa], [Item(f["start"], f["end"], f) for f in fb])
        in_a = {i for i, _ in pairs}
        in_b = {j for _, j in pairs}

        def ctx(f: dict[str, Any]) -> str:
            s, e = f["start"], f["end"]
            return (text[max(0, s - 60) : s] + "[" + text[s:e] + "]" + text[e : e + 60]).replace("\n", " ")

        for i, j in pairs:
            x, y = fa[i], fb[j]
            diff = [k for k in COMPARED if x.get(k) != y.get(k)] + (["offsets"] if (x["start"], x["end"]) != (y["start"], y["end"]) else [])
            mark = "SAME" if not diff else "DIFF " + ",".join(diff)
            print(f"  {mark} | {ctx(x)}")
            if diff:
                print(f"     A: {json.dumps({k: x.get(k) for k in ('start', 'end', *COMPARED)}, ensure_ascii=False)}")
                print(f"     B: {json.dumps({k: y.get(k) for k in ('start', 'end', *COMPARED)}, ensure_ascii=False)}")
        for i, f in enumerate(fa):
            if i not in in_a:
                print(f"  ONLY A | {ctx(f)}\n     A: {json.dumps({k: f.get(k) for k in ('start', 'end', *COMPARED)}, ensure_ascii=False)}")
        for j, f in enumerate(fb):
            if j not in in_b:
                print(f"  ONLY B | {ctx(f)}\n     B: {json.dumps({k: f.get(k) for k in ('start', 'end', *COMPARED)}, ensure_ascii=False)}")


if __name__ == "__main__":
    show(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
