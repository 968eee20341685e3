"""The audit summary: per-plan figures that agree with the rules, in JSON, text, Markdown, HTML
and the one-row-per-plan CSV."""
import csv
import io
import json
import re

import pytest
import yaml

from tests.test_cli import cchc

TODAY = "2027-06-20"
BASE = {
    "plan": {"id": "so-noi-vu-2027", "title": "Kế hoạch cải cách hành chính năm 2027", "issuer": "Sở Nội vụ tỉnh Hà Tĩnh",
             "issued": "2026-12-15", "kind": "annual", "period": {"from": 2027, "to": 2027}, "level": "agency",
             "legal_basis": ["Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"]},
    "tasks": [
        {"id": "1", "domain": "institutions", "title": "Rà soát văn bản", "owner": "Phòng Pháp chế",
         "output": "Báo cáo rà soát", "deadline": "Quý II năm 2027"},
        {"id": "2", "domain": "procedures", "title": "Công bố TTHC", "owner": "Cơ quan, đơn vị",
         "coordinators": ["Văn phòng UBND tỉnh"], "output": "Quyết định của Chủ tịch UBND tỉnh",
         "deadline": "Thường xuyên"},
        {"id": "3", "domain": "procedures", "title": "Số hóa hồ sơ", "owner": "Văn phòng Sở",
         "output": "Báo cáo kết quả thực hiện", "deadline": "Theo Kế hoạch của tỉnh"},
        {"id": "4", "domain": "civil-service", "title": "Tập huấn", "owner": "Phòng Tổ chức",
         "deadline": "Tháng 9/2027"},
    ],
    "measures": [{"domain": "digital-government", "text": "Đẩy mạnh chuyển đổi số."}],
    "waivers": [
        {"rule": "PAR-TASK-LEAD-NAMED", "task": "2", "task_title": "Công bố TTHC", "reason": "Giao chung có chủ đích",
         "approved_by": "Giám đốc Sở", "expires": "2027-07-10"},                       # active, expiring
        {"rule": "PAR-TASK-DEADLINE-CONCRETE", "task": "1", "reason": "x", "approved_by": "y",
         "expires": "2027-12-31"},                                                      # unused
        {"rule": "PAR-TASK-DEADLINE-CONCRETE", "task": "3", "reason": "x", "approved_by": "y",
         "expires": "2027-01-31"},                                                      # expired
        {"rule": "PAR-TASK-OUTPUT-CONCRETE", "task": "3", "task_title": "Số hóa hồ sơ cũ", "reason": "x",
         "approved_by": "y", "expires": "2027-12-31"},                                  # stale
        {"rule": "PAR-TASK-OUTPUT-CONCRETE", "task": "3", "expires": "2027-12-31"},     # incomplete
    ],
}


