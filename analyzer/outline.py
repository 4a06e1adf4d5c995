"""Find the heading tree of a report.

Headings are recognised at paragraph starts in every numbering style of the genre (一、 （一）/(一) 1./1、/1．
（1） ① ⒈ 第一章 1.1) and as labels with a colon (``存在问题：…``) or alone on a line. A heading glued to its body
(``1.党的领导体制机制情况。一是…``) yields the short title before the first full stop. ``一是/二是`` and
``第一，`` are list items inside paragraphs, never headings; ``1、2、3、`` chunk markers that doc-sharing sites
insert mid-sentence are rejected because the paragraph before them does not end a sentence. Levels come from
the order in which styles nest (a style already open is a sibling, a new style is a child), with a canonical
rank so that a major style closes minor ones. Numbering gaps and repeats are recorded per sibling list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .model import Heading, NormalizedText
from .numbers import parse_number
from .resources import load_yaml

_CN = "一二三四五六七八九十"
# (style, regex, canonical rank). Rank orders styles from major to minor when their nesting is ambiguous.
_STYLES: tuple[tuple[str, re.Pattern, int], ...] = (
    ("chapter", re.compile(rf"^第([{_CN}\d]{{1,3}})(章|部分|篇|节)\s*"), 0),
    ("cn_comma", re.compile(rf"^([{_CN}]{{1,3}})\s*[、，,．.]\s*"), 1),
    ("cn_paren", re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、，.．]?\s*"), 2),
    ("decimal2", re.compile(r"^(\d{1,2}[.．]\d{1,2}(?:[.．]\d{1,2})?)(?![\d%])\s*[、.．]?\s*"), 3),
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:[.．、，](?![\d%])|\s(?=[^\d\s]))\s*"), 4),
    ("arabic_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*"), 5),
    ("circled", re.compile(r"^([①-⑳])\s*"), 6),
    ("dotted", re.compile(r"^([⒈-⒛])\s*"), 6),
    ("label", None, 7),  # lexicon labels: 存在问题： / 整改措施
)
_RANK = {s: r for s, _, r in _STYLES} | {"label_major": -1}
_SENTENCE_END = "。！？；：!?;:」”』）)"
_TITLE_MAX = 40          # a glued heading title longer than this is a numbered paragraph, not a title
# What follows a bare numeral when it is a count, an ordinal list or an amount rather than a heading marker
# (1.5万元, 二、三季度). Markers that enclose their number — （三）项目一线… — are never counts.
_NOT_HEADING_AFTER = re.compile(
    rf"^(?:是|要|方面|批|名|个|次|项|期|人|级|万|亿|元|%|％|[{_CN}]+(?:、|季度|等|个|名|次|年))")
_BARE_NUMERAL_STYLES = ("cn_comma", "arabic", "decimal2", "chapter")


@dataclass(frozen=True)
class Gap:
    """A numbering irregularity: ``found`` where ``expected`` was due (a gap or a repeat)."""

    heading: Heading
    expected: int
    found: int


@dataclass(frozen=True)
class Outline:
    roots: tuple[Heading, ...]
    flat: tuple[Heading, ...]           # every heading in text order, with final levels
    gaps: tuple[Gap, ...]


@cache
def _labels() -> re.Pattern:
    """Section names usable as unnumbered headings (``存在问题：``), from the section lexicon."""
    data = load_yaml("sections.yaml")
    names = sorted({n for role in data["roles"].values() for n in role.get("labels", [])}, key=len, reverse=True)
    return re.compile("^(" + "|".join(map(re.escape, names)) + r")\s*(?:[:：]\s*|$)")


def cn_small_int(token: str) -> int | None:
    """Value of a small Chinese numeral used in heading markers (一 … 三十)."""
    try:
        value = parse_number(token).value
    except ValueError:
        return None
    return int(value) if value is not None else None


def _number(style: str, token: str) -> int | None:
    if style in ("cn_comma", "cn_paren"):
        return cn_small_int(token)
    if style == "chapter":
        return int(token) if token.isdigit() else cn_small_int(token)
    if style in ("arabic", "arabic_paren"):
        return int(token)
    if style == "decimal2":
        return int(re.split(r"[.．]", token)[-1])
    if style == "circled":
        return ord(token) - ord("①") + 1
    if style == "dotted":
        return ord(token) - ord("⒈") + 1
    return None


_ENUM_START = r"(?:[一二]是|一要|第一[，,、]|其一[，,、]|①|[（(]一[）)]|1[.．、])"


@cache
def _label_then_list() -> re.Pattern:
    """A section name directly followed by its first list item (存在的问题一是…), as in run-on text."""
    data = load_yaml("sections.yaml")
    names = sorted({n for role in data["roles"].values() for n in role.get("labels", [])}, key=len, reverse=True)
    return re.compile("^(" + "|".join(map(re.escape, names)) + ")(?=" + _ENUM_START + ")")


def _title_of(rest: str) -> tuple[str, bool]:
    """Title text after the marker; ``glued`` when body text follows the title in the same paragraph."""
    rest = rest.strip()
    m = _label_then_list().match(rest)
    if m:
        return m.group(1), True
    m = re.search(r"[。！？：:]", rest)
    if m and m.start() <= _TITLE_MAX and m.end() < len(rest):
        return rest[:m.start()].strip(), True
    if len(rest) <= _TITLE_MAX + 10:
        return rest.rstrip("。；;：:"), False
    # long numbered paragraph with no early full stop: title is its first clause
    m = re.search(r"[，,；;]", rest)
    cut = m.start() if m and m.start() <= _TITLE_MAX else _TITLE_MAX
    return rest[:cut].strip(), True


def match_heading(para: str) -> tuple[str, str, str, int | None, int] | None:
    """(style, marker, title, number, marker_length) when ``para`` starts with a heading, else None."""
    for style, rx, _ in _STYLES:
        if rx is None:
            m = _labels().match(para)
            if not m:
                continue
            label = m.group(1)
            if m.end() < len(para) and not re.search(r"[:：]\s*$", m.group(0)):
                continue  # a label word that merely starts a sentence
            return style, "", label, None, 0   # no marker: the title starts the paragraph
        m = rx.match(para)
        if not m:
            continue
        rest = para[m.end():]
        if not rest or (style in _BARE_NUMERAL_STYLES and _NOT_HEADING_AFTER.match(rest)):
            return None
        if style == "arabic" and re.match(r"^\s*\d", rest):
            return None
        number = _number(style, m.group(1))
        if number is None or number > 30:
            return None
        title, _ = _title_of(rest)
        return style, m.group(0).strip(), title, number, m.end()
    return None


def build(nt: NormalizedText) -> Outline:
    text = nt.text
    raw: list[Heading] = []
    prev_open = False   # previous paragraph was long body text that stopped mid-sentence
    for p in nt.paragraphs:
        para = text[p.start:p.end]
        if p.kind == "table_row" or not para:
            continue
        hit = match_heading(para)
        continuing = prev_open
        prev_open = hit is None and len(para) > _TITLE_MAX and para[-1] not in _SENTENCE_END
        if not hit:
            continue
        style, marker, title, number, mlen = hit
        # doc-site chunk markers: an arabic "1、" that continues an unfinished sentence is not a heading
        if continuing and style in ("arabic", "circled", "dotted"):
            continue
        title_start = p.start + mlen
        lead = len(para[mlen:]) - len(para[mlen:].lstrip())
        title_start += lead
        title_end = title_start + len(title)
        glued = title_end < p.end - 1
        raw.append(Heading(marker, title, 0, p.start, title_end, style, number, 0, glued))
    return _nest(raw, len(text))


def _nest(raw: list[Heading], text_len: int) -> Outline:
    """Assign levels with a style stack, compute extents, build the tree and record numbering gaps."""
    stack: list[str] = []
    levelled: list[Heading] = []
    for h in raw:
        if h.style == "label" and (not stack or all(st.startswith("label") for st in stack)
                                   or (not h.glued and "label_major" in stack)):
            # 基本情况： / 存在的问题： with no numbered heading open: a top-level part, glued or not
            h = replace(h, style="label_major")
        if h.style in stack:
            del stack[stack.index(h.style) + 1:]
        else:
            while stack and _RANK[stack[-1]] > _RANK[h.style] and h.style != "label":
                stack.pop()
            stack.append(h.style)
        levelled.append(replace(h, level=len(stack)))

    # extent: until the next heading of the same or a higher level
    with_extent: list[Heading] = []
    for i, h in enumerate(levelled):
        end = text_len
        for nxt in levelled[i + 1:]:
            if nxt.level <= h.level:
                end = nxt.start
                break
        with_extent.append(replace(h, content_end=end))

    def children_of(idx: int | None, level: int) -> list[int]:
        lo = 0 if idx is None else idx + 1
        hi = len(with_extent) if idx is None else next(
            (j for j in range(idx + 1, len(with_extent)) if with_extent[j].level <= with_extent[idx].level),
            len(with_extent))
        return [j for j in range(lo, hi) if with_extent[j].level == level]

    def make(idx: int) -> Heading:
        h = with_extent[idx]
        return replace(h, children=tuple(make(k) for k in children_of(idx, h.level + 1)))

    roots = tuple(make(k) for k in children_of(None, 1))
    return Outline(roots, tuple(with_extent), numbering_gaps(roots))


def numbering_gaps(roots: tuple[Heading, ...]) -> tuple[Gap, ...]:
    """Numbering gaps and repeats of a heading tree, checked per sibling list (a Report keeps only the roots,
    so checks recompute them from the tree with this same function)."""
    gaps: list[Gap] = []

    def visit(siblings: tuple[Heading, ...]) -> None:
        _check_numbers(list(siblings), gaps)
        for h in siblings:
            visit(h.children)

    visit(roots)
    gaps.sort(key=lambda g: g.heading.start)
    return tuple(gaps)


def _check_numbers(siblings: list[Heading], gaps: list[Gap]) -> None:
    expected: dict[str, int] = {}
    for h in siblings:
        if h.number is None:
            continue
        want = expected.get(h.style)
        if want is not None and h.number != want:
            gaps.append(Gap(h, want, h.number))
        expected[h.style] = h.number + 1


def walk(headings: tuple[Heading, ...]):
    """Depth-first iteration over a heading tree."""
    for h in headings:
        yield h
        yield from walk(h.children)
