"""Across documents through the real pipeline, model and SQLite store: four short articles
written for this test (two outlets on one Kirkuk car bombing, a Basra car bombing the same
day, floods in Bangladesh) make three stories, one entity per person and place, and one
merged event whose two reports keep their own death tolls."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.store import Store

ARTICLES = Path(__file__).parent.parent / "fixtures" / "link" / "stories.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("across") / "s.db"
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


def _ids(store: Store) -> dict[str, str]:
    """fixture id (k1, k2, b1, s1) -> stored document id, by URL."""
    urls = {json.loads(line)["url"]: json.loads(line)["id"] for line in ARTICLES.read_text().splitlines()}
    return {urls[store.document(d).url]: d for d in store.document_ids()}


def test_paraphrased_reports_share_a_story_and_other_happenings_do_not(store_path):
    with Store(store_path) as store:
        ids, stories = _ids(store), store.stories()
        assert stories[ids["k1"]] == stories[ids["k2"]]
        assert len({stories[ids["k1"]], stories[ids["b1"]], stories[ids["s1"]]}) == 3
        assert stories[ids["k1"]] == f"story/{ids['k1']}"  # named after the article that started it (k1 is read first)
        assert {s.size for s in store.story_list()} == {2, 1}


def test_reingesting_changes_no_story_and_adds_nothing(store_path):
    with Store(store_path) as store:
        before = (store.stories(), store.event_clusters(), store.count("stories"), store.count("merged_events"))
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(store_path), "--workers", "1"])
    assert result.exit_code == 0
    with Store(store_path) as store:
        assert (store.stories(), store.event_clusters(), store.count("stories"), store.count("merged_events")) == before


def test_person_and_place_mentions_link_to_one_entity_across_articles(store_path):
    with Store(store_path) as store:
        ids = _ids(store)
        k1, k2 = store.analysis(ids["k1"]), store.analysis(ids["k2"])
        for analysis in (k1, k2):
            governor = {m.entity_id for m in analysis.mentions if "Jubouri" in m.text}
            kirkuk = {m.entity_id for m in analysis.mentions if m.text.lower() == "kirkuk" and m.label != "PERSON"}
            assert governor == {"person/al-jubouri/rakan"}
            assert kirkuk and all(e.startswith("place/geonames/") for e in kirkuk)
        places = lambda a: {m.entity_id for m in a.mentions if m.text == "Kirkuk"}  # noqa: E731
        assert places(k1) == places(k2)


def test_the_two_reports_of_the_killing_are_one_event_with_both_tolls(store_path):
    with Store(store_path) as store:
        ids, clusters = _ids(store), store.event_clusters()
        events = {d: store.analysis(d).events for d in ids.values()}
    members: dict[str, list[tuple[str, float | None]]] = {}
    for name, doc_id in ids.items():
        for event in events[doc_id]:
            members.setdefault(clusters[f"{doc_id}:{event.span.start}-{event.span.end}"], []).append((name, event.fatalities))
    across = [m for m in members.values() if len({name for name, _ in m}) > 1]
    assert len(across) == 1
    assert sorted(across[0]) == [("k1", 12.0), ("k2", 14.0)]
    assert not any({"s1", "k1"} <= {n for n, _ in m} or {"s1", "k2"} <= {n for n, _ in m} for m in members.values())


def test_report_for_one_story_since_a_day_cites_every_fact(store_path):
    with Store(store_path) as store:
        story = store.stories()[_ids(store)["k1"]]
    result = runner.invoke(app, ["report", "--db", str(store_path), "--story", story.removeprefix("story/")[:6], "--since", "2024-03-05"])
    assert result.exit_code == 0, result.output
    md = result.output
    assert "## What changed since 2024-03-05" in md and "## Timeline" in md
    assert "Sylhet" not in md and "Basra" not in md  # other stories' articles are not sources
    assert "2 reports in 2 source(s)" in md
    assert md.count("(12 killed, this report)") >= 1 and md.count("(14 killed, this report)") >= 1
    html = runner.invoke(app, ["report", "--db", str(store_path), "--story", story, "--format", "html"])
    assert html.exit_code == 0 and "<h2 id=\"timeline\">Timeline</h2>" in html.output


def test_report_refuses_an_unknown_story_and_a_bad_date(store_path):
    result = runner.invoke(app, ["report", "--db", str(store_path), "--story", "nothing-like-this"])
    assert result.exit_code == 2 and "no single story matches" in result.output
    result = runner.invoke(app, ["report", "--db", str(store_path), "--since", "last week"])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_stories_command_lists_each_story(store_path):
    result = runner.invoke(app, ["stories", "--db", str(store_path)])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 3 and lines[0].split("\t")[1] == "2" and "Kirkuk" in lines[0]


def test_acled_export_has_one_row_for_the_bombing_both_outlets_reported(store_path):
    result = runner.invoke(app, ["export", "--format", "acled", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["location"] == "Kirkuk"]
    both = [r for r in rows if len(json.loads(r["sitroom_reports"])) == 2]
    assert len(both) == 1
    assert set(both[0]["source"].split("; ")) == {"example-a.org", "example-b.net"}
    assert (both[0]["fatalities"], sorted(json.loads(both[0]["sitroom_fatalities_reported"]))) == ("12", [12, 14])
