"""PDF reader: pdfplumber for positioned lines and tables, pypdfium2 as an independent cross-check.

Per page: dedupe fake-bold glyphs when present, pull tables out of the body, extract lines with a
CJK-friendly x tolerance, run the quality gate; then, for the whole document, remove page furniture and
re-flow lines into paragraphs (see :mod:`.pdf_layout`).
"""
from __future__ import annotations

import io
import logging

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect

from ..errors import IngestError, message
from ..model import Block, Notice
from .pdf_layout import Line, TableRows, reflow, remove_furniture, squeeze_cjk
from .pdf_quality import BAD_GLYPH, page_verdict

log = logging.getLogger(__name__)

# pdfplumber joins chars into words when the gap is below ratio × char size; 0.5 keeps justified or
# letter-spaced CJK together while real space glyphs still separate English words.
X_TOLERANCE_RATIO = 0.5
_BOLD_NAMES = ("bold", "heavy", "black", "hei", "黑")


def read_pdf(data: bytes) -> tuple[list[Block], list[Notice], int]:
    """Blocks, notices (``ocr_needed`` per page) and page count of a PDF given as bytes."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise _open_error(exc) from exc
    try:
        reference = _pdfium_texts(data)
        items: list[Line | TableRows] = []
        notices: list[Notice] = []
        usable = 0
        n_pages = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            try:
                page_items, text = _read_page(page)
            finally:
                page.close()  # frees pdfplumber's per-page caches: memory stays flat on long files
            ok, flagged = page_verdict(text, reference[i] if reference else None)
            if flagged:
                notices.append(Notice("ocr_needed", message("ocr_needed"), page=i + 1))
            if ok:
                usable += 1
                items.extend(page_items)
    except IngestError:
        raise
    except Exception as exc:
        raise _open_error(exc) from exc
    finally:
        pdf.close()
    if n_pages == 0:
        raise IngestError("empty_document")     # a PDF without pages has nothing to OCR either
    if usable == 0:
        raise IngestError("pdf_no_text_layer")
    items = _drop_bad_glyphs(items)
    lines = remove_furniture([it for it in items if isinstance(it, Line)], n_pages)
    keep = {id(ln) for ln in lines}
    items = [it for it in items if isinstance(it, TableRows) or id(it) in keep]
    return reflow(items), notices, n_pages


def _open_error(exc: Exception) -> IngestError:
    cause = exc
    while cause is not None:  # pdfplumber wraps pdfminer errors in PdfminerException
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            return IngestError("pdf_encrypted")
        cause = cause.__cause__ or (cause.args[0] if cause.args and isinstance(cause.args[0], Exception) else None)
    return IngestError("corrupt_file", f"{type(exc).__name__}: {exc}"[:300])


def _pdfium_texts(data: bytes) -> list[str] | None:
    """Page texts by PDFium (about 2 ms/page), or None when PDFium cannot open the file."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("pdf_encrypted") from exc
        log.debug("pypdfium2 cannot open the PDF: %s", exc)
        return None
    try:
        texts = []
        for page in doc:
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
        return texts
    finally:
        doc.close()


def _duplicated(chars: list[dict]) -> set[tuple[str, int, int]]:
    """Keys of glyphs drawn twice at (almost) the same spot: fake bold or shadow text."""
    found: set[tuple[str, int, int]] = set()
    ordered = sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"]))
    for a, b in zip(ordered, ordered[1:]):
        if a["text"] == b["text"] and abs(a["x0"] - b["x0"]) <= 1 and abs(a["top"] - b["top"]) <= 1 \
                and not a["text"].isspace():
            for c in (a, b):
                found.add((c["text"], int(c["x0"]), int(c["top"])))
    return found


def _read_page(page) -> tuple[list[Line | TableRows], str]:
    """Positioned lines and table rows of one page, plus its raw text for the quality gate."""
    chars = page.chars
    if not chars:
        return [], ""
    dups = _duplicated(chars)
    if dups:  # dedupe costs about half of pdfplumber's speed, so only when needed
        page = page.dedupe_chars(tolerance=1)
    raw = "".join(c["text"] for c in page.chars)
    items: list[Line | TableRows] = []
    body = page
    if page.rects or page.lines:  # ruled tables need ruling lines; skip the search on plain pages
        for table in page.find_tables():
            rows = []
            for row in table.extract(x_tolerance_ratio=X_TOLERANCE_RATIO):
                # None marks the covered part of a merged cell: its text is in the first cell already
                cells = [squeeze_cjk("".join((c or "").split("\n"))).strip() for c in row if c is not None]
                if any(cells):
                    rows.append("\t".join(cells))
            if rows:
                items.append(TableRows(page.page_number, table.bbox[1], rows))
            body = body.outside_bbox(table.bbox)
    for ln in body.extract_text_lines(x_tolerance_ratio=X_TOLERANCE_RATIO):
        lc = ln["chars"]
        text = squeeze_cjk(ln["text"]).strip()
        if not text:
            continue
        sizes = sorted(c["size"] for c in lc)
        fonts = {str(c.get("fontname", "")).lower() for c in lc}
        doubled = sum((c["text"], int(c["x0"]), int(c["top"])) in dups for c in lc)
        bold = doubled > len(lc) / 2 or any(any(n in f for n in _BOLD_NAMES) for f in fonts)
        items.append(Line(text, page.page_number, ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                          sizes[len(sizes) // 2], bold, float(page.height)))
    items.sort(key=lambda it: it.top)
    return items, raw


def _drop_bad_glyphs(items: list[Line | TableRows]) -> list[Line | TableRows]:
    """Pages that passed the gate with a few unmapped glyphs keep their text without them."""
    out: list[Line | TableRows] = []
    for it in items:
        if isinstance(it, Line):
            if BAD_GLYPH.search(it.text):
                it.text = BAD_GLYPH.sub("", it.text).strip()
                if not it.text:
                    continue
        else:
            it.rows = [BAD_GLYPH.sub("", r) for r in it.rows]
        out.append(it)
    return out
