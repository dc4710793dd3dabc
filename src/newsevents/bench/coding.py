"""`newsevents bench coding`: our event coder against gold codings.

Four data sets, recognised by their path (`run` takes the folder or file):

- petrarch (a folder with `PETR.UnitTest.records.xml`, openeventdata/petrarch2): stylised
  test sentences with gold (source, target, CAMEO code) triples. Their actors are fictional
  (Arnor, Gondor...), so the run codes them with the `PETR.Validate.actors.txt` and
  `.agents.txt` dictionaries beside it added to ours, each record on its own date (the
  dictionary's codes change with the date). Tests of errors and discards (`error=`), and
  tests PETRARCH itself marks unimplemented (`sentence="false"`), are set aside; so are
  records whose gold uses a code outside CAMEO (the suite's own test codes, 903, 174K...),
  which no coder of the standard could produce. Each record's gold set is compared with
  ours as sets of full triples, of (source, target, root), of dyads (source, target), of
  PLOVER types, of source countries and of target countries (first three letters of a
  code); precision, recall and F1 are micro-averaged over records. The suite's verbs
  dictionary is a test dictionary with its own codings ("warned" is 160, "believes" 023,
  "a senior official said" 023), so the event views measure agreement with it; the
  dyad and country views measure actor recognition, what the suite tests best. PETRARCH's null code "---" is no actor ("---GOV"
  is "GOV"). A gold actor written as quoted text is an actor the suite expects no code for.
- cameo (a `.csv` file with an `example` column: andybega/icews cameo-codes.csv, latin-1):
  the example sentence of each CAMEO code of three or more digits. Statements (root 01)
  are not coded by us and are left out. Our answer is our first event (highest confidence,
  the earlier on ties); no event is a wrong answer. The codebook's "Note: ..." after an
  example is cut off.
- synthetic (a `.csv.gz` with `text` and `label` columns: NGEC synthetic stories): each
  story has one PLOVER type. Stories split into halves by a hash of their text
  (`synthetic_split`): tune on "dev", measure on "heldout" (the default). Our answer is
  the type of the most confident event in the story's first three sentences, else in the
  whole story; no event is a wrong answer.
- gold (a `.jsonl` file of our own: `{"id", "text", "date", "events": [{"source",
  "target", "plover", "cameo"}], "notes"}`, one sentence a line): each gold event is paired
  greedily with one of ours of the same PLOVER type, best agreeing on source and target
  country first. Type P/R/F1 count those pairs; source and target accuracy (country, and
  sector when the gold gives `source_sector`/`target_sector`) are over them; a triple is
  type, source country and target country. Gold events marked `"negated": true` are not
  scored as events: the figure for them is the share we also code as negated.

Everywhere a negated event ("did not attack") is not an event that happened and is not
counted as ours; hypothetical and future ones are. Every data set reports a per-type
table and up to 15 worst misses (text, gold, ours). Speed is coding only (parsing
included), after a warm-up.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Hashable, Iterable, Sequence

from newsevents.bench.datasets import SPLITS, hash_split, in_split
from newsevents.distance import km
from newsevents.actors.userdicts import (
    actor_code, actors_on, country_of, dictionary_with, read_petrarch_actors, read_petrarch_agents,
)
from newsevents.ontology import PLOVER_TYPES, cameo_table
from newsevents.pipeline import BATCH_SIZE, Pipeline, text_article
from newsevents.actors import PRONOUNS
from newsevents.records import Actor, Event

WORST = 15
LOCATED_KM = 161.0  # an event placed this close to its gold place is located right
LEAD_SENTENCES = 3  # a story's type is read from its lead first
NO_EVENT = "none"

# -- scoring ---------------------------------------------------------------------------------------


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
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r)

    def figures(self) -> dict:
        return {"precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1),
                "gold": self.tp + self.fn, "ours": self.tp + self.fp}


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
        return {label: self.tallies[label].figures()
                for label in sorted(self.tallies, key=lambda t: (order.get(t, len(order)), t))}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _mean(values: Sequence[bool]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


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


def _round_robin(items: list, key) -> list:
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


def _describe_event(event: Event) -> str:
    source = event.source.code if event.source else "-"
    target = event.target.code if event.target else "-"
    flags = "".join(f" {flag}" for flag, on in (("hypothetical", event.hypothetical), ("negated", event.negated)) if on)
    return f"{source} -> {target} {event.cameo_code} {event.plover_type} [{event.trigger.rule}: {event.trigger.text!r}]{flags}"


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
        batch = items[begin:begin + BATCH_SIZE]
        articles = [text_article(i.text, date=i.date, source=i.id) for i in batch]
        for coded in pipeline.code_articles(articles):
            failures += coded.error is not None
            results.append(list(coded.events))
    return results, failures


def _timed(pipeline: Pipeline, items: Sequence[Item]) -> tuple[list[list[Event]], int, float]:
    pipeline.code_text("Warm-up: the first call pays for lazy loading.")
    started = time.perf_counter()
    events, failures = code_items(pipeline, items)
    return events, failures, time.perf_counter() - started


def _speed(count: int, seconds: float, unit: str = "sentences") -> dict:
    return {"seconds": round(seconds, 3), f"{unit}_per_s": round(count / seconds, 2) if seconds else None}


# -- PETRARCH unit tests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Coding:
    """One gold PETRARCH coding: actor codes as written ("ARN", "---GOV", '"INJURY TOLL"')."""

    source: str
    target: str
    event: str


@dataclass(frozen=True)
class PetrarchRecord:
    id: str
    date: date | None
    category: str
    text: str
    codings: tuple[Coding, ...]
    no_events: bool  # nothing to code: noevents="true", or no coding given
    error: str | None = None  # the test expects an error or a discard, not codings
    implemented: bool = True  # sentence="false": a feature PETRARCH does not implement


_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _attributes(text: str) -> dict[str, str]:
    """Attributes of a tag, with either quote, and spaces around '=' ('date = "1995"')."""
    found = {}
    for m in re.finditer(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", text):
        found[m.group(1).lower()] = m.group(2) if m.group(2) is not None else m.group(3)
    return found


def _yyyymmdd(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])) if re.fullmatch(r"\d{8}", value) else None
    except ValueError:
        return None


def petrarch_records(xml: str) -> list[PetrarchRecord]:
    """The test records of a PETRARCH validation file (read with regexes: it is not strict XML)."""
    records = []
    for attributes, body in _SENTENCE.findall(_COMMENT.sub("", xml)):
        attrs = _attributes(attributes)
        text = _TEXT.search(body)
        codings, no_events, error = [], False, None
        for coding in _CODING.findall(body):
            values = _attributes(coding)
            if "error" in values:
                error = values["error"] or "error"
            elif values.get("noevents", "").lower() == "true":
                no_events = True
            elif values.get("eventcode"):
                codings.append(Coding(values.get("sourcecode", "").strip(), values.get("targetcode", "").strip(),
                                      values["eventcode"].strip()))
        records.append(PetrarchRecord(
            id=attrs.get("id", str(len(records) + 1)), date=_yyyymmdd(attrs.get("date", "")),
            category=attrs.get("category", ""),
            text=" ".join(html.unescape(text.group(1)).split()) if text else "",
            codings=tuple(codings), no_events=no_events or not codings, error=error,
            implemented=attrs.get("sentence", "true").lower() != "false",
        ))
    return records


def _gold_views(codings: Iterable[Coding]) -> dict[str, set]:
    codings = list(codings)
    return {
        "triple": {(actor_code(c.source), actor_code(c.target), c.event) for c in codings},
        "root": {(actor_code(c.source), actor_code(c.target), c.event[:2]) for c in codings},
        "dyad": {(actor_code(c.source), actor_code(c.target)) for c in codings},
        "plover": {plover_of(c.event) for c in codings} - {None},
        "source_country": {country_of(c.source) for c in codings} - {None},
        "target_country": {country_of(c.target) for c in codings} - {None},
    }


def _our_views(events: Iterable[Event]) -> dict[str, set]:
    events = happened(events)

    def code(actor: Actor | None) -> str | None:
        return actor_code(actor.code) if actor else None

    return {
        "triple": {(code(e.source), code(e.target), e.cameo_code) for e in events},
        "root": {(code(e.source), code(e.target), e.cameo_code[:2]) for e in events},
        "dyad": {(code(e.source), code(e.target)) for e in events},
        "plover": {e.plover_type for e in events},
        "source_country": {e.source.country for e in events if e.source} - {None},
        "target_country": {e.target.country for e in events if e.target} - {None},
    }


def petrarch_miss(gold: dict[str, set], ours: dict[str, set]) -> str | None:
    """What kind of miss a record is, or None when every triple is right."""
    if gold["triple"] == ours["triple"]:
        return None
    if not ours["triple"]:
        return "nothing coded"
    if not gold["triple"]:
        return "coded a non-event"
    if not gold["plover"] & ours["plover"]:
        return "wrong event type"
    if not gold["source_country"] & ours["source_country"]:
        return "wrong source"
    if gold["target_country"] and not gold["target_country"] & ours["target_country"]:
        return "wrong target"
    if gold["root"] & ours["root"] and not gold["triple"] & ours["triple"]:
        return "wrong code within the root"
    return "partly right"


def _petrarch(path: str, folder: Path, limit: int | None, pipeline: Pipeline) -> dict:
    records = petrarch_records((folder / "PETR.UnitTest.records.xml").read_text(encoding="utf-8", errors="replace"))
    actors = read_petrarch_actors(folder / "PETR.Validate.actors.txt")
    agents = read_petrarch_agents(folder / "PETR.Validate.agents.txt")
    table = cameo_table()
    errors = [r for r in records if r.error]
    unimplemented = [r for r in records if not r.error and not r.implemented]
    runnable = [r for r in records if not r.error and r.implemented]
    nonstandard = [r for r in runnable if any(c.event not in table for c in r.codings)]
    scored = [r for r in runnable if r not in nonstandard][:limit]

    # One dictionary per set of codes in force, and the records coded with each.
    groups: dict[tuple, list[PetrarchRecord]] = {}
    for record in scored:
        groups.setdefault(tuple(actors_on(actors.entries, record.date)), []).append(record)
    original = pipeline.dictionary
    ours: dict[str, list[Event]] = {}
    failures, seconds = 0, 0.0
    try:
        for chosen, group in groups.items():
            pipeline.dictionary = dictionary_with(chosen, agents.entries)
            events, failed, spent = _timed(pipeline, [Item(r.id, r.text, r.date) for r in group])
            ours.update({r.id: e for r, e in zip(group, events)})
            failures, seconds = failures + failed, seconds + spent
    finally:
        pipeline.dictionary = original

    views = ("triple", "root", "dyad", "plover", "source_country", "target_country")
    tallies = {view: Tally() for view in views}
    per_category: dict[str, dict[str, Tally]] = {}
    per_type = LabelTallies()
    misses, kinds = [], Counter()
    no_event = [r for r in scored if r.no_events]
    for record in scored:
        gold, mine = _gold_views(record.codings), _our_views(ours[record.id])
        for view in views:
            tallies[view].add(gold[view], mine[view])
        category = per_category.setdefault(record.category, {"dyad": Tally(), "plover": Tally()})
        for view in category:
            category[view].add(gold[view], mine[view])
        per_type.add(gold["plover"], mine["plover"])
        kind = petrarch_miss(gold, mine)
        if kind:
            kinds[kind] += 1
            misses.append((bool(gold["triple"] & mine["triple"]), kind, record))
    misses.sort(key=lambda m: m[0])  # records with no right triple first
    return {
        "benchmark": "coding",
        "dataset": "petrarch",
        "path": path,
        "records": len(scored),
        "codings": sum(len(r.codings) for r in scored),
        "set_aside": {
            "error_tests": len(errors), "unimplemented_tests": len(unimplemented),
            "nonstandard_code_records": len(nonstandard),
            "nonstandard_codes": dict(Counter(c.event for r in nonstandard for c in r.codings if c.event not in table)),
        },
        "dictionary": {"actors": len(actors.entries), "agents": len(agents.entries),
                       "skipped_lines": len(actors.skipped) + len(agents.skipped)},
        "figures": {view: tallies[view].figures() for view in views},
        "no_event_records": len(no_event),
        "no_event_left_empty": sum(not happened(ours[r.id]) for r in no_event),
        "negated_events": sum(e.negated for r in scored for e in ours[r.id]),
        "miss_kinds": dict(kinds.most_common()),
        "per_type": per_type.table(),
        "per_category": {name: {"records": sum(r.category == name for r in scored),
                                "dyad_f1": _round(t["dyad"].f1), "plover_f1": _round(t["plover"].f1)}
                         for name, t in sorted(per_category.items())},
        "failures": failures,
        **_speed(len(scored), seconds),
        "worst": [
            {"id": r.id, "category": r.category, "miss": kind, "text": r.text,
             "gold": [f"{c.source} -> {c.target} {c.event} {plover_of(c.event)}" for c in r.codings] or [NO_EVENT],
             "ours": [_describe_event(e) for e in ours[r.id]] or [NO_EVENT]}
            for _, kind, r in _round_robin(misses, key=lambda m: m[1])[:WORST]
        ],
    }


# -- CAMEO codebook examples -----------------------------------------------------------------------


@dataclass(frozen=True)
class CameoExample:
    code: str
    name: str
    text: str


_MOJIBAKE = re.compile(r"[\x80-\xff]+")


def _repair(text: str) -> str:
    """Undo the codebook's double encoding: UTF-8 read as Mac Roman, saved as Windows-1252
    ("Moscow\\x82Äôs" is "Moscow’s")."""
    def fix(m: re.Match) -> str:
        try:
            return m.group(0).encode("latin-1").decode("cp1252").encode("mac_roman").decode("utf-8")
        except UnicodeError:
            return m.group(0)
    return _MOJIBAKE.sub(fix, text)


def cameo_examples(text: str) -> tuple[list[CameoExample], int]:
    """The example sentences of codes of 3+ digits, and how many statements (root 01) were left out."""
    examples, statements = [], 0
    for row in csv.DictReader(io.StringIO(text)):
        code, example = (row.get("code") or "").strip(), (row.get("example") or "").strip()
        if len(code) < 3 or not example or example == "NA" or example.upper().startswith("NEED EXAMPLE"):
            continue
        if code.startswith("01"):
            statements += 1
            continue
        example = _repair(example).split(" Note:")[0].strip()
        examples.append(CameoExample(code, (row.get("name") or "").strip(), example))
    return examples, statements


def _cameo(path: str, file: Path, limit: int | None, pipeline: Pipeline, split: str = "all") -> dict:
    examples, statements = cameo_examples(file.read_text(encoding="latin-1"))
    examples = [x for x in examples if in_split(x.text, split)][:limit]
    events, failures, seconds = _timed(pipeline, [Item(f"cameo-{x.code}", x.text) for x in examples])
    firsts = [first_event(e) for e in events]
    per_type = LabelTallies()
    per_root: dict[str, list[tuple[bool, bool]]] = {}
    right_root, right_code, right_type, misses = [], [], [], []
    for example, first in zip(examples, firsts):
        gold_type = plover_of(example.code)
        ok_root = first is not None and first.cameo_code[:2] == example.code[:2]
        right_root.append(ok_root)
        right_code.append(first is not None and first.cameo_code == example.code)
        right_type.append(first is not None and first.plover_type == gold_type)
        per_type.add([gold_type], [first.plover_type if first else NO_EVENT])
        per_root.setdefault(example.code[:2], []).append((ok_root, first is not None))
        if not ok_root:
            misses.append((example, first))
    return {
        "benchmark": "coding",
        "dataset": "cameo",
        "path": path,
        "split": split,
        "examples": len(examples),
        "statements_left_out": statements,
        "figures": {
            "root_accuracy": _mean(right_root),
            "code_accuracy": _mean(right_code),
            "plover_accuracy": _mean(right_type),
            "coded_nothing": _mean([f is None for f in firsts]),
        },
        "per_root": {root: {"examples": len(v), "root_accuracy": _mean([ok for ok, _ in v]),
                            "coded": _mean([coded for _, coded in v])}
                     for root, v in sorted(per_root.items())},
        "per_type": {k: v for k, v in per_type.table().items() if k != NO_EVENT},
        "failures": failures,
        **_speed(len(examples), seconds),
        "worst": [
            {"code": x.code, "text": x.text, "gold": f"{x.code} {x.name} ({plover_of(x.code)})",
             "ours": _describe_event(first) if first else NO_EVENT}
            for x, first in _round_robin(misses, key=lambda m: m[0].code[:2])[:WORST]
        ],
    }


# -- NGEC synthetic stories ------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    id: str
    text: str
    label: str
    mode: str


def synthetic_split(text: str) -> str:
    """"dev" or "heldout": a fixed half of the stories, by a hash of the text."""
    return hash_split(text)


def synthetic_stories(text: str, split: str = "heldout") -> list[Story]:
    if split not in SPLITS:
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    stories = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), 1):
        body = (row.get("text") or "").strip()
        if body and row.get("label") and (split == "all" or synthetic_split(body) == split):
            stories.append(Story(f"story-{number}", body, row["label"].strip().upper(), (row.get("mode") or "").strip()))
    return stories


def _synthetic(path: str, file: Path, limit: int | None, pipeline: Pipeline, split: str) -> dict:
    with gzip.open(file, "rt", encoding="utf-8") as f:
        stories = synthetic_stories(f.read(), split)[:limit]
    events, failures, seconds = _timed(pipeline, [Item(s.id, s.text) for s in stories])
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
            "accuracy": _mean([a == s.label for s, a in zip(stories, answers)]),
            "coded_nothing": _mean([a == NO_EVENT for a in answers]),
            "from_lead": _mean([e is not None and e.sentence_index < LEAD_SENTENCES for e in chosen]),
        },
        "per_type": {k: v for k, v in per_type.table().items() if k != NO_EVENT},
        "confusions": [{"gold": g, "ours": o, "stories": n} for (g, o), n in confusions.most_common(12)],
        "failures": failures,
        **_speed(len(stories), seconds, "stories"),
        "words_per_s": round(words / seconds, 1) if seconds else None,
        "worst": [
            {"id": s.id, "gold": f"{s.label} ({s.mode})", "ours": _describe_event(e) if e else NO_EVENT,
             "evidence": e.evidence if e else None, "text": s.text[:300]}
            for s, e in _round_robin(misses, key=lambda m: m[0].label)[:WORST]
        ],
    }


# -- our own gold sentences ------------------------------------------------------------------------


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
    return GoldEvent(e["plover"].strip().upper(), _country(e.get("source")), _country(e.get("target")),
                     str(e["cameo"]).strip() if e.get("cameo") else None, bool(e.get("negated")), sectors)


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
    return GoldEvent(event.plover_type, event.source.country if event.source else None,
                     event.target.country if event.target else None, event.cameo_code, event.negated,
                     (event.source.sector if event.source else None, event.target.sector if event.target else None))


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


def _gold(path: str, file: Path, limit: int | None, pipeline: Pipeline) -> dict:
    sentences = gold_sentences(file.read_text(encoding="utf-8"))[:limit]
    if not sentences:
        raise ValueError(f"no gold sentences in {path!r}")
    events, failures, seconds = _timed(pipeline, [Item(s.id, s.text, s.date) for s in sentences])
    types, triples = Tally(), Tally()
    per_type = LabelTallies()
    agree: dict[str, list[bool]] = {"source_country": [], "target_country": [], "source_sector": [],
                                    "target_sector": [], "cameo_root": []}
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
            if g.sectors is not None:
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
            **{f"{name}_accuracy": _mean(values) for name, values in agree.items()},
            "paired_events": len(agree["source_country"]),
            "negated_gold_events": len(negated_found),
            "negated_found": _mean(negated_found),
        },
        "per_type": per_type.table(),
        "reliability": reliability(calibration), "found_by": _found_by(e for found in events for e in happened(found)),
        "failures": failures,
        **_speed(len(sentences), seconds),
        "worst": [
            {"id": s.id, "text": s.text,
             "gold": [f"{g.source or '-'} -> {g.target or '-'} {g.plover}" + (f" {g.cameo}" if g.cameo else "")
                      + (" negated" if g.negated else "") for g in s.events] or [NO_EVENT],
             "ours": [_describe_event(e) for e in found] or [NO_EVENT]}
            for _, s, found in misses[:WORST]
        ],
    }


# -- calibration ---------------------------------------------------------------------------------

RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def reliability(pairs: Iterable[tuple[float, bool]]) -> list[dict]:
    """Events grouped by confidence: in each bin, how many, their mean confidence and the
    share of them that were right. Calibrated confidences have the two about equal."""
    table = []
    pairs = list(pairs)
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if inside:
            table.append({"bin": f"{low:.1f}-{min(high, 1.0):.1f}", "events": len(inside),
                          "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                          "right": round(sum(ok for _, ok in inside) / len(inside), 3)})
    return table


def _found_by(events: Iterable[Event]) -> dict[str, int]:
    return dict(Counter(e.found_by for e in events))


# -- our gold stories (VOA) ------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_sentence(evidence: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Our evidence sentence is the gold sentence when most of the shorter of the two is shared
    (sentence splitters differ at abbreviations and headings)."""
    shorter = min(evidence[1] - evidence[0], gold[1] - gold[0])
    return shorter > 0 and _overlap(evidence, gold) >= 0.5 * shorter


