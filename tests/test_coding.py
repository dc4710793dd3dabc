"""Event coding: who did what to whom, when and where, on the seed and on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SHARED, needs_shared
from newsevents.extract import extract
from newsevents.records import RawDocument

SEED = SHARED / "seed" / "aleppo-2016-09-28.txt"


@pytest.fixture(scope="module")
def seed_ingested(pipeline):
    """The seed's events as `ingest` codes them: extracted, dated by its dateline."""
    article = extract(RawDocument(str(SEED), SEED.read_bytes()))
    [coded] = pipeline.code_articles([article])
    return coded.events


@pytest.fixture(scope="module", params=["ingest", "code"])
def seed_events(request, pipeline):
    """The seed's events as `ingest` codes the page, and as `code` codes its text alone (no
    date, no dateline: who Kerry and Lavrov are comes from the who's-who)."""
    if request.param == "ingest":
        return request.getfixturevalue("seed_ingested")
    article = extract(RawDocument(str(SEED), SEED.read_bytes()))
    return pipeline.code_text(article.text)


def code(pipeline, text, day="2016-09-28"):
    return pipeline.code_text(text, date=day)


def find(events, source=None, type=None, target=None, **flags):
    """Events matching source/target country (or code prefix) and PLOVER type."""

    def actor_matches(actor, wanted):
        if wanted is None:
            return True
        if actor is None:
            return wanted == "-"
        return actor.country == wanted or (actor.code or "").startswith(wanted)

    return [
        e
        for e in events
        if (type is None or e.plover_type == type)
        and actor_matches(e.source, source)
        and actor_matches(e.target, target)
        and all(getattr(e, k) == v for k, v in flags.items())
    ]


# -- the founding example -------------------------------------------------------------------------


@needs_shared
def test_seed_united_states_threatens_russia(seed_events):
    threats = find(seed_events, "USA", "THREATEN", "RUS", negated=False)
    assert threats and all(e.cameo_code.startswith("13") for e in threats)
    assert any(e.cameo_code == "1313" for e in threats)  # to reduce or break relations


@needs_shared
def test_seed_united_states_accuses_russia(seed_events):
    assert find(seed_events, "USA", "ACCUSE", "RUS")


@needs_shared
def test_seed_kerry_calls_lavrov(seed_events):
    calls = find(seed_events, "USA", "CONSULT", "RUS")
    assert calls
    assert any("Kerry" in e.source.text and "Lavrov" in e.target.text for e in calls)


@needs_shared
def test_seed_france_accuses_syria(seed_events):
    accusations = find(seed_events, "FRA", "ACCUSE", "SYR")
    assert any("Ayrault" in e.source.text for e in accusations)


@needs_shared
def test_seed_assault_on_aleppo_is_located_in_aleppo(seed_events):
    assaults = [e for e in find(seed_events, type="ASSAULT") if e.source and e.source.country in ("RUS", "SYR")]
    assert assaults
    located = [e for e in assaults if e.location and e.location.geonameid == 170063]
    assert located
    place = located[0].location
    assert place.country == "SYR" and place.name == "Aleppo"
    assert place.lat == pytest.approx(36.2, abs=0.01) and place.lon == pytest.approx(37.16, abs=0.01)


@needs_shared
def test_seed_events_are_dated_from_the_dateline_not_the_site(seed_ingested):
    assert seed_ingested
    for event in seed_ingested:
        assert event.date is not None
        assert event.date <= date(2016, 9, 28) and (event.date.year, event.date.month) == (2016, 9)


@needs_shared
def test_seed_never_says_the_us_attacked_or_cut_relations(seed_events):
    assert not find(seed_events, "USA", "ASSAULT")
    cuts = [e for e in find(seed_events, "USA", "SANCTION") if not (e.negated or e.hypothetical)]
    assert not cuts


@needs_shared
def test_seed_evidence_offsets_point_into_the_article(pipeline, seed_events):
    article = extract(RawDocument(str(SEED), SEED.read_bytes()))
    for event in seed_events:
        start, end = event.evidence_span
        assert article.text[start:end] == event.evidence
        assert article.text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.source is None or article.text[event.source.start : event.source.end] == event.source.text


# -- sentences of our own ---------------------------------------------------------------------------


