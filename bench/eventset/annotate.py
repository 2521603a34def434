"""Helpers for the annotators of the event gold set (no extraction: text, offsets, look-ups).

    python -m bench.eventset.annotate ids                 # every article id, split, length
    python -m bench.eventset.annotate text ID             # the text, each paragraph with its offset
    python -m bench.eventset.annotate find ID "words"     # start/end of every occurrence
    python -m bench.eventset.annotate place NAME [CC]     # GeoNames entries of that name (CC: ISO country)
    python -m bench.eventset.annotate validate FILE       # checks an annotation file against the format

``place`` reads the GeoNames gazetteer that sitroom ships (cities of 500+ people,
first- and second-level divisions, countries): it is a dictionary look-up, the same as
searching geonames.org, and says nothing about what sitroom would choose.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from bench.eventset.articles import articles
from bench.eventset.schema import validate_record


def _ids() -> None:
    for a in articles().values():
        print(f"{a.id}\t{a.split}\t{a.date}\t{len(a.text)}\t{a.title}")


def _text(article_id: str) -> None:
    a = articles()[article_id]
    weekday = date.fromisoformat(a.date).strftime("%A") if a.date else ""
    print(f"# {a.id} | {a.title} | published {a.date} {weekday} | {a.url}")
    offset = 0
    for para in a.text.split("\n"):
        if para.strip():
            print(f"[{offset}] {para}")
        offset += len(para) + 1


def _find(article_id: str, words: str) -> None:
    print_occurrences(articles()[article_id].text, words)


def print_occurrences(text: str, words: str) -> None:
    """Start and end of every exact occurrence of ``words`` in ``text``, with context."""
    start = text.find(words)
    if start < 0:
        print("not found (the search is case-sensitive and exact)")
    while start >= 0:
        end = start + len(words)
        print(f"start={start} end={end}  …{text[max(0, start - 40):start]}[{words}]{text[end:end + 40]}…".replace("\n", " "))
        start = text.find(words, start + 1)


def _place(name: str, country: str | None) -> None:
    from sitroom.geo.gazetteer import gazetteer

    gaz = gazetteer()
    found = [c for c in gaz.lookup(name) if country is None or c.country == country.upper()]
    if not found:
        print("no entry of that name: try another spelling, or the nearest town and geo_precision 2")
    for c in sorted(found, key=lambda c: -(c.population or 0))[:15]:
        print(f"geonames_id={c.geonames_id}  {c.name}  feature={c.feature_code}  country={c.country}  admin1={c.admin1}  lat={c.lat}  lon={c.lon}  pop={c.population}")


def _validate(path: str) -> int:
    problems = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            problems += [f"line {n}: {p}" for p in validate_record(json.loads(line), articles())]
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    verb, args = argv[0], argv[1:]
    if verb == "ids":
        _ids()
    elif verb == "text":
        _text(args[0])
    elif verb == "find":
        _find(args[0], args[1])
    elif verb == "place":
        _place(args[0], args[1] if len(args) > 1 else None)
    elif verb == "validate":
        return _validate(args[0])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
