"""How the fifth batch of the event gold set was chosen (run once, before annotation).

    python -m bench.eventset.select_fifth > bench/eventset/fifth_ids.txt

Development articles only, added on 2026-12-08 after the fourth: the rules read on the fourth
batch were measured on it, so the next rules need text that none has been read on. The third
batch's rule (``select_third``) had only 8 articles left, so the batch takes them all, then
fills up to ``TAKE`` by a looser rule written down before reading any (``looser``: dated, 1,200
to 8,000 characters, no suspected gaps, at least five conflict words and 1.5 per 1,000
characters, a violence word), ordered by sha256(``SEED`` + id). Both less the first four
batches, every other set of the project and the articles read whole while rules were written
(``select_fourth.READ_FOR_RULES``). No system output was looked at.
"""

from __future__ import annotations

import hashlib

from bench.eventset.select_extension import candidates
from bench.eventset.select_fourth import READ_FOR_RULES
from bench.eventset.select_third import select as select_batch
from bench.eventset.select_third import skipped

SEED = "sitroom-events-fifth-2026-12-08"
TAKE = 15
BATCH = 5


def looser() -> list[str]:
    """Ids of the bulk Wikinews articles the looser rule admits, before any exclusion."""
    return [r["id"] for r in candidates(max_chars=8000, min_hits=5, per_thousand=1.5)]


def select() -> list[str]:
    strict = select_batch(SEED, TAKE, batch=BATCH, also_skip=READ_FOR_RULES)
    skip = skipped(BATCH, READ_FOR_RULES)
    more = [i for i in looser() if i not in skip and i not in strict]
    more.sort(key=lambda i: hashlib.sha256(f"{SEED}:{i}".encode()).hexdigest())
    return strict + more[: TAKE - len(strict)]


if __name__ == "__main__":
    print("\n".join(select()))
