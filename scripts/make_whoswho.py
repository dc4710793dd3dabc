"""Generate src/newsevents/actors/data/people.tsv, the dated who's-who of office-holders
taken from PETRARCH's Phoenix actor dictionaries (MIT License, Open Event Data Alliance).

    python scripts/make_whoswho.py [PHOENIX_FOLDER] [--out PATH]

PHOENIX_FOLDER defaults to ../shared/data/events/reference/phoenix (relative to the repo) and
must hold Phoenix.Countries.actors.txt and Phoenix.International.actors.txt (openeventdata/
petrarch2, commit 676801c). The output is generated: never edit people.tsv by hand; put
corrections and later office-holders in officeholders.tsv, which takes precedence.

What is kept, and how (the rules are in the functions below):

* Persons only: a Phoenix record with at least one dated code, at least one name variant
  that is a full personal name (two or more name words besides particles and initials), and
  no variant that reads as a place or body (institutional or geographic words, country names).
* Names: variants with a role title ("PRESIDENT_", "SECRETARY_OF_STATE_", "RUSSIAN_FOREIGN_
  MINISTER_") are dropped, honorifics (Sir, Sheikh, Dr) are stripped, bare surnames are not
  names (they may become the `short`). Spaces for underscores, normal capitalisation.
* Codes: ISO3 + one sector. GOVLEG -> LEG and GOVSPY -> SPY (the more specific branch wins);
  any other GOVxxx (a minister's portfolio) -> GOV; ELI, MIL, OPP, REB... stay. IGO codes go
  to our six-letter codes of organizations.tsv, using the organisation Phoenix names in its
  comment where it gives one; the rotating presidency of the Council of the EU is dropped
  (those are national ministers acting for their country). Codes we cannot map are dropped
  and counted.
* Periods: one person's periods are resolved into a sequence that does not overlap: on any
  day the period that started last wins (a new office supersedes the older one), a dated
  office beats a dated ELI period, and the undated default code fills the days no dated
  period covers after the first one begins (in gaps and open after the last). Adjacent pieces
  with the same code are joined; pieces ending before 1990-01-01 are dropped. An office
  Phoenix gives as still held (">20070517") is known only to its latest date (2015-02-17): it
  is closed there, and the person's undated default code (mostly ELI) holds from the next day;
  --keep-open keeps PETRARCH's reading.
* Shorts (surname alone): only for heads of state or government and foreign or defence
  ministers (a title variant of that kind, or CountryInfo's leaders' pattern of a dated ELI and
  a dated GOV, except in Phoenix's lists of US attorneys general, ambassadors, chiefs of staff,
  security advisers, vice-presidents...), with an office reaching 1990 or later, and only when the
  surname is distinctive: four letters or more, not on the deny-list of common surnames and
  words, not a country, capital or demonym, no other Phoenix person bearing it as a surname
  or first name.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from newsevents.actors.userdicts import UserActor, read_petrarch_actors
from newsevents.actors.whoswho import normal
from newsevents.countries import countries, read_table
from newsevents.ontology import SECTORS

DEFAULT_FOLDER = REPO.parent / "shared/data/events/reference/phoenix"
DEFAULT_OUT = REPO / "src/newsevents/actors/data/people.tsv"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")
CUTOFF = date(1990, 1, 1)

# -- names ------------------------------------------------------------------------------------

# Role titles: a variant that begins with one (after an optional country adjective) is the
# coder's business, not a name.
ROLE_TITLES = set(
    [
        "PRESIDENT",
        "PRESIDENT-ELECT",
        "VICE",
        "VICE-PRESIDENT",
        "PRIME",
        "PREMIER",
        "CHANCELLOR",
        "MINISTER",
        "SECRETARY",
        "SECRETARY-GENERAL",
        "SECY",
        "SEC.",
        "UNDERSECRETARY",
        "DEPUTY",
        "SENATOR",
        "SEN.",
        "SEN",
        "REP.",
        "REPRESENTATIVE",
        "CONGRESSMAN",
        "CONGRESSWOMAN",
        "GOVERNOR",
        "GOV.",
        "AMBASSADOR",
        "AMB.",
        "ENVOY",
        "GENERAL",
        "GEN.",
        "GEN",
        "LT.",
        "LT",
        "LIEUTENANT",
        "COL.",
        "COLONEL",
        "MAJ.",
        "ADMIRAL",
        "ADM.",
        "MARSHAL",
        "FIELD",
        "CAPTAIN",
        "CAPT.",
        "COMMANDER",
        "CMDR.",
        "CHIEF",
        "JUDGE",
        "JUSTICE",
        "MAYOR",
        "KING",
        "QUEEN",
        "PRINCE",
        "PRINCESS",
        "CROWN",
        "EMIR",
        "IMAM",
        "POPE",
        "CARDINAL",
        "ARCHBISHOP",
        "BISHOP",
        "REV.",
        "REVEREND",
        "FATHER",
        "LORD",
        "LADY",
        "BARONESS",
        "FOREIGN",
        "DEFENSE",
        "DEFENCE",
        "INTERIOR",
        "FINANCE",
        "FORMER",
        "EX",
        "EX-PRESIDENT",
        "LEADER",
        "SPEAKER",
        "CHAIRMAN",
        "CHAIRWOMAN",
        "CHAIR",
        "HEAD",
        "DIRECTOR",
        "ATTORNEY",
        "COMMISSIONER",
        "SUPREME",
        "SHEIKHDOM",
        "PRESIDENTIAL",
        "MILITARY",
        "OPPOSITION",
        "REBEL",
        "DICTATOR",
        "STRONGMAN",
        "KANZLER",
        "BUNDESKANZLER",
        "PRESIDENTE",
        "PRESIDENTA",
        "MINISTRO",
        "MINISTRE",
        "TSAR",
        "CZAR",
        "PHARAOH",
        "EMPEROR",
        "EMPRESS",
        "HIS",
        "HER",
        "HRH",
        "H.E.",
    ]
)
# Office words: a variant holding one anywhere is a title form ("SERGEY LAVROV FOREIGN MINISTER").
OFFICE_WORDS = {
    "PRESIDENT",
    "MINISTER",
    "SECRETARY",
    "SENATOR",
    "AMBASSADOR",
    "CHANCELLOR",
    "PREMIER",
    "GOVERNOR",
    "MAYOR",
    "SECRETARY-GENERAL",
    "CONGRESSMAN",
}
# Title words that make a title form wherever they stand ("C.I.A. DIRECTOR LEON PANETTA");
# the others also occur as names (Martin Luther King, Prince Johnson) and count only first.
TITLE_ANYWHERE = (ROLE_TITLES | OFFICE_WORDS) - set(
    [
        "KING",
        "QUEEN",
        "PRINCE",
        "PRINCESS",
        "LORD",
        "LADY",
        "BISHOP",
        "CARDINAL",
        "POPE",
        "HEAD",
        "CHIEF",
        "FATHER",
        "JUSTICE",
        "FIELD",
        "CROWN",
        "GEN",
        "LT",
        "SEN",
        "EX",
        "HIS",
        "HER",
        "GRAND",
        "MARSHAL",
        "CAPTAIN",
        "JUDGE",
        "REP.",
        "CHAIR",
        "LEADER",
        "FORMER",
        "VICE",
        "MAJ.",
        "STRONGMAN",
        "EMPEROR",
        "TSAR",
        "CZAR",
    ]
)
# Titles that mark the offices that earn a short (head of state/government, foreign/defence).
LEADER_TITLE = re.compile(
    r"^(?:(?!VICE |DEPUTY |ASSISTANT |UNDER |UNDERSECRETARY |SENIOR )[A-Z.]+ )?"
    r"(?:PRESIDENT|PRIME MINISTER|PREMIER|CHANCELLOR|KING|QUEEN|EMIR|SULTAN|"
    r"FOREIGN MINISTER|FOREIGN SECRETARY|DEFEN[CS]E MINISTER|DEFEN[CS]E SECRETARY|"
    r"SECRETARY OF STATE|SECRETARY OF DEFEN[CS]E|MINISTER OF FOREIGN|MINISTER OF DEFEN[CS]E|"
    r"SUPREME LEADER)\b"
)
HONORIFICS = {
    "SIR",
    "DAME",
    "DR",
    "DR.",
    "SHEIKH",
    "SHAIKH",
    "SHEIKHA",
    "SHAYKH",
    "SHEIK",
    "HAJI",
    "HAJJ",
    "AYATOLLAH",
    "GRAND",
    "MAULANA",
    "MULLAH",
    "MAWLAWI",
    "MAWLAVI",
    "DATUK",
    "DATO",
    "DATO'",
    "SERI",
    "TUN",
    "HOJATOLISLAM",
    "HOJATOLESLAM",
    "HOJJATOLESLAM",
    "MR",
    "MR.",
    "MRS",
    "MRS.",
    "MS",
    "MS.",
    "PROF.",
    "PROFESSOR",
}
# Words of places and bodies: a record with one in any variant is not a person.
NOT_PERSON = set(
    [
        "MINISTRY",
        "PARTY",
        "ARMY",
        "COUNCIL",
        "GOVERNMENT",
        "UNION",
        "BANK",
        "COMMITTEE",
        "COMMISSION",
        "ORGANIZATION",
        "ORGANISATION",
        "ASSOCIATION",
        "AGENCY",
        "OFFICE",
        "DEPARTMENT",
        "NATIONAL",
        "FORCES",
        "FORCE",
        "FRONT",
        "MOVEMENT",
        "REPUBLIC",
        "KINGDOM",
        "STATES",
        "STATE",
        "ISLANDS",
        "ISLAND",
        "CITY",
        "PROVINCE",
        "DISTRICT",
        "REGION",
        "COURT",
        "ASSEMBLY",
        "PARLIAMENT",
        "CONGRESS",
        "SENATE",
        "POLICE",
        "GUARD",
        "GUARDS",
        "BRIGADE",
        "BRIGADES",
        "CORPS",
        "SERVICE",
        "SERVICES",
        "INSTITUTE",
        "UNIVERSITY",
        "COMPANY",
        "CORPORATION",
        "GROUP",
        "NEWS",
        "AIRLINES",
        "AIRWAYS",
        "FOUNDATION",
        "LEAGUE",
        "ALLIANCE",
        "COALITION",
        "CABINET",
        "REGIME",
        "ADMINISTRATION",
        "EMBASSY",
        "AUTHORITY",
        "TRIBUNAL",
        "SOVIET",
        "PEOPLE'S",
        "PEOPLES",
        "REVOLUTIONARY",
        "LIBERATION",
        "OF",
        "THE",
        "AND",
        "FOR",
        "NORTH",
        "SOUTH",
        "EAST",
        "WEST",
        "NORTHERN",
        "SOUTHERN",
        "EASTERN",
        "WESTERN",
        "CENTRAL",
        "FEDERATION",
        "FEDERAL",
        "DEMOCRATIC",
        "ISLAMIC",
        "PALACE",
        "HOUSE",
        "TERRITORY",
        "TERRITORIES",
        "COLONY",
        "PROTECTORATE",
        "OCCUPIED",
        "ZONE",
        "COMMUNITY",
        "COUNTY",
        "BOARD",
        "SECURITY",
        "INTELLIGENCE",
        "DIRECTORATE",
        "CONFERENCE",
        "PROGRAM",
        "PROGRAMME",
        "FUND",
        "SOCIETY",
        "CHURCH",
        "MILITIA",
        "REBELS",
        "TROOPS",
        "PRESIDENCY",
        "MINISTERS",
        "OFFICIALS",
        "LEADERS",
    ]
)
PARTICLES = {
    "AL",
    "EL",
    "AS",
    "AD",
    "AN",
    "AR",
    "AZ",
    "ASH",
    "BIN",
    "IBN",
    "BINT",
    "BEN",
    "BENT",
    "ABU",
    "UMM",
    "OULD",
    "DE",
    "DA",
    "DI",
    "DO",
    "DOS",
    "DAS",
    "DEL",
    "DELLA",
    "DELA",
    "LA",
    "LE",
    "LES",
    "VAN",
    "VON",
    "DER",
    "DEN",
    "TER",
    "TEN",
    "Y",
    "E",
    "DU",
    "DES",
    "ST.",
    "SAN",
    "SANTA",
    "MAC",
    "MC",
    "O",
}
NAME_TOKEN = re.compile(r"^[A-Z][A-Z'\-.]*$")
# Where news refers to a person by the first name (Thai, Ethiopian, Eritrean, Icelandic,
# Indonesian, Burmese usage) or by the first of two surnames (Spanish usage): no short.
FIRST_NAME_CUSTOM = {"THA", "ETH", "ERI", "ISL", "IDN", "MMR", "LAO", "KHM", "MNG"}
HISPANIC = {
    "ESP",
    "AND",
    "MEX",
    "GTM",
    "HND",
    "SLV",
    "NIC",
    "CRI",
    "PAN",
    "CUB",
    "DOM",
    "PRI",
    "COL",
    "VEN",
    "ECU",
    "PER",
    "BOL",
    "CHL",
    "ARG",
    "URY",
    "PRY",
    "GNQ",
}
EAST_ASIAN = {"CHN", "TWN", "KOR", "PRK", "HKG", "MAC"}  # surname first; given names hyphenated
HYPHEN_GIVEN = {"TWN", "KOR", "PRK"}

# Common surnames and surnames that are ordinary words: never a short on their own.
DENY_SHORTS = set(
    [
        "kim",
        "lee",
        "park",
        "choi",
        "jung",
        "kang",
        "cho",
        "yoon",
        "jang",
        "lim",
        "han",
        "shin",
        "oh",
        "seo",
        "kwon",
        "hwang",
        "ahn",
        "song",
        "yoo",
        "hong",
        "khan",
        "singh",
        "ahmed",
        "ahmad",
        "ali",
        "hassan",
        "hasan",
        "hussein",
        "husain",
        "hussain",
        "ibrahim",
        "abdullah",
        "mahmoud",
        "mohammed",
        "mohamed",
        "muhammad",
        "mohammad",
        "rahman",
        "islam",
        "hossain",
        "uddin",
        "chowdhury",
        "sheikh",
        "shah",
        "malik",
        "kumar",
        "sharma",
        "gupta",
        "patel",
        "das",
        "reddy",
        "rao",
        "nair",
        "yadav",
        "joshi",
        "mehta",
        "jain",
        "verma",
        "mishra",
        "iyer",
        "wang",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "zhou",
        "sun",
        "hu",
        "lin",
        "guo",
        "luo",
        "zheng",
        "liang",
        "xie",
        "tang",
        "han",
        "feng",
        "deng",
        "cao",
        "peng",
        "zeng",
        "xiao",
        "tian",
        "dong",
        "pan",
        "yuan",
        "cai",
        "jiang",
        "yu",
        "du",
        "ye",
        "cheng",
        "wei",
        "su",
        "lu",
        "ding",
        "ren",
        "shen",
        "yao",
        "lu",
        "jin",
        "wu",
        "xu",
        "ma",
        "gao",
        "he",
        "li",
        "zhu",
        "nguyen",
        "tran",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "truong",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "vo",
        "tanaka",
        "suzuki",
        "sato",
        "watanabe",
        "ito",
        "yamamoto",
        "nakamura",
        "kobayashi",
        "kato",
        "yoshida",
        "yamada",
        "sasaki",
        "smith",
        "johnson",
        "williams",
        "brown",
        "jones",
        "miller",
        "davis",
        "wilson",
        "anderson",
        "taylor",
        "thomas",
        "moore",
        "martin",
        "jackson",
        "thompson",
        "white",
        "harris",
        "clark",
        "lewis",
        "robinson",
        "walker",
        "young",
        "allen",
        "king",
        "wright",
        "scott",
        "green",
        "baker",
        "adams",
        "nelson",
        "hill",
        "campbell",
        "mitchell",
        "roberts",
        "carter",
        "phillips",
        "evans",
        "turner",
        "parker",
        "collins",
        "edwards",
        "stewart",
        "morris",
        "murphy",
        "cook",
        "rogers",
        "morgan",
        "cooper",
        "peterson",
        "reed",
        "bailey",
        "bell",
        "kelly",
        "howard",
        "ward",
        "cox",
        "richardson",
        "wood",
        "watson",
        "brooks",
        "bennett",
        "gray",
        "grey",
        "james",
        "hughes",
        "price",
        "sanders",
        "long",
        "foster",
        "powell",
        "butler",
        "barnes",
        "fisher",
        "henderson",
        "coleman",
        "simmons",
        "patterson",
        "jordan",
        "reynolds",
        "hamilton",
        "graham",
        "wallace",
        "cole",
        "west",
        "stone",
        "rose",
        "hunt",
        "black",
        "ford",
        "mason",
        "owen",
        "lord",
        "fox",
        "law",
        "hope",
        "love",
        "little",
        "hall",
        "castle",
        "major",
        "church",
        "gates",
        "rice",
        "power",
        "may",
        "bush",
        "hart",
        "hunter",
        "garcia",
        "rodriguez",
        "martinez",
        "hernandez",
        "lopez",
        "gonzalez",
        "gonzales",
        "perez",
        "sanchez",
        "ramirez",
        "torres",
        "flores",
        "rivera",
        "gomez",
        "diaz",
        "reyes",
        "morales",
        "cruz",
        "ortiz",
        "gutierrez",
        "chavez",
        "ramos",
        "ruiz",
        "alvarez",
        "mendoza",
        "castillo",
        "jimenez",
        "vasquez",
        "vazquez",
        "romero",
        "herrera",
        "medina",
        "aguilar",
        "vargas",
        "castro",
        "fernandez",
        "moreno",
        "munoz",
        "silva",
        "santos",
        "oliveira",
        "souza",
        "sousa",
        "pereira",
        "costa",
        "ferreira",
        "almeida",
        "carvalho",
        "gomes",
        "martins",
        "rocha",
        "ribeiro",
        "alves",
        "lima",
        "araujo",
        "barbosa",
        "ivanov",
        "petrov",
        "smirnov",
        "kuznetsov",
        "popov",
        "sokolov",
        "lebedev",
        "kozlov",
        "novikov",
        "morozov",
        "volkov",
        "novak",
        "nowak",
        "kowalski",
        "horvath",
        "nagy",
        "toth",
        "szabo",
        "kovacs",
        "muller",
        "mueller",
        "schmidt",
        "schneider",
        "fischer",
        "weber",
        "meyer",
        "wagner",
        "becker",
        "schulz",
        "hoffmann",
        "koch",
        "richter",
        "klein",
        "wolf",
        "neumann",
        "schwarz",
        "zimmermann",
        "braun",
        "kruger",
        "hartmann",
        "lange",
        "werner",
        "krause",
        "dubois",
        "bernard",
        "robert",
        "richard",
        "petit",
        "durand",
        "leroy",
        "moreau",
        "simon",
        "laurent",
        "lefebvre",
        "michel",
        "garnier",
        "faure",
        "rousseau",
        "blanc",
        "mercier",
        "rossi",
        "russo",
        "ferrari",
        "esposito",
        "bianchi",
        "romano",
        "colombo",
        "ricci",
        "marino",
        "greco",
        "bruno",
        "gallo",
        "conti",
        "yilmaz",
        "kaya",
        "demir",
        "sahin",
        "celik",
        "diallo",
        "traore",
        "toure",
        "keita",
        "coulibaly",
        "kone",
        "camara",
        "sow",
        "ba",
        "diop",
        "ndiaye",
        "fall",
        "sy",
        "cisse",
        "mensah",
        "owusu",
        "boateng",
        "okafor",
        "okonkwo",
        "mohamud",
        "hussen",
        "ahmed",
        "abdi",
        "nano",
        "note",
        "parts",
        "card",
        "boys",
        "horn",
        "lake",
        "ridge",
        "savage",
        "shave",
        "springer",
        "holder",
        "husbands",
        "cousins",
        "penn",
        "gross",
        "franks",
        "barr",
        "reno",
        "combo",
        "mesa",
        "meta",
        "selva",
        "sant",
        "nape",
        "cong",
        "bani",
        "moli",
        "nena",
        "fino",
        "topi",
        "bria",
        "boye",
        "moco",
        "burg",
        "canty",
        "christie",
        "daley",
        "donnelly",
        "jarvis",
        "jefferson",
        "kingsley",
        "langley",
        "liverpool",
        "massa",
        "pearce",
        "reeves",
        "sawyer",
        "schwab",
        "skinner",
        "gustaf",
        "neptune",
        "portman",
        "harper",
        "bryant",
        "cunningham",
        "fullerton",
        "gurney",
        "hadley",
        "lamont",
        "martens",
        "pattison",
        "penfold",
        "pickering",
        "proust",
        "schmid",
        "schuster",
        "pohl",
        "mccarthy",
        "dumont",
        "kantor",
        "greig",
        "cooke",
        "itzik",
        "scotty",
        "tatham",
        "waddington",
        "woonton",
        "mancini",
        "colombini",
        "amato",
    ]
)


def ascii_upper(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def tokens(name: str) -> list[str]:
    text = "".join(c for c in ascii_upper(name) if c.isprintable())
    return text.replace("_", " ").split()


def is_initial(tok: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?|[A-Z]\.[A-Z]\.?", tok))


def full_name_words(toks: list[str]) -> int:
    """How many name words a variant has besides particles and initials ("AL ASSAD" has 1)."""
    words = 0
    for i, tok in enumerate(toks):
        for part in tok.split("-"):
            if part and (part not in PARTICLES or i == 0) and not is_initial(part) and len(part.strip(".'")) >= 2:
                words += 1
                break
    return words


@dataclass
class NameInfo:
    full: list[str] = field(default_factory=list)  # clean full-name variants, upper case
    surnames: list[str] = field(default_factory=list)  # bare one-word variants
    leader_title: bool = False
    not_person: str = ""  # why the record is not a person


ONE_WORD = "one word"  # a bare surname: not a name, but it may become the short


def classify_names(names: tuple[str, ...], place_words: set[str], adjectives: set[str]) -> NameInfo:
    """Sort a record's variants: full names, bare surnames, title forms (dropped). The record
    is a person when its first variant that is not a title form is a full personal name."""
    info = NameInfo()
    first_plain = True
    for raw in names:
        up = " ".join(tokens(raw))
        up = re.sub(r'\([^)]*\)?|"[^"]*"?', " ", up.replace("`", ""))
        up = up.replace(", JR", " JR").replace(", SR", " SR")
        toks = up.split()
        if not toks:
            continue
        if LEADER_TITLE.match(up):
            info.leader_title = True
        if _title_form(toks, adjectives):
            continue  # the coder reads titles itself
        while len(toks) > 1 and toks[0] in HONORIFICS:
            toks = toks[1:]
        clean = " ".join(toks)
        why = _not_a_full_name(raw, toks, place_words)
        if why == ONE_WORD:
            info.surnames.append(clean)
        if first_plain and why:
            info.not_person = why
        first_plain = False
        if not why and clean not in info.full:
            info.full.append(clean)
    return info


def _title_form(toks: list[str], adjectives: set[str]) -> bool:
    """A variant that begins with a role title, after an optional country adjective, or holds a title anywhere."""
    return (
        toks[0] in ROLE_TITLES
        or any(t in TITLE_ANYWHERE for t in toks)
        or (toks[0] in adjectives and any(t in ROLE_TITLES for t in toks))
    )


def _not_a_full_name(raw: str, toks: list[str], place_words: set[str]) -> str:
    """Why a variant (without honorifics) is not a full personal name ('' if it is)."""
    if not all(NAME_TOKEN.match(t) for t in toks):
        return f"not a name {raw!r}"
    if " ".join(toks) in place_words:
        return f"a place {raw!r}"
    if any(t in NOT_PERSON for t in toks):
        return f"a body or place {raw!r}"
    if len(toks) == 1:
        return ONE_WORD
    if full_name_words(toks) < 2 or len(toks) > 10:
        return f"not a full name {raw!r}"
    return ""


def merge_key(name: str) -> str:
    """Variants that differ only by hyphens, periods and apostrophes are the same name."""
    return " ".join(re.sub(r"[-.']", " ", name).split())


def display(name: str, country: str | None) -> str:
    """'VLADIMIR PUTIN' -> 'Vladimir Putin'; 'BASHAR AL-ASSAD' -> 'Bashar al-Assad';
    'PARK GEUN HYE' (KOR) -> 'Park Geun-hye'."""
    toks = name.split()
    if country in HYPHEN_GIVEN and len(toks) == 3 and all(len(t) <= 5 and t.isalpha() for t in toks):
        return f"{toks[0].title()} {toks[1].title()}-{toks[2].lower()}"
    return " ".join(_display_word(t, i == 0, country) for i, t in enumerate(toks))


def _display_word(tok: str, first: bool, country: str | None) -> str:
    if re.fullmatch(r"[IVX]{2,4}", tok) and not first:
        return tok
    if tok in ("JR.", "JR", "SR.", "SR"):
        return tok.title()
    if is_initial(tok):
        return tok
    return "-".join(_display_part(part, first and i == 0, i > 0, country) for i, part in enumerate(tok.split("-")))


def _display_part(part: str, name_first: bool, after_hyphen: bool, country: str | None) -> str:
    """One hyphen-separated part of a name word; `name_first`: the name's very first part."""
    if not part:
        return part
    if after_hyphen and country in HYPHEN_GIVEN:
        return part.lower()  # Ban Ki-moon
    if part in PARTICLES and part not in ("MAC", "MC", "O") and not name_first:
        return part.lower()
    if re.fullmatch(r"MC[A-Z]{2,}", part):
        return "Mc" + part[2:].title()
    if "'" in part:
        head, _, tail = part.partition("'")
        if len(head) == 1:
            return head + "'" + tail.title()  # O'BRIEN, D'ALEMA
        return head.title() + "'" + tail.lower()  # MU'AMMAR
    return part.title()


