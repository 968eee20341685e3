"""Findings: what a rule says about one subject of one plan, where, and why."""
from __future__ import annotations

import hashlib

from dataclasses import dataclass

from engine.load import LoadedPlan
from engine.location import Location
from engine.placeholders import render_template, template_fields
from engine.rules import Rule
from engine.text import fold

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# What a finding is about, for its fingerprint: text that survives renumbering.
SUBJECT_FIELD = {"plan": "plan_id", "domain": "domain", "task": "title", "target": "text", "waiver": "rule",
                 "mention": "text", "unit": "name", "assignment": "parent_task_title", "review": "said_en"}


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: str
    message: str
    reference: str
    path: str
    line: int | None
    column: int | None
    pointer: str
    domain: str | None
    task_id: str | None
    location: Location | None        # a place in a draft (paragraph, table cell, page)
    suggestion: str | None
    waived: bool | None
    waiver_reason: str | None          # why it is waived (SARIF's justification)
    fingerprint: str

    def as_dict(self) -> dict:
        """The JSON contract's finding: optional keys only when they are set."""
        # Field by field, not dataclasses.asdict (a deep copy): reports turn thousands into dicts.
        data = {name: getattr(self, name) for name in self.__slots__}
        for optional in ("location", "suggestion", "waived", "waiver_reason"):
            if data[optional] is None:
                del data[optional]
        if self.location is not None:
            data["location"] = self.location.as_dict()
        return data

    def __reduce__(self):
        # Findings come back from worker processes by the thousand: pickle them as a plain tuple
        # of fields (the default for a slotted dataclass pickles a state dict per object).
        return (Finding, tuple(getattr(self, name) for name in self.__slots__))

    def sort_key(self) -> tuple:
        # A total order: findings at one spot (the six missing domains) never tie.
        reading_order = self.location.order if self.location is not None else self.line
        return (self.path, reading_order or 0, self.column or 0, SEVERITY_ORDER[self.severity],
                self.rule_id, self.pointer, self.domain or "", self.task_id or "", self.message)


def fingerprint(rule_id: str, plan_id: str, domain: str | None, subject: str) -> str:
    """Stable across moves and renumbering: no line, no list index."""
    text = "\x1f".join([rule_id, plan_id, domain or "", fold(subject)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def make_finding(rule: Rule, fact: dict, loaded: LoadedPlan, lang: str) -> Finding:
    """The finding `rule` makes about the subject `fact` of `loaded`."""
    return finding_at(rule, fact, loaded.path, loaded.source, loaded.plan.plan.id, lang)


def finding_at(rule: Rule, fact: dict, path: str, source, subject_id: str, lang: str) -> Finding:
    """The finding `rule` makes about `fact` of the file `path` (positions in `source`);
    `subject_id` is what the fingerprint is scoped to (the plan's id, or "roster")."""
    pointer = fact["pointer"]
    if rule.at is not None:
        # a key under the subject ("deadline"), or a place of the plan ("/plan/organisation")
        candidate = rule.at if rule.at.startswith("/") else f"{pointer}/{rule.at}"
        if candidate in source.positions:
            pointer = candidate
    where = source.locate(pointer)
    subject = fact.get(SUBJECT_FIELD[fact["kind"]]) or fact.get("indicator") or ""
    suggestion = getattr(rule.suggestion, lang) if rule.suggestion else None
    if suggestion is not None:
        complete = all(name in fact for name in template_fields(suggestion))
        suggestion = render_template(suggestion, fact) if complete else None
    return Finding(
        rule_id=rule.id, severity=rule.severity,
        message=render_template(getattr(rule.message, lang), fact),
        reference=getattr(rule.reference, lang),
        # A draft's place (a table cell, a page's line) is the location; line and column are a file's.
        path=path, line=None if where.is_draft_place() else where.line,
        column=None if where.is_draft_place() else where.column, pointer=pointer,
        domain=fact.get("domain"), task_id=fact.get("task_id"),
        location=where if where.is_draft_place() else None,
        suggestion=suggestion,
        waived=None,
        waiver_reason=None,
        fingerprint=fingerprint(rule.id, subject_id, fact.get("domain"), subject or ""),
    )
