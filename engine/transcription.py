"""Parts of a document its plan file does not hold (`plan.not_transcribed`): a file typed from a
news summary or an excerpt. What such a file lacks may be in the document, so the rules that
would conclude from that part's absence are not applied to it, and the file is told so once."""
from __future__ import annotations

from collections.abc import Iterable

from engine import conditions as cond
from engine.errors import Say

# Each part, as messages name it, and the fact fields that say what it holds. A rule reading one
# of these fields judges that part; `doc_*` fields (a national document cited or not) read the
# legal basis.
PARTS: dict[str, tuple[str, str, frozenset[str]]] = {
    "legal_basis": ("căn cứ pháp lý", "the legal basis", frozenset({"n_legal_basis", "undated_citations"})),
    "issued": ("ngày ký", "the signing date", frozenset({"issued"})),
    "purpose": ("mục đích, yêu cầu", "the purpose", frozenset({"section_purpose"})),
    "targets": ("mục tiêu, chỉ tiêu", "the targets", frozenset({"section_targets", "n_targets"})),
    "measures": ("nhiệm vụ, giải pháp ở phần thân", "the measures in the body",
                 frozenset({"section_tasks", "n_measures", "n_quantified_tasks"})),
    "tasks": ("phụ lục nhiệm vụ", "the task appendix",
              frozenset({"section_tasks", "n_tasks", "n_lead_tasks", "n_quantified_tasks"})),
    "organisation": ("tổ chức thực hiện", "the implementation section", frozenset({"section_organisation", "lead_organised"})),
    "budget": ("kinh phí", "the budget", frozenset({"section_budget", "has_budget"})),
    "reporting": ("chế độ báo cáo", "the reporting regime",
                  frozenset({"section_reporting", "n_reporting", "n_reporting_scheduled"})),
}
_LEGAL_BASIS_PREFIX = "doc_"


def _reads(part: str, field: str) -> bool:
    return field in PARTS[part][2] or (part == "legal_basis" and field.startswith(_LEGAL_BASIS_PREFIX))


def rules_not_applied(rules: Iterable, parts: Iterable[str]) -> set[str]:
    """The ids of the rules that read a part the file does not hold."""
    parts = tuple(parts)
    if not parts:
        return set()
    return {rule.id for rule in rules
            if any(_reads(part, field) for field in cond.fields(rule.condition) for part in parts)}


def not_transcribed_notice(parts: list[str], n_rules: int) -> Say:
    """What the file says it leaves out, and what was therefore not judged."""
    vi = ", ".join(PARTS[part][0] for part in parts)
    en = ", ".join(PARTS[part][1] for part in parts)
    return Say(f"tệp ghi là chưa chép các phần của văn bản: {vi}; {n_rules} quy tắc xét các phần này "
               "không được áp dụng (thiếu trong tệp chưa chắc là thiếu trong văn bản)",
               f"the file says it does not hold these parts of the document: {en}; {n_rules} rules that "
               "judge them were not applied (absent from the file is not absent from the document)")
