"""Fetching pages and feeds over HTTP(S) with httpx, politely.

Timeouts, a size cap, at most a few redirects, a user agent that says who is asking,
robots.txt respected (RFC 9309: a missing robots.txt allows everything, an unreachable one
allows nothing), and at most `per_host` requests at a time to any one host.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Iterator
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsevents import __version__
from newsevents.records import Failure, RawDocument

USER_AGENT = f"newsevents/{__version__} (+https://pypi.org/project/newsevents/; political event coding from news)"
TIMEOUT_S = 15.0
MAX_REDIRECTS = 5


@dataclass
class Fetcher:
    """Fetches URLs concurrently, at most `per_host` at a time per host, honouring robots.txt."""

    max_bytes: int
    timeout: float = TIMEOUT_S
    per_host: int = 2
    workers: int = 8
    respect_robots: bool = True

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=self.timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
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

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if root in self._robots:
                return self._robots[root]
        parser = RobotFileParser(root + "/robots.txt")
        try:
            response = self._client.get(root + "/robots.txt")
            if response.status_code >= 500:
                parser.disallow_all = True
            elif response.status_code >= 400:
                parser.allow_all = True
            else:
                parser.parse(response.text.splitlines())
        except httpx.HTTPError:
            parser.disallow_all = True  # unreachable: assume nothing may be fetched (RFC 9309)
        with self._lock:
            self._robots[root] = parser
        return parser

    def _wait_for_crawl_delay(self, host: str, robots: RobotFileParser | None) -> None:
        delay = robots.crawl_delay(USER_AGENT) if robots is not None else None
        if not delay:
            return
        with self._lock:
            start = max(time.monotonic(), self._next_start.get(host, 0.0))
            self._next_start[host] = start + float(delay)
        time.sleep(max(0.0, start - time.monotonic()))

    def fetch(self, url: str) -> RawDocument | Failure:
        """One URL as a document, or the reason it could not be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return Failure(url, "not an http(s) URL", stage="read")
        robots = self._robots_for(url) if self.respect_robots else None
        if robots is not None and not robots.can_fetch(USER_AGENT, url):
            return Failure(url, "refused by the site's robots.txt", stage="read")
        with self._host_slot(parts.netloc):
            self._wait_for_crawl_delay(parts.netloc, robots)
            try:
                with self._client.stream("GET", url) as response:
                    if response.status_code >= 400:
                        return Failure(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), stage="read")
                    declared = int(response.headers.get("Content-Length") or 0)
                    if declared > self.max_bytes:
                        return Failure(url, f"document larger than the {self.max_bytes // (1024 * 1024)} MB limit", stage="read")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            return Failure(url, f"document larger than the {self.max_bytes // (1024 * 1024)} MB limit", stage="read")
                    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower() or None
                    final = str(response.url)
            except httpx.TimeoutException:
                return Failure(url, f"timed out after {self.timeout:g} s", stage="read")
            except httpx.TooManyRedirects:
                return Failure(url, f"more than {MAX_REDIRECTS} redirects", stage="read")
            except httpx.HTTPError as exc:
                return Failure(url, f"cannot fetch: {exc.__class__.__name__}: {exc}", stage="read")
        return RawDocument(source=url, content=bytes(body), media_type=content_type, url=final,
                           fetched=datetime.now(timezone.utc))

    def fetch_all(self, urls: Iterable[str]) -> Iterator[RawDocument | Failure]:
        """Fetch URLs concurrently; results in the order given, a bounded number in flight."""
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            pending = []
            for url in urls:
                pending.append(pool.submit(self.fetch, url))
                if len(pending) >= 2 * self.workers:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
