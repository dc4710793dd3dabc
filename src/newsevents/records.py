"""The domain records that flow between stages.

Every record is a frozen dataclass. Character offsets (`start`, `end`, spans) always point
into the text of the article the record came from, so any claim can be checked against the
sentence that makes it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Mapping

# The media type of a document that is a feed's item (its own summary or content).
FEED_ITEM = "application/x-feed-item"


@dataclass(frozen=True)
class RawDocument:
    """Bytes as read from a source, with where and when they came from.

    `fields` carries structured values that a source already knows (a JSONL export's
    `title`, `date`, `text`, `html`, `url`), which extraction then prefers over guessing.
    """

    source: str
    content: bytes
    media_type: str | None = None
    url: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    fetched: datetime | None = None  # when it was crawled or downloaded (a WARC record's date)


@dataclass(frozen=True)
class Failure:
    """A document that could not be read, extracted or coded, and why."""

    source: str
    reason: str
    stage: str = "extract"


@dataclass(frozen=True)
class Skipped:
    """Something a source holds that is not an article (a WARC request record, an image)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Dateline:
    """The dateline at the head of a news story: "WASHINGTON, Sept 28 (Reuters) -"."""

    text: str
    place: str | None
    date: date | None = None
    precision: str | None = None
    year_given: bool = False  # False when the year came from other evidence


@dataclass(frozen=True)
class Article:
    """The article proper: title, body without page chrome, and what is known of it."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_from: str | None = None  # "dateline", "metadata", "feed", "url", "page", "crawl", "input"
    published_precision: str | None = None  # "day", "month", "year"
    published_at: datetime | None = None  # the moment, with its UTC offset, when the source gives one
    fetched: datetime | None = None  # when the page was crawled or downloaded
    dateline: Dateline | None = None
    agency: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    page_tags: tuple[str, ...] = ()

    @cached_property
    def id(self) -> str:
        """A stable identifier derived from the normalised title and text.

        The same article read twice, from the same or another file, gets the same id:
        that is what makes ingestion idempotent.
        """
        return content_key(self.title or "", self.text)


def content_key(title: str, text: str) -> str:
    normalised = " ".join(unicodedata.normalize("NFKC", f"{title}\n{text}").casefold().split())
    normalised = re.sub(r"[^\w ]", "", normalised)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Actor:
    """An actor mention: who, as coded (country, sector, CAMEO-style code), and where it is."""

    text: str
    start: int
    end: int
    code: str | None
    country: str | None
    sector: str | None = None
    name: str | None = None  # canonical name: "Russia", "John Kerry", "United Nations"
    # country, capital, institution, organization, group, person, role, place, implied (the
    # authorities of a place), unknown
    kind: str = "unknown"


@dataclass(frozen=True)
class Place:
    """A toponym in the text and the GeoNames entry it resolves to (if any)."""

    text: str
    start: int
    end: int
    geonameid: int | None = None
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # "city", "region", "country", "continent", "area"
    # How the text uses the name: "place" ("talks in Geneva", "Moscow said"), "adjective"
    # ("Russian warplanes": the country as a modifier) or "embedded" (inside another name:
    # "The Washington Post"). Only places say where an event happened.
    role: str = "place"


@dataclass(frozen=True)
class Trigger:
    """The words that express the event, and the coding rule they fired."""

    text: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Event:
    """Who did what to whom, when and where, with the sentence that reports it."""

    doc_id: str
    sentence_index: int
    evidence: str
    evidence_span: tuple[int, int]
    trigger: Trigger
    cameo_code: str
    cameo_label: str
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]
    goldstein: float
    quad_class: int
    source: Actor | None
    target: Actor | None
    date: date | None
    date_precision: str | None
    location: Place | None = None
    speaker: Actor | None = None
    negated: bool = False
    hypothetical: bool = False  # not reported as having happened: conditional, possible, or still to come
    historical: bool = False
    confidence: float = 0.5
    future: bool = False  # announced for later ("will visit"): PLOVER's future mode; also hypothetical
    compound: bool = False  # one of the events of a coordinated actor ("X and Y agreed": one per actor)
    found_by: str = "rules"  # what found it: "rules", "model" (the learned layer alone) or "both"


@dataclass(frozen=True)
class CodedArticle:
    """An article with everything the pipeline found in it."""

    article: Article
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    coded: bool = True  # False when the article is kept but not coded (not English, or coding failed)
    error: str | None = None  # why coding failed, or was done only in part, when it was


@dataclass(frozen=True)
class StoredEvent:
    """An event as the store knows it: one row, however many reports it has."""

    event_id: int
    event: Event  # the event, with its first report as evidence
    num_mentions: int
    num_sources: int
    num_articles: int
    article_ids: tuple[str, ...]
    urls: tuple[str, ...] = ()  # the reporting articles' URLs, where known, in report order


# A stored event as one flat row (the columns of the CSV and Parquet exports and of
# EventList.to_pandas()).
FLAT_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "source_code",
    "source_country",
    "source_sector",
    "source_text",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "cameo_label",
    "goldstein",
    "quad_class",
    "target_code",
    "target_country",
    "target_sector",
    "target_text",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "geonameid",
    "negated",
    "hypothetical",
    "historical",
    "future",
    "compound",
    "confidence",
    "found_by",
    "num_mentions",
    "num_sources",
    "num_articles",
    "article_ids",
    "evidence",
)


def flat_row(stored: StoredEvent) -> dict:
    """A stored event as FLAT_COLUMNS (a value not known is "")."""
    e = stored.event
    src, tgt, loc = e.source, e.target, e.location
    return {
        "event_id": stored.event_id,
        "date": e.date.isoformat() if e.date else "",
        "date_precision": e.date_precision or "",
        "source_code": src.code if src else "",
        "source_country": (src.country or "") if src else "",
        "source_sector": (src.sector or "") if src else "",
        "source_text": src.text if src else "",
        "plover_type": e.plover_type,
        "plover_mode": e.plover_mode or "",
        "cameo_code": e.cameo_code,
        "cameo_label": e.cameo_label,
        "goldstein": e.goldstein,
        "quad_class": e.quad_class,
        "target_code": tgt.code if tgt else "",
        "target_country": (tgt.country or "") if tgt else "",
        "target_sector": (tgt.sector or "") if tgt else "",
        "target_text": tgt.text if tgt else "",
        "location_name": loc.name if loc else "",
        "location_country": (loc.country or "") if loc else "",
        "lat": loc.lat if loc else "",
        "lon": loc.lon if loc else "",
        "geonameid": loc.geonameid if loc else "",
        "negated": int(e.negated),
        "hypothetical": int(e.hypothetical),
        "historical": int(e.historical),
        "future": int(e.future),
        "compound": int(e.compound),
        "confidence": e.confidence,
        "found_by": e.found_by,
        "num_mentions": stored.num_mentions,
        "num_sources": stored.num_sources,
        "num_articles": stored.num_articles,
        "article_ids": " ".join(stored.article_ids),
        "evidence": e.evidence,
    }
