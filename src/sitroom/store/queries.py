"""Read-only, paged, filtered queries over a store: one SQL statement per page.

What the HTTP API, the exports and the reports read, whatever the store's size: a page of
documents, events, figures or quotes, each fact with its sentence and its document's
title, day and URL, filtered by :class:`Filters`, ordered by id and paged by keyset (the
``after`` cursor is the last id of the previous page), so page *k* costs what page 1 costs
and memory stays flat. Every filter value is a bound parameter; the text filter is the
store's search language (:mod:`sitroom.store.search`).

    >>> page = events(store, Filters(country="IQ", event_type="Battles"), limit=50)
    >>> more = events(store, Filters(country="IQ", event_type="Battles"), limit=50, after=page.next)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, String, and_, cast, func, or_, select, text

from sitroom.errors import StoreError
from sitroom.store import schema
from sitroom.store.search import fts5, parse, tsquery

if TYPE_CHECKING:
    from sitroom.store.store import Store

MAX_LIMIT = 1000
"""The largest page a query returns."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; ``None`` keeps everything. Days are ISO 8601 (``YYYY-MM-DD``)."""

    story: str | None = None
    """A story id: facts of its documents."""
    date_from: str | None = None
    """Events dated on or after this day (their date); documents, figures and quotes
    published on or after it."""
    date_to: str | None = None
    country: str | None = None
    """ISO 3166 alpha-2 of the event or place."""
    admin1: str | None = None
    event_type: str | None = None
    """An ACLED event type ("Battles") or ``type/sub-type``."""
    actor: str | None = None
    """An event's actor1 or actor2, as stored (case-insensitive)."""
    figure_kind: str | None = None
    text: str | None = None
    """Documents matching this search (the store's search language)."""
    since: str | None = None
    """Stored at or after this time (ISO 8601; a day means its start): what changed."""


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    next: Any
    """The cursor of the next page (pass it as ``after``), or ``None`` on the last page: an
    item's ``id`` (an integer), or for :func:`entities` and :func:`timeline` a string."""


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError as exc:
        raise StoreError(f"filter {name}={value!r} is not a day (YYYY-MM-DD)") from exc


def _documents_matching(store: Store, query: str) -> Any:
    """A clause keeping the documents that match the search ``query``."""
    tree = parse(query)
    if store.is_sqlite:
        return text("documents.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts)").bindparams(fts=fts5(tree))
    expression, params = tsquery(tree)
    return text(f"documents.search @@ {expression}").bindparams(**params)


def _common(store: Store, query: Select, filters: Filters, *, dated_by: Any) -> Select:
    docs = schema.documents
    clauses = []
    if filters.story is not None:
        members = select(schema.story_documents.c.doc_id).where(schema.story_documents.c.story_id == filters.story)
        clauses.append(docs.c.id.in_(members))
    if (start := _day(filters.date_from, "date_from")) is not None:
        clauses.append(dated_by >= start)
    if (end := _day(filters.date_to, "date_to")) is not None:
        clauses.append(func.substr(dated_by, 1, 10) <= end)
    if filters.since is not None:
        _day(filters.since, "since")
        clauses.append(docs.c.ingested_at >= filters.since)
    if filters.text:
        clauses.append(_documents_matching(store, filters.text))
    return query.where(and_(*clauses)) if clauses else query


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"page size {limit} is out of range (1 to {MAX_LIMIT})")


def _fetch_page(store: Store, query: Select, limit: int, cursor: Callable[[dict[str, Any]], Any]) -> Page:
    """``limit`` rows of ``query`` (already ordered and past the cursor), and the ``cursor`` of
    the last one when more follow."""
    _check_limit(limit)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query.limit(limit + 1)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, cursor(rows[-1]) if more and rows else None)


def _page(store: Store, query: Select, key: Any, limit: int, after: int | None) -> Page:
    if after is not None:
        query = query.where(key > after)
    return _fetch_page(store, query.order_by(key), limit, lambda row: row["id"])


