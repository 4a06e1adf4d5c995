"""DOCX ingestion: auto-numbering, body order, tables, header/footer exclusion, text boxes."""
from __future__ import annotations

import docgen
import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read
from analyzer.ingest.numbering import format_number


def _triples(doc):
    return [(b.text, b.kind, b.level) for b in doc.blocks]


def test_docx_blocks_in_order(tmp_path):
    doc = read(docgen.write_docx(tmp_path / "report.docx"))
    assert doc.format == "docx"
    assert _triples(doc) == docgen.DOCX_EXPECTED
    texts = [b.text for b in doc.blocks]
    assert not any(docgen.DOCX_HEADER in t or t == docgen.DOCX_FOOTER for t in texts)
    assert sum(docgen._TEXTBOX_TEXT in t for t in texts) == 1      # mc:Fallback copy skipped
    assert doc.pages is None and doc.warnings == ()


@pytest.mark.parametrize("fmt", ["taiwaneseCountingThousand", "chineseCountingThousand"])
def test_libreoffice_style_numbering(tmp_path, fmt):
    doc = read(docgen.write_docx(tmp_path / "r.docx", heading_fmt=fmt))
    headings = [b.text for b in doc.blocks if b.level]
    assert headings[:2] == ["一、基本情况", "（一）组织建设"]
    assert "三、整改措施" in headings


def test_extension_does_not_matter(tmp_path):
    src = docgen.write_docx(tmp_path / "report.docx")
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(src.read_bytes())
    assert read(disguised).format == "docx"


def test_merged_cells_once(tmp_path):
    from docx import Document
    d = Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "党员基本情况统计表"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "党员"
    for r, (a, b) in enumerate([("正式", "338"), ("预备", "6")], start=1):
        t.cell(r, 1).text, t.cell(r, 2).text = a, b
    p = tmp_path / "t.docx"
    d.save(p)
    assert [b.text for b in read(p).blocks] == ["党员基本情况统计表", "党员\t正式\t338", "\t预备\t6"]


def test_truncated_docx(tmp_path):
    data = docgen.write_docx(tmp_path / "full.docx").read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "corrupt_file"


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (20, "taiwaneseCountingThousand", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (3, "ideographTraditional", "丙"), (12, "decimalFullWidth", "１２"), (3, "decimalEnclosedCircle", "③"),
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (2, "upperLetter", "B"), (28, "lowerLetter", "bb"),
    (7, "decimal", "7"), (2, "chineseLegalSimplified", "贰"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected
