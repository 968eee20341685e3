"""The example plans against what their source documents show."""
from collections import Counter

import pytest
import yaml

from engine.evaluate import evaluate
from engine.load import load_plan
from tests.conftest import PLANS, TODAY

# S001's appendix (docs/domain.md §5, §6): of its 28 deadlines that are not a completion point, 24
# are right for what the task is (a standing duty, a target, a year-long activity of the annual
# plan); of its 15 generic leads, 14 are each unit's own work with a named sở guiding it. What a
# reviewer sends back: these four deadlines and the one lead of a single provincial decision.
NOT_CONCRETE = {"III.2", "III.5", "III.7", "V.1"}
GENERIC_LEAD = {"III.5"}


@pytest.fixture(scope="module")
def vinh_long_2022(compiled):
    return evaluate(load_plan(PLANS / "vinh-long-2022.yaml"), compiled, TODAY)


def test_every_example_plan_loads():
    names = sorted(p.name for p in PLANS.glob("*.yaml"))
    assert names == ["lang-son-2026-2030.yaml", "vinh-long-2022.yaml", "vinh-long-2026-2030.yaml",
                     "vinh-phuc-2021-2025.yaml"]
    for path in PLANS.glob("*.yaml"):
        load_plan(path)


def test_vinh_long_2022_has_35_tasks_and_no_error(vinh_long_2022):
    plan = load_plan(PLANS / "vinh-long-2022.yaml").plan
    assert len(plan.tasks) == 35
    assert [f for f in vinh_long_2022 if f.severity == "error"] == []


def test_vinh_long_2022_deadlines_and_leads(vinh_long_2022):
    by_rule = Counter(f.rule_id for f in vinh_long_2022)
    # docs/domain.md §6: "Báo cáo kết quả thực hiện" is the output of 12 of the 35 tasks; for 9 of them
    # (standing duties, training, tasks that are targets) a report is the right product.
    assert by_rule == {"PAR-TASK-DEADLINE-CONCRETE": 4, "PAR-TASK-LEAD-NAMED": 1,
                       "PAR-TASK-OUTPUT-CONCRETE": 2}
    assert {f.task_id for f in vinh_long_2022 if f.rule_id == "PAR-TASK-DEADLINE-CONCRETE"} == NOT_CONCRETE
    assert {f.task_id for f in vinh_long_2022 if f.rule_id == "PAR-TASK-LEAD-NAMED"} == GENERIC_LEAD


def test_generic_lead_suggests_the_named_coordinator(vinh_long_2022):
    finding = next(f for f in vinh_long_2022 if f.rule_id == "PAR-TASK-LEAD-NAMED" and f.task_id == "III.5")
    assert "Văn phòng UBND tỉnh" in finding.suggestion


def test_task_findings_point_into_the_task(vinh_long_2022):
    plan = load_plan(PLANS / "vinh-long-2022.yaml")
    for finding in (f for f in vinh_long_2022 if f.task_id):
        index = next(i for i, t in enumerate(plan.plan.tasks) if t.id == finding.task_id)
        start = plan.source.where(f"/tasks/{index}").line
        following = plan.source.where(f"/tasks/{index + 1}").line if index + 1 < 35 else 10**6
        assert start <= finding.line < following
        text_line = (PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8").splitlines()[finding.line - 1]
        field = {"PAR-TASK-DEADLINE-CONCRETE": "deadline:", "PAR-TASK-LEAD-NAMED": "owner:",
                 "PAR-TASK-OUTPUT-CONCRETE": "output:"}[finding.rule_id]
        assert field in text_line


def test_a_missing_domain_points_at_the_tasks_key(compiled, tmp_path):
    data = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    data["measures"] = [m for m in data["measures"] if m["domain"] != "public-finance"]
    data["tasks"] = [t for t in data["tasks"] if t.get("domain") != "public-finance"]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    errors = [f for f in evaluate(load_plan(path), compiled, TODAY) if f.severity == "error"]
    assert [(f.rule_id, f.domain) for f in errors] == [("NQ76-DOM-TAICHINH", "public-finance")]
    tasks_line = next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if line.startswith("tasks:"))
    assert (errors[0].line, errors[0].column) == (tasks_line, 1)


def test_five_year_plans_have_all_domains_and_their_basis(compiled):
    for name in ("lang-son-2026-2030.yaml", "vinh-long-2026-2030.yaml"):
        findings = evaluate(load_plan(PLANS / name), compiled, TODAY)
        assert [f for f in findings if f.severity == "error"] == [], name


def test_a_basis_finding_points_at_the_legal_basis_key(compiled, tmp_path):
    text = (PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "Nghị quyết số 76/NQ-CP ngày 13/6/2013"),
                    encoding="utf-8")
    findings = [f for f in evaluate(load_plan(path), compiled, TODAY) if f.rule_id.startswith("NQ76-BASIS")]
    assert [f.rule_id for f in findings] == ["NQ76-BASIS-OTHER-DATE"]
    line = path.read_text(encoding="utf-8").splitlines()[findings[0].line - 1]
    assert line.strip() == "legal_basis:" and findings[0].pointer == "/plan/legal_basis"
