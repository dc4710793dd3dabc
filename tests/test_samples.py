"""The bundled sample articles against their hand-coded gold (samples/gold.jsonl).

The gold lists, for each article, the clearest events a careful human coder would code and
the things a naive coder would wrongly code. The thresholds are the figures measured when
these tests were written, so a change that makes the coder worse fails here.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, SAMPLES
from newsevents.sources import read_sources

GOLD = [json.loads(line) for line in (ROOT / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]

# Measured on 2026-11-26: 44 of 74 gold events found (0.59), 1 of 38 traps taken.
MIN_RECALL = 0.55
MAX_TRAPS_TAKEN = 2


@pytest.fixture(scope="module")
def coded(pipeline):
    documents = list(read_sources([str(SAMPLES)]))
    return {doc.source: result for doc, result in zip(documents, pipeline.process(documents))}


def result_for(coded, gold):
    name = gold["file"] + (f"#L{gold['line']}" if gold.get("line") else "")
    [result] = [r for source, r in coded.items() if source.endswith(name)]
    return result


def same_actor(actor, country):
    if country is None:
        return True
    return actor is not None and (actor.country == country or actor.code == country)


def matches(event, gold_event):
    return (
        (gold_event["sentence"] in event.evidence or event.evidence in gold_event["sentence"])
        and event.plover_type == gold_event["plover"]
        and same_actor(event.source, gold_event["source"])
        and same_actor(event.target, gold_event["target"])
    )


def test_every_sample_is_read_and_coded(coded):
    assert len(coded) == 21  # 20 files, one of them a JSONL export of two articles
    for source, result in coded.items():
        assert hasattr(result, "events"), f"{source} failed: {result}"
        assert result.events, f"no events in {source}"


def test_gold_events_are_found(coded):
    found = total = 0
    missed = []
    for gold in GOLD:
        result = result_for(coded, gold)
        for gold_event in gold["events"]:
            total += 1
            if any(matches(e, gold_event) for e in result.events):
                found += 1
            else:
                missed.append(f"{gold['file']}: {gold_event['source']} {gold_event['plover']} {gold_event['target']}")
    assert found / total >= MIN_RECALL, f"recall {found}/{total}; missed:\n" + "\n".join(missed)


def test_traps_are_avoided(coded):
    taken = []
    for gold in GOLD:
        result = result_for(coded, gold)
        for trap in gold["not_events"]:
            for event in result.events:
                # Background coded as background is no trap taken: negated, hypothetical,
                # historical, or dated to its own time weeks before the story ("In July").
                dated_back = event.date is not None and (result.article.published - event.date).days > 30
                if (
                    trap["sentence"] in event.evidence
                    and event.plover_type == trap["plover"]
                    and same_actor(event.source, trap.get("source"))
                    and not (event.negated or event.hypothetical or event.historical or dated_back)
                ):
                    taken.append(f"{gold['file']}: {trap['plover']} ({trap['why']})")
    assert len(taken) <= MAX_TRAPS_TAKEN, "\n".join(taken)


def test_sample_event_dates_fall_near_their_articles(coded):
    for result in coded.values():
        published = result.article.published
        for event in result.events:
            if event.date is None or event.historical:
                continue
            if not event.hypothetical:  # a plan ("will meet next year") may lie ahead
                assert event.date <= published, (result.article.source, event.evidence)
            assert (published - event.date).days <= 2 * 366, (result.article.source, event.evidence)
