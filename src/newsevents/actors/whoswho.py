"""Dated who's-who: which government (or body) a named person stands for on a given day.

A story of 2016 says "Kerry told Lavrov ..." without introducing either: the who's-who knows
that John Kerry was US Secretary of State (USAGOV) then, and Sergey Lavrov Russia's foreign
minister (RUSGOV), while "Kerry" in 2018 is no longer the US government.

Two tables under `newsevents/actors/data/`, read by the project's checked loader
(`newsevents.tables`), in the same format:

* `people.tsv`, generated from the PETRARCH/Phoenix actor dictionaries (current to ~2014) by
  scripts/make_whoswho.py: never edited by hand;
* `officeholders.tsv`, kept by hand: office-holders from 2016 on, and corrections.

    name    short   code    from    to      office

`name` holds the full name and its variants ("|"-separated, the canonical form first); the
first variant identifies the person within a file. `short` lists surnames that stand alone
for the person ("Lavrov"). `code` is ISO3 + one sector (USAGOV) or an IGO/NGO/MNC/IMG code of
organizations.tsv (IGOUNO, optionally + a sector). `from`/`to` are ISO dates, inclusive, empty
for open. One row per period; the periods of one person in one file may not overlap.

A later table overrides an earlier one for a person they share (any full-name variant in
common): from the first day the later table gives that person on, only its periods count;
the earlier table's periods before that day are kept. So officeholders.tsv wins over
people.tsv, and users' files (`WhosWho.load(paths, base=default_whoswho())`) over both.

Matching ignores case, accents, apostrophes (straight or curly), periods and hyphens; it
accepts any full-name variant, a `short` surname alone, and a full name with a middle name or
initial left out where only one person fits ("Sergei Viktorovich Lavrov" ~ "Sergei Lavrov").
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from newsevents.actors.dictionary import ActorEntry
from newsevents.actors.names import _without_middles, normal
from newsevents.countries import countries
from newsevents.ontology import SECTORS
from newsevents.tables import (
    Row,
    TableError,
    parse_rows,
    read_file_rows,
    read_rows,
    split_values,
)

PACKAGE = "newsevents.actors"
TABLES = ("people.tsv", "officeholders.tsv")  # in order of precedence: later wins
REQUIRED = ("name", "short", "code", "from", "to")
OPTIONAL = ("office",)
ORG_PREFIXES = ("IGO", "NGO", "MNC", "IMG")

# -- the table --------------------------------------------------------------------------------


class Period(NamedTuple):
    """One code of a person over days `start`..`end` (inclusive; None is open)."""

    code: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None
    office: str = ""
    where: str = ""  # file:line

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Person:
    name: str  # canonical full name
    names: list[str]  # all variants, canonical first
    shorts: list[str]
    periods: list[Period] = field(default_factory=list)  # sorted, not overlapping
    keys: list[str] = field(default_factory=list)  # normal() of each of `names`

    def period_on(self, day: date | None) -> Period | None:
        """The period holding `day`; with no day, the open period, else the latest."""
        if day is None:
            open_ = [p for p in self.periods if p.end is None]
            if open_:
                return open_[-1]
            # No period is open, so every one has an end.
            return max(self.periods, key=lambda p: p.end or date.min) if self.periods else None
        for period in self.periods:
            if period.holds(day):
                return period
        return None


_CODE = re.compile(r"^[A-Z]{6}(?:[A-Z]{3})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=1)
def _iso3() -> frozenset[str]:
    return frozenset(countries())


def _code(code: str, where: str) -> tuple[str | None, str | None]:
    """(country, sector) of a code, or a TableError naming the place."""
    if not _CODE.match(code):
        raise TableError(
            f"{where}: {code!r} is not a code (ISO3 + a sector such as USAGOV, or an "
            f"IGO/NGO/MNC/IMG code such as IGOUNO)"
        )
    head = code[:3]
    if head in ORG_PREFIXES:
        sector = code[6:] or None
        country = None if head == "IMG" else head
    else:
        if head not in _iso3():
            raise TableError(
                f"{where}: unknown country {head!r} in code {code!r} (an ISO3 code of "
                f"countries.tsv, or IGO/NGO/MNC/IMG)"
            )
        if len(code) != 6:
            raise TableError(f"{where}: code {code!r} has more than one sector (ISO3 + one sector)")
        country, sector = head, code[3:]
    if sector is not None and sector not in SECTORS:
        raise TableError(f"{where}: unknown sector {sector!r} in code {code!r} (one of {', '.join(SECTORS)})")
    return country, sector


def _day(value: str, column: str, where: str, seen: dict[str, date]) -> date | None:
    """The day of a `from` or `to` value, None for an empty one (open); `seen` keeps the days
    parsed before, as a table repeats them."""
    if not value:
        return None
    day = seen.get(value)
    if day is not None:
        return day
    try:
        if _DATE.match(value):
            day = seen[value] = date.fromisoformat(value)
            return day
    except ValueError:
        pass
    raise TableError(f"{where}: bad date {value!r} in column {column!r} (YYYY-MM-DD, or empty for open)")


def _line(where: str) -> str:
    return where.rsplit(":", 1)[1]


class _PeriodReader:
    """The period of each row, with its code and dates checked; each distinct code and date is
    parsed once, as a table of 100,000 rows repeats them."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str | None, str | None]] = {}
        self.days: dict[str, date] = {}

    def period(self, row: Row) -> Period:
        values, at = row.values, row.where
        code = values["code"]
        parsed = self.codes.get(code)
        if parsed is None:
            parsed = self.codes[code] = _code(code, at)
        start = _day(values["from"], "from", at, self.days)
        end = _day(values["to"], "to", at, self.days)
        if start and end and end < start:
            raise TableError(f"{at}: the period ends ({end}) before it starts ({start})")
        return Period(code, parsed[0], parsed[1], start, end, values.get("office") or "", at)


