"""Figure reconciliation across documents (sitroom.link.figures), the export's figure groups
and the report's key figures, on hand-built records (no model needed)."""

from __future__ import annotations

import json

from sitroom.link.figures import group_record, members_of, reconcile, subject_head
from sitroom.model import Analysis, DateValue, Document, Figure, Mention, Origin, Span
from sitroom.report.export import store_records
from sitroom.report.sitrep import render, report_from_analyses
from sitroom.store import Store
from sitroom.link.batch import store_batch


def _doc(doc_id: str, text: str, published: str | None, outlet: str = "Outlet") -> Document:
    return Document(
        id=doc_id,
        text=text,
        content_hash=doc_id * 4,
        origin=Origin(path=f"{doc_id}.txt"),
        title=text[:20],
        outlet=outlet,
        published=DateValue(published, "day", "metadata", "test") if published else None,
    )


def _analysis(doc_id: str, text: str, published: str | None, figures: list[dict], mentions: tuple[Mention, ...] = ()) -> Analysis:
    """An analysis whose figures are given as ``{"text": written form in text, ...fields}``."""
    doc = _doc(doc_id, text, published)
    built = []
    for spec in figures:
        spec = dict(spec)
        written = spec.pop("text")
        start = text.index(written)
        value = spec.pop("value", None)
        built.append(
            Figure(
                span=Span(doc_id, start, start + len(written)),
                text=written,
                value=value,
                low=spec.pop("low", value),
                high=spec.pop("high", value),
                unit=spec.pop("unit", "people"),
                kind=spec.pop("kind", "killed"),
                sentence=Span(doc_id, 0, len(text)),
                **spec,
            )
        )
    return Analysis(document=doc, entities=(), mentions=mentions, times=(), quotes=(), figures=tuple(built), events=())


def _groups(*analyses: Analysis):
    return reconcile(members_of(analyses))


def test_two_reports_of_one_toll_are_one_group_that_disagrees():
    a = _analysis("a" * 16, "200 civilians were killed in Mosul.", "2017-06-01", [{"text": "200", "value": 200.0, "subject": "civilians", "place": "Mosul"}])
    b = _analysis("b" * 16, "The UN said 231 civilians died in Mosul.", "2017-06-01", [{"text": "231", "value": 231.0, "subject": "civilians", "place": "Mosul"}])
    [group] = _groups(a, b)
    assert group.status == "contradict" and (group.low, group.high) == (200.0, 231.0)
    assert [m.figure.value for m in group.members] == [200.0, 231.0]  # both kept, nothing averaged
    assert group.documents == ("a" * 16, "b" * 16)
    # a day later the higher count reads as an update of the toll, not as a contradiction
    later = _analysis("b" * 16, "The UN said 231 civilians died in Mosul.", "2017-06-03", [{"text": "231", "value": 231.0, "subject": "civilians", "place": "Mosul"}])
    [group] = _groups(a, later)
    assert group.status == "rising" and group.latest.doc_id == "b" * 16
    # a lower count reported later does contradict
    lower = _analysis("c" * 16, "Officials said 150 civilians died in Mosul.", "2017-06-05", [{"text": "150", "value": 150.0, "subject": "civilians", "place": "Mosul"}])
    [group] = _groups(a, later, lower)
    assert group.status == "contradict" and group.latest.doc_id == "c" * 16


def test_values_agree_within_their_qualifiers():
    a = _analysis("a" * 16, "At least 200 civilians were killed in Mosul.", "2017-06-01", [{"text": "At least 200", "value": 200.0, "high": None, "qualifier": "at least", "subject": "civilians", "place": "Mosul"}])
    b = _analysis("b" * 16, "Hundreds of civilians were killed in Mosul.", "2017-06-02", [{"text": "Hundreds", "low": 200.0, "high": 999.0, "subject": "civilians", "place": "Mosul"}])
    c = _analysis("c" * 16, "231 civilians were killed in Mosul.", "2017-06-03", [{"text": "231", "value": 231.0, "subject": "civilians", "place": "Mosul"}])
    [group] = _groups(a, b, c)
    assert group.status == "agree" and group.low == 200.0 and group.high is None
    up_to = _analysis("d" * 16, "Up to 100 people were killed in Raqqa.", "2017-06-01", [{"text": "Up to 100", "value": 100.0, "low": None, "qualifier": "up to", "place": "Raqqa"}])
    eighty = _analysis("e" * 16, "80 people were killed in Raqqa.", "2017-06-01", [{"text": "80", "value": 80.0, "place": "Raqqa"}])
    [group] = _groups(up_to, eighty)
    assert group.status == "agree" and (group.low, group.high) == (0.0, 100.0)


