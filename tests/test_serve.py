"""`cchc serve`: the reviewer's page checks an upload exactly as `cchc check` checks the same file,
refuses a bad upload with the command line's own message and HTTP 400 (a file too large too),
escapes every piece of plan text, sends a Content-Security-Policy and keeps nothing on disk."""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import markupsafe
import pytest
import yaml
from starlette.testclient import TestClient

from engine.serve import POLICY, ReportCache, Settings, create_app
from engine.upload import safe_name
from engine.yamlsource import Limits
from tests.conftest import PLANS, REPO
from tests.test_cli import cchc

TODAY = "2026-11-25"
EXAMPLES = sorted([*PLANS.glob("*.yaml"), *(PLANS / "examples").glob("*.yaml"), *(PLANS / "examples").glob("*.docx")])
EXAMPLES = [path for path in EXAMPLES if path.name != "roster.yaml"]
FORMATS = {"json": "json", "html": "html", "markdown": "md", "sarif": "sarif"}


@pytest.fixture(scope="module")
def spool_dir(tmp_path_factory):
    """The workers' temporary folder (TMPDIR, inherited when they are spawned): empty after each check."""
    return tmp_path_factory.mktemp("serve-tmp")


@pytest.fixture(scope="module")
def client(spool_dir):
    previous = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(spool_dir)
    try:
        app = create_app(Settings(lang="vi", max_upload_mb=1, jobs=2, today=dt.date.fromisoformat(TODAY)))
        with TestClient(app) as test_client:
            yield test_client
    finally:
        if previous is None:
            os.environ.pop("TMPDIR")
        else:
            os.environ["TMPDIR"] = previous


def upload(client, name: str, data: bytes):
    return client.post("/check", files={"plan": (name, data, "application/octet-stream")})


def downloads(client, page: str) -> dict[str, bytes]:
    links = {fmt: f"/report/{page.split('/report/', 1)[1].split('/', 1)[0]}/{fmt}" for fmt in FORMATS}
    return {fmt: client.get(link).content for fmt, link in links.items()}


