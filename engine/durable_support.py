"""Imports durable_rules' engine on every supported Python.

durable_rules 2.0.28, its last release, calls PyEval_CallObject, which Python
3.13 removed; on 3.13 the engine's extension imports only once the symbol is
in the process's global symbol table. `engine._durable_compat` (a C module
built with the package) exports it; loading it RTLD_GLOBAL before the first
import of durable_rules_engine makes that import resolve. See docs/python.md.
"""
from __future__ import annotations

import ctypes
import sys

if sys.version_info >= (3, 13):
    from engine import _durable_compat

    ctypes.CDLL(_durable_compat.__file__, mode=ctypes.RTLD_GLOBAL)

import durable_rules_engine  # noqa: E402  (after the symbol is loaded)
from durable import engine as durable_engine  # noqa: E402

__all__ = ["durable_engine", "durable_rules_engine"]
