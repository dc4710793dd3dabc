"""Fetching URLs, politely: against a real HTTP server on 127.0.0.1 (nothing leaves the machine)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import local_site
from newsevents.extract import extract
from newsevents.records import FEED_ITEM, Article, Failure, RawDocument
from newsevents.sources import read_sources
from newsevents.sources.web import Fetcher
from newsevents.store import Store

TIMEOUT_S = 1.0
MAX_BYTES = 50_000
# Long enough for requests started together to overlap, short enough to keep the tests quick.
PACE_S = 0.2


def page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


ARTICLE_TITLE = "Afghanistan and Pakistan reopen Torkham crossing"
ARTICLE = page(
    ARTICLE_TITLE,
    "KABUL, June 3, 2024 (Reuters) - Afghan officials met Pakistani envoys in Kabul on Monday and agreed to "
    "reopen the main border crossing, which had been closed for two weeks after clashes between the two "
    "countries' forces.",
    "Traders on both sides had lost millions of dollars while the crossing was shut, and hundreds of lorries "
    "were waiting to cross, officials said.",
)
SECOND_TITLE = "Nepal and India sign power trade deal"
SECOND = page(
    SECOND_TITLE,
    "KATHMANDU, June 4, 2024 (Reuters) - Nepal and India signed an agreement on Tuesday that will let Nepal "
    "sell electricity to its neighbour for the next ten years, the energy ministry in Kathmandu said.",
    "Officials said the first exports would begin before the monsoon season, when the country's rivers produce "
    "more power than it can use.",
)
# No date anywhere on the page: only what links to it can date it.
UNDATED_TITLE = "Bhutan opens new border market"
UNDATED = page(
    UNDATED_TITLE,
    "Bhutan opened a new market on its southern border with India, where traders from both countries will be "
    "able to sell farm produce and handicrafts without paying duties, the trade ministry said.",
    "Officials from both governments attended the opening and said more markets would follow along the "
    "frontier if the first one proved a success.",
)


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example News</title>'
        "<link>http://127.0.0.1/</link><description>News</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(title: str, link: str, description: str | None = None, date_822: str | None = None) -> str:
    parts = [f"<title>{title}</title>", f"<link>{link}</link>"]
    parts += [f"<description>{description}</description>"] if description else []
    parts += [f"<pubDate>{date_822}</pubDate>"] if date_822 else []
    return "<item>" + "".join(parts) + "</item>"


@dataclass(frozen=True)
class Answer:
    """One answer of the test site."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    length: bool = True  # send a Content-Length
    delay: float = 0.0  # seconds before answering


class Site:
    """What the test server serves, and what it saw: paths, user agents, requests in flight."""

    def __init__(self):
        self.base = ""
        self.paths: list[str] = []
        self.agents: list[str] = []
        self._lock = threading.Lock()
        self._in_flight = {"pages": 0, "with_robots": 0}
        self.peak = {"pages": 0, "with_robots": 0}

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self._lock:
            self.paths.clear()
            self.agents.clear()
            self.peak = {"pages": 0, "with_robots": 0}

    def _count(self, path: str, step: int) -> None:
        kinds = (
            ["with_robots"] if path == "/robots.txt" else ["pages", "with_robots"] if path.startswith("/paced/") else []
        )
        with self._lock:
            for kind in kinds:
                self._in_flight[kind] += step
                self.peak[kind] = max(self.peak[kind], self._in_flight[kind])

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.paths.append(path)
            self.agents.append(handler.headers.get("User-Agent", ""))
        self._count(path, +1)
        answered = []

        def done() -> None:  # once: before the answer can reach the client, which may then send its next request
            if not answered:
                answered.append(True)
                self._count(path, -1)

        try:
            self._serve(handler, path, done)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher gave up (a timeout, a size cap): nothing to answer
        finally:
            done()

    @cached_property
    def _pages(self) -> dict[str, Answer]:
        """What the site answers at each path (the paced ones under /paced/ are the article, late)."""
        feed = "application/rss+xml"
        huge = b"<html><body>" + b"x" * (4 * MAX_BYTES) + b"</body></html>"
        return {
            "/robots.txt": Answer(
                body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain", delay=PACE_S
            ),
            "/article.html": Answer(body=ARTICLE),
            "/private/page.html": Answer(body=ARTICLE),
            "/second.html": Answer(body=SECOND),
            "/undated.html": Answer(body=UNDATED),
            "/feed.xml": Answer(
                body=rss(
                    item("Torkham to reopen", self.url("/article.html"), "The crossing reopens on Monday."),
                    item("Power deal signed", self.url("/second.html"), "Nepal will sell power to India."),
                ),
                content_type=feed,
            ),
            "/link-only-feed.xml": Answer(
                body=rss(item("Power deal signed", self.url("/second.html"))), content_type=feed
            ),
            "/dated-feed.xml": Answer(
                body=rss(
                    item(
                        "Border market opens",
                        self.url("/undated.html"),
                        "A new market opened.",
                        "Mon, 03 Jun 2024 08:00:00 +0000",
                    )
                ),
                content_type=feed,
            ),
            "/redirect": Answer(302, headers=(("Location", "/article.html"),)),
            "/to-private": Answer(302, headers=(("Location", "/private/page.html"),)),
            "/broken": Answer(500, b"<html><body>Server error</body></html>"),
            "/slow": Answer(body=ARTICLE, delay=3 * TIMEOUT_S),
            "/huge": Answer(body=huge),
            # No Content-Length: the body runs until the connection closes.
            "/huge-unannounced": Answer(body=huge, length=False),
        }

    def _serve(self, handler, path: str, done) -> None:
        if path == "/trickle":  # a byte at a time, each well within the timeout, the whole well beyond it
            done()
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", "8")
            handler.end_headers()
            for _ in range(8):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.3)
            return
        key = "/article.html" if path.startswith("/paced/") else path
        answer = self._pages.get(key, Answer(404, b"<html><body>Not found</body></html>"))
        time.sleep(PACE_S if key != path else answer.delay)
        done()
        handler.send_response(answer.status)
        handler.send_header("Content-Type", answer.content_type)
        if answer.length:
            handler.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(answer.body)


