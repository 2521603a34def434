"""Print sitroom's events for development-split articles of the event gold set.

    python -m bench.eventset.show ID [ID ...]     # or "dev" for every development article

Refuses test-split articles: their errors are never looked at (see README.md).
"""

from __future__ import annotations

import sys

from bench.eventset.articles import Article, articles


def analyse_articles(chosen: list[Article]):
    """sitroom's Analysis of each article, built from its text with its publication day."""
    import hashlib

    from sitroom.config import Config
    from sitroom.model import DateValue, Document, Origin
    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import analyse

    nlp, actors = shared_pipeline(Config())
    documents = [
        Document(
            id=a.id,
            text=a.text,
            content_hash=hashlib.sha256(a.text.encode("utf-8")).hexdigest(),
            origin=Origin(path=f"eventset/{a.id}", url=a.url),
            published=DateValue(a.date, "day", "metadata") if a.date else None,
            title=a.title,
            url=a.url,
        )
        for a in chosen
    ]
    return [analyse(d, sdoc, actors) for d, sdoc in zip(documents, nlp.pipe(d.text for d in documents), strict=True)]


def main(argv: list[str]) -> int:
    known = articles()
    ids = [i for i, a in known.items() if a.split == "dev"] if argv == ["dev"] else argv
    for i in ids:
        if known[i].split != "dev":
            print(f"{i} is in the test split: its output is not shown", file=sys.stderr)
            return 2
    for analysis in analyse_articles([known[i] for i in ids]):
        text = analysis.document.text
        print(f"# {analysis.document.id} ({analysis.document.published.value if analysis.document.published else None}) {analysis.document.title}")
        for e in analysis.events:
            extra = f" mentions={len(e.mentions)}" if getattr(e, "mentions", ()) else ""
            print(
                f"  [{e.span.start}] {e.text!r} {e.type}/{e.subtype} ctx={e.context} | a1={e.actor1!r} ({e.actor1_category}) "
                f"a2={e.actor2!r} ({e.actor2_category}) | place={e.place!r} p{e.geo_precision} {e.country} | "
                f"date={e.date}..{e.date_end} t{e.time_precision} {e.date_provenance} | dead={e.fatalities}{extra}"
            )
            if e.sentence:
                print(f"      {text[e.sentence.start:e.sentence.end][:220]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
