"""Values of numeral expressions that the figure extractor has already cut out of the text.

``parse_number("二十余")`` → value 20, interval 21..29, approx. The matching (where a number starts and ends)
is done by :mod:`analyzer.figures` with regexes on characters; this module only turns one such span into a
:class:`Number`. Values are :class:`~decimal.Decimal` (never float) so sums and rates stay exact.

Handled: Arabic (``44``, ``1,234.5``, ``１２``), Chinese (``六``, ``两``/``俩``, ``十二``, ``一百零五``, ``一百八`` = 180,
``十五点五``, ``二〇二三``), multipliers (``1.5万``, ``3千``, ``20余万``), approximations (``余 多 近 约 左右 以上
不到 超过 …``), ranges (``3至5``, ``30-40``, ``三四``, ``十一二``, ``二三十``), percent words (``百分之九十二``),
masks (``X XX x × ×× * ** 某``, partial ``1xx``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Number", "parse_number", "cn_to_decimal", "MASK_CHARS", "CN_NUMERAL_CHARS"]

MASK_CHARS = "Xx×*＊✱✕ｘＸ"
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
              "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
              "九": 9, "玖": 9}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)

# Qualifiers before / after the numeral, and what interval they stand for.
_PREFIXES = ("大约", "大概", "将近", "接近", "超过", "多于", "不到", "不足", "少于", "不少于", "至少", "不低于",
             "不超过", "约", "近", "逾", "超", "达")
_SUFFIXES = ("以上", "以下", "左右", "上下", "之多", "有余", "余", "多", "来")
_RANGE_SEPS = "至到~～-—－–"
_ONE = Decimal(1)


@dataclass(frozen=True)
class Number:
    """A parsed numeral: ``value`` as written, ``low``/``high`` the interval (``None`` = unbounded / unknown)."""

    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    approx: bool = False
    masked: bool = False


# ---------------------------------------------------------------------------------------------- numerals

def _digit_string(s: str) -> Decimal:
    """二〇二三 → 2023 (digits written one by one, no 十/百)."""
    return Decimal("".join(str(_CN_DIGITS[c]) for c in s))


def _cn_integer(s: str) -> Decimal:
    """Chinese integer with 十百千万亿; colloquial ``一百八`` = 180, ``两万五`` = 25000."""
    if s and all(c in _CN_DIGITS for c in s):
        return _digit_string(s) if len(s) > 1 else Decimal(_CN_DIGITS[s])
    total = 0          # completed 亿/万 groups
    section = 0        # current group below 万
    num = 0            # pending digit
    last_unit = 1      # unit of the last 十/百/千/万 seen, for colloquial tails
    prev_was_unit = False
    for ch in s:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
            prev_was_unit = False
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            section += (num or 1) * unit     # 十二 / 近百: a bare unit means one of it
            num = 0
            last_unit = unit
            prev_was_unit = True
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            group = section + num
            if group == 0:
                group = 1
            if unit == 100_000_000:
                total = (total + group) * unit
            else:
                total += group * unit
            section = num = 0
            last_unit = unit
            prev_was_unit = True
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    if num and not prev_was_unit and last_unit >= 100 and len(s) >= 2 and s[-2] in _CN_SMALL | _CN_BIG:
        num *= last_unit // 10     # 一百八 → 180, 两万五 → 25000, 三千二 → 3200
    return Decimal(total + section + num)


def cn_to_decimal(s: str) -> Decimal:
    """Value of a Chinese (or mixed ``1.5万``) numeral; raises ValueError when it is none."""
    s = s.replace("俩", "两")
    mult = _ONE
    while s and s[-1] in _CN_BIG and any(c.isdigit() for c in s[:-1]):
        mult *= _CN_BIG[s[-1]]
        s = s[:-1]
    if s and s[-1] == "千" and re.fullmatch(r"\d+(?:\.\d+)?千", s):
        mult *= 1000
        s = s[:-1]
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", s):
        try:
            return Decimal(s.replace(",", "")) * mult
        except InvalidOperation as exc:  # pragma: no cover - regex guards it
            raise ValueError(s) from exc
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or any(c not in _CN_DIGITS for c in frac):
            raise ValueError(f"bad decimal numeral: {s!r}")
        fraction = Decimal("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
        return ((_cn_integer(whole) if whole else Decimal(0)) + fraction) * mult
    if not s:
        raise ValueError("empty numeral")
    return _cn_integer(s) * mult


def _adjacent_range(s: str) -> tuple[Decimal, Decimal] | None:
    """三四 → (3, 4); 十一二 → (11, 12); 二三十 → (20, 30): two consecutive digits mean 'about, between'."""
    for i in range(len(s) - 1):
        a, b = s[i], s[i + 1]
        if a in _CN_DIGITS and b in _CN_DIGITS and _CN_DIGITS[b] == _CN_DIGITS[a] + 1 and _CN_DIGITS[a] > 0:
            # 二〇二三 style digit strings are years/ids, not ranges: require no other bare digit runs
            if all(c in _CN_DIGITS for c in s) and len(s) > 2:
                return None
            try:
                return cn_to_decimal(s[:i + 1] + s[i + 2:]), cn_to_decimal(s[:i] + s[i + 1:])
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------------------------------------- intervals

def _step(core: str, value: Decimal) -> Decimal:
    """Place value of the last significant digit: 40 → 10, 120 → 10, 100 → 100, 1.5万 → 1000, 45 → 1."""
    if value == 0:
        return _ONE
    sign, digits, exp = value.normalize().as_tuple()
    return Decimal(1).scaleb(exp) if isinstance(exp, int) else _ONE


def _unit_of(value: Decimal) -> Decimal:
    """Smallest step of the written value: 1 for integers, 0.1 for 3.5 …"""
    exp = value.as_tuple().exponent
    return Decimal(1).scaleb(min(exp, 0)) if isinstance(exp, int) else _ONE


def _about(value: Decimal, pre: str, suf: str, core: str) -> tuple[Decimal | None, Decimal | None]:
    """Interval for an approximate value, by its qualifiers."""
    u = _unit_of(value)
    if suf in ("余", "多", "有余", "来"):
        step = _step(core, value)
        if step > u:
            return value + u, value + step - u
        return value, value + step
    if pre in ("近", "将近", "接近"):
        return (value * Decimal("0.8")).quantize(u) if value >= 5 else value - u, value - u
    if pre in ("超过", "多于", "逾", "超") or suf == "之多":
        return value + u, None
    if suf == "以上" or pre in ("至少", "不少于", "不低于"):
        return value, None
    if pre in ("不到", "不足", "少于"):
        return Decimal(0), value - u
    if suf == "以下" or pre == "不超过":
        return Decimal(0), value
    if pre in ("约", "大约", "大概") or suf in ("左右", "上下"):
        return (value * Decimal("0.9")).quantize(u), (value * Decimal("1.1")).quantize(u)
    return value, value


def _split_qualifiers(s: str) -> tuple[str, str, str]:
    pre = next((p for p in _PREFIXES if s.startswith(p)), "")
    s = s[len(pre):]
    suf = next((x for x in _SUFFIXES if s.endswith(x) and len(s) > len(x)), "")
    return pre, s[:len(s) - len(suf)] if suf else s, suf


def _mask_interval(core: str) -> tuple[Decimal | None, Decimal | None]:
    """1xx → 100..199: a partial mask still bounds the value."""
    m = re.fullmatch(rf"(\d+)([{MASK_CHARS}]+)", core)
    if not m:
        return None, None
    k = len(m.group(2))
    base = Decimal(m.group(1)) * Decimal(10) ** k
    return base, base + Decimal(10) ** k - 1


def _is_masked(core: str) -> bool:
    return any(c in MASK_CHARS or c == "某" for c in core) or core == ""


def parse_number(s: str) -> Number:
    """Parse one numeral expression (qualifiers included); raise ValueError when ``s`` is not one.

    ``""`` (an empty slot such as 下设个党支部) counts as masked.
    """
    s = s.strip().replace("％", "%")
    if s.startswith("百分之"):
        s = s[3:]
    if s.endswith("%"):
        s = s[:-1]
    if s == "":
        return Number(None, None, None, False, True)
    pre, core, suf = _split_qualifiers(s)
    approx = bool(pre or suf) and pre != "达"
    # range: 3至5, 30-40, 0.2—1
    for sep in _RANGE_SEPS:
        if sep in core.strip(sep):
            a, _, b = core.partition(sep)
            first, second = parse_number(a), parse_number(b)
            if first.masked or second.masked:
                return Number(None, None, None, True, True)
            if first.low is None or second.high is None:
                raise ValueError(f"open range: {s!r}")
            lo, hi = sorted((first.low, second.high))
            return Number(first.value, lo, hi, True, False)
    # 1万余 / 20余万: the qualifier sits before the multiplier
    m = re.fullmatch(r"(.+?)(余|多)([万亿千])", core)
    if m and not _is_masked(m.group(1)):
        # the interval belongs to the digits before the multiplier: 20余万 = 21万..29万
        inner = parse_number(m.group(1) + m.group(2))
        mult = cn_to_decimal("1" + m.group(3))
        return Number(_tidy(inner.value * mult), _tidy(inner.low * mult), _tidy(inner.high * mult), True, False)  # type: ignore[operator]
    if m:
        core, approx = m.group(1) + m.group(3), True
    if _is_masked(core):
        lo, hi = _mask_interval(core)
        return Number(None, lo, hi, approx, True)
    rng = _adjacent_range(core) if not core[0].isdigit() else None
    if rng:
        return Number(rng[0], rng[0], rng[1], True, False)
    value = _tidy(cn_to_decimal(core))
    lo, hi = _about(value, pre, suf, core) if approx else (value, value)
    return Number(value, _tidy(lo), _tidy(hi), approx, False)


def _tidy(d: Decimal | None) -> Decimal | None:
    """15000.0 → 15000: integral values lose their trailing decimal zeros so 8.5万 == 85000 prints as such."""
    if d is None:
        return None
    return d.quantize(_ONE) if d == d.to_integral_value() else d.normalize()
