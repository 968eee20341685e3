"""`cchc rules list|show|test|docs`: what rule authors and reviewers read."""
import json
import shutil

from engine.resources import rules_dir
from engine.ruledocs import rules_markdown
from engine.rules import load_ruleset
from tests.conftest import REPO
from tests.test_cli import cchc


def test_committed_rule_docs_are_what_the_command_generates():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(load_ruleset()), "run: cchc rules docs --output docs/rules.md"


def test_docs_cover_every_rule_with_its_examples(ruleset):
    text = rules_markdown(ruleset)
    for rule in ruleset.rules:
        assert f"### {rule.id}\n" in text and rule.reference.vi in text


def test_rules_list_json():
    records = json.loads(cchc("rules", "list", "--format", "json").stdout)
    assert {"id", "pack", "severity", "tag", "title", "reference"} == set(records[0])
    assert len(records) == len(load_ruleset().rules)


def test_rules_show_gives_everything_and_unknown_ids_exit_2():
    shown = cchc("rules", "show", "PAR-TASK-LEAD-NAMED")
    assert shown.returncode == 0
    for part in ("severity: warning", "tag: E", "rationale:", "examples:", "Cơ quan, đơn vị", "condition:"):
        assert part in shown.stdout
    missing = cchc("rules", "show", "PAR-NOPE")
    assert missing.returncode == 2 and "không có quy tắc này" in missing.stderr
    assert "no such rule" in cchc("rules", "show", "PAR-NOPE", "--lang", "en").stderr


def test_a_failing_example_prints_the_rule_the_snippet_and_what_was_expected(tmp_path):
    pack = tmp_path / "par"
    shutil.copytree(rules_dir() / "par", pack)
    rules = pack / "tasks.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("deadline: Sớm nhất có thể}", "deadline: Quý I năm 2022}"),
                     encoding="utf-8")
    result = cchc("rules", "test", str(pack), "--lang", "en")
    assert result.returncode == 1
    assert "FAIL PAR-TASK-DEADLINE-UNPARSED" in result.stdout and "expected it to fire, got 0 finding(s)" in result.stdout
    assert "deadline: Quý I năm 2022" in result.stdout and result.stdout.strip().endswith("1 failed")
    assert "\npar 1.1.0: 72/73 examples passed (24 rules)\n" in result.stdout
    vietnamese = cchc("rules", "test", str(pack)).stdout
    assert "KHÔNG ĐẠT PAR-TASK-DEADLINE-UNPARSED" in vietnamese and "cần kích hoạt quy tắc, nhưng có 0 phát hiện" in vietnamese
