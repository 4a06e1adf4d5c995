"""The reviewer's Excel workbook (review.xlsx): one sheet per question a reviewer asks of a batch.

Sheets: 提交情况 (every file with its status), 关键数据 (key figures by unit), 问题清单 (every finding with its
sentence), 问题分类 (problems with categories), 覆盖矩阵 (unit × category counts) and 雷同文本 (shared passages,
when the batch has similarity findings). Chinese headers, frozen header row, auto-filters, severity colours.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import atomic_path
from .frames import MAIN_CONCEPTS, STATUS_ZH, concept_label, coverage, key_figures
from .labels import KIND_ZH, SEVERITY_ZH

FILLS = {"error": PatternFill("solid", fgColor="F8D7DA"), "warning": PatternFill("solid", fgColor="FFF3CD"),
         "info": PatternFill("solid", fgColor="E7F1FF"), "failed": PatternFill("solid", fgColor="F5C2C7"),
         "gap": PatternFill("solid", fgColor="F8D7DA"), "header": PatternFill("solid", fgColor="DDE3EA")}
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
Style = Callable[[Sequence[Any], int], Any]   # (row values, column index) -> fill or None


def _value(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):          # numpy scalars
        v = v.item()
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub("", v)[:32000]   # Excel refuses control characters and long cells
    return v


def _sheet(wb: Workbook, title: str, columns: Sequence[tuple[str, int]], rows: Iterable[Sequence[Any]],
           style: Style | None = None, wrap: Sequence[int] = ()) -> None:
    ws = wb.create_sheet(title)
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = []
    for name, _ in columns:
        c = WriteOnlyCell(ws, name)
        c.font, c.fill = HEADER_FONT, FILLS["header"]
        header.append(c)
    ws.append(header)
    n = 0
    for values in rows:
        cells = []
        for j, v in enumerate(values):
            c = WriteOnlyCell(ws, _value(v))
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"   # document text is never a formula
            fill = style(values, j) if style else None
            if fill is not None:
                c.fill = fill
            if j in wrap:
                c.alignment = WRAP
            cells.append(c)
        ws.append(cells)
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return df.to_dict("records")


def write(frames: Mapping[str, pd.DataFrame], dest: str | os.PathLike,
          missing_units: Sequence[str] = ()) -> Path:
    """Write the workbook atomically; returns its path."""
    from ..classify import category_names
    names = category_names()
    cats = sorted(names)
    docs, findings = frames["documents"], frames["findings"]
    wb = Workbook(write_only=True)

    def status_style(v: Sequence[Any], j: int):
        if v[4] != STATUS_ZH["ok"] and j in (4, 5, 6):
            return FILLS["failed"]
        return {7: FILLS["error"], 8: FILLS["warning"]}.get(j) if j in (7, 8) and v[j] else None

    _sheet(wb, "提交情况",
           [("序号", 6), ("文件", 36), ("单位", 34), ("年份", 7), ("状态", 10), ("错误代码", 16), ("错误说明", 48),
            ("错误", 7), ("警告", 7), ("提示", 7), ("数据项", 8), ("遮挡", 7), ("问题", 7), ("措施", 7),
            ("原创比例", 9), ("文档提示", 20)],
           ([i, d["file"], d["unit"], d["year"], STATUS_ZH.get(d["status"], d["status"]), d["error_code"],
             d["error_message"], d["errors"], d["warnings_found"], d["infos"], d["figures"], d["masked"],
             d["problems"], d["measures"], d.get("originality"), d["warnings"]] for i, d in enumerate(_records(docs), 1)),
           status_style, wrap=(6,))
    if missing_units:
        ws = wb.create_sheet("未报送单位")
        ws.column_dimensions["A"].width = 40
        ws.freeze_panes = "A2"
        ws.append(["名册中未报送的单位"])
        for u in missing_units:
            ws.append([_value(u)])

    kf = key_figures(frames["figures"], docs)
    _sheet(wb, "关键数据", [("文件", 30), ("单位", 30), ("年份", 7)] + [(concept_label(c), 11) for c in MAIN_CONCEPTS],
           ([r["file"], r["unit"], r["year"], *(r[c] for c in MAIN_CONCEPTS)] for r in _records(kf)),
           lambda v, j: FILLS["warning"] if v[j] == "遮挡" or (isinstance(v[j], str) and "；" in v[j]) else None)

    sev_order = {"error": 0, "warning": 1, "info": 2}
    fr = sorted(_records(findings), key=lambda r: sev_order.get(r["severity"], 3))
    _sheet(wb, "问题清单",
           [("严重程度", 9), ("类型", 11), ("文件", 28), ("单位", 28), ("规则", 20), ("说明", 60), ("原文句子", 60),
            ("相关文件", 30), ("指纹", 18)],
           ([SEVERITY_ZH.get(r["severity"], r["severity"]), KIND_ZH.get(r["kind"], r["kind"]), r["file"], r["unit"],
             r["rule"], r["message"], r["sentence"], r["files"], r["id"]] for r in fr),
           lambda v, j: FILLS[{"错误": "error", "警告": "warning"}.get(v[0], "info")] if j == 0 else None,
           wrap=(5, 6))

    _sheet(wb, "问题分类",
           [("文件", 28), ("单位", 28), ("序号", 6), ("问题", 70), ("类别", 7), ("类别名称", 16), ("置信度", 8),
            ("候选类别", 26), ("有对应措施", 10)],
           ([r["file"], r["unit"], r["index"] + 1, r["text"], r["category"], r["category_name"],
             None if r["confidence"] is pd.NA else round(float(r["confidence"]), 2), r["categories"],
             {True: "是", False: "否"}.get(r["has_measure"]) if r["has_measure"] is not pd.NA else None]
            for r in _records(frames["problems"])),
           lambda v, j: FILLS["gap"] if j == 8 and v[8] == "否" else None, wrap=(3,))

    cov = coverage(frames["problems"], frames["measures"], docs)
    cov_rows = []
    for r in _records(cov):
        counts = [int(r.get(c)) if r.get(c) == r.get(c) and r.get(c) is not None else 0 for c in cats]
        cov_rows.append([r["file"], r["unit"], "问题" if r["kind"] == "problem" else "措施", *counts, sum(counts)])
    measured = {(row[0]): row[3:-1] for row in cov_rows if row[2] == "措施"}

    def gap_style(v: Sequence[Any], j: int):
        # a category with problems but no measure is the gap a reviewer returns to the unit
        if v[2] == "问题" and 3 <= j < 3 + len(cats) and v[j] and not measured.get(v[0], [0] * len(cats))[j - 3]:
            return FILLS["gap"]
        return None

    _sheet(wb, "覆盖矩阵", [("文件", 28), ("单位", 28), ("类型", 6)] + [(f"{c} {names[c]}", 9) for c in cats]
           + [("合计", 7)], cov_rows, gap_style)

    sim = [r for r in fr if r["kind"] == "similarity"]
    if sim:
        def extra(r: dict[str, Any]) -> list[Any]:
            vals = json.loads(r["values"] or "{}")
            units = vals.get("units")
            return ["、".join(map(str, units)) if isinstance(units, list) else None,
                    vals.get("chars") if isinstance(vals.get("chars"), (int, float)) else None]
        _sheet(wb, "雷同文本",
               [("文件", 28), ("单位", 28), ("涉及文件", 40), ("涉及单位", 40), ("雷同字数", 9), ("说明", 50),
                ("雷同片段", 70), ("指纹", 18)],
               ([r["file"], r["unit"], r["files"], *extra(r), r["message"], r["text"] or r["sentence"], r["id"]]
                for r in sim), wrap=(5, 6))

    dest = Path(dest)
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return dest
