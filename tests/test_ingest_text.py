"""Plain-text ingestion, sniffing and the generic error paths of ``analyzer.ingest.read``."""
from __future__ import annotations

import hashlib
import os
import zipfile

import docgen
import pytest

from analyzer.errors import IngestError
from analyzer.ingest import read

GBK_ONLY = [line for line in docgen.TXT_LINES if "䶮" not in line]


@pytest.mark.parametrize("encoding,crlf,fallback", [
    ("gb18030", False, True),
    ("gb18030", True, True),
    ("utf-8", False, False),
    ("utf-8-sig", True, False),
    ("utf-16", False, False),      # BOM, little-endian on this platform
    ("utf-16-le", False, False),   # no BOM
    ("utf-16-be", False, False),   # no BOM: found by the NUL-byte rule
])
def test_encodings(tmp_path, encoding, crlf, fallback):
    p = docgen.write_txt(tmp_path / "r.txt", encoding, crlf=crlf)
    doc = read(p)
    assert doc.format == "txt"
    assert [b.text for b in doc.blocks] == docgen.TXT_LINES
    assert all(b.kind == "line" for b in doc.blocks)
    assert doc.path == str(p)
    assert doc.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert [w.code for w in doc.warnings] == (["encoding_fallback"] if fallback else [])
    assert "\ufeff" not in doc.blocks[0].text


def test_short_gbk_string(tmp_path):
    p = tmp_path / "short.txt"
    p.write_bytes("自查报告：已整改。".encode("gbk"))
    assert read(p).blocks[0].text == "自查报告：已整改。"


def test_extension_is_ignored(tmp_path):
    p = docgen.write_txt(tmp_path / "looks_like.pdf", "utf-8")
    assert read(p).format == "txt"


@pytest.mark.parametrize("content", [b"", b"   \r\n\n\t ", "\ufeff".encode("utf-8")])
def test_empty(tmp_path, content):
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "empty_document"


def test_random_binary(tmp_path):
    p = tmp_path / "noise.txt"
    p.write_bytes(os.urandom(4096))
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code in ("unsupported_format", "wrong_encoding")


def test_image_is_unsupported(tmp_path):
    p = tmp_path / "scan.docx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "unsupported_format"


def test_wrong_encoding(tmp_path):
    p = tmp_path / "bad.txt"
    # Valid as neither UTF-8 nor GB18030 (0xFF is never a lead byte), yet no NULs or control characters.
    p.write_bytes("正文".encode("utf-8") + b"\xff\xfe\xff abc")
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "wrong_encoding"


def test_zip_without_word_part(tmp_path):
    p = tmp_path / "book.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "unsupported_format"


def test_missing_and_too_large(tmp_path):
    with pytest.raises(IngestError) as ei:
        read(tmp_path / "nope.txt")
    assert ei.value.code == "file_not_found"
    assert isinstance(ei.value, OSError)
    p = docgen.write_txt(tmp_path / "r.txt", "utf-8")
    with pytest.raises(IngestError) as ei:
        read(p, max_bytes=10)
    assert ei.value.code == "too_large"


def test_directory_is_unreadable(tmp_path):
    with pytest.raises(IngestError) as ei:
        read(tmp_path)
    assert ei.value.code == "unreadable"


def test_ole2_encrypted_docx(tmp_path):
    # Minimal stand-in for the OLE2 wrapper Word writes around a password-protected .docx.
    p = tmp_path / "secret.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le")
                  + b"\x00" * 100)
    with pytest.raises(IngestError) as ei:
        read(p)
    assert ei.value.code == "docx_encrypted"