def surname_of(name: str, country: str | None) -> tuple[str, str]:
    """(surname, surname with its particle) of a full name in upper case."""
    toks = name.split()
    if country in EAST_ASIAN:
        return toks[0], toks[0]
    last = toks[-1]
    if toks[-1] in ("JR.", "JR", "SR.", "SR") or re.fullmatch(r"[IVX]{2,4}", toks[-1]):
        last = toks[-2]
        toks = toks[:-1]
    if "-" in last:
        head, _, tail = last.partition("-")
        if head in PARTICLES:  # AL-ASSAD
            return tail, last
    if len(toks) >= 3 and toks[-2] in PARTICLES:
        return last, f"{toks[-2]} {last}"
    return last, last


# -- codes ------------------------------------------------------------------------------------

COUNTRY_ALIASES = {"TMP": "TLS", "KSV": "XKX", "USR": "SUN", "IMY": "IMN"}  # CAMEO -> ISO3
ORG_PREFIXES = ("IGO", "NGO", "MNC", "IMG")
# The organisation Phoenix names in the comment of an international office-holder.
COMMENT_ORGS = [
    ("president of the coeu", None),
    ("european community (eec)", None),
    ("western european union", None),
    ("council of europe", "IGOCOE"),
    ("the eu", "IGOEUR"),
    ("international civil aviation", "IGOICA"),
    ("world tourism", None),
    ("nordic council", None),
    ("central american parliament", None),
    ("pacific community", None),
    ("international court of justice", "IGOICJ"),
    ("universal postal", None),
    ("international criminal police", "IGOITP"),
    ("interpol", "IGOITP"),
    ("educational, scientific", "IGOUNE"),
    ("international maritime", "IGOIMO"),
    ("antarctic", None),
    ("african, caribbean and pacific", None),
    ("security and cooperation in europe", "IGOOSC"),
    ("european free trade", None),
    ("economic cooperation organization", None),
    ("economic cooperation and development", "IGOOEC"),
    ("telecommunication", None),
    ("andean", None),
    ("inter-american development", None),
    ("arab maghreb", None),
    ("eastern caribbean", None),
    ("caribbean community", "IGOCAR"),
    ("shanghai cooperation", "IGOSCO"),
    ("islamic conference", "IGOOIC"),
    ("red cross", "NGOICR"),
    ("world health", "IGOWHO"),
    ("world bank", "IGOWBK"),
    ("opec", "IGOOPE"),
    ("south asian association", "IGOSAA"),
    ("east african community", "IGOEAC"),
    ("international labour", "IGOILO"),
    ("children's fund", "IGOUNF"),
    ("iaea", "IGOIAE"),
    ("european bank for reconstruction", "IGOEBR"),
    ("asian development bank", "IGOADB"),
    ("association of southeast asia", "IGOASN"),
    ("southern african development", "IGOSAD"),
    ("organization of american states", "IGOOAS"),
    ("the commonwealth", "IGOCWN"),
    ("world trade", "IGOWTO"),
    ("afican union", "IGOAFU"),
    ("african union", "IGOAFU"),
    ("economic community of west african", "IGOECW"),
    ("international criminal court", "IGOICC"),
    ("gulf cooperation", "IGOGCC"),
    ("arab league", "IGOARL"),
    ("commonwealth of independent states", "IGOCIS"),
    ("nato", "IGONAT"),
    ("un", "IGOUNO"),
    ("food and agriculture", "IGOFAO"),
]
# Phoenix's hierarchical IGO codes -> ours, when no comment names the organisation.
ORG_CODES = {
    "IGOEUREEC": "IGOEUR",
    "IGOEUR": "IGOEUR",
    "IGOWSTNAT": "IGONAT",
    "IGOUNO": "IGOUNO",
    "IGOUNODEVWBK": "IGOWBK",
    "IGOUNOHLHWHO": "IGOWHO",
    "IGOUNOIAE": "IGOIAE",
    "IGOBUSOPC": "IGOOPE",
    "IGOSASSAA": "IGOSAA",
    "NGOHLHIRC": "NGOICR",
    "IGOUNOKID": "IGOUNF",
    "IGOEAFEAC": "IGOEAC",
    "IGOEURDEVEBR": "IGOEBR",
    "IGOUNOLABILO": "IGOILO",
    "IGOBUSIMF": "IGOIMF",
    "IGOAFRAFU": "IGOAFU",
    "IGOAFROAU": "IGOAFU",
    "IGOASADEVADB": "IGOADB",
    "IGOOAS": "IGOOAS",
    "IGOSEAASN": "IGOASN",
    "IGOCWN": "IGOCWN",
    "IGOSAFDEVSAD": "IGOSAD",
    "IGOBUSWTO": "IGOWTO",
    "IMGMUSISI": "IMGISI",
    "IGOMEAARL": "IGOARL",
    "IGOCOPITP": "IGOITP",
    "IGOWAFWAS": "IGOECW",
    "IGOJUDICC": "IGOICC",
    "IGOPGSGCC": "IGOGCC",
    "IGOCASCIS": "IGOCIS",
    "IGOAFRDEVAFB": "IGOAFB",
    "IGOWSTBUS": "IGOOEC",
    "IGOMOSOIC": "IGOOIC",
    "IGOCRB": "IGOCAR",
}


