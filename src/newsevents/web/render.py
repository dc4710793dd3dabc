"""What pages show beyond the templates: highlighted text, calendar grids and bins.

Every piece of article text goes through `markupsafe.escape`; only our own tags are added.
"""

from __future__ import annotations

import calendar as _calendar
import math
from datetime import date
from typing import Iterable, Sequence, TypedDict

from markupsafe import Markup, escape

from newsevents.ontology import QUAD_CLASSES


def highlight(text: str, spans: Iterable[tuple]) -> Markup:
    """`text` escaped, with each (start, end, class, href[, id]) span wrapped in <mark class="...">
    (in an <a> when it has an href). Spans that overlap an earlier-starting one are left out."""
    out, at = [], 0
    for start, end, cls, href, *ident in sorted(
        (s for s in spans if s[0] is not None and 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -s[1])
    ):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        mark = (
            Markup('<mark class="{}" id="{}">{}</mark>').format(cls, ident[0], text[start:end])
            if ident
            else Markup('<mark class="{}">{}</mark>').format(cls, text[start:end])
        )
        out.append(Markup('<a href="{}">{}</a>').format(href, mark) if href else mark)
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def web_url(url: str | None) -> str | None:
    """A link to an article's original page only when it is http(s): a stored URL is untrusted
    ("javascript:..." must never become a link)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def evidence_marks(report: dict) -> Markup:
    """A report's sentence with its source, trigger and target marked."""
    spans = [
        (s[0], s[1], cls, None)
        for s, cls in (
            (report.get("source_span"), "source"),
            (report.get("trigger"), "trigger"),
            (report.get("target_span"), "target"),
        )
        if s
    ]
    return highlight(report["sentence"], spans)


def quad_bar(counts: dict, width: float = 100.0) -> Markup:
    """A thin stacked bar (inline SVG, colours from the stylesheet) of the four quad classes."""
    total = sum(counts.values())
    if not total:
        return Markup("")
    parts, x = [], 0.0
    for quad in ("1", "2", "3", "4"):
        w = width * counts.get(quad, 0) / total
        if w > 0:
            parts.append(
                Markup(
                    '<rect class="q{}" x="{:.2f}" y="0" width="{:.2f}" height="6"><title>{}: {}</title></rect>'
                ).format(quad, x, w, QUAD_CLASSES[int(quad)], counts[quad])
            )
        x += w
    return Markup(
        '<svg class="quadbar" viewBox="0 0 {} 6" preserveAspectRatio="none" role="img" aria-label="{}">{}</svg>'
    ).format(
        width,
        ", ".join(f"{QUAD_CLASSES[int(q)]} {counts.get(q, 0)}" for q in ("1", "2", "3", "4")),
        Markup("").join(parts),
    )


def month_grid(year: int, month: int, days: dict[str, dict]) -> list[list[dict | None]]:
    """Weeks (Monday first) of a month: each cell None (another month) or the day with its counts."""
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": d, "entry": days.get(d.isoformat())} if d.month == month else None for d in week])
    return weeks


def heat_level(count: int, most: int, levels: int = 5) -> int:
    """0 for no events, else 1..levels on a log scale of the year's busiest day."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(levels, math.ceil(levels * math.log1p(count) / math.log1p(most))))


class DayCell(TypedDict):
    """A day of the year heat map."""

    date: date
    events: int
    level: int  # heat_level
    entry: dict | None  # the store's counts of the day (None: no events)


def year_rows(year: int, days: dict[str, dict], months: dict[str, int] | None = None) -> list[dict]:
    """Twelve months of cells for the year heat map, each month with its events dated only to it."""
    most = max((d["events"] for d in days.values()), default=0)
    rows = []
    for month in range(1, 13):
        length = _calendar.monthrange(year, month)[1]
        cells: list[DayCell | None] = []
        for day in range(1, 32):
            if day > length:
                cells.append(None)
                continue
            when = date(year, month, day)
            entry = days.get(when.isoformat())
            count = entry["events"] if entry else 0
            cells.append(DayCell(date=when, events=count, level=heat_level(count, most), entry=entry))
        vaguer = (months or {}).get(f"{year:04d}-{month:02d}", 0)
        rows.append(
            {
                "month": month,
                "name": _calendar.month_name[month],
                "cells": cells,
                "vaguer": vaguer,
                "events": sum(c["events"] for c in cells if c) + vaguer,
            }
        )
    return rows


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def pages(offset: int, limit: int, shown: int) -> dict:
    """Previous/next offsets of a page of `shown` items (None at either end)."""
    return {
        "previous": max(0, offset - limit) if offset > 0 else None,
        "next": offset + limit if shown >= limit else None,
        "first": offset + 1 if shown else 0,
        "last": offset + shown,
    }


def week_series(partners: Sequence[dict]) -> dict[str, list[tuple[date, float, int]]]:
    """The store's actor timeline in the chart's shape."""
    return {
        p["partner"]: [(date.fromisoformat(w["week"]), w["goldstein"], w["events"]) for w in p["weeks"]]
        for p in partners
    }
