"""The authored corpus is valid and covers what the evaluation needs (issue: corpus and eval)."""
import pytest
from conftest import CORPORA

from analyzer.corpus import CATEGORIES, validate


@pytest.fixture(scope="module")
def result():
    return validate(CORPORA)


def test_gold_files_are_valid(result):
    assert result.ok, "\n".join(result.problems[:20])


def test_size_and_splits(result):
    docs = result.stats["documents"]
    assert docs["dev"] >= 40 and docs["test"] >= 20
    assert sum(result.stats["batches"].values()) >= 10


def test_every_category_has_ten_problems(result):
    for cat in CATEGORIES:
        assert result.stats["problem_categories"].get(cat, 0) >= 10, cat


def test_items_set(result):
    problems = result.stats["items_problem"]
    assert sum(problems.values()) >= 1700
    for cat in CATEGORIES:
        assert problems.get(cat, 0) >= 80, cat


def test_planted_findings(result):
    f = result.stats["findings"]
    arithmetic = sum(f.get(k, 0) for k in ("sum", "bound", "duplicate", "enumeration", "cross_doc", "trend"))
    assert arithmetic + f.get("proofing", 0) + f.get("placeholder", 0) >= 40
    for kind in ("sum", "bound", "duplicate", "enumeration", "cross_doc", "trend", "proofing", "placeholder"):
        assert f.get(kind, 0) >= 1, kind
