"""Plan files → validated `Plan` models, with the source position of every value."""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from engine.errors import InputError, Say
from engine.location import Location, pointer_join
from engine.model import PERIOD_REVERSED, Plan
from engine.yamlsource import Document, Limits, decode, parse, read_bytes


@dataclass(frozen=True)
class LoadedPlan:
    """A plan with where it came from: file, content hash and value positions."""
    path: str
    sha256: str
    plan: Plan
    source: Document


def load_plan(path: Path, limits: Limits = Limits(), display_path: str | None = None) -> LoadedPlan:
    """Read, parse and validate one plan file; any problem is an `InputError`."""
    shown = display_path or str(path)
    raw = read_bytes(path, shown, limits)
    return load_plan_bytes(raw, shown, limits)


def plan_from_data(data: dict, name: str) -> LoadedPlan:
    """A plan given as plain values (a rule's example, a generated plan): no
    source positions, a hash of its canonical JSON form."""
    data = _dates_as_text(data)
    document = Document(path=name, data=data)
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    canonical = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return LoadedPlan(path=name, sha256=hashlib.sha256(canonical).hexdigest(), plan=plan, source=document)


def load_plan_bytes(raw: bytes, shown: str, limits: Limits = Limits()) -> LoadedPlan:
    text = decode(raw, shown)
    document = parse(text, shown, limits, dates_as_text=True)
    if isinstance(document.data, dict) and "units" in document.data and "plan" not in document.data:
        raise InputError(shown, document.where_key("/units"),
                         Say("đây là danh sách đơn vị (units:), không phải kế hoạch",
                             "this is a roster of units (units:), not a plan"),
                         Say("đưa nó cho --expect, hoặc đặt tên roster.yaml để các thư mục bỏ qua nó",
                             "give it to --expect, or name it roster.yaml so that folders skip it"))
    check_task_count(document, limits)
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    return LoadedPlan(path=shown, sha256=hashlib.sha256(raw).hexdigest(), plan=plan, source=document)


