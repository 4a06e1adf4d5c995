"""Acceptance of figure extraction on the real seed report (skipped when ../shared/seeds is absent)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from analyzer.figures import extract

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")), reason="no seed reports")


@pytest.fixture(scope="module")
def seed():
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    return text, extract(text)


def _find(figs, concept, value=None, masked=False, per=None):
    return [f for f in figs if f.concept == concept and f.masked == masked
            and (value is None or f.value == Decimal(value)) and (per is None or f.per == per)]


@pytest.mark.parametrize("concept,value", [
    ("meetings.party_group", 6), ("agenda.items", 57), ("members.total", 44),
    ("evaluation.participants", 33), ("evaluation.excellent", 12), ("evaluation.qualified", 32),
    ("inspection.aspects", 3), ("inspection.items", 15),
])
def test_counts(seed, concept, value):
    assert _find(seed[1], concept, value)


@pytest.mark.parametrize("concept", ["members.full", "members.probationary", "org.committee_members"])
def test_masked(seed, concept):
    found = _find(seed[1], concept, masked=True)
    assert found and all(f.value is None for f in found)


@pytest.mark.parametrize("concept,per", [
    ("meetings.committee", "month"), ("meetings.general_assembly", "quarter"), ("meetings.party_lecture", "quarter"),
])
def test_frequencies(seed, concept, per):
    assert _find(seed[1], concept, 1, per=per)


def test_typo_4ge_zhibu(seed):
    text, figs = seed
    hits = [f for f in figs if "4各" in f.text]
    assert hits and hits[0].concept == "org.branches" and hits[0].value == 4


@pytest.mark.parametrize("trap", ["2022年11月29日", "成立2年来", "一准则四条例", "三会一课", "第一议题", "2023年"])
def test_traps(seed, trap):
    text, figs = seed
    pos = 0
    while (i := text.find(trap, pos)) >= 0:
        assert not [f for f in figs if f.start < i + len(trap) and f.end > i], trap
        pos = i + 1


def test_spans(seed):
    text, figs = seed
    for f in figs:
        assert text[f.start:f.end] == f.text


def test_evaluation_inconsistency_visible(seed):
    """The planted-by-reality error 12 + 32 ≠ 33 must be readable from the figures."""
    c = Counter(f.concept for f in seed[1] if f.concept.startswith("evaluation."))
    assert c["evaluation.participants"] == 1 and c["evaluation.excellent"] == 1 and c["evaluation.qualified"] == 1
