"""Generated plans for property, differential and benchmark runs.

Plans mix what real plans hold (S001's deadline phrases, generic and named
owners, Vietnamese headings for domains) with odd values (blank cells,
unknown phrases, out-of-period dates).
"""
from __future__ import annotations

import datetime as dt
import random

from engine.load import LoadedPlan, plan_from_data

DOMAINS = ["direction", "institutions", "procedures", "organisation", "civil-service",
           "public-finance", "digital-government"]
HEADINGS = ["3. Cải cách thủ tục hành chính (TTHC)", "IV. Tổ chức bộ máy", "VI. Tài chính công",
            "2.1. Cải cách thể chế", "V. Cải cách chế độ công vụ", "Về kiểm tra công tác CCHC",
            "VII. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "Lĩnh vực không rõ"]
OWNERS = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Tư pháp", "Sở Khoa học và Công nghệ",
          "Cơ quan, đơn vị", "Các sở, ban ngành tỉnh, UBND cấp huyện", "các cơ quan , đơn vị", "  ",
          "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Chủ tịch UBND các huyện, thị xã, thành phố"]
DEADLINES = ["Năm 2022", "Theo định kỳ", "Thường xuyên", "Quý IV năm 2021", "Quý I năm 2022",
             "Quý II năm 2022", "Quý II, III năm 2022", "Tháng 01/2022", "Theo Kế hoạch kiểm tra CCHC của tỉnh",
             "Thường xuyên trong năm", "Trong năm 2022", "năm 2022", "Định kỳ", "Định kỳ theo báo cáo CCHC",
             "Tháng 6/2023", "Quý III năm 2021", "30/6/2022", "Sớm nhất có thể", "Năm 2027", "Cả năm", ""]
OUTPUTS = ["Báo cáo kết quả thực hiện", "Báo cáo", "Kế hoạch của UBND tỉnh", "Quyết định công bố", "", "Văn bản \"đặc biệt\" \\ {x}"]
INDICATORS = ["procedures.online-level34-share", "procedures.satisfaction", "organisation.staff-cut",
              "procedures.tthc-time-cut", "digital-government.work-online-province", "public-finance.direct-spending-cut",
              "procedures.satisfaction-land-construction-investment", "procedures.full-online-services-share",
              "direction.inspection-share", "procedures.no-such-indicator"]
SECTIONS = ["purpose", "targets", "tasks", "organisation", "budget", "reporting"]
FREQUENCIES = ["monthly", "quarterly", "half-yearly", "yearly", "periodic", "ad-hoc"]
BASES = [
    "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
    "Nghị quyết số 76/NQ-CP ngày 13/6/2013 của Chính phủ",
    "Nghị quyết số 76/NQ-CP",
    "Chương trình tổng thể CCHC nhà nước giai đoạn 2021 - 2030",
    "Nghị quyết 30c/NQ-CP ngày 08/11/2011",
    "Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
    "Chỉ thị số 23/CT-TTg ngày 02/9/2021",
    "Quyết định số 282/QĐ-TTg ngày 12/02/2026",
]


def plan_data(n_tasks: int, seed: int) -> dict:
    rng = random.Random(seed)
    kind = rng.choice(["annual", "annual", "five-year", "other"])
    start = rng.choice([2020, 2021, 2022, 2023, 2026])
    end = start if kind == "annual" else start + 4
    header = {
        "id": f"generated-{seed}", "title": f"Kế hoạch CCHC {seed}", "kind": kind,
        "issuer": rng.choice(["UBND tỉnh Vĩnh Long", "UBND tỉnh Vĩnh Phúc", "UBND tỉnh Bến Tre", "UBND tỉnh Lạng Sơn"]),
        "period": {"from": start, "to": min(end, 2100)},
        "legal_basis": rng.sample(BASES, rng.randint(0, 3)),
    }
    header["sections"] = rng.sample(SECTIONS, rng.randint(0, len(SECTIONS)))
    header["reporting"] = [{"frequency": rng.choice(FREQUENCIES), "to": "Sở Nội vụ"}
                           for _ in range(rng.randint(0, 2))]
    header["level"] = rng.choice(["province", "province", "agency", "commune"])
    if rng.random() < 0.5:
        header["budget"] = "Kinh phí bố trí trong dự toán ngân sách hằng năm"
    if rng.random() < 0.8:
        header["issued"] = dt.date(start - 1, 12, rng.randint(1, 28)) if rng.random() < 0.7 \
            else dt.date(start, rng.randint(1, 12), 1)
    dropped = set(rng.sample(DOMAINS, rng.randint(0, 3)))
    live = [d for d in DOMAINS if d not in dropped]
    tasks = []
    for index in range(n_tasks):
        task = {"id": f"T{index}", "title": f"Nhiệm vụ {index % 97} {rng.choice(['rà soát', 'kiểm tra', 'xây dựng'])}"}
        if rng.random() < 0.95:
            task["domain"] = rng.choice(live) if rng.random() < 0.8 or not live else rng.choice(HEADINGS)
        for key, pool, p_missing in (("owner", OWNERS, 0.08), ("output", OUTPUTS, 0.08), ("deadline", DEADLINES, 0.08)):
            if rng.random() > p_missing:
                task[key] = rng.choice(pool)
        task["coordinators"] = rng.sample(OWNERS[:6], rng.randint(0, 2))
        tasks.append(task)
    measures = [{"domain": d, "text": "Giải pháp"} for d in live if rng.random() < 0.3]
    targets = []
    for _ in range(rng.randint(0, 4)):
        target = {"domain": rng.choice(DOMAINS), "value": rng.randint(0, 100), "year": rng.randint(start - 1, end + 1),
                  "unit": rng.choice(["percent", "percent", "percent", "count"])}
        if rng.random() < 0.8:
            target["indicator"] = rng.choice(INDICATORS)
        if rng.random() < 0.3:
            target["baseline"] = rng.choice([2021, 2024, 2025])
        targets.append(target)
    waivers = []
    for _ in range(rng.randint(0, 3) if tasks else 0):
        task = rng.choice(tasks)
        waiver = {"rule": rng.choice(["PAR-TASK-LEAD-NAMED", "PAR-TASK-DEADLINE-CONCRETE", "NQ76-TASK-OUTPUT",
                                      "PAR-NO-SUCH-RULE"]),
                  "task": task["id"], "reason": rng.choice(["Có chủ đích", ""]),
                  "approved_by": rng.choice(["Giám đốc Sở Nội vụ", None]),
                  "expires": dt.date(2026, rng.randint(1, 12), 1)}
        if rng.random() < 0.5:
            waiver["task_title"] = task["title"] if rng.random() < 0.7 else "Nhiệm vụ khác"
        waivers.append({k: v for k, v in waiver.items() if v is not None})
    return {"plan": header, "tasks": tasks, "measures": measures, "targets": targets, "waivers": waivers}


def generated_plan(n_tasks: int, seed: int) -> LoadedPlan:
    return plan_from_data(plan_data(n_tasks, seed), f"generated-{seed}.yaml")
