"""`newsevents bench`: its sub-commands' arguments, and running the one asked for.

The shared options (`--model`, `--lexicon`...) and the making of a pipeline from them belong
to the `newsevents` command: it passes them in, so that this module never imports it.
"""

from __future__ import annotations

import argparse
import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from newsevents.pipeline import Pipeline

SHARED = Path("../shared")  # the shared data sets, beside the repository (the benches' defaults)

AddOptions = Callable[[argparse.ArgumentParser], None]


def _worker_counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of worker counts: {text!r} (e.g. 1,2)") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("worker counts must be at least 1")
    return counts


def add_parsers(
    parser: argparse.ArgumentParser,
    *,
    model_option: AddOptions,
    coder_options: AddOptions,
    gazetteer_option: AddOptions,
) -> None:
    """The benchmarks under `newsevents bench`, each a sub-command of `parser`."""
    bench = parser.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    t = bench.add_parser("throughput", help="articles/s and words/s of the full pipeline against bare spaCy")
    t.add_argument("--corpus", required=True, help="a folder (or file, or glob) of articles")
    t.add_argument("--limit", type=int, help="use at most this many articles")
    t.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds per side; the median is reported (default 3)"
    )
    t.add_argument(
        "--workers",
        type=_worker_counts,
        metavar="N,N...",
        help="also time ingest (store writes included) with each number of worker processes, e.g. 1,2",
    )
    t.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="also time ingest on a Dask cluster: tcp://HOST:PORT, or 'local' for one started here",
    )
    t.add_argument(
        "--stages",
        action="store_true",
        help="also time each stage on its own: extract, select, parse, geo, code, store (ms per article)",
    )
    model_option(t)
    coder_options(t)
    e = bench.add_parser(
        "extract", help="body, title, date, author and dateline accuracy on a data set, beside plain trafilatura"
    )
    e.add_argument(
        "--dataset",
        required=True,
        help="a data set folder: ../shared/data/extraction/aeb, .../naeb or ../shared/data/newswire/reuters21578",
    )
    e.add_argument("--limit", type=int, help="use at most this many pages")
    e.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="RULE",
        help="switch off one of our extraction rules, to measure it (repeatable): see newsevents.extract.rules",
    )
    c = bench.add_parser(
        "coding",
        help="event coding against gold: PETRARCH unit tests, CAMEO examples, "
        "synthetic PLOVER stories, or a gold JSONL file of our own",
    )
    c.add_argument(
        "--dataset",
        required=True,
        help="../shared/data/events/petrarch2_unittest, .../reference/cameo_codes.csv, "
        ".../reference/ngec_synthetic_events.csv.gz, .../training/satp/dev.tsv, "
        ".../training/conflibert_cameo, samples/coding-gold.jsonl or samples/voa-gold.jsonl",
    )
    c.add_argument("--limit", type=int, help="use at most this many records, sentences or stories")
    c.add_argument(
        "--split",
        choices=("heldout", "dev", "train", "all"),
        default="heldout",
        help="which half of a data set to score: heldout (the default: never trained or tuned on), "
        "dev or train (what the shipped model learned from), all",
    )
    c.add_argument(
        "--stories",
        default=str(SHARED / "data/news/voa/voa_stories.jsonl"),
        help="the stories a story gold file codes (samples/voa-gold.jsonl: ../shared/data/news/voa/voa_stories.jsonl)",
    )
    model_option(c)
    coder_options(c)
    g = bench.add_parser("geo", help="toponym spans and their resolution (GeoNames id, country, km) on GeoWebNews")
    g.add_argument("--dataset", required=True, help="GeoWebNews's GWN.xml: ../shared/data/geo/geowebnews/GWN.xml")
    g.add_argument("--limit", type=int, help="use at most this many articles (the first ones)")
    g.add_argument(
        "--split",
        choices=("heldout", "train", "all"),
        default="heldout",
        help="which half of the articles to score: heldout (the default: the shipped place model never "
        "saw them), train (what it learned from) or all",
    )
    model_option(g)
    gazetteer_option(g)
    b = bench.add_parser(
        "store",
        help="insert rate, calendar, page, search and actor latency and export rates "
        "on a fresh store filled with synthetic events",
    )
    b.add_argument(
        "--db",
        default="sqlite:///newsevents-bench.db",
        help="a FRESH store to fill: sqlite:///FILE.db (default sqlite:///newsevents-bench.db) or postgresql://...",
    )
    b.add_argument("--events", type=int, default=1_000_000, help="synthetic events to insert (default 1,000,000)")
    b.add_argument("--repeat", type=int, default=5, help="timed runs of each query (the median is reported)")
    b.add_argument("--export-events", type=int, default=100_000, help="events per timed export (default 100,000)")
    b.add_argument(
        "--checkpoint",
        type=int,
        action="append",
        metavar="N",
        help="also time the queries when N events are in (repeatable): latency against size",
    )
    w = bench.add_parser("web", help="page and API latency of the web app on a store (e.g. the one bench store made)")
    w.add_argument(
        "--db",
        default="sqlite:///newsevents-bench.db",
        help="the store to serve: sqlite:///FILE.db (default sqlite:///newsevents-bench.db) or postgresql://...",
    )
    w.add_argument("--repeat", type=int, default=7, help="timed requests of each page (the median is reported)")


@contextmanager
def _store_errors() -> Iterator[None]:
    """A store that cannot be opened or filled is a bad argument, like a bad data set: ValueError."""
    from newsevents.store import StoreError

    try:
        yield
    except StoreError as exc:
        raise ValueError(str(exc)) from None


def run(
    args, *, options: dict, check_coder: Callable[[], str | None], pipeline: Callable[[], Pipeline | None]
) -> tuple[str, dict] | None:
    """The summary and the result of the benchmark `args.bench`; None when `pipeline()` could
    not make the pipeline (it said why). `options` are the Pipeline's options from the command
    line, `check_coder()` what is wrong with the coder's. A bad data set or store raises ValueError."""
    from newsevents.bench import coding, extraction, geo, throughput

    if args.bench in ("throughput", "coding"):
        problem = check_coder()
        if problem:
            raise ValueError(problem)
    if args.bench == "throughput":
        result = throughput.run(
            args.corpus,
            limit=args.limit,
            rounds=args.rounds,
            options=options,
            workers=args.workers or (),
            dask=args.dask,
            stages=args.stages,
        )
        return throughput.describe(result), result
    if args.bench == "coding":
        from newsevents.pipeline import Pipeline

        result = coding.run(
            args.dataset, limit=args.limit, split=args.split, stories=args.stories, pipeline=Pipeline(**options)
        )
        return coding.describe(result), result
    if args.bench == "geo":
        made = pipeline()
        if made is None:
            return None
        result = geo.run(args.dataset, limit=args.limit, pipeline=made, split=args.split)
        return geo.describe(result), result
    if args.bench == "store":
        from newsevents.bench import store as store_bench

        with _store_errors():
            result = store_bench.run(
                args.db,
                events=args.events,
                repeat=args.repeat,
                export_events=args.export_events,
                checkpoints=tuple(args.checkpoint or ()),
                on_checkpoint=lambda figures: print(json.dumps({"checkpoint": figures}), flush=True),
            )
        return store_bench.describe(result), result
    if args.bench == "web":
        from newsevents.bench import web as web_bench

        with _store_errors():
            result = web_bench.run(args.db, repeat=args.repeat)
        return web_bench.describe(result), result
    result = extraction.run(args.dataset, limit=args.limit, without=args.without)
    return extraction.describe(result), result
