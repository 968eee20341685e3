"""Baselines and diffs: findings compared by fingerprint (rule, plan id,
domain and the normalised subject text), never by line or list index, so that
moving, renumbering or re-indenting tasks changes nothing."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.errors import InputError, Say
from engine.findings import Finding
from engine.location import Location
from engine.report import PlanResult, Report

BASELINE_VERSION = 1


def baseline_entries(report: Report) -> list[dict]:
    """What a baseline file records: one entry per finding, sorted."""
    entries = [{"fingerprint": f.fingerprint, "rule_id": f.rule_id, "plan_id": plan.plan_id,
                "domain": f.domain, "message": f.message}
               for plan in report.plans for f in plan.findings]
    return sorted(entries, key=lambda e: (e["plan_id"], e["rule_id"], e["fingerprint"], e["message"]))


@dataclass
class Baseline:
    path: str
    entries: list[dict]
    counts: Counter = field(default_factory=Counter)


_WRITE_AGAIN = Say("ghi lại bằng --write-baseline", "write it again with --write-baseline")


def read_baseline(path: Path, shown: str | None = None) -> Baseline:
    """The baseline at `path`, named `shown` in messages and reports (never an absolute path)."""
    shown = shown or str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(shown, None, Say("không tìm thấy tệp baseline", "baseline file not found"),
                         Say("tạo tệp bằng --write-baseline", "create it with --write-baseline")) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(shown, None, Say(f"không đọc được baseline: {err}", f"cannot read the baseline: {err}"),
                         Say("kiểm tra tệp", "check the file")) from None
    except json.JSONDecodeError as err:
        raise InputError(shown, Location(line=err.lineno, column=err.colno),
                         Say(f"không phải JSON: {err.msg}", f"not JSON: {err.msg}"), _WRITE_AGAIN) from None
    if not isinstance(data, dict) or data.get("cchc_baseline") != BASELINE_VERSION or \
            not isinstance(data.get("findings"), list) or \
            not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in data["findings"]):
        raise InputError(shown, None, Say(f"không phải baseline của cchc (phiên bản {BASELINE_VERSION})",
                                          f"not a cchc baseline (version {BASELINE_VERSION})"), _WRITE_AGAIN)
    entries = data["findings"]
    return Baseline(shown, entries, Counter(e["fingerprint"] for e in entries))


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """The report without the findings the baseline already has; baseline
    entries that match nothing any more are listed as fixed."""
    remaining = Counter(baseline.counts)
    plans, hidden = [], 0
    for plan in report.plans:
        kept = []
        for finding in plan.findings:
            if remaining[finding.fingerprint] > 0:
                remaining[finding.fingerprint] -= 1
                hidden += 1
            else:
                kept.append(finding)
        plans.append(replace(plan, findings=kept))
    checked = {plan.plan_id for plan in report.plans.headers()}
    loaded = {rule.id for rule in report.ruleset.rules}
    fixed, left = [], Counter(remaining)
    for entry in baseline.entries:
        # Only plans this run checked, by rules this run loaded, can have fixed findings.
        if entry.get("plan_id") in checked and entry.get("rule_id") in loaded and left[entry["fingerprint"]] > 0:
            left[entry["fingerprint"]] -= 1
            fixed.append(entry)
    return replace(report, plans=plans, baseline={"path": baseline.path, "hidden": hidden, "fixed": fixed})


@dataclass(frozen=True)
class Diff:
    """Findings of two versions of a plan, by fingerprint."""
    old: PlanResult
    new: PlanResult
    introduced: list[Finding]
    resolved: list[Finding]
    unchanged: list[Finding]


def diff_plans(old: PlanResult, new: PlanResult) -> Diff:
    old_left = Counter(f.fingerprint for f in old.findings)
    introduced, unchanged = [], []
    for finding in new.findings:
        if old_left[finding.fingerprint] > 0:
            old_left[finding.fingerprint] -= 1
            unchanged.append(finding)
        else:
            introduced.append(finding)
    new_left = Counter(f.fingerprint for f in new.findings)
    resolved = []
    for finding in old.findings:
        if new_left[finding.fingerprint] > 0:
            new_left[finding.fingerprint] -= 1
        else:
            resolved.append(finding)
    return Diff(old, new, introduced, resolved, unchanged)
