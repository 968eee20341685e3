"""Legacy Vietnamese byte encodings: recognising them, and converting them to Unicode.

Three encodings still arrive in old plans and drafts:

- Windows-1258 (`cp1258`): Microsoft's code page. Most tone marks are separate combining
  bytes after the letter ("ê" + 0xEC for "ế"), so decoded text is normalised to NFC.
- TCVN3 (`tcvn3`; TCVN 5712:1993, the "ABC" fonts .VnTime/.VnArial): one byte per letter.
  Decoding uses the full table of TCVN 5712:1993 VN1, whose small letters sit at the same bytes
  as in VN3 (the 8-bit .VnTime fonts) and which adds the toned capitals in 0x80-0x9F, a few gaps
  of 0xA0-0xFF and the control range. VN3 itself has codes for only seven capitals
  (Ă Â Ê Ô Ơ Ư Đ): documents set toned capitals in an upper-case font (.VnTimeH) over the small
  letters' codes, so "KẾ HOẠCH" is stored as "KÕ HO¹CH" and, from bytes alone, reads "Kế HOạCH".
  Such words are mended (see `_mend_vn3_capitals`) where case shows through; where it cannot
  be seen, the small letter stays.
- VNI (`vni`; VNI-Windows, fonts VNI-Times/VNI-Helve): an ASCII base letter followed by a
  mark byte ("Vieät" for "Việt"); đ, ơ, ư and the toned i and ỵ are single bytes. Capital marks
  are the Latin-1 capitals of the small ones ("VIEÄT").

Detection (`detect_legacy`) looks at the first 64 KB only. It says nothing (None) for valid
UTF-8 (ASCII included), for bytes with a NUL, or for a file that starts with a known binary or
Unicode signature (PNG, ZIP/DOCX, PDF, OLE/DOC, GIF, JPEG, gzip, a BOM). Otherwise it decodes the
sample in each of the three encodings and judges the distinct words (case folded) that contain
a non-ASCII character: plausible if it is one Vietnamese syllable (an initial, a vowel group, a
final; Vietnamese letters only; at most one tone; small, Capitalised or CAPITALS), implausible
otherwise. Abbreviations without a vowel ("HĐND") are not judged. A decoding is convincing when
- at least 80% of the judged words are plausible,
- at least 4 plausible words have a letter Latin-1 has no place for (ă đ ĩ ũ ơ ư ạ ả ấ …):
  decoded as Windows-1258, French "à", "là", "tôt" are Vietnamese-shaped but prove nothing,
- at least 3 plausible words are frequent Vietnamese syllables (`_COMMON_SYLLABLES`): shape
  alone lets wrong readings through (VISCII read as TCVN3 is "Sã Nài vứ chỹ trỡ", Norwegian
  "nå på så" read as TCVN3 is "nồ pồ sồ").
Counting distinct words keeps one frequent lucky word (Italian "è") from carrying a text. The
convincing decoding with the largest share wins; when none is convincing the answer is None.

Measured (real plans and Debian's Vietnamese message catalogs as positives; Western European
catalogs in Latin-1/cp1252, Central European, Cyrillic, Greek, Turkish, Baltic, CJK, Hebrew,
Arabic and Thai legacy encodings, Vietnamese in VISCII, damaged UTF-8 and random bytes as
negatives): no false positive and no wrong encoding in over 500,000 samples of 200 bytes to
whole files; 93% of 200-byte and 96% of 1,000-byte Vietnamese samples recognised (every plan
sample of 1,000 bytes or more), the misses being samples with little Vietnamese in them
(lists of foreign place names, CamelCase identifiers).

Limits:
- A file with little Vietnamese (a short title, a few words) is not recognised.
- A file whose first 64 KB hold no legacy bytes, or that mixes encodings (a TCVN3 paragraph
  pasted into UTF-8), is not recognised.
- VISCII, VPS, VIQR and other encodings are not recognised (and not mistaken for these three).
- A VNI mark byte with no letter before it (broken text) is kept as the Latin-1 character it
  is; Windows-1258's undefined bytes become U+FFFD.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

CP1258 = "cp1258"
TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (CP1258, TCVN3, VNI)

SAMPLE_BYTES = 64 * 1024
MIN_PLAUSIBLE_SHARE = 0.8        # of the distinct judged words
MIN_VIETNAMESE_ONLY_WORDS = 4    # distinct plausible words with a letter beyond Latin-1
MIN_COMMON_WORDS = 3             # distinct plausible words that are among `_COMMON_SYLLABLES`

_NAMES = {
    CP1258: "Windows-1258",
    TCVN3: "TCVN3 (ABC, phông .VnTime)",
    VNI: "VNI (VNI-Windows, phông VNI-Times)",
}

# Tones in the order of every table below: huyền, hỏi, ngã, sắc, nặng.
TONES = "\u0300\u0309\u0303\u0301\u0323"
VOWELS = "aăâeêioôơuưy"


def encoding_name(code: str) -> str:
    """A person's name for an encoding code returned by `detect_legacy`."""
    if code not in _NAMES:
        raise ValueError(f"unknown legacy encoding {code!r}; expected one of {', '.join(ENCODINGS)}")
    return _NAMES[code]


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + TONES[tone])


