"""Throughput of the whole pipeline (`analyzer.analyze`) on the corpus, next to bare pdfplumber, plus the
classifier's start-up cost and per-item prediction time. Prints figures; asserts nothing.

    python benchmarks/bench_pipeline.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer import analyze  # noqa: E402
from analyzer.corpus_formats import render_pdf  # noqa: E402


def best_of(n, fn):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    txts = sorted((ROOT / "corpora").rglob("*.txt"))
    analyze(txts[0])  # warm-up: imports, lexicons, model
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in txts)
    t = best_of(3, lambda: [analyze(p) for p in txts])
    print(f".txt through analyze(): {len(txts)} reports in {t:.2f} s = {len(txts) / t:.1f} reports/s, "
          f"{chars / t / 1000:.0f}k chars/s")

    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for p in txts[:20]:
            out = Path(tmp) / (p.stem + ".pdf")
            render_pdf(p.read_text(encoding="utf-8", errors="replace"), out)
            pdfs.append(out)
        import pdfplumber
        pages = 0
        for p in pdfs:
            with pdfplumber.open(p) as pdf:
                pages += len(pdf.pages)

        def bare():
            for p in pdfs:
                with pdfplumber.open(p) as pdf:
                    for page in pdf.pages:
                        page.extract_text()
        t_pipe = best_of(2, lambda: [analyze(p) for p in pdfs])
        t_bare = best_of(2, bare)
        print(f".pdf through analyze(): {pages} pages in {t_pipe:.2f} s = {pages / t_pipe:.1f} pages/s; "
              f"bare pdfplumber extract_text(): {pages / t_bare:.1f} pages/s")

    code = ("import time; t=time.perf_counter(); from analyzer.classify import load_model; load_model(); "
            "print(time.perf_counter()-t)")
    loads = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                  check=True).stdout) for _ in range(3)]
    print(f"classifier start-up (import + load, fresh process): {statistics.median(loads) * 1000:.0f} ms")
    from analyzer.classify import classify_items
    items = [i for p in txts for i in analyze(p, {"classify": False}).problems]
    t = best_of(3, lambda: classify_items(items))
    print(f"classification: {len(items)} items in {t * 1000:.0f} ms = {t / len(items) * 1e6:.0f} µs/item")


if __name__ == "__main__":
    main()
