"""Fetching pages and feeds over HTTP(S) with httpx, politely.

Timeouts, a size cap, at most a few redirects, a user agent that says who is asking,
robots.txt respected (RFC 9309: a missing robots.txt allows everything, an unreachable one
allows nothing), at most `per_host` requests at a time to any one host, and no private
addresses (loopback, RFC 1918, link-local, ...) unless allowed: `addresses.py`.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import repeat
from typing import Iterable, Iterator
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsevents import __version__
from newsevents.records import Failure, RawDocument
from newsevents.sources.addresses import PrivateAddress, PublicOnlyTransport, refusal

USER_AGENT = f"newsevents/{__version__} (+https://pypi.org/project/newsevents/; political event coding from news)"
TIMEOUT_S = 15.0
MAX_REDIRECTS = 5


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


class _Robots(RobotFileParser):
    # RobotFileParser.read() sets these on some answers; typeshed does not declare them.
    allow_all: bool
    disallow_all: bool


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version of a resource (its ETag and Last-Modified
    headers): sent back in a conditional GET, they get a 304 Not Modified when nothing changed."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request's headers (none when nothing is known of the resource)."""
        return {
            name: value
            for name, value in (("If-None-Match", self.etag), ("If-Modified-Since", self.last_modified))
            if value
        }


@dataclass(frozen=True)
class Answer:
    """A server's answer: its status, the document (None for 304 Not Modified) and its validators."""

    status: int
    document: RawDocument | None
    validators: Validators


