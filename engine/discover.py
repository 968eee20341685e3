"""Which files `cchc check` reads: the files named, and the plans and drafts in the folders named.

A folder is walked without following symbolic links (a link loop cannot trap it), hidden files
and folders are skipped, and so are the notes that sit beside plans (README, CHANGELOG,
LICENSE) and rosters (`roster.yaml`, `*.roster.yaml`: the units for `--expect`, not plans). `--include` replaces the default patterns, `--exclude` adds to the skipped ones; a
pattern with a "/" is matched against the path below the folder, one without against the file
name. A file named on the command line is always read, whatever the patterns say.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from engine.drafts import DRAFT_SUFFIXES
from engine.errors import InputError, Say

PLAN_SUFFIXES = (".yaml", ".yml")
DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in PLAN_SUFFIXES + DRAFT_SUFFIXES)
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "LICENSE*", "CONTRIBUTING*",
                   "roster.yaml", "roster.yml", "*.roster.yaml", "*.roster.yml")


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative if "/" in pattern else name, pattern) for pattern in patterns)


def _walk(folder: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for root, folders, files in os.walk(folder, followlinks=False):
        here = Path(root)
        folders[:] = sorted(d for d in folders if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = here / name
            relative = path.relative_to(folder).as_posix()
            # A link to nothing (or a loop of links) is kept, to be reported as unreadable, not skipped
            # in silence; a pipe or a device is not a plan and is left alone.
            broken_link = path.is_symlink() and not path.exists()
            if _matches(relative, include) and not _matches(relative, exclude) and (path.is_file() or broken_link):
                found.append(path)
    return sorted(found, key=lambda p: p.as_posix())


def plan_files(arguments: list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
               skip: tuple[Path, ...] = ()) -> list[Path]:
    """The files to check, in a stable order, each once. `skip`: files never to read as plans
    (the roster given to --expect, an output written into the folder)."""
    patterns = tuple(include) or DEFAULT_INCLUDE
    skipped = DEFAULT_EXCLUDE + tuple(exclude)
    never = {os.path.realpath(path) for path in skip}
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(p for p in _walk(path, patterns, skipped) if os.path.realpath(p) not in never)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(argument, None, Say("không có tệp hay thư mục này", "no such file or folder"),
                             Say("kiểm tra lại đường dẫn", "check the path"))
    unique, seen = [], set()
    for path in found:
        key = os.path.realpath(path)        # never raises, even for a loop of links
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