def test_a_toll_that_grows_over_time_is_rising_not_a_contradiction():
    a = _analysis("a" * 16, "45 people were killed in Nakuru.", "2008-01-01", [{"text": "45", "value": 45.0, "place": "Nakuru"}])
    b = _analysis("b" * 16, "The toll in Nakuru rose to 250.", "2008-01-10", [{"text": "250", "value": 250.0, "place": "Nakuru"}])
    [group] = _groups(a, b)
    assert group.status == "rising" and group.latest.figure.value == 250.0


def test_different_scopes_are_told_apart_and_unnamed_ones_flagged():
    force = _analysis("a" * 16, "A 30,000-strong advancing force entered Mosul.", "2016-10-17", [{"text": "30,000", "value": 30000.0, "kind": "troops", "subject": "advancing force", "place": "Mosul"}])
    coalition = _analysis("b" * 16, "A 100,000-strong coalition is fighting in Mosul.", "2016-10-18", [{"text": "100,000", "value": 100000.0, "kind": "troops", "subject": "coalition", "place": "Mosul"}])
    bare = _analysis("c" * 16, "Some 50,000 took part in Mosul.", "2016-10-19", [{"text": "50,000", "value": 50000.0, "kind": "troops", "place": "Mosul"}])
    groups = _groups(force, coalition, bare)
    by_subject = {g.subject: g for g in groups}
    assert set(by_subject) == {"force", "coalition", None}
    assert by_subject["force"].status == by_subject["coalition"].status == "single"
    assert "coalition" in (by_subject[None].review or "") and "force" in (by_subject[None].review or "")


def test_one_articles_several_counts_are_not_reports_of_one_count():
    text = "Two people were killed in Gaza City and four in Gaza."
    a = _analysis("a" * 16, text, "2009-01-17", [{"text": "Two", "value": 2.0, "place": "Gaza"}, {"text": "four", "value": 4.0, "place": "Gaza"}])
    groups = _groups(a)
    assert sorted(g.members[0].figure.value for g in groups) == [2.0, 4.0] and all(len(g.members) == 1 for g in groups)


def test_periods_far_apart_are_separate_groups():
    a = _analysis("a" * 16, "90 people were killed in Homs.", "2012-01-01", [{"text": "90", "value": 90.0, "place": "Homs"}])
    b = _analysis("b" * 16, "95 people were killed in Homs.", "2012-04-01", [{"text": "95", "value": 95.0, "place": "Homs"}])
    assert len(_groups(a, b)) == 2
    assert len(reconcile(members_of([a, b]), window_days=120)) == 1


def test_a_stated_date_wins_over_publication_and_the_document_place_is_marked():
    mention = Mention(span=Span("a" * 16, 27, 32), text="Mosul", label="GPE", canonical="Mosul")
    a = _analysis(
        "a" * 16, "231 people were killed in Mosul.", "2017-07-14",
        [{"text": "231", "value": 231.0, "as_of": "2017-05-21/2017-05-31", "as_of_text": "late May"}], mentions=(mention,),
    )
    [member] = members_of([a])
    assert (member.date, member.date_from) == ("2017-05-21", "stated")
    assert (member.place, member.place_from) == ("Mosul", "document")


def test_group_ids_do_not_depend_on_input_order():
    a = _analysis("a" * 16, "200 civilians were killed in Mosul.", "2017-06-01", [{"text": "200", "value": 200.0, "place": "Mosul"}])
    b = _analysis("b" * 16, "231 civilians were killed in Mosul.", "2017-06-03", [{"text": "231", "value": 231.0, "place": "Mosul"}])
    assert [g.id for g in _groups(a, b)] == [g.id for g in _groups(b, a)]


