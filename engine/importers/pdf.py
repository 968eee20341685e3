"""A PDF draft with a text layer → paragraphs and tables with their places (page and line).

pdfplumber (on pdfminer.six) gives the characters with their positions and finds ruled tables.
Text outside tables is read line by line (the text importer joins lines broken in mid-phrase).
A table's cells are read one by one, each line of a cell kept (a "- Sở …" line starts an item of
a cell of several agencies). A cell merged across the row is one cell; a cell merged down the rows
is read in each row it covers. A table that goes on over the next page is read as one table: its
repeated header row is dropped, and a row broken by the page is joined again.

Places: `Location(page=p, line=n)`, n counting the lines of text on the page from the top, as a
reader counts them on the printed page.
"""
from __future__ import annotations

import bisect
import re
from io import BytesIO

from engine.errors import InputError, Say
from engine.importers.layout import Cell, Layout, Line, Paragraph, Table
from engine.location import Location
from engine.text import nfc

NEEDS_OCR = (Say("tệp PDF không có lớp chữ (bản quét hoặc ảnh chụp): không có gì để đọc",
                 "the PDF has no text layer (a scan or a photo): there is nothing to read"),
             Say("hãy nhận dạng chữ (OCR) trước (ví dụ: ocrmypdf -l vie du-thao.pdf du-thao-ocr.pdf), "
                 "hoặc đưa tệp Word",
                 "run OCR on it first (for example: ocrmypdf -l vie draft.pdf draft-ocr.pdf), or give the Word file"))
# Wider than any space a justified line stretches to: the gutter between two columns of text.
COLUMN_GAP_POINTS = 24.0
MARGIN_SHARE = 0.1              # the band at the top and bottom of a page where headers and footers sit
PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?$", re.IGNORECASE)
LINE_TOLERANCE_POINTS = 3.0    # words whose tops differ by less are on one line (pdfplumber's y_tolerance)
UNMAPPED_FONTS = (Say("phông chữ của tệp PDF không cho biết chúng vẽ chữ nào, nên không đọc được nội dung",
                      "the PDF's fonts do not say which letters they draw, so its text cannot be read"),
                  Say("đưa tệp Word, hoặc xuất lại PDF với phông chữ nhúng dạng Unicode",
                      "give the Word file, or export the PDF again with fonts embedded as Unicode"))


def read_pdf(raw: bytes, shown: str) -> Layout:
    import pdfplumber
    try:
        pdf = pdfplumber.open(BytesIO(raw))
        pages = list(pdf.pages)
    except Exception as err:        # pdfminer raises many kinds of error for a broken or locked file
        locked = "password" in type(err).__name__.lower()
        kind = Say("tệp PDF có mật khẩu", "a password-protected PDF file") if locked else \
            Say("không phải tệp PDF đọc được", "not a readable PDF file")
        raise InputError(shown, None, kind + Say(f" ({type(err).__name__})", f" ({type(err).__name__})"),
                         Say("đưa tệp Word của dự thảo, hoặc tệp PDF mở được không cần mật khẩu",
                             "give the draft's Word file, or a PDF that opens without a password")) from None
    with pdf:
        blocks: list[Paragraph | Table] = []
        for page in pages:
            _read_page(page, blocks)
    lines = [line.text for block in blocks for line in _lines(block)]
    if not any(text.strip() for text in lines):
        raise InputError(shown, None, *NEEDS_OCR)
    if sum("(cid:" in text for text in lines) > len(lines) // 5:
        raise InputError(shown, None, *UNMAPPED_FONTS)
    return Layout(blocks, [])


def _lines(block: Paragraph | Table) -> list[Line]:
    if isinstance(block, Paragraph):
        return block.lines
    return [line for row in block.rows for cell in row for line in cell.lines]


class _PageLines:
    """The visual lines of a page, top to bottom: the line number of any text on it. Text whose
    tops are within a few points of each other is one line (cells of a row start level, and a
    paragraph's spacing shifts a line by less than its height)."""

    SAME_LINE_POINTS = 4.0

    def __init__(self, lines: list[tuple[float, float, list[dict]]]):
        self.starts: list[float] = []
        for top in sorted(top for top, _bottom, _words in lines):
            if not self.starts or top - self.starts[-1] > self.SAME_LINE_POINTS:
                self.starts.append(top)

    def number(self, top: float) -> int:
        return max(1, bisect.bisect_right(self.starts, top + 0.5))