def test_active_attack_with_weekday_and_place(pipeline):
    events = code(pipeline, "Russian warplanes bombed rebel positions in Aleppo on Tuesday, killing 12 civilians.")
    [bombing] = [e for e in events if e.trigger.text == "bombed"]
    assert bombing.plover_type == "ASSAULT" and bombing.cameo_code == "195"  # aerial
    assert bombing.source.code == "RUSMIL"
    assert bombing.target.sector == "REB" and bombing.target.country == "SYR"
    assert bombing.date == date(2016, 9, 27) and bombing.date_precision == "day"
    assert bombing.location.name == "Aleppo"


def test_passive_attack_takes_the_agent_as_source(pipeline):
    events = code(pipeline, "A hospital in Idlib was hit by Syrian artillery on Monday.")
    [attack] = find(events, "SYR", "ASSAULT")
    assert attack.source.sector == "MIL" and attack.target.text.endswith("hospital")
    assert attack.date == date(2016, 9, 26)


def test_passive_with_relative_date(pipeline):
    events = code(pipeline, "Rebel positions near Homs were shelled by government forces two days ago.")
    [shelling] = find(events, type="ASSAULT")
    assert shelling.cameo_code == "194" and shelling.target.sector == "REB"
    assert shelling.date == date(2016, 9, 26)


def test_negated_attack_is_marked(pipeline):
    attacks = find(
        code(pipeline, "Turkey did not attack Kurdish fighters in Syria, the defence ministry said."), "TUR", "ASSAULT"
    )
    assert attacks and all(e.negated for e in attacks)


def test_denial_negates_the_denied_action(pipeline):
    denied = find(code(pipeline, "Iran denied sending troops to Yemen."), "IRN")
    assert denied and all(e.negated for e in denied)


def test_modal_makes_an_event_hypothetical(pipeline):
    [sanction] = find(
        code(pipeline, "The United States could impose sanctions on Venezuela, officials said."),
        "USA",
        "SANCTION",
        "VEN",
    )
    assert sanction.hypothetical and not sanction.negated


def test_reported_speech_codes_the_reported_actor(pipeline):
    events = code(pipeline, "The Israeli minister said Hamas had attacked a convoy near Rafah on Sept. 26.")
    attacks = find(events, type="ASSAULT")
    assert attacks and attacks[0].source.code.startswith("PSE")
    assert attacks[0].date == date(2016, 9, 26)
    assert not find(events, "ISR", "ASSAULT")


def test_compound_actors_agree_with_each_other(pipeline):
    events = code(pipeline, "Germany and France agreed on Monday to cooperate on border security.")
    assert find(events, "DEU", "AGREE", "FRA") and find(events, "FRA", "AGREE", "DEU")


def test_arrest_by_police(pipeline):
    events = code(pipeline, "Police in Nairobi arrested 40 protesters on Wednesday.")
    [arrest] = find(events, type="COERCE")
    assert arrest.cameo_code == "173" and arrest.source.sector == "COP" and arrest.target.sector == "CVL"
    assert arrest.source.country == "KEN"


def test_protest_by_workers(pipeline):
    [protest] = find(
        code(pipeline, "Thousands of workers protested against pension cuts in Paris last week."), type="PROTEST"
    )
    assert protest.source.code == "FRALAB" and protest.date_precision == "week"


def test_signed_agreement_is_reciprocal(pipeline):
    events = code(pipeline, "China and Japan signed a trade agreement in Beijing.")
    assert find(events, "CHN", "SUPPORT", "JPN") and find(events, "JPN", "SUPPORT", "CHN")
    assert all(e.cameo_code == "057" for e in events)


def test_pledge_of_aid_is_an_intent(pipeline):
    [pledge] = code(pipeline, "The European Union pledged 20 million euros in humanitarian aid for Sudan.")
    assert pledge.plover_type == "AGREE" and pledge.cameo_code.startswith("033")
    assert pledge.source.code.startswith("IGO")


def test_request_to_halt_airstrikes(pipeline):
    [request] = code(pipeline, "Egypt urged Israel to halt its airstrikes on Gaza.")
    assert request.plover_type == "REQUEST" and request.target.country == "ISR"
    assert request.cameo_code == "0256"  # appeal for de-escalation, not an airstrike


def test_conditional_threat(pipeline):
    [threat] = find(
        code(pipeline, "North Korea threatened to attack South Korea if the military drills continued."),
        "PRK",
        "THREATEN",
        "KOR",
    )
    assert threat.cameo_code == "1384"  # threaten a conventional attack


