"""The SQLite store: a file in WAL mode, FTS5 tables for full-text search, the schema's version
in PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from newsevents.distance import km
from newsevents.records import Article
from newsevents.store.errors import StoreError
from newsevents.store.filters import search_terms
from newsevents.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsevents.store.sql import SQLStore


def fts_query(text: str) -> str:
    """A user's search as an FTS5 query: every term a quoted phrase (so FTS5's own operators
    are words), all of them required."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in search_terms(text))


class SQLiteStore(SQLStore):
    def __init__(self, path: str):
        self.path = path
        try:
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.create_function("km", 4, km, deterministic=True)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path!r}: {exc}") from None

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store was made by a newer newsevents (schema {version} > {SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.db:
                self.db.executescript("BEGIN;" + MIGRATIONS[target] + f"; PRAGMA user_version = {target}; COMMIT;")

    def _tx(self) -> sqlite3.Connection:
        return self.db

    @contextmanager
    def _write_tx(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock before the batch reads what its reports merge into.
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            yield

    def _new_ids(self, table: str, n: int) -> list[int]:
        # What SQLite itself would give them: the write transaction keeps other writers out.
        top = self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        return list(range(top + 1, top + 1 + n))

    def _index_articles(self, articles: Sequence[Article]) -> None:
        self._qmany(
            "INSERT INTO articles_fts (rowid, title, text) SELECT rowid, ?, ? FROM articles WHERE id = ?",
            [(article.title or "", article.text, article.id) for article in articles],
        )

    def _index_evidence(self, rows: Sequence[tuple[int, str]]) -> None:
        self._qmany("INSERT INTO evidence_fts (rowid, sentence) VALUES (?, ?)", rows)

    def _events_matching(self, search: str) -> tuple[str, list]:
        return (
            "e.id IN (SELECT s.event_id FROM evidence_fts f JOIN evidence s ON s.id = f.rowid"
            " WHERE evidence_fts MATCH ?)",
            [fts_query(search)],
        )

    def _articles_matching(self, search: str) -> tuple[str, list]:
        return "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [fts_query(search)]
