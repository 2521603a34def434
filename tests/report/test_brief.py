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
    assert "Contents: [At a glance](#at-a-glance) · [Key figures](#key-figures) · [Statements](#statements-by-speaker) · [Timeline](#timeline)" in md
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


def test_the_brief_opens_with_what_it_holds_at_a_glance():
    md = _brief("md")
    glance = md[md.index("## At a glance") : md.index("## Key figures")]
    assert "- 2 source(s), published 2017-07-14 to 2017-07-15." in glance
    assert "- 6 event(s), 4 reported as having taken place: Battles 6." in glance
    assert "- 3 figure group(s), 1 reported more than once, 0 where the sources disagree." in glance


def test_the_html_brief_draws_its_events_on_a_map_and_a_figure_over_time():
    from sitroom.report.svg import event_map

    located = []
    for doc_id, town, lat, lon, published in (("a" * 16, "<script>alert(1)</script>Raqqa", 35.95, 39.01, "2017-07-14"), ("b" * 16, "Aleppo", 36.2, 37.16, "2017-07-15")):
        analysis = _analysis(doc_id, None, 4500.0 if doc_id[0] == "a" else 5000.0, published, "Aleppo" if doc_id[0] == "b" else "Raqqa")
        first = replace(analysis.events[0], place=town, lat=lat, lon=lon, fatalities=3.0)
        planned = replace(analysis.events[2], lat=lat, lon=lon, context="planned")  # did not take place: not drawn
        located.append(replace(analysis, events=(first, analysis.events[1], planned)))
    html = render(report_from_analyses(located), "html")
    drawn = re.findall(r'<svg class="map".*?</svg>', html, re.S)
    assert len(drawn) == 1 and drawn[0].count("<circle") == 2 and "<path d=\"M" in drawn[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Raqqa" in drawn[0] and "<script>" not in html
    charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    assert len(charts) == 1 and charts[0].count("<circle") == 2 and "2017-07-14" in charts[0] and "2017-07-15" in charts[0]
    # the map's box holds its events: both circles inside the picture
    for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', drawn[0]):
        assert 0 < float(x) < 760 and 0 < float(y) < 380
    assert event_map([(None, None, None, "Battles", "nowhere")]) is None
    assert "No event with a known place." in _brief("html")
