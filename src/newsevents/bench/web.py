"""`newsevents bench web`: page and API latency of the web app on an existing store.

Point it at a big store (`newsevents bench store --db URL` makes one of 1,000,000 synthetic
events) and it requests, in process, the pages people open most: the calendar of the busiest
month and its year, the events list (first page, a month of one country, most reported first,
a deep page), an event page, the map of a month, the actors list and an actor's page with its
timeline, and the same through the HTTP API. Each is
requested `--repeat` times after one warm-up; it reports the median server time (the app's own
`Server-Timing`, from request to response, without the network) and the median wall time of the
whole request. Goal: calendar, events list and event page under 150 ms server time.
"""

from __future__ import annotations

import re
import statistics
import time
from typing import TypedDict

GOAL_MS = 150.0
GOAL_PAGES = ("calendar month", "events list", "events list, month of a country", "event page")


class PageTiming(TypedDict):
    path: str
    server_ms: float  # medians, in ms
    wall_ms: float
    bytes: int


def _server_ms(response) -> float:
    found = re.search(r"app;dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(found.group(1)) if found else float("nan")


def _targets(store) -> list[tuple[str, str]]:
    """The requests timed, chosen from what the store holds."""
    days = store.calendar()
    if not days:
        raise ValueError("the store has no dated events to time pages on")
    months: dict[str, int] = {}
    for day in days:
        months[day["date"][:7]] = months.get(day["date"][:7], 0) + day["events"]
    busiest = max(months, key=lambda m: (months[m], m))
    year, month = busiest.split("-")
    middle = store.events(since=busiest, until=busiest, limit=1)[0]
    country = (middle.event.source or middle.event.target).country or "USA"
    event_id = middle.event_id
    return [
        ("calendar month", f"/calendar/{year}/{month}"),
        ("calendar year", f"/calendar/{year}"),
        ("calendar month, one type", f"/calendar/{year}/{month}?type=ASSAULT"),
        ("events list", "/events"),
        ("events list, month of a country", f"/events?since={busiest}&until={busiest}&country={country}"),
        ("events list, most reported", f"/events?since={busiest}&until={busiest}&sort=reports"),
        ("events list, deep page", "/events?offset=500000&limit=50"),
        ("event page", f"/events/{event_id}"),
        ("map of a month", f"/map?since={busiest}&until={busiest}"),
        ("actors list", "/actors"),
        (f"actor page ({country})", f"/actors/{country}"),
        ("API events, month of a country", f"/api/v1/events?since={busiest}&until={busiest}&country={country}"),
        ("API event", f"/api/v1/events/{event_id}"),
        ("API calendar of a year", f"/api/v1/calendar?since={year}&until={year}"),
        ("CSV of a page", f"/events.csv?since={busiest}&until={busiest}&limit=500"),
    ]


def run(db_url: str, *, repeat: int = 7) -> dict:
    from fastapi.testclient import TestClient

    from newsevents.store import Store
    from newsevents.web import create_app

    with Store.open(db_url) as store:
        targets = _targets(store)
        events = store.counts()["events"]
    client = TestClient(create_app(db_url, token=""))
    pages: dict[str, PageTiming] = {}
    for name, path in targets:
        response = client.get(path)  # warm-up (and the check that it works)
        if response.status_code != 200:
            raise ValueError(f"{path} answered {response.status_code}: {response.text[:200]}")
        server, wall = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path)
            wall.append((time.perf_counter() - started) * 1000)
            server.append(_server_ms(response))
        pages[name] = {
            "path": path,
            "server_ms": round(statistics.median(server), 1),
            "wall_ms": round(statistics.median(wall), 1),
            "bytes": len(response.content),
        }
    slowest = max(pages[name]["server_ms"] for name in GOAL_PAGES)
    return {
        "db": db_url.split("@")[-1],
        "events": events,
        "repeat": repeat,
        "pages": pages,
        "goal_ms": GOAL_MS,
        "slowest_goal_page_ms": slowest,
        "goal_met": slowest < GOAL_MS,
    }


def describe(result: dict) -> str:
    lines = [f"web app on {result['events']:,} events ({result['db']}), median of {result['repeat']} requests:"]
    for name, page in result["pages"].items():
        lines.append(
            f"  {name:34s} {page['server_ms']:8.1f} ms server {page['wall_ms']:8.1f} ms wall"
            f"  {page['bytes']:>9,} bytes  {page['path']}"
        )
    verdict = "met" if result["goal_met"] else "NOT met"
    lines.append(
        f"goal: calendar, events list and event page under {result['goal_ms']:.0f} ms server time: {verdict}"
        f" (slowest {result['slowest_goal_page_ms']:.1f} ms)"
    )
    return "\n".join(lines)
