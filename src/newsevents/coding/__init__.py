"""Finding events in parsed sentences: who did what to whom, when and where.

For each sentence the coder finds triggers (event verbs, verbs with event objects, event
nouns), then reads the parse around each one: the source from the subject (or the agent of
a passive, or the possessor of an event noun), the target from the object and the
trigger's prepositions, the modality from negation, modal verbs, conditions and the verbs
that govern it ("threatened to halt" is a threat, "urged X to halt" a request, "denied
attacking" a denial), the date from the time expressions attached to it, and the place
from the locations in its clause. Every event says which rule produced it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Span, Token

from newsevents.actors import ArticleActors, default_dictionary, is_pronoun
from newsevents.actors.dictionary import PERSON_ROLES, ROLE_SECTORS, ActorDictionary
from newsevents.coding import lexicon as lx
from newsevents.dates import resolve as resolve_date
from newsevents.geo import Gazetteer, GeoContext, article_toponyms, place_from_entry, resolve, resolve_toponyms
from newsevents.geo import load as load_gazetteer
from newsevents.ontology import cameo
from newsevents.records import Actor, Dateline, Event, Place, Trigger

__all__ = ["code_article", "geoparse_article"]

MODALS = {"could", "might", "may", "would", "should", "can", "must", "ought"}
FUTURE = {"will", "shall", "'ll"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
REQUEST_VERBS = {"urge", "appeal", "ask", "request", "press", "demand", "call", "plead", "implore", "push", "encourage", "invite",
                 "want", "wish", "pressure", "pressurise", "pressurize", "lobby"}
# Verbs that ask something of someone only when they name whom: "wants Germany to pay".
ASKING_VERBS = {"want": "020", "wish": "020", "push": "020", "lobby": "020",
                "pressure": "100", "pressurise": "100", "pressurize": "100"}
THREAT_VERBS = {"threaten", "warn", "vow"}
REFUSAL_VERBS = {"refuse", "decline", "reject", "rebuff"}
DENIAL_VERBS = {"deny", "fail", "avoid"}
HYPOTHETICAL_NOUNS = {"plan", "proposal", "possibility", "risk", "threat", "prospect", "idea", "bid", "attempt", "call", "demand", "appeal", "need", "effort"}
# Prepositions whose object is the target of almost any event ("talks with", "sanctions
# against"); "on" is not among them ("diplomacy with Russia on Syria" is about Syria).
GENERIC_TARGET_PREPS = ("against", "with", "to", "toward", "towards")
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "off", "along"}
# Event roots where "X and Y" acting together means each acted towards the other.
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
AERIAL = {"warplane", "jet", "aircraft", "bomber", "helicopter", "drone", "plane", "gunship", "airforce"}
# Time expressions that put an event in an unspecified past: background, not news.
BACKGROUND = re.compile(r"\b(recent years|past (few )?(years|decades)|years ago|decades|for years|in the past|previously|over the years|since the \d{4}s)\b", re.I)
# Past this many years before the story's date an event is history, not news.
HISTORICAL_YEARS = 2
ACCUSING = {"accuse", "blame", "suspect", "charge", "convict", "indict", "criticize", "criticise", "condemn", "fault"}
LABOUR = {"worker", "teacher", "doctor", "nurse", "union", "employee", "miner", "driver", "pilot", "staff",
          "docker", "farmer", "trucker", "lawyer", "student", "crew", "workforce", "laborer", "labourer"}
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")


@dataclass
class Candidate:
    trigger: Token
    sense: lx.Sense
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


@dataclass
class ArticleContext:
    doc_id: str
    text: str
    published: date | None
    actors: ArticleActors
    places: list[Place]
    dateline_place: Place | None
    salience: list[Actor] = field(default_factory=list)

    def places_in(self, start: int, end: int) -> list[Place]:
        return [p for p in self.places if start <= p.start and p.end <= end]


# -- triggers ---------------------------------------------------------------------------------

def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


# Verbs the model's lemmatizer cuts one letter short ("staged" -> "stag", "hoped" -> "hop");
# "hopped" and "rapping" double the consonant and keep their own lemma.
LEMMA_REPAIRS = {"stag": "stage", "hop": "hope", "rap": "rape", "lambast": "lambaste"}


def _lemma(token: Token | None) -> str:
    if token is None:
        return ""
    lemma = token.lemma_.lower()
    repaired = LEMMA_REPAIRS.get(lemma)
    if repaired is not None and token.pos_ in ("VERB", "AUX") and token.lower_[len(lemma):len(lemma) + 1] != lemma[-1]:
        return repaired
    return lemma


def _object(token: Token) -> Token | None:
    """What the verb acts on: its direct object, or the subject of its passive."""
    obj = _child(token, "dobj", "attr")
    if obj is None and _child(token, "auxpass"):
        obj = _child(token, "nsubjpass")
    return obj


def _responsibility(verb: Token) -> Token | None:
    """The "responsible"/"accountable" of "hold X responsible", wherever the parser put it."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod") and _lemma(child) in ("responsible", "accountable", "liable"):
            return child
    return None


