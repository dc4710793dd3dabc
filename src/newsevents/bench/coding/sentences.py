"""Our own gold sentences (a `.jsonl` file: `{"id", "text", "date", "events": [{"source",
"target", "plover", "cameo"}], "notes"}`, one sentence a line; samples/coding-gold.jsonl).

Each gold event is paired greedily with one of ours of the same PLOVER type, best agreeing
on source and target country first. Type P/R/F1 count those pairs; source and target
accuracy (country, and sector when the gold gives `source_sector`/`target_sector`) are
over them; a triple is type, source country and target country. Gold events marked
`"negated": true` are not scored as events: the figure for them is the share we also code
as negated.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    LabelTallies,
    Tally,
    describe_event,
    found_by,
    happened,
    mean_of,
    reliability,
    speed,
    timed,
)
from newsevents.pipeline import Pipeline
from newsevents.records import Event


@dataclass(frozen=True)
class GoldEvent:
    plover: str
    source: str | None  # a country (ISO3, or IGO/NGO/MNC)
    target: str | None
    cameo: str | None = None
    negated: bool = False
    sectors: tuple[str | None, str | None] | None = None  # (source, target) sectors, when the gold gives them


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: date | None
    events: tuple[GoldEvent, ...]


def _country(value) -> str | None:
    """The country of a gold actor: "USA", "USAGOV" -> "USA"; "IGOUNO" -> "IGO"."""
    code = str(value or "").strip().upper()
    return code[:3] or None


def _gold_event(e: dict) -> GoldEvent:
    sectors = None
    if "source_sector" in e or "target_sector" in e:
        sectors = (e.get("source_sector") or None, e.get("target_sector") or None)
    return GoldEvent(
        e["plover"].strip().upper(),
        _country(e.get("source")),
        _country(e.get("target")),
        str(e["cameo"]).strip() if e.get("cameo") else None,
        bool(e.get("negated")),
        sectors,
    )


def gold_sentences(text: str) -> list[GoldSentence]:
    """The sentences of a JSONL gold file; a line that is not a gold sentence is an error
    that names it."""
    sentences = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            day = date.fromisoformat(row["date"]) if row.get("date") else None
            events = tuple(_gold_event(e) for e in row.get("events") or [])
            sentences.append(GoldSentence(str(row.get("id", number)), row["text"], day, events))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {number} of the gold file is not a gold sentence: {exc}") from None
    return sentences


def _ours_as_gold(event: Event) -> GoldEvent:
    return GoldEvent(
        event.plover_type,
        event.source.country if event.source else None,
        event.target.country if event.target else None,
        event.cameo_code,
        event.negated,
        (event.source.sector if event.source else None, event.target.sector if event.target else None),
    )


def pair_events(gold: Sequence[GoldEvent], ours: Sequence[GoldEvent]) -> list[tuple[GoldEvent, GoldEvent]]:
    """Each gold event with one of ours of the same type (each used once), the one agreeing
    on most of source and target first; gold events are taken in order."""
    free = list(ours)
    pairs = []
    for g in gold:
        same = [o for o in free if o.plover == g.plover]
        if same:
            best = max(same, key=lambda o: (o.source == g.source) + (o.target == g.target))
            free.remove(best)
            pairs.append((g, best))
    return pairs


def score(path: str, file: Path, limit: int | None, pipeline: Pipeline) -> dict:
    """Our events of each gold sentence against its gold events (see the module's docstring)."""
    sentences = gold_sentences(file.read_text(encoding="utf-8"))[:limit]
    if not sentences:
        raise ValueError(f"no gold sentences in {path!r}")
    events, failures, seconds = timed(pipeline, [Item(s.id, s.text, s.date) for s in sentences])
    types, triples = Tally(), Tally()
    per_type = LabelTallies()
    agree: dict[str, list[bool]] = {
        "source_country": [],
        "target_country": [],
        "source_sector": [],
        "target_sector": [],
        "cameo_root": [],
    }
    negated_found = []
    misses, calibration = [], []
    for sentence, found in zip(sentences, events):
        gold = [g for g in sentence.events if not g.negated]
        ours = [_ours_as_gold(e) for e in found]
        mine = [o for o in ours if not o.negated]
        types.add([g.plover for g in gold], [o.plover for o in mine])
        per_type.add([g.plover for g in gold], [o.plover for o in mine])
        triple = Tally()
        for tally in (triple, triples):
            tally.add([(g.plover, g.source, g.target) for g in gold], [(o.plover, o.source, o.target) for o in mine])
        for g, o in pair_events(gold, mine):
            agree["source_country"].append(g.source == o.source)
            agree["target_country"].append(g.target == o.target)
            if g.sectors is not None and o.sectors is not None:  # ours always give theirs
                agree["source_sector"].append(g.sectors[0] == o.sectors[0])
                agree["target_sector"].append(g.sectors[1] == o.sectors[1])
            if g.cameo:
                agree["cameo_root"].append(g.cameo[:2] == (o.cameo or "")[:2])
        denied = [g for g in sentence.events if g.negated]
        paired = pair_events(denied, [o for o in ours if o.negated])
        negated_found.extend([True] * len(paired) + [False] * (len(denied) - len(paired)))
        if triple.fp or triple.fn:
            misses.append((triple.tp / (triple.tp + triple.fp + triple.fn), sentence, found))
        # An event is right when a gold event of the sentence has its type, source and target country.
        wanted = Counter((g.plover, g.source, g.target) for g in gold)
        for event, mine_event in zip([e for e in found if not e.negated], mine):
            key = (mine_event.plover, mine_event.source, mine_event.target)
            calibration.append((event.confidence, wanted[key] > 0))
            wanted[key] -= wanted[key] > 0
    misses.sort(key=lambda m: m[0])
    return {
        "benchmark": "coding",
        "dataset": "gold",
        "path": path,
        "sentences": len(sentences),
        "gold_events": sum(not g.negated for s in sentences for g in s.events),
        "figures": {
            "type": types.figures(),
            "triple": triples.figures(),
            **{f"{name}_accuracy": mean_of(values) for name, values in agree.items()},
            "paired_events": len(agree["source_country"]),
            "negated_gold_events": len(negated_found),
            "negated_found": mean_of(negated_found),
        },
        "per_type": per_type.table(),
        "reliability": reliability(calibration),
        "found_by": found_by(e for found in events for e in happened(found)),
        "failures": failures,
        **speed(len(sentences), seconds),
        "worst": [
            {
                "id": s.id,
                "text": s.text,
                "gold": [
                    f"{g.source or '-'} -> {g.target or '-'} {g.plover}"
                    + (f" {g.cameo}" if g.cameo else "")
                    + (" negated" if g.negated else "")
                    for g in s.events
                ]
                or [NO_EVENT],
                "ours": [describe_event(e) for e in found] or [NO_EVENT],
            }
            for _, s, found in misses[:WORST]
        ],
    }
