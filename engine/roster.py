"""`--expect ROSTER`: the units that must issue a plan for the period, and which of them did.

A roster is YAML (`period:` optional, `units:` a list of {name, level, id?}) or CSV (a header
row naming the columns name, level, id, or their Vietnamese names tên, cấp, mã). A unit has a
plan when a checked plan (YAML or draft) of the same level was issued by it: its `issuer` equals
the unit's name, compared as agency names are (NFC, case, punctuation, "UBND" spelled out), or
its plan id is the unit's id or starts with the unit's id and a hyphen ("vinh-long" covers
"vinh-long-2027"). When the roster gives a period, only a plan for exactly that period counts: a
commune's five-year plan is not its annual plan.

Each unit becomes a fact that the `roster` pack's rules judge in durable_rules like any other;
the findings point at the unit's line of the roster file.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import InputError, Say
from engine.evaluate import CompiledRules
from engine.facts import compact
from engine.findings import Finding, finding_at
from engine.load import validate
from engine.location import Location
from engine.model import Period
from engine.report import PlanResult
from engine.text import agency_key, fold
from engine.yamlsource import Document, Limits, decode, parse, read_bytes

ROSTER_SUFFIXES = (".yaml", ".yml", ".csv")
_COLUMNS = {"name": "name", "tên": "name", "tên đơn vị": "name", "level": "level", "cấp": "level",
            "id": "id", "mã": "id"}
_LEVELS = {"province": "province", "tỉnh": "province", "agency": "agency", "sở": "agency",
           "cơ quan": "agency", "commune": "commune", "xã": "commune"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Unit(_Strict):
    name: str = Field(min_length=1)
    level: Literal["province", "agency", "commune"]
    id: str | None = None


class Roster(_Strict):
    period: Period | None = None
    units: list[Unit] = Field(min_length=1)


@dataclasses.dataclass(frozen=True)
class LoadedRoster:
    path: str
    sha256: str
    roster: Roster
    source: Document


def read_roster(path: Path, shown: str, limits: Limits = Limits()) -> LoadedRoster:
    """The roster file, validated; any problem is an `InputError` at its line."""
    if path.suffix.lower() not in ROSTER_SUFFIXES:
        raise InputError(shown, None, Say(f"danh sách đơn vị phải là YAML hoặc CSV, không phải "
                                          f"{path.suffix or 'tệp không có phần mở rộng'}",
                                          f"a roster must be YAML or CSV, not {path.suffix or 'a file without suffix'}"),
                         Say("đưa danh sách .yaml hoặc .csv", "give a .yaml or .csv roster"))
    raw = read_bytes(path, shown, limits)
    text = decode(raw, shown)
    document = (_csv_document(text, shown) if path.suffix.lower() == ".csv"
                else parse(text, shown, limits, dates_as_text=True))
    roster = validate(document, Roster)
    _check_unique(roster, document)
    return LoadedRoster(shown, hashlib.sha256(raw).hexdigest(), roster, document)


def _csv_document(text: str, shown: str) -> Document:
    """CSV rows as the YAML form's values, each row's line kept for the findings."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise InputError(shown, Location(line=1, column=1), Say("danh sách không có dòng tiêu đề cột",
                                                                "the roster has no header row"),
                         Say("bắt đầu bằng các cột: tên,cấp,mã (hoặc name,level,id)",
                             "start it with the columns: name,level,id (or tên,cấp,mã)"))
    columns = []
    for number, cell in enumerate(header, 1):
        key = _COLUMNS.get(fold(cell))
        if key is None:
            raise InputError(shown, Location(line=1, column=number),
                             Say(f"cột lạ {cell.strip()!r}", f"unknown column {cell.strip()!r}"),
                             Say("dùng các cột tên, cấp và mã (hoặc name, level, id)",
                                 "use the columns name, level and id (or tên, cấp, mã)"))
        columns.append(key)
    units, positions = [], {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) > len(columns):
            raise InputError(shown, Location(line=line, column=1),
                             Say(f"{len(row)} ô dưới {len(columns)} cột", f"{len(row)} cells under {len(columns)} columns"),
                             Say("đặt trong dấu nháy tên có dấu phẩy", "quote names that contain a comma"))
        unit = {key: cell.strip() for key, cell in zip(columns, row) if cell.strip()}
        if "level" in unit:
            unit["level"] = _LEVELS.get(fold(unit["level"]), unit["level"])
        pointer = f"/units/{len(units)}"
        positions[pointer] = Location(line=line, column=1)
        for column, key in enumerate(columns, 1):
            positions[f"{pointer}/{key}"] = Location(line=line, column=column)
        units.append(unit)
    return Document(shown, {"units": units}, positions)


