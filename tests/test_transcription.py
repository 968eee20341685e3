"""A plan file that says which parts of the document it does not hold (plan.not_transcribed): the
rules judging those parts are not applied, the file is told so once, and the rest is judged."""
import json

import yaml

from engine.rules import load_ruleset
from engine.transcription import PARTS, rules_not_applied
from tests.test_cli import cchc

SUMMARY = {
    "plan": {"id": "tom-tat-2026", "title": "Kế hoạch cải cách hành chính năm 2026", "issuer": "UBND tỉnh Vĩnh Long",
             "number": "22/KH-UBND", "kind": "annual", "period": {"from": 2026, "to": 2026}, "level": "province",
             "sections": ["tasks"]},
    "measures": [{"domain": d, "text": "Nội dung tóm tắt"} for d in
                 ("direction", "institutions", "procedures", "organisation", "civil-service", "public-finance",
                  "digital-government")],
}


def _findings(tmp_path, plan):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cchc("check", str(path), "--today", "2026-12-04", "--format", "json", "--fail-on", "never",
                  "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return sorted(f["rule_id"] for f in json.loads(result.stdout)["plans"][0]["findings"]), result.stderr


def test_absent_parts_are_findings_until_the_file_says_it_does_not_hold_them(tmp_path):
    before, said = _findings(tmp_path, SUMMARY)
    assert {"NQ76-BASIS-MISSING", "PAR-BUDGET", "PAR-REPORTING", "PAR-PLAN-DATE-UNKNOWN"} <= set(before)
    assert "chưa chép" not in said
    partial = {**SUMMARY, "plan": {**SUMMARY["plan"], "not_transcribed": ["issued", "legal_basis", "budget",
                                                                           "reporting", "purpose", "organisation"]}}
    after, said = _findings(tmp_path, partial)
    assert not {"NQ76-BASIS-MISSING", "PAR-BUDGET", "PAR-REPORTING", "PAR-PLAN-DATE-UNKNOWN",
                "PAR-SECTION-PURPOSE", "PAR-SECTION-ORGANISATION"} & set(after)
    assert set(after) < set(before)
    assert said.count("chưa chép") == 1
    assert "ngày ký, căn cứ pháp lý, kinh phí, chế độ báo cáo, mục đích, yêu cầu, tổ chức thực hiện" in said


def test_what_the_file_holds_is_still_judged(tmp_path):
    plan = {**SUMMARY, "plan": {**SUMMARY["plan"], "not_transcribed": ["tasks"], "issued": "2025-12-10"},
            "tasks": [{"id": "1", "domain": "procedures", "title": "Rà soát TTHC", "owner": "Các sở, ban, ngành",
                       "output": "Báo cáo", "deadline": "Thường xuyên"}]}
    found, _said = _findings(tmp_path, plan)
    # The tasks typed are judged one by one; only conclusions from the appendix as a whole are not drawn.
    assert "PAR-TASK-LEAD-NAMED" in found or "PAR-TASK-DEADLINE-CONCRETE" in found
    assert "PAR-BUDGET" in found


def test_an_unknown_part_is_refused_with_the_parts_there_are(tmp_path):
    path = tmp_path / "plan.yaml"
    plan = {**SUMMARY, "plan": {**SUMMARY["plan"], "not_transcribed": ["appendix"]}}
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cchc("check", str(path), "--no-progress", cwd=tmp_path)
    assert result.returncode == 2
    assert "not_transcribed" in result.stderr and "legal_basis" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_part_takes_some_rule_out_and_none_takes_out_a_rule_on_other_parts():
    rules = load_ruleset().rules
    for part in PARTS:
        assert rules_not_applied(rules, [part]), part
    # A part never silences the rules about names, deadlines or targets (bar those comparing a
    # deadline with the signing date, which cannot run without it anyway).
    every = rules_not_applied(rules, [part for part in PARTS if part != "issued"])
    assert not {r for r in every if r.startswith(("ORG25-", "PAR-TASK-", "NQ76-TARGET-"))}
