"""Waivers: a plan's own record that a finding is accepted, by whom, why and
until when. A waiver applies only while it is complete, unexpired and still
about the task it was written for; every waiver becomes a fact that the
waiver rules judge (missing reason, expired, expiring, stale, unused)."""
from __future__ import annotations

import dataclasses
import datetime as dt

from engine.facts import compact, date_int
from engine.findings import Finding
from engine.load import LoadedPlan
from engine.text import fold

@dataclasses.dataclass(frozen=True)
class WaiverState:
    """What a waiver is about today: its task, whether it still holds, what it matches."""
    task: object | None               # the plan's task it names, if that id exists
    title_matches: bool | None        # None: no task title was recorded to compare
    task_now: str | None              # the id the recorded title has moved to, if any
    expired: bool
    applies: bool
    matched: int                      # findings of its rule (and task) it would waive
    expires_in_days: int | None


def tasks_by_id(loaded: LoadedPlan) -> dict:
    return {task.id: task for task in loaded.plan.tasks}


def judge_waiver(waiver, loaded: LoadedPlan, tasks: dict, findings: list[Finding], today: dt.date) -> WaiverState:
    """`tasks`: the plan's tasks by id (tasks_by_id)."""
    task = tasks.get(waiver.task) if waiver.task else None
    title_matches = None
    task_now = None
    if waiver.task and waiver.task_title:
        title_matches = task is not None and fold(task.title) == fold(waiver.task_title)
        if not title_matches:
            task_now = next((t.id for t in loaded.plan.tasks if fold(t.title) == fold(waiver.task_title)), None)
    expired = waiver.expires is not None and waiver.expires < today
    applies = bool(_present(waiver.reason) and _present(waiver.approved_by) and not expired
                   and title_matches is not False and (waiver.task is None or task is not None))
    matched = sum(1 for f in findings if f.rule_id == waiver.rule and (waiver.task is None or f.task_id == waiver.task))
    return WaiverState(task, title_matches, task_now, expired, applies, matched,
                       (waiver.expires - today).days if waiver.expires else None)


def apply_waivers(loaded: LoadedPlan, findings: list[Finding], rule_ids: set[str], today: dt.date,
                  context: dict) -> tuple[list[Finding], list[dict]]:
    """The findings with the waived ones marked, and one fact per waiver."""
    waived_keys: dict[tuple[str, str | None], str] = {}     # (rule, task) → reason
    blanket: dict[str, str] = {}                             # rule → reason
    facts = []
    tasks = tasks_by_id(loaded)
    for index, waiver in enumerate(loaded.plan.waivers):
        state = judge_waiver(waiver, loaded, tasks, findings, today)
        if state.applies:
            if waiver.task is None:
                blanket[waiver.rule] = waiver.reason.strip()
            else:
                waived_keys[(waiver.rule, waiver.task)] = waiver.reason.strip()
        facts.append(compact({
            "kind": "waiver", "id": f"waiver:{index}", "pointer": f"/waivers/{index}",
            "rule": waiver.rule, "rule_known": waiver.rule in rule_ids, "task_id": waiver.task,
            "task_title": waiver.task_title, "reason": _present(waiver.reason), "approved_by": _present(waiver.approved_by),
            "basis": _present(waiver.basis),
            "expires": date_int(waiver.expires) if waiver.expires else None,
            "expires_in_days": state.expires_in_days,
            "task_exists": state.task is not None if waiver.task else None,
            "task_title_matches": state.title_matches, "task_now": state.task_now,
            "applies": state.applies, "n_matched": state.matched, **context,
        }))
    marked = []
    for finding in findings:
        reason = waived_keys.get((finding.rule_id, finding.task_id)) or blanket.get(finding.rule_id)
        marked.append(dataclasses.replace(finding, waived=True, waiver_reason=reason) if reason else finding)
    return marked, facts


def _present(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None
