"""Safe YAML reading that remembers where every value came from.

PyYAML's event stream (the C parser where present) is turned into plain
Python values by an explicit stack, never by recursion, so that depth,
alias expansion and size are bounded before anything is built. Only the
standard YAML 1.1 scalar types are constructed; any other tag is refused.
Every value's position is kept in a map from JSON pointer to `Location`.

A plan is read as the editors that check it against `cchc schema` read it (YAML 1.2, JSON
Schema): an unquoted 2027-06-30 is the text "2027-06-30", not a `datetime.date`. The models
parse that text where they take a date, so quoting a date or not changes nothing. Rule packs
keep YAML 1.1 dates: their conditions compare dates.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from engine.errors import InputError, Say
from engine.legacy_text import CP1258, TCVN3, detect_legacy, encoding_name
from engine.location import Location, pointer_join

try:  # the C parser is ~8x faster; PyYAML without libyaml still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_MAX_NUMBER_CHARACTERS = 100
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass(frozen=True)
class Limits:
    """Bounds on what one YAML file may cost; each can be raised by the caller."""
    max_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_values: int = 1_000_000   # values after alias expansion (billion laughs)
    max_tasks: int = 20_000       # a plan's tasks: the engine was measured to 16,000 (bench/RESULTS.md)
    # One text value. durable_rules 2.0.28 dies (SIGSEGV) asserting a fact over 16 MiB; a fact holds a
    # few values, and no plan's value comes near this.
    max_text: int = 2 * 1024 * 1024


@dataclass
class Document:
    """A YAML document as plain values plus the source position of each value.
    A part of a document (`sub`) shares the position maps, seen from `root`."""
    path: str
    data: object
    positions: dict[str, Location] = field(default_factory=dict)
    key_positions: dict[str, Location] = field(default_factory=dict)
    containers: set[str] = field(default_factory=set)     # pointers of lists and mappings
    root: str = ""

    def where(self, pointer: str) -> Location:
        """The position of `pointer`, or of its nearest ancestor that has one."""
        pointer = self.root + pointer
        while True:
            if pointer in self.positions:
                return self.positions[pointer]
            if not pointer:
                return Location(line=1, column=1)
            pointer = pointer.rsplit("/", 1)[0]

    def where_key(self, pointer: str) -> Location:
        """The position of the key that introduces `pointer` (e.g. `tasks:`)."""
        return self.key_positions.get(self.root + pointer) or self.where(pointer)

    def sub(self, pointer: str) -> "Document":
        """The value at `pointer` as a document of its own, positions kept."""
        data = self.data
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            data = data[int(token)] if isinstance(data, list) else data[token]
        return self.with_data(data, root=self.root + pointer)

    def with_data(self, data: object, root: str | None = None) -> "Document":
        """The same positions over other (e.g. filled-in) values."""
        return Document(self.path, data, self.positions, self.key_positions, self.containers,
                        self.root if root is None else root)

    def locate(self, pointer: str) -> Location:
        """Where a finding about `pointer` points: a list or mapping at the key
        that introduces it (`tasks:`), a single value at the value itself."""
        if self.root + pointer in self.containers:
            return self.where_key(pointer)
        return self.where(pointer)


def read_bytes(path: Path, shown: str, limits: Limits, too_big: Say | None = None) -> bytes:
    """The file's bytes; a missing, unreadable, oversized or special file is an `InputError`
    (`too_big` says what to do about a file over the limit)."""
    if path.is_symlink() and not path.exists():
        raise InputError(shown, None, Say("là liên kết (symlink) trỏ tới tệp không có, hoặc vòng lặp liên kết",
                                          "is a symbolic link to nothing, or a loop of links"),
                         Say("sửa hoặc xóa liên kết", "fix or remove the link"))
    if not path.exists():
        raise InputError(shown, None, Say("không tìm thấy tệp", "file not found"),
                         Say("kiểm tra lại đường dẫn", "check the path"))
    if path.is_dir():
        raise InputError(shown, None, Say("là thư mục, không phải tệp", "is a folder, not a file"),
                         Say("đưa một tệp", "give a file"))
    if not path.is_file():
        # A pipe would wait for a writer for ever, a device never ends: only regular files are read.
        raise InputError(shown, None, Say("không phải tệp thông thường (ống dẫn, thiết bị)",
                                          "is not a regular file (a pipe or a device)"),
                         Say("đưa một tệp thông thường", "give a regular file"))
    def refuse(size_vi: str, size_en: str) -> InputError:
        return InputError(shown, None, Say(f"tệp có {size_vi} byte, vượt giới hạn {limits.max_bytes:,}",
                                           f"file is {size_en} bytes, over the limit of {limits.max_bytes:,}"),
                          too_big or _SPLIT_OR_RAISE)

    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise refuse(f"{size:,}", f"{size:,}")
        with path.open("rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:             # it grew as it was read
            raise refuse(f"hơn {limits.max_bytes:,}", f"over {limits.max_bytes:,}")
        return raw
    except OSError as err:
        raise InputError(shown, None, Say(f"không đọc được: {err.strerror}", f"cannot read: {err.strerror}"),
                         Say("kiểm tra quyền đọc tệp", "check the file's permissions")) from None


_SPLIT_OR_RAISE = Say("tách tệp, hoặc nâng giới hạn (cchc check --max-file-mb N)",
                      "split the file, or raise the limit (cchc check --max-file-mb N)")
_SAVE_AS_UTF8 = Say("lưu tệp dạng UTF-8", "save the file as UTF-8")


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16, normalised to NFC."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):     # before UTF-16: FF FE 00 00 starts both
        raise InputError(path, None, Say("tệp mã UTF-32, không phải UTF-8", "the file is in UTF-32, not UTF-8"),
                         _SAVE_AS_UTF8)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Word and Notepad save "Unicode" as UTF-16 with a BOM: unambiguous, so accept it.
        try:
            return unicodedata.normalize("NFC", raw.decode("utf-16"))
        except UnicodeDecodeError as err:
            raise InputError(path, None, Say(f"UTF-16 sai ở byte {err.start}", f"invalid UTF-16 at byte {err.start}"),
                             _SAVE_AS_UTF8) from None
    nul = raw.find(b"\x00")
    if 0 <= nul < 8192:
        raise InputError(path, None, Say("có vẻ là tệp nhị phân, không phải văn bản YAML",
                                         "looks like a binary file, not YAML text"),
                         Say("đưa kế hoạch dạng YAML (UTF-8)", "give a plan in YAML (UTF-8)"))
    if nul >= 0:
        raise InputError(path, _byte_place(raw, nul), Say("ký tự NUL (byte 0x00) giữa văn bản",
                                                          "a NUL character (byte 0x00) inside the text"),
                         Say("xóa ký tự đó, hoặc lưu lại tệp dạng UTF-8", "remove it, or save the file again as UTF-8"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        legacy = detect_legacy(raw)
        if legacy:
            raise InputError(path, _byte_place(raw, err.start), *legacy_encoding_message(legacy)) from None
        raise InputError(path, _byte_place(raw, err.start),
                         Say(f"byte 0x{raw[err.start]:02x} không hợp lệ trong UTF-8",
                             f"invalid UTF-8 byte 0x{raw[err.start]:02x}"),
                         Say("lưu tệp dạng UTF-8 (Unicode); văn bản mã cũ (TCVN3, VNI, Windows-1258) "
                             "phải chuyển mã trước",
                             "save the file as UTF-8 (Unicode); legacy Vietnamese encodings "
                             "(TCVN3, VNI, Windows-1258) must be converted first")) from None
    return unicodedata.normalize("NFC", text)


def legacy_encoding_message(code: str) -> tuple[Say, Say]:
    """What is wrong with a file in a legacy Vietnamese encoding, and how to convert it."""
    name = encoding_name(code)
    # glibc's iconv knows Windows-1258 and TCVN3 (as TCVN5712-1), not VNI.
    source = {CP1258: "CP1258", TCVN3: "TCVN5712-1"}.get(code)
    iconv = f" (hoặc: iconv -f {source} -t UTF-8 tệp-cũ > tệp-mới)" if source else ""
    iconv_en = f" (or: iconv -f {source} -t UTF-8 old-file > new-file)" if source else ""
    return (Say(f"tệp dùng bảng mã cũ {name}, không phải Unicode UTF-8",
                f"the file is in the legacy Vietnamese encoding {name}, not Unicode UTF-8"),
            Say(f"chuyển sang Unicode bằng công cụ chuyển mã của UniKey (Unikey Toolkit: nguồn {name}, đích "
                f"Unicode) rồi lưu dạng UTF-8{iconv}; dự thảo .txt, .md được cchc import tự chuyển",
                f"convert it to Unicode with UniKey's converter (Unikey Toolkit: source {name}, target Unicode) "
                f"and save it as UTF-8{iconv_en}; .txt and .md drafts are converted by cchc import itself"))


def _byte_place(raw: bytes, offset: int) -> Location:
    """The line and column (in characters) of a byte of UTF-8 text."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return Location(line=raw.count(b"\n", 0, offset) + 1,
                    column=len(raw[line_start:offset].decode("utf-8", "replace")) + 1)


