"""The Word, .doc and PDF drafts of the hand-written fixture tests/drafts/ke-hoach-cchc-2027.fodt,
made with LibreOffice (used by the tests, once per session, and by bench/bench_import.py).

The PDF is printed from the draft with its tracked changes accepted, as a reviewer prints the
version under discussion (LibreOffice's PDF export in headless mode would print the deleted
text too). The .docx and .doc keep the changes unaccepted.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from lxml import etree

from engine.importers.office import soffice

DRAFTS = Path(__file__).resolve().parent / "drafts"
FIXTURE = DRAFTS / "ke-hoach-cchc-2027.fodt"
REFERENCE = DRAFTS / "ke-hoach-cchc-2027.yaml"
MARKDOWN = DRAFTS / "ke-hoach-cchc-2027.md"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def accepted(fodt: Path, out: Path) -> Path:
    """A copy of `fodt` with every tracked change accepted: deletions (kept only in the change
    log) are gone, insertions stay as plain text."""
    tree = etree.parse(str(fodt))
    for name in ("tracked-changes", "change", "change-start", "change-end"):
        for element in list(tree.iter(f"{{{TEXT_NS}}}{name}")):
            parent = element.getparent()
            if element.tail:
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + element.tail
                else:
                    parent.text = (parent.text or "") + element.tail
            parent.remove(element)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=300)
    out = outdir / f"{source.stem}.{fmt}"
    if not out.is_file():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def make_drafts(outdir: Path) -> dict[str, Path]:
    """The fixture as .docx, .doc, .pdf and .md in `outdir`, all named ke-hoach-cchc-2027.*"""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".profile"
    drafts = {fmt: convert(FIXTURE, fmt, outdir, profile) for fmt in ("docx", "doc")}
    staging = outdir / "accepted"
    staging.mkdir(exist_ok=True)
    printed = convert(accepted(FIXTURE, staging / FIXTURE.name), "pdf", staging, profile)
    drafts["pdf"] = Path(shutil.move(printed, outdir / printed.name))
    drafts["md"] = Path(shutil.copy(MARKDOWN, outdir / MARKDOWN.name))
    return drafts
