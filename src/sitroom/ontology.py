"""Codes of other event ontologies for sitroom's ACLED types, without loading any model.

Exports and the report need these while reading a store, so they live here rather than in
:mod:`sitroom.extract.events` (which imports spaCy).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _codes() -> dict[str, dict[str, str]]:
    text = (resources.files("sitroom") / "data" / "event_codes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get("codes", {})


def ontology_codes(event_type: str, subtype: str | None) -> tuple[str, str]:
    """``(PLOVER event type, CAMEO code)`` closest to an ACLED type and sub-type, from
    ``data/event_codes.toml`` (sources there); empty strings where there is none."""
    codes = _codes()
    found = codes.get(f"{event_type}/{subtype}") if subtype else None
    found = found or codes.get(event_type) or {}
    return found.get("plover", ""), found.get("cameo", "")


def plover_mode(event_type: str, subtype: str | None) -> str:
    """PLOVER's ``mode`` for an ACLED type and sub-type (``data/event_codes.toml``: "aerial"
    for an air strike, "explosives" for an IED...), or an empty string where none is known."""
    codes = _codes()
    found = codes.get(f"{event_type}/{subtype}") if subtype else None
    if found and "mode" in found:
        return found["mode"]
    return (codes.get(event_type) or {}).get("mode", "")