class _Builder:
    """Turns a YAML event stream into values with an explicit stack."""

    def __init__(self, path: str, limits: Limits, dates_as_text: bool):
        self.path = path
        self.limits = limits
        self.dates_as_text = dates_as_text
        self.doc = Document(path=path, data=None)
        self.anchors: dict[str, tuple[object, int]] = {}
        self.values = 0
        self.expanded_text = 0     # characters of text that aliases repeat
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.resolved: dict[tuple[str, tuple[bool, bool]], str] = {}   # plans repeat their values

    def fail(self, mark, problem: Say, fix: Say) -> None:
        where = Location(line=mark.line + 1, column=mark.column + 1) if mark else None
        raise InputError(self.path, where, problem, fix)

    def count(self, n: int, mark) -> None:
        self.values += n
        if self.values > self.limits.max_values:
            self.fail(mark, Say(f"hơn {self.limits.max_values:,} giá trị sau khi mở rộng bí danh (alias)",
                                f"more than {self.limits.max_values:,} values after expanding aliases"),
                      _no_aliases("--max-values"))

    def count_text(self, value, mark) -> None:
        """Aliases repeat text without adding bytes to the file: the text they add is held to the
        file size limit, as if it had been written out."""
        self.expanded_text += _text_size(value)
        if self.expanded_text > self.limits.max_bytes:
            self.fail(mark, Say(f"bí danh (alias) lặp lại hơn {self.limits.max_bytes:,} ký tự văn bản",
                                f"aliases repeat more than {self.limits.max_bytes:,} characters of text"),
                      _no_aliases("--max-file-mb"))

    def check_tag(self, event) -> None:
        tag = event.tag
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            self.fail(event.start_mark, Say(f"không được dùng thẻ {tag!r}", f"tag {tag!r} is not allowed"),
                      Say("bỏ thẻ: kế hoạch chỉ gồm văn bản, số, ngày, danh sách và ánh xạ",
                          "remove the tag: plans hold only plain text, numbers, dates, lists and mappings"))

    def scalar(self, event: ScalarEvent) -> object:
        if len(event.value) > self.limits.max_text:
            self.fail(event.start_mark, Say(f"một giá trị dài {len(event.value):,} ký tự, vượt giới hạn "
                                            f"{self.limits.max_text:,}",
                                            f"a value of {len(event.value):,} characters, over the limit of "
                                            f"{self.limits.max_text:,}"),
                      Say("rút gọn giá trị: một ô của kế hoạch không dài đến vậy",
                          "shorten it: no entry of a plan is that long"))
        tag = event.tag
        if tag in (None, "!"):
            implicit = event.implicit if tag is None else (False, False)
            key = (event.value, implicit)
            tag = self.resolved.get(key)
            if tag is None:
                tag = self.resolved[key] = self.resolver.resolve(ScalarNode, event.value, implicit)
        if tag == _STR or tag == _TIMESTAMP and self.dates_as_text:   # most values: text as written
            return event.value
        if tag in _NUMBER_TAGS and len(event.value) > _MAX_NUMBER_CHARACTERS:
            # Python refuses to show an integer of over 4,300 digits (and takes quadratic time on
            # it): no number of a plan is this long, so it is refused before it is built.
            self.fail(event.start_mark, Say(f"một số dài {len(event.value):,} ký tự, quá dài cho một kế hoạch",
                                            f"a number {len(event.value):,} characters long, too long for a plan"),
                      Say("nếu đó là văn bản, đặt trong dấu nháy", "if it is text, put it in quotes"))
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as err:
            # A MarkedYAMLError's text adds its mark on a second line; the mark is ours already.
            reason = " ".join((getattr(err, "problem", None) or str(err)).split())
            self.fail(event.start_mark, Say(f"không đọc được giá trị {event.value!r}: {reason}",
                                            f"cannot read value {event.value!r}: {reason}"),
                      Say("viết giá trị dạng văn bản trong dấu nháy", "write the value as plain text in quotes"))

    def build(self, events) -> Document:
        # Each frame: [container, pointer, pending_key, key_mark, anchor, size]
        stack: list[list] = []
        root_set = False

        def place(value, mark, size):
            nonlocal root_set
            if not stack:
                self.doc.data = value
                root_set = True
                return
            frame = stack[-1]
            container = frame[0]
            frame[5] += size
            if isinstance(container, list):
                container.append(value)
            else:
                key = frame[2]
                if key is _NO_KEY:
                    if not isinstance(value, (str, int, float, bool)) and value is not None:
                        self.fail(mark, *_KEY_PLAIN)
                    key = "" if value is None else str(value)
                    if key in container:
                        self.fail(mark, Say(f"khóa {key!r} bị lặp", f"duplicate key {key!r}"),
                                  Say("xóa hoặc đổi tên một trong hai mục", "remove or rename one of the two entries"))
                    frame[2] = key
                    frame[3] = mark
                    return
                container[key] = value
                frame[2] = _NO_KEY

        def child_pointer() -> str:
            frame = stack[-1]
            if isinstance(frame[0], list):
                return pointer_join(frame[1], str(len(frame[0])))
            return pointer_join(frame[1], frame[2])

        positions, key_positions = self.doc.positions, self.doc.key_positions
        for event in events:
            if type(event) is ScalarEvent and stack:
                # Most events: a value in a list or mapping. The same steps as the general case
                # below, without its helpers: this loop is most of the time of a large plan.
                self.check_tag(event)
                value = self.scalar(event)
                mark = event.start_mark
                self.count(1, mark)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                frame = stack[-1]
                container, pointer, key = frame[0], frame[1], frame[2]
                if type(container) is list:
                    positions[f"{pointer}/{len(container)}"] = Location(line=mark.line + 1, column=mark.column + 1)
                    container.append(value)
                    frame[5] += 1
                elif key is _NO_KEY:
                    place(value, mark, 1)          # a key: checked, and held until its value comes
                else:
                    pointer = pointer_join(pointer, key)
                    positions[pointer] = Location(line=mark.line + 1, column=mark.column + 1)
                    key_mark = frame[3]
                    if key_mark is not None:
                        key_positions[pointer] = Location(line=key_mark.line + 1, column=key_mark.column + 1)
                    container[key] = value
                    frame[2] = _NO_KEY
                    frame[5] += 1
                continue
            if isinstance(event, DocumentStartEvent):
                if root_set:
                    self.fail(event.start_mark, Say("tệp chứa nhiều hơn một tài liệu YAML",
                                                    "the file holds more than one YAML document"),
                              Say("mỗi tệp một kế hoạch (bỏ '---' thừa)", "keep one plan per file (remove the extra '---')"))
                continue
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                self.check_tag(event)
                if len(stack) >= self.limits.max_depth:
                    self.fail(event.start_mark, *_too_deep(self.limits))
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                if is_key:
                    self.fail(event.start_mark, *_KEY_PLAIN)
                pointer = child_pointer() if stack else ""
                self._record(pointer, event.start_mark, stack)
                self.doc.containers.add(pointer)
                container = {} if isinstance(event, MappingStartEvent) else []
                self.count(1, event.start_mark)
                stack.append([container, pointer, _NO_KEY, None, event.anchor, 1])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                container, pointer, _key, _mark, anchor, size = stack.pop()
                if anchor:
                    self.anchors[anchor] = (container, size)
                place(container, event.start_mark, size)
            elif isinstance(event, ScalarEvent):
                self.check_tag(event)
                value = self.scalar(event)
                self.count(1, event.start_mark)
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                if not is_key:
                    self._record(child_pointer() if stack else "", event.start_mark, stack)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                place(value, event.start_mark, 1)
            elif isinstance(event, AliasEvent):
                if event.anchor not in self.anchors:
                    self.fail(event.start_mark, Say(f"bí danh *{event.anchor} chưa được định nghĩa",
                                                    f"unknown alias *{event.anchor}"),
                              Say("định nghĩa neo (&) trước khi dùng, hoặc bỏ bí danh",
                                  "define the anchor before using it, or remove the alias"))
                value, size = self.anchors[event.anchor]
                self.count(size, event.start_mark)
                self.count_text(value, event.start_mark)
                place(value, event.start_mark, size)
        return self.doc

    def _record(self, pointer: str, mark, stack) -> None:
        self.doc.positions[pointer] = Location(line=mark.line + 1, column=mark.column + 1)
        if stack and isinstance(stack[-1][0], dict) and stack[-1][3] is not None:
            key_mark = stack[-1][3]
            self.doc.key_positions[pointer] = Location(line=key_mark.line + 1,
                                                      column=key_mark.column + 1)


