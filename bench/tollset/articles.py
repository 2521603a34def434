"""The candidates of the death-toll set with their article text, and the fixed split."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from bench.common import corpora_dir
from bench.tollset.build import CANDIDATES

SPLIT_SEED = "sitroom-tolls-split-2026-12-06"
TEST_SHARE = 3
"""One article in TEST_SHARE goes to the test split (by sha256, fixed before annotation)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    article: str
    start: int
    end: int
    title: str
    date: str
    url: str | None
    text: str
    split: str

    @property
    def paragraph(self) -> tuple[int, int]:
        """Offsets of the paragraph that holds the count."""
        start = self.text.rfind("\n", 0, self.start) + 1
        end = self.text.find("\n", self.end)
        return start, len(self.text) if end < 0 else end


def _test_articles(ids: list[str]) -> set[str]:
    ranked = sorted(set(ids), key=lambda i: hashlib.sha256(f"{SPLIT_SEED}:{i}".encode()).hexdigest())
    return set(ranked[: round(len(ranked) / TEST_SHARE)])


@lru_cache(maxsize=1)
def candidates() -> dict[str, Candidate]:
    """Every candidate by id, in corpus order.

    Raises:
        ValueError: an article's text is not the one the candidates were chosen from.
    """
    wanted = [json.loads(line) for line in CANDIDATES.read_text(encoding="utf-8").splitlines() if line.strip()]
    needed = {c["article"] for c in wanted}
    records = {}
    for line in (corpora_dir() / "wikinews-en" / "wikinews-en.jsonl").open(encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            if record["id"] in needed:
                records[record["id"]] = record
    test = _test_articles([c["article"] for c in wanted])
    found = {}
    for c in wanted:
        record = records[c["article"]]
        if hashlib.sha256(record["text"].encode()).hexdigest() != c["text_sha256"]:
            raise ValueError(f"{c['id']}: the text of {c['article']} in the corpus is not the one the toll set was built on")
        found[c["id"]] = Candidate(
            c["id"], c["article"], c["start"], c["end"], record["title"], record["date"], record.get("url"), record["text"], "test" if c["article"] in test else "dev"
        )
    return found
