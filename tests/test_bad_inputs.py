"""Every hostile input of the corpus (tests/bad_inputs/make_corpus.py) through the real `cchc`:
the right exit code, one line on stderr starting with the file's path (and its line:col), no
traceback, the inputs and an existing report left as they were, within a time and memory bound.

Most cases run in this process through click's CliRunner (tens of milliseconds each). The heavy ones (bombs,
huge files, pipes) run as a user runs them, `python -m engine.cli` in a subprocess with a time
bound and a memory limit; they are started in the background when this module starts, two at a
time, so that they run beside the quick ones instead of after them.

A case that cannot pass yet is marked xfail (strict) in KNOWN_FAILURES, with the cause: fixing the
engine turns it into XPASS, which fails, and then its entry goes.
"""
from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine.cli
from engine.rules import load_ruleset
from tests.bad_inputs.make_corpus import REPO, SIDE_EFFECT, Case, cases, make_corpus

MEMORY_LIMIT = 2 * 1024 ** 3           # bytes of address space for a heavy case
HEAVY_AT_ONCE = 2                      # heavy cases running at a time (a 2-core machine: under a minute)
DISK_FULL_AT = 1024                    # bytes a file may grow to when the disk is "full"
PREVIOUS_REPORT = b'{"previous": "report"}\n'
_POSITION = re.compile(r"^:\d+:(\d+:)?$")


# Cases that fail against the engine today, id → the cause; see the module's docstring. None now.
KNOWN_FAILURES: dict[str, str] = {}

CASES = cases()


@dataclass
class Outcome:
    """What one run of `cchc` did."""
    code: int | None                   # None: killed at the time bound; negative: killed by a signal
    stdout: str
    stderr: str
    seconds: float
    crash: str = ""                    # the traceback of an exception that escaped the command


def _params() -> list:
    """Each case its own test id; the heavy ones last, by when they are done in the background."""
    ordered = sorted(CASES, key=lambda item: item.heavy)
    return [pytest.param(item, id=item.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[item.id])]
                         if item.id in KNOWN_FAILURES else []) for item in ordered]


# --------------------------------------------------------------------------- the state of a folder

def _digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()


def _state(folder: Path) -> dict[str, tuple]:
    """Every entry below `folder`: a file's content and mtime, a link's target, a folder; pipes
    and devices by kind only (reading a pipe would wait for ever)."""
    state = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                state[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                state[relative] = ("folder",)
            elif path.is_file():
                state[relative] = ("file", _digest(path), path.stat().st_mtime_ns)
            else:
                state[relative] = ("special", path.lstat().st_mode)
    return state


def _inputs(state: dict[str, tuple], item: Case) -> dict[str, tuple]:
    """The state without what a run that succeeds writes: the report's folder."""
    out = item.output_path.split("/")[0] + "/"
    return {path: entry for path, entry in state.items() if not path.startswith(out)}


def _prepare(item: Case, folder: Path) -> dict[str, tuple]:
    """The case's files, and a report already at --output; the state of it all."""
    folder.mkdir(parents=True)
    item.write(folder)
    # The case's folder is a repository's top: paths are shown as given, and no .cchc.yaml or
    # plan above it takes part.
    (folder / ".git").mkdir()
    report = folder / item.output_path
    if item.prewrite and not report.exists():
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_bytes(PREVIOUS_REPORT)
    return _state(folder)


# --------------------------------------------------------------------------- running cchc here

def _run_here(argv: list[str], folder: Path, monkeypatch, ruleset) -> Outcome:
    """`cchc ARGV` in this process, in `folder`."""
    monkeypatch.chdir(folder)
    # The built-in packs are the same for every case: loading them for each of hundreds of cases
    # would be most of this file's time. A pack given with --rules is still read for real.
    monkeypatch.setattr(engine.cli, "load_ruleset", lambda selection=None: ruleset if selection is None
                        else load_ruleset(selection))
    start = time.monotonic()
    result = CliRunner().invoke(engine.cli.main, argv)
    seconds = time.monotonic() - start
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    return Outcome(result.exit_code, result.stdout, result.stderr, seconds, crash)


_real_open = io.open


def _refuse(paths: set[str], modes: str, error: int):
    """`open` that fails with `error` on `paths` in any of `modes`, as the OS would."""
    def fake_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and any(m in mode for m in modes) \
                and os.path.realpath(file) in paths:
            raise OSError(error, os.strerror(error), str(file))
        return _real_open(file, mode, *args, **kwargs)
    return fake_open


def _emulate(item: Case, folder: Path, monkeypatch) -> None:
    """As root, permissions stop nothing: an unreadable file or an unwritable folder is made by
    having `open` (and `mkstemp`) refuse it."""
    if item.emulate == "unreadable":
        fake = _refuse({os.path.realpath(folder / (item.blame or item.given))}, "r", errno.EACCES)
    else:
        out = os.path.realpath((folder / item.output_path).parent)
        fake = _refuse({os.path.realpath(folder / item.output_path)}, "wax", errno.EACCES)
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args, dir=None, **kwargs):
            if dir is not None and os.path.realpath(dir) == out:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))
            return real_mkstemp(*args, dir=dir, **kwargs)
        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(io, "open", fake)
    monkeypatch.setattr(builtins, "open", fake)


