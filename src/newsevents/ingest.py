"""Ingestion: sources -> pipeline -> store, with a running summary.

Extraction runs first and is cheap; an article the store already holds is counted as a
duplicate before any parsing, so re-running an ingest costs little and adds nothing.
Coding runs in this process or, with `workers > 1`, in a pool of processes that each load
the model once.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO, Callable, Iterable

from newsevents.extract import extract
from newsevents.pipeline import BATCH_SIZE, Pipeline
from newsevents.records import Article, CodedArticle, Failure
from newsevents.sources import read_sources


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    not_english: int = 0
    failed: int = 0
    events: int = 0

    def describe(self) -> str:
        return (f"read {self.read} documents: {self.stored} stored, {self.duplicates} duplicates, "
                f"{self.not_english} not in English (stored, not coded), {self.failed} failed; "
                f"{self.events} events")


_worker_pipeline: Pipeline | None = None


def _init_worker(model: str | None) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(model=model)


def _code_in_worker(articles: list[Article]) -> list[CodedArticle | Failure]:
    return _worker_pipeline.code_articles(articles)


def ingest(sources: Iterable[str], store, *, workers: int = 1, stdin: BinaryIO | None = None,
           model: str | None = None,
           on_progress: Callable[[IngestSummary], None] | None = None,
           batch_size: int = BATCH_SIZE) -> IngestSummary:
    """Read, extract, code and store every document the sources name."""
    summary = IngestSummary()
    documents = read_sources(sources, stdin=stdin)

    def record(results: list[CodedArticle | Failure]) -> None:
        for result in results:
            if isinstance(result, Failure):
                summary.failed += 1
                store.add_failure(result)
            elif store.add(result):
                store.clear_failure(result.article.source)
                summary.stored += 1
                summary.events += len(result.events)
                summary.not_english += not result.coded
            else:
                summary.duplicates += 1
        if on_progress:
            on_progress(summary)

    def batches():
        """Batches of new articles to code; failures and duplicates are settled on the way."""
        while batch := list(islice(documents, batch_size)):
            fresh: list[Article] = []
            seen: set[str] = set()
            for doc in batch:
                summary.read += 1
                item = doc if isinstance(doc, Failure) else extract(doc)
                if isinstance(item, Failure):
                    record([item])
                elif item.id in seen or store.has_article(item.id):
                    summary.duplicates += 1
                else:
                    seen.add(item.id)
                    fresh.append(item)
            if on_progress:
                on_progress(summary)
            if fresh:
                yield fresh

    if workers <= 1:
        pipeline = Pipeline(model=model)
        for fresh in batches():
            record(pipeline.code_articles(fresh))
        return summary

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,)) as pool:
        pending: list[Future] = []
        for fresh in batches():
            pending.append(pool.submit(_code_in_worker, fresh))
            while len(pending) >= 2 * workers:  # bounded memory: results are stored as they come
                record(pending.pop(0).result())
        for future in pending:
            record(future.result())
    return summary
