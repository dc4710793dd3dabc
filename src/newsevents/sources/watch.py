"""Polling the sources people watch for news: RSS/Atom/JSON feeds, sitemaps (news sitemaps and
sitemap indexes too) and folders.

A poll says what a source lists now, each item under a key that stays the same when the source
lists it again (a feed item's link, a sitemap's <loc>, a file's path with its modification time
and size), and how the server answered. Feed and sitemap URLs are fetched with conditional GETs
(the ETag and Last-Modified of the last answer), by the fetcher `ingest` uses, with its user
agent, robots.txt and per-host limits: a source that has not changed costs a 304 and no body.
What was seen, and when to poll again, is for the caller to keep (`newsevents.watch` keeps it
in the store); this module only reads.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import urljoin

from lxml import etree

from newsevents.records import Failure, RawDocument
from newsevents.sources import SourceError, _read_limited, _walk
from newsevents.sources.feeds import feed_items, looks_like_feed
from newsevents.sources.web import Answer, Fetcher, Validators

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"  # Google's news sitemaps: <news:news>
_SITEMAP = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)[\s>]")
# A sitemap from the web is untrusted XML: no entities expanded, nothing fetched for it.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


@dataclass(frozen=True)
class Item:
    """Something a source lists. `key` identifies it from one poll to the next; `target` is what
    to ingest (the URL of the page, the path of the file); `date` and `title` are what the source
    says of it (a feed item's date, a news sitemap's publication date), the page's date only if
    the page gives none."""

    key: str
    target: str
    date: str | None = None
    title: str | None = None
    sitemap: str | None = None  # the sitemap that listed it, when the source is a sitemap index


@dataclass(frozen=True)
class Poll:
    """What a source answered: its kind (feed, sitemap, folder; None when there was nothing to
    tell it by), the HTTP status (200, or 304 when it has not changed; None for a folder and when
    there was no answer), the items it lists, the validators to send next time, `error` when it
    could not be read, `notes` on what was left out, and a sitemap index's sitemaps, each a Poll."""

    source: str
    kind: str | None
    status: int | None = None
    items: tuple[Item, ...] = ()
    validators: Validators = Validators()
    error: str | None = None
    notes: tuple[str, ...] = ()
    sitemaps: tuple[Poll, ...] = ()


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def check_source(source: str) -> None:
    """Raise SourceError unless `source` is something to watch: a feed or sitemap URL, or a folder."""
    if not is_url(source) and not Path(source).is_dir():
        what = "a file" if Path(source).exists() else "no such folder"
        raise SourceError(f"cannot watch {source!r} ({what}): watch takes the URLs of feeds and sitemaps, and folders")


def poll(source: str, fetcher: Fetcher, known: Mapping[str, Validators]) -> Poll:
    """Poll one source: list a folder, or fetch a feed or sitemap with a conditional GET.

    `known` holds the validators of the last answers of the source and, for a sitemap index, of
    its sitemaps: those are polled again when the index itself has not changed."""
    if not is_url(source):
        return poll_folder(source)
    answer = fetcher.fetch_if_changed(source, known.get(source, Validators()))
    if isinstance(answer, Failure):
        return Poll(source, None, error=answer.reason)
    if answer.status == 304:
        sitemaps = [url for url in known if url != source]
        if not sitemaps:
            return Poll(source, None, 304, validators=answer.validators)
        return _index_poll(source, answer, sitemaps, fetcher, known)
    document = answer.document
    assert document is not None  # only a 304 comes without one
    data, problem = _content(document)
    if problem:
        return Poll(source, None, answer.status, error=problem)
    if looks_like_feed(data) and document.media_type != "text/html":
        return _feed_poll(source, answer, data)
    try:
        kind, items = sitemap_items(source, data)
    except ValueError as exc:
        return Poll(source, None, answer.status, error=str(exc))
    if kind == "sitemapindex":
        return _index_poll(source, answer, [item.target for item in items], fetcher, known)
    return Poll(source, "sitemap", answer.status, tuple(items), answer.validators)


def poll_folder(folder: str) -> Poll:
    """Every file under a folder (as `ingest` reads it: recursively, hidden files left out), keyed
    by its path, modification time and size, so that a changed file is an item of its own."""
    if not Path(folder).is_dir():
        return Poll(folder, "folder", error="no such folder")
    items = []
    for path in _walk(Path(folder)):
        try:
            stat = path.stat()
        except OSError:  # gone since the folder was listed
            continue
        items.append(Item(key=f"{path}|{stat.st_mtime_ns}|{stat.st_size}", target=str(path)))
    return Poll(folder, "folder", items=tuple(items))


