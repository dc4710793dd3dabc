"""Verb senses: the event a verb expresses here (a CAMEO code, the rule that fired, the
prepositions of its target), from the lexicon's tables (`lexicon.py`) and the parse.

The first of the rules in `VERB_RULES` to decide gives the sense: the verb's object ("halt" +
"airstrikes"), the event noun it carries as a light verb ("launched an offensive"), the
constructions around it (phone calls, ultimatums, "held X responsible", agreements to act...),
or else its own entry. Some rules decide that an event word is no event here ("released a
statement", "declined to comment").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from spacy.tokens import Token

from newsevents.actors.dictionary import PERSON_ROLES
from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.noun_senses import noun_sense, things_of
from newsevents.coding.syntax import child_of, is_verb, lemma_of, object_of, pobjs

SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")

# A verb's sense, and the event noun it carries if it is a light verb.
VerbSense = tuple[Sense, Token | None]


def responsibility_of(verb: Token) -> Token | None:
    """The "responsible"/"accountable" of "hold X responsible", wherever the parser put it."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod") and lemma_of(child) in lex.w.RESPONSIBILITY:
            return child
    return None


def verb_sense(token: Token, vetted: set[int] | None = None) -> VerbSense | None:
    """The event a verb expresses, and the event noun it carries if it is a light verb. Where
    the rules decide a known event word is no event here ("declined to comment", "released a
    statement"), its index goes into `vetted`, so that nothing else reads it as one."""
    verb = Verb.read(token)
    for rule in VERB_RULES:
        verdict = rule(verb)
        if isinstance(verdict, NoEvent):
            # the verb, and what it says is no event ("to comment on the report")
            if verdict.vet and vetted is not None:
                vetted.update([token.i, *(t.i for c in verdict.covered if c is not None for t in c.subtree)])
            return None
        if verdict is not None:
            return verdict
    return None


@dataclass(frozen=True)
class Verb:
    """A verb and what the rules read around it."""

    token: Token
    lemma: str
    particle: str  # "blew up"; "" when there is none
    obj: Token | None  # what it acts on (`object_of`)
    obj_lemma: str
    xcomp: Token | None

    @classmethod
    def read(cls, token: Token) -> Verb:
        lemma = lemma_of(token)
        obj = object_of(token)
        return cls(token, lemma, _particle(token, lemma), obj, lemma_of(obj), child_of(token, "xcomp"))

    def preps(self, *lemmas: str) -> list[Token]:
        """The verb's prepositions among `lemmas` (any, when none is given)."""
        return [c for c in self.token.children if c.dep_ == "prep" and (not lemmas or lemma_of(c) in lemmas)]


def _particle(verb: Token, lemma: str) -> str:
    particle = lemma_of(child_of(verb, "prt"))
    if not particle and any(c.dep_ == "prep" and c.lower_ == "out" for c in verb.children):
        return "out"  # "forced the agency out of the country"
    if not particle and lemma == "walk" and any(c.dep_ == "prep" and c.lower_ == "off" for c in verb.children):
        return "off"  # "walked off the job"
    return particle


@dataclass(frozen=True)
class NoEvent:
    """A rule's verdict that the verb expresses no event here. With `vet`, the verb and the
    `covered` words are marked as no event for the other rules too."""

    covered: tuple[Token | None, ...] = ()
    vet: bool = True


# What a verb rule says: the verb's sense, that it is no event, or None to leave it to the next rule.
Verdict = VerbSense | NoEvent | None


# -- the object or the noun carried decides ---------------------------------------------------


