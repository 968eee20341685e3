"""The findings of a run, as the one model every output format renders."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine import __version__
from engine.errors import InputError
from engine.findings import Finding
from engine.rules import SEVERITY_RANK, RuleSet
from engine.spool import PlanResults
from engine.stats import PlanStats
from engine.summary import run_summary


@dataclass(frozen=True)
class PlanResult:
    path: str
    plan_id: str
    sha256: str
    findings: list[Finding]
    notices: tuple[str, ...] = ()      # about the file itself, e.g. a draft converted by LibreOffice
    stats: PlanStats | None = None     # None for a roster's own findings (see engine/roster.py)
    role: str = "plan"                 # "plan", or "roster": the units of `--expect` without a plan
    notes: tuple[str, ...] = ()        # about the run, not the plan: its parent plan was not found


@dataclass(frozen=True)
class Unreadable:
    path: str
    message: str
    line: int | None = None            # where in the file, when the problem has a line
    column: int | None = None

    @classmethod
    def of(cls, path: str, error: InputError, lang: str) -> Unreadable:
        """The file `path` that `error` stopped, with the line of the problem when it has one."""
        where = error.where
        if where is None or where.line is None or where.is_draft_place():
            return cls(path, error.line(lang))
        return cls(path, error.line(lang), where.line, where.column or 1)


@dataclass
class Report:
    evaluated_on: dt.date
    ruleset: RuleSet
    plans: PlanResults = field(default_factory=PlanResults)     # a list given is taken in
    unreadable: list[Unreadable] = field(default_factory=list)
    baseline: dict | None = None         # {"path", "hidden", "fixed"} when a baseline was applied
    config: str | None = None            # the settings file the run used (.cchc.yaml, pyproject.toml)

    def __post_init__(self):
        if not isinstance(self.plans, PlanResults):
            self.plans = PlanResults(self.plans)

    def all_findings(self) -> Iterator[Finding]:
        """Every finding, one plan's at a time (the plans' findings are read back in turn)."""
        return (f for plan in self.plans for f in plan.findings)

    def fails(self, threshold: int) -> bool:
        """A finding not waived at or above the severity rank `threshold`."""
        return self.count_failing(threshold) > 0

    def count_failing(self, threshold: int) -> int:
        """The findings not waived at or above the severity rank `threshold` (from each plan's
        counts: no finding is read back)."""
        return sum(number for counts in self.plans.open_counts() for severity, number in counts.items()
                   if SEVERITY_RANK[severity] >= threshold)

    def document(self) -> dict:
        """The JSON contract (PRODUCT.md, "JSON output"). Its `plans` are made one at a time as
        they are read (a sequence, not a list): a report of thousands of plans is written plan
        by plan."""
        document = {
            "tool": {
                "name": "cchc-check",
                "version": __version__,
                "rule_packs": [{"id": p.meta.id, "version": p.meta.version, "sha256": p.sha256}
                               for p in self.ruleset.packs if p.rules or p.meta.id == "common"],
                **({"config": self.config} if self.config else {}),
            },
            "evaluated_on": self.evaluated_on.isoformat(),
            "plans": PlanEntries(self.plans),
            "summary": run_summary(self.plans.headers(), self.plans.summaries(), len(self.unreadable)),
        }
        if self.unreadable:
            document["unreadable"] = [{"path": u.path, "message": u.message} for u in self.unreadable]
        if self.baseline is not None:
            document["baseline"] = self.baseline
        return document


class PlanEntries:
    """The `plans` of the JSON document, each made when it is reached."""

    def __init__(self, plans: PlanResults):
        self._plans = plans

    def __len__(self) -> int:
        return len(self._plans)

    def __iter__(self) -> Iterator[dict]:
        return (self._entry(plan, summary) for plan, summary in zip(self._plans, self._plans.summaries()))

    @staticmethod
    def _entry(plan: PlanResult, summary: dict) -> dict:
        entry = {"path": plan.path, "plan_id": plan.plan_id, "sha256": plan.sha256}
        if plan.role != "plan":
            entry["kind"] = plan.role
        entry["findings"] = [f.as_dict() for f in plan.findings]
        entry["summary"] = summary
        return entry
