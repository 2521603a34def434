"""Stable ids and hashes shared by the stages (no model library imported)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sitroom.model import RawDocument


def slug(name: str) -> str:
    """Lower-case ASCII id part: "Médecins Sans Frontières" -> "medecins-sans-frontieres"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def raw_hash(raw: RawDocument) -> str:
    """sha256 of the raw input (bytes as read; text encoded UTF-8, a lone surrogate as its
    own code unit), used to skip known inputs. Never raises on a ``str``."""
    data = raw.content.encode("utf-8", "surrogatepass") if isinstance(raw.content, str) else raw.content
    return hashlib.sha256(data).hexdigest()
