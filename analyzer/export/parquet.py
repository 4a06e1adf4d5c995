"""Parquet tables for notebooks: one file per frame (documents, sections, figures, problems, measures, findings)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import pandas as pd

from . import atomic_path


def write(frames: Mapping[str, pd.DataFrame], dest_dir: str | os.PathLike) -> Path:
    """Write ``dest_dir/<table>.parquet`` for every frame (each file atomically); returns the folder."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        with atomic_path(dest_dir / f"{name}.parquet") as tmp:
            df.to_parquet(tmp, index=False, engine="pyarrow")
    return dest_dir
