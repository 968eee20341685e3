"""Every rule's own examples: each `fire` snippet triggers it, each `pass` does not."""
import pytest

from engine.examples import run_examples
from engine.rules import load_ruleset

RESULTS = run_examples(load_ruleset())


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.rule_id}-{r.expectation}{r.index}")
def test_rule_example(result):
    assert result.passed, result.detail


def test_every_rule_has_both_kinds_of_example():
    kinds = {}
    for result in RESULTS:
        kinds.setdefault(result.rule_id, set()).add(result.expectation)
    assert kinds and all(k == {"fire", "pass"} for k in kinds.values())
    assert len(kinds) == len(load_ruleset().rules)
