"""Rule packs: YAML files under rules/<pack>/, validated, instantiated and
checked against the facts they may read. A bad pack is an `InputError` at its line.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine import conditions as cond
from engine.errors import InputError, Say
from engine.facts import DOCUMENT_FLAGS, FACT_FIELDS, VocabularyFlag, date_int, document_field
from engine.load import validate
from engine.location import Location
from engine.model import PlanKind, PlanLevel
from engine.placeholders import as_text, template_fields
from engine.resources import rules_dir
from engine.vocab import Vocabulary, VocabularySpec
from engine.yamlsource import Document, load as load_yaml

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
# docs/domain.md §1: the strongest severity each provenance tag may back.
TAG_MAX_SEVERITY = {"P": "error", "Q": "error", "S": "error", "E": "warning", "U": "warning",
                    "inference": "warning", "none": "info"}
# Loaded whatever --rules selects: the vocabulary every pack relies on (the
# domains), the rules that judge a plan's waivers, and those about a roster's units.
ALWAYS_LOADED = ("common", "waivers", "roster", "template")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Strict):
    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)


class YearRange(_Strict):
    start: int | None = Field(default=None, alias="from")
    end: int | None = Field(default=None, alias="to")


class DateRange(_Strict):
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="until")


class AppliesTo(_Strict):
    kinds: list[PlanKind] | None = None
    levels: list[PlanLevel] | None = None
    period: YearRange | None = None       # the plan's period lies within these years
    in_force: DateRange | None = None     # on the plan's date: issued, or for a draft the start of its period
    checked_on: DateRange | None = None   # on the check date: issued, or for a draft the evaluation date


class Examples(_Strict):
    fire: list[dict] = Field(min_length=1)
    pass_: list[dict] = Field(alias="pass", min_length=1)


class ForEach(_Strict):
    list: str                            # "domains", "floors", or a vocabulary mention list
    where: dict[str, object] = {}


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[A-Z0-9{}a-z._-]+$")
    for_each: ForEach | None = None
    title: Text
    message: Text
    suggestion: Text | None = None
    severity: Severity
    tag: Literal["P", "Q", "S", "E", "U", "inference", "none"]
    reference: Text
    rationale: Text
    applies_to: AppliesTo = AppliesTo()
    given: Literal["plan", "domain", "task", "target", "waiver", "mention", "unit", "assignment", "review"]
    when: dict
    at: str | None = None                 # a key under the subject to point at (e.g. deadline), or a
                                          # place of the plan from its root (/plan/organisation)
    examples: Examples


class Override(_Strict):
    """Re-grade a rule of another pack, or switch it off, saying why."""
    rule: str
    severity: Severity | None = None
    enabled: bool = True
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _changes_something(self) -> "Override":
        if self.severity is None and self.enabled:
            raise ValueError("an override sets 'severity' or 'enabled: false'")
        return self


class PackMeta(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    prefix: str = Field(pattern=r"^[A-Z0-9]+-$")
    title: Text
    description: Text | None = None
    extends: list[str] = []               # packs loaded before this one (ids or folders)
    overrides: list[Override] = []


class PackFile(_Strict):
    pack: PackMeta | None = None
    vocabulary: VocabularySpec | None = None
    rules: list[dict] = []      # each validated as a RuleSpec, after for_each fills it in


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    title: Text
    message: Text
    suggestion: Text | None
    severity: str
    tag: str
    reference: Text
    rationale: Text
    given: str
    condition: cond.Condition            # applies_to and when, together
    at: str | None
    examples: Examples
    source: str                          # file:line of the rule
    override: str | None = None          # why another pack re-graded it ("pack: reason")


@dataclass
class Pack:
    meta: PackMeta
    directory: Path
    sha256: str                          # of the pack's files: what produced a report
    rules: list[Rule] = field(default_factory=list)


@dataclass
class RuleSet:
    packs: list[Pack]
    vocabulary: Vocabulary
    rules: list[Rule]
    flags: list[VocabularyFlag]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    @cached_property
    def python_conditions(self) -> list[tuple[Rule, Callable[[dict], bool]]]:
        """Each rule with its condition compiled to a Python predicate."""
        return [(rule, cond.to_python(rule.condition)) for rule in self.rules]


def builtin_packs() -> list[str]:
    return sorted(p.name for p in rules_dir().iterdir()
                  if (p / "pack.yaml").is_file() and p.name not in ALWAYS_LOADED)


_NOT_A_PACK = Say("không phải bộ quy tắc có sẵn, cũng không phải thư mục có pack.yaml",
                 "is neither a built-in rule pack nor a folder with a pack.yaml")
_ADD_PACK = Say("thêm pack.yaml với pack: {id, version, prefix, title}",
                "add pack.yaml with pack: {id, version, prefix, title}")


def _use_one_of(names, more: Say | None = None) -> Say:
    listed = ", ".join(names)
    said = Say(f"dùng một trong: {listed or '(chưa có)'}", f"use one of: {listed or '(none)'}")
    return said + Say(", ", ", ") + more if more else said


def resolve_pack(name_or_dir: str, relative_to: Path | None = None) -> Path:
    """A built-in pack id, or a folder holding a pack.yaml (relative to the
    extending pack's folder when one is given)."""
    for candidate in ([relative_to / name_or_dir] if relative_to else []) + [Path(name_or_dir)]:
        if (candidate / "pack.yaml").is_file():
            return candidate
    builtin = rules_dir() / name_or_dir
    if "/" not in name_or_dir and (builtin / "pack.yaml").is_file():
        return builtin
    raise InputError(name_or_dir, None, _NOT_A_PACK, _use_one_of(builtin_packs(), Say("hoặc thư mục của bạn",
                                                                                     "or a folder of your own")))


def load_ruleset(selection: list[str] | None = None) -> RuleSet:
    """Load the selected packs (default: every built-in pack), the packs they
    extend, and `common`; then apply the packs' overrides."""
    read: dict[Path, list[tuple[Document, PackFile]]] = {}
    order: list[Path] = []

    def visit(directory: Path, chain: tuple[Path, ...]) -> None:
        key = directory.resolve()
        if key in chain:
            names = " → ".join(p.name for p in chain + (key,))
            raise InputError(str(directory / "pack.yaml"), None,
                             Say(f"các bộ quy tắc mở rộng nhau thành vòng ({names})",
                                 f"packs extend each other in a circle ({names})"),
                             Say("bỏ một trong các extends", "remove one of the extends"))
        if key in read:
            return
        read[key] = _read_pack(directory)
        document, spec = read[key][0]
        for index, name in enumerate(spec.pack.extends):
            try:
                parent = resolve_pack(name, relative_to=directory)
            except InputError as err:
                raise InputError(document.path, document.where(f"/pack/extends/{index}"),
                                 Say(f"extends {name!r}, mà {err.problem.vi}", f"extends {name!r}, which {err.problem.en}"),
                                 err.fix) from None
            visit(parent, chain + (key,))
        order.append(key)

    for directory in [rules_dir() / name for name in ALWAYS_LOADED] + [resolve_pack(n) for n in selection or builtin_packs()]:
        visit(directory, ())
    vocabulary = Vocabulary([spec.vocabulary for key in order for _doc, spec in read[key] if spec.vocabulary])
    packs, flags = [], {}
    for key in order:
        meta = read[key][0][1].pack
        pack = Pack(meta=meta, directory=key, sha256=_content_hash(key))
        for document, spec in read[key]:
            for index, raw in enumerate(spec.rules):
                for rule in _instantiate(raw, document, index, vocabulary):
                    when = _check_rule(rule, meta, document, index, vocabulary, flags)
                    pack.rules.append(_build(rule, when, meta.id, document, index))
        packs.append(pack)
    rules = [rule for pack in packs for rule in pack.rules]
    _check_unique_ids(rules)
    rules = _apply_overrides(rules, [(read[key][0][0], read[key][0][1].pack) for key in order])
    return RuleSet(packs, vocabulary, rules, sorted(flags.values(), key=lambda f: f.name))


def _apply_overrides(rules: list[Rule], metas: list[tuple[Document, PackMeta]]) -> list[Rule]:
    by_id = {rule.id: rule for rule in rules}
    for document, meta in metas:
        for index, override in enumerate(meta.overrides):
            where = document.where(f"/pack/overrides/{index}")
            rule = by_id.get(override.rule)
            if rule is None:
                raise InputError(document.path, where, Say(f"override cho quy tắc không có: {override.rule}",
                                                           f"override of unknown rule {override.rule}"),
                                 Say("kiểm tra mã quy tắc (cchc rules list)", "check the rule id (cchc rules list)"))
            if not override.enabled:
                del by_id[override.rule]
                continue
            if SEVERITY_RANK[override.severity] > SEVERITY_RANK[TAG_MAX_SEVERITY[rule.tag]]:
                raise InputError(document.path, where,
                                 Say(f"override nâng {rule.id} lên {override.severity}, mạnh hơn mức nhãn [{rule.tag}] "
                                     "cho phép",
                                     f"override makes {rule.id} {override.severity}, stronger than its tag [{rule.tag}] "
                                     "allows"),
                                 Say(f"tối đa {TAG_MAX_SEVERITY[rule.tag]} (docs/domain.md §1)",
                                     f"at most {TAG_MAX_SEVERITY[rule.tag]} (docs/domain.md §1)"))
            by_id[override.rule] = replace(rule, severity=override.severity,
                                           override=f"{meta.id}: {override.reason}")
    return [by_id[rule.id] for rule in rules if rule.id in by_id]


def _content_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_pack(directory: Path) -> list[tuple[Document, PackFile]]:
    pack_yaml = directory / "pack.yaml"
    if not pack_yaml.is_file():
        raise InputError(str(directory), None, Say("không có pack.yaml", "has no pack.yaml"), _ADD_PACK)
    result = []
    for path in [pack_yaml] + sorted(p for p in directory.glob("*.yaml") if p.name != "pack.yaml"):
        document = load_yaml(path, shown=_shown(path))
        spec = validate(document, PackFile)
        if path == pack_yaml and spec.pack is None:
            raise InputError(document.path, document.where(""), Say("pack.yaml không có khối 'pack:'",
                                                                    "pack.yaml has no 'pack:' block"), _ADD_PACK)
        if path != pack_yaml and spec.pack is not None:
            raise InputError(document.path, document.where("/pack"), Say("chỉ pack.yaml được chứa 'pack:'",
                                                                         "only pack.yaml may hold 'pack:'"),
                             Say("chuyển nó sang pack.yaml", "move it to pack.yaml"))
        result.append((document, spec))
    return result


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(rules_dir().resolve().parent))
    except ValueError:
        return str(path)


