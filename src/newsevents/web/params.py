"""The query parameters that pages and the HTTP API share: the event filters and paging.

Declared once as FastAPI dependencies, so the OpenAPI page documents them and every route
checks them the same way; a blank form field counts as not given.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Query

from newsevents.ontology import PLOVER_TYPES

FILTERS = ("since", "until", "actor", "country", "type", "cameo", "quad", "place", "near", "search", "tag",
           "min_confidence")
PAGE_SIZE = 50
MAX_PAGE = 500  # events in one page or download
MAX_OFFSET = 10_000_000

# The values the store takes, as patterns for the OpenAPI document: a request that matches them is
# answered (tests/test_api_contract.py runs schemathesis to hold them to it). Only the store checks
# them (store/sql.py: _date_bound, _select_ids, search_terms), so a bad value is a 400 that says in
# words what is wrong, not which regular expression it missed. Some values it takes too are left
# out (lower case, spaces around a value, a search of symbols only).
_YEAR = r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH = r"(0[1-9]|1[0-2])"
_MONTH_DAY = rf"({_MONTH}-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
DAY = rf"({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
PERIOD = rf"({_YEAR}(-{_MONTH}|-{_MONTH_DAY})?|{_LEAP_YEAR}-02-29)"  # a year, a month or a day
TEXT = r"[^\x00]*"  # PostgreSQL text cannot hold NUL, so neither store takes one
WORDS = r"[^\x00]*\w[^\x00]*"  # a search needs a word


def blank_or(pattern: str) -> dict:
    """The schema of a parameter that matches `pattern` or is blank (a blank form field is not given)."""
    return {"pattern": f"^({pattern})?$"}


def _blank(value: str | None) -> str | None:
    value = value.strip() if value is not None else None
    return value or None


class EventFilters:
    """The event filters of `newsevents events` (and `--tag`, quad class and exact place)."""

    def __init__(
        self,
        since: str | None = Query(None, max_length=32, description="first day (YYYY, YYYY-MM or YYYY-MM-DD)",
                                  json_schema_extra=blank_or(PERIOD)),
        until: str | None = Query(None, max_length=32, description="last day (YYYY, YYYY-MM or YYYY-MM-DD)",
                                  json_schema_extra=blank_or(PERIOD)),
        actor: str | None = Query(None, max_length=100, description="actor code or its start (RUS, USAGOV) or part of a name",
                                  json_schema_extra=blank_or(TEXT)),
        country: str | None = Query(None, max_length=3, description="ISO 3166-1 alpha-3 country of either actor",
                                    json_schema_extra=blank_or("[A-Za-z]{3}")),
        type: str | None = Query(None, max_length=20, description="PLOVER event type (ASSAULT, THREATEN...)",
                                 json_schema_extra={"enum": ["", *PLOVER_TYPES]}),
        cameo: str | None = Query(None, max_length=4, description="CAMEO code or its start (19, 190, 1313)",
                                  json_schema_extra=blank_or("[0-9]{2,4}")),
        quad: str | None = Query(None, max_length=7, description="quad classes: 1 verbal cooperation, 2 material "
                                                                 "cooperation, 3 verbal conflict, 4 material conflict (3,4)",
                                 json_schema_extra=blank_or("[1-4](,[1-4]){0,3}")),
        place: str | None = Query(None, max_length=12, description="GeoNames id of the place where events happened",
                                  json_schema_extra=blank_or("[0-9]{1,12}")),
        near: str | None = Query(None, max_length=100, description="events within 50 km of a place (name or GeoNames id)",
                                 json_schema_extra=blank_or(TEXT)),
        search: str | None = Query(None, max_length=200, description="words in the evidence sentence",
                                   json_schema_extra=blank_or(WORDS)),
        tag: str | None = Query(None, max_length=100, description="events reported by articles with this tag",
                                json_schema_extra=blank_or(TEXT)),
        min_confidence: str | None = Query(None, max_length=8, description="events of at least this calibrated "
                                                                           "confidence (0 to 1)",
                                           json_schema_extra=blank_or(r"0(\.[0-9]{1,6})?|1(\.0{1,6})?")),
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
