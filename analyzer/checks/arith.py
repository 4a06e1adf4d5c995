"""Arithmetic consistency of the figures of one report, with rules from ``resources/rules.yaml``.

Semantics follow XBRL calculation checking: facts are combined only within the same scope (unit) and period;
every figure is an interval (exact, approximate 40余 → 41..49, or unknown when a part is not reported); a rule
fails only when the intervals cannot meet; a rule that needs a masked value yields an ``info`` finding; a
duplicate conflict (one concept stated with two values) is reported once and blocks the sums that use it.
Judgement uses Decimal and Fraction only, never floats.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Iterable, Iterator

from ..model import Figure, Finding, Report
from ..names import named_units
from ..resources import load_yaml
from .finding import make

_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "half_year": 2, "year": 1}
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


@cache
def _config() -> dict:
    return load_yaml("rules.yaml")


def label(concept: str) -> str:
    return _config()["concept_labels"].get(concept, concept)


def rules(kind: str) -> list[dict]:
    return [r for r in _config()["rules"] if r["kind"] == kind]


def scope_key(scope: str | None) -> str:
    s = re.sub(r"\s+", "", scope if isinstance(scope, str) else "")   # None or a pandas NA: no scope
    return re.sub(r"^(中共|中国共产党)|委员会$", "", s)


@dataclass(frozen=True)
class Interval:
    low: Fraction
    high: Fraction | None   # None: unbounded above (a part that was not reported)

    def __add__(self, other: "Interval") -> "Interval":
        high = None if self.high is None or other.high is None else self.high + other.high
        return Interval(self.low + other.low, high)

    def scale(self, factor: Fraction) -> "Interval":
        return Interval(self.low * factor, None if self.high is None else self.high * factor)

    def meets(self, other: "Interval") -> bool:
        below = self.high is not None and self.high < other.low
        above = other.high is not None and other.high < self.low
        return not (below or above)


def interval(f: Figure) -> Interval:
    low = f.low if f.low is not None else f.value
    high = f.high if f.high is not None else f.value
    return Interval(Fraction(low), Fraction(high) if high is not None else None)


def _fmt(v: Decimal | Fraction | None) -> str:
    if v is None:
        return "?"
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{float(v):.4g}"
    return format(v.normalize(), "f") if v == v.to_integral_value() else str(v)


def _show(f: Figure) -> str:
    if f.masked:
        return "（遮挡）"
    return _fmt(f.value) + ("余" if f.approx and f.high != f.value else "")


@dataclass
class Group:
    """Figures of one scope and period, by concept; concepts with conflicting values are blocked."""

    scope: str
    period: str
    facts: dict[str, list[Figure]]
    blocked: set[str]

    def get(self, concept: str) -> list[Figure]:
        return [] if concept in self.blocked else self.facts.get(concept, [])


@cache
def _base_forms() -> dict[str, re.Pattern]:
    """Per concept, the surface forms of concepts.yaml (regular expressions) as one full-match pattern."""
    concepts = load_yaml("concepts.yaml").get("concepts", {})
    out: dict[str, list[str]] = defaultdict(list)
    for key, spec in concepts.items():
        if isinstance(spec, dict):
            out[spec.get("concept", key)].extend(spec.get("forms", []))
    return {c: re.compile("(?:" + "|".join(forms) + ")") for c, forms in out.items() if forms}


def is_subtype(f: Figure) -> bool:
    """2个事业单位党支部 counts a kind of branch, not all branches: it takes part in no rule. A subject that is
    one of the concept's own forms (查摆问题, 党支部) is the whole count."""
    forms = _base_forms().get(f.concept)
    if forms is None or not f.subject or forms.fullmatch(f.subject):
        return False
    return bool(forms.search(f.subject))


def period_key(period: str | None) -> str:
    """``start`` for the start of the period (年初, 上年底), ``previous`` for last year as a whole (上年度),
    ``""`` for the current period: figures are compared only within one key."""
    if not period:
        return ""
    if re.search(_config()["start_of_period"], period):
        return "start"
    return "previous" if re.search(_config()["previous_period"], period) else ""


