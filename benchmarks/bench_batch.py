"""Time of the cross-document checks (parent/branch, year over year, copied passages, other units' names) on
synthetic batches built from the corpus: every report copied under a distinct unit name.

    python benchmarks/bench_batch.py [N ...]
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer import analyze  # noqa: E402
from analyzer.crossdoc import batch_findings  # noqa: E402


def main(sizes: list[int]) -> None:
    base = [analyze(p) for p in sorted((ROOT / "corpora").rglob("*.txt"))]
    for n in sizes:
        batch = []
        for i in range(n):
            r = base[i % len(base)]
            batch.append(replace(r, file=f"/batch/{i:05d}-{Path(r.file).name}",
                                 meta=replace(r.meta, unit=f"{r.meta.unit or '某单位'}（{i}）")))
        t = time.perf_counter()
        found = batch_findings(batch)
        print(f"{n} reports: cross-document checks {time.perf_counter() - t:.1f} s, {len(found)} findings")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 3000])