def test_threatened_action_is_not_coded_as_done(pipeline):
    events = code(pipeline, "The United States threatened to cut diplomatic ties with Cuba.")
    assert find(events, "USA", "THREATEN", "CUB")
    assert not find(events, type="SANCTION")


def test_historical_event_keeps_its_own_date(pipeline):
    events = code(pipeline, "Germany invaded Poland in 1939, the museum's guide told visitors on Tuesday.")
    [invasion] = find(events, "DEU", "ASSAULT")
    assert invasion.historical and invasion.date.year == 1939


def test_expulsion_of_an_ambassador(pipeline):
    [expulsion] = code(pipeline, "Venezuela expelled the German ambassador on Friday.")
    assert expulsion.plover_type == "SANCTION" and expulsion.target.code == "DEUGOV"
    assert expulsion.date == date(2016, 9, 23)


def test_accusation_with_month(pipeline):
    [accusation] = find(
        code(pipeline, "Ukraine accused Russia of shelling a nuclear power plant last month."), "UKR", "ACCUSE", "RUS"
    )
    assert accusation.date_precision == "month" and accusation.date == date(2016, 8, 1)


def test_capital_as_actor_and_person_resolved_in_the_article(pipeline):
    text = (
        "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry in Geneva on Friday. "
        "Later, Lavrov criticised Washington for the strikes."
    )
    events = code(pipeline, text)
    assert find(events, "RUS", "CONSULT", "USA")
    criticism = find(events, "RUS", "ACCUSE", "USA")
    assert criticism and criticism[0].source.text == "Lavrov" and criticism[0].target.code == "USAGOV"


def test_sentence_without_events_yields_nothing(pipeline):
    assert code(pipeline, "The weather in Geneva was mild for the time of year.") == []


def test_text_without_date_has_no_event_date(pipeline):
    [event] = pipeline.code_text("Police arrested 40 protesters in Nairobi.")
    assert event.date is None and event.date_precision is None


def test_us_in_capitals_is_the_united_states_not_a_pronoun(pipeline):
    assert find(code(pipeline, "The US rejected the plan on Monday."), "USA", "REJECT")


def test_declining_to_comment_is_no_rejection(pipeline):
    assert code(pipeline, "The Kenyan government declined to comment on the report.") == []


def test_declining_to_resign_is_a_rejection(pipeline):
    [event] = find(code(pipeline, "Kenya's finance minister declined to resign on Tuesday."), "KEN", "REJECT")
    assert event.cameo_code.startswith("12") and not event.negated


def test_promise_of_an_uncoded_act_is_an_intent(pipeline):
    events = code(pipeline, "Ghana's president promised to democratize the civil service.")
    assert find(events, "GHA", "AGREE") and not find(events, type="ASSAULT")


def test_vow_of_cooperation_is_a_promise_not_a_threat(pipeline):
    events = code(pipeline, "Peru vowed to cooperate with Chile on border security.")
    assert find(events, "PER", "AGREE", "CHL") and not find(events, type="THREATEN")


def test_wanting_another_state_to_act_is_a_request(pipeline):
    events = code(pipeline, "Israel wants Germany to pay more compensation to the victims' families.")
    assert find(events, "ISR", "REQUEST", "DEU")


def test_statement_condemning_takes_whoever_issued_it(pipeline):
    events = code(pipeline, "Norway issued a statement condemning Sudan for the bombing of a market.")
    assert find(events, "NOR", "ACCUSE", "SDN")


def test_rally_to_protest_takes_whoever_gathered(pipeline):
    events = code(pipeline, "Thousands of Nigerians gathered for a rally in Lagos to protest against police brutality.")
    assert find(events, "NGA", "PROTEST")


def test_main_clause_outranks_its_purpose_clause(pipeline):
    events = code(
        pipeline, "Students in Jakarta staged mass demonstrations on Saturday to demand the president's resignation."
    )
    best = max(events, key=lambda e: e.confidence)
    assert best.plover_type == "PROTEST"


def test_conditional_refusal_is_a_rejection(pipeline):
    events = code(pipeline, "Syria said it will not accept any more refugees if war starts in Iraq.")
    assert find(events, "SYR", "REJECT")


def test_agentless_arrest_names_the_authorities_of_the_place(pipeline):
    [event] = find(code(pipeline, "Three journalists were arrested in Cairo on Sunday."), "EGY", "COERCE")
    assert event.source.kind == "implied" and event.source.sector == "COP"


