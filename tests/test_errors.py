"""Messages for a user's mistake are written in Vietnamese and English side by side, and shown in the
language the user asked for (`--lang`, default Vietnamese)."""
import ast
import pickle

from engine.errors import InputError, Say
from engine.location import Location
from tests.conftest import REPO


def test_a_message_is_shown_in_the_language_asked_for():
    error = InputError("ke-hoach.yaml", Location(line=3, column=5), Say("khóa 'id' bị lặp", "duplicate key 'id'"),
                       Say("xóa một mục", "remove one entry"))
    assert error.line() == "ke-hoach.yaml:3:5: khóa 'id' bị lặp; xóa một mục"
    assert error.line("en") == "ke-hoach.yaml:3:5: duplicate key 'id'; remove one entry"


def test_a_draft_place_is_named_in_the_language_asked_for():
    error = InputError("du-thao.docx", Location(table=2, row=8, cell=6), Say("sai", "wrong"), Say("sửa", "fix it"))
    assert error.line() == "du-thao.docx: bảng 2, dòng 8, ô 6: sai; sửa"
    assert error.line("en") == "du-thao.docx: table 2, row 8, cell 6: wrong; fix it"


def test_an_error_crosses_from_a_worker_process_whole():
    error = InputError("p.yaml", Location(line=1, column=1), Say("a", "b"), Say("c", "d"))
    assert pickle.loads(pickle.dumps(error)).line("en") == error.line("en")


def _raised_with_plain_text(tree: ast.AST):
    """Calls that build an InputError (or a condition error) from a plain string: one language only."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in (
                "InputError", "ConditionError", "fail"):
            for argument in node.args[1:]:
                if isinstance(argument, ast.JoinedStr) or (isinstance(argument, ast.Constant)
                                                           and isinstance(argument.value, str)):
                    yield node.lineno


def test_every_message_the_tool_raises_is_written_in_both_languages():
    monolingual = [f"{path.relative_to(REPO)}:{line}" for path in sorted((REPO / "engine").rglob("*.py"))
                   for line in _raised_with_plain_text(ast.parse(path.read_text(encoding="utf-8")))]
    assert monolingual == []