_NO_KEY = object()


def _no_aliases(option: str) -> Say:
    return Say(f"bỏ các bí danh (&anchor/*alias): kế hoạch không cần đến chúng; hoặc nâng giới hạn (cchc check {option} N)",
               f"remove the aliases (&anchor/*alias): a plan needs none; or raise the limit (cchc check {option} N)")


def _text_size(value) -> int:
    """The characters of text in a value, its lists and mappings walked without recursion."""
    total, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return total
_KEY_PLAIN = (Say("khóa của ánh xạ phải là văn bản đơn giản", "a mapping key must be plain text"),
              Say("viết khóa là một từ đơn giản", "write the key as a simple word"))


def parse(text: str, path: str, limits: Limits = Limits(), dates_as_text: bool = False) -> Document:
    """Parse one YAML document from text; any YAML problem is an `InputError`. With `dates_as_text`,
    a date or timestamp is the text it is written as (see the module's docstring)."""
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise InputError(path, None, Say(f"văn bản vượt giới hạn {limits.max_bytes:,} byte",
                                         f"text is over the limit of {limits.max_bytes:,} bytes"),
                         _SPLIT_OR_RAISE)
    try:
        return _Builder(path, limits, dates_as_text).build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as err:
        if "exceeded maximum nesting depth" in str(err.problem):
            # libyaml reads ahead in [[[[ … and stops at its own 1,000 levels before ours is reached.
            raise InputError(path, _flow_depth_exceeded(text, limits.max_depth), *_too_deep(limits)) from None
        opened = _left_open(text, err)
        if opened is not None:
            mark, what = opened
            raise InputError(path, Location(line=mark.line + 1, column=mark.column + 1), _MALFORMED + what,
                             Say("đóng nó trên cùng dòng", "close it on the same line")) from None
        mark = err.problem_mark or err.context_mark
        where = Location(line=mark.line + 1, column=mark.column + 1) if mark else None
        problem = err.problem or err.context or "malformed YAML"
        if err.context and err.problem:
            problem = f"{err.problem} ({err.context})"
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "a tab character where YAML expects spaces"
        raise InputError(path, where, _MALFORMED + _parser_says(problem), _yaml_fix(problem)) from None
    except yaml.reader.ReaderError as err:
        raise InputError(path, *_forbidden_character(text, err)) from None
    except yaml.YAMLError as err:
        raise InputError(path, None, _MALFORMED + _parser_says(" ".join(str(err).split())),
                         Say("sửa cú pháp YAML", "fix the YAML syntax")) from None


