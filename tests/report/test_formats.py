"""ACLED-column CSV and GeoJSON exports, and the place/event/time records of JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pyogrio
import pytest

from sitroom.model import Event, Place, Span, TimeRef
from sitroom.report.export import store_records, write_jsonl
from sitroom.report.formats import ACLED_COLUMNS, write_acled, write_geojson
from sitroom.store import Store
from sitroom.link.batch import store_batch
from tests.factories import make_analysis

TEXT = "Iraqi forces recaptured Mosul from Islamic State on Sunday.\n\nThe army will attack Tal Afar next."


def geo_analysis(doc_id: str = "g" * 16):
    analysis = make_analysis(text=TEXT, doc_id=doc_id)
    mosul = Place(
        span=Span(doc_id, 24, 29), text="Mosul", name="Mosul", geonames_id=99072, lat=36.335, lon=43.11889,
        country="IQ", admin1="Nineveh", feature_code="PPLA", method="context",
    )
    tal_afar = Place(
        span=Span(doc_id, TEXT.index("Tal Afar"), TEXT.index("Tal Afar") + 8), text="Tal Afar", name="Tall 'Afar", geonames_id=99062, lat=36.37, lon=42.45,
        country="IQ", admin1="Nineveh", feature_code="PPL", method="context",
    )
    recapture = Event(
        span=Span(doc_id, 13, 23), text="recaptured", type="Battles", subtype="Government regains territory",
        actor1="Military Forces of Iraq", actor2="Islamic State", actor1_category="State Forces", actor2_category="Rebel Groups",
        place="Mosul", place_span=mosul.span, place_geonames_id=99072, lat=mosul.lat, lon=mosul.lon, country="IQ",
        admin1="Nineveh", geo_precision=1, date="2017-07-09", time_precision=1, date_precision="day", date_provenance="resolved",
        fatalities=12, fatalities_figure=f"{doc_id}:0-2", sentence=Span(doc_id, 0, 59), context="past",
    )
    planned = Event(
        span=Span(doc_id, TEXT.index("attack"), TEXT.index("attack") + 6), text="attack", type="Battles", subtype="Armed clash", actor1="army",
        actor1_category="State Forces", place="Tall 'Afar", place_span=tal_afar.span, lat=tal_afar.lat, lon=tal_afar.lon,
        country="IQ", geo_precision=1, date="2017-07-17", time_precision=1, sentence=Span(doc_id, 61, 96), context="planned",
    )
    day = TEXT.index("Sunday")
    time = TimeRef(span=Span(doc_id, day, day + 6), text="Sunday", value="2017-07-09", precision="day", provenance="resolved", type="DATE")
    return replace(analysis, places=(mosul, tal_afar), events=(recapture, planned), times=(time,), figures=(), quotes=())


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "s.db") as store:
        analysis = geo_analysis()
        store_batch(store, [(analysis, "raw")])
        yield store


def test_acled_csv_has_acled_columns_and_only_events_that_took_place(store):
    out = io.StringIO()
    assert write_acled(store, out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    (row,) = rows
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2017-07-09", "2017", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == ("Political violence", "Battles", "Government regains territory")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("State forces", "Rebel group", "State forces-Rebel group")
    assert (row["country"], row["admin1"], row["location"], row["geo_precision"]) == ("Iraq", "Nineveh", "Mosul", "1")
    assert (row["iso"], row["region"]) == ("368", "Middle East")  # ISO 3166 numeric, ACLED's region
    assert row["timestamp"].isdigit() and int(row["timestamp"]) > 1_700_000_000  # Unix time it was stored
    assert (float(row["latitude"]), float(row["longitude"]), row["fatalities"]) == (36.335, 43.11889, "12")
    assert row["notes"] == TEXT[0:59]
    assert TEXT[int(row["sitroom_start"]) : int(row["sitroom_end"])] == "recaptured"
    assert row["event_id_cnty"].startswith("IRQ") and row["event_id_cnty"][3:].isdigit()  # ACLED's country prefix
    out2 = io.StringIO()
    write_acled(store, out2)
    assert out2.getvalue() == out.getvalue()  # stable ids and order


def test_acled_csv_numeric_inter_codes_behind_a_flag(store):
    out = io.StringIO()
    write_acled(store, out, numeric_inter=True)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "2", "12")


def test_acled_interaction_labels_order_and_sole_actor():
    from sitroom.report.formats import inter_columns

    event = geo_analysis().events[0]
    flipped = replace(event, actor1_category="Civilians", actor2_category="State Forces")
    assert inter_columns(flipped, numeric=False)["interaction"] == "State forces-Civilians"  # lower code first
    assert inter_columns(flipped, numeric=True)["interaction"] == 17
    alone = replace(event, actor1_category="Protesters", actor2_category=None, actor2=None)
    assert inter_columns(alone, numeric=False) == {"inter1": "Protesters", "inter2": "", "interaction": "Protesters only"}
    assert inter_columns(alone, numeric=True)["interaction"] == 60


def test_geojson_is_read_by_gdal_as_points_of_events_and_places(store, tmp_path):
    path = tmp_path / "out.geojson"
    with path.open("w", encoding="utf-8") as out:
        n = write_geojson(store, out)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == n == 3
    kinds = sorted(f["properties"]["kind"] for f in data["features"])
    assert kinds == ["event", "place", "place"]  # the planned attack is not plotted
    event = next(f["properties"] for f in data["features"] if f["properties"]["kind"] == "event")
    assert event["sentence"] == TEXT[0:59] and (event["date"], event["time_precision"]) == ("2017-07-09", 1)
    assert (event["actor1"], event["actor2"], event["fatalities"]) == ("Military Forces of Iraq", "Islamic State", 12)
    assert "outlet" in event and "url" in event
    mosul = next(f for f in data["features"] if f["properties"].get("name") == "Mosul")
    assert mosul["geometry"] == {"type": "Point", "coordinates": [43.11889, 36.335]}  # longitude first (RFC 7946)
    assert mosul["properties"]["spans"] == [["g" * 16, 24, 29]]
    info = pyogrio.read_info(path)  # GDAL's GeoJSON driver, as QGIS opens it
    assert info["features"] == 3 and info["geometry_type"] == "Point"
    assert info["crs"] == "EPSG:4326"
    assert {"kind", "event_type", "geonames_id", "date"} <= set(info["fields"])


def test_jsonl_has_place_event_and_time_records_with_the_issue_fields(store):
    out = io.StringIO()
    write_jsonl(store_records(store), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    place = next(r for r in records if r["type"] == "place" and r["name"] == "Mosul")
    assert {k: place[k] for k in ("geonames_id", "lat", "lon", "country", "admin1", "feature_code", "start", "end")} == {
        "geonames_id": 99072, "lat": 36.335, "lon": 43.11889, "country": "IQ", "admin1": "Nineveh", "feature_code": "PPLA", "start": 24, "end": 29,
    }  # fmt: skip
    event = next(r for r in records if r["type"] == "event" and r["context"] == "past")
    for key in ("event_type", "sub_event_type", "actor1", "actor2", "place", "date", "date_end", "time_precision", "geo_precision", "fatalities", "context", "doc_id", "start", "end"):
        assert key in event
    assert (event["event_type"], event["fatalities_figure"], event["place_start"]) == ("Battles", "g" * 16 + ":0-2", 24)
    assert (event["plover"], event["cameo"]) == ("ASSAULT", "192")  # CAMEO: occupy territory
    time = next(r for r in records if r["type"] == "time")
    assert (time["text"], time["value"], time["precision"], time["provenance"], time["timex_type"]) == ("Sunday", "2017-07-09", "day", "resolved", "DATE")


def test_cli_export_acled_and_geojson(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    db = tmp_path / "s.db"
    with Store(db) as store:
        store_batch(store, [(geo_analysis(), "raw")])
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--format", "acled", "--db", str(db), "--output", str(tmp_path / "e.csv")])
    assert result.exit_code == 0, result.output
    assert "wrote 1 events" in result.output
    result = runner.invoke(app, ["export", "--format", "geojson", "--db", str(db)])
    assert result.exit_code == 0 and json.loads(result.stdout)["type"] == "FeatureCollection"
    result = runner.invoke(app, ["export", "--format", "kml", "--db", str(db)])
    assert result.exit_code == 2 and "kml" in result.output and "acled" in result.output


def test_report_places_are_the_gazetteer_places_with_where_they_are():
    from sitroom.report.sitrep import render, report_from_analyses

    analysis = geo_analysis()
    hostile = replace(analysis.places[1], name="<b>Tall 'Afar</b>", text="Tal Afar")
    analysis = replace(analysis, places=(analysis.places[0], hostile))
    md = render(report_from_analyses([analysis]), "md")
    places = md[md.index("## Places") : md.index("## Sources")]
    assert "| Mosul | Nineveh, IQ (36.335, 43.119; GeoNames 99072) | 1 | Mosul | S1 |" in places
    html = render(report_from_analyses([analysis]), "html")
    assert "<b>Tall" not in html and "&lt;b&gt;Tall" in html


def test_report_shows_a_gazetteer_place_without_coordinates_without_them():
    """GeoNames has places with no point (Antarctica, 6697173): the report names them, and
    their country, but prints no coordinates instead of failing."""
    from sitroom.report.sitrep import render, report_from_analyses

    analysis = geo_analysis()
    pointless = replace(analysis.places[1], name="Antarctica", geonames_id=6697173, country="AQ", feature_code="PCLD", lat=None, lon=None)
    analysis = replace(analysis, places=(analysis.places[0], pointless))
    for fmt in ("md", "html"):
        text = render(report_from_analyses([analysis]), fmt)
        assert "AQ (GeoNames 6697173)" in text and "36.335, 43.119" in text


def test_csv_exports_defuse_text_a_spreadsheet_would_run_as_a_formula(tmp_path):
    from sitroom.report.export import write_csv
    from sitroom.report.formats import csv_cell

    assert csv_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert [csv_cell(v) for v in ("@SUM(A1)", "+1", "-1", "Mosul", -1.5, 3, None)] == ["'@SUM(A1)", "'+1", "'-1", "Mosul", -1.5, 3, None]
    text = '=HYPERLINK("http://evil.example","click") rebels attacked the town.'
    analysis = geo_analysis()
    event = replace(analysis.events[0], sentence=Span(analysis.document.id, 0, len(text)))
    hostile = replace(analysis, document=replace(analysis.document, text=text + analysis.document.text[len(text) :]), events=(event,))
    with Store(tmp_path / "h.db") as store:
        store_batch(store, [(hostile, "raw")])
        out = io.StringIO()
        write_acled(store, out)
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
        assert row["notes"].startswith("'=HYPERLINK")
        out = io.StringIO()
        write_csv(store_records(store), out)
        document = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["type"] == "document")
        assert document["text"].startswith("'=HYPERLINK")


OTHER = "Fighting ended on Sunday when Iraqi forces recaptured Mosul, the army said, after months of battle."
OTHER_TRIGGER = f"{OTHER.index('recaptured')}-{OTHER.index('recaptured') + 10}"


def second_report(doc_id: str, outlet: str, fatalities: float):
    """The Mosul recapture as another outlet words it: another text, the same event."""
    text = OTHER
    first = geo_analysis(doc_id)
    shift = text.index("recaptured") - first.events[0].span.start
    event = first.events[0]
    mosul = replace(first.places[0], span=Span(doc_id, text.index("Mosul"), text.index("Mosul") + 5))
    event = replace(
        event, span=Span(doc_id, event.span.start + shift, event.span.end + shift), place_span=mosul.span, fatalities=fatalities,
        fatalities_figure=None, sentence=Span(doc_id, 0, len(text)),
    )  # fmt: skip
    return replace(first, document=replace(first.document, text=text, outlet=outlet), places=(mosul,), events=(event,), times=())


def test_exports_give_one_row_per_merged_event_with_every_source_and_toll(tmp_path):
    """Two outlets report one recapture (12 and 15 killed); a syndicated copy of the first
    (one word changed) is no third report: ACLED and GeoJSON have one event, citing both
    outlets, with ACLED's conservative toll and both tolls beside it; JSONL names each
    document's story and each event's merged event."""
    original = geo_analysis("a" * 16)
    original = replace(original, document=replace(original.document, outlet="Alpha News"))
    copy = geo_analysis("c" * 16)
    copy = replace(copy, document=replace(copy.document, outlet="Gamma Syndicate", text=TEXT.replace("next", "soon")))
    other = second_report("b" * 16, "Beta Wire", 15)
    with Store(tmp_path / "m.db") as store:
        for analysis in (original, other, copy):
            store_batch(store, [(analysis, "raw " + analysis.document.id)])
        assert store.duplicates()[0].doc_id == "c" * 16
        out = io.StringIO()
        assert write_acled(store, out) == 1
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
        assert row["source"] == "Alpha News; Beta Wire"
        assert (row["fatalities"], json.loads(row["sitroom_fatalities_reported"])) == ("12", [12, 15])
        assert json.loads(row["sitroom_reports"]) == ["a" * 16 + ":13-23", "b" * 16 + ":" + OTHER_TRIGGER]
        assert row["sitroom_merged_event"] == "event/" + "a" * 16 + ":13-23"
        assert row["sitroom_story_id"] == store.stories()["a" * 16]
        out = io.StringIO()
        write_geojson(store, out)
        events = [f["properties"] for f in json.loads(out.getvalue())["features"] if f["properties"]["kind"] == "event"]
        recapture = next(e for e in events if e["event_type"] == "Battles" and e["context"] == "past")
        assert (recapture["sources"], recapture["fatalities"], recapture["fatalities_reported"]) == (["Alpha News", "Beta Wire"], 12, [12, 15])
        assert len(events) == 1  # the recapture; the planned attack is not plotted, the copy adds none
        mosul = next(f["properties"] for f in json.loads(out.getvalue())["features"] if f["properties"].get("name") == "Mosul")
        assert mosul["mentions"] == 2  # the original's and Beta Wire's, not the copy's
        records = [json.loads(line) for line in _jsonl(store).splitlines()]
    documents = {r["doc_id"]: r for r in records if r["type"] == "document"}
    assert documents["c" * 16]["duplicate_of"] == "a" * 16
    assert documents["c" * 16]["story_id"] == documents["a" * 16]["story_id"] == f"story/{'a' * 16}"
    events = {(r["doc_id"], r["start"]): r["merged_event"] for r in records if r["type"] == "event" and r["context"] == "past"}
    assert events[("a" * 16, 13)] == events[("b" * 16, OTHER.index("recaptured"))] and events[("c" * 16, 13)] is None
    merged = next(r for r in records if r["type"] == "merged_event" and r["size"] == 2)
    assert merged["documents"] == ["a" * 16, "b" * 16]
    assert merged["fatalities_reported"] == [["a" * 16 + ":13-23", 12], ["b" * 16 + ":" + OTHER_TRIGGER, 15]]
    assert {r["id"] for r in records if r["type"] == "story"} >= {documents["b" * 16]["story_id"]}


def _jsonl(store: Store) -> str:
    out = io.StringIO()
    write_jsonl(store_records(store), out)
    return out.getvalue()


def test_hxl_export_is_read_by_libhxl_with_the_hdx_hashtags(store, tmp_path):
    import hxl

    from sitroom.report.formats import write_hxl

    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert write_hxl(store, out) == 1  # the planned attack makes no row, as in the ACLED export
    data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = {column.display_tag for column in data.columns}
    assert {"#date+occurred", "#event+type", "#group+name+first", "#group+name+second", "#country+code", "#adm1+name", "#loc+name", "#geo+lat", "#geo+lon", "#affected+killed", "#meta+source", "#meta+url"} <= tags
    (row,) = list(data)
    assert (row.get("#date+occurred"), row.get("#country+code"), row.get("#loc+name"), row.get("#affected+killed")) == ("2017-07-09", "IRQ", "Mosul", "12")
    assert (row.get("#group+name+first"), row.get("#group+name+second")) == ("Military Forces of Iraq", "Islamic State")
    assert float(row.get("#geo+lat")) == 36.335
    errors: list = []
    schema = hxl.schema(
        [
            ["#valid_tag", "#valid_required", "#valid_datatype", "#valid_value+min", "#valid_value+max"],
            ["#date+occurred", "true", "date", "", ""],
            ["#event+type", "true", "", "", ""],
            ["#geo+lat", "", "number", "-90", "90"],
            ["#geo+lon", "", "number", "-180", "180"],
            ["#affected+killed", "true", "number", "0", ""],
        ],
        callback=errors.append,
    )
    assert schema.validate(hxl.data(str(path), hxl.InputOptions(allow_local=True))) and errors == []


def test_plover_export_has_the_manuals_fields_for_each_event_that_took_place(store):
    from sitroom.report.plover import write_plover

    out = io.StringIO()
    assert write_plover(store, out) == 1
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {"id", "date", "event", "actor"} <= set(record)  # the fields the manual requires
    assert (record["date"], record["event"], record["size"]) == ("2017-07-09", ["ASSAULT"], {"dead": 12})
    assert record["actor"] == [{"entity_text": "Military Forces of Iraq", "sector": "MIL", "code": None}]
    assert record["recipient"][0]["entity_text"] == "Islamic State" and record["recipient"][0]["sector"] == "REB"
    loc = record["event_loc"]
    assert (loc["resolved_place"], loc["geonameid"], loc["country_code"], loc["province"], loc["resolution"]) == ("Mosul", 99072, "IRQ", "Nineveh", 4)
    assert record["event_text"] == [TEXT[0:59]] and (record["text_info"]["start"], record["text_info"]["end"]) == (0, 59)
    assert TEXT[record["text_info"]["trigger_start"] : record["text_info"]["trigger_end"]] == "recaptured"
    assert record["coder"].startswith("sitroom") and record["coded_date"]


def test_plover_mode_follows_the_acled_sub_type():
    from sitroom.ontology import plover_mode

    assert plover_mode("Explosions/Remote violence", "Air/drone strike") == "aerial"
    assert plover_mode("Explosions/Remote violence", "Remote explosive/landmine/IED") == "explosives"
    assert plover_mode("Protests", "Peaceful protest") == "demo"
    assert plover_mode("Battles", "Government regains territory") == ""
    assert plover_mode("Displacement", None) == ""


def test_geojsonseq_has_one_feature_a_line_that_gdal_reads(store, tmp_path):
    from sitroom.report.formats import write_geojsonseq

    path = tmp_path / "out.geojsonl"
    with path.open("w", encoding="utf-8") as out:
        n = write_geojsonseq(store, out)
    lines = path.read_text(encoding="utf-8").splitlines()
    whole = io.StringIO()
    assert n == len(lines) == write_geojson(store, whole)
    assert [json.loads(line) for line in lines] == json.loads(whole.getvalue())["features"]
    info = pyogrio.read_info(path)
    assert info["driver"] == "GeoJSONSeq" and info["features"] == n and info["geometry_type"] == "Point"
