"""Render corpus reports as .docx and .pdf, reproducibly, so ingestion is scored end to end.

``build(corpora, out)`` writes, for every ``.txt`` of a split, a ``.docx`` (python-docx; headings in Heading
styles, body paragraphs justified) and a ``.pdf`` (reportlab's built-in STSong-Light CID font, so no font file
is needed: hard line wraps, first-line indents, a running header and ``- N -`` page numbers on every page), each
with a copy of the gold file pointing at it and a copy of the batch gold. ``analyzer eval OUT`` then scores
the pipeline on what the readers recovered from those files.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from .normalize import normalize, text_to_raw
from .outline import build as build_outline

_PDF_FONT = "STSong-Light"


def _paragraphs(text: str) -> list[tuple[str, int | None]]:
    """Paragraphs of the normalized text with their heading level (None for body text)."""
    nt = normalize(text_to_raw(text))
    levels = {h.start: h.level for h in build_outline(nt).flat if not h.glued}
    return [(nt.text[p.start:p.end], levels.get(p.start)) for p in nt.paragraphs]


def render_docx(text: str, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = "内部资料"                       # must not leak into the body
    for para, level in _paragraphs(text):
        if level is not None and level <= 3:
            doc.add_paragraph(para, style=f"Heading {level}")
        else:
            p = doc.add_paragraph(para)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # a fixed date keeps the file reproducible
    fixed = datetime(2024, 1, 1)
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.core_properties.last_printed = fixed
    doc.save(str(path))
    return path


def render_pdf(text: str, path: Path, *, lines_per_page: int = 36) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if _PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
    width, height = A4
    size, leading, left, top = 14.0, 20.0, 72.0, height - 90.0
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page = 1
    line_no = 0

    def furniture() -> None:
        c.setFont(_PDF_FONT, 9)
        c.drawCentredString(width / 2, height - 50, "党建工作自查报告")
        c.setFont(_PDF_FONT, 10.5)
        c.drawCentredString(width / 2, 45, f"- {page} -")

    furniture()
    line_width = width - 2 * left
    for para, level in _paragraphs(text):
        indent = 0 if level is not None else 2
        first = True
        rest = para
        while rest:
            # wrap by measured width, as a word processor does (ragged right, never past the margin)
            room = line_width - (indent * size if first else 0)
            cut = 1
            while cut < len(rest) and pdfmetrics.stringWidth(rest[:cut + 1], _PDF_FONT, size) <= room:
                cut += 1
            chunk, rest = rest[:cut], rest[cut:]
            if line_no >= lines_per_page:
                c.showPage()
                page += 1
                line_no = 0
                furniture()
            c.setFont(_PDF_FONT, size)
            x = left + (indent * size if first else 0)
            c.drawString(x, top - line_no * leading, chunk)
            line_no += 1
            first = False
    c.showPage()
    c.save()
    return path


def build(corpora: str | Path, out: str | Path, split: str = "test", formats: tuple[str, ...] = ("docx", "pdf")) -> list[Path]:
    """Render every report of ``split`` in each format under ``out``; returns the written documents."""
    src_root, out_root = Path(corpora) / split, Path(out) / split
    written: list[Path] = []
    for gold_path in sorted(src_root.rglob("*.gold.json")):
        if gold_path.name == "batch.gold.json":
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        src = gold_path.parent / gold["file"]
        text = src.read_text(encoding=gold.get("encoding", "utf-8"))
        for fmt in formats:
            folder = out_root / f"{gold_path.parent.name}-{fmt}"
            folder.mkdir(parents=True, exist_ok=True)
            name = Path(gold["file"]).with_suffix(f".{fmt}").name
            (render_docx if fmt == "docx" else render_pdf)(text, folder / name)
            copy = {k: v for k, v in gold.items() if k != "encoding"}
            copy["file"] = name
            (folder / f"{Path(name).stem}.gold.json").write_text(json.dumps(copy, ensure_ascii=False, indent=1),
                                                                 encoding="utf-8")
            batch = gold_path.parent / "batch.gold.json"
            if batch.exists():
                data = json.loads(batch.read_text(encoding="utf-8"))
                rename = lambda f: Path(f).with_suffix(f".{fmt}").name  # noqa: E731
                for u in data.get("units", []):
                    u["file"] = rename(u["file"])
                for f in data.get("findings", []):
                    f["files"] = [rename(x) for x in f.get("files", [])]
                (folder / "batch.gold.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(folder / name)
    return written


def clean(out: str | Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
