"""Score the pipeline against the gold annotations of ``corpora/`` (DESIGN.md §7).

Scores: sections (share of gold sections matched by role and heading prefix), figures (multiset P/R/F1 on
(concept, value) with masked matching masked, over vocabulary concepts; scope accuracy), problems and measures
(item P/R/F1 by containment or ≥50% overlap; category accuracy, macro-F1 and a confusion table), findings
(recall over gold findings, by kind; precision over predicted error/warning findings of arithmetic kinds).
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .crossdoc import unit_key
from .model import Finding, Report
from .normalize import clean_line

PRECISION_KINDS = ("sum", "bound", "duplicate", "enumeration", "cross_doc")
ARITHMETIC_KINDS = ("sum", "bound", "equal", "duplicate", "enumeration", "frequency", "cross_doc", "trend")


@dataclass(frozen=True)
class GoldDoc:
    path: Path
    gold: dict
    split: str
    batch: Path


def discover(root: str | Path, split: str | None = None) -> list[GoldDoc]:
    """Gold documents under ``root`` (a corpus root with dev/ and test/, a split folder or a batch folder)."""
    root = Path(root)
    docs = []
    for g in sorted(root.rglob("*.gold.json")):
        if g.name == "batch.gold.json":
            continue
        rel = g.relative_to(root).parts
        doc_split = next((p for p in (root.name, *rel) if p in ("dev", "test")), "dev")
        if split and doc_split != split:
            continue
        gold = json.loads(g.read_text(encoding="utf-8"))
        docs.append(GoldDoc(g.parent / gold["file"], gold, doc_split, g.parent))
    return docs


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def normalized_gold(snippet: str, report: Report) -> str:
    """A gold snippet normalized like the report's text. Gold written from a traditional-character source is
    simplified even when the file read was already simplified (a rendered .docx/.pdf of that source)."""
    probe = clean_line(snippet, report.meta.script)
    if probe not in report.text and report.meta.script == "simplified":
        converted = clean_line(snippet, "traditional")
        if converted in report.text or _compact(converted) in report.text:
            return converted
    return probe


def locate(snippet: str, report: Report) -> tuple[int, int] | None:
    """Span of a gold snippet in the normalized text (the snippet is normalized the same way first)."""
    if not snippet:
        return None
    probe = normalized_gold(snippet, report)
    i = report.text.find(probe)
    if i < 0:
        probe = _compact(probe)
        i = report.text.find(probe)
    if i < 0:
        return None
    return i, i + len(probe)


def _fig_key(concept: str, value: Any, masked: bool) -> tuple[str, str]:
    if masked:
        return concept, "masked"
    return concept, str(Decimal(str(value)).normalize()) if value is not None else "none"


def scope_match(pred: str | None, gold: str | None) -> bool:
    a, b = unit_key(pred), unit_key(gold)
    return bool(a and b and (a in b or b in a))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    sections_total: int = 0
    sections_hit: int = 0
    figures: Tally = field(default_factory=Tally)
    scope_total: int = 0
    scope_hit: int = 0
    problems: Tally = field(default_factory=Tally)
    measures: Tally = field(default_factory=Tally)
    category_pairs: list[tuple[str, str]] = field(default_factory=list)
    findings_by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    arith_precision: Tally = field(default_factory=Tally)
    clean_docs: int = 0
    clean_docs_with_errors: list[str] = field(default_factory=list)
    text_false: int = 0                 # proofing/placeholder findings matching no gold finding
    text_chars: int = 0                 # characters of the scored documents
    per_doc: list[dict] = field(default_factory=list)


def score_sections(report: Report, gold: dict) -> tuple[int, int]:
    hit = 0
    gold_sections = gold.get("sections", [])
    for gs in gold_sections:
        want = _compact(normalized_gold(gs.get("heading", ""), report))
        if any(ps.role == gs["role"] and _compact(ps.heading).startswith(want) for ps in report.sections):
            hit += 1
    return hit, len(gold_sections)


def score_figures(report: Report, gold: dict) -> tuple[int, int, int, int, int]:
    """(tp, fp, fn, scope_total, scope_hit)."""
    preds = [f for f in report.figures if f.concept != "other"]
    gold_figs = [g for g in gold.get("figures", []) if g.get("concept") != "other"]
    pool: dict[tuple, list] = defaultdict(list)
    for f in preds:
        pool[_fig_key(f.concept, f.value, f.masked)].append(f)
    tp = 0
    scope_total = scope_hit = 0
    for g in gold_figs:
        key = _fig_key(g["concept"], g.get("value"), bool(g.get("masked")))
        cands = pool.get(key)
        if not cands:
            continue
        span = locate(g.get("text", ""), report)
        best = 0
        if span:
            best = min(range(len(cands)), key=lambda i: abs(cands[i].start - span[0]))
        f = cands.pop(best)
        tp += 1
        if g.get("scope"):
            scope_total += 1
            scope_hit += scope_match(f.scope, g["scope"])
    return tp, len(preds) - tp, len(gold_figs) - tp, scope_total, scope_hit


def _item_match(span_p: tuple[int, int], text_p: str, g_span: tuple[int, int] | None, g_text: str) -> bool:
    gt = _compact(g_text)
    if gt and (gt in _compact(text_p) or _compact(text_p) in gt):
        return True
    if g_span is None:
        return False
    overlap = min(span_p[1], g_span[1]) - max(span_p[0], g_span[0])
    return overlap > 0 and overlap >= 0.5 * min(span_p[1] - span_p[0], g_span[1] - g_span[0])


def score_items(report: Report, gold: dict, kind: str) -> tuple[int, int, int, list[tuple[str, str]]]:
    preds = list(report.problems if kind == "problems" else report.measures)
    golds = gold.get(kind, [])
    used: set[int] = set()
    pairs: list[tuple[str, str]] = []
    tp = 0
    for g in golds:
        g_span = locate(g.get("text", ""), report)
        for i, p in enumerate(preds):
            if i in used or not _item_match((p.start, p.end), p.text, g_span, g.get("text", "")):
                continue
            used.add(i)
            tp += 1
            if kind == "problems" and g.get("category"):
                pairs.append((g["category"], p.category or "-"))
            break
    return tp, len(preds) - tp, len(golds) - tp, pairs


def finding_matches(pred: Finding, gold: dict, report: Report | None) -> bool:
    if pred.kind != gold.get("kind"):
        return False
    if gold.get("concepts") and set(pred.concepts) != set(gold["concepts"]):
        return False
    if gold.get("concept") and gold["concept"] not in pred.concepts:
        return False
    if gold.get("category") and pred.category != gold["category"]:
        return False
    if gold.get("text") and report is not None and pred.kind not in ("similarity",):
        span = locate(gold["text"], report)
        if span is None:
            return False
        if not any(s < span[1] and span[0] < e for s, e in pred.spans):
            return False
    return True


def score_findings(report: Report, gold_findings: list[dict], scores: Scores) -> list[dict]:
    missed = []
    for g in gold_findings:
        hit = any(finding_matches(p, g, report) for p in report.findings)
        scores.findings_by_kind[g["kind"]][0] += hit
        scores.findings_by_kind[g["kind"]][1] += 1
        if not hit:
            missed.append(g)
    for p in report.findings:
        if p.kind in PRECISION_KINDS and p.kind != "cross_doc" and p.severity in ("error", "warning"):
            ok = any(finding_matches(p, g, None) for g in gold_findings if g["kind"] == p.kind)
            scores.arith_precision.add(int(ok), int(not ok), 0)
    return missed


def evaluate(root: str | Path, split: str | None = None, analyze=None, batch=None) -> Scores:
    """Run the pipeline on every gold document under ``root`` and score it.

    ``analyze`` maps a path to a Report (default: ``analyzer.analyze``); ``batch`` maps a list of Reports to
    batch-level findings (default: the cross-document checks when available).
    """
    if analyze is None:
        from .pipeline import analyze
    docs = discover(root, split)
    scores = Scores()
    by_batch: dict[Path, list[tuple[GoldDoc, Report]]] = defaultdict(list)
    reports = _with_batch_text_findings(docs, analyze, batch)
    for doc in docs:
        report = reports[doc.path]
        by_batch[doc.batch].append((doc, report))
        scores.documents += 1
        if not report.ok:
            scores.errors.append(f"{doc.path}: {report.error}")
            continue
        sh, st = score_sections(report, doc.gold)
        scores.sections_hit += sh
        scores.sections_total += st
        ftp, ffp, ffn, sct, sch = score_figures(report, doc.gold)
        scores.figures.add(ftp, ffp, ffn)
        scores.scope_total += sct
        scores.scope_hit += sch
        ptp, pfp, pfn, pairs = score_items(report, doc.gold, "problems")
        scores.problems.add(ptp, pfp, pfn)
        scores.category_pairs.extend(pairs)
        mtp, mfp, mfn, _ = score_items(report, doc.gold, "measures")
        scores.measures.add(mtp, mfp, mfn)
        missed = score_findings(report, doc.gold.get("findings", []), scores)
        scores.text_false += text_false(report, doc.gold.get("findings", []))
        scores.text_chars += len(report.text)
        gold_arith = [g for g in doc.gold.get("findings", []) if g["kind"] in ARITHMETIC_KINDS]
        errors = [f for f in report.findings if f.severity == "error" and f.kind in ARITHMETIC_KINDS]
        if not gold_arith:
            scores.clean_docs += 1
            if errors:
                scores.clean_docs_with_errors.append(str(doc.path))
        scores.per_doc.append({
            "file": str(doc.path), "sections": [sh, st], "figures": {"tp": ftp, "fp": ffp, "fn": ffn},
            "problems": {"tp": ptp, "fp": pfp, "fn": pfn}, "measures": {"tp": mtp, "fp": mfp, "fn": mfn},
            "missed_findings": missed,
            "extra_findings": [f"{f.kind}:{','.join(f.concepts)}:{f.message}" for f in report.findings
                               if f.severity != "info" and not any(finding_matches(f, g, report)
                                                                   for g in doc.gold.get("findings", []))],
        })
    _score_batches(by_batch, scores, batch)
    return scores


TEXT_KINDS = ("proofing", "placeholder")


def text_false(report: Report, gold_findings: list[dict]) -> int:
    """Proofing/placeholder findings of a report that match no gold finding (false alarms on clean text)."""
    return sum(1 for f in report.findings if f.kind in TEXT_KINDS
               and not any(finding_matches(f, g, report) for g in gold_findings))


def _batch_fn(batch):
    if batch is None:
        try:
            from .crossdoc import batch_findings as batch
        except ImportError:
            batch = None
    return batch


def _with_batch_text_findings(docs: list[GoldDoc], analyze, batch) -> dict[Path, Report]:
    """Analyse every document; a batch-level text finding (another unit's name left in a report) is annotated
    in that report's own gold, so it is attached to the report before the report is scored."""
    reports = {doc.path: analyze(doc.path) for doc in docs}
    batch = _batch_fn(batch)
    if batch is None:
        return reports
    from .crossdoc import attach
    folders: dict[Path, list[Path]] = defaultdict(list)
    for doc in docs:
        folders[doc.batch].append(doc.path)
    for paths in folders.values():
        group = [reports[p] for p in paths]
        found = [f for f in batch(group) if f.kind in TEXT_KINDS]
        for p, r in zip(paths, attach(group, found)):
            reports[p] = r
    return reports


def _score_batches(by_batch: dict, scores: Scores, batch) -> None:
    batch = _batch_fn(batch)
    for folder, pairs in by_batch.items():
        gold_path = folder / "batch.gold.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        reports = [r for _, r in pairs]
        found = batch(reports) if batch else []
        for g in gold.get("findings", []):
            files = set(g.get("files", []))
            hit = any(f.kind == g["kind"] and (not g.get("concept") or g["concept"] in f.concepts)
                      and files <= {Path(x).name for x in f.values.get("files", [])} for f in found)
            scores.findings_by_kind[g["kind"]][0] += hit
            scores.findings_by_kind[g["kind"]][1] += 1
        for f in found:
            if f.kind == "cross_doc" and f.severity in ("error", "warning"):
                ok = any(g["kind"] == "cross_doc" and set(g.get("files", [])) <= {Path(x).name for x in f.values.get("files", [])}
                         and (not g.get("concept") or g["concept"] in f.concepts) for g in gold.get("findings", []))
                scores.arith_precision.add(int(ok), int(not ok), 0)


def category_report(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs if p != "-"})
    acc = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    f1s = []
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        t = Tally(tp, fp, fn)
        if tp + fn:
            f1s.append(t.f1)
        per[lab] = round(t.f1, 3)
    confusion = Counter(f"{g}->{p}" for g, p in pairs if g != p)
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
            "per_category_f1": per, "n": len(pairs), "confusions": dict(confusion.most_common(20)),
            "matrix": {g: dict(Counter(p for gg, p in pairs if gg == g)) for g in labels}}


