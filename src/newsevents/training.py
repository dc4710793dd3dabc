"""Training the learned event layer (`newsevents train`).

From labelled sentences (`{"text", "types"}` JSONL, our sentence gold, our story gold with the
stories it names) this fits the type classifier of `coding/model.py`, then calibrates the
coder on examples the classifier did not see: the training sentences are split into folds,
each fold coded by the full pipeline with a classifier fitted on the others, and a small
logistic regression learns how likely an event with given features (the model's probability
of its type, whether the rules found it too, whether its actors are named...) is right. The
thresholds of the layer (parse, add, veto) are chosen on the same held-out codings. Part of
the data (by a hash of each item) is held out from all of it to report figures, which the
model file records.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from newsevents.bench.datasets import Labelled
from newsevents.bench.storygold import GoldStory
from newsevents.coding.layer import event_key
from newsevents.coding.model import CHAR_OPTIONS, WORD_OPTIONS, EventModel, normalise
from newsevents.ontology import PLOVER_TYPES

# The inverse regularisation of each type's logistic regression and the smallest number of
# sentences a feature must occur in: set by the cross-validated runs of
# `scripts/train_event_model.py --compare` (README, "The learned event layer").
C = 8.0
MIN_DF = 2
CALIBRATION_FOLDS = 8
HELDOUT_SHARE = 0.2  # of a user's data, held out to report figures


def _fold(key: str, folds: int) -> int:
    return hashlib.sha256(key.encode("utf-8")).digest()[1] % folds


def fit(
    examples: Sequence[Labelled], *, c: float = C, min_df: int = MIN_DF, weights: dict[str, float] | None = None
) -> EventModel:
    """The type classifier fitted on `examples` (without calibration)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if not examples:
        raise ValueError("no training examples")
    texts = [e.text for e in examples]
    words = TfidfVectorizer(
        preprocessor=normalise, lowercase=False, sublinear_tf=True, min_df=min_df, dtype=np.float32, **WORD_OPTIONS
    )
    chars = TfidfVectorizer(
        preprocessor=normalise, lowercase=False, sublinear_tf=True, min_df=min_df, dtype=np.float32, **CHAR_OPTIONS
    )
    x = hstack([words.fit_transform(texts), chars.fit_transform(texts)], format="csr")
    sample_weight = np.array([(weights or {}).get(e.origin, 1.0) for e in examples], dtype=np.float64)
    types = tuple(t for t in PLOVER_TYPES if any(t in e.types for e in examples))
    if not types:
        raise ValueError("the training examples have no event types at all")
    coef = np.zeros((len(types), x.shape[1]), dtype=np.float32)
    intercept = np.zeros(len(types), dtype=np.float32)
    for i, type_ in enumerate(types):
        y = np.array([type_ in e.types for e in examples])
        if y.all():
            intercept[i] = 10.0
            continue
        classifier = LogisticRegression(C=c, solver="liblinear", max_iter=200)
        classifier.fit(x, y, sample_weight=sample_weight)
        coef[i], intercept[i] = classifier.coef_[0], classifier.intercept_[0]
    word_vocabulary = sorted(words.vocabulary_, key=words.vocabulary_.get)
    char_vocabulary = sorted(chars.vocabulary_, key=chars.vocabulary_.get)
    return EventModel(
        types=types,
        word_vocabulary=word_vocabulary,
        word_idf=words.idf_.astype(np.float32),
        char_vocabulary=char_vocabulary,
        char_idf=chars.idf_.astype(np.float32),
        coef=coef,
        intercept=intercept,
        meta={
            "examples": len(examples),
            "origins": dict(Counter(e.origin for e in examples)),
            "c": c,
            "min_df": min_df,
            "trained": date.today().isoformat(),
        },
    )


# -- sentence-level figures ------------------------------------------------------------------------


@dataclass
class TypeScores:
    """How well the classifier alone types sentences: the top type (or none) against gold."""

    items: int = 0
    top_right: int = 0  # the most probable type is one of the gold types (or none, for none)
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: frozenset[str], probabilities: dict[str, float], threshold: float) -> None:
        self.items += 1
        best, p = max(probabilities.items(), key=lambda kv: kv[1]) if probabilities else (None, 0.0)
        top = best if p >= threshold else None
        self.top_right += (top in gold) if gold else (top is None)
        predicted = {t for t, q in probabilities.items() if q >= threshold}
        for t in predicted & gold:
            self.tp[t] += 1
        for t in predicted - gold:
            self.fp[t] += 1
        for t in gold - predicted:
            self.fn[t] += 1

    def figures(self) -> dict:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {
            "items": self.items,
            "top_accuracy": round(self.top_right / self.items, 3) if self.items else None,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        }


