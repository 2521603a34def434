"""The articles of the event gold set, as the annotators and the scorer see them.

Wikinews conflict articles come from ``$SITROOM_CORPORA/wikinews-conflict`` (their
``text`` field, byte for byte). The two scraped seed articles come from
``tests/fixtures/`` and are read through sitroom's cleaner (boilerplate removal and
metadata only, no extraction), because that clean text is what every later stage sees;
their annotations carry the sha256 of that text, checked when the set is loaded.

A second batch of Wikinews articles (``extension_ids.txt``, chosen by
``select_extension.py`` before annotation), a third (``third_ids.txt``, by
``select_third.py``), a fourth (``fourth_ids.txt``, by ``select_fourth.py``) and a fifth
(``fifth_ids.txt``, by ``select_fifth.py``; the last three development articles only) are read from ``$SITROOM_CORPORA/wikinews-en``.

The split is fixed before any annotation: ``SPLIT_SEED`` orders the Wikinews ids of each
batch by sha256 and the first third of each batch is the **test** split, never used to
choose or tune a rule. The seeds are in the development split.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bench.common import ROOT, corpora_dir

SEEDS = {
    "seed-000": ROOT / "tests" / "fixtures" / "000_f040c6de48533ea3.txt",
    "seed-004": ROOT / "tests" / "fixtures" / "004_ba4449efcd6f824b.txt",
}
EXTENSION = Path(__file__).with_name("extension_ids.txt")
"""The ids of the second batch, one per line."""
THIRD = Path(__file__).with_name("third_ids.txt")
"""The ids of the third batch (development split only), one per line."""
FOURTH = Path(__file__).with_name("fourth_ids.txt")
"""The ids of the fourth batch (development split only), one per line."""
FIFTH = Path(__file__).with_name("fifth_ids.txt")
"""The ids of the fifth batch (development split only), one per line."""
SPLIT_SEED = "sitroom-events-2026-12-06"
TEST_SHARE = 3
"""One article in TEST_SHARE goes to the test split."""


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    date: str | None
    """Publication day (ISO), or None when the page gives none."""
    url: str | None
    text: str
    split: str
    """``dev`` or ``test``."""
    batch: int = 1
    """1: the conflict corpus and the seeds; 2: the second batch (``extension_ids.txt``); 3: the third (``third_ids.txt``); 4: the fourth; 5: the fifth."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def document(self):
        """The sitroom Document of the article: its text as it is, its publication day."""
        from sitroom.model import DateValue, Document, Origin

        return Document(
            id=self.id,
            text=self.text,
            content_hash=self.sha256,
            origin=Origin(path=f"bench/eventset/{self.id}", url=self.url),
            published=DateValue(self.date, "day", "metadata") if self.date else None,
            title=self.title,
            url=self.url,
        )


def _seed(article_id: str, path: Path) -> Article:
    from sitroom.clean import clean
    from sitroom.model import Origin, RawDocument

    document = clean(RawDocument(content=path.read_text(encoding="utf-8"), format="text", origin=Origin(path=str(path))))
    date = document.published.value if document.published and document.published.precision == "day" else None
    return Article(article_id, document.title or "", date, document.url, document.text, "dev")


def test_ids(ids: list[str]) -> set[str]:
    """The test third of ``ids``: smallest sha256(SPLIT_SEED + id) first."""
    ranked = sorted(ids, key=lambda i: hashlib.sha256(f"{SPLIT_SEED}:{i}".encode()).hexdigest())
    return set(ranked[: round(len(ids) / TEST_SHARE)])


@lru_cache(maxsize=1)
def articles() -> dict[str, Article]:
    """Every article of the set by id: the conflict corpus in corpus order, the seeds, then
    the second batch in the order of ``extension_ids.txt``, the third in that of ``third_ids.txt``."""
    path = corpora_dir() / "wikinews-conflict" / "wikinews-conflict.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    test = test_ids([r["id"] for r in records])
    found = {
        r["id"]: Article(r["id"], r["title"], r.get("date"), r.get("url"), r["text"], "test" if r["id"] in test else "dev")
        for r in records
    }
    for article_id, seed in SEEDS.items():
        found[article_id] = _seed(article_id, seed)
    wanted = [i for i in EXTENSION.read_text(encoding="utf-8").split() if i]
    third = [i for i in THIRD.read_text(encoding="utf-8").split() if i] if THIRD.exists() else []
    fourth = [i for i in FOURTH.read_text(encoding="utf-8").split() if i] if FOURTH.exists() else []
    fifth = [i for i in FIFTH.read_text(encoding="utf-8").split() if i] if FIFTH.exists() else []
    test = test_ids(wanted)
    by_id = {}
    with (corpora_dir() / "wikinews-en" / "wikinews-en.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if any(f'"{i}"' in line for i in (*wanted, *third, *fourth, *fifth)):
                record = json.loads(line)
                by_id[record["id"]] = record
    for article_id in wanted:
        r = by_id[article_id]
        found[article_id] = Article(article_id, r["title"], r.get("date"), r.get("url"), r["text"], "test" if article_id in test else "dev", 2)
    for batch, ids in ((3, third), (4, fourth), (5, fifth)):
        for article_id in ids:
            r = by_id[article_id]
            found[article_id] = Article(article_id, r["title"], r.get("date"), r.get("url"), r["text"], "dev", batch)
    return found