def summary(scores: Scores) -> dict[str, Any]:
    recall_all = [v for v in scores.findings_by_kind.values()]
    hits = sum(h for h, _ in recall_all)
    total = sum(t for _, t in recall_all)
    arith = [scores.findings_by_kind[k] for k in ARITHMETIC_KINDS if k in scores.findings_by_kind]
    text_kinds = [scores.findings_by_kind[k] for k in ("proofing", "placeholder") if k in scores.findings_by_kind]
    return {
        "documents": scores.documents,
        "failed": scores.errors,
        "sections": round(scores.sections_hit / scores.sections_total, 4) if scores.sections_total else None,
        "figures": scores.figures.as_dict(),
        "scope_accuracy": round(scores.scope_hit / scores.scope_total, 4) if scores.scope_total else None,
        "scope_n": scores.scope_total,
        "problems": scores.problems.as_dict(),
        "measures": scores.measures.as_dict(),
        "categories": category_report(scores.category_pairs),
        "findings_recall": round(hits / total, 4) if total else None,
        "findings_recall_by_kind": {k: {"found": h, "gold": t, "recall": round(h / t, 4) if t else None}
                                    for k, (h, t) in sorted(scores.findings_by_kind.items())},
        "arithmetic_recall": round(sum(h for h, _ in arith) / sum(t for _, t in arith), 4)
        if arith and sum(t for _, t in arith) else None,
        "text_findings_recall": round(sum(h for h, _ in text_kinds) / sum(t for _, t in text_kinds), 4)
        if text_kinds and sum(t for _, t in text_kinds) else None,
        "arithmetic_precision": scores.arith_precision.as_dict(),
        "clean_documents": scores.clean_docs,
        "clean_documents_with_errors": scores.clean_docs_with_errors,
        "text_false_per_10k": round(scores.text_false * 10_000 / scores.text_chars, 3) if scores.text_chars else None,
        "text_false": scores.text_false,
        "text_chars": scores.text_chars,
    }


