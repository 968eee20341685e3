"""What Python computes before the rules see a plan."""
import datetime as dt

from engine.facts import build_facts, document_field
from engine.load import plan_from_data
from tests.conftest import TODAY


def facts_of(ruleset, plan=None, tasks=(), measures=()):
    header = {"id": "p", "title": "Kế hoạch", "kind": "annual", "period": {"from": 2022, "to": 2022}, **(plan or {})}
    loaded = plan_from_data({"plan": header, "tasks": list(tasks), "measures": list(measures)}, "p.yaml")
    facts = build_facts(loaded, ruleset.vocabulary, ruleset.flags, TODAY)
    return {f["id"]: f for f in facts}


def test_absent_values_are_left_out_never_none(ruleset):
    facts = facts_of(ruleset, tasks=[{"id": "1", "title": "A", "owner": " "}])
    assert all(value is not None for fact in facts.values() for value in fact.values())
    assert "owner" not in facts["task:0"] and "issued" not in facts["plan"]


def test_a_draft_is_dated_from_the_start_of_its_period(ruleset):
    assert facts_of(ruleset)["plan"]["plan_date"] == 20220101
    assert facts_of(ruleset, {"issued": dt.date(2021, 12, 16)})["plan"]["plan_date"] == 20211216


def test_domain_counts_take_headings_and_measures(ruleset):
    facts = facts_of(ruleset, tasks=[{"id": "1", "title": "A", "domain": "3. Cải cách thủ tục hành chính (TTHC)"},
                                     {"id": "2", "title": "B", "domain": "Kinh phí"}],
                     measures=[{"domain": "institutions", "text": "x"}])
    assert (facts["domain:procedures"]["n_tasks"], facts["domain:institutions"]["n_measures"]) == (1, 1)
    assert facts["task:1"]["domain_known"] is False and "domain" not in facts["task:1"]


def test_deadline_facts(ruleset):
    facts = facts_of(ruleset, tasks=[{"id": "1", "title": "A", "deadline": "Năm 2022"},
                                     {"id": "2", "title": "B", "deadline": "Quý II năm 2022"},
                                     {"id": "3", "title": "C", "deadline": "Thường xuyên"}])
    assert facts["task:0"]["deadline_spans_period"] is True
    assert (facts["task:1"]["deadline_start"], facts["task:1"]["deadline_end"]) == (20220401, 20220630)
    assert facts["task:1"]["deadline_spans_period"] is False
    assert facts["task:2"]["deadline_kind"] == "recurring" and "deadline_start" not in facts["task:2"]


def test_named_coordinator_and_vocabulary_flags(ruleset):
    facts = facts_of(ruleset, tasks=[{"id": "1", "title": "A", "owner": "Cơ quan, đơn vị",
                                      "coordinators": ["Cơ quan, đơn vị", "Sở Nội vụ"]}])
    assert facts["task:0"]["named_coordinator"] == "Sở Nội vụ"
    assert facts["task:0"]["owner__generic_owners"] is True


def test_document_flags(ruleset):
    plan = facts_of(ruleset, {"legal_basis": ["Nghị quyết số 76/NQ-CP ngày 15/7/2021"]})["plan"]
    assert plan[document_field("nq76-2021", "cited")] is True
    assert plan[document_field("nq76-2021", "other_date")] is False