@pytest.fixture(scope="module")
def site():
    site = Site()
    with local_site(site.respond) as site.base:
        yield site


@pytest.fixture(scope="module")
def fetcher(site):
    with Fetcher(max_bytes=MAX_BYTES, timeout=TIMEOUT_S, allow_private_urls=True) as fetcher:
        yield fetcher


def fetch(site, fetcher, path: str, **options) -> list:
    return list(read_sources([site.url(path)], fetcher=fetcher, **options))


def article(document) -> Article:
    result = extract(document)
    assert isinstance(result, Article), result
    return result


# -- pages -----------------------------------------------------------------------------------------


def test_page_url_becomes_a_document(site, fetcher):
    [doc] = fetch(site, fetcher, "/article.html")
    assert isinstance(doc, RawDocument)
    assert (doc.url, doc.media_type, doc.content) == (site.url("/article.html"), "text/html", ARTICLE)
    assert doc.fetched is not None


def test_fetched_page_extracts_as_its_article(site, fetcher):
    [doc] = fetch(site, fetcher, "/article.html")
    result = article(doc)
    assert (result.title, result.url) == (ARTICLE_TITLE, site.url("/article.html"))
    assert (result.published, result.dateline.place) == (date(2024, 6, 3), "KABUL")


def test_redirect_gives_the_final_url(site, fetcher):
    [doc] = fetch(site, fetcher, "/redirect")
    assert (doc.source, doc.url) == (site.url("/redirect"), site.url("/article.html"))
    assert article(doc).url == site.url("/article.html")


@pytest.mark.parametrize(
    "path, reason", [("/missing", "HTTP 404 Not Found"), ("/broken", "HTTP 500 Internal Server Error")]
)
def test_http_error_is_a_failure_with_its_status(site, fetcher, path, reason):
    [failure] = fetch(site, fetcher, path)
    assert isinstance(failure, Failure)
    assert (failure.source, failure.reason) == (site.url(path), reason)


def test_slow_server_times_out(site, fetcher):
    [failure] = fetch(site, fetcher, "/slow")
    assert isinstance(failure, Failure)
    assert failure.reason == "timed out after 1 s"


def test_a_trickling_server_times_out_too(site, fetcher):
    [result] = fetch(site, fetcher, "/trickle")
    assert isinstance(result, Failure) and "timed out" in result.reason


@pytest.mark.parametrize("path", ["/huge", "/huge-unannounced"])
def test_body_over_the_size_cap_is_refused(site, fetcher, path):
    [failure] = fetch(site, fetcher, path)
    assert isinstance(failure, Failure)
    assert "larger than" in failure.reason


def test_size_cap_reason_does_not_call_a_small_limit_zero(site, fetcher):
    [failure] = fetch(site, fetcher, "/huge")
    assert "the 0 MB limit" not in failure.reason


# -- politeness ------------------------------------------------------------------------------------