@dataclass
class Mapper:
    iso3: set[str]
    org_codes: set[str]
    dropped: Counter = field(default_factory=Counter)

    def __call__(self, code: str, comment: str = "") -> str | None:
        """Our code for a Phoenix code: 'USAGOVLEG' -> 'USALEG'; None when it cannot be mapped
        (counted in `dropped` by reason); 'ELI' alone gives '---ELI' (country to be filled)."""
        code = code.upper()
        if code in SECTORS:
            return "---" + code
        prefix = COUNTRY_ALIASES.get(code[:3], code[:3])
        if prefix in ORG_PREFIXES:
            return self._org(code, comment)
        if prefix not in self.iso3:
            self.dropped[f"country code not ISO3 ({code[:3]})"] += 1
            return None
        rest = code[3:]
        inner = COUNTRY_ALIASES.get(rest[:3], rest[:3])
        if inner in self.iso3 and rest[:3] not in SECTORS:  # GBRVGBELI: British Virgin Islands
            prefix, rest = inner, rest[3:]
        sectors = [rest[i : i + 3] for i in range(0, len(rest), 3)]
        if not sectors:
            self.dropped["country code without a sector"] += 1
            return None
        for wins in ("LEG", "SPY"):
            if wins in sectors:
                return prefix + wins
        if sectors[0] not in SECTORS:
            self.dropped[f"sector not ours ({sectors[0]})"] += 1
            return None
        return prefix + sectors[0]

    def _org(self, code: str, comment: str) -> str | None:
        low = comment.lower()
        for words, ours in COMMENT_ORGS:
            if low == words if words == "un" else words in low:
                if ours is None:
                    self.dropped[f"organisation we do not code ({words})"] += 1
                return ours
        ours = ORG_CODES.get(code)
        if ours is None and code[:6] in self.org_codes and len(code) == 6:
            ours = code[:6]
        if ours is None:
            self.dropped[f"organisation code not mapped ({code})"] += 1
        return ours


