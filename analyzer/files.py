"""Which files of a folder are submissions: everything below it, recursively, in a stable order."""
from __future__ import annotations

from pathlib import Path

SKIP_SUFFIXES = (".gold.json", ".jsonl")   # gold annotations (incl. batch.gold.json) and our own outputs


def iter_files(root: str | Path) -> list[Path]:
    """Every file under ``root`` (recursively), hidden files and gold annotations left out, in a stable order."""
    root = Path(root)
    if root.is_file():
        return [root]
    # hidden-ness is judged below root only, so a batch kept under ~/.cache still gets scanned
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts)
                  and not p.name.endswith(SKIP_SUFFIXES))
