"""A progress bar on stderr while many files are checked: only for a terminal, never on stdout."""
from __future__ import annotations

import shutil
import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """"[####----]  37/100  0:12 elapsed, ~0:20 left  plans/xa-tan-hoa.docx", rewritten in place."""

    BAR = 20

    def __init__(self, total: int, enabled: bool, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > 1 and self.stream.isatty()
        self.started = time.monotonic()
        self.done = 0

    def step(self, done: int, current: str) -> None:
        self.done = done
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        filled = self.BAR * done // self.total
        line = f"[{'#' * filled}{'-' * (self.BAR - filled)}] {done:>{len(str(self.total))}}/{self.total}  " \
               f"{_clock(elapsed)} elapsed"
        if done:
            line += f", ~{_clock(elapsed / done * (self.total - done))} left"
        width = shutil.get_terminal_size((100, 20)).columns
        room = width - len(line) - 3
        if room > 10:
            line += "  " + (current if len(current) <= room else "…" + current[-(room - 1):])
        self.stream.write("\r\x1b[K" + line[:width - 1])
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
