"""The condition language: parsing, and the durable_rules back end against the
plain-Python interpreter on generated conditions and facts."""
import json

import durable_rules_engine
import pytest
from durable import engine as durable_engine
from hypothesis import HealthCheck, given, settings, strategies as st

from engine import conditions as cond


def test_parse_reads_every_operator():
    parsed = cond.parse({"all": [
        {"field": "owner", "missing": True},
        {"any": [{"field": "deadline_kind", "in": ["recurring", "periodic"]},
                 {"field": "deadline_start", "gt": {"field": "period_end"}}]},
        {"field": "owner", "matches": "generic_owners"},
    ]})
    assert cond.fields(parsed) == {"owner", "deadline_kind", "deadline_start", "period_end", "owner__generic_owners"}


@pytest.mark.parametrize("spec, message", [
    ("owner", "a condition is a mapping"),
    ({"all": []}, "non-empty list"),
    ({"field": "owner"}, "exactly one operator"),
    ({"field": "owner", "like": "x"}, "unknown operator"),
    ({"field": "n", "lt": [1, 2]}, "takes one value"),
    ({"field": "n", "missing": "yes"}, "true or false"),
])
def test_parse_errors(spec, message):
    with pytest.raises(cond.ConditionError, match=message):
        cond.parse(spec)


class _Host(durable_engine.Host):
    def _run(self):
        pass


FIELDS = ["a", "b", "c"]
leaf = st.one_of(
    st.builds(lambda f, op, v: cond.Compare(f, op, v), st.sampled_from(FIELDS), st.sampled_from(list(cond.OPERATORS)),
              st.integers(-3, 3)),
    st.builds(lambda f, op, g: cond.Compare(f, op, cond.FieldRef(g)), st.sampled_from(FIELDS),
              st.sampled_from(list(cond.OPERATORS)), st.sampled_from(FIELDS)),
    st.builds(cond.Missing, st.sampled_from(FIELDS), st.booleans()),
    st.builds(lambda f, vs, n: cond.OneOf(f, tuple(vs), n), st.sampled_from(FIELDS),
              st.lists(st.integers(-3, 3), min_size=1, max_size=3), st.booleans()),
)
conditions = st.recursive(leaf, lambda inner: st.one_of(
    st.builds(lambda xs: cond.All(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: cond.Any_(tuple(xs)), st.lists(inner, min_size=1, max_size=3))), max_leaves=6)
facts = st.fixed_dictionaries({}, optional={f: st.integers(-3, 3) for f in FIELDS})

_counter = iter(range(10**9))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, st.lists(facts, min_size=1, max_size=6))
def test_durable_matches_the_interpreter(condition, fact_list):
    host = _Host()
    name = f"conditions-{next(_counter)}"
    host.register_rulesets({name: {
        "r": {"all": [{"m": {"$and": [{"kind": "f"}, cond.to_durable(condition)]}}], "cap": 1000, "run": lambda c: None},
        "s": {"all": [{"m": {"kind": "s"}}], "run": lambda c: None},
    }})
    handle = host.get_ruleset(name)._handle
    batch = [{"sid": "1", "id": str(i), "kind": "f", **fact} for i, fact in enumerate(fact_list)]
    batch.append({"sid": "1", "id": "s", "kind": "s"})
    matched = set()
    try:
        _code, state = durable_rules_engine.assert_facts(handle, json.dumps(batch))
        result = durable_rules_engine.start_action_for_state(handle, state)
        message = result[1] if result else None
        while message:
            for rule, items in json.loads(message).items():
                if rule == "r":
                    matched.update(item["m"]["id"] for item in items)
            message = durable_rules_engine.complete_and_start_action(handle, state)
    finally:
        durable_rules_engine.delete_state(handle, "1")
    expected = {str(i) for i, fact in enumerate(fact_list) if cond.holds(condition, fact)}
    assert matched == expected


def test_nested_all_three_deep_builds_a_ruleset():
    """Found by the property above: `$and` nested three deep with two parts made durable_rules
    2.0.28 refuse the ruleset (error 113); nested All (and Any) are merged before it sees them."""
    inner = cond.All((cond.Compare("a", "ne", 0),))
    condition = cond.All((cond.All((inner, inner, inner)), cond.All((inner, inner, inner))))
    assert cond.to_durable(condition) == {"$and": [{"$ex": {"a": 1}}, {"$neq": {"a": 0}}] * 6}
    test_durable_matches_the_interpreter.hypothesis.inner_test(condition, [{}, {"a": 1}, {"a": 0}])
