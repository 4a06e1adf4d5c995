"""Render Word automatic numbering (numbering.xml) as Word displays it: "一、", "（一）", "1.", "①" …

Word keeps list numbers out of the paragraph text, yet "一、基本情况" is exactly what the outline stage
must see, so the markers are recomputed here from numbering.xml and the style chain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _wval(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return None if child is None else child.get(W + "val")


def _cn_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting with 十/百/千: 10 → 十, 11 → 十一, 105 → 一百零五 (Word's "一, 二, 三 (简)")."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                out.append(digits[0])
            out.append(digits[d] + unit)
            zero = False
        elif out:
            zero = True
    text = "".join(out)
    # 10–19 are written 十, 十一 … not 一十一
    return text[1:] if 10 <= n < 20 else text


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _enclosed(n: int, base: int, upto: int = 20) -> str:
    return chr(base + n - 1) if 1 <= n <= upto else str(n)


def format_number(n: int, fmt: str) -> str:
    """Format counter ``n`` in OOXML number format ``fmt`` (ST_NumberFormat)."""
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        if 21 <= n <= 35:
            return chr(0x3251 + n - 21)
        if 36 <= n <= 50:
            return chr(0x32B1 + n - 36)
        return _enclosed(n, 0x2460)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        # Word repeats the letter after Z: AA, BB …
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return _cn_count(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _cn_count(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None     # w:lvlRestart; None = restart after any higher level
    legal: bool = False            # w:isLgl: show every level as decimal
    suff: str = "tab"
    pstyle: str | None = None


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)      # ilvl -> startOverride
    levels: dict[int, Level] = field(default_factory=dict)       # w:lvlOverride/w:lvl


def _parse_level(el) -> Level:
    lv = Level()
    lv.start = int(_wval(el, "start") or 1)
    lv.fmt = _wval(el, "numFmt") or "decimal"
    text = _wval(el, "lvlText")
    lv.text = "" if text is None else text
    restart = _wval(el, "lvlRestart")
    lv.restart = int(restart) if restart is not None else None
    lv.legal = el.find(W + "isLgl") is not None and _wval(el, "isLgl") not in ("0", "false")
    lv.suff = _wval(el, "suff") or "tab"
    lv.pstyle = _wval(el, "pStyle")
    return lv


class Styles:
    """Paragraph styles: name, basedOn chain, numbering and outline level."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, object] = {}
        self.default: str | None = None
        if root is None:
            return
        for st in root.iter(W + "style"):
            if st.get(W + "type", "paragraph") != "paragraph":
                continue
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(W + "default") in ("1", "true"):
                self.default = sid

    def chain(self, style_id: str | None):
        """The style and its basedOn ancestors (cycle-safe)."""
        seen: set[str] = set()
        sid = style_id or self.default
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield sid, st
            sid = _wval(st, "basedOn")

    def name(self, style_id: str | None) -> str:
        st = self.by_id.get(style_id or self.default or "")
        return (_wval(st, "name") or style_id or "") if st is not None else (style_id or "")

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _, st in self.chain(style_id):
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                ilvl = _wval(numpr, "ilvl")
                return _wval(numpr, "numId"), int(ilvl) if ilvl is not None else None
        return None, None

    def outline_level(self, style_id: str | None) -> int | None:
        for _, st in self.chain(style_id):
            val = _wval(st.find(W + "pPr"), "outlineLvl")
            if val is not None:
                return int(val)
        return None


class Numbering:
    """Stateful renderer: call :meth:`marker` once per paragraph, in document order."""

    def __init__(self, root, styles: Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._applied: set[str] = set()
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            levels = {int(lv.get(W + "ilvl", "0")): _parse_level(lv) for lv in an.findall(W + "lvl")}
            link = _wval(an, "numStyleLink")
            self.abstract[an.get(W + "abstractNumId")] = levels
            if link:  # definitions live on the numbering style; resolved lazily in _levels()
                self.abstract[an.get(W + "abstractNumId")] = {-1: Level(text=link)}
        for num in root.iter(W + "num"):
            n = _Num(abstract=_wval(num, "abstractNumId") or "")
            for ov in num.findall(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                start = _wval(ov, "startOverride")
                if start is not None:
                    n.overrides[ilvl] = int(start)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    n.levels[ilvl] = _parse_level(lvl)
            self.nums[num.get(W + "numId")] = n

    def _levels(self, abstract: str, depth: int = 0) -> dict[int, Level]:
        levels = self.abstract.get(abstract, {})
        if -1 in levels and depth < 5:  # numStyleLink: follow the style's numId
            num_id, _ = self.styles.num_pr(levels[-1].text)
            num = self.nums.get(num_id or "")
            return self._levels(num.abstract, depth + 1) if num else {}
        return levels

    def resolve(self, ppr, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph: its own numPr first, then the style chain."""
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _wval(numpr, "numId") if numpr is not None else None
        ilvl_s = _wval(numpr, "ilvl") if numpr is not None else None
        ilvl = int(ilvl_s) if ilvl_s is not None else None
        if num_id is None:
            num_id, style_ilvl = self.styles.num_pr(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:
            # A level may be bound to the style itself (w:lvl/w:pStyle), as heading lists usually are.
            ilvl = 0
            for sid, _ in self.styles.chain(style_id):
                hit = [i for i, lv in self._levels(self.nums[num_id].abstract).items() if lv.pstyle == sid]
                if hit:
                    ilvl = hit[0]
                    break
        return num_id, ilvl

    def marker(self, ppr, style_id: str | None) -> tuple[str, str] | None:
        """Advance the counters for this paragraph and return ``(marker, suffix)`` or None."""
        hit = self.resolve(ppr, style_id)
        if hit is None:
            return None
        num_id, ilvl = hit
        num = self.nums[num_id]
        levels = dict(self._levels(num.abstract))
        levels.update(num.levels)
        if ilvl not in levels:
            return None
        # Lists that share an abstract definition continue each other in Word, unless a num restarts
        # them with startOverride (applied the first time that num is used).
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self._applied:
            self._applied.add(num_id)
            for lvl_i, start in num.overrides.items():
                counters[lvl_i] = start - 1
        lv = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lv.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            klv = levels.get(k, Level())
            value = counters.get(k, klv.start)
            return format_number(value, "decimal" if lv.legal and klv.fmt != "none" else klv.fmt)

        if lv.fmt == "bullet":
            text = lv.text if lv.text and not ("\ue000" <= lv.text[0] <= "\uf8ff") else "•"
            return text, lv.suff
        return re.sub(r"%([1-9])", sub, lv.text), lv.suff
