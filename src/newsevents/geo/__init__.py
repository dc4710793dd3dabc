"""Geoparsing: find the place names of an article and resolve them to GeoNames.

Place names come from spaCy's entities (GPE, LOC, FAC) and from the gazetteer itself for
names the model misses or mislabels (the small English model often calls "Aleppo" a
nationality). Each name is resolved with the article's evidence: its dateline, the
countries it talks about, and population as a prior. A name that cannot be resolved stays
in the output with no GeoNames id; it never spoils the rest.
"""

from __future__ import annotations

from newsevents.geo.cache import load
from newsevents.geo.gazetteer import Gazetteer
from newsevents.geo.resolution import (
    candidates,
    choose_places,
    place_from_entry,
    resolve,
    resolve_toponyms,
    story_evidence,
)
from newsevents.geo.resolver import PlaceModel, load_model
from newsevents.geo.toponyms import Toponym, article_toponyms, find_toponyms
from newsevents.records import Dateline, Place

__all__ = [
    "Gazetteer",
    "Toponym",
    "article_toponyms",
    "candidates",
    "choose_places",
    "find_toponyms",
    "geoparse_article",
    "load",
    "place_from_entry",
    "resolve",
    "resolve_toponyms",
    "story_evidence",
]


def geoparse_article(
    analysed, dateline: Dateline | None = None, gazetteer: Gazetteer | None = None, model: PlaceModel | None = None
) -> tuple[list[Place], Place | None]:
    """Every toponym of the article resolved, and the dateline's place."""
    gazetteer = gazetteer or load()
    model = model or load_model()
    dateline_place = None
    if dateline is not None and dateline.place:
        name = dateline.place.split("/")[0].split(",")[0].strip()
        entry = resolve(name.title(), gazetteer, dateline=True, model=model)
        if entry is not None:
            dateline_place = place_from_entry(dateline.place, -1, -1, entry)
    toponyms = article_toponyms(analysed.sentences(), gazetteer)
    country = dateline_place.country if dateline_place else None
    return resolve_toponyms(toponyms, gazetteer, analysed.text, dateline_country=country, model=model), dateline_place