def _things(obj: Token) -> list[str]:
    """What an object is about: its lemma, then the words a container noun holds ("mediation
    efforts", "part of the military aid", "a state of emergency")."""
    held = [_lemma(c) for c in obj.children if c.dep_ in ("compound", "amod", "nmod")]
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
        held.append("own")  # "its weapons"
    for prep in (c for c in obj.children if c.dep_ == "prep" and _lemma(c) == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            held.append(_lemma(pobj))
            held.extend(_lemma(c) for c in pobj.children if c.dep_ in ("compound", "amod"))
    for prep in (c for c in obj.children if c.dep_ == "prep" and _lemma(c) == "on"):  # "a ban on imports"
        held.extend(_lemma(p) for p in prep.children if p.dep_ == "pobj")
    lemma = _lemma(obj)
    if lemma == "state" and "emergency" in held:
        lemma = "emergency"
    if lemma == "fire" and "cease" in {_lemma(t) for t in obj.subtree}:
        lemma = "ceasefire"  # "cease-fire", tokenised apart
    return [lemma, *held]


# Verb and particle pairs with a meaning of their own.
PARTICLE_SENSES = {
    ("beat", "up"): "182", ("blow", "up"): "183", ("crack", "down"): "175", ("round", "up"): "173",
    ("back", "down"): "080", ("pull", "out"): "0874", ("pull", "back"): "0874", ("force", "out"): "174",
    ("drive", "out"): "174", ("kick", "out"): "174", ("shut", "down"): "1721", ("wipe", "out"): "190",
    ("gun", "down"): "1823", ("shoot", "down"): "195", ("walk", "out"): "143", ("break", "up"): "175",
    ("hand", "over"): "0841", ("hand", "back"): "0842", ("give", "back"): "0842", ("walk", "off"): "143", ("carry", "out"): None, ("step", "up"): None, ("set", "up"): None,
}


def _verb_sense(token: Token) -> tuple[lx.Sense, Token | None] | None:
    """The event a verb expresses, and the event noun it carries if it is a light verb."""
    lemma = _lemma(token)
    particle = _lemma(_child(token, "prt"))
    if not particle and any(c.dep_ == "prep" and c.lower_ == "out" for c in token.children):
        particle = "out"  # "forced the agency out of the country"
    if not particle and lemma == "walk" and any(c.dep_ == "prep" and c.lower_ == "off" for c in token.children):
        particle = "off"  # "walked off the job"
    obj = _object(token)
    obj_lemma = _lemma(obj)
    if obj is not None:
        # "troops to an international peacekeeping force": where they go says what they are
        destination = [_lemma(m) for p in token.children if p.dep_ == "prep" and _lemma(p) in ("to", "for", "into")
                       for o in p.children if o.dep_ == "pobj" for m in [o, *o.children] if m.dep_ in ("pobj", "compound", "amod")]
        for thing in [obj, *obj.conjuncts]:  # "sending armoured vehicles and additional troops"
            things = _things(thing) + (destination if _lemma(thing) in lx.TROOPS else [])
            things += ["test" for c in token.children if _lemma(c) == "test"]  # "test-fired a missile"
            sense = lx.object_sense(lemma, things, particle=particle)
            if sense is not None:
                if sense.code == "150" and _lemma(thing) in lx.EXERCISES and _pobjs(token, ("with",)):
                    sense = replace(sense, code="062")  # drills held with a partner
                return sense, None
        if lemma in lx.LIGHT_VERBS or lemma in lx.SIGN_VERBS or lemma in lx.GIVE_VERBS:
            if obj_lemma in lx.NOUNS:
                if obj_lemma == "protest" and lemma in ("lodge", "file", "register", "deliver", "send", "issue", "make"):
                    return lx.Sense("114", "verb:lodge+protest", ("with", "to", "against")), obj  # an official complaint
                return _noun_sense(obj, light=lemma), obj
            inner = next((c for c in obj.children if c.dep_ == "compound" and _lemma(c) in lx.NOUNS), None)
            if inner is not None:  # "undertook a mediation mission"
                return _noun_sense(inner, light=lemma), inner
    if lemma == "claim" and obj is not None:  # "claimed the bombing", "claimed responsibility for the attack"
        claimed = [obj] if obj_lemma in lx.NOUNS else [o for p in obj.children if p.dep_ == "prep" and _lemma(p) == "for"
                                                       for o in p.children if o.dep_ == "pobj" and _lemma(o) in lx.NOUNS]
        if claimed and _noun_sense(claimed[0]).code[:2] in ("18", "19", "20"):
            return _noun_sense(claimed[0], light=lemma), claimed[0]
    if lemma == "declare" and any(t.lower_ in ("persona", "grata") for t in token.subtree) \
            and any(_lemma(t) in lx.DIPLOMATS for t in token.subtree):
        return lx.Sense("166", "verb:declare-persona-non-grata", ()), None
    if lemma == "give" and _ultimatum(token):
        return lx.Sense("139", "verb:give-deadline", ()), None  # "gave the troops 48 hours to leave"
    if lemma in lx.LIGHT_PREPOSITIONS:  # "engaged in ethnic cleansing", "took part in the protests"
        wanted = lx.LIGHT_PREPOSITIONS[lemma]
        nouns = [o for p in token.children if p.dep_ == "prep" and (wanted is None or _lemma(p) == wanted)
                 for o in p.children if o.dep_ == "pobj" and _lemma(o) in lx.NOUNS]
        if lemma == "join" and obj is not None and obj_lemma in lx.NOUNS:
            nouns = [obj]
        if nouns:
            return _noun_sense(nouns[0], light=lemma), nouns[0]
    if (lemma, particle) in PARTICLE_SENSES and PARTICLE_SENSES[(lemma, particle)]:
        code = PARTICLE_SENSES[(lemma, particle)]
        if code == "174" and obj is not None and (obj.ent_type_ == "ORG" or obj_lemma in ("agency", "mission", "organization", "organisation")):
            code = "1663"  # forcing out an agency, not people
        return lx.Sense(code, f"verb:{lemma}-{particle}", ("on", "against", "from", "to")), None
    if lemma in lx.CALL_VERBS:
        preps = {_lemma(c) for c in token.children if c.dep_ == "prep"
                 and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)}
        complement = _child(token, "xcomp", "ccomp")
        if particle == "off" or preps & {"on", "upon", "for"} or (complement is not None and _is_verb(complement)):
            return lx.Sense("020", "verb:call-on", ("on", "upon")), None
        if obj is not None and (obj.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") or _lemma(obj) in PERSON_ROLES):
            return lx.Sense("041", "verb:call", ()), None
        return None
    if any(_lemma(o) == "alert" for p in token.children if p.dep_ == "prep" and _lemma(p) in ("on", "to")
           for o in p.children) or obj_lemma == "alert":
        return lx.Sense("152", "verb:on-alert", ()), None  # "remained on alert", "put troops on high alert"
    if lemma == "hold" and _responsibility(token) is not None:
        return lx.Sense("112", "verb:hold-responsible", ()), None
    if lemma in ("hold", "use") and any(_lemma(t) == "shield" for t in token.subtree):
        return lx.Sense("184", "verb:human-shield", ()), None
    if lemma in ("release", "free") and obj is not None and obj_lemma not in lx.CAPTIVES | lx.PEOPLE \
            and obj.ent_type_ != "PERSON" and _lemma(obj) not in PERSON_ROLES:
        return None  # "released a statement"
    if lemma == "fire" and not any(_lemma(c) in ("at", "on", "upon", "into") for c in token.children):
        return None  # "fired the minister"
    if lemma == "meet" and obj_lemma in ("demand", "demands", "deadline", "target", "requirement", "condition", "need", "needs"):
        return None
    if lemma in ("strike", "hit") and obj is not None and obj_lemma in lx.AGREEMENTS:
        return None
    if lemma == "strike" and obj is None and _lemma(_child(token, "nsubj")) in LABOUR:
        return lx.Sense("143", "verb:strike-labour", ("against",)), None  # "teachers will strike"
    if lemma in ("speak", "talk", "confer"):
        by_phone = any(_lemma(c) in ("by", "over", "on") and any(_lemma(o) in ("phone", "telephone") for o in c.children)
                       for c in token.children if c.dep_ == "prep")
        # "spoke with Lavrov" is a consultation; "spoke to reporters" is not, unless by phone.
        return lx.Sense("041" if by_phone else "040", f"verb:{lemma}", ("with", "to") if by_phone else ("with",),
                        needs_target=True), None
    xcomp = _child(token, "xcomp")
    if lemma in REFUSAL_VERBS and xcomp is not None and _lemma(xcomp) in lx.NO_COMMENT:
        return None  # "declined to comment"
    if lemma == "decline" and xcomp is None and obj is None:
        return None  # "exports declined"
    if lemma in ("vow", "pledge", "promise", "swear") and xcomp is not None and _lemma(xcomp) in lx.RETALIATION:
        return lx.Sense("130", f"verb:{lemma}+{_lemma(xcomp)}", ("against",)), None
    if lemma in ("pledge", "promise", "offer", "commit", "earmark") and obj is not None:
        if obj_lemma in lx.AID or obj_lemma in lx.MONEY or any(_lemma(t) in lx.AID for t in obj.subtree):
            return lx.Sense("033", f"verb:{lemma}+aid", ("for", "to")), None
        if obj_lemma == "support":
            return lx.Sense("051", f"verb:{lemma}+support", ("for", "to")), None
    if lemma in ("voice", "express", "reaffirm", "declare", "offer", "pledge", "give") and obj_lemma == "support":
        return lx.Sense("051", f"verb:{lemma}+support", ("for", "to")), None
    if lemma == "order" and obj is not None:
        if obj_lemma in lx.TROOPS:
            return lx.Sense("154", "verb:order+troops", ("to", "into")), None
        if xcomp is not None and any(_lemma(x) in ("leave", "depart", "go") for x in [xcomp, *xcomp.conjuncts]):
            code = "166" if obj_lemma in lx.DIPLOMATS else "1662" if obj_lemma in lx.INSPECTORS or _lemma(obj.head) in lx.INSPECTORS \
                else "1663" if obj.ent_type_ == "ORG" or obj_lemma in ("agency", "organization", "organisation", "charity") else "174"
            return lx.Sense(code, "verb:order-to-leave", ()), None
    if lemma in ("seize", "capture", "take", "grab", "snatch") and obj is not None and (obj_lemma in lx.PEOPLE or obj_lemma in lx.CAPTIVES):
        return lx.Sense("181", f"verb:{lemma}+people", ("from",)), None
    if lemma == "agree" and (xcomp is not None or any(c.dep_ == "prep" and _lemma(c) in ("to", "on", "upon") for c in token.children)):
        topic = [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        if topic and _lemma(topic[0]) in lx.CEASEFIRE:
            return lx.Sense("0356", "verb:agree+ceasefire", ()), None
        if topic and _lemma(topic[0]) in lx.TALKS:
            return lx.Sense("036", "verb:agree+talks", ()), None
        return lx.Sense("030", "verb:agree", ("with",)), None  # "agreed to X": X decides when coded
    if lemma in lx.WIN_VERBS and (SCORE.search(token.sent.text) or any(_lemma(t) in lx.SPORTS for t in token.sent)):
        return None  # a match, not a fight
    if lemma in ("withdraw", "pull") and obj is None and (particle in ("", "out", "back")):
        origin = [o for p in token.children if p.dep_ == "prep" and _lemma(p) in ("from", "out")
                  for o in p.subtree if o.dep_ == "pobj"]
        if origin and _lemma(origin[0]) in lx.TALKS:
            return lx.Sense("164", f"verb:{lemma}-from-talks", ("from",)), None
        if origin and _lemma(origin[0]) in lx.AGREEMENTS:
            return lx.Sense("160", f"verb:{lemma}-from-agreement", ()), None
        if origin or particle:
            return lx.Sense("0874", f"verb:{lemma}", ("from",)), None  # "troops withdrew from the village"
    allowed = obj if obj is not None else next((_child(c, "nsubj") for c in token.children if c.dep_ == "ccomp"
                                                 and _child(c, "nsubj") is not None), None)
    if lemma in lx.ALLOW_VERBS and allowed is not None and allowed is not obj:
        sense = lx.object_sense(lemma, _things(allowed), particle=particle)  # "let inspectors return"
        if sense is not None:
            return sense, None
    if lemma in lx.ALLOW_VERBS and obj is not None and (xcomp is not None or _child(token, "ccomp") is not None):
        return lx.Sense("080", f"verb:{lemma}-to", ()), None  # "allowed the refugees to return": yielding
    if lemma in lx.ALLOW_VERBS and obj is None and any(_child(c, "nsubj") is not None and any(a.lower_ == "to" for a in c.children)
                                                      for c in token.children if c.dep_ == "ccomp"):
        return lx.Sense("080", f"verb:{lemma}-to", ()), None
    if lemma in lx.PROMISE_VERBS and xcomp is not None and _is_verb(xcomp):
        return lx.Sense("030", f"verb:{lemma}", ("to",)), None  # what is promised decides the code
    if lemma in ASKING_VERBS and _asks_of(token) is not None:
        return lx.Sense(ASKING_VERBS[lemma], f"verb:{lemma}-of", ("for",)), None
    sense = lx.VERBS.get(lemma)
    if sense is None:
        return None
    if lemma == "abuse" and any(_lemma(c) == "sexually" for c in token.children):
        return lx.Sense("1821", "verb:abuse-sexually", sense.target_preps), None
    return sense, None


TIME_UNITS = {"hour", "day", "week", "month", "deadline"}


def _ultimatum(verb: Token) -> bool:
    """ "gave them 48 hours to leave": a time to do something, given to someone."""
    spans = [c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and _lemma(c) in TIME_UNITS]
    if not spans or _child(verb, "dative", "dobj") is None:
        return False
    to_verbs = [c for c in [*verb.children, *(k for s in spans for k in s.children)]
                if c.dep_ in ("advcl", "relcl", "xcomp", "acl") and any(a.lower_ == "to" for a in c.children)]
    return bool(to_verbs)


def _asks_of(verb: Token) -> Token | None:
    """Whom "want", "push" or "pressure" asks something of: "wants Germany to pay",
    "pushed parliament for a new law"; None when they ask nothing of anyone ("wants to")."""
    obj = _child(verb, "dobj")
    if obj is not None and (_child(verb, "xcomp", "ccomp") is not None
                            or any(c.dep_ == "prep" and _lemma(c) == "for" for c in verb.children)):
        return obj
    for comp in (c for c in verb.children if c.dep_ == "ccomp"):
        subject = _child(comp, "nsubj")
        if subject is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            return subject
    return None


def _noun_sense(noun: Token, light: str | None = None) -> lx.Sense:
    lemma = _lemma(noun)
    sense = lx.NOUNS[lemma]
    if lemma == "strike" and any(lx.NOUN_MODIFIERS.get((_lemma(c), lemma)) for c in noun.children):
        pass  # "a general strike", "a hunger strike": the modifier says what kind
    elif lemma == "strike":
        # A strike launched or carried out is military; one staged, called or gone on is labour.
        kinds = {_lemma(t) for c in noun.children if c.i < noun.i for t in c.subtree}  # "a Myanmar air force strike"
        if kinds & {"air", "drone", "missile", "rocket", "military", "artillery", "precision", "retaliatory", "force", "army", "navy"} \
                or light in ("launch", "carry", "conduct", "order", "unleash"):
            return replace(sense, code="195" if kinds & {"air", "drone", "missile"} else "190", rule="noun:strike+military")
    for child in noun.children:
        code = lx.NOUN_MODIFIERS.get((_lemma(child), lemma))
        if code:
            return replace(sense, code=code, rule=f"{sense.rule}+{_lemma(child)}")
    return sense


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def find_candidates(sent: Span) -> list[Candidate]:
    candidates: list[Candidate] = []
    carried: set[int] = set()
    for token in sent:
        if _is_verb(token):
            found = _verb_sense(token)
            if found is not None:
                sense, noun = found
                if noun is not None:
                    carried.add(noun.i)
                    candidates.append(Candidate(noun, sense, token, nominal=True))
                elif token.tag_ == "VBG" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and _child(token, "dobj") is None:
                    candidates.append(Candidate(token, sense, token, nominal=True))  # "Fighting between X and Y killed ..."
                elif token.dep_ in ("nsubj", "nsubjpass", "pobj") and _lemma(token) in lx.NOUNS:
                    # a noun the tagger took for a verb ("talks with Argentina ... had made progress")
                    candidates.append(Candidate(token, _noun_sense(token), token, nominal=True))
                else:
                    candidates.append(Candidate(token, sense, token))
                    if sense.rule == "verb:declare-persona-non-grata":
                        candidates[-1].target_hint = _child(token, "ccomp")  # the diplomats declared
                    obj = _object(token)
                    if obj is not None and sense.rule.startswith("verb+object"):
                        carried.update(t.i for t in [obj, *obj.conjuncts])  # "halt its airstrikes": one event
    for token in sent:
        # "X said Y must do Z" is X demanding Z of Y.
        if _is_verb(token) and _lemma(token) in lx.SPEECH_VERBS:
            for comp in (c for c in token.children if c.dep_ == "ccomp"):
                auxes = {c.lower_ for c in comp.children if c.dep_ in ("aux", "auxpass")}
                obliged = auxes & {"must", "should"} or (_lemma(comp) in ("need", "have") and _child(comp, "xcomp") is not None)
                if obliged and _child(comp, "nsubj") is not None and not any(c.dep_ in ("neg", "auxpass") for c in comp.children):
                    candidates.append(Candidate(token, lx.Sense("100", "verb:say-must", ()), token, target_hint=comp))
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and _lemma(token) in lx.NOUNS and token.i not in carried:
            sense = _noun_sense(token)
            carrier = token
            prep = token.head if token.dep_ == "pobj" else None
            if sense.code[:2] == "04" and prep is not None and _lemma(prep) in ("in", "during", "at", "on", "via", "by") \
                    and _is_verb(prep.head) and not _nominal_source(token):
                carrier = prep.head  # "conveyed the message in a call to Lavrov"
            candidates.append(Candidate(token, sense, carrier, nominal=True))
    return candidates


# -- governance: negation, modality, threats, requests, intentions ---------------------------

def _clause_modality(verb: Token) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) from a verb's own auxiliaries and markers."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    auxes = {_lemma(c) for c in verb.children if c.dep_ in ("aux", "auxpass")} | {c.lower_ for c in verb.children if c.dep_ == "aux"}
    hypothetical = bool(auxes & MODALS) or any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children)
    future = bool(auxes & FUTURE) or any(c.lower_ == "going" for c in verb.children if c.dep_ == "aux")
    return negated, hypothetical, future


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose clause an event noun sits in ("to get a Russian veto" -> "get")."""
    current = noun
    for _ in range(4):
        if current.head is current:
            return None
        current = current.head
        if _is_verb(current) or current.pos_ == "AUX":
            return current
    return None


def _governors(token: Token):
    """The verbs and nouns above a trigger through complement links, nearest first."""
    current = token
    while current.dep_ in ("xcomp", "ccomp", "pcomp", "advcl", "conj", "acl", "pobj", "prep", "dobj", "relcl", "nsubj", "nsubjpass") and current.head is not current:
        head = current.head
        yield current.dep_, head
        if current.dep_ in ("relcl", "nsubj", "nsubjpass") or head.dep_ == "ROOT":
            return
        current = head


def apply_governance(candidates: list[Candidate]) -> list[Candidate]:
    """Decide what governing verbs do to each event: deny it, request it, threaten it..."""
    by_token = {c.trigger.i: c for c in candidates}
    result = []
    for cand in candidates:
        through_noun = False
        clause = cand.carrier
        if cand.nominal and clause is cand.trigger:
            clause = _governing_verb(cand.trigger) or clause
        negated, hypothetical, future = _clause_modality(clause)
        if cand.nominal:
            negated = negated or any(c.dep_ == "det" and c.lower_ == "no" for c in cand.trigger.children)
        cand.negated, cand.hypothetical, cand.future = negated, hypothetical, future
        for dep, head in _governors(clause):
            lemma = _lemma(head)
            through_noun = through_noun or head.pos_ in ("NOUN", "PROPN")
            if dep == "conj":
                continue
            if lemma in THREAT_VERBS and head.i in by_token and head.i != cand.trigger.i \
                    and (_conflictual(cand.sense.code) or cand.sense.code[:2] == "14") \
                    and by_token[head.i].sense.code[:2] == "13":
                threat = by_token[head.i]
                threat.sense = lx.Sense(lx.threat_code(cand.sense.code), f"{threat.sense.rule}>{cand.sense.rule}", cand.sense.target_preps)
                threat.target_hint = threat.target_hint or cand.trigger
                cand.suppressed = True
                break
            if lemma in THREAT_VERBS and lemma not in lx.INTENT_VERBS and head.i in by_token:
                break
            demanding = head.i in by_token and by_token[head.i].sense.rule == "verb:say-must" and dep == "ccomp"
            if (lemma in REQUEST_VERBS or demanding) and head.i in by_token and dep in ("xcomp", "ccomp", "advcl", "pobj", "pcomp", "prep") \
                    and by_token[head.i].sense.code[:2] in ("02", "10"):
                request = by_token[head.i]
                kind = "demand" if request.sense.code.startswith("10") else "appeal"
                request.sense = lx.Sense(lx.wanted_code(kind, cand.sense.code), f"{request.sense.rule}>{cand.sense.rule}", request.sense.target_preps)
                request.target_hint = request.target_hint or cand.trigger
                request.refined = True
                cand.suppressed = True
                break
            if lemma in REFUSAL_VERBS and dep == "xcomp":
                refusal = by_token.get(head.i)
                if refusal is not None:
                    refusal.sense = lx.Sense(lx.wanted_code("refusal", cand.sense.code), f"{refusal.sense.rule}>{cand.sense.rule}", cand.sense.target_preps)
                    refusal.target_hint = refusal.target_hint or cand.trigger
                cand.suppressed = refusal is not None
                cand.negated = True
                break
            if lemma in DENIAL_VERBS or (lemma in lx.NEGATING_VERBS and dep in ("xcomp", "pcomp")):
                cand.negated = True
                break
            intent_word = lemma in lx.INTENT_VERBS or (lemma in lx.INTENT_ADJECTIVES and head.pos_ == "ADJ")
            purpose = dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            if intent_word and (dep in ("xcomp", "ccomp") or purpose) and not through_noun:
                stated = head.head if head.pos_ == "ADJ" else head  # "is willing to": the copula's clause
                obliged = {c.lower_ for c in stated.children if c.dep_ == "aux"} & {"must", "should"}
                if obliged:  # "the US must be ready to mediate": someone else's demand, not a promise
                    cand.hypothetical = True
                    continue
                head_negated, _, _ = _clause_modality(stated)
                promising = lemma in PROMISING or lemma in lx.INTENT_ADJECTIVES
                if lemma == "decide" and not head_negated:
                    if head.i in by_token:
                        by_token[head.i].suppressed = True
                    break  # "decided to allow ...": the decision is the act
                if lemma == "prepare" and cand.sense.code[:2] in ("18", "19", "20") and not head_negated:
                    # Readying an attack is a show of force, not a verbal threat.
                    cand.sense = lx.Sense("150", f"prepare>{cand.sense.rule}", cand.sense.target_preps)
                    cand.carrier, cand.stated = stated, True
                    cand.negated, cand.hypothetical, cand.future = _clause_modality(stated)
                    break
                if _cooperative(cand.sense.code) and (promising or lemma in HOPING):
                    # The promise is the event, and it was made: its own clause says how surely.
                    kind = "refusal" if head_negated else "intent"
                    cand.sense = lx.Sense(lx.wanted_code(kind, cand.sense.code), f"{kind}:{lemma}>{cand.sense.rule}", cand.sense.target_preps)
                    cand.carrier, cand.stated = stated, True
                    cand.negated, cand.hypothetical, cand.future = _clause_modality(stated)
                    cand.negated = cand.negated and kind == "intent"
                    if head.i in by_token:
                        by_token[head.i].suppressed = True  # "agreed to cooperate" is one event
                elif cand.sense.code in ("150", "154") and promising and lemma not in THREAT_VERBS and not head_negated:
                    # "agreed to station a brigade in Romania": an offer of military protection
                    cand.sense = lx.Sense("0334", f"intent:{lemma}>{cand.sense.rule}", cand.sense.target_preps)
                    cand.carrier, cand.stated = stated, True
                    cand.negated, cand.hypothetical, cand.future = _clause_modality(stated)
                    if head.i in by_token:
                        by_token[head.i].suppressed = True
                elif _conflictual(cand.sense.code) and promising and not head_negated:
                    cand.sense = lx.Sense(lx.threat_code(cand.sense.code), f"threat:{lemma}>{cand.sense.rule}", cand.sense.target_preps)
                    cand.carrier, cand.stated = stated, True
                    cand.negated, cand.hypothetical, cand.future = False, False, False
                    if head.i in by_token:
                        by_token[head.i].suppressed = True
                else:
                    cand.negated = cand.negated or head_negated
                    cand.hypothetical = True
                    cand.future = True
                break
            if lemma in HYPOTHETICAL_NOUNS and head.pos_ == "NOUN":
                cand.hypothetical = True
                break
            if lemma in lx.SPEECH_VERBS:
                if cand.source_hint is None:
                    cand.source_hint = _child(head, "nsubj")
                continue
            n, h, f = _clause_modality(head)
            if dep in ("advcl",) and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in clause.children):
                cand.hypothetical = True
            cand.negated = cand.negated or (n and dep == "xcomp")
            cand.hypothetical = cand.hypothetical or h and dep == "xcomp"
            cand.future = cand.future or f and dep == "xcomp"
        if not cand.suppressed and not cand.stated and not (cand.nominal and cand.carrier is cand.trigger):
            _statement_conventions(cand, clause)  # not "would have condemned Georgia's crackdown"
        result.append(cand)
    for cand in result:
        if not cand.suppressed and not cand.refined and cand.sense.code in ("020", "100", "030", "120"):
            _refine_request(cand)
    _merge_protest_demands([c for c in result if not c.suppressed])
    _merge_violence([c for c in result if not c.suppressed])
    return [c for c in result if not c.suppressed]


def _violent(code: str) -> bool:
    return code[:2] in ("18", "19", "20")


def _merge_violence(candidates: list[Candidate]) -> None:
    """One attack, not three: "shelled the city, wounding five" (the wounding is the shelling's
    toll), "Russian airstrikes killed nine civilians" (the killing is the airstrikes')."""
    by_token = {c.trigger.i: c for c in candidates}
    for cand in candidates:
        if not _violent(cand.sense.code) or cand.nominal:
            continue
        clause = cand.carrier
        head = by_token.get(clause.head.i) if clause.dep_ in ("advcl", "conj") and clause.tag_ == "VBG" else None
        if head is not None and head is not cand and _violent(head.sense.code):
            cand.suppressed = True  # ", killing three fighters"
            continue
        subject = _child(clause, "nsubj")
        noun = by_token.get(subject.i) if subject is not None else None
        if noun is not None and noun.nominal and _violent(noun.sense.code) and not _pobjs(noun.trigger, ("between",)):
            cand.sense = lx.Sense(noun.sense.code, f"{noun.sense.rule}>{cand.sense.rule}", cand.sense.target_preps)
            noun.suppressed = True  # the verb keeps its victims as the target


# A protest's sub-code by what its demand asks for (leadership, policy, rights, institutions).
PROTEST_DEMANDS = {"1041": "1411", "1042": "1412", "1043": "1413", "1044": "1414", "104": "1412"}


def _merge_protest_demands(candidates: list[Candidate]) -> None:
    """ "rallied to demand a date for elections", "protests demanding his removal", "marched to
    denounce ...": one protest, whose demand says what kind of protest it is and whose
    denunciation says whom it is against, not a protest and a separate demand or accusation."""
    protests = {c.trigger.i: c for c in candidates if c.sense.code[:2] == "14"}
    protests.update({c.carrier.i: c for c in candidates if c.sense.code[:2] == "14"})
    for cand in candidates:
        if cand.sense.code[:2] not in ("10", "11") or cand.nominal or cand.carrier.dep_ not in ("advcl", "acl", "relcl", "xcomp", "conj"):
            continue
        protest = protests.get(cand.carrier.head.i)
        if protest is None:
            continue
        if protest.sense.code == "141" and cand.sense.code in PROTEST_DEMANDS:
            protest.sense = lx.Sense(PROTEST_DEMANDS[cand.sense.code], f"{protest.sense.rule}+{cand.sense.rule}", protest.sense.target_preps)
        protest.target_hint = protest.target_hint or cand.target_hint or cand.trigger
        cand.suppressed = True


# What requests ask for when the lexicon has no event for it: the wanted verb's lemma and the
# code of the act it stands for.
WANTED_ACTS = {
    "resign": "0831", "quit": "0831", "step": "0831", "release": "0841", "free": "0841", "return": "0842",
    "withdraw": "087", "leave": "087", "stop": "087", "halt": "087", "end": "087", "cease": "087",
    "negotiate": "040", "talk": "040", "meet": "040", "resume": "040", "cooperate": "060", "help": "070",
    "assist": "070", "aid": "070", "lift": "085", "ease": "085", "allow": "086", "extradite": "063",
    "reform": "083", "enact": "083", "adopt": "083", "abandon": "083", "change": "083", "grant": "083",
    "drop": "083",
}


# The same for acts named by a noun: "demanding the government's resignation".
WANTED_NOUNS = {
    "resignation": "0831", "removal": "0831", "ouster": "0831", "departure": "0831", "release": "0841",
    "return": "0842", "withdrawal": "087", "ceasefire": "087", "truce": "087", "reform": "083", "reforms": "083",
    "talks": "040", "negotiations": "040", "dialogue": "040", "aid": "070", "help": "070", "assistance": "070",
    "end": "087", "halt": "087", "cessation": "087", "lifting": "085",
}


def _refine_request(cand: Candidate) -> None:
    """ "urged Iran to resign" with no event in the lexicon for the wanted act: the verb asked
    for still decides the request's sub-code and where its target is."""
    wanted = cand.target_hint if cand.target_hint is not None else _child(cand.carrier, "xcomp", "ccomp")
    obj = _child(cand.carrier, "dobj") if wanted is None else None
    if obj is not None and _lemma(obj) in WANTED_NOUNS and cand.sense.code[:2] in ("02", "10"):
        kind = "demand" if cand.sense.code.startswith("10") else "appeal"
        cand.sense = lx.Sense(lx.wanted_code(kind, WANTED_NOUNS[_lemma(obj)]), f"{cand.sense.rule}>{_lemma(obj)}", cand.sense.target_preps)
        return
    if wanted is None or not _is_verb(wanted):
        return
    cand.target_hint = cand.target_hint or wanted
    act = WANTED_ACTS.get(_lemma(wanted))
    carried = _child(wanted, "dobj")
    if act is None and carried is not None and _lemma(carried) in lx.NOUNS:
        act = _noun_sense(carried).code  # "to open talks", "to hold elections"
    if act is not None:
        kind = {"02": "appeal", "10": "demand", "03": "intent", "12": "refusal"}[cand.sense.code[:2]]
        cand.sense = lx.Sense(lx.wanted_code(kind, act), f"{cand.sense.rule}>{_lemma(wanted)}", cand.sense.target_preps)


PROMISING = {"pledge", "promise", "vow", "offer", "agree", "commit", "plan", "intend", "decide", "prepare", "swear"}
HOPING = {"hope", "seek", "want", "expect", "aim", "wish"}
# Auxiliaries of an announced future ("will visit", "would provide", as reported).
ANNOUNCED = {"will", "shall", "would", "'ll", "wo"}


def _statement_conventions(cand: Candidate, clause: Token) -> None:
    """CAMEO's reading of announced futures: a conditional or announced future harm is a
    threat ("would end its engagement ... if Russia did not ..."; "will withdraw the
    inspectors"); an announced future help is an intent ("will provide aid" is 033); refusing
    it is a rejection ("would not meet their demands")."""
    auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    announced = bool(auxes & ANNOUNCED) and not (auxes & {"could", "might", "may", "should", "must"})
    conditional = _conditional(clause)
    code = cand.sense.code
    if _conflictual(code) and not cand.negated and (conditional and (cand.future or cand.hypothetical) or announced):
        cand.sense = lx.Sense(lx.threat_code(code), f"{'conditional' if conditional else 'announced'}>{cand.sense.rule}",
                              cand.sense.target_preps)
        cand.hypothetical = cand.future = False
    elif _cooperative(code) and code[:2] != "03" and announced:  # "would meet him if ...": an offer
        kind = "refusal" if cand.negated else "intent"
        cand.sense = lx.Sense(lx.wanted_code(kind, code), f"{kind}:announced>{cand.sense.rule}", cand.sense.target_preps)
        cand.negated = cand.hypothetical = cand.future = False


def _conflictual(code: str) -> bool:
    return code[:2] in ("16", "17", "18", "19", "20") or code == "087"


def _conditional(verb: Token) -> bool:
    """Whether an if/unless clause hangs off this verb or a verb governing it."""
    current = verb
    for _ in range(6):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in current.children):
            return True
        if current.head is current:
            return False
        current = current.head
    return False


