"""JSON Lines outputs: ``reports.jsonl`` (one report-v1 object per input file) and ``findings.jsonl``."""
from __future__ import annotations

import json
import os
from typing import Any, Callable, Iterable, Iterator, Mapping

from . import atomic_path


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def write_lines(dest: str | os.PathLike, objs: Iterable[Mapping[str, Any]]) -> int:
    """Write one JSON object per line, atomically; returns the number of lines."""
    n = 0
    with atomic_path(dest) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for obj in objs:
            fh.write(dumps(obj) + "\n")
            n += 1
    return n


def read_lines(path: str | os.PathLike) -> Iterator[dict[str, Any]]:
    """Stream the objects of a JSON Lines file (one in memory at a time)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def rewrite(src: str | os.PathLike, dest: str | os.PathLike,
            transform: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Stream ``src`` through ``transform`` into ``dest`` (used to attach batch findings to spooled reports)."""
    return write_lines(dest, (transform(obj) for obj in read_lines(src)))
