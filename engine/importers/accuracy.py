"""How close an import is to a hand-made plan of the same draft: tasks found, and fields equal.

The reference is the plan a person typed from the draft. A reference task is found when the import
has a task with its id, or else with its title (compared folded). Every field of the plan header,
of each reference task and of each reference target counts once; a task or target that was not
found counts all its fields as wrong, and so do the fields of a task or target the import adds
that the reference does not have (an invented task, a figure read twice). Text is compared after NFC normalisation, spaces collapsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.text import fold, nfc

PLAN_FIELDS = ("title", "issuer", "number", "issued", "kind", "period", "level", "legal_basis", "sections",
               "reporting", "budget")
TASK_FIELDS = ("id", "domain", "section", "title", "owner", "coordinators", "output", "deadline")
TARGET_FIELDS = ("indicator", "domain", "value", "unit", "comparator", "year", "text")


@dataclass
class Accuracy:
    tasks_found: int = 0
    tasks_expected: int = 0
    fields_equal: int = 0
    fields: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def task_rate(self) -> float:
        return self.tasks_found / self.tasks_expected if self.tasks_expected else 1.0

    @property
    def field_rate(self) -> float:
        return self.fields_equal / self.fields if self.fields else 1.0

    def count(self, where: str, got: object, want: object) -> None:
        self.fields += 1
        if _same(got, want):
            self.fields_equal += 1
        else:
            self.differences.append(f"{where}: imported {got!r}, reference {want!r}")


def compare(imported: dict, reference: dict) -> Accuracy:
    """Field-level accuracy of `imported` plan data against the `reference` plan data."""
    accuracy = Accuracy()
    got_plan, want_plan = imported.get("plan", {}), reference.get("plan", {})
    for name in PLAN_FIELDS:
        if name in got_plan or name in want_plan:
            accuracy.count(f"plan.{name}", got_plan.get(name), want_plan.get(name))
    got_tasks = imported.get("tasks") or []
    by_id = {task.get("id"): task for task in got_tasks}
    by_title = {fold(task.get("title") or ""): task for task in got_tasks}
    matched: set[int] = set()
    for want in reference.get("tasks") or []:
        accuracy.tasks_expected += 1
        got = by_id.get(want.get("id")) or by_title.get(fold(want.get("title") or ""))
        accuracy.tasks_found += got is not None
        if got is not None:
            matched.add(id(got))
        for name in TASK_FIELDS:
            if name in want or (got and name in got):
                accuracy.count(f"task {want.get('id')}.{name}", (got or {}).get(name), want.get(name))
    got_targets = imported.get("targets") or []
    for want in reference.get("targets") or []:
        got = next((t for t in got_targets if id(t) not in matched
                    and fold(t.get("text") or "") == fold(want.get("text") or "")), None)
        if got is not None:
            matched.add(id(got))
        for name in TARGET_FIELDS:
            if name in want or (got and name in got):
                accuracy.count(f"target {want.get('text', '')[:40]!r}.{name}", (got or {}).get(name), want.get(name))
    # What the import adds beyond the reference (an invented task, a figure read twice) is wrong too.
    for kind, items, fields in (("task", got_tasks, TASK_FIELDS), ("target", got_targets, TARGET_FIELDS)):
        for extra in (item for item in items if id(item) not in matched):
            label = extra.get("id") or repr((extra.get("text") or "")[:40])
            for name in fields:
                if name in extra:
                    accuracy.count(f"{kind} {label}.{name} (not in the reference)", extra[name], None)
    return accuracy


def _same(got: object, want: object) -> bool:
    return _normal(got) == _normal(want)


def _normal(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", nfc(value)).strip()
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value
