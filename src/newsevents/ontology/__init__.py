"""The event ontologies: CAMEO codes with Goldstein scores and quad classes, PLOVER types,
modes, contexts and actor sectors, and the mapping from CAMEO onto PLOVER.

The tables live in `data/cameo.tsv`, written from the public CAMEO 1.1b3 codebook and the
PLOVER codebook.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

QUAD_CLASSES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

# PLOVER / CAMEO actor sector codes used by the actor coder.
SECTORS = {
    "GOV": "Government",
    "MIL": "Military",
    "COP": "Police",
    "JUD": "Judiciary",
    "LEG": "Legislature",
    "SPY": "Intelligence",
    "PTY": "Political party",
    "OPP": "Opposition",
    "REB": "Rebels, insurgents",
    "CVL": "Civilians",
    "MED": "Media",
    "BUS": "Business",
    "LAB": "Labour",
    "EDU": "Education",
    "HLH": "Health",
    "REF": "Refugees",
    "HRI": "Human rights",
    "REL": "Religious",
    "CRM": "Criminals",
    "AGR": "Agriculture",
    "ENV": "Environment",
    "ELI": "Elites (former officials, notables)",
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO event codes, keyed by code ("01" to "2042")."""
    text = resources.files(__package__).joinpath("data/cameo.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
            plover_context=tuple(c for c in row["plover_context"].split(",") if c),
        )
    return table


def cameo(code: str) -> CameoCode:
    """The CAMEO entry for `code`; raises KeyError for a code the standard does not have."""
    return cameo_table()[code]


# -- kinds of code, by their CAMEO root -------------------------------------------------------


def root(code: str) -> str:
    """The CAMEO root of a code ("1313" -> "13")."""
    return code[:2]


def violent(code: str) -> bool:
    """Unconventional violence, assault, mass violence (18, 19, 20)."""
    return code[:2] in ("18", "19", "20")


def conflictual(code: str) -> bool:
    """The acts whose announcement, promise or condition is a threat: reducing relations,
    coercion and violence (16-20), and halting an engagement (087)."""
    return code[:2] in ("16", "17", "18", "19", "20") or code == "087"


def cooperative(code: str) -> bool:
    """Intents, consultations, support, cooperation, aid and concessions (03-08)."""
    return code[:2] in ("03", "04", "05", "06", "07", "08")
