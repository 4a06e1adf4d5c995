"""Per-page text-layer quality gate: decide whether a PDF page's extracted text can be trusted.

Measured on Chinese PDFs (docs: research/ingestion.md §2b): broken fonts show up as "(cid:N)", U+FFFD or
control characters, as a low share of CJK characters, or — the nasty case where pdfminer outputs plausible
but wrong hanzi — as disagreement with an independent extractor (PDFium).
"""
from __future__ import annotations

import re
from collections import Counter

BAD_GLYPH = re.compile(r"\(cid:\d+\)|\ufffd|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
MIN_CJK_SHARE = 0.3
MIN_AGREEMENT = 0.6
TOLERATED_BAD_SHARE = 0.02


def cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return len(_CJK.findall("".join(chars))) / len(chars) if chars else 0.0


def agreement(a: str, b: str) -> float:
    """Overlap of the CJK character multisets of two extractions of the same page (1.0 = identical)."""
    ca, cb = Counter(_CJK.findall(a)), Counter(_CJK.findall(b))
    total = max(sum(ca.values()), sum(cb.values()))
    return sum((ca & cb).values()) / total if total else 1.0


def page_verdict(text: str, reference: str | None = None) -> tuple[bool, bool]:
    """Return ``(usable, suspicious)`` for one page's text.

    ``usable`` False: drop the page's text (OCR needed). ``suspicious`` True with ``usable`` True: a few
    unmapped glyphs, so the page is kept without them but still flagged.
    """
    body = "".join(text.split())
    if not body:
        return False, True
    bad = len(BAD_GLYPH.findall(body))           # one "(cid:N)" is one glyph
    if bad / len(BAD_GLYPH.sub("x", body)) > TOLERATED_BAD_SHARE:
        return False, True
    clean = BAD_GLYPH.sub("", body)
    if len(clean) >= 10 and cjk_share(clean) < MIN_CJK_SHARE:
        return False, True
    if reference is not None:
        # PDFium can report control characters for broken fonts where pdfminer invents hanzi.
        ref_cjk = len(_CJK.findall(reference))
        own_cjk = len(_CJK.findall(clean))
        if max(ref_cjk, own_cjk) >= 10 and agreement(clean, reference) < MIN_AGREEMENT:
            return False, True
    return True, bad > 0
