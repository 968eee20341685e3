"""One plan in figures, for the audit summary: who issued it, for when, how many tasks, which
domains, how many tasks are fully assigned, and the state of its waivers.

The three shares are the findings counted, so that the summary and the findings agree: a task's
lead, output or deadline counts when it is present and the rule that judges it
(PAR-TASK-LEAD-NAMED, PAR-TASK-OUTPUT-CONCRETE, PAR-TASK-DEADLINE-CONCRETE or -UNPARSED) found
nothing to say about it, waived or not. Without the par pack every present value counts.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from engine.findings import Finding
from engine.load import LoadedPlan
from engine.vocab import Vocabulary
from engine.waivers import judge_waiver, tasks_by_id

EXPIRING_DAYS = 30        # a waiver expiring within this many days is listed as expiring


@dataclasses.dataclass(frozen=True)
class WaiverCounts:
    total: int = 0
    active: int = 0            # applies and waives at least one finding
    expiring: int = 0          # active, and expires within EXPIRING_DAYS
    expired: int = 0
    unused: int = 0            # would apply, but waives nothing
    stale: int = 0             # its task's title changed, or its task is gone
    incomplete: int = 0        # no reason or no approver: never applied

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class PlanStats:
    issuer: str | None
    level: str
    kind: str
    period_from: int
    period_to: int
    tasks: int
    domains: tuple[tuple[str, int, int], ...]    # (domain id, tasks, measures) of every domain, vocabulary order
    owner_named: int
    output_concrete: int
    deadline_concrete: int
    waivers: WaiverCounts

    def as_dict(self) -> dict:
        return {
            "issuer": self.issuer, "level": self.level, "kind": self.kind,
            "period": {"from": self.period_from, "to": self.period_to},
            "tasks": self.tasks,
            "owner_named": self.owner_named, "output_concrete": self.output_concrete,
            "deadline_concrete": self.deadline_concrete, "waivers": self.waivers.as_dict(),
        }

    def present(self) -> list[str]:
        """The domains with a task or a measure (PRODUCT.md: what makes a domain present)."""
        return [domain for domain, tasks, measures in self.domains if tasks or measures]


def plan_stats(loaded: LoadedPlan, vocabulary: Vocabulary, findings: list[Finding], today: dt.date) -> PlanStats:
    plan = loaded.plan
    header = plan.plan
    task_domains = [vocabulary.domain_of(task.domain) for task in plan.tasks]
    measure_domains = [vocabulary.domain_of(measure.domain) for measure in plan.measures]
    return PlanStats(
        issuer=header.issuer, level=header.level, kind=header.kind,
        period_from=header.period.start, period_to=header.period.end, tasks=len(plan.tasks),
        domains=tuple((domain, task_domains.count(domain), measure_domains.count(domain)) for domain in vocabulary.domains),
        owner_named=_unflagged(plan.tasks, "owner", findings, ("PAR-TASK-LEAD-NAMED",)),
        output_concrete=_unflagged(plan.tasks, "output", findings, ("PAR-TASK-OUTPUT-CONCRETE",)),
        deadline_concrete=_unflagged(plan.tasks, "deadline", findings,
                                     ("PAR-TASK-DEADLINE-CONCRETE", "PAR-TASK-DEADLINE-UNPARSED")),
        waivers=_waiver_counts(loaded, findings, today),
    )


def _unflagged(tasks, field: str, findings: list[Finding], rules: tuple[str, ...]) -> int:
    flagged = {finding.task_id for finding in findings if finding.rule_id in rules}
    return sum(1 for task in tasks if (getattr(task, field) or "").strip() and task.id not in flagged)


def _waiver_counts(loaded: LoadedPlan, findings: list[Finding], today: dt.date) -> WaiverCounts:
    counts = dict.fromkeys(("total", "active", "expiring", "expired", "unused", "stale", "incomplete"), 0)
    tasks = tasks_by_id(loaded)
    for waiver in loaded.plan.waivers:
        state = judge_waiver(waiver, loaded, tasks, findings, today)
        counts["total"] += 1
        if state.expired:
            counts["expired"] += 1
        elif state.title_matches is False or (waiver.task and state.task is None):
            counts["stale"] += 1
        elif not state.applies:
            counts["incomplete"] += 1
        elif state.matched == 0:
            counts["unused"] += 1
        else:
            counts["active"] += 1
            if state.expires_in_days is not None and state.expires_in_days <= EXPIRING_DAYS:
                counts["expiring"] += 1
    return WaiverCounts(**counts)
