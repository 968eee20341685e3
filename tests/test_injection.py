"""A hostile plan cannot inject markup: whatever its text holds, every report shows it as text.
The plan's own words carry HTML, XML, Markdown, Jinja and GitHub-command syntax; each report is
parsed as its reader parses it and must hold no element, link, image or command the tool did not
write."""
import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest
import yaml

from tests.conftest import PLANS
from tests.test_cli import cchc

HOSTILE = [
    '</script><script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "]]><evil/><![CDATA[",
    "<!-- --><a href='javascript:alert(1)'>x</a>",
    "![theo dõi](http://evil.example/pixel.png) [bấm](http://evil.example/)",
    "| ô giả | ô giả |\n| --- | --- |",
    "\n::error file=x::bị chiếm\n::set-output name=x::y",
    "{{ 7*7 }} {% raw %}",
]


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory):
    data = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    data["plan"]["issuer"] = " ".join(HOSTILE)
    for index, text in enumerate(HOSTILE):
        task = data["tasks"][index]
        task["title"] = f"Nhiệm vụ {index}: {text}"
        task["owner"] = text               # a lead that is not an agency: a finding quotes it
        task["deadline"] = text            # not a deadline: a finding quotes it
    folder = tmp_path_factory.mktemp("repo")
    (folder / ".git").mkdir()
    (folder / "hostile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def report(folder, fmt: str) -> str:
    result = cchc("check", "hostile.yaml", "--format", fmt, "--today", "2026-11-25", "--fail-on", "info",
                  cwd=folder)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_the_hostile_text_reaches_the_findings(hostile_repo):
    messages = " ".join(f["message"] for f in json.loads(report(hostile_repo, "json"))["plans"][0]["findings"])
    assert sum(text in messages for text in HOSTILE) >= 6


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.links += [value for name, value in attrs if name in ("href", "src") and value and
                       not value.startswith(("#", "data:"))]


def test_html_holds_no_element_of_the_plans(hostile_repo):
    page = _Elements()
    page.feed(report(hostile_repo, "html"))
    assert {"script", "img", "evil", "a"} & set(page.tags) <= {"a"}        # the tool's own links only
    assert page.handlers == [] and page.links == []


def test_junit_and_sarif_parse_and_carry_the_text_as_text(hostile_repo):
    root = ElementTree.fromstring(report(hostile_repo, "junit"))
    assert {element.tag for element in root.iter()} <= {"testsuites", "testsuite", "testcase", "failure",
                                                        "properties", "property", "system-out", "system-err"}
    failures = " ".join((element.text or "") + element.get("message", "") for element in root.iter("failure"))
    assert "</script><script>alert(1)</script>" in failures
    sarif = json.loads(report(hostile_repo, "sarif"))
    texts = [result["message"]["text"] for result in sarif["runs"][0]["results"]]
    assert any('"><img src=x onerror=alert(1)>' in text for text in texts)


def test_markdown_makes_no_link_image_html_or_table_cell_of_the_plans(hostile_repo):
    markdown = report(hostile_repo, "markdown")
    assert "](http://evil" not in markdown.replace("\\](", "")          # every bracket escaped
    assert "<img" not in markdown and "<script" not in markdown and "<a href" not in markdown
    for line in markdown.splitlines():
        if line.startswith("| ô giả") or line.startswith("::"):
            pytest.fail(f"plan text made its own line: {line!r}")
    tables, rows = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            rows.append(line.replace("\\|", "").count("|"))
        elif rows:
            tables.append(rows)
            rows = []
    assert tables and all(len(set(rows)) == 1 for rows in tables)     # no row has a cell more than its header


def test_github_output_is_only_the_tools_own_commands(hostile_repo):
    lines = report(hostile_repo, "github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    # Plan text may be quoted inside a message (escaped, so inert), never in a command's properties.
    assert not any("file=x" in line.split("::")[1] or line.startswith("::set-output") for line in lines)
