"""Table-driven proofing cases (tests/data/proofing.jsonl) and the seed report's known typos."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer import analyze_text
from analyzer.checks import proofing

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "proofing.jsonl")
         .read_text(encoding="utf-8").splitlines() if line.strip()]


def _findings(text: str, year: int | None):
    report = analyze_text(text, name="case.txt", settings={"checks": False, "classify": False})
    report = replace(report, meta=replace(report.meta, year=year))
    return report, list(proofing.check(report))


def test_enough_cases():
    assert len(CASES) >= 40
    assert sum(bool(c["expect"]) for c in CASES) >= 15 and sum(not c["expect"] for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:16] for c in CASES])
def test_proofing_case(case):
    report, found = _findings(case["text"], case.get("year", 2023))
    shown = [(f.text, f.message) for f in found]
    assert len(found) == len(case["expect"]), shown
    for snippet in case["expect"]:
        i = report.text.rfind(snippet)   # a repeated heading marker: the later one
        assert i >= 0, snippet
        assert any(s < i + len(snippet) and i < e for f in found for s, e in f.spans), (snippet, shown)
    for f in found:
        assert f.kind == "proofing" and f.severity == "warning" and f.concepts == ()
        assert f.text and f.message and f.spans


def test_seed_typos(seed_report):
    found = [f for f in seed_report.findings if f.kind == "proofing"]
    texts = " ".join(f.text for f in found)
    for typo in ("4各", "任然", "为为"):
        assert typo in texts, texts
    assert len(found) <= 4, [f.text for f in found]
    assert any("仍然" in f.message for f in found)


def test_seed_masks_are_not_placeholders(seed_report):
    assert not [f for f in seed_report.findings if f.kind == "placeholder"]
