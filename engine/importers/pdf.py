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
import threading
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
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


# Limits on what one PDF may cost, each checked before the work it bounds (a PDF is built of
# references and compressed streams: a small file can claim any amount of work).
# A plan's PDF is a few hundred pages; 10,000 pages took 28 s and 880 MB to read.
MAX_PAGES = 1_000
# A printed A4 page holds about 5,000 characters; pdfplumber slows per character on a page
# (2,000,000 characters on one page ran past 300 s).
MAX_PAGE_CHARACTERS = 50_000
# A few hundred pages of a few thousand characters; a page of 49,000 characters took 1.5 s, so
# 1,000 full pages would take over 20 minutes.
MAX_CHARACTERS = 2_000_000
# A dense page of a plan is about 20 KB of content once inflated; vector drawings (a chart, an
# organisation diagram) a few MB. A 1 GB stream of spaces took 12 s and 2.1 GB before.
MAX_PAGE_STREAM_BYTES = 16 * 1024 * 1024
# All the file's streams (content, fonts, object and cross-reference streams) may inflate to this
# many times --max-file-mb: text compresses about fourfold, and embedded fonts little.
STREAM_INFLATION = 10


def read_pdf(raw: bytes, shown: str, *, max_pages: int = MAX_PAGES,
             max_page_characters: int = MAX_PAGE_CHARACTERS, max_characters: int = MAX_CHARACTERS,
             max_page_stream_bytes: int = MAX_PAGE_STREAM_BYTES,
             max_stream_bytes: int = STREAM_INFLATION * 10 * 1024 * 1024) -> Layout:
    """The draft's text. A file that is not a readable PDF, or that goes past one of the limits
    (pages, characters on a page, bytes its streams inflate to on a page and in all), is an
    `InputError`."""
    import pdfplumber
    budget = _Budget(shown, max_page_stream_bytes, max_stream_bytes)
    with _bounded_streams(budget):
        try:
            pdf = pdfplumber.open(BytesIO(raw))
        except Exception as err:    # pdfminer raises many kinds of error for a broken or locked file
            budget.check()
            raise _unreadable(shown, err) from None
        # Not `with pdf:`: pdfplumber's close() builds every page of the file to close them.
        budget.check()
        _check_xref(pdf.doc, len(raw), shown)
        blocks: list[Paragraph | Table] = []
        doctop = 0.0
        for number, page_object in enumerate(_pages(pdf, shown, max_pages), 1):
            page = _open_page(pdf, page_object, number, doctop, shown)
            doctop += page.height
            budget.page = number
            budget.page_left = max_page_stream_bytes
            _lay_out(page, budget, max_page_characters, max_characters)
            _read_page(page, blocks)
            page.close()                # its characters and objects go before the next page's come
    lines = [line.text for block in blocks for line in _lines(block)]
    if not any(text.strip() for text in lines):
        raise InputError(shown, None, *NEEDS_OCR)
    if sum("(cid:" in text for text in lines) > len(lines) // 5:
        raise InputError(shown, None, *UNMAPPED_FONTS)
    return Layout(blocks, [])


def _unreadable(shown: str, err: Exception) -> InputError:
    locked = "password" in type(err).__name__.lower()
    kind = Say("tệp PDF có mật khẩu", "a password-protected PDF file") if locked else \
        Say("không phải tệp PDF đọc được", "not a readable PDF file")
    return InputError(shown, None, kind + Say(f" ({type(err).__name__})", f" ({type(err).__name__})"),
                      Say("đưa tệp Word của dự thảo, hoặc tệp PDF mở được không cần mật khẩu",
                          "give the draft's Word file, or a PDF that opens without a password"))


_GIVE_WORD = Say("một kế hoạch không cần chừng ấy; hãy đưa tệp Word của dự thảo",
                 "no plan needs that much; give the draft's Word file")


def _check_xref(document, file_bytes: int, shown: str) -> None:
    """A cross-reference stream lists its entries by ranges; pdfminer walks every entry claimed
    (where the catalog has no page tree), whether the stream holds it or not. An object takes at
    least two bytes of the file, so a claim of more entries than half its size is false."""
    from pdfminer.pdfdocument import PDFXRefStream
    claimed = sum(max(0, count) for xref in document.xrefs if isinstance(xref, PDFXRefStream)
                  for _start, count in xref.ranges if isinstance(count, int))
    if claimed > file_bytes // 2:
        raise InputError(shown, None, Say(
            f"bảng tham chiếu (xref) của tệp PDF khai báo {claimed:,} mục, nhiều hơn tệp {file_bytes:,} byte "
            "có thể chứa: tệp bị hỏng hoặc cố ý làm treo chương trình đọc",
            f"the PDF's cross-reference (xref) stream claims {claimed:,} entries, more than a file of "
            f"{file_bytes:,} bytes can hold: the file is broken or built to hang a reader"),
            Say("mở tệp bằng trình đọc PDF rồi in (xuất) lại ra PDF, hoặc đưa tệp Word của dự thảo",
                "open it in a PDF reader and print (export) it to PDF again, or give the draft's Word file"))