def _forbidden_character(text: str, err: yaml.reader.ReaderError) -> tuple[Location | None, Say, Say]:
    """A character YAML does not allow (a control or another non-printable one). libyaml's position
    counts UTF-8 bytes; every character before it passed the check, so its first occurrence is the spot."""
    at = text.find(chr(err.character)) if isinstance(err.character, int) else -1
    where = None
    if at >= 0:
        where = Location(line=text.count("\n", 0, at) + 1, column=at - (text.rfind("\n", 0, at) + 1) + 1)
    shown = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
    return (where, _MALFORMED + Say(f"không được có ký tự không in được {shown}",
                                    f"non-printable character {shown} is not allowed"),
            Say("xóa ký tự đó (văn bản dán từ chương trình khác có thể mang ký tự ẩn)",
                "delete it (text pasted from other programs can carry invisible characters)"))


_QUOTE_LEFT_OPEN = Say("dấu nháy mở ở đây không được đóng", "the quotation mark opened here is not closed")
_BRACKET_LEFT_OPEN = Say("dấu ngoặc mở ở đây không được đóng", "the bracket opened here is not closed")


def _left_open(text: str, err: yaml.MarkedYAMLError):
    """Where a quote or a bracket was opened and never closed, when that is what went wrong: libyaml
    says where it gave up, often lines later. A quote left open in mid-file runs on to the next
    quotation mark; the error then comes right after that long quoted text."""
    if err.context_mark is not None and err.context == "while scanning a quoted scalar":
        return err.context_mark, _QUOTE_LEFT_OPEN
    if err.context_mark is not None and err.context in ("while parsing a flow sequence",
                                                        "while parsing a flow mapping"):
        return err.context_mark, _BRACKET_LEFT_OPEN
    mark = err.problem_mark
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'") and \
            last.start_mark.line < last.end_mark.line == mark.line:
        return last.start_mark, _QUOTE_LEFT_OPEN
    return None


