"""Participants: who the source and target of an event are.

The source is read from the subject of the event's clause (the agent of a passive, the
possessor or modifier of an event noun: "Syria's assault", "Russian airstrikes"), the target
from its object and the trigger's prepositions ("talks with", "sanctions against"); pronouns
point back to the actors met before. The parties the words imply where the text names no one
are `implied.py`'s.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from newsevents.actors import is_pronoun
from newsevents.actors.dictionary import PERSON_ROLES
from newsevents.coding.context import ArticleContext
from newsevents.coding.lexicon import lex
from newsevents.coding.syntax import (
    child_of,
    governing_verb,
    is_against,
    is_verb,
    lemma_of,
    nominal_source,
    pobjs,
    with_conjuncts,
)
from newsevents.coding.triggers import Candidate, responsibility_of, verb_sense
from newsevents.records import Actor

# Prepositions whose object is the target of almost any event ("talks with", "sanctions
# against"); "on" is not among them ("diplomacy with Russia on Syria" is about Syria).
GENERIC_TARGET_PREPS = ("against", "with", "to", "toward", "towards")


def subject_of(verb: Token) -> list[Token]:
    """The tokens naming who acts in a verb's clause (the agent of a passive)."""
    passive_subject = child_of(verb, "nsubjpass")
    if lemma_of(verb) in lex.light_prepositions and passive_subject is not None:
        return [passive_subject]  # "were engaged in": not a passive of anyone's act
    if child_of(verb, "auxpass") is not None or passive_subject is not None:
        agent = child_of(verb, "agent")
        pobj = child_of(agent, "pobj") if agent is not None else None
        return [pobj] if pobj is not None else []
    subj = child_of(verb, "nsubj", "csubj")
    if subj is not None:
        return [subj]
    sharing = _subject_sharer(verb)
    if sharing is not None:
        return subject_of(sharing)
    if verb.dep_ == "pcomp" and lemma_of(verb.head) in ("of", "for") and lemma_of(verb.head.head) in lex.w.ACCUSING:
        return _accused(verb)
    perfect = any(c.dep_ == "aux" and lemma_of(c) == "have" for c in verb.children)  # "people who had gathered"
    if verb.dep_ in ("relcl", "acl") and (verb.tag_ != "VBN" or (verb.dep_ == "relcl" and perfect)):
        return _modified_subject(verb)
    if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBN":
        return []
    return _misparsed_subject(verb)


def _subject_sharer(verb: Token) -> Token | None:
    """The verb whose subject acts in this one's clause: the copula of "is willing to", the verb
    of "resorted to throwing stones", the clause a complement, conjunct, participle or purpose
    clause hangs from."""
    if verb.pos_ == "ADJ" and verb.head.i != verb.i:
        return verb.head
    if verb.dep_ == "pcomp" and lemma_of(verb.head.head) in lex.light_prepositions and is_verb(verb.head.head):
        return verb.head.head  # "resorted to throwing stones", "engaged in torturing"
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (
        verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and verb.tag_ == "VBG") or purpose
    ) and verb.head.i != verb.i:
        return verb.head
    return None


def _accused(verb: Token) -> list[Token]:
    """ "accused Eritrea of massing troops": the accused acted, when the act is a material one."""
    accusing = verb.head.head
    accused = child_of(accusing, "dobj") or child_of(accusing, "nsubjpass")
    found = verb_sense(verb)
    material = found is not None and found[0].code[:2] in ("15", "16", "17", "18", "19", "20")
    return [accused] if accused is not None and material else []


def _modified_subject(verb: Token) -> list[Token]:
    """Who acts in a clause that modifies a noun: whoever the event noun's phrase names
    ("protests demanding his removal"), whoever made or joined the thing ("issued a statement
    condemning ..."), else the noun itself ("people who had gathered")."""
    noun = verb.head
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if lemma_of(noun) in lex.nouns:
        return nominal_source(noun)  # "protests demanding his removal": whoever protests
    if (infinitive or lemma_of(noun) in lex.w.THINGS) and noun.dep_ in ("dobj", "pobj"):
        # "issued a statement condemning ...", "gathered for a rally to protest ...": whoever
        # issued or gathered.
        governing = governing_verb(noun)
        if governing is not None and governing is not verb:
            return subject_of(governing)
    return [noun]


def _misparsed_subject(verb: Token) -> list[Token]:
    """Repair a common misparse: "told Lavrov Washington was preparing" leaves "preparing"
    without a subject and "Washington" as the object of "told"."""
    first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "auxpass")])
    if first > verb.sent.start:
        before = verb.doc[first - 1]
        if before.pos_ in ("PROPN", "NOUN") and before.dep_ in ("dobj", "dative", "npadvmod"):
            return [before]
    return []