def _groups(figures: Iterable[Figure]) -> dict[tuple[str, str], Group]:
    groups: dict[tuple[str, str], Group] = {}
    for f in figures:
        if f.per is not None or f.concept == "other" or is_subtype(f):
            continue
        key = (scope_key(f.scope), period_key(f.period))
        g = groups.setdefault(key, Group(f.scope or "", key[1], defaultdict(list), set()))
        g.facts[f.concept].append(f)
    return groups


def _duplicates(groups: dict[tuple[str, str], Group]) -> Iterator[Finding]:
    stock = set(_config()["duplicate_concepts"])
    rule = rules("duplicate")[0]
    for g in groups.values():
        for concept, figs in g.facts.items():
            if concept not in stock:
                continue
            exact = [f for f in figs if not f.masked]
            clash = next(((a, b) for i, a in enumerate(exact) for b in exact[i + 1:]
                          if not interval(a).meets(interval(b))), None)
            if clash is None:
                continue
            g.blocked.add(concept)
            a, b = clash
            where = f"（{g.scope}）" if g.scope else ""
            yield make(rule["id"], "duplicate", rule["severity"],
                       f"{where}{label(concept)}前后不一致：先称{_show(a)}，后称{_show(b)}",
                       scope=g.scope, figures=[a, b], values={"values": [_fmt(a.value), _fmt(b.value)]})


def _one(figs: list[Figure]) -> Figure:
    """The representative of agreeing figures: the exact one if any, else the first."""
    return next((f for f in figs if not f.approx and not f.masked), figs[0])


def _sums(groups: dict[tuple[str, str], Group]) -> Iterator[Finding]:
    for rule in rules("sum"):
        for g in groups.values():
            # several candidate totals are alternatives in order of preference: the first stated one counts
            totals = [(c, g.get(c)) for c in rule["total"] if g.get(c)][:1]
            parts = [(c, g.get(c)) for c in rule["parts"] if g.get(c)]
            if not totals or not parts:
                continue
            if any(c in g.blocked for c in rule["total"] + rule["parts"]):
                continue
            total_figs = [(c, _one(fs)) for c, fs in totals]
            part_figs = [(c, _one(fs)) for c, fs in parts]
            missing = [c for c in rule["parts"] if not g.get(c)]
            involved = [f for _, f in total_figs + part_figs]
            if any(f.masked for f in involved):
                yield _unverifiable(rule, g, involved)
                continue
            computed = Interval(Fraction(0), Fraction(0))
            for _, f in part_figs:
                computed = computed + interval(f)
            if missing:
                computed = Interval(computed.low, None)
            if any(interval(f).meets(computed) for _, f in total_figs):
                continue
            if _total_elsewhere(groups, g, rule["total"], computed):
                continue
            tc, tf = total_figs[0]
            equation = " + ".join(f"{label(c)}{_show(f)}" for c, f in part_figs)
            value = computed.low
            msg = f"{equation} = {_fmt(value)}，与{label(tc)}{_show(tf)}不符"
            if missing:
                msg += "（未报告：" + "、".join(label(c) for c in missing) + "）"
            if g.scope:
                msg = f"（{g.scope}）" + msg
            yield make(rule["id"], "sum", rule["severity"], msg, scope=g.scope, figures=involved,
                       values={"reported": _fmt(tf.value), "computed": _fmt(value),
                               "missing": missing, "open": bool(missing)})


def _total_elsewhere(groups: dict[tuple[str, str], Group], g: Group, totals: list[str], computed: Interval) -> bool:
    """The parts agree with the same unit's total of another period (上年度查摆问题：5个 / 已整改：4个 /
    正在整改：1个, where the period cue stood only on the first line): the doubt goes to the report."""
    for other in groups.values():
        if other is g or scope_key(other.scope) != scope_key(g.scope):
            continue
        if any(interval(_one(other.get(c))).meets(computed) for c in totals if other.get(c)):
            return True
    return False


def _unverifiable(rule: dict, g: Group, involved: list[Figure]) -> Finding:
    names = "、".join(dict.fromkeys(label(f.concept) for f in involved))
    return make(rule["id"], rule["kind"], "info", f"无法核验（数据已遮挡）：{names}", scope=g.scope,
                figures=involved, values={"masked": [f.concept for f in involved if f.masked]})


