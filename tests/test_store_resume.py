"""A run killed halfway and started again: no article twice, none lost, the same events as one
clean run."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import SAMPLES


def _counts(path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        return tuple(db.execute(q).fetchone()[0] for q in (
            "SELECT count(*) FROM articles", "SELECT count(*) FROM events", "SELECT count(*) FROM evidence"))


def _ingest(folder, db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsevents", "ingest", str(folder), "--db", f"sqlite:///{db}", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_a_killed_ingest_resumes_without_duplicates_or_losses(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    clean, resumed = tmp_path / "clean.db", tmp_path / "resumed.db"
    assert _ingest(folder, clean).wait(timeout=600) == 0

    run = _ingest(folder, resumed)
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and run.poll() is None:
        if resumed.exists():
            try:
                stored = _counts(resumed)[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.05)
    assert run.poll() is None, "the run finished before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    halfway = _counts(resumed)
    assert 3 <= halfway[0] < _counts(clean)[0]

    assert _ingest(folder, resumed).wait(timeout=600) == 0
    assert _counts(resumed) == _counts(clean)
    with sqlite3.connect(resumed) as db:
        assert db.execute("SELECT count(*) FROM (SELECT text FROM articles GROUP BY text HAVING count(*) > 1)").fetchone()[0] == 0
