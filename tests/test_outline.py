"""Table-driven outline tests: every heading style of the genre, glued headings, labels, gaps, negatives."""
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.normalize import normalize, text_to_raw
from analyzer.outline import build

CASES = [json.loads(l) for l in (Path(__file__).parent / "data" / "headings.jsonl").read_text("utf-8").splitlines()]


def outline_of(text):
    return build(normalize(text_to_raw(text)))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_heading_cases(case):
    o = outline_of(case["text"])
    got = [[h.level, h.marker, h.title] for h in o.flat]
    assert got == case["expect"]
    if "gaps" in case:
        assert [[g.found, g.expected] for g in o.gaps] == case["gaps"]


def test_at_least_forty_cases():
    assert len(CASES) >= 40


def test_offsets_point_at_marker_and_title():
    nt = normalize(text_to_raw("前言。\n二、存在问题及原因分析\n（一）组织生活质量不高。一是会前准备不足。"))
    o = build(nt)
    for h in o.flat:
        assert nt.text[h.start:h.end] == h.marker + h.title
        assert h.content_end >= h.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三四五（）()1234.、，。：:是\n党员支部存在问题整改措施 ①⒈第章")), max_size=200))
def test_never_crashes_and_offsets_inside(text):
    nt = normalize(text_to_raw(text))
    o = build(nt)
    for h in o.flat:
        assert 0 <= h.start <= h.end <= len(nt.text)
        assert h.level >= 1
