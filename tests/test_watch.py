"""`newsevents watch`: feeds, sitemaps and folders polled round after round against a real HTTP
server on 127.0.0.1 whose feeds change between rounds: each item ingested once, conditional GETs
answered 304, a failing source backing off without stopping the others, and a watcher killed or
stopped halfway that loses and duplicates nothing."""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

import pytest
from fastapi.testclient import TestClient

from conftest import ROOT, empty_store, free_port, local_site
from newsevents.store import Store
from newsevents.watch import Watcher, format_duration, parse_duration
from newsevents.web import create_app

# Short stories, each a different event, so that none is a near-duplicate of another.
STORIES = [
    (
        "Afghanistan and Pakistan reopen Torkham crossing",
        "KABUL, June 3, 2024 (Reuters) - Afghan officials met Pakistani envoys in Kabul on Monday and agreed to reopen "
        "the main border crossing, which had been closed for two weeks after clashes between "
        "the two countries' forces.",
        "Traders on both sides had lost millions of dollars while the crossing was shut, officials said.",
    ),
    (
        "Nepal and India sign power trade deal",
        "KATHMANDU, June 4, 2024 (Reuters) - Nepal and India signed an agreement on Tuesday that will let Nepal sell "
        "electricity to its neighbour for the next ten years, the energy ministry in Kathmandu said.",
        "The first exports would begin before the monsoon season, when the rivers produce more power than Nepal uses.",
    ),
    (
        "Kenyan police arrest protesters in Nairobi",
        "NAIROBI, June 5, 2024 (Reuters) - Kenyan police arrested dozens of protesters in central Nairobi on Wednesday "
        "as thousands marched against a proposed increase in fuel taxes, witnesses said.",
        "Opposition leaders accused the government of using force to silence critics of the finance bill.",
    ),
    (
        "Chile recalls ambassador from Venezuela",
        "SANTIAGO, June 6, 2024 (Reuters) - Chile recalled its ambassador from Caracas on Thursday after Venezuela "
        "expelled two Chilean diplomats over what it called interference in its internal affairs.",
        "The foreign ministry in Santiago said it would review its relations with the government of Venezuela.",
    ),
    (
        "Ghana and Togo agree joint border patrols",
        "ACCRA, June 7, 2024 (Reuters) - Ghana and Togo agreed on Friday to mount joint patrols along their border to "
        "stop smugglers and armed groups crossing from the Sahel, the defence ministers of both countries said.",
        "The patrols will start next month and will be reviewed by both governments after a year.",
    ),
    (
        "Philippines protests Chinese coast guard manoeuvres",
        "MANILA, June 8, 2024 (Reuters) - The Philippines lodged a diplomatic protest with China on Saturday after "
        "Chinese coast guard vessels fired water cannon at a Filipino supply boat near a disputed shoal.",
        "Manila said the manoeuvres endangered the lives of its sailors and violated international law.",
    ),
    (
        "Ukraine and Poland hold talks on grain transit",
        "WARSAW, June 9, 2024 (Reuters) - Ukrainian and Polish ministers held talks in Warsaw on Sunday on the transit "
        "of Ukrainian grain across Poland, after farmers blocked border crossings for weeks.",
        "Both sides said they hoped to reach a deal on licences for grain exports before the harvest.",
    ),
    (
        "Senegal frees jailed opposition activists",
        "DAKAR, June 10, 2024 (Reuters) - Senegal's government released more than a hundred "
        "jailed opposition activists "
        "on Monday under an amnesty law passed by parliament to ease political tension before the election.",
        "Rights groups welcomed the releases but called for an inquiry into the deaths of protesters last year.",
    ),
]
# A page that gives no date at all: only what lists it can date it.
UNDATED = (
    "Bhutan opens new border market",
    "Bhutan opened a new market on its southern border with India, where traders from both countries will be "
    "able to sell farm produce and handicrafts without paying duties, the trade ministry said.",
    "Officials from both governments attended the opening and said more markets would follow along the "
    "frontier if the first one proved a success.",
)
RSS = "application/rss+xml"
XML = "application/xml"


