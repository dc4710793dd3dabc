"""People's names as the who's-who matches them: ignoring case, accents, apostrophes, periods and
hyphens, and with a middle name or initial left out."""

from __future__ import annotations

import unicodedata

# Name particles that are never left out as a "middle name" ("Mohammed bin Salman").
_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "bint",
    "ben",
    "abu",
    "de",
    "da",
    "di",
    "do",
    "dos",
    "das",
    "del",
    "della",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "ter",
    "ten",
    "y",
    "du",
    "des",
    "ould",
    "ag",
    "wa",
}


_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "'": "",
        "’": "",
        "‘": "",
        "ʼ": "",
        "ʻ": "",
        "`": "",
        "´": "",
        "′": "",
        ".": " ",
        "-": " ",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "—": " ",
        "_": " ",
        ",": " ",
    }
)


def normal(name: str) -> str:
    """The matching form of a name: lower case, no accents, no apostrophes, periods or hyphens
    ("Recep Tayyip Erdoğan" -> "recep tayyip erdogan", "Ban Ki-moon" -> "ban ki moon")."""
    if name.isascii():
        text = name.lower()
        if "'" in text or "." in text or "-" in text or "_" in text or "," in text or "`" in text:
            text = (
                text.replace("'", "")
                .replace("`", "")
                .replace(".", " ")
                .replace("-", " ")
                .replace("_", " ")
                .replace(",", " ")
            )
        return " ".join(text.split())
    text = name.translate(_SPECIAL)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def _without_middles(key: str) -> list[str]:
    """Forms of a normalised name of three or more words with a middle word (or all of them)
    left out; particles and the first and last words stay."""
    words = key.split()
    if len(words) < 3:
        return []
    forms = []
    for i in range(1, len(words) - 1):
        if words[i] not in _PARTICLES:
            forms.append(" ".join(words[:i] + words[i + 1 :]))
    middles = words[1:-1]
    if len(words) > 3 and not any(w in _PARTICLES for w in middles):
        forms.append(f"{words[0]} {words[-1]}")
    return forms
