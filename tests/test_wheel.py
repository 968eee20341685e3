"""An installed `cchc` (from the wheel, outside the checkout) finds its packs and templates."""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import PLANS, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def installed_cchc(tmp_path_factory, built_wheel):
    work = tmp_path_factory.mktemp("wheel")
    wheel = built_wheel
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.check_output([str(venv / "bin" / "python"), "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # The dependencies come from the test environment; the package itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                              "--no-deps", "--quiet", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(PLANS / "vinh-long-2022.yaml", elsewhere / "plan.yaml")
    return venv / "bin" / "cchc", elsewhere


def test_wheel_holds_rules_and_templates(installed_cchc):
    cchc, elsewhere = installed_cchc
    where = subprocess.check_output([str(cchc.parent / "python"), "-c",
                                     "import engine.resources as r; print(r.rules_dir()); print(r.reports_dir())"],
                                    text=True, cwd=elsewhere).split()
    assert all("site-packages" in w for w in where)
    reports = Path(where[1])
    for page_file in ("serve.j2", "html-parts.j2", "report.css", "serve.css", "serve.js"):     # cchc serve's page
        assert (reports / page_file).is_file(), page_file


def test_installed_cchc_checks_a_plan_from_another_folder(installed_cchc):
    cchc, elsewhere = installed_cchc
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(cchc), "check", "plan.yaml", "--format", "json", "--today", "2026-11-25"],
                            capture_output=True, text=True, cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["warnings"] == 5
    text = subprocess.run([str(cchc), "check", "plan.yaml"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert "PAR-TASK-LEAD-NAMED" in text.stdout
    version = subprocess.run([str(cchc), "--version"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert "nq76 1.1.0" in version.stdout


def test_installed_cchc_lists_rules_renders_every_format_imports_and_prints_the_schema(installed_cchc, tmp_path):
    from engine.render import FORMATS
    cchc, elsewhere = installed_cchc
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args):
        return subprocess.run([str(cchc), *args], capture_output=True, text=True, cwd=elsewhere, env=env)

    listed = run("rules", "list", "--format", "json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) > 100
    for fmt in FORMATS:
        result = run("check", "plan.yaml", "--format", fmt, "--today", "2026-11-25", "--fail-on", "never")
        assert result.returncode == 0 and result.stdout, (fmt, result.stderr)
    draft = elsewhere / "du-thao.md"
    shutil.copy(REPO / "tests" / "drafts" / "ke-hoach-cchc-2027.md", draft)
    imported = run("import", draft.name, "--output", str(tmp_path / "imported.yaml"))
    assert imported.returncode == 0, imported.stderr
    assert run("check", str(tmp_path / "imported.yaml"), "--fail-on", "never").returncode == 0
    schema = run("schema")
    assert schema.returncode == 0 and "procedures" in json.loads(schema.stdout)["$defs"]["Task"]["properties"]["domain"]["anyOf"][0]["enum"]


def test_the_readme_gives_what_it_shows_with_cchc_installed_from_the_wheel(installed_cchc, tmp_path):
    """A newcomer installs the wheel and follows README.md: each job's runs print what it shows."""
    from tests.test_readme import SECTIONS, assert_shown_outputs, run_section
    cchc, _elsewhere = installed_cchc
    for number, section in enumerate(s for s in SECTIONS if not s.in_repository):
        scratch = tmp_path / str(number)
        scratch.mkdir()
        assert_shown_outputs(section, run_section(section, scratch, commands=cchc.parent))
