"""The web app and HTTP API (FastAPI): a page of events and `/api/v1/events`.

Read-only; every page escapes article text (Jinja2 autoescaping) and the Content-Security-
Policy forbids inline script.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsevents import __version__
from newsevents.export import stored_event_dict
from newsevents.ontology import QUAD_CLASSES
from newsevents.store import Store, StoreError

HERE = Path(__file__).parent
PAGE_SIZE = 200
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "object-src 'none'; frame-ancestors 'none'")


def create_app(db_url: str) -> FastAPI:
    app = FastAPI(title="newsevents", version=__version__,
                  description="Political events coded from news: who did what to whom, when and where.")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def store():
        return Store.open(db_url)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        # The OpenAPI pages are FastAPI's own, with an inline bootstrap script and Swagger UI
        # from its CDN; every page of ours forbids inline script.
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path in ("/docs", "/redoc") else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StoreError)
    async def bad_filter(request: Request, exc: StoreError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    def query(since, until, actor, country, type, cameo, near, search, limit):
        with store() as s:
            return s.events(since=since, until=until, actor=actor, country=country, type=type, cameo=cameo,
                            near=near, search=search, limit=limit)

    @app.get("/api/v1/events")
    def api_events(
        since: str | None = None, until: str | None = None, actor: str | None = None,
        country: str | None = None, type: str | None = None, cameo: str | None = None,
        near: str | None = None, search: str | None = None,
        limit: int = Query(PAGE_SIZE, ge=1, le=1000),
    ):
        events = query(since, until, actor, country, type, cameo, near, search, limit)
        return {"count": len(events), "events": [stored_event_dict(e) for e in events]}

    @app.get("/api/v1/summary")
    def api_summary():
        with store() as s:
            return s.counts()

    @app.get("/", response_class=HTMLResponse)
    def events_page(
        request: Request, since: str | None = None, until: str | None = None, actor: str | None = None,
        country: str | None = None, type: str | None = None, search: str | None = None,
    ):
        try:
            events = query(since, until, actor or None, country or None, type or None, None, None, search or None, PAGE_SIZE)
            error = None
        except StoreError as exc:
            events, error = [], str(exc)
        with store() as s:
            counts = s.counts()
        return templates.TemplateResponse(
            request, "events.html",
            {"events": events, "counts": counts, "error": error, "quad_classes": QUAD_CLASSES,
             "filters": {"since": since or "", "until": until or "", "actor": actor or "",
                         "country": country or "", "type": type or "", "search": search or ""}},
            status_code=400 if error else 200,
        )

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    return app