def _gold_country(actor) -> str | None:
    return actor.country if actor is not None else None


def match_story_events(gold_events, ours: Sequence[Event], *, key: str = "full") -> tuple[list[tuple], list[Event], list]:
    """Gold events paired one to one with ours: the same sentence and PLOVER type, and for
    `key` "full" the same source and target country ("type": type alone; "source": and the
    source country). Returns (pairs, our unmatched events, gold unmatched events)."""
    free = list(ours)
    pairs, missed = [], []
    for g in gold_events:
        def fits(o: Event) -> bool:
            if o.plover_type != g.plover or not _same_sentence(o.evidence_span, g.sentence):
                return False
            source_ok = (o.source.country if o.source else None) == _gold_country(g.source)
            target_ok = (o.target.country if o.target else None) == _gold_country(g.target)
            return key == "type" or (key == "source" and source_ok) or (source_ok and target_ok)
        found = next((o for o in free if fits(o)), None)
        if found is None:
            missed.append(g)
        else:
            free.remove(found)
            pairs.append((g, found))
    return pairs, free, missed


def gold_points(path: Path | None) -> dict[str, list[tuple[int, int, float, float]]]:
    """The coordinates of the gold place names of each story (samples/voa-places.jsonl):
    story id -> (start, end, lat, lon)."""
    points: dict[str, list[tuple[int, int, float, float]]] = {}
    if path is None or not path.is_file():
        return points
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            points[str(record["id"])] = [(p["span"][0], p["span"][1], p["lat"], p["lon"]) for p in record["places"]
                                         if p.get("lat") is not None and p.get("lon") is not None]
    return points


