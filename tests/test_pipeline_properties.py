"""Whole-pipeline properties: any text gives one report, every span lies inside its text, results repeat."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import analyze_text
from analyzer.outline import walk

ALPHABET = list("一二三四五六七八九十（）()1234567890.、，。：；\n 党员支部委员会存在问题整改措施优秀合格名个次是年月日%*X某【】“”《》")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=400))
def test_any_text_gives_one_consistent_report(text):
    r = analyze_text(text)
    assert r.status in ("ok", "error")
    if r.status == "error":
        assert r.error["code"] in ("empty_document",)
        return
    n = len(r.text)
    for h in walk(r.outline):
        assert 0 <= h.start <= h.end <= n
    for s in r.sections:
        assert 0 <= s.start <= s.end <= n
    for f in r.figures:
        assert r.text[f.start:f.end] == f.text
    for i in r.problems + r.measures:
        assert r.text[i.start:i.end] == i.text
    for f in r.findings:
        assert all(0 <= a <= b <= n for a, b in f.spans)
    again = analyze_text(text)
    assert [f.id for f in again.findings] == [f.id for f in r.findings]
