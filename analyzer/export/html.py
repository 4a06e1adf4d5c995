"""The self-contained review page (review.html): batch overview, unit × category heat map, findings table and
one view per report with highlighted figures, problems, measures and findings.

No server and no network: CSS and JS are inline. Document text reaches the page only through jinja2
autoescaping or through :func:`safe_json` (which escapes ``<``, ``>``, ``&`` and U+2028/2029), so a report
containing ``</script>`` stays text. Report views stream from reports.jsonl, one report in memory at a time.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import atomic_path
from .frames import STATUS_ZH, concept_label, coverage
from .labels import KIND_ZH, ROLE_ZH, SEVERITY_ZH

if TYPE_CHECKING:
    from ..batch import ReviewResult

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# values that are bookkeeping for machines, not evidence for a reviewer
_HIDDEN_VALUES = {"spans_by_file"}


def safe_json(obj: Any) -> Markup:
    """JSON that can sit inside a <script> element whatever strings it carries."""
    s = json.dumps(obj, ensure_ascii=False, default=str)
    for ch, rep in _JSON_ESCAPES.items():
        s = s.replace(ch, rep)
    return Markup(s)


def _env() -> Environment:
    env = Environment(loader=PackageLoader("analyzer.export", "templates"),
                      autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_json"] = safe_json
    return env


def segments(text: str, spans: Sequence[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary; each piece lists the annotations covering it.

    ``spans`` are ``(start, end, key, css class)``. Overlapping and nested spans are allowed, so one piece may
    belong to a problem, a figure inside it and a finding at once.
    """
    n = len(text)
    clean = [(max(0, s), min(n, e), k, c) for s, e, k, c in spans if s is not None and e is not None and s < e
             and s < n]
    cuts = sorted({0, n, *(s for s, _, _, _ in clean), *(e for _, e, _, _ in clean)})
    starts: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for s, e, k, c in clean:
        starts[s].append((e, k, c))
    active: list[tuple[int, str, str]] = []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [x for x in active if x[0] > a] + starts.get(a, [])
        if not active:
            out.append({"text": text[a:b]})
            continue
        classes = []
        for _, _, c in active:
            for part in c.split():
                if part not in classes:
                    classes.append(part)
        out.append({"text": text[a:b], "cls": " ".join(classes), "ids": " ".join(k for _, k, _ in active)})
    return out


def _values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for k, v in values.items():
        if k in _HIDDEN_VALUES:
            continue
        if k == "files" and isinstance(v, list):
            v = "、".join(Path(str(x)).name for x in v)
        elif isinstance(v, (list, dict)):
            v = json.dumps(v, ensure_ascii=False, default=str)
        out.append((str(k), "" if v is None else str(v)))
    return out