def test_path_disallowed_by_robots_txt_is_refused_and_never_requested(site, fetcher):
    site.reset()
    [failure] = fetch(site, fetcher, "/private/page.html")
    assert isinstance(failure, Failure)
    assert failure.reason == "refused by the site's robots.txt"
    assert "/private/page.html" not in site.paths


def test_redirect_into_a_disallowed_path_is_refused(site, fetcher):
    site.reset()
    [result] = fetch(site, fetcher, "/to-private")
    assert isinstance(result, Failure) and "robots.txt" in result.reason
    assert "/private/page.html" not in site.paths


def test_user_agent_names_newsevents(site, fetcher):
    site.reset()
    fetch(site, fetcher, "/article.html")
    assert site.agents
    assert all(agent.startswith("newsevents/") for agent in site.agents)


def test_at_most_per_host_requests_are_in_flight(site):
    with Fetcher(max_bytes=MAX_BYTES, timeout=5.0, per_host=2, workers=8, allow_private_urls=True) as paced:
        paced.fetch(site.url("/article.html"))  # robots.txt read before the count starts
        site.reset()
        results = list(paced.fetch_all([site.url(f"/paced/{n}") for n in range(8)]))
    assert all(isinstance(r, RawDocument) for r in results)
    assert site.peak["pages"] <= 2


def test_robots_txt_requests_count_against_the_per_host_limit(site):
    with Fetcher(max_bytes=MAX_BYTES, timeout=5.0, per_host=2, workers=8, allow_private_urls=True) as fresh:
        site.reset()
        list(fresh.fetch_all([site.url(f"/paced/{n}") for n in range(8)]))
    assert site.peak["with_robots"] <= 2


# -- feeds -----------------------------------------------------------------------------------------


def test_feed_url_without_follow_gives_the_items_own_content(site, fetcher):
    site.reset()
    first, second = fetch(site, fetcher, "/feed.xml")
    assert [d.media_type for d in (first, second)] == [FEED_ITEM, FEED_ITEM]
    assert (first.url, first.fields["title"], first.fields["html"]) == (
        site.url("/article.html"),
        "Torkham to reopen",
        "The crossing reopens on Monday.",
    )
    assert second.url == site.url("/second.html")
    assert "/article.html" not in site.paths and "/second.html" not in site.paths


def test_feed_url_with_follow_fetches_and_extracts_the_linked_pages(site, fetcher):
    documents = fetch(site, fetcher, "/feed.xml", follow=True)
    articles = [article(d) for d in documents]
    assert [(a.title, a.url) for a in articles] == [
        (ARTICLE_TITLE, site.url("/article.html")),
        (SECOND_TITLE, site.url("/second.html")),
    ]


def test_follow_fetches_an_item_that_has_only_a_link(site, fetcher):
    [doc] = fetch(site, fetcher, "/link-only-feed.xml", follow=True)
    assert isinstance(doc, RawDocument), doc
    assert article(doc).title == SECOND_TITLE


def test_follow_keeps_the_items_date_for_an_undated_page(site, fetcher):
    [doc] = fetch(site, fetcher, "/dated-feed.xml", follow=True)
    result = article(doc)
    assert (result.title, result.published, result.published_from) == (UNDATED_TITLE, date(2024, 6, 3), "feed")


# -- other ways in ---------------------------------------------------------------------------------


def test_url_is_fetched_without_a_fetcher_given(site):
    [doc] = read_sources([site.url("/article.html")], allow_private_urls=True)
    assert article(doc).title == ARTICLE_TITLE


def test_jsonl_lines_with_only_a_url_are_fetched(site, fetcher, tmp_path):
    path = tmp_path / "links.jsonl"
    path.write_text("".join(json.dumps({"url": site.url(p)}) + "\n" for p in ("/article.html", "/second.html")))
    documents = list(read_sources([str(path)], fetcher=fetcher))
    assert [(d.url, article(d).title) for d in documents] == [
        (site.url("/article.html"), ARTICLE_TITLE),
        (site.url("/second.html"), SECOND_TITLE),
    ]


def test_ingest_of_a_url_stores_the_article(site, run_cli, tmp_path):
    url = f"sqlite:///{tmp_path}/events.db"
    result = run_cli("ingest", site.url("/article.html"), "--db", url, "--quiet", "--allow-private-urls")
    assert result.status == 0, result.stdout + result.stderr
    assert result.stdout.startswith("read 1 documents: 1 stored")
    with Store.open(url) as store:
        [stored] = store.articles()
    assert (stored["title"], stored["url"], stored["dateline_place"]) == (
        ARTICLE_TITLE,
        site.url("/article.html"),
        "KABUL",
    )