def event_locations(pairs: Iterable[tuple], points: dict[str, list[tuple[int, int, float, float]]]) -> dict:
    """Of the gold events paired with ours (story id, gold, ours) whose gold place is a name with
    coordinates, the share we locate within 161 km of it, and in its country."""
    near, country, total = 0, 0, 0
    for story_id, g, o in pairs:
        if g.place is None or g.place[0] is None:
            continue
        start, end = g.place[0]
        point = next(((lat, lon) for s, e, lat, lon in points.get(story_id, ()) if s < end and start < e), None)
        if point is None:
            continue
        total += 1
        where = o.location
        distance = km(point[0], point[1], where.lat, where.lon) if where is not None else None
        near += distance is not None and distance <= LOCATED_KM
        country += where is not None and where.country == g.place[1]
    return {"events": total, "within_161km": round(near / total, 3) if total else None,
            "country": round(country / total, 3) if total else None}


def _stories(path: str, file: Path, limit: int | None, pipeline: Pipeline, split: str, stories: str | None,
             places: str | None = None) -> dict:
    from newsevents.bench.storygold import read_story_gold

    if stories is None or not Path(stories).is_file():
        raise ValueError(f"{path!r} is story gold: name the stories it codes with --stories (e.g. "
                         f"../shared/data/news/voa/voa_stories.jsonl); {stories!r} is not a file")
    split = "heldout" if split == "dev" else split
    gold = read_story_gold(file, stories, split="train" if split == "train" else split)[:limit]
    events, failures, seconds = _timed(pipeline, [Item(s.id, s.text, s.published) for s in gold])
    views = {"full": Tally(), "source": Tally(), "type": Tally()}
    per_type = LabelTallies()
    calibration, misses, extra, located = [], [], [], []
    points = gold_points(Path(places) if places else file.with_name("voa-places.jsonl"))
    for story, found in zip(gold, events):
        gold_events = [g for g in story.events if not g.negated]
        mine = happened(found)
        for view, tally in views.items():
            pairs, unmatched, missed = match_story_events(gold_events, mine, key=view)
            tally.tp += len(pairs)
            tally.fp += len(unmatched)
            tally.fn += len(missed)
            if view == "type":
                located += [(story.id, g, o) for g, o in pairs]
            if view == "full":
                right = {id(o) for _, o in pairs}
                calibration += [(e.confidence, id(e) in right) for e in mine]
                misses += [(story, g) for g in missed]
                extra += [(story, e) for e in unmatched]
        per_type.add([g.plover for g in gold_events], [e.plover_type for e in mine])
    text = {s.id: s.text for s in gold}
    return {
        "benchmark": "coding", "dataset": "stories", "path": path, "split": split, "stories": len(gold),
        "gold_events": sum(not g.negated for s in gold for g in s.events),
        "figures": {view: tally.figures() for view, tally in views.items()},
        "persons": person_resolution(pipeline, gold),
        "locations": event_locations(located, points),
        "reliability": reliability(calibration),
        "found_by": _found_by(e for found in events for e in happened(found)),
        "per_type": per_type.table(), "failures": failures, **_speed(len(gold), seconds, "stories"),
        "worst": [{"id": s.id, "miss": "missed", "text": text[s.id][g.sentence[0]:g.sentence[1]],
                   "gold": f"{_gold_country(g.source) or '-'} -> {_gold_country(g.target) or '-'} {g.plover} {g.cameo}",
                   "ours": NO_EVENT} for s, g in misses[:WORST]]
                 + [{"id": s.id, "miss": "extra", "text": e.evidence, "gold": NO_EVENT, "ours": _describe_event(e)}
                    for s, e in extra[:WORST]],
    }


