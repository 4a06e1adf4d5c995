"""Run settings as a validated, frozen dataclass (no global flags)."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

DEFAULT_MAX_BYTES = 50 * 2**20


@dataclass(frozen=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES     # larger files become a `too_large` error row
    convert_timeout: int = 120             # seconds for one LibreOffice conversion
    classify: bool = True                  # classify problem/measure items (loads the bundled model)
    checks: bool = True                    # run within-report consistency and text checks

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.convert_timeout <= 0:
            raise ValueError("convert_timeout must be positive")

    @classmethod
    def resolve(cls, value: "Settings | Mapping[str, Any] | None") -> "Settings":
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(cls(), **dict(value))
