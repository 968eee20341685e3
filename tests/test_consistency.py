"""What a reviewer checks by hand: the plan agreeing with itself, citations that identify their
document, cuts with a base year, a signing date not in the future; and a clean plan, silent."""
import datetime as dt

import yaml

from engine.consistency import title_period
from engine.evaluate import evaluate
from engine.importers.text import import_text
from engine.load import load_plan, plan_from_data
from tests.conftest import PLANS

NQ76 = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"
EXAMPLE_TODAY = dt.date(2026, 12, 4)           # README's evaluation date


def findings(compiled, plan=None, targets=(), today=dt.date(2022, 6, 30)):
    data = {"plan": {"id": "p", "title": "Kế hoạch cải cách hành chính năm 2022", "kind": "annual",
                     "period": {"from": 2022, "to": 2022}, "issued": dt.date(2021, 12, 16),
                     "legal_basis": [NQ76], **(plan or {})}, "targets": list(targets)}
    return {f.rule_id: f for f in evaluate(plan_from_data(data, "p.yaml"), compiled, today)}


def test_the_title_names_another_year(compiled):
    assert "PAR-TITLE-PERIOD" in findings(compiled, {"title": "Kế hoạch cải cách hành chính năm 2021"})
    assert "PAR-TITLE-PERIOD" not in findings(compiled)
    assert title_period("Kế hoạch CCHC năm 2027 thực hiện Kế hoạch giai đoạn 2026 - 2030", 2027, 2027) is True
    assert title_period("Kế hoạch CCHC giai đoạn 2021 - 2025", 2026, 2030) is False


def test_an_appendix_captioned_with_another_number(compiled):
    plan = {"number": "3484/QĐ-UBND",
            "captions": ["Kèm theo Quyết định số 3048/QĐ-UBND ngày 16/12/2021 của Chủ tịch UBND tỉnh Vĩnh Long"]}
    found = findings(compiled, plan)
    assert "3048/QĐ-UBND" in found["PAR-CAPTION-NUMBER"].message
    plan["captions"] = ["Kèm theo Quyết định số 3484/QĐ-UBND ngày 16/12/2021 của Chủ tịch UBND tỉnh Vĩnh Long"]
    assert "PAR-CAPTION-NUMBER" not in findings(compiled, plan)
    plan["captions"] = ["Kèm theo Quyết định số 3484/QĐ-UBND ngày 17/12/2021 của Chủ tịch UBND tỉnh Vĩnh Long"]
    assert "PAR-CAPTION-NUMBER" in findings(compiled, plan)


def test_the_importer_reads_the_appendix_caption(ruleset):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 315/KH-UBND\nVĩnh Long, ngày 20 tháng 11 năm 2026\n"
            "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2027\nCăn cứ " + NQ76 + ";\n"
            "PHỤ LỤC\n(Kèm theo Kế hoạch số 316/KH-UBND ngày 20/11/2026 của UBND tỉnh Vĩnh Long)\n")
    plan = import_text(text, "du-thao.txt", ruleset.vocabulary).data["plan"]
    assert plan["captions"] == ["Kèm theo Kế hoạch số 316/KH-UBND ngày 20/11/2026 của UBND tỉnh Vĩnh Long"]


def test_a_signing_date_after_the_check_date(compiled):
    assert "PAR-PLAN-ISSUED-FUTURE" in findings(compiled, {"issued": dt.date(2023, 12, 16)})
    assert "PAR-PLAN-ISSUED-FUTURE" not in findings(compiled)


def test_a_citation_without_its_date(compiled):
    basis = [NQ76, "Kế hoạch số 22/KH-UBND của UBND tỉnh Vĩnh Long thực hiện công tác CCHC giai đoạn 2026 - 2030",
             "Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư"]
    found = findings(compiled, {"legal_basis": basis})
    assert "22/KH-UBND" in found["PAR-CITATION-UNDATED"].message and "30/2020" not in found["PAR-CITATION-UNDATED"].message
    assert "NQ76-BASIS-UNDATED" not in found
    only_nq76 = findings(compiled, {"legal_basis": ["Nghị quyết số 76/NQ-CP của Chính phủ"]})
    assert "NQ76-BASIS-UNDATED" in only_nq76 and "PAR-CITATION-UNDATED" not in only_nq76   # one finding, not two


def test_a_cut_without_a_base_year(compiled):
    cut = {"value": 20, "year": 2022, "text": "Giảm ít nhất 20% thời gian giải quyết thủ tục hành chính"}
    assert "NQ76-TARGET-CUT-BASELINE" in findings(compiled, targets=[cut])
    based = dict(cut, baseline=2021, text=cut["text"] + " so với năm 2021")
    assert "NQ76-TARGET-CUT-BASELINE" not in findings(compiled, targets=[based])


def test_a_clean_plan_gets_no_finding_at_all(compiled):
    plan = load_plan(PLANS / "examples" / "phuong-long-chau-2027.yaml")
    assert evaluate(plan, compiled, EXAMPLE_TODAY) == []
    data = yaml.safe_load((PLANS / "examples" / "phuong-long-chau-2027.yaml").read_text(encoding="utf-8"))
    data["plan"]["title"] = data["plan"]["title"].replace("2027", "2026")          # and one slip is found
    assert [f.rule_id for f in evaluate(plan_from_data(data, "p.yaml"), compiled, EXAMPLE_TODAY)] == ["PAR-TITLE-PERIOD"]