def page(story: tuple[str, ...]) -> bytes:
    title, *paragraphs = story
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 03 Jun 2024 08:00:00 +0000</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>http://127.0.0.1/</link><description>News</description>{items}</channel></rss>"
    ).encode()


def news_sitemap(*entries: tuple[str, str]) -> bytes:
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Example</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{day}</news:publication_date><news:title>Story</news:title></news:news></url>"
        for loc, day in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def sitemap_index(*locs: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
        + "</sitemapindex>"
    ).encode()


class Site:
    """A news site whose feeds change between rounds: ETag and Last-Modified on what it serves,
    304 to a conditional GET that matches, and a log of every request with its headers."""

    def __init__(self):
        self.base = ""
        self.files: dict[str, tuple[bytes, str, str, str]] = {}  # path: (body, type, etag, last-modified)
        self.requests: list[tuple[str, dict]] = []
        self.hold: dict[str, threading.Event] = {}  # paths answered only once their event is set
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def put(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        etag: bool = True,
        modified: datetime | None = None,
    ) -> None:
        """Serve `body` at `path`, with an ETag (unless told not to) and a Last-Modified."""
        tag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"' if etag else ""
        when = format_datetime(modified or datetime.now(timezone.utc), usegmt=True)
        with self._lock:
            self.files[path] = (body, content_type, tag, when)

    def fail(self, path: str, status: int = 500) -> None:
        with self._lock:
            self.files[path] = (b"<html><body>Server error</body></html>", f"status:{status}", "", "")

    def asked(self, path: str) -> list[dict]:
        """The headers of each request for `path`, in order."""
        with self._lock:
            return [headers for p, headers in self.requests if p == path]

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.requests.append((path, dict(handler.headers)))
            found = self.files.get(path)
        if path in self.hold:
            self.hold[path].wait(30)
        if path == "/robots.txt":
            return self._send(handler, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        if found is None:
            return self._send(handler, 404, b"<html><body>Not found</body></html>", "text/html")
        body, content_type, etag, modified = found
        if content_type.startswith("status:"):
            return self._send(handler, int(content_type[7:]), body, "text/html")
        validators = [("ETag", etag)] if etag else []
        validators.append(("Last-Modified", modified))
        if_none_match, if_modified_since = (
            handler.headers.get("If-None-Match"),
            handler.headers.get("If-Modified-Since"),
        )
        if if_none_match and etag:  # RFC 9110: the ETag decides when there is one
            unchanged = if_none_match == etag
        else:
            unchanged = if_modified_since == modified
        if unchanged:
            return self._send(handler, 304, b"", None, validators)
        self._send(handler, 200, body, content_type, validators)

    @staticmethod
    def _send(handler, status: int, body: bytes, content_type: str | None, headers=()) -> None:
        try:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            if status != 304:
                handler.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a killed watcher)


@pytest.fixture
def site():
    site = Site()
    with local_site(site.respond) as base:
        site.base = base
        for number, story in enumerate(STORIES):
            site.put(f"/story/{number}.html", page(story))
        site.put("/undated.html", page(UNDATED))
        try:
            yield site
        finally:
            for event in site.hold.values():
                event.set()


@pytest.fixture
def store_url(backend, tmp_path):
    with empty_store(backend, tmp_path) as url:
        yield url


def story_urls(site: Site, numbers) -> list[str]:
    return [site.url(f"/story/{n}.html") for n in numbers]


def watch(store, sources, every: float = 1.0) -> tuple[Watcher, list[str]]:
    lines: list[str] = []
    return Watcher(sources, store, every=every, report=lines.append, allow_private_urls=True, coder="rules"), lines


def line_of(lines: list[str], source: str) -> str:
    """The first line about a source."""
    return next(line for line in lines if line.startswith((source + " (", source + ":")))


def state_of(store, source: str) -> dict:
    [found] = [s for s in store.watched_sources() if s["source"] == source]
    return found


def articles(store) -> list[dict]:
    return store.articles(limit=1000)


# -- feeds ---------------------------------------------------------------------------------------


