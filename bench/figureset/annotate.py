"""Helpers for the annotators of the figure gold set (no extraction: text, offsets, checks).

    python -m bench.figureset.annotate ids [CHUNK]          # article ids (of one chunk), split, length
    python -m bench.figureset.annotate text ID              # the text, each paragraph with its offset, and its sha256
    python -m bench.figureset.annotate numbers ID           # digits and number words with offsets (a plain pattern)
    python -m bench.figureset.annotate find ID "words"      # start/end of every occurrence
    python -m bench.figureset.annotate validate FILE        # checks an annotation file against the format

``numbers`` is a regular expression over the text, not an extractor: it lists candidates
to look at, most of which are no figures (years, dates, ages), and misses some figures
("no deaths", "a dozen" are listed only by their words).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.eventset.annotate import print_occurrences
from bench.figureset.articles import NUMBER_WORDS, articles

KINDS = frozenset(
    {
        "killed", "wounded", "casualties", "missing", "abducted", "arrested", "rescued", "displaced", "refugees", "fled",
        "returned", "trapped", "besieged", "in_need", "affected", "fighters", "troops", "peacekeepers", "population",
        "attacks", "damage", "money", "other",
    }
)
CUMULATIVE_KINDS = frozenset({"killed", "wounded", "casualties", "missing", "abducted", "arrested", "rescued", "displaced", "refugees", "fled", "returned", "trapped"})
QUALIFIERS = frozenset({"approximately", "estimated", "at least", "more than", "almost", "up to", "less than", "reportedly"})
FIELDS = ("start", "end", "text", "value", "low", "high", "unit", "kind", "qualifier", "subject", "reported_by", "cumulative")


def validate_record(rec: dict[str, Any]) -> list[str]:
    """Problems of one annotation record (an empty list when it is well formed)."""
    known = articles()
    problems = []
    article = known.get(rec.get("id", ""))
    if article is None:
        return [f"unknown id {rec.get('id')!r}"]
    if rec.get("text_sha256") != article.sha256:
        problems.append(f"{article.id}: text_sha256 is not that of the article's text")
    if rec.get("annotator") not in ("a", "b", "gold"):
        problems.append(f"{article.id}: annotator must be 'a', 'b' or 'gold'")
    figures = rec.get("figures")
    if not isinstance(figures, list):
        return [*problems, f"{article.id}: figures must be a list"]
    last = -1
    for n, f in enumerate(figures):
        where = f"{article.id} figure {n} ({f.get('text')!r})"
        missing = [k for k in FIELDS if k not in f]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not (isinstance(f["start"], int) and isinstance(f["end"], int) and 0 <= f["start"] < f["end"] <= len(article.text)):
            problems.append(f"{where}: bad offsets")
            continue
        if article.text[f["start"] : f["end"]] != f["text"]:
            problems.append(f"{where}: text[{f['start']}:{f['end']}] is {article.text[f['start']:f['end']]!r}")
        if f["start"] < last:
            problems.append(f"{where}: figures are not in text order")
        last = f["start"]
        if f["kind"] not in KINDS:
            problems.append(f"{where}: unknown kind {f['kind']!r}")
        if f["qualifier"] is not None and f["qualifier"] not in QUALIFIERS:
            problems.append(f"{where}: unknown qualifier {f['qualifier']!r}")
        for key in ("value", "low", "high"):
            if f[key] is not None and not isinstance(f[key], int | float):
                problems.append(f"{where}: {key} must be a number or null")
        if f["value"] is None and f["low"] is None and f["high"] is None:
            problems.append(f"{where}: value, low and high are all null")
        if f["kind"] in CUMULATIVE_KINDS and not isinstance(f["cumulative"], bool):
            problems.append(f"{where}: cumulative must be true or false for kind {f['kind']}")
        if f["kind"] not in CUMULATIVE_KINDS and f["cumulative"] is not None:
            problems.append(f"{where}: cumulative must be null for kind {f['kind']}")
    return problems


def _ids(chunk: str | None) -> None:
    for a in articles().values():
        if chunk is None or str(a.chunk) == chunk:
            print(f"{a.id}\tchunk {a.chunk}\t{a.split}\t{a.source}\t{a.date}\t{len(a.text)} chars\t{a.title}")


def _text(article_id: str) -> None:
    a = articles()[article_id]
    print(f"# {a.id} | {a.source} | {a.title} | published {a.date} | {a.url}")
    print(f"# text_sha256 {a.sha256}")
    offset = 0
    for para in a.text.split("\n"):
        if para.strip():
            print(f"[{offset}] {para}")
        offset += len(para) + 1


def _numbers(article_id: str) -> None:
    text = articles()[article_id].text
    for m in NUMBER_WORDS.finditer(text):
        s, e = m.span()
        print(f"start={s} end={e} {m.group()!r}  …{text[max(0, s - 50):s]}[{m.group()}]{text[e:e + 50]}…".replace("\n", " "))


def _find(article_id: str, words: str) -> None:
    print_occurrences(articles()[article_id].text, words)


def _validate(path: str) -> int:
    problems = []
    seen = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if rec.get("id") in seen:
            problems.append(f"line {n}: {rec.get('id')} annotated twice")
        seen.add(rec.get("id"))
        problems += [f"line {n}: {p}" for p in validate_record(rec)]
    for p in problems:
        print(p)
    print(f"{len(seen)} records, {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "ids":
        _ids(rest[0] if rest else None)
    elif command == "text":
        _text(rest[0])
    elif command == "numbers":
        _numbers(rest[0])
    elif command == "find":
        _find(rest[0], rest[1])
    elif command == "validate":
        return _validate(rest[0])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
