import datetime as dt
import os
import subprocess
import sys
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


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The package as a release is built (`python -m build`: the sdist, then the wheel from it), once a run."""
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(REPO)],
                           capture_output=True, text=True, cwd=dist)
    assert build.returncode == 0, build.stderr
    assert len(list(dist.glob("cchc_check-*.tar.gz"))) == 1
    return next(dist.glob("cchc_check-*.whl"))
