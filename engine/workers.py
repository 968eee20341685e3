"""Checking many files in worker processes.

Each worker loads and compiles the rule packs once (its own durable_rules host: a ruleset is
per process, and a process may hold at most 1,024 live sessions, which one-plan-at-a-time never
approaches), then loads and evaluates the files it is given. Workers are started with "spawn":
a fresh interpreter, so nothing of the parent's state (open sessions, threads) is inherited.
Results come back in any order and are put back in the order of the files, so the report is the
same whatever the number of workers.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from engine.errors import InputError
from engine.report import PlanResult, Unreadable
from engine.spool import PackedResult, pack

_worker: dict = {}
_FILES_PER_WORKER = 4         # files submitted ahead per worker: enough to keep each busy


def effective_jobs(jobs: int, files: int) -> int:
    """--jobs 0 is one worker per core; never more workers than files."""
    wanted = jobs if jobs > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, files))


def _start(pack_args: list[str] | None, today: dt.date | None = None, lang: str | None = None, top: Path | None = None,
           limits=None, parents=None) -> None:
    from engine.evaluate import CompiledRules
    from engine.rules import load_ruleset
    # `parents` (engine/parents.py): where each worker looks for the parent plans itself, the same
    # way as the others, so that the report does not depend on which worker checked a file.
    _worker.update(compiled=CompiledRules(load_ruleset(pack_args)), today=today, lang=lang, top=top, limits=limits,
                   parents=parents)


def worker_pool(jobs: int, pack_args: list[str] | None, *settings):
    """`jobs` fresh worker processes, each with the rule packs compiled once. `settings` (today,
    lang, top, limits, parents) are a `cchc check` run's; a server gives none, as each of its
    checks brings its own."""
    # Imported here: a run with one worker (most runs of `cchc check`) needs neither (~10 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(pack_args, *settings))


def worker_rules():
    """The rule packs this worker process compiled when it started (CompiledRules)."""
    return _worker["compiled"]


def check_one(path: Path, compiled, today: dt.date, lang: str, top: Path, limits,
              parents=None, on_loaded=None) -> PlanResult | Unreadable:
    """One file checked, or the reason it could not be."""
    from engine.check import check_plan, display_path
    try:
        return check_plan(path, compiled, today, lang, top, limits, parents, on_loaded)
    except InputError as err:
        return Unreadable.of(display_path(path, top), err, lang)


def _check_in_worker(path: str) -> PackedResult | Unreadable:
    result = check_one(Path(path), _worker["compiled"], _worker["today"], _worker["lang"], _worker["top"],
                       _worker["limits"], _worker["parents"])
    return pack(result) if isinstance(result, PlanResult) else result


def check_in_workers(files: list[Path], jobs: int, pack_args: list[str] | None, today: dt.date, lang: str,
                     top: Path, limits, progress, parents=None) -> Iterator[PackedResult | Unreadable]:
    """Every file checked by `jobs` worker processes; results yielded in the order of `files`, each
    as soon as the ones before it are done. A few files per worker are in flight at a time, so
    that results finished early wait, few, for the ones before them."""
    from concurrent.futures import FIRST_COMPLETED, wait
    in_flight = jobs * _FILES_PER_WORKER
    ready: dict[int, PackedResult | Unreadable] = {}
    next_index = 0
    queue = iter(enumerate(files))
    with worker_pool(jobs, pack_args, today, lang, top, limits, parents) as pool:
        pending = {}

        def submit_next() -> None:
            for index, path in itertools.islice(queue, 1):
                pending[pool.submit(_check_in_worker, str(path))] = index
        for _ in range(in_flight):
            submit_next()
        done_count = 0
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.get):
                index = pending.pop(future)
                if future.exception() is not None:      # a rule's failure or a bug: stop, and say it
                    for other in pending:
                        other.cancel()
                    raise future.exception()
                ready[index] = future.result()
                done_count += 1
                progress.step(done_count, ready[index].path)
                submit_next()
            while next_index in ready:
                yield ready.pop(next_index)
                next_index += 1
