"""bench/RESULTS.md is shared by the benchmarks: each rewrites only its own section, marked by
HTML comments, so that running one leaves the others' last measurements in place."""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = ("# Benchmark results\n\nProduced by `make bench`; each section by the script it names, "
          "never by hand. Times are medians of several runs on a shared, noisy machine: compare the "
          "ratios measured within one run.\n")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def stamp() -> str:
    return f"Machine: {machine()}. Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC."


def write_section(name: str, body: str) -> None:
    """Replace the section `name` of RESULTS.md with `body` (or append it)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    if not text.startswith(HEADER):
        text = HEADER                               # the old single-benchmark file: start afresh
    block = f"<!-- begin {name} -->\n{body.strip()}\n<!-- end {name} -->\n"
    pattern = re.compile(rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->\n", re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")
