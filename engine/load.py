"""Plan files → validated `Plan` models, with the source position of every value."""
from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from engine.errors import InputError
from engine.location import Location, pointer_join
from engine.model import Plan
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
    document = Document(path=name, data=data)
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    canonical = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return LoadedPlan(path=name, sha256=hashlib.sha256(canonical).hexdigest(), plan=plan, source=document)


def load_plan_bytes(raw: bytes, shown: str, limits: Limits = Limits()) -> LoadedPlan:
    text = decode(raw, shown)
    document = parse(text, shown, limits)
    if isinstance(document.data, dict) and "units" in document.data and "plan" not in document.data:
        raise InputError(shown, document.where_key("/units"), "this is a roster of units (units:), not a plan",
                         "give it to --expect, or name it roster.yaml so that folders skip it")
    check_task_count(document, limits)
    plan = validate(document, Plan)
    check_unique_task_ids(plan, document)
    return LoadedPlan(path=shown, sha256=hashlib.sha256(raw).hexdigest(), plan=plan, source=document)


def validate(document: Document, model: type[BaseModel]) -> BaseModel:
    """Validate `document.data` against `model`; the first problem (in file order)
    becomes an `InputError` at its line."""
    if document.data is None:
        raise InputError(document.path, Location(line=1, column=1), "the file is empty",
                         f"start it with the top-level keys of a {_what(model)}")
    if not isinstance(document.data, dict):
        raise InputError(document.path, document.where(""),
                         f"the top level is a {type(document.data).__name__}, not a mapping",
                         f"start it with the top-level keys of a {_what(model)}")
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
            fix += f" ({len(problems) - 1} more problem(s) after this one)"
        raise InputError(document.path, where, problem, fix) from None


def _dotted(loc) -> str:
    """('tasks', 1, 'owner') → 'tasks[1].owner'."""
    text = ""
    for token in loc:
        text += f"[{token}]" if isinstance(token, int) else (f".{token}" if text else str(token))
    return text


def _what(model: type[BaseModel]) -> str:
    return "plan (plan:, tasks:, …)" if model is Plan else model.__name__


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
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        return (document.where_key(pointer), f"unknown key {path[-1]!r} in {_dotted(error['loc'][:-1]) or 'the top level'}",
                f"{hint}remove it or correct its spelling (allowed: {', '.join(allowed) or 'see the format'})")
    if kind == "missing":
        parent = pointer.rsplit("/", 1)[0]
        return (document.where(parent), f"missing required key {path[-1]!r} in {_dotted(error['loc'][:-1]) or 'the top level'}",
                f"add {path[-1]}:")
    given = error.get("input")
    shown = repr(given) if not isinstance(given, (dict, list)) else type(given).__name__
    message = error["msg"]
    if kind == "literal_error":
        return (document.where(pointer), f"{dotted} is {shown}: {message.lower()}", "use one of the allowed values")
    return (document.where(pointer), f"{dotted} is {shown}: {message.lower()}", "correct the value")


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
            raise InputError(document.path, where, f"duplicate task id {task.id!r} (first at line {first.line})",
                             "give each task its own id")
        seen[task.id] = index


def check_task_count(document: Document, limits: Limits) -> None:
    """Refuse, before validating them, more tasks than `limits.max_tasks`."""
    tasks = document.data.get("tasks") if isinstance(document.data, dict) else None
    if isinstance(tasks, list) and len(tasks) > limits.max_tasks:
        raise InputError(document.path, document.where_key("/tasks"),
                         f"{len(tasks):,} tasks, over the limit of {limits.max_tasks:,}",
                         "split the plan, or raise the limit (cchc check --max-tasks N)")
