"""Readers for analysts' own actor dictionaries: PETRARCH/Phoenix actor and agent files, and CSV.

Pure parsing: every reader returns plain records and never raises on a bad line. A line it
cannot read is skipped and reported in `UserDictionary.skipped` ("file:line: why"), so a
dictionary of 18,000 hand-kept entries with a few typos still loads.

PETRARCH writes phrases in capitals with underscores for spaces ("PRESIDENT_GEORGE_W._BUSH"):
names come back with spaces and their case as written; matching them without regard to case
is the consumer's business. Formats: https://petrarch2.readthedocs.io (dictionaries).
"""

from __future__ import annotations

import copy
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Generic, Iterable, Sequence, TypeVar

from newsevents.actors.dictionary import ROLE_SECTORS, ActorDictionary, ActorEntry, default_dictionary


@dataclass(frozen=True)
class UserActor:
    """Names of one actor and its code over one period (`start`/`end` inclusive; None is open).

    An actor whose code changes over time ("[HOBGOV 19950601-19990815]", "[HOBREB >990816]")
    gives one UserActor per period, in the order of the file; an undated code is the default.
    """

    names: tuple[str, ...]
    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class UserAgent:
    """Role words that modify the code of the actor they attach to ("foreign minister" -> GOVFRM).

    The code goes after the actor's country ("~GOVFRM": Arnor's foreign minister is ARNGOVFRM),
    or before it when `prefix` ("NGO~": a human rights body of Arnor is NGOARN).
    """

    names: tuple[str, ...]
    code: str
    prefix: bool = False


Entry = TypeVar("Entry", UserActor, UserAgent)


@dataclass(frozen=True)
class UserDictionary(Generic[Entry]):
    """What a reader found: the entries, and the lines it skipped with the reason for each."""

    entries: tuple[Entry, ...]
    skipped: tuple[str, ...] = ()


def actors_on(actors: Iterable[UserActor], day: date | None) -> list[UserActor]:
    """The entries in force on `day`, one per actor (per distinct code of it).

    As in PETRARCH, the first dated entry of an actor whose period holds the day wins; else
    its undated default; else (no date given) the entry whose period is still open.
    """
    groups: dict[tuple[str, ...], list[UserActor]] = {}
    for actor in actors:
        groups.setdefault(actor.names, []).append(actor)
    chosen = []
    for entries in groups.values():
        dated = [a for a in entries if a.dated]
        undated = [a for a in entries if not a.dated]
        if day is not None:
            found = [a for a in dated if a.holds(day)][:1] or undated
        else:
            found = undated or [a for a in dated if a.end is None][-1:]
        if dated and found and found[0].dated:
            # Codes of one period come from one bracket; "ELR/GAL" is two codes of one period.
            first = found[0]
            found = [a for a in dated if (a.start, a.end) == (first.start, first.end)]
        chosen.extend(found)
    return chosen


# -- shared lexical rules ------------------------------------------------------------------------

_HTML_COMMENT = re.compile(r"<!.*?-->")
# A code has a letter ("USAGOV", "IGOUNO", "---GOV"), or is PETRARCH's null code "---".
_CODE = re.compile(r"(?=[A-Z0-9+\-]*[A-Z])[A-Z0-9+\-]+|---|\+\+\+")


def _text(path: str | Path) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, content) with comments removed: <!-- ... --> (over several lines too),
    and anything after '#' or ';' (the KEDS/TABARI habit). Blank results are dropped."""
    in_comment = False
    for number, line in enumerate(text.splitlines(), 1):
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        line = _HTML_COMMENT.sub(" ", line)
        if "<!" in line:
            line, in_comment = line.split("<!", 1)[0], True
        line = re.split(r"[#;]", line, maxsplit=1)[0]
        if line.strip():
            yield number, line.rstrip()


def _phrase(text: str) -> str:
    """'PRESIDENT_GEORGE_W._BUSH' -> 'PRESIDENT GEORGE W. BUSH' (a trailing '_' only stops
    TABARI's stemming)."""
    return " ".join(text.replace("_", " ").split())


def _pdate(text: str) -> date | None:
    """A PETRARCH date: YYYYMMDD, or YYMMDD with years up to 30 in the 2000s (as KEDS did)."""
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            year = int(text[:2])
            return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:]))
    except ValueError:
        return None
    return None


_RESTRICTION = re.compile(
    r"^\s*(?P<code>[^\s<>]+?)(?:\s*(?P<op>[<>])\s*(?P<on>\d+)|\s+(?P<from>\d+)\s*-\s*(?P<to>\d+))?\s*$"
)


