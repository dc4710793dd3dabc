"""The actor dictionary: names of countries, capitals and seats of government, national
institutions, international bodies and armed groups, and the role words that give a sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsevents.countries import countries, read_table


@dataclass(frozen=True)
class ActorEntry:
    """What a name stands for as an actor."""

    code: str
    country: str | None
    sector: str | None
    name: str
    kind: str  # country, capital, institution, organization, group, person


# Role words: the sector a noun gives its phrase ("Russian troops" -> MIL). Keys are lemmas.
ROLE_SECTORS: dict[str, str] = {}
for _sector, _words in {
    "GOV": "government administration authority authorities minister ministry president premier "
           "chancellor official spokesman spokeswoman spokesperson diplomat ambassador envoy embassy "
           "cabinet regime secretary mayor governor delegation negotiator king queen emir sultan "
           "monarch prince leader leadership state consulate vice-president vice-premier aide adviser "
           "advisor representative delegate foreign-minister counterpart statesman junta-leader "
           "interior_ministry",
    "MIL": "army military troop troops soldier forces force warplane jet aircraft navy airforce general "
           "commander artillery tank drone helicopter gunship battalion brigade marine paratrooper "
           "peacekeeper warship submarine fighter-jet bomber missile coalition sniper garrison "
           "junta defence defense",
    "COP": "police policeman policewoman gendarme gendarmerie guard officer",
    "JUD": "court judge prosecutor prosecution tribunal magistrate judiciary jury",
    "LEG": "parliament lawmaker legislator senator congressman congresswoman mp assembly senate "
           "legislature parliamentarian deputy",
    "REB": "rebel insurgent militant guerrilla guerilla fighter gunman jihadist insurgency separatist militia "
           "militiaman extremist terrorist assailant attacker fundamentalist islamist bomber",
    "OPP": "opposition dissident activist",
    "PTY": "party",
    "CVL": "civilian resident villager protester demonstrator people citizen crowd mob population "
           "family pilgrim passenger prisoner inmate youth woman women child girl boy worshipper shopper "
           "bystander tourist motorist pedestrian schoolgirl schoolchild",
    "LAB": "worker union employee miner",
    "EDU": "student teacher university school",
    "HLH": "doctor nurse hospital clinic",
    "MED": "journalist reporter newspaper broadcaster media correspondent",
    "REF": "refugee migrant asylum-seeker",
    "BUS": "company firm business investor bank",
    "REL": "cleric imam priest bishop church mosque muslim christian sunni shiite shia jew hindu buddhist",
    "HRI": "rights-group",
    "CRM": "smuggler gang trafficker criminal kidnapper bandit",
    "AGR": "farmer",
}.items():
    for _word in _words.split():
        ROLE_SECTORS[_word.replace("_", " ")] = _sector

# Roles held by one person, so that a name may take them ("the foreign minister ... Ayrault").
PERSON_ROLES = {
    "minister", "president", "premier", "chancellor", "official", "spokesman", "spokeswoman",
    "spokesperson", "diplomat", "ambassador", "envoy", "secretary", "mayor", "governor", "king",
    "queen", "emir", "sultan", "monarch", "prince", "leader", "negotiator", "general",
    "commander", "judge", "prosecutor", "senator", "lawmaker", "congressman", "congresswoman",
    "chief", "head", "aide", "adviser", "advisor", "representative", "activist", "dissident",
}

# Words that make a role word something else when they modify it ("rights activist" is not
# opposition, "interior minister" still government).
_SECTOR_OVERRIDES = {
    ("foreign", "minister"): "GOV", ("defence", "minister"): "GOV", ("defense", "minister"): "GOV",
    ("air", "force"): "MIL", ("security", "force"): "MIL", ("security", "forces"): "MIL",
    ("riot", "police"): "COP", ("human", "rights"): "HRI", ("rights", "group"): "HRI",
    ("supreme", "court"): "JUD", ("border", "guard"): "COP", ("coast", "guard"): "MIL",
    # Bodies outside any state: their "sector" is the NGO code itself.
    ("aid", "agency"): "NGO", ("aid", "group"): "NGO", ("aid", "organization"): "NGO",
    ("aid", "organisation"): "NGO", ("relief", "agency"): "NGO", ("humanitarian", "group"): "NGO",
    ("humanitarian", "organization"): "NGO", ("humanitarian", "organisation"): "NGO",
    ("charity", "group"): "NGO", ("rights", "organization"): "HRI", ("rights", "organisation"): "HRI",
}


def override_sector(modifier: str, head: str) -> str | None:
    return _SECTOR_OVERRIDES.get((modifier.lower(), head.lower()))


def _normal(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'")
    name = re.sub(r"\s+", " ", name.strip())
    return name.lower()


class ActorDictionary:
    """Phrases (lower-cased) mapped to actor entries, with the demonyms of each country."""

    def __init__(self) -> None:
        self.phrases: dict[str, ActorEntry] = {}
        self.adjectives: dict[str, str] = {}  # "russian" -> "RUS"
        self.longest = 1

    def add(self, phrase: str, entry: ActorEntry, *, replace: bool = False) -> None:
        key = _normal(phrase)
        if not key or (key in self.phrases and not replace):
            return
        self.phrases[key] = entry
        self.longest = max(self.longest, len(key.split()))
        if "." in key:  # "U.S." is also written "US" (and tokenised either way)
            self.phrases.setdefault(key.replace(".", ""), entry)

    def lookup(self, phrase: str) -> ActorEntry | None:
        key = _normal(phrase)
        entry = self.phrases.get(key)
        if entry is None and key.startswith("the "):
            entry = self.phrases.get(key[4:])
        return entry

    def adjective(self, word: str) -> str | None:
        """The country of a nationality adjective ("Russian", "U.S.", "Russian-backed" is not one)."""
        key = _normal(word)
        return self.adjectives.get(key) or self.adjectives.get(key.replace(".", ""))


def _aliases(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """The built-in dictionary: countries, capitals, institutions, organisations, groups."""
    d = ActorDictionary()
    for country in countries().values():
        entry = ActorEntry(country.iso3, country.iso3, None, country.name, "country")
        for name in country.names:
            d.add(name, entry)
        for people in country.people:
            d.add(people, entry)
        for adjective in country.adjectives:
            d.adjectives.setdefault(_normal(adjective), country.iso3)
            d.adjectives.setdefault(_normal(adjective).replace(".", ""), country.iso3)
        for capital in country.capitals:
            d.add(capital, ActorEntry(country.iso3 + "GOV", country.iso3, "GOV", country.name, "capital"))
    for row in read_table("institutions.tsv", __package__):
        names = _aliases(row["name"])
        entry = ActorEntry(row["country"] + row["sector"], row["country"], row["sector"], names[0], "institution")
        for name in names:
            d.add(name, entry, replace=True)
    for row in read_table("organizations.tsv", __package__):
        names = _aliases(row["name"])
        country = row.get("country") or None
        entry = ActorEntry(row["code"], country, row.get("sector") or None, names[0],
                           "group" if (row.get("sector") == "REB") else "organization")
        for name in names:
            d.add(name, entry, replace=True)
    return d
