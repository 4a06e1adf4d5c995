"""Checks across the reports of a batch: parent versus branch figures, and the same unit year over year.

A parent's report that states figures for a named branch (scope) is compared with that branch's own report;
a disagreement is a ``cross_doc`` finding (lowered to ``info`` when the two reports are of different years).
Reports of the same unit in consecutive years give ``trend`` findings: this year's start-of-year count must
equal last year's count, and a jump in members must be explained by the stated admissions and transfers.
Unit names match despite small variations (机关党支部 vs 局机关党支部). Findings name both files.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .checks.arith import interval, is_subtype, label, period_key, scope_key
from .checks.finding import make
from .model import Figure, Finding, Report
from .resources import load_yaml


@cache
def _config() -> dict:
    return load_yaml("rules.yaml")["cross_doc"]


def unit_key(name: str | None) -> str:
    """Comparable form of a unit name: 中共…支部委员会, …党支部 and …支部 agree; 有限公司 becomes 公司."""
    return _unit_key(name if isinstance(name, str) else "")


@cache
def _name_rules(kind: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p), r) for p, r in load_yaml("rules.yaml")["unit_names"][kind])


def _rewrite(s: str, kind: str) -> str:
    for pattern, replacement in _name_rules(kind):
        s = pattern.sub(replacement, s)
    return s


@lru_cache(maxsize=1 << 16)
def _unit_key(name: str) -> str:
    return _rewrite(scope_key(name), "normalize")


def _runs_from_right(short: str, long: str) -> list[int] | None:
    """Lengths of the contiguous runs in which ``short`` occurs in ``long`` as a subsequence, matched from
    the right (so the organisation suffix aligns); None when it does not occur."""
    i, j = len(short) - 1, len(long) - 1
    runs: list[int] = []
    current = 0
    while i >= 0 and j >= 0:
        if short[i] == long[j]:
            current += 1
            i -= 1
        elif current:
            runs.append(current)
            current = 0
        j -= 1
    if i >= 0:
        return None
    return runs + [current] if current else runs


def same_unit(a: str | None, b: str | None) -> bool:
    """See :func:`_same_unit`; cached, because a batch compares the same names many times."""
    return _same_unit(a if isinstance(a, str) else "", b if isinstance(b, str) else "")


def suffix_key(name: str | None) -> str:
    """The last four characters of a unit key: two names that are :func:`same_unit` share them (or one key is
    shorter than four), so a batch can be indexed by it instead of comparing every pair."""
    return unit_key(name)[-4:]


@lru_cache(maxsize=1 << 18)
def _same_unit(a: str, b: str) -> bool:
    """机关党支部 ≈ 局机关党支部; 城投物业公司党支部 ≈ 临江市城投物业服务有限公司支部委员会; masked names never match.

    After normalization (unit_key) one name ends the other, or the shorter occurs in two pieces whose last
    piece, next to the suffix, is at least four characters long (物业|服务|公司支部). 白马村党支部 does not
    match 白马镇柳坪村支部: its last piece would be 村支部.
    """
    ka, kb = unit_key(a), unit_key(b)
    # 机关党委 → 机关: too generic to name one unit
    if len(ka) < 3 or len(kb) < 3 or "*" in ka or "*" in kb:
        return False
    if ka.endswith(kb) or kb.endswith(ka):
        return True
    short, long = sorted((ka, kb), key=len)
    runs = _runs_from_right(short, long)
    return long.endswith(short[-4:]) and runs is not None and len(runs) == 2 and runs[0] >= 4 and runs[1] >= 2


@dataclass(frozen=True)
class Roster:
    """Optional roster CSV: unit, parent, expected submitter (columns 单位/unit, 上级/parent, 报送人/submitter)."""

    rows: tuple[dict[str, str], ...]

    @classmethod
    def load(cls, path: str | Path) -> "Roster":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = []
            for row in reader:
                norm = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                rows.append({
                    "unit": norm.get("unit") or norm.get("单位") or norm.get("单位名称", ""),
                    "parent": norm.get("parent") or norm.get("上级") or norm.get("上级党组织", ""),
                    "submitter": norm.get("submitter") or norm.get("报送人") or norm.get("联系人", ""),
                })
        return cls(tuple(r for r in rows if r["unit"]))

    def parent_of(self, unit: str | None) -> str | None:
        return next((r["parent"] for r in self.rows if same_unit(r["unit"], unit) and r["parent"]), None)

    def missing(self, reports: Sequence[Report]) -> list[str]:
        units = [r.meta.unit for r in reports if r.ok]
        return [row["unit"] for row in self.rows if not any(same_unit(row["unit"], u) for u in units)]


def _current(figs: Iterable[Figure], concept: str) -> list[Figure]:
    return [f for f in figs if f.concept == concept and f.per is None and not f.masked and not is_subtype(f)
            and period_key(f.period) == ""]


def _own_figures(r: Report) -> list[Figure]:
    unit = r.meta.unit
    return [f for f in r.figures if f.scope is None or same_unit(f.scope, unit) or unit_key(f.scope) == unit_key(unit)]


def _stem(unit: str | None) -> str:
    """The distinctive part of a parent's name (青川县审计局党组 → 审计局): a generic branch name such as
    机关党支部 is accepted as this parent's branch only when the branch's own name carries it."""
    return _rewrite(unit_key(unit), "stem") or "\0"


def _relation(parent: Report, branch: Report, roster: Roster | None) -> int:
    """How strongly ``branch`` is shown to belong to ``parent`` beyond a matching name: 3 by the roster or the
    branch's stated parent, 2 when the parent's distinctive name is inside the branch's name, 1 when four
    characters of it occur in the branch's text, 0 otherwise."""
    if roster is not None and same_unit(roster.parent_of(branch.meta.unit), parent.meta.unit):
        return 3
    if branch.meta.parent_unit and same_unit(branch.meta.parent_unit, parent.meta.unit):
        return 3
    stem = _stem(parent.meta.unit)
    if len(stem) >= 2 and stem in unit_key(branch.meta.unit):
        return 2
    return int(len(stem) >= 4 and any(stem[i:i + 4] in branch.text for i in range(len(stem) - 3)))


