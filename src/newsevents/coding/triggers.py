"""Finding triggers: the words of a parsed sentence that express an event, and the event each
one expresses (its sense: `verb_senses.py`, `noun_senses.py`).

Three kinds of trigger (their words are the lexicon's tables, `lexicon.py`): event verbs
("accuse", "shell"), verbs whose object decides the event ("halt" + "diplomacy" reduces
relations, "halt" + "airstrikes" de-escalates), and event nouns ("airstrikes", "talks"),
coded when the phrase names its own actor or a light verb carries them ("launched an
offensive").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Span, Token

from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.noun_senses import noun_sense
from newsevents.coding.syntax import child_of, is_verb, lemma_of, nominal_source, object_of
from newsevents.coding.verb_senses import responsibility_of, verb_sense

# The other stages of the coder read the senses of triggers from here.
__all__ = ["Candidate", "Candidates", "find_candidates", "noun_sense", "responsibility_of", "verb_sense"]


@dataclass
class Candidate:
    trigger: Token
    sense: Sense
    carrier: Token  # the verb whose clause holds the event (the trigger itself, or a light verb)
    nominal: bool = False
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    target_hint: Token | None = None  # an actor the governing verb points at
    source_hint: Token | None = None
    suppressed: bool = False
    stated: bool = False  # recoded as the statement about it (a promise, a threat)
    refined: bool = False  # a request whose wanted act has set its code


class Candidates(list[Candidate]):
    """A sentence's candidates, and the words the rules decided are no event there (`vetted`)."""

    def __init__(self) -> None:
        super().__init__()
        self.vetted: set[int] = set()


def find_candidates(sent: Span) -> Candidates:
    """The sentence's triggers: its event verbs, the demands it reports ("X said Y must"),
    then the event nouns no verb carries."""
    candidates = Candidates()
    carried = _add_verb_candidates(sent, candidates)
    candidates.extend(_demands_said(sent))
    candidates.extend(_noun_candidates(sent, carried))
    return candidates


def _add_verb_candidates(sent: Span, candidates: Candidates) -> set[int]:
    """Add the sentence's verb triggers to `candidates` (and what the rules vet to its `vetted`);
    return the words the verbs carry, which are no trigger of their own."""
    carried: set[int] = set()
    for token in sent:
        found = verb_sense(token, candidates.vetted) if is_verb(token) else None
        if found is None:
            continue
        sense, noun = found
        if noun is not None:
            carried.add(noun.i)
            candidates.append(Candidate(noun, sense, token, nominal=True))
        elif (
            token.tag_ == "VBG"
            and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and child_of(token, "dobj") is None
        ):
            candidates.append(Candidate(token, sense, token, nominal=True))  # "Fighting between X and Y killed ..."
        elif token.dep_ in ("nsubj", "nsubjpass", "pobj") and lemma_of(token) in lex.nouns:
            # a noun the tagger took for a verb ("talks with Argentina ... had made progress")
            candidates.append(Candidate(token, noun_sense(token), token, nominal=True))
        else:
            candidates.append(Candidate(token, sense, token))
            if sense.rule == "verb:declare-persona-non-grata":
                candidates[-1].target_hint = child_of(token, "ccomp")  # the diplomats declared
            obj = object_of(token)
            if obj is not None and sense.rule.startswith("verb+object"):
                carried.update(t.i for t in [obj, *obj.conjuncts])  # "halt its airstrikes": one event
    return carried


def _demands_said(sent: Span) -> Iterator[Candidate]:
    """ "X said Y must do Z" is X demanding Z of Y."""
    for token in sent:
        if not (is_verb(token) and lemma_of(token) in lex.w.SPEECH_VERBS):
            continue
        for comp in (c for c in token.children if c.dep_ == "ccomp"):
            if _obliged(comp):
                yield Candidate(token, Sense("100", "verb:say-must", ()), token, target_hint=comp)


def _obliged(clause: Token) -> bool:
    """ "Y must do Z", "Y needs to do Z": a subject obliged to act (not "Y must not", "Y must be punished")."""
    auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    obliged = auxes & {"must", "should"} or (
        lemma_of(clause) in ("need", "have") and child_of(clause, "xcomp") is not None
    )
    return bool(
        obliged
        and child_of(clause, "nsubj") is not None
        and not any(c.dep_ in ("neg", "auxpass") for c in clause.children)
    )


def _noun_candidates(sent: Span, carried: set[int]) -> Iterator[Candidate]:
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and lemma_of(token) in lex.nouns and token.i not in carried:
            sense = noun_sense(token)
            yield Candidate(token, sense, _noun_carrier(token, sense), nominal=True)


def _noun_carrier(noun: Token, sense: Sense) -> Token:
    """The verb whose clause holds an event noun's event: the noun itself, or the verb a
    communication happened by ("conveyed the message in a call to Lavrov")."""
    prep = noun.head if noun.dep_ == "pobj" else None
    if (
        sense.code[:2] == "04"
        and prep is not None
        and lemma_of(prep) in ("in", "during", "at", "on", "via", "by")
        and is_verb(prep.head)
        and not nominal_source(noun)
    ):
        return prep.head
    return noun
