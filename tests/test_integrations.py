"""Where a plan repository runs the tool: the pre-commit hook (run by pre-commit itself, from a
.pre-commit-config.yaml, in a temporary git repository) and the GitHub Action's shell steps (run
here as the runner runs them)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from subprocess import CompletedProcess

import pytest
import yaml

from tests.conftest import PLANS, REPO
from tests.test_action import readme_yaml_blocks

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
UNREADABLE = "plans/hong.yaml:3:10: YAML sai cú pháp"


def _git(repo: Path, *args: str, **options) -> CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                          check=options.pop("check", True), capture_output=True, text=True, **options)


@pytest.fixture
def plan_repo(tmp_path):
    """A plan repository: a good plan, a plan that cannot be read, a roster and settings."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "ke-hoach"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(PLANS / "vinh-long-2022.yaml", repo / "plans" / "vinh-long-2022.yaml")
    (repo / "plans" / "hong.yaml").write_text("plan:\n  id: hong\n  title: \"chưa đóng nháy\n", encoding="utf-8")
    (repo / "plans" / "roster.yaml").write_text("units: []\n", encoding="utf-8")
    (repo / ".cchc.yaml").write_text("plans: [plans]\nfail-on: error\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


# -- the pre-commit hook ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hook_source(tmp_path_factory) -> dict:
    """This tree as a plan repository's config names it: a repository and a commit. The tracked and the
    new files are committed in a scratch repository (`pre-commit try-repo` would leave out files not yet
    added, and takes no `files:` of the plan repository's own)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"{REPO} is not a git checkout: {listed.stderr.strip()}")
    source = tmp_path_factory.mktemp("cchc-check-hook")
    for name in filter(None, listed.stdout.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "the tree under test")
    return {"repo": str(source), "rev": _git(source, "rev-parse", "HEAD").stdout.strip()}


@pytest.fixture(scope="module")
def pre_commit_environment(tmp_path_factory) -> dict:
    """One pre-commit cache for the module, so that the hook's environment is installed once."""
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    environment.pop("PYTHONPATH", None)
    return environment


def _write_pre_commit_config(repo: Path, config: dict) -> None:
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def _readme_pre_commit_config(hook_source: dict) -> dict:
    """README's .pre-commit-config.yaml, its repository and rev pointed at this tree."""
    for _line, text in readme_yaml_blocks():
        config = yaml.safe_load(text)
        if isinstance(config, dict) and "repos" in config:
            [entry] = config["repos"]
            assert [hook["id"] for hook in entry["hooks"]] == ["cchc-check"]
            return {"repos": [{**entry, **hook_source}]}
    raise AssertionError("README.md shows no .pre-commit-config.yaml")


def test_pre_commit_runs_the_hook_on_the_changed_plans(plan_repo, hook_source, pre_commit_environment):
    _write_pre_commit_config(plan_repo, {"repos": [{**hook_source, "hooks": [{"id": "cchc-check"}]}]})

    def hook(*files: str) -> CompletedProcess:
        return subprocess.run([str(BIN / "pre-commit"), "run", "--verbose", "--files", *files], cwd=plan_repo,
                              capture_output=True, text=True, env=pre_commit_environment)

    good = hook("plans/vinh-long-2022.yaml", "plans/roster.yaml", ".cchc.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "roster.yaml" not in good.stdout
    bad = hook("plans/vinh-long-2022.yaml", "plans/hong.yaml")
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert UNREADABLE in bad.stdout


def test_with_the_readmes_config_a_readme_under_plans_commits_and_a_bad_plan_does_not(
        plan_repo, hook_source, pre_commit_environment):
    """README's config gives `files: ^plans/`, which replaces the hook's `files:`; its `types` still keep
    a README.md under plans/ from being checked as a draft (one has 7 errors as a draft)."""
    config = _readme_pre_commit_config(hook_source)
    assert config["repos"][0]["hooks"][0]["files"] == "^plans/"
    _write_pre_commit_config(plan_repo, config)
    shutil.copy(PLANS / "examples" / "README.md", plan_repo / "plans" / "README.md")
    _git(plan_repo, "rm", "-q", "--cached", "plans/hong.yaml")
    _git(plan_repo, "add", ".pre-commit-config.yaml", "plans/README.md")
    subprocess.run([str(BIN / "pre-commit"), "install"], cwd=plan_repo, check=True, capture_output=True,
                   env=pre_commit_environment)

    def commit(message: str) -> CompletedProcess:
        return _git(plan_repo, "commit", "-m", message, check=False, env=pre_commit_environment)

    good = commit("Kế hoạch CCHC năm 2022 và README")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"cchc-check \(kế hoạch CCHC / CCHC plans\)\.+Passed", good.stdout + good.stderr)
    assert "README.md" in _git(plan_repo, "ls-tree", "-r", "--name-only", "HEAD").stdout
    _git(plan_repo, "add", "plans/hong.yaml")
    bad = commit("Kế hoạch hỏng")
    assert bad.returncode == 1 and UNREADABLE in bad.stdout + bad.stderr
    assert _git(plan_repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


# -- the GitHub Action's steps ------------------------------------------------------------------------

def _action_step(name: str) -> dict:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


def _expand(text: str, values: dict) -> str:
    """The runner's `${{ … }}` expressions, for the few the steps use."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], text)


def _check_the_plans(cwd: Path, scratch: Path, paths: str = "", fail_on: str = "warning",
                     summary_bytes: int | None = None, commands: Path = BIN) -> tuple[CompletedProcess, Path]:
    """The step "Check the plans", as the runner runs a `shell: bash` step (the script in a file, run by
    `bash --noprofile --norc -eo pipefail`), with `cchc` from `commands`; the result and the step summary."""
    step = _action_step("Check the plans")
    values = {"inputs.paths": paths, "inputs.fail-on": fail_on, "inputs.sarif": "cchc.sarif",
              "inputs.upload-sarif": "true"}
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "runner-temp").mkdir(exist_ok=True)
    script, summary = scratch / "step.sh", scratch / "step-summary.md"
    script.write_text(step["run"], encoding="utf-8")
    summary.write_bytes(b"")
    environment = {**os.environ, "PATH": f"{commands}{os.pathsep}{os.environ['PATH']}",
                   "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(scratch / "runner-temp"),
                   **{key: _expand(str(value), values) for key, value in step["env"].items()}}
    if summary_bytes is not None:
        environment["CCHC_SUMMARY_BYTES"] = str(summary_bytes)
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                            capture_output=True, text=True, env=environment)
    assert list((scratch / "runner-temp").iterdir()) == []          # the full report is not left behind
    return result, summary


def test_the_action_checks_the_plans_annotates_writes_sarif_and_the_job_summary(plan_repo, tmp_path):
    (plan_repo / "plans" / "hong.yaml").unlink()
    install = _action_step("Install cchc-check")
    assert _expand(install["run"], {"github.action_path": str(REPO)}) == f'python -m pip install --quiet "{REPO}"'
    result, summary = _check_the_plans(plan_repo, tmp_path / "runner")
    assert result.returncode == 1, result.stderr                     # warnings, at fail-on: warning
    assert result.stdout.startswith("::warning file=plans/vinh-long-2022.yaml,line=")
    sarif = json.loads((plan_repo / "cchc.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] and sarif["runs"][0]["properties"]["config"] == ".cchc.yaml"
    report = summary.read_text(encoding="utf-8")
    assert report.startswith("#") and "vinh-long-2022" in report


def _plans_in(summary: Path) -> set[str]:
    """The plans of the summary's tables (a finding's row names its plan as `path:line:column`)."""
    return set(re.findall(r"^\| `([^`]+\.yaml)` \|", summary.read_text(encoding="utf-8"), re.MULTILINE))


def test_the_action_takes_one_path_per_line(plan_repo, tmp_path):
    spaced = "plans/lạng sơn/kế hoạch 2026 - 2030.yaml"
    (plan_repo / spaced).parent.mkdir()
    shutil.copy(PLANS / "lang-son-2026-2030.yaml", plan_repo / spaced)

    lines, summary = _check_the_plans(plan_repo, tmp_path / "lines", fail_on="never",
                                      paths=f"plans/vinh-long-2022.yaml\n\n   \n{spaced}  \n")
    assert lines.returncode == 0, lines.stderr
    assert _plans_in(summary) == {spaced, "plans/vinh-long-2022.yaml"}

    one, summary = _check_the_plans(plan_repo, tmp_path / "one", fail_on="never", paths=spaced)
    assert one.returncode == 0, one.stderr
    assert _plans_in(summary) == {spaced}

    # The second line counts: a plan that cannot be read there is exit 2, whatever fail-on says.
    unreadable, _summary = _check_the_plans(plan_repo, tmp_path / "unreadable", fail_on="never",
                                            paths="plans/vinh-long-2022.yaml\nplans/hong.yaml\n")
    assert unreadable.returncode == 2 and "plans/hong.yaml" in unreadable.stdout + unreadable.stderr


def _lines_and_note(summary: Path) -> tuple[list[str], str]:
    """The report's lines the summary kept, and the note after them."""
    text = summary.read_bytes().decode("utf-8")                     # cut on a line, so whole characters
    kept, blank_line, note = text.removesuffix("\n").rpartition("\n\n")
    assert blank_line and note and "\n" not in note
    return kept.split("\n"), note


def test_a_job_summary_over_the_limit_stops_at_a_line_and_says_where_every_finding_is(plan_repo, tmp_path):
    (plan_repo / "plans" / "hong.yaml").unlink()
    whole, full_summary = _check_the_plans(plan_repo, tmp_path / "whole")
    full = full_summary.read_bytes()
    limit = len(full) // 2
    cut, summary = _check_the_plans(plan_repo, tmp_path / "cut", summary_bytes=limit)
    assert cut.returncode == whole.returncode == 1 and cut.stdout == whole.stdout   # the annotations stay whole
    assert len(summary.read_bytes()) <= limit
    kept, note = _lines_and_note(summary)
    assert kept == full.decode("utf-8").split("\n")[:len(kept)] and len(kept) > 3
    assert f"({len(full)} byte)" in note and f"({len(full)} bytes)" in note
    assert "`cchc.sarif` (uploaded to code scanning)" in note


FAKE_CCHC = """#!{python}
# cchc check, as far as the step sees it: a Markdown report of many plans' findings, then exit 1.
import os, sys
report = next(arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("markdown="))
with open(report, "w", encoding="utf-8") as markdown, open(os.environ["FULL_REPORT"], "w", encoding="utf-8") as copy:
    for out in (markdown, copy):
        out.write("## Kết quả kiểm tra kế hoạch CCHC\\n\\n")
        out.write("| Kế hoạch | Vị trí | Nội dung |\\n|---|---|---|\\n")
        for number in range(12000):
            out.write(f"| `plans/xã-{{number}}.yaml` | 12:3 | "
                      "Nhiệm vụ ghi “Sở Thông tin và Truyền thông” đã đổi tên |\\n")
sys.exit(1)
"""


def test_a_job_summary_is_kept_under_githubs_1_mib(plan_repo, tmp_path, monkeypatch):
    """At the action's own limit, with a report over 1 MiB, as a folder of many plans makes."""
    commands = tmp_path / "bin"
    commands.mkdir()
    (commands / "cchc").write_text(FAKE_CCHC.format(python=sys.executable), encoding="utf-8")
    (commands / "cchc").chmod(0o755)
    monkeypatch.setenv("FULL_REPORT", str(tmp_path / "full.md"))
    result, summary = _check_the_plans(plan_repo, tmp_path / "runner", commands=commands)
    assert result.returncode == 1, result.stderr
    full = (tmp_path / "full.md").read_bytes()
    assert len(full) > 1024 * 1024
    size = len(summary.read_bytes())
    longest_line = max(len(line) for line in full.split(b"\n")) + 1
    assert 1_000_000 - longest_line - 1000 < size <= 1_000_000 < 1024 * 1024
    kept, note = _lines_and_note(summary)
    assert kept == full.decode("utf-8").split("\n")[:len(kept)]
    assert note.startswith("**Báo cáo dừng ở đây**") and f"({len(full)} bytes)" in note
