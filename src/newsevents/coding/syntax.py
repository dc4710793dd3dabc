"""Reading the parse: the small questions every rule of the coder asks of a spaCy token
(its children by relation, its lemma, its object, the objects of its prepositions)."""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.actors.dictionary import ROLE_SECTORS
from newsevents.coding.lexicon import lex


def child_of(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def lemma_of(token: Token | None) -> str:
    if token is None:
        return ""
    lemma = token.lemma_.lower()
    repaired = lex.lemma_repairs.get(lemma)
    if (
        repaired is not None
        and token.pos_ in ("VERB", "AUX")
        and token.lower_[len(lemma) : len(lemma) + 1] != lemma[-1]
    ):
        return repaired
    return lemma


def object_of(token: Token) -> Token | None:
    """What the verb acts on: its direct object, or the subject of its passive."""
    obj = child_of(token, "dobj", "attr")
    if obj is None and child_of(token, "auxpass"):
        obj = child_of(token, "nsubjpass")
    return obj


def is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def pobjs(token: Token, preps: tuple[str, ...], depth: int = 1) -> list[Token]:
    """Objects of the token's prepositions in `preps`; with depth 2 also theirs ("to the border with Guyana")."""
    found = []
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent", "dative") and lemma_of(c) in preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found.append(pobj)
            if depth > 1:
                found.extend(pobjs(pobj, preps, depth - 1))
    return found


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(c for c in token.conjuncts if c.i > token.i and c.pos_ in ("PROPN", "NOUN"))
    return out


def governing_verb(noun: Token) -> Token | None:
    """The verb whose clause an event noun sits in ("to get a Russian veto" -> "get")."""
    current = noun
    for _ in range(4):
        if current.head.i == current.i:
            return None
        current = current.head
        if is_verb(current) or current.pos_ == "AUX":
            return current
    return None


def nominal_source(noun: Token) -> list[Token]:
    """Who an event noun says acted: "Syria's assault", "Russian airstrikes", "strikes by X".

    A bare noun in a prepositional phrase ("deals with sanctions by the Council") speaks of
    such events in general; its "by" phrase is taken only when the noun is a subject or
    determined ("the bombing by ...").
    """
    heads = [c for c in noun.children if c.dep_ == "poss"]
    if noun.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "det" for c in noun.children):
        heads += pobjs(noun, ("by",))
        if not heads:  # "an attack on a police patrol by X": the parser hangs "by X" on the patrol
            heads += [
                b for t in pobjs(noun, ("on", "against")) if lemma_of(t) not in lex.nouns for b in pobjs(t, ("by",))
            ]
    if not heads:  # "an accusation made by Beijing", "a proposal put forward by Egypt"
        heads += [b for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in pobjs(c, ("by",))]
    if lemma_of(noun) in lex.w.OF_AGENT_NOUNS:
        heads += pobjs(noun, ("of",))  # "a build-up of Russian troops", "the withdrawal of the mission"
    between = pobjs(noun, ("between",))
    if between and not heads:
        heads += between[:1]  # "fighting between the army and the RSF": each side, with the other as target
    heads += [
        c
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod")
        and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.lemma_.lower() in ROLE_SECTORS)
        and not is_against(c)
    ]
    return heads


def is_against(modifier: Token) -> bool:
    """ "anti-government protests": the government is what they are against."""
    doc = modifier.doc
    return modifier.i >= 2 and doc[modifier.i - 1].text == "-" and doc[modifier.i - 2].lower_ in ("anti", "counter")
