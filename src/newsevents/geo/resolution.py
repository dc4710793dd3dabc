"""Resolving toponyms to GeoNames places with the story's evidence: its dateline, the countries it
names, and population as a prior."""

from __future__ import annotations

from collections.abc import Sequence

from newsevents.geo.gazetteer import Entry, Gazetteer, normalise
from newsevents.geo.resolver import PASSES, Evidence, PlaceModel, feature_rows, load_model, own_name
from newsevents.geo.toponyms import Toponym
from newsevents.records import Place

# Words naming the kind of place after its name, dropped when the whole is not known.
KIND_WORDS = {
    "State",
    "state",
    "City",
    "city",
    "County",
    "Province",
    "province",
    "Region",
    "region",
    "Governorate",
    "governorate",
    "District",
    "district",
}
# A place that is the only one of its name counts as evidence of its country only if at
# least this populous (a hamlet called "Olivia" says little about where a story is).
MIN_POPULATION_EVIDENCE = 10_000


# Seas and world regions news names that the gazetteer has no entry for: they stay
# unresolved rather than land on a namesake village ("Atlantic, Iowa", "Middle East").
SEAS_AND_REGIONS = {
    normalise(n)
    for n in (
        "Atlantic",
        "Atlantic Ocean",
        "Pacific",
        "Pacific Ocean",
        "Indian Ocean",
        "Arctic",
        "Arctic Ocean",
        "Southern Ocean",
        "Mediterranean",
        "Mediterranean Sea",
        "Black Sea",
        "Red Sea",
        "Caspian Sea",
        "Baltic",
        "Baltic Sea",
        "North Sea",
        "South China Sea",
        "East China Sea",
        "Caribbean",
        "Gulf",
        "Persian Gulf",
        "Arabian Gulf",
        "Gulf of Aden",
        "Gulf of Mexico",
        "Middle East",
        "Near East",
        "Far East",
        "Balkans",
        "Caucasus",
        "Sahel",
        "Sahara",
        "Horn of Africa",
        "Levant",
        "Maghreb",
        "Korean Peninsula",
        "Arabian Peninsula",
        "Scandinavia",
        "Latin America",
        "Central America",
        "North Africa",
        "West Africa",
        "East Africa",
        "Southern Africa",
        "Central Africa",
        "Southeast Asia",
        "South Asia",
        "Central Asia",
        "East Asia",
        "Western Europe",
        "Eastern Europe",
        "Central Europe",
        "Middle America",
        "the West",
        "West",
        "Midwest",
        "Great Lakes",
    )
}


def candidates(
    name: str, gazetteer: Gazetteer, *, strict: bool = False, within: Entry | None = None
) -> tuple[str, list[Entry]]:
    """The places `name` may mean, most populous first, and the name they were looked up by;
    `within` is the division or country the text puts it in ("Richmond, Va."): its places are
    the only candidates when it has any."""
    key = normalise(name)
    if key in SEAS_AND_REGIONS:
        return key, []
    found = gazetteer.lookup(name)
    if strict:
        # Only countries, continents, divisions (whose names we keep ourselves) and places
        # of exactly this name: GeoNames' alternate names include translations ("White House"
        # is a name of Casablanca).
        found = [e for e in found if e.feature in ("country", "continent", "region") or normalise(e.name) == key]
    if not found:
        # "Aleppo's", "Syria-based", "Oaxaca State", "Orange County": retry on the bare name.
        bare = name.removesuffix("'s").removesuffix("’s").split("-")[0]
        words = bare.split()
        if len(words) > 1 and words[-1] in KIND_WORDS:
            bare = " ".join(words[:-1])
        if bare != name:
            key, found = normalise(bare), gazetteer.lookup(bare)
    if within is not None:
        found = [e for e in found if _inside(e, within)] or found
    # A place whose own name this is beats one that only went by it once or in another language
    # ("Salisbury" is the English town, not the old name of Harare).
    own = [e for e in found if own_name(e, key)]
    return key, own or found


def _choose(
    name: str,
    gazetteer: Gazetteer,
    evidence: Evidence,
    model: PlaceModel,
    stage: int,
    *,
    strict: bool = False,
    within: Entry | None = None,
    dateline: bool = False,
) -> Entry | None:
    key, found = candidates(name, gazetteer, strict=strict, within=within)
    if dateline:
        found = [e for e in found if e.feature == "city"] or found  # a dateline names a town
    if len(found) <= 1:
        return found[0] if found else None
    best = found[model.best(feature_rows(found, key, evidence, resolved=stage > 0), stage)]
    if best.feature == "region":
        # A division named after its city ("Aleppo", "Moscow"): the city says the same, more precisely.
        return next(
            (
                e
                for e in found
                if e.feature == "city"
                and normalise(e.name) == key
                and (e.country, e.admin1) == (best.country, best.admin1)
            ),
            best,
        )
    return best


