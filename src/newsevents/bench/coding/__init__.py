"""`newsevents bench coding`: our event coder against gold codings.

`run` takes a data set's folder or file and recognises which it is by its path; each data
set has its reader and scorer in a module of its own, which says how it is scored:

- `petrarch`: the PETRARCH unit tests (a folder with `PETR.UnitTest.records.xml`);
- `wire`: ConfliBERT's human-coded wire sentences (a folder with `train.tsv` and `train_spans.txt`);
- `cameo`: the CAMEO codebook examples (a `.csv` with `code` and `example` columns);
- `synthetic`: the NGEC synthetic PLOVER stories (a `.csv.gz` with `text` and `label` columns);
- `incidents`: the SATP incident reports (a `.tsv`);
- `sentences`: our gold sentences (a `.jsonl` of sentences, samples/coding-gold.jsonl);
- `stories`: our VOA story gold (a `.jsonl` of story gold, samples/voa-gold.jsonl, with `stories`).

`scoring` holds what they share (tallies, choosing and matching our events, reliability),
`report` the summary `describe` prints.

Everywhere a negated event ("did not attack") is not an event that happened and is not
counted as ours; hypothetical and future ones are. Every data set reports a per-type
table and up to 15 worst misses (text, gold, ours). Speed is coding only (parsing
included), after a warm-up.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from newsevents.bench.coding import cameo, incidents, petrarch, sentences, synthetic, wire
from newsevents.bench.coding import stories as story_gold
from newsevents.bench.coding.cameo import cameo_examples
from newsevents.bench.coding.petrarch import Coding, petrarch_miss, petrarch_records
from newsevents.bench.coding.report import describe
from newsevents.bench.coding.scoring import WORST, LabelTallies, Tally, first_event, plover_of, story_event
from newsevents.bench.coding.sentences import GoldEvent, gold_sentences, pair_events
from newsevents.bench.coding.synthetic import synthetic_split, synthetic_stories
from newsevents.bench.datasets import SPLITS
from newsevents.pipeline import Pipeline

__all__ = [
    "WORST",
    "Coding",
    "GoldEvent",
    "LabelTallies",
    "Tally",
    "cameo_examples",
    "describe",
    "first_event",
    "gold_sentences",
    "pair_events",
    "petrarch_miss",
    "petrarch_records",
    "plover_of",
    "run",
    "story_event",
    "synthetic_split",
    "synthetic_stories",
]


def _header(file: Path) -> list[str]:
    opener = gzip.open if file.name.endswith(".gz") else open
    try:
        with opener(file, "rt", encoding="latin-1", newline="") as f:
            return [name.strip().lower() for name in next(csv.reader(f), [])]
    except (OSError, EOFError):
        return []


def run(
    path: str,
    *,
    limit: int | None = None,
    pipeline: Pipeline | None = None,
    split: str = "heldout",
    stories: str | None = None,
) -> dict:
    """Score our coder on the data set at `path` (see the package's docstring for which)."""
    if split not in SPLITS + ("train",):
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    target = Path(path)
    if target.is_dir():
        return _score_folder(path, target, limit, pipeline, split)
    if not target.is_file():
        raise ValueError(f"no such data set: {path!r}")
    return _score_file(path, target, limit, pipeline, split, stories)


def _score_folder(path: str, target: Path, limit: int | None, pipeline: Pipeline | None, split: str) -> dict:
    """ConfliBERT's wire sentences or the PETRARCH unit tests, by the files in the folder."""
    if (target / "train_spans.txt").is_file() and (target / "train.tsv").is_file():
        return wire.score(path, target, limit, pipeline or Pipeline(), split)
    if not (target / "PETR.UnitTest.records.xml").is_file():
        raise ValueError(
            f"{path!r} is not a coding data set folder: expected PETR.UnitTest.records.xml, "
            f"or ConfliBERT's train.tsv and train_spans.txt, in it"
        )
    return petrarch.score(path, target, limit, pipeline or Pipeline())


def _score_file(
    path: str, target: Path, limit: int | None, pipeline: Pipeline | None, split: str, stories: str | None
) -> dict:
    """A gold JSONL file (of sentences or of stories), SATP's reports, the CAMEO codebook or
    the synthetic stories, by the file's name and its CSV header."""
    if target.name.endswith(".jsonl"):
        first = next((line for line in target.read_text(encoding="utf-8").splitlines() if line.strip()), "")
        if '"split"' in first and '"text"' not in first:
            return story_gold.score(path, target, limit, pipeline or Pipeline(), split, stories)
        return sentences.score(path, target, limit, pipeline or Pipeline())
    if target.name.endswith(".tsv"):
        return incidents.score(path, target, limit, pipeline or Pipeline())
    header = _header(target)
    if "example" in header and "code" in header:
        return cameo.score(path, target, limit, pipeline or Pipeline(), split)
    if "text" in header and "label" in header:
        return synthetic.score(path, target, limit, pipeline or Pipeline(), split)
    raise ValueError(
        f"{path!r} is not a known coding data set: expected a folder with PETR.UnitTest.records.xml or ConfliBERT's "
        f"wire sentences, a CAMEO codebook CSV (code, example), a CSV of labelled stories (text, label), "
        f"a SATP .tsv of incident reports, or a .jsonl gold file (sentences, or stories with --stories)"
    )
