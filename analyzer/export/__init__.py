"""Batch outputs, one module per format: tidy DataFrames (``frames``), Parquet, Excel, HTML and JSON Lines.

Every format is a view of the same rows built in :mod:`analyzer.export.frames`.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_path(dest: str | os.PathLike) -> Iterator[Path]:
    """A temp path beside ``dest`` that replaces it only when the block succeeds.

    A reviewer who opens ``review.xlsx`` while a run is writing sees the previous complete file, never half of one.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)   # mkstemp makes 0600; outputs are meant to be shared like any file
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
