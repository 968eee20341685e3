"""A plan against the parent plan it implements (the cascade pack): finding the parent among the
files of a run or in the plan folders of .cchc.yaml, a missing or broken parent as an info
finding, drafts on either side, the title threshold on both sides, and copying a parent's task
into the child leaving nothing to say about it."""
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings, strategies as st

from engine.cascade import TITLE_MATCH, TitleWords, concerns, same_unit, title_similarity
from engine.check import check
from engine.config import find_config
from engine.errors import InputError
from engine.examples import run_examples
from engine.facts import build_facts
from engine.load import plan_from_data
from engine.parents import ParentLookup, declared_id
from engine.rules import load_ruleset
from tests.conftest import REPO, TODAY
from tests.test_cli import cchc

DRAFT = REPO / "tests" / "drafts" / "ke-hoach-cchc-2027.md"     # names its parent cao-bang-2026-2030

PROVINCE = {
    "plan": {"id": "vinh-long-2021-2025", "title": "Kế hoạch cải cách hành chính nhà nước giai đoạn 2021 - 2025",
             "issuer": "UBND tỉnh Vĩnh Long", "number": "2617/QĐ-UBND", "issued": "2021-09-30",
             "kind": "five-year", "period": {"from": 2021, "to": 2025}, "level": "province"},
    "tasks": [
        {"id": "V.4", "domain": "civil-service", "title": "Tập huấn công tác cải cách hành chính", "owner": "Sở Nội vụ",
         "output": "Lớp tập huấn", "deadline": "Quý II năm 2022"},
        {"id": "IV.3", "domain": "organisation", "title": "Kiểm tra tình hình tổ chức và hoạt động của các cơ quan chuyên môn",
         "owner": "Sở Nội vụ tỉnh Vĩnh Long", "output": "Báo cáo kiểm tra", "deadline": "Quý III năm 2022"},
        {"id": "III.5", "domain": "procedures", "title": "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
         "owner": "Cơ quan, đơn vị", "output": "Báo cáo rà soát", "deadline": "Quý III năm 2022"},
        {"id": "III.8", "domain": "procedures", "title": "Số hóa kết quả giải quyết TTHC", "owner": "UBND cấp xã",
         "output": "Kết quả được số hóa", "deadline": "Quý IV năm 2022"},
    ],
}
AGENCY = {
    "plan": {"id": "so-noi-vu-2022", "title": "Kế hoạch cải cách hành chính năm 2022 của Sở Nội vụ",
             "issuer": "Sở Nội vụ tỉnh Vĩnh Long", "issued": "2021-12-20", "kind": "annual",
             "period": {"from": 2022, "to": 2022}, "level": "agency", "parent": "vinh-long-2021-2025"},
    "tasks": [
        # V.4 copied, with the year and the unit's name added, but due later than the province wants.
        {"id": "1", "domain": "civil-service", "title": "Tập huấn công tác CCHC năm 2022 của Sở Nội vụ",
         "owner": "Phòng Cải cách hành chính", "output": "Lớp tập huấn", "deadline": "Quý IV năm 2022"},
        {"id": "2", "domain": "procedures", "title": "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
         "owner": "Văn phòng Sở", "output": "Báo cáo rà soát", "deadline": "Quý III năm 2022"},
    ],   # IV.3 is missing
}
COMMUNE = {
    "plan": {"id": "xa-tan-hoa-2022", "title": "Kế hoạch cải cách hành chính năm 2022 của UBND xã Tân Hòa",
             "issuer": "UBND xã Tân Hòa", "kind": "annual", "period": {"from": 2022, "to": 2022},
             "level": "commune", "parent": "vinh-long-2021-2025"},
    # III.8, for every commune, is missing, though the plan has procedures work of its own.
    "measures": [{"domain": "procedures", "text": "Công khai TTHC tại Bộ phận Một cửa"}],
    "tasks": [],
}


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def cascade_findings(report) -> dict[str, list[tuple[str, str]]]:
    """plan id → (rule id, message) of its CASCADE findings."""
    return {plan.plan_id: [(f.rule_id, f.message) for f in plan.findings if f.rule_id.startswith("CASCADE-")]
            for plan in report.plans}


