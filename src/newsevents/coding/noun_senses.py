"""Event nouns: the event a noun expresses ("airstrikes", "a hunger strike"), and what an
object noun is about ("mediation efforts"), which decides the sense of the verb acting on it."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.syntax import lemma_of


def noun_sense(noun: Token, light: str | None = None) -> Sense:
    lemma = lemma_of(noun)
    sense = lex.nouns[lemma]
    if lemma == "strike" and any(lex.noun_modifiers.get((lemma_of(c), lemma)) for c in noun.children):
        pass  # "a general strike", "a hunger strike": the modifier says what kind
    elif lemma == "strike":
        # A strike launched or carried out is military; one staged, called or gone on is labour.
        kinds = {lemma_of(t) for c in noun.children if c.i < noun.i for t in c.subtree}  # "a Myanmar air force strike"
        if kinds & lex.w.MILITARY_STRIKE_WORDS or light in lex.w.MILITARY_STRIKE_VERBS:
            return replace(
                sense, code="195" if kinds & {"air", "drone", "missile"} else "190", rule="noun:strike+military"
            )
    for child in noun.children:
        code = lex.noun_modifiers.get((lemma_of(child), lemma))
        if code:
            return replace(sense, code=code, rule=f"{sense.rule}+{lemma_of(child)}")
    return sense


def things_of(obj: Token) -> list[str]:
    """What an object is about: its lemma, then the words a container noun holds ("mediation
    efforts", "part of the military aid", "a state of emergency")."""
    held = [lemma_of(c) for c in obj.children if c.dep_ in ("compound", "amod", "nmod")]
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
        held.append("own")  # "its weapons"
    for prep in (c for c in obj.children if c.dep_ == "prep" and lemma_of(c) == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            held.append(lemma_of(pobj))
            held.extend(lemma_of(c) for c in pobj.children if c.dep_ in ("compound", "amod"))
    for prep in (c for c in obj.children if c.dep_ == "prep" and lemma_of(c) == "on"):  # "a ban on imports"
        held.extend(lemma_of(p) for p in prep.children if p.dep_ == "pobj")
    lemma = lemma_of(obj)
    if lemma == "state" and "emergency" in held:
        lemma = "emergency"
    if lemma == "fire" and "cease" in {lemma_of(t) for t in obj.subtree}:
        lemma = "ceasefire"  # "cease-fire", tokenised apart
    return [lemma, *held]
