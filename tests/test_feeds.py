"""Feeds: RSS 2.0, Atom and JSON Feed items as documents; what is not a feed says so."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from newsevents.extract import extract
from newsevents.records import FEED_ITEM, Article, Failure, RawDocument
from newsevents.sources import read_sources

# A whole story (about 80 words, no dated dateline), so the feed's date is the only date.
STORY_HTML = (
    "<p>Kenya and Somalia agreed on Friday to reopen their shared border to trade and travel after talks "
    "in Nairobi between the two countries' foreign ministers, officials said.</p>"
    "<p>The ministers said traders would be allowed to cross at three points from next month and that a "
    "joint commission would meet every quarter to review security along the frontier, where militants "
    "have staged attacks in the past.</p>"
    "<p>Both governments welcomed the agreement as a step toward closer ties between the neighbours.</p>"
)
SUMMARY = "Talks resumed on Saturday."
TITLES = ["Kenya and Somalia agree to reopen border", "Talks resume", "Ministers to meet again"]
URLS = ["https://news.example.org/kenya-somalia", "https://news.example.org/talks", "https://news.example.org/meet"]
RFC822_DATES = ["Fri, 03 Mar 2023 14:30:00 +0300", "Sat, 04 Mar 2023 09:00:00 +0000", "Sun, 05 Mar 2023 09:00:00 GMT"]
ISO_DATES = ["2023-03-03T14:30:00+03:00", "2023-03-04T09:00:00Z", "2023-03-05T09:00:00Z"]
PUBLISHED = date(2023, 3, 3)
PUBLISHED_AT = datetime(2023, 3, 3, 14, 30, tzinfo=timezone(timedelta(hours=3)))

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://news.example.org/</link><description>World news</description>
<item><title>{TITLES[0]}</title><link>{URLS[0]}</link><pubDate>{RFC822_DATES[0]}</pubDate>
<content:encoded><![CDATA[{STORY_HTML}]]></content:encoded></item>
<item><title>{TITLES[1]}</title><link>{URLS[1]}</link><pubDate>{RFC822_DATES[1]}</pubDate><description>{SUMMARY}</description></item>
<item><title>{TITLES[2]}</title><link>{URLS[2]}</link><pubDate>{RFC822_DATES[2]}</pubDate></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example News</title><id>urn:example:news</id>
<updated>{ISO_DATES[2]}</updated>
<entry><title>{TITLES[0]}</title><link href="{URLS[0]}"/><id>urn:example:1</id><published>{ISO_DATES[0]}</published>
<updated>2023-03-04T10:00:00Z</updated><content type="html"><![CDATA[{STORY_HTML}]]></content></entry>
<entry><title>{TITLES[1]}</title><link href="{URLS[1]}"/><id>urn:example:2</id><updated>{ISO_DATES[1]}</updated>
<summary>{SUMMARY}</summary></entry>
<entry><title>{TITLES[2]}</title><link href="{URLS[2]}"/><id>urn:example:3</id><updated>{ISO_DATES[2]}</updated></entry>
</feed>
"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example News",
        "items": [
            {"id": "1", "url": URLS[0], "title": TITLES[0], "date_published": ISO_DATES[0], "content_html": STORY_HTML},
            {"id": "2", "url": URLS[1], "title": TITLES[1], "date_published": ISO_DATES[1], "summary": SUMMARY},
            {"id": "3", "url": URLS[2], "title": TITLES[2], "date_published": ISO_DATES[2]},
        ],
    }
)

FEEDS = {"feed.rss": (RSS, RFC822_DATES), "feed.atom": (ATOM, ISO_DATES), "feed.json": (JSON_FEED, ISO_DATES)}

# Atom and JSON Feed dates are RFC 3339 timestamps, and parse_date finds no date in them: its
# ISO pattern ends in \b, which "2023-03-03T14:30" does not have after the day.
WITH_RFC3339_BUG = ["feed.rss", ("feed.atom"), ("feed.json")]


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("feeds")
    for name, (text, _) in FEEDS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def items(path: Path) -> list:
    return list(read_sources([str(path)]))


def full_item(feeds: Path, name: str) -> Article:
    article = extract(items(feeds / name)[0])
    assert isinstance(article, Article), article
    return article


# -- items -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FEEDS)
def test_each_item_is_one_document_named_after_its_feed(feeds, name):
    path = feeds / name
    assert [d.source for d in items(path)] == [f"{path}#item1", f"{path}#item2", f"{path}#item3"]


@pytest.mark.parametrize("name", FEEDS)
def test_items_carry_their_url_title_and_date(feeds, name):
    first, second, _ = items(feeds / name)
    dates = FEEDS[name][1]
    for doc, number in ((first, 0), (second, 1)):
        assert isinstance(doc, RawDocument) and doc.media_type == FEED_ITEM
        assert (doc.url, doc.fields["title"], doc.fields["date"]) == (URLS[number], TITLES[number], dates[number])


@pytest.mark.parametrize("name", FEEDS)
def test_item_without_content_fails_extraction_and_points_to_follow(feeds, name):
    third = items(feeds / name)[2]
    assert isinstance(third, RawDocument) and third.source.endswith("#item3")
    assert third.url  # kept for --follow, which fetches the page it links to
    failure = extract(third)
    assert isinstance(failure, Failure)
    assert "--follow" in failure.reason


def test_a_feed_is_recognised_by_its_content_whatever_its_name(tmp_path):
    path = tmp_path / "latest.xml"
    path.write_text(RSS, encoding="utf-8")
    assert [d.fields["title"] for d in items(path) if isinstance(d, RawDocument)][:2] == TITLES[:2]


# -- extraction of items ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FEEDS)
def test_full_content_item_extracts_as_an_article(feeds, name):
    article = full_item(feeds, name)
    assert (article.title, article.url) == (TITLES[0], URLS[0])
    assert article.text.startswith("Kenya and Somalia agreed on Friday")
    assert article.text.endswith("closer ties between the neighbours.")
    assert "<p>" not in article.text


@pytest.mark.parametrize("name", WITH_RFC3339_BUG)
def test_feed_date_is_the_published_date(feeds, name):
    article = full_item(feeds, name)
    assert (article.published, article.published_from, article.published_precision) == (PUBLISHED, "metadata", "day")


@pytest.mark.parametrize("name", WITH_RFC3339_BUG)
def test_feed_time_and_zone_give_published_at_with_its_offset(feeds, name):
    article = full_item(feeds, name)
    assert article.published_at == PUBLISHED_AT
    assert article.published_at.utcoffset() == timedelta(hours=3)


def test_feed_date_without_a_time_gives_no_moment(tmp_path):
    path = tmp_path / "dates.json"
    path.write_text(JSON_FEED.replace(ISO_DATES[0], "2023-03-03"), encoding="utf-8")
    article = extract(items(path)[0])
    assert (article.published, article.published_from, article.published_at) == (PUBLISHED, "metadata", None)


@pytest.mark.parametrize("name", FEEDS)
def test_short_summary_item_fails_and_points_to_follow(feeds, name):
    failure = extract(items(feeds / name)[1])
    assert isinstance(failure, Failure)
    assert "--follow" in failure.reason


# -- what is not a feed -------------------------------------------------------------------------------

NOT_FEEDS = {
    "page.rss": b"<html><head><title>News</title></head><body><p>Our feed has moved.</p></body></html>",
    "words.rss": b"just a few words\n",
    "garbled.rss": b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</ti\xff\xfe<<item>>&&& <link>',
    "cut-before-items.rss": RSS[: RSS.index("<item>") - 20].encode(),
    "cut.json": JSON_FEED[: JSON_FEED.index(STORY_HTML[:40])].encode(),
}


@pytest.mark.parametrize("name", NOT_FEEDS)
def test_a_feed_file_that_holds_no_feed_is_one_failure_saying_not_a_feed(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(NOT_FEEDS[name])
    [failure] = items(path)
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert failure.reason.startswith("not a feed")


def test_a_feed_cut_inside_an_item_is_reported_as_damaged(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_text(RSS[: RSS.index("joint commission")], encoding="utf-8")
    results = items(path)
    assert isinstance(results[-1], Failure) and results[-1].reason.startswith("damaged feed")
    assert not any(isinstance(d, RawDocument) and "joint" in d.fields.get("html", "") for d in results)


# -- the public sample feeds ----------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("name, count", [("feed1.atom", 2), ("feed2.rss", 1), ("feed.json", 25)])
def test_public_sample_feeds_parse(name, count):
    docs = items(SHARED / "data" / "feeds" / name)
    assert len(docs) == count
    assert all(isinstance(d, RawDocument) and d.url and d.fields.get("title") for d in docs)


@needs_shared
def test_public_rss_item_has_its_fields():
    [doc] = items(SHARED / "data" / "feeds" / "feed2.rss")
    assert (doc.url, doc.fields["title"], doc.fields["date"]) == (
        "http://www.example.com/blog/post/1",
        "Example entry",
        "Sun, 06 Sep 2009 16:20:00 +0000",
    )
