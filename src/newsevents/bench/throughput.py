"""`newsevents bench throughput`: the full pipeline's speed against bare spaCy on the same
texts, and `ingest`'s speed with 1, 2... worker processes or on a Dask cluster.

The full pipeline is everything `ingest` does but the store: reading, extraction, parsing,
actors, places and events. Bare spaCy is `nlp.pipe` over the extracted article texts. Both
run in this one process after a warm-up, in alternating rounds, so their ratio shows what
the coder costs (or saves).

With `workers` (and `dask`), `ingest` itself is timed, store writes included (into a fresh
in-memory SQLite store each round), with workers started and warmed before the clock runs:
a long ingest pays the start once. Every setting must store the same events; the speed-up
is the last worker count's speed over the first's. Beside it, the machine's own capacity:
how much faster the same number of processes doing pure arithmetic finish the same total
work than one process does, timed in the same rounds. A virtual machine whose cores are
shared with its neighbours gives less than its core count, and no program can do better.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

from newsevents.extract import extract
from newsevents.pipeline import Pipeline
from newsevents.records import Article, CodedArticle, RawDocument
from newsevents.sources import read_sources

if TYPE_CHECKING:
    from newsevents.scale import LocalWorkers

DAY = 86_400
SPIN = 3_000_000  # loop steps of the capacity probe (about a third of a second)


def _spin(steps: int = SPIN) -> float:
    """Pure-Python arithmetic: the seconds `steps` steps took here."""
    started = time.perf_counter()
    total = 0
    for i in range(steps):
        total += i * i % 7
    return time.perf_counter() - started


def _capacity(pool, size: int) -> float:
    """How many processes' worth of work `size` processes get done at once, against one alone."""
    alone = _spin()
    started = time.perf_counter()
    futures = [pool.submit(_spin, SPIN) for _ in range(size)]
    for future in futures:
        future.result()
    return size * alone / (time.perf_counter() - started)


def run(
    corpus: str,
    *,
    limit: int | None = None,
    rounds: int = 3,
    options: dict | None = None,
    workers: tuple[int, ...] = (),
    dask: str | None = None,
    stages: bool = False,
) -> dict:
    """Time the full pipeline (with the Pipeline `options`: spaCy model, coder...) and bare
    spaCy; then `ingest` with each number of `workers`, and on the Dask cluster at `dask`
    (an address, or "local" for one of the largest number of workers started here); with
    `stages`, what each stage costs an article."""
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
    result = {
        "benchmark": "throughput",
        "corpus": corpus,
        "articles": n,
        "words": words,
        "events": events,
        "model": pipeline.nlp.meta.get("name", "")
        and f"{pipeline.nlp.meta['lang']}_{pipeline.nlp.meta['name']}-{pipeline.nlp.meta['version']}",
        "processes": 1,
        "coder": "rules" if pipeline.event_model is None else "rules + learned layer",
        "rounds": rounds,
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "pipeline": {
            "seconds": round(full, 3),
            "articles_per_s": round(n / full, 2),
            "words_per_s": round(words / full, 1),
        },
        "spacy": {
            "seconds": round(bare, 3),
            "articles_per_s": round(n / bare, 2),
            "words_per_s": round(words / bare, 1),
        },
        "ratio": round(bare / full, 3),
    }
    if stages:
        result["stages_ms"] = _stage_costs(documents, pipeline, [r for r in results if isinstance(r, CodedArticle)])
    if workers or dask:
        # Files as ingest reads them: the documents' own files when each is one, else the corpus.
        files = [d.source for d in documents]
        specs = files if all(Path(f).is_file() for f in files) else [corpus]
        result.update(_ingest_rounds(specs, rounds, options or {}, workers or (1,), dask))
    return result


