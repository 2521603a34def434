"""One canonical entity per actor, person and place across documents.

* **Actors** come canonical from the actor data (``actors.toml``: IS = ISIS = ISIL =
  Daesh), the same id in every document.
* **Places**: every place mention the gazetteer resolved is linked to
  ``place/geonames/<id>`` while its document is analysed (:mod:`sitroom.geo.entities`).
* **Persons**: every person mention, quoted or not, is linked by the store to a
  ``person/<surname>/<given>`` entity across documents (titles dropped, initials and bare
  surnames joined when unambiguous: :mod:`sitroom.link.people`).
* **Organisations** the actor data does not know are named by their written name
  (``org:<slug>``). An article that defines an acronym ("the Internal Displacement
  Monitoring Centre (IDMC)") links its own mentions of the acronym to the full name
  (:func:`sitroom.extract.actors.defined_acronyms`), and the store links every other
  article's bare "IDMC" to it too, earlier ones included (:func:`acronym_definitions`,
  ``org_aliases``), until two articles define one acronym differently ("PA": Palestinian
  Authority, Press Association): from then on the acronym is linked in no new article
  (mentions linked before stay linked).

Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitroom.ids import slug
from sitroom.model import Analysis

ACRONYM_PREFIXES = ("org", "group")
"""Id prefixes of organisations and groups the actor data does not know (``org:<slug>``)."""


@dataclass(frozen=True, slots=True)
class AcronymDefinition:
    """An acronym one article defines: ``alias_ids`` are the ids a bare mention of it gets
    elsewhere (``org:idmc``, ``group:idmc``); ``entity_id`` and ``name`` the organisation."""

    alias: str
    alias_ids: tuple[str, ...]
    entity_id: str
    name: str
    doc_id: str


def acronym_definitions(analysis: Analysis) -> list[AcronymDefinition]:
    """The acronyms ``analysis`` defines for organisations named by slug (actor-data
    entities have their aliases already)."""
    found = []
    for entity in analysis.entities:
        prefix = entity.id.split(":", 1)[0]
        if prefix not in ACRONYM_PREFIXES or ":" not in entity.id:
            continue
        for alias in entity.aliases:
            ids = tuple(f"{p}:{slug(alias)}" for p in ACRONYM_PREFIXES)
            if entity.id not in ids:
                found.append(AcronymDefinition(alias, ids, entity.id, entity.name, analysis.document.id))
    return found
