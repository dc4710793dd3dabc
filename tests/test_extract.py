"""Extraction: a page or a wire story in, the article out (title, body, dateline, agency, date)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import GOLD, SAMPLES, SEED, needs_shared
from newsevents.extract import extract
from newsevents.extract.dateline import find_dateline, strip_signoff
from newsevents.records import Article, Failure, RawDocument
from newsevents.sources import read_sources

# Enough words for a story (extraction refuses a body of fewer than 15 words).
BODY = (
    "Government forces and rebels exchanged heavy fire overnight in the north of the country, officials said, "
    "and aid agencies warned that thousands of civilians were trapped without water or power.\n\n"
    "The United Nations called for an immediate ceasefire and for safe passage for those who wished to leave."
)
HEADLINE = "Rebels and army clash in the north"


def extract_file(path) -> Article:
    [raw] = list(read_sources([str(path)]))
    article = extract(raw)
    assert isinstance(article, Article), article
    return article


def page(*units: str, url: str | None = None) -> Article:
    """A page saved as plain text, paragraph by paragraph."""
    raw = RawDocument("page.txt", "\n\n".join(units).encode("utf-8"), media_type="text/plain", url=url)
    article = extract(raw)
    assert isinstance(article, Article), article
    return article


def jsonl_record(**fields: str) -> Article:
    article = extract(RawDocument("export.jsonl#L1", b"", media_type="application/json", fields=fields))
    assert isinstance(article, Article), article
    return article


# -- the seed page ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return extract_file(SEED)


@needs_shared
def test_seed_title_is_the_headline_not_the_site_date(seed):
    assert seed.title == "No joint work with Russia till Aleppo assault ends, says US"


@needs_shared
def test_seed_body_starts_with_the_story(seed):
    assert seed.text.startswith("The United States threatened on Wednesday")


@needs_shared
@pytest.mark.parametrize("chrome", ["23 July 2024", "Tags:", "Calendar of Events", "calendarCalendar"])
def test_seed_body_has_no_page_chrome(seed, chrome):
    assert chrome not in seed.text


@needs_shared
def test_seed_body_drops_the_agency_signoff(seed):
    assert not seed.text.rstrip().endswith("Reuters")
    assert seed.text.rstrip().endswith("by the Security Council.")


@needs_shared
def test_seed_is_dated_by_its_dateline(seed):
    assert seed.published == date(2016, 9, 28)
    assert seed.published_from == "dateline"


@needs_shared
def test_seed_dateline_place_and_agency(seed):
    assert seed.dateline.place == "WASHINGTON"
    assert seed.agency == "Reuters"


@needs_shared
def test_seed_page_tags(seed):
    assert list(seed.page_tags) == ["US", "Russia", "Operation", "Aleppo", "assault"]


# -- datelines -------------------------------------------------------------------------------------

ANCHOR = date(2021, 2, 5)


@pytest.mark.parametrize(
    "line, place, day, agency, rest",
    [
        (
            "WASHINGTON, Sept 28 (Reuters) - The United States said.",
            "WASHINGTON",
            date(2020, 9, 28),
            "Reuters",
            "The United States said.",
        ),
        ("GENEVA (AP) — The U.N. said on Monday.", "GENEVA", None, "AP", "The U.N. said on Monday."),
        (
            "KABUL, Feb. 3, 2021 (AFP) - Taliban fighters attacked.",
            "KABUL",
            date(2021, 2, 3),
            "AFP",
            "Taliban fighters attacked.",
        ),
        (
            "MANILA, 12 June 2019 – The Philippines summoned.",
            "MANILA",
            date(2019, 6, 12),
            None,
            "The Philippines summoned.",
        ),
        ("SAN JOSE, Costa Rica (AP) — Costa Rica said.", "SAN JOSE, Costa Rica", None, "AP", "Costa Rica said."),
        ("MOSCOW/KIEV (Reuters) - Russia said.", "MOSCOW/KIEV", None, "Reuters", "Russia said."),
    ],
)
def test_dateline_styles(line, place, day, agency, rest):
    match = find_dateline(line, ANCHOR)
    assert match is not None
    assert (match.dateline.place, match.dateline.date, match.agency, match.rest) == (place, day, agency, rest)


def test_dateline_without_a_year_takes_it_from_the_anchor():
    match = find_dateline("WASHINGTON, Sept 28 (Reuters) - The United States said.", date(2016, 9, 29))
    assert match.dateline.date == date(2016, 9, 28)
    assert not match.dateline.year_given


def test_dateline_without_a_year_or_anchor_has_no_date():
    match = find_dateline("WASHINGTON, Sept 28 (Reuters) - The United States said.")
    assert match.dateline.place == "WASHINGTON"
    assert match.dateline.date is None


def test_dateline_on_a_line_of_its_own():
    match = find_dateline("WASHINGTON, September 28, 2016")
    assert (match.dateline.place, match.dateline.date, match.rest) == ("WASHINGTON", date(2016, 9, 28), "")


@pytest.mark.parametrize(
    "line",
    [
        "The President - who said nothing - left the room.",
        "US - Russia talks ended without a deal.",
    ],
)
def test_sentences_with_dashes_are_not_datelines(line):
    assert find_dateline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "U.S. - Russia talks resumed in Geneva on Monday.",
        "NATO - Russia talks resumed in Brussels on Monday.",
        "BREAKING: Russia launches missile strikes on Kyiv.",
    ],
)
def test_acronyms_and_kickers_are_not_datelines(line):
    assert find_dateline(line) is None


# -- sign-offs and credits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ending, agency",
    [
        ("by the Security Council.-Reuters", "Reuters"),
        ("by the Security Council. — AP", "AP"),
        ("by the Security Council.\n\n— AP", "AP"),
        ("by the Security Council. -- AFP", "AFP"),
    ],
)
def test_agency_signoff_is_stripped_and_named(ending, agency):
    signoff = strip_signoff("The measure was approved " + ending)
    assert signoff.text == "The measure was approved by the Security Council."
    assert signoff.agency == agency


def test_reporting_credit_gives_the_authors():
    signoff = strip_signoff("The talks ended on Monday.\n\n(Reporting by A and B; Editing by C)")
    assert signoff.text == "The talks ended on Monday."
    assert signoff.authors == ("A", "B")


@pytest.mark.parametrize("text", ["The minister said so in an interview with Reuters.", "He told the AP."])
def test_agency_named_inside_the_last_sentence_stays(text):
    signoff = strip_signoff(text)
    assert (signoff.text, signoff.agency) == (text, None)


def test_reporting_credit_with_cities_gives_bare_names():
    signoff = strip_signoff(
        "The talks ended on Monday.\n\n(Reporting by Tom Perry in Beirut and "
        "Suleiman Al-Khalidi in Amman; Editing by Alison Williams)"
    )
    assert signoff.authors == ("Tom Perry", "Suleiman Al-Khalidi")


# -- deciding the publication date -----------------------------------------------------------------


def test_dateline_date_beats_metadata():
    article = jsonl_record(text="KABUL, Sept 28, 2016 (Reuters) - " + BODY, date="2016-10-02")
    assert (article.published, article.published_from) == (date(2016, 9, 28), "dateline")


def test_dateline_without_year_takes_the_year_of_the_jsonl_date():
    article = jsonl_record(text="KABUL, Sept 28 (Reuters) - " + BODY, date="2016-09-29")
    assert (article.published, article.published_from) == (date(2016, 9, 28), "dateline")


def test_dateline_without_year_takes_the_year_of_a_published_line():
    article = page(HEADLINE, "Published: 29 September 2016", "KABUL, Sept 28 (Reuters) - " + BODY)
    assert (article.published, article.published_from) == (date(2016, 9, 28), "dateline")


def test_dateline_in_december_of_a_story_published_in_january_is_last_year():
    article = jsonl_record(text="KABUL, Dec 31 (Reuters) - " + BODY, date="2017-01-01")
    assert article.published == date(2016, 12, 31)


def test_site_date_above_the_headline_is_never_the_published_date():
    article = page("Tuesday 23 July 2024", HEADLINE, BODY)
    assert article.title == HEADLINE
    assert article.published is None


def test_site_date_does_not_give_a_year_to_the_dateline():
    article = page("Tuesday 23 July 2024", HEADLINE, "KABUL, Sept 28 (Reuters) - " + BODY)
    assert article.published is None


def test_date_under_the_headline_is_the_published_date():
    article = page(HEADLINE, "September 29, 2016", BODY)
    assert (article.published, article.published_from) == (date(2016, 9, 29), "page")


def test_date_under_the_headline_wins_over_the_site_date():
    article = page("Tuesday 23 July 2024", HEADLINE, "Published: September 29, 2016 10:15 GMT", BODY)
    assert (article.published, article.published_from) == (date(2016, 9, 29), "page")


def test_url_date_when_nothing_else():
    article = page(HEADLINE, BODY, url="https://example.com/news/2019/10/07/rebels-clash")
    assert (article.published, article.published_from) == (date(2019, 10, 7), "url")


def test_url_date_of_a_jsonl_record():
    article = jsonl_record(text=BODY, url="https://example.com/2019/10/07/rebels")
    assert (article.published, article.published_from) == (date(2019, 10, 7), "url")


def test_metadata_date_when_there_is_no_dateline():
    article = jsonl_record(text=BODY, date="2019-10-08", url="https://example.com/2019/10/07/rebels")
    assert (article.published, article.published_from) == (date(2019, 10, 8), "metadata")


# -- the bundled samples against their gold --------------------------------------------------------

GOLD_ROWS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_articles():
    return {doc.source: extract(doc) for doc in read_sources([str(SAMPLES)])}


@pytest.mark.parametrize("gold", GOLD_ROWS, ids=lambda g: g["file"] + (f"#L{g['line']}" if g.get("line") else ""))
def test_sample_extracts_as_its_gold_says(sample_articles, gold):
    name = gold["file"] + (f"#L{gold['line']}" if gold.get("line") else "")
    [article] = [a for source, a in sample_articles.items() if source.endswith("/" + name)]
    assert isinstance(article, Article), article
    got = {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "dateline_place": article.dateline.place if article.dateline else None,
        "agency": article.agency,
    }
    assert got == {k: gold[k] for k in got}


def test_every_sample_document_has_gold(sample_articles):
    assert len(sample_articles) == len(GOLD_ROWS)


@pytest.mark.parametrize(
    "name, chrome",
    [
        (
            "17-germany-hosts-sahel-conference.html",
            [
                "Business & Markets",
                "Subscribe",
                "Related stories",
                "Europe braces for winter",
                "Privacy policy",
                "All rights reserved",
                "Photo: Example Herald",
            ],
        ),
        (
            "18-venezuela-guyana-dispute.html",
            [
                "Accept all",
                "Cookie settings",
                "Sign in",
                "Share on Facebook",
                "Advertisement",
                "Get the Americas Briefing",
                "More from Americas",
                "Terms of use",
                "All rights reserved",
            ],
        ),
        (
            "09-india-pakistan-talks-scraped.txt",
            [
                "Home | World",
                "Tags:",
                "Share this article",
                "Related:",
                "All rights reserved",
                "Calendar of Events",
                "4 March 2024",
            ],
        ),
        ("10-mali-attack-scraped.txt", ["Menu", "Subscribe", "Follow us", "Most read", "Calendar of Events"]),
    ],
)
def test_page_body_has_no_navigation_or_footer(name, chrome):
    text = extract_file(SAMPLES / name).text
    assert [c for c in chrome if c in text] == []


def test_html_body_starts_after_the_dateline():
    article = extract_file(SAMPLES / "17-germany-hosts-sahel-conference.html")
    assert article.text.startswith("Germany hosted an international donor conference")
    assert article.authors == ("Jana Weber",)


def test_html_keywords_are_separate_page_tags():
    article = extract_file(SAMPLES / "18-venezuela-guyana-dispute.html")
    assert list(article.page_tags) == ["Venezuela", "Guyana", "Essequibo", "border", "referendum", "United Nations"]


def test_jsonl_fields_are_used_as_given():
    article = jsonl_record(
        title="Given title",
        text="ADDIS ABABA, June 18 (Reuters) - " + BODY,
        date="2020-06-18",
        url="https://news.example.org/2020/06/18/x",
    )
    assert (article.title, article.url, article.dateline.place, article.agency) == (
        "Given title",
        "https://news.example.org/2020/06/18/x",
        "ADDIS ABABA",
        "Reuters",
    )
    assert article.text.startswith("Government forces and rebels")


def test_english_is_identified():
    assert jsonl_record(text=BODY).language == "en"


@pytest.mark.parametrize(
    "line, place",
    [
        ("ST. LOUIS, March 3 - Monsanto Co said it would sell the unit.", "ST. LOUIS"),
        ("WINSTON-SALEM, N.C., March 3 - RJR Nabisco said sales rose.", "WINSTON-SALEM, N.C."),
        ("COEUR D'ALENE, Idaho, March 3 - Hecla Mining said output fell.", "COEUR D'ALENE, Idaho"),
        ("New York, March 27 - Shares rose in early trading on Friday.", "New York"),
        ("ZÜRICH, May 6 (Reuters) - The central bank left rates unchanged.", "ZÜRICH"),
    ],
)
def test_datelines_with_dots_hyphens_apostrophes_and_mixed_case(line, place):
    assert find_dateline(line).dateline.place == place


def test_a_wire_brief_with_a_dateline_is_an_article():
    text = b"SHEARSON EARNINGS\n\nNEW YORK, March 2 - Shr 10 cts vs eight cts. Net 1.2 mln vs 980,000.\n Reuter\n"
    article = extract(RawDocument("brief.txt", text, "text/plain"))
    assert isinstance(article, Article) and article.agency == "Reuters" and article.dateline.place == "NEW YORK"


@pytest.mark.parametrize(
    "ending, agency, authors",
    [
        ("\n\nReuters reporting by Tom Perry in Beirut; editing by Alison Williams", "Reuters", ("Tom Perry",)),
        (" (Reuters reporting by Tom Perry; Editing by Bob Roe)", "Reuters", ("Tom Perry",)),
        ("\n\nBy Jane Doe, AP", "AP", ("Jane Doe",)),
    ],
)
def test_credits_naming_the_agency_before_or_after_the_reporters(ending, agency, authors):
    signoff = strip_signoff("The talks ended on Monday." + ending)
    assert (signoff.text, signoff.agency, signoff.authors) == ("The talks ended on Monday.", agency, authors)


# -- mixed encodings: each part decoded in its own, or refused; never mojibake ----------------------------

MIXED_UTF8 = (
    "SÃO PAULO, May 6 (Reuters) - Brazil and Switzerland signed a trade accord in São Paulo on Monday, "
    "officials in Zürich said.\n\n"
)
MIXED_LATIN1 = (
    "The Swiss minister, speaking in Zürich, said the accord would help exporters in Genève and "
    "São Paulo's coffee traders.\n"
)
MOJIBAKE = ("Ã", "Â", "Ă", "â€")


def test_a_latin1_paragraph_in_a_utf8_text_is_decoded_in_its_own():
    article = extract(RawDocument("mixed.txt", MIXED_UTF8.encode() + MIXED_LATIN1.encode("latin-1"), "text/plain"))
    assert article.text.count("São Paulo") == 2 and article.text.count("Zürich") == 2 and "Genève" in article.text
    assert not any(bad in article.text for bad in MOJIBAKE)


def test_a_utf8_paragraph_in_a_page_declared_cp1252_is_decoded_in_its_own():
    html = (
        b'<html><head><meta charset="windows-1252"><title>Trade accord</title></head><body><article><p>'
        + MIXED_UTF8.encode()
        + b"</p><p>"
        + MIXED_LATIN1.encode("cp1252")
        + b"</p></article></body></html>"
    )
    article = extract(RawDocument("mixed.html", html, "text/html"))
    assert "São Paulo" in article.text and "Zürich" in article.text and "Genève" in article.text
    assert not any(bad in article.text for bad in MOJIBAKE)


def test_a_part_that_is_neither_utf8_nor_a_legacy_text_is_refused_with_the_reason():
    data = MIXED_UTF8.encode() + MIXED_LATIN1.encode("latin-1") + b"\x81\x8d\x8f\x90\x9d noise\n"
    failure = extract(RawDocument("mixed.txt", data, "text/plain"))
    assert isinstance(failure, Failure) and failure.reason.startswith("mixed encodings: ")
