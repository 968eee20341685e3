"""Reports: one Jinja template per format in reports/, all fed the same `Report`."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
import markupsafe
import orjson
import yaml

from engine.errors import InputError, Say
from engine.location import PLACE_NAMES
from engine.report import Report
from engine.summary import counts
from engine.rules import SEVERITY_RANK
from engine.resources import reports_dir

FORMATS = ("text", "json", "markdown", "html", "sarif", "junit", "github", "csv", "csv-summary")
_TEMPLATES = {fmt: f"{fmt}.j2" for fmt in FORMATS}


MARKUP_TEMPLATES = ("html.j2", "html-parts.j2", "serve.j2", "junit.j2")


def _environment() -> jinja2.Environment:
    # Sandboxed: a template (ours, or one a user's pack may bring later) reaches only what it is
    # given, never Python's internals through an attribute of a value.
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        undefined=jinja2.StrictUndefined,
        # HTML and XML escape every value by default; the other formats escape as their syntax needs
        # (md_cell, github_data, csv_field, tojson).
        autoescape=lambda name: name in MARKUP_TEMPLATES,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Vietnamese stays readable in JSON; key order is the contract's, not sorted.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    environment.filters["tojson"] = tojson
    environment.filters.update(
        github_data=github_data, github_property=github_property, csv_field=csv_field, md_cell=md_cell, md_code=md_code,
        xml=xml_text, xml_attribute=xml_attribute, failing=failing, as_dicts=lambda findings: [f.as_dict() for f in findings],
        yaml_flow=yaml_flow, place=place, draft_place=draft_place, share=share, period=period_text,
        absent_reform=absent_reform, junit_case_name=junit_case_name)
    environment.globals.update(sarif_location=sarif_location, sarif_message=sarif_message,
                               rule_description=rule_description, sarif_unreadable=sarif_unreadable)
    environment.globals["json_chunks"] = json_chunks
    return environment


# Jinja's own tojson escapes these (to embed JSON in HTML); the reports keep that form.
_HTML_SAFE = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"), (b"'", b"\\u0027"))


def tojson(value: object, indent: int = 2) -> str:
    """JSON as Jinja's tojson writes it (indent 2, HTML-sensitive characters escaped), made by
    orjson: a report of thousands of plans is rendered in the parent after the workers finish, so
    this step bounds what more workers can gain (Python's json with indent is pure Python)."""
    if indent != 2:
        raise ValueError("reports are written with indent=2")
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    for character, escape in _HTML_SAFE:       # on the UTF-8 bytes: half the memory of str, and fast
        data = data.replace(character, escape)
    return markupsafe.Markup(data.decode("utf-8"))


def place(finding, lang: str) -> str:
    """Where a finding is, as people cite it: "plan.yaml:12:5", or a draft's own place
    ("draft.docx: bảng 2, dòng 14, ô 3"; "draft.pdf: trang 3, dòng 7")."""
    if finding.location is not None:
        return f"{finding.path}: {finding.location.describe(lang)}"
    where = f"{finding.path}:{finding.line}" if finding.line is not None else finding.path
    return where + (f":{finding.column}" if finding.column else "")


def draft_place(finding, lang: str) -> str:
    """Only the draft's place ("bảng 2, dòng 14, ô 3"), or "" for a line of a file."""
    return finding.location.describe(lang) if finding.location is not None else ""


def sarif_location(finding, lang: str) -> dict:
    """A SARIF 2.1.0 location with the text region (§3.30) GitHub code scanning requires of every
    result: the line of a YAML plan or a text draft. A Word or PDF draft has no lines of its own, so
    its region is line 1, and its place in words is the location's message and, in parts, a
    property (GitHub shows the result's message, which names the place too: see sarif_message)."""
    physical = _sarif_physical(finding.path)
    if finding.location is None:
        physical["region"] = {"startLine": finding.line or 1}
        if finding.column:
            physical["region"]["startColumn"] = finding.column
        return {"physicalLocation": physical}
    physical["region"] = {"startLine": 1}
    return {"physicalLocation": physical, "message": {"text": finding.location.describe(lang)},
            "properties": {"draftLocation": finding.location.as_dict()}}


def _sarif_physical(path: str) -> dict:
    """A file of the repository, relative to its top (%SRCROOT%)."""
    return {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}}