def test_militia_attack_on_civilians_is_an_assault_not_a_battle(pipeline):
    events = code(pipeline, "Militiamen attacked civilians in a village near Goma on Monday.")
    assert [e.cameo_code[:2] for e in events] == ["18"]


def test_preparing_an_attack_is_a_show_of_force(pipeline):
    events = code(pipeline, "The Macedonian army prepared to resume shelling rebel positions on Friday.")
    assert find(events, "MKD", "MOBILIZE") and not find(events, type="ASSAULT")


def test_decision_to_act_in_the_future_is_a_promise(pipeline):
    events = code(pipeline, "The Dutch cabinet decided to withdraw its soldiers from Mali by the end of next year.")
    assert events and all(e.plover_type != "RETREAT" and e.date == date(2016, 9, 28) for e in events)


def test_clashes_between_two_sides_go_both_ways(pipeline):
    events = code(pipeline, "Fighting between Armenian and Azerbaijani troops killed four soldiers on Tuesday.")
    assert find(events, "ARM", "ASSAULT", "AZE") and find(events, "AZE", "ASSAULT", "ARM")


def test_one_attack_with_its_toll_is_one_event(pipeline):
    events = code(pipeline, "Russian artillery shelled Kherson on Monday night, wounding five people.")
    assert [e.plover_type for e in events] == ["ASSAULT"] and events[0].cameo_code == "194"


def test_rally_demanding_resignation_is_one_protest(pipeline):
    events = code(
        pipeline,
        "Tens of thousands of people marched through Bratislava on Saturday, demanding the government's resignation.",
    )
    assert [e.plover_type for e in events] == ["PROTEST"] and events[0].cameo_code == "1411"


def test_match_report_is_no_assault(pipeline):
    assert code(pipeline, "Brazil beat Argentina 2-1 in a World Cup qualifier in Sao Paulo on Tuesday.") == []


def test_rejected_offer_targets_whoever_made_it(pipeline):
    events = code(pipeline, "Niger's military government rejected an offer of talks from Nigeria on Saturday.")
    assert find(events, "NER", "REJECT", "NGA")


def test_hosting_is_also_the_guests_visit(pipeline):
    events = code(pipeline, "Uzbekistan's president hosted his Turkmen counterpart in Samarkand on Tuesday.")
    assert find(events, "UZB", "CONSULT", "TKM") and find(events, "TKM", "CONSULT", "UZB")


def test_lifting_a_travel_ban_eases_administrative_sanctions(pipeline):
    [event] = code(pipeline, "Algerian authorities lifted a travel ban on a novelist on Thursday.")
    assert event.cameo_code == "081"


def test_sentences_without_triggers_are_not_parsed():
    from newsevents.coding.prefilter import introduces_person, may_hold_event, worth_parsing

    assert may_hold_event("Police fired tear gas at the crowd.")
    assert may_hold_event("Rebels blew the bridge up overnight.")
    assert not may_hold_event("The weather in Geneva was mild for the time of year.")
    assert introduces_person("France's foreign minister spoke first.") and not introduces_person("The minister spoke.")
    assert not worth_parsing("Shares rose 2 percent in early trading.")


def test_unparsed_sentences_keep_article_sentence_numbers(pipeline):
    text = (
        "The weather was mild. Prices rose slightly in the morning. Police arrested 40 protesters in Nairobi on Monday."
    )
    [event] = pipeline.code_text(text, date="2016-09-28")
    assert event.sentence_index == 2 and text[event.evidence_span[0] : event.evidence_span[1]] == event.evidence


def test_coordinated_actors_give_compound_events(pipeline):
    events = code(pipeline, "Vietnam and the Philippines agreed on Tuesday to set up a hotline.")
    assert len(events) == 2 and all(e.compound for e in events)
    [single] = code(pipeline, "Police arrested 40 protesters in Nairobi on Monday.")
    assert not single.compound


def test_announced_protest_is_future(pipeline):
    [event] = code(pipeline, "Kenyan teachers will strike on Monday over pay.")
    assert event.plover_type == "PROTEST" and event.future and event.hypothetical


def test_domestic_coercion_falls_on_the_country_where_it_happens(pipeline):
    [event] = code(pipeline, "Authorities in India's Manipur state imposed a curfew in Imphal on Saturday.")
    assert event.plover_type == "COERCE" and event.target is not None and event.target.country == "IND"


