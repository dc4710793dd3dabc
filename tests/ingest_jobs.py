"""Following the web app's ingest jobs to their end, for the tests that ingest through it."""

from __future__ import annotations

import re
import time

JOB_PAGE = re.compile(r'href="/ingest/([0-9a-f]{32})"')


def finished(client, status_url: str, timeout: float = 180) -> dict:
    """The job at `status_url` once it is done or failed (polled; fails the test after `timeout` s)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(status_url).json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"the ingest job is still {job['status']} after {timeout:g} s"
        time.sleep(0.05)


def ingested(client, response) -> dict:
    """What became of an article the API accepted (its 202 answer)."""
    assert response.status_code == 202, response.text
    return finished(client, response.headers["location"])


def finished_page(client, page) -> str:
    """The ingest form's answer (202: queued), followed to the job's page once the job is over."""
    assert page.status_code == 202, page.text
    job_id = JOB_PAGE.search(page.text).group(1)
    finished(client, f"/api/v1/ingest/{job_id}")
    return client.get(f"/ingest/{job_id}").text
