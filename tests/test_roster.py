"""`--expect ROSTER`: each unit without a plan is reported once, on the roster's own line; a
draft counts as a plan; a roster in YAML or CSV; a bad roster is one clear message and exit 2."""
import json
import shutil

import pytest
import yaml

from engine.examples import run_examples
from engine.rules import load_ruleset
from tests.conftest import PLANS, REPO
from tests.test_cli import cchc

TODAY = "2026-12-20"
DRAFT = REPO / "tests" / "drafts" / "ke-hoach-cchc-2027.md"     # UBND tỉnh Cao Bằng, 2027


def _plan(folder, name, issuer, level, period=(2027, 2027), plan_id=None):
    data = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    data["plan"].update(id=plan_id or name, issuer=issuer, level=level, period={"from": period[0], "to": period[1]},
                        kind="annual" if period[0] == period[1] else "five-year")
    data["plan"].pop("parent", None)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def province(tmp_path):
    """A province's plans for 2027: the province (a draft), one sở, one commune with a five-year plan only."""
    folder = tmp_path / "cao-bang"
    folder.mkdir()
    shutil.copy(DRAFT, folder / "du-thao-tinh.md")
    _plan(folder, "so-noi-vu", "Sở Nội vụ tỉnh Cao Bằng", "agency")
    _plan(folder, "xa-hoa-an", "UBND xã Hòa An", "commune", period=(2026, 2030))
    return folder


ROSTER = """\
period: {from: 2027, to: 2027}
units:
  - {name: Ủy ban nhân dân tỉnh Cao Bằng, level: province}
  - {name: Sở Nội vụ tỉnh Cao Bằng, level: agency}
  - {name: Sở Tài chính tỉnh Cao Bằng, level: agency}
  - {name: UBND xã Hòa An, level: commune}
"""


