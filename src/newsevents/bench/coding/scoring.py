"""Scoring for `newsevents bench coding`: tallies, choosing and matching our events, coding
many texts timed, and the reliability of our confidences. Shared by every data set."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Hashable, Iterable, Sequence

from newsevents.ontology import PLOVER_TYPES, cameo_table
from newsevents.pipeline import BATCH_SIZE, Pipeline, text_article
from newsevents.records import Event

WORST = 15
LEAD_SENTENCES = 3  # a story's type is read from its lead first
NO_EVENT = "none"

# -- tallies ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    """True positives, false positives and false negatives, added up over items."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[Hashable], ours: Iterable[Hashable]) -> None:
        """Count one item, gold and ours as multisets (pass sets to count each value once)."""
        gold, ours = Counter(gold), Counter(ours)
        common = sum((gold & ours).values())
        self.tp += common
        self.fp += sum(ours.values()) - common
        self.fn += sum(gold.values()) - common

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """None when there was nothing to find and nothing found; 0 when nothing was right."""
        if not self.tp:
            return 0.0 if self.fp or self.fn else None
        p, r = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)  # both defined: tp > 0
        return 2 * p * r / (p + r)

    def figures(self) -> dict:
        return {
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": rounded(self.f1),
            "gold": self.tp + self.fn,
            "ours": self.tp + self.fp,
        }


@dataclass
class LabelTallies:
    """A Tally per label (PLOVER type), for the per-type tables."""

    tallies: dict[str, Tally] = field(default_factory=dict)

    def add(self, gold: Iterable[str], ours: Iterable[str]) -> None:
        gold, ours = Counter(gold), Counter(ours)
        for label in set(gold) | set(ours):
            self.tallies.setdefault(label, Tally()).add([label] * gold[label], [label] * ours[label])

    def table(self) -> dict[str, dict]:
        order = {t: i for i, t in enumerate(PLOVER_TYPES)}
        return {
            label: self.tallies[label].figures()
            for label in sorted(self.tallies, key=lambda t: (order.get(t, len(order)), t))
        }


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def mean_of(values: Sequence[bool]) -> float | None:
    """The share of true values, to three places; None for no values."""
    return round(sum(values) / len(values), 3) if values else None


# -- our events ------------------------------------------------------------------------------------


def happened(events: Iterable[Event]) -> list[Event]:
    """Our events that count: all but the negated ones."""
    return [e for e in events if not e.negated]


def first_event(events: Iterable[Event]) -> Event | None:
    """The most confident event that happened; the earlier one on ties."""
    best = None
    for event in happened(events):
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def story_event(events: Sequence[Event], lead: int = LEAD_SENTENCES) -> Event | None:
    """The event that gives a story its type: the most confident in the lead, else anywhere."""
    return first_event([e for e in events if e.sentence_index < lead]) or first_event(events)


def plover_of(code: str) -> str | None:
    """The PLOVER type of a CAMEO code in our table (its own mapping, else its root's)."""
    table = cameo_table()
    entry = table.get(code) or table.get(code[:2])
    return entry.plover_type if entry else None


def round_robin(items: list, key) -> list:
    """Items interleaved by group (`key`), groups in order of first appearance: a list of
    misses that shows every kind of miss, not forty of one."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    out = []
    while any(groups.values()):
        for queue in groups.values():
            if queue:
                out.append(queue.pop(0))
    return out


def describe_event(event: Event) -> str:
    source = event.source.code if event.source else "-"
    target = event.target.code if event.target else "-"
    flags = "".join(f" {flag}" for flag, on in (("hypothetical", event.hypothetical), ("negated", event.negated)) if on)
    trigger = f"[{event.trigger.rule}: {event.trigger.text!r}]"
    return f"{source} -> {target} {event.cameo_code} {event.plover_type} {trigger}{flags}"


# -- matching --------------------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_sentence(evidence: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Our evidence sentence is the gold sentence when most of the shorter of the two is shared
    (sentence splitters differ at abbreviations and headings)."""
    shorter = min(evidence[1] - evidence[0], gold[1] - gold[0])
    return shorter > 0 and overlap(evidence, gold) >= 0.5 * shorter


def gold_country(actor) -> str | None:
    return actor.country if actor is not None else None


def match_story_events(
    gold_events, ours: Sequence[Event], *, key: str = "full"
) -> tuple[list[tuple], list[Event], list]:
    """Gold events paired one to one with ours: the same sentence and PLOVER type, and for
    `key` "full" the same source and target country ("type": type alone; "source": and the
    source country). Returns (pairs, our unmatched events, gold unmatched events)."""

    def fits(o: Event, g) -> bool:
        if o.plover_type != g.plover or not _same_sentence(o.evidence_span, g.sentence):
            return False
        source_ok = (o.source.country if o.source else None) == gold_country(g.source)
        target_ok = (o.target.country if o.target else None) == gold_country(g.target)
        return key == "type" or (key == "source" and source_ok) or (source_ok and target_ok)

    free = list(ours)
    pairs, missed = [], []
    for g in gold_events:
        found = next((o for o in free if fits(o, g)), None)
        if found is None:
            missed.append(g)
        else:
            free.remove(found)
            pairs.append((g, found))
    return pairs, free, missed


# -- coding many texts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    date: date | None = None


def code_items(pipeline: Pipeline, items: Sequence[Item]) -> tuple[list[list[Event]], int]:
    """Our events for each text (in batches, as ingestion does), and how many failed."""
    results: list[list[Event]] = []
    failures = 0
    for begin in range(0, len(items), BATCH_SIZE):
        batch = items[begin : begin + BATCH_SIZE]
        articles = [text_article(i.text, date=i.date, source=i.id) for i in batch]
        for coded in pipeline.code_articles(articles):
            failures += coded.error is not None
            results.append(list(coded.events))
    return results, failures


def timed(pipeline: Pipeline, items: Sequence[Item]) -> tuple[list[list[Event]], int, float]:
    """`code_items`, and the seconds it took after a warm-up."""
    pipeline.code_text("Warm-up: the first call pays for lazy loading.")
    started = time.perf_counter()
    events, failures = code_items(pipeline, items)
    return events, failures, time.perf_counter() - started


def speed(count: int, seconds: float, unit: str = "sentences") -> dict:
    return {"seconds": round(seconds, 3), f"{unit}_per_s": round(count / seconds, 2) if seconds else None}


# -- calibration -----------------------------------------------------------------------------------

RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def reliability(pairs: Iterable[tuple[float, bool]]) -> list[dict]:
    """Events grouped by confidence: in each bin, how many, their mean confidence and the
    share of them that were right. Calibrated confidences have the two about equal."""
    table = []
    pairs = list(pairs)
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if inside:
            table.append(
                {
                    "bin": f"{low:.1f}-{min(high, 1.0):.1f}",
                    "events": len(inside),
                    "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                    "right": round(sum(ok for _, ok in inside) / len(inside), 3),
                }
            )
    return table


def found_by(events: Iterable[Event]) -> dict[str, int]:
    """How many of the events each part of the coder found."""
    return dict(Counter(e.found_by for e in events))