def report_view(index: int, obj: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Everything the template needs for one report, computed from its report-v1 object."""
    meta = obj.get("meta") or {}
    view: dict[str, Any] = {"index": index, "file": obj["file"], "name": Path(obj["file"]).name,
                            "status": obj["status"], "status_zh": STATUS_ZH.get(obj["status"], obj["status"]),
                            "error": obj.get("error"), "unit": meta.get("unit"), "year": meta.get("year"),
                            "title": meta.get("title"), "parent_unit": meta.get("parent_unit"),
                            "date": meta.get("date"), "warnings": obj.get("warnings") or []}
    if obj["status"] != "ok":
        return view
    text = obj.get("text") or ""
    spans: list[tuple[int, int, str, str]] = []
    for i, f in enumerate(obj.get("figures") or []):
        spans.append((f["start"], f["end"], f"g{i}", "fig masked" if f.get("masked") else "fig"))
    for i, p in enumerate(obj.get("problems") or []):
        spans.append((p["start"], p["end"], f"p{i}", f"prob {(p.get('category') or 'cxx').lower()}"))
    for i, m in enumerate(obj.get("measures") or []):
        spans.append((m["start"], m["end"], f"m{i}", "meas"))
    findings = []
    for i, f in enumerate(obj.get("findings") or []):
        for s in f.get("spans") or []:
            if isinstance(s, (list, tuple)) and len(s) == 2:
                spans.append((s[0], s[1], f"k{i}", f"find sev-{f.get('severity', 'info')}"))
        findings.append({**f, "key": f"k{i}", "kind_zh": KIND_ZH.get(f.get("kind"), f.get("kind")),
                         "severity_zh": SEVERITY_ZH.get(f.get("severity"), f.get("severity")),
                         "value_list": _values(f.get("values") or {}), "has_spans": bool(f.get("spans"))})
    sev = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (sev.get(f.get("severity"), 3), (f.get("spans") or [[0]])[0][0]))
    view.update(
        segments=segments(text, spans), findings=findings, chars=len(text),
        sections=[{**s, "role_zh": ROLE_ZH.get(s["role"], s["role"])} for s in obj.get("sections") or []],
        problems=[{**p, "key": f"p{i}", "category_name": names.get(p.get("category") or "", "未分类")}
                  for i, p in enumerate(obj.get("problems") or [])],
        measures=[{**m, "key": f"m{i}"} for i, m in enumerate(obj.get("measures") or [])],
        figures=[{**f, "key": f"g{i}", "label": concept_label(f["concept"])}
                 for i, f in enumerate(obj.get("figures") or [])],
    )
    return view


def _report_views(reports_path: Path, names: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    from .jsonl import read_lines
    for i, obj in enumerate(read_lines(reports_path)):
        yield report_view(i, obj, names)


def _heatmap(frames: Mapping[str, pd.DataFrame], cats: Sequence[str]) -> dict[str, Any]:
    cov = coverage(frames["problems"], frames["measures"], frames["documents"])
    index = {f: i for i, f in enumerate(frames["documents"]["file"])}
    rows: dict[str, dict[str, Any]] = {}
    for r in cov.to_dict("records"):
        unit = r["unit"] if isinstance(r["unit"], str) else None   # a report without a unit reads as its file name
        row = rows.setdefault(r["file"], {"file": r["file"], "name": Path(r["file"]).name, "unit": unit,
                                          "index": index.get(r["file"]), "problem": {}, "measure": {}})
        for c in cats:
            v = r.get(c)
            row[r["kind"]][c] = int(v) if v is not None and v == v else 0
    top = max([v for row in rows.values() for v in row["problem"].values()] + [1])
    out = []
    for row in rows.values():
        cells = []
        for c in cats:
            p, m = row["problem"].get(c, 0), row["measure"].get(c, 0)
            cells.append({"cat": c, "problems": p, "measures": m, "alpha": round(0.12 + 0.78 * p / top, 2) if p else 0,
                          "gap": p > 0 and m == 0})
        out.append({**row, "cells": cells, "total": sum(row["problem"].values())})
    return {"rows": out, "max": top}


def context(result: "ReviewResult", reports: Iterable[dict[str, Any]]) -> dict[str, Any]:
    from ..classify import category_names
    names = category_names()
    cats = sorted(names)
    docs, fdf = result.frames["documents"], result.frames["findings"]
    index = {f: i for i, f in enumerate(docs["file"])}
    sev = result.severity_counts()
    kinds = sorted(result.kind_counts().items(), key=lambda kv: -kv[1])
    summary = {"files": len(docs), "ok": int((docs["status"] == "ok").sum()), "failed": result.failed,
               "severity": sev, "kinds": dict(kinds), "missing_units": list(result.missing_units),
               "batch_findings": len(result.batch_findings)}
    sev_order = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for r in fdf.to_dict("records"):
        rows.append({k: (None if v is pd.NA else v) for k, v in r.items()}
                    | {"report": index.get(r["file"]), "name": Path(str(r["file"])).name,
                       "kind_zh": KIND_ZH.get(r["kind"], r["kind"]),
                       "severity_zh": SEVERITY_ZH.get(r["severity"], r["severity"]),
                       "order": sev_order.get(r["severity"], 3)})
    rows.sort(key=lambda r: r["order"])
    failed = [{"file": d["file"], "index": i, "code": d["error_code"], "message": d["error_message"]}
              for i, d in enumerate(docs.to_dict("records")) if d["status"] != "ok"]
    docs_list = [{"index": i, "file": d["file"], "name": Path(d["file"]).name, "unit": None if d["unit"] is pd.NA else d["unit"],
                  "status": d["status"], "errors": int(d["errors"]), "warnings": int(d["warnings_found"])}
                 for i, d in enumerate(docs.to_dict("records"))]
    hues = {c: (i * 360 // max(1, len(cats)) + 10) % 360 for i, c in enumerate(cats)}
    return {"summary": summary, "kinds": [(k, KIND_ZH.get(k, k), v) for k, v in kinds], "severity_zh": SEVERITY_ZH,
            "findings": rows, "failed": failed, "documents": docs_list, "categories": [(c, names[c], hues[c]) for c in cats],
            "heatmap": _heatmap(result.frames, cats), "reports": reports, "elapsed": round(result.elapsed, 1)}


def write(result: "ReviewResult", dest: str | os.PathLike, reports_path: str | os.PathLike) -> Path:
    """Render review.html atomically, streaming the report views from ``reports_path``."""
    from ..classify import category_names
    dest = Path(dest)
    template = _env().get_template("review.html.j2")
    ctx = context(result, _report_views(Path(reports_path), category_names()))
    with atomic_path(dest) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for chunk in template.generate(**ctx):
            fh.write(chunk)
    return dest
