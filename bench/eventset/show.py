"""Print sitroom's events for development-split articles of the event gold set.

    python -m bench.eventset.show ID [ID ...]     # or "dev" for every development article
    python -m bench.eventset.show --errors GOLD.jsonl ...   # scores and errors, development split only

Refuses test-split articles: their errors are never looked at (see README.md).
"""

from __future__ import annotations

import sys

from bench.eventset.articles import Article, articles


def analyse_articles(chosen: list[Article]):
    """sitroom's Analysis of each article, built from its text with its publication day."""
    from sitroom.config import Config
    from sitroom.nlp import shared_pipeline
    from sitroom.pipeline import analyse

    nlp, actors = shared_pipeline(Config())
    documents = [a.document() for a in chosen]
    return [analyse(d, sdoc, actors) for d, sdoc in zip(documents, nlp.pipe(d.text for d in documents), strict=True)]


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--errors":
        dev_report(argv[1:])
        return 0
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



def dev_report(gold_files: list[str]) -> None:
    """Scores and errors on the development articles of the given gold files (for working on
    the rules; the test split is skipped)."""
    import json
    from pathlib import Path

    from bench.eventgold import _lookup, gold_events, system_outputs
    from bench.eventset.score import Tally

    known = articles()
    gold = {}
    for name in gold_files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if known[rec["id"]].split == "dev":
                    gold[rec["id"]] = rec
    outputs = system_outputs([known[i] for i in gold])
    tally, lookup = Tally(), _lookup()
    for article_id, rec in gold.items():
        out = outputs[article_id]
        tally.add(out["sitroom"], gold_events(rec), rec.get("non_events", []), out["sentences"], lookup=lookup, doc_id=article_id, keep_errors=True)
    print(json.dumps(tally.metrics(), indent=1))
    print("non-events hit:", dict(tally.non_event_hits))
    for err in tally.errors:
        text = known[err["doc"]].text
        if err["kind"] == "missed":
            g = err["gold"]
            print(f"MISSED {err['doc']} {g['type']}/{g.get('subtype')} a1={g.get('actor1')} a2={g.get('actor2')} | {[text[s:e] for s, e in g['mentions']]}")
        elif err["kind"] == "spurious":
            p = err["pred"]
            s, e = p["mentions"][0]
            print(f"SPURIOUS[{err.get('reason')}] {err['doc']} {p['type']} {p.get('date')} {text[s:e]!r} | {text[max(0, s - 80):e + 60]!r}")
        else:
            p, g = err["pred"], err["gold"]
            print(f"FIELDS {err['doc']} wrong={err['wrong']} mention={[text[s:e] for s, e in g['mentions']][:2]}")
            for name in err["wrong"]:
                print(f"    {name}: sys={_field(p, name)} gold={_field(g, name)}")


def _field(e: dict, name: str) -> str:
    if name == "place":
        p = e.get("place") or {}
        return f"{p.get('name', '')} {p.get('lat')},{p.get('lon')} p{p.get('geo_precision')}"
    if name == "date":
        return f"{e.get('date')}..{e.get('date_end')} t{e.get('time_precision')}"
    if name == "subtype":
        return f"{e.get('type')}/{e.get('subtype')}"
    return str(e.get(name))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
