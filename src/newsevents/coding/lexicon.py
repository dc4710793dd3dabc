"""The coder's lexicon: which words express which CAMEO event, read from the tables in `data/`.

Three kinds of trigger, each a table a domain expert can edit:
- `triggers.tsv`: event verbs and nouns that carry their own meaning ("accuse", "shell",
  "airstrike", "talks"), with `noun_modifiers.tsv` for nouns a modifier changes ("general
  strike", "air raid");
- `object_senses.tsv`: verbs whose meaning comes from their object ("halt" + "diplomacy"
  reduces relations, "halt" + "airstrikes" de-escalates; "impose" + "sanctions");
- `particle_verbs.tsv`, `light_prepositions.tsv`: phrasal verbs ("blew up") and verbs that
  carry an event noun ("engaged in ethnic cleansing").
`word_classes.tsv` holds the classes the rules and the other tables refer to (@TROOPS,
@REQUEST_VERBS...); `wanted_codes.tsv`, `threat_codes.tsv` and `wanted_acts.tsv` say what
requests, promises, refusals and threats of an act are coded as.

Every table is read by `newsevents.tables` and checked here: a code not in CAMEO, a class
that does not exist, a word given twice, a column missing, each stops loading with the file
and line. Users add or override entries with files of the same format (`--lexicon FILE`):
the header says which table a file extends.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Callable, Iterable, Iterator, Mapping, TypeVar

from newsevents.ontology import PLOVER_TYPES, cameo_table
from newsevents.tables import Row, TableError, file_text, package_text, parse_rows, split_values

__all__ = ["Lexicon", "Sense", "TableError", "active", "default_lexicon", "load_lexicon", "using"]

WANTED_KINDS = ("appeal", "demand", "intent", "refusal")
CLASS_ROLES = ("trigger", "carrier", "object")

T = TypeVar("T")


@dataclass(frozen=True)
class Sense:
    code: str
    rule: str
    target_preps: tuple[str, ...] = ()
    needs_target: bool = False  # "spoke to reporters" is no event; "spoke with Lavrov" is


@dataclass(frozen=True)
class ObjectRule:
    """One line of object_senses.tsv (None: any)."""

    verbs: frozenset[str] | None
    particles: frozenset[str] | None
    objects: frozenset[str] | None
    held_any: frozenset[str]
    held_none: frozenset[str]
    code: str
    target_preps: tuple[str, ...]
    where: str

    def matches(self, verb: str, obj: str, held: set[str], particle: str) -> bool:
        return (
            (self.verbs is None or verb in self.verbs)
            and (self.particles is None or particle in self.particles)
            and (self.objects is None or obj in self.objects)
            and (not self.held_any or bool(held & self.held_any))
            and not (held & self.held_none)
        )


# The tables: file name -> (columns, identity of an entry). A user's file extends the table
# whose columns its header has.
TABLES = {
    "triggers.tsv": (("word", "pos", "code", "target_preps", "flags"), lambda r: (r["word"], r["pos"])),
    "noun_modifiers.tsv": (("modifier", "noun", "code"), lambda r: (r["modifier"], r["noun"])),
    "word_classes.tsv": (("class", "role", "words", "note"), lambda r: r["class"]),
    "object_senses.tsv": (("verbs", "particle", "objects", "held", "code", "target_preps", "note"), None),
    "particle_verbs.tsv": (("verb", "particle", "code"), lambda r: (r["verb"], r["particle"])),
    "wanted_codes.tsv": (("act", *WANTED_KINDS), lambda r: r["act"]),
    "threat_codes.tsv": (("act", "threat"), lambda r: r["act"]),
    "wanted_acts.tsv": (("word", "pos", "code"), lambda r: (r["word"], r["pos"])),
    "light_prepositions.tsv": (("verb", "preposition"), lambda r: r["verb"]),
    "lemma_repairs.tsv": (("lemma", "repaired"), lambda r: r["lemma"]),
    "asking_verbs.tsv": (("verb", "code"), lambda r: r["verb"]),
    "irregular_forms.tsv": (("lemma", "forms"), lambda r: r["lemma"]),
    "type_codes.tsv": (("type", "code"), lambda r: r["type"]),
}
OPTIONAL = {"word_classes.tsv": ("note",), "object_senses.tsv": ("note",), "triggers.tsv": ("flags",)}
NONEMPTY = {
    "triggers.tsv": ("word", "pos", "code"),
    "noun_modifiers.tsv": ("modifier", "noun", "code"),
    "word_classes.tsv": ("class", "words"),
    "object_senses.tsv": ("verbs", "objects", "code"),
    "particle_verbs.tsv": ("verb", "particle"),
    "wanted_codes.tsv": ("act", *WANTED_KINDS),
    "threat_codes.tsv": ("act", "threat"),
    "wanted_acts.tsv": ("word", "pos", "code"),
    "light_prepositions.tsv": ("verb",),
    "lemma_repairs.tsv": ("lemma", "repaired"),
    "asking_verbs.tsv": ("verb", "code"),
    "irregular_forms.tsv": ("lemma", "forms"),
    "type_codes.tsv": ("type", "code"),
}
ALLOWED: dict[str, dict[str, Iterable[str]]] = {
    "triggers.tsv": {"pos": ("verb", "noun"), "flags": ("needs_target",)},
    "wanted_acts.tsv": {"pos": ("verb", "noun")},
    "word_classes.tsv": {"role": CLASS_ROLES},
    "type_codes.tsv": {"type": PLOVER_TYPES},
}
CODE_COLUMNS = {
    "triggers.tsv": ("code",),
    "noun_modifiers.tsv": ("code",),
    "object_senses.tsv": ("code",),
    "particle_verbs.tsv": ("code",),
    "wanted_codes.tsv": WANTED_KINDS,
    "threat_codes.tsv": ("threat",),
    "wanted_acts.tsv": ("code",),
    "asking_verbs.tsv": ("code",),
    "type_codes.tsv": ("code",),
}


def _parse(name: str, text: str, where: str) -> list[Row]:
    columns, key = TABLES[name]
    optional = OPTIONAL.get(name, ())
    rows = parse_rows(
        text,
        where,
        required=[c for c in columns if c not in optional],
        optional=optional,
        nonempty=NONEMPTY.get(name, ()),
        allowed=ALLOWED.get(name),
        key=key,
    )
    table = cameo_table()
    for row in rows:
        for column in CODE_COLUMNS.get(name, ()):
            if row.get(column) and row[column] not in table:
                raise TableError(f"{row.where}: {row[column]!r} is not a CAMEO event code")
        if name == "type_codes.tsv" and table[row["code"]].plover_type != row["type"]:
            raise TableError(f"{row.where}: CAMEO {row['code']} is {table[row['code']].plover_type}, not {row['type']}")
    return rows


def _table_of(text: str, where: str) -> str:
    """Which table a user's file extends, from its header."""
    header = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    columns = {c.strip() for c in header.split("\t")}
    for name, (expected, _) in TABLES.items():
        required = {c for c in expected if c not in OPTIONAL.get(name, ())}
        if required <= columns <= set(expected):
            return name
    raise TableError(
        f"{where}: the header ({', '.join(sorted(columns)) or 'none'}) is not that of a lexicon table; "
        f"use the columns of one of: " + "; ".join(f"{n} ({', '.join(c)})" for n, (c, _) in TABLES.items())
    )


