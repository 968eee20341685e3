"""What a rule says about itself: for `cchc rules list|show|docs`."""
from __future__ import annotations

import yaml

from engine import conditions as cond
from engine.render import render_template_file
from engine.rules import Rule, RuleSet

TAG_MEANING = {
    "P": {"vi": "yêu cầu của sản phẩm", "en": "product requirement"},
    "Q": {"vi": "trích nguyên văn", "en": "verbatim quote"},
    "S": {"vi": "nguồn thứ cấp", "en": "secondary source"},
    "E": {"vi": "kế hoạch tỉnh nhắc lại", "en": "provincial echo"},
    "U": {"vi": "chưa kiểm chứng", "en": "unverified"},
    "inference": {"vi": "suy luận", "en": "inference"},
    "none": {"vi": "không có số liệu quốc gia", "en": "no national figure"},
}


def condition_text(condition: cond.Condition) -> str:
    """A condition as one readable line (applies_to included)."""
    if isinstance(condition, (cond.All, cond.Any_)):
        joiner = " and " if isinstance(condition, cond.All) else " or "
        return "(" + joiner.join(condition_text(c) for c in condition.items) + ")"
    if isinstance(condition, cond.Missing):
        return f"{condition.field} is {'missing' if condition.missing else 'present'}"
    if isinstance(condition, cond.OneOf):
        return f"{condition.field} {'not in' if condition.negated else 'in'} {list(condition.values)}"
    other = condition.value.field if isinstance(condition.value, cond.FieldRef) else repr(condition.value)
    symbol = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[condition.op]
    return f"{condition.field} {symbol} {other}"


def rule_record(rule: Rule) -> dict:
    """Everything about a rule, JSON-ready."""
    return {
        "id": rule.id, "pack": rule.pack, "severity": rule.severity, "tag": rule.tag,
        "title": {"vi": rule.title.vi, "en": rule.title.en},
        "message": {"vi": rule.message.vi, "en": rule.message.en},
        "suggestion": {"vi": rule.suggestion.vi, "en": rule.suggestion.en} if rule.suggestion else None,
        "reference": {"vi": rule.reference.vi, "en": rule.reference.en},
        "rationale": {"vi": rule.rationale.vi, "en": rule.rationale.en},
        "given": rule.given, "condition": condition_text(rule.condition), "at": rule.at,
        "override": rule.override, "source": rule.source,
        "examples": {"fire": rule.examples.fire, "pass": rule.examples.pass_},
    }


def snippet_yaml(snippet: dict) -> str:
    return yaml.safe_dump(snippet, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip()


def rules_markdown(ruleset: RuleSet) -> str:
    return render_template_file("rules.md.j2", ruleset=ruleset, records=[rule_record(r) for r in ruleset.rules],
                                tags=TAG_MEANING, snippet_yaml=snippet_yaml)
