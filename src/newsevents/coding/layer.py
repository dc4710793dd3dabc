"""The learned event layer in the coder: events the model finds that the rules miss, the rule
events it vetoes, and each event's `found_by` and calibrated confidence.

For a type the model finds likely in a sentence (its probability at least the model's "add"
threshold) and for which no trigger of the rules fired, the layer makes a candidate like the
rules' own: its trigger is the word of the sentence that speaks most for the type (by the
model's weights), its code the lexicon's code for that word, or for another word of the type
in the sentence, or the type's most general code (`data/type_codes.tsv`); it then goes
through the same governance, participants, dates and places as any rule candidate. A rule
event whose type the model finds nearly impossible (below the "veto" threshold) is dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import ROLE_SECTORS, UNNAMED_BODIES, UNNAMED_PEOPLE
from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.model import EventModel
from newsevents.coding.syntax import governing_verb, is_verb, lemma_of, object_of
from newsevents.coding.triggers import Candidate, noun_sense
from newsevents.ontology import cameo
from newsevents.records import Event

CONTENT = {"VERB", "NOUN", "ADJ", "PROPN"}
NAMES = {
    "PERSON",
    "GPE",
    "NORP",
    "ORG",
    "LOC",
    "FAC",
    "DATE",
    "TIME",
    "CARDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "ORDINAL",
}
MODEL_RULE = "model:"


@dataclass(frozen=True)
class SentenceLayer:
    """What the model says of one sentence: each type's probability."""

    model: EventModel
    probabilities: dict[str, float]

    def p(self, type_: str) -> float:
        return self.probabilities.get(type_, 0.0)

    def likely(self) -> list[str]:
        """The types the model finds likely enough to add, most likely first."""
        add = self.model.thresholds["add"]
        return sorted((t for t, p in self.probabilities.items() if p >= add), key=lambda t: -self.probabilities[t])

    def vetoes(self, type_: str) -> bool:
        """Whether the model is confident a rule event of this type is wrong here."""
        return type_ in self.probabilities and self.probabilities[type_] < self.model.thresholds["veto"]


def _plover(code: str) -> str | None:
    return cameo(code).plover_type


def _lexicon_sense(token: Token, type_: str) -> Sense | None:
    """The lexicon's sense of a word, when it is of the type."""
    lemma = lemma_of(token)
    if is_verb(token) and lemma in lex.verbs and _plover(lex.verbs[lemma].code) == type_:
        return lex.verbs[lemma]
    if token.pos_ in ("NOUN", "PROPN") and lemma in lex.nouns:
        sense = noun_sense(token)
        if _plover(sense.code) == type_:
            return sense
    return None


def model_candidates(sent: Span, layer: SentenceLayer, rule_candidates: list[Candidate]) -> list[Candidate]:
    """Candidates for the types the model finds likely and no rule trigger of the sentence has."""
    found_types = {_plover(c.sense.code) for c in rule_candidates}
    taken = _taken(rule_candidates) | getattr(rule_candidates, "vetted", set())
    out = []
    for type_ in layer.likely():
        if type_ in found_types:
            continue
        # Words that can say what happened: not names, not the words for who did it ("gunmen"),
        # and not words the rules already read as (part of) another event ("halt its airstrikes"
        # is one de-escalation; "denied sending troops" a denied deployment, not a rejection).
        words = [
            t
            for t in sent
            if t.pos_ in CONTENT
            and not t.is_stop
            and t.ent_type_ not in NAMES
            and t.is_alpha
            and lemma_of(t) not in ROLE_SECTORS
            and lemma_of(t) not in UNNAMED_PEOPLE | UNNAMED_BODIES
            and t.i not in taken
        ]
        if not words:
            continue
        weight = {
            t.i: max(layer.model.word_weight(type_, t.text), layer.model.word_weight(type_, t.lemma_)) for t in words
        }
        # A word of the lexicon of this type is the trigger if the sentence has one.
        # Else a verb the model leans on (events are mostly told by verbs: "torched a tower in
        # Nangarhar province", not "province"); else the word it leans on most.
        known = [t for t in words if _lexicon_sense(t, type_) is not None]
        verbs = [t for t in words if is_verb(t) and weight[t.i] > 0]
        trigger = max(known or verbs or words, key=lambda t: weight[t.i])
        sense = _lexicon_sense(trigger, type_)
        code = sense.code if sense is not None else lex.type_codes[type_]
        preps = sense.target_preps if sense is not None else ()
        nominal = not is_verb(trigger)
        carrier = trigger if not nominal else (governing_verb(trigger) or trigger)
        if nominal and carrier.i != trigger.i and carrier.i in {c.trigger.i for c in rule_candidates}:
            carrier = trigger  # the noun's verb is a rule trigger of another type: the noun stands alone
        out.append(
            Candidate(trigger, Sense(code, f"{MODEL_RULE}{type_}:{lemma_of(trigger)}", preps), carrier, nominal=nominal)
        )
    return out


