"""The learned event layer: how likely a sentence is to report each PLOVER event type.

A linear model over the sentence's words and character n-grams (TF-IDF, one logistic
regression per type; scikit-learn fits it, `training.py`), chosen over spaCy's own text
classifier and over sentence embeddings by measurement (README, "The learned event layer").
It reads every sentence of an article before parsing, so that the parser sees the sentences
the rules would miss; it finds events the rules miss and vetoes rule hits it is confident
are wrong; and with a small calibrator it turns what the rules and the model know of an
event into a confidence that is a probability (`calibrated`).

A model is one `.npz` file of plain arrays and a JSON header, read without pickle: a model
file from anywhere cannot run code. `newsevents train` writes one; the default ships in the
package (`data/event-model.npz`, made by `scripts/train_event_model.py`).
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from newsevents.ontology import PLOVER_TYPES

FORMAT = "newsevents-event-model"
VERSION = 1
DEFAULT_MODEL = "event-model.npz"

# The word and character features: both vectorizers are rebuilt from the stored vocabulary.
WORD_OPTIONS = {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)\b\w[\w'-]*\b"}
CHAR_OPTIONS = {"analyzer": "char_wb", "ngram_range": (3, 5)}
_DIGITS = re.compile(r"\d")


class ModelError(ValueError):
    """A model file that cannot be used, and why."""


def normalise(text: str) -> str:
    """What the vectorizers read: lower case, digits as 0 ("killed 12" is "killed 00")."""
    return _DIGITS.sub("0", text.lower())


def _vectorizer(options: dict, vocabulary: Sequence[str], idf: np.ndarray):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        preprocessor=normalise,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
        vocabulary={term: i for i, term in enumerate(vocabulary)},
        **options,
    )
    vectorizer.idf_ = idf
    return vectorizer


@dataclass
class EventModel:
    """Probabilities of PLOVER types for sentences, and the calibration of event confidences."""

    types: tuple[str, ...]
    word_vocabulary: list[str]
    word_idf: np.ndarray
    char_vocabulary: list[str]
    char_idf: np.ndarray
    coef: np.ndarray  # (types, word features + char features)
    intercept: np.ndarray  # (types,)
    # Thresholds chosen by `newsevents train` on data it held out: on a type's probability, to
    # parse a sentence the rules would skip, add an event the rules missed, veto a rule's event;
    # on an event's calibrated confidence, to report it at all.
    thresholds: dict = field(default_factory=lambda: {"parse": 0.3, "add": 0.5, "veto": 0.02, "report": 0.0})
    calibration: dict = field(default_factory=dict)  # {"features": [...], "coef": [...], "intercept": x}
    meta: dict = field(default_factory=dict)
    observer: dict | None = field(
        default=None, repr=False, compare=False
    )  # training: each event's features, by event_key
    _vectorizers: tuple | None = field(default=None, repr=False, compare=False)
    _weights: dict = field(default_factory=dict, repr=False, compare=False)

    # -- prediction ----------------------------------------------------------------------------

    def vectorizers(self):
        if self._vectorizers is None:
            self._vectorizers = (
                _vectorizer(WORD_OPTIONS, self.word_vocabulary, self.word_idf),
                _vectorizer(CHAR_OPTIONS, self.char_vocabulary, self.char_idf),
            )
        return self._vectorizers

    def features(self, texts: Sequence[str]):
        from scipy.sparse import hstack

        words, chars = self.vectorizers()
        return hstack([words.transform(texts), chars.transform(texts)], format="csr")

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, types): the probability that each text reports an event of each type."""
        if not texts:
            return np.zeros((0, len(self.types)), dtype=np.float32)
        scores = self.features(texts) @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))

    def word_weight(self, type_: str, word: str) -> float:
        """How much one occurrence of `word` speaks for `type_` (its coefficient times its idf):
        the model's own answer to "which word is the trigger"."""
        if type_ not in self._weights:
            row = self.coef[self.types.index(type_), : len(self.word_vocabulary)] * self.word_idf
            self._weights[type_] = {t: float(w) for t, w in zip(self.word_vocabulary, row) if " " not in t and w > 0}
        return self._weights[type_].get(normalise(word), 0.0)

    # -- calibration ---------------------------------------------------------------------------

    def calibrated(self, features: dict[str, float]) -> float:
        """The probability that an event with these features is right (see `event_features`)."""
        if not self.calibration:
            return round(min(0.95, max(0.05, features.get("p_type", 0.5))), 2)
        score = self.calibration["intercept"] + sum(
            c * features.get(name, 0.0) for name, c in zip(self.calibration["features"], self.calibration["coef"])
        )
        return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score)))), 3)

    # -- the file ------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "types": list(self.types),
            "thresholds": self.thresholds,
            "calibration": self.calibration,
            "meta": self.meta,
        }
        with open(path, "wb") as f:
            np.savez_compressed(
                f,
                header=np.array(json.dumps(header)),
                word_vocabulary=np.array(self.word_vocabulary),
                word_idf=self.word_idf.astype(np.float32),
                char_vocabulary=np.array(self.char_vocabulary),
                char_idf=self.char_idf.astype(np.float32),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
            )

    @classmethod
    def load(cls, path: str | Path) -> "EventModel":
        """A model file written by `save`; a file that is missing or not such a model is a ModelError."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except FileNotFoundError:
            raise ModelError(f"{path}: no such model file") from None
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise ModelError(f"{path}: not a newsevents event model ({exc.__class__.__name__}: {exc})") from None
        try:
            header = json.loads(str(arrays["header"]))
            if header.get("format") != FORMAT:
                raise ModelError(f"{path}: not a newsevents event model (format {header.get('format')!r})")
            if header.get("version") != VERSION:
                raise ModelError(
                    f"{path}: event model version {header.get('version')} is not {VERSION}: "
                    f"retrain it with this release's `newsevents train`"
                )
            types = tuple(header["types"])
            unknown = [t for t in types if t not in PLOVER_TYPES]
            if unknown:
                raise ModelError(f"{path}: unknown event types {unknown}")
            model = cls(
                types=types,
                word_vocabulary=arrays["word_vocabulary"].tolist(),
                word_idf=arrays["word_idf"],
                char_vocabulary=arrays["char_vocabulary"].tolist(),
                char_idf=arrays["char_idf"],
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                thresholds=header["thresholds"],
                calibration=header.get("calibration") or {},
                meta=header.get("meta") or {},
            )
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{path}: a damaged event model ({exc.__class__.__name__}: {exc})") from None
        features = len(model.word_vocabulary) + len(model.char_vocabulary)
        if (
            model.coef.shape != (len(types), features)
            or model.intercept.shape != (len(types),)
            or len(model.word_idf) != len(model.word_vocabulary)
            or len(model.char_idf) != len(model.char_vocabulary)
        ):
            raise ModelError(f"{path}: a damaged event model (its arrays do not fit together)")
        return model


def default_model_path() -> Path:
    return Path(str(resources.files(__package__).joinpath(f"data/{DEFAULT_MODEL}")))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> EventModel | None:
    """The model at `path`, else the one shipped with the package (None if the package has none)."""
    if path is not None:
        return EventModel.load(path)
    shipped = default_model_path()
    return EventModel.load(shipped) if shipped.is_file() else None
