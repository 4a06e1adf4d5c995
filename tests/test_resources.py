"""Integrity of the bundled domain data: every file parses, ids are unique and consistent across files."""
import re
from importlib import resources

import pytest
import yaml

from analyzer.model import FINDING_KINDS, SECTION_ROLES
from analyzer.resources import load_lines, load_yaml, read_text

CATEGORIES = [f"C{i:02d}" for i in range(1, 18)]
YAML_FILES = sorted(p.name for p in resources.files("analyzer.resources").iterdir() if p.name.endswith(".yaml")) + \
    sorted(f"lexicons/{p.name}" for p in resources.files("analyzer.resources").joinpath("lexicons").iterdir()
           if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_parses(name):
    assert yaml.safe_load(read_text(name)) is not None


def test_rules_ids_unique_and_kinds_known():
    rules = load_yaml("rules.yaml")["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    kinds = {r["kind"] for r in rules}
    assert kinds <= set(FINDING_KINDS) | {"scope_sum", "percent_range", "rate_counts"}
    assert all(r["severity"] in ("error", "warning", "info") for r in rules)


def test_concepts_used_by_rules_exist():
    labels = load_yaml("rules.yaml")["concept_labels"]
    for r in load_yaml("rules.yaml")["rules"]:
        for key in ("total", "parts", "then"):
            for c in r.get(key, []):
                assert c in labels, (r["id"], c)
        for key in ("left", "right", "concept", "if_present", "count"):
            if key in r:
                assert r[key] in labels, (r["id"], r[key])
    for c in load_yaml("rules.yaml")["cross_doc"]["comparable"]:
        assert c in labels


def test_taxonomy_and_model_agree():
    cats = load_yaml("taxonomy.yaml")["categories"]
    assert list(cats) == CATEGORIES
    assert all(spec["name"] and spec["cues"] for spec in cats.values())
    import json
    assert json.loads(read_text("model/classifier.json"))["labels"] == CATEGORIES


def test_section_lexicon_roles_and_patterns():
    data = load_yaml("sections.yaml")
    assert set(data["roles"]) <= set(SECTION_ROLES)
    for spec in data["roles"].values():
        for pattern in spec["names"]:
            re.compile(pattern)


def test_user_dictionary_lines():
    for line in load_lines("userdict.txt"):
        word, *rest = line.split()
        assert word and (not rest or rest[0].isdigit())
