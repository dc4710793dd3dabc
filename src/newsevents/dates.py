"""Date expressions of news text, absolute and relative, resolved against an anchor date.

News dates are mostly partial: "Sept. 26" has no year, "on Wednesday" no month. Each value
keeps its precision, and relative expressions follow wire-copy convention: a weekday names
the most recent such day on or before the story's date ("on Wednesday" in a Wednesday
story is that day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}


def _month(name: str) -> int:
    """The number of a month _MONTH matched, by its first three letters ("Sepember" too)."""
    return MONTHS[name.lower()[:3]]


WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "few": 3,
    "a few": 3,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"

_ISO = re.compile(r"\b(?P<year>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_MONTH_DAY = re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I)
_DAY_MONTH = re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)
_DECADE = re.compile(r"\b(?:the\s+)?(?P<year>(?:1[6-9]|20)\d0)'?s\b", re.I)
_YEAR_ONLY = re.compile(rf"\b(?:in|since|during|of|by)\s+{_YEAR}\b", re.I)
_BARE_MONTH = re.compile(rf"^(?:in\s+|last\s+|this\s+|early\s+|late\s+|mid-?)?{_MONTH}$", re.I)


@dataclass(frozen=True)
class DateValue:
    date: date
    precision: str  # "day", "week", "month", "year", "decade"
    year_given: bool = True


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, anchor: date | None, *, allow_future_days: int = 0) -> DateValue | None:
    """A day and month without a year, placed in the year that makes it closest before the anchor."""
    if anchor is None:
        return None
    d = _valid(anchor.year, month, day)
    if d is None:
        return None
    if d > anchor + timedelta(days=allow_future_days):
        d = _valid(anchor.year - 1, month, day)
    elif (anchor - d).days > 300 and allow_future_days:
        # "Jan 2" in a story of Dec 30 is next year's date.
        nxt = _valid(anchor.year + 1, month, day)
        if nxt and (nxt - anchor).days <= allow_future_days:
            d = nxt
    return DateValue(d, "day", year_given=False) if d else None


def parse_date(text: str, anchor: date | None = None, *, allow_future_days: int = 0) -> DateValue | None:
    """The first absolute date in `text` ("Sept. 28, 2016", "28 September", "2016-09-28")."""
    best = None
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0].start()):
            best = (m, pattern)
    if best:
        m, pattern = best
        day = int(m.group("day"))
        month = int(m.group("m")) if pattern is _ISO else _month(m.group("month"))
        if m.group("year"):
            d = _valid(int(m.group("year")), month, day)
            return DateValue(d, "day") if d else None
        return _with_year(month, day, anchor, allow_future_days=allow_future_days)
    m = _MONTH_YEAR.search(text)
    if m:
        return DateValue(date(int(m.group("year")), _month(m.group("month")), 1), "month")
    m = _DECADE.search(text)
    if m:
        return DateValue(date(int(m.group("year")), 1, 1), "decade")
    m = _YEAR_ONLY.search(text) or re.fullmatch(_YEAR, text.strip())
    if m:
        return DateValue(date(int(m.group("year")), 1, 1), "year")
    return None


_RELATIVE_AGO = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)\s+"
    r"(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier|before)\b",
    re.I,
)
_WEEKDAY_WORD = re.compile(
    r"\b(?P<which>last|this|next|on|since|late|early|until|by)?\s*"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_RELATIVE_UNIT = re.compile(
    r"\b(?P<which>last|past|this|next|previous|coming|earlier this|later this)\s+(?P<unit>week|month|year|weekend)\b",
    re.I,
)


def resolve(text: str, anchor: date | None) -> DateValue | None:
    """Resolve a date expression as found in a news sentence against the story's date.

    Absolute dates win; then weekdays, "yesterday"/"today", "N days ago", "last month".
    Returns None when the expression names no date the anchor can pin down.
    """
    text = " ".join(text.split())
    absolute = parse_date(text, anchor, allow_future_days=0 if not re.search(r"\bnext\b|\bwill\b", text, re.I) else 366)
    if absolute:
        return absolute
    if anchor is None:
        return None
    low = text.lower()
    for relative in (_day_word, _ago, _weekday, _relative_unit):
        found = relative(low, anchor)
        if found:
            return found
    return _bare_month(text, anchor)


def _day_word(low: str, anchor: date) -> DateValue | None:
    """The day "today", "yesterday", "tomorrow" and their kin name."""
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening)|earlier today|on the day)\b", low):
        return DateValue(anchor, "day")
    if re.search(r"\b(yesterday|last night|overnight)\b", low):
        return DateValue(anchor - timedelta(days=1), "day")
    if re.search(r"\btomorrow\b", low):
        return DateValue(anchor + timedelta(days=1), "day")
    return None


def _month_start(anchor: date, months: int) -> date:
    """The first day of the month `months` after the anchor's (before it when negative)."""
    year, month = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    return date(year, month + 1, 1)


