"""Near-duplicate search at batch scale: 10,000 synthetic reports built from corpus sentences.

Each synthetic report is a sequence of sentences, each sentence recombined from 2–4 random clauses of the
corpus .txt files (so most sentences are unique, as in real reports), plus a shared notice sentence in every
report (boilerplate) and planted copies: a passage of four consecutive sentences copied from one report into
another with the unit name changed. Prints the wall time of the near-duplicate search, the number of copying
pairs found and how many planted pairs were recovered.

Run: python benchmarks/bench_similarity.py [--reports 10000] [--sentences 40] [--planted 100] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer import similarity  # noqa: E402
from analyzer.model import Meta, Report  # noqa: E402

NOTICE = "根据上级党组织关于开展基层党建工作自查的通知要求，对照标准化规范化建设的各项指标逐条逐项进行了认真自查。"


def _clauses() -> list[str]:
    out = []
    for p in sorted((ROOT / "corpora").glob("*/*/*.txt")):
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        out.extend(c for c in re.split(r"[，。；！？\n]", re.sub(r"\s+", "", text)) if 6 <= len(c) <= 40)
    return out


def build(n: int, per_report: int, planted: int, seed: int) -> tuple[list[Report], set[tuple[str, str]]]:
    rng = random.Random(seed)
    clauses = _clauses()
    bodies = []
    for _ in range(n):
        sents = ["，".join(rng.sample(clauses, rng.randint(2, 4))) + "。" for _ in range(per_report)]
        bodies.append(sents)
    pairs = set()
    for _ in range(planted):
        a, b = rng.sample(range(n), 2)
        at = rng.randrange(per_report - 4)
        passage = [s.replace("党支部", "本支部") for s in bodies[a][at:at + 4]]
        bt = rng.randrange(per_report - 4)
        bodies[b][bt:bt + 4] = passage
        pairs.add(tuple(sorted((f"syn/{a:05d}.txt", f"syn/{b:05d}.txt"))))
    reports = []
    for i, sents in enumerate(bodies):
        text = NOTICE + "\n" + "".join(sents)
        reports.append(Report(file=f"syn/{i:05d}.txt", sha256=None, format="txt", status="ok", text=text,
                              meta=Meta(unit=f"临江市第{i}社区党支部", year=2023)))
    return reports, pairs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--planted", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    reports, planted = build(args.reports, args.sentences, args.planted, args.seed)
    chars = sum(len(r.text) for r in reports)
    t1 = time.perf_counter()
    analysis = similarity.analyse(reports)
    t2 = time.perf_counter()
    found = similarity.batch_findings(reports, analysis)
    t3 = time.perf_counter()
    pairs = {tuple(sorted(f.values["files"])) for f in found}
    print(f"reports: {len(reports)}  characters: {chars:,}  build: {t1 - t0:.1f}s")
    print(f"near-duplicate search (sentences, MinHash, LSH, clusters): {t2 - t1:.1f}s   findings: {t3 - t2:.1f}s")
    print(f"wall time: {t3 - t1:.1f}s   copying pairs found: {len(pairs)}   planted: {len(planted)}   "
          f"recovered: {len(pairs & planted)}   other pairs: {len(pairs - planted)}")


if __name__ == "__main__":
    main()
