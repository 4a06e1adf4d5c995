"""Consistency engine: one or more cases per rule kind, on hand-built figures so the rules are tested alone."""
from decimal import Decimal as D

import pytest

from analyzer.checks import arith, run
from analyzer.names import named_units
from analyzer.model import Figure, Meta, Report


def fig(concept, value=None, *, start=0, masked=False, low=None, high=None, approx=False, scope=None,
        per=None, period=None, subject="", qualifier=None, text=None, unit="名"):
    v = None if masked else D(str(value))
    return Figure(concept, v, None if masked else D(str(low if low is not None else value)),
                  None if masked else D(str(high if high is not None else value)), approx, masked, unit,
                  subject, text or f"{concept}{value}", start, start + 4, scope, "work", per, qualifier, period)


def report(*figures, text=None, unit="某局党总支"):
    text = text or "正文。" * 200
    return Report(file="x.txt", sha256="0" * 64, format="txt", status="ok", meta=Meta(unit=unit, year=2023),
                  text=text, figures=tuple(figures))


def kinds(r):
    return [(f.rule, f.severity) for f in arith.check(r)]


def test_sum_fails_with_missing_parts_named():
    r = report(fig("evaluation.participants", 33, start=10), fig("evaluation.excellent", 12, start=20),
               fig("evaluation.qualified", 32, start=30))
    found = [f for f in arith.check(r) if f.rule == "sum.evaluation"]
    assert len(found) == 1 and found[0].severity == "error"
    assert "基本合格" in found[0].message and "不合格" in found[0].message
    assert "优秀12 + 合格32 = 44" in found[0].message and "33" in found[0].message
    assert set(found[0].concepts) == {"evaluation.participants", "evaluation.excellent", "evaluation.qualified"}
    assert len(found[0].spans) == 3


def test_sum_passes_when_missing_parts_can_fill_the_gap():
    r = report(fig("members.total", 44), fig("members.full", 40))
    assert not [k for k in kinds(r) if k[0] == "sum.members"]


def test_sum_complete_parts_must_match():
    r = report(fig("members.total", 44), fig("members.full", 40, start=5), fig("members.probationary", 2, start=9))
    assert ("sum.members", "error") in kinds(r)


def test_sum_alternative_total_full_or_total():
    # 在职 + 退休 = 正式 (not the total): consistent
    r = report(fig("members.total", 44), fig("members.full", 42), fig("members.probationary", 2),
               fig("members.in_service", 30), fig("members.retired", 12), fig("members.semi_retired", 0))
    assert not [k for k in kinds(r) if k[0] == "sum.members_status"]


def test_approximate_interval_meets():
    # 40余名 = 41..49 can be 30 + 15
    r = report(fig("members.total", 40, low=41, high=49, approx=True), fig("members.full", 30),
               fig("members.probationary", 15))
    assert not [k for k in kinds(r) if k[0] == "sum.members"]


def test_masked_value_gives_info_not_error():
    r = report(fig("members.total", 44), fig("members.full", masked=True), fig("members.probationary", 2))
    found = [f for f in arith.check(r) if f.rule == "sum.members"]
    assert [f.severity for f in found] == ["info"]
    assert "无法核验" in found[0].message


def test_qiezhong_subset_never_fails():
    r = report(fig("members.total", 44), fig("members.full", 30, qualifier="其中"))
    assert not [k for k in kinds(r) if k[1] == "error"]


def test_scopes_are_not_mixed():
    r = report(fig("members.total", 44), fig("members.full", 10, scope="第一党支部"),
               fig("members.probationary", 1, scope="第一党支部"))
    assert not [k for k in kinds(r) if k[0] == "sum.members"]


def test_duplicate_blocks_dependent_sum():
    r = report(fig("members.total", 44, start=1), fig("members.total", 46, start=50), fig("members.full", 40, start=60),
               fig("members.probationary", 2, start=70))
    got = kinds(r)
    assert ("duplicate.value", "error") in got
    assert not [k for k in got if k[0] == "sum.members"]


def test_same_value_twice_is_no_duplicate():
    r = report(fig("org.branches", 4, start=1), fig("org.branches", 4, start=50))
    assert not kinds(r)