def sarif_message(finding, lang: str) -> str:
    """A result's message: the draft's place first (GitHub shows no location message), then the
    finding and its suggestion."""
    place = f"{finding.location.describe(lang)}: " if finding.location is not None else ""
    return place + finding.message + (f" — {finding.suggestion}" if finding.suggestion else "")


def rule_description(rule, lang: str) -> str:
    """What a rule checks, in words: its title and rationale. A rule's message is a template whose
    {placeholders} only a finding fills, so it never describes the rule."""
    title, rationale = getattr(rule.title, lang), getattr(rule.rationale, lang).strip()
    return f"{title.rstrip('.')}. {rationale}" if rationale else title


def sarif_unreadable(unreadable) -> dict:
    """A file that could not be read, as a tool execution notification (§3.58): GitHub and
    sarif viewers show it with the file, and the run's invocation says it did not succeed."""
    physical = _sarif_physical(unreadable.path)
    if unreadable.line is not None:
        physical["region"] = {"startLine": unreadable.line, "startColumn": unreadable.column or 1}
    return {"level": "error", "message": {"text": unreadable.message},
            "locations": [{"physicalLocation": physical}]}


def junit_case_name(finding, lang: str) -> str:
    """A finding's testcase: its rule, then its task and place ("PAR-TASK-OWNER [III.5] (dòng 120)"),
    so that the findings of one rule are told apart in a test list."""
    where = finding.location.describe(lang) if finding.location is not None else (
        f"{PLACE_NAMES[lang]['line']} {finding.line}" if finding.line is not None else "")
    return finding.rule_id + (f" [{finding.task_id}]" if finding.task_id else "") + (f" ({where})" if where else "")


def share(part: int, whole: int) -> str:
    """A share of a plan's tasks as a whole percentage ("85%"), "—" for a plan without tasks."""
    return f"{round(part * 100 / whole)}%" if whole else "—"


def absent_reform(summary: dict, domains: dict) -> list[str]:
    """The reform domains (of the six) with no task or measure in a plan's summary, in order."""
    return [domain_id for domain_id, domain in domains.items()
            if domain.reform and not summary["domains"][domain_id]["present"]]


def period_text(period: dict) -> str:
    """{"from": 2026, "to": 2030} → "2026-2030"; one year as itself."""
    return str(period["from"]) if period["from"] == period["to"] else f"{period['from']}-{period['to']}"


def failing(findings, fail_on: str) -> list:
    """The findings that fail a run at `fail_on`: not waived, at or above it."""
    if fail_on == "never":
        return []
    return [f for f in findings if not f.waived and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]]


# Escapes for the formats' own syntax; the templates decide what goes where.

def github_data(text: object) -> str:
    """A workflow command's message (GitHub Actions: %, CR and LF are encoded)."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: object) -> str:
    """A workflow command's property value: also ':' and ','."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def csv_field(value: object) -> str:
    """RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled."""
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def yaml_flow(value: object) -> str:
    """A value as YAML on one line (flow style), quoted where YAML needs it; a mapping's keys in
    the order the importer wrote them ("kind" first)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def md_code(value: object) -> str:
    """Text inside a `code span` of a Markdown table cell (a path): no backticks, which would end the span."""
    return _md_table_text("" if value is None else str(value).replace("`", "'"))


_MARKDOWN_SYNTAX = str.maketrans({character: "\\" + character for character in "\\`*_[]"})


def md_cell(value: object) -> str:
    """Plan text in a Markdown table cell, shown as written: no links, images, code or emphasis (a
    plan must not make a pull-request comment load an image)."""
    return _md_table_text("" if value is None else str(value).translate(_MARKDOWN_SYNTAX))


def _md_table_text(text: str) -> str:
    """Text that stays in its table cell: no HTML, pipes or line breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def xml_text(value: object) -> markupsafe.Markup:
    """Text in XML, escaped (marked safe, so that autoescape leaves it). A CR is a character
    reference: a parser turns a literal one into a line feed."""
    text = "" if value is None else str(value)
    text = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)     # XML 1.0 forbids other controls
    return markupsafe.Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                             .replace('"', "&quot;").replace("'", "&apos;").replace("\r", "&#13;"))


