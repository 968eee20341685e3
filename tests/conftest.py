import datetime as dt
from pathlib import Path

import pytest

from engine.evaluate import CompiledRules
from engine.rules import load_ruleset

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="session")
def compiled(ruleset):
    return CompiledRules(ruleset)
