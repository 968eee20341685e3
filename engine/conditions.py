"""The rule condition language: parsed once, then either compiled to a
durable_rules condition or interpreted in plain Python.

Both back ends read the same tree, so the differential test can check the
engine against the interpreter. Semantics (the same in both):
- a comparison is false when its field (or the other field) is absent;
- `missing: true` is true when the field is absent (facts never hold None or "");
- `in` / `not_in` compare with each listed value; `not_in` needs the field present;
- `matches: VOCAB` is true when the field's text is in the pack vocabulary VOCAB
  (computed in Python as the fact `FIELD__VOCAB` before assertion).
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.errors import Say

OPERATORS = {"eq": None, "ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_PY = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
}


class ConditionError(ValueError):
    """A condition that cannot be understood; `pointer` says where in the rule."""

    def __init__(self, pointer: str, message: Say):
        self.pointer = pointer
        self.message = message
        super().__init__(message("en"))


@dataclass(frozen=True)
class FieldRef:
    field: str


@dataclass(frozen=True)
class Compare:
    field: str
    op: str                      # a key of OPERATORS ("eq" is implicit in durable)
    value: object                # a constant or a FieldRef


@dataclass(frozen=True)
class Missing:
    field: str
    missing: bool


@dataclass(frozen=True)
class OneOf:
    field: str
    values: tuple
    negated: bool


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Any_:
    items: tuple


Condition = Compare | Missing | OneOf | All | Any_


_OPERATOR_LIST = "(eq, ne, lt, le, gt, ge, in, not_in, missing, matches, not_matches)"


def vocabulary_flag(field: str, vocabulary: str) -> str:
    """The name of the fact field saying whether `field` is in `vocabulary`."""
    return f"{field}__{vocabulary.replace('-', '_')}"


def parse(spec: object, pointer: str = "") -> Condition:
    """Read a condition from its YAML form."""
    if not isinstance(spec, dict):
        raise ConditionError(pointer, Say("điều kiện là một ánh xạ (all:, any:, hoặc field: với một toán tử)",
                                          "a condition is a mapping (all:, any:, or field: with an operator)"))
    if set(spec) == {"all"} or set(spec) == {"any"}:
        key = next(iter(spec))
        items = spec[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{pointer}/{key}", Say(f"'{key}' cần một danh sách điều kiện không rỗng",
                                                         f"'{key}' takes a non-empty list of conditions"))
        parsed = tuple(parse(item, f"{pointer}/{key}/{i}") for i, item in enumerate(items))
        return All(parsed) if key == "all" else Any_(parsed)
    if "field" not in spec:
        raise ConditionError(pointer, Say("điều kiện cần có 'field:' (hoặc là all:/any:)",
                                          "a condition needs 'field:' (or is all:/any:)"))
    field = spec["field"]
    ops = [k for k in spec if k != "field"]
    if not isinstance(field, str) or len(ops) != 1:
        raise ConditionError(pointer, Say("ghi 'field:' và đúng một toán tử " + _OPERATOR_LIST,
                                          "give 'field:' and exactly one operator " + _OPERATOR_LIST))
    op, value = ops[0], spec[ops[0]]
    if op in OPERATORS:
        if isinstance(value, dict):
            if set(value) != {"field"} or not isinstance(value["field"], str):
                raise ConditionError(f"{pointer}/{op}", Say("so sánh với một hằng hoặc với {field: TÊN}",
                                                            "compare with a constant or with {field: NAME}"))
            value = FieldRef(value["field"])
        elif value is None or isinstance(value, list):
            raise ConditionError(f"{pointer}/{op}", Say(f"'{op}' cần một giá trị", f"'{op}' takes one value"))
        return Compare(field, op, value)
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{pointer}/{op}", Say(f"'{op}' cần một danh sách không rỗng",
                                                        f"'{op}' takes a non-empty list"))
        return OneOf(field, tuple(value), op == "not_in")
    if op == "missing":
        if not isinstance(value, bool):
            raise ConditionError(f"{pointer}/{op}", Say("'missing' nhận true hoặc false", "'missing' takes true or false"))
        return Missing(field, value)
    if op in ("matches", "not_matches"):
        if not isinstance(value, str):
            raise ConditionError(f"{pointer}/{op}", Say(f"'{op}' nhận tên một bộ từ vựng",
                                                        f"'{op}' takes the name of a vocabulary"))
        return Compare(vocabulary_flag(field, value), "eq", op == "matches")
    # Rule packs are data: only these operators exist, and nothing in a condition is evaluated as code.
    raise ConditionError(f"{pointer}/{op}", Say(f"toán tử lạ '{op}'", f"unknown operator '{op}'"))


def fields(condition: Condition) -> set[str]:
    """Every fact field a condition reads."""
    if isinstance(condition, (All, Any_)):
        return set().union(*(fields(c) for c in condition.items))
    found = {condition.field}
    if isinstance(condition, Compare) and isinstance(condition.value, FieldRef):
        found.add(condition.value.field)
    return found


def holds(condition: Condition, fact: dict) -> bool:
    """The plain-Python interpreter of a condition."""
    if isinstance(condition, All):
        return all(holds(c, fact) for c in condition.items)
    if isinstance(condition, Any_):
        return any(holds(c, fact) for c in condition.items)
    if isinstance(condition, Missing):
        return (condition.field not in fact) == condition.missing
    if condition.field not in fact:
        return False
    value = fact[condition.field]
    if isinstance(condition, OneOf):
        return (value in condition.values) != condition.negated
    other = condition.value
    if isinstance(other, FieldRef):
        if other.field not in fact:
            return False
        other = fact[other.field]
    return _PY[condition.op](value, other)


def to_python(condition: Condition):
    """`holds` compiled once into a closure: the fast plain-Python evaluator."""
    if isinstance(condition, (All, Any_)):
        parts = tuple(to_python(c) for c in condition.items)
        if isinstance(condition, All):
            return lambda fact: all(part(fact) for part in parts)
        return lambda fact: any(part(fact) for part in parts)
    field = condition.field
    if isinstance(condition, Missing):
        missing = condition.missing
        return lambda fact: (field not in fact) == missing
    if isinstance(condition, OneOf):
        values, negated = condition.values, condition.negated
        return lambda fact: field in fact and (fact[field] in values) != negated
    test = _PY[condition.op]
    if isinstance(condition.value, FieldRef):
        other = condition.value.field
        return lambda fact: field in fact and other in fact and test(fact[field], fact[other])
    constant = condition.value
    return lambda fact: field in fact and test(fact[field], constant)


def _flat(operator: str, parts: list[dict]) -> list[dict]:
    """An `$and` directly inside an `$and` (or `$or` in `$or`) merged into it: the same test,
    and durable_rules 2.0.28 cannot build a ruleset with `$and` nested three deep when an
    inner one has two parts (error 113; tests/test_conditions.py found it)."""
    flat: list[dict] = []
    for part in parts:
        flat.extend(part[operator] if set(part) == {operator} else [part])
    return flat


def to_durable(condition: Condition) -> dict:
    """The same condition as a durable_rules expression. Every comparison is
    guarded by `$ex` (the engine treats a missing operand as true)."""
    if isinstance(condition, All):
        return {"$and": _flat("$and", [to_durable(c) for c in condition.items])}
    if isinstance(condition, Any_):
        return {"$or": _flat("$or", [to_durable(c) for c in condition.items])}
    if isinstance(condition, Missing):
        return {"$nex" if condition.missing else "$ex": {condition.field: 1}}
    present = {"$ex": {condition.field: 1}}
    if isinstance(condition, OneOf):
        if condition.negated:
            return {"$and": [present] + [{"$neq": {condition.field: v}} for v in condition.values]}
        return {"$or": [{condition.field: v} for v in condition.values]}
    if isinstance(condition.value, FieldRef):
        guards = [present, {"$ex": {condition.value.field: 1}}]
        other = {"$m": condition.value.field}
        test = {condition.field: other} if condition.op == "eq" else {OPERATORS[condition.op]: {condition.field: other}}
        return {"$and": guards + [test]}
    if condition.op == "eq":
        return {condition.field: condition.value}
    return {"$and": [present, {OPERATORS[condition.op]: {condition.field: condition.value}}]}
