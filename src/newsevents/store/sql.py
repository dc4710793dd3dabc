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
"""

from __future__ import annotations

import json
import math
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import NamedTuple
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from newsevents.distance import km
from newsevents.records import Actor, Article, CodedArticle, Event, Failure, Place, StoredEvent, Trigger
from newsevents.store.tags import article_tags
from newsevents.ontology import PLOVER_TYPES, QUAD_CLASSES

# Events whose place lies within this distance of a named place are "near" it.
NEAR_KM = 50.0
# Reports of the same event from different articles are merged when their places are this close.
MERGE_KM = 50.0
MAX_LIMIT = 100_000
# Parameters per statement when a batch's keys are looked up: below SQLite's 32,766 and
# PostgreSQL's 65,535.
_MAX_PARAMS = 30_000
# The orders of an event list: by date (undated events first), newest first, most reported first.
SORTS = {
    "date": "e.date NULLS FIRST, e.id",
    "-date": "e.date DESC NULLS LAST, e.id DESC",
    "reports": "e.reports DESC, e.date DESC NULLS LAST, e.id DESC",
}
_PRECISION_KEY = {"day": 10, "month": 7, "year": 4}  # how much of an ISO date a calendar entry keeps
# Where events dated to a week ("last week": a day of that week) or a decade are counted.
_CALENDAR_PRECISION = {"week": "day", "decade": "year"}
_QUAD_HELP = ", ".join(f"{k} {v.lower()}" for k, v in QUAD_CLASSES.items())
TAG_KINDS = ("page", "actor", "place", "event", "term")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# A watched source's state, as watched_sources() gives it (see schema.MIGRATIONS[8]).
WATCH_STATE = ("source", "kind", "parent", "last_poll", "status", "result", "etag", "last_modified", "failures",
               "next_poll", "articles", "last_articles")


class StoreError(ValueError):
    """A store that cannot be opened, or a query it cannot answer; the message says why."""


class ArticlesRefused(StoreError):
    """Articles `add_many` left out, as they hold a value the store refuses; it stored the others.

    `refused` maps each one's position in the batch to the reason; `added` is what add_many
    would have returned, with None for the articles refused."""

    def __init__(self, message: str, refused: dict[int, str], added: list[bool | None]):
        super().__init__(message)
        self.refused = refused
        self.added = added


class EventList(list):
    """Events as the store returns them: a list of StoredEvent, and `.to_pandas()` a DataFrame
    with one row per event (the columns of the CSV export)."""

    def to_pandas(self):
        try:
            import pandas
        except ImportError:  # pragma: no cover - pandas is in the test extras
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        from newsevents.export.csv import csv_row

        return pandas.DataFrame([csv_row(stored) for stored in self])


def search_terms(text: str) -> list[str]:
    """A user's search as its terms, each of which must occur: words, and "quoted phrases"
    kept whole. Search operators of either backend are taken as words."""
    text = "".join(c if c.isprintable() else " " for c in text)  # NUL and other controls end no query early
    found = (phrase or word for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text))
    terms = [term for term in found if term.strip()]
    if not terms:
        raise StoreError("search needs at least one word")
    return terms


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fold(text: str) -> str:
    """Lower-case A-Z only, as lower() does in SQLite and on the store's C-collated columns in
    PostgreSQL: a value compared with lower(column)."""
    return text.translate(_ASCII_LOWER)


def _date_bound(value: str, name: str, *, upper: bool) -> str:
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


class SQLStore(ABC):
    """The store over a SQL database, `db`; SQLiteStore and PostgresStore say how to reach one."""

    events_added = 0  # new events stored by the last add_many

    # -- the backend's part ----------------------------------------------------------------------

    # The stored events of a batch's merge keys `k` (the day before, the day, the day after; a CAMEO
    # code range): an index search of events (date, cameo_code) for each day of each key.
    _CANDIDATE_EVENTS = ("k JOIN events e ON e.date IN (k.before, k.day, k.after) AND e.cameo_code >= k.low"
                         " AND e.cameo_code < k.high")

    @abstractmethod
    def _tx(self) -> AbstractContextManager:
        """One transaction: committed at the end of the block, rolled back if it raises."""

    def _sql(self, sql: str) -> str:
        """The shared SQL as this backend runs it."""
        return sql

    @abstractmethod
    def _write_tx(self) -> AbstractContextManager:
        """One transaction that writes articles and events, the writers of the store taking turns:
        the stored events a batch's reports merge into cannot change before it commits."""

    @abstractmethod
    def _new_ids(self, table: str, n: int) -> list[int]:
        """Ids for `n` new rows of `table` (its column `id`), in increasing order, in _write_tx."""

    def _insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """Insert rows, checked already, into `table`."""
        self._qmany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({_marks(columns)})", rows)

    @abstractmethod
    def _index_articles(self, articles: Sequence[Article]) -> None:
        """Make newly stored articles findable by a full-text search."""

    @abstractmethod
    def _index_evidence(self, rows: Sequence[tuple[int, str]]) -> None:
        """Make newly stored evidence sentences, (evidence id, sentence), findable by a full-text search."""

    @abstractmethod
    def _events_matching(self, search: str) -> tuple[str, list]:
        """A condition on events `e`, and its parameters: a report's sentence has every search term."""

    @abstractmethod
    def _articles_matching(self, search: str) -> tuple[str, list]:
        """A condition on articles `a`, and its parameters: the title or text has every search term."""

    def _id_batches(self, sql: str, params: Sequence, batch: int) -> Iterator[list[int]]:
        """The ids a query selects, `batch` at a time."""
        cursor = self._q(sql, params)
        while ids := [row[0] for row in cursor.fetchmany(batch)]:
            yield ids

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """The version of the store's schema (schema.SCHEMA_VERSION once opened)."""

    # -- running statements (sqlite3 and psycopg connections both have execute() and cursor()) --

    def _q(self, sql: str, params: Sequence = ()):
        """Run one statement: a cursor over its rows."""
        _check_text(params)
        return self.db.execute(self._sql(sql), params)

    def _qmany(self, sql: str, rows: Sequence[Sequence]) -> None:
        """Run one statement for each row of parameters, checked already (add_many checks a
        batch's rows before it writes any)."""
        self.db.cursor().executemany(self._sql(sql), rows)

    def _matching(self, sql: str, keys: Sequence[tuple]) -> list:
        """The rows of `sql` for many keys (tuples of one length, checked already): `sql` reads
        them as a table from `VALUES {keys}`, a chunk of them at a time."""
        if not keys:
            return []
        width, mark, template = len(keys[0]), self._sql("?"), self._sql(sql)
        step = _MAX_PARAMS // width
        rows = []
        for start in range(0, len(keys), step):
            chunk = keys[start:start + step]
            values = ",".join(["(" + ",".join([mark] * width) + ")"] * len(chunk))
            rows += self.db.execute(template.replace("{keys}", values), [v for key in chunk for v in key]).fetchall()
        return rows

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._q("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(self, coded: CodedArticle, fingerprint: bytes | None = None) -> bool:
        """Store an article with its events, in one transaction; False if it was already stored.

        `fingerprint` is the article's MinHash signature, kept to find later copies of it.
        """
        return self.add_many([(coded, fingerprint)])[0]

    def add_many(self, items: Sequence[tuple[CodedArticle, bytes | None]]) -> list[bool]:
        """Store articles, each with its events and MinHash fingerprint (or None), in one
        transaction: for each, True if it is newly stored, False if it was stored already (or
        earlier in `items`). Reports merge exactly as if the articles were added one by one, in order.

        An article holding a value the store refuses (a NUL character) is left out and the others
        are stored; then ArticlesRefused (a StoreError) is raised, naming the articles refused
        (its `refused`, by position in `items`) and carrying the answer for the others (`added`).

        Afterwards `events_added` is how many new events the call stored: the other reports of
        its articles merged into events stored before (or earlier in `items`).
        """
        now = _now()
        self.events_added = 0
        checked: list[_ArticleRows | None] = []
        refused: dict[int, str] = {}
        for position, (coded, fingerprint) in enumerate(items):
            try:
                checked.append(_article_rows(coded, fingerprint, now))
            except StoreError as exc:
                refused[position] = str(exc)
                checked.append(None)
        added: list[bool | None] = [None] * len(items)
        if len(refused) < len(items):
            with self._write_tx():
                stored = {row[0] for row in self._matching(
                    "WITH k(id) AS (VALUES {keys}) SELECT a.id FROM k JOIN articles a ON a.id = k.id",
                    [(rows.coded.article.id,) for rows in checked if rows is not None])}
                new = []
                for position, rows in enumerate(checked):
                    if rows is not None:
                        added[position] = rows.coded.article.id not in stored
                        if added[position]:
                            stored.add(rows.coded.article.id)
                            new.append(rows)
                if new:
                    self.events_added = self._write(new)
        if refused:
            raise ArticlesRefused("; ".join(f"{items[p][0].article.source}: {reason}" for p, reason in refused.items()),
                                  refused, added)
        return added

    def _write(self, batch: list[_ArticleRows]) -> int:
        """Write new articles with their tags, places, actors, toponyms and events (in _write_tx);
        returns how many events are new."""
        # New articles (the batch's ids were looked up in this transaction): they, their tags and
        # their toponyms (each without repeats) conflict with no stored row.
        self._insert_rows("articles", _ARTICLE_COLUMNS, [rows.article for rows in batch])
        self._insert_rows("article_tags", ("article_id", "tag", "kind"), [tag for rows in batch for tag in rows.tags])
        self._index_articles([rows.coded.article for rows in batch])
        # A place or actor is stored as the first article naming it has it, as when the articles
        # are added one by one; actors are numbered in that order too.
        places: dict[int, tuple] = {}
        actors: dict[tuple[str, str], tuple] = {}
        for rows in batch:
            for geonameid, place in rows.places.items():
                places.setdefault(geonameid, place)
            for key in sorted(rows.actors):
                actors.setdefault(key, rows.actors[key])
        self._qmany("""INSERT INTO places (geonameid, name, country, lat, lon, feature) VALUES (?,?,?,?,?,?)
                       ON CONFLICT DO NOTHING""", [places[geonameid] for geonameid in sorted(places)])
        coordinates = {geonameid: (lat, lon) for geonameid, lat, lon in self._matching(
            "WITH k(geonameid) AS (VALUES {keys}) SELECT p.geonameid, p.lat, p.lon FROM k"
            " JOIN places p ON p.geonameid = k.geonameid", [(geonameid,) for geonameid in places])}
        actor_ids = self._actor_ids(actors)
        self._insert_rows("toponyms", ("article_id", "start", '"end"', "text", "geonameid"),
                          [toponym for rows in batch for toponym in rows.toponyms])
        return self._write_events(batch, actor_ids, coordinates)

    def _actor_ids(self, actors: dict[tuple[str, str], tuple]) -> dict[tuple[str, str], int]:
        """The ids of actors by their keys, storing those that are new (in the order given)."""
        select = ("WITH k(code, name) AS (VALUES {keys}) SELECT a.code, a.name, a.id FROM k"
                  " JOIN actors a ON a.code = k.code AND a.name = k.name")
        ids = {(code, name): actor_id for code, name, actor_id in self._matching(select, list(actors))}
        new = [key for key in actors if key not in ids]
        if new:
            self._qmany("INSERT INTO actors (code, country, sector, name, kind) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                        [actors[key] for key in new])
            ids.update({(code, name): actor_id for code, name, actor_id in self._matching(select, new)})
        return ids

    def _write_events(self, batch: list[_ArticleRows], actor_ids: dict[tuple[str, str], int],
                      coordinates: dict[int, tuple]) -> int:
        """Each report of the batch becomes a new event or another report of one (see
        _merge_target): merges are settled in memory, in order, then every row is written at once.
        Returns how many events are new."""
        merging = self._stored_candidates(batch)
        created: list[_Candidate] = []
        reports: list[tuple[_Candidate, int | None, tuple, str]] = []  # event, speaker id, evidence columns, sentence
        dyads: dict[tuple[str, str], list[float]] = defaultdict(list)
        for rows in batch:
            article_id = rows.coded.article.id
            for event, source, target, speaker, days, event_columns, evidence_columns in rows.events:
                codes = (source[0] if source else "", target[0] if target else "")
                mergeable = days is not None and (source or target)
                found = _merge_target(merging, article_id, event, days, *codes) if mergeable else None
                if found is None:
                    place = event.location.geonameid if event.location else None
                    found = _Candidate(len(created), True, event.cameo_code, *coordinates.get(place, (None, None)))
                    found.articles.add(article_id)
                    found.confidence = event.confidence
                    found.columns = (actor_ids.get(source), actor_ids.get(target), event_columns)
                    created.append(found)
                    if mergeable:
                        merging[(days[1], *codes, int(event.negated), int(event.hypothetical))].append(found)
                    dyads[codes].append(event.goldstein)
                else:  # its confidence is raised to this report's
                    found.articles.add(article_id)
                    found.confidence = max(found.confidence, event.confidence)
                found.reports += 1
                reports.append((found, actor_ids.get(speaker), evidence_columns, event.evidence))
        for candidate, event_id in zip(created, self._new_ids("events", len(created))):
            candidate.id = event_id
        self._insert_rows("events", _EVENT_COLUMNS, [(e.id, *e.columns[:2], e.reports, e.confidence, *e.columns[2])
                                                     for e in created])
        evidence_ids = self._new_ids("evidence", len(reports))
        self._insert_rows("evidence", _EVIDENCE_COLUMNS, [(evidence_id, e.id, speaker, *columns) for evidence_id,
                                                          (e, speaker, columns, _) in zip(evidence_ids, reports)])
        self._index_evidence([(evidence_id, report[3]) for evidence_id, report in zip(evidence_ids, reports)])
        # In the order of their ids: concurrent writers of these rows wait instead of deadlocking.
        stored = sorted((e for candidates in merging.values() for e in candidates if not e.new and e.reports),
                        key=lambda e: e.id)
        self._qmany("""UPDATE events SET reports = reports + ?, confidence = CASE WHEN confidence < ? THEN ? ELSE confidence END
                       WHERE id = ?""", [(e.reports, e.confidence, e.confidence, e.id) for e in stored])
        self._count_dyads(dyads)
        return len(created)

    def _stored_candidates(self, batch: list[_ArticleRows]) -> defaultdict[tuple, list[_Candidate]]:
        """The stored events the batch's reports may merge into, by date, actor codes and modality:
        those with the actor codes of a report, dated within a day of it, of its CAMEO base code."""
        keys = set()
        for rows in batch:
            for event, source, target, _, days, *_ in rows.events:
                if days is not None and (source or target):
                    base = event.cameo_code[:3]
                    codes = (source[0] if source else "", target[0] if target else "")
                    keys.add((*days, base, base + "\uffff", *codes))
        rows = self._matching(
            f"""WITH k(before, day, after, low, high, source, target) AS (VALUES {{keys}})
               SELECT e.id, e.date, coalesce(sa.code, ''), coalesce(ta.code, ''), e.negated, e.hypothetical,
                      e.cameo_code, p.lat, p.lon
               FROM {self._CANDIDATE_EVENTS}
               LEFT JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
               LEFT JOIN places p ON p.geonameid = e.geonameid
               WHERE coalesce(sa.code, '') = k.source AND coalesce(ta.code, '') = k.target""", sorted(keys))
        merging: defaultdict[tuple, list[_Candidate]] = defaultdict(list)
        for event_id, *key, cameo_code, lat, lon in {row[0]: row for row in rows}.values():
            merging[tuple(key)].append(_Candidate(event_id, False, cameo_code, lat, lon))
        return merging

    def _count_dyads(self, added: dict[tuple[str, str], list[float]]) -> None:
        """Count new events per pair of actor codes, summing their Goldstein scores in the order
        the events were made (the very sums of adding them one by one)."""
        stored = {(source, target): (events, goldstein) for source, target, events, goldstein in self._matching(
            "WITH k(source, target) AS (VALUES {keys}) SELECT d.source_code, d.target_code, d.events, d.goldstein"
            " FROM k JOIN dyads d ON d.source_code = k.source AND d.target_code = k.target", list(added))}
        rows = []
        for pair in sorted(added):
            events, goldstein = stored.get(pair, (0, 0.0))
            for score in added[pair]:
                goldstein += score
            rows.append((*pair, events + len(added[pair]), goldstein))
        self._qmany("""INSERT INTO dyads (source_code, target_code, events, goldstein) VALUES (?, ?, ?, ?)
                       ON CONFLICT (source_code, target_code) DO UPDATE SET events = excluded.events,
                       goldstein = excluded.goldstein""", rows)

    def add_near_duplicate(self, article: Article, original_id: str, fingerprint: bytes | None = None) -> int:
        """Store a further copy of a stored story, uncoded, as more reports of its events.

        Each event of the original gains a report from this copy wherever the copy has the
        evidence sentence word for word; returns how many reports were added.
        """
        with self._write_tx():
            if not self._q(_INSERT_ARTICLE, _article_row(article, False, fingerprint, _now(), original_id)).rowcount:
                return 0
            self._index_articles([article])
            self._q(
                "INSERT INTO article_tags (article_id, tag, kind) SELECT ?, tag, kind FROM article_tags"
                " WHERE article_id = ? ORDER BY id ON CONFLICT DO NOTHING", (article.id, original_id))
            reports = self._q(
                """SELECT v.event_id, v.speaker_actor_id, v.sentence_index, v.start, v."end", v.trigger_start,
                          v.trigger_end, v.rule, v.source_start, v.source_end, v.target_start, v.target_end,
                          v.location_start, v.location_end, a.text
                   FROM evidence v JOIN articles a ON a.id = v.article_id WHERE v.article_id = ? ORDER BY v.id""",
                (original_id,)).fetchall()
            copied = []
            for (event_id, speaker, sentence, start, end, trigger_start, trigger_end, rule, *spans, text) in reports:
                at = article.text.find(text[start:end])
                if at >= 0:
                    def shift(value, start=start, at=at):
                        return None if value is None else value - start + at

                    copied.append((event_id, speaker, article.id, sentence, at, at + end - start, shift(trigger_start),
                                   shift(trigger_end), rule, *map(shift, spans)))
            evidence_ids = self._new_ids("evidence", len(copied))
            self._insert_rows("evidence", _EVIDENCE_COLUMNS, [(i, *row) for i, row in zip(evidence_ids, copied)])
            self._index_evidence([(i, article.text[row[4]:row[5]]) for i, row in zip(evidence_ids, copied)])
            self._qmany("UPDATE events SET reports = reports + 1 WHERE id = ?", [(row[0],) for row in copied])
        return len(copied)

    def fingerprints(self, limit: int) -> list[tuple[str, bytes, str | None]]:
        """The MinHash signatures of the most recently ingested first copies of stories, with
        their publication dates: (id, signature, YYYY-MM-DD or None)."""
        rows = self._q(
            """SELECT id, minhash, published FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL
               ORDER BY ingested_at DESC, id DESC LIMIT ?""", (limit,))
        return [(key, data, published[:10] if published else None) for key, data, published in rows.fetchall()]

    def add_failure(self, failure: Failure) -> None:
        now = _now()
        with self._tx():
            self._q(
                """INSERT INTO ingest_errors (source, stage, reason, first_seen, last_seen) VALUES (?,?,?,?,?)
                   ON CONFLICT (source, reason) DO UPDATE
                   SET last_seen = excluded.last_seen, count = ingest_errors.count + 1""",
                (failure.source, failure.stage, failure.reason, now, now),
            )

    def clear_failure(self, source: str) -> None:
        """Forget earlier failures of a source that has now been read."""
        with self._tx():
            self._q("DELETE FROM ingest_errors WHERE source = ?", (source,))

    # -- reading -----------------------------------------------------------------------------------

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after a large load)."""
        self._q("ANALYZE")

    def counts(self) -> dict[str, int]:
        q = lambda sql: self._q(sql).fetchone()[0]
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "coded_articles": q("SELECT count(*) FROM articles WHERE coded = 1"),
            "events": q("SELECT count(*) FROM events"),
            "actors": q("SELECT count(*) FROM actors"),
            "places": q("SELECT count(*) FROM places"),
            "errors": q("SELECT count(*) FROM ingest_errors"),
        }

    def errors(self) -> list[dict]:
        rows = self._q(
            "SELECT source, stage, reason, first_seen, last_seen, count FROM ingest_errors ORDER BY last_seen DESC, source, reason")
        return [dict(zip(("source", "stage", "reason", "first_seen", "last_seen", "count"), r)) for r in rows]

    def articles(self, *, tag: str | None = None, search: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Articles, newest first, with a tag, matching a full-text search, or published in a period."""
        where, params = [], []
        if tag:
            where.append("a.id IN (SELECT article_id FROM article_tags WHERE lower(tag) = ?)")
            params.append(_fold(tag.strip()))
        if search:
            condition, values = self._articles_matching(search)
            where.append(condition)
            params += values
        _add_period(where, params, "a.published", since, until)
        _check_page(limit, offset)
        rows = self._q(
            f"""SELECT a.id, a.source, a.url, a.title, a.published, a.published_from, a.agency, a.language,
                       a.dateline_place, a.coded, (SELECT count(DISTINCT event_id) FROM evidence v WHERE v.article_id = a.id)
                FROM articles a {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?""", (*params, limit, offset))
        keys = ("id", "source", "url", "title", "published", "published_from", "agency", "language",
                "dateline_place", "coded", "events")
        return [dict(zip(keys, r)) for r in rows]

    def article(self, article_id: str) -> dict | None:
        """One article with its text, dateline, tags and the ids of the events it reports."""
        row = self._q(
            """SELECT id, source, url, title, text, published, published_from, published_precision, dateline_text,
                      dateline_place, agency, authors, language, duplicate_of FROM articles WHERE id = ?""",
            (article_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "source", "url", "title", "text", "published", "published_from", "published_precision",
                "dateline_text", "dateline_place", "agency", "authors", "language", "duplicate_of")
        found = dict(zip(keys, row))
        found["authors"] = json.loads(found["authors"])
        found["tags"] = [{"tag": t, "kind": k} for t, k in self._q(
            "SELECT tag, kind FROM article_tags WHERE article_id = ? ORDER BY id", (article_id,))]
        found["event_ids"] = [r[0] for r in self._q(
            "SELECT DISTINCT event_id FROM evidence WHERE article_id = ? ORDER BY event_id", (article_id,))]
        found["evidence"] = [
            {"event_id": e, "span": [s, t], "trigger": [a, b] if a is not None else None}
            for e, s, t, a, b in self._q(
                """SELECT event_id, start, "end", trigger_start, trigger_end FROM evidence WHERE article_id = ?
                   ORDER BY start, id""", (article_id,))]
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
            (event_id,))
        reports = []
        for (article_id, title, url, agency, source, published, start, end, ts, te, ss, se, gs, ge, sentence) in rows:
            def span(a, b, start=start, end=end):
                return [a - start, b - start] if a is not None and start <= a and b <= end else None

            reports.append({
                "article_id": article_id, "title": title, "url": url, "agency": agency, "source": source,
                "published": published, "sentence": sentence, "span": [start, end],
                "trigger": span(ts, te), "source_span": span(ss, se), "target_span": span(gs, ge),
            })
        return reports

    def actors(self, *, limit: int = 100, offset: int = 0) -> list[dict]:
        """Actor codes by the number of events they take part in, each with its partners (dyads)."""
        _check_page(limit, offset)
        rows = self._q(
            """SELECT code, CAST(sum(n) AS BIGINT) AS n FROM (
                   SELECT source_code AS code, sum(events) AS n FROM dyads WHERE source_code != '' GROUP BY source_code
                   UNION ALL
                   SELECT target_code, sum(events) FROM dyads WHERE target_code != '' GROUP BY target_code) x
               GROUP BY code ORDER BY n DESC, code LIMIT ? OFFSET ?""", (limit, offset)).fetchall()
        found = []
        for code, count in rows:
            names = [r[0] for r in self._q(
                "SELECT name FROM actors WHERE code = ? ORDER BY id LIMIT 5", (code,))]
            dyads = self._q(
                """SELECT partner, CAST(sum(events) AS BIGINT) AS n, sum(goldstein) / sum(events) FROM (
                       SELECT target_code AS partner, events, goldstein FROM dyads
                       WHERE source_code = ? AND target_code NOT IN (?, '')
                       UNION ALL
                       SELECT source_code, events, goldstein FROM dyads WHERE target_code = ? AND source_code NOT IN (?, '')) x
                   GROUP BY partner ORDER BY n DESC, partner LIMIT 10""", (code,) * 4).fetchall()
            found.append({"code": code, "names": names, "events": count,
                          "dyads": [{"partner": p, "events": n, "goldstein": round(g, 2)} for p, n, g in dyads]})
        return found

    def tags(self, *, kind: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Tags by the number of articles that carry them (kind: page, actor, place, event, term)."""
        _check_page(limit, offset)
        if kind is not None and kind not in TAG_KINDS:
            raise StoreError(f"kind must be one of {', '.join(TAG_KINDS)}, not {kind!r}")
        rows = self._q(
            f"""SELECT min(tag), kind, count(DISTINCT article_id) AS n FROM article_tags
                {"WHERE kind = ?" if kind else ""} GROUP BY lower(tag), kind ORDER BY n DESC, min(tag), kind
                LIMIT ? OFFSET ?""", (*([kind] if kind else []), limit, offset))
        return [{"tag": t, "kind": k, "articles": n} for t, k, n in rows]

    def calendar(self, *, since: str | None = None, until: str | None = None, precision: str = "day",
                 **filters) -> list[dict]:
        """Events per day, split by quad class (1 verbal cooperation, 2 material cooperation,
        3 verbal conflict, 4 material conflict), for the days that have any; the event filters apply.

        Only events dated to the day count in days: those known only to the month or the year
        ("last month", "in 2014") are counted with precision="month" ("date": "2016-09") or
        precision="year" ("date": "2014"), never on the 1st of their month or year."""
        if precision not in _PRECISION_KEY:
            raise StoreError(f"precision must be one of {', '.join(_PRECISION_KEY)}, not {precision!r}")
        return self.calendars(since=since, until=until, **filters)[precision]

    def calendars(self, *, since: str | None = None, until: str | None = None, **filters) -> dict[str, list[dict]]:
        """The calendar at each precision ("day", "month", "year"), counted in one pass."""
        sql, params = self._select_ids(since=since, until=until, **{k: filters.get(k) for k in (
            "actor", "country", "type", "cameo", "near", "search", "tag", "quad", "place", "min_confidence")})
        # Grouped on the events' own columns, so a period is counted straight from the
        # (date, quad_class, date_precision) index, in its order.
        counted = sql.replace("SELECT e.id FROM", "SELECT e.date, e.quad_class, e.date_precision, count(*) FROM", 1)
        counted = counted.split(" ORDER BY ")[0] + (" AND" if " WHERE " in counted else " WHERE") + " e.date IS NOT NULL"
        rows = self._q(counted + " GROUP BY e.date, e.quad_class, e.date_precision"
                                 " ORDER BY e.date, e.quad_class, e.date_precision", params)
        found: dict[str, dict[str, dict]] = {precision: {} for precision in _PRECISION_KEY}
        for day, quad, precision, count in rows:
            precision = _CALENDAR_PRECISION.get(precision, precision)
            if precision not in found:  # an undated event has no precision
                continue
            key = day[:_PRECISION_KEY[precision]]
            entry = found[precision].setdefault(key, {"date": key, "events": 0,
                                                      "quad_classes": {"1": 0, "2": 0, "3": 0, "4": 0}})
            entry["events"] += count
            entry["quad_classes"][str(quad)] += count
        return {precision: list(entries.values()) for precision, entries in found.items()}

    def map_points(self, *, since: str | None = None, until: str | None = None, **filters) -> list[dict]:
        """The places of the events matching the filters, each with its number of events per quad
        class, most events first."""
        sql, params = self._select_ids(since=since, until=until, **{k: filters.get(k) for k in (
            "actor", "country", "type", "cameo", "near", "search", "tag", "quad", "place", "min_confidence")})
        inner = sql.replace("SELECT e.id FROM", "SELECT e.geonameid AS g, e.quad_class AS q FROM", 1).split(" ORDER BY ")[0]
        rows = self._q(
            f"""SELECT p.geonameid, p.name, p.country, p.lat, p.lon, x.q, count(*) FROM ({inner}) x
                JOIN places p ON p.geonameid = x.g GROUP BY p.geonameid, p.name, p.country, p.lat, p.lon, x.q""", params)
        places: dict[int, dict] = {}
        for geonameid, name, country, lat, lon, quad, count in rows:
            entry = places.setdefault(geonameid, {
                "geonameid": geonameid, "name": name, "country": country, "lat": lat, "lon": lon, "events": 0,
                "quad_classes": {"1": 0, "2": 0, "3": 0, "4": 0}})
            entry["events"] += count
            entry["quad_classes"][str(quad)] += count
        return sorted(places.values(), key=lambda p: (-p["events"], p["name"], p["geonameid"]))

    def places(self, *, limit: int = 100, offset: int = 0) -> list[dict]:
        """Places by the number of events that happened there."""
        _check_page(limit, offset)
        rows = self._q(
            """SELECT p.geonameid, p.name, p.country, p.lat, p.lon, p.feature, x.n FROM (
                   SELECT geonameid, count(*) AS n FROM events WHERE geonameid IS NOT NULL GROUP BY geonameid) x
               JOIN places p ON p.geonameid = x.geonameid ORDER BY x.n DESC, p.name LIMIT ? OFFSET ?""",
            (limit, offset))
        keys = ("geonameid", "name", "country", "lat", "lon", "feature", "events")
        return [dict(zip(keys, r)) for r in rows]

    def place(self, geonameid: int) -> dict | None:
        """One place with the number of events located there."""
        row = self._q("SELECT geonameid, name, country, lat, lon, feature FROM places WHERE geonameid = ?",
                      (geonameid,)).fetchone()
        if row is None:
            return None
        found = dict(zip(("geonameid", "name", "country", "lat", "lon", "feature"), row))
        found["events"] = self._q("SELECT count(*) FROM events WHERE geonameid = ?", (geonameid,)).fetchone()[0]
        return found

    def actor(self, code: str, *, partners: int = 6) -> dict | None:
        """An actor code with the codes under it ("USA": USAGOV, USAMIL...): its names, its number of
        events, and its timeline with its most frequent partners (by country, or code where an actor
        has none: RUSGOV and RUSMIL are both RUS): per partner and ISO week (its Monday), the mean Goldstein score and the number of events between them, either way round."""
        code = code.strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{3,15}", code):
            raise StoreError(f"an actor code is 3 to 15 letters like RUS or USAGOV, not {code!r}")
        under = (code, code + "\uffff")
        names = [r[0] for r in self._q(
            """SELECT name FROM actors WHERE code >= ? AND code < ? GROUP BY name
               ORDER BY min(CASE WHEN code = ? THEN 0 ELSE 1 END), min(id) LIMIT 10""", (*under, code))]
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
               GROUP BY partner, day""", under * 4).fetchall()
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
               OR (target_code >= ? AND target_code < ?)""", under * 2).fetchone()[0]
        return {
            "code": code, "names": names, "events": events,
            "partners": [{
                "partner": p, "events": totals[p],
                "weeks": [{"week": w.isoformat(), "events": n, "goldstein": round(g / n, 2)}
                          for w, (n, g) in sorted(weeks[p].items())],
            } for p in top],
        }

    def events(self, *, since: str | None = None, until: str | None = None, actor: str | None = None,
               country: str | None = None, type: str | None = None, cameo: str | None = None,
               near: str | None = None, search: str | None = None, tag: str | None = None,
               quad: str | int | None = None, place: str | int | None = None, min_confidence: str | float | None = None,
               sort: str = "date", limit: int | None = None, offset: int = 0) -> EventList:
        """Events matching every given filter (a page of them with limit/offset), oldest first,
        or newest first (sort="-date"), or most reported first (sort="reports")."""
        if limit is not None and not (0 < limit <= MAX_LIMIT):
            raise StoreError(f"limit must be between 1 and {MAX_LIMIT}")
        return EventList(self.iter_events(since=since, until=until, actor=actor, country=country, type=type,
                                          cameo=cameo, near=near, search=search, tag=tag, quad=quad, place=place,
                                          min_confidence=min_confidence, sort=sort, limit=limit, offset=offset))

    def iter_events(self, *, since: str | None = None, until: str | None = None, actor: str | None = None,
                    country: str | None = None, type: str | None = None, cameo: str | None = None,
                    near: str | None = None, search: str | None = None, tag: str | None = None,
                    quad: str | int | None = None, place: str | int | None = None,
                    min_confidence: str | float | None = None, sort: str = "date",
                    limit: int | None = None, offset: int = 0, batch: int = 500) -> Iterator[StoredEvent]:
        """The same events as `events`, streamed in batches (exports of millions of events run in
        bounded memory). The filters are checked before the first event is read."""
        sql, params = self._select_ids(since=since, until=until, actor=actor, country=country, type=type,
                                       cameo=cameo, near=near, search=search, tag=tag, quad=quad, place=place,
                                       min_confidence=min_confidence, sort=sort)
        _check_text(params)  # now, not when the first event is read
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

    def _select_ids(self, *, since, until, actor, country, type, cameo, near, search, tag=None, quad=None,
                    place=None, min_confidence=None, sort="date") -> tuple[str, list]:
        # With a period on both sides, the date index leads and the actor terms are checked
        # on its rows (the unary "+" keeps the planner off the actor indexes): a month of a
        # country's events is then a short index range, not every event of the country sorted.
        dyad = "+e." if since and until else "e."
        where, params = [], []
        _add_period(where, params, "e.date", since, until)
        if actor:
            value = actor.strip()
            if re.fullmatch(r"[A-Z]{3}[A-Z]{0,6}", value):  # a code or its start: "RUS", "USAGOV"
                actors = "SELECT id FROM actors WHERE code >= ? AND code < ?"
                bounds = [value, value + "\uffff"]
            else:  # part of a name: "Kerry", "Security Council"
                actors = "SELECT id FROM actors WHERE lower(name) LIKE ? ESCAPE '\\'"
                bounds = ["%" + re.sub(r"([\\%_])", r"\\\1", _fold(value)) + "%"]
            where.append(f"({dyad}source_actor_id IN ({actors}) OR {dyad}target_actor_id IN ({actors}))")
            params += bounds + bounds
        if country:
            iso3 = country.strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", iso3):
                raise StoreError(f"country must be an ISO 3166-1 alpha-3 code like RUS, not {country!r}")
            actors = "SELECT id FROM actors WHERE country = ?"
            where.append(f"({dyad}source_actor_id IN ({actors}) OR {dyad}target_actor_id IN ({actors}))")
            params += [iso3, iso3]
        if type:
            kind = type.strip().upper()
            if kind not in PLOVER_TYPES:
                raise StoreError(f"type must be a PLOVER event type ({', '.join(sorted(PLOVER_TYPES))}), not {type!r}")
            where.append("e.plover_type = ?")
            params.append(kind)
        if cameo:
            code = cameo.strip()
            if not re.fullmatch(r"\d{2,4}", code):
                raise StoreError(f"cameo must be a CAMEO code of 2 to 4 digits, not {cameo!r}")
            where.append("e.cameo_code >= ? AND e.cameo_code < ?")
            params += [code, code + "\uffff"]
        if near:
            where.append(
                "EXISTS (SELECT 1 FROM places n WHERE (lower(n.name) = ? OR CAST(n.geonameid AS TEXT) = ?)"
                " AND km(n.lat, n.lon, p.lat, p.lon) <= ?)")
            params += [_fold(near.strip()), near.strip(), NEAR_KM]
        if search:
            condition, values = self._events_matching(search)
            where.append(condition)
            params += values
        if tag:
            where.append("e.id IN (SELECT s.event_id FROM article_tags t JOIN evidence s ON s.article_id = t.article_id"
                         " WHERE lower(t.tag) = ?)")
            params.append(_fold(tag.strip()))
        if quad:
            classes = sorted({c.strip() for c in str(quad).split(",")})
            if not classes or any(c not in ('1', '2', '3', '4') for c in classes):
                raise StoreError(f"quad must be quad classes 1 to 4 ({_QUAD_HELP}), alone or as a list like 3,4,"
                                 f" not {quad!r}")
            where.append(f"e.quad_class IN ({_marks(classes)})")
            params += [int(c) for c in classes]
        if place:
            geonameid = str(place).strip()
            if not geonameid.isdigit() or len(geonameid) > 12:
                raise StoreError(f"place must be a GeoNames id like 170063, not {place!r}")
            where.append("e.geonameid = ?")
            params.append(int(geonameid))
        if min_confidence is not None and str(min_confidence).strip():
            try:
                least = float(min_confidence)
            except ValueError:
                least = -1.0
            if not 0 <= least <= 1:
                raise StoreError(f"min_confidence must be a number from 0 to 1 (the share of such events that are right), "
                                 f"not {min_confidence!r}")
            where.append("e.confidence >= ?")
            params.append(least)
        if sort not in SORTS:
            raise StoreError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        sql = "SELECT e.id FROM events e"
        if near:
            sql += " LEFT JOIN places p ON p.geonameid = e.geonameid"
        if where:
            sql += " WHERE " + " AND ".join(where)
        # Undated events (an article without any date) come first; the order follows the date
        # index, so a page of a million events is read from the index, not sorted.
        sql += " ORDER BY " + SORTS[sort]
        return sql, params

    def _load(self, ids: list[int]) -> list[StoredEvent]:
        found: dict[int, StoredEvent] = {}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            reports = defaultdict(list)
            first: dict[int, int] = {}  # the first report of each event, whose sentence is its evidence
            for event_id, evidence_id, *report in self._q(
                    f"""SELECT v.event_id, v.id, v.article_id, a.agency, a.url, a.source FROM evidence v
                        JOIN articles a ON a.id = v.article_id WHERE v.event_id IN ({_marks(chunk)}) ORDER BY v.id""",
                    chunk):
                reports[event_id].append(report)
                first.setdefault(event_id, evidence_id)
            if not first:
                continue
            rows = self._q(
                f"""SELECT e.id, e.date, e.date_precision, e.cameo_code, e.plover_type, e.plover_mode, e.plover_context,
                       e.goldstein, e.quad_class, e.negated, e.hypothetical, e.historical, e.confidence,
                       v.article_id, v.sentence_index, v.start, v."end", v.trigger_start, v.trigger_end, v.rule,
                       v.source_start, v.source_end, v.target_start, v.target_end, v.location_start, v.location_end,
                       a.text, e.future, e.compound, e.found_by,
                       sa.code, sa.country, sa.sector, sa.name, sa.kind,
                       ta.code, ta.country, ta.sector, ta.name, ta.kind,
                       p.geonameid, p.name, p.country, p.lat, p.lon, p.feature,
                       sp.code, sp.country, sp.sector, sp.name, sp.kind
                   FROM evidence v
                   JOIN events e ON e.id = v.event_id
                   JOIN articles a ON a.id = v.article_id
                   LEFT JOIN actors sa ON sa.id = e.source_actor_id
                   LEFT JOIN actors ta ON ta.id = e.target_actor_id
                   LEFT JOIN places p ON p.geonameid = e.geonameid
                   LEFT JOIN actors sp ON sp.id = v.speaker_actor_id
                   WHERE v.id IN ({_marks(first)})""", list(first.values()))
            for row in rows:
                event = _event_from_row(row)
                mentions = reports[row[0]]
                outlets = {r[1] or (urlsplit(r[2]).netloc if r[2] else None) or r[3] for r in mentions}
                found[row[0]] = StoredEvent(
                    event_id=row[0], event=event, num_mentions=len(mentions), num_sources=len(outlets),
                    num_articles=len({r[0] for r in mentions}),
                    article_ids=tuple(dict.fromkeys(r[0] for r in mentions)),
                    urls=tuple(dict.fromkeys(r[2] for r in mentions if r[2])),
                )
        return [found[i] for i in ids if i in found]


    # -- watched sources (newsevents watch) --------------------------------------------------------

    def watch_sources(self, sources: Sequence[str]) -> None:
        """Keep the state of these sources from now on (those already kept stay as they are)."""
        rows = [(source,) for source in sources]
        for row in rows:
            _check_text(row)
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
            _check_text(key)
        known = {item: (result, attempts) for item, result, attempts in self._matching(
            "WITH k(source, item) AS (VALUES {keys}) SELECT w.item, w.result, w.attempts FROM k"
            " JOIN watched_items w ON w.source = k.source AND w.item = k.item", keys)}
        return {item: known[item][1] if item in known else 0 for item in items
                if item not in known or known[item][0] == "retry"}

    def record_poll(self, source: str, *, items: Sequence[tuple[str, str]] = (), brought: int | None = None,
                    **state) -> None:
        """Write, in one transaction, what a poll of a watched source found: its state (columns of
        watched_sources: kind, parent, last_poll, status, result, etag, last_modified, failures,
        next_poll), the articles it `brought` (added to its total) and what became of its `items`
        ((item, result): ingested, duplicate, failed or retry)."""
        unknown = set(state) - set(WATCH_STATE[1:WATCH_STATE.index("articles")])
        if unknown:
            raise StoreError(f"no such state of a watched source: {', '.join(sorted(unknown))}")
        columns = list(state)
        values = [state[c] for c in columns]
        updates = [f"{c} = excluded.{c}" for c in columns]
        if brought is not None:
            columns += ["articles", "last_articles"]
            values += [brought, brought]
            updates += ["articles = watched_sources.articles + excluded.last_articles", "last_articles = excluded.last_articles"]
        now = _now()
        rows = [(source, item, result, now) for item, result in items]
        for row in rows:
            _check_text(row)
        with self._tx():
            self._q(f"""INSERT INTO watched_sources (source{"".join(", " + c for c in columns)})
                        VALUES ({_marks([source, *values])}) ON CONFLICT (source)
                        {"DO UPDATE SET " + ", ".join(updates) if updates else "DO NOTHING"}""", [source, *values])
            self._qmany(
                """INSERT INTO watched_items (source, item, result, attempts, ingested_at) VALUES (?, ?, ?, 1, ?)
                   ON CONFLICT (source, item) DO UPDATE SET result = excluded.result,
                   attempts = watched_items.attempts + 1, ingested_at = excluded.ingested_at""", rows)

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The source each of these stored articles was read from, by id."""
        keys = [(article_id,) for article_id in dict.fromkeys(article_ids)]
        for key in keys:
            _check_text(key)
        return dict(self._matching("WITH k(id) AS (VALUES {keys}) SELECT a.id, a.source FROM k JOIN articles a ON a.id = k.id",
                                   keys))

def _actor_key(actor: Actor) -> tuple[str, str]:
    """An actor as the store keys it: its code and name."""
    return actor.code, actor.name or actor.text


_ARTICLE_COLUMNS = ("id", "source", "url", "title", "text", "published", "published_from", "published_precision",
                    "published_at", "fetched_at", "dateline_text", "dateline_place", "dateline_date", "agency", "authors",
                    "language", "coded", "ingested_at", "minhash", "duplicate_of")
_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({','.join('?' * len(_ARTICLE_COLUMNS))})"
                   " ON CONFLICT DO NOTHING")
