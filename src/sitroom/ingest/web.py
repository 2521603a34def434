"""Live sources: single URLs, files of URLs, RSS/Atom feeds and sitemaps, fetched over HTTP.

``sitroom ingest https://...`` and ``sitroom watch FEED...`` read the web through a
:class:`Fetcher` (httpx), which treats every server as hostile:

* only ``http``/``https``; every host is resolved first and a private, loopback,
  link-local, reserved or multicast address is refused (no request to the machine's own
  services or its network's) unless ``allow_private``. The connection resolves the name
  again: a DNS server that answers differently the second time (DNS rebinding) is not
  stopped here; run ``watch`` where the network itself keeps private services out of reach;
* timeouts on connecting and on each read, a limit on the whole download
  (:attr:`FetchPolicy.total_seconds`), a body limit (``max_bytes``, checked against
  ``Content-Length`` and while streaming), at most ``max_redirects`` redirects, each hop
  checked like the first;
* ``robots.txt`` obeyed (RFC 9309: a 4xx robots file allows everything, an unreachable or
  5xx one nothing), read once per site, with a user agent that names sitroom.

A feed (RSS, Atom, RDF; feedparser) or a sitemap (``urlset``/``sitemapindex``, read with the
standard library's expat, which refuses entity expansion bombs) gives pages to fetch; the
entries a store already holds (by URL: ``known``) are skipped before anything is fetched.
A feed entry's title, date and link become the page's hints. Each page is cleaned as HTML
with its URL as origin. Everything that goes wrong is a :class:`~sitroom.model.Failure`
naming the URL, and the other entries go on.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from sitroom.errors import FetchError
from sitroom.ingest.base import failure
from sitroom.ingest.html import html_document
from sitroom.ingest.text import text_document
from sitroom.model import Failure, Origin, RawDocument

__all__ = ["FetchError", "FetchPolicy", "Fetcher", "Page", "is_url", "read_url_sources", "url_lines"]

MAX_ENTRIES = 50_000
"""URLs taken from one feed or sitemap at most (the sitemaps protocol's own limit)."""
ROBOTS_MAX_BYTES = 500_000
"""robots.txt read at most (RFC 9309 asks crawlers to read at least 500 KiB)."""

Known = Callable[[list[str]], set[str]]
"""Which of these URLs the store already holds."""


def _user_agent() -> str:
    try:
        number = version("sitroom")
    except PackageNotFoundError:
        number = "0"
    return f"sitroom/{number} (news reader for crisis analysts; obeys robots.txt)"


def is_url(text: str) -> bool:
    """An ``http://`` or ``https://`` URL (what ``sitroom ingest`` fetches instead of reading a file)."""
    return text.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How a :class:`Fetcher` may use the network."""

    max_bytes: int = 20_000_000
    timeout: float = 20.0
    """Seconds to connect, and between two reads."""
    total_seconds: float = 60.0
    """Seconds one download may take in all (a server that drips one byte a second)."""
    max_redirects: int = 5
    allow_private: bool = False
    robots: bool = True
    user_agent: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched body and where it finally came from."""

    url: str
    requested: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str


class Fetcher:
    """Fetches pages under a :class:`FetchPolicy`; one per run (robots files are kept)."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.user_agent = self.policy.user_agent or _user_agent()
        timeout = httpx.Timeout(self.policy.timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": self.user_agent}, trust_env=False)
        self._robots: dict[str, RobotFileParser] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str) -> Page:
        """The body at ``url``, after at most ``max_redirects`` redirects.

        Raises:
            FetchError: refused (scheme, address, robots.txt), failed or too large; the
                reason names what.
        """
        return self._fetch(url, robots=self.policy.robots, max_bytes=self.policy.max_bytes)

    def _fetch(self, url: str, *, robots: bool, max_bytes: int) -> Page:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check_address(current)
            if robots and not self._allowed(current):
                raise FetchError("disallowed by the site's robots.txt")
            location, page = self._get(current, max_bytes=max_bytes)
            if page is not None:
                return Page(page.url, url, page.status, page.content_type, page.body, page.fetched_at)
            current = urljoin(current, location)
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _get(self, url: str, *, max_bytes: int) -> tuple[str, Page | None]:
        """One request: (``Location``, None) for a redirect, else ("", the page)."""
        deadline = time.monotonic() + self.policy.total_seconds
        try:
            with self.client.stream("GET", url) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location", response.status_code)
                    return location, None
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}", response.status_code)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"larger than max_bytes={max_bytes:,} (Content-Length {int(declared):,})")
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise FetchError(f"larger than max_bytes={max_bytes:,}")
                    if time.monotonic() > deadline:
                        raise FetchError(f"download took more than {self.policy.total_seconds:g} s")
                    chunks.append(chunk)
                stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return "", Page(str(response.url), url, response.status_code, kind, b"".join(chunks), stamp)
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.policy.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed: {type(exc).__name__}: {exc}") from None

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(f"not an http(s) URL (scheme {parts.scheme!r})")
        host = parts.hostname
        if not host:
            raise FetchError("no host in the URL")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, ValueError) as exc:
            raise FetchError(f"cannot resolve {host}: {exc}") from None
        if self.policy.allow_private:
            return
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            mapped = getattr(address, "ipv4_mapped", None)
            for ip in (address, mapped) if mapped else (address,):
                if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
                    raise FetchError(f"{host} resolves to {address}, a private or local address: refused (allow_private fetches it)")

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        parser = self._robots.get(site)
        if parser is None:
            parser = self._robots[site] = RobotFileParser()
            try:
                page = self._fetch(site + "/robots.txt", robots=False, max_bytes=ROBOTS_MAX_BYTES)
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser.allow_all = True
                else:
                    parser.disallow_all = True  # RFC 9309 2.3.1.4: unreachable means disallowed
            else:
                parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return parser.can_fetch(self.user_agent, url)


def url_lines(text: str) -> list[str] | None:
    """The URLs of a file of URLs (one a line; blank lines and ``#`` comments allowed), or
    None when some line is not a URL (then the file is a document)."""
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line) or any(c.isspace() for c in line):
            return None
        urls.append(line)
    return urls or None


@dataclass(frozen=True, slots=True)
class _Entry:
    url: str
    hints: dict[str, str]


def _kind(body: bytes, content_type: str) -> str:
    """``feed``, ``sitemap``, ``html`` or ``text``, from the body's start and the media type."""
    head = body[:4096].lstrip().lower()
    if any(mark in head for mark in (b"<rss", b"<feed", b"<rdf:rdf")) or any(t in content_type for t in ("rss", "atom")):
        return "feed"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return "text"


def feed_entries(body: bytes, where: str) -> list[_Entry]:
    """The linked entries of an RSS/Atom/RDF feed, with their title and date as hints.

    Raises:
        FetchError: malformed, with no linked entry that feedparser could read.
    """
    import feedparser

    parsed = feedparser.parse(body)
    entries = []
    for item in parsed.entries[:MAX_ENTRIES]:
        link = item.get("link")
        if not link or not is_url(urljoin(where, link)):
            continue
        hints = {"url": urljoin(where, link)}
        if item.get("title"):
            hints["title"] = str(item["title"])
        date = item.get("published") or item.get("updated")
        if date:
            hints["date"] = str(date)
        entries.append(_Entry(hints["url"], hints))
    if parsed.bozo and not entries:  # malformed, and nothing to read in it (feedparser reads what it can of a sloppy feed)
        raise FetchError(f"not a valid feed: {getattr(parsed, 'bozo_exception', 'unreadable')}")
    return entries  # a well-formed feed with no entries yet is no error


def sitemap_urls(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of a sitemap or sitemap index.

    Raises:
        FetchError: not well-formed XML.
    """
    try:
        root = ET.fromstring(body)  # noqa: S314 - expat refuses entity-expansion bombs (Python 3.11 bundles expat >= 2.4)
    except ET.ParseError as exc:
        raise FetchError(f"not a valid sitemap: {exc}") from None
    pages, children = [], []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "loc" or not element.text:
            continue
        url = element.text.strip()
        if is_url(url):
            (children if root.tag.endswith("sitemapindex") else pages).append(url)
    return pages[:MAX_ENTRIES], children[:MAX_ENTRIES]


def _page_document(page: Page, hints: dict[str, str]) -> RawDocument | Failure:
    """A fetched page as a document: HTML, or plain text when the server says so."""
    origin = Origin(url=page.url, fetched_at=page.fetched_at)
    if _kind(page.body, page.content_type) == "text" and page.content_type.startswith("text/plain"):
        found = text_document(page.body, origin, what="page")
    else:
        found = html_document(page.body, origin, what="page")
    if isinstance(found, Failure) or not hints:
        return found
    return RawDocument(found.content, found.format, origin, hints=dict(hints), encoding=found.encoding, warnings=found.warnings)


def read_url_sources(
    urls: Iterable[tuple[str, bytes | None]], fetcher: Fetcher, *, known: Known | None = None
) -> Iterator[RawDocument | Failure]:
    """The documents behind each source: ``(url, None)`` is fetched first; ``(where, body)``
    is a feed or sitemap already read (a local file). A page is a document; a feed or a
    sitemap gives its entries, each fetched unless ``known`` says the store holds it."""
    for where, body in urls:
        origin = Origin(url=where) if is_url(where) else Origin(path=where)
        content_type = ""
        if body is None:
            try:
                page = fetcher.fetch(where)
            except FetchError as exc:
                yield failure(origin, str(exc))
                continue
            body, content_type, where = page.body, page.content_type, page.url
            if _kind(body, content_type) in ("html", "text"):
                if known is not None and known([where, page.requested]):
                    continue
                yield _page_document(page, {})
                continue
        yield from _entries(where, body, content_type, origin, fetcher, known, depth=0)


def _entries(where: str, body: bytes, content_type: str, origin: Origin, fetcher: Fetcher, known: Known | None, *, depth: int) -> Iterator[RawDocument | Failure]:
    kind = _kind(body, content_type)
    try:
        if kind == "feed":
            entries = feed_entries(body, where)
        elif kind == "sitemap":
            pages, children = sitemap_urls(body)
            entries = [_Entry(u, {"url": u}) for u in pages]
            for child in children if depth == 0 else []:
                try:
                    page = fetcher.fetch(child)
                except FetchError as exc:
                    yield failure(Origin(url=child), str(exc))
                    continue
                yield from _entries(page.url, page.body, page.content_type, Origin(url=page.url), fetcher, known, depth=1)
        else:
            raise FetchError(f"neither a page, a feed nor a sitemap ({content_type or 'no media type'})")
    except FetchError as exc:
        yield failure(origin, str(exc))
        return
    held = known([e.url for e in entries]) if known is not None and entries else set()
    for entry in entries:
        if entry.url in held:
            continue
        try:
            page = fetcher.fetch(entry.url)
        except FetchError as exc:
            yield failure(Origin(url=entry.url), str(exc))
            continue
        yield _page_document(page, entry.hints)
