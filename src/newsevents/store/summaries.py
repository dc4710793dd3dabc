"""What the store holds, counted: calendars of events per day (and month and year) by quad
class, events per place for the map, and actors, tags and places by their numbers of events."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from newsevents.store.backend import Backend
from newsevents.store.errors import StoreError
from newsevents.store.filters import EventQuery, check_page

TAG_KINDS = ("page", "actor", "place", "event", "term")
_PRECISION_KEY = {"day": 10, "month": 7, "year": 4}  # how much of an ISO date a calendar entry keeps
# Where events dated to a week ("last week": a day of that week) or a decade are counted.
_CALENDAR_PRECISION = {"week": "day", "decade": "year"}


def _no_quads() -> dict[str, int]:
    """Events per quad class, none yet."""
    return {"1": 0, "2": 0, "3": 0, "4": 0}


class Summaries(Backend):
    """The counts of SQLStore (the backend supplies `_q` and its full-text search)."""

    def counts(self) -> dict[str, int]:

        def q(sql: str) -> int:
            return self._q(sql).fetchone()[0]

        return {
            "articles": q("SELECT count(*) FROM articles"),
            "coded_articles": q("SELECT count(*) FROM articles WHERE coded = 1"),
            "events": q("SELECT count(*) FROM events"),
            "actors": q("SELECT count(*) FROM actors"),
            "places": q("SELECT count(*) FROM places"),
            "errors": q("SELECT count(*) FROM ingest_errors"),
        }

    def actors(self, *, limit: int = 100, offset: int = 0) -> list[dict]:
        """Actor codes by the number of events they take part in, each with its partners (dyads)."""
        check_page(limit, offset)
        rows = self._q(
            """SELECT code, CAST(sum(n) AS BIGINT) AS n FROM (
                   SELECT source_code AS code, sum(events) AS n FROM dyads WHERE source_code != '' GROUP BY source_code
                   UNION ALL
                   SELECT target_code, sum(events) FROM dyads WHERE target_code != '' GROUP BY target_code) x
               GROUP BY code ORDER BY n DESC, code LIMIT ? OFFSET ?""",
            (limit, offset),
        ).fetchall()
        found = []
        for code, count in rows:
            names = [r[0] for r in self._q("SELECT name FROM actors WHERE code = ? ORDER BY id LIMIT 5", (code,))]
            dyads = self._q(
                """SELECT partner, CAST(sum(events) AS BIGINT) AS n, sum(goldstein) / sum(events) FROM (
                       SELECT target_code AS partner, events, goldstein FROM dyads
                       WHERE source_code = ? AND target_code NOT IN (?, '')
                       UNION ALL
                       SELECT source_code, events, goldstein FROM dyads
                       WHERE target_code = ? AND source_code NOT IN (?, '')) x
                   GROUP BY partner ORDER BY n DESC, partner LIMIT 10""",
                (code,) * 4,
            ).fetchall()
            found.append(
                {
                    "code": code,
                    "names": names,
                    "events": count,
                    "dyads": [{"partner": p, "events": n, "goldstein": round(g, 2)} for p, n, g in dyads],
                }
            )
        return found

    def tags(self, *, kind: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Tags by the number of articles that carry them (kind: page, actor, place, event, term)."""
        check_page(limit, offset)
        if kind is not None and kind not in TAG_KINDS:
            raise StoreError(f"kind must be one of {', '.join(TAG_KINDS)}, not {kind!r}")
        rows = self._q(
            f"""SELECT min(tag), kind, count(DISTINCT article_id) AS n FROM article_tags
                {"WHERE kind = ?" if kind else ""} GROUP BY lower(tag), kind ORDER BY n DESC, min(tag), kind
                LIMIT ? OFFSET ?""",
            (*([kind] if kind else []), limit, offset),
        )
        return [{"tag": t, "kind": k, "articles": n} for t, k, n in rows]

    def calendar(self, *, precision: str = "day", **filters) -> list[dict]:
        """Events per day, split by quad class (1 verbal cooperation, 2 material cooperation,
        3 verbal conflict, 4 material conflict), for the days that have any; the event filters
        (EventQuery's fields) apply.

        Only events dated to the day count in days: those known only to the month or the year
        ("last month", "in 2014") are counted with precision="month" ("date": "2016-09") or
        precision="year" ("date": "2014"), never on the 1st of their month or year."""
        if precision not in _PRECISION_KEY:
            raise StoreError(f"precision must be one of {', '.join(_PRECISION_KEY)}, not {precision!r}")
        return self.calendars(**filters)[precision]

    def calendars(self, **filters) -> dict[str, list[dict]]:
        """The calendar at each precision ("day", "month", "year"), counted in one pass."""
        # Grouped on the events' own columns, so a period is counted straight from the
        # (date, quad_class, date_precision) index, in its order.
        sql, params = EventQuery(**filters).select(
            "e.date, e.quad_class, e.date_precision, count(*)", self._events_matching, also=("e.date IS NOT NULL",)
        )
        rows = self._q(
            sql + " GROUP BY e.date, e.quad_class, e.date_precision ORDER BY e.date, e.quad_class, e.date_precision",
            params,
        )
        found: dict[str, dict[str, dict]] = {precision: {} for precision in _PRECISION_KEY}
        for day, quad, precision, count in rows:
            precision = _CALENDAR_PRECISION.get(precision, precision)
            if precision not in found:  # an undated event has no precision
                continue
            key = day[: _PRECISION_KEY[precision]]
            entry = found[precision].setdefault(key, {"date": key, "events": 0, "quad_classes": _no_quads()})
            entry["events"] += count
            entry["quad_classes"][str(quad)] += count
        return {precision: list(entries.values()) for precision, entries in found.items()}

    def map_points(self, **filters) -> list[dict]:
        """The places of the events matching the filters (EventQuery's fields), each with its
        number of events per quad class, most events first."""
        inner, params = EventQuery(**filters).select("e.geonameid AS g, e.quad_class AS q", self._events_matching)
        rows = self._q(
            f"""SELECT p.geonameid, p.name, p.country, p.lat, p.lon, x.q, count(*) FROM ({inner}) x
                JOIN places p ON p.geonameid = x.g GROUP BY p.geonameid, p.name, p.country, p.lat, p.lon, x.q""",
            params,
        )
        places: dict[int, dict] = {}
        for geonameid, name, country, lat, lon, quad, count in rows:
            entry = places.setdefault(
                geonameid,
                {
                    "geonameid": geonameid,
                    "name": name,
                    "country": country,
                    "lat": lat,
                    "lon": lon,
                    "events": 0,
                    "quad_classes": _no_quads(),
                },
            )
            entry["events"] += count
            entry["quad_classes"][str(quad)] += count
        return sorted(places.values(), key=lambda p: (-p["events"], p["name"], p["geonameid"]))

    def places(self, *, limit: int = 100, offset: int = 0) -> list[dict]:
        """Places by the number of events that happened there."""
        check_page(limit, offset)
        rows = self._q(
            """SELECT p.geonameid, p.name, p.country, p.lat, p.lon, p.feature, x.n FROM (
                   SELECT geonameid, count(*) AS n FROM events WHERE geonameid IS NOT NULL GROUP BY geonameid) x
               JOIN places p ON p.geonameid = x.geonameid ORDER BY x.n DESC, p.name LIMIT ? OFFSET ?""",
            (limit, offset),
        )
        keys = ("geonameid", "name", "country", "lat", "lon", "feature", "events")
        return [dict(zip(keys, r)) for r in rows]

    def place(self, geonameid: int) -> dict | None:
        """One place with the number of events located there."""
        row = self._q(
            "SELECT geonameid, name, country, lat, lon, feature FROM places WHERE geonameid = ?", (geonameid,)
        ).fetchone()
        if row is None:
            return None
        found = dict(zip(("geonameid", "name", "country", "lat", "lon", "feature"), row))
        found["events"] = self._q("SELECT count(*) FROM events WHERE geonameid = ?", (geonameid,)).fetchone()[0]
        return found

    def actor(self, code: str, *, partners: int = 6) -> dict | None:
        """An actor code with the codes under it ("USA": USAGOV, USAMIL...): its names, its number of
        events, and its timeline with its most frequent partners (by country, or code where an actor
        has none: RUSGOV and RUSMIL are both RUS): per partner and ISO week (its Monday), the mean
        Goldstein score and the number of events between them, either way round."""
        code = code.strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{3,15}", code):
            raise StoreError(f"an actor code is 3 to 15 letters like RUS or USAGOV, not {code!r}")
        under = (code, code + "\uffff")
        names = [
            r[0]
            for r in self._q(
                """SELECT name FROM actors WHERE code >= ? AND code < ? GROUP BY name
               ORDER BY min(CASE WHEN code = ? THEN 0 ELSE 1 END), min(id) LIMIT 10""",
                (*under, code),
            )
        ]
        if not names:
            return None
        rows = self._q(
            """SELECT partner, day, count(*), sum(goldstein) FROM (
                   SELECT coalesce(ta.country, ta.code) AS partner, e.date AS day, e.goldstein FROM events e
                          JOIN actors sa ON sa.id = e.source_actor_id JOIN actors ta ON ta.id = e.target_actor_id
                   WHERE sa.code >= ? AND sa.code < ? AND NOT (ta.code >= ? AND ta.code < ?) AND e.date IS NOT NULL
                   UNION ALL
                   SELECT coalesce(sa.country, sa.code), e.date, e.goldstein FROM events e
                          JOIN actors sa ON sa.id = e.source_actor_id JOIN actors ta ON ta.id = e.target_actor_id
                   WHERE ta.code >= ? AND ta.code < ? AND NOT (sa.code >= ? AND sa.code < ?) AND e.date IS NOT NULL) x
               GROUP BY partner, day""",
            under * 4,
        ).fetchall()
        totals: dict[str, int] = defaultdict(int)
        weeks: dict[str, dict[date, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
        for partner, day, count, goldstein in rows:
            when = date.fromisoformat(day[:10])
            week = weeks[partner][when - timedelta(days=when.weekday())]
            week[0] += count
            week[1] += goldstein
            totals[partner] += count
        top = sorted(totals, key=lambda p: (-totals[p], p))[:partners]
        events = self._q(
            """SELECT coalesce(sum(events), 0) FROM dyads WHERE (source_code >= ? AND source_code < ?)
               OR (target_code >= ? AND target_code < ?)""",
            under * 2,
        ).fetchone()[0]
        return {
            "code": code,
            "names": names,
            "events": events,
            "partners": [
                {
                    "partner": p,
                    "events": totals[p],
                    "weeks": [
                        {"week": w.isoformat(), "events": n, "goldstein": round(g / n, 2)}
                        for w, (n, g) in sorted(weeks[p].items())
                    ],
                }
                for p in top
            ],
        }
