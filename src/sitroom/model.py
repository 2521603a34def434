"""The records that travel through sitroom: read this module first.

One document's way through the stages::

    RawDocument --clean--> Document --nlp--> spacy Doc --extract--> Analysis --> Store

Every fact (:class:`Mention`, :class:`TimeRef`, :class:`Quote`, :class:`Figure`,
:class:`Event`) carries a :class:`Span`: character offsets into ``Document.text``,
the clean text, so that any fact can be shown in the sentence it came from.

Records are frozen, slotted dataclasses with no I/O. Optional values are ``None``
when the text does not say; nothing is invented to fill them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SourceKind = Literal["text", "html", "jsonl", "warc"]
"""How the raw bytes are to be read: plain (possibly scraped) text or HTML."""

Precision = Literal["time", "day", "week", "month", "quarter", "season", "half", "year", "decade", "century"]
DateProvenance = Literal["stated", "resolved", "inferred", "metadata"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a raw document came from.

    ``record`` is a 1-based line number (JSONL) or the byte offset of a WARC record,
    so that an error can name the exact record at fault.
    """

    path: str | None = None
    url: str | None = None
    warc_record_id: str | None = None
    record: int | None = None
    fetched_at: str | None = None

    def describe(self) -> str:
        """A short human-readable location, e.g. ``news.jsonl:12``."""
        where = self.path or self.url or "<stdin>"
        if self.record is not None:
            where = f"{where}:{self.record}"
        if self.warc_record_id:
            where = f"{where} ({self.warc_record_id})"
        return where


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes or text as read from a source, before any cleaning.

    ``content`` is ``str`` when the source already decoded it (JSONL fields) and
    ``bytes`` otherwise; ``format`` says whether it is HTML or plain text.
    ``hints`` carries metadata the source states (JSONL ``title``, ``date``,
    ``url``...); the cleaner prefers them to what it infers.
    """

    content: bytes | str
    format: Literal["text", "html"]
    origin: Origin
    hints: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    """The encoding ``content`` was decoded from, when the reader decoded it."""
    warnings: tuple[str, ...] = ()
    """Problems the reader worked around (e.g. invalid UTF-8 decoded as cp1252)."""


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into ``Document.text`` of ``doc_id``."""

    doc_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end} in {self.doc_id}")


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as precise as the text allows.

    ``value`` is ISO 8601: ``2017-07-14`` (day), ``2017-W28`` (week), ``2017-07``
    (month), ``2017`` (year); a range is two values joined by ``/``.
    """

    value: str
    precision: Precision
    provenance: DateProvenance
    method: str = ""
    """How it was found, e.g. ``"dateline line"``, ``"htmldate"``, ``"jsonl field"``."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the raw text that cleaning dropped or moved to metadata.

    Offsets are into the *raw* decoded text (there is no clean-text position for
    something that is not in the clean text). ``reason`` is a category such as
    ``navigation``, ``newsletter``, ``caption``, ``byline``, ``title``, ``dateline``.
    """

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """Clean article text and its metadata; every later offset points into ``text``."""

    id: str
    text: str
    content_hash: str
    origin: Origin
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    language: str | None = None
    published: DateValue | None = None
    url: str | None = None
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical actor, person or place; ``id`` is stable across documents."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text, linked to its canonical :class:`Entity` when known."""

    span: Span
    text: str
    label: str
    """spaCy label: PERSON, ORG, NORP, GPE, LOC, FAC..."""
    entity_id: str | None = None
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression, normalised against the publication date where it can be."""

    span: Span
    text: str
    value: str | None
    precision: Precision | None
    provenance: DateProvenance | None
    """``stated`` (absolute in the text), ``resolved`` (relative, resolved against
    the publication date or against a date the text set earlier), ``None`` when it could
    not be normalised."""
    rule: str = ""
    type: str = "DATE"
    """TIMEX3 type (TimeML, Pustejovsky et al. 2003): ``DATE``, ``TIME``, ``DURATION``
    (``value`` such as ``P3Y``) or ``SET`` (``value`` such as ``P1W`` for "every week")."""
    mod: str | None = None
    """TIMEX3 ``mod``: the part of ``value`` meant ("late May": ``value`` ``2017-05``, ``mod``
    ``END``; ``START``, ``MID``, ``END``) or a bound (``BEFORE``, ``AFTER``, ``ON_OR_BEFORE``,
    ``ON_OR_AFTER``, ``LESS_THAN``, ``MORE_THAN``, ``EQUAL_OR_LESS``, ``EQUAL_OR_MORE``,
    ``APPROX``), as the TimeML 1.2.1 guidelines define them."""


@dataclass(frozen=True, slots=True)
class Place:
    """A place name in the text resolved to a gazetteer (GeoNames) entry.

    ``span`` is the mention; ``name`` the gazetteer's name ("Mosul" for "al-Mawsil").
    ``country`` is ISO 3166 alpha-2, ``admin1`` the first-level region's name,
    ``feature_code`` GeoNames' code (``PPLA``, ``ADM1``, ``PCLI``...).
    """

    span: Span
    text: str
    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None = None
    admin1: str | None = None
    feature_code: str | None = None
    method: str = ""
    """How it was chosen: ``"only candidate"``, ``"context"``, ``"population"``..."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Something someone said, directly (in quotation marks) or reported."""

    span: Span
    text: str
    direct: bool
    speaker: str | None
    """Canonical speaker name, or ``None`` when the text does not attribute it."""
    speaker_text: str | None
    """The speaker as written where attributed ("he", "U.S. Lt. Gen. Stephen J. Townsend")."""
    speaker_span: Span | None = None
    speaker_role: str | None = None
    """The speaker's role as the text gives it ("commander of the U.S. coalition")."""
    speaker_entity: str | None = None
    """Canonical entity id of the speaker: an actor of ``actors.toml`` when the extractor
    knows it; the store links persons across documents (``person/...`` ids)."""
    speaker_type: str | None = None
    """"person", "organisation", or "description" for an unnamed source as written
    ("officials", "a police spokesman"); ``None`` when unattributed."""
    speakers: tuple[str, ...] = ()
    """Every speaker of a joint statement, canonical names in text order (``speaker`` is the
    first); empty when unattributed."""
    role_entity: str | None = None
    """Canonical actor id of the organisation the role names ("Oxfam's ... adviser" -> oxfam)."""
    cue: str | None = None
    """The attribution cue as written: "said", "according to", "told CNN"."""
    channel: str | None = None
    verbatim: bool | None = None
    """For direct quotes: the quoted text occurs verbatim in the document."""
    sentence: Span | None = None
    rule: str = "sitroom.quotes.v1"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number that matters: killed, displaced, troops, money... with its context."""

    span: Span
    text: str
    """The number expression as written, e.g. "an estimated one million"."""
    value: float | None
    """``None`` for vague amounts ("hundreds") where only ``low``/``high`` hold."""
    low: float | None
    high: float | None
    unit: str
    """``people``, ``USD``, ``percent``... (currency as written maps to ISO code)."""
    kind: str
    """From the taxonomy in ``data/figure_kinds.toml``: killed, displaced, troops..."""
    qualifier: str | None = None
    subject: str | None = None
    """The counted thing as written: "IS fighters", "civilians"."""
    actor: str | None = None
    """Who is responsible, where stated: "killed by ISIS" -> "ISIS"."""
    reported_by: str | None = None
    place: str | None = None
    """The place the figure is about: the canonical name of a place named in its sentence
    (the nearest one), else ``None``."""
    place_entity: str | None = None
    """That place's entity id, when the gazetteer of actors links it."""
    as_of: str | None = None
    """The time it refers to: the ISO 8601 value of a time expression in its sentence
    ("in one week alone in late May" -> "2017-05"), else ``None``."""
    as_of_text: str | None = None
    as_of_precision: Precision | None = None
    projection: bool = False
    """Stated as an expectation, a plan or a risk ("could reach 1 million", "is expected to")."""
    disputed: bool = False
    """Reported as denied, disputed or unverified ("the army denied that 40 were killed")."""
    sentence: Span | None = None
    rule: str = "sitroom.figures.v1"
    cumulative: bool = False
    """A total over a period or many incidents ("the war has killed 180,000", "since 2011"),
    not the toll of one event: never an event's fatalities."""
    period: str | None = None
    """The period of a cumulative figure as written ("since 2011", "in the past seven days")."""


