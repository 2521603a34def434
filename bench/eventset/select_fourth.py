"""How the fourth batch of the event gold set was chosen (run once, before annotation).

    python -m bench.eventset.select_fourth > bench/eventset/fourth_ids.txt

Development articles only, added on 2026-12-08 for the same reason as the third batch: the
rules read on the third batch raised its scores far more than the test split's, so the
development split needed more text that no rule had been written on. The rule is the third
batch's (``select_third``) with its own seed; every article of the first three batches is
already excluded through the event set itself. No system output was looked at.
"""

from __future__ import annotations

from bench.eventset.select_third import select as select_batch

SEED = "sitroom-events-fourth-2026-12-08"
TAKE = 15
READ_FOR_RULES = frozenset({
    "enwikinews-10086", "enwikinews-121288", "enwikinews-121860", "enwikinews-394018", "enwikinews-73076",
    "enwikinews-82306", "enwikinews-t-e71ebb758947", "enwikinews-23906", "enwikinews-118892",
})
"""Unannotated articles whose text was read whole while event or figure rules were written
(outside the 300 the third batch's rule already skips): text a rule may have been fitted to."""


def select() -> list[str]:
    return select_batch(SEED, TAKE, batch=4, also_skip=READ_FOR_RULES)


if __name__ == "__main__":
    print("\n".join(select()))
