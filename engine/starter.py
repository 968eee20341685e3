"""`cchc init`: a starting plan in the plan format, complete in its shape, with one example task
per domain marked as a placeholder.

Everything a reviewer must replace begins with PLACEHOLDER ("[Cần điền]"): the `template` pack's
PLAN-PLACEHOLDER rule reports each one still in the plan. The rest is what a plan of that kind
needs on its issue date (`today`): every section, the legal basis in force (NQ 76/NQ-CP; QĐ 282/QĐ-TTg
from 12/02/2026), each domain's task led by the agency that leads it then (docs/domain.md §7), a concrete
output and deadline — so a fresh plan gets no finding but its placeholders.
"""
from __future__ import annotations

import datetime as dt
import re

from engine.vocab import Vocabulary, ascii_code

PLACEHOLDER = "[Cần điền]"
NQ76_STAGES = ((2021, 2025), (2026, 2030))   # the programme's two five-year stages (NQ 76/NQ-CP, mục III)
# An example of each domain's work, to be replaced: what the seeds' plans assign most often.
EXAMPLE_TASKS = {
    "direction": ("Xây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính", "Kế hoạch kiểm tra"),
    "institutions": ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh", "Danh mục văn bản được rà soát"),
    "procedures": ("Rà soát, đơn giản hóa thủ tục hành chính", "Phương án đơn giản hóa thủ tục hành chính"),
    "organisation": ("Rà soát chức năng, nhiệm vụ, tổ chức bộ máy các cơ quan chuyên môn",
                     "Quyết định quy định chức năng, nhiệm vụ"),
    "civil-service": ("Xây dựng Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
                      "Kế hoạch đào tạo, bồi dưỡng"),
    "public-finance": ("Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
                       "Quyết định giao quyền tự chủ tài chính"),
    "digital-government": ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Hồ sơ được số hóa trên Hệ thống"),
}
SECTIONS = ["purpose", "targets", "tasks", "organisation", "budget", "reporting"]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
# "UBND tỉnh Vĩnh Long" → the plan id names the place, as the repository's plans do (vinh-long-2027).
_PROVINCE_BODY = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố)\s+", re.IGNORECASE)


def default_year(kind: str, today: dt.date) -> int:
    """The plan for next year; a five-year plan for the NQ 76 stage next year falls in."""
    year = today.year + 1
    if kind == "annual":
        return year
    return next((start for start, end in NQ76_STAGES if start <= year <= end), year)


def starting_plan(kind: str, year: int, issuer: str | None, today: dt.date,
                  vocabulary: Vocabulary) -> tuple[dict, dict[str, str]]:
    """The plan's data and a comment for each value the reviewer must fill or check."""
    last = year if kind == "annual" else year + 4
    period = f"năm {year}" if kind == "annual" else f"giai đoạn {year} - {last}"
    notes: dict[str, str] = {}
    place = ascii_code(_PROVINCE_BODY.sub("", issuer)).lower() if issuer else "ke-hoach-cchc"
    header = {
        "id": f"{place}-{year}" if kind == "annual" else f"{place}-{year}-{last}",
        "title": f"Kế hoạch cải cách hành chính nhà nước {period}" + (f" của {issuer}" if issuer else ""),
        "issuer": issuer or f"{PLACEHOLDER} Ủy ban nhân dân tỉnh …",
        "kind": kind,
        "period": {"from": year, "to": last},
        "level": "province",
        "legal_basis": _legal_basis(vocabulary, today),
        "sections": SECTIONS,
        "reporting": [{"frequency": "quarterly", "to": "Sở Nội vụ"}],
        "budget": "Kinh phí thực hiện được bố trí trong dự toán ngân sách nhà nước hằng năm của các cơ quan, đơn vị",
    }
    notes["/plan/id"] = "mã kế hoạch theo quy ước của kho; thêm issued: YYYY-MM-DD khi ký ban hành"
    if not issuer:
        notes["/plan/issuer"] = "tên cơ quan ban hành (cchc init --issuer)"
    tasks, targets = [], []
    for index, domain in enumerate(vocabulary.domains.values()):
        title, output = EXAMPLE_TASKS[domain.id]
        tasks.append({"id": f"{ROMAN[index]}.1", "domain": domain.id, "title": f"{PLACEHOLDER} {title} {period}",
                      "owner": _lead(vocabulary, domain.id, today), "output": output,
                      "deadline": f"Quý IV năm {last}"})
        notes[f"/tasks/{index}/title"] = f"ví dụ: thay bằng nhiệm vụ thật của lĩnh vực {domain.vi}"
        if kind == "five-year" and domain.reform:
            # A five-year plan sets each reform domain's quantified targets (rule NQ76-DOM-NO-TARGETS).
            notes[f"/targets/{len(targets)}/text"] = "ví dụ: thay bằng chỉ tiêu thật, và value, indicator cho khớp"
            targets.append({"domain": domain.id, "value": 100, "unit": "percent", "comparator": ">=", "year": last,
                            "text": f"{PLACEHOLDER} chỉ tiêu của lĩnh vực {domain.vi.lower()} đến năm {last}"})
    return {"plan": header, "targets": targets, "measures": [], "tasks": tasks, "waivers": []}, notes


def _legal_basis(vocabulary: Vocabulary, today: dt.date) -> list[str]:
    """The documents of the pack's legal basis in force on `today`: NQ 76, Chỉ thị 23, QĐ 282."""
    documents = [vocabulary.documents[key] for key in ("nq76-2021", "ct23-2021", "qd282-2026")
                 if key in vocabulary.documents]
    return [document.vi for document in documents if document.date is None or document.date <= today]


def _lead(vocabulary: Vocabulary, domain: str, today: dt.date) -> str:
    """The agency that leads `domain` on `today` (the pack's `leads`, by date)."""
    for lead in vocabulary.leads:
        if lead.domain == domain and (lead.start is None or lead.start <= today) and \
                (lead.end is None or today <= lead.end):
            return lead.agency
    return f"{PLACEHOLDER} cơ quan chủ trì"
