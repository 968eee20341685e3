"""Ctrl-C: a terminal sends SIGINT to every process of the command. The command stops with exit
130 (never 1, which scripts read as findings) and one line on stderr, with no traceback from it
or from any of its worker processes, and leaves no report half-written."""
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from engine.cli import main
from engine.render import write_atomically
from engine.workers import worker_pool
from tests.conftest import PLANS, REPO

STOPPED = "đã dừng theo yêu cầu (Ctrl-C); không tệp nào bị ghi dở"
PLAN = PLANS / "vinh-long-2022.yaml"
COPIES = 300                # seconds of work, of which the tests wait only for the start
WAIT = 120                  # seconds: a bound for a slow machine, never reached when all is well


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of plans that takes far longer to check than the tests wait before Ctrl-C."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for index in range(COPIES):
        shutil.copy(PLAN, plans / f"ke-hoach-{index:03d}.yaml")
    return plans


def start(*args, cwd: Path, stderr) -> subprocess.Popen:
    """`cchc ARGS` in a session of its own, so that SIGINT can be sent to all its processes."""
    return subprocess.Popen([sys.executable, "-m", "engine.cli", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=stderr, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_LANG": "vi"})


def ctrl_c(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)


def check_args(jobs: str) -> list[str]:
    return ["check", "plans", "--jobs", jobs, "--today", "2026-11-25", "--format", "json", "--output", "out.json",
            "--report", "html=out.html"]


def read_terminal(controller: int, until=None) -> bytes:
    """What the command wrote to its terminal: up to `until` (bytes) if given, else to its end."""
    read = b""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not (until and until in read):
        ready, _, _ = select.select([controller], [], [], 1)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:             # the command and its workers closed the terminal
                chunk = b""
            if not chunk:
                return read
            read += chunk
    return read


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_on_a_terminal_is_exit_130_and_one_line(tmp_path, folder, jobs):
    """Ctrl-C once the progress bar shows that the files are being checked: the bar is cleared,
    then one line; neither report, nor a temporary file, is left in the folder."""
    controller, terminal = pty.openpty()
    process = start(*check_args(jobs), cwd=tmp_path, stderr=terminal)
    os.close(terminal)
    try:
        shown = read_terminal(controller, until=b" elapsed")
        assert b" elapsed" in shown and process.poll() is None, shown
        ctrl_c(process)
        shown += read_terminal(controller)
        assert process.wait(WAIT) == 130
    finally:
        os.close(controller)
    text = shown.decode("utf-8")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert text.rsplit("\x1b[K", 1)[-1] == f"cchc check: {STOPPED}\r\n", text
    assert process.stdout.read() == b""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plans"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc")
def test_ctrl_c_while_the_workers_start_is_one_line_too(tmp_path, folder):
    """Ctrl-C as soon as the worker processes are being started, while they still import the tool:
    a worker never answers it, the parent does, once."""
    process = start(*check_args("2"), cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.monotonic() + WAIT
    while len(children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    ctrl_c(process)
    _, stderr = process.communicate(timeout=WAIT)
    assert process.returncode == 130 and stderr.decode("utf-8") == f"cchc check: {STOPPED}\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plans"]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the fourth field of /proc/PID/stat)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:             # the process ended meanwhile
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def test_ctrl_c_stops_serve_with_exit_130_and_one_line(tmp_path):
    """The reviewer's page, stopped after a check (its worker processes running): one line after
    the address it announced."""
    process = start("serve", "--port", "0", "--jobs", "2", "--today", "2026-11-25", cwd=tmp_path,
                    stderr=subprocess.PIPE)
    try:
        announced = process.stderr.readline().decode("utf-8")
        address = announced.rsplit(" ", 1)[-1].strip()
        assert address.startswith("http://127.0.0.1:"), announced
        assert upload(address + "check", PLAN.read_bytes()) == 200
    finally:
        ctrl_c(process)
    _, stderr = process.communicate(timeout=WAIT)
    assert process.returncode == 130 and stderr.decode("utf-8") == f"cchc serve: {STOPPED}\n"


def upload(url: str, data: bytes) -> int:
    """The page's form sent as a browser sends it (multipart/form-data, one file); the HTTP status."""
    boundary = "cchc-interrupt-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"plan\"; filename=\"plan.yaml\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body,
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return response.status


@pytest.mark.parametrize("lang, expected", [("vi", f"cchc rules list: {STOPPED}\n"), (
    "en", "cchc rules list: stopped at your request (Ctrl-C); no file was left half-written\n")])
def test_the_line_is_in_the_users_language_and_alone(monkeypatch, capsys, lang, expected):
    """Not click's blank line and "Aborted!", exit 1."""
    def interrupted(*_args):
        raise KeyboardInterrupt
    monkeypatch.setattr("engine.cli.load_ruleset", interrupted)
    with pytest.raises(SystemExit) as stopped:
        main(["rules", "list", "--lang", lang])
    assert stopped.value.code == 130
    assert capsys.readouterr() == ("", expected)


@pytest.mark.parametrize("before", [None, "báo cáo cũ\n"])
def test_a_report_interrupted_while_written_is_not_left_half_written(tmp_path, before):
    """The file there before (if any) is untouched, and no temporary file is left beside it."""
    report = tmp_path / "report.json"
    if before is not None:
        report.write_text(before, encoding="utf-8")

    def pieces():
        yield "{\"plans\": ["
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        write_atomically(report, pieces())
    assert [path.name for path in tmp_path.iterdir()] == ([] if before is None else ["report.json"])
    assert before is None or report.read_text(encoding="utf-8") == before


def test_a_worker_leaves_ctrl_c_to_its_parent():
    """SIGINT ignored in the worker, and not left blocked (it was, while the worker started)."""
    with worker_pool(1, None) as pool:
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
        assert signal.SIGINT not in pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, []).result()
