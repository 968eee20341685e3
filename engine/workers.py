"""Checking many files in worker processes.

Each worker loads and compiles the rule packs once (its own durable_rules host: a ruleset is
per process, and a process may hold at most 1,024 live sessions, which one-plan-at-a-time never
approaches), then loads and evaluates the files it is given. Workers are started with "spawn":
a fresh interpreter, so nothing of the parent's state (open sessions, threads) is inherited.
Results come back in any order and are put back in the order of the files, so the report is the
same whatever the number of workers.

Ctrl-C is the parent's alone: a terminal sends SIGINT to every process of the command, and a
worker ignores it (it would print a KeyboardInterrupt traceback of its own) from the moment it
is started (`_WorkerProcess`). The parent notes it while the workers work and stops between
two steps of its own (`_ctrl_c_noted`), never inside the pool's code or its locks, and, stopping,
ends its workers (`stop_workers`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from engine.errors import InputError
from engine.report import PlanResult, Unreadable
from engine.spool import PackedResult, pack

_worker: dict = {}
_FILES_PER_WORKER = 4         # files submitted ahead per worker: enough to keep each busy
_CTRL_C_SECONDS = 0.2         # how soon a Ctrl-C noted while the workers work stops the run
_SPAWN = multiprocessing.get_context("spawn")
_HAVE_SIGMASK = hasattr(signal, "pthread_sigmask")      # not on Windows


class _WorkerProcess(_SPAWN.Process):
    """A worker process, started with SIGINT blocked until its initializer ignores it: a Ctrl-C
    while the fresh interpreter still imports the tool would otherwise be a KeyboardInterrupt
    traceback. multiprocessing starts its resource tracker the same way (bpo-33613). The parent's
    thread receives the Ctrl-C as soon as the process is started."""

    def start(self) -> None:
        if not _HAVE_SIGMASK:
            return super().start()
        from multiprocessing import resource_tracker
        resource_tracker.ensure_running()      # started later, within start(), it would unblock SIGINT
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


class _WorkerContext(type(_SPAWN)):
    """The "spawn" context, its processes `_WorkerProcess`."""
    Process = _WorkerProcess


@contextlib.contextmanager
def _ctrl_c_noted() -> Iterator[list[int]]:
    """SIGINT only noted while the block runs (in the list given: a handler may run inside
    another, and must take no lock), so that the run stops where it looks at it. A
    KeyboardInterrupt raised at any point of the pool's code (a worker being started, a lock
    being taken) would leave a worker without its instructions, or the pool unable to shut down.
    One noted last is raised when the block ends. Only the main thread is ever interrupted, and
    only it may set a handler."""
    noted: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: noted.append(signum))
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted and callable(previous):
        previous(signal.SIGINT, None)


def effective_jobs(jobs: int, files: int) -> int:
    """--jobs 0 is one worker per core; never more workers than files."""
    wanted = jobs if jobs > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, files))


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to its parent: SIGINT ignored from now on (one already pending is
    discarded), then no longer blocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _HAVE_SIGMASK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start(pack_args: list[str] | None, today: dt.date | None = None, lang: str | None = None, top: Path | None = None,
           limits=None, parents=None) -> None:
    _ignore_interrupts()
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
    # Imported here: a run with one worker (most runs of `cchc check`) does not need it (~30 ms).
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(jobs, mp_context=_WorkerContext(), initializer=_start, initargs=(pack_args, *settings))


def stop_workers() -> None:
    """End this process's workers now, leaving the files handed to them. A pool shut down waits
    for every file already submitted, and the workers, which ignore Ctrl-C, would check them all;
    their end breaks the pool, which then fails whatever is still pending. (A pool has no public
    way to end its workers before Python 3.14; they are this process's only children that
    multiprocessing knows.)"""
    for process in multiprocessing.active_children():
        process.terminate()


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
    as soon as the ones before it are done. Stopped early (Ctrl-C, a rule's failure, the
    generator closed), the workers are ended at once; the pool is shut down before Ctrl-C is
    taken as usual again."""
    with _ctrl_c_noted() as ctrl_c, worker_pool(jobs, pack_args, today, lang, top, limits, parents) as pool:
        try:
            yield from _in_order(pool, files, jobs, progress, ctrl_c)
        except BaseException:
            stop_workers()
            raise


def _in_order(pool, files: list[Path], jobs: int, progress, ctrl_c: list[int]) -> Iterator[PackedResult | Unreadable]:
    """The files submitted to `pool` and their results yielded in order, until Ctrl-C is noted.
    A few files per worker are in flight at a time, so that results finished early wait, few,
    for the ones before them."""
    from concurrent.futures import FIRST_COMPLETED, wait
    ready: dict[int, PackedResult | Unreadable] = {}
    next_index = 0
    queue = iter(enumerate(files))
    pending = {}

    def submit_next() -> None:
        for index, path in itertools.islice(queue, 1):
            pending[pool.submit(_check_in_worker, str(path))] = index
    for _ in range(jobs * _FILES_PER_WORKER):
        submit_next()
    done_count = 0
    while pending:
        done, _ = wait(pending, timeout=_CTRL_C_SECONDS, return_when=FIRST_COMPLETED)
        if ctrl_c:
            raise KeyboardInterrupt
        for future in sorted(done, key=pending.get):
            index = pending.pop(future)
            if future.exception() is not None:      # a rule's failure or a bug: stop, and say it
                raise future.exception()
            ready[index] = future.result()
            done_count += 1
            progress.step(done_count, ready[index].path)
            submit_next()
        while next_index in ready:
            yield ready.pop(next_index)
            next_index += 1
