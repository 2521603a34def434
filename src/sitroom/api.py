"""``sitroom serve``: the store as a read-only HTTP API (FastAPI).

Every list is a page of :mod:`sitroom.store.queries` (one SQL statement per page, keyset
paging: pass the ``next`` of a page as ``after`` for the next one) and follows the same
filters, given as query parameters: ``story``, ``date_from``, ``date_to``, ``country``,
``admin1``, ``event_type``, ``actor``, ``figure_kind``, ``q`` (the store's search language)
and ``since`` (stored at or after a time: what changed).

    GET /api/documents          GET /api/documents/{doc_id}   (the document, every fact)
    GET /api/events             GET /api/merged-events        GET /api/figures
    GET /api/quotes             GET /api/stories              GET /api/search?q=...
    GET /api/speakers           GET /api/figure-groups[?status=contradict]
    GET /api/map                (merged events as GeoJSON, at most ``limit``)
    GET /api/places             GET /api/times
    GET /api/timeline           GET /api/entities             (their ``next`` is a string)
    GET /api/report?format=md|html[&story=...][&since=...]
    GET /api/export/{format}    (jsonl, csv, acled, geojson: all the filters keep, streamed)
    GET /api/health             GET /openapi.json, /docs
    POST /api/documents         (ingest one article: only with a token, see below)

Every error is one JSON envelope, ``{"error": {"status": 404, "message": "..."}}``, whatever
raised it (an unknown route, a bad filter, a store error). The store is opened read-only:
no request writes to it, except ``POST /api/documents`` when the app has a token
(``SITROOM_API_TOKEN``): the request must carry it (``Authorization: Bearer <token>``,
compared in constant time), its body is one article (``Content-Type: text/html`` or
``text/plain``) of at most ``max_bytes``, and it goes through the same pipeline, store
and linking as ``sitroom ingest`` (a second post of the same bytes stores nothing). Every response carries a Content-Security-Policy
that allows no script from anywhere but the app itself and no inline script, so that
article text in the HTML report can never run.
"""

from __future__ import annotations

import hmac
import io
import logging
import mimetypes
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException

from sitroom.config import Config
from sitroom.errors import SitroomError
from sitroom.store import Store, queries
from sitroom.store.queries import MAX_LIMIT, Filters, Page

log = logging.getLogger(__name__)

CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
"""No inline script, nothing from another origin (the report's styles are inline)."""

STATUS_RANK = {"contradict": 0, "rising": 1, "agree": 2, "single": 3}
"""Figure groups whose sources disagree come first."""

EXPORT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "acled": "text/csv",
    "hxl": "text/csv",
    "plover": "application/x-ndjson",
    "geojson": "application/geo+json",
    "geojsonseq": "application/geo+json-seq",
}
EXPORT_SUFFIXES = {"acled": "csv", "hxl": "csv", "plover": "jsonl", "geojsonseq": "geojsons"}


def _filters(
    story: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    country: str | None = None,
    admin1: str | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    figure_kind: str | None = None,
    q: Annotated[str | None, Query(max_length=500, description="Search words (phrases, OR, NOT, prefix*)")] = None,
    since: Annotated[str | None, Query(description="Stored at or after this time (ISO 8601)")] = None,
) -> Filters:
    return Filters(
        story=story, date_from=date_from, date_to=date_to, country=country, admin1=admin1, event_type=event_type,
        actor=actor, figure_kind=figure_kind, text=q, since=since,
    )  # fmt: skip


def _store(request: Request) -> Store:
    return request.app.state.store


