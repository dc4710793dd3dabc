"""A run of `ingest` over the hostile corpus (scripts/hostile_corpus.py): every case refused with
its reason or read right, the good article beside each stored, memory and time bounded."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT

SECONDS = 6  # the time limit per document in this run (the slowest good case takes ~1 s)
DOCUMENT_CHARS = 20_000  # characters of an article coded in this run (the rest stored)
DOCUMENT_BYTES = 4 << 20  # the size limit per document in this run
PEAK_BYTES = 1.5e9
# Runs the command given, passes on its output and exit status, and prints its peak resident
# memory in bytes as the last line of standard error.
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print("peak", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, file=sys.stderr)
sys.exit(done.returncode)
"""


def _corpus_module():
    spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "scripts" / "hostile_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    corpus = _corpus_module()
    folder = tmp_path_factory.mktemp("hostile")
    cases = corpus.write(folder / "in", small=True)
    db = folder / "store.db"
    env = {
        **os.environ,
        "NEWSEVENTS_MAX_DOCUMENT_SECONDS": str(SECONDS),
        "NEWSEVENTS_MAX_DOCUMENT_BYTES": str(DOCUMENT_BYTES),
        "NEWSEVENTS_MAX_DOCUMENT_CHARS": str(DOCUMENT_CHARS),
    }
    started = time.monotonic()
    # One worker, so the whole run is one process; started by a process of its own, whose children's
    # peak resident memory is then the run's alone (this one's children include earlier tests').
    command = [
        sys.executable,
        "-m",
        "newsevents",
        "ingest",
        str(folder / "in"),
        "--db",
        f"sqlite:///{db}",
        "--workers",
        "1",
        "--quiet",
    ]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, text=True, timeout=900
    )
    seconds = time.monotonic() - started
    *lines, last = done.stderr.rstrip("\n").split("\n")
    peak = int(last.removeprefix("peak "))
    done.stderr = "\n".join(lines)
    store = sqlite3.connect(db)
    sources = {row[0] for row in store.execute("SELECT source FROM articles")}
    texts = {row[0]: row[1] for row in store.execute("SELECT source, text FROM articles")}
    errors = store.execute("SELECT source, reason FROM ingest_errors").fetchall()
    store.close()
    return {
        "cases": cases,
        "expected": corpus.CASES,
        "run": done,
        "seconds": seconds,
        "peak": peak,
        "sources": sources,
        "texts": texts,
        "errors": errors,
    }


def test_the_run_ends_with_failures_reported_and_no_traceback(hostile_run):
    run = hostile_run["run"]
    assert run.returncode == 3, run.stderr  # some documents failed; the run itself did not
    assert "Traceback" not in run.stderr
    assert "failed" in run.stdout


def test_every_good_article_beside_a_case_is_stored(hostile_run):
    missing = [
        name for name, folder in hostile_run["cases"].items() if str(folder / "good.txt") not in hostile_run["sources"]
    ]
    assert not missing


@pytest.mark.parametrize("case", [name for name, words in _corpus_module().CASES.items() if words])
def test_each_case_fails_with_its_reason(hostile_run, case):
    folder = str(hostile_run["cases"][case])
    words = hostile_run["expected"][case]
    reasons = [
        reason
        for source, reason in hostile_run["errors"]
        if source.startswith(folder) or (case == "private-url" and source.startswith("http"))
    ]
    assert any(words in reason for reason in reasons), reasons


def test_mixed_encodings_are_read_without_mojibake(hostile_run):
    [text] = [t for source, t in hostile_run["texts"].items() if source.endswith("mixed.txt")]
    assert "Zürich" in text and "São Paulo" in text and "Ã" not in text


def test_deep_nesting_is_read(hostile_run):
    assert str(hostile_run["cases"]["deep-nesting"] / "deep.html") in hostile_run["sources"]


def test_memory_and_time_stay_bounded(hostile_run):
    assert hostile_run["peak"] < PEAK_BYTES, f"peak {hostile_run['peak'] / 1e9:.2f} GB"
    # Each document stops at its time limit: the one over it is the HTML page; the rest is quick.
    assert hostile_run["seconds"] < 6 * SECONDS + 120, hostile_run["seconds"]


def test_special_files_are_skipped_never_opened(hostile_run):
    fifo = hostile_run["cases"]["fifo"]
    assert not any(source.startswith(str(fifo / "pipe")) for source in hostile_run["sources"])
    assert json.dumps(hostile_run["run"].stdout).count("skipped") >= 1
