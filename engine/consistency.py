"""What a plan says about itself in more than one place, and citations that cannot
identify their document: read from the text, so that a reviewer's checks by hand
(the title's year, the appendix's caption, a citation's date) are rules."""
from __future__ import annotations

import datetime as dt
import re

from engine.citations import canonical_number, cited_documents
from engine.text import fold

_SPAN = re.compile(r"giai đoạn (\d{4}) - (\d{4})")
_YEAR = re.compile(r"\bnăm (\d{4})\b")
# A number that carries its year ("30/2020/NĐ-CP") identifies its document; one without
# ("22/KH-UBND", "76/NQ-CP") needs its date: numbers start again every year.
_WITH_YEAR = re.compile(r"/\d{4}/")
# An entry with a date anywhere ("… của Thủ tướng Chính phủ ngày 31/3/2022") is dated; standards'
# codes ("QCVN 06:2022/BXD", "TCVN ISO 9001:2015") are not document numbers.
_DATED = re.compile(r"ngày \d{1,2}\b|\d{1,2}/\d{1,2}/\d{4}")
_STANDARD_CODE = re.compile(r"\b(?:qcvn|tcvn)[^,;()]*")
_CUT = re.compile(r"\b(?:cắt )?giảm\b[^.;]*?\d+(?:[.,]\d+)?\s*%")


def title_period(title: str, start: int, end: int) -> bool | None:
    """Does the title name the plan's own year (an annual plan) or period (a longer one)?
    None when it names none of that kind ("… năm 2027 thực hiện Kế hoạch giai đoạn 2026 - 2030"
    is a 2027 plan)."""
    folded = fold(title)
    if start == end:
        years = {int(y) for y in _YEAR.findall(folded)}
        return (start in years) if years else None
    spans = {(int(a), int(b)) for a, b in _SPAN.findall(folded)}
    return ((start, end) in spans) if spans else None


def undated_citations(legal_basis: list[str], own_rules: tuple[str, ...]) -> list[str]:
    """The numbers the legal basis cites with neither a year nor a date, as written, except
    those another rule already reports (`own_rules`, canonical: "76/nq-cp")."""
    found = []
    for entry in legal_basis:
        folded = fold(entry)
        if _DATED.search(folded):
            continue
        for citation in cited_documents(_STANDARD_CODE.sub(" ", folded)):
            if citation.date is None and not _WITH_YEAR.search(citation.number) \
                    and citation.number not in own_rules and citation.number not in found:
                found.append(citation.number)
    return [number.upper() for number in found]


def caption_mismatches(captions: list[str], number: str | None, issued: dt.date | None) -> list[str]:
    """The captions ("Kèm theo Kế hoạch số 315/KH-UBND ngày 10/12/2026") whose number or
    date is not the one in the plan's own header."""
    wrong = []
    for caption in captions:
        cited = cited_documents(caption)
        if not cited:
            continue
        first = cited[0]
        if (number and first.number != canonical_number(number)) or (issued and first.date and first.date != issued):
            wrong.append(caption)
    return wrong


def cut_without_base(text: str | None, baseline: int | None) -> bool:
    """A cut ("giảm ít nhất 20% …") with no year or period it is measured against."""
    if not text or baseline is not None:
        return False
    folded = fold(text)
    return bool(_CUT.search(folded)) and "so với" not in folded
