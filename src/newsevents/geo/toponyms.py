"""Finding an article's toponyms: spaCy's place entities, nationality words, and gazetteer names
the model missed or mislabelled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Span

from newsevents.geo.gazetteer import Entry, Gazetteer, normalise
from newsevents.nlp import entity_of

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives to place names it does not recognise as places.
MISLABELS = {"NORP", "PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", ""}
LOCATIVE = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "towards",
    "toward",
    "through",
    "via",
    "on",
}
# A name the model did not tag as a place is taken only for places at least this populous,
# unless a locative preposition introduces it.
MIN_POPULATION_UNTAGGED = 100_000
MIN_POPULATION_LOCATIVE = 15_000


@dataclass(frozen=True)
class Toponym:
    text: str
    start: int  # offsets into the article text
    end: int
    role: str = "place"  # "place", "adjective" or "embedded" (see records.Place)
    entry: Entry | None = None  # known without a lookup (an adjective's country)
    strict: bool = False  # resolved only to a place of exactly this name (a building's name)
    person: bool = False  # the model took this occurrence for a person ("jets struck Douma")


def _strip_article(span: Span) -> Span:
    while len(span) and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    while len(span) and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s", "'")):
        span = span[:-1]
    return span


# Entities that are names of something else, in which a place name may sit: "The Washington
# Post", "Air France", "the Syrian Observatory for Human Rights".
HOST_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
# Dependencies of a nationality word that modifies a noun ("Russian warplanes", "the
# Syrian-Turkish border"), as opposed to naming people ("the Russians said").
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}
# Where a name embedded in another name is taken: countries, their first-level divisions,
# continents and cities of at least this many people.
MIN_POPULATION_EMBEDDED = 100_000
DATELINE_FOLLOWERS = {"(", "-", "—", "–", ":", ","}
PERSON_TITLES = {
    "president",
    "mr",
    "mrs",
    "ms",
    "dr",
    "minister",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "general",
    "gen",
    "senator",
    "sen",
    "rep",
    "governor",
    "gov",
    "mayor",
    "coach",
}


def _adjective(tokens: Span, gazetteer: Gazetteer) -> tuple[int, Entry] | None:
    """The country or continent a nationality word at the start of `tokens` stands for,
    and how many tokens it takes ("South Korean" two, "Syrian" one)."""
    for length in (3, 2, 1):
        if len(tokens) < length:
            continue
        words = tokens[:length]
        if not words[-1].text[:1].isupper() or any(t.is_punct for t in words):
            continue
        entry = gazetteer.adjective(words.text)
        if entry is not None:
            return length, entry
    return None


def _modifies(token) -> bool:
    """Whether a nationality word modifies a noun rather than naming people or a language."""
    if token.dep_ in MODIFIER_DEPS:
        return True
    if token.pos_ == "ADJ" and token.dep_ not in ("dobj", "pobj", "nsubj", "attr", "acomp", "conj", "appos"):
        return True
    if token.dep_ == "conj" and token.head.dep_ in MODIFIER_DEPS:
        return True  # "Syrian and Iraqi forces"
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    # "Syrian-Turkish border": the hyphenated pair modifies the noun after it.
    return nxt is not None and nxt.text in ("-", "–") and not nxt.whitespace_


def _embedded(ent: Span, offset: int, gazetteer: Gazetteer, taken: set[int]) -> list[Toponym]:
    """Place names and nationality words inside the name of an organisation, a building or an
    event: "Washington" in "The Washington Post", "Syrian" in "Syrian Observatory"."""
    found = []
    i = ent.start
    while i < ent.end:
        tok = ent.doc[i]
        if i in taken or not tok.text[:1].isupper() or tok.is_stop:
            i += 1
            continue
        adjective = _adjective(ent.doc[i : ent.end], gazetteer)
        if adjective is not None:
            length, entry = adjective
            span = ent.doc[i : i + length]
            found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char, "embedded", entry))
            taken.update(range(span.start, span.end))
            i += length
            continue
        matched = None
        for length in (3, 2, 1):
            span = ent.doc[i : i + length]
            if span.end > ent.end or (span.start, span.end) == (ent.start, ent.end) or not span[-1].text[:1].isupper():
                continue
            if _notable(span.text, gazetteer):
                matched = span
                break
        if matched is not None:
            found.append(Toponym(matched.text, offset + matched.start_char, offset + matched.end_char, "embedded"))
            taken.update(range(matched.start, matched.end))
            i = matched.end
        else:
            i += 1
    return found


def _notable(name: str, gazetteer: Gazetteer) -> bool:
    """A country, a continent, or a city or division of MIN_POPULATION_EMBEDDED people or more
    going by this name as its own: names safe to take where the model saw an organisation."""
    key = normalise(name)
    return any(
        e.feature in ("country", "continent") or (e.population >= MIN_POPULATION_EMBEDDED and normalise(e.name) == key)
        for e in gazetteer.lookup(name)
    )


def _dateline(span: Span) -> bool:
    """A place name in capitals opening a story or paragraph: "BEIRUT (AP) -", "SAN ANTONIO —"."""
    doc = span.doc
    if not span.text.isupper() or (
        span.start > 0 and "\n" not in doc[span.start - 1].whitespace_ and doc[span.start - 1].text.strip()
    ):
        return False
    before = doc.text[: span.start_char].rstrip(" ")
    return (
        (not before or before.endswith("\n")) and span.end < len(doc) and doc[span.end].text[:1] in DATELINE_FOLLOWERS
    )


def find_toponyms(
    sent: Span, offset: int, gazetteer: Gazetteer, exclude: AbstractSet[int] = frozenset()
) -> list[Toponym]:
    """Place names in one sentence; `exclude` holds token indices known to be something else
    (a person's name, an organisation)."""
    found: list[Toponym] = []
    taken: set[int] = set(exclude)
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS:
            found.extend(_place_entity(ent, offset, gazetteer, taken))
        elif ent.label_ in HOST_LABELS:
            found.extend(_host_entity(ent, offset, gazetteer, taken))
    found.extend(_untagged(sent, offset, gazetteer, taken))
    return sorted(found, key=lambda t: t.start)


def _place_entity(ent: Span, offset: int, gazetteer: Gazetteer, taken: set[int]) -> list[Toponym]:
    """What an entity the model tagged as a place holds: the place, a nationality word, or
    names inside a longer name."""
    span = _strip_article(ent)
    if not len(span) or taken.intersection(range(span.start, span.end)):
        return []
    adjective = _adjective(span, gazetteer) if len(span) <= 3 else None
    if adjective is not None and span.text not in gazetteer:
        if adjective[0] < len(span):
            # "the Syrian Observatory" tagged as a place: a name with a nationality in it.
            return _embedded(span, offset, gazetteer, taken)
        if adjective[0] == len(span):
            # "Syrian" tagged as a place: a nationality word, not a place name.
            taken.update(range(span.start, span.end))
            if not _modifies(span[-1]):
                return []
            return [Toponym(span.text, offset + span.start_char, offset + span.end_char, "adjective", adjective[1])]
    previous = span.doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    if previous in PERSON_TITLES and span.text not in gazetteer:
        return []  # "President Buhari"
    taken.update(range(span.start, span.end))
    return [Toponym(span.text, offset + span.start_char, offset + span.end_char, strict=ent.label_ == "FAC")]


def _host_entity(ent: Span, offset: int, gazetteer: Gazetteer, taken: set[int]) -> list[Toponym]:
    """The place names in the name of an organisation, a building or an event, or the whole
    name when it is a well-known place the model took for an organisation: "Russia" in
    "Russia said", "Belgorod" in "the attack on Belgorod"."""
    span = _strip_article(ent)
    if len(span) and _notable(span.text, gazetteer) and not taken.intersection(range(span.start, span.end)):
        taken.update(range(span.start, span.end))
        return [Toponym(span.text, offset + span.start_char, offset + span.end_char, strict=True)]
    return _embedded(ent, offset, gazetteer, taken)


def _untagged(sent: Span, offset: int, gazetteer: Gazetteer, taken: set[int]) -> list[Toponym]:
    """Nationality words, and gazetteer names the model did not tag as places, among the
    capitalised words of a sentence that are not `taken` yet."""
    found: list[Toponym] = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.i in taken or not tok.text[:1].isupper():
            i += 1
            continue
        adjective = _adjective(sent.doc[tok.i : sent.end], gazetteer) if tok.ent_type_ != "PERSON" else None
        if adjective is not None:
            length, entry = adjective
            span = sent.doc[tok.i : tok.i + length]
            if _modifies(span[-1]):
                found.append(Toponym(span.text, offset + span.start_char, offset + span.end_char, "adjective", entry))
            taken.update(range(span.start, span.end))
            i += length
            continue
        matched = _gazetteer_name(tok.i, sent, gazetteer, taken) if tok.ent_type_ in MISLABELS else None
        if matched is not None and _plausible(matched, gazetteer):
            found.append(
                Toponym(
                    matched.text,
                    offset + matched.start_char,
                    offset + matched.end_char,
                    strict=matched[0].ent_type_ in ("ORG", "FAC"),
                    person=matched[0].ent_type_ == "PERSON",
                )
            )
            taken.update(range(matched.start, matched.end))
            i += len(matched)
        else:
            i += 1
    return found


def _gazetteer_name(start: int, sent: Span, gazetteer: Gazetteer, taken: set[int]) -> Span | None:
    """The longest name of up to four capitalised words from token `start` on that the
    gazetteer knows, within the sentence and clear of `taken` tokens."""
    for length in (4, 3, 2, 1):
        span = sent.doc[start : start + length]
        if span.end > sent.end or any(t.i in taken for t in span) or not span[-1].text[:1].isupper():
            continue
        if span.text in gazetteer:
            return span
    return None


@dataclass
class _NameUses:
    """How an article uses names, by normalised name: as places, as anything else (people,
    organisations, works), and as words of people's full names ("Chen" of "Chen Weihua")."""

    places: Counter[str] = field(default_factory=Counter)
    others: Counter[str] = field(default_factory=Counter)
    person_parts: set[str] = field(default_factory=set)

    def count(self, sent: Span) -> None:
        for ent in sent.ents:
            key = normalise(_strip_article(ent).text)
            if ent.label_ in PLACE_LABELS:
                self.places[key] += 1
            elif ent.label_ in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART"):
                self.others[key] += 1
                if ent.label_ == "PERSON":
                    for token in ent:
                        self.others[normalise(token.text)] += 1
                        if len(ent) > 1:
                            self.person_parts.add(normalise(token.text))

    def keeps(self, toponym: Toponym, gazetteer: Gazetteer) -> bool:
        """Whether a toponym stays a place name in this article."""
        key = normalise(toponym.text)
        if toponym.entry is not None:
            return True
        if toponym.text in gazetteer:
            return not (toponym.person and key in self.person_parts)
        return key not in self.person_parts and self.others[key] < max(1, self.places[key])


def article_toponyms(sentences: Iterable[tuple[int, int, Span]], gazetteer: Gazetteer) -> list[Toponym]:
    """The place names of an article (`sentences`: (index, offset, sentence) triples).

    A name the gazetteer does not know is kept (unresolved) only if the article does not
    elsewhere treat it as a person or an organisation: the model calls "Yulia" a place
    once, a person everywhere else.
    """
    toponyms: list[Toponym] = []
    uses = _NameUses()
    for _, offset, sent in sentences:
        toponyms.extend(find_toponyms(sent, offset, gazetteer))
        uses.count(sent)
    return [t for t in toponyms if uses.keeps(t, gazetteer)]


def _plausible(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a gazetteer match the model did not tag as a place is really a place here."""
    if _dateline(span):
        return True
    candidates = gazetteer.lookup(span.text)
    if (
        span.text.isupper()
        and len(span.text.replace(".", "")) <= 3
        and not any(e.feature == "country" for e in candidates)
    ):
        return False  # "BA", "AI": letters, not the places that go by them
    ent = entity_of(span[0])
    if ent is not None and (ent.start < span.start or ent.end > span.end):
        return False  # part of a longer name: "Carlos Ugarte Villanueva", "Lavrov Washington"
    if span[0].is_sent_start and ent is None:
        return False
    doc = span.doc
    if ent is None and any(
        0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() for i in (span.start - 1, span.end)
    ):
        return False  # one word of a longer untagged name: "Carlos Ugarte Villanueva"
    if span[0].pos_ not in ("PROPN", "NOUN", "ADJ"):
        return False
    best = max((e.population for e in candidates), default=0)
    previous = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    locative = (
        previous in LOCATIVE | {"of", "over"}
        or span[-1].dep_ == "poss"
        or (span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s"))
    )
    if ent is not None and ent.label_ in ("PERSON", "ORG"):
        # The tagger took it for a person or an organisation ("Hamas"): a locative
        # preposition overrules it, and so does a one-word "person" that is the own name of a
        # city of MIN_POPULATION_UNTAGGED people or more ("jets struck Douma"), unless a
        # title stands before it.
        if previous in LOCATIVE:
            return best >= MIN_POPULATION_LOCATIVE
        return (
            ent.label_ == "PERSON"
            and len(ent) == 1
            and previous.rstrip(".") not in PERSON_TITLES
            and any(
                e.feature == "city"
                and e.population >= MIN_POPULATION_UNTAGGED
                and (len(candidates) == 1 or normalise(e.name) == normalise(span.text))
                for e in candidates
            )
        )
    if any(e.feature in ("country", "region") for e in candidates):
        return True
    return best >= (MIN_POPULATION_LOCATIVE if locative else MIN_POPULATION_UNTAGGED)
