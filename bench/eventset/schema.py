"""The format of an event annotation record, and its check (see GUIDELINES.md)."""

from __future__ import annotations

import re
from typing import Any

SUBTYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    "Displacement": ("",),
    "Humanitarian access": ("",),
}
"""ACLED Codebook 2023 event types and sub-types, plus sitroom's two types (no sub-type)."""

REASONS = ("generic", "habitual", "figurative", "negated", "planned", "hypothetical", "background", "cumulative", "conflict", "other")
"""Why a trigger-like word is no event (GUIDELINES.md, "Non-events")."""

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _span_problems(where: str, span: Any, text: str) -> list[str]:
    if not isinstance(span, dict) or not {"start", "end", "text"} <= span.keys():
        return [f"{where}: a span needs start, end and text"]
    if text[span["start"] : span["end"]] != span["text"]:
        return [f"{where}: text[{span['start']}:{span['end']}] is {text[span['start']:span['end']]!r}, not {span['text']!r}"]
    return []


def _event_problems(where: str, event: dict[str, Any], text: str) -> list[str]:
    problems = []
    if not event.get("mentions"):
        problems.append(f"{where}: no mentions")
    for k, m in enumerate(event.get("mentions", [])):
        problems += _span_problems(f"{where} mention {k}", m, text)
    kind, sub = event.get("type"), event.get("subtype") or ""
    if kind not in SUBTYPES:
        problems.append(f"{where}: type {kind!r} is not one of {sorted(SUBTYPES)}")
    elif sub not in SUBTYPES[kind]:
        problems.append(f"{where}: subtype {sub!r} is not one of {SUBTYPES[kind]}")
    for role in ("actor1", "actor2"):
        if event.get(role) is not None and not isinstance(event[role], str):
            problems.append(f"{where}: {role} must be a string or null")
        if not isinstance(event.get(f"{role}_forms", []), list):
            problems.append(f"{where}: {role}_forms must be a list")
    place = event.get("place")
    if place is not None:
        if not isinstance(place, dict) or not {"name", "lat", "lon", "geo_precision"} <= place.keys():
            problems.append(f"{where}: place needs name, geonames_id, lat, lon, geo_precision")
        elif place["geo_precision"] not in (1, 2, 3):
            problems.append(f"{where}: geo_precision must be 1, 2 or 3")
    for field in ("date", "date_end"):
        if event.get(field) is not None and not DAY.match(str(event[field])):
            problems.append(f"{where}: {field} must be YYYY-MM-DD or null")
    if event.get("date") is not None and event.get("time_precision") not in (1, 2, 3):
        problems.append(f"{where}: a dated event needs time_precision 1, 2 or 3")
    if event.get("fatalities") is not None and not isinstance(event["fatalities"], int):
        problems.append(f"{where}: fatalities must be an integer or null")
    if event.get("context") not in ("past", "ongoing"):
        problems.append(f"{where}: context must be past or ongoing")
    return problems


def validate_record(rec: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    """Problems of one annotation record (empty when it is well formed)."""
    article = articles.get(rec.get("id"))
    if article is None:
        return [f"unknown article id {rec.get('id')!r}"]
    text = article.text
    problems = []
    if rec.get("text_sha256") not in (None, article.sha256):
        problems.append(f"{rec['id']}: text_sha256 does not match the article's text")
    for k, event in enumerate(rec.get("events", [])):
        problems += _event_problems(f"{rec['id']} event {k}", event, text)
    for k, non in enumerate(rec.get("non_events", [])):
        problems += _span_problems(f"{rec['id']} non_event {k}", non, text)
        if non.get("reason") not in REASONS:
            problems.append(f"{rec['id']} non_event {k}: reason {non.get('reason')!r} is not one of {REASONS}")
    return problems
