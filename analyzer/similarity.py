"""Near-duplicate passages across the reports of a batch (copying between units versus notice boilerplate).

Each report is cut into sentences; each distinct normalized sentence gets a MinHash signature of its character
5-gram shingles (numpy, vectorised, chunked), and LSH banding groups candidates, so the cost grows with the
number of sentences, not with the number of report pairs. Candidate pairs are confirmed by the estimated
Jaccard similarity and joined into clusters (union-find). A cluster shared by many units is boilerplate (the
superior's notice, stock phrases); a cluster shared by two or few units is a copying candidate, and consecutive
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
_PRIME = np.uint64((1 << 61) - 1)
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
    """Per report: its sentences, the cluster of each eligible sentence, and which clusters are boilerplate."""

    reports: list[Report]
    units: list[str]                                   # comparable unit key per report (file name if unknown)
    sentences: list[list[Sentence]]
    cluster_of: list[dict[int, int]]                   # report → {sentence index → cluster id}
    cluster_units: dict[int, set[str]] = field(default_factory=dict)
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


def _shingle_hashes(s: str, k: int) -> np.ndarray:
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    windows = np.lib.stride_tricks.sliding_window_view(codes, k)
    weights = np.array([pow(1_000_003, i, 1 << 64) for i in range(k)], dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = (windows * weights).sum(axis=1)           # wraps mod 2^64: a polynomial rolling hash
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return np.unique(h & _MASK32)


def minhash(texts: Sequence[str], num_perm: int | None = None, k: int | None = None, seed: int = 1) -> np.ndarray:
    """MinHash signatures (len(texts) × num_perm, uint64) of character k-gram shingles, vectorised in chunks."""
    cfg = _config()
    num_perm = num_perm or cfg["num_perm"]
    k = k or cfg["shingle"]
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    sig = np.full((len(texts), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    hashes: list[np.ndarray] = []
    owners: list[int] = []
    pending = 0

    def flush() -> None:
        nonlocal pending
        if not hashes:
            return
        h = np.concatenate(hashes)
        owner = np.repeat(np.array(owners), [len(x) for x in hashes])
        # (a·x + b) mod p with x < 2^32, a < 2^32: the product fits in 64 bits
        with np.errstate(over="ignore"):
            perm = (h[:, None] * a[None, :] + b[None, :]) % _PRIME
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        sig[owner[starts]] = np.minimum.reduceat(perm, starts, axis=0)
        hashes.clear()
        owners.clear()
        pending = 0

    for i, t in enumerate(texts):
        h = _shingle_hashes(t, k)
        hashes.append(h)
        owners.append(i)
        pending += len(h)
        if pending >= _CHUNK:
            flush()
    flush()
    return sig


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, x: int) -> int:
        p = self.parent
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return int(root)

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def _clusters(sig: np.ndarray) -> tuple[np.ndarray, set[int]]:
    """Cluster id per distinct sentence (LSH candidates confirmed by estimated Jaccard) and crowded sentences."""
    cfg = _config()
    n, num_perm = sig.shape
    rows = num_perm // cfg["bands"]
    uf = _UnionFind(n)
    crowded: set[int] = set()
    for band in range(cfg["bands"]):
        keys = np.ascontiguousarray(sig[:, band * rows:(band + 1) * rows]).view(np.dtype((np.void, rows * 8)))[:, 0]
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.cumsum(counts)[:-1]
        for members, size in zip(np.split(order, bounds), counts):
            if size < 2:
                continue
            if size > cfg["crowded_bucket"]:
                crowded.update(members.tolist())   # hundreds of variants of one sentence: notice wording
                continue
            sub = sig[members]
            agree = (sub[:, None, :] == sub[None, :, :]).mean(axis=2)
            for x, y in zip(*np.nonzero(np.triu(agree >= cfg["jaccard"], 1))):
                uf.union(int(members[x]), int(members[y]))
    return np.array([uf.find(i) for i in range(n)]), crowded


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
    cluster, crowded = _clusters(minhash(texts))
    for i, j, u in occurrences:
        c = int(cluster[u])
        analysis.cluster_of[i][j] = c
        analysis.cluster_units.setdefault(c, set()).add(units[i])
        if u in crowded:
            analysis.boilerplate.add(c)
    _merge_same_units(analysis)
    cfg = _config()
    n_units = len(set(units))
    for c, us in analysis.cluster_units.items():
        others = len(us) - 1
        if others >= cfg["boilerplate_others"] or (
                others >= cfg["boilerplate_min_others"] and others >= cfg["boilerplate_share"] * (n_units - 1)):
            analysis.boilerplate.add(c)
    return analysis


def _merge_same_units(analysis: Analysis) -> None:
    """机关党支部 and 局机关党支部 are one unit: count a unit once even when its key is written two ways."""
    keys = sorted(set(analysis.units))
    alias: dict[str, str] = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1:i + 50]:       # sorted neighbours only: a bounded, sub-quadratic pass
            if b not in alias and same_unit(a, b):
                alias[b] = alias.get(a, a)
    if alias:
        analysis.units = [alias.get(u, u) for u in analysis.units]
        analysis.cluster_units = {c: {alias.get(u, u) for u in us} for c, us in analysis.cluster_units.items()}


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
    """(report a, report b) → {sentence of a → sentences of b in the same non-boilerplate cluster}."""
    members: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, cl in enumerate(analysis.cluster_of):
        for j, c in cl.items():
            if c not in analysis.boilerplate and len(analysis.cluster_units[c]) > 1:
                members[c].append((i, j))
    links: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for occ in members.values():
        for ia, ja in occ:
            for ib, jb in occ:
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
        shared = sum(len(sents[j].norm) for j, c in analysis.cluster_of[i].items()
                     if len(analysis.cluster_units[c]) > 1)
        out[r.file] = round(1 - shared / total, 4) if total else 1.0
    return out