def _pages(pdf, shown: str, max_pages: int) -> list:
    """The page objects (not yet read), refused past `max_pages` before any is read: first by
    the count the page tree states, then by counting them as they are found (a count can lie)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    tree = resolve1(pdf.doc.catalog.get("Pages"))
    stated = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    if isinstance(stated, int) and stated > max_pages:
        raise _too_many_pages(shown, f"{stated:,}", max_pages)
    pages = []
    try:
        for page in PDFPage.create_pages(pdf.doc):
            pages.append(page)
            if len(pages) > max_pages:
                raise _too_many_pages(shown, f"hơn {max_pages:,}", max_pages, f"over {max_pages:,}")
    except InputError:
        raise
    except Exception as err:
        raise _unreadable(shown, err) from None
    return pages


def _too_many_pages(shown: str, count: str, max_pages: int, count_en: str | None = None) -> InputError:
    return InputError(shown, None, Say(f"tệp PDF có {count} trang, vượt giới hạn {max_pages:,} trang",
                                       f"the PDF has {count_en or count} pages, over the limit of {max_pages:,}"),
                      Say(f"giới hạn {max_pages:,} trang là cố định; một kế hoạch không dài thế: hãy tách tệp, "
                          "hoặc đưa tệp Word của dự thảo",
                          f"the limit of {max_pages:,} pages is fixed; no plan is that long: split the file, "
                          "or give the draft's Word file"))


def _open_page(pdf, page_object, number: int, doctop: float, shown: str):
    import pdfplumber.page
    try:
        return pdfplumber.page.Page(pdf, page_object, page_number=number, initial_doctop=doctop)
    except Exception as err:
        raise _unreadable(shown, err) from None


def _lay_out(page, budget: "_Budget", max_characters: int, max_in_file: int) -> None:
    """Interpret the page's content, as pdfplumber's `page.layout` does, but stopped at the
    character past `max_characters`, or past `max_in_file` counting the pages before (not after
    the whole page has been laid out)."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Counting(PDFPageAggregatorWithMarkedContent):
        characters = 0

        def render_char(self, *args, **kwargs):
            self.characters += 1
            budget.characters += 1
            for count, limit, what_vi, what_en in ((self.characters, max_characters, "trang", "the page"),
                                                   (budget.characters, max_in_file, "tệp PDF", "the PDF")):
                if count > limit:
                    budget.refuse(InputError(budget.shown, Location(page=page.page_number), Say(
                        f"{what_vi} có hơn {limit:,} ký tự, vượt giới hạn cố định {limit:,}",
                        f"{what_en} has over {limit:,} characters, over the fixed limit of {limit:,}"), _GIVE_WORD))
            return super().render_char(*args, **kwargs)

    device = Counting(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    try:
        PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except _Refused:
        pass
    except Exception as err:
        budget.check()
        raise _unreadable(budget.shown, err) from None
    budget.check()                  # pdfminer may have caught the refusal and gone on
    page._layout = device.get_result()


# --------------------------------------------------------------------------- bounded streams

class _Refused(Exception):
    """A limit was hit inside pdfminer; the InputError is kept on the budget (pdfminer catches
    some exceptions and goes on, so this one may never come out)."""


class _Budget:
    """The bytes streams may still inflate to, on the page being read and in the whole file."""

    def __init__(self, shown: str, page_bytes: int, file_bytes: int):
        self.shown = shown
        self.page: int | None = None
        self.page_bytes, self.page_left = page_bytes, page_bytes
        self.file_bytes, self.file_left = file_bytes, file_bytes
        self.refusal: InputError | None = None
        self.characters = 0             # read on the pages so far

    def left(self) -> int:
        return min(self.page_left, self.file_left) if self.page is not None else self.file_left

    def take(self, size: int) -> None:
        if size > self.left():
            self.refuse(self.over())
        self.page_left -= size
        self.file_left -= size

    def over(self) -> InputError:
        if self.page is not None and self.page_left <= self.file_left:
            return InputError(self.shown, Location(page=self.page), Say(
                f"nội dung của trang giải nén ra hơn {self.page_bytes:,} byte, vượt giới hạn cố định",
                f"the page's content inflates to over {self.page_bytes:,} bytes, over the fixed limit"), _GIVE_WORD)
        megabytes = f"{self.file_bytes / (STREAM_INFLATION * 1024 * 1024):g}"
        return InputError(self.shown, Location(page=self.page) if self.page else None, Say(
            f"các luồng dữ liệu của tệp PDF giải nén ra hơn {self.file_bytes:,} byte",
            f"the PDF's streams inflate to over {self.file_bytes:,} bytes"), Say(
            f"nâng giới hạn (--max-file-mb N, hiện là {megabytes}; các luồng được giải nén gấp {STREAM_INFLATION} lần)",
            f"raise the limit (--max-file-mb N, now {megabytes}; the streams may inflate to "
            f"{STREAM_INFLATION} times it)"))

    def refuse(self, error: InputError) -> None:
        self.refusal = self.refusal or error
        raise _Refused()

    def check(self) -> None:
        if self.refusal is not None:
            raise self.refusal


_budget: ContextVar[_Budget | None] = ContextVar("pdf_stream_budget", default=None)
_install_lock = threading.Lock()


@contextmanager
def _bounded_streams(budget: _Budget):
    """While this is open, in this thread, pdfminer inflates a stream only as far as `budget`
    allows. pdfminer's `PDFStream.decode` inflates a stream whole before anyone can look at its
    size; it is wrapped once, and the wrapper does nothing but call it where no budget is set."""
    from pdfminer.pdftypes import PDFStream
    with _install_lock:
        if not getattr(PDFStream.decode, "_bounded", False):
            original = PDFStream.decode

            def decode(stream) -> None:
                current = _budget.get()
                if current is None:
                    return original(stream)
                return _decode(stream, current, original)
            decode._bounded = True
            PDFStream.decode = decode
    token = _budget.set(budget)
    try:
        yield
    finally:
        _budget.reset(token)


def _decode(stream, budget: _Budget, original) -> None:
    """`PDFStream.decode`, each filter's output bounded by what the budget has left."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE, PDFStream
    if budget.refusal is not None:          # pdfminer caught the refusal: read nothing more
        stream.data, stream.rawdata = b"", None
        return
    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    bounded = {**{name: _inflate for name in LITERALS_FLATE_DECODE},
               **{name: _unlzw for name in LITERALS_LZW_DECODE}, **{name: _unrun for name in LITERALS_RUNLENGTH_DECODE}}
    try:
        for name, params in stream.get_filters():
            if name in bounded:
                data = _predicted(bounded[name](data, budget.left()), params)
            else:                   # the others make no more than they read, or are left to images
                step = PDFStream({"Filter": name, "DecodeParms": params}, data)
                original(step)
                data = step.data
            if len(data) > budget.left():
                raise _Overflow()
    except _Overflow:
        budget.refuse(budget.over())
    budget.take(len(data))
    stream.data, stream.rawdata = data, None


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


class _Overflow(Exception):
    """A stream inflated past what the budget had left."""


def _inflate(data: bytes, limit: int) -> bytes:
    """Deflated `data`, refused past `limit` bytes as it inflates (`_Overflow`). As pdfminer
    does, a stream broken in its last bytes (a wrong checksum) keeps what came before, and one
    broken earlier is empty."""
    inflated, broken_at = _inflate_until_error(data, limit, len(data) or 1)
    if broken_at is None:
        return inflated
    inflated, broken_at = _inflate_until_error(data, limit, 1)     # to find where it broke
    return inflated if broken_at is None or broken_at >= len(data) - 3 else b""


def _inflate_until_error(data: bytes, limit: int, step: int) -> tuple[bytes, int | None]:
    """What `data` inflates to, fed `step` bytes at a time, and where it broke (None if it did not)."""
    inflater, parts, size = zlib.decompressobj(), [], 0
    for start in range(0, len(data), step):
        chunk = data[start:start + step]
        try:
            while chunk and not inflater.eof:
                part = inflater.decompress(chunk, limit - size + 1)
                size += len(part)
                parts.append(part)
                if size > limit:
                    raise _Overflow()
                chunk = inflater.unconsumed_tail
        except zlib.error:
            return b"".join(parts), start
        if inflater.eof:
            break
    return b"".join(parts), None


def _unlzw(data: bytes, limit: int) -> bytes:
    from pdfminer.lzw import LZWDecoder
    parts, size = [], 0
    for part in LZWDecoder(BytesIO(data)).run():
        size += len(part)
        if size > limit:
            raise _Overflow()
        parts.append(part)
    return b"".join(parts)


def _unrun(data: bytes, limit: int) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5): a length byte n, then n + 1 bytes to copy (n < 128) or
    one byte to repeat 257 - n times (n > 128); 128 ends the data."""
    out, at = bytearray(), 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        if length < 128:
            out += data[at + 1:at + 2 + length]
            at += 2 + length
        else:
            out += data[at + 1:at + 2] * (257 - length)
            at += 2
        if len(out) > limit:
            raise _Overflow()
    return bytes(out)


def _predicted(data: bytes, params) -> bytes:
    """`data` with the filter's predictor undone (as pdfminer's `PDFStream.decode` does)."""
    from pdfminer.pdftypes import PDFNotImplementedError, int_value
    from pdfminer.utils import apply_png_predictor, apply_tiff_predictor
    if not params or "Predictor" not in params:
        return data
    predictor = int_value(params["Predictor"])
    if predictor == 1:
        return data
    shape = [int_value(params.get(key, default)) for key, default in
             (("Colors", 1), ("Columns", 1), ("BitsPerComponent", 8))]
    if predictor == 2:
        return apply_tiff_predictor(*shape, data)
    if predictor >= 10:
        return apply_png_predictor(predictor, *shape, data)
    raise PDFNotImplementedError(f"Unsupported predictor: {predictor!r}")