def _run_quick(item: Case, folder: Path, monkeypatch, ruleset) -> Outcome:
    with monkeypatch.context() as patch:
        if item.emulate:
            _emulate(item, folder, patch)
        return _run_here(item.argv(), folder, patch, ruleset)


# --------------------------------------------------------------------------- heavy cases, in the background

def _limits(file_size: int | None):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if file_size is not None:            # a full disk: writing past it fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return apply


@dataclass
class _Run:
    item: Case
    folder: Path
    before: dict[str, tuple] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    start: float = 0.0
    outcome: Outcome | None = None


class HeavyRuns:
    """The heavy cases, each in a subprocess killed (with anything it started) past its time
    bound, HEAVY_AT_ONCE at a time. No threads: the runs move on whenever `pump` is called,
    between tests and while a test waits (a thread would make `preexec_fn` unsafe)."""

    def __init__(self, items: list[Case], root: Path):
        self.root = root
        self.queue = [_Run(item, root / item.id / "case") for item in items]
        self.runs = {run.item.id: run for run in self.queue}
        self.running: list[_Run] = []

    def pump(self) -> None:
        self.running = [run for run in self.running if not self._finished(run)]
        while self.queue and len(self.running) < HEAVY_AT_ONCE:
            self.running.append(self.queue.pop(0))
            self._start(self.running[-1])

    def result(self, item: Case) -> _Run:
        run = self.runs[item.id]
        while run.outcome is None:
            self.pump()
            time.sleep(0.01)
        return run

    def close(self) -> None:
        for run in self.running:
            if run.process.poll() is None:
                os.killpg(run.process.pid, signal.SIGKILL)
                run.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def _start(self, run: _Run) -> None:
        run.before = _prepare(run.item, run.folder)
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        streams = [(run.folder.parent / name).open("wb") for name in ("stdout", "stderr")]
        run.start = time.monotonic()
        with streams[0], streams[1]:         # files, not pipes: nobody reads a pipe in the meantime
            run.process = subprocess.Popen(
                [sys.executable, "-m", "engine.cli", *run.item.argv()], cwd=run.folder, env=env,
                stdin=subprocess.DEVNULL, stdout=streams[0], stderr=streams[1], start_new_session=True,
                preexec_fn=_limits(DISK_FULL_AT if run.item.emulate == "disk-full" else None))

    def _finished(self, run: _Run) -> bool:
        code = run.process.poll()
        seconds = time.monotonic() - run.start
        if code is None and seconds <= run.item.seconds:
            return False
        if code is None:
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait()
        read = [(run.folder.parent / name).read_bytes().decode("utf-8", "replace") for name in ("stdout", "stderr")]
        run.outcome = Outcome(code, read[0], read[1], seconds)
        return True


@pytest.fixture(scope="module")
def heavy_runs(request, tmp_path_factory):
    """The heavy cases among the tests selected, started as soon as this module's tests start."""
    params = (getattr(test, "callspec", None) for test in request.session.items)
    selected = {param.params["item"].id for param in params
                if param and isinstance(param.params.get("item"), Case)}
    runs = HeavyRuns([item for item in CASES if item.heavy and item.id in selected],
                     tmp_path_factory.mktemp("heavy"))
    yield runs
    runs.close()


@pytest.fixture(autouse=True)
def _keep_heavy_runs_going(heavy_runs):
    heavy_runs.pump()


# --------------------------------------------------------------------------- what must hold

def _assert_orderly(item: Case, outcome: Outcome) -> None:
    # A heavy run is killed at its bound (code None); one here is timed (it cannot be stopped).
    assert outcome.code is not None, f"no answer within {item.seconds} s"
    assert item.heavy or outcome.seconds <= item.seconds, f"took {outcome.seconds:.1f} s, over {item.seconds} s"
    assert not outcome.crash and "Traceback" not in outcome.stderr, outcome.crash or outcome.stderr
    assert outcome.code in item.exit_codes, f"exit {outcome.code}; stderr: {outcome.stderr[:2000]!r}"
    assert outcome.stdout == "", "with --output, nothing goes to stdout"


