"""Bytes to text, or a clear reason why the bytes are not a readable document."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
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
    charset = charset or declared_charset(data)
    if charset and charset not in ("utf-8", "ascii"):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration was wrong; fall through to UTF-8
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    # Not UTF-8 and nothing declared: a legacy encoding is taken when the text it gives reads
    # as language (charset-normalizer's coherence), never for bytes that only decode as noise.
    guess = _detect(data)
    if guess is not None:
        return guess
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


def _detect(data: bytes) -> str | None:
    """Decode bytes in the legacy encoding they read best in, if any reads as language.

    Western European news in a legacy encoding is almost always cp1252 (which contains
    Latin-1), but detectors often name a sibling code page that turns "Puigcerdà" into
    "Puigcerdŕ"; so when the best guess is a Latin code page, cp1252 is tried first, and
    every candidate must give letters, not symbols.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000])
    best = results.best()
    if best is None or best.coherence < MIN_COHERENCE:
        return None
    candidates = [r.encoding for r in results]
    if best.encoding.startswith(("cp12", "cp8", "cp7", "iso8859", "latin", "mac")):
        candidates.insert(0, "cp1252")
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text
    return None
