"""Test-time document generators (no binary fixtures in git); also usable by corpus build scripts.

Every generator writes a file and returns its path. The ground-truth strings live here too, so tests can
assert real content and order.
"""
from __future__ import annotations

import importlib
import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_analyzer_importable() -> None:
    """Import ``analyzer`` even while sibling stages that ``analyzer/__init__`` imports are unwritten.

    Falls back to a bare package object so ``analyzer.ingest`` can be tested on its own.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        importlib.import_module("analyzer")
    except ImportError:
        for name in [m for m in sys.modules if m == "analyzer" or m.startswith("analyzer.")]:
            del sys.modules[name]
        pkg = types.ModuleType("analyzer")
        pkg.__path__ = [str(ROOT / "analyzer")]  # type: ignore[attr-defined]
        sys.modules["analyzer"] = pkg


ensure_analyzer_importable()

# ---------------------------------------------------------------------------------------------- text
TXT_LINES = [
    "中共临江市东湖街道工作委员会",
    "关于2024年度党建工作的自查报告",
    "",
    "一、基本情况",
    "街道党工委下设党支部12个，共有党员344名，其中预备党员6名。",
    "䶮字检验：全年开展主题党日活动48次。",
]
TXT = "\n".join(TXT_LINES) + "\n"


def write_txt(path: str | os.PathLike[str], encoding: str, *, crlf: bool = False, text: str = TXT) -> Path:
    """Write ``text`` in ``encoding`` (``utf-16-be`` etc. write no BOM; ``utf-8-sig``/``utf-16`` do)."""
    if crlf:
        text = text.replace("\n", "\r\n")
    p = Path(path)
    p.write_bytes(text.encode(encoding))
    return p


# ---------------------------------------------------------------------------------------------- docx
_NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# abstractNum 0: 一、 / （一） (headings, bound through the Heading 1/2 styles);
# abstractNum 1: 1. / (1) for body lists; num 3 restarts abstractNum 1 with startOverride.
NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{_NS_W}">
  <w:abstractNum w:abstractNumId="0">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{{fmt0}}"/><w:pStyle w:val="Heading1"/>
      <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{{fmt0}}"/><w:pStyle w:val="Heading2"/>
      <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""

_TEXTBOX_TEXT = "文本框：联系人王某某，电话0000-1234567"
_TEXTBOX_P = f"""<w:p xmlns:w="{_NS_W}"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"
    relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
    <wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
    <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
    <wp:extent cx="3000000" cy="400000"/><wp:wrapNone/><wp:docPr id="99" name="TextBox 1"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="400000"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
    <wps:txbx><w:txbxContent><w:p><w:r><w:t>{_TEXTBOX_TEXT}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
    <wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="width:236pt;height:31pt"><v:textbox><w:txbxContent><w:p><w:r>
    <w:t>{_TEXTBOX_TEXT}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent></w:r></w:p>"""

DOCX_HEADER = "临江市东湖街道党工委文件"
DOCX_FOOTER = "- 1 -"
TABLE_ROWS = [
    ["项目", "数量", "备注"],
    ["党支部", "12个", "含两新组织党支部3个"],
    ["党员", "344名", "预备党员6名"],
    ["发展党员", "8名", ""],
]
# What ingest must return for the generated .docx, in order: (text, kind, level).
DOCX_EXPECTED = [
    ("关于2024年度党建工作的自查报告", "para", None),
    ("一、基本情况", "para", 1),
    ("街道党工委下设党支部12个，共有党员344名。", "para", None),
    ("（一）组织建设", "para", 2),
    ("1.落实“三会一课”制度，全年召开支委会12次。", "para", None),
    ("2.开展主题党日活动48次。", "para", None),
    ("①支部书记讲党课4次；", "para", None),
    ("②邀请专家辅导2次。", "para", None),
    ("3.完成党组织换届选举。", "para", None),
    ("（二）党员管理", "para", 2),
    ("1.党员发展严格按程序进行。", "para", None),
    ("项目\t数量\t备注", "table_row", None),
    ("党支部\t12个\t含两新组织党支部3个", "table_row", None),
    ("党员\t344名\t预备党员6名", "table_row", None),
    ("发展党员\t8名\t", "table_row", None),
    (_TEXTBOX_TEXT, "para", None),
    ("二、存在的问题", "para", 1),
    ("（一）理论学习不够深入", "para", 2),
    ("部分党员学习存在“走过场”现象。", "para", None),
    ("三、整改措施", "para", 1),
    ("English line keeps its spaces.", "para", None),
]


def write_docx(path: str | os.PathLike[str], *, heading_fmt: str = "chineseCounting") -> Path:
    """A report with Word auto-numbering, a table, header/footer and a text box (mc:AlternateContent)."""
    import zipfile

    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = DOCX_HEADER
    sec.footer.paragraphs[0].text = DOCX_FOOTER

    def style_numbering(name: str, ilvl: int) -> None:
        ppr = doc.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{_NS_W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr>'))

    style_numbering("Heading 1", 0)
    style_numbering("Heading 2", 1)

    def listed(text: str, num_id: int, ilvl: int = 0) -> None:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{_NS_W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    doc.add_paragraph("关于2024年度党建工作的自查报告")
    doc.add_heading("基本情况", level=1)
    doc.add_paragraph("街道党工委下设党支部12个，共有党员344名。")
    doc.add_paragraph("")                                   # empty paragraphs are dropped
    doc.add_heading("组织建设", level=2)
    listed("落实“三会一课”制度，全年召开支委会12次。", 2)
    listed("开展主题党日活动48次。", 2)
    listed("支部书记讲党课4次；", 2, 1)
    listed("邀请专家辅导2次。", 2, 1)
    listed("完成党组织换届选举。", 2)
    doc.add_heading("党员管理", level=2)
    listed("党员发展严格按程序进行。", 3)                    # num 3: startOverride → restarts at 1
    table = doc.add_table(rows=len(TABLE_ROWS), cols=3)
    for r, row in enumerate(TABLE_ROWS):
        for c, val in enumerate(row):
            table.cell(r, c).text = val
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(_TEXTBOX_P))       # before w:sectPr
    doc.add_heading("存在的问题", level=1)
    doc.add_heading("理论学习不够深入", level=2)             # restarts at （一） under 二、
    doc.add_paragraph("部分党员学习存在“走过场”现象。")
    doc.add_heading("整改措施", level=1)
    doc.add_paragraph("English line keeps its spaces.")
    assert qn("w:body")
    p = Path(path)
    tmp = p.with_suffix(".tmp.docx")
    doc.save(tmp)
    # Swap in our numbering.xml (the python-docx template already has the part and its relationship).
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/numbering.xml":
                data = NUMBERING_XML.replace("{fmt0}", heading_fmt).encode("utf-8")
            dst.writestr(item, data)
    tmp.unlink()
    return p


def write_doc(path: str | os.PathLike[str], *, timeout: float = 120) -> Path:
    """A Word 97 .doc converted by LibreOffice from :func:`write_docx` (needs soffice on PATH)."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("soffice not found")
    target = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        src = write_docx(Path(tmp, "src.docx"))
        subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=timeout, env=dict(os.environ, HOME=tmp))
        target.write_bytes(Path(tmp, "src.doc").read_bytes())
    return target
