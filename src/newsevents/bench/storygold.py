"""Our gold coding of whole news stories (`samples/voa-gold.jsonl`, docs/gold-guidelines.md).

The gold names each story by its id and each mention by character offsets into the story's
text, which stays in `../shared/data/news/voa/voa_stories.jsonl`. This module reads both and
checks that every offset, code and type in the gold is one the guidelines allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsevents.countries import countries
from newsevents.jsonl import records
from newsevents.ontology import PLOVER_TYPES, SECTORS, CameoCode, cameo_table

__all__ = ["SECTORS", "GoldActor", "GoldStory", "StoryEvent", "check_story_gold", "read_stories", "read_story_gold"]

NON_STATE = ("IGO", "NGO", "MNC")
_CODE = re.compile(r"[A-Z]{3}[A-Z0-9]*")
FLAGS = ("negated", "hypothetical", "historical")


@dataclass(frozen=True)
class GoldActor:
    span: tuple[int, int] | None
    code: str | None
    country: str | None
    sector: str | None
    person: bool = False


@dataclass(frozen=True)
class StoryEvent:
    sentence: tuple[int, int]
    source: GoldActor | None
    target: GoldActor | None
    plover: str
    cameo: str
    negated: bool
    hypothetical: bool
    historical: bool
    date: date | None
    date_precision: str | None
    place: tuple[tuple[int, int] | None, str | None] | None  # (span, country)


@dataclass(frozen=True)
class GoldStory:
    id: str
    split: str
    title: str
    text: str
    published: date | None
    url: str | None
    events: tuple[StoryEvent, ...]


def read_stories(path: str | Path) -> dict[str, dict]:
    """The stories of a JSONL file, by id."""
    return {str(row["id"]): row for _, _, row in records(path)}


def _valid_countries() -> set[str]:
    return set(countries()) | set(NON_STATE)


def _check_actor(actor, text: str, where: str, valid: set[str]) -> list[str]:
    if actor is None:
        return []
    problems = []
    span = actor.get("span")
    if span is not None and not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1] <= len(text)):
        problems.append(f"{where}: actor span {span!r} is not inside the story")
    country, sector, code = actor.get("country"), actor.get("sector"), actor.get("code")
    if country is not None and country not in valid:
        problems.append(f"{where}: unknown actor country {country!r}")
    if sector is not None and sector not in SECTORS:
        problems.append(f"{where}: unknown sector {sector!r} (one of {', '.join(SECTORS)})")
    if code is not None and (not _CODE.fullmatch(code) or (country and not code.startswith(country))):
        problems.append(f"{where}: actor code {code!r} does not start with its country {country!r}")
    return problems


def check_story_gold(gold: list[dict], stories: dict[str, dict]) -> list[str]:
    """Every problem of a gold file, each naming its story and event."""
    table, valid = cameo_table(), _valid_countries()
    problems = []
    for row in gold:
        story = stories.get(str(row.get("id")))
        if story is None:
            problems.append(f"story {row.get('id')!r}: not among the stories")
            continue
        if row.get("split") not in ("train", "heldout"):
            problems.append(f"story {row['id']}: split must be train or heldout, not {row.get('split')!r}")
        for number, event in enumerate(row.get("events", []), 1):
            where = f"story {row['id']} event {number}"
            problems += _check_coding(event, story["text"], where, table)
            problems += _check_sides(event, story["text"], where, valid)
            problems += _check_details(event, where, valid)
    return problems


def _check_coding(event: dict, text: str, where: str, table: dict[str, CameoCode]) -> list[str]:
    """The event's sentence is in the story, its type is PLOVER's, its CAMEO code exists and is of that type."""
    problems = []
    start, end = event["sentence"]
    if not 0 <= start < end <= len(text):
        problems.append(f"{where}: sentence span {event['sentence']} is not inside the story")
    if event["plover"] not in PLOVER_TYPES:
        problems.append(f"{where}: {event['plover']!r} is not a PLOVER type")
    entry = table.get(event["cameo"])
    if entry is None:
        problems.append(f"{where}: {event['cameo']!r} is not a CAMEO code")
    elif entry.plover_type != event["plover"]:
        problems.append(
            f"{where}: CAMEO {event['cameo']} ({entry.name}) is {entry.plover_type}, "
            f"not {event['plover']}: choose the code that fits the type"
        )
    return problems


def _check_sides(event: dict, text: str, where: str, valid: set[str]) -> list[str]:
    """Each actor is valid and mentioned inside the event's sentence; there is at least one."""
    problems = []
    start, end = event["sentence"]
    for side in ("source", "target"):
        problems += _check_actor(event.get(side), text, f"{where} {side}", valid)
        span = (event.get(side) or {}).get("span")
        if span and not (start <= span[0] and span[1] <= end):
            problems.append(f"{where} {side}: the mention is outside its sentence")
    if event.get("source") is None and event.get("target") is None:
        problems.append(f"{where}: an event needs a source or a target")
    return problems


def _check_details(event: dict, where: str, valid: set[str]) -> list[str]:
    """The event's date and its precision, its place's country and its flags."""
    problems = []
    try:
        if event.get("date"):
            date.fromisoformat(event["date"])
    except ValueError:
        problems.append(f"{where}: date {event['date']!r} is not YYYY-MM-DD")
    if event.get("date_precision") not in (None, "day", "month", "year"):
        problems.append(f"{where}: date_precision must be day, month or year")
    place = event.get("place")
    if place is not None and place.get("country") is not None and place["country"] not in valid:
        problems.append(f"{where}: unknown place country {place['country']!r}")
    if any(not isinstance(event.get(flag, False), bool) for flag in FLAGS):
        problems.append(f"{where}: {', '.join(FLAGS)} are true or false")
    return problems


def _actor(value) -> GoldActor | None:
    if value is None:
        return None
    span = tuple(value["span"]) if value.get("span") else None
    return GoldActor(span, value.get("code"), value.get("country"), value.get("sector"), bool(value.get("person")))


def read_story_gold(gold_path: str | Path, stories_path: str | Path, split: str = "heldout") -> list[GoldStory]:
    """The gold stories of `split` ("train", "heldout" or "all") with their texts; a gold file
    with problems is an error that lists them."""
    if split not in ("train", "heldout", "all"):
        raise ValueError(f"no such split: {split!r} (use train, heldout, all)")
    stories = read_stories(stories_path)
    rows = [row for _, _, row in records(gold_path)]
    problems = check_story_gold(rows, stories)
    if problems:
        raise ValueError(f"{gold_path}: " + "; ".join(problems[:10]))
    out = []
    for row in rows:
        if split != "all" and row["split"] != split:
            continue
        story = stories[row["id"]]
        published = story.get("published") or ""
        events = tuple(
            StoryEvent(
                sentence=tuple(e["sentence"]),
                source=_actor(e.get("source")),
                target=_actor(e.get("target")),
                plover=e["plover"],
                cameo=e["cameo"],
                negated=e.get("negated", False),
                hypothetical=e.get("hypothetical", False),
                historical=e.get("historical", False),
                date=date.fromisoformat(e["date"]) if e.get("date") else None,
                date_precision=e.get("date_precision"),
                place=(tuple(e["place"]["span"]) if e["place"].get("span") else None, e["place"].get("country"))
                if e.get("place")
                else None,
            )
            for e in row["events"]
        )
        out.append(
            GoldStory(
                row["id"],
                row["split"],
                story.get("title", ""),
                story["text"],
                date.fromisoformat(published[:10]) if published[:10] else None,
                story.get("url"),
                events,
            )
        )
    return out