@dataclass(frozen=True, slots=True)
class Event:
    """One happening in a document, typed on the ACLED taxonomy.

    Every sentence of the document that reports the same happening is one of its
    ``mentions``; ``span`` is the first. Each field points back to the words it comes from:
    ``actor1_span``, ``actor2_span``, ``place_span``, ``time_span`` (``None`` where the value
    is a convention or an inference, e.g. "Unidentified Armed Group (Kenya)" for an unnamed
    bomber, or the publication day of a lead event).
    """

    span: Span
    text: str
    """The trigger as written ("seized", "airstrikes")."""
    type: str
    subtype: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    date: str | None = None
    date_precision: str | None = None
    fatalities: float | None = None
    sentence: Span | None = None
    rule: str = "sitroom.events.v2"
    actor1_category: str | None = None
    """ACLED actor category of actor1: "State forces", "Rebel groups", "Political militias",
    "Identity militias", "Rioters", "Protesters", "Civilians", "External/Other forces"."""
    actor2_category: str | None = None
    place_span: Span | None = None
    """The place name as written in the event's sentence (or paragraph)."""
    date_provenance: DateProvenance | None = None
    """``stated``/``resolved`` from a time expression in the event's clause; ``inferred``:
    none is given and the clause is in the present or present perfect ("have liberated"),
    so the event is dated to the publication date with ``time_precision`` 2."""
    date_end: str | None = None
    """Last day of the period the date stands for (ISO day), when the date is not a day."""
    time_precision: int | None = None
    """ACLED's code: 1 the day is known, 2 the week (or a few days), 3 the month or wider."""
    geo_precision: int | None = None
    """ACLED's code: 1 a town or village, 2 near a town or a small region, 3 a province or wider."""
    place_geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    fatalities_figure: str | None = None
    """``figure_id`` (``doc_id:start-end``) of the figure the fatalities come from."""
    context: str = "past"
    """PLOVER's context of report: ``past``, ``ongoing``, ``planned`` or ``hypothetical``;
    ``background`` for an event the article recalls from before its news window (dated 30
    days or more before publication). Only ``past`` and ``ongoing`` events are situation
    events (ACLED rows, map points)."""
    mentions: tuple[tuple[int, int], ...] = ()
    """Character spans (start, end) of every trigger in the document that reports this
    happening, in text order; the first is ``span``."""
    actor1_span: Span | None = None
    """The words that name actor 1 ("gunmen" for "Unidentified Armed Group (Kenya)")."""
    actor2_span: Span | None = None
    time_span: Span | None = None
    """The time expression the date comes from."""
    place_offset: str | None = None
    """An offset from the named place, as written ("20 km north of"): the event is near it."""
    admin2: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document and every fact extracted from it."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeRef, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    embedding: bytes | None = field(default=None, repr=False)
    """The story vector of the title and lead (float16, :mod:`sitroom.embedding`), or None."""

    def facts(self, kind: FactKind) -> tuple[Any, ...]:
        """The facts of one kind (``analysis.facts(FACTS["quote"])``: its quotes)."""
        return getattr(self, kind.field)