def _ago(low: str, anchor: date) -> DateValue | None:
    """A date some days, weeks, months... before the anchor ("three days ago", "a month earlier")."""
    m = _RELATIVE_AGO.search(low)
    if not m:
        return None
    n = NUMBERS.get(m.group("n")) or int(m.group("n"))
    unit = m.group("unit")
    if unit == "day":
        return DateValue(anchor - timedelta(days=n), "day")
    if unit == "week":
        return DateValue(anchor - timedelta(weeks=n), "week")
    if unit == "month":
        return DateValue(_month_start(anchor, -n), "month")
    if unit == "year":
        return DateValue(date(anchor.year - n, 1, 1), "year")
    return DateValue(date(anchor.year - 10 * n, 1, 1), "decade")


def _weekday(low: str, anchor: date) -> DateValue | None:
    """A day named by its weekday: "on Wednesday" (the latest Wednesday on or before the anchor),
    "last Friday", "next Monday"."""
    m = _WEEKDAY_WORD.search(low)
    if not m:
        return None
    target = WEEKDAYS[m.group("wd")]
    which = (m.group("which") or "").lower()
    if which == "next":
        delta = (target - anchor.weekday()) % 7 or 7
        return DateValue(anchor + timedelta(days=delta), "day")
    back = (anchor.weekday() - target) % 7
    if which == "last" and back == 0:
        back = 7
    return DateValue(anchor - timedelta(days=back), "day")


def _relative_unit(low: str, anchor: date) -> DateValue | None:
    """A week, month or year named relative to the anchor's ("last week", "this month", "next year")."""
    m = _RELATIVE_UNIT.search(low)
    if not m:
        return None
    which, unit = m.group("which"), m.group("unit")
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit in ("week", "weekend"):
        return DateValue(anchor + timedelta(weeks=step), "week")
    if unit == "month":
        return DateValue(_month_start(anchor, step), "month")
    return DateValue(date(anchor.year + step, 1, 1), "year")


def _bare_month(text: str, anchor: date) -> DateValue | None:
    """A month alone ("in March"): its latest start on or before the anchor's month."""
    m = _BARE_MONTH.match(text.strip())
    if not m:
        return None
    month = _month(m.group("month"))
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return DateValue(date(year, month, 1), "month")


_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")


def parse_timestamp(text: str) -> datetime | None:
    """A moment with its UTC offset, from ISO 8601 ("2016-09-28T14:03:00-04:00") or a feed's
    RFC 822 date ("Wed, 28 Sep 2016 14:03:00 +0000"); None when no zone is given."""
    text = text.strip()
    m = _ISO_TIMESTAMP.search(text)
    if m:
        value = m.group(0).replace("Z", "+00:00")
        if re.search(r"[+-]\d{4}$", value):
            value = value[:-2] + ":" + value[-2:]
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None
