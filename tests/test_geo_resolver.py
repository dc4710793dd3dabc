"""The learned place resolver: namesakes chosen by the story, the model file, training on gold."""

from __future__ import annotations

import json

import pytest

from newsevents.geo import candidates, resolve
from newsevents.geo.cache import load
from newsevents.geo.resolver import MODEL_PATH, PASSES, PlaceModel, PlaceModelError, load_model
from newsevents.geo.training import GoldPlace, pair, read_gold, train


def _places(pipeline, text):
    return {p.text: p for p in pipeline.geoparse_text(text)}


def test_the_shipped_model_records_its_training_and_heldout_figures():
    model = load_model()
    assert len(model.weights) == len(PASSES) and all(len(w) == len(n) for w, n in zip(model.weights, PASSES))
    figures = model.about["figures"]
    assert figures["heldout"]["names"] > 500 and figures["heldout"]["within_161km"] > 0.8
    assert any("train" in source for source in model.about["trained_on"])


def test_washington_alone_is_the_capital_not_the_state():
    assert resolve("Washington", load()).admin1 == "DC"


def test_a_towns_own_name_beats_an_old_name_of_a_city():
    key, found = candidates("Salisbury", load())
    assert found and all(e.name == "Salisbury" for e in found)


def test_a_division_named_after_its_city_resolves_to_the_city():
    assert resolve("Aleppo", load()).geonameid == 170063


def test_local_story_keeps_its_namesakes_in_its_state(pipeline):
    text = (
        "Flooding closed roads in Vicksburg and Hattiesburg on Monday. In Jackson, the mayor said "
        "shelters at Biloxi and Gulfport were full."
    )
    assert _places(pipeline, text)["Jackson"].country == "USA"
    jackson = _places(pipeline, text)["Jackson"]
    assert (jackson.country, jackson.name) == ("USA", "Jackson")
    # Jackson, Mississippi: the story's other towns are all in Mississippi.
    assert load().entries[jackson.geonameid].admin1 == "MS"


def test_a_town_followed_by_its_state_is_looked_for_there(pipeline):
    places = _places(pipeline, "A tornado damaged homes in Lexington, Ky., and in Paris, Texas, on Sunday.")
    assert load().entries[places["Lexington"].geonameid].admin1 == "KY"
    assert places["Paris"].country == "USA"


def test_a_story_about_the_caucasus_means_the_country_georgia(pipeline):
    text = "Protesters gathered in Tbilisi as Georgia's parliament debated the law; Armenia and Azerbaijan watched."
    assert _places(pipeline, text)["Georgia"].country == "GEO"


def test_a_model_file_that_cannot_be_used_gives_a_clear_error(tmp_path):
    missing = tmp_path / "none.json"
    with pytest.raises(PlaceModelError, match="cannot read place model"):
        PlaceModel.load(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(PlaceModelError, match="not JSON"):
        PlaceModel.load(broken)
    other = tmp_path / "other.json"
    document = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    document["passes"][0]["features"] = ["population"]
    other.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PlaceModelError, match="retrain it"):
        PlaceModel.load(other)
    document = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    document["passes"][1]["weights"][0] = "heavy"
    other.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PlaceModelError, match="malformed"):
        PlaceModel.load(other)


def test_gold_spans_pair_one_to_one_with_the_names_found():
    from newsevents.geo import Toponym

    toponyms = [Toponym("Aleppo", 10, 16), Toponym("Idlib province", 30, 44)]
    here, there = GoldPlace(36.2, 37.16), GoldPlace(35.9, 36.6)
    paired = pair(toponyms, [(10, 16, here), (30, 35, there), (40, 50, GoldPlace(0, 0))])
    assert paired == {0: here, 1: there}


# Stories written for this test: US local news, where the namesake in the story's state is right.
STORIES = [
    (
        "local-1",
        "Storms hit Columbia and Charleston overnight. Greenville crews cleared roads near Spartanburg.",
        [
            ("Columbia", 34.00071, -81.03481),
            ("Charleston", 32.77657, -79.93092),
            ("Greenville", 34.85262, -82.39401),
            ("Spartanburg", 34.94957, -81.93205),
        ],
    ),
    (
        "local-2",
        "The fair moved from Springfield to Peoria this year, and buses ran from Champaign and Decatur.",
        [
            ("Springfield", 39.80172, -89.64371),
            ("Peoria", 40.69365, -89.58899),
            ("Champaign", 40.11642, -88.24338),
            ("Decatur", 39.84031, -88.9548),
        ],
    ),
    (
        "local-3",
        "Voters in Portland and Bangor waited for hours; Lewiston and Augusta counted late.",
        [
            ("Portland", 43.66147, -70.25533),
            ("Bangor", 44.80118, -68.77781),
            ("Lewiston", 44.10035, -70.21478),
            ("Augusta", 44.31062, -69.77949),
        ],
    ),
]


def _gold_file(tmp_path, split=None):
    path = tmp_path / "gold.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for story_id, text, places in STORIES:
            spans = [
                {"span": [text.index(name), text.index(name) + len(name)], "text": name, "lat": lat, "lon": lon}
                for name, lat, lon in places
            ]
            record = {"id": story_id, "text": text, "places": spans}
            if split:
                record["split"] = split
            out.write(json.dumps(record) + "\n")
    return path


def test_training_on_gold_writes_a_model_that_resolves_like_the_gold(pipeline, tmp_path):
    stories = read_gold([_gold_file(tmp_path)], pipeline.nlp, pipeline.gazetteer)
    assert sum(len(s.gold) for s in stories) >= 10
    out = tmp_path / "places.json"
    model, figures = train(stories, pipeline.gazetteer, out)
    assert figures["stories"] == 3 and PlaceModel.load(out).weights == model.weights
    assert model.weights != load_model().weights


def test_gold_without_its_text_or_with_a_wrong_span_is_refused(pipeline, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "7", "places": []}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no text .*--texts"):
        read_gold([path], pipeline.nlp, pipeline.gazetteer)
    path.write_text(
        json.dumps(
            {"id": "7", "text": "Rain in Oslo.", "places": [{"span": [0, 4], "text": "Oslo", "lat": 59.9, "lon": 10.7}]}
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="reads 'Rain', not 'Oslo'"):
        read_gold([path], pipeline.nlp, pipeline.gazetteer)
    with pytest.raises(ValueError, match="no such gold file"):
        read_gold([tmp_path / "absent.jsonl"], pipeline.nlp, pipeline.gazetteer)


def test_geo_train_command_then_geoparse_with_the_model(run_cli, tmp_path):
    out = tmp_path / "places.json"
    result = run_cli("geo", "train", "--gold", str(_gold_file(tmp_path)), "--out", str(out))
    assert result.status == 0, result.stderr
    assert json.loads(result.stdout)["stories"] == 3 and f"--place-model {out}" in result.stderr
    result = run_cli(
        "geoparse", "--place-model", str(out), input='{"id": "a", "text": "Floods hit Bangor and Augusta."}\n'
    )
    assert result.status == 0, result.stderr
    assert "Augusta" in {p["text"] for p in result.jsonl()[0]["places"]}
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    result = run_cli("geoparse", "--place-model", str(broken), input='{"id": "a", "text": "Rain."}\n')
    assert result.status != 0 and "--place-model" in result.stderr and "Traceback" not in result.stderr
