"""One uploaded file checked the way `cchc check NAME` checks it, in a private temporary folder.

`cchc serve` hands each upload to a worker process (engine/workers.py: the rule packs compiled
once per worker). There the file is written under its own (sanitised) name into a folder that
only this process can read, checked by `engine.check.check` — the function behind `cchc check` —
with that folder as the top folder reports name paths from, so the report says "NAME" as `cchc
check NAME` run beside the file does; the reports are rendered by `render_chunks`, as the command
line renders them. The folder is removed before the result leaves the worker: nothing is kept.
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from engine import __version__
from engine.check import check as run_check
from engine.config import Config
from engine.discover import PLAN_SUFFIXES
from engine.drafts import DRAFT_SUFFIXES
from engine.errors import InputError, Say
from engine.render import render_chunks, render_template_file
from engine.review import review
from engine.summary import counts
from engine.workers import worker_rules
from engine.yamlsource import Limits

# The reports a reviewer can take away, as `cchc check --format F` writes them.
DOWNLOADS = {"html": ("text/html", ".html"), "markdown": ("text/markdown", ".md"),
             "json": ("application/json", ".json"), "sarif": ("application/sarif+json", ".sarif")}
UPLOAD_SUFFIXES = PLAN_SUFFIXES + DRAFT_SUFFIXES
# What the tool writes, not what it reads: a report dropped by mistake is named as such.
_REPORT_SUFFIXES = (".json", ".sarif", ".html", ".htm", ".xml", ".csv")
_UNSAFE = re.compile(r"[^\w.\- ]+")
_NAME_LENGTH = 120
_NAME_BYTES = 200             # file systems count a name's bytes (255 on Linux): Vietnamese letters take 2-3


@dataclass
class Checked:
    """What a worker sends back: the page's HTML, and the reports (only when the plan could be read)."""
    status: int
    page: str
    downloads: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)   # format → (file name, type, bytes)


def safe_name(name: str | None) -> str:
    """The upload's file name as a plain file name: its last part only (a browser may send a
    path, with / or \\), NFC, letters, digits and . - _ and spaces, no leading dot, at most
    _NAME_LENGTH characters and _NAME_BYTES bytes of UTF-8, with the extension kept (it decides how
    the file is read)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:_NAME_LENGTH - len(suffix) - 1]
    stem = stem.encode("utf-8")[:_NAME_BYTES - len(suffix.encode("utf-8")) - 1].decode("utf-8", "ignore")
    stem = stem.strip(" ._") or "du-thao"
    return f"{stem}.{suffix}" if suffix else stem


def refuse_unreadable_kind(name: str) -> None:
    """A file the tool does not read as a plan, refused by its extension before it is written."""
    suffix = Path(name).suffix.lower()
    if suffix in UPLOAD_SUFFIXES:
        return
    kinds = ", ".join(UPLOAD_SUFFIXES)
    if suffix in _REPORT_SUFFIXES:
        raise InputError(name, None, Say("là một báo cáo (hoặc tệp dữ liệu), không phải kế hoạch",
                                         "is a report (or a data file), not a plan"),
                         Say(f"tải lên dự thảo hoặc kế hoạch ({kinds})", f"upload a draft or a plan ({kinds})"))
    raise InputError(name, None, Say(f"'{suffix or name}' không phải định dạng kế hoạch hay dự thảo công cụ đọc được",
                                     f"'{suffix or name}' is not a plan or draft format this tool reads"),
                     Say(f"tải lên tệp {kinds}", f"upload a {kinds} file"))


def check_upload(name: str, data: bytes, today: dt.date, lang: str, limits: Limits, page_context: dict,
                 config: Config | None = None) -> Checked:
    """The upload checked in a private temporary folder, removed before returning (runs in a worker).
    With a repository's settings (`config`), its parent plan is looked for in their plan folders."""
    compiled = worker_rules()
    ruleset = compiled.ruleset
    shown = safe_name(name)
    try:
        refuse_unreadable_kind(shown)
    except InputError as err:
        return _refused(err.line(lang), shown, lang, page_context)
    with tempfile.TemporaryDirectory(prefix="cchc-serve-") as folder:      # mode 0700: this user only
        top = Path(folder).resolve()
        path = top / shown
        path.write_bytes(data)
        read: list = []                       # the plan as the check read it, for the page's view
        report = run_check([str(path)], ruleset, today, lang, show_progress=False, limits=limits, top=top,
                           compiled=compiled, on_loaded=read.append, config=config)
        if report.unreadable:
            return _refused(report.unreadable[0].message, shown, lang, page_context)
        result, loaded = report.plans[0], read[0]
        downloads = {fmt: (Path(shown).stem + suffix, media_type,
                           "".join(render_chunks(report, fmt, lang)).encode("utf-8"))
                     for fmt, (media_type, suffix) in DOWNLOADS.items()}
        view = review(loaded, result, ruleset.vocabulary, lang)
        page = page_html(lang, page_context, view=view, plan=result, document=report.document(), upload=shown,
                         rules={rule.id: rule for rule in ruleset.rules}, domains=ruleset.vocabulary.domains)
    return Checked(200, page, downloads)


def _refused(message: str, shown: str, lang: str, page_context: dict) -> Checked:
    """The page for an upload that is not a plan the tool can read: the command line's one line."""
    return Checked(400, page_html(lang, page_context, error=message, upload=shown))


def page_html(lang: str, page_context: dict, **shown) -> str:
    """serve.j2 with what it shows: the upload form alone, a refusal (`error`), or a checked plan."""
    context = {"view": None, "plan": None, "document": None, "error": None, "upload": None, "rules": {},
               "domains": {}, "counts": counts, "version": __version__, "formats": tuple(DOWNLOADS)}
    return render_template_file("serve.j2", lang=lang, **{**context, **page_context, **shown})
