"""The parts of an actor phrase: modifiers that name a backer or a holder, heads that take their
sector from a role word, quantities and pronouns; and the actor a span of the text makes."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import ActorEntry
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
PRONOUNS = {"he", "she", "it", "they", "we", "i", "him", "her", "them", "us"}


def _singular(word: str) -> str:
    """A plural noun's singular, for words the lemmatizer left alone ("Militiamen")."""
    for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + singular
    return word


def is_pronoun(token: Token) -> bool:
    """A personal pronoun, but not "US" (the United States) in capitals."""
    if token.text in ("US", "U.S."):
        return False
    return token.lower_ in PRONOUNS or token.pos_ == "PRON"


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
