"""The web pages: calendar (month and year), events, event, article, tag, actor, place, map,
the summary (with the watched sources) and the ingest form. Server-rendered; links are stable and carry the filters."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from newsevents.export.ics import summary
from newsevents.ontology import PLOVER_TYPES
from newsevents.ontology import cameo as cameo_entry
from newsevents.web import render
from newsevents.web.api import event_page, queue_ingest
from newsevents.web.app import Context
from newsevents.web.charts import MapPoint, timeline, world_map
from newsevents.web.params import MAX_OFFSET, MAX_PAGE, EventFilters, Paging

YEAR = Path(..., ge=1, le=9999)
JOB_REFRESH_SECONDS = 2  # how often an ingest job's page reloads itself while the job waits or runs
MAP_POINTS = 2_000  # places drawn on a map
# Regions to zoom the map to (min_lon,min_lat,max_lon,max_lat).
REGIONS = {
    "World": "",
    "Europe": "-25,34,45,72",
    "Middle East": "25,12,63,42",
    "Africa": "-20,-36,55,38",
    "Asia": "60,-11,150,55",
    "Americas": "-170,-56,-30,72",
}


def _dominant(counts: dict) -> int:
    return int(max(("1", "2", "3", "4"), key=lambda q: (counts.get(q, 0), q)))


def _map(places: list[dict], bbox=None):
    points = [
        MapPoint(
            lat=p["lat"],
            lon=p["lon"],
            quad_class=_dominant(p["quad_classes"]),
            label=f"{p['name']}: {p['events']} events",
            href=f"/places/{p['geonameid']}",
            count=p["events"],
        )
        for p in places[:MAP_POINTS]
        if p["lat"] is not None and p["lon"] is not None
    ]
    return world_map(points, bbox=bbox)


def _bbox(text: str) -> tuple[float, float, float, float]:
    """ "min_lon,min_lat,max_lon,max_lat" as numbers, or a 400 saying what is wrong."""
    try:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in text.split(","))
    except ValueError:
        raise HTTPException(400, f"bbox must be min_lon,min_lat,max_lon,max_lat in degrees, not {text!r}") from None
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise HTTPException(400, "bbox must have -180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


def _base(filters: EventFilters | None = None, **values) -> dict:
    """What every page's template is given."""
    return {"filters": filters, "plover_types": PLOVER_TYPES, **values}


def _listing(
    ctx: Context, request: Request, template: str, filters: EventFilters, paging: Paging, **values
) -> HTMLResponse:
    """A page about one thing (a tag, an actor, a place) with a page of its events."""
    found = event_page(ctx, filters, paging)
    return ctx.page(
        request,
        template,
        **_base(
            filters,
            events=found,
            paging=paging,
            pager=render.pages(paging.offset, paging.limit, len(found)),
            query=filters.query(),
            **values,
        ),
    )


def router(ctx: Context) -> APIRouter:
    """The pages, each group added in turn."""
    r = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    for add_routes in (_calendar_routes, _event_routes, _article_routes, _overview_routes, _store_routes):
        add_routes(r, ctx)
    return r


