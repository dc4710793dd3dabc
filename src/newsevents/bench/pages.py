"""The data sets of `newsevents bench extract`, read with their gold: the pages of aeb and naeb,
and the wire stories of Reuters-21578."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from newsevents.dates import MONTHS
from newsevents.records import RawDocument
from newsevents.sources import read_file

# -- Reuters-21578 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WireStory:
    """A Reuters-21578 record as plain wire copy, with the gold read from its SGML."""

    id: str  # NEWID
    text: str
    place: str  # the dateline place, "SALVADOR"
    date: date | None
    signed: bool  # the body ends in "Reuter"


_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'\bNEWID="([^"]*)"')
_SGML_DATE = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_PLACE_END = re.compile(r",|\s-+(?:\s|$)")
# What the SGML's numeric entities leave behind: &#2; opens a text, &#3; closes it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _raw_element(name: str, sgml: str) -> str | None:
    m = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", sgml, re.S)
    return m.group(1) if m else None


def _element(name: str, sgml: str) -> str | None:
    """The text of an element, entities decoded and control characters dropped."""
    raw = _raw_element(name, sgml)
    return _CONTROL.sub("", html.unescape(raw)) if raw is not None else None


def _sgml_date(text: str | None) -> date | None:
    m = _SGML_DATE.match(text or "")
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))) if m else None
    except (KeyError, ValueError):
        return None


def dateline_place(dateline: str) -> str:
    """The place of a dateline: its text before the first comma or " - ", spaces collapsed."""
    return " ".join(_PLACE_END.split(dateline.strip(), maxsplit=1)[0].split())


def reuters_stories(sgml: str) -> list[WireStory]:
    """The records of one Reuters-21578 SGML file that have both a dateline and a body."""
    stories: list[WireStory] = []
    for attributes, record in _RECORD.findall(sgml):
        text = _raw_element("TEXT", record) or ""
        dateline, body = _element("DATELINE", text), _element("BODY", text)
        if not (dateline and dateline.strip() and body and body.strip()):
            continue
        title = " ".join((_element("TITLE", text) or "").split())
        story = (f"{title}\n\n" if title else "") + f"{dateline.strip()} {body.strip()}\n"
        newid = _NEWID.search(attributes)
        stories.append(
            WireStory(
                id=newid.group(1) if newid else str(len(stories) + 1),
                text=story,
                place=dateline_place(dateline),
                date=_sgml_date(_element("DATE", record)),
                signed=body.rstrip().endswith("Reuter"),
            )
        )
    return stories


# -- pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPage:
    id: str
    document: RawDocument
    body: str
    title: str | None = None
    date: str | None = None
    authors: str = ""


def _gold(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read the gold file {str(path)!r}: {exc}") from None


def _page(folder: Path, file: str | None, url: str | None) -> RawDocument | None:
    """The page the gold names, or None when there is none or it cannot be read."""
    document = next(read_file(folder / "html" / f"{file}.html.gz")) if file else None
    return replace(document, url=url or None) if isinstance(document, RawDocument) else None


def _aeb_pages(folder: Path, limit: int | None) -> tuple[list[GoldPage], int]:
    gold = _gold(folder / "ground-truth.json")
    pages, unreadable = [], 0
    for page_id, entry in list(gold.items())[:limit]:
        document = _page(folder, page_id, entry.get("url"))
        if document is None:
            unreadable += 1
            continue
        pages.append(GoldPage(page_id, document, entry.get("articleBody") or ""))
    return pages, unreadable


def _naeb_pages(folder: Path, limit: int | None) -> tuple[list[GoldPage], int]:
    gold = _gold(folder / "news_articles.json")
    pages, unreadable = [], 0
    for entry in gold[:limit]:
        document = _page(folder, entry.get("html_file"), entry.get("link"))
        if document is None:
            unreadable += 1
            continue
        pages.append(
            GoldPage(
                str(entry["id"]),
                document,
                entry.get("text") or "",
                entry.get("title") or None,
                entry.get("date") or None,
                entry.get("authors") or "",
            )
        )
    return pages, unreadable
