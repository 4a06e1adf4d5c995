"""Cross-document checks on the authored families: parent vs branch, year over year, unit-name matching."""
import pytest
from conftest import CORPORA

from analyzer import analyze
from analyzer.crossdoc import Roster, attach, batch_findings, same_unit


def family(name):
    return [analyze(p) for p in sorted((CORPORA / "dev" / name).glob("*.txt"))]


@pytest.mark.parametrize("a,b,same", [
    ("机关党支部", "局机关党支部", True),
    ("城投置业公司党支部", "中共临江城投置业有限公司支部委员会", True),
    ("滨江社区党委", "中共临江市东湖街道滨江社区委员会", True),
    ("机关第一党支部", "中共青川县卫生健康委员会机关第一党支部", True),
    ("机关第一党支部", "机关第二党支部", False),
    ("**党支部", "**党支部", False),
    ("图书馆党支部", "文化馆党支部", False),
    ("城投物业公司党支部", "中共临江市城投物业服务有限公司支部委员会", True),
    ("白马村党支部", "中共青川县白马镇柳坪村支部委员会", False),
])
def test_same_unit(a, b, same):
    assert same_unit(a, b) is same


def test_parent_vs_branch_disagreements():
    reports = family("wjw")
    found = [f for f in batch_findings(reports) if f.kind == "cross_doc"]
    pairs = {(f.concepts[0], tuple(p.rsplit("/", 1)[-1] for p in f.values["files"])) for f in found}
    assert ("org.committee_members", ("wjw-01-dangwei.txt", "wjw-02-diyi.txt")) in pairs
    assert ("meetings.committee", ("wjw-01-dangwei.txt", "wjw-04-jikong.txt")) in pairs
    assert all(f.kind == "cross_doc" and f.severity == "error" for f in found)


def test_trend_between_consecutive_years():
    found = [f for f in batch_findings(family("cun-a")) if f.kind == "trend"]
    assert len(found) == 1
    assert "42" in found[0].message and "43" in found[0].message


def test_attach_puts_findings_on_both_reports_with_own_spans():
    reports = family("wjw")
    found = batch_findings(reports)
    attached = attach(reports, found)
    by_file = {r.file: r for r in attached}
    for f in found:
        for name in f.values["files"]:
            mine = [x for x in by_file[name].findings if x.id == f.id]
            assert mine and all(0 <= s < e <= len(by_file[name].text) for s, e in mine[0].spans)


def test_roster_reports_missing_units(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("单位,上级,报送人\n机关第一党支部,县卫健委机关党委,张某\n县中医院党委,县卫健委,李某\n", encoding="utf-8")
    missing = Roster.load(roster).missing(family("wjw"))
    assert missing == ["县中医院党委"]


def test_python_api_check():
    import analyzer
    reports, found = analyzer.check(CORPORA / "dev" / "cun-a")
    assert len(reports) == 2 and [f.kind for f in found] == ["trend"]
    assert all(any(x.kind == "trend" for x in r.findings) for r in reports)
