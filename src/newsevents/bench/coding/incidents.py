"""SATP incident reports (a `.tsv` file: ../shared/data/events/training/satp/dev.tsv).

Every report is an attack (ASSAULT in PLOVER); our answer is the type of the event that
gives the story its type (the lead first), figures by mode of attack.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    describe_event,
    found_by,
    mean_of,
    speed,
    story_event,
    timed,
)
from newsevents.bench.datasets import satp_reports
from newsevents.pipeline import Pipeline


def score(path: str, file: Path, limit: int | None, pipeline: Pipeline) -> dict:
    """The share of reports whose story type we code as ASSAULT, overall and by mode."""
    reports = satp_reports(file)[:limit]
    events, failures, seconds = timed(pipeline, [Item(f"satp-{i}", r.text) for i, r in enumerate(reports)])
    chosen = [story_event(e) for e in events]
    answers = [e.plover_type if e else NO_EVENT for e in chosen]
    return {
        "benchmark": "coding",
        "dataset": "incidents",
        "path": path,
        "reports": len(reports),
        "figures": {
            "accuracy": mean_of([a == "ASSAULT" for a in answers]),
            "coded_nothing": mean_of([a == NO_EVENT for a in answers]),
            "per_mode": {
                mode: mean_of([a == "ASSAULT" for r, a in zip(reports, answers) if mode in r.modes])
                for mode in ("armed assault", "bombing", "kidnapping", "other attack")
            },
        },
        "answers": dict(Counter(answers).most_common()),
        "found_by": found_by(e for e in chosen if e),
        "per_type": {},
        "failures": failures,
        **speed(len(reports), seconds, "stories"),
        "words_per_s": round(sum(len(r.text.split()) for r in reports) / seconds, 1) if seconds else None,
        "worst": [
            {"text": r.text[:300], "gold": "ASSAULT " + "/".join(r.modes), "ours": describe_event(e) if e else NO_EVENT}
            for r, a, e in zip(reports, answers, chosen)
            if a != "ASSAULT"
        ][:WORST],
    }
