"""Rule packs: loading, instantiation, and the file:line message for a bad pack."""
import shutil

import pytest

from engine.errors import InputError
from engine.evaluate import CompiledRules, evaluate
from engine.examples import EXAMPLE_TODAY, example_plan
from engine.resources import rules_dir
from engine.rules import TAG_MAX_SEVERITY, SEVERITY_RANK, builtin_packs, load_ruleset


def test_builtin_packs_and_prefixes(ruleset):
    assert builtin_packs() == ["cascade", "nq76", "org-2025", "par"]
    prefixes = {p.meta.id: p.meta.prefix for p in ruleset.packs}
    for rule in ruleset.rules:
        assert rule.id.startswith(prefixes[rule.pack])


def test_domain_rule_is_instantiated_once_per_reform_domain(ruleset):
    template = ruleset.rule("NQ76-DOM-THECHE").source      # one rule written once …
    ids = sorted(r.id for r in ruleset.rules if r.source == template)
    assert ids == ["NQ76-DOM-BOMAY", "NQ76-DOM-CDS", "NQ76-DOM-CONGVU", "NQ76-DOM-TAICHINH",
                   "NQ76-DOM-THECHE", "NQ76-DOM-TTHC"]
    assert "Cải cách thể chế" in ruleset.rule("NQ76-DOM-THECHE").message.vi


def test_no_rule_is_stronger_than_its_tag(ruleset):
    for rule in ruleset.rules:
        assert SEVERITY_RANK[rule.severity] <= SEVERITY_RANK[TAG_MAX_SEVERITY[rule.tag]], rule.id
        assert rule.reference.vi and rule.reference.en and rule.rationale.vi


