"""Hand-built documents that quote someone, for the store's and the report's person tests."""

from __future__ import annotations

import hashlib

from sitroom.model import Analysis, DateValue, Document, Origin, Quote, Span


def quote_document(
    speaker: str | None,
    said: str,
    *,
    written: str | None = None,
    speaker_type: str | None = "person",
    speakers: tuple[str, ...] | None = None,
    role: str | None = None,
    entity: str | None = None,
    published: str = "2017-07-14",
) -> Analysis:
    """One document: “<said>,” <written> said. ``written`` defaults to ``speaker``; the id
    is the hash of the text, so that the same arguments make the same document."""
    written = written if written is not None else (speaker or "someone")
    text = f"“{said},” {written} said."
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    doc = Document(
        id=doc_id, text=text, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), origin=Origin(path=f"{doc_id}.txt"),
        title=said, published=DateValue(published, "day", "metadata", "test"),
    )
    start = 1
    speaker_start = text.index(written, start + len(said))
    quote = Quote(
        span=Span(doc_id, start, start + len(said)), text=said, direct=True, speaker=speaker, speaker_text=written,
        speaker_span=Span(doc_id, speaker_start, speaker_start + len(written)), speaker_role=role, speaker_entity=entity,
        speaker_type=speaker_type, speakers=speakers if speakers is not None else ((speaker,) if speaker else ()),
        cue="said", verbatim=True, sentence=Span(doc_id, 0, len(text)),
    )
    return Analysis(document=doc, quotes=(quote,))