@dataclass
class Fetcher:
    """Fetches URLs concurrently, at most `per_host` at a time per host, honouring robots.txt.
    Hosts that are, or resolve to, private addresses are refused unless `allow_private_urls`."""

    max_bytes: int
    timeout: float = TIMEOUT_S
    per_host: int = 2
    workers: int = 8
    respect_robots: bool = True
    allow_private_urls: bool = False

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=self.timeout,
            follow_redirects=False,
            transport=None if self.allow_private_urls else PublicOnlyTransport(),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            },
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_unread: dict[str, str] = {}  # why a site's robots.txt could not be had
        self._next_start: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _host_slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._hosts.setdefault(host, threading.Semaphore(self.per_host))

    def _robots_for(self, url: str) -> RobotFileParser:
        """The site's robots.txt, fetched once per site (callers hold the host's slot)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            site_lock = self._robots_locks.setdefault(root, threading.Lock())
        with site_lock:  # one request for a site's robots.txt, however many pages wait for it
            if root not in self._robots:
                self._robots[root] = self._read_robots(root)
            return self._robots[root]

    def _read_robots(self, root: str) -> RobotFileParser:
        parser = _Robots(root + "/robots.txt")
        try:
            response = self._client.get(root + "/robots.txt")
            if response.status_code >= 500:
                parser.disallow_all = True
                self._robots_unread[root] = f"HTTP {response.status_code}"
            elif response.status_code >= 400:
                parser.allow_all = True
            else:
                parser.parse(response.text.splitlines())
        except httpx.HTTPError as exc:
            parser.disallow_all = True  # unreachable: assume nothing may be fetched (RFC 9309)
            self._robots_unread[root] = f"{exc.__class__.__name__}: {exc}"
        return parser

    def _wait_for_crawl_delay(self, host: str, robots: RobotFileParser) -> None:
        delay = robots.crawl_delay(USER_AGENT)
        if not delay:
            return
        with self._lock:
            start = max(time.monotonic(), self._next_start.get(host, 0.0))
            self._next_start[host] = start + float(delay)
        time.sleep(max(0.0, start - time.monotonic()))

    def _allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        robots = self._robots_for(url)
        self._wait_for_crawl_delay(urlsplit(url).netloc, robots)
        return robots.can_fetch(USER_AGENT, url)

    def fetch(self, url: str, fields: dict | None = None) -> RawDocument | Failure:
        """One URL as a document, or the reason it could not be had.

        Redirects are followed by hand, each hop checked for a private address and against its
        site's robots.txt; the timeout bounds the whole download, not only each read.
        """
        answer = self._get(url, fields, None)
        if isinstance(answer, Failure):
            return answer
        assert answer.document is not None  # only a conditional GET is answered without one
        return answer.document

    def fetch_if_changed(self, url: str, since: Validators) -> Answer | Failure:
        """A conditional GET (If-None-Match, If-Modified-Since from `since`, the validators of the
        last answer): the document with its own validators, or status 304 and no document when
        the server says nothing changed; the reason when there is no usable answer."""
        return self._get(url, None, since)

    def _get(self, url: str, fields: dict | None, since: Validators | None) -> Answer | Failure:
        headers = since.headers() if since is not None else {}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return Failure(url, f"not an http(s) URL: {current}", stage="read")
            after = f" (after a redirect to {current})" if current != url else ""
            if not self.allow_private_urls and (refused := refusal(current)):
                return Failure(url, refused + after, stage="read")
            with self._host_slot(parts.netloc):
                if not self._allowed(current):
                    unread = self._robots_unread.get(f"{parts.scheme}://{parts.netloc}")
                    if unread:
                        return Failure(
                            url,
                            f"cannot fetch the site's robots.txt ({unread}), so nothing may be fetched from it{after}",
                            stage="read",
                        )
                    return Failure(url, f"refused by the site's robots.txt{after}", stage="read")
                outcome = self._download(url, current, headers)
            if isinstance(outcome, str):
                current = outcome  # a redirect: go on from its target
                continue
            if isinstance(outcome, Failure):
                return outcome
            status, body, content_type, answered = outcome
            validators = Validators(answered.get("ETag"), answered.get("Last-Modified"))
            if (
                status == 304 and since is not None and headers
            ):  # nothing new: the validators stay those sent, unless new ones came
                return Answer(
                    304,
                    None,
                    Validators(validators.etag or since.etag, validators.last_modified or since.last_modified),
                )
            document = RawDocument(
                source=url,
                content=body,
                media_type=content_type,
                url=current,
                fields=dict(fields or {}),
                fetched=datetime.now(timezone.utc),
            )
            return Answer(status, document, validators)
        return Failure(url, f"more than {MAX_REDIRECTS} redirects", stage="read")

    def _download(
        self, url: str, current: str, headers: dict[str, str]
    ) -> tuple[int, bytes, str | None, httpx.Headers] | str | Failure:
        """The status, body, content type and headers, the target of a redirect, or a failure.
        With conditional `headers`, a 304 comes back with no body."""
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("GET", current, headers=headers) as response:
                if response.is_redirect and response.headers.get("Location"):
                    return str(response.url.join(response.headers["Location"]))
                if response.status_code == 304 and headers:
                    return 304, b"", None, response.headers
                if response.status_code >= 400:
                    return Failure(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), stage="read")
                body = self._body(response, deadline)
                if body is None:
                    return Failure(url, f"document larger than the {_size(self.max_bytes)} limit", stage="read")
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower() or None
                return response.status_code, body, content_type, response.headers
        except httpx.TimeoutException:
            return Failure(url, f"timed out after {self.timeout:g} s", stage="read")
        except httpx.HTTPError as exc:
            if isinstance(exc.__cause__, PrivateAddress):  # the name resolved to another address since it was vetted
                after = f" (after a redirect to {current})" if current != url else ""
                return Failure(url, f"{exc.__cause__}{after}", stage="read")
            return Failure(url, f"cannot fetch: {exc.__class__.__name__}: {exc}", stage="read")

    def _body(self, response: httpx.Response, deadline: float) -> bytes | None:
        """The response's body, None when it is larger than `max_bytes` (said or found); raises
        ReadTimeout when the `deadline` (a `time.monotonic()`) passes before it ends."""
        if int(response.headers.get("Content-Length") or 0) > self.max_bytes:
            return None
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                return None
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the whole download took too long")
        return bytes(body)

    def fetch_all(self, urls: Iterable[str], fields: Iterable[dict] | None = None) -> Iterator[RawDocument | Failure]:
        """Fetch URLs concurrently; results in the order given, a bounded number in flight.
        `fields`, one dict per URL (a feed item's date), travel with the pages."""
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            pending = []
            for url, carried in zip(urls, fields if fields is not None else repeat({})):
                pending.append(pool.submit(self.fetch, url, carried))
                if len(pending) >= 2 * self.workers:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
