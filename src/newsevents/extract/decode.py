"""Bytes to text, or a clear reason why the bytes are not a readable document."""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Control characters that never occur in text (everything below 0x20 except tab, newline,
# form feed and carriage return). A handful is tolerated as noise; more means binary data.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


class UndecodableError(ValueError):
    """The bytes are not a text document; the message says why."""


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first few kilobytes."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, charset: str | None = None) -> str:
    """Decode a document's bytes: BOM first, then the declared charset, then strict UTF-8.

    Raises UndecodableError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UndecodableError("empty document (no text)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:65536]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise UndecodableError("binary content: not a text, HTML or feed document")
    text = _in_declared_charset(data, charset or declared_charset(data))
    if text is not None:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    return _not_utf8(data, error)


def _in_declared_charset(data: bytes, charset: str | None) -> str | None:
    """The text in a charset other than UTF-8 that the document declares (or the caller
    gives); None when there is none, or the declaration is wrong and UTF-8 is tried next."""
    if not charset or charset in ("utf-8", "ascii"):
        return None
    try:
        text = data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None
    return _unmixed(data, text, charset)


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    """Bytes in no declared charset that UTF-8 cannot decode (at `error`): a UTF-8 document
    with some lines in a legacy encoding, or a whole document in one."""
    # UTF-8 but for some lines (a paragraph pasted from a Latin-1 file): each part in its own.
    if _utf8_lines(data):
        return _mixed(data, _legacy_encoding(data) or "cp1252")
    # Not UTF-8 and nothing declared: a legacy encoding is taken when the text it gives reads
    # as language (charset-normalizer's coherence), never for bytes that only decode as noise.
    guess = _detect(data)
    if guess is not None:
        return _unmixed(data, *guess)
    raise UndecodableError(
        f"invalid UTF-8 at byte {error.start} and no charset declared or detected "
        f"(re-encode the file as UTF-8 or declare its charset)"
    )


# Below this coherence (charset-normalizer's measure of how much decoded text reads like a
# language) a legacy decoding is noise. Set by hand on latin-1/cp1252/cp1251 news and on
# random high bytes, which score 0.0.
MIN_COHERENCE = 0.3


# Punctuation of legacy-encoded text besides letters: what cp1252 has for typography.
_TYPOGRAPHY = set("’‘“”–—…«»°€£¥§©®·•¡¿ ")


def _plausible(text: str) -> bool:
    """Whether every character beyond ASCII is a letter or typography (not "³" for "ł")."""
    return all(c.isalpha() or c in _TYPOGRAPHY for c in set(text) if ord(c) > 127)


def _candidates(data: bytes) -> list[str]:
    """The legacy encodings bytes may be in, likeliest first; none if no decoding reads as language.

    Western European news in a legacy encoding is almost always cp1252 (which contains
    Latin-1), but detectors often name a sibling code page that turns "Puigcerdà" into
    "Puigcerdŕ"; so when the best guess is a Latin code page, cp1252 is tried first.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000])
    best = results.best()
    if best is None or best.coherence < MIN_COHERENCE:
        return []
    candidates = [r.encoding for r in results]
    if best.encoding.startswith(("cp12", "cp8", "cp7", "iso8859", "latin", "mac")):
        candidates.insert(0, "cp1252")
    return list(dict.fromkeys(candidates))


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding): bytes decoded in the legacy encoding they read best in, if any reads
    as language and gives letters, not symbols."""
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, encoding
    return None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_lines(data: bytes) -> bool:
    """Whether some line holds letters beyond ASCII in valid UTF-8 (evidence of UTF-8, which
    text in a legacy encoding almost never gives by chance)."""
    return any(not line.isascii() and _is_utf8(line) for line in data.splitlines())


def _legacy_encoding(data: bytes) -> str | None:
    """The legacy encoding of a text's lines that are not UTF-8, when one reads as language;
    a Western one first when the UTF-8 lines are in Latin script."""
    foreign = b"\n".join(line for line in data.splitlines() if not _is_utf8(line))
    candidates = _candidates(foreign)
    if _latin_words(data.decode("utf-8", errors="ignore")):
        candidates = ["cp1252", *candidates]
    return next((e for e in candidates if _decodes_plausibly(foreign, e)), None)


_WORD = re.compile(r"[^\W\d_]+")


def _latin_words(text: str) -> bool:
    """Whether every word is in one script, and the words beyond ASCII are Latin: not
    "Zьrich" (a Latin-1 "ü" read as cp1251) beside "Zürich"."""
    return all(
        word.isascii() or all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in word)
        for word in _WORD.findall(text)
    )


def _decodes_plausibly(data: bytes, encoding: str) -> bool:
    try:
        return _plausible(data.decode(encoding))
    except (UnicodeDecodeError, LookupError):
        return False


# A run of valid UTF-8: ASCII, or a well-formed multi-byte sequence.
_UTF8_RUN = re.compile(
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)
# Western code pages, and what UTF-8 letters and quotes look like read in one of them: "SÃ£o",
# "ZÃ¼rich", "â€™". In text that really is Western, "Ã" never comes before such a sign.
_WESTERN = ("cp1252", "iso8859-1", "iso8859-15", "latin-1", "latin_1")
_MOJIBAKE = re.compile("Ã[\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2018-\u2122]|â€[\u0098-\u2122]")


def _unmixed(data: bytes, text: str, encoding: str) -> str:
    """`text`, the bytes decoded in a Western code page, unless it shows UTF-8 read in that code
    page ("SÃ£o Paulo"): then the bytes with each part decoded in its own."""
    return _mixed(data, encoding) if encoding in _WESTERN and _MOJIBAKE.search(text) else text


def _mixed(data: bytes, legacy: str) -> str:
    """Bytes in UTF-8 and in `legacy`, each run decoded in its own: or, when a run that is not
    UTF-8 does not read as `legacy` text either, UndecodableError saying where (never text with
    mojibake in it)."""
    parts, at = [], 0
    for run in (*_UTF8_RUN.finditer(data), None):
        start = run.start() if run else len(data)
        if start > at:
            foreign = data[at:start]
            if not _decodes_plausibly(foreign, legacy):
                line = data.count(b"\n", 0, at) + 1
                raise UndecodableError(
                    f"mixed encodings: line {line} holds bytes that are neither UTF-8 nor {legacy} "
                    f"text (re-encode the file as UTF-8)"
                )
            parts.append(foreign.decode(legacy))
        if run:
            parts.append(run.group().decode("utf-8"))
            at = run.end()
    text = "".join(parts)
    utf8 = data.decode("utf-8", errors="ignore")
    if _latin_words(utf8) and not _latin_words(text):
        raise UndecodableError(
            f"mixed encodings: the parts that are not UTF-8 read as {legacy}, which gives words "
            f"in two scripts (re-encode the file as UTF-8)"
        )
    return text