def _codes(bracket: str) -> list[UserActor] | str:
    """The codes of one '[...]' of an actor entry (names filled in later), or why it is bad."""
    m = _RESTRICTION.match(bracket)
    if not m:
        return f"cannot read the code [{bracket}]"
    code = m["code"].upper()
    if not all(_CODE.fullmatch(part) for part in code.split("/")):
        return f"not a code: {m['code']!r}"
    start = end = None
    if m["op"]:
        on = _pdate(m["on"])
        if on is None:
            return f"not a date: {m['on']!r}"
        start, end = (None, on) if m["op"] == "<" else (on, None)
    elif m["from"]:
        start, end = _pdate(m["from"]), _pdate(m["to"])
        if start is None or end is None:
            return f"not a date range: {m['from']}-{m['to']}"
        if end < start:
            return f"the period ends before it starts: {m['from']}-{m['to']}"
    return [UserActor((), part, start, end) for part in code.split("/") if part]


# -- PETRARCH actors -----------------------------------------------------------------------------

_BRACKET = re.compile(r"\[([^\]]*)\]")


def read_petrarch_actors(path: str | Path) -> UserDictionary[UserActor]:
    """Read a PETRARCH/TABARI actor dictionary.

    A record is a phrase with optional codes (`GONDOR [GON]`), then synonym lines starting
    with '+', then indented code lines, dated or not (`[USAGOV >20090120]`,
    `[USAELI 19990101-20011231]`, `[ABC <19950101]`). Codes separated by '/' are several
    codes of one actor. A record without any code, a stray synonym and a bad bracket are
    skipped, the rest of the record kept.
    """
    records = _ActorRecords(str(path))
    for number, line in _lines(_text(path)):
        records.read(number, line.strip())
    records.close()
    return UserDictionary(tuple(records.entries), tuple(records.skipped))


class _ActorRecords:
    """The records of an actor file as they are read: the one open (its phrase and synonyms,
    its codes, its first line), those closed, and the lines skipped."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[UserActor] = []
        self.skipped: list[str] = []
        self.names: list[str] = []  # empty: no record open, so synonyms and codes are skipped
        self.codes: list[UserActor] = []
        self.started = 0

    def read(self, number: int, line: str) -> None:
        """One line (stripped): a synonym, a code line, or the phrase that starts a record."""
        if line.startswith("+"):
            name = _phrase(_BRACKET.split(line[1:])[0])
            if not self.names or not name:
                self._skip(number, "a synonym with no actor before it")
                return
            self.names.append(name)
        elif line.startswith("["):
            if not self.names:
                self._skip(number, "a code with no actor before it")
                return
        elif not self._open(number, line):
            return
        self._add_codes(number, _BRACKET.findall(line))

    def _open(self, number: int, line: str) -> bool:
        """Close the record before and open the one this phrase line starts; False if it cannot be read."""
        self.close()
        name = _phrase(line.split("[", 1)[0])
        self.names, self.codes, self.started = ([name] if name else []), [], number
        if not name:
            self._skip(number, "a code with no actor phrase")
            return False
        if "[" in line and not _BRACKET.search(line):
            self._skip(number, f"unclosed '[' in {line!r}")
            self.names = []
            return False
        return True

    def _add_codes(self, number: int, brackets: list[str]) -> None:
        for bracket in brackets:
            found = _codes(bracket)
            if isinstance(found, str):
                self._skip(number, found)
                continue
            if not found[0].dated:  # an undated code replaces the default, as in PETRARCH
                self.codes = [c for c in self.codes if c.dated]
            self.codes.extend(found)

    def close(self) -> None:
        """Keep the open record's entries, or report it when it has no code."""
        if self.names and self.codes:
            self.entries.extend(UserActor(tuple(self.names), c.code, c.start, c.end) for c in self.codes)
        elif self.names:
            self._skip(self.started, f"no code for {self.names[0]!r}")

    def _skip(self, number: int, why: str) -> None:
        self.skipped.append(f"{self.path}:{number}: {why}")


# -- PETRARCH agents -----------------------------------------------------------------------------

_SUBSTITUTION = re.compile(r"^\s*!(?P<marker>[^!\s]+)!\s*=\s*(?P<items>.+)$")
_MARKER = re.compile(r"!([^!\s]+)!")
_AGENT = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\}\s*)?\[(?P<code>[^\]]*)\]\s*$")


