"""Charts drawn on the server as inline SVG: the world map of events and an actor's timeline.

No script and no style attributes (the pages' Content-Security-Policy forbids both): colours
come from classes in static/charts.css. Every label is escaped. The map's base is the bundled
world outline (world.json, Natural Earth 1:110m, made by scripts/make_world.py): it works
offline, with no tiles from the internet.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from markupsafe import Markup

WORLD = Path(__file__).with_name("world.json")
SERIES_CLASSES = 8


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    quad_class: int
    label: str
    href: str
    count: int = 1


@cache
def _land() -> Markup:
    """One <path> per country, in the equirectangular plane (x = lon + 180, y = 90 - lat)."""
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    paths = []
    for country in data["countries"]:
        d = " ".join("M" + " ".join(f"{lon + 180:.1f} {90 - lat:.1f}" for lon, lat in ring) + "Z"
                     for ring in country["rings"])
        paths.append(Markup('<path class="land" d="{}"><title>{}</title></path>').format(d, country["name"]))
    graticule = [Markup('<path class="graticule" d="M{0} 0V180"/>').format(x) for x in range(30, 360, 30)]
    graticule += [Markup('<path class="graticule" d="M0 {0}H360"/>').format(y) for y in range(30, 180, 30)]
    return Markup("").join(graticule + paths)


def _view(bbox: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
    """x, y, width, height of the viewBox: the world, or the bbox (min_lon, min_lat, max_lon, max_lat) clamped to it."""
    if bbox is None:
        return 0.0, 0.0, 360.0, 180.0
    min_lon, min_lat, max_lon, max_lat = bbox
    min_lon, max_lon = max(-180.0, min(min_lon, max_lon)), min(180.0, max(min_lon, max_lon))
    min_lat, max_lat = max(-90.0, min(min_lat, max_lat)), min(90.0, max(min_lat, max_lat))
    width, height = max(max_lon - min_lon, 1.0), max(max_lat - min_lat, 0.5)
    return min_lon + 180, 90 - max_lat, width, height


def world_map(points: Sequence[MapPoint], *, bbox: tuple[float, float, float, float] | None = None) -> Markup:
    """An SVG world map with a circle per point (area growing with its count), linked to its page."""
    x, y, width, height = _view(bbox)
    unit = width / 360  # circles keep their size on screen when the map is zoomed in
    circles = []
    valid = [p for p in points if -90 <= p.lat <= 90 and -180 <= p.lon <= 180]
    for point in sorted(valid, key=lambda p: -p.count):  # big ones first, small ones drawn over them
        radius = min(1.2 + 0.9 * math.log2(max(point.count, 1)), 6.0) * unit
        circles.append(Markup(
            '<a href="{href}"><circle class="point q{q}" cx="{cx:.3f}" cy="{cy:.3f}" r="{r:.3f}" data-lat="{lat}" '
            'data-lon="{lon}"><title>{label}</title></circle></a>').format(
            href=point.href, q=int(point.quad_class), cx=point.lon + 180, cy=90 - point.lat, r=radius,
            lat=point.lat, lon=point.lon, label=point.label))
    return Markup(
        '<svg class="worldmap" xmlns="http://www.w3.org/2000/svg" viewBox="{:.3f} {:.3f} {:.3f} {:.3f}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{}"><rect class="sea" x="0" y="0" width="360" '
        'height="180"/>{}{}</svg>').format(
        x, y, width, height, f"Map of {len(valid)} places with events", _land(), Markup("").join(circles))


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """A few labelled dates along the x axis: months, quarters or years as the span asks."""
    days = (last - first).days
    if days > 3 * 365:
        step = max(1, round(days / 365 / 6))
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)]
    months = 1 if days <= 200 else 3 if days <= 730 else 6
    ticks, year, month = [], first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        when = date(year, month, 1)
        if when > last:
            return ticks
        if (month - 1) % months == 0:
            ticks.append((when, when.strftime("%b %Y") if month == 1 or not ticks else when.strftime("%b")))


def timeline(series: Mapping[str, Sequence[tuple[date, float, int]]], *, width: int = 800, height: int = 260) -> Markup:
    """A line chart of mean Goldstein per week for each partner: above zero cooperation, below conflict."""
    weeks = [w for points in series.values() for w, _, _ in points]
    if not weeks:
        return Markup('<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} 40" width="100%" '
                      'role="img" aria-label="No events"><text class="empty" x="10" y="25">No events with a partner'
                      '</text></svg>').format(width)
    first, last = min(weeks), max(weeks)
    if first == last:
        first, last = first - timedelta(days=7), last + timedelta(days=7)
    left, right, top, bottom = 40, 130, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        return left + plot_w * (day - first).days / (last - first).days

    def y(goldstein: float) -> float:
        return top + plot_h * (10 - max(-10.0, min(10.0, goldstein))) / 20

    parts = []
    for value in (-10, -5, 0, 5, 10):
        parts.append(Markup('<line class="{}" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/><text class="axis" x="{}" '
                            'y="{:.1f}" text-anchor="end">{}</text>').format(
            "zero" if value == 0 else "grid", left, left + plot_w, y(value), y(value), left - 5, y(value) + 4,
            f"{value:+d}" if value else "0"))
    for when, label in _ticks(first, last):
        parts.append(Markup('<line class="tick" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}"/><text class="axis" '
                            'x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>').format(
            x(when), top + plot_h, top + plot_h + 4, top + plot_h + 18, label))
    for index, (partner, points) in enumerate(series.items()):
        css = f"series s{index % SERIES_CLASSES}"
        ordered = sorted(points)
        coords = " ".join(f"{x(w):.1f},{y(g):.1f}" for w, g, _ in ordered)
        parts.append(Markup('<g class="{}"><polyline points="{}"/>').format(css, coords))
        for week, goldstein, count in ordered:
            parts.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="3.5"><title>{}, week of {}: mean Goldstein {:+.1f} '
                                'over {} event{}</title></circle>').format(
                x(week), y(goldstein), partner, week.isoformat(), goldstein, count, "" if count == 1 else "s"))
        legend_y = top + 14 + 18 * index
        parts.append(Markup('<line x1="{0}" x2="{1}" y1="{2}" y2="{2}"/><text class="legend" x="{3}" y="{4}">{5}'
                            '</text></g>').format(width - right + 10, width - right + 30, legend_y, width - right + 36,
                                                   legend_y + 4, partner))
    return Markup('<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
                  'aria-label="{}">{}</svg>').format(
        width, height, "Mean Goldstein score per week with " + ", ".join(series), Markup("").join(parts))
