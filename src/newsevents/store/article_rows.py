"""The rows of an article and its events as the store writes them, each value checked before
anything is written."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import NamedTuple

from newsevents.records import Actor, Article, CodedArticle, Event
from newsevents.store.errors import check_text
from newsevents.store.tags import article_tags


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _actor_key(actor: Actor | None) -> tuple[str, str] | None:
    """An actor as the store keys it: its code and name (None: no actor with a code)."""
    if actor is None or not actor.code:
        return None
    return actor.code, actor.name or actor.text


_ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "title",
    "text",
    "published",
    "published_from",
    "published_precision",
    "published_at",
    "fetched_at",
    "dateline_text",
    "dateline_place",
    "dateline_date",
    "agency",
    "authors",
    "language",
    "coded",
    "ingested_at",
    "minhash",
    "duplicate_of",
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({','.join('?' * len(_ARTICLE_COLUMNS))})"
    " ON CONFLICT DO NOTHING"
)
_EVENT_COLUMNS = (
    "id",
    "source_actor_id",
    "target_actor_id",
    "reports",
    "confidence",
    "date",
    "date_precision",
    "cameo_code",
    "plover_type",
    "plover_mode",
    "plover_context",
    "goldstein",
    "quad_class",
    "geonameid",
    "negated",
    "hypothetical",
    "historical",
    "future",
    "compound",
    "found_by",
)
_EVIDENCE_COLUMNS = (
    "id",
    "event_id",
    "speaker_actor_id",
    "article_id",
    "sentence_index",
    "start",
    '"end"',
    "trigger_start",
    "trigger_end",
    "rule",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "location_start",
    "location_end",
)


def _article_row(
    article: Article, coded: bool, fingerprint: bytes | None, now: str, duplicate_of: str | None = None
) -> tuple:
    """An article's values for _INSERT_ARTICLE."""
    dateline = article.dateline
    return (
        article.id,
        article.source,
        article.url,
        article.title,
        article.text,
        _iso(article.published),
        article.published_from,
        article.published_precision,
        _iso(article.published_at),
        _iso(article.fetched),
        dateline.text if dateline else None,
        dateline.place if dateline else None,
        _iso(dateline.date) if dateline else None,
        article.agency,
        json.dumps(list(article.authors)),
        article.language,
        int(coded),
        now,
        fingerprint,
        duplicate_of,
    )


class _ArticleRows(NamedTuple):
    """An article's rows as add_many writes them, checked; ids are added once they are known."""

    coded: CodedArticle
    article: tuple
    tags: list[tuple]
    toponyms: list[tuple]
    places: dict[int, tuple]  # by GeoNames id
    actors: dict[tuple[str, str], tuple]  # by _actor_key
    events: list[_EventRows]


class _EventRows(NamedTuple):
    """An event of an article as add_many writes it."""

    event: Event
    # The keys of its source, target and speaker (None: no actor with a code).
    source: tuple[str, str] | None
    target: tuple[str, str] | None
    speaker: tuple[str, str] | None
    days: tuple[str, str, str] | None  # the day before, its own day and the day after (None: undated)
    event_columns: tuple  # its values of _EVENT_COLUMNS that are not ids
    evidence_columns: tuple  # its report's values of _EVIDENCE_COLUMNS that are not ids


def _article_rows(coded: CodedArticle, fingerprint: bytes | None, now: str) -> _ArticleRows:
    """The rows of an article and its events; StoreError if the store refuses a value of them."""
    article = coded.article
    # The last of an article's copies of a place or actor is the one it stores, as it always was.
    places = {
        p.geonameid: (p.geonameid, p.name, p.country, p.lat, p.lon, p.feature)
        for p in (*(e.location for e in coded.events), *coded.places)
        if p is not None and p.geonameid is not None
    }
    actors = {
        key: (a.code, a.country, a.sector, key[1], a.kind)
        for e in coded.events
        for a in (e.source, e.target, e.speaker)
        if a is not None and (key := _actor_key(a)) is not None
    }
    events = []
    day = timedelta(days=1)
    for e in coded.events:
        source, target, speaker = (_actor_key(a) for a in (e.source, e.target, e.speaker))
        loc = e.location if e.location is not None and e.location.start >= 0 else None
        days = None if e.date is None else ((e.date - day).isoformat(), e.date.isoformat(), (e.date + day).isoformat())
        events.append(
            _EventRows(
                e,
                source,
                target,
                speaker,
                days,
                (
                    _iso(e.date),
                    e.date_precision,
                    e.cameo_code,
                    e.plover_type,
                    e.plover_mode,
                    json.dumps(list(e.plover_context)),
                    e.goldstein,
                    e.quad_class,
                    e.location.geonameid if e.location else None,
                    int(e.negated),
                    int(e.hypothetical),
                    int(e.historical),
                    int(e.future),
                    int(e.compound),
                    e.found_by,
                ),
                (
                    article.id,
                    e.sentence_index,
                    e.evidence_span[0],
                    e.evidence_span[1],
                    e.trigger.start,
                    e.trigger.end,
                    e.trigger.rule,
                    e.source.start if e.source else None,
                    e.source.end if e.source else None,
                    e.target.start if e.target else None,
                    e.target.end if e.target else None,
                    loc.start if loc else None,
                    loc.end if loc else None,
                ),
            )
        )
    rows = _ArticleRows(
        coded,
        _article_row(article, coded.coded, fingerprint, now),
        [(article.id, tag, kind) for tag, kind in article_tags(coded)],
        list({p.start: (article.id, p.start, p.end, p.text, p.geonameid) for p in reversed(coded.places)}.values())[
            ::-1
        ],
        places,
        actors,
        events,
    )
    check_text(rows.article)
    # Their text values joined are looked through at once; only when one holds a NUL is each row checked.
    others = [
        *rows.tags,
        *rows.toponyms,
        *places.values(),
        *actors.values(),
        *((e.event.evidence, *e.event_columns, *e.evidence_columns) for e in events),
    ]
    if "\x00" in "".join([value for row in others for value in row if type(value) is str]):
        for row in others:
            check_text(row)
    return rows
