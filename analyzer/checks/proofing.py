"""Proofing of one report: confusable words, 4各支部, doubled characters and words, unpaired marks, heading
numbering gaps and formulations outdated for the report's year.

Every word list lives in ``resources/lexicons/proofing.yaml``; this module only knows the shapes of the errors.
Findings are ``proofing`` warnings whose ``text`` is the flagged snippet and whose message carries the suggestion.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from ..model import Finding, Heading, Report
from ..outline import numbering_gaps
from ..resources import load_yaml
from .finding import make

_KIND = "proofing"
_SEVERITY = "warning"
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_CJK = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Confusion:
    wrong: str
    right: str
    pattern: re.Pattern
    not_before: re.Pattern | None
    unless_after: re.Pattern | None
    why: str | None


@cache
def _lexicon() -> dict:
    return load_yaml("lexicons/proofing.yaml")


def _rx(s: str | None) -> re.Pattern | None:
    return re.compile(s) if s else None


@cache
def _confusions() -> tuple[Confusion, ...]:
    out = []
    for c in _lexicon()["confusions"]:
        # guards after the word become part of the pattern; the guard before is checked on the text
        tail = ""
        if c.get("requires_after"):
            tail = f"(?={c['requires_after']})" if not c.get("span_after") else f"(?:{c['requires_after']})"
        elif c.get("not_after"):
            tail = f"(?!{c['not_after']})"
        before = c.get("not_before")
        out.append(Confusion(c["wrong"], c["right"], re.compile(re.escape(c["wrong"]) + tail),
                             re.compile(f"(?:{before})$") if before else None,
                             _rx(c.get("unless_in_sentence_after")), c.get("why")))
    return tuple(out)


def _finding(rule: str, message: str, start: int, end: int, text: str) -> Finding:
    return make(f"proofing.{rule}", _KIND, _SEVERITY, message, concepts=[], spans=[(start, end)], text=text,
                key=[rule, start, text])


def _sentence_rest(text: str, pos: int) -> str:
    m = _SENTENCE_END.search(text, pos)
    return text[pos:m.start() if m else len(text)]


def confusions(text: str) -> Iterator[Finding]:
    for c in _confusions():
        for m in c.pattern.finditer(text):
            if c.not_before and c.not_before.search(text[max(0, m.start() - 4):m.start()]):
                continue
            if c.unless_after and c.unless_after.search(_sentence_rest(text, m.end())):
                continue
            note = f"（{c.why}）" if c.why else ""
            yield _finding("confusion", f"“{c.wrong}”疑为“{c.right}”{note}", m.start(), m.end(), m.group(0))


def digit_ge(text: str) -> Iterator[Finding]:
    spec = _lexicon()["digit_ge"]
    for m in re.finditer(spec["pattern"], text):
        end = min(len(text), m.end() + 2)
        snippet = text[m.start():end]
        yield _finding("digit_ge", f"“{snippet}”中“各”疑为“{spec['right']}”", m.start(), end, snippet)


def doubled_chars(text: str) -> Iterator[Finding]:
    spec = _lexicon()["doubled_chars"]
    chars = spec["chars"]
    exceptions = spec.get("exceptions", [])
    before = {ch: re.compile(f"{rx}$") for ch, rx in spec.get("word_before", {}).items() if rx.strip("[]")}
    for m in re.finditer(f"([{re.escape(chars)}])\\1", text):
        ch, s = m.group(1), m.start()
        if s > 0 and text[s - 1] == ch or m.end() < len(text) and text[m.end()] == ch:
            continue  # three in a row is emphasis or a list, not a slip
        if ch in before and before[ch].search(text[max(0, s - 1):s]):
            continue
        if any(_covers(text, w, s, m.end()) for w in exceptions if ch * 2 in w):
            continue
        yield _finding("doubled_char", f"“{ch}{ch}”疑为多字，应为“{ch}”", s, m.end(), ch * 2)


def _covers(text: str, word: str, start: int, end: int) -> bool:
    """True when an occurrence of ``word`` in ``text`` covers [start, end)."""
    lo = max(0, end - len(word))
    i = text.find(word, lo, start + len(word))
    while i != -1 and i <= start:
        if i + len(word) >= end:
            return True
        i = text.find(word, i + 1, start + len(word))
    return False


def doubled_words(text: str) -> Iterator[Finding]:
    from ..segment import (
        segmenter,  # the project's segmenter with the party-building user dictionary
    )
    exceptions = set(_lexicon()["doubled_words"].get("exceptions", []))
    for m in re.finditer(f"([{_CJK}]{{2}})\\1", text):
        word, s = m.group(1), m.start()
        if m.group(0) in exceptions or word[0] == word[1]:
            continue
        # the segmenter must see the same word twice: 党组织组织生活 and 化学化工 are word boundaries
        lo, hi = max(0, s - 6), min(len(text), m.end() + 6)
        offset, hits = lo, []
        for tok in segmenter().lcut(text[lo:hi]):
            hits.append((offset, tok))
            offset += len(tok)
        if (s, word) in hits and (s + 2, word) in hits:
            yield _finding("doubled_word", f"“{word}{word}”词语重复，应为“{word}”", s, m.end(), m.group(0))


def unpaired(report: Report) -> Iterator[Finding]:
    pairs = _lexicon()["pairs"]
    text = report.text
    for p in report.paragraphs:
        para = text[p.start:p.end]
        for opening, closing in pairs:
            if opening not in para and closing not in para:
                continue
            stack: list[int] = []
            strays: list[int] = []
            for i, ch in enumerate(para):
                if ch == opening:
                    stack.append(i)
                elif ch == closing:
                    if stack:
                        stack.pop()
                    elif not _list_marker(para, i):
                        strays.append(i)
            for i in sorted(strays + stack):
                mark = para[i]
                other = closing if mark == opening else opening
                yield _finding("unpaired", f"“{mark}”缺少配对的“{other}”", p.start + i, p.start + i + 1, mark)


def _list_marker(para: str, i: int) -> bool:
    """1) 2) or 一) at the start of a paragraph or a clause is a list marker, not a stray bracket."""
    head = para[:i]
    return bool(re.search(r"(?:^|[，。；：,;:\s])[\d一二三四五六七八九十a-zA-Z]{1,2}$", head))


_CN_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numeral of a small heading number (1 … 39)."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")) + (_CN_DIGITS[ones] if ones else "")


def _previous_siblings(roots: tuple[Heading, ...]) -> dict[int, Heading]:
    """Start of each heading → the heading before it in its sibling list."""
    prev: dict[int, Heading] = {}
    stack = [roots]
    while stack:
        siblings = stack.pop()
        for a, b in zip(siblings, siblings[1:]):
            prev[b.start] = a
        stack.extend(h.children for h in siblings)
    return prev


def _marker_present(report: Report, style: str, number: int, lo: int, hi: int) -> bool:
    """A paragraph in [lo, hi) starting with the expected number in the same numbering style: the outline
    missed a heading, so there is no gap. (A （三） sub-heading does not stand in for a missing 三、.)"""
    token = f"(?:{_cn(number)}|{number})"
    pattern = {"chapter": rf"第{token}[章部分篇节]", "cn_paren": rf"[（(]\s*{token}\s*[）)]",
               "arabic_paren": rf"[（(]\s*{token}\s*[）)]"}.get(style, rf"{token}\s*[、，,．.]")
    rx = re.compile(rf"\s*{pattern}")
    return any(lo <= p.start < hi and rx.match(report.text, p.start) for p in report.paragraphs)


def heading_gaps(report: Report) -> Iterator[Finding]:
    prev = _previous_siblings(report.outline)
    for gap in numbering_gaps(report.outline):
        h = gap.heading
        before = prev.get(h.start)
        if gap.found > gap.expected and before is not None \
                and _marker_present(report, h.style, gap.expected, before.end, h.start):
            continue
        what = "重复" if gap.found < gap.expected else "不连续"
        yield _finding("numbering", f"标题序号{what}：此处为“{h.marker}”，按顺序应为第{gap.expected}项",
                       h.start, h.start + len(h.marker), h.marker)


def outdated(report: Report) -> Iterator[Finding]:
    year = report.meta.year
    if year is None:
        return
    for entry in _lexicon()["outdated"]:
        if year <= entry["current_until"]:
            continue
        guard = _rx(entry.get("not_before"))
        for m in re.finditer(entry["pattern"], report.text):
            if guard and guard.search(report.text[max(0, m.start() - 8):m.start()]):
                continue
            yield _finding("outdated", f"“{m.group(0)}”为{entry['current_until']}年及以前的提法，"
                                       f"{year}年报告中宜为“{entry['suggestion']}”",
                           m.start(), m.end(), m.group(0))


def check(report: Report) -> Iterator[Finding]:
    text = report.text
    yield from confusions(text)
    yield from digit_ge(text)
    yield from doubled_chars(text)
    yield from doubled_words(text)
    yield from unpaired(report)
    yield from heading_gaps(report)
    yield from outdated(report)
