"""Acceptance on the seed report for the consistency engine and the problem/measure items."""


def test_exactly_one_error_the_evaluation_sum(seed_report):
    errors = [f for f in seed_report.findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["sum.evaluation"]
    msg = errors[0].message
    assert "优秀12 + 合格32 = 44" in msg and "33" in msg
    assert "基本合格" in msg and "不合格" in msg          # the unreported grades are named
    assert errors[0].values["reported"] == "33" and errors[0].values["computed"] == "44"


def test_four_named_branches_match_four_branches(seed_report):
    assert not [f for f in seed_report.findings if f.kind == "enumeration"]


def test_masked_sums_are_unverifiable_not_errors(seed_report):
    masked = [f for f in seed_report.findings if "无法核验" in f.message]
    assert masked and all(f.severity == "info" for f in masked)


def test_problem_items_and_categories(seed_report):
    problems = seed_report.problems
    assert len(problems) == 9          # （一）2 + （二）3 + （三）3 + （四）1
    by_start = {p.text[:6]: p for p in problems}
    retired = next(p for p in problems if "退休党员干部管理" in p.text)
    assert retired.category == "C07"
    venue = next(p for p in problems if "阵地还比较缺乏" in p.text)
    assert venue.category == "C10"
    meetings = next(p for p in problems if "会议记录不规范" in p.text)
    assert meetings.category in ("C06", "C11")
    brand = next(p for p in problems if "党建品牌培育" in p.text)
    assert brand.category == "C13"
    style = next(p for p in problems if "谈心谈话比较少" in p.text)
    assert style.category == "C14"
    assert retired.context == "党组织建设存在薄弱环节"
    assert all(0 < p.confidence <= 1 and p.categories[0][0] == p.category for p in problems)
    assert by_start


def test_measure_items(seed_report):
    assert len(seed_report.measures) == 6   # 1. + 2.一是…四是 + 3.


def test_coverage_warnings_for_unanswered_problems(seed_report):
    uncovered = {f.category for f in seed_report.findings if f.rule == "coverage.problem_without_measure"}
    assert {"C07", "C14"} <= uncovered