def org_comments(path: Path) -> dict[str, str]:
    """Name -> the organisation named in the comment of a one-line entry
    ('PAT_COX_ [IGOEUREEC 020115-040720] # The EU')."""
    found = {}
    text = path.read_bytes().decode("utf-8", "replace")
    for line in text.splitlines():
        m = re.match(r"^([^\s#\[+][^\[#]*?)\s*(?:\[[^\]]*\]\s*)+#(.*)$", line)
        if m:
            name = " ".join(m[1].replace("_", " ").split())
            comment = m[2].split("#")[0].strip()
            if comment:
                found.setdefault(name, comment)
    return found


def sections(path: Path) -> dict[str, str]:
    """Name -> the heading comment of the section its record stands in ("# U.S. Attorneys
    General"), for the record's first line."""
    found: dict[str, str] = {}
    heading = ""
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if line.startswith("# ") and "CountryInfo" not in line:
            heading = line[2:].strip()
        elif line and not line[0].isspace() and line[0] not in "#+[":
            name = " ".join(re.split(r"[\[#]", line, maxsplit=1)[0].replace("_", " ").split())
            if name:
                found.setdefault(name, heading)
    return found


# Sections of Phoenix's lists of US office-holders that are neither heads of state or government
# nor foreign or defence ministers: their people follow the leaders' ELI-then-GOV pattern too.
NOT_LEADERS = re.compile(
    r"attorneys? general|homeland|ambassador|chiefs? of staff|national security|"
    r"trade rep|intelligence|federal reserve|vice president",
    re.I,
)


