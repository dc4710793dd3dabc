"""JSON shapes of the public contract (`newsevents extract`, `code`, `geoparse`, `events`)."""

from __future__ import annotations

from datetime import date

from newsevents.records import Actor, Article, Event, Failure, Place, StoredEvent


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def article_dict(article: Article) -> dict:
    return {
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "published": _iso(article.published),
        "published_from": article.published_from,
        "published_precision": article.published_precision,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "dateline": {
            "place": article.dateline.place,
            "date": _iso(article.dateline.date),
            "text": article.dateline.text,
        }
        if article.dateline
        else None,
        "agency": article.agency,
        "authors": list(article.authors),
        "language": article.language,
        "page_tags": list(article.page_tags),
        "url": article.url,
        "id": article.id,
        "error": None,
    }


def failure_dict(failure: Failure) -> dict:
    return {
        "source": failure.source,
        "title": None,
        "text": None,
        "published": None,
        "published_from": None,
        "dateline": None,
        "agency": None,
        "authors": [],
        "language": None,
        "page_tags": [],
        "error": failure.reason,
    }


def actor_dict(actor: Actor | None) -> dict | None:
    if actor is None:
        return None
    return {
        "text": actor.text,
        "code": actor.code,
        "country": actor.country,
        "sector": actor.sector,
        "name": actor.name,
        "start": actor.start if actor.start >= 0 else None,
        "end": actor.end if actor.end >= 0 else None,
    }


def place_dict(place: Place) -> dict:
    return {
        "text": place.text,
        "start": place.start,
        "end": place.end,
        "geonameid": place.geonameid,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "feature": place.feature,
        "role": place.role,
    }


def location_dict(place: Place | None) -> dict | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "precision": place.feature,
        "text": place.text,
        "start": place.start if place.start >= 0 else None,
        "end": place.end if place.end >= 0 else None,
    }


def event_dict(event: Event) -> dict:
    return {
        "doc_id": event.doc_id,
        "sentence_index": event.sentence_index,
        "evidence": event.evidence,
        "evidence_span": list(event.evidence_span),
        "date": _iso(event.date),
        "date_precision": event.date_precision,
        "source": actor_dict(event.source),
        "target": actor_dict(event.target),
        "plover": {"type": event.plover_type, "mode": event.plover_mode, "context": list(event.plover_context)},
        "cameo": {"code": event.cameo_code, "label": event.cameo_label},
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "location": location_dict(event.location),
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "historical": event.historical,
        "future": event.future,
        "compound": event.compound,
        "confidence": event.confidence,
        "found_by": event.found_by,
        "trigger": {
            "text": event.trigger.text,
            "start": event.trigger.start,
            "end": event.trigger.end,
            "rule": event.trigger.rule,
        },
        "speaker": actor_dict(event.speaker),
    }


def stored_event_dict(stored: StoredEvent) -> dict:
    row = event_dict(stored.event)
    row.update(
        {
            "event_id": stored.event_id,
            "num_mentions": stored.num_mentions,
            "num_sources": stored.num_sources,
            "num_articles": stored.num_articles,
            "article_ids": list(stored.article_ids),
        }
    )
    return row
