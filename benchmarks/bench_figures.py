"""Figure-extraction speed in characters per second on the seed report and on corpora/dev texts.

Run: python benchmarks/bench_figures.py [--repeat N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.figures import extract  # noqa: E402


def _texts() -> list[tuple[str, str]]:
    out = []
    for p in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")):
        out.append((f"seed/{p.name}", p.read_text(encoding="utf-8")))
    for p in sorted((ROOT / "corpora" / "dev").glob("*/*.txt")):
        try:
            out.append((f"dev/{p.parent.name}/{p.name}", p.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            out.append((f"dev/{p.parent.name}/{p.name}", p.read_text(encoding="gb18030", errors="replace")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    texts = _texts()
    extract("共有党员44名")        # compile the lexicon outside the timing
    groups = {"seed": [t for n, t in texts if n.startswith("seed/")], "dev": [t for n, t in texts if n.startswith("dev/")]}
    for name, items in groups.items():
        if not items:
            continue
        chars = sum(map(len, items))
        best = float("inf")
        figs = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            figs = sum(len(extract(t)) for t in items)
            best = min(best, time.perf_counter() - t0)
        print(f"{name}: {len(items)} texts, {chars} chars, {figs} figures, best {best * 1000:.1f} ms, "
              f"{chars / best / 1000:.0f} kchar/s")


if __name__ == "__main__":
    main()
