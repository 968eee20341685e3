"""`--help` speaks as the rest of the tool, Vietnamese first, with English after it (the help is
read before any --lang is chosen): every command's description, every option's help, and
click's own words on the page."""
import re

import click
import pytest
from click.testing import CliRunner

from engine.cli import main

# The letters Vietnamese has and English does not: a text holding none of them is not Vietnamese.
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


def commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under `group`, itself included, with the words that name it."""
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = [pytest.param(path, command, id=" ".join(["cchc", *path])) for path, command in commands(main)]
PATHS = [pytest.param(path, id=" ".join(["cchc", *path])) for path, _command in commands(main)]


def vietnamese_first(text: str) -> bool:
    """"Vietnamese / English": a Vietnamese part, then an English one."""
    vietnamese, separator, english = text.partition(" / ")
    return bool(separator and VIETNAMESE.search(vietnamese) and english.strip())


def help_page(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="cchc")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", PATHS)
def test_a_help_page_describes_the_command_vietnamese_first(path):
    page = help_page(path)
    description = page.split("\n\n")[1].strip().splitlines()[0]
    assert vietnamese_first(description), page
    assert page.startswith("Cách dùng / Usage: cchc"), page
    assert "Tùy chọn / Options:" in page


@pytest.mark.parametrize("path, command", COMMANDS)
def test_every_option_is_described_vietnamese_first(path, command):
    context = command.context_class(command, info_name=" ".join(["cchc", *path]))
    options = [param for param in command.get_params(context) if isinstance(param, click.Option)]
    assert options
    for option in options:
        assert option.help and vietnamese_first(option.help), (option.name, option.help)


def test_clicks_own_words_are_in_both_languages_too():
    page = " ".join(help_page(("check",)).split())          # as wrapped, a label may break across lines
    assert "[mặc định / default: text]" in page and "Hiện trợ giúp này rồi thoát / Show this message and exit" in page
    assert "Lệnh / Commands:" in help_page(())


def test_option_names_stay_those_of_the_command_line_contract():
    page = help_page(("check",))
    for option in ("--rules PACK|DIR", "--format", "--output FILE", "--report FORMAT=FILE", "--fail-on",
                   "--baseline FILE", "--write-baseline FILE", "--lang", "--jobs N", "--today YYYY-MM-DD",
                   "--no-progress", "--expect ROSTER", "--include GLOB", "--exclude GLOB"):
        assert option in page, option
