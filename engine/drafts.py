"""Drafts (a plan as text or Markdown) read into the plan format: for
`cchc import`, and for `cchc check DRAFT`, whose findings then point at the
draft's lines."""
from __future__ import annotations

import hashlib
from pathlib import Path

from engine.errors import InputError
from engine.importers.text import ImportedDraft, import_text
from engine.load import LoadedPlan, check_unique_task_ids, validate
from engine.model import Plan
from engine.vocab import Vocabulary
from engine.yamlsource import Limits, decode, read_bytes

DRAFT_SUFFIXES = (".txt", ".md")
NOT_YET = {".docx": "Word", ".doc": "Word 97-2003", ".pdf": "PDF", ".odt": "OpenDocument"}


def is_draft(path: Path) -> bool:
    return path.suffix.lower() in DRAFT_SUFFIXES or path.suffix.lower() in NOT_YET


def import_draft(path: Path, vocabulary: Vocabulary, limits: Limits = Limits(),
                 display_path: str | None = None) -> tuple[ImportedDraft, bytes]:
    """Read a draft file; a format that cannot be read yet is an `InputError`."""
    shown = display_path or str(path)
    suffix = path.suffix.lower()
    if suffix in NOT_YET:
        raise InputError(shown, None, f"{NOT_YET[suffix]} drafts cannot be read yet",
                         "save the draft as plain text (.txt) and check that, or convert it with cchc import")
    raw = read_bytes(path, shown, limits)
    return import_text(decode(raw, shown), shown, vocabulary), raw


def load_draft(path: Path, vocabulary: Vocabulary, limits: Limits = Limits(),
               display_path: str | None = None) -> LoadedPlan:
    """A draft as a checked plan whose values point at the draft's lines."""
    draft, raw = import_draft(path, vocabulary, limits, display_path)
    document = draft.document()
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    return LoadedPlan(path=draft.path, sha256=hashlib.sha256(raw).hexdigest(), plan=plan, source=document)
