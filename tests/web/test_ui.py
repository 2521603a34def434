"""The web UI of ``sitroom serve`` in a real headless Chromium (Debian's ``chromium``, driven
by Playwright's Python package): the front page, a filter, a map marker, its event card and
its sentence in the document; an XSS corpus that must never run, in the UI and in the HTML
report. Screenshots go to ``test-artifacts/`` (or ``$SITROOM_TEST_ARTIFACTS``).

Without a Chromium the tests are skipped with a warning, unless ``SITROOM_REQUIRE_BROWSER=1``
(CI sets it: ``make test`` installs Debian's chromium first)."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.link.batch import store_batch
from sitroom.model import Event, Figure, Mention, Place, Quote, Span
from sitroom.store import Store
from tests.conftest import FIXTURES
from tests.factories import make_analysis
from tests.serving import serving

ARTIFACTS = Path(os.environ.get("SITROOM_TEST_ARTIFACTS") or Path(__file__).parents[2] / "test-artifacts")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Each payload sets window.__xss (or opens a dialog) if it ever runs as markup or as a URL.
PAYLOADS = {
    "title": "<img src=x onerror=\"window.__xss='title'\">Siege of Raqqa",
    "outlet": "<script>window.__xss='outlet'</script>",
    "speaker": "<svg onload=\"window.__xss='speaker'\"></svg>Omar Haddad",
    "place": "\"><img src=y onerror=\"window.__xss='place'\">Raqqa",
    "actor": "<iframe src=\"javascript:window.__xss='actor'\"></iframe>Raqqa Brigade",
    "url": "javascript:window.__xss='url'//",
}
HOSTILE_TEXT = (
    "Fighters shelled Raqqa on Monday, killing 40 people, officials said. "
    "<b onmouseover=\"window.__xss='text'\">bold</b> <script>alert('text')</script> "
    "\"The city will hold,\" said a commander. 55 people were killed, a monitor said on Tuesday."
)


def _chromium() -> str | None:
    return os.environ.get("SITROOM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def hostile_document(doc_id: str = "x" * 16):
    """One stored article whose every shown field holds a payload."""
    base = make_analysis(HOSTILE_TEXT, doc_id)
    text = HOSTILE_TEXT
    at = text.index("Raqqa")
    place_span = Span(doc_id, at, at + 5)
    document = replace(base.document, title=PAYLOADS["title"], outlet=PAYLOADS["outlet"], url=PAYLOADS["url"], removed=())
    sent1 = Span(doc_id, 0, text.index("officials said.") + len("officials said."))
    quote_at = text.index("The city will hold,")
    quote = Quote(span=Span(doc_id, quote_at, quote_at + 18), text=text[quote_at : quote_at + 18], direct=True, speaker=PAYLOADS["speaker"], speaker_text="a commander", sentence=Span(doc_id, quote_at - 1, text.index("commander.") + 10))
    forty, fifty_five = text.index("40 people"), text.index("55 people")
    figures = (
        Figure(span=Span(doc_id, forty, forty + 2), text="40", value=40.0, low=40.0, high=40.0, unit="people", kind="killed", place=PAYLOADS["place"], sentence=sent1),
        Figure(span=Span(doc_id, fifty_five, fifty_five + 2), text="55", value=55.0, low=55.0, high=55.0, unit="people", kind="killed", place=PAYLOADS["place"], as_of="2017-07-11", sentence=Span(doc_id, fifty_five, len(text))),
    )
    shelled = text.index("shelled")
    event = Event(
        span=Span(doc_id, shelled, shelled + 7), text="shelled", type="Explosions/Remote violence", subtype="Shelling/artillery/missile attack",
        actor1=PAYLOADS["actor"], actor2="Civilians (Syria)", place=PAYLOADS["place"], place_span=place_span, place_geonames_id=163915,
        lat=35.95, lon=39.01, country="SY", admin1="Raqqa", geo_precision=1, date="2017-07-10", time_precision=1, date_precision="day",
        date_provenance="resolved", fatalities=40, sentence=sent1, context="past",
    )  # fmt: skip
    place = Place(span=place_span, text="Raqqa", name=PAYLOADS["place"], geonames_id=163915, lat=35.95, lon=39.01, country="SY", admin1="Raqqa", feature_code="PPLA", method="context")
    mention = Mention(span=place_span, text="Raqqa", label="GPE", entity_id="place/geonames/163915", canonical=PAYLOADS["place"])
    return replace(base, document=document, quotes=(quote,), figures=figures, events=(event,), places=(place,), mentions=(mention,), times=(), entities=())


@pytest.fixture(scope="module")
def chromium():
    path = _chromium()
    if path is None:
        if os.environ.get("SITROOM_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium found (install Debian's chromium or set SITROOM_CHROMIUM)")
        pytest.skip("no Chromium found: the browser tests need Debian's chromium (make test installs it)")
    return path


@pytest.fixture(scope="module")
def browser(chromium):
    if os.environ.get("SITROOM_REQUIRE_BROWSER") == "1":
        import playwright.sync_api as sync_api  # required: a missing package fails, never skips
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Two real articles about Mosul through the whole pipeline, and one hostile article."""
    db = tmp_path_factory.mktemp("ui") / "ui.db"
    result = CliRunner().invoke(app, ["ingest", str(FIXTURES / "000_f040c6de48533ea3.txt"), str(FIXTURES / "004_ba4449efcd6f824b.txt"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        store_batch(store, [(hostile_document(), "hostile")])
    with serving(db) as base:
        yield base


def click_a_marker(page) -> None:
    """Click, with the mouse, the middle of an event circle that is inside the map's frame."""
    frame = page.locator("#map").bounding_box()
    for marker in page.locator("#map path.leaflet-interactive").all():
        box = marker.bounding_box()
        if box and box["width"] >= 4 and frame["x"] < box["x"] + box["width"] / 2 < frame["x"] + frame["width"] and frame["y"] < box["y"] + box["height"] / 2 < frame["y"] + frame["height"]:
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            return
    raise AssertionError("no event circle inside the map's frame")


class Page:
    """A browser page that records what would betray a payload run or a request elsewhere."""

    def __init__(self, browser, base: str, name: str) -> None:
        self.base, self.name = base, name
        self.page = browser.new_page(viewport={"width": 1300, "height": 950})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str, ready: str | None = None):
        self.page.goto(self.base + path)
        if ready:
            self.page.wait_for_selector(f"body[data-ready={ready}]", timeout=30_000)
        return self.page

    def shot(self, step: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{step}.png"), full_page=True)

    def assert_nothing_ran(self) -> None:
        page = self.page
        assert page.evaluate("window.__xss") is None and self.dialogs == []
        injected = "img[src=x], img[src=y], svg[onload], iframe, b[onmouseover], a[href^='javascript' i], body script:not([src])"
        assert page.locator(injected).count() == 0
        assert all(url.startswith(self.base) or url.startswith("data:") for url in self.requests), [u for u in self.requests if not u.startswith(self.base)]

    def close(self) -> None:
        self.page.close()


def test_an_analyst_filters_clicks_a_marker_and_reads_the_sentence(browser, site):
    ui = Page(browser, site, "front")
    page = ui.open("/", ready="situation")
    assert page.locator("#map path").count() > 100  # the bundled world map, drawn with no network
    assert page.locator("#timeline tbody tr.clickable").count() >= 2
    assert page.locator("#figures .group").count() >= 1 and page.locator("#speakers .speaker").count() >= 1
    ui.shot("1-front")

    page.fill("input[name=country]", "iq")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"country=IQ"))
    page.wait_for_selector("body[data-ready=situation]")
    rows = page.locator("#timeline tbody tr.clickable")
    assert rows.count() >= 1 and all(", IQ" in row for row in rows.all_inner_texts())
    assert "country=IQ" in page.get_attribute("a[data-export=geojson]", "href")
    ui.shot("2-filtered")

    markers = page.locator("#map path.leaflet-interactive")
    if markers.count() == 0:  # every event sits in a cluster: open it (its events show as a table)
        page.locator("#map .cluster").first.click()
        page.wait_for_selector("#card table")
        page.wait_for_selector("#map path.leaflet-interactive")
    click_a_marker(page)
    card = page.locator("#card")
    card.locator("h3.event-type").wait_for()
    assert "IQ" in card.inner_text() and card.locator("blockquote.sentence").inner_text().strip()
    ui.shot("3-event-card")

    card.locator("a", has_text="Open the sentence").click()
    page.wait_for_selector("body[data-ready=document]")
    assert "view=document" in page.url
    target, hit = page.locator("#doc-text .target"), page.locator("#doc-text .hit")
    assert target.count() >= 1 and hit.count() >= 1
    assert page.locator("#doc-facts .fact.active").count() >= 1  # the sentence's fact, picked out in the list
    ui.shot("4-document")

    page.go_back()
    page.wait_for_selector("body[data-ready=situation]")
    assert page.input_value("input[name=country]") == "IQ"  # the filters live in the address
    ui.assert_nothing_ran()
    assert ui.errors == []
    ui.close()


def test_the_map_view_and_the_filters_survive_a_reload(browser, site):
    ui = Page(browser, site, "reload")
    page = ui.open("/?view=situation&event_type=Battles&map=36.300,43.100,9", ready="situation")
    assert page.evaluate("state.map.getZoom()") == 9
    assert page.input_value("select[name=event_type]") == "Battles"
    assert all("Battles" in row for row in page.locator("#timeline tbody tr.clickable").all_inner_texts())
    ui.close()


def test_no_payload_ever_runs_in_the_ui(browser, site):
    ui = Page(browser, site, "xss")
    page = ui.open("/", ready="situation")
    body = page.inner_text("body")
    assert "onerror=\"window.__xss='place'\">Raqqa" in body  # the payloads are shown as text
    assert "window.__xss='speaker'" in body
    page.locator("#timeline tbody tr.clickable", has_text="Raqqa Brigade").click()
    page.locator("#card h3.event-type").wait_for()
    assert "window.__xss='actor'" in page.inner_text("#card")
    ui.assert_nothing_ran()
    ui.shot("1-front")

    ui.open("/?view=documents", ready="documents")
    assert "Siege of Raqqa" in page.inner_text("#documents")
    ui.assert_nothing_ran()

    ui.open("/?view=document&id=" + "x" * 16 + "&s=0-20", ready="document")
    text = page.inner_text("#doc-text")
    assert "<script>alert('text')</script>" in text and "onmouseover" in text
    assert page.inner_text("#doc-title") == PAYLOADS["title"]
    assert page.locator("#doc-meta a").count() == 0  # a javascript: URL is never a link
    ui.shot("2-document")
    ui.assert_nothing_ran()

    ui.open("/?view=stories", ready="stories")
    ui.assert_nothing_ran()
    assert ui.errors == []
    ui.close()


def test_no_payload_ever_runs_in_the_html_report(browser, site):
    ui = Page(browser, site, "report")
    page = ui.open("/api/report?format=html")
    page.wait_for_load_state("load")
    body = page.inner_text("body")
    assert "Siege of Raqqa" in body and "window.__xss='speaker'" in body
    ui.shot("1-report")
    ui.assert_nothing_ran()
    ui.close()
