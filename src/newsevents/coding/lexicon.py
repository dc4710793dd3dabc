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


# -- object classes (lemmas) ------------------------------------------------------------------
RELATIONS = _words("relation relations tie ties diplomacy engagement contact contacts cooperation "
                   "dialogue embassy embassies")
TALKS = _words("talk talks negotiation negotiations mediation meeting meetings summit")
AID = _words("aid assistance funding fund funds support loan loans grant grants supply supplies "
             "food medicine medicines help money relief credit")
MILITARY_AID = _words("weapon weapons arm arms ammunition missile missiles tank tanks jet jets equipment")
SANCTIONS = _words("sanction sanctions embargo tariff tariffs ban restriction restrictions boycott")
VIOLENCE = _words("attack attacks offensive airstrike airstrikes strike strikes bombing bombings "
                  "shelling fighting hostility hostilities assault violence war operation operations "
                  "campaign raid raids bombardment incursion")
CAPTIVES = _words("prisoner prisoners hostage hostages detainee detainees captive captives activist "
                  "activists journalist journalists soldier soldiers sailor sailors fisherman fishermen "
                  "national nationals citizen citizens")
TROOPS = _words("troop troops force forces soldier soldiers tank tanks warship warships unit units "
                "reservist reservists army battalion battalions brigade brigades peacekeeper peacekeepers "
                "police jet jets aircraft")
MONEY = _words("euro euros dollar dollars pound pounds yen yuan million billion package")
PEOPLE = _words("people person civilian civilians student students pupil pupils child children schoolgirl "
                "schoolgirls schoolboy schoolboys worker workers villager villagers passenger passengers "
                "tourist tourists resident residents woman women man men farmer farmers girl girls boy boys "
                "fisherman fishermen crew")
EXERCISES = _words("exercise exercises drill drills manoeuvre manoeuvres maneuver maneuvers patrol patrols "
                   "flight flights")
RETALIATION = _words("retaliate respond avenge punish")
AGREEMENTS = _words("agreement agreements deal deals accord accords treaty treaties pact pacts "
                    "memorandum ceasefire truce protocol declaration")
DIPLOMATS = _words("diplomat diplomats ambassador ambassadors envoy envoys attache attaches staff official officials")

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
STOP_VERBS = _words("halt end cut suspend sever stop freeze break downgrade curtail reduce terminate "
                    "cancel abandon scrap pause")
IMPOSE_VERBS = _words("impose slap introduce extend tighten expand levy announce approve order")
LIFT_VERBS = _words("lift ease relax remove drop waive")
RESTORE_VERBS = _words("restore resume establish normalise normalize renew upgrade improve reopen")
GIVE_VERBS = _words("provide send deliver give donate supply ship airlift grant dispatch channel transfer")
DEPLOY_VERBS = _words("deploy mobilize mobilise mass amass station move reinforce")
SIGN_VERBS = _words("sign ratify reach conclude strike seal clinch finalize finalise ink broker")
WITHDRAW_VERBS = _words("withdraw pull recall")
DECLARE_VERBS = _words("declare announce observe implement")
ALLOW_VERBS = _words("allow permit let grant")
LIGHT_VERBS = _words("launch conduct stage mount begin start continue resume intensify escalate "
                     "unleash carry order step make lodge file issue hold perpetrate commit")

INTENT_VERBS = _words("pledge promise vow offer agree commit propose plan intend want seek hope "
                      "aim prepare expect consider decide")
# Governing verbs that deny the event in their complement.
NEGATING_VERBS = _words("deny refuse fail decline avoid reject dismiss")
SPEECH_VERBS = _words("say tell add state announce claim report insist note stress explain confirm "
                      "write declare quote argue acknowledge admit allege warn reply respond")


# What verbs act on rather than whom: never a target ("deployed troops", "imposed sanctions").
THINGS = RELATIONS | TALKS | AID | MILITARY_AID | SANCTIONS | VIOLENCE | AGREEMENTS | MONEY | EXERCISES \
    | _words("statement message letter text resolution proposal plan criticism accusation accusations demand "
             "request call matter issue decision move report claim claims")