def _bounds(groups: dict[tuple[str, str], Group]) -> Iterator[Finding]:
    for rule in rules("bound"):
        factor = Fraction(rule.get("factor", "1"))
        for g in groups.values():
            left, right = g.get(rule["left"]), g.get(rule["right"])
            if not left or not right:
                continue
            lf, rf = _one(left), _one(right)
            if lf.masked or rf.masked:
                continue  # the sum rule already reports what a mask hides
            limit = interval(rf).scale(factor)
            if limit.high is None or interval(lf).low <= limit.high:
                continue
            share = "的三分之一" if factor == Fraction(1, 3) else ""
            msg = f"{label(rule['left'])}{_show(lf)}超过{label(rule['right'])}{_show(rf)}{share}"
            if g.scope:
                msg = f"（{g.scope}）" + msg
            yield make(rule["id"], "bound", rule["severity"], msg, scope=g.scope, figures=[lf, rf],
                       values={"left": _fmt(lf.value), "right": _fmt(rf.value), "factor": str(factor)})


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    m = _SENTENCE_END.search(text, pos)
    return start, m.start() if m else len(text)


def _rates(report: Report) -> Iterator[Finding]:
    range_rule = rules("percent_range")[0]
    count_rule = rules("rate_counts")[0]
    growth = re.compile(range_rule["growth_cues"])
    rate_subject = re.compile(count_rule["subject"])
    figures = sorted(report.figures, key=lambda f: f.start)
    for f in figures:
        if f.concept != "rate.percent" or f.masked or f.value is None:
            continue
        s, e = _sentence(report.text, f.start)
        context = report.text[max(s, f.start - 12):f.end]
        if f.value > 100 and not growth.search(context):
            yield make(range_rule["id"], "bound", range_rule["severity"],
                       f"{f.subject or '比率'}{_fmt(f.value)}%超过100%", figures=[f], concepts=["rate.percent"],
                       values={"value": _fmt(f.value)})
            continue
        if not rate_subject.search(f.subject or ""):
            continue    # 占全院职工的8.1%: a share of a count the sentence does not give
        counts = [c for c in figures if s <= c.start < f.start and c.concept != "rate.percent" and c.per is None
                  and not c.masked and not c.approx and c.value is not None and c.unit != "%"]
        if len(counts) < 2:
            continue
        whole, part = counts[-2], counts[-1]
        if not (whole.value > part.value > 0) or "%" in report.text[part.end:f.start]:
            continue
        decimals = -f.value.as_tuple().exponent if f.value.as_tuple().exponent < 0 else 0
        unit = Fraction(1, 10 ** decimals)
        computed = Fraction(part.value) / Fraction(whole.value) * 100
        rate = Fraction(f.value)
        if rate - unit / 2 <= computed < rate + unit:
            continue
        yield make(count_rule["id"], "bound", count_rule["severity"],
                   f"{f.subject or '比率'}{_fmt(f.value)}%与{_show(part)}/{_show(whole)}"
                   f"={float(computed):.{max(decimals, 1)}f}%不符",
                   figures=[whole, part, f], concepts=["rate.percent"],
                   values={"reported": _fmt(f.value), "computed": f"{float(computed):.2f}"})


_LIST_INTRO = re.compile(r"[，,：:（(\s]*(?:即|分别是|分别为|分别|包括|含|为|有|是)?[：:，,]?")


