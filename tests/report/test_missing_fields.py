"""Every optional field may be empty: a store of bare records is reported, exported in every
format and served without an error (issue 22)."""

from __future__ import annotations

import io
import json

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.link.batch import store_batch
from sitroom.model import Analysis, Document, Event, Figure, Origin, Place, Quote, Span, TimeRef
from sitroom.report.export import WRITERS, store_records
from sitroom.report.parquet import write_parquet
from sitroom.report.sitrep import build_report, render
from sitroom.store import Store

TEXT = "Dozens were killed. \u201cIt is over,\u201d someone said. Fighting went on near Antarctica last week."


def bare_analysis(doc_id: str = "e" * 16) -> Analysis:
    """A document with no title, outlet, date or URL, and facts with every optional field empty."""
    doc = Document(id=doc_id, text=TEXT, content_hash=doc_id * 4, origin=Origin())
    at = TEXT.index("Antarctica")
    place = Place(span=Span(doc_id, at, at + 10), text="Antarctica", name="Antarctica", geonames_id=6697173, lat=None, lon=None)
    nowhere = Place(span=Span(doc_id, 0, 7), text="Dozens", name="Dozens", geonames_id=None, lat=None, lon=None)
    figure = Figure(span=Span(doc_id, 0, 6), text="Dozens", value=None, low=None, high=None, unit="people", kind="killed")
    q0, q1 = TEXT.index("\u201c"), TEXT.index("\u201d") + 1
    quote = Quote(span=Span(doc_id, q0, q1), text=TEXT[q0:q1], direct=True, speaker=None, speaker_text=None)
    week = TEXT.index("last week")
    time = TimeRef(span=Span(doc_id, week, week + 9), text="last week", value=None, precision=None, provenance=None)
    killed, fighting = TEXT.index("killed"), TEXT.index("Fighting")
    undated = Event(span=Span(doc_id, killed, killed + 6), text="killed", type="Violence against civilians", context="past")
    unplaced = Event(
        span=Span(doc_id, fighting, fighting + 8), text="Fighting", type="Battles", context="past", date="2017-07-10", time_precision=2, country="AQ", place="Antarctica"
    )
    return Analysis(document=doc, places=(place, nowhere), figures=(figure,), quotes=(quote,), times=(time,), events=(undated, unplaced))


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "bare.db"
    with Store(path) as store:
        store_batch(store, [(bare_analysis(), "raw")])
    return path


def test_a_store_of_empty_fields_is_reported_and_exported_in_every_format(db, tmp_path):
    with Store(db, readonly=True) as store:
        for fmt in ("md", "html"):
            text = render(build_report(store), fmt)
            assert "Dozens were killed" in text or "Antarctica" in text
        for name, writer in WRITERS.items():
            out = io.StringIO()
            writer(store, out)
            assert out.getvalue() or name == "geojsonseq", name  # no point to plot: an empty sequence
        counts = write_parquet(store_records(store), tmp_path / "parquet")
    assert counts["document"] == 1 and counts["event"] == 2 and counts["figure"] == 1
    acled = io.StringIO()
    with Store(db, readonly=True) as store:
        WRITERS["acled"](store, acled)
    (row,) = [line for line in acled.getvalue().splitlines()[1:]]
    assert ",Antarctica," in row  # the dated event in a place with no point: a row with empty coordinates


def test_the_api_serves_a_store_of_empty_fields(db):
    with TestClient(create_app(str(db))) as client:
        for route in ("/api/documents", "/api/events", "/api/figures", "/api/quotes", "/api/places", "/api/times", "/api/timeline", "/api/map", "/api/figure-groups", "/api/stories", "/api/report?format=html"):
            response = client.get(route)
            assert response.status_code == 200, (route, response.text[:300])
        (doc,) = client.get("/api/documents").json()["items"]
        full = client.get(f"/api/documents/{'e' * 16}")
        assert full.status_code == 200 and json.loads(full.text)["document"]["title"] is None, (doc, full.text[:300])
