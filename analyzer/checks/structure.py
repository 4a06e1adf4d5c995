"""Completeness of a report: the work, problems and measures parts exist, and problems are actually stated."""
from __future__ import annotations

import re
from functools import cache
from typing import Iterator

from ..model import Finding, Report
from ..resources import load_yaml
from .finding import make

_REQUIRED = (("work", "section.work", "缺少工作开展情况部分"),
             ("problems", "section.problems", "缺少存在问题部分"),
             ("measures", "section.measures", "缺少整改措施（下一步打算）部分"))


@cache
def _no_problems() -> re.Pattern:
    return re.compile("|".join(load_yaml("sections.yaml")["no_problems"]))


def check(report: Report) -> Iterator[Finding]:
    roles = {r for s in report.sections for r in (s.roles or (s.role,))}
    for role, concept, msg in _REQUIRED:
        if role not in roles and not (role == "measures" and report.measures) \
                and not (role == "problems" and report.problems):
            yield make(f"completeness.{role}", "completeness", "warning", msg, concepts=[concept], key=[role])
    problem_secs = [s for s in report.sections if "problems" in (s.roles or (s.role,))]
    for s in problem_secs:
        body = report.text[s.start:s.end]
        m = _no_problems().search(body)
        if m and len(report.problems) <= 1:
            yield make("completeness.no_problems", "completeness", "warning",
                       f"存在问题部分未查摆出具体问题（“{m.group(0)}”）", concepts=["problems.none_claimed"],
                       spans=[(s.start + m.start(), s.start + m.end())], key=["none_claimed"])
            return
    if problem_secs and not report.problems:
        s = problem_secs[0]
        yield make("completeness.no_problems", "completeness", "warning", "存在问题部分没有列出具体问题",
                   concepts=["problems.none_claimed"], spans=[(s.start, s.end)], key=["no_items"])
