"""The PostgreSQL store (psycopg 3): the same store as SQLite's, for a database that many
processes share. Full-text search uses tsvector GIN indexes; the schema's version is in the
table schema_version."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from urllib.parse import unquote

import psycopg

from newsevents.records import Article
from newsevents.store.errors import StoreError
from newsevents.store.filters import search_terms
from newsevents.store.schema import PG_BASE_VERSION, PG_MIGRATIONS, PG_SCHEMA, SCHEMA_VERSION
from newsevents.store.sql import SQLStore

# Held while a store is created or migrated, so that two processes opening it do not both do it.
_MIGRATION_LOCK = 0x6E657773  # "news"
# Held by a writer of articles for its whole transaction: writers take turns, so that each one's
# reports merge into the events of those before it as if they had written one after another.
_WRITE_LOCK = 0x6E657775
_PASSWORD_IN_USER = re.compile(r"^([^/]*//[^/@:]*:)([^/]*)@")
_PASSWORD_PARAMETER = re.compile(r"([?&]password=)([^&]*)")
_cursor_numbers = itertools.count(1)


@lru_cache(maxsize=1024)
def pg_sql(sql: str) -> str:
    """The shared SQL as PostgreSQL runs it: %s placeholders (a literal % doubled), `IS ?`
    (null-safe equality) as IS NOT DISTINCT FROM, `LIMIT -1` (no limit) as LIMIT ALL."""
    sql = sql.replace("%", "%%").replace("LIMIT -1", "LIMIT ALL")
    return re.sub(r"\bIS \?", "IS NOT DISTINCT FROM ?", sql).replace("?", "%s")


def ts_query(text: str) -> tuple[str, list[str]]:
    """A user's search as a tsquery expression and its parameters: each term a phrase, all of
    them required (the search fts_query makes for SQLite)."""
    terms = search_terms(text)
    return " && ".join(["phraseto_tsquery('simple', ?)"] * len(terms)), terms


def redacted(url: str) -> str:
    """`url` with its password, if it has one, as ***."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _PASSWORD_IN_USER.sub(r"\1***@", url))


def _without_password(message: str, url: str) -> str:
    """A message about `url` (which may quote it, or a piece of it) without its password."""
    message = message.replace(url, redacted(url))
    written = [m.group(2) for m in (_PASSWORD_IN_USER.search(url), *_PASSWORD_PARAMETER.finditer(url)) if m]
    for password in sorted({p for raw in written for p in (raw, unquote(raw)) if p}, key=len, reverse=True):
        message = message.replace(password, "***")
    return " ".join(message.split())


class PostgresStore(SQLStore):
    def __init__(self, url: str):
        self.url = redacted(url)
        try:
            self.db = psycopg.connect(url, autocommit=True)
            try:
                self._migrate()
            except BaseException:
                self.db.close()
                raise
        except psycopg.Error as exc:
            raise StoreError(f"cannot open PostgreSQL store {self.url}: {_without_password(str(exc), url)}") from None

    @property
    def schema_version(self) -> int:
        return self._q("SELECT version FROM schema_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.db.transaction():
            self._q("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            if self._q("SELECT to_regclass('schema_version')").fetchone()[0] is None:
                self.db.execute(PG_SCHEMA)
                self._q("INSERT INTO schema_version (version) VALUES (?)", (PG_BASE_VERSION,))
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise StoreError(f"the store was made by a newer newsevents (schema {version} > {SCHEMA_VERSION})")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                self.db.execute(PG_MIGRATIONS[target])
                self._q("UPDATE schema_version SET version = ?", (target,))

    def analyze(self) -> None:
        """Refresh the planner's statistics and the visibility map after a large load: without
        the map, PostgreSQL's index-only scans (the calendar's) read the table too."""
        self._q("VACUUM (ANALYZE)")

    def _tx(self) -> AbstractContextManager:
        # Not `with self.db`: psycopg 3 closes the connection at the end of that block.
        return self.db.transaction()

    # PostgreSQL would rather read every event once and hash the keys, a scan that grows with the
    # store; OFFSET 0 keeps the lateral subquery apart, so each key is one index search.
    _CANDIDATE_EVENTS = """k CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.date IN (k.before, k.day, k.after)
                           AND x.cameo_code >= k.low AND x.cameo_code < k.high OFFSET 0) e"""

    def _sql(self, sql: str) -> str:
        return pg_sql(sql)

    @contextmanager
    def _write_tx(self) -> Iterator[None]:
        with self.db.transaction():
            self._q("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
            yield

    def _new_ids(self, table: str, n: int) -> list[int]:
        return [
            row[0]
            for row in self._q("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)", (table, n))
        ]

    def _insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        # COPY: one stream for all the rows instead of a statement for each.
        with self.db.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _index_articles(self, articles: Sequence[Article]) -> None:
        """Nothing to do: the GIN index articles_fts is over the articles' own columns."""

    def _index_evidence(self, rows: Sequence[tuple[int, str]]) -> None:
        self._insert_rows("evidence_text", ("evidence_id", "sentence"), rows)

    def _events_matching(self, search: str) -> tuple[str, list]:
        query, terms = ts_query(search)
        # ARRAY(...) is evaluated once, from the GIN index: otherwise the planner may walk the
        # date index and test every event against the search (342 ms against 47 ms for a rare
        # word at 130,000 events).
        return (
            "e.id = ANY (ARRAY(SELECT s.event_id FROM evidence_text f JOIN evidence s ON s.id = f.evidence_id"
            f" WHERE to_tsvector('simple', f.sentence) @@ ({query})))",
            terms,
        )

    def _articles_matching(self, search: str) -> tuple[str, list]:
        query, terms = ts_query(search)
        return f"to_tsvector('simple', coalesce(a.title, '') || ' ' || a.text) @@ ({query})", terms

    def _id_batches(self, sql: str, params: Sequence, batch: int) -> Iterator[list[int]]:
        # A server-side cursor, read a batch at a time. WITH HOLD: the server keeps the ids
        # after the statement's own transaction, so no transaction stays open while the events
        # are read (and written, or streamed side by side).
        with self.db.cursor(name=f"newsevents_ids_{next(_cursor_numbers)}", withhold=True) as cursor:
            cursor.execute(self._sql(sql), params)
            while ids := [row[0] for row in cursor.fetchmany(batch)]:
                yield ids
