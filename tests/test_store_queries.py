"""The store beyond writing, on SQLite and on PostgreSQL alike: reports of one event merged
across articles, tags, full-text search, calendar counts, actors and their dyads, pages, pandas;
the same answers from both backends; migration of a database made by an earlier release."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLES, empty_store
from newsevents.pipeline import Pipeline
from newsevents.records import Article, CodedArticle, Failure
from newsevents.sources import read_sources
from newsevents.store import Store, StoreError
from newsevents.store.schema import SCHEMA_VERSION

TWO_REPORTS = [
    (
        "Reuters",
        "https://www.reuters.com/a",
        "2016-09-28",
        "Russian warplanes bombed rebel-held districts of Aleppo on Tuesday, killing at least 40 "
        "civilians, a monitoring group said. The bombing came as diplomats met in Geneva.",
    ),
    (
        "AP",
        "https://apnews.com/b",
        "2016-09-28",
        "Russian jets bombed rebel districts in Aleppo on Tuesday, killing dozens of civilians, "
        "rescue workers said. The strikes were among the heaviest of the war.",
    ),
]


def _report(agency: str, url: str, day: str, text: str) -> Article:
    """One agency's report of the Aleppo bombing, as extracted."""
    return Article(
        source=url,
        url=url,
        text=text,
        title=f"Aleppo bombed ({agency})",
        agency=agency,
        published=date.fromisoformat(day),
        published_from="input",
        published_precision="day",
        page_tags=("Syria", "Aleppo"),
    )


@pytest.fixture(scope="module")
def two_reports(pipeline: Pipeline):
    return pipeline.code_articles([_report(*report) for report in TWO_REPORTS])


@pytest.fixture(scope="module")
def merged(two_reports, backend, tmp_path_factory):
    with empty_store(backend, tmp_path_factory.mktemp("merge")) as url, Store.open(url) as store:
        for coded in two_reports:
            assert store.add(coded)
        yield store


def _assaults(store):
    return [e for e in store.events(type="ASSAULT") if e.event.source and e.event.source.country == "RUS"]


def test_two_outlets_reporting_one_bombing_make_one_event(merged):
    [event] = _assaults(merged)
    assert (event.num_articles, event.num_sources, event.num_mentions) == (2, 2, 2)
    assert set(event.urls) == {"https://www.reuters.com/a", "https://apnews.com/b"}
    assert event.event.location is not None and event.event.location.name == "Aleppo"
    reports = merged.reports(event.event_id)
    assert len(reports) == 2 and {r["agency"] for r in reports} == {"Reuters", "AP"}
    for report in reports:
        start, end = report["trigger"]
        assert report["sentence"][start:end].lower() == "bombed"


def test_events_are_reachable_from_their_tags(merged):
    [event] = _assaults(merged)
    assert event.event_id in {e.event_id for e in merged.events(tag="aleppo")}  # the page's tag, any case
    assert event.event_id in {e.event_id for e in merged.events(tag="assault")}  # the event-type tag
    kinds = {t["kind"] for t in merged.tags()}
    assert {"page", "event", "place"} <= kinds
    assert merged.articles(tag="Syria", limit=10)


def test_full_text_search_finds_words_of_the_evidence(merged):
    assert _assaults(merged)[0].event_id in {e.event_id for e in merged.events(search="civilians Aleppo")}
    assert merged.events(search="incendiary") == []
    assert len(merged.articles(search="heaviest")) == 1
    assert merged.events(search='"OR" AND NOT') == []  # FTS5 operators are plain words here


def test_calendar_counts_events_per_day_and_quad_class(merged):
    days = merged.calendar(since="2016-09", until="2016-09")
    assert days and all(d["events"] == sum(d["quad_classes"].values()) for d in days)
    [day] = [d for d in days if d["date"] == "2016-09-27"]
    assert day["quad_classes"]["4"] >= 1
    assert merged.calendar(since="2016-09", until="2016-09", type="ASSAULT")[0]["quad_classes"]["4"] >= 1
    assert merged.calendar(since="2017-01") == []


