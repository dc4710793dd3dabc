"""The query parameters that pages and the HTTP API share: the event filters and paging.

Declared once as FastAPI dependencies, so the OpenAPI page documents them and every route
checks them the same way; a blank form field counts as not given. The filters are made from
EventQuery's fields (store/filters.py), with their help and the values the OpenAPI document
gives for them.
"""

from __future__ import annotations

import inspect
from typing import ClassVar
from urllib.parse import urlencode

from fastapi import Query

from newsevents.store.filters import FILTERS, SORT_HELP, SORTS

PAGE_SIZE = 50
MAX_PAGE = 500  # events in one page or download
MAX_OFFSET = 10_000_000


def _blank(value: str | None) -> str | None:
    value = value.strip() if value is not None else None
    return value or None


class EventFilters:
    """The event filters of `newsevents events`: one query parameter for each of EventQuery's fields."""

    __signature__: ClassVar[inspect.Signature]  # set below, from FILTERS

    def __init__(self, **values: str | None):
        self.values = {name: _blank(values.get(name)) for name in FILTERS}

    @classmethod
    def of(cls, **values: str | None) -> "EventFilters":
        """Filters given in code (a tag page's tag, an actor page's actor)."""
        return cls(**values)

    def given(self) -> dict[str, str]:
        return {k: v for k, v in self.values.items() if v is not None}

    def without(self, *names: str) -> dict[str, str]:
        return {k: v for k, v in self.given().items() if k not in names}

    def query(self, **extra) -> str:
        """The filters (and extra parameters) as a query string, for links that keep them."""
        pairs = {**self.given(), **{k: v for k, v in extra.items() if v not in (None, "")}}
        return urlencode(pairs)


# What FastAPI reads to know the parameters of the dependency: a string (or blank) for each filter.
EventFilters.__signature__ = inspect.Signature(
    [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str | None,
            default=Query(None, max_length=spec.max_length, description=spec.help, json_schema_extra=spec.schema),
        )
        for name, spec in FILTERS.items()
    ]
)


class Paging:
    def __init__(
        self,
        limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE, description=f"events per page (at most {MAX_PAGE})"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="events to skip"),
        sort: str = Query("date", pattern=f"^({'|'.join(SORTS)})$", description=SORT_HELP),
    ):
        self.limit, self.offset, self.sort = limit, offset, sort

    def given(self) -> dict:
        return {"limit": self.limit, "offset": self.offset, "sort": self.sort}
