"""Geoparsing: find the place names of an article and resolve them to GeoNames.

Place names come from spaCy's entities (GPE, LOC, FAC) and from the gazetteer itself for
names the model misses or mislabels (the small English model often calls "Aleppo" a
nationality). Each name is resolved with the article's evidence: its dateline, the
countries it talks about, and population as a prior. A name that cannot be resolved stays
in the output with no GeoNames id; it never spoils the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from newsevents.geo.gazetteer import Entry, Gazetteer, load, normalise
from newsevents.geo.resolver import PASSES, Evidence, PlaceModel, features, load_model, own_name
from newsevents.nlp import entity_of
from newsevents.records import Dateline, Place

__all__ = ["article_toponyms", "find_toponyms", "resolve_toponyms", "place_from_entry", "load"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives to place names it does not recognise as places.
MISLABELS = {"NORP", "PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", ""}
LOCATIVE = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "towards",
    "toward",
    "through",
    "via",
    "on",
}
# A name the model did not tag as a place is taken only for places at least this populous,
# unless a locative preposition introduces it.
MIN_POPULATION_UNTAGGED = 100_000
MIN_POPULATION_LOCATIVE = 15_000
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


@dataclass(frozen=True)
class Toponym:
    text: str
    start: int  # offsets into the article text
    end: int
    role: str = "place"  # "place", "adjective" or "embedded" (see records.Place)
    entry: Entry | None = None  # known without a lookup (an adjective's country)
    strict: bool = False  # resolved only to a place of exactly this name (a building's name)
    person: bool = False  # the model took this occurrence for a person ("jets struck Douma")


def _strip_article(span: Span) -> Span:
    while len(span) and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    while len(span) and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s", "'")):
        span = span[:-1]
    return span


# Entities that are names of something else, in which a place name may sit: "The Washington
# Post", "Air France", "the Syrian Observatory for Human Rights".
HOST_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
# Dependencies of a nationality word that modifies a noun ("Russian warplanes", "the
# Syrian-Turkish border"), as opposed to naming people ("the Russians said").
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}
# Where a name embedded in another name is taken: countries, their first-level divisions,
# continents and cities of at least this many people.
MIN_POPULATION_EMBEDDED = 100_000
DATELINE_FOLLOWERS = {"(", "-", "—", "–", ":", ","}
PERSON_TITLES = {
    "president",
    "mr",
    "mrs",
    "ms",
    "dr",
    "minister",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "general",
    "gen",
    "senator",
    "sen",
    "rep",
    "governor",
    "gov",
    "mayor",
    "coach",
}


def _adjective(tokens: Span, gazetteer: Gazetteer) -> tuple[int, Entry] | None:
    """The country or continent a nationality word at the start of `tokens` stands for,
    and how many tokens it takes ("South Korean" two, "Syrian" one)."""
    for length in (3, 2, 1):
        if len(tokens) < length:
            continue
        words = tokens[:length]
        if not words[-1].text[:1].isupper() or any(t.is_punct for t in words):
            continue
        entry = gazetteer.adjective(words.text)
        if entry is not None:
            return length, entry
    return None


def _modifies(token) -> bool:
    """Whether a nationality word modifies a noun rather than naming people or a language."""
    if token.dep_ in MODIFIER_DEPS:
        return True
    if token.pos_ == "ADJ" and token.dep_ not in ("dobj", "pobj", "nsubj", "attr", "acomp", "conj", "appos"):
        return True
    if token.dep_ == "conj" and token.head.dep_ in MODIFIER_DEPS:
        return True  # "Syrian and Iraqi forces"
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    # "Syrian-Turkish border": the hyphenated pair modifies the noun after it.
    return nxt is not None and nxt.text in ("-", "–") and not nxt.whitespace_


def _embedded(ent: Span, offset: int, gazetteer: Gazetteer, taken: set[int]) -> list[Toponym]:
    """Place names and nationality words inside the name of an organisation, a building or an
    event: "Washington" in "The Washington Post", "Syrian" in "Syrian Observatory"."""
    found = []
    i = ent.start
    while i < ent.end:
        tok = ent.doc[i]
        if i in taken or not tok.text[:1].isupper() or tok.is_stop:
            i += 1
            continue
        adjective = _adjective(ent.doc[i : ent.end], gazetteer)
        if adjective is not None:
            length, entry = adjective
            span = ent.doc[i : i + length]
            found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char, "embedded", entry))
            taken.update(range(span.start, span.end))
            i += length
            continue
        matched = None
        for length in (3, 2, 1):
            span = ent.doc[i : i + length]
            if span.end > ent.end or (span.start, span.end) == (ent.start, ent.end) or not span[-1].text[:1].isupper():
                continue
            if _notable(span.text, gazetteer):
                matched = span
                break
        if matched is not None:
            found.append(Toponym(matched.text, offset + matched.start_char, offset + matched.end_char, "embedded"))
            taken.update(range(matched.start, matched.end))
            i = matched.end
        else:
            i += 1
    return found


def _notable(name: str, gazetteer: Gazetteer) -> bool:
    """A country, a continent, or a city or division of MIN_POPULATION_EMBEDDED people or more
    going by this name as its own: names safe to take where the model saw an organisation."""
    key = normalise(name)
    return any(
        e.feature in ("country", "continent") or (e.population >= MIN_POPULATION_EMBEDDED and normalise(e.name) == key)
        for e in gazetteer.lookup(name)
    )


def _dateline(span: Span) -> bool:
    """A place name in capitals opening a story or paragraph: "BEIRUT (AP) -", "SAN ANTONIO —"."""
    doc = span.doc
    if not span.text.isupper() or (
        span.start > 0 and "\n" not in doc[span.start - 1].whitespace_ and doc[span.start - 1].text.strip()
    ):
        return False
    before = doc.text[: span.start_char].rstrip(" ")
    return (
        (not before or before.endswith("\n")) and span.end < len(doc) and doc[span.end].text[:1] in DATELINE_FOLLOWERS
    )


def find_toponyms(sent: Span, offset: int, gazetteer: Gazetteer, exclude: set[int] = frozenset()) -> list[Toponym]:
    """Place names in one sentence; `exclude` holds token indices known to be something else
    (a person's name, an organisation)."""
    found: list[Toponym] = []
    taken: set[int] = set(exclude)
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS:
            span = _strip_article(ent)
            if not len(span) or taken.intersection(range(span.start, span.end)):
                continue
            adjective = _adjective(span, gazetteer) if len(span) <= 3 else None
            if adjective is not None and adjective[0] < len(span) and span.text not in gazetteer:
                # "the Syrian Observatory" tagged as a place: a name with a nationality in it.
                found.extend(_embedded(span, offset, gazetteer, taken))
                continue
            if adjective is not None and adjective[0] == len(span):
                if span.text not in gazetteer:
                    # "Syrian" tagged as a place: a nationality word, not a place name.
                    if _modifies(span[-1]):
                        found.append(
                            Toponym(
                                span.text, offset + span.start_char, offset + span.end_char, "adjective", adjective[1]
                            )
                        )
                    taken.update(range(span.start, span.end))
                    continue
            previous = sent.doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
            if previous in PERSON_TITLES and span.text not in gazetteer:
                continue  # "President Buhari"
            found.append(
                Toponym(span.text, offset + span.start_char, offset + span.end_char, strict=ent.label_ == "FAC")
            )
            taken.update(range(span.start, span.end))
        elif ent.label_ in HOST_LABELS:
            span = _strip_article(ent)
            if len(span) and _notable(span.text, gazetteer) and not taken.intersection(range(span.start, span.end)):
                # The whole name is a well-known place the model took for an organisation:
                # "Russia" in "Russia said", "Belgorod" in "the attack on Belgorod".
                found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char, strict=True))
                taken.update(range(span.start, span.end))
                continue
            found.extend(_embedded(ent, offset, gazetteer, taken))
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.i in taken or not tok.text[:1].isupper():
            i += 1
            continue
        adjective = _adjective(sent.doc[tok.i : sent.end], gazetteer) if tok.ent_type_ != "PERSON" else None
        if adjective is not None:
            length, entry = adjective
            span = sent.doc[tok.i : tok.i + length]
            if _modifies(span[-1]):
                found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char, "adjective", entry))
            taken.update(range(span.start, span.end))
            i += length
            continue
        if tok.ent_type_ not in MISLABELS:
            i += 1
            continue
        matched = None
        for length in (4, 3, 2, 1):
            span = sent.doc[tok.i : tok.i + length]
            if span.end > sent.end or any(t.i in taken for t in span) or not span[-1].text[:1].isupper():
                continue
            if span.text in gazetteer:
                matched = span
                break
        if matched is not None and _plausible(matched, gazetteer):
            found.append(
                Toponym(
                    matched.text,
                    offset + matched.start_char,
                    offset + matched.end_char,
                    strict=matched[0].ent_type_ in ("ORG", "FAC"),
                    person=matched[0].ent_type_ == "PERSON",
                )
            )
            taken.update(range(matched.start, matched.end))
            i += len(matched)
        else:
            i += 1
    return sorted(found, key=lambda t: t.start)


