"""Geoparsing: find the place names of an article and resolve them to GeoNames.

Place names come from spaCy's entities (GPE, LOC, FAC) and from the gazetteer itself for
names the model misses or mislabels (the small English model often calls "Aleppo" a
nationality). Each name is resolved with the article's evidence: its dateline, the
countries it talks about, and population as a prior. A name that cannot be resolved stays
in the output with no GeoNames id; it never spoils the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span

from newsevents.geo.gazetteer import Entry, Gazetteer, load, normalise
from newsevents.nlp import entity_of
from newsevents.records import Place

__all__ = ["GeoContext", "find_toponyms", "resolve_toponyms", "place_from_entry", "load"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives to place names it does not recognise as places.
MISLABELS = {"NORP", "PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", ""}
LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "inside", "across", "around",
            "towards", "toward", "through", "via", "on"}
# A name the model did not tag as a place is taken only for places at least this populous,
# unless a locative preposition introduces it.
MIN_POPULATION_UNTAGGED = 100_000
MIN_POPULATION_LOCATIVE = 15_000


@dataclass(frozen=True)
class Toponym:
    text: str
    start: int  # offsets into the article text
    end: int


@dataclass
class GeoContext:
    """What the article says about where it is: its dateline and the countries it names."""

    dateline_country: str | None = None
    countries: Counter | None = None

    def weight(self, iso3: str | None) -> float:
        if not iso3:
            return 0.0
        score = 0.0
        if iso3 == self.dateline_country:
            score += 1.0
        if self.countries:
            score += math.log1p(self.countries.get(iso3, 0))
        return score


def _strip_article(span: Span) -> Span:
    while len(span) and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    while len(span) and span[-1].is_punct:
        span = span[:-1]
    return span


def find_toponyms(sent: Span, offset: int, gazetteer: Gazetteer, exclude: set[int] = frozenset()) -> list[Toponym]:
    """Place names in one sentence; `exclude` holds token indices known to be something else
    (a person's name, an organisation)."""
    found: list[Toponym] = []
    taken: set[int] = set(exclude)
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS:
            span = _strip_article(ent)
            if len(span) and not taken.intersection(range(span.start, span.end)):
                found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char))
                taken.update(range(span.start, span.end))
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.i in taken or not tok.text[:1].isupper() or tok.ent_type_ not in MISLABELS:
            i += 1
            continue
        matched = None
        for length in (4, 3, 2, 1):
            span = sent.doc[tok.i:tok.i + length]
            if span.end > sent.end or any(t.i in taken for t in span) or not span[-1].text[:1].isupper():
                continue
            if span.text in gazetteer:
                matched = span
                break
        if matched is not None and _plausible(matched, gazetteer):
            found.append(Toponym(matched.text, offset + matched.start_char, offset + matched.end_char))
            taken.update(range(matched.start, matched.end))
            i += len(matched)
        else:
            i += 1
    return sorted(found, key=lambda t: t.start)


def _plausible(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a gazetteer match the model did not tag as a place is really a place here."""
    ent = entity_of(span[0])
    if ent is not None and (ent.start < span.start or ent.end > span.end):
        return False  # part of a longer name: "Carlos Ugarte Villanueva", "Lavrov Washington"
    if span[0].is_sent_start and ent is None:
        return False
    doc = span.doc
    if ent is None and any(0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()
                           for i in (span.start - 1, span.end)):
        return False  # one word of a longer untagged name: "Carlos Ugarte Villanueva"
    if span[0].pos_ not in ("PROPN", "NOUN", "ADJ"):
        return False
    candidates = gazetteer.lookup(span.text)
    best = max((e.population for e in candidates), default=0)
    previous = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    locative = previous in LOCATIVE | {"of", "over"} or span[-1].dep_ == "poss" or (
        span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s"))
    if ent is not None and ent.label_ in ("PERSON", "ORG"):
        # The tagger took it for a person or an organisation ("Hamas"): only a locative
        # preposition overrules it.
        return previous in LOCATIVE and best >= MIN_POPULATION_LOCATIVE
    if any(e.feature in ("country", "region") for e in candidates):
        return True
    return best >= (MIN_POPULATION_LOCATIVE if locative else MIN_POPULATION_UNTAGGED)


def _score(entry: Entry, context: GeoContext, *, dateline: bool = False) -> float:
    """Population as the prior, the article's countries as evidence.

    The weights keep a world capital ahead of a small namesake in a country the story
    also mentions ("Paris" in a Washington story is still the French capital).
    """
    score = math.log10(entry.population + 10)
    score += context.weight(entry.country)
    if entry.feature == "country":
        score += 4.0  # a country's own name means the country
    elif entry.feature == "region":
        score -= 1.5 if not dateline else 4.0  # "Washington" is the city unless it says "state"
    if entry.capital:
        score += 1.5
    return score


def resolve(name: str, context: GeoContext, gazetteer: Gazetteer, *, dateline: bool = False) -> Entry | None:
    candidates = gazetteer.lookup(name)
    if not candidates:
        # "Aleppo's" or "Syria-based" forms: retry on the bare name.
        bare = name.removesuffix("'s").removesuffix("’s").split("-")[0]
        candidates = gazetteer.lookup(bare) if bare != name else []
    if not candidates:
        return None
    return max(candidates, key=lambda e: _score(e, context, dateline=dateline))


def place_from_entry(text: str, start: int, end: int, entry: Entry | None) -> Place:
    if entry is None:
        return Place(text=text, start=start, end=end)
    return Place(
        text=text, start=start, end=end, geonameid=entry.geonameid, name=entry.name,
        country=entry.country, lat=entry.lat, lon=entry.lon, feature=entry.feature,
    )


def resolve_toponyms(toponyms: list[Toponym], context: GeoContext, gazetteer: Gazetteer) -> list[Place]:
    """Resolve an article's toponyms together: unambiguous names first, so that their
    countries can decide the ambiguous ones."""
    context.countries = Counter(context.countries or {})
    decided: dict[str, Entry | None] = {}
    for toponym in toponyms:
        candidates = gazetteer.lookup(toponym.text)
        if len({c.country for c in candidates}) == 1:
            context.countries[candidates[0].country] += 1
    for toponym in toponyms:
        key = normalise(toponym.text)
        if key not in decided:
            decided[key] = resolve(toponym.text, context, gazetteer)
    return [place_from_entry(t.text, t.start, t.end, decided[normalise(t.text)]) for t in toponyms]
