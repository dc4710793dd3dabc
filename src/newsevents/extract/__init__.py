"""RawDocument -> Article: the story's text, title, dateline, agency, date and language.

The publication date is decided on evidence, strongest first: an explicit dateline date,
then the publication the page or source declares (JSON-LD datePublished, article:published_time,
<time pubdate>; never a modification), then a date in the URL, then a date printed with the
story (htmldate's original date, on an HTML page). The site's own "today" date above a headline is
never the story's date. A dateline without a year takes its year from the other evidence.
"""

from __future__ import annotations

import re
from datetime import date

from newsevents.dates import DateValue, parse_date, parse_timestamp
from newsevents.extract.dateline import find_dateline, strip_signoff
from newsevents.extract.decode import UndecodableError, decode
from newsevents.extract.html import NoArticleError, fragment_text, parse_html
from newsevents.extract.language import identify
from newsevents.extract.rules import applies
from newsevents.extract.text import parse_scraped
from newsevents.extract.words import word_count
from newsevents.records import FEED_ITEM, Article, Failure, RawDocument

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
    return [(name, evidence[name]) for name in names if evidence.get(name)]


def _decide_date(dateline_text: str | None, evidence: dict[str, DateValue | None]):
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


def _extract(raw: RawDocument) -> Article:
    # A source's own fields (a JSONL export's "\u0000", a feed's stray control characters) are
    # text: control characters other than tabs and line breaks are dropped, as no store keeps NUL.
    fields = {k: _CONTROLS.sub("", v) if isinstance(v, str) else v for k, v in raw.fields.items()}
    url = fields.get("url") or raw.url
    evidence: dict[str, DateValue | None] = {}
    authors: list[str] = []
    tags: list[str] = []
    moment = parse_timestamp(fields["date"]) if fields.get("date") else None
    if fields.get("date"):
        evidence["metadata"] = parse_date(fields["date"])
    if fields.get("feed_date"):  # the date of the feed item that linked to this page
        evidence["feed"] = parse_date(fields["feed_date"])
    if fields.get("text") and not fields.get("html"):
        title, body = fields.get("title") or None, fields["text"]
    elif raw.media_type == FEED_ITEM:
        title, body = fields.get("title") or None, fragment_text(fields.get("html", ""))
    else:
        content = fields.get("html") or decode(raw.content)
        if (
            fields.get("html")
            or raw.media_type == "text/html"
            or (raw.media_type != "text/plain" and looks_like_html(content))
        ):
            page = parse_html(content, url)
            title, body, authors, tags = fields.get("title") or page.title, page.body, page.authors, page.page_tags
            url = url or page.url
            # What the page declares of its own publication, then the URL's date, then
            # htmldate's original date, a guess from the whole page. declared-date: NAEB date
            # 0.842 with it, 0.838 without (htmldate's original date alone: 0.838); samples/pages
            # 0.939 either way. The URL before htmldate changes no page of either set (htmldate
            # reads the URL first itself), nor does the dateline before the declared date.
            evidence.setdefault("metadata", page.published)
            evidence["page"] = page.date
            moment = moment or page.published_at
        else:
            scraped = parse_scraped(content)
            title, body, authors, tags = (
                fields.get("title") or scraped.title,
                scraped.body,
                scraped.authors,
                scraped.page_tags,
            )
            evidence["page"] = scraped.page_date
    evidence["url"] = url_date(url)
    if raw.fetched is not None:
        evidence["crawl"] = DateValue(raw.fetched.date(), "day")

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    dateline, agency = None, None
    for i, paragraph in enumerate(paragraphs[:MAX_LEAD_ITEMS]):
        match = find_dateline(paragraph)
        if match:
            # What stands before the dateline is the page's kicker or a repeated headline.
            if all(_is_lead_furniture(p, title) for p in paragraphs[:i]):
                dateline, agency = match.dateline, match.agency
                paragraphs = ([match.rest] if match.rest else []) + paragraphs[i + 1 :]
            break
    text = "\n\n".join(paragraphs)
    signoff = strip_signoff(text)
    text, agency = signoff.text, agency or signoff.agency
    authors = list(dict.fromkeys(authors + list(signoff.authors)))
    # A dated wire story may be a two-line brief ("Shr 10 cts vs 8 cts"); a page without a
    # dateline needs more than a caption's worth of words to count as an article.
    words = word_count(text)
    if words < (MIN_BRIEF_WORDS if dateline is not None else MIN_BODY_WORDS):
        hint = (
            " (a feed item's summary: use --follow to fetch the page it links to)"
            if raw.media_type == FEED_ITEM
            else ""
        )
        raise NoArticleError(f"no article found: the body has {words} words{hint}")
    if dateline is None and max(word_count(p) for p in text.split("\n\n")) < MIN_PARAGRAPH_WORDS:
        raise NoArticleError("no article found: only short lines (menus, links, captions), no paragraph of prose")

    decided, published, published_from, precision = _decide_date(dateline.text if dateline else None, evidence)
    if dateline is not None and decided is not None:
        dateline = decided
    if moment is None and published_from == "feed":
        moment = parse_timestamp(fields["feed_date"])
    if moment is not None and (published is None or moment.date() != published):
        moment = None  # the time belongs to other evidence than the date that won
    return Article(
        source=raw.source,
        text=text,
        title=title,
        url=url,
        published=published,
        published_from=published_from,
        published_precision=precision,
        published_at=moment,
        fetched=raw.fetched,
        dateline=dateline,
        agency=agency,
        authors=tuple(authors),
        language=identify(text),
        page_tags=tuple(tags),
    )
