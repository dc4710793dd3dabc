"""Dated events as an iCalendar file (RFC 5545): one all-day VEVENT per event, written event by
event, with the evidence sentence, the codes and the place. Undated events are left out."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import IO, Iterable

from newsevents import __version__
from newsevents.records import Actor, StoredEvent

# What the source does, in the third person present: (with a target, without one).
VERBS = {
    "AGREE": ("agrees with", "agrees"),
    "CONSULT": ("consults", "holds consultations"),
    "SUPPORT": ("supports", "expresses support"),
    "CONCEDE": ("concedes to", "concedes"),
    "COOPERATE": ("cooperates with", "cooperates"),
    "AID": ("aids", "gives aid"),
    "RETREAT": ("retreats from", "retreats"),
    "REQUEST": ("asks", "makes a request"),
    "ACCUSE": ("accuses", "makes accusations"),
    "REJECT": ("rejects", "refuses"),
    "THREATEN": ("threatens", "issues a threat"),
    "PROTEST": ("protests against", "protests"),
    "SANCTION": ("sanctions", "imposes sanctions"),
    "MOBILIZE": ("mobilizes against", "mobilizes"),
    "COERCE": ("coerces", "uses coercion"),
    "ASSAULT": ("attacks", "attacks"),
}

LINE_OCTETS = 75  # RFC 5545 3.1: content lines are folded at 75 octets


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped,
    other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(c for c in text if c == "\t" or c >= " " and c != "\x7f")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, never inside a UTF-8 character,
    each ended by CRLF; continuation lines start with a space."""
    data = line.encode("utf-8")
    pieces, start, limit = [], 0, LINE_OCTETS
    while True:
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        if end == len(data):
            return "\r\n ".join(pieces) + "\r\n"
        start, limit = end, LINE_OCTETS - 1


def _name(actor: Actor) -> str:
    return actor.name or actor.text or actor.code or ""


def summary(stored: StoredEvent) -> str:
    """ "United States threatens Russia": the source, what it does, and to whom."""
    e = stored.event
    with_target, alone = VERBS[e.plover_type]
    who = _name(e.source) if e.source else "Unidentified actor"
    text = f"{who} {with_target} {_name(e.target)}" if e.target else f"{who} {alone}"
    flags = [flag for flag, on in (("negated", e.negated), ("hypothetical", e.hypothetical)) if on]
    return text + "".join(f" [{flag}]" for flag in flags)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def description(stored: StoredEvent) -> str:
    e = stored.event
    lines = [
        e.evidence,
        "",
        f"CAMEO {e.cameo_code}: {e.cameo_label}",
        f"PLOVER: {e.plover_type}",
        f"Goldstein: {e.goldstein}",
        f"Reports: {_plural(stored.num_mentions, 'mention')} in {_plural(stored.num_sources, 'source')}, "
        f"{_plural(stored.num_articles, 'article')}",
    ]
    if e.date_precision and e.date_precision != "day":
        lines.append(f"Date known to the {e.date_precision}")
    if stored.urls:
        lines += ["", "Sources:", *stored.urls]
    return "\n".join(lines)


def vevent(stored: StoredEvent, stamp: datetime) -> str | None:
    """The event as a folded VEVENT; None when it has no date."""
    e, place = stored.event, stored.event.location
    if e.date is None:
        return None
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{stored.event_id}@newsevents",
        f"DTSTAMP:{stamp.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
        f"SUMMARY:{escape(summary(stored))}",
        f"DESCRIPTION:{escape(description(stored))}",
    ]
    if place is not None and (place.name or place.text):
        lines.append(f"LOCATION:{escape(place.name or place.text)}")
    if place is not None and place.lat is not None and place.lon is not None:
        lines.append(f"GEO:{place.lat};{place.lon}")
    lines += [f"CATEGORIES:{escape(e.plover_type)}", "END:VEVENT"]
    return "".join(fold(line) for line in lines)


def write_ics(events: Iterable[StoredEvent], out: IO[str], *, stamp: datetime | None = None) -> int:
    """Write a calendar of the dated events; returns how many VEVENTs were written.

    `out` should not translate line endings: iCalendar lines end with CRLF."""
    stamp = stamp or datetime.now(timezone.utc)
    out.write(
        "".join(
            fold(line)
            for line in (
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                f"PRODID:-//newsevents//newsevents {__version__}//EN",
                "CALSCALE:GREGORIAN",
            )
        )
    )
    count = 0
    for stored in events:
        block = vevent(stored, stamp)
        if block is None:
            continue
        out.write(block)
        count += 1
    out.write(fold("END:VCALENDAR"))
    return count
