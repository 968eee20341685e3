"""Fuzz target: a draft's bytes → engine.drafts.load_draft, as `cchc check DRAFT` reads it.

Two modes (environment FUZZ_IMPORTER_MODE):
- text (default): the bytes are a .md draft: decode, the text importer, plan validation;
- docx: the bytes are word/document.xml inside a fixed Word package, so the mutations reach the
  Word reader's XML walk (tracked changes, numbering, tables) instead of dying in the zip CRC.
The only acceptable failure is an `InputError` with a one-line message.
Run through fuzz/run.sh: `fuzz/run.sh importer 300` or `fuzz/run.sh importer_docx 300`.
"""
import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["engine"]):
    from engine.drafts import load_draft
    from engine.errors import InputError
    from engine.rules import load_ruleset
    # Imported lazily by read_draft; imported here so that they are instrumented too.
    import engine.importers.layout, engine.importers.text, engine.importers.word  # noqa: E401,F401

MODE = os.environ.get("FUZZ_IMPORTER_MODE", "text")
REPO = Path(__file__).resolve().parent.parent
VOCABULARY = load_ruleset().vocabulary
WORKDIR = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))
DRAFT = WORKDIR / ("draft.docx" if MODE == "docx" else "draft.md")


def _word_template() -> dict[str, bytes]:
    """The parts of the example Word draft, lightened: python-docx parses styles.xml on every open
    (350 KB here, most of the time of a run), so only the styles the body uses are kept."""
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(REPO / "plans/examples/xa-phu-quoi-2027.docx") as package:
        parts = {name: package.read(name) for name in package.namelist()}
    used = set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', parts["word/document.xml"]))
    styles = etree.fromstring(parts["word/styles.xml"])
    for style in styles.findall(f"{w}style"):
        if style.get(f"{w}styleId").encode() not in used and style.get(f"{w}default") != "1":
            styles.remove(style)
    parts["word/styles.xml"] = etree.tostring(styles)
    parts["word/stylesWithEffects.xml"] = parts["docProps/thumbnail.jpeg"] = b""
    return parts


TEMPLATE = _word_template() if MODE == "docx" else None


def _docx(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, data in TEMPLATE.items():
            package.writestr(name, document_xml if name == "word/document.xml" else data)
    return out.getvalue()


def TestOneInput(data: bytes) -> None:
    # Through a file, so the run is the CLI's own path (read_bytes, suffix dispatch, validation).
    DRAFT.write_bytes(_docx(data) if MODE == "docx" else data)
    try:
        load_draft(DRAFT, VOCABULARY, display_path="fuzz-draft")
    except InputError as err:
        message = err.line()      # errors.py: "one line naming where, what, and what to do"
        if "\n" in message or "\r" in message:
            raise AssertionError(f"InputError message is not one line: {message!r}") from err


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
