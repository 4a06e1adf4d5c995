"""DOCX reader: body paragraphs and tables in body order, Word auto-numbering rendered, text boxes once.

The package is read with zipfile + lxml directly (the same XML python-docx wraps) so that .docm/.dotx
variants open too, external relationships are never followed and macros are never touched. Headers and
footers live in their own parts and are simply not read.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from ..errors import IngestError
from ..model import Block, Notice
from .numbering import Numbering, Styles, W

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAX_PART = 256 * 2**20          # uncompressed size cap per XML part (zip-bomb guard)
_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_CJK_START = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def read_docx(data: bytes) -> tuple[list[Block], list[Notice]]:
    """Blocks of the main document body of a .docx given as bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            doc_name = _main_part(z)
            rels = _part_rels(z, doc_name)
            body = _xml(z, doc_name).find(W + "body")
            styles = Styles(_xml(z, rels["styles"]) if "styles" in rels else None)
            numbering = Numbering(_xml(z, rels["numbering"]) if "numbering" in rels else None, styles)
            if body is None:
                raise IngestError("corrupt_file", "word/document.xml has no w:body")
            out: list[Block] = []
            _Walker(styles, numbering).walk(body, out)
    except IngestError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise IngestError("corrupt_file", f"{type(exc).__name__}: {exc}") from exc
    return out, []


def _xml(z: zipfile.ZipFile, name: str):
    info = z.getinfo(name)
    if info.file_size > _MAX_PART:
        raise IngestError("too_large", f"{name} expands to {info.file_size} bytes")
    return etree.fromstring(z.read(name), _PARSER)


def _main_part(z: zipfile.ZipFile) -> str:
    try:
        root = _xml(z, "_rels/.rels")
        for rel in root.iter(_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                return rel.get("Target", "").lstrip("/")
    except KeyError:
        pass
    return "word/document.xml"


def _part_rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Internal targets of ``part`` keyed by the last word of the relationship type (styles, numbering)."""
    folder, name = posixpath.split(part)
    try:
        root = _xml(z, posixpath.join(folder, "_rels", name + ".rels"))
    except KeyError:
        return {}
    found = {}
    for rel in root.iter(_REL + "Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if path in z.namelist():
            found[rel.get("Type", "").rsplit("/", 1)[-1]] = path
    return found


class _Walker:
    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def walk(self, container, out: list[Block]) -> None:
        for el in container:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el, out)
            elif tag == W + "tbl":
                self.table(el, out)
            elif tag == MC + "AlternateContent":
                self.walk(_choice(el), out)
            elif tag in (W + "sdt", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"):
                inner = el.find(W + "sdtContent")
                self.walk(inner if inner is not None else el, out)

    def paragraph(self, p, out: list[Block]) -> None:
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        style = pstyle.get(W + "val") if pstyle is not None else None
        parts: list[str] = []
        boxes: list = []
        _collect(p, parts, boxes)
        body = "".join(parts)
        mark = self.numbering.marker(ppr, style)
        text = body
        if mark is not None and body.strip():
            marker, suff = mark
            # Word shows a tab/space after the number; in Chinese text that gap is layout, not a space.
            sep = "" if suff == "nothing" or not marker or _CJK_START.match(body.lstrip()) \
                or _CJK_START.match(marker[-1]) else " "
            text = marker + sep + body.lstrip()
        if text.strip():
            out.append(Block(text, kind="para", level=self.level(ppr, style)))
        for box in boxes:
            self.walk(box, out)

    def level(self, ppr, style: str | None) -> int | None:
        for sid, _ in self.styles.chain(style):
            m = _HEADING.match(self.styles.name(sid))
            if m:
                return int(m.group(1))
        own = ppr.find(W + "outlineLvl") if ppr is not None else None
        lvl = int(own.get(W + "val")) if own is not None else self.styles.outline_level(style)
        return lvl + 1 if lvl is not None and 0 <= lvl < 9 else None

    def table(self, tbl, out: list[Block]) -> None:
        for tr in _children(tbl, W + "tr"):
            cells = []
            for tc in _children(tr, W + "tc"):
                inner: list[Block] = []
                self.walk(tc, inner)
                # Continuation cells of a vertical merge are empty in the XML, so merged text appears once.
                cells.append(" ".join(b.text.replace("\t", " ").strip() for b in inner if b.text.strip()))
            if any(cells):
                out.append(Block("\t".join(cells), kind="table_row"))


def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls (w:sdt) around rows and cells."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent")
            yield from _children(inner if inner is not None else child, tag)


def _choice(alt):
    """The mc:Choice of an AlternateContent; the mc:Fallback is a copy (VML text box) and is skipped."""
    choice = alt.find(MC + "Choice")
    return choice if choice is not None else (alt.find(MC + "Fallback") if alt.find(MC + "Fallback") is not None else [])


_SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "delText", W + "instrText", W + "rt",
         W + "footnoteReference", W + "endnoteReference", W + "commentReference"}


def _collect(el, parts: list[str], boxes: list) -> None:
    """Visible text of a paragraph in order; text boxes are set aside to become blocks of their own."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            parts.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == W + "cr":
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "sym":
            try:
                ch = chr(int(child.get(W + "char", "0"), 16))
            except ValueError:
                continue
            if not "\ue000" <= ch <= "\uf8ff":  # Symbol/Wingdings glyphs live in the private use area
                parts.append(ch)
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == MC + "AlternateContent":
            _collect(_choice(child), parts, boxes)
        else:
            _collect(child, parts, boxes)