def _by_suffix(reports: Sequence[Report]) -> dict[str, list[Report]]:
    index: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        index[suffix_key(r.meta.unit)].append(r)
    return index


def _candidates(index: dict[str, list[Report]], name: str | None, reports: Sequence[Report]) -> Sequence[Report]:
    """Reports whose unit may be :func:`same_unit` as ``name``: the same four-character suffix, or all of
    them for a short name (rare)."""
    key = suffix_key(name)
    if len(key) < 4:
        return reports
    return index.get(key, []) + [r for k, rs in index.items() if len(k) < 4 for r in rs]


def parent_pairs(reports: Sequence[Report], roster: Roster | None) -> list[tuple[Report, Report, str]]:
    """(parent report, branch report, scope name used by the parent): for each branch the parent names, the
    one report of the batch that is that branch. A generic name (机关党支部, 5 characters or fewer once
    normalized) also needs evidence of the relation; among several candidates the best related one wins."""
    pairs = []
    index = _by_suffix(reports)
    for parent in reports:
        scopes = {f.scope for f in parent.figures if f.scope and not same_unit(f.scope, parent.meta.unit)}
        for scope in sorted(scopes, key=len, reverse=True):
            scored = [(_relation(parent, b, roster), b) for b in _candidates(index, scope, reports)
                      if b is not parent and b.meta.unit and same_unit(scope, b.meta.unit)]
            # a name alone is enough only when it is distinctive and the reports are of the same year
            scored = [(r, b) for r, b in scored
                      if r > 0 or (len(unit_key(scope)) > 5 and b.meta.year == parent.meta.year)]
            if scored:
                _, best = max(scored, key=lambda rb: (rb[0], rb[1].meta.year == parent.meta.year))
                pairs.append((parent, best, scope))
    return pairs


def _cross(parent: Report, branch: Report, scope: str) -> list[Finding]:
    out = []
    branch_own = _own_figures(branch)
    for concept in _config()["comparable"]:
        theirs = [f for f in _current(parent.figures, concept) if f.scope == scope]
        mine = _current(branch_own, concept)
        if not theirs or not mine:
            continue
        a, b = theirs[0], mine[0]
        if interval(a).meets(interval(b)):
            continue
        same_year = parent.meta.year == branch.meta.year or None in (parent.meta.year, branch.meta.year)
        severity = "error" if same_year else "info"
        note = "" if same_year else f"（两份报告年份不同：{parent.meta.year} / {branch.meta.year}）"
        msg = (f"{scope}{label(concept)}：上级报告（{Path(parent.file).name}）称{a.value}，"
               f"本单位报告（{Path(branch.file).name}）称{b.value}{note}")
        key = [concept, str(a.value), str(b.value), Path(parent.file).name, Path(branch.file).name]
        values = {"files": [parent.file, branch.file], "parent_value": str(a.value), "own_value": str(b.value),
                  "dates": [parent.meta.date, branch.meta.date],
                  "spans_by_file": {parent.file: [[a.start, a.end]], branch.file: [[b.start, b.end]]}}
        out.append(make("cross_doc.parent_branch", "cross_doc", severity, msg, scope=scope, concepts=[concept],
                        spans=[(a.start, a.end)], values=values, key=key))
    return out


