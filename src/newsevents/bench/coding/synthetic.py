"""NGEC synthetic stories (a `.csv.gz` with `text` and `label` columns).

Each story has one PLOVER type. Stories split into halves by a hash of their text
(`synthetic_split`): tune on "dev", measure on "heldout" (the default). Our answer is the
type of the most confident event in the story's first three sentences, else in the whole
story; no event is a wrong answer.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsevents.bench.coding.scoring import (
    LEAD_SENTENCES,
    NO_EVENT,
    WORST,
    Item,
    LabelTallies,
    describe_event,
    mean_of,
    round_robin,
    speed,
    story_event,
    timed,
)
from newsevents.bench.datasets import SPLITS, hash_split
from newsevents.pipeline import Pipeline


@dataclass(frozen=True)
class Story:
    id: str
    text: str
    label: str
    mode: str


def synthetic_split(text: str) -> str:
    """ "dev" or "heldout": a fixed half of the stories, by a hash of the text."""
    return hash_split(text)


def synthetic_stories(text: str, split: str = "heldout") -> list[Story]:
    if split not in SPLITS:
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    stories = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), 1):
        body = (row.get("text") or "").strip()
        if body and row.get("label") and (split == "all" or synthetic_split(body) == split):
            stories.append(
                Story(f"story-{number}", body, row["label"].strip().upper(), (row.get("mode") or "").strip())
            )
    return stories


def score(path: str, file: Path, limit: int | None, pipeline: Pipeline, split: str) -> dict:
    """Our story type against each story's PLOVER label, with the confusions between types."""
    with gzip.open(file, "rt", encoding="utf-8") as f:
        stories = synthetic_stories(f.read(), split)[:limit]
    events, failures, seconds = timed(pipeline, [Item(s.id, s.text) for s in stories])
    chosen = [story_event(e) for e in events]
    answers = [e.plover_type if e else NO_EVENT for e in chosen]
    per_type = LabelTallies()
    confusions: Counter = Counter()
    misses = []
    for story, answer, event in zip(stories, answers, chosen):
        per_type.add([story.label], [answer])
        if answer != story.label:
            confusions[(story.label, answer)] += 1
            misses.append((story, event))
    words = sum(len(s.text.split()) for s in stories)
    return {
        "benchmark": "coding",
        "dataset": "synthetic",
        "path": path,
        "split": split,
        "stories": len(stories),
        "figures": {
            "accuracy": mean_of([a == s.label for s, a in zip(stories, answers)]),
            "coded_nothing": mean_of([a == NO_EVENT for a in answers]),
            "from_lead": mean_of([e is not None and e.sentence_index < LEAD_SENTENCES for e in chosen]),
        },
        "per_type": {k: v for k, v in per_type.table().items() if k != NO_EVENT},
        "confusions": [{"gold": g, "ours": o, "stories": n} for (g, o), n in confusions.most_common(12)],
        "failures": failures,
        **speed(len(stories), seconds, "stories"),
        "words_per_s": round(words / seconds, 1) if seconds else None,
        "worst": [
            {
                "id": s.id,
                "gold": f"{s.label} ({s.mode})",
                "ours": describe_event(e) if e else NO_EVENT,
                "evidence": e.evidence if e else None,
                "text": s.text[:300],
            }
            for s, e in round_robin(misses, key=lambda m: m[0].label)[:WORST]
        ],
    }
