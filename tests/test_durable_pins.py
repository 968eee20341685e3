"""durable_rules 2.0.28 behaviour the engine works around, pinned so that an
upgrade that changes it is noticed (see engine/evaluate.py and conditions.py)."""
import json
import subprocess
import sys
import textwrap

from engine.durable_support import durable_engine, durable_rules_engine

# The crash below depends on the heap's layout: the setup imports as little as it can (the
# package's module only where 3.13 needs its symbol).
SETUP = textwrap.dedent("""
    import sys
    if sys.version_info >= (3, 13):
        import engine.durable_support
    import json, durable_rules_engine as dre
    from durable import engine
    class Host(engine.Host):
        def _run(self): pass
    host = Host()
    host.register_rulesets({"t": {"r": {"all": [{"m": {"kind": "task"}}], "run": lambda c: None}}})
    handle = host.get_ruleset("t")._handle
""")


def _run(code):
    return subprocess.run([sys.executable, "-c", SETUP + textwrap.dedent(code)], capture_output=True, text=True)


def test_deleting_a_session_whose_facts_matched_nothing_crashes_the_engine():
    crashed = _run("""
        _code, state = dre.assert_facts(handle, json.dumps([{"sid": "1", "id": "a", "kind": "domain"}]))
        dre.delete_state(handle, "1")
    """)
    # Killed by a signal (SIGSEGV) on 3.11.7 and 3.13.0; 3.12.1's heap happens to survive it.
    assert crashed.returncode < 0 or sys.version_info[:2] == (3, 12)
    safe = _run("""
        _code, state = dre.assert_facts(handle, json.dumps([{"sid": "1", "id": "a", "kind": "domain"},
                                                            {"sid": "1", "id": "b", "kind": "task"}]))
        while dre.start_action_for_state(handle, state):
            dre.complete_and_start_action(handle, state)
        dre.delete_state(handle, "1")
        print("ok")
    """)
    assert safe.returncode == 0 and safe.stdout.strip() == "ok"


class _Host(durable_engine.Host):
    def _run(self):
        pass


def _matches(condition, facts, name):
    host = _Host()
    host.register_rulesets({name: {"r": {"all": [{"m": {"$and": [{"kind": "f"}, condition]}}], "cap": 100,
                                         "run": lambda c: None}}})
    handle = host.get_ruleset(name)._handle
    batch = [{"sid": "1", "id": str(i), "kind": "f", **f} for i, f in enumerate(facts)]
    _code, state = durable_rules_engine.assert_facts(handle, json.dumps(batch))
    found = set()
    result = durable_rules_engine.start_action_for_state(handle, state)
    message = result[1] if result else None
    while message:
        found.update(m["m"]["id"] for m in json.loads(message)["r"])
        message = durable_rules_engine.complete_and_start_action(handle, state)
    durable_rules_engine.delete_state(handle, "1")
    return found


def test_a_missing_operand_makes_a_field_comparison_true():
    """Why every comparison the compiler emits is guarded by $ex."""
    assert _matches({"$lt": {"target": {"$m": "baseline"}}}, [{"target": 5}], "pin-missing") == {"0"}


def test_neq_is_false_when_the_field_is_missing():
    assert _matches({"$neq": {"owner": "x"}}, [{"owner": "y"}, {}], "pin-neq") == {"0"}
