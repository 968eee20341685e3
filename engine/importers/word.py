"""A Word draft (.docx) → paragraphs and tables with their places (`engine.importers.layout`).

python-docx opens the package; the body is read from its XML, because python-docx's
`paragraph.text` leaves out what a draft under review needs: the text of tracked insertions, and
the automatic numbering that gives a heading its "IV." and a task row its number. So:

- tracked insertions (and moves in) are read as accepted, deletions (and moves out) are dropped,
  and so is a deleted table row;
- automatic numbering is computed from numbering.xml (list levels, formats, restarts) and written
  before the paragraph's text, as a reader of the printed document sees it;
- comments, footnote marks, field codes and text boxes are not part of the text; the draft's open
  comments and its tracked changes are kept apart, each at its paragraph or cell (`ReviewMark`),
  for the findings that list them;
- a cell merged across the row (gridSpan) is one cell; a cell merged down the rows (vMerge) is
  read in each row it covers.

Places: a body paragraph is `Location(paragraph=n)` (the n-th paragraph outside tables); a cell is
`Location(table=t, row=r, cell=c)`, all counted from 1 as a reader counts them (c is the column).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from engine.errors import InputError, Say
from engine.importers.layout import Cell, Layout, Line, Paragraph, ReviewMark, Table
from engine.location import Location
from engine.text import nfc, roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tag(name: str) -> str:
    prefix, local = name.split(":")
    return "{%s}%s" % ({"w": W, "mc": MC}[prefix], local)


def _val(element, name: str = "w:val") -> str | None:
    return None if element is None else element.get(_tag(name))


def _int(value: str | None, default: int | None) -> int | None:
    """A number attribute (w:ilvl, w:start, w:gridSpan…); absent or not a number (a package
    written by hand or by another program) reads as Word's default, not as an error."""
    try:
        return int(value) if value else default
    except ValueError:
        return default


# Elements whose text is not the document's text as accepted: deletions, moves out, field codes,
# comment and note marks, text boxes (drawn shapes), and the fallback copy of alternate content.
_SKIPPED = {_tag(name) for name in ("w:del", "w:moveFrom", "w:delText", "w:instrText", "w:delInstrText",
                                     "w:commentReference", "w:footnoteReference", "w:endnoteReference",
                                     "w:txbxContent", "mc:Fallback", "w:pPr", "w:rPr", "w:sectPr")}
_CHANGES = {_tag("w:ins"), _tag("w:moveTo"), _tag("w:del"), _tag("w:moveFrom")}
_DELETIONS = {_tag("w:del"), _tag("w:moveFrom")}


# A Word file's XML may inflate to this many times --max-file-mb: a plan's text compresses about
# tenfold, and its images are never inflated (`_text_parts`).
XML_INFLATION = 4


def read_word(raw: bytes, shown: str, max_xml_bytes: int = XML_INFLATION * 10 * 1024 * 1024) -> Layout:
    """The draft's body. A file that is not a Word document, or whose text parts inflate past
    `max_xml_bytes`, is an `InputError`."""
    try:
        import docx
        document = docx.Document(BytesIO(_text_parts(raw, shown, max_xml_bytes)))
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(shown, None, _NOT_WORD + Say(f" ({type(err).__name__}: {err})", f" ({type(err).__name__}: {err})"),
                         _SAVE_AGAIN) from None
    except Exception as err:          # python-docx raises its own errors for a package that is not Word
        raise InputError(shown, None, _NOT_WORD + Say(f" ({type(err).__name__})", f" ({type(err).__name__})"),
                         _SAVE_AGAIN) from None
    # python-docx gives a plain element for a root that is not w:document (another namespace),
    # and None for a w:document without w:body: neither has a body to read.
    body = getattr(document.element, "body", None)
    if body is None:
        raise InputError(shown, None, _NOT_WORD + Say(" (word/document.xml không có w:body)",
                                                      " (word/document.xml has no w:body)"), _SAVE_AGAIN)
    reader = _Reader(_Numbering(document), _StyleNumbering(document))
    reader.body(body)
    return Layout(reader.blocks, review=reader.review_marks(_comments(document)))


# A .docx of a plan has tens of parts; a package of thousands is built to make the reading slow.
MAX_PARTS = 2_000
_XML_PARTS = (".xml", ".rels")


