"""Counting words in any script: spaces separate words in most, not in Chinese or Japanese."""

from __future__ import annotations

import re

# Han, kana and hangul: each character counts as a word (a fair measure of length for text
# written without spaces).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def word_count(text: str) -> int:
    unspaced = len(_UNSPACED.findall(text))
    return unspaced + len(_UNSPACED.sub(" ", text).split())
