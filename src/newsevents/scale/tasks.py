"""What workers run: read and extract documents, code articles. The same functions run in
local worker processes and on Dask workers; each process builds its Pipeline (spaCy model,
coder, gazetteer) once, on its first task, and keeps it.
"""

from __future__ import annotations

import os
import threading
from typing import Iterable

from newsevents.extract import extract
from newsevents.extract.fingerprint import minhash, to_bytes
from newsevents.limits import DocumentTimeout, limits, time_limit
from newsevents.pipeline import Pipeline
from newsevents.records import Article, CodedArticle, Failure, RawDocument, Skipped
from newsevents.sources import Part, read_part

# An extracted document and, for an article, its MinHash signature (for near-duplicates).
Extracted = tuple[Article | Failure | Skipped, bytes | None]

_pipelines: dict[tuple, Pipeline] = {}
_lock = threading.Lock()  # a Dask worker may run tasks in several threads


def pipeline_for(options: dict) -> Pipeline:
    """This process's Pipeline with these options, built on first use."""
    key = tuple(sorted(options.items()))
    with _lock:
        if key not in _pipelines:
            _pipelines.clear()  # one at a time: each holds a spaCy model
            _pipelines[key] = Pipeline(**options)
        return _pipelines[key]


def warm(options: dict) -> int:
    """Build the Pipeline now (before timed work); the process id, to see who did."""
    pipeline_for(options)
    return os.getpid()


def _extracted(raw: RawDocument) -> Extracted:
    """A document extracted within the time a document may take, or why it was not."""
    try:
        with time_limit(limits().document_seconds):
            item = extract(raw)
            return item, to_bytes(minhash(item.text)) if isinstance(item, Article) else None
    except DocumentTimeout as exc:
        return Failure(raw.source, f"not extracted: {exc}", stage="extract"), None


def extract_items(items: Iterable[RawDocument | Failure | Skipped]) -> list[Extracted]:
    """Extract each document; failures and skipped records pass through, in order."""
    return [_extracted(item) if isinstance(item, RawDocument) else (item, None) for item in items]


def read_and_extract(follow: bool, allow_private_urls: bool, pieces: list) -> list[Extracted]:
    """Documents, or Parts of the sources to read here first, extracted in order."""
    out: list[Extracted] = []
    for piece in pieces:
        if isinstance(piece, Part):
            out.extend(extract_items(read_part(piece, follow=follow, allow_private_urls=allow_private_urls)))
        else:
            out.extend(extract_items([piece]))
    return out


def code_articles(options: dict, articles: list[Article]) -> list[CodedArticle]:
    """Code a batch in the time one document may take; a batch that runs out of it is coded
    again an article at a time, each with that time, and an article that runs out of it
    alone is kept uncoded with the reason."""
    pipeline, seconds = pipeline_for(options), limits().document_seconds
    try:
        with time_limit(seconds):
            return pipeline.code_articles(articles)
    except DocumentTimeout as exc:
        if len(articles) == 1:
            return [CodedArticle(articles[0], coded=False, error=f"not coded: {exc}")]
    return [coded for article in articles for coded in code_articles(options, [article])]
