"""Finding the plan a plan implements: `plan.parent` names it by its `plan.id`, or by its
document number as the plan cites it ("315/KH-UBND"; `cchc import` writes that, never an id).

Where it is looked for, in this order, the first match winning:
1. the files of the same `cchc check` run (in the run's order);
2. the plan folders of the repository: `plans:` in .cchc.yaml (engine/config.py), each walked like
   a folder given to `cchc check`; with no .cchc.yaml, the folder holding the child plan (its own
   files only, not its sub-folders: a plan at the top of a repository must not walk all of it).
So a pre-commit run on one changed file still finds the parent it did not change.

Plan ids are indexed only when some plan names a parent, once per process and source, and cheaply:
a YAML plan's id is read from its first lines, a draft's from its file name (the id `cchc import`
gives it). The index only nominates files: a file is loaded, and its real `plan.id` compared,
before it counts as the parent. Worker processes (`--jobs N`) each build the same index from the
same `ParentSearch`, so the result never depends on N.
"""
from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from engine.cascade import reads_parent
from engine.config import Config, find_config
from engine.discover import PLAN_SUFFIXES, plan_files
from engine.drafts import DRAFT_SUFFIXES, is_draft, load_draft
from engine.errors import InputError, Say
from engine.load import LoadedPlan, load_plan
from engine.text import fold, nfc
from engine.vocab import Vocabulary, ascii_code
from engine.yamlsource import Limits

FOUND, MISSING, UNREADABLE = "found", "missing", "unreadable"
_HEAD_BYTES = 64 * 1024          # the `plan:` block opens a plan file
# `plan:` then, among its indented lines, the first `id:` (block style), or `plan: {… id: …}`.
# The two kinds of line in between (blank or comment; indented value) never overlap: no backtracking.
_BLOCK_ID = re.compile(r"^plan:[ \t]*(?:#[^\n]*)?\n(?:(?:[ \t]*(?:#[^\n]*)?|[ \t]+[^ \t\n#][^\n]*)\n)*?"
                       r"[ \t]+id:[ \t]*([^\n]+)", re.M)
_FLOW_ID = re.compile(r"^plan:[ \t]*\{[^\n]*?\bid:[ \t]*([^,}\n]+)", re.M)
_RUNS = itertools.count(1)


def _new_run() -> str:
    return f"{os.getpid()}-{next(_RUNS)}"


@dataclass(frozen=True)
class ParentSearch:
    """Where parents are looked for; plain strings, so that it crosses to worker processes."""
    run_files: tuple[str, ...] = ()               # absolute, in the run's order
    plan_folders: tuple[str, ...] | None = None   # absolute; None: no .cchc.yaml, the child's own folder
    # The indexes are kept for one run (in each of its processes): a later run in the same
    # process (tests, a server) sees the files as they are then.
    run: str = field(default_factory=_new_run)

    @classmethod
    def for_run(cls, files: list[Path], config: Config | None) -> "ParentSearch":
        """The run's files and the plan folders of the run's settings (`config`, read once by the caller)."""
        folders = tuple(str(folder) for folder in config.plan_folders) if config else None
        return cls(tuple(os.path.realpath(path) for path in files), folders)     # realpath: a loop of links is no error


@dataclass(frozen=True)
class ParentLookup:
    """What was found for a plan's `parent`."""
    parent_id: str
    plan: LoadedPlan | None = None
    problem: Say | None = None       # why the file that holds it could not be read
    searched: str = ""               # the folders looked in, for the message

    @property
    def status(self) -> str:
        return FOUND if self.plan is not None else UNREADABLE if self.problem else MISSING


@dataclass(frozen=True)
class _Index:
    """The files of one source, by the plan id each declares; files whose id could not be read
    from their first lines are tried last."""
    by_id: dict[str, tuple[str, ...]]
    undeclared: tuple[str, ...] = field(default=())


