"""Rules' own examples (must fire / must not fire), run like `opa test`.

An example is a plan snippet laid over a small complete plan: its `plan:`
keys replace the base header's, its other keys (tasks, measures, …) are used
as they are. A rule about the units of a roster (`given: unit`) has examples
of the form {roster: {...}, plans: [snippet, ...]}: the roster file's content,
and the plans checked beside it, each a snippet as above.

`parent_plan:` (the cascade rules) gives the plan the example implements, as a
snippet laid over the same base plan, its id "example-parent" unless it says
otherwise; the example's `plan.parent` names it unless the example names
another. A `parent_plan` that is not a valid plan stands for a parent that
cannot be read; a `plan.parent` without a `parent_plan`, for one not found.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from engine.errors import InputError, Say
from engine.evaluate import CompiledRules, evaluate
from engine.findings import Finding
from engine.load import LoadedPlan, plan_from_data, validate
from engine.parents import ParentLookup
from engine.report import PlanResult
from engine.roster import LoadedRoster, Roster, roster_result
from engine.rules import RuleSet
from engine.stats import plan_stats
from engine.yamlsource import Document

EXAMPLE_TODAY = dt.date(2022, 6, 30)
PARENT_KEY = "parent_plan"
EXAMPLE_PARENT_ID = "example-parent"
BASE_PLAN = {
    "plan": {
        "id": "example",
        "title": "Kế hoạch cải cách hành chính nhà nước năm 2022",
        "issuer": "UBND tỉnh",
        "issued": dt.date(2021, 12, 16),
        "kind": "annual",
        "period": {"from": 2022, "to": 2022},
        "legal_basis": ["Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"],
    },
}


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    expectation: str          # "fire" or "pass"
    index: int
    passed: bool
    detail: Say               # what happened: the findings of the rule, or why the example is invalid


def example_plan(snippet: dict, name: str) -> LoadedPlan:
    data = _laid_over_base({key: value for key, value in snippet.items() if key != PARENT_KEY})
    if PARENT_KEY in snippet and "parent" not in (snippet.get("plan") or {}):
        data["plan"]["parent"] = _parent_id(snippet[PARENT_KEY])
    return plan_from_data(data, name)


def example_parent(snippet: dict, name: str) -> ParentLookup | None:
    """The parent plan an example gives inline, as `cchc check` would have found it; None when the
    example names no parent."""
    wanted = (snippet.get("plan") or {}).get("parent")
    if PARENT_KEY not in snippet:
        return ParentLookup(str(wanted), searched="example") if wanted else None
    parent = snippet[PARENT_KEY]
    try:
        if not isinstance(parent, dict):
            raise InputError(name, None, Say(f"{PARENT_KEY} không phải ánh xạ", f"{PARENT_KEY} is not a mapping"),
                             Say("đưa kế hoạch cấp trên dạng ánh xạ", "give the parent plan as a mapping"))
        data = _laid_over_base(parent)
        data["plan"]["id"] = _parent_id(parent)
        loaded = plan_from_data(data, f"{name} {PARENT_KEY}")
    except InputError as err:
        return ParentLookup(str(wanted or _parent_id(parent)), problem=err.said(), searched="example")
    return ParentLookup(loaded.plan.plan.id, plan=loaded, searched="example")


def _laid_over_base(snippet: dict) -> dict:
    data = copy.deepcopy(BASE_PLAN)
    for key, value in snippet.items():
        if key == "plan":
            data["plan"].update(value)
        else:
            data[key] = copy.deepcopy(value)
    return data


def _parent_id(parent) -> str:
    plan = parent.get("plan") if isinstance(parent, dict) else None
    return str(plan.get("id", EXAMPLE_PARENT_ID)) if isinstance(plan, dict) else EXAMPLE_PARENT_ID


def run_examples(ruleset: RuleSet) -> list[ExampleResult]:
    compiled = CompiledRules(ruleset)
    results = []
    for rule in ruleset.rules:
        for expectation, snippets in (("fire", rule.examples.fire), ("pass", rule.examples.pass_)):
            for index, snippet in enumerate(snippets):
                name = f"{rule.source} ({rule.id} {expectation}[{index}])"
                try:
                    findings = (_roster_findings(snippet, name, compiled) if rule.given == "unit"
                                else evaluate(example_plan(snippet, name), compiled, EXAMPLE_TODAY,
                                              parent=example_parent(snippet, name)))
                except InputError as err:
                    results.append(ExampleResult(rule.id, expectation, index, False,
                                                 Say("ví dụ không hợp lệ: ", "invalid example: ") + err.problem))
                    continue
                hits = [f for f in findings if f.rule_id == rule.id]
                passed = bool(hits) if expectation == "fire" else not hits
                first = f": {hits[0].message}" if hits else ""
                detail = Say(f"{len(hits)} phát hiện{first}", f"{len(hits)} finding(s){first}")
                results.append(ExampleResult(rule.id, expectation, index, passed, detail))
    return results


def _roster_findings(snippet: dict, name: str, compiled: CompiledRules) -> list[Finding]:
    """The findings about a roster's units, given the plans of the example."""
    document = Document(path=name, data=snippet.get("roster"))
    roster = LoadedRoster(name, "", validate(document, Roster), document)
    plans = []
    for index, plan_snippet in enumerate(snippet.get("plans", [])):
        loaded = example_plan(plan_snippet, f"{name} plan {index}")
        stats = plan_stats(loaded, compiled.ruleset.vocabulary, [], EXAMPLE_TODAY)
        plans.append(PlanResult(loaded.path, loaded.plan.plan.id, loaded.sha256, [], stats=stats))
    return roster_result(roster, plans, compiled, "vi").findings
