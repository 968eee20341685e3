"""Plan → facts → durable_rules → findings, one plan isolated per evaluation.

How the engine is driven (what the durable_rules 2.0.28 lab measured):
- one ruleset per process per rule set, on a host with no background threads;
- one session id per plan, all its facts asserted in one batch through the
  low-level call (the stock API drops actions when a fact matches no rule);
- our own synchronous action loop: an exception in an action is collected and
  raised as `RuleActionError`, never swallowed into the session state;
- the session state is deleted in `finally` (the engine holds at most 1,024);
- every batch ends with a session fact that a built-in rule always matches:
  deleting a session none of whose facts matched any rule crashes the engine
  (SIGSEGV in delete_state, durable_rules 2.0.28; tests/test_durable_pins.py).
Every rule is a single-fact condition over facts computed in Python, with
`cap` so that each rule's matches arrive in one call.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from typing import TYPE_CHECKING

from engine import conditions as cond
from engine.durable_support import durable_engine, durable_rules_engine
from engine.errors import RuleActionError
from engine.facts import CONTEXT_FIELDS, build_facts
from engine.findings import Finding, make_finding
from engine.load import LoadedPlan
from engine.rules import Rule, RuleSet
from engine.transcription import rules_not_applied
from engine.waivers import apply_waivers

if TYPE_CHECKING:
    from engine.parents import ParentLookup

_CAP = 1_000_000     # more than any plan's facts: one action call per rule
_SESSION_RULE = "$session"
_SESSION_FACT = {"kind": "$session", "id": "$session"}


class _SyncHost(durable_engine.Host):
    """The stock host starts timer threads that run actions behind our back."""

    def _run(self):
        pass


def _unused_action(_closure):   # actions run in our own loop, never through the host
    raise AssertionError("durable_rules ran an action outside the engine's loop")


def durable_definition(rules: list[Rule]) -> dict:
    """The rules as one durable_rules ruleset definition (rule id = rule name)."""
    definition = {
        rule.id: {
            "all": [{"m": {"$and": [{"kind": rule.given}, cond.to_durable(rule.condition)]}}],
            "cap": _CAP,
            "run": _unused_action,
        }
        for rule in rules
    }
    definition[_SESSION_RULE] = {"all": [{"m": {"kind": _SESSION_FACT["kind"]}}], "run": _unused_action}
    return definition


class _Registered:
    """One durable_rules ruleset; kept for the life of the process (the engine
    has no way to unregister one)."""

    def __init__(self, name: str, definition: dict):
        self.host = _SyncHost()
        self.host.register_rulesets({name: definition})
        self.handle = self.host.get_ruleset(name)._handle
        self.sessions = itertools.count(1)


_REGISTERED: dict[str, _Registered] = {}


class CompiledRules:
    """A rule set with its durable_rules ruleset, registered at most once per
    process for the same conditions (vocabularies may differ: they live in
    the facts, not in the ruleset)."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.rules = {rule.id: rule for rule in ruleset.rules}
        definition = durable_definition(ruleset.rules)
        key = json.dumps(definition, sort_keys=True, default=str)
        self.name = f"cchc@{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        if self.name not in _REGISTERED:
            _REGISTERED[self.name] = _Registered(self.name, definition)
        self._registered = _REGISTERED[self.name]
        self.handle = self._registered.handle

    def run(self, facts: list[dict], on_match) -> None:
        """Assert one plan's facts in one batch and call `on_match(rule, fact)` for
        every match; errors from `on_match` are raised together afterwards."""
        session = str(next(self._registered.sessions))
        batch_facts = facts + [dict(_SESSION_FACT)]
        for fact in batch_facts:
            fact["sid"] = session
        failures: list[tuple[str, BaseException]] = []
        # durable_rules activates an `$or` once per true branch: a rule judges a
        # fact once, whichever branches hold.
        seen: set[tuple[str, str]] = set()
        try:
            payload = json.dumps(batch_facts, ensure_ascii=False)
            _code, state = durable_rules_engine.assert_facts(self.handle, payload)
            result = durable_rules_engine.start_action_for_state(self.handle, state)
            batch = result[1] if result else None
            while batch:
                for rule_id, matches in json.loads(batch).items():
                    if rule_id == _SESSION_RULE:
                        continue
                    rule = self.rules[rule_id]
                    for match in matches if isinstance(matches, list) else [matches]:
                        fact = match["m"]
                        if (rule_id, fact["id"]) in seen:
                            continue
                        seen.add((rule_id, fact["id"]))
                        try:
                            on_match(rule, fact)
                        except Exception as error:  # noqa: BLE001 - reported below, never dropped
                            failures.append((rule_id, error))
                batch = durable_rules_engine.complete_and_start_action(self.handle, state)
        finally:
            durable_rules_engine.delete_state(self.handle, session)
            for fact in batch_facts:
                fact.pop("sid", None)
        if failures:
            raise RuleActionError(failures)


def evaluate(loaded: LoadedPlan, compiled: CompiledRules, today: dt.date, lang: str = "vi",
             parent: ParentLookup | None = None) -> list[Finding]:
    """Every finding the rules make about one plan (and, with `parent`, about it against the plan
    it implements), waivers applied, sorted."""
    return _evaluate(loaded, compiled.ruleset, compiled.run, today, lang, parent)


def evaluate_plain(loaded: LoadedPlan, ruleset: RuleSet, today: dt.date, lang: str = "vi",
                   parent: ParentLookup | None = None) -> list[Finding]:
    """The same rules interpreted in plain Python: the reference the engine is
    tested and benchmarked against."""
    def match(facts: list[dict], on_match) -> None:
        for rule, test in ruleset.python_conditions:
            for fact in facts:
                if fact["kind"] == rule.given and test(fact):
                    on_match(rule, fact)
    return _evaluate(loaded, ruleset, match, today, lang, parent)


def _evaluate(loaded: LoadedPlan, ruleset: RuleSet, match, today: dt.date, lang: str,
              parent: ParentLookup | None = None) -> list[Finding]:
    """Two passes: the plan's facts, then its waivers, which are judged
    knowing what they waive."""
    facts = build_facts(loaded, ruleset.vocabulary, ruleset.flags, today, parent)
    findings: list[Finding] = []
    not_applied = rules_not_applied(ruleset.rules, loaded.plan.plan.not_transcribed)

    def found(rule, fact) -> None:
        if rule.id not in not_applied:
            findings.append(make_finding(rule, fact, loaded, lang))
    match(facts, found)
    if loaded.plan.waivers:
        context = {key: facts[0][key] for key in CONTEXT_FIELDS if key in facts[0]}
        findings, waiver_facts = apply_waivers(loaded, findings, {r.id for r in ruleset.rules}, today, context)
        match(waiver_facts, lambda rule, fact: findings.append(make_finding(rule, fact, loaded, lang)))
    return sorted(findings, key=Finding.sort_key)
