"""Tidy tables of a batch: the one place where column names and dtypes are declared.

Every output (Parquet, Excel, HTML overview) reads these rows, so a column means the same thing everywhere.
Rows are compact (no full text): a batch of many thousand reports fits in memory as rows while the texts
stream through. ``frames(reports)`` is the notebook entry point.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from ..model import Finding, Report
from ..report import number

# table -> ((column, pandas dtype), ...). Nullable dtypes so that missing stays missing (never 0 or "").
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("file", "string"), ("name", "string"), ("format", "string"), ("status", "string"),
        ("error_code", "string"), ("error_message", "string"), ("sha256", "string"), ("title", "string"),
        ("unit", "string"), ("parent_unit", "string"), ("year", "Int64"), ("date", "string"), ("pages", "Int64"),
        ("chars", "Int64"), ("warnings", "string"), ("sections", "Int64"), ("figures", "Int64"),
        ("masked", "Int64"), ("problems", "Int64"), ("measures", "Int64"), ("findings", "Int64"),
        ("errors", "Int64"), ("warnings_found", "Int64"), ("infos", "Int64"), ("originality", "Float64"),
    ),
    "sections": (
        ("file", "string"), ("unit", "string"), ("index", "Int64"), ("role", "string"), ("heading", "string"),
        ("start", "Int64"), ("end", "Int64"),
    ),
    "figures": (
        ("file", "string"), ("unit", "string"), ("year", "Int64"), ("concept", "string"), ("value", "Float64"),
        ("low", "Float64"), ("high", "Float64"), ("approx", "boolean"), ("masked", "boolean"),
        ("measure_unit", "string"), ("subject", "string"), ("scope", "string"), ("text", "string"),
        ("start", "Int64"), ("end", "Int64"), ("section", "string"), ("per", "string"), ("qualifier", "string"),
        ("period", "string"),
    ),
    "problems": (
        ("file", "string"), ("unit", "string"), ("year", "Int64"), ("index", "Int64"), ("text", "string"),
        ("start", "Int64"), ("end", "Int64"), ("section", "string"), ("context", "string"),
        ("category", "string"), ("category_name", "string"), ("confidence", "Float64"),
        ("categories", "string"), ("has_measure", "boolean"),
    ),
    "measures": (
        ("file", "string"), ("unit", "string"), ("year", "Int64"), ("index", "Int64"), ("text", "string"),
        ("start", "Int64"), ("end", "Int64"), ("section", "string"), ("category", "string"),
        ("categories", "string"),
    ),
    "findings": (
        ("file", "string"), ("unit", "string"), ("files", "string"), ("id", "string"), ("rule", "string"),
        ("kind", "string"), ("severity", "string"), ("message", "string"), ("concepts", "string"),
        ("start", "Int64"), ("end", "Int64"), ("spans", "string"), ("values", "string"), ("sentence", "string"),
        ("batch", "boolean"), ("category", "string"), ("text", "string"),
    ),
}

TABLES = tuple(SCHEMAS)
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def sentence_at(text: str, start: int, end: int | None = None, limit: int = 240) -> str:
    """The sentence of ``text`` around ``[start, end)``: what a reviewer reads to judge a finding."""
    if not text or start is None or not 0 <= start <= len(text):
        return ""
    end = max(start, min(end if end is not None else start, len(text)))
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)), default=max(0, start - limit))
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m.end() if m else min(len(text), end + limit)
    return text[left:right].strip()


def _category_names() -> dict[str, str]:
    from ..classify import category_names
    try:
        return category_names()
    except Exception:  # a broken taxonomy file must not lose the batch's other outputs
        return {}


def _measure_categories(report: Report) -> set[str]:
    cats: set[str] = set()
    for m in report.measures:
        cats.update(c for c, _ in m.categories)
        if m.category:
            cats.add(m.category)
    return cats


def finding_files(f: Finding) -> list[str]:
    files = f.values.get("files") if isinstance(f.values, Mapping) else None
    return [str(x) for x in files] if isinstance(files, (list, tuple)) else []


def primary_file(f: Finding, default: str = "") -> str:
    """The report a batch finding is listed under once: the last file it names (the branch, the later year)."""
    files = finding_files(f)
    return files[-1] if files else default


def _jsonable(v: Any) -> Any:
    return json.loads(json.dumps(v, ensure_ascii=False, default=str))


def finding_row(f: Finding, file: str, unit: str | None, sentence: str = "", batch: bool = False) -> dict[str, Any]:
    first = f.spans[0] if f.spans else (None, None)
    return {"file": file, "unit": unit, "files": ";".join(finding_files(f)) or None, "id": f.id, "rule": f.rule,
            "kind": f.kind, "severity": f.severity, "message": f.message, "concepts": ";".join(f.concepts) or None,
            "start": first[0], "end": first[1], "spans": json.dumps([list(s) for s in f.spans]),
            "values": json.dumps(_jsonable(dict(f.values)), ensure_ascii=False), "sentence": sentence or None,
            "batch": batch, "category": f.category, "text": f.text}


class FrameBuilder:
    """Accumulates compact rows report by report (in input order), then builds typed DataFrames."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._doc_index: dict[str, int] = {}
        self._names = _category_names()

    def add(self, report: Report) -> None:
        m = report.meta
        unit, year = m.unit, m.year
        sev = {s: sum(f.severity == s for f in report.findings) for s in ("error", "warning", "info")}
        err = dict(report.error or {})
        self._doc_index[report.file] = len(self.rows["documents"])
        self.rows["documents"].append({
            "file": report.file, "name": Path(report.file).name, "format": report.format, "status": report.status,
            "error_code": err.get("code"), "error_message": err.get("message"), "sha256": report.sha256,
            "title": m.title, "unit": unit, "parent_unit": m.parent_unit, "year": year, "date": m.date,
            "pages": report.pages, "chars": len(report.text) if report.ok else None,
            "warnings": ";".join(w.code for w in report.warnings) or None,
            "sections": len(report.sections), "figures": len(report.figures),
            "masked": sum(f.masked for f in report.figures), "problems": len(report.problems),
            "measures": len(report.measures), "findings": len(report.findings),
            "errors": sev["error"], "warnings_found": sev["warning"], "infos": sev["info"],
        })
        if not report.ok:
            return
        base = {"file": report.file, "unit": unit}
        for i, s in enumerate(report.sections):
            self.rows["sections"].append({**base, "index": i, "role": s.role, "heading": s.heading,
                                          "start": s.start, "end": s.end})
        for f in report.figures:
            self.rows["figures"].append({
                **base, "year": year, "concept": f.concept, "value": number(f.value), "low": number(f.low),
                "high": number(f.high), "approx": f.approx, "masked": f.masked, "measure_unit": f.unit,
                "subject": f.subject, "scope": f.scope, "text": f.text, "start": f.start, "end": f.end,
                "section": f.section, "per": f.per, "qualifier": f.qualifier, "period": f.period})
        covered = _measure_categories(report)
        for i, p in enumerate(report.problems):
            self.rows["problems"].append({
                **base, "year": year, "index": i, "text": p.text, "start": p.start, "end": p.end,
                "section": p.section, "context": p.context, "category": p.category,
                "category_name": self._names.get(p.category or ""), "confidence": p.confidence,
                "categories": ";".join(f"{c}:{s:.2f}" for c, s in p.categories) or None,
                "has_measure": (p.category in covered) if p.category else None})
        for i, mm in enumerate(report.measures):
            cats = [c for c, _ in mm.categories] or ([mm.category] if mm.category else [])
            self.rows["measures"].append({
                **base, "year": year, "index": i, "text": mm.text, "start": mm.start, "end": mm.end,
                "section": mm.section, "category": cats[0] if cats else None, "categories": ";".join(cats) or None})
        for f in report.findings:
            self.add_finding(f, report.file, unit, sentence_at(report.text, *(f.spans[0] if f.spans else (None, None))))

    def add_finding(self, f: Finding, file: str, unit: str | None, sentence: str = "", batch: bool = False) -> None:
        self.rows["findings"].append(finding_row(f, file, unit, sentence, batch))

    def set_originality(self, shares: Mapping[str, float]) -> None:
        """Share of each report's text that no other unit of the batch has (see ``similarity.originality``)."""
        for file, share in shares.items():
            if file in self._doc_index:
                self.rows["documents"][self._doc_index[file]]["originality"] = share

    def count_attached(self, file: str, findings: Iterable[Finding]) -> None:
        """Batch findings attached to ``file`` count in its per-file severity columns."""
        row = self.rows["documents"][self._doc_index[file]]
        for f in findings:
            row["findings"] += 1
            row[{"error": "errors", "warning": "warnings_found"}.get(f.severity, "infos")] += 1

    def build(self) -> dict[str, pd.DataFrame]:
        return {t: make_frame(t, self.rows[t]) for t in TABLES}


