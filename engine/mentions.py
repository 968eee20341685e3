"""Finding a mention list's names in a plan's text, and only where they name
the body itself.

A name that no longer exists is still right in several places a plan writes
it, and each of them turned up in real 2025 documents: a cited document's
issuer or title ("Quyết định số 2568/QĐ-BTTTT … của Bộ Thông tin và Truyền
thông", "… do Bộ Lao động - Thương binh và Xã hội ban hành"), a name marked as
the former one ("tỉnh Bến Tre (cũ)"), and the old words an amendment quotes
("thay thế cụm từ “Sở Kế hoạch và Đầu tư” thành …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from engine.text import fold

# A document's number ("số 12/KH-UBND", "2568/QĐ-BTTTT", "364a/QĐ-UBND", "27-CTr/TU"). A name less than
# _CITATION_REACH characters after one, in the same sentence, is part of that citation: its
# issuer ("… của Bộ trưởng Bộ Quốc phòng, Bộ Lao động - Thương binh và Xã hội") or its title.
_DOCUMENT_NUMBER = re.compile(r"\d+[a-zđ]?(?: ?- ?[a-zđ]+)?/(?:\d{4}/)?[a-zđ]")
_SENTENCE_END = re.compile(r"[.;!?]\s|\n")
_CITATION_REACH = 600
# "… do Bộ Lao động - Thương binh và Xã hội ban hành": documents an old body issued.
_ISSUED_BY = re.compile(r"(?:của|do)\s+$")
# A name marked as the former one: right after it ("tỉnh Bến Tre cũ", "(nay là …)"), or after
# the list it ends ("UBND tỉnh Quảng Bình, UBND tỉnh Quảng Trị (cũ)"), or the time before the
# reorganisation named in the same sentence ("… trước khi thực hiện sắp xếp …", "thành lập …
# trên cơ sở tổ chức lại Ban Quản lý … tỉnh Quảng Nam").
_FORMER = re.compile(r"\s*(?:\(\s*)?(?:cũ|trước đây|nay là|nay thuộc)(?!\w)")
_FORMER_LATER = re.compile(r"\((?:cũ|trước đây)\)|trước (?:khi )?(?:thực hiện )?(?:việc )?sắp xếp"
                           r"|trên cơ sở (?:tổ chức lại|sắp xếp|hợp nhất|sáp nhập)"
                           r"|trước (?:thời điểm )?(?:ngày )?0?1(?: tháng |/)0?7(?: năm |/)2025")
_FORMER_REACH = 200
# An amendment or repeal, which quotes the old words or names the old body's rules
# ("thay thế cụm từ “X” thành “Y”, “Z” thành …", "bãi bỏ quy định … tỉnh Bắc Giang").
_AMENDMENT = re.compile(r"cụm từ|bãi bỏ|sửa đổi, bổ sung")


@dataclass(frozen=True)
class Name:
    canonical: str
    unless_followed_by: tuple[str, ...]


class MentionMatcher:
    """One regex per list, longest alternative first, so "UBND cấp huyện" hides "cấp huyện"."""

    def __init__(self, names: dict[str, Name], after: list[str]):
        self._names = names
        alternatives = "|".join(re.escape(v) for v in sorted(names, key=len, reverse=True))
        lead = ("(?:" + "|".join(re.escape(fold(word)) for word in after) + r")\s+") if after else ""
        self._pattern = re.compile(rf"(?<!\w){lead}(?P<name>{alternatives})(?!\w)")

    def names_in(self, text: str) -> list[str]:
        folded = fold(text)
        found = set()
        for match in self._pattern.finditer(folded):
            name = self._names[match.group("name")]
            if self._counts(folded, match, name):
                found.add(name.canonical)
        return sorted(found)

    @staticmethod
    def _counts(folded: str, match: re.Match, name: Name) -> bool:
        before, after = folded[:match.start()], folded[match.end():]
        sentence = _SENTENCE_END.split(before[-_CITATION_REACH:])[-1]
        rest = _SENTENCE_END.split(after[:_FORMER_REACH])[0]
        if _FORMER.match(after) or _FORMER_LATER.search(rest) or _FORMER_LATER.search(sentence):
            return False
        if _AMENDMENT.search(sentence) or _DOCUMENT_NUMBER.search(sentence):
            return False
        if _ISSUED_BY.search(before) and after.lstrip().startswith("ban hành"):
            return False
        return not any(after.lstrip(" ,").startswith(words) for words in name.unless_followed_by)
