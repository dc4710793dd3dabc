"""Train the event model that ships with newsevents (src/newsevents/coding/data/event-model.npz).

    python scripts/train_event_model.py [--shared ../shared] [--out PATH]

Trained only on data whose licence lets what is learned from it ship, and only on the parts
never used to measure the coder:
- our own labelled sentences (training/sentences/*.jsonl, written for newsevents, MIT);
- the "train" half of our gold coding of Voice of America stories (samples/voa-gold.jsonl;
  the stories are public domain, in ../shared/data/news/voa);
- the lead sentence of the "dev" half of NGEC's synthetic PLOVER stories (MIT);
- the "dev" half of the CAMEO codebook's example sentences (andybega/icews, MIT).
The held-out halves (VOA "heldout", synthetic and CAMEO "heldout"), our sentence gold
(samples/coding-gold.jsonl) and the SATP and ConfliBERT sets (GPL) are never read here:
`newsevents bench coding` measures the model on them. The figures of the run are written
beside the model (event-model.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.bench.coding import cameo_examples, plover_of, synthetic_stories  # noqa: E402
from newsevents.bench.datasets import Labelled, hash_split, labelled_jsonl, sentence_spans  # noqa: E402
from newsevents.bench.storygold import read_story_gold  # noqa: E402
from newsevents.training import train  # noqa: E402

# How much each set counts: real news and our own sentences fully; the synthetic stories'
# one label per story, given to its lead sentence, is often not that sentence's event.
WEIGHTS = {"own": 1.0, "cameo": 1.0, "synthetic": 0.5, "story": 1.0}
# What the calibrator and the thresholds learn from: the gold stories alone, real news coded
# in full, where an event is right only when its sentence, type, source and target country
# match (labelled sentences only say a type is right, an easier test).
CALIBRATE_ON: set[str] = set()


def lead_sentence(text: str) -> str:
    start, end = next(sentence_spans(text))
    return text[start:end]


def synthetic_and_cameo(shared: Path, split: str) -> tuple[list[Labelled], list[Labelled]]:
    """The lead sentences of one half of the synthetic stories, and one half of the CAMEO
    codebook's examples, labelled with their PLOVER types."""
    with gzip.open(shared / "data/events/reference/ngec_synthetic_events.csv.gz", "rt", encoding="utf-8") as f:
        synthetic = [
            Labelled(lead_sentence(s.text), frozenset([s.label]), "synthetic", s.id)
            for s in synthetic_stories(f.read(), split)
        ]
    examples, _ = cameo_examples((shared / "data/events/reference/cameo_codes.csv").read_text(encoding="latin-1"))
    cameo = [
        Labelled(x.text, frozenset([plover_of(x.code)]), "cameo", x.code)
        for x in examples
        if plover_of(x.code) and hash_split(x.text) == split
    ]
    return synthetic, cameo


def training_data(shared: Path) -> tuple[list[Labelled], list]:
    own = [x for f in sorted((ROOT / "training" / "sentences").glob("*.jsonl")) for x in labelled_jsonl(f, "own")]
    synthetic, cameo = synthetic_and_cameo(shared, "dev")
    stories = read_story_gold(
        ROOT / "samples/voa-gold.jsonl", shared / "data/news/voa/voa_stories.jsonl", split="train"
    )
    return own + synthetic + cameo, stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "src/newsevents/coding/data/event-model.npz"))
    args = parser.parse_args()
    started = time.perf_counter()
    examples, stories = training_data(Path(args.shared))
    print(
        f"{len(examples)} labelled sentences ({', '.join(f'{k} {v}' for k, v in _origins(examples).items())}), "
        f"{len(stories)} gold stories",
        flush=True,
    )
    report = train(
        examples, stories=stories, weights=WEIGHTS, calibrate_on=CALIBRATE_ON, log=lambda line: print(line, flush=True)
    )
    model = report.model
    model.meta.update(
        {
            "script": "scripts/train_event_model.py",
            "stories": len(stories),
            "data": [
                "training/sentences (ours, MIT)",
                "samples/voa-gold.jsonl train split (VOA, public domain)",
                "NGEC synthetic stories, dev half, lead sentences (MIT)",
                "CAMEO codebook examples, dev half (andybega/icews, MIT)",
            ],
        }
    )
    model.save(args.out)
    figures = Path(args.out).with_suffix(".json")
    figures.write_text(
        json.dumps(
            {"meta": model.meta, "thresholds": model.thresholds, "calibration": model.calibration, **report.figures},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB) and {figures} "
        f"in {time.perf_counter() - started:.0f} s"
    )


def _origins(examples: list[Labelled]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.origin] = counts.get(e.origin, 0) + 1
    return counts


if __name__ == "__main__":
    main()
