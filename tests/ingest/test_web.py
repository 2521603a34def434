"""Live sources against a real HTTP server on the loopback address: feeds, sitemaps, lists
of URLs, redirects, a slow server, a huge page, a 404, invalid XML, robots.txt (issue 21)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.ingest.sources import read_sources
from sitroom.ingest.web import Fetcher, FetchPolicy
from sitroom.model import Failure, RawDocument
from sitroom.store import Store

ROOT = Path(__file__).parents[2]
PAGES = {f"/news/{p.stem}.html": p.read_bytes() for p in sorted((ROOT / "examples" / "html").glob("*.html"))}
NAMES = sorted(PAGES)


def _rss(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{link}</link><pubDate>Mon, 0{n + 1} Mar 2010 10:00:00 GMT</pubDate></item>" for n, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>/</link>{items}</channel></rss>'.encode()


class Site(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    base = ""

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path
        Site.hits[path] += 1
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in PAGES or path == "/private/page.html":
            self.send(200, PAGES.get(path, PAGES[NAMES[0]]))
        elif path == "/feed.xml":
            self.send(200, _rss([self.base + NAMES[0], self.base + NAMES[1], self.base + "/moved"]), "application/rss+xml")
        elif path == "/moved":
            self.send(301, b"", headers={"Location": NAMES[2]})
        elif path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base}{n}</loc></url>" for n in NAMES)
            self.send(200, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(), "application/xml")
        elif path == "/broken.xml":
            self.send(200, b"<?xml version='1.0'?><rss><channel><item><title>x</titl", "application/rss+xml")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, PAGES[NAMES[0]])
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):  # 2 MB with no Content-Length
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        elif path == "/loop":
            self.send(302, b"", headers={"Location": "/loop"})
        else:
            self.send(404, b"not here")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on /slow or /huge closed its end: expected here


@pytest.fixture(scope="module")
def site():
    server = QuietServer(("127.0.0.1", 0), Site)
    Site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site.base
    server.shutdown()


def fetcher(**policy: object) -> Fetcher:
    return Fetcher(FetchPolicy(**{"allow_private": True, "timeout": 1.0, "max_bytes": 1_000_000, **policy}))  # type: ignore[arg-type]


def test_a_feed_gives_its_pages_with_the_entry_title_and_date_following_redirects(site):
    with fetcher() as f:
        docs = list(read_sources([site + "/feed.xml"], fetcher=f))
    assert all(isinstance(d, RawDocument) for d in docs), docs
    assert [d.origin.url for d in docs] == [site + NAMES[0], site + NAMES[1], site + NAMES[2]]  # the third through a 301
    assert [d.hints["title"] for d in docs] == ["Entry 0", "Entry 1", "Entry 2"]
    assert docs[0].hints["date"] == "Mon, 01 Mar 2010 10:00:00 GMT" and docs[0].content == PAGES[NAMES[0]] and docs[0].origin.fetched_at


def test_a_sitemap_a_single_url_and_a_file_of_urls(site, tmp_path):
    listing = tmp_path / "reading.txt"
    listing.write_text(f"# to read\n{site}{NAMES[1]}\n\n{site}{NAMES[2]}\n", encoding="utf-8")
    with fetcher() as f:
        from_sitemap = list(read_sources([site + "/sitemap.xml"], fetcher=f))
        single = list(read_sources([site + NAMES[0]], fetcher=f))
        listed = list(read_sources([str(listing)], fetcher=f))
    assert [d.origin.url for d in from_sitemap] == [site + n for n in NAMES]
    assert [d.origin.url for d in single] == [site + NAMES[0]] and single[0].format == "html"
    assert [d.origin.url for d in listed] == [site + NAMES[1], site + NAMES[2]]


def test_every_bad_source_is_a_failure_that_names_it_and_the_rest_goes_on(site):
    with fetcher() as f:
        out = list(read_sources([site + p for p in ("/missing", "/slow", "/huge", "/broken.xml", "/loop", "/private/page.html", NAMES[0])], fetcher=f))
    reasons = {(o.origin.url or "").removeprefix(site): o.reason for o in out if isinstance(o, Failure)}
    assert reasons["/missing"] == "HTTP 404"
    assert "no answer within 1 s" in reasons["/slow"]
    assert "larger than max_bytes=1,000,000" in reasons["/huge"]
    assert reasons["/broken.xml"].startswith("not a valid feed")
    assert reasons["/loop"] == "more than 5 redirects"
    assert reasons["/private/page.html"] == "disallowed by the site's robots.txt"
    assert [o.origin.url for o in out if isinstance(o, RawDocument)] == [site + NAMES[0]]


def test_private_and_loopback_addresses_are_refused_unless_allowed(site):
    with Fetcher(FetchPolicy(timeout=1.0)) as f:
        (refused,) = list(read_sources([site + NAMES[0]], fetcher=f))
    assert isinstance(refused, Failure) and "127.0.0.1, a private or local address: refused" in refused.reason
    (off,) = list(read_sources([site + NAMES[0]]))  # no fetcher: the library never fetches by itself
    assert isinstance(off, Failure) and "fetching is off" in off.reason


def test_cli_ingest_of_a_feed_stores_its_pages_and_a_rerun_fetches_nothing_again(site, tmp_path):
    db = tmp_path / "s.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", site + "/feed.xml", "--db", str(db), "--workers", "1", "--allow-private"])
    assert first.exit_code == 0, first.output
    assert "read 3, stored 3" in first.output
    with Store(db, readonly=True) as store:
        titles = sorted(a.document.title for a in store.analyses())
        urls = store.known_urls([site + n for n in NAMES])
    assert titles == ["Entry 0", "Entry 1", "Entry 2"] and urls == {site + n for n in NAMES[:3]}
    before = Counter(Site.hits)
    again = runner.invoke(app, ["ingest", site + "/feed.xml", "--db", str(db), "--workers", "1", "--allow-private"])
    assert again.exit_code == 1 and "read 0" in again.output  # nothing new
    fetched = Counter(Site.hits) - before
    assert set(fetched) == {"/feed.xml", "/robots.txt"}  # the entries were skipped before fetching


def test_cli_ingest_of_a_url_keeps_its_slashes_and_refuses_loopback_without_the_flag(site, tmp_path):
    result = CliRunner().invoke(app, ["ingest", site + NAMES[0], "--db", str(tmp_path / "s.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert f"{site}{NAMES[0]}: 127.0.0.1 resolves to 127.0.0.1, a private or local address" in " ".join(result.output.split())


def test_watch_polls_a_feed_and_logs_one_line_per_poll(site, tmp_path):
    db = tmp_path / "w.db"
    done = subprocess.run(
        [sys.executable, "-m", "sitroom", "watch", site + "/feed.xml", site + "/broken.xml", "--db", str(db), "--every", "0", "--polls", "2", "--allow-private"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and " poll 1: read 4, stored 3" in lines[0] and " poll 2: read 1, stored 0" in lines[1], lines
    assert "broken.xml: not a valid feed" in done.stderr