def article_toponyms(sentences, gazetteer: Gazetteer) -> list[Toponym]:
    """The place names of an article (`sentences`: (index, offset, sentence) triples).

    A name the gazetteer does not know is kept (unresolved) only if the article does not
    elsewhere treat it as a person or an organisation: the model calls "Yulia" a place
    once, a person everywhere else.
    """
    toponyms: list[Toponym] = []
    others: Counter = Counter()
    places: Counter = Counter()
    person_parts: set[str] = set()  # words of people's full names: "Chen" of "Chen Weihua"
    for _, offset, sent in sentences:
        toponyms.extend(find_toponyms(sent, offset, gazetteer))
        for ent in sent.ents:
            key = normalise(_strip_article(ent).text)
            if ent.label_ in PLACE_LABELS:
                places[key] += 1
            elif ent.label_ in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART"):
                others[key] += 1
                if ent.label_ == "PERSON":
                    for token in ent:
                        others[normalise(token.text)] += 1
                        if len(ent) > 1:
                            person_parts.add(normalise(token.text))
    kept = []
    for t in toponyms:
        key = normalise(t.text)
        if t.entry is not None:
            kept.append(t)
        elif t.text in gazetteer:
            if not (t.person and key in person_parts):
                kept.append(t)
        elif key not in person_parts and others[key] < max(1, places[key]):
            kept.append(t)
    return kept


