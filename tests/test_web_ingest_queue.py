"""Ingest through the web app is queued: a POST answers 202 with the job's status URL at once,
a worker codes the article (one at a time unless NEWSEVENTS_INGEST_JOBS says more), the status
tells what became of it, a full queue is a 503 with Retry-After, reads do not wait for an
ingest, and stopping the app lets the running ingest finish."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from ingest_jobs import JOB_PAGE, finished, ingested
from newsevents.ingesting import ingest
from newsevents.store import Store
from newsevents.web import create_app
from newsevents.web.jobs import IngestQueue, QueueFull, ingest_jobs

TOKEN = "queue-token-7d1e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STORY = {
    "title": "Ghana and Togo agree to joint patrols",
    "date": "2022-05-10",
    "text": "ACCRA (Reuters) - Ghana and Togo agreed on Tuesday to hold joint border patrols, the two "
    "defence ministries said in a statement.",
}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('queue')}/events.db"
    with Store.open(url) as store:
        ingest([str(SAMPLES / "01-kenya-somalia-border-talks.txt")], store)
    return url


class Gate:
    """A stand-in for the pipeline that holds each job until let through, and records how many ran at once."""

    def __init__(self):
        self.open = threading.Event()
        self.running = self.most = 0
        self.started = threading.Semaphore(0)
        self.lock = threading.Lock()

    def __call__(self, data: bytes) -> dict:
        if data == b"boom":
            raise RuntimeError("the store is gone")
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.started.release()
        self.open.wait(30)
        with self.lock:
            self.running -= 1
        return {
            "stored": 1,
            "duplicates": 0,
            "near_duplicates": 0,
            "failed": 0,
            "errors": [],
            "articles": [{"id": data.decode(), "title": None, "published": None, "event_ids": []}],
        }


def settled(queue: IngestQueue, jobs: list) -> list:
    """The jobs once each is done or failed."""
    deadline = time.monotonic() + 30
    while any(queue.job(j.id).status in ("queued", "running") for j in jobs):
        assert time.monotonic() < deadline, "the jobs did not finish"
        time.sleep(0.01)
    return [queue.job(j.id) for j in jobs]


def test_a_post_is_answered_at_once_with_the_job_and_its_status_tells_the_result(url):
    with TestClient(create_app(url, token=TOKEN)) as client:
        response = client.post("/api/v1/articles", json=STORY, headers=AUTH)
        assert response.status_code == 202
        body = response.json()
        assert body == {"job": body["job"], "status": "queued", "status_url": f"/api/v1/ingest/{body['job']}"}
        assert response.headers["location"] == body["status_url"]
        assert client.get(body["status_url"]).json()["status"] in ("queued", "running", "done")
        job = finished(client, body["status_url"])
    assert job["status"] == "done" and job["error"] is None and job["submitted"] <= job["started"] <= job["finished"]
    assert job["result"]["stored"] == 1 and job["result"]["articles"][0]["event_ids"]
    with Store.open(url) as store:
        assert store.article(job["result"]["articles"][0]["id"])["title"] == STORY["title"]


def test_an_article_the_pipeline_cannot_read_is_a_failed_job_with_the_reason(url):
    with TestClient(create_app(url, token=TOKEN)) as client:
        job = ingested(
            client, client.post("/api/v1/articles", json={"html": "<html><body></body></html>"}, headers=AUTH)
        )
    assert job["status"] == "failed" and job["error"] == "the article could not be read"
    assert job["result"]["failed"] == 1 and job["result"]["errors"][0]["stage"] == "extract"


def test_an_unknown_job_is_a_404(url):
    client = TestClient(create_app(url, token=TOKEN))
    response = client.get("/api/v1/ingest/0123456789abcdef0123456789abcdef")
    assert response.status_code == 404 and response.json() == {
        "error": "no ingest job 0123456789abcdef0123456789abcdef"
    }
    page = client.get("/ingest/0123456789abcdef0123456789abcdef")
    assert page.status_code == 404 and 'class="error"' in page.text


def test_the_form_answers_a_page_that_follows_the_job(url):
    app = create_app(url, token=TOKEN)
    gate = Gate()
    app.state.ctx.ingests = queue = IngestQueue(gate)
    client = TestClient(app)
    page = client.post("/ingest", data={"token": TOKEN, "text": "pasted"})
    assert page.status_code == 202 and "Queued" in page.text
    job_id = JOB_PAGE.search(page.text).group(1)
    assert f'<meta http-equiv="refresh" content="2; url=/ingest/{job_id}">' in page.text
    gate.open.set()
    finished(client, f"/api/v1/ingest/{job_id}")
    done = client.get(f"/ingest/{job_id}").text
    assert "Done." in done and 'http-equiv="refresh"' not in done and 'href="/articles/pasted"' in done
    queue.close()


def test_a_full_queue_is_a_503_with_retry_after_and_reads_go_on(url):
    app = create_app(url, token=TOKEN)
    gate = Gate()
    app.state.ctx.ingests = queue = IngestQueue(gate, max_queued=1)
    client = TestClient(app)
    running = client.post("/api/v1/articles", json=STORY, headers=AUTH)
    assert gate.started.acquire(timeout=10)
    waiting = client.post("/api/v1/articles", json=STORY, headers=AUTH)
    full = client.post("/api/v1/articles", json=STORY, headers=AUTH)
    assert (running.status_code, waiting.status_code, full.status_code) == (202, 202, 503)
    assert int(full.headers["retry-after"]) > 0 and "try again later" in full.json()["error"]
    assert client.get(running.headers["location"]).json()["status"] == "running"
    assert client.get(waiting.headers["location"]).json()["status"] == "queued"
    assert client.get("/api/v1/events", params={"limit": 5}).status_code == 200  # while the ingest holds on
    assert client.get("/events").status_code == 200
    gate.open.set()
    assert finished(client, waiting.headers["location"])["status"] == "done"
    queue.close()


def test_jobs_run_one_at_a_time_in_order_unless_more_are_asked_for():
    for jobs, most in ((1, 1), (2, 2)):
        gate = Gate()
        queue = IngestQueue(gate, jobs=jobs)
        submitted = [queue.submit(str(i).encode()) for i in range(4)]
        for _ in range(jobs):
            assert gate.started.acquire(timeout=10)
        assert [queue.job(j.id).status for j in submitted][jobs:] == ["queued"] * (4 - jobs)
        gate.open.set()
        assert [j.result["articles"][0]["id"] for j in settled(queue, submitted)] == ["0", "1", "2", "3"]
        assert gate.most == most
        queue.close()


def test_a_job_that_raises_fails_with_the_reason_and_the_queue_goes_on():
    gate = Gate()
    gate.open.set()
    queue = IngestQueue(gate)
    broken, fine = settled(queue, [queue.submit(b"boom"), queue.submit(b"fine")])
    assert broken.status == "failed" and broken.error == "the ingest failed: the store is gone"
    assert fine.status == "done"
    queue.close()


def test_only_the_last_finished_jobs_are_kept():
    gate = Gate()
    gate.open.set()
    queue = IngestQueue(gate, keep=2)
    submitted = [queue.submit(b"x") for _ in range(3)]
    settled(queue, submitted[2:])
    assert [queue.job(j.id) is not None for j in submitted] == [False, True, True]
    queue.close()


def test_closing_lets_the_running_job_finish_and_fails_the_waiting_ones():
    gate = Gate()
    queue = IngestQueue(gate)
    running, waiting = queue.submit(b"a"), queue.submit(b"b")
    assert gate.started.acquire(timeout=10)
    threading.Timer(0.2, gate.open.set).start()
    queue.close()
    assert queue.job(running.id).status == "done"
    assert queue.job(waiting.id).status == "failed" and "stopped" in queue.job(waiting.id).error
    with pytest.raises(QueueFull):
        queue.submit(b"c")


def test_stopping_the_app_lets_the_running_ingest_finish(url):
    app = create_app(url, token=TOKEN)
    story = {
        **STORY,
        "title": "Benin and Niger reopen their border",
        "text": "COTONOU (Reuters) - Benin and Niger reopened their border on Monday, officials said.",
    }
    with TestClient(app) as client:
        status_url = client.post("/api/v1/articles", json=story, headers=AUTH).headers["location"]
        while client.get(status_url).json()["status"] == "queued":
            pass
    job = app.state.ctx.ingests.job(status_url.rsplit("/", 1)[1])
    assert job.status == "done" and job.result["stored"] == 1
    assert TestClient(app).post("/api/v1/articles", json=STORY, headers=AUTH).status_code == 503  # stopped


@pytest.mark.parametrize("value, jobs", [(None, 1), ("3", 3), ("0", None), ("two", None)])
def test_ingest_jobs_come_from_the_environment(monkeypatch, value, jobs):
    if value is not None:
        monkeypatch.setenv("NEWSEVENTS_INGEST_JOBS", value)
    if jobs is None:
        with pytest.raises(ValueError, match="NEWSEVENTS_INGEST_JOBS"):
            ingest_jobs()
    else:
        assert ingest_jobs() == jobs
