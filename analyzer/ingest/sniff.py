"""Decide a file's format from its bytes, never from its extension (except to tell .wps from .doc)."""
from __future__ import annotations

import io
import zipfile

from ..errors import IngestError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Image and other binary signatures we reject early with a clear code instead of a decoding failure.
_BINARY_MAGICS = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM", b"RIFF",
    b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ", b"%!PS", b"{\\rtf",
)
# OLE2 directory entries store stream names as UTF-16LE; a byte search is enough to recognise them
# without a full compound-file parser.
_OLE_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_OLE_WORD = "WordDocument".encode("utf-16-le")


def sniff(data: bytes, ext: str = "") -> str:
    """Return ``pdf``, ``docx``, ``doc``, ``wps`` or ``txt`` for ``data``; raise IngestError otherwise.

    ``txt`` only means "not a known container": the text reader still decides whether it decodes.
    """
    head = data[:1024]
    if b"%PDF-" in head:  # some producers put junk before the header; readers accept it within 1 KiB
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole(data, ext)
    if any(data.startswith(m) for m in _BINARY_MAGICS):
        raise IngestError("unsupported_format", "binary file (image, archive, executable or RTF)")
    return "txt"


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise IngestError("corrupt_file", f"broken ZIP container: {exc}") from exc
    if "word/document.xml" in names or any(n.lower() == "word/document.xml" for n in names):
        return "docx"
    raise IngestError("unsupported_format", "ZIP container without word/document.xml (xlsx, pptx, zip …)")


def _sniff_ole(data: bytes, ext: str) -> str:
    if any(marker in data for marker in _OLE_ENCRYPTED):
        # Password-protected .docx files are stored as an OLE2 wrapper around the encrypted package.
        raise IngestError("docx_encrypted")
    # Kingsoft .wps files are unverified (no genuine sample offline): trust the extension and let
    # LibreOffice try when the Word stream name is not found.
    if _OLE_WORD not in data and ext.lower() not in (".doc", ".dot", ".wps", ".wpt"):
        raise IngestError("unsupported_format", "OLE2 file that is not a Word document (xls, ppt, msg …)")
    return "wps" if ext.lower() == ".wps" else "doc"
