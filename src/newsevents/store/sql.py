"""The store's logic, written once: idempotent writes of articles and their events, reports of
one event merged across articles, tags, and every query.

Its SQL is the dialect SQLite and PostgreSQL share (`?` placeholders, `ON CONFLICT DO NOTHING`,
`RETURNING id`, the column `"end"` quoted), and a backend supplies what differs between them:

- `db`, the connection; `_tx()`, one transaction; `_write_tx()`, one that writes articles, with
  writers taking turns; `_sql(sql)`, the SQL as the backend runs it;
- `_new_ids(table, n)`, ids for new rows; `_insert_rows`, many rows into a table at once;
- `_index_articles`, `_index_evidence`, `_events_matching`, `_articles_matching`: full-text search;
- `_id_batches(sql, params, batch)`: the ids of a query, read in batches;
- `schema_version`, and opening and migrating the database.

The rooms of the store: backend.py (what a backend supplies, and running statements), errors.py
(what it refuses), filters.py (the event filters and their
SQL), write.py (writes and merges), rows.py (rows read back as records), summaries.py
(calendars, maps and counts); this module holds the statements and the reading of articles,
events and watched sources.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence

from newsevents.records import StoredEvent, flat_row
from newsevents.store.errors import ArticlesRefused, StoreError, check_text
from newsevents.store.filters import MAX_LIMIT, NEAR_KM, SORTS, EventQuery, add_period, check_page, fold, search_terms
from newsevents.store.merge import MERGE_KM
from newsevents.store.rows import SELECT_EVENTS, SELECT_REPORTS, Report, marks, stored_event
from newsevents.store.summaries import TAG_KINDS, Summaries
from newsevents.store.write import Writing, now_iso

# What other modules import from here, wherever it is defined.
__all__ = [
    "MAX_LIMIT",
    "MERGE_KM",
    "NEAR_KM",
    "SORTS",
    "TAG_KINDS",
    "WATCH_STATE",
    "ArticlesRefused",
    "EventList",
    "EventQuery",
    "SQLStore",
    "StoreError",
    "search_terms",
]

# A watched source's state, as watched_sources() gives it (see schema.MIGRATIONS[8]).
WATCH_STATE = (
    "source",
    "kind",
    "parent",
    "last_poll",
    "status",
    "result",
    "etag",
    "last_modified",
    "failures",
    "next_poll",
    "articles",
    "last_articles",
)


# The columns each browse answer gives, as its keys: the SELECT is made from the same tuple.
_ERROR = ("source", "stage", "reason", "first_seen", "last_seen", "count")
_LISTED_ARTICLE = (
    "id",
    "source",
    "url",
    "title",
    "published",
    "published_from",
    "agency",
    "language",
    "dateline_place",
    "coded",
)
_ARTICLE = (
    "id",
    "source",
    "url",
    "title",
    "text",
    "published",
    "published_from",
    "published_precision",
    "dateline_text",
    "dateline_place",
    "agency",
    "authors",
    "language",
    "duplicate_of",
)


class EventList(list):
    """Events as the store returns them: a list of StoredEvent, and `.to_pandas()` a DataFrame
    with one row per event (the columns of the CSV export)."""

    def to_pandas(self):
        try:
            import pandas
        except ImportError:  # pragma: no cover - pandas is in the test extras
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pandas.DataFrame([flat_row(stored) for stored in self])


class SQLStore(Writing, Summaries):
    """The store over a SQL database, `db`; SQLiteStore and PostgresStore say how to reach one.
    Its writes are in write.py, its counts in summaries.py; what events match is store.filters."""

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------------

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after a large load)."""
        self._q("ANALYZE")

    def errors(self) -> list[dict]:
        rows = self._q(f"SELECT {', '.join(_ERROR)} FROM ingest_errors ORDER BY last_seen DESC, source, reason")
        return [dict(zip(_ERROR, r)) for r in rows]

    def articles(
        self,
        *,
        tag: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict]:
        """Articles, newest first, with a tag, matching a full-text search, or published in a period."""
        where, params = [], []
        if tag:
            where.append("a.id IN (SELECT article_id FROM article_tags WHERE lower(tag) = ?)")
            params.append(fold(tag.strip()))
        if search:
            condition, values = self._articles_matching(search)
            where.append(condition)
            params += values
        add_period(where, params, "a.published", since, until)
        check_page(limit, offset)
        rows = self._q(
            f"""SELECT {", ".join("a." + c for c in _LISTED_ARTICLE)},
                       (SELECT count(DISTINCT event_id) FROM evidence v WHERE v.article_id = a.id)
                FROM articles a {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?""",
            (*params, limit, offset),
        )
        keys = (*_LISTED_ARTICLE, "events")
        return [dict(zip(keys, r)) for r in rows]

    def article(self, article_id: str) -> dict | None:
        """One article with its text, dateline, tags and the ids of the events it reports."""
        row = self._q(f"SELECT {', '.join(_ARTICLE)} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        found = dict(zip(_ARTICLE, row))
        found["authors"] = json.loads(found["authors"])
        found["tags"] = [
            {"tag": t, "kind": k}
            for t, k in self._q("SELECT tag, kind FROM article_tags WHERE article_id = ? ORDER BY id", (article_id,))
        ]
        found["event_ids"] = [
            r[0]
            for r in self._q(
                "SELECT DISTINCT event_id FROM evidence WHERE article_id = ? ORDER BY event_id", (article_id,)
            )
        ]
        found["evidence"] = [
            {"event_id": e, "span": [s, t], "trigger": [a, b] if a is not None else None}
            for e, s, t, a, b in self._q(
                """SELECT event_id, start, "end", trigger_start, trigger_end FROM evidence WHERE article_id = ?
                   ORDER BY start, id""",
                (article_id,),
            )
        ]
        return found

    def events_by_id(self, ids: Sequence[int]) -> list[StoredEvent]:
        """The stored events with these ids, in the order given (ids not stored are left out)."""
        return self._load(list(ids))

    def event(self, event_id: int) -> StoredEvent | None:
        found = self._load([event_id])
        return found[0] if found else None

    def reports(self, event_id: int) -> list[dict]:
        """Every report of an event: the article, its outlet and the evidence sentence with the
        offsets (into the sentence) of its trigger, source and target."""
        rows = self._q(
            """SELECT v.article_id, a.title, a.url, a.agency, a.source, a.published, v.start, v."end",
                      v.trigger_start, v.trigger_end, v.source_start, v.source_end, v.target_start, v.target_end,
                      substr(a.text, v.start + 1, v."end" - v.start)
               FROM evidence v JOIN articles a ON a.id = v.article_id WHERE v.event_id = ? ORDER BY v.id""",
            (event_id,),
        )
        reports = []
        for article_id, title, url, agency, source, published, start, end, ts, te, ss, se, gs, ge, sentence in rows:

            def span(a, b, start=start, end=end):
                return [a - start, b - start] if a is not None and start <= a and b <= end else None

            reports.append(
                {
                    "article_id": article_id,
                    "title": title,
                    "url": url,
                    "agency": agency,
                    "source": source,
                    "published": published,
                    "sentence": sentence,
                    "span": [start, end],
                    "trigger": span(ts, te),
                    "source_span": span(ss, se),
                    "target_span": span(gs, ge),
                }
            )
        return reports

    def events(self, *, sort: str = "date", limit: int | None = None, offset: int = 0, **filters) -> EventList:
        """Events matching every given filter (EventQuery's fields: actor="RUS", since="2016-09"...;
        a page of them with limit/offset), oldest first, or newest first (sort="-date"), or most
        reported first (sort="reports")."""
        if limit is not None and not (0 < limit <= MAX_LIMIT):
            raise StoreError(f"limit must be between 1 and {MAX_LIMIT}")
        return EventList(self.iter_events(sort=sort, limit=limit, offset=offset, **filters))

    def iter_events(
        self, *, sort: str = "date", limit: int | None = None, offset: int = 0, batch: int = 500, **filters
    ) -> Iterator[StoredEvent]:
        """The same events as `events`, streamed in batches (exports of millions of events run in
        bounded memory). The filters are checked before the first event is read."""
        sql, params = EventQuery(**filters).select("e.id", self._events_matching)
        if sort not in SORTS:
            raise StoreError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        # Undated events (an article without any date) come first; the order follows the date
        # index, so a page of a million events is read from the index, not sorted.
        sql += " ORDER BY " + SORTS[sort]
        check_text(params)  # now, not when the first event is read
        if offset < 0:
            raise StoreError("offset must be 0 or more")
        if limit is not None and limit < 1:
            raise StoreError("limit must be 1 or more")
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        elif offset:
            sql += f" LIMIT -1 OFFSET {int(offset)}"
        return self._stream(sql, params, batch)

    def _stream(self, sql: str, params: list, batch: int) -> Iterator[StoredEvent]:
        for ids in self._id_batches(sql, params, batch):
            yield from self._load(ids)

    def _load(self, ids: list[int]) -> list[StoredEvent]:
        found: dict[int, StoredEvent] = {}
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            reports: dict[int, list[Report]] = defaultdict(list)
            first: dict[int, int] = {}  # the first report of each event, whose sentence is its evidence
            for event_id, evidence_id, *report in self._q(SELECT_REPORTS.format(ids=marks(chunk)), chunk):
                reports[event_id].append(Report(*report))
                first.setdefault(event_id, evidence_id)
            if not first:
                continue
            for row in self._q(SELECT_EVENTS.format(ids=marks(first)), list(first.values())):
                found[row[0]] = stored_event(row, reports[row[0]])
        return [found[i] for i in ids if i in found]

    # -- watched sources (newsevents watch) --------------------------------------------------------

    def watch_sources(self, sources: Sequence[str]) -> None:
        """Keep the state of these sources from now on (those already kept stay as they are)."""
        rows = [(source,) for source in sources]
        for row in rows:
            check_text(row)
        with self._tx():
            self._qmany("INSERT INTO watched_sources (source) VALUES (?) ON CONFLICT DO NOTHING", rows)

    def watched_sources(self) -> list[dict]:
        """Every watched source with its state; the sitemaps of a sitemap index follow it, with
        the index as their `parent`."""
        rows = self._q(f"""SELECT {", ".join(WATCH_STATE)} FROM watched_sources
                           ORDER BY coalesce(parent, source), parent IS NOT NULL, source""")
        return [dict(zip(WATCH_STATE, row)) for row in rows]

    def unseen_items(self, source: str, items: Sequence[str]) -> dict[str, int]:
        """Those of a source's items still to be ingested, each with the attempts made at it: the
        new ones (0) and those whose page could not be fetched, to be tried again."""
        items = list(dict.fromkeys(items))
        keys = [(source, item) for item in items]
        for key in keys:
            check_text(key)
        known = {
            item: (result, attempts)
            for item, result, attempts in self._matching(
                "WITH k(source, item) AS (VALUES {keys}) SELECT w.item, w.result, w.attempts FROM k"
                " JOIN watched_items w ON w.source = k.source AND w.item = k.item",
                keys,
            )
        }
        return {
            item: known[item][1] if item in known else 0
            for item in items
            if item not in known or known[item][0] == "retry"
        }

    def record_poll(
        self, source: str, *, items: Sequence[tuple[str, str]] = (), brought: int | None = None, **state
    ) -> None:
        """Write, in one transaction, what a poll of a watched source found: its state (columns of
        watched_sources: kind, parent, last_poll, status, result, etag, last_modified, failures,
        next_poll), the articles it `brought` (added to its total) and what became of its `items`
        ((item, result): ingested, duplicate, failed or retry)."""
        unknown = set(state) - set(WATCH_STATE[1 : WATCH_STATE.index("articles")])
        if unknown:
            raise StoreError(f"no such state of a watched source: {', '.join(sorted(unknown))}")
        columns = list(state)
        values = [state[c] for c in columns]
        updates = [f"{c} = excluded.{c}" for c in columns]
        if brought is not None:
            columns += ["articles", "last_articles"]
            values += [brought, brought]
            updates += [
                "articles = watched_sources.articles + excluded.last_articles",
                "last_articles = excluded.last_articles",
            ]
        now = now_iso()
        rows = [(source, item, result, now) for item, result in items]
        for row in rows:
            check_text(row)
        with self._tx():
            self._q(
                f"""INSERT INTO watched_sources (source{"".join(", " + c for c in columns)})
                        VALUES ({marks([source, *values])}) ON CONFLICT (source)
                        {"DO UPDATE SET " + ", ".join(updates) if updates else "DO NOTHING"}""",
                [source, *values],
            )
            self._qmany(
                """INSERT INTO watched_items (source, item, result, attempts, ingested_at) VALUES (?, ?, ?, 1, ?)
                   ON CONFLICT (source, item) DO UPDATE SET result = excluded.result,
                   attempts = watched_items.attempts + 1, ingested_at = excluded.ingested_at""",
                rows,
            )

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The source each of these stored articles was read from, by id."""
        keys = [(article_id,) for article_id in dict.fromkeys(article_ids)]
        for key in keys:
            check_text(key)
        return dict(
            self._matching(
                "WITH k(id) AS (VALUES {keys}) SELECT a.id, a.source FROM k JOIN articles a ON a.id = k.id", keys
            )
        )
