"""Stable id parts shared by the extractors and the linkers (no model library imported)."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """Lower-case ASCII id part: "Médecins Sans Frontières" -> "medecins-sans-frontieres"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"
