"""The event filters, each defined once: `EventQuery`'s fields are the filters of the Python API
(`store.events(actor="RUS")`), of `newsevents events` and `export` (`--actor RUS`) and of the
HTTP API's event routes (`?actor=RUS`).

A field carries its help, the values the HTTP API documents for it (a pattern or an enum for
the OpenAPI document) and its SQL, a condition on events `e`. The CLI options
(cli.filter_options), the query parameters (web.params.EventFilters) and the store's queries
(EventQuery.select) are made from them: adding a filter is adding a field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, NamedTuple

from newsevents.ontology import PLOVER_TYPES, QUAD_CLASSES
from newsevents.store.errors import StoreError

# Events whose place lies within this distance of a named place are "near" it.
NEAR_KM = 50.0
MAX_LIMIT = 100_000
# The orders of an event list: by date (undated events first), newest first, most reported first.
SORTS = {
    "date": "e.date NULLS FIRST, e.id",
    "-date": "e.date DESC NULLS LAST, e.id DESC",
    "reports": "e.reports DESC, e.date DESC NULLS LAST, e.id DESC",
}
SORT_HELP = "date (oldest first, the default), -date (newest first) or reports (most reported first)"
_QUAD_HELP = ", ".join(f"{k} {v.lower()}" for k, v in QUAD_CLASSES.items())
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# The values the store takes, as patterns for the OpenAPI document: a request that matches them is
# answered (tests/test_api_contract.py runs schemathesis to hold them to it). Only the store checks
# them (date_bound, the filters' SQL below, search_terms), so a bad value is a 400 that says in
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


def search_terms(text: str) -> list[str]:
    """A user's search as its terms, each of which must occur: words, and "quoted phrases"
    kept whole. Search operators of either backend are taken as words."""
    text = "".join(c if c.isprintable() else " " for c in text)  # NUL and other controls end no query early
    found = (phrase or word for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text))
    terms = [term for term in found if term.strip()]
    if not terms:
        raise StoreError("search needs at least one word")
    return terms


def fold(text: str) -> str:
    """Lower-case A-Z only, as lower() does in SQLite and on the store's C-collated columns in
    PostgreSQL: a value compared with lower(column)."""
    return text.translate(_ASCII_LOWER)


def date_bound(value: str, name: str, *, upper: bool) -> str:
    """A --since/--until value as a comparable ISO prefix ("2016", "2016-09", "2016-09-28")."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise StoreError(f"{name} must be a date like 2016-09-28 (or 2016-09, 2016), not {value!r}")
    parts = value.split("-")
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise StoreError(f"{name} is not a valid date: {value!r}") from None
    # An upper bound of "2016-09" includes every day of September.
    return value + "\uffff" if upper else value


def add_period(where: list[str], params: list, column: str, since: str | None, until: str | None) -> None:
    """The terms of a --since/--until period on an ISO date column."""
    if since:
        where.append(f"{column} >= ?")
        params.append(date_bound(since, "since", upper=False))
    if until:
        where.append(f"{column} <= ?")
        params.append(date_bound(until, "until", upper=True))


def check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or not (0 < limit <= MAX_LIMIT):
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise StoreError("offset must be 0 or more")


# -- each filter's SQL: a condition on events `e` and its parameters ----------------------------------


class Scope(NamedTuple):
    """What a filter's SQL needs beyond its value: the prefix of the actor columns (`+e.` keeps
    the planner off the actor indexes) and the backend's full-text search of evidence."""

    dyad: str
    events_matching: Callable[[str], tuple[str, list]]


def _since(value: str, scope: Scope) -> tuple[str, list]:
    return "e.date >= ?", [date_bound(value, "since", upper=False)]


def _until(value: str, scope: Scope) -> tuple[str, list]:
    return "e.date <= ?", [date_bound(value, "until", upper=True)]