def type_scores(model: EventModel, examples: Sequence[Labelled], threshold: float = 0.5) -> TypeScores:
    scores = TypeScores()
    probabilities = model.probabilities([e.text for e in examples])
    for example, row in zip(examples, probabilities):
        scores.add(example.types, dict(zip(model.types, row.tolist())), threshold)
    return scores


def cross_validated(
    examples: Sequence[Labelled], folds: int, fitter: Callable[[Sequence[Labelled]], EventModel]
) -> list[tuple[list[Labelled], EventModel]]:
    """(held-out examples, model fitted without them) for each fold; a group stays in one fold."""
    out = []
    for k in range(folds):
        train = [e for e in examples if _fold(e.group or e.text, folds) != k]
        held = [e for e in examples if _fold(e.group or e.text, folds) == k]
        if held and train:
            out.append((held, fitter(train)))
    return out


def timed_probabilities(model: EventModel, texts: Sequence[str]) -> float:
    """Sentences per second of the classifier alone on one core."""
    model.probabilities(texts[:10])
    started = time.perf_counter()
    model.probabilities(texts)
    return len(texts) / (time.perf_counter() - started)


def read_training(paths: Sequence[str], stories: str | None = None) -> tuple[list[Labelled], list]:
    """Labelled sentences and gold stories from each path: labelled JSONL (or our sentence
    gold, or an exported and corrected events file), or our story gold, which needs the
    stories' file; only the story gold's "train" stories are read."""
    from newsevents.bench.datasets import labelled_jsonl
    from newsevents.bench.storygold import read_story_gold

    examples: list[Labelled] = []
    gold_stories: list = []
    for path in paths:
        if not Path(path).is_file():
            raise ValueError(f"{path}: no such file")
        first = next((line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()), "")
        if '"split"' in first and '"text"' not in first and '"evidence"' not in first:
            if stories is None:
                raise ValueError(f"{path} is story gold: name the stories it codes with --stories")
            gold_stories += read_story_gold(path, stories, split="train")
        else:
            examples += labelled_jsonl(path)
    return examples, gold_stories


# -- calibration: the coder's events on data the classifier did not see ------------------------------


@dataclass(frozen=True)
class CalibrationItem:
    """A text to code and the gold that tells which of its events are right: the types of a
    labelled sentence, or the events of a gold story."""

    id: str
    text: str
    group: str
    day: date | None = None
    types: frozenset[str] | None = None  # a labelled sentence: an event is right when its type is one of these
    story: GoldStory | None = None  # right when it matches an event of the gold story

    def gold_count(self) -> int:
        if self.story is not None:
            return sum(not e.negated for e in self.story.events)
        return len(self.types or ())


@dataclass
class Observed:
    """An event the coder produced on a calibration item, with what the calibrator needs."""

    features: dict[str, float]
    p: float
    by: str
    right: bool  # it matches a gold event (for a story: same sentence, type, source and target country)
    type_right: bool  # its type is right (for a story: a gold event of its sentence has it)


def calibration_items(examples: Sequence[Labelled], stories: Sequence[GoldStory] = ()) -> list[CalibrationItem]:
    items = [
        CalibrationItem(f"s{i}", e.text, e.group or e.text, types=e.types)
        for i, e in enumerate(examples)
        if e.origin != "story"
    ]
    items += [CalibrationItem(s.id, s.text, s.id, s.published, story=s) for s in stories]
    return items


def _rightness(item: CalibrationItem, events, key: str = "full") -> list[bool]:
    from newsevents.bench.coding.scoring import happened, match_story_events

    if item.story is None:
        assert item.types is not None  # an item is a labelled sentence or a gold story
        return [e.plover_type in item.types for e in events]
    pairs, _, _ = match_story_events([g for g in item.story.events if not g.negated], happened(events), key=key)
    matched = {id(o) for _, o in pairs}
    return [id(e) in matched for e in events]


def observe(pipeline, model: EventModel, items: Sequence[CalibrationItem]) -> list[Observed]:
    """Code `items` with `model` in the pipeline, its thresholds open wide, and record every
    event that happened (not negated) with the calibrator's features and whether it is right."""
    from newsevents.pipeline import text_article

    saved_model, saved_thresholds = pipeline.event_model, model.thresholds
    pipeline.event_model, model.thresholds, model.observer = model, dict(OPEN_THRESHOLDS), {}
    observed: list[Observed] = []
    try:
        for start in range(0, len(items), 32):
            batch = items[start : start + 32]
            coded = pipeline.code_articles([text_article(i.text, date=i.day, source=i.id) for i in batch])
            for item, result in zip(batch, coded):
                events = [e for e in result.events if not e.negated]
                for event, right, type_right in zip(events, _rightness(item, events), _rightness(item, events, "type")):
                    features = model.observer[event_key(event)]
                    observed.append(Observed(features, features["p_type"], event.found_by, right, type_right))
    finally:
        pipeline.event_model, model.thresholds, model.observer = saved_model, saved_thresholds, None
    return observed


