"""Optional spaCy view of the figures: ``doc.spans["figures"]`` on a ``spacy.blank("zh")`` Doc.

The dataclasses of :mod:`analyzer.figures` stay the core; this only aligns their character offsets to tokens
(``char_span(alignment_mode="expand")``) so figures can be shown with displaCy or combined with other span
groups. spaCy is imported lazily so the rest of the package does not need it.
"""
from __future__ import annotations

from typing import Any, Sequence

from .figures import extract
from .model import Figure, Section

SPAN_KEY = "figures"


def figures_doc(text: str, sections: Sequence[Section] = (), unit: str | None = None, nlp: Any = None,
                figures: Sequence[Figure] | None = None) -> Any:
    """A Doc of ``text`` whose ``spans["figures"]`` holds one span per figure, labelled with its concept.

    ``nlp`` defaults to ``spacy.blank("zh")`` (character tokens, no download). Each span's ``_`` is untouched;
    the matching :class:`Figure` objects are in ``doc.user_data["figures"]`` in the same order.
    """
    if nlp is None:
        import spacy

        nlp = spacy.blank("zh")
    doc = nlp.make_doc(text)
    return set_figure_spans(doc, figures if figures is not None else extract(text, sections, unit))


def set_figure_spans(doc: Any, figures: Sequence[Figure]) -> Any:
    """Set ``doc.spans["figures"]`` from figures whose offsets index ``doc.text``; returns the doc."""
    spans, kept = [], []
    for fig in figures:
        span = doc.char_span(fig.start, fig.end, label=fig.concept, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            kept.append(fig)
    doc.spans[SPAN_KEY] = spans
    doc.user_data[SPAN_KEY] = tuple(kept)
    return doc