def format_summary(s: dict[str, Any], per_doc: Iterable[dict] = ()) -> str:
    lines = [f"文档 documents: {s['documents']}   读取失败 failed: {len(s['failed'])}"]
    for f in s["failed"]:
        lines.append(f"  ! {f}")
    lines.append(f"章节 sections matched: {s['sections']}")
    fg = s["figures"]
    lines.append(f"数据 figures: P={fg['precision']:.3f} R={fg['recall']:.3f} F1={fg['f1']:.3f} "
                 f"(tp {fg['tp']}, fp {fg['fp']}, fn {fg['fn']})   scope accuracy: {s['scope_accuracy']} (n={s['scope_n']})")
    for k, name in (("problems", "问题 problems"), ("measures", "措施 measures")):
        t = s[k]
        lines.append(f"{name}: P={t['precision']:.3f} R={t['recall']:.3f} F1={t['f1']:.3f} "
                     f"(tp {t['tp']}, fp {t['fp']}, fn {t['fn']})")
    c = s["categories"]
    lines.append(f"分类 categories: accuracy={c['accuracy']} macro-F1={c['macro_f1']} (n={c['n']})")
    if c["confusions"]:
        lines.append("  confusions (gold->pred): " + ", ".join(f"{k}×{v}" for k, v in c["confusions"].items()))
    if c["matrix"]:
        lines.append("  confusion table (gold: predicted×count, F1):")
        for gold, row in sorted(c["matrix"].items()):
            cells = ", ".join(f"{p}×{n}" for p, n in sorted(row.items(), key=lambda kv: (kv[0] != gold, kv[0])))
            lines.append(f"    {gold} (n={sum(row.values())}, F1={c['per_category_f1'].get(gold, 0):.2f}): {cells}")
    lines.append(f"发现 findings recall: {s['findings_recall']}   arithmetic recall: {s['arithmetic_recall']}   "
                 f"proofing/placeholder recall: {s['text_findings_recall']}")
    for k, v in s["findings_recall_by_kind"].items():
        lines.append(f"  {k:<13} {v['found']}/{v['gold']}")
    lines.append(f"text findings false alarms: {s['text_false']} in {s['text_chars']} chars "
                 f"(text_false_per_10k={s['text_false_per_10k']})")
    ap = s["arithmetic_precision"]
    lines.append(f"arithmetic-findings precision: {ap['precision']:.3f} (tp {ap['tp']}, fp {ap['fp']})")
    lines.append(f"clean documents: {s['clean_documents']}, with error-level findings: "
                 f"{len(s['clean_documents_with_errors'])}")
    for d in per_doc:
        lines.append(f"- {d['file']}: sections {d['sections'][0]}/{d['sections'][1]} figures {d['figures']} "
                     f"problems {d['problems']} measures {d['measures']}")
        for m in d["missed_findings"]:
            lines.append(f"    missed: {m}")
        for e in d["extra_findings"]:
            lines.append(f"    found: {e}")
    return "\n".join(lines)
