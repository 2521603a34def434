"""The report as a brief: contents, figures reported once on one row, the timeline without
undated or background events, sources as safe links, each citation carrying its sentence."""

from __future__ import annotations

import re
from dataclasses import replace

from sitroom.model import DateValue, Event, Figure, Span
from sitroom.report.sitrep import render, report_from_analyses, web_url
from tests.factories import make_analysis

TEXT = (
    "Roughly 4,500 IS fighters remain in Mosul, a commander said.\n\n"
    "Rebels attacked the town on Monday. In 2003 the army invaded the country. Gunmen attacked a bus."
)


def _analysis(doc_id: str, url: str | None, fighters: float, published: str, town: str):
    analysis = make_analysis(TEXT, doc_id)
    figure = replace(analysis.figures[0], value=fighters, low=fighters, high=fighters)
    text = TEXT
    second = Figure(
        span=Span(doc_id, text.index("4,500"), text.index("4,500") + 5), text="4,500", value=4500.0, low=4500.0, high=4500.0,
        unit="people", kind="displaced", subject="residents", place=town, sentence=Span(doc_id, 0, 60),
    )  # a figure no other source gives: each document's is in another town

    def event(word: str, date: str | None, context: str) -> Event:
        start = text.index(word)
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else text.index("\n\n") + 2
        end = text.index(".", start) + 1
        return Event(span=Span(doc_id, start, start + len(word)), text=word, type="Battles", actor1="Rebels", date=date, context=context, sentence=Span(doc_id, sentence_start, end))

    events = (event("attacked the town", "2017-07-10", "past"), event("invaded", "2003", "background"), event("attacked a bus", None, "past"))
    document = replace(analysis.document, url=url, title=f"Report {doc_id[0]}", published=DateValue(published, "day", "metadata", "test"))
    return replace(analysis, document=document, figures=(figure, second), events=events)


def _brief(fmt: str) -> str:
    a = _analysis("a" * 16, "https://example.org/news/a (1).html", 4500.0, "2017-07-14", "Raqqa")
    b = _analysis("b" * 16, "javascript:alert(document.cookie)", 5000.0, "2017-07-15", "Aleppo")
    return render(report_from_analyses([a, b]), fmt)


def test_the_brief_has_contents_that_point_to_its_sections():
    md, html = _brief("md"), _brief("html")
    assert "Contents: [Key figures](#key-figures) · [Statements](#statements-by-speaker) · [Timeline](#timeline)" in md
    for anchor in re.findall(r'<nav class="toc">(.*?)</nav>', html)[0].split('href="#')[1:]:
        assert f'id="{anchor.split(chr(34))[0]}"' in html


def test_a_figure_two_sources_give_keeps_its_table_and_one_given_once_is_one_row():
    md = _brief("md")
    figures = md[md.index("## Key figures") : md.index("## Statements")]
    assert "**Place not stated · fighter: 4,500–5,000** — later reports give higher counts" in figures
    assert figures.count("| as written | normalised |") == 1  # the fighters group's table only
    once = figures[figures.index("### Displaced") :]
    assert "Reported once:" in once and "**Raqqa" not in once  # no heading and table for a single value
    assert "| Aleppo | residents | 4,500 | 4,500 | 2017-07-15 (published) |" in once and "| Raqqa | residents | 4,500 | 4,500 | 2017-07-14 (published) |" in once


def test_the_timeline_holds_what_happened_when_and_says_what_it_left_out():
    md = _brief("md")
    timeline = md[md.index("## Timeline") : md.index("## Events")]
    assert "attacked the town" in timeline and "invaded" not in timeline and "attacked a bus" not in timeline
    assert "4 undated or background event(s) are listed under Events" in timeline
    events = md[md.index("## Events") : md.index("## Actors")]
    assert "invaded" in events and "attacked a bus" in events


def test_sources_link_only_to_web_addresses_and_each_source_is_one_line():
    md, html = _brief("md"), _brief("html")
    sources = md[md.index("## Sources") :].strip().splitlines()[1:]
    lines = [line for line in sources if line]
    assert len(lines) == 2 and all(line.startswith("- **S") for line in lines)
    assert "[Report a](https://example.org/news/a%20%281%29.html)" in md
    assert 'href="javascript' not in html and "](javascript" not in md
    assert '<a href="https://example.org/news/a%20%281%29.html" rel="noopener noreferrer">Report a</a>' in html
    assert web_url("https://x.org/a b\"onmouseover=alert(1)") == "https://x.org/a%20b%22onmouseover=alert%281%29"
    assert [web_url(u) for u in ("file:///etc/passwd", "data:text/html,<b>", "  ", None)] == [None, None, None, None]


def test_each_html_citation_carries_its_sentence():
    html = _brief("html")
    assert re.search(r'<a href="#S1" title="Roughly 4,500 IS fighters remain in Mosul, a commander said\.">S1:0-13</a>', html)
