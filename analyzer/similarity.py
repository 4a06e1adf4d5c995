"""Near-duplicate passages across the reports of a batch (copying between units versus notice boilerplate).

Each report is cut into sentences; each distinct normalized sentence gets a MinHash signature of its character
5-gram shingles (numpy, vectorised, chunked), and LSH banding groups candidates, so the cost grows with the
number of sentences, not with the number of report pairs. Candidate pairs are confirmed by the estimated
Jaccard similarity (direct neighbours, no transitive chaining). A sentence shared by many units is boilerplate
(the superior's notice, stock phrases); a sentence shared by two or few units is a copying candidate, and consecutive
copied sentences of ≥ 80 characters make a ``similarity`` finding naming both files, both units and both spans.

Public: ``analyse(reports)`` (the shared computation), ``batch_findings(reports)``, ``similarity_table(reports)``
rows for the 雷同文本 sheet, ``originality(reports) -> {file: share}``. Parameters and stock phrases:
``resources/lexicons/similarity.yaml``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .checks.finding import make
from .crossdoc import same_unit, unit_key
from .model import Finding, Report
from .resources import load_yaml

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NOT_CONTENT = re.compile(r"[^\w]|_", re.UNICODE)
_MASK32 = np.uint64(0xFFFFFFFF)
_CHUNK = 1 << 18                       # shingles per vectorised MinHash chunk (bounded memory)


@cache
def _config() -> dict:
    return load_yaml("lexicons/similarity.yaml")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    norm: str


@dataclass
class Analysis:
    """Per report: its sentences, the distinct-sentence id of each eligible one, near-duplicates, who shares
    each sentence and which sentences are boilerplate."""

    reports: list[Report]
    units: list[str]                                   # comparable unit key per report (file name if unknown)
    sentences: list[list[Sentence]]
    sentence_id: list[dict[int, int]]                  # report → {sentence index → distinct-sentence id}
    occurrences: dict[int, list[tuple[int, int]]] = field(default_factory=dict)   # id → [(report, sentence)]
    neighbours: dict[int, set[int]] = field(default_factory=dict)   # id → near-duplicate ids (confirmed)
    sharers: dict[int, set[str]] = field(default_factory=dict)      # id → units whose reports contain it
    boilerplate: set[int] = field(default_factory=set)


def sentences(text: str) -> list[Sentence]:
    out = []
    for m in _SENTENCE.finditer(text):
        norm = _NOT_CONTENT.sub("", m.group(0))
        if norm:
            out.append(Sentence(m.start(), m.end(), norm))
    return out


@cache
def _stock() -> re.Pattern:
    phrases = sorted((_NOT_CONTENT.sub("", p) for p in _config()["stock_phrases"]), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


def eligible(norm: str) -> bool:
    """A sentence long enough to be a passage once stock phrases of official prose are taken out."""
    return len(_stock().sub("", norm)) >= _config()["min_sentence_chars"]


def _weights(k: int) -> np.ndarray:
    return np.array([pow(1_000_003, i, 1 << 64) for i in range(k)], dtype=np.uint64)


def _shingles(texts: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of every character k-gram of every text, and the index of the text each belongs to.
    All texts of a chunk are hashed at once: one concatenated code-point array, windows that cross a text
    boundary dropped. A text shorter than k is padded so that it still has one shingle."""
    padded = [t if len(t) >= k else t + "\0" * (k - len(t)) for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(codes, k)
    with np.errstate(over="ignore"):
        h = windows @ _weights(k)                      # wraps mod 2^64: a polynomial hash of the k-gram
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    owner = np.repeat(np.arange(len(padded)), lengths)[:len(h)]
    ends = np.cumsum(lengths)
    keep = np.ones(len(h), dtype=bool)
    for d in range(1, k):                              # windows starting in the last k-1 chars of a text
        idx = ends - d
        keep[idx[(idx >= 0) & (idx < len(h))]] = False
    return h[keep] & _MASK32, owner[keep]


def minhash(texts: Sequence[str], num_perm: int | None = None, k: int | None = None, seed: int = 1) -> np.ndarray:
    """MinHash signatures (len(texts) × num_perm, uint64) of character k-gram shingles, vectorised in chunks."""
    cfg = _config()
    num_perm = num_perm or cfg["num_perm"]
    k = k or cfg["shingle"]
    rng = np.random.default_rng(seed)
    # multiply-shift hashing (a odd, arithmetic mod 2^64, keep the high 32 bits): a universal family that
    # needs no modulo, which is what makes the vectorised permutation step cheap
    a = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)
    sig = np.full((len(texts), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    lo = 0
    while lo < len(texts):
        hi, size = lo, 0
        while hi < len(texts) and (size < _CHUNK or hi == lo):
            size += max(len(texts[hi]), k)
            hi += 1
        h, owner = _shingles(texts[lo:hi], k)
        with np.errstate(over="ignore"):
            perm = (h[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        sig[lo + owner[starts]] = np.minimum.reduceat(perm, starts, axis=0)
        lo = hi
    return sig


def near_duplicates(sig: np.ndarray) -> tuple[dict[int, set[int]], set[int]]:
    """Confirmed near-duplicate neighbours of each distinct sentence (LSH candidates whose estimated Jaccard
    reaches the threshold) and the crowded sentences. Neighbours are not chained transitively: two sentences
    that each share a clause with a third are not copies of each other."""
    cfg = _config()
    n, num_perm = sig.shape
    rows = num_perm // cfg["bands"]
    neighbours: dict[int, set[int]] = defaultdict(set)
    crowded: set[int] = set()
    for band in range(cfg["bands"]):
        keys = np.ascontiguousarray(sig[:, band * rows:(band + 1) * rows]).view(np.dtype((np.void, rows * 8)))[:, 0]
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        order = np.argsort(inverse, kind="stable")
        starts = np.cumsum(counts) - counts
        for g in np.flatnonzero(counts >= 2):          # buckets: sentences with the same band
            size = int(counts[g])
            members = order[starts[g]:starts[g] + size]
            if size > cfg["crowded_bucket"]:
                crowded.update(members.tolist())   # hundreds of variants of one sentence: notice wording
                continue
            sub = sig[members]
            agree = (sub[:, None, :] == sub[None, :, :]).mean(axis=2)
            for x, y in zip(*np.nonzero(np.triu(agree >= cfg["jaccard"], 1))):
                neighbours[int(members[x])].add(int(members[y]))
                neighbours[int(members[y])].add(int(members[x]))
    return neighbours, crowded


def analyse(reports: Sequence[Report]) -> Analysis:
    ok = [r for r in reports if r.ok and r.text]
    units = [unit_key(r.meta.unit) if unit_key(r.meta.unit) else f"file:{r.file}" for r in ok]
    per_report = [sentences(r.text) for r in ok]
    uid: dict[str, int] = {}
    occurrences: list[tuple[int, int, int]] = []        # (report, sentence, distinct-sentence id)
    for i, sents in enumerate(per_report):
        for j, s in enumerate(sents):
            if eligible(s.norm):
                occurrences.append((i, j, uid.setdefault(s.norm, len(uid))))
    texts = list(uid)
    analysis = Analysis(ok, units, per_report, [dict() for _ in ok])
    if not texts:
        return analysis
    analysis.neighbours, crowded = near_duplicates(minhash(texts))
    for i, j, u in occurrences:
        analysis.sentence_id[i][j] = u
        analysis.occurrences.setdefault(u, []).append((i, j))
    _merge_same_units(analysis)
    cfg = _config()
    n_units = len(set(analysis.units))
    for u, occ in analysis.occurrences.items():
        near = [v for v in analysis.neighbours.get(u, ()) if v in analysis.occurrences]
        us = {analysis.units[i] for i, _ in occ} | {analysis.units[i] for v in near for i, _ in analysis.occurrences[v]}
        analysis.sharers[u] = us
        others = len(us) - 1
        if u in crowded or others >= cfg["boilerplate_others"] or (
                others >= cfg["boilerplate_min_others"] and others >= cfg["boilerplate_share"] * (n_units - 1)):
            analysis.boilerplate.add(u)
    return analysis


def _merge_same_units(analysis: Analysis) -> None:
    """机关党支部 and 局机关党支部 are one unit: count a unit once even when its key is written two ways.
    Names that match share their last characters, so only neighbours in suffix order are compared."""
    keys = sorted(set(analysis.units), key=lambda k: k[::-1])
    alias: dict[str, str] = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1:i + 8]:        # a bounded window: sub-quadratic in the number of units
            if b[-2:] != a[-2:]:
                break
            if b not in alias and same_unit(a, b):
                alias[b] = alias.get(a, a)
    if alias:
        analysis.units = [alias.get(u, u) for u in analysis.units]


@dataclass(frozen=True)
class Passage:
    """A run of consecutive sentences of report ``a`` copied with report ``b``."""

    a: int
    b: int
    spans_a: tuple[tuple[int, int], ...]
    spans_b: tuple[tuple[int, int], ...]
    chars: int
    text: str


def _copy_links(analysis: Analysis) -> dict[tuple[int, int], dict[int, list[int]]]:
    """(report a, report b) → {sentence of a → its copies (same or near-duplicate, not boilerplate) in b}."""
    links: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for u, occ in analysis.occurrences.items():
        if u in analysis.boilerplate or len(analysis.sharers[u]) < 2:
            continue
        same = [u, *(v for v in analysis.neighbours.get(u, ()) if v in analysis.occurrences)]
        for ia, ja in occ:
            for v in same:
                for ib, jb in analysis.occurrences[v]:
                    if analysis.units[ia] != analysis.units[ib]:
                        links[(ia, ib)][ja].append(jb)
    return links


def _runs(indices: list[int], sents: list[Sentence]) -> list[list[int]]:
    """Group sentence indices into runs of consecutive sentences; short sentences in between do not break a run."""
    runs: list[list[int]] = []
    for j in sorted(indices):
        if runs and all(not eligible(sents[k].norm) for k in range(runs[-1][-1] + 1, j)):
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 2:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def passages(analysis: Analysis) -> list[Passage]:
    """Copied passages of ≥ copy_min_chars characters, one per run, seen from each side."""
    limit = _config()["copy_min_chars"]
    out = []
    for (ia, ib), pairs in _copy_links(analysis).items():
        sa, sb = analysis.sentences[ia], analysis.sentences[ib]
        for run in _runs(list(pairs), sa):
            chars = sum(len(sa[j].norm) for j in run if j in pairs)
            if chars < limit:
                continue
            spans_a = _merge([(sa[j].start, sa[j].end) for j in run])
            spans_b = _merge([(sb[k].start, sb[k].end) for j in run for k in pairs.get(j, [])])
            text = analysis.reports[ia].text[spans_a[0][0]:spans_a[-1][1]]
            out.append(Passage(ia, ib, spans_a, spans_b, chars, text))
    return out


def _name(r: Report) -> str:
    return Path(r.file).name


def batch_findings(reports: Sequence[Report], analysis: Analysis | None = None) -> list[Finding]:
    """One ``similarity`` warning per pair of units that share a copied passage, naming both files and spans."""
    analysis = analysis or analyse(reports)
    by_pair: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    for p in passages(analysis):
        by_pair[(min(p.a, p.b), max(p.a, p.b))].append(p)
    found = []
    for (ia, ib), ps in sorted(by_pair.items()):
        ra, rb = analysis.reports[ia], analysis.reports[ib]
        own_a = [p for p in ps if p.a == ia] or [p for p in ps]
        spans_a = _merge([s for p in ps for s in (p.spans_a if p.a == ia else p.spans_b)])
        spans_b = _merge([s for p in ps for s in (p.spans_b if p.a == ia else p.spans_a)])
        chars = max(sum(p.chars for p in ps if p.a == ia), sum(p.chars for p in ps if p.a == ib))
        units = [ra.meta.unit or _name(ra), rb.meta.unit or _name(rb)]
        snippet = own_a[0].text
        msg = (f"{units[0]}（{_name(ra)}）与{units[1]}（{_name(rb)}）有{chars}字的段落雷同，"
               f"疑为相互抄用：“{snippet[:40]}{'…' if len(snippet) > 40 else ''}”")
        values = {"files": [ra.file, rb.file], "units": units, "chars": chars,
                  "spans_by_file": {ra.file: [list(s) for s in spans_a], rb.file: [list(s) for s in spans_b]}}
        found.append(make("similarity.copied_passage", "similarity", "warning", msg, concepts=[],
                          spans=spans_a, values=values, text=snippet,
                          key=sorted([_name(ra), _name(rb)]) + sorted(units)))
    return found


def similarity_table(reports: Sequence[Report], analysis: Analysis | None = None) -> list[dict]:
    """Rows for the 雷同文本 sheet: file, unit, other_file, other_unit, chars, share, passage (both directions)."""
    analysis = analysis or analyse(reports)
    totals = [sum(len(s.norm) for s in sents) or 1 for sents in analysis.sentences]
    rows = []
    for p in sorted(passages(analysis), key=lambda p: (p.a, -p.chars)):
        ra, rb = analysis.reports[p.a], analysis.reports[p.b]
        rows.append({"file": ra.file, "unit": ra.meta.unit, "other_file": rb.file, "other_unit": rb.meta.unit,
                     "chars": p.chars, "share": round(p.chars / totals[p.a], 4), "passage": p.text})
    return rows


def originality(reports: Sequence[Report], analysis: Analysis | None = None) -> dict[str, float]:
    """Share of each report's sentence characters shared with no other unit (boilerplate and copies excluded)."""
    analysis = analysis or analyse(reports)
    out = {}
    for i, r in enumerate(analysis.reports):
        sents = analysis.sentences[i]
        total = sum(len(s.norm) for s in sents)
        shared = sum(len(sents[j].norm) for j, u in analysis.sentence_id[i].items()
                     if len(analysis.sharers[u]) > 1)
        out[r.file] = round(1 - shared / total, 4) if total else 1.0
    return out