def test_start_of_year_figures_are_another_period():
    r = report(fig("members.total", 44, start=1, period="年初"), fig("members.total", 46, start=50))
    assert not [k for k in kinds(r) if k[0] == "duplicate.value"]


def test_bound_participants_and_excellent_share():
    r = report(fig("members.total", 30), fig("evaluation.participants", 33), fig("evaluation.excellent", 12))
    got = kinds(r)
    assert ("bound.participants", "error") in got
    assert ("bound.excellent_share", "warning") in got


def test_rate_matches_counts_within_rounding():
    text = "应参会44人，实到40人，参会率90.9%。"
    ok = report(fig("other", 44, start=3, unit="人"), fig("other", 40, start=9, unit="人"),
                fig("rate.percent", "90.9", start=17, unit="%", subject="参会率"), text=text)
    assert not [k for k in kinds(ok) if k[0] == "bound.rate_counts"]
    bad = report(fig("other", 44, start=3, unit="人"), fig("other", 40, start=9, unit="人"),
                 fig("rate.percent", 95, start=17, unit="%", subject="参会率"), text=text)
    assert ("bound.rate_counts", "error") in kinds(bad)


def test_percent_above_hundred_unless_growth():
    r = report(fig("rate.percent", 105, unit="%", subject="参学率"), text="党员参学率105%。")
    assert ("bound.percent_range", "error") in kinds(r)
    g = report(fig("rate.percent", 120, start=4, unit="%", subject="增长"), text="经费同比增长120%。")
    assert not kinds(g)


def test_enumeration_of_branches():
    text = "下设5个党支部：机关党支部、图书馆党支部、文化馆党支部、博物馆党支部。"
    r = report(fig("org.branches", 5, start=2, subject="党支部", unit="个"), text=text)
    found = [f for f in arith.check(r) if f.kind == "enumeration"]
    assert len(found) == 1 and found[0].values["listed"] == 4
    ok = report(fig("org.branches", 4, start=2, subject="党支部", unit="个"), text=text.replace("5个", "4个"))
    assert not [f for f in arith.check(ok) if f.kind == "enumeration"]


def test_quoted_names_count_once():
    names = named_units("翠湖一区党支部、退休党员党支部和“两新”联合党支部，按楼栋划分", "党支部")
    assert names == ["翠湖一区党支部", "退休党员党支部", "“两新”联合党支部"]


def test_parts_matching_another_periods_total_pass():
    r = report(fig("problems.found", 5, period="上年度", start=1), fig("problems.rectified", 4, start=10),
               fig("problems.in_progress", 1, start=20), fig("problems.found", 6, start=40))
    assert not [k for k in kinds(r) if k[0] == "sum.problems"]
    bad = report(fig("problems.found", 18, start=1), fig("problems.rectified", 13, start=10),
                 fig("problems.in_progress", 4, start=20))
    assert ("sum.problems", "error") in kinds(bad)


def test_named_units_skip_generic_references():
    names = named_units("农机站党支部和水利站党支部，各党支部、基层党支部、暂未发现基层党支部", "党支部")
    assert names == ["农机站党支部", "水利站党支部"]


@pytest.mark.parametrize("per,value,fails", [("month", 1, False), ("quarter", 1, True), ("half_year", 1, True),
                                             ("year", 12, False)])
def test_frequency_of_committee_meetings(per, value, fails):
    r = report(fig("meetings.committee", value, per=per, unit="次"))
    assert (("frequency.committee", "warning") in kinds(r)) is fails


def test_fingerprint_is_stable_and_position_free():
    a = report(fig("evaluation.participants", 33, start=10), fig("evaluation.excellent", 12, start=20),
               fig("evaluation.qualified", 32, start=30))
    b = report(fig("evaluation.participants", 33, start=110), fig("evaluation.excellent", 12, start=120),
               fig("evaluation.qualified", 32, start=130))
    ida = {f.id for f in run(a) if f.rule == "sum.evaluation"}
    idb = {f.id for f in run(b) if f.rule == "sum.evaluation"}
    assert ida == idb and len(ida) == 1


def test_findings_never_change_facts():
    r = report(fig("members.total", 44), fig("members.full", 40), fig("members.probationary", 2))
    before = r.figures
    run(r)
    assert r.figures == before
