"""Template leftovers in one report: unfilled slots (XX单位, ××同志, 某某, 【】, ＿＿＿, 202X年) and a 今年 that
names another year than the report's own.

Masks made of ``*`` are redaction and never leftovers; an X/×-mask in a figure slot (a masked figure spans it,
or a measure word follows: 党员XX名) is a masked figure. Another unit's name left in a report needs the whole
batch and lives in ``analyzer/leftovers.py``. Word lists: ``resources/lexicons/placeholder.yaml``.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Iterator

from ..model import Finding, Report
from ..resources import load_yaml
from .finding import make

_KIND = "placeholder"
_SEVERITY = "warning"
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=年)")


@cache
def _lexicon() -> dict:
    return load_yaml("lexicons/placeholder.yaml")


def _finding(rule: str, message: str, start: int, end: int, text: str) -> Finding:
    return make(f"placeholder.{rule}", _KIND, _SEVERITY, message, concepts=[], spans=[(start, end)], text=text,
                key=[rule, start, text])


def _masked_spans(report: Report) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in report.figures if f.masked]


def mask_slots(report: Report) -> Iterator[Finding]:
    spec = _lexicon()
    text = report.text
    letters = re.escape(spec["mask_letters"])
    measure = spec["measure_words"]
    dates = [(m.start(), m.end()) for m in re.finditer(spec["date_slot"], text)
             if re.search(f"[{letters}]", m.group(0))]
    for s, e in dates:
        snippet = text[s:e + 1] if e < len(text) and text[e] == "年" else text[s:e]
        yield _finding("date_slot", f"“{snippet}”日期未填写（模板占位）", s, e, snippet)
    masked = _masked_spans(report)
    for m in re.finditer(f"(?<![A-Za-z])[{letters}]+(?![A-Za-z])", text):
        s, e = m.span()
        if any(a <= s < b for a, b in dates):
            continue
        if any(a <= s and e <= b for a, b in masked):
            continue  # a masked figure (党员XX名) is redaction of a number, not a leftover
        before, after = text[s - 1:s] if s else "", text[e:e + 1]
        if before.isdigit() or after.isdigit() or (after and after in measure):
            continue
        if not re.match(r"[\u4e00-\u9fff]", after or " ") and not re.search(r"[\u4e00-\u9fff]$", before):
            continue  # a lone letter outside Chinese text (型号X, a list "x)") is not a slot
        snippet = m.group(0) + "".join(re.findall(r"^[\u4e00-\u9fff]{1,2}", text[e:e + 2]))
        yield _finding("mask_slot", f"“{snippet}”含未填写的占位符“{m.group(0)}”", s, e, snippet)


def template_patterns(text: str) -> Iterator[Finding]:
    for p in _lexicon()["patterns"]:
        for m in re.finditer(p["regex"], text):
            yield _finding(p["rule"], p["message"].format(text=m.group(0)), m.start(), m.end(), m.group(0))


def this_year(report: Report) -> Iterator[Finding]:
    year = report.meta.year
    if year is None:
        return
    spec = _lexicon()["this_year"]
    window, guard = spec["window"], re.compile(spec["not_before_year"])
    text = report.text
    for m in re.finditer("今年", text):
        lo, hi = max(0, m.start() - window), min(len(text), m.end() + window)
        for y in _YEAR.finditer(text, lo, hi):
            between = text[min(m.end(), y.end()):max(m.start(), y.start())]
            if _CLAUSE_END.search(between) or int(y.group(0)) == year:
                continue
            if guard.search(text[max(0, y.start() - 4):y.start()]):
                continue
            s, e = min(m.start(), y.start()), max(m.end(), y.end() + 1)
            yield _finding("this_year", f"“{text[s:e]}”：“今年”与报告年度{year}年不符，疑为沿用旧稿", s, e, text[s:e])


def check(report: Report) -> Iterator[Finding]:
    yield from mask_slots(report)
    yield from template_patterns(report.text)
    yield from this_year(report)
