"""Command line: ``analyzer analyze FILE...``, ``analyzer review DIR``, ``analyzer eval GOLD_DIR``, ``analyzer corpus-check DIR``.

The CLI only parses arguments and prints; all work happens in library functions that notebooks call too.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .export.labels import KIND_ZH, ROLE_ZH, SEVERITY_ZH
from .files import iter_files


def _print_readable(report, out) -> None:
    from .outline import walk
    if not report.ok:
        print(f"✗ {report.file}  [{report.error['code']}] {report.error['message']}", file=out)
        return
    m = report.meta
    print(f"✓ {report.file}  ({report.format}, {len(report.text)} 字)", file=out)
    print(f"  标题: {m.title or '—'}   单位: {m.unit or '—'}   上级: {m.parent_unit or '—'}   "
          f"年份: {m.year or '—'}   日期: {m.date or '—'}", file=out)
    for w in report.warnings:
        print(f"  ⚠ [{w.code}] {w.message}" + (f" (第{w.page}页)" if w.page else ""), file=out)
    for s in report.sections:
        heading = " ".join(s.heading.split()) or "（无标题）"
        print(f"  [{ROLE_ZH.get(s.role, s.role)}] {heading}", file=out)
        for h in walk(report.outline):
            if s.start < h.start < s.end and h.level > 1:
                print("    " + "  " * (h.level - 2) + f"{h.marker}{h.title}", file=out)
    masked = sum(f.masked for f in report.figures)
    print(f"  数据 {len(report.figures)} 项（遮挡 {masked}）  问题 {len(report.problems)} 条  "
          f"措施 {len(report.measures)} 条  发现 {len(report.findings)} 条", file=out)
    for f in report.findings:
        if f.severity != "info":
            print(f"    - [{SEVERITY_ZH[f.severity]}] {f.message}", file=out)


def cmd_analyze(args) -> int:
    from .pipeline import analyze
    from .report import to_dict
    failed = 0
    # a folder stands for the files under it; a missing path stays a path, so it gets its error row
    paths = [p for arg in args.files for p in (iter_files(arg) if Path(arg).is_dir() else [arg])]
    for i, path in enumerate(paths):
        report = analyze(path)
        failed += not report.ok
        if args.json or args.jsonl:
            indent = 1 if args.json and len(paths) == 1 else None
            print(json.dumps(to_dict(report), ensure_ascii=False, indent=indent))
        else:
            if i:
                print()
            _print_readable(report, sys.stdout)
    return 1 if failed else 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_summary, summary
    if args.formats:
        return _eval_formats(args)
    scores = evaluate(args.gold_dir, args.split)
    s = summary(scores)
    if args.json:
        if args.per_doc:
            s["per_document"] = scores.per_doc
        print(json.dumps(s, ensure_ascii=False, indent=1))
    else:
        print(format_summary(s, scores.per_doc if args.per_doc else ()))
    return 0


def cmd_check(args) -> int:
    from .batch import check
    from .crossdoc import Roster
    from .report import finding_dict
    roster = Roster.load(args.roster) if args.roster else None
    reports, found = check(args.dir, roster)
    if args.json:
        for f in found:
            print(json.dumps(finding_dict(f), ensure_ascii=False))
    else:
        failed = [r for r in reports if not r.ok]
        print(f"文件 {len(reports)} 个，读取失败 {len(failed)} 个，跨报告发现 {len(found)} 条")
        for f in found:
            print(f"  [{SEVERITY_ZH[f.severity]}·{KIND_ZH.get(f.kind, f.kind)}] {f.message}")
        if roster:
            for unit in roster.missing(reports):
                print(f"  [未报送] {unit}")
    return 1 if any(not r.ok for r in reports) else 0


def cmd_review(args) -> int:
    from .batch import default_corpus, review
    from .progress import ProgressBar
    target = args.dir
    if target is None:
        target = default_corpus()
        if not target.is_dir():
            print(f"找不到随附的示例语料目录 {target}，请指定要审阅的文件夹：analyzer review 文件夹\n"
                  f"The bundled demo corpus was not found at {target}; give a folder: analyzer review DIR",
                  file=sys.stderr)
            return 2
    elif not Path(target).exists():
        print(f"找不到 {target} / not found: {target}", file=sys.stderr)
        return 2
    result = review(args.dir, out=args.out, roster=args.roster, jobs=max(1, args.jobs), cache=args.cache,
                    engine=args.engine, scheduler=args.scheduler,
                    progress=None if args.quiet else ProgressBar(), keep_reports=False)
    print(format_review_summary(result))
    return 0


def format_review_summary(result) -> str:
    """The short Chinese summary printed at the end of ``analyzer review``."""
    sev = result.severity_counts()
    docs = result.frames["documents"]
    lines = [f"审阅完成：共 {len(docs)} 个文件，已分析 {len(docs) - result.failed} 个，读取失败 {result.failed} 个"
             f"（用时 {result.elapsed:.1f} 秒）",
             f"发现问题：错误 {sev['error']} 条，警告 {sev['warning']} 条，提示 {sev['info']} 条"
             f"（其中跨报告 {len(result.batch_findings)} 条）"]
    if result.failed:
        codes = docs.loc[docs["status"] != "ok", "error_code"].value_counts()
        lines.append("读取失败原因：" + "，".join(f"{c} {n} 个" for c, n in codes.items()))
    if result.missing_units:
        shown = "、".join(result.missing_units[:10]) + ("等" if len(result.missing_units) > 10 else "")
        lines.append(f"名册中未报送的单位 {len(result.missing_units)} 个：{shown}")
    if result.outputs:
        out = Path(result.outputs["review.html"]).parent
        lines.append(f"结果已写入 {out}/：review.xlsx（Excel 工作簿）、review.html（用浏览器打开）、"
                     f"reports.jsonl、findings.jsonl、parquet/")
    return "\n".join(lines)


def _eval_formats(args) -> int:
    """Score the split as .txt and as rendered .docx and .pdf (ingestion end to end)."""
    import shutil
    import tempfile

    from .corpus_formats import build
    from .evaluate import evaluate, summary
    split = args.split or "test"
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        build(args.gold_dir, tmp, split)
        rows["txt"] = summary(evaluate(args.gold_dir, split))
        for fmt in ("docx", "pdf"):
            only = Path(tmp) / fmt / split
            only.mkdir(parents=True)
            for folder in (Path(tmp) / split).glob(f"*-{fmt}"):
                shutil.copytree(folder, only / folder.name)
            rows[fmt] = summary(evaluate(Path(tmp) / fmt, split))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'格式':<6}{'文档':>5}{'章节':>8}{'数据F1':>8}{'范围':>8}{'问题F1':>8}{'措施F1':>8}{'发现召回':>9}")
    for fmt, s in rows.items():
        print(f"{fmt:<6}{s['documents']:>6}{s['sections']:>9.3f}{s['figures']['f1']:>9.3f}"
              f"{(s['scope_accuracy'] or 0):>9.3f}{s['problems']['f1']:>9.3f}{s['measures']['f1']:>9.3f}"
              f"{(s['findings_recall'] or 0):>10.3f}")
    return 0


def cmd_corpus_check(args) -> int:
    from .corpus import validate
    result = validate(args.root)
    print(result.format())
    return 0 if result.ok else 1


def cmd_train(args) -> int:
    from .classify import report, train
    meta = train(args.corpora, args.out)
    print(f"已训练分类模型 / model trained: {meta['training_items']} items, labels {len(meta['labels'])}, "
          f"training hash {meta['training_hash']}, scikit-learn {meta['sklearn']}")
    if args.report:
        print(json.dumps(report(args.corpora), ensure_ascii=False, indent=1))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="analyzer", description="自查报告分析工具 / self-inspection report analyzer")
    p.add_argument("--version", action="version", version=f"analyzer {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="分析一个或多个文件 / analyse files")
    a.add_argument("files", nargs="+")
    g = a.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="report-v1 JSON")
    g.add_argument("--jsonl", action="store_true", help="one report-v1 object per line")
    a.set_defaults(func=cmd_analyze)

    e = sub.add_parser("eval", help="对照标注评测 / score against gold annotations")
    e.add_argument("gold_dir")
    e.add_argument("--split", choices=["dev", "test"], default=None)
    e.add_argument("--json", action="store_true")
    e.add_argument("--per-doc", action="store_true")
    e.add_argument("--formats", action="store_true", help="同时评测渲染成 .docx/.pdf 的版本 / also score rendered .docx and .pdf")
    e.set_defaults(func=cmd_eval)

    k = sub.add_parser("check", help="跨报告核对（上下级、年度）/ cross-document checks over a folder")
    k.add_argument("dir")
    k.add_argument("--roster", help="名册 CSV：单位,上级,报送人 / roster CSV")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_check)

    r = sub.add_parser("review", help="批量审阅文件夹，输出 Excel 与网页 / batch review into Excel and HTML")
    r.add_argument("dir", nargs="?", default=None, help="要审阅的文件夹（省略时审阅随附的示例语料）")
    r.add_argument("--out", default="review-out", help="输出目录（默认 ./review-out）")
    r.add_argument("--roster", help="名册 CSV：单位,上级,报送人 / roster CSV")
    r.add_argument("--jobs", type=int, default=1, help="并行进程数 / worker processes")
    r.add_argument("--quiet", action="store_true", help="不显示进度条 / no progress bar")
    r.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local：本机进程；dask：Dask 集群 / where files are analysed")
    r.add_argument("--scheduler", default=None, help="Dask 调度器地址，如 tcp://host:8786（省略则启动本地集群）")
    r.add_argument("--cache", default=None, help="结果缓存目录：未改动的文件复用上次分析 / reuse analyses of unchanged files")
    r.set_defaults(func=cmd_review)

    t = sub.add_parser("train", help="训练问题分类模型 / fit the problem classifier")
    t.add_argument("corpora", nargs="?", default="corpora")
    t.add_argument("--out", default=None, help="输出目录（默认写入包内 resources/model）")
    t.add_argument("--report", action="store_true", help="交叉验证、留出集得分与学习曲线")
    t.set_defaults(func=cmd_train)

    c = sub.add_parser("corpus-check", help="校验语料标注 / validate the corpus gold files")
    c.add_argument("root", nargs="?", default="corpora")
    c.set_defaults(func=cmd_corpus_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `analyzer analyze … | head` must not print a traceback
        return 0


if __name__ == "__main__":
    sys.exit(main())
