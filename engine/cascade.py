"""A plan against the parent plan it implements (`plan.parent`; docs/domain.md §5, "Sub-plans and
parent plan"): which of the parent's tasks concern this plan's unit, and whether the plan carries
each, on time. Computed here as facts; the cascade pack's rules judge them.

A parent task concerns the child when its lead (`owner`) is
- the child's issuer, by name (`basis: named`): compared as agency names are (`agency_key`: case,
  tone placement, punctuation, UBND = Ủy ban nhân dân), and a place qualifier may be left out on
  one side: "Sở Nội vụ" is "Sở Nội vụ tỉnh Vĩnh Long", "Văn phòng UBND tỉnh" is "Văn phòng UBND
  tỉnh Vĩnh Long"; but "UBND tỉnh Vĩnh Long" is not "UBND tỉnh Lạng Sơn", and "UBND tỉnh" is not
  "UBND thành phố Vĩnh Long" (a city under the province). A lead of several agencies ("Sở Nội vụ,
  Sở Tư pháp") names each of them;
- every unit of the child's level (`basis: level`): a phrase of the pack list `level_owners_<level>`
  ("Các sở, ban, ngành" for agencies, "UBND cấp xã" for communes).

Each such task is matched with the child task of the closest title (`title_similarity`, below).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine import conditions as cond
from engine.deadlines import DATE
from engine.load import LoadedPlan
from engine.text import agency_key
from engine.vocab import Vocabulary

if TYPE_CHECKING:                     # finding and reading the parent's file is engine/parents.py's
    from engine.parents import ParentLookup

LEVEL_OWNERS = "level_owners_{level}"       # pack phrase lists: a lead meaning every unit of a level
COMMON_TITLE_WORDS = "common_title_words"   # pack phrase list: words that many different tasks share

# How close a child task's title must be to a parent task's to be its copy: a weighted Dice
# coefficient over the titles' words, after dropping what a child changes in a copied title (the
# year, a closing "của Sở …", "trên địa bàn …", its own and the parent's unit names). The words of the pack's
# `common_title_words` ("triển khai", "kế hoạch", "cải cách hành chính") weigh a quarter, so
# two tasks alike only in those stay far apart ("Triển khai kế hoạch tuyên truyền CCHC" and
# "Triển khai kế hoạch kiểm tra CCHC": 0.27), while a title shortened by such words stays close
# ("Tổ chức triển khai thực hiện có hiệu quả kế hoạch tuyên truyền CCHC" and "Triển khai kế hoạch
# tuyên truyền CCHC": 0.88). 0.8 lets one content word in ten differ; a title that drops or adds
# more (a narrower or another task: "Rà soát, đánh giá và đề xuất đơn giản hoá TTHC" against
# "Xây dựng Kế hoạch rà soát, đơn giản hóa TTHC": 0.69) is not the same task.
TITLE_MATCH = 0.8
COMMON_WEIGHT = 0.25
# Two parent tasks may differ by one inserted verb ("Kiểm tra việc xây dựng … ISO" and "Xây
# dựng … ISO": 0.96). A child task equal to one of them (similarity 1) is that one's only; close
# matches are then shared out one to one, best first, so the other is not counted as carried.

# Abbreviations titles are written with, spelled out (UBND, HĐND, VP are spelled out by agency_key).
_ABBREVIATIONS = {"cchc": "cải cách hành chính", "tthc": "thủ tục hành chính", "cntt": "công nghệ thông tin",
                  "dvc": "dịch vụ công", "dvctt": "dịch vụ công trực tuyến", "tp": "thành phố"}
_PLACE_KINDS = ("tỉnh", "thành phố")
_YEARS = re.compile(r"(?<!\w)(?:(?:năm|giai đoạn) )?\d{4}(?: - \d{4})?(?!\w)")
_LOCALITY_TAIL = re.compile(r"(?:^| )trên địa bàn(?: .*)?$")
# "… năm 2027 của sở, ban, ngành" in the parent is "… năm 2027 của Sở Nội vụ" in the child: a closing
# "của" + a unit says whose task it is, not what it is. ("của các cơ quan …" is left: it says on whom.)
_UNIT_TAIL = re.compile(r" của (?:sở|ủy ban nhân dân|hội đồng nhân dân|văn phòng|phòng|ban|ngành|cơ quan|đơn vị"
                        r"|địa phương|tỉnh|thành phố|xã|phường|thị trấn|đặc khu|trung tâm|chi cục)(?: .*)?$")
_OWNER_PARTS = re.compile(r"\s*;\s*")
_NAME_PARTS = re.compile(r"\s*[;,]\s*")

# Plan fact fields (about the parent as a whole) and the fields of an `assignment` fact (one per
# parent task that concerns the child).
PLAN_FIELDS: dict[str, type] = {
    "parent_id": str, "parent_status": str, "parent_cite": str, "parent_title": str, "parent_period": str, "parent_period_from": int,
    "parent_period_to": int, "period_within_parent": bool, "n_parent_assignments": int,
}
ASSIGNMENT_FIELDS: dict[str, type] = {
    "parent_id": str, "parent_cite": str, "parent_task_id": str, "parent_task_title": str,
    "parent_owner": str, "parent_deadline": str, "basis": str, "domain": str, "in_child_period": bool,
    "matched": bool, "task_id": str, "title": str, "deadline": str, "title_similarity": int,
    "deadline_later": bool, "closest_task_id": str, "closest_title": str,
    "in_missing_domain": bool,      # said in the finding on the missing domain instead (engine/facts.py)
}


def reads_parent(rules: Iterable) -> bool:
    """Do any of these rules read what the parent says? (If not, no parent is looked for.)"""
    return any(rule.given == "assignment" or cond.fields(rule.condition) & PLAN_FIELDS.keys() for rule in rules)


def parent_facts(child: LoadedPlan, lookup: ParentLookup, vocabulary: Vocabulary,
                 context: dict) -> tuple[dict, list[dict]]:
    """The plan fact's fields about the parent, and one `assignment` fact per parent task that
    concerns the child."""
    fields = {"parent_id": lookup.parent_id, "parent_status": lookup.status}
    if lookup.plan is None:
        return fields, []
    parent = lookup.plan.plan
    period = child.plan.plan.period
    cite = cite_plan(parent.plan)
    assignments = _assignments(child, lookup.plan, vocabulary)
    fields.update({
        "parent_cite": cite, "parent_title": parent.plan.title, "parent_period": _period_text(parent.plan.period),
        "parent_period_from": parent.plan.period.start, "parent_period_to": parent.plan.period.end,
        "period_within_parent": parent.plan.period.start <= period.start and period.end <= parent.plan.period.end,
        "n_parent_assignments": len(assignments),
    })
    facts = []
    for number, (task, basis, match) in enumerate(assignments):
        child_index, similarity, later = match.get("child"), match.get("similarity", 0.0), match.get("later")
        child_task = child.plan.tasks[child_index] if child_index is not None else None
        closest = match.get("closest")
        fact = {
            "kind": "assignment", "id": f"assignment:{number}",
            "pointer": f"/tasks/{child_index}" if child_task else "/plan/parent",
            "parent_id": parent.plan.id, "parent_cite": cite, "parent_task_id": task.id,
            "parent_task_title": task.title, "parent_owner": task.owner,
            # shown in messages; a parent task with no deadline is the parent's own finding
            "parent_deadline": task.deadline or "—", "basis": basis,
            "domain": vocabulary.domain_of(task.domain), "in_child_period": match["in_child_period"],
            "matched": child_task is not None, "title_similarity": round(similarity * 100),
            "task_id": child_task.id if child_task else None, "title": child_task.title if child_task else None,
            "deadline": child_task.deadline if child_task else None, "deadline_later": later,
            "closest_task_id": child.plan.tasks[closest].id if closest is not None and not child_task else None,
            "closest_title": child.plan.tasks[closest].title if closest is not None and not child_task else None,
            **context,
        }
        facts.append({k: v for k, v in fact.items() if v is not None and v != ""})
    return fields, facts


def cite_plan(header) -> str:
    """A plan as a message cites it: "số 315/KH-UBND ngày 20/11/2026" (as a reviewer writes it,
    after "Kế hoạch cấp trên"), or its id when it has no number."""
    if not header.number:
        return header.id
    return f"số {header.number}" + (f" ngày {header.issued.strftime('%d/%m/%Y')}" if header.issued else "")


def _period_text(period) -> str:
    return str(period.start) if period.start == period.end else f"{period.start}-{period.end}"


# ---------------------------------------------------------------- which parent tasks concern the child

def unit_parts(name: str) -> tuple[str, str | None, str]:
    """An agency name as (base, place kind, place): "Sở Nội vụ tỉnh Vĩnh Long" is
    ("sở nội vụ", "tỉnh", "vĩnh long"); "Sở Nội vụ" is ("sở nội vụ", None, "")."""
    key = " ".join("thành phố" if w == "tp" else w for w in agency_key(name).split())
    found = re.search(r"(?:^| )(" + "|".join(_PLACE_KINDS) + r")(?: |$)", key)
    if not found:
        return key, None, ""
    return key[:found.start()].strip(), found.group(1), key[found.end():].strip()


def same_unit(first: str, second: str) -> bool:
    """The same agency, one name perhaps without its place qualifier (see the module's docstring)."""
    base_a, kind_a, place_a = unit_parts(first)
    base_b, kind_b, place_b = unit_parts(second)
    if base_a != base_b or not base_a:
        return False
    if kind_a is None or kind_b is None:
        return True
    return kind_a == kind_b and (not place_a or not place_b or place_a == place_b)


def concerns(owner: str | None, issuer: str | None, level: str, vocabulary: Vocabulary) -> str | None:
    """How a parent task led by `owner` concerns a child issued by `issuer` at `level`: "named",
    "level", or None."""
    if not owner:
        return None
    groups = [owner] + _OWNER_PARTS.split(owner)
    if issuer and any(same_unit(name, issuer) for name in groups + _NAME_PARTS.split(owner)):
        return "named"
    phrases = LEVEL_OWNERS.format(level=level)
    if phrases in vocabulary.phrases and any(vocabulary.in_phrases(phrases, group) for group in groups):
        return "level"
    return None


# ---------------------------------------------------------------- titles

class TitleWords:
    """Titles as weighted words for `title_similarity`, with the names both plans' units go by
    (a child adds its own: "… của Sở Nội vụ") and the pack's common words."""

    def __init__(self, issuers: Iterable[str | None], vocabulary: Vocabulary):
        names = set()
        for issuer in filter(None, issuers):
            base, kind, place = unit_parts(issuer)
            names.update(n for n in (" ".join(filter(None, (base, kind, place))), f"{base} {kind}" if kind else "",
                                     f"{kind} {place}" if kind and place else "", base if " " in base else "") if n)
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        self._names = re.compile(rf"(?:^| )(?:(?:của|tại) )?(?:{alternatives})(?= |$)") if names else None
        common = vocabulary.phrases.get(COMMON_TITLE_WORDS, ("exact", ()))[1]
        self._common = re.compile("(?<!\\w)(" + "|".join(re.escape(p) for p in sorted(common, key=lambda p: (-len(p), p)))
                                  + ")(?!\\w)") if common else None
        self._cache: dict[str, Counter] = {}

    def __call__(self, title: str) -> Counter:
        if title not in self._cache:
            self._cache[title] = self._words(title)
        return self._cache[title]

    def _words(self, title: str) -> Counter:
        text = " ".join(_ABBREVIATIONS.get(w, w) for w in agency_key(title).split())
        text = _UNIT_TAIL.sub("", _LOCALITY_TAIL.sub("", text))
        if self._names:
            text = self._names.sub(" ", text)
        text = _YEARS.sub(" ", text)
        words: Counter = Counter()
        parts = self._common.split(text) if self._common else [text]
        for position, part in enumerate(parts):
            if position % 2:                   # a common phrase, counted as one light word
                words["~" + part] += 1
            else:
                words.update(part.split())
        return words


def title_similarity(first: Counter, second: Counter) -> float:
    """Weighted Dice coefficient of two titles' words (1: the same words)."""
    def weight(word: str) -> float:
        return COMMON_WEIGHT if word.startswith("~") else 1.0
    total = sum(weight(w) * n for w, n in first.items()) + sum(weight(w) * n for w, n in second.items())
    if total == 0:
        return 1.0
    return 2 * sum(weight(w) * min(n, second[w]) for w, n in first.items()) / total


# ---------------------------------------------------------------- matching

def _assignments(child: LoadedPlan, parent: LoadedPlan, vocabulary: Vocabulary) -> list[tuple]:
    """(parent task, basis, match) for each parent task that concerns the child, in the parent's order;
    match: child (index), similarity, later, closest, in_child_period."""
    header = child.plan.plan
    concerned = [(task, basis) for task in parent.plan.tasks
                 if (basis := concerns(task.owner, header.issuer, header.level, vocabulary))]
    if not concerned:
        return []
    words = TitleWords([header.issuer, parent.plan.plan.issuer], vocabulary)
    child_words = [words(task.title) for task in child.plan.tasks]
    child_year, parent_year = header.period.start, parent.plan.plan.period.start
    child_ends = [_deadline(task.deadline, child_year, vocabulary) for task in child.plan.tasks]
    child_start, child_end = dt.date(header.period.start, 1, 1), dt.date(header.period.end, 12, 31)
    matches = []
    for task, _basis in concerned:
        due = _deadline(task.deadline, parent_year, vocabulary)
        similarities = [title_similarity(words(task.title), theirs) for theirs in child_words]
        matches.append({"due": due, "similarities": similarities,
                        "in_child_period": due is None or (due[0] <= child_end and due[1] >= child_start)})

    def later(match: dict, index: int) -> bool | None:
        if match["due"] is None or child_ends[index] is None:
            return None                      # a vague or unread deadline on either side: no judgement
        return child_ends[index][1] > match["due"][1]

    # Equal titles first: a child task equal to a parent task is its copy, whatever else is close
    # (several parent tasks of one title may share it); of several equal ones, one on time.
    taken: set[int] = set()
    for match in matches:
        equal = [i for i, s in enumerate(match["similarities"]) if s == 1.0]
        if equal:
            chosen = min(equal, key=lambda i: (later(match, i) is True, i))
            match.update(child=chosen, similarity=1.0)
            taken.add(chosen)
    # Then close titles, one to one, best first.
    pairs = sorted((-s, p, c) for p, match in enumerate(matches) if "child" not in match
                   for c, s in enumerate(match["similarities"]) if s >= TITLE_MATCH and c not in taken)
    for negative, p, c in pairs:
        if "child" not in matches[p] and c not in taken:
            matches[p].update(child=c, similarity=-negative)
            taken.add(c)
    for match in matches:
        if "child" in match:
            match["later"] = later(match, match["child"])
        elif any(match["similarities"]):
            best = max(match["similarities"])
            match.update(similarity=best, closest=match["similarities"].index(best))
    return [(task, basis, match) for (task, basis), match in zip(concerned, matches)]


def _deadline(text: str | None, plan_year: int, vocabulary: Vocabulary) -> tuple[dt.date, dt.date] | None:
    """A concrete deadline's range; None when vague, unread, or leaning on its plan's year ("Trong
    năm" means another year in a five-year parent than in an annual child)."""
    if not text:
        return None
    parsed = vocabulary.deadline(text, plan_year)
    if parsed.kind != DATE or vocabulary.deadline(text, plan_year + 1).start != parsed.start:
        return None
    return parsed.start, parsed.end
