"""The example folder plans/examples: its Word draft (written by tests/make_example_draft.py) still
imports to the commune plan it was made as, and the generator writes the same bytes each run."""
from pathlib import Path

from engine.drafts import read_draft
from tests.make_example_draft import APPENDIX, OUTPUT, make

EXPECTED_TASKS = sum(len(tasks) for _, tasks in APPENDIX)


def test_committed_draft_imports_as_the_commune_plan(ruleset):
    assert EXPECTED_TASKS == 11
    data = read_draft(OUTPUT, ruleset.vocabulary).imported.data
    plan = data["plan"]
    assert plan["issuer"] == "UBND xã Phú Quới"
    assert plan["level"] == "commune"
    assert plan["kind"] == "annual"
    assert plan["period"] == {"from": 2027, "to": 2027}
    tasks = data["tasks"]
    assert len(tasks) == EXPECTED_TASKS
    rows = [(title, lead, output, deadline) for _, rows in APPENDIX for title, lead, _, output, deadline in rows]
    assert [(t["title"], t["owner"], t["output"], t["deadline"]) for t in tasks] == rows
    assert tasks[-1]["coordinators"] == ["Sở Thông tin và Truyền thông", "Các phòng chuyên môn"]


def test_generator_is_deterministic(tmp_path: Path):
    first = make(tmp_path / "a.docx").read_bytes()
    second = make(tmp_path / "b.docx").read_bytes()
    assert first == second