_ITEM = re.compile(r"\{item\.(\w+)\}")


def _instantiate(raw: dict, document: Document, index: int, vocabulary: Vocabulary) -> list[RuleSpec]:
    """One rule, or one per list item with {item.KEY} filled in; each validated
    with errors at the rule's lines."""
    source = document.sub(f"/rules/{index}")
    if "for_each" not in raw:
        return [validate(source, RuleSpec)]
    for_each = validate(document.sub(f"/rules/{index}/for_each"), ForEach)
    if for_each.list == "domains":
        items = [d.model_dump() for d in vocabulary.domains.values()]
    elif for_each.list == "floors":
        items = vocabulary.floor_items()
    elif for_each.list in vocabulary.mentions:
        items = vocabulary.mention_items(for_each.list)
    else:
        raise InputError(document.path, document.where(f"/rules/{index}/for_each/list"),
                         Say(f"danh sách for_each {for_each.list!r} chưa được định nghĩa",
                             f"for_each list {for_each.list!r} is not defined"),
                         _use_one_of(["domains", "floors", *sorted(vocabulary.mentions)]))
    items = [i for i in items if all(i.get(k) == v for k, v in for_each.where.items())]
    if not items:
        raise InputError(document.path, document.where(f"/rules/{index}/for_each"),
                         Say("for_each không chọn được mục nào", "for_each selects no items"),
                         Say("kiểm tra 'where:' của nó", "check its 'where:'"))
    template = {k: v for k, v in raw.items() if k != "for_each"}
    return [validate(source.with_data(_fill(template, item, document, index)), RuleSpec) for item in items]


