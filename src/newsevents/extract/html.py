"""HTML pages: main text and metadata from trafilatura, the date from the page's own
declaration or else htmldate.

Every rule over trafilatura's output is named in `newsevents.extract.rules` and can be
switched off for a bench run; the comment beside each gives its measured effect.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import trafilatura

from newsevents.dates import DateValue, parse_date, parse_timestamp
from newsevents.extract.rules import applies
from newsevents.extract.words import word_count

if TYPE_CHECKING:
    from trafilatura.settings import Document


class NoArticleError(ValueError):
    pass


@dataclass
class HtmlPage:
    title: str | None
    body: str
    authors: list[str] = field(default_factory=list)
    published: DateValue | None = None  # the publication date the page declares for itself
    published_at: datetime | None = None  # ... with its time and zone, when the page gives them
    date: DateValue | None = None  # htmldate's original date: a guess from the whole page
    page_tags: list[str] = field(default_factory=list)
    url: str | None = None


# Under this many words, a precision-minded extraction has probably pruned the story itself.
PRECISION_FLOOR_WORDS = 80

_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|«|»|·)\s+")
_WORD = re.compile(r"\w+")
# htmldate as trafilatura calls it, asked for the first publication rather than the last edit.
_HTMLDATE = {"original_date": True, "extensive_search": True}
# schema.org types whose datePublished is the story's own (NewsArticle, ReportageNewsArticle,
# BlogPosting, LiveBlogPosting, Report...), before a WebPage's or a related item's.
_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Report)$")
# The page's own markup for its publication time, after JSON-LD: Open Graph's article
# property, then <time pubdate> and schema.org microdata.
_META_PUBLISHED = '//meta[@property="article:published_time" or @name="article:published_time"]/@content'
_TIME_PUBLISHED = (
    "//time[@pubdate]/@datetime | //time[@pubdate and not(@datetime)]"
    ' | //*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime'
)


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def _similar(a: str, b: str) -> bool:
    """Whether two titles are the same headline (most words of the shorter one shared)."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _without_site_name(title: str, url: str | None, sitename: str | None) -> str:
    """ "Headline | Site Name" -> "Headline" when the last part names the site."""
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/")[0])
    site = _words(sitename) | set(host.split(".")[:-1])
    last = _words(parts[-1])
    squeezed = re.sub(r"\W", "", parts[-1].lower())
    if last and (last <= site or len(last & site) * 2 >= len(last) or (squeezed and squeezed in host.replace(".", ""))):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:«»·")
    return title


def _title(tree) -> tuple[str | None, bool]:
    """The headline, and whether it is the page's <h1>: the <h1> when it is the headline the
    metadata names (it keeps the page's own typography), else og:title or <title>.

    h1-title: title exact 0.895 with it, 0.755 without on NAEB, 1.000 against 0.944 on
    samples/pages; body word F1 (through title-line) 0.9705 against 0.9700 on AEB, 0.9273
    against 0.9270 on NAEB, 0.9664 either way on samples/pages."""
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@property or @name][@content]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:title", "twitter:title"):
            metas.setdefault(key, _clean(meta.get("content")))
    page_title = _clean(tree.findtext(".//title"))
    named = [t for t in (metas.get("og:title"), metas.get("twitter:title"), page_title) if t]
    for h1 in tree.xpath("//h1") if applies("h1-title") else ():
        text = _clean(h1.text_content())
        if 3 <= len(text) <= 300 and any(_similar(text, name) for name in named):
            return text, True
    return (named[0] if named else None), False


def _ld_objects(tree) -> list[dict]:
    """The top objects of the page's JSON-LD, a @graph's members included, in page order."""
    objects = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    objects.extend(g for g in graph if isinstance(g, dict))
    return objects


def _ld_article_body(objects: list[dict]) -> str | None:
    """The articleBody a page's JSON-LD gives, if any (often the whole text of a paywalled page)."""
    stack = list(reversed(objects))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            body = item.get("articleBody")
            if isinstance(body, str) and body.strip():
                return body
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return None