@dataclass
class Lexicon:
    """The coder's lexicon, built from the tables (and users' additions)."""

    verbs: dict[str, Sense] = field(default_factory=dict)
    nouns: dict[str, Sense] = field(default_factory=dict)
    noun_modifiers: dict[tuple[str, str], str] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    class_roles: dict[str, str] = field(default_factory=dict)
    object_rules: tuple[ObjectRule, ...] = ()
    particles: dict[tuple[str, str], str | None] = field(default_factory=dict)
    wanted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    threats: dict[str, str] = field(default_factory=dict)
    wanted_verbs: dict[str, str] = field(default_factory=dict)
    wanted_nouns: dict[str, str] = field(default_factory=dict)
    light_prepositions: dict[str, str | None] = field(default_factory=dict)
    lemma_repairs: dict[str, str] = field(default_factory=dict)
    asking_verbs: dict[str, str] = field(default_factory=dict)
    irregular: dict[str, tuple[str, ...]] = field(default_factory=dict)
    type_codes: dict[str, str] = field(default_factory=dict)  # PLOVER type -> its most general CAMEO code
    w: SimpleNamespace = field(default_factory=SimpleNamespace)  # the classes as attributes: lex.w.TROOPS
    derived: dict = field(default_factory=dict, repr=False, compare=False)  # structures built from the tables, once

    # -- lookups the rules use ---------------------------------------------------------------

    def object_sense(self, verb: str, things: list[str], *, particle: str | None = None) -> Sense | None:
        """The event a verb makes with what it acts on ("halt" + "diplomacy" -> 161).

        `things` are the object's head lemma followed by the words that qualify it (its
        modifiers, what a container noun holds: "efforts" of "mediation efforts").
        """
        obj = things[0] if things else ""
        held = [t for t in things[1:] if t]
        kinds = [obj] + (held if obj in self.w.CONTAINERS or not obj else [])
        held_set, particle = set(held), particle or ""
        for thing in kinds:
            for rule in self.object_rules:
                if rule.matches(verb, thing, held_set, particle):
                    return Sense(rule.code, f"verb+object:{verb}+{thing}", rule.target_preps)
        return None

    def wanted_code(self, kind: str, wanted: str) -> str:
        """The code of appealing for, demanding, promising or refusing the act `wanted`
        ("urged X to halt airstrikes": appeal + 087 -> 0256)."""
        return self.wanted[_longest_prefix(self.wanted, wanted)][WANTED_KINDS.index(kind)]

    def threat_code(self, code: str) -> str:
        """The THREATEN code for threatening the act `code` ("halt relations" -> 1313)."""
        return self.threats[_longest_prefix(self.threats, code)]

    def in_class(self, word: str, *names: str) -> bool:
        return any(word in self.classes[n] for n in names)