def test_two_rounds_over_a_changing_feed_ingest_each_new_item_once(site, store_url):
    feed = site.url("/feed.xml")
    site.put("/feed.xml", rss(*story_urls(site, [0, 1])), RSS)
    with Store.open(store_url) as store:
        watcher, lines = watch(store, [feed])
        first = watcher.run_round()
        site.put("/feed.xml", rss(*story_urls(site, [2, 0, 1])), RSS)  # a new item on top
        second = watcher.run_round()

        assert [(s.new, s.ingested, s.duplicates, s.failed) for s in first.sources + second.sources] == [
            (2, 2, 0, 0),
            (1, 1, 0, 0),
        ]
        stored = articles(store)
        assert sorted(a["url"] for a in stored) == sorted(story_urls(site, [0, 1, 2]))
        assert sorted(a["title"] for a in stored) == sorted(STORIES[n][0] for n in (0, 1, 2))
        state = state_of(store, feed)
        assert (state["kind"], state["status"], state["articles"], state["last_articles"], state["failures"]) == (
            "feed",
            200,
            3,
            1,
            0,
        )
        assert state["result"] == "1 new item: 1 ingested, 0 duplicates, 0 failed"
    for path in ("/story/0.html", "/story/1.html", "/story/2.html"):
        assert len(site.asked(path)) == 1, path  # each page fetched once, in the round that found it
    assert line_of(lines, feed) == f"{feed} (feed): 200 OK, 2 new items: 2 ingested, 0 duplicates, 0 failed"
    assert lines[-1].startswith(
        "round 2: 1 source polled (0 not modified, 0 failed, 0 backing off); "
        "1 new item: 1 ingested, 0 duplicates, 0 failed; "
    )


def test_atom_and_json_feeds_are_watched_too(site, store_url):
    atom, json_feed = site.url("/atom.xml"), site.url("/feed.json")
    site.put(
        "/atom.xml",
        (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Example</title><id>urn:example</id><updated>2024-06-05T08:00:00Z</updated>"
            f'<entry><title>Protests</title><link href="{site.url("/story/2.html")}"/><id>urn:2</id>'
            "<updated>2024-06-05T08:00:00Z</updated></entry></feed>"
        ).encode(),
        "application/atom+xml",
    )
    site.put(
        "/feed.json",
        (
            '{"version": "https://jsonfeed.org/version/1.1", "title": "Example", "items": ['
            f'{{"id": "3", "url": "{site.url("/story/3.html")}", "date_published": "2024-06-06T08:00:00Z"}}'
            "]}"
        ).encode(),
        "application/feed+json",
    )
    with Store.open(store_url) as store:
        watcher, _ = watch(store, [atom, json_feed])
        first, second = watcher.run_round(), watcher.run_round()
        assert [(s.kind, s.ingested) for s in first.sources] == [("feed", 1), ("feed", 1)]
        assert [s.status for s in second.sources] == [304, 304]
        assert sorted(a["title"] for a in articles(store)) == sorted(STORIES[n][0] for n in (2, 3))


def test_an_unchanged_feed_is_asked_conditionally_and_answers_304(site, store_url):
    both, dated = site.url("/feed.xml"), site.url("/dated.xml")
    site.put("/feed.xml", rss(*story_urls(site, [0])), RSS)
    site.put(
        "/dated.xml",
        rss(*story_urls(site, [1])),
        RSS,
        etag=False,
        modified=datetime(2024, 6, 4, 8, 0, tzinfo=timezone.utc),
    )
    with Store.open(store_url) as store:
        watcher, lines = watch(store, [both, dated])
        watcher.run_round()
        lines.clear()
        again = watcher.run_round()
        assert [(s.status, s.new) for s in again.sources] == [(304, 0), (304, 0)]
        assert state_of(store, both)["status"] == 304 and state_of(store, both)["result"] == "not modified"
        assert len(articles(store)) == 2
    first, second = site.asked("/feed.xml")
    assert "If-None-Match" not in first and "If-Modified-Since" not in first
    etag, modified = site.files["/feed.xml"][2:]
    assert (second["If-None-Match"], second["If-Modified-Since"]) == (etag, modified)
    _, conditional = site.asked("/dated.xml")  # a server that gives no ETag: its date is sent back
    assert conditional["If-Modified-Since"] == "Tue, 04 Jun 2024 08:00:00 GMT" and "If-None-Match" not in conditional
    assert lines[0] == f"{both} (feed): 304 not modified"
    assert lines[-1].startswith("round 2: 2 sources polled (2 not modified, 0 failed, 0 backing off); 0 new items")
    assert len(site.asked("/story/0.html")) == 1