def _assert_one_message(item: Case, stderr: str) -> None:
    lines = _messages(stderr)
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {stderr[:2000]!r}"
    line, blame = lines[0], item.blame or item.given
    assert line.startswith(blame + ":"), f"does not start with {blame}: {line!r}"
    for expected in item.expect:
        if _POSITION.match(expected):
            assert line.startswith(blame + expected), f"not at {expected}: {line!r}"
        else:
            assert expected in line, f"{expected!r} not in {line!r}"
    if item.limit:
        assert item.limit in line, f"does not say how to raise the limit ({item.limit}): {line!r}"


def _assert_files(item: Case, outcome: Outcome, before: dict, folder: Path) -> None:
    after = _state(folder)
    assert not (folder / SIDE_EFFECT).exists(), "a tag in the input ran a command"
    if outcome.code == 2 and not item.partial:
        assert after == before, "a failing run changed a file (an input, or the report at --output)"
    else:
        assert _inputs(after, item) == _inputs(before, item), "an input file changed"


def _findings(folder: Path, report: str) -> list:
    """A JSON report's plans without their paths and hashes: what the rules found, and where."""
    plans = json.loads((folder / report).read_text(encoding="utf-8"))["plans"]
    return [(plan["plan_id"], [{k: v for k, v in finding.items() if k != "path"} for finding in plan["findings"]],
             plan["summary"]) for plan in plans]


def _messages(stderr: str) -> list[str]:
    """What stderr says about the input, without the notes of the run (a parent plan not found)."""
    return [line for line in stderr.splitlines() if not line.startswith(("ghi chú: ", "note: "))]


def _assert_same_as_twin(item: Case, folder: Path, monkeypatch, ruleset) -> None:
    """The same input in plain UTF-8 (NFC) gives the same findings at the same places."""
    twin = replace(item, given=item.twin, output=item.output_path.replace("out/", "out/twin-"))
    outcome = _run_quick(twin, folder, monkeypatch, ruleset)
    assert outcome.code in item.exit_codes and not _messages(outcome.stderr), outcome.stderr
    if item.target == "draft":
        assert (folder / item.output_path).read_bytes() == (folder / twin.output_path).read_bytes()
    else:
        assert _findings(folder, item.output_path) == _findings(folder, twin.output_path)


def _assert_roundtrip(item: Case, folder: Path, monkeypatch, ruleset) -> None:
    """The plan `cchc import` wrote is a plan `cchc check` reads."""
    check = replace(item, target="plan", given=item.output_path, output="out/roundtrip.json")
    outcome = _run_quick(check, folder, monkeypatch, ruleset)
    assert outcome.code in (0, 1), f"the imported plan does not check: {outcome.stderr[:2000]!r}"


def _assert_case(item: Case, outcome: Outcome, before: dict, folder: Path, monkeypatch, ruleset) -> None:
    _assert_orderly(item, outcome)
    if outcome.code == 2:
        _assert_one_message(item, outcome.stderr)
    elif item.warns:
        [warning] = _messages(outcome.stderr)
        assert warning.startswith((item.blame or item.given) + ":") and all(part in warning for part in item.warns), warning
    else:
        assert not _messages(outcome.stderr), outcome.stderr
    _assert_files(item, outcome, before, folder)
    if item.partial:
        assert _findings(folder, item.output_path), "the good files of the folder were not reported"
    if item.twin and outcome.code in (0, 1):
        _assert_same_as_twin(item, folder, monkeypatch, ruleset)
    if item.roundtrip and outcome.code == 0:
        _assert_roundtrip(item, folder, monkeypatch, ruleset)


@pytest.fixture(scope="module")
def builtin_ruleset():
    return load_ruleset()


@pytest.mark.parametrize("item", _params())
def test_bad_input(item: Case, tmp_path, monkeypatch, builtin_ruleset, heavy_runs):
    if item.heavy:
        run = heavy_runs.result(item)
        try:
            _assert_case(item, run.outcome, run.before, run.folder, monkeypatch, builtin_ruleset)
        finally:                       # large files go at once: the disk may be small
            shutil.rmtree(run.folder.parent, ignore_errors=True)
        return
    folder = tmp_path / "case"
    before = _prepare(item, folder)
    outcome = _run_quick(item, folder, monkeypatch, builtin_ruleset)
    _assert_case(item, outcome, before, folder, monkeypatch, builtin_ruleset)


def test_every_known_failure_is_a_case():
    """A case renamed (the seed plan's lines moved, say) must not leave its xfail behind."""
    assert set(KNOWN_FAILURES) <= {item.id for item in CASES}


def test_the_corpus_is_deterministic(tmp_path):
    """The same bytes on every run: two corpora written apart are identical."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert make_corpus(first, heavy=False) == make_corpus(second, heavy=False)
    assert {p: e[:2] for p, e in _state(first).items()} == {p: e[:2] for p, e in _state(second).items()}
