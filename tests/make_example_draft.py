"""Write plans/examples/xa-phu-quoi-2027.docx: the example folder's commune plan as a Word draft.

Ví dụ minh họa cho cchc-check, dựng từ nội dung các kế hoạch thật; không phải văn bản ban hành.
Illustrative example for cchc-check, built from the content of real plans; not an issued document.

The draft is laid out the way a commune's draft plan is: the two-column header table (issuer |
national motto), "Số:      /KH-UBND" and the place and date left blank for the signing, the
"KẾ HOẠCH" heading and title, the "Căn cứ …" paragraphs, sections I–III typed by hand (no Word
list numbering), the signature table, and on a landscape page the task appendix as a grid table
(STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành), its
header row repeated on each page and each domain a row merged across the six columns.

Xã Phú Quới is a commune of Vĩnh Long after the 2025 merger (Lộc Hòa, Hòa Phú, Phú Quới and Thạnh
Quới, as the press reported the province's draft arrangement on 16/04/2025); the plan, its units
and tasks are illustrative. The tasks implement the rows the province's 2027 example plan
(plans/examples/vinh-long-2027.yaml) assigns to "UBND các xã, phường". One coordinator cell keeps a
pre-2025 name, "Sở Thông tin và Truyền thông" (a draft made from an old template), for the
org-2025 pack to find.

Run from the repository's top folder:  .venv/bin/python tests/make_example_draft.py [OUTPUT]
The output is byte-identical from run to run: the core properties carry fixed dates and the zip
entries a fixed timestamp.
"""
from __future__ import annotations

import datetime as dt
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parent.parent / "plans" / "examples" / "xa-phu-quoi-2027.docx"
FIXED = dt.datetime(2026, 12, 15, 8, 0, 0)
ZIP_TIME = (2026, 12, 15, 8, 0, 0)

