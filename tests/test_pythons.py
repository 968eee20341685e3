"""One wheel, installed as a user installs it on each supported Python (3.11, 3.12, 3.13), checks the
same plans with byte-identical reports. Each version's interpreter is found on PATH (python3.1x) or among
pyenv's versions; a version not on the machine is skipped, saying so."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PLANS, REPO

pytestmark = pytest.mark.slow

VERSIONS = ("3.11", "3.12", "3.13")


def _interpreter(version: str) -> str | None:
    """The executable of a python of that minor version that starts (past any pyenv shim), or None."""
    roots = [Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"]
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted((str(p) for root in roots if root.is_dir()
                          for p in root.glob(f"{version}.*/bin/python{version}")), reverse=True)
    for candidate in filter(None, candidates):
        started = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
                                 capture_output=True, text=True)
        if started.returncode == 0 and started.stdout.split()[0] == version:
            return started.stdout.split(maxsplit=1)[1].strip()
    return None


@pytest.fixture(scope="module")
def installs(built_wheel, tmp_path_factory):
    """version → the `cchc` of a fresh venv where pip installed the wheel and its dependencies from the index."""
    work = tmp_path_factory.mktemp("pythons")
    # As a user's shell has it: no CPPFLAGS, so durable_rules is built as plain pip builds it.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CPPFLAGS", "CFLAGS")}
    found = {}
    for version in VERSIONS:
        python = _interpreter(version)
        if python is None:
            continue
        venv = work / f"venv-{version}"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                  "--disable-pip-version-check", str(built_wheel)],
                                 capture_output=True, text=True, env=env)
        assert install.returncode == 0, (version, install.stderr[-3000:])
        found[version] = venv / "bin"
    missing = [v for v in VERSIONS if v not in found]
    if len(found) < 2:
        pytest.skip(f"Python {', '.join(missing)} not found on PATH or in pyenv: no second version to compare")
    return found, env


def _check(bin_dir: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "cchc"), *args], capture_output=True, text=True, cwd=REPO, env=env)


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_every_python_gives_the_same_report(installs, fmt):
    found, env = installs
    reports = {}
    for version, bin_dir in found.items():
        result = _check(bin_dir, env, "check", str(PLANS.relative_to(REPO)), "--today", "2026-11-25",
                        "--format", fmt, "--fail-on", "never", "--lang", "vi")
        assert result.returncode == 0 and "Traceback" not in result.stderr, (version, result.stderr)
        reports[version] = result.stdout
    first, *others = found
    assert reports[first].strip()
    for version in others:
        assert reports[version] == reports[first], f"Python {version} differs from {first} ({fmt})"


def test_the_engine_imports_on_313_only_through_the_packages_own_module(installs):
    """On 3.13, durable_rules built by plain pip lacks PyEval_CallObject; cchc runs because
    engine.durable_support loads the symbol first (a build given CPPFLAGS needs no help)."""
    found, env = installs
    if "3.13" not in found:
        pytest.skip("Python 3.13 not found on PATH or in pyenv")
    python = str(found["3.13"] / "python")
    bare = subprocess.run([python, "-c", "import durable_rules_engine"], capture_output=True, text=True, env=env)
    if bare.returncode == 0:
        pytest.skip("this durable_rules build already maps PyEval_CallObject (built with CPPFLAGS, or cached so)")
    assert "PyEval_CallObject" in bare.stderr
    through = subprocess.run([python, "-c", "import engine.evaluate"], capture_output=True, text=True, env=env,
                             cwd=found["3.13"])
    assert through.returncode == 0, through.stderr


def test_pip_refuses_a_python_the_package_does_not_support(built_wheel):
    """requires-python stops pip on an older Python, instead of an install that fails at import."""
    python = _interpreter("3.10")
    if python is None:
        pytest.skip("no Python 3.10 on PATH or in pyenv to try the refusal with")
    sdist = next(built_wheel.parent.glob("cchc_check-*.tar.gz"))
    refused = subprocess.run([python, "-m", "pip", "install", "--dry-run", "--no-deps", "--disable-pip-version-check",
                              str(sdist)], capture_output=True, text=True)
    assert refused.returncode != 0
    assert "requires a different Python" in refused.stdout + refused.stderr


@pytest.mark.parametrize("version", VERSIONS)
def test_make_uses_the_only_python_a_machine_has_and_names_it_first(version, tmp_path):
    """A machine whose only Python is that version (nothing else on PATH but make)."""
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"Python {version} not found on PATH or in pyenv")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").symlink_to(shutil.which("make"))
    (bin_dir / f"python{version}").symlink_to(python)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    chosen = subprocess.run(["make", "-s", "python"], capture_output=True, text=True, cwd=REPO, env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.splitlines()[0].startswith(f"Python {version}.") and f"(python{version})" in chosen.stdout


def test_make_says_what_to_do_on_a_machine_without_a_supported_python(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").symlink_to(shutil.which("make"))
    old = _interpreter("3.10")
    if old:
        (bin_dir / "python3").symlink_to(old)      # an unsupported Python is not taken
    result = subprocess.run(["make", "-s", "test"], capture_output=True, text=True, cwd=REPO,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "No Python 3.11, 3.12 or 3.13 found" in result.stderr and "PYTHON=" in result.stderr
