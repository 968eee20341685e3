"""`cchc serve` as a reviewer uses it: Debian's Chromium (headless, driven by Playwright, never a
downloaded browser) against the server this test starts on localhost. Upload a plan and a Word
draft, see the findings, click one and see its row highlighted, filter, download the HTML report
and find it byte for byte what `cchc check --format html` writes; a bad upload shows the message."""
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PLANS, REPO
from tests.make_example_draft import make as make_draft
from tests.test_cli import cchc
from tests.test_html import headless_chromium

TODAY = "2026-11-25"
SCREENSHOT = REPO / "out" / "serve.png"                   # a finding's row, highlighted
SUMMARY_SCREENSHOT = REPO / "out" / "serve-summary.png"   # the top of the page after an upload


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`cchc serve --port 0` started as a reviewer starts it, outside any plan repository (no
    .cchc.yaml: `cchc check` in a bare folder is what it is compared with); its address read from
    what it prints."""
    process = subprocess.Popen([sys.executable, "-m", "engine.cli", "serve", "--port", "0", "--jobs", "2",
                                "--today", TODAY], cwd=tmp_path_factory.mktemp("reviewer"), stderr=subprocess.PIPE,
                               text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        line = process.stderr.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line
        yield address.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as launched:
        yield launched


@contextlib.contextmanager
def opened(browser, server: str, requests: list[str], javascript: bool = True):
    """The page in a fresh context; every request recorded, and any to another host refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.route(re.compile(r"^(?!" + re.escape(server) + ")"), lambda route: route.abort())
        page.goto(server, wait_until="load")
        yield page
    finally:
        context.close()


def upload(page, path: Path):
    """The file chosen in the form (the page's script sends it as soon as it is chosen)."""
    with page.expect_navigation(wait_until="load"):          # the result page, not the form still shown
        with page.expect_response(lambda response: response.url.endswith("/check")) as response:
            page.set_input_files("#plan-file", str(path))
    return response.value


def drop(page, paths: list[Path]) -> None:
    """The files dropped on the upload form, as a file manager drops them (a DataTransfer)."""
    transfer = page.evaluate_handle(
        "(files) => { const t = new DataTransfer();"
        " for (const [name, bytes] of files) t.items.add(new File([new Uint8Array(bytes)], name)); return t; }",
        [[path.name, list(path.read_bytes())] for path in paths])
    page.dispatch_event("#upload", "drop", {"dataTransfer": transfer})


def cli_html(folder: Path, path: Path) -> tuple[bytes, dict]:
    """`cchc check --format html NAME` (and its JSON) run in a folder holding only the file."""
    folder.mkdir(exist_ok=True)
    shutil.copy(path, folder / path.name)
    result = cchc("check", path.name, "--format", "json", "--report", "html=expected.html", "--today", TODAY,
                  "--fail-on", "never", "--no-progress", cwd=folder)
    assert result.returncode == 0, result.stderr
    return (folder / "expected.html").read_bytes(), json.loads(result.stdout)


def downloaded_html(page, tmp_path: Path) -> bytes:
    with page.expect_download() as info:
        page.click("p.downloads a:text-is('HTML')")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_a_reviewer_checks_a_plan_in_the_browser(browser, server, tmp_path):
    path = PLANS / "vinh-long-2022.yaml"
    expected_html, document = cli_html(tmp_path / "cli", path)
    findings = document["plans"][0]["findings"]
    requests: list[str] = []
    with opened(browser, server, requests) as page:
        response = upload(page, path)
        assert response.status == 200
        assert page.locator(".f-item").count() == len(findings)
        body = page.inner_text("body")
        for finding in findings:
            assert finding["message"] in body
        assert "Cải cách thủ tục hành chính" in body and "Nghị quyết số 76/NQ-CP" in body
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SUMMARY_SCREENSHOT))
        # A finding leads to its row: highlighted and scrolled into view.
        item = page.locator(".f-item[data-lead]").nth(5)
        lead = item.get_attribute("data-lead")
        item.locator(".message").click()
        row = page.locator(f"#{lead}")
        assert "highlight" in row.get_attribute("class")
        assert page.locator(".highlight").count() == 1
        box, height = row.bounding_box(), page.viewport_size["height"]
        assert 0 <= box["y"] and box["y"] + min(box["height"], height) <= height + 1
        page.screenshot(path=str(SCREENSHOT))
        # Filters: no warning left once warnings are unticked; one domain's rows only.
        page.uncheck("#filters input[value=warning]")
        shown = page.locator(".f-item:visible")
        assert shown.count() == sum(f["severity"] != "warning" for f in findings)
        page.check("#filters input[value=warning]")
        page.select_option("#filters select[name=domain]", "civil-service")
        assert page.locator(".f-item:visible").count() == sum(f["domain"] == "civil-service" for f in findings)
        assert page.locator("tr.task:visible").count() == page.locator("tr.task[data-domain=civil-service]").count()
        page.select_option("#filters select[name=domain]", "")
        page.check("#filters input[name=only-found]")
        with_findings = {f["pointer"].split("/")[2] for f in findings if (f["pointer"] or "").startswith("/tasks/")}
        assert page.locator("tr.task:visible").count() == len(with_findings) < page.locator("tr.task").count()
        page.uncheck("#filters input[name=only-found]")
        # The report to forward: the command line's, byte for byte.
        assert downloaded_html(page, tmp_path) == expected_html
    assert all(url.startswith(server) for url in requests), requests


def test_a_word_draft_dropped_in_the_browser(browser, server, tmp_path):
    draft = make_draft(tmp_path / "du-thao-ke-hoach.docx")
    expected_html, document = cli_html(tmp_path / "cli", draft)
    findings = document["plans"][0]["findings"]
    assert findings
    requests: list[str] = []
    with opened(browser, server, requests) as page:
        drop(page, [draft, PLANS / "vinh-long-2022.yaml"])          # two at once: said, nothing sent
        assert page.locator("#client-error").is_visible() and "một tệp" in page.inner_text("#client-error")
        with page.expect_navigation(wait_until="load"):
            with page.expect_response(lambda response: response.url.endswith("/check")) as response:
                drop(page, [draft])
        assert response.value.status == 200
        assert page.locator(".f-item").count() == len(findings)
        assert page.locator("tr.task").count() == document["plans"][0]["summary"]["tasks"]
        assert "du-thao-ke-hoach.docx" in page.inner_text("#summary")
        page.screenshot(path=str(REPO / "out" / "serve-docx.png"), full_page=False)
        assert downloaded_html(page, tmp_path) == expected_html
    assert all(url.startswith(server) for url in requests)


def test_a_bad_upload_shows_the_message_with_400(browser, server, tmp_path):
    bad = tmp_path / "ke-hoach.yaml"
    bad.write_bytes(bytes(range(256)) * 8)
    line = cchc("check", bad.name, "--no-progress", cwd=tmp_path).stderr.strip().splitlines()[-1]
    with opened(browser, server, []) as page:
        response = upload(page, bad)
        assert response.status == 400
        assert page.inner_text("#error .line") == line


def test_the_page_works_without_javascript(browser, server, tmp_path):
    requests: list[str] = []
    with opened(browser, server, requests, javascript=False) as page:
        page.set_input_files("#plan-file", str(PLANS / "vinh-long-2022.yaml"))
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.locator(".f-item").count() > 0
        lead = page.locator(".f-item a.goto").first
        target = lead.get_attribute("href")
        lead.click()
        assert page.evaluate("location.hash") == target
        assert page.locator("#filters").is_hidden()            # filtering needs the script