# While observing, the layer proposes nearly everything, so that the thresholds can be chosen after.
OPEN_THRESHOLDS = {"parse": 0.05, "add": 0.1, "veto": 0.0, "report": 0.0}


def choose_thresholds(observed: Sequence[Observed], gold: int) -> tuple[dict, dict]:
    """The add and veto thresholds that do best on held-out codings (a rule event is kept unless
    its type's probability is below veto; an event of the model alone when its probability is
    at least add), by the mean of two F1 scores: of events of the right type (the layer's job
    is to tell which events a sentence reports) and of events right in full (type, source and
    target; the rules' job is who). Parse is add: a sentence is parsed for the model only where
    it could add an event. Returns the thresholds and their figures."""

    def f1(tp: int, found: int) -> tuple[float, float, float]:
        p, r = (tp / found if found else 0.0), (tp / gold if gold else 0.0)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    best = None
    for add in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
        for veto in (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08):
            kept = [o for o in observed if o.p >= (add if o.by == "model" else veto)]
            _, _, f1_type = f1(sum(o.type_right for o in kept), len(kept))
            p, r, f1_full = f1(sum(o.right for o in kept), len(kept))
            score = (f1_type + f1_full) / 2
            if best is None or score > best[0]:
                best = (
                    score,
                    {"parse": add, "add": add, "veto": veto},
                    {
                        "type_f1": round(f1_type, 3),
                        "precision": round(p, 3),
                        "recall": round(r, 3),
                        "f1": round(f1_full, 3),
                        "events": len(kept),
                    },
                )
    assert best is not None  # the grid is not empty
    return best[1], best[2]


def fit_calibrator(observed: Sequence[Observed]) -> dict:
    """A logistic regression from an event's features to whether it is right."""
    from sklearn.linear_model import LogisticRegression

    from newsevents.coding.layer import CALIBRATION_FEATURES

    if len({o.right for o in observed}) < 2:
        return {}
    x = np.array([[o.features[f] for f in CALIBRATION_FEATURES] for o in observed])
    y = np.array([o.right for o in observed])
    regression = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return {
        "features": list(CALIBRATION_FEATURES),
        "coef": [round(float(c), 5) for c in regression.coef_[0]],
        "intercept": round(float(regression.intercept_[0]), 5),
    }


def kept(observed: Sequence[Observed], thresholds: dict) -> list[Observed]:
    return [o for o in observed if o.p >= (thresholds["add"] if o.by == "model" else thresholds["veto"])]


# An event below the report threshold is not reported: below it, the held-out codings' events
# of every band of confidence were of the right type less often than this.
DROPPED_RIGHT_AT_MOST = 0.1


def choose_report_threshold(model: EventModel, observed: Sequence[Observed], gold: int) -> tuple[float, dict]:
    """The calibrated confidence below which an event is not reported: the cut under which every
    band of confidence (0-0.05, 0.05-0.1, ...) held events of the right type less than one time
    in ten on the held-out codings (what is dropped is noise, not a real event whose actors the
    coder missed: "a grenade was hurled at a police post" is news with no one named). Returns
    it and the figures of the events it keeps."""
    confidences = [model.calibrated(o.features) for o in observed]
    cut = 0.0
    for low, high in zip((0.0, 0.05, 0.1, 0.15, 0.2, 0.25), (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)):
        band = [o for o, c in zip(observed, confidences) if low <= c < high]
        if band and sum(o.type_right for o in band) / len(band) >= DROPPED_RIGHT_AT_MOST:
            break
        cut = high
    kept_ = [o for o, c in zip(observed, confidences) if c >= cut]
    right, typed = sum(o.right for o in kept_), sum(o.type_right for o in kept_)
    return cut, {
        "events": len(kept_),
        "precision": round(right / len(kept_), 3) if kept_ else None,
        "recall": round(right / gold, 3) if gold else None,
        "type_precision": round(typed / len(kept_), 3) if kept_ else None,
        "type_recall": round(typed / gold, 3) if gold else None,
    }


@dataclass
class TrainingReport:
    model: EventModel
    figures: dict


