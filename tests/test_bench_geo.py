"""`newsevents bench geo`: the GeoWebNews reader, gold countries, the scorer, and a run."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, needs_shared
from newsevents.bench.geo import (
    MAX_KM,
    Annotation,
    GoldArticle,
    GoldCountries,
    log_error_auc,
    pair_spans,
    read_geowebnews,
    score,
)
from newsevents.geo.gazetteer import Entry, Gazetteer
from newsevents.records import Place

GWN = SHARED / "data" / "geo" / "geowebnews" / "GWN.xml"

SYRIA = "Syrian troops shelled Aleppo on Monday. Moscow said the city was calm; Paris, Texas, was not."
STREET = "Germans gathered on Royal Street."


def toponym(
    name: str, start: int, type: str, *, end: int | None = None, gid: str = "", lat: str = "", lon: str = ""
) -> str:
    end = start + len(name) if end is None else end
    return (
        f"<toponym><extractedName>{name}</extractedName><normalisedName/><type>{type}</type><modifierType/>"
        f"<nonLocational>No</nonLocational><start>{start}</start><end>{end}</end>"
        + (f"<geonamesID>{gid}</geonamesID><latitude>{lat}</latitude><longitude>{lon}</longitude>" if lat else "")
        + "</toponym>"
    )


XML = f"""<?xml version="1.0" ?>
<articles>
  <!-- a comment, as in GWN.xml -->
  <article file="7">
    <title>Shelling near Aleppo</title><link>http://example.org/7</link>
    <text>{SYRIA}</text>
    <toponyms>
      {toponym("Syrian", 0, "Non_Literal_Modifier", gid="163843", lat="35.0", lon="38.0")}
      {toponym("Aleppo", SYRIA.index("Aleppo"), "Literal", gid="170063", lat="36.20124", lon="37.16117")}
      {toponym("Moscow", SYRIA.index("Moscow") + 3, "Metonymic", gid="524901", lat="55.75222", lon="37.61556")}
      {toponym("the city", SYRIA.index("the city"), "Non_Lit_Expression")}
      {toponym("Paris", SYRIA.index("Paris"), "Literal", gid="4717560", lat="33.66094", lon="-95.55551")}
      {toponym("Aleppo", -12, "Literal", gid="170063", lat="36.20124", lon="37.16117")}
    </toponyms>
  </article>
  <article file="8">
    <title>A street party</title><link>http://example.org/8</link>
    <text>{STREET}</text>
    <toponyms>
      {toponym("Germans", 0, "Demonym")}
      {toponym("Royal Street", STREET.index("Royal"), "Literal", lat="29.96", lon="-90.06")}
    </toponyms>
  </article>
