"""Waivers: exact about what they waive, until when, and never moving."""
import copy
import dataclasses
import datetime as dt
import json

import yaml
from hypothesis import given, settings, strategies as st

from engine.evaluate import evaluate
from engine.load import plan_from_data
from tests.conftest import PLANS
from tests.test_cli import cchc

VINH_LONG = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
WAIVER = {"rule": "PAR-TASK-LEAD-NAMED", "task": "III.5",
          "task_title": "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
          "reason": "Mỗi cơ quan đề xuất phương án đơn giản hóa TTHC thuộc phạm vi của mình; Văn phòng UBND tỉnh tổng hợp",
          "approved_by": "Chánh Văn phòng UBND tỉnh", "expires": dt.date(2022, 12, 31)}


def check(compiled, waivers, today=dt.date(2022, 6, 30), data=VINH_LONG):
    plan = copy.deepcopy(data)
    plan["waivers"] = waivers
    return evaluate(plan_from_data(plan, "plans/vinh-long-2022.yaml"), compiled, today)


def by_rule(findings, rule_id):
    return [f for f in findings if f.rule_id == rule_id]


def test_a_waiver_marks_exactly_its_finding(compiled):
    findings = check(compiled, [WAIVER])
    waived = [f for f in findings if f.waived]
    assert [(f.rule_id, f.task_id) for f in waived] == [("PAR-TASK-LEAD-NAMED", "III.5")]
    assert not [f for f in findings if f.rule_id.startswith("WAIVER-")]


def test_waiving_changes_the_fail_on_count_and_nothing_else(compiled):
    plain = check(compiled, [])
    waived = check(compiled, [WAIVER])
    assert [dataclasses.replace(f, waived=None, waiver_reason=None) for f in waived] == plain
    assert sum(1 for f in plain if f.severity == "warning") - sum(
        1 for f in waived if f.severity == "warning" and not f.waived) == 1


def test_expiring_expired_and_incomplete_waivers(compiled):
    expiring = check(compiled, [WAIVER], today=dt.date(2022, 12, 15))
    assert by_rule(expiring, "WAIVER-EXPIRING") and any(f.waived for f in expiring)
    expired = check(compiled, [WAIVER], today=dt.date(2023, 1, 2))
    assert by_rule(expired, "WAIVER-EXPIRED")[0].severity == "error"
    assert not any(f.waived for f in expired)              # the finding counts again
    for missing, rule in (("reason", "WAIVER-REASON"), ("approved_by", "WAIVER-APPROVER")):
        incomplete = {k: v for k, v in WAIVER.items() if k != missing}
        findings = check(compiled, [incomplete])
        assert by_rule(findings, rule) and not any(f.waived for f in findings)
    no_expiry = check(compiled, [{k: v for k, v in WAIVER.items() if k != "expires"}])
    assert by_rule(no_expiry, "WAIVER-EXPIRY-MISSING") and any(f.waived for f in no_expiry)


def test_a_waiver_matching_nothing_or_an_unknown_rule(compiled):
    unused = check(compiled, [dict(WAIVER, task="III.1", task_title=None)])
    assert by_rule(unused, "WAIVER-UNUSED") and not any(f.waived for f in unused)
    unknown = check(compiled, [dict(WAIVER, rule="PAR-TASK-LEAD")])
    assert by_rule(unknown, "WAIVER-RULE-UNKNOWN") and not by_rule(unknown, "WAIVER-UNUSED")


def test_a_renumbered_task_makes_the_waiver_stale_and_names_the_new_number(compiled):
    data = copy.deepcopy(VINH_LONG)
    titles = {t["id"]: t["title"] for t in data["tasks"]}
    data["tasks"][3]["id"], data["tasks"][4]["id"] = "III.5", "III.4"      # III.4 and III.5 swap numbers
    assert titles["III.4"] == data["tasks"][3]["title"]
    findings = check(compiled, [WAIVER], data=data)
    stale = by_rule(findings, "WAIVER-STALE")
    assert stale and "III.4" in stale[0].suggestion
    assert not any(f.waived for f in findings)             # it did not move to the new III.5


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(10)))
def test_renumbering_tasks_never_moves_a_waiver(compiled, order):
    data = copy.deepcopy(VINH_LONG)
    first_ten = data["tasks"][:10]
    renumbered = [dict(first_ten[i], id=f"III.{n + 1}") for n, i in enumerate(order)]
    data["tasks"] = renumbered + data["tasks"][10:]
    findings = check(compiled, [WAIVER], data=data)
    titles = {t["id"]: t["title"] for t in data["tasks"]}
    for finding in findings:
        if finding.waived:
            assert titles[finding.task_id] == WAIVER["task_title"]


def test_waived_findings_are_listed_and_do_not_fail_the_run(tmp_path):
    plan = copy.deepcopy(VINH_LONG)
    plan["tasks"] = [t for t in plan["tasks"] if t["id"] == "III.5"]
    plan["tasks"][0]["deadline"] = "Quý II năm 2022"
    plan["waivers"] = [dict(WAIVER, expires="2022-12-31")]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ("check", str(path), "--today", "2022-06-30", "--rules", "par")
    assert cchc(*args, "--fail-on", "warning").returncode == 0
    report = json.loads(cchc(*args, "--format", "json").stdout)
    waived = [f for f in report["plans"][0]["findings"] if f.get("waived")]
    assert [f["rule_id"] for f in waived] == ["PAR-TASK-LEAD-NAMED"] and report["summary"]["waived"] == 1
    assert "(miễn trừ) PAR-TASK-LEAD-NAMED" in cchc(*args).stdout
    expired = cchc("check", str(path), "--today", "2023-01-02", "--rules", "par", "--fail-on", "warning")
    assert expired.returncode == 1 and "WAIVER-EXPIRED" in expired.stdout


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(0, 10**6), st.data())
def test_waiving_a_finding_changes_its_flag_and_nothing_else(compiled, n_tasks, seed, data):
    from tests.plangen import plan_data
    plan = plan_data(n_tasks, seed)
    plan["waivers"] = []
    today = dt.date(2026, 11, 25)
    before = evaluate(plan_from_data(plan, "p.yaml"), compiled, today)
    task_findings = [f for f in before if f.task_id and not f.rule_id.startswith("WAIVER-")]
    if not task_findings:
        return
    chosen = data.draw(st.sampled_from(task_findings))
    title = next(t["title"] for t in plan["tasks"] if t["id"] == chosen.task_id)
    plan["waivers"] = [{"rule": chosen.rule_id, "task": chosen.task_id, "task_title": title, "reason": "Có chủ đích",
                        "approved_by": "Giám đốc Sở Nội vụ", "expires": dt.date(2027, 12, 31)}]
    after = evaluate(plan_from_data(plan, "p.yaml"), compiled, today)
    assert [dataclasses.replace(f, waived=None, waiver_reason=None) for f in after] == before
    assert {(f.rule_id, f.task_id) for f in after if f.waived} == {(chosen.rule_id, chosen.task_id)}
