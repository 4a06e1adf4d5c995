"""Plain, frozen value objects passed between the pipeline stages.

Every fact carries character offsets (``start``/``end``) into the normalized text of its report, so any
view can highlight exactly what was read. Nothing here does I/O or analysis.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

SECTION_ROLES = ("preamble", "work", "problems", "causes", "measures", "other", "closing")
FINDING_KINDS = (
    "sum", "bound", "requires", "equal", "duplicate", "enumeration", "frequency", "cross_doc", "trend",
    "coverage", "completeness", "proofing", "placeholder", "similarity",
)
SEVERITIES = ("error", "warning", "info")
PERIODS = ("week", "month", "quarter", "half_year", "year")


@dataclass(frozen=True)
class Notice:
    """A warning attached to a document (``ocr_needed`` …): stable code plus a Chinese+English message."""

    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Block:
    """One unit of text as the reader found it, before normalization.

    ``kind`` is ``para`` (a paragraph the format already delimits), ``line`` (a physical line of a plain-text
    file that may be a hard wrap) or ``table_row`` (cells joined by a tab). ``level`` is a heading-level hint
    from the source (Word heading style, PDF font), ``None`` when the source says nothing.
    """

    text: str
    page: int | None = None
    kind: str = "para"
    level: int | None = None


@dataclass(frozen=True)
class RawDocument:
    path: str
    format: str
    sha256: str
    blocks: tuple[Block, ...]
    warnings: tuple[Notice, ...] = ()
    pages: int | None = None


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    page: int | None = None
    kind: str = "para"
    level: int | None = None


@dataclass(frozen=True)
class NormalizedText:
    text: str
    paragraphs: tuple[Paragraph, ...]
    script: str = "simplified"          # simplified | traditional | mixed
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading found in the text: ``marker`` as written (``一、``), ``title`` without marker.

    ``start``/``end`` cover marker and title; ``content_end`` is where the heading's extent ends (the next
    heading of the same or a higher level, or the end of the text). ``style`` names the numbering style
    (``cn_comma`` for 一、, ``cn_paren`` for （一）, ``arabic_dot`` for 1. …) so gaps can be checked per style.
    """

    marker: str
    title: str
    level: int
    start: int
    end: int
    style: str
    number: int | None = None
    content_end: int = 0
    glued: bool = False
    children: tuple["Heading", ...] = ()


@dataclass(frozen=True)
class Section:
    role: str
    heading: str
    start: int
    end: int
    roles: tuple[str, ...] = ()          # all roles of a merged heading, first = role
    heading_start: int | None = None
    heading_end: int | None = None


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    unit: str | None = None
    parent_unit: str | None = None
    year: int | None = None
    date: str | None = None             # ISO yyyy-mm-dd, or yyyy-mm when the day is absent
    script: str = "simplified"


@dataclass(frozen=True)
class Figure:
    """A count, amount or rate. ``value`` is the number as written; ``low``/``high`` the interval it stands for."""

    concept: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    approx: bool
    masked: bool
    unit: str
    subject: str
    text: str
    start: int
    end: int
    scope: str | None = None
    section: str | None = None
    per: str | None = None
    qualifier: str | None = None        # e.g. "其中" when the figure is part of a 其中 list
    period: str | None = None           # e.g. "上年底", "年初" when the clause names one


@dataclass(frozen=True)
class Item:
    """A problem or measure statement with its span; ``context`` is the heading of its group, if any."""

    kind: str                           # problem | measure
    text: str
    start: int
    end: int
    section: str
    context: str | None = None
    cause: str | None = None
    category: str | None = None
    confidence: float | None = None
    categories: tuple[tuple[str, float], ...] = ()
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    id: str
    rule: str
    kind: str
    severity: str
    message: str
    concepts: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    category: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Report:
    """One analysed file (or one error row): the report-v1 contract object of DESIGN.md §3."""

    file: str
    sha256: str | None
    format: str | None
    status: str
    error: Mapping[str, str] | None = None
    warnings: tuple[Notice, ...] = ()
    meta: Meta = field(default_factory=Meta)
    text: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    outline: tuple[Heading, ...] = ()
    sections: tuple[Section, ...] = ()
    figures: tuple[Figure, ...] = ()
    problems: tuple[Item, ...] = ()
    measures: tuple[Item, ...] = ()
    findings: tuple[Finding, ...] = ()
    pages: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"
