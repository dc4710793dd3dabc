"""The learned event layer: a model of event types beside the rules, its file, its place in the
coder (events the rules miss, vetoes, found_by, calibrated confidence), and training it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import ROOT
from newsevents.bench.datasets import labelled_jsonl
from newsevents.coding.model import EventModel, ModelError
from newsevents.pipeline import Pipeline
from newsevents.training import fit

SENTENCES = ROOT / "training" / "sentences"


@pytest.fixture(scope="module")
def tiny_model() -> EventModel:
    """A model fitted in a second on a few hundred of our sentences of three types and none."""
    examples = [
        e for name in ("assault", "protest", "consult", "none") for e in labelled_jsonl(SENTENCES / f"{name}.jsonl")
    ]
    model = fit(examples)
    model.thresholds = {"parse": 0.3, "add": 0.3, "veto": 0.02}
    return model


@pytest.fixture(scope="module")
def layered(tiny_model) -> Pipeline:
    pipeline = Pipeline(coder="rules")
    pipeline.event_model = tiny_model
    return pipeline


# -- the model and its file ---------------------------------------------------------------------------


def test_the_model_finds_the_type_of_a_sentence_it_never_saw(tiny_model):
    [p] = tiny_model.probabilities(["Gunmen torched a telecom tower and shot dead two guards in Nangarhar."])
    types = dict(zip(tiny_model.types, p))
    assert max(types, key=types.get) == "ASSAULT"
    [none] = tiny_model.probabilities(["Share prices rose for a third day as investors cheered the earnings."])
    assert none.max() < 0.5


def test_a_model_file_reads_back_the_same(tiny_model, tmp_path):
    path = tmp_path / "m.npz"
    tiny_model.save(path)
    again = EventModel.load(path)
    texts = ["Police fired tear gas at protesters in Dhaka.", "The two leaders met in Paris."]
    assert np.allclose(tiny_model.probabilities(texts), again.probabilities(texts), atol=1e-6)
    assert again.thresholds == tiny_model.thresholds and again.types == tiny_model.types


def test_a_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        EventModel.load(tmp_path / "absent.npz")


def test_a_corrupt_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"PK\x03\x04 this is not a model")
    with pytest.raises(ModelError, match="not a newsevents event model"):
        EventModel.load(path)


def test_a_model_file_whose_arrays_do_not_fit_is_refused(tiny_model, tmp_path):
    path = tmp_path / "m.npz"
    tiny_model.save(path)
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["coef"] = arrays["coef"][:, :10]
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="do not fit together"):
        EventModel.load(path)


def test_the_cli_says_what_is_wrong_with_a_model_file(tmp_path, run_cli):
    result = run_cli(
        "code", "--coder-model", tmp_path / "absent.npz", input='{"id": "a", "text": "Iran attacked Iraq."}\n'
    )
    assert result.status == 1 and "--coder-model" in result.stderr and "no such model file" in result.stderr


# -- the layer in the coder ---------------------------------------------------------------------------


def test_the_layer_finds_an_event_no_trigger_names(layered):
    text = "Unidentified gunmen torched a telecom tower in Nangarhar province on Monday."
    assert not Pipeline(coder="rules").code_text(text, date="2024-05-06")
    [event] = layered.code_text(text, date="2024-05-06")
    assert (event.plover_type, event.found_by) == ("ASSAULT", "model")
    assert event.trigger.rule.startswith("model:ASSAULT") and event.trigger.text == "torched"
    assert event.source.text == "Unidentified gunmen" and event.source.sector == "REB"
    assert event.source.country == "AFG"  # from where it happened: gunmen of no named country
    assert event.date.isoformat() == "2024-05-06"


def test_rule_events_the_model_also_finds_are_found_by_both(layered):
    events = layered.code_text("Russian warplanes bombed rebel positions in Aleppo on Tuesday.", date="2016-09-28")
    assert [(e.plover_type, e.found_by) for e in events] == [("ASSAULT", "both")]


def test_the_layer_vetoes_rule_events_it_is_sure_are_wrong(tiny_model):
    pipeline = Pipeline(coder="rules")
    pipeline.event_model = EventModel(
        **{
            **tiny_model.__dict__,
            "thresholds": {"parse": 0.3, "add": 0.3, "veto": 1.01},
            "_vectorizers": None,
            "_weights": {},
        }
    )
    text = "Police fired tear gas at protesters in Dhaka."
    assert Pipeline(coder="rules").code_text(text, date="2024-05-06")
    assert not [e for e in pipeline.code_text(text, date="2024-05-06") if e.found_by != "model"]


def test_confidence_is_the_calibrator_s(layered, tiny_model):
    from newsevents.coding.layer import CALIBRATION_FEATURES

    saved = tiny_model.calibration
    tiny_model.calibration = {
        "features": list(CALIBRATION_FEATURES),
        "coef": [1.0 if f == "logit_p" else 0.0 for f in CALIBRATION_FEATURES],
        "intercept": 0.0,
    }
    try:
        [event] = layered.code_text("Russian warplanes bombed rebel positions in Aleppo on Tuesday.", date="2016-09-28")
        [p] = tiny_model.probabilities([event.evidence])
        assert event.confidence == pytest.approx(float(p[tiny_model.types.index("ASSAULT")]), abs=2e-3)
    finally:
        tiny_model.calibration = saved


def test_found_by_is_stored_and_exported(layered, tmp_path):
    from newsevents.export import stored_event_dict
    from newsevents.pipeline import text_article
    from newsevents.store import Store

    article = text_article(
        "Unidentified gunmen torched a telecom tower in Nangarhar province on Monday.", date="2024-05-06", source="t"
    )
    [coded] = layered.code_articles([article])
    with Store.open(f"sqlite:///{tmp_path}/t.db") as store:
        store.add(coded)
        [stored] = list(store.events())
    row = stored_event_dict(stored)
    assert row["found_by"] == "model" and row["source"]["text"] == "Unidentified gunmen"


# -- events whose actors are unnamed ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, source, target",
    [
        (
            "The residence of the Somali Minister of State for Defence has been targeted with a grenade attack.",
            None,
            "SOMGOV",
        ),
        ("Gunmen stormed a hotel in Beledweyne on Tuesday, killing five people.", "SOMREB", "SOM"),
        ("Suspected militants abducted three aid workers near Bunia.", "CODREB", None),
    ],
)
def test_events_with_unnamed_or_uncodable_actors_are_kept(text, source, target):
    events = [e for e in Pipeline(coder="rules").code_text(text, date="2025-03-11") if e.plover_type == "ASSAULT"]
    assert events, text
    event = events[0]
    assert (event.source.code if event.source else None) == source
    if target is not None:
        assert event.target is not None and event.target.code == target


def test_an_unknown_group_keeps_its_words(run_cli):
    result = run_cli(
        "code",
        "--coder",
        "rules",
        input='{"id": "a", "text": "Several environment groups accused Endesa of misleading the talks.", '
        '"date": "2019-12-09"}\n',
    )
    [event] = [e for e in result.jsonl() if e["plover"]["type"] == "ACCUSE"]
    assert event["source"]["text"] == "Several environment groups" and event["source"]["code"] is None


# -- training ------------------------------------------------------------------------------------------


def test_train_end_to_end_on_a_small_file(tmp_path, run_cli):
    lines = [
        line
        for name in ("assault", "protest", "none")
        for line in (SENTENCES / f"{name}.jsonl").read_text().splitlines()[:90]
    ]
    gold = tmp_path / "mine.jsonl"
    gold.write_text("\n".join(lines) + "\n")
    out = tmp_path / "mine.npz"
    result = run_cli("train", "--gold", gold, "--out", out)
    assert result.status == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["heldout_sentences"]["items"] > 20 and 0 <= figures["heldout_sentences"]["top_accuracy"] <= 1
    model = EventModel.load(out)
    assert {"ASSAULT", "PROTEST"} <= set(model.types) and model.meta["figures"] == figures
    assert json.loads(out.with_suffix(".json").read_text())["thresholds"] == model.thresholds
    coded = run_cli(
        "code",
        "--coder-model",
        out,
        input='{"id": "a", "text": "Thousands of teachers marched through Lagos on Monday.", "date": "2024-05-06"}\n',
    )
    assert [e["plover"]["type"] for e in coded.jsonl()] == ["PROTEST"]


def test_train_learns_from_an_analyst_s_corrected_export(tmp_path):
    rows = [
        {"evidence": "The army shelled the village.", "plover": {"type": "ASSAULT"}},
        {"evidence": "Officials said the ceremony went well.", "plover": {"type": "CONSULT"}, "negated": True},
        {"evidence": "The army shelled the village.", "plover": {"type": "COERCE"}},
    ]
    path = tmp_path / "corrected.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    examples = {e.text: e.types for e in labelled_jsonl(path)}
    assert examples == {
        "The army shelled the village.": frozenset({"ASSAULT", "COERCE"}),
        "Officials said the ceremony went well.": frozenset(),
    }


def test_train_says_what_is_wrong_with_its_input(tmp_path, run_cli):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Troops shelled the town.", "types": ["SHELLING"]}\n')
    result = run_cli("train", "--gold", bad, "--out", tmp_path / "m.npz")
    assert result.status == 1 and "bad.jsonl:1" in result.stderr and "SHELLING" in result.stderr


def test_events_filter_on_calibrated_confidence(layered, tmp_path, run_cli):
    from newsevents.pipeline import text_article
    from newsevents.store import Store, StoreError

    texts = [
        "Unidentified gunmen torched a telecom tower in Nangarhar province on Monday.",
        "Russian warplanes bombed rebel positions in Aleppo on Tuesday.",
    ]
    coded = layered.code_articles([text_article(t, date="2024-05-07", source=f"t{i}") for i, t in enumerate(texts)])
    url = f"sqlite:///{tmp_path}/t.db"
    with Store.open(url) as store:
        for c in coded:
            store.add(c)
        confidences = sorted(s.event.confidence for s in store.events())
        middle = (confidences[0] + confidences[-1]) / 2
        kept = store.events(min_confidence=middle)
        assert 0 < len(kept) < len(confidences) and all(s.event.confidence >= middle for s in kept)
        with pytest.raises(StoreError, match="min_confidence must be a number from 0 to 1"):
            store.events(min_confidence="1.5")
    result = run_cli("events", "--db", url, "--min-confidence", str(middle), "--format", "jsonl")
    assert len(result.jsonl()) == len(kept)
