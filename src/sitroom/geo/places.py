"""Places of a document: its place mentions resolved against the gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.geo.resolve import resolve_spellings
from sitroom.model import Mention, Place, Span

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels of the mentions geocoded."""
HINT_LABELS = frozenset({"NORP"})
"""spaCy labels of the mentions that only tell a country ("Iraqi army", "Kurdish peshmerga")."""


def geocode(doc_id: str, text: str, mentions: Sequence[Mention]) -> tuple[Place, ...]:
    """One :class:`~sitroom.model.Place` per place mention (GPE, LOC, FAC) that resolves, in text order.

    All place mentions of the document are resolved together (:func:`~sitroom.geo.resolve_names`);
    NORP mentions count as country hints. A mention used as a modifier ("the Iraqi
    army" is NORP, "Mosul offensive" is GPE) still resolves: the caller decides what to
    keep. ``text`` is the document's clean text; ``doc_id`` goes into each Place's span.
    A mention whose own text does not resolve is tried by its canonical name (the
    spelling :mod:`sitroom.extract.actors` merged it with).
    """
    places = sorted((m for m in mentions if m.label in PLACE_LABELS), key=lambda m: (m.span.start, m.span.end))
    hints = [m.text for m in mentions if m.label in HINT_LABELS]
    spellings = [_spellings(text, m) for m in places]
    out = []
    for m, c in zip(places, resolve_spellings(spellings, hints)):
        if c is None:
            continue
        out.append(
            Place(
                span=Span(doc_id, m.span.start, m.span.end),
                text=m.text,
                name=c.name,
                geonames_id=c.geonames_id,
                lat=c.lat,
                lon=c.lon,
                country=c.country,
                admin1=c.admin1,
                feature_code=c.feature_code,
                method=c.method,
            )
        )
    return tuple(out)


def _spellings(text: str, mention: Mention) -> tuple[str, ...]:
    written = text[mention.span.start : mention.span.end] if 0 <= mention.span.start < mention.span.end <= len(text) else ""
    forms = [f for f in (mention.text, written, mention.canonical) if f]
    return tuple(dict.fromkeys(forms))