@dataclass(frozen=True, slots=True)
class FactKind:
    """One kind of fact a document yields: what the store, the exports, ``sitroom show`` and
    the API list, in the order of :data:`FACT_KINDS`."""

    name: str
    """The record type in exports and the API ("quote")."""
    field: str
    """The :class:`Analysis` field and the store table ("quotes")."""
    record: type
    label: str
    """What a count of them is called ("time expressions")."""


FACT_KINDS: tuple[FactKind, ...] = (
    FactKind("mention", "mentions", Mention, "mentions"),
    FactKind("place", "places", Place, "geocoded places"),
    FactKind("time", "times", TimeRef, "time expressions"),
    FactKind("quote", "quotes", Quote, "quotes"),
    FactKind("figure", "figures", Figure, "figures"),
    FactKind("event", "events", Event, "events"),
)
"""Every kind of fact, in the order exports write them: the one list the schema, the rows,
the exports, ``show`` and the API follow (a new kind is added here and in the schema)."""

FACTS: dict[str, FactKind] = {kind.name: kind for kind in FACT_KINDS}


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be processed, and why (stored, never raised to the batch)."""

    origin: Origin
    reason: str
    """What is wrong, without the location (``origin`` has it)."""
    stage: str

    def message(self) -> str:
        """The location and the reason: ``news.jsonl:12: not valid JSON: ...``."""
        return f"{self.origin.describe()}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A stored near-duplicate (:mod:`sitroom.link.dedupe`): ``doc_id`` is a copy of
    ``duplicate_of``, the earliest stored document it duplicates; ``similarity`` is the exact
    shingle resemblance (Jaccard) of the two, ``containment`` the share of the shorter one's
    shingles found in the other; ``rule`` the linking rule that found it."""

    doc_id: str
    duplicate_of: str
    similarity: float
    containment: float
    rule: str


@dataclass(frozen=True, slots=True)
class Merged:
    """A merged event as stored (:mod:`sitroom.link.events`): the narrowest date interval and
    the best place of its reports."""

    id: str
    type: str
    context: str
    story_id: str | None
    geonames_id: int | None
    geo_precision: int | None
    country: str | None
    day_min: int | None
    day_max: int | None
    actors: frozenset[str]
    size: int = 1

    @property
    def date_start(self) -> str | None:
        """The first day of the date interval, ISO 8601 (None when undated)."""
        return date.fromordinal(self.day_min).isoformat() if self.day_min is not None else None

    @property
    def date_end(self) -> str | None:
        return date.fromordinal(self.day_max).isoformat() if self.day_max is not None else None


Outcome = tuple[str, Analysis | Failure]
"""(raw hash, what became of the raw document): what a batch's processing returns."""