def resolve(
    name: str, gazetteer: Gazetteer, *, dateline: bool = False, model: PlaceModel | None = None
) -> Entry | None:
    """The place `name` most likely means when nothing else is known of the story."""
    return _choose(name, gazetteer, Evidence(), model or load_model(), 0, dateline=dateline)


def _inside(entry: Entry, area: Entry) -> bool:
    if entry.geonameid == area.geonameid or entry.country != area.country or entry.feature != "city":
        return False
    return area.feature == "country" or (area.feature == "region" and entry.admin1 == area.admin1)


def place_from_entry(text: str, start: int, end: int, entry: Entry | None, role: str = "place") -> Place:
    if entry is None:
        return Place(text=text, start=start, end=end, role=role)
    return Place(
        text=text,
        start=start,
        end=end,
        geonameid=entry.geonameid,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.feature,
        role=role,
    )


def story_evidence(toponyms: Sequence[Toponym], gazetteer: Gazetteer, dateline_country: str | None = None) -> Evidence:
    """The countries, divisions and places a story's names point to without any choosing: a
    nationality word's country, a name all of whose namesakes lie in one country (or one
    division), a name only one place goes by."""
    evidence = Evidence(dateline_country=dateline_country)
    for toponym in toponyms:
        if toponym.entry is not None:
            if toponym.entry.country:
                evidence.countries[toponym.entry.country] += 1
            continue
        key, found = candidates(toponym.text, gazetteer, strict=toponym.strict)
        if not found:
            continue
        if found[0].feature == "country" or (
            len({c.country for c in found}) == 1 and found[0].population >= MIN_POPULATION_EVIDENCE
        ):
            evidence.countries[found[0].country] += 1
        divisions = {(c.country, c.admin1) for c in found if c.feature in ("city", "region") and c.admin1}
        if len(divisions) == 1 and (found[0].feature == "region" or found[0].population >= MIN_POPULATION_EVIDENCE):
            evidence.regions[divisions.pop()] += 1
            evidence.anchors.append((key, found[0]))
    return evidence


def choose_places(
    toponyms: Sequence[Toponym],
    evidence: Evidence,
    gazetteer: Gazetteer,
    model: PlaceModel,
    text: str | None = None,
    stages: int = len(PASSES),
) -> list[Entry | None]:
    """The place of each toponym, in `stages` passes (see `resolver`): each pass decides every
    name, then looks again at a name followed by its division or country ("Parkland, Florida",
    "Richmond, Va.") among the places of that division."""
    chosen: list[Entry | None] = [t.entry for t in toponyms]

    def decide(toponym: Toponym, within: Entry | None, decided: dict[tuple, Entry | None], stage: int) -> Entry | None:
        if toponym.entry is not None:
            return toponym.entry
        key = (normalise(toponym.text), toponym.strict, within.geonameid if within else None)
        if key not in decided:
            decided[key] = _choose(
                toponym.text, gazetteer, evidence, model, stage, strict=toponym.strict, within=within
            )
        return decided[key]

    for stage in range(stages):
        if stage:
            evidence.resolved = settled(toponyms, chosen)
        decided: dict[tuple, Entry | None] = {}
        chosen = [decide(t, None, decided, stage) for t in toponyms]
        for i, area in enumerate(_areas(toponyms, chosen, text)):
            if area is not None:
                chosen[i] = decide(toponyms[i], area, decided, stage)
    return chosen


def settled(toponyms: Sequence[Toponym], chosen: Sequence[Entry | None]) -> list[tuple[str, Entry]]:
    """The places a pass chose, by the key of their name: the next pass's evidence."""
    return [(normalise(t.text), e) for t, e in zip(toponyms, chosen) if e is not None]


def _areas(toponyms: Sequence[Toponym], chosen: Sequence[Entry | None], text: str | None) -> list[Entry | None]:
    """For each toponym, the division or country right after it, as in "Lexington, Ky."."""
    areas: list[Entry | None] = [None] * len(toponyms)
    if text is None:
        return areas
    for i in range(len(toponyms) - 1):
        area = chosen[i + 1]
        if (
            text[toponyms[i].end : toponyms[i + 1].start] in (", ", ",")
            and area is not None
            and area.feature in ("region", "country")
        ):
            areas[i] = area
    return areas


def resolve_toponyms(
    toponyms: list[Toponym],
    gazetteer: Gazetteer,
    text: str | None = None,
    *,
    dateline_country: str | None = None,
    model: PlaceModel | None = None,
) -> list[Place]:
    """Resolve an article's toponyms together (see `choose_places`)."""
    evidence = story_evidence(toponyms, gazetteer, dateline_country)
    chosen = choose_places(toponyms, evidence, gazetteer, model or load_model(), text)
    return [place_from_entry(t.text, t.start, t.end, e, t.role) for t, e in zip(toponyms, chosen)]
