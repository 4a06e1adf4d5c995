"""The test split rendered as .docx and .pdf scores like the .txt originals (ingestion scored end to end)."""
import hashlib
import shutil

import pytest
from conftest import CORPORA

from analyzer.corpus_formats import build, render_docx, render_pdf
from analyzer.evaluate import evaluate, summary


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    build(CORPORA, out, "test")
    return out


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_formats_score_like_text(rendered, fmt, tmp_path):
    only = tmp_path / "test"
    only.mkdir()
    for folder in (rendered / "test").glob(f"*-{fmt}"):
        shutil.copytree(folder, only / folder.name)
    s = summary(evaluate(tmp_path, "test"))
    assert s["documents"] == len(list((CORPORA / "test").rglob("*.gold.json"))) - len(list((CORPORA / "test").glob("*/batch.gold.json"))) and not s["failed"]
    assert s["figures"]["f1"] >= 0.95
    assert s["problems"]["f1"] >= 0.90 and s["measures"]["f1"] >= 0.85
    assert s["sections"] >= 0.95


def test_rendering_is_reproducible(tmp_path):
    text = (next((CORPORA / "test").rglob("*.txt"))).read_text(encoding="utf-8")
    for render in (render_docx, render_pdf):
        a, b = tmp_path / "a", tmp_path / "b"
        render(text, a)
        render(text, b)
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
