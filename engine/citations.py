"""Legal-basis citations: document numbers and dates, matched against the
documents a pack names (docs/domain.md §2: number *and* date, or the programme's name)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from engine.text import fold

# "76/NQ-CP", "30c/NQ-CP", "45/2025/NĐ-CP", "282/QĐ-TTg", "60-NQ/TU"
_NUMBER = re.compile(r"(?<![\w/])(\d+[a-z]?)\s*(?:/\s*(\d{4}))?\s*[/-]\s*([a-zđ]+(?:\s*[-/]\s*[a-zđ0-9]+)*)")
_DATE_AFTER = re.compile(
    r"[\s,]*(?:ngày|ngay)\s+(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))")


@dataclass(frozen=True)
class Citation:
    number: str                 # canonical: "76/nq-cp"
    date: dt.date | None


def canonical_number(number: str) -> str:
    """ "76/NQ-CP", "76 / NQ - CP" and "76/nq-cp" are one number."""
    return re.sub(r"\s+", "", fold(number))


def cited_documents(text: str) -> list[Citation]:
    """Every document number in `text`, with the date that follows it, if any."""
    folded = fold(text)
    found = []
    for match in _NUMBER.finditer(folded):
        number = canonical_number(match.group(0))
        date = None
        after = _DATE_AFTER.match(folded, match.end())
        if after:
            parts = after.groups()
            day, month, year = (parts[0], parts[1], parts[2]) if parts[0] else (parts[3], parts[4], parts[5])
            try:
                date = dt.date(int(year), int(month), int(day))
            except ValueError:
                date = None
        found.append(Citation(number, date))
    return found


@dataclass(frozen=True)
class CitationMatch:
    """How a plan's legal basis cites one document."""
    cited: bool          # by its number with its date
    named: bool          # by its name (e.g. the programme's), number or not
    undated: bool        # the number appears without any date
    other_date: bool     # the number appears with a date that is not the document's


def match_document(basis: list[str], number: str, date: dt.date | None, names: list[str]) -> CitationMatch:
    want = canonical_number(number)
    cited = named = undated = other_date = False
    for entry in basis:
        folded = fold(entry)
        if any(name in folded for name in names):
            named = True
        for citation in cited_documents(entry):
            if citation.number != want:
                continue
            if citation.date is None:
                undated = True
            elif date is None or citation.date == date:
                cited = True
            else:
                other_date = True
    return CitationMatch(cited, named, undated, other_date)
