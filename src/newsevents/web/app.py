"""The FastAPI application: security headers, limits, errors, the store, and the two route sets
(pages in `pages.py`, the HTTP API in `api.py`).

Safety: article text is untrusted, so templates autoescape and the Content-Security-Policy
forbids inline script (and inline style). Reading needs nothing; writing (ingest) needs the
token from NEWSEVENTS_TOKEN, and is off when it is unset; an accepted article is queued and
coded in a worker process (`jobs.py`), never in the request. Request bodies are capped, page
sizes are capped, and a bad parameter is a 400 with a message, never a 500.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from newsevents import __version__
from newsevents.ontology import QUAD_CLASSES
from newsevents.store import Store, StoreError
from newsevents.store.filters import NEAR_KM
from newsevents.web import jobs, render

HERE = Path(__file__).parent
MAX_BODY = 2 * 1024 * 1024  # bytes of a request body (a pasted or uploaded article)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The API docs page runs Swagger UI from the fastapi-offline package (served here: it works
# offline), started by our own script file; its React views set inline styles.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DATA_SUFFIXES = (".csv", ".json", ".ics")


class Context:
    """What routes share: the store (one connection per worker thread), templates, the token and
    the ingest queue."""

    def __init__(self, db_url: str, token: str | None, ingest_jobs: int = 1):
        self.db_url = db_url
        self.token = token or None
        # Ingest runs off the request path: queued, then coded in worker processes (jobs.py).
        self.ingest_runner = jobs.WorkerIngest(db_url, ingest_jobs)
        self.ingests = jobs.IngestQueue(self.ingest_runner, jobs=ingest_jobs)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        env = self.templates.env
        env.globals.update(
            quad_classes=QUAD_CLASSES,
            near_km=NEAR_KM,
            version=__version__,
            highlight=render.highlight,
            evidence_marks=render.evidence_marks,
            quad_bar=render.quad_bar,
            web_url=render.web_url,
        )
        self._local = threading.local()

    def store(self):
        found = getattr(self._local, "store", None)
        if found is None:
            found = self._local.store = Store.open(self.db_url)
        return found

    def page(self, request: Request, template: str, status_code: int = 200, **values) -> HTMLResponse:
        return self.templates.TemplateResponse(request, template, values, status_code=status_code)

    @staticmethod
    def found(value, what: str):
        """`value`, or a 404 saying what is not there."""
        if value is None:
            raise HTTPException(404, f"no {what}")
        return value

    def check_token(self, given: str | None) -> None:
        """A write needs the server's token: 403 when writing is off or the token is wrong, 401 when none is given."""
        if self.token is None:
            raise HTTPException(403, "writing is disabled on this server: start it with NEWSEVENTS_TOKEN set")
        if not given:
            raise HTTPException(
                401,
                "this needs the API token (Authorization: Bearer TOKEN, or the form's token field)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(403, "wrong API token")

    def close(self) -> None:
        """Stop ingesting: the jobs still waiting fail, the running ones finish, the workers stop."""
        self.ingests.close()
        self.ingest_runner.close()


class ErrorBody(BaseModel):
    """What the API and the downloads answer instead of their result (pages show it on a page)."""

    error: str


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than {limit:,} bytes")


class BodyLimit:
    """ASGI middleware: refuses bodies over `limit` bytes, declared or streamed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = JSONResponse({"error": f"request body larger than {self.limit:,} bytes"}, status_code=413)
            return await response(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        return await self.app(scope, limited, send)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/events.")) or path.endswith(DATA_SUFFIXES)  # /events.xml: a download too


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "bad request: " + "; ".join(parts)


class App(FastAPI):
    """The FastAPI app with this app's OpenAPI document."""

    def openapi(self) -> dict[str, Any]:
        """FastAPI's document less the 422 it gives every operation with parameters: this app
        answers a bad parameter 400 (bad_parameters), and a 422 only where an operation says so."""
        if self.openapi_schema is None:
            document = self.openapi_schema = super().openapi()
            for operations in document["paths"].values():
                for operation in operations.values():
                    if "HTTPValidationError" in str(operation["responses"].get("422")):
                        del operation["responses"]["422"]
            for name in ("HTTPValidationError", "ValidationError"):
                document["components"]["schemas"].pop(name, None)
        return self.openapi_schema


def create_app(
    db_url: str, *, token: str | None = None, max_body: int = MAX_BODY, ingest_jobs: int | None = None
) -> FastAPI:
    """The web app over the store at `db_url`; `token` (default: $NEWSEVENTS_TOKEN) allows ingest,
    `ingest_jobs` articles at a time (default: $NEWSEVENTS_INGEST_JOBS, or 1)."""
    from newsevents.web import api, pages

    ctx = Context(
        db_url, token if token is not None else os.environ.get("NEWSEVENTS_TOKEN"), jobs.ingest_jobs(ingest_jobs)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        await anyio.to_thread.run_sync(ctx.close)  # waits for the running ingest

    app = App(
        title="newsevents",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        description="Political events coded from news: who did what to whom, when and where, each traced "
        "to the sentence that reports it. Every list takes the same filters and pages with "
        "limit/offset; bad parameters are answered 400 with a message.",
    )
    app.state.ctx = ctx
    routers = (api.router(ctx), pages.router(ctx))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount(
        "/swagger-ui", StaticFiles(directory=str(resources.files("fastapi_offline") / "static")), name="swagger-ui"
    )
    app.add_middleware(BodyLimit, limit=max_body)
    app.middleware("http")(security_headers)
    _answer_errors(app, ctx, routers)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request):
        return ctx.page(request, "docs.html")

    @app.get("/healthz", include_in_schema=False)
    def health():
        return {"status": "ok"}

    for routes in routers:
        app.include_router(routes)
    return app


async def security_headers(request: Request, call_next):
    """The security headers of every answer, and the time the server spent on it."""
    started = time.perf_counter()
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    # The time the server spent (for `newsevents bench web` and browsers' developer tools).
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


def _answer_errors(app: FastAPI, ctx: Context, routers: Sequence[APIRouter]) -> None:
    """A bad parameter, a filter the store refuses and an HTTP error are answered with the app's
    error body (the API and downloads) or error page (the pages)."""

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return ctx.page(request, "error.html", status_code=status, status=status, message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        return error(request, 400, _validation_message(exc))

    @app.exception_handler(StoreError)
    async def bad_filter(request: Request, exc: StoreError):
        return error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        response = error(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = allowed_methods(request.url.path)
        return response

    def allowed_methods(path: str) -> str:
        """Every method taken at `path`: Starlette's Allow names only the first route it found
        there (GET where POST is taken too), and the static files' none."""
        included = (route for routes in routers for route in routes.routes)
        routes = [r for r in (*app.router.routes, *included) if isinstance(r, Route)]
        methods = set().union(*(r.methods or () for r in routes if r.path_regex.match(path)))
        return ", ".join(sorted(methods)) or "GET, HEAD"