def xml_attribute(value: object) -> markupsafe.Markup:
    """An attribute value in XML: also tab and line feed as character references, which a parser
    would otherwise read as spaces (XML 1.0, §3.3.3), so a message keeps its lines."""
    return markupsafe.Markup(str(xml_text(value)).replace("\t", "&#9;").replace("\n", "&#10;"))


def render_chunks(report: Report, fmt: str, lang: str, fail_on: str = "error") -> Iterator[str]:
    """One report in one format, in pieces as the template makes them (written as they come, a
    JSON report of thousands of plans is never whole in memory). Every template gets the same
    context: the Report, its JSON document, the language, `counts(findings)`, the rules by id, the
    domains by id (with their vi/en names), the --fail-on severity and the severities' ranks."""
    return _ENVIRONMENT.get_template(_TEMPLATES[fmt]).generate(
        report=report, document=report.document(), lang=lang, counts=counts,
        rules={rule.id: rule for rule in report.ruleset.rules}, domains=report.ruleset.vocabulary.domains,
        fail_on=fail_on, rank=SEVERITY_RANK)


_PLANS_MARK = "cchc-plans-written-here"


def json_chunks(document: dict) -> Iterator[str]:
    """`document | tojson` in pieces: the parts around `plans`, and each plan's entry, indented
    as it would be in the whole (the same bytes, plan by plan)."""
    head, _mark, tail = str(tojson({**document, "plans": _PLANS_MARK})).partition(f'"{_PLANS_MARK}"')
    yield head
    entries = document["plans"]
    if not len(entries):
        yield "[]"
    else:
        for index, entry in enumerate(entries):
            yield ("[\n" if index == 0 else ",\n") + "    " + str(tojson(entry)).replace("\n", "\n    ")
        yield "\n  ]"
    yield tail


DIFF_FORMATS = ("text", "json", "markdown")


def render_diff(changes, report: Report, fmt: str, lang: str) -> str:
    """Two versions of a plan compared (cchc diff), in one format."""
    return render_template_file(f"diff-{fmt}.j2", diff=changes, document=report.document(), lang=lang)


def render_template_file(name: str, **context) -> str:
    return _ENVIRONMENT.get_template(name).render(**context)


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write beside the target, then rename: a reader never sees half a report. `text` may
    come in pieces (render_chunks)."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(str(path), None, Say("là thư mục, không phải tệp", "is a folder, not a file"),
                         Say("cho --output một tên tệp", "give --output a file name"))
    if not directory.is_dir():
        raise InputError(str(path), None, Say(f"thư mục {directory} không tồn tại", f"folder {directory} does not exist"),
                         Say("tạo thư mục, hoặc chọn --output khác", "create it, or choose another --output"))
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise InputError(str(path), None, Say(f"không ghi được: {err.strerror}", f"cannot write: {err.strerror}"),
                         Say("chọn thư mục có quyền ghi", "choose a folder you can write to")) from None
    try:
        _write_and_rename(handle, temporary, path, text)
    except OSError as err:            # the disk is full, a quota or a size limit is reached
        Path(temporary).unlink(missing_ok=True)
        raise InputError(str(path), None, Say(f"không ghi được: {err.strerror}", f"cannot write: {err.strerror}"),
                         Say("giải phóng chỗ trên đĩa, hoặc chọn nơi khác; tệp cũ (nếu có) vẫn còn nguyên",
                             "free some space, or write elsewhere; the file there before (if any) is untouched")) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_and_rename(handle: int, temporary: str, path: Path, text: str | Iterable[str]) -> None:
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.writelines([text] if isinstance(text, str) else text)
    # mkstemp makes the file private (0600); a report is as readable as any new file.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, path)


_ENVIRONMENT = _environment()
