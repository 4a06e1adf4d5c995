"""Split a report into top-level sections and give each a role.

Roles come from the section-name lexicon (``resources/sections.yaml``) matched in the heading title; a merged
heading (存在问题及整改措施) gets every role it names, in order. Topic-titled sections (一、强化政治引领) get a
role from content cues and position. A top-level section whose sub-headings carry their own roles (一、自查情况
with （二）存在问题) is split at those sub-headings. Text before the first heading is the preamble; the 落款
block (unit, date, 特此报告) at the end is the closing.
"""
from __future__ import annotations

import re
from functools import cache

from .model import Heading, NormalizedText, Section
from .outline import Outline, match_heading
from .resources import load_yaml

CN_DATE = r"[〇○零一二三四五六七八九十Ｏ0-9]{4}\s*年\s*[〇○零一二三四五六七八九十0-9]{1,3}\s*月(?:\s*[〇○零一二三四五六七八九十0-9]{1,3}\s*日)?"
_DATE_LINE = re.compile(rf"^\s*{CN_DATE}\s*$")
_ROLE_ORDER = ("problems", "causes", "measures", "work", "other")


@cache
def _lexicon() -> dict:
    data = load_yaml("sections.yaml")
    names = {role: re.compile("|".join(spec["names"])) for role, spec in data["roles"].items()}
    cues = {role: tuple(spec.get("cues", [])) for role, spec in data["roles"].items()}
    labels = {lab: role for role, spec in data["roles"].items() for lab in spec.get("labels", [])}
    formulae = re.compile("|".join(map(re.escape, data["closing"]["formulae"])))
    return {"names": names, "cues": cues, "labels": labels, "formulae": formulae}


def roles_from_title(title: str) -> tuple[str, ...]:
    """Roles named in a heading title, in the order they appear (merged headings give several)."""
    lex = _lexicon()
    if title in lex["labels"]:
        return (lex["labels"][title],)
    hits: list[tuple[int, int, str]] = []
    for role in _ROLE_ORDER:
        for m in lex["names"][role].finditer(title):
            hits.append((m.start(), -(m.end() - m.start()), role))
    hits.sort()
    roles: list[str] = []
    taken_until = -1
    for start, neg_len, role in hits:
        if start < taken_until:
            continue  # overlapping match of another role inside a longer name
        taken_until = start - neg_len
        if role not in roles:
            roles.append(role)
    return tuple(roles)


def _cue_count(body: str, role: str) -> int:
    return sum(body.count(c) for c in _lexicon()["cues"][role])


def role_from_content(body: str, previous: list[str]) -> str:
    """Role of a topic-titled section from cue words and what came before it."""
    n = max(len(body), 1)
    p = _cue_count(body, "problems") / n
    m = _cue_count(body, "measures") / n
    w = _cue_count(body, "work") / n
    after_problems = any(r in ("problems", "causes") for r in previous)
    if after_problems and m >= p * 0.8:
        return "measures"
    if p > max(w, m) * 1.2 and p * n >= 3:
        return "problems"
    if after_problems and "measures" in previous:
        return "measures" if m >= w else "other"
    return "work"


def closing_start(nt: NormalizedText, upto: int | None = None) -> int | None:
    """Start of the 落款 block (特此报告 / unit line / date line) at the end of the text (or before ``upto``)."""
    text = nt.text if upto is None else nt.text[:upto]
    paras = [p for p in nt.paragraphs if upto is None or p.end <= upto]
    formulae = _lexicon()["formulae"]
    start = None
    for p in reversed(paras[-5:]):
        s = text[p.start:p.end].strip()
        if _DATE_LINE.match(s):
            start = p.start
        elif start is not None and len(s) <= 40 and not re.search(r"[。；;]$", s) and match_heading(s) is None:
            start = p.start          # the unit name above the date
        elif len(s) <= 20 and formulae.fullmatch(s.rstrip("。！!")):
            start = p.start
        elif start is None and len(s) <= 30 and re.search(r"(党委|党组|支部|党总支|委员会|工委)\s*$", s) \
                and match_heading(s) is None and p is paras[-1]:
            start = p.start          # a signature line without a date
        else:
            break
    if start is not None:
        return start
    # run-on text: formula, unit and date glued to the last sentence
    m = re.search(rf"(?:(?:特此报告|以上报告)[。！]?\s*)?(?:[^。！？\n]{{2,40}}?\s*)?{CN_DATE}\s*$", text[-120:])
    if m and re.search(CN_DATE + r"\s*$", m.group(0)):
        return len(text) - 120 + m.start() if len(text) > 120 else m.start()
    return None


def _names_whole_title(title: str) -> bool:
    """A sub-heading such as （二）存在的主要问题 is a section name, not a topic that mentions one."""
    lex = _lexicon()
    if title in lex["labels"]:
        return True
    covered = sum(m.end() - m.start() for role in _ROLE_ORDER for m in lex["names"][role].finditer(title))
    return covered >= 0.6 * len(title)


def _children_roles(h: Heading) -> list[tuple[Heading, tuple[str, ...]]]:
    return [(c, roles_from_title(c.title)) for c in h.children]


