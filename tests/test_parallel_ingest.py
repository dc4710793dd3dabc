"""Ingest on more than one process: worker processes here, or a Dask cluster of real `dask
scheduler` and `dask worker` processes on 127.0.0.1. The store must end up exactly as one
process leaves it; a worker that dies loses no document; sources cut into parts for workers
to read give exactly the documents one reader gives."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import SAMPLES, SEED, free_port
from newsevents.ingesting import ingest
from newsevents.records import Failure
from newsevents.scale import WORKER_MEMORY, LocalWorkers
from newsevents.scale.workers import Ordered
from newsevents.sources import Part, read_part, read_sources, split_sources
from newsevents.store import Store

CRAWLED = "2024-05-14T10:20:30Z"


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, gzip: bool, cut: int = 0) -> None:
    """A WARC of HTML responses (each after a request record), and an image; `cut` bytes
    taken off its end."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number, (url, body) in enumerate(pages):
        writer.write_record(
            writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True),
                warc_headers_dict={"WARC-Date": CRAWLED},
            )
        )
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": CRAWLED}
            )
        )
        if number == 1:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://news.example.org/logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG" + bytes(64)),
                    http_headers=image,
                )
            )
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - cut] if cut else data)


def html_page(text: str) -> bytes:
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f"<head><title>{title}</title></head>"
    return f"<html>{head}<body><article><h1>{title}</h1>{body}</article></body></html>".encode()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample articles, the seed, a WARC of six of them as web pages, a lightly edited
    copy of one (a near-duplicate), an exact copy, and a file that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLES, folder / "articles")
    shutil.copy(SEED, folder / "articles" / SEED.name)
    stories = sorted(SAMPLES.glob("*.txt"))
    pages = [(f"https://news.example.org/{p.stem}", html_page(p.read_text(encoding="utf-8"))) for p in stories[10:16]]
    write_warc(folder / "crawl.warc.gz", pages, gzip=True)
    text = (SAMPLES / "05-iran-sanctions-threat.txt").read_text(encoding="utf-8")
    (folder / "z-copy.txt").write_text(text.replace("did not say", "declined to say"), encoding="utf-8")
    (folder / "z-exact.txt").write_text(text, encoding="utf-8")
    (folder / "z-broken.html.gz").write_bytes(b"\x1f\x8b not really gzip")
    return folder


def digest(db: Path) -> dict[str, list]:
    """What a SQLite store holds, apart from ids and times."""
    with sqlite3.connect(db) as con:

        def q(sql: str) -> list:
            return sorted(con.execute(sql).fetchall(), key=repr)

        return {
            "articles": q(
                "SELECT id, source, url, title, text, published, published_from, coded, language, "
                "duplicate_of, minhash FROM articles"
            ),
            "events": q("""SELECT e.date, e.date_precision, sa.code, ta.code, e.cameo_code, e.plover_type, e.goldstein,
                                  e.geonameid, e.negated, e.hypothetical, e.confidence, e.reports, e.found_by,
                                  (SELECT group_concat(v.article_id || ':' || v.start || ':' || v.trigger_start || ':'
                                                       || coalesce(v.target_start, ''), ' ')
                                   FROM (SELECT * FROM evidence ORDER BY article_id, start) v WHERE v.event_id = e.id)
                           FROM events e LEFT JOIN actors sa ON sa.id = e.source_actor_id
                           LEFT JOIN actors ta ON ta.id = e.target_actor_id"""),
            "dyads": q("SELECT source_code, target_code, events, round(goldstein, 6) FROM dyads"),
            "places": q("SELECT geonameid, name FROM places"),
            "toponyms": q('SELECT article_id, start, "end", geonameid FROM toponyms'),
            "tags": q("SELECT article_id, tag, kind FROM article_tags"),
            "errors": q("SELECT source, stage, reason FROM ingest_errors"),
        }


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> tuple[dict, object]:
    db = tmp_path_factory.mktemp("one") / "one.db"
    with Store.open(f"sqlite:///{db}") as store:
        summary = ingest([str(corpus)], store)
    return digest(db), summary


def test_the_corpus_has_what_the_comparison_needs(one_process):
    stored, summary = one_process
    # (the WARC's pages are the text files' stories again: duplicates across kinds of source)
    assert summary.stored >= 20 and summary.events > 200
    assert summary.near_duplicates >= 1 and summary.duplicates >= 2 and summary.failed == 1
    assert summary.skipped == 7  # the WARC's six requests and its image


