"""The HTTP API does what its OpenAPI document says. Schemathesis runs in this process against
the app over a store of the sample articles (seeded and derandomized, no network), and finds no
server error, no status, content type, body or header the document does not describe, and no
request valid by the document refused. A method a path does not take is a 405 that names those
it takes, on the API and the pages alike."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

from conftest import SAMPLES
from ingest_jobs import finished
from newsevents.ingesting import ingest
from newsevents.store import Store
from newsevents.web import create_app

TOKEN = "contract-token-0e4b"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
)
PHASES = {
    "examples": {"enabled": False},  # the document gives none
    # Each parameter's edge values (its longest string, its bounds...), valid ones only: the
    # invalid ones (and undeclared methods) are a thousand cases more, and the fuzzer sends invalid ones.
    "coverage": {"generation": {"mode": "positive"}},
    "fuzzing": {"generation": {"mode": "all"}},  # valid and invalid requests
    "stateful": {"enabled": True},  # ids from one answer used in the next request
}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('contract')}/events.db"
    with Store.open(url) as store:
        summary = ingest([str(SAMPLES)], store)
    assert summary.failed == 0 and summary.stored > 20
    return url


@pytest.fixture
def no_fetching(monkeypatch):
    """No request leaves the machine: every fetch (newsevents' Fetcher, its robots.txt, whatever
    else) goes through httpx's network transport, which here fails, and fails the test with it.
    (Schemathesis reaches the app through an ASGI transport of its own.) The ingest runs in a worker
    process, out of this reach, but what the API queues is a JSON record with its text or html,
    which the pipeline never fetches."""
    tried = []

    def refuse(transport, request):
        tried.append(str(request.url))
        raise httpx.ConnectError("the API's contract tests fetch nothing", request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    yield
    assert not tried, f"the fuzzer made the app fetch {tried[:5]}"


class Run(NamedTuple):
    cases: int
    operations: set[str]  # "GET /api/v1/events"
    statuses: Counter  # of the answers
    failures: list[str]  # each with its request as a curl command


def fuzz(
    app,
    *,
    max_examples: int,
    headers: dict | None = None,
    accepted: list[str] | None = None,
    parameters: dict | None = None,
    **include,
) -> Run:
    """Schemathesis on the app's API (the operations `include` selects). `accepted`: the statuses
    that answer a valid request (schemathesis' own list by default); `parameters`: values to
    send ("path.job_id": an id) instead of generated ones."""
    checks = {name: {"enabled": True} for name in CHECKS}
    if accepted:
        checks["positive_data_acceptance"]["expected-statuses"] = accepted
    config = SchemathesisConfig.from_dict(
        {
            "seed": 1,
            "workers": 1,
            "headers": headers or {},
            "parameters": parameters or {},
            "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
            "checks": {"enabled": False, **checks},
            "phases": PHASES,
        }
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    if include:
        schema = schema.include(**include)
    run = Run(0, set(), Counter(), [])
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            run = run._replace(cases=run.cases + len(recorder.cases))
            run.operations.add(recorder.label)
            run.statuses.update(i.response.status_code for i in recorder.interactions.values() if i.response)
            for checks_of_case in recorder.checks.values():
                run.failures.extend(
                    f"{recorder.label}: {c.failure_info.failure.title}\n"
                    f"{c.failure_info.failure.message}\n{c.failure_info.code_sample}"
                    for c in checks_of_case
                    if c.failure_info is not None
                )
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            run.failures.append(
                f"schemathesis could not run: {event.info.message if hasattr(event, 'info') else event}"
            )
    return run._replace(failures=sorted(set(run.failures)))


def test_every_answer_of_the_api_is_in_its_openapi_document(url, no_fetching):
    app = create_app(url, token=TOKEN)
    with TestClient(app):  # its lifespan: the ingest worker stops with the test
        run = fuzz(app, max_examples=10)
    assert not run.failures, "\n\n".join(run.failures)
    documented = {f"{method.upper()} {path}" for path, methods in app.openapi()["paths"].items() for method in methods}
    assert documented <= run.operations, documented - run.operations
    assert run.cases >= 300 and {200, 400, 404} <= set(run.statuses), run


def test_the_ingest_with_the_token_answers_as_documented(url, no_fetching):
    """With the token every well-formed article the fuzzer sends is queued (202), or refused
    for now when the queue is full (503, documented), and its job answers as documented,
    the articles the pipeline cannot read ("0") as failed jobs."""
    app = create_app(url, token=TOKEN)
    with TestClient(app) as client:
        run = fuzz(
            app,
            max_examples=10,
            headers={"Authorization": f"Bearer {TOKEN}"},
            accepted=["202", "503"],
            method="POST",
            path="/api/v1/articles",
        )
        assert not run.failures, "\n\n".join(run.failures)
        assert run.operations >= {"POST /api/v1/articles"} and run.cases >= 20, run
        assert 202 in run.statuses and not {401, 403} & set(run.statuses), "the token's requests must reach the queue"
        job = finished(
            client,
            client.post("/api/v1/articles", json={"text": "0"}, headers={"Authorization": f"Bearer {TOKEN}"}).headers[
                "location"
            ],
        )
        assert job["status"] == "failed" and job["result"]["failed"] == 1, job
        run = fuzz(app, max_examples=5, parameters={"path.job_id": job["job"]}, path="/api/v1/ingest/{job_id}")
        assert not run.failures, "\n\n".join(run.failures)
        assert 200 in run.statuses, run


def test_a_405_names_every_method_the_api_path_takes(url):
    client = TestClient(create_app(url, token=TOKEN))
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        taken = {method.upper() for method in operations}
        concrete = path.format(event_id=1, article_id="a", code="RUS", tag="Syria", geonameid=1, fmt="csv", job_id="a")
        for method in {"DELETE", "PUT", "PATCH", "TRACE", "POST"} - taken:
            response = client.request(method, concrete)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].split(", ")) == taken, (method, path, response.headers["allow"])
            assert response.json()["error"]


@pytest.mark.parametrize(
    "method, path, allow",
    [
        ("DELETE", "/events", "GET"),
        ("PUT", "/ingest", "GET, POST"),
        ("POST", "/calendar/2016/09", "GET"),
        ("TRACE", "/docs", "GET"),
        ("POST", "/static/style.css", "GET, HEAD"),
    ],
)
def test_a_405_names_every_method_the_page_takes(url, method, path, allow):
    response = TestClient(create_app(url, token=TOKEN)).request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
