"""Ingestion throughput: ``analyzer.ingest.read`` on a ~20-page Chinese PDF next to bare pdfplumber
``extract_text()``, plus plain-text files per second.

Run standalone: ``python benchmarks/bench_ingest.py [--pages 21] [--repeat 3]``. Documents are generated in
a temporary directory with the test generators (reportlab, built-in STSong-Light font).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import docgen  # noqa: E402  (also makes ``analyzer`` importable while sibling stages are unwritten)
import pdfplumber  # noqa: E402

from analyzer.ingest import read  # noqa: E402


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def bare_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=21)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--txt-files", type=int, default=200)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = docgen.write_pdf(Path(tmp, "report.pdf"), pages=args.pages)
        doc = read(pdf)
        n = doc.pages or 0
        t_read = best_of(args.repeat, lambda: read(pdf))
        t_bare = best_of(args.repeat, lambda: bare_pdfplumber(pdf))
        print(f"PDF ({n} pages, {len(doc.blocks)} blocks, {sum(len(b.text) for b in doc.blocks)} chars)")
        print(f"  analyzer.ingest.read          {n / t_read:7.1f} pages/s  ({t_read:.2f} s)")
        print(f"  pdfplumber extract_text()     {n / t_bare:7.1f} pages/s  ({t_bare:.2f} s)")

        text = ("\n".join(docgen.TXT_LINES) + "\n") * 40          # ~5 KB, a typical report
        files = []
        for i in range(args.txt_files):
            enc = ("utf-8", "gb18030", "utf-16", "utf-8-sig")[i % 4]
            files.append(docgen.write_txt(Path(tmp, f"r{i}.txt"), enc, text=text))
        t_txt = best_of(args.repeat, lambda: [read(f) for f in files])
        print(f"TXT ({len(files)} files, ~{len(text)} chars each, 4 encodings)")
        print(f"  analyzer.ingest.read          {len(files) / t_txt:7.0f} files/s")


if __name__ == "__main__":
    main()
