"""Template leftovers: unfilled slots are found; redaction masks and masked figures are not."""
from __future__ import annotations

from dataclasses import replace

import pytest

from analyzer import analyze_text
from analyzer.checks import placeholder

CASES = [
    ("根据XX单位的统一部署，支部开展了自查。", ["XX"]),
    ("由××同志担任支部书记。", ["××"]),
    ("由园长【】同志兼任党支部书记。", ["【】"]),
    ("由某某同志担任组织委员。", ["某某"]),
    ("力争在202X年底前实现主要服务事项网上办理。", ["202X"]),
    ("本报告于20XX年XX月形成。", ["20XX", "XX月"]),
    ("填报人：______", ["______"]),
    ("请在【填写单位名称】处盖章。", ["【填写单位名称】"]),
    ("今年（2022年）共发展党员2名。", ["今年（2022年"]),
    ("共有党员XX名，其中正式党员XX名、预备党员X名。", []),
    ("开展谈心谈话1xx人次，收缴党费XXXX元。", []),
    ("**党总支共有党员**名，党支部书记是**。", []),
    ("今年党员人数较2022年增加3名。", []),
    ("今年是2023年，支部换届选举顺利完成。", []),
    ("某县机关党支部开展了自查。", []),
    ("组织党员观看Excel操作培训。", []),
]


@pytest.mark.parametrize("text,expect", CASES, ids=[c[0][:12] for c in CASES])
def test_placeholder_case(text, expect):
    report = analyze_text(text, name="case.txt", settings={"checks": False, "classify": False})
    report = replace(report, meta=replace(report.meta, year=2023))
    found = list(placeholder.check(report))
    shown = [(f.text, f.message) for f in found]
    assert len(found) == len(expect), shown
    for snippet in expect:
        i = report.text.find(snippet)
        assert any(s < i + len(snippet) and i < e for f in found for s, e in f.spans), (snippet, shown)
    assert all(f.kind == "placeholder" and f.severity == "warning" and f.text for f in found)