def _owners(thing: Token) -> list[Token]:
    """Whose a demand, offer, resolution or agreement is: "Egypt's demand", "calls by Annan",
    "an offer of talks from ECOWAS", "a demand made by Washington", "opposition calls", "a
    Security Council resolution", "the agreement between Colombia and the ELN"."""
    found = [c for c in thing.children if c.dep_ == "poss"] + pobjs(thing, ("by", "from"))
    for of in pobjs(thing, ("of",)):  # "an offer of talks from X", "an offer of talks made by Seoul"
        found += pobjs(of, ("from", "by")) + [
            b for c in of.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in pobjs(c, ("by",))
        ]
    found += [b for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in pobjs(c, ("by",))]
    found += pobjs(thing, ("between",))
    found += [
        c
        for c in thing.children
        if c.dep_ in ("compound", "nmod", "amod")
        and c.pos_ in ("PROPN", "NOUN", "ADJ")
        and lemma_of(c) not in lex.w.THINGS
        and not is_against(c)
    ]
    return found


def targets_of(cand: Candidate) -> list[Token]:
    """The tokens naming whom an event is aimed at, from every place the parse may put them."""
    trigger, carrier = cand.trigger, cand.carrier
    preps = cand.sense.target_preps + (() if cand.sense.needs_target else GENERIC_TARGET_PREPS)
    found: list[Token] = []
    if cand.target_hint is not None:
        found += _hinted_targets(cand.target_hint, preps)
    if not cand.nominal and carrier.i != trigger.i:  # "vowed to cooperate with Chile": the promised act's partner
        obj = child_of(trigger, "dobj", "dative")
        found += [t for t in (obj,) if t is not None and lemma_of(t) not in lex.w.THINGS] + pobjs(
            trigger, preps, depth=2
        )
    if cand.nominal:
        found += _noun_targets(trigger, preps)
    if not cand.nominal or carrier.i != trigger.i:
        found += _clause_targets(cand, preps)
    return with_conjuncts([t for t in found if t is not None])


def _hinted_targets(hint: Token, preps: tuple[str, ...]) -> list[Token]:
    """The targets in what the governing verb points at: "demanded that Mugabe abandon ...",
    "urged Iran to halt its attacks on shipping"."""
    found: list[Token] = []
    obj = child_of(hint, "dobj") if is_verb(hint) else None
    if is_verb(hint) and hint.dep_ == "ccomp":  # "demanded that Mugabe abandon ...": Mugabe
        found += [c for c in hint.children if c.dep_ in ("nsubj", "nsubjpass")]
    found += [t for t in (obj,) if t is not None and lemma_of(t) not in lex.w.THINGS] + pobjs(
        hint, preps
    )  # noun hints too
    if obj is not None:
        found += pobjs(obj, preps)
    return found


def _noun_targets(trigger: Token, preps: tuple[str, ...]) -> list[Token]:
    """The targets of an event noun: who faces it ("Georgia could face EU sanctions"), its
    prepositions' objects, even where the parser hung them elsewhere, and the second side of
    "fighting between X and Y"."""
    found: list[Token] = []
    if trigger.dep_ == "dobj" and lemma_of(trigger.head) in ("face", "risk", "suffer", "receive", "incur"):
        found += [c for c in trigger.head.children if c.dep_ == "nsubj"]  # "Georgia could face EU sanctions"
    found += pobjs(trigger, preps)
    following = trigger.doc[trigger.i + 1] if trigger.i + 1 < len(trigger.doc) else None
    if (
        following is not None
        and following.dep_ == "prep"
        and following.head.i != trigger.i
        and lemma_of(following) in preps
    ):
        found += [c for c in following.children if c.dep_ == "pobj"]
    between = pobjs(trigger, ("between",))
    if between:
        found += with_conjuncts(between)[1:]
    return found


