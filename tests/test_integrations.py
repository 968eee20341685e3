"""Where a plan repository runs the tool: the pre-commit hook (run by pre-commit itself against a
temporary git repository) and the GitHub Action's shell steps (run here as the runner would)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PLANS, REPO

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def plan_repo(tmp_path):
    """A plan repository: a good plan, a plan that cannot be read, a roster and settings."""
    repo = tmp_path / "ke-hoach"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(PLANS / "vinh-long-2022.yaml", repo / "plans" / "vinh-long-2022.yaml")
    (repo / "plans" / "hong.yaml").write_text("plan:\n  id: hong\n  title: \"chưa đóng nháy\n", encoding="utf-8")
    (repo / "plans" / "roster.yaml").write_text("units: []\n", encoding="utf-8")
    (repo / ".cchc.yaml").write_text("plans: [plans]\nfail-on: error\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def test_pre_commit_runs_the_hook_on_the_changed_plans(plan_repo, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    environment.pop("PYTHONPATH", None)

    def hook(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(REPO), "cchc-check", "--verbose",
                               "--files", *files], cwd=plan_repo, capture_output=True, text=True, env=environment)

    good = hook("plans/vinh-long-2022.yaml", "plans/roster.yaml", ".cchc.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "roster.yaml" not in good.stdout
    bad = hook("plans/vinh-long-2022.yaml", "plans/hong.yaml")
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert "plans/hong.yaml:3:10: YAML sai cú pháp" in bad.stdout


def _action_step(name: str) -> dict:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


def _expand(text: str, values: dict) -> str:
    """The runner's `${{ … }}` expressions, for the few the steps use."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], text)


def test_the_action_checks_the_plans_annotates_writes_sarif_and_the_job_summary(plan_repo, tmp_path):
    (plan_repo / "plans" / "hong.yaml").unlink()
    install = _action_step("Install cchc-check")
    assert _expand(install["run"], {"github.action_path": str(REPO)}) == f'python -m pip install --quiet "{REPO}"'
    step = _action_step("Check the plans")
    values = {"inputs.paths": "", "inputs.fail-on": "warning", "inputs.sarif": "cchc.sarif"}
    summary = tmp_path / "step-summary.md"
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary),
                   **{key: _expand(value, values) for key, value in step["env"].items()}}
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=plan_repo, capture_output=True, text=True,
                            env=environment)
    assert result.returncode == 1, result.stderr                     # warnings, at fail-on: warning
    assert result.stdout.startswith("::warning file=plans/vinh-long-2022.yaml,line=")
    sarif = json.loads((plan_repo / "cchc.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] and sarif["runs"][0]["properties"]["config"] == ".cchc.yaml"
    assert summary.read_text(encoding="utf-8").startswith("#") and "vinh-long-2022" in summary.read_text(encoding="utf-8")
