"""When and where: the date of an event from the time expressions of its clause, resolved
against the story's date ("on Wednesday" in a Wednesday dateline is that day), and the place
it happened from the places of its clause or sentence, else the dateline."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from newsevents.coding.context import ArticleContext
from newsevents.coding.triggers import Candidate
from newsevents.dates import resolve as resolve_date
from newsevents.ontology import cameo
from newsevents.records import Actor, Place

# Time expressions that put an event in an unspecified past: background, not news.
BACKGROUND = re.compile(
    r"\b(recent years|past (few )?(years|decades)|years ago|decades|for years|in the past|previously"
    r"|over the years|since the \d{4}s)\b",
    re.I,
)


# Past this many years before the story's date an event is history, not news.
HISTORICAL_YEARS = 2


LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "off", "along"}


def event_date(cand: Candidate, sent: Span, anchor: date | None) -> tuple[date | None, str | None, bool]:
    """(date, precision, background): the time expression of the event's clause resolved
    against the story's date; `background` when the text places it in an unspecified past."""
    clause = cand.carrier
    attached = [ent for ent in sent.ents if ent.label_ == "DATE" and _attached(ent.root, clause, cand.trigger)]
    if not attached and clause.dep_ in ("advcl", "conj") and clause.head.i != clause.i:
        attached = [ent for ent in sent.ents if ent.label_ == "DATE" and _attached(ent.root, clause.head, clause.head)]
    for ent in attached:
        if BACKGROUND.search(ent.text):
            return None, None, True
        value = resolve_date(ent.text, anchor)
        if value is not None:
            return value.date, value.precision, False
    # A year named elsewhere in the sentence ("In 2014, ... when Boko Haram kidnapped ...")
    # dates a clause that has no time expression of its own.
    for ent in sent.ents:
        if ent.label_ == "DATE" and re.search(r"\b(1[6-9]|20)\d\d", ent.text):
            value = resolve_date(ent.text, anchor)
            if value is not None and anchor is not None and anchor.year - value.date.year >= HISTORICAL_YEARS:
                return value.date, value.precision, False
    return None, None, False


def _attached(token: Token, clause: Token, trigger: Token) -> bool:
    """Whether a time expression belongs to this clause (not to a nested one)."""
    current = token
    for _ in range(5):
        if current.i in (clause.i, trigger.i):
            return True
        if current.dep_ in ("ccomp", "advcl", "relcl", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def location_of(
    cand: Candidate, ctx: ArticleContext, offset: int, sent: Span, actor_spans: list[tuple[int, int]]
) -> Place | None:
    """Where the event happened: for material events the nearest place of the event's
    clause or sentence; for statements a place its clause puts it in ("talks in Geneva");
    else a place the sentence introduces with "in", "at"...; else where the story was before
    the sentence (`ArticleContext.place_before`); else the dateline."""
    trigger, clause = cand.trigger, cand.carrier
    at = offset + trigger.idx
    source_start, source_end = actor_spans[0] if actor_spans else (-1, -1)
    resolved = [
        p
        for p in ctx.places_in(offset + sent.start_char, offset + sent.end_char)
        if p.geonameid is not None and not (source_start <= p.start and p.end <= source_end)
    ]
    if cameo(cand.sense.code).quad_class in (2, 4) and cand.sense.code[:2] not in ("07",):
        # In the event's own clause, else later in its sentence (English puts the place after
        # the event: "the assault on rebel areas of Aleppo").
        pool = [p for p in resolved if within(p, trigger, offset)]
        pool = pool or [p for p in resolved if within(p, clause, offset)]
        if clause.dep_ in ("advcl", "conj") and clause.head.i != clause.i:
            pool = pool or [p for p in resolved if within(p, clause.head, offset)]  # "..., killing 12"
        pool = pool or [p for p in resolved if p.start > at]
        if pool:
            # Prefer a city to the country it is in, then the nearest.
            return min(pool, key=lambda p: (p.feature == "country", abs(p.start - at)))
    for head in {trigger, clause}:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                names = [pobj] + [c for c in pobj.children if c.dep_ in ("compound", "appos", "conj")]
                # A town before the country it is in: "a hearing in Zimbabwe's capital, Harare".
                found = sorted(
                    (p for p in resolved if any(p.start <= offset + t.idx < p.end for t in names)),
                    key=lambda p: p.feature == "country",
                )
                if found and not any(s <= found[0].start and found[0].end <= e for s, e in actor_spans):
                    return found[0]
    # A place the sentence puts something in ("talks in Stockholm", "operations at Incirlik"),
    # the nearest to the event's word.
    introduced = [
        p
        for p in resolved
        if _after_locative(p, sent, offset) and not any(s <= p.start and p.end <= e for s, e in actor_spans)
    ]
    if introduced:
        return min(introduced, key=lambda p: (p.feature == "country", abs(p.start - at)))
    # Nothing in the sentence: where the story was before it, else the dateline.
    return ctx.place_before(offset + sent.start_char) or ctx.dateline_place


def _after_locative(place: Place, sent: Span, offset: int) -> bool:
    """Whether a locative preposition introduces the place: "in Stockholm", "at the Singapore summit"."""
    token = next((t for t in sent if offset + t.idx == place.start), None)
    if token is None:
        return False
    head = token
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
        head = head.head  # "Singapore" in "the Singapore summit"
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


def dateline_fits(event_code: str, place: Place | None, source: Actor | None, target: Actor | None) -> bool:
    """A dateline is where the reporter was: it locates statements, and material conflict
    only when that conflict involves the dateline's country."""
    if place is None or place.start >= 0 or cameo(event_code).quad_class != 4:
        return True
    return place.country in {source.country if source else None, target.country if target else None}


def within(place: Place, head: Token, offset: int) -> bool:
    tokens = list(head.subtree)
    return offset + tokens[0].idx <= place.start and place.end <= offset + tokens[-1].idx + len(tokens[-1])