def _read_page(page, blocks: list[Paragraph | Table]) -> None:
    # The characters are read once; the page's lines and each table cell's lines are made from them.
    chars = page.chars
    lines = [line for line in _word_lines(chars) if not _furniture(page, line[0], line[2])]
    numbers = _PageLines(lines)

    def where(top: float) -> Location:
        return Location(page=page.page_number, line=numbers.number(top))

    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    items: list[tuple[float, Paragraph | Table]] = []
    columns: list[tuple[float, list[str]]] = []          # a run of lines set in two columns
    for top, bottom, words in lines:
        middle = (top + bottom) / 2
        x0, x1 = words[0]["x0"], words[-1]["x1"]
        if any(t.bbox[1] <= middle <= t.bbox[3] and x0 < t.bbox[2] and x1 > t.bbox[0] for t in tables):
            continue
        segments = _segments(words)
        if len(segments) > 1:
            columns.append((top, segments))
            continue
        _flush_columns(columns, items, where)
        items.append((top, Paragraph([Line(segments[0], where(top))])))
    _flush_columns(columns, items, where)
    for table in tables:
        items.append((table.bbox[1], _read_table(chars, table, where)))
    items.sort(key=lambda item: item[0])
    for index, (_top, block) in enumerate(items):
        previous = blocks[-1] if blocks else None
        if index == 0 and isinstance(block, Table) and isinstance(previous, Table) \
                and previous.columns == block.columns:
            _continue_table(previous, block)
        else:
            blocks.append(block)


def _furniture(page, top: float, words: list[dict]) -> bool:
    """A page number in the page's header or footer ("2", "- 2 -", "Trang 2", "2/5"): not text."""
    text = " ".join(word["text"] for word in words)
    in_margin = top < page.height * MARGIN_SHARE or top > page.height * (1 - MARGIN_SHARE)
    return in_margin and bool(PAGE_NUMBER.match(text))


def _word_lines(chars: list[dict]) -> list[tuple[float, float, list[dict]]]:
    """Characters made into words (as pdfplumber spaces them) and grouped into lines, each left to right."""
    from pdfplumber.utils.text import extract_words
    lines: list[tuple[float, float, list[dict]]] = []
    for word in sorted(extract_words(chars), key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0] <= LINE_TOLERANCE_POINTS:
            top, bottom, words = lines[-1]
            lines[-1] = (top, max(bottom, word["bottom"]), words + [word])
        else:
            lines.append((word["top"], word["bottom"], [word]))
    return [(top, bottom, sorted(words, key=lambda w: w["x0"])) for top, bottom, words in lines]


def _segments(words: list[dict]) -> list[str]:
    """A line's text, split where a wide gap separates two columns (the issuer | motto header of
    an official document, set side by side without a ruled table)."""
    segments: list[list[str]] = [[]]
    for previous, word in zip([None] + words[:-1], words):
        if previous is not None and word["x0"] - previous["x1"] > COLUMN_GAP_POINTS:
            segments.append([])
        segments[-1].append(word["text"])
    return [nfc(" ".join(segment)) for segment in segments]


def _flush_columns(columns: list[tuple[float, list[str]]], items: list, where) -> None:
    """Lines set in columns, read column by column: the left column's lines, then the right's
    (placed just after the block's last line, so that sorting by position keeps that order)."""
    if not columns:
        return
    last_top = columns[-1][0]
    order = 0
    for index in range(max(len(segments) for _top, segments in columns)):
        for top, segments in columns:
            if index < len(segments):
                order += 1
                position = top if index == 0 else last_top + order * 1e-3
                items.append((position, Paragraph([Line(segments[index], where(top))])))
    columns.clear()


def _inside(chars: list[dict], box: tuple) -> list[dict]:
    """The characters whose centre lies in `box` (x0, top, x1, bottom)."""
    return [c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
            and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]]


def _read_table(chars: list[dict], table, where) -> Table:
    rows: list[list[Cell]] = []
    last: dict[int, tuple[tuple, Cell]] = {}      # column → (bbox, cell) of the last cell that had a box
    chars = _inside(chars, table.bbox)
    for row in table.rows:
        out: list[Cell] = []
        top = row.bbox[1]
        in_row = _inside(chars, row.bbox)
        for column, box in enumerate(row.cells):
            if box is None:
                above = last.get(column)
                if above and above[0][3] > top + 1:          # merged down from the row above
                    out.append(Cell(list(above[1].lines)))
                elif out:                                     # merged across: the cell to the left spans it
                    out[-1].span += 1
                continue
            texts = [(nfc(" ".join(word["text"] for word in words)), line_top)
                     for line_top, _bottom, words in _word_lines(_inside(in_row, box))]
            cell = Cell([Line(text, where(line_top)) for text, line_top in texts] or [Line("", where(box[1]))])
            last[column] = (box, cell)
            out.append(cell)
        rows.append(out)
    return Table(rows)


def _continue_table(table: Table, more: Table) -> None:
    """Join the part of a table on the next page: drop its repeated header row, and join a row
    the page broke (its first cell, the number, is empty) to the row it began in."""
    header = [cell.text for cell in table.rows[0]] if table.rows else None
    rows = more.rows
    if rows and [cell.text for cell in rows[0]] == header:
        rows = rows[1:]
    if rows and table.rows and rows[0] and not rows[0][0].text and len(rows[0]) == len(table.rows[-1]):
        for cell, rest in zip(table.rows[-1], rows[0]):
            added = [line for line in rest.lines if line.text]
            cell.lines[:] = [line for line in cell.lines if line.text] + added or cell.lines
        rows = rows[1:]
    table.rows.extend(rows)