def _audit(folder, roster, *extra):
    result = cchc("check", str(folder), "--expect", str(roster), "--format", "json", "--today", TODAY,
                  "--fail-on", "never", "--no-progress", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_unit_without_a_plan_is_reported_once_at_its_line(province, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    report = _audit(province, roster)
    entry = report["plans"][-1]
    assert entry["kind"] == "roster" and entry["plan_id"] == "roster"
    missing = [f for f in entry["findings"] if f["rule_id"] == "ROSTER-UNIT-NO-PLAN"]
    # The draft covers the province (UBND = Ủy ban nhân dân); Sở Nội vụ has its plan.
    assert [(f["line"], f["severity"]) for f in missing] == [(5, "warning"), (6, "warning")]
    assert "Sở Tài chính tỉnh Cao Bằng chưa có kế hoạch CCHC năm 2027" in missing[0]["message"]
    # The commune has a plan, but for 2026 - 2030: not its 2027 plan, and the message says so.
    assert "UBND xã Hòa An" in missing[1]["message"] and "xa-hoa-an.yaml (2026 - 2030)" in missing[1]["message"]
    assert report["summary"]["plans"] == 3
    assert [m["line"] for m in report["summary"]["roster"]["missing"]] == [5, 6]


def test_the_same_report_with_two_workers_and_the_roster_is_never_read_as_a_plan(province, tmp_path):
    roster = province / "roster.yaml"              # inside the folder checked
    roster.write_text(ROSTER, encoding="utf-8")
    one = cchc("check", str(province), "--expect", str(roster), "--format", "json", "--today", TODAY,
               "--fail-on", "never", "--jobs", "1")
    two = cchc("check", str(province), "--expect", str(roster), "--format", "json", "--today", TODAY,
               "--fail-on", "never", "--jobs", "2")
    assert one.returncode == two.returncode == 0 and one.stdout == two.stdout
    assert not any(p["path"].endswith("roster.yaml") and "kind" not in p for p in json.loads(one.stdout)["plans"])
    # Without --expect the folder's roster.yaml is skipped as well, like a README.
    alone = cchc("check", str(province), "--format", "json", "--today", TODAY, "--fail-on", "never")
    assert alone.returncode == 0 and len(json.loads(alone.stdout)["plans"]) == 3


def test_a_csv_roster_with_vietnamese_columns_and_a_bom(province, tmp_path):
    roster = tmp_path / "don-vi.csv"
    roster.write_bytes("\ufefftên,cấp,mã\n\"Sở Nội vụ tỉnh Cao Bằng\",sở,\nSở Tài chính tỉnh Cao Bằng,agency,\n"
                       "Tỉnh Cao Bằng,tỉnh,du-thao\n".encode("utf-8"))
    report = _audit(province, roster)
    missing = [f for f in report["plans"][-1]["findings"] if f["rule_id"] == "ROSTER-UNIT-NO-PLAN"]
    # Row 3 only: the province matches by id (the draft du-thao-tinh.md has the id du-thao-tinh).
    assert [(f["path"].rsplit("/", 1)[-1], f["line"]) for f in missing] == [("don-vi.csv", 3)]


def test_a_roster_without_a_period_takes_a_plan_of_any_period(province, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text("units:\n  - {name: UBND xã Hòa An, level: commune}\n", encoding="utf-8")
    assert _audit(province, roster)["plans"][-1]["findings"] == []


def test_a_plan_of_another_level_does_not_count(province, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text("units:\n  - {name: Sở Nội vụ tỉnh Cao Bằng, level: commune}\n", encoding="utf-8")
    assert len(_audit(province, roster)["plans"][-1]["findings"]) == 1


@pytest.mark.parametrize("name, content, expected", [
    ("r.yaml", "units:\n  - {name: Sở Nội vụ, level: district}\n", "r.yaml:2:"),
    ("r.yaml", "units:\n  - {name: Sở Nội vụ, level: agency}\n  - {name: sở nội vụ, level: agency}\n",
     "r.yaml:3:5: 'sở nội vụ' is listed twice (first at line 2)"),
    ("r.yaml", "period: 2027\nunits: []\n", "r.yaml:1:"),
    ("r.yaml", "units:\n  - {name: Sở Nội vụ, level: agency, kind: annual}\n", "unknown key 'kind'"),
    ("r.csv", "name,level,owner\nSở Nội vụ,agency,x\n", "r.csv:1:3: unknown column 'owner'"),
    ("r.csv", "name,level\nSở Nội vụ, Sở Tư pháp,agency\n", "r.csv:2:1: 3 cells under 2 columns"),
    ("r.csv", "", "r.csv:1:1: the roster has no header row"),
    ("r.txt", "Sở Nội vụ\n", "a roster must be YAML or CSV"),
])
def test_a_bad_roster_is_one_clear_message_and_nothing_is_checked(province, tmp_path, name, content, expected):
    roster = tmp_path / name
    roster.write_text(content, encoding="utf-8")
    output = tmp_path / "report.json"
    result = cchc("check", str(province), "--expect", str(roster), "--output", str(output), "--lang", "en")
    assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not output.exists()


def test_a_roster_checked_as_a_plan_says_what_it_is(tmp_path):
    roster = tmp_path / "don-vi.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    result = cchc("check", str(roster))
    assert result.returncode == 2
    assert "don-vi.yaml:2:1: đây là danh sách đơn vị (units:), không phải kế hoạch; đưa nó cho --expect" in result.stderr
    result = cchc("check", str(roster), "--lang", "en")
    assert "don-vi.yaml:2:1: this is a roster of units (units:), not a plan; give it to --expect" in result.stderr


def test_missing_units_are_in_every_summary_format(province, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    common = ("check", str(province), "--expect", str(roster), "--today", TODAY, "--fail-on", "never", "--lang", "en")
    text = cchc(*common).stdout
    assert "Units without a plan" in text and "Sở Tài chính tỉnh Cao Bằng has no CCHC plan for 2027" in text
    markdown = cchc(*common, "--format", "markdown").stdout
    assert "### Units without a plan" in markdown and "roster.yaml:5" in markdown
    sarif = json.loads(cchc(*common, "--format", "sarif").stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ROSTER-UNIT-NO-PLAN"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [5, 6]
    assert cchc(*common[:-2], "--fail-on", "warning").returncode == 1


def test_the_roster_rules_own_examples_pass():
    results = [r for r in run_examples(load_ruleset(["nq76"])) if r.rule_id.startswith("ROSTER-")]
    assert results and all(r.passed for r in results), [r for r in results if not r.passed]
    assert {r.expectation for r in results} == {"fire", "pass"}
