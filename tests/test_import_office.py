"""Word, .doc, PDF and Markdown drafts: the hand-written fixture (tests/drafts) converted by
LibreOffice, imported to the plan a person typed from it, and checked with findings that point
at the draft's own paragraphs, table cells and pages."""
import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from engine.drafts import read_draft
from engine.importers.accuracy import compare
from engine.importers.word import read_word
from engine.load import load_plan, plan_from_data
from tests.office_fixture import MARKDOWN, REFERENCE, make_drafts, soffice
from tests.conftest import shown
from tests.test_cli import cchc

TODAY = "2026-12-25"
GOAL = {"docx": 0.98, "doc": 0.98, "md": 0.98, "pdf": 0.95}


@pytest.fixture(scope="session")
def drafts(tmp_path_factory) -> dict[str, Path]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    return make_drafts(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="session")
def reference() -> dict:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def imported(drafts, ruleset):
    return {fmt: read_draft(path, ruleset.vocabulary) for fmt, path in drafts.items()}


@pytest.mark.parametrize("fmt", ["docx", "doc", "pdf", "md"])
def test_every_format_imports_to_the_reference_plan(imported, reference, fmt):
    accuracy = compare(imported[fmt].imported.data, reference)
    assert accuracy.tasks_found == accuracy.tasks_expected == 18
    assert accuracy.field_rate >= GOAL[fmt], "\n".join(accuracy.differences)


def test_word_features_are_read_as_the_document_shows_them(imported):
    data = imported["docx"].imported.data
    tasks = {task["id"]: task for task in data["tasks"]}
    # automatic numbering: section rows I–VI, rows restarting at 1 in each section, headings I–V
    assert [t["id"] for t in data["tasks"]][:5] == ["I.1", "I.2", "I.3", "II.1", "II.2"]
    assert data["plan"]["sections"] == ["purpose", "targets", "tasks", "budget", "organisation", "reporting"]
    # merged down: one owner cell for II.1–II.2, one deadline cell for IV.1–IV.2
    assert tasks["II.2"]["owner"] == tasks["II.1"]["owner"] == "Văn phòng UBND tỉnh"
    assert tasks["IV.2"]["deadline"] == tasks["IV.1"]["deadline"] == "Quý II/2027"
    # tracked changes accepted: an insertion kept, a deletion dropped
    assert tasks["II.1"]["title"].endswith("và công khai kết quả")
    assert tasks["II.3"]["deadline"] == "Quý III/2027"
    assert not any("văn bản hướng dẫn" in entry for entry in data["plan"]["legal_basis"])
    # cells of two paragraphs are lists; a comment is not text (it is in the review trail only)
    assert tasks["I.2"]["coordinators"] == ["Văn phòng UBND tỉnh", "Các sở, ban, ngành tỉnh"]
    content = {key: value for key, value in data.items() if key != "plan"}
    assert "Đề nghị" not in json.dumps(content, ensure_ascii=False, default=str)
    assert "Đề nghị" not in json.dumps({k: v for k, v in data["plan"].items() if k != "review"},
                                       ensure_ascii=False, default=str)


def test_the_review_trail_is_kept_apart_at_its_places(imported):
    """The comment and the four tracked changes of the fixture: one entry a place, in reading
    order, each at its paragraph or cell; none of it in a PDF printed with the changes accepted."""
    draft = imported["docx"].imported
    review = draft.data["plan"]["review"]
    assert review == [
        {"kind": "change", "author": "Sở Tư pháp", "deleted": "và các văn bản hướng dẫn"},
        {"kind": "comment", "author": "Sở Tư pháp", "text": "Đề nghị ghi rõ kỳ hệ thống hóa."},
        {"kind": "change", "author": "Phòng Cải cách hành chính", "inserted": "và công khai kết quả"},
        {"kind": "change", "author": "Phòng Cải cách hành chính", "inserted": "Quý III/2027", "deleted": "Quý II/2027"}]
    assert [draft.positions[f"/plan/review/{i}"].as_dict() for i in range(4)] == [
        {"paragraph": 6}, {"table": 2, "row": 4, "cell": 2}, {"table": 2, "row": 7, "cell": 2},
        {"table": 2, "row": 9, "cell": 6}]
    assert imported["docx"].warnings == [] and "review" not in imported["pdf"].imported.data["plan"]