def _dates_as_text(value: object) -> object:
    """The value with each date in it as its ISO text, as a plan file is read (engine/yamlsource.py):
    plain values from YAML 1.1 (a rule's example) hold `datetime.date`s where a file holds text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value


def validate(document: Document, model: type[BaseModel]) -> BaseModel:
    """Validate `document.data` against `model`; the first problem (in file order)
    becomes an `InputError` at its line."""
    if document.data is None:
        raise InputError(document.path, Location(line=1, column=1), Say("tệp trống", "the file is empty"),
                         _start_with(model))
    if not isinstance(document.data, dict):
        kind = _KIND_NAMES.get(type(document.data).__name__, Say(type(document.data).__name__,
                                                                  type(document.data).__name__))
        raise InputError(document.path, document.where(""),
                         Say(f"cấp ngoài cùng là {kind.vi}, không phải ánh xạ (khóa: giá trị)",
                             f"the top level is a {kind.en}, not a mapping"),
                         _start_with(model))
    try:
        return model.model_validate(document.data)
    except ValidationError as err:
        # An unknown key is usually a misspelt one, which also shows up as a
        # missing key: report the spelling first, it says what to fix.
        ranked = sorted(((e["type"] != "extra_forbidden", _describe(document, e, model))
                         for e in err.errors(include_url=False)),
                        key=lambda p: (p[0], p[1][0].line or 0, p[1][0].column or 0))
        problems = [described for _rank, described in ranked]
        where, problem, fix = problems[0]
        if len(problems) > 1:
            fix += Say(f" (sau lỗi này còn {len(problems) - 1} lỗi nữa)",
                       f" ({len(problems) - 1} more problem(s) after this one)")
        raise InputError(document.path, where, problem, fix) from None


def _dotted(loc) -> str:
    """('tasks', 1, 'owner') → 'tasks[1].owner'."""
    text = ""
    for token in loc:
        text += f"[{token}]" if isinstance(token, int) else (f".{token}" if text else str(token))
    return text


def _start_with(model: type[BaseModel]) -> Say:
    if model is Plan:
        return Say("bắt đầu tệp bằng các khóa cấp ngoài cùng của kế hoạch (plan:, tasks:, …)",
                   "start it with the top-level keys of a plan (plan:, tasks:, …)")
    return Say(f"bắt đầu tệp bằng các khóa cấp ngoài cùng của {model.__name__}",
               f"start it with the top-level keys of a {model.__name__}")


_KIND_NAMES = {"list": Say("danh sách", "list"), "str": Say("văn bản", "str"), "int": Say("số", "int"),
               "float": Say("số", "float"), "bool": Say("giá trị đúng/sai", "bool"), "date": Say("ngày", "date")}
# The models' own checks (engine/model.py), in Vietnamese.
_OWN_CHECKS_VI = {PERIOD_REVERSED: "năm kết thúc ('to') trước năm bắt đầu ('from')"}
# What pydantic's error types ask for, in Vietnamese; others show pydantic's own (English) words.
_EXPECTED_VI = {
    "string_type": "cần là văn bản", "int_type": "cần là số nguyên", "int_parsing": "cần là số nguyên",
    "int_from_float": "cần là số nguyên", "float_type": "cần là số", "float_parsing": "cần là số",
    "finite_number": "cần là số hữu hạn (không phải .inf hay .nan)",
    "bool_type": "cần là true hoặc false", "bool_parsing": "cần là true hoặc false",
    "date_type": "cần là ngày dạng YYYY-MM-DD", "date_parsing": "cần là ngày có thật, dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "cần là ngày có thật, dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "cần là ngày, không kèm giờ",
    "list_type": "cần là danh sách", "dict_type": "cần là ánh xạ (khóa: giá trị)",
    "model_type": "cần là ánh xạ (khóa: giá trị)", "model_attributes_type": "cần là ánh xạ (khóa: giá trị)",
    "literal_error": "không thuộc các giá trị cho phép", "enum": "không thuộc các giá trị cho phép",
    "greater_than_equal": "nhỏ hơn mức cho phép", "greater_than": "nhỏ hơn mức cho phép",
    "less_than_equal": "lớn hơn mức cho phép", "less_than": "lớn hơn mức cho phép",
    "string_too_short": "quá ngắn", "missing_argument": "thiếu giá trị", "too_short": "quá ít phần tử", "too_long": "quá nhiều phần tử",
}
# A date that cannot be read: pydantic's reason is English and stays out of the Vietnamese; the fix
# shows the form.
_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_WRITE_A_DATE = Say("ghi năm-tháng-ngày, không kèm giờ: ngày 30/6/2027 là 2027-06-30",
                    "write year-month-day, without a time: 30 June 2027 is 2027-06-30")


def _describe(document: Document, error: dict, root: type[BaseModel]) -> tuple[Location, str, str]:
    path = [str(p) for p in error["loc"]]
    pointer = ""
    for token in path:
        pointer = pointer_join(pointer, token)
    dotted = _dotted(error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(error, root)
        guess = difflib.get_close_matches(path[-1], allowed, n=1)
        hint = Say(f"có phải ý bạn là {guess[0]!r}? ", f"did you mean {guess[0]!r}? ") if guess else Say("", "")
        within = _dotted(error["loc"][:-1])
        allowed_list = ", ".join(allowed)
        return (document.where_key(pointer),
                Say(f"khóa lạ {path[-1]!r} trong {within or 'cấp ngoài cùng'}",
                    f"unknown key {path[-1]!r} in {within or 'the top level'}"),
                hint + Say(f"xóa khóa hoặc sửa chính tả (được dùng: {allowed_list or 'xem định dạng'})",
                           f"remove it or correct its spelling (allowed: {allowed_list or 'see the format'})"))
    if kind == "missing":
        parent = pointer.rsplit("/", 1)[0]
        within = _dotted(error["loc"][:-1])
        return (document.where(parent),
                Say(f"thiếu khóa bắt buộc {path[-1]!r} trong {within or 'cấp ngoài cùng'}",
                    f"missing required key {path[-1]!r} in {within or 'the top level'}"),
                Say(f"thêm {path[-1]}:", f"add {path[-1]}:"))
    given = error.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    message = error["msg"]
    expected_vi = _EXPECTED_VI.get(kind)
    if expected_vi and error.get("ctx") and kind not in _DATE_ERRORS:
        expected_vi += f" ({message})"          # the allowed values or the bound, as pydantic words them
    expected_vi = expected_vi or _OWN_CHECKS_VI.get(message.removeprefix("Value error, "))
    problem = Say(f"{dotted} là {shown}: {expected_vi or message}", f"{dotted} is {shown}: {message.lower()}")
    if kind == "literal_error":
        return (document.where(pointer), problem, Say("dùng một trong các giá trị cho phép", "use one of the allowed values"))
    if kind in _DATE_ERRORS:
        return (document.where(pointer), problem, _WRITE_A_DATE)
    return (document.where(pointer), problem, Say("sửa giá trị", "correct the value"))


def _allowed_keys(error: dict, root: type[BaseModel]) -> list[str]:
    # pydantic does not name the model in the error; find it by walking the loc.
    model: type[BaseModel] | None = root
    for token in error["loc"][:-1]:
        if model is None:
            break
        if isinstance(token, int):
            continue
        field = model.model_fields.get(str(token))
        model = _inner_model(field.annotation) if field else None
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def check_unique_task_ids(plan: Plan, document: Document) -> None:
    seen: dict[str, int] = {}
    for index, task in enumerate(plan.tasks):
        if task.id in seen:
            where = document.where(f"/tasks/{index}/id")
            first = document.where(f"/tasks/{seen[task.id]}/id")
            raise InputError(document.path, where,
                             Say(f"mã nhiệm vụ {task.id!r} bị lặp (lần đầu ở dòng {first.line})",
                                 f"duplicate task id {task.id!r} (first at line {first.line})"),
                             Say("đặt cho mỗi nhiệm vụ một mã riêng", "give each task its own id"))
        seen[task.id] = index


def check_task_count(document: Document, limits: Limits) -> None:
    """Refuse, before validating them, more tasks than `limits.max_tasks`."""
    tasks = document.data.get("tasks") if isinstance(document.data, dict) else None
    if isinstance(tasks, list) and len(tasks) > limits.max_tasks:
        raise InputError(document.path, document.where_key("/tasks"),
                         Say(f"{len(tasks):,} nhiệm vụ, vượt giới hạn {limits.max_tasks:,}",
                             f"{len(tasks):,} tasks, over the limit of {limits.max_tasks:,}"),
                         Say("tách kế hoạch, hoặc nâng giới hạn (cchc check --max-tasks N)",
                             "split the plan, or raise the limit (cchc check --max-tasks N)"))
