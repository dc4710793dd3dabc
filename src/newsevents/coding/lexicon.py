"""The trigger lexicon: which words express which CAMEO event, and where their target is.

Three kinds of trigger:
- event verbs that carry their own meaning ("accuse", "shell", "arrest");
- verbs whose meaning comes from their object ("halt" + "diplomacy" reduces relations,
  "halt" + "airstrikes" de-escalates; "impose" + "sanctions"; "sign" + "agreement");
- event nouns ("airstrikes", "talks", "protest"), coded when the phrase names its own actor
  ("Russian airstrikes", "talks between X and Y") or a light verb carries them ("launched
  an offensive", "held talks").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sense:
    code: str
    rule: str
    target_preps: tuple[str, ...] = ()
    needs_target: bool = False  # "spoke to reporters" is no event; "spoke with Lavrov" is


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of a sports report: "beat Argentina 2-1 in a World Cup qualifier" is no assault.
SPORTS = _words("match matches game games qualifier qualifiers final finals semifinal semi-final league cup "
                "tournament championship championships season goal goals innings wicket wickets olympic "
                "olympics medal derby fixture squad striker goalkeeper tennis football soccer cricket rugby")
WIN_VERBS = _words("beat defeat thrash crush edge rout trounce overcome outplay")

# -- object classes (lemmas) ------------------------------------------------------------------
RELATIONS = _words("relation relations tie ties diplomacy engagement contact contacts cooperation "
                   "dialogue embassy embassies link links flight flights visit visits trip trips")
TALKS = _words("talk talks negotiation negotiations meeting meetings summit process")
MEDIATION = _words("mediation")
ECONOMIC_AID = _words("loan loans credit credits grant grants money fund funds funding dollar dollars euro "
                      "disbursement disbursements tranche tranches bailout "
                      "euros pound pounds yen yuan million billion package investment")
HUMANITARIAN_AID = _words("food medicine medicines relief supply supplies shelter tent tents water blanket "
                          "blankets vaccine vaccines goods")
AID = _words("aid assistance help support") | ECONOMIC_AID | HUMANITARIAN_AID
MILITARY_AID = _words("weapon weapons arm arms ammunition missile missiles tank tanks jet jets equipment "
                      "material materiel hardware vehicle vehicles drone drones helicopter helicopters")
SANCTIONS = _words("sanction sanctions embargo embargoes tariff tariffs ban bans restriction restrictions "
                   "boycott blockade blockades")
VIOLENCE = _words("attack attacks offensive airstrike airstrikes strike strikes bombing bombings "
                  "shelling fighting hostility hostilities assault violence war operation operations "
                  "campaign raid raids bombardment incursion")
CAPTIVES = _words("prisoner prisoners hostage hostages detainee detainees captive captives activist "
                  "activists journalist journalists correspondent correspondents soldier soldiers sailor "
                  "sailors fisherman fishermen national nationals citizen citizens suspect suspects "
                  "dissident dissidents")
TROOPS = _words("troop troops force forces soldier soldiers tank tanks warship warships unit units "
                "reservist reservists army battalion battalions brigade brigades peacekeeper peacekeepers "
                "police jet jets aircraft officer officers")
MONEY = _words("euro euros dollar dollars pound pounds yen yuan million billion package")
PEOPLE = _words("people person civilian civilians student students pupil pupils child children schoolgirl "
                "schoolgirls schoolboy schoolboys worker workers villager villagers passenger passengers "
                "tourist tourists resident residents woman women man men farmer farmers girl girls boy boys "
                "fisherman fishermen crew refugee refugees migrant migrants adviser advisers")
PROPERTY = _words("ship ships vessel vessels property properties asset assets plane planes boat boats cargo "
                  "land lands house houses home homes")
ROUTES = _words("road roads bridge bridges highway highways street streets crossing crossings railway motorway motorways "
                "border port entrance access")
INFRASTRUCTURE = _words("line lines pipeline pipelines bridge bridges tower towers plant plants building "
                        "buildings station stations depot depots facility facilities")
INSPECTORS = _words("inspector inspectors observer observers monitor monitors mission missions")
CEASEFIRE = _words("ceasefire cease-fire truce armistice")
EMERGENCY = _words("emergency curfew measure measures restriction restrictions")
DEMANDS = _words("demand demands condition conditions request requests call calls")
PROPOSALS = _words("proposal proposals plan plans offer offers formula initiative initiatives deal "
                   "resolution compromise")
EXERCISES = _words("exercise exercises drill drills manoeuvre manoeuvres maneuver maneuvers patrol patrols "
                   "game games")
INFORMATION = _words("information intelligence evidence data expertise")
RETALIATION = _words("retaliate respond avenge punish")
AGREEMENTS = _words("agreement agreements deal deals accord accords treaty treaties pact pacts "
                    "memorandum ceasefire truce protocol declaration consensus understanding settlement")
TRADE = _words("import imports export exports trade goods product products oil gas grain investment investments "
                "flight flights shipping economic")
PROTESTS = _words("protest protests demonstration demonstrations rally rallies march marches strike strikes "
                  "sit-in sit-ins boycott blockade")
STANCES = _words("right rights decision decisions policy policies action actions move moves stance record position "
                  "positions conduct handling response")
PERMISSIONS = _words("access entry permission permit permits request requests visa visas application applications "
                     "bail asylum allocation license licence landing passage")
DIPLOMATS = _words("diplomat diplomats ambassador ambassadors envoy envoys attache attaches staff official officials")
# What verbs act on rather than whom: never a target ("imposed sanctions", "held talks").
THINGS = RELATIONS | TALKS | MEDIATION | AID | MILITARY_AID | SANCTIONS | VIOLENCE | AGREEMENTS | MONEY \
    | EXERCISES | INFORMATION | PROPOSALS | DEMANDS | _words(
        "statement message letter text criticism accusation accusations matter issue decision move report "
        "claim claims")

# Nouns that hold what they are about in a modifier: "mediation efforts", "aid programme",
# "part of the aid", "emergency measures".
CONTAINERS = _words("effort efforts programme program process part portion share operation operations "
                    "activity activities measure measures ton tons tonne tonnes kg kilogram kilograms worth "
                    "shipment shipments consignment consignments batch convoy convoys lot amount quantity dose "
                    "doses barrel barrels unit units day days week weeks round rounds mission missions series team teams "
                    "thousand thousands hundred hundreds dozen dozens parcel parcels crate crates bag bags "
                    "sack sacks truck trucks truckload truckloads")

# -- verbs that carry their own meaning -------------------------------------------------------
_VERBS = """
# lemma              code   target prepositions (after the direct object)
accuse               112    of
blame                112    for
criticize            111    for
criticise            111    for
condemn              111    for
denounce             111
slam                 111
blast                111
decry                111
rebuke               111
censure              111
deplore              111
chide                111
lambast              111
lambaste             111
fault                111
allege               112
sue                  115
summon               114
investigate          090
probe                090
threaten             130
warn                 130    against
menace               130
urge                 020    to
appeal               020    to,for
plead                020    with
implore              020
ask                  020
request              020
press                020
demand               100    from,of
praise               051
commend              051
hail                 051
laud                 051
applaud              051
welcome              051
endorse              051
congratulate         051
thank                051
support              050
back                 050
apologize            055    to
apologise            055    to
forgive              056
recognize            054
recognise            054
meet                 040    with
negotiate            046    with
mediate              045    between
consult              040    with
discuss              040    with
confer               040    with
host                 043
visit                042
telephone            041
phone                041
cooperate            060    with
extradite            063    to
reject               120
rebuff               120
refuse               120
ram                  190
loot                 171
plunder              171
invite               036
decline              120
renege               120    on
spurn                120
veto                 129
defy                 128
boycott              143
protest              141    against
demonstrate          141    against
rally                141    against
march                141    on,against
riot                 145
picket               141
attack               190    on
strike               190    at
hit                  190
target               190
raid                 190
storm                190
invade               190
bomb                 195
airstrike            195
bombard              195
strafe               195
shell                194
pound                194
shoot                193    at,on
fire                 193    at,on
gun                  193
ambush               190
kill                 190
murder               1823
massacre             202
slaughter            202
behead               1823
execute              1823
lynch                1823
assassinate          186
kidnap               181
abduct               181
hijack               181
beat                 182
torture              1822
rape                 1821
clash                190    with
fight                190    with,against
arrest               173
detain               173
apprehend            173
jail                 173
imprison             173
charge               173    with
indict               173
prosecute            173
convict              116
sentence             116
deport               174
expel                166    from
seize                1711
confiscate           1711
demolish             1712
raze                 1712
besiege              191
blockade             191
occupy               192
annex                192
capture              192
censor               1721
outlaw               1722
release              0841
free                 0841
surrender            0874
retreat              0874
resign               0831
demobilize           0873
demobilise           0873
disarm               0873
wound                190
injure               190
abuse                182
mediate              045    between
concede              080    to
yield                080    to
retake               192
recapture            192
overrun              192
kidnap               181
"""

VERBS: dict[str, Sense] = {}
for _line in _VERBS.strip().splitlines():
    if _line.startswith("#"):
        continue
    _parts = _line.split()
    VERBS[_parts[0]] = Sense(_parts[1], f"verb:{_parts[0]}", tuple(_parts[2].split(",")) if len(_parts) > 2 else ())

# Verbs with a person as object mean a phone call ("Kerry called Lavrov"), not an appeal.
CALL_VERBS = frozenset({"call", "ring"})

# -- verbs whose meaning comes from the object --------------------------------------------------
STOP_VERBS = _words("halt end cut suspend sever stop freeze break downgrade curtail reduce terminate withhold "
                    "cancel abandon scrap pause postpone prohibit")
IMPOSE_VERBS = _words("impose reimpose slap introduce extend tighten expand levy announce approve order declare")
LIFT_VERBS = _words("lift ease relax remove drop waive")
RESTORE_VERBS = _words("restore resume establish normalise normalize renew upgrade improve reopen")
CONTINUE_VERBS = _words("continue increase boost step expand double")
GIVE_VERBS = _words("provide send deliver give donate supply ship airlift airdrop fly grant dispatch channel transfer "
                    "hand contribute")
DEPLOY_VERBS = _words("deploy mobilize mobilise mass amass station move reinforce strengthen bolster")
SIGN_VERBS = _words("sign ratify reach conclude strike seal clinch finalize finalise ink broker")
WITHDRAW_VERBS = _words("withdraw pull recall")
DECLARE_VERBS = _words("declare announce observe implement call")
ALLOW_VERBS = _words("allow permit let grant admit")
RELEASE_VERBS = _words("release free return swap exchange hand")
SHARE_VERBS = _words("share exchange pass provide")
ACCEPT_VERBS = _words("accept meet")
BLOCK_VERBS = _words("block barricade obstruct close")
EXERCISE_VERBS = _words("hold conduct stage begin start launch carry")
CAPTURE_VERBS = _words("capture seize take retake recapture overrun occupy control")
LIGHT_VERBS = _words("launch conduct stage mount begin start continue resume intensify escalate "
                     "unleash carry order step make lodge file issue hold perpetrate commit undertake "
                     "organize organise lead open announce register deliver submit renew repeat reiterate "
                     "present")
# Light verbs that take their event through a preposition: "engaged in ethnic cleansing".
LIGHT_PREPOSITIONS = {"engage": "in", "participate": "in", "resort": "to", "join": None, "take": "in",
                      "gather": None, "converge": None, "assemble": None, "turn": "for", "insist": "on",
                      "return": "for", "travel": "for", "arrive": "for", "fly": "for", "head": "for",
                      "come": "for", "go": "for", "leave": "for", "embark": "on"}

INTENT_VERBS = _words("pledge promise vow swear offer agree commit propose plan intend want seek hope "
                      "aim prepare expect consider decide undertake")
# Verbs that are a promise whatever is promised: "promised to democratize the country".
PROMISE_VERBS = _words("pledge promise vow swear commit undertake")
# What a refusal may be of without being an event: "declined to comment".
NO_COMMENT = _words("comment elaborate speculate say discuss confirm disclose identify give name reveal specify answer respond talk")
# Adjectives that state a will to act: "is willing to send", "stands ready to help".
INTENT_ADJECTIVES = _words("willing ready prepared committed determined eager keen")
# Governing verbs that deny the event in their complement.
NEGATING_VERBS = _words("deny refuse fail decline avoid reject dismiss")
SPEECH_VERBS = _words("say tell add state announce claim report insist note stress explain confirm "
                      "write declare quote argue acknowledge admit allege warn reply respond reiterate "
                      "conclude maintain assert")


def object_sense(verb: str, things: list[str], *, particle: str | None = None) -> Sense | None:
    """The event a verb makes with what it acts on ("halt" + "diplomacy" -> 161).

    `things` are the object's head lemma followed by the words that say what a container
    noun holds ("efforts" of "mediation efforts").
    """
    obj = things[0] if things else ""
    held = [t for t in things[1:] if t]
    kinds = [obj] + (held if obj in CONTAINERS or not obj else [])
    for thing in kinds:
        sense = _object_sense(verb, thing, held, particle)
        if sense is not None:
            return sense
    return None


def _object_sense(verb: str, obj: str, held: list[str], particle: str | None) -> Sense | None:
    rule = f"verb+object:{verb}+{obj}"
    if verb in STOP_VERBS or (verb in ("break", "call", "walk") and particle == "off"):
        if obj in MEDIATION:
            return Sense("165", rule, ("between", "with"))
        if obj in RELATIONS:
            return Sense("161", rule, ("with", "to"))
        if obj in TALKS:
            return Sense("164", rule, ("with",))
        if obj in AID or obj in MILITARY_AID:
            return Sense("1622" if obj in MILITARY_AID or "military" in held else "162", rule, ("to", "for"))
        if obj in VIOLENCE:
            return Sense("087", rule, ("on", "against"))
        if obj in SANCTIONS:
            return Sense("085", rule, ("on", "against"))
    if verb in WITHDRAW_VERBS:
        if obj in TROOPS and ({"peacekeeping", "peacekeeper", "peacekeepers"} & set(held) or obj.startswith("peacekeeper")):
            return Sense("1661", rule, ("from",))
        if obj in TROOPS:
            return Sense("0874", rule, ("from",))
        if obj in DIPLOMATS:
            return Sense("161", rule, ("from",))
        if obj in INSPECTORS or obj in PEOPLE:
            return Sense("166", rule, ("from",))
    if verb in IMPOSE_VERBS:
        if obj == "blockade" or obj == "blockades":
            return Sense("191", rule, ("on", "in"))
        if obj in SANCTIONS:
            return Sense("163", rule, ("on", "against"))
        if obj == "curfew":
            return Sense("1723", rule, ("on", "in"))
        if obj in ("emergency", "law") or "emergency" in held or "martial" in held:
            return Sense("1724", rule, ("on", "in"))
    if verb in LIFT_VERBS:
        if obj == "blockade":
            return Sense("0872", rule, ("on", "of"))
        if obj in ("ban", "bans", "restriction", "restrictions") and not set(held) & TRADE:
            return Sense("081", rule, ("on", "against"))  # a travel ban, a ban on rallies: administrative
        if obj in SANCTIONS:
            return Sense("085", rule, ("on", "against"))
        if obj == "curfew":
            return Sense("0813", rule, ())
        if obj == "emergency" or "emergency" in held:
            return Sense("0814", rule, ())
        if obj in EMERGENCY:
            return Sense("081", rule, ("on",))
    if verb in RESTORE_VERBS:
        if obj in RELATIONS:
            return Sense("050", rule, ("with",))
        if obj in TALKS:
            return Sense("046", rule, ("with",))
        if obj in AID:
            return Sense("070", rule, ("to",))
    if verb in CONTINUE_VERBS:
        if obj in MILITARY_AID or (obj in AID and "military" in held):
            return Sense("072", rule, ("to", "for"))
        if obj in AID:
            return Sense("070", rule, ("to", "for"))
    if verb in SHARE_VERBS and obj in INFORMATION:
        return Sense("064", rule, ("with", "to"))
    if verb in ("approve", "disburse", "extend", "release", "unlock") and obj in ECONOMIC_AID:
        return Sense("071", rule, ("to", "for"))
    if verb in ("lay", "surrender", "hand", "give") and particle in ("down", "over", "up", "", None) and obj in ("weapon", "weapons", "arm", "arms") \
            and (verb != "hand" or "own" in held or particle == "down" or "their" in held or "its" in held):
        return Sense("0873", rule, ("to",))  # laying down (handing over) one's own arms is disarming
    if verb in GIVE_VERBS:
        if obj in MILITARY_AID or (obj in AID and "military" in held):
            return Sense("072", rule, ("to",))
        if obj in HUMANITARIAN_AID or (obj in AID and held and set(held) & {"humanitarian", "food", "emergency"}):
            return Sense("073", rule, ("to", "for"))
        if obj in ECONOMIC_AID:
            return Sense("071", rule, ("to", "for"))
        if obj in AID:
            return Sense("070", rule, ("to", "for"))
        if obj == "asylum":
            return Sense("075", rule, ("to",))
        if obj in TROOPS and ("peacekeeping" in held or "peacekeeper" in held or obj.startswith("peacekeeper")):
            return Sense("074", rule, ("to",))
        if obj in TROOPS:
            return Sense("154", rule, ("to", "into"))
        if verb == "dispatch" and obj in INSPECTORS:
            return Sense("0862", rule, ("to",))
    if verb == "call" and particle == "up" and (obj in TROOPS or obj in ("reservist", "reservists", "conscript", "conscripts")):
        return Sense("154", rule, ())
    if verb in DEPLOY_VERBS and obj in TROOPS:
        return Sense("153" if obj == "police" or "police" in held else "154", rule, ("to", "into", "along", "near"))
    if verb in SIGN_VERBS and obj in AGREEMENTS:
        return Sense("057", rule, ("with",))
    if verb in DECLARE_VERBS and obj in CEASEFIRE:
        return Sense("0871", rule, ("with",))
    if verb in ALLOW_VERBS and obj in _words("access aid convoy convoys") | INSPECTORS:
        return Sense("0862" if obj in INSPECTORS else "0863", rule, ("to",))
    if verb in ("expel", "deport") and obj in DIPLOMATS:
        return Sense("166", rule, ("from",))
    if verb in RELEASE_VERBS and (obj in CAPTIVES or (verb != "exchange" and obj in PEOPLE)):
        return Sense("0841", rule, ("to",))
    if verb in ("release", "return", "hand") and obj in PROPERTY:
        return Sense("0842", rule, ("to",))
    if verb in ("hand", "extradite", "surrender") and particle == "over" and obj in ("suspect", "suspects", "national", "nationals"):
        return Sense("063", rule, ("to",))
    if verb in ("fire", "launch", "test") and "test" in held and obj in ("rocket", "rockets", "missile", "missiles"):
        return Sense("150", rule, ())  # a test launch is a show of force
    if verb in ("fire", "launch") and obj in ("rocket", "rockets", "missile", "missiles", "shell", "shells", "mortar", "mortars"):
        return Sense("195" if obj.startswith("missile") else "194", rule, ("at", "on", "into", "toward", "towards"))
    if verb in ("use", "drop", "deploy", "fire", "detonate") and obj in ("weapon", "weapons", "bomb", "bombs", "arm", "arms") and "nuclear" in held:
        return Sense("2042", rule, ("on", "against"))
    if verb in ("use", "drop", "deploy", "fire") and obj in ("gas", "weapon", "weapons", "agent", "sarin", "chlorine") \
            and set(held) & {"chemical", "mustard", "sarin", "nerve", "toxic", "poison", "chlorine", "biological"}:
        return Sense("2041", rule, ("on", "against"))
    if verb in ("fire", "use") and obj in ("gas", "bullet", "bullets", "cannon", "cannons"):
        return Sense("175", rule, ("at", "on", "against"))
    if verb in ("summon",) and obj in DIPLOMATS:
        return Sense("114", rule, ())
    if verb in ("issue", "give", "deliver", "set") and obj == "ultimatum":
        return Sense("139", rule, ("to",))
    if verb in ACCEPT_VERBS:
        if obj in DEMANDS:
            return Sense("083", rule, ("from", "of"))
        if obj in PROPOSALS:
            return Sense("037" if verb == "accept" else "083", rule, ("from", "of"))
        if obj in MEDIATION:
            return Sense("038", rule, ())
        if obj in ("refugee", "refugees", "asylum-seeker", "asylum-seekers"):
            return Sense("075", rule, ("from",))
    if verb in BLOCK_VERBS and obj in ROUTES:
        return Sense("144", rule, ("to",))
    if verb in ("block", "obstruct") and obj in PROPOSALS:
        return Sense("129", rule, ())
    if verb in ("violate", "breach", "break") and (obj in CEASEFIRE or set(held) & CEASEFIRE):
        return Sense("196", rule, ())
    if verb in ("violate", "breach", "defy", "flout") and (obj in AGREEMENTS or obj in SANCTIONS or obj in ("law", "laws", "rule", "rules", "order", "orders", "ban")):
        return Sense("128", rule, ())
    if verb in ("grant", "extend", "give", "accord") and obj == "recognition":
        return Sense("054", rule, ("to",))
    if verb in ("refuse", "reject") and obj in ("food", "meal", "meals"):
        return Sense("142", rule, ())  # refusing food is a hunger strike
    if (verb in STOP_VERBS or particle == "off") and obj in PROTESTS:
        return Sense("082", rule, ())  # calling off or suspending protests eases dissent
    if verb in ("expel", "deport") and (obj in PEOPLE or obj in CAPTIVES):
        return Sense("174", rule, ("from", "to"))
    if verb in GIVE_VERBS and obj in ("system", "systems", "battery", "batteries", "launcher", "launchers") \
            and set(held) & {"defence", "defense", "missile", "rocket", "artillery", "air", "weapon", "weapons"}:
        return Sense("072", rule, ("to",))
    if verb in ("defend", "justify", "champion", "uphold") and obj in STANCES:
        return Sense("052", rule, ())
    if verb in ("pay", "offer") and obj in ("compensation", "reparation", "reparations", "damages", "indemnity"):
        return Sense("080", rule, ("to",))
    if verb in ("deny", "refuse", "withhold") and obj in PERMISSIONS:
        return Sense("1245" if obj in ("access", "entry", "landing", "visa", "visas") else "120", rule, ("to",))
    if verb in ("order", "increase", "step", "intensify", "launch", "begin", "deploy", "conduct", "mount", "boost") \
            and obj in ("patrol", "patrols") and "joint" not in held:
        return Sense("153" if "police" in held else "150", rule, ("in", "along"))
    if verb in ("offer", "make") and obj in ("concession", "concessions"):
        return Sense("035", rule, ("to",))
    if verb == "receive" and obj in INSPECTORS:
        return Sense("0862", rule, ("from",))
    if verb in ("receive", "welcome", "host") and obj in ("delegation", "delegations", "envoy", "envoys", "visitor", "visitors"):
        return Sense("043", rule, ("from",))
    if verb in ("stop", "shun", "quit", "leave") and obj == "work":
        return Sense("143", rule, ())
    if verb in ("throw", "hurl", "pelt") and obj in ("stone", "stones", "rock", "rocks", "bottle", "bottles", "petrol", "molotov"):
        return Sense("145", rule, ("at", "on"))
    if verb in EXERCISE_VERBS and obj in EXERCISES:
        # joint drills are military cooperation; one's own are a show of force (the coder
        # makes them cooperation when a partner is named with "with")
        return Sense("062" if "joint" in held else "150", rule, ("with",))
    if verb in ("prevent", "stop", "disperse", "block", "ban") and obj in _words("protest protests demonstration demonstrations rally rallies march marches gathering gatherings"):
        return Sense("170", rule, ())
    if verb in CAPTURE_VERBS and obj in ("town", "towns", "city", "cities", "village", "villages", "territory",
                                         "area", "areas", "region", "province", "district", "base", "airport",
                                         "position", "positions", "hill", "stronghold", "island", "port"):
        return Sense("192", rule, ("from",))
    if verb == "blow" and particle == "up":
        return Sense("1712" if obj in INFRASTRUCTURE else "183", rule, ())
    if verb == "ban" and obj in ("party", "parties", "candidate", "candidates", "group", "groups", "movement",
                                 "organization", "organisation", "opposition", "politician", "politicians"):
        return Sense("1722", rule, ("from",))
    if verb == "ban" and obj in ("protest", "protests", "rally", "rallies", "demonstration", "demonstrations",
                                 "gathering", "gatherings", "newspaper", "newspapers", "website", "websites"):
        return Sense("1721", rule, ())
    if verb == "collect" and obj in ("signature", "signatures"):
        return Sense("140", rule, ())
    return None


# -- event nouns ------------------------------------------------------------------------------
_NOUNS = """
attack        190  on,against
strike        143  against
mediation     045  between
cleansing     203  of
torture       1822 of
beating       182  of
abuse         182  of
suspension    160  of,with
demobilization 0873 of
explosion     183  in
offensive     190  on,against
assault       190  on,against
incursion     190  into,on
invasion      190  of
raid          190  on,against
ambush        190  on
airstrike     195  on,against
bombing       195  of,on
bombardment   195  of,on
shelling      194  of,on
killing       190  of
massacre      202  of
kidnapping    181  of
abduction     181  of
walkout       143  against
shootout      193  with
gunbattle     193  with
firefight     193  with
gunfight      193  with
lawsuit       115  against
buildup       154  of
build-up      154  of
withdrawal    0874 of,from
assassination 186  of
crackdown     175  on,against
arrest        173  of
detention     173  of
protest       141  against
demonstration 141  against
rally         141  against
march         141  on,against
sit-in        141  against
riot          145  against
sanction      163  on,against
embargo       163  on,against
talk          040  with,between
negotiation   046  with,between
meeting       040  with,between
summit        040  with,between
visit         042  to
call          041  to,with  needs_target
accusation    112  against
criticism     111  of
condemnation  111  of
threat        130  to,against
ultimatum     139  to
appeal        020  to
plea          020  to
petition      024  to
demand        100  for,of
deployment    154  to,in
expulsion     166  of
veto          129  of
investigation 090  into
probe         090  into
"""
NOUNS: dict[str, Sense] = {}
for _line in _NOUNS.strip().splitlines():
    _parts = _line.split()
    NOUNS[_parts[0]] = Sense(_parts[1], f"noun:{_parts[0]}", tuple(_parts[2].split(",")) if len(_parts) > 2 else (),
                             needs_target="needs_target" in _parts)

# Modifiers that change what an event noun means: an "air strike" is aerial, a "general
# strike" is a labour protest, a "hunger strike" is its own kind of protest.
NOUN_MODIFIERS = {
    ("air", "strike"): "195", ("air", "raid"): "195", ("drone", "strike"): "195",
    ("missile", "strike"): "195", ("missile", "attack"): "195", ("rocket", "attack"): "194",
    ("artillery", "attack"): "194", ("mortar", "attack"): "194", ("suicide", "bombing"): "1831",
    ("suicide", "attack"): "1831", ("car", "bombing"): "1832", ("car", "bomb"): "1832",
    ("roadside", "bomb"): "1833", ("chemical", "attack"): "2041", ("gas", "attack"): "2041",
    ("general", "strike"): "143", ("hunger", "strike"): "142", ("labor", "strike"): "143", ("wildcat", "strike"): "143",
    ("teacher", "strike"): "143", ("worker", "strike"): "143", ("rail", "strike"): "143", ("national", "strike"): "143",
    ("labour", "strike"): "143", ("phone", "call"): "041", ("telephone", "call"): "041",
    ("peace", "talk"): "046", ("air", "assault"): "195", ("land", "assault"): "190",
    ("ground", "assault"): "190", ("ground", "offensive"): "190", ("air", "offensive"): "195",
    ("mass", "killing"): "202", ("bomb", "attack"): "183", ("bomb", "explosion"): "183", ("car", "explosion"): "1832",
    ("bomb", "blast"): "183", ("sexual", "abuse"): "1821", ("ethnic", "cleansing"): "203",
    ("terrorist", "attack"): "180", ("knife", "attack"): "182", ("arson", "attack"): "1712",
}

# What an appeal, a demand, a promise or a refusal is about decides its CAMEO sub-code:
# the wanted action's code (or its prefix) -> (appeal, demand, intent, refusal).
WANTED_CODES = (
    ("071", ("0231", "1031", "0331", "1221")), ("072", ("0232", "1032", "0332", "1222")),
    ("073", ("0233", "1033", "0333", "1223")), ("074", ("0234", "1034", "0334", "1224")),
    ("061", ("0211", "1011", "0311", "1211")), ("062", ("0212", "1012", "0312", "1212")),
    ("063", ("0213", "1013", "0313", "1213")), ("064", ("0214", "1014", "0314", "121")),
    ("087", ("0256", "1056", "0356", "1246")), ("084", ("0253", "1053", "0353", "1243")),
    ("081", ("0251", "1051", "0351", "1241")), ("082", ("0252", "1052", "0352", "1242")),
    ("086", ("0255", "1055", "0355", "1245")),
    ("085", ("0254", "1054", "0354", "1244")), ("083", ("0241", "1041", "0341", "1231")),
    ("07", ("023", "103", "033", "122")), ("06", ("021", "101", "031", "121")),
    ("05", ("022", "102", "032", "120")), ("04", ("026", "106", "036", "125")),
)
WANTED_KINDS = ("appeal", "demand", "intent", "refusal")
DEFAULT_WANTED = ("020", "100", "030", "120")


def wanted_code(kind: str, wanted: str) -> str:
    """The code of appealing for, demanding, promising or refusing the action `wanted`
    ("urged X to halt airstrikes": appeal + 087 -> 0256)."""
    codes = next((c for prefix, c in WANTED_CODES if wanted.startswith(prefix)), DEFAULT_WANTED)
    return codes[WANTED_KINDS.index(kind)]


# What a threat threatens, by the verb of its complement.
THREAT_CODES = {
    "161": "1313", "164": "134", "162": "1311", "163": "1312", "166": "136", "173": "137",
    "174": "137", "191": "1381", "192": "1382", "190": "1384", "195": "1384", "194": "1384",
    "193": "1384", "183": "1383", "2041": "1385", "2042": "1385", "1723": "1323", "1724": "1324", "1722": "1322",
    "1721": "1321", "143": "133", "141": "133",
}


def threat_code(code: str) -> str:
    """The THREATEN code for threatening the action `code` ("halt relations" -> 1313)."""
    if code in THREAT_CODES:
        return THREAT_CODES[code]
    if code[:2] in ("18", "19", "20"):
        return "138"
    if code[:2] == "17":
        return "137"
    if code[:2] == "16":
        return "131"
    return "130"
