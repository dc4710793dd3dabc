"""The rules our page extraction adds to trafilatura and htmldate, by name.

Each rule was measured with `newsevents bench extract` on AEB, NAEB and samples/pages, and
the figures with and without it stand beside the code that applies it; a rule that helped on
no set, or cost more than it gave, was taken out. To measure one again, run the bench with it
off: `newsevents bench extract --dataset ... --without RULE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

RULES = {
    "no-comments": "readers' comments left out of the body",
    "precision": "trafilatura's favor_precision run",
    "fallback": "the plain run when the precision run keeps too few words",
    "h1-title": "the page's <h1> as the title when the metadata names the same headline",
    "site-name": "the site's name cut from the end of the title",
    "title-line": "the title dropped from the head of the body",
    "ld-body": "the JSON-LD articleBody when the visible page holds a preview",
    "declared-date": "the publication date the page declares (JSON-LD, meta, <time pubdate>) before htmldate",
    "local-day": "a declared moment in UTC dated by the page's own zone, when the page gives the same moment in it",
    "month-url": "a day read from the page before a URL that gives only that month",
}

_off: ContextVar[frozenset[str]] = ContextVar("rules_off", default=frozenset())


def applies(rule: str) -> bool:
    """Whether a rule is on (every rule is, except inside `without`)."""
    return rule not in _off.get()


def check(names: Iterable[str]) -> None:
    """Raise ValueError unless every name is a rule's."""
    unknown = sorted(set(names) - RULES.keys())
    if unknown:
        raise ValueError(f"no such extraction rule: {', '.join(unknown)} (rules: {', '.join(RULES)})")


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Extraction with the named rules off, to measure what each one brings."""
    check(names)
    token = _off.set(_off.get() | frozenset(names))
    try:
        yield
    finally:
        _off.reset(token)
