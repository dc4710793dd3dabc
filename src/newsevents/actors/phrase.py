"""The parts of an actor phrase: modifiers that name a backer or a holder, heads that take their
sector from a role word, quantities and pronouns; and the actor a span of the text makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import ROLE_SECTORS, ActorEntry, override_sector
from newsevents.records import Actor

# Modifiers that name a backer or a holder, not the actor itself: "Russian-backed Syrian
# government" is Syrian; "rebel-held areas" are held by rebels.
_BACKING = {"backed", "led", "allied", "supported", "sponsored", "aligned", "funded", "armed", "trained", "based"}
_HOLDING = {"held", "controlled", "run", "occupied", "dominated"}
_PLACE_NOUNS = {
    "area",
    "sector",
    "district",
    "position",
    "stronghold",
    "territory",
    "town",
    "village",
    "neighbourhood",
    "neighborhood",
    "part",
    "region",
    "enclave",
    "zone",
    "city",
    "camp",
    "base",
}
# Sectors a country's unmodified role word takes from the article's own country.
_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG"}
# Heads that take their sector from a role word before them ("opposition leaders").
GENERIC_HEADS = {
    "leader",
    "member",
    "official",
    "figure",
    "supporter",
    "chief",
    "head",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "group",
    "faction",
    "officer",
    "commander",
    "delegation",
    "delegate",
    "envoy",
    "wing",
    "unit",
    "branch",
    "arm",
}
QUANTITIES = {
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    "score",
    "scores",
    "million",
    "millions",
    "some",
    "many",
    "most",
    "all",
    "several",
    "group",
    "crowd",
    "number",
    "majority",
    "few",
}
# Prepositions whose object may say whose a role is ("the president of France", "militants in
# Gaza", "a spokesman for Mali's government").
ROLE_PREPOSITIONS = ("of", "in", "from", "for", "throughout", "across")
PRONOUNS = {"he", "she", "it", "they", "we", "i", "him", "her", "them", "us"}


def _singular(word: str) -> str:
    """A plural noun's singular, for words the lemmatizer left alone ("Militiamen")."""
    for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + singular
    return word


@dataclass
class RolePhrase:
    """What the words of a phrase with a role word at its head say: the role word and its
    sector, the countries named, and the sector of who holds a place ("rebel-held town")."""

    word: str
    sector: str | None
    countries: list[str] = field(default_factory=list)
    holder_sector: str | None = None

    def add_country(self, iso3: str | None) -> None:
        if iso3 and iso3 not in self.countries:
            self.countries.append(iso3)


def role_phrase(head: Token) -> RolePhrase:
    """The role word at a phrase's head and the sector it gives ("troops" -> MIL), before
    the modifiers are read."""
    word = head.lemma_.lower()
    sector = ROLE_SECTORS.get(word) or ROLE_SECTORS.get(head.lower_)
    if sector is None and head.pos_ == "PROPN":  # a capitalised plural the tagger took for a name
        word = _singular(head.lower_)
        sector = ROLE_SECTORS.get(word)
    return RolePhrase(word, sector)


def modified_sector(modifier: Token, head: Token, role: RolePhrase) -> str | None:
    """The sector of a role phrase with this modifier: "riot police" is COP, "opposition
    leaders" and "rebel commanders" take the modifier's."""
    overridden = override_sector(modifier.text, head.text)
    if overridden:
        return overridden
    word = modifier.lemma_.lower()
    if (
        word in ROLE_SECTORS
        and modifier.dep_ in ("compound", "amod", "nmod")
        and (role.sector is None or role.word in GENERIC_HEADS)
    ):
        return ROLE_SECTORS[word]
    return role.sector


def holder_sector(modifier: Token) -> str | None:
    """The sector of who holds what a "-held" modifier names ("rebel-held": REB), if it says."""
    holder = next((t for t in modifier.subtree if t.lemma_.lower() in ROLE_SECTORS), None)
    return ROLE_SECTORS[holder.lemma_.lower()] if holder is not None else None


def objects_of(head: Token, prepositions: Iterable[str] = ("of",)) -> list[Token]:
    """The objects of the prepositions after a head ("leaders *of the opposition*")."""
    return [
        pobj
        for prep in head.rights
        if prep.dep_ == "prep" and prep.lower_ in prepositions
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def is_pronoun(token: Token) -> bool:
    """A personal pronoun, but not "US" (the United States) in capitals."""
    if token.text in ("US", "U.S."):
        return False
    return token.lower_ in PRONOUNS or token.pos_ == "PRON"


def is_subject(span: Span) -> bool:
    """Whether a name is the subject of its clause ("Kang said", "Abe and Kang met")."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"))


def is_proper_name(span: Span) -> bool:
    """Whether an entity is a name of several proper nouns ("Kang Min-jae"), not a word the
    tagger took for an organization."""
    return len(span) >= 2 and all(t.pos_ == "PROPN" or t.text == "-" for t in span)


def code_of(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style actor code: country and sector ("RUSGOV"), or whichever is known."""
    if country and country not in ("IGO", "NGO", "MNC") and sector:
        return country + sector
    return country or sector


def _span_actor(span: Span | list[Token], offset: int, entry: ActorEntry) -> Actor:
    tokens = list(span)
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return Actor(
        text=doc.text[start:end],
        start=offset + start,
        end=offset + end,
        code=entry.code or None,
        country=entry.country,
        sector=entry.sector,
        name=entry.name,
        kind=entry.kind,
    )


def _unnamed(span: Span, offset: int, kind: str) -> Actor:
    """An actor the text names but no table codes: its words, no code yet."""
    return _span_actor(span, offset, ActorEntry("", None, None, span.text, kind))


def _strip(span: Span) -> Span:
    while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s")):
        span = span[:-1]
    return span
