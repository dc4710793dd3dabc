"""The HTTP API (`/api/v1/...`), the downloads of an events page and the iCalendar feed.

Lists answer {"items": [...], "limit", "offset", "next"}: `next` is the URL of the following
page, or null at the end. The event filters are those of `newsevents events`.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Literal

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from newsevents.export import stored_event_dict, write_csv, write_ics
from newsevents.web.app import Context
from newsevents.web.params import MAX_OFFSET, MAX_PAGE, EventFilters, Paging

DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "ics": "text/calendar; charset=utf-8"}
MAX_FEED = 2_000  # the newest events of a filter in the iCalendar feed
TAG_PATH = Path(..., max_length=100, description="a tag as shown on article pages (any case)")


class ArticleIn(BaseModel):
    """An article to ingest: its text (or HTML), with what is known about it."""

    text: str | None = Field(None, description="the article's text (plain, or a scraped page)")
    html: str | None = Field(None, description="the page's HTML, instead of text")
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, max_length=40, description="publication date, YYYY-MM-DD")
    url: str | None = Field(None, max_length=4000)


def _next(request: Request, shown: int, limit: int, offset: int) -> str | None:
    if shown < limit or offset + limit > MAX_OFFSET:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


def _page(request: Request, items: list, limit: int, offset: int, **extra) -> dict:
    return {**extra, "items": items, "limit": limit, "offset": offset, "next": _next(request, len(items), limit, offset)}


def event_page(ctx: Context, filters: EventFilters, paging: Paging):
    return ctx.store().events(**filters.given(), **paging.given())


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return authorization


def ingest_bytes(ctx: Context, data: bytes) -> dict:
    """Ingest one document (text, HTML, or a JSON object with text/html and its metadata) through
    the pipeline the CLI uses; returns what became of it with the events of its articles."""
    from newsevents.ingesting import ingest

    store = ctx.store()
    with ctx.ingest_lock():
        summary = ingest(["-"], store, stdin=io.BytesIO(data))
    articles = []
    for article_id in dict.fromkeys(summary.article_ids):
        article = store.article(article_id)
        if article is not None:
            articles.append({"id": article_id, "title": article["title"], "published": article["published"],
                             "event_ids": article["event_ids"]})
    return {
        "stored": summary.stored, "duplicates": summary.duplicates, "near_duplicates": summary.near_duplicates,
        "failed": summary.failed, "errors": [{"stage": f.stage, "reason": f.reason} for f in summary.failures],
        "articles": articles,
    }


def router(ctx: Context) -> APIRouter:
    r = APIRouter()
    v1 = "/api/v1"

    @r.get(f"{v1}/events", tags=["events"])
    def events(request: Request, filters: EventFilters = Depends(), paging: Paging = Depends()):
        """Events matching every filter, a page at a time."""
        found = event_page(ctx, filters, paging)
        return _page(request, [stored_event_dict(e) for e in found], paging.limit, paging.offset, sort=paging.sort)

    @r.get(f"{v1}/events/{{event_id}}", tags=["events"])
    def event(event_id: int = Path(..., ge=1, le=2**62)):
        """One event with every report of it: the sentence and the offsets of its trigger, source and target."""
        store = ctx.store()
        found = ctx.found(store.event(event_id), f"event {event_id}")
        return {**stored_event_dict(found), "reports": store.reports(event_id)}

    @r.get(f"{v1}/calendar", tags=["events"])
    def calendar(filters: EventFilters = Depends(),
                 precision: Literal["day", "month", "year"] = Query("day", description="count the events dated to the "
                                                                    "day (per day), only to the month, or only to the year")):
        """Events per day and quad class for the days that have any (or per month or year, for events dated only so far)."""
        return {"days": ctx.store().calendar(**filters.given(), precision=precision)}

    @r.get(f"{v1}/search", tags=["events"])
    def search(request: Request, q: str = Query(..., min_length=1, max_length=200, description="words to find"),
               limit: int = Query(20, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Events whose evidence sentence, and articles whose text, hold the words."""
        store = ctx.store()
        found = store.events(search=q, sort="-date", limit=limit, offset=offset)
        articles = store.articles(search=q, limit=limit, offset=offset)
        more = len(found) >= limit or len(articles) >= limit
        return {"q": q, "events": [stored_event_dict(e) for e in found], "articles": articles,
                "limit": limit, "offset": offset,
                "next": str(request.url.include_query_params(offset=offset + limit)) if more else None}

    @r.get(f"{v1}/articles", tags=["articles"])
    def articles(request: Request, tag: str | None = Query(None, max_length=100),
                 search: str | None = Query(None, max_length=200), since: str | None = Query(None, max_length=32),
                 until: str | None = Query(None, max_length=32), limit: int = Query(50, ge=1, le=MAX_PAGE),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Articles, newest first."""
        found = ctx.store().articles(tag=tag or None, search=search or None, since=since or None,
                                     until=until or None, limit=limit, offset=offset)
        return _page(request, found, limit, offset)

    @r.get(f"{v1}/articles/{{article_id}}", tags=["articles"])
    def article(article_id: str = Path(..., max_length=64)):
        """One article: text, dateline, agency, date, tags and the ids of its events."""
        return ctx.found(ctx.store().article(article_id), f"article {article_id}")

    @r.post(f"{v1}/articles", tags=["articles"], status_code=201)
    def add_article(article: ArticleIn = Body(...), authorization: str | None = Header(None)):
        """Ingest an article (needs the API token: `Authorization: Bearer TOKEN`)."""
        ctx.check_token(_bearer(authorization))
        if not (article.text or article.html):
            raise HTTPException(400, "an article needs its text or its html")
        if article.date is not None:
            try:
                date.fromisoformat(article.date[:10])
            except ValueError:
                raise HTTPException(400, f"date must be YYYY-MM-DD, not {article.date!r}") from None
        record = {k: v for k, v in article.model_dump().items() if v is not None}
        result = ingest_bytes(ctx, (json.dumps(record) + "\n").encode("utf-8"))
        if result["failed"] and not result["articles"]:
            return JSONResponse({"error": "the article could not be read", **result}, status_code=422)
        return result

    @r.get(f"{v1}/actors", tags=["actors"])
    def actors(request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Actor codes by number of events, with their main partners."""
        return _page(request, ctx.store().actors(limit=limit, offset=offset), limit, offset)

    @r.get(f"{v1}/actors/{{code}}", tags=["actors"])
    def actor(code: str = Path(..., max_length=15)):
        """An actor code (and the codes under it) with its timeline of mean Goldstein per week with each main partner."""
        return ctx.found(ctx.store().actor(code), f"actor {code}")

    @r.get(f"{v1}/tags", tags=["tags"])
    def tags(request: Request, kind: str | None = Query(None, max_length=10), limit: int = Query(50, ge=1, le=MAX_PAGE),
             offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Tags by number of articles (kind: page, actor, place, event, term)."""
        return _page(request, ctx.store().tags(kind=kind or None, limit=limit, offset=offset), limit, offset)

    @r.get(f"{v1}/tags/{{tag:path}}", tags=["tags"])
    def tag(request: Request, tag: str = TAG_PATH, limit: int = Query(50, ge=1, le=MAX_PAGE),
            offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """The articles with a tag, newest first."""
        return _page(request, ctx.store().articles(tag=tag, limit=limit, offset=offset), limit, offset, tag=tag)

    @r.get(f"{v1}/places", tags=["places"])
    def places(request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Places by number of events located there."""
        return _page(request, ctx.store().places(limit=limit, offset=offset), limit, offset)

    @r.get(f"{v1}/places/{{geonameid}}", tags=["places"])
    def place(geonameid: int = Path(..., ge=1, le=10**11)):
        """A place (GeoNames id) with its number of events."""
        return ctx.found(ctx.store().place(geonameid), f"place {geonameid}")

    @r.get(f"{v1}/map", tags=["places"])
    def map_points(filters: EventFilters = Depends()):
        """The places of the matching events with their counts per quad class."""
        return {"places": ctx.store().map_points(**filters.given())}

    @r.get(f"{v1}/summary", tags=["events"])
    def summary():
        """How many articles, events, actors, places and errors the store holds, and the sources
        `newsevents watch` polls: each one's last poll, its answer and the articles it brought."""
        store = ctx.store()
        return {**store.counts(), "watched": store.watched_sources()}

    @r.get("/events.{fmt}", tags=["downloads"])
    def events_download(fmt: Literal["csv", "json", "ics"], filters: EventFilters = Depends(),
                        paging: Paging = Depends()):
        """The events of an events page as CSV, JSON or iCalendar (the same filters, sort, limit and offset)."""
        found = event_page(ctx, filters, paging)
        if fmt == "json":
            text = json.dumps([stored_event_dict(e) for e in found], ensure_ascii=False)
        else:
            out = io.StringIO()
            (write_csv if fmt == "csv" else write_ics)(found, out)
            text = out.getvalue()
        return Response(text, media_type=DOWNLOAD_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})

    @r.get("/calendar.ics", tags=["downloads"])
    def calendar_feed(filters: EventFilters = Depends()):
        """An iCalendar feed of the newest events (up to 2,000) matching the filters, to subscribe to."""
        out = io.StringIO()
        write_ics(ctx.store().iter_events(**filters.given(), sort="-date", limit=MAX_FEED), out)
        return Response(out.getvalue(), media_type="text/calendar; charset=utf-8")

    return r
