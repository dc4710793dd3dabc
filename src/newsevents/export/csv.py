"""Events as flat CSV rows, one per event."""

from __future__ import annotations

import csv
from typing import IO, Iterable

from newsevents.records import StoredEvent

CSV_COLUMNS = (
    "event_id", "date", "date_precision", "source_code", "source_country", "source_sector", "source_text",
    "plover_type", "plover_mode", "cameo_code", "cameo_label", "goldstein", "quad_class",
    "target_code", "target_country", "target_sector", "target_text",
    "location_name", "location_country", "lat", "lon", "geonameid",
    "negated", "hypothetical", "historical", "future", "compound", "confidence", "found_by",
    "num_mentions", "num_sources", "num_articles", "article_ids", "evidence",
)


def csv_row(stored: StoredEvent) -> dict:
    e = stored.event
    src, tgt, loc = e.source, e.target, e.location
    return {
        "event_id": stored.event_id, "date": e.date.isoformat() if e.date else "", "date_precision": e.date_precision or "",
        "source_code": src.code if src else "", "source_country": (src.country or "") if src else "",
        "source_sector": (src.sector or "") if src else "", "source_text": src.text if src else "",
        "plover_type": e.plover_type, "plover_mode": e.plover_mode or "", "cameo_code": e.cameo_code,
        "cameo_label": e.cameo_label, "goldstein": e.goldstein, "quad_class": e.quad_class,
        "target_code": tgt.code if tgt else "", "target_country": (tgt.country or "") if tgt else "",
        "target_sector": (tgt.sector or "") if tgt else "", "target_text": tgt.text if tgt else "",
        "location_name": loc.name if loc else "", "location_country": (loc.country or "") if loc else "",
        "lat": loc.lat if loc else "", "lon": loc.lon if loc else "", "geonameid": loc.geonameid if loc else "",
        "negated": int(e.negated), "hypothetical": int(e.hypothetical), "historical": int(e.historical),
        "future": int(e.future), "compound": int(e.compound),
        "confidence": e.confidence, "found_by": e.found_by, "num_mentions": stored.num_mentions, "num_sources": stored.num_sources,
        "num_articles": stored.num_articles, "article_ids": " ".join(stored.article_ids), "evidence": e.evidence,
    }


def write_csv(events: Iterable[StoredEvent], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for stored in events:
        writer.writerow(csv_row(stored))
        count += 1
    return count
