"""The `newsevents` command. Thin: it parses arguments and calls the Python API.

Exit status: 0 when everything read was handled, 3 when the run finished but some documents
or input lines failed (each is listed with its reason), 1 on an error that stops the run
(a store that cannot be opened, a source that does not exist), 2 on a usage error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from newsevents.bench import cli as bench_cli
from newsevents.cli_parser import build_parser, filter_options  # noqa: F401 (the parser is part of this module's API)
from newsevents.cli_pipeline import _check_coder_options, _jsonl_input, _pipeline, _pipeline_options, _warn_skipped
from newsevents.console import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, Progress, _fail, print_table

DEFAULT_DB = "sqlite:///newsevents.db"


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


# -- extract ------------------------------------------------------------------------------------


def cmd_extract(args) -> int:
    from newsevents.export import article_dict, failure_dict
    from newsevents.extract import extract
    from newsevents.records import Failure, Skipped
    from newsevents.sources import SourceError, read_sources

    failed = 0
    try:
        for doc in read_sources(
            args.paths, stdin=sys.stdin.buffer, follow=args.follow, allow_private_urls=args.allow_private_urls
        ):
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


def cmd_code(args) -> int:
    from newsevents.export import event_dict

    pipeline = _pipeline(args)
    if pipeline is None:
        return EXIT_ERROR
    failed = 0
    for number, record, error in _jsonl_input(sys.stdin, ("text",)):
        if error is None:
            try:
                events = pipeline.code_text(
                    record["text"],
                    date=record.get("date"),
                    title=record.get("title"),
                    doc_id=str(record.get("id", number)),
                )
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
            summary = ingest(
                args.sources,
                store,
                workers=workers,
                client=client,
                stdin=sys.stdin.buffer,
                follow=args.follow,
                allow_private_urls=args.allow_private_urls,
                on_progress=progress.update,
                **_pipeline_options(args),
            )
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
        watcher = Watcher(
            args.sources,
            store,
            every=every,
            report=lambda line: print(line, flush=True),
            allow_private_urls=args.allow_private_urls,
            **_pipeline_options(args),
        )
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
            flags = ",".join(
                f
                for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical), ("historical", e.historical))
                if on
            )
            rows.append(
                [
                    str(stored.event_id),
                    e.date.isoformat() if e.date else "",
                    _actor_cell(e.source),
                    f"{e.plover_type} {e.cameo_code}",
                    _actor_cell(e.target),
                    e.location.name if e.location else "",
                    flags,
                    e.evidence.replace("\n", " "),
                ]
            )
        print_table(rows, ["ID", "DATE", "SOURCE", "EVENT", "TARGET", "WHERE", "FLAGS", "EVIDENCE"], sys.stdout)
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
        print_table([[e["source"], e["stage"], e["reason"]] for e in errors], ["SOURCE", "STAGE", "REASON"], sys.stdout)
        print(f"{len(errors)} failed documents", file=sys.stderr)
    return EXIT_OK


# -- export ---------------------------------------------------------------------------------------


def cmd_export(args) -> int:
    from newsevents import export
    from newsevents.store import Store, StoreError

    write, binary = export.WRITERS[args.format], args.format == "parquet"
    if args.out == "-" and binary:
        return _fail("parquet is a binary format: give --out FILE rather than -", EXIT_USAGE)
    if args.out != "-" and not Path(args.out).parent.is_dir():
        return _fail(f"cannot write {args.out}: the folder {Path(args.out).parent} does not exist")
    try:
        with Store.open(args.db) as store:
            events = export.Counted(store.iter_events(**_filters(args), limit=args.limit, offset=args.offset))
            if args.out == "-":
                written = write(events, sys.stdout)
            else:
                written = export.write_whole(args.out, lambda f: write(events, f), binary=binary)
    except StoreError as exc:
        return _fail(str(exc))
    summary = f"{written} events written to {'standard output' if args.out == '-' else args.out}"
    if events.count > written:
        summary += f"; {events.count - written} left out ({export.LEAVES_OUT[args.format]})"
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
    print(
        "ingest (the form and POST /api/v1/articles) is "
        + (
            "on: it needs the token in NEWSEVENTS_TOKEN"
            if os.environ.get("NEWSEVENTS_TOKEN")
            else "off: set NEWSEVENTS_TOKEN to allow it"
        ),
        file=sys.stderr,
    )
    uvicorn.run(create_app(args.db), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def cmd_train(args) -> int:
    from newsevents.training import train_files

    if not 0 <= args.heldout < 1:
        return _fail("--heldout is a share of the data: at least 0, less than 1")
    try:
        figures = train_files(
            args.gold,
            args.out,
            stories=args.stories,
            heldout=args.heldout,
            log=lambda line: print(line, file=sys.stderr),
        )
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
    try:
        ran = bench_cli.run(
            args,
            options=_pipeline_options(args),
            check_coder=lambda: _check_coder_options(args),
            pipeline=lambda: _pipeline(args),
        )
    except ValueError as exc:
        return _fail(str(exc))
    if ran is None:
        return EXIT_ERROR
    summary, result = ran
    print(summary)
    _print_json(result)
    return EXIT_OK


def _filters(args) -> dict:
    """The event filters of `events` and `export` (EventQuery's fields) and their order, as the store takes them."""
    from newsevents.store.filters import FILTERS

    return {name: getattr(args, name) for name in (*FILTERS, "sort")}


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