def code_root(code: str) -> str:
    return code[:2]


def _condition_subject(verb: Token) -> Token | None:
    """The subject of an if/unless clause under the verb or its complements."""
    for token in verb.subtree:
        if token.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in token.children):
            subject = _child(token, "nsubj", "nsubjpass")
            if subject is not None:
                return subject
    return None


def _cooperative(code: str) -> bool:
    return code[:2] in ("03", "04", "05", "06", "07", "08")


# -- actors of an event -----------------------------------------------------------------------

def _subject(verb: Token) -> list[Token]:
    """The tokens naming who acts in a verb's clause (the agent of a passive)."""
    if _lemma(verb) in lx.LIGHT_PREPOSITIONS and _child(verb, "nsubjpass") is not None:
        return [_child(verb, "nsubjpass")]  # "were engaged in": not a passive of anyone's act
    if _child(verb, "auxpass") is not None or _child(verb, "nsubjpass") is not None:
        agent = _child(verb, "agent")
        pobj = _child(agent, "pobj") if agent is not None else None
        return [pobj] if pobj is not None else []
    subj = _child(verb, "nsubj", "csubj")
    if subj is not None:
        return [subj]
    if verb.pos_ == "ADJ" and verb.head is not verb:  # "is willing to": the copula's subject
        return _subject(verb.head)
    if verb.dep_ == "pcomp" and _lemma(verb.head.head) in lx.LIGHT_PREPOSITIONS and _is_verb(verb.head.head):
        return _subject(verb.head.head)  # "resorted to throwing stones", "engaged in torturing"
    if verb.dep_ == "pcomp" and _lemma(verb.head) in ("of", "for") and _lemma(verb.head.head) in ACCUSING:
        accused = _child(verb.head.head, "dobj") or _child(verb.head.head, "nsubjpass")
        found = _verb_sense(verb)
        material = found is not None and found[0].code[:2] in ("15", "16", "17", "18", "19", "20")
        return [accused] if accused is not None and material else []  # "accused Eritrea of massing troops"
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and verb.tag_ == "VBG") or purpose) and verb.head is not verb:
        return _subject(verb.head)
    perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in verb.children)  # "people who had gathered"
    if verb.dep_ in ("relcl", "acl") and (verb.tag_ != "VBN" or (verb.dep_ == "relcl" and perfect)):
        noun = verb.head
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if _lemma(noun) in lx.NOUNS:
            return _nominal_source(noun)  # "protests demanding his removal": whoever protests
        if (infinitive or _lemma(noun) in lx.THINGS) and noun.dep_ in ("dobj", "pobj"):
            # "issued a statement condemning ...", "gathered for a rally to protest ...": whoever
            # issued or gathered.
            governing = _governing_verb(noun)
            if governing is not None and governing is not verb:
                return _subject(governing)
        return [noun]
    if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBN":
        return []
    # Repair a common misparse: "told Lavrov Washington was preparing" leaves "preparing"
    # without a subject and "Washington" as the object of "told".
    first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "auxpass")])
    if first > verb.sent.start:
        before = verb.doc[first - 1]
        if before.pos_ in ("PROPN", "NOUN") and before.dep_ in ("dobj", "dative", "npadvmod"):
            return [before]
    return []


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(c for c in token.conjuncts if c.i > token.i and c.pos_ in ("PROPN", "NOUN"))
    return out