@pytest.fixture
def user_pack(tmp_path):
    """A copy of the par pack, to edit."""
    target = tmp_path / "mypack"
    shutil.copytree(rules_dir() / "par", target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_phrase_added_to_the_pack_yaml_makes_the_rule_fire(user_pack):
    snippet = {"tasks": [{"id": "1", "domain": "procedures", "title": "Rà soát", "owner": "Tổ công tác liên ngành",
                          "coordinators": ["Văn phòng UBND tỉnh"], "output": "Quyết định của Chủ tịch UBND tỉnh",
                          "deadline": "Quý II năm 2022"}]}
    loaded = example_plan(snippet, "example")

    def lead_findings(ruleset):
        return [f for f in evaluate(loaded, CompiledRules(ruleset), EXAMPLE_TODAY) if f.rule_id == "PAR-TASK-LEAD-NAMED"]

    assert lead_findings(load_ruleset([str(user_pack)])) == []
    _edit(user_pack / "pack.yaml", "        - Các địa phương\n", "        - Các địa phương\n        - Tổ công tác liên ngành\n")
    assert len(lead_findings(load_ruleset([str(user_pack)]))) == 1


def test_a_deadline_phrase_added_to_the_pack_yaml_changes_its_kind(user_pack):
    snippet = {"tasks": [{"id": "1", "domain": "procedures", "title": "Rà soát", "owner": "Sở Nội vụ",
                          "output": "Báo cáo", "deadline": "Khi có chỉ đạo"}]}
    loaded = example_plan(snippet, "example")
    rule_ids = lambda rs: {f.rule_id for f in evaluate(loaded, CompiledRules(rs), EXAMPLE_TODAY)}
    assert "PAR-TASK-DEADLINE-UNPARSED" in rule_ids(load_ruleset([str(user_pack)]))
    _edit(user_pack / "pack.yaml", "      - Khi có yêu cầu\n", "      - Khi có yêu cầu\n      - Khi có chỉ đạo\n")
    after = rule_ids(load_ruleset([str(user_pack)]))
    assert "PAR-TASK-DEADLINE-CONCRETE" in after and "PAR-TASK-DEADLINE-UNPARSED" not in after


@pytest.mark.parametrize("old, new, message", [
    ("    severity: info\n    tag: none\n", "    severity: warning\n    tag: none\n", "stronger than tag [none] allows"),
    ("when: {field: deadline_kind, eq: unparsed}", "when: {field: deadlne_kind, eq: unparsed}", "'deadlne_kind' is not a field of task facts"),
    ("- {field: owner, matches: generic_owners}", "- {field: owner, matches: generic_owner}", "unknown vocabulary 'generic_owner'"),
    ("when: {field: deadline_kind, eq: unparsed}", "when: {field: deadline_kind, eq: 3}", "holds str values"),
    ("  - id: PAR-TASK-LEAD-NAMED\n", "  - id: NQ76-TASK-LEAD-NAMED\n", "does not start with the pack's prefix PAR-"),
    ("  - id: PAR-TASK-LEAD-NAMED\n", "  - id: PAR-TASK-DEADLINE-UNPARSED\n", "is already defined at"),
    ("\"Nhiệm vụ {task_id}: cơ quan", "\"Nhiệm vụ {task}: cơ quan", "placeholder {task} is not a field"),
    ("    given: task\n    when:\n      all:\n        - {field: owner", "    giv: task\n    when:\n      all:\n        - {field: owner",
     "unknown key 'giv'"),
])
def test_bad_rule_files_are_input_errors_at_their_line(user_pack, old, new, message):
    _edit(user_pack / "tasks.yaml", old, new)
    with pytest.raises(InputError) as caught:
        load_ruleset([str(user_pack)])
    assert message in caught.value.line("en")
    assert caught.value.line("en").startswith(str(user_pack / "tasks.yaml") + ":")
    assert caught.value.where.line > 1


def test_unknown_pack_name():
    with pytest.raises(InputError, match="neither a built-in rule pack"):
        load_ruleset(["nosuchpack"])


def _own_pack(tmp_path, pack_yaml, rules_yaml=None):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    if rules_yaml:
        (folder / "rules.yaml").write_text(rules_yaml, encoding="utf-8")
    return folder


OWN_HEADER = "pack:\n  id: own\n  version: 1.0.0\n  prefix: OWN-\n  title: {vi: Riêng, en: Own}\n"


def test_a_pack_extends_another_and_overrides_its_rules(tmp_path):
    folder = _own_pack(tmp_path, OWN_HEADER + """  extends: [par]
  overrides:
    - {rule: PAR-TASK-LEAD-NAMED, enabled: false, reason: "Tỉnh giao cơ quan, đơn vị chủ trì có chủ đích"}
    - {rule: PAR-TASK-DEADLINE-CONCRETE, severity: info, reason: "Chỉ nhắc, không chặn"}
""")
    ruleset = load_ruleset([str(folder)])
    ids = {rule.id for rule in ruleset.rules}
    assert "PAR-TASK-LEAD-NAMED" not in ids and "PAR-TASK-DEADLINE-UNPARSED" in ids
    assert not any(i.startswith("NQ76-") for i in ids)
    regraded = ruleset.rule("PAR-TASK-DEADLINE-CONCRETE")
    assert regraded.severity == "info" and regraded.override == "own: Chỉ nhắc, không chặn"


@pytest.mark.parametrize("pack_yaml, message", [
    (OWN_HEADER + "  extends: [khong-co]\n", "extends 'khong-co'"),
    (OWN_HEADER + "  extends: [par]\n  overrides:\n    - {rule: PAR-NOPE, severity: info, reason: x}\n",
     "override of unknown rule PAR-NOPE"),
    (OWN_HEADER + "  extends: [par]\n  overrides:\n    - {rule: PAR-PLAN-ISSUED-LATE, severity: error, reason: x}\n",
     "stronger than its tag [U] allows"),
    (OWN_HEADER + "  extends: [par]\n  overrides:\n    - {rule: PAR-TASK-LEAD-NAMED, reason: x}\n",
     "sets 'severity' or 'enabled: false'"),
])
def test_bad_pack_composition(tmp_path, pack_yaml, message):
    folder = _own_pack(tmp_path, pack_yaml)
    with pytest.raises(InputError) as caught:
        load_ruleset([str(folder)])
    assert message in caught.value.line("en") and caught.value.line("en").startswith(str(folder / "pack.yaml") + ":")


def test_a_rule_id_clash_between_packs_names_both_places(tmp_path, user_pack):
    folder = _own_pack(tmp_path, OWN_HEADER.replace("prefix: OWN-", "prefix: PAR-"),
                       (user_pack / "tasks.yaml").read_text(encoding="utf-8"))
    with pytest.raises(InputError) as caught:
        load_ruleset(["par", str(folder)])
    line = caught.value.line("en")
    assert line.startswith(str(folder / "rules.yaml") + ":") and "already defined at rules/par/tasks.yaml:" in line


def test_packs_extending_each_other_in_a_circle(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, other in ((first, "../b"), (second, "../a")):
        folder.mkdir()
        (folder / "pack.yaml").write_text(OWN_HEADER.replace("id: own", f"id: {folder.name}")
                                          + f"  extends: [{other}]\n", encoding="utf-8")
    with pytest.raises(InputError, match="in a circle"):
        load_ruleset([str(first)])
