"""Governance: what the verbs above a trigger do to its event.

"threatened to halt" is a threat (the halting is not coded), "urged X to halt" a request,
"denied attacking" a negated attack, a conditional "would end ... if" a threat, "pledged to
cooperate" an intent, "declined to resign" a refusal, "prepared to resume shelling" a show
of force. What is asked, promised or refused sets the sub-code (0256, 1041, 0334 ...).
Protests absorb the demands they were staged for, and an attack absorbs its toll.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Token

from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.syntax import child_of, governing_verb, is_verb, lemma_of, pobjs
from newsevents.coding.triggers import Candidate, noun_sense
from newsevents.ontology import conflictual, cooperative, violent

# Grammar, not lexicon: auxiliaries and markers of modality.
MODALS = {"could", "might", "may", "would", "should", "can", "must", "ought"}
FUTURE = {"will", "shall", "'ll"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
# Auxiliaries of an announced future ("will visit", "would provide", as reported).
ANNOUNCED = {"will", "shall", "would", "'ll", "wo"}


def clause_modality(verb: Token) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) from a verb's own auxiliaries and markers."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    auxes = {lemma_of(c) for c in verb.children if c.dep_ in ("aux", "auxpass")} | {
        c.lower_ for c in verb.children if c.dep_ == "aux"
    }
    hypothetical = bool(auxes & MODALS) or any(
        c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children
    )
    future = bool(auxes & FUTURE) or any(c.lower_ == "going" for c in verb.children if c.dep_ == "aux")
    return negated, hypothetical, future


def _governors(token: Token):
    """The verbs and nouns above a trigger through complement links, nearest first."""
    current = token
    while (
        current.dep_
        in ("xcomp", "ccomp", "pcomp", "advcl", "conj", "acl", "pobj", "prep", "dobj", "relcl", "nsubj", "nsubjpass")
        and current.head.i != current.i
    ):
        head = current.head
        yield current.dep_, head
        if current.dep_ in ("relcl", "nsubj", "nsubjpass") or head.dep_ == "ROOT":
            return
        current = head


def apply_governance(candidates: list[Candidate]) -> list[Candidate]:
    """Decide what governing verbs do to each event: deny it, request it, threaten it..."""
    by_token = {c.trigger.i: c for c in candidates}
    for cand in candidates:
        clause = cand.carrier
        if cand.nominal and clause is cand.trigger:
            clause = governing_verb(cand.trigger) or clause
        negated, hypothetical, future = clause_modality(clause)
        if cand.nominal:
            negated = negated or any(c.dep_ == "det" and c.lower_ == "no" for c in cand.trigger.children)
        cand.negated, cand.hypothetical, cand.future = negated, hypothetical, future
        _climb(cand, clause, by_token)
        if not cand.suppressed and not cand.stated and not (cand.nominal and cand.carrier is cand.trigger):
            _statement_conventions(cand, clause)  # not "would have condemned Georgia's crackdown"
    for cand in candidates:
        if not cand.suppressed and not cand.refined and cand.sense.code in ("020", "100", "030", "120"):
            _refine_request(cand)
    _merge_protest_demands([c for c in candidates if not c.suppressed])
    _merge_violence([c for c in candidates if not c.suppressed])
    return [c for c in candidates if not c.suppressed]


@dataclass(frozen=True)
class _Link:
    """One word above a candidate's clause (`head`), and the relation the clause hangs from it by."""

    dep: str
    head: Token
    lemma: str
    clause: Token  # the candidate's own clause
    through_noun: bool  # a noun lies between ("the threat to attack")


# A governing word's rule says None when it does not apply to the word, True when it settles the
# candidate's reading (the words further up do not matter), False when the climb goes on.
GovernorRule = Callable[[Candidate, _Link, dict[int, Candidate]], bool | None]


def _climb(cand: Candidate, clause: Token, by_token: dict[int, Candidate]) -> None:
    """Read the words above the candidate's clause, nearest first, until one settles it."""
    through_noun = False
    for dep, head in _governors(clause):
        through_noun = through_noun or head.pos_ in ("NOUN", "PROPN")
        if dep == "conj":
            continue
        link = _Link(dep, head, lemma_of(head), clause, through_noun)
        settled = next((s for rule in GOVERNOR_RULES if (s := rule(cand, link, by_token)) is not None), None)
        if settled is None:
            _inherit_modality(cand, link)
        elif settled:
            break


