"""Countries: ISO codes, the names, adjectives and people-nouns news uses for them, their
capitals, and a point for the country as a whole. Shared by the actor coder and the geoparser.

The table is `data/countries.tsv`, written from public facts (ISO 3166, GeoNames).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsevents.tables import read_rows


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str | None
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]
    lat: float | None
    lon: float | None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def read_table(name: str, package: str = "newsevents") -> list[dict[str, str]]:
    """Rows of a tab-separated file in a package's `data/` folder, read by the checked loader."""
    return [row.values for row in read_rows(name, package)]


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """All countries keyed by ISO 3166-1 alpha-3 code."""
    table = {}
    for row in read_table("countries.tsv"):
        names = _split(row["names"])
        table[row["iso3"]] = Country(
            iso3=row["iso3"],
            iso2=row.get("iso2") or None,
            name=names[0] if names else row["iso3"],
            names=names,
            adjectives=_split(row.get("adjectives")),
            people=_split(row.get("people")),
            capitals=_split(row.get("capital")),
            lat=float(row["lat"]) if row.get("lat") else None,
            lon=float(row["lon"]) if row.get("lon") else None,
        )
    return table


@lru_cache(maxsize=1)
def iso2_to_iso3() -> dict[str, str]:
    return {c.iso2: c.iso3 for c in countries().values() if c.iso2}
