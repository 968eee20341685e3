"""Drafts (a plan as Word, PDF, text or Markdown) read into the plan format: for `cchc import`,
and for `cchc check DRAFT` and `cchc diff`, whose findings then point at the draft's own places
(a line of a text, a paragraph or table cell of a Word file, a page and line of a PDF)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import InputError, Say
from engine.legacy_text import TCVN3, detect_legacy, encoding_name, to_unicode
from engine.load import LoadedPlan, check_task_count, check_unique_task_ids, validate
from engine.model import Plan
from engine.vocab import Vocabulary
from engine.yamlsource import Limits, decode, read_bytes

if TYPE_CHECKING:
    from engine.importers.layout import Layout
    from engine.importers.text import ImportedDraft

# The importers are imported when a draft is read, not with this module: every `cchc check`
# imports this one (for `is_draft`), most never read a draft, and the importers' patterns
# cost ~20 ms of start-up.

TEXT_SUFFIXES = (".txt", ".md")
WORD_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
# Read by converting them to .docx with LibreOffice.
OFFICE_SUFFIXES = (".doc", ".odt", ".fodt", ".rtf")
DRAFT_SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES + OFFICE_SUFFIXES


@dataclass
class Draft:
    imported: ImportedDraft
    raw: bytes
    warnings: list[Say]


def is_draft(path: Path) -> bool:
    return path.suffix.lower() in DRAFT_SUFFIXES


def read_draft(path: Path, vocabulary: Vocabulary, limits: Limits = Limits(),
               display_path: str | None = None) -> Draft:
    """Read a draft file into plan data; what cannot be read is an `InputError`."""
    from engine.importers.office import converted_to_docx
    from engine.importers.pdf import STREAM_INFLATION, read_pdf
    from engine.importers.text import import_text
    from engine.importers.word import XML_INFLATION, read_word
    shown = display_path or str(path)
    suffix = path.suffix.lower()
    raw = read_bytes(path, shown, limits)
    if suffix in TEXT_SUFFIXES:
        text, warnings = _draft_text(raw, shown)
        return Draft(import_text(text, shown, vocabulary), raw, warnings)
    max_xml = XML_INFLATION * limits.max_bytes
    if suffix in WORD_SUFFIXES:
        layout = read_word(raw, shown, max_xml)
    elif suffix in PDF_SUFFIXES:
        layout = read_pdf(raw, shown, max_stream_bytes=STREAM_INFLATION * limits.max_bytes)
    elif suffix in OFFICE_SUFFIXES:
        layout = read_word(converted_to_docx(path, shown), shown, max_xml)
    else:
        raise InputError(shown, None, Say(f"'{suffix or path.name}' không phải định dạng dự thảo công cụ đọc được",
                                          f"'{suffix or path.name}' is not a draft format this tool reads"),
                         Say("đưa dự thảo .docx, .doc, .odt, .pdf, .txt hoặc .md, hoặc kế hoạch .yaml",
                             "give a .docx, .doc, .odt, .pdf, .txt or .md draft, or a .yaml plan"))
    return Draft(_import_layout(layout, shown, vocabulary), raw, layout.warnings)


def _draft_text(raw: bytes, shown: str) -> tuple[str, list[Say]]:
    """A text draft's text. Old drafts come in legacy Vietnamese encodings: a draft is read once to
    be checked or imported, so it is converted, with a warning to check the toned capitals."""
    legacy = detect_legacy(raw)
    if legacy is None:
        return decode(raw, shown), []
    name = encoding_name(legacy)
    # .VnTime fonts have no codes for toned capitals: where case does not show, "Ủy" comes back "ủy".
    capitals = (' (TCVN3 không phân biệt được "Ủy" với "ủy")', ' (TCVN3 cannot tell "Ủy" from "ủy")') \
        if legacy == TCVN3 else ("", "")
    return to_unicode(raw, legacy), [Say(
        f"dự thảo dùng bảng mã cũ {name}: đã chuyển sang Unicode; kiểm tra lại chữ hoa có dấu{capitals[0]}, "
        "và lưu bản dự thảo dạng UTF-8",
        f"the draft is in the legacy encoding {name}: converted to Unicode; check the toned capitals{capitals[1]}, "
        "and save the draft as UTF-8")]


def _import_layout(layout: Layout, shown: str, vocabulary: Vocabulary) -> ImportedDraft:
    from engine.importers.layout import as_text, placed, placed_error
    from engine.importers.text import import_text
    text = as_text(layout)
    try:
        return placed(import_text(text.text, shown, vocabulary), text, layout.review)
    except InputError as err:
        raise placed_error(err, text) from None


def load_draft(path: Path, vocabulary: Vocabulary, limits: Limits = Limits(),
               display_path: str | None = None) -> tuple[LoadedPlan, list[Say]]:
    """A draft as a checked plan whose values point at the draft's places, and the warnings about
    the file itself (a conversion, a legacy encoding)."""
    draft = read_draft(path, vocabulary, limits, display_path)
    document = draft.imported.document()
    check_task_count(document, limits)
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    loaded = LoadedPlan(path=draft.imported.path, sha256=hashlib.sha256(draft.raw).hexdigest(),
                        plan=plan, source=document)
    return loaded, draft.warnings
