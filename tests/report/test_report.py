"""Situation report and exports from hand-built records: content, citations, escaping."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from sitroom.model import Figure, Span
from sitroom.report.export import analysis_records, csv_columns, store_records, write_csv, write_jsonl
from sitroom.report.sitrep import CitationError, md_escape, normalised, render, report_from_analyses
from sitroom.store import Store
from sitroom.link.batch import store_batch
from tests.factories import TEXT, make_analysis
from tests.link.factories import quote_document

HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) | **bold**"


def hostile_analysis():
    analysis = make_analysis(text=TEXT + "\n\n" + HOSTILE)
    doc = replace(analysis.document, title="<img src=x onerror=alert(1)>")
    start = len(TEXT) + 2
    figure = Figure(span=Span(doc.id, start, start + 8), text=doc.text[start : start + 8], value=None, low=200, high=999, unit="people", kind="killed")
    return replace(analysis, document=doc, figures=analysis.figures + (figure,))


def test_report_markdown_has_sections_and_citations():
    text = render(report_from_analyses([make_analysis()]), "md")
    for heading in ("## Key figures", "## Statements by speaker", "## Events", "## Actors", "## Sources"):
        assert heading in text
    assert "Roughly 4,500" in text and "4,500" in text and "IS fighters" in text
    assert "[S1:0-13]" in text
    assert "A Commander (commander)" in text
    assert "2017-07-14 (dateline line in text)" in text


def test_report_html_escapes_article_text():
    html = render(report_from_analyses([hostile_analysis()]), "html")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_report_markdown_escapes_article_text():
    md = render(report_from_analyses([hostile_analysis()]), "md")
    assert "<script>" not in md and "<img" not in md
    assert "[click](javascript" not in md
    assert "\\[click\\]" in md


def test_report_refuses_a_citation_that_does_not_hold_its_text():
    analysis = make_analysis()
    wrong = replace(analysis.figures[0], text="Exactly 9")
    with pytest.raises(CitationError, match="S1:0-13"):
        render(report_from_analyses([replace(analysis, figures=(wrong,))]), "md")


def test_report_figure_normalised_values():
    fig = make_analysis().figures[0]
    assert normalised(fig) == "4,500"
    assert normalised(replace(fig, value=None, low=200, high=999)) == "200–999"
    assert normalised(replace(fig, value=800000, low=800000, high=None)) == "≥ 800,000"


def test_md_escape_neutralises_markup():
    assert md_escape("a|b *c* <d>") == "a\\|b \\*c\\* &lt;d&gt;"
    assert md_escape(None) == ""


def test_export_jsonl_records_carry_offsets_into_document_text():
    out = io.StringIO()
    write_jsonl(analysis_records(make_analysis()), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["type"] for r in records} == {"document", "mention", "time", "quote", "figure", "event"}
    text = next(r["text"] for r in records if r["type"] == "document")
    for record in records:
        if record["type"] != "document":
            assert text[record["start"] : record["end"]] == record["text"]
    quote = next(r for r in records if r["type"] == "quote")
    assert {"speaker", "speaker_text", "speaker_role", "text", "direct", "doc_id", "start", "end"} <= set(quote)
    figure = next(r for r in records if r["type"] == "figure")
    assert {"value", "low", "high", "unit", "kind", "qualifier", "text", "subject", "reported_by"} <= set(figure)
    event = next(r for r in records if r["type"] == "event")
    assert event["event_type"] == "Battles" and event["sub_event_type"] == "Armed clash"


def test_export_csv_has_one_header_for_all_records():
    out = io.StringIO()
    n = write_csv(analysis_records(make_analysis()), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == n == 6
    assert list(rows[0]) == csv_columns()
    figure = next(r for r in rows if r["type"] == "figure")
    assert figure["value"] == "4500.0" and figure["kind"] == "fighters"


def test_report_leaves_figures_of_kind_other_out_of_key_figures():
    analysis = make_analysis()
    other = replace(analysis.figures[0], kind="other", subject="sides")
    md = render(report_from_analyses([replace(analysis, figures=(other,))]), "md")
    assert "No figures were found." in md and "sides" not in md


def test_export_tuple_fields_are_a_json_list_in_jsonl_and_json_text_in_csv(tmp_path):
    doc = quote_document("Mary Jones", "The ceasefire must hold", speakers=("Mary Jones", "Ali Hassan"))
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(doc, "r")])
        records = list(store_records(store))
    out = io.StringIO()
    write_jsonl(records, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    quote = next(r for r in lines if r["type"] == "quote")
    assert quote["speakers"] == ["Mary Jones", "Ali Hassan"]
    assert quote["speaker_type"] == "person" and quote["speaker_entity"] == "person/jones/mary" and quote["role_entity"] is None
    entity = next(r for r in lines if r["type"] == "entity")
    assert entity == {"type": "entity", "id": "person/jones/mary", "name": "Mary Jones", "entity_type": "person", "country": None, "aliases": []}
    out = io.StringIO()
    write_csv(records, out)
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["type"] == "quote")
    assert json.loads(row["speakers"]) == ["Mary Jones", "Ali Hassan"] and row["speaker_type"] == "person"


def test_report_lists_a_near_copy_among_the_sources_and_counts_nothing_of_it_again():
    original = make_analysis(doc_id="a" * 16)
    copy = make_analysis(doc_id="b" * 16)
    both = report_from_analyses([original, copy])
    marked = report_from_analyses([original, copy], {"b" * 16: "a" * 16})
    assert len(both.events) == 2 and len(marked.events) == 1
    assert [m.doc_id for _, items in both.figures for kf in items for m in kf.group.members] == ["a" * 16, "b" * 16]
    assert [m.doc_id for _, items in marked.figures for kf in items for m in kf.group.members] == ["a" * 16]
    assert [(s.number, s.copy_of) for s in marked.sources] == [(1, None), (2, 1)]
    md = render(marked, "md")
    assert "a near-copy of S1: its facts are not counted again" in md
    assert sum(len(g.statements) for g in marked.speakers) == 1


def test_figure_groups_read_alone_are_the_groups_the_export_writes(tmp_path):
    from sitroom.link.figures import group_record
    from sitroom.model import Mention
    from sitroom.report.export import figure_groups
    from sitroom.store.queries import Filters

    analyses = []
    for n, place in enumerate(["Mosul", "Mosul", "Raqqa"]):
        tail = " ".join(f"w{n}x{i}" for i in range(80))  # distinct documents, not near-copies
        base = make_analysis(text=f"{TEXT} Fighting went on in {place} on day {n}. {tail}", doc_id=f"{n:016d}")
        text = base.document.text
        at = text.index(place)
        mention = Mention(span=Span(base.document.id, at, at + len(place)), text=place, label="GPE")
        figure = replace(base.figures[0], value=4500.0 + 100 * n, low=4500.0 + 100 * n, high=4500.0 + 100 * n)
        analyses.append(replace(base, mentions=(*base.mentions, mention), figures=(figure,)))
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(a, f"raw{n}") for n, a in enumerate(analyses)])
        exported = [r for r in store_records(store) if r["type"] == "figure_group"]
        alone = [group_record(g) for g in figure_groups(store)]
        fighters = list(figure_groups(store, Filters(figure_kind="fighters")))
        killed = list(figure_groups(store, Filters(figure_kind="killed")))
    assert alone == exported
    # the documents' main places (named once each, not in the figures' sentences) split the groups
    assert sorted((r["place"], len(r["members"])) for r in alone) == [("Mosul", 2), ("Raqqa", 1)]
    assert len(fighters) == 2 and killed == []