def _fill(value, item: dict, document: Document, index: int):
    if isinstance(value, str):
        whole = _ITEM.fullmatch(value)
        if whole and whole.group(1) in item:
            return item[whole.group(1)]          # "{item.value}" alone keeps the item's type
        def replace(match):
            if match.group(1) not in item:
                raise InputError(document.path, document.where(f"/rules/{index}"),
                                 Say(f"{{item.{match.group(1)}}} không phải trường của các mục trong danh sách",
                                     f"{{item.{match.group(1)}}} is not a field of the list items"),
                                 _use_one_of(sorted(item)))
            return as_text(item[match.group(1)])
        return _ITEM.sub(replace, value)
    if isinstance(value, dict):
        return {k: _fill(v, item, document, index) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, item, document, index) for v in value]
    return value


def _allowed_fields(given: str, vocabulary: Vocabulary) -> dict[str, type]:
    allowed = dict(FACT_FIELDS[given])
    if given == "plan":
        for document_id in vocabulary.documents:
            for flag in DOCUMENT_FLAGS:
                allowed[document_field(document_id, flag)] = bool
    return allowed


def _check_rule(spec: RuleSpec, meta: PackMeta, document: Document, index: int,
                vocabulary: Vocabulary, flags: dict) -> cond.Condition:
    """Check a rule against its pack and the facts it may read; its parsed `when`."""
    at = f"/rules/{index}"

    def fail(pointer: str, problem: Say, fix: Say):
        raise InputError(document.path, document.where(at + pointer), Say(f"quy tắc {spec.id}: ", f"rule {spec.id}: ")
                         + problem, fix)

    if not spec.id.startswith(meta.prefix):
        fail("/id", Say(f"mã không bắt đầu bằng tiền tố của bộ quy tắc {meta.prefix}",
                        f"id does not start with the pack's prefix {meta.prefix}"),
             Say(f"đổi tên thành {meta.prefix}…", f"rename it {meta.prefix}…"))
    if SEVERITY_RANK[spec.severity] > SEVERITY_RANK[TAG_MAX_SEVERITY[spec.tag]]:
        fail("/severity", Say(f"mức {spec.severity} mạnh hơn mức nhãn [{spec.tag}] cho phép "
                              f"(tối đa {TAG_MAX_SEVERITY[spec.tag]}, docs/domain.md §1)",
                              f"severity {spec.severity} is stronger than tag [{spec.tag}] allows "
                              f"(at most {TAG_MAX_SEVERITY[spec.tag]}, docs/domain.md §1)"),
             Say("hạ mức, hoặc dẫn nguồn mạnh hơn", "lower the severity or cite a stronger source"))
    try:
        condition = cond.parse(spec.when, "/when")
    except cond.ConditionError as err:
        fail(err.pointer, err.message, Say("xem các toán tử điều kiện trong README.md",
                                           "see the condition operators in README.md"))
    allowed = _allowed_fields(spec.given, vocabulary)
    for name, vocabulary_name in _vocabulary_uses(spec.when):
        if vocabulary_name not in vocabulary.phrases:
            fail("/when", Say(f"bộ từ vựng lạ '{vocabulary_name}'", f"unknown vocabulary '{vocabulary_name}'"),
                 _use_one_of(sorted(vocabulary.phrases)))
        if allowed.get(name) is not str:
            fail("/when", Say(f"'{name}' không phải trường văn bản của dữ kiện {spec.given}",
                              f"'{name}' is not a text field of {spec.given} facts"),
                 Say("so khớp một trường văn bản", "match a text field"))
        flag = VocabularyFlag(spec.given, name, vocabulary_name, cond.vocabulary_flag(name, vocabulary_name))
        flags[flag.name + "@" + spec.given] = flag
        allowed[flag.name] = bool
    for name in cond.fields(condition):
        if name not in allowed:
            fail("/when", Say(f"'{name}' không phải trường của dữ kiện {spec.given}",
                              f"'{name}' is not a field of {spec.given} facts"), _use_one_of(sorted(allowed)))
    _check_constant_types(condition, allowed, fail)
    for key, text in (("message", spec.message), ("suggestion", spec.suggestion), ("title", spec.title)):
        for language in ("vi", "en"):
            for name in template_fields(getattr(text, language)) if text else ():
                if name not in allowed:
                    fail(f"/{key}/{language}", Say(f"chỗ điền {{{name}}} không phải trường của dữ kiện {spec.given}",
                                                   f"placeholder {{{name}}} is not a field of {spec.given} facts"),
                         _use_one_of(sorted(allowed)))
    return condition


