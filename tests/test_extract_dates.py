"""The publication date of an HTML page: what the page declares of itself first (JSON-LD,
article:published_time, <time pubdate>, the URL), htmldate's original date when it says nothing,
and a "last updated" date never."""

from __future__ import annotations

import json
from datetime import date

import pytest

from newsevents.extract import extract, rules
from newsevents.records import Article, RawDocument

STORY = (
    "<p>Government forces and rebels exchanged heavy fire overnight in the north of the country, officials "
    "said, and aid agencies warned that thousands of civilians were trapped without water or power.</p>"
    "<p>The United Nations called for an immediate ceasefire and for safe passage for those who wished "
    "to leave the besieged towns before the roads were cut again by the fighting.</p>"
)


def ld(**item) -> str:
    return f'<script type="application/ld+json">{json.dumps(item)}</script>'


def published(head: str = "", byline: str = "", url: str = "https://news.example.org/world/clashes") -> Article:
    html = (
        f"<html><head><title>Rebels and army clash in the north</title>{head}</head><body><article>"
        f"<h1>Rebels and army clash in the north</h1>{byline}{STORY}</article></body></html>"
    )
    article = extract(RawDocument("page.html", html.encode("utf-8"), media_type="text/html", url=url))
    assert isinstance(article, Article), article
    return article


META = '<meta property="article:published_time" content="2021-03-04T09:00:00+01:00">'
TIME = '<p>By Ann Lee, <time pubdate datetime="2021-03-05T10:00:00+01:00">5 March 2021</time></p>'
DATED_URL = "https://news.example.org/2021/03/06/clashes"
UPDATED = "<p>Updated: March 9, 2021</p>"


def test_json_ld_date_published_comes_first():
    article = published(
        ld(**{"@type": "NewsArticle", "datePublished": "2021-03-03T08:00:00+01:00"}) + META, TIME, DATED_URL
    )
    assert (article.published, article.published_from) == (date(2021, 3, 3), "metadata")


def test_article_published_time_before_time_pubdate_and_url():
    assert published(META, TIME, DATED_URL).published == date(2021, 3, 4)


def test_time_pubdate_before_the_url():
    assert published(byline=TIME, url=DATED_URL).published == date(2021, 3, 5)


def test_url_date_when_the_page_declares_nothing():
    article = published(byline="<p>Published March 2, 2021</p>", url=DATED_URL)
    assert (article.published, article.published_from) == (date(2021, 3, 6), "url")


def test_an_update_never_wins_over_the_declared_publication():
    head = (
        ld(**{"@type": "NewsArticle", "datePublished": "2021-03-03T08:00:00Z", "dateModified": "2021-03-09T08:00:00Z"})
        + '<meta property="article:modified_time" content="2021-03-09T08:00:00Z">'
    )
    assert published(head, UPDATED).published == date(2021, 3, 3)


def test_without_declarations_htmldate_original_date_decides():
    article = published(byline="<p>Published March 2, 2021</p>" + UPDATED)
    assert (article.published, article.published_from) == (date(2021, 3, 2), "page")


def test_the_articles_own_date_before_a_related_items():
    head = ld(
        **{
            "@graph": [
                {"@type": "WebPage", "datePublished": "2020-01-01"},
                {"@type": "NewsArticle", "datePublished": "2021-03-03"},
            ]
        }
    )
    assert published(head).published == date(2021, 3, 3)


def test_a_utc_declaration_takes_the_day_the_page_prints_in_its_own_zone():
    head = ld(**{"@type": "NewsArticle", "datePublished": "2021-03-04T02:30:00Z"})
    article = published(head, '<p><time datetime="2021-03-03T21:30:00-05:00">March 3, 2021</time></p>')
    assert article.published == date(2021, 3, 3)
    assert article.published_at.isoformat() == "2021-03-03T21:30:00-05:00"


def test_a_rule_switched_off_changes_the_decision():
    with rules.without("declared-date"):
        assert published(META, url=DATED_URL).published == date(2021, 3, 6)
    assert published(META, url=DATED_URL).published == date(2021, 3, 4)


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="no such extraction rule"), rules.without("guesswork"):
        pass
