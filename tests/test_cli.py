"""The command line as CI and reviewers use it: exit codes, one-line errors,
byte-identical reports, atomic output."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PLANS, REPO, shown

BAD_INPUTS = {
    "malformed.yaml": ("plan:\n  title: \"Kế hoạch\n", ":2:10: malformed YAML"),
    "wrong-type.yaml": ("plan:\n  id: p\n  title: T\n  kind: annual\n  period: {from: năm, to: 2022}\n", ":5:"),
    "unknown-key.yaml": ("plan:\n  id: p\n  title: T\n  kind: annual\n  period: {from: 2022, to: 2022}\n  isued: 2021-12-01\n",
                         ":6:3: unknown key 'isued' in plan; did you mean 'issued'?"),
    "duplicate-key.yaml": ("plan:\n  id: p\n  id: q\n", ":3:3: duplicate key 'id'"),
    "empty.yaml": ("", ":1:1: the file is empty"),
    "bomb.yaml": ("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")), "after expanding aliases"),
}


def cchc(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(tmp_path, name):
    text, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cchc("check", str(path), "--lang", "en")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(shown(path) + ":") and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_file_is_exit_2_with_a_message_in_vietnamese_or_english():
    result = cchc("check", "plans/khong-co.yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == "plans/khong-co.yaml: không có tệp hay thư mục này; kiểm tra lại đường dẫn"
    english = cchc("check", "plans/khong-co.yaml", "--lang", "en")
    assert english.stderr.strip() == "plans/khong-co.yaml: no such file or folder; check the path"
    from_environment = subprocess.run([sys.executable, "-m", "engine.cli", "check", "plans/khong-co.yaml"],
                                      capture_output=True, text=True, cwd=REPO,
                                      env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_LANG": "en"})
    assert from_environment.stderr == english.stderr


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path):
    (tmp_path / "a-bad.yaml").write_text("plan: [\n", encoding="utf-8")
    (tmp_path / "b-good.yaml").write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes())
    result = cchc("check", str(tmp_path), "--format", "json", "--today", "2026-11-25")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert [p["plan_id"] for p in report["plans"]] == ["vinh-long-2022"]
    assert report["unreadable"][0]["path"].endswith("a-bad.yaml")


def test_exit_codes_follow_fail_on():
    plan = "plans/vinh-long-2022.yaml"
    assert cchc("check", plan).returncode == 0
    assert cchc("check", plan, "--fail-on", "warning").returncode == 1
    assert cchc("check", plan, "--fail-on", "never").returncode == 0


def test_json_report_carries_the_contract_and_is_byte_identical(tmp_path):
    first = cchc("check", "plans/", "--format", "json", "--today", "2026-11-25")
    second = cchc("check", "plans", "--format", "json", "--today", "2026-11-25")
    assert first.returncode == 1 and first.stdout == second.stdout      # plans/examples holds errors
    report = json.loads(first.stdout)
    assert set(report) == {"tool", "evaluated_on", "plans", "summary"}
    assert report["evaluated_on"] == "2026-11-25"
    assert {p["id"] for p in report["tool"]["rule_packs"]} == {
        "cascade", "common", "nq76", "org-2025", "par", "roster", "template", "waivers"}
    summary = report["summary"]
    assert {key: summary[key] for key in ("plans", "errors", "warnings", "infos", "waived")} == {
        "plans": 9, "errors": 2, "warnings": 14, "infos": 2, "waived": 0}
    assert summary["tasks"] == sum(p["summary"]["tasks"] for p in report["plans"])
    vinh_long = next(p for p in report["plans"] if p["plan_id"] == "vinh-long-2022")
    assert vinh_long["path"] == "plans/vinh-long-2022.yaml" and len(vinh_long["sha256"]) == 64
    finding = next(f for f in vinh_long["findings"] if f["task_id"])
    assert set(finding) >= {"rule_id", "severity", "message", "reference", "path", "line", "column", "pointer",
                            "domain", "task_id", "fingerprint"}
    assert finding["pointer"].startswith("/tasks/")
    assert "Nhiệm vụ" in finding["message"]        # Vietnamese, not \u escapes


def test_text_report_in_vietnamese_and_english():
    vi = cchc("check", "plans/vinh-long-2022.yaml", "--today", "2026-11-25")
    assert "plans/vinh-long-2022.yaml:245:15: cảnh báo PAR-TASK-DEADLINE-CONCRETE [III.2]" in vi.stdout
    assert "Căn cứ: Thời hạn hoàn thành cụ thể của từng nhiệm vụ: tiêu chí thẩm định thường dùng" in vi.stdout
    en = cchc("check", "plans/vinh-long-2022.yaml", "--today", "2026-11-25", "--lang", "en")
    assert "warning PAR-TASK-DEADLINE-CONCRETE [III.2]: Task III.2: the deadline" in en.stdout
    assert "Total (evaluated on 2026-11-25, settings .cchc.yaml): 1 plan(s), 0 error(s), 5 warning(s), 2 info" in en.stdout


def test_output_is_written_atomically_and_a_bad_output_folder_is_exit_2(tmp_path):
    target = tmp_path / "report.json"
    result = cchc("check", "plans/", "--format", "json", "--output", str(target), "--fail-on", "never")
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["plans"] == 9
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert target.stat().st_mode & 0o044 == 0o044                      # readable like any new file
    missing = cchc("check", "plans/", "--output", str(tmp_path / "no" / "report.json"), "--lang", "en")
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_paths_are_relative_to_the_repository_top(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "p.yaml").write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes())
    result = cchc("check", "../plans", "--format", "json", cwd=tmp_path / "sub")
    assert json.loads(result.stdout)["plans"][0]["path"] == "plans/p.yaml"


def test_a_file_outside_the_repository_is_named_relative_to_the_working_folder(tmp_path):
    (tmp_path / "work").mkdir()
    outside = tmp_path / "elsewhere" / "p.yaml"
    outside.parent.mkdir()
    outside.write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes())
    reports = {fmt: cchc("check", str(outside), "--format", fmt, "--today", "2026-11-25", "--fail-on", "never",
                         cwd=tmp_path / "work").stdout
               for fmt in ("json", "sarif", "text", "html", "markdown", "junit", "csv", "github")}
    assert json.loads(reports["json"])["plans"][0]["path"] == "../elsewhere/p.yaml"
    assert [fmt for fmt, report in reports.items() if str(tmp_path) in report] == []


def test_bad_option_values_are_exit_2():
    assert cchc("check", "plans/", "--today", "25/11/2026").returncode == 2
    assert cchc("check", "plans/", "--rules", "khong-co").returncode == 2


@pytest.mark.parametrize("args, vietnamese, english", [
    (("check", "plans/", "--formt", "json"), "cchc check: không có tùy chọn --formt (--format, --report?); "
     "xem cchc check --help", "cchc check: no such option --formt (--format, --report?); see cchc check --help"),
    (("check", "plans/", "--format", "xml"), "cchc check: giá trị không hợp lệ cho '--format': 'xml' is not one of",
     "cchc check: invalid value for '--format': 'xml' is not one of"),
    (("rules", "show"), "cchc rules show: thiếu 'RULE_ID'; xem cchc rules show --help",
     "cchc rules show: missing 'RULE_ID'; see cchc rules show --help"),
    (("chek",), "cchc: dùng lệnh sai: No such command 'chek'", "cchc: wrong usage: No such command 'chek'"),
])
def test_a_mistake_in_the_command_line_is_one_line_in_the_users_language(args, vietnamese, english):
    for lang, expected in (("vi", vietnamese), ("en", english)):
        result = cchc(*args, "--lang", lang)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith(expected) and result.stderr.count("\n") == 1, result.stderr
    from_environment = subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True,
                                      cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_LANG": "en"})
    assert from_environment.stderr.startswith(english)


def test_an_option_left_without_its_value_names_the_command():
    result = cchc("check", "plans/", "--lang", "en", "--format")
    assert result.returncode == 2 and result.stderr == (
        "cchc check: wrong usage: Option '--format' requires an argument; see cchc check --help\n")


def test_cchc_alone_shows_its_help():
    result = cchc()
    assert result.returncode == 2 and "Cách dùng / Usage: cchc [OPTIONS] COMMAND" in result.stderr
    assert cchc("--help").returncode == 0 and cchc("check", "--help").returncode == 0


def completions(words: str, cwd: Path) -> list[str]:
    """What bash is told to offer for the last of `words` (click's completion protocol: one
    "type,value" line each; "file" and "dir" leave the names to bash itself)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "_CCHC_COMPLETE": "bash_complete",
                   "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    result = subprocess.run([sys.executable, "-m", "engine.cli"], capture_output=True, text=True, cwd=cwd,
                            env=environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("words, offered", [
    ("cchc check pl", "file,pl"),
    ("cchc check plans/examples --output ou", "file,ou"),
    ("cchc check --baseline .cchc", "file,.cchc"),
    ("cchc check --expect plans/", "file,plans/"),
    ("cchc diff plans/a.yaml pl", "file,pl"),
    ("cchc import pl", "file,pl"),
    ("cchc rules docs --output do", "file,do"),
])
def test_paths_complete_to_file_names(tmp_path, words, offered):
    (tmp_path / "plans").mkdir()
    assert completions(words, tmp_path) == [offered]