def _flow_depth_exceeded(text: str, max_depth: int) -> Location | None:
    """The bracket that takes [ and { nesting past `max_depth` (quoted text aside)."""
    depth, quote, line, column = 0, "", 1, 0
    for character in text:
        column += 1
        if character == "\n":
            line, column = line + 1, 0
        elif quote:
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > max_depth:
                return Location(line=line, column=column)
        elif character in "]}":
            depth -= 1
    return None


def _too_deep(limits: Limits) -> tuple[Say, Say]:
    return (Say(f"lồng sâu quá {limits.max_depth} cấp", f"nesting deeper than {limits.max_depth} levels"),
            Say("làm phẳng cấu trúc: kế hoạch chỉ sâu vài cấp; hoặc nâng giới hạn (cchc check --max-depth N)",
                "flatten the structure: a plan is at most a few levels deep; "
                "or raise the limit (cchc check --max-depth N)"))


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


_MALFORMED = Say("YAML sai cú pháp: ", "malformed YAML: ")
# libyaml's own words for the problems people make most, in Vietnamese; others are shown as libyaml says them.
_PARSER_WORDS_VI = {
    "a tab character where YAML expects spaces": "ký tự tab ở chỗ YAML cần dấu cách",
    "mapping values are not allowed here": "không được có giá trị ánh xạ ở đây",
    "mapping values are not allowed in this context": "không được có giá trị ánh xạ ở vị trí này",
    "found unexpected end of stream": "tệp kết thúc bất ngờ",
    "found character that cannot start any token": "gặp ký tự không thể bắt đầu một thành phần",
    "expected <block end>, but found": "cần kết thúc khối, nhưng gặp",
    "could not find expected ':'": "không tìm thấy dấu ':' cần có",
    "found undefined alias": "gặp bí danh chưa định nghĩa",
    "did not find expected key": "không tìm thấy khóa cần có",
    "did not find expected '-' indicator": "không tìm thấy dấu '-' cần có",
    "did not find expected ',' or ']'": "không tìm thấy ',' hoặc ']' cần có",
    "did not find expected ',' or '}'": "không tìm thấy ',' hoặc '}' cần có",
    "while scanning a quoted scalar": "khi đọc một chuỗi trong dấu nháy",
    "while scanning a simple key": "khi đọc một khóa",
    "while parsing a block mapping": "khi đọc một ánh xạ khối",
    "while parsing a block collection": "khi đọc một danh sách khối",
    "while parsing a flow sequence": "khi đọc một danh sách trong ngoặc",
    "while parsing a flow mapping": "khi đọc một ánh xạ trong ngoặc",
}


def _parser_says(problem: str) -> Say:
    vietnamese = problem
    for english, translated in _PARSER_WORDS_VI.items():
        vietnamese = vietnamese.replace(english, translated)
    return Say(vietnamese, problem)


def _yaml_fix(problem: str) -> Say:
    if "tab" in problem:
        return Say("thụt lề bằng dấu cách, không dùng tab", "indent with spaces, not tabs")
    if "mapping values are not allowed" in problem:
        return Say("đặt trong dấu nháy văn bản có ': ' (dấu hai chấm rồi dấu cách)",
                   "quote text that contains ': ' (a colon followed by a space)")
    if "found unexpected end of stream" in problem or "quoted scalar" in problem:
        return Say("đóng dấu nháy", "close the quotation mark")
    return Say("sửa thụt lề hoặc dấu nháy tại chỗ đó", "fix the indentation or quoting at that spot")


def load(path: Path, limits: Limits = Limits(), shown: str | None = None, dates_as_text: bool = False) -> Document:
    """Read, decode and parse a YAML file."""
    shown = shown or str(path)
    return parse(decode(read_bytes(path, shown, limits), shown), shown, limits, dates_as_text)
