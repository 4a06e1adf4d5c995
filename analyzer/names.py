"""Names of sub-units listed in a text (机关第一党支部、图书馆党支部和“两新”联合党支部).

Shared by the enumeration check (how many branches a report lists) and the figure extractor (which branch each
value of 三个支部分别召开支委会12次、12次、10次 belongs to). Delimiters, generic references and stop words are
data in ``resources/rules.yaml``.
"""
from __future__ import annotations

import re
from functools import cache

from .resources import load_yaml


@cache
def _name_rules() -> tuple[re.Pattern, tuple[str, ...], re.Pattern, tuple[str, ...], str]:
    cfg = load_yaml("rules.yaml")
    return (re.compile(f"[{cfg['name_delimiters']}]"), tuple(cfg["generic_name_prefixes"]),
            re.compile(cfg["name_stopwords"]), tuple(cfg["generic_name_endings"]), cfg["name_delimiters"])


def name_lists(text: str, suffix: str) -> list[list[tuple[int, int, str]]]:
    """Every list of unit names ending in ``suffix`` in ``text``, in order: ``(start, end, full name)`` runs."""
    delim, generic, stop, tail, _ = _name_rules()
    found: list[tuple[int, int, str]] = []          # (start, end, full name)
    for m in re.finditer(re.escape(suffix), text):
        lo = max(0, m.start() - 14)
        left = text[lo:m.start()]
        cut = max((d.end() for d in delim.finditer(left)), default=0)
        if cut and left[cut - 1] == "”" and "“" in left[:cut - 1]:
            cut = left.rindex("“", 0, cut - 1)          # “两新”联合党支部: the quoted part is in the name
            cut = max((d.end() for d in delim.finditer(left[:cut])), default=0)
        stem = re.sub(r"^.*?\d+[个名人]", "", left[cut:])   # "下设4个党支部" is a count, not a name
        quoted = "“" in stem                              # a quoted qualifier makes 联合党支部 specific
        if len(stem) < 2 or (not quoted and (stem.startswith(generic) or stem in generic or stem.endswith(tail))) \
                or stop.search(stem) or re.search(r"\d|[个名次]$", stem):
            continue
        start = m.start() - len(stem)
        items = [(start, stem)]
        while start > 0 and text[start - 1] == "、":       # elided items share the suffix
            seg = re.search(rf"([^{_name_rules()[4]}]{{1,6}})$", text[:start - 1])
            if not seg or seg.group(1).endswith(suffix):
                break
            start = seg.start(1)
            items.insert(0, (start, seg.group(1)))
        prefix = re.match(r"(.*?)(第[一二三四五六七八九十\d]+)?$", items[0][1]).group(1) if len(items) > 1 else ""
        for pos, item in items:
            full = item if item.startswith(prefix) else prefix + item
            found.append((pos, m.end(), full + suffix))
    # lists: names separated by nothing but 、 ， 和 及 与
    runs: list[list[tuple[int, int, str]]] = []
    for entry in sorted(found):
        if runs and re.fullmatch(r"[、，,]?(?:以及|和|及|与|以)?", text[min(runs[-1][-1][1], entry[0]):entry[0]]):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def named_units(text: str, suffix: str) -> list[str]:
    """Distinct names ending in ``suffix`` in the first list of ``text`` (机关党支部、图书馆党支部和…党支部),
    generic references (各党支部, 基层党支部) left out; 第一、第二、第三党支部 counts three."""
    lists = name_lists(text, suffix)
    return _distinct(lists[0]) if lists else []


def _distinct(run: list[tuple[int, int, str]]) -> list[str]:
    names: list[str] = []
    for _, _, name in run:
        if name not in names:
            names.append(name)
    return names
