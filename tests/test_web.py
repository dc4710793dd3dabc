"""The web pages and the HTTP API over a store filled from the sample articles (and a story
with a script in it): what each page shows, the links between them, downloads, paging."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from conftest import SAMPLES
from newsevents.ingesting import ingest
from newsevents.store import Store
from newsevents.web import create_app

SCRIPT_STORY = {
    "id": "xss-1",
    "title": "Kenyan police arrest <b>protesters</b>",
    "date": "2016-09-28",
    "text": "NAIROBI (Reuters) - Police arrested 20 protesters in Nairobi on Monday <script>alert(1)</script> said "
    "officials. The protesters had gathered outside parliament to demand lower food prices and the release "
    "of jailed activists.",
}
TOKEN = "test-token-5f2c"
# A scraped page whose tag line has tags with a slash, a question mark and a quote in them.
TAGGED_PAGE = """Inspectors to visit Syrian chemical site

THE HAGUE, March 3, 2018 - Inspectors from the chemical weapons watchdog will visit a site near Damascus \
next week, the organisation said on Saturday.

Tags: UN/OPCW, Who's next?, Syria
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    (folder / "script.jsonl").write_text(json.dumps(SCRIPT_STORY) + "\n", encoding="utf-8")
    (folder / "tagged.txt").write_text(TAGGED_PAGE, encoding="utf-8")
    url = f"sqlite:///{folder}/events.db"
    with Store.open(url) as store:
        summary = ingest([str(SAMPLES), str(folder / "script.jsonl"), str(folder / "tagged.txt")], store)
    assert summary.failed == 0 and summary.stored > 20
    return url


@pytest.fixture(scope="module")
def client(url):
    return TestClient(create_app(url, token=TOKEN))


@pytest.fixture(scope="module")
def store(url):
    with Store.open(url) as opened:
        yield opened


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="event-(\d+)"', page)]


# -- calendar ----------------------------------------------------------------------------------


def test_home_leads_to_the_month_of_the_newest_event(client, store):
    newest = store.events(sort="-date", limit=1)[0].event.date
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    assert response.url.path == f"/calendar/{newest.year}/{newest.month:02d}"


def test_month_view_counts_each_day_with_its_quad_class_mix(client, store):
    page = client.get("/calendar/2016/09").text
    days = {d["date"]: d for d in store.calendar(since="2016-09-01", until="2016-09-30")}
    assert days, "the samples have events in September 2016"
    for day, entry in days.items():
        cell = re.search(rf'<td class="day busy" data-date="{day}">(.*?)</td>', page, re.S)
        assert cell, day
        assert f"{entry['events']} event" in cell.group(1)
        for quad, n in entry["quad_classes"].items():
            assert (f'class="q{quad}"' in cell.group(1)) == (n > 0)
        assert f"/events?since={day}&amp;until={day}" in cell.group(1)
    # 30 days, Monday first: 1 September 2016 was a Thursday.
    assert page.count('class="day') == 30
    assert re.search(
        r'<tr>\s*<td class="other"></td>\s*<td class="other"></td>\s*<td class="other"></td>\s*<td class="day', page
    )
    assert 'href="/calendar/2016/08"' in page and 'href="/calendar/2016/10"' in page and 'href="/calendar/2016"' in page


def test_calendar_takes_the_event_filters(client, store):
    page = client.get("/calendar/2024/03", params={"type": "ASSAULT"}).text
    days = store.calendar(since="2024-03-01", until="2024-03-31", type="ASSAULT")
    assert days, "the samples have assaults in March 2024"
    assert sum(d["events"] for d in days) < sum(
        d["events"] for d in store.calendar(since="2024-03-01", until="2024-03-31")
    )
    for d in days:
        cell = re.search(rf'<td class="day busy" data-date="{d["date"]}">(.*?)</td>', page, re.S)
        assert cell and f"{d['events']} event" in cell.group(1), d  # the assaults of the day, not all its events
        assert f"/events?since={d['date']}&amp;until={d['date']}&amp;type=ASSAULT" in cell.group(1)
    assert 'href="/calendar/2024/04?type=ASSAULT"' in page
    assert "<option selected>ASSAULT</option>" in page


def test_year_view_is_a_heat_map_of_days(client, store):
    page = client.get("/calendar/2016").text
    days = store.calendar(since="2016-01-01", until="2016-12-31")
    busiest = max(days, key=lambda d: d["events"])
    assert f'title="{busiest["date"]}: {busiest["events"]} events"' in page
    assert re.search(rf'<td class="heat h5"><a href="/events\?since={busiest["date"]}', page)
    assert page.count('<td class="heat h') == 366  # a leap year
    assert 'href="/calendar/2016/09"' in page