def _check_unique(roster: Roster, document: Document) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, unit in enumerate(roster.units):
        key = (agency_key(unit.name), unit.level)
        if key in seen:
            first = document.where(f"/units/{seen[key]}")
            raise InputError(document.path, document.where(f"/units/{index}"),
                             Say(f"{unit.name!r} được liệt kê hai lần (lần đầu ở dòng {first.line})",
                                 f"{unit.name!r} is listed twice (first at line {first.line})"),
                             Say("mỗi đơn vị chỉ liệt kê một lần", "list each unit once"))
        seen[key] = index


def _covers(plan: PlanResult, unit: Unit) -> bool:
    stats = plan.stats
    if stats.level != unit.level:
        return False
    if stats.issuer and agency_key(stats.issuer) == agency_key(unit.name):
        return True
    return bool(unit.id) and (plan.plan_id == unit.id or plan.plan_id.startswith(unit.id + "-"))


def unit_facts(loaded: LoadedRoster, plans: list[PlanResult]) -> list[dict]:
    """One fact per unit: whether a checked plan covers it, and for which periods it has others."""
    period = loaded.roster.period
    facts = []
    for index, unit in enumerate(loaded.roster.units):
        mine = [plan for plan in plans if plan.stats is not None and _covers(plan, unit)]
        fitting = [plan for plan in mine if period is None
                   or (plan.stats.period_from, plan.stats.period_to) == (period.start, period.end)]
        others = [f"{plan.path} ({_period_text(plan.stats.period_from, plan.stats.period_to)})"
                  for plan in mine if plan not in fitting]
        facts.append(compact({
            "kind": "unit", "id": f"unit:{index}", "pointer": f"/units/{index}",
            "name": unit.name, "unit_id": unit.id, "plan_level": unit.level,
            "has_plan": bool(fitting), "n_plans": len(fitting), "plans": ", ".join(p.path for p in fitting),
            "other_plans": ", ".join(others) or None,
            # Phrases for the messages: the period and the plans of other periods, when known.
            "period_vi": f" {_period_vi(period.start, period.end)}" if period else None,
            "period_en": f" for {_period_text(period.start, period.end)}" if period else None,
            "other_vi": f" (có kế hoạch của kỳ khác: {', '.join(others)})" if others else None,
            "other_en": f" (it has plans for other periods: {', '.join(others)})" if others else None,
            "period_from": period.start if period else None, "period_to": period.end if period else None,
        }))
    return facts


def _period_vi(start: int, end: int) -> str:
    return f"năm {start}" if start == end else f"giai đoạn {start} - {end}"


def _period_text(start: int, end: int) -> str:
    return str(start) if start == end else f"{start} - {end}"


def roster_result(loaded: LoadedRoster, plans: list[PlanResult], compiled: CompiledRules, lang: str) -> PlanResult:
    """The roster's own findings (units without a plan), as one more result of the run."""
    findings: list[Finding] = []
    compiled.run(unit_facts(loaded, plans),
                 lambda rule, fact: findings.append(finding_at(rule, fact, loaded.path, loaded.source, "roster", lang)))
    return PlanResult(loaded.path, "roster", loaded.sha256, sorted(findings, key=Finding.sort_key), role="roster")