# -- periods ----------------------------------------------------------------------------------

NEG, POS = date.min.toordinal(), date.max.toordinal()


def resolve(
    dated: list[tuple[str, date | None, date | None]], default: str | None
) -> list[tuple[str, date | None, date | None]]:
    """A clean sequence of periods (see the module's docstring)."""
    spans = [
        (code, s.toordinal() if s else NEG, e.toordinal() if e else POS, i) for i, (code, s, e) in enumerate(dated)
    ]
    cuts = sorted({NEG, POS + 1} | {s for _, s, _, _ in spans} | {e + 1 for _, _, e, _ in spans})
    pieces: list[list] = []
    first = min(sp[1] for sp in spans)
    for lo, hi in pairwise(cuts):
        cover = [sp for sp in spans if sp[1] <= lo and hi - 1 <= sp[2]]
        if cover:
            code = max(cover, key=lambda sp: (sp[1], not sp[0].endswith("ELI"), -(sp[2] - sp[1]), -sp[3]))[0]
        else:
            code = default if lo >= first else None  # the default holds after the first dated period
        if code is None:
            continue
        if pieces and pieces[-1][0] == code and pieces[-1][2] == lo - 1:
            pieces[-1][2] = hi - 1
        else:
            pieces.append([code, lo, hi - 1])
    out = []
    for code, lo, hi in pieces:
        start = None if lo == NEG else date.fromordinal(lo)
        end = None if hi >= POS else date.fromordinal(hi)
        out.append((code, start, end))
    return out