# -- events ----------------------------------------------------------------------------------


def test_events_list_shows_a_page_and_links_to_the_next(client, store):
    page = client.get("/events", params={"limit": 20}).text
    expected = [s.event_id for s in store.events(limit=20)]
    assert len(expected) == 20 and ids_on(page) == expected
    assert 'rel="next" href="/events?sort=date&amp;limit=20&amp;offset=20"' in page
    second = client.get("/events", params={"limit": 20, "offset": 20}).text
    expected = [s.event_id for s in store.events(limit=20, offset=20)]
    assert expected and ids_on(second) == expected
    assert 'rel="prev"' in second


@pytest.mark.parametrize(
    "params",
    [
        {"type": "ASSAULT"},
        {"actor": "RUS"},
        {"country": "CHL"},
        {"cameo": "17"},
        {"quad": "4"},
        {"quad": "1,2"},
        {"near": "Santiago"},
        {"search": "diplomats"},
        {"tag": "Santiago"},
        {"since": "2021-09", "until": "2021-09"},
        {"sort": "reports"},
        {"sort": "-date"},
        {"place": "3871336"},
    ],
)
def test_events_list_filters_and_sorts_like_the_store(client, store, params):
    page = client.get("/events", params={**params, "limit": 500}).text
    expected = [s.event_id for s in store.events(**params, limit=500)]
    assert expected, f"no stored event matches {params}: the page and the store would agree on nothing"
    assert ids_on(page) == expected


def test_quad_filter_keeps_only_its_classes(store):
    conflict = store.events(quad="3,4")
    assert conflict and all(s.event.quad_class in (3, 4) for s in conflict)
    assert len(conflict) + len(store.events(quad="1,2")) == len(store.events())


def test_sort_by_reports_puts_the_most_reported_first(store):
    counts = [s.num_mentions for s in store.events(sort="reports")]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(
    "params", [{"limit": 7}, {"type": "ASSAULT", "limit": 5, "offset": 2}, {"sort": "-date", "limit": 9}]
)
def test_downloads_hold_exactly_the_events_shown(client, params):
    shown = ids_on(client.get("/events", params=params).text)
    assert shown
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params=params).text)))
    assert [int(r["event_id"]) for r in rows] == shown
    data = client.get("/events.json", params=params)
    assert data.headers["content-disposition"].startswith("attachment")
    assert [e["event_id"] for e in data.json()] == shown
    ics = client.get("/events.ics", params=params).text
    dated = [e for e in data.json() if e["date"]]  # a calendar holds dated events only
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == len(dated)


def test_events_page_links_its_downloads_with_its_own_query(client):
    page = client.get("/events", params={"type": "ASSAULT", "limit": 5, "offset": 2}).text
    assert 'href="/events.csv?type=ASSAULT&amp;limit=5&amp;offset=2&amp;sort=date"' in page


def test_calendar_feed_parses_and_follows_the_filter(client, store):
    from icalendar import Calendar

    response = client.get("/calendar.ics", params={"actor": "RUS", "type": "ASSAULT"})
    assert response.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.text)
    events = [c for c in feed.walk("VEVENT")]
    assert len(events) == len(store.events(actor="RUS", type="ASSAULT"))
    assert events and all(
        "ASSAULT" in str(e.get("categories").to_ical()) or "assault" in str(e.get("summary")).lower() for e in events
    )


# -- event, article, tag, actor, place, map ----------------------------------------------------


def test_event_page_shows_who_what_whom_when_where_and_highlighted_evidence(client, store):
    stored = next(s for s in store.events(type="ASSAULT") if s.event.location and s.event.target)
    e = stored.event
    page = client.get(f"/events/{stored.event_id}").text
    assert f'href="/actors/{e.source.code}"' in page and f'href="/actors/{e.target.code}"' in page
    assert f'href="/places/{e.location.geonameid}"' in page
    assert e.cameo_code in page and escape(e.cameo_label) in page
    assert f"Goldstein {e.goldstein:+.1f}" in page
    report = store.reports(stored.event_id)[0]
    sentence = report["sentence"]
    trigger = sentence[report["trigger"][0] : report["trigger"][1]]
    assert f'<mark class="trigger">{escape(trigger)}</mark>' in page
    if report["source_span"]:
        source = sentence[report["source_span"][0] : report["source_span"][1]]
        assert f'<mark class="source">{escape(source)}</mark>' in page
    assert f'href="/articles/{report["article_id"]}#evidence-{stored.event_id}"' in page


