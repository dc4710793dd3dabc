"""RSS 2.0, Atom (feedparser) and JSON Feed: each item becomes a document.

Without `follow` an item's own content (or summary) is the article; with `follow` the page it
links to is fetched and extracted instead.
"""

from __future__ import annotations

import json
import re
from typing import Iterator
from xml.sax import SAXParseException

from newsevents.records import FEED_ITEM, Failure, RawDocument

_XML_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes are a feed: RSS/Atom XML, or a JSON Feed."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b"jsonfeed.org" in data[:4096]
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and bool(_XML_FEED.search(data[:4096]))


def _item(
    source: str, number: int, link: str | None, title: str | None, date: str | None, html: str | None, text: str | None
) -> RawDocument | Failure:
    where = f"{source}#item{number}"
    fields = {k: v for k, v in (("url", link), ("title", title), ("date", date), ("html", html), ("text", text)) if v}
    if not (fields.get("html") or fields.get("text") or link):
        return Failure(where, "feed item has neither content nor a link", stage="read")
    return RawDocument(source=where, content=b"", media_type=FEED_ITEM, url=link, fields=fields)


def _json_feed(source: str, data: bytes) -> Iterator[tuple[str, RawDocument | Failure]]:
    try:
        feed = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield "", Failure(source, f"not a feed: invalid JSON Feed ({exc})", stage="read")
        return
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        yield "", Failure(source, "not a feed: a JSON Feed needs an 'items' list", stage="read")
        return
    for number, item in enumerate((i for i in items if isinstance(i, dict)), 1):
        link = item.get("url") or item.get("external_url") or ""
        yield (
            link,
            _item(
                source,
                number,
                link,
                item.get("title"),
                item.get("date_published") or item.get("date_modified"),
                item.get("content_html"),
                item.get("content_text") or item.get("summary"),
            ),
        )


def _xml_feed(source: str, data: bytes) -> Iterator[tuple[str, RawDocument | Failure]]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom channel"
        yield "", Failure(source, f"not a feed: {reason}", stage="read")
        return
    # A feed cut short still parses up to the cut; its last item may be cut too, so it is
    # dropped and the damage reported.
    damaged = isinstance(parsed.get("bozo_exception"), SAXParseException)  # not a mere encoding quibble
    entries = parsed.entries[:-1] if damaged else parsed.entries
    for number, entry in enumerate(entries, 1):
        content = entry.get("content") or []
        html = content[0].get("value") if content else None
        link = entry.get("link") or ""
        yield (
            link,
            _item(
                source,
                number,
                link,
                entry.get("title"),
                entry.get("published") or entry.get("updated"),
                html or entry.get("summary"),
                None,
            ),
        )
    if damaged:
        yield (
            "",
            Failure(
                f"{source}#item{len(parsed.entries)}",
                f"damaged feed: {parsed.get('bozo_exception')} (read {len(entries)} complete items)",
                stage="read",
            ),
        )


def feed_items(source: str, data: bytes) -> Iterator[tuple[str, RawDocument | Failure]]:
    """(link, document) for each item of a feed; a feed that cannot be parsed gives one Failure."""
    is_json = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    return (_json_feed if is_json else _xml_feed)(source, data)
