"""Wall time and peak memory of ``analyzer review corpora`` with ``--jobs 1`` and ``--jobs 2``.

Run standalone: ``python benchmarks/bench_review.py [--copies 1] [--jobs 1 2]``. Each run is a fresh
subprocess inside a small wrapper process, so the wrapper's ``RUSAGE_CHILDREN`` ``ru_maxrss`` is the peak
resident memory of the largest process of that run (the review process or one of its workers). ``--copies K``
reviews K copies of the corpus, to see that memory stays flat as the batch grows.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in its own process so that RUSAGE_CHILDREN covers exactly one review run.
WRAPPER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t0
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def run(corpus: Path, jobs: int, out: Path) -> dict:
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "analyzer", "review", str(corpus),
           "--out", str(out), "--jobs", str(jobs), "--quiet"]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=1, help="review this many copies of corpora/")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = ROOT / "corpora"
        if args.copies > 1:
            corpus = tmp_path / "corpus"
            for i in range(args.copies):
                shutil.copytree(ROOT / "corpora", corpus / f"copy{i}")
        n = sum(1 for p in corpus.rglob("*") if p.is_file() and p.suffix != ".json" and p.suffix != ".jsonl"
                and p.name != "README.md")
        print(f"analyzer review {corpus}  (~{n} documents)")
        for jobs in args.jobs:
            r = run(corpus, jobs, tmp_path / f"out{jobs}")
            status = "ok" if r["rc"] == 0 else f"exit {r['rc']}"
            print(f"  --jobs {jobs}: wall {r['wall']:.2f} s, peak RSS {r['maxrss_kb'] / 1024:.0f} MiB ({status})")


if __name__ == "__main__":
    main()
