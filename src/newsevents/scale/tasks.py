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


def extract_items(items: Iterable[RawDocument | Failure | Skipped]) -> list[Extracted]:
    """Extract each document; failures and skipped records pass through, in order."""
    out: list[Extracted] = []
    for item in items:
        if isinstance(item, RawDocument):
            item = extract(item)
        out.append((item, to_bytes(minhash(item.text)) if isinstance(item, Article) else None))
    return out


def read_and_extract(follow: bool, pieces: list) -> list[Extracted]:
    """Documents, or Parts of the sources to read here first, extracted in order."""
    out: list[Extracted] = []
    for piece in pieces:
        out.extend(extract_items(read_part(piece, follow=follow) if isinstance(piece, Part) else [piece]))
    return out


def code_articles(options: dict, articles: list[Article]) -> list[CodedArticle]:
    return pipeline_for(options).code_articles(articles)