def _check_constant_types(condition, allowed: dict[str, type], fail) -> None:
    if isinstance(condition, (cond.All, cond.Any_)):
        for item in condition.items:
            _check_constant_types(item, allowed, fail)
        return
    if isinstance(condition, cond.Missing):
        return
    expected = allowed[condition.field]
    values = condition.values if isinstance(condition, cond.OneOf) else (condition.value,)
    for value in values:
        if isinstance(value, cond.FieldRef):
            if allowed[value.field] is not expected:
                fail("/when", Say(f"'{condition.field}' và '{value.field}' khác kiểu",
                                  f"'{condition.field}' and '{value.field}' have different types"),
                     Say("so sánh hai trường cùng kiểu", "compare like with like"))
        elif expected is bool and not isinstance(value, bool) or \
                expected is int and (isinstance(value, bool) or not isinstance(value, (int, dt.date))) or \
                expected is str and not isinstance(value, str):
            fail("/when", Say(f"'{condition.field}' chứa giá trị {expected.__name__}, không phải {value!r}",
                              f"'{condition.field}' holds {expected.__name__} values, not {value!r}"),
                 Say("so sánh với giá trị cùng kiểu của trường", "compare with a value of the field's type"))


def _vocabulary_uses(spec) -> list[tuple[str, str]]:
    found = []
    if isinstance(spec, dict):
        for op in ("matches", "not_matches"):
            if op in spec and isinstance(spec.get("field"), str):
                found.append((spec["field"], spec[op]))
        for value in spec.values():
            found.extend(_vocabulary_uses(value))
    elif isinstance(spec, list):
        for value in spec:
            found.extend(_vocabulary_uses(value))
    return found


