"""Rows read back as records: a stored event, from its columns (named, never counted), its
actors, its place and the first report of it, whose sentence is its evidence."""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from newsevents.ontology import cameo as cameo_entry
from newsevents.records import Actor, Event, Place, StoredEvent, Trigger

_ACTOR = ("code", "country", "sector", "name", "kind")
# An event's columns with those of its first report (`v`, in article `a`), its source (`sa`), target
# (`ta`), place (`p`) and the speaker of the report (`sp`), by the names event_from_row reads.
EVENT_COLUMNS = {
    "event_id": "e.id",
    "date": "e.date",
    "date_precision": "e.date_precision",
    "cameo_code": "e.cameo_code",
    "plover_type": "e.plover_type",
    "plover_mode": "e.plover_mode",
    "plover_context": "e.plover_context",
    "goldstein": "e.goldstein",
    "quad_class": "e.quad_class",
    "negated": "e.negated",
    "hypothetical": "e.hypothetical",
    "historical": "e.historical",
    "confidence": "e.confidence",
    "future": "e.future",
    "compound": "e.compound",
    "found_by": "e.found_by",
    "article_id": "v.article_id",
    "sentence_index": "v.sentence_index",
    "start": "v.start",
    "end": 'v."end"',
    "trigger_start": "v.trigger_start",
    "trigger_end": "v.trigger_end",
    "rule": "v.rule",
    "source_start": "v.source_start",
    "source_end": "v.source_end",
    "target_start": "v.target_start",
    "target_end": "v.target_end",
    "location_start": "v.location_start",
    "location_end": "v.location_end",
    "text": "a.text",
    **{f"source_{c}": f"sa.{c}" for c in _ACTOR},
    **{f"target_{c}": f"ta.{c}" for c in _ACTOR},
    **{f"speaker_{c}": f"sp.{c}" for c in _ACTOR},
    **{f"place_{c}": f"p.{c}" for c in ("geonameid", "name", "country", "lat", "lon", "feature")},
}
# The events of the reports `v` whose ids are given (`{ids}`: their placeholders).
SELECT_EVENTS = f"""SELECT {", ".join(EVENT_COLUMNS.values())}
    FROM evidence v
    JOIN events e ON e.id = v.event_id
    JOIN articles a ON a.id = v.article_id
    LEFT JOIN actors sa ON sa.id = e.source_actor_id
    LEFT JOIN actors ta ON ta.id = e.target_actor_id
    LEFT JOIN places p ON p.geonameid = e.geonameid
    LEFT JOIN actors sp ON sp.id = v.speaker_actor_id
    WHERE v.id IN ({{ids}})"""


class Report(NamedTuple):
    """A report of an event, as a stored event counts its mentions, sources and articles."""

    article_id: str
    agency: str | None
    url: str | None
    source: str


# The reports of the events whose ids are given (`{ids}`), each with the id of its evidence row.
SELECT_REPORTS = """SELECT v.event_id, v.id, v.article_id, a.agency, a.url, a.source FROM evidence v
    JOIN articles a ON a.id = v.article_id WHERE v.event_id IN ({ids}) ORDER BY v.id"""


def marks(values) -> str:
    """Placeholders for a list of values: "?,?,?"."""
    return ",".join("?" * len(values))


def stored_event(row: tuple, reports: list[Report]) -> StoredEvent:
    """A row of SELECT_EVENTS, with every report of its event, as a StoredEvent."""
    event = event_from_row(dict(zip(EVENT_COLUMNS, row)))
    outlets = {r.agency or (urlsplit(r.url).netloc if r.url else None) or r.source for r in reports}
    return StoredEvent(
        event_id=row[0],
        event=event,
        num_mentions=len(reports),
        num_sources=len(outlets),
        num_articles=len({r.article_id for r in reports}),
        article_ids=tuple(dict.fromkeys(r.article_id for r in reports)),
        urls=tuple(dict.fromkeys(r.url for r in reports if r.url)),
    )


def _actor(r: dict, role: str) -> Actor | None:
    """The event's source, target or speaker (`role`) from its columns and the report's text."""
    code, text = r[f"{role}_code"], r["text"]
    # A speaker's words are not kept; an actor without words has no end either (-1).
    start: int | None = None if role == "speaker" else r[f"{role}_start"]
    end: int = -1 if start is None else r[f"{role}_end"]
    if code is None:
        # An actor the coder could not code ("unidentified persons"): its words are all we keep.
        return Actor(text=text[start:end], start=start, end=end, code=None, country=None) if start is not None else None
    known = {c: r[f"{role}_{c}"] for c in _ACTOR}
    if start is None:
        return Actor(text=known["name"], start=-1, end=-1, **known)
    return Actor(text=text[start:end], start=start, end=end, **known)


def event_from_row(r: dict) -> Event:
    """An event from its columns (EVENT_COLUMNS, by name)."""
    text, start, end = r["text"], r["start"], r["end"]
    tstart, tend, lstart, lend = r["trigger_start"], r["trigger_end"], r["location_start"], r["location_end"]
    location = None
    if r["place_geonameid"] is not None:
        location = Place(
            text=text[lstart:lend] if lstart is not None else r["place_name"],
            start=lstart if lstart is not None else -1,
            end=lend if lend is not None else -1,
            geonameid=r["place_geonameid"],
            name=r["place_name"],
            country=r["place_country"],
            lat=r["place_lat"],
            lon=r["place_lon"],
            feature=r["place_feature"],
        )
    return Event(
        doc_id=r["article_id"],
        sentence_index=r["sentence_index"],
        evidence=text[start:end],
        evidence_span=(start, end),
        trigger=Trigger(text[tstart:tend], tstart, tend, r["rule"]),
        cameo_code=r["cameo_code"],
        cameo_label=cameo_entry(r["cameo_code"]).name,
        plover_type=r["plover_type"],
        plover_mode=r["plover_mode"],
        plover_context=tuple(json.loads(r["plover_context"])),
        goldstein=r["goldstein"],
        quad_class=r["quad_class"],
        source=_actor(r, "source"),
        target=_actor(r, "target"),
        date=date.fromisoformat(r["date"]) if r["date"] else None,
        date_precision=r["date_precision"],
        location=location,
        speaker=_actor(r, "speaker"),
        negated=bool(r["negated"]),
        hypothetical=bool(r["hypothetical"]),
        historical=bool(r["historical"]),
        confidence=r["confidence"],
        future=bool(r["future"]),
        compound=bool(r["compound"]),
        found_by=r["found_by"],
    )
