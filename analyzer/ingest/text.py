"""Plain-text reader: detect the encoding with a fixed, explainable chain and split physical lines."""
from __future__ import annotations

import codecs
import re

from ..errors import IngestError, message
from ..model import Block, Notice

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),   # before UTF-16 LE: its BOM starts with the UTF-16 LE BOM
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0/C1 controls other than tab, newline, carriage return and form feed: real text has (almost) none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``. Chain: BOM → UTF-16 by NUL bytes → strict UTF-8 → strict GB18030.

    Never ``gbk``: GB18030 is its superset and also covers characters such as 䶮 (U+4DAE).
    Statistical detectors guess wrong on short Chinese strings, so they are not used.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data, enc), enc
    utf16 = _utf16_by_nuls(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data:
        raise IngestError("unsupported_format", "binary data (NUL bytes that are not UTF-16)")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise IngestError("wrong_encoding")


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM: CJK and ASCII text puts NUL bytes mostly on one parity."""
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls < max(2, len(sample) // 20):
        return None
    even = sample[0::2].count(0)
    odd = nuls - even
    if odd >= 0.9 * nuls:
        return "utf-16-le"
    if even >= 0.9 * nuls:
        return "utf-16-be"
    return None


def _strict(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise IngestError("wrong_encoding", f"invalid {enc}: {exc.reason}") from exc


def read_text(data: bytes) -> tuple[tuple[Block, ...], tuple[Notice, ...]]:
    """One ``line`` block per physical line (hard wraps are reflowed later by normalization)."""
    text, enc = decode(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 100):
        raise IngestError("unsupported_format", "binary data (control characters)")
    if controls:
        text = _CONTROL.sub("", text)
    notices: tuple[Notice, ...] = ()
    if enc == "gb18030":
        notices = (Notice("encoding_fallback", message("encoding_fallback")),)
    blocks = tuple(Block(line, kind="line") for line in text.split("\n"))
    # Trailing newline(s) would add empty blocks at the end; keep inner blank lines (paragraph breaks).
    while blocks and not blocks[-1].text.strip():
        blocks = blocks[:-1]
    return blocks, notices
