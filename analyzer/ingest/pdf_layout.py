"""Turn positioned PDF lines into paragraphs: drop running headers/footers and page numbers, re-flow
hard-wrapped lines, and give heading-level hints from font size and boldness.

Pure functions over :class:`Line`/:class:`TableRows`, so the rules can be tested without PDFs.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..model import Block

FURNITURE_ZONE = 0.12         # top/bottom share of the page where running headers and footers live
REPEAT_SHARE = 0.5            # a zone line repeated on this share of pages is furniture
PAGE_NUMBER = re.compile(
    r"^(?:[-–—－_~·\s]*\d{1,4}[-–—－_~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[．.、](?!\d))")
TERMINAL = tuple("。：；！？:;!?")
_CJK_CLASS = r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK_CLASS}])[ \u00a0]+(?=[{_CJK_CLASS}])")


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page_height: float


@dataclass
class TableRows:
    page: int
    top: float
    rows: list[str]


def squeeze_cjk(text: str) -> str:
    """Remove spaces between two CJK characters: layout gaps, never real word spaces in Chinese."""
    return _CJK_GAP.sub("", text)


def remove_furniture(lines: list[Line], n_pages: int) -> list[Line]:
    """Drop running headers/footers (zone lines repeated on ≥50 % of pages, digits normalised) and
    page-number lines in the zones."""
    def in_zone(ln: Line) -> bool:
        return ln.top < ln.page_height * FURNITURE_ZONE or ln.bottom > ln.page_height * (1 - FURNITURE_ZONE)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", "".join(ln.text.split()))

    seen = {(ln.page, key(ln)) for ln in lines if in_zone(ln)}
    pages_per_key = Counter(k for _, k in seen)
    threshold = max(2, math.ceil(REPEAT_SHARE * n_pages))
    return [ln for ln in lines
            if not (in_zone(ln) and (pages_per_key[key(ln)] >= threshold or PAGE_NUMBER.match(ln.text.strip())))]


@dataclass
class _Metrics:
    size: float
    left: float
    right: float
    gap: float


def _metrics(lines: list[Line]) -> _Metrics:
    weights = Counter()
    for ln in lines:
        weights[round(ln.size * 2) / 2] += len(ln.text)
    size = weights.most_common(1)[0][0] if weights else 12.0
    body = [ln for ln in lines if abs(ln.size - size) < 0.6] or lines
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    rights = sorted(ln.x1 for ln in body)
    right = rights[int(0.9 * (len(rights) - 1))]
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and 0 <= b.top - a.bottom < 3 * size]
    gap = statistics.median(gaps) if gaps else size * 0.5
    return _Metrics(size, left, right, gap)


def _starts_new(prev: Line, cur: Line, m: _Metrics) -> bool:
    em = m.size
    if abs(prev.size - cur.size) > 0.5 or prev.bold != cur.bold:
        return True
    if cur.x0 > m.left + 0.8 * em:                      # first-line indent, centred or right-aligned line
        return True
    # a heading starts a paragraph; the line after a heading continues it when the heading line is full
    # (a numbered paragraph such as 1.落实“第一议题”制度。支委会… wraps like body text)
    if HEADING.match(cur.text):
        return True
    if prev.x1 < m.right - 2 * em:                      # short line: the paragraph ended
        return True
    if prev.text.rstrip("”’」』)）").endswith(TERMINAL) and prev.x1 < m.right - 0.8 * em:
        return True
    return cur.page == prev.page and cur.top - prev.bottom > m.gap + 0.6 * em


def _join(a: str, b: str) -> str:
    # A hard wrap in Chinese is no space; between two Latin words it was one. Digits on both sides are
    # a number split by the wrap ("1" / "200余人次").
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum() \
            and not (a[-1].isdigit() and b[0].isdigit()):
        return a + " " + b
    return a + b


def reflow(items: list[Line | TableRows]) -> list[Block]:
    """Paragraph and table-row blocks in reading order. ``items`` are sorted by page, then top.

    A paragraph may continue across a page break (its block keeps the page where it starts); a table
    always ends the paragraph before it.
    """
    lines = [it for it in items if isinstance(it, Line)]
    if not lines:
        return [Block(r, page=it.page, kind="table_row") for it in items if isinstance(it, TableRows) for r in it.rows]
    m = _metrics(lines)
    out: list[Block | list[Line]] = []
    prev: Line | None = None
    for it in items:
        if isinstance(it, TableRows):
            out.extend(Block(r, page=it.page, kind="table_row") for r in it.rows)
            prev = None
            continue
        if prev is None or _starts_new(prev, it, m):
            out.append([it])
        else:
            out[-1].append(it)  # type: ignore[union-attr]
        prev = it
    levels = _level_hints([o for o in out if isinstance(o, list)], m)
    blocks: list[Block] = []
    for o in out:
        if isinstance(o, Block):
            blocks.append(o)
            continue
        text = ""
        for ln in o:
            text = _join(text, ln.text.strip())
        blocks.append(Block(text, page=o[0].page, kind="para", level=levels.get(id(o))))
    return blocks


def _level_hints(paras: list[list[Line]], m: _Metrics) -> dict[int, int]:
    """Rank the heading-like styles (larger or bold) of single-line paragraphs: biggest first → level 1.

    A style that occurs only once, in the document's first paragraph, is the title: no level, as in Word.
    """
    def style(p: list[Line]) -> tuple[float, bool]:
        return (round(p[0].size * 2) / 2, p[0].bold)

    cand = [p for p in paras if len(p) <= 2 and (p[0].size > m.size + 0.5 or p[0].bold)]
    counts = Counter(style(p) for p in cand)
    if cand and paras and cand[0] is paras[0] and counts[style(paras[0])] == 1:
        counts.pop(style(paras[0]))
        cand = cand[1:]
    ranked = sorted(counts, key=lambda s: (-s[0], not s[1]))
    rank = {s: i + 1 for i, s in enumerate(ranked[:6])}
    return {id(p): rank[style(p)] for p in cand if style(p) in rank}
