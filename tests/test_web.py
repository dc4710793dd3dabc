"""The web page and the HTTP API over a store filled from the samples."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from conftest import SAMPLES
from newsevents.ingest import ingest
from newsevents.store import Store
from newsevents.web import create_app

SCRIPT_STORY = {
    "id": "xss-1", "title": "Kenyan police arrest protesters", "date": "2016-09-28",
    "text": "NAIROBI (Reuters) - Police arrested 20 protesters in Nairobi on Monday <script>alert(1)</script> said "
            "officials. The protesters had gathered outside parliament to demand lower food prices and the release "
            "of jailed activists.",
}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    (folder / "script.jsonl").write_text(json.dumps(SCRIPT_STORY) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder}/events.db"
    with Store.open(url) as store:
        summary = ingest([str(SAMPLES / "02-ukraine-shelling-kharkiv.txt"), str(SAMPLES / "08-baltic-diplomat-expulsions.txt"),
                          str(SAMPLES / "03-chile-student-protests.txt"), str(folder / "script.jsonl")], store)
    assert summary.failed == 0 and summary.stored == 4
    return url


@pytest.fixture(scope="module")
def client(url):
    return TestClient(create_app(url))


@pytest.fixture(scope="module")
def script_events(url):
    with Store.open(url) as store:
        events = store.events(search="<script>")
    assert events, "the story with a <script> tag must yield an event for the escaping test to mean anything"
    return events


def test_events_page_lists_the_events(client, url):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with Store.open(url) as store:
        events = store.events()
    assert events
    for stored in events:
        assert f'id="event-{stored.event_id}"' in response.text
    assert str(escape(events[0].event.evidence)) in response.text


def test_pages_carry_a_content_security_policy(client):
    for path in ("/", "/api/v1/events"):
        policy = client.get(path).headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_script_in_an_article_is_escaped_on_the_page(client, script_events):
    page = client.get("/").text
    assert all(f'id="event-{s.event_id}"' in page for s in script_events)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_page_filters_by_type(client, url):
    page = client.get("/", params={"type": "coerce"}).text
    with Store.open(url) as store:
        wanted = {s.event_id for s in store.events(type="COERCE")}
    assert wanted
    assert {int(i) for i in re.findall(r'id="event-(\d+)"', page)} == wanted


def test_page_with_a_bad_filter_says_why(client):
    response = client.get("/", params={"type": "BOMB"})
    assert response.status_code == 400
    assert "PLOVER event type" in response.text


def test_api_events_returns_count_and_events(client, url):
    body = client.get("/api/v1/events").json()
    with Store.open(url) as store:
        total = store.counts()["events"]
    assert body["count"] == len(body["events"]) == total
    assert {"event_id", "evidence", "plover", "cameo", "num_mentions", "article_ids"} <= body["events"][0].keys()


@pytest.mark.parametrize("filters", [
    {"type": "assault"},
    {"since": "2021-09", "until": "2021-09"},
    {"actor": "RUS"},
    {"country": "CHL"},
    {"cameo": "17"},
    {"search": "diplomats"},
    {"limit": 3},
])
def test_api_events_honours_filters(client, url, filters):
    body = client.get("/api/v1/events", params=filters).json()
    with Store.open(url) as store:
        expected = [s.event_id for s in store.events(**filters)]
    assert expected
    assert [e["event_id"] for e in body["events"]] == expected


@pytest.mark.parametrize("filters, words", [
    ({"type": "BOMB"}, "PLOVER event type"),
    ({"since": "notadate"}, "since"),
    ({"country": "Russia"}, "ISO"),
    ({"cameo": "x1"}, "CAMEO"),
])
def test_api_bad_filter_is_400_with_a_json_message(client, filters, words):
    response = client.get("/api/v1/events", params=filters)
    assert response.status_code == 400
    assert words in response.json()["error"]


@pytest.mark.parametrize("limit", ["0", "abc"])
def test_api_bad_limit_is_a_client_error_not_a_crash(client, limit):
    response = client.get("/api/v1/events", params={"limit": limit})
    assert 400 <= response.status_code < 500
    assert response.json()


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/v1/events" in schema["paths"]


def test_openapi_docs_page_can_run_under_its_own_policy(client):
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    inline = [s for s in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.text, re.S) if s.strip()]
    external = re.findall(r"<script[^>]*\bsrc=\"(https?://[^\"]+)\"", response.text)
    assert not inline or "'unsafe-inline'" in script_src or any(s.startswith(("'nonce-", "'sha")) for s in script_src)
    assert all(any(src.startswith(allowed) for allowed in script_src if "://" in allowed) for src in external)