def _read(reader: Callable[..., list[Row]], *args: object) -> list[Person]:
    """The persons of one table, read and checked by `reader` (read_rows for a shipped table,
    read_file_rows for a user's file, parse_rows for text) and then here (see the module's
    docstring); every error names the file and line."""
    keys: dict[str, str] = {}  # normal() of the names met
    row_keys: list[str] = []  # the person of each row, in the order the reader checks them

    def key_of(row: Row) -> tuple[str, str, str]:
        values = row.values
        first = values["name"].partition("|")[0].rstrip()
        k = keys.get(first)
        if k is None:
            k = keys[first] = normal(first)
        row_keys.append(k)
        return k, values["from"], values["to"]

    rows = reader(*args, required=REQUIRED, optional=OPTIONAL, nonempty=("name", "code"), key=key_of)
    periods = _PeriodReader()
    persons: dict[str, Person] = {}
    person: Person | None = None
    key = None
    last_fields = None
    for row, row_key in zip(rows, row_keys):
        period = periods.period(row)
        if person is None or row_key != key:  # the first row of a person's run of rows
            key = row_key
            if not key:
                raise TableError(f"{row.where}: no name in column 'name'")
            person = persons.setdefault(key, Person("", [], [], []))
            last_fields = None
        person.periods.append(period)
        fields = (row.values["name"], row.values["short"])
        if fields != last_fields:  # the rows of a person mostly repeat its names
            last_fields = fields
            _add_names(person, *fields, keys)
    for person in persons.values():
        _check_periods(person)
    return list(persons.values())


def _add_names(person: Person, names: str, shorts: str, keys: dict[str, str]) -> None:
    """Add a row's name variants and shorts to the person's (`keys`: normal() of names met)."""
    for name in split_values(names) if "|" in names else (names,):
        if name not in person.names:
            person.names.append(name)
            person.keys.append(keys.get(name) or normal(name))
    person.name = person.names[0]
    if shorts:
        person.shorts.extend(s for s in split_values(shorts) if s not in person.shorts)


def _check_periods(person: Person) -> None:
    """Sort a person's periods, which may not overlap."""
    if len(person.periods) < 2:
        return
    person.periods.sort(key=lambda p: p.start or date.min)
    for before, after in zip(person.periods, person.periods[1:]):
        if before.end is None or (after.start or date.min) <= before.end:
            raise TableError(
                f"{after.where}: the period {after.start or '...'} to {after.end or '...'} of "
                f"{person.name} overlaps the one at line {_line(before.where)} "
                f"({before.start or '...'} to {before.end or '...'})"
            )


def parse_table(text: str, where: str) -> list[Person]:
    """The persons of a table's text; `where` names it in error messages."""
    return _read(parse_rows, text, where)


def _override(base: list[Person], later: list[Person]) -> list[Person]:
    """`later`'s persons over `base`'s: a person in both keeps the base periods that end
    before the first day the later table gives; names and shorts are joined."""
    if not base:
        return list(later)
    index: dict[str, list[int]] = {}
    for i, person in enumerate(base):
        for key in person.keys:
            index.setdefault(key, []).append(i)
    taken: set[int] = set()
    result: list[Person] = []
    for person in later:
        matches = sorted({i for key in person.keys for i in index.get(key, ())} - taken)
        taken.update(matches)
        result.append(_merge(person, [base[i] for i in matches]) if matches else person)
    return [p for i, p in enumerate(base) if i not in taken] + result


def _merge(person: Person, olds: list[Person]) -> Person:
    """A later table's person over the earlier table's persons of the same name."""
    first = person.periods[0].start if person.periods else None
    names, shorts, keys, kept = list(person.names), list(person.shorts), list(person.keys), []
    for old in olds:
        for name, key in zip(old.names, old.keys):
            if name not in names:
                names.append(name)
                keys.append(key)
        shorts.extend(s for s in old.shorts if s not in shorts)
        if first is not None:
            kept += _periods_before(old.periods, first)
    if len(olds) > 1:  # namesakes in the base: one sequence, the later start wins
        kept = _one_sequence(kept)
    return Person(person.name, names, shorts, kept + person.periods, keys)


