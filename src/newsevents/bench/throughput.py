"""`newsevents bench throughput`: the full pipeline's speed against bare spaCy on the same texts.

The full pipeline is everything `ingest` does but the store: reading, extraction, parsing,
actors, places and events. Bare spaCy is `nlp.pipe` over the extracted article texts. Both
run in this one process after a warm-up, in alternating rounds, so their ratio shows what
the coder costs (or saves).
"""

from __future__ import annotations

import os
import platform
import statistics
import time

from newsevents.extract import extract
from newsevents.pipeline import Pipeline
from newsevents.records import Article, CodedArticle, RawDocument
from newsevents.sources import read_sources


def run(corpus: str, *, limit: int | None = None, rounds: int = 3, options: dict | None = None) -> dict:
    """Time the full pipeline (with the Pipeline `options`: spaCy model, coder...) and bare spaCy."""
    documents = [d for d in read_sources([corpus]) if isinstance(d, RawDocument)]
    if limit:
        documents = documents[:limit]
    articles = [a for a in (extract(d) for d in documents) if isinstance(a, Article)]
    if not articles:
        raise ValueError(f"no readable articles in {corpus!r}")
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    pipeline = Pipeline(**(options or {}))
    # Warm-up: first calls pay for lazy loading that a long run does not.
    pipeline.code_articles(articles[:2])
    list(pipeline.nlp.pipe(texts[:2]))

    # Rounds alternate the two sides, and each side's median round is reported: on a shared
    # or virtual machine one round of a small corpus is at the mercy of its neighbours.
    full_times, bare_times = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        results = list(pipeline.process(documents))
        full_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts):
            pass
        bare_times.append(time.perf_counter() - started)
    full, bare = statistics.median(full_times), statistics.median(bare_times)
    events = sum(len(r.events) for r in results if isinstance(r, CodedArticle))

    n = len(articles)
    return {
        "benchmark": "throughput",
        "corpus": corpus,
        "articles": n,
        "words": words,
        "events": events,
        "model": pipeline.nlp.meta.get("name", "") and f"{pipeline.nlp.meta['lang']}_{pipeline.nlp.meta['name']}-{pipeline.nlp.meta['version']}",
        "processes": 1,
        "coder": "rules" if pipeline.event_model is None else "rules + learned layer",
        "rounds": rounds,
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "pipeline": {"seconds": round(full, 3), "articles_per_s": round(n / full, 2), "words_per_s": round(words / full, 1)},
        "spacy": {"seconds": round(bare, 3), "articles_per_s": round(n / bare, 2), "words_per_s": round(words / bare, 1)},
        "ratio": round(bare / full, 3),
    }


def describe(result: dict) -> str:
    p, s = result["pipeline"], result["spacy"]
    return (
        f"corpus {result['corpus']}: {result['articles']} articles, {result['words']} words, {result['events']} events\n"
        f"full pipeline : {p['articles_per_s']:8.2f} articles/s {p['words_per_s']:10.1f} words/s ({p['seconds']} s)\n"
        f"bare nlp.pipe : {s['articles_per_s']:8.2f} articles/s {s['words_per_s']:10.1f} words/s ({s['seconds']} s)\n"
        f"ratio (pipeline speed / spaCy speed): {result['ratio']}"
    )