def _taken(rule_candidates: list[Candidate]) -> set[int]:
    """The tokens the rules' candidates stand on: their triggers and carriers, what their verbs
    act on, and the verbs that govern them (denying, urging, threatening)."""
    taken: set[int] = set()
    for cand in rule_candidates:
        taken |= {cand.trigger.i, cand.carrier.i}
        obj = object_of(cand.carrier)
        if obj is not None and not cand.nominal:  # "pledged $500 million in aid": part of the pledge
            taken |= {t.i for o in [obj, *obj.conjuncts] for t in o.subtree}
        head = cand.carrier
        while head.dep_ in ("xcomp", "ccomp", "pcomp", "prep") and head.head.i != head.i:
            head = head.head
            taken.add(head.i)
    return taken


def found_by(event: Event, layer: SentenceLayer | None) -> str:
    """ "model" for an event of the learned layer alone; "both" for a rule event the model would
    have added itself; else "rules"."""
    if event.trigger.rule.startswith(MODEL_RULE):
        return "model"
    if layer is not None and layer.p(event.plover_type) >= layer.model.thresholds["add"]:
        return "both"
    return "rules"


def event_features(
    event: Event, layer: SentenceLayer | None, heuristic: float, explicit_source: bool
) -> dict[str, float]:
    """What the calibrator weighs: the model's probability of the event's type, what found it,
    how sure the rules are (their heuristic), whether its actors are named, where it stands."""
    p = layer.p(event.plover_type) if layer is not None else 0.5
    p = min(max(p, 1e-4), 1 - 1e-4)
    by = found_by(event, layer)
    others = max((q for t, q in layer.probabilities.items() if t != event.plover_type), default=0.0) if layer else 0.0
    return {
        "logit_p": math.log(p / (1 - p)),
        "p_type": p,
        "p_other": others,
        "rules": float(by != "model"),
        "heuristic": heuristic if by != "model" else 0.0,
        "source": float(event.source is not None and event.source.code is not None),
        "source_named": float(explicit_source),
        "target": float(event.target is not None),
        "hypothetical": float(event.hypothetical),
        "lead": float(event.sentence_index < 3),
    }


CALIBRATION_FEATURES = (
    "logit_p",
    "p_type",
    "p_other",
    "rules",
    "heuristic",
    "source",
    "source_named",
    "target",
    "hypothetical",
    "lead",
)


def event_key(event: Event) -> tuple:
    """An event's identity within a coding run (what `EventModel.observer` records features by)."""
    return (
        event.doc_id,
        event.sentence_index,
        event.trigger.start,
        event.cameo_code,
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.negated,
    )


def calibrate(event: Event, layer: SentenceLayer, heuristic: float, explicit_source: bool) -> Event:
    """The event with its `found_by` and its calibrated confidence."""
    event = replace(event, found_by=found_by(event, layer))
    features = event_features(event, layer, heuristic, explicit_source)
    if layer.model.observer is not None:
        layer.model.observer[event_key(event)] = features
    return replace(event, confidence=layer.model.calibrated(features))
