"""HTML pages: main text and metadata from trafilatura (with htmldate for the date)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura

from newsevents.dates import DateValue, parse_date


class NoArticleError(ValueError):
    pass


@dataclass
class HtmlPage:
    title: str | None
    body: str
    authors: list[str] = field(default_factory=list)
    date: DateValue | None = None
    page_tags: list[str] = field(default_factory=list)
    url: str | None = None


def parse_html(html: str, url: str | None = None) -> HtmlPage:
    """Main text, title, authors, date and tags of a page; raises NoArticleError if there is no text."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    if doc is None or not (doc.text or "").strip():
        raise NoArticleError("no article text found in the HTML page")
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    title = (doc.title or "").strip() or None
    if lines and title and lines[0] == title:
        lines = lines[1:]
    authors = [a.strip() for a in re.split(r";|\s+and\s+", doc.author or "") if a.strip()]
    # <meta name="keywords"> arrives as one comma-separated string.
    tags = [t.strip() for value in (doc.tags or []) + (doc.categories or []) for t in re.split(r"[,;]", value or "") if t.strip()]
    return HtmlPage(
        title=title,
        body="\n\n".join(lines),
        authors=authors,
        date=parse_date(doc.date) if doc.date else None,
        page_tags=list(dict.fromkeys(tags)),
        url=doc.url or url,
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
