"""Place entities: each geocoded place mention points at ``place/geonames/<id>``.

Every place mention the gazetteer resolved (:mod:`sitroom.geo`) is linked to its GeoNames
entity, named as GeoNames names it, so "Mosoul", "al-Mawsil" and "Mosul" in three articles
are one entity. A place the gazetteer does not know keeps its per-name id
(``place:<slug>``). Per-document work, run by the document stage
(:data:`sitroom.pipeline.EXTRACTORS`); pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitroom.model import Entity, Mention, Place

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