def test_values_point_at_paragraphs_and_cells_of_the_word_file(imported):
    positions = imported["docx"].imported.positions
    tasks = [task["id"] for task in imported["docx"].imported.data["tasks"]]
    ii2 = tasks.index("II.2")
    assert positions[f"/tasks/{ii2}/deadline"].as_dict() == {"table": 2, "row": 8, "cell": 6}
    assert positions[f"/tasks/{ii2}/owner"].as_dict() == {"table": 2, "row": 8, "cell": 3}
    assert positions["/plan/number"].as_dict() == {"table": 1, "row": 1, "cell": 1}
    assert positions["/plan/legal_basis/1"].as_dict() == {"paragraph": 4}


def test_pdf_values_point_at_page_and_line(imported, drafts):
    import pdfplumber
    draft = imported["pdf"].imported
    index = [task["id"] for task in draft.data["tasks"]].index("VI.3")
    where = draft.positions[f"/tasks/{index}/title"].as_dict()
    assert set(where) == {"page", "line"}
    with pdfplumber.open(drafts["pdf"]) as pdf:
        lines = pdf.pages[where["page"] - 1].extract_text().splitlines()
    assert lines[0].strip() == str(where["page"])                        # the page number, not counted
    assert lines[where["line"]].startswith("3. Bảo đảm an toàn thông tin")


def keyed(report):
    return sorted((f["rule_id"], f["task_id"] or "", f["domain"] or "", f["message"])
                  for plan in report["plans"] for f in plan["findings"])


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_checking_the_draft_gives_the_findings_of_the_typed_plan(drafts, fmt):
    draft = cchc("check", str(drafts[fmt]), "--format", "json", "--today", TODAY)
    typed = cchc("check", str(REFERENCE), "--format", "json", "--today", TODAY)
    assert draft.returncode == typed.returncode == 0
    report = json.loads(draft.stdout)
    trail = [f for f in keyed(report) if f[0].startswith("PAR-DRAFT-")]
    assert [f for f in keyed(report) if f not in trail] == keyed(json.loads(typed.stdout))
    for finding in report["plans"][0]["findings"]:
        assert finding["line"] is None and finding["location"]          # the draft's place, not a line
        assert set(finding["location"]) <= {"paragraph", "table", "row", "cell", "page", "line"}
    # the Word file's open comment and changes are information at their places; the PDF has none
    assert [f[0] for f in trail] == (["PAR-DRAFT-CHANGE-UNACCEPTED"] * 3 + ["PAR-DRAFT-COMMENT-OPEN"]
                                     if fmt == "docx" else [])
    placed = {f["rule_id"] + " " + json.dumps(f["location"]) for f in report["plans"][0]["findings"]
              if f["rule_id"].startswith("PAR-DRAFT-")}
    if fmt == "docx":
        assert 'PAR-DRAFT-COMMENT-OPEN {"table": 2, "row": 4, "cell": 2}' in placed
        assert "thay đổi được theo dõi" not in draft.stderr               # said once, as findings


def test_text_report_names_the_cell_in_vietnamese_and_english(drafts):
    vi = cchc("check", str(drafts["docx"]), "--today", TODAY).stdout
    en = cchc("check", str(drafts["docx"]), "--today", TODAY, "--lang", "en").stdout
    assert f"{shown(drafts['docx'])}: bảng 2, dòng 23, ô 6: cảnh báo PAR-TASK-DEADLINE-CONCRETE [VI.1]" in vi
    assert f"{shown(drafts['docx'])}: table 2, row 23, cell 6: warning PAR-TASK-DEADLINE-CONCRETE [VI.1]" in en
    pdf = cchc("check", str(drafts["pdf"]), "--today", TODAY).stdout
    assert f"{shown(drafts['pdf'])}: trang 3, dòng" in pdf


def test_sarif_gives_the_draft_as_artifact_line_1_and_the_place_in_the_messages(drafts):
    sarif = json.loads(cchc("check", str(drafts["docx"]), "--format", "sarif", "--today", TODAY).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "PAR-TASK-DEADLINE-CONCRETE")
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == shown(drafts["docx"])
    assert location["physicalLocation"]["region"] == {"startLine": 1}    # a .docx has no text lines; GitHub needs one
    assert location["message"]["text"].startswith("bảng 2, dòng ")
    assert result["message"]["text"].startswith(location["message"]["text"] + ": ")
    assert location["properties"]["draftLocation"]["table"] == 2


