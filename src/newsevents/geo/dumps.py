"""GeoNames dump files as gazetteer entries: every village, district and mountain GeoNames knows.

The built-in gazetteer holds only the cities of 15,000 people or more. For finer places, read
a file from https://download.geonames.org/export/dump/ in the "geoname" table format:
`cities500.txt` (about 230,000 places of 500 people or more), `cities1000.txt`, a country
file such as `SY.txt`, or `allCountries.txt` (all 12 million features, 1.5 GB), each plain,
zipped (`.zip`, as GeoNames publishes them; a `readme.txt` beside the data is ignored) or
gzipped (`.gz`). Files are read line by line, never whole.

Each line has 19 tab-separated columns: geonameid, name, asciiname, alternatenames
(comma-separated), latitude, longitude, feature class, feature code, country code, cc2,
admin1 to admin4 codes, population, elevation, dem, timezone, modification date.

Features become `Entry.feature` values as follows:

- P (populated places, neighbourhoods included: PPLX) -> "city"; PPLC is a capital
- A: ADM1 -> "region", ADM2 -> "district", PCLI/PCLD/PCLF/PCLS/PCL/PCLIX/TERR -> "country";
  other administrative divisions (ADM3 and below, zones, leased areas) are skipped
- L (regions, parks, ports, bases) -> "area", but CONT -> "continent" as in the gazetteer
- H (seas, gulfs, lakes, rivers) -> "water"
- T (mountains, islands, peninsulas, deserts) -> "landform"
- S (airports, hospitals, dams, buildings) -> "spot"

Features that no longer exist are skipped: historical ones (PPLH, PPLCH, RGNH and the A
codes ending in H) and abandoned, destroyed or ruined ones (PPLQ, PPLW and the other codes
ending in Q, such as AIRQ and DAMQ). By default classes P, A, L, H and T are read: class S
is millions of hotels, farms, schools and mosques whose generic names ("Central Hospital",
"Grand Hotel") would crowd out real places; ask for it with `feature_classes="PALHTS"`.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newsevents.countries import iso2_to_iso3
from newsevents.geo.gazetteer import Entry, Gazetteer, _latin, normalise

__all__ = ["read_dump", "load_dump", "DEFAULT_FEATURE_CLASSES"]

COLUMNS = 19
DEFAULT_FEATURE_CLASSES = "PALHT"
CLASS_FEATURES = {"P": "city", "L": "area", "H": "water", "T": "landform", "S": "spot"}
ADMIN_FEATURES = {
    "ADM1": "region",
    "ADM2": "district",
    **dict.fromkeys(("PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"), "country"),
}
CODE_FEATURES = {"CONT": "continent"}  # the built-in gazetteer's continents have the same ids
# Places that no longer exist. Codes ending in Q are abandoned or ruined (PRKHQ, park
# headquarters, is the one that is not); historical A codes never reach this test, since
# only the A codes in ADMIN_FEATURES are read.
GONE = {"PPLH", "PPLCH", "PPLW", "RGNH"}
# Alternate names that are codes rather than names: postcodes, Wikipedia links, and
# (caught by the upper-case test) IATA and ICAO airport codes.
CODE_LIKE = re.compile(r"\d|http")


def read_dump(
    path: str | Path, *, min_population: int = 0, feature_classes: str = DEFAULT_FEATURE_CLASSES
) -> Iterator[tuple[Entry, list[str]]]:
    """Each place of a GeoNames dump with the names it goes by, in file order.

    `min_population` applies to populated places (class P) only: the other features have no
    population, or an unreliable one, in GeoNames. Raises ValueError naming the file and line
    for a malformed line, when the iteration reaches it.
    """
    unknown = sorted(set(feature_classes) - set(CLASS_FEATURES) - {"A"})
    if unknown:
        raise ValueError(f"unknown GeoNames feature classes {''.join(unknown)!r}: choose from 'PALHTS'")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    return _read(path, min_population, frozenset(feature_classes))


def load_dump(path: str | Path, base: Gazetteer) -> Gazetteer:
    """A new gazetteer of `base` and the places of a GeoNames dump: a dump entry replaces the
    base entry with its geonameid, and the names of both lead to it."""
    entries = dict(base.entries)
    added: dict[str, set[int]] = defaultdict(set)
    for entry, entry_names in read_dump(path):
        entries[entry.geonameid] = entry
        for name in entry_names:
            key = normalise(name)
            if key:
                added[key].add(entry.geonameid)
    names = dict(base.names)
    for key, ids in added.items():
        names[key] = tuple(sorted(ids.union(base.names.get(key, ()))))
    return Gazetteer(entries, names)


def _read(path: Path, min_population: int, classes: frozenset[str]) -> Iterator[tuple[Entry, list[str]]]:
    to_iso3 = iso2_to_iso3()
    features: dict[tuple[str, str], str | None] = {}  # a few hundred codes, each decided once
    with _open(path) as (lines, source):
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            row = line.split("\t")
            if len(row) != COLUMNS:
                raise ValueError(
                    f"{source}, line {number}: {len(row)} tab-separated columns, "
                    f"expected {COLUMNS} (the GeoNames 'geoname' table)"
                )
            fclass, code = row[6], row[7]
            if fclass not in classes:
                continue
            try:
                feature = features[fclass, code]
            except KeyError:
                feature = features[fclass, code] = _feature(fclass, code)
            if feature is None:
                continue
            try:
                geonameid, lat, lon = int(row[0]), float(row[4]), float(row[5])
                population = int(row[14] or 0)
            except ValueError as exc:
                raise ValueError(f"{source}, line {number}: not a number where one belongs ({exc})") from None
            if fclass == "P" and population < min_population:
                continue
            admin1 = row[10]
            entry = Entry(
                geonameid=geonameid,
                name=row[1],
                country=to_iso3.get(row[8]),
                lat=lat,
                lon=lon,
                population=population,
                feature=feature,
                admin1=admin1 if admin1 and admin1 != "00" else None,  # "00": no first-order division
                capital=code == "PPLC",
            )
            yield entry, _names(row[1], row[2], row[3])


def _feature(fclass: str, code: str) -> str | None:
    """What an `Entry` calls a GeoNames feature, or None for one not read."""
    if code in GONE or (code.endswith("Q") and code != "PRKHQ"):
        return None
    if fclass == "A":
        return ADMIN_FEATURES.get(code)
    return CODE_FEATURES.get(code) or CLASS_FEATURES.get(fclass)


def _names(name: str, asciiname: str, alternates: str) -> list[str]:
    """The names of a place worth looking up, with the filters `Gazetteer.build` applies."""
    found = [name, asciiname]
    if alternates:
        found.extend(alt for alt in alternates.split(",") if not CODE_LIKE.search(alt))
    return [
        n
        for n in dict.fromkeys(found)
        if len(n) > 1 and not n.islower() and not n.isupper() and (n.isascii() or _latin(n))
    ]


@contextmanager
def _open(path: Path) -> Iterator[tuple[IO[str], str]]:
    """The lines of a dump, plain, zipped or gzipped, and how to name it in an error message."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [
                n for n in archive.namelist() if n.lower().endswith(".txt") and Path(n).name.lower() != "readme.txt"
            ]
            if len(members) != 1:
                raise ValueError(f"{path}: expected one GeoNames .txt file in the archive, found {members}")
            with io.TextIOWrapper(archive.open(members[0]), encoding="utf-8", newline="\n") as f:
                yield f, f"{path} ({members[0]})"
    elif suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
            yield f, str(path)
    else:
        with open(path, encoding="utf-8", newline="\n") as f:
            yield f, str(path)
