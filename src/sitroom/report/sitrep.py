"""The situation report: built from stored facts only, every line citing its source.

``build_report(store)`` gathers what the templates show (sources, key figures: the
figure groups of :mod:`sitroom.link.figures`, every value cited,
statements by speaker, actors, places, events); ``render(report, fmt)`` writes it
as Markdown or HTML with Jinja2. Article text is hostile input: the HTML
environment autoescapes, and the Markdown environment escapes every value it
prints (``finalize``), so no template can forget to.

Each citation is checked while its document is read: the span lies inside the document and
holds the cited text (:class:`CitationError` otherwise, a bug never left silent). The report
reads the store a page of documents at a time and keeps what it shows, not the documents.

Statements by speaker (:func:`speaker_groups`): one group per speaker entity when the
quote has one (the store's ``person/...`` ids link one person across documents; the
heading is the entity's name, the role the first one given), else per speaker name;
then "Unnamed sources" (``speaker_type == "description"``: "officials", "a police
spokesman", shown per quote), then "Unattributed". A joint statement appears under
each of its speakers, marked with the others.
"""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from sitroom.errors import CitationError, ReportError
from sitroom.link.events import event_id
from sitroom.link.figures import PLACE_LABELS, FigureGroup, Member, Spill, figure_id, members_of
from sitroom.link.timeline import Entry, timeline
from sitroom.model import FACT_KINDS, Analysis, Document, Entity, Event, Figure, Quote, Span
from sitroom.report import svg
from sitroom.report.formats import REPORTED
from sitroom.store import Store
from sitroom.store.queries import Filters
from sitroom.store.store import StoryInfo

KIND_ORDER = (
    "killed", "wounded", "missing", "abducted", "arrested", "rescued", "displaced", "refugees", "fled",
    "returned", "trapped", "besieged", "in_need", "affected", "population", "attacks", "fighters", "troops",
    "peacekeepers", "money", "damage",
)
"""Order of the key-figures table: human cost first, then forces, then money."""


UNREPORTED_KINDS = frozenset({"other"})
"""Figure kinds left out of the report's key figures (counts of things that are not a
situation figure: "two sides", "three reports"); they are still stored and exported."""


@dataclass(frozen=True, slots=True)
class Citation:
    source: int
    doc_id: str
    start: int
    end: int
    sentence: str

    @property
    def label(self) -> str:
        return f"S{self.source}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Source:
    number: int
    document: Document
    copy_of: int | None = None
    """The number of the source this one is a near-duplicate of (syndicated or lightly edited
    copy, :mod:`sitroom.link.dedupe`): listed, never counted again."""


UNNAMED = "Unnamed sources"
UNATTRIBUTED = "Unattributed"


@dataclass(frozen=True, slots=True)
class Statement:
    """One quote as the statements section shows it under one speaker."""

    quote: Quote
    citation: Citation
    joint_with: tuple[str, ...] = ()
    """The other speakers of a joint statement (empty for one speaker)."""
    description: str | None = None
    """For an unnamed source: the description as written ("a police spokesman")."""