def regular_plural(phrase: str) -> str:
    """The plural of a phrase's last word by the regular rules ("EMBASSY" -> "EMBASSIES")."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if re.search(r"[^aeiou]y$", low):
        last = last[:-1] + ("IES" if last.isupper() else "ies")
    elif re.search(r"(s|x|z|ch|sh)$", low):
        last += "ES" if last.isupper() else "es"
    else:
        last += "S" if last.isupper() else "s"
    return f"{head} {last}" if head else last


def read_petrarch_agents(path: str | Path) -> UserDictionary[UserAgent]:
    """Read a PETRARCH agent dictionary: `PHRASE {PLURAL} [~CODE]`.

    Without braces the regular plural is added; `{}` means the phrase has no other form;
    `{ATTORNEYS_GENERAL}` gives the plural. `!PERSON! = MAN, MEN, ...` defines a substitution
    set: `CONGRESS!PERSON!` stands for CONGRESSMAN, CONGRESSMEN... (no plurals added). Sets
    may be defined anywhere in the file.
    """
    lines = list(_lines(_text(path)))
    sets: dict[str, list[str]] = {}
    for _, line in lines:
        m = _SUBSTITUTION.match(line)
        if m:
            sets[m["marker"].upper()] = [_phrase(item) for item in m["items"].split(",") if item.strip()]
    entries: list[UserAgent] = []
    skipped: list[str] = []
    for number, line in lines:
        if _SUBSTITUTION.match(line):
            continue
        m = _AGENT.match(line.strip())
        if not m:
            skipped.append(f"{path}:{number}: not 'PHRASE {{PLURAL}} [CODE]': {line.strip()!r}")
            continue
        raw = m["code"].strip().upper()
        prefix = raw.endswith("~") and not raw.startswith("~")
        code = raw.strip("~").strip()
        if not _CODE.fullmatch(code):
            skipped.append(f"{path}:{number}: not an agent code: [{m['code']}]")
            continue
        phrase = m["phrase"].strip()
        markers = _MARKER.findall(phrase)
        if markers:
            unknown = [k for k in markers if k.upper() not in sets]
            if unknown:
                skipped.append(f"{path}:{number}: undefined substitution set !{unknown[0]}!")
                continue
            names = [phrase]
            for marker in markers:
                names = [n.replace(f"!{marker}!", item, 1) for n in names for item in sets[marker.upper()]]
            names = [_phrase(n) for n in names]
        else:
            name = _phrase(phrase)
            plural = m["plural"]
            names = [name] + ([regular_plural(name)] if plural is None else [_phrase(plural)] if plural.strip() else [])
        entries.append(UserAgent(tuple(dict.fromkeys(n for n in names if n)), code, prefix))
    return UserDictionary(tuple(entries), tuple(skipped))


# -- CSV -----------------------------------------------------------------------------------------


def read_csv_actors(path: str | Path) -> UserDictionary[UserActor]:
    """Read a CSV of actors with the header `name,code,from,to` (`from`/`to` optional ISO
    dates; empty means open). One row is one name; rows with a bad date or no code are skipped."""
    entries: list[UserActor] = []
    skipped: list[str] = []
    reader = csv.DictReader(io.StringIO(_text(path)))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "name" not in fields or "code" not in fields:
        return UserDictionary((), (f"{path}:1: the header must name the columns name and code",))
    for row in reader:
        number = reader.line_num
        cells = {column: (row.get(field) or "").strip() for column, field in fields.items()}
        name, code = " ".join(cells.get("name", "").split()), cells.get("code", "").upper()
        if not name or not _CODE.fullmatch(code):
            skipped.append(f"{path}:{number}: a name and a code are needed: {name!r}, {cells.get('code', '')!r}")
            continue
        try:
            start = date.fromisoformat(cells.get("from", "")) if cells.get("from", "") else None
            end = date.fromisoformat(cells.get("to", "")) if cells.get("to", "") else None
        except ValueError:
            skipped.append(f"{path}:{number}: not an ISO date: {cells.get('from', '')!r} or {cells.get('to', '')!r}")
            continue
        if start and end and end < start:
            skipped.append(f"{path}:{number}: the period ends before it starts")
            continue
        entries.append(UserActor((name,), code, start, end))
    return UserDictionary(tuple(entries), tuple(skipped))


# -- into the coder's dictionary -----------------------------------------------------------------


def actor_code(code: str | None) -> str | None:
    """A PETRARCH actor code for comparison: "---" and "" are no actor, "---GOV" is "GOV"."""
    code = (code or "").strip()
    while code.startswith("---"):
        code = code[3:]
    return code or None


def country_of(code: str | None) -> str | None:
    """The country part of a gold PETRARCH code; none for no actor, "---GOV" or quoted text."""
    raw = (code or "").strip()
    if not raw or raw.startswith(("---", '"')):
        return None
    return raw[:3]


def _display(code: str) -> str:
    return code.title() if len(code) > 3 else code


def dictionary_with(
    actors: Iterable[UserActor], agents: Iterable[UserAgent] = (), base: ActorDictionary | None = None
) -> ActorDictionary:
    """A copy of `base` (the default dictionary) with users' actors and agents added; their
    entries win over built-in ones of the same name. Pass actors already chosen for a date
    (`actors_on`): every entry given is added.

    An actor with a bare three-letter code is a country (so "Arnor's president" is ARN's);
    a longer code is an organization with that code's country and sector.

    The dictionary maps a phrase to a whole actor, while an agent only modifies the actor
    it attaches to, so only agents of one word the coder does not know as a role word
    ("academic", "sailor") are added, as role phrases ("~EDU") or organizations ("MSF",
    "NGO~"). Longer agents would shadow actor names in the coder's longest-match lookup
    ("White House security officials" became GOV, not USAGOV: dyad F1 0.193 -> 0.174 on
    the PETRARCH suite); the coder needs its own table of agents for those.
    """
    base = base or default_dictionary()
    d = copy.copy(base)
    d.phrases, d.adjectives = dict(base.phrases), dict(base.adjectives)
    d.acronyms, d.words = set(base.acronyms), set(base.words)
    for agent in agents:
        if any(" " in name or name.lower() in ROLE_SECTORS for name in agent.names):
            continue
        if agent.prefix:
            entry = ActorEntry(
                agent.code, agent.code[:3], agent.code[3:6] or None, _display(agent.names[0]), "organization"
            )
        else:
            entry = ActorEntry(agent.code, None, agent.code[:3], _display(agent.names[0]), "role")
        for name in agent.names:
            d.add(name, entry, replace=True)
    for actor in actors:
        code = actor_code(actor.code) or actor.code
        country = country_of(actor.code)
        entry = ActorEntry(
            code,
            country,
            code[3:6] if country and len(code) > 3 else None,
            _display(actor.names[0]),
            "country" if country and len(code) == 3 else "organization",
        )
        for name in actor.names:
            d.add(name, entry, replace=True)
    return d


class UserDictionaryError(ValueError):
    """A dictionary file that cannot be read at all (missing, empty of entries, binary)."""


@dataclass
class UserActors:
    """Analysts' dictionaries loaded for the coder: `--actors FILE`, repeatable.

    A file ending in .csv is read as `name,code,from,to`; any other as a PETRARCH/Phoenix
    actor dictionary, or an agent dictionary when its codes are agents ("[~GOV]", "[NGO~]").
    Entries dated in the file apply to articles of their period: `dictionary(day)` gives the
    coder's dictionary for an article's date (built once per distinct set of entries).
    """

    actors: tuple[UserActor, ...] = ()
    agents: tuple[UserAgent, ...] = ()
    skipped: tuple[str, ...] = ()
    base: ActorDictionary | None = None

    def __post_init__(self) -> None:
        self._built: dict[frozenset, ActorDictionary] = {}

    @classmethod
    def load(cls, paths: Sequence[str | Path], base: ActorDictionary | None = None) -> "UserActors":
        actors: list[UserActor] = []
        agents: list[UserAgent] = []
        skipped: list[str] = []
        for path in paths:
            if not Path(path).is_file():
                raise UserDictionaryError(f"{path}: no such dictionary file")
            try:
                found = _read_dictionary(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise UserDictionaryError(f"{path}: cannot read the dictionary: {exc}") from exc
            if not found.entries:
                reason = found.skipped[0] if found.skipped else "no entries"
                raise UserDictionaryError(f"{path}: no actor or agent entries found ({reason})")
            for entry in found.entries:  # a file holds actors or agents, never both
                if isinstance(entry, UserAgent):
                    agents.append(entry)
                else:
                    actors.append(entry)
            skipped.extend(found.skipped)
        return cls(tuple(actors), tuple(agents), tuple(skipped), base)

    def dictionary(self, day: date | None) -> ActorDictionary:
        chosen = actors_on(self.actors, day)
        key = frozenset(chosen)
        if key not in self._built:
            self._built[key] = dictionary_with(chosen, self.agents, self.base)
        return self._built[key]


def _read_dictionary(path: str | Path) -> UserDictionary[UserActor] | UserDictionary[UserAgent]:
    """A dictionary file read by the reader its name or its codes call for."""
    if str(path).lower().endswith(".csv"):
        return read_csv_actors(path)
    if _is_agent_file(_text(path)):
        return read_petrarch_agents(path)
    return read_petrarch_actors(path)


def _is_agent_file(text: str) -> bool:
    """Whether a PETRARCH file holds agents: its codes are mostly "~XXX" or "XXX~"."""
    codes = re.findall(r"\[([^\]]*)\]", text)
    agents = sum(1 for c in codes if c.strip().startswith("~") or c.strip().endswith("~"))
    return bool(codes) and agents * 2 > len(codes)