_EVENT_COLUMNS = ("id", "source_actor_id", "target_actor_id", "reports", "confidence", "date", "date_precision",
                  "cameo_code", "plover_type", "plover_mode", "plover_context", "goldstein", "quad_class", "geonameid",
                  "negated", "hypothetical", "historical", "future", "compound", "found_by")
_EVIDENCE_COLUMNS = ("id", "event_id", "speaker_actor_id", "article_id", "sentence_index", "start", '"end"',
                     "trigger_start", "trigger_end", "rule", "source_start", "source_end", "target_start", "target_end",
                     "location_start", "location_end")


def _article_row(article: Article, coded: bool, fingerprint: bytes | None, now: str,
                 duplicate_of: str | None = None) -> tuple:
    """An article's values for _INSERT_ARTICLE."""
    dateline = article.dateline
    return (article.id, article.source, article.url, article.title, article.text, _iso(article.published),
            article.published_from, article.published_precision, _iso(article.published_at), _iso(article.fetched),
            dateline.text if dateline else None, dateline.place if dateline else None,
            _iso(dateline.date) if dateline else None, article.agency, json.dumps(list(article.authors)),
            article.language, int(coded), now, fingerprint, duplicate_of)


class _ArticleRows(NamedTuple):
    """An article's rows as add_many writes them, checked; ids are added once they are known."""

    coded: CodedArticle
    article: tuple
    tags: list[tuple]
    toponyms: list[tuple]
    places: dict[int, tuple]  # by GeoNames id
    actors: dict[tuple[str, str], tuple]  # by _actor_key
    # Per event: the event; the keys of its source, target and speaker (None: no actor with a
    # code); the day before, its own day and the day after (None: undated); its columns of
    # _EVENT_COLUMNS and of _EVIDENCE_COLUMNS that are not ids.
    events: list[tuple]


