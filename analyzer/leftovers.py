"""Another unit's name left in a report: a batch-level template leftover (``placeholder`` finding).

A report copied from a sibling often keeps the sibling's name (推动桂园社区党支部各项工作 in 新村社区's report).
A name of another unit of the batch is flagged in a report unless the two are family (the report's parent or
ancestor, or the report's own branches: the parent names them in its figures or they name it as parent), or the
clause relates the two (与…结对共建, 根据…安排, a list 滨江、桂园). Names are found by their distinctive core
(桂园社区) followed by an organisation suffix. Word lists: ``resources/lexicons/leftovers.yaml``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Iterator, Sequence

from .checks.finding import make
from .crossdoc import parent_pairs, same_unit, unit_key
from .model import Finding, Report
from .resources import load_yaml

_CLAUSE_END = re.compile(r"[，。；！？,;!?\n：:]")


@cache
def _config() -> dict:
    return load_yaml("lexicons/leftovers.yaml")


def cores(unit: str | None) -> list[str]:
    """Distinctive cores of a unit name, longest first (临江市东湖街道桂园社区, 东湖街道桂园社区, 桂园社区)."""
    cfg = _config()
    key = re.sub(cfg["org_suffix"] + "$", "", unit_key(unit))
    out = [key]
    for rx in cfg["admin_prefixes"]:
        key = re.sub(rx, "", key)
        out.append(key)
    return [c for c in dict.fromkeys(out) if len(c) >= cfg["min_core_chars"] and "*" not in c]


def _mentions(text: str, unit: str | None) -> Iterator[re.Match]:
    suffix = _config()["org_suffix"]
    names = cores(unit)
    if not names:
        return
    yield from re.finditer("(?:" + "|".join(map(re.escape, names)) + ")" + suffix, text)


def _all_names(reports: Sequence[Report]) -> tuple[re.Pattern | None, dict[str, list[Report]]]:
    """One pattern for the names of every unit of the batch, and which reports each core names: each report's
    text is then searched once, however large the batch."""
    owners: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        for c in cores(r.meta.unit):
            owners[c].append(r)
    if not owners:
        return None, owners
    alternatives = "|".join(map(re.escape, sorted(owners, key=len, reverse=True)))
    return re.compile(f"(?P<core>{alternatives})" + _config()["org_suffix"]), owners


def _clause(text: str, start: int, end: int) -> str:
    s = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END.search(text, end)
    return text[s:m.start() if m else len(text)]


def _family(a: Report, b: Report, pairs: set[tuple[str, str]]) -> bool:
    """Parent/child or ancestor: legitimate to name each other."""
    if (a.file, b.file) in pairs or (b.file, a.file) in pairs:
        return True
    if same_unit(a.meta.parent_unit, b.meta.unit) or same_unit(b.meta.parent_unit, a.meta.unit):
        return True
    ka, kb = unit_key(a.meta.unit), unit_key(b.meta.unit)
    # 东湖街道 is an ancestor of 东湖街道桂园社区: its name is part of the report's own name
    return any(c in ka for c in cores(b.meta.unit)) or any(c in kb for c in cores(a.meta.unit))


def batch_findings(reports: Sequence[Report]) -> list[Finding]:
    ok = [r for r in reports if r.ok and r.meta.unit]
    pairs = {(p.file, c.file) for p, c, _ in parent_pairs(ok, None)}
    cues = re.compile(_config()["relation_cues"])
    pattern, owners = _all_names(ok)
    if pattern is None:
        return []
    found = []
    for r in ok:
        own = [(m.start(), m.end()) for m in _mentions(r.text, r.meta.unit)]
        for m in pattern.finditer(r.text):
            if any(s < m.end() and m.start() < e for s, e in own):
                continue
            others = [o for o in owners[m.group("core")] if o is not r and not same_unit(o.meta.unit, r.meta.unit)
                      and not _family(r, o, pairs)]
            if not others:
                continue
            clause = _clause(r.text, m.start(), m.end())
            if cues.search(clause.replace(m.group(0), "")):
                continue
            other, name = others[0], m.group(0)
            msg = (f"报告中出现同批次其他单位名称“{name}”（{Path(other.file).name}），"
                   f"疑为套用其他单位材料未改名")
            found.append(make("placeholder.other_unit", "placeholder", "warning", msg, concepts=[],
                              spans=[m.span()], text=name, key=[Path(r.file).name, name, m.start()],
                              values={"files": [r.file], "other_file": other.file,
                                      "other_unit": other.meta.unit,
                                      "spans_by_file": {r.file: [list(m.span())]}}))
    return found
