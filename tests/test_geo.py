"""Geoparsing: place names found in text, with offsets, resolved against the GeoNames gazetteer."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from newsevents.extract import extract
from newsevents.geo import cache, gazetteer
from newsevents.sources import read_sources


def test_gazetteer_knows_aleppo():
    [aleppo] = [e for e in cache.load().lookup("Aleppo") if e.country == "SYR" and e.feature == "city"]
    assert (aleppo.geonameid, aleppo.lat, aleppo.lon) == (170063, 36.20124, 37.16117)


def test_gazetteer_lookup_ignores_case_and_accents():
    assert [e.geonameid for e in cache.load().lookup("bogota")] == [e.geonameid for e in cache.load().lookup("Bogotá")]
    assert cache.load().lookup("bogota")


def test_aleppo_is_found_with_offsets_on_the_word(pipeline):
    text = "Russian jets bombed Aleppo on Tuesday."
    [aleppo] = [p for p in pipeline.geoparse_text(text) if p.name == "Aleppo"]
    assert text[aleppo.start : aleppo.end] == "Aleppo"
    assert (aleppo.geonameid, aleppo.country) == (170063, "SYR")


def test_paris_in_a_story_about_france_is_the_french_capital(pipeline):
    text = (
        "France's foreign minister said on Wednesday he was working to put forward a resolution, "
        "accusing Syria of an all-out war on its people, something that Paris could not sit by idly watching."
    )
    [paris] = [p for p in pipeline.geoparse_text(text) if p.text == "Paris"]
    assert paris.country == "FRA"
    assert text[paris.start : paris.end] == "Paris"


def test_unknown_place_stays_unresolved_and_spoils_nothing(pipeline):
    text = "Fighting broke out in Xqztown and Aleppo on Monday, officials said."
    places = {p.text: p for p in pipeline.geoparse_text(text)}
    assert places["Aleppo"].geonameid == 170063
    if "Xqztown" in places:
        assert (places["Xqztown"].geonameid, places["Xqztown"].lat) == (None, None)


@pytest.mark.parametrize("text", ["", "   ", "in Xqztown", "Xqztown Xqztown Xqztown.", "\n\n"])
def test_odd_input_never_raises(pipeline, text):
    assert isinstance(pipeline.geoparse_text(text), list)


def test_every_place_of_an_article_points_at_its_name(pipeline):
    [doc] = read_sources([str(SAMPLES / "05-iran-sanctions-threat.txt")])
    text = extract(doc).text
    places = pipeline.geoparse_text(text)
    assert places
    assert [p.text for p in places] == [text[p.start : p.end] for p in places]
    assert {"Washington", "Tehran"} <= {p.name for p in places}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """A gazetteer built and cached under a fresh NEWSEVENTS_CACHE (once: building takes seconds)."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSEVENTS_CACHE", str(path))
        cache.load.cache_clear()
        built = cache.load()
    cache.load.cache_clear()
    yield path, built
    cache.load.cache_clear()


def test_gazetteer_cache_is_written_under_newsevents_cache(cache_dir):
    path, _ = cache_dir
    assert list((path / "newsevents").glob("gazetteer-*.pickle"))


def test_gazetteer_cache_is_used_instead_of_rebuilding(cache_dir, monkeypatch):
    path, built = cache_dir

    def no_rebuild():
        raise AssertionError("the gazetteer was rebuilt although a cache file exists")

    monkeypatch.setenv("NEWSEVENTS_CACHE", str(path))
    monkeypatch.setattr(gazetteer.Gazetteer, "build", staticmethod(no_rebuild))
    cache.load.cache_clear()
    try:
        cached = cache.load()
    finally:
        cache.load.cache_clear()
    assert cached is not built
    aleppo = [e.geonameid for e in built.lookup("Aleppo")]
    assert aleppo and [e.geonameid for e in cached.lookup("Aleppo")] == aleppo


# -- how names are used: places, nationality words, names inside names ----------------------------


def _places(pipeline, text):
    return {p.text: p for p in pipeline.geoparse_text(text)}


def test_nationality_word_modifying_a_noun_is_its_country_as_an_adjective(pipeline):
    places = _places(pipeline, "Russian warplanes struck the Syrian-Turkish border area on Tuesday.")
    assert (places["Russian"].country, places["Russian"].feature, places["Russian"].role) == (
        "RUS",
        "country",
        "adjective",
    )
    assert places["Syrian"].country == "SYR" and places["Turkish"].country == "TUR"


def test_people_named_by_nationality_are_not_places(pipeline):
    assert "Russians" not in _places(pipeline, "The Russians said they would respond.")


