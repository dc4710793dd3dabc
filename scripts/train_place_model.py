"""Train the place resolver that ships with newsevents (src/newsevents/geo/data/place-model.json).

    python scripts/train_place_model.py [--shared ../shared] [--out PATH] [--voa-only]

Trained only on the parts never used to measure it:
- the "train" split of our place gold of Voice of America stories (samples/voa-places.jsonl,
  42 stories; the split is samples/voa-gold.jsonl's; the stories are public domain, in
  ../shared/data/news/voa), never its 47 "heldout" stories;
- the "train" half of GeoWebNews (../shared/data/geo/geowebnews/GWN.xml; the half is fixed by a
  hash of each article's id, `newsevents.geo.training.heldout`), never the "heldout" half that
  `newsevents bench geo` scores.
What ships is 43 numbers, the weights of two logistic regressions over the features of
`newsevents.geo.resolver`: no text or annotation of either set, only how much each feature
counts (GeoWebNews is GPL-3.0). `--voa-only` trains on our public-domain gold alone: on the
held-out parts it measures the same (README), but world news has few towns sharing a name, so
it learns little about them ("Police in Salisbury said..." goes to the United States); hence both.
The held-out figures of the run are written into the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.geo.resolver import MODEL_PATH  # noqa: E402
from newsevents.geo.training import evaluate, read_gold, train  # noqa: E402
from newsevents.pipeline import Pipeline  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder")
    parser.add_argument("--out", default=str(MODEL_PATH), help="where to write the model")
    parser.add_argument("--voa-only", action="store_true", help="train on our VOA place gold alone")
    args = parser.parse_args()
    shared = Path(args.shared)
    gwn = shared / "data/geo/geowebnews/GWN.xml"
    voa, texts = ROOT / "samples/voa-places.jsonl", shared / "data/news/voa/voa_stories.jsonl"
    for needed in (gwn, texts):
        if not needed.is_file():
            print(f"missing {needed}: give --shared", file=sys.stderr)
            return 1
    pipeline = Pipeline()
    corpora = {
        "VOA (samples/voa-places.jsonl)": read_gold([voa], pipeline.nlp, pipeline.gazetteer, texts=texts),
        "GeoWebNews (GWN.xml)": read_gold([gwn], pipeline.nlp, pipeline.gazetteer),
    }
    if args.voa_only:  # then GeoWebNews's held-out half is read to measure, as always
        corpora["GeoWebNews (GWN.xml)"] = [s for s in corpora["GeoWebNews (GWN.xml)"] if s.heldout]
    stories = [s for part in corpora.values() for s in part]
    # The held-out parts are read to report figures on them, never fitted on (refit=False).
    trained_on = ["VOA (samples/voa-places.jsonl), train split"] + (
        [] if args.voa_only else ["GeoWebNews (GWN.xml), train half"]
    )
    model, figures = train(stories, pipeline.gazetteer, sources=trained_on, refit=False)
    figures["heldout_by_corpus"] = {
        name: evaluate([s for s in part if s.heldout], pipeline.gazetteer, model) for name, part in corpora.items()
    }
    model.about["figures"] = figures
    model.save(args.out)
    print(json.dumps(figures, indent=1))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