</articles>
"""


# -- the reader ------------------------------------------------------------------------------------


def test_the_reader_gives_each_annotation_with_its_offsets_and_coordinates():
    gold = read_geowebnews(XML)
    assert [a.id for a in gold.articles] == ["7", "8"]
    syria = gold.articles[0]
    assert syria.text == SYRIA
    aleppo = next(a for a in syria.annotations if a.text == "Aleppo")
    assert (aleppo.span, aleppo.type, aleppo.geonameid) == ((22, 28), "Literal", 170063)
    assert aleppo.lat == pytest.approx(36.20124) and aleppo.lon == pytest.approx(37.16117)
    street = gold.articles[1].toponyms[0]
    assert street.text == "Royal Street" and street.geonameid is None and street.lat == pytest.approx(29.96)
    assert all(syria.text[a.start : a.end] == a.text for a in syria.annotations)


def test_only_the_eight_toponym_types_are_gold_toponyms():
    gold = read_geowebnews(XML)
    assert [a.text for a in gold.articles[0].toponyms] == ["Syrian", "Aleppo", "Moscow", "Paris"]
    assert [a.text for a in gold.articles[1].toponyms] == ["Royal Street"]


def test_a_wrong_offset_moves_to_the_name_nearby_and_one_outside_the_text_is_set_aside():
    gold = read_geowebnews(XML)
    moscow = next(a for a in gold.articles[0].annotations if a.text == "Moscow")
    assert moscow.start == SYRIA.index("Moscow")
    assert len(gold.repaired) == 1 and "Moscow" in gold.repaired[0]
    assert len(gold.set_aside) == 1 and "-12" in gold.set_aside[0] and "before the text" in gold.set_aside[0]
    assert sum(a.text == "Aleppo" for a in gold.articles[0].annotations) == 1


def test_the_reader_takes_the_first_articles_only_when_limited():
    assert [a.id for a in read_geowebnews(XML, limit=1).articles] == ["7"]


def test_a_file_that_is_not_geowebnews_is_a_clear_error():
    with pytest.raises(ValueError, match="GeoWebNews"):
        read_geowebnews("<Validation><Sentences/></Validation>")
    with pytest.raises(ValueError, match="GeoWebNews"):
        read_geowebnews("<articles><article>")


# -- gold countries --------------------------------------------------------------------------------


def gold_place(gid: int | None, lat: float, lon: float) -> Annotation:
    return Annotation("x", 0, 1, "Literal", geonameid=gid, lat=lat, lon=lon)


@pytest.fixture
def countries():
    gazetteer = Gazetteer({170063: Entry(170063, "Aleppo", "SYR", 36.2, 37.16, 1_800_000, "city")}, {})
    loads = []

    def towns():
        loads.append(1)
        return [(524901, "RUS", 55.75, 37.62), (4335045, "USA", 29.95, -90.07), (1, "FJI", -16.5, 179.99)]

    finder = GoldCountries(gazetteer, towns)
    finder.loads = loads
    return finder


def test_a_gold_country_comes_from_the_gazetteer_without_loading_the_towns(countries):
    assert countries.find(gold_place(170063, 36.2, 37.16)) == ("SYR", "gazetteer")
    assert countries.loads == []


def test_a_gold_id_missing_from_the_gazetteer_is_looked_up_among_the_towns(countries):
    assert countries.find(gold_place(524901, 55.75, 37.62)) == ("RUS", "towns by id")
    assert countries.loads == [1]


def test_a_local_place_without_an_id_takes_the_country_of_a_town_within_10_km(countries):
    assert countries.find(gold_place(None, 29.96, -90.06)) == ("USA", "nearest town")
    assert countries.find(gold_place(None, -16.5, -179.99)) == ("FJI", "nearest town")  # across the date line
    assert countries.find(gold_place(None, 30.2, -90.07)) == (None, "unknown")  # 28 km away
    assert countries.loads == [1]


def test_an_unknown_gold_id_gets_no_country_even_near_a_town(countries):
    # "Europe" has a point near Stuttgart; it is no more German for that.
    assert countries.find(gold_place(6255148, 55.75, 37.62)) == (None, "unknown")


# -- scoring ---------------------------------------------------------------------------------------


def gold_articles() -> list[GoldArticle]:
    gold = read_geowebnews(XML)
    countries = {"Syrian": "SYR", "Aleppo": "SYR", "Moscow": "RUS", "Paris": "USA", "Royal Street": "USA"}
    return [
        GoldArticle(
            a.id,
            a.text,
            tuple(
                Annotation(t.text, t.start, t.end, t.type, t.name, t.geonameid, t.lat, t.lon, countries.get(t.text))
                for t in a.annotations
            ),
        )
        for a in gold.articles
    ]


def place(text: str, whole: str, gid=None, country=None, lat=None, lon=None, name=None) -> Place:
    start = whole.index(text)
    return Place(text, start, start + len(text), gid, name or text, country, lat, lon, "city" if gid else None)


OURS = [
    [
        place("Aleppo", SYRIA, 170063, "SYR", 36.20124, 37.16117),
        place("Monday", SYRIA),
        place("Moscow", SYRIA, 5601538, "USA", 46.73239, -117.00017),  # Moscow, Idaho
        place("the city", SYRIA),
        place("Paris, Texas", SYRIA, 2988507, "FRA", 48.85341, 2.3488, name="Paris"),
    ],
    [place("Germans", STREET), place("Royal Street", STREET)],
]


def test_exact_spans_count_only_the_same_start_and_end():
    spans = score(gold_articles(), OURS)["figures"]["span_exact"]
    # right: Aleppo, Moscow, Royal Street; ours 7, gold 5
    assert spans["precision"] == pytest.approx(3 / 7, abs=1e-3) and spans["recall"] == 0.6
    assert (spans["gold"], spans["ours"]) == (5, 7)


def test_overlapping_spans_count_in_the_lenient_view():
    result = score(gold_articles(), OURS)
    spans = result["figures"]["span_overlap"]
    assert spans["precision"] == pytest.approx(4 / 7, abs=1e-3) and spans["recall"] == 0.8
    assert result["boundaries"] == [{"gold_ours": "Paris => Paris, Texas", "count": 1}]


def test_resolution_is_scored_on_the_toponyms_found():
    f = score(gold_articles(), OURS)["figures"]
    assert f["paired"] == 4
    assert (f["geonameid_accuracy"], f["geonameid_gold"]) == (0.333, 3)  # Royal Street has no id
    assert (f["country_accuracy"], f["country_gold"]) == (0.25, 4)
    assert (f["accuracy_161km"], f["distance_gold"], f["unresolved"]) == (0.25, 4, 1)
    assert f["end_to_end_161km"] == 0.2 and f["located_gold"] == 5  # Syrian was never found


def test_an_unresolved_place_counts_the_largest_error():
    f = score(gold_articles(), OURS)["figures"]
    assert f["mean_km"] > MAX_KM / 4
    moscow_error = 9000  # Moscow to Moscow, Idaho is over 8,000 km and under 10,000
    assert f["median_km"] > moscow_error * 0.8 and f["median_km"] < MAX_KM


def test_the_worst_resolutions_are_the_farthest_first():
    worst = score(gold_articles(), OURS)["worst"]
    assert [w["text"] for w in worst] == ["Moscow", "Paris"]
    assert worst[0]["km"] > worst[1]["km"] > 161
    assert "Moscow (5601538, USA" in worst[0]["ours"]


def test_the_per_type_table_shows_what_our_false_positives_are():
    result = score(gold_articles(), OURS)
    table = result["per_type"]
    assert table["Literal"] == {"toponym": True, "gold": 3, "exact": 2, "overlap": 3}
    assert table["Non_Literal_Modifier"] == {"toponym": True, "gold": 1, "exact": 0, "overlap": 0}
    assert table["Demonym"] == {"toponym": False, "gold": 1, "exact": 1, "overlap": 1}
    assert table["Non_Lit_Expression"]["exact"] == 1
    assert result["false_positives_on"] == {"(unannotated)": 1, "Non_Lit_Expression": 1, "Demonym": 1}
    assert result["missed"] == [{"text": "Syrian", "count": 1, "type": "Non_Literal_Modifier"}]
    assert {m["text"] for m in result["false_positives"]} == {"Monday", "the city", "Germans"}


def test_a_place_inside_a_longer_name_does_not_take_the_name():
    text = "The Syrian Observatory said."
    article = GoldArticle(
        "9",
        text,
        (Annotation("Syrian", 4, 10, "Embedded_Non_Lit"), Annotation("Syrian Observatory", 4, 22, "Non_Toponym")),
    )
    inside = score([article], [[place("Syrian", text)]])
    assert inside["per_type"]["Non_Toponym"] == {"toponym": False, "gold": 1, "exact": 0, "overlap": 0}
    whole = score([article], [[place("Syrian Observatory", text)]])
    assert whole["per_type"]["Non_Toponym"] == {"toponym": False, "gold": 1, "exact": 1, "overlap": 1}
    assert whole["figures"]["span_exact"]["precision"] == 0.0 and whole["figures"]["span_overlap"]["precision"] == 1.0
    assert whole["false_positives_on"] == {}


def test_a_perfect_geoparser_scores_one_everywhere():
    articles = gold_articles()
    perfect = [
        [Place(t.text, t.start, t.end, t.geonameid or 1, t.name, t.country, t.lat, t.lon, "city") for t in a.toponyms]
        for a in articles
    ]
    f = score(articles, perfect)["figures"]
    assert f["span_exact"]["f1"] == f["span_overlap"]["f1"] == 1.0
    assert f["geonameid_accuracy"] == f["country_accuracy"] == f["accuracy_161km"] == f["end_to_end_161km"] == 1.0
    assert f["auc"] == 0.0 and f["mean_km"] == 0.0


def test_a_long_span_over_two_toponyms_pairs_with_one_of_them():
    first, second = Annotation("New", 0, 3, "Literal"), Annotation("York", 4, 8, "Literal")
    pairs = pair_spans([first, second], [Place("New York", 0, 8)])
    assert [g.text for g, _ in pairs] == ["York"]  # the larger overlap; "New" is missed


def test_an_exact_span_is_paired_before_an_overlapping_one():
    exact, longer = Place("Aleppo", 0, 6), Place("Aleppo city", 0, 11)
    pairs = pair_spans([Annotation("Aleppo", 0, 6, "Literal")], [longer, exact])
    assert [(g.text, p.text) for g, p in pairs] == [("Aleppo", "Aleppo")]


def test_the_auc_of_log_errors_runs_from_zero_to_one():
    assert log_error_auc([0.0, 0.0, 0.0]) == 0.0
    assert log_error_auc([MAX_KM] * 3) == pytest.approx(1.0, abs=1e-4)
    assert 0.0 < log_error_auc([0.0, 100.0, MAX_KM]) < 1.0
    assert log_error_auc([5.0]) is None


# -- the command -----------------------------------------------------------------------------------


@needs_shared
def test_bench_geo_prints_its_figures_then_the_json(run_cli):
    result = run_cli("bench", "geo", "--dataset", GWN, "--limit", "3", "--split", "all")
    assert result.status == 0, result.stderr
    *summary, last = result.stdout.strip().splitlines()
    text = "\n".join(summary)
    for words in (
        "3 articles",
        "spans exact",
        "spans overlap",
        "GeoNames id",
        "within 161 km",
        "AUC",
        "documents/s",
        "Literal",
        "Demonym",
    ):
        assert words in text
    figures = json.loads(last)
    assert figures["benchmark"] == "geo" and figures["articles"] == 3 and figures["gold_toponyms"] > 20
    f = figures["figures"]
    for key in ("precision", "recall", "f1"):
        assert 0.0 <= f["span_exact"][key] <= f["span_overlap"][key] <= 1.0
    assert 0.0 <= f["accuracy_161km"] <= 1.0 and f["paired"] > 0 and figures["documents_per_s"] > 0


def test_bench_geo_on_a_missing_file_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("bench", "geo", "--dataset", tmp_path / "GWN.xml")
    assert result.status == 1
    assert "GWN.xml" in result.stderr and result.stdout == ""
