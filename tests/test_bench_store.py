"""`newsevents bench store`: synthetic events through the real store, timed queries and exports."""

from __future__ import annotations

from newsevents.bench.store import synthetic_articles


def test_synthetic_articles_are_reproducible_and_point_into_their_text():
    first = list(synthetic_articles(25, seed=7))
    again = list(synthetic_articles(25, seed=7))
    assert [c.article.text for c in first] == [c.article.text for c in again]
    assert sum(len(c.events) for c in first) == 25
    for coded in first:
        text = coded.article.text
        for event in coded.events:
            start, end = event.evidence_span
            assert text[start:end] == event.evidence
            assert text[event.trigger.start : event.trigger.end] == event.trigger.text
            assert text[event.source.start : event.source.end] == event.source.code
            assert text[event.target.start : event.target.end] == event.target.code
            assert text[event.location.start : event.location.end] == event.location.name


def test_bench_store_fills_a_fresh_store_and_refuses_a_used_one(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path}/bench.db"
    result = run_cli("bench", "store", "--db", url, "--events", "1500", "--repeat", "1", "--export-events", "300")
    assert result.status == 0, result.stderr
    figures = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert figures["events_inserted"] == 1500 and figures["articles"] == 150
    assert figures["calendar_month_ms"] >= 0 and figures["export_csv_events_per_s"] > 0
    again = run_cli("bench", "store", "--db", url, "--events", "10")
    assert again.status == 1 and "not empty" in again.stderr
