"""The tags of an article, like a news site's "Tags:" line: its main actors, its places, the
kinds of event it reports and its key terms, beside the tags the page itself gave.

Each tag is (text, kind): kind is "page" (the page's own), "actor", "place", "event" or
"term". Tags are shown as written ("Russia", "Aleppo", "threaten") and matched without
regard to case.
"""

from __future__ import annotations

import re
from collections import Counter

from newsevents.records import CodedArticle

MAX_ACTORS = 4
MAX_PLACES = 4
MAX_TERMS = 4
# Words too common in news to say what a story is about.
STOPWORDS = frozenset(
    """
a about above after again against all also although among an and another any are around as at be
because been before being between both but by can could did do does during each either even every
few for from further had has have having he her here hers him his how however i if in into is it its
itself just last like made make many may me more most much must my near new next no nor not now of
off on once one only or other our out over own people percent per said same say says she should since
so some still such than that the their them then there these they this those through to told too two
under until up upon us very was way we week were what when where whether which while who whom whose
why will with within without would year years yesterday you your monday tuesday wednesday thursday
friday saturday sunday january february march april june july august september october november
december government official officials minister president according reported report reuters
told statement news agency spokesman spokeswoman added three four five first second time day days
""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def article_tags(coded: CodedArticle) -> list[tuple[str, str]]:
    """The tags of a coded article, the page's own first, without repeats (ignoring case)."""
    tags: list[tuple[str, str]] = [(t, "page") for t in coded.article.page_tags]
    actors: Counter = Counter()
    for event in coded.events:
        for actor in (event.source, event.target):
            if actor is not None and actor.code:
                actors[_actor_tag(actor)] += 1
    tags += [(name, "actor") for name, _ in actors.most_common(MAX_ACTORS) if name]
    places = Counter(p.name for p in coded.places if p.role == "place" and p.name and p.feature != "continent")
    tags += [(name, "place") for name, _ in places.most_common(MAX_PLACES)]
    kinds = Counter(e.plover_type for e in coded.events if not e.negated)
    tags += [(kind.lower(), "event") for kind, _ in kinds.most_common()]
    tags += [(term, "term") for term in key_terms(coded.article.text, MAX_TERMS)]
    seen: set[str] = set()
    unique = []
    for text, kind in tags:
        key = text.casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append((text, kind))
    return unique


def _actor_tag(actor) -> str:
    """An actor as a tag: a person or an organisation by name, a country's bodies by the country."""
    if actor.kind in ("person", "organization", "institution", "group") and actor.name:
        return actor.name
    from newsevents.countries import countries

    country = countries().get(actor.country or "")
    return country.name if country is not None else (actor.name or actor.code)


def key_terms(text: str, limit: int) -> list[str]:
    """The words a story uses most, beside the ones every story uses: lower-case content words
    of four letters or more, counted, ties broken by first use."""
    words = (match.strip("'-") for match in WORD.findall(text))
    # A Counter keeps its words in the order of their first use, and sorted() keeps that order among ties.
    counts = Counter(word for word in words if len(word) >= 4 and word.islower() and word not in STOPWORDS)
    ranked = sorted((w for w, n in counts.items() if n >= 2), key=lambda w: -counts[w])
    return ranked[:limit]
