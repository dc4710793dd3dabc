"""Which sentences can hold an event, decided before parsing, from their words alone.

Parsing (and entity recognition) costs far more than anything else in the pipeline, and most
sentences of a news article report no event: background, quotes about feelings, figures. A
sentence is worth parsing when it has a word that can trigger an event in the coder's lexicon
(a form of an event verb or noun, or a verb whose meaning comes from its object together with
such an object). The test is a superset of what the coder codes: every inflected form of every
trigger is listed, so skipping a sentence never loses an event the coder would have found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsevents.coding import lexicon as lx

# Irregular forms of the lexicon's verbs (regular ones are generated).
IRREGULAR = {
    "beat": "beaten", "blow": "blew blown", "break": "broke broken", "bring": "brought", "come": "came",
    "drive": "drove driven", "fight": "fought", "fly": "flew flown", "forgive": "forgave forgiven",
    "freeze": "froze frozen", "give": "gave given", "go": "went gone", "hold": "held", "lay": "laid",
    "lead": "led", "leave": "left", "meet": "met", "overrun": "overran", "pay": "paid", "retake": "retook retaken",
    "seek": "sought", "send": "sent", "shoot": "shot", "speak": "spoke spoken", "strike": "struck stricken",
    "swear": "swore sworn", "take": "took taken", "tell": "told", "say": "said", "throw": "threw thrown",
    "undertake": "undertook undertaken", "withdraw": "withdrew withdrawn", "withhold": "withheld",
    "uphold": "upheld", "begin": "began begun", "forbid": "forbade forbidden", "slay": "slew slain",
    "steal": "stole stolen", "win": "won", "sell": "sold", "stand": "stood", "write": "wrote written",
    "rebuild": "rebuilt", "build": "built", "mislead": "misled", "overthrow": "overthrew overthrown",
    "hit": "hits hitting", "cut": "cuts cutting", "set": "sets setting", "shut": "shuts shutting",
    "put": "puts putting", "quit": "quits quitting", "bid": "bids bidding",
}
_VOWELS = set("aeiou")


def forms(lemma: str) -> set[str]:
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
    out |= set(IRREGULAR.get(lemma, "").split())
    return out


def _all_forms(lemmas) -> frozenset[str]:
    return frozenset(f for lemma in lemmas for f in forms(lemma))


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], ...]:
    from newsevents.coding import ASKING_VERBS, LEMMA_REPAIRS, PARTICLE_SENSES, REFUSAL_VERBS, REQUEST_VERBS, THREAT_VERBS

    # Words that are an event on their own (or in any construction the coder reads).
    alone = set(lx.VERBS) | set(lx.NOUNS) | lx.CALL_VERBS | lx.PROMISE_VERBS | set(ASKING_VERBS) \
        | REQUEST_VERBS | THREAT_VERBS | REFUSAL_VERBS | lx.ALLOW_VERBS | {
            "withdraw", "pull", "speak", "talk", "confer", "agree", "host", "alert", "responsible", "accountable",
            "shield", "hostage", "patrol", "persona", "claim", "concession", "compensation", "ultimatum",
            "retaliate", "offer", "decline", "test", "stone", "rally"} | set(LEMMA_REPAIRS)
    # Verbs whose event comes from their object or a noun they carry: they need such a word too.
    carriers = lx.STOP_VERBS | lx.IMPOSE_VERBS | lx.LIFT_VERBS | lx.RESTORE_VERBS | lx.CONTINUE_VERBS \
        | lx.GIVE_VERBS | lx.DEPLOY_VERBS | lx.SIGN_VERBS | lx.WITHDRAW_VERBS | lx.DECLARE_VERBS \
        | lx.RELEASE_VERBS | lx.SHARE_VERBS | lx.ACCEPT_VERBS | lx.BLOCK_VERBS | lx.EXERCISE_VERBS \
        | lx.CAPTURE_VERBS | {"use", "fire", "order", "approve", "pay", "deny", "defend", "throw", "violate", "breach", "ban",
           "prevent", "disperse", "expel", "deport", "receive", "welcome", "collect", "lay", "hand"}
    objects = lx.RELATIONS | lx.TALKS | lx.MEDIATION | lx.AID | lx.MILITARY_AID | lx.SANCTIONS | lx.VIOLENCE \
        | lx.CAPTIVES | lx.TROOPS | lx.PEOPLE | lx.PROPERTY | lx.ROUTES | lx.INFRASTRUCTURE | lx.INSPECTORS \
        | lx.CEASEFIRE | lx.EMERGENCY | lx.DEMANDS | lx.PROPOSALS | lx.EXERCISES | lx.INFORMATION \
        | lx.AGREEMENTS | lx.DIPLOMATS | lx.STANCES | lx.PERMISSIONS | lx.THINGS | {
            "gas", "bullet", "bullets", "cannon", "rocket", "rockets", "shell", "shells", "mortar", "mortars",
            "work", "signature", "signatures", "town", "city", "village", "territory", "area", "region",
            "province", "district", "base", "airport", "position", "hill", "stronghold", "island", "party",
            "candidate", "group", "opposition", "newspaper", "website", "law", "reservist", "reservists",
            "asylum", "refuge", "delegation", "visitor", "responsibility", "system", "systems", "battery",
            "batteries", "launcher", "launchers", "recognition", "food", "meal", "meals", "hour", "hours", "day",
            "days", "week", "deadline", "compensation", "reparations", "damages"} | lx.PROTESTS | lx.CONTAINERS
    # Verbs with a particle of their own meaning ("blew up", "cracked down", "walked out").
    particles = {f"{form} {particle}" for verb, particle in PARTICLE_SENSES for form in forms(verb)}
    return _all_forms(alone), _all_forms(carriers), _all_forms(objects), _all_forms(lx.SPEECH_VERBS), frozenset(particles)


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def may_hold_event(sentence: str) -> bool:
    """Whether a sentence has words that can trigger an event: then it is worth parsing."""
    alone, carriers, objects, speech, particles = _tables()
    sequence = _WORD.findall(sentence.lower())
    words = set(sequence) | {part for w in sequence if "-" in w for part in w.split("-")}
    if words & alone:
        return True
    verbs, things = words & carriers, words & objects
    if any(v != t for v in verbs for t in things):  # the verb and what it acts on are two words
        return True
    if words & speech and words & {"must", "should", "need", "needs", "has", "have"}:
        return True
    # a particle may follow its object: "forced the agency out"
    return any(f"{a} {b}" in particles for i, a in enumerate(sequence) for b in sequence[i + 1:i + 9])


_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*")


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    from newsevents.actors.dictionary import PERSON_ROLES

    return _all_forms(PERSON_ROLES)


def introduces_person(sentence: str) -> bool:
    """Whether a sentence names a person by role ("France's foreign minister", "Secretary of
    State John Kerry"): the coder needs it to know who a later "Ayrault" or "he" is."""
    tokens = _TOKEN.findall(sentence)
    roles = _roles()
    for i, token in enumerate(tokens):
        if token.lower() in roles:
            near = tokens[max(0, i - 3):i] + tokens[i + 1:i + 4]
            if any(t[:1].isupper() and t.lower() not in STOP_WORDS for t in near if t.lower() not in roles):
                return True
    return False


def worth_parsing(sentence: str) -> bool:
    """The pipeline's test: a sentence that may hold an event or introduces a person."""
    return may_hold_event(sentence) or introduces_person(sentence)