@pytest.mark.parametrize("words", ["cchc check --rules n", "cchc serve --rules n", "cchc rules test n"])
def test_a_rule_pack_completes_to_a_built_in_id_or_a_folder(tmp_path, words):
    assert completions(words, tmp_path) == ["dir,n", "plain,nq76"]


def test_rules_list_and_test_and_version():
    listed = cchc("rules", "list")
    assert listed.returncode == 0 and "NQ76-DOM-THECHE" in listed.stdout and "[P]" in listed.stdout
    tested = cchc("rules", "test")
    assert tested.returncode == 0 and tested.stdout.strip().endswith(" đạt, 0 không đạt")
    assert "nq76 1.1.0: " in tested.stdout and "\nTotal: " in cchc("rules", "test", "--lang", "en").stdout
    version = cchc("--version")
    assert version.returncode == 0 and "nq76 1.1.0" in version.stdout and "par 1.1.0" in version.stdout


def test_input_files_are_never_modified():
    before = {p: p.read_bytes() for p in Path(PLANS).glob("*.yaml")}
    cchc("check", "plans/", "--format", "json")
    assert before == {p: p.read_bytes() for p in Path(PLANS).glob("*.yaml")}


def test_a_file_over_the_size_limit_says_how_to_raise_it(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes() + b"#" * (1024 * 1024))
    result = cchc("check", str(big), "--max-file-mb", "1")
    assert result.returncode == 2 and "--max-file-mb" in result.stderr
    assert cchc("check", str(big), "--max-file-mb", "2").returncode == 0


