"""The legal basis a plan must cite, by its period, level and signing date."""
import datetime as dt

from engine.evaluate import evaluate
from engine.load import plan_from_data
from tests.conftest import TODAY

NQ76 = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"


def rule_ids(compiled, plan, today=TODAY):
    data = {"plan": {"id": "p", "title": "Kế hoạch cải cách hành chính", "kind": "annual", **plan}}
    return sorted(f.rule_id for f in evaluate(plan_from_data(data, "p.yaml"), compiled, today))


def test_a_2021_2025_plan_signed_after_nq76_must_cite_it(compiled):
    plan = {"kind": "five-year", "period": {"from": 2021, "to": 2025}, "issued": dt.date(2021, 10, 14)}
    assert "NQ76-BASIS-MISSING" in rule_ids(compiled, dict(plan, legal_basis=[]))
    assert "NQ76-BASIS-MISSING" not in rule_ids(compiled, dict(plan, legal_basis=[NQ76]))
    assert "NQ76-BASIS-MISSING" not in rule_ids(compiled, dict(plan, issued=dt.date(2021, 3, 1), legal_basis=[]))


def test_directive_23_is_not_asked_of_a_plan_after_the_first_phase(compiled):
    plan = {"period": {"from": 2022, "to": 2022}, "issued": dt.date(2021, 12, 16), "legal_basis": [NQ76]}
    assert "NQ76-BASIS-CT23" in rule_ids(compiled, plan)
    later = dict(plan, period={"from": 2027, "to": 2027}, issued=dt.date(2026, 12, 10))
    assert "NQ76-BASIS-CT23" not in rule_ids(compiled, later)


def test_decision_282_is_the_provinces_to_cite(compiled):
    plan = {"period": {"from": 2027, "to": 2027}, "issued": dt.date(2026, 12, 10), "legal_basis": [NQ76]}
    assert "NQ76-BASIS-QD282" in rule_ids(compiled, plan)
    for level in ("agency", "commune"):
        assert "NQ76-BASIS-QD282" not in rule_ids(compiled, dict(plan, level=level)), level


def test_a_numbered_plan_without_its_date_is_not_judged_on_the_day_it_is_checked(compiled):
    plan = {"period": {"from": 2027, "to": 2027}, "number": "22/KH-UBND", "legal_basis": [NQ76],
            "issuer": "UBND tỉnh Bến Tre"}
    found = rule_ids(compiled, plan)
    assert "PAR-PLAN-DATE-UNKNOWN" in found
    assert not [r for r in found if r.startswith(("ORG25-PROVINCE-", "NQ76-BASIS-QD282"))]
    draft = {k: v for k, v in plan.items() if k != "number"}
    assert {"ORG25-PROVINCE-BEN-TRE", "NQ76-BASIS-QD282"} <= set(rule_ids(compiled, draft))