def test_csv_github_junit_and_markdown_name_the_place(drafts):
    for fmt, expected in (("csv", "bảng 2, dòng 23, ô 6"), ("github", "::bảng 2, dòng 23, ô 6: "),
                          ("junit", "bảng 2, dòng 23, ô 6 [VI.1]"), ("markdown", ": bảng 2, dòng 23, ô 6`")):
        out = cchc("check", str(drafts["docx"]), "--format", fmt, "--today", TODAY, "--fail-on", "warning").stdout
        assert expected in out, fmt
    github = cchc("check", str(drafts["docx"]), "--format", "github", "--today", TODAY).stdout
    assert ",line=" not in github                                      # no made-up line numbers


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_import_round_trip_and_determinism(drafts, tmp_path, ruleset, fmt):
    out = tmp_path / "plan.yaml"
    assert cchc("import", str(drafts[fmt]), "--output", str(out)).returncode == 0
    first = out.read_bytes()
    data = read_draft(drafts[fmt], ruleset.vocabulary).imported.data
    assert load_plan(out).plan == plan_from_data(data, "x").plan
    assert cchc("import", str(drafts[fmt]), "--output", str(out), "--force").returncode == 0
    assert out.read_bytes() == first


def test_diff_accepts_drafts(drafts):
    result = cchc("diff", str(REFERENCE), str(drafts["docx"]), "--format", "json", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)
    # the typed plan has no review trail: the draft's open comment and changes are all it adds
    assert sorted(f["rule_id"] for f in changes["introduced"]) == \
        ["PAR-DRAFT-CHANGE-UNACCEPTED"] * 3 + ["PAR-DRAFT-COMMENT-OPEN"]
    assert changes["resolved"] == []


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_names_a_drafts_own_places(tmp_path, fmt):
    draft = Path("plans/examples/xa-phu-quoi-2027.docx")
    fixed = tmp_path / "xa-phu-quoi-2027.yaml"
    assert cchc("import", str(draft), "--output", str(fixed)).returncode == 0
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("Sở Thông tin và Truyền thông",
                                                               "Sở Khoa học và Công nghệ"), encoding="utf-8")
    result = cchc("diff", str(draft), str(fixed), "--format", fmt, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "xa-phu-quoi-2027.docx: bảng 3, dòng 19, ô 4" in result.stdout and "None" not in result.stdout


def test_a_draft_cut_short_still_imports_and_its_gaps_are_findings(tmp_path):
    text = MARKDOWN.read_text(encoding="utf-8")
    cut = tmp_path / "ke-hoach-dang-do.md"
    cut.write_text(text[:text.index("## III.")], encoding="utf-8")
    imported = cchc("import", str(cut))
    assert imported.returncode == 0 and "tasks: []" in imported.stdout
    report = json.loads(cchc("check", str(cut), "--format", "json", "--today", TODAY).stdout)
    rules = {f["rule_id"] for f in report["plans"][0]["findings"]}
    assert {"NQ76-DOM-THECHE", "NQ76-DOM-BOMAY", "NQ76-DOM-CONGVU"} <= rules


def test_a_scanned_pdf_needs_ocr(tmp_path):
    from PIL import Image
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(scan, "PDF")
    result = cchc("check", str(scan))
    assert result.returncode == 2 and "OCR" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"%PDF-1.7 broken", b""])
def test_broken_office_files_are_one_clear_message(tmp_path, content):
    for suffix in (".docx", ".pdf"):
        path = tmp_path / f"draft{suffix}"
        path.write_bytes(content)
        result = cchc("import", str(path))
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(str(path)) and "Traceback" not in result.stderr


def test_a_zip_that_is_not_a_word_file(tmp_path):
    import zipfile
    path = tmp_path / "draft.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    result = cchc("import", str(path))
    assert result.returncode == 2 and "Word (.docx)" in result.stderr


@pytest.mark.parametrize("document_xml", [
    b'<w:document xmlns:w="urn:not-word"><w:body><w:p/></w:body></w:document>',
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
])
def test_a_word_package_without_a_body(document_xml):
    # Found by fuzz/fuzz_importer.py (docx mode): an AttributeError / TypeError, not an InputError.
    import zipfile
    import docx
    from engine.errors import InputError
    saved, changed = BytesIO(), BytesIO()
    docx.Document().save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(changed, "w") as target:
        for name in source.namelist():
            target.writestr(name, document_xml if name == "word/document.xml" else source.read(name))
    with pytest.raises(InputError) as caught:
        read_word(changed.getvalue(), "draft.docx")
    assert "w:body" in caught.value.problem.en


def test_a_number_attribute_that_is_not_a_number_reads_as_the_default():
    # Found by fuzz/fuzz_importer.py (docx mode): w:gridSpan="6)" was a ValueError from int().
    import docx
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Ô bảng"
    cell = table.cell(0, 0)._tc
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    cell.get_or_add_tcPr().append(cell.makeelement(f"{w}gridSpan", {f"{w}val": "6)"}))
    paragraph = document.add_paragraph("Nội dung.")._p
    num_pr = paragraph.get_or_add_pPr().makeelement(f"{w}numPr", {})
    num_pr.append(num_pr.makeelement(f"{w}ilvl", {f"{w}val": "x"}))
    num_pr.append(num_pr.makeelement(f"{w}numId", {f"{w}val": "1"}))
    paragraph.pPr.append(num_pr)
    buffer = BytesIO()
    document.save(buffer)
    layout = read_word(buffer.getvalue(), "draft.docx")
    assert layout.blocks[0].rows[0][0].span == 1
    assert [line.text for line in layout.blocks[0].rows[0][0].lines] == ["Ô bảng"]