def test_the_nesting_and_alias_limits_are_options(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("plan: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    assert "--max-depth N" in cchc("check", str(deep)).stderr
    raised = cchc("check", str(deep), "--max-depth", "200", "--lang", "en")
    assert raised.returncode == 2 and "plan is list" in raised.stderr          # read, then refused as a plan
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BAD_INPUTS["bomb.yaml"][0], encoding="utf-8")
    assert "--max-values N" in cchc("check", str(bomb)).stderr
    raised = cchc("check", str(bomb), "--max-values", "10000000", "--lang", "en")      # 9^9 values: still too many
    assert raised.returncode == 2 and "more than 10,000,000 values after expanding aliases" in raised.stderr


def test_too_many_tasks_is_exit_2_and_says_how_to_raise_the_limit(tmp_path):
    result = cchc("check", "plans/vinh-long-2022.yaml", "--max-tasks", "10")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == ("plans/vinh-long-2022.yaml:225:1: 35 nhiệm vụ, vượt giới hạn 10; "
                                     "tách kế hoạch, hoặc nâng giới hạn (cchc check --max-tasks N)")
    draft = cchc("check", "tests/drafts/ke-hoach-cchc-2027.md", "--max-tasks", "3", "--lang", "en")
    assert draft.returncode == 2 and "over the limit of 3" in draft.stderr
    assert cchc("check", "plans/vinh-long-2022.yaml", "--max-tasks", "35", "--fail-on", "never").returncode == 0


def test_shell_completion_offers_commands_and_choices():
    # Completion answers to the installed command's name (_CCHC_COMPLETE), not to `python -m`.
    command = str(Path(sys.executable).parent / "cchc")

    def complete(words: str) -> list[str]:
        return subprocess.run([command], capture_output=True, text=True, cwd=REPO, env={
            **os.environ, "_CCHC_COMPLETE": "bash_complete", "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1)}).stdout.split()

    assert "plain,check" in complete("cchc ch")
    assert complete("cchc check --format sa") == ["plain,sarif"]
