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
from engine.yamlsource import Limits, read_bytes

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


def read_baseline(path: Path, shown: str | None = None, limits: Limits = Limits()) -> Baseline:
    """The baseline at `path`, named `shown` in messages and reports (never an absolute path). It is
    read as a plan is (a regular file, within --max-file-mb), and every entry is checked for the
    shape --write-baseline gives it before any is used."""
    shown = shown or str(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(shown, None, Say("không tìm thấy tệp baseline", "baseline file not found"),
                         Say("tạo tệp bằng --write-baseline", "create it with --write-baseline"))
    raw = read_bytes(path, shown, limits, _RAISE_THE_LIMIT)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(shown, None, Say(f"không phải UTF-8: {err.reason}", f"not UTF-8: {err.reason}"),
                         _WRITE_AGAIN) from None
    except json.JSONDecodeError as err:
        raise InputError(shown, Location(line=err.lineno, column=err.colno),
                         Say(f"không phải JSON: {err.msg}", f"not JSON: {err.msg}"), _WRITE_AGAIN) from None
    except (RecursionError, ValueError):
        # Arrays nested thousands deep, or a number of over 4,300 digits: no baseline has either.
        raise InputError(shown, None, Say("không phải baseline: lồng quá sâu hoặc có số quá dài",
                                          "not a baseline: nested too deep, or a number too long"),
                         _WRITE_AGAIN) from None
    if not _is_baseline(data):
        raise InputError(shown, None, Say(f"không phải baseline của cchc (phiên bản {BASELINE_VERSION})",
                                          f"not a cchc baseline (version {BASELINE_VERSION})"), _WRITE_AGAIN)
    entries = data["findings"]
    return Baseline(shown, entries, Counter(e["fingerprint"] for e in entries))


_RAISE_THE_LIMIT = Say("nâng giới hạn (cchc check --max-file-mb N)", "raise the limit (cchc check --max-file-mb N)")
# What --write-baseline writes in each entry: the fingerprint, and text or null for the rest.
_ENTRY_TEXT = ("rule_id", "plan_id", "domain", "message")


def _is_baseline(data: object) -> bool:
    return (isinstance(data, dict) and data.get("cchc_baseline") == BASELINE_VERSION
            and isinstance(data.get("findings"), list)
            and all(isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
                    and all(isinstance(entry.get(key), (str, type(None))) for key in _ENTRY_TEXT)
                    for entry in data["findings"]))


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
