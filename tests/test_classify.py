"""The problem classifier: scikit-learn estimator contract, the shipped model in sync with its data, quality."""
import pytest
import sklearn
from conftest import CORPORA
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import f1_score

from analyzer.classify import (
    ProblemClassifier,
    category_names,
    classify_items,
    held_out,
    load_model,
    model_metadata,
    training_data,
)
from analyzer.model import Item

CATEGORIES = [f"C{i:02d}" for i in range(1, 18)]


def test_estimator_contract():
    est = ProblemClassifier(C=2.0)
    assert clone(est).get_params() == est.get_params()
    with pytest.raises(NotFittedError):
        est.predict(["党费收缴不及时"])
    texts = ["党费收缴不及时", "党费交纳基数不准", "会议记录不完整", "台账资料归档不规范"]
    fitted = est.fit(texts, ["C09", "C09", "C11", "C11"])
    assert fitted is est and list(est.classes_) == ["C09", "C11"]
    assert est.predict(["党费没有按月交纳"])[0] == "C09"


def test_shipped_model_matches_its_training_data():
    meta = model_metadata()
    assert meta["labels"] == CATEGORIES
    assert meta["sklearn"] == sklearn.__version__        # pickles are only trusted by the same version
    _, _, digest = training_data(CORPORA)
    assert meta["training_hash"] == digest, "corpus items changed: run `analyzer train`"


def test_held_out_macro_f1():
    texts, labels = held_out(CORPORA)
    predicted = load_model().predict(texts)
    assert f1_score(labels, predicted, average="macro") >= 0.87   # measured 0.909


def test_predictions_explain_themselves():
    item = Item("problem", "二是流动党员长期在外务工，联系不上，参加组织生活难。", 0, 20, "problems")
    (out,) = classify_items([item])
    assert out.category == "C07" and out.categories[0] == ("C07", out.confidence)
    assert [c for c, _ in out.categories] == sorted({c for c, _ in out.categories}, key=[c for c, _ in out.categories].index)
    assert "流动党员" in out.cues
    assert set(category_names()) == set(CATEGORIES)
