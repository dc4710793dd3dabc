"""`newsevents bench extract`: the scorers, the Reuters-21578 reader, and runs on each data set."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from conftest import SHARED, needs_shared
from newsevents.bench import extraction
from newsevents.bench.extraction import (
    Score,
    author_names,
    same_date,
    same_title,
    shingle_score,
    word_score,
)
from newsevents.bench.pages import dateline_place, reuters_stories

DATA = SHARED / "data"


def test_identical_texts_score_one():
    text = "Rebels shelled the city on Tuesday, the ministry said."
    assert word_score(text, text) == Score(1.0, 1.0, 1.0)
    assert shingle_score(text, text) == Score(1.0, 1.0, 1.0)


def test_disjoint_texts_score_zero():
    assert word_score("talks resumed in Geneva", "floods hit the north") == Score(0.0, 0.0, 0.0)
    assert shingle_score("talks resumed in Geneva today", "floods hit the north again") == Score(0.0, 0.0, 0.0)


def test_empty_output_scores_zero():
    assert word_score("", "floods hit the north") == Score(0.0, 0.0, 0.0)
    assert shingle_score(None, "floods hit the north") == Score(0.0, 0.0, 0.0)


def test_words_are_a_bag_counted_with_repeats():
    # common: "the" twice and "cat" once, of 4 output and 6 gold words
    score = word_score("The the cat dog", "the cat sat on the mat")
    assert score.precision == 0.75 and score.recall == 0.5
    assert score.f1 == pytest.approx(0.6)


def test_shingles_ignore_case_and_punctuation():
    # gold shingles: abcd bcde cdef; output: abcd bcde cdex
    score = shingle_score("A, b. C d E x", "a b c d e f")
    assert score == pytest.approx(Score(2 / 3, 2 / 3, 2 / 3))


def test_shingles_are_a_set_and_a_short_text_is_one_shingle():
    # "a b c d a b c d" has the shingles abcd, bcda, cdab, dabc (abcd twice, counted once)
    assert shingle_score("a b c d", "a b c d a b c d") == pytest.approx(Score(1.0, 0.25, 0.4))
    assert shingle_score("ceasefire holds", "ceasefire holds") == Score(1.0, 1.0, 1.0)


def test_title_match_exact_or_loose():
    assert same_title("U.N.  votes on Gaza", "U.N. votes on Gaza")
    assert not same_title("U.N. votes on Gaza", "UN votes on Gaza")
    assert same_title("U.N. Votes on Gaza!", "u.n. votes on gaza", loose=True)
    assert not same_title(None, "Gaza")


def test_author_names_split_and_normalised():
    assert author_names("RALPH D. RUSSO, BOB FERRANTE") == author_names("Ralph D Russo; Bob  Ferrante")
    assert author_names("Ann Lee and Bo Yu |") == {"ann lee", "bo yu"}
    assert author_names("") == frozenset()


def test_dates_compare_on_the_day():
    assert same_date("2023-12-17", "2023-12-17")
    assert same_date("2023-12-17T10:00:00", "2023-12-17")
    assert not same_date(None, "2023-12-17")


SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>STANDARD OIL &lt;SRD> TO FORM UNIT</TITLE>
<DATELINE>    CLEVELAND, Feb 26 - </DATELINE><BODY>Standard Oil Co &amp; BP North America
Inc said they plan to form a venture.
    The venture will be called BP/Standard.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT>&#2;
<TITLE>WEEKLY FIGURES</TITLE>
<BODY>No dateline here.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def test_reuters_reader_builds_wire_copy_from_records_with_a_dateline():
    [story] = reuters_stories(SGML)
    assert story.id == "1"
    assert story.text == (
        "STANDARD OIL <SRD> TO FORM UNIT\n\n"
        "CLEVELAND, Feb 26 - Standard Oil Co & BP North America\n"
        "Inc said they plan to form a venture.\n"
        "    The venture will be called BP/Standard.\n"
        " Reuter\n"
    )
    assert story.place == "CLEVELAND"
    assert story.date == date(1987, 2, 26)
    assert story.signed


def test_dateline_place_stops_at_the_first_comma_or_dash():
    assert dateline_place("    SAN JOSE, Calif., March 16 - ") == "SAN JOSE"
    assert dateline_place("    NEW  YORK - ") == "NEW YORK"
    assert dateline_place("    JOHANNESBURG March 13 -\n    ") == "JOHANNESBURG March 13"


def test_a_folder_that_is_no_data_set_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="not a known extraction data set"):
        extraction.run(str(tmp_path))
    with pytest.raises(ValueError, match="no such data set folder"):
        extraction.run(str(tmp_path / "missing"))


STORY = " ".join(
    f"<p>The council met on day {n} to discuss the ceasefire, and the delegates agreed that the talks "
    f"would resume in the capital after the holiday, officials said in a statement.</p>"
    for n in range(1, 6)
)
PAGE = (
    f"<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>{STORY}</article></body></html>"
)


def test_an_unreadable_page_is_counted_and_the_run_goes_on(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "good.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (tmp_path / "html" / "broken.html.gz").write_bytes(b"not gzip at all")
    gold = " ".join(
        f"The council met on day {n} to discuss the ceasefire, and the delegates agreed that the talks "
        f"would resume in the capital after the holiday, officials said in a statement."
        for n in range(1, 6)
    )
    (tmp_path / "ground-truth.json").write_text(
        json.dumps(
            {
                "good": {"articleBody": gold, "url": "https://example.org/talks"},
                "missing": {"articleBody": "Never saved.", "url": "https://example.org/missing"},
                "broken": {"articleBody": "Saved badly.", "url": "https://example.org/broken"},
            }
        )
    )
    result = extraction.run(str(tmp_path))
    assert (result["dataset"], result["pages"], result["unreadable"]) == ("aeb", 1, 2)
    assert result["newsevents"]["body_word_f1"] == 1.0
    summary = extraction.describe(result)
    assert "newsevents" in summary and "trafilatura" in summary
    assert [line for line in summary.splitlines() if line.startswith("body words, F1")][0].split()[-2:] == [
        "1.000",
        f"{result['trafilatura']['body_word_f1']:.3f}",
    ]


def _naeb_folder(tmp_path, head: str):
    """A one-page data set in NAEB's format, its gold date 2021-03-03."""
    (tmp_path / "html").mkdir()
    page = PAGE.replace("</head>", head + "</head>")
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (tmp_path / "news_articles.json").write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "title": "Talks resume",
                    "authors": "",
                    "date": "2021-03-03",
                    "text": "The council met.",
                    "html_file": "p1",
                    "site": "https://example.org",
                    "link": "https://example.org/talks",
                }
            ]
        )
    )
    return str(tmp_path)


