"""Report metadata: title, reporting unit, parent unit, year and date.

The 落款 (signature block) is the most reliable source of unit and date; the title and the salutation fill in
what it lacks. Dates in Chinese numerals (二〇二三年十二月十五日) are read as well as Arabic ones.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .model import Meta, NormalizedText, Section
from .numbers import parse_number
from .resources import load_yaml
from .sections import CN_DATE


@cache
def _lex() -> dict[str, str]:
    """Name and title cues from ``resources/sections.yaml`` (``meta``), as regex fragments."""
    return load_yaml("sections.yaml")["meta"]


def _org() -> str:
    return f"(?:{_lex()['org_suffixes']})"


def _cn_number(s: str) -> int | None:
    """二〇二三 / 十二 / 5: the numeral parser of ``analyzer.numbers`` (a Latin O typed for 〇 is accepted)."""
    try:
        value = parse_number(s.strip().replace("O", "〇").replace("Ｏ", "〇")).value
    except ValueError:
        return None
    return int(value) if value is not None else None


def parse_date(s: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from ``2023年12月5日`` or ``二〇二三年十二月五日``."""
    m = re.search(r"([〇○零一二三四五六七八九Ｏ0-9]{4})\s*年\s*(?:([〇○零一二三四五六七八九十0-9]{1,3})\s*月"
                  r"(?:\s*([〇○零一二三四五六七八九十0-9]{1,3})\s*日)?)?", s)
    if not m:
        return None
    year = _cn_number(m.group(1))
    month = _cn_number(m.group(2)) if m.group(2) else None
    day = _cn_number(m.group(3)) if m.group(3) else None
    if year is None or not 1990 <= year <= 2100 or (month and not 1 <= month <= 12) or (day and not 1 <= day <= 31):
        return None
    return year, month, day


def _clean_unit(s: str) -> str:
    s = re.sub(r"^(关于|报告单位[:：]|单位[:：]|填报单位[:：])", "", s.strip())
    return s.strip(" 　：:，,。")


def _unit_from_title(title: str) -> str | None:
    m = re.match(rf"^(.{{2,40}}?{_org()})(?:{_lex()['after_unit_in_title']})", title)
    if m:
        return _clean_unit(m.group(1))
    return None


def extract(nt: NormalizedText, sections: tuple[Section, ...]) -> Meta:
    text = nt.text
    preamble = next((s for s in sections if s.role == "preamble"), None)
    closing = next((s for s in sections if s.role == "closing"), None)

    title = None
    parent = None
    if preamble is not None:
        for p in nt.paragraphs:
            if p.start >= preamble.end:
                break
            line = text[p.start:p.end].strip()
            if title is None and len(line) <= 60 and not re.search(r"[。；]", line) and (
                    re.search(rf"(?:{_lex()['title_cues']})$", line) or "报告" in line):
                title = line
                continue
            m = re.match(rf"^(.{{2,30}}(?:{_org()}|{_lex()['recipient_words']}))[:：]$", line)
            if m and parent is None:
                parent = m.group(1)

    unit = None
    date = None
    year = None
    if closing is not None:
        block = text[closing.start:closing.end]
        lines = [l.strip() for l in block.split("\n") if l.strip()]
        for line in lines:
            d = parse_date(line) if re.search(CN_DATE, line) else None
            if d:
                date = d
                before = _clean_unit(re.split(CN_DATE, line)[0])
                if before and re.search(f"{_org()}|{_lex()['unit_words']}", before):
                    unit = unit or before
            elif re.search(f"{_org()}|{_lex()['unit_words']}", line) and len(line) <= 40 \
                    and not re.search("特此报告|以上报告", line):
                unit = _clean_unit(line)
    if unit is None and title:
        unit = _unit_from_title(title)
    if date:
        year = date[0]
    else:
        years = [int(y) for y in re.findall(r"(20[0-4]\d)\s*年", text)]
        if title and re.search(r"(20[0-4]\d)", title):
            year = int(re.search(r"(20[0-4]\d)", title).group(1))
        elif years:
            year = Counter(years).most_common(1)[0][0]
    iso = None
    if date:
        y, mth, d = date
        iso = f"{y:04d}-{mth:02d}-{d:02d}" if mth and d else (f"{y:04d}-{mth:02d}" if mth else f"{y:04d}")
    return Meta(title=title, unit=unit, parent_unit=parent, year=year, date=iso, script=nt.script)
