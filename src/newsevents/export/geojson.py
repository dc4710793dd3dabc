"""Events with a place as a GeoJSON FeatureCollection (RFC 7946), one Point feature per event,
written feature by feature. Events without coordinates have no place on a map and are left out."""

from __future__ import annotations

import json
from typing import IO, Iterable

from newsevents.records import Actor, StoredEvent


def _name(actor: Actor | None) -> str | None:
    return (actor.name or actor.text) if actor else None


def geojson_feature(stored: StoredEvent) -> dict | None:
    """The event as a Point feature at its place; None when it has no coordinates."""
    e, place = stored.event, stored.event.location
    if place is None or place.lat is None or place.lon is None:
        return None
    return {
        "type": "Feature",
        "id": stored.event_id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "event_id": stored.event_id,
            "date": e.date.isoformat() if e.date else None,
            "date_precision": e.date_precision,
            "source_code": e.source.code if e.source else None,
            "source_name": _name(e.source),
            "target_code": e.target.code if e.target else None,
            "target_name": _name(e.target),
            "plover_type": e.plover_type,
            "cameo_code": e.cameo_code,
            "cameo_label": e.cameo_label,
            "goldstein": e.goldstein,
            "quad_class": e.quad_class,
            "num_mentions": stored.num_mentions,
            "num_sources": stored.num_sources,
            "negated": e.negated,
            "hypothetical": e.hypothetical,
            "evidence": e.evidence,
            "location_name": place.name,
            "location_country": place.country,
            "geonameid": place.geonameid,
        },
    }


def write_geojson(events: Iterable[StoredEvent], out: IO[str]) -> int:
    """Write the events that have coordinates; returns how many were written."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for stored in events:
        feature = geojson_feature(stored)
        if feature is None:
            continue
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
