"""One canonical entity per actor, person and place across documents.

* **Actors** come canonical from the actor data (``actors.toml``: IS = ISIS = ISIL =
  Daesh), the same id in every document.
* **Places**: every place mention the gazetteer resolved (:mod:`sitroom.geo`) is linked to
  ``place/geonames/<id>``, named as GeoNames names it, so "Mosoul", "al-Mawsil" and
  "Mosul" in three articles are one entity (:func:`link_places`). A place the gazetteer
  does not know keeps its per-name id (``place:<slug>``).
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

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitroom.ids import slug
from sitroom.model import Analysis, Entity, Mention, Place

PLACE_PREFIX = "place/geonames/"


def place_entity_id(geonames_id: int) -> str:
    return f"{PLACE_PREFIX}{geonames_id}"


def link_places(entities: Sequence[Entity], mentions: Sequence[Mention], places: Sequence[Place]) -> tuple[list[Entity], list[Mention]]:
    """Point each geocoded place mention at its GeoNames entity.

    Returns the document's entities (the GeoNames ones added with the written forms as
    aliases, per-name place entities no mention uses any more dropped) and its mentions.
    """
    resolved = {(p.span.start, p.span.end): p for p in places if p.geonames_id is not None}
    forms: dict[str, set[str]] = {}
    linked: list[Mention] = []
    by_id: dict[str, Entity] = {e.id: e for e in entities}
    for mention in mentions:
        place = resolved.get((mention.span.start, mention.span.end))
        if place is None or place.geonames_id is None:
            linked.append(mention)
            continue
        entity_id = place_entity_id(place.geonames_id)
        by_id.setdefault(entity_id, Entity(id=entity_id, name=place.name, type="place", country=place.country))
        forms.setdefault(entity_id, set()).add(mention.text)
        linked.append(replace(mention, entity_id=entity_id, canonical=place.name))
    for entity_id, written in forms.items():
        entity = by_id[entity_id]
        aliases = sorted((written | set(entity.aliases)) - {entity.name})
        by_id[entity_id] = replace(entity, aliases=tuple(aliases))
    used = {m.entity_id for m in linked}
    return [e for e in by_id.values() if e.id in used or e.type != "place"], linked


__all__ = ["PLACE_PREFIX", "link_places", "place_entity_id"]


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
