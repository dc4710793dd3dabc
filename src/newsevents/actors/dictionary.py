"""The actor dictionary: names of countries, capitals and seats of government, national
institutions, international bodies and armed groups, and the role words that give a sector.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from newsevents.countries import countries, read_table
from newsevents.ontology import SECTORS
from newsevents.tables import Row, read_rows


@dataclass(frozen=True)
class ActorEntry:
    """What a name stands for as an actor."""

    code: str
    country: str | None
    sector: str | None
    name: str
    kind: str  # country, capital, institution, organization, group, person


def _sector_rows(name: str, columns: tuple[str, ...], key: Callable[[Row], object]) -> list[Row]:
    allowed = {"sector": [*SECTORS, "NGO"], "person": ["yes"], "unnamed": ["people", "body"]}
    return read_rows(name, __package__, required=columns, nonempty=columns[:1], allowed=allowed, key=key)


# Role words (roles.tsv): the sector a noun gives its phrase ("Russian troops" -> MIL), and
# the roles held by one person, so that a name may take them ("the foreign minister ... Ayrault").
_ROLES = _sector_rows("roles.tsv", ("word", "sector", "person", "unnamed"), key=lambda r: r["word"])
ROLE_SECTORS: dict[str, str] = {r["word"]: r["sector"] for r in _ROLES if r["sector"]}
PERSON_ROLES: frozenset[str] = frozenset(r["word"] for r in _ROLES if r["person"] == "yes")
UNNAMED_PEOPLE: frozenset[str] = frozenset(r["word"] for r in _ROLES if r["unnamed"] == "people")
UNNAMED_BODIES: frozenset[str] = frozenset(r["word"] for r in _ROLES if r["unnamed"] == "body")

# Modifiers that make a role word something else (sector_overrides.tsv): "rights activist" is
# not opposition, "riot police" is COP, an "aid agency" belongs to no country (NGO).
_SECTOR_OVERRIDES = {
    (r["modifier"].lower(), r["head"].lower()): r["sector"]
    for r in _sector_rows(
        "sector_overrides.tsv", ("modifier", "head", "sector"), key=lambda r: (r["modifier"].lower(), r["head"].lower())
    )
}


def override_sector(modifier: str, head: str) -> str | None:
    return _SECTOR_OVERRIDES.get((modifier.lower(), head.lower()))


def _normal(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'")
    name = re.sub(r"\s+", " ", name.strip())
    return name.lower()


class ActorDictionary:
    """Phrases (lower-cased) mapped to actor entries, with the demonyms of each country."""

    def __init__(self) -> None:
        self.phrases: dict[str, ActorEntry] = {}
        self.adjectives: dict[str, str] = {}  # "russian" -> "RUS"
        self.acronyms: set[str] = set()  # keys written in capitals: "who" is not the WHO, "is" not IS
        self.words: set[str] = set()  # keys of names written otherwise ("Hamas", "Nato")
        self.longest = 1

    def add(self, phrase: str, entry: ActorEntry, *, replace: bool = False) -> None:
        key = _normal(phrase)
        if not key or (key in self.phrases and not replace):
            return
        self.phrases[key] = entry
        self.longest = max(self.longest, len(key.split()))
        letters = phrase.replace(".", "").replace("-", "")
        acronym = letters.isupper() and len(letters) <= 5 and " " not in phrase  # WHO, IS, US, EU, ICC
        keys = [key] + ([key.replace(".", "")] if "." in key else [])  # "U.S." is also written "US"
        for form in keys:
            self.phrases.setdefault(form, entry)
            (self.acronyms if acronym else self.words).add(form)

    def lookup(self, phrase: str) -> ActorEntry | None:
        key = _normal(phrase)
        if key.startswith("the ") and key not in self.phrases:
            key, phrase = key[4:], phrase.strip()[4:]
        if key in self.acronyms and key not in self.words and not phrase.strip()[:1].isupper():
            return None  # "who", "is", "us" in lower case are words, not the WHO, IS or the US
        return self.phrases.get(key)

    def adjective(self, word: str) -> str | None:
        """The country of a nationality adjective ("Russian", "U.S.", "Russian-backed" is not one)."""
        key = _normal(word)
        return self.adjectives.get(key) or self.adjectives.get(key.replace(".", ""))


def _aliases(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """The built-in dictionary: countries, capitals, institutions, organisations, groups."""
    d = ActorDictionary()
    for country in countries().values():
        entry = ActorEntry(country.iso3, country.iso3, None, country.name, "country")
        for name in country.names:
            d.add(name, entry)
        for people in country.people:
            d.add(people, entry)
        for adjective in country.adjectives:
            d.adjectives.setdefault(_normal(adjective), country.iso3)
            d.adjectives.setdefault(_normal(adjective).replace(".", ""), country.iso3)
        for capital in country.capitals:
            d.add(capital, ActorEntry(country.iso3 + "GOV", country.iso3, "GOV", country.name, "capital"))
    for row in read_table("institutions.tsv", __package__):
        names = _aliases(row["name"])
        entry = ActorEntry(row["country"] + row["sector"], row["country"], row["sector"], names[0], "institution")
        for name in names:
            d.add(name, entry, replace=True)
    for row in read_table("organizations.tsv", __package__):
        names = _aliases(row["name"])
        entry = ActorEntry(
            row["code"],
            row.get("country") or None,
            row.get("sector") or None,
            names[0],
            "group" if (row.get("sector") == "REB") else "organization",
        )
        for name in names:
            d.add(name, entry, replace=True)
    return d