def _by_object(v: Verb) -> Verdict:
    """Verbs whose object decides the event: "halt" + "airstrikes", "test-fired a missile"."""
    if v.obj is None:
        return None
    # "troops to an international peacekeeping force": where they go says what they are
    destination = [
        lemma_of(m)
        for p in v.preps("to", "for", "into")
        for o in p.children
        if o.dep_ == "pobj"
        for m in [o, *o.children]
        if m.dep_ in ("pobj", "compound", "amod")
    ]
    for thing in [v.obj, *v.obj.conjuncts]:  # "sending armoured vehicles and additional troops"
        things = things_of(thing) + (destination if lemma_of(thing) in lex.w.TROOPS else [])
        things += ["test" for c in v.token.children if lemma_of(c) == "test"]  # "test-fired a missile"
        sense = lex.object_sense(v.lemma, things, particle=v.particle)
        if sense is not None:
            if sense.code == "150" and lemma_of(thing) in lex.w.EXERCISES and pobjs(v.token, ("with",)):
                sense = replace(sense, code="062")  # drills held with a partner
            return sense, None
    return None


def _light_verb(v: Verb) -> Verdict:
    """A light verb and the event noun it carries: "launched an offensive", "undertook a mediation mission"."""
    if v.obj is None or not lex.in_class(v.lemma, "LIGHT_VERBS", "SIGN_VERBS", "GIVE_VERBS"):
        return None
    if v.obj_lemma in lex.nouns:
        if v.obj_lemma == "protest" and v.lemma in lex.w.LODGE_VERBS:
            return Sense("114", "verb:lodge+protest", ("with", "to", "against")), v.obj  # an official complaint
        return noun_sense(v.obj, light=v.lemma), v.obj
    inner = next((c for c in v.obj.children if c.dep_ == "compound" and lemma_of(c) in lex.nouns), None)
    if inner is not None:
        return noun_sense(inner, light=v.lemma), inner
    return None


def _claimed_attack(v: Verb) -> Verdict:
    """ "claimed the bombing", "claimed responsibility for the attack"."""
    if v.lemma != "claim" or v.obj is None:
        return None
    if v.obj_lemma in lex.nouns:
        claimed = [v.obj]
    else:
        claimed = [
            o
            for p in v.obj.children
            if p.dep_ == "prep" and lemma_of(p) == "for"
            for o in p.children
            if o.dep_ == "pobj" and lemma_of(o) in lex.nouns
        ]
    if claimed and noun_sense(claimed[0]).code[:2] in ("18", "19", "20"):
        return noun_sense(claimed[0], light=v.lemma), claimed[0]
    return None


def _persona_non_grata(v: Verb) -> Verdict:
    if (
        v.lemma == "declare"
        and any(t.lower_ in lex.w.PERSONA_NON_GRATA for t in v.token.subtree)
        and any(lemma_of(t) in lex.w.DIPLOMATS for t in v.token.subtree)
    ):
        return Sense("166", "verb:declare-persona-non-grata", ()), None
    return None


def _deadline(v: Verb) -> Verdict:
    if v.lemma == "give" and _ultimatum(v.token):
        return Sense("139", "verb:give-deadline", ()), None  # "gave the troops 48 hours to leave"
    return None


def _ultimatum(verb: Token) -> bool:
    """ "gave them 48 hours to leave": a time to do something, given to someone."""
    spans = [c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and lemma_of(c) in lex.w.TIME_UNITS]
    if not spans or child_of(verb, "dative", "dobj") is None:
        return False
    to_verbs = [
        c
        for c in [*verb.children, *(k for s in spans for k in s.children)]
        if c.dep_ in ("advcl", "relcl", "xcomp", "acl") and any(a.lower_ == "to" for a in c.children)
    ]
    return bool(to_verbs)


def _light_preposition(v: Verb) -> Verdict:
    """A verb whose preposition carries the event noun: "engaged in ethnic cleansing", "took part in the protests"."""
    if v.lemma not in lex.light_prepositions:
        return None
    wanted = lex.light_prepositions[v.lemma]
    preps = v.preps() if wanted is None else v.preps(wanted)
    nouns = [o for p in preps for o in p.children if o.dep_ == "pobj" and lemma_of(o) in lex.nouns]
    if v.lemma == "join" and v.obj is not None and v.obj_lemma in lex.nouns:
        nouns = [v.obj]
    if nouns:
        return noun_sense(nouns[0], light=v.lemma), nouns[0]
    return None


