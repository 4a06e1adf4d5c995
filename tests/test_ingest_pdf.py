"""PDF ingestion: paragraphs, pages, furniture removal, tables, quality gate and error paths."""
from __future__ import annotations

import docgen
import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read
from analyzer.ingest.pdf_layout import Line, remove_furniture, squeeze_cjk
from analyzer.ingest.pdf_quality import page_verdict


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory):
    return read(docgen.write_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf"))


def test_paragraphs_text_order_and_pages(pdf_doc):
    assert pdf_doc.format == "pdf" and pdf_doc.pages == 3 and pdf_doc.warnings == ()
    paras = [(b.text, b.page) for b in pdf_doc.blocks if b.kind == "para"]
    assert paras == [(t, p) for t, p, _ in docgen.PDF_EXPECTED]


def test_heading_level_hints(pdf_doc):
    levels = {b.text: b.level for b in pdf_doc.blocks if b.kind == "para"}
    assert levels[docgen.PDF_TITLE] is None                 # the title, like Word's Title style
    assert levels["一、基本情况"] == levels["二、存在的问题"] == levels["三、整改措施"] == 1
    assert levels["（一）组织建设"] == 2
    assert all(levels[t] is None for t, _, heading in docgen.PDF_EXPECTED if not heading)


def test_no_furniture_no_duplicates(pdf_doc):
    text = "\n".join(b.text for b in pdf_doc.blocks)
    assert docgen.PDF_HEADER not in text
    assert "- 1 -" not in text and "- 2 -" not in text and "- 3 -" not in text
    assert "一一、、" not in text and "关关于于" not in text      # fake bold deduplicated
    assert "中 共" not in text                                   # letter spacing is not a space


def test_table_rows_in_place(pdf_doc):
    kinds = [(b.kind, b.text) for b in pdf_doc.blocks]
    rows = [t for k, t in kinds if k == "table_row"]
    assert rows == ["\t".join(r) for r in docgen.PDF_TABLE]
    first = kinds.index(("table_row", rows[0]))
    assert kinds[first - 1][1].startswith("一是严格落实")          # after the paragraph it follows
    assert kinds[first + len(rows)][1] == "二、存在的问题"
    assert all(b.page == 2 for b in pdf_doc.blocks if b.kind == "table_row")
    body = "".join(b.text for b in pdf_doc.blocks if b.kind == "para")
    assert "已转正5名" not in body                                # table text kept out of the body


def test_unmapped_font_is_no_text_layer(tmp_path):
    with pytest.raises(IngestError) as ei:
        read(docgen.write_broken_font_pdf(tmp_path / "cid.pdf"))
    assert ei.value.code == "pdf_no_text_layer"


def test_one_bad_page_is_flagged_and_skipped(tmp_path):
    doc = read(docgen.write_broken_font_pdf(tmp_path / "mixed.pdf", mode="wrong", pages=(2,)))
    assert [(w.code, w.page) for w in doc.warnings] == [("ocr_needed", 2)]
    pages = {b.page for b in doc.blocks}
    assert pages == {1, 3}
    texts = [b.text for b in doc.blocks]
    assert "三、整改措施" in texts and "一、基本情况" in texts


def test_image_only_pdf(tmp_path):
    with pytest.raises(IngestError) as ei:
        read(docgen.write_image_pdf(tmp_path / "scan.pdf"))
    assert ei.value.code == "pdf_no_text_layer"


def test_encrypted_pdf(tmp_path):
    with pytest.raises(IngestError) as ei:
        read(docgen.write_encrypted_pdf(tmp_path / "locked.pdf"))
    assert ei.value.code == "pdf_encrypted"


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_broken_pdf(tmp_path, cut):
    data = docgen.write_pdf(tmp_path / "full.pdf").read_bytes()
    p = tmp_path / "broken.pdf"
    p.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "corrupt_file"


def test_garbage_after_magic(tmp_path):
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.7\n" + b"this is not a pdf body\n" * 20)
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "corrupt_file"


# --------------------------------------------------------------------------- detector on synthetic text
GOOD = "街道党工委下设党支部12个，共有党员344名，其中预备党员6名。全年发展党员8名。"


@pytest.mark.parametrize("text,reference,usable", [
    (GOOD, GOOD, True),
    (GOOD, None, True),
    ("(cid:123)(cid:456)(cid:789)(cid:1011)", None, False),
    ("\x01\x02\x03\x04\x05abc\x06\x07", None, False),
    ("\ufffd" * 20, None, False),
    ("lqQŒTýV„˜… abc def ghi jkl mno", None, False),                 # CJK share < 0.3
    ("釚䩻韴㧮㗖㩾㪰䏸㺲鳵頣銈㬄鏅釚䩻韴㧮㗖㩾㪰", GOOD, False),          # disagrees with PDFium
    ("", None, False),
])
def test_page_verdict(text, reference, usable):
    assert page_verdict(text, reference)[0] is usable


def test_page_verdict_tolerates_a_stray_glyph():
    usable, flagged = page_verdict(GOOD * 5 + "(cid:3)", GOOD * 5)
    assert usable and flagged


def _line(text, page, top, h=800.0):
    return Line(text, page, 72, 300, top, top + 10, 12, False, h)


@pytest.mark.parametrize("footer", ["- {n} -", "第{n}页", "第 {n} 页 共 4 页", "{n}/4", "{n}", "— {n} —"])
def test_furniture(footer):
    lines = []
    for n in range(1, 5):
        lines += [_line(f"临江市{2020 + n}年度报告", n, 30), _line(f"正文第{n}页内容", n, 300),
                  _line(footer.format(n=n), n, 770)]
    kept = remove_furniture(lines, 4)
    assert [ln.text for ln in kept] == [f"正文第{n}页内容" for n in range(1, 5)]


def test_single_page_keeps_top_lines():
    lines = [_line("关于2024年度工作的自查报告", 1, 40), _line("正文", 1, 300)]
    assert len(remove_furniture(lines, 1)) == 2


def test_squeeze_cjk():
    assert squeeze_cjk("基 本 情 况：共 有 党员 44 名, English words") == "基本情况：共有党员 44 名, English words"
