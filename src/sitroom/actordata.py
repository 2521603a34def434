"""The actor data: canonical actors and every alias, read from TOML files.

Loaded by the spaCy pipeline (:mod:`sitroom.nlp`, for its EntityRuler) and by whatever
needs the aliases without a model (search expands "ISIS" to every name of the actor).
Imports no model library.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sitroom.errors import ActorDataError
from sitroom.model import Entity


@dataclass(frozen=True, slots=True)
class Actors:
    """The canonical actors and an index from every alias (as written) to an actor id."""

    entities: dict[str, Entity]
    by_alias: dict[str, str]
    categories: dict[str, str] = field(default_factory=dict)
    """Actor id -> ACLED actor category ("State Forces", "Rebel Groups"...), where the data gives one."""

    def lookup(self, text: str) -> Entity | None:
        """The actor ``text`` names exactly (after trimming "the" and possessive 's)."""
        key = _alias_key(text)
        actor_id = self.by_alias.get(key)
        return self.entities.get(actor_id) if actor_id else None


def _alias_key(text: str) -> str:
    text = text.strip()
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if text[:4].lower() == "the ":
        text = text[4:]
    return text


def bundled_actor_files() -> list[Path]:
    """The actor files shipped in ``sitroom/data``."""
    folder = resources.files("sitroom") / "data"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.startswith("actors") and p.name.endswith(".toml"))


def load_actors(files: Iterable[str | Path]) -> Actors:
    """Read actor TOML files; later files override earlier entries with the same id.

    Raises:
        ActorDataError: unreadable file, or an entry without ``id``/``name``/``type``.
    """
    entities: dict[str, Entity] = {}
    categories: dict[str, str] = {}
    for file in files:
        try:
            data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ActorDataError(f"{file}: cannot read actor data: {exc}") from exc
        for n, row in enumerate(data.get("actor", []), start=1):
            missing = [k for k in ("id", "name", "type") if not row.get(k)]
            if missing:
                raise ActorDataError(f"{file}: actor #{n} lacks {', '.join(missing)}")
            entities[row["id"]] = Entity(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                aliases=tuple(row.get("aliases", ())),
                country=row.get("country"),
            )
            if row.get("acled"):
                categories[row["id"]] = row["acled"]
            else:
                categories.pop(row["id"], None)
    by_alias: dict[str, str] = {}
    for entity in entities.values():
        for alias in (entity.name, *entity.aliases):
            by_alias.setdefault(_alias_key(alias), entity.id)
    return Actors(entities=entities, by_alias=by_alias, categories=categories)