def person_resolution(pipeline: Pipeline, stories) -> dict:
    """Of the gold actors that are named persons (mentions that name them, not pronouns), the
    share whose country (and sector) the actor coder gives from the story alone: each story parsed whole, its people met in order,
    then each person mention resolved where it stands."""
    from newsevents.actors import ArticleActors
    from newsevents.nlp import analyse

    right_country, right_sector, total = 0, 0, 0
    for story, analysed in zip(stories, analyse([s.text for s in stories], nlp=pipeline.nlp)):
        actors = ArticleActors(pipeline.dictionary_for(story.published), day=story.published)
        sentences = list(analysed.sentences())
        actors.register_people(sentences)
        for event in story.events:
            for actor in (event.source, event.target):
                if actor is None or not actor.person or actor.span is None or actor.country is None \
                        or not _named(story.text[actor.span[0]:actor.span[1]]):
                    continue
                total += 1
                found = _actor_at(actors, sentences, actor.span)
                right_country += found is not None and found.country == actor.country
                right_sector += found is not None and found.country == actor.country and found.sector == actor.sector
    return {"mentions": total, "country": round(right_country / total, 3) if total else None,
            "country_and_sector": round(right_sector / total, 3) if total else None}


def _named(mention: str) -> bool:
    """Whether a mention names someone ("Kerry", "Secretary Kerry"), not only points at them
    ("he", "the president")."""
    words = (w.strip("\"'“”‘’()[],.") for w in mention.split())
    return any(w[:1].isupper() and w.lower() not in UNNAMING for w in words)