def test_article_page_marks_its_events_and_links_its_tags(client, store):
    article = store.articles(search="Aleppo", limit=1)
    article = store.article(store.articles(limit=1)[0]["id"]) if not article else store.article(article[0]["id"])
    page = client.get(f"/articles/{article['id']}").text
    assert escape(article["title"]) in page
    for event_id in article["event_ids"]:
        assert f'href="/events/{event_id}"' in page
    assert re.search(r'<mark class="evidence" id="evidence-\d+">', page)
    for tag in article["tags"][:5]:
        assert f'href="/tags/{escape(tag["tag"]).replace(" ", "%20")}"' in page or tag["tag"] in page


def test_tag_page_lists_the_tagged_events_and_articles(client, store):
    tag = store.tags(kind="place", limit=1)[0]["tag"]
    page = client.get(f"/tags/{tag}").text
    tagged = {s.event_id for s in store.events(tag=tag, limit=50)}
    assert tagged and set(ids_on(page)) == tagged
    for article in store.articles(tag=tag):
        assert f'href="/articles/{article["id"]}"' in page


def test_actor_page_draws_a_timeline_with_each_partner(client, store):
    found = store.actor("RUS")
    assert found["partners"]
    page = client.get("/actors/RUS").text
    chart = re.search(r'<figure class="chart">(.*?)</figure>', page, re.S).group(1)
    ET.fromstring(chart)
    assert chart.count("<polyline") == len(found["partners"])
    for partner in found["partners"]:
        assert partner["partner"] in chart
    russian = {s.event_id for s in store.events(actor="RUS", limit=50)}
    assert russian and set(ids_on(page)) == russian


def test_place_and_map_pages_draw_points(client, store):
    top = store.places(limit=1)[0]
    page = client.get(f"/places/{top['geonameid']}").text
    assert 'class="point q' in page and f'href="/places/{top["geonameid"]}"' in page
    there = {s.event_id for s in store.events(place=top["geonameid"], limit=50)}
    assert there and set(ids_on(page)) == there
    world = client.get("/map").text
    svg = re.search(r'<figure class="map">(.*?)</figure>', world, re.S).group(1)
    ET.fromstring(svg)
    assert svg.count("<circle") == len(store.map_points())
    assert 'class="land"' in svg
    assert client.get("/map", params={"type": "ASSAULT"}).text.count("<circle") == len(store.map_points(type="ASSAULT"))


def test_index_pages_list_actors_places_tags_and_articles(client, store):
    assert f'href="/actors/{store.actors(limit=1)[0]["code"]}"' in client.get("/actors").text
    assert f'href="/places/{store.places(limit=1)[0]["geonameid"]}"' in client.get("/places").text
    assert "/tags/" in client.get("/tags").text
    assert f'href="/articles/{store.articles(limit=1)[0]["id"]}"' in client.get("/articles").text


# -- the HTTP API ----------------------------------------------------------------------------


def test_api_pages_through_events_with_next_links(client, store):
    first = client.get("/api/v1/events", params={"limit": 10}).json()
    expected = [s.event_id for s in store.events(limit=10)]
    assert len(expected) == 10 and [e["event_id"] for e in first["items"]] == expected
    second = client.get(first["next"]).json()
    expected = [s.event_id for s in store.events(limit=10, offset=10)]
    assert expected and [e["event_id"] for e in second["items"]] == expected
    last = client.get("/api/v1/events", params={"limit": 500}).json()
    assert last["next"] is None


@pytest.mark.parametrize(
    "filters",
    [
        {"type": "assault"},
        {"since": "2021-09", "until": "2021-09"},
        {"actor": "RUS"},
        {"country": "CHL"},
        {"cameo": "17"},
        {"search": "diplomats"},
        {"quad": "3"},
        {"tag": "Santiago"},
        {"sort": "reports"},
    ],
)
def test_api_events_honours_filters(client, store, filters):
    body = client.get("/api/v1/events", params=filters).json()
    expected = [s.event_id for s in store.events(**filters, limit=50)]
    assert expected
    assert [e["event_id"] for e in body["items"]] == expected


def test_api_event_has_its_reports(client, store):
    stored = store.events(limit=1)[0]
    body = client.get(f"/api/v1/events/{stored.event_id}").json()
    assert body["event_id"] == stored.event_id
    assert body["reports"] and body["reports"][0]["sentence"] == stored.event.evidence