def _plausible(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a gazetteer match the model did not tag as a place is really a place here."""
    if _dateline(span):
        return True
    candidates = gazetteer.lookup(span.text)
    if (
        span.text.isupper()
        and len(span.text.replace(".", "")) <= 3
        and not any(e.feature == "country" for e in candidates)
    ):
        return False  # "BA", "AI": letters, not the places that go by them
    ent = entity_of(span[0])
    if ent is not None and (ent.start < span.start or ent.end > span.end):
        return False  # part of a longer name: "Carlos Ugarte Villanueva", "Lavrov Washington"
    if span[0].is_sent_start and ent is None:
        return False
    doc = span.doc
    if ent is None and any(
        0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() for i in (span.start - 1, span.end)
    ):
        return False  # one word of a longer untagged name: "Carlos Ugarte Villanueva"
    if span[0].pos_ not in ("PROPN", "NOUN", "ADJ"):
        return False
    best = max((e.population for e in candidates), default=0)
    previous = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    locative = (
        previous in LOCATIVE | {"of", "over"}
        or span[-1].dep_ == "poss"
        or (span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s"))
    )
    if ent is not None and ent.label_ in ("PERSON", "ORG"):
        # The tagger took it for a person or an organisation ("Hamas"): a locative
        # preposition overrules it, and so does a one-word "person" that is the own name of a
        # city of MIN_POPULATION_UNTAGGED people or more ("jets struck Douma"), unless a
        # title stands before it.
        if previous in LOCATIVE:
            return best >= MIN_POPULATION_LOCATIVE
        return (
            ent.label_ == "PERSON"
            and len(ent) == 1
            and previous.rstrip(".") not in PERSON_TITLES
            and any(
                e.feature == "city"
                and e.population >= MIN_POPULATION_UNTAGGED
                and (len(candidates) == 1 or normalise(e.name) == normalise(span.text))
                for e in candidates
            )
        )
    if any(e.feature in ("country", "region") for e in candidates):
        return True
    return best >= (MIN_POPULATION_LOCATIVE if locative else MIN_POPULATION_UNTAGGED)


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
    rows = [features(e, found, key, evidence, resolved=stage > 0) for e in found]
    best = found[model.best(rows, stage)]
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
            evidence.resolved = [(normalise(t.text), e) for t, e in zip(toponyms, chosen) if e is not None]
        decided: dict[tuple, Entry | None] = {}
        chosen = [decide(t, None, decided, stage) for t in toponyms]
        for i, area in enumerate(_areas(toponyms, chosen, text)):
            if area is not None:
                chosen[i] = decide(toponyms[i], area, decided, stage)
    return chosen


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