# Capitalised words that name no one: pronouns and articles at the head of a sentence.
UNNAMING = PRONOUNS | {"his", "its", "their", "our", "my", "your", "you", "me", "the", "a", "an", "this", "that", "these", "those"}


def _actor_at(actors, sentences, span: tuple[int, int]):
    """Our reading of the actor phrase whose head lies in `span`."""
    for _, offset, sent in sentences:
        if offset + sent.start_char <= span[0] < offset + sent.end_char:
            tokens = [t for t in sent if span[0] <= offset + t.idx < span[1]]
            heads = [t for t in tokens if t.head not in tokens or t.head.i == t.i] or tokens
            for head in heads:
                found = actors.actors(head, offset)
                if found:
                    return found[0]
    return None


# -- incident reports (SATP) -----------------------------------------------------------------------


def _satp(path: str, file: Path, limit: int | None, pipeline: Pipeline) -> dict:
    from newsevents.bench.datasets import satp_reports

    reports = satp_reports(file)[:limit]
    events, failures, seconds = _timed(pipeline, [Item(f"satp-{i}", r.text) for i, r in enumerate(reports)])
    chosen = [story_event(e) for e in events]
    answers = [e.plover_type if e else NO_EVENT for e in chosen]
    return {
        "benchmark": "coding", "dataset": "incidents", "path": path, "reports": len(reports),
        "figures": {"accuracy": _mean([a == "ASSAULT" for a in answers]), "coded_nothing": _mean([a == NO_EVENT for a in answers]),
                    "per_mode": {mode: _mean([a == "ASSAULT" for r, a in zip(reports, answers) if mode in r.modes])
                                 for mode in ("armed assault", "bombing", "kidnapping", "other attack")}},
        "answers": dict(Counter(answers).most_common()),
        "found_by": _found_by(e for e in chosen if e),
        "per_type": {}, "failures": failures, **_speed(len(reports), seconds, "stories"),
        "words_per_s": round(sum(len(r.text.split()) for r in reports) / seconds, 1) if seconds else None,
        "worst": [{"text": r.text[:300], "gold": "ASSAULT " + "/".join(r.modes), "ours": _describe_event(e) if e else NO_EVENT}
                  for r, a, e in zip(reports, answers, chosen) if a != "ASSAULT"][:WORST],
    }