def rule_ids(findings) -> list[str]:
    return sorted(rule for rule, _message in findings)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A plan repository: the province's plan in province/, an agency's and a commune's in units/."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / "province" / "vinh-long-2021-2025.yaml", PROVINCE)
    write(tmp_path / "units" / "so-noi-vu-2022.yaml", AGENCY)
    write(tmp_path / "units" / "xa-tan-hoa-2022.yaml", COMMUNE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- the pack's own examples

def test_the_cascade_rules_examples_pass():
    results = [r for r in run_examples(load_ruleset(["cascade"])) if r.rule_id.startswith("CASCADE-")]
    assert len({r.rule_id for r in results}) == 4
    assert all(r.passed for r in results), [r for r in results if not r.passed]


# ---------------------------------------------------------------- finding the parent

def test_the_parent_is_found_among_the_files_of_the_run(repo, ruleset):
    report = check(["province", "units"], ruleset, TODAY, "vi", show_progress=False)
    found = cascade_findings(report)
    # V.4 is copied but due later, IV.3 is missing, III.5 ("Cơ quan, đơn vị") is copied; III.8 is the communes'.
    assert rule_ids(found["so-noi-vu-2022"]) == ["CASCADE-TASK-ASSIGNED", "CASCADE-TASK-DEADLINE"]
    messages = dict(found["so-noi-vu-2022"])
    # The parent's own assignment is cited: plan id, number, date, task id, title, owner, deadline.
    assert messages["CASCADE-TASK-ASSIGNED"] == (
        'Kế hoạch cấp trên số 2617/QĐ-UBND ngày 30/09/2021 giao nhiệm vụ IV.3 "Kiểm tra tình hình '
        'tổ chức và hoạt động của các cơ quan chuyên môn" cho Sở Nội vụ tỉnh Vĩnh Long (thời hạn: Quý III năm 2022); '
        'kế hoạch này không có nhiệm vụ tương ứng.')
    assert "V.4" in messages["CASCADE-TASK-DEADLINE"] and '"Quý IV năm 2022"' in messages["CASCADE-TASK-DEADLINE"]
    assert rule_ids(found["xa-tan-hoa-2022"]) == ["CASCADE-TASK-LEVEL"]
    assert "III.8" in found["xa-tan-hoa-2022"][0][1]
    assert found["vinh-long-2021-2025"] == []


def test_the_parent_is_found_in_the_plan_folders_of_cchc_yaml(repo, ruleset, monkeypatch):
    (repo / ".cchc.yaml").write_text("plans: [province]\n", encoding="utf-8")
    report = check(["units/so-noi-vu-2022.yaml"], ruleset, TODAY, "vi", show_progress=False,
                   config=find_config(Path.cwd()))
    assert rule_ids(cascade_findings(report)["so-noi-vu-2022"]) == ["CASCADE-TASK-ASSIGNED", "CASCADE-TASK-DEADLINE"]
    # From a sub-folder too: .cchc.yaml is searched upward, its folders are relative to it.
    monkeypatch.chdir(repo / "units")
    report = check(["so-noi-vu-2022.yaml"], ruleset, TODAY, "vi", show_progress=False, config=find_config(Path.cwd()))
    assert rule_ids(cascade_findings(report)["so-noi-vu-2022"]) == ["CASCADE-TASK-ASSIGNED", "CASCADE-TASK-DEADLINE"]


def test_a_level_task_in_a_domain_the_plan_lacks_is_said_in_the_domain_finding(repo, ruleset):
    commune = {**COMMUNE, "measures": []}
    write(repo / "units" / "xa-tan-hoa-2022.yaml", commune)
    plan = next(p for p in check(["province", "units"], ruleset, TODAY, "vi", show_progress=False).plans
                if p.plan_id == "xa-tan-hoa-2022")
    assert not [f for f in plan.findings if f.rule_id == "CASCADE-TASK-LEVEL"]
    procedures = next(f for f in plan.findings if f.rule_id == "NQ76-DOM-TTHC")
    assert procedures.message.endswith(
        ' Kế hoạch cấp trên số 2617/QĐ-UBND ngày 30/09/2021 giao nhiệm vụ III.8 "Số hóa kết quả giải quyết TTHC" '
        'cho UBND cấp xã, trong đó có đơn vị này (thời hạn: Quý IV năm 2022).')
    # A domain the parent gives nothing in says only what it said before.
    finance = next(f for f in plan.findings if f.rule_id == "NQ76-DOM-TAICHINH")
    assert finance.message.endswith("của Chương trình tổng thể.")


def test_without_cchc_yaml_the_parent_is_looked_for_beside_the_child(repo, ruleset):
    report = check(["units/so-noi-vu-2022.yaml"], ruleset, TODAY, "vi", show_progress=False)
    assert cascade_findings(report)["so-noi-vu-2022"] == []       # not the plan's defect: a note of the run
    [note] = report.plans.headers()[0].notes
    assert "vinh-long-2021-2025" in note and "CASCADE-* chưa chạy" in note
    shutil.copy(repo / "province" / "vinh-long-2021-2025.yaml", repo / "units")
    report = check(["units/so-noi-vu-2022.yaml"], ruleset, TODAY, "vi", show_progress=False)
    assert report.plans.headers()[0].notes == ()
    assert "CASCADE-TASK-ASSIGNED" in rule_ids(cascade_findings(report)["so-noi-vu-2022"])


def test_the_parent_may_be_named_by_its_number(repo, ruleset):
    child = repo / "units" / "so-noi-vu-2022.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("parent: vinh-long-2021-2025", "parent: 2617/QĐ-UBND"),
                     encoding="utf-8")
    (repo / ".cchc.yaml").write_text("plans: [province]\n", encoding="utf-8")
    report = check(["units/so-noi-vu-2022.yaml"], ruleset, TODAY, "vi", show_progress=False,
                   config=find_config(repo))
    assert report.plans.headers()[0].notes == ()
    assert "CASCADE-TASK-ASSIGNED" in rule_ids(cascade_findings(report)["so-noi-vu-2022"])


