"""The HTML report: one self-contained page that escapes every piece of plan text,
holds every finding, sums them per plan and per domain, and reads and prints in
a real browser without fetching anything."""
import contextlib
import datetime as dt
import html
import json
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest
import yaml

from tests.conftest import PLANS, REPO
from tests.test_cli import cchc

TODAY = "2026-11-25"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = REPO / "out" / "html-report.png"
BAD = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")
# Everything the template may write; a <script>, <img>, <link>, <iframe>… is a failure.
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "article", "nav",
        "h1", "h2", "h3", "h4", "p", "span", "strong", "code", "a", "br", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "div", "svg", "rect",
        "text"}
WAIVER = {"rule": "PAR-TASK-LEAD-NAMED", "task": "III.5",
          "task_title": "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC",
          "reason": "Mỗi cơ quan đề xuất phương án đơn giản hóa TTHC thuộc phạm vi của mình; Văn phòng UBND tỉnh tổng hợp",
          "approved_by": "Chánh Văn phòng UBND tỉnh", "expires": dt.date(2022, 12, 31)}


class Page(HTMLParser):
    """What a browser would build from the page, as far as these tests need it."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.messages: list[str] = []
        self.articles: list[tuple[str, str]] = []        # (class, text)
        self.tables: list[dict] = []                     # {"caption", "rows"}
        self.charts: list[list[tuple[str, dict, str]]] = []  # per <svg>: (tag, attrs, text)
        self.style = ""
        self._open: dict[str, list[str]] = {}
        self._article_class = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        classes = (attrs.get("class") or "").split()
        if tag == "p" and "message" in classes:
            self._open["message"] = []
        elif tag == "article":
            self._open["article"], self._article_class = [], attrs.get("class") or ""
        elif tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._open["caption"] = []
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            self._open["cell"] = []
        elif tag == "style":
            self._open["style"] = []
        elif tag == "svg" and "chart" in classes:      # the bar charts (not the heat map or legend swatches)
            self.charts.append([])
            self._open["svg"] = []
        if "svg" in self._open and tag in ("rect", "text"):
            self.charts[-1].append((tag, attrs, ""))
            self._open["svg-text"] = []

    def handle_endtag(self, tag):
        if tag == "p" and "message" in self._open:
            self.messages.append("".join(self._open.pop("message")))
        elif tag == "article":
            self.articles.append((self._article_class, "".join(self._open.pop("article"))))
        elif tag == "caption":
            self.tables[-1]["caption"] = "".join(self._open.pop("caption"))
        elif tag in ("th", "td") and "cell" in self._open:
            self.tables[-1]["rows"][-1].append("".join(self._open.pop("cell")).strip())
        elif tag == "style":
            self.style = "".join(self._open.pop("style"))
        elif tag == "svg":
            self._open.pop("svg", None)
        elif tag == "text" and "svg-text" in self._open:
            element, attrs, _ = self.charts[-1][-1]
            self.charts[-1][-1] = (element, attrs, "".join(self._open.pop("svg-text")))

    def handle_data(self, data):
        for buffer in self._open.values():
            buffer.append(data)


def render(tmp_path, *paths, fmt="html", lang="vi", today=TODAY, name=None) -> tuple[str, Path]:
    out = tmp_path / (name or f"report-{lang}.{fmt}")
    result = cchc("check", *map(str, paths), "--format", fmt, "--output", str(out), "--today", today,
                  "--lang", lang, "--fail-on", "never", "--no-progress")
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8"), out


def json_report(tmp_path, *paths, lang="vi", today=TODAY) -> dict:
    return json.loads(render(tmp_path, *paths, fmt="json", lang=lang, today=today)[0])


def messages(document: dict) -> list[str]:
    return [f["message"] for plan in document["plans"] for f in plan["findings"]]


def assert_self_contained(text: str, page: Page) -> None:
    """No script, no element that loads anything, no URL to another host."""
    assert "<script" not in text.lower()
    assert {tag for tag, _ in page.tags} <= TAGS, {tag for tag, _ in page.tags} - TAGS
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster"):
            if name in attrs:
                assert (attrs[name] or "").startswith("#"), (tag, name, attrs[name])
        assert attrs.get("http-equiv", "Content-Security-Policy") == "Content-Security-Policy", attrs   # no refresh
    style = page.style.lower()
    for forbidden in ("url(", "@import", "@font-face", "http://", "https://"):
        assert forbidden not in style, forbidden
    lowered = text.lower()
    for scheme in ("http://", "https://"):
        for attribute in ("src=", "href=", "url("):
            assert f'{attribute}"{scheme}' not in lowered and f"{attribute}{scheme}" not in lowered


def test_html_report_of_the_example_plans(tmp_path):
    text, path = render(tmp_path, "plans/")
    document = json_report(tmp_path, "plans/")
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"vi\">")
    assert '<meta charset="utf-8">' in text
    assert_self_contained(text, page)
    # Every finding once, word for word, and every message in the unescaped page.
    assert sorted(page.messages) == sorted(messages(document))
    unescaped = html.unescape(text)
    for message in messages(document):
        assert message in unescaped
    # Vietnamese intact: NFC, no mojibake, the headings in Vietnamese.
    assert unicodedata.is_normalized("NFC", text)
    assert "Ã" not in text and "\ufffd" not in text
    assert "<code></code>" not in text                    # no empty location or pointer
    for heading in ("Báo cáo kiểm tra kế hoạch cải cách hành chính", "Ngày đánh giá", "Lĩnh vực",
                    "Cải cách thủ tục hành chính", "Chung", "Căn cứ", "Gợi ý"):
        assert heading in text
    # Deterministic: the only date is evaluated_on, and a second run is byte-identical.
    assert f"{TODAY}" in text and str(dt.date.today()) not in text.replace(TODAY, "")
    again = render(tmp_path, "plans", name="again.html")[1]
    assert path.read_bytes() == again.read_bytes()
    # The footer names the tool and every rule pack.
    footer = text[text.index("<footer>"):]
    assert f"{document['tool']['name']} {document['tool']['version']}" in footer
    for pack in document["tool"]["rule_packs"]:
        assert f"<code>{pack['id']}</code> {pack['version']}" in footer


def test_html_print_css_and_font_stack(tmp_path):
    text, _ = render(tmp_path, "plans/vinh-long-2022.yaml")
    style = Page(text).style
    assert "@page { size: A4; margin: 15mm; }" in style
    assert "@media print" in style and "break-inside: avoid" in style
    assert 'system-ui, "Segoe UI", Roboto, "Noto Sans"' in style and "sans-serif" in style


def test_html_summaries_per_plan_and_domain_match_the_findings(tmp_path, ruleset):
    text, _ = render(tmp_path, "plans/")
    document = json_report(tmp_path, "plans/")
    page = Page(text)
    domain_tables = [t for t in page.tables if t["caption"].startswith("Phát hiện theo lĩnh vực")]
    with_findings = [p for p in document["plans"] if p["findings"]]          # a clean plan has no table to show
    assert len(domain_tables) == len(page.charts) == 1 + len(with_findings)   # all plans, then each plan
    names = {key: domain.vi for key, domain in ruleset.vocabulary.domains.items()}

    def expected(findings):
        by = Counter(names.get(f["domain"], f["domain"]) if f["domain"] else "Chung" for f in findings)
        return by, Counter((names.get(f["domain"], f["domain"]) if f["domain"] else "Chung", f["severity"])
                           for f in findings)

    all_findings = [f for plan in document["plans"] for f in plan["findings"]]
    for findings, table, chart in zip([all_findings] + [p["findings"] for p in with_findings],
                                      domain_tables, page.charts):
        totals, by_severity = expected(findings)
        rows = table["rows"][1:]
        assert {row[0]: int(row[5]) for row in rows} == dict(totals)
        for row in rows:
            assert [int(n) for n in row[1:4]] == [by_severity[(row[0], s)] for s in ("error", "warning", "info")]
        # The chart: a label and one bar per domain, the bar's length proportional to its count.
        labels = [t for tag, _, t in chart if tag == "text"]
        assert [row[0] for row in rows] == [label for label in labels if label in totals]
        bars: dict[float, float] = {}
        for tag, attrs, _ in chart:
            if tag == "rect" and attrs.get("height") == "14":
                bars[float(attrs["y"])] = bars.get(float(attrs["y"]), 0.0) + float(attrs["width"])
        lengths = [bars[y] for y in sorted(bars)]
        assert len(lengths) == len(rows)
        longest, most = max(lengths), max(totals.values())
        for length, row in zip(lengths, rows):
            assert abs(length / longest - int(row[5]) / most) < 0.002, (row, length)
    # Overall counts in the summary table's footer row.
    footer_row = page.tables[0]["rows"][-1]
    summary = document["summary"]
    assert [int(n) for n in footer_row[1:6]] == [summary["errors"], summary["warnings"], summary["infos"],
                                                 summary["waived"], len(all_findings)]


def test_html_report_in_english(tmp_path):
    text, _ = render(tmp_path, "plans/examples", lang="en")
    document = json_report(tmp_path, "plans/examples", lang="en")
    page = Page(text)
    assert '<html lang="en">' in text
    for heading in ("Administrative-reform plan check report", "Evaluated on", "Findings by domain", "General",
                    "Reference", "Institutional reform"):
        assert heading in text
    for vietnamese in ("Lĩnh vực", "Ngày đánh giá", "Căn cứ", ">Chung<"):
        assert vietnamese not in text
    assert sorted(page.messages) == sorted(messages(document))


def bad_plan(tmp_path) -> Path:
    """A plan whose task title, deadline, owner and target text carry markup and
    template syntax; the task without an owner makes NQ76-TASK-OWNER quote its title."""
    bad = " ".join(BAD)
    plan = {
        "plan": {"id": "bad-plan", "title": f"Kế hoạch thử {bad}", "kind": "annual",
                 "period": {"from": 2022, "to": 2022}},
        "targets": [{"indicator": "procedures.records-digitised-share", "value": 100, "unit": "percent",
                     "comparator": ">=", "year": 2022, "text": f"Số hóa hồ sơ {bad}"}],
        "tasks": [
            {"id": "1", "domain": "procedures", "title": f"Rà soát thủ tục {bad}", "output": "Quyết định công bố",
             "deadline": f"Thường xuyên {bad}"},
            {"id": "2", "domain": "procedures", "title": "Số hóa hồ sơ", "owner": f"Sở Nội vụ {bad}",
             "output": "Kho dữ liệu", "deadline": "Quý II năm 2022"},
        ],
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_html_escapes_every_piece_of_plan_text(tmp_path):
    path = bad_plan(tmp_path)
    text, _ = render(tmp_path, path)
    document = json_report(tmp_path, path)
    quoting = [m for m in messages(document) if BAD[0] in m]
    assert {f["rule_id"] for p in document["plans"] for f in p["findings"] if BAD[0] in f["message"]} >= {
        "NQ76-TASK-OWNER", "PAR-TASK-DEADLINE-CONCRETE"}
    page = Page(text)
    assert_self_contained(text, page)
    assert "<script" not in text and "<img" not in text and "onerror=alert(1)>" not in text.replace("&gt;", "")
    for bad in BAD:
        assert str(markupsafe.escape(bad)) in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    # Template syntax in plan text stays literal: shown as written, never evaluated.
    assert "{{ 7*7 }}" in text and "Rà soát thủ tục 49" not in text and "Thường xuyên 49" not in text
    assert sorted(page.messages) == sorted(messages(document))
    for message in quoting:
        assert message in page.messages and str(markupsafe.escape(message)) in text


def test_html_marks_waived_findings_and_counts_them_apart(tmp_path):
    plan = yaml.safe_load((PLANS / "vinh-long-2022.yaml").read_text(encoding="utf-8"))
    plan["waivers"] = [WAIVER]
    path = tmp_path / "vinh-long-2022.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text, _ = render(tmp_path, path, today="2022-06-30")
    document = json_report(tmp_path, path, today="2022-06-30")
    assert document["summary"]["waived"] == 1
    page = Page(text)
    waived = [(cls, body) for cls, body in page.articles if "is-waived" in cls]
    assert len(waived) == 1
    cls, body = waived[0]
    assert "PAR-TASK-LEAD-NAMED" in body and "III.5" in body and "miễn trừ" in body
    assert "Lý do miễn trừ" in body and WAIVER["reason"] in body
    assert text.count('<span class="waived-mark">miễn trừ</span>') == 1
    assert 'Miễn trừ: <strong>1</strong>' in text
    en, _ = render(tmp_path, path, today="2022-06-30", lang="en")
    assert en.count('<span class="waived-mark">waived</span>') == 1 and 'Waived: <strong>1</strong>' in en


def test_html_lists_unreadable_files(tmp_path):
    (tmp_path / "a-bad.yaml").write_text("plan: [\n", encoding="utf-8")
    (tmp_path / "b-good.yaml").write_bytes((PLANS / "vinh-long-2022.yaml").read_bytes())
    out = tmp_path / "report.html"
    result = cchc("check", str(tmp_path), "--format", "html", "--output", str(out), "--today", TODAY)
    assert result.returncode == 2
    text = out.read_text(encoding="utf-8")
    assert "Tệp không đọc được" in text and "a-bad.yaml" in text and "vinh-long-2022" in text


@contextlib.contextmanager
def opened_in_chromium(report: Path, requests: list[str]):
    """The report opened in headless Chromium: every request it makes is recorded in `requests`,
    and anything that would leave the machine is refused as well."""
    with headless_chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.route("http*://**", lambda route: route.abort())
        page.goto(report.as_uri(), wait_until="load")
        yield page


@contextlib.contextmanager
def headless_chromium():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser here);
    the test is skipped, saying why, when either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is missing (pip install playwright)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


def test_html_report_in_a_real_browser(tmp_path):
    _, report = render(tmp_path, "plans/")
    document = json_report(tmp_path, "plans/")
    url = report.as_uri()
    requests: list[str] = []
    pdf = tmp_path / "report.pdf"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    with opened_in_chromium(report, requests) as page:
        body = page.inner_text("body")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        page.pdf(path=str(pdf), format="A4")
        page.emulate_media(media="print")
        dark = page.evaluate("""() => [...document.querySelectorAll('*')].filter(e => {
            const m = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g);
            if (!m || (m.length > 3 && +m[3] === 0)) return false;
            return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2] < 160;
        }).map(e => e.tagName + '.' + e.className)""")
    assert requests == [url]
    assert unicodedata.is_normalized("NFC", body)
    for message in messages(document):
        assert message in body
    for text in ("Báo cáo kiểm tra kế hoạch cải cách hành chính", "Cải cách thủ tục hành chính", "Nhiệm vụ"):
        assert text in body
    assert overflow <= 0, "the page scrolls sideways"
    assert dark == [], dark
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1024
    assert SCREENSHOT.stat().st_size > 1024


def test_audit_report_of_the_example_folder_in_a_real_browser(tmp_path):
    """The auditor's report (PRODUCT.md's example folder with its roster): it fetches nothing,
    shows every plan and every unit without one, and a heat-map row leads to that plan's findings."""
    examples = PLANS / "examples"
    report, data = tmp_path / "audit.html", tmp_path / "audit.json"
    result = cchc("check", str(examples), "--expect", str(examples / "roster.yaml"), "--format", "html",
                  "--output", str(report), "--report", f"json={data}", "--today", TODAY, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    document = json.loads(data.read_text(encoding="utf-8"))
    plans = [p for p in document["plans"] if "kind" not in p]
    missing = document["summary"]["roster"]["missing"]
    assert len(plans) >= 5 and missing
    requests: list[str] = []
    with opened_in_chromium(report, requests) as page:
        body = page.inner_text("body")
        rows = page.locator("svg.heatmap a")
        assert rows.count() == len(plans)
        target = rows.nth(1)
        anchor = target.get_attribute("href")
        target.click()
        page.wait_for_function(f"location.hash === '{anchor}'")
        heading = page.inner_text(f"section{anchor} h2")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert requests == [report.as_uri()]
    for plan in plans:
        assert plan["plan_id"] in body
    for unit in missing:
        assert unit["message"] in body
    assert heading.endswith(plans[1]["plan_id"])
    assert overflow <= 0, "the page scrolls sideways"


def test_html_content_security_policy_forbids_scripts_and_fetches(tmp_path):
    text, _ = render(tmp_path, "plans/vinh-long-2022.yaml")
    policies = [attrs["content"] for tag, attrs in Page(text).tags
                if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    directives = dict(part.strip().split(" ", 1) for part in policies[0].split(";"))
    assert directives["default-src"] == "'none'" and "script-src" not in directives     # so no script at all
    assert directives["style-src"] == "'unsafe-inline'" and directives["img-src"] == "data:"
