"""The throwaway PostgreSQL server that scripts/test.sh starts for the store's tests."""

from __future__ import annotations

import psycopg
import pytest


@pytest.fixture
def conn(postgres_url):
    with psycopg.connect(postgres_url) as conn:
        yield conn


def test_stores_and_returns_rows(conn):
    conn.execute("CREATE TEMP TABLE mentions (id integer PRIMARY KEY, actor text NOT NULL)")
    conn.execute("INSERT INTO mentions VALUES (1, 'RUS'), (2, 'SYR')")
    rows = conn.execute("SELECT id, actor FROM mentions ORDER BY id").fetchall()
    assert rows == [(1, "RUS"), (2, "SYR")]


def test_server_is_postgresql_13_or_later(conn):
    assert conn.info.server_version >= 130000


def test_listens_on_loopback_only(conn):
    assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
