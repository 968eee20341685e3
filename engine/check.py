"""`cchc check`: find the plan files, load and evaluate each, collect a Report."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from engine.drafts import is_draft, load_draft
from engine.errors import InputError
from engine.evaluate import CompiledRules, evaluate
from engine.load import load_plan
from engine.report import PlanResult, Report, Unreadable
from engine.rules import RuleSet
from engine.yamlsource import Limits

PLAN_SUFFIXES = (".yaml", ".yml")


def repository_top(start: Path) -> Path:
    """The enclosing git work tree's top folder, else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def display_path(path: Path, top: Path) -> str:
    """Paths in reports are relative to the repository's top folder (else as given)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(top).as_posix()
    except ValueError:
        return path.as_posix()


def plan_files(arguments: list[str]) -> list[Path]:
    """The files named (plans, or drafts such as .txt and .md), and every
    *.yaml / *.yml under the folders named, in a stable order. Folders are not
    searched for drafts: a README.md beside the plans is not a plan."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted((p for p in path.rglob("*") if p.suffix in PLAN_SUFFIXES and p.is_file()),
                                key=lambda p: p.as_posix()))
        elif path.exists():
            found.append(path)
        else:
            raise InputError(argument, None, "no such file or folder", "check the path")
    unique, seen = [], set()
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


class _Progress:
    """files done / total on stderr, only for a terminal and only when asked."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and total > 1 and sys.stderr.isatty()

    def step(self, done: int, current: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\x1b[K[{done}/{self.total}] {current}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def check_plan(path: Path, compiled: CompiledRules, today: dt.date, lang: str, top: Path,
               limits: Limits = Limits()) -> PlanResult:
    """One plan file checked; a file that cannot be used is an `InputError`."""
    shown = display_path(path, top)
    notices: list[str] = []
    if is_draft(path):
        loaded, notices = load_draft(path, compiled.ruleset.vocabulary, limits, display_path=shown)
    else:
        loaded = load_plan(path, limits, display_path=shown)
    return PlanResult(shown, loaded.plan.plan.id, loaded.sha256, evaluate(loaded, compiled, today, lang),
                      tuple(notices))


def check(arguments: list[str], ruleset: RuleSet, today: dt.date, lang: str,
          show_progress: bool = True, limits: Limits = Limits()) -> Report:
    compiled = CompiledRules(ruleset)
    top = repository_top(Path.cwd().resolve())
    report = Report(evaluated_on=today, ruleset=ruleset)
    files = plan_files(arguments)
    progress = _Progress(len(files), show_progress)
    try:
        for done, path in enumerate(files):
            progress.step(done, display_path(path, top))
            try:
                report.plans.append(check_plan(path, compiled, today, lang, top, limits))
            except InputError as err:
                report.unreadable.append(Unreadable(display_path(path, top), err.line()))
    finally:
        progress.close()
    return report
