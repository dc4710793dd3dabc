"""Our gold stories (a `.jsonl` file of story gold, samples/voa-gold.jsonl, with the stories
it codes named by --stories; read by `newsevents.bench.storygold`).

Gold events are matched one to one with ours of the same sentence and PLOVER type, in three
views: type alone, and the source country, and the source and target countries. Beside
them: how well the actor coder resolves the named persons of the gold, and where the events
of the right sentence and type are placed against the gold places (voa-places.jsonl).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from newsevents.actors.phrase import PRONOUNS
from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    LabelTallies,
    Tally,
    describe_event,
    found_by,
    gold_country,
    happened,
    match_story_events,
    reliability,
    speed,
    timed,
)
from newsevents.distance import km
from newsevents.jsonl import records
from newsevents.pipeline import Pipeline

LOCATED_KM = 161.0  # an event placed this close to its gold place is located right


def gold_points(path: Path | None) -> dict[str, list[tuple[int, int, float, float]]]:
    """The coordinates of the gold place names of each story (samples/voa-places.jsonl):
    story id -> (start, end, lat, lon)."""
    points: dict[str, list[tuple[int, int, float, float]]] = {}
    if path is None or not path.is_file():
        return points
    for _, _, record in records(path):
        points[str(record["id"])] = [
            (p["span"][0], p["span"][1], p["lat"], p["lon"])
            for p in record["places"]
            if p.get("lat") is not None and p.get("lon") is not None
        ]
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
    return {
        "events": total,
        "within_161km": round(near / total, 3) if total else None,
        "country": round(country / total, 3) if total else None,
    }


def score(
    path: str,
    file: Path,
    limit: int | None,
    pipeline: Pipeline,
    split: str,
    stories: str | None,
    places: str | None = None,
) -> dict:
    """Our events of each gold story against its gold events, persons and places (see the module's docstring)."""
    from newsevents.bench.storygold import read_story_gold

    if stories is None or not Path(stories).is_file():
        raise ValueError(
            f"{path!r} is story gold: name the stories it codes with --stories (e.g. "
            f"../shared/data/news/voa/voa_stories.jsonl); {stories!r} is not a file"
        )
    split = "heldout" if split == "dev" else split
    gold = read_story_gold(file, stories, split="train" if split == "train" else split)[:limit]
    events, failures, seconds = timed(pipeline, [Item(s.id, s.text, s.published) for s in gold])
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
        "benchmark": "coding",
        "dataset": "stories",
        "path": path,
        "split": split,
        "stories": len(gold),
        "gold_events": sum(not g.negated for s in gold for g in s.events),
        "figures": {view: tally.figures() for view, tally in views.items()},
        "persons": person_resolution(pipeline, gold),
        "locations": event_locations(located, points),
        "reliability": reliability(calibration),
        "found_by": found_by(e for found in events for e in happened(found)),
        "per_type": per_type.table(),
        "failures": failures,
        **speed(len(gold), seconds, "stories"),
        "worst": [
            {
                "id": s.id,
                "miss": "missed",
                "text": text[s.id][g.sentence[0] : g.sentence[1]],
                "gold": f"{gold_country(g.source) or '-'} -> {gold_country(g.target) or '-'} {g.plover} {g.cameo}",
                "ours": NO_EVENT,
            }
            for s, g in misses[:WORST]
        ]
        + [
            {"id": s.id, "miss": "extra", "text": e.evidence, "gold": NO_EVENT, "ours": describe_event(e)}
            for s, e in extra[:WORST]
        ],
    }


def person_resolution(pipeline: Pipeline, stories) -> dict:
    """Of the gold actors that are named persons (mentions that name them, not pronouns), the
    share whose country (and sector) the actor coder gives from the story alone: each story
    parsed whole, its people met in order, then each person mention resolved where it stands."""
    from newsevents.actors import ArticleActors
    from newsevents.nlp import analyse

    right_country, right_sector, total = 0, 0, 0
    for story, analysed in zip(stories, analyse([s.text for s in stories], nlp=pipeline.nlp)):
        actors = ArticleActors(pipeline.dictionary_for(story.published), day=story.published)
        sentences = list(analysed.sentences())
        actors.register_people(sentences)
        for event in story.events:
            for actor in (event.source, event.target):
                if (
                    actor is None
                    or not actor.person
                    or actor.span is None
                    or actor.country is None
                    or not _named(story.text[actor.span[0] : actor.span[1]])
                ):
                    continue
                total += 1
                found = _actor_at(actors, sentences, actor.span)
                right_country += found is not None and found.country == actor.country
                right_sector += found is not None and found.country == actor.country and found.sector == actor.sector
    return {
        "mentions": total,
        "country": round(right_country / total, 3) if total else None,
        "country_and_sector": round(right_sector / total, 3) if total else None,
    }


def _named(mention: str) -> bool:
    """Whether a mention names someone ("Kerry", "Secretary Kerry"), not only points at them
    ("he", "the president")."""
    words = (w.strip("\"'“”‘’()[],.") for w in mention.split())
    return any(w[:1].isupper() and w.lower() not in UNNAMING for w in words)


# Capitalised words that name no one: pronouns and articles at the head of a sentence.
UNNAMING = PRONOUNS | {
    "his",
    "its",
    "their",
    "our",
    "my",
    "your",
    "you",
    "me",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
}


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