FiltersParam = Annotated[Filters, Depends(_filters)]
StoreParam = Annotated[Store, Depends(_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _page(page: Page, limit: int) -> JSONResponse:
    """A page as JSON, written directly (rows are plain JSON values: no per-field encoding pass)."""
    return JSONResponse({"items": page.items, "next": page.next, "limit": limit})


WEB = Path(__file__).parent / "web" / "static"
"""The web UI's files (``index.html``, ``app.js``, ``app.css``, ``vendor/``)."""

_MEDIA_TYPES = {".geojson": "application/geo+json", ".md": "text/markdown", "": "text/plain"}


@cache
def web_assets() -> dict[str, tuple[bytes, str]]:
    """Every file of the web UI, read once: its path under :data:`WEB` -> (bytes, media type)."""
    assets = {}
    for path in sorted(WEB.rglob("*")):
        if not path.is_file():
            continue
        kind = _MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/geo+json"):
            kind += "; charset=utf-8"
        assets[path.relative_to(WEB).as_posix()] = (path.read_bytes(), kind)
    return assets


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response, errors included (a plain ASGI
    middleware: Starlette's ``BaseHTTPMiddleware`` costs a task and a stream per request)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names] + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


def create_app(target: str, *, token: str | None = None, config: Config | None = None) -> FastAPI:
    """The API over the store at ``target`` (a SQLite file or a database URL), opened
    read-only when the app starts. With a ``token``, ``POST /api/documents`` ingests one
    article (``config`` says how: model, size limits)."""
    config = config or Config()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        app.state.store = Store(target, readonly=True)
        app.state.figure_groups = {}
        app.state.figure_groups_lock = threading.Lock()
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="sitroom", version="0.1", lifespan=lifespan, summary="Crisis and conflict news as sourced facts: every fact points to its sentence.")

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return _error(422, "; ".join(problems))

    @app.exception_handler(SitroomError)
    async def sitroom_error(request: Request, exc: SitroomError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request %s failed", request.url.path)  # the details go to the log, not to the client
        return _error(500, "the server failed to answer this request; the error is in its log")

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        """The web UI: one page, its state (view, filters, map) in the URL."""
        body, kind = web_assets()["index.html"]
        return Response(body, media_type=kind, headers={"Cache-Control": "no-cache"})

    @app.get("/static/{name:path}", include_in_schema=False)
    def asset(name: str) -> Response:
        """A file of the web UI, looked up among those read at start (no request names a
        file on disk)."""
        found = web_assets().get(name)
        if found is None:
            raise HTTPException(404, f"no file {name!r} in the web UI")
        return Response(found[0], media_type=found[1], headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/api/health")
    def health(s: StoreParam) -> dict[str, Any]:
        """The store answers: how many documents it holds."""
        return {"status": "ok", "documents": s.count("documents")}

    @app.get("/api/documents")
    def documents(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of documents (metadata, no text), in the order they were stored."""
        return _page(queries.documents(s, filters, limit=limit, after=after), limit)

    @app.get("/api/documents/{doc_id}")
    def document(s: StoreParam, doc_id: str) -> dict[str, Any]:
        """One document (its id or a unique prefix) with every fact, as the JSONL export writes them."""
        from sitroom.report.export import analysis_records

        found = s.find_document_id(doc_id)
        analysis = s.analysis(found) if found else None
        if analysis is None:
            raise HTTPException(404, f"no document {doc_id!r} (or the prefix names several)")
        duplicate_of, story_id = s.document_links([analysis.document.id]).get(analysis.document.id, (None, None))
        records = list(analysis_records(analysis, duplicate_of=duplicate_of, story_id=story_id, merged_of=s.event_clusters([analysis.document.id])))
        return {"document": records[0], "facts": records[1:]}

    @app.post("/api/documents", status_code=201)
    async def post_document(request: Request) -> dict[str, Any]:
        """Ingest one article (HTML or plain text) with the bearer token; returns its document
        id and whether it was new."""
        if not token:
            raise HTTPException(403, "ingest over the API is off: start sitroom serve with SITROOM_API_TOKEN set")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        formats = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
        if kind not in formats:
            raise HTTPException(415, f"post an article as text/html or text/plain, not {kind or 'no content type'}")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_bytes:
            raise HTTPException(413, f"the article is {int(declared):,} bytes; the limit is {config.max_bytes:,} (max_bytes)")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > config.max_bytes:
                raise HTTPException(413, f"the article is over the limit of {config.max_bytes:,} bytes (max_bytes)")
        if not body.strip():
            raise HTTPException(422, "the posted article is empty")
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, bytes(body), formats[kind], request.query_params.get("url"))

    def _ingest(body: bytes, kind: str, url: str | None) -> dict[str, Any]:
        from sitroom.ids import raw_hash
        from sitroom.model import Origin, RawDocument
        from sitroom.runner import ingest

        raw = RawDocument(body, kind, Origin(path="api", url=url))  # type: ignore[arg-type]
        with Store(target) as writable:
            summary = ingest([raw], writable, config=config, workers=1)
            if summary.failures:
                raise HTTPException(422, f"the article could not be read: {summary.failures[0].reason}")
            doc_id = writable.document_for_raw(raw_hash(raw))
        return {"doc_id": doc_id, "stored": summary.stored == 1, "duplicate": summary.duplicates == 1}

    @app.get("/api/events")
    def events(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of events as each article reports them, each with its sentence."""
        return _page(queries.events(s, filters, limit=limit, after=after), limit)

    @app.get("/api/merged-events")
    def merged_events(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of merged events: one event across the articles that report it."""
        return _page(queries.merged_events(s, filters, limit=limit, after=after), limit)

    @app.get("/api/figures")
    def figures(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of figures (killed, displaced, ...), each with its sentence."""
        return _page(queries.figures(s, filters, limit=limit, after=after), limit)

    @app.get("/api/quotes")
    def quotes(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of quotes with their speakers, each with its sentence."""
        return _page(queries.quotes(s, filters, limit=limit, after=after), limit)

    @app.get("/api/places")
    def places(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of geocoded place mentions (GeoNames id, coordinates), each with its document."""
        return _page(queries.places(s, filters, limit=limit, after=after), limit)

    @app.get("/api/times")
    def times(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of time expressions with their resolved values, each with its document."""
        return _page(queries.times(s, filters, limit=limit, after=after), limit)

    @app.get("/api/timeline")
    def timeline(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: Annotated[str | None, Query(max_length=64)] = None) -> JSONResponse:
        """A page of merged events that have a date, in date order (``after``: the ``next``
        of the page before)."""
        return _page(queries.timeline(s, filters, limit=limit, after=after), limit)

    @app.get("/api/entities")
    def entities(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: Annotated[str | None, Query(max_length=300)] = None) -> JSONResponse:
        """A page of entities (actors, persons, places, organisations) with their aliases."""
        return _page(queries.entities(s, filters, limit=limit, after=after), limit)

    @app.get("/api/map")
    def map_events(s: StoreParam, filters: FiltersParam, limit: Annotated[int, Query(ge=1, le=20_000)] = 5_000) -> JSONResponse:
        """The merged events the filters keep that took place and have coordinates, as a GeoJSON
        FeatureCollection of at most ``limit`` features (``truncated`` says whether more were
        left out: the GeoJSON export has them all)."""
        from itertools import islice

        from sitroom.report.formats import event_features

        features = list(islice(event_features(s, filters=filters), limit + 1))
        return JSONResponse({"type": "FeatureCollection", "features": features[:limit], "truncated": len(features) > limit})

    @app.get("/api/speakers")
    def speakers(s: StoreParam, filters: FiltersParam, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> JSONResponse:
        """The most quoted speakers (in most documents first), each with their latest quote."""
        return JSONResponse({"items": queries.speakers(s, filters, limit=limit), "limit": limit})

    @app.get("/api/figure-groups")
    def figure_groups(
        s: StoreParam, filters: FiltersParam, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        status: Annotated[str | None, Query(pattern="^(single|agree|rising|contradict)$")] = None,
    ) -> JSONResponse:  # fmt: skip
        """Figures reconciled across documents (one group counts one thing in one place and
        period): groups whose sources disagree first, then those with most documents."""
        groups = _figure_groups(s, filters)
        kept = [g for g in groups if status is None or g["status"] == status]
        return JSONResponse({"items": kept[:limit], "total": len(kept), "limit": limit})

    def _figure_groups(s: Store, filters: Filters) -> list[dict[str, Any]]:
        # Reconciling reads every figure the filters keep: the answer is kept per filters
        # until the store changes (a new document: its count and last seq).
        from sitroom.report.export import figure_groups as groups_of
        from sitroom.link.figures import group_record

        key = (filters, s.fingerprint())
        cache, lock = app.state.figure_groups, app.state.figure_groups_lock
        with lock:
            found = cache.get(key)
        if found is not None:
            return found
        ranked = sorted((group_record(g) for g in groups_of(s, filters)), key=lambda g: (STATUS_RANK[g["status"]], -len(g["documents"]), g["kind"], g["place"] or ""))
        with lock:  # requests run in worker threads: one at a time changes the cache
            while len(cache) >= 32:
                cache.pop(next(iter(cache)))
            cache[key] = ranked
        return ranked

    @app.get("/api/stories")
    def stories(s: StoreParam, filters: FiltersParam, limit: Limit = 100, after: int | None = None) -> JSONResponse:
        """A page of stories (articles about one happening)."""
        return _page(queries.stories(s, filters, limit=limit, after=after), limit)

    @app.get("/api/search")
    def search(s: StoreParam, q: Annotated[str, Query(min_length=1, max_length=500)], limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
        """Full-text search: the best matching documents with a snippet each."""
        from sitroom.actordata import bundled_actor_files, load_actors

        hits = s.search(q, limit=limit, actors=load_actors(bundled_actor_files()))
        return {"items": [{"doc_id": h.doc_id, "title": h.title, "snippet": h.snippet} for h in hits]}

    @app.get("/api/report")
    def report(s: StoreParam, format: Annotated[str, Query(pattern="^(md|html)$")] = "html", story: str | None = None, since: str | None = None) -> Any:
        """The situation report of the store, or of one story, as HTML or Markdown."""
        from sitroom.report.sitrep import build_report, render

        story_id = (s.find_story_id(story) or story) if story else None
        text = render(build_report(s, story=story_id, since=since), format)
        return HTMLResponse(text) if format == "html" else PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

    @app.get("/api/export/{format}")
    def export(s: StoreParam, format: str, filters: FiltersParam) -> StreamingResponse:
        """The store, or what the filters keep, in an export format, streamed (spooled to a
        temporary file first, so a slow client never holds the store open)."""
        from sitroom.report.export import WRITERS

        if format not in WRITERS:
            raise HTTPException(404, f"no export format {format!r} (use one of {', '.join(WRITERS)})")
        spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+b")
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        WRITERS[format](s, text, filters=filters)
        text.flush()
        spool.seek(0)

        def chunks() -> Iterator[bytes]:
            try:
                while block := spool.read(1 << 16):
                    yield block
            finally:
                text.close()

        filename = f"sitroom-{format}.{EXPORT_SUFFIXES.get(format, format)}"
        return StreamingResponse(chunks(), media_type=EXPORT_TYPES[format], headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    return app


def app_from_environment() -> FastAPI:
    """The app ``sitroom serve --workers N`` starts in each worker process: the store and the
    settings from the environment (``SITROOM_DB`` and the other ``SITROOM_*`` settings, the
    settings file ``SITROOM_CONFIG``), the token from ``SITROOM_API_TOKEN``."""
    from sitroom.config import load_config

    config = load_config(os.environ.get("SITROOM_CONFIG") or None)
    return create_app(config.db, token=os.environ.get("SITROOM_API_TOKEN") or None, config=config)


__all__ = ["CSP", "app_from_environment", "create_app"]
