"""CAMEO codebook examples (a `.csv` file with an `example` column: andybega/icews
cameo-codes.csv, latin-1).

The example sentence of each CAMEO code of three or more digits. Statements (root 01) are
not coded by us and are left out. Our answer is our first event (highest confidence, the
earlier on ties); no event is a wrong answer. The codebook's "Note: ..." after an example
is cut off.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from newsevents.bench.coding.scoring import (
    NO_EVENT,
    WORST,
    Item,
    LabelTallies,
    describe_event,
    first_event,
    mean_of,
    plover_of,
    round_robin,
    speed,
    timed,
)
from newsevents.bench.datasets import in_split
from newsevents.pipeline import Pipeline


@dataclass(frozen=True)
class CameoExample:
    code: str
    name: str
    text: str


_MOJIBAKE = re.compile(r"[\x80-\xff]+")


def _repair(text: str) -> str:
    """Undo the codebook's double encoding: UTF-8 read as Mac Roman, saved as Windows-1252
    ("Moscow\\x82Äôs" is "Moscow’s")."""

    def fix(m: re.Match) -> str:
        try:
            return m.group(0).encode("latin-1").decode("cp1252").encode("mac_roman").decode("utf-8")
        except UnicodeError:
            return m.group(0)

    return _MOJIBAKE.sub(fix, text)


def cameo_examples(text: str) -> tuple[list[CameoExample], int]:
    """The example sentences of codes of 3+ digits, and how many statements (root 01) were left out."""
    examples, statements = [], 0
    for row in csv.DictReader(io.StringIO(text)):
        code, example = (row.get("code") or "").strip(), (row.get("example") or "").strip()
        if len(code) < 3 or not example or example == "NA" or example.upper().startswith("NEED EXAMPLE"):
            continue
        if code.startswith("01"):
            statements += 1
            continue
        example = _repair(example).split(" Note:")[0].strip()
        examples.append(CameoExample(code, (row.get("name") or "").strip(), example))
    return examples, statements


def score(path: str, file: Path, limit: int | None, pipeline: Pipeline, split: str = "all") -> dict:
    """Our first event of each example against the example's CAMEO code: root, code and PLOVER type."""
    examples, statements = cameo_examples(file.read_text(encoding="latin-1"))
    examples = [x for x in examples if in_split(x.text, split)][:limit]
    events, failures, seconds = timed(pipeline, [Item(f"cameo-{x.code}", x.text) for x in examples])
    firsts = [first_event(e) for e in events]
    per_type = LabelTallies()
    per_root: dict[str, list[tuple[bool, bool]]] = {}
    right_root, right_code, right_type, misses = [], [], [], []
    for example, first in zip(examples, firsts):
        gold_type = plover_of(example.code) or NO_EVENT  # a code without a PLOVER type has no type to find
        ok_root = first is not None and first.cameo_code[:2] == example.code[:2]
        right_root.append(ok_root)
        right_code.append(first is not None and first.cameo_code == example.code)
        right_type.append(first is not None and first.plover_type == gold_type)
        per_type.add([gold_type], [first.plover_type if first else NO_EVENT])
        per_root.setdefault(example.code[:2], []).append((ok_root, first is not None))
        if not ok_root:
            misses.append((example, first))
    return {
        "benchmark": "coding",
        "dataset": "cameo",
        "path": path,
        "split": split,
        "examples": len(examples),
        "statements_left_out": statements,
        "figures": {
            "root_accuracy": mean_of(right_root),
            "code_accuracy": mean_of(right_code),
            "plover_accuracy": mean_of(right_type),
            "coded_nothing": mean_of([f is None for f in firsts]),
        },
        "per_root": {
            root: {
                "examples": len(v),
                "root_accuracy": mean_of([ok for ok, _ in v]),
                "coded": mean_of([coded for _, coded in v]),
            }
            for root, v in sorted(per_root.items())
        },
        "per_type": {k: v for k, v in per_type.table().items() if k != NO_EVENT},
        "failures": failures,
        **speed(len(examples), seconds),
        "worst": [
            {
                "code": x.code,
                "text": x.text,
                "gold": f"{x.code} {x.name} ({plover_of(x.code)})",
                "ours": describe_event(first) if first else NO_EVENT,
            }
            for x, first in round_robin(misses, key=lambda m: m[0].code[:2])[:WORST]
        ],
    }
