"""`cchc init`: a starting plan that loads, holds every section and domain, cites the legal basis
in force on its date with the agencies of that date, and whose only findings are its placeholders
(PLAN-PLACEHOLDER) — none once they are filled."""
import json

import pytest
import yaml

from tests.test_cli import cchc

PLACEHOLDER = "[Cần điền]"


def init(tmp_path, *args):
    (tmp_path / ".git").mkdir(exist_ok=True)
    result = cchc("init", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def check(tmp_path, text: str, today: str) -> dict:
    (tmp_path / "ke-hoach.yaml").write_text(text, encoding="utf-8")
    result = cchc("check", "ke-hoach.yaml", "--format", "json", "--today", today, "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["plans"][0]


@pytest.mark.parametrize("kind", ["annual", "five-year"])
@pytest.mark.parametrize("today", ["2025-06-01", "2026-12-04"])
@pytest.mark.parametrize("issuer", [None, "UBND tỉnh Vĩnh Long"])
def test_a_fresh_plan_reports_exactly_its_placeholders(tmp_path, kind, today, issuer):
    text = init(tmp_path, "--kind", kind, "--today", today, *(("--issuer", issuer) if issuer else ()))
    findings = check(tmp_path, text, today)["findings"]
    assert {f["rule_id"] for f in findings} == {"PLAN-PLACEHOLDER"}
    assert len(findings) == text.count(f"'{PLACEHOLDER}")           # each value that starts with the marker
    filled = check(tmp_path, text.replace(f"{PLACEHOLDER} ", "").replace("Ủy ban nhân dân tỉnh …", "UBND tỉnh Vĩnh Long"),
                   today)
    assert filled["findings"] == []


def test_every_section_and_domain_with_the_leads_and_basis_of_its_date(tmp_path):
    before = yaml.safe_load(init(tmp_path, "--today", "2024-06-01", "--year", "2025"))
    after = yaml.safe_load(init(tmp_path, "--today", "2026-12-04", "--issuer", "UBND tỉnh Vĩnh Long"))
    assert before["plan"]["period"] == {"from": 2025, "to": 2025} and after["plan"]["period"] == {"from": 2027, "to": 2027}
    assert after["plan"]["id"] == "vinh-long-2027" and after["plan"]["issuer"] == "UBND tỉnh Vĩnh Long"
    assert after["plan"]["sections"] == ["purpose", "targets", "tasks", "organisation", "budget", "reporting"]
    assert [t["domain"] for t in after["tasks"]] == ["direction", "institutions", "procedures", "organisation",
                                                      "civil-service", "public-finance", "digital-government"]
    assert not any("282/QĐ-TTg" in entry for entry in before["plan"]["legal_basis"])
    assert any("282/QĐ-TTg ngày 12/02/2026" in entry for entry in after["plan"]["legal_basis"])
    digital = {plan["plan"]["period"]["from"]: plan["tasks"][-1]["owner"] for plan in (before, after)}
    assert digital == {2025: "Sở Thông tin và Truyền thông", 2027: "Văn phòng UBND tỉnh"}   # merged on 1/3/2025
    five_year = yaml.safe_load(init(tmp_path, "--kind", "five-year", "--today", "2026-12-04"))
    assert five_year["plan"]["period"] == {"from": 2026, "to": 2030} and len(five_year["targets"]) == 6


def test_the_same_options_give_the_same_bytes_and_an_existing_file_is_kept(tmp_path):
    first = init(tmp_path, "--today", "2026-12-04")
    assert init(tmp_path, "--today", "2026-12-04") == first
    target = tmp_path / "ke-hoach.yaml"
    target.write_text("giữ nguyên\n", encoding="utf-8")
    refused = cchc("init", "--output", str(target), cwd=tmp_path)
    assert refused.returncode == 2 and "--force" in refused.stderr and target.read_text(encoding="utf-8") == "giữ nguyên\n"
    assert cchc("init", "--output", str(target), "--force", "--today", "2026-12-04", cwd=tmp_path).returncode == 0
    assert target.read_text(encoding="utf-8") == first
