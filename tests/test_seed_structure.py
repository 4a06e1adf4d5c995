"""Acceptance on the seed report: sections and outline (issue: foundation)."""
from analyzer.outline import walk


def test_seed_sections(seed_report):
    assert seed_report.ok
    got = [(s.role, s.heading) for s in seed_report.sections]
    assert got == [("preamble", ""), ("work", "一、工作开展情况"), ("problems", "二、存在问题及原因分析"),
                   ("measures", "三、整改措施和下一步工作计划")]
    assert seed_report.sections[2].roles == ("problems", "causes")


def test_seed_outline(seed_report):
    roots = seed_report.outline
    assert [h.marker for h in roots] == ["一、", "二、", "三、"]
    assert [h.marker for h in roots[0].children] == ["（一）", "（二）"]
    assert [h.marker for h in roots[0].children[1].children] == ["1.", "2.", "3.", "4."]
    assert roots[0].children[1].children[0].title == "党的领导体制机制情况"
    assert [h.marker for h in roots[1].children] == ["（一）", "（二）", "（三）", "（四）"]
    assert [h.marker for h in roots[2].children] == ["1.", "2.", "3."]
    # 一是/二是 are list items, never headings
    assert not any(h.title.startswith(("一是", "二是")) for h in walk(roots))


def test_seed_offsets(seed_report):
    for h in walk(seed_report.outline):
        assert seed_report.text[h.start:h.end] == h.marker + h.title
    for s in seed_report.sections:
        assert 0 <= s.start < s.end <= len(seed_report.text)