def test_a_place_inside_an_organisation_name_is_embedded(pipeline):
    places = _places(pipeline, "The Washington Post reported on Friday that the talks in Geneva had stalled.")
    assert places["Washington"].role == "embedded"
    assert places["Geneva"].role == "place"


def test_capitalised_dateline_is_a_place(pipeline):
    places = _places(pipeline, "BEIRUT (AP) — A Kurdish militia spokesman says the fighting has stopped.")
    assert places["BEIRUT"].geonameid is not None and places["BEIRUT"].country == "LBN"


def test_a_towns_own_name_beats_a_city_that_once_went_by_it(pipeline):
    # Harare was once called Salisbury; the English town still is.
    places = _places(pipeline, "Police in Salisbury said the two were found on a bench in the city centre.")
    assert places["Salisbury"].country == "GBR"


def test_first_level_divisions_and_state_abbreviations(pipeline):
    places = _places(pipeline, "Farmers in Tamil Nadu protested, and a rally was held in Richmond, Va., on Sunday.")
    assert (places["Tamil Nadu"].country, places["Tamil Nadu"].feature) == ("IND", "region")
    assert (places["Va."].name, places["Va."].feature) == ("Virginia", "region")


def test_a_name_the_article_uses_for_a_person_is_not_an_unknown_place(pipeline):
    text = "Yulia Skripal was discharged from hospital on Tuesday. Doctors said Yulia was recovering well in Salisbury."
    assert "Yulia" not in _places(pipeline, text)


def test_continents_and_their_adjectives(pipeline):
    places = _places(pipeline, "European leaders met African ministers in Brussels to discuss migration to Europe.")
    assert places["European"].name == places["Europe"].name == "Europe"
    assert places["European"].feature == "continent" and places["African"].name == "Africa"


def test_nationality_words_do_not_become_event_locations(pipeline):
    from newsevents.pipeline import code_text

    [event] = [
        e
        for e in code_text("Russian warplanes bombed rebel positions on Tuesday.", date="2016-09-28")
        if e.plover_type == "ASSAULT"
    ]
    assert event.location is None or event.location.country != "RUS"


# -- user gazetteers (--gazetteer FILE) ------------------------------------------------------------

DUMP_ROW = (
    "9999001\tZaqqum Springs\tZaqqum Springs\tZaqqum Spring\t35.1\t38.2\tP\tPPL\tSY\t\t09\t\t\t\t800\t\t300"
    "\tAsia/Damascus\t2020-01-01\n"
)


def test_gazetteer_dump_adds_villages_to_the_built_in_places(tmp_path):
    dump = tmp_path / "villages.txt"
    dump.write_text(DUMP_ROW, encoding="utf-8")
    extended = cache.load((str(dump),))
    [village] = extended.lookup("Zaqqum Springs")
    assert (village.geonameid, village.country, village.lat) == (9999001, "SYR", 35.1)
    assert extended.lookup("Aleppo") and not cache.load().lookup("Zaqqum Springs")


def test_geoparse_with_a_gazetteer_file_and_a_broken_one(run_cli, tmp_path):
    dump = tmp_path / "villages.txt"
    dump.write_text(DUMP_ROW, encoding="utf-8")
    line = '{"id": "a", "text": "Shelling was reported near Zaqqum Springs and in Aleppo."}\n'
    result = run_cli("geoparse", "--gazetteer", str(dump), input=line)
    assert result.status == 0
    places = {p["text"]: p for p in result.jsonl()[0]["places"]}
    assert places["Zaqqum Springs"]["geonameid"] == 9999001 and places["Aleppo"]["geonameid"] == 170063
    broken = tmp_path / "broken.txt"
    broken.write_text("170063\tAleppo\n", encoding="utf-8")
    result = run_cli("geoparse", "--gazetteer", str(broken), input=line)
    assert result.status == 1 and "broken.txt, line 1" in result.stderr
    result = run_cli("geoparse", "--gazetteer", str(tmp_path / "missing.txt"), input=line)
    assert result.status == 1 and "missing.txt" in result.stderr


def test_a_city_the_model_took_for_a_person_and_a_nationality_inside_a_name(pipeline):
    places = _places(
        pipeline, "BEIRUT (AP) - Russian jets struck Douma, east of Damascus, the Syrian Observatory said."
    )
    assert (places["Douma"].country, places["Douma"].role) == ("SYR", "place")
    assert (places["Syrian"].country, places["Syrian"].role) == ("SYR", "embedded")
    assert "Syrian Observatory" not in places


def test_seas_and_world_regions_stay_unresolved_rather_than_land_on_villages(pipeline):
    places = _places(pipeline, "Tensions in the Middle East rose as ships crossed the Atlantic on Monday.")
    assert places["Middle East"].geonameid is None and places["Middle East"].lat is None