ISSUER = ("ỦY BAN NHÂN DÂN", "XÃ PHÚ QUỚI")
TITLE = "Cải cách hành chính nhà nước năm 2027 trên địa bàn xã Phú Quới"
BASIS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;",
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
    "hành chính nhà nước giai đoạn 2021 - 2030;",
    "Căn cứ Kế hoạch số 22/KH-UBND của UBND tỉnh Vĩnh Long thực hiện công tác cải cách hành chính "
    "giai đoạn 2026 - 2030;",
    "Căn cứ Kế hoạch số 315/KH-UBND ngày 20/11/2026 của UBND tỉnh Vĩnh Long về cải cách hành chính nhà "
    "nước năm 2027 trên địa bàn tỉnh Vĩnh Long;",
]
BODY = [
    ("heading", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("item", "1. Mục đích"),
    ("text", "Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính năm 2027 trên địa bàn xã theo Kế "
             "hoạch cải cách hành chính năm 2027 của UBND tỉnh; nâng cao chất lượng phục vụ người dân, doanh "
             "nghiệp tại Trung tâm Phục vụ hành chính công xã."),
    ("item", "2. Yêu cầu"),
    ("text", "Các nhiệm vụ phải được xác định cụ thể, có phân công cơ quan chủ trì, phối hợp, sản phẩm và thời "
             "gian hoàn thành; gắn trách nhiệm người đứng đầu các phòng chuyên môn, đơn vị thuộc UBND xã với "
             "kết quả thực hiện."),
    ("heading", "II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
    ("text", "Các nhiệm vụ cải cách hành chính năm 2027, cơ quan chủ trì, phối hợp, sản phẩm và thời gian hoàn "
             "thành tại Phụ lục kèm theo Kế hoạch này."),
    ("heading", "III. TỔ CHỨC THỰC HIỆN"),
    ("text", "1. Phòng Văn hóa - Xã hội chủ trì, theo dõi, đôn đốc các phòng chuyên môn, đơn vị thực hiện Kế "
             "hoạch; tổng hợp, tham mưu UBND xã báo cáo UBND tỉnh (qua Sở Nội vụ) định kỳ hằng quý, 6 tháng, "
             "hằng năm hoặc đột xuất theo yêu cầu."),
    ("text", "2. Văn phòng HĐND và UBND xã, Phòng Kinh tế, Trung tâm Phục vụ hành chính công xã căn cứ nhiệm vụ "
             "được giao tại Phụ lục tổ chức thực hiện; báo cáo kết quả thực hiện hằng quý gửi về Phòng Văn "
             "hóa - Xã hội để tổng hợp."),
    ("text", "3. Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách xã năm 2027."),
    ("text", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng chuyên môn, đơn vị phản ánh về "
             "Phòng Văn hóa - Xã hội để tổng hợp, báo cáo Chủ tịch UBND xã xem xét, chỉ đạo./."),
]
RECIPIENTS = ["Nơi nhận:", "- UBND tỉnh (qua Sở Nội vụ);", "- TT. Đảng ủy, TT. HĐND xã;", "- CT, các PCT UBND xã;",
              "- Các phòng chuyên môn, Trung tâm PVHCC xã;", "- Lưu: VT."]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", ""]

COLUMNS = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"]
WIDTHS = [Cm(1.2), Cm(8.0), Cm(3.8), Cm(4.2), Cm(5.0), Cm(3.0)]
VP = "Văn phòng HĐND và UBND xã"
VHXH = "Phòng Văn hóa - Xã hội"
TTPV = "Trung tâm Phục vụ hành chính công xã"
PCM = "Các phòng chuyên môn"
# (domain row, [(task, lead, [coordinators], output, deadline)])
APPENDIX = [
    ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", [
        ("Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2027 của UBND xã", VHXH, [VP],
         "Kế hoạch CCHC năm 2027 của UBND xã", "Tháng 01/2027"),
        ("Tuyên truyền cải cách hành chính trên hệ thống truyền thanh và trang thông tin điện tử của xã", VHXH,
         ["Ban nhân dân các ấp"], "Tin, bài tuyên truyền được đăng, phát", "Quý IV năm 2027"),
    ]),
    ("II. CẢI CÁCH THỂ CHẾ", [
        ("Rà soát văn bản quy phạm pháp luật do HĐND, UBND xã ban hành", VP, [VHXH],
         "Báo cáo kết quả rà soát", "Quý IV năm 2027"),
    ]),
    ("III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", [
        ("Công khai TTHC thuộc thẩm quyền giải quyết của UBND xã tại Trung tâm Phục vụ hành chính công xã", TTPV,
         [VP], "Danh mục TTHC được niêm yết, công khai", "Quý I năm 2027"),
        ("Số hóa hồ sơ, kết quả giải quyết TTHC", TTPV, [PCM],
         "100% hồ sơ, kết quả giải quyết TTHC được số hóa", "Quý IV năm 2027"),
    ]),
    ("IV. CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", [
        ("Rà soát chức năng, nhiệm vụ của các phòng chuyên môn và Trung tâm Phục vụ hành chính công xã", VHXH,
         [VP], "Báo cáo kết quả rà soát, đề xuất", "Quý I năm 2027"),
    ]),
    ("V. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", [
        ("Rà soát, bố trí cán bộ, công chức theo vị trí việc làm được phê duyệt", VHXH, [PCM],
         "Báo cáo kết quả rà soát", "Quý II năm 2027"),
        ("Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2027", VHXH, [PCM],
         "Kết quả đánh giá, xếp loại được phê duyệt", "Tháng 12/2027"),
    ]),
    ("VI. CẢI CÁCH TÀI CHÍNH CÔNG", [
        ("Xây dựng quy chế chi tiêu nội bộ năm 2027 của UBND xã", "Phòng Kinh tế", [VP],
         "Quy chế chi tiêu nội bộ được ban hành", "Quý I năm 2027"),
    ]),
    ("VII. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", [
        ("Xử lý hồ sơ công việc trên môi trường mạng tại cấp xã (trừ hồ sơ mật)", VP, [PCM],
         "100% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng", "Quý IV năm 2027"),
        # The pre-2025 name, left over from an old template.
        ("Triển khai chữ ký số và Hệ thống quản lý văn bản và điều hành trong xử lý công việc", VP,
         ["Sở Thông tin và Truyền thông", PCM],
         "Văn bản đi được ký số, gửi nhận trên môi trường mạng", "Quý II năm 2027"),
    ]),
]


def _paragraph(container, text: str = "", *, bold=False, italic=False, align=None, size=None,
               indent=False, space_after=Pt(6)):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = size
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.0)
    p.paragraph_format.space_after = space_after
    return p


