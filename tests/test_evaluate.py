"""The engine's findings against the plain-Python interpreter of the same
conditions, and the [P] rules against a checker written by hand."""
import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.errors import RuleActionError
from engine.evaluate import CompiledRules, evaluate, evaluate_plain
from tests.conftest import REPO, TODAY
from engine.load import plan_from_data
from tests.plangen import generated_plan, plan_data

REFORM = {"institutions": "THECHE", "procedures": "TTHC", "organisation": "BOMAY", "civil-service": "CONGVU",
          "public-finance": "TAICHINH", "digital-government": "CDS"}


def hand_checked_p_rules(loaded, vocabulary):
    """NQ76 presence rules ([P]) written independently of the rule packs."""
    plan = loaded.plan
    header = plan.plan
    plan_date = header.issued or dt.date(header.period.start, 1, 1)
    if plan_date < dt.date(2021, 7, 15):
        return set()
    expected = set()
    if header.kind in ("annual", "five-year"):
        present = {vocabulary.domain_of(t.domain) for t in plan.tasks} | {vocabulary.domain_of(m.domain) for m in plan.measures}
        expected |= {(f"NQ76-DOM-{code}", domain) for domain, code in REFORM.items() if domain not in present}
    for task in plan.tasks:
        for field, rule in (("owner", "NQ76-TASK-OWNER"), ("output", "NQ76-TASK-OUTPUT"), ("deadline", "NQ76-TASK-DEADLINE")):
            if not (getattr(task, field) or "").strip():
                expected.add((rule, task.id))
    return expected


P_RULES = {f"NQ76-DOM-{code}" for code in REFORM.values()} | {"NQ76-TASK-OWNER", "NQ76-TASK-OUTPUT", "NQ76-TASK-DEADLINE"}


def p_findings(findings):
    return {(f.rule_id, f.task_id or f.domain) for f in findings if f.rule_id in P_RULES}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 50), st.integers(0, 10**6))
def test_engine_equals_interpreter_and_hand_check(ruleset, compiled, n_tasks, seed):
    loaded = generated_plan(n_tasks, seed)
    engine_findings = evaluate(loaded, compiled, TODAY)
    assert engine_findings == evaluate_plain(loaded, ruleset, TODAY)
    assert p_findings(engine_findings) == hand_checked_p_rules(loaded, ruleset.vocabulary)


@pytest.mark.parametrize("n_tasks, seeds", [(500, range(20)), (2000, range(6))])
def test_large_generated_plans(ruleset, compiled, n_tasks, seeds):
    for seed in seeds:
        loaded = generated_plan(n_tasks, 1000 + seed)
        engine_findings = evaluate(loaded, compiled, TODAY)
        assert engine_findings == evaluate_plain(loaded, ruleset, TODAY)
        assert p_findings(engine_findings) == hand_checked_p_rules(loaded, ruleset.vocabulary)


def test_more_evaluations_than_the_engine_has_sessions(ruleset, compiled):
    """The engine holds 1,024 live sessions; each evaluation frees its own."""
    loaded = generated_plan(5, 7)
    first = evaluate(loaded, compiled, TODAY)
    for _ in range(1100):
        assert evaluate(loaded, compiled, TODAY) == first


def test_findings_are_deterministic_and_sorted(ruleset, compiled):
    loaded = generated_plan(200, 3)
    findings = evaluate(loaded, compiled, TODAY)
    assert findings == sorted(findings, key=lambda f: f.sort_key())
    again = evaluate(generated_plan(200, 3), CompiledRules(ruleset), TODAY)
    assert [f.as_dict() for f in findings] == [f.as_dict() for f in again]


def test_fingerprints_survive_renumbering_and_reordering(compiled):
    data = plan_data(6, 11)
    data["waivers"] = []          # waivers name task ids: renumbering rightly makes them stale
    before = {(f.rule_id, f.fingerprint) for f in evaluate(plan_from_data(data, 'p.yaml'), compiled, TODAY)}
    data["tasks"] = list(reversed(data["tasks"]))
    for index, task in enumerate(data["tasks"]):
        task["id"] = f"X{index}"
    after = {(f.rule_id, f.fingerprint) for f in evaluate(plan_from_data(data, 'p.yaml'), compiled, TODAY)}
    assert before == after


def test_an_exception_in_a_rule_action_is_raised_with_the_rule_id(compiled, monkeypatch):
    import engine.evaluate as evaluate_module

    def broken(rule, fact, loaded, lang):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(evaluate_module, "make_finding", broken)
    with pytest.raises(RuleActionError) as caught:
        evaluate(generated_plan(3, 1), compiled, TODAY)
    assert "boom" in str(caught.value) and caught.value.failures[0][0].startswith(("NQ76-", "PAR-"))


def _check_with_broken(tmp_path, name: str, error: str) -> subprocess.CompletedProcess:
    """`cchc check` on the example plan with engine.evaluate's `name` replaced by one that raises."""
    script = (
        "import sys, engine.evaluate as e, engine.cli as cli\n"
        f"def broken(*a): raise {error}\n"
        f"e.{name} = broken\n"
        "sys.argv = ['cchc', 'check', sys.argv[1], '--lang', 'en']\n"
        "cli.main()\n")
    return subprocess.run([sys.executable, "-c", script, str(REPO / "plans" / "vinh-long-2022.yaml")],
                          capture_output=True, text=True, cwd=tmp_path)


def test_a_rule_action_error_is_exit_3_on_the_command_line(tmp_path):
    result = _check_with_broken(tmp_path, "make_finding", "ZeroDivisionError('boom')")
    assert result.returncode == 3
    assert result.stderr.startswith("internal error: rule ") and "boom" in result.stderr
    assert "Traceback" not in result.stderr
    assert "please report it with the file that caused it" in result.stderr


def test_a_fault_of_the_tool_names_its_module_and_asks_for_a_report(tmp_path):
    result = _check_with_broken(tmp_path, "build_facts", "KeyError('domain')")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.startswith("internal error in engine/evaluate.py:")
    assert "(_evaluate): KeyError: 'domain'; this is a fault of cchc-check, not of your file" in result.stderr