def _is_article(item: dict) -> bool:
    kinds = item.get("@type")
    return any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in (kinds if isinstance(kinds, list) else [kinds]))


def _declared_publication(tree, objects: list[dict]) -> str | None:
    """The publication time the page declares for itself, strongest statement first: JSON-LD
    datePublished (an article's before any other object's), article:published_time, then
    <time pubdate> or microdata. A modification time is never read."""
    for item in sorted(objects, key=lambda o: not _is_article(o)):
        value = item.get("datePublished")
        if isinstance(value, str) and value.strip():
            return value
    for value in tree.xpath(_META_PUBLISHED) + tree.xpath(_TIME_PUBLISHED):
        text = value if isinstance(value, str) else value.text_content()
        if text.strip():
            return text
    return None


def _in_local_time(moment: datetime | None, tree) -> datetime | None:
    """A declared moment given in UTC, as the page prints it in its own zone (a <time datetime>
    with an offset): the publisher's calendar, not Greenwich's, says which day it was.

    local-day: NAEB date 0.842 with it, 0.835 without; samples/pages 0.939 either way."""
    if moment is None or moment.utcoffset() or not applies("local-day"):
        return moment
    for value in tree.xpath("//time/@datetime"):
        local = parse_timestamp(value)
        if local is not None and local.utcoffset() and local == moment:
            return local
    return moment


def _publication(tree, objects: list[dict]) -> tuple[DateValue | None, datetime | None]:
    """The publication date the page declares, and its moment when the page gives a time and zone."""
    declared = _declared_publication(tree, objects) if applies("declared-date") else None
    if not declared:
        return None, None
    moment = _in_local_time(parse_timestamp(declared), tree)
    return (DateValue(moment.date(), "day") if moment else parse_date(declared)), moment


# libxml2 stops building the tree at this depth (lxml's limit without huge_tree, which only
# moves it to 2048 and took 7 s on 10,000 nested <div>s): what is deeper is dropped.
MAX_DEPTH = 255
# A page nested that deep is almost always <div>s or <span>s inside each other (a broken
# template, or an attack): with every <div> an end of paragraph and inline tags gone, the
# text is in reach again.
_BLOCK_TAG = re.compile(r"<(?:div|section|center)\b[^>]*>", re.I)
_LAYOUT_TAG = re.compile(r"</(?:div|section|center)\s*>|</?(?:span|font|b|i|em|strong|u|small|big)\b[^>]*>", re.I)
# What the flattening leaves between the blocks: empty paragraphs, one kept (100,000 of them took
# trafilatura 2 s a pass).
_EMPTY_PARAGRAPHS = re.compile(r"(?:<p>\s*){2,}")