def find_parent(child: LoadedPlan, child_path: Path, search: ParentSearch, vocabulary: Vocabulary,
                limits: Limits, top: Path) -> ParentLookup:
    """The parent `child` names, loaded; or why it is not there. Never raises for a parent that is
    missing or unreadable: that is the child's finding, not a failure of the run."""
    wanted = nfc(child.plan.plan.parent or "").strip()
    own = str(child_path.resolve())
    walk = search.plan_folders is not None
    folders = search.plan_folders if walk else (str(child_path.resolve().parent),)
    searched = ", ".join(_shown(Path(folder), top) for folder in folders)
    problem = None
    by_number = is_document_number(wanted)
    for index in _indexes(search, folders, walk):
        # A number ("315/KH-UBND") is in no file's first lines: every plan of the source is a candidate.
        nominated = tuple(p for paths in index.by_id.values() for p in paths) if by_number \
            else index.by_id.get(wanted, ())
        for path in nominated + index.undeclared:
            if path == own:
                continue
            loaded = _load(path, _shown(Path(path), top), vocabulary, limits, _version(path))
            if isinstance(loaded, InputError):
                if path in nominated and problem is None and not by_number:
                    problem = loaded.said()       # it says it is the parent, but cannot be read
                continue
            header = loaded.plan.plan
            if (fold(header.number or "") == fold(wanted)) if by_number else nfc(header.id).strip() == wanted:
                return ParentLookup(wanted, plan=loaded, searched=searched)
    return ParentLookup(wanted, problem=problem, searched=searched)


def is_document_number(parent: str) -> bool:
    """`plan.parent` may name the parent by its id or by its document number ("315/KH-UBND")."""
    return "/" in parent


def _indexes(search: ParentSearch, folders: tuple[str, ...], walk: bool):
    """The sources in order, each indexed only when reached: a parent among the run's files never
    costs a folder walk."""
    yield _run_index(search.run_files, search.run)
    for folder in folders:
        yield _folder_index(folder, walk, search.run)


def _shown(path: Path, top: Path) -> str:
    from engine.check import display_path       # engine.check uses this module
    return display_path(path, top)


@lru_cache(maxsize=4)
def _run_index(files: tuple[str, ...], _run: str) -> _Index:
    return _index(files)


@lru_cache(maxsize=64)
def _folder_index(folder: str, walk: bool, _run: str) -> _Index:
    if walk:
        files = plan_files([folder])
    else:
        suffixes = PLAN_SUFFIXES + DRAFT_SUFFIXES
        files = sorted(p for p in Path(folder).iterdir()
                       if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in suffixes)
    return _index(tuple(os.path.realpath(p) for p in files))


def _index(files: tuple[str, ...]) -> _Index:
    by_id: dict[str, list[str]] = {}
    undeclared = []
    for path in files:
        declared = declared_id(Path(path))
        if declared is None:
            undeclared.append(path)
        else:
            by_id.setdefault(declared, []).append(path)
    return _Index({k: tuple(v) for k, v in by_id.items()}, tuple(undeclared))


def declared_id(path: Path) -> str | None:
    """The plan id a file gives itself, read cheaply: a draft's from its file name (as `cchc import`
    derives it, engine/importers/text.py), a YAML plan's from its `plan:` block's first lines.
    None when it cannot be told without loading the file."""
    if is_draft(path):
        return ascii_code(path.stem).lower() or "draft"
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
    except OSError:
        return None
    text = nfc(head.decode("utf-8-sig", errors="replace"))
    match = _BLOCK_ID.search(text) or _FLOW_ID.search(text)
    if not match:
        return None
    try:
        value = yaml.safe_load(match.group(1))     # quotes and a trailing comment, as YAML reads them
    except yaml.YAMLError:
        return None
    return nfc(str(value)).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _version(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _load(path: str, shown: str, vocabulary: Vocabulary, limits: Limits,
          _version: tuple[int, int] | None) -> LoadedPlan | InputError:
    """A candidate parent, loaded once per process and version of the file (the communes of a
    province share one parent)."""
    try:
        if is_draft(Path(path)):
            return load_draft(Path(path), vocabulary, limits, display_path=shown)[0]
        return load_plan(Path(path), limits, display_path=shown)
    except InputError as err:
        return err


def parent_for(child: LoadedPlan, child_path: Path, search: ParentSearch | None, ruleset, limits: Limits,
               top: Path) -> ParentLookup | None:
    """What `check_plan` passes on to the facts: None when the plan names no parent or no rule
    loaded reads what a parent says (then no file is looked at). Without a `search` (one plan
    checked on its own, e.g. by `cchc diff`), the plan folders of the working folder's .cchc.yaml."""
    if not child.plan.plan.parent or not reads_parent(ruleset.rules):
        return None
    if search is None:
        search = ParentSearch.for_run([], find_config(Path.cwd()))
    return find_parent(child, child_path, search, ruleset.vocabulary, limits, top)