@pytest.fixture(scope="module")
def workers():
    with LocalWorkers(2) as pool:
        pool.warm({})
        yield pool


def test_two_worker_processes_store_exactly_what_one_process_stores(corpus, one_process, workers, tmp_path):
    db = tmp_path / "two.db"
    with Store.open(f"sqlite:///{db}") as store:
        summary = ingest([str(corpus)], store, workers=workers)
    assert digest(db) == one_process[0]
    assert summary.describe() == one_process[1].describe()
    with Store.open(f"sqlite:///{db}") as store:  # and again: nothing added
        again = ingest([str(corpus)], store, workers=workers)
    assert again.stored == again.near_duplicates == 0 and again.duplicates == again.read - again.failed == 30
    assert digest(db) == one_process[0]


def test_a_worker_killed_mid_run_loses_nothing(corpus, one_process, tmp_path):
    db = tmp_path / "killed.db"
    killed: list[int] = []

    def kill_a_worker(summary):
        if not killed and summary.stored >= 2:
            # The workers are the children of the fork server, this process's child.
            victim = [p for p in psutil.Process().children(recursive=True) if p.ppid() != os.getpid()][0]
            victim.send_signal(signal.SIGKILL)
            killed.append(victim.pid)

    with LocalWorkers(2) as pool, Store.open(f"sqlite:///{db}") as store:
        pool.warm({})
        summary = ingest([str(corpus)], store, workers=pool, batch_size=4, on_progress=kill_a_worker)
    assert killed, "no worker was killed"
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == psutil.STATUS_ZOMBIE
    assert summary.describe() == one_process[1].describe()
    assert digest(db) == one_process[0]


def _dies_on_poison(items: list[str]) -> list[str]:
    if "poison" in items:
        os._exit(1)  # as a segfault or the OOM killer would end it
    return [item.upper() for item in items]


def _raises_on_bad(items: list[str]) -> list[str]:
    if "bad" in items:
        raise ValueError("cannot read this one")
    return [item.upper() for item in items]


def test_an_item_that_kills_its_worker_every_time_is_given_up_with_the_reason_and_the_rest_kept():

    def lost(item, reason):
        return [f"lost {item}: {reason}"]

    with LocalWorkers(2) as pool:
        runner = Ordered(pool)
        tasks = [runner.submit(_dies_on_poison, (), batch, lost) for batch in (["a", "b"], ["c", "poison", "d"], ["e"])]
        results = [runner.result(task) for task in tasks]
        assert results[0] == ["A", "B"] and results[2] == ["E"]
        assert results[1][0] == "C" and results[1][2] == "D"
        assert results[1][1].startswith("lost poison: its worker process died")
        assert runner.result(runner.submit(_dies_on_poison, (), ["f"], lost)) == ["F"]  # the workers work on


def test_an_item_whose_task_raises_is_given_up_with_the_error_and_the_rest_kept():

    def lost(item, reason):
        return [f"lost {item}: {reason}"]

    with LocalWorkers(2) as pool:
        runner = Ordered(pool)
        task = runner.submit(_raises_on_bad, (), ["a", "bad", "c"], lost)
        assert runner.result(task) == ["A", "lost bad: internal error: ValueError('cannot read this one')", "C"]


# -- sources cut into parts ---------------------------------------------------------------------------


def read_parts(specs: list[str], records: int) -> list:
    out = []
    for piece in split_sources(specs, records=records):
        out.extend(read_part(piece) if isinstance(piece, Part) else [piece])
    return out


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("cut", [0, 200])
def test_a_warc_cut_into_record_ranges_reads_as_the_whole(tmp_path, gzip, cut):
    stories = sorted(SAMPLES.glob("*.txt"))[:7]
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(
        path,
        [(f"https://news.example.org/{p.stem}", html_page(p.read_text(encoding="utf-8"))) for p in stories],
        gzip=gzip,
        cut=cut,
    )
    whole = list(read_sources([str(path)]))
    assert len(whole) >= 14 and (not cut or isinstance(whole[-1], Failure))
    for records in (1, 2, 3, 100):
        parts = [p for p in split_sources([str(path)], records=records) if isinstance(p, Part)]
        assert all(p.span[2] <= records for p in parts)
        assert read_parts([str(path)], records) == whole


def test_a_folder_cut_into_files_reads_as_the_whole(corpus):
    assert read_parts([str(corpus)], 3) == list(read_sources([str(corpus)]))


