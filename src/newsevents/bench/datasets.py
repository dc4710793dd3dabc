"""Readers of the labelled data sets the event layer is trained and measured on.

- labelled sentences (`{"text", "types": [...]}` JSONL: ours in `training/sentences/`, or a
  user's), and the sentences of our gold formats (`samples/coding-gold.jsonl`, and the story
  gold of `samples/voa-gold.jsonl` with the stories it names);
- the South Asia Terrorism Portal incident reports (`training/satp/*.tsv`: text and four 0/1
  labels, armed assault, bombing, kidnapping, other attack; every one is ASSAULT in PLOVER);
- the human-coded wire sentences of ConfliBERT (`training/conflibert_cameo/train.tsv`, text
  and CAMEO "penta class", with `train_spans.txt`: source and target spans token by token).

Every reader splits its set in two by a hash of each item's text (or story id), so that a
model is trained on one half ("dev") and measured on the other ("heldout"), always the same
half whoever runs it. `split="all"` takes both.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from newsevents.jsonl import records
from newsevents.ontology import PLOVER_TYPES

SPLITS = ("dev", "heldout", "all")
# ConfliBERT's penta classes (CAMEO roots 01-02, 03-05, 06-08, 09-13, 14-20) as quad classes:
# statements and appeals are verbal cooperation in CAMEO's quad classes.
PENTA_QUAD = {0: 1, 1: 1, 2: 2, 3: 3, 4: 4}


def hash_split(key: str) -> str:
    """ "dev" or "heldout": a fixed half of a data set, by a hash of the item's key."""
    return "dev" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def in_split(key: str, split: str) -> bool:
    if split not in SPLITS:
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    return split == "all" or hash_split(key) == split


@dataclass(frozen=True)
class Labelled:
    """A sentence (or short text) with the PLOVER types it reports (none: no event)."""

    text: str
    types: frozenset[str]
    origin: str  # which data set
    group: str = ""  # items of one group (a story) stay on one side of a split


def _types(values, where: str) -> frozenset[str]:
    if not isinstance(values, list):
        raise ValueError(f'{where}: "types" must be a list of PLOVER types')
    types = frozenset(str(v).strip().upper() for v in values)
    unknown = sorted(types - set(PLOVER_TYPES))
    if unknown:
        raise ValueError(f"{where}: unknown PLOVER type(s) {', '.join(unknown)}")
    return types