def test_api_lists_articles_actors_tags_places_and_calendar(client, store):
    assert client.get("/api/v1/articles", params={"limit": 3}).json()["items"] == store.articles(limit=3)
    article_id = store.articles(limit=1)[0]["id"]
    assert client.get(f"/api/v1/articles/{article_id}").json()["event_ids"] == store.article(article_id)["event_ids"]
    assert client.get("/api/v1/actors", params={"limit": 3}).json()["items"] == store.actors(limit=3)
    assert client.get("/api/v1/actors/RUS").json() == store.actor("RUS")
    assert client.get("/api/v1/tags", params={"kind": "place"}).json()["items"] == store.tags(kind="place", limit=50)
    tag = store.tags(limit=1)[0]["tag"]
    assert client.get(f"/api/v1/tags/{tag}").json()["items"] == store.articles(tag=tag, limit=50)
    assert client.get("/api/v1/places").json()["items"] == store.places(limit=50)
    place = store.places(limit=1)[0]
    assert client.get(f"/api/v1/places/{place['geonameid']}").json()["events"] == place["events"]
    assert client.get("/api/v1/calendar", params={"type": "ASSAULT"}).json()["days"] == store.calendar(type="ASSAULT")
    assert client.get("/api/v1/map").json()["places"] == store.map_points()


def test_api_search_finds_events_and_articles(client, store):
    body = client.get("/api/v1/search", params={"q": "diplomats"}).json()
    assert {e["event_id"] for e in body["events"]} == {s.event_id for s in store.events(search="diplomats", limit=20)}
    assert body["articles"] and body["articles"] == store.articles(search="diplomats", limit=20)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/999999",
        "/api/v1/articles/nope",
        "/api/v1/actors/ZZZ",
        "/api/v1/places/1",
        "/events/999999",
        "/articles/nope",
        "/actors/ZZZ",
        "/places/1",
    ],
)
def test_what_is_not_there_is_a_404_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "no " in response.text


def test_api_docs_work_offline_without_inline_script(client):
    page = client.get("/docs")
    assert page.status_code == 200
    script_src = re.search(r"script-src ([^;]*)", page.headers["content-security-policy"]).group(1)
    assert script_src.strip() == "'self'"
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200, asset
    assert "http" not in " ".join(re.findall(r'src="([^"]+)"', page.text))


def test_openapi_documents_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/actors",
        "/api/v1/actors/{code}",
        "/api/v1/tags",
        "/api/v1/tags/{tag}",
        "/api/v1/places",
        "/api/v1/places/{geonameid}",
        "/api/v1/calendar",
        "/api/v1/search",
        "/api/v1/ingest/{job_id}",
        "/calendar.ics",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/articles"]
    names = {p["name"] for p in paths["/api/v1/events"]["get"]["parameters"]}
    assert {
        "since",
        "until",
        "actor",
        "country",
        "type",
        "cameo",
        "quad",
        "place",
        "near",
        "search",
        "tag",
        "limit",
        "offset",
        "sort",
    } <= names


def test_bench_web_times_the_pages_people_open(run_cli, url):
    result = run_cli("bench", "web", "--db", url, "--repeat", "2")
    assert result.status == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"calendar month", "calendar year", "events list", "event page", "map of a month"} <= figures["pages"].keys()
    for page in figures["pages"].values():
        assert page["server_ms"] > 0 and page["wall_ms"] >= page["server_ms"] and page["bytes"] > 0
    assert figures["goal_met"] is (figures["slowest_goal_page_ms"] < 150)
    assert "goal: calendar, events list and event page" in result.stdout


def test_bench_web_refuses_an_empty_store(run_cli, tmp_path):
    result = run_cli("bench", "web", "--db", f"sqlite:///{tmp_path}/empty.db", "--repeat", "1")
    assert result.status != 0 and "no dated events" in result.stderr


