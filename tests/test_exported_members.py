"""`sitroom.__all__` lists exactly what the package offers, and each name resolves."""

from __future__ import annotations

import sitroom


def test_exported_members_resolve():
    for name in sitroom.__all__:
        assert getattr(sitroom, name) is not None, name


def test_exported_members_include_the_documented_api():
    assert {"process", "Store", "Analysis", "RawDocument", "Origin", "ingest"} <= set(sitroom.__all__)
