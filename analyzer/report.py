"""The report-v1 JSON object (DESIGN.md §3) of a Report; ``docs/report-v1.schema.json`` describes it."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Figure, Finding, Heading, Item, Report, Section

SCHEMA = "analyzer/report-v1"


def number(v: Decimal | None) -> int | float | None:
    """JSON number for a Decimal: an int when integral."""
    if v is None:
        return None
    if v == v.to_integral_value():
        return int(v)
    return float(v)


def _heading(h: Heading) -> dict[str, Any]:
    return {"marker": h.marker, "title": h.title, "level": h.level, "start": h.start, "end": h.end,
            "style": h.style, "number": h.number, "content_end": h.content_end, "glued": h.glued,
            "children": [_heading(c) for c in h.children]}


def _section(s: Section) -> dict[str, Any]:
    return {"role": s.role, "heading": s.heading, "start": s.start, "end": s.end, "roles": list(s.roles or (s.role,))}


def figure_dict(f: Figure) -> dict[str, Any]:
    return {"concept": f.concept, "value": number(f.value), "low": number(f.low), "high": number(f.high),
            "approx": f.approx, "masked": f.masked, "unit": f.unit, "subject": f.subject, "scope": f.scope,
            "text": f.text, "start": f.start, "end": f.end, "section": f.section, "per": f.per,
            "qualifier": f.qualifier, "period": f.period}


def item_dict(i: Item) -> dict[str, Any]:
    d: dict[str, Any] = {"text": i.text, "start": i.start, "end": i.end, "section": i.section,
                         "context": i.context, "cause": i.cause}
    if i.kind == "problem":
        d.update(category=i.category, confidence=i.confidence, categories=[[c, p] for c, p in i.categories])
    else:
        d.update(categories=[c for c, _ in i.categories] if i.categories else ([i.category] if i.category else []),
                 scores=[[c, p] for c, p in i.categories])
    d["cues"] = list(i.cues)
    return d


def finding_dict(f: Finding) -> dict[str, Any]:
    d = {"id": f.id, "rule": f.rule, "kind": f.kind, "severity": f.severity, "message": f.message,
         "concepts": list(f.concepts), "spans": [list(s) for s in f.spans], "values": dict(f.values)}
    if f.category:
        d["category"] = f.category
    if f.text:
        d["text"] = f.text
    return d


def to_dict(report: Report) -> dict[str, Any]:
    if report.status != "ok":
        return {"schema": SCHEMA, "file": report.file, "sha256": report.sha256, "format": report.format,
                "status": report.status, "error": dict(report.error or {}), "warnings": [], "meta": None}
    m = report.meta
    return {
        "schema": SCHEMA, "file": report.file, "sha256": report.sha256, "format": report.format,
        "status": "ok", "error": None,
        "warnings": [{"code": w.code, "message": w.message, **({"page": w.page} if w.page else {})}
                     for w in report.warnings],
        "meta": {"title": m.title, "unit": m.unit, "parent_unit": m.parent_unit, "year": m.year, "date": m.date,
                 "script": m.script, "pages": report.pages},
        "text": report.text,
        "paragraphs": [{"start": p.start, "end": p.end, "page": p.page, "kind": p.kind} for p in report.paragraphs],
        "outline": [_heading(h) for h in report.outline],
        "sections": [_section(s) for s in report.sections],
        "figures": [figure_dict(f) for f in report.figures],
        "problems": [item_dict(i) for i in report.problems],
        "measures": [item_dict(i) for i in report.measures],
        "findings": [finding_dict(f) for f in report.findings],
    }