def _actor(value: str, scope: Scope) -> tuple[str, list]:
    value = value.strip()
    if re.fullmatch(r"[A-Z]{3}[A-Z]{0,6}", value):  # a code or its start: "RUS", "USAGOV"
        actors = "SELECT id FROM actors WHERE code >= ? AND code < ?"
        bounds = [value, value + "\uffff"]
    else:  # part of a name: "Kerry", "Security Council"
        actors = "SELECT id FROM actors WHERE lower(name) LIKE ? ESCAPE '\\'"
        bounds = ["%" + re.sub(r"([\\%_])", r"\\\1", fold(value)) + "%"]
    return f"({scope.dyad}source_actor_id IN ({actors}) OR {scope.dyad}target_actor_id IN ({actors}))", bounds + bounds


def _country(value: str, scope: Scope) -> tuple[str, list]:
    iso3 = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", iso3):
        raise StoreError(f"country must be an ISO 3166-1 alpha-3 code like RUS, not {value!r}")
    actors = "SELECT id FROM actors WHERE country = ?"
    return f"({scope.dyad}source_actor_id IN ({actors}) OR {scope.dyad}target_actor_id IN ({actors}))", [iso3, iso3]


def _type(value: str, scope: Scope) -> tuple[str, list]:
    kind = value.strip().upper()
    if kind not in PLOVER_TYPES:
        raise StoreError(f"type must be a PLOVER event type ({', '.join(sorted(PLOVER_TYPES))}), not {value!r}")
    return "e.plover_type = ?", [kind]


def _cameo(value: str, scope: Scope) -> tuple[str, list]:
    code = value.strip()
    if not re.fullmatch(r"\d{2,4}", code):
        raise StoreError(f"cameo must be a CAMEO code of 2 to 4 digits, not {value!r}")
    return "e.cameo_code >= ? AND e.cameo_code < ?", [code, code + "\uffff"]


def _quad(value: str | int, scope: Scope) -> tuple[str, list]:
    classes = sorted({c.strip() for c in str(value).split(",")})
    if not classes or any(c not in ("1", "2", "3", "4") for c in classes):
        raise StoreError(f"quad must be quad classes 1 to 4 ({_QUAD_HELP}), alone or as a list like 3,4, not {value!r}")
    return f"e.quad_class IN ({','.join('?' * len(classes))})", [int(c) for c in classes]


def _place(value: str | int, scope: Scope) -> tuple[str, list]:
    geonameid = str(value).strip()
    if not geonameid.isdigit() or len(geonameid) > 12:
        raise StoreError(f"place must be a GeoNames id like 170063, not {value!r}")
    return "e.geonameid = ?", [int(geonameid)]


_EVENT_PLACE = "LEFT JOIN places p ON p.geonameid = e.geonameid"


def _near(value: str, scope: Scope) -> tuple[str, list]:
    places = (
        "SELECT 1 FROM places n WHERE (lower(n.name) = ? OR CAST(n.geonameid AS TEXT) = ?)"
        " AND km(n.lat, n.lon, p.lat, p.lon) <= ?"
    )
    return f"EXISTS ({places})", [fold(value.strip()), value.strip(), NEAR_KM]


def _search(value: str, scope: Scope) -> tuple[str, list]:
    return scope.events_matching(value)


def _tag(value: str, scope: Scope) -> tuple[str, list]:
    reported = (
        "SELECT s.event_id FROM article_tags t JOIN evidence s ON s.article_id = t.article_id WHERE lower(t.tag) = ?"
    )
    return f"e.id IN ({reported})", [fold(value.strip())]


def _min_confidence(value: str | float, scope: Scope) -> tuple[str, list]:
    try:
        least = float(value)
    except ValueError:
        least = -1.0
    if not 0 <= least <= 1:
        raise StoreError(
            f"min_confidence must be a number from 0 to 1 (the share of such events that are right), not {value!r}"
        )
    return "e.confidence >= ?", [least]


def _not_blank(value: Any) -> bool:
    return value is not None and bool(str(value).strip())


class Filter(NamedTuple):
    """What one filter is: its help (the CLI's and the HTTP API's), its SQL, and what the HTTP API
    takes (`max_length`; `schema`, the pattern or enum of a value it answers)."""

    help: str
    sql: Callable[[Any, Scope], tuple[str, list]]
    max_length: int
    schema: dict
    metavar: str | None = None
    join: str | None = None  # a table the condition needs beside events `e`
    given: Callable[[Any], bool] = bool  # whether a value filters (by default, a value that is not None, "" or 0)


