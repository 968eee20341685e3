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
    # Sở Thông tin và Truyền thông leads VII.1 and VII.2 and coordinates III.7 and VII.6 (docs/domain.md §6).
    assert {task for task, _rule in renamed} == {"VII.1", "VII.2", "III.7", "VII.6"}
    assert all(f.suggestion == 'Thay bằng "Sở Khoa học và Công nghệ".' for f in findings
               if f.rule_id == "ORG25-AGENCY-SO-THONG-TIN-VA-TRUYEN-THONG")
    district = [f for f in findings if f.rule_id == "ORG25-DISTRICT-BODY"]
    assert "VIII.1" in {f.task_id for f in district}            # "Các sở, ban ngành tỉnh, UBND cấp huyện"
    assert all(f.severity == "error" for f in district)
    assert [f.rule_id for f in findings if f.rule_id == "ORG25-LAW-2015"] == ["ORG25-LAW-2015"]


def test_a_draft_is_judged_on_the_day_it_is_checked(compiled):
    draft = copy.deepcopy(VINH_LONG)
    del draft["plan"]["issued"], draft["plan"]["number"]        # a draft has neither
    assert org_findings(compiled, draft, today=dt.date(2025, 2, 1)) == []
    assert org_findings(compiled, draft, today=dt.date(2025, 3, 1))


def test_the_longest_name_wins(compiled):
    data = as_2026({"plan": VINH_LONG["plan"], "tasks": [
        {"id": "1", "title": "Kiện toàn", "owner": "Chủ tịch UBND các huyện, thị xã, thành phố"}]})
    names = [f.message for f in org_findings(compiled, data) if f.rule_id.startswith("ORG25-DISTRICT-")]
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


def issued_by(compiled, issuer, title="Kế hoạch cải cách hành chính năm 2026"):
    data = as_2026({"plan": dict(VINH_LONG["plan"], issuer=issuer, title=title, legal_basis=[])})
    return [f.rule_id for f in org_findings(compiled, data)]


def test_a_ward_or_commune_named_after_an_old_province_is_not_the_province(compiled):
    for issuer in ("UBND phường Bến Tre", "Ủy ban nhân dân phường Hòa Bình", "UBND phường Vĩnh Phúc",
                   "UBND phường Trà Vinh", "UBND xã Quảng Bình", "UBND phường Bình Thuận", "UBND phường Hà Giang 1",
                   "Ủy ban nhân dân đặc khu Phú Quý"):
        assert issued_by(compiled, issuer) == [], issuer
    assert issued_by(compiled, "UBND phường Hà Giang 1",
                     "Kế hoạch cải cách hành chính năm 2026 của phường Hà Giang 1, tỉnh Tuyên Quang") == []


def test_every_province_that_disappeared_is_known_with_what_it_became(compiled):
    assert issued_by(compiled, "UBND tỉnh Hải Dương") == ["ORG25-PROVINCE-HAI-DUONG"]
    assert issued_by(compiled, "UBND tỉnh Đăk Nông") == ["ORG25-PROVINCE-DAK-NONG"]
    assert issued_by(compiled, "Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu") == ["ORG25-PROVINCE-BA-RIA-VUNG-TAU"]
    data = as_2026({"plan": dict(VINH_LONG["plan"], issuer="UBND tỉnh Sóc Trăng", legal_basis=[])})
    [finding] = org_findings(compiled, data)
    assert "thành phố Cần Thơ" in finding.message and "tỉnh Sóc Trăng" not in finding.suggestion


def test_thua_thien_hue_became_a_city_on_1_january_2025(compiled):
    data = as_2026({"plan": dict(VINH_LONG["plan"], issuer="UBND tỉnh Thừa Thiên Huế", legal_basis=[])})
    data["plan"]["issued"] = dt.date(2025, 1, 10)
    assert [f.rule_id for f in org_findings(compiled, data)] == ["ORG25-PROVINCE-THUA-THIEN-HUE"]
    data["plan"]["issued"] = dt.date(2024, 12, 20)
    assert org_findings(compiled, data) == []


def one_task(compiled, issued, owner, coordinators=(), legal_basis=()):
    data = as_2026({"plan": dict(VINH_LONG["plan"], legal_basis=list(legal_basis)), "tasks": [
        {"id": "1", "domain": "organisation", "title": "Kiện toàn tổ chức", "owner": owner,
         "coordinators": list(coordinators), "output": "Báo cáo", "deadline": "Quý IV năm 2026"}]})
    data["plan"]["issued"] = issued
    return [(f.rule_id, f.severity) for f in org_findings(compiled, data)]