def _letters() -> list[str]:
    """The 134 letters Vietnamese writes beyond ASCII: 12 vowels with their tones, ă â ê ô ơ ư, đ."""
    small = [v for v in VOWELS if not v.isascii()] + ["đ"]
    small += [_toned(v, tone) for v in VOWELS for tone in range(len(TONES))]
    return small + [letter.upper() for letter in small]


# --------------------------------------------------------------------------- TCVN3

# Per vowel, the bytes of its five toned forms (huyền, hỏi, ngã, sắc, nặng): small letters
# (VN1 = VN3), then capitals (VN1 only). Checked against glibc's TCVN5712-1 in the tests.
_TCVN3_TONED = {
    "a": (b"\xb5\xb6\xb7\xb8\xb9", b"\x80\x81\x82\x83\x84"),
    "ă": (b"\xbb\xbc\xbd\xbe\xc6", b"\xaf\xba\xbf\xc0\x85"),
    "â": (b"\xc7\xc8\xc9\xca\xcb", b"\xc1\xc2\xc3\xc4\x86"),
    "e": (b"\xcc\xce\xcf\xd0\xd1", b"\x87\x88\x89\x8a\x8b"),
    "ê": (b"\xd2\xd3\xd4\xd5\xd6", b"\xc5\xcd\xd9\xda\x8c"),
    "i": (b"\xd7\xd8\xdc\xdd\xde", b"\x8d\x8e\x8f\x90\x91"),
    "o": (b"\xdf\xe1\xe2\xe3\xe4", b"\x92\x93\x94\x95\x96"),
    "ô": (b"\xe5\xe6\xe7\xe8\xe9", b"\xdb\xe0\xf0\xff\x97"),
    "ơ": (b"\xea\xeb\xec\xed\xee", b"\x98\x99\x9a\x9b\x9c"),
    "u": (b"\xef\xf1\xf2\xf3\xf4", b"\x9d\x9e\x9f\x01\x02"),
    "ư": (b"\xf5\xf6\xf7\xf8\xf9", b"\x04\x05\x06\x11\x12"),
    "y": (b"\xfa\xfb\xfc\xfd\xfe", b"\x13\x14\x15\x16\x17"),
}
_TCVN3_PLAIN = dict(zip("ĂÂÊÔƠƯĐăâêôơưđ", range(0xA1, 0xAF)))
_TCVN3_COMBINING = dict(zip(range(0xB0, 0xB5), TONES))    # VN1 only: a tone after its letter