@cache
def _structure() -> dict[str, re.Pattern]:
    data = load_yaml("sections.yaml")
    # MULTILINE: the patterns are matched at paragraph starts inside the text, where ^ follows a newline
    out = {role: re.compile(p, re.M) for role, p in data["openers"].items()}
    out["preamble_end"] = re.compile(data["preamble_end"])
    out["attachment"] = re.compile(data["attachment"], re.M)
    return out


def attachment_start(nt: NormalizedText) -> int | None:
    """Start of an attachment placed after the 落款 (附件：问题整改清单), in the last half of the text."""
    half = len(nt.text) // 2
    for p in nt.paragraphs:
        if p.start >= half and _structure()["attachment"].match(nt.text, p.start):
            return p.start
    return None


def assign(nt: NormalizedText, outline: Outline) -> tuple[Section, ...]:
    text = nt.text
    attachment = attachment_start(nt)
    doc_end = attachment if attachment is not None else len(text)
    end_of_body = closing_start(nt, attachment)
    body_end = end_of_body if end_of_body is not None else doc_end
    roots = [h for h in outline.roots if h.start < body_end]
    sections: list[Section] = []
    if roots:
        first = roots[0].start
        if text[:first].strip():
            sections.append(Section("preamble", "", 0, first, ("preamble",)))
        previous: list[str] = []
        for i, h in enumerate(roots):
            end = roots[i + 1].start if i + 1 < len(roots) else body_end
            for sec in _sections_for(h, end, text, previous):
                sections.append(sec)
                previous.extend(sec.roles)
    else:
        sections.extend(_sections_by_openers(nt, body_end))
    if end_of_body is not None and text[end_of_body:doc_end].strip():
        sections.append(Section("closing", text[end_of_body:doc_end].strip()[:60], end_of_body, doc_end,
                                ("closing",)))
    if attachment is not None:
        sections.append(Section("other", text[attachment:attachment + 20].split("\n")[0], attachment, len(text),
                                ("other",), attachment, attachment))
    return tuple(sections)


def _sections_by_openers(nt: NormalizedText, body_end: int) -> list[Section]:
    """A report without headings: parts begin at paragraphs that open with 一年来 / 存在的问题是 / 下一步，我们将."""
    text, rules = nt.text, _structure()
    paras = [p for p in nt.paragraphs if p.start < body_end]
    body_from = 0
    for i, p in enumerate(paras[:4]):
        if rules["preamble_end"].search(text, p.start, p.end):
            body_from = i + 1
    if body_from == 0:   # no opening formula: the title lines (short, no full stop) are the preamble
        while body_from < len(paras) and len(text[paras[body_from].start:paras[body_from].end]) < 40 \
                and "。" not in text[paras[body_from].start:paras[body_from].end]:
            body_from += 1
    out: list[Section] = []
    if body_from and paras:
        out.append(Section("preamble", "", 0, paras[body_from - 1].end if body_from <= len(paras) else body_end,
                           ("preamble",)))
    order = ("work", "problems", "measures")
    current = -1
    for p in paras[body_from:]:
        role = next((r for r in order[current + 1:] if rules[r].match(text, p.start)), None)
        if role is None and current == -1:
            role = "work"
        if role is None:
            continue
        current = order.index(role)
        if out and out[-1].role != "preamble":
            last = out[-1]
            out[-1] = Section(last.role, last.heading, last.start, p.start, last.roles, last.heading_start,
                              last.heading_end)
        out.append(Section(role, text[p.start:p.start + 20].split("\n")[0], p.start, body_end, (role,),
                           p.start, p.start))
    return out


def heading_text(h: Heading, text: str) -> str:
    """The heading as written: marker and title, with the colon of a label heading (基本情况：)."""
    end = h.end + 1 if h.end < len(text) and text[h.end] in "：:" else h.end
    return text[h.start:end]


def _sections_for(h: Heading, end: int, text: str, previous: list[str]) -> list[Section]:
    heading = heading_text(h, text)
    roles = roles_from_title(h.title)
    kids = [(c, r) for c, r in _children_roles(h) if c.start < end]
    kid_roles = {r[0] for _, r in kids if r}
    # paired blocks (存在问题：… 整改措施：…) under a topic heading: a merged problems/measures section
    if not roles and kids and all(c.style == "label" for c, _ in kids) and "problems" in kid_roles:
        roles = tuple(r for r in ("problems", "measures") if r in kid_roles)
    if not roles:
        roles = (role_from_content(text[h.end:end], previous),)
    split = [c for c, r in kids if r and r[0] in ("problems", "causes", "measures") and r[0] != roles[0]
             and c.style != "label" and _names_whole_title(c.title)]
    if not split:
        return [Section(roles[0], heading, h.start, end, roles, h.start, h.end)]
    out = []
    cuts = [c.start for c in split]
    if cuts[0] > h.end:
        out.append(Section(roles[0], heading, h.start, cuts[0], roles, h.start, h.end))
    for j, c in enumerate(split):
        c_end = cuts[j + 1] if j + 1 < len(cuts) else end
        c_roles = roles_from_title(c.title)
        out.append(Section(c_roles[0], heading_text(c, text), c.start, c_end, c_roles, c.start, c.end))
    return out


def role_at(sections: tuple[Section, ...], pos: int) -> str | None:
    """Role of the section containing character ``pos``."""
    for s in sections:
        if s.start <= pos < s.end:
            return s.role
    return None
