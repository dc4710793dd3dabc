"""Which sentences can hold an event, decided before parsing, from their words alone.

Parsing (and entity recognition) costs far more than anything else in the pipeline, and most
sentences of a news article report no event: background, quotes about feelings, figures. A
sentence is worth parsing when it has a word that can trigger an event in the coder's lexicon
(a form of an event verb or noun, or a verb whose meaning comes from its object together with
such an object), or when the learned event layer finds an event likely in it.

The word sets are built from the lexicon's own tables (`lexicon.py`), never written here: a
trigger added to a table is a trigger of the prefilter too. Every inflected form of every
trigger is generated, so skipping a sentence never loses an event the rules would find.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from newsevents.actors.dictionary import PERSON_ROLES
from newsevents.coding.lexicon import Lexicon, active

_VOWELS = set("aeiou")


def forms(lemma: str, irregular: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """Every inflected form of a verb or noun lemma (a generous superset)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS:
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "banned", "kidnapping"
    if lemma.endswith("c"):
        out |= {lemma + "ked", lemma + "king"}
    out |= set((irregular or {}).get(lemma, ()))
    return out


def _class_words(lex: Lexicon, role: str) -> set[str]:
    return {w for name, r in lex.class_roles.items() if r == role for w in lex.classes[name]}


def word_sets(lex: Lexicon) -> dict[str, frozenset[str]]:
    """The prefilter's words, built from the lexicon's tables (once per lexicon):
    `alone` (a form of it may hold an event), `carriers` and `objects` (a verb whose event
    comes from its object, and such objects), `speech` (attribution verbs, "said X must"),
    `particles` ("blew up", "cracked down") and `roles` (person roles)."""
    if "prefilter" not in lex.derived:

        def all_forms(lemmas) -> frozenset[str]:
            return frozenset(f for lemma in lemmas for f in forms(lemma, lex.irregular))

        alone = (
            set(lex.verbs)
            | set(lex.nouns)
            | set(lex.asking_verbs)
            | set(lex.lemma_repairs)
            | _class_words(lex, "trigger")
        )
        carriers = {v for rule in lex.object_rules if rule.verbs is not None for v in rule.verbs} | _class_words(
            lex, "carrier"
        )
        objects = (
            {o for rule in lex.object_rules if rule.objects is not None for o in rule.objects}
            | {h for rule in lex.object_rules for h in rule.held_any}
            | _class_words(lex, "object")
        )
        particles = {f"{form} {particle}" for (verb, particle) in lex.particles for form in forms(verb, lex.irregular)}
        lex.derived["prefilter"] = {
            "alone": all_forms(alone),
            "carriers": all_forms(carriers),
            "objects": all_forms(objects),
            "speech": all_forms(lex.w.SPEECH_VERBS),
            "particles": frozenset(particles),
            "roles": all_forms(PERSON_ROLES),
        }
    return lex.derived["prefilter"]


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def may_hold_event(sentence: str, lex: Lexicon | None = None) -> bool:
    """Whether a sentence has words that can trigger an event: then it is worth parsing."""
    sets = word_sets(lex or active())
    sequence = _WORD.findall(sentence.lower())
    words = set(sequence) | {part for w in sequence if "-" in w for part in w.split("-")}
    if words & sets["alone"]:
        return True
    verbs, things = words & sets["carriers"], words & sets["objects"]
    if any(v != t for v in verbs for t in things):  # the verb and what it acts on are two words
        return True
    if words & sets["speech"] and words & {"must", "should", "need", "needs", "has", "have"}:
        return True
    # a particle may follow its object: "forced the agency out"
    particles = sets["particles"]
    return any(f"{a} {b}" in particles for i, a in enumerate(sequence) for b in sequence[i + 1 : i + 9])


_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*")


def introduces_person(sentence: str, lex: Lexicon | None = None) -> bool:
    """Whether a sentence names a person by role ("France's foreign minister", "Secretary of
    State John Kerry"): the coder needs it to know who a later "Ayrault" or "he" is."""
    tokens = _TOKEN.findall(sentence)
    roles = word_sets(lex or active())["roles"]
    for i, token in enumerate(tokens):
        if token.lower() in roles:
            near = tokens[max(0, i - 3) : i] + tokens[i + 1 : i + 4]
            if any(t[:1].isupper() and t.lower() not in STOP_WORDS for t in near if t.lower() not in roles):
                return True
    return False


def worth_parsing(sentence: str, lex: Lexicon | None = None) -> bool:
    """The pipeline's test by the rules: a sentence that may hold an event or introduces a person."""
    return may_hold_event(sentence, lex) or introduces_person(sentence, lex)
