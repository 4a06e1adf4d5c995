"""analyzer: reads Chinese self-inspection reports (自查报告) and reports what a careful reviewer would find.

Public surface::

    analyzer.analyze(path)        -> Report          one file
    analyzer.analyze_text(text)   -> Report          a string
    analyzer.to_dict(report)      -> dict            the report-v1 JSON object
    analyzer.review(dir, out=…)   -> ReviewResult    a batch: Excel, HTML, JSONL, Parquet and DataFrames
    analyzer.check(dir)           -> (reports, batch findings)   parent vs branch, year over year, copying
    analyzer.frames(reports)      -> dict of DataFrames (documents, sections, figures, problems, measures, findings)
"""
from __future__ import annotations

import logging
from importlib import import_module

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

_LAZY = {
    "analyze": ("pipeline", "analyze"),
    "analyze_text": ("pipeline", "analyze_text"),
    "to_dict": ("report", "to_dict"),
    "review": ("batch", "review"),
    "check": ("batch", "check"),
    "frames": ("export.frames", "frames"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    # lazy so that `import analyzer` stays cheap (jieba, pdfplumber, sklearn load on first use only)
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(name)
