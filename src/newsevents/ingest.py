"""Ingestion: sources -> pipeline -> store, with a running summary.

Extraction runs first and is cheap. An article the store already holds (the same normalised
text) is counted as a duplicate before any parsing, so re-running an ingest costs little and
adds nothing. A near-duplicate (the same wire story on another site, lightly edited) is
stored, linked to the first copy and counted as further reports of its events, but not coded
again. Coding runs in this process or, with `workers > 1`, in a pool of processes that each
load the model once.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO, Callable, Iterable

from newsevents.extract import extract
from newsevents.extract.fingerprint import NearDuplicateIndex, from_bytes, minhash, to_bytes
from newsevents.pipeline import BATCH_SIZE, Pipeline
from newsevents.records import Article, CodedArticle, Failure, Skipped
from newsevents.sources import read_sources
from newsevents.store import StoreError

# How many recent stories a new article is compared with for near-duplicates: copies of a
# wire story appear within days, and this bounds the index's memory (~1 KB a story).
NEAR_DUPLICATE_WINDOW = 100_000


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
        line = (f"read {self.read} documents: {self.stored} stored, {self.duplicates} duplicates, "
                f"{self.near_duplicates} near-duplicates (stored as further reports, not coded), "
                f"{self.not_english} not in English (stored, not coded), {self.failed} failed; "
                f"{self.events} events")
        if self.skipped:
            line += f"; {self.skipped} records skipped (not articles)"
        return line


_worker_pipeline: Pipeline | None = None


def _init_worker(options: dict) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(**options)


def _code_in_worker(articles: list[Article]) -> list[CodedArticle]:
    return _worker_pipeline.code_articles(articles)


def ingest(sources: Iterable[str], store, *, workers: int = 1, stdin: BinaryIO | None = None,
           follow: bool = False, on_progress: Callable[[IngestSummary], None] | None = None,
           batch_size: int = BATCH_SIZE, **pipeline_options) -> IngestSummary:
    """Read, extract, code and store every document the sources name. `pipeline_options` are
    the Pipeline's (model, actor_files, gazetteer_files, lexicon_files, coder, coder_model)."""
    summary = IngestSummary()
    documents = read_sources(sources, stdin=stdin, follow=follow)
    index = NearDuplicateIndex()
    for key, data in store.fingerprints(NEAR_DUPLICATE_WINDOW):
        index.add(key, from_bytes(data))
    pending: dict[str, Article] = {}  # first copies read but not yet coded and stored, by id
    fingerprints: dict[str, bytes] = {}
    copies: dict[str, list[tuple[Article, bytes]]] = {}  # near-duplicates waiting for their first copy
    waiting_copies: set[str] = set()

    def fail(failure: Failure) -> None:
        summary.failed += 1
        summary.failures.append(failure)
        store.add_failure(failure)

    def store_copy(article: Article, original: str, signature: bytes) -> None:
        store.add_near_duplicate(article, original, signature)
        store.clear_failure(article.source)
        summary.article_ids.append(article.id)
        summary.near_duplicates += 1

    def record(results: list[CodedArticle], batch: list[Article]) -> None:
        for article, result in zip(batch, results):
            pending.pop(article.id, None)
            waiting = copies.pop(article.id, [])
            try:
                added = store.add(result, fingerprints.pop(article.id, None))
            except StoreError as exc:  # a value the store refuses: this article fails, the batch goes on
                for failed in (article, *(copy for copy, _ in waiting)):
                    waiting_copies.discard(failed.id)
                    fail(Failure(failed.source, f"not stored: {exc}", stage="store"))
                continue
            summary.article_ids.append(article.id)
            if added:
                summary.stored += 1
                summary.events += len(result.events)
                if result.error:  # kept, uncoded, and listed with the reason
                    fail(Failure(article.source, result.error, stage="code"))
                else:
                    store.clear_failure(article.source)
                    summary.not_english += not result.coded
            else:
                summary.duplicates += 1
            for copy, signature in waiting:
                waiting_copies.discard(copy.id)
                store_copy(copy, article.id, signature)
        if on_progress:
            on_progress(summary)

    def batches():
        """Batches of new articles to code; failures and copies are settled on the way."""
        while batch := list(islice(documents, batch_size)):
            fresh: list[Article] = []
            for doc in batch:
                if isinstance(doc, Skipped):
                    summary.skipped += 1
                    continue
                summary.read += 1
                item = doc if isinstance(doc, Failure) else extract(doc)
                if isinstance(item, Failure):
                    fail(item)
                elif item.id in pending or item.id in waiting_copies or store.has_article(item.id):
                    summary.duplicates += 1
                    summary.article_ids.append(item.id)
                else:
                    signature = minhash(item.text)
                    original = index.find(signature)
                    if original in pending:
                        copies.setdefault(original, []).append((item, to_bytes(signature)))
                        waiting_copies.add(item.id)
                    elif original is not None:
                        store_copy(item, original, to_bytes(signature))
                    else:
                        index.add(item.id, signature)
                        fingerprints[item.id] = to_bytes(signature)
                        pending[item.id] = item
                        fresh.append(item)
            if on_progress:
                on_progress(summary)
            if fresh:
                yield fresh

    if workers <= 1:
        pipeline = Pipeline(**pipeline_options)
        for fresh in batches():
            record(pipeline.code_articles(fresh), fresh)
        return summary

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(pipeline_options,)) as pool:
        running: list[tuple[Future, list[Article]]] = []
        for fresh in batches():
            running.append((pool.submit(_code_in_worker, fresh), fresh))
            while len(running) >= 2 * workers:  # bounded memory: results are stored as they come
                future, batch = running.pop(0)
                record(future.result(), batch)
        for future, batch in running:
            record(future.result(), batch)
    return summary
