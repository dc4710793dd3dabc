"""Language identification with py3langid (the trafilatura author's fork of langid.py)."""

from __future__ import annotations

# Fewer words than this say too little for a reliable guess.
MIN_WORDS = 8


def identify(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:5000]
    if len(sample.split()) < MIN_WORDS:
        return None
    import py3langid  # loads its model on first use, so import only when needed

    language, _ = py3langid.classify(sample)
    return language