def test_actors_come_with_their_partners(merged):
    actors = {a["code"]: a for a in merged.actors()}
    russian = next(a for code, a in actors.items() if code.startswith("RUS"))
    assert russian["events"] >= 1 and russian["names"]


def test_pages_and_pandas(merged):
    everything = merged.events()
    assert merged.events(limit=1, offset=1) == everything[1:2]
    frame = everything.to_pandas()
    assert len(frame) == len(everything) and "plover_type" in frame.columns


def test_each_event_counts_its_reports_and_sorts_by_them(merged):
    [event] = _assaults(merged)
    ranked = merged.events(sort="reports")
    assert ranked[0].event_id == event.event_id and ranked[0].num_mentions == 2
    assert [e.num_mentions for e in ranked] == sorted((e.num_mentions for e in ranked), reverse=True)
    newest = merged.events(sort="-date")
    assert [e.event.date for e in newest if e.event.date] == sorted(
        (e.event.date for e in newest if e.event.date), reverse=True
    )


def test_quad_class_and_exact_place_filters(merged):
    everything = merged.events()
    assert {e.event_id for e in merged.events(quad="4")} == {e.event_id for e in everything if e.event.quad_class == 4}
    assert len(merged.events(quad="1,2")) + len(merged.events(quad=" 3 , 4 ")) == len(everything)
    [event] = _assaults(merged)
    at_aleppo = merged.events(place=event.event.location.geonameid)
    assert event.event_id in {e.event_id for e in at_aleppo}
    assert all(e.event.location.geonameid == event.event.location.geonameid for e in at_aleppo)


def test_places_map_points_and_an_actor_timeline(merged):
    [event] = _assaults(merged)
    aleppo = event.event.location.geonameid
    place = merged.place(aleppo)
    assert place["name"] == "Aleppo" and place["events"] == len(merged.events(place=aleppo))
    assert merged.place(1) is None
    assert aleppo in {p["geonameid"] for p in merged.places()}
    point = next(p for p in merged.map_points() if p["geonameid"] == aleppo)
    assert point["quad_classes"]["4"] >= 1 and point["events"] == sum(point["quad_classes"].values())
    assert point["events"] == len(merged.events(place=aleppo))
    timeline = merged.actor("RUS")
    assert timeline["events"] == len(merged.events(actor="RUS"))
    partners = {p["partner"]: p for p in timeline["partners"]}
    assert partners, "the Russian bombing has a target"
    for partner in partners.values():
        assert sum(w["events"] for w in partner["weeks"]) == partner["events"]
        for week in partner["weeks"]:
            assert __import__("datetime").date.fromisoformat(week["week"]).weekday() == 0  # a Monday
            assert -10 <= week["goldstein"] <= 10
    assert merged.actor("ZZZ") is None


def test_an_article_lists_the_spans_of_its_evidence(merged):
    [event] = _assaults(merged)
    article = merged.article(event.article_ids[0])
    spans = [v for v in article["evidence"] if v["event_id"] == event.event_id]
    assert spans
    start, end = spans[0]["span"]
    assert article["text"][start:end] == event.event.evidence or event.event.evidence in article["text"]
    t0, t1 = spans[0]["trigger"]
    assert article["text"][t0:t1].lower() == "bombed"


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.events(limit=0),
        lambda s: s.events(offset=-1),
        lambda s: s.tags(kind="colour"),
        lambda s: s.articles(limit=10**9),
        lambda s: s.events(search="   "),
        lambda s: s.events(quad="5"),
        lambda s: s.events(quad="1;2"),
        lambda s: s.events(place="Aleppo"),
        lambda s: s.events(sort="id"),
        lambda s: s.actor("R S"),
        lambda s: s.calendar(quad="x"),
        lambda s: s.calendar(precision="week"),
    ],
)
def test_bad_queries_raise_store_errors(merged, call):
    with pytest.raises(StoreError):
        call(merged)


