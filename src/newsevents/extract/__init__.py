"""RawDocument -> Article: the story's text, title, dateline, agency, date and language.

The publication date is decided on evidence, strongest first: an explicit dateline date,
then the publication the page or source declares (JSON-LD datePublished, article:published_time,
<time pubdate>; never a modification), then a date in the URL, then a date printed with the
story (htmldate's original date, on an HTML page). The site's own "today" date above a headline is
never the story's date. A dateline without a year takes its year from the other evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from newsevents.dates import DateValue, parse_date, parse_timestamp
from newsevents.extract.dateline import find_dateline, strip_signoff
from newsevents.extract.decode import UndecodableError, decode
from newsevents.extract.html import NoArticleError, fragment_text, parse_html
from newsevents.extract.language import identify
from newsevents.extract.rules import applies
from newsevents.extract.text import parse_scraped
from newsevents.extract.words import word_count
from newsevents.records import FEED_ITEM, Article, Dateline, Failure, RawDocument

__all__ = ["extract", "looks_like_html"]

# Fewer words than this in the body and the page has no story to speak of.
MIN_BODY_WORDS = 15
MIN_BRIEF_WORDS = 3
# A story has at least one paragraph this long; a page of menu entries does not.
MIN_PARAGRAPH_WORDS = 8

# A date in a URL: /2016/09/28/, /2016-09-28-, /20160928/; "/2023/12/16-new-officers" is a
# month followed by a slug that starts with a number, so a day must end its path segment.
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)(?:/([01]\d)/([0-3]\d)(?=/|$|\.html?)|-([01]\d)-([0-3]\d)(?=[/_.-]|$)|([01]\d)([0-3]\d)(?=/|$))"
)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]\d)/")


# A dateline is looked for this far down: a kicker, a repeated headline or a byline may precede it.
MAX_LEAD_ITEMS = 4


def _is_lead_furniture(paragraph: str, title: str | None) -> bool:
    return paragraph == title or (len(paragraph.split()) <= 12 and not paragraph.endswith((".", '"', "”")))


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html", "<?xml"))
        and "<html" in text[:4096].lower()
        or len(re.findall(r"</?(p|div|span|body|head|a|article|br)\b", text[:20000], re.I)) >= 5
    )


def url_date(url: str | None) -> DateValue | None:
    """The date a URL's path gives, to the day or, failing that, to the month."""
    try:
        m = _URL_DATE.search(url or "")
        if m:
            month, day = next((m.group(i), m.group(i + 1)) for i in (2, 4, 6) if m.group(i))
            return DateValue(date(int(m.group(1)), int(month), int(day)), "day")
        m = _URL_MONTH.search(url or "")
        if m:
            return DateValue(date(int(m.group(1)), int(m.group(2)), 1), "month")
    except ValueError:
        pass
    return None


EVIDENCE_ORDER = ("metadata", "feed", "url", "page", "crawl")


def _ranked(evidence: dict[str, DateValue | None]) -> list[tuple[str, DateValue]]:
    """The evidence, strongest first: EVIDENCE_ORDER, except that a day read from the page
    refines a URL that gives only its month (/2023/12/slug).

    month-url: on NAEB with declared-date off, date 0.838 with it, 0.780 without (the first of
    the month beat htmldate's day); with every rule on, 0.842 either way, and 0.939 on samples/pages."""
    names = list(EVIDENCE_ORDER)
    url, page = evidence.get("url"), evidence.get("page")
    if url and page and url.precision == "month" and page.date.replace(day=1) == url.date and applies("month-url"):
        names.remove("page")
        names.insert(names.index("url"), "page")
    return [(name, value) for name in names if (value := evidence.get(name))]


def _decide_date(
    dateline_text: str | None, evidence: dict[str, DateValue | None]
) -> tuple[Dateline | None, date | None, str | None, str | None]:
    """(dateline re-read with a year, published date, which evidence won, precision)."""
    others = _ranked(evidence)
    # A dateline's missing year comes from the best other evidence; a crawl date is an upper
    # bound, so it can give a year too ("Oct 7" crawled in January is last year's).
    anchor = others[0][1].date if others else None
    match = find_dateline(dateline_text, anchor) if dateline_text else None
    if match and match.dateline.date:
        return match.dateline, match.dateline.date, "dateline", "day"
    if others:
        name, value = others[0]
        return None, value.date, name, value.precision
    return None, None, None, None


def extract(raw: RawDocument) -> Article | Failure:
    """Extract the article from one document, or say why it cannot be done."""
    try:
        return _extract(raw)
    except (UndecodableError, NoArticleError) as exc:
        return Failure(raw.source, str(exc), stage="extract")


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class _Reading:
    """What a document's content gives, before its dateline and sign-off are looked for."""

    title: str | None
    body: str
    url: str | None  # the document's, or the page's own when the source gave none
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published: DateValue | None = None  # the publication date the page declares
    published_at: datetime | None = None
    page_date: DateValue | None = None  # a date printed with the story


