"""Reuse the analysis of unchanged files when a batch is reviewed again (DESIGN.md §9).

A result is keyed by the SHA-256 of the file's bytes, the analyzer version, a digest of the bundled resources
(lexicons, rules, model) and the settings, so any change to the file or to the tool invalidates it. Entries are
pickled Reports written atomically into the cache folder; the folder is the user's own, so a corrupt or stale
entry is simply analysed again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import astuple
from functools import cache
from pathlib import Path

from . import __version__
from .files import file_sha256
from .model import Report
from .resources import path as resource_path
from .settings import Settings

log = logging.getLogger(__name__)


@cache
def _tool_digest() -> str:
    """Version plus every bundled resource file (a retrained model or an edited lexicon changes results)."""
    h = hashlib.sha256(__version__.encode())
    root = Path(str(resource_path("")))
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix != ".pyc":
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def key(path: str | os.PathLike, settings: Settings) -> str | None:
    sha = file_sha256(path)
    if sha is None:
        return None
    extra = hashlib.sha256(repr(astuple(settings)).encode()).hexdigest()[:8]
    return f"{sha}-{_tool_digest()}-{extra}"


class ResultCache:
    """A folder of cached Reports. ``get`` returns the report renamed to the path asked for."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def get(self, k: str | None, path: str) -> Report | None:
        if k is None:
            return None
        try:
            with open(self.folder / f"{k}.pkl", "rb") as fh:
                report = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not isinstance(report, Report):
            return None
        from dataclasses import replace
        return replace(report, file=str(path))

    def put(self, k: str | None, report: Report) -> None:
        if k is None or report.status != "ok":
            return   # errors are cheap to reproduce and may be fixed by installing a converter
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pkl")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(report, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{k}.pkl")
        except OSError as exc:  # a full disk must not fail the review
            log.warning("cache write failed: %s", exc)
            Path(tmp).unlink(missing_ok=True)


def analyze_cached(path: str, settings: Settings, folder: str | os.PathLike | None):
    """``pipeline.analyze`` through the cache when a folder is given."""
    from .pipeline import analyze
    if folder is None:
        return analyze(path, settings)
    store = ResultCache(folder)
    k = key(path, settings)
    hit = store.get(k, path)
    if hit is not None:
        return hit
    report = analyze(path, settings)
    store.put(k, report)
    return report