def test_subject_heads():
    assert subject_head("IS fighters") == "fighter"
    assert subject_head("Iraqi civilians") == "civilian"
    assert subject_head("casualties") == "casualty"
    assert subject_head("people") is None and subject_head(None) is None


def test_export_lists_groups_with_members_that_are_exported_figures(tmp_path):
    a = _analysis("a" * 16, "200 civilians were killed in Mosul.", "2017-06-01", [{"text": "200", "value": 200.0, "place": "Mosul"}])
    b = _analysis("b" * 16, "The UN said 231 civilians died in Mosul.", "2017-06-01", [{"text": "231", "value": 231.0, "place": "Mosul"}])
    with Store(tmp_path / "s.db") as store:
        store_batch(store, [(a, "ra"), (b, "rb")])
        records = list(store_records(store))
    figure_ids = {f"{r['doc_id']}:{r['start']}-{r['end']}" for r in records if r["type"] == "figure"}
    [group] = [r for r in records if r["type"] == "figure_group"]
    assert {m["figure_id"] for m in group["members"]} == figure_ids
    assert group["status"] == "contradict" and group["documents"] == ["a" * 16, "b" * 16]
    json.dumps(group)  # plain JSON


def test_report_key_figures_cite_every_value_of_a_group():
    a = _analysis("a" * 16, "200 civilians were killed in Mosul.", "2017-06-01", [{"text": "200", "value": 200.0, "place": "Mosul"}])
    b = _analysis("b" * 16, "The UN said 231 civilians died in Mosul.", "2017-06-03", [{"text": "231", "value": 231.0, "place": "Mosul"}])
    md = render(report_from_analyses([a, b]), "md")
    section = md.split("## Key figures")[1].split("## Statements")[0]
    assert "**Mosul: 200–231** — later reports give higher counts; latest 231 (2017-06-03)" in section
    assert "[S1:0-3]" in section and "[S2:12-15]" in section


def test_group_record_keeps_projection_and_dispute_flags():
    a = _analysis("a" * 16, "The army denied that 40 were killed in Mosul.", "2017-06-01", [{"text": "40", "value": 40.0, "place": "Mosul", "disputed": True}])
    [group] = _groups(a)
    assert group_record(group)["members"][0]["disputed"] is True


def test_the_spilled_reconciliation_gives_the_groups_reconcile_gives_in_its_order():
    """reconcile_stream holds one (kind, place, unit) bucket at a time; its groups, and their
    order, are reconcile's: places that differ only in case share a bucket, undated figures
    and figures with no place have theirs, kinds and units are not mixed."""
    from sitroom.link.figures import reconcile_stream

    places = ["Mosul", "mosul", "Raqqa", None, "Aleppo"]
    kinds = [("killed", "people"), ("displaced", "people"), ("money", "USD")]
    analyses = []
    for i in range(60):
        kind, unit = kinds[i % 3]
        place = places[i % 5]
        day = None if i % 7 == 0 else f"2017-{1 + i % 12:02d}-{1 + i % 27:02d}"
        value = float(100 + (i * 37) % 400)
        text = f"Officials said {int(value)} people were counted in the area."
        spec = {"text": str(int(value)), "value": value, "kind": kind, "unit": unit, "place": place, "subject": ["civilians", "fighters", None][i % 3]}
        analyses.append(_analysis(f"{i:016x}", text, day, [spec]))
    members = members_of(analyses)
    expected = reconcile(members)
    assert len(expected) >= 10
    assert [group_record(g) for g in reconcile_stream(reversed(members))] == [group_record(g) for g in expected]


def _parts_by_scanning(members):
    """_one_value_per_document as first written: every check scans the part."""
    parts = []
    for member in sorted(members, key=lambda m: (m.date or "9999", m.doc_id, m.figure.span.start)):
        value = (member.figure.value, member.figure.low, member.figure.high)

        def free(part, member=member, value=value):
            return all(m.doc_id != member.doc_id or (m.figure.value, m.figure.low, m.figure.high) == value for m in part)

        low, high = member.interval
        agreeing = next((p for p in parts if free(p) and all(max(low, m.interval[0]) <= min(high, m.interval[1]) for m in p)), None)
        target = agreeing or next((p for p in parts if free(p)), None)
        if target is None:
            parts.append([member])
        else:
            target.append(member)
    return parts