def test_a_failing_source_backs_off_and_never_stops_the_others(site, store_url):
    good, broken = site.url("/feed.xml"), site.url("/broken.xml")
    dead = f"http://127.0.0.1:{free_port()}/feed.xml"  # nothing listens there: connection refused
    site.put("/feed.xml", rss(*story_urls(site, [0])), RSS)
    site.fail("/broken.xml")
    with Store.open(store_url) as store:
        watcher, lines = watch(store, [broken, dead, good], every=0.25)
        first = watcher.run_round()
        failing, refused, fine = first.sources
        assert (failing.error, failing.failures) == ("HTTP 500 Internal Server Error", 1)
        assert "Connection refused" in refused.error and refused.failures == 1
        assert (fine.error, fine.ingested) == (None, 1)
        state = state_of(store, broken)
        polled, due = (datetime.fromisoformat(state[k]) for k in ("last_poll", "next_poll"))
        # 2^1 times the period (0.5 s) after the poll: the poll written to the second (cut short), the
        # next one rounded up to the second, not sooner.
        assert 1 <= (due - polled).total_seconds() <= 2
        assert (state["failures"], state["result"], state["last_articles"]) == (1, "HTTP 500 Internal Server Error", 0)
        assert line_of(lines, broken).startswith(
            f"{broken}: error: HTTP 500 Internal Server Error; 1 failure in a row, next poll in "
        )

        lines.clear()
        site.put("/feed.xml", rss(*story_urls(site, [1, 0])), RSS)
        second = watcher.run_round()  # at once: the failing sources wait, the good one goes on
        assert [s.waiting for s in second.sources] == [True, True, False]
        assert second.sources[2].ingested == 1
        assert line_of(lines, broken).startswith(f"{broken}: backing off after 1 failure in a row: next poll at ")
        assert len(site.asked("/broken.xml")) == 1

        time.sleep(max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 0.05)
        third = watcher.run_round()
        assert third.sources[0].failures == 2
        state = state_of(store, broken)
        polled, due = (datetime.fromisoformat(state[k]) for k in ("last_poll", "next_poll"))
        assert 1 <= (due - polled).total_seconds() <= 2  # doubled

        site.put("/broken.xml", rss(*story_urls(site, [2])), RSS)  # back on its feet
        time.sleep(max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 0.05)
        fourth = watcher.run_round()
        assert (fourth.sources[0].error, fourth.sources[0].ingested) == (None, 1)
        state = state_of(store, broken)
        assert (state["failures"], state["next_poll"], state["kind"], state["articles"]) == (0, None, "feed", 1)
    assert len(site.asked("/broken.xml")) == 3


def test_a_feed_page_that_cannot_be_fetched_is_tried_again_then_given_up(site, store_url):
    feed = site.url("/feed.xml")
    site.put("/feed.xml", rss(site.url("/gone.html"), *story_urls(site, [0])), RSS)
    with Store.open(store_url) as store:
        watcher, lines = watch(store, [feed])
        rounds = [watcher.run_round() for _ in range(4)]
        assert [(r.sources[0].new, r.sources[0].failed) for r in rounds] == [(2, 1), (1, 1), (1, 1), (0, 0)]
        assert "HTTP 404 Not Found" in lines[0]
        assert [e["reason"] for e in store.errors()] == ["HTTP 404 Not Found"]
        assert len(articles(store)) == 1
    assert len(site.asked("/gone.html")) == 3
    assert len(site.asked("/story/0.html")) == 1


