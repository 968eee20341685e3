"""A plan as facts: the plan, its domains and its tasks, with everything that
needs counting, parsing or vocabulary lookup computed here in Python.

Facts are flat JSON-ready dicts. Absent values are left out (never None or ""),
dates are integers YYYYMMDD, and every fact has a unique `id` and a `pointer`
into the plan file. Rules then only compare fields.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.cascade import ASSIGNMENT_FIELDS, PLAN_FIELDS as PARENT_PLAN_FIELDS, parent_facts
from engine.citations import canonical_number, match_document
from engine.consistency import caption_mismatches, cut_without_base, title_period, undated_citations
from engine.deadlines import DATE
from engine.load import LoadedPlan
from engine.model import SECTION_IDS
from engine.placeholders import as_text, shown_date
from engine.text import agency_key, fold
from engine.vocab import Vocabulary

if TYPE_CHECKING:
    from engine.parents import ParentLookup

# Fields every fact carries: what `applies_to` and time-dependent rules read.
CONTEXT_FIELDS = {
    "plan_kind": str, "plan_level": str, "period_from": int, "period_to": int,
    "period_start": int, "period_end": int, "issued": int, "plan_date": int, "check_date": int, "today": int,
    "issued_shown": str,        # the issue date as messages write it, 16/12/2021
}

# Field → type, per fact kind. Rules may read only these (and vocabulary flags).
FACT_FIELDS: dict[str, dict[str, type]] = {
    "plan": {
        "plan_id": str, "title": str, "issuer": str, "number": str,
        "n_tasks": int, "n_targets": int, "n_measures": int, "n_legal_basis": int,
        "n_reporting": int, "n_reporting_scheduled": int, "has_budget": bool, "previous_year": int,
        "n_quantified_tasks": int,
        # What the plan says about itself elsewhere, and citations that cannot identify a document
        # (engine/consistency.py).
        "title_period_matches": bool, "undated_citations": str, "caption_mismatch": str,
    },
    "domain": {
        "domain": str, "domain_vi": str, "domain_en": str, "reform": bool,
        "n_tasks": int, "n_measures": int, "n_targets": int, "lead": str, "n_lead_tasks": int,
        # Whether Tổ chức thực hiện gives the domain's lead a duty (only where the plan lists its units).
        "lead_organised": bool,
        # What the parent plan gives this whole level in the domain, when the plan lacks the domain.
        "parent_assigned_vi": str, "parent_assigned_en": str,
    },
    "target": {
        "indicator": str, "indicator_known": bool, "indicator_unit": str, "domain": str,
        "value": float, "unit": str, "comparator": str, "year": int, "baseline_year": int, "text": str,
        # In words, for messages: the catalogue's name of the indicator, the units.
        "indicator_vi": str, "indicator_en": str, "unit_vi": str, "unit_en": str,
        "indicator_unit_vi": str, "indicator_unit_en": str, "value_shown": str, "label_vi": str, "label_en": str,
        "cut_without_base": bool,
    },
    "task": {
        "task_id": str, "title": str, "domain": str, "domain_text": str, "domain_known": bool,
        "section": str, "owner": str, "n_coordinators": int, "named_coordinator": str,
        "output": str, "deadline": str, "deadline_kind": str, "deadline_start": int,
        "deadline_end": int, "deadline_spans_period": bool,
        "states_figure": bool,          # the title or output states a figure ("100% hồ sơ …"): a target
    },
}
FACT_FIELDS["mention"] = {"list": str, "name": str, "item_kind": str, "field": str, "place_vi": str, "place_en": str, "task_id": str,
                          "text": str}
# An open comment or unaccepted tracked changes of a Word draft (plan.review), with its text as
# messages quote it.
FACT_FIELDS["review"] = {"mark": str, "author": str, "text": str, "inserted": str, "deleted": str,
                         "said_vi": str, "said_en": str}
FACT_FIELDS["waiver"] = {
    "rule": str, "rule_known": bool, "task_id": str, "task_title": str, "reason": str, "approved_by": str,
    "basis": str, "expires": int, "expires_in_days": int, "task_exists": bool, "task_title_matches": bool,
    "task_now": str, "applies": bool, "n_matched": int,
}
# A unit of a roster (`--expect`, engine/roster.py); its level is `plan_level`.
FACT_FIELDS["unit"] = {"name": str, "unit_id": str, "has_plan": bool, "n_plans": int, "plans": str,
                       "other_plans": str, "period_vi": str, "period_en": str, "other_vi": str, "other_en": str}
# A task of the parent plan that concerns this plan's unit (engine/cascade.py), and what the plan
# fact says about the parent as a whole.
FACT_FIELDS["assignment"] = dict(ASSIGNMENT_FIELDS)
FACT_FIELDS["plan"].update(PARENT_PLAN_FIELDS)
for _kind_fields in FACT_FIELDS.values():
    _kind_fields.update(CONTEXT_FIELDS)

FACT_FIELDS["plan"]["unknown_sections"] = str
for _section in SECTION_IDS:
    FACT_FIELDS["plan"][f"section_{_section}"] = bool

DOCUMENT_FLAGS = ("cited", "named", "undated", "other_date")
# Units and the fields a name can hide in, as messages say them.
UNIT_WORDS = {"percent": ("phần trăm", "percent"), "count": ("số lượng", "count"), "rank": ("thứ hạng", "rank")}
FIELD_PLACES = {
    "plan.title": ("tên kế hoạch", "the plan's title"),
    "issuer": ("cơ quan ban hành", "the issuer"),
    "legal_basis": ("căn cứ pháp lý", "the legal basis"),
    "task.title": ("nội dung nhiệm vụ {task}", "the title of task {task}"),
    "owner": ("cơ quan chủ trì của nhiệm vụ {task}", "the lead of task {task}"),
    "coordinators": ("cơ quan phối hợp của nhiệm vụ {task}", "a coordinator of task {task}"),
    "output": ("sản phẩm của nhiệm vụ {task}", "the output of task {task}"),
    "measure": ("nhiệm vụ, giải pháp ở phần thân kế hoạch", "a measure in the plan's body"),
    "target": ("chỉ tiêu", "a target"),
}
# A figure stated in a task or measure ("100% hồ sơ …", "đạt 95 %"): the target sits in the task.
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
GENERIC_OWNERS = "generic_owners"      # the phrase list behind `named_coordinator`
SCHEDULED_FREQUENCIES = ("monthly", "quarterly", "half-yearly", "yearly")


def document_field(document_id: str, flag: str) -> str:
    return f"doc_{document_id.replace('-', '_')}_{flag}"


def date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class VocabularyFlag:
    """A rule asks whether `field` of `kind` facts is in the phrase list `vocabulary`."""
    kind: str
    field: str
    vocabulary: str
    name: str


def build_facts(loaded: LoadedPlan, vocabulary: Vocabulary, flags: list[VocabularyFlag],
                today: dt.date, parent: ParentLookup | None = None) -> list[dict]:
    """All facts of one plan, plan fact first (waiver facts come later: they
    depend on the findings, see engine/waivers.py); with `parent`, what the plan
    it implements asks of it."""
    plan = loaded.plan
    header = plan.plan
    period_start = dt.date(header.period.start, 1, 1)
    period_end = dt.date(header.period.end, 12, 31)
    # The plan's date: when it was signed, or for an unsigned draft the start of its
    # period (NQ 76 applies to drafts "for 2022 on"). The check date: when it was
    # signed, or for a draft the day it is checked (which names and documents apply).
    plan_date = header.issued or period_start
    # A plan with a number is signed: if its date is missing (or was not read), the day
    # it is checked says nothing about it, and the rules that depend on that date skip it
    # (PAR-PLAN-DATE-UNKNOWN says so once).
    check_date = header.issued or (None if header.number else today)
    context = compact({
        "plan_kind": header.kind, "plan_level": header.level,
        "period_from": header.period.start, "period_to": header.period.end,
        "period_start": date_int(period_start), "period_end": date_int(period_end),
        "issued": date_int(header.issued) if header.issued else None,
        "issued_shown": shown_date(header.issued) if header.issued else None,
        "plan_date": date_int(plan_date), "check_date": date_int(check_date) if check_date else None,
        "today": date_int(today),
    })
    task_domains = [vocabulary.domain_of(task.domain) for task in plan.tasks]
    facts = [_plan_fact(loaded, vocabulary, context)]
    facts.extend(_domain_facts(loaded, vocabulary, task_domains, context, check_date or plan_date))
    for index, (task, domain) in enumerate(zip(plan.tasks, task_domains)):
        facts.append(_task_fact(index, task, domain, vocabulary, context, period_start, period_end))
    said = set()
    for index, target in enumerate(plan.targets):
        fact = _target_fact(index, target, vocabulary, context)
        # One sentence read as two targets ("thời gian và chi phí") is one thing to say about its wording.
        if target.text in said:
            fact.pop("cut_without_base", None)
        said.add(target.text)
        facts.append(fact)
    facts.extend(_mention_facts(loaded, vocabulary, context))
    facts.extend(_review_facts(loaded, context))
    if parent is not None:
        plan_fields, assignments = parent_facts(loaded, parent, vocabulary, context)
        facts[0].update(compact(plan_fields))
        _fold_into_missing_domains([f for f in facts if f["kind"] == "domain"], assignments)
        facts.extend(assignments)
    by_kind: dict[str, list[VocabularyFlag]] = {}
    for flag in flags:
        by_kind.setdefault(flag.kind, []).append(flag)
    for fact in facts:
        for flag in by_kind.get(fact["kind"], ()):
            fact[flag.name] = vocabulary.in_phrases(flag.vocabulary, fact.get(flag.field))
    return facts


def compact(fact: dict) -> dict:
    """Drop absent values: a rule sees "no owner" as a missing field, never None or ""."""
    return {k: v for k, v in fact.items() if v is not None and (v != "" or k == "pointer")}


def _plan_fact(loaded: LoadedPlan, vocabulary: Vocabulary, context: dict) -> dict:
    plan = loaded.plan
    header = plan.plan
    fact = {
        "kind": "plan", "id": "plan", "pointer": "/plan",
        "plan_id": header.id, "title": header.title, "issuer": header.issuer, "number": header.number,
        "n_tasks": len(plan.tasks), "n_targets": len(plan.targets), "n_measures": len(plan.measures),
        "n_legal_basis": len(header.legal_basis), "n_reporting": len(header.reporting),
        "n_reporting_scheduled": sum(r.frequency in SCHEDULED_FREQUENCIES for r in header.reporting),
        "has_budget": header.budget is not None, "previous_year": header.period.start - 1, **context,
        "title_period_matches": title_period(header.title, header.period.start, header.period.end),
        "undated_citations": ", ".join(undated_citations(
            header.legal_basis, tuple(canonical_number(d.number) for d in vocabulary.documents.values()))) or None,
        "caption_mismatch": next(iter(caption_mismatches(header.captions, header.number, header.issued)), None),
        "n_quantified_tasks": sum(1 for task in plan.tasks if _PERCENT.search(f"{task.title} {task.output or ''}"))
        + sum(1 for measure in plan.measures if _PERCENT.search(measure.text)),
        "unknown_sections": ", ".join(s for s in header.sections if s not in SECTION_IDS) or None,
    }
    for section in SECTION_IDS:
        fact[f"section_{section}"] = section in header.sections
    for document_id, document in vocabulary.documents.items():
        names = [fold(n) for n in document.names]
        found = match_document(header.legal_basis, document.number, document.date, names)
        for flag in DOCUMENT_FLAGS:
            fact[document_field(document_id, flag)] = getattr(found, flag)
    return compact(fact)


def _domain_facts(loaded: LoadedPlan, vocabulary: Vocabulary, task_domains: list[str | None],
                  context: dict, check_date: dt.date) -> list[dict]:
    plan = loaded.plan
    measure_domains = [vocabulary.domain_of(m.domain) for m in plan.measures]
    target_domains = [vocabulary.domain_of(t.domain or (t.indicator or "").split(".")[0]) for t in plan.targets]
    # A missing domain is reported at the `tasks:` key, or at the top if there is none.
    pointer = "/tasks" if "/tasks" in loaded.source.positions else ""
    organised = {agency_key(re.sub(r"^\s*đề nghị\s+", "", unit, flags=re.I)) for entry in plan.plan.organisation
                 for unit in re.split(r"[,;]", entry)}
    facts = []
    for domain in vocabulary.domains.values():
        leads = vocabulary.leads_of(domain.id, check_date)
        lead_keys = {agency_key(lead) for lead in leads}
        led = sum(1 for task, task_domain in zip(plan.tasks, task_domains)
                  if task_domain == domain.id and task.owner and agency_key(task.owner) in lead_keys)
        facts.append(compact({
            "kind": "domain", "id": f"domain:{domain.id}", "pointer": pointer,
            "domain": domain.id, "domain_vi": domain.vi, "domain_en": domain.en, "reform": domain.reform,
            "n_tasks": task_domains.count(domain.id), "n_measures": measure_domains.count(domain.id),
            "n_targets": target_domains.count(domain.id), "lead": ", ".join(leads) or None,
            "n_lead_tasks": led if leads else None,
            "lead_organised": bool(lead_keys & organised) if leads and organised else None, **context,
        }))
    return facts


def _fold_into_missing_domains(domains: list[dict], assignments: list[dict]) -> None:
    """A task the parent gives this whole level, in a reform domain the plan lacks altogether, is
    said in the one finding about that domain (`parent_assigned_vi`), not as a finding of its own
    (`in_missing_domain`): a reviewer writes the two as one comment."""
    missing = {f["domain"]: f for f in domains if f["reform"] and f["n_tasks"] == 0 and f["n_measures"] == 0}
    folded: dict[str, list[dict]] = {}
    for assignment in assignments:
        assignment["in_missing_domain"] = (assignment.get("domain") in missing and assignment["basis"] == "level"
                                           and not assignment["matched"] and assignment["in_child_period"])
        if assignment["in_missing_domain"]:
            folded.setdefault(assignment["domain"], []).append(assignment)
    for domain_id, given in folded.items():
        cite = given[0]["parent_cite"]
        tasks_vi = "; ".join(f"nhiệm vụ {a['parent_task_id']} \"{a['parent_task_title']}\" cho {a['parent_owner']}, "
                             f"trong đó có đơn vị này (thời hạn: {a['parent_deadline']})" for a in given)
        tasks_en = "; ".join(f"task {a['parent_task_id']} \"{a['parent_task_title']}\" to {a['parent_owner']}, "
                             f"this unit among them (deadline: {a['parent_deadline']})" for a in given)
        missing[domain_id]["parent_assigned_vi"] = f" Kế hoạch cấp trên {cite} giao {tasks_vi}."
        missing[domain_id]["parent_assigned_en"] = f" The parent plan {cite} gives {tasks_en}."


def _task_fact(index: int, task, domain: str | None, vocabulary: Vocabulary, context: dict,
               period_start: dt.date, period_end: dt.date) -> dict:
    fact = {
        "kind": "task", "id": f"task:{index}", "pointer": f"/tasks/{index}",
        "task_id": task.id, "title": task.title, "domain": domain, "domain_text": task.domain,
        "domain_known": domain is not None if task.domain is not None else None,
        "section": task.section, "owner": task.owner, "n_coordinators": len(task.coordinators),
        "output": task.output, "deadline": task.deadline, **context,
        "states_figure": bool(_PERCENT.search(f"{task.title} {task.output or ''}")),
    }
    # The first coordinator that is not generic: the lead a reviewer would suggest
    # (PAR-TASK-LEAD-NAMED). Only when a loaded pack says what "generic" is.
    if GENERIC_OWNERS in vocabulary.phrases:
        named = [c for c in task.coordinators if not vocabulary.in_phrases(GENERIC_OWNERS, c)]
        fact["named_coordinator"] = named[0] if named else None
    if task.deadline is not None:
        parsed = vocabulary.deadline(task.deadline, period_start.year)
        fact["deadline_kind"] = parsed.kind
        if parsed.kind == DATE:
            fact["deadline_start"] = date_int(parsed.start)
            fact["deadline_end"] = date_int(parsed.end)
            fact["deadline_spans_period"] = parsed.spans(period_start, period_end)
    return compact(fact)


def _target_fact(index: int, target, vocabulary: Vocabulary, context: dict) -> dict:
    indicator = vocabulary.indicators.get(target.indicator) if target.indicator else None
    domain = vocabulary.domain_of(target.domain) if target.domain else None
    unit_vi, unit_en = UNIT_WORDS[target.unit]
    indicator_unit_vi, indicator_unit_en = UNIT_WORDS[indicator.unit] if indicator else (None, None)
    return compact({
        "kind": "target", "id": f"target:{index}", "pointer": f"/targets/{index}",
        "indicator": target.indicator,
        "indicator_known": indicator is not None if target.indicator else None,
        "indicator_unit": indicator.unit if indicator else None,
        "indicator_vi": indicator.vi if indicator else None, "indicator_en": indicator.en if indicator else None,
        "unit_vi": unit_vi, "unit_en": unit_en,
        "indicator_unit_vi": indicator_unit_vi, "indicator_unit_en": indicator_unit_en,
        "domain": domain or (indicator.domain if indicator else None),
        "value": float(target.value), "unit": target.unit, "comparator": target.comparator,
        "value_shown": as_text(float(target.value)) + ("%" if target.unit == "percent" else ""),
        # What the target is called in a message: as written, else the catalogue's name.
        "label_vi": target.text or (indicator.vi if indicator else f"chỉ tiêu thứ {index + 1}"),
        "label_en": target.text or (indicator.en if indicator else f"target {index + 1}"),
        "year": target.year, "baseline_year": target.baseline or 0, "text": target.text, **context,
        "cut_without_base": cut_without_base(target.text, target.baseline),
    })


def _text_fields(loaded: LoadedPlan):
    """(field name, pointer, task id, text) for every text a name can hide in."""
    plan = loaded.plan
    yield "plan.title", "/plan/title", None, plan.plan.title
    if plan.plan.issuer:
        yield "issuer", "/plan/issuer", None, plan.plan.issuer
    for index, entry in enumerate(plan.plan.legal_basis):
        yield "legal_basis", f"/plan/legal_basis/{index}", None, entry
    for index, task in enumerate(plan.tasks):
        yield "task.title", f"/tasks/{index}/title", task.id, task.title
        if task.owner:
            yield "owner", f"/tasks/{index}/owner", task.id, task.owner
        for position, coordinator in enumerate(task.coordinators):
            yield "coordinators", f"/tasks/{index}/coordinators/{position}", task.id, coordinator
        if task.output:
            yield "output", f"/tasks/{index}/output", task.id, task.output
    for index, measure in enumerate(plan.measures):
        yield "measure", f"/measures/{index}/text", None, measure.text
    for index, target in enumerate(plan.targets):
        if target.text:
            yield "target", f"/targets/{index}/text", None, target.text


def _review_facts(loaded: LoadedPlan, context: dict) -> list[dict]:
    facts = []
    for index, mark in enumerate(loaded.plan.plan.review):
        if mark.kind == "comment":
            by = (f"của {mark.author}: ", f"by {mark.author}: ") if mark.author else ("", "")
            said = (f"{by[0]}\"{mark.text or ''}\"", f"{by[1]}\"{mark.text or ''}\"")
        else:
            by = (f" ({mark.author})", f" ({mark.author})") if mark.author else ("", "")
            parts = [(f"chèn \"{mark.inserted}\"", f"inserted \"{mark.inserted}\"")] if mark.inserted else []
            parts += [(f"xóa \"{mark.deleted}\"", f"deleted \"{mark.deleted}\"")] if mark.deleted else []
            said = ("; ".join(vi for vi, _ in parts) + by[0], "; ".join(en for _, en in parts) + by[1])
        facts.append(compact({
            "kind": "review", "id": f"review:{index}", "pointer": f"/plan/review/{index}",
            "mark": mark.kind, "author": mark.author, "text": mark.text, "inserted": mark.inserted,
            "deleted": mark.deleted, "said_vi": said[0], "said_en": said[1], **context,
        }))
    return facts


def _mention_facts(loaded: LoadedPlan, vocabulary: Vocabulary, context: dict) -> list[dict]:
    """One fact per text field that names an item of a mention list."""
    if not vocabulary.mentions:
        return []
    facts = []
    for field, pointer, task_id, text in _text_fields(loaded):
        for list_name, mentions in vocabulary.mentions.items():
            if field not in mentions.fields:
                continue
            place_vi, place_en = (words.format(task=task_id) for words in FIELD_PLACES[field])
            for name in vocabulary.names_in(list_name, text):
                facts.append(compact({
                    "kind": "mention", "id": f"mention:{len(facts)}", "pointer": pointer,
                    "list": list_name, "name": name, "field": field, "task_id": task_id, "text": text,
                    "item_kind": vocabulary.mention_item(list_name, name).kind or "",
                    "place_vi": place_vi, "place_en": place_en, **context,
                }))
    return facts
