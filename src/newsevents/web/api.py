"""The HTTP API (`/api/v1/...`), the downloads of an events page and the iCalendar feed.

Lists answer {"items": [...], "limit", "offset", "next"}: `next` is the URL of the following
page, or null at the end. The event filters are those of `newsevents events`.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from newsevents.export import stored_event_dict, write_csv, write_ics
from newsevents.store.filters import DAY, PERIOD, TEXT, WORDS, blank_or
from newsevents.store.summaries import TAG_KINDS
from newsevents.web.app import MAX_BODY, Context, ErrorBody
from newsevents.web.jobs import KEEP_FINISHED, MAX_QUEUED, RETRY_AFTER_SECONDS, Job, QueueFull
from newsevents.web.params import MAX_OFFSET, MAX_PAGE, EventFilters, Paging

V1 = "/api/v1"
DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "ics": "text/calendar; charset=utf-8"}
MAX_FEED = 2_000  # the newest events of a filter in the iCalendar feed
# Starlette's path parameters end at a line break, and the store takes no NUL (see store.filters.TEXT).
TAG_PATH = Path(
    ...,
    min_length=1,
    max_length=100,
    description="a tag as shown on article pages (any case)",
    json_schema_extra={"pattern": r"^[^\x00\n]+$"},
)
ACTOR_CODE = Path(
    ...,
    max_length=15,
    description="an actor code (RUS, USAGOV) or its start",
    json_schema_extra={"pattern": r"^[A-Za-z0-9]{3,15}$"},
)

# What each answer other than success holds: the app's error body (app.error), with why it is given.
Responses = dict[int | str, dict[str, Any]]  # as FastAPI takes them
BAD_REQUEST: Responses = {
    400: {"model": ErrorBody, "description": "a parameter is malformed or out of range: the message says which"}
}
NOT_FOUND: Responses = {404: {"model": ErrorBody, "description": "no such thing in the store"}}
TEXT_BODY = {"schema": {"type": "string"}}


class ArticleIn(BaseModel):
    """An article to ingest: its text (or HTML), with what is known about it."""

    # "Its text or its html": the ingest refuses an article with neither (a 400).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
                {"required": ["html"], "properties": {"html": {"type": "string", "minLength": 1}}},
            ]
        }
    )

    text: str | None = Field(None, description="the article's text (plain, or a scraped page)")
    html: str | None = Field(None, description="the page's HTML, instead of text")
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(
        None, max_length=40, description="publication date, YYYY-MM-DD", json_schema_extra={"pattern": f"^{DAY}$"}
    )
    url: str | None = Field(None, max_length=4000)


class IngestFailure(BaseModel):
    stage: str = Field(description="the stage of the pipeline that failed (read, extract, code...)")
    reason: str


class IngestedArticle(BaseModel):
    id: str
    title: str | None
    published: str | None
    event_ids: list[int]


class IngestResult(BaseModel):
    """What became of an ingested article: stored, or a duplicate of one stored before, with its events."""

    stored: int
    duplicates: int
    near_duplicates: int
    failed: int
    errors: list[IngestFailure]
    articles: list[IngestedArticle]


class IngestAccepted(BaseModel):
    """An article queued to ingest, and where to see what becomes of it."""

    job: str
    status: Literal["queued"]
    status_url: str


class IngestJob(BaseModel):
    """An ingest job. `result`: what became of the article, once the job ran; `error`: why it
    failed (an article the pipeline could not read fails with both)."""

    job: str
    status: Literal["queued", "running", "done", "failed"]
    status_url: str
    submitted: str = Field(description="when it was queued (UTC, ISO 8601)")
    started: str | None
    finished: str | None
    result: IngestResult | None
    error: str | None


def _next(request: Request, shown: int, limit: int, offset: int) -> str | None:
    if shown < limit or offset + limit > MAX_OFFSET:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


def _page(request: Request, items: list, limit: int, offset: int, **extra) -> dict:
    return {
        **extra,
        "items": items,
        "limit": limit,
        "offset": offset,
        "next": _next(request, len(items), limit, offset),
    }


def event_page(ctx: Context, filters: EventFilters, paging: Paging):
    return ctx.store().events(**filters.given(), **paging.given())


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return authorization


def queue_ingest(ctx: Context, data: bytes) -> Job:
    """Queue a document to ingest, or a 503 (with Retry-After) when the queue is full."""
    try:
        return ctx.ingests.submit(data)
    except QueueFull as exc:
        raise HTTPException(
            503,
            f"cannot take more articles now: {exc}; try again later",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from None


def job_url(job_id: str) -> str:
    return f"{V1}/ingest/{job_id}"


def _time(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


def job_dict(job: Job) -> dict:
    return {
        "job": job.id,
        "status": job.status,
        "status_url": job_url(job.id),
        "submitted": _time(job.submitted),
        "started": _time(job.started),
        "finished": _time(job.finished),
        "result": job.result,
        "error": job.error,
    }


def router(ctx: Context) -> APIRouter:
    """The API's routes and the downloads, each group added in the order of the document."""
    r = APIRouter(responses=BAD_REQUEST)
    for add_routes in (_event_routes, _article_routes, _ingest_routes, _overview_routes, _download_routes):
        add_routes(r, ctx)
    return r


