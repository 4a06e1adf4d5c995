"""Problems that no measure answers (warning, per category) and measures that answer no stated problem (info)."""
from __future__ import annotations

from typing import Iterator

from ..classify import category_names, measure_categories
from ..model import Finding, Report
from .finding import make


def check(report: Report) -> Iterator[Finding]:
    problems = [p for p in report.problems if p.category]
    measures = [m for m in report.measures if m.categories]
    if not problems:
        return    # with no measures at all, every problem category is unanswered
    names = category_names()
    answered = {c for m in measures for c in measure_categories(m)}
    by_cat: dict[str, list] = {}
    for p in problems:
        by_cat.setdefault(p.category, []).append(p)
    for cat, items in sorted(by_cat.items()):
        if cat in answered:
            continue
        first = items[0].text[:30]
        more = f"等{len(items)}条" if len(items) > 1 else ""
        yield make("coverage.problem_without_measure", "coverage", "warning",
                   f"问题“{first}…”{more}属于{cat}{names.get(cat, '')}，但整改措施中没有对应该类别的措施",
                   spans=[(p.start, p.end) for p in items], concepts=[], category=cat, key=[cat],
                   values={"problems": len(items)})
    raised = set(by_cat)
    for m in measures:
        cats = measure_categories(m)
        if not set(cats) & raised:
            yield make("coverage.measure_without_problem", "coverage", "info",
                       f"整改措施“{m.text[:30]}…”（{cats[0]}{names.get(cats[0], '')}）未对应已查摆的问题",
                       spans=[(m.start, m.end)], concepts=[], category=cats[0], key=[m.text[:40]])
