"""Print death-toll candidates for annotation (no system output is shown).

    python -m bench.tollset.show FIRST LAST     # candidates FIRST..LAST (1-based, inclusive)

Each candidate: its id, the article's title and publication day, the article's lead
paragraph, and the paragraph that holds the count with the count marked [[like this]].
"""

from __future__ import annotations

import sys

from bench.tollset.articles import candidates


def render(n: int, c) -> str:
    lead_end = c.text.find("\n")
    lead = c.text if lead_end < 0 else c.text[:lead_end]
    start, end = c.paragraph
    marked = c.text[start : c.start] + "[[" + c.text[c.start : c.end] + "]]" + c.text[c.end : end]
    lines = [f"#{n} id={c.id}", f"title: {c.title}  (published {c.date})"]
    if start > 0:
        lines.append(f"lead: {lead[:600]}")
    lines.append(f"paragraph: {marked}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    items = list(candidates().values())
    first, last = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (1, len(items))
    for n in range(first, min(last, len(items)) + 1):
        print(render(n, items[n - 1]))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
