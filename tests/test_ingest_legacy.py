"""Legacy .doc/.wps through LibreOffice (skipped when soffice is missing)."""
from __future__ import annotations

import shutil

import docgen
import pytest

from analyzer.errors import IngestError
from analyzer.ingest import legacy, read

needs_soffice = pytest.mark.skipif(legacy.find_soffice() is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory):
    if legacy.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    return docgen.write_doc(tmp_path_factory.mktemp("legacy") / "report.doc")


@needs_soffice
def test_doc_numbering_survives(doc_file):
    doc = read(doc_file)
    assert doc.format == "doc"
    assert [w.code for w in doc.warnings] == ["conversion_used"]
    texts = [b.text for b in doc.blocks]
    for text, kind, _ in docgen.DOCX_EXPECTED:
        if kind == "para":
            assert text in texts, text
    assert texts.index("一、基本情况") < texts.index("（一）组织建设") < texts.index("二、存在的问题")
    rows = [b.text for b in doc.blocks if b.kind == "table_row"]
    assert rows == [t for t, k, _ in docgen.DOCX_EXPECTED if k == "table_row"]
    assert not any(docgen.DOCX_HEADER in t for t in texts)


@needs_soffice
def test_wps_by_extension(doc_file, tmp_path):
    p = tmp_path / "report.wps"
    p.write_bytes(doc_file.read_bytes())
    doc = read(p)
    assert doc.format == "wps"
    assert "一、基本情况" in [b.text for b in doc.blocks]


def test_converter_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 256 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "converter_missing"


@needs_soffice
def test_conversion_failed(tmp_path):
    p = tmp_path / "broken.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 256 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "conversion_failed"
