"""`cchc check`: find the plan files, load and evaluate each, collect a Report."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from engine.config import Config
from engine.discover import plan_files
from engine.errors import Say
from engine.drafts import is_draft, load_draft
from engine.evaluate import CompiledRules, evaluate
from engine.load import LoadedPlan, load_plan
from engine.parents import FOUND, UNREADABLE, ParentLookup, ParentSearch, parent_for
from engine.progress import Progress
from engine.report import PlanResult, Report, Unreadable
from engine.roster import read_roster, roster_result
from engine.rules import RuleSet
from engine.stats import plan_stats
from engine.transcription import not_transcribed_notice, rules_not_applied
from engine.workers import check_in_workers, check_one, effective_jobs
from engine.yamlsource import Limits


def repository_top(start: Path) -> Path:
    """The enclosing git work tree's top folder, else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def display_path(path: Path, top: Path) -> str:
    """A file as reports name it: relative to the repository's top folder, else to the working
    folder — never an absolute path of this machine, which would leak into shared reports and make
    them differ from one checkout to another."""
    resolved = Path(os.path.abspath(path))         # a link is named as itself, not as what it points to
    working = Path.cwd().resolve()
    for base in (top, working):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    try:
        return Path(os.path.relpath(resolved, working)).as_posix()
    except ValueError:                # another drive on Windows: no relative path exists
        return path.name


def check_plan(path: Path, compiled: CompiledRules, today: dt.date, lang: str, top: Path,
               limits: Limits = Limits(), parents: ParentSearch | None = None,
               on_loaded: Callable[[LoadedPlan], None] | None = None) -> PlanResult:
    """One plan file checked (against its parent plan, found as `parents` says); a file that
    cannot be used is an `InputError`. `on_loaded` is given the plan as read (`cchc serve` shows
    it), so that nothing reads the file twice."""
    shown = display_path(path, top)
    notices: list[Say] = []
    if is_draft(path):
        loaded, notices = load_draft(path, compiled.ruleset.vocabulary, limits, display_path=shown)
    else:
        loaded = load_plan(path, limits, display_path=shown)
    if on_loaded is not None:
        on_loaded(loaded)
    parent = parent_for(loaded, path, parents, compiled.ruleset, limits, top)
    findings = evaluate(loaded, compiled, today, lang, parent=parent)
    if (parts := loaded.plan.plan.not_transcribed):
        notices.append(not_transcribed_notice(parts, len(rules_not_applied(compiled.ruleset.rules, parts))))
    notes = (parent_note(parent)(lang),) if parent is not None and parent.status != FOUND else ()
    return PlanResult(shown, loaded.plan.plan.id, loaded.sha256, findings, tuple(notice(lang) for notice in notices),
                      plan_stats(loaded, compiled.ruleset.vocabulary, findings, today), notes=notes)


def parent_note(parent: ParentLookup) -> Say:
    """Why the CASCADE-* checks did not run: the tool's settings or another file, not the plan's defect."""
    if parent.status == UNREADABLE:
        return Say(f"kế hoạch cấp trên \"{parent.parent_id}\" không đọc được ({parent.problem('vi')}): "
                   "các kiểm tra CASCADE-* chưa chạy",
                   f"the parent plan \"{parent.parent_id}\" cannot be read ({parent.problem('en')}): "
                   "the CASCADE-* checks did not run")
    return Say(f"không tìm thấy kế hoạch cấp trên \"{parent.parent_id}\" trong các tệp được kiểm tra hay ở "
               f"{parent.searched}: các kiểm tra CASCADE-* chưa chạy; kiểm tra cùng kế hoạch cấp trên, "
               "hoặc thêm thư mục của nó vào plans: trong .cchc.yaml",
               f"the parent plan \"{parent.parent_id}\" is not among the files checked or in {parent.searched}: "
               "the CASCADE-* checks did not run; check it along with this plan, or list its folder under "
               "plans: in .cchc.yaml")


def check(arguments: list[str], ruleset: RuleSet, today: dt.date, lang: str,
          show_progress: bool = True, limits: Limits = Limits(), jobs: int = 1,
          pack_args: list[str] | None = None, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
          skip: tuple[Path, ...] = (), expect: Path | None = None, config: Config | None = None,
          top: Path | None = None, compiled: CompiledRules | None = None,
          on_loaded: Callable[[LoadedPlan], None] | None = None) -> Report:
    """Every file found checked, in `jobs` worker processes when there are several files; the
    report lists the plans and the unreadable files in the order of the files, whatever `jobs`.
    With a roster (`expect`), its units without a plan come last, as the roster file's findings.
    `top`: the folder paths are shown relative to (default: the repository's top folder, else the
    working folder); `compiled`: `ruleset` already compiled (a worker process of `cchc serve`);
    `on_loaded`: given each plan as read, the files then checked in this process."""
    top = top or repository_top(Path.cwd().resolve())
    report = Report(evaluated_on=today, ruleset=ruleset, config=display_path(config.path, top) if config else None)
    roster = read_roster(expect, display_path(expect, top), limits) if expect else None   # its mistakes first
    files = plan_files(arguments, include, exclude, skip + ((expect,) if expect else ()))
    parents = ParentSearch.for_run(files, config)
    progress = Progress(len(files), show_progress)
    workers = 1 if on_loaded is not None else effective_jobs(jobs, len(files))
    if compiled is None and (workers == 1 or roster is not None):
        compiled = CompiledRules(ruleset)
    if workers > 1:
        results = check_in_workers(files, workers, pack_args, today, lang, top, limits, progress, parents)
    else:
        results = _check_here(files, compiled, today, lang, top, limits, parents, progress, on_loaded)
    try:
        # Closed as soon as the run stops early (Ctrl-C): its workers end then, not when it is collected.
        with contextlib.closing(results):
            for result in results:            # kept as they come: a plan's findings go to the spool
                (report.unreadable if isinstance(result, Unreadable) else report.plans).append(result)
    finally:
        progress.close()
    if roster is not None:
        report.plans.append(roster_result(roster, report.plans.headers(), compiled, lang))
    return report


def _check_here(files: list[Path], compiled: CompiledRules, today: dt.date, lang: str, top: Path, limits: Limits,
                parents: ParentSearch, progress: Progress,
                on_loaded: Callable[[LoadedPlan], None] | None = None) -> Iterator[PlanResult | Unreadable]:
    """The files checked one after the other in this process."""
    for done, path in enumerate(files):
        progress.step(done, display_path(path, top))
        yield check_one(path, compiled, today, lang, top, limits, parents, on_loaded)
