"""Section roles on structures beyond numbered headings: reports without headings, attachments after the 落款,
merged headings, label headings."""
from analyzer import analyze_text

NO_HEADINGS = """柳溪村党支部2024年度自查报告
镇党委：
按照镇党委要求，我支部开展了自查，现将情况报告如下。
一年来，支部坚持每月召开支委会，全年开展主题党日12次，党员参与率较高。
组织生活上，支部认真落实三会一课制度，会议记录完整。
存在的问题是：一是党员老龄化，年轻党员少；二是活动场所面积小，设施陈旧。
下一步，我们将加大在青年农民中发展党员的力度。
同时，争取资金改造活动场所，完善设施。
柳溪村党支部
2024年12月20日"""

WITH_ATTACHMENT = """一、基本情况
支部现有党员20名。
二、存在问题
（一）学习不够深入。部分党员学习流于形式。
三、整改措施
（一）加强学习。每月集中学习一次。
某某公司党支部
2024年12月20日
附件：问题整改清单
序号\t问题\t时限
1\t学习不够深入\t2025年3月底"""


def roles(report):
    return [s.role for s in report.sections]


def test_report_without_headings():
    r = analyze_text(NO_HEADINGS)
    assert roles(r) == ["preamble", "work", "problems", "measures", "closing"]
    assert [s.heading[:3] for s in r.sections[1:4]] == ["一年来", "存在的", "下一步"]
    assert len(r.problems) == 2 and len(r.measures) == 2


def test_attachment_after_signature():
    r = analyze_text(WITH_ATTACHMENT)
    assert roles(r) == ["work", "problems", "measures", "closing", "other"]
    assert r.sections[-1].heading.startswith("附件")
    assert r.meta.date == "2024-12-20"
    assert len(r.problems) == 1 and len(r.measures) == 1      # table rows of the attachment are not items


def test_merged_heading_gives_both_roles():
    r = analyze_text("一、存在问题及整改措施\n存在问题：会议记录不完整。\n整改措施：建立记录审核制度。\n")
    assert r.sections[0].roles == ("problems", "measures")
    assert [p.text for p in r.problems] == ["会议记录不完整。"]
    assert [m.text for m in r.measures] == ["建立记录审核制度。"]