def _content(document: RawDocument) -> tuple[bytes, str | None]:
    """The document's body, gunzipped when it is a .gz sitemap, or why it cannot be read."""
    data = document.content
    if not data.startswith(b"\x1f\x8b"):
        return data, None
    try:
        return _read_limited(gzip.GzipFile(fileobj=io.BytesIO(data))), None
    except ValueError as exc:  # beyond the document limit (newsevents.limits)
        return b"", f"{exc} once decompressed"
    except (OSError, EOFError, zlib.error) as exc:
        return b"", f"cannot read gzip: {exc}"


def _feed_poll(source: str, answer: Answer, data: bytes) -> Poll:
    """A feed's items, read by `ingest`'s own feed reader; each is followed to the page it links to."""
    items, notes, unlinked = [], [], 0
    for link, document in feed_items(source, data):
        if isinstance(document, Failure):
            if document.source == source:  # the feed as a whole cannot be read
                return Poll(source, "feed", answer.status, error=document.reason)
            notes.append(document.reason)
        elif not link:
            unlinked += 1
        else:
            target = urljoin(source, link)
            items.append(Item(target, target, document.fields.get("date"), document.fields.get("title")))
    if unlinked:
        notes.append(f"{unlinked} items without a link, left out")
    return Poll(source, "feed", answer.status, tuple(_unique(items)), answer.validators, notes=tuple(notes))


def sitemap_items(url: str, data: bytes) -> tuple[str, list[Item]]:
    """("urlset", its pages) or ("sitemapindex", its sitemaps) of a sitemap; raises ValueError
    when `data` is not one. A page's news:publication_date and news:title (news sitemaps) come
    with it."""
    if not _SITEMAP.search(data[:4096]):
        raise ValueError("neither a feed nor a sitemap")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a sitemap: {exc}") from None
    name = etree.QName(root)
    if name.localname not in ("urlset", "sitemapindex"):
        raise ValueError("neither a feed nor a sitemap")

    def tag(local: str) -> str:  # the sitemap namespace (0.9 or older) is whatever the root's is
        return f"{{{name.namespace}}}{local}" if name.namespace else local

    items = []
    entry = "sitemap" if name.localname == "sitemapindex" else "url"
    for element in root.iter(tag(entry)):
        loc = (element.findtext(tag("loc")) or "").strip()
        if not loc:
            continue
        target = urljoin(url, loc)
        news = element.find(f"{{{NEWS_NS}}}news")
        date = title = None
        if news is not None:
            date = (news.findtext(f"{{{NEWS_NS}}}publication_date") or "").strip() or None
            title = (news.findtext(f"{{{NEWS_NS}}}title") or "").strip() or None
        items.append(Item(target, target, date, title))
    return name.localname, _unique(items)


def _index_poll(
    source: str, answer: Answer, sitemaps: list[str], fetcher: Fetcher, known: Mapping[str, Validators]
) -> Poll:
    """A sitemap index: each of its sitemaps polled (one level: an index in an index is not followed)."""
    polls, items, notes = [], [], []
    for url in dict.fromkeys(sitemaps):
        sitemap = _sitemap_poll(url, fetcher, known.get(url, Validators()))
        polls.append(sitemap)
        if sitemap.error:
            notes.append(f"{url}: {sitemap.error}")
        items += [Item(i.key, i.target, i.date, i.title, sitemap=url) for i in sitemap.items]
    if polls and all(p.error for p in polls):
        return Poll(
            source,
            "sitemap",
            answer.status,
            validators=answer.validators,
            sitemaps=tuple(polls),
            error=f"none of its {len(polls)} sitemaps could be read: {notes[0]}",
        )
    return Poll(
        source,
        "sitemap",
        answer.status,
        tuple(_unique(items)),
        answer.validators,
        notes=tuple(notes),
        sitemaps=tuple(polls),
    )


def _sitemap_poll(url: str, fetcher: Fetcher, since: Validators) -> Poll:
    answer = fetcher.fetch_if_changed(url, since)
    if isinstance(answer, Failure):
        return Poll(url, "sitemap", error=answer.reason)
    if answer.status == 304:
        return Poll(url, "sitemap", 304, validators=answer.validators)
    assert answer.document is not None  # only a 304 comes without one
    data, problem = _content(answer.document)
    try:
        if problem:
            raise ValueError(problem)
        kind, items = sitemap_items(url, data)
    except ValueError as exc:
        return Poll(url, "sitemap", answer.status, error=str(exc))
    if kind == "sitemapindex":
        return Poll(url, "sitemap", answer.status, error="a sitemap index inside a sitemap index: not followed")
    return Poll(url, "sitemap", answer.status, tuple(items), answer.validators)


def _unique(items: list[Item]) -> list[Item]:
    """Items without repeats of a key (a feed that lists an item twice), first first."""
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(item.key, item)
    return list(unique.values())
