"""Drafts → plan data: the first step of `cchc import` and of checking a draft."""
from engine.importers.text import ImportedDraft, import_text

__all__ = ["ImportedDraft", "import_text"]