def cli_reports(folder: Path, name: str) -> dict[str, bytes]:
    """`cchc check NAME` run in a folder holding only the file, in every format the page offers."""
    args = ["check", name, "--today", TODAY, "--fail-on", "never", "--no-progress", "--format", "json",
            "--output", "out.json"] + [f"--report={fmt}=out.{suffix}" for fmt, suffix in FORMATS.items() if fmt != "json"]
    result = cchc(*args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return {fmt: (folder / f"out.{suffix}").read_bytes() for fmt, suffix in FORMATS.items()}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_an_upload_is_checked_as_cchc_check_checks_the_file(client, tmp_path, path):
    """Same findings, same order, same fingerprints: the four reports are the command line's, byte for byte."""
    response = upload(client, path.name, path.read_bytes())
    assert response.status_code == 200, response.text[:2000]
    shutil.copy(path, tmp_path / path.name)
    expected = cli_reports(tmp_path, path.name)
    got = downloads(client, response.text)
    for fmt in FORMATS:
        assert got[fmt] == expected[fmt], fmt
    document = json.loads(got["json"])
    findings = document["plans"][0]["findings"]
    assert document["plans"][0]["path"] == path.name
    for finding in findings:                        # every finding is on the page, in the report's order
        assert str(markupsafe.escape(finding["message"])) in response.text
    positions = [response.text.index(f'id="f-{n}"') for n in range(1, len(findings) + 1)]
    assert positions == sorted(positions)


def test_a_finding_on_a_task_sits_in_its_row_and_leads_to_it(client):
    text = upload(client, "vinh-long-2022.yaml", (PLANS / "vinh-long-2022.yaml").read_bytes()).text
    row = text.split('id="task-4"', 1)[1].split("</tr>", 1)[0]
    assert 'class="chip sev-warning"' in row                     # III.5: no single lead for one decision
    assert 'data-lead="task-4"' in text and 'href="#task-4"' in text


def test_a_plan_without_findings_says_so(client):
    app = create_app(Settings(lang="vi", rule_packs=("org-2025",), jobs=1, today=dt.date.fromisoformat(TODAY)))
    with TestClient(app) as narrow:                   # vinh-long-2022 names no agency renamed in 2025
        clean = upload(narrow, "vinh-long-2022.yaml", (PLANS / "vinh-long-2022.yaml").read_bytes())
    assert clean.status_code == 200 and "Kế hoạch không có phát hiện nào" in clean.text
    flawed = upload(client, "vinh-long-2022.yaml", (PLANS / "vinh-long-2022.yaml").read_bytes())
    assert flawed.status_code == 200 and "Kế hoạch không có phát hiện nào" not in flawed.text


def test_a_port_in_use_is_one_clear_message_and_exit_2():
    import socket
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = cchc("serve", "--port", port, "--jobs", "1", "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"cchc serve: cannot listen on 127.0.0.1:{port}: ") and "--port 0" in result.stderr


def test_serve_takes_its_rule_packs_from_the_repository_settings(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cchc.yaml").write_text("rules: [khong-co-bo-nay]\n", encoding="utf-8")
    result = cchc("serve", "--port", "0", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2 and "khong-co-bo-nay" in result.stderr      # read, and refused before serving


@pytest.mark.parametrize("name, data", [
    ("binary.yaml", bytes(range(256)) * 4),
    ("ke-hoach.docx", b"PK\x03\x04 not a zip at all"),
    ("report.yaml", json.dumps({"version": "2.1.0", "runs": []}).encode()),
], ids=["binary", "broken-word", "report-as-yaml"])
def test_a_bad_upload_gets_the_command_line_message_and_400(client, tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    result = cchc("check", name, "--no-progress", cwd=tmp_path)
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    response = upload(client, name, data)
    assert response.status_code == 400
    assert str(markupsafe.escape(line)) in response.text
    assert "Traceback" not in response.text and 'role="alert"' in response.text


@pytest.mark.parametrize("name", ["cchc.sarif", "report.json", "report.html"])
def test_a_report_is_refused_as_not_a_plan(client, name):
    response = upload(client, name, b'{"version": "2.1.0", "runs": []}')
    assert response.status_code == 400
    assert f"{name}: là một báo cáo (hoặc tệp dữ liệu), không phải kế hoạch" in response.text


def test_a_file_over_the_limit_is_refused_with_400_and_a_message(client):
    response = upload(client, "big.yaml", b"# " + b"x" * (1024 * 1024 + 10))
    assert response.status_code == 400
    assert "vượt giới hạn 1 MB" in response.text and "--max-upload-mb" in response.text


def test_a_form_without_a_file_is_400(client):
    response = client.post("/check", files={"other": (None, "x")})
    assert response.status_code == 400 and "không nhận được tệp nào" in response.text
    response = client.post("/check", data={"plan": "x"})          # not multipart
    assert response.status_code == 400 and "biểu mẫu tải lên không hợp lệ" in response.text


def test_every_response_carries_the_content_security_policy(client):
    for response in (client.get("/"), client.get("/static/serve.js"), client.get("/static/report.css"),
                     upload(client, "x.txt", b"")):
        assert response.headers["content-security-policy"] == POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in POLICY and "default-src 'none'" in POLICY
    assert client.get("/static/serve.j2").status_code == 404
    assert client.get("/static/..%2Fengine%2Fserve.py").status_code == 404


def test_plan_text_is_escaped(client):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    data = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    data["plan"]["title"] = hostile
    data["plan"]["legal_basis"].append(hostile)
    data["tasks"][0]["title"] = hostile
    data["tasks"][0]["owner"] = hostile
    response = upload(client, "<b>evil</b>.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img" not in response.text and "<b>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert response.text.count("<script") == 1                 # the page's own, from /static


def test_nothing_of_an_upload_stays_on_disk(client, spool_dir):
    upload(client, "xa-phu-quoi-2027.docx", (PLANS / "examples" / "xa-phu-quoi-2027.docx").read_bytes())
    upload(client, "binary.yaml", b"\x00\x01")
    assert list(spool_dir.iterdir()) == []


def test_an_unknown_or_expired_report_is_a_clear_404(client):
    response = client.get("/report/no-such-token/html")
    assert response.status_code == 404 and "tải tệp lên kiểm tra lại" in response.text


def test_the_report_cache_is_bounded_and_expires():
    cache = ReportCache(entries=2, size=10, seconds=0.2)
    for token in "abc":
        cache.put(token, {"json": ("a.json", "application/json", b"1")})
    assert cache.get("a") is None and cache.get("c") is not None and len(cache) == 2
    cache.put("big", {"json": ("a.json", "application/json", b"x" * 11)})
    assert cache.get("big") is None
    time.sleep(0.25)
    assert len(cache) == 0


@pytest.mark.parametrize("given, expected", [
    ("ke-hoach.docx", "ke-hoach.docx"),
    ("C:\\Users\\a\\Kế hoạch 2027.docx", "Kế hoạch 2027.docx"),
    ("../../etc/passwd.yaml", "passwd.yaml"),
    (".hidden.yaml", "hidden.yaml"),
    ("a<b>|c.yaml", "a_b_c.yaml"),
    ("", "du-thao"),
    ("x" * 300 + ".docx", "x" * 115 + ".docx"),
    ("ệ" * 110 + ".yaml", "ệ" * 65 + ".yaml"),            # 3 bytes a letter: 195 + 5 bytes
])
def test_an_upload_name_becomes_a_plain_file_name(given, expected):
    assert safe_name(given) == expected


def test_a_long_vietnamese_file_name_is_checked(client):
    response = upload(client, "ệ" * 110 + ".yaml", (PLANS / "vinh-long-2022.yaml").read_bytes())   # 330 bytes
    assert response.status_code == 200 and "PAR-TASK-LEAD-NAMED" in response.text


def test_a_draft_is_read_once_per_upload(monkeypatch):
    import engine.drafts
    import engine.workers
    from engine.evaluate import CompiledRules
    from engine.rules import load_ruleset
    from engine.upload import check_upload
    reads = []
    original = engine.drafts.read_draft          # what every way of loading a draft calls
    monkeypatch.setattr(engine.drafts, "read_draft", lambda *args, **kwargs: reads.append(1) or original(*args, **kwargs))
    monkeypatch.setitem(engine.workers._worker, "compiled", CompiledRules(load_ruleset()))
    draft = PLANS / "examples" / "xa-phu-quoi-2027.docx"
    checked = check_upload(draft.name, draft.read_bytes(), dt.date.fromisoformat(TODAY), "vi", Limits(), {
        "max_upload_mb": 20, "cache_minutes": 10, "token": "t"})
    assert checked.status == 200 and "VII.2" in checked.page and len(reads) == 1


def test_served_on_this_machine_the_page_answers_to_its_own_names_only():
    app = create_app(Settings(jobs=1, hosts=("127.0.0.1", "localhost")))
    with TestClient(app, base_url="http://127.0.0.1:8765") as local:
        assert local.get("/").status_code == 200
        assert local.get("/", headers={"host": "localhost:8765"}).status_code == 200
        assert local.get("/", headers={"host": "rebound.example:8765"}).status_code == 400     # DNS rebinding


def test_started_in_a_plan_repository_an_upload_is_compared_with_its_parent(tmp_path, monkeypatch):
    from engine.config import find_config
    repo = tmp_path / "kho-ke-hoach"
    (repo / ".git").mkdir(parents=True)
    (repo / "plans").mkdir()
    shutil.copy(PLANS / "examples" / "vinh-long-2027.yaml", repo / "plans")      # the province's plan
    (repo / ".cchc.yaml").write_text("plans: [plans]\n", encoding="utf-8")
    monkeypatch.chdir(repo)                                                      # as `cchc serve` is started
    child = PLANS / "examples" / "so-noi-vu-vinh-long-2027.yaml"
    settings = Settings(jobs=1, today=dt.date.fromisoformat(TODAY), config=find_config(repo))
    with TestClient(create_app(settings)) as in_repository:
        response = upload(in_repository, child.name, child.read_bytes())
        report = downloads(in_repository, response.text)["json"].decode("utf-8")
    assert response.status_code == 200 and "CASCADE-TASK-ASSIGNED" in response.text
    assert "CASCADE-PARENT-MISSING" not in response.text
    assert json.loads(report)["tool"]["config"] == ".cchc.yaml" and str(tmp_path) not in report


def test_another_host_than_this_machine_is_warned_about():
    with subprocess.Popen([sys.executable, "-m", "engine.cli", "serve", "--host", "0.0.0.0", "--port", "0",
                           "--jobs", "1"], cwd=REPO, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}) as process:
        try:
            lines = [process.stderr.readline() for _ in range(2)]
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert lines[0].startswith("cảnh báo: trang kiểm tra mở cho các máy khác trên mạng")
    assert "http://0.0.0.0:" in lines[1]