def _filter(**spec) -> Any:
    """A field of EventQuery: not given by default, its Filter in its metadata."""
    return field(default=None, metadata={"filter": Filter(**spec)})


@dataclass(frozen=True)
class EventQuery:
    """The event filters: events match every one given."""

    since: str | None = _filter(
        help="events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)",
        sql=_since,
        max_length=32,
        schema=blank_or(PERIOD),
    )
    until: str | None = _filter(
        help="events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)",
        sql=_until,
        max_length=32,
        schema=blank_or(PERIOD),
    )
    actor: str | None = _filter(
        help="source or target actor: an upper-case code or its prefix (RUS, USAGOV), else part of a name (Kerry)",
        sql=_actor,
        max_length=100,
        schema=blank_or(TEXT),
    )
    country: str | None = _filter(
        help="source or target country (ISO 3166-1 alpha-3: SYR)",
        sql=_country,
        max_length=3,
        schema=blank_or("[A-Za-z]{3}"),
    )
    type: str | None = _filter(
        help="PLOVER event type (ASSAULT, THREATEN, ...)",
        sql=_type,
        max_length=20,
        schema={"enum": ["", *PLOVER_TYPES]},
    )
    cameo: str | None = _filter(
        help="CAMEO code or prefix (13, 190, 1313)", sql=_cameo, max_length=4, schema=blank_or("[0-9]{2,4}")
    )
    quad: str | int | None = _filter(
        help=f"quad classes: {_QUAD_HELP}, alone or as a list (3,4)",
        sql=_quad,
        max_length=7,
        schema=blank_or("[1-4](,[1-4]){0,3}"),
    )
    place: str | int | None = _filter(
        help="events located exactly at this GeoNames id (170063)",
        sql=_place,
        max_length=12,
        schema=blank_or("[0-9]{1,12}"),
    )
    near: str | None = _filter(
        help=f"events within {NEAR_KM:g} km of a place named in the store (Aleppo) or a GeoNames id",
        sql=_near,
        max_length=100,
        schema=blank_or(TEXT),
        join=_EVENT_PLACE,
    )
    search: str | None = _filter(
        help='words in the evidence sentence ("quoted phrases" kept whole)',
        sql=_search,
        max_length=200,
        schema=blank_or(WORDS),
    )
    tag: str | None = _filter(
        help="events reported by articles with this tag (any case): Aleppo, threaten, sanctions",
        sql=_tag,
        max_length=100,
        schema=blank_or(TEXT),
    )
    min_confidence: str | float | None = _filter(
        help="events whose calibrated confidence is at least C (0 to 1: of events of confidence C, about a share C "
        "are right)",
        sql=_min_confidence,
        max_length=8,
        schema=blank_or(r"0(\.[0-9]{1,6})?|1(\.0{1,6})?"),
        metavar="C",
        given=_not_blank,
    )

    def select(
        self, columns: str, events_matching: Callable[[str], tuple[str, list]], also: tuple[str, ...] = ()
    ) -> tuple[str, list]:
        """`SELECT columns FROM events e ... WHERE` every filter given (and the conditions `also`),
        with its parameters; `events_matching` is the backend's full-text search of evidence."""
        # With a period on both sides, the date index leads and the actor terms are checked
        # on its rows (the unary "+" keeps the planner off the actor indexes): a month of a
        # country's events is then a short index range, not every event of the country sorted.
        scope = Scope("+e." if self.since and self.until else "e.", events_matching)
        where, params, joins = [], [], []
        for name, spec in FILTERS.items():
            value = getattr(self, name)
            if spec.given(value):
                condition, values = spec.sql(value, scope)
                where.append(condition)
                params += values
                if spec.join and spec.join not in joins:
                    joins.append(spec.join)
        where += also
        sql = " ".join((f"SELECT {columns} FROM events e", *joins))
        return (sql + " WHERE " + " AND ".join(where) if where else sql), params


# Each filter by name, in the order of EventQuery's fields.
FILTERS: dict[str, Filter] = {f.name: f.metadata["filter"] for f in fields(EventQuery)}