def _event_routes(r: APIRouter, ctx: Context) -> None:
    """Events: a page of them, one with its reports, counts per day, and search."""

    @r.get(f"{V1}/events", tags=["events"])
    def events(request: Request, filters: EventFilters = Depends(), paging: Paging = Depends()):
        """Events matching every filter, a page at a time."""
        found = event_page(ctx, filters, paging)
        return _page(request, [stored_event_dict(e) for e in found], paging.limit, paging.offset, sort=paging.sort)

    @r.get(f"{V1}/events/{{event_id}}", tags=["events"], responses=NOT_FOUND)
    def event(event_id: int = Path(..., ge=1, le=2**62)):
        """One event with every report of it: the sentence and the offsets of its trigger, source and target."""
        store = ctx.store()
        found = ctx.found(store.event(event_id), f"event {event_id}")
        return {**stored_event_dict(found), "reports": store.reports(event_id)}

    @r.get(f"{V1}/calendar", tags=["events"])
    def calendar(
        filters: EventFilters = Depends(),
        precision: Literal["day", "month", "year"] = Query(
            "day", description="count the events dated to the day (per day), only to the month, or only to the year"
        ),
    ):
        """Events per day and quad class for the days that have any (or per month or year, for
        events dated only so far)."""
        return {"days": ctx.store().calendar(**filters.given(), precision=precision)}

    @r.get(f"{V1}/search", tags=["events"])
    def search(
        request: Request,
        q: str = Query(
            ..., min_length=1, max_length=200, description="words to find", json_schema_extra={"pattern": f"^{WORDS}$"}
        ),
        limit: int = Query(20, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Events whose evidence sentence, and articles whose text, hold the words."""
        store = ctx.store()
        found = store.events(search=q, sort="-date", limit=limit, offset=offset)
        articles = store.articles(search=q, limit=limit, offset=offset)
        more = len(found) >= limit or len(articles) >= limit
        return {
            "q": q,
            "events": [stored_event_dict(e) for e in found],
            "articles": articles,
            "limit": limit,
            "offset": offset,
            "next": str(request.url.include_query_params(offset=offset + limit)) if more else None,
        }


def _article_routes(r: APIRouter, ctx: Context) -> None:
    """The stored articles, and one with its text."""

    @r.get(f"{V1}/articles", tags=["articles"])
    def articles(
        request: Request,
        tag: str | None = Query(None, max_length=100, json_schema_extra=blank_or(TEXT)),
        search: str | None = Query(None, max_length=200, json_schema_extra=blank_or(WORDS)),
        since: str | None = Query(None, max_length=32, json_schema_extra=blank_or(PERIOD)),
        until: str | None = Query(None, max_length=32, json_schema_extra=blank_or(PERIOD)),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Articles, newest first."""
        found = ctx.store().articles(
            tag=tag or None, search=search or None, since=since or None, until=until or None, limit=limit, offset=offset
        )
        return _page(request, found, limit, offset)

    @r.get(f"{V1}/articles/{{article_id}}", tags=["articles"], responses=NOT_FOUND)
    def article(article_id: str = Path(..., max_length=64, json_schema_extra={"pattern": f"^{TEXT}$"})):
        """One article: text, dateline, agency, date, tags and the ids of its events."""
        return ctx.found(ctx.store().article(article_id), f"article {article_id}")


def _ingest_routes(r: APIRouter, ctx: Context) -> None:
    """Queueing an article to ingest, and the job that ingests it."""

    @r.post(
        f"{V1}/articles",
        tags=["articles"],
        status_code=202,
        responses={
            202: {
                "model": IngestAccepted,
                "description": "queued: the job's status is at `status_url` (and Location)",
                "headers": {"Location": {"schema": {"type": "string"}, "description": "the job's status URL"}},
            },
            401: {
                "model": ErrorBody,
                "description": "no token given",
                "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
            },
            403: {
                "model": ErrorBody,
                "description": "a wrong token, or writing is off on this server (no NEWSEVENTS_TOKEN)",
            },
            413: {
                "model": ErrorBody,
                "description": f"a body larger than the server's limit ({MAX_BODY:,} bytes by default)",
            },
            503: {
                "model": ErrorBody,
                "description": f"the ingest queue is full ({MAX_QUEUED} articles waiting), or the server is stopping",
                "headers": {"Retry-After": {"schema": {"type": "string"}, "description": "seconds to wait"}},
            },
        },
    )
    def add_article(article: ArticleIn = Body(...), authorization: str | None = Header(None)):
        """Queue an article to ingest (needs the API token: `Authorization: Bearer TOKEN`). The
        answer links to the job: poll it until its status is done or failed."""
        ctx.check_token(_bearer(authorization))
        if not (article.text or article.html):
            raise HTTPException(400, "an article needs its text or its html")
        if article.date is not None:
            try:
                date.fromisoformat(article.date[:10])
            except ValueError:
                raise HTTPException(400, f"date must be YYYY-MM-DD, not {article.date!r}") from None
        record = {k: v for k, v in article.model_dump().items() if v is not None}
        job = queue_ingest(ctx, (json.dumps(record) + "\n").encode("utf-8"))
        return JSONResponse(
            {"job": job.id, "status": job.status, "status_url": job_url(job.id)},
            status_code=202,
            headers={"Location": job_url(job.id)},
        )

    @r.get(
        f"{V1}/ingest/{{job_id}}",
        tags=["articles"],
        response_model=IngestJob,
        responses={
            404: {
                "model": ErrorBody,
                "description": "no such job: never queued, or forgotten (the server keeps the "
                f"last {KEEP_FINISHED:,} finished jobs until it restarts)",
            }
        },
    )
    def ingest_job(job_id: str = Path(..., max_length=64, description="the `job` the ingest answered")):
        """An ingest job: queued, running, done (with what became of the article: as stored, or
        a duplicate of one stored before, with its events) or failed (with why)."""
        return job_dict(ctx.found(ctx.ingests.job(job_id), f"ingest job {job_id}"))


def _overview_routes(r: APIRouter, ctx: Context) -> None:
    """The store by actor, tag and place, the map of events, and its counts."""

    @r.get(f"{V1}/actors", tags=["actors"])
    def actors(
        request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)
    ):
        """Actor codes by number of events, with their main partners."""
        return _page(request, ctx.store().actors(limit=limit, offset=offset), limit, offset)

    @r.get(f"{V1}/actors/{{code}}", tags=["actors"], responses=NOT_FOUND)
    def actor(code: str = ACTOR_CODE):
        """An actor code (and the codes under it) with its timeline of mean Goldstein per week
        with each main partner."""
        return ctx.found(ctx.store().actor(code), f"actor {code}")

    @r.get(f"{V1}/tags", tags=["tags"])
    def tags(
        request: Request,
        kind: str | None = Query(None, max_length=10, json_schema_extra={"enum": ["", *TAG_KINDS]}),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Tags by number of articles (kind: page, actor, place, event, term)."""
        return _page(request, ctx.store().tags(kind=kind or None, limit=limit, offset=offset), limit, offset)

    @r.get(
        f"{V1}/tags/{{tag:path}}",
        tags=["tags"],
        responses={404: {"model": ErrorBody, "description": "a tag with a line break, which no route takes"}},
    )
    def tag(
        request: Request,
        tag: str = TAG_PATH,
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """The articles with a tag, newest first."""
        return _page(request, ctx.store().articles(tag=tag, limit=limit, offset=offset), limit, offset, tag=tag)

    @r.get(f"{V1}/places", tags=["places"])
    def places(
        request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)
    ):
        """Places by number of events located there."""
        return _page(request, ctx.store().places(limit=limit, offset=offset), limit, offset)

    @r.get(f"{V1}/places/{{geonameid}}", tags=["places"], responses=NOT_FOUND)
    def place(geonameid: int = Path(..., ge=1, le=10**11)):
        """A place (GeoNames id) with its number of events."""
        return ctx.found(ctx.store().place(geonameid), f"place {geonameid}")

    @r.get(f"{V1}/map", tags=["places"])
    def map_points(filters: EventFilters = Depends()):
        """The places of the matching events with their counts per quad class."""
        return {"places": ctx.store().map_points(**filters.given())}

    @r.get(f"{V1}/summary", tags=["events"])
    def summary():
        """How many articles, events, actors, places and errors the store holds, and the sources
        `newsevents watch` polls: each one's last poll, its answer and the articles it brought."""
        store = ctx.store()
        return {**store.counts(), "watched": store.watched_sources()}


def _download_routes(r: APIRouter, ctx: Context) -> None:
    """The events of an events page as a file, and the iCalendar feed."""

    @r.get(
        "/events.{fmt}",
        tags=["downloads"],
        response_class=Response,
        responses={
            200: {
                "content": {
                    "text/csv": TEXT_BODY,
                    "text/calendar": TEXT_BODY,
                    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                }
            }
        },
    )
    def events_download(
        fmt: Literal["csv", "json", "ics"], filters: EventFilters = Depends(), paging: Paging = Depends()
    ):
        """The events of an events page as CSV, JSON or iCalendar (the same filters, sort, limit and offset)."""
        found = event_page(ctx, filters, paging)
        if fmt == "json":
            text = json.dumps([stored_event_dict(e) for e in found], ensure_ascii=False)
        else:
            out = io.StringIO()
            (write_csv if fmt == "csv" else write_ics)(found, out)
            text = out.getvalue()
        return Response(
            text,
            media_type=DOWNLOAD_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'},
        )

    @r.get(
        "/calendar.ics",
        tags=["downloads"],
        response_class=Response,
        responses={200: {"content": {"text/calendar": TEXT_BODY}}},
    )
    def calendar_feed(filters: EventFilters = Depends()):
        """An iCalendar feed of the newest events (up to 2,000) matching the filters, to subscribe to."""
        out = io.StringIO()
        write_ics(ctx.store().iter_events(**filters.given(), sort="-date", limit=MAX_FEED), out)
        return Response(out.getvalue(), media_type="text/calendar; charset=utf-8")
