"""Inline SVG for the HTML report: a map of its events over Natural Earth's countries, and a
chart of each figure group's values over time.

Both are plain markup (no script, no external file): the report stays one self-contained file
that works offline under a policy that allows no script at all. Every text that comes from an
article goes through :func:`markupsafe.escape`. The countries are world-atlas's 1:110m
Natural Earth countries (public domain), converted once to GeoJSON by topojson-client's
``topo2geo`` and shipped with the web UI's vendored files (``web/static/vendor/README.md``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from sitroom.link.figures import FigureGroup

STATIC = Path(__file__).parents[1] / "web" / "static"
COUNTRIES = STATIC / "vendor" / "world-atlas" / "countries-110m.geojson"

COLOURS: dict[str, str] = json.loads((STATIC / "event-colours.json").read_text(encoding="utf-8"))
"""ACLED's six event types and sitroom's two (displacement, humanitarian access), one colour
each: the file the web UI reads too."""
OTHER_COLOUR = "#555555"

Ring = tuple[tuple[float, float], ...]


@cache
def _countries() -> tuple[tuple[tuple[float, float, float, float], Ring], ...]:
    """Every ring of every country, with its bounding box (west, south, east, north)."""
    collection = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    rings = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                points = tuple((float(x), float(y)) for x, y in ring)
                if max(p[1] for p in points) < -55:
                    continue  # Antarctica: a ring around the pole, and no news from there to map
                if any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
                    # a ring cut at the antimeridian (Russia's east, Fiji): drawn continuous, east of 180°
                    points = tuple((x + 360 if x < 0 else x, y) for x, y in points)
                lons, lats = [p[0] for p in points], [p[1] for p in points]
                rings.append(((min(lons), min(lats), max(lons), max(lats)), points))
    return tuple(rings)


class _View:
    """An equirectangular view of a box of the earth, ``width`` x ``height`` pixels."""

    def __init__(self, points: Sequence[tuple[float, float]], width: int, height: int) -> None:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        pad = max(2.0, 0.15 * max(east - west, north - south))
        west, east, south, north = west - pad, east + pad, south - pad, north + pad
        # widen the box to the picture's shape, so a degree is as wide as it is high
        span_x, span_y = east - west, north - south
        if span_x / span_y < width / height:
            grow = (span_y * width / height - span_x) / 2
            west, east = west - grow, east + grow
        else:
            grow = (span_x * height / width - span_y) / 2
            south, north = south - grow, north + grow
        self.west, self.east, self.south, self.north = west, east, max(south, -90.0), min(north, 90.0)
        self.scale = width / (east - west)
        self.width, self.height = width, height

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.scale, (self.north - lat) * self.scale

    def sees(self, box: tuple[float, float, float, float]) -> bool:
        west, south, east, north = box
        return east >= self.west and west <= self.east and north >= self.south and south <= self.north


def event_map(events: Iterable[tuple[float, float, float | None, str, str]], *, width: int = 760, height: int = 380) -> Markup | None:
    """A map of ``events``, each (lon, lat, fatalities or None, event type, label): a circle per
    event, sized by its fatalities and coloured by its type, with its label as a tooltip, over
    the countries of the box that holds them all. None when no event has a place."""
    located = [e for e in events if e[0] is not None and e[1] is not None]
    if not located:
        return None
    view = _View([(lon, lat) for lon, lat, *_ in located], width, height)
    parts = [f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Map of the events">']
    parts.append(f'<rect width="{width}" height="{height}" fill="#d6e7f3"/>')
    paths = []
    for box, ring in _countries():
        if view.sees(box):
            points = [view.xy(lon, lat) for lon, lat in ring]
            paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    parts.append(f'<path d="{"".join(paths)}" fill="#f1f1ed" stroke="#9aa5b1" stroke-width="0.6"/>')
    # the largest tolls first, so that small circles stay on top and can be pointed at
    for lon, lat, fatalities, kind, label in sorted(located, key=lambda e: -(e[2] or 0)):
        x, y = view.xy(lon, lat)
        radius = 3.5 + min(14.0, math.sqrt(fatalities or 0) * 1.4)
        colour = COLOURS.get(kind, OTHER_COLOUR)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.8" stroke="#222" stroke-width="0.7"><title>{escape(label)}</title></circle>')
    parts.append(f'<text x="{width - 4}" y="{height - 4}" text-anchor="end" font-size="10" fill="#555">Natural Earth</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(kinds: Iterable[str]) -> Markup:
    """A line of colour keys for the event types shown."""
    items = []
    for kind in dict.fromkeys(kinds):
        colour = COLOURS.get(kind, OTHER_COLOUR)
        items.append(f'<span class="key"><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4.5" fill="{colour}"/></svg> {escape(kind)}</span>')
    return Markup(" ".join(items))


def figure_chart(group: FigureGroup, *, width: int = 240, height: int = 64) -> Markup | None:
    """The values of ``group`` over time: one dot per dated report (its range as a bar), joined
    in date order, the first and last days written under the axis. None with fewer than two
    dated values."""
    dated = [m for m in group.members if m.date and _value(m.figure) is not None and _day(m.date)]
    if len(dated) < 2:
        return None
    dated.sort(key=lambda m: m.date or "")
    pad = 8
    days = [_day(m.date).toordinal() for m in dated]  # type: ignore[union-attr]
    values = [v for m in dated for v in (m.figure.low, m.figure.high, m.figure.value) if v is not None]
    d0, d1, v0, v1 = min(days), max(days), min(0.0, *values), max(values)

    def x(day: int) -> float:
        return pad + (width - 2 * pad) * ((day - d0) / (d1 - d0) if d1 > d0 else 0.5)

    def y(value: float) -> float:
        return height - 2 * pad - (height - 3 * pad) * ((value - v0) / (v1 - v0) if v1 > v0 else 0.5)

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    parts.append(f"<title>{escape(group.kind)} over time: {escape('; '.join(f'{m.date} {m.figure.text}' for m in dated))}</title>")
    parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{height - 2 * pad}" y2="{height - 2 * pad}" stroke="#b9c2cb"/>')
    line = " ".join(f"{x(d):.1f},{y(_value(m.figure)):.1f}" for d, m in zip(days, dated, strict=True))  # type: ignore[arg-type]
    parts.append(f'<polyline points="{line}" fill="none" stroke="#0b5cad" stroke-opacity="0.5"/>')
    for day, m in zip(days, dated, strict=True):
        low, high = m.figure.low, m.figure.high
        if low is not None and high is not None and low != high:
            parts.append(f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{y(low):.1f}" y2="{y(high):.1f}" stroke="#0b5cad" stroke-width="3" stroke-opacity="0.35"/>')
        tip = escape(f"{m.date}: {m.figure.text} ({m.outlet or 'unknown outlet'})")
        parts.append(f'<circle cx="{x(day):.1f}" cy="{y(_value(m.figure)):.1f}" r="3.5" fill="#0b5cad"><title>{tip}</title></circle>')  # type: ignore[arg-type]
    for at, anchor, day_text in ((pad, "start", dated[0].date), (width - pad, "end", dated[-1].date)):
        parts.append(f'<text x="{at}" y="{height - 1}" text-anchor="{anchor}" font-size="9" fill="#5f6b76">{escape(day_text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _value(figure: object) -> float | None:
    for name in ("value", "low", "high"):
        value = getattr(figure, name)
        if value is not None:
            return float(value)
    return None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
