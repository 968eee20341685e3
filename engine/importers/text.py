"""A draft plan as plain text (.txt, .md, or text copied from Word or a web page) → plan data.

The text is data: it is read, never followed. What is read (docs/domain.md §2–§6):

- the header: issuer, number, issue date, the plan's own "KẾ HOẠCH" title, and from the title the
  plan's kind and period (a Quyết định with the plan attached and a Kế hoạch issued directly are
  both plans; the attached plan's own title and period win);
- the legal basis: each "Căn cứ …" / "Thực hiện …" statement before the body, one entry per
  document cited (split on ";");
- the sections, by their Roman-numeral headings (and "chế độ thông tin, báo cáo");
- targets: every quantified clause of the targets and tasks sections (and of the task cells);
- measures: the body's nhiệm vụ, giải pháp per domain;
- tasks: the appendix, flattened by Word into tab-led cells (or a Markdown table).

Two layouts of the body are told apart: a plan with Roman-numeral sections ("I. MỤC ĐÍCH, YÊU
CẦU"), read by its headings and item markers; and a news summary of a plan (no sections), read by
paragraphs and by the domain headings or domain names it contains.

Every value set gets a position (JSON pointer → `Location(line=…)` in the draft) and every value
that was inferred rather than read gets a note.
"""
from __future__ import annotations

import bisect
import collections
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import InputError, Say
from engine.location import Location
from engine.text import fold, nfc, roman
from engine.vocab import Vocabulary, ascii_code, heading_key
from engine.yamlsource import Document

_GIVE_A_PLAN = Say("đưa văn bản của một kế hoạch cải cách hành chính",
                  "give the text of a CCHC plan (kế hoạch cải cách hành chính)")


def _row_number(text: str, previous: int | None = None) -> int | None:
    """A task's number in a flattened appendix, where a cell alone on its line may also be a year or
    an amount: up to 999 as it comes, above only as the number after `previous`."""
    found = _STT.match(text)
    if not found:
        return None
    number = int(found.group(1))
    return number if number <= 999 or (previous is not None and number == previous + 1) else None


@dataclass
class ImportedDraft:
    """A draft read into the plan format, with where each value came from."""
    path: str
    data: dict
    positions: dict[str, Location] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def document(self) -> Document:
        """The data as a document, so `engine.load.validate` points into the draft."""
        return Document(path=self.path, data=self.data, positions=dict(self.positions))


def import_text(text: str, path: str, vocabulary: Vocabulary) -> ImportedDraft:
    """Read a plan out of `text` (the draft named `path`). A document that is not a plan
    (a report, or text with no plan in it) is an `InputError` at the line that shows it."""
    return _Importer(text, path, vocabulary).run()


# --------------------------------------------------------------------------- patterns

_NUMBER = r"\d+[a-zA-Z]?(?:/\d{4})?[/-][A-ZĐa-zđ]+(?:[-/][A-ZĐa-zđ0-9]+)*"
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,5})\.\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<text>\S.*)$")
_LETTERED = re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<text>\S.*)$")
_DASHED = re.compile(r"^[-–—•+*]\s+(?P<text>\S.*)$")
_NOTE = re.compile(r"^\([^()]*\)\.?$")                    # "(Có phụ lục kèm theo)."
_STT = re.compile(r"^(\d{1,5})\.?$")                        # a task's number in the appendix
_ROMAN_ONLY = re.compile(r"^[IVXL]{1,5}\.?$")
_SENTENCE_END = ".;:!?…"
_MARKER_ONLY = re.compile(r"^(?:[IVXL]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-–—•+*]|Căn(?: cứ)?|Thực(?: hiện)?|Theo(?: đề)?)$")
_SIGNATURE = re.compile(r"^(?:TM|KT|T/M|Q|TL|TUQ)\.\s|^Nơi nhận\b")
_NEWS_STOP = re.compile(r"^(?:dưới đây là phụ lục|xem chi tiết|các tin (?:đã đưa|khác)|tin liên quan|"
                        r"đăng xuất|bình luận|chia sẻ bài)")
_SITE_NOISE = re.compile(r"^(?:đăng xuất|đăng nhập)$")      # a web page's menu, after the text

_REPORT_OWN_NUMBER = [
    re.compile(r"Báo cáo số\s*:\s*(" + _NUMBER + ")", re.IGNORECASE),
    re.compile(r"(?:^|\|)\s*Số\s*:\s*(\d+[^\s|,;]*/BC-[^\s|,;)]+)"),
    re.compile(r"Số hiệu\s*\|\s*(\d+[^\s|,;]*/BC-[^\s|,;)]+)"),
]

# Words kept upper case when a title written in capitals is put in sentence case.
_ABBREVIATIONS = {"UBND", "HĐND", "CCHC", "TTHC", "CNTT", "VBQPPL", "QPPL", "DVCTT", "CBCCVC", "ISO",
                  "TCVN", "PCI", "PAPI", "SIPAS", "PAR", "QĐ", "KH", "NQ", "CP", "TW", "TU", "MTTQ"}
# Words that end a place name ("tỉnh Lạng Sơn giai đoạn …").
_NAME_STOP = {"giai", "năm", "trên", "đến", "về", "của", "và", "thực", "từ", "theo", "trong", "nhà", "cải",
              "đã", "ban", "với", "tại", "là", "có", "kế", "quyết"}
# Abbreviations spelled out before an indicator's phrase is looked for in a clause.
_SPELLED = {"tthc": "thủ tục hành chính", "dvctt": "dịch vụ công trực tuyến"}
# First words of a coordinating agency's name (capitalised as written): split a cell on a comma
# only when both parts start like this, since "Cơ quan, đơn vị" is one phrase.
_AGENCY_START = re.compile(r"^(?:Sở|Văn phòng|VP|UBND|Ủy ban|Uỷ ban|Ban|Cơ quan|Các|Bộ|Thanh tra|Công an|Đài|"
                           r"Báo|Trung tâm|Kho bạc|Cục|Chi cục|Bảo hiểm|Hội|Liên đoàn|Tỉnh|Trường|Phòng|"
                           r"HĐND|Hội đồng|Đoàn|Ngân hàng|Viện|Quỹ|Cổng)\b")
_FREQUENCIES = [("monthly", r"hằng tháng|hàng tháng"), ("quarterly", r"hằng quý|hàng quý"),
                ("half-yearly", r"6 tháng|sáu tháng"), ("yearly", r"hằng năm|hàng năm|(?:quý|tháng)\s*(?:,|và)\s*năm\b(?!\s*\d)"),
                ("ad-hoc", r"đột xuất")]
# Capitalised words that follow the issuer in a header ("… TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI …").
_HEADER_STOP = {"cộng", "số", "độc", "chủ", "căn", "quyết", "kế", "hòa", "hoà"}
# The left block of an official header: the people's committee and its unit, maybe an agency below it.
_HEADER_ISSUER = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+(?P<unit>TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|"
                            r"ĐẶC KHU|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN)\s+(?P<rest>\S.*)$")
_AGENCY_HEADS = {"SỞ", "BAN", "THANH", "TRUNG", "CHI", "PHÒNG", "CÔNG", "ĐÀI", "BỘ"}
# Words of an agency's name written with a capital although not first ("Sở Công Thương").
_AGENCY_CAPITALS = {"thương"}


def _frequencies(text: str) -> list[str]:
    """The concrete frequencies a reporting clause names, in the plan format's order."""
    folded = fold(text)
    return [frequency for frequency, pattern in _FREQUENCIES if re.search(pattern, folded)]


# A heading of Tổ chức thực hiện that names the units it gives duties to ("2. Sở Nội vụ", "Các Sở,
# ban, ngành tỉnh; UBND các huyện", "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"), not a topic.
_ORGANISATION_UNIT = re.compile(r"(?:đề nghị\s+)?(?:các\s+)?(?:sở|ban|văn phòng|ủy ban|uỷ ban|ubnd|hđnd|đài|báo|"
                                r"cổng|trung tâm|công an|bộ chỉ huy|thanh tra|kho bạc|cục|chi cục|trường|phòng|"
                                r"cơ quan|hội|liên đoàn|tỉnh đoàn|đoàn|mặt trận)\b")
# Where a report goes: "gửi về Sở Nội vụ", "báo cáo UBND tỉnh", "… về UBND tỉnh (qua Sở Nội vụ)".
_SENT_TO = re.compile(r"gửi về\s+(.+?)(?=\s+(?:đúng|để|theo|trước)\b|[,;.]|$)")
_REPORTED_TO = re.compile(r"(?:báo cáo|\bvề)\s+((?:UBND|Ủy ban nhân dân)\s+tỉnh(?:\s*\([^)]*\))?|Sở Nội vụ|Bộ Nội vụ)")


def _recipient(text: str) -> str | None:
    found = _SENT_TO.search(text) or _REPORTED_TO.search(text)
    return found.group(1).strip() if found else None


def _report_item(frequency: str, to: str | None) -> dict:
    return {"frequency": frequency, "to": to} if to else {"frequency": frequency}


def _agency_case(words: list[str]) -> str:
    """An agency's name written in capitals, as it is written in running text: the head word and
    the first word of each part capitalised ("SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ")."""
    out: list[str] = []
    capital_next = True
    for i, word in enumerate(words):
        lower = word.lower()
        if i == 0 or capital_next or lower.strip(",") in _AGENCY_CAPITALS:
            out.append(lower[:1].upper() + lower[1:])
        else:
            out.append(lower)
        capital_next = i == 0 or lower in ("và",) or lower.endswith(",")
    return " ".join(out)


_SECTION_ORDER = ["purpose", "targets", "tasks", "organisation", "budget", "reporting"]


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(_SENTENCE_END))


# Words a citation cannot end on: a line ending in one was wrapped mid-phrase.
_DANGLING_WORDS = frozenset("của về và ngày số tại theo the với trên cho việc".split())


def _dangles(text: str) -> bool:
    """Does `text` stop on a word that needs the next line ("… ngày 30/9/2021 của")?"""
    words = fold(text).split()
    return bool(words) and words[-1] in _DANGLING_WORDS