def test_killed_between_storing_and_writing_the_state_the_next_round_stores_nothing_twice(site, store_url, monkeypatch):
    feed = site.url("/feed.xml")
    site.put("/feed.xml", rss(*story_urls(site, [0, 1, 2])), RSS)
    with Store.open(store_url) as store:
        watcher, _ = watch(store, [feed])

        def killed(*args, **kwargs):
            raise KeyboardInterrupt("killed before the state was written")

        with monkeypatch.context() as mp:
            mp.setattr(store, "record_poll", killed)
            with pytest.raises(KeyboardInterrupt):
                watcher.run_round()
        stored = sorted(a["id"] for a in articles(store))
        events = store.counts()["events"]
        assert len(stored) == 3 and state_of(store, feed)["last_poll"] is None

        watcher, _ = watch(store, [feed])
        again = watcher.run_round()
        assert [(s.new, s.ingested, s.duplicates) for s in again.sources] == [(3, 0, 3)]
        assert sorted(a["id"] for a in articles(store)) == stored and store.counts()["events"] == events
        assert watcher.run_round().sources[0].status == 304


# -- sitemaps and folders -----------------------------------------------------------------------


def test_a_news_sitemap_index_is_followed_one_level_with_its_dates(site, store_url):
    index, news, pages = site.url("/sitemap-index.xml"), site.url("/news-sitemap.xml"), site.url("/pages.xml.gz")
    site.put("/sitemap-index.xml", sitemap_index("/news-sitemap.xml", pages), XML)
    site.put("/news-sitemap.xml", news_sitemap((site.url("/undated.html"), "2024-06-11T09:30:00+00:00")), XML)
    site.put(
        "/pages.xml.gz", gzip.compress(news_sitemap((site.url("/story/0.html"), "2024-06-03"))), "application/x-gzip"
    )
    with Store.open(store_url) as store:
        watcher, _ = watch(store, [index])
        first = watcher.run_round()
        assert (first.sources[0].kind, first.sources[0].new, first.sources[0].ingested) == ("sitemap", 2, 2)
        [undated] = [a for a in articles(store) if a["title"] == UNDATED[0]]
        assert (undated["published"], undated["published_from"]) == ("2024-06-11", "feed")  # news:publication_date

        site.put(
            "/news-sitemap.xml",
            news_sitemap(
                (site.url("/undated.html"), "2024-06-11T09:30:00+00:00"), (site.url("/story/3.html"), "2024-06-06")
            ),
            XML,
        )
        second = watcher.run_round()
        assert (second.sources[0].status, second.sources[0].new, second.sources[0].ingested) == (304, 1, 1)
        watched = store.watched_sources()
        assert [(s["source"], s["parent"], s["status"]) for s in watched] == [
            (index, None, 304),
            (news, index, 200),
            (pages, index, 304),
        ]
        assert len(articles(store)) == 3
    assert "If-None-Match" in site.asked("/pages.xml.gz")[1]  # the unchanged sitemap: a 304, no body
    assert len(site.asked("/story/0.html")) == 1 and len(site.asked("/undated.html")) == 1


def test_a_folder_brings_new_and_changed_files_once(tmp_path, store_url):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number in (0, 1):
        (folder / f"{number}.txt").write_text("\n\n".join(STORIES[number]), encoding="utf-8")
    with Store.open(store_url) as store:
        watcher, lines = watch(store, [str(folder)])
        first = watcher.run_round()
        second = watcher.run_round()
        (folder / "2.txt").write_text("\n\n".join(STORIES[2]), encoding="utf-8")
        (folder / "1.txt").write_text(
            "\n\n".join((*STORIES[1], "A correction was added later by the editors.")), encoding="utf-8"
        )
        third = watcher.run_round()
        assert [(r.sources[0].new, r.sources[0].ingested) for r in (first, second, third)] == [(2, 2), (0, 0), (2, 2)]
        assert sorted(a["source"] for a in articles(store)) == sorted(
            str(folder / name) for name in ("0.txt", "1.txt", "1.txt", "2.txt")
        )
        assert state_of(store, str(folder))["articles"] == 4
    assert line_of(lines, str(folder)) == f"{folder} (folder): 2 new items: 2 ingested, 0 duplicates, 0 failed"


