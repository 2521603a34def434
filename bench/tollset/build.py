"""Choose the candidates of the death-toll set (run once; the choice is committed).

    python -m bench.tollset.build            # writes bench/tollset/candidates.jsonl

Articles: English Wikinews (``$SITROOM_CORPORA/wikinews-en``) that read as conflict news
(four or more conflict words and a death word), minus the Wikinews conflict corpus,
which the event gold set and the demo already use; the reserved folder is never read.
Candidates: every count of people that sitroom finds in a sentence with a death word
("killed", "dead", "death toll", "lives"...), whatever kind sitroom gives it, so that a
change of kind is scored as well as a change of the cumulative flag. At most
``PER_ARTICLE`` per article and ``TOTAL`` in all, chosen by sha256 so that the choice does
not depend on sitroom's output order. Only ids and offsets are written, with the sha256 of
the article text; the text stays in the corpus.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import corpora_dir

HERE = Path(__file__).resolve().parent
CANDIDATES = HERE / "candidates.jsonl"
SEED = "sitroom-tolls-2026-12-06"
PER_ARTICLE = 3
TOTAL = 240
CONFLICT = re.compile(
    r"\b(attacks?|bomb|bombing|militants?|rebels?|troops|insurgents?|clashes|air ?strikes?|shelling|gunmen|suicide|militia|fighting|soldiers)\b", re.I
)
DEATH = re.compile(r"\b(killed|killing|dead|died|die|deaths?|toll|lives|bodies|fatalities|casualties|massacred?|slain)\b", re.I)


def _rank(key: str) -> str:
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()


def eligible() -> list[dict]:
    """The corpus records the set draws from, in corpus order."""
    corpora = corpora_dir()
    conflict = {json.loads(line)["id"] for line in (corpora / "wikinews-conflict" / "wikinews-conflict.jsonl").open(encoding="utf-8") if line.strip()}
    records = []
    for line in (corpora / "wikinews-en" / "wikinews-en.jsonl").open(encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        if record["id"] in conflict or not record.get("date"):
            continue
        if len(CONFLICT.findall(record["text"])) >= 4 and DEATH.search(record["text"]):
            records.append(record)
    return records


def analyses(records: list[dict]) -> Iterator[Any]:
    """sitroom's Analysis of each Wikinews record (``id``, ``text``, ``title``, ``date``,
    ``url``), with its publication day, in order: one pipeline, one ``nlp.pipe``."""
    from sitroom.config import Config
    from sitroom.model import DateValue, Document, Origin
    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import analyse

    nlp, actors = shared_pipeline(Config())
    documents = [
        Document(
            id=r["id"],
            text=r["text"],
            content_hash=hashlib.sha256(r["text"].encode()).hexdigest(),
            origin=Origin(path=f"wikinews-en/{r['id']}", url=r.get("url")),
            published=DateValue(r["date"], "day", "metadata"),
            title=r["title"],
            url=r.get("url"),
        )
        for r in records
    ]
    for document, sdoc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        yield analyse(document, sdoc, actors)


def main() -> int:
    records = eligible()
    chosen = []
    for analysis in analyses(records):
        document = analysis.document
        found = []
        for figure in analysis.figures:
            if figure.unit != "people" or figure.sentence is None:
                continue
            sentence = document.text[figure.sentence.start : figure.sentence.end]
            if DEATH.search(sentence):
                key = f"{document.id}:{figure.span.start}-{figure.span.end}"
                found.append({"id": key, "article": document.id, "start": figure.span.start, "end": figure.span.end, "text_sha256": document.content_hash})
        chosen += sorted(found, key=lambda c: _rank(c["id"]))[:PER_ARTICLE]
    chosen = sorted(chosen, key=lambda c: _rank(c["id"]))[:TOTAL]
    order = {r["id"]: n for n, r in enumerate(records)}
    chosen.sort(key=lambda c: (order[c["article"]], c["start"]))
    CANDIDATES.write_text("".join(json.dumps(c) + "\n" for c in chosen), encoding="utf-8")
    print(f"{len(chosen)} candidates from {len({c['article'] for c in chosen})} articles ({len(records)} eligible) -> {CANDIDATES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
