"""The event store: articles, events, actors, places, evidence and ingest errors.

    store = Store.open("sqlite:///newsevents.db")       # or "postgresql://user@host:5432/db"
    store.events(actor="RUS", type="THREATEN", since="2016-09-01")

Writes are one transaction per article and idempotent: an article already stored (the
same normalised text, from whatever file) is counted as a duplicate and adds nothing.
SQLite and PostgreSQL stores behave alike: one implementation (store.sql) runs on both. The
event filters (`actor=`, `since=`...) are EventQuery's fields (store.filters).
"""

from __future__ import annotations

from pathlib import Path

from newsevents.store.errors import ArticlesRefused, StoreError
from newsevents.store.filters import EventQuery
from newsevents.store.sql import SQLStore
from newsevents.store.sqlite import SQLiteStore

__all__ = ["Store", "StoreError", "ArticlesRefused", "EventQuery", "DEFAULT_URL"]

DEFAULT_URL = "sqlite:///newsevents.db"


class Store:
    @staticmethod
    def open(url: str = DEFAULT_URL) -> SQLStore:
        """Open (creating or migrating as needed) the store at `url`.

        `sqlite:///relative/path.db`, `sqlite:////absolute/path.db` or a plain file path;
        `postgresql://user:password@host:port/database` (or `postgres://...`) for a PostgreSQL
        database, which must exist (the store makes its tables).
        """
        if url.startswith(("postgresql://", "postgres://")):
            from newsevents.store.postgres import PostgresStore

            return PostgresStore(url)
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///") :]
        elif "://" in url:
            scheme = url.split("://", 1)[0]  # not the whole URL: it may hold a password
            raise StoreError(
                f"unknown store URL scheme {scheme!r}: expected sqlite:///FILE.db or postgresql://USER@HOST/DATABASE"
            )
        else:
            path = url
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SQLiteStore(path)
