"""Participants: who the source and target of an event are.

The source is read from the subject of the event's clause (the agent of a passive, the
possessor or modifier of an event noun: "Syria's assault", "Russian airstrikes"), the target
from its object and the trigger's prepositions ("talks with", "sanctions against"); pronouns
point back to the actors met before. Where the text names no one, the event still has its
parties when the words imply them: the authorities of the place for an agentless arrest, the
country of the place an attack hit, each side of "X and Y met".
"""

from __future__ import annotations

from collections import Counter
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
from newsevents.coding.whenwhere import within
from newsevents.records import Actor, Place

# Prepositions whose object is the target of almost any event ("talks with", "sanctions
# against"); "on" is not among them ("diplomacy with Russia on Syria" is about Syria).
GENERIC_TARGET_PREPS = ("against", "with", "to", "toward", "towards")
# Event roots where "X and Y" acting together means each acted towards the other.
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}


def subject_of(verb: Token) -> list[Token]:
    """The tokens naming who acts in a verb's clause (the agent of a passive)."""
    if lemma_of(verb) in lex.light_prepositions and child_of(verb, "nsubjpass") is not None:
        return [child_of(verb, "nsubjpass")]  # "were engaged in": not a passive of anyone's act
    if child_of(verb, "auxpass") is not None or child_of(verb, "nsubjpass") is not None:
        agent = child_of(verb, "agent")
        pobj = child_of(agent, "pobj") if agent is not None else None
        return [pobj] if pobj is not None else []
    subj = child_of(verb, "nsubj", "csubj")
    if subj is not None:
        return [subj]
    if verb.pos_ == "ADJ" and verb.head.i != verb.i:  # "is willing to": the copula's subject
        return subject_of(verb.head)
    if verb.dep_ == "pcomp" and lemma_of(verb.head.head) in lex.light_prepositions and is_verb(verb.head.head):
        return subject_of(verb.head.head)  # "resorted to throwing stones", "engaged in torturing"
    if verb.dep_ == "pcomp" and lemma_of(verb.head) in ("of", "for") and lemma_of(verb.head.head) in lex.w.ACCUSING:
        accused = child_of(verb.head.head, "dobj") or child_of(verb.head.head, "nsubjpass")
        found = verb_sense(verb)
        material = found is not None and found[0].code[:2] in ("15", "16", "17", "18", "19", "20")
        return [accused] if accused is not None and material else []  # "accused Eritrea of massing troops"
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (
        verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and verb.tag_ == "VBG") or purpose
    ) and verb.head.i != verb.i:
        return subject_of(verb.head)
    perfect = any(c.dep_ == "aux" and lemma_of(c) == "have" for c in verb.children)  # "people who had gathered"
    if verb.dep_ in ("relcl", "acl") and (verb.tag_ != "VBN" or (verb.dep_ == "relcl" and perfect)):
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
    trigger, carrier = cand.trigger, cand.carrier
    preps = cand.sense.target_preps + (() if cand.sense.needs_target else GENERIC_TARGET_PREPS)
    found: list[Token] = []
    if cand.target_hint is not None:
        hint = cand.target_hint
        obj = child_of(hint, "dobj") if is_verb(hint) else None
        if is_verb(hint) and hint.dep_ == "ccomp":  # "demanded that Mugabe abandon ...": Mugabe
            found += [c for c in hint.children if c.dep_ in ("nsubj", "nsubjpass")]
        found += [t for t in (obj,) if t is not None and lemma_of(t) not in lex.w.THINGS] + pobjs(
            hint, preps
        )  # noun hints too
        if obj is not None:
            found += pobjs(obj, preps)
    if not cand.nominal and carrier.i != trigger.i:  # "vowed to cooperate with Chile": the promised act's partner
        obj = child_of(trigger, "dobj", "dative")
        found += [t for t in (obj,) if t is not None and lemma_of(t) not in lex.w.THINGS] + pobjs(
            trigger, preps, depth=2
        )
    if (
        cand.nominal
        and trigger.dep_ == "dobj"
        and lemma_of(trigger.head) in ("face", "risk", "suffer", "receive", "incur")
    ):
        found += [c for c in trigger.head.children if c.dep_ == "nsubj"]  # "Georgia could face EU sanctions"
    if cand.nominal:
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
    if not cand.nominal or carrier.i != trigger.i:
        obj = child_of(carrier, "dobj", "dative")
        if child_of(carrier, "auxpass") or (carrier.dep_ in ("advcl", "acl") and carrier.tag_ == "VBN"):
            obj = child_of(carrier, "nsubjpass") or obj
        object_made_sense = cand.sense.rule.startswith(("verb+object", "verb:order", "verb:pledge", "verb:promise"))
        if obj is not None and obj is not trigger and lemma_of(obj) in lex.w.THINGS:
            # "rejected Egypt's demand", "rejected calls by Kofi Annan"
            found += _owners(obj)
        elif obj is not None and obj is not trigger and not (object_made_sense and lemma_of(obj) in lex.w.TROOPS):
            found.append(obj)
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
        if cand.sense.code[:2] == "13":  # "vowed to retaliate for an Israeli airstrike": the airstrike's author
            found += [
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
    return with_conjuncts([t for t in found if t is not None])


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


def is_reciprocal(cand: Candidate, code: str) -> bool:
    """Whether "X and Y <did it>" with no other party makes each the other's partner: meetings,
    agreements and cooperation, declared truces, cut ties; fights only when the words say so
    ("clashed", "fighting between X and Y")."""
    if code[:2] in RECIPROCAL_ROOTS or code[:2] == "16" or code == "0871":
        return True
    if code[:2] == "19":
        return lemma_of(cand.trigger) in lex.w.SYMMETRIC_VERBS or bool(pobjs(cand.trigger, ("between",)))
    return False


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


def implied_authority(cand: Candidate, ctx: ArticleContext, offset: int) -> list[Actor]:
    """ "Three journalists were arrested in Cairo": only a state arrests, deports or bans, so
    an agentless passive of such an act names the authorities of the place it happened in."""
    if (
        cand.sense.code[:2] != "17"
        or cand.nominal
        or child_of(cand.carrier, "auxpass") is None
        or child_of(cand.carrier, "agent") is not None
    ):
        return []
    place = next((p for p in ctx.places if p.country and within(p, cand.carrier, offset)), None)
    if place is None:
        return []
    sector = "COP" if cand.sense.code in ("173", "175") else "GOV"
    return [
        Actor(
            text=place.text,
            start=place.start,
            end=place.end,
            code=place.country + sector,
            country=place.country,
            sector=sector,
            name=place.name,
            kind="implied",
        )
    ]


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


DOMESTIC_ROOTS = {"08", "14", "17"}


MUTUAL_CODES = {"040", "041", "046", "0311", "0312", "057", "060", "061", "062", "064"}


def country_actor(country: str | None, near: Place | Actor) -> Actor | None:
    """The country itself as an actor (a target with no one named), pointing at `near`'s text."""
    if not country:
        return None
    return Actor(
        text=near.text,
        start=near.start,
        end=near.end,
        code=country,
        country=country,
        sector=None,
        name=country,
        kind="place",
    )


def own_country(source: Actor) -> Actor | None:
    return (
        country_actor(source.country, source)
        if source.country and len(source.country) == 3 and source.country not in ("IGO", "NGO", "MNC")
        else None
    )


def place_target(
    cand: Candidate, ctx: ArticleContext, offset: int, preps: tuple[str, ...] = ("on", "at", "against", "into", "in")
) -> Actor | None:
    """The country of the place an attack hit, when no actor is named ("airstrikes on Gaza City")."""
    scopes = [c for c in (child_of(cand.carrier, "dobj"),) if c is not None]
    # The small model often attaches a place right after the verb as a modifier of it ("bombed
    # Aleppo on Tuesday": npadvmod): a proper noun there is what was hit.
    scopes += [c for c in cand.carrier.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
    if cand.nominal:
        scopes.append(cand.trigger)
    scopes += [
        p
        for p in list(cand.trigger.children) + list(cand.carrier.children)
        if p.dep_ == "prep" and lemma_of(p) in preps
    ]
    for scope in scopes:
        for place in ctx.places:
            if place.country and within(place, scope, offset):
                return Actor(
                    text=place.text,
                    start=place.start,
                    end=place.end,
                    code=place.country,
                    country=place.country,
                    sector=None,
                    name=place.name,
                    kind="place",
                )
    return None


def localise(actor: Actor | None, place: Place | None, ctx: ArticleContext) -> Actor | None:
    """Give a country-less group (rebels, civilians, a hospital) a country: the one its own
    phrase places it in ("rebels in Aleppo"), else where the event happened, else, for groups
    outside the state, the country the article is about."""
    if actor is None or actor.country or not (actor.kind == "role" or (actor.kind == "person" and actor.code is None)):
        return actor
    own = [
        p
        for p in ctx.places
        if p.country
        and actor.start <= p.start
        and p.end <= actor.end + 40
        and p.start >= actor.start
        and ctx.text[actor.end : p.start].strip().split(" ")[0] in ("", "in", "of", "from", "near")
    ]
    country = own[0].country if own else None
    if country is None and place is not None and place.country and place.start >= 0:
        if not (place.feature == "country" and actor.sector in ("GOV", "MIL", "COP", "JUD", "LEG")):
            country = place.country  # a dateline says where the reporter was, not whose group this is
    if country is None:
        # A group outside the state, or (with no dateline to say whose) a state body: the
        # country the article is about, else the one its places are in.
        country = ctx.actors.focus_country or places_country(ctx)
    if country is None:
        return actor
    return replace(actor, country=country, code=country + (actor.sector or ""))


def places_country(ctx: ArticleContext) -> str | None:
    countries = Counter(p.country for p in ctx.places if p.country and p.geonameid is not None)
    return countries.most_common(1)[0][0] if countries else None


# Event types whose target, when the sentence names none, is implied: an accusation, a demand,
# a refusal or a threat is aimed at someone even when the sentence only names the act.
# (Measured: coding-gold target country 0.826 -> 0.864, triple F1 0.622 -> 0.644; VOA train
# split full matches F1 0.148 -> 0.169, `newsevents bench coding --coder rules`.)
IMPLIED_TARGETS = frozenset(
    {
        "ACCUSE",
        "REQUEST",
        "REJECT",
        "THREATEN",
        "SANCTION",
        "SUPPORT",
        "AGREE",
        "CONSULT",
        "COERCE",
        "AID",
        "CONCEDE",
        "RETREAT",
        "COOPERATE",
    }
)
# Actors whose unaimed acts concern their own state: an opposition's criticism, a court's order.
DOMESTIC_SECTORS = {"OPP", "LEG", "JUD", "CVL", "REB", "PTY", "LAB", "EDU", "MED", "HRI", "REL", "CRM", "COP"}


def implied_target(cand: Candidate, ctx: ArticleContext, offset: int, sent, source: Actor | None) -> Actor | None:
    """The target of an event whose sentence names none: the nearest country the sentence names
    besides the source's (after the trigger first), else a domestic actor's own state."""
    own = source.country if source is not None else None
    at = offset + cand.trigger.idx
    start, end = offset + sent.start_char, offset + sent.end_char
    named = [
        p
        for p in ctx.mentions
        if start <= p.start
        and p.end <= end
        and p.country != own
        and not (source is not None and source.start <= p.start and p.end <= source.end)
        and p.country not in ("IGO", "NGO", "MNC")
    ]
    if named:
        place = min(named, key=lambda p: (p.start < at, abs(p.start - at)))
        return country_actor(place.country, place)
    if (
        source is not None
        and own
        and len(own) == 3
        and own not in ("IGO", "NGO", "MNC")
        and source.sector in DOMESTIC_SECTORS
    ):
        return Actor(
            text=source.text,
            start=source.start,
            end=source.end,
            code=own + "GOV",
            country=own,
            sector="GOV",
            name=own,
            kind="implied",
        )
    return None
