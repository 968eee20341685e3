"""A Word draft's own review trail: open comments and unaccepted tracked changes are kept apart
from the text, one entry a paragraph or cell (plan.review), and listed as information at that
place (PAR-DRAFT-COMMENT-OPEN, PAR-DRAFT-CHANGE-UNACCEPTED)."""
import json
from io import BytesIO

import docx
from docx.oxml import parse_xml

from engine.importers.word import read_word
from tests.test_cli import cchc

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _change(kind: str, text: str, author: str = "Phòng CCHC") -> str:
    run = f'<w:r><w:delText>{text}</w:delText></w:r>' if kind == "del" else f'<w:r><w:t>{text}</w:t></w:r>'
    return f'<w:{kind} {W} w:id="9" w:author="{author}" w:date="2026-12-01T00:00:00Z">{run}</w:{kind}>'


def review_draft(comment_text: str = "Đề nghị ghi rõ thời hạn.") -> bytes:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    commented = document.add_paragraph("Cải cách hành chính năm 2027")
    document.add_comment(commented.runs, text=comment_text, author="Sở Tư pháp", initials="STP")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nhiệm vụ", "Thời hạn"
    table.cell(1, 0).text = "Rà soát thủ tục"
    deadline = table.cell(1, 1).paragraphs[0]._p
    deadline.append(parse_xml(_change("del", "Quý II/2027")))
    deadline.append(parse_xml(_change("ins", "Quý III/2027")))
    table.cell(2, 0).text, table.cell(2, 1).text = "Nhiệm vụ bỏ", "Năm 2027"
    gone = table.rows[2]._tr
    gone.get_or_add_trPr().append(parse_xml(f'<w:del {W} w:id="7" w:author="Sở Nội vụ" w:date="2026-12-01T00:00:00Z"/>'))
    for t in gone.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        t.tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}delText"
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_comments_and_changes_are_kept_apart_each_at_its_place():
    layout = read_word(review_draft(), "du-thao.docx")
    marks = [(m.kind, m.where.describe("vi"), m.author, m.text, m.inserted, m.deleted) for m in layout.review]
    assert marks == [
        ("comment", "đoạn 2", "Sở Tư pháp", "Đề nghị ghi rõ thời hạn.", None, None),
        ("change", "bảng 1, dòng 2, ô 2", "Phòng CCHC", None, "Quý III/2027", "Quý II/2027"),
        ("change", "bảng 1, dòng 3", "Sở Nội vụ", None, None, "Nhiệm vụ bỏ Năm 2027"),
    ]
    texts = [line.text for block in layout.blocks if hasattr(block, "rows")
             for row in block.rows for cell in row for line in cell.lines]
    assert "Quý III/2027" in texts and "Quý II/2027" not in texts and "Nhiệm vụ bỏ" not in texts
    assert layout.warnings == []


def test_a_long_comment_is_quoted_short():
    [comment, *_] = read_word(review_draft("Đề nghị " + "bổ sung " * 60), "du-thao.docx").review
    assert len(comment.text) == 160 and comment.text.endswith("…")


def test_a_draft_with_no_trail_has_none():
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    out = BytesIO()
    document.save(out)
    assert read_word(out.getvalue(), "sach.docx").review == []


def test_the_example_drafts_trail_is_listed_in_every_format_at_its_place(tmp_path):
    """The example Word draft with a comment added: the check names the paragraph in the text
    report, and the JSON, SARIF and JUnit reports carry the same finding."""
    source = docx.Document("plans/examples/xa-phu-quoi-2027.docx")
    paragraph = next(p for p in source.paragraphs if p.text.strip() and p.runs)
    source.add_comment(paragraph.runs, text="Kiểm tra lại số hiệu văn bản.", author="Sở Nội vụ", initials="SNV")
    draft = tmp_path / "xa-phu-quoi-2027.docx"
    source.save(draft)
    number = next(i for i, p in enumerate(source.paragraphs, 1) if p._p is paragraph._p)
    text = cchc("check", str(draft), "--today", "2026-12-07").stdout
    assert f'đoạn {number}: thông tin PAR-DRAFT-COMMENT-OPEN: Dự thảo còn ý kiến chưa xử lý của Sở Nội vụ: ' \
           f'"Kiểm tra lại số hiệu văn bản."' in text
    report = json.loads(cchc("check", str(draft), "--format", "json", "--today", "2026-12-07").stdout)
    [finding] = [f for f in report["plans"][0]["findings"] if f["rule_id"] == "PAR-DRAFT-COMMENT-OPEN"]
    assert finding["location"] == {"paragraph": number} and finding["severity"] == "info"
    sarif = json.loads(cchc("check", str(draft), "--format", "sarif", "--today", "2026-12-07").stdout)
    assert "PAR-DRAFT-COMMENT-OPEN" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    junit = cchc("check", str(draft), "--format", "junit", "--today", "2026-12-07").stdout
    assert "PAR-DRAFT-COMMENT-OPEN" in junit