def _particle_verb(v: Verb) -> Verdict:
    """A phrasal verb of the lexicon: "blew up", "forced out"."""
    code = lex.particles.get((v.lemma, v.particle))
    if not code:
        return None
    if (
        code == "174"
        and v.obj is not None
        and (v.obj.ent_type_ == "ORG" or v.obj_lemma in ("agency", "mission", "organization", "organisation"))
    ):
        code = "1663"  # forcing out an agency, not people
    return Sense(code, f"verb:{v.lemma}-{v.particle}", ("on", "against", "from", "to")), None


# -- constructions around the verb ------------------------------------------------------------


def _call(v: Verb) -> Verdict:
    """ "called on X to" is an appeal; "called the minister" a phone call; any other call no event."""
    if v.lemma not in lex.w.CALL_VERBS:
        return None
    preps = {lemma_of(c) for c in v.preps() if not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)}
    complement = child_of(v.token, "xcomp", "ccomp")
    if v.particle == "off" or preps & {"on", "upon", "for"} or (complement is not None and is_verb(complement)):
        return Sense("020", "verb:call-on", ("on", "upon")), None
    if v.obj is not None and (v.obj.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") or v.obj_lemma in PERSON_ROLES):
        return Sense("041", "verb:call", ()), None
    return NoEvent(vet=False)


def _alert(v: Verb) -> Verdict:
    if any(lemma_of(o) in lex.w.ALERT for p in v.preps("on", "to") for o in p.children) or v.obj_lemma in lex.w.ALERT:
        return Sense("152", "verb:on-alert", ()), None  # "remained on alert", "put troops on high alert"
    return None


def _held_responsible(v: Verb) -> Verdict:
    if v.lemma == "hold" and responsibility_of(v.token) is not None:
        return Sense("112", "verb:hold-responsible", ()), None
    return None


def _human_shield(v: Verb) -> Verdict:
    if v.lemma in ("hold", "use") and any(lemma_of(t) in lex.w.SHIELD for t in v.token.subtree):
        return Sense("184", "verb:human-shield", ()), None
    return None


def _false_friend(v: Verb) -> Verdict:
    """An event verb in a sense that is no event."""
    if (
        v.lemma in ("release", "free")
        and v.obj is not None
        and v.obj_lemma not in lex.w.CAPTIVES | lex.w.PEOPLE
        and v.obj.ent_type_ != "PERSON"
        and v.obj_lemma not in PERSON_ROLES
    ):
        return NoEvent((v.obj,))  # "released a statement"
    if v.lemma == "fire" and not any(lemma_of(c) in ("at", "on", "upon", "into") for c in v.token.children):
        return NoEvent((v.obj,))  # "fired the minister"
    if v.lemma == "meet" and v.obj_lemma in lex.w.MET_NONEVENTS:
        return NoEvent((v.obj,))  # "met the deadline"
    if v.lemma in ("strike", "hit") and v.obj is not None and v.obj_lemma in lex.w.AGREEMENTS:
        return NoEvent((v.obj,))  # "struck a deal"
    return None


def _labour_strike(v: Verb) -> Verdict:
    if v.lemma == "strike" and v.obj is None and lemma_of(child_of(v.token, "nsubj")) in lex.w.LABOUR:
        return Sense("143", "verb:strike-labour", ("against",)), None  # "teachers will strike"
    return None


def _spoke(v: Verb) -> Verdict:
    """ "spoke with Lavrov" is a consultation; "spoke to reporters" is not, unless by phone."""
    if v.lemma not in lex.w.SPEAK_VERBS:
        return None
    by_phone = any(
        lemma_of(c) in ("by", "over", "on") and any(lemma_of(o) in ("phone", "telephone") for o in c.children)
        for c in v.preps()
    )
    return Sense(
        "041" if by_phone else "040", f"verb:{v.lemma}", ("with", "to") if by_phone else ("with",), needs_target=True
    ), None


def _declined(v: Verb) -> Verdict:
    if v.lemma in lex.w.REFUSAL_VERBS and v.xcomp is not None and lemma_of(v.xcomp) in lex.w.NO_COMMENT:
        return NoEvent((v.xcomp,))  # "declined to comment"
    if v.lemma == "decline" and v.xcomp is None and v.obj is None:
        return NoEvent()  # "exports declined"
    return None


def _vowed_retaliation(v: Verb) -> Verdict:
    if v.lemma in lex.w.PROMISE_VERBS and v.xcomp is not None and lemma_of(v.xcomp) in lex.w.RETALIATION:
        return Sense("130", f"verb:{v.lemma}+{lemma_of(v.xcomp)}", ("against",)), None
    return None


def _pledged(v: Verb) -> Verdict:
    """Aid or support pledged: "pledged $2 billion in aid", "expressed support"."""
    if v.lemma in lex.w.PLEDGE_VERBS and v.obj is not None:
        if (
            v.obj_lemma in lex.w.AID
            or v.obj_lemma in lex.w.MONEY
            or any(lemma_of(t) in lex.w.AID for t in v.obj.subtree)
        ):
            return Sense("033", f"verb:{v.lemma}+aid", ("for", "to")), None
        if v.obj_lemma == "support":
            return Sense("051", f"verb:{v.lemma}+support", ("for", "to")), None
    if v.lemma in lex.w.SUPPORT_STATING_VERBS and v.obj_lemma == "support":
        return Sense("051", f"verb:{v.lemma}+support", ("for", "to")), None
    return None


def _ordered(v: Verb) -> Verdict:
    """ "ordered troops to the border"; "ordered the diplomats to leave" (an expulsion)."""
    if v.lemma != "order" or v.obj is None:
        return None
    if v.obj_lemma in lex.w.TROOPS:
        return Sense("154", "verb:order+troops", ("to", "into")), None
    if v.xcomp is not None and any(lemma_of(x) in lex.w.LEAVE_VERBS for x in [v.xcomp, *v.xcomp.conjuncts]):
        return Sense(_expulsion_code(v.obj), "verb:order-to-leave", ()), None
    return None


def _expulsion_code(expelled: Token) -> str:
    """Whom an order to leave expels: diplomats, inspectors, an agency, or else people."""
    lemma = lemma_of(expelled)
    if lemma in lex.w.DIPLOMATS:
        return "166"
    if lemma in lex.w.INSPECTORS or lemma_of(expelled.head) in lex.w.INSPECTORS:
        return "1662"
    if expelled.ent_type_ == "ORG" or lemma in ("agency", "organization", "organisation", "charity"):
        return "1663"
    return "174"


def _took_people(v: Verb) -> Verdict:
    if (
        v.lemma in lex.w.TAKE_PEOPLE_VERBS
        and v.obj is not None
        and (v.obj_lemma in lex.w.PEOPLE or v.obj_lemma in lex.w.CAPTIVES)
    ):
        return Sense("181", f"verb:{v.lemma}+people", ("from",)), None
    return None


def _agreed(v: Verb) -> Verdict:
    """ "agreed to a ceasefire", "agreed on talks", "agreed to X": X decides when coded."""
    if v.lemma not in lex.w.AGREE_VERBS or (v.xcomp is None and not v.preps("to", "on", "upon")):
        return None
    topic = [o for p in v.preps() for o in p.children if o.dep_ == "pobj"]
    if topic and lemma_of(topic[0]) in lex.w.CEASEFIRE:
        return Sense("0356", "verb:agree+ceasefire", ()), None
    if topic and lemma_of(topic[0]) in lex.w.TALKS:
        return Sense("036", "verb:agree+talks", ()), None
    return Sense("030", "verb:agree", ("with",)), None


def _won_match(v: Verb) -> Verdict:
    if v.lemma in lex.w.WIN_VERBS and (
        SCORE.search(v.token.sent.text) or any(lemma_of(t) in lex.w.SPORTS for t in v.token.sent)
    ):
        return NoEvent()  # a match, not a fight
    return None


def _pulled_out(v: Verb) -> Verdict:
    """Withdrawing from a place, from talks or from an agreement."""
    if v.lemma not in lex.w.PULLOUT_VERBS or v.obj is not None or v.particle not in ("", "out", "back"):
        return None
    origin = [o for p in v.preps("from", "out") for o in p.subtree if o.dep_ == "pobj"]
    if origin and lemma_of(origin[0]) in lex.w.TALKS:
        return Sense("164", f"verb:{v.lemma}-from-talks", ("from",)), None
    if origin and lemma_of(origin[0]) in lex.w.AGREEMENTS:
        return Sense("160", f"verb:{v.lemma}-from-agreement", ()), None
    if origin or v.particle:
        return Sense("0874", f"verb:{v.lemma}", ("from",)), None  # "troops withdrew from the village"
    return None


def _allowed(v: Verb) -> Verdict:
    """ "let inspectors return" is coded by who is let in; "allowed the refugees to return" is yielding."""
    if v.lemma not in lex.w.ALLOW_VERBS:
        return None
    if v.obj is not None:
        if v.xcomp is not None or child_of(v.token, "ccomp") is not None:
            return Sense("080", f"verb:{v.lemma}-to", ()), None
        return None
    clauses = [c for c in v.token.children if c.dep_ == "ccomp"]
    let = next((child_of(c, "nsubj") for c in clauses if child_of(c, "nsubj") is not None), None)
    if let is not None:
        sense = lex.object_sense(v.lemma, things_of(let), particle=v.particle)
        if sense is not None:
            return sense, None
    if any(child_of(c, "nsubj") is not None and any(a.lower_ == "to" for a in c.children) for c in clauses):
        return Sense("080", f"verb:{v.lemma}-to", ()), None
    return None


def _promised(v: Verb) -> Verdict:
    if v.lemma in lex.w.PROMISE_VERBS and v.xcomp is not None and is_verb(v.xcomp):
        return Sense("030", f"verb:{v.lemma}", ("to",)), None  # what is promised decides the code
    return None


def _asked_of(v: Verb) -> Verdict:
    if v.lemma in lex.asking_verbs and _asks_of(v.token) is not None:
        return Sense(lex.asking_verbs[v.lemma], f"verb:{v.lemma}-of", ("for",)), None
    return None


def _asks_of(verb: Token) -> Token | None:
    """Whom "want", "push" or "pressure" asks something of: "wants Germany to pay",
    "pushed parliament for a new law"; None when they ask nothing of anyone ("wants to")."""
    obj = child_of(verb, "dobj")
    if obj is not None and (
        child_of(verb, "xcomp", "ccomp") is not None
        or any(c.dep_ == "prep" and lemma_of(c) == "for" for c in verb.children)
    ):
        return obj
    for comp in (c for c in verb.children if c.dep_ == "ccomp"):
        subject = child_of(comp, "nsubj")
        if subject is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            return subject
    return None


def _event_verb(v: Verb) -> Verdict:
    """The verb's own entry in the lexicon."""
    sense = lex.verbs.get(v.lemma)
    if sense is None:
        return None
    if v.lemma == "abuse" and any(lemma_of(c) == "sexually" for c in v.token.children):
        return Sense("1821", "verb:abuse-sexually", sense.target_preps), None
    return sense, None


# The verb rules in the order they are asked; the first with a verdict decides.
VERB_RULES: tuple[Callable[[Verb], Verdict], ...] = (
    _by_object,
    _light_verb,
    _claimed_attack,
    _persona_non_grata,
    _deadline,
    _light_preposition,
    _particle_verb,
    _call,
    _alert,
    _held_responsible,
    _human_shield,
    _false_friend,
    _labour_strike,
    _spoke,
    _declined,
    _vowed_retaliation,
    _pledged,
    _ordered,
    _took_people,
    _agreed,
    _won_match,
    _pulled_out,
    _allowed,
    _promised,
    _asked_of,
    _event_verb,
)
