"""Datelines ("WASHINGTON, Sept 28 (Reuters) -") and agency credits at either end of a story."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsevents.dates import DateValue, parse_date
from newsevents.records import Dateline

# Canonical agency names, keyed by the lower-cased forms found in credits.
AGENCIES = {
    "reuters": "Reuters",
    "reuter": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "dpa": "dpa",
    "deutsche presse-agentur": "dpa",
    "xinhua": "Xinhua",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
    "tass": "TASS",
    "itar-tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "interfax": "Interfax",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "pti": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "bernama": "Bernama",
    "antara": "Antara",
    "irna": "IRNA",
    "wam": "WAM",
    "spa": "SPA",
    "mena": "MENA",
    "sana": "SANA",
    "kuna": "KUNA",
    "qna": "QNA",
    "apa": "APA",
    "pap": "PAP",
    "ctk": "CTK",
    "ukrinform": "Ukrinform",
    "cna": "CNA",
    "aap": "AAP",
    "australian associated press": "AAP",
    "canadian press": "CP",
    "the canadian press": "CP",
    "press association": "PA",
    "pa": "PA",
    "ips": "IPS",
}
_AGENCY_NAMES = sorted(AGENCIES, key=len, reverse=True)
_AGENCY_ALT = "|".join(re.escape(a) for a in _AGENCY_NAMES)

_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_PART = (
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH_WORD}(?:,?\s+\d{{4}})?)"
)
_LETTER = r"[^\W\d_]"  # a letter of any script: ZÜRICH, SÃO PAULO
_PLACE_CAPS = rf"{_LETTER}(?:{_LETTER}|['’.\-])*(?:[ /]{_LETTER}(?:{_LETTER}|['’.\-])*){{0,4}}"
_REGION = rf"(?:,\s+(?P<region>(?!{_MONTH_WORD}\s*\d){_LETTER}[\w.'’\-]+(?:\s{_LETTER}[\w.'’\-]+){{0,2}}))?"
_SEPARATOR = r"\s*(?:-{1,2}|—|–|:)\s+"

# "WASHINGTON, Sept 28 (Reuters) - " / "GENEVA (AP) — " / "KABUL, Feb 3: " at the start of the body.
_INLINE = re.compile(
    rf"^(?P<place>{_PLACE_CAPS}){_REGION}"
    rf"(?:,?\s+(?P<date>{_DATE_PART}))?"
    rf"(?:\s*\((?P<agency>{_AGENCY_ALT})\))?"
    rf"{_SEPARATOR}(?=\S)",
    re.I,
)
# A dateline on a line of its own: "WASHINGTON, September 28, 2016" (the comma keeps a
# headline that ends in a date, "BOND ISSUE APRIL 14", from passing for one).
_ALONE = re.compile(
    rf"^(?P<place>{_PLACE_CAPS}){_REGION},\s+(?P<date>{_DATE_PART})\s*(?:\((?P<agency>{_AGENCY_ALT})\))?\s*$",
    re.I,
)

_SIGNOFF = re.compile(rf"(?:\s*(?:-{{1,2}}|—|–)\s*|\s*\(|\s+|^)(?P<agency>{_AGENCY_ALT})\)?\s*\.?\s*$", re.I)
# "(Reporting by A; Editing by B)", "Reuters reporting by A in Beirut; editing by B"
_REPORTING = re.compile(
    rf"\(?\s*(?:\(?(?:(?P<agency>{_AGENCY_ALT})\s+)?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)"
    rf"\s+by\b[^\n]*)\)?\s*$",
    re.I,
)
# A byline at the end: "By Jane Doe, AP", "By Jane Doe and John Roe | Reuters"
_END_BYLINE = re.compile(rf"\n\s*By\s+(?P<names>[^,|\n]+?)\s*[,|]\s*(?P<agency>{_AGENCY_ALT})\s*$", re.I)
_BY_NAMES = re.compile(r"(?:reporting|writing|written)\s+by\s+([^;()\n]+)", re.I)


def _place_is_caps(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _agency(name: str | None) -> str | None:
    return AGENCIES.get(name.lower()) if name else None


@dataclass(frozen=True)
class DatelineMatch:
    dateline: Dateline
    agency: str | None
    rest: str  # the paragraph without its dateline


def _make(m: re.Match, anchor: date | None) -> Dateline:
    raw = m.group(0).strip().rstrip("-—–:").strip()
    value: DateValue | None = parse_date(m.group("date") or "", anchor, allow_future_days=2)
    return Dateline(
        text=raw,
        place=", ".join(p for p in (m.group("place").strip(), m.group("region")) if p),
        date=value.date if value else None,
        precision="day" if value else None,
        year_given=bool(value and value.year_given),
    )


def find_dateline(paragraph: str, anchor: date | None = None) -> DatelineMatch | None:
    """The dateline at the start of a paragraph (or the paragraph that is only a dateline).

    `anchor` is a date from other evidence, used to give a year to "Sept 28".
    """
    line = paragraph.strip()
    m = _ALONE.match(line) if "\n" not in line and len(line) < 90 else None
    if m and _place_is_caps(m.group("place")):
        return DatelineMatch(_make(m, anchor), _agency(m.group("agency")), "")
    m = _INLINE.match(line)
    # Without a date or an agency credit "NATO - Russia talks" and "BREAKING:" look just the
    # same as a dateline, so an inline dateline must carry one of the two; with both a date
    # and a comma before it, a place in title case is a dateline too ("New York, March 27 -").
    if m and (m.group("agency") or m.group("date")):
        capitals = _place_is_caps(m.group("place"))
        titled = (
            m.group("date")
            and re.match(r"^[^,]+,", m.group(0))
            and m.group("place").istitle()
            and not m.group("place").startswith("The ")
        )
        if capitals or m.group("agency") or titled:
            return DatelineMatch(_make(m, anchor), _agency(m.group("agency")), line[m.end() :])
    return None


@dataclass(frozen=True)
class Signoff:
    text: str  # the body without the credit
    agency: str | None
    authors: tuple[str, ...]


def _names(names: str) -> list[str]:
    """ "Tom Perry in Beirut and Suleiman Al-Khalidi in Amman" -> the two names."""
    found = []
    for name in re.split(r",\s*|\s+and\s+|\s*&\s*", names.strip()):
        name = re.sub(r"\s+in\s+[A-Z][\w .'-]*$", "", name.strip())
        if name:
            found.append(name)
    return found


# How far from the end of a story a sign-off or reporting credit is looked for: a credit is a
# line, and searching the whole of a story of one 8 MB paragraph for one took a minute.
CREDIT_CHARS = 2_000


def _at_end(pattern: re.Pattern, text: str) -> re.Match | None:
    """A match of a pattern that ends at the end of the text (only the text's tail is searched;
    "^" still means the start of the whole text)."""
    return pattern.search(text, max(0, len(text) - CREDIT_CHARS))


def strip_signoff(text: str) -> Signoff:
    """Remove agency sign-offs and reporting credits from the end of a story.

    "... by the Security Council.-Reuters", "(Reporting by A; Editing by B)", "— AP".
    """
    agency, authors = None, []
    changed = True
    while changed:
        changed = False
        m = _at_end(_REPORTING, text)
        if m and m.start() > 0 and text[: m.start()].rstrip().endswith((".", '"', "”", "’", ")")):
            for names in _BY_NAMES.findall(m.group(0)):
                authors.extend(_names(names))
            agency = agency or _agency(m.group("agency"))
            text = text[: m.start()].rstrip()
            changed = True
        m = _at_end(_END_BYLINE, text)
        if m:
            authors.extend(_names(m.group("names")))
            agency = agency or _agency(m.group("agency"))
            text = text[: m.start()].rstrip()
            changed = True
        m = _at_end(_SIGNOFF, text)
        if m and m.start() > 0:
            before = text[: m.start()].rstrip()
            # Only a credit when it follows the end of a sentence or stands on its own line.
            if before.endswith((".", '"', "”", "’", "!", "?", ")")) or "\n" in text[m.start() - 1 : m.start() + 1]:
                agency = agency or _agency(m.group("agency"))
                text = before
                changed = True
    return Signoff(text, agency, tuple(dict.fromkeys(authors)))