def _read(raw: RawDocument, fields: dict[str, str]) -> _Reading:
    """The title, body and page evidence of a document: a source's text as it is, a feed
    item's HTML summary, an HTML page, or a scraped text page."""
    url = fields.get("url") or raw.url
    if fields.get("text") and not fields.get("html"):
        return _Reading(fields.get("title") or None, fields["text"], url)
    if raw.media_type == FEED_ITEM:
        return _Reading(fields.get("title") or None, fragment_text(fields.get("html", "")), url)
    content = fields.get("html") or decode(raw.content)
    if (
        fields.get("html")
        or raw.media_type == "text/html"
        or (raw.media_type != "text/plain" and looks_like_html(content))
    ):
        page = parse_html(content, url)
        return _Reading(
            fields.get("title") or page.title,
            page.body,
            url or page.url,
            page.authors,
            page.page_tags,
            page.published,
            page.published_at,
            page.date,
        )
    scraped = parse_scraped(content)
    return _Reading(
        fields.get("title") or scraped.title,
        scraped.body,
        url,
        scraped.authors,
        scraped.page_tags,
        page_date=scraped.page_date,
    )


def _evidence(raw: RawDocument, fields: dict[str, str], reading: _Reading) -> dict[str, DateValue | None]:
    """Every date that may be the publication's, by where it comes from (EVIDENCE_ORDER)."""
    evidence: dict[str, DateValue | None] = {}
    if fields.get("date"):
        evidence["metadata"] = parse_date(fields["date"])
    if fields.get("feed_date"):  # the date of the feed item that linked to this page
        evidence["feed"] = parse_date(fields["feed_date"])
    # What the page declares of its own publication, then the URL's date, then htmldate's
    # original date, a guess from the whole page. declared-date: NAEB date 0.842 with it, 0.838
    # without (htmldate's original date alone: 0.838); samples/pages 0.939 either way. The URL
    # before htmldate changes no page of either set (htmldate reads the URL first itself), nor
    # does the dateline before the declared date.
    evidence.setdefault("metadata", reading.published)
    evidence["page"] = reading.page_date
    evidence["url"] = url_date(reading.url)
    if raw.fetched is not None:
        evidence["crawl"] = DateValue(raw.fetched.date(), "day")
    return evidence


def _lead_dateline(paragraphs: list[str], title: str | None) -> tuple[Dateline | None, str | None, list[str]]:
    """The dateline near the top of the story and the agency it names, with the paragraphs
    that follow it (the dateline's own line keeps what it leads)."""
    for i, paragraph in enumerate(paragraphs[:MAX_LEAD_ITEMS]):
        match = find_dateline(paragraph)
        if match:
            # What stands before the dateline is the page's kicker or a repeated headline.
            if all(_is_lead_furniture(p, title) for p in paragraphs[:i]):
                return match.dateline, match.agency, ([match.rest] if match.rest else []) + paragraphs[i + 1 :]
            break
    return None, None, paragraphs


def _require_story(text: str, dateline: Dateline | None, media_type: str | None) -> None:
    """Raise NoArticleError unless the text is an article's."""
    # A dated wire story may be a two-line brief ("Shr 10 cts vs 8 cts"); a page without a
    # dateline needs more than a caption's worth of words to count as an article.
    words = word_count(text)
    if words < (MIN_BRIEF_WORDS if dateline is not None else MIN_BODY_WORDS):
        hint = " (a feed item's summary: use --follow to fetch the page it links to)" if media_type == FEED_ITEM else ""
        raise NoArticleError(f"no article found: the body has {words} words{hint}")
    if dateline is None and max(word_count(p) for p in text.split("\n\n")) < MIN_PARAGRAPH_WORDS:
        raise NoArticleError("no article found: only short lines (menus, links, captions), no paragraph of prose")


def _published_at(
    fields: dict[str, str], reading: _Reading, published: date | None, published_from: str | None
) -> datetime | None:
    """The moment of publication, from the evidence that gave the date, when it gives a time."""
    moment = (parse_timestamp(fields["date"]) if fields.get("date") else None) or reading.published_at
    if moment is None and published_from == "feed":
        moment = parse_timestamp(fields["feed_date"])
    if moment is not None and (published is None or moment.date() != published):
        return None  # the time belongs to other evidence than the date that won
    return moment


def _extract(raw: RawDocument) -> Article:
    # A source's own fields (a JSONL export's "\u0000", a feed's stray control characters) are
    # text: control characters other than tabs and line breaks are dropped, as no store keeps NUL.
    fields = {k: _CONTROLS.sub("", v) if isinstance(v, str) else v for k, v in raw.fields.items()}
    reading = _read(raw, fields)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", reading.body) if p.strip()]
    dateline, agency, paragraphs = _lead_dateline(paragraphs, reading.title)
    signoff = strip_signoff("\n\n".join(paragraphs))
    text, agency = signoff.text, agency or signoff.agency
    _require_story(text, dateline, raw.media_type)

    decided, published, published_from, precision = _decide_date(
        dateline.text if dateline else None, _evidence(raw, fields, reading)
    )
    if dateline is not None and decided is not None:
        dateline = decided
    return Article(
        source=raw.source,
        text=text,
        title=reading.title,
        url=reading.url,
        published=published,
        published_from=published_from,
        published_precision=precision,
        published_at=_published_at(fields, reading, published, published_from),
        fetched=raw.fetched,
        dateline=dateline,
        agency=agency,
        authors=tuple(dict.fromkeys(reading.authors + list(signoff.authors))),
        language=identify(text),
        page_tags=tuple(reading.tags),
    )
