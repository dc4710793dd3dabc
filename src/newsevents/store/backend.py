"""What a backend of the store supplies (see store.sql), and the running of statements on its
connection `db`: the base of the store's parts (write.py, summaries.py, sql.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from newsevents.records import Article
from newsevents.store.errors import check_text
from newsevents.store.rows import marks

# Parameters per statement when a batch's keys are looked up: below SQLite's 32,766 and
# PostgreSQL's 65,535.
_MAX_PARAMS = 30_000


class Backend(ABC):
    """A SQL database, `db` (a sqlite3 or psycopg connection), and what differs between them."""

    db: Any

    # -- the backend's part ----------------------------------------------------------------------

    # The stored events of a batch's merge keys `k` (the day before, the day, the day after; a CAMEO
    # code range): an index search of events (date, cameo_code) for each day of each key.
    _CANDIDATE_EVENTS = (
        "k JOIN events e ON e.date IN (k.before, k.day, k.after) AND e.cameo_code >= k.low AND e.cameo_code < k.high"
    )

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
        self._qmany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(columns)})", rows)

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
        check_text(params)
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
            chunk = keys[start : start + step]
            values = ",".join(["(" + ",".join([mark] * width) + ")"] * len(chunk))
            rows += self.db.execute(template.replace("{keys}", values), [v for key in chunk for v in key]).fetchall()
        return rows
