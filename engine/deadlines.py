"""Deadline phrases → a date range or a kind (docs/domain.md §6).

The calendar grammar (quarters, months, years, dates) is Python; which words
mean "recurring", "periodic" or "by reference" is pack vocabulary
(`deadline_kinds`). A phrase that fits neither is `unparsed`, kept as
written: never guessed.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from engine.text import fold

DATE = "date"            # a calendar range: a day, month, quarter, half-year or year(s)
UNPARSED = "unparsed"


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str                      # "date", "unparsed", or a vocabulary kind (recurring, …)
    start: dt.date | None = None
    end: dt.date | None = None

    def spans(self, start: dt.date, end: dt.date) -> bool:
        """Does this date range cover all of start..end (a plan's whole period: no completion point)?"""
        return self.kind == DATE and self.start <= start and self.end >= end


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:năm\s*)?(\d{4})"
_LEAD_WORDS = re.compile(r"^(?:hoàn thành\s+)?(?:trước|trong|đến|cả|chậm nhất|vào|từ)?\s*(?:ngày\s+)?")


def parse_deadline(text: str, plan_year: int, kinds: dict[str, list[str]]) -> Deadline:
    """Parse one deadline cell. `kinds` maps a kind name to its folded lead phrases;
    `plan_year` stands in for "trong năm" / "cả năm" with no year."""
    folded = fold(text)
    kind = _vocabulary_kind(folded, kinds)
    if kind:
        return Deadline(text, kind)
    span = _calendar_span(folded, plan_year)
    if span is None:
        return Deadline(text, UNPARSED)
    return Deadline(text, DATE, span[0], span[1])


def _vocabulary_kind(folded: str, kinds: dict[str, list[str]]) -> str | None:
    best: tuple[int, str] | None = None
    for kind, phrases in kinds.items():
        for phrase in phrases:
            if folded == phrase or folded.startswith(phrase + " "):
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), kind)
    return best[1] if best else None


def _calendar_span(folded: str, plan_year: int) -> tuple[dt.date, dt.date] | None:
    phrase = _LEAD_WORDS.sub("", folded, count=1).strip()
    for pattern, build in _GRAMMAR:
        match = pattern.fullmatch(phrase)
        if match:
            try:
                return build(match, plan_year)
            except ValueError:   # "tháng 13/2022", "31/02/2022": not a date
                return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarters(match, _plan_year):
    numbers = [_ROMAN.get(q) or int(q) for q in re.split(r"\s*(?:,|và|-)\s*", match.group(1))]
    if not numbers or any(n not in (1, 2, 3, 4) for n in numbers):
        raise ValueError("not a quarter")
    year = int(match.group(2))
    return dt.date(year, 3 * min(numbers) - 2, 1), _month_end(year, 3 * max(numbers))


def _months(match, _plan_year):
    numbers = [int(m) for m in re.split(r"\s*(?:,|và|-)\s*", match.group(1))]
    year = int(match.group(2))
    return dt.date(year, min(numbers), 1), _month_end(year, max(numbers))


def _half(match, _plan_year):
    year = int(match.group(2))
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if match.group(1) == "đầu" else \
        (dt.date(year, 7, 1), dt.date(year, 12, 31))


def _day(match, _plan_year):
    day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    return day, day


def _years(match, _plan_year):
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise ValueError("backwards range")
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _plan_year(_match, plan_year):
    return dt.date(plan_year, 1, 1), dt.date(plan_year, 12, 31)


_ROMAN_OR_DIGIT = r"(?:iv|iii|ii|i|[1-4])"
_GRAMMAR = [
    (re.compile(rf"quý\s+({_ROMAN_OR_DIGIT}(?:\s*(?:,|và|-)\s*{_ROMAN_OR_DIGIT})*)\s*(?:/|năm)\s*(\d{{4}})"), _quarters),
    (re.compile(r"tháng\s+(\d{1,2}(?:\s*(?:,|và|-)\s*\d{1,2})*)\s*(?:/|năm)\s*(\d{4})"), _months),
    (re.compile(r"6 tháng (đầu|cuối) năm\s*(\d{4})"), _half),
    (re.compile(r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})"), _day),
    (re.compile(r"(?P<day>\d{1,2}) tháng (?P<month>\d{1,2}) năm (?P<year>\d{4})"), _day),
    # As YAML and JSON Schema write a date.
    (re.compile(r"(?P<year>\d{4})\s*-\s*(?P<month>\d{1,2})\s*-\s*(?P<day>\d{1,2})"), _day),
    (re.compile(rf"(?:giai đoạn\s+)?{_YEAR}(?:\s*-\s*(\d{{4}}))?"), _years),
    (re.compile(r"năm"), _plan_year),
]
