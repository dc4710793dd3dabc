"""The web app in a real browser: Playwright drives Debian's Chromium (never a downloaded one)
against `newsevents serve`'s app on a free loopback port, over a store made from the sample
articles and the founding example. Screenshots of each page go to artifacts/browser/."""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SEED, free_port, needs_shared

CHROMIUM = os.environ.get("NEWSEVENTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "browser"

pytestmark = [
    needs_shared,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"Chromium is not installed at {CHROMIUM}: scripts/test.sh installs Debian's chromium",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from newsevents.ingesting import ingest
    from newsevents.store import Store
    from newsevents.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser')}/events.db"
    with Store.open(url) as store:
        summary = ingest([str(SAMPLES), str(SEED)], store)
    assert summary.failed == 0
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, token=""), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", url
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses to run as root
        launched = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    # A Content-Security-Policy violation or a script error shows up in the console.
    assert not errors, errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_from_the_calendar_to_the_evidence_a_tag_a_download_and_the_map(server, page, tmp_path):
    base, _ = server
    # The calendar opens on the newest month; go to September 2016.
    page.goto(base + "/")
    assert "/calendar/" in page.url
    page.fill('input[name="month"]', "2016-09")
    page.click('form.goto button[type="submit"]')
    page.wait_for_url("**/calendar/2016/09")
    day = page.locator('td[data-date="2016-09-28"]')
    assert "events" in day.inner_text()
    assert day.locator("svg.quadbar rect").count() >= 2  # the day's mix of quad classes
    shot(page, "1-calendar-2016-09")

    # The 28th: its events, among them the United States threatening Russia.
    day.locator("a").click()
    page.wait_for_url("**/events?since=2016-09-28&until=2016-09-28*")
    row = (
        page.locator("tr", has=page.locator('a[href="/actors/USA"]'))
        .filter(has_text="THREATEN")
        .filter(has=page.locator('a[href^="/actors/RUS"]'))
        .first
    )
    assert row.count() == 1
    shot(page, "2-events-2016-09-28")
    row.locator("td.date a").click()
    page.wait_for_url("**/events/*")

    # The event: who, what, whom, and the sentence with source, trigger and target marked.
    assert "THREATEN" in page.locator("dl.facts").inner_text()
    evidence = page.locator("blockquote.evidence-sentence").first
    assert evidence.locator("mark.trigger").inner_text().lower().startswith("threat")
    assert "United States" in evidence.locator("mark.source").inner_text()
    assert "Russia" in evidence.locator("mark.target").inner_text()
    assert evidence.locator("mark.trigger").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "3-event-usa-threatens-russia")

    # Its article, with the seed's tags; follow the Aleppo tag.
    page.locator("p.cite a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("mark.evidence").count() >= 3
    shot(page, "4-article")
    page.locator("p.tags a", has_text="Aleppo").first.click()
    page.wait_for_url("**/tags/Aleppo")
    assert page.locator('tr[id^="event-"]').count() >= 3
    shot(page, "5-tag-aleppo")

    # Its events as a list, downloaded as exactly the CSV shown.
    page.locator("a", has_text="filter these events").click()
    page.wait_for_url("**/events?tag=Aleppo")
    shown = [int(i.split("-")[1]) for i in page.locator('tr[id^="event-"]').evaluate_all("rows => rows.map(r => r.id)")]
    with page.expect_download() as download:
        page.locator("p.downloads a", has_text="CSV").click()
    saved = tmp_path / "events.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [int(r["event_id"]) for r in rows] == shown

    # The map shows a point at Aleppo, on a base map drawn from the bundled outline.
    page.goto(base + "/map")
    assert page.locator("svg path.land").count() > 100
    aleppo = page.locator('a[href="/places/170063"] circle')
    assert aleppo.count() == 1 and aleppo.is_visible()
    assert abs(float(aleppo.get_attribute("data-lat")) - 36.2) < 0.1
    assert abs(float(aleppo.get_attribute("data-lon")) - 37.16) < 0.1
    shot(page, "6-map")


def test_api_docs_render_offline(server, page):
    base, _ = server
    page.goto(base + "/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 12
    assert "newsevents" in page.locator(".info .title").inner_text()
    shot(page, "9-api-docs")


def test_year_view_actor_timeline_and_phone_width(server, browser):
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base + "/calendar/2016")
    assert page.locator("td.heat a").count() >= 1
    shot(page, "7-year-2016-phone")
    page.goto(base + "/actors/RUS")
    assert page.locator("figure.chart svg polyline").count() >= 1
    # Nothing wider than the phone's screen but the tables that scroll.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400 + 20, width
    shot(page, "8-actor-rus-phone")
    context.close()