def test_splitting_by_document_keeps_the_parts_of_a_full_scan_and_a_spilled_member_is_itself():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sitroom.link.figures import Member, _one_value_per_document, _pack, _unpack

    bound = st.one_of(st.none(), st.integers(0, 60).map(float))

    @st.composite
    def members(draw):
        doc = draw(st.sampled_from("abcd")) * 16
        start = draw(st.integers(0, 500))
        value, low, high = draw(bound), draw(bound), draw(bound)
        figure = Figure(span=Span(doc, start, start + 2), text="12", value=value, low=low, high=high, unit="people", kind="killed", sentence=Span(doc, 0, 600))
        return Member(figure, doc, "Outlet", "Mosul", "sentence", draw(st.sampled_from([None, "2017-07-01", "2017-07-02"])), "stated")

    @settings(max_examples=300, deadline=None)
    @given(st.lists(members(), max_size=14))
    def check(drawn):
        assert _one_value_per_document(drawn) == _parts_by_scanning(drawn)
        assert all(_unpack(_pack(m)) == m for m in drawn)

    check()


def test_a_zero_count_joins_no_group():
    a = _analysis("a" * 16, "No deaths were reported in Mosul.", "2017-06-01", [{"text": "No", "value": 0.0, "place": "Mosul"}])
    b = _analysis("b" * 16, "231 civilians were killed in Mosul.", "2017-06-01", [{"text": "231", "value": 231.0, "place": "Mosul"}])
    assert members_of([a]) == []
    [group] = _groups(a, b)
    assert [m.doc_id for m in group.members] == ["b" * 16]


def test_a_total_and_an_incident_toll_are_never_one_group():
    a = _analysis("a" * 16, "The war has killed 180,000 in Syria.", "2017-06-01", [{"text": "180,000", "value": 180000.0, "place": "Syria", "cumulative": True, "period": "the war"}])
    b = _analysis("b" * 16, "A strike killed 12 in Syria.", "2017-06-01", [{"text": "12", "value": 12.0, "place": "Syria"}])
    groups = _groups(a, b)
    assert sorted(len(g.members) for g in groups) == [1, 1]
    assert all(g.status == "single" for g in groups)


def test_nearly_n_is_just_below_n():
    a = _analysis("a" * 16, "Nearly 800 were killed in Aleppo.", "2017-06-01", [{"text": "Nearly 800", "value": 800.0, "low": None, "high": 800.0, "qualifier": "almost", "place": "Aleppo"}])
    b = _analysis("b" * 16, "Nearly 100 were killed in Aleppo.", "2017-06-01", [{"text": "Nearly 100", "value": 100.0, "low": None, "high": 100.0, "qualifier": "almost", "place": "Aleppo"}])
    c = _analysis("c" * 16, "750 were killed in Aleppo.", "2017-06-01", [{"text": "750", "value": 750.0, "place": "Aleppo"}])
    assert _groups(a, b)[0].status == "contradict"
    assert _groups(a, c)[0].status == "agree"


def test_money_of_different_scope_is_never_grouped():
    a = _analysis("a" * 16, "The bill rose to $69 a month in Ohio.", "2017-06-01", [{"text": "$69", "value": 69.0, "unit": "USD", "kind": "money", "place": "Ohio"}])
    b = _analysis("b" * 16, "Tariffs of $28 billion hit Ohio.", "2017-06-01", [{"text": "$28 billion", "value": 28e9, "unit": "USD", "kind": "money", "place": "Ohio"}])
    c = _analysis("c" * 16, "Tariffs of $30 billion hit Ohio.", "2017-06-02", [{"text": "$30 billion", "value": 30e9, "unit": "USD", "kind": "money", "place": "Ohio"}])
    groups = _groups(a, b, c)
    assert sorted(len(g.members) for g in groups) == [1, 2]
