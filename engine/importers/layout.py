"""A draft's content as the Word and PDF readers see it (paragraphs and tables, each piece with its
place in the draft), written out as the text the text importer reads, with a map from every line
of that text back to the place it came from.

Tables are written the way Word's own "copy as text" writes them (seed 001 of the importer's test
data): every cell on a line that starts with a tab, the further lines of a cell without one. A
cell merged across the row is written once, a cell merged down the rows is written in each row it
covers (it belongs to each task), and an empty cell is a tab alone, so that the columns stay in
step. Tables of fewer than five columns (the issuer | motto header of an official document) are
not task tables: their cells are read as paragraphs, row by row.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from engine.errors import InputError
from engine.location import Location

TASK_TABLE_MIN_COLUMNS = 5


@dataclass(frozen=True)
class Line:
    text: str
    where: Location


@dataclass
class Paragraph:
    lines: list[Line]


@dataclass
class Cell:
    lines: list[Line]             # never empty: an empty cell is one empty line, at the cell's place
    span: int = 1                 # grid columns covered (a cell merged across the row spans several)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines).strip()


@dataclass
class Table:
    rows: list[list[Cell]]

    @property
    def columns(self) -> int:
        return max((sum(cell.span for cell in row) for row in self.rows), default=0)


@dataclass
class ReviewMark:
    """The draft's review trail at one place: an open comment, or the tracked changes there."""
    kind: str                     # comment | change
    where: Location
    author: str | None = None
    text: str | None = None       # a comment's text
    inserted: str | None = None
    deleted: str | None = None

    def as_data(self) -> dict:
        """The entry of the plan format's plan.review."""
        return {key: value for key, value in (("kind", self.kind), ("author", self.author), ("text", self.text),
                                              ("inserted", self.inserted), ("deleted", self.deleted)) if value}


@dataclass
class Layout:
    """What a reader found: the blocks in reading order, the draft's open comments and tracked
    changes, and what the reviewer should be told about the file itself (a conversion)."""
    blocks: list[Paragraph | Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review: list[ReviewMark] = field(default_factory=list)


@dataclass
class DraftText:
    text: str
    places: list[Location]         # places[n - 1]: where line n of `text` came from

    def place(self, where: Location | None) -> Location | None:
        """The draft's place for a location in the text (a line, maybe with a column)."""
        if where is None or where.line is None or not 1 <= where.line <= len(self.places):
            return where
        return dataclasses.replace(self.places[where.line - 1], order=where.line)


def as_text(layout: Layout) -> DraftText:
    lines: list[str] = []
    places: list[Location] = []

    def emit(text: str, where: Location) -> None:
        lines.append(text.replace("\t", " ").replace("\n", " "))
        places.append(where)

    for block in layout.blocks:
        if isinstance(block, Paragraph):
            for line in block.lines:
                emit(line.text, line.where)
            continue
        if block.columns < TASK_TABLE_MIN_COLUMNS:
            for row in block.rows:
                for cell in row:
                    for line in cell.lines:
                        emit(line.text, line.where)
            continue
        for row in block.rows:
            for cell in row:
                first, *rest = cell.lines
                emit(first.text, first.where)
                lines[-1] = "\t" + lines[-1]
                for line in rest:
                    emit(line.text, line.where)
            if row:
                emit("", row[0].lines[0].where)
    return DraftText("\n".join(lines), places)


def placed(draft, text: DraftText, review: list[ReviewMark] = ()):
    """The imported draft with every position moved from the text's lines to the draft's places,
    and the draft's review trail as plan.review, each entry at its own place."""
    positions = {pointer: text.place(where) for pointer, where in draft.positions.items()}
    if review:
        first_line = {}
        for number, where in enumerate(text.places, 1):
            first_line.setdefault(where, number)
        draft.data["plan"]["review"] = [mark.as_data() for mark in review]
        for index, mark in enumerate(review):
            where = dataclasses.replace(mark.where, order=first_line.get(mark.where))
            positions[f"/plan/review/{index}"] = where
            draft.notes[f"/plan/review/{index}"] = f"in the draft: {mark.where.describe('en')}"
            for key in mark.as_data():
                positions[f"/plan/review/{index}/{key}"] = where
        positions.setdefault("/plan/review", positions["/plan/review/0"])
    return dataclasses.replace(draft, positions=positions)


def placed_error(error: InputError, text: DraftText) -> InputError:
    """An import error at a line of the text, moved to the draft's place."""
    return InputError(error.path, text.place(error.where), error.problem, error.fix)
