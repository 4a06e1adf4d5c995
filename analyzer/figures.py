"""Figure extraction: every count, amount and rate with its concept, value interval, mask, scope and span.

How it reads (regexes on characters, compiled once from ``resources/concepts.yaml`` and
``resources/numeral_terms.txt``; no tokenizer, because tokenizers split numerals inconsistently):

1. One master scan over the text. Alternatives, leftmost first: *blocks* (dates, ordinals, document numbers,
   phone numbers, fixed numeral terms — consumed so that no number inside them is read), empty slots
   (下设个党支部), implicit frequencies (每月开展主题党日), 百分之N, and NUMBER + MEASURE WORD.
2. For each number, its subject: a concept form right after the measure word (44名党员, 4个党支部), else the
   nearest form before it in the same clause (共有党员44名, 召开党组会六期), else the subject of the previous
   figure of the sentence when only filler words stand before the number (党员大会每季度一次，全年4次).
   A form must fit the measure word (党员 takes 名/人, 支委会 takes 次/期 …), otherwise the figure is ``other``.
3. Context: frequency cue (每月 → per month), period cue (上年底, 截至目前), 其中 qualifier, the sub-unit named
   in the sentence (scope), the section role.

Values come from :func:`analyzer.numbers.parse_number`, as Decimal.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Iterator, Sequence

from . import resources
from .model import Figure, Section
from .numbers import MASK_CHARS, Number, parse_number

__all__ = ["extract"]

OTHER = "other"
_CN_DIG = "零〇○一二两俩三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_ALL = _CN_DIG + "十百千万亿拾佰仟"
_MASK = re.escape(MASK_CHARS)
# One numeral: Arabic (with a partial mask 1xx), a mask, 某, or Chinese (which must hold a digit or 十/百 so that
# a lone 万/千 in a word is not read as a number); then 余/多 and a multiplier (1.5万, 20余万).
_NUMCORE = (
    rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?[{_MASK}]*|[{_MASK}]+|某+"
    rf"|[{_CN_ALL}]*[{_CN_DIG}十百拾佰][{_CN_ALL}]*(?:点[{_CN_DIG}]+)?)"
    rf"(?:余|多)?(?:[万亿千](?:余|多)?)?"
)
_RANGE_SEP = r"(?:至|到|~|～|-|—|－|–)"
_CLAUSE_END = "，,。；;：:！!？?\n、（）()【】《》“”\"'"
_SENT_END = "。！!？?\n"
_SEMI_END = "；;。！!？?\n"
_CARRY_END = "，,。；;、\n！!？?）)"


@dataclass(frozen=True)
class _Rule:
    concept: str
    units: frozenset[str]
    gap_right: bool = False
    after: str | None = None
    right_cue: re.Pattern[str] | None = None
    implicit: bool = False
    tight: bool = False
    right_guard: re.Pattern[str] | None = None   # after a form read after the number: an event, not a count


@dataclass(frozen=True)
class _Lexicon:
    master: re.Pattern[str]
    forms: re.Pattern[str]            # one capturing group per form; group i -> form_rules[i - 1]
    form_rules: tuple[tuple[_Rule, ...], ...]
    gap_forms: re.Pattern[str]        # measure word … form, for concepts with gap_right
    units: dict[str, str]             # surface measure word -> canonical
    unit_patterns: tuple[tuple[re.Pattern[str], str], ...]
    weak_numerals: frozenset[str]
    weak_units: frozenset[str]
    count_cue: re.Pattern[str]
    distributive: re.Pattern[str]
    attribute: re.Pattern[str]
    carry: re.Pattern[str]
    qualifier: re.Pattern[str]
    lead: re.Pattern[str]
    freq_cue: re.Pattern[str]
    freq_periods: dict[str, str]
    freq_units: frozenset[str]
    periods: re.Pattern[str]
    pct_concept: str
    pct_units: frozenset[str]
    pct_subject: re.Pattern[str]
    org: re.Pattern[str]
    org_ranks: dict[str, int]
    org_stop: re.Pattern[str]
    org_self: re.Pattern[str]
    org_boundary: re.Pattern[str]
    directive: re.Pattern[str]
    org_verbs: re.Pattern[str]
    org_collective: str
    unit_ranks: tuple[tuple[str, int], ...]
    scope_min_rank: dict[str, int]
    implicit_rules: dict[str, _Rule]  # form group lookup for implicit frequency: matched text -> rule


def _alt(items: Sequence[str], escape: bool = True) -> str:
    """Alternation, longest first (regex alternation is first-match, not longest-match)."""
    parts = sorted(set(items), key=lambda x: (-_weight(x), x))
    return "|".join(re.escape(p) if escape else p for p in parts)


def _weight(form: str) -> int:
    """Approximate match length of a form that may hold regex syntax, to order alternatives longest first."""
    return len(re.sub(r"\(\?[:=!<]+|[()?*+|\\\[\]{}]|\{\d+(?:,\d*)?\}", "", form))


def _units_of(spec: Sequence[str], groups: dict[str, list[str]]) -> frozenset[str]:
    out: set[str] = set()
    for name in spec:
        out.update(groups.get(name, [name]))
    return frozenset(out)


def _rules(data: dict[str, Any]) -> list[tuple[str, _Rule]]:
    groups = data["unit_groups"]
    out = []
    for key, spec in data["concepts"].items():
        concept = spec.get("concept", key)
        cue = spec.get("right_cue")
        guard = spec.get("right_guard")
        rule = _Rule(concept, _units_of(spec.get("units", []), groups), bool(spec.get("gap_right")),
                     spec.get("after"), re.compile(cue) if cue else None, bool(spec.get("implicit")),
                     bool(spec.get("tight")), re.compile(guard) if guard else None)
        out.extend((form, rule) for form in spec["forms"])
    return out


@cache
def _lexicon() -> _Lexicon:
    data = resources.load_yaml("concepts.yaml")
    terms = resources.load_lines("numeral_terms.txt")
    form_rules = _rules(data)

    by_form: dict[str, list[_Rule]] = {}
    for form, rule in form_rules:
        by_form.setdefault(form, []).append(rule)
    ordered = sorted(by_form, key=lambda f: (-_weight(f), f))
    forms = re.compile("|".join(f"({f})" for f in ordered))
    gap_alt = "|".join(f for f in ordered if any(r.gap_right for r in by_form[f]))
    gap_stop = re.escape(_CLAUSE_END.replace("“", "").replace("”", "").replace('"', ""))
    gap_forms = re.compile(rf"[^{gap_stop}\s\d有是在和与及为把将对向从等未立]{{1,10}}?(?:{gap_alt})")

    guards = data.get("measure_word_guards", {})
    mw = sorted(set(data["measure_words"]) | set(data["percent"]["measure_words"]), key=lambda u: (-len(u), u))
    unit_alts = [re.escape(u) + (f"(?!{guards[u]})" if u in guards else "") for u in mw]
    unit_patterns = tuple((re.compile(p), c) for p, c in data.get("measure_word_patterns", {}).items())
    unit_alts = list(data.get("measure_word_patterns", {})) + unit_alts

    pre = _alt(data["approx_prefixes"])
    post = _alt(data["approx_suffixes"])
    freq = data["frequency"]
    freq_alt = _alt(list(freq["periods"]))
    implicit_forms = [f for f in ordered if any(r.implicit for r in by_form[f])]
    blocks = "|".join(f"(?:{b})" for b in data["blocks"])
    term_alt = _alt(terms)
    master = re.compile(
        rf"百分之(?P<pnum>{_NUMCORE})"
        rf"|(?P<block>{blocks}|{term_alt})"
        rf"|(?<=下设|共有|现有|设有)(?P<slot>个|名)(?=(?:{gap_alt}|党员))"
        rf"|(?P<ifreq>(?P<iper>{freq_alt}){freq['verbs']}(?P<iform>{'|'.join(implicit_forms)}))"
        rf"(?![^{re.escape(_CLAUSE_END)}]{{0,4}}?[\d{_CN_DIG}十]+\s*次)"
        rf"|(?P<num>(?:{pre})?{_NUMCORE}(?:(?:{'|'.join(unit_alts)})?{_RANGE_SEP}{_NUMCORE})?)"
        rf"(?P<unit>{'|'.join(unit_alts)})(?P<post>{post})?"
    )
    implicit_rules = {f: next(r for r in by_form[f] if r.implicit) for f in implicit_forms}

    org_ranks = dict(data["org_suffixes"])
    org = re.compile(rf"(?:{_alt(list(org_ranks))})(?!{data['org_not_before']})")
    pct = data["percent"]
    return _Lexicon(
        master=master, forms=forms, form_rules=tuple(tuple(by_form[f]) for f in ordered), gap_forms=gap_forms,
        units={u: u for u in mw}, unit_patterns=unit_patterns,
        weak_numerals=frozenset(data["weak_numerals"]), weak_units=frozenset(data["weak_measure_words"]),
        count_cue=re.compile(data["count_cue"]), distributive=re.compile(data["distributive"]),
        attribute=re.compile(data["attribute_prefix"]),
        carry=re.compile(rf"(?:{data['carry_fillers']}|{freq_alt}|{freq['verbs']})*"),
        qualifier=re.compile(_alt(data["qualifier_cues"])), lead=re.compile(data["text_lead"]),
        freq_cue=re.compile(freq_alt), freq_periods=dict(freq["periods"]),
        freq_units=frozenset(freq["measure_words"]),
        periods=re.compile("|".join(f"(?:{p})" for p in data["periods"])),
        pct_concept=pct["concept"], pct_units=frozenset(pct["measure_words"]), pct_subject=re.compile(pct["subject"]),
        org=org, org_ranks=org_ranks, org_stop=re.compile(data["org_name_stop"]),
        org_self=re.compile(rf"{data['org_self_prefixes']}$"), org_boundary=re.compile(data["org_name_boundary"]),
        directive=re.compile(data["org_directive_before"] + "$"),
        org_verbs=re.compile(data["org_name_verbs"]), org_collective=data.get("org_collective", ""),
        unit_ranks=tuple((a, int(b)) for a, b in data["unit_ranks"]),
        scope_min_rank=dict(data["scope_min_rank"]), implicit_rules=implicit_rules,
    )


# ---------------------------------------------------------------------------------------------- helpers

def _boundaries(text: str, chars: str) -> list[int]:
    """Sorted positions of boundary characters (a clause / sentence starts after one)."""
    table = set(chars)
    return [i for i, c in enumerate(text) if c in table]


def _start_after(bounds: list[int], pos: int) -> int:
    i = bisect.bisect_left(bounds, pos)
    return bounds[i - 1] + 1 if i else 0


def _end_from(bounds: list[int], pos: int, n: int) -> int:
    i = bisect.bisect_left(bounds, pos)
    return bounds[i] if i < len(bounds) else n


@dataclass
class _Subject:
    rule: _Rule | None
    text: str
    start: int
    end: int


@dataclass
class _Ctx:
    text: str
    lex: _Lexicon
    clauses: list[int]
    sents: list[int]
    semis: list[int]
    orgs: list[tuple[int, int, str | None, int, bool]]   # (start, end, name, rank, paragraph-initial)
    org_starts: list[int]
    unit_rank: int
    unit: str | None


def _fits(rule: _Rule, unit: str, prev: str | None) -> bool:
    return unit in rule.units and (rule.after is None or rule.after == prev)


def _right_subject(ctx: _Ctx, pos: int, unit: str, before: str, prev: str | None) -> _Subject | None:
    """The form right after the measure word: 44名党员, 4个党支部, 2个事业单位党支部."""
    text, lex = ctx.text, ctx.lex
    if text.startswith("的", pos):
        pos += 1
    m = lex.forms.match(text, pos)
    if m:
        for rule in lex.form_rules[m.lastindex - 1]:  # type: ignore[operator]
            if _fits(rule, unit, prev) and (rule.right_cue is None or rule.right_cue.search(before)) \
                    and not (rule.right_guard and rule.right_guard.match(text, m.end())):
                return _Subject(rule, m.group(), m.start(), m.end())
    g = lex.gap_forms.match(text, pos)
    if g:
        f = lex.forms.search(text, g.end() - 8 if g.end() - 8 > pos else pos, g.end())
        while f and f.end() < g.end():
            f = lex.forms.search(text, f.start() + 1, g.end())
        if f:
            for rule in lex.form_rules[f.lastindex - 1]:  # type: ignore[operator]
                if rule.gap_right and _fits(rule, unit, prev):
                    return _Subject(rule, text[pos:g.end()], pos, g.end())
    return None


def _left_subject(ctx: _Ctx, cstart: int, nstart: int, unit: str, prev: str | None) -> _Subject | None:
    """The nearest form before the number in its clause that fits the measure word."""
    lex, text = ctx.lex, ctx.text
    cands = [m for m in lex.forms.finditer(text, cstart, min(nstart + 1, len(text))) if m.end() <= nstart]
    for m in sorted(cands, key=lambda m: (-m.end(), m.start())):
        for rule in lex.form_rules[m.lastindex - 1]:  # type: ignore[operator]
            if _fits(rule, unit, prev) and (not rule.tight or lex.carry.fullmatch(text, m.end(), nstart)):
                return _Subject(rule, m.group(), m.start(), m.end())
    return None


def _previous_clause_subject(ctx: _Ctx, cstart: int, unit: str, prev: str | None) -> _Subject | None:
    """党员总数：23名 / 书记带头讲党课，每季度一次: the subject closes the clause before this one."""
    text, lex = ctx.text, ctx.lex
    if cstart < 2 or text[cstart - 1] not in "：:，,":
        return None
    pstart = _start_after(ctx.clauses, cstart - 1)
    for m in lex.forms.finditer(text, pstart, cstart - 1):
        if m.end() == cstart - 1:
            for rule in lex.form_rules[m.lastindex - 1]:  # type: ignore[operator]
                if _fits(rule, unit, prev):
                    return _Subject(rule, m.group(), m.start(), m.end())
    return None


def _other_subject(text: str, cstart: int, nstart: int, uend: int, cend: int) -> str:
    """A short subject text for an ``other`` figure: the noun after the measure word, else the clause before."""
    after = text[uend:min(cend, uend + 6)]
    if after:
        return after
    return text[max(cstart, nstart - 6):nstart]


def _unit_rank(lex: _Lexicon, unit: str | None) -> int:
    if not unit:
        return 2   # unknown reporting unit: treat branches (rank ≤ 1) as its sub-units
    for key, rank in lex.unit_ranks:
        if key in unit:
            return rank
    return 5


def _find_orgs(text: str, lex: _Lexicon, paras: list[int], unit_rank: int) -> list[tuple[int, int, str | None, int, bool]]:
    """Organisations named as the subject of a clause: (start, end, name, rank, lasts-the-paragraph).

    ``name`` is None for a reset: the reporting unit's own level named bare at a clause start (党总支全年召开…).
    A name lasts the paragraph only when it stands as a label at its start (（二）桂园社区党支部。有党员38名).
    """
    out: list[tuple[int, int, str | None, int, bool]] = []
    for m in lex.org.finditer(text):
        lo = max(0, m.start() - 18)
        name_start = m.start()
        while name_start > lo and not lex.org_stop.match(text, name_start - 1):
            name_start -= 1
        rank = lex.org_ranks[m.group()]
        # a name after 、 is an item of a list (下设A、B和C党支部), not the subject of a new clause
        at_clause_start = name_start == 0 or (bool(lex.org_boundary.match(text, name_start - 1))
                                              and text[name_start - 1] != "、")
        if not prefix_ok(text, lex, name_start, m.start()):
            if name_start == m.start() and m.start() > 0 and text[m.start() - 1] == lex.org_collective \
                    and (m.start() < 2 or lex.org_boundary.match(text, m.start() - 2)):
                out.append((m.start() - 1, m.end(), text[m.start() - 1:m.end()], rank, False))   # 各党支部
            elif name_start == m.start() and at_clause_start and rank >= unit_rank:
                out.append((m.start(), m.end(), None, rank, False))
            continue
        if not at_clause_start:
            collective = name_start > 0 and text[name_start - 1] == lex.org_collective and (
                name_start < 2 or bool(lex.org_boundary.match(text, name_start - 2))
                or bool(lex.directive.search(text[max(0, name_start - 7):name_start - 1])))
            if collective:       # 各村党支部 / 各社区党组织: a collective scope, kept as written
                out.append((name_start - 1, m.end(), text[name_start - 1:m.end()], rank, False))
            continue            # 和图书馆党支部 / 2个事业单位党支部: not the subject of its clause
        para_start = _start_after(paras, name_start)
        initial = len(re.sub(r"^[\s（(]*[一二三四五六七八九十\d]+[、.．）)]\s*", "", text[para_start:name_start])) == 0
        label = initial and m.end() < len(text) and text[m.end()] in "。：:，,"
        out.append((name_start, m.end(), text[name_start:m.end()], rank, label))
    return out


def prefix_ok(text: str, lex: _Lexicon, start: int, end: int) -> bool:
    """A name prefix must be non-empty, not a self-reference (我局, 本, 机关) and hold balanced quotes."""
    prefix = text[start:end]
    bare = prefix.strip("“”\"'")
    if not bare or lex.org_self.fullmatch(bare) or lex.org_verbs.search(bare):
        return False
    return prefix.count("“") == prefix.count("”")


def _scope(ctx: _Ctx, pos: int, concept: str) -> str | None:
    """The sub-unit the figure at ``pos`` is about: the last named organisation before it, if still in force."""
    i = bisect.bisect_right(ctx.org_starts, pos) - 1
    while i >= 0 and ctx.orgs[i][1] > pos:
        i -= 1
    if i < 0:
        return None
    start, end, name, rank, initial = ctx.orgs[i]
    limit = _end_from(_boundaries_para(ctx), end, len(ctx.text)) if initial else _end_from(ctx.sents, end, len(ctx.text))
    opened = max(ctx.text.rfind("（", 0, start), ctx.text.rfind("(", 0, start))
    if opened > max(ctx.text.rfind("）", 0, start), ctx.text.rfind(")", 0, start), _start_after(ctx.sents, start) - 1):
        close = min(x for x in (ctx.text.find("）", end), ctx.text.find(")", end), limit) if x >= 0)
        limit = min(limit, close)   # （**党支部除外）: a name in brackets does not scope what follows them
    if name is None or pos >= limit or rank >= ctx.unit_rank:
        return None
    if ctx.unit and (name in ctx.unit or ctx.unit.endswith(name)):
        return None
    if rank < ctx.lex.scope_min_rank.get(concept, -1):
        return None
    return name


def _boundaries_para(ctx: _Ctx) -> list[int]:
    return [i for i in ctx.sents if ctx.text[i] == "\n"]


def _section(sections: Sequence[Section], starts: list[int], pos: int) -> str | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sections[i].start <= pos < max(sections[i].end, sections[i].start + 1):
        return sections[i].role
    return None


def _canonical_unit(lex: _Lexicon, m: re.Match[str]) -> str:
    unit = m.group("unit")
    if unit in lex.units:
        return unit
    for pat, canon in lex.unit_patterns:   # 4各支部: the typo pattern has a lookahead, so match in place
        u = pat.match(m.string, m.start("unit"))
        if u and u.end() == m.end("unit"):
            return canon
    return unit


# ---------------------------------------------------------------------------------------------- extraction

def _number(raw: str) -> Number | None:
    try:
        return parse_number(raw)
    except (ValueError, ArithmeticError):
        return None


def _scan(ctx: _Ctx) -> Iterator[dict[str, Any]]:
    """Raw figure candidates, in text order, before subjects are chosen."""
    for m in ctx.lex.master.finditer(ctx.text):
        if m.group("block") is not None:
            continue
        if m.group("slot") is not None:
            yield {"kind": "slot", "m": m, "nstart": m.start(), "uend": m.end(), "unit": m.group("slot"),
                   "number": Number(None, None, None, False, True)}
        elif m.group("ifreq") is not None:
            yield {"kind": "ifreq", "m": m}
        elif m.group("pnum") is not None:
            n = _number(m.group("pnum"))
            if n:
                yield {"kind": "num", "m": m, "nstart": m.start(), "uend": m.end(), "unit": "%", "number": n,
                       "raw": m.group("pnum")}
        else:
            raw = m.group("num")
            n = _number(re.sub(r"[名人个次期项条元%]+(?=[至到~～\-—－–])", "", raw))
            if n:
                yield {"kind": "num", "m": m, "nstart": m.start("num"), "uend": m.end(), "raw": raw,
                       "unit": _canonical_unit(ctx.lex, m), "number": n,
                       "post": m.group("post") or ""}


def _with_post(n: Number, post: str) -> Number:
    """Apply a qualifier written after the measure word (50名以上, 30人左右)."""
    if not post or n.masked or n.value is None:
        return n
    again = _number(f"{n.value}{post}")
    if again is None:
        return n
    return Number(n.value, again.low, again.high, True, False)


def extract(text: str, sections: Sequence[Section] = (), unit: str | None = None) -> tuple[Figure, ...]:
    """All figures of ``text`` in order. ``unit`` is the reporting unit (default scope); ``sections`` give roles."""
    lex = _lexicon()
    sents = _boundaries(text, _SENT_END)
    paras = [i for i in sents if text[i] == "\n"]
    unit_rank = _unit_rank(lex, unit)
    orgs = _find_orgs(text, lex, paras, unit_rank)
    ctx = _Ctx(text, lex, _boundaries(text, _CLAUSE_END), sents, _boundaries(text, _SEMI_END), orgs,
               [o[0] for o in orgs], unit_rank, unit)
    sec_starts = [s.start for s in sections]
    periods = [(p.start(), p.end(), p.group()) for p in lex.periods.finditer(text)]
    period_starts = [p[0] for p in periods]
    quals = [q.start() for q in lex.qualifier.finditer(text)]

    figures: list[Figure] = []
    for cand in _scan(ctx):
        fig = _implicit(ctx, cand["m"]) if cand["kind"] == "ifreq" else _figure(ctx, cand, figures)
        if fig is None:
            continue
        fig = _decorate(ctx, fig, sections, sec_starts, periods, period_starts, quals)
        figures.append(fig)
    return tuple(_distribute(text, figures))


_DISTRIBUTIVE = re.compile(r"分别")
_RUN_GAP = re.compile(r"[、，,]?(?:和|及|与)?")


def _distribute(text: str, figures: list[Figure]) -> list[Figure]:
    """三个支部分别召开支委会12次、12次、10次: the k values after 分别 belong, in order, to the last list of k
    branch names before them (教研党支部、行政后勤党支部和离退休干部党支部)."""
    from .names import name_lists
    out = list(figures)
    i = 0
    while i < len(out):
        f = out[i]
        j = i + 1
        while j < len(out) and out[j].concept == f.concept and out[j].per is None \
                and _RUN_GAP.fullmatch(text, out[j - 1].end, out[j].start):
            j += 1
        k = j - i
        sent_start = max(text.rfind(c, 0, f.start) for c in "。；\n") + 1
        if k >= 2 and f.per is None and f.scope is None and _DISTRIBUTIVE.search(text, sent_start, f.start):
            lists = [run for suffix in ("党支部", "支部", "党小组") for run in name_lists(text[:sent_start], suffix)]
            fitting = [run for run in lists if len({n for _, _, n in run}) == k]
            if fitting:
                names = [n for _, _, n in max(fitting, key=lambda run: run[-1][1])]
                for offset, name in enumerate(dict.fromkeys(names)):
                    out[i + offset] = replace(out[i + offset], scope=name)
        i = j
    return out


def _implicit(ctx: _Ctx, m: re.Match[str]) -> Figure:
    """每月开展主题党日: a frequency with no numeral means once per period."""
    rule = ctx.lex.implicit_rules.get(m.group("iform")) or _rule_for(ctx, m.group("iform"))
    per = ctx.lex.freq_periods[m.group("iper")]
    one = Number(parse_number("1").value, parse_number("1").low, parse_number("1").high)
    return Figure(rule.concept, one.value, one.low, one.high, False, False, "次", m.group("iform"), m.group(),
                  m.start(), m.end(), per=per)


def _rule_for(ctx: _Ctx, form: str) -> _Rule:
    m = ctx.lex.forms.fullmatch(form)
    assert m is not None
    return next(r for r in ctx.lex.form_rules[m.lastindex - 1] if r.implicit)  # type: ignore[operator]


def _prev_in_sentence(ctx: _Ctx, figures: list[Figure], pos: int) -> Figure | None:
    if not figures:
        return None
    prev = figures[-1]
    if prev.end > pos or _start_after(ctx.sents, pos) > prev.start:
        return None
    return prev


def _figure(ctx: _Ctx, cand: dict[str, Any], figures: list[Figure]) -> Figure | None:
    text, lex = ctx.text, ctx.lex
    m: re.Match[str] = cand["m"]
    nstart, uend, unit = cand["nstart"], cand["uend"], cand["unit"]
    number: Number = _with_post(cand["number"], cand.get("post", ""))
    cstart = _start_after(ctx.clauses, nstart)
    cend = _end_from(ctx.clauses, uend, len(text))
    before = text[cstart:nstart]
    prev_fig = _prev_in_sentence(ctx, figures, nstart)
    prev_same_clause = prev_fig.concept if prev_fig and prev_fig.end >= cstart else None
    if prev_fig and prev_fig.end < cstart and text[prev_fig.end:nstart].strip() == "":
        prev_same_clause = prev_fig.concept

    if unit in lex.pct_units:
        return _percent(ctx, cand, number, cstart, before)

    subject: _Subject | None = None
    per = None
    distributive = bool(lex.distributive.search(before))
    if not distributive:
        subject = _right_subject(ctx, uend, unit, before, prev_same_clause)
        floor = max(cstart, prev_fig.end) if prev_fig is not None else cstart   # 3个方面15个问题: 方面 is taken
        left = _left_subject(ctx, floor, nstart, unit, prev_same_clause)
        if subject is None or (left is not None and text[left.end:nstart] in ("", "的")):
            subject = left or subject   # 未完成的2个问题: a form right before the number wins
        raw = cand.get("raw", "")
        if (subject is not None and raw in lex.weak_numerals and unit in lex.weak_units
                and (subject.start >= uend or nstart - subject.end > 0) and not lex.count_cue.search(before)):
            subject = None      # 一个活动场地 / 发挥一名党员的作用: an article, not a count
        if subject is not None and lex.attribute.search(text, max(0, subject.start - 8), subject.start):
            subject = None      # 女党员60人: an attribute subset, not a part of any sum
        if subject is None and lex.carry.fullmatch(before):
            subject = _previous_clause_subject(ctx, cstart, unit, prev_same_clause)
        if subject is None and prev_fig is not None and prev_fig.concept != OTHER:
            subject = _carried(ctx, prev_fig, before, unit, uend, cend)
    freq = lex.freq_cue.search(before)
    if freq and unit in lex.freq_units:
        per = lex.freq_periods[freq.group()]

    if subject is None or subject.rule is None:
        if subject is None:
            subject = _Subject(None, _other_subject(text, cstart, nstart, uend, cend), nstart, nstart)
        concept = OTHER
    else:
        concept = subject.rule.concept
    start = min(subject.start, nstart) if subject.rule is not None else nstart
    if freq and per:
        start = min(start, cstart + freq.start())
    lead = lex.lead.search(text, max(0, start - 5), start)
    if lead and lead.end() == start and lead.start() >= cstart:
        start = lead.start()
    end = max(m.end(), subject.end)
    return Figure(concept, number.value, number.low, number.high, number.approx, number.masked, unit,
                  subject.text, text[start:end], start, end, per=per)


def _carried(ctx: _Ctx, prev: Figure, before: str, unit: str, uend: int, cend: int) -> _Subject | None:
    """党员大会每季度一次，全年4次: the subject of the previous figure, when only fillers stand before the number."""
    if not ctx.lex.carry.fullmatch(before):
        return None
    if uend < len(ctx.text) and ctx.text[uend] not in _CARRY_END:
        return None             # 4人是行政岗: the clause goes on with its own predicate
    rule = _rule_by_concept(ctx.lex, prev.concept, unit)
    if rule is None:
        return None
    return _Subject(rule, prev.subject, uend, uend)


@cache
def _rule_cache() -> dict[str, list[_Rule]]:
    out: dict[str, list[_Rule]] = {}
    for rules in _lexicon().form_rules:
        for r in rules:
            out.setdefault(r.concept, []).append(r)
    return out


def _rule_by_concept(lex: _Lexicon, concept: str, unit: str) -> _Rule | None:
    return next((r for r in _rule_cache().get(concept, []) if unit in r.units), None)


def _percent(ctx: _Ctx, cand: dict[str, Any], number: Number, cstart: int, before: str) -> Figure:
    m = cand["m"]
    s = ctx.lex.pct_subject.search(before)
    subject = s.group() if s else before[-6:]
    start = cstart + s.start() if s else cand["nstart"]
    return Figure(ctx.lex.pct_concept, number.value, number.low, number.high, number.approx, number.masked, "%",
                  subject, ctx.text[start:m.end()], start, m.end())


_CLAUSE_BREAK = re.compile(r"[，,：:]")
_COUNT = re.compile(r"\d|[一二两三四五六七八九十]+[名个次项条人]")


def _decorate(ctx: _Ctx, fig: Figure, sections: Sequence[Section], sec_starts: list[int],
              periods: list[tuple[int, int, str]], period_starts: list[int], quals: list[int]) -> Figure:
    """Scope, section, period and 其中 qualifier: context that does not change what the figure is."""
    from dataclasses import replace
    pos = fig.start
    sent_start = _start_after(ctx.sents, pos)
    semi_start = _start_after(ctx.semis, pos)
    period = None
    i = bisect.bisect_right(period_starts, pos) - 1
    while i >= 0 and periods[i][0] > pos:
        i -= 1
    if i >= 0 and periods[i][0] >= sent_start:
        # A cue dates the rest of its sentence when it opens the sentence (截至12月中旬，支部有党员26名) or when
        # its own clause holds a count (上年度查摆问题5个，已整改4个); a cue in a clause without one modifies
        # something else (针对上年度考核的意见，…，共查摆问题18个).
        cue_start, cue_end = periods[i][0], periods[i][1]
        m = _CLAUSE_BREAK.search(ctx.text, cue_end, pos)
        cue_clause = ctx.text[cue_end:m.start() if m else pos + 1]
        if not ctx.text[sent_start:cue_start].strip() or m is None or _COUNT.search(cue_clause):
            period = periods[i][2]
    q = bisect.bisect_right(quals, pos) - 1
    qualifier = "其中" if q >= 0 and quals[q] >= semi_start else None
    scope = _scope(ctx, pos, fig.concept)
    return replace(fig, scope=scope, section=_section(sections, sec_starts, pos), period=period,
                   qualifier=qualifier)
