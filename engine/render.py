"""Reports: one Jinja template per format in reports/, all fed the same `Report`."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jinja2

from engine.errors import InputError
from engine.report import Report, counts
from engine.resources import reports_dir

FORMATS = ("text", "json")
_TEMPLATES = {"text": "text.j2", "json": "json.j2"}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(reports_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Vietnamese stays readable in JSON; key order is the contract's, not sorted.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return environment


_ENVIRONMENT = _environment()


def render(report: Report, fmt: str, lang: str) -> str:
    return render_template_file(_TEMPLATES[fmt], report=report, document=report.document(), lang=lang, counts=counts)


def render_template_file(name: str, **context) -> str:
    return _ENVIRONMENT.get_template(name).render(**context)


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a report."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(str(path), None, f"folder {directory} does not exist", "create it, or choose another --output")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise InputError(str(path), None, f"cannot write: {err.strerror}", "choose a folder you can write to") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
