"""Where the built-in rule packs and report templates are.

In a wheel they are package data (engine/rules, engine/reports); in a source
checkout or an editable install they are the top-level rules/ and reports/.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def rules_dir() -> Path:
    return _data_dir("rules")


def reports_dir() -> Path:
    return _data_dir("reports")