def _article_rows(coded: CodedArticle, fingerprint: bytes | None, now: str) -> _ArticleRows:
    """The rows of an article and its events; StoreError if the store refuses a value of them."""
    article = coded.article
    # The last of an article's copies of a place or actor is the one it stores, as it always was.
    places = {p.geonameid: (p.geonameid, p.name, p.country, p.lat, p.lon, p.feature)
              for p in (*(e.location for e in coded.events), *coded.places) if p is not None and p.geonameid is not None}
    actors = {_actor_key(a): (a.code, a.country, a.sector, _actor_key(a)[1], a.kind)
              for e in coded.events for a in (e.source, e.target, e.speaker) if a is not None and a.code}
    events = []
    day = timedelta(days=1)
    for e in coded.events:
        source, target, speaker = (_actor_key(a) if a is not None and a.code else None for a in (e.source, e.target, e.speaker))
        loc = e.location if e.location is not None and e.location.start >= 0 else None
        days = None if e.date is None else ((e.date - day).isoformat(), _iso(e.date), (e.date + day).isoformat())
        events.append((e, source, target, speaker, days, (
            _iso(e.date), e.date_precision, e.cameo_code, e.plover_type, e.plover_mode, json.dumps(list(e.plover_context)),
            e.goldstein, e.quad_class, e.location.geonameid if e.location else None, int(e.negated),
            int(e.hypothetical), int(e.historical), int(e.future), int(e.compound), e.found_by,
        ), (
            article.id, e.sentence_index, e.evidence_span[0], e.evidence_span[1], e.trigger.start, e.trigger.end,
            e.trigger.rule, e.source.start if e.source else None, e.source.end if e.source else None,
            e.target.start if e.target else None, e.target.end if e.target else None,
            loc.start if loc else None, loc.end if loc else None,
        )))
    rows = _ArticleRows(coded, _article_row(article, coded.coded, fingerprint, now),
                        [(article.id, tag, kind) for tag, kind in article_tags(coded)],
                        list({p.start: (article.id, p.start, p.end, p.text, p.geonameid)
                              for p in reversed(coded.places)}.values())[::-1], places, actors, events)
    _check_text(rows.article)
    # Their text values joined are looked through at once; only when one holds a NUL is each row checked.
    others = [*rows.tags, *rows.toponyms, *places.values(), *actors.values(),
              *((e[0].evidence, *e[-2], *e[-1]) for e in events)]
    if "\x00" in "".join([value for row in others for value in row if type(value) is str]):
        for row in others:
            _check_text(row)
    return rows


