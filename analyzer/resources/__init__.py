"""Loaders for the bundled domain data (lexicons, patterns, rules, models), each read once per process."""
from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import ResourceError


def path(name: str):
    """A traversable for a resource file, e.g. ``path("concepts.yaml")``."""
    return resources.files(__name__).joinpath(name)


@cache
def read_text(name: str) -> str:
    try:
        return path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(detail=f"missing resource {name}") from exc


@cache
def load_yaml(name: str) -> Any:
    try:
        return yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise ResourceError(detail=f"{name}: {exc}") from exc


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a text lexicon; ``#`` starts a comment line."""
    out = []
    for line in read_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


def digest(*names: str) -> str:
    """A short hash of resource contents, for cache keys and model metadata."""
    h = hashlib.sha256()
    for name in names:
        h.update(read_text(name).encode("utf-8"))
    return h.hexdigest()[:16]