def test_the_pages_and_the_api_work_on_postgresql(postgres_url, tmp_path):
    from conftest import empty_store

    files = [
        str(SAMPLES / name)
        for name in (
            "02-ukraine-shelling-kharkiv.txt",
            "08-baltic-diplomat-expulsions.txt",
            "03-chile-student-protests.txt",
        )
    ]
    with empty_store("postgresql", tmp_path) as pg_url:
        with Store.open(pg_url) as store:
            ingest(files, store)
            events = store.events()
            article = store.articles(limit=1)[0]["id"]
            place = store.places(limit=1)[0]["geonameid"]
            day = next(e.event.date for e in events if e.event.date)
        client = TestClient(create_app(pg_url))
        assert ids_on(client.get("/events", params={"limit": 500}).text) == [e.event_id for e in events]
        for path in (
            f"/calendar/{day.year}/{day.month:02d}",
            f"/calendar/{day.year}",
            f"/events/{events[0].event_id}",
            f"/articles/{article}",
            "/actors/RUS",
            f"/places/{place}",
            "/map",
            "/tags",
            "/actors",
            "/places",
            "/api/v1/events",
            "/api/v1/calendar",
            "/api/v1/actors/RUS",
            "/api/v1/search?q=diplomats",
            "/events.csv",
            "/calendar.ics",
        ):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/v1/events", params={"quad": "9"}).status_code == 400


def test_the_map_zooms_to_a_region_and_refuses_a_bad_box(client):
    page = client.get("/map", params={"bbox": "25,12,63,42", "type": "ASSAULT"}).text
    svg = re.search(r'<figure class="map">(.*?)</figure>', page, re.S).group(1)
    assert 'viewBox="205.000 48.000 38.000 30.000"' in svg
    assert 'href="/map?type=ASSAULT&amp;bbox=-25%2C34%2C45%2C72">Europe' in page
    assert '<input type="hidden" name="bbox" value="25,12,63,42">' in page
    for bad in ("1,2,3", "a,b,c,d", "10,0,5,5", "0,-100,10,10", "nan,0,1,1"):
        response = client.get("/map", params={"bbox": bad})
        assert response.status_code == 400, bad
        assert "bbox" in response.text


def test_events_dated_only_to_a_month_or_year_are_not_put_on_its_first_day(client, store):
    months = store.calendar(precision="month")
    years = store.calendar(precision="year")
    assert months and years, "the samples have events dated only to a month ('last month') and to a year"
    assert all(len(m["date"]) == 7 for m in months) and all(len(y["date"]) == 4 for y in years)
    day_total = sum(d["events"] for d in store.calendar())
    assert day_total + sum(m["events"] for m in months) + sum(y["events"] for y in years) == len(
        [e for e in store.events() if e.event.date]
    )
    month = months[0]
    year, number = month["date"].split("-")
    page = client.get(f"/calendar/{year}/{number}").text
    assert f"And {month['events']} event" in page and "dated only to" in page
    first = store.calendar(since=f"{month['date']}-01", until=f"{month['date']}-01")
    cell = re.search(rf'data-date="{month["date"]}-01">(.*?)</td>', page, re.S).group(1)
    if first:
        assert f'<span class="count">{first[0]["events"]} event' in cell
    else:
        assert 'class="count"' not in cell
    assert client.get("/api/v1/calendar", params={"precision": "month"}).json()["days"] == months
    assert client.get("/api/v1/calendar", params={"precision": "week"}).status_code == 400


@pytest.mark.parametrize("tag", ["UN/OPCW", "Who's next?"])
def test_tags_with_slashes_and_question_marks_have_working_links(client, store, tag):
    article = store.articles(tag=tag)
    assert article, f"the tagged page must carry the tag {tag!r}"
    page = client.get(f"/articles/{article[0]['id']}").text
    link = re.search(r'<a class="tag[^"]*" href="(/tags/[^"]+)">' + re.escape(str(escape(tag))) + "</a>", page).group(1)
    tagged = client.get(link.replace("&amp;", "&").replace("&#39;", "'"))
    assert tagged.status_code == 200
    assert f'href="/articles/{article[0]["id"]}"' in tagged.text
    api = client.get("/api/v1/tags/" + link.split("/tags/", 1)[1].replace("&#39;", "'")).json()
    assert [a["id"] for a in api["items"]] == [a["id"] for a in article]


def test_the_cli_takes_the_same_new_filters(run_cli, url, store):
    result = run_cli("events", "--db", url, "--quad", "3,4", "--sort", "reports", "--format", "jsonl")
    assert result.status == 0, result.stderr
    conflict = [s.event_id for s in store.events(quad="3,4", sort="reports")]
    assert conflict and [e["event_id"] for e in result.jsonl()] == conflict
    place = store.places(limit=1)[0]["geonameid"]
    exported = run_cli("export", "--db", url, "--format", "jsonl", "--out", "-", "--place", str(place), "--sort=-date")
    there = [s.event_id for s in store.events(place=place, sort="-date")]
    assert there and [e["event_id"] for e in exported.jsonl()] == there
    assert run_cli("events", "--db", url, "--quad", "9").status != 0
