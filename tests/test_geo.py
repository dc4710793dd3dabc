"""Geoparsing: place names found in text, with offsets, resolved against the GeoNames gazetteer."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from newsevents.extract import extract
from newsevents.geo import gazetteer
from newsevents.sources import read_sources


def test_gazetteer_knows_aleppo():
    [aleppo] = [e for e in gazetteer.load().lookup("Aleppo") if e.country == "SYR" and e.feature == "city"]
    assert (aleppo.geonameid, aleppo.lat, aleppo.lon) == (170063, 36.20124, 37.16117)


def test_gazetteer_lookup_ignores_case_and_accents():
    assert [e.geonameid for e in gazetteer.load().lookup("bogota")] == \
        [e.geonameid for e in gazetteer.load().lookup("Bogotá")]
    assert gazetteer.load().lookup("bogota")


def test_aleppo_is_found_with_offsets_on_the_word(pipeline):
    text = "Russian jets bombed Aleppo on Tuesday."
    [aleppo] = [p for p in pipeline.geoparse_text(text) if p.name == "Aleppo"]
    assert text[aleppo.start:aleppo.end] == "Aleppo"
    assert (aleppo.geonameid, aleppo.country) == (170063, "SYR")


def test_paris_in_a_story_about_france_is_the_french_capital(pipeline):
    text = ("France's foreign minister said on Wednesday he was working to put forward a resolution, "
            "accusing Syria of an all-out war on its people, something that Paris could not sit by idly watching.")
    [paris] = [p for p in pipeline.geoparse_text(text) if p.text == "Paris"]
    assert paris.country == "FRA"
    assert text[paris.start:paris.end] == "Paris"


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
    assert [p.text for p in places] == [text[p.start:p.end] for p in places]
    assert {"Washington", "Tehran"} <= {p.name for p in places}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """A gazetteer built and cached under a fresh NEWSEVENTS_CACHE (once: building takes seconds)."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSEVENTS_CACHE", str(path))
        gazetteer.load.cache_clear()
        built = gazetteer.load()
    gazetteer.load.cache_clear()
    yield path, built
    gazetteer.load.cache_clear()


def test_gazetteer_cache_is_written_under_newsevents_cache(cache_dir):
    path, _ = cache_dir
    assert list((path / "newsevents").glob("gazetteer-*.pickle"))


def test_gazetteer_cache_is_used_instead_of_rebuilding(cache_dir, monkeypatch):
    path, built = cache_dir

    def no_rebuild():
        raise AssertionError("the gazetteer was rebuilt although a cache file exists")

    monkeypatch.setenv("NEWSEVENTS_CACHE", str(path))
    monkeypatch.setattr(gazetteer.Gazetteer, "build", staticmethod(no_rebuild))
    gazetteer.load.cache_clear()
    try:
        cached = gazetteer.load()
    finally:
        gazetteer.load.cache_clear()
    assert cached is not built
    assert [e.geonameid for e in cached.lookup("Aleppo")] == [e.geonameid for e in built.lookup("Aleppo")]
