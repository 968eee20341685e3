"""The findings of a run, as the one model every output format renders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine import __version__
from engine.findings import Finding
from engine.rules import SEVERITY_RANK, RuleSet
from engine.stats import PlanStats
from engine.summary import plan_summary, run_summary


@dataclass(frozen=True)
class PlanResult:
    path: str
    plan_id: str
    sha256: str
    findings: list[Finding]
    notices: tuple[str, ...] = ()      # about the file itself, e.g. a draft's unaccepted changes
    stats: PlanStats | None = None     # None for a roster's own findings (see engine/roster.py)
    role: str = "plan"                 # "plan", or "roster": the units of `--expect` without a plan


@dataclass(frozen=True)
class Unreadable:
    path: str
    message: str


@dataclass
class Report:
    evaluated_on: dt.date
    ruleset: RuleSet
    plans: list[PlanResult] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    baseline: dict | None = None         # {"path", "hidden", "fixed"} when a baseline was applied

    def all_findings(self) -> list[Finding]:
        return [f for plan in self.plans for f in plan.findings]

    def fails(self, threshold: int) -> bool:
        """A finding not waived at or above the severity rank `threshold`."""
        return any(SEVERITY_RANK[f.severity] >= threshold and not f.waived for f in self.all_findings())

    def document(self) -> dict:
        """The JSON contract (PRODUCT.md, "JSON output")."""
        document = {
            "tool": {
                "name": "cchc-check",
                "version": __version__,
                "rule_packs": [{"id": p.meta.id, "version": p.meta.version, "sha256": p.sha256}
                               for p in self.ruleset.packs if p.rules or p.meta.id == "common"],
            },
            "evaluated_on": self.evaluated_on.isoformat(),
            "plans": [self._plan_entry(plan) for plan in self.plans],
            "summary": run_summary(self.plans, self.all_findings(), len(self.unreadable)),
        }
        if self.unreadable:
            document["unreadable"] = [{"path": u.path, "message": u.message} for u in self.unreadable]
        if self.baseline is not None:
            document["baseline"] = self.baseline
        return document

    @staticmethod
    def _plan_entry(plan: PlanResult) -> dict:
        entry = {"path": plan.path, "plan_id": plan.plan_id, "sha256": plan.sha256}
        if plan.role != "plan":
            entry["kind"] = plan.role
        entry["findings"] = [f.as_dict() for f in plan.findings]
        entry["summary"] = plan_summary(plan)
        return entry
