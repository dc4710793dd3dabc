"""Ingestion: sources -> pipeline -> store, with a running summary.

Extraction runs first and is cheap. An article the store already holds (the same normalised
text) is counted as a duplicate before any parsing, so re-running an ingest costs little and
adds nothing. A near-duplicate (the same wire story on another site, lightly edited) is
stored, linked to the first copy and counted as further reports of its events, but not coded
again.

With one worker everything runs in this process. With more, worker processes (or the
workers of a Dask cluster) extract and code, and this process stays the one writer: it
settles duplicates and near-duplicates in the order the documents were read and writes the
coded articles in that same order, so the store ends up as one process would have left it.
A worker that dies loses nothing: its batch is run again, and a document that kills its
worker every time is recorded as failed with the reason.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator

from newsevents.extract.fingerprint import NearDuplicateIndex, from_bytes
from newsevents.records import Article, CodedArticle, Failure, Skipped
from newsevents.scale import tasks
from newsevents.scale.workers import DaskWorkers, LocalWorkers, Ordered, Workers
from newsevents.sources import Part, read_sources, split_sources
from newsevents.store import ArticlesRefused

# How many recent stories a new article is compared with for near-duplicates: copies of a
# wire story appear within days, and this bounds the index's memory (~1 KB a story).
NEAR_DUPLICATE_WINDOW = 100_000
# Documents per worker task: small enough that a few hundred documents keep every worker
# busy to the end, large enough that sending them costs little beside coding them.
WORKER_BATCH = 8


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_english: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    # The ids of the articles read, stored or found already stored, in order, and what failed:
    # for callers that show what became of a document (the web's ingest form).
    article_ids: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def describe(self) -> str:
        line = (
            f"read {self.read} documents: {self.stored} stored, {self.duplicates} duplicates, "
            f"{self.near_duplicates} near-duplicates (stored as further reports, not coded), "
            f"{self.not_english} not in English (stored, not coded), {self.failed} failed; "
            f"{self.events} events"
        )
        if self.skipped:
            line += f"; {self.skipped} records skipped (not articles)"
        return line


class _Writer:
    """The one writer: settles each extracted document in the order read (failed, duplicate,
    near-duplicate or new) and writes coded articles in the order they were sent to be coded."""

    def __init__(self, store, summary: IngestSummary, on_progress: Callable[[IngestSummary], None] | None):
        self.store, self.summary, self.on_progress = store, summary, on_progress
        self.index = NearDuplicateIndex()
        # Oldest first: of stories as early and as like a new one, the first stored is its original.
        for key, data, published in reversed(store.fingerprints(NEAR_DUPLICATE_WINDOW)):
            self.index.add(key, from_bytes(data), published)
        self.pending: dict[str, Article] = {}  # first copies read but not yet coded and stored, by id
        self.fingerprints: dict[str, bytes] = {}
        self.copies: dict[str, list[tuple[Article, bytes]]] = {}  # near-duplicates waiting for their first copy
        self.waiting_copies: set[str] = set()

    def fail(self, failure: Failure) -> None:
        self.summary.failed += 1
        self.summary.failures.append(failure)
        self.store.add_failure(failure)

    def _store_copy(self, article: Article, original: str, signature: bytes) -> None:
        self.store.add_near_duplicate(article, original, signature)
        self.store.clear_failure(article.source)
        self.summary.article_ids.append(article.id)
        self.summary.near_duplicates += 1

    def settle(self, extracted: list[tasks.Extracted]) -> list[Article]:
        """The new articles among these, to be coded; the rest are settled here."""
        summary, fresh = self.summary, []
        for item, signature_bytes in extracted:
            if isinstance(item, Skipped):
                summary.skipped += 1
                continue
            summary.read += 1
            if isinstance(item, Failure):
                self.fail(item)
            elif item.id in self.pending or item.id in self.waiting_copies or self.store.has_article(item.id):
                summary.duplicates += 1
                summary.article_ids.append(item.id)
            else:
                assert signature_bytes is not None  # an article comes with its signature
                signature = from_bytes(signature_bytes)
                original = self.index.find(signature)
                if original in self.pending:
                    self.copies.setdefault(original, []).append((item, signature_bytes))
                    self.waiting_copies.add(item.id)
                elif original is not None:
                    self._store_copy(item, original, signature_bytes)
                else:
                    self.index.add(item.id, signature, item.published.isoformat() if item.published else None)
                    self.fingerprints[item.id] = signature_bytes
                    self.pending[item.id] = item
                    fresh.append(item)
        if self.on_progress:
            self.on_progress(summary)
        return fresh

    def _add(self, results: list[CodedArticle], batch: list[Article]) -> list[bool | str]:
        """Write the batch in one transaction (Store.add_many): for each article, whether it is
        newly stored, or why the store refused it."""
        items = [(result, self.fingerprints.pop(article.id, None)) for article, result in zip(batch, results)]
        try:
            return self.store.add_many(items)
        except ArticlesRefused as exc:  # a value the store refuses: those articles fail, the rest are stored
            return [exc.refused[i] if added is None else added for i, added in enumerate(exc.added)]

    def record(self, results: list[CodedArticle], batch: list[Article]) -> None:
        summary = self.summary
        answers = self._add(results, batch)
        summary.events += self.store.events_added  # as stored: a report merged into a stored event is not one
        for article, result, added in zip(batch, results, answers):
            self.pending.pop(article.id, None)
            waiting = self.copies.pop(article.id, [])
            if isinstance(added, str):
                for failed in (article, *(copy for copy, _ in waiting)):
                    self.waiting_copies.discard(failed.id)
                    self.fail(Failure(failed.source, f"not stored: {added}", stage="store"))
                continue
            summary.article_ids.append(article.id)
            if added:
                summary.stored += 1
                if result.error:  # kept, uncoded, and listed with the reason
                    self.fail(Failure(article.source, result.error, stage="code"))
                else:
                    self.store.clear_failure(article.source)
                    summary.not_english += not result.coded
            else:
                summary.duplicates += 1
            for copy, signature in waiting:
                self.waiting_copies.discard(copy.id)
                self._store_copy(copy, article.id, signature)
        if self.on_progress:
            self.on_progress(summary)


def ingest(
    sources: Iterable[str],
    store,
    *,
    workers: int | Workers = 1,
    client=None,
    stdin: BinaryIO | None = None,
    follow: bool = False,
    on_progress: Callable[[IngestSummary], None] | None = None,
    batch_size: int | None = None,
    allow_private_urls: bool = False,
    **pipeline_options,
) -> IngestSummary:
    """Read, extract, code and store every document the sources name. `pipeline_options` are
    the Pipeline's (model, actor_files, gazetteer_files, lexicon_files, coder, coder_model).

    `allow_private_urls`: fetch URLs whose hosts are private addresses (127.0.0.1, 10.x, ...) too.
    `workers`: 1 runs everything here; N > 1 extracts and codes in N worker processes started
    for this call; a `LocalWorkers` is used as it is (and left running, for the next call).
    `client`: a `distributed.Client`: the Dask cluster's workers read, extract and code.
    Files and WARC archives are then read by the workers (by path: every worker must see
    the same files, on a shared or copied file system), cut by file and by WARC record
    ranges; standard input and URLs are read here and sent. The store is written here,
    whatever does the work, and ends up as one process would have left it.
    """
    summary = IngestSummary()
    writer = _Writer(store, summary, on_progress)
    if client is None and not isinstance(workers, Workers) and workers <= 1:
        tasks.pipeline_for(pipeline_options)  # built before reading: a model that is not installed shows at once
        # Batches as small as the workers': a run killed loses at most one batch's coding.
        reading = read_sources(sources, stdin=stdin, follow=follow, allow_private_urls=allow_private_urls)
        for batch in _groups(reading, batch_size or WORKER_BATCH):
            if fresh := writer.settle(tasks.extract_items(batch)):
                writer.record(tasks.code_articles(pipeline_options, fresh), fresh)
        return summary
    size = batch_size or WORKER_BATCH
    pool: Workers
    owned: LocalWorkers | None = None  # started here, so closed here
    if client is not None:
        pool = DaskWorkers(client)
        pieces = split_sources(sources, stdin, follow=follow, records=size, allow_private_urls=allow_private_urls)
    else:
        if isinstance(workers, Workers):
            pool = workers
        else:
            pool = owned = LocalWorkers(workers)
            try:
                owned.warm(pipeline_options)  # every worker loads its models at once, and a bad start shows here
            except BaseException:
                owned.close()
                raise
        pieces = read_sources(sources, stdin=stdin, follow=follow, allow_private_urls=allow_private_urls)
    try:
        _run(
            pool,
            _groups(pieces, size),
            writer,
            follow=follow,
            allow_private_urls=allow_private_urls,
            options=pipeline_options,
        )
    finally:
        if owned is not None:
            owned.close()
    return summary


def _groups(pieces: Iterable, size: int) -> Iterator[list]:
    """Pieces in lists of about `size` documents (a WARC range is as many as its records)."""
    group, weight = [], 0
    for piece in pieces:
        group.append(piece)
        weight += piece.size if isinstance(piece, Part) else 1
        if weight >= size:
            yield group
            group, weight = [], 0
    if group:
        yield group


def _lost_document(piece, reason: str) -> list[tasks.Extracted]:
    source = piece.path if isinstance(piece, Part) else piece.source
    return [(Failure(source, f"not extracted: {reason}", stage="extract"), None)]


def _lost_article(article: Article, reason: str) -> list[CodedArticle]:
    return [CodedArticle(article, coded=False, error=f"not coded: {reason}")]


def _run(
    pool: Workers, groups: Iterator[list], writer: _Writer, *, follow: bool, allow_private_urls: bool, options: dict
) -> None:
    """Keep the workers busy: documents go out to be extracted; what comes back is settled in
    order; new articles go out to be coded; coded articles are written in order."""
    runner = Ordered(pool)
    extracting: deque = deque()
    coding: deque = deque()
    # Tasks queued or running: enough that no worker waits; and tasks out at all (done ones
    # waiting for an earlier one to be written), which bounds memory.
    queued, out = 2 * pool.size, 8 * pool.size
    more = True
    while True:
        running = runner.running()
        while more and len(running) < queued and len(extracting) + len(coding) < out:
            group = next(groups, None)
            if group is None:
                more = False
                break
            extracting.append(
                runner.submit(tasks.read_and_extract, (follow, allow_private_urls), group, _lost_document)
            )
            running.append(extracting[-1].future)
        if coding and coding[0].future.done():
            task = coding.popleft()
            writer.record(runner.result(task), task.items)
        elif extracting and extracting[0].future.done():
            if fresh := writer.settle(runner.result(extracting.popleft())):
                coding.append(runner.submit(tasks.code_articles, (options,), fresh, _lost_article))
        elif running:
            pool.wait(running)
        elif not extracting and not coding:
            return
