"""Safety of the web app: untrusted article text is escaped, no page runs inline script, every
filter resists injection, bad parameters are 400s (never 500s), writes need the token, and
bodies and pages are capped. Ingest through the API and the form goes through the pipeline."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from ingest_jobs import finished_page, ingested
from newsevents.ingesting import ingest
from newsevents.store import Store
from newsevents.web import create_app
from newsevents.web.params import FILTERS

TOKEN = "s3cret-token"
HOSTILE = {
    "id": "hostile-1",
    "title": "<script>alert('title')</script> Police arrest protesters",
    "date": "2016-09-28",
    "url": "javascript:alert(1)",
    "text": "NAIROBI (Reuters) - Police arrested 20 protesters in Nairobi on Monday <script>alert(1)</script> "
    'said officials, <img src=x onerror=alert(2)> adding that "the <b>crowd</b>" had gathered outside '
    "parliament. Kenya's government accused opposition leaders of inciting the protest.",
}
PAYLOADS = [
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
    "RUS') OR ('1'='1",
    "1 UNION SELECT * FROM articles",
    "\u202eRUS",
    "x" * 90,
    "ñandú",
    "NULL",
    "-1",
    "9" * 11,
    "2016-13-45",
    "*",
    "RUS%' --",
    "${7*7}",
    "{{7*7}}",
]
PAGES = [
    "/events",
    "/calendar/2016/09",
    "/calendar/2016",
    "/map",
    "/api/v1/events",
    "/api/v1/calendar",
    "/events.csv",
    "/events.json",
    "/calendar.ics",
]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("safety")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder}/events.db"
    with Store.open(url) as store:
        summary = ingest([str(SAMPLES / "08-baltic-diplomat-expulsions.txt"), str(folder / "hostile.jsonl")], store)
    assert summary.stored == 2
    return url


@pytest.fixture(scope="module")
def client(url):
    with TestClient(create_app(url, token=TOKEN), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def hostile(url):
    with Store.open(url) as store:
        found = store.events(search="protesters")
        assert found, "the hostile story must yield events for its pages to be tested"
        return found, store.article(found[0].event.doc_id)


def all_pages(client, hostile):
    events, article = hostile
    paths = [
        "/calendar/2016/09",
        "/calendar/2016",
        "/events",
        "/events?search=protesters",
        "/map",
        "/tags",
        "/actors",
        "/places",
        "/articles",
        "/ingest",
        f"/articles/{article['id']}",
    ]
    paths += [f"/events/{s.event_id}" for s in events]
    paths += [f"/tags/{t['tag']}" for t in article["tags"][:3]]
    return paths


def test_script_in_an_article_never_reaches_a_page_as_markup(client, hostile):
    for path in all_pages(client, hostile):
        page = client.get(path).text
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert "<b>crowd" not in page, path
        assert 'href="javascript:' not in page, path
    article = client.get(f"/articles/{hostile[1]['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article


def test_pages_forbid_inline_script_and_carry_no_inline_code(client, hostile):
    for path in all_pages(client, hostile):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        # No inline script, no event handler attributes, no style attributes (the policy would block them).
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), path
        assert not re.search(r"<[^>]*\son[a-z]+=", response.text), path
        assert not re.search(r"<[^>]*\sstyle=", response.text), path


@pytest.mark.parametrize("name", FILTERS)
def test_injection_in_every_filter_is_answered_not_obeyed(client, url, name):
    with Store.open(url) as store:
        before = store.counts()
    for path in PAGES:
        for payload in PAYLOADS:
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 400), (path, name, payload, response.status_code)
            if response.status_code == 400:
                assert response.text and ("error" in response.text.lower() or "must" in response.text)
            if "text/html" in response.headers["content-type"]:
                assert "<script>alert(1)</script>" not in response.text
    with Store.open(url) as store:
        assert store.counts() == before


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/v1/events", {"limit": "0"}),
        ("/api/v1/events", {"limit": "100000"}),
        ("/api/v1/events", {"limit": "abc"}),
        ("/api/v1/events", {"offset": "-1"}),
        ("/api/v1/events", {"sort": "id; drop"}),
        ("/events", {"limit": "501"}),
        ("/events", {"offset": "x"}),
        ("/api/v1/events", {"type": "BOMB"}),
        ("/api/v1/events", {"since": "yesterday"}),
        ("/api/v1/events", {"country": "Russia"}),
        ("/api/v1/events", {"quad": "5"}),
        ("/api/v1/events", {"place": "Aleppo"}),
        ("/calendar/2016/13", {}),
        ("/calendar/0", {}),
        ("/calendar/abc", {}),
        ("/events/abc", {}),
        ("/events/-3", {}),
        ("/api/v1/events/99999999999999999999999", {}),
        ("/api/v1/tags", {"kind": "nonsense"}),
        ("/api/v1/actors/" + "A" * 40, {}),
        ("/api/v1/search", {}),
        ("/api/v1/search", {"q": "x" * 500}),
        ("/api/v1/articles", {"since": "2016-02-30"}),
        ("/places/abc", {}),
        ("/api/v1/actors/R-S", {}),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 400, (path, params, response.status_code, response.text[:200])
    if path.startswith("/api/"):
        assert response.json()["error"]
    else:
        assert 'class="error"' in response.text


# -- writes ---------------------------------------------------------------------------------

STORY = {
    "title": "Chad and Niger sign border security pact",
    "date": "2021-03-04",
    "text": "N'DJAMENA (Reuters) - Chad and Niger signed a border security agreement in N'Djamena on Thursday, "
    "the two governments said. Chad's foreign minister praised Niger for its cooperation.",
}


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": TOKEN + "x"}, 403),
    ],
)
def test_ingest_api_needs_the_right_token(client, url, headers, status):
    with Store.open(url) as store:
        before = store.counts()
    response = client.post("/api/v1/articles", json=STORY, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]
    with Store.open(url) as store:
        assert store.counts() == before


def test_ingest_is_off_without_a_token_on_the_server(url):
    closed = TestClient(create_app(url, token=""))
    response = closed.post("/api/v1/articles", json=STORY, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403 and "NEWSEVENTS_TOKEN" in response.json()["error"]
    assert "disabled" in closed.get("/ingest").text


def test_the_token_comes_from_the_environment(url, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_TOKEN", "from-env")
    app = TestClient(create_app(url))
    assert app.post("/api/v1/articles", json={}, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert app.post("/api/v1/articles", json={}, headers={"Authorization": "Bearer from-env"}).status_code == 400


def test_ingest_api_codes_and_stores_an_article(client, url):
    job = ingested(client, client.post("/api/v1/articles", json=STORY, headers={"Authorization": f"Bearer {TOKEN}"}))
    assert job["status"] == "done", job
    body = job["result"]
    assert body["stored"] == 1 and len(body["articles"]) == 1
    article = body["articles"][0]
    assert article["published"] == "2021-03-04" and article["event_ids"]
    with Store.open(url) as store:
        events = store.events_by_id(article["event_ids"])
    assert any(e.event.cameo_code == "057" for e in events)  # sign formal agreement
    again = ingested(client, client.post("/api/v1/articles", json=STORY, headers={"Authorization": f"Bearer {TOKEN}"}))[
        "result"
    ]
    assert again["stored"] == 0 and again["duplicates"] == 1 and again["articles"][0]["id"] == article["id"]


@pytest.mark.parametrize(
    "body, status",
    [
        ({}, 400),
        ({"title": "no text"}, 400),
        ({"text": "x", "date": "someday"}, 400),
        ({"text": 5}, 400),
    ],
)
def test_ingest_api_refuses_bad_articles(client, body, status):
    response = client.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status, response.text
    assert response.json()["error"]


def test_ingest_api_refuses_malformed_json(client):
    response = client.post(
        "/api/v1/articles",
        content=b"{not json",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_oversized_bodies_are_refused_declared_or_streamed(url):
    small = TestClient(create_app(url, token=TOKEN, max_body=10_000))
    big = {"text": "Police arrested protesters. " * 1000}
    response = small.post("/api/v1/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413 and "larger than" in response.json()["error"]

    def chunks():
        for _ in range(20):
            yield b"x" * 1000

    streamed = small.post(
        "/api/v1/articles",
        content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413


def test_ingest_form_needs_the_token_and_shows_the_events(client):
    text = (
        "BAMAKO (Reuters) - Mali and Burkina Faso agreed on Tuesday to hold joint patrols along their border, "
        "the two defence ministries said in a statement."
    )
    refused = client.post("/ingest", data={"token": "wrong", "text": text})
    assert refused.status_code == 403 and 'class="error"' in refused.text
    page = finished_page(client, client.post("/ingest", data={"token": TOKEN, "text": text}))
    assert "1 stored" in page and re.search(r'href="/events/\d+"', page)
    upload = client.post(
        "/ingest",
        data={"token": TOKEN},
        files={
            "file": (
                "story.txt",
                b"KAMPALA (Reuters) - Uganda's army arrested 12 opposition supporters in Kampala "
                b"on Friday, police said.",
                "text/plain",
            )
        },
    )
    assert "1 stored" in finished_page(client, upload)
    empty = client.post("/ingest", data={"token": TOKEN, "text": "  "})
    assert empty.status_code == 400


def test_a_broken_upload_is_reported_not_a_crash(client):
    response = client.post(
        "/ingest", data={"token": TOKEN}, files={"file": ("x.bin", b"\x00\xff" * 50, "application/octet-stream")}
    )
    page = finished_page(client, response)
    assert "Failed: the article could not be read" in page and "binary content" in page, page[page.index("<main>") :]


def test_serve_binds_to_loopback_by_default():
    from newsevents.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


@pytest.mark.parametrize("name", ["search", "actor", "tag", "near"])
def test_a_nul_character_in_a_filter_is_a_400(client, name):
    for path in ("/events", "/api/v1/events", "/calendar/2016/09"):
        response = client.get(path, params={name: "Aleppo\x00"})
        assert response.status_code in (200, 400), (path, name)
    response = client.get("/api/v1/events", params={name: "\x00"})
    assert response.status_code == 400


def test_a_nul_in_a_json_article_is_dropped_not_a_failure(client):
    story = {
        **STORY,
        "title": "Chad and Niger\u0000 hold talks",
        "text": STORY["text"].replace("Thursday", "Thursday\u0000"),
    }
    job = ingested(client, client.post("/api/v1/articles", json=story, headers={"Authorization": f"Bearer {TOKEN}"}))
    assert job["result"]["articles"][0]["title"] == "Chad and Niger hold talks"
