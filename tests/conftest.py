"""Shared paths, the session's spaCy pipeline, the test PostgreSQL server and empty stores of each
backend, and an in-process runner for the CLI."""

from __future__ import annotations

import io
import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from newsevents import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples" / "articles"
GOLD = ROOT / "samples" / "gold.jsonl"
SEED = SHARED / "seed" / "aleppo-2016-09-28.txt"
# Text whose bytes are invalid UTF-8 and read as no language in any legacy encoding either.
GARBLED = b"The minister \xff\xfe\x80\x81\x90 said \xc3\x28 that talks \xa0\xa1\xfe\x8f would \x9d\xfe resume " * 4
# Commands ingest in this process unless a test asks for workers: starting worker processes
# (each loading the models) for every small ingest would only slow the suite.
os.environ.setdefault("NEWSEVENTS_WORKERS", "1")
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent: the seed and data sets live there")


@pytest.fixture(scope="session")
def pipeline():
    """The full pipeline, loaded once per session: loading the spaCy model is slow."""
    from newsevents.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the throwaway PostgreSQL database that scripts/test.sh starts for the run."""
    url = os.environ.get("NEWSEVENTS_TEST_POSTGRES")
    if not url:
        pytest.skip("PostgreSQL not started: run the tests with scripts/test.sh, which starts a server")
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Each store backend in turn ("sqlite", "postgresql"): a test that uses it runs once for
    each; the PostgreSQL run skips without a server."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_url")
    return request.param


@contextmanager
def empty_store(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty store: a file in `folder`, or a PostgreSQL database of its own
    on the test server, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder}/t.db"
        return
    import psycopg

    server = os.environ["NEWSEVENTS_TEST_POSTGRES"]
    name = f"newsevents_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(server)._replace(path="/" + name))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@dataclass(frozen=True)
class CliResult:
    status: int
    stdout: str
    stderr: str

    def jsonl(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def _run_cli(*args, input: str | bytes | None = None) -> CliResult:
    """`newsevents ARGS...` in this process (so the model stays loaded), with `input` on stdin."""
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        try:
            status = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help and usage errors
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return CliResult(status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def run_cli():
    """run_cli("events", "--db", url, input=...) -> CliResult(status, stdout, stderr, .jsonl())."""
    return _run_cli


@contextmanager
def local_site(respond) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every GET with `respond(handler)`: its base URL,
    with the proxy variables unset meanwhile (a proxy would send the requests off the machine)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            respond(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # A short poll: shutdown() waits up to one interval (0.5 s by default) at the end of each test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with pytest.MonkeyPatch.context() as mp:
            for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
                mp.delenv(name, raising=False)
            yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (now): for a server to start on, or to be refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