def _tcvn3_encoding_table() -> dict[str, int]:
    table = dict(_TCVN3_PLAIN)
    for vowel, (small, capital) in _TCVN3_TONED.items():
        for tone in range(len(TONES)):
            table[_toned(vowel, tone)] = small[tone]
            table[_toned(vowel.upper(), tone)] = capital[tone]
    return table


_TCVN3_ENCODE = _tcvn3_encoding_table()
# Keyed by the Latin-1 code point of each byte, for str.translate over text decoded as Latin-1.
_TCVN3_DECODE = {byte: letter for letter, byte in _TCVN3_ENCODE.items()} | _TCVN3_COMBINING
# What else TCVN3 can write: the no-break space, and a tone left apart from its letter.
_TCVN3_OTHERS = {"\xa0": 0xA0} | {tone: byte for byte, tone in _TCVN3_COMBINING.items()}


def _tcvn3_to_unicode(raw: bytes) -> str:
    text = unicodedata.normalize("NFC", raw.decode("latin-1").translate(_TCVN3_DECODE))
    return _mend_vn3_capitals(text)


# A word none of whose letters is an ASCII small letter: the only kind a VN3 capital hides in.
_NO_ASCII_SMALL_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{2,}(?![^\W\d_])")
_ASCII_SMALL = re.compile(r"[a-z]")


def _impossible_case(word: str) -> bool:
    """A word neither small, Capitalised nor in CAPITALS ("HOạCH", "ủY") does not happen in
    Vietnamese: it is set in a VN3 capitals font (.VnTimeH) over the small letters' codes."""
    return not (word.islower() or word.istitle() or word.isupper())


def _mend_vn3_capitals(text: str) -> str:
    """Upper-case the VN3 heading words ("HOạCH" → "HOẠCH", "ủY" → "ỦY"), and the whole line when
    it has no ASCII small letter ("Kế HOạCH" → "KẾ HOẠCH"). Elsewhere a word that reads as
    Capitalised ("Kế", "Xã") or small ("ủy") keeps its small letter: nothing shows it was not."""
    if not any(_impossible_case(m.group()) for m in _NO_ASCII_SMALL_WORD.finditer(text)):
        return text     # the common case: nothing to mend, no per-line work
    return "".join(_mend_line(line) for line in text.splitlines(keepends=True))


def _mend_line(line: str) -> str:
    if not any(_impossible_case(m.group()) for m in _NO_ASCII_SMALL_WORD.finditer(line)):
        return line
    if not _ASCII_SMALL.search(line):
        return line.upper()
    return _NO_ASCII_SMALL_WORD.sub(lambda m: m.group().upper() if _impossible_case(m.group())
                                    else m.group(), line)


# --------------------------------------------------------------------------- VNI

# VNI's marks, small forms; a capital letter takes the Latin-1 capital of each mark.
_VNI_TONE = "øûõùï"                                     # after a, e, o, u, y, ơ, ư
_VNI_SHAPE = {"\u0302": ("â", "àåãáä"),                  # circumflex: â ê ô, alone or with a tone
              "\u0306": ("ê", "èúüéë")}                  # breve: ă
_VNI_HORN_BASE = {"o": "ô", "u": "ö"}                    # ơ and ư are single bytes
_VNI_TONED_I = "ìæóíò"                                   # a toned i is one byte
_VNI_Y_DOT = "î"                                         # and so is ỵ


def _vni_spelling(letter: str) -> str:
    """How VNI-Windows writes one Vietnamese letter."""
    if letter in "đĐ":
        return "ñ" if letter == "đ" else "Ñ"
    base, *marks = unicodedata.normalize("NFD", letter.lower())
    tone = next((TONES.index(m) for m in marks if m in TONES), None)
    if base == "i" and tone is not None:
        spelled = _VNI_TONED_I[tone]
    elif base == "y" and tone == TONES.index("\u0323"):
        spelled = _VNI_Y_DOT
    elif "\u031b" in marks:
        spelled = _VNI_HORN_BASE[base] + ("" if tone is None else _VNI_TONE[tone])
    elif shape := next((_VNI_SHAPE[m] for m in marks if m in _VNI_SHAPE), None):
        plain, toned = shape
        spelled = base + (plain if tone is None else toned[tone])
    else:
        spelled = base + _VNI_TONE[tone]
    return spelled.upper() if letter.isupper() else spelled