def _enumerations(report: Report) -> Iterator[Finding]:
    from ..items import enumerations
    text = report.text
    for rule in rules("enumeration"):
        for f in report.figures:
            if f.concept != rule["concept"] or f.masked or f.approx or f.value is None or f.per is not None \
                    or is_subtype(f):
                continue
            n = int(f.value)
            _, s_end = _sentence(text, f.end)
            p_end = text.find("\n", f.end)
            p_end = len(text) if p_end < 0 else p_end
            listed: int | None = None
            if rule.get("names"):
                # only a list that directly follows the count enumerates it (下设7个党支部，分别是A、B…)
                intro = _LIST_INTRO.match(text, f.end, s_end)
                names = named_units(text[intro.end():s_end], rule["names"])
                if len(names) >= 2 and text.find(names[0][:2], intro.end(), intro.end() + 16) >= 0:
                    listed = len(names)
            else:
                after = text[f.end:p_end]
                run = enumerations(after)
                if run and run[0][0] <= 60:
                    listed = len(run)
                else:
                    s, _ = _sentence(text, f.start)
                    before = text[s:f.start]
                    m = re.search(r"([^，,。；：:]{2,12}(?:、[^，,。；：:、]{2,12})+)(?:等)?(?:共|这)?$", before)
                    if m:
                        listed = len(m.group(1).split("、"))
            if listed is None or listed == n:
                continue
            what = label(rule["concept"]).replace("数", "")
            yield make(rule["id"], "enumeration", rule["severity"],
                       f"称{f.text}，但列举了{listed}个{what}", figures=[f],
                       values={"stated": n, "listed": listed})


def _frequencies(report: Report) -> Iterator[Finding]:
    by_concept = {r["concept"]: r for r in rules("frequency")}
    for f in report.figures:
        rule = by_concept.get(f.concept)
        if rule is None or f.per is None or f.masked or f.value is None:
            continue
        per_year = Fraction(f.value) * _PER_YEAR[f.per]
        high = Fraction(f.high) * _PER_YEAR[f.per] if f.high is not None else per_year
        if high >= rule["min_per_year"]:
            continue
        yield make(rule["id"], "frequency", rule["severity"],
                   f"“{f.text}”低于规定频次（{rule['norm']}）", figures=[f],
                   values={"per_year": _fmt(per_year), "min_per_year": rule["min_per_year"]})


def _requires(groups: dict[tuple[str, str], Group]) -> Iterator[Finding]:
    for rule in rules("requires"):
        for g in groups.values():
            present = g.facts.get(rule["if_present"])
            if present and not any(g.facts.get(c) for c in rule["then"]):
                yield make(rule["id"], "requires", rule["severity"],
                           f"报告了{label(rule['if_present'])}，但未报告各评议等次人数", scope=g.scope,
                           figures=present[:1])


def _scope_sums(report: Report, groups: dict[tuple[str, str], Group]) -> Iterator[Finding]:
    """A parent's total equals the sum of its branches' totals when every branch is given."""
    for rule in rules("scope_sum"):
        concept = rule["concept"]
        own = [g for g in groups.values() if g.period == ""
               and (not g.scope or scope_key(g.scope) == scope_key(report.meta.unit))]
        if not own or not own[0].get(concept) or not own[0].get(rule["count"]):
            continue
        total, count = _one(own[0].get(concept)), _one(own[0].get(rule["count"]))
        subs = [g for g in groups.values() if g.period == "" and g is not own[0] and g.get(concept)
                and re.search(r"(支部|总支)$", g.scope)]
        # sub-organisations of another level (a community 党委 beside branches) would be missing from the sum
        others = [g for g in groups.values() if g.period == "" and g is not own[0] and g.get(concept)
                  and re.search(r"(党委|委员会|党组)$", g.scope)]
        if count.masked or count.value is None or len(subs) != int(count.value) or total.masked or others:
            continue
        parts = [_one(g.get(concept)) for g in subs]
        if any(p.masked for p in parts):
            continue
        computed = Interval(Fraction(0), Fraction(0))
        for p in parts:
            computed = computed + interval(p)
        if interval(total).meets(computed):
            continue
        yield make(rule["id"], "sum", rule["severity"],
                   f"各党支部{label(concept)}之和{_fmt(computed.low)}与本单位{label(concept)}{_show(total)}不符",
                   figures=[total, *parts], concepts=[concept],
                   values={"reported": _fmt(total.value), "computed": _fmt(computed.low)})


def check(report: Report) -> Iterator[Finding]:
    groups = _groups(report.figures)
    yield from _duplicates(groups)          # first: conflicts block the sums below
    yield from _sums(groups)
    yield from _scope_sums(report, groups)
    yield from _bounds(groups)
    yield from _rates(report)
    yield from _enumerations(report)
    yield from _frequencies(report)
    yield from _requires(groups)