def train(
    examples: Sequence[Labelled],
    *,
    stories: Sequence = (),
    pipeline=None,
    folds: int = CALIBRATION_FOLDS,
    c: float = C,
    weights: dict[str, float] | None = None,
    calibrate_on: set[str] | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> TrainingReport:
    """Fit the classifier on `examples` (and the sentences of gold `stories`), choose the
    layer's thresholds and fit its calibrator on codings of data each fold's classifier did not
    see (the examples of the origins in `calibrate_on`, all by default, and the stories), and
    return the model fitted on everything with them."""
    from newsevents.bench.datasets import story_sentences
    from newsevents.pipeline import Pipeline

    sentences = list(examples) + story_sentences(stories, origin="story")
    if not sentences:
        raise ValueError("no training examples")
    pipeline = pipeline or Pipeline(coder="rules")
    items = calibration_items([e for e in examples if calibrate_on is None or e.origin in calibrate_on], stories)
    observed: list[Observed] = []
    for k in range(folds):
        held = [i for i in items if _fold(i.group, folds) == k]
        rest = [e for e in sentences if _fold(e.group or e.text, folds) != k]
        if not held or not rest:
            continue
        log(f"fold {k + 1}/{folds}: classifier on {len(rest)} sentences, coding {len(held)} held-out items")
        observed += observe(pipeline, fit(rest, c=c, weights=weights), held)
    gold = sum(i.gold_count() for i in items)
    thresholds, chosen = choose_thresholds(observed, gold)
    calibration = fit_calibrator(kept(observed, thresholds))
    model = fit(sentences, c=c, weights=weights)
    model.thresholds, model.calibration = thresholds, calibration
    thresholds["report"], chosen = choose_report_threshold(model, kept(observed, thresholds), gold)
    log(f"thresholds {thresholds}; held-out codings: {chosen}")
    reliability = _reliability_of(model, kept(observed, thresholds))
    model.meta.update({"thresholds_chosen_on": chosen, "calibration_reliability": reliability})
    return TrainingReport(model, {"cross_validated": chosen, "reliability": reliability})


def _reliability_of(model: EventModel, observed: Sequence[Observed]) -> list[dict]:
    from newsevents.bench.coding.scoring import reliability

    return reliability((model.calibrated(o.features), o.right) for o in observed)


def heldout_of(key: str, share: float) -> bool:
    """Whether an item (by its group's key) is in the held-out share of a user's data."""
    return share > 0 and hashlib.sha256(key.encode("utf-8")).digest()[2] < round(256 * share)


def train_files(
    paths: Sequence[str],
    out: str,
    *,
    stories: str | None = None,
    heldout: float = HELDOUT_SHARE,
    log: Callable[[str], None] = print,
) -> dict:
    """`newsevents train`: fit the layer on `paths`, less a held-out share (by a hash of each
    sentence's group or story) on which the figures are measured, and write the model to `out`
    with those figures in it (and beside it, as JSON)."""
    import json

    from newsevents.pipeline import Pipeline

    examples, gold_stories = read_training(paths, stories)
    train_examples = [e for e in examples if not heldout_of(e.group or e.text, heldout)]
    held_examples = [e for e in examples if heldout_of(e.group or e.text, heldout)]
    train_stories = [s for s in gold_stories if not heldout_of(s.id, heldout)]
    held_stories = [s for s in gold_stories if heldout_of(s.id, heldout)]
    log(
        f"{len(examples)} labelled sentences and {len(gold_stories)} gold stories; held out "
        f"{len(held_examples)} sentences and {len(held_stories)} stories"
    )
    if not train_examples and not train_stories:
        raise ValueError("nothing to train on")
    pipeline = Pipeline(coder="rules")
    report = train(train_examples, stories=train_stories, pipeline=pipeline, log=log)
    model = report.model
    figures: dict = {"cross_validated": report.figures["cross_validated"]}
    held_sentences = held_examples + (story_sentences_of(held_stories) if held_stories else [])
    if held_sentences:
        figures["heldout_sentences"] = type_scores(model, held_sentences).figures()
        items = calibration_items(held_examples, held_stories)
        observed = kept(observe_final(pipeline, model, items), model.thresholds)
        gold = sum(i.gold_count() for i in items)
        right = sum(o.right for o in observed)
        figures["heldout_events"] = {
            "events": len(observed),
            "right": right,
            "precision": round(right / len(observed), 3) if observed else None,
            "recall": round(right / gold, 3) if gold else None,
        }
        figures["heldout_reliability"] = _reliability_of(model, observed)
    model.meta["figures"] = figures
    model.save(out)
    Path(out).with_suffix(".json").write_text(
        json.dumps({"meta": model.meta, "thresholds": model.thresholds, "calibration": model.calibration}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return figures


def story_sentences_of(stories: Sequence) -> list[Labelled]:
    from newsevents.bench.datasets import story_sentences

    return story_sentences(stories, origin="story")


def observe_final(pipeline, model: EventModel, items: Sequence[CalibrationItem]) -> list[Observed]:
    """Like `observe`, but with the model's own thresholds: what the written model codes."""
    thresholds = dict(model.thresholds)
    observed = observe(pipeline, model, items)
    return [o for o in kept(observed, thresholds) if model.calibrated(o.features) >= thresholds.get("report", 0.0)]
