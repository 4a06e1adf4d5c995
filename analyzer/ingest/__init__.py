"""Ingestion: turn one file into a :class:`RawDocument` of blocks in reading order.

The format is sniffed from the content (see :mod:`.sniff`), then one reader per format does the work:
:mod:`.text`, :mod:`.docx`, :mod:`.pdf` and :mod:`.legacy` (.doc/.wps through LibreOffice). Every failure
is an :class:`IngestError` with a stable code. Nothing in a document is executed or followed.
"""
from __future__ import annotations

import hashlib
import os

from ..errors import IngestError
from ..model import RawDocument
from .sniff import sniff

__all__ = ["read", "read_bytes", "MAX_BYTES"]

MAX_BYTES = 50 * 2**20


def read(path: str | os.PathLike[str], settings: object | None = None, *, max_bytes: int = MAX_BYTES
         ) -> RawDocument:
    """Read ``path`` and return its blocks. ``settings.max_bytes`` and ``settings.convert_timeout`` (if present)
    override ``max_bytes`` and the LibreOffice time limit."""
    limit = getattr(settings, "max_bytes", None) or max_bytes
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > limit:
            raise IngestError("too_large", f"{size} bytes > {limit}")
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise IngestError("file_not_found", name) from exc
    except IngestError:
        raise
    except OSError as exc:  # permission, directory, I/O error
        raise IngestError("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if len(data) > limit:  # the file grew between stat and read
        raise IngestError("too_large", f"> {limit} bytes")
    return read_bytes(data, path=str(name), max_bytes=limit, convert_timeout=getattr(settings, "convert_timeout", None))


def read_bytes(data: bytes, *, path: str = "<bytes>", max_bytes: int = MAX_BYTES,
               convert_timeout: float | None = None) -> RawDocument:
    """Same as :func:`read` for bytes already in memory; ``path`` is only used for the .wps extension."""
    if len(data) > max_bytes:
        raise IngestError("too_large", f"{len(data)} bytes > {max_bytes}")
    if not data.strip():
        raise IngestError("empty_document")
    fmt = sniff(data, os.path.splitext(path)[1])
    pages: int | None = None
    if fmt == "txt":
        from .text import read_text
        blocks, notices = read_text(data)
    elif fmt == "docx":
        from .docx import read_docx
        blocks, notices = read_docx(data)
    elif fmt == "pdf":
        from .pdf import read_pdf
        blocks, notices, pages = read_pdf(data)
    else:
        from .legacy import TIMEOUT_S, read_legacy
        blocks, notices = read_legacy(data, fmt, convert_timeout or TIMEOUT_S)
    if not any(b.text.strip() for b in blocks):
        raise IngestError("empty_document")
    return RawDocument(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                       blocks=tuple(blocks), warnings=tuple(notices), pages=pages)