def _pobjs(token: Token, preps: tuple[str, ...], depth: int = 1) -> list[Token]:
    """Objects of the token's prepositions in `preps`; with depth 2 also theirs ("to the border with Guyana")."""
    found = []
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent", "dative") and _lemma(c) in preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found.append(pobj)
            if depth > 1:
                found.extend(_pobjs(pobj, preps, depth - 1))
    return found


def _nominal_source(noun: Token) -> list[Token]:
    """Who an event noun says acted: "Syria's assault", "Russian airstrikes", "strikes by X".

    A bare noun in a prepositional phrase ("deals with sanctions by the Council") speaks of
    such events in general; its "by" phrase is taken only when the noun is a subject or
    determined ("the bombing by ...").
    """
    heads = [c for c in noun.children if c.dep_ == "poss"]
    if noun.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "det" for c in noun.children):
        heads += _pobjs(noun, ("by",))
        if not heads:  # "an attack on a police patrol by X": the parser hangs "by X" on the patrol
            heads += [b for t in _pobjs(noun, ("on", "against")) if _lemma(t) not in lx.NOUNS for b in _pobjs(t, ("by",))]
    if not heads:  # "an accusation made by Beijing", "a proposal put forward by Egypt"
        heads += [b for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in _pobjs(c, ("by",))]
    if _lemma(noun) in OF_AGENT_NOUNS:
        heads += _pobjs(noun, ("of",))  # "a build-up of Russian troops", "the withdrawal of the mission"
    between = _pobjs(noun, ("between",))
    if between and not heads:
        heads += between[:1]  # "fighting between the army and the RSF": each side, with the other as target
    heads += [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.lemma_.lower() in ROLE_SECTORS)
              and not _against(c)]
    return heads


