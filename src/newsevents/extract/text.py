"""Scraped text pages: find the story inside the page chrome.

A page saved as text keeps what surrounded the story: the site's date and menus above the
headline, tag lists, share buttons, "Related" blocks, widgets and copyright lines below it.
The story itself is the run of prose between them, opened by a headline and usually a
dateline, and closed by an agency sign-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsevents.dates import DateValue, parse_date
from newsevents.extract.dateline import find_dateline, strip_signoff

_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":", ";", "…")
_CHROME_WORDS = re.compile(
    r"^(home|menu|search|log ?in|sign ?in|sign ?up|register|subscribe|advertisement|advert|"
    r"skip to (main )?content|share|share this( article| story)?|print|email|tweet|comments?|"
    r"read more|more from .*|related( articles| stories| news)?|follow us.*|most (read|popular)|"
    r"trending( now)?|newsletter|cookie.*|accept( all)?( cookies)?|back to top|top stories|"
    r"next article|previous article|latest news|recommended|sponsored( content)?)\W*$",
    re.I,
)
_TAIL_MARKERS = re.compile(
    r"(calendar of events|©|\(c\)\s*\d{4}|copyright|all rights reserved|^related\b|^see also\b|"
    r"^read (more|also)\b|^also read\b|^share (this|on)\b|^follow us\b|^click here\b|"
    r"^sign up\b|^subscribe\b|^comments?\b|^leave a (comment|reply)\b|^you may also like\b|"
    r"^more (stories|news) from\b|^recommended\b|^advertisement\b|^tags?\s*:|^topics?\s*:|"
    r"^keywords?\s*:|^filed under\b|^categories\s*:)",
    re.I,
)
_TAGS = re.compile(r"^(?:tags?|tagged|topics?|keywords?|filed under)\s*:\s*(?P<tags>.+)$", re.I)
_BYLINE = re.compile(
    r"^by\s+(?P<names>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)\s*(?:[,|–—-].*)?$"
)
_DATE_LABEL = re.compile(r"^(?:published|posted|updated|last updated|first published|date)\s*(?:on|at)?\s*:?\s*", re.I)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|bst|cet|est|edt|pst|ist)(?:[+-]\d+)?)?\b", re.I
)
_MENU_SEPARATORS = re.compile(r"\s(?:\||•|·|»|/)\s")


@dataclass
class ScrapedPage:
    title: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    page_tags: list[str] = field(default_factory=list)
    page_date: DateValue | None = None  # a date given with the story (byline, "Published:")
    site_date: DateValue | None = None  # the site's own date above the headline: never the story's


def _units(text: str) -> list[str]:
    """Paragraph-like units: lines, with hard-wrapped blocks joined back into paragraphs."""
    units = []
    for block in re.split(r"\n[^\S\n]*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        wrapped = (
            len(lines) >= 3
            and sum(40 <= len(line) <= 100 for line in lines[:-1]) >= 0.7 * (len(lines) - 1)
            and sum(line.endswith(_SENTENCE_END) for line in lines[:-1]) <= 0.5 * (len(lines) - 1)
        )
        if wrapped:
            units.append(" ".join(lines))
            continue
        for i, line in enumerate(lines):
            if i and not units[-1].endswith(_SENTENCE_END) and line[:1].islower() and len(units[-1]) > 40:
                units[-1] += " " + line  # a line broken inside a sentence
            else:
                units.append(line)
    return units


def _as_date(unit: str) -> DateValue | None:
    """The date when the unit is nothing but a date (with weekday, time or a label)."""
    rest = _TIME.sub("", _DATE_LABEL.sub("", unit)).strip(" ,|-–—")
    if not rest or len(rest) > 40:
        return None
    value = parse_date(rest)
    if value is None:
        return None
    leftover = re.sub(
        r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\d+(st|nd|rd|th)?|[,.\s|/-]",
        "",
        rest,
        flags=re.I,
    )
    return value if not leftover else None


def _is_menu(unit: str) -> bool:
    if _CHROME_WORDS.match(unit):
        return True
    parts = _MENU_SEPARATORS.split(unit)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def _is_prose(unit: str) -> bool:
    words = unit.split()
    return len(words) >= 12 or (len(words) >= 3 and unit.endswith(_SENTENCE_END) and unit[:1].isupper() is not False)


def _is_signoff(unit: str) -> bool:
    """A unit that is nothing but an agency credit ("Reuter", "-- AFP")."""
    signoff = strip_signoff(". " + unit)
    return signoff.agency is not None and signoff.text == "."


def _is_title(unit: str) -> bool:
    words = unit.split()
    return (
        2 <= len(words) <= 40
        and not unit.endswith(":")
        and _as_date(unit) is None
        and not _is_menu(unit)
        and not _BYLINE.match(unit)
        and not _TAIL_MARKERS.search(unit)
    )


def _byline_names(byline: re.Match[str]) -> list[str]:
    return re.split(r"\s*(?:,|\band\b|&)\s*", byline.group("names"))


def _body_start(units: list[str]) -> int:
    """Where the body starts: at the first dateline or the first paragraph of prose after the header."""
    start = next((i for i, u in enumerate(units) if find_dateline(u)), None)
    if start is not None:
        return start
    return next(
        (i for i, u in enumerate(units) if _is_prose(u) and len(u.split()) >= 12 and not _TAIL_MARKERS.search(u)),
        len(units),
    )


def _read_header(page: ScrapedPage, header: list[str]) -> None:
    """The headline, dates and bylines above the body: a date above the headline is the site's."""
    title_at = max((i for i, u in enumerate(header) if _is_title(u)), default=None)
    if title_at is not None:
        page.title = header[title_at]
    for i, unit in enumerate(header):
        value = _as_date(unit)
        if value:
            if title_at is None or i < title_at:
                page.site_date = page.site_date or value
            else:
                page.page_date = page.page_date or value
        m = _BYLINE.match(unit)
        if m and i != title_at:
            page.authors.extend(_byline_names(m))


def _body_end(page: ScrapedPage, units: list[str]) -> int:
    """Where the body ends: at the last paragraph of prose; what follows is the page's
    furniture (its tag list read into the page), except an agency sign-off standing on its own
    line (" Reuter"), which closes the story."""
    end = len(units)
    while end > 0 and (not _is_prose(strip_signoff(units[end - 1]).text) or _TAIL_MARKERS.search(units[end - 1])):
        if _is_signoff(units[end - 1]):
            break
        end -= 1
        m = _TAGS.match(units[end])
        if m:
            page.page_tags = [t.strip() for t in re.split(r"\s*[|,;]\s*", m.group("tags")) if t.strip()]
    return end


def parse_scraped(text: str) -> ScrapedPage:
    """Split a scraped page into headline, body and the chrome around them."""
    page = ScrapedPage()
    units = _units(text)
    start = _body_start(units)
    _read_header(page, units[:start])
    units = units[start:]
    body: list[str] = []
    for unit in units[: _body_end(page, units)]:
        byline = _BYLINE.match(unit)
        if byline and len(body) <= 1:
            # A byline under the dateline belongs to the credits, not the story.
            page.authors.extend(_byline_names(byline))
        elif not _is_menu(unit):
            body.append(unit)
    page.body = "\n\n".join(body)
    page.authors = list(dict.fromkeys(a.strip() for a in page.authors if a.strip()))
    return page
