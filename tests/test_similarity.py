"""Copied passages between units versus shared notice wording; other units' names left in a report."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import CORPORA

from analyzer import analyze, analyze_text, leftovers, similarity
from analyzer.crossdoc import attach

NOTICE = ("根据上级党组织关于开展基层党建工作自查的通知要求，各党支部对照标准化规范化建设的各项指标，"
          "逐条逐项进行了认真细致的自查，全面梳理了组织设置、组织生活、党员管理、阵地建设等方面的情况。")


@pytest.fixture(scope="module")
def misc_ct():
    return [analyze(p) for p in sorted((CORPORA / "test" / "misc-ct").glob("*.txt"))]


def _names(f):
    return sorted(Path(x).name for x in f.values["files"])


def test_planted_copy_is_found_between_two_units(misc_ct):
    found = similarity.batch_findings(misc_ct)
    assert [_names(f) for f in found] == [["misc-ct-04-wenhuaguan.txt", "misc-ct-05-tushuguan.txt"]]
    f = found[0]
    assert f.kind == "similarity" and f.severity == "warning" and f.values["chars"] >= 80
    assert len(f.values["units"]) == 2 and all(f.values["units"])
    assert "公共文化进基层" in f.text
    for r in misc_ct:
        if r.file in f.values["spans_by_file"]:
            (s, e), *_ = f.values["spans_by_file"][r.file]
            assert "公共文化进基层" in r.text[s:e]
    attached = {Path(r.file).name: r for r in attach(misc_ct, found)}
    assert any(x.kind == "similarity" for x in attached["misc-ct-05-tushuguan.txt"].findings)


def test_notice_wording_in_four_reports_is_not_copying(misc_ct):
    texts = [r.text for r in misc_ct]
    withnotice = [analyze_text(NOTICE + "\n" + t if i < 4 else t, name=Path(r.file).name,
                               settings={"classify": False})
                  for i, (t, r) in enumerate(zip(texts, misc_ct))]
    found = similarity.batch_findings(withnotice)
    assert [_names(f) for f in found] == [["misc-ct-04-wenhuaguan.txt", "misc-ct-05-tushuguan.txt"]]
    rows = similarity.similarity_table(withnotice)
    assert rows and not any("自查的通知要求" in row["passage"] for row in rows)
    assert {"file", "unit", "other_file", "other_unit", "chars", "share", "passage"} <= set(rows[0])
    orig = similarity.originality(withnotice)
    assert all(0 <= v <= 1 for v in orig.values())
    # the notice is not original either: every report that quotes it loses originality
    assert orig["misc-ct-01-minzheng.txt"] < similarity.originality(misc_ct)[misc_ct[0].file]


def test_copy_with_changed_names_is_still_near_duplicate():
    a = "图书馆党支部组建党员志愿服务队，常态化开展公共文化进基层活动，党员带头深入乡镇和学校开展公益讲座。"
    b = a.replace("图书馆", "文化馆")
    sig = similarity.minhash([a, b, NOTICE])
    assert (sig[0] == sig[1]).mean() >= 0.6
    assert (sig[0] == sig[2]).mean() < 0.2


def test_short_and_stock_sentences_are_not_passages():
    assert not similarity.eligible("切实加强党员教育管理。")
    assert not similarity.eligible("以习近平新时代中国特色社会主义思想为指导，全面从严治党")
    assert similarity.eligible(NOTICE)


def test_other_units_name_left_in_a_report():
    jd = [analyze(p) for p in sorted((CORPORA / "dev" / "jd").glob("*.txt"))]
    found = leftovers.batch_findings(jd)
    assert [(Path(f.values["files"][0]).name, f.text) for f in found] == [("jd-04-xincun.txt", "桂园社区党支部")]
    assert found[0].kind == "placeholder" and found[0].severity == "warning"


def test_minhash_is_deterministic_and_vectorised():
    texts = [NOTICE[i:i + 40] for i in range(0, 60, 3)]
    a, b = similarity.minhash(texts), similarity.minhash(texts)
    assert a.shape == (len(texts), 64) and a.dtype == np.uint64 and (a == b).all()
