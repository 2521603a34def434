"""How the second batch of the event gold set was chosen (run once, before annotation).

    python -m bench.eventset.select_extension > bench/eventset/extension_ids.txt

Candidates: articles of the bulk English Wikinews corpus (``wikinews-en``, never the
reserved folder) that are not in the conflict corpus of the first batch, dated, 1,200 to
6,000 characters, without suspected gaps in lossy texts, with at least six conflict words
and at least 2.5 of them per 1,000 characters. They are ordered by
sha256(``EXTENSION_SEED`` + id) and the first ``TAKE`` are kept. To these the rule adds
``RECENT``: the clean-text articles (2019-2020) about violence or unrest with at least six
conflict words, chosen by their titles, because the candidates above are all 2005-2008 texts
and the users of sitroom read recent news. No system output was looked at.
"""

from __future__ import annotations

import hashlib
import json
import re

from bench.common import corpora_dir

EXTENSION_SEED = "sitroom-events-ext-2026-12-07"
TAKE = 26
RECENT = (
    "enwikinews-t-3c861c204e69",  # Hong Kong protesters surround downtown police complex
    "enwikinews-t-fca99b14f3a0",  # Gunman opens fire in El Paso, Texas superstore
    "enwikinews-t-f59f7c6bb7c8",  # Police shoot teenage protester as Hong Kong demonstrations continue
    "enwikinews-t-829f4a05bbb2",  # Police shoot man dead after 'terrorist-related' knife attack in London
)
CONFLICT_WORDS = re.compile(
    r"\b(killed|killing|attack(?:ed|s)?|bomb(?:ing|ed|s)?|clash(?:es|ed)?|fighting|shot dead|shelling|air ?strikes?"
    r"|ambush(?:ed)?|gunmen|militants|rebels|insurgents|troops|soldiers|explosion|suicide bomber|raid(?:ed|s)?|fled"
    r"|displaced|protesters|riot(?:s|ing)?)\b",
    re.I,
)
VIOLENCE = re.compile(r"\b(killed|attack|bomb|clash|fighting|shot|shelling|strike)", re.I)


def candidates(max_chars: int = 6000, min_hits: int = 6, per_thousand: float = 2.5) -> list[dict]:
    """The bulk Wikinews records the rule admits (the fifth batch's looser rule passes its
    own bounds)."""
    root = corpora_dir()
    first_batch = {json.loads(line)["id"] for line in (root / "wikinews-conflict" / "wikinews-conflict.jsonl").open(encoding="utf-8")}
    found = []
    for line in (root / "wikinews-en" / "wikinews-en.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        text = record["text"]
        if record["id"] in first_batch or not record.get("date") or not 1200 <= len(text) <= max_chars:
            continue
        if record.get("text_quality") == "lossy" and record.get("suspect_gaps"):
            continue
        hits = len(CONFLICT_WORDS.findall(text))
        if hits >= min_hits and hits * 1000 / len(text) >= per_thousand and VIOLENCE.search(text):
            found.append(record)
    return found


def select() -> list[str]:
    ranked = sorted(candidates(), key=lambda r: hashlib.sha256(f"{EXTENSION_SEED}:{r['id']}".encode()).hexdigest())
    return [r["id"] for r in ranked[:TAKE]] + list(RECENT)


if __name__ == "__main__":
    print("\n".join(select()))