def _clause_targets(cand: Candidate, preps: tuple[str, ...]) -> list[Token]:
    """The targets in the carrier's clause: its object, or whose the object is; whom it holds
    responsible; its prepositions' objects and its object's; the noun a relative clause
    modifies; the author of what a threat retaliates for."""
    trigger, carrier = cand.trigger, cand.carrier
    obj = child_of(carrier, "dobj", "dative")
    if child_of(carrier, "auxpass") or (carrier.dep_ in ("advcl", "acl") and carrier.tag_ == "VBN"):
        obj = child_of(carrier, "nsubjpass") or obj
    found = _object_targets(cand, obj)
    comp = responsibility_of(carrier)
    if comp is not None:
        found += [c for c in comp.children if c.dep_ == "nsubj"]
    found += pobjs(carrier, preps, depth=2)
    if obj is not None:
        for thing in [obj, *obj.conjuncts]:  # "handed over vehicles and drones to Benin's army"
            found += pobjs(thing, preps)
            # "lifted a travel ban imposed on Chadian citizens": the ban's own target
            found += [t for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBN" for t in pobjs(c, preps)]
    if obj is None and carrier.dep_ == "relcl" and child_of(carrier, "nsubj", "nsubjpass") is not None:
        found.append(carrier.head)  # "three companies it accused of ...": the companies
    if cand.sense.code[:2] == "13":
        found += _retaliated_against(trigger, carrier)
    return found


def _object_targets(cand: Candidate, obj: Token | None) -> list[Token]:
    """The clause's object as a target, or its owners when it is a thing ("rejected Egypt's
    demand"); not the troops a verb deploys, whose object made its sense."""
    if obj is None or obj is cand.trigger:
        return []
    if lemma_of(obj) in lex.w.THINGS:
        return _owners(obj)  # "rejected Egypt's demand", "rejected calls by Kofi Annan"
    object_made_sense = cand.sense.rule.startswith(("verb+object", "verb:order", "verb:pledge", "verb:promise"))
    return [] if object_made_sense and lemma_of(obj) in lex.w.TROOPS else [obj]


def _retaliated_against(trigger: Token, carrier: Token) -> list[Token]:
    """ "vowed to retaliate for an Israeli airstrike": the airstrike's author."""
    found = [
        s
        for e in pobjs(trigger, ("for",), depth=1) + pobjs(carrier, ("for",))
        if lemma_of(e) in lex.nouns
        for s in nominal_source(e)
    ]
    found += [
        s
        for x in [child_of(carrier, "xcomp")]
        if x is not None
        for e in pobjs(x, ("for", "against"))
        if lemma_of(e) in lex.nouns
        for s in nominal_source(e)
    ]
    return found


class Resolver:
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
            return self.speaker[0]  # the speaker, named in this sentence
        # Subjects are the likeliest antecedents; an object pronoun ("accusing them") may
        # also point back to an earlier object of the same sentence.
        deps = (
            ("nsubj", "nsubjpass") if token.dep_ in ("nsubj", "nsubjpass") else ("nsubj", "nsubjpass", "dobj", "pobj")
        )
        earlier = [
            a
            for t in token.sent
            if t.i < token.i and t.dep_ in deps and t.pos_ != "PRON"
            for a in self.ctx.actors.actors(t, self.offset)
        ]
        in_sentence = {id(a) for a in earlier}
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
                if id(actor) in in_sentence:
                    return actor  # named in this sentence ("The Pentagon said it hit ..."): that mention
                return replace(
                    actor, text=token.text, start=self.offset + token.idx, end=self.offset + token.idx + len(token)
                )
        return None


STATE_FORCES = {"MIL", "GOV", "COP", "SPY"}


SOFT_TARGETS = {"CVL", "REF", "EDU", "MED", "REL", "JRN", "LAB", "HRI", "NGO"}


def violence_kind(code: str, cand: Candidate, source: Actor | None, target: Actor | None) -> str:
    """CAMEO tells military force (19) from unconventional violence (18): an attack or a
    killing by a group outside the state's forces on civilians, or on a named person, is an
    assault (18), not a battle."""
    if source is None:
        return code
    if code == "144" and source.sector in STATE_FORCES:
        return "191"  # the state closing roads restricts movement; it does not protest
    if code in ("171", "1712") and source.sector in ("CVL", "OPP", "EDU", "LAB"):
        return "145"  # protesters looting and burning: a riot
    if code not in ("190", "193") or source.sector in STATE_FORCES or target is None or target.sector in ("MIL", "COP"):
        return code
    killing = lemma_of(cand.trigger) in ("kill", "murder", "stab")
    if target.sector in SOFT_TARGETS or target.kind == "person" or killing:
        return "1823" if killing else "180"
    return code


def resolve_targets(cand: Candidate, tokens: list[Token], resolver: "Resolver", sources: list[Actor]) -> list[Actor]:
    """The target actors: each target phrase, or else whose it is ("rejected Egypt's demand")."""
    targets: list[Actor] = []
    for token in tokens:
        actors = resolver.actors(token)
        if not actors and token.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            owners = [c for c in token.children if c.dep_ == "poss"] + pobjs(token, ("of", "from"))
            owners += [b for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN" for b in pobjs(c, ("by",))]
            actors = [a for owner in owners for a in resolver.actors(owner)]  # "a rocket launched by Islamic Jihad"
        for actor in actors:
            if all(actor.code != s.code for s in sources) and actor not in targets:
                targets.append(actor)
    return targets