@pytest.fixture
def folder(tmp_path):
    plans = tmp_path / "ha-tinh"
    plans.mkdir()
    (plans / "so-noi-vu-2027.yaml").write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    other = json.loads(json.dumps(BASE))
    other["plan"].update(id="xa-thach-ha-2027", issuer="UBND xã Thạch Hà", level="commune")
    other["tasks"] = other["tasks"][:1]
    del other["measures"], other["waivers"]
    (plans / "xa-thach-ha-2027.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    return plans


def _run(folder, *options):
    result = cchc("check", str(folder), "--today", TODAY, "--fail-on", "never", *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_per_plan_figures_agree_with_the_rules(folder):
    report = json.loads(_run(folder, "--format", "json"))
    plan = next(p for p in report["plans"] if p["plan_id"] == "so-noi-vu-2027")
    summary = plan["summary"]
    assert (summary["issuer"], summary["level"], summary["kind"], summary["period"]) == (
        "Sở Nội vụ tỉnh Hà Tĩnh", "agency", "annual", {"from": 2027, "to": 2027})
    # Task 2's lead is generic, task 4 has no output and task 3's a generic one, tasks 2 and 3 have
    # deadlines that are not a completion point ("Thường xuyên"; "Theo Kế hoạch của tỉnh").
    assert (summary["tasks"], summary["owner_named"], summary["output_concrete"], summary["deadline_concrete"]) == (4, 3, 2, 2)
    fired = {(f["rule_id"], f["task_id"]) for f in plan["findings"]}
    assert {("PAR-TASK-LEAD-NAMED", "2"), ("NQ76-TASK-OUTPUT", "4"), ("PAR-TASK-OUTPUT-CONCRETE", "3"),
            ("PAR-TASK-DEADLINE-CONCRETE", "2"), ("PAR-TASK-DEADLINE-CONCRETE", "3")} <= fired
    domains = summary["domains"]
    assert list(domains) == ["direction", "institutions", "procedures", "organisation", "civil-service",
                             "public-finance", "digital-government"]
    assert domains["procedures"]["tasks"] == 2 and domains["procedures"]["present"]
    assert domains["digital-government"] == {"tasks": 0, "measures": 1, "present": True, "errors": 0,
                                             "warnings": 0, "infos": 0, "worst": None}
    assert not domains["organisation"]["present"] and domains["organisation"]["worst"] == "error"
    # Waived findings are not counted against their domain.
    assert domains["procedures"]["warnings"] == sum(
        1 for f in plan["findings"] if f["domain"] == "procedures" and f["severity"] == "warning" and not f.get("waived"))
    assert summary["waivers"] == {"total": 5, "active": 1, "expiring": 1, "expired": 1, "unused": 1, "stale": 1,
                                  "incomplete": 1}
    totals = report["summary"]
    assert totals["plans"] == 2 and totals["tasks"] == 5
    assert totals["domains"]["institutions"] == 2 and totals["domains"]["digital-government"] == 1
    assert totals["waivers"]["total"] == 5


def test_text_and_markdown_summaries_for_several_plans(folder):
    text = _run(folder, "--lang", "en")
    assert "Summary by plan:" in text
    line = next(row for row in text.splitlines() if "so-noi-vu-2027.yaml —" in row)
    assert "Sở Nội vụ tỉnh Hà Tĩnh (agency, 2027): 4 task(s); domains 4/6" in line
    assert "named lead 75%, concrete output 50%, concrete deadline 50%" in line
    assert "Waivers: 5 (active 1, expiring 1, expired 1, unused 1, stale 1, without reason or approver 1)" in text
    markdown = _run(folder, "--format", "markdown", "--lang", "en")
    assert "### Domains by plan" in markdown and "**missing**" in markdown
    row = next(r for r in markdown.splitlines() if r.startswith("| `") and "so-noi-vu-2027.yaml` | Sở Nội vụ" in r)
    assert "| agency | 2027 | 4 | 4/6 | 75% | 50% | 50% |" in row
    # One plan alone: no audit summary.
    single = cchc("check", str(folder / "xa-thach-ha-2027.yaml"), "--today", TODAY, "--fail-on", "never", "--lang", "en")
    assert "Summary by plan" not in single.stdout


def test_csv_summary_is_one_row_per_plan_with_a_bom(folder):
    data = _run(folder, "--format", "csv-summary", "--lang", "en").encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["plan"] for r in rows] == ["so-noi-vu-2027", "xa-thach-ha-2027"]
    first = rows[0]
    assert (first["issuer"], first["level"], first["tasks"], first["named lead (%)"], first["concrete output (%)"]) == (
        "Sở Nội vụ tỉnh Hà Tĩnh", "agency", "4", "75", "50")
    assert first["domains missing"] == "Reform of the state administrative apparatus; Public finance reform"
    assert first["waivers stale"] == "1" and first["waivers expiring"] == "1"
    assert _run(folder, "--format", "csv-summary", "--lang", "en") == data.decode("utf-8")   # deterministic


def test_html_heat_map_has_a_row_per_plan_linking_to_its_findings(folder):
    html = _run(folder, "--format", "html")
    svg = re.search(r'<svg class="heatmap".*?</svg>', html, re.S).group(0)
    links = re.findall(r'<a href="#(plan-\d+)">', svg)
    assert len(links) == 2 and all(f'id="{anchor}"' in html for anchor in links)
    assert svg.count("<rect") == 2 * (1 + 7)           # "general", then the seven domains
    assert "#b42318" in svg and "Tổng hợp theo kế hoạch" in html and "Miễn trừ" in html
