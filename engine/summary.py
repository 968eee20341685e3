"""The audit summary: one row per plan and the totals of a run, as the JSON document's `summary`
keys hold them and every format's summary renders them.

Per plan: who issued it, level, kind, period, the number of tasks and how many have a named
owner, a concrete output and a concrete deadline (engine/stats.py says how each is judged), each
domain with its tasks, measures and findings (not waived) by severity, and its waivers by state.
Findings of no domain (the plan's header, legal basis, names) are counted under `general`.
For the run: the counts, how many plans cover each domain, the waivers, and with `--expect` the
roster's units without a plan.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from engine.findings import Finding

if TYPE_CHECKING:
    from engine.report import PlanResult

SEVERITIES = ("error", "warning", "info")


def counts(findings: list[Finding]) -> dict[str, int]:
    """Findings by severity (waived ones included), and how many are waived."""
    return {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
        "waived": sum(bool(f.waived) for f in findings),
    }


def plan_summary(plan: PlanResult) -> dict:
    summary = counts(plan.findings)
    if plan.role == "roster":
        summary["missing"] = [{"path": f.path, "line": f.line, "message": f.message} for f in plan.findings
                              if f.rule_id == "ROSTER-UNIT-NO-PLAN" and not f.waived]
    if plan.stats is None:
        return summary
    domains = [domain for domain, _tasks, _measures in plan.stats.domains]
    by_domain: dict[str | None, dict[str, int]] = {}
    for finding in plan.findings:
        if not finding.waived:
            key = finding.domain if finding.domain in domains else None      # None: about the plan as a whole
            tally = by_domain.setdefault(key, dict.fromkeys(SEVERITIES, 0))
            tally[finding.severity] += 1
    summary.update(plan.stats.as_dict())
    general = by_domain.get(None, {})
    summary["general"] = {**{f"{severity}s": general.get(severity, 0) for severity in SEVERITIES},
                          "worst": _worst(general)}
    summary["domains"] = {
        domain: {"tasks": tasks, "measures": measures, "present": bool(tasks or measures),
                 **{f"{severity}s": by_domain.get(domain, {}).get(severity, 0) for severity in SEVERITIES},
                 "worst": _worst(by_domain.get(domain, {}))}
        for domain, tasks, measures in plan.stats.domains
    }
    return summary


def _worst(tally: dict[str, int]) -> str | None:
    return next((severity for severity in SEVERITIES if tally.get(severity)), None)


def run_summary(headers: list[PlanResult], summaries: list[dict], unreadable: int) -> dict:
    """The run's summary from each plan's header (no findings needed) and summary."""
    checked = [(plan, summary) for plan, summary in zip(headers, summaries) if plan.stats is not None]
    summary = {"plans": len(checked)}
    for key in ("errors", "warnings", "infos", "waived"):
        summary[key] = sum(plan_summary[key] for plan_summary in summaries)
    if unreadable:
        summary["unreadable"] = unreadable
    summary["tasks"] = sum(plan.stats.tasks for plan, _ in checked)
    covering: dict[str, int] = {}
    for plan, _ in checked:
        for domain, tasks, measures in plan.stats.domains:
            covering[domain] = covering.get(domain, 0) + bool(tasks or measures)
    summary["domains"] = covering
    waivers: dict[str, int] = {}
    for plan, _ in checked:
        for state, number in plan.stats.waivers.as_dict().items():
            waivers[state] = waivers.get(state, 0) + number
    summary["waivers"] = waivers
    for plan, plan_summary in zip(headers, summaries):
        if plan.role == "roster":
            summary["roster"] = {"path": plan.path, "missing": plan_summary["missing"]}
    return summary
