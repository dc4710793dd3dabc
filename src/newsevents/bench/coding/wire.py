"""Human-coded wire sentences (ConfliBERT: a folder with `train.tsv` and `train_spans.txt`).

Our first event's quad class against the sentence's; over the events of the right quad
class, whether our source and target overlap the gold spans. A statement (CAMEO 01) coded
as no event is right: PLOVER has no statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    describe_event,
    first_event,
    found_by,
    mean_of,
    overlap,
    reliability,
    round_robin,
    speed,
    timed,
)
from newsevents.bench.datasets import conflibert_sentences, in_split
from newsevents.pipeline import Pipeline


def _spans_agree(ours: tuple[int, int] | None, gold: Sequence[tuple[int, int]]) -> bool:
    return ours is not None and any(overlap(ours, g) > 0 for g in gold)


def score(path: str, folder: Path, limit: int | None, pipeline: Pipeline, split: str) -> dict:
    """Our first event's quad class, and its source and target spans, against each wire sentence's."""
    sentences = [s for s in conflibert_sentences(folder) if in_split(s.text, split)][:limit]
    events, failures, seconds = timed(pipeline, [Item(f"wire-{i}", s.text) for i, s in enumerate(sentences)])
    firsts = [first_event(e) for e in events]
    quad_right, source_right, target_right, calibration = [], [], [], []
    per_quad: dict[int, list[bool]] = {}
    misses = []
    for sentence, first in zip(sentences, firsts):
        # PLOVER has no statements: a statement (CAMEO 01) coded as no event is right.
        ok = first.quad_class == sentence.quad_class if first else sentence.quad_class == 1 and not sentence.targets
        quad_right.append(ok)
        per_quad.setdefault(sentence.quad_class, []).append(ok)
        if first is not None:
            calibration.append((first.confidence, ok))
        if not ok:
            misses.append((sentence, first))
        if ok and first is not None and sentence.has_spans:
            if sentence.sources:
                source_right.append(
                    _spans_agree(
                        (first.source.start, first.source.end) if first.source and first.source.start >= 0 else None,
                        sentence.sources,
                    )
                )
            if sentence.targets:
                target_right.append(
                    _spans_agree(
                        (first.target.start, first.target.end) if first.target and first.target.start >= 0 else None,
                        sentence.targets,
                    )
                )
    return {
        "benchmark": "coding",
        "dataset": "wire",
        "path": path,
        "split": split,
        "sentences": len(sentences),
        "figures": {
            "quad_accuracy": mean_of(quad_right),
            "source_span": mean_of(source_right),
            "target_span": mean_of(target_right),
            "span_events": {"source": len(source_right), "target": len(target_right)},
        },
        "per_quad": {q: {"sentences": len(v), "accuracy": mean_of(v)} for q, v in sorted(per_quad.items())},
        "reliability": reliability(calibration),
        "found_by": found_by(f for f in firsts if f),
        "per_type": {},
        "failures": failures,
        **speed(len(sentences), seconds),
        "worst": [
            {"text": s.text, "gold": f"quad class {s.quad_class}", "ours": describe_event(f) if f else NO_EVENT}
            for s, f in round_robin(misses, key=lambda m: m[0].quad_class)[:WORST]
        ],
    }
