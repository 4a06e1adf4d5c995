"""Batch review: every input file reaches every output, outputs are well-formed, document text stays inert."""
from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analyzer.batch import review
from analyzer.cli import iter_files, main
from analyzer.export.frames import SCHEMAS
from analyzer.export.html import safe_json, segments

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "dev" / "wjw"
PAYLOAD_1 = "<script>alert(1)</script>"
PAYLOAD_2 = "</script><img src=x onerror=alert(1)>"
EVIL_NAME = "evil<b>x<img src=x onerror=alert(3)>.txt"
SHEETS = ["提交情况", "关键数据", "问题清单", "问题分类", "覆盖矩阵"]


def _truncated_docx() -> bytes:
    from docx import Document
    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("中共某某支部委员会2023年度自查报告")
    doc.save(buf)
    data = buf.getvalue()
    return data[: len(data) // 2]


def make_batch(root: Path) -> list[Path]:
    """Four corpus reports, three broken files and one report carrying script payloads (and a hostile name)."""
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for name in ("wjw-01-dangwei.txt", "wjw-02-diyi.txt", "wjw-03-dier.txt", "wjw-04-jikong.txt"):
        files.append(Path(shutil.copy(CORPUS / name, root / name)))
    broken = root / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "random.pdf").write_bytes(random.Random(7).randbytes(4096))
    (broken / "truncated.docx").write_bytes(_truncated_docx())
    files += [broken / "empty.txt", broken / "random.pdf", broken / "truncated.docx"]
    text = (CORPUS / "wjw-05-zhifa.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.insert(3, f"特别说明：{PAYLOAD_1}本支部共有党员20名。")
    lines.insert(5, f"补充材料{PAYLOAD_2}已报送。存在问题：台账记录不规范{PAYLOAD_1}。")
    evil = root / EVIL_NAME
    evil.write_text("\n".join(lines), encoding="utf-8")
    files.append(evil)
    # never inputs: gold annotations, our own JSON Lines outputs, hidden files
    (root / "wjw-01-dangwei.gold.json").write_text("{}", encoding="utf-8")
    (root / "batch.gold.json").write_text("{}", encoding="utf-8")
    (root / "old.jsonl").write_text("{}\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    return sorted(files)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    files = make_batch(root / "in")
    out = root / "out"
    assert main(["review", str(root / "in"), "--out", str(out), "--quiet"]) == 0
    return files, out


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_scanner_skips_gold_jsonl_hidden(batch):
    files, out = batch
    assert iter_files(files[-1].parent) == files


def test_every_file_in_submissions_sheet(batch):
    files, out = batch
    wb = openpyxl.load_workbook(out / "review.xlsx", read_only=True)
    rows = list(wb["提交情况"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:7] == ("序号", "文件", "单位", "年份", "状态", "错误代码", "错误说明")
    assert [r[1] for r in body] == [str(f) for f in files]
    status = {Path(r[1]).name: (r[4], r[5]) for r in body}
    assert status["empty.txt"] == ("读取失败", "empty_document")
    assert status["random.pdf"][0] == "读取失败" and status["random.pdf"][1]
    assert status["truncated.docx"] == ("读取失败", "corrupt_file")
    assert status["wjw-01-dangwei.txt"][0] == "已分析"
    assert status[EVIL_NAME][0] == "已分析"


def test_workbook_sheets_headers_frozen(batch):
    _, out = batch
    wb = openpyxl.load_workbook(out / "review.xlsx")
    assert wb.sheetnames[:5] == SHEETS
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert all(re.search(r"[\u4e00-\u9fff]", str(c.value)) or re.match(r"C\d\d", str(c.value))
                   for c in ws[1]), name
    findings = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert any(r[1] == "上下级不符" for r in findings)
    assert wb["问题清单"]["A2"].fill.fgColor.rgb.endswith("F8D7DA")   # errors first, in red
    key = list(wb["关键数据"].iter_rows(values_only=True))
    assert "党员总数" in key[0]


def test_reports_jsonl_one_per_file_in_order(batch):
    files, out = batch
    reports = _jsonl(out / "reports.jsonl")
    assert [r["file"] for r in reports] == [str(f) for f in files]
    assert all(r["schema"] == "analyzer/report-v1" for r in reports)
    by_name = {Path(r["file"]).name: r for r in reports}
    # batch findings are attached to every report they involve, with spans into that report's own text
    cross = [f for f in by_name["wjw-02-diyi.txt"]["findings"] if f["kind"] == "cross_doc"]
    assert cross and any(f["id"] in {g["id"] for g in by_name["wjw-01-dangwei.txt"]["findings"]} for f in cross)
    for f in cross:
        for s, e in f["spans"]:
            assert 0 <= s < e <= len(by_name["wjw-02-diyi.txt"]["text"])
    # findings.jsonl lists every finding of the batch once
    findings = _jsonl(out / "findings.jsonl")
    ids = [(f["file"], f["id"]) for f in findings]
    assert len(ids) == len(set(ids))
    assert sum(f["kind"] == "cross_doc" for f in findings) == len({f["id"] for r in reports for f in r.get("findings") or []
                                                                   if f["kind"] == "cross_doc"})


def test_parquet_tables_load(batch):
    files, out = batch
    for table, cols in SCHEMAS.items():
        df = pd.read_parquet(out / "parquet" / f"{table}.parquet")
        assert list(df.columns) == [c for c, _ in cols], table
    docs = pd.read_parquet(out / "parquet" / "documents.parquet")
    assert list(docs["file"]) == [str(f) for f in files]
    assert (docs["status"] == "error").sum() == 3


def test_html_overview_lists_every_file(batch):
    files, out = batch
    html = (out / "review.html").read_text(encoding="utf-8")
    for f in files:
        name = str(f).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert name in html
    assert re.search(r'id="stat-files">8<', html) and re.search(r'id="stat-failed">3<', html)
    assert "http://" not in html and "https://" not in html   # self-contained: nothing to fetch


def _strip_own_scripts(html: str) -> str:
    own = re.findall(r"<script[^>]*>.*?</script>", html, flags=re.S)
    assert len(own) == 2, "only the page's own JSON data and code blocks"
    for block in own:
        html = html.replace(block, "")
    return html


def test_script_payloads_stay_text(batch):
    _, out = batch
    html = (out / "review.html").read_text(encoding="utf-8")
    rest = _strip_own_scripts(html)
    assert "<script" not in rest.lower() and "<img" not in rest.lower() and "<b>x" not in rest
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rest
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in rest
    data = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and ">" not in data
    assert json.loads(data)["files"] == 8


def test_safe_json_escapes():
    s = safe_json({"t": "</script><!-- & \u2028\u2029"})
    assert not re.search(r"[<>&\u2028\u2029]", s)
    assert json.loads(s) == {"t": "</script><!-- & \u2028\u2029"}


def test_segments_overlap():
    segs = segments("共有党员44名，优秀12名", [(0, 7, "g0", "fig"), (2, 12, "k0", "find"), (4, 6, "g1", "fig")])
    assert "".join(s["text"] for s in segs) == "共有党员44名，优秀12名"
    assert [s.get("ids") for s in segs] == ["g0", "g0 k0", "g0 k0 g1", "g0 k0", "k0", None][:len(segs)]


def test_api_frames_and_jobs(tmp_path):
    files = make_batch(tmp_path / "in")
    one = review(tmp_path / "in", jobs=1)
    two = review(tmp_path / "in", out=tmp_path / "out", jobs=2)
    assert [r.file for r in one.reports] == [r.file for r in two.reports] == [str(f) for f in files]
    assert [r.status for r in one.reports] == [r.status for r in two.reports]
    for table, cols in SCHEMAS.items():
        assert [str(t) for t in one.frames[table].dtypes] == [t for _, t in cols], table
    assert one.severity_counts() == two.severity_counts()
    import analyzer
    fr = analyzer.frames(one.reports)
    assert len(fr["findings"]) == len(one.frames["findings"])
    assert not any(p.name.startswith(".") for p in (tmp_path / "out").iterdir())   # no temp files left


def crash_on_marker(path, settings, cache=None):
    """A worker that dies (as a segfaulting reader would) on one file."""
    if Path(path).name == "crash.txt":
        os._exit(3)
    from analyzer.pipeline import analyze
    return analyze(path, settings)


def test_crashing_worker_gives_error_row(tmp_path, monkeypatch):
    import analyzer.batch as rv
    if __import__("multiprocessing").get_start_method() != "fork":
        pytest.skip("the patched worker reaches the pool only with the fork start method")
    root = tmp_path / "in"
    root.mkdir()
    for name in ("wjw-02-diyi.txt", "wjw-03-dier.txt", "wjw-04-jikong.txt"):
        shutil.copy(CORPUS / name, root / name)
    shutil.copy(CORPUS / "wjw-05-zhifa.txt", root / "crash.txt")
    monkeypatch.setattr(rv, "_work", crash_on_marker)
    result = review(root, jobs=2)
    status = {Path(r.file).name: (r.status, (r.error or {}).get("code")) for r in result.reports}
    assert status["crash.txt"] == ("error", "internal_error")
    assert all(s == ("ok", None) for n, s in status.items() if n != "crash.txt"), status
    assert [Path(r.file).name for r in result.reports] == sorted(status)


def test_missing_demo_corpus_is_explained(tmp_path, monkeypatch, capsys):
    import analyzer.batch as rv
    monkeypatch.setattr(rv, "default_corpus", lambda: tmp_path / "nope")
    assert main(["review", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "找不到随附的示例语料" in err and "demo corpus" in err


def test_roster_gaps_in_summary(tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(CORPUS / "wjw-02-diyi.txt", root)
    roster = tmp_path / "roster.csv"
    roster.write_text("单位,上级\n中共青川县卫生健康委员会机关第一党支部,机关党委\n县医保局党支部,机关党委\n", encoding="utf-8")
    assert main(["review", str(root), "--out", str(tmp_path / "out"), "--roster", str(roster), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "未报送的单位 1 个：县医保局党支部" in out
    html = (tmp_path / "out" / "review.html").read_text(encoding="utf-8")
    assert "县医保局党支部" in html


def test_progress_bar_tty_and_plain():
    from analyzer.progress import ProgressBar

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        bar = ProgressBar(stream)
        for i in range(1, 101):
            bar(i, 100)
    assert "\r" in tty.getvalue() and "已处理 100/100" in tty.getvalue() and "预计剩余" in tty.getvalue()
    lines = plain.getvalue().splitlines()
    assert "\r" not in plain.getvalue() and len(lines) <= 11 and lines[-1].startswith("已处理 100/100")


def test_api_name_survives_submodule_imports():
    import importlib
    import pkgutil

    import analyzer
    for mod in pkgutil.walk_packages(analyzer.__path__, "analyzer."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)
    assert callable(analyzer.review) and callable(analyzer.frames) and callable(analyzer.analyze)


def test_key_figures_take_dated_current_counts():
    """截至2022年底共有党员43名 is the current membership; a 年初 count is not."""
    import analyzer
    from analyzer.export.frames import key_figures
    f = analyzer.frames([analyzer.analyze(CORPUS.parent / "cun-a" / "cun-a-01-2022.txt")])
    assert key_figures(f["figures"], f["documents"]).iloc[0]["members.total"] == 43


def test_originality_share_in_documents():
    """The two units that share a copied passage have the lowest originality of their batch."""
    result = review(CORPUS.parents[1] / "test" / "misc-ct")
    docs = result.frames["documents"].set_index("name")["originality"]
    lowest = set(docs.sort_values().index[:2])
    assert lowest == {"misc-ct-04-wenhuaguan.txt", "misc-ct-05-tushuguan.txt"}
    assert docs.between(0, 1).all()


def test_report_without_a_unit_does_not_break_the_batch(tmp_path):
    """A report whose unit cannot be read, with figures scoped to its branches (regression: pandas NA unit)."""
    (tmp_path / "a.txt").write_text("机关第一党支部有党员15名，其中预备党员1名。\n第二党支部有党员12名。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text((CORPUS / "wjw-02-diyi.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = review(tmp_path, out=tmp_path / "out")
    assert list(result.frames["documents"]["status"]) == ["ok", "ok"]
    assert (tmp_path / "out" / "review.xlsx").exists() and (tmp_path / "out" / "review.html").exists()
