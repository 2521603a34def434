"""sitroom serve's HTTP API, in process through httpx (FastAPI's TestClient), over a real
SQLite store: pages and filters, one error envelope, read-only, escaped text, exports."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from fastapi.testclient import TestClient

from sitroom.api import CSP, create_app
from sitroom.link.batch import store_batch
from sitroom.report.export import store_records
from sitroom.store import Store
from tests.factories import make_analysis
from tests.report.test_formats import geo_analysis
from tests.report.test_report import hostile_analysis
from tests.serving import serving


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.db"
    analyses = [make_analysis(), geo_analysis()]
    with Store(path) as store:
        store_batch(store, [(a, f"raw{i}") for i, a in enumerate(analyses)])
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(str(db))) as client:
        yield client


def test_lists_are_pages_that_follow_the_filters(client):
    events = client.get("/api/events").json()
    assert len(events["items"]) == 3 and events["next"] is None
    iraq = client.get("/api/events", params={"country": "iq", "event_type": "Battles"}).json()["items"]
    assert {e["country"] for e in iraq} == {"IQ"} and all(e["type"] == "Battles" for e in iraq) and iraq
    first = client.get("/api/events", params={"limit": 1}).json()
    second = client.get("/api/events", params={"limit": 1, "after": first["next"]}).json()
    assert first["next"] is not None and second["items"][0]["id"] > first["items"][0]["id"]
    assert all(e["text"] in e["sentence"] for e in events["items"] if e["sentence"])
    figures = client.get("/api/figures", params={"figure_kind": "fighters"}).json()["items"]
    assert figures and {f["kind"] for f in figures} == {"fighters"}
    assert client.get("/api/documents", params={"q": "Mosul"}).json()["items"]
    assert client.get("/api/documents", params={"q": "Timbuktu"}).json()["items"] == []
    stories = client.get("/api/stories").json()["items"]
    assert stories and all(s["story_id"].startswith("story/") for s in stories)
    merged = client.get("/api/merged-events", params={"country": "IQ"}).json()["items"]
    assert merged and {m["country"] for m in merged} == {"IQ"}
    assert client.get("/api/quotes").json()["items"][0]["speaker"]


def test_one_document_comes_with_every_fact_pointing_into_its_text(client):
    body = client.get("/api/documents/" + "d" * 6).json()  # a unique prefix
    text = body["document"]["text"]
    assert body["document"]["doc_id"] == "d" * 16 and len(body["facts"]) >= 5
    for fact in body["facts"]:
        assert text[fact["start"] : fact["end"]] == fact["text"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/nothing-here", 404, "Not Found"),
        ("/api/documents/zzzz", 404, "no document 'zzzz'"),
        ("/api/events?date_from=July", 400, "date_from='July' is not a day"),
        ("/api/events?limit=0", 422, "limit"),
        ("/api/documents?q=%22unclosed", 400, "unclosed"),
        ("/api/export/kml", 404, "no export format 'kml'"),
        ("/api/report?format=pdf", 422, "format"),
    ],
)
def test_every_error_is_one_json_envelope(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and error["status"] == status and words in error["message"]


def test_the_store_is_read_only_whatever_is_sent(client, db):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)("/api/documents").status_code == 405
    refused = client.post("/api/documents", content=b"Fighting in Mosul.", headers={"content-type": "text/plain"})
    assert refused.status_code == 403 and "SITROOM_API_TOKEN" in refused.json()["error"]["message"]
    client.get("/api/report")
    client.get("/api/export/jsonl")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_report_is_escaped_and_served_with_a_policy_that_runs_no_inline_script(tmp_path):
    path = tmp_path / "hostile.db"
    with Store(path) as store:
        store_batch(store, [(hostile_analysis(), "raw")])
    with TestClient(create_app(str(path))) as client:
        response = client.get("/api/report")
        html = response.text
        assert response.headers["content-security-policy"] == CSP and "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "<img src=x" not in html
        md = client.get("/api/report", params={"format": "md"})
        assert md.headers["content-type"].startswith("text/markdown") and "## Key figures" in md.text


def test_exports_stream_the_whole_store(client, db):
    lines = client.get("/api/export/jsonl").text.splitlines()
    with Store(db, readonly=True) as store:
        assert [json.loads(line) for line in lines] == list(store_records(store))
    geojson = client.get("/api/export/geojson")
    assert geojson.headers["content-type"].startswith("application/geo+json") and json.loads(geojson.text)["type"] == "FeatureCollection"
    acled = client.get("/api/export/acled")
    assert acled.text.startswith("event_id_cnty,") and 'filename="sitroom-acled.csv"' in acled.headers["content-disposition"]


def test_search_and_the_openapi_schema(client):
    hits = client.get("/api/search", params={"q": "Mosul"}).json()["items"]
    assert hits and all("doc_id" in h for h in hits)
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/merged-events", "/api/figures", "/api/quotes", "/api/stories", "/api/search", "/api/report", "/api/export/{format}"):
        assert path in paths
    assert client.get("/api/health").json() == {"status": "ok", "documents": 2}


@pytest.mark.parametrize("workers", [1, 2])
def test_sitroom_serve_answers_on_a_real_port(db, workers):
    import httpx

    with serving(db, workers=workers) as base:
        response = httpx.get(f"{base}/api/health", timeout=5)
        page = httpx.get(f"{base}/", timeout=5)
    assert response.json() == {"status": "ok", "documents": 2} and response.headers["content-security-policy"] == CSP
    assert page.status_code == 200 and '<script src="/static/app.js"' in page.text and page.headers["content-security-policy"] == CSP


def test_sitroom_serve_refuses_a_missing_store_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "does not exist" in result.output and not (tmp_path / "none.db").exists()


def test_posting_an_article_with_the_token_ingests_it_once(tmp_path):
    from sitroom.config import Config
    from tests.conftest import SEED_MOSUL_IS

    path = tmp_path / "post.db"
    Store(path).close()
    article = SEED_MOSUL_IS.read_bytes()
    app = create_app(str(path), token="s3cret-token", config=Config(max_bytes=len(article) + 10))
    with TestClient(app) as client:
        text = {"content-type": "text/plain; charset=utf-8"}
        assert client.post("/api/documents", content=article, headers=text).status_code == 401
        assert client.post("/api/documents", content=article, headers={**text, "authorization": "Bearer s3cret-tokem"}).status_code == 401
        auth = {"authorization": "Bearer s3cret-token"}
        too_big = client.post("/api/documents", content=article + b"x" * 20, headers={**text, **auth})
        assert too_big.status_code == 413 and "limit" in too_big.json()["error"]["message"]
        assert client.post("/api/documents", content=article, headers={"content-type": "application/pdf", **auth}).status_code == 415
        assert client.post("/api/documents", content=b"   ", headers={**text, **auth}).status_code == 422
        first = client.post("/api/documents", content=article, headers={**text, **auth}, params={"url": "https://example.org/mosul"})
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["stored"] and not body["duplicate"] and body["doc_id"]
        again = client.post("/api/documents", content=article, headers={**text, **auth}).json()
        assert again == {"doc_id": body["doc_id"], "stored": False, "duplicate": True}
        stored = client.get(f"/api/documents/{body['doc_id']}").json()
        assert stored["document"]["url"] == "https://example.org/mosul"
        assert any(f["type"] == "figure" for f in stored["facts"])
    with Store(path, readonly=True) as store:
        assert store.count("documents") == 1


def test_exports_follow_the_filters(client, db):
    everything = [json.loads(line) for line in client.get("/api/export/jsonl").text.splitlines()]
    stories = [r["id"] for r in everything if r["type"] == "story"]
    assert len(stories) == 2
    one = [json.loads(line) for line in client.get("/api/export/jsonl", params={"story": stories[0]}).text.splitlines()]
    documents = [r for r in one if r["type"] == "document"]
    assert len(documents) == 1 and documents[0]["story_id"] == stories[0]
    assert {r["doc_id"] for r in one if "doc_id" in r} == {documents[0]["doc_id"]}
    assert [r["id"] for r in one if r["type"] == "story"] == [stories[0]]
    iraq = client.get("/api/export/acled", params={"country": "IQ"}).text.splitlines()
    assert len(iraq) == 2 and ",Iraq," in iraq[1]
    assert len(client.get("/api/export/acled", params={"country": "SY"}).text.splitlines()) == 1  # the header only
    places = json.loads(client.get("/api/export/geojson", params={"country": "SY"}).text)["features"]
    assert places == []
    assert client.get("/api/export/acled", params={"date_from": "2017-07-10"}).text.count("\n") == 1
    assert client.get("/api/export/jsonl", params={"date_from": "nope"}).json()["error"]["status"] == 400


def test_the_export_command_takes_the_same_filters(db, tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    out = tmp_path / "iq.csv"
    result = CliRunner().invoke(app, ["export", "--format", "acled", "--db", str(db), "--country", "IQ", "-o", str(out)])
    assert result.exit_code == 0 and "wrote 1 events" in result.output
    bad = CliRunner().invoke(app, ["export", "--format", "acled", "--db", str(db), "--date-from", "July"])
    assert bad.exit_code == 2 and "date_from='July' is not a day" in bad.output


def test_an_unexpected_failure_is_the_same_envelope_without_its_details(db, monkeypatch):
    from sitroom.store import queries

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "quotes", broken)
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as client:
        response = client.get("/api/quotes")
    assert response.status_code == 500 and response.json() == {"error": {"status": 500, "message": "the server failed to answer this request; the error is in its log"}}
    assert "secret" not in response.text


def test_speakers_and_figure_groups_answer_what_is_said_and_which_numbers_disagree(client):
    speakers = client.get("/api/speakers").json()["items"]
    assert speakers and speakers[0]["quotes"] >= 1 and speakers[0]["latest"]["text"] in speakers[0]["latest"]["sentence"]
    groups = client.get("/api/figure-groups").json()
    assert groups["total"] == len(groups["items"]) >= 1
    member = groups["items"][0]["members"][0]
    assert {"figure_id", "doc_id", "start", "end", "text"} <= member.keys()
    assert client.get("/api/figure-groups", params={"figure_kind": "no-such-kind"}).json()["items"] == []
    assert client.get("/api/figure-groups", params={"status": "bogus"}).status_code == 422


def test_the_map_is_the_geojson_export_of_events_bounded(client):
    export = [json.loads(line) for line in [client.get("/api/export/geojson").text]][0]
    events = [f for f in export["features"] if f["properties"]["kind"] == "event"]
    full = client.get("/api/map").json()
    assert full["features"] == events and full["truncated"] is False and events
    one = client.get("/api/map", params={"limit": 1}).json()
    assert one["features"] == events[:1] and one["truncated"] is (len(events) > 1)
    assert client.get("/api/map", params={"country": "SY"}).json()["features"] == []


def test_places_and_times_are_pages_with_their_sentences(client):
    places = client.get("/api/places").json()["items"]
    assert {p["name"] for p in places} == {"Mosul", "Tall 'Afar"} and all(p["document_title"] == "Mosul" for p in places)
    assert client.get("/api/places", params={"country": "SY"}).json()["items"] == []
    first = client.get("/api/places", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and client.get("/api/places", params={"limit": 1, "after": first["next"]}).json()["items"][0]["id"] > first["items"][0]["id"]
    times = client.get("/api/times").json()["items"]
    assert "2017-07-09" in {t["value"] for t in times}


def test_figure_groups_are_worked_out_again_once_a_document_is_stored(tmp_path):
    from dataclasses import replace

    from tests.factories import TEXT

    def article(n: int):
        tail = " ".join(f"w{n}x{i}" for i in range(80))  # distinct articles, not near-copies
        base = make_analysis(f"{TEXT} {tail}", f"{n:016d}")
        figure = replace(base.figures[0], value=4500.0 + n, low=4500.0 + n, high=4500.0 + n)
        return replace(base, figures=(figure,))

    path = tmp_path / "grow.db"
    with Store(path) as store:
        store_batch(store, [(article(1), "raw-1")])
    with TestClient(create_app(str(path))) as client:
        first = client.get("/api/figure-groups").json()
        assert client.get("/api/figure-groups").json() == first  # kept
        with Store(path) as store:
            store_batch(store, [(article(2), "raw-2")])
        second = client.get("/api/figure-groups").json()
    assert [len(g["documents"]) for g in first["items"]] == [1]
    assert [len(g["documents"]) for g in second["items"]] == [2] and second["items"][0]["status"] == "contradict"  # one day, two values


def test_the_web_ui_is_served_from_files_read_at_start_and_nothing_else(client):
    from sitroom.api import WEB, web_assets

    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and page.headers["content-security-policy"] == CSP
    # every script and style the page names is served, from this server only
    named = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert named and all(n.startswith("/") or n.startswith("data:") for n in named)
    for path in (n for n in named if n.startswith("/static/")):
        assert client.get(path).status_code == 200, path
    assert client.get("/static/app.js").headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert set(web_assets()) == {p.relative_to(WEB).as_posix() for p in WEB.rglob("*") if p.is_file()}
    for probe in ("/static/../api.py", "/static/%2e%2e/api.py", "/static/..%2fapi.py", "/static//etc/passwd", "/static/vendor/../../api.py", "/static/nope.js"):
        response = client.get(probe)
        assert response.status_code == 404 and "error" in response.json(), probe


def test_the_timeline_and_the_entities_are_pages_in_their_own_order(tmp_path):
    from dataclasses import replace

    from sitroom.model import Entity, Event, Mention, Span
    from tests.factories import TEXT

    def article(n: int, day: str):
        tail = " ".join(f"w{n}x{i}" for i in range(80))  # distinct articles, not near-copies
        base = make_analysis(f"{TEXT} {tail}", f"{n:016d}")
        event = Event(span=Span(base.document.id, 26, 32), text=base.document.text[26:32], type="Battles", actor1=f"Brigade {n}", country=["IQ", "SY", "LY", "YE"][n], date=day, sentence=Span(base.document.id, 0, 60))
        entity = Entity(id=f"group:brigade-{n}", name=f"Brigade {n}", type="armed_group", aliases=(f"B{n}",))
        at = base.document.text.index(f"w{n}x0")
        named = Mention(span=Span(base.document.id, at, at + len(f"w{n}x0")), text=f"w{n}x0", label="ORG", entity_id=entity.id, canonical=entity.name)
        return replace(base, events=(event,), entities=(*base.entities, entity), mentions=(*base.mentions, named))

    days = ["2017-07-03", "2017-07-01", "2017-07-03", "2017-07-02"]
    path = tmp_path / "timeline.db"
    with Store(path) as store:
        store_batch(store, [(article(n, day), f"raw-{n}") for n, day in enumerate(days)])
    with TestClient(create_app(str(path))) as client:
        seen, after = [], None
        while True:
            page = client.get("/api/timeline", params={"limit": 1, **({"after": after} if after else {})}).json()
            seen += [(e["date_min"], e["id"]) for e in page["items"]]
            if page["next"] is None:
                break
            after = page["next"]
        assert [d for d, _ in seen] == sorted(days) and seen == sorted(seen) and len({i for _, i in seen}) == 4
        assert [e["date_min"] for e in client.get("/api/timeline", params={"date_from": "2017-07-03"}).json()["items"]] == ["2017-07-03", "2017-07-03"]
        assert client.get("/api/timeline", params={"after": "bogus"}).status_code == 400
        first = client.get("/api/entities", params={"limit": 2}).json()
        assert first["next"] is not None
        rest = client.get("/api/entities", params={"after": first["next"]}).json()
        ids = [e["id"] for e in first["items"] + rest["items"]]
        assert ids == sorted(ids) and len(set(ids)) == len(ids) and {"group:brigade-0", "group:brigade-3", "islamic-state"} <= set(ids)
        [one] = client.get("/api/entities", params={"actor": "brigade 2"}).json()["items"]
        assert one["aliases"] == ["B2"] and one["type"] == "armed_group"