@dataclass(frozen=True, slots=True)
class SpeakerGroup:
    """A heading of the statements section and the statements under it, in source order."""

    heading: str
    role: str | None
    statements: tuple[Statement, ...]
    kind: Literal["named", "unnamed", "unattributed"] = "named"
    entity: str | None = None
    """The speaker entity id the group gathers, when it has one."""


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A figure group (:mod:`sitroom.link.figures`) with a citation for each of its values."""

    group: FigureGroup
    values: tuple[tuple[Member, Citation], ...]

    @property
    def single(self) -> bool:
        """One report gives this figure: the brief lists it on one row, not as a table."""
        return len(self.values) == 1


STATUS_TEXT = {
    "single": "one report",
    "agree": "the reports agree",
    "rising": "later reports give higher counts",
    "contradict": "the reports disagree",
}


@dataclass(frozen=True, slots=True)
class EventGroup:
    """A merged event (:mod:`sitroom.link.events`) with each report of it cited: the
    fatalities of each report are shown side by side, never added up."""

    entry: Entry
    reports: tuple[tuple[Event, Citation], ...]

    @property
    def event(self) -> Event:
        """The report whose date the entry shows (else the first)."""
        return next((e for e, _ in self.reports if e.date == self.entry.date), self.reports[0][0])

    @property
    def sources(self) -> list[int]:
        return sorted({c.source for _, c in self.reports})


@dataclass(frozen=True, slots=True)
class TimelineItem:
    entry: Entry
    group: EventGroup | None
    statement: tuple[Quote, Citation] | None


@dataclass(frozen=True, slots=True)
class Change:
    """One line of "what changed since": what, and the citations that show it."""

    text: str
    citations: tuple[Citation, ...]


@dataclass
class Report:
    generated: str
    sources: list[Source]
    figures: list[tuple[str, list[KeyFigure]]]
    speakers: list[SpeakerGroup]
    actors: list[dict[str, Any]]
    places: list[dict[str, Any]]
    events: list[EventGroup]
    timeline: list[TimelineItem] = field(default_factory=list)
    story: StoryInfo | None = None
    since: str | None = None
    changes: list[Change] = field(default_factory=list)
    untimed: int = 0
    """Events left out of the timeline: undated, or history an article recalls (background)."""
    glance: list[str] = field(default_factory=list)
    """The opening lines of the brief (:func:`at_a_glance`)."""


def sentence_around(text: str, span: Span, sentence: Span | None) -> Span:
    """The sentence holding ``span``: the stored one, else the text between sentence ends."""
    if sentence is not None:
        return sentence
    start = max(text.rfind(". ", 0, span.start), text.rfind("\n", 0, span.start)) + 1
    ends = [i for i in (text.find(". ", span.end), text.find("\n", span.end)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return Span(span.doc_id, start, max(end, span.end))


def _cite(numbers: Mapping[str, int], doc: Document, span: Span, sentence: Span | None, cited: str) -> Citation:
    """The citation of ``span`` in ``doc``, checked: the span lies in the document and holds
    the ``cited`` text (a bug otherwise, never silent: :class:`CitationError`)."""
    sent = sentence_around(doc.text, span, sentence)
    citation = Citation(numbers[doc.id], doc.id, span.start, span.end, doc.text[sent.start : sent.end].strip())
    if not 0 <= span.start <= span.end <= len(doc.text):
        raise CitationError(f"{citation.label}: span outside document {doc.id} ({len(doc.text)} chars)")
    if doc.text[span.start : span.end] != cited:
        raise CitationError(f"{citation.label}: document {doc.id} holds {doc.text[span.start : span.end]!r} there, not {cited!r}")
    return citation


def _publication_order(published: str | None, doc_id: str) -> tuple[str, str]:
    """Sources are numbered by publication day, then document id; undated ones last."""
    return (published or "9999", doc_id)


def build_report(store: Store, *, story: str | None = None, since: str | None = None, page: int = 200) -> Report:
    """Gather the report's content from the store: every document, or the story ``story``
    (its id); ``since`` (an ISO date) adds what changed from that day on.

    The documents are read ``page`` at a time (:meth:`Store.analysis_pages`); the report keeps
    what it shows (citations, figures, statements, events, the sources' metadata), never the
    documents' text or their other facts.

    Raises:
        ReportError: ``story`` is not a stored story, or ``since`` is not an ISO date.
    """
    since = _since(since)
    info = None
    if story is not None:
        info = store.story(story)
        if info is None:
            raise ReportError(f"no story {story!r} in the store (sitroom stories lists them)")
    documents = Filters(story=story)
    order = sorted(_publication_order(published, doc_id) for doc_id, published in store.publication_days(filters=documents))
    numbers = {doc_id: i for i, (_, doc_id) in enumerate(order, start=1)}
    copies = {d.doc_id: d.duplicate_of for d in store.duplicates()}
    gather = _Gather(numbers, copies)
    clusters: dict[str, str] = {}
    stories: dict[str, str] = {}
    # the mentions are only counted (linked names) or weighed (a document's main place):
    # those are read from their own columns, not every mention as a full record
    kinds = {kind.name for kind in FACT_KINDS if kind.name not in ("mention", "time")}
    for analyses in store.analysis_pages(page=page, filters=documents, kinds=kinds):
        # the report is of the documents numbered above: one an ingest stores meanwhile waits for the next report
        analyses = [a for a in analyses if a.document.id in numbers]
        ids = [a.document.id for a in analyses]
        clusters.update(store.event_clusters(ids))
        stories.update({doc_id: story_id for doc_id, (_, story_id) in store.document_links(ids).items() if story_id})
        mentions = store.named_mentions(ids, labels=PLACE_LABELS)
        gather.entities.update(store.entities_by_id({m.entity_id for found in mentions.values() for m in found if m.entity_id} - gather.entities.keys()))
        for analysis in analyses:
            gather.add(replace(analysis, mentions=tuple(mentions[analysis.document.id])))
    return gather.finish(clusters=clusters, stories=stories, since=since, story=info)


def _since(since: str | None) -> str | None:
    if since is None:
        return None
    try:
        return date.fromisoformat(since).isoformat()
    except ValueError as exc:
        raise ReportError(f"--since {since!r} is not a date (YYYY-MM-DD)") from exc


def report_from_analyses(
    analyses: Iterable[Analysis],
    copies: Mapping[str, str] | None = None,
    *,
    clusters: Mapping[str, str] | None = None,
    stories: Mapping[str, str] | None = None,
    since: str | None = None,
    story: StoryInfo | None = None,
) -> Report:
    """The report for these analyses (sources numbered in publication order).

    ``copies`` maps a near-duplicate document's id to the document it copies: a copy is
    listed among the sources as such, and none of its facts is counted or shown again.
    ``clusters`` maps event ids to merged events (reports of one event are shown as one);
    ``since`` (ISO day) adds the changes from that day on.
    """
    everything = sorted(analyses, key=lambda a: _publication_order(a.document.published.value if a.document.published else None, a.document.id))
    gather = _Gather({a.document.id: i for i, a in enumerate(everything, start=1)}, copies or {})
    for analysis in everything:
        gather.add(analysis)
    return gather.finish(clusters=clusters or {}, stories=stories, since=_since(since), story=story)


class _Gather:
    """What the report shows, gathered one analysis at a time in publication order (the
    sources' numbers are known before): each fact is cited (and checked) while its document
    is at hand; only the citations, the sources' metadata and the facts the report shows are
    kept, and the figures go to a :class:`~sitroom.link.figures.Spill`."""

    def __init__(self, numbers: Mapping[str, int], copies: Mapping[str, str]) -> None:
        self.numbers, self.copies = numbers, copies
        self.sources: list[Source] = []
        self.kept: list[Analysis] = []
        self.spill = Spill()
        self.figure_cites: dict[str, Citation] = {}
        self.event_cites: dict[str, Citation] = {}
        self.quotes: list[tuple[Quote, Citation]] = []
        self.entity_counts: Counter[str] = Counter()
        self.entity_docs: dict[str, set[str]] = defaultdict(set)
        self.entity_forms: dict[str, Counter[str]] = defaultdict(Counter)
        self.entities: dict[str, Entity] = {}
        self.places = _Places()

    def add(self, analysis: Analysis) -> None:
        doc, numbers = analysis.document, self.numbers
        self.sources.append(Source(numbers[doc.id], replace(doc, text="", removed=()), copy_of=numbers.get(self.copies.get(doc.id, ""))))
        if doc.id in self.copies:
            return
        for figure in analysis.figures:
            if figure.kind not in UNREPORTED_KINDS:
                self.figure_cites[figure_id(figure)] = _cite(numbers, doc, figure.span, figure.sentence, figure.text)
        self.spill.add(members_of([analysis], skip_kinds=UNREPORTED_KINDS))
        for quote in analysis.quotes:
            self.quotes.append((quote, _cite(numbers, doc, quote.span, quote.sentence, quote.text)))
        for event in analysis.events:
            self.event_cites[event_id(doc.id, event)] = _cite(numbers, doc, event.span, event.sentence, event.text)
        for entity in analysis.entities:
            self.entities.setdefault(entity.id, entity)
        for mention in analysis.mentions:
            if mention.entity_id:
                self.count_mention(doc.id, mention.entity_id, mention.text)
        self.places.add(analysis, numbers[doc.id])
        # what the timeline reads: the events and quotes, and the publication day
        self.kept.append(replace(analysis, document=replace(doc, text="", removed=()), mentions=(), times=(), places=(), figures=(), entities=()))

    def count_mention(self, doc_id: str, entity_id: str, text: str) -> None:
        """Count one linked name mention (of a document that is not a copy)."""
        self.entity_counts[entity_id] += 1
        self.entity_docs[entity_id].add(doc_id)
        self.entity_forms[entity_id][text] += 1

    def finish(self, *, clusters: Mapping[str, str], stories: Mapping[str, str] | None, since: str | None, story: StoryInfo | None) -> Report:
        report = Report(
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            sources=sorted(self.sources, key=lambda s: s.number),
            figures=[], speakers=[], actors=[], places=[], events=[], story=story, since=since,
        )  # fmt: skip
        with self.spill:
            report.figures = key_figures(self.spill.groups(), self.figure_cites)
        report.speakers = speaker_groups(self.quotes, self.entities)
        quote_cites = {f"{c.doc_id}:{q.span.start}-{q.span.end}": (q, c) for q, c in self.quotes}
        for entry in timeline(self.kept, clusters, stories, self.copies):
            if entry.kind == "event":
                group = EventGroup(entry, tuple((e, self.event_cites[event_id(d, e)]) for d, e in entry.events))
                report.events.append(group)
                if entry.date is None or all(e.context == "background" for _, e in entry.events):
                    report.untimed += 1  # listed under Events; the timeline is what happened when
                    continue
                report.timeline.append(TimelineItem(entry, group, None))
            else:
                report.timeline.append(TimelineItem(entry, None, quote_cites[entry.key]))
        if since is not None:
            report.changes = changes_since(report, since)
        numbers = self.numbers
        for entity_id, count in self.entity_counts.most_common():
            entity = self.entities.get(entity_id)
            if entity is None:
                continue
            row = {
                "name": entity.name,
                "type": entity.type,
                "mentions": count,
                "documents": sorted(numbers[d] for d in self.entity_docs[entity_id]),
                "forms": [form for form, _ in self.entity_forms[entity_id].most_common(6)],
            }
            if entity.type != "place":
                report.actors.append(row)
            elif not self.places.any:
                report.places.append(row)  # no gazetteer ran: the actor data's places
        report.places.extend(self.places.rows())
        report.glance = at_a_glance(report)
        return report


def at_a_glance(report: Report) -> list[str]:
    """The brief's opening lines: its sources and their days, its events by type, how many
    figure groups disagree, who is quoted most, which places and actors are named most."""
    sources = [s for s in report.sources if s.copy_of is None]
    days = sorted(s.document.published.value[:10] for s in sources if s.document.published)
    outlets = {s.document.outlet for s in sources if s.document.outlet}
    lines = [
        f"{len(sources)} source(s)" + (f" from {len(outlets)} outlet(s)" if outlets else "")
        + (f", published {days[0]} to {days[-1]}" if days and days[0] != days[-1] else f", published {days[0]}" if days else "")
        + (f"; {len(report.sources) - len(sources)} near-copies not counted again" if len(report.sources) > len(sources) else "") + "."
    ]  # fmt: skip
    if report.events:
        types = Counter(g.event.type for g in report.events)
        took_place = sum(1 for g in report.events if g.event.context in REPORTED)
        lines.append(f"{len(report.events)} event(s), {took_place} reported as having taken place: " + ", ".join(f"{kind} {n}" for kind, n in types.most_common()) + ".")
    groups = [kf.group for _, items in report.figures for kf in items]
    if groups:
        disagree = sum(1 for g in groups if g.status == "contradict")
        lines.append(f"{len(groups)} figure group(s), {sum(1 for g in groups if len(g.members) > 1)} reported more than once, {disagree} where the sources disagree.")
    named = [g for g in report.speakers if g.kind == "named"][:3]
    if named:
        lines.append("Quoted most: " + ", ".join(f"{g.heading} ({len(g.statements)})" for g in named) + ".")
    for what, rows in (("Places", report.places), ("Actors", report.actors)):
        top = sorted(rows, key=lambda r: -r["mentions"])[:5]
        if top:
            lines.append(f"{what} named most: " + ", ".join(f"{r['name']} ({r['mentions']})" for r in top) + ".")
    return lines


def changes_since(report: Report, since: str) -> list[Change]:
    """What the sources published on or after ``since`` added: the new sources, events first
    reported or dated since, figures reported since (with the earlier value of the same
    group when there is one), statements made since."""
    new_sources = {s.number for s in report.sources if s.document.published and s.document.published.value[:10] >= since and s.copy_of is None}
    changes: list[Change] = []
    if not new_sources:
        return [Change(f"No source in this report was published on or after {since}.", ())]
    changes.append(Change(f"{len(new_sources)} new source(s) published on or after {since}: " + ", ".join(f"S{n}" for n in sorted(new_sources)) + ".", ()))
    for group in report.events:
        cites = tuple(c for _, c in group.reports if c.source in new_sources)
        if not cites:
            continue
        old = [c for _, c in group.reports if c.source not in new_sources]
        event = group.event
        what = f"{event.type}" + (f" ({event.subtype})" if event.subtype else "") + (f" in {event.place}" if event.place else "")
        when = f", {group.entry.date}" if group.entry.date else ""
        verb = "further report(s) of" if old else "new"
        changes.append(Change(f"{verb} {what}{when}: {event.text}", cites))
    for kind, items in report.figures:
        for kf in items:
            recent = [(m, c) for m, c in kf.values if c.source in new_sources]
            if not recent:
                continue
            earlier = [(m, c) for m, c in kf.values if c.source not in new_sources]
            place = kf.group.place or "place not stated"
            latest = recent[-1][0].figure
            text = f"{kind.replace('_', ' ')}, {place}: {latest.text}"
            if earlier:
                text += f" (earlier: {earlier[-1][0].figure.text})"
            changes.append(Change(text, tuple(c for _, c in recent) + tuple(c for _, c in earlier[-1:])))
    return changes


class _Places:
    """One row per gazetteer place named in the analyses added (most mentioned first): its
    name, country, region, coordinates, feature code, how often and how it is written, and where."""

    def __init__(self) -> None:
        self._rows: dict[int, dict[str, Any]] = {}
        self._forms: dict[int, Counter[str]] = defaultdict(Counter)
        self.any = False
        """Whether any analysis added had gazetteer places (a gazetteer ran)."""

    def add(self, analysis: Analysis, number: int) -> None:
        for place in analysis.places:
            self.any = True
            if place.geonames_id is None:
                continue
            row = self._rows.setdefault(
                place.geonames_id,
                {
                    "name": place.name, "type": "place", "country": place.country, "admin1": place.admin1,
                    "feature_code": place.feature_code, "lat": place.lat, "lon": place.lon,
                    "geonames_id": place.geonames_id, "mentions": 0, "documents": set(),
                },
            )  # fmt: skip
            row["mentions"] += 1
            row["documents"].add(number)
            self._forms[place.geonames_id][place.text] += 1

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for geonames_id, row in self._rows.items():
            rows.append({**row, "documents": sorted(row["documents"]), "forms": [form for form, _ in self._forms[geonames_id].most_common(6)]})
        return sorted(rows, key=lambda r: (-r["mentions"], r["name"]))


def key_figures(groups: Iterable[FigureGroup], cites: dict[str, Citation]) -> list[tuple[str, list[KeyFigure]]]:
    """Groups by kind (:data:`KIND_ORDER`); within a kind, groups reported by more documents
    first, then the most recent."""
    by_kind: dict[str, list[KeyFigure]] = defaultdict(list)
    for group in groups:
        by_kind[group.kind].append(KeyFigure(group, tuple((m, cites[m.id]) for m in group.members)))
    kinds = sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    out = []
    for kind in kinds:
        items = sorted(by_kind[kind], key=lambda kf: kf.group.latest.date or "", reverse=True)
        items.sort(key=lambda kf: -len(kf.group.documents))  # stable: most recent first within
        out.append((kind, items))
    return out


def group_range(group: FigureGroup) -> str:
    """The span of a group's values: "231", "200–999", "≥ 80"."""
    if group.low is not None and group.high is not None:
        return number(group.low) if group.low == group.high else f"{number(group.low)}–{number(group.high)}"
    if group.low is not None:
        return f"≥ {number(group.low)}"
    if group.high is not None:
        return f"≤ {number(group.high)}"
    return "–"


def speaker_groups(quotes: Iterable[tuple[Quote, Citation]], entities: dict[str, Entity]) -> list[SpeakerGroup]:
    """The statements section: quotes (in report order) grouped by who spoke.

    Named groups come first, most statements first, then "Unnamed sources", then
    "Unattributed". A group is keyed by the quote's ``speaker_entity`` when set (heading:
    the entity's name from ``entities``, else the speaker as written), else by ``speaker``.
    The other speakers of a joint statement are matched to an entity by its exact name
    or alias when exactly one has it, else grouped by name. The role is the first one
    given for the group's own speaker (a co-speaker's statement carries no role of theirs).
    """
    by_alias: dict[str, set[str]] = defaultdict(set)
    for entity in entities.values():
        for form in (entity.name, *entity.aliases):
            by_alias[form].add(entity.id)
    headings: dict[tuple[str, str], str] = {}
    roles: dict[tuple[str, str], str] = {}
    members: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    unnamed: list[Statement] = []
    unattributed: list[Statement] = []
    shown: set[tuple[tuple[str, str], int]] = set()

    def key_of(name: str, entity_id: str | None, co_speaker: bool) -> tuple[str, str]:
        if co_speaker and len(by_alias.get(name, ())) == 1:
            entity_id = next(iter(by_alias[name]))
        key = ("entity", entity_id) if entity_id else ("name", name)
        headings.setdefault(key, entities[entity_id].name if entity_id in entities else name)
        return key

    for number, (quote, citation) in enumerate(quotes):
        if quote.speaker_type == "description":
            unnamed.append(Statement(quote, citation, description=quote.speaker_text or quote.speaker))
            continue
        if not quote.speaker:
            unattributed.append(Statement(quote, citation))
            continue
        speakers = list(dict.fromkeys(quote.speakers or (quote.speaker,)))
        if speakers[0] != quote.speaker:
            speakers = [quote.speaker, *(s for s in speakers if s != quote.speaker)]
        for n, name in enumerate(speakers):
            key = key_of(name, quote.speaker_entity if n == 0 else None, n > 0)
            if (key, number) in shown:
                continue  # two speakers of one statement resolved to one group: show it once
            shown.add((key, number))
            members[key].append(Statement(quote, citation, joint_with=tuple(s for s in speakers if s != name)))
            if n == 0 and quote.speaker_role:
                roles.setdefault(key, quote.speaker_role)
    order = sorted(members, key=lambda k: (-len(members[k]), headings[k], k))
    groups = [SpeakerGroup(headings[k], roles.get(k), tuple(members[k]), "named", k[1] if k[0] == "entity" else None) for k in order]
    if unnamed:
        groups.append(SpeakerGroup(UNNAMED, None, tuple(unnamed), "unnamed"))
    if unattributed:
        groups.append(SpeakerGroup(UNATTRIBUTED, None, tuple(unattributed), "unattributed"))
    return groups


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_MD_NEWLINE = re.compile(r"\s*\n\s*")


def md_escape(value: Any) -> str:
    """Escape a value for Markdown: no article text can become markup, a link or HTML."""
    if value is None:
        return ""
    # Angle brackets become entities (some Markdown renderers pass raw HTML through even
    # when backslash-escaped); the rest of CommonMark's punctuation is backslash-escaped.
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_NEWLINE.sub(" ", text) if "\n" in text else text


def web_url(url: str | None) -> str | None:
    """``url`` made safe to link to: only http(s) addresses (no ``javascript:``, ``data:``
    or file paths), with spaces, quotes, angle brackets and parentheses percent-encoded so
    that neither Markdown nor HTML can end the link early; None for anything else."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    return percent_encode(url, safe=":/?#[]@!$&*+,;=%~-._")


def number(value: float | None) -> str:
    """1000000.0 -> "1,000,000"; 1.5 -> "1.5"; None -> "–"."""
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def normalised(figure: Figure) -> str:
    """The normalised value of a figure: "1,000,000", "200–999", "≥ 800,000"."""
    if figure.value is not None and figure.low == figure.value == figure.high:
        return number(figure.value)
    if figure.low is not None and figure.high is not None:
        return f"{number(figure.low)}–{number(figure.high)}"
    if figure.low is not None:
        return f"≥ {number(figure.low)}"
    if figure.high is not None:
        return f"≤ {number(figure.high)}"
    return number(figure.value)


def _environment(fmt: str) -> Environment:
    if fmt == "md":
        env = Environment(loader=PackageLoader("sitroom", "report/templates"), autoescape=False, finalize=md_escape, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    else:
        env = Environment(loader=PackageLoader("sitroom", "report/templates"), autoescape=select_autoescape(default=True), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    env.filters["web_url"] = web_url
    env.filters["normalised"] = normalised
    env.filters["group_range"] = group_range
    env.globals["status_text"] = STATUS_TEXT
    if fmt == "html":
        env.filters["figure_chart"] = svg.figure_chart
        env.globals["event_map"] = event_map_of
        env.globals["event_legend"] = svg.legend
    return env


def event_map_of(report: Report) -> Markup | None:
    """The report's map: one circle per merged event that took place and has coordinates,
    sized by the lowest toll its reports give (never their sum)."""
    points = []
    for group in report.events:
        event = group.event
        if event.lat is None or event.lon is None or event.context not in REPORTED:
            continue
        tolls = [e.fatalities for e, _ in group.reports if e.fatalities is not None]
        label = f"{event.type}: {event.place or 'place not stated'}, {group.entry.date or 'undated'}" + (f", {number(min(tolls))} killed" if tolls else "")
        points.append((event.lon, event.lat, min(tolls) if tolls else None, event.type, label + f" ({', '.join(c.label for _, c in group.reports)})"))
    return svg.event_map(points)


def render(report: Report, fmt: str = "md") -> str:
    """The report as Markdown (``md``) or HTML (``html``).

    Raises:
        ValueError: unknown format.
        CitationError: a citation does not hold what it cites (a bug, never silent).
    """
    if fmt not in {"md", "html"}:
        raise ReportError(f"unknown report format {fmt!r} (use md or html)")
    template = _environment(fmt).get_template(f"report.{fmt}.j2")
    return template.render(report=report)
