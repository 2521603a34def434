"""The report's statements section: speaker entities across documents, unnamed sources,
joint statements, unattributed quotes last, escaping."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from sitroom.config import Config
from sitroom.model import Entity, Origin, RawDocument
from sitroom.runner import ingest
from sitroom.report.sitrep import build_report, render, report_from_analyses
from sitroom.store import Store
from sitroom.link.batch import store_batch
from tests.link.factories import quote_document

TOWNSEND = [
    quote_document("Stephen J. Townsend", "We will keep up the pressure", written="U.S. Lt. Gen. Stephen J. Townsend", role="commander of the U.S. coalition", published="2017-07-10"),
    quote_document("Lt. Gen. Townsend", "The city will be cleared within weeks", role="Lt. Gen.", published="2017-07-12"),
    quote_document("Townsend", "The enemy is beaten", published="2017-07-14"),
]


def section(md: str, heading: str) -> str:
    """The Markdown under ``### heading`` up to the next heading."""
    match = re.search(rf"^### {re.escape(heading)}\b.*?$(.*?)(?=^#)", md, flags=re.M | re.S)
    assert match, f"no section {heading!r} in\n{md}"
    return match.group(1)


def headings(md: str) -> list[str]:
    statements = md.split("## Statements by speaker", 1)[1].split("## Events", 1)[0]
    return re.findall(r"^### (.*)$", statements, flags=re.M)


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_report_groups_one_person_across_documents_under_the_full_name(tmp_path, order):
    with Store(tmp_path / "s.db") as store:
        for i in order:
            store_batch(store, [(TOWNSEND[i], f"r{i}")])
        md = render(build_report(store), "md")
    assert headings(md) == ["Stephen J. Townsend (commander of the U.S. coalition)"]
    townsend = section(md, "Stephen J. Townsend")
    for doc in TOWNSEND:
        assert doc.quotes[0].text in townsend


def test_report_groups_two_persons_with_one_surname_apart(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(quote_document("Stephen Townsend", "We will win"), "a"), (quote_document("Sarah Townsend", "Aid is not arriving"), "b")])
        md = render(build_report(store), "md")
    assert sorted(headings(md)) == ["Sarah Townsend", "Stephen Townsend"]
    assert "We will win" in section(md, "Stephen Townsend") and "Aid is not arriving" in section(md, "Sarah Townsend")


def test_report_without_entities_groups_by_speaker_with_the_first_role():
    report = report_from_analyses(TOWNSEND)  # not stored, so not linked: one group per name
    assert [(g.heading, g.role, len(g.statements)) for g in report.speakers] == [
        ("Lt. Gen. Townsend", "Lt. Gen.", 1), ("Stephen J. Townsend", "commander of the U.S. coalition", 1), ("Townsend", None, 1),
    ]


def test_report_puts_unnamed_sources_together_and_unattributed_last():
    docs = [
        quote_document(None, "Nobody knows who said this", written="someone", speaker_type=None),
        quote_document("officials", "The bridge is closed", written="officials", speaker_type="description"),
        quote_document("a police spokesman", "Two people were hurt", written="a police spokesman", speaker_type="description"),
        quote_document("Human Rights Watch", "Civilians are trapped", speaker_type="organisation"),
    ]
    report = report_from_analyses(docs)
    assert [(g.heading, g.kind) for g in report.speakers] == [
        ("Human Rights Watch", "named"), ("Unnamed sources", "unnamed"), ("Unattributed", "unattributed"),
    ]
    md = render(report, "md")
    unnamed = section(md, "Unnamed sources")
    assert "- officials: “The bridge is closed”" in unnamed and "- a police spokesman: “Two people were hurt”" in unnamed
    assert "Nobody knows who said this" in section(md, "Unattributed")
    html = render(report, "html")
    assert "<strong>a police spokesman:</strong> “Two people were hurt”" in html


def test_report_shows_a_joint_statement_under_each_speaker():
    joint = quote_document("Mary Jones", "The ceasefire must hold", speakers=("Mary Jones", "Ali Hassan"))
    alone = quote_document("Ali Hassan", "We are ready")
    md = render(report_from_analyses([joint, alone]), "md")
    assert headings(md) == ["Ali Hassan", "Mary Jones"]
    assert "“The ceasefire must hold” — said (joint statement with Mary Jones)" in section(md, "Ali Hassan")
    assert "“The ceasefire must hold” — said (joint statement with Ali Hassan)" in section(md, "Mary Jones")
    assert "joint statement" not in section(md, "Ali Hassan").split("We are ready")[1]


