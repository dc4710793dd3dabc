"""Charts drawn on the server as inline SVG: the world map of events and an actor's timeline.

No script and no style attributes (the pages' Content-Security-Policy forbids both): colours
come from classes in static/charts.css. Every piece of text from the data (labels, names, links)
is escaped. The map's base is the bundled world outline (world.json: Natural Earth 1:110m,
public domain, made by scripts/make_world.py), so it works offline, with no tiles from the internet.

Public API: MapPoint, world_map(points, *, bbox=None, width=960) and
timeline(series, *, width=800, height=260), each returning markupsafe.Markup.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

WORLD = Path(__file__).with_name("world.json")
SERIES_CLASSES = 8  # series s0..s7 in charts.css, cycled
MAX_RADIUS = 12.0  # a point's radius at the most, in pixels of a map `width` wide
MIN_SPAN = 2.0  # degrees: a bounding box is never zoomed in further than this
LEGEND_CHARS = 16  # longer partner names are cut in the legend (their dots' titles keep them whole)


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    quad_class: int  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    label: str
    href: str
    count: int = 1


def _num(value: float) -> str:
    """A coordinate with one decimal at most and nothing spare: 12.0 -> '12', -0.5 -> '-.5'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("", "-0", "-"):
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _path(rings: Iterable[Sequence[Sequence[float]]]) -> str:
    """SVG path data for rings of [lon, lat] in the map's plane: absolute start, then relative steps
    between positions rounded to 0.1 degree (so no rounding error adds up), each ring closed."""
    parts = []
    for ring in rings:
        xy = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in ring]
        if len(xy) > 1 and xy[0] == xy[-1]:
            xy.pop()
        steps = [f"{_num(x1 - x0)} {_num(y1 - y0)}" for (x0, y0), (x1, y1) in zip(xy, xy[1:])]
        parts.append(f"M{_num(xy[0][0])} {_num(xy[0][1])}l" + " ".join(steps) + "z")
    return "".join(parts)


@cache
def _base() -> Markup:
    """The sea, the graticule every 30 degrees and one <path class="land"> per country (from world.json, read once)."""
    parts = [Markup('<rect class="sea" x="0" y="0" width="360" height="180"/>')]
    parts += [Markup('<path class="graticule" d="M{} 0V180"/>').format(x) for x in range(30, 360, 30)]
    parts += [Markup('<path class="graticule" d="M0 {}H360"/>').format(y) for y in range(30, 180, 30)]
    world = json.loads(WORLD.read_text(encoding="utf-8"))
    for country in world["countries"]:
        parts.append(
            Markup('<path class="land" d="{}"><title>{}</title></path>').format(
                _path(country["rings"]), country["name"]
            )
        )
    return Markup("").join(parts)