def _calendar_routes(r: APIRouter, ctx: Context) -> None:
    """The calendar: a month, a year, and the way to the month to show."""

    @r.get("/")
    def home():
        return RedirectResponse("/calendar", status_code=302)

    @r.get("/calendar")
    def calendar_now(
        request: Request,
        filters: EventFilters = Depends(),
        month: str | None = Query(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM to go to"),
    ):
        """A given month (the calendar's "go to" form), else the month of the newest event that
        matches (this month when none does)."""
        if month:
            year, number = int(month[:4]), int(month[5:])
        else:
            newest = ctx.store().events(**filters.without("since", "until"), sort="-date", limit=1)
            when = newest[0].event.date if newest and newest[0].event.date else date.today()
            year, number = when.year, when.month
        query = filters.query()
        return RedirectResponse(f"/calendar/{year}/{number:02d}" + (f"?{query}" if query else ""), status_code=302)

    @r.get("/calendar/{year}/{month}")
    def calendar_month(
        request: Request, year: int = YEAR, month: int = Path(..., ge=1, le=12), filters: EventFilters = Depends()
    ):
        first = date(year, month, 1)
        last = date(year, month, monthrange(year, month)[1])
        store = ctx.store()
        period = {**filters.without("since", "until"), "since": first.isoformat(), "until": last.isoformat()}
        counted = store.calendars(**period)
        days = {d["date"]: d for d in counted["day"]}
        totals = {q: sum(d["quad_classes"][q] for d in days.values()) for q in ("1", "2", "3", "4")}
        vaguer = sum(d["events"] for d in counted["month"])
        return ctx.page(
            request,
            "calendar_month.html",
            **_base(
                filters,
                year=year,
                month=month,
                first=first,
                weeks=render.month_grid(year, month, days),
                vaguer=vaguer,
                total=sum(totals.values()),
                totals=totals,
                previous=render.shift_month(year, month, -1),
                next=render.shift_month(year, month, 1),
                query=filters.query(),
                day_query=filters.without("since", "until"),
            ),
        )

    @r.get("/calendar/{year}")
    def calendar_year(request: Request, year: int = YEAR, filters: EventFilters = Depends()):
        store = ctx.store()
        period = {**filters.without("since", "until"), "since": f"{year:04d}-01-01", "until": f"{year:04d}-12-31"}
        counted = store.calendars(**period)
        days = {d["date"]: d for d in counted["day"]}
        months = {d["date"]: d["events"] for d in counted["month"]}
        in_year = sum(d["events"] for d in counted["year"])
        return ctx.page(
            request,
            "calendar_year.html",
            **_base(
                filters,
                year=year,
                rows=render.year_rows(year, days, months),
                in_year=in_year,
                total=sum(d["events"] for d in days.values()) + sum(months.values()) + in_year,
                query=filters.query(),
                day_query=filters.without("since", "until"),
            ),
        )


def _event_routes(r: APIRouter, ctx: Context) -> None:
    """An events page and an event with its reports."""

    @r.get("/events")
    def events(request: Request, filters: EventFilters = Depends(), paging: Paging = Depends()):
        found = event_page(ctx, filters, paging)
        return ctx.page(
            request,
            "events.html",
            **_base(
                filters,
                events=found,
                paging=paging,
                pager=render.pages(paging.offset, paging.limit, len(found)),
                query=filters.query(),
                page_query=filters.query(**paging.given()),
            ),
        )

    @r.get("/events/{event_id}")
    def event(request: Request, event_id: int = Path(..., ge=1, le=2**62)):
        store = ctx.store()
        found = ctx.found(store.event(event_id), f"event {event_id}")
        return ctx.page(
            request,
            "event.html",
            **_base(
                stored=found,
                e=found.event,
                cameo=cameo_entry(found.event.cameo_code),
                headline=summary(found),
                reports=store.reports(event_id),
            ),
        )


def _article_routes(r: APIRouter, ctx: Context) -> None:
    """The articles and one with its events highlighted."""

    @r.get("/articles")
    def articles(
        request: Request,
        search: str | None = Query(None, max_length=200),
        tag: str | None = Query(None, max_length=100),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        found = ctx.store().articles(search=search or None, tag=tag or None, limit=limit, offset=offset)
        return ctx.page(
            request,
            "articles.html",
            **_base(
                articles=found,
                search=search or "",
                tag=tag or "",
                limit=limit,
                pager=render.pages(offset, limit, len(found)),
            ),
        )

    @r.get("/articles/{article_id}")
    def article(request: Request, article_id: str = Path(..., max_length=64)):
        store = ctx.store()
        found = ctx.found(store.article(article_id), f"article {article_id}")
        spans = [
            (v["span"][0], v["span"][1], "evidence", f"/events/{v['event_id']}", f"evidence-{v['event_id']}")
            for v in found["evidence"]
        ]
        return ctx.page(
            request,
            "article.html",
            **_base(
                article=found,
                body=render.highlight(found["text"], spans),
                events=store.events_by_id(found["event_ids"]),
            ),
        )


def _overview_routes(r: APIRouter, ctx: Context) -> None:
    """Tags, actors and places, each with a page of its events, and the map."""

    @r.get("/tags")
    def tags(
        request: Request,
        kind: str | None = Query(None, max_length=10),
        limit: int = Query(200, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        found = ctx.store().tags(kind=kind or None, limit=limit, offset=offset)
        return ctx.page(
            request,
            "tags.html",
            **_base(tags=found, kind=kind or "", limit=limit, pager=render.pages(offset, limit, len(found))),
        )

    @r.get("/tags/{tag:path}")
    def tag(request: Request, tag: str = Path(..., max_length=100), paging: Paging = Depends()):
        return _listing(
            ctx,
            request,
            "tag.html",
            EventFilters.of(tag=tag),
            paging,
            tag=tag,
            articles=ctx.store().articles(tag=tag, limit=20),
        )

    @r.get("/actors")
    def actors(
        request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)
    ):
        found = ctx.store().actors(limit=limit, offset=offset)
        return ctx.page(
            request, "actors.html", **_base(actors=found, limit=limit, pager=render.pages(offset, limit, len(found)))
        )

    @r.get("/actors/{code}")
    def actor(request: Request, code: str = Path(..., max_length=15), paging: Paging = Depends()):
        store = ctx.store()
        found = ctx.found(store.actor(code), f"actor {code}")
        return _listing(
            ctx,
            request,
            "actor.html",
            EventFilters.of(actor=found["code"]),
            paging,
            actor=found,
            chart=timeline(render.week_series(found["partners"])),
        )

    @r.get("/places")
    def places(
        request: Request, limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)
    ):
        found = ctx.store().places(limit=limit, offset=offset)
        return ctx.page(
            request, "places.html", **_base(places=found, limit=limit, pager=render.pages(offset, limit, len(found)))
        )

    @r.get("/places/{geonameid}")
    def place(request: Request, geonameid: int = Path(..., ge=1, le=10**11), paging: Paging = Depends()):
        store = ctx.store()
        found = ctx.found(store.place(geonameid), f"place {geonameid}")
        lat, lon = found["lat"], found["lon"]
        chart = _map(store.map_points(near=str(geonameid)), bbox=(lon - 12, lat - 8, lon + 12, lat + 8))
        return _listing(
            ctx, request, "place.html", EventFilters.of(place=str(geonameid)), paging, place=found, chart=chart
        )

    @r.get("/map")
    def map_page(
        request: Request,
        filters: EventFilters = Depends(),
        bbox: str | None = Query(None, max_length=80, description="min_lon,min_lat,max_lon,max_lat to zoom to"),
    ):
        box = _bbox(bbox) if bbox else None
        found = ctx.store().map_points(**filters.given())
        return ctx.page(
            request,
            "map.html",
            **_base(
                filters,
                chart=_map(found, bbox=box),
                places=found[:50],
                total=sum(p["events"] for p in found),
                query=filters.query(),
                regions=REGIONS,
                bbox=bbox or "",
            ),
        )


def _store_routes(r: APIRouter, ctx: Context) -> None:
    """What the store holds, and the ingest form with its jobs."""

    @r.get("/summary")
    def summary_page(request: Request):
        """What the store holds, and each watched source's last poll, its answer and the articles it brought."""
        store = ctx.store()
        return ctx.page(
            request,
            "summary.html",
            **_base(counts=store.counts(), watched=[s for s in store.watched_sources() if s["parent"] is None]),
        )

    @r.get("/ingest")
    def ingest_form(request: Request):
        return ctx.page(request, "ingest.html", **_base(enabled=ctx.token is not None))

    @r.post("/ingest")
    def ingest_post(
        request: Request,
        token: str = Form(""),
        text: str = Form("", max_length=2_000_000),
        file: UploadFile | None = File(None),
    ):
        """Queue the pasted text or the file: a page that follows the job (202)."""
        ctx.check_token(token)
        data = file.file.read() if file is not None and file.filename else text.encode("utf-8")
        if not data.strip():
            raise HTTPException(400, "paste a text or choose a file to ingest")
        job = queue_ingest(ctx, data)
        return ctx.page(request, "ingest_job.html", status_code=202, **_base(job=job, refresh=JOB_REFRESH_SECONDS))

    @r.get("/ingest/{job_id}")
    def ingest_job(request: Request, job_id: str = Path(..., max_length=64)):
        """An ingest job's state, the page reloading itself until it is done (or failed)."""
        job = ctx.found(ctx.ingests.job(job_id), f"ingest job {job_id}")
        refresh = JOB_REFRESH_SECONDS if job.status in ("queued", "running") else None
        return ctx.page(request, "ingest_job.html", **_base(job=job, refresh=refresh))