# -- human-coded wire sentences (ConfliBERT) -------------------------------------------------------


def _spans_agree(ours: tuple[int, int] | None, gold: Sequence[tuple[int, int]]) -> bool:
    return ours is not None and any(_overlap(ours, g) > 0 for g in gold)


def _wire(path: str, folder: Path, limit: int | None, pipeline: Pipeline, split: str) -> dict:
    from newsevents.bench.datasets import conflibert_sentences, in_split

    sentences = [s for s in conflibert_sentences(folder) if in_split(s.text, split)][:limit]
    events, failures, seconds = _timed(pipeline, [Item(f"wire-{i}", s.text) for i, s in enumerate(sentences)])
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
                source_right.append(_spans_agree((first.source.start, first.source.end) if first.source and first.source.start >= 0 else None,
                                                 sentence.sources))
            if sentence.targets:
                target_right.append(_spans_agree((first.target.start, first.target.end) if first.target and first.target.start >= 0 else None,
                                                 sentence.targets))
    return {
        "benchmark": "coding", "dataset": "wire", "path": path, "split": split, "sentences": len(sentences),
        "figures": {"quad_accuracy": _mean(quad_right), "source_span": _mean(source_right), "target_span": _mean(target_right),
                    "span_events": {"source": len(source_right), "target": len(target_right)}},
        "per_quad": {q: {"sentences": len(v), "accuracy": _mean(v)} for q, v in sorted(per_quad.items())},
        "reliability": reliability(calibration), "found_by": _found_by(f for f in firsts if f),
        "per_type": {}, "failures": failures, **_speed(len(sentences), seconds),
        "worst": [{"text": s.text, "gold": f"quad class {s.quad_class}", "ours": _describe_event(f) if f else NO_EVENT}
                  for s, f in _round_robin(misses, key=lambda m: m[0].quad_class)[:WORST]],
    }


