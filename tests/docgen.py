"""Test-time document generators (no binary fixtures in git); also usable by corpus build scripts.

Every generator writes a file and returns its path. The ground-truth strings live here too, so tests can
assert real content and order.
"""
from __future__ import annotations

import importlib
import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_analyzer_importable() -> None:
    """Import ``analyzer`` even while sibling stages that ``analyzer/__init__`` imports are unwritten.

    Falls back to a bare package object so ``analyzer.ingest`` can be tested on its own.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        importlib.import_module("analyzer")
    except ImportError:
        for name in [m for m in sys.modules if m == "analyzer" or m.startswith("analyzer.")]:
            del sys.modules[name]
        pkg = types.ModuleType("analyzer")
        pkg.__path__ = [str(ROOT / "analyzer")]  # type: ignore[attr-defined]
        sys.modules["analyzer"] = pkg


ensure_analyzer_importable()

# ---------------------------------------------------------------------------------------------- text
TXT_LINES = [
    "中共临江市东湖街道工作委员会",
    "关于2024年度党建工作的自查报告",
    "",
    "一、基本情况",
    "街道党工委下设党支部12个，共有党员344名，其中预备党员6名。",
    "䶮字检验：全年开展主题党日活动48次。",
]
TXT = "\n".join(TXT_LINES) + "\n"


def write_txt(path: str | os.PathLike[str], encoding: str, *, crlf: bool = False, text: str = TXT) -> Path:
    """Write ``text`` in ``encoding`` (``utf-16-be`` etc. write no BOM; ``utf-8-sig``/``utf-16`` do)."""
    if crlf:
        text = text.replace("\n", "\r\n")
    p = Path(path)
    p.write_bytes(text.encode(encoding))
    return p
