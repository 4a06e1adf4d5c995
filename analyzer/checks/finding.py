"""Building findings with stable fingerprints (hash of rule id, unit and sorted values)."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from ..model import Figure, Finding


def fingerprint(rule: str, scope: str | None, values: Iterable[Any]) -> str:
    payload = json.dumps([rule, scope or "", sorted(str(v) for v in values)], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def make(rule: str, kind: str, severity: str, message: str, *, scope: str | None = None,
         figures: Iterable[Figure] = (), concepts: Iterable[str] | None = None,
         spans: Iterable[tuple[int, int]] = (), values: dict[str, Any] | None = None,
         category: str | None = None, text: str | None = None, key: Iterable[Any] = ()) -> Finding:
    figures = list(figures)
    all_spans = sorted({(f.start, f.end) for f in figures} | set(spans))
    if concepts is None:
        concepts = sorted({f.concept for f in figures})
    key = list(key) or [f"{f.concept}={f.value}" for f in figures] or [s for s in all_spans]
    return Finding(fingerprint(rule, scope, key), rule, kind, severity, message, tuple(concepts),
                   tuple(all_spans), dict(values or {}), category, text)
