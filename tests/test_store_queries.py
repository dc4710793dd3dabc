"""The store beyond writing: reports of one event merged across articles, tags, full-text
search, calendar counts, actors and their dyads, pages, pandas, and migration of a database
made by an earlier release."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsevents.pipeline import Pipeline
from newsevents.records import Article
from newsevents.store import Store, StoreError
from newsevents.store.schema import SCHEMA_VERSION

TWO_REPORTS = [
    ("Reuters", "https://www.reuters.com/a", "2016-09-28",
     "Russian warplanes bombed rebel-held districts of Aleppo on Tuesday, killing at least 40 "
     "civilians, a monitoring group said. The bombing came as diplomats met in Geneva."),
    ("AP", "https://apnews.com/b", "2016-09-28",
     "Russian jets bombed rebel districts in Aleppo on Tuesday, killing dozens of civilians, "
     "rescue workers said. The strikes were among the heaviest of the war."),
]


@pytest.fixture(scope="module")
def merged(pipeline: Pipeline, tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('merge')}/m.db")
    for agency, url, day, text in TWO_REPORTS:
        article = Article(source=url, url=url, text=text, title=f"Aleppo bombed ({agency})", agency=agency,
                          published=__import__("datetime").date.fromisoformat(day), published_from="input",
                          published_precision="day", page_tags=("Syria", "Aleppo"))
        [coded] = pipeline.code_articles([article])
        assert store.add(coded)
    yield store
    store.close()


def _assaults(store):
    return [e for e in store.events(type="ASSAULT") if e.event.source and e.event.source.country == "RUS"]


def test_two_outlets_reporting_one_bombing_make_one_event(merged):
    [event] = _assaults(merged)
    assert (event.num_articles, event.num_sources, event.num_mentions) == (2, 2, 2)
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


@pytest.mark.parametrize("call", [
    lambda s: s.events(limit=0), lambda s: s.events(offset=-1), lambda s: s.tags(kind="colour"),
    lambda s: s.articles(limit=10**9), lambda s: s.events(search="   "),
])
def test_bad_queries_raise_store_errors(merged, call):
    with pytest.raises(StoreError):
        call(merged)


def test_reingesting_adds_no_event_and_no_report(merged, pipeline):
    before = merged.counts()
    agency, url, day, text = TWO_REPORTS[0]
    article = Article(source=url, url=url, text=text, title=f"Aleppo bombed ({agency})", agency=agency,
                      published=__import__("datetime").date.fromisoformat(day), published_from="input",
                      published_precision="day", page_tags=("Syria", "Aleppo"))
    [coded] = pipeline.code_articles([article])
    assert not merged.add(coded)
    assert merged.counts() == before


def test_a_database_made_by_the_previous_release_opens_and_is_searchable(tmp_path):
    # tests/data/store-v3.db was made by newsevents with schema version 3 from two sample articles.
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "store-v3.db", path)
    with Store.open(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.counts()["events"] == 9
        assert store.events(search="sanctions")
        assert store.articles(search="uranium")
