"""Turn ingested blocks into one clean text with paragraph offsets.

Steps, per block: width-normalise digits and Latin letters (Chinese punctuation is kept as written), drop
control characters, convert traditional characters to simplified when the document is traditional, remove
spaces that extraction put between CJK characters or around digits inside CJK runs, drop doc-site noise and
page furniture; then reflow hard-wrapped plain-text lines into paragraphs and split run-on text (documents
with no line breaks) before strong heading markers. Offsets of every later stage index the text made here.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .errors import message
from .model import Block, NormalizedText, Notice, Paragraph, RawDocument
from .resources import load_yaml

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# characters that behave like CJK for spacing: ideographs, CJK punctuation, full-width forms, masks
_CJKISH = _CJK + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·×"
_WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)},
          **{0xFF21 + i: 0x41 + i for i in range(26)},
          **{0xFF41 + i: 0x61 + i for i in range(26)},
          0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None, 0xFEFF: None,
          0xFF05: 0x25}  # the full-width stop (FF0E) is handled in clean_line: a decimal point only between digits
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
_SPACE_RUN = re.compile(r"[ \t]+")
# a space between two CJK-ish characters, or between CJK and a digit/mask, is an extraction artefact
_SPACE_CJK = re.compile(rf"(?<=[{_CJKISH}])[ \t]+(?=[{_CJKISH}0-9Xx*])|(?<=[{_CJKISH}0-9Xx*%])[ \t]+(?=[{_CJKISH}])")
_SPACE_DIGITS = re.compile(r"(?<=\d) (?=\d)")  # doubled-glyph / letter-spaced numbers: "2 3 名" -> "23名"
_TERMINAL = "。！？；：」”』）)!?;:"
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}(?:\.\d{1,2})*[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|[①-⑳⒈-⒛]|第[一二三四五六七八九十]{1,3}[章节部分])")
# run-on documents: split before 一、 / （一） / 第一章 when they follow a sentence end
_RUNON_SPLIT = re.compile(
    r"(?<=[。！？；：])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}章))"
    # a first sub-heading glued to its section heading: 三、存在的问题（一）政治理论学习…
    r"|(?<=[\u4e00-\u9fff])(?<!第)(?=[（(]一[）)])")


@cache
def _noise() -> tuple[list[re.Pattern], list[re.Pattern]]:
    data = load_yaml("noise.yaml")
    return ([re.compile(p, re.I) for p in data["line_patterns"]],
            [re.compile(p) for p in data.get("inline_patterns", [])])


@cache
def _t2s():
    import opencc  # imported lazily: only needed for traditional input
    return opencc.OpenCC("t2s")


def width_normalize(s: str) -> str:
    """Half-width digits and Latin letters; full-width spaces to spaces; keep Chinese punctuation."""
    s = s.translate(_WIDTH)
    return s


def repair_spacing(s: str) -> str:
    s = _SPACE_RUN.sub(" ", s).strip()
    s = _SPACE_CJK.sub("", s)
    # only join spaced digits inside a CJK context, e.g. "党 员 2 3 名"; leave "2023 12 31" style alone
    if re.search(rf"[{_CJK}]\d( \d)+[{_CJK}]", s):
        s = re.sub(rf"(?<=[{_CJK}\d])(\d(?: \d)+)(?=[{_CJK}])", lambda m: m.group(1).replace(" ", ""), s)
    return s


def detect_script(texts: list[str]) -> str:
    """``traditional`` when a noticeable share of CJK characters change under t2s conversion."""
    sample = "".join(texts)[:20000]
    cjk = re.findall(rf"[{_CJK}]", sample)
    if not cjk:
        return "simplified"
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    share = changed / len(cjk)
    if share > 0.04:
        return "traditional"
    return "mixed" if share > 0.004 else "simplified"


def _to_simplified(s: str) -> str:
    s = _t2s().convert(s)
    return s.replace("「", "“").replace("」", "”").replace("『", "‘").replace("』", "’")


def clean_line(s: str, script: str) -> str:
    s = _CONTROL.sub("", width_normalize(s))
    if script != "simplified":
        s = _to_simplified(s)
    # full-width full stop between digits is a decimal point (1．5万); elsewhere it is a heading dot, keep it
    s = re.sub(r"(?<=\d)\uff0e(?=\d)", ".", s).replace("\uff0e", "．")
    s = repair_spacing(s)
    for pat in _noise()[1]:
        s = pat.sub("", s)
    return s.strip()


def is_noise(line: str) -> bool:
    return any(p.search(line) for p in _noise()[0])


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines repeated three or more times (running headers of a hard-copied PDF)."""
    counts = Counter(l for l in lines if 4 <= len(l) <= 40 and not _HEADING_START.match(l))
    return {l for l, n in counts.items() if n >= 3}


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Plain text copied out of a PDF: most long lines end mid-sentence at a similar width."""
    long = [l for l in lines if len(l) >= 12]
    if len(long) < 8:
        return False
    open_end = [l for l in long if l[-1] not in _TERMINAL]
    if len(open_end) / len(long) < 0.4:
        return False
    widths = Counter(len(l) for l in open_end)
    common = sum(n for w, n in widths.items() if abs(w - widths.most_common(1)[0][0]) <= 3)
    return common / len(open_end) >= 0.5


def _reflow(lines: list[tuple[str, bool]]) -> list[str]:
    """Join hard-wrapped lines. Each entry is (text, indented-in-source)."""
    widths = Counter(len(t) for t, _ in lines if len(t) >= 12)
    width = max(widths, key=lambda w: (widths[w], w)) if widths else 30
    paras: list[str] = []
    cur = ""
    for text, indented in lines:
        starts_new = indented or bool(_HEADING_START.match(text))
        if cur and starts_new:
            paras.append(cur)
            cur = ""
        if cur and re.search(r"[A-Za-z0-9]$", cur) and re.match(r"[A-Za-z0-9]", text):
            cur += " "
        cur += text
        ends_para = text[-1] in _TERMINAL and len(text) < width - 2
        short_heading = bool(_HEADING_START.match(text)) and len(text) < width - 2
        if ends_para or short_heading or len(text) < width * 0.5:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


def split_runon(text: str) -> list[str]:
    """Split a very long paragraph (no line breaks in the source) before strong heading markers."""
    if len(text) < 200:
        return [text]
    parts = [p for p in _RUNON_SPLIT.split(text) if p.strip()]
    return parts or [text]


def normalize(raw: RawDocument) -> NormalizedText:
    blocks = list(raw.blocks)
    script = detect_script([b.text for b in blocks])
    cleaned: list[tuple[Block, str, bool]] = []
    for b in blocks:
        indented = bool(re.match(r"^[ \t\u3000]{2,}", b.text))
        text = clean_line(b.text, script)
        if not text or is_noise(text):
            continue
        cleaned.append((b, text, indented))

    headers = _running_headers([t for b, t, _ in cleaned if b.kind == "line"])
    seen_header: set[str] = set()
    kept: list[tuple[Block, str, bool]] = []
    for b, t, ind in cleaned:
        if t in headers:
            if t in seen_header:
                continue
            seen_header.add(t)   # the first occurrence is usually the title itself
        kept.append((b, t, ind))

    # paragraphs as (text, page, kind, level)
    paras: list[tuple[str, int | None, str, int | None]] = []
    line_run: list[tuple[Block, str, bool]] = []

    def flush_lines() -> None:
        if not line_run:
            return
        texts = [t for _, t, _ in line_run]
        if _is_hard_wrapped(texts):
            joined = _reflow([(t, ind) for _, t, ind in line_run])
        else:
            joined = texts
        page = line_run[0][0].page
        paras.extend((p, page, "para", None) for p in joined)
        line_run.clear()

    for b, t, ind in kept:
        if b.kind == "line":
            line_run.append((b, t, ind))
            continue
        flush_lines()
        paras.append((t, b.page, b.kind, b.level))
    flush_lines()

    out_text: list[str] = []
    out_paras: list[Paragraph] = []
    pos = 0
    for text, page, kind, level in paras:
        pieces = split_runon(text) if kind != "table_row" else [text]
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            if out_text:
                pos += 1  # the joining newline
            out_paras.append(Paragraph(pos, pos + len(piece), page, kind, level))
            out_text.append(piece)
            pos += len(piece)
    warnings: tuple[Notice, ...] = ()
    if script == "traditional":
        warnings = (Notice("traditional_script", message("traditional_script")),)
    return NormalizedText("\n".join(out_text), tuple(out_paras), script, warnings)


def text_to_raw(text: str, name: str = "<text>") -> RawDocument:
    """Wrap a string as a plain-text RawDocument (for ``analyze_text`` and tests)."""
    import hashlib
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return RawDocument(name, "txt", hashlib.sha256(text.encode("utf-8")).hexdigest(),
                       tuple(Block(l, None, "line") for l in lines))