# -- people -----------------------------------------------------------------------------------


@dataclass
class Person:
    full: list[str]
    surnames: set[str]
    leader_title: bool
    actors: list[UserActor]
    comment: str = ""
    section: str = ""
    periods: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    country: str | None = None


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    table = countries()
    place_words, adjectives = _place_words(table)
    org_codes = {row["code"] for row in read_table("organizations.tsv", "newsevents.actors")}
    mapper = Mapper(set(table), org_codes)
    counts: Counter = Counter()
    rejected: list[str] = []

    records = read_records(Path(args.folder), place_words, adjectives, counts, rejected)
    as_of = _as_of(args, records)
    counts["as of"] = as_of
    people = join_namesakes(merge_records(records), counts)
    kept = with_periods(people, mapper, as_of, counts)
    surname_count, first_names = name_counts(people)  # all persons, even those whose periods ended before 1990
    give_shorts(kept, surname_count, first_names, place_words, counts)

    write(Path(args.out), kept)
    _report(kept, counts, mapper, as_of, args.out)
    if args.sample:
        _print_sample(kept, rejected, args.sample)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="folder of the Phoenix dictionaries")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--sample", type=int, default=0, help="print N random persons and rejected records to check by eye")
    ap.add_argument(
        "--as-of",
        help="the day Phoenix's open offices are known to hold to (default: the latest "
        "date in the dictionaries, 2015-02-17 for commit 676801c)",
    )
    ap.add_argument("--keep-open", action="store_true", help="keep Phoenix's open offices open (PETRARCH's reading)")
    return ap.parse_args(argv)


def _place_words(table: dict) -> tuple[set[str], set[str]]:
    """(country names, adjectives, peoples and capitals; the adjectives alone), as name tokens."""
    place_words, adjectives = set(), {"U.S.", "US", "AMERICAN", "UN", "U.N."}
    for c in table.values():
        for n in (*c.names, *c.adjectives, *c.people, *c.capitals):
            place_words.add(" ".join(tokens(n)))
        adjectives.update(" ".join(tokens(n)) for n in c.adjectives)
    return place_words, adjectives


