"""The store, on SQLite and on PostgreSQL alike: idempotent writes in one transaction per
article, evidence offsets that survive storage, failures, filters, opening and migrating."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from conftest import SAMPLES, empty_store
from newsevents.records import CodedArticle, Failure
from newsevents.sources import read_sources
from newsevents.store import Store, StoreError
from newsevents.store.schema import MIGRATIONS, PG_BASE_VERSION, PG_MIGRATIONS, SCHEMA_VERSION

FILES = ["02-ukraine-shelling-kharkiv.txt", "03-chile-student-protests.txt", "08-baltic-diplomat-expulsions.txt"]


@pytest.fixture(scope="module")
def coded(pipeline) -> list[CodedArticle]:
    results = list(pipeline.process(read_sources([str(SAMPLES / name) for name in FILES])))
    assert all(isinstance(r, CodedArticle) and r.events for r in results), results
    return results


@pytest.fixture(scope="module")
def filled(coded, backend, tmp_path_factory):
    """A store holding the three coded samples (read-only for the tests that use it)."""
    with empty_store(backend, tmp_path_factory.mktemp("store")) as url, Store.open(url) as store:
        for item in coded:
            store.add(item)
        yield store


@pytest.fixture
def url(backend, tmp_path):
    """The URL of an empty store."""
    with empty_store(backend, tmp_path) as url:
        yield url


@pytest.fixture
def store(url):
    with Store.open(url) as s:
        yield s


def texts(coded) -> dict[str, str]:
    return {c.article.id: c.article.text for c in coded}


# -- writing ---------------------------------------------------------------------------------------


def test_add_is_idempotent(store, coded):
    assert store.add(coded[0]) is True
    counts = store.counts()
    assert store.add(coded[0]) is False
    assert store.counts() == counts
    assert counts["articles"] == 1 and counts["events"] == len(coded[0].events)


def test_schema_version_is_stored(store):
    assert store.schema_version == SCHEMA_VERSION


def test_reopened_store_keeps_its_data(url, coded):
    with Store.open(url) as first:
        for item in coded:
            first.add(item)
        before = first.counts(), [(s.event_id, s.event.evidence) for s in first.events()]
    with Store.open(url) as again:
        assert (again.counts(), [(s.event_id, s.event.evidence) for s in again.events()]) == before
        assert again.add(coded[0]) is False


def test_every_event_is_stored(filled, coded):
    assert filled.counts()["events"] == sum(len(c.events) for c in coded)
    assert filled.counts()["articles"] == len(coded)


def test_evidence_offsets_point_into_the_stored_article_text(filled, coded):
    by_id = texts(coded)
    for stored in filled.events():
        event, text = stored.event, by_id[stored.event.doc_id]
        start, end = event.evidence_span
        assert event.evidence == text[start:end]
        assert start <= event.trigger.start < event.trigger.end <= end
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text


def test_actor_spans_point_into_the_stored_article_text(filled, coded):
    by_id = texts(coded)
    for stored in filled.events():
        text = by_id[stored.event.doc_id]
        for actor in (stored.event.source, stored.event.target):
            if actor is not None and actor.start >= 0:
                assert 0 <= actor.start < actor.end <= len(text)
                assert text[actor.start : actor.end] == actor.text


def test_stored_events_read_back_as_coded(filled, coded):
    def key(event):
        return (
            event.doc_id,
            event.evidence_span,
            event.trigger.start,
            event.cameo_code,
            event.plover_type,
            event.date,
            event.source.code if event.source else None,
            event.target.code if event.target else None,
            event.location.geonameid if event.location else None,
            event.negated,
            event.historical,
        )

    expected = sorted((key(e) for c in coded for e in c.events), key=repr)
    assert sorted((key(s.event) for s in filled.events()), key=repr) == expected


def test_stored_event_counts_its_reports(filled):
    for stored in filled.events():
        assert (stored.num_mentions, stored.num_articles) == (1, 1)
        assert stored.article_ids == (stored.event.doc_id,)


def test_an_article_that_fails_to_store_leaves_nothing_behind(store, coded, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_index_evidence", broken)  # after the events and evidence are written
    with pytest.raises(RuntimeError):
        store.add(coded[0])
    assert set(store.counts().values()) == {0}
    assert store.tags() == []
    monkeypatch.undo()
    assert store.add(coded[0]) is True
    assert store.counts()["events"] == len(coded[0].events)


def test_fingerprints_come_back_as_bytes(store, coded):
    store.add(coded[0], fingerprint=b"\x00\x01minhash\xff")
    published = coded[0].article.published.isoformat() if coded[0].article.published else None
    assert store.fingerprints(10) == [(coded[0].article.id, b"\x00\x01minhash\xff", published)]


def test_failure_is_recorded_once_however_often_it_recurs(store):
    failure = Failure("bad.txt", "empty document (no text)")
    for _ in range(3):
        store.add_failure(failure)
    [row] = store.errors()
    assert (row["source"], row["reason"], row["count"]) == ("bad.txt", "empty document (no text)", 3)


def test_a_new_reason_for_the_same_source_is_another_failure(store):
    store.add_failure(Failure("bad.txt", "empty document (no text)"))
    store.add_failure(Failure("bad.txt", "binary content"))
    assert sorted(r["reason"] for r in store.errors()) == ["binary content", "empty document (no text)"]


# -- filters ---------------------------------------------------------------------------------------


def ids(events) -> list[int]:
    return [s.event_id for s in events]


@pytest.fixture(scope="module")
def everything(filled):
    events = filled.events()
    assert len(events) > 3, "the paging tests need more than three stored events"
    return events


def expect(everything, predicate) -> list[int]:
    wanted = [s.event_id for s in everything if predicate(s.event)]
    assert wanted, "the filter's case is missing from the test data"
    return wanted


def test_since_and_until_take_a_month(filled, everything):
    wanted = expect(everything, lambda e: e.date and e.date.isoformat().startswith("2021-09"))
    assert ids(filled.events(since="2021-09", until="2021-09")) == wanted


def test_since_and_until_take_days(filled, everything):
    wanted = expect(everything, lambda e: e.date and "2011-08-04" <= e.date.isoformat() <= "2011-08-09")
    assert ids(filled.events(since="2011-08-04", until="2011-08-09")) == wanted


def test_since_a_year(filled, everything):
    wanted = expect(everything, lambda e: e.date and e.date.year >= 2021)
    assert ids(filled.events(since="2021")) == wanted


def test_actor_code_prefix(filled, everything):
    wanted = expect(everything, lambda e: any(a and a.code.startswith("RUS") for a in (e.source, e.target)))
    assert ids(filled.events(actor="RUS")) == wanted


def test_actor_name_part(filled, everything):
    wanted = expect(
        everything, lambda e: any(a and "estonia" in (a.name or a.text).lower() for a in (e.source, e.target))
    )
    assert ids(filled.events(actor="Estonia")) == wanted


def test_wildcards_in_an_actor_name_are_plain_characters(filled):
    assert filled.events(actor="%") == filled.events(actor="_") == []


def test_country(filled, everything):
    wanted = expect(everything, lambda e: "RUS" in (e.source and e.source.country, e.target and e.target.country))
    assert ids(filled.events(country="RUS")) == wanted


def test_type_is_case_insensitive(filled, everything):
    wanted = expect(everything, lambda e: e.plover_type == "ASSAULT")
    assert ids(filled.events(type="assault")) == ids(filled.events(type="ASSAULT")) == wanted


def test_cameo_prefix(filled, everything):
    wanted = expect(everything, lambda e: e.cameo_code.startswith("17"))
    assert ids(filled.events(cameo="17")) == wanted


def test_search_in_the_evidence(filled, everything):
    wanted = expect(everything, lambda e: "diplomats" in e.evidence.lower())
    assert ids(filled.events(search="diplomats")) == wanted


def test_near_a_stored_place(filled, everything):
    wanted = expect(everything, lambda e: e.location is not None and e.location.name == "Kharkiv")
    near = filled.events(near="Kharkiv")
    assert set(wanted) <= set(ids(near))  # wanted is not empty: expect() says so
    assert all(s.event.location.country == "UKR" for s in near)


def test_limit_keeps_the_first_events(filled, everything):
    assert ids(filled.events(limit=2)) == ids(everything)[:2]


def test_streamed_events_are_the_listed_events(filled, everything):
    assert ids(filled.iter_events(batch=2)) == ids(everything)
    assert ids(filled.iter_events(offset=3, batch=2)) == ids(everything)[3:]


def test_streams_can_be_read_side_by_side_and_left_early(filled, everything):
    pairs = list(zip(filled.iter_events(batch=1), filled.iter_events(offset=1, batch=2)))
    assert [(a.event_id, b.event_id) for a, b in pairs] == list(zip(ids(everything), ids(everything)[1:]))
    left = filled.iter_events(batch=1)
    next(left)
    left.close()
    assert ids(filled.events()) == ids(everything)


def test_filters_combine(filled, everything):
    wanted = expect(everything, lambda e: e.plover_type == "ASSAULT" and e.date and e.date.year == 2024)
    assert ids(filled.events(type="ASSAULT", since="2024-01-01", until="2024-12-31")) == wanted


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"type": "BOMB"}, "PLOVER"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2016-13"}, "until"),
        ({"country": "Russia"}, "ISO"),
        ({"cameo": "x1"}, "CAMEO"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filter_raises_store_error_with_a_message(filled, bad, words):
    with pytest.raises(StoreError, match=words):
        filled.events(**bad)


# -- opening -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_url",
    [
        "postgresql://newsevents:s3cret-pw@127.0.0.1:1/events",  # nothing listens on port 1
        "postgres://newsevents:s3cret-pw@[::1/events",  # not a URL libpq can read
        "postgresql://newsevents:%zzs3cret-pw@127.0.0.1:1/events",
        "postgresql://newsevents@127.0.0.1:1/events?password=s3cret-pw",
    ],
)
def test_an_unreachable_postgresql_store_is_a_store_error_without_the_password(bad_url):
    with pytest.raises(StoreError, match="cannot open PostgreSQL store") as raised:
        Store.open(bad_url)
    assert "s3cret" not in str(raised.value)


def test_unknown_url_scheme_is_refused():
    with pytest.raises(StoreError, match="sqlite:///"):
        Store.open("mysql://user@localhost/events")


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "t.db"
    path.write_bytes(b"this is not a database, just some text that happens to be here" * 20)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(f"sqlite:///{path}")


def test_a_store_from_a_newer_version_is_refused(url, backend):
    Store.open(url).close()
    if backend == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store.open(url)


def test_every_schema_version_has_a_postgresql_migration():
    assert set(PG_MIGRATIONS) == set(range(PG_BASE_VERSION + 1, SCHEMA_VERSION + 1))


def test_future_and_compound_survive_the_store(coded, filled):
    made = {
        (e.sentence_index, e.cameo_code, e.source.code if e.source else None, e.future, e.compound)
        for c in coded
        for e in c.events
    }
    stored = {
        (
            s.event.sentence_index,
            s.event.cameo_code,
            s.event.source.code if s.event.source else None,
            s.event.future,
            s.event.compound,
        )
        for s in filled.events(limit=10_000)
    }
    assert any(flags[-1] for flags in made) and {m for m in made if m[-1]} <= stored


def test_a_version_2_store_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[1] + MIGRATIONS[2] + "; PRAGMA user_version = 2;")
    with Store.open(f"sqlite:///{path}") as s:
        assert s.schema_version == SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
    assert {"future", "compound"} <= columns


def test_a_version_4_store_keeps_its_tags_in_order_and_findable(tmp_path):
    path = tmp_path / "v4.db"
    with sqlite3.connect(path) as db:
        db.executescript("".join(MIGRATIONS[v] + ";" for v in range(1, 5)) + "PRAGMA user_version = 4;")
        db.execute("INSERT INTO articles (id, source, text, ingested_at) VALUES ('a1', 'a.txt', 'Text.', '2016-09-28')")
        db.executemany(
            "INSERT INTO article_tags (article_id, tag, kind) VALUES ('a1', ?, ?)",
            [("Syria", "page"), ("Aleppo", "place"), ("assault", "event")],
        )
    with Store.open(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [t["tag"] for t in store.article("a1")["tags"]] == ["Syria", "Aleppo", "assault"]
        assert [a["id"] for a in store.articles(tag="ALEPPO")] == ["a1"]
