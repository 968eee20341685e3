"""Findings a reviewer would forward: the plans of plans/ give exactly the findings judged in
tests/reviewer_judgement.yaml, no smaller share of them worth forwarding than when they were judged
(18 of 18; the goal is 95%), and every error."""
import json
from collections import Counter
from pathlib import Path

import yaml

from tests.test_cli import cchc

JUDGEMENT = yaml.safe_load((Path(__file__).parent / "reviewer_judgement.yaml").read_text(encoding="utf-8"))
JUDGED = JUDGEMENT["findings"]


def key(plan, rule, task=None, domain=None):
    return plan, rule, task or "", domain or ""


def test_the_findings_are_the_judged_ones_and_worth_forwarding():
    result = cchc("check", "plans", "--today", "2026-12-04", "--format", "json", "--fail-on", "never", "--no-progress")
    assert result.returncode == 0, result.stderr
    produced = Counter()
    severity = {}
    for plan in json.loads(result.stdout)["plans"]:
        for finding in plan["findings"]:
            domain = finding.get("domain") if finding["rule_id"] == "NQ76-DOM-NO-TARGETS" else None
            k = key(plan["plan_id"], finding["rule_id"], finding.get("task_id"), domain)
            produced[k + (bool(finding.get("waived")),)] += 1
            severity[k] = finding["severity"]
    judged = Counter(key(j["plan"], j["rule"], j.get("task"), j.get("domain")) + (bool(j.get("waived")),)
                     for j in JUDGED)
    assert produced == judged, "a finding came or went: judge it in tests/reviewer_judgement.yaml"
    open_findings = [j for j in JUDGED if not j.get("waived")]
    forwarded = [j for j in open_findings if j["forward"]]
    measured = JUDGEMENT["measured"]
    assert (len(forwarded), len(open_findings)) == (measured["forwarded"], measured["open"])
    errors = [j for j in open_findings if severity[key(j["plan"], j["rule"], j.get("task"), j.get("domain"))] == "error"]
    assert errors and all(j["forward"] for j in errors)
