"""Files of a batch: which files of a folder are submissions (everything below it, recursively, in a stable
order) and the content hash that identifies a file in outputs and in the result cache."""
from __future__ import annotations

import hashlib
import os
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


def file_sha256(path: str | os.PathLike) -> str | None:
    """SHA-256 of a file's bytes, read in chunks; None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()
