"""The plan format as pydantic models (PRODUCT.md, "Plan format").

Models say what a well-formed plan file is. Whether a plan is complete is
the rules' business: a plan with no tasks, no targets or no sections still
validates here, and its gaps become findings.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError


def _says(vi: str, en: str) -> str:
    """A field's description for editors and `cchc schema`: Vietnamese first, then English."""
    return f"{vi} / {en}"

PlanKind = Literal["annual", "five-year", "other"]
PlanLevel = Literal["province", "agency", "commune"]
# The section ids (PRODUCT.md). Another value loads and is a finding (PAR-SECTION-UNKNOWN), as an
# unknown domain or indicator is: a plan is checked, not refused, for what it calls its parts.
SECTION_IDS = ("purpose", "targets", "tasks", "organisation", "budget", "reporting")
# Parts of a document a plan file may say it does not hold (engine/transcription.py).
DocumentPart = Literal["legal_basis", "issued", "purpose", "targets", "measures", "tasks", "organisation",
                       "budget", "reporting"]
Unit = Literal["percent", "count", "rank"]
Comparator = Literal[">=", ">", "<=", "<"]
Frequency = Literal["monthly", "quarterly", "half-yearly", "yearly", "periodic", "ad-hoc"]
ReviewKind = Literal["comment", "change"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


def _no_blank(value: str | None) -> str | None:
    """Blank text is treated as absent: "" is no owner."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _number_as_text(value: object) -> object:
    """ "1" and 1 both name a task: YAML reads an unquoted 1 as a number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_as_a_date(value: object) -> object:
    """A date is written YYYY-MM-DD (a timestamp at midnight is its date), as the schema's
    `format: date` says; a plan file gives it as text (engine/yamlsource.py). pydantic alone would
    read a number, or text of digits, as seconds since 1970: `issued: 2027` would be refused as
    "a date with a time", 1782777600 taken as 30/6/2026."""
    if value is None or isinstance(value, dt.date) or isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written as year-month-day, e.g. 2027-06-30")


PERIOD_REVERSED = "period 'to' is before 'from'"


class Period(_Strict):
    start: int = Field(alias="from", ge=1990, le=2100, description=_says("Năm bắt đầu", "First year"))
    end: int = Field(alias="to", ge=1990, le=2100, description=_says("Năm kết thúc", "Last year"))

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError(PERIOD_REVERSED)
        return self


class Reporting(_Strict):
    frequency: Frequency = Field(description=_says(
        "Tần suất báo cáo: monthly, quarterly, half-yearly, yearly, periodic (định kỳ), ad-hoc (đột xuất)",
        "How often reports are due"))
    to: str | None = Field(None, description=_says("Cơ quan nhận báo cáo, ví dụ Sở Nội vụ",
                                                   "The body reports go to, e.g. Sở Nội vụ"))


class ReviewMark(_Strict):
    """What the draft's own review trail still holds at one place: an open comment, or tracked
    changes not yet accepted (written by the importer of a Word draft)."""
    kind: ReviewKind = Field(description=_says("comment (ý kiến trong lề) hoặc change (thay đổi được theo dõi)",
                                               "comment (a margin comment) or change (tracked changes)"))
    author: str | None = Field(None, description=_says("Người viết", "Who wrote it"))
    text: str | None = Field(None, description=_says("Nội dung ý kiến", "The comment's text"))
    inserted: str | None = Field(None, description=_says("Phần chèn chưa chấp nhận", "Text inserted, not accepted"))
    deleted: str | None = Field(None, description=_says("Phần xóa chưa chấp nhận", "Text deleted, not accepted"))


class PlanHeader(_Strict):
    id: str = Field(min_length=1, description=_says("Mã kế hoạch, ví dụ vinh-long-2022",
                                                    "The plan's id, e.g. vinh-long-2022"))
    title: str = Field(min_length=1, description=_says("Tiêu đề kế hoạch", "The plan's title"))
    issuer: str | None = Field(None, description=_says("Cơ quan ban hành, ví dụ UBND tỉnh Vĩnh Long",
                                                       "The issuing body, e.g. UBND tỉnh Vĩnh Long"))
    number: str | None = Field(None, description=_says("Số văn bản, ví dụ 3484/QĐ-UBND",
                                                       "The document number, e.g. 3484/QĐ-UBND"))
    issued: dt.date | None = Field(None, description=_says("Ngày ký (YYYY-MM-DD); bỏ trống với dự thảo",
                                                           "Date signed (YYYY-MM-DD); absent for a draft"))
    kind: PlanKind = Field(description=_says("Loại: annual (năm), five-year (5 năm), other (khác)",
                                             "Kind: annual, five-year or other"))
    period: Period = Field(description=_says("Kỳ kế hoạch: {from: năm, to: năm}", "The years the plan covers"))
    level: PlanLevel = Field("province", description=_says("Cấp: province (tỉnh), agency (sở, ngành), "
                                                           "commune (xã, phường)",
                                                           "Level: province, agency or commune"))
    legal_basis: list[str] = Field([], description=_says("Căn cứ pháp lý, mỗi văn bản một dòng, như được trích dẫn",
                                                         "Legal basis, one document an entry, as cited"))
    sections: list[str] = Field([], description=_says("Các phần của kế hoạch (mã: purpose, targets, tasks, "
                                                      "organisation, budget, reporting)",
                                                      "The plan's sections (ids: purpose, targets, tasks, "
                                                      "organisation, budget, reporting)"))
    organisation: list[str] = Field([], description=_says(
        "Các cơ quan, đơn vị được giao nhiệm vụ ở phần Tổ chức thực hiện, như văn bản viết (\"Sở Nội vụ\")",
        "The units the implementation section gives duties to, as written"))
    reporting: list[Reporting] = Field([], description=_says("Chế độ thông tin, báo cáo", "Reporting duties"))
    budget: str | None = Field(None, description=_says("Kinh phí thực hiện", "Budget"))
    captions: list[str] = Field([], description=_says(
        "Các dòng ghi số, ngày của chính kế hoạch ở chỗ khác: chú thích phụ lục, quyết định ban hành "
        "(\"Kèm theo Kế hoạch số 315/KH-UBND ngày 10/12/2026\"), như văn bản viết",
        "Where other parts give the plan's own number and date: appendix captions, the issuing decision, "
        "as written"))
    not_transcribed: list[DocumentPart] = Field([], description=_says(
        "Các phần của văn bản chưa chép vào tệp (tệp chép từ bản tin, bản tóm tắt hay một trích đoạn): "
        "legal_basis, issued, purpose, targets, measures, tasks, organisation, budget, reporting; "
        "các quy tắc xét phần đó không áp dụng",
        "Parts of the document this file does not hold (typed from a news item, a summary or an excerpt): "
        "the rules that judge them are not applied"))
    review: list[ReviewMark] = Field([], description=_says(
        "Ý kiến và thay đổi được theo dõi còn mở trong dự thảo Word, mỗi chỗ một mục (công cụ nhập ghi)",
        "Open comments and tracked changes of the Word draft, one entry a place (written by the importer)"))
    parent: str | None = Field(None, description=_says("Kế hoạch cấp trên mà kế hoạch này thực hiện: mã kế hoạch "
                                                       "hoặc số văn bản, ví dụ 315/KH-UBND",
                                                       "The plan this one implements: its id or its document "
                                                       "number, e.g. 315/KH-UBND"))

    _blank_is_absent = field_validator("issuer", "number", "budget", "parent")(_no_blank)
    _issued_is_a_date = field_validator("issued", mode="before")(_written_as_a_date)


class Target(_Strict):
    indicator: str | None = Field(None, description=_says("Mã chỉ tiêu trong danh mục, nếu khớp",
                                                          "The catalogue indicator id, if one matches"))
    domain: str | None = Field(None, description=_says("Lĩnh vực cải cách (mã hoặc tiêu đề tiếng Việt)",
                                                       "Reform domain (id or Vietnamese heading)"))
    value: float = Field(description=_says("Giá trị chỉ tiêu", "The target's value"))
    unit: Unit = Field("percent", description=_says("Đơn vị: percent, count, rank", "Unit: percent, count or rank"))
    comparator: Comparator = Field(">=", description=_says("So sánh: >= (tối thiểu), > (trên), <= (tốp, nhóm)",
                                                           "Comparator: >=, >, <= or <"))
    year: int = Field(ge=1990, le=2100, description=_says("Năm phải đạt", "The year it is due"))
    baseline: int | None = Field(default=None, ge=1990, le=2100, description=_says(
        "Năm gốc của mức giảm (\"so với năm 2021\")", "The base year of a cut (\"so với năm 2021\")"))
    text: str | None = Field(None, description=_says("Câu chỉ tiêu như trong văn bản", "The target as written"))


class Measure(_Strict):
    id: str | None = Field(None, description=_says("Số mục, ví dụ II.2.a", "The item's number, e.g. II.2.a"))
    domain: str = Field(description=_says("Lĩnh vực cải cách (mã hoặc tiêu đề tiếng Việt)",
                                          "Reform domain (id or Vietnamese heading)"))
    text: str = Field(min_length=1, description=_says("Nội dung nhiệm vụ, giải pháp", "The measure as written"))


class Task(_Strict):
    id: str = Field(min_length=1, description=_says("Số thứ tự nhiệm vụ, ví dụ III.1", "The task's number, e.g. III.1"))
    title: str = Field(min_length=1, description=_says("Nội dung nhiệm vụ", "What is to be done"))
    domain: str | None = Field(None, description=_says("Lĩnh vực cải cách (mã hoặc tiêu đề tiếng Việt)",
                                                       "Reform domain (id or Vietnamese heading)"))
    section: str | None = Field(None, description=_says("Phần của kế hoạch chứa nhiệm vụ",
                                                              "The section holding the task"))
    owner: str | None = Field(None, description=_says("Cơ quan chủ trì", "The lead body"))
    coordinators: list[str] = Field([], description=_says("Cơ quan phối hợp", "Coordinating bodies"))
    output: str | None = Field(None, description=_says("Sản phẩm", "The product"))
    deadline: str | None = Field(None, description=_says("Thời hạn hoàn thành, như được viết",
                                                         "The deadline, as written"))

    _blank_is_absent = field_validator("owner", "output", "deadline", "domain")(_no_blank)
    _id_is_text = field_validator("id", mode="before")(_number_as_text)


class Waiver(_Strict):
    rule: str = Field(description=_says("Mã quy tắc được miễn trừ", "The id of the rule waived"))
    task: str | None = Field(None, description=_says("Số nhiệm vụ; bỏ trống: cả kế hoạch",
                                                     "The task's number; absent: the whole plan"))
    task_title: str | None = Field(None, description=_says("Nội dung nhiệm vụ, để miễn trừ bám đúng nhiệm vụ",
                                                           "The task's title, pinning the waiver to it"))
    reason: str | None = Field(None, description=_says("Lý do miễn trừ", "Why it is waived"))
    expires: dt.date | None = Field(None, description=_says("Ngày hết hạn (YYYY-MM-DD)", "Expiry date (YYYY-MM-DD)"))
    approved_by: str | None = Field(None, description=_says("Người phê duyệt", "Who approved it"))
    basis: str | None = Field(None, description=_says("Văn bản làm căn cứ", "The document it rests on"))

    _task_is_text = field_validator("task", mode="before")(_number_as_text)
    _expires_is_a_date = field_validator("expires", mode="before")(_written_as_a_date)


class Plan(_Strict):
    plan: PlanHeader = Field(description=_says("Thông tin chung của kế hoạch", "The plan's header"))
    targets: list[Target] = Field([], description=_says("Mục tiêu, chỉ tiêu", "Targets"))
    measures: list[Measure] = Field([], description=_says("Nhiệm vụ, giải pháp theo lĩnh vực (văn xuôi)",
                                                          "Measures per domain, as prose"))
    tasks: list[Task] = Field([], description=_says("Nhiệm vụ được giao (phụ lục)", "Assigned tasks (the appendix)"))
    waivers: list[Waiver] = Field([], description=_says("Miễn trừ phát hiện, có lý do và hạn",
                                                        "Waived findings, with reason and expiry"))
