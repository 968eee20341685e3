import datetime as dt
import os
from pathlib import Path

import pytest

from engine.evaluate import CompiledRules
from engine.rules import load_ruleset

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
TODAY = dt.date(2026, 11, 25)


def shown(path: Path, cwd: Path = REPO) -> str:
    """How `cchc check` run in `cwd` names a file outside the repository: relative to `cwd`."""
    return Path(os.path.relpath(path, cwd)).as_posix()


@pytest.fixture(scope="session")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="session")
def compiled(ruleset):
    return CompiledRules(ruleset)