OF_AGENT_NOUNS = {"buildup", "build-up", "deployment", "withdrawal", "mobilization", "mobilisation", "retreat",
                  "advance", "arrival", "visit", "incursion", "pullout", "pull-out"}


def _against(modifier: Token) -> bool:
    """ "anti-government protests": the government is what they are against."""
    doc = modifier.doc
    return modifier.i >= 2 and doc[modifier.i - 1].text == "-" and doc[modifier.i - 2].lower_ in ("anti", "counter")


def _owners(thing: Token) -> list[Token]:
    """Whose a demand, offer, resolution or agreement is: "Egypt's demand", "calls by Annan",
    "an offer of talks from ECOWAS", "a demand made by Washington", "opposition calls", "a
    Security Council resolution", "the agreement between Colombia and the ELN"."""
    found = [c for c in thing.children if c.dep_ == "poss"] + _pobjs(thing, ("by", "from"))
    for of in _pobjs(thing, ("of",)):  # "an offer of talks from X", "an offer of talks made by Seoul"
        found += _pobjs(of, ("from", "by")) + [b for c in of.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                               for b in _pobjs(c, ("by",))]
    found += [b for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in _pobjs(c, ("by",))]
    found += _pobjs(thing, ("between",))
    found += [c for c in thing.children if c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("PROPN", "NOUN", "ADJ")
              and _lemma(c) not in lx.THINGS and not _against(c)]
    return found


