"""Bulk loading (Store.add_many), on SQLite and on PostgreSQL alike: a batch written in one
transaction leaves the very store that adding its articles one by one leaves (the same rows,
ids, merges, report counts, raised confidences and dyad sums), whatever the batch sizes; an
article the store refuses is left out and named, the others stored."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from conftest import empty_store
from newsevents.bench.store import synthetic_articles
from newsevents.records import CodedArticle, Place
from newsevents.store import ArticlesRefused, Store

TABLES = {  # table: its order
    "articles": "id",
    "article_tags": "id",
    "actors": "id",
    "places": "geonameid",
    "toponyms": "article_id, start",
    "events": "id",
    "evidence": "id",
    "dyads": "source_code, target_code",
}
FAR = Place(
    text="Lima", start=-1, end=-1, geonameid=3936456, name="Lima", country="PE", lat=-12.04, lon=-77.03, feature="city"
)


def _second_report(coded: CodedArticle, number: int, rng: random.Random) -> CodedArticle:
    """Another outlet's report of the same story: most of its events merge into the first's,
    some dated a day later (still merging), some placed far away or negated (not merging), some
    with a higher confidence (raising the merged event's)."""
    events = []
    for event in coded.events:
        roll = rng.random()
        if roll < 0.15:
            event = replace(event, date=event.date + timedelta(days=1))
        elif roll < 0.25:
            event = replace(event, location=FAR)
        elif roll < 0.3:
            event = replace(event, negated=True)
        elif roll < 0.35:
            event = replace(event, date=None)
        events.append(replace(event, confidence=round(min(0.99, event.confidence + rng.uniform(-0.2, 0.2)), 2)))
    article = replace(
        coded.article, text=f"{coded.article.text}\nReport {number}.", source=f"other-outlet/{number}", agency="AP"
    )
    return replace(coded, article=article, events=events)


def make_articles() -> list[CodedArticle]:
    """Synthetic stories, each reported again by a second and a third outlet, some at once
    (in the same batch) and some later."""
    rng = random.Random(7)
    firsts = list(synthetic_articles(400))
    items = []
    for number, coded in enumerate(firsts):
        items.append(coded)
        items.insert(rng.randrange(len(items) + 1), _second_report(coded, number, rng))
        items.append(_second_report(coded, number + 1000, rng))
    items.append(firsts[3])  # stored already: not again
    return items


@pytest.fixture(scope="module")
def articles() -> list[CodedArticle]:
    return make_articles()


def _dump(store) -> dict[str, list]:
    """Every row of the tables a write touches, but the time each article was stored."""
    dump = {}
    for table, order in TABLES.items():
        cursor = store._q(f"SELECT * FROM {table} ORDER BY {order}")
        columns = [d[0] for d in cursor.description]
        dump[table] = [
            tuple(None if name == "ingested_at" else value for name, value in zip(columns, row))
            for row in cursor.fetchall()
        ]
    return dump


def _one_by_one(url, articles) -> tuple[list[bool], dict]:
    with Store.open(url) as store:
        return [store.add(coded) for coded in articles], _dump(store)


@pytest.fixture(scope="module")
def expected(articles, backend, tmp_path_factory):
    with empty_store(backend, tmp_path_factory.mktemp("one-by-one")) as url:
        return _one_by_one(url, articles)


def test_the_articles_merge_as_the_test_needs(expected):
    added, dump = expected
    assert added.count(False) == 1
    assert len(dump["evidence"]) > len(dump["events"]) * 1.5  # most reports merged into another's event


def test_each_event_counts_its_reports_and_has_the_highest_confidence_of_them(articles, backend, tmp_path):
    confidence = {(c.article.id, e.sentence_index): e.confidence for c in articles for e in c.events}
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        store.add_many([(coded, None) for coded in articles[:150]])
        for coded in articles[150:]:
            store.add(coded)
        reports: dict[int, list[float]] = {}
        for event_id, article_id, sentence in store._q("SELECT event_id, article_id, sentence_index FROM evidence"):
            reports.setdefault(event_id, []).append(confidence[(article_id, sentence)])
        events = store._q("SELECT id, reports, confidence FROM events").fetchall()
        assert {e: (n, c) for e, n, c in events} == {e: (len(r), max(r)) for e, r in reports.items()}
        sums = store._q("""SELECT coalesce(sa.code, ''), coalesce(ta.code, ''), count(*), sum(e.goldstein) FROM events e
                           LEFT JOIN actors sa ON sa.id = e.source_actor_id
                           LEFT JOIN actors ta ON ta.id = e.target_actor_id
                           GROUP BY 1, 2""").fetchall()
        dyads = store._q("SELECT source_code, target_code, events, goldstein FROM dyads").fetchall()
        assert {(s, t): (n, pytest.approx(g)) for s, t, n, g in sums} == {(s, t): (n, g) for s, t, n, g in dyads}


@pytest.mark.parametrize("sizes", [(1000,), (7, 50, 1, 300), (2,)])
def test_a_batch_stores_what_adding_one_by_one_stores(articles, expected, backend, tmp_path, sizes):
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        added, start, turn = [], 0, 0
        while start < len(articles):
            size = sizes[turn % len(sizes)]
            added += store.add_many([(coded, None) for coded in articles[start : start + size]])
            start, turn = start + size, turn + 1
        assert (added, _dump(store)) == expected
        words = articles[0].events[0].evidence.rstrip(".").split(" over ")[1]  # the full-text index is written too
        assert articles[0].article.id in {
            r["article_id"] for e in store.events(search=words) for r in store.reports(e.event_id)
        }


def test_an_article_twice_in_one_batch_is_stored_once(articles, backend, tmp_path):
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        assert store.add_many([(articles[0], None), (articles[0], None), (articles[1], None)]) == [True, False, True]
        assert store.add_many([(articles[1], None)]) == [False]
        assert store.counts()["articles"] == 2


def test_a_refused_article_is_named_and_the_others_are_stored(articles, backend, tmp_path):
    bad = replace(articles[1], article=replace(articles[1].article, title="a NUL \x00 in the title"))
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        with pytest.raises(ArticlesRefused) as refused:
            store.add_many([(articles[0], None), (bad, None), (articles[2], None)])
        assert list(refused.value.refused) == [1] and "NUL" in refused.value.refused[1]
        assert refused.value.added == [True, None, True]
        assert {a["id"] for a in store.articles(limit=10)} == {articles[0].article.id, articles[2].article.id}
        with pytest.raises(ArticlesRefused):
            store.add_many([(bad, None)])
        tagged = replace(articles[4], article=replace(articles[4].article, page_tags=("Aleppo", "a\x00b")))
        with pytest.raises(ArticlesRefused) as refused:  # a NUL in a row of its own: one of its tags
            store.add_many([(tagged, None), (articles[5], None)])
        assert list(refused.value.refused) == [0] and refused.value.added == [None, True]
        assert store.counts()["articles"] == 3


def test_a_batch_that_fails_leaves_nothing_behind(articles, backend, tmp_path, monkeypatch):
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        store.add(articles[0])
        before = _dump(store)

        def broken(*args):
            raise RuntimeError("disk full")

        monkeypatch.setattr(store, "_count_dyads", broken)  # the last write of a batch
        with pytest.raises(RuntimeError):
            store.add_many([(coded, None) for coded in articles[1:20]])
        assert _dump(store) == before
        monkeypatch.undo()
        assert all(store.add_many([(coded, None) for coded in articles[1:20]]))