def _cell_lines(cell, lines: list[str], *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    """Write `lines` into a fresh cell, one paragraph each."""
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        if line:
            run = p.add_run(line)
            run.bold = bold
            run.italic = italic


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def build() -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.font.size = Pt(13)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)

    # The header: issuer | motto; number | place and date (left blank until signed).
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(header)
    _cell_lines(header.cell(0, 0), [ISSUER[0]])
    left = header.cell(0, 0)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.add_run(ISSUER[1]).bold = True
    _cell_lines(header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], bold=True)
    right = header.cell(0, 1)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    _cell_lines(header.cell(1, 0), ["Số:          /KH-UBND"])
    _cell_lines(header.cell(1, 1), ["Phú Quới, ngày      tháng 12 năm 2026"], italic=True)
    for row in header.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.0), Cm(10.0)

    _paragraph(document, "")
    _paragraph(document, "KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(14), space_after=Pt(0))
    _paragraph(document, TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=Pt(14))
    for line in BASIS:
        _paragraph(document, line, italic=True, indent=True)
    _paragraph(document, "Ủy ban nhân dân xã Phú Quới ban hành Kế hoạch cải cách hành chính nhà nước năm 2027 "
                         "như sau:", indent=True)
    for kind, text in BODY:
        _paragraph(document, text, bold=kind in ("heading", "item"), indent=True,
                   align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    _cell_lines(signature.cell(0, 0), RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    signature.cell(0, 0).paragraphs[0].runs[0].bold = True
    signature.cell(0, 0).paragraphs[0].runs[0].italic = True
    _cell_lines(signature.cell(0, 1), SIGNATURE, bold=True)

    # The appendix, on a landscape page.
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21.0)
    landscape.left_margin, landscape.right_margin = Cm(2.0), Cm(2.0)
    _paragraph(document, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    _paragraph(document, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2027 CỦA UBND XÃ PHÚ QUỚI", bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    _paragraph(document, "(Kèm theo Kế hoạch số      /KH-UBND ngày      /12/2026 của UBND xã Phú Quới)",
               italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name, width in zip(table.rows[0].cells, COLUMNS, WIDTHS):
        _cell_lines(cell, [name], bold=True)
        cell.width = width
    _repeat_header(table.rows[0])
    for heading, tasks in APPENDIX:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _cell_lines(merged, [heading], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for number, (title, lead, coordinators, output, deadline) in enumerate(tasks, start=1):
            cells = table.add_row().cells
            _cell_lines(cells[0], [str(number)])
            _cell_lines(cells[1], [title], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _cell_lines(cells[2], [lead])
            _cell_lines(cells[3], coordinators if len(coordinators) == 1 else [f"- {c}" for c in coordinators],
                        align=WD_ALIGN_PARAGRAPH.CENTER if len(coordinators) == 1 else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_lines(cells[4], [output])
            _cell_lines(cells[5], [deadline])
            for cell, width in zip(cells, WIDTHS):
                cell.width = width

    properties = document.core_properties
    properties.author = "cchc-check (ví dụ minh họa)"
    properties.last_modified_by = "cchc-check (ví dụ minh họa)"
    properties.title = f"Kế hoạch {TITLE[0].lower()}{TITLE[1:]} (dự thảo, ví dụ minh họa)"
    properties.subject = "Ví dụ minh họa cho cchc-check; không phải văn bản ban hành"
    properties.comments = ("Ví dụ minh họa cho cchc-check, dựng từ nội dung các kế hoạch thật; không phải văn bản "
                           "ban hành. Illustrative example for cchc-check, built from the content of real plans; "
                           "not an issued document.")
    properties.keywords = "CCHC; ví dụ"
    properties.category = ""
    properties.revision = 1
    properties.created = FIXED
    properties.modified = FIXED
    properties.last_printed = FIXED
    return document


def deterministic(raw: bytes) -> bytes:
    """The package re-zipped with a fixed timestamp on every entry (python-docx stamps the time of
    saving), entries in the order python-docx wrote them."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def make(output: Path = OUTPUT) -> Path:
    buffer = BytesIO()
    build().save(buffer)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(deterministic(buffer.getvalue()))
    return output


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