class _Candidate:
    """An event the reports of a batch may merge into, stored before the batch or made by it
    (`new`; its `id` is then its place in the batch until it is stored), and what it gains."""

    __slots__ = ("id", "new", "cameo_code", "lat", "lon", "articles", "reports", "confidence", "columns")

    def __init__(self, id: int, new: bool, cameo_code: str, lat: float | None, lon: float | None):
        self.id, self.new, self.cameo_code, self.lat, self.lon = id, new, cameo_code, lat, lon
        self.articles: set[str] = set()  # the batch's articles reporting it
        self.reports = 0  # the batch's reports of it
        self.confidence = -math.inf  # the highest confidence of those reports
        self.columns: tuple = ()  # a new event's actor ids and other columns


def _merge_target(merging: dict[tuple, list[_Candidate]], article_id: str, event: Event, days: tuple[str, str, str],
                  source: str, target: str) -> _Candidate | None:
    """The event this report is another report of, if any: one with the same source and target
    actor codes, the same CAMEO base code and modality, dated within a day (`days`; the same day
    first, then the lowest id), placed within MERGE_KM (or either place unknown), reported by
    another article. `merging` holds the candidates by date, codes, negated and hypothetical."""
    base, here, on = event.cameo_code[:3], event.location, days[1]
    best, rank = None, None
    for when in days:
        for candidate in merging.get((when, source, target, int(event.negated), int(event.hypothetical)), ()):
            if (candidate.cameo_code.startswith(base) and article_id not in candidate.articles
                    and (here is None or here.lat is None or candidate.lat is None
                         or km(here.lat, here.lon, candidate.lat, candidate.lon) <= MERGE_KM)
                    and (rank is None or (when != on, candidate.new, candidate.id) < rank)):
                best, rank = candidate, (when != on, candidate.new, candidate.id)
    return best


