"""Rules' own examples (must fire / must not fire), run like `opa test`.

An example is a plan snippet laid over a small complete plan: its `plan:`
keys replace the base header's, its other keys (tasks, measures, …) are used
as they are.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from engine.errors import InputError
from engine.evaluate import CompiledRules, evaluate
from engine.load import LoadedPlan, plan_from_data
from engine.rules import RuleSet

EXAMPLE_TODAY = dt.date(2022, 6, 30)
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
    detail: str


def example_plan(snippet: dict, name: str) -> LoadedPlan:
    data = copy.deepcopy(BASE_PLAN)
    for key, value in snippet.items():
        if key == "plan":
            data["plan"].update(value)
        else:
            data[key] = copy.deepcopy(value)
    return plan_from_data(data, name)


def run_examples(ruleset: RuleSet) -> list[ExampleResult]:
    compiled = CompiledRules(ruleset)
    results = []
    for rule in ruleset.rules:
        for expectation, snippets in (("fire", rule.examples.fire), ("pass", rule.examples.pass_)):
            for index, snippet in enumerate(snippets):
                name = f"{rule.source} ({rule.id} {expectation}[{index}])"
                try:
                    loaded = example_plan(snippet, name)
                except InputError as err:
                    results.append(ExampleResult(rule.id, expectation, index, False, f"invalid example: {err.problem}"))
                    continue
                hits = [f for f in evaluate(loaded, compiled, EXAMPLE_TODAY) if f.rule_id == rule.id]
                passed = bool(hits) if expectation == "fire" else not hits
                detail = f"{len(hits)} finding(s)" + (f": {hits[0].message}" if hits else "")
                results.append(ExampleResult(rule.id, expectation, index, passed, detail))
    return results
