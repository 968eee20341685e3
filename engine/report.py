"""The findings of a run, as the one model every output format renders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine import __version__
from engine.findings import Finding
from engine.rules import SEVERITY_RANK, RuleSet


@dataclass(frozen=True)
class PlanResult:
    path: str
    plan_id: str
    sha256: str
    findings: list[Finding]
    notices: tuple[str, ...] = ()      # about the file itself, e.g. a draft's unaccepted changes


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
            "plans": [
                {
                    "path": plan.path,
                    "plan_id": plan.plan_id,
                    "sha256": plan.sha256,
                    "findings": [f.as_dict() for f in plan.findings],
                    "summary": counts(plan.findings),
                }
                for plan in self.plans
            ],
            "summary": {"plans": len(self.plans), **counts(self.all_findings())},
        }
        if self.unreadable:
            document["unreadable"] = [{"path": u.path, "message": u.message} for u in self.unreadable]
        if self.baseline is not None:
            document["baseline"] = self.baseline
        return document


def counts(findings: list[Finding]) -> dict[str, int]:
    """Findings by severity (waived ones included), and how many are waived."""
    return {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
        "waived": sum(bool(f.waived) for f in findings),
    }
