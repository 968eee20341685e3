"""Names that no longer exist after the 2025 reorganisation, by the plan's date."""
import copy
import datetime as dt

import yaml
from hypothesis import given, settings, strategies as st

from engine.evaluate import evaluate
from engine.load import load_plan, plan_from_data
from tests.conftest import PLANS, TODAY

VINH_LONG = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))


def org_findings(compiled, data, today=TODAY):
    return [f for f in evaluate(plan_from_data(data, "p.yaml"), compiled, today) if f.rule_id.startswith("ORG25-")]


def as_2026(data):
    moved = copy.deepcopy(data)
    moved["plan"].update(issued=dt.date(2025, 12, 20), period={"from": 2026, "to": 2026})
    return moved


def test_vinh_long_2022_names_were_right_in_2021(compiled):
    findings = evaluate(load_plan(PLANS / "vinh-long-2022.yaml"), compiled, TODAY)
    assert [f for f in findings if f.rule_id.startswith("ORG25-")] == []


def test_the_same_tasks_in_a_2026_plan_get_them(compiled):
    findings = org_findings(compiled, as_2026(VINH_LONG))
    renamed = {(f.task_id, f.rule_id) for f in findings if f.rule_id.startswith("ORG25-AGENCY-")}
    # Sở Thông tin và Truyền thông leads VII.1 and VII.2 and coordinates III.7 and VII.6 (DOMAIN.md §6).
    assert {task for task, _rule in renamed} == {"VII.1", "VII.2", "III.7", "VII.6"}
    assert all(f.suggestion == 'Thay bằng "Sở Khoa học và Công nghệ".' for f in findings
               if f.rule_id == "ORG25-AGENCY-SO-THONG-TIN-VA-TRUYEN-THONG")
    district = [f for f in findings if f.rule_id == "ORG25-DISTRICT-LEVEL"]
    assert "VIII.1" in {f.task_id for f in district}            # "Các sở, ban ngành tỉnh, UBND cấp huyện"
    assert [f.rule_id for f in findings if f.rule_id == "ORG25-LAW-2015"] == ["ORG25-LAW-2015"]


def test_a_draft_is_judged_on_the_day_it_is_checked(compiled):
    draft = copy.deepcopy(VINH_LONG)
    del draft["plan"]["issued"]
    assert org_findings(compiled, draft, today=dt.date(2025, 2, 1)) == []
    assert org_findings(compiled, draft, today=dt.date(2025, 3, 1))


def test_the_longest_name_wins(compiled):
    data = as_2026({"plan": VINH_LONG["plan"], "tasks": [
        {"id": "1", "title": "Kiện toàn", "owner": "Chủ tịch UBND các huyện, thị xã, thành phố"}]})
    names = [f.message for f in org_findings(compiled, data) if f.rule_id == "ORG25-DISTRICT-LEVEL"]
    assert len(names) == 1 and "Chủ tịch UBND các huyện, thị xã, thành phố" in names[0]


def test_a_merged_province_as_issuer(compiled):
    data = as_2026({"plan": dict(VINH_LONG["plan"], issuer="UBND tỉnh Vĩnh Phúc", legal_basis=[])})
    assert [f.rule_id for f in org_findings(compiled, data)] == ["ORG25-PROVINCE-VINH-PHUC"]
    data["plan"]["issuer"] = "UBND tỉnh Phú Thọ"
    assert org_findings(compiled, data) == []


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_renaming_an_abolished_agency_to_its_new_name_removes_the_finding(ruleset, compiled, data):
    item = data.draw(st.sampled_from(ruleset.vocabulary.mention_items("renamed_agencies")))
    task = {"id": "1", "domain": "organisation", "title": "Phối hợp thực hiện", "owner": item["name"],
            "output": "Báo cáo", "deadline": "Quý II năm 2026"}
    plan = as_2026({"plan": VINH_LONG["plan"], "tasks": [task]})
    rule_id = f"ORG25-AGENCY-{item['code']}"
    assert rule_id in {f.rule_id for f in org_findings(compiled, plan)}
    plan["tasks"][0]["owner"] = item["new"]
    assert rule_id not in {f.rule_id for f in org_findings(compiled, plan)}
