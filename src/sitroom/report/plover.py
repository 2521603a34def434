"""``sitroom export --format plover``: events as PLOVER JSON Lines.

PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data Alliance,
manual v0.7b1) is the event-data interchange format that succeeded CAMEO. Each line is one
happening: one merged event of sitroom (all its reports, as the ACLED export gives one row),
that took place (past or ongoing), on a known day, of a type PLOVER has a category for
(``data/event_codes.toml``; displacement and other strategic developments have none and
are left out). The fields are the manual's:

* ``id`` (the merged event's id), ``has_event``, ``date`` and ``enddate`` (YYYY-MM-DD);
* ``event`` (a list of one PLOVER category), ``mode`` (PLOVER's mode where the ACLED
  sub-type names one: "aerial", "explosives", "demo"...), ``context`` (PLOVER's contexts:
  "migration" and "human_security" for those event types, else empty);
* ``actor`` and ``recipient``: lists of entity objects with ``entity_text`` (the ACLED-style
  name), ``sector`` (PLOVER's sector code from the ACLED actor category: MIL, COP, REB, UAF,
  CVL; null where the category does not settle it) and ``code`` (null: sitroom codes no
  country for an actor);
* ``event_loc``: the location object (``resolved_place``, ``geonameid``, ``lat``, ``lon``,
  ``province``, ``district``, ``country``, ``country_code`` as ISO alpha-3, ``resolution``:
  4 for a town, 3 for a place near one or a district, 2 for a province, 1 for a country);
* ``event_text`` (the sentence), ``text_info`` (``start``/``end`` of that sentence in the
  document's text, and the trigger's ``trigger_start``/``trigger_end``), ``cite_info`` (``url``,
  ``title``, ``publication``, ``language``, ``coder``, ``codebook``);
* ``size`` (``dead``: the lowest toll reported, ACLED's rule), ``coder``, ``coded_date``
  (the day the newest report was stored); and, beyond the manual as it allows,
  ``sitroom_doc_id``, ``sitroom_reports`` and ``sitroom_fatalities_reported``.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from sitroom.geo.countries import country as country_info
from sitroom.model import Document, Event
from sitroom.ontology import ontology_codes, plover_mode
from sitroom.report.formats import REPORTED, merged_rows
from sitroom.report.outlets import outlet
from sitroom.store import Store
from sitroom.store.queries import Filters

__all__ = ["plover_record", "write_plover"]

SECTORS = {"state force": "MIL", "rebel group": "REB", "protester": "CVL", "rioter": "CVL", "civilian": "CVL"}
"""ACLED actor category (lower case, singular) -> PLOVER sector code (militias and external
forces: no single code)."""
CONTEXTS = {"Displacement": ["migration"], "Humanitarian access": ["human_security"]}
RESOLUTION = {1: 4, 2: 3, 3: 2}
"""ACLED geo-precision (1 the town, 2 near it or its district, 3 the province) -> PLOVER resolution."""
CODEBOOK = "ACLED Codebook 2023, mapped to PLOVER by sitroom (data/event_codes.toml)"


def _coder() -> str:
    try:
        return f"sitroom {version('sitroom')}"
    except PackageNotFoundError:
        return "sitroom"


def _entity(name: str | None, category: str | None) -> list[dict[str, Any]]:
    if not name:
        return []
    sector = SECTORS.get((category or "").lower().removesuffix("s"))
    if sector == "MIL" and name.lower().startswith("police"):
        sector = "COP"
    if name.lower().startswith("unidentified armed group"):
        sector = "UAF"
    return [{"entity_text": name, "sector": sector, "code": None}]


def plover_record(event: Event, doc: Document, sentence: str | None) -> dict[str, Any] | None:
    """The PLOVER record of one report of an event, or None where PLOVER has no category for
    it or it did not take place on a known day."""
    category, _ = ontology_codes(event.type, event.subtype)
    if not category or event.context not in REPORTED or event.date is None:
        return None
    country = country_info(event.country)
    source = outlet(doc)
    location = None
    if event.place or event.lat is not None:
        location = {
            "resolved_place": event.place,
            "geonameid": event.place_geonames_id,
            "lat": event.lat,
            "lon": event.lon,
            "province": event.admin1,
            "district": event.admin2,
            "country": country.name if country else None,
            "country_code": country.iso3 if country else None,
            "resolution": RESOLUTION.get(event.geo_precision) if event.geo_precision else None,
        }
    mode = plover_mode(event.type, event.subtype)
    sent_start, sent_end = (event.sentence.start, event.sentence.end) if event.sentence else (event.span.start, event.span.end)
    return {
        "has_event": True,
        "date": event.date,
        "enddate": event.date_end,
        "event": [category],
        "mode": [mode] if mode else [],
        "context": CONTEXTS.get(event.type, []),
        "actor": _entity(event.actor1, event.actor1_category),
        "recipient": _entity(event.actor2, event.actor2_category),
        "event_loc": location,
        "event_text": [" ".join((sentence or event.text).split())],
        "text_info": {"start": sent_start, "end": sent_end, "trigger_start": event.span.start, "trigger_end": event.span.end},
        "cite_info": {"url": doc.url, "title": doc.title, "publication": source.name, "language": doc.language, "coder": _coder(), "codebook": CODEBOOK},
        "coder": _coder(),
        "sitroom_doc_id": event.span.doc_id,
    }


def write_plover(store: Store, out: TextIO, *, filters: Filters | None = None) -> int:
    """One PLOVER record a line, one per merged event that PLOVER codes; returns how many."""
    n = 0
    for group in merged_rows(store, plover_record, filters):
        assert group.row is not None
        record = {"id": group.merged_id, **group.row}
        record["size"] = {"dead": min(group.tolls) if group.tolls else None}
        record["coded_date"] = max(group.ingested, default="")[:10] or None
        record["sitroom_reports"] = group.reports
        record["sitroom_fatalities_reported"] = group.tolls
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
