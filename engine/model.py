"""The plan format as pydantic models (PRODUCT.md, "Plan format").

Models say what a well-formed plan file is. Whether a plan is complete is
the rules' business: a plan with no tasks, no targets or no sections still
validates here, and its gaps become findings.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PlanKind = Literal["annual", "five-year", "other"]
PlanLevel = Literal["province", "agency", "commune"]
SectionId = Literal["purpose", "targets", "tasks", "organisation", "budget", "reporting"]
Unit = Literal["percent", "count", "rank"]
Comparator = Literal[">=", ">", "<=", "<"]
Frequency = Literal["monthly", "quarterly", "half-yearly", "yearly", "periodic", "ad-hoc"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _no_blank(value: str | None) -> str | None:
    """Blank text is treated as absent: "" is no owner."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _number_as_text(value: object) -> object:
    """ "1" and 1 both name a task: YAML reads an unquoted 1 as a number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PERIOD_REVERSED = "period 'to' is before 'from'"


class Period(_Strict):
    start: int = Field(alias="from", ge=1990, le=2100)
    end: int = Field(alias="to", ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError(PERIOD_REVERSED)
        return self


class Reporting(_Strict):
    frequency: Frequency
    to: str | None = None


class PlanHeader(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    issuer: str | None = None
    number: str | None = None
    issued: dt.date | None = None
    kind: PlanKind
    period: Period
    level: PlanLevel = "province"
    legal_basis: list[str] = []
    sections: list[SectionId] = []
    reporting: list[Reporting] = []
    budget: str | None = None
    parent: str | None = None

    _blank_is_absent = field_validator("issuer", "number", "budget", "parent")(_no_blank)


class Target(_Strict):
    indicator: str | None = None
    domain: str | None = None
    value: float
    unit: Unit = "percent"
    comparator: Comparator = ">="
    year: int = Field(ge=1990, le=2100)
    baseline: int | None = Field(default=None, ge=1990, le=2100)
    text: str | None = None


class Measure(_Strict):
    id: str | None = None
    domain: str
    text: str = Field(min_length=1)


class Task(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    domain: str | None = None
    section: SectionId | None = None
    owner: str | None = None
    coordinators: list[str] = []
    output: str | None = None
    deadline: str | None = None

    _blank_is_absent = field_validator("owner", "output", "deadline", "domain")(_no_blank)
    _id_is_text = field_validator("id", mode="before")(_number_as_text)


class Waiver(_Strict):
    rule: str
    task: str | None = None
    task_title: str | None = None
    reason: str | None = None
    expires: dt.date | None = None
    approved_by: str | None = None
    basis: str | None = None

    _task_is_text = field_validator("task", mode="before")(_number_as_text)


class Plan(_Strict):
    plan: PlanHeader
    targets: list[Target] = []
    measures: list[Measure] = []
    tasks: list[Task] = []
    waivers: list[Waiver] = []