# -- the command -----------------------------------------------------------------------------------


def _header(file: Path) -> list[str]:
    opener = gzip.open if file.name.endswith(".gz") else open
    try:
        with opener(file, "rt", encoding="latin-1", newline="") as f:
            return [name.strip().lower() for name in next(csv.reader(f), [])]
    except (OSError, EOFError):
        return []


def run(path: str, *, limit: int | None = None, pipeline: Pipeline | None = None, split: str = "heldout",
        stories: str | None = None) -> dict:
    """Score our coder on the data set at `path` (see the module's docstring for which)."""
    if split not in SPLITS + ("train",):
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    target = Path(path)
    if target.is_dir():
        if (target / "train_spans.txt").is_file() and (target / "train.tsv").is_file():
            return _wire(path, target, limit, pipeline or Pipeline(), split)
        if not (target / "PETR.UnitTest.records.xml").is_file():
            raise ValueError(f"{path!r} is not a coding data set folder: expected PETR.UnitTest.records.xml, "
                             f"or ConfliBERT's train.tsv and train_spans.txt, in it")
        return _petrarch(path, target, limit, pipeline or Pipeline())
    if not target.is_file():
        raise ValueError(f"no such data set: {path!r}")
    if target.name.endswith(".jsonl"):
        first = next((line for line in target.read_text(encoding="utf-8").splitlines() if line.strip()), "")
        if '"split"' in first and '"text"' not in first:
            return _stories(path, target, limit, pipeline or Pipeline(), split, stories)
        return _gold(path, target, limit, pipeline or Pipeline())
    if target.name.endswith(".tsv"):
        return _satp(path, target, limit, pipeline or Pipeline())
    header = _header(target)
    if "example" in header and "code" in header:
        return _cameo(path, target, limit, pipeline or Pipeline(), split)
    if "text" in header and "label" in header:
        return _synthetic(path, target, limit, pipeline or Pipeline(), split)
    raise ValueError(
        f"{path!r} is not a known coding data set: expected a folder with PETR.UnitTest.records.xml or ConfliBERT's "
        f"wire sentences, a CAMEO codebook CSV (code, example), a CSV of labelled stories (text, label), "
        f"a SATP .tsv of incident reports, or a .jsonl gold file (sentences, or stories with --stories)")


# -- the summary -----------------------------------------------------------------------------------


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _type_table(per_type: dict) -> list[str]:
    lines = [f"  {'type':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'ours':>5}"]
    for label, f in per_type.items():
        lines.append(f"  {label:10} {_cell(f['precision']):>6} {_cell(f['recall']):>6} {_cell(f['f1']):>6} "
                     f"{f['gold']:>5} {f['ours']:>5}")
    return lines