# -- the command ------------------------------------------------------------------------------------


def test_watch_once_prints_a_line_per_source_and_a_summary(run_cli, site, tmp_path):
    site.put("/feed.xml", rss(*story_urls(site, [0])), RSS)
    site.fail("/broken.xml", 503)
    db = f"sqlite:///{tmp_path}/w.db"
    result = run_cli(
        "watch",
        site.url("/feed.xml"),
        site.url("/broken.xml"),
        "--once",
        "--every",
        "1m",
        "--db",
        db,
        "--coder",
        "rules",
        "--allow-private-urls",
    )
    assert result.status == 3, result.stderr  # a source failed
    feed_line, broken_line, summary = result.stdout.splitlines()
    assert feed_line == f"{site.url('/feed.xml')} (feed): 200 OK, 1 new item: 1 ingested, 0 duplicates, 0 failed"
    assert broken_line.startswith(
        f"{site.url('/broken.xml')}: error: HTTP 503 Service Unavailable; 1 failure in a row, next poll in 2m (at "
    )
    assert summary.startswith(
        "round 1: 2 sources polled (0 not modified, 1 failed, 0 backing off); 1 new item: "
        "1 ingested, 0 duplicates, 0 failed; "
    )
    again = run_cli(
        "watch",
        site.url("/feed.xml"),
        site.url("/broken.xml"),
        "--once",
        "--db",
        db,
        "--coder",
        "rules",
        "--allow-private-urls",
    )
    assert again.status == 0
    assert "backing off after 1 failure in a row" in again.stdout and "304 not modified" in again.stdout


@pytest.mark.parametrize(
    "source, every, status, message",
    [
        (".", "soon", 2, "--every: not a duration"),
        (".", "0s", 2, "--every: a duration must be more than nothing"),
        ("README.md", "1m", 1, "cannot watch 'README.md' (a file)"),
        ("no/such/folder", "1m", 1, "no such folder"),
    ],
)
def test_watch_refuses_what_it_cannot_watch(run_cli, tmp_path, monkeypatch, source, every, status, message):
    monkeypatch.chdir(ROOT)
    result = run_cli("watch", source, "--every", every, "--once", "--db", f"sqlite:///{tmp_path}/w.db")
    assert result.status == status
    assert message in result.stderr


def test_durations():
    assert [parse_duration(t) for t in ("30s", "15m", "1h", "1h30m", "1d", "0.5s")] == [30, 900, 3600, 5400, 86400, 0.5]
    assert [format_duration(s) for s in (30, 900, 5400, 2 * 86400)] == ["30s", "15m", "1h30m", "2d"]
    with pytest.raises(ValueError):
        parse_duration("15 minutes")


# -- killed and stopped ----------------------------------------------------------------------------


def _watch_process(source: str, db: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsevents",
            "watch",
            source,
            "--db",
            db,
            "--every",
            "1s",
            "--coder",
            "rules",
            "--allow-private-urls",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if "proxy" not in k.lower()}, "PYTHONUNBUFFERED": "1"},
    )


def _watch_once(run_cli, source: str, db: str):
    """The restart: one round of `newsevents watch --once`, in this process (its model is loaded)."""
    done = run_cli("watch", source, "--db", db, "--coder", "rules", "--allow-private-urls", "--once")
    assert done.status == 0, done.stderr
    return done.stdout


def _store_state(url: str) -> tuple[list[str], int, int]:
    with Store.open(url) as store:
        counts = store.counts()
        return sorted(a["id"] for a in articles(store)), counts["events"], counts["articles"]


