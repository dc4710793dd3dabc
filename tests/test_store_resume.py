"""A run killed halfway and started again: no article twice, none lost, the same events as one
clean run."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import SAMPLES
from newsevents.ingesting import ingest
from newsevents.store import Store

# `newsevents ingest` that, once its first batch is stored (committed), says so in a marker
# file and waits to be killed: the kill then always lands at the same point of the run.
HALT_AFTER_FIRST_BATCH = """
import sys, time
from pathlib import Path
from newsevents import cli
from newsevents.store import Store

marker, opened = Path(sys.argv[1]), Store.open

def open_halting(*args, **kwargs):
    store = opened(*args, **kwargs)
    add_many = store.add_many

    def add_then_halt(items):
        added = add_many(items)
        marker.with_suffix(".part").write_text(str(sum(a is True for a in added)))
        marker.with_suffix(".part").replace(marker)  # whole or absent when the test looks
        while True:
            time.sleep(60)

    store.add_many = add_then_halt
    return store

Store.open = staticmethod(open_halting)
sys.exit(cli.main(sys.argv[2:]))
"""


def _counts(path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        return tuple(
            db.execute(q).fetchone()[0]
            for q in ("SELECT count(*) FROM articles", "SELECT count(*) FROM events", "SELECT count(*) FROM evidence")
        )


def _halting_ingest(folder, db, *, halt: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            HALT_AFTER_FIRST_BATCH,
            halt,
            "ingest",
            str(folder),
            "--db",
            f"sqlite:///{db}",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _ingest_here(folder, db) -> None:
    """A whole run in this process (its spaCy model is loaded once for the suite)."""
    with Store.open(f"sqlite:///{db}") as store:
        assert not ingest([str(folder)], store).failed


def test_a_killed_ingest_resumes_without_duplicates_or_losses(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    clean, resumed, marker = tmp_path / "clean.db", tmp_path / "resumed.db", tmp_path / "halted"
    _ingest_here(folder, clean)

    run = _halting_ingest(folder, resumed, halt=str(marker))
    try:
        deadline = time.monotonic() + 600
        while not marker.exists():
            assert run.poll() is None, "the run ended before its first batch was stored"
            assert time.monotonic() < deadline, "the first batch was not stored in 600 s"
            time.sleep(0.05)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    halfway = _counts(resumed)
    assert 0 < int(marker.read_text()) == halfway[0] < _counts(clean)[0]

    _ingest_here(folder, resumed)  # started again
    assert _counts(resumed) == _counts(clean)
    with sqlite3.connect(resumed) as db:
        assert (
            db.execute("SELECT count(*) FROM (SELECT text FROM articles GROUP BY text HAVING count(*) > 1)").fetchone()[
                0
            ]
            == 0
        )
