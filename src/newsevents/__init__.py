"""newsevents: turn news into dated, coded, geolocated political event data.

>>> import newsevents
>>> events = newsevents.code("Russian warplanes bombed Aleppo on Tuesday.", date="2016-09-28")
>>> summary = newsevents.ingest(["samples/articles"], "sqlite:///newsevents.db", workers=2)
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["code", "ingest", "__version__"]


def code(text: str, date=None, title: str | None = None, *, doc_id: str = "doc"):
    """Code the events of one text, as `newsevents code` does; returns a list of Event records."""
    from newsevents.pipeline import code_text

    return code_text(text, date=date, title=title, doc_id=doc_id)


def ingest(sources, store="sqlite:///newsevents.db", *, workers: int = 1, client=None, **options):
    """Read, extract, code and store every document the sources name, as `newsevents ingest`
    does; returns the IngestSummary (`describe()` gives its one-line summary).

    `store` is a store URL or an open `Store`; `workers` the processes that extract and code
    (1: all in this process); `client` a `distributed.Client`, whose cluster's workers read,
    extract and code instead (the store is written here). `options` are the rest of
    `newsevents.ingesting.ingest`'s: stdin, follow, allow_private_urls (fetch URLs on private
    addresses such as 127.0.0.1 too), on_progress and the Pipeline's (model, actor_files,
    gazetteer_files, lexicon_files, coder, coder_model)."""
    from newsevents.ingesting import ingest as run
    from newsevents.store import Store

    if isinstance(sources, str):
        sources = [sources]
    if isinstance(store, str):
        with Store.open(store) as opened:
            return run(sources, opened, workers=workers, client=client, **options)
    return run(sources, store, workers=workers, client=client, **options)
