"""The memory-mapped table file behind the gazetteer's cache (sitroom.geo.mapfile)."""

from __future__ import annotations

import json
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from sitroom.geo import gazetteer
from sitroom.geo.gazetteer import CACHE_ENV, _cache_path, _restore, _save
from sitroom.geo.mapfile import MappedFile, Writer


def _write(path: Path) -> dict[str, tuple[int, ...]]:
    index = {f"town {n}": tuple(range(n % 4)) or (n,) for n in range(3000)}
    index["Ḩalab"] = (7, 8)
    index[""] = (1,)
    out = Writer()
    out.array("lat", "d", [33.5, -1.25, 0.0])
    out.array("ids", "q", array("q", [99237, 2, 3]))
    out.strings("names", ["Mosul", "", "Al-Ḩasakah"])
    out.coded("country", ["IQ", "SY", "IQ", "", "SY"])
    out.index("index", index)
    out.blob("small", b"\x00\x01")
    out.write(path)
    return index


def test_mapped_file_reads_back_what_was_written(tmp_path):
    path = tmp_path / "t.map"
    index = _write(path)
    back = MappedFile(path)
    assert list(back.array("lat")) == [33.5, -1.25, 0.0]
    assert list(back.array("ids")) == [99237, 2, 3]
    assert list(back.strings("names")) == ["Mosul", "", "Al-Ḩasakah"]
    assert back.strings("names")[-1] == "Al-Ḩasakah"
    assert list(back.coded("country")) == ["IQ", "SY", "IQ", "", "SY"]
    assert back.blob("small") == b"\x00\x01"
    found = back.index("index")
    assert len(found) == len(index) and set(found) == set(index)
    assert all(found.get(key) == value for key, value in index.items())  # every key, colliding slots included
    assert found.get("town 3000") is None and "town 3000" not in found and "Ḩalab" in found
    with pytest.raises(KeyError):
        found["nowhere"]
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["magic", "truncated", "header"])
def test_a_damaged_mapped_file_is_refused_with_its_path(tmp_path, damage):
    path = tmp_path / "t.map"
    _write(path)
    data = path.read_bytes()
    if damage == "magic":
        data = b"NOTAMAP\n" + data[8:]
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data = data[:8] + (10**9).to_bytes(8, "little") + data[16:]
    path.write_bytes(data)
    with pytest.raises(ValueError, match="t.map"):
        MappedFile(path)


def test_gazetteer_cache_is_mapped_and_a_damaged_copy_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    path = _cache_path(500)
    assert path is not None
    _save(gazetteer(), path)
    back = _restore(path)
    assert type(back.index).__name__ == "StringIndex" and isinstance(back.population, memoryview)
    assert back.lookup("Nineveh") == gazetteer().lookup("Nineveh")
    path.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(ValueError):
        _restore(path)


def test_a_process_maps_the_gazetteer_instead_of_reading_it_into_memory(tmp_path):
    """A fresh interpreter opening the cached gazetteer and looking names up grows its private
    memory by a few MB (the small tables), not the ~117 MB its dictionaries took: the rest
    stays in the mapped file, whose pages every process shares."""
    probe = (
        "import json\n"
        "def rss():\n"
        "    return next(int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('RssAnon'))\n"
        "import sitroom.geo.resolve\n"
        "from sitroom.geo import gazetteer\n"
        "before = rss(); g = gazetteer()\n"
        "hits = sum(len(g.lookup(n)) for n in ('Mosul', 'Paris', 'Springfield', 'Aleppo'))\n"
        "print(json.dumps({'mb': rss() - before, 'hits': hits, 'entries': len(g)}))\n"
    )
    env = {"SITROOM_GEO_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    _save(gazetteer(), _cache_path_in(tmp_path))
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, timeout=120)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["entries"] == len(gazetteer()) and got["hits"] > 20
    assert got["mb"] < 30, got


def _cache_path_in(folder: Path) -> Path:
    import os

    old = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    try:
        path = _cache_path(500)
    finally:
        if old is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = old
    assert path is not None
    return path


def test_ensure_cached_builds_the_file_once_in_another_process(tmp_path, monkeypatch):
    from sitroom.geo.gazetteer import ensure_cached

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    path = ensure_cached()
    assert path is not None and path.is_file() and path.parent == tmp_path
    stamp = path.stat().st_mtime_ns
    assert ensure_cached() == path and path.stat().st_mtime_ns == stamp  # kept, not built again
    assert _restore(path).lookup("Mosul")[0].country == "IQ"
    monkeypatch.setenv(CACHE_ENV, "off")
    assert ensure_cached() is None