def test_a_bad_cchc_yaml_is_an_input_error_at_its_line(repo):
    (repo / ".cchc.yaml").write_text("# plans\nplans:\n  - province\n  - nowhere\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        find_config(repo / "units")
    assert raised.value.line("en").startswith(f"{repo / '.cchc.yaml'}:4:5: plans: 'nowhere' is not a folder")
    (repo / ".cchc.yaml").write_text("plan: [province]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":1:1: unknown key 'plan'.*did you mean 'plans'"):
        find_config(repo)
    result = cchc("check", "units", cwd=repo)
    assert result.returncode == 2 and ".cchc.yaml:1:1" in result.stderr and "Traceback" not in result.stderr


def test_the_search_for_cchc_yaml_stops_at_the_repository_top(repo):
    (repo.parent / ".cchc.yaml").write_text("plans: [elsewhere]\n", encoding="utf-8")
    try:
        assert find_config(repo / "units") is None
    finally:
        (repo.parent / ".cchc.yaml").unlink()


def test_a_missing_or_broken_parent_is_a_note_of_the_run_never_a_finding_or_an_exit_code(repo):
    (repo / "province" / "vinh-long-2021-2025.yaml").unlink()
    shutil.copy(repo / "units" / "so-noi-vu-2022.yaml", repo / "units" / "so-tu-phap-2022.yaml")
    result = cchc("check", "units", "--format", "json", "--rules", "cascade", "--fail-on", "info", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert not [f for p in json.loads(result.stdout)["plans"] for f in p["findings"] if f["rule_id"].startswith("CASCADE")]
    [note] = [line for line in result.stderr.splitlines() if line.startswith("ghi chú: ")]   # once for both plans
    assert '"vinh-long-2021-2025"' in note and "units/so-noi-vu-2022.yaml" in note and "units/so-tu-phap-2022.yaml" in note
    # A file that says it is the parent but is not a valid plan: a note too, not exit 2.
    (repo / "units" / "broken.yaml").write_text("plan:\n  id: vinh-long-2021-2025\n  kind: weekly\n", encoding="utf-8")
    result = cchc("check", "units/so-noi-vu-2022.yaml", "--format", "json", "--rules", "cascade",
                  "--fail-on", "info", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "units/broken.yaml:2:3: thiếu khóa bắt buộc" in result.stderr and "ghi chú: " in result.stderr
    english = cchc("check", "units/so-noi-vu-2022.yaml", "--rules", "cascade", "--lang", "en", cwd=repo)
    assert "note: the parent plan" in english.stderr and "units/broken.yaml:2:3: missing required key" in english.stderr


def test_one_or_two_workers_give_the_same_bytes_with_parents(repo):
    shutil.copy(DRAFT, repo / "units" / "ke-hoach-cchc-2027.md")
    outputs = {}
    for jobs in ("1", "2"):
        result = cchc("check", "province", "units", "--jobs", jobs, "--format", "json", "--today", "2026-11-25",
                      "--no-progress", cwd=repo)
        assert result.returncode in (0, 1), result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    findings = [f["rule_id"] for p in json.loads(outputs["2"])["plans"] for f in p["findings"]]
    assert {"CASCADE-TASK-ASSIGNED", "CASCADE-TASK-DEADLINE", "CASCADE-TASK-LEVEL"} <= set(findings)


# ---------------------------------------------------------------- drafts

def test_a_draft_is_a_parent_by_its_file_name(tmp_path, monkeypatch, ruleset):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "cao-bang-2026-2030.md")
    assert declared_id(tmp_path / "cao-bang-2026-2030.md") == "cao-bang-2026-2030"
    child = {"plan": {"id": "so-noi-vu-cao-bang-2027", "title": "Kế hoạch CCHC năm 2027 của Sở Nội vụ",
                      "issuer": "Sở Nội vụ tỉnh Cao Bằng", "kind": "annual", "period": {"from": 2027, "to": 2027},
                      "level": "agency", "parent": "cao-bang-2026-2030"},
             "tasks": [{"id": "1", "domain": "organisation", "owner": "Phòng Tổ chức", "output": "Báo cáo",
                        "title": "Rà soát chức năng, nhiệm vụ, quyền hạn của các cơ quan chuyên môn thuộc UBND tỉnh sau sắp xếp",
                        "deadline": "Quý I/2027"}]}
    write(tmp_path / "so-noi-vu.yaml", child)
    report = check(["so-noi-vu.yaml"], ruleset, TODAY, "vi", show_progress=False)
    missing = [m for rule, m in cascade_findings(report)["so-noi-vu-cao-bang-2027"] if rule == "CASCADE-TASK-ASSIGNED"]
    # The draft gives Sở Nội vụ III.1-III.3 and IV.1-IV.3; the child carries III.1.
    assert sorted(m.split("giao nhiệm vụ ")[1].split(" ")[0] for m in missing) == ["III.2", "III.3", "IV.1", "IV.2", "IV.3"]
    assert all("số 215/KH-UBND ngày 20/12/2026" in m for m in missing)


def test_a_draft_child_finds_its_parent_and_its_findings_point_into_the_draft(tmp_path, monkeypatch, ruleset):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "ke-hoach-cchc-2027.md")
    parent = {"plan": {"id": "cao-bang-2026-2030", "title": "Kế hoạch CCHC giai đoạn 2026 - 2030",
                       "issuer": "UBND tỉnh Cao Bằng", "number": "98/KH-UBND", "issued": "2025-12-15",
                       "kind": "five-year", "period": {"from": 2026, "to": 2030}},
              "tasks": [{"id": "I.1", "domain": "direction", "title": "Ban hành Kế hoạch kiểm tra cải cách hành chính năm 2027",
                         "owner": "UBND tỉnh", "output": "Kế hoạch", "deadline": "Quý I năm 2027"}]}
    write(tmp_path / "parents" / "cao-bang-2026-2030.yaml", parent)
    report = check(["ke-hoach-cchc-2027.md", "parents"], ruleset, TODAY, "vi", show_progress=False)
    [plan] = [p for p in report.plans if p.plan_id == "ke-hoach-cchc-2027"]
    [finding] = [f for f in plan.findings if f.rule_id.startswith("CASCADE-")]
    assert finding.rule_id == "CASCADE-TASK-ASSIGNED" and "I.1" in finding.message
    assert finding.path == "ke-hoach-cchc-2027.md" and (finding.line or finding.location)


# ---------------------------------------------------------------- who is concerned, and the title threshold

def test_an_owner_is_this_unit_with_or_without_the_province_name():
    assert same_unit("Sở Nội vụ", "Sở Nội vụ tỉnh Vĩnh Long")
    assert same_unit("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Vĩnh Long")
    assert same_unit("UBND tỉnh Vĩnh Long", "Ủy ban nhân dân tỉnh Vĩnh Long")
    assert same_unit("So\u031b\u0309 Nội vụ", "Sở Nội vụ")                       # decomposed Unicode
    assert not same_unit("UBND tỉnh Vĩnh Long", "UBND tỉnh Lạng Sơn")
    assert not same_unit("UBND tỉnh", "UBND thành phố Vĩnh Long")
    assert not same_unit("Sở Nội vụ", "Sở Tư pháp tỉnh Vĩnh Long")


def test_a_task_concerns_the_unit_by_name_or_by_its_level(ruleset):
    vocabulary = ruleset.vocabulary
    assert concerns("Sở Nội vụ, Sở Tư pháp", "Sở Tư pháp tỉnh Vĩnh Long", "agency", vocabulary) == "named"
    assert concerns("Các sở, ban, ngành tỉnh", "Sở Tư pháp tỉnh Vĩnh Long", "agency", vocabulary) == "level"
    assert concerns("Các sở, ban, ngành tỉnh", "UBND xã Tân Hòa", "commune", vocabulary) is None
    assert concerns("Các sở, ban, ngành tỉnh; UBND các xã, phường", "UBND xã Tân Hòa", "commune", vocabulary) == "level"
    assert concerns("Sở Nội vụ", "Sở Tư pháp tỉnh Vĩnh Long", "agency", vocabulary) is None


@pytest.fixture(scope="module")
def titles():
    return TitleWords(["Sở Nội vụ tỉnh Vĩnh Long", "UBND tỉnh Vĩnh Long"], load_ruleset().vocabulary)


@pytest.mark.parametrize("parent, child", [
    ("Tập huấn công tác cải cách hành chính", "Tập huấn công tác CCHC năm 2022 của Sở Nội vụ tỉnh Vĩnh Long"),
    ("Xây dựng Kế hoạch hoạt động kiểm soát TTHC năm 2022 trên địa bàn tỉnh.", "Xây dựng Kế hoạch hoạt động kiểm soát TTHC"),
    ("Tổ chức triển khai thực hiện có hiệu quả kế hoạch tuyên truyền CCHC", "Triển khai kế hoạch tuyên truyền CCHC"),
    ("Số hóa hồ sơ, kết quả giải quyết TTHC", "Số hóa hồ sơ, kết quả giải quyết TTHC thuộc thẩm quyền của Sở"),
])
def test_copied_added_to_or_shortened_titles_match(titles, parent, child):
    assert title_similarity(titles(parent), titles(child)) >= TITLE_MATCH


@pytest.mark.parametrize("parent, child", [
    ("Triển khai kế hoạch tuyên truyền cải cách hành chính", "Triển khai kế hoạch kiểm tra cải cách hành chính"),
    ("Rà soát, đánh giá và đề xuất đơn giản hoá TTHC", "Xây dựng Kế hoạch rà soát, đơn giản hóa TTHC"),
    ("Rà soát, đánh giá và đề xuất đơn giản hoá TTHC", "Rà soát, đơn giản hoá TTHC"),
])
def test_tasks_alike_only_in_common_words_do_not_match(titles, parent, child):
    assert title_similarity(titles(parent), titles(child)) < TITLE_MATCH


def _assignments(ruleset, parent_tasks, child_tasks, issuer="Sở Nội vụ tỉnh Vĩnh Long", level="agency", year=2022):
    parent = plan_from_data({**PROVINCE, "tasks": parent_tasks}, "parent")
    child = plan_from_data({"plan": {**AGENCY["plan"], "issuer": issuer, "level": level,
                                     "period": {"from": year, "to": year}}, "tasks": child_tasks}, "child")
    facts = build_facts(child, ruleset.vocabulary, ruleset.flags, TODAY, ParentLookup("vinh-long-2021-2025", plan=parent))
    return {f["parent_task_id"]: f for f in facts if f["kind"] == "assignment"}


def _task(task_id, title, deadline="Quý III năm 2022", owner="Sở Nội vụ"):
    return {"id": task_id, "domain": "procedures", "title": title, "owner": owner, "output": "Báo cáo", "deadline": deadline}


def test_both_sides_of_the_threshold_through_the_facts(ruleset):
    parent = [_task("P", "Tổ chức triển khai thực hiện có hiệu quả kế hoạch tuyên truyền CCHC")]
    close = _assignments(ruleset, parent, [_task("1", "Triển khai kế hoạch tuyên truyền CCHC năm 2022")])["P"]
    assert close["matched"] and close["task_id"] == "1" and close["title_similarity"] == 88
    other = _assignments(ruleset, parent, [_task("1", "Triển khai kế hoạch kiểm tra CCHC năm 2022")])["P"]
    assert not other["matched"] and other["title_similarity"] < 80


def test_a_child_task_equal_to_one_parent_task_is_not_also_its_near_twin(ruleset):
    iso = "Xây dựng, áp dụng, duy trì cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015"
    parent = [_task("VII.9", iso), _task("VII.10", "Kiểm tra việc " + iso[0].lower() + iso[1:])]
    assert title_similarity(*(TitleWords([], ruleset.vocabulary)(t["title"]) for t in parent)) >= TITLE_MATCH
    found = _assignments(ruleset, parent, [_task("1", parent[1]["title"])])
    assert found["VII.10"]["matched"] and not found["VII.9"]["matched"]


def test_only_tasks_due_in_the_childs_period_are_expected(ruleset):
    parent = [_task("A", "Tập huấn nghiệp vụ", deadline="Quý II năm 2023"), _task("B", "Kiểm tra công vụ", "Thường xuyên")]
    found = _assignments(ruleset, parent, [], year=2022)
    assert found["A"]["in_child_period"] is False and found["B"]["in_child_period"] is True


def test_a_deadline_leaning_on_the_plan_year_is_not_compared(ruleset):
    parent = [_task("A", "Tập huấn nghiệp vụ", deadline="Trong năm")]
    found = _assignments(ruleset, parent, [_task("1", "Tập huấn nghiệp vụ", deadline="Quý IV năm 2022")])
    assert found["A"]["matched"] and "deadline_later" not in found["A"]


# ---------------------------------------------------------------- copying a parent task leaves nothing to say

TITLES = ["Tập huấn công tác cải cách hành chính", "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
          "Xây dựng Kế hoạch hoạt động kiểm soát TTHC năm 2022 trên địa bàn tỉnh",
          "Xây dựng Kế hoạch kiểm tra hoạt động kiểm soát TTHC năm 2022 trên địa bàn tỉnh",
          "Triển khai kế hoạch tuyên truyền cải cách hành chính", "Số hóa kết quả giải quyết TTHC",
          "Kiểm tra việc thực hiện các quy định về quản lý tài sản công", "Tiếp tục sắp xếp các đơn vị sự nghiệp"]
OWNERS = ["Sở Nội vụ", "Sở Nội vụ tỉnh Vĩnh Long", "SỞ NỘI VỤ", "Cơ quan, đơn vị", "Các sở, ban, ngành tỉnh",
          "UBND cấp xã", "UBND các xã, phường", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Sở Nội vụ, Sở Tài chính"]
DEADLINES = ["Quý II năm 2022", "Quý IV năm 2021", "Tháng 6/2023", "30/6/2022", "Năm 2022", "Trong năm",
             "Thường xuyên", "Theo Kế hoạch", "Sớm nhất có thể", "Giai đoạn 2021 - 2025"]

tasks = st.lists(st.tuples(st.sampled_from(TITLES), st.sampled_from(OWNERS), st.sampled_from(DEADLINES)),
                 min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(parent_tasks=tasks, child_tasks=tasks, level=st.sampled_from(["agency", "commune"]),
       year=st.sampled_from([2021, 2022, 2023]), pick=st.integers(0, 5))
def test_a_parent_task_copied_into_the_child_leaves_no_cascade_finding(ruleset, parent_tasks, child_tasks, level,
                                                                       year, pick):
    issuer = "Sở Nội vụ tỉnh Vĩnh Long" if level == "agency" else "UBND xã Tân Hòa"
    parent = [_task(f"P{i}", title, deadline, owner) for i, (title, owner, deadline) in enumerate(parent_tasks)]
    concerned = [t for t in parent if concerns(t["owner"], issuer, level, ruleset.vocabulary)]
    assume(concerned)
    copied = concerned[pick % len(concerned)]
    child = [_task(f"C{i}", title, deadline, "Phòng") for i, (title, _owner, deadline) in enumerate(child_tasks)]
    child.insert(pick % (len(child) + 1), {**copied, "id": "copy", "owner": "Phòng Cải cách hành chính"})
    fact = _assignments(ruleset, parent, child, issuer, level, year)[copied["id"]]
    fired = [rule.id for rule, holds in ruleset.python_conditions if rule.given == "assignment" and holds(fact)]
    assert fired == [], (fact, fired)