def test_doc_without_libreoffice_names_the_package(tmp_path, monkeypatch):
    doc = tmp_path / "draft.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    from engine.errors import InputError
    with pytest.raises(InputError) as caught:
        read_draft(doc, None)
    assert "libreoffice-writer-nogui" in caught.value.line("en") and caught.value.line("en").startswith(str(doc))


def test_numbering_from_a_paragraph_style(ruleset):
    """Word's own headings: "Heading 1" carries the numbering in its style, the paragraph none."""
    import docx
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(numbering.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}abstractNum"))
    abstract = numbering[-1]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract.set(f"{w}abstractNumId", "90")
    level = abstract.makeelement(f"{w}lvl", {f"{w}ilvl": "0"})
    for name, value in (("start", "1"), ("numFmt", "upperRoman"), ("lvlText", "%1.")):
        level.append(level.makeelement(f"{w}{name}", {f"{w}val": value}))
    abstract.append(level)
    num = numbering.makeelement(f"{w}num", {f"{w}numId": "90"})
    num.append(num.makeelement(f"{w}abstractNumId", {f"{w}val": "90"}))
    numbering.append(num)
    style = document.styles["Heading 1"].element
    ppr = style.get_or_add_pPr()
    num_pr = ppr.makeelement(f"{w}numPr", {})
    num_pr.append(num_pr.makeelement(f"{w}numId", {f"{w}val": "90"}))
    ppr.append(num_pr)
    for text in ("MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ"):
        document.add_heading(text, level=1)
        document.add_paragraph("Nội dung.")
    buffer = BytesIO()
    document.save(buffer)
    layout = read_word(buffer.getvalue(), "draft.docx")
    texts = [line.text for block in layout.blocks for line in block.lines]
    assert texts == ["I. MỤC ĐÍCH, YÊU CẦU", "Nội dung.", "II. NHIỆM VỤ", "Nội dung."]


def test_a_table_row_broken_by_the_page_is_joined_and_the_repeated_header_dropped():
    from engine.importers.layout import Cell, Line, Table
    from engine.importers.pdf import _continue_table
    from engine.location import Location

    def row(page, line, *texts):
        return [Cell([Line(text, Location(page=page, line=line))]) for text in texts]
    header = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Sản phẩm", "Thời hạn"]
    first = Table([row(1, 5, *header), row(1, 9, "1.", "Rà soát thủ tục", "Sở Nội vụ", "", "Báo cáo", "")])
    more = Table([row(2, 1, *header), row(2, 2, "", "hành chính", "", "Các sở", "", "Quý I/2027"),
                  row(2, 4, "2.", "Số hóa", "Sở Tư pháp", "", "Kết quả", "Quý II/2027")])
    _continue_table(first, more)
    assert [[cell.text for cell in r] for r in first.rows] == [
        header, ["1.", "Rà soát thủ tục hành chính", "Sở Nội vụ", "Các sở", "Báo cáo", "Quý I/2027"],
        ["2.", "Số hóa", "Sở Tư pháp", "", "Kết quả", "Quý II/2027"]]
    assert first.rows[1][5].lines[0].where == Location(page=2, line=2)     # the part on page 2 keeps its place


def test_accuracy_counts_what_is_missing_and_what_is_invented():
    reference = {"plan": {"title": "Kế hoạch"}, "tasks": [{"id": "I.1", "title": "Rà soát", "owner": "Sở Tư pháp"}],
                 "targets": [{"text": "100% hồ sơ", "value": 100}]}
    same = compare(reference, reference)
    assert (same.tasks_found, same.fields_equal, same.fields) == (1, 6, 6)
    invented = dict(reference, tasks=reference["tasks"] + [{"id": "I.2", "title": "Không có trong dự thảo"}],
                    targets=[dict(t) for t in reference["targets"] * 2])
    got = compare(invented, reference)
    assert (got.fields_equal, got.fields) == (6, 10)           # two task fields and two target fields too many
    missing = compare({"plan": {"title": "Kế hoạch"}}, reference)
    assert (missing.tasks_found, missing.fields_equal, missing.fields) == (0, 1, 6)