def _targets(cand: Candidate) -> list[Token]:
    trigger, carrier = cand.trigger, cand.carrier
    preps = cand.sense.target_preps + (() if cand.sense.needs_target else GENERIC_TARGET_PREPS)
    found: list[Token] = []
    if cand.target_hint is not None:
        hint = cand.target_hint
        obj = _child(hint, "dobj") if _is_verb(hint) else None
        if _is_verb(hint) and hint.dep_ == "ccomp":  # "demanded that Mugabe abandon ...": Mugabe
            found += [c for c in hint.children if c.dep_ in ("nsubj", "nsubjpass")]
        found += [t for t in (obj,) if t is not None and _lemma(t) not in lx.THINGS] + _pobjs(hint, preps)  # noun hints too
        if obj is not None:
            found += _pobjs(obj, preps)
    if not cand.nominal and carrier is not trigger:  # "vowed to cooperate with Chile": the promised act's partner
        obj = _child(trigger, "dobj", "dative")
        found += [t for t in (obj,) if t is not None and _lemma(t) not in lx.THINGS] + _pobjs(trigger, preps, depth=2)
    if cand.nominal and trigger.dep_ == "dobj" and _lemma(trigger.head) in ("face", "risk", "suffer", "receive", "incur"):
        found += [c for c in trigger.head.children if c.dep_ == "nsubj"]  # "Georgia could face EU sanctions"
    if cand.nominal:
        found += _pobjs(trigger, preps)
        following = trigger.doc[trigger.i + 1] if trigger.i + 1 < len(trigger.doc) else None
        if following is not None and following.dep_ == "prep" and following.head is not trigger and _lemma(following) in preps:
            found += [c for c in following.children if c.dep_ == "pobj"]
        between = _pobjs(trigger, ("between",))
        if between:
            found += _with_conjuncts(between)[1:]
    if not cand.nominal or carrier is not trigger:
        obj = _child(carrier, "dobj", "dative")
        if _child(carrier, "auxpass") or (carrier.dep_ in ("advcl", "acl") and carrier.tag_ == "VBN"):
            obj = _child(carrier, "nsubjpass") or obj
        object_made_sense = cand.sense.rule.startswith(("verb+object", "verb:order", "verb:pledge", "verb:promise"))
        if obj is not None and obj is not trigger and _lemma(obj) in lx.THINGS:
            # "rejected Egypt's demand", "rejected calls by Kofi Annan"
            found += _owners(obj)
        elif obj is not None and obj is not trigger and not (object_made_sense and _lemma(obj) in lx.TROOPS):
            found.append(obj)
        comp = _responsibility(carrier)
        if comp is not None:
            found += [c for c in comp.children if c.dep_ == "nsubj"]
        found += _pobjs(carrier, preps, depth=2)
        if obj is not None:
            for thing in [obj, *obj.conjuncts]:  # "handed over vehicles and drones to Benin's army"
                found += _pobjs(thing, preps)
        if obj is None and carrier.dep_ == "relcl" and _child(carrier, "nsubj", "nsubjpass") is not None:
            found.append(carrier.head)  # "three companies it accused of ...": the companies
        if cand.sense.code[:2] == "13":  # "vowed to retaliate for an Israeli airstrike": the airstrike's author
            found += [s for e in _pobjs(trigger, ("for",), depth=1) + _pobjs(carrier, ("for",))
                      if _lemma(e) in lx.NOUNS for s in _nominal_source(e)]
            found += [s for x in [_child(carrier, "xcomp")] if x is not None for e in _pobjs(x, ("for", "against"))
                      if _lemma(e) in lx.NOUNS for s in _nominal_source(e)]
    return _with_conjuncts([t for t in found if t is not None])


class _Resolver:
    def __init__(self, ctx: ArticleContext, offset: int, speaker: list[Actor]):
        self.ctx, self.offset, self.speaker = ctx, offset, speaker

    def actors(self, token: Token) -> list[Actor]:
        if is_pronoun(token):
            if token.lower_ in ("they", "them", "we") and len(self.speaker) > 1:
                return list(self.speaker)  # "Kyrgyz and Tajik officials said they would ..."
            actor = self.pronoun(token)
            return [actor] if actor else []
        return self.ctx.actors.actors(token, self.offset)

    def pronoun(self, token: Token) -> Actor | None:
        word = token.lower_
        if word in ("we", "us", "i") and self.speaker:
            return self.speaker[0]
        # Subjects are the likeliest antecedents; an object pronoun ("accusing them") may
        # also point back to an earlier object of the same sentence.
        deps = ("nsubj", "nsubjpass") if token.dep_ in ("nsubj", "nsubjpass") else ("nsubj", "nsubjpass", "dobj", "pobj")
        earlier = [a for t in token.sent if t.i < token.i and t.dep_ in deps and t.pos_ != "PRON"
                   for a in self.ctx.actors.actors(t, self.offset)]
        for actor in reversed(self.ctx.salience + earlier):
            head_word = actor.text.split()[-1].lower() if actor.text else ""
            person = actor.kind == "person" or (actor.kind == "role" and head_word in PERSON_ROLES)
            plural = head_word.endswith("s") and actor.kind == "role"
            fits = (
                (word in ("he", "she", "him", "her") and person)
                or (word == "it" and not person and not plural)
                or (word in ("they", "them") and not person)
            )
            if fits:
                return replace(actor, text=token.text, start=self.offset + token.idx, end=self.offset + token.idx + len(token))
        return None


# -- dates and places -------------------------------------------------------------------------

def _event_date(cand: Candidate, sent: Span, anchor: date | None) -> tuple[date | None, str | None, bool]:
    """(date, precision, background): the time expression of the event's clause resolved
    against the story's date; `background` when the text places it in an unspecified past."""
    clause = cand.carrier
    attached = [ent for ent in sent.ents if ent.label_ == "DATE" and _attached(ent.root, clause, cand.trigger)]
    if not attached and clause.dep_ in ("advcl", "conj") and clause.head is not clause:
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
        if current.dep_ in ("ccomp", "advcl", "relcl", "xcomp") or current.head is current:
            return False
        current = current.head
    return False


def _location(cand: Candidate, ctx: ArticleContext, offset: int, sent: Span, actor_spans: list[tuple[int, int]]) -> Place | None:
    """Where the event happened: for material events the nearest place of the event's
    clause or sentence; for statements a place its clause puts it in ("talks in Geneva");
    else the dateline."""
    trigger, clause = cand.trigger, cand.carrier
    at = offset + trigger.idx
    source_start, source_end = actor_spans[0]
    resolved = [p for p in ctx.places_in(offset + sent.start_char, offset + sent.end_char)
                if p.geonameid is not None and not (source_start <= p.start and p.end <= source_end)]
    if cameo(cand.sense.code).quad_class in (2, 4) and cand.sense.code[:2] not in ("07",):
        # In the event's own clause, else later in its sentence (English puts the place after
        # the event: "the assault on rebel areas of Aleppo").
        pool = [p for p in resolved if _within(p, trigger, offset)]
        pool = pool or [p for p in resolved if _within(p, clause, offset)]
        if clause.dep_ in ("advcl", "conj") and clause.head is not clause:
            pool = pool or [p for p in resolved if _within(p, clause.head, offset)]  # "..., killing 12"
        pool = pool or [p for p in resolved if p.start > at]
        if pool:
            # Prefer a city to the country it is in, then the nearest.
            return min(pool, key=lambda p: (p.feature == "country", abs(p.start - at)))
    for head in {trigger, clause}:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                names = [pobj] + [c for c in pobj.children if c.dep_ in ("compound", "appos", "conj")]
                found = [p for p in resolved if any(p.start <= offset + t.idx < p.end for t in names)]
                if found and not any(s <= found[0].start and found[0].end <= e for s, e in actor_spans):
                    return found[0]
    return ctx.dateline_place


def _dateline_fits(event_code: str, place: Place | None, source: Actor, target: Actor | None) -> bool:
    """A dateline is where the reporter was: it locates statements, and material conflict
    only when that conflict involves the dateline's country."""
    if place is None or place.start >= 0 or cameo(event_code).quad_class != 4:
        return True
    return place.country in {source.country, target.country if target else None}


def _localise(actor: Actor | None, place: Place | None, ctx: ArticleContext) -> Actor | None:
    """Give a country-less group (rebels, civilians, a hospital) a country: the one its own
    phrase places it in ("rebels in Aleppo"), else where the event happened, else, for groups
    outside the state, the country the article is about."""
    if actor is None or actor.kind != "role" or actor.country or not actor.sector:
        return actor
    own = [p for p in ctx.places if p.country and actor.start <= p.start and p.end <= actor.end + 40
           and p.start >= actor.start and ctx.text[actor.end:p.start].strip().split(" ")[0] in ("", "in", "of", "from", "near")]
    country = own[0].country if own else None
    if country is None and place is not None and place.country and place.start >= 0:
        if not (place.feature == "country" and actor.sector in ("GOV", "MIL", "COP", "JUD", "LEG")):
            country = place.country  # a dateline says where the reporter was, not whose group this is
    if country is None:
        # A group outside the state, or (with no dateline to say whose) a state body: the
        # country the article is about, else the one its places are in.
        country = ctx.actors.focus_country or _places_country(ctx)
    if country is None:
        return actor
    return replace(actor, country=country, code=country + actor.sector)


