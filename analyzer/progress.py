"""A terminal progress bar for batch runs: counts and ETA on stderr, redrawn in place on a TTY.

When stderr is not a terminal (a log file, CI) it stays quiet: one plain line per tenth of the batch.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self.t0 = time.monotonic()
        self.failed = 0
        self._last_step = -1

    def __call__(self, done: int, total: int, report=None) -> None:
        if report is not None and not report.ok:
            self.failed += 1
        elapsed = time.monotonic() - self.t0
        eta = elapsed / done * (total - done) if done else 0
        line = (f"已处理 {done}/{total}  失败 {self.failed}  用时 {_clock(elapsed)}  "
                f"预计剩余 {_clock(eta)}")
        if self.tty:
            filled = int(self.width * done / max(total, 1))
            bar = "█" * filled + "░" * (self.width - filled)
            self.stream.write(f"\r{bar} {line}\033[K")
            if done >= total:
                self.stream.write("\n")
        else:
            step = done * 10 // max(total, 1)
            if step != self._last_step and (step > self._last_step or done >= total):
                self._last_step = step
                self.stream.write(line + "\n")
        self.stream.flush()