def _check_text(params: Sequence) -> None:
    """PostgreSQL text cannot hold NUL: refused on both backends, with the same message."""
    if any(type(p) is str and "\x00" in p for p in params):
        raise StoreError("a value with a NUL character (\\x00) cannot be stored or searched")


def _marks(values) -> str:
    """Placeholders for a list of values: "?,?,?"."""
    return ",".join("?" * len(values))


def _add_period(where: list[str], params: list, column: str, since: str | None, until: str | None) -> None:
    """The terms of a --since/--until period on an ISO date column."""
    if since:
        where.append(f"{column} >= ?")
        params.append(_date_bound(since, "since", upper=False))
    if until:
        where.append(f"{column} <= ?")
        params.append(_date_bound(until, "until", upper=True))


def _check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or not (0 < limit <= MAX_LIMIT):
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise StoreError("offset must be 0 or more")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _actor_from(text: str, start, end, code, country, sector, name, kind) -> Actor | None:
    if code is None:
        # An actor the coder could not code ("unidentified persons"): its words are all we keep.
        return Actor(text=text[start:end], start=start, end=end, code=None, country=None) if start is not None else None
    if start is None:
        return Actor(text=name, start=-1, end=-1, code=code, country=country, sector=sector, name=name, kind=kind)
    return Actor(text=text[start:end], start=start, end=end, code=code, country=country, sector=sector, name=name, kind=kind)