def _applies(applies: AppliesTo) -> list[cond.Condition]:
    parts: list[cond.Condition] = []
    if applies.kinds:
        parts.append(cond.OneOf("plan_kind", tuple(applies.kinds), False))
    if applies.levels:
        parts.append(cond.OneOf("plan_level", tuple(applies.levels), False))
    if applies.period and applies.period.start is not None:
        parts.append(cond.Compare("period_from", "ge", applies.period.start))
    if applies.period and applies.period.end is not None:
        parts.append(cond.Compare("period_to", "le", applies.period.end))
    if applies.in_force and applies.in_force.start:
        parts.append(cond.Compare("plan_date", "ge", date_int(applies.in_force.start)))
    if applies.in_force and applies.in_force.end:
        parts.append(cond.Compare("plan_date", "le", date_int(applies.in_force.end)))
    if applies.checked_on and applies.checked_on.start:
        parts.append(cond.Compare("check_date", "ge", date_int(applies.checked_on.start)))
    if applies.checked_on and applies.checked_on.end:
        parts.append(cond.Compare("check_date", "le", date_int(applies.checked_on.end)))
    return parts


def _dates_to_ints(condition):
    """A date constant in a condition compares with a YYYYMMDD field."""
    if isinstance(condition, (cond.All, cond.Any_)):
        return type(condition)(tuple(_dates_to_ints(c) for c in condition.items))
    if isinstance(condition, cond.Compare) and isinstance(condition.value, dt.date):
        return cond.Compare(condition.field, condition.op, date_int(condition.value))
    return condition


def _build(spec: RuleSpec, when: cond.Condition, pack_id: str, document: Document, index: int) -> Rule:
    condition = cond.All(tuple(_applies(spec.applies_to)) + (_dates_to_ints(when),))
    line = document.where(f"/rules/{index}").line
    return Rule(id=spec.id, pack=pack_id, title=spec.title, message=spec.message, suggestion=spec.suggestion,
                severity=spec.severity, tag=spec.tag, reference=spec.reference, rationale=spec.rationale,
                given=spec.given, condition=condition, at=spec.at, examples=spec.examples,
                source=f"{document.path}:{line}")


def _check_unique_ids(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            path, _, line = rule.source.rpartition(":")
            raise InputError(path, Location(line=int(line), column=1),
                             Say(f"mã quy tắc {rule.id} đã được định nghĩa ở {seen[rule.id].source}",
                                 f"rule id {rule.id} is already defined at {seen[rule.id].source}"),
                             Say("đặt cho mỗi quy tắc một mã riêng, hoặc đổi mức quy tắc kia bằng override",
                                 "give each rule its own id, or re-grade the other with an override"))
        seen[rule.id] = rule
