"""Hand-built records for tests of the store, reports and exports (no model needed)."""

from __future__ import annotations

from sitroom.model import Analysis, DateValue, Document, Entity, Event, Figure, Mention, Origin, Quote, Removed, Span, TimeRef

TEXT = "Roughly 4,500 IS fighters remain in Mosul, a commander said.\n\n“We will win,” he said."


def make_analysis(text: str = TEXT, doc_id: str = "d" * 16) -> Analysis:
    doc = Document(
        id=doc_id,
        text=text,
        content_hash=doc_id * 4,
        origin=Origin(path="a.txt"),
        title="Mosul",
        published=DateValue("2017-07-14", "day", "metadata", "dateline line in text"),
        removed=(Removed(0, 20, "Skip to main content", "navigation"),),
        warnings=("example warning",),
    )
    figure = Figure(
        span=Span(doc_id, 0, 13), text=text[0:13], value=4500.0, low=4500.0, high=4500.0, unit="people",
        kind="fighters", qualifier="approximately", subject="IS fighters", sentence=Span(doc_id, 0, 60),
    )
    quote = Quote(
        span=Span(doc_id, 63, 74), text=text[63:74], direct=True, speaker="A Commander", speaker_text="he",
        speaker_span=Span(doc_id, 77, 79), speaker_role="commander", cue="said", verbatim=True, sentence=Span(doc_id, 62, 85),
    )
    mention = Mention(span=Span(doc_id, 14, 16), text="IS", label="ORG", entity_id="islamic-state", canonical="Islamic State")
    time = TimeRef(span=Span(doc_id, 0, 7), text=text[0:7], value=None, precision=None, provenance=None)
    event = Event(span=Span(doc_id, 26, 32), text=text[26:32], type="Battles", subtype="Armed clash", place="Mosul", sentence=Span(doc_id, 0, 60))
    entity = Entity(id="islamic-state", name="Islamic State", type="armed_group", aliases=("IS", "ISIS"))
    return Analysis(document=doc, entities=(entity,), mentions=(mention,), times=(time,), quotes=(quote,), figures=(figure,), events=(event,))