def read_records(
    folder: Path, place_words: set[str], adjectives: set[str], counts: Counter, rejected: list[str]
) -> list[Person]:
    """A Person for each dated Phoenix record (the entries sharing one list of names) that is a
    person; the others are counted, and those dated go to `rejected` with why."""
    records: list[Person] = []
    for fname in FILES:
        path = folder / fname
        found = read_petrarch_actors(path)
        comments = org_comments(path) if "International" in fname else {}
        headings = sections(path)
        groups: dict[tuple[str, ...], list[UserActor]] = {}
        for actor in found.entries:
            groups.setdefault(actor.names, []).append(actor)
        for names, actors in groups.items():
            counts["records"] += 1
            if not any(a.dated for a in actors):
                continue
            counts["dated records"] += 1
            info = classify_names(names, place_words, adjectives)
            if info.not_person or not info.full:
                counts["dated records: not a person"] += 1
                rejected.append(f"{names[0]}: {info.not_person or 'no full personal name'}")
                continue
            records.append(
                Person(
                    info.full,
                    set(info.surnames),
                    info.leader_title,
                    actors,
                    comments.get(names[0], ""),
                    headings.get(names[0], ""),
                )
            )
    return records


def _as_of(args: argparse.Namespace, records: list[Person]) -> date | None:
    """The day Phoenix's open offices are closed at (None: kept open). Phoenix is current to its
    latest date: an office it gives as open is known to hold to that day, not beyond
    (Berlusconi's "ITAGOV >080508" is not the Italian government in 2018)."""
    if args.keep_open:
        return None
    if args.as_of:
        return date.fromisoformat(args.as_of)
    return max(d for p in records for a in p.actors for d in (a.start, a.end) if d)


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of `i`, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _absorb(person: Person, other: Person) -> None:
    """`other`'s names, title and Phoenix entries added to `person`'s."""
    person.full += [n for n in other.full if n not in person.full]
    person.surnames |= other.surnames
    person.leader_title |= other.leader_title
    person.actors += other.actors


def merge_records(records: list[Person]) -> list[Person]:
    """One person per set of records sharing a full-name variant (union-find over the variants).
    Records of one person often come from two sections (a cabinet list and a leaders' list,
    Sudan and South Sudan, a country and an IGO); a full name shared by two different
    persons is rare enough in Phoenix to ignore."""
    parent = list(range(len(records)))
    by_name: dict[str, int] = {}
    for i, p in enumerate(records):
        for n in p.full:
            j = by_name.setdefault(merge_key(n), i)
            if _root(parent, i) != _root(parent, j):
                parent[_root(parent, i)] = _root(parent, j)
    merged: dict[int, Person] = {}
    for i, p in enumerate(records):
        root = _root(parent, i)
        if root not in merged:
            merged[root] = Person(list(p.full), set(p.surnames), p.leader_title, list(p.actors), p.comment, p.section)
        else:
            m = merged[root]
            _absorb(m, p)
            m.comment = m.comment or p.comment
            m.section = m.section or p.section
    return list(merged.values())


def join_namesakes(persons: list[Person], counts: Counter) -> list[Person]:
    """Persons whose canonical names read the same to the loader are one person to it: joined."""
    people: list[Person] = []
    by_canonical: dict[str, Person] = {}
    for p in persons:
        key = normal(display(p.full[0], None))
        m = by_canonical.get(key)
        if m is None:
            by_canonical[key] = p
            people.append(p)
            continue
        counts["namesakes joined (same canonical name)"] += 1
        _absorb(m, p)
    return people


def with_periods(people: list[Person], mapper: Mapper, as_of: date | None, counts: Counter) -> list[Person]:
    """The persons with a period from 1990 on, their codes (and country) and periods set."""
    kept = []
    for p in people:
        p.periods = _periods(p, mapper, as_of, counts)
        if p.periods:
            kept.append(p)
    return kept


Coded = tuple[str, date | None, date | None]  # our code, from, to


def _periods(p: Person, mapper: Mapper, as_of: date | None, counts: Counter) -> list[Coded]:
    """A person's periods that reach 1990 (none: counted, with why)."""
    fixed = _codes(p, mapper)
    dated = [c for c in fixed if c[1] or c[2]]
    defaults = [c for c in fixed if not (c[1] or c[2])]
    if not dated:
        counts["persons: no dated code we can map"] += 1
        return []
    default = defaults[-1][0] if defaults else None
    if as_of is not None:
        dated = _close_open_offices(dated, as_of, counts)
    periods = [x for x in resolve(dated, default) if x[2] is None or x[2] >= CUTOFF]
    if not periods:
        counts["persons: all periods end before 1990"] += 1
    return periods


def _codes(p: Person, mapper: Mapper) -> list[Coded]:
    """Our codes of a person's Phoenix entries, dated ones first; sets the person's country
    (the one most of them name), which a sector given alone ('---ELI') takes."""
    dated: list[Coded] = []
    defaults: list[Coded] = []
    for a in p.actors:
        code = mapper(a.code, p.comment if a.code[:3] in ORG_PREFIXES else "")
        if code is not None:
            (dated if a.dated else defaults).append((code, a.start, a.end))
    nations = Counter(c[:3] for c, _, _ in dated + defaults if c[:3] not in ORG_PREFIXES and c[:3] != "---")
    p.country = nations.most_common(1)[0][0] if nations else None
    fixed = []
    for code, s, e in dated + defaults:
        if code.startswith("---"):
            if len(nations) != 1:
                mapper.dropped["sector without a country (person of no single country)"] += 1
                continue
            code = p.country + code[3:]
        fixed.append((code, s, e))
    return fixed


def _close_open_offices(dated: list[Coded], as_of: date, counts: Counter) -> list[Coded]:
    """Offices still held in Phoenix (not ELI, begun by `as_of`) end at `as_of`."""
    capped = []
    for code, start, end in dated:
        if end is None and start is not None and not code.endswith("ELI") and start <= as_of:
            end = as_of
            counts["open offices closed at the as-of date"] += 1
        capped.append((code, start, end))
    return capped