def labelled_jsonl(path: str | Path, origin: str | None = None) -> list[Labelled]:
    """Sentences of a JSONL file: `{"text", "types"}` lines; lines of our sentence gold
    (`{"text", "events": [{"plover", ...}]}`, whose events' types are the sentence's); or
    events as `newsevents code` and `newsevents events --format jsonl` print them (an analyst's
    corrected export: each event's evidence sentence with its PLOVER type; a negated event
    says its sentence reports no such event)."""
    origin = origin or Path(path).stem
    sentences: dict[str, tuple[set[str], str]] = {}
    for number, where, row in records(path):
        if isinstance(row.get("evidence"), str) and isinstance(row.get("plover"), dict):
            text, types = (
                row["evidence"].strip(),
                set() if row.get("negated") else set(_types([row["plover"].get("type")], where)),
            )
        elif isinstance(row.get("text"), str) and row["text"].strip():
            text = row["text"].strip()
            if "types" in row:
                types = set(_types(row["types"], where))
            elif isinstance(row.get("events"), list):
                types = set(_types([e.get("plover") for e in row["events"] if isinstance(e, dict)], where))
            else:
                raise ValueError(f'{where}: expected "types" (a list of PLOVER types) or "events" (our gold format)')
        else:
            raise ValueError(
                f'{where}: expected {{"text", "types"}}, our gold format, or an event with "evidence" and "plover"'
            )
        if not text:
            raise ValueError(f"{where}: an empty sentence")
        known, group = sentences.get(text, (set(), str(row.get("id", row.get("doc_id", number)))))
        sentences[text] = (known | types, group)
    return [Labelled(text, frozenset(types), origin, group) for text, (types, group) in sentences.items()]


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of a text as (start, end), split by rule paragraph by paragraph."""
    from newsevents.nlp import _splitter, paragraphs

    for offset, para in paragraphs(text):
        for sent in _splitter()(para).sents:
            if sent.text.strip():
                yield offset + sent.start_char, offset + sent.end_char


def story_sentences(stories, origin: str = "voa") -> list[Labelled]:
    """Every sentence of gold stories (`bench.storygold.GoldStory`), with the types of the gold
    events whose sentence it overlaps most; sentences with none are examples of no event."""
    out: list[Labelled] = []
    for story in stories:
        spans = list(sentence_spans(story.text))
        types: dict[int, set[str]] = {i: set() for i in range(len(spans))}
        for event in story.events:
            start, end = event.sentence
            overlaps = [(min(end, e) - max(start, s), i) for i, (s, e) in enumerate(spans)]
            best, index = max(overlaps)
            if best > 0:
                types[index].add(event.plover)
        out.extend(Labelled(story.text[s:e], frozenset(types[i]), origin, story.id) for i, (s, e) in enumerate(spans))
    return out


# -- the South Asia Terrorism Portal's incident reports ------------------------------------------

SATP_MODES = ("armed assault", "bombing", "kidnapping", "other attack")


@dataclass(frozen=True)
class IncidentReport:
    text: str
    modes: tuple[str, ...]


def satp_reports(path: str | Path) -> list[IncidentReport]:
    """The reports of a SATP TSV file (text, then four 0/1 labels)."""
    reports = []
    with open(path, encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not row[0].strip():
                continue
            if len(row) != 5 or any(v.strip() not in ("0", "1") for v in row[1:]):
                raise ValueError(f"{path}:{number}: expected text and four 0/1 labels")
            reports.append(
                IncidentReport(row[0].strip(), tuple(m for m, v in zip(SATP_MODES, row[1:]) if v.strip() == "1"))
            )
    return reports


# -- ConfliBERT's human-coded wire sentences -----------------------------------------------------


@dataclass(frozen=True)
class WireSentence:
    text: str
    quad_class: int
    sources: tuple[tuple[int, int], ...] = ()  # character spans of the source actors
    targets: tuple[tuple[int, int], ...] = ()
    has_spans: bool = False


def _token_spans(text: str, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Where each token of a tokenised sentence is in its text (None if they do not align)."""
    spans, at = [], 0
    for token in tokens:
        found = text.find(token, at)
        if found < 0 or text[at:found].strip():
            return None
        spans.append((found, found + len(token)))
        at = found + len(token)
    return spans


def _bio_spans(tags: list[str], positions: list[tuple[int, int]], kind: str) -> tuple[tuple[int, int], ...]:
    spans, current = [], None
    for tag, (start, end) in zip(tags, positions):
        if tag == f"B-{kind}":
            if current:
                spans.append(current)
            current = (start, end)
        elif tag == f"I-{kind}" and current:
            current = (current[0], end)
        else:
            if current:
                spans.append(current)
            current = None
    if current:
        spans.append(current)
    return tuple(spans)


def conflibert_sentences(folder: str | Path) -> list[WireSentence]:
    """The sentences of ConfliBERT's `train.tsv` with their quad class, and their source and
    target spans from `train_spans.txt` where the tokens align with the text."""
    folder = Path(folder)
    tagged: dict[str, tuple[list[str], list[str]]] = {}
    block: list[tuple[str, str]] = []
    for line in [*(folder / "train_spans.txt").read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, _, tag = line.rpartition(" ")
            block.append((token, tag))
        elif block:
            tokens = [t for t, _ in block]
            tagged[re.sub(r"\s+", "", "".join(tokens))] = (tokens, [g for _, g in block])
            block = []
    out = []
    with open(folder / "train.tsv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 2 or not row[1].strip():
                continue
            text, label = row[0].strip(), int(row[1])
            sources: tuple[tuple[int, int], ...] = ()
            targets: tuple[tuple[int, int], ...] = ()
            tokens, tags = tagged.get(re.sub(r"\s+", "", text), ([], []))
            positions = _token_spans(text, tokens) if tokens else None
            if positions is not None:
                sources, targets = _bio_spans(tags, positions, "S"), _bio_spans(tags, positions, "T")
            out.append(WireSentence(text, PENTA_QUAD[label], sources, targets, positions is not None))
    return out