def _view(bbox: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
    """min_lon, min_lat, max_lon, max_lat shown: the world, or the bbox clamped to it, at least MIN_SPAN
    across and never taller than wide (a tall map would not fit a screen)."""
    if bbox is None:
        return -180.0, -90.0, 180.0, 90.0
    lons, lats = sorted((bbox[0], bbox[2])), sorted((bbox[1], bbox[3]))

    def span(low: float, high: float, least: float, limit: float) -> tuple[float, float]:
        low, high = max(-limit, min(low, limit)), max(-limit, min(high, limit))
        if high - low < least:  # grow around the middle, then slide back inside the world
            middle = (low + high) / 2
            low, high = middle - least / 2, middle + least / 2
            shift = max(0.0, -limit - low) - max(0.0, high - limit)
            low, high = max(-limit, low + shift), min(limit, high + shift)
        return low, high

    min_lat, max_lat = span(lats[0], lats[1], MIN_SPAN, 90.0)
    min_lon, max_lon = span(lons[0], lons[1], max(MIN_SPAN, max_lat - min_lat), 180.0)
    return min_lon, min_lat, max_lon, max_lat


def _safe_href(href: str) -> bool:
    """A link the page may carry: relative, or http(s); never javascript: and the like."""
    try:
        return urlsplit(str(href).strip()).scheme.lower() in ("", "http", "https")
    except ValueError:
        return False


def _radius(count: int) -> float:
    """Pixels: 3 for one event, growing with the logarithm of the count, MAX_RADIUS at most."""
    return min(3 + 2 * math.log2(max(int(count), 1)), MAX_RADIUS)


def world_map(
    points: Sequence[MapPoint], *, bbox: tuple[float, float, float, float] | None = None, width: int = 960
) -> Markup:
    """An equirectangular SVG world map with a circle per point, linked to its page.

    The viewBox is in projected units, one a degree: x = lon + 180, y = 90 - lat (the world is
    "0 0 360 180"); the SVG scales to its container (width="100%"). `width` is the width in pixels the
    whole world is meant to be seen at: a circle's radius is 3 such pixels for one event, growing
    gently with the count (3 + 2 log2 count, 12 at most), and keeps that size on screen whatever the zoom. With bbox
    (min_lon, min_lat, max_lon, max_lat) the viewBox zooms to it, clamped to the world. Bigger counts
    are drawn first so that small ones stay on top and reachable. Points off the globe (or outside
    the zoomed view) are left out."""
    min_lon, min_lat, max_lon, max_lat = _view(bbox)
    unit = (max_lon - min_lon) / max(int(width), 1)  # one pixel of a `width`-wide world, in viewBox units at this zoom
    margin = MAX_RADIUS * unit  # keep points just outside the view whose circles reach into it
    shown = [
        p
        for p in points
        if -90 <= p.lat <= 90
        and -180 <= p.lon <= 180
        and min_lon - margin <= p.lon <= max_lon + margin
        and min_lat - margin <= p.lat <= max_lat + margin
    ]
    circles = []
    for point in sorted(shown, key=lambda p: -p.count):
        quad = int(point.quad_class) if point.quad_class in (1, 2, 3, 4) else 0
        circle = Markup(
            '<circle class="point q{}" cx="{:.3f}" cy="{:.3f}" r="{:.3f}" data-lat="{}" data-lon="{}">'
            "<title>{}</title></circle>"
        ).format(
            quad,
            point.lon + 180,
            90 - point.lat,
            _radius(point.count) * unit,
            round(point.lat, 5),
            round(point.lon, 5),
            point.label,
        )
        if _safe_href(point.href):
            circle = Markup('<a href="{}">{}</a>').format(point.href, circle)
        circles.append(circle)
    label = f"Map of {len(shown)} place{'' if len(shown) == 1 else 's'} with events"
    return Markup(
        '<svg class="worldmap" xmlns="http://www.w3.org/2000/svg" viewBox="{:.3f} {:.3f} {:.3f} {:.3f}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{}">{}<g class="points">{}</g></svg>'
    ).format(
        min_lon + 180, 90 - max_lat, max_lon - min_lon, max_lat - min_lat, label, _base(), Markup("").join(circles)
    )


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """A few (at most 8) labelled dates along the x axis: weeks, months or years as the span asks."""
    days = (last - first).days
    if days <= 70:
        step = 7 if days <= 42 else 14
        weeks = [first + timedelta(days=d) for d in range(0, days + 1, step)]
        return [
            (t, f"{t.day} {t:%b %Y}" if i == 0 or t.month == 1 and t.day <= step else f"{t.day} {t:%b}")
            for i, t in enumerate(weeks)
        ]
    if days <= 3 * 366:
        months = next(m for m in (1, 2, 3, 6, 12) if days / 30.4 / m <= 8)
        ticks: list[tuple[date, str]] = []
        year, month = first.year, first.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            when = date(year, month, 1)
            if when > last:
                return ticks
            if (month - 1) % months == 0:
                ticks.append((when, when.strftime("%b %Y") if month == 1 or not ticks else when.strftime("%b")))
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if days / 365.25 / s <= 8)
    start = (first.year // step + 1) * step
    return [(date(y, 1, 1), str(y)) for y in range(start, last.year + 1, step)]


def _short(name: str) -> str:
    return name if len(name) <= LEGEND_CHARS else name[: LEGEND_CHARS - 1] + "\u2026"


def timeline(series: Mapping[str, Sequence[tuple[date, float, int]]], *, width: int = 800, height: int = 260) -> Markup:
    """A line chart of mean Goldstein per week with each partner: (week start, mean Goldstein, events).

    x: the week starts, one axis shared by all series; y: fixed -10..+10 (above the dashed zero
    line cooperation, below it conflict). One polyline and one dot per week for each partner (class
    "series s0".."s7", cycled), a legend of the partners on the right, a <title> on every dot."""
    cleaned = {
        str(name): sorted((w, float(g), int(n)) for w, g, n in points if math.isfinite(g))
        for name, points in series.items()
    }
    weeks = [w for points in cleaned.values() for w, _, _ in points]
    if not weeks:
        return Markup(
            '<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} 40" width="100%" '
            'role="img" aria-label="No events"><text class="empty" x="10" y="25">No events</text>'
            "</svg>"
        ).format(width)
    first, last = min(weeks), max(weeks)
    if first == last:
        first, last = first - timedelta(days=7), last + timedelta(days=7)
    left, right, top, bottom, pad = 40, 150, 10, 30, 6  # pad: room inside the plot for the first and last dots
    height = max(height, top + 18 * len(cleaned) + 10)  # room for the whole legend
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        return left + pad + (plot_w - 2 * pad) * (day - first).days / (last - first).days

    def y(goldstein: float) -> float:
        return top + plot_h * (10 - max(-10.0, min(10.0, goldstein))) / 20

    parts = [Markup('<line class="axis" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>').format(left, top, top + plot_h)]
    for value in (-10, -5, 0, 5, 10):
        parts.append(
            Markup(
                '<line class="{}" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/><text class="axis y" x="{}" '
                'y="{:.1f}" text-anchor="end">{}</text>'
            ).format(
                "zero" if value == 0 else "grid",
                left,
                left + plot_w,
                y(value),
                y(value),
                left - 5,
                y(value) + 4,
                f"{value:+d}" if value else "0",
            )
        )
    for when, label in _ticks(first, last):
        at = x(when)  # a label near either end of the axis is aligned with it, not centred, so it stays in view
        anchor = "start" if at - left < 30 else "end" if left + plot_w - at < 30 else "middle"
        parts.append(
            Markup(
                '<line class="tick" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}"/><text class="axis x" '
                'x="{0:.1f}" y="{3}" text-anchor="{4}">{5}</text>'
            ).format(at, top + plot_h, top + plot_h + 4, top + plot_h + 18, anchor, label)
        )
    for index, (partner, points) in enumerate(cleaned.items()):
        parts.append(
            Markup('<g class="series s{}"><polyline points="{}"/>').format(
                index % SERIES_CLASSES, " ".join(f"{x(w):.1f},{y(g):.1f}" for w, g, _ in points)
            )
        )
        for week, goldstein, count in points:
            parts.append(
                Markup(
                    '<circle cx="{:.1f}" cy="{:.1f}" r="3.5"><title>{}, week of {}: mean Goldstein {:+.1f} '
                    "over {} event{}</title></circle>"
                ).format(x(week), y(goldstein), partner, week.isoformat(), goldstein, count, "" if count == 1 else "s")
            )
        legend_y = top + 8 + 18 * index
        name = _short(partner)
        whole = Markup("<title>{}</title>").format(partner) if name != partner else ""
        parts.append(
            Markup(
                '<line class="key" x1="{0}" x2="{1}" y1="{2}" y2="{2}"/><text class="legend" x="{3}" '
                'y="{4}">{5}{6}</text></g>'
            ).format(width - right + 10, width - right + 30, legend_y, width - right + 36, legend_y + 4, name, whole)
        )
    return Markup(
        '<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-label="{}">{}</svg>'
    ).format(width, height, "Mean Goldstein score per week with " + ", ".join(cleaned), Markup("").join(parts))