def _periods_before(periods: list[Period], first: date) -> list[Period]:
    """The periods that start before `first`, ended the day before it at the latest."""
    kept = []
    for p in periods:
        if p.start is not None and p.start >= first:
            continue
        if p.end is None or p.end >= first:
            p = p._replace(end=date.fromordinal(first.toordinal() - 1))
        kept.append(p)
    return kept


def _one_sequence(periods: list[Period]) -> list[Period]:
    """Periods of several persons made one sequence: where two overlap, the one that starts
    later wins from its start (and one starting no later than the other is dropped)."""
    clean: list[Period] = []
    for p in sorted(periods, key=lambda p: p.start or date.min):
        if clean and (clean[-1].end is None or p.start is None or p.start <= clean[-1].end):
            last = clean[-1]
            if p.start is None or (last.start is not None and p.start <= last.start):
                continue
            clean[-1] = last._replace(end=date.fromordinal(p.start.toordinal() - 1))
        clean.append(p)
    return clean


@contextmanager
def _no_gc():
    """Loading makes some 100,000 objects that all live on; the cyclic collector's passes over
    them would double the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class WhosWho:
    """Persons and their dated codes, with lookup by name and day."""

    def __init__(self, persons: Iterable[Person]):
        self.persons: list[Person] = list(persons)
        full: dict[str, list[int]] = {}
        short: dict[str, list[int]] = {}
        for i, person in enumerate(self.persons):
            if len(person.keys) != len(person.names):
                person.keys = [normal(n) for n in person.names]
            for key in person.keys:
                ids = full.get(key)
                if ids is None:
                    full[key] = [i]
                elif ids[-1] != i:
                    ids.append(i)
            for name in person.shorts:
                ids = short.setdefault(normal(name), [])
                if not ids or ids[-1] != i:
                    ids.append(i)
        self._full = full
        self._short = short
        self._derived_index: dict[str, list[int]] | None = None

    @property
    def _derived(self) -> dict[str, list[int]]:
        """Full names with a middle name or initial left out, where only one person fits
        (built on the first lookup that needs it)."""
        if self._derived_index is None:
            derived: dict[str, set[int]] = {}
            full = self._full
            for key, ids in full.items():
                for form in _without_middles(key):
                    if form not in full:
                        derived.setdefault(form, set()).update(ids)
            self._derived_index = {k: [next(iter(v))] for k, v in derived.items() if len(v) == 1}
        return self._derived_index

    # -- loading --------------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: Sequence[str | Path], base: WhosWho | None = None) -> WhosWho:
        """A who's-who from users' table files (same format as the shipped tables), later
        files overriding earlier ones, all of them over `base` if given."""
        with _no_gc():
            persons = list(base.persons) if base is not None else []
            for path in paths:
                persons = _override(persons, _read(read_file_rows, path))
            return cls(persons)

    @classmethod
    def shipped(cls) -> WhosWho:
        """The who's-who of the package's tables (people.tsv, then officeholders.tsv)."""
        with _no_gc():
            persons: list[Person] = []
            for name in TABLES:
                persons = _override(persons, _read(read_rows, name, PACKAGE))
            return cls(persons)

    # -- lookup ---------------------------------------------------------------------------------

    def candidates(self, name: str) -> list[Person]:
        """The persons a name may stand for, whatever the day."""
        key = normal(name)
        if not key:
            return []
        ids = self._full.get(key) or self._derived.get(key)
        if not ids:  # a middle name or initial we do not know ("Sergei V. Lavrov")
            derived = self._derived
            found = {i for form in _without_middles(key) for i in self._full.get(form, derived.get(form, ()))}
            if len(found) == 1:
                ids = list(found)
        if not ids:
            ids = self._short.get(key)
        return [self.persons[i] for i in ids or ()]

    def find(self, name: str, day: date | None) -> tuple[Person, Period] | None:
        """The person a name stands for on `day` and the period holding that day (with no day,
        the open period, else the latest); None when the name is unknown, no period of the
        person holds the day, or the name fits persons of different codes on that day (one in
        office wins over a former office-holder, ELI)."""
        hits = []
        for person in self.candidates(name):
            period = person.period_on(day)
            if period is not None:
                hits.append((person, period))
        if not hits:
            return None
        if len(hits) > 1:
            hits = [h for h in hits if h[1].sector != "ELI"] or hits
            if len({period.code for _, period in hits}) > 1:
                return None
        return hits[0]

    def lookup(self, name: str, day: date | None) -> ActorEntry | None:
        """The actor a person's name stands for on `day`: kind "person", the canonical full
        name, and the code, country and sector of the period holding the day (see `find`)."""
        found = self.find(name, day)
        if found is None:
            return None
        person, period = found
        return ActorEntry(
            code=period.code, country=period.country, sector=period.sector, name=person.name, kind="person"
        )

    def names(self) -> list[str]:
        """The normalised full names and shorts known (for finding mentions in text)."""
        return sorted(set(self._full) | set(self._short))

    def __len__(self) -> int:
        return len(self.persons)


@lru_cache(maxsize=1)
def default_whoswho() -> WhosWho:
    """The shipped who's-who (people.tsv overridden by officeholders.tsv), loaded once."""
    return WhosWho.shipped()