def _places_country(ctx: ArticleContext) -> str | None:
    countries = Counter(p.country for p in ctx.places if p.country and p.geonameid is not None)
    return countries.most_common(1)[0][0] if countries else None


def _within(place: Place, head: Token, offset: int) -> bool:
    tokens = list(head.subtree)
    return offset + tokens[0].idx <= place.start and place.end <= offset + tokens[-1].idx + len(tokens[-1])


# -- the coder --------------------------------------------------------------------------------

def _confidence(cand: Candidate, source: Actor, target: Actor | None, explicit_source: bool, sentence_index: int) -> float:
    """A heuristic score for how sure the coder is of the coding (not a calibrated probability)."""
    score = 0.6
    score += 0.15 if explicit_source else -0.15
    score += 0.05 if target is not None else -0.05
    score -= 0.1 if cand.nominal and cand.carrier is cand.trigger else 0.0
    score -= 0.1 if source.kind == "role" and source.country is None else 0.0
    score -= 0.05 if sentence_index > 8 else 0.0
    # The main clause carries the news; relative and subordinate clauses carry background
    # ("a helicopter that was captured last week").
    score += _clause_weight(cand.carrier)
    return round(max(0.05, min(0.95, score)), 2)


def _clause_weight(clause: Token) -> float:
    """The main clause, or what a speaker said in it, outranks participles, purposes and
    time clauses ("staged rallies to demand ..."; "one day after a jet shot down ..."),
    which outrank relative clauses."""
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ == "ROOT" or (clause.dep_ == "ccomp" and clause.head.dep_ == "ROOT" and _lemma(clause.head) in lx.SPEECH_VERBS):
        return 0.1
    if clause.dep_ in ("relcl", "acl"):
        return -0.1
    if clause.dep_ in ("advcl", "pcomp", "pobj"):
        return -0.05
    return 0.0


SYMMETRIC_VERBS = {"clash", "fight", "skirmish", "battle"}
STATE_FORCES = {"MIL", "GOV", "COP", "SPY"}
SOFT_TARGETS = {"CVL", "REF", "EDU", "MED", "REL", "JRN", "LAB", "HRI", "NGO"}


def _reciprocal(cand: Candidate, code: str) -> bool:
    """Whether "X and Y <did it>" with no other party makes each the other's partner: meetings,
    agreements and cooperation, declared truces, cut ties; fights only when the words say so
    ("clashed", "fighting between X and Y")."""
    if code[:2] in RECIPROCAL_ROOTS or code[:2] == "16" or code == "0871":
        return True
    if code[:2] == "19":
        return _lemma(cand.trigger) in SYMMETRIC_VERBS or bool(_pobjs(cand.trigger, ("between",)))
    return False


def _violence_kind(code: str, cand: Candidate, source: Actor, target: Actor | None) -> str:
    """CAMEO tells military force (19) from unconventional violence (18): an attack or a
    killing by a group outside the state's forces on civilians, or on a named person, is an
    assault (18), not a battle."""
    if code == "144" and source.sector in STATE_FORCES:
        return "191"  # the state closing roads restricts movement; it does not protest
    if code in ("171", "1712") and source.sector in ("CVL", "OPP", "EDU", "LAB"):
        return "145"  # protesters looting and burning: a riot
    if code not in ("190", "193") or source.sector in STATE_FORCES or target is None or target.sector in ("MIL", "COP"):
        return code
    killing = _lemma(cand.trigger) in ("kill", "murder", "stab")
    if target.sector in SOFT_TARGETS or target.kind == "person" or killing:
        return "1823" if killing else "180"
    return code


def _implied_authority(cand: Candidate, ctx: ArticleContext, offset: int) -> list[Actor]:
    """"Three journalists were arrested in Cairo": only a state arrests, deports or bans, so
    an agentless passive of such an act names the authorities of the place it happened in."""
    if cand.sense.code[:2] != "17" or cand.nominal or _child(cand.carrier, "auxpass") is None \
            or _child(cand.carrier, "agent") is not None:
        return []
    place = next((p for p in ctx.places if p.country and _within(p, cand.carrier, offset)), None)
    if place is None:
        return []
    sector = "COP" if cand.sense.code in ("173", "175") else "GOV"
    return [Actor(text=place.text, start=place.start, end=place.end, code=place.country + sector,
                  country=place.country, sector=sector, name=place.name, kind="implied")]


def _resolve_targets(cand: Candidate, tokens: list[Token], resolver: "_Resolver", sources: list[Actor]) -> list[Actor]:
    """The target actors: each target phrase, or else whose it is ("rejected Egypt's demand")."""
    targets: list[Actor] = []
    for token in tokens:
        actors = resolver.actors(token)
        if not actors and token.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            owners = [c for c in token.children if c.dep_ == "poss"] + _pobjs(token, ("of", "from"))
            owners += [b for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in _pobjs(c, ("by",))]
            actors = [a for owner in owners for a in resolver.actors(owner)]  # "a rocket launched by Islamic Jihad"
        for actor in actors:
            if all(actor.code != s.code for s in sources) and actor not in targets:
                targets.append(actor)
    return targets


DOMESTIC_ROOTS = {"08", "14", "17"}
MUTUAL_CODES = {"040", "041", "046", "0311", "0312", "057", "060", "061", "062", "064"}


def _country_actor(country: str | None, near: Place | Actor) -> Actor | None:
    """The country itself as an actor (a target with no one named), pointing at `near`'s text."""
    if not country:
        return None
    return Actor(text=near.text, start=near.start, end=near.end, code=country, country=country, sector=None,
                 name=country, kind="place")


def _own_country(source: Actor) -> Actor | None:
    return _country_actor(source.country, source) if source.country and len(source.country) == 3 \
        and source.country not in ("IGO", "NGO", "MNC") else None


def _place_target(cand: Candidate, ctx: ArticleContext, offset: int,
                  preps: tuple[str, ...] = ("on", "at", "against", "into", "in")) -> Actor | None:
    """The country of the place an attack hit, when no actor is named ("airstrikes on Gaza City")."""
    scopes = [c for c in (_child(cand.carrier, "dobj"),) if c is not None]
    if cand.nominal:
        scopes.append(cand.trigger)
    scopes += [p for p in list(cand.trigger.children) + list(cand.carrier.children)
               if p.dep_ == "prep" and _lemma(p) in preps]
    for scope in scopes:
        for place in ctx.places:
            if place.country and _within(place, scope, offset):
                return Actor(text=place.text, start=place.start, end=place.end, code=place.country,
                             country=place.country, sector=None, name=place.name, kind="place")
    return None


