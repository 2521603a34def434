"""The articles of the figure gold set, as the annotators and the scorer see them.

Two sources, so that the figures come from several outlets and from text no figure rule
was written on:

* the English Wikinews conflict corpus (``$SITROOM_CORPORA/wikinews-conflict``, CC BY 2.5):
  every article, its ``text`` field byte for byte;
* the news pages of the article-extraction benchmark
  (``$SITROOM_DATASETS/article-extraction-benchmark/ground-truth.json``): the hand-checked
  ``articleBody`` of the pages of 1,500 to 7,000 characters that hold 10 to 40 number
  words. Their text belongs to its publishers: it is read from there and never committed;
  an annotation carries the sha256 of the text it was made on, checked when it is loaded.

A fifth chunk was added after the first four were adjudicated, to bring the set past 1,000
figures: the 24 English Wikinews articles listed in ``extra-ids.txt``, chosen from
``$SITROOM_CORPORA/wikinews-en`` by a filter written down before reading them (1,500 to
5,000 characters, 10 to 40 number words, at least four conflict words; not in the conflict
corpus, the quote/figure development set or the death-toll set; the first 24 by
sha256("sitroom-figures-extra-2026-12-06:" + id)). Its split is drawn the same way among
those 24 alone, so that no earlier article changes split.

Chunks 6 and 7 (2026-12-07, see ``select_more.py``) are development articles only: 15
further Wikinews articles (``extra-ids-6.txt``) and the article-extraction pages of the same
length with 6 to 9 number words (``FEW_NUMBERS``). Chunk 8 (2026-12-08, development only):
10 more Wikinews articles (``extra-ids-8.txt``) and the article-extraction pages with 10 to
40 number words of other lengths (``OTHER_LENGTHS``). Chunk 9 (2026-12-08, later, development
only): 15 more Wikinews articles (``extra-ids-9.txt``).

The split is fixed before any annotation: ``SPLIT_SEED`` orders the ids by sha256 and the
first third is the **test** split, on which no rule is chosen or tuned and whose errors are
never printed; the rest is the development split. Articles are cut into ``CHUNKS`` chunks
(every third id in that order) so that each annotator can take them in parts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bench.common import corpora_dir, datasets_dir

HERE = Path(__file__).parent
SPLIT_SEED = "sitroom-figures-2026-12-06"
EXTRA_CHUNK = 5
TEST_SHARE = 3
CHUNKS = 4
MIN_CHARS, MAX_CHARS = 1500, 7000
MIN_NUMBERS, MAX_NUMBERS = 10, 40
FEW_NUMBERS = (6, 9)
"""Chunk 7: the article-extraction pages of the same length with this many number words."""
OTHER_LENGTHS = (0, MIN_CHARS - 1, MAX_CHARS + 1, 12000)
"""Chunk 8: the article-extraction pages with MIN_NUMBERS to MAX_NUMBERS number words and a
length outside the first chunks' (under MIN_CHARS, or MAX_CHARS to 12,000 characters)."""
MORE_WIKINEWS_CHUNK, FEW_NUMBERS_CHUNK, CHUNK_8, CHUNK_9 = 6, 7, 8, 9
NUMBER_WORDS = re.compile(
    r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|billion|dozen|dozens)\b",
    re.IGNORECASE,
)
"""Digits and number words: only to choose pages with something to count, never shown as figures."""


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: str
    """``wikinews-conflict``, ``article-extraction`` or ``wikinews-en``."""
    title: str
    date: str | None
    url: str | None
    text: str
    split: str
    """``dev`` or ``test``."""
    chunk: int
    """1..CHUNKS: the annotation part it belongs to (EXTRA_CHUNK for the later Wikinews articles)."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _rank(article_id: str) -> str:
    return hashlib.sha256(f"{SPLIT_SEED}:{article_id}".encode()).hexdigest()


@lru_cache(maxsize=1)
def articles() -> dict[str, Article]:
    """Every article of the set by id, in split order (test first)."""
    raw: list[tuple[str, str, str, str | None, str | None, str]] = []
    for line in (corpora_dir() / "wikinews-conflict" / "wikinews-conflict.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            raw.append((rec["id"], "wikinews-conflict", rec.get("title") or "", rec.get("date"), rec.get("url"), rec["text"]))
    ground = json.loads((datasets_dir() / "article-extraction-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    few, other_lengths = [], []
    for key, page in sorted(ground.items()):
        body = page.get("articleBody") or ""
        numbers = len(NUMBER_WORDS.findall(body))
        if not MIN_CHARS <= len(body) <= MAX_CHARS:
            short, long = OTHER_LENGTHS[0] < len(body) <= OTHER_LENGTHS[1], OTHER_LENGTHS[2] <= len(body) <= OTHER_LENGTHS[3]
            if (short or long) and MIN_NUMBERS <= numbers <= MAX_NUMBERS:
                other_lengths.append((f"aeb-{key[:12]}", "article-extraction", "", None, page.get("url"), body))
            continue
        if MIN_NUMBERS <= numbers <= MAX_NUMBERS:
            raw.append((f"aeb-{key[:12]}", "article-extraction", "", None, page.get("url"), body))
        elif FEW_NUMBERS[0] <= numbers <= FEW_NUMBERS[1]:
            few.append((f"aeb-{key[:12]}", "article-extraction", "", None, page.get("url"), body))
    ranked = sorted(raw, key=lambda r: _rank(r[0]))
    n_test = round(len(ranked) / TEST_SHARE)
    out = {
        r[0]: Article(r[0], r[1], r[2], r[3], r[4], r[5], "test" if n < n_test else "dev", n % CHUNKS + 1)
        for n, r in enumerate(ranked)
    }
    wanted = _listed("extra-ids.txt")
    more = _listed("extra-ids-6.txt")
    more_8 = _listed("extra-ids-8.txt")
    more_9 = _listed("extra-ids-9.txt")
    extra, later = {}, {}
    for line in (corpora_dir() / "wikinews-en" / "wikinews-en.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and ((rec := json.loads(line))["id"] in wanted or rec["id"] in more or rec["id"] in more_8 or rec["id"] in more_9):
            row = (rec["id"], "wikinews-en", rec.get("title") or "", rec.get("date"), rec.get("url"), rec["text"])
            (extra if rec["id"] in wanted else later)[rec["id"]] = row
    ranked_extra = sorted(extra.values(), key=lambda r: _rank(r[0]))
    n_extra_test = round(len(ranked_extra) / TEST_SHARE)
    for n, r in enumerate(ranked_extra):
        out[r[0]] = Article(r[0], r[1], r[2], r[3], r[4], r[5], "test" if n < n_extra_test else "dev", EXTRA_CHUNK)
    chunks = (
        (MORE_WIKINEWS_CHUNK, [later[i] for i in more if i in later]),
        (FEW_NUMBERS_CHUNK, few),
        (CHUNK_8, [later[i] for i in more_8 if i in later] + other_lengths),
        (CHUNK_9, [later[i] for i in more_9 if i in later]),
    )
    for chunk, rows in chunks:
        for r in rows:
            out[r[0]] = Article(r[0], r[1], r[2], r[3], r[4], r[5], "dev", chunk)
    return out


def _listed(name: str) -> list[str]:
    return [line.strip() for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]
