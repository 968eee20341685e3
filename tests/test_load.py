"""Plan files to models: what loads, and the one-line message for what does not."""
import pytest

from engine.errors import InputError
from engine.load import load_plan

HEADER = "plan:\n  id: p\n  title: Kế hoạch\n  kind: annual\n  period: {from: 2022, to: 2022}\n"


def write(tmp_path, text, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, text):
    with pytest.raises(InputError) as caught:
        load_plan(write(tmp_path, text))
    return caught.value


def test_incomplete_plan_loads(tmp_path):
    loaded = load_plan(write(tmp_path, HEADER))
    assert loaded.plan.tasks == [] and loaded.plan.targets == [] and loaded.plan.plan.sections == []
    assert len(loaded.sha256) == 64


def test_blank_owner_is_absent_and_numeric_ids_are_text(tmp_path):
    loaded = load_plan(write(tmp_path, HEADER + "tasks:\n  - {id: 1, title: A, owner: '  '}\n"))
    assert loaded.plan.tasks[0].owner is None and loaded.plan.tasks[0].id == "1"


def test_unknown_key_names_line_key_and_allowed_keys(tmp_path):
    err = refused(tmp_path, HEADER + "tasks:\n  - id: '1'\n    title: A\n    ownr: Sở Nội vụ\n")
    assert err.line("en").startswith(f"{tmp_path / 'plan.yaml'}:9:5: unknown key 'ownr' in tasks[0]")
    assert "owner" in err.fix.en


def test_wrong_type_names_the_value(tmp_path):
    err = refused(tmp_path, HEADER.replace("from: 2022", "from: hai nghìn"))
    assert (err.where.line, "period.from") == (5, "period.from") and "hai nghìn" in err.problem.en


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e400"])
def test_a_target_value_must_be_a_finite_number(tmp_path, value):
    err = refused(tmp_path, HEADER + f"targets:\n  - {{indicator: x, value: {value}, year: 2022}}\n")
    assert err.where.line == 7 and "finite number" in err.problem.en and "số hữu hạn" in err.problem.vi


def test_wrong_kind_lists_the_choices(tmp_path):
    err = refused(tmp_path, HEADER.replace("annual", "yearly"))
    assert err.where.line == 4 and "annual" in err.problem.en


def test_missing_required_key(tmp_path):
    err = refused(tmp_path, "plan:\n  id: p\n  kind: annual\n  period: {from: 2022, to: 2022}\n")
    assert "missing required key 'title' in plan" in err.problem.en and err.where.line == 2


def test_duplicate_task_id(tmp_path):
    err = refused(tmp_path, HEADER + "tasks:\n  - {id: A, title: x}\n  - {id: A, title: y}\n")
    assert err.where.line == 8 and "duplicate task id 'A' (first at line 7)" in err.problem.en


def test_empty_file_and_comment_only_file(tmp_path):
    assert "empty" in refused(tmp_path, "").problem.en
    assert "empty" in refused(tmp_path, "# chỉ có chú thích\n").problem.en


def test_top_level_list(tmp_path):
    assert "not a mapping" in refused(tmp_path, "- a\n- b\n").problem.en


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_plan(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="folder"):
        load_plan(tmp_path)