def test_report_joint_statement_co_speaker_joins_the_entity_with_that_alias():
    joint = quote_document("Mary Jones", "The ceasefire must hold", speakers=("Mary Jones", "Hassan"))
    other = quote_document("Ali Hassan", "We are ready", entity="person/hassan/ali")
    entity = Entity("person/hassan/ali", "Ali Hassan", "person", aliases=("Hassan",))
    report = report_from_analyses([joint, replace(other, entities=(entity,))])
    hassan = next(g for g in report.speakers if g.entity == "person/hassan/ali")
    assert hassan.heading == "Ali Hassan" and [s.quote.text for s in hassan.statements] == ["The ceasefire must hold", "We are ready"]
    assert hassan.statements[0].joint_with == ("Mary Jones",)


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1))"


def test_report_statements_escape_speakers_descriptions_and_joint_names():
    docs = [
        quote_document(HOSTILE, "One", speakers=(HOSTILE, "<b>Joint</b>"), role="<i>role</i>"),
        quote_document(None, "Two", written="<img src=x onerror=alert(1)>", speaker_type="description"),
    ]
    for fmt in ("md", "html"):
        out = render(report_from_analyses(docs), fmt)
        assert "<script>" not in out and "<img" not in out and "<b>" not in out and "<i>" not in out, fmt
        assert fmt == "html" or ("[x](javascript" not in out and "\\[x\\]" in out)
        assert "&lt;script&gt;" in out and "&lt;b&gt;Joint&lt;/b&gt;" in out and "&lt;img src=x" in out


def test_report_from_real_documents_groups_townsend_under_the_full_name(tmp_path, pipeline):
    texts = [
        "The battle for the old city of Mosul is over, U.S. Lt. Gen. Stephen J. Townsend, commander of the U.S.-led coalition, said on Monday.",
        "Coalition aircraft will keep striking targets in western Iraq, Lt. Gen. Townsend told reporters on Tuesday.",
        "The assault on Raqqa began last week.\n\n“Raqqa is now job number one,” Mr. Townsend said in an interview with CNN.",
    ]
    raws = [RawDocument(t, "text", Origin(path=f"townsend{i}.txt")) for i, t in enumerate(texts)]
    for order in (raws, raws[::-1]):
        path = tmp_path / f"{order[0].origin.path}.db"
        with Store(path) as store:
            for raw in order:
                ingest([raw], store, config=Config(), workers=1)
            counts = store.count("entities"), store.count("quotes")
            again = ingest(raws, store, config=Config(), workers=1)
            assert again.stored == 0 and (store.count("entities"), store.count("quotes")) == counts
            persons = [e for e in store.entities() if e.id.startswith("person/")]
            report = build_report(store)
        assert [(e.id, e.name) for e in persons] == [("person/townsend/stephen", "Stephen J. Townsend")]
        [group] = [g for g in report.speakers if g.entity == "person/townsend/stephen"]
        assert group.heading == "Stephen J. Townsend" and len(group.statements) == 3
        assert {s.quote.speaker_text for s in group.statements} == {"U.S. Lt. Gen. Stephen J. Townsend", "Lt. Gen. Townsend", "Mr. Townsend"}


def test_report_of_a_store_an_ingest_writes_meanwhile_covers_the_documents_it_numbered(tmp_path):
    """A document stored while a report is built (another process's ingest) waits for the next
    report instead of failing this one (it once raised KeyError on its number)."""
    path = tmp_path / "s.db"
    with Store(path) as store:
        store_batch(store, [(TOWNSEND[0], "r0"), (TOWNSEND[1], "r1")])
        numbered = store.publication_days

        def then_another_ingest(**kwargs):
            days = numbered(**kwargs)
            with Store(path) as writer:  # another connection, as another process would have
                store_batch(writer, [(TOWNSEND[2], "r2")])
            return days

        store.publication_days = then_another_ingest
        report = build_report(store)
    assert len(report.sources) == 2