# "… của UBND tỉnh Vĩnh Long về …" in a folded citation: the province (or city) that issued it.
# A caption that gives this plan's number: "(Kèm theo Kế hoạch số 315/KH-UBND ngày 10/12/2026 …)".
_OWN_CAPTION = re.compile(r"^\(?\s*(?:ban hành )?kèm theo (?:kế hoạch|quyết định) số\b")
_CAPTION_DATED = re.compile(r"kèm theo (?:kế hoạch|quyết định) số .{1,40}? ngày")
# A cited document's number as written ("315/KH-UBND", "2617/QĐ-UBND").
_CITED_NUMBER = re.compile(r"\b\d+[a-zđA-ZĐ]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
_CITED_PROVINCE = re.compile(r"(?:ubnd|ủy ban nhân dân) (?:tỉnh|thành phố) (.+?)"
                             r"(?= (?:về|thực hiện|ban hành|triển khai|giai đoạn|năm|trên|số|ngày)\b|[,;.(]|$)")


def _starts_lower(text: str) -> bool:
    """Does `text` read as the rest of a phrase: a lower-case word, a number or a parenthesis?"""
    return bool(text) and (text[0].islower() or text[0].isdigit() or text[0] in "([“\"'")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _words(text: str) -> int:
    return len(text.split())


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """Words of `text` as compared (folded, abbreviations spelled out) and where each starts in
    `text.lower()`; "100 %" is one token "100%"."""
    lowered = text.lower()
    tokens, starts = [], []
    for match in re.finditer(r"\d+(?:[.,]\d+)?\s*%|[\w%]+", lowered):
        word = fold(re.sub(r"\s+", "", match.group(0)))
        for part in _SPELLED.get(word, word).split():
            tokens.append(part)
            starts.append(match.start())
    return tokens, starts


def _phrase_fragments(phrase: str) -> list[list[str]]:
    return [frag for frag in (_tokens(part)[0] for part in phrase.split("…")) if frag]


def _find(tokens: list[str], fragment: list[str], start: int, slack: int) -> tuple[int, int] | None:
    """The first place from `start` where `fragment`'s words occur in order with at most
    `slack` other words between them."""
    first, size = fragment[0], len(fragment)
    for s in range(start, len(tokens)):
        if tokens[s] != first:
            continue
        i, k, skipped = s + 1, 1, 0
        while k < size and i < len(tokens):
            if tokens[i] == fragment[k]:
                k += 1
            else:
                skipped += 1
                if skipped > slack:
                    break
            i += 1
        if k == size:
            return s, i
    return None


def _match(tokens: list[str], fragments: list[list[str]], loose: bool) -> int | None:
    """Where the phrase starts in `tokens`, or None. Loose: up to two extra words inside a
    fragment of four words or more ("của người dân, tổ chức, doanh nghiệp")."""
    def slack(fragment):
        return 2 if loose and len(fragment) >= 4 else 0
    start = 0
    while True:
        found = _find(tokens, fragments[0], start, slack(fragments[0]))
        if not found:
            return None
        cursor, ok = found[1], True
        for fragment in fragments[1:]:
            later = _find(tokens, fragment, cursor, slack(fragment))
            if not later:
                ok = False
                break
            cursor = later[1]
        if ok:
            return found[0]
        start = found[0] + 1


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


# --------------------------------------------------------------------------- text with positions

@dataclass(frozen=True)
class _Line:
    no: int            # 1-based line number in the draft
    raw: str
    text: str          # NBSP as space, spaces collapsed, Markdown marks dropped
    tabbed: bool       # a table cell of text copied from Word: starts (after spaces) with a tab


class _Span:
    """Text joined from lines, remembering which line each part came from."""

    def __init__(self):
        self.text = ""
        self.starts: list[int] = []
        self.lines: list[int] = []

    def add(self, text: str, line: int, sep: str = " ") -> None:
        if self.text:
            self.text += sep
        self.starts.append(len(self.text))
        self.lines.append(line)
        self.text += text

    def line_at(self, offset: int) -> int:
        return self.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    @property
    def first_line(self) -> int:
        return self.lines[0]


@dataclass
class _Block:
    kind: str                 # roman | heading | item | para | note
    marker: str               # numeral, number, letter, "-", or ""
    span: _Span
    first: str                # the first line as written (marker included)
    section: str | None = None
    numeral: str | None = None        # the Roman numeral of its section
    number: str | None = None         # the number of its sub-heading ("3", "2.1")
    domain: str | None = None
    heading_line: int | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def line(self) -> int:
        return self.span.first_line


@dataclass
class _Unit:
    """A stretch of text targets are read from, with the domain it is under."""
    span: _Span
    domain: str | None
    origin: str               # body | measure | cell
    heading_line: int | None = None


@dataclass
class _Cell:
    lines: list[tuple[str, int]]          # (text, line)

    @property
    def line(self) -> int:
        return self.lines[0][1]

    def joined(self) -> str:
        return " ".join(text for text, _ in self.lines).strip()


# --------------------------------------------------------------------------- the importer

class _Importer:
    def __init__(self, text: str, path: str, vocabulary: Vocabulary):
        self.path = path
        self.vocabulary = vocabulary
        self.data: dict = {}
        self.positions: dict[str, Location] = {}
        self.notes: dict[str, str] = {}
        text = nfc(text).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [self._line(no, raw) for no, raw in enumerate(text.split("\n"), start=1)]
        self._indicators = [(indicator.id, [_phrase_fragments(p) for p in indicator.match if p.strip()])
                            for indicator in vocabulary.indicators.values()]
        self._domain_phrases = self._content_phrases()

    @staticmethod
    def _line(no: int, raw: str) -> _Line:
        spaced = raw.replace("\xa0", " ").replace("\u200b", "")
        tabbed = bool(re.match(r"^ *\t", spaced))
        text = re.sub(r"\s+", " ", spaced).strip()
        text = re.sub(r"^#{1,6}\s+", "", text)
        text = text.replace("**", "").replace("__", "")
        return _Line(no, raw, text, tabbed)

    def at(self, pointer: str, line: int | None) -> None:
        if line is not None:
            self.positions[pointer] = Location(line=line)

    def fail(self, line: int | None, problem: Say, fix: Say) -> None:
        raise InputError(self.path, Location(line=line or 1), problem, fix)

    # ------------------------------------------------------------------ the run

    def run(self) -> ImportedDraft:
        if not any(line.text for line in self.lines):
            self.fail(1, Say("dự thảo trống", "the draft is empty"), _GIVE_A_PLAN)
        self._refuse_report()
        self._drop_repeated_page()
        appendix_at = self._appendix_start()
        self.lines = self._merge_marker_lines(self.lines[:appendix_at]) + self.lines[appendix_at:]
        appendix_at = self._appendix_start()
        body_lines = self.lines[:appendix_at]
        self.appendix = self.lines[appendix_at:]
        def heads_section(i: int) -> bool:
            line = body_lines[i]
            if not line.text or line.tabbed or not _ROMAN.match(line.text):
                return False
            after = next((x.text for x in body_lines[i + 1:i + 2]), "")
            return bool(self._section_of(line.text) or self._section_of(line.text + " " + after))
        roman = [i for i in range(len(body_lines)) if heads_section(i)]
        self.structured = len(roman) >= 2
        if self.structured:
            start = roman[0]
            self.preamble = body_lines[:start]
            end = len(body_lines)
            for i in range(start, len(body_lines)):
                if self._ends_body(body_lines[i].text):
                    end = i
                    break
            self.body = body_lines[start:end]
        else:
            self.preamble = []
            self.body = body_lines

        self.sections: dict[str, int] = {}
        self.targets_units: list[_Unit] = []
        self.measures: list[tuple[dict, int, int | None]] = []      # (measure, line, heading line)
        self.domain_numbers: dict[str, int] = {}
        self.budget: tuple[str, int] | None = None
        self.reporting_text: tuple[_Span, int] | None = None
        self.reporting_heading: tuple[_Span, int] | None = None
        # the units Tổ chức thực hiện gives duties to, as its headings name them ("2. Sở Nội vụ")
        self.organisation: list[tuple[str, int]] = []
        # every clause of Tổ chức thực hiện that asks for a scheduled report, with its line
        self.reporting_clauses: list[tuple[str, int]] = []
        if self.structured:
            self._read_structured_body()
        else:
            self._read_news_body()
        tasks = self._read_tasks()
        header = self._read_header()
        targets = self._read_targets(header["period"]["to"], tasks)
        self._assemble(header, targets, tasks)
        return ImportedDraft(self.path, self.data, self.positions, self.notes)

    # ------------------------------------------------------------------ not a plan

    def _refuse_report(self) -> None:
        for line in self.lines:
            if self._is_basis(line.text):
                continue
            for pattern in _REPORT_OWN_NUMBER:
                found = pattern.search(line.text)
                if found:
                    number = found.group(1).rstrip(".")
                    if "/bc-" in number.lower():
                        self._report(number, line.no)
        first = next((line for line in self.lines if line.text), None)
        if first is not None and re.match(r"^BÁO CÁO\b", first.text.strip("| ")):
            number = next((m.group(0) for line in self.lines for m in re.finditer(_NUMBER, line.text)
                           if "/BC-" in m.group(0)), None)
            self._report(number or "BÁO CÁO", first.no)

    def _report(self, number: str, line: int) -> None:
        self.fail(line, Say(f"đây là báo cáo ({number}), không phải kế hoạch: không nhập gì",
                            f"this is a report ({number}), not a plan: nothing was imported"),
                  Say("đưa chính bản kế hoạch (Kế hoạch, hoặc Quyết định kèm theo Kế hoạch)",
                      "give the plan itself (the Kế hoạch, or the Quyết định with the plan attached)"))

    @staticmethod
    def _promulgates(text: str) -> bool:
        """The sentence after the legal basis: "Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:"."""
        folded = fold(text)
        if re.search(r"\bvề việc ban hành\b", folded):      # the title of a cited document
            return False
        return text.rstrip().endswith(":") or bool(
            re.match(r"^(?:ủy ban nhân dân|ubnd|chủ tịch|sở|ban)\b[^;]*\bban hành\b", folded))

    @staticmethod
    def _is_basis(text: str) -> bool:
        return bool(re.match(r"^(?:căn cứ|thực hiện|theo)\b", fold(text)))

    # ------------------------------------------------------------------ noise

    def _drop_repeated_page(self) -> None:
        """A stretch of text that repeats the stretch just before it, word for word (a page
        copied twice from a web page), is read once: the second copy's lines are dropped.
        Words, not lines, are compared, so a line wrapped in one copy only does not hide it.
        Linear in the words: stretches are compared by rolling hash, and a line is compared with
        the last few lines that begin with the same three words only (a table whose rows all
        begin alike would otherwise be a quadratic number of comparisons)."""
        words: list[str] = []
        owner: list[int] = []                     # index into self.lines of each word
        first_word: dict[int, int] = {}           # line index → position of its first and last word
        last_word: dict[int, int] = {}
        for index, line in enumerate(self.lines):
            for word in line.text.split():
                first_word.setdefault(index, len(words))
                last_word[index] = len(words)
                words.append(word)
                owner.append(index)
        stretch = _Stretches(words)
        recent: dict[tuple, collections.deque] = {}
        dropped: set[int] = set()
        dropped_until = 0                         # the word after the last copy dropped
        for b in first_word.values():
            key = tuple(words[b:b + 3])
            earlier = recent.setdefault(key, collections.deque(maxlen=_SAME_START_COMPARED))
            for a in (earlier if b >= dropped_until else ()):
                size = b - a                      # the first copy must end where the second starts
                if size < 40 or b + size > len(words) or stretch.characters(a, b) < 200 \
                        or not stretch.equal(a, b, size):
                    continue
                end = b + size                    # the second copy's lines: those all of whose words it holds
                lines = [i for i in sorted({owner[k] for k in range(b, end)})
                         if first_word[i] >= b and last_word[i] < end]
                if not lines:
                    continue
                dropped.update(lines)
                dropped_until = end
                first, last = self.lines[lines[0]].no, self.lines[lines[-1]].no
                self.notes["/plan"] = (f"lines {first}–{last} repeat lines {self.lines[owner[a]].no}–"
                                       f"{self.lines[owner[b - 1]].no} (a page copied twice); read once")
                break
            earlier.append(b)
        self.lines = [line for i, line in enumerate(self.lines) if i not in dropped]

    @staticmethod
    def _merge_marker_lines(lines: list[_Line]) -> list[_Line]:
        """A line holding only an item marker ("a)", "IV.", "-") or a lone first word of a basis
        statement ("Căn") is the start of the next line, broken off by a line wrap."""
        out: list[_Line] = []
        for line in lines:
            previous = out[-1] if out else None
            if (previous is not None and line.text and not line.tabbed
                    and _MARKER_ONLY.match(previous.text) and not previous.tabbed):
                out[-1] = _Line(previous.no, previous.raw + " " + line.raw, previous.text + " " + line.text, False)
                continue
            out.append(line)
        return out

    def _ends_body(self, text: str) -> bool:
        return bool(text) and (set(text) <= {"|", " "} or bool(_SIGNATURE.match(text))
                               or bool(_SITE_NOISE.match(fold(text))))

    # ------------------------------------------------------------------ sections

    @staticmethod
    def _section_of(heading: str) -> str | None:
        key = fold(_ROMAN.sub(r"\g<text>", heading))
        if "mục đích" in key:
            return "purpose"
        if "tổ chức thực hiện" in key:
            return "organisation"
        if "kinh phí" in key:
            return "budget"
        if "mục tiêu" in key or "chỉ tiêu" in key:
            return "targets"
        if "nhiệm vụ" in key or "giải pháp" in key or "kế hoạch triển khai" in key:
            return "tasks"
        if "báo cáo" in key:
            return "reporting"
        return None

    def _section_at(self, section: str, line: int) -> None:
        self.sections.setdefault(section, line)

    # ------------------------------------------------------------------ structured body

    def _blocks(self) -> list[_Block]:
        blocks: list[_Block] = []
        for line in self.body:
            text = line.text
            if not text:
                continue
            previous = blocks[-1] if blocks else None
            block = None
            if text.startswith("(") and (previous is None or _ends_sentence(previous.text)) \
                    and (_NOTE.match(text) or ")" not in text):
                block = _Block("note", "", _Span(), text)
            elif (m := _ROMAN.match(text)):
                block = _Block("roman", m["num"], _Span(), text)
                text = m["text"]
            elif (m := _NUMBERED.match(text)):
                heading = _words(m["text"]) <= 15 and not m["text"].rstrip().endswith((".", ";"))
                block = _Block("heading" if heading else "item", m["num"], _Span(), text)
                text = m["text"]
            elif (m := _LETTERED.match(text)):
                block = _Block("item", m["num"], _Span(), text)
                text = m["text"]
            elif (m := _DASHED.match(text)) and not self._hyphen_wrapped(previous, m["text"]):
                block = _Block("item", "-", _Span(), text)
                text = m["text"]
            elif previous is not None and self._continues(previous, text):
                previous.span.add(text, line.no)
                if previous.kind == "heading" and (_words(previous.text) > 15 or previous.text.endswith((".", ";"))):
                    previous.kind = "item"           # a numbered paragraph, wrapped after a few words
                continue
            else:
                block = _Block("para", "", _Span(), text)
            block.span.add(text, line.no)
            blocks.append(block)
        return blocks

    @staticmethod
    def _hyphen_wrapped(previous: _Block | None, rest: str) -> bool:
        """ "- 2025" or "- xã hội" after an unfinished line is "2021 - 2025", "kinh tế - xã hội"
        broken by a line wrap, not a dash item."""
        if previous is None or previous.kind not in ("item", "para") or _ends_sentence(previous.text):
            return False
        return rest[:1].islower() or bool(re.match(r"^\d+(?!\s*[%\d])", rest))

    def _continues(self, previous: _Block, text: str) -> bool:
        """Is `text` (a line with no item marker) the rest of `previous`, broken by a line wrap?"""
        if previous.kind == "note":
            return previous.text.count("(") > previous.text.count(")")      # until its ")" closes
        if previous.kind == "item":
            return True
        if not _ends_sentence(previous.text) and _starts_lower(text):
            return True
        if previous.kind == "para" and not _ends_sentence(previous.text) and not _is_upper(text):
            return True
        joined = previous.text + " " + text
        if previous.kind in ("heading", "roman") and not _ends_sentence(previous.text) \
                and not any(c.islower() for c in text):
            return True                       # a heading in capitals, wrapped
        if previous.kind == "heading" and not _ends_sentence(previous.text):
            return (self.vocabulary.domain_of(previous.text) is None
                    and self.vocabulary.domain_of(joined) is not None)
        if previous.kind == "roman":
            return self._section_of(previous.text) is None and self._section_of(joined) is not None
        return False

    def _read_structured_body(self) -> None:
        section = numeral = number = domain = None
        heading_line = None
        reporting_until_heading = budget_until_heading = False
        dash_index: dict[tuple, int] = {}
        last_letter: dict | None = None
        for block in self._blocks():
            if block.kind == "roman":
                numeral, section = block.marker, self._section_of(block.text)
                number = domain = heading_line = None
                reporting_until_heading = budget_until_heading = False
                last_letter = None
                if section:
                    self._section_at(section, block.line)
                continue
            if block.kind == "heading":
                number, heading_line, last_letter = block.marker, block.line, None
                domain = self.vocabulary.domain_of(block.text) if section in ("targets", "tasks") else None
                if section == "tasks" and domain and "." not in block.marker:
                    self.domain_numbers.setdefault(domain, int(block.marker))
                if section == "tasks" and domain is None:
                    # not a known domain heading: kept as written (the plan format takes a heading)
                    domain = block.text.rstrip(":") or None
                folded = fold(block.text)
                reporting_until_heading = "báo cáo" in folded and ("chế độ" in folded or "thông tin" in folded)
                if reporting_until_heading:
                    self._section_at("reporting", block.line)
                budget_until_heading = False
                if section == "organisation":
                    self._maybe_organised_unit(block)
                if section == "organisation" and folded.startswith("kinh phí") and self.budget is None:
                    # "3. Kinh phí thực hiện" as an item of Tổ chức thực hiện: the statement is the
                    # item itself when it is a sentence, else the paragraph under it.
                    self._section_at("budget", block.line)
                    if len(folded.split()) > 4:
                        self.budget = (block.text, block.line)
                    else:
                        budget_until_heading = True
                continue
            block.section, block.numeral, block.number, block.domain = section, numeral, number, domain
            block.heading_line = heading_line
            if block.kind == "note":
                continue
            if reporting_until_heading and self.reporting_heading is None:
                self.reporting_heading = (block.span, block.line)
            if section in ("organisation", "reporting"):
                self._maybe_reporting(block.span)
            if section == "organisation" and block.kind == "item" and block.marker[:1].isdigit():
                self._maybe_organised_unit(block)
            if (section == "budget" or budget_until_heading) and self.budget is None:
                self.budget = (block.text, block.line)
            if (section == "organisation" and block.kind == "item" and block.marker[:1].isdigit()
                    and fold(block.text).startswith("kinh phí") and self.budget is None):
                # "3. Kinh phí thực hiện Kế hoạch được bố trí …." as an item of Tổ chức thực hiện
                self._section_at("budget", block.line)
                self.budget = (re.split(r"(?<=\.)\s+(?=[A-ZÀ-ỸĐ])", block.text)[0], block.line)
            if section in ("targets", "tasks"):
                self.targets_units.append(_Unit(block.span, domain,
                                                "measure" if section == "tasks" else "body", heading_line))
            if section == "tasks" and domain and number:
                self._structured_measure(block, dash_index, last_letter)
                if block.marker and block.marker != "-" and not block.marker[0].isdigit():
                    last_letter = self.measures[-1][0]
        if self.reporting_heading is not None:
            self.reporting_text = self.reporting_heading
        # "chế độ báo cáo" written as an item of Tổ chức thực hiện
        if "reporting" not in self.sections and self.reporting_text is not None:
            self._section_at("reporting", self.reporting_text[1])

    def _structured_measure(self, block: _Block, dash_index: dict, last_letter: dict | None) -> None:
        base = f"{block.numeral}.{block.number}"
        if block.marker == "-" and last_letter is not None:
            # a dash line under a lettered item is part of that item, kept on its own line
            last_letter["text"] += "\n- " + block.text
            return
        if block.marker and block.marker != "-" and not block.marker[0].isdigit():
            ident = f"{base}.{block.marker}"
        else:
            key = (block.numeral, block.number)
            dash_index[key] = dash_index.get(key, 0) + 1
            ident = f"{base}.{dash_index[key]}"
        measure = {"id": ident, "domain": block.domain, "text": block.text}
        self.measures.append((measure, block.line, block.heading_line))

    def _maybe_organised_unit(self, block: _Block) -> None:
        """A numbered item of Tổ chức thực hiện that names units: "2. Sở Nội vụ" over its duties,
        "11. Đài Phát thanh …, Báo …" with its duty on the next line, or "9. Đề nghị Ủy ban Mặt
        trận Tổ quốc Việt Nam tỉnh: Thực hiện giám sát …"."""
        span = block.span
        first = span.text[:span.starts[1]].strip() if len(span.starts) > 1 else span.text
        # the units before a colon, else a first line that is not a sentence (its duties follow)
        unit = first.split(":")[0] if ":" in first else (None if _ends_sentence(first) else first)
        if unit is None or _words(unit) > 30:
            return
        if _ORGANISATION_UNIT.match(fold(unit)):
            self.organisation.append((unit.strip(), block.line))

    def _maybe_reporting(self, span: _Span) -> None:
        for clause in re.split(r";", span.text):
            folded = fold(clause)
            if "báo cáo" in folded and (re.search(r"định kỳ", folded)
                                        or any(re.search(p, folded) for _, p in _FREQUENCIES)):
                line = span.line_at(max(span.text.find(clause.strip()), 0))
                self.reporting_clauses.append((clause, line))
                if self.reporting_text is None:
                    self.reporting_text = (span, line)

    # ------------------------------------------------------------------ news body

    def _paragraphs(self, lines: list[_Line] | None = None) -> list[_Span]:
        """Blank-line separated paragraphs, up to the first one that ends the article
        ("Xem chi tiết …", the site's menu)."""
        paragraphs, current = [], None
        for line in self.body if lines is None else lines:
            if not line.text:
                current = None
                continue
            if current is None:
                current = _Span()
                paragraphs.append(current)
            current.add(line.text, line.no)
        for i, paragraph in enumerate(paragraphs):
            if _NEWS_STOP.match(fold(paragraph.text)) or self._ends_body(paragraph.text):
                return paragraphs[:i]
        return paragraphs

    @staticmethod
    def _heading_like(text: str) -> bool:
        return _words(text) <= 16 and not _ends_sentence(text) and "%" not in text

    def _read_news_body(self) -> None:
        paragraphs = self._paragraphs()
        headings = {i: self.vocabulary.domain_of(p.text) for i, p in enumerate(paragraphs)
                    if self._heading_like(p.text)}
        by_heading = any(headings.values())
        domain = heading_line = None
        for i, paragraph in enumerate(paragraphs):
            if i in headings:
                domain, heading_line = headings[i], paragraph.first_line
                if domain:
                    self._section_at("tasks", paragraph.first_line)
                continue
            self.targets_units.append(_Unit(paragraph, domain, "body", heading_line))
            folded = fold(paragraph.text)
            if re.search(r"mục tiêu cụ thể|chỉ tiêu", folded):
                self._section_at("targets", paragraph.first_line)
            if by_heading:
                if domain and not self._only_targets(paragraph.text):
                    self.measures.append(({"domain": domain, "text": paragraph.text}, paragraph.first_line,
                                          heading_line))
                continue
            # No domain headings: an assignment paragraph ("Sở Nội vụ chủ trì …") is a measure of
            # each domain it names, in the order it names them.
            if not re.search(r"\b(?:Sở|Văn phòng UBND|Văn phòng Ủy ban)\b", paragraph.text):
                continue
            named = self._domains_named(paragraph.text)
            if named:
                self._section_at("tasks", paragraph.first_line)
                self._section_at("organisation", paragraph.first_line)
                for name in named:
                    self.measures.append(({"domain": name, "text": paragraph.text}, paragraph.first_line, None))
                    self.notes[f"measure:{len(self.measures) - 1}"] = (
                        "no domain heading in the text; domain read from the domain named in the paragraph")
            if self.budget is None:
                for clause in paragraph.text.split(";"):
                    if "kinh phí" in fold(clause):
                        self.budget = (clause.strip().rstrip("."), paragraph.first_line)
                        break

    def _only_targets(self, text: str) -> bool:
        sentences = [s for s in self._sentences(text) if text[s[0]:s[1]].strip()]
        return bool(sentences) and all(self._quantities(text[s:e]) for s, e in sentences)

    def _content_phrases(self) -> list[tuple[str, list[str]]]:
        phrases = []
        for domain in self.vocabulary.domains.values():
            for heading in [domain.vi, *domain.headings]:
                words = re.findall(r"[\w%]+", heading_key(heading))
                if len(words) >= 3:
                    phrases.append((domain.id, words))
        return phrases

    def _domains_named(self, text: str) -> list[str]:
        words = re.findall(r"[\w%]+", fold(text))
        found: dict[str, int] = {}
        for domain, phrase in self._domain_phrases:
            where = _find(words, phrase, 0, 0)
            if where and (domain not in found or where[0] < found[domain]):
                found[domain] = where[0]
        return sorted(found, key=lambda d: found[d])

    # ------------------------------------------------------------------ header

    def _read_header(self) -> dict:
        header: dict = {}
        source = self.preamble if self.structured else self.lines
        span = _Span()
        for line in source:
            if line.text:
                span.add(line.text, line.no)
        text = span.text

        title, title_line = self._title()
        # number and issue date
        number = issued = None
        number_line = issued_line = None
        patterns = [
            (r"Kèm theo\s+(?:Quyết định|Kế hoạch|Nghị quyết)\s+số\s*:?\s*(" + _NUMBER + r")"
             r"(?:\s+ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))?", True),
            (r"(?:^|\s|\|)Số\s*:\s*(" + _NUMBER + ")", False),
            (r"Số hiệu\s*\|\s*(" + _NUMBER + ")", False),
        ]
        if not self.structured:             # a summary names the plan in prose; a plan's preamble cites others
            patterns += [(r"ban hành\s+(?:Kế hoạch|Quyết định)\s+số\s+(" + _NUMBER + ")", False),
                         (r"(?:Kế hoạch|Quyết định)\s+số\s+(" + _NUMBER + ")", False)]
        for pattern, dated in patterns:
            found = re.search(pattern, text)
            if found:
                number, number_line = found.group(1), span.line_at(found.start(1))
                if dated and found.group(4):
                    issued = self._date(found.group(2), found.group(3), found.group(4))
                    issued_line = number_line
                break
        if issued is None:
            for pattern in (r"[A-ZĐ][\wÀ-ỹ ]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
                            r"Ngày ban hành\s*\|\s*(\d{1,2})/(\d{1,2})/(\d{4})",
                            r"Ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}),?\s+(?:UBND|Ủy ban nhân dân)[^.]{0,60}ban hành"):
                found = re.search(pattern, text)
                if found:
                    issued = self._date(*found.groups())
                    if issued:
                        issued_line = span.line_at(found.start(1))
                        break
        if number:
            header["number"] = (number, number_line)
        if issued:
            header["issued"] = (issued, issued_line)

        issuer, issuer_line, issuer_note = self._issuer(text, span, title, title_line)
        if issuer:
            header["issuer"] = (issuer, issuer_line, issuer_note)

        period, kind, period_line, period_note = self._period(title, title_line)
        if title is None and not (self.targets_units or self.measures or self.tasks):
            self.fail(1, Say("không thấy kế hoạch trong văn bản: không có tiêu đề KẾ HOẠCH, không có mục, "
                             "chỉ tiêu hay nhiệm vụ; không nhập gì",
                             "no plan found in the text: no KẾ HOẠCH title, no sections, targets or tasks; "
                             "nothing was imported"), _GIVE_A_PLAN)
        if period is None:
            self.fail(title_line or 1, Say("không xác định được kỳ kế hoạch: tiêu đề không nêu năm",
                                           "cannot tell the plan's period: the title gives no year"),
                      Say("tiêu đề cần nêu năm (… năm 2026) hoặc giai đoạn (… giai đoạn 2026 - 2030)",
                          "the title should name the year (… năm 2026) or the period (… giai đoạn 2026 - 2030)"))
        if title is None:
            first = next(line for line in self.lines if line.text)
            title, title_line = first.text[:200], first.no
            self.notes["/plan/title"] = "no KẾ HOẠCH title found; the first line is used"
        header["title"] = (title, title_line)
        header["period"] = {"from": period[0], "to": period[1]}
        header["kind"] = kind
        header["period_line"] = period_line
        header["period_note"] = period_note
        header["basis"] = self._legal_basis()
        return header

    @staticmethod
    def _date(day: str, month: str, year: str) -> dt.date | None:
        try:
            return dt.date(int(year), int(month), int(day))
        except (TypeError, ValueError):
            return None

    def _title(self) -> tuple[str | None, int | None]:
        source = self.preamble if self.structured else self.lines
        runs: list[list[_Line]] = []            # consecutive lines written in capitals
        previous = None
        for line in source:
            if not line.text:
                continue                        # a blank line inside a title does not end it
            text = line.text.strip("| ")
            capitals = (bool(text) and not any(c.islower() for c in text) and not text.startswith("(")
                        and any(c.isalnum() for c in text))
            if capitals and runs and runs[-1] and runs[-1][-1] is previous:
                runs[-1].append(line)
            elif capitals:
                runs.append([line])
            previous = line if capitals else None
        # a run that opens with "KẾ HOẠCH" first (the attached plan's own title), then any line of a run
        for run, k in [(run, 0) for run in runs] + [(run, k) for run in runs for k in range(1, len(run))]:
            joined = " ".join(line.text.strip("| ") for line in run[k:])
            found = re.match(r"^KẾ\s+HOẠCH\s+(\S.*)$", joined)
            if found:
                return "Kế hoạch " + self._sentence_case(found.group(1)), run[k].no
        title = self._title_after_heading(source)
        if title:
            return title
        for line in source:
            text = line.text.strip("| ")
            if _is_upper(text) and re.match(r"^(?:BAN HÀNH )?KẾ HOẠCH\s+\S", text):
                rest = re.sub(r"^(?:BAN HÀNH )?KẾ HOẠCH\s+", "", text)
                return "Kế hoạch " + self._sentence_case(rest), line.no
        # prose: "… ban hành Kế hoạch số 22/KH-UBND thực hiện …", "Quyết định số … về kế hoạch …"
        for paragraph in self._paragraphs(self.lines):
            found = re.search(r"(?:Kế hoạch|Quyết định)\s+số\s+" + _NUMBER +
                              r"\s+(?:về\s+(?:việc\s+)?(?:ban hành\s+)?)?(?P<rest>[^,;.]+)", paragraph.text)
            if found and re.search(r"\d{4}", found["rest"]):
                rest = found["rest"].strip()
                line = paragraph.line_at(found.start())
                if fold(rest).startswith("kế hoạch"):
                    return "Kế hoạch" + rest[len("kế hoạch"):], line
                return "Kế hoạch " + rest, line
        for line in self.lines:
            if line.text:
                if re.match(r"^Kế hoạch\b", line.text) and re.search(r"\d{4}", line.text):
                    return line.text.strip("| "), line.no
                break
        return None, None

    @staticmethod
    def _title_after_heading(source: list[_Line]) -> tuple[str, int] | None:
        """"KẾ HOẠCH" on a line of its own, the title below it in sentence case ("Cải cách hành
        chính nhà nước năm 2027 …"), maybe wrapped over lines, up to the first "Căn cứ"."""
        lines = [line for line in source if line.text]
        for i, line in enumerate(lines):
            if line.text.strip("| ") != "KẾ HOẠCH":
                continue
            parts: list[str] = []
            for following in lines[i + 1:i + 4]:
                text = following.text.strip("| ")
                if _is_upper(text) or re.match(r"^(?:Căn cứ|Thực hiện|Theo|Số|[-–(])", text) \
                        or (parts and _ends_sentence(parts[-1])):
                    break
                parts.append(text)
            if parts and not _starts_lower(parts[0]):
                rest = " ".join(parts)
                first = rest.split()[0]
                if first.strip(",.;:") not in _ABBREVIATIONS:
                    rest = rest[:1].lower() + rest[1:]
                return "Kế hoạch " + rest, lines[i + 1].no
        return None

    @staticmethod
    def _sentence_case(upper: str) -> str:
        """A title written in capitals, in sentence case: lower case but for abbreviations and
        the place names after "tỉnh" / "thành phố"."""
        words = upper.split()
        out = []
        name_left = 0
        for i, word in enumerate(words):
            core = word.strip("()[],.;:")
            if core in _ABBREVIATIONS:
                out.append(word)
                continue
            lower = word.lower()
            if name_left and re.fullmatch(r"[^\W\d_]+", core) and core.lower() not in _NAME_STOP:
                out.append(lower[:1].upper() + lower[1:])
                name_left -= 1
                continue
            name_left = 0
            out.append(lower)
            if lower == "tỉnh" or (lower == "phố" and i and words[i - 1].lower() == "thành"):
                name_left = 4
        return " ".join(out)

    def _header_issuer(self) -> tuple[str, int] | None:
        """The issuer from the left block of an official header, one or two lines in capitals:
        "ỦY BAN NHÂN DÂN / TỈNH CAO BẰNG", "ỦY BAN NHÂN DÂN / XÃ TÂN HÒA" (a commune),
        "UBND TỈNH CAO BẰNG / SỞ NỘI VỤ" or "… / VĂN PHÒNG" (an agency of the province)."""
        source = self.preamble if self.structured else self.lines
        block: list[_Line] = []
        for line in source[:40]:
            text = line.text.strip("|*_ ")
            if not text:
                continue
            if not _is_upper(text) or re.match(r"^(?:CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|SỐ\b|KẾ HOẠCH|QUYẾT ĐỊNH)", text):
                break
            block.append(line)
        joined = " ".join(line.text.strip("|*_ ") for line in block)
        found = _HEADER_ISSUER.match(joined)
        if not found:
            return None
        unit, rest = found["unit"], found["rest"].split()
        name: list[str] = []
        while rest and rest[0] not in _AGENCY_HEADS and not (rest[0] == "VĂN" and rest[1:2] == ["PHÒNG"]):
            name.append(rest.pop(0))
        if not name:
            return None
        place = f"{unit.lower()} {' '.join(word.capitalize() for word in name)}"
        if not rest:
            return f"UBND {place}", block[0].no
        if rest[:2] == ["VĂN", "PHÒNG"] and len(rest) == 2:
            return f"Văn phòng UBND {place}", block[-1].no
        return f"{_agency_case(rest)} {place}", block[-1].no

    def _issuer(self, text: str, span: _Span, title: str | None,
                title_line: int | None) -> tuple[str | None, int | None, str | None]:
        header = self._header_issuer()
        if header:
            return header[0], header[1], None
        for found in re.finditer(r"ỦY BAN NHÂN DÂN\s+(TỈNH|THÀNH PHỐ)\s+", text):
            words = []
            for word in text[found.end():].split()[:4]:
                core = word.strip(",.;:()|")
                if not core or not core.isupper() or core.lower() in _NAME_STOP | _HEADER_STOP:
                    break
                words.append(core)
            if words:
                name = " ".join(w.capitalize() for w in words)
                kind = "tỉnh" if found.group(1) == "TỈNH" else "thành phố"
                return f"UBND {kind} {name}", span.line_at(found.start()), None
        prose = [r"Kèm theo[^)]*?của\s+(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)\s+",
                 r"(?:UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố)\s+(?=\S+(?:\s\S+)?\s+(?:đã\s+)?ban hành)"]
        for pattern in prose:
            found = re.search(pattern + r"((?:[A-ZĐÀ-Ỹ][^\s,.;:()|]*\s?){1,4})", text)
            if found:
                name = self._place(found.group(2))
                if name:
                    return f"UBND {found.group(1)} {name}", span.line_at(found.start()), None
        if title:
            found = re.search(r"\b(tỉnh|thành phố)\s+((?:[A-ZĐÀ-Ỹ][^\s,.;:()|]*\s?){1,4})", title)
            if found and self._place(found.group(2)):
                return (f"UBND {found.group(1)} {self._place(found.group(2))}", title_line,
                        f"issuer read from the title (… {found.group(1)} {self._place(found.group(2))})")
        found = re.search(r"Cơ quan ban hành\s*\|\s*(Tỉnh|Thành phố)\s+([^|]+)", text)
        if found:
            return (f"UBND {found.group(1).lower()} {found.group(2).strip()}", span.line_at(found.start()),
                    "issuer read from the web page's header table")
        return None, None, None

    @staticmethod
    def _place(text: str) -> str | None:
        words = []
        for word in text.split():
            if not word[:1].isupper() or word.lower() in _NAME_STOP:
                break
            words.append(word.strip(",.;:()"))
        name = " ".join(w for w in words if w)
        return name or None

    def _period(self, title: str | None, title_line: int | None):
        """Kind and period from the title ("… năm 2022", "… giai đoạn 2026 - 2030"), else from the first lines."""
        def parse(source: str):
            folded = fold(source)
            found = re.search(r"giai đoạn (\d{4}) - (\d{4})", folded)
            if found:
                start, end = int(found.group(1)), int(found.group(2))
                if 1990 <= start <= end <= 2100:
                    return (start, end), ("five-year" if end - start == 4 else "other")
            found = re.search(r"\bnăm (\d{4})\b", folded)
            if found and 1990 <= int(found.group(1)) <= 2100:
                year = int(found.group(1))
                return (year, year), "annual"
            return None, None
        if title:
            period, kind = parse(title)
            if period:
                return period, kind, title_line, None
        for line in (self.preamble or self.lines)[:40]:
            if line.text and not self._is_basis(line.text):
                period, kind = parse(line.text)
                if period:
                    return period, kind, line.no, "the title names no period; read from the first lines"
        return None, None, None, None

    def _legal_basis(self) -> list[tuple[str, int]]:
        entries: list[tuple[str, int]] = []
        if self.structured:
            statements: list[_Span] = []
            current: _Span | None = None
            for line in self.preamble:
                text = line.text
                if not text:
                    current = None
                    continue
                if re.match(r"^(?:Căn cứ|Thực hiện|CĂN CỨ|THỰC HIỆN)\s", text):
                    current = _Span()
                    current.add(text, line.no)
                    statements.append(current)
                elif current is not None and _dangles(current.text):
                    current.add(text, line.no)
                elif (current is not None and (current.text.endswith(";") or not _ends_sentence(current.text))
                      and not _is_upper(text)
                      and not re.match(r"^(?:theo đề nghị|điều \d)", fold(text))
                      and not self._promulgates(text)):
                    current.add(text, line.no)
                else:
                    current = None
            for statement in statements:
                # the statement began with one of the words above, in any case ("CĂN CỨ")
                body_start = re.match(r"^(?:căn cứ|thực hiện)\s+", statement.text, re.IGNORECASE).end()
                offset = body_start
                for piece in statement.text[body_start:].split(";"):
                    entry = piece.strip().rstrip(".;, ")
                    if entry:
                        lead = statement.text.find(piece.strip(), offset)
                        entries.append((entry, statement.line_at(max(lead, 0))))
                    offset += len(piece) + 1
            return entries
        # A summary: the programme's resolution, cited where the programme is named.
        cite = re.compile(r"(?:Nghị quyết|Quyết định|Chỉ thị|Nghị định)\s+số\s+" + _NUMBER +
                          r"(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?(?:\s+của\s+(?:Thủ tướng\s+)?Chính phủ)?")
        for paragraph in self._paragraphs():
            for s, e in self._sentences(paragraph.text):
                sentence = paragraph.text[s:e]
                if "chương trình tổng thể" not in fold(sentence):
                    continue
                for found in cite.finditer(sentence):
                    entry = found.group(0)
                    if entry not in [x for x, _ in entries]:
                        entries.append((entry, paragraph.line_at(s + found.start())))
        return entries

    # ------------------------------------------------------------------ tasks (the appendix)

    def _appendix_start(self) -> int:
        for i, line in enumerate(self.lines):
            if line.tabbed and (_row_number(line.text) or _ROMAN.match(line.text) or _ROMAN_ONLY.match(line.text)):
                return i
            if self._table_row(line.text) and len(self._table_row(line.text)) >= 6:
                cells = self._table_row(line.text)
                if _STT.match(cells[0]) or fold(cells[0]) in ("stt", "tt", "số tt"):
                    return i
        return len(self.lines)

    @staticmethod
    def _table_row(text: str) -> list[str] | None:
        if text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
            return [cell.strip() for cell in text[1:-1].split("|")]
        return None

    def _cells(self) -> list[_Cell]:
        """The appendix as a stream of cells: each starts on a tab-led line; a line with no tab
        continues the cell above (a cell of several lines). Blank lines only separate rows."""
        cells: list[_Cell] = []
        for line in self.appendix:
            if not line.text:
                if line.tabbed:                  # a tab alone: an empty cell, which keeps the columns in step
                    cells.append(_Cell([("", line.no)]))
                continue
            if line.tabbed:
                cells.append(_Cell([(line.text, line.no)]))
            elif cells:
                cells[-1].lines.append((line.text, line.no))
        return cells

    def _rows(self) -> list[tuple[str, object]]:
        """("header", (text, line)) and ("task", [cells]) in order, from tab-led cells or a Markdown table."""
        rows: list[tuple[str, object]] = []
        if any(self._table_row(line.text) for line in self.appendix[:3]):
            for line in self.appendix:
                cells = self._table_row(line.text)
                if not cells or all(set(c) <= set("-: ") for c in cells):
                    continue
                filled = [c for c in cells if c]
                if filled and _ROMAN.match(filled[0]) and len(set(filled)) == 1:
                    rows.append(("header", (filled[0], line.no)))
                elif len(filled) == 2 and _ROMAN_ONLY.match(cells[0]) and filled[1] != cells[0]:
                    rows.append(("header", (f"{cells[0].rstrip('.')}. {filled[1]}", line.no)))
                elif _STT.match(cells[0]):
                    row = [_Cell([(part.strip(), line.no) for part in re.split(r"<br\s*/?>", c, flags=re.I)])
                           for c in cells]
                    rows.append(("task", row))
            return rows
        cells = self._cells()
        i, last = 0, None
        while i < len(cells):
            text = cells[i].joined()
            if _ROMAN_ONLY.match(text) and i + 1 < len(cells) and not _row_number(cells[i + 1].joined(), last):
                # "I" then "CẢI CÁCH THỂ CHẾ": a section row written in two cells
                rows.append(("header", (f"{text.rstrip('.')}. {cells[i + 1].joined()}", cells[i].line)))
                i += 2
                continue
            if _ROMAN.match(text) and not _row_number(text, last):
                j = i
                while j < len(cells) and cells[j].joined() == text:
                    j += 1
                rows.append(("header", (text, cells[i].line)))
                i = j
                continue
            number = _row_number(text, last)
            if number:
                last = number
                j = i + 1
                while j < len(cells) and not _row_number(cells[j].joined(), number) \
                        and not _ROMAN.match(cells[j].joined()):
                    j += 1
                rows.append(("task", cells[i:j]))
                i = j
                continue
            i += 1
        return rows

    def _read_tasks(self) -> list[dict]:
        self.tasks: list[dict] = []
        self.task_targets: list[_Unit] = []
        self.appendix_line = None
        rows = self._rows()
        if not rows:
            return self.tasks
        self.appendix_line = self.appendix[0].no if self.appendix else None
        header: tuple[str, int] | None = None
        headerless: list[int] = []
        for kind, row in rows:
            if kind == "header":
                header = row
                continue
            index = len(self.tasks)
            cells: list[_Cell] = row
            stt = cells[0].joined().rstrip(".")
            fields = cells[1:]
            task = {"_stt": stt, "_header": header, "_line": cells[0].line}
            where = {"id": cells[0].line}
            names = ["title", "owner", "coordinators", "output", "deadline"]
            for name, cell in zip(names, fields):
                where[name] = cell.line
                if name == "coordinators":
                    items = self._coordinators(cell)
                    task[name] = [text for text, _ in items]
                    for k, (_, line) in enumerate(items):
                        where[f"coordinators/{k}"] = line
                else:
                    task[name] = self._cell_text(cell, owner=(name == "owner"))
            task["_where"] = where
            if len(fields) != 5:
                self.notes[f"/tasks/{index}"] = (f"row has {len(fields) + 1} cells, expected 6 "
                                                 "(STT, nhiệm vụ, chủ trì, phối hợp, sản phẩm, thời hạn); read in order")
            if header is None:
                headerless.append(index)
            self.tasks.append(task)
        self._place_tasks(headerless)
        return self.tasks

    @staticmethod
    def _cell_text(cell: _Cell, owner: bool = False) -> str:
        lines = [text for text, _ in cell.lines]
        if lines and re.match(r"^-(?:\s|$)", lines[0]) and len(lines) > 1:
            items = [re.sub(r"^-\s+", "", t) for t in lines]
            return "; ".join(items) if owner else "\n".join(lines)
        return " ".join(lines).strip()

    @staticmethod
    def _coordinators(cell: _Cell) -> list[tuple[str, int]]:
        """A coordinator cell as agencies: "- " items on their own lines, or a comma list split
        only where both parts name an agency ("Cơ quan, đơn vị" is one phrase)."""
        lines = cell.lines
        if lines and re.match(r"^[-–•+](?:\s+|$)", lines[0][0]):
            items: list[list] = []
            for text, line in lines:
                if re.match(r"^[-–•+](?:\s+|$)", text):
                    items.append([re.sub(r"^[-–•+]\s*", "", text), line])
                elif items:
                    items[-1][0] += " " + text
            return [(text.strip().rstrip(";,."), line) for text, line in items if text.strip()]
        text = " ".join(t for t, _ in lines).strip()
        out: list[tuple[str, int]] = []
        for piece in re.split(r";", text):
            parts: list[str] = []
            for part in piece.split(","):
                part = part.strip()
                if not part:
                    continue
                if parts and _AGENCY_START.match(part) and _AGENCY_START.match(parts[-1]):
                    parts.append(part)
                elif parts:
                    parts[-1] += ", " + part
                else:
                    parts.append(part)
            out.extend((p.rstrip("."), lines[0][1]) for p in parts if p)
        return out

    def _place_tasks(self, headerless: list[int]) -> None:
        """Ids, domains and sections of the tasks, by the section header above each; the tasks
        before the first header get a section inferred from their content."""
        inferred_numeral = inferred_domain = None
        reason = ""
        if headerless:
            votes: dict[str, int] = {}
            for index in headerless:
                task = self.tasks[index]
                words = re.findall(r"[\w%]+", fold(task.get("title", "") + " " + task.get("output", "")))
                hit = set()
                for domain in self.vocabulary.domains.values():
                    for heading in [domain.vi, *domain.headings, domain.id]:
                        phrase = re.findall(r"[\w%]+", heading_key(heading))
                        if phrase and _find(words, phrase, 0, 0):
                            hit.add(domain.id)
                for domain in hit:
                    votes[domain] = votes.get(domain, 0) + 1
            if votes:
                inferred_domain = sorted(votes, key=lambda d: (-votes[d], d))[0]
            next_header = next((t["_header"] for t in self.tasks if t["_header"]), None)
            if inferred_domain and inferred_domain in self.domain_numbers:
                inferred_numeral = roman(self.domain_numbers[inferred_domain])
                reason = (f"{inferred_numeral} inferred from content ({self.vocabulary.domains[inferred_domain].vi}) "
                          f"and the body's heading {self.domain_numbers[inferred_domain]}")
            elif next_header and _ROMAN.match(next_header[0]):
                value = _roman_value(_ROMAN.match(next_header[0])["num"])
                if value > 1:
                    inferred_numeral = roman(value - 1)
                    reason = f"{inferred_numeral} inferred as the section before {roman(value)}"
                    if inferred_domain:
                        reason += f"; domain from content ({self.vocabulary.domains[inferred_domain].vi})"
            if inferred_numeral is None:
                inferred_numeral = "I"
                reason = "I assumed (no header above the first tasks)"
        seen: set[str] = set()
        for index, task in enumerate(self.tasks):
            header = task["_header"]
            if header is None:
                numeral, domain, section = inferred_numeral, inferred_domain, None
                self.notes[f"/tasks/{index}/domain"] = f"section header lost in the text; {reason}"
                self.notes[f"/tasks/{index}/id"] = f"section numeral {numeral} inferred (no header above this task)"
            else:
                text, _line = header
                m = _ROMAN.match(text)
                numeral = m["num"] if m else ""
                section = "budget" if "kinh phí" in fold(text) else None
                domain = None if section else self.vocabulary.domain_of(text)
                if section is None and domain is None:
                    domain = m["text"] if m else text
                    self.notes[f"/tasks/{index}/domain"] = "section heading not recognised as a reform domain; kept as written"
                if section == "budget":
                    self._section_at("budget", header[1])
            ident = f"{numeral}.{task['_stt']}" if numeral else task["_stt"]
            if ident in seen:
                ident = f"{ident}-{index + 1}"
                self.notes[f"/tasks/{index}/id"] = "number repeated in the appendix; made unique"
            seen.add(ident)
            task["id"] = ident
            if domain:
                task["domain"] = domain
            if section:
                task["section"] = section
        if self.tasks:
            self._section_at("tasks", self.appendix_line or self.tasks[0]["_line"])

    # ------------------------------------------------------------------ targets

    @staticmethod
    def _sentences(text: str) -> list[tuple[int, int]]:
        """Sentences of `text` as (start, end): a stop, then a space, then anything but a lower-case word."""
        bounds, start = [], 0
        for found in re.finditer(r"[.!?…]+\s+", text):
            following = text[found.end():found.end() + 1]
            if following and not following.islower():
                bounds.append((start, found.end()))
                start = found.end()
        bounds.append((start, len(text)))
        return [(s, e) for s, e in bounds if text[s:e].strip()]

    @staticmethod
    def _quantities(clause: str) -> list[dict]:
        """The figures of a clause: percentages, and ranks ("tốp 15 tỉnh")."""
        lower = clause.lower()
        found = []
        for match in re.finditer(r"(\d+(?:[.,]\d+)?)\s*%", lower):
            number = float(match.group(1).replace(",", "."))
            value = int(number) if number.is_integer() else number
            before = lower[max(0, match.start() - 30):match.start()]
            if re.search(r"\btrên\s*$", before):
                comparator = ">"
            elif re.search(r"\bdưới\s*$", before):
                comparator = "<"
            elif re.search(r"(?:tối đa|không quá|không vượt quá)\s*$", before):
                comparator = "<="
            else:
                comparator = ">="
            found.append({"value": value, "unit": "percent", "comparator": comparator, "at": match.start()})
        for match in re.finditer(r"\b(?:tốp|top|nhóm)\s+(\d+)\s+(?:tỉnh|nước|quốc gia|địa phương)", lower):
            count = max(1, len(re.findall(r"\bchỉ số\b", lower[:match.start()])))
            for _ in range(count):
                found.append({"value": int(match.group(1)), "unit": "rank", "comparator": "<=",
                              "at": match.start()})
        return sorted(found, key=lambda q: q["at"])

    def _indicators_in(self, clause: str) -> list[tuple[str, int, bool]]:
        """Catalogue indicators whose phrase occurs in the clause: (id, word position, loose)."""
        tokens, starts = _tokens(clause)
        exact, loose = [], []
        for ident, phrases in self._indicators:
            best = None
            for fragments in phrases:
                if not fragments:
                    continue
                at = _match(tokens, fragments, loose=False)
                if at is not None and (best is None or best[2] or at < best[1]):
                    best = (ident, at, False, [w for f in fragments for w in f])
            if best is None:
                for fragments in phrases:
                    if not fragments:
                        continue
                    at = _match(tokens, fragments, loose=True)
                    if at is not None and (best is None or at < best[1]):
                        best = (ident, at, True, [w for f in fragments for w in f])
            if best:
                (loose if best[2] else exact).append(best)
        # A loose match that a more specific exact match contains is the same figure read twice.
        kept = exact + [m for m in loose if not any(_is_subsequence(m[3], e[3]) for e in exact)]
        return sorted(((ident, starts[at] if at < len(starts) else 0, is_loose)
                       for ident, at, is_loose, _ in kept), key=lambda m: m[1])

    def _clauses(self, sentence: str, base: int) -> list[tuple[str, int]]:
        """A sentence as target clauses (text, offset): split on ";", a label lead-in dropped,
        a parenthesis with a figure of its own and ", trong đó, …" read apart."""
        out = []
        offset = 0
        for piece in sentence.split(";"):
            start = base + offset + (len(piece) - len(piece.lstrip()))
            offset += len(piece) + 1
            text = piece.strip()
            if not text:
                continue
            label = re.match(r"^[^:%\d]{0,80}(?:chỉ tiêu|mục tiêu)[^:%\d]{0,40}:\s+", text, flags=re.I)
            if label:
                start += label.end()
                text = text[label.end():]
            parts = [(text, start)]
            paren = re.search(r"\s*\(([^()]*\d\s*%[^()]*)\)", text)
            if paren:
                main = (text[:paren.start()] + text[paren.end():]).strip().rstrip(".").strip()
                parts = [(main, start), (paren.group(1).strip(), start + paren.start(1))]
            split_parts = []
            for part, at in parts:
                cut = re.search(r",\s+(?=(?:trong đó|trong số đó|đồng thời)\b)", part, flags=re.I)
                if cut and self._quantities(part[cut.end():]) and self._quantities(part[:cut.start()]):
                    split_parts.append((part[:cut.start()].strip(), at))
                    split_parts.append((part[cut.end():].strip(), at + cut.end()))
                else:
                    split_parts.append((part, at))
            out.extend(split_parts)
        return out

    def _targets_in(self, unit: _Unit, period_end: int) -> list[dict]:
        text = unit.span.text
        found = []
        for s, e in self._sentences(text):
            sentence = text[s:e].strip()
            lead = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            sentence_year = self._year(sentence)
            clauses = []
            for clause, at in self._clauses(sentence, lead):
                quantities = self._quantities(clause)
                if quantities:
                    clauses.append((clause, at, quantities, self._indicators_in(clause)))
            if not clauses:
                continue
            if any(not inds for _, _, _, inds in clauses):
                whole = re.sub(r"^[^:%\d]{0,80}(?:chỉ tiêu|mục tiêu)[^:%\d]{0,40}:\s+", "", sentence, flags=re.I)
                quantities, inds = self._quantities(whole), self._indicators_in(whole)
                if len(quantities) >= 2 and len(inds) == len(quantities) \
                        and len(inds) > sum(len(c[3]) for c in clauses):
                    clauses = [(whole, lead + len(sentence) - len(whole), quantities, inds)]
            for clause, at, quantities, inds in clauses:
                for quantity, indicator in self._pair(quantities, inds):
                    target = {}
                    if indicator:
                        target["indicator"] = indicator[0]
                    if unit.domain:
                        target["domain"] = unit.domain
                    target["value"] = quantity["value"]
                    target["unit"] = quantity["unit"]
                    target["comparator"] = quantity["comparator"]
                    year = self._year(clause) or sentence_year
                    target["year"] = year or period_end
                    baseline = re.search(r"so với năm (\d{4})", fold(clause))
                    if baseline:
                        target["baseline"] = int(baseline.group(1))
                    target["text"] = clause.strip()
                    found.append({"target": target, "line": unit.span.line_at(at),
                                  "loose": bool(indicator and indicator[2]), "year_read": bool(year),
                                  "origin": unit.origin, "heading_line": unit.heading_line})
        return found

    @staticmethod
    def _pair(quantities: list[dict], inds: list) -> list[tuple[dict, object]]:
        if len(quantities) == 1:
            return [(quantities[0], ind) for ind in inds] or [(quantities[0], None)]
        if len(inds) <= 1:
            return [(q, inds[0] if inds else None) for q in quantities]
        if len(inds) == len(quantities):
            return list(zip(quantities, inds))
        pairs = []
        for quantity in quantities:
            after = [ind for ind in inds if ind[1] >= quantity["at"]]
            pairs.append((quantity, after[0] if after else inds[-1]))
        return pairs

    @staticmethod
    def _year(text: str) -> int | None:
        folded = fold(text)
        found = re.search(r"(?:đến|tới|vào|trong)\s+(?:hết\s+)?năm\s+(\d{4})", folded) \
            or re.match(r"^năm\s+(\d{4})\b", folded)
        return int(found.group(1)) if found else None

    def _read_targets(self, period_end: int, tasks: list[dict]) -> list[dict]:
        body = [t for unit in self.targets_units for t in self._targets_in(unit, period_end)]
        cells = []
        for task in tasks:
            for name in ("title", "output"):
                if task.get(name):
                    span = _Span()
                    span.add(task[name], task["_where"][name])
                    unit = _Unit(span, task.get("domain"), "cell", task["_where"][name])
                    cells.extend(self._targets_in(unit, period_end))
        # A body measure that restates a task's target (S001 II.3.g and task III.8) is read once.
        kept = []
        for found in body:
            words = set(_tokens(found["target"]["text"])[0])
            duplicate = False
            for cell in cells:
                if cell["target"]["value"] != found["target"]["value"] or found["origin"] != "measure":
                    continue
                cell_words = _tokens(cell["target"]["text"])[0]
                if cell_words and sum(w in words for w in cell_words) / len(cell_words) >= 0.6:
                    duplicate = True
                    break
            if not duplicate:
                kept.append(found)
        return kept + cells

    # ------------------------------------------------------------------ assembly

    def _assemble(self, header: dict, targets: list[dict], tasks: list[dict]) -> None:
        plan: dict = {}
        stem = ascii_code(Path(self.path).stem).lower() or "draft"
        plan["id"] = stem
        self.at("/plan/id", 1)
        self.notes["/plan/id"] = "derived from the file name"
        title, title_line = header["title"]
        plan["title"] = title
        self.at("/plan/title", title_line)
        if "issuer" in header:
            issuer, line, note = header["issuer"]
            plan["issuer"] = issuer
            self.at("/plan/issuer", line)
            if note:
                self.notes["/plan/issuer"] = note
        if "number" in header:
            plan["number"], line = header["number"]
            self.at("/plan/number", line)
        if "issued" in header:
            plan["issued"], line = header["issued"]
            self.at("/plan/issued", line)
        plan["kind"] = header["kind"]
        plan["period"] = dict(header["period"])
        for pointer in ("/plan/kind", "/plan/period", "/plan/period/from", "/plan/period/to"):
            self.at(pointer, header["period_line"])
        if header["period_note"]:
            self.notes["/plan/period"] = header["period_note"]
        level, note = self._level(plan.get("issuer"))
        plan["level"] = level
        self.at("/plan/level", self.positions.get("/plan/issuer", Location(line=title_line)).line)
        self.notes["/plan/level"] = note
        basis = header["basis"]
        if basis:
            plan["legal_basis"] = [entry for entry, _ in basis]
            self.at("/plan/legal_basis", basis[0][1])
            for i, (_, line) in enumerate(basis):
                self.at(f"/plan/legal_basis/{i}", line)
            if not self.structured:
                self.notes["/plan/legal_basis"] = "no Căn cứ lines; read from where the text cites the national programme"
        sections = self._ordered_sections()
        if sections:
            plan["sections"] = [name for name, _ in sections]
            self.at("/plan/sections", sections[0][1])
            for i, (_, line) in enumerate(sections):
                self.at(f"/plan/sections/{i}", line)
        if self.organisation:
            plan["organisation"] = [text for text, _ in self.organisation]
            self.at("/plan/organisation", self.organisation[0][1])
            for i, (_, line) in enumerate(self.organisation):
                self.at(f"/plan/organisation/{i}", line)
        reporting = self._reporting()
        if reporting:
            plan["reporting"] = [item for item, _ in reporting]
            self.at("/plan/reporting", reporting[0][1])
            for i, (item, line) in enumerate(reporting):
                for suffix in ("", "/frequency", "/to"):
                    if suffix != "/to" or "to" in item:
                        self.at(f"/plan/reporting/{i}{suffix}", line)
        budget = self.budget
        if budget is None:
            budget_task = next((t for t in tasks if t.get("section") == "budget" and t.get("title")), None)
            if budget_task:
                budget = (budget_task["title"], budget_task["_where"]["title"])
                self.notes["/plan/budget"] = "read from the budget row of the appendix"
        if budget:
            text = re.sub(r"^\d+\.\s+", "", budget[0]).strip()
            if text:
                plan["budget"] = text
                self.at("/plan/budget", budget[1])
        captions = self._captions()
        if captions:
            plan["captions"] = [text for text, _ in captions]
            self.at("/plan/captions", captions[0][1])
            for i, (_, line) in enumerate(captions):
                self.at(f"/plan/captions/{i}", line)
        parent = self._parent(plan, basis)
        if parent:
            plan["parent"], line = parent
            self.at("/plan/parent", line)
            self.notes["/plan/parent"] = "the number of the plan above, as the legal basis cites it"
        self.data["plan"] = plan
        self.at("/plan", title_line)

        if targets:
            self.data["targets"] = []
            self.at("/targets", targets[0]["line"])
            for i, found in enumerate(targets):
                target = found["target"]
                self.data["targets"].append(target)
                pointer = f"/targets/{i}"
                self.at(pointer, found["line"])
                for key in target:
                    self.at(f"{pointer}/{key}", found["line"])
                if "domain" in target and found["heading_line"] and found["origin"] != "cell":
                    self.at(f"{pointer}/domain", found["heading_line"])
                if "indicator" not in target:
                    self.notes[pointer] = "no catalogue indicator's phrase occurs in this clause"
                elif found["loose"]:
                    self.notes[f"{pointer}/indicator"] = ("matched loosely: the catalogue phrase with up to "
                                                          "two more words inside it")
                if not found["year_read"]:
                    self.notes[f"{pointer}/year"] = "no year in the clause; the end of the plan's period"
        if self.measures:
            self.data["measures"] = []
            self.at("/measures", self.measures[0][1])
            for i, (measure, line, heading_line) in enumerate(self.measures):
                measure = {key: value for key, value in measure.items() if value is not None}
                self.data["measures"].append(measure)
                pointer = f"/measures/{i}"
                self.at(pointer, line)
                for key in measure:
                    self.at(f"{pointer}/{key}", line)
                if heading_line:
                    self.at(f"{pointer}/domain", heading_line)
                note = self.notes.pop(f"measure:{i}", None)
                if note:
                    self.notes[f"{pointer}/domain"] = note
        if tasks:
            self.data["tasks"] = []
            self.at("/tasks", self.appendix_line or tasks[0]["_line"])
            for i, task in enumerate(tasks):
                clean = {key: task[key] for key in ("id", "domain", "section", "title", "owner", "coordinators",
                                                    "output", "deadline") if key in task and task[key] not in ("", None)}
                if "coordinators" in clean and not clean["coordinators"]:
                    del clean["coordinators"]
                if "title" not in clean:
                    clean["title"] = "(không có tên nhiệm vụ)"
                    self.notes[f"/tasks/{i}/title"] = "the row has no task cell"
                self.data["tasks"].append(clean)
                pointer = f"/tasks/{i}"
                where = task["_where"]
                self.at(pointer, task["_line"])
                self.at(f"{pointer}/id", where["id"])
                for key in ("title", "owner", "output", "deadline", "coordinators"):
                    if key in clean and key in where:
                        self.at(f"{pointer}/{key}", where[key])
                for k in range(len(clean.get("coordinators", []))):
                    self.at(f"{pointer}/coordinators/{k}", where.get(f"coordinators/{k}", where.get("coordinators")))
                header_line = task["_header"][1] if task["_header"] else task["_line"]
                for key in ("domain", "section"):
                    if key in clean:
                        self.at(f"{pointer}/{key}", header_line)
        self.notes = {k: v for k, v in self.notes.items() if k.startswith("/") and v}

    def _ordered_sections(self) -> list[tuple[str, int]]:
        found = [(name, line) for name, line in self.sections.items() if name in _SECTION_ORDER]
        if self.structured:
            return sorted(found, key=lambda s: (s[1], _SECTION_ORDER.index(s[0])))
        return sorted(found, key=lambda s: _SECTION_ORDER.index(s[0]))

    @staticmethod
    def _level(issuer: str | None) -> tuple[str, str]:
        if issuer:
            folded = fold(issuer)
            if not re.match(r"^(?:ubnd|ủy ban nhân dân)\b", folded):
                return "agency", "inferred from the issuer (an agency, not a UBND)"
            if re.search(r"\b(?:xã|phường|thị trấn|đặc khu)\b", folded):
                return "commune", "inferred from the issuer (a commune)"
            if re.search(r"\b(?:tỉnh|thành phố)\b", folded):
                return "province", "inferred from the issuer (UBND tỉnh)"
            return "agency", "inferred from the issuer (not a UBND tỉnh)"
        return "province", "no issuer read; province assumed"

    def _reporting(self) -> list[tuple[dict, int]] | None:
        """The reporting regime: what the reporting item asks (its frequencies, else "periodic"),
        then each concrete frequency another clause of Tổ chức thực hiện adds with the body it goes
        to ("Định kỳ hàng quý, 6 tháng và năm báo cáo … về UBND tỉnh (qua Sở Nội vụ)"), each with
        the line it is read from."""
        if self.reporting_text is None:
            return None
        span, line = self.reporting_text
        frequencies = _frequencies(span.text)
        if not frequencies and "định kỳ" in fold(span.text):
            frequencies = ["periodic"]
        if not frequencies:
            return None
        items = [(_report_item(frequency, _recipient(span.text)), line) for frequency in frequencies]
        primary = set(span.lines)
        for clause, clause_line in self.reporting_clauses:
            to = _recipient(clause)
            if clause_line in primary or to is None:
                continue   # a report with no recipient is a task's output, not the regime
            for frequency in _frequencies(clause):
                item = _report_item(frequency, to)
                if all(item != seen for seen, _ in items):
                    items.append((item, clause_line))
        return items

    def _captions(self) -> list[tuple[str, int]]:
        """The lines that give the plan's own number and date elsewhere: "(Kèm theo Kế hoạch số
        315/KH-UBND ngày 10/12/2026 …)" under an appendix, "Ban hành kèm theo Quyết định số …". A
        caption in brackets may wrap: it runs to its closing bracket (three lines at most)."""
        found = []
        lines = [line for line in self.lines if line.text]
        for at, line in enumerate(lines):
            parts = [line.text.strip()]
            while parts[0].startswith("(") and ")" not in parts[-1] and len(parts) < 3 and at + len(parts) < len(lines):
                parts.append(lines[at + len(parts)].text.strip())
            text = " ".join(parts)
            if _OWN_CAPTION.search(fold(text)) and _CAPTION_DATED.search(fold(text)):
                found.append((text.strip("()").strip(), line.no))
        return found

    def _parent(self, plan: dict, basis: list[tuple[str, int]]) -> tuple[str, int] | None:
        """The plan this one implements, named by the number the legal basis cites it by
        ("Kế hoạch số 315/KH-UBND … của UBND tỉnh …"): never an id made up from its place and
        years, which no file may carry. An agency's or commune's plan implements the province's
        plan for its year, else the province's plan whose period holds it; a province's annual
        plan implements its own five-year plan."""
        period = plan["period"]
        found: list[tuple[int, str, int]] = []
        for entry, line in basis:
            folded = fold(entry)
            number = _CITED_NUMBER.search(entry)
            if "kế hoạch" not in folded or not number or not re.search(r"ubnd|ủy ban nhân dân", folded):
                continue
            if plan.get("level") in ("agency", "commune") and not _CITED_PROVINCE.search(folded):
                continue
            year = re.search(r"\bnăm (\d{4})\b", folded)
            span = re.search(r"giai đoạn (\d{4}) - (\d{4})", folded)
            same_year = plan.get("level") in ("agency", "commune") and period["from"] == period["to"]
            if year and same_year and int(year.group(1)) == period["from"]:
                found.append((0, number.group(0), line))
            elif span and (int(span.group(1)), int(span.group(2))) != (period["from"], period["to"]) \
                    and int(span.group(1)) <= period["from"] and period["to"] <= int(span.group(2)):
                found.append((1, number.group(0), line))
        if not found:
            return None
        _rank, parent, line = min(found, key=lambda item: item[0])
        return parent, line


# A line is compared with this many earlier lines that begin with the same three words.
_SAME_START_COMPARED = 16


class _Stretches:
    """Stretches of a word list compared in constant time: a rolling hash of the words (checked
    word for word when the hashes agree) and the characters they hold."""

    _MOD = (1 << 61) - 1
    _BASE = 1_000_003

    def __init__(self, words: list[str]):
        self.words = words
        self.hashes, self.powers, self.lengths = [0], [1], [0]
        for word in words:
            self.hashes.append((self.hashes[-1] * self._BASE + hash(word)) % self._MOD)
            self.powers.append(self.powers[-1] * self._BASE % self._MOD)
            self.lengths.append(self.lengths[-1] + len(word))

    def _hash(self, start: int, end: int) -> int:
        return (self.hashes[end] - self.hashes[start] * self.powers[end - start]) % self._MOD

    def characters(self, start: int, end: int) -> int:
        return self.lengths[end] - self.lengths[start]

    def equal(self, a: int, b: int, size: int) -> bool:
        """words[a:a+size] == words[b:b+size]."""
        return self._hash(a, a + size) == self._hash(b, b + size) and \
            self.words[a:a + size] == self.words[b:b + size]