_VNI_ENCODE = {letter: _vni_spelling(letter) for letter in _letters()}
_VNI_DECODE = {spelled: letter for letter, spelled in _VNI_ENCODE.items()}
_VNI_MARKS = "".join(sorted({c for s in _VNI_ENCODE.values() if len(s) == 2 for c in s[1:]}))
_VNI_SINGLES = "".join(sorted(s for s in _VNI_DECODE if len(s) == 1))
_VNI_BASES = "".join(sorted({s[0] for s in _VNI_DECODE if len(s) == 2}))
_VNI_SEQUENCE = re.compile(f"[{_VNI_BASES}][{_VNI_MARKS}]|[{_VNI_SINGLES}{_VNI_MARKS}]")


def _vni_letter(match: re.Match) -> str:
    spelled = match.group()
    if spelled in _VNI_DECODE:
        return _VNI_DECODE[spelled]
    # A base with a mark it cannot take ("uâ"), or a mark alone: each byte on its own, a mark
    # left as the Latin-1 character it is (there is no letter it could stand for).
    return "".join(_VNI_DECODE.get(c, c) for c in spelled)


# VNI fonts keep Windows' punctuation (“ ” – — … at 0x80-0x9F); their marks are all in 0xC0-0xFF.
# The five bytes Windows-1252 leaves undefined stay as they are.
_CP1252_PUNCTUATION = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
                       if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _vni_to_unicode(raw: bytes) -> str:
    text = raw.decode("latin-1").translate(_CP1252_PUNCTUATION)
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(_vni_letter, text))


# --------------------------------------------------------------------------- Windows-1258

def _cp1258_to_unicode(raw: bytes) -> str:
    return unicodedata.normalize("NFC", raw.decode(CP1258, errors="replace"))


def _cp1258_spelling(letter: str) -> bytes:
    """Windows-1258 has some toned letters whole (á, à, ó …); the rest are a letter and a
    combining tone byte, as Word and iconv write them."""
    try:
        return letter.encode(CP1258)
    except UnicodeEncodeError:
        base, *marks = unicodedata.normalize("NFD", letter)
        tone = "".join(m for m in marks if m in TONES)
        shaped = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONES))
        return shaped.encode(CP1258) + tone.encode(CP1258)


# --------------------------------------------------------------------------- conversion

def to_unicode(raw: bytes, encoding: str) -> str:
    """`raw` in a legacy encoding (`cp1258`, `tcvn3` or `vni`) as NFC Unicode text."""
    if encoding == CP1258:
        return _cp1258_to_unicode(raw)
    if encoding == TCVN3:
        return _tcvn3_to_unicode(raw)
    if encoding == VNI:
        return _vni_to_unicode(raw)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")


def from_unicode(text: str, encoding: str) -> bytes:
    """`text` written in a legacy encoding, strictly: a character the encoding cannot hold is a
    `ValueError`. For tests and fixtures; TCVN3 capitals get their VN1 codes."""
    text = unicodedata.normalize("NFC", text)
    if encoding == CP1258:
        spell = _cp1258_spelling
    elif encoding == TCVN3:
        def spell(c: str) -> bytes:
            byte = _TCVN3_ENCODE.get(c, _TCVN3_OTHERS.get(c))
            return c.encode("ascii") if byte is None else bytes([byte])
    elif encoding == VNI:
        def spell(c: str) -> bytes:
            if c in _VNI_ENCODE:
                return _VNI_ENCODE[c].encode("latin-1")
            if c in _VNI_MARKS + _VNI_SINGLES:     # its byte would read as (part of) a letter
                raise ValueError(c)
            return c.encode("cp1252")
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    try:
        return b"".join(spell(c) for c in text)
    except (UnicodeEncodeError, KeyError, ValueError) as err:
        raise ValueError(f"{encoding} cannot hold a character of {text[:40]!r}: {err}") from None