def _text_parts(raw: bytes, shown: str, max_xml_bytes: int) -> bytes:
    """The package with its XML parts only: images and embedded files become empty parts, never
    inflated (one image can inflate to gigabytes), and the XML is bounded as it inflates, whatever
    sizes the zip's directory claims."""
    with zipfile.ZipFile(BytesIO(raw)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise InputError(shown, None, Say(f"gói Word có {len(parts):,} phần, vượt giới hạn {MAX_PARTS:,}",
                                              f"the Word package has {len(parts):,} parts, over the limit of "
                                              f"{MAX_PARTS:,}"), _SAVE_AGAIN)
        slim, left = BytesIO(), max_xml_bytes
        with zipfile.ZipFile(slim, "w") as out:
            for part in parts:
                data = b""
                if part.filename.lower().endswith(_XML_PARTS):
                    with archive.open(part) as stream:
                        data = stream.read(left + 1)
                    left -= len(data)
                    if left < 0:
                        raise InputError(shown, None, Say(
                            f"phần văn bản của tệp Word giải nén ra hơn {max_xml_bytes:,} byte",
                            f"the Word file's text parts inflate to over {max_xml_bytes:,} bytes"), _RAISE_XML_LIMIT)
                out.writestr(part.filename, data)
    return slim.getvalue()


_NOT_WORD = Say("không phải tệp Word (.docx) đọc được", "not a readable Word (.docx) file")
_RAISE_XML_LIMIT = Say(f"nâng giới hạn (--max-file-mb N; phần văn bản giải nén được gấp {XML_INFLATION} lần)",
                       f"raise the limit (--max-file-mb N; the text parts may inflate to {XML_INFLATION} times it)")
_SAVE_AGAIN = Say("mở tệp bằng Word hoặc LibreOffice rồi lưu lại dạng .docx",
                  "open it in Word or LibreOffice and save it again as .docx")


# --------------------------------------------------------------------------- numbering

@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None        # w:lvlRestart: restart after this (1-based) level; 0 = never
    suffix: str = "tab"


class _Numbering:
    """numbering.xml: which list and level a paragraph belongs to, and the label it shows."""

    def __init__(self, document):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}      # abstract list → level → last number
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.iter(_tag("w:abstractNum")):
            self.abstract[_val(abstract, "w:abstractNumId")] = {
                _int(_val(level, "w:ilvl"), 0): self._level(level) for level in abstract.iter(_tag("w:lvl"))}
        for num in root.iter(_tag("w:num")):
            overrides = {}
            for override in num.iter(_tag("w:lvlOverride")):
                start = override.find(_tag("w:startOverride"))
                if start is not None:
                    overrides[_int(_val(override, "w:ilvl"), 0)] = _int(_val(start), 1)
            self.nums[_val(num, "w:numId")] = (_val(num.find(_tag("w:abstractNumId"))), overrides)

    @staticmethod
    def _level(element) -> _Level:
        def child(name):
            return _val(element.find(_tag(name)))
        restart = child("w:lvlRestart")
        return _Level(fmt=child("w:numFmt") or "decimal", text=child("w:lvlText") or "",
                      start=_int(child("w:start"), 1), restart=_int(restart, None),
                      suffix=child("w:suff") or "tab")

    def label(self, num_id: str, ilvl: int) -> str:
        """Count one more item of list `num_id` at level `ilvl`; the label it shows ("IV.", "2.", "a)")."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        # Lists that share a definition share one count (as Word numbers them), unless a list
        # restarts it: its start override applies the first time it is used.
        counter = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counter[level] = start - 1
        counter[ilvl] = counter.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper, level in levels.items():
            if deeper > ilvl and (level.restart is None or 0 < level.restart <= ilvl + 1):
                counter.pop(deeper, None)

        def shown(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            level = levels.get(index)
            value = counter.get(index, level.start if level else 1)
            return _format(value, level.fmt if level else "decimal")
        level = levels[ilvl]
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return "-"
        return re.sub(r"%([1-9])", shown, level.text).strip()


WORD_MAX_NUMBER = 32_767     # the largest list number Word's own dialogs accept


def _format(value: int, fmt: str) -> str:
    # A hand-made package may start a list at 100,000,000: its letter or Roman label would be millions
    # of characters per paragraph. Word itself numbers no further than this.
    value = min(max(value, 0), WORD_MAX_NUMBER)
    if fmt in ("upperRoman", "lowerRoman"):
        numeral = roman(value)
        return numeral if fmt == "upperRoman" else numeral.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _StyleNumbering:
    """The numbering a paragraph style carries (a "Heading 1" numbered I., II., …), through basedOn."""

    def __init__(self, document):
        self.styles: dict[str, tuple[str | None, str | None, int]] = {}
        try:
            root = document.styles.element
        except (KeyError, AttributeError):
            return
        for style in root.iter(_tag("w:style")):
            num_pr = style.find(f"{_tag('w:pPr')}/{_tag('w:numPr')}")
            num_id = _val(num_pr.find(_tag("w:numId"))) if num_pr is not None else None
            ilvl = _val(num_pr.find(_tag("w:ilvl"))) if num_pr is not None else None
            self.styles[_val(style, "w:styleId")] = (_val(style.find(_tag("w:basedOn"))), num_id, _int(ilvl, 0))

    def of(self, style_id: str | None) -> tuple[str | None, int]:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            based_on, num_id, ilvl = self.styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, 0


# --------------------------------------------------------------------------- the body

class _Reader:
    def __init__(self, numbering: _Numbering, styles: _StyleNumbering):
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Paragraph | Table] = []
        self.paragraphs = 0
        self.tables = 0
        self.where: Location | None = None       # the paragraph or cell being read
        self.marks: dict[Location, _Marks] = {}   # in reading order

    def body(self, body) -> None:
        for child in body:
            if child.tag == _tag("w:p"):
                self.paragraphs += 1
                where = self.where = Location(paragraph=self.paragraphs)
                self.blocks.append(Paragraph([Line(text, where) for text in self.paragraph(child)]))
            elif child.tag == _tag("w:tbl"):
                self.tables += 1
                self.blocks.append(self.table(child, self.tables))
            elif child.tag == _tag("w:sdt"):          # a content control around blocks
                content = child.find(_tag("w:sdtContent"))
                if content is not None:
                    self.body(content)

    def paragraph(self, p) -> list[str]:
        """The paragraph as accepted, its numbering label first; a line break starts a new line."""
        lines = [""]
        self._collect(p, lines)
        label = self._label(p)
        if label:
            lines[0] = f"{label} {lines[0]}" if lines[0].strip() else label
        return [nfc(re.sub(r"[ \t\xa0]+", " ", line)).strip() for line in lines]

    def _label(self, p) -> str:
        ppr = p.find(_tag("w:pPr"))
        num_id, ilvl = None, 0
        if ppr is not None:
            num_pr = ppr.find(_tag("w:numPr"))
            if num_pr is not None:
                num_id = _val(num_pr.find(_tag("w:numId")))
                ilvl = _int(_val(num_pr.find(_tag("w:ilvl"))), 0)
            if num_id is None:
                num_id, ilvl = self.styles.of(_val(ppr.find(_tag("w:pStyle"))))
            if ppr.find(f"{_tag('w:rPr')}/{_tag('w:del')}") is not None:
                return ""                              # a deleted paragraph mark: its number is gone too
        if num_id in (None, "0"):
            return ""
        return self.numbering.label(num_id, ilvl)

    def _collect(self, element, lines: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in _CHANGES:
                self._mark_change(child, tag in _DELETIONS, _val(child, "w:author"))
            elif tag in _COMMENT_ANCHORS:
                self._mark().comments.setdefault(_val(child, "w:id"), None)
            if tag in _SKIPPED:
                continue
            if tag == _tag("w:t"):
                lines[-1] += child.text or ""
            elif tag in (_tag("w:tab"), _tag("w:ptab")):
                lines[-1] += " "
            elif tag in (_tag("w:br"), _tag("w:cr")):
                if _val(child, "w:type") in (None, "textWrapping"):
                    lines.append("")
            elif tag == _tag("w:noBreakHyphen"):
                lines[-1] += "-"
            else:
                self._collect(child, lines)

    def table(self, tbl, number: int) -> Table:
        rows: list[list[Cell]] = []
        above: dict[int, Cell] = {}            # grid column → the cell that starts a vertical merge
        row_number = 0
        for tr in tbl.findall(_tag("w:tr")):    # its own rows: a nested table's are its cell's
            row_number += 1
            trpr = tr.find(_tag("w:trPr"))
            deleted_row = trpr.find(_tag("w:del")) if trpr is not None else None
            if deleted_row is not None:
                if number:                      # the row is gone from the text, but not from the trail
                    self.where = Location(table=number, row=row_number)
                    self._mark_change(tr, deleted=True, author=_val(deleted_row, "w:author"))
                continue
            row: list[Cell] = []
            column = 0
            for tc in tr.findall(_tag("w:tc")):
                tcpr = tc.find(_tag("w:tcPr"))
                span = _int(_val(tcpr.find(_tag("w:gridSpan"))), 1) if tcpr is not None else 1
                merge = tcpr.find(_tag("w:vMerge")) if tcpr is not None else None
                where = Location(table=number, row=row_number, cell=column + 1)
                if number:                      # a table inside a cell is read as part of that cell
                    self.where = where
                if merge is not None and _val(merge) in (None, "continue") and column in above:
                    cell = Cell([Line(line.text, where) for line in above[column].lines], span)
                else:
                    texts = [text for p in self._cell_paragraphs(tc) for text in p]
                    texts = [t for t in texts if t] or [""]
                    cell = Cell([Line(text, where) for text in texts], span)
                    if merge is not None:
                        above[column] = cell
                    else:
                        above.pop(column, None)
                row.append(cell)
                column += span
            rows.append(row)
        return Table(rows)

    def _mark(self) -> _Marks:
        return self.marks.setdefault(self.where or Location(paragraph=max(self.paragraphs, 1)), _Marks())

    def _mark_change(self, change, deleted: bool, author: str | None) -> None:
        marks = self._mark()
        piece = _tag("w:delText") if deleted else _tag("w:t")
        # a whole row's cells are paragraphs apart; a run's pieces are one text
        parts = list(change.iter(_tag("w:p"))) or [change]
        text = " ".join("".join(t.text or "" for t in part.iter(piece)) for part in parts)
        (marks.deleted if deleted else marks.inserted).append(text)
        marks.authors.setdefault(author or "", None)

    def review_marks(self, comments: dict[str, tuple[str, str]]) -> list[ReviewMark]:
        """One mark per open comment, then one for the tracked changes, at each place in reading
        order; a comment anchored nowhere in the body (a header's) is not listed."""
        out = []
        for where, marks in self.marks.items():
            for comment_id in marks.comments:
                if comment_id in comments:
                    author, text = comments[comment_id]
                    out.append(ReviewMark("comment", where, author or None, _excerpt(text) or None))
            inserted, deleted = _excerpt(" ".join(marks.inserted)), _excerpt(" ".join(marks.deleted))
            if inserted or deleted:
                authors = ", ".join(a for a in marks.authors if a)
                out.append(ReviewMark("change", where, authors or None, inserted=inserted or None,
                                      deleted=deleted or None))
        return out

    def _cell_paragraphs(self, tc) -> list[list[str]]:
        out = []
        for child in tc:
            if child.tag == _tag("w:p"):
                out.append(self.paragraph(child))
            elif child.tag == _tag("w:tbl"):              # a table inside a cell: its text, row by row
                for row in self.table(child, 0).rows:
                    out.append([cell.text for cell in row if cell.text])
            elif child.tag == _tag("w:sdt"):
                content = child.find(_tag("w:sdtContent"))
                if content is not None:
                    out.extend(self._cell_paragraphs(content))
        return out


# --------------------------------------------------------------------------- the review trail

_COMMENT_ANCHORS = {_tag("w:commentRangeStart"), _tag("w:commentReference")}
# A comment or a change is quoted in a finding up to this many characters.
_EXCERPT = 160


@dataclass
class _Marks:
    comments: dict = field(default_factory=dict)      # comment id → None, in order of anchoring
    inserted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    authors: dict = field(default_factory=dict)


def _excerpt(text: str) -> str:
    text = nfc(re.sub(r"\s+", " ", text)).strip()
    return text if len(text) <= _EXCERPT else text[:_EXCERPT - 1].rstrip() + "…"


def _comments(document) -> dict[str, tuple[str, str]]:
    """The comments part: id → (author, text). A package without one has no comments."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/comments.xml":
            from docx.oxml.parser import parse_xml
            root = parse_xml(part.blob)
            return {_val(c, "w:id"): (_val(c, "w:author") or "",
                                      " ".join("".join(t.text or "" for t in p.iter(_tag("w:t")))
                                               for p in c.iter(_tag("w:p"))))
                    for c in root.iter(_tag("w:comment"))}
    return {}
