"""Within-report checks. Each check is a function ``(report) -> iterable of Finding``; findings never modify facts.

``run`` applies every registered check and returns the findings sorted by position, errors first among equals.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..model import Finding, Report
from . import arith, coverage, placeholder, proofing, structure

Check = Callable[[Report], Iterable[Finding]]

CHECKS: list[tuple[str, Check]] = [
    ("arithmetic", arith.check),
    ("structure", structure.check),
    ("coverage", coverage.check),
    ("proofing", proofing.check),
    ("placeholder", placeholder.check),
]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run(report: Report) -> tuple[Finding, ...]:
    found: dict[str, Finding] = {}
    for _, check in CHECKS:
        for f in check(report):
            found.setdefault(f.id, f)   # the same fingerprint twice is the same finding
    return tuple(sorted(found.values(),
                        key=lambda f: (f.spans[0][0] if f.spans else -1, _SEVERITY_ORDER[f.severity], f.rule)))