def _halfway(site: Site, url: str, run: subprocess.Popen) -> None:
    """Wait until the watcher has stored the first three stories and waits for the fourth page."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if site.asked("/story/3.html") and len(_store_state(url)[0]) >= 3:
            return
        time.sleep(0.05)
    raise AssertionError(f"the watcher never got halfway: {run.poll()} {run.stderr.read() if run.poll() else ''}")


@pytest.fixture
def two_stores(backend, tmp_path):
    with empty_store(backend, tmp_path / "clean") as clean, empty_store(backend, tmp_path / "halted") as halted:
        yield clean, halted


def _clean_run(site: Site, url: str, feed: str) -> None:
    """One round in this process, into a store of its own: what the stopped runs must end up with."""
    with Store.open(url) as store:
        assert watch(store, [feed])[0].run_round().sources[0].ingested == 8


def test_a_killed_watcher_restarted_loses_and_duplicates_nothing(site, two_stores, run_cli):
    clean, killed = two_stores
    feed = site.url("/feed.xml")
    site.put("/feed.xml", rss(*story_urls(site, range(8))), RSS)
    _clean_run(site, clean, feed)

    site.hold["/story/3.html"] = threading.Event()  # the fourth page hangs: the round is caught halfway
    run = _watch_process(feed, killed)
    try:
        _halfway(site, killed, run)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        site.hold.pop("/story/3.html").set()
        run.kill()
    assert 3 <= len(_store_state(killed)[0]) < 8

    out = _watch_once(run_cli, feed, killed)
    assert _store_state(killed) == _store_state(clean)
    assert "8 new items" in out  # nothing was written as seen before the kill
    with Store.open(killed) as store:
        assert state_of(store, feed)["articles"] >= 5


def test_sigterm_stops_after_the_current_article_and_a_restart_goes_on(site, two_stores, run_cli):
    clean, stopped = two_stores
    feed = site.url("/feed.xml")
    site.put("/feed.xml", rss(*story_urls(site, range(8))), RSS)
    _clean_run(site, clean, feed)
    asked_before = {n: len(site.asked(f"/story/{n}.html")) for n in range(8)}

    site.hold["/story/3.html"] = threading.Event()
    run = _watch_process(feed, stopped)
    try:
        _halfway(site, stopped, run)
        run.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        site.hold.pop("/story/3.html").set()  # the page it waits for comes: it stops there
        out, err = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == 0, err
    *rounds, last = out.strip().splitlines()
    assert last.startswith("stopped after 1 round: 3 articles ingested, 0 duplicates, 0 failed; ")
    assert "5 left for the next round" in rounds[0] and "stopped before the round was done" in rounds[-1]
    with Store.open(stopped) as store:
        state = state_of(store, feed)
        assert (state["articles"], state["etag"]) == (3, None)  # the feed is read again: items are left

    out = _watch_once(run_cli, feed, stopped)
    assert "5 new items: 5 ingested, 0 duplicates" in out
    assert _store_state(stopped) == _store_state(clean)
    for n in (0, 1, 2):  # what was ingested before the stop is not fetched again
        assert len(site.asked(f"/story/{n}.html")) == asked_before[n] + 1


# -- the web app --------------------------------------------------------------------------------------


def test_the_summary_page_shows_each_watched_source(site, store_url):
    feed = site.url("/feed.xml?<script>alert(1)</script>")
    site.put("/feed.xml?%3Cscript%3Ealert(1)%3C/script%3E", rss(*story_urls(site, [0, 1])), RSS)
    site.fail("/broken.xml")
    with Store.open(store_url) as store:
        watcher, _ = watch(store, [feed, site.url("/broken.xml")])
        watcher.run_round()
    client = TestClient(create_app(store_url))
    response = client.get("/summary")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "2 new items: 2 ingested, 0 duplicates, 0 failed" in response.text
    assert "HTTP 500 Internal Server Error" in response.text and "1 failed poll in a row; next poll at" in response.text
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    summary = client.get("/api/v1/summary").json()
    assert summary["articles"] == 2
    by_source = {s["source"]: s for s in summary["watched"]}
    assert (by_source[feed]["articles"], by_source[feed]["status"], by_source[feed]["kind"]) == (2, 200, "feed")
    assert by_source[site.url("/broken.xml")]["failures"] == 1
