"""Shared fixtures: the seed report (skipped when ../shared is absent) and corpus paths."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def seed_text() -> str:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("seed report not available")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report(seed_text):
    from analyzer import analyze_text
    return analyze_text(seed_text, name="seed.txt")