def _transfers(r: Report, cue: str) -> Fraction:
    return sum((Fraction(f.value) for f in r.figures if f.concept == "other" and f.value is not None
                and not f.masked and re.search(cue, f.subject or "")), Fraction(0))


def _trend(prev: Report, cur: Report) -> list[Finding]:
    out = []
    files = [prev.file, cur.file]
    end_prev = _current(_own_figures(prev), "members.total")
    if not end_prev:
        return out
    last = end_prev[-1]
    starts = [f for f in _own_figures(cur) if f.concept == "members.total" and not f.masked
              and period_key(f.period) == "start"]
    names = f"{Path(prev.file).name} → {Path(cur.file).name}"
    if starts and not interval(starts[0]).meets(interval(last)):
        s = starts[0]
        out.append(make("trend.start_of_year", "trend", "error",
                        f"{cur.meta.year}年报告称{s.period or '年初'}党员{s.value}名，"
                        f"但{prev.meta.year}年报告年底为{last.value}名（{names}）",
                        scope=cur.meta.unit, concepts=["members.total"], spans=[(s.start, s.end)],
                        values={"files": files, "previous": str(last.value), "start": str(s.value)},
                        key=["members.total", str(last.value), str(s.value)]))
        return out
    now = _current(_own_figures(cur), "members.total")
    admitted = _current(_own_figures(cur), "members.newly_admitted")
    if not now or not admitted or now[0].value is None or last.value is None:
        return out
    delta = Fraction(now[0].value) - Fraction(last.value)
    explained = sum(Fraction(f.value) for f in admitted) + _transfers(cur, _config()["transfers_in"])
    removed = _transfers(cur, _config()["transfers_out"])
    if delta > explained or delta < -removed - explained:
        out.append(make("trend.unexplained_change", "trend", "warning",
                        f"党员人数由{prev.meta.year}年的{last.value}名变为{cur.meta.year}年的{now[0].value}名，"
                        f"变化{delta}名，但本年度仅报告发展/转入{explained}名（{names}）",
                        scope=cur.meta.unit, concepts=["members.total"], spans=[(now[0].start, now[0].end)],
                        values={"files": files, "previous": str(last.value), "current": str(now[0].value),
                                "explained": str(explained)},
                        key=["members.total", str(last.value), str(now[0].value)]))
    return out


def batch_findings(reports: Sequence[Report], roster: Roster | None = None, similarity_analysis=None) -> list[Finding]:
    """Every cross-document finding of a batch, once each. ``similarity_analysis`` (``similarity.analyse`` of
    the analysed reports) avoids computing the near-duplicate search twice when the caller needs it too."""
    ok = [r for r in reports if r.ok]
    found: list[Finding] = []
    for parent, branch, scope in parent_pairs(ok, roster):
        found.extend(_cross(parent, branch, scope))
    groups: list[list[Report]] = []
    heads: dict[str, list[list[Report]]] = defaultdict(list)     # suffix key → groups, to avoid all pairs
    for r in ok:
        if not (r.meta.unit and r.meta.year):
            continue
        key = suffix_key(r.meta.unit)
        near = heads[key] + (groups if len(key) < 4 else [g for k, gs in heads.items() if len(k) < 4 for g in gs])
        home = next((g for g in near if same_unit(g[0].meta.unit, r.meta.unit)), None)
        if home is None:
            groups.append([r])
            heads[key].append(groups[-1])
        else:
            home.append(r)
    for group in groups:
        group.sort(key=lambda r: r.meta.year)
        for prev, cur in zip(group, group[1:]):
            if cur.meta.year == prev.meta.year + 1:
                found.extend(_trend(prev, cur))
    # text quality across the batch: copied passages and other units' names (they import this module)
    from . import leftovers, similarity
    found.extend(similarity.batch_findings(ok, similarity_analysis))
    found.extend(leftovers.batch_findings(ok))
    return found


def attach(reports: Sequence[Report], findings: Sequence[Finding]) -> list[Report]:
    """Add each batch finding to every report it involves, with spans into that report's own text."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        spans_by_file = f.values.get("spans_by_file", {})
        for name in f.values.get("files", []):
            spans = tuple(tuple(s) for s in spans_by_file.get(name, [])) or (f.spans if name == f.values["files"][-1] else ())
            by_file[name].append(replace(f, spans=spans))
    return [replace(r, findings=r.findings + tuple(by_file.get(r.file, []))) if r.file in by_file else r
            for r in reports]