def name_counts(people: list[Person]) -> tuple[Counter, set[str]]:
    """How many persons bear each surname (an East Asian one comes first: first words count
    too), and every first name."""
    surname_count: Counter = Counter()
    first_names: set[str] = set()
    for p in people:
        seen = set()
        for n in p.full:
            toks = n.split()
            first_names.add(toks[0])
            s, _ = surname_of(n, None)
            seen.add(s)
            if len(toks) >= 2:
                seen.add(toks[0])
        surname_count.update(seen)
    return surname_count, first_names


def give_shorts(
    kept: list[Person], surname_count: Counter, first_names: set[str], place_words: set[str], counts: Counter
) -> None:
    """The short of each leader whose surname is distinctive (refusals counted, with why)."""
    for p in kept:
        if not _leader(p):
            continue
        surname, with_particle = surname_of(p.full[0], p.country)
        if p.country in FIRST_NAME_CUSTOM or (p.country in HISPANIC and len(p.full[0].split()) >= 3):
            counts["shorts refused: the surname news uses is not the last name"] += 1
            continue
        reasons = distinctive(surname, 1, surname_count, first_names, place_words, p.country)
        if reasons:
            counts[f"shorts refused: {reasons}"] += 1
            continue
        p.short = [display(surname, None)]
        if with_particle != surname:
            p.short.append(display("X " + with_particle, None)[2:])
        counts["persons with a short"] += 1


def _leader(p: Person) -> bool:
    """A head of state or government or a foreign or defence minister (by a title variant, or by
    CountryInfo's leaders' lists, which give a dated ELI before and after the GOV period), in an
    office that reaches 1990."""
    ruler = (
        any(a.code.endswith("ELI") and a.dated for a in p.actors)
        and any(a.code[3:] == "GOV" and a.dated for a in p.actors)
        and not NOT_LEADERS.search(p.section)
    )
    office_late = any(not c.endswith("ELI") and (e is None or e >= CUTOFF) for c, s, e in p.periods)
    return bool((p.leader_title or ruler) and office_late)


def _report(kept: list[Person], counts: Counter, mapper: Mapper, as_of: date | None, out: str) -> None:
    periods = sum(len(p.periods) for p in kept)
    print(f"persons: {len(kept)}  periods: {periods}  with a short: {counts['persons with a short']}")
    print(
        f"records read: {counts['records']}  dated: {counts['dated records']}  "
        f"not persons: {counts['dated records: not a person']}  "
        f"joined for the same canonical name: {counts['namesakes joined (same canonical name)']}"
    )
    print(
        f"persons dropped: no mappable dated code {counts['persons: no dated code we can map']}, "
        f"all periods before 1990 {counts['persons: all periods end before 1990']}"
    )
    if as_of is not None:
        print(
            f"offices Phoenix gives as open closed at its as-of date {as_of} (then ELI): "
            f"{counts['open offices closed at the as-of date']}"
        )
    print(f"codes dropped: {sum(mapper.dropped.values())}")
    for why, n in mapper.dropped.most_common():
        print(f"  {n:6d}  {why}")
    for why, n in sorted(counts.items()):
        if why.startswith("shorts refused"):
            print(f"  {n:6d}  {why}")
    print(f"wrote {out} ({Path(out).stat().st_size:,} bytes)")


def _print_sample(kept: list[Person], rejected: list[str], n: int) -> None:
    import random

    rng = random.Random(1)
    print("\n-- sample of persons --")
    for p in rng.sample(kept, min(n, len(kept))):
        print(" ", display(p.full[0], p.country), "|", p.short, [(c, str(s), str(e)) for c, s, e in p.periods])
    print("\n-- sample of rejected records --")
    for r in rng.sample(rejected, min(n, len(rejected))):
        print(" ", r)


def distinctive(
    surname: str, own: int, surname_count: Counter, first_names: set[str], place_words: set[str], country: str | None
) -> str:
    """Why a surname is not distinctive enough to stand alone for a person ('' if it is)."""
    letters = re.sub(r"[^A-Z]", "", surname)
    if len(letters) < 4:
        return "shorter than four letters"
    if surname.lower() in DENY_SHORTS or letters.lower() in DENY_SHORTS:
        return "on the deny-list"
    if surname in place_words:
        return "a country, capital or demonym"
    if surname in first_names:
        return "also a first name"
    if surname_count[surname] > own:
        return "borne by another Phoenix person"
    return ""


def write(path: Path, people: list[Person]) -> None:
    rows = []
    for p in people:
        names = [display(n, p.country) for n in p.full]
        names = list(dict.fromkeys(names))
        name_field = "|".join(names)
        short = "|".join(p.short)
        for code, s, e in p.periods:
            rows.append(
                (
                    names[0].lower(),
                    s or date.min,
                    name_field,
                    short,
                    code,
                    s.isoformat() if s else "",
                    e.isoformat() if e else "",
                )
            )
    rows.sort(key=lambda r: (r[0], r[1]))
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        out.write("name\tshort\tcode\tfrom\tto\toffice\n")
        for _, _, name, short, code, s, e in rows:
            out.write(f"{name}\t{short}\t{code}\t{s}\t{e}\t\n")


HEADER = """\
# people.tsv — dated who's-who of office-holders, GENERATED by scripts/make_whoswho.py: never
# edit by hand (corrections and later office-holders go in officeholders.tsv, which wins).
# Source: the PETRARCH / Phoenix actor dictionaries (Phoenix.Countries.actors.txt and
# Phoenix.International.actors.txt), Open Event Data Alliance, MIT License, from
# openeventdata/petrarch2 at commit 676801c; CountryInfo by the Computational Event Data
# System Project. Copyright (c) 2014 Open Event Data Alliance; see the MIT License text in
# that repository. Phoenix is current to about 2014 (its latest date is 2015-02-17): an office
# it gives as still held is closed at that date and followed by the person's undated default
# code if Phoenix gives one (mostly ELI, former office-holder); only such periods stay open.
# Columns (tab-separated, UTF-8):
#   name    full name and spelling variants, "|"-separated, the canonical form first
#   short   surname(s) standing alone for the person, "|"-separated; set only for heads of
#           state or government and foreign or defence ministers with a distinctive surname
#   code    ISO3 + one sector (USAGOV, RUSLEG, FRAELI), or an IGO/NGO code of organizations.tsv
#   from    first day of the period (YYYY-MM-DD; empty: open)
#   to      last day of the period (YYYY-MM-DD; empty: open)
#   office  empty here (Phoenix does not name the office)
# One row per period; the periods of one person do not overlap; periods ending before
# 1990-01-01 are left out.
"""

if __name__ == "__main__":
    sys.exit(main())
