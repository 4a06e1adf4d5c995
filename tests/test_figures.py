"""Table-driven tests of figure extraction (tests/data/figures.jsonl) plus property tests.

Each line: {"id", "text", "expect": [{"concept", "value" | "masked", "per"?, "scope"?, "qualifier"?, "period"?}]}.
``expect`` lists every non-``other`` figure of the phrase in order; an empty list means a trap (no figure).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.figures import extract
from analyzer.model import Section

DATA = Path(__file__).parent / "data" / "figures.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _actual(fig, keys):
    out = {"concept": fig.concept}
    if fig.masked:
        out["masked"] = True
    else:
        out["value"] = fig.value
    for k in keys:
        if k in ("per", "scope", "qualifier", "period"):
            out[k] = getattr(fig, k)
    return out


def _expected(e):
    out = dict(e)
    if "value" in out:
        out["value"] = Decimal(str(out["value"]))
    return out


def test_table_is_big_enough():
    assert len(CASES) >= 150
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_phrase(case):
    figs = [f for f in extract(case["text"], unit=case.get("unit")) if f.concept != "other"]
    expect = [_expected(e) for e in case["expect"]]
    got = [_actual(f, e.keys()) for f, e in zip(figs, expect)]
    assert len(figs) == len(expect), [(f.concept, f.value, f.text) for f in figs]
    assert got == expect


def test_offsets_and_text():
    text = "支部现有党员17名，其中正式党员15名、预备党员2名。每月召开一次支委会。"
    for f in extract(text):
        assert text[f.start:f.end] == f.text and f.start < f.end


def test_section_role():
    text = "一、基本情况\n共有党员44名。\n二、存在问题\n查摆问题5个。"
    cut = text.index("二、")
    sections = (Section("work", "一、基本情况", 0, cut), Section("problems", "二、存在问题", cut, len(text)))
    figs = extract(text, sections)
    assert [(f.concept, f.section) for f in figs] == [("members.total", "work"), ("problems.found", "problems")]


def test_other_has_subject():
    figs = extract("走访群众120户，发放问卷800份，收回736份。")
    assert [f.concept for f in figs] == ["other"] * 3
    assert all(f.subject for f in figs)


def test_money_and_rate():
    figs = extract("全年收缴党费12345.6元，投入经费8.5万元，问卷回收率92%。")
    assert [(f.concept, f.value, f.unit) for f in figs] == [
        ("dues.amount", Decimal("12345.6"), "元"), ("funds.amount", Decimal(85000), "元"),
        ("rate.percent", Decimal(92), "%")]
    assert figs[2].subject.endswith("回收率")


def test_approx_interval():
    (f,) = extract("支部有党员二十余名。")
    assert (f.value, f.low, f.high, f.approx) == (Decimal(20), Decimal(21), Decimal(29), True)


def test_period_cue():
    figs = extract("上年底共有党员40名，截至目前共有党员44名。")
    assert [f.period for f in figs] == ["上年底", "截至目前"]


_ALPHABET = st.sampled_from(list("党员支部委会议次名个人期项元万余近约第年月日一二两三四五六七八九十百零0123456789"
                                 "XＸx×*某%，。；：、（）\n 每季度上其中正式预备优秀合格“”-至"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_never_raises_and_spans_hold(text):
    figs = extract(text)
    for f in figs:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.masked == (f.value is None)
    assert extract(text) == figs


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_any_unicode(text):
    for f in extract(text):
        assert text[f.start:f.end] == f.text


def test_spacy_spans():
    spacy = pytest.importorskip("spacy")
    from analyzer.spacy_ext import figures_doc

    doc = figures_doc("共有党员44名，每月召开一次支委会。", nlp=spacy.blank("zh"))
    assert [(s.text, s.label_) for s in doc.spans["figures"]] == [
        ("共有党员44名", "members.total"), ("每月召开一次支委会", "meetings.committee")]
