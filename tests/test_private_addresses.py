"""No fetch of private addresses: a URL in a JSONL line, a feed, a redirect or the web app's ingest
form must not make us fetch from this machine or its network (and store what came back for
anyone to read), unless the operator allows it. Against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import socket
import threading
from ipaddress import ip_address

import pytest
from fastapi.testclient import TestClient

from conftest import local_site
from ingest_jobs import finished_page
from newsevents.records import Failure, RawDocument
from newsevents.sources import addresses, read_sources
from newsevents.sources.web import Fetcher
from newsevents.store import Store
from newsevents.web import create_app

TOKEN = "s3cret-token"
TIMEOUT_S = 2.0
MAX_BYTES = 50_000
TITLE = "Afghanistan and Pakistan reopen Torkham crossing"
PAGE = (
    f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
    "<p>KABUL, June 3, 2024 (Reuters) - Afghan officials met Pakistani envoys in Kabul on Monday and agreed to "
    "reopen the main border crossing, which had been closed for two weeks after clashes between the two "
    "countries' forces.</p><p>Traders on both sides had lost millions of dollars while the crossing was shut, "
    "officials said.</p></article></body></html>"
).encode()
STORY = (
    "NAIROBI, March 4, 2021 (Reuters) - Kenya and Somalia signed an agreement on Thursday to reopen "
    "their shared border, officials said."
)


class Site:
    """Serves the page, and redirects `/to/<url>` to `<url>`; remembers the paths asked for."""

    def __init__(self):
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def respond(self, handler):
        with self.lock:
            self.paths.append(handler.path)
        if handler.path.startswith("/to/"):
            handler.send_response(302)
            handler.send_header("Location", handler.path[len("/to/") :])
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body, status = (PAGE, 200) if handler.path == "/article.html" else (b"", 404)
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def site():
    site = Site()
    with local_site(site.respond) as site.base:
        site.port = int(site.base.rsplit(":", 1)[1])
        yield site


@pytest.fixture
def fetcher():
    with Fetcher(max_bytes=MAX_BYTES, timeout=TIMEOUT_S) as fetcher:
        yield fetcher


def refused(kind: str, named: str) -> str:
    return f"refused: {named} a private address ({kind}); use --allow-private-urls to fetch it"


# -- which addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "RFC 1918"),
        ("172.16.0.1", "RFC 1918"),
        ("192.168.1.1", "RFC 1918"),
        ("169.254.169.254", "the cloud metadata service"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("fd12:3456::1", "unique local"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "RFC 1918"),  # IPv4-mapped
        ("2002:a9fe:a9fe::", "the cloud metadata service"),
        ("64:ff9b::c0a8:101", "RFC 1918"),  # 6to4, NAT64
    ],
)
def test_private_addresses_are_named_by_kind(address, kind):
    assert addresses.private_kind(ip_address(address)) == kind


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_are_not_private(address):
    assert addresses.private_kind(ip_address(address)) is None


# -- refused by default ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host, reason",
    [
        ("127.0.0.1", refused("loopback", "127.0.0.1 is")),
        ("localhost", refused("loopback", "localhost resolves to 127.0.0.1,")),
        ("[::1]", refused("loopback", "::1 is")),
        ("[::ffff:127.0.0.1]", refused("loopback", "::ffff:127.0.0.1 is")),
        ("2130706433", refused("loopback", "2130706433 resolves to 127.0.0.1,")),  # 127.0.0.1 as one number
    ],
)
def test_a_url_on_this_machine_is_refused_and_never_requested(site, fetcher, host, reason):
    result = fetcher.fetch(f"http://{host}:{site.port}/article.html")
    assert isinstance(result, Failure)
    assert (result.reason, result.stage) == (reason, "read")
    assert site.paths == []  # not even robots.txt


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://169.254.169.254/latest/meta-data/", refused("the cloud metadata service", "169.254.169.254 is")),
        ("http://10.0.0.1/admin", refused("RFC 1918", "10.0.0.1 is")),
        ("https://192.168.1.1/", refused("RFC 1918", "192.168.1.1 is")),
        ("http://100.64.0.1/", refused("carrier-grade NAT", "100.64.0.1 is")),
        ("http://0.0.0.0:8799/", refused("unspecified", "0.0.0.0 is")),
        ("http://[fe80::1]/", refused("link-local", "fe80::1 is")),
        ("http://[fd00::1]/", refused("unique local", "fd00::1 is")),
    ],
)
def test_a_url_on_a_private_network_is_refused(fetcher, url, reason):
    assert fetcher.fetch(url) == Failure(url, reason, stage="read")


def test_a_name_is_refused_if_any_of_its_addresses_is_private(fetcher, monkeypatch):
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host != "mixed.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in ("93.184.215.14", "10.0.0.7")]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    result = fetcher.fetch("http://mixed.example/news.html")
    assert result.reason == refused("RFC 1918", "mixed.example resolves to 10.0.0.7,")


def test_a_name_that_resolves_again_to_a_private_address_is_refused_at_the_connection(site, monkeypatch):
    """DNS rebinding: public when vetted, 127.0.0.1 when connected. The connection goes to a
    vetted address only, so the second answer is refused too."""
    real, answers = socket.getaddrinfo, iter(["93.184.215.14"])

    def resolve(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with Fetcher(max_bytes=MAX_BYTES, timeout=TIMEOUT_S, respect_robots=False) as fetcher:
        result = fetcher.fetch(f"http://rebind.example:{site.port}/article.html")
    assert isinstance(result, Failure)
    assert result.reason == refused("loopback", "rebind.example resolves to 127.0.0.1,")
    assert site.paths == []


# -- redirects ---------------------------------------------------------------------------------------


@pytest.fixture
def loopback_taken_for_public(monkeypatch):
    """127.0.0.1 counts as public (the test server stands for a public site); every other private
    address is still refused."""
    real = addresses.private_kind
    monkeypatch.setattr(addresses, "private_kind", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))


@pytest.mark.parametrize(
    "target, reason",
    [
        ("http://169.254.169.254/latest/meta-data/", refused("the cloud metadata service", "169.254.169.254 is")),
        ("http://10.0.0.1/admin", refused("RFC 1918", "10.0.0.1 is")),
        ("http://[::1]:{port}/article.html", refused("loopback", "::1 is")),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(site, fetcher, loopback_taken_for_public, target, reason):
    target = target.format(port=site.port)
    start = f"{site.base}/to/{target}"
    result = fetcher.fetch(start)
    assert result == Failure(start, f"{reason} (after a redirect to {target})", stage="read")
    assert site.paths == ["/robots.txt", f"/to/{target}"]  # the first hop was fetched


def test_a_public_site_is_fetched_through_the_guard(site, fetcher, loopback_taken_for_public):
    doc = fetcher.fetch(f"{site.base}/to/{site.base}/article.html")
    assert isinstance(doc, RawDocument) and doc.content == PAGE


def test_a_redirect_from_a_private_address_is_refused_at_its_first_hop(site, fetcher):
    result = fetcher.fetch(f"{site.base}/to/http://example.com/")
    assert result.reason == refused("loopback", "127.0.0.1 is")
    assert site.paths == []


# -- the ways in -------------------------------------------------------------------------------------


def links(site, *paths: str) -> str:
    return "".join(json.dumps({"url": site.base + path}) + "\n" for path in paths)


def test_a_jsonl_line_with_a_private_url_fails_alone_and_the_batch_goes_on(site):
    data = (links(site, "/article.html") + json.dumps({"text": STORY}) + "\n").encode()
    items = list(read_sources(["-"], stdin=io.BytesIO(data)))
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert failure.reason == refused("loopback", "127.0.0.1 is")
    assert [i.fields["text"] for i in items if isinstance(i, RawDocument)] == [STORY]
    assert site.paths == []


def test_allow_private_urls_fetches_them(site):
    [doc] = read_sources(["-"], stdin=io.BytesIO(links(site, "/article.html").encode()), allow_private_urls=True)
    assert isinstance(doc, RawDocument) and doc.content == PAGE


def test_ingest_refuses_a_private_url_and_stores_nothing_searchable(site, run_cli, tmp_path):
    db = f"sqlite:///{tmp_path}/events.db"
    result = run_cli("ingest", "-", "--db", db, "--quiet", input=links(site, "/article.html"))
    assert result.status == 3, result.stdout + result.stderr
    with Store.open(db) as store:
        assert store.articles(search="Torkham") == []
        [error] = store.errors()
    assert refused("loopback", "127.0.0.1 is") in json.dumps(error)
    assert site.paths == []


def test_ingest_with_allow_private_urls_stores_the_page(site, run_cli, tmp_path):
    db = f"sqlite:///{tmp_path}/events.db"
    result = run_cli("ingest", "-", "--db", db, "--quiet", "--allow-private-urls", input=links(site, "/article.html"))
    assert result.status == 0, result.stdout + result.stderr
    with Store.open(db) as store:
        [stored] = store.articles()
    assert stored["title"] == TITLE


def test_extract_refuses_a_private_url_unless_allowed(site, run_cli):
    refused_run = run_cli("extract", "-", input=links(site, "/article.html"))
    assert refused_run.status == 3
    [line] = refused_run.jsonl()
    assert line["error"] == refused("loopback", "127.0.0.1 is")
    allowed = run_cli("extract", "-", "--allow-private-urls", input=links(site, "/article.html"))
    assert allowed.status == 0
    assert [line["title"] for line in allowed.jsonl()] == [TITLE]


def test_watch_refuses_a_private_feed_unless_allowed(site, run_cli, tmp_path):
    feed = f"{site.base}/feed.xml"
    result = run_cli("watch", feed, "--once", "--db", f"sqlite:///{tmp_path}/refused.db", "--coder", "rules")
    assert result.status == 3
    assert result.stdout.startswith(f"{feed}: error: {refused('loopback', '127.0.0.1 is')}")
    assert site.paths == []
    allowed = run_cli(
        "watch", feed, "--once", "--db", f"sqlite:///{tmp_path}/allowed.db", "--coder", "rules", "--allow-private-urls"
    )
    assert "HTTP 404" in allowed.stdout and "/feed.xml" in site.paths  # asked, this time


def test_the_web_ingest_form_never_fetches_a_private_url(site, tmp_path):
    db = f"sqlite:///{tmp_path}/events.db"
    with Store.open(db):
        pass
    with TestClient(create_app(db, token=TOKEN)) as client:
        page = finished_page(
            client, client.post("/ingest", data={"token": TOKEN, "text": links(site, "/article.html")})
        )
        assert "is a private address (loopback)" in page
        upload = client.post(
            "/ingest",
            data={"token": TOKEN},
            files={"file": ("links.jsonl", links(site, "/article.html").encode(), "application/jsonl")},
        )
        assert "is a private address (loopback)" in finished_page(client, upload)
        assert site.paths == []
        found = client.get("/api/v1/search", params={"q": "Torkham"}).json()
        assert found["articles"] == [] and found["events"] == []