def _longest_prefix(table: Mapping[str, object], code: str) -> str:
    for length in range(len(code), 0, -1):
        if code[:length] in table:
            return code[:length]
    return "*"


def _words(value: str) -> list[str]:
    return value.split()


def _resolve_classes(rows: dict[str, tuple[list[str], str]]) -> dict[str, frozenset[str]]:
    """Expand @CLASS references (an unknown class, or a class that includes itself, is an error)."""
    done: dict[str, frozenset[str]] = {}

    def expand(name: str, trail: tuple[str, ...], where: str) -> frozenset[str]:
        if name in done:
            return done[name]
        if name not in rows:
            raise TableError(f"{where}: no word class @{name}")
        if name in trail:
            raise TableError(f"{rows[name][1]}: word class @{name} includes itself (through {' > '.join(trail)})")
        words, at = rows[name]
        out: set[str] = set()
        for word in words:
            out |= expand(word[1:], trail + (name,), at) if word.startswith("@") else {word}
        done[name] = frozenset(out)
        return done[name]

    for name, (_, at) in rows.items():
        expand(name, (), at)
    return done


def _set(value: str, classes: dict[str, frozenset[str]], where: str) -> frozenset[str] | None:
    """A column of lemmas and @CLASSes as a set; None for '*' (any)."""
    if value.strip() == "*":
        return None
    out: set[str] = set()
    for word in _words(value):
        if word.startswith("@"):
            if word[1:] not in classes:
                raise TableError(f"{where}: no word class {word}")
            out |= classes[word[1:]]
        else:
            out.add(word)
    return frozenset(out)


def _preps(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def build(tables: dict[str, list[list[Row]]]) -> Lexicon:
    """A lexicon from the rows of each table, the built-in file first and users' files after."""
    classes, class_roles = _word_classes(_entries(tables, "word_classes.tsv"))
    verbs, nouns = _by_pos(
        _entries(tables, "triggers.tsv"),
        lambda row: Sense(
            row["code"],
            f"{row['pos']}:{row['word']}",
            _preps(row.get("target_preps")),
            needs_target="needs_target" in row.get("flags"),
        ),
    )
    noun_modifiers = _noun_modifiers(_entries(tables, "noun_modifiers.tsv"), nouns)
    # Object senses: users' lines first, so that they take precedence over the built-in ones.
    object_rules = tuple(
        _object_rule(row, classes) for rows in reversed(tables.get("object_senses.tsv", [])) for row in rows
    )
    particles = {
        (row["verb"], row["particle"]): row.get("code") or None for row in _entries(tables, "particle_verbs.tsv")
    }
    wanted = {row["act"]: tuple(row[k] for k in WANTED_KINDS) for row in _entries(tables, "wanted_codes.tsv")}
    threats = {row["act"]: row["threat"] for row in _entries(tables, "threat_codes.tsv")}
    for name, table in (("wanted_codes.tsv", wanted), ("threat_codes.tsv", threats)):
        if "*" not in table:
            raise TableError(f"{name}: no line for * (any other act)")
    wanted_verbs, wanted_nouns = _by_pos(_entries(tables, "wanted_acts.tsv"), lambda row: row["code"])
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        noun_modifiers=noun_modifiers,
        classes=classes,
        class_roles=class_roles,
        object_rules=object_rules,
        particles=particles,
        wanted=wanted,
        threats=threats,
        wanted_verbs=wanted_verbs,
        wanted_nouns=wanted_nouns,
        light_prepositions={
            row["verb"]: row.get("preposition") or None for row in _entries(tables, "light_prepositions.tsv")
        },
        lemma_repairs={row["lemma"]: row["repaired"] for row in _entries(tables, "lemma_repairs.tsv")},
        asking_verbs={row["verb"]: row["code"] for row in _entries(tables, "asking_verbs.tsv")},
        irregular={row["lemma"]: tuple(_words(row["forms"])) for row in _entries(tables, "irregular_forms.tsv")},
        type_codes={row["type"]: row["code"] for row in _entries(tables, "type_codes.tsv")},
        w=SimpleNamespace(**classes),
    )