def _threatened(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """ "threatened to halt": the threat is the event, and what it threatens sets its sub-code.
    Under any other threat or warning that is an event ("vowed to" is an intent), the climb stops."""
    threat = by_token.get(link.head.i)
    if link.lemma not in lex.w.THREAT_VERBS or threat is None:
        return None
    if (
        link.head.i != cand.trigger.i
        and (conflictual(cand.sense.code) or cand.sense.code[:2] == "14")
        and threat.sense.code[:2] == "13"
    ):
        threat.sense = Sense(
            lex.threat_code(cand.sense.code), f"{threat.sense.rule}>{cand.sense.rule}", cand.sense.target_preps
        )
        threat.target_hint = threat.target_hint or cand.trigger
        cand.suppressed = True
        return True
    return True if link.lemma not in lex.w.INTENT_VERBS else None


def _requested(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """ "urged X to halt", "said X must halt": the request (an appeal or a demand) is the event,
    and the act asked for sets its sub-code."""
    request = by_token.get(link.head.i)
    if request is None:
        return None
    demanding = request.sense.rule == "verb:say-must" and link.dep == "ccomp"
    if not (
        (link.lemma in lex.w.REQUEST_VERBS or demanding)
        and link.dep in ("xcomp", "ccomp", "advcl", "pobj", "pcomp", "prep")
        and request.sense.code[:2] in ("02", "10")
    ):
        return None
    kind = "demand" if request.sense.code.startswith("10") else "appeal"
    request.sense = Sense(
        lex.wanted_code(kind, cand.sense.code),
        f"{request.sense.rule}>{cand.sense.rule}",
        request.sense.target_preps,
    )
    request.target_hint = request.target_hint or cand.trigger
    request.refined = True
    cand.suppressed = True
    return True


def _refused(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """ "declined to resign": a refusal whose sub-code the act refused sets; the act is negated."""
    if link.lemma not in lex.w.REFUSAL_VERBS or link.dep != "xcomp":
        return None
    refusal = by_token.get(link.head.i)
    if refusal is not None:
        refusal.sense = Sense(
            lex.wanted_code("refusal", cand.sense.code),
            f"{refusal.sense.rule}>{cand.sense.rule}",
            cand.sense.target_preps,
        )
        refusal.target_hint = refusal.target_hint or cand.trigger
    cand.suppressed = refusal is not None
    cand.negated = True
    return True


def _denied(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """ "denied attacking", "failed to reach": the act is negated."""
    if link.lemma in lex.w.DENIAL_VERBS or (link.lemma in lex.w.NEGATING_VERBS and link.dep in ("xcomp", "pcomp")):
        cand.negated = True
        return True
    return None


def _intended(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """ "pledged to cooperate", "is willing to", "decided to allow", "prepared to resume
    shelling": what the governing word makes of an act someone means to do."""
    lemma, head = link.lemma, link.head
    intent_word = lemma in lex.w.INTENT_VERBS or (lemma in lex.w.INTENT_ADJECTIVES and head.pos_ == "ADJ")
    purpose = link.dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.clause.children)
    if not (intent_word and (link.dep in ("xcomp", "ccomp") or purpose) and not link.through_noun):
        return None
    stated = head.head if head.pos_ == "ADJ" else head  # "is willing to": the copula's clause
    obliged = {c.lower_ for c in stated.children if c.dep_ == "aux"} & {"must", "should"}
    if obliged:  # "the US must be ready to mediate": someone else's demand, not a promise
        cand.hypothetical = True
        return False
    head_negated, _, _ = clause_modality(stated)
    if lemma == "decide" and not head_negated:
        _suppress(by_token, head)  # "decided to allow ...": the decision is the act
        return True
    _recode_intent(cand, lemma, stated, head_negated, by_token, head)
    return True


def _recode_intent(
    cand: Candidate, lemma: str, stated: Token, head_negated: bool, by_token: dict[int, Candidate], head: Token
) -> None:
    """The act meant: a show of force when readied, else the promise or the threat that states
    it (its own clause says how surely), else an act still to come."""
    promising = lemma in lex.w.PROMISING or lemma in lex.w.INTENT_ADJECTIVES
    if lemma == "prepare" and cand.sense.code[:2] in ("18", "19", "20") and not head_negated:
        # Readying an attack is a show of force, not a verbal threat.
        _restate(cand, Sense("150", f"prepare>{cand.sense.rule}", cand.sense.target_preps), stated)
    elif cooperative(cand.sense.code) and (promising or lemma in lex.w.HOPING):
        # The promise is the event, and it was made: its own clause says how surely.
        kind = "refusal" if head_negated else "intent"
        sense = Sense(
            lex.wanted_code(kind, cand.sense.code), f"{kind}:{lemma}>{cand.sense.rule}", cand.sense.target_preps
        )
        _restate(cand, sense, stated)
        cand.negated = cand.negated and kind == "intent"
        _suppress(by_token, head)  # "agreed to cooperate" is one event
    elif cand.sense.code in ("150", "154") and promising and lemma not in lex.w.THREAT_VERBS and not head_negated:
        # "agreed to station a brigade in Romania": an offer of military protection
        _restate(cand, Sense("0334", f"intent:{lemma}>{cand.sense.rule}", cand.sense.target_preps), stated)
        _suppress(by_token, head)
    elif conflictual(cand.sense.code) and promising and not head_negated:
        sense = Sense(lex.threat_code(cand.sense.code), f"threat:{lemma}>{cand.sense.rule}", cand.sense.target_preps)
        _restate(cand, sense, stated)
        cand.negated, cand.hypothetical, cand.future = False, False, False
        _suppress(by_token, head)
    else:
        cand.negated = cand.negated or head_negated
        cand.hypothetical = True
        cand.future = True


def _restate(cand: Candidate, sense: Sense, stated: Token) -> None:
    """Code the statement of the act (a promise, an offer, a threat) instead of the act."""
    cand.sense = sense
    cand.carrier, cand.stated = stated, True
    cand.negated, cand.hypothetical, cand.future = clause_modality(stated)


def _suppress(by_token: dict[int, Candidate], head: Token) -> None:
    if head.i in by_token:
        by_token[head.i].suppressed = True


def _hypothetical_noun(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    if link.lemma in lex.w.HYPOTHETICAL_NOUNS and link.head.pos_ == "NOUN":
        cand.hypothetical = True
        return True
    return None


def _said(cand: Candidate, link: _Link, by_token: dict[int, Candidate]) -> bool | None:
    """A speech verb leaves the act as it is and names who said it."""
    if link.lemma not in lex.w.SPEECH_VERBS:
        return None
    if cand.source_hint is None:
        cand.source_hint = child_of(link.head, "nsubj")
    return False


GOVERNOR_RULES: tuple[GovernorRule, ...] = (
    _threatened,
    _requested,
    _refused,
    _denied,
    _intended,
    _hypothetical_noun,
    _said,
)


def _inherit_modality(cand: Candidate, link: _Link) -> None:
    """Any other governing verb: a conditional adverbial clause makes the act hypothetical, and
    a complement takes its governor's negation and modality ("did not try to stop")."""
    n, h, f = clause_modality(link.head)
    dep = link.dep
    if dep in ("advcl",) and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in link.clause.children):
        cand.hypothetical = True
    cand.negated = cand.negated or (n and dep == "xcomp")
    cand.hypothetical = cand.hypothetical or h and dep == "xcomp"
    cand.future = cand.future or f and dep == "xcomp"


def _merge_violence(candidates: list[Candidate]) -> None:
    """One attack, not three: "shelled the city, wounding five" (the wounding is the shelling's
    toll), "Russian airstrikes killed nine civilians" (the killing is the airstrikes')."""
    by_token = {c.trigger.i: c for c in candidates}
    for cand in candidates:
        if not violent(cand.sense.code) or cand.nominal:
            continue
        clause = cand.carrier
        head = by_token.get(clause.head.i) if clause.dep_ in ("advcl", "conj") and clause.tag_ == "VBG" else None
        if head is not None and head is not cand and violent(head.sense.code):
            cand.suppressed = True  # ", killing three fighters"
            continue
        subject = child_of(clause, "nsubj")
        noun = by_token.get(subject.i) if subject is not None else None
        if noun is not None and noun.nominal and violent(noun.sense.code) and not pobjs(noun.trigger, ("between",)):
            cand.sense = Sense(noun.sense.code, f"{noun.sense.rule}>{cand.sense.rule}", cand.sense.target_preps)
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
        if (
            cand.sense.code[:2] not in ("10", "11")
            or cand.nominal
            or cand.carrier.dep_ not in ("advcl", "acl", "relcl", "xcomp", "conj")
        ):
            continue
        protest = protests.get(cand.carrier.head.i)
        if protest is None:
            continue
        if protest.sense.code == "141" and cand.sense.code in PROTEST_DEMANDS:
            protest.sense = Sense(
                PROTEST_DEMANDS[cand.sense.code], f"{protest.sense.rule}+{cand.sense.rule}", protest.sense.target_preps
            )
        protest.target_hint = protest.target_hint or cand.target_hint or cand.trigger
        cand.suppressed = True


def _refine_request(cand: Candidate) -> None:
    """ "urged Iran to resign" with no event in the lexicon for the wanted act: the verb asked
    for still decides the request's sub-code and where its target is."""
    wanted = cand.target_hint if cand.target_hint is not None else child_of(cand.carrier, "xcomp", "ccomp")
    obj = child_of(cand.carrier, "dobj") if wanted is None else None
    if obj is not None and lemma_of(obj) in lex.wanted_nouns and cand.sense.code[:2] in ("02", "10"):
        kind = "demand" if cand.sense.code.startswith("10") else "appeal"
        cand.sense = Sense(
            lex.wanted_code(kind, lex.wanted_nouns[lemma_of(obj)]),
            f"{cand.sense.rule}>{lemma_of(obj)}",
            cand.sense.target_preps,
        )
        return
    if wanted is None or not is_verb(wanted):
        return
    cand.target_hint = cand.target_hint or wanted
    act = lex.wanted_verbs.get(lemma_of(wanted))
    carried = child_of(wanted, "dobj")
    if act is None and carried is not None and lemma_of(carried) in lex.nouns:
        act = noun_sense(carried).code  # "to open talks", "to hold elections"
    if act is not None:
        kind = {"02": "appeal", "10": "demand", "03": "intent", "12": "refusal"}[cand.sense.code[:2]]
        cand.sense = Sense(lex.wanted_code(kind, act), f"{cand.sense.rule}>{lemma_of(wanted)}", cand.sense.target_preps)


def _statement_conventions(cand: Candidate, clause: Token) -> None:
    """CAMEO's reading of announced futures: a conditional or announced future harm is a
    threat ("would end its engagement ... if Russia did not ..."; "will withdraw the
    inspectors"); an announced future help is an intent ("will provide aid" is 033); refusing
    it is a rejection ("would not meet their demands")."""
    auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    announced = bool(auxes & ANNOUNCED) and not (auxes & {"could", "might", "may", "should", "must"})
    conditional = is_conditional(clause)
    code = cand.sense.code
    if conflictual(code) and not cand.negated and (conditional and (cand.future or cand.hypothetical) or announced):
        cand.sense = Sense(
            lex.threat_code(code),
            f"{'conditional' if conditional else 'announced'}>{cand.sense.rule}",
            cand.sense.target_preps,
        )
        cand.hypothetical = cand.future = False
    elif cooperative(code) and code[:2] != "03" and announced:  # "would meet him if ...": an offer
        kind = "refusal" if cand.negated else "intent"
        cand.sense = Sense(lex.wanted_code(kind, code), f"{kind}:announced>{cand.sense.rule}", cand.sense.target_preps)
        cand.negated = cand.hypothetical = cand.future = False


def is_conditional(verb: Token) -> bool:
    """Whether an if/unless clause hangs off this verb or a verb governing it."""
    current = verb
    for _ in range(6):
        if any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in current.children
        ):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def condition_subject(verb: Token) -> Token | None:
    """The subject of an if/unless clause under the verb or its complements."""
    for token in verb.subtree:
        if token.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in token.children):
            subject = child_of(token, "nsubj", "nsubjpass")
            if subject is not None:
                return subject
    return None
