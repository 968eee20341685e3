"""The repository's settings (.cchc.yaml, or [tool.cchc] in pyproject.toml): found by searching
upward, used when no flag says otherwise, and recorded in the reports."""
import json
import os
import subprocess
import sys

import pytest

from engine.config import find_config
from engine.errors import InputError
from tests.conftest import PLANS, REPO
from tests.test_cli import cchc

SETTINGS = """\
plans: [plans]
rules: [par]
fail-on: warning
lang: en
exclude: ["nhap-*"]
"""


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "vinh-long-2022.yaml").write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes())
    (tmp_path / "plans" / "nhap-1.yaml").write_text("plan: [\n", encoding="utf-8")     # excluded
    (tmp_path / "sub").mkdir()
    (tmp_path / ".cchc.yaml").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def test_the_settings_apply_from_a_sub_folder_with_no_arguments(repo):
    result = cchc("check", "--format", "json", "--today", "2026-11-25", cwd=repo / "sub")
    assert result.returncode == 1, result.stderr                     # warnings, at fail-on: warning
    report = json.loads(result.stdout)
    assert report["tool"]["config"] == ".cchc.yaml"
    assert [plan["path"] for plan in report["plans"]] == ["plans/vinh-long-2022.yaml"]
    rule_ids = {f["rule_id"] for f in report["plans"][0]["findings"]}
    assert rule_ids and all(rule_id.startswith(("PAR-", "WAIVER-")) for rule_id in rule_ids)
    assert any(f["message"].startswith("Task ") for f in report["plans"][0]["findings"])       # lang: en


def test_flags_and_the_environment_win_over_the_file(repo):
    assert cchc("check", "--fail-on", "never", cwd=repo).returncode == 0
    text = cchc("check", "--lang", "vi", "--fail-on", "never", cwd=repo).stdout
    assert "cảnh báo" in text and "cấu hình .cchc.yaml" in text
    english = cchc("check", "--fail-on", "never", cwd=repo).stdout
    assert "warning" in english and "settings .cchc.yaml" in english
    from_environment = subprocess.run([sys.executable, "-m", "engine.cli", "check", "--fail-on", "never"],
                                      capture_output=True, text=True, cwd=repo,
                                      env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_LANG": "vi"})
    assert "cảnh báo" in from_environment.stdout
    named = cchc("check", "plans/vinh-long-2022.yaml", "--rules", "nq76", "--format", "json", cwd=repo)
    assert not any(f["rule_id"].startswith("PAR-") for f in json.loads(named.stdout)["plans"][0]["findings"])


def test_a_baseline_named_by_the_settings_is_shown_relative_to_the_repository(repo):
    assert cchc("check", "--write-baseline", ".cchc-baseline.json", "--fail-on", "never", cwd=repo).returncode == 0
    (repo / ".cchc.yaml").write_text(SETTINGS + "baseline: .cchc-baseline.json\n", encoding="utf-8")
    for fmt in ("text", "json"):
        result = cchc("check", "--format", fmt, cwd=repo / "sub")
        assert result.returncode == 0, result.stderr
        assert ".cchc-baseline.json" in result.stdout and str(repo) not in result.stdout


def test_pyproject_tool_table_is_read_when_there_is_no_cchc_yaml(repo):
    (repo / ".cchc.yaml").unlink()
    (repo / "pyproject.toml").write_text('[project]\nname = "ke-hoach"\n\n[tool.cchc]\nplans = ["plans"]\n'
                                         'fail-on = "never"\nexclude = ["nhap-*"]\n', encoding="utf-8")
    result = cchc("check", "--format", "json", cwd=repo / "sub")
    assert result.returncode == 0 and json.loads(result.stdout)["tool"]["config"] == "pyproject.toml"
    assert find_config(repo / "sub").plan_folders == ((repo / "plans").resolve(),)


def test_a_mistake_in_the_settings_is_exit_2_at_its_line(repo):
    (repo / ".cchc.yaml").write_text("plans: [plans]\nfail_on: warning\nformat: html\n", encoding="utf-8")
    result = cchc("check", "--lang", "en", cwd=repo)
    assert result.returncode == 2 and result.stderr.startswith(f"{repo / '.cchc.yaml'}:3:1: unknown key 'format'")
    (repo / ".cchc.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        find_config(repo)
    assert raised.value.where.line == 1


def test_with_no_path_and_no_settings_the_run_says_what_to_give(tmp_path):
    (tmp_path / ".git").mkdir()
    result = cchc("check", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip() == (
        "cchc check: chưa nêu tệp hay thư mục nào để kiểm tra; nêu PATH, hoặc liệt kê plans: trong .cchc.yaml")
