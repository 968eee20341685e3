"""A folder of plans and drafts: which files are read, in worker processes or not, the same
report whatever the number of workers, and the progress bar on a terminal only."""
import io
import os
import pickle
import shutil
import subprocess
import sys

import pytest
import yaml

from engine.discover import plan_files
from engine.errors import RuleActionError
from engine.progress import Progress
from engine.workers import effective_jobs
from tests.conftest import PLANS, REPO
from tests.plangen import plan_data
from tests.test_cli import cchc



@pytest.fixture
def audit_folder(tmp_path):
    """Generated plans with findings in two sub-folders, a hand-made plan, a text draft, a file that
    is not a plan, and what sits beside plans but is not one (a README, a hidden config)."""
    folder = tmp_path / "tinh"
    for index in range(6):
        sub = folder / ("so" if index % 2 else "xa")
        sub.mkdir(parents=True, exist_ok=True)
        data = plan_data(12, seed=index)
        data["plan"]["id"] = f"ke-hoach-{index}"
        (sub / f"ke-hoach-{index}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(PLANS / "vinh-long-2022.yaml", folder / "vinh-long-2022.yaml")
    (folder / "du-thao.md").write_text((PLANS.parent / "tests" / "drafts" / "ke-hoach-cchc-2027.md")
                                       .read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "cong-van.txt").write_text("Kính gửi: Sở Nội vụ.\nĐề nghị các đơn vị gửi báo cáo đúng hạn.\n",
                                         encoding="utf-8")
    (folder / "README.md").write_text("# Kế hoạch CCHC của tỉnh\n", encoding="utf-8")
    (folder / ".cchc.yaml").write_text("jobs: 2\n", encoding="utf-8")
    return folder


def test_folders_give_plans_and_drafts_but_not_notes(audit_folder):
    names = [path.relative_to(audit_folder).as_posix() for path in plan_files([str(audit_folder)])]
    assert names == ["cong-van.txt", "du-thao.md", "so/ke-hoach-1.yaml", "so/ke-hoach-3.yaml", "so/ke-hoach-5.yaml",
                     "vinh-long-2022.yaml", "xa/ke-hoach-0.yaml", "xa/ke-hoach-2.yaml", "xa/ke-hoach-4.yaml"]


def test_include_exclude_and_named_files(audit_folder):
    only_yaml = plan_files([str(audit_folder)], include=("*.yaml",), exclude=("so/*",))
    assert [p.name for p in only_yaml] == ["vinh-long-2022.yaml", "ke-hoach-0.yaml", "ke-hoach-2.yaml",
                                          "ke-hoach-4.yaml"]
    readme = audit_folder / "README.md"
    assert plan_files([str(readme)], include=("*.yaml",)) == [readme]          # named: always read
    skipped = plan_files([str(audit_folder)], skip=(audit_folder / "du-thao.md",))
    assert audit_folder / "du-thao.md" not in skipped


def test_a_symlink_loop_does_not_trap_the_walk(audit_folder):
    (audit_folder / "xa" / "loop").symlink_to(audit_folder, target_is_directory=True)
    assert len(plan_files([str(audit_folder)])) == 9


def test_one_or_two_workers_give_the_same_bytes(audit_folder):
    outputs = {}
    for jobs in ("1", "2"):
        result = cchc("check", str(audit_folder), "--jobs", jobs, "--format", "json", "--today", "2026-12-25")
        assert result.returncode == 2, result.stderr                           # the letter is not a plan
        outputs[jobs] = result.stdout
        assert "cong-van.txt" in result.stderr and "Traceback" not in result.stderr
    assert outputs["1"] == outputs["2"]
    report = yaml.safe_load(outputs["2"])
    assert len(report["plans"]) == 8 and [u["path"].rsplit("/", 1)[-1] for u in report["unreadable"]] == ["cong-van.txt"]
    assert sum(len(plan["findings"]) for plan in report["plans"]) > 50
    text = {jobs: cchc("check", str(audit_folder), "--jobs", jobs, "--today", "2026-12-25").stdout for jobs in ("1", "0")}
    assert text["1"] == text["0"]


def test_a_rule_failure_in_a_worker_is_exit_3(audit_folder, tmp_path):
    # Every process of the run, workers included, starts with a broken action (sitecustomize).
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        "import engine.evaluate as e\n"
        "def broken(*args):\n    raise ZeroDivisionError('boom')\n"
        "e.make_finding = broken\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "engine.cli", "check", str(audit_folder / "xa"), "--jobs", "2",
                             "--lang", "en"],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{REPO}"})
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("internal error: rule ") and "boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_rule_action_errors_cross_process_boundaries():
    error = RuleActionError([("NQ76-X", KeyError("field"))])
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.failures[0][0] == "NQ76-X"


def test_jobs_zero_is_one_per_core_and_never_more_than_files():
    assert effective_jobs(0, 1000) == (os.cpu_count() or 1)
    assert effective_jobs(8, 3) == 3 and effective_jobs(2, 0) == 1


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_only():
    terminal = _Terminal()
    progress = Progress(4, True, stream=terminal)
    progress.step(0, "xa/ke-hoach-0.yaml")
    progress.step(2, "so/ke-hoach-1.yaml")
    progress.close()
    shown = terminal.getvalue()
    assert "[##########----------] 2/4" in shown and "elapsed, ~" in shown and "left" in shown
    assert "so/ke-hoach-1.yaml" in shown and shown.endswith("\r\x1b[K")
    pipe = io.StringIO()
    quiet = Progress(4, True, stream=pipe)
    quiet.step(1, "x")
    quiet.close()
    assert pipe.getvalue() == ""
    off = Progress(4, False, stream=_Terminal())
    off.step(1, "x")
    assert off.stream.getvalue() == ""
