"""Baselines and `cchc diff`: findings matched by fingerprint, so moving,
inserting, renumbering and re-indenting tasks change nothing."""
import json

import yaml

from tests.conftest import PLANS
from tests.test_cli import cchc

TODAY = "2026-11-25"


def write(path, data, indent=2):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, indent=indent), encoding="utf-8")


def reshuffled(data):
    """Insert a task at the top of section III (renumbering the rest), move two tasks, re-indent."""
    tasks = data["tasks"]
    tasks.insert(0, {"id": "III.1", "domain": "procedures", "title": "Công bố danh mục TTHC mới",
                     "owner": "Văn phòng UBND tỉnh", "output": "Quyết định công bố", "deadline": "Quý I năm 2022"})
    for number, task in enumerate(tasks[1:11], start=2):
        task["id"] = f"III.{number}"
    tasks[12], tasks[20] = tasks[20], tasks[12]
    return data


def test_a_reshuffled_plan_has_no_new_findings_and_a_real_defect_is_found(tmp_path):
    original = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    plan = tmp_path / "plan.yaml"
    write(plan, original)
    baseline = tmp_path / "baseline.json"
    written = cchc("check", str(plan), "--today", TODAY, "--write-baseline", str(baseline), "--fail-on", "never")
    assert written.returncode == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    # 9 about the plan itself (its parent 2617/QĐ-UBND, not in plans/, is a note of the run, not a finding).
    assert len(entries) == 7 and all("line" not in e and "task_id" not in e for e in entries)

    write(plan, reshuffled(original), indent=4)
    again = json.loads(cchc("check", str(plan), "--today", TODAY, "--baseline", str(baseline), "--format", "json").stdout)
    assert again["plans"][0]["findings"] == [] and again["baseline"]["hidden"] == 7 and again["baseline"]["fixed"] == []

    task = next(t for t in original["tasks"] if t["deadline"] == "Quý II năm 2022")
    task["deadline"] = "Thường xuyên"                             # was concrete, now vague
    task["owner"] = None                                          # and no lead at all
    write(plan, original, indent=4)
    defect = cchc("check", str(plan), "--today", TODAY, "--baseline", str(baseline), "--format", "json")
    assert defect.returncode == 1
    new = json.loads(defect.stdout)["plans"][0]["findings"]
    assert sorted(f["rule_id"] for f in new) == ["NQ76-TASK-OWNER", "PAR-TASK-DEADLINE-CONCRETE"]
    assert {f["task_id"] for f in new} == {task["id"]}


def test_fixed_findings_are_listed(tmp_path):
    original = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    plan, baseline = tmp_path / "plan.yaml", tmp_path / "baseline.json"
    write(plan, original)
    cchc("check", str(plan), "--today", TODAY, "--write-baseline", str(baseline), "--fail-on", "never")
    original["tasks"][1]["deadline"] = "Quý I năm 2022"          # III.2 was "Theo Kế hoạch kiểm tra …"
    write(plan, original)
    report = json.loads(cchc("check", str(plan), "--today", TODAY, "--baseline", str(baseline), "--format", "json").stdout)
    fixed = report["baseline"]["fixed"]
    assert [(e["rule_id"], e["plan_id"]) for e in fixed] == [("PAR-TASK-DEADLINE-CONCRETE", "vinh-long-2022")]
    text = cchc("check", str(plan), "--today", TODAY, "--baseline", str(baseline)).stdout
    assert "1 đã khắc phục" in text
    # A run with fewer rule packs has not fixed the findings of the packs it left out.
    narrower = cchc("check", str(plan), "--today", TODAY, "--baseline", str(baseline), "--rules", "nq76",
                    "--format", "json").stdout
    assert json.loads(narrower)["baseline"]["fixed"] == []


def test_a_bad_baseline_is_exit_2(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text("{\"findings\": 3", encoding="utf-8")
    result = cchc("check", "plans/", "--baseline", str(bad), "--lang", "en")
    assert result.returncode == 2 and "not JSON" in result.stderr
    assert result.stderr.split(":")[0].endswith("/baseline.json") and not result.stderr.startswith("/")   # relative
    bad.write_text("[]", encoding="utf-8")
    assert "not a cchc baseline" in cchc("check", "plans/", "--baseline", str(bad), "--lang", "en").stderr
    assert "không tìm thấy" in cchc("check", "plans/", "--baseline", str(tmp_path / "none.json")).stderr


def test_diff_of_two_versions(tmp_path):
    original = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    write(old, original)
    revised = reshuffled(yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8")))
    revised["tasks"][2]["deadline"] = "Quý I năm 2022"           # fixes a vague deadline
    revised["tasks"][0]["output"] = None                          # introduces a missing output
    write(new, revised, indent=4)
    result = cchc("diff", str(old), str(new), "--today", TODAY, "--format", "json")
    assert result.returncode == 1                                 # an error was introduced
    diff = json.loads(result.stdout)
    assert [f["rule_id"] for f in diff["introduced"]] == ["NQ76-TASK-OUTPUT"]
    assert [f["rule_id"] for f in diff["resolved"]] == ["PAR-TASK-DEADLINE-CONCRETE"]
    assert diff["summary"] == {"introduced": 1, "resolved": 1, "unchanged": 6}
    text = cchc("diff", str(old), str(new), "--today", TODAY, "--lang", "en").stdout
    assert "Introduced: 1" in text and "Resolved: 1" in text and "Unchanged: 6" in text
    markdown = cchc("diff", str(old), str(new), "--today", TODAY, "--format", "markdown").stdout
    assert "### Phát hiện mới" in markdown and "NQ76-TASK-OUTPUT" in markdown
    assert cchc("diff", str(old), str(tmp_path / "none.yaml")).returncode == 2
