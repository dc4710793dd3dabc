"""The query parameters that pages and the HTTP API share: the event filters and paging.

Declared once as FastAPI dependencies, so the OpenAPI page documents them and every route
checks them the same way; a blank form field counts as not given.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Query

FILTERS = ("since", "until", "actor", "country", "type", "cameo", "quad", "place", "near", "search", "tag",
           "min_confidence")
PAGE_SIZE = 50
MAX_PAGE = 500  # events in one page or download
MAX_OFFSET = 10_000_000


def _blank(value: str | None) -> str | None:
    value = value.strip() if value is not None else None
    return value or None


class EventFilters:
    """The event filters of `newsevents events` (and `--tag`, quad class and exact place)."""

    def __init__(
        self,
        since: str | None = Query(None, max_length=32, description="first day (YYYY, YYYY-MM or YYYY-MM-DD)"),
        until: str | None = Query(None, max_length=32, description="last day (YYYY, YYYY-MM or YYYY-MM-DD)"),
        actor: str | None = Query(None, max_length=100, description="actor code or its start (RUS, USAGOV) or part of a name"),
        country: str | None = Query(None, max_length=3, description="ISO 3166-1 alpha-3 country of either actor"),
        type: str | None = Query(None, max_length=20, description="PLOVER event type (ASSAULT, THREATEN...)"),
        cameo: str | None = Query(None, max_length=4, description="CAMEO code or its start (19, 190, 1313)"),
        quad: str | None = Query(None, max_length=7, description="quad classes: 1 verbal cooperation, 2 material "
                                                                 "cooperation, 3 verbal conflict, 4 material conflict (3,4)"),
        place: str | None = Query(None, max_length=12, description="GeoNames id of the place where events happened"),
        near: str | None = Query(None, max_length=100, description="events within 50 km of a place (name or GeoNames id)"),
        search: str | None = Query(None, max_length=200, description="words in the evidence sentence"),
        tag: str | None = Query(None, max_length=100, description="events reported by articles with this tag"),
        min_confidence: str | None = Query(None, max_length=8, description="events of at least this calibrated "
                                                                           "confidence (0 to 1)"),
    ):
        self.values = {name: _blank(value) for name, value in zip(FILTERS, (
            since, until, actor, country, type, cameo, quad, place, near, search, tag, min_confidence))}

    @classmethod
    def of(cls, **values: str | None) -> "EventFilters":
        """Filters given in code (a tag page's tag, an actor page's actor)."""
        return cls(**{name: values.get(name) for name in FILTERS})

    def given(self) -> dict[str, str]:
        return {k: v for k, v in self.values.items() if v is not None}

    def without(self, *names: str) -> dict[str, str]:
        return {k: v for k, v in self.given().items() if k not in names}

    def query(self, **extra) -> str:
        """The filters (and extra parameters) as a query string, for links that keep them."""
        pairs = {**self.given(), **{k: v for k, v in extra.items() if v not in (None, "")}}
        return urlencode(pairs)


class Paging:
    def __init__(
        self,
        limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE, description=f"events per page (at most {MAX_PAGE})"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="events to skip"),
        sort: str = Query("date", pattern=r"^(date|-date|reports)$",
                          description="date (oldest first), -date (newest first) or reports (most reported first)"),
    ):
        self.limit, self.offset, self.sort = limit, offset, sort

    def given(self) -> dict:
        return {"limit": self.limit, "offset": self.offset, "sort": self.sort}
