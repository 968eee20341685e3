"""Where a value or a finding sits in its source: a YAML line, or a place in a draft."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file. YAML plans use line and column; drafts imported
    from Word, PDF or text also name a paragraph, a table cell or a page."""

    line: int | None = None
    column: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    page: int | None = None
    order: int | None = None       # a draft place's rank in reading order: for sorting, never shown

    def as_dict(self) -> dict:
        """The parts that are set, for a report."""
        return {key: getattr(self, key) for key in self.__slots__
                if key != "order" and getattr(self, key) is not None}

    def is_draft_place(self) -> bool:
        """True when it says more than a line and column (a paragraph, cell or page)."""
        return any(v is not None for v in (self.paragraph, self.table, self.row, self.cell, self.page))

    def __reduce__(self):
        return (Location, tuple(getattr(self, name) for name in self.__slots__))

    def describe(self, lang: str = "vi") -> str:
        """The place as a reader finds it in the draft: "bảng 2, dòng 14, ô 3", "trang 3, dòng 7"."""
        names = PLACE_NAMES[lang]
        parts = [f"{names[key]} {value}" for key, value in (
            ("page", self.page), ("paragraph", self.paragraph), ("table", self.table), ("row", self.row),
            ("cell", self.cell), ("line", self.line if self.is_draft_place() else None)) if value is not None]
        return ", ".join(parts)


PLACE_NAMES = {
    "vi": {"page": "trang", "paragraph": "đoạn", "table": "bảng", "row": "dòng", "cell": "ô", "line": "dòng"},
    "en": {"page": "page", "paragraph": "paragraph", "table": "table", "row": "row", "cell": "cell", "line": "line"},
}


def pointer_join(base: str, token: str) -> str:
    """Append one token to a JSON pointer (RFC 6901 escaping)."""
    return f"{base}/{str(token).replace('~', '~0').replace('/', '~1')}"