def _reliability_lines(result: dict) -> list[str]:
    found = ", ".join(f"{k} {v}" for k, v in sorted(result.get("found_by", {}).items()))
    lines = [f"found by: {found or '-'}", "reliability (confidence bin: events, mean confidence, share right):"]
    lines += [f"  {r['bin']}: {r['events']:5} {r['mean_confidence']:.3f} {r['right']:.3f}" for r in result["reliability"]]
    return lines


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def describe(result: dict) -> str:
    """A compact summary: headline figures, the per-type table, a few misses."""
    dataset, f = result["dataset"], result["figures"]
    speed = (f"{result['stories_per_s']} stories/s" + (f", {result['words_per_s']} words/s" if result.get("words_per_s") else "")
             if "stories_per_s" in result else f"{result['sentences_per_s']} sentences/s")
    lines = []
    if dataset == "petrarch":
        aside = result["set_aside"]
        lines.append(f"coding on PETRARCH unit tests ({result['path']}): {result['records']} records, "
                     f"{result['codings']} gold codings; set aside {aside['error_tests']} error tests, "
                     f"{aside['unimplemented_tests']} unimplemented, {aside['nonstandard_code_records']} with non-CAMEO codes")
        lines.append(f"  {'view':16} {'P':>6} {'R':>6} {'F1':>6}")
        for view, figures in f.items():
            lines.append(f"  {view:16} {_cell(figures['precision']):>6} {_cell(figures['recall']):>6} {_cell(figures['f1']):>6}")
        lines.append("per category (records, dyad F1, type F1): " + "; ".join(
            f"{name} {v['records']} {_cell(v['dyad_f1'])} {_cell(v['plover_f1'])}" for name, v in result["per_category"].items()))
        lines.append(f"no-event records left empty: {result['no_event_left_empty']} of {result['no_event_records']}; "
                     f"misses: " + ", ".join(f"{k} {n}" for k, n in result["miss_kinds"].items()))
    elif dataset == "cameo":
        lines.append(f"coding on CAMEO codebook examples ({result['path']}): {result['examples']} examples "
                     f"({result['statements_left_out']} statements left out)")
        lines.append(f"CAMEO root accuracy {_cell(f['root_accuracy'])} (goal 0.80), code {_cell(f['code_accuracy'])}, "
                     f"PLOVER type {_cell(f['plover_accuracy'])}, coded nothing {_cell(f['coded_nothing'])}")
        lines.append("per root (accuracy/examples): " + " ".join(
            f"{root}:{_cell(v['root_accuracy'])}/{v['examples']}" for root, v in result["per_root"].items()))
    elif dataset == "synthetic":
        lines.append(f"coding on synthetic PLOVER stories ({result['path']}, {result['split']}): {result['stories']} stories")
        lines.append(f"PLOVER type accuracy {_cell(f['accuracy'])}, coded nothing {_cell(f['coded_nothing'])}, "
                     f"answer from the lead {_cell(f['from_lead'])}")
        lines.append("top confusions (gold -> ours): " + "; ".join(
            f"{c['gold']}->{c['ours']} {c['stories']}" for c in result["confusions"][:8]))
    elif dataset == "stories":
        lines.append(f"coding on gold stories ({result['path']}, {result['split']}): {result['stories']} stories, "
                     f"{result['gold_events']} gold events")
        for view, label in (("full", "same sentence, type, source and target country"),
                            ("source", "same sentence, type and source country"), ("type", "same sentence and type")):
            v = f[view]
            lines.append(f"  {label:48} P {_cell(v['precision'])} R {_cell(v['recall'])} F1 {_cell(v['f1'])}")
        persons = result["persons"]
        lines.append(f"person mentions resolved: country {_cell(persons['country'])}, country and sector "
                     f"{_cell(persons['country_and_sector'])} of {persons['mentions']}")
        where = result.get("locations") or {}
        if where.get("events"):
            lines.append(f"event locations (events of the right sentence and type whose gold place has coordinates): "
                         f"within 161 km {_cell(where['within_161km'])}, country {_cell(where['country'])} "
                         f"of {where['events']}")
        lines += _reliability_lines(result)
    elif dataset == "incidents":
        lines.append(f"coding on incident reports ({result['path']}): {result['reports']} reports, all ASSAULT in PLOVER")
        lines.append(f"PLOVER type accuracy {_cell(f['accuracy'])}, coded nothing {_cell(f['coded_nothing'])}; per mode: "
                     + ", ".join(f"{m} {_cell(v)}" for m, v in f["per_mode"].items()))
        lines.append("answers: " + ", ".join(f"{k} {v}" for k, v in result["answers"].items()))
    elif dataset == "wire":
        lines.append(f"coding on human-coded wire sentences ({result['path']}, {result['split']}): {result['sentences']} sentences")
        lines.append(f"quad class accuracy {_cell(f['quad_accuracy'])}; over the events of the right quad class: source span "
                     f"{_cell(f['source_span'])} of {f['span_events']['source']}, target span {_cell(f['target_span'])} "
                     f"of {f['span_events']['target']}")
        lines.append("per quad class: " + ", ".join(f"{q}: {_cell(v['accuracy'])} of {v['sentences']}" for q, v in result["per_quad"].items()))
        lines += _reliability_lines(result)
    else:
        lines.append(f"coding on gold sentences ({result['path']}): {result['sentences']} sentences, "
                     f"{result['gold_events']} gold events")
        for view in ("type", "triple"):
            v = f[view]
            lines.append(f"  {view:8} P {_cell(v['precision'])} R {_cell(v['recall'])} F1 {_cell(v['f1'])}")
        lines.append(f"over {f['paired_events']} events paired by type: source country {_cell(f['source_country_accuracy'])}, "
                     f"target country {_cell(f['target_country_accuracy'])}, source sector {_cell(f['source_sector_accuracy'])}, "
                     f"target sector {_cell(f['target_sector_accuracy'])}, CAMEO root {_cell(f['cameo_root_accuracy'])}")
        lines.append(f"negated gold events found negated: {_cell(f['negated_found'])} of {f['negated_gold_events']}")
        lines += _reliability_lines(result)
    lines.append("per PLOVER type:")
    lines.extend(_type_table(result["per_type"]))
    lines.append(f"speed: {speed} ({result['seconds']} s); failures: {result['failures']}")
    if result["worst"]:
        lines.append("worst misses (gold => ours):")
        for miss in result["worst"][:5]:
            gold = miss["gold"] if isinstance(miss["gold"], str) else "; ".join(miss["gold"])
            ours = miss["ours"] if isinstance(miss["ours"], str) else "; ".join(miss["ours"])
            lines.append(f"  {_short(miss['text'], 90)}\n    {_short(gold)} => {_short(ours)}")
    return "\n".join(lines)
