"""PETRARCH unit tests (a folder with `PETR.UnitTest.records.xml`, openeventdata/petrarch2).

Stylised test sentences with gold (source, target, CAMEO code) triples. Their actors are
fictional (Arnor, Gondor...), so the run codes them with the `PETR.Validate.actors.txt` and
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
dyad and country views measure actor recognition, what the suite tests best. PETRARCH's
null code "---" is no actor ("---GOV" is "GOV"). A gold actor written as quoted text is an
actor the suite expects no code for.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from newsevents.actors.userdicts import (
    actor_code,
    actors_on,
    country_of,
    dictionary_with,
    read_petrarch_actors,
    read_petrarch_agents,
)
from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    LabelTallies,
    Tally,
    describe_event,
    happened,
    plover_of,
    round_robin,
    rounded,
    speed,
    timed,
)
from newsevents.ontology import cameo_table
from newsevents.pipeline import Pipeline
from newsevents.records import Actor, Event


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
    records: list[PetrarchRecord] = []
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
                codings.append(
                    Coding(
                        values.get("sourcecode", "").strip(),
                        values.get("targetcode", "").strip(),
                        values["eventcode"].strip(),
                    )
                )
        records.append(
            PetrarchRecord(
                id=attrs.get("id", str(len(records) + 1)),
                date=_yyyymmdd(attrs.get("date", "")),
                category=attrs.get("category", ""),
                text=" ".join(html.unescape(text.group(1)).split()) if text else "",
                codings=tuple(codings),
                no_events=no_events or not codings,
                error=error,
                implemented=attrs.get("sentence", "true").lower() != "false",
            )
        )
    return records


def gold_views(codings: Iterable[Coding]) -> dict[str, set]:
    codings = list(codings)
    return {
        "triple": {(actor_code(c.source), actor_code(c.target), c.event) for c in codings},
        "root": {(actor_code(c.source), actor_code(c.target), c.event[:2]) for c in codings},
        "dyad": {(actor_code(c.source), actor_code(c.target)) for c in codings},
        "plover": {plover_of(c.event) for c in codings} - {None},
        "source_country": {country_of(c.source) for c in codings} - {None},
        "target_country": {country_of(c.target) for c in codings} - {None},
    }


def our_views(events: Iterable[Event]) -> dict[str, set]:
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


def score(path: str, folder: Path, limit: int | None, pipeline: Pipeline) -> dict:
    """Our codings of the runnable records against the suite's, in each view (see the module's docstring)."""
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
            events, failed, spent = timed(pipeline, [Item(r.id, r.text, r.date) for r in group])
            ours.update({r.id: e for r, e in zip(group, events)})
            failures, seconds = failures + failed, seconds + spent
    finally:
        pipeline.dictionary = original

    views = ("triple", "root", "dyad", "plover", "source_country", "target_country")
    tallies = {view: Tally() for view in views}
    per_category: dict[str, dict[str, Tally]] = {}
    per_type = LabelTallies()
    misses: list[tuple[bool, str, PetrarchRecord]] = []
    kinds: Counter[str] = Counter()
    no_event = [r for r in scored if r.no_events]
    for record in scored:
        gold, mine = gold_views(record.codings), our_views(ours[record.id])
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
            "error_tests": len(errors),
            "unimplemented_tests": len(unimplemented),
            "nonstandard_code_records": len(nonstandard),
            "nonstandard_codes": dict(Counter(c.event for r in nonstandard for c in r.codings if c.event not in table)),
        },
        "dictionary": {
            "actors": len(actors.entries),
            "agents": len(agents.entries),
            "skipped_lines": len(actors.skipped) + len(agents.skipped),
        },
        "figures": {view: tallies[view].figures() for view in views},
        "no_event_records": len(no_event),
        "no_event_left_empty": sum(not happened(ours[r.id]) for r in no_event),
        "negated_events": sum(e.negated for r in scored for e in ours[r.id]),
        "miss_kinds": dict(kinds.most_common()),
        "per_type": per_type.table(),
        "per_category": {
            name: {
                "records": sum(r.category == name for r in scored),
                "dyad_f1": rounded(t["dyad"].f1),
                "plover_f1": rounded(t["plover"].f1),
            }
            for name, t in sorted(per_category.items())
        },
        "failures": failures,
        **speed(len(scored), seconds),
        "worst": [
            {
                "id": r.id,
                "category": r.category,
                "miss": kind,
                "text": r.text,
                "gold": [f"{c.source} -> {c.target} {c.event} {plover_of(c.event)}" for c in r.codings] or [NO_EVENT],
                "ours": [describe_event(e) for e in ours[r.id]] or [NO_EVENT],
            }
            for _, kind, r in round_robin(misses, key=lambda m: m[1])[:WORST]
        ],
    }