def test_a_phone_call_is_consultation_both_ways(pipeline):
    events = code(pipeline, "France's president spoke by telephone on Saturday with the president of Ivory Coast.")
    assert find(events, "FRA", "CONSULT", "CIV") and find(events, "CIV", "CONSULT", "FRA")


def test_vow_to_retaliate_targets_the_author_of_the_attack(pipeline):
    events = code(pipeline, "Iran vowed on Saturday to retaliate for an Israeli airstrike in Damascus.")
    assert find(events, "IRN", "THREATEN", "ISR")


@pytest.mark.parametrize(
    "text, cameo",
    [
        ("M23 rebels gave Congolese troops 48 hours to leave the town of Uvira.", "139"),
        ("Sweden declared three Russian diplomats persona non grata on Thursday.", "166"),
        ("Tajikistan ordered two election observers to leave the country on Friday.", "1662"),
        ("Chadian authorities expelled a French journalist on Monday.", "174"),
        ("Georgia's opposition alliance called off a planned march on parliament on Saturday.", "082"),
        ("Forty migrants in Athens began refusing food on Monday.", "142"),
        ("Protesters looted shops in Maputo on Thursday.", "145"),
        ("A Myanmar air force strike on a village in Sagaing killed 23 people on Tuesday.", "195"),
        ("Honduras granted diplomatic recognition to Kosovo on Thursday.", "054"),
    ],
)
def test_lexicon_cases(pipeline, text, cameo):
    assert cameo in [e.cameo_code for e in code(pipeline, text)], text


def test_accused_act_is_the_accused_actors_event(pipeline):
    events = code(pipeline, "Djibouti accused Eritrea on Tuesday of massing troops along their border.")
    assert find(events, "DJI", "ACCUSE", "ERI") and find(events, "ERI", "MOBILIZE")


def test_own_drills_show_force_joint_drills_cooperate(pipeline):
    assert find(
        code(pipeline, "China's military launched large-scale drills around Taiwan on Monday."), "CHN", "MOBILIZE"
    )
    assert find(code(pipeline, "French and Egyptian warships launched war games on Monday."), "FRA", "COOPERATE", "EGY")


def test_they_stands_for_every_speaker(pipeline):
    events = code(pipeline, "Kyrgyz and Tajik officials said on Thursday they would accept Kazakh mediation.")
    assert find(events, "KGZ", "AGREE", "KAZ") and find(events, "TJK", "AGREE", "KAZ")


def test_talks_reported_by_a_minister_are_her_countrys(pipeline):
    events = code(
        pipeline,
        "Chile's foreign minister said on Monday that talks with Argentina held last week had made real progress.",
    )
    assert find(events, "CHL", "CONSULT", "ARG")


def test_aid_dropped_over_a_place_goes_to_its_country(pipeline):
    events = code(pipeline, "A Jordanian military aircraft airdropped food parcels over northern Gaza on Sunday.")
    assert find(events, "JOR", "AID", "PSE")


def test_demanded_end_of_a_siege_is_a_demand_to_de_escalate(pipeline):
    [event] = code(pipeline, "The U.N. Security Council demanded an end to the siege of El Fasher on Tuesday.")
    assert event.cameo_code == "1056"


def test_a_clause_with_no_verb_and_no_subject_codes_without_error(pipeline):
    # "willing" as the root of its own sentence is its own head: following heads must stop there.
    for text in ("Willing to supply.", "Coffee prices may fall further, traders said.\n\nwilling to supply."):
        pipeline.code_text(text, date="1987-03-02")


def test_a_misspelt_month_the_date_pattern_accepts_is_read():
    from newsevents.dates import resolve

    assert resolve("Sepember 12", date(1987, 10, 2)) == resolve("September 12", date(1987, 10, 2)) is not None


def test_a_bombed_place_the_parser_leaves_unattached_is_the_target(pipeline):
    # The small model parses "Aleppo" here as a modifier of the verb, not its object.
    [event] = [
        e
        for e in pipeline.code_text("Russian warplanes bombed Aleppo on Tuesday.", date="2016-09-28")
        if e.plover_type == "ASSAULT"
    ]
    assert (event.source.code, event.target.code, event.target.text) == ("RUSMIL", "SYR", "Aleppo")
    assert event.location is not None and event.location.name == "Aleppo"
