"""How the third batch of the event gold set was chosen (run once, before annotation).

    python -m bench.eventset.select_third > bench/eventset/third_ids.txt

Development articles only, added on 2026-12-07 because the event rules scored far better on
the development split than on the test split: the development split needed text that no
rule had been written on. Candidates: the second batch's rule (``select_extension.candidates``:
bulk English Wikinews, dated, 1,200 to 6,000 characters, no suspected gaps, at least six
conflict words and 2.5 per 1,000 characters), less every article of the project's other
sets (event gold, figure gold with its chunks 6 and 7, quote/figure development set,
death-toll set) and the 300 unannotated articles the event rules of 2026-12-07 were read on.
Ordered by sha256(``SEED`` + id), the first ``TAKE`` kept. No system output was looked at.
"""

from __future__ import annotations

import hashlib
import json

from bench.common import corpora_dir
from bench.eventset.select_extension import candidates
from bench.figureset.select_more import EVENT_RULE_WORDS, READ_FOR_EVENT_RULES, excluded

SEED = "sitroom-events-third-2026-12-07"
TAKE = 15


def skipped(batch: int = 3, also_skip: frozenset[str] = frozenset()) -> set[str]:
    """The ids a batch may not take: the project's other sets, the event set's earlier
    batches (never its later ones, so that a batch's choice does not change once it is in the
    set), the unannotated articles the event rules were read on, and ``also_skip``."""
    from bench.eventset.articles import articles as event_articles
    from bench.figureset.articles import articles as figure_articles

    events = {i for i, a in event_articles().items() if a.batch < batch}
    later = {i for i, a in event_articles().items() if a.batch >= batch}
    skip = (excluded() | set(figure_articles()) | events | also_skip) - later
    with (corpora_dir() / "wikinews-en" / "wikinews-en.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    read = [r["id"] for r in rows if len(EVENT_RULE_WORDS.findall(r["text"])) >= 3 and r["id"] not in events]
    return skip | set(read[:READ_FOR_EVENT_RULES])


def select(seed: str = SEED, take: int = TAKE, batch: int = 3, also_skip: frozenset[str] = frozenset()) -> list[str]:
    """The first ``take`` candidates by sha256(``seed`` + id), less :func:`skipped`."""
    skip = skipped(batch, also_skip)
    found = [r["id"] for r in candidates() if r["id"] not in skip]
    found.sort(key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    return found[:take]


if __name__ == "__main__":
    print("\n".join(select()))
