"""The ingest queue: an article the API or the ingest form accepts waits here for a worker
process that runs it through the pipeline and writes it to the store. The request answers at
once (202, with a link to the job), and the server process does none of the coding (spaCy
in a thread of the server would hold its GIL part of the time), so reads are not slowed by it.
Measured on 2 cores, one client reading /api/v1/events, /events and /api/v1/summary in turn
while a 90,000-character article is ingested (median of 3 runs): a read's p95 14 ms idle;
coded in the request 25 ms (worst read 0.2-0.6 s), in a thread of the server 27 ms, in the
worker process 19 ms (worst under 75 ms), and the article itself coded in 4.7 s instead of 7.2.

Jobs live in memory: those waiting (at most MAX_QUEUED: a full queue is a 503), the running
ones, and the last KEEP_FINISHED finished ones, for their status. A restart forgets them
(what they stored is in the store). One job runs at a time; NEWSEVENTS_INGEST_JOBS runs
more, each in a worker process of its own (~0.6 GB with its model).
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Literal

if TYPE_CHECKING:
    from newsevents.scale.workers import LocalWorkers

log = logging.getLogger(__name__)

# Jobs waiting to run: each holds its request body (up to app.MAX_BODY), so 200 MB at most.
MAX_QUEUED = 100
KEEP_FINISHED = 1_000
# What a 503 asks a client to wait: a news article takes seconds to code (90,000 characters: 4 to 10 s on 2 cores).
RETRY_AFTER_SECONDS = 30

Status = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    submitted: datetime
    status: Status = "queued"
    started: datetime | None = None
    finished: datetime | None = None
    result: dict | None = None  # what became of the document (ingest_document)
    error: str | None = None  # why it failed


class QueueFull(Exception):
    """No room for another job (or the server is stopping): try again later."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def ingest_jobs(value: int | None = None) -> int:
    """How many ingest jobs run at a time: `value`, else $NEWSEVENTS_INGEST_JOBS, else 1."""
    text = str(value) if value is not None else os.environ.get("NEWSEVENTS_INGEST_JOBS", "").strip() or "1"
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"NEWSEVENTS_INGEST_JOBS must be a positive whole number, not {text!r}")
    return int(text)


class IngestQueue:
    """Jobs run `run(data)` in the order they were queued, `jobs` at a time, each in a thread of
    its own started with the first job; `run` returns the result or raises (the job failed)."""

    def __init__(
        self, run: Callable[[bytes], dict], *, jobs: int = 1, max_queued: int = MAX_QUEUED, keep: int = KEEP_FINISHED
    ):
        self._run, self.jobs, self.max_queued, self.keep = run, jobs, max_queued, keep
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._waiting: deque[tuple[Job, bytes]] = deque()  # each with its document
        self._jobs: dict[str, Job] = {}  # waiting and running
        self._finished: OrderedDict[str, Job] = OrderedDict()
        self._threads: list[threading.Thread] = []
        self._closed = False

    def submit(self, data: bytes) -> Job:
        """Queue a document; QueueFull when `max_queued` jobs wait already, or once closed."""
        with self._lock:
            if self._closed:
                raise QueueFull("the server is stopping")
            if len(self._waiting) >= self.max_queued:
                raise QueueFull(f"{len(self._waiting)} articles are waiting to be ingested already")
            job = Job(secrets.token_hex(16), _now())
            self._jobs[job.id] = job
            self._waiting.append((job, data))
            while len(self._threads) < self.jobs:
                thread = threading.Thread(target=self._work, name=f"ingest-{len(self._threads) + 1}", daemon=True)
                self._threads.append(thread)
                thread.start()
            self._ready.notify()
            return replace(job)

    def job(self, job_id: str) -> Job | None:
        """A copy of the job as it is now (None when unknown or forgotten)."""
        with self._lock:
            found = self._jobs.get(job_id) or self._finished.get(job_id)
            return replace(found) if found else None

    def close(self) -> None:
        """Fail the jobs still waiting and wait for the running ones to finish."""
        with self._lock:
            self._closed = True
            while self._waiting:
                self._finish(self._waiting.popleft()[0], None, "the server stopped before this job ran")
            self._ready.notify_all()
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                job, data = self._waiting.popleft()
                job.status, job.started = "running", _now()
            try:
                result, error = self._run(data), None
            except Exception as exc:  # the job fails with the reason; the queue goes on
                log.exception("ingest job %s failed", job.id)
                result, error = None, f"the ingest failed: {exc}"
            with self._lock:
                self._finish(job, result, error)

    def _finish(self, job: Job, result: dict | None, error: str | None) -> None:
        if error is None and result is not None and result["failed"] and not result["articles"]:
            error = "the article could not be read"
        job.status, job.finished, job.result, job.error = ("failed" if error else "done"), _now(), result, error
        self._jobs.pop(job.id, None)
        self._finished[job.id] = job
        while len(self._finished) > self.keep:
            self._finished.popitem(last=False)


_stores: dict = {}  # a worker process's store, by URL


def ingest_document(db_url: str, data: bytes) -> dict:
    """Ingest one document (text, HTML, or a JSON object with text/html and its metadata) into
    the store at `db_url` through the pipeline the CLI uses (run in a worker process); what
    became of it, with the events of its articles."""
    from newsevents.ingesting import ingest
    from newsevents.store import Store

    store = _stores.get(db_url)
    if store is None:
        store = _stores[db_url] = Store.open(db_url)
    # Never private addresses, whoever started the server how: a URL sent here is anyone's.
    summary = ingest(["-"], store, stdin=io.BytesIO(data), allow_private_urls=False)
    articles = []
    for article_id in dict.fromkeys(summary.article_ids):
        article = store.article(article_id)
        if article is not None:
            articles.append(
                {
                    "id": article_id,
                    "title": article["title"],
                    "published": article["published"],
                    "event_ids": article["event_ids"],
                }
            )
    return {
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "near_duplicates": summary.near_duplicates,
        "failed": summary.failed,
        "errors": [{"stage": f.stage, "reason": f.reason} for f in summary.failures],
        "articles": articles,
    }


class WorkerIngest:
    """`ingest_document` in worker processes (`size`, started on the first call, each keeping its
    model loaded), so the server process never codes."""

    def __init__(self, db_url: str, size: int = 1):
        self.db_url, self.size = db_url, size
        self._workers: LocalWorkers | None = None
        self._lock = threading.Lock()

    def __call__(self, data: bytes) -> dict:
        from newsevents.scale.workers import LocalWorkers  # imports the pipeline: only once an article comes

        with self._lock:
            if self._workers is None:
                self._workers = LocalWorkers(self.size)
            workers = self._workers
        # A worker that dies (killed, out of memory) fails its job (WorkerLost); the next job starts another.
        return workers.result(workers.submit(ingest_document, self.db_url, data))

    def close(self) -> None:
        with self._lock:
            if self._workers is not None:
                self._workers.close()
                self._workers = None
