"""Outlets as exports name them: one spelling per outlet and ACLED's source scale
(``data/outlets.toml``)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sitroom.clean.metadata import split_url
from sitroom.model import Document

SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")
"""ACLED's source scales, narrowest first: a pair is written in this order ("National-International")."""


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    scale: str


def _key(text: str) -> str:
    text = text.strip().lower()
    text = text.removeprefix("www.")
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _table() -> dict[str, Outlet]:
    data = tomllib.loads((resources.files("sitroom") / "data" / "outlets.toml").read_text(encoding="utf-8"))
    table: dict[str, Outlet] = {}
    for row in data.get("outlet", []):
        outlet = Outlet(row["name"], row.get("scale", ""))
        for name in (row["name"], *row.get("hosts", ()), *row.get("aliases", ())):
            table[_key(name)] = outlet
    return table


def outlet(doc: Document) -> Outlet:
    """The outlet of a document: the table's entry for its outlet name or host, else the name
    the page gives (or its host, or its id) with no scale."""
    parts = split_url(doc.url or "")
    host = (parts.hostname if parts is not None else None) or ""
    table = _table()
    for candidate in (doc.outlet or "", host, host.split(".", 1)[-1] if host.count(".") > 1 else ""):
        if candidate and _key(candidate) in table:
            return table[_key(candidate)]
    return Outlet(doc.outlet or host.removeprefix("www.") or doc.id, "")


def source_scale(scales: Iterable[str]) -> str:
    """ACLED's source scale of an event's sources: the distinct known scales, narrowest first,
    joined with "-" ("National-International"); empty when none is known."""
    found = {s for s in scales if s}
    return "-".join(s for s in SCALE_ORDER if s in found)