def _entries(tables: dict[str, list[list[Row]]], name: str) -> Iterator[Row]:
    """The rows of a table, over all its files in order."""
    for rows in tables.get(name, []):
        yield from rows


def _word_classes(rows: Iterable[Row]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """The word classes, expanded, and their roles. A user's line adds words to a class (or
    makes a new one); "-word" removes one."""
    class_rows: dict[str, tuple[list[str], str]] = {}
    roles: dict[str, str] = {}
    for row in rows:
        name = row["class"]
        words, _ = class_rows.get(name, ([], row.where))
        for word in _words(row["words"]):
            if word.startswith("-"):
                words = [w for w in words if w != word[1:]]
            elif word not in words:
                words.append(word)
        class_rows[name] = (words, row.where)
        if row.get("role") or name not in roles:
            roles[name] = row.get("role")
    return _resolve_classes(class_rows), roles


def _by_pos(rows: Iterable[Row], value: Callable[[Row], T]) -> tuple[dict[str, T], dict[str, T]]:
    """A table's entries by word, its verbs apart from its nouns."""
    verbs: dict[str, T] = {}
    nouns: dict[str, T] = {}
    for row in rows:
        (verbs if row["pos"] == "verb" else nouns)[row["word"]] = value(row)
    return verbs, nouns


def _noun_modifiers(rows: Iterable[Row], nouns: dict[str, Sense]) -> dict[tuple[str, str], str]:
    modifiers: dict[tuple[str, str], str] = {}
    for row in rows:
        if row["noun"] not in nouns:
            raise TableError(f"{row.where}: {row['noun']!r} is not an event noun of triggers.tsv")
        modifiers[(row["modifier"], row["noun"])] = row["code"]
    return modifiers


def _object_rule(row: Row, classes: dict[str, frozenset[str]]) -> ObjectRule:
    held = _words(row.get("held"))
    return ObjectRule(
        verbs=_set(row["verbs"], classes, row.where),
        particles=None
        if not row.get("particle")
        else frozenset("" if p == "-" else p for p in split_values(row["particle"])),
        objects=_set(row["objects"], classes, row.where),
        held_any=_set(" ".join(h for h in held if not h.startswith("!")), classes, row.where) or frozenset(),
        held_none=_set(" ".join(h[1:] for h in held if h.startswith("!")), classes, row.where) or frozenset(),
        code=row["code"],
        target_preps=_preps(row.get("target_preps")),
        where=row.where,
    )


def _builtin_rows() -> dict[str, list[list[Row]]]:
    return {name: [_parse(name, *package_text(name, __package__))] for name in TABLES}


@lru_cache(maxsize=8)
def load_lexicon(files: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicon with the users' files (`--lexicon`) read over it, in order."""
    tables = _builtin_rows()
    for path in files:
        text, where = file_text(path)
        name = _table_of(text, where)
        tables[name].append(_parse(name, text, where))
    return build(tables)


def default_lexicon() -> Lexicon:
    return load_lexicon(())


_ACTIVE: ContextVar[Lexicon | None] = ContextVar("newsevents_lexicon", default=None)


def active() -> Lexicon:
    """The lexicon the coder is using now: the built-in one unless `using` chose another."""
    return _ACTIVE.get() or default_lexicon()


@contextlib.contextmanager
def using(lexicon: Lexicon | None) -> Iterator[Lexicon]:
    """Code with `lexicon` (None: the built-in one) for the duration of a block."""
    token = _ACTIVE.set(lexicon)
    try:
        yield active()
    finally:
        _ACTIVE.reset(token)


class _ActiveLexicon:
    """`lex.verbs`, `lex.w.TROOPS`, `lex.object_sense(...)`: the active lexicon's, wherever
    the rules ask (see `using`)."""

    def __getattr__(self, name: str):
        return getattr(active(), name)


lex = _ActiveLexicon()
