"""Test-time document generators (no binary fixtures in git); also usable by corpus build scripts.

Every generator writes a file and returns its path. The ground-truth strings live here too, so tests can
assert real content and order.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
    ("（一）加强理论武装", "para", 2),
    ("附件：党员名册", "para", 3),
    ("English line keeps its spaces.", "para", None),
]


def write_docx(path: str | os.PathLike[str], *, heading_fmt: str = "chineseCounting") -> Path:
    """A report with Word auto-numbering, a table, header/footer and a text box (mc:AlternateContent)."""
    import zipfile

    from docx import Document
    from docx.oxml import parse_xml

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
    # numbering and level inherited through a custom style's basedOn chain
    from docx.enum.style import WD_STYLE_TYPE
    custom = doc.styles.add_style("整改小标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = doc.styles["Heading 2"]
    doc.add_paragraph("加强理论武装", style="整改小标题")
    outlined = doc.add_paragraph("附件：党员名册")      # direct outline level 2 → level 3
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{_NS_W}" w:val="2"/>'))
    doc.add_paragraph("English line keeps its spaces.")
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


# ----------------------------------------------------------------------------------------------- pdf
PDF_HEADER = "东湖街道党工委2024年度自查报告"
PDF_TITLE = "关于2024年度党建工作的自查报告"
PDF_SPACED = "中共临江市东湖街道工作委员会"
_P1 = ("2024年，街道党工委坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
       "认真落实新时代党的建设总要求，围绕基层党组织标准化规范化建设目标，扎实推进各项工作。"
       "现将有关情况报告如下。")
_P2 = ("街道党工委下设党支部12个，其中社区党支部7个、机关党支部2个、两新组织党支部3个，"
       "共有党员344名，其中预备党员6名。全年发展党员8名，转正预备党员5名。")
_P3 = ("一是严格落实“三会一课”制度，各支部全年召开支委会156次、党员大会48次，书记讲党课36次。"
       "二是规范开展主题党日活动，坚持每月固定一天组织党员集中学习，参学率达到95%以上。"
       "三是深化党员积分管理，建立党员档案344份，实现动态管理全覆盖。"
       "四是推进党建引领基层治理，组织在职党员到社区报到，累计开展志愿服务1200余人次，"
       "解决群众急难愁盼问题86件，群众满意度持续提升。")
_P4 = ("一是理论学习不够深入，部分党员满足于读文件、记笔记，学用结合不紧密。"
       "二是组织生活质量不高，个别支部主题党日形式单一，批评与自我批评辣味不足。"
       "三是党员教育管理存在薄弱环节，流动党员管理办法不够完善。")
_P5 = ("针对上述问题，街道党工委将从三个方面抓好整改：一是健全学习制度，每季度开展一次专题研讨；"
       "二是提升组织生活质量，推行支部书记轮流主持制度；三是完善流动党员管理，建立联络台账，"
       "确保年底前全部整改到位。")
PDF_TABLE = [["项目", "数量", "备注"], ["党支部", "12个", "社区7个"], ["党员", "344名", "预备6名"],
             ["发展党员", "8名", "已转正5名"]]
# (text, page, heading?) of every body paragraph, in reading order.
PDF_EXPECTED = [
    (PDF_TITLE, 1, True), (PDF_SPACED, 1, False), ("一、基本情况", 1, True), (_P1, 1, False),
    (_P2, 1, False), ("（一）组织建设", 1, True), (_P3, 1, False),
    ("二、存在的问题", 2, True), (_P4, 2, False),
    ("三、整改措施", 3, True), (_P5, 3, False), ("中共临江市东湖街道工作委员会", 3, False),
    ("2024年12月20日", 3, False),
]


def write_pdf(path: "str | os.PathLike[str] | io.BytesIO", *, pages: int = 3, font: str = "STSong-Light") -> Path:
    """A 公文-like report with reportlab's built-in CID font (no font file): running header, ``- N -``
    footers, fake-bold headings (drawn twice 0.3 pt apart), a letter-spaced line, indented hard-wrapped
    paragraphs, a paragraph that continues onto the next page and a ruled table.

    ``pages`` > 3 repeats the body (for benchmarks); the first 3 pages always match :data:`PDF_EXPECTED`.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    W_, H_ = A4
    left, right, top, bottom = 72.0, W_ - 72.0, H_ - 100.0, 90.0
    c = canvas.Canvas(path if hasattr(path, "write") else str(path), pagesize=A4)
    state = {"page": 1, "y": top}

    def furniture() -> None:
        c.setFont(font, 9)
        c.drawCentredString(W_ / 2, H_ - 50, PDF_HEADER)
        c.line(left, H_ - 56, right, H_ - 56)
        c.setFont(font, 10.5)
        c.drawCentredString(W_ / 2, 45, f"- {state['page']} -")

    def new_page() -> None:
        furniture()
        c.showPage()
        state["page"] += 1
        state["y"] = top

    def need(h: float) -> None:
        if state["y"] - h < bottom:
            new_page()

    def heading(text: str, size: float, centred: bool = False) -> None:
        need(size * 2)
        state["y"] -= size * 1.8
        c.setFont(font, size)
        for dx in (0, 0.3):  # fake bold: the same glyphs twice, 0.3 pt apart
            if centred:
                c.drawCentredString(W_ / 2 + dx, state["y"], text)
            else:
                c.drawString(left + dx, state["y"], text)

    def paragraph(text: str, size: float = 12, lines_on_page: int | None = None) -> None:
        lines, line, width = [], "", right - left - 2 * size
        for ch in text:
            if pdfmetrics.stringWidth(line + ch, font, size) > width:
                lines.append(line)
                line, width = "", right - left
            line += ch
        lines.append(line)
        c.setFont(font, size)
        for i, ln in enumerate(lines):
            if lines_on_page is not None and i == lines_on_page:
                new_page()
                c.setFont(font, size)
            need(size * 1.6)
            state["y"] -= size * 1.6
            c.drawString(left + (2 * size if i == 0 else 0), state["y"], ln)

    def table(rows: list[list[str]], size: float = 11) -> None:
        cw, rh = (right - left) / len(rows[0]), size * 2
        need(rh * len(rows) + size)
        y0 = state["y"] - size
        c.setFont(font, size)
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                c.rect(left + k * cw, y0 - (r + 1) * rh, cw, rh)
                c.drawString(left + k * cw + 6, y0 - (r + 1) * rh + rh / 2 - size / 3, cell)
        state["y"] = y0 - len(rows) * rh - size / 2

    for rep in range(max(1, (pages + 2) // 3)):
        if rep:
            new_page()
        heading(PDF_TITLE, 18, centred=True)
        need(30)
        state["y"] -= 30
        c.setFont(font, 12)
        t = c.beginText()
        t.setFont(font, 12)
        t.setCharSpace(4)  # letter-spaced line: gaps must not become spaces
        t.setTextOrigin(W_ / 2 - (pdfmetrics.stringWidth(PDF_SPACED, font, 12) + 4 * len(PDF_SPACED)) / 2,
                        state["y"])
        t.textLine(PDF_SPACED)
        t.setCharSpace(0)  # Tc persists in the page's text state; reset it for what follows
        c.drawText(t)
        heading("一、基本情况", 14)
        paragraph(_P1)
        paragraph(_P2)
        heading("（一）组织建设", 12)
        paragraph(_P3, lines_on_page=3)      # continues on page 2
        table(PDF_TABLE)
        heading("二、存在的问题", 14)
        paragraph(_P4)
        new_page()
        heading("三、整改措施", 14)
        paragraph(_P5)
        c.setFont(font, 12)
        for text in ("中共临江市东湖街道工作委员会", "2024年12月20日"):
            state["y"] -= 12 * 2.2
            c.drawRightString(right - 12, state["y"], text)
    furniture()
    c.showPage()
    c.save()
    return path if hasattr(path, "write") else Path(path)  # type: ignore[return-value]


def write_broken_font_pdf(path: str | os.PathLike[str], *, mode: str = "cid", pages: tuple[int, ...] = ()) -> Path:
    """:func:`write_pdf` with its CID font's Unicode mapping broken (no font file needed).

    ``mode="cid"``: encoding Identity-H and ordering Identity, so pdfminer can only print "(cid:N)".
    ``mode="wrong"``: encoding Identity-H but ordering GB1, so pdfminer maps the codes through Adobe-GB1 and
    prints plausible but wrong hanzi (the case only a cross-check with PDFium catches).
    ``pages``: 1-based pages to break (default all); the others keep the intact font.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    buf = io.BytesIO()
    write_pdf(buf)
    good, bad = PdfReader(io.BytesIO(buf.getvalue())), PdfReader(io.BytesIO(buf.getvalue()))
    writer = PdfWriter()
    for i, (gp, bp) in enumerate(zip(good.pages, bad.pages), start=1):
        if pages and i not in pages:
            writer.add_page(gp)
            continue
        for ref in bp["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
            if mode == "cid":
                font["/DescendantFonts"][0].get_object()["/CIDSystemInfo"].get_object()[
                    NameObject("/Ordering")] = TextStringObject("Identity")
        writer.add_page(bp)
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def write_image_pdf(path: str | os.PathLike[str], *, dpi: int = 72) -> Path:
    """An image-only ("scanned") PDF: pages of :func:`write_pdf` rendered by pypdfium2, saved by PIL."""
    import io

    import pypdfium2 as pdfium

    buf = io.BytesIO()
    write_pdf(buf)
    doc = pdfium.PdfDocument(buf.getvalue())
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    doc.close()
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return Path(path)


def write_encrypted_pdf(path: str | os.PathLike[str], password: str = "secret") -> Path:
    import io

    from pypdf import PdfReader, PdfWriter

    buf = io.BytesIO()
    write_pdf(buf)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt(password, algorithm="AES-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)