def object_sense(verb: str, obj: str, *, particle: str | None = None, complement: str | None = None) -> Sense | None:
    """The event a verb makes with its object ("halt" + "diplomacy" -> 161)."""
    rule = f"verb+object:{verb}+{obj}"
    if verb in STOP_VERBS or (verb in ("break", "call", "walk") and particle == "off"):
        if obj in RELATIONS:
            return Sense("161", rule, ("with",))
        if obj in TALKS:
            return Sense("164", rule, ("with",))
        if obj in AID or obj in MILITARY_AID:
            return Sense("162", rule, ("to", "for"))
        if obj in VIOLENCE:
            return Sense("087", rule, ("on", "against"))
        if obj in SANCTIONS:
            return Sense("085", rule, ("on", "against"))
    if verb in WITHDRAW_VERBS:
        if obj in TROOPS:
            return Sense("0874", rule, ("from",))
        if obj in DIPLOMATS:
            return Sense("161", rule, ("from",))
    if verb in IMPOSE_VERBS:
        if obj in SANCTIONS:
            return Sense("163", rule, ("on", "against"))
        if obj == "curfew":
            return Sense("1723", rule, ("on", "in"))
        if obj in ("emergency", "law") and complement in ("emergency", "martial"):
            return Sense("1724", rule, ("on", "in"))
        if obj == "blockade":
            return Sense("191", rule, ("on",))
    if verb in LIFT_VERBS:
        if obj in SANCTIONS:
            return Sense("085", rule, ("on", "against"))
        if obj == "curfew":
            return Sense("0813", rule, ())
        if obj == "blockade":
            return Sense("0872", rule, ("on", "of"))
    if verb in RESTORE_VERBS:
        if obj in RELATIONS:
            return Sense("050", rule, ("with",))
        if obj in TALKS:
            return Sense("046", rule, ("with",))
        if obj in AID:
            return Sense("070", rule, ("to",))
    if verb in GIVE_VERBS:
        if obj in MILITARY_AID:
            return Sense("072", rule, ("to",))
        if obj in AID:
            return Sense("073" if obj in ("food", "medicine", "medicines", "relief", "supplies") else "070", rule, ("to", "for"))
        if obj == "asylum":
            return Sense("075", rule, ("to",))
        if obj in TROOPS:
            return Sense("154", rule, ("to", "into"))
    if verb in DEPLOY_VERBS and obj in TROOPS:
        return Sense("153" if obj == "police" else "154", rule, ("to", "into", "along", "near"))
    if verb in SIGN_VERBS and obj in AGREEMENTS:
        return Sense("057", rule, ("with",))
    if verb in DECLARE_VERBS and obj in ("ceasefire", "truce"):
        return Sense("0871", rule, ("with",))
    if verb in ALLOW_VERBS and obj in ("access", "aid", "convoy", "convoys", "inspector", "inspectors", "observer", "observers"):
        return Sense("0862" if obj.startswith(("inspector", "observer")) else "0863", rule, ("to",))
    if verb in ("expel", "deport") and obj in DIPLOMATS:
        return Sense("166", rule, ("from",))
    if verb in ("release", "free", "hand", "return", "swap") and obj in CAPTIVES:
        return Sense("0841", rule, ("to",))
    if verb in ("fire", "launch") and obj in ("rocket", "rockets", "missile", "missiles", "shell", "shells", "mortar", "mortars"):
        return Sense("195" if obj.startswith("missile") else "194", rule, ("at", "on", "into", "toward", "towards"))
    if verb in ("use", "drop", "deploy", "fire") and obj in ("gas", "weapon", "weapons", "agent", "sarin", "chlorine") \
            and complement in ("chemical", "mustard", "sarin", "nerve", "toxic", "poison", "chlorine", "biological"):
        return Sense("2041", rule, ("on", "against"))
    if verb in ("fire", "use") and obj in ("gas", "bullet", "bullets", "cannon", "cannons"):
        return Sense("175", rule, ("at", "on", "against"))
    if verb in ("summon",) and obj in DIPLOMATS:
        return Sense("114", rule, ())
    if verb in ("issue", "give", "deliver", "set") and obj == "ultimatum":
        return Sense("139", rule, ("to",))
    return None


# -- event nouns ------------------------------------------------------------------------------
_NOUNS = """
attack        190  on,against
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
    ("general", "strike"): "143", ("hunger", "strike"): "142", ("labor", "strike"): "143",
    ("labour", "strike"): "143", ("phone", "call"): "041", ("telephone", "call"): "041",
    ("peace", "talk"): "046", ("air", "assault"): "195", ("land", "assault"): "190",
    ("ground", "assault"): "190", ("ground", "offensive"): "190", ("air", "offensive"): "195",
}

# What an appeal, a demand, a promise or a refusal is about decides its CAMEO sub-code:
# the wanted action's code (or its prefix) -> (appeal, demand, intent, refusal).
WANTED_CODES = (
    ("071", ("0231", "1031", "0331", "1221")), ("072", ("0232", "1032", "0332", "1222")),
    ("073", ("0233", "1033", "0333", "1223")), ("074", ("0234", "1034", "0334", "1224")),
    ("061", ("0211", "1011", "0311", "1211")), ("062", ("0212", "1012", "0312", "1212")),
    ("063", ("0213", "1013", "0313", "1213")), ("064", ("0214", "1014", "0314", "121")),
    ("087", ("0256", "1056", "0356", "1246")), ("084", ("0253", "1053", "0353", "1243")),
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
    "174": "137", "191": "1381", "192": "1382", "190": "138", "195": "138", "194": "138",
    "193": "138", "183": "1383", "2041": "1385", "1723": "1323", "1724": "1324", "1722": "1322",
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