def test_the_hdnd_ethnic_committee_is_a_live_body(compiled):
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", ["Ban Dân tộc HĐND tỉnh"]) == []
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", ["Ban Dân tộc của Hội đồng nhân dân tỉnh"]) == []
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", ["Ban Dân tộc - Tôn giáo"]) == []
    assert one_task(compiled, dt.date(2026, 1, 5), "Ban Dân tộc tỉnh") == [("ORG25-AGENCY-BAN-DAN-TOC", "warning")]


def test_documents_of_old_bodies_may_be_cited(compiled):
    basis = ["Quyết định số 2568/QĐ-BTTTT ngày 29/12/2023 của Bộ Thông tin và Truyền thông",
             "Nghị quyết số 76/NQ-CP ngày 15/7/2021"]
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", legal_basis=basis) == []
    assert one_task(compiled, dt.date(2026, 1, 5),
                    "Sở Khoa học và Công nghệ (theo Quyết định số 2568/QĐ-BTTTT của Bộ Thông tin và Truyền thông)") == []


def test_a_department_merged_later_in_some_provinces_is_a_warning_until_july_2025(compiled):
    assert one_task(compiled, dt.date(2025, 4, 15), "Sở Tài nguyên và Môi trường") == [
        ("ORG25-AGENCY-SO-TAI-NGUYEN-VA-MOI-TRUONG-TRANSITION", "warning")]
    assert one_task(compiled, dt.date(2025, 7, 1), "Sở Tài nguyên và Môi trường") == [
        ("ORG25-AGENCY-SO-TAI-NGUYEN-VA-MOI-TRUONG", "error")]
    assert one_task(compiled, dt.date(2025, 4, 15), "Sở Giao thông công chính") == []    # TP HCM's, until 30/4/2025
    assert one_task(compiled, dt.date(2025, 5, 15), "Sở Giao thông công chính") == [
        ("ORG25-AGENCY-SO-GIAO-THONG-CONG-CHINH-TRANSITION", "warning")]
    assert one_task(compiled, dt.date(2025, 4, 15), "Bộ Kế hoạch và Đầu tư") == [
        ("ORG25-AGENCY-BO-KE-HOACH-VA-DAU-TU", "error")]


def test_other_spellings_of_abolished_departments(compiled):
    for spelling in ("Sở Lao động, Thương binh và Xã hội", "Sở LĐ-TB&XH", "Sở Lao động Thương binh và Xã hội"):
        assert one_task(compiled, dt.date(2026, 1, 5), spelling) == [
            ("ORG25-AGENCY-SO-LAO-DONG-THUONG-BINH-VA-XA-HOI", "error")], spelling


def test_a_district_body_given_a_task_is_an_error_a_mention_a_warning(compiled):
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", ["UBND các huyện, thị xã, thành phố"]) == [
        ("ORG25-DISTRICT-BODY", "error")]
    assert one_task(compiled, dt.date(2026, 1, 5), "Phòng Nội vụ thuộc UBND huyện") == [
        ("ORG25-DISTRICT-BODY", "error")]
    data = as_2026({"plan": dict(VINH_LONG["plan"], legal_basis=[]), "tasks": [], "targets": [
        {"domain": "digital-government", "value": 80, "year": 2026,
         "text": "80% hồ sơ công việc tại cấp huyện được xử lý trên môi trường mạng"}]})
    assert [(f.rule_id, f.severity) for f in org_findings(compiled, data)] == [("ORG25-DISTRICT-LEVEL", "warning")]


def test_replaced_laws_by_the_date_the_plan_is_signed(compiled):
    law_2015 = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    law_65 = "Luật Tổ chức chính quyền địa phương số 65/2025/QH15"
    assert one_task(compiled, dt.date(2025, 2, 20), "Sở Nội vụ", legal_basis=[law_2015]) == []
    assert one_task(compiled, dt.date(2025, 3, 5), "Sở Nội vụ", legal_basis=[law_2015]) == [("ORG25-LAW-2015", "warning")]
    assert one_task(compiled, dt.date(2025, 5, 5), "Sở Nội vụ", legal_basis=[law_65]) == []
    assert one_task(compiled, dt.date(2025, 6, 16), "Sở Nội vụ", legal_basis=[law_65]) == [("ORG25-LAW-65-2025", "warning")]
    current = "Luật Tổ chức chính quyền địa phương ngày 16/6/2025"
    assert one_task(compiled, dt.date(2026, 1, 5), "Sở Nội vụ", legal_basis=[current]) == []
