"""Values of numeral spans (analyzer.numbers): exact Decimal values, intervals for approximations, masks."""
from __future__ import annotations

from decimal import Decimal

import pytest

from analyzer.numbers import parse_number

D = Decimal

CASES = [
    # text, value, low, high, approx, masked
    ("44", D(44), D(44), D(44), False, False),
    ("１２", D(12), D(12), D(12), False, False),
    ("1,234.5", D("1234.5"), D("1234.5"), D("1234.5"), False, False),
    ("六", D(6), D(6), D(6), False, False),
    ("两", D(2), D(2), D(2), False, False),
    ("俩", D(2), D(2), D(2), False, False),
    ("十", D(10), D(10), D(10), False, False),
    ("十二", D(12), D(12), D(12), False, False),
    ("二十五", D(25), D(25), D(25), False, False),
    ("一百零五", D(105), D(105), D(105), False, False),
    ("一百八", D(180), D(180), D(180), False, False),
    ("两万五", D(25000), D(25000), D(25000), False, False),
    ("一千二百三十四", D(1234), D(1234), D(1234), False, False),
    ("三亿五千万", D(350000000), D(350000000), D(350000000), False, False),
    ("十五点五", D("15.5"), D("15.5"), D("15.5"), False, False),
    ("1.5万", D(15000), D(15000), D(15000), False, False),
    ("8.5万", D(85000), D(85000), D(85000), False, False),
    ("3千", D(3000), D(3000), D(3000), False, False),
    ("百分之九十二", D(92), D(92), D(92), False, False),
    ("92%", D(92), D(92), D(92), False, False),
    ("3.5", D("3.5"), D("3.5"), D("3.5"), False, False),
    ("二十余", D(20), D(21), D(29), True, False),
    ("40余", D(40), D(41), D(49), True, False),
    ("二十多", D(20), D(21), D(29), True, False),
    ("十余", D(10), D(11), D(19), True, False),
    ("100余", D(100), D(101), D(199), True, False),
    ("20余万", D(200000), D(210000), D(290000), True, False),
    ("近百", D(100), D(80), D(99), True, False),
    ("约30", D(30), D(27), D(33), True, False),
    ("30左右", D(30), D(27), D(33), True, False),
    ("50以上", D(50), D(50), None, True, False),
    ("超过10", D(10), D(11), None, True, False),
    ("不到50", D(50), D(0), D(49), True, False),
    ("3至5", D(3), D(3), D(5), True, False),
    ("30-40", D(30), D(30), D(40), True, False),
    ("2到3", D(2), D(2), D(3), True, False),
    ("0.2—1", D("0.2"), D("0.2"), D(1), True, False),
    ("三四", D(3), D(3), D(4), True, False),
    ("十一二", D(11), D(11), D(12), True, False),
    ("二三十", D(20), D(20), D(30), True, False),
    ("二〇二三", D(2023), D(2023), D(2023), False, False),
    ("X", None, None, None, False, True),
    ("XX", None, None, None, False, True),
    ("x", None, None, None, False, True),
    ("×", None, None, None, False, True),
    ("××", None, None, None, False, True),
    ("*", None, None, None, False, True),
    ("**", None, None, None, False, True),
    ("某", None, None, None, False, True),
    ("", None, None, None, False, True),
    ("XX余", None, None, None, True, True),
    ("1xx", None, D(100), D(199), False, True),
    ("2xxxx", None, D(20000), D(29999), False, True),
]


@pytest.mark.parametrize("text,value,low,high,approx,masked", CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_number(text, value, low, high, approx, masked):
    n = parse_number(text)
    assert (n.value, n.low, n.high, n.approx, n.masked) == (value, low, high, approx, masked)


def test_values_are_decimal():
    n = parse_number("8.5万")
    assert isinstance(n.value, Decimal) and isinstance(n.low, Decimal)
    assert str(n.value) == "85000"


@pytest.mark.parametrize("text", ["党员", "abc", "一是"])
def test_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)
