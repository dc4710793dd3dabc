"""Finding triggers: the words of a parsed sentence that express an event, and the event each
one expresses (a CAMEO code, the rule that fired, the prepositions of its target).

Three kinds of trigger (their words are the lexicon's tables, `lexicon.py`): event verbs
("accuse", "shell"), verbs whose object decides the event ("halt" + "diplomacy" reduces
relations, "halt" + "airstrikes" de-escalates), and event nouns ("airstrikes", "talks"),
coded when the phrase names its own actor or a light verb carries them ("launched an
offensive"). The constructions below (phone calls, ultimatums, "held X responsible",
agreements to act...) read the parse around the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import PERSON_ROLES
from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.syntax import child_of, is_verb, lemma_of, nominal_source, object_of, pobjs

SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")


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


def responsibility_of(verb: Token) -> Token | None:
    """The "responsible"/"accountable" of "hold X responsible", wherever the parser put it."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod") and lemma_of(child) in lex.w.RESPONSIBILITY:
            return child
    return None


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


def verb_sense(token: Token, vetted: set[int] | None = None) -> tuple[Sense, Token | None] | None:
    """The event a verb expresses, and the event noun it carries if it is a light verb. Where
    the rules decide a known event word is no event here ("declined to comment", "released a
    statement"), its index goes into `vetted`, so that nothing else reads it as one."""

    def no_event(*covered: Token | None) -> None:
        if vetted is not None:  # the verb, and what it says is no event ("to comment on the report")
            vetted.update([token.i, *(t.i for c in covered if c is not None for t in c.subtree)])
        return None

    lemma = lemma_of(token)
    particle = lemma_of(child_of(token, "prt"))
    if not particle and any(c.dep_ == "prep" and c.lower_ == "out" for c in token.children):
        particle = "out"  # "forced the agency out of the country"
    if not particle and lemma == "walk" and any(c.dep_ == "prep" and c.lower_ == "off" for c in token.children):
        particle = "off"  # "walked off the job"
    obj = object_of(token)
    obj_lemma = lemma_of(obj)
    if obj is not None:
        # "troops to an international peacekeeping force": where they go says what they are
        destination = [
            lemma_of(m)
            for p in token.children
            if p.dep_ == "prep" and lemma_of(p) in ("to", "for", "into")
            for o in p.children
            if o.dep_ == "pobj"
            for m in [o, *o.children]
            if m.dep_ in ("pobj", "compound", "amod")
        ]
        for thing in [obj, *obj.conjuncts]:  # "sending armoured vehicles and additional troops"
            things = things_of(thing) + (destination if lemma_of(thing) in lex.w.TROOPS else [])
            things += ["test" for c in token.children if lemma_of(c) == "test"]  # "test-fired a missile"
            sense = lex.object_sense(lemma, things, particle=particle)
            if sense is not None:
                if sense.code == "150" and lemma_of(thing) in lex.w.EXERCISES and pobjs(token, ("with",)):
                    sense = replace(sense, code="062")  # drills held with a partner
                return sense, None
        if lemma in lex.w.LIGHT_VERBS or lemma in lex.w.SIGN_VERBS or lemma in lex.w.GIVE_VERBS:
            if obj_lemma in lex.nouns:
                if obj_lemma == "protest" and lemma in lex.w.LODGE_VERBS:
                    return Sense("114", "verb:lodge+protest", ("with", "to", "against")), obj  # an official complaint
                return noun_sense(obj, light=lemma), obj
            inner = next((c for c in obj.children if c.dep_ == "compound" and lemma_of(c) in lex.nouns), None)
            if inner is not None:  # "undertook a mediation mission"
                return noun_sense(inner, light=lemma), inner
    if lemma == "claim" and obj is not None:  # "claimed the bombing", "claimed responsibility for the attack"
        claimed = (
            [obj]
            if obj_lemma in lex.nouns
            else [
                o
                for p in obj.children
                if p.dep_ == "prep" and lemma_of(p) == "for"
                for o in p.children
                if o.dep_ == "pobj" and lemma_of(o) in lex.nouns
            ]
        )
        if claimed and noun_sense(claimed[0]).code[:2] in ("18", "19", "20"):
            return noun_sense(claimed[0], light=lemma), claimed[0]
    if (
        lemma == "declare"
        and any(t.lower_ in lex.w.PERSONA_NON_GRATA for t in token.subtree)
        and any(lemma_of(t) in lex.w.DIPLOMATS for t in token.subtree)
    ):
        return Sense("166", "verb:declare-persona-non-grata", ()), None
    if lemma == "give" and _ultimatum(token):
        return Sense("139", "verb:give-deadline", ()), None  # "gave the troops 48 hours to leave"
    if lemma in lex.light_prepositions:  # "engaged in ethnic cleansing", "took part in the protests"
        wanted = lex.light_prepositions[lemma]
        nouns = [
            o
            for p in token.children
            if p.dep_ == "prep" and (wanted is None or lemma_of(p) == wanted)
            for o in p.children
            if o.dep_ == "pobj" and lemma_of(o) in lex.nouns
        ]
        if lemma == "join" and obj is not None and obj_lemma in lex.nouns:
            nouns = [obj]
        if nouns:
            return noun_sense(nouns[0], light=lemma), nouns[0]
    if (lemma, particle) in lex.particles and lex.particles[(lemma, particle)]:
        code = lex.particles[(lemma, particle)]
        if (
            code == "174"
            and obj is not None
            and (obj.ent_type_ == "ORG" or obj_lemma in ("agency", "mission", "organization", "organisation"))
        ):
            code = "1663"  # forcing out an agency, not people
        return Sense(code, f"verb:{lemma}-{particle}", ("on", "against", "from", "to")), None
    if lemma in lex.w.CALL_VERBS:
        preps = {
            lemma_of(c)
            for c in token.children
            if c.dep_ == "prep" and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
        }
        complement = child_of(token, "xcomp", "ccomp")
        if particle == "off" or preps & {"on", "upon", "for"} or (complement is not None and is_verb(complement)):
            return Sense("020", "verb:call-on", ("on", "upon")), None
        if obj is not None and (obj.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") or lemma_of(obj) in PERSON_ROLES):
            return Sense("041", "verb:call", ()), None
        return None
    if (
        any(
            lemma_of(o) in lex.w.ALERT
            for p in token.children
            if p.dep_ == "prep" and lemma_of(p) in ("on", "to")
            for o in p.children
        )
        or obj_lemma in lex.w.ALERT
    ):
        return Sense("152", "verb:on-alert", ()), None  # "remained on alert", "put troops on high alert"
    if lemma == "hold" and responsibility_of(token) is not None:
        return Sense("112", "verb:hold-responsible", ()), None
    if lemma in ("hold", "use") and any(lemma_of(t) in lex.w.SHIELD for t in token.subtree):
        return Sense("184", "verb:human-shield", ()), None
    if (
        lemma in ("release", "free")
        and obj is not None
        and obj_lemma not in lex.w.CAPTIVES | lex.w.PEOPLE
        and obj.ent_type_ != "PERSON"
        and lemma_of(obj) not in PERSON_ROLES
    ):
        return no_event(obj)  # "released a statement"
    if lemma == "fire" and not any(lemma_of(c) in ("at", "on", "upon", "into") for c in token.children):
        return no_event(object_of(token))  # "fired the minister"
    if lemma == "meet" and obj_lemma in lex.w.MET_NONEVENTS:
        return no_event(obj)  # "met the deadline"
    if lemma in ("strike", "hit") and obj is not None and obj_lemma in lex.w.AGREEMENTS:
        return no_event(obj)  # "struck a deal"
    if lemma == "strike" and obj is None and lemma_of(child_of(token, "nsubj")) in lex.w.LABOUR:
        return Sense("143", "verb:strike-labour", ("against",)), None  # "teachers will strike"
    if lemma in lex.w.SPEAK_VERBS:
        by_phone = any(
            lemma_of(c) in ("by", "over", "on") and any(lemma_of(o) in ("phone", "telephone") for o in c.children)
            for c in token.children
            if c.dep_ == "prep"
        )
        # "spoke with Lavrov" is a consultation; "spoke to reporters" is not, unless by phone.
        return Sense(
            "041" if by_phone else "040", f"verb:{lemma}", ("with", "to") if by_phone else ("with",), needs_target=True
        ), None
    xcomp = child_of(token, "xcomp")
    if lemma in lex.w.REFUSAL_VERBS and xcomp is not None and lemma_of(xcomp) in lex.w.NO_COMMENT:
        return no_event(xcomp)  # "declined to comment"
    if lemma == "decline" and xcomp is None and obj is None:
        return no_event()  # "exports declined"
    if lemma in lex.w.PROMISE_VERBS and xcomp is not None and lemma_of(xcomp) in lex.w.RETALIATION:
        return Sense("130", f"verb:{lemma}+{lemma_of(xcomp)}", ("against",)), None
    if lemma in lex.w.PLEDGE_VERBS and obj is not None:
        if obj_lemma in lex.w.AID or obj_lemma in lex.w.MONEY or any(lemma_of(t) in lex.w.AID for t in obj.subtree):
            return Sense("033", f"verb:{lemma}+aid", ("for", "to")), None
        if obj_lemma == "support":
            return Sense("051", f"verb:{lemma}+support", ("for", "to")), None
    if lemma in lex.w.SUPPORT_STATING_VERBS and obj_lemma == "support":
        return Sense("051", f"verb:{lemma}+support", ("for", "to")), None
    if lemma == "order" and obj is not None:
        if obj_lemma in lex.w.TROOPS:
            return Sense("154", "verb:order+troops", ("to", "into")), None
        if xcomp is not None and any(lemma_of(x) in lex.w.LEAVE_VERBS for x in [xcomp, *xcomp.conjuncts]):
            code = (
                "166"
                if obj_lemma in lex.w.DIPLOMATS
                else "1662"
                if obj_lemma in lex.w.INSPECTORS or lemma_of(obj.head) in lex.w.INSPECTORS
                else "1663"
                if obj.ent_type_ == "ORG" or obj_lemma in ("agency", "organization", "organisation", "charity")
                else "174"
            )
            return Sense(code, "verb:order-to-leave", ()), None
    if (
        lemma in lex.w.TAKE_PEOPLE_VERBS
        and obj is not None
        and (obj_lemma in lex.w.PEOPLE or obj_lemma in lex.w.CAPTIVES)
    ):
        return Sense("181", f"verb:{lemma}+people", ("from",)), None
    if lemma in lex.w.AGREE_VERBS and (
        xcomp is not None or any(c.dep_ == "prep" and lemma_of(c) in ("to", "on", "upon") for c in token.children)
    ):
        topic = [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        if topic and lemma_of(topic[0]) in lex.w.CEASEFIRE:
            return Sense("0356", "verb:agree+ceasefire", ()), None
        if topic and lemma_of(topic[0]) in lex.w.TALKS:
            return Sense("036", "verb:agree+talks", ()), None
        return Sense("030", "verb:agree", ("with",)), None  # "agreed to X": X decides when coded
    if lemma in lex.w.WIN_VERBS and (
        SCORE.search(token.sent.text) or any(lemma_of(t) in lex.w.SPORTS for t in token.sent)
    ):
        return no_event()  # a match, not a fight
    if lemma in lex.w.PULLOUT_VERBS and obj is None and (particle in ("", "out", "back")):
        origin = [
            o
            for p in token.children
            if p.dep_ == "prep" and lemma_of(p) in ("from", "out")
            for o in p.subtree
            if o.dep_ == "pobj"
        ]
        if origin and lemma_of(origin[0]) in lex.w.TALKS:
            return Sense("164", f"verb:{lemma}-from-talks", ("from",)), None
        if origin and lemma_of(origin[0]) in lex.w.AGREEMENTS:
            return Sense("160", f"verb:{lemma}-from-agreement", ()), None
        if origin or particle:
            return Sense("0874", f"verb:{lemma}", ("from",)), None  # "troops withdrew from the village"
    allowed = (
        obj
        if obj is not None
        else next(
            (child_of(c, "nsubj") for c in token.children if c.dep_ == "ccomp" and child_of(c, "nsubj") is not None),
            None,
        )
    )
    if lemma in lex.w.ALLOW_VERBS and allowed is not None and allowed is not obj:
        sense = lex.object_sense(lemma, things_of(allowed), particle=particle)  # "let inspectors return"
        if sense is not None:
            return sense, None
    if lemma in lex.w.ALLOW_VERBS and obj is not None and (xcomp is not None or child_of(token, "ccomp") is not None):
        return Sense("080", f"verb:{lemma}-to", ()), None  # "allowed the refugees to return": yielding
    if (
        lemma in lex.w.ALLOW_VERBS
        and obj is None
        and any(
            child_of(c, "nsubj") is not None and any(a.lower_ == "to" for a in c.children)
            for c in token.children
            if c.dep_ == "ccomp"
        )
    ):
        return Sense("080", f"verb:{lemma}-to", ()), None
    if lemma in lex.w.PROMISE_VERBS and xcomp is not None and is_verb(xcomp):
        return Sense("030", f"verb:{lemma}", ("to",)), None  # what is promised decides the code
    if lemma in lex.asking_verbs and _asks_of(token) is not None:
        return Sense(lex.asking_verbs[lemma], f"verb:{lemma}-of", ("for",)), None
    sense = lex.verbs.get(lemma)
    if sense is None:
        return None
    if lemma == "abuse" and any(lemma_of(c) == "sexually" for c in token.children):
        return Sense("1821", "verb:abuse-sexually", sense.target_preps), None
    return sense, None


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


class Candidates(list):
    """A sentence's candidates, and the words the rules decided are no event there (`vetted`)."""

    vetted: set[int]


def find_candidates(sent: Span) -> Candidates:
    candidates = Candidates()
    candidates.vetted = set()
    carried: set[int] = set()
    for token in sent:
        if is_verb(token):
            found = verb_sense(token, candidates.vetted)
            if found is not None:
                sense, noun = found
                if noun is not None:
                    carried.add(noun.i)
                    candidates.append(Candidate(noun, sense, token, nominal=True))
                elif (
                    token.tag_ == "VBG"
                    and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                    and child_of(token, "dobj") is None
                ):
                    candidates.append(
                        Candidate(token, sense, token, nominal=True)
                    )  # "Fighting between X and Y killed ..."
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
    for token in sent:
        # "X said Y must do Z" is X demanding Z of Y.
        if is_verb(token) and lemma_of(token) in lex.w.SPEECH_VERBS:
            for comp in (c for c in token.children if c.dep_ == "ccomp"):
                auxes = {c.lower_ for c in comp.children if c.dep_ in ("aux", "auxpass")}
                obliged = auxes & {"must", "should"} or (
                    lemma_of(comp) in ("need", "have") and child_of(comp, "xcomp") is not None
                )
                if (
                    obliged
                    and child_of(comp, "nsubj") is not None
                    and not any(c.dep_ in ("neg", "auxpass") for c in comp.children)
                ):
                    candidates.append(Candidate(token, Sense("100", "verb:say-must", ()), token, target_hint=comp))
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and lemma_of(token) in lex.nouns and token.i not in carried:
            sense = noun_sense(token)
            carrier = token
            prep = token.head if token.dep_ == "pobj" else None
            if (
                sense.code[:2] == "04"
                and prep is not None
                and lemma_of(prep) in ("in", "during", "at", "on", "via", "by")
                and is_verb(prep.head)
                and not nominal_source(token)
            ):
                carrier = prep.head  # "conveyed the message in a call to Lavrov"
            candidates.append(Candidate(token, sense, carrier, nominal=True))
    return candidates