def test_reingesting_adds_no_event_and_no_report(merged, pipeline):
    before = merged.counts()
    [coded] = pipeline.code_articles([_report(*TWO_REPORTS[0])])
    assert not merged.add(coded)
    assert merged.counts() == before


# -- the same answers from both backends -----------------------------------------------------------


@pytest.fixture(scope="module")
def twins(postgres_url, pipeline, two_reports, tmp_path_factory):
    """A SQLite store and a PostgreSQL store, each given the samples, the two reports of one
    bombing, a near-duplicate copy and a failure, in the same order."""
    samples = [r for r in pipeline.process(read_sources([str(SAMPLES)])) if isinstance(r, CodedArticle)]
    original = two_reports[0].article
    copy = replace(original, source="copy.txt", text="UPDATED. " + original.text)
    folder = tmp_path_factory.mktemp("twins")
    with (
        empty_store("sqlite", folder) as lite_url,
        empty_store("postgresql", folder) as pg_url,
        Store.open(lite_url) as lite,
        Store.open(pg_url) as pg,
    ):
        for store in (lite, pg):
            for coded in [*samples, *two_reports]:
                store.add(coded, fingerprint=coded.article.id.encode()[:8] + b"\x00\xff")
            assert store.add_near_duplicate(copy, original.id) > 0
            store.add_failure(Failure("bad.txt", "empty document (no text)"))
        yield lite, pg