def _depth(tree) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _tree(html: str):
    """The page's tree, by trafilatura's own parser settings (comments out, their tails kept);
    a page nested beyond what the parser builds is read again with its layout tags flattened."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise NoArticleError("the HTML page cannot be parsed")
    if _depth(tree) > MAX_DEPTH:
        tree = load_html(_EMPTY_PARAGRAPHS.sub("<p>", _LAYOUT_TAG.sub("", _BLOCK_TAG.sub("<p>", html))))
        if tree is None or _depth(tree) > MAX_DEPTH:
            raise NoArticleError(
                f"the page nests elements deeper than lxml's limit of {MAX_DEPTH}, even with its "
                f"<div>s and <span>s flattened: its text cannot be read"
            )
    return tree


def _extraction(tree, **settings: Any) -> Document | None:
    """trafilatura's bare_extraction: a Document (its typing adds the dict that only the
    as_dict option, never used here, gives)."""
    doc = trafilatura.bare_extraction(tree, **settings)
    assert not isinstance(doc, dict)
    return doc


def _main_text(html: str, tree, url: str | None) -> Document | None:
    """trafilatura's document for the page: the precision run, or the plain one when
    precision pruned the story away."""
    # no-comments: body word F1 unchanged on AEB (0.9705), NAEB (0.9273) and samples/pages
    # (0.9664): no page there has comments trafilatura keeps. Kept: a comment is never the story.
    settings: dict[str, Any] = {
        "url": url,
        "with_metadata": True,
        "include_comments": not applies("no-comments"),
        "date_extraction_params": _HTMLDATE,
    }
    if not applies("precision"):
        return _extraction(tree, **settings)
    # precision (with its fallback): body word F1 0.9705 with it, 0.9628 without on AEB;
    # 0.9273 against 0.9196 on NAEB; 0.9664 against 0.9668 on samples/pages (one live blog
    # gains 0.04, another loses 0.05).
    doc = _extraction(tree, favor_precision=True, **settings)
    if applies("fallback") and (doc is None or word_count(doc.text or "") < PRECISION_FLOOR_WORDS):
        # Precision can prune a whole story to its reprint notice: then take the plain run
        # (on a fresh tree: the first run prunes the one it is given). fallback: AEB 0.9705
        # with it, 0.9670 without (one story saved, 0.63 of F1); samples/pages 0.9664 against
        # 0.9366; NAEB 0.9273 either way (one page loses 0.007).
        doc = _extraction(_tree(html), **settings) or doc
    return doc


def _headline(headline: str | None, from_h1: bool, doc: Document | None, url: str | None) -> str | None:
    if from_h1:
        return headline
    # trafilatura's title already drops most site names; drop what it leaves. site-name: NAEB
    # title exact 0.895 with it, 0.891 without; samples/pages 1.000 either way; bodies unchanged.
    headline = _clean(doc.title if doc else None) or headline
    if headline and applies("site-name"):
        headline = _without_site_name(headline, url, doc.sitename if doc else None)
    return headline or None


def _body_lines(doc: Document | None, title: str | None, ld_body: str | None) -> list[str]:
    text = (doc.text if doc else None) or ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # title-line: body word F1 0.9705 with it, 0.9685 without on AEB; 0.9273 against 0.9258 on
    # NAEB; 0.9664 against 0.9582 on samples/pages.
    if lines and title and lines[0] == title and applies("title-line"):
        lines = lines[1:]
    if ld_body and word_count(ld_body) > 1.5 * sum(word_count(line) for line in lines):
        # The visible page holds a preview; the page's own metadata holds the story. ld-body:
        # NAEB 0.9273 with it, 0.9257 without (one paywalled page, +0.70); AEB (0.9705) and
        # samples/pages (0.9664) either way.
        lines = [p.strip() for p in re.split(r"\n+", ld_body) if p.strip()]
    return lines


def parse_html(html: str, url: str | None = None) -> HtmlPage:
    """Main text, title, authors, date and tags of a page; raises NoArticleError if there is no text."""
    tree = _tree(html)
    objects = _ld_objects(tree)
    ld_body = _ld_article_body(objects) if applies("ld-body") else None
    published, published_at = _publication(tree, objects)
    headline, from_h1 = _title(tree)  # read before trafilatura prunes the tree
    doc = _main_text(html, tree, url)
    if (doc is None or not (doc.text or "").strip()) and not ld_body:
        raise NoArticleError("no article text found in the HTML page")
    title = _headline(headline, from_h1, doc, url)
    authors = [a.strip() for a in re.split(r";|\s+and\s+", (doc.author if doc else None) or "") if a.strip()]
    # <meta name="keywords"> arrives as one comma-separated string.
    tags = [
        t.strip()
        for value in ((doc.tags or []) + (doc.categories or []) if doc else [])
        for t in re.split(r"[,;]", value or "")
        if t.strip()
    ]
    return HtmlPage(
        title=title,
        body="\n\n".join(_body_lines(doc, title, ld_body)),
        authors=authors,
        published=published,
        published_at=published_at,
        date=parse_date(doc.date) if doc and doc.date else None,
        page_tags=list(dict.fromkeys(tags)),
        url=(doc.url if doc else None) or url,
    )


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "br", "tr")


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph per block."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())