def _sentence_events(ctx: ArticleContext, index: int, offset: int, sent: Span) -> list[Event]:
    candidates = apply_governance(find_candidates(sent))
    events: list[Event] = []
    seen: set[tuple] = set()
    for cand in candidates:
        speaker_tokens = _with_conjuncts([cand.source_hint]) if cand.source_hint is not None else []
        speaker_actors = [a for t in speaker_tokens for a in _Resolver(ctx, offset, []).actors(t)]
        resolver = _Resolver(ctx, offset, speaker_actors)
        if cand.nominal and cand.carrier is cand.trigger:
            source_tokens = _nominal_source(cand.trigger)
        else:
            source_tokens = _subject(cand.carrier)
            if not source_tokens and cand.carrier.dep_ == "advcl" and cand.carrier.tag_ == "VBN":
                source_tokens = _pobjs(cand.carrier, ("by",))
        sources = [a for t in _with_conjuncts(source_tokens) for a in resolver.actors(t)]
        if not sources:
            sources = _implied_authority(cand, ctx, offset)
        if not sources and cand.nominal and cand.sense.code[:2] == "04" and _pobjs(cand.trigger, ("with",)):
            sources = speaker_actors[:1]  # "X said talks with Argentina had made progress": X's talks
        if not sources:
            continue
        explicit = bool(source_tokens) and not any(t.pos_ == "PRON" for t in source_tokens)
        sense = cand.sense
        if sense.code == "150" and sense.rule.startswith("verb+object") and len({s.country for s in sources}) > 1:
            sense = replace(sense, code="062")  # "French and Egyptian warships launched war games": together
        suicide = any(_lemma(c) == "suicide" for t in source_tokens for c in t.children)
        if sense.code[:2] in ("18", "19") and suicide:
            sense = lx.Sense("1831", sense.rule + "+suicide", sense.target_preps)
        elif sense.code in ("190", "180") and any(_lemma(t) in AERIAL for t in source_tokens):
            sense = lx.Sense("195", sense.rule + "+aerial", sense.target_preps)
        elif sense.code in ("190", "180") and not cand.nominal:
            # "wounded two soldiers in a bomb attack": the attack noun says how
            weapons = [o for p in cand.carrier.children if p.dep_ == "prep" and _lemma(p) in ("in", "with", "by")
                       for o in p.children if o.dep_ == "pobj"]
            weapons += [c for o in weapons for c in o.conjuncts]
            means = [o for o in weapons if _lemma(o) in lx.NOUNS]
            refined = [_noun_sense(o) for o in means if _noun_sense(o).code[:2] in ("18", "19", "20")]
            if not refined and any(_lemma(o) in AERIAL or _lemma(o) in ("missile", "missiles") for o in weapons):
                refined = [lx.Sense("195", "with:aerial")]  # "struck a ship with a drone and two missiles"
            if refined and refined[0].code not in ("190", "180"):
                sense = lx.Sense(refined[0].code, f"{sense.rule}+{refined[0].rule}", sense.target_preps)
        target_tokens = _targets(cand)
        if cand.carrier.dep_ == "advcl" and cand.carrier.tag_ == "VBN" and not target_tokens:
            # "Syria, backed by Russia and Iran, ...": the participle modifies the phrase before it.
            left = [t for t in sent if t.i < cand.carrier.i and t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("dobj", "nsubj", "pobj")]
            target_tokens = left[-1:]
        targets = _resolve_targets(cand, target_tokens, resolver, sources)
        pairs = [(s, t) for s in sources[:4] for t in (targets[:4] or [None])]
        if not targets and len(sources) > 1 and _reciprocal(cand, sense.code):
            # "X and Y signed an agreement": each is the other's partner.
            pairs = [(s, t) for s in sources[:4] for t in sources[:4] if s.code != t.code]
        if not targets and sense.code[:2] in ("18", "19", "20"):
            place = _place_target(cand, ctx, offset)
            if place is not None and all(place.code != s.code for s in sources):
                pairs = [(s, place) for s in sources[:4]]
        reciprocal = not targets and len(sources) > 1 and _reciprocal(cand, sense.code)
        if not targets and sense.code[:2] == "07":  # "airdropped food over northern Gaza": to the place's country
            place = _place_target(cand, ctx, offset, preps=("to", "over", "in", "into", "for"))
            if place is not None:
                pairs = [(s, _country_actor(place.country, place)) for s in sources[:4] if s.country != place.country] or pairs
        if not targets and sense.code[:2] in DOMESTIC_ROOTS and not cand.sense.needs_target and not reciprocal:
            # A curfew, a ban lifted, an arrest, a resignation, a protest with no one named: it
            # falls on the country where it happens (the place in its clause, else the source's).
            place = _place_target(cand, ctx, offset, preps=("in", "on", "at", "across", "throughout"))
            pairs = [(s, _country_actor(place.country, place) if place is not None else _own_country(s)) for s in sources[:4]]
            pairs = [(s, t if t is None or t.code != s.code else None) for s, t in pairs]
        if not targets and code_root(sense.code) == "13":
            condition = _condition_subject(cand.carrier)
            if condition is not None:
                conditioned = [a for a in resolver.actors(condition) if all(a.code != s.code for s in sources)]
                if conditioned:
                    pairs = [(s, conditioned[0]) for s in sources[:4]]
        if sense.needs_target and all(t is None for _, t in pairs):
            continue
        when, precision, background = _event_date(cand, sent, ctx.published)
        if when and ctx.published and when > ctx.published:
            # "would meet next year", "decided to withdraw by the end of next year": the promise
            # (or the threat) is today's, the act is not.
            when = None
            if _cooperative(sense.code) and sense.code[:2] != "03":
                sense = lx.Sense(lx.wanted_code("intent", sense.code), f"intent:dated>{sense.rule}", sense.target_preps)
                cand.hypothetical = cand.future = False  # the promise was made
            elif _conflictual(sense.code):
                sense = lx.Sense(lx.threat_code(sense.code), f"announced:dated>{sense.rule}", sense.target_preps)
                cand.hypothetical = cand.future = False
        if when is None and not background:
            when, precision = ctx.published, ("day" if ctx.published else None)
        historical = background or bool(when and ctx.published and (ctx.published.year - when.year) >= HISTORICAL_YEARS)
        code = cameo(sense.code)
        if code.plover_type is None:
            continue
        start = offset + sent.start_char
        trigger = Trigger(cand.trigger.text, offset + cand.trigger.idx, offset + cand.trigger.idx + len(cand.trigger), sense.rule)
        speaker = speaker_actors[0] if speaker_actors else None
        coded = [(s, t, _violence_kind(sense.code, cand, s, t)) for s, t in pairs]
        if sense.code == "043" and _lemma(_object(cand.carrier)) not in lx.NOUNS:  # hosting a guest is the guest's visit too
            coded += [(t, s, "042") for s, t in pairs if t is not None]
        elif sense.code in MUTUAL_CODES:  # a meeting, a call, a negotiation: each side consults the other
            coded += [(t, s, sense.code) for s, t in pairs if t is not None and t.kind != "place"]
        compound = len(coded) > 1 and (len({s.code for s, _, _ in coded}) > 1 or len({t.code if t else None for _, t, _ in coded}) > 1)
        for source, target, event_code in coded:
            code = cameo(event_code)
            key = (source.code, target.code if target else None, code.code, cand.negated)
            if key in seen:
                continue
            seen.add(key)
            spans = [(source.start, source.end)] + ([(target.start, target.end)] if target else [])
            location = _location(cand, ctx, offset, sent, spans)
            source, target = _localise(source, location, ctx), _localise(target, location, ctx)
            if not _dateline_fits(code.code, location, source, target):
                location = None
            events.append(Event(
                doc_id=ctx.doc_id, sentence_index=index, evidence=sent.text,
                evidence_span=(start, start + len(sent.text)), trigger=trigger,
                cameo_code=code.code, cameo_label=code.name, plover_type=code.plover_type,
                plover_mode=code.plover_mode, plover_context=code.plover_context,
                goldstein=code.goldstein, quad_class=code.quad_class,
                source=source, target=target, date=when, date_precision=precision,
                location=location,
                speaker=speaker if speaker is not None and speaker.code != source.code else None,
                negated=cand.negated, hypothetical=cand.hypothetical or cand.future,
                historical=historical,
                confidence=_confidence(cand, source, target, explicit, index),
                future=cand.future, compound=compound,
            ))
    events = _one_per_dyad(events)
    # Subjects become the antecedents of later pronouns.
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON":
            ctx.salience.extend(ctx.actors.actors(token, offset))
    return events


def _one_per_dyad(events: list[Event]) -> list[Event]:
    """One event per source, target and type in a sentence: "discussed shipping in a telephone
    call" is one consultation (the most confident, then the most specific code)."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (event.source.code, event.target.code if event.target else None, event.plover_type, event.negated)
        kept = best.get(key)
        if kept is None or (event.confidence, len(event.cameo_code)) > (kept.confidence, len(kept.cameo_code)):
            best[key] = event
    # An event with no target says less than the same one with its target: "rejected an offer
    # of talks from ECOWAS, saying it would not negotiate".
    targeted = {(e.source.code, e.plover_type, e.negated) for e in best.values() if e.target is not None}
    chosen = {id(e) for e in best.values() if e.target is not None or (e.source.code, e.plover_type, e.negated) not in targeted}
    return [e for e in events if id(e) in chosen]


def geoparse_article(analysed, dateline: Dateline | None = None,
                     gazetteer: Gazetteer | None = None) -> tuple[list[Place], Place | None]:
    """Every toponym of the article resolved, and the dateline's place."""
    gazetteer = gazetteer or load_gazetteer()
    context = GeoContext()
    dateline_place = None
    if dateline is not None and dateline.place:
        name = dateline.place.split("/")[0].split(",")[0].strip()
        entry = resolve(name.title(), context, gazetteer, dateline=True)
        if entry is not None:
            dateline_place = place_from_entry(dateline.place, -1, -1, entry)
            context.dateline_country = entry.country
    toponyms = article_toponyms(analysed.sentences(), gazetteer)
    return resolve_toponyms(toponyms, context, gazetteer, analysed.text), dateline_place


def code_article(doc_id: str, analysed, *, published: date | None = None, dateline: Dateline | None = None,
                 dictionary: ActorDictionary | None = None, gazetteer: Gazetteer | None = None) -> tuple[list[Event], list[Place]]:
    """Code every event of an analysed article; returns the events and the article's places."""
    places, dateline_place = geoparse_article(analysed, dateline, gazetteer)
    actors = ArticleActors(dictionary or default_dictionary(), home_country=dateline_place.country if dateline_place else None)
    sentences = list(analysed.sentences())
    actors.register_people(sentences)
    # Nationality words ("Russian jets") and names inside other names ("The Washington Post")
    # are not where anything happened.
    located = [p for p in places if p.role == "place"]
    ctx = ArticleContext(doc_id, analysed.text, published, actors, located, dateline_place)
    events: list[Event] = []
    for index, offset, sent in sentences:
        events.extend(_sentence_events(ctx, index, offset, sent))
    return events, places