def _stage_costs(documents: list[RawDocument], pipeline: Pipeline, coded: list[CodedArticle]) -> dict:
    """Milliseconds per article of each stage, each timed over the whole corpus on its own:
    extract; select (splitting sentences and choosing those worth parsing, the learned
    layer's reading of every sentence included); parse (spaCy, on the chosen sentences);
    geo (places); code (actors, events, the learned layer's decisions); store (SQLite,
    in one transaction per call of 32 articles, as ingest writes)."""
    import tempfile

    from newsevents.coding.lexicon import using
    from newsevents.geo import geoparse_article
    from newsevents.nlp import analyse, selected_stretches
    from newsevents.store import Store

    costs: dict[str, float] = {}

    def timed(name, work):
        started = time.perf_counter()
        value = work()
        costs[name] = time.perf_counter() - started
        return value

    articles = [a for a in timed("extract", lambda: [extract(d) for d in documents]) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    timed("select", lambda: [selected_stretches(t, pipeline._select) for t in texts])
    analysed = timed("parse", lambda: list(analyse(texts, nlp=pipeline.nlp, select=pipeline._select)))
    costs["parse"] -= costs["select"]
    with using(pipeline.lexicon):
        timed(
            "geo",
            lambda: [
                geoparse_article(a, article.dateline, pipeline.gazetteer) for a, article in zip(analysed, articles)
            ],
        )
    timed("code", lambda: [pipeline._code(article.id, a, article) for a, article in zip(analysed, articles)])
    costs["code"] -= costs["geo"]
    with tempfile.TemporaryDirectory() as folder, Store.open(f"sqlite:///{folder}/stages.db") as store:
        timed(
            "store", lambda: [store.add_many([(c, None) for c in coded[i : i + 32]]) for i in range(0, len(coded), 32)]
        )
    n = len(articles)
    return {name: round(1000 * seconds / n, 1) for name, seconds in costs.items()}


def _ingest_rounds(specs: list[str], rounds: int, options: dict, workers: tuple[int, ...], dask: str | None) -> dict:
    """`ingest` timed with each setting, in alternating rounds; the median round of each."""
    import psutil

    from newsevents.scale import DaskWorkers, close_client, dask_client

    pools: dict[str, LocalWorkers] = {}
    client = None
    try:
        settings = _warm_workers(workers, options, pools)
        if dask:
            client = dask_client(dask, max(workers))
            DaskWorkers(client).warm(options)
            settings["dask"] = {"workers": sum(client.nthreads().values()), "scheduler": client.scheduler.address}
        times, capacity = _timed_rounds(specs, rounds, options, settings, pools, client, max(workers))
        # Resident memory of the worker processes here (local workers, or a "local" Dask cluster's).
        rss = [p.memory_info().rss for p in psutil.Process().children(recursive=True)]
    finally:
        for pool in pools.values():
            pool.close()
        if client is not None:
            close_client(client)
    return _ingest_figures(settings, times, capacity, rss, workers, dask)


def _warm_workers(workers: tuple[int, ...], options: dict, pools: dict[str, LocalWorkers]) -> dict[str, dict]:
    """The setting of each worker count, its pool (of more than one process) started into
    `pools` and warmed, or this process warmed for one."""
    from newsevents.scale import LocalWorkers, tasks

    settings: dict[str, dict] = {}
    for count in workers:
        if count > 1:
            pools[str(count)] = LocalWorkers(count)
            pools[str(count)].warm(options)
        else:
            tasks.warm(options)
        settings[str(count)] = {"workers": count}
    return settings


def _timed_rounds(
    specs: list[str],
    rounds: int,
    options: dict,
    settings: dict[str, dict],
    pools: dict[str, LocalWorkers],
    client,
    largest: int,
) -> tuple[dict[str, list[float]], list[float]]:
    """The seconds of each setting's ingest in each round, and, when there are pools, the
    machine's capacity in each round (with the `largest` pool). Each setting keeps what it stored."""
    times: dict[str, list[float]] = {key: [] for key in settings}
    capacity: list[float] = []
    for _ in range(rounds):
        if pools:
            capacity.append(_capacity(pools[str(largest)], largest))
        for key, setting in settings.items():
            kwargs = {"client": client} if key == "dask" else {"workers": pools.get(key, setting["workers"])}
            times[key].append(_ingest_once(specs, options, kwargs, setting))
    return times, capacity


def _ingest_once(specs: list[str], options: dict, kwargs: dict, setting: dict) -> float:
    """The seconds one ingest into a fresh in-memory store took; `setting` gets what it stored."""
    from newsevents.ingesting import ingest
    from newsevents.store import Store

    with Store.open(":memory:") as store:
        started = time.perf_counter()
        summary = ingest(specs, store, **kwargs, **options)
        seconds = time.perf_counter() - started
        setting["articles"] = summary.stored
        setting["events"] = summary.events
        setting["stored"] = _fingerprint(store)
    return seconds


def _ingest_figures(
    settings: dict[str, dict],
    times: dict[str, list[float]],
    capacity: list[float],
    rss: list[int],
    workers: tuple[int, ...],
    dask: str | None,
) -> dict:
    """The median round of each setting, the speed-ups over the first worker count, and
    whether every setting stored the same events."""
    first = settings[str(workers[0])]["stored"]
    out: dict = {"ingest": {}}
    for key, setting in settings.items():
        seconds = statistics.median(times[key])
        rate = setting["articles"] / seconds
        out["ingest"][key] = {
            "workers": setting["workers"],
            "seconds": round(seconds, 3),
            "articles_per_s": round(rate, 2),
            "articles_per_day": round(rate * DAY),
            "articles": setting["articles"],
            "events": setting["events"],
            "same_as_first": setting["stored"] == first,
        }
    base = out["ingest"][str(workers[0])]["articles_per_s"]
    if len(workers) > 1:
        out["speedup"] = round(out["ingest"][str(workers[-1])]["articles_per_s"] / base, 3)
    if dask:
        out["dask_speedup"] = round(out["ingest"]["dask"]["articles_per_s"] / base, 3)
    if capacity:
        out["machine_capacity"] = round(statistics.median(capacity), 3)
    if rss:
        out["worker_rss_mb"] = round(max(rss) / 2**20)
    out["processes"] = max(workers)
    return out


def _fingerprint(store) -> list[tuple]:
    """What a store holds, apart from ids and times: each event with its reports."""
    rows = store._q(
        """SELECT e.date, sa.code, ta.code, e.cameo_code, e.geonameid, e.negated, e.hypothetical, e.confidence,
                  e.reports, v.article_id, v.start, v.trigger_start
           FROM events e JOIN evidence v ON v.event_id = e.id
           LEFT JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id"""
    )
    return sorted(rows.fetchall(), key=repr)


def describe(result: dict) -> str:
    p, s = result["pipeline"], result["spacy"]
    lines = [
        f"corpus {result['corpus']}: {result['articles']} articles, {result['words']} words, {result['events']} events",
        f"full pipeline : {p['articles_per_s']:8.2f} articles/s {p['words_per_s']:10.1f} words/s ({p['seconds']} s)",
        f"bare nlp.pipe : {s['articles_per_s']:8.2f} articles/s {s['words_per_s']:10.1f} words/s ({s['seconds']} s)",
        f"ratio (pipeline speed / spaCy speed): {result['ratio']}",
    ]
    if "stages_ms" in result:
        lines.append(
            "ms per article: "
            + ", ".join(f"{k} {v}" for k, v in result["stages_ms"].items())
            + f" (all {round(sum(result['stages_ms'].values()), 1)})"
        )
    for key, row in result.get("ingest", {}).items():
        name = f"ingest, {row['workers']} worker{'s' if row['workers'] > 1 else ''}" + (
            " on Dask" if key == "dask" else ""
        )
        lines.append(
            f"{name:26}: {row['articles_per_s']:8.2f} articles/s {row['articles_per_day']:>12,} articles/day "
            f"({row['seconds']} s, {row['events']} events{'' if row['same_as_first'] else ', NOT the same events'})"
        )
    if "speedup" in result:
        counts = [row["workers"] for key, row in result["ingest"].items() if key != "dask"]
        lines.append(f"speed-up, {counts[-1]} workers over {counts[0]}: {result['speedup']}")
    if "machine_capacity" in result:
        lines.append(
            f"the machine's own capacity, {result['processes']} processes of pure arithmetic over 1: "
            f"{result['machine_capacity']}"
        )
    if "dask_speedup" in result:
        lines.append(
            f"speed-up, Dask over {next(iter(result['ingest'].values()))['workers']} worker(s) here: "
            f"{result['dask_speedup']}"
        )
    if "worker_rss_mb" in result:
        lines.append(f"largest worker process: {result['worker_rss_mb']} MB resident")
    return "\n".join(lines)