def _event_from_row(row) -> Event:
    (event_id, when, precision, cameo_code, ptype, pmode, pcontext, goldstein, quad, negated, hypothetical,
     historical, confidence, article_id, sentence_index, start, end, tstart, tend, rule,
     sstart, send, gstart, gend, lstart, lend, text, future, compound, found_by) = row[:30]
    row = row[:27] + row[30:]
    source = _actor_from(text, sstart, send, *row[27:32])
    target = _actor_from(text, gstart, gend, *row[32:37])
    location = None
    if row[37] is not None:
        geonameid, name, country, lat, lon, feature = row[37:43]
        location = Place(
            text=text[lstart:lend] if lstart is not None else name, start=lstart if lstart is not None else -1,
            end=lend if lend is not None else -1, geonameid=geonameid, name=name, country=country,
            lat=lat, lon=lon, feature=feature,
        )
    speaker = _actor_from(text, None, None, *row[43:48])
    from newsevents.ontology import cameo as cameo_entry  # the label is a fact of the code

    return Event(
        doc_id=article_id, sentence_index=sentence_index, evidence=text[start:end], evidence_span=(start, end),
        trigger=Trigger(text[tstart:tend], tstart, tend, rule), cameo_code=cameo_code,
        cameo_label=cameo_entry(cameo_code).name, plover_type=ptype, plover_mode=pmode,
        plover_context=tuple(json.loads(pcontext)), goldstein=goldstein, quad_class=quad,
        source=source, target=target, date=date.fromisoformat(when) if when else None,
        date_precision=precision, location=location, speaker=speaker, negated=bool(negated),
        hypothetical=bool(hypothetical), historical=bool(historical), confidence=confidence,
        future=bool(future), compound=bool(compound), found_by=found_by,
    )
