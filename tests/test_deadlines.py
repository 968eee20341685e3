"""Every deadline phrase of S001's appendix (docs/domain.md §6), parsed as the table says."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from engine.deadlines import DATE, UNPARSED, parse_deadline
from engine.rules import load_ruleset

D = dt.date


@pytest.fixture(scope="module")
def kinds():
    return load_ruleset(["par"]).vocabulary.deadline_kinds


S001_PHRASES = [
    ("Năm 2022", DATE, D(2022, 1, 1), D(2022, 12, 31)),
    ("Theo định kỳ", "periodic", None, None),
    ("Thường xuyên", "recurring", None, None),
    ("Quý IV năm 2021", DATE, D(2021, 10, 1), D(2021, 12, 31)),
    ("Quý I năm 2022", DATE, D(2022, 1, 1), D(2022, 3, 31)),
    ("Quý II năm 2022", DATE, D(2022, 4, 1), D(2022, 6, 30)),
    ("Quý II, III năm 2022", DATE, D(2022, 4, 1), D(2022, 9, 30)),
    ("Tháng 01/2022", DATE, D(2022, 1, 1), D(2022, 1, 31)),
    ("Theo Kế hoạch kiểm tra CCHC của tỉnh", "reference", None, None),
    ("Thường xuyên trong năm", "recurring", None, None),
    ("Trong năm 2022", DATE, D(2022, 1, 1), D(2022, 12, 31)),
    ("năm 2022", DATE, D(2022, 1, 1), D(2022, 12, 31)),
    ("Định kỳ", "periodic", None, None),
    ("Định kỳ theo báo cáo CCHC", "periodic", None, None),
]


@pytest.mark.parametrize("text, kind, start, end", S001_PHRASES)
def test_s001_phrases(kinds, text, kind, start, end):
    parsed = parse_deadline(text, 2022, kinds)
    assert (parsed.kind, parsed.start, parsed.end, parsed.text) == (kind, start, end, text)


@pytest.mark.parametrize("text, start, end", [
    ("Tháng 6/2022", D(2022, 6, 1), D(2022, 6, 30)),
    ("Cả năm", D(2022, 1, 1), D(2022, 12, 31)),
    ("Trong năm", D(2022, 1, 1), D(2022, 12, 31)),
    ("Trước ngày 31/3/2022", D(2022, 3, 31), D(2022, 3, 31)),
    ("30 tháng 6 năm 2022", D(2022, 6, 30), D(2022, 6, 30)),
    ("6 tháng đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30)),
    ("Giai đoạn 2026 - 2030", D(2026, 1, 1), D(2030, 12, 31)),
    ("Quý 3/2022", D(2022, 7, 1), D(2022, 9, 30)),
    ("2022-06-30", D(2022, 6, 30), D(2022, 6, 30)),          # a date as YAML writes one (deadline: 2022-06-30)
    ("Trước ngày 2022-6-3", D(2022, 6, 3), D(2022, 6, 3)),
])
def test_other_calendar_forms(kinds, text, start, end):
    parsed = parse_deadline(text, 2022, kinds)
    assert (parsed.kind, parsed.start, parsed.end) == (DATE, start, end)


@pytest.mark.parametrize("text", ["Sớm nhất có thể", "tháng 13/2022", "31/02/2022", "2022-02-30", "Quý V năm 2022", "ASAP"])
def test_unknown_phrases_are_kept_unparsed(kinds, text):
    parsed = parse_deadline(text, 2022, kinds)
    assert (parsed.kind, parsed.start, parsed.text) == (UNPARSED, None, text)


@given(st.text(max_size=60), st.integers(1990, 2100))
def test_parser_never_raises(text, year):
    parsed = parse_deadline(text, year, {"recurring": ["thường xuyên"]})
    assert parsed.kind in (DATE, UNPARSED, "recurring")
    assert (parsed.start is None) == (parsed.kind != DATE)