# --------------------------------------------------------------------------- detection

_NOT_LEGACY_TEXT = (
    b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b",
    codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Words are what lies between spaces, ASCII punctuation and digits, and typographic quotes and
# dashes; any other symbol stays inside its word and makes it implausible ("ho¹ch").
_WORD = re.compile(r"[^\s!-@\[-`{-~“”„‘’‚‹›«»–—…•]+")

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# Vowel groups by what may follow them: any final or none; a final always ("ăn", "tiên",
# never "ằ", "tiê"); never a final, their last vowel being the glide that ends the syllable
# ("ơi", "yêu", never "ơing").
_VOWEL_GROUPS_OPEN = "a e ê i o ô ơ u ư y oa oe uê uy uơ".split()
_VOWEL_GROUPS_CLOSED = "ă â oă uâ iê yê uô ươ uyê oo".split()
_VOWEL_GROUPS_GLIDED = ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu "
                        "iêu oai oao oay oeo uây uôi uya uyu ươi ươu yêu").split()
_FINAL = "(?:ch|ng|nh|[cmnpt])"


def _alternatives(groups: list[str]) -> str:
    return "(?:" + "|".join(sorted(groups, key=len, reverse=True)) + ")"


_SYLLABLE = re.compile(_INITIAL + "(?:" + _alternatives(_VOWEL_GROUPS_OPEN) + _FINAL + "?"
                       + "|" + _alternatives(_VOWEL_GROUPS_CLOSED) + _FINAL
                       + "|" + _alternatives(_VOWEL_GROUPS_GLIDED) + ")")
_TONED_SMALL = {_toned(v, t): v for v in VOWELS for t in range(len(TONES))}
_UNTONE = str.maketrans(_TONED_SMALL)
_VOWEL_LETTERS = set(VOWELS) | set(_TONED_SMALL)


# Frequent syllables of Vietnamese prose, administrative plans and software text. Shape alone
# lets wrong readings through (VISCII read as TCVN3 gives "Sã Nài vứ chỹ trỡ": every word
# well-formed, none of them words); real text uses some of these within a sentence or two.
_COMMON_SYLLABLES = frozenset(unicodedata.normalize("NFC", """
    của và các có được trong là cho những với không này người đã một để theo năm về khi đến từ
    nhà nước tỉnh hành chính cải cách thực hiện kế hoạch nhiệm vụ công tác quản lý xây dựng chủ
    trì phối hợp sở nội thủ tục kiểm soát văn phòng ủy uỷ ban nhân dân huyện xã phường thị trấn
    cơ quan đơn vị cán bộ chức viên đề án số hóa hoá điện tử dịch trực tuyến cấp giải quyết hồ
    sơ chất lượng đánh giá báo cáo kết quả mục tiêu chỉ đạo điều tổ triển khai tăng cường nâng
    cao hiệu lực trách thời hạn quý tháng ngày đồng phát kinh tế hội trên địa bàn thành phố
    trung ương luật định nghị thông tư hướng dẫn sửa đổi bổ sung quy trình giai đoạn tướng phủ
    chương tổng thể đẩy mạnh ứng dụng nghệ tin truyền hệ thống dữ liệu quốc gia cung doanh
    nghiệp tài ngân sách phí đảm bảo an toàn ninh đầu vốn xử vi phạm kỷ cương tuyên phổ biến
    giáo dục đào tạo bồi dưỡng nguồn chế độ tiền lương biên sắp xếp tinh gọn máy hoạt động minh
    bạch hài lòng sự mỗi phải cần nên sẽ đang vẫn cũng như hay hoặc nhưng mà thì nếu vì đó đây
    kia nào sao gì ai bị bởi trước sau giữa dưới ngoài lên xuống ra vào lại qua còn rất nhiều ít
    hơn nhất tất cả mọi việc làm biết thấy nói muốn đi tới mới cũ lớn nhỏ đúng sai tốt xấu khác
    cùng riêng chung tên tệp tập thư chọn mở đóng lưu xoá xóa thêm bớt hiển cài đặt tùy lỗi
    thiết lập mặc trang dòng ký tự chữ bản nhập xuất cửa sổ nút bấm phím chuột màn hình gửi nhận
    kèm danh mẫu biểu phụ lục giấy tờ chứng đăng hiểm y đất đai môi trường nông giao vận tải
    khoa học lao thương binh dung đối tượng yêu cầu tình nhằm căn cứ gồm bao tiếp
""").split())