def make_frame(table: str, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    cols = SCHEMAS[table]
    df = pd.DataFrame.from_records(list(rows), columns=[c for c, _ in cols])
    return df.astype({c: t for c, t in cols})


def frames(reports: Iterable[Report], batch: Iterable[Finding] = ()) -> dict[str, pd.DataFrame]:
    """Tidy DataFrames (documents, sections, figures, problems, measures, findings) of analysed reports.

    Findings that name several files (batch findings attached to each report they involve) are listed once;
    ``batch`` adds batch findings not attached to any report.
    """
    fb = FrameBuilder()
    seen: set[str] = set()
    for r in reports:
        own = tuple(f for f in r.findings if len(finding_files(f)) < 2)
        shared = [f for f in r.findings if len(finding_files(f)) >= 2]
        fb.add(replace(r, findings=own))
        fb.count_attached(r.file, shared)
        for f in shared:
            if f.id not in seen:
                seen.add(f.id)
                fb.add_finding(f, r.file, r.meta.unit,
                               sentence_at(r.text, *(f.spans[0] if f.spans else (None, None))), batch=True)
    for f in batch:
        if f.id not in seen:
            seen.add(f.id)
            fb.add_finding(f, primary_file(f), None, batch=True)
    return fb.build()


def coverage(problems: pd.DataFrame, measures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Long table file × kind (problem/measure) × category counts, every analysed file present."""
    ok = documents[documents["status"] == "ok"][["file", "unit"]]
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for kind, df, col in (("problem", problems, "category"), ("measure", measures, "categories")):
        for file, cats in zip(df["file"], df[col]):
            for c in ([cats] if kind == "problem" else str(cats).split(";")) if not pd.isna(cats) else []:
                counts[(file, kind)][c] = counts[(file, kind)].get(c, 0) + 1
    rows = []
    for file, unit in zip(ok["file"], ok["unit"]):
        for kind in ("problem", "measure"):
            rows.append({"file": file, "unit": None if pd.isna(unit) else unit, "kind": kind,
                         **counts.get((file, kind), {})})
    return pd.DataFrame(rows)


# Chinese labels shared by the Excel and HTML views.
STATUS_ZH = {"ok": "已分析", "error": "读取失败"}
# The key figures a reviewer scans first (关键数据 sheet), in reading order.
MAIN_CONCEPTS = ("org.branches", "org.groups", "org.committee_members", "members.total", "members.full",
                 "members.probationary", "members.in_service", "members.retired", "members.newly_admitted",
                 "members.activists", "meetings.committee", "meetings.general_assembly", "meetings.group",
                 "meetings.party_lecture", "meetings.theme_day", "evaluation.participants", "evaluation.excellent",
                 "evaluation.qualified", "evaluation.basically_qualified", "evaluation.unqualified", "problems.found",
                 "measures.count", "dues.amount")


def concept_label(concept: str) -> str:
    from ..checks.arith import label
    try:
        return label(concept)
    except Exception:
        return concept


def key_figures(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per analysed file, one column per main concept; masked values read 遮挡.

    Only the report's own figures count (not those it states for a branch), and only counts (not 每月 rates)
    of the current period. Several different values are all shown, so a conflict stays visible.
    """
    from ..checks.arith import period_key
    from ..crossdoc import same_unit, unit_key
    ok = documents[documents["status"] == "ok"]
    cells: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    current = figures["period"].map(lambda p: period_key(None if pd.isna(p) else p) == "")
    f = figures[figures["concept"].isin(MAIN_CONCEPTS) & figures["per"].isna() & current]
    for row in f.itertuples(index=False):
        scope = None if pd.isna(row.scope) else row.scope
        unit = None if pd.isna(row.unit) else row.unit
        if scope is not None and not (same_unit(scope, unit) or unit_key(scope) == unit_key(unit)):
            continue
        if row.masked:
            v = "遮挡"
        elif pd.isna(row.value):
            continue
        else:
            num = int(row.value) if float(row.value).is_integer() else row.value
            v = f"约{num}" if row.approx else str(num)
        if v not in cells[row.file][row.concept]:
            cells[row.file][row.concept].append(v)
    rows = []
    for doc in ok.itertuples(index=False):
        r: dict[str, Any] = {"file": doc.file, "unit": doc.unit, "year": doc.year}
        for c in MAIN_CONCEPTS:
            vals = cells.get(doc.file, {}).get(c, [])
            r[c] = (int(vals[0]) if vals[0].isdigit() else vals[0]) if len(vals) == 1 else ("；".join(vals) or None)
        rows.append(r)
    return pd.DataFrame(rows, columns=["file", "unit", "year", *MAIN_CONCEPTS])
