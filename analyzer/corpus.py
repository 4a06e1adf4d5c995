"""Validate the authored corpus and count what it covers (``analyzer corpus-check corpora``).

Checks that every gold file parses, names an existing document, uses contract ids (roles, concepts,
categories, finding kinds), and that every snippet occurs verbatim in its document; then reports coverage:
documents per split, unit types, styles, planted findings by kind, problems per category, items per category.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .model import FINDING_KINDS, PERIODS, SECTION_ROLES
from .resources import load_yaml

CATEGORIES = tuple(f"C{i:02d}" for i in range(1, 18))
_EXTRA_CONCEPTS = ("section.work", "section.problems", "section.measures", "problems.none_claimed")


@cache
def concept_ids() -> frozenset[str]:
    data = load_yaml("concepts.yaml")
    ids = set()
    items = data.get("concepts", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        ids.update(k for k in items if re.match(r"^[a-z_]+\.[a-z_]+$", k))
    else:
        ids.update(c["id"] for c in items if isinstance(c, dict) and "id" in c)
    # the DESIGN.md §4 table, also named in the rule messages' labels
    ids.update(load_yaml("rules.yaml")["concept_labels"])
    return frozenset(ids)


@dataclass
class Validation:
    problems: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def format(self) -> str:
        out = [f"{'OK' if self.ok else 'INVALID'}: {len(self.problems)} problem(s)"]
        out += [f"  ! {p}" for p in self.problems[:200]]
        for k, v in self.stats.items():
            out.append(f"{k}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}")
        return "\n".join(out)


def _check_doc(gold_path: Path, v: Validation, counters: dict[str, Counter], split: str) -> None:
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        v.problems.append(f"{gold_path}: unreadable gold ({exc})")
        return
    doc = gold_path.parent / gold.get("file", "")
    if not doc.is_file():
        v.problems.append(f"{gold_path}: document {gold.get('file')!r} missing")
        return
    try:
        text = doc.read_text(encoding=gold.get("encoding", "utf-8"))
    except (UnicodeDecodeError, LookupError) as exc:
        v.problems.append(f"{doc}: cannot decode ({exc})")
        return
    where = str(gold_path)
    counters["documents"][split] += 1
    counters["characters"][split] += len(text)
    meta = gold.get("meta") or {}
    counters["unit_types"][meta.get("unit_type", "?")] += 1
    counters["years"][str(meta.get("year"))] += 1
    for s in gold.get("styles", []):
        counters["styles"][s] += 1
    for s in gold.get("sections", []):
        if s.get("role") not in SECTION_ROLES:
            v.problems.append(f"{where}: section role {s.get('role')!r}")
        if s.get("heading") and re.sub(r"\s", "", s["heading"]) not in re.sub(r"\s", "", text):
            v.problems.append(f"{where}: section heading not in text: {s['heading']!r}")
    known = concept_ids()
    for f in gold.get("figures", []):
        if f.get("concept") not in known:
            v.problems.append(f"{where}: unknown concept {f.get('concept')!r}")
        if not f.get("masked") and not isinstance(f.get("value"), (int, float)):
            v.problems.append(f"{where}: figure without value: {f}")
        if f.get("per") not in (None, *PERIODS):
            v.problems.append(f"{where}: bad per {f.get('per')!r}")
        counters["figures"][split] += 1
    for kind in ("problems", "measures"):
        for it in gold.get(kind, []):
            cats = [it.get("category")] if kind == "problems" else it.get("categories", [])
            if not cats or any(c not in CATEGORIES for c in cats):
                v.problems.append(f"{where}: bad category in {kind}: {it}")
            elif kind == "problems":
                counters["problem_categories"][cats[0]] += 1
            else:
                counters["measure_categories"][cats[0]] += 1
    for f in gold.get("findings", []):
        if f.get("kind") not in FINDING_KINDS:
            v.problems.append(f"{where}: finding kind {f.get('kind')!r}")
        for c in f.get("concepts", []):
            if c not in known and c not in _EXTRA_CONCEPTS:
                v.problems.append(f"{where}: finding concept {c!r}")
        if f.get("category") and f["category"] not in CATEGORIES:
            v.problems.append(f"{where}: finding category {f['category']!r}")
        counters["findings"][f.get("kind")] += 1
        counters[f"findings_{split}"][f.get("kind")] += 1
    for kind in ("figures", "problems", "measures", "findings"):
        for x in gold.get(kind, []):
            if x.get("text") and x["text"] not in text:
                v.problems.append(f"{where}: {kind} snippet not in text: {x['text']!r}")


def _check_batch(folder: Path, v: Validation, counters: dict[str, Counter], split: str) -> None:
    path = folder / "batch.gold.json"
    if not path.exists():
        v.problems.append(f"{folder}: batch.gold.json missing")
        return
    try:
        batch = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        v.problems.append(f"{path}: {exc}")
        return
    files = {u.get("file") for u in batch.get("units", [])}
    present = {p.name for p in folder.iterdir() if p.suffix in (".txt", ".docx", ".pdf") }
    for f in files - present:
        v.problems.append(f"{path}: unit file {f!r} missing")
    for f in batch.get("findings", []):
        if f.get("kind") not in FINDING_KINDS:
            v.problems.append(f"{path}: finding kind {f.get('kind')!r}")
        for name in f.get("files", []):
            if name not in present:
                v.problems.append(f"{path}: finding names missing file {name!r}")
        counters["findings"][f.get("kind")] += 1
        counters[f"findings_{split}"][f.get("kind")] += 1
    counters["batches"][split] += 1


def _check_items(folder: Path, v: Validation, counters: dict[str, Counter]) -> None:
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                it = json.loads(line)
            except ValueError:
                v.problems.append(f"{path}:{n}: invalid JSON")
                continue
            if it.get("kind") not in ("problem", "measure") or it.get("category") not in CATEGORIES \
                    or it.get("split") not in ("train", "test") or not it.get("text"):
                v.problems.append(f"{path}:{n}: bad item {it}")
                continue
            if it["text"] in seen:
                v.problems.append(f"{path}:{n}: duplicate text")
            seen.add(it["text"])
            counters[f"items_{it['kind']}"][it["category"]] += 1
            counters["items_split"][it["split"]] += 1


def validate(root: str | Path = "corpora") -> Validation:
    root = Path(root)
    v = Validation()
    counters: dict[str, Counter] = {k: Counter() for k in (
        "documents", "characters", "batches", "unit_types", "years", "styles", "figures", "problem_categories",
        "measure_categories", "findings", "findings_dev", "findings_test", "items_problem", "items_measure",
        "items_split")}
    for split in ("dev", "test"):
        for folder in sorted(p for p in (root / split).glob("*") if p.is_dir()):
            for gold in sorted(g for g in folder.glob("*.gold.json") if g.name != "batch.gold.json"):
                _check_doc(gold, v, counters, split)
            _check_batch(folder, v, counters, split)
    if (root / "items").is_dir():
        _check_items(root / "items", v, counters)
    for cat in CATEGORIES:
        if counters["documents"] and counters["problem_categories"][cat] == 0:
            v.problems.append(f"category {cat} has no problem in the corpus documents")
    v.stats = {k: dict(c) for k, c in counters.items() if c}
    return v
