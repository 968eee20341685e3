import datetime as dt

from engine.citations import cited_documents, match_document

NAMES = ["chương trình tổng thể cchc nhà nước giai đoạn 2021 - 2030"]


def test_numbers_and_dates_in_every_written_form():
    assert [(c.number, c.date) for c in cited_documents("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")] \
        == [("76/nq-cp", dt.date(2021, 7, 15))]
    assert cited_documents("Nghị quyết 76/NQ-CP ngày 15 tháng 7 năm 2021")[0].date == dt.date(2021, 7, 15)
    assert cited_documents("Nghị định số 45/2025/NĐ-CP ngày 28/02/2025")[0].number == "45/2025/nđ-cp"
    assert cited_documents("Nghị quyết số 60-NQ/TU, ngày 15/12/2021")[0].date == dt.date(2021, 12, 15)
    assert cited_documents("theo Nghị quyết số 76/NQ-CP")[0].date is None


def test_number_and_date_together_identify_the_programme():
    def match(*basis):
        return match_document(list(basis), "76/NQ-CP", dt.date(2021, 7, 15), NAMES)
    assert match("Nghị quyết số 76/NQ-CP ngày 15/07/2021").cited
    named = match("Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030")
    assert (named.cited, named.named) == (False, True)
    other = match("Nghị quyết số 76/NQ-CP ngày 13/6/2013")
    assert (other.cited, other.other_date) == (False, True)
    bare = match("Nghị quyết số 76/NQ-CP")
    assert (bare.cited, bare.undated) == (False, True)
    assert not match("Nghị quyết số 176/NQ-CP ngày 15/7/2021").cited