def _is_syllable(word: str) -> bool:
    """One Vietnamese syllable: Vietnamese letters, at most one tone, a plausible shape, and
    written small, Capitalised or in CAPITALS ("giỔ" is Italian "già" read as TCVN3)."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    word = word.lower()
    if sum(c in _TONED_SMALL for c in word) > 1:
        return False
    return _SYLLABLE.fullmatch(word.translate(_UNTONE)) is not None


def _is_abbreviation(word: str) -> bool:
    """Capitals without a vowel ("HĐND", "QĐ"): neither evidence for nor against."""
    return word.isupper() and not any(c in _VOWEL_LETTERS for c in word.lower())


@dataclass
class _Evidence:
    """Counts over the distinct non-ASCII words of a decoded sample (case folded), so that one
    frequent lucky word (Italian "è", Norwegian "på") weighs as little as one rare one."""
    plausible: int = 0          # words that are Vietnamese syllables
    implausible: int = 0        # words that are not
    vietnamese_only: int = 0    # plausible words with a letter beyond Latin-1
    common: int = 0             # plausible words that are frequent Vietnamese syllables

    @property
    def share(self) -> float:
        judged = self.plausible + self.implausible
        return self.plausible / judged if judged else 0.0

    def convincing(self) -> bool:
        return (self.share >= MIN_PLAUSIBLE_SHARE and self.vietnamese_only >= MIN_VIETNAMESE_ONLY_WORDS
                and self.common >= MIN_COMMON_WORDS)


def _evidence(text: str) -> _Evidence:
    evidence = _Evidence()
    words = {w.lower(): w for w in _WORD.findall(text) if not w.isascii()}
    for word in words.values():
        if _is_abbreviation(word):
            continue
        if _is_syllable(word):
            evidence.plausible += 1
            evidence.vietnamese_only += any(ord(c) > 0xFF for c in word)
            evidence.common += word.lower() in _COMMON_SYLLABLES
        else:
            evidence.implausible += 1
    return evidence


def _sample(raw: bytes) -> bytes | None:
    """The first 64 KB when they could be legacy text; None for ASCII, valid UTF-8 and binaries."""
    sample = raw[:SAMPLE_BYTES]
    if not _HIGH_BYTE.search(sample) or b"\x00" in sample or sample.startswith(_NOT_LEGACY_TEXT):
        return None
    try:
        # Not final: a character cut in two at the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return None
    except UnicodeDecodeError:
        return sample


def detect_legacy(raw: bytes) -> str | None:
    """'cp1258', 'tcvn3' or 'vni' when the start of `raw` reads as Vietnamese in that legacy
    encoding, else None (see the module docstring for how, and for the limits)."""
    sample = _sample(raw)
    if sample is None:
        return None
    judged = {code: _evidence(to_unicode(sample, code)) for code in ENCODINGS}
    convincing = [(evidence.share, code) for code, evidence in judged.items() if evidence.convincing()]
    return max(convincing)[1] if convincing else None