# -- the command -------------------------------------------------------------------------------------


def test_the_command_uses_every_core_unless_told(monkeypatch, run_cli, tmp_path):
    import newsevents.ingesting as ingest_module

    seen = []
    real = ingest_module.ingest
    monkeypatch.setattr(
        ingest_module, "ingest", lambda *a, **k: seen.append(k["workers"]) or real(*a, **{**k, "workers": 1})
    )
    monkeypatch.delenv("NEWSEVENTS_WORKERS", raising=False)
    run_cli("ingest", SAMPLES / "01-kenya-somalia-border-talks.txt", "--db", f"sqlite:///{tmp_path}/a.db")
    monkeypatch.setenv("NEWSEVENTS_WORKERS", "3")
    run_cli("ingest", SAMPLES / "01-kenya-somalia-border-talks.txt", "--db", f"sqlite:///{tmp_path}/b.db")
    run_cli(
        "ingest", SAMPLES / "01-kenya-somalia-border-talks.txt", "--db", f"sqlite:///{tmp_path}/c.db", "--workers", "2"
    )
    assert seen == [min(os.cpu_count(), psutil.virtual_memory().available // WORKER_MEMORY), 3, 2]


def test_by_default_no_more_workers_than_the_free_memory_holds(monkeypatch):
    from newsevents.cli import _default_workers

    monkeypatch.delenv("NEWSEVENTS_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    free = psutil.virtual_memory()._replace(available=3 * WORKER_MEMORY + 1)
    monkeypatch.setattr(psutil, "virtual_memory", lambda: free)
    assert _default_workers() == 3
    monkeypatch.setattr(psutil, "virtual_memory", lambda: free._replace(available=WORKER_MEMORY // 2))
    assert _default_workers() == 1


def test_bad_worker_counts_are_usage_errors(run_cli, tmp_path):
    assert run_cli("ingest", SAMPLES, "--db", f"sqlite:///{tmp_path}/a.db", "--workers", "0").status == 2
    assert run_cli("bench", "throughput", "--corpus", SAMPLES, "--workers", "1,x").status == 2


def test_an_unreachable_dask_scheduler_is_a_clear_error(run_cli, tmp_path):
    port = free_port()  # nothing listens there
    result = run_cli("ingest", SAMPLES, "--db", f"sqlite:///{tmp_path}/a.db", "--dask", f"tcp://127.0.0.1:{port}")
    assert result.status == 1
    assert "cannot reach the Dask scheduler" in result.stderr


# -- a Dask cluster ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A `dask scheduler` and two `dask worker` processes (one thread each) on 127.0.0.1."""
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("the dask command is not installed beside this Python")
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "NEWSEVENTS_WORKERS": "1"}
    log = open(folder / "cluster.log", "wb")
    processes = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            stdout=log,
            stderr=log,
            env=env,
        )
    ]
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", int(address.rsplit(":", 1)[1])), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the Dask scheduler did not start: " + (folder / "cluster.log").read_text())
                time.sleep(0.2)
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [str(dask), "worker", address, "--nthreads", "1", "--no-dashboard", "--memory-limit", "0"],
                    stdout=log,
                    stderr=log,
                    env=env,
                )
            )
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:  # a throwaway cluster: no need to wait for a graceful close
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def test_a_dask_cluster_stores_exactly_what_one_process_stores(corpus, one_process, dask_cluster, tmp_path):
    from distributed import Client

    import newsevents

    db = tmp_path / "dask.db"
    with Client(dask_cluster, timeout="60s") as client:  # the Python API, as a user calls it
        assert len(client.nthreads()) == 2
        summary = newsevents.ingest([str(corpus)], f"sqlite:///{db}", client=client, batch_size=3)
        ran_on = client.run(os.getpid)
    assert summary.describe() == one_process[1].describe()
    assert digest(db) == one_process[0]
    assert len(set(ran_on.values())) == 2


def test_the_command_ingests_on_a_dask_cluster(corpus, one_process, dask_cluster, run_cli, tmp_path):
    db = tmp_path / "cli.db"
    result = run_cli("ingest", corpus, "--db", f"sqlite:///{db}", "--dask", dask_cluster, "--quiet")
    assert result.status == 3, result.stderr  # the broken file
    assert result.stdout.splitlines()[0] == one_process[1].describe()
    assert digest(db) == one_process[0]
