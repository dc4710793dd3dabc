"""Building events: each sentence's candidates, with their governance, participants, date
and place, become coded events; `code_article` codes a whole analysed article.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from newsevents.actors import ArticleActors, default_dictionary
from newsevents.actors.dictionary import ActorDictionary
from newsevents.coding.context import ArticleContext
from newsevents.coding.governance import apply_governance, condition_subject
from newsevents.coding.implied import (
    DOMESTIC_ROOTS,
    IMPLIED_TARGETS,
    MUTUAL_CODES,
    country_actor,
    implied_authority,
    implied_target,
    is_reciprocal,
    localise,
    own_country,
    place_target,
)
from newsevents.coding.layer import MODEL_RULE, SentenceLayer, calibrate, model_candidates
from newsevents.coding.lexicon import Sense, lex
from newsevents.coding.model import EventModel
from newsevents.coding.participants import Resolver, resolve_targets, subject_of, targets_of, violence_kind
from newsevents.coding.syntax import lemma_of, nominal_source, object_of, pobjs, with_conjuncts
from newsevents.coding.triggers import Candidate, find_candidates, noun_sense
from newsevents.coding.whenwhere import HISTORICAL_YEARS, dateline_fits, event_date, location_of
from newsevents.geo import Gazetteer, geoparse_article
from newsevents.geo.resolver import PlaceModel
from newsevents.ontology import cameo, conflictual, cooperative, root
from newsevents.records import Actor, Dateline, Event, Place, Trigger


def _confidence(
    cand: Candidate, source: Actor | None, target: Actor | None, explicit_source: bool, sentence_index: int
) -> float:
    """A heuristic score for how sure the coder is of the coding (not a calibrated probability)."""
    score = 0.6
    score += 0.15 if explicit_source else -0.15
    score += 0.05 if target is not None else -0.05
    score -= 0.1 if cand.nominal and cand.carrier is cand.trigger else 0.0
    score -= 0.1 if source is None or (source.kind == "role" and source.country is None) else 0.0
    score -= 0.05 if sentence_index > 8 else 0.0
    # The main clause carries the news; relative and subordinate clauses carry background
    # ("a helicopter that was captured last week").
    score += _clause_weight(cand.carrier)
    return round(max(0.05, min(0.95, score)), 2)


def _clause_weight(clause: Token) -> float:
    """The main clause, or what a speaker said in it, outranks participles, purposes and
    time clauses ("staged rallies to demand ..."; "one day after a jet shot down ..."),
    which outrank relative clauses."""
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "ROOT" or (
        clause.dep_ == "ccomp" and clause.head.dep_ == "ROOT" and lemma_of(clause.head) in lex.w.SPEECH_VERBS
    ):
        return 0.1
    if clause.dep_ in ("relcl", "acl"):
        return -0.1
    if clause.dep_ in ("advcl", "pcomp", "pobj"):
        return -0.05
    return 0.0


def _confirmed(cand: Candidate, layer: SentenceLayer | None) -> bool:
    """Whether the learned layer found the event, or finds its type likely in the sentence (a
    code with no PLOVER type, a statement, is no type the model knows)."""
    type_ = cameo(cand.sense.code).plover_type
    return cand.sense.rule.startswith(MODEL_RULE) or (
        layer is not None and type_ is not None and layer.p(type_) >= layer.model.thresholds["add"]
    )


def _may_stand_alone(cand: Candidate, layer: SentenceLayer | None) -> bool:
    """Whether an event whose sentence names no actor is still an event: an act reported in a
    clause of its own, an attack, an arrest, aid ("the residence ... was targeted with a grenade
    attack"), or one the model found or finds likely ("peaceful protest took place in Batsari");
    not a statement nobody made, nor an act only named by a noun that the model does not find
    likely either ("the bombing of civilians" in a quote about history)."""
    code = cameo(cand.sense.code)
    if cand.sense.rule.startswith(MODEL_RULE) or (cand.nominal and cand.carrier is cand.trigger):
        return _confirmed(cand, layer)
    return code.quad_class in (2, 4) or code.plover_type == "PROTEST"  # protests are acts, not words


def _code(actor: Actor | None) -> str | None:
    return actor.code if actor is not None else None


# A source and a target (either may be unknown), and with its CAMEO code, one coded event.
Pair = tuple[Actor | None, Actor | None]
Dyad = tuple[Actor | None, Actor | None, str]


def _sentence_events(
    ctx: ArticleContext, index: int, offset: int, sent: Span, layer: SentenceLayer | None = None
) -> list[Event]:
    """The events a sentence reports; its subjects become the antecedents of later pronouns."""
    found = find_candidates(sent)
    if layer is not None:
        found += model_candidates(sent, layer, found)
    events: list[Event] = []
    explicit_sources: dict[int, bool] = {}
    seen: set[tuple] = set()
    for cand in apply_governance(found):
        coded, explicit = _candidate_events(ctx, index, offset, sent, layer, cand, seen)
        explicit_sources.update((id(event), explicit) for event in coded)
        events += coded
    events = _one_per_dyad(events)
    if layer is not None:
        # The model vetoes rule events it finds all but impossible; what found each event and
        # how likely it is to be right (calibrated) replace the rules' heuristic.
        events = [
            calibrate(e, layer, e.confidence, explicit_sources[id(e)])
            for e in events
            if e.trigger.rule.startswith(MODEL_RULE) or not layer.vetoes(e.plover_type)
        ]
        events = [e for e in events if e.confidence >= layer.model.thresholds.get("report", 0.0)]
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON":
            ctx.salience.extend(ctx.actors.actors(token, offset))
    return events


def _candidate_events(
    ctx: ArticleContext,
    index: int,
    offset: int,
    sent: Span,
    layer: SentenceLayer | None,
    cand: Candidate,
    seen: set[tuple],
) -> tuple[list[Event], bool]:
    """The events one candidate codes (none when it has no parties to speak of, or repeats an
    event of the sentence, in `seen`), and whether the text named their source itself."""
    speakers = _speakers(ctx, offset, cand)
    parties = _parties(ctx, offset, sent, layer, cand, speakers)
    if parties is None:
        return [], False
    sense, pairs, explicit = parties
    when, precision, historical, sense = _dated(cand, sent, ctx.published, sense)
    if cameo(sense.code).plover_type is None:
        return [], explicit
    coded = _dyads(cand, sense, pairs)
    compound = len(coded) > 1 and (len({_code(s) for s, _, _ in coded}) > 1 or len({_code(t) for _, t, _ in coded}) > 1)
    speaker = speakers[0] if speakers else None
    trigger = Trigger(
        cand.trigger.text, offset + cand.trigger.idx, offset + cand.trigger.idx + len(cand.trigger), sense.rule
    )
    start = offset + sent.start_char
    events = []
    for source, target, event_code in coded:
        code = cameo(event_code)
        assert code.plover_type is not None  # the codes _dyads gives are PLOVER events, as the sense's is
        key = (_code(source), _code(target), code.code, cand.negated)
        if key in seen:
            continue
        seen.add(key)
        spans = [(a.start, a.end) for a in (source, target) if a is not None]
        location = location_of(cand, ctx, offset, sent, spans if source is not None else [])
        source, target = localise(source, location, ctx), localise(target, location, ctx)
        if not dateline_fits(code.code, location, source, target):
            location = None
        events.append(
            Event(
                doc_id=ctx.doc_id,
                sentence_index=index,
                evidence=sent.text,
                evidence_span=(start, start + len(sent.text)),
                trigger=trigger,
                cameo_code=code.code,
                cameo_label=code.name,
                plover_type=code.plover_type,
                plover_mode=code.plover_mode,
                plover_context=code.plover_context,
                goldstein=code.goldstein,
                quad_class=code.quad_class,
                source=source,
                target=target,
                date=when,
                date_precision=precision,
                location=location,
                speaker=speaker if speaker is not None and speaker.code != _code(source) else None,
                negated=cand.negated,
                hypothetical=cand.hypothetical or cand.future,
                historical=historical,
                confidence=_confidence(cand, source, target, explicit, index),
                future=cand.future,
                compound=compound,
            )
        )
    return events, explicit


def _parties(
    ctx: ArticleContext,
    offset: int,
    sent: Span,
    layer: SentenceLayer | None,
    cand: Candidate,
    speakers: list[Actor],
) -> tuple[Sense, list[Pair], bool] | None:
    """Who did it to whom: the candidate's sense as its participants refine it, its source and
    target pairs, and whether the text named the source itself; None when the event has no
    parties to speak of."""
    resolver = Resolver(ctx, offset, speakers)
    source_tokens = _source_tokens(cand)
    named = _named_sources(cand, ctx, offset, resolver, source_tokens, speakers)
    if not named and not _may_stand_alone(cand, layer):
        return None
    sources: list[Actor | None] = [*named] or [None]  # no one named: the event is kept, its source unknown
    explicit = bool(source_tokens) and bool(named) and not any(t.pos_ == "PRON" for t in source_tokens)
    sense = _refined_sense(cand, source_tokens, named)
    targets = resolve_targets(cand, _target_tokens(cand, sent), resolver, named)
    reciprocal = not targets and len(named) > 1 and is_reciprocal(cand, sense.code)
    pairs: list[Pair] = (
        [(s, t) for s in sources[:4] for t in targets[:4]]
        if targets
        else _untargeted_pairs(cand, ctx, offset, sense, sources, named, reciprocal, resolver)
    )
    if sense.needs_target and all(t is None for _, t in pairs):
        return None
    if not targets and not reciprocal and cameo(sense.code).plover_type in IMPLIED_TARGETS:
        # No one named as the target: the country the sentence names besides the source's
        # ("welcomed the announcement that Ukraine had agreed"), else, for a domestic
        # actor's act, its own state ("opposition lawmakers denounced the extension").
        pairs = [(s, t if t is not None else implied_target(cand, ctx, offset, sent, s)) for s, t in pairs]
    named_pairs = [(s, t) for s, t in pairs if s is not None or t is not None]
    if not named_pairs and not _confirmed(cand, layer):
        return None  # nobody at all, and only the rules' word for it: not an event we can say anything of
    return sense, named_pairs or [(None, None)], explicit  # "peaceful protest took place in Batsari town"


def _dated(
    cand: Candidate, sent: Span, published: date | None, sense: Sense
) -> tuple[date | None, str | None, bool, Sense]:
    """When the event happened, how precisely, and whether it is history; and its sense, which
    an act dated after the story makes a promise or a threat (`_announced`)."""
    when, precision, background = event_date(cand, sent, published)
    if when and published and when > published:
        when, sense = None, _announced(cand, sense)
    if when is None and not background:
        when, precision = published, ("day" if published else None)
    historical = background or bool(when and published and (published.year - when.year) >= HISTORICAL_YEARS)
    return when, precision, historical, sense


def _speakers(ctx: ArticleContext, offset: int, cand: Candidate) -> list[Actor]:
    """Who said it, when the event is reported speech ("X said ...")."""
    tokens = with_conjuncts([cand.source_hint]) if cand.source_hint is not None else []
    return [a for t in tokens for a in Resolver(ctx, offset, []).actors(t)]


def _participle_modifier(clause: Token) -> bool:
    """ "Syria, backed by Russia and Iran, ...": a past participle that modifies a phrase."""
    return clause.dep_ == "advcl" and clause.tag_ == "VBN"


def _source_tokens(cand: Candidate) -> list[Token]:
    """The phrases naming who acted: an event noun's own, else its clause's subject or agent."""
    if cand.nominal and cand.carrier is cand.trigger:
        return nominal_source(cand.trigger)
    tokens = subject_of(cand.carrier)
    if not tokens and _participle_modifier(cand.carrier):
        tokens = pobjs(cand.carrier, ("by",))
    return tokens


def _named_sources(
    cand: Candidate,
    ctx: ArticleContext,
    offset: int,
    resolver: Resolver,
    source_tokens: list[Token],
    speakers: list[Actor],
) -> list[Actor]:
    """The source actors: the source phrases', else the authorities an agentless arrest implies,
    else the speaker whose talks these are."""
    sources = [a for t in with_conjuncts(source_tokens) for a in resolver.actors(t)]
    if not sources:
        sources = implied_authority(cand, ctx, offset)
    if not sources and cand.nominal and cand.sense.code[:2] == "04" and pobjs(cand.trigger, ("with",)):
        sources = speakers[:1]  # "X said talks with Argentina had made progress": X's talks
    return sources


def _refined_sense(cand: Candidate, source_tokens: list[Token], named: list[Actor]) -> Sense:
    """The candidate's sense as its participants refine it: forces of two countries acting
    together, a suicide attacker, an aerial attack, the weapon an attack used."""
    sense = cand.sense
    if sense.code == "150" and sense.rule.startswith("verb+object") and len({s.country for s in named}) > 1:
        sense = replace(sense, code="062")  # "French and Egyptian warships launched war games": together
    suicide = any(lemma_of(c) == "suicide" for t in source_tokens for c in t.children)
    if sense.code[:2] in ("18", "19") and suicide:
        return Sense("1831", sense.rule + "+suicide", sense.target_preps)
    if sense.code in ("190", "180") and any(lemma_of(t) in lex.w.AERIAL for t in source_tokens):
        return Sense("195", sense.rule + "+aerial", sense.target_preps)
    if sense.code in ("190", "180") and not cand.nominal:
        return _weapon_sense(cand, sense)
    return sense


def _weapon_sense(cand: Candidate, sense: Sense) -> Sense:
    """ "wounded two soldiers in a bomb attack": the attack noun says how."""
    weapons = [
        o
        for p in cand.carrier.children
        if p.dep_ == "prep" and lemma_of(p) in ("in", "with", "by")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    weapons += [c for o in weapons for c in o.conjuncts]
    means = [o for o in weapons if lemma_of(o) in lex.nouns]
    refined = [noun_sense(o) for o in means if noun_sense(o).code[:2] in ("18", "19", "20")]
    if not refined and any(lemma_of(o) in lex.w.AERIAL or lemma_of(o) in ("missile", "missiles") for o in weapons):
        refined = [Sense("195", "with:aerial")]  # "struck a ship with a drone and two missiles"
    if refined and refined[0].code not in ("190", "180"):
        return Sense(refined[0].code, f"{sense.rule}+{refined[0].rule}", sense.target_preps)
    return sense


def _target_tokens(cand: Candidate, sent: Span) -> list[Token]:
    tokens = targets_of(cand)
    if _participle_modifier(cand.carrier) and not tokens:
        # "Syria, backed by Russia and Iran, ...": the participle modifies the phrase before it.
        left = [
            t
            for t in sent
            if t.i < cand.carrier.i and t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("dobj", "nsubj", "pobj")
        ]
        tokens = left[-1:]
    return tokens


def _untargeted_pairs(
    cand: Candidate,
    ctx: ArticleContext,
    offset: int,
    sense: Sense,
    sources: list[Actor | None],
    named: list[Actor],
    reciprocal: bool,
    resolver: Resolver,
) -> list[Pair]:
    """The source and target pairs of an event whose sentence names no target: each side of
    "X and Y met", the country of the place attacked or aided, the country a domestic act
    happens in, whoever a threat's condition names; else no target."""
    pairs: list[Pair] = [(s, None) for s in sources[:4]]
    if reciprocal:
        # "X and Y signed an agreement": each is the other's partner.
        pairs = [(s, t) for s in named[:4] for t in named[:4] if s.code != t.code]
    if sense.code[:2] in ("18", "19", "20"):
        place = place_target(cand, ctx, offset)
        if place is not None and all(place.code != _code(s) for s in sources):
            pairs = [(s, place) for s in sources[:4]]
    if sense.code[:2] == "07":  # "airdropped food over northern Gaza": to the place's country
        place = place_target(cand, ctx, offset, preps=("to", "over", "in", "into", "for"))
        if place is not None:
            pairs = [
                (s, country_actor(place.country, place)) for s in sources[:4] if s is None or s.country != place.country
            ] or pairs
    if sense.code[:2] in DOMESTIC_ROOTS and not cand.sense.needs_target and not reciprocal:
        pairs = _domestic_pairs(cand, ctx, offset, sources)
    if root(sense.code) == "13":
        conditioned = _conditioned(cand, resolver, sources)
        if conditioned is not None:
            pairs = [(s, conditioned) for s in sources[:4]]
    return pairs


def _conditioned(cand: Candidate, resolver: Resolver, sources: list[Actor | None]) -> Actor | None:
    """Whom a threat's condition names ("unless Russia withdraws"), when that is not its source."""
    condition = condition_subject(cand.carrier)
    if condition is None:
        return None
    conditioned = [a for a in resolver.actors(condition) if all(a.code != _code(s) for s in sources)]
    return conditioned[0] if conditioned else None


def _domestic_pairs(cand: Candidate, ctx: ArticleContext, offset: int, sources: list[Actor | None]) -> list[Pair]:
    """A curfew, a ban lifted, an arrest, a resignation, a protest with no one named: it falls
    on the country where it happens (the place in its clause, else the source's)."""
    place = place_target(cand, ctx, offset, preps=("in", "on", "at", "across", "throughout"))
    pairs = [
        (s, country_actor(place.country, place) if place is not None else own_country(s) if s else None)
        for s in sources[:4]
    ]
    return [(s, t if t is None or t.code != _code(s) else None) for s, t in pairs]


def _announced(cand: Candidate, sense: Sense) -> Sense:
    """ "would meet next year", "decided to withdraw by the end of next year": the promise (or
    the threat) is today's, the act is not."""
    if cooperative(sense.code) and sense.code[:2] != "03":
        sense = Sense(lex.wanted_code("intent", sense.code), f"intent:dated>{sense.rule}", sense.target_preps)
        cand.hypothetical = cand.future = False  # the promise was made
    elif conflictual(sense.code):
        sense = Sense(lex.threat_code(sense.code), f"announced:dated>{sense.rule}", sense.target_preps)
        cand.hypothetical = cand.future = False
    return sense


def _dyads(cand: Candidate, sense: Sense, pairs: list[Pair]) -> list[Dyad]:
    """Each pair's event code; hosting is also the guest's visit, and a meeting, a call or a
    negotiation each side's consultation of the other."""
    coded = [(s, t, violence_kind(sense.code, cand, s, t)) for s, t in pairs]
    if sense.code == "043" and lemma_of(object_of(cand.carrier)) not in lex.nouns:
        coded += [(t, s, "042") for s, t in pairs if t is not None and s is not None]
    elif sense.code in MUTUAL_CODES:
        coded += [(t, s, sense.code) for s, t in pairs if t is not None and s is not None and t.kind != "place"]
    return coded


def _one_per_dyad(events: list[Event]) -> list[Event]:
    """One event per source, target and type in a sentence: "discussed shipping in a telephone
    call" is one consultation (the most confident, then the most specific code)."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (_code(event.source), _code(event.target), event.plover_type, event.negated)
        kept = best.get(key)
        if kept is None or (event.confidence, len(event.cameo_code)) > (kept.confidence, len(kept.cameo_code)):
            best[key] = event
    # An event with no target says less than the same one with its target: "rejected an offer
    # of talks from ECOWAS, saying it would not negotiate".
    targeted = {(_code(e.source), e.plover_type, e.negated) for e in best.values() if e.target is not None}
    chosen = {
        id(e)
        for e in best.values()
        if e.target is not None or (_code(e.source), e.plover_type, e.negated) not in targeted
    }
    return [e for e in events if id(e) in chosen]


def code_article(
    doc_id: str,
    analysed,
    *,
    published: date | None = None,
    dateline: Dateline | None = None,
    dictionary: ActorDictionary | None = None,
    gazetteer: Gazetteer | None = None,
    model: EventModel | None = None,
    place_model: PlaceModel | None = None,
) -> tuple[list[Event], list[Place]]:
    """Code every event of an analysed article; returns the events and the article's places.
    With `model`, the learned event layer adds, vetoes and calibrates events; `place_model`
    resolves place names instead of the shipped one."""
    places, dateline_place = geoparse_article(analysed, dateline, gazetteer, place_model)
    actors = ArticleActors(
        dictionary or default_dictionary(),
        home_country=dateline_place.country if dateline_place else None,
        day=published,
    )
    sentences = list(analysed.sentences())
    actors.register_people(sentences)
    # Nationality words ("Russian jets") and names inside other names ("The Washington Post")
    # are not where anything happened.
    located = [p for p in places if p.role == "place"]
    ctx = ArticleContext(
        doc_id,
        analysed.text,
        published,
        actors,
        located,
        dateline_place,
        mentions=[p for p in places if p.country and p.role in ("place", "adjective")],
    )
    layers: list[SentenceLayer | None] = [None] * len(sentences)
    if model is not None and sentences:
        probabilities = model.probabilities([sent.text for _, _, sent in sentences])
        layers = [SentenceLayer(model, dict(zip(model.types, row.tolist()))) for row in probabilities]
    events: list[Event] = []
    for (index, offset, sent), layer in zip(sentences, layers):
        events.extend(_sentence_events(ctx, index, offset, sent, layer))
    return events, places