def test_the_date_is_shown_beside_htmldates_original_date(tmp_path):
    folder = _naeb_folder(
        tmp_path,
        '<meta property="article:published_time" content="2021-03-03T08:00:00Z">'
        '<meta property="article:modified_time" content="2021-03-09T08:00:00Z">',
    )
    result = extraction.run(folder)
    assert (result["newsevents"]["date"], result["htmldate"]) == (1.0, {"date": 1.0})
    date_row = next(line for line in extraction.describe(result).splitlines() if line.startswith("date"))
    assert date_row.split()[1:] == ["1.000", f"{result['trafilatura']['date']:.3f}", "1.000"]


def test_a_run_with_a_rule_off_says_so_and_measures_without_it(tmp_path):
    # htmldate reads the <meta name="date"> before the JSON-LD: the page's datePublished is ours alone.
    folder = _naeb_folder(
        tmp_path,
        '<meta name="date" content="2021-03-01">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2021-03-03T08:00:00Z"}</script>',
    )
    assert extraction.run(folder)["newsevents"]["date"] == 1.0
    result = extraction.run(folder, without=["declared-date"])
    assert result["without"] == ["declared-date"] and result["newsevents"]["date"] == 0.0
    assert "rules off: declared-date" in extraction.describe(result)
    with pytest.raises(ValueError, match="no such extraction rule: guesswork"):
        extraction.run(folder, without=["guesswork"])


def test_a_broken_gold_file_is_a_clear_error(tmp_path):
    (tmp_path / "news_articles.json").write_text("[{")
    with pytest.raises(ValueError, match="cannot read the gold file"):
        extraction.run(str(tmp_path))


def _assert_fractions(figures: dict):
    for key, value in figures.items():
        if key not in ("failures", "seconds", "pages_per_s"):
            assert value is None or 0.0 <= value <= 1.0, key
    assert figures["pages_per_s"] > 0


@needs_shared
@pytest.mark.parametrize("name, folder", [("aeb", "extraction/aeb"), ("naeb", "extraction/naeb")])
def test_a_small_run_on_a_page_data_set(name, folder):
    result = extraction.run(str(DATA / folder), limit=5)
    assert (result["benchmark"], result["dataset"], result["pages"] + result["unreadable"]) == ("extract", name, 5)
    body = {f"body_{kind}_{measure}" for kind in ("word", "shingle") for measure in ("precision", "recall", "f1")}
    metadata = {"title_exact", "title_loose", "date", "authors"} if name == "naeb" else set()
    for side in ("newsevents", "trafilatura"):
        assert set(result[side]) == body | metadata | {"failures", "seconds", "pages_per_s"}
        _assert_fractions(result[side])
    assert result["speed_ratio"] > 0
    assert len(result["worst"]) == 5
    assert all(0.0 <= w["newsevents_f1"] <= 1.0 and 0.0 <= w["trafilatura_f1"] <= 1.0 for w in result["worst"])


@needs_shared
def test_a_small_run_on_reuters():
    result = extraction.run(str(DATA / "newswire/reuters21578"), limit=5)
    assert (result["dataset"], result["pages"]) == ("reuters21578", 5)
    assert "trafilatura" not in result and "speed_ratio" not in result
    assert set(result["newsevents"]) == {
        "dateline_place",
        "agency",
        "date",
        "date_ignoring_year",
        "failures",
        "seconds",
        "pages_per_s",
    }
    _assert_fractions(result["newsevents"])