QUERIES = {
    "counts": lambda s: s.counts(),
    "events": lambda s: s.events(),
    "events by actor code": lambda s: s.events(actor="RUS"),
    "events by actor name": lambda s: s.events(actor="minister"),
    "events by country": lambda s: s.events(country="UKR"),
    "events by type": lambda s: s.events(type="assault"),
    "events by CAMEO code": lambda s: s.events(cameo="04"),
    "events in a month": lambda s: s.events(since="2021-09", until="2021-09"),
    "events near a place": lambda s: s.events(near="aleppo"),
    "events by tag": lambda s: s.events(tag="SYRIA"),
    "events by words": lambda s: s.events(search="civilians Aleppo"),
    "events by a phrase": lambda s: s.events(search='"rebel-held districts"'),
    "events by words that are operators": lambda s: s.events(search='AND "*" NEAR'),
    "a page of events": lambda s: s.events(limit=5, offset=7),
    "events after an offset": lambda s: s.events(offset=7),
    "streamed events": lambda s: list(s.iter_events(type="CONSULT", batch=3)),
    "one event with its reports": lambda s: [
        (e.event_id, s.event(e.event_id), s.reports(e.event_id)) for e in s.events()
    ],
    "calendar": lambda s: s.calendar(),
    "calendar of a type": lambda s: s.calendar(since="2016", type="ASSAULT"),
    "actors": lambda s: s.actors(),
    "tags": lambda s: s.tags(),
    "place tags": lambda s: s.tags(kind="place", limit=3, offset=1),
    "articles": lambda s: s.articles(),
    "articles by tag": lambda s: s.articles(tag="syria"),
    "articles by words": lambda s: s.articles(search="talks"),
    "articles of a year": lambda s: s.articles(since="2016", until="2016"),
    "one article": lambda s: [s.article(a["id"]) for a in s.articles()],
    "events of quad classes": lambda s: s.events(quad="3,4"),
    "events at a place": lambda s: s.events(place=170063),
    "events newest first": lambda s: s.events(sort="-date"),
    "events most reported first": lambda s: s.events(sort="reports", limit=10),
    "events by id": lambda s: s.events_by_id([e.event_id for e in s.events(limit=5)][::-1]),
    "calendar of quad class 4": lambda s: s.calendar(quad=4),
    "calendar of events dated only to the month": lambda s: s.calendar(precision="month"),
    "map points": lambda s: s.map_points(),
    "map points of a type": lambda s: s.map_points(type="ASSAULT", since="2016"),
    "places": lambda s: s.places(),
    "one place": lambda s: s.place(170063),
    "an actor's timeline": lambda s: s.actor("RUS"),
    "fingerprints": lambda s: sorted(s.fingerprints(100)),  # the order is by time of ingestion
    "errors": lambda s: [(e["source"], e["stage"], e["reason"], e["count"]) for e in s.errors()],
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_sqlite_and_postgresql_give_the_same_answers(twins, query):
    lite, pg = twins
    answer = query(lite)
    assert answer, "the query's case is missing from the test data"
    assert query(pg) == answer


def test_a_database_made_by_the_previous_release_opens_and_is_searchable(tmp_path):
    # tests/data/store-v3.db was made by newsevents with schema version 3 from two sample articles.
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "store-v3.db", path)
    with Store.open(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.counts()["events"] == 9
        # Version 6 counted each event's reports.
        assert all(e.num_mentions >= 1 for e in store.events(sort="reports"))
        assert [e.num_mentions for e in store.events(sort="reports")] == sorted(
            (e.num_mentions for e in store.events()), reverse=True
        )
        assert store.events(search="sanctions")
        assert store.articles(search="uranium")


def test_a_nul_character_is_refused_alike_by_both_backends(merged):
    for call in (
        lambda: merged.events(actor="R\x00S"),
        lambda: merged.events(tag="a\x00"),
        lambda: merged.articles(tag="\x00x"),
        lambda: merged.events(near="Alep\x00po"),
    ):
        with pytest.raises(StoreError, match="NUL"):
            call()
    assert merged.events(search="Aleppo\x00")  # a search drops control characters between its words


def test_an_article_the_store_refuses_fails_alone(tmp_path, monkeypatch):
    from newsevents.ingesting import ingest
    from newsevents.store import write

    url = f"sqlite:///{tmp_path}/t.db"
    files = [str(SAMPLES / "02-ukraine-shelling-kharkiv.txt"), str(SAMPLES / "08-baltic-diplomat-expulsions.txt")]
    rows = write._article_rows

    def with_a_nul(coded, *args):  # a NUL reaches the store in one article's title
        if "baltic" in coded.article.source:
            coded = replace(coded, article=replace(coded.article, title=coded.article.title + "\x00"))
        return rows(coded, *args)

    monkeypatch.setattr(write, "_article_rows", with_a_nul)
    with Store.open(url) as store:
        summary = ingest(files, store)
        assert (summary.stored, summary.failed) == (1, 1)
        assert [e["stage"] for e in store.errors()] == ["store"]
        assert "NUL" in store.errors()[0]["reason"] and "baltic" in store.errors()[0]["source"]
        assert store.counts()["articles"] == 1


def _recount(store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stored in store.events():
        for actor in (stored.event.source, stored.event.target):
            if actor is not None and actor.code:  # an actor no table codes is no actor of the list
                counts[actor.code] = counts.get(actor.code, 0) + 1
    return counts


def test_actor_counts_kept_as_events_are_added_match_a_recount(twins):
    for store in twins:
        assert {a["code"]: a["events"] for a in store.actors(limit=10_000)} == _recount(store)
        code = store.actors(limit=1)[0]["code"]
        assert store.actor(code)["events"] == len(store.events(actor=code))


def test_a_migrated_store_counts_its_actors(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "store-v3.db", path)
    with Store.open(f"sqlite:///{path}") as store:
        assert {a["code"]: a["events"] for a in store.actors(limit=10_000)} == _recount(store)


def test_the_ingest_summary_counts_events_as_stored(backend, tmp_path):
    # The two reports of one bombing are two articles and one event: the summary said two.
    import json

    from newsevents.ingesting import ingest

    path = tmp_path / "two.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": agency, "url": url, "date": day, "title": f"Aleppo bombed ({agency})", "text": text})
            + "\n"
            for agency, url, day, text in TWO_REPORTS
        ),
        encoding="utf-8",
    )
    with empty_store(backend, tmp_path) as url, Store.open(url) as store:
        summary = ingest([str(path)], store)
        assert summary.stored == 2
        assert len(_assaults(store)) == 1 and _assaults(store)[0].num_articles == 2
        assert summary.events == store.counts()["events"]
