"""Safe YAML reading: positions of values, and every way a file is refused."""
import codecs
import unicodedata

import pytest

from engine.errors import InputError
from engine.yamlsource import Limits, decode, parse


def test_every_value_keeps_its_line_and_column():
    doc = parse("plan:\n  id: x\ntasks:\n  - id: '1'\n    owner: Sở Nội vụ\n", "p.yaml")
    assert doc.data == {"plan": {"id": "x"}, "tasks": [{"id": "1", "owner": "Sở Nội vụ"}]}
    assert (doc.positions["/plan/id"].line, doc.positions["/plan/id"].column) == (2, 7)
    assert doc.positions["/tasks/0"].line == 4
    assert (doc.positions["/tasks/0/owner"].line, doc.positions["/tasks/0/owner"].column) == (5, 12)
    assert doc.key_positions["/tasks"].line == 3


def test_where_falls_back_to_the_nearest_ancestor():
    doc = parse("tasks:\n  - id: '1'\n", "p.yaml")
    assert doc.where("/tasks/0/deadline").line == 2


def _problem(text, limits=Limits()):
    with pytest.raises(InputError) as caught:
        parse(text, "p.yaml", limits)
    return caught.value


def test_duplicate_key_is_refused_at_the_second_key():
    err = _problem("plan:\n  id: a\n  id: b\n")
    assert (err.where.line, err.where.column) == (3, 3)
    assert "duplicate key 'id'" in err.problem.en


def test_alias_bomb_is_stopped_before_it_expands():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    err = _problem("\n".join(lines) + "\n")
    assert "after expanding aliases" in err.problem.en and "--max-values N" in err.fix.en


def test_object_building_tags_are_refused():
    err = _problem("plan: !!python/object/apply:os.system ['echo hi']\n")
    assert "not allowed" in err.problem.en


def test_deep_nesting_is_refused():
    err = _problem("a: " + "[" * 100 + "]" * 100 + "\n", Limits(max_depth=64))
    assert "nesting deeper than 64" in err.problem.en and "--max-depth N" in err.fix.en


def test_malformed_yaml_names_the_spot_and_the_fix():
    err = _problem("plan:\n  title: \"abc\n")            # at the quote left open, not at the end of the file
    assert (err.where.line, err.where.column) == (2, 10) and "quotation mark opened here" in err.problem.en
    err = _problem("plan:\n  title: \"abc\n  kind: annual\n  issuer: \"UBND\"\n")   # runs on to the next quote
    assert (err.where.line, err.where.column) == (2, 10) and "close it on the same line" in err.fix.en
    err = _problem("plan:\n  sections: [purpose, tasks\n  kind: annual\n")
    assert (err.where.line, err.where.column) == (2, 13) and "bracket opened here" in err.problem.en
    err = _problem("plan:\n\tid: x\n")
    assert "tab" in err.problem.en and err.where.line == 2


def test_control_character_is_one_line_at_its_spot():
    # Found by fuzz/fuzz_loader.py: PyYAML's ReaderError printed two lines, at a byte offset.
    err = _problem('plan:\n  title: "Kế hoạch\x0f"\n')
    assert (err.where.line, err.where.column) == (2, 19)
    assert "U+000F" in err.problem.en and "\n" not in err.line()


def test_value_without_a_constructor_is_one_line():
    # Found by fuzz/fuzz_loader.py: YAML 1.1 resolves a bare "=" to the tag "value", which has
    # no constructor; the ConstructorError's text carried its mark on a second line.
    err = _problem("plan:\n  title: =\n")
    assert (err.where.line, err.where.column) == (2, 10)
    assert "tag:yaml.org,2002:value" in err.problem.en and "\n" not in err.line()


def test_more_than_one_document_is_refused():
    assert "more than one YAML document" in _problem("a: 1\n---\nb: 2\n").problem.en


def test_bom_and_utf16_are_accepted_and_text_is_nfc():
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    assert decode(codecs.BOM_UTF8 + nfd.encode(), "p") == "Sở Nội vụ"
    assert decode(codecs.BOM_UTF16_LE + "Sở Nội vụ".encode("utf-16-le"), "p") == "Sở Nội vụ"
    assert decode(codecs.BOM_UTF16_BE + "Sở Nội vụ".encode("utf-16-be"), "p") == "Sở Nội vụ"


def test_invalid_utf8_names_the_first_bad_byte():
    with pytest.raises(InputError) as caught:
        decode("plan:\n  title: Kế".encode() + b"\xff\n", "p.yaml")
    assert (caught.value.where.line, caught.value.where.column) == (2, 12)
    assert "TCVN3" in caught.value.fix.en


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "p.png")
