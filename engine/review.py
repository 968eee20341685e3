"""The reviewer's view of one checked plan (`cchc serve`): the plan as the tool read it, with each
finding placed beside what it concerns.

A finding's JSON pointer says what it is about: `/tasks/N…` a row of the task table, `/targets/N…`
a target, `/measures/N…` a measure, `/plan/…` the header (legal basis, sections, reporting…);
anything else (a domain with no task, the plan as a whole) is about the plan in general. Each
finding keeps its number in the report's order (`f-1`, `f-2`…), so the page can list them all
and lead from one to its row. The national floors shown are those of the packs' indicator
catalogue whose years meet the plan's period, each beside the plan's own targets for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.findings import Finding
from engine.load import LoadedPlan
from engine.report import PlanResult
from engine.vocab import Vocabulary

_PLACE = re.compile(r"^/(tasks|targets|measures)/(\d+)(?:/|$)")


@dataclass
class Placed:
    """Findings by what they concern: numbers into the plan's findings (1-based, report order)."""
    tasks: dict[int, list[int]] = field(default_factory=dict)
    targets: dict[int, list[int]] = field(default_factory=dict)
    measures: dict[int, list[int]] = field(default_factory=dict)
    header: list[int] = field(default_factory=list)
    general: list[int] = field(default_factory=list)
    leads: list[str | None] = field(default_factory=list)      # each finding's row: "task-3", or None


def place_findings(findings: list[Finding]) -> Placed:
    placed = Placed()
    for number, finding in enumerate(findings, start=1):
        match = _PLACE.match(finding.pointer or "")
        if match:
            getattr(placed, match.group(1)).setdefault(int(match.group(2)), []).append(number)
            placed.leads.append(f"{match.group(1)[:-1]}-{match.group(2)}")
            continue
        placed.leads.append(None)
        if (finding.pointer or "").startswith("/plan"):
            placed.header.append(number)
        else:
            placed.general.append(number)
    return placed


def review(loaded: LoadedPlan, result: PlanResult, vocabulary: Vocabulary, lang: str) -> dict:
    """What serve.j2 shows of one plan; every string is the plan's own (escaped by the template)."""
    plan = loaded.plan
    placed = place_findings(result.findings)
    present = set(result.stats.present()) if result.stats else set()
    tasks = [{"row": index, "id": task.id, "title": task.title, "domain": vocabulary.domain_of(task.domain),
              "domain_name": _domain_name(vocabulary, task.domain, lang), "owner": task.owner, "coordinators": task.coordinators,
              "output": task.output, "deadline": task.deadline, "findings": placed.tasks.get(index, [])}
             for index, task in enumerate(plan.tasks)]
    return {
        "header": plan.plan, "placed": placed, "tasks": tasks,
        "measures": [{"row": index, "id": measure.id, "domain_name": _domain_name(vocabulary, measure.domain, lang),
                      "text": measure.text, "findings": placed.measures.get(index, [])}
                     for index, measure in enumerate(plan.measures)],
        "domains": [{"id": domain.id, "name": getattr(domain, lang),
                     "reform": domain.reform, "present": domain.id in present}
                    for domain in vocabulary.domains.values()],
        "targets": [{"row": index, "target": target, "findings": placed.targets.get(index, [])}
                    for index, target in enumerate(plan.targets)],
        "floors": floors_for(plan, vocabulary, lang),
    }


def _domain_name(vocabulary: Vocabulary, text: str | None, lang: str) -> str:
    """A domain's name in `lang`; a heading the packs do not know, as written."""
    domain = vocabulary.domain_of(text)
    return getattr(vocabulary.domains[domain], lang) if domain else (text or "")


def floors_for(plan, vocabulary: Vocabulary, lang: str) -> list[dict]:
    """The national floors for the plan's years, each with the plan's targets for its indicator."""
    period = plan.plan.period
    by_indicator: dict[str, list[int]] = {}
    for index, target in enumerate(plan.targets):
        if target.indicator:
            by_indicator.setdefault(target.indicator, []).append(index)
    rows = []
    for item in vocabulary.floor_items():
        if item["year_from"] <= period.end and item["year_to"] >= period.start:
            rows.append({"indicator": item["indicator"], "name": item[f"indicator_{lang}"], "unit": item["unit"],
                         "comparator": item["comparator"], "value": item["value"], "horizon": item["horizon"],
                         "reference": item[f"reference_{lang}"], "severity": item["severity"],
                         "targets": by_indicator.get(item["indicator"], [])})
    return rows
