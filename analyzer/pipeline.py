"""Run the stages on one document. Any failure becomes an error row; nothing escapes to the caller."""
from __future__ import annotations

import logging
import os
from dataclasses import replace

from . import checks
from . import figures as figures_mod
from . import items as items_mod
from . import meta as meta_mod
from .classify import classify_items
from .errors import AnalyzerError, IngestError
from .files import file_sha256
from .model import RawDocument, Report
from .normalize import normalize, text_to_raw
from .outline import build as build_outline
from .sections import assign as assign_sections
from .settings import Settings

log = logging.getLogger(__name__)


def analyze(path: str | os.PathLike, settings: Settings | dict | None = None) -> Report:
    """Analyse one file. Always returns a Report: ``status == "error"`` with a stable code on failure."""
    settings = Settings.resolve(settings)
    from .ingest import (
        read,  # the readers pull in pdfplumber/docx; load them only when a file is read
    )
    try:
        raw = read(path, settings)
    except AnalyzerError as exc:
        return error_report(str(path), exc)
    except Exception as exc:  # a reader bug must not abort a batch
        log.exception("reading %s failed", path)
        return error_report(str(path), AnalyzerError("internal_error", f"{type(exc).__name__}: {exc}"))
    return analyze_raw(raw, settings)


def analyze_text(text: str, name: str = "<text>", settings: Settings | dict | None = None) -> Report:
    """Analyse a string as if it were a plain-text file called ``name``."""
    return analyze_raw(text_to_raw(text, name), Settings.resolve(settings))


def analyze_raw(raw: RawDocument, settings: Settings) -> Report:
    try:
        return _analyze(raw, settings)
    except AnalyzerError as exc:
        return error_report(raw.path, exc, raw)
    except Exception as exc:
        log.exception("analysing %s failed", raw.path)
        return error_report(raw.path, AnalyzerError("internal_error", f"{type(exc).__name__}: {exc}"), raw)


def _analyze(raw: RawDocument, settings: Settings) -> Report:
    nt = normalize(raw)
    if not nt.text.strip():
        raise IngestError("empty_document")
    outline = build_outline(nt)
    sections = assign_sections(nt, outline)
    meta = meta_mod.extract(nt, sections)
    figures = figures_mod.extract(nt.text, sections, unit=meta.unit)
    problems, measures = items_mod.extract(nt, outline, sections)
    if settings.classify:
        problems, measures = classify_items(problems), classify_items(measures)
    report = Report(
        file=raw.path, sha256=raw.sha256, format=raw.format, status="ok",
        warnings=tuple(raw.warnings) + tuple(nt.warnings), meta=meta, text=nt.text, paragraphs=nt.paragraphs,
        outline=outline.roots, sections=sections, figures=figures, problems=problems, measures=measures,
        pages=raw.pages,
    )
    if settings.checks:
        report = replace(report, findings=checks.run(report))
    return report


def error_report(path: str, exc: AnalyzerError, raw: RawDocument | None = None) -> Report:
    sha = raw.sha256 if raw else file_sha256(path)
    return Report(file=str(path), sha256=sha, format=raw.format if raw else None, status="error",
                  error={"code": exc.code, "message": exc.message})
