"""Places of a document from its mentions (sitroom.geo.geocode)."""

from __future__ import annotations

from sitroom.geo import geocode
from sitroom.model import Mention, Place, Span

TEXT = "Iraqi forces entered Mosoul on Sunday, a Kurdish commander told reporters in Erbil, Iraq. Paris reacted."


def mention(text: str, label: str, *, canonical: str | None = None, doc_id: str = "d1") -> Mention:
    start = TEXT.index(text + ".") if text == "Iraq" else TEXT.index(text)
    return Mention(span=Span(doc_id, start, start + len(text)), text=text, label=label, canonical=canonical)


def test_places_one_per_place_mention_in_text_order():
    mentions = [
        mention("Iraq", "GPE"),
        mention("Iraqi", "NORP"),
        mention("Mosoul", "GPE"),
        mention("Kurdish", "NORP"),
        mention("Erbil", "GPE"),
        mention("Sunday", "DATE"),
    ]
    places = geocode("d1", TEXT, mentions)
    assert all(isinstance(p, Place) for p in places)
    assert [p.text for p in places] == ["Mosoul", "Erbil", "Iraq"]
    mosul, erbil, iraq = places
    assert (mosul.name, mosul.country, mosul.admin1) == ("Mosul", "IQ", "Nineveh")
    assert mosul.span == Span("d1", TEXT.index("Mosoul"), TEXT.index("Mosoul") + 6)
    assert TEXT[mosul.span.start : mosul.span.end] == "Mosoul"
    assert erbil.country == "IQ" and erbil.feature_code in ("PPL", "PPLC", "PPLA")
    assert (iraq.feature_code, iraq.lat, iraq.lon) == ("PCLI", 33.0, 44.0)
    assert all(p.method for p in places) and all(p.geonames_id for p in places)


def test_places_norp_mentions_are_hints_not_places():
    places = geocode("d1", TEXT, [mention("Iraqi", "NORP"), mention("Kurdish", "NORP")])
    assert places == ()


def test_places_unresolved_mentions_are_left_out():
    text = "Fighting near Xqzzyville and Mosul."
    ms = [
        Mention(Span("d2", 14, 24), "Xqzzyville", "GPE"),
        Mention(Span("d2", 29, 34), "Mosul", "GPE"),
    ]
    assert [p.name for p in geocode("d2", text, ms)] == ["Mosul"]


def test_places_canonical_spelling_is_tried_when_the_text_fails():
    text = "Fighting in Mosuull."
    m = Mention(Span("d3", 12, 19), "Mosuull", "GPE", entity_id="place:mosul", canonical="Mosul")
    (place,) = geocode("d3", text, [m])
    assert place.name == "Mosul" and place.text == "Mosuull"


def test_places_modifier_mentions_still_resolve():
    text = "The Mosul offensive began."
    (place,) = geocode("d4", text, [Mention(Span("d4", 4, 9), "Mosul", "GPE")])
    assert place.name == "Mosul"