def _fact_query(table: Any) -> Select:
    docs = schema.documents
    sentence = func.substr(docs.c.text, table.c.sent_start + 1, table.c.sent_end - table.c.sent_start) if "sent_start" in table.c else None
    columns = [*table.c, docs.c.title.label("document_title"), docs.c.published.label("document_published"), docs.c.url.label("document_url")]
    if sentence is not None:
        columns.append(sentence.label("sentence"))
    return select(*columns).select_from(table.join(docs, docs.c.id == table.c.doc_id))


def events(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of events (past, ongoing, planned... as stored), each with its sentence."""
    table = schema.events
    return _page(store, _event_clauses(store, _fact_query(table), filters), table.c.id, limit, after)


def _event_clauses(store: Store, query: Select, filters: Filters) -> Select:
    """``query`` (over events joined to their documents) keeping the events ``filters`` name."""
    table = schema.events
    query = _common(store, query, filters, dated_by=table.c.date)
    if filters.country is not None:
        query = query.where(table.c.country == filters.country.upper())
    if filters.admin1 is not None:
        query = query.where(table.c.admin1 == filters.admin1)
    if filters.event_type is not None:
        kind, _, sub = filters.event_type.partition("/")
        query = query.where(table.c.type == kind)
        if sub:
            query = query.where(table.c.subtype == sub)
    if filters.actor is not None:
        actor = filters.actor.lower()
        query = query.where(or_(func.lower(table.c.actor1) == actor, func.lower(table.c.actor2) == actor))
    return query


def figures(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of figures, each with its sentence."""
    table = schema.figures
    query = _common(store, _fact_query(table), filters, dated_by=schema.documents.c.published)
    if filters.figure_kind is not None:
        query = query.where(table.c.kind == filters.figure_kind)
    return _page(store, query, table.c.id, limit, after)


def quotes(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of quotes, each with its sentence."""
    table = schema.quotes
    query = _common(store, _fact_query(table), filters, dated_by=schema.documents.c.published)
    return _page(store, query, table.c.id, limit, after)


def places(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of geocoded place mentions (GeoNames id, coordinates, country, region), each with
    its document's title, day and URL; ``country`` and ``admin1`` keep those places."""
    table = schema.places
    query = _common(store, _fact_query(table), filters, dated_by=schema.documents.c.published)
    if filters.country is not None:
        query = query.where(table.c.country == filters.country.upper())
    if filters.admin1 is not None:
        query = query.where(table.c.admin1 == filters.admin1)
    return _page(store, query, table.c.id, limit, after)


def times(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of time expressions with their resolved TIMEX3 values, each with its document's
    title, day and URL."""
    table = schema.times
    return _page(store, _common(store, _fact_query(table), filters, dated_by=schema.documents.c.published), table.c.id, limit, after)


def document_clauses(store: Store, query: Select, filters: Filters) -> Select:
    """``query`` (over documents) keeping the documents ``filters`` name: story, publication
    days, text, since (the filters of facts are not documents')."""
    return _common(store, query, filters, dated_by=schema.documents.c.published)


def documents(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of documents (metadata, no text), by ``seq``; ``id`` of each item is its seq."""
    docs = schema.documents
    columns = [docs.c.seq.label("id"), docs.c.id.label("doc_id"), docs.c.title, docs.c.outlet, docs.c.published, docs.c.url, docs.c.ingested_at]
    query = _common(store, select(*columns), filters, dated_by=docs.c.published)
    return _page(store, query, docs.c.seq, limit, after)


def stories(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of stories in the order they were started; ``id`` of each item is its seq,
    ``story_id`` its id; ``first_day``/``last_day`` the span of its articles' days (ISO). ``story`` keeps that story; ``date_from``/``date_to`` the stories whose
    days overlap the range."""
    table = schema.stories
    columns = [table.c.seq.label("id"), table.c.id.label("story_id"), table.c.title, table.c.size, table.c.first_day, table.c.last_day]
    query = select(*columns)
    if filters.story is not None:
        query = query.where(table.c.id == filters.story)
    if (start := _day(filters.date_from, "date_from")) is not None:
        query = query.where(table.c.last_day >= date.fromisoformat(start).toordinal())
    if (end := _day(filters.date_to, "date_to")) is not None:
        query = query.where(table.c.first_day <= date.fromisoformat(end).toordinal())
    page = _page(store, query, table.c.seq, limit, after)
    for item in page.items:
        for name in ("first_day", "last_day"):
            item[name] = date.fromordinal(item[name]).isoformat() if item[name] is not None else None
    return page


def merged_events(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: int | None = None) -> Page:
    """A page of merged events (an event across its reports) in the order they were started;
    ``id`` of each item is its seq, ``merged_id`` its id. Filters: story, country, event type,
    actor (one of its actors), date range (the event's interval overlaps it)."""
    table = schema.merged_events
    columns = [table.c.seq.label("id"), table.c.id.label("merged_id"), *(c for c in table.c if c.name not in ("seq", "id"))]
    return _page(store, _merged_clauses(select(*columns), filters), table.c.seq, limit, after)


def timeline(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: str | None = None) -> Page:
    """A page of the merged events that have a date, in date order (first day, then the order
    they were started), with the filters of :func:`merged_events`. The cursor is
    ``"<first day>|<seq>"`` of the last item."""
    table = schema.merged_events
    columns = [table.c.seq.label("id"), table.c.id.label("merged_id"), *(c for c in table.c if c.name not in ("seq", "id"))]
    query = _merged_clauses(select(*columns), filters).where(table.c.date_min.is_not(None))
    if after is not None:
        day, _, seq = after.rpartition("|")
        if not day or not seq.isdigit():
            raise StoreError(f"after={after!r} is not a timeline cursor (the 'next' of a page)")
        query = query.where(or_(table.c.date_min > day, and_(table.c.date_min == day, table.c.seq > int(seq))))
    return _fetch_page(store, query.order_by(table.c.date_min, table.c.seq), limit, lambda row: f"{row['date_min']}|{row['id']}")


def entities(store: Store, filters: Filters = Filters(), *, limit: int = 100, after: str | None = None) -> Page:
    """A page of the store's entities (actors, persons, places, organisations) by id, each
    with its aliases; ``actor`` keeps the one of that name (any case), ``country`` those of
    that country. The cursor is the last item's id."""
    table = schema.entities
    query = select(table.c.id, table.c.name, table.c.type, table.c.country, table.c.aliases)
    if filters.country is not None:
        query = query.where(table.c.country == filters.country.upper())
    if filters.actor is not None:
        query = query.where(func.lower(table.c.name) == filters.actor.lower())
    if after is not None:
        query = query.where(table.c.id > after)
    page = _fetch_page(store, query.order_by(table.c.id), limit, lambda row: row["id"])
    for row in page.items:
        row["aliases"] = json.loads(row["aliases"] or "[]")
    return page


def _merged_clauses(query: Select, filters: Filters) -> Select:
    """``query`` (over merged events) keeping those ``filters`` name: story, country, event
    type, date range (overlapping the event's interval), actor (one of its reports')."""
    table = schema.merged_events
    if filters.story is not None:
        query = query.where(table.c.story_id == filters.story)
    if filters.country is not None:
        query = query.where(table.c.country == filters.country.upper())
    if filters.event_type is not None:
        query = query.where(table.c.type == filters.event_type.partition("/")[0])
    if (start := _day(filters.date_from, "date_from")) is not None:
        query = query.where(table.c.date_max >= start)
    if (end := _day(filters.date_to, "date_to")) is not None:
        query = query.where(table.c.date_min <= end)
    if filters.actor is not None:
        links, events_table = schema.event_links, schema.events
        actor = filters.actor.lower()
        named = (
            select(links.c.merged_id)
            .select_from(links.join(events_table, and_(events_table.c.doc_id == links.c.doc_id, links.c.event_id == _event_id_sql(events_table))))
            .where(or_(func.lower(events_table.c.actor1) == actor, func.lower(events_table.c.actor2) == actor))
        )
        query = query.where(table.c.id.in_(named))
    return query


def speakers(store: Store, filters: Filters = Filters(), *, limit: int = 20) -> list[dict[str, Any]]:
    """The most quoted speakers among the quotes ``filters`` keep (story, publication days,
    text, since): one item per speaker (their entity, or their name when none), quoted in the
    most documents first, then most often: ``speaker``, ``role`` (one they were given),
    ``quotes``, ``documents``, and ``latest``, their last stored quote as :func:`quotes` gives
    it (with its sentence). Two statements, whatever the store's size."""
    _check_limit(limit)
    table, docs = schema.quotes, schema.documents
    key = func.coalesce(table.c.speaker_entity, table.c.speaker)
    columns = [
        key.label("key"), func.max(table.c.speaker).label("speaker"), func.max(table.c.speaker_role).label("role"),
        func.count().label("quotes"), func.count(table.c.doc_id.distinct()).label("documents"), func.max(table.c.id).label("latest"),
    ]  # fmt: skip
    query = select(*columns).select_from(table.join(docs, docs.c.id == table.c.doc_id)).where(table.c.speaker.is_not(None))
    query = _common(store, query, filters, dated_by=docs.c.published).group_by(key)
    query = query.order_by(func.count(table.c.doc_id.distinct()).desc(), func.count().desc(), key).limit(limit)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        latest = {r["id"]: dict(r) for r in conn.execute(_fact_query(table).where(table.c.id.in_([r["latest"] for r in rows]))).mappings()} if rows else {}
    for row in rows:
        row["latest"] = latest[row["latest"]]
    return rows


def every(fetch: Any, store: Store, filters: Filters = Filters(), *, limit: int = 500) -> Iterator[dict[str, Any]]:
    """Every item of ``fetch`` (one of the functions above), page by page: memory holds one page."""
    after = None
    while True:
        page = fetch(store, filters, limit=limit, after=after)
        yield from page.items
        if page.next is None:
            return
        after = page.next


# ----------------------------------------------------------------------------- whole-store streams
# What the exports and reports read: every row of a kind, a page at a time, from one
# streamed statement (plus one per page where a page needs its members).

REPORT_COLUMNS = ("document_outlet", "document_url", "document_title", "document_published", "document_ingested_at", "sentence")
"""What a report row of :func:`merged_reports` and :func:`unlinked_events` adds to an event
row: its document's outlet, URL, title, publication day and storing time, and the text of its
sentence (or None)."""


def _publication_order() -> tuple[Any, ...]:
    """Documents by publication day, undated last, then id (the order of the store's pages)."""
    docs = schema.documents
    return (docs.c.published.is_(None), docs.c.published, docs.c.id)


def report_id(row: dict[str, Any]) -> str:
    """``doc_id:start-end`` of an event row (:func:`sitroom.link.events.event_id` of a row)."""
    return f"{row['doc_id']}:{row['start']}-{row['end']}"


def _event_id_sql(table: Any) -> Any:
    """``doc_id:start-end`` of an event row, in SQL (the id of :func:`sitroom.link.events.event_id`)."""
    return table.c.doc_id + ":" + cast(table.c.start, String) + "-" + cast(table.c.end, String)


def _report_query() -> Select:
    table, docs = schema.events, schema.documents
    sentence = func.substr(docs.c.text, table.c.sent_start + 1, table.c.sent_end - table.c.sent_start)
    return select(
        *table.c,
        docs.c.outlet.label("document_outlet"),
        docs.c.url.label("document_url"),
        docs.c.title.label("document_title"),
        docs.c.published.label("document_published"),
        docs.c.ingested_at.label("document_ingested_at"),
        sentence.label("sentence"),
    )


def merged_reports(store: Store, filters: Filters = Filters(), *, page: int = 200) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every merged event (:mod:`sitroom.link.events`) in the order they were started, each
    with its reports (event rows, see :data:`REPORT_COLUMNS`) by their document's publication
    day (undated last), document id and offset: one
    streamed statement for the merged events and one per page of ``page`` of them for their
    reports; memory holds one page. ``filters`` keep merged events as :func:`merged_events` does."""
    merged, links, table, docs = schema.merged_events, schema.event_links, schema.events, schema.documents
    members = (
        _report_query()
        .add_columns(links.c.merged_id.label("merged_id"))
        .select_from(
            links.join(table, and_(table.c.doc_id == links.c.doc_id, links.c.event_id == _event_id_sql(table))).join(docs, docs.c.id == table.c.doc_id)
        )
        .order_by(*_publication_order(), table.c.start, table.c.id)
    )
    for rows in store.stream(_merged_clauses(select(merged), filters).order_by(merged.c.seq), page=page):
        heads = [dict(r._mapping) for r in rows]
        reports: dict[str, list[dict[str, Any]]] = {h["id"]: [] for h in heads}
        with store.engine.connect() as conn:
            for row in conn.execute(members.where(links.c.merged_id.in_(list(reports)))).mappings():
                reports[row["merged_id"]].append(dict(row))
        for head in heads:
            yield head, reports[head["id"]]


def unlinked_events(store: Store, filters: Filters = Filters(), *, page: int = 500) -> Iterator[dict[str, Any]]:
    """The events of original documents that no merged event holds (none should be: linking
    links every event of a document that is not a near-duplicate), as report rows, by
    publication day, document id and offset; ``filters`` keep events as :func:`events` does."""
    links, table, docs, copies = schema.event_links, schema.events, schema.documents, schema.dedupe_documents
    copied = select(copies.c.doc_id).where(copies.c.duplicate_of.is_not(None))
    query = (
        _report_query()
        .select_from(table.join(docs, docs.c.id == table.c.doc_id).outerjoin(links, links.c.event_id == _event_id_sql(table)))
        .where(links.c.event_id.is_(None), table.c.doc_id.not_in(copied))
        .order_by(*_publication_order(), table.c.start, table.c.id)
    )
    query = _event_clauses(store, query, filters)
    for rows in store.stream(query, page=page):
        for row in rows:
            yield dict(row._mapping)


def place_mentions(store: Store, filters: Filters = Filters(), *, page: int = 1000) -> Iterator[list[dict[str, Any]]]:
    """The gazetteer places named in original documents (not near-duplicates), one list per
    place with coordinates (by GeoNames id), each item a place mention row (by publication
    day, document id and offset), of the documents ``filters`` keep (story, days, text,
    since) in the country and admin1 they name: one streamed
    statement; memory holds one place's mentions."""
    table, copies = schema.places, schema.dedupe_documents
    copied = select(copies.c.doc_id).where(copies.c.duplicate_of.is_not(None))
    query = (
        select(table)
        .select_from(table.join(schema.documents, schema.documents.c.id == table.c.doc_id))
        .where(table.c.geonames_id.is_not(None), table.c.lat.is_not(None), table.c.lon.is_not(None), table.c.doc_id.not_in(copied))
        .order_by(table.c.geonames_id, *_publication_order(), table.c.start, table.c.id)
    )
    query = _common(store, query, filters, dated_by=schema.documents.c.published)
    if filters.country is not None:
        query = query.where(table.c.country == filters.country.upper())
    if filters.admin1 is not None:
        query = query.where(table.c.admin1 == filters.admin1)
    current: list[dict[str, Any]] = []
    for rows in store.stream(query, page=page):
        for row in rows:
            item = dict(row._mapping)
            if current and current[0]["geonames_id"] != item["geonames_id"]:
                yield current
                current = []
            current.append(item)
    if current:
        yield current

