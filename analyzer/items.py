"""Problem and measure items from the problems and measures parts of a report.

Within a problems or measures section, sub-headings that name a role (存在问题： / 整改措施： labels, （二）整改措施)
switch the role for their extent, so merged sections and paired blocks work. Items are the finest numbered
units: a heading without sub-headings is one unit; a unit whose text enumerates 一是…二是… (or 第一，…第二，…,
一要…二要…, ①…②…) yields one item per clause, with the heading title as context; unnumbered paragraphs are one
item each. 原因分析 sentences inside a problem are kept as its cause, not as another item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import Heading, Item, NormalizedText, Section
from .outline import Outline, cn_small_int
from .resources import load_yaml
from .sections import roles_from_title

_CN = "一二三四五六七八九十"
# enumerators inside a paragraph; the look-behind keeps 统一是 / 唯一要 from counting
_ENUM = re.compile(
    rf"(?:(?<=^)|(?<=[。；;，,：:！!？?\s”）)]))(?:(?P<a>[{_CN}]{{1,2}})(?:是|要|则|是要)(?=\S)"
    rf"|第(?P<b>[{_CN}]{{1,2}})[，,、：:]|其(?P<c>[{_CN}])[，,、：:]|(?P<d>[①-⑳]))")


@cache
def _cues() -> tuple[re.Pattern, re.Pattern]:
    """(cause, intro) patterns from ``resources/sections.yaml``."""
    data = load_yaml("sections.yaml")["items"]
    return (re.compile(rf"(?:(?<=[。；;，,])|^)(?:{data['cause_cues']})"), re.compile(data["intro_cues"]))
_ITEM_ROLES = ("problems", "measures")


@cache
def _no_problems() -> re.Pattern:
    return re.compile("|".join(load_yaml("sections.yaml")["no_problems"]))


def _claims_none(paragraph: str) -> bool:
    """暂未发现问题: a statement that there is nothing to report, not a problem."""
    return len(paragraph) <= 120 and bool(_no_problems().search(paragraph))


@dataclass(frozen=True)
class _Region:
    role: str
    start: int
    end: int


def _value(token: str) -> int:
    if "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    return cn_small_int(token) or 0


def enumerations(text: str) -> list[tuple[int, int]]:
    """(start, number) of the longest 一是…二是… run in ``text`` that starts at one and counts up."""
    hits = []
    for m in _ENUM.finditer(text):
        tok = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        kind = "a" if m.group("a") else "b" if m.group("b") else "c" if m.group("c") else "d"
        hits.append((m.start(), _value(tok), kind))
    best: list[tuple[int, int]] = []
    for i, (pos, n, kind) in enumerate(hits):
        if n != 1:
            continue
        run = [(pos, n)]
        for pos2, n2, kind2 in hits[i + 1:]:
            if kind2 == kind and n2 == run[-1][1] + 1:
                run.append((pos2, n2))
        if len(run) > len(best):
            best = run
    return best if len(best) >= 2 else []


def _regions(section: Section, headings: list[Heading]) -> list[_Region]:
    """Role regions inside a section: sub-headings that name a role switch the role for their extent."""
    base = section.role if section.role in _ITEM_ROLES else None
    marks: list[tuple[int, int, str | None]] = []
    for h in headings:
        roles = roles_from_title(h.title)
        if roles and roles[0] != base and (h.style == "label" or roles[0] in ("problems", "causes", "measures")):
            marks.append((h.start, min(h.content_end, section.end), roles[0]))
    if not marks:
        return [_Region(base, section.start, section.end)] if base else []
    regions: list[_Region] = []
    cursor = section.start
    for start, end, role in marks:
        if start < cursor:
            continue
        if base and start > cursor:
            regions.append(_Region(base, cursor, start))
        regions.append(_Region(role, start, end))
        cursor = end
    if base and cursor < section.end:
        regions.append(_Region(base, cursor, section.end))
    return [r for r in regions if r.role in _ITEM_ROLES and r.end > r.start]


def _units(text: str, region: _Region, headings: list[Heading], paragraphs) -> list[tuple[int, int, Heading | None, bool]]:
    """Finest numbered units of a region: leaf headings with their bodies, label blocks, and loose paragraphs.

    The last field tells whether the unit is delimited by a heading or label (True) or is a loose paragraph.
    """
    inside = [h for h in headings if region.start <= h.start < region.end and not
              (h.style == "label" and h.start == region.start)]
    # the heading that opens the region (a label or role heading) is not itself an item
    inside = [h for h in inside if not (h.start == region.start and roles_from_title(h.title))]
    # a leaf has no deeper heading inside its extent (flat headings carry no children)
    leaves = [h for h in inside if not any(h.start < c.start < h.content_end and c.level > h.level for c in inside)]
    units: list[tuple[int, int, Heading | None, bool]] = []
    covered: list[tuple[int, int]] = []
    for h in leaves:
        end = min(h.content_end, region.end)
        if h.style.startswith("label"):
            # 存在问题：… is a label, not an item title: the item is the text after it
            start = h.end + 1 if h.end < len(text) and text[h.end] in "：:" else h.end
            units.append((start, end, None, True))
        else:
            units.append((h.start, end, h, True))
        covered.append((h.start, end))
    covered_by_inner = [(h.start, min(h.content_end, region.end)) for h in inside]
    for p in paragraphs:
        s, e = max(p.start, region.start), min(p.end, region.end)
        if s >= e or any(a <= s < b for a, b in covered_by_inner):
            continue
        # skip the region's own heading line
        if any(h.start == p.start and h.end >= p.end - 1 for h in headings if h.start == region.start):
            continue
        body = text[s:e]
        if s == region.start:
            m = re.match(r"^[^：:]{0,12}[：:]", body)   # label prefix such as 存在问题：
            if m and roles_from_title(m.group(0).rstrip("：:").strip()):
                s += m.end()
        units.append((s, e, None, False))
    units.sort(key=lambda u: u[:2])
    return units


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \n\t　":
        s += 1
    while e > s and text[e - 1] in " \n\t　":
        e -= 1
    return s, e


def _split_cause(text: str, s: int, e: int) -> tuple[int, str | None]:
    """End of the problem statement proper and the cause text that follows it, if any."""
    m = _cues()[0].search(text, s, e)
    if m and m.start() - s >= 8:
        return m.start(), text[m.start():e].strip()
    return e, None


def _items_of_unit(text: str, s: int, e: int, heading: Heading | None, role: str, section_role: str) -> list[Item]:
    body_start = heading.end if heading is not None else s
    kind = "problem" if role == "problems" else "measure"
    body = text[body_start:e]
    runs = enumerations(body)
    context = heading.title if heading is not None else None
    out: list[Item] = []
    if runs:
        starts = [body_start + pos for pos, _ in runs] + [e]
        if heading is None:
            lead = text[s:starts[0]].strip()
            context = lead[:60] if lead else None
        for a, b in zip(starts, starts[1:]):
            a, b = _strip_span(text, a, b)
            out.append(_item(text, a, b, kind, section_role, context))
        return [i for i in out if i.end - i.start >= 4]
    a, b = _strip_span(text, s, e)
    if b - a < 4:
        return []
    if heading is None and (_cues()[1].search(text[a:b]) or (kind == "problem" and _claims_none(text[a:b]))):
        return []
    return [_item(text, a, b, kind, section_role, None)]


def _item(text: str, a: int, b: int, kind: str, section_role: str, context: str | None) -> Item:
    cause = None
    if kind == "problem":
        stop, cause = _split_cause(text, a, b)
        a, b = _strip_span(text, a, stop)
    return Item(kind, text[a:b], a, b, section_role, context, cause)


def extract(nt: NormalizedText, outline: Outline, sections: tuple[Section, ...]) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    text = nt.text
    problems: list[Item] = []
    measures: list[Item] = []
    for sec in sections:
        if not set(sec.roles or (sec.role,)) & set(_ITEM_ROLES):
            continue
        headings = [h for h in outline.flat if sec.start <= h.start < sec.end and h.start != sec.heading_start]
        paragraphs = [p for p in nt.paragraphs if p.end > sec.start and p.start < sec.end]
        sec_body = Section(sec.role, sec.heading, sec.heading_end or sec.start, sec.end, sec.roles)
        for region in _regions(sec_body, headings):
            units = _units(text, region, headings, paragraphs)
            # once a region numbers its items, its loose paragraphs are the lead-in (还存在以下问题) and the
            # closing remarks (以上报告，请审阅), not items
            numbered = any(delimited or enumerations(text[s:e]) for s, e, _, delimited in units)
            target = problems if region.role == "problems" else measures
            for s, e, h, delimited in units:
                if numbered and not delimited and not enumerations(text[s:e]):
                    continue
                target.extend(_items_of_unit(text, s, e, h, region.role, sec.role))
    return tuple(problems), tuple(measures)
