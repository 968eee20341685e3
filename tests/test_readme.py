"""Every command README.md shows is run, and the output it shows compared, so that the README
cannot drift from what the tool does.

How README.md writes them (its section "Về các ví dụ" says so to readers):
- A ```console block holds runs: `$ command` (a line ending in `\\` or the lines after it starting
  with `> ` continue it), then what it prints, stdout and stderr as a terminal shows them, then
  `[N]` when it exits with N ≠ 0. In the output, a line `…` stands for any number of lines and `…`
  inside a line for any text.
- A ```sh block holds commands whose output is not shown; together they must exit 0.
- A block whose first line is `# tệp: PATH` (or `# file: PATH`) is written to PATH before the
  commands after it run.
- A block whose info string says `no-run` is not run: `make test` itself, `cchc serve`, and the
  setup this harness does itself (cchc on PATH, CCHC_TODAY from the README's own `export` line,
  the copy of plans/ and .cchc.yaml in a new git repository).

The title's section runs in the repository (`make demo`). Every other heading's section runs in
one shell, in a fresh folder holding a copy of the repository's plans/ and .cchc.yaml as a git
repository, with HOME inside it, so a section's commands see what the earlier ones made.

`python tests/test_readme.py [HEADING]` prints what each run gives now, to paste when an output
changes on purpose.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^`]*)$")
FILE_LINE = re.compile(r"^# (?:tệp|file): (?P<path>\S+)$")
ANY_LINES = "…"
SECTION_TIMEOUT = 600


@dataclass
class Run:
    command: str
    expected: list[str] | None         # None: output not shown (a ```sh block)
    exit_code: int
    line: int                           # README.md line of the command


@dataclass
class WriteFile:
    path: str
    text: str
    line: int


@dataclass
class Section:
    heading: str
    line: int
    in_repository: bool
    steps: list[Run | WriteFile] = field(default_factory=list)


def read_sections(text: str) -> list[Section]:
    """The README's headings with the runs and files of their blocks, in order."""
    sections: list[Section] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#") and re.match(r"^#+ ", line):
            sections.append(Section(line.lstrip("#").strip(), index + 1, in_repository=line.startswith("# ")))
            index += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            index += 1
            continue
        indent, info = len(fence["indent"]), fence["info"].split()
        body_start = index + 1
        end = body_start
        while not lines[end].startswith(" " * indent + "```"):
            end += 1
        body = [row[indent:] for row in lines[body_start:end]]
        index = end + 1
        if "no-run" in info or not sections:
            continue
        written = FILE_LINE.match(body[0]) if body else None
        if written:
            sections[-1].steps.append(WriteFile(written["path"], "\n".join(body[1:]) + "\n", body_start))
        elif info[:1] == ["console"]:
            sections[-1].steps.extend(_console_runs(body, body_start + 1))
        elif info[:1] in (["sh"], ["bash"]):
            sections[-1].steps.append(Run("( set -e\n" + "\n".join(body) + "\n)", None, 0, body_start + 1))
    return [section for section in sections if section.steps]


def _console_runs(body: list[str], first_line: int) -> list[Run]:
    runs: list[Run] = []
    index = 0
    while index < len(body):
        if not body[index].startswith("$ "):
            raise AssertionError(f"README.md:{first_line + index}: a console block's line before any `$ ` command")
        command, line = [body[index][2:]], first_line + index
        index += 1
        while index < len(body) and (command[-1].endswith("\\") or body[index].startswith("> ")):
            command.append(body[index][2:] if body[index].startswith("> ") else body[index])
            index += 1
        output = []
        while index < len(body) and not body[index].startswith("$ "):
            output.append(body[index])
            index += 1
        while output and not output[-1]:
            output.pop()
        exit_code = 0
        if output and re.fullmatch(r"\[\d+\]", output[-1]):
            exit_code = int(output.pop()[1:-1])
        runs.append(Run("\n".join(command), output, exit_code, line))
    return runs


def output_pattern(expected: list[str]) -> re.Pattern:
    """The shown output as a pattern: `…` alone on a line is any lines, inside a line any text."""
    parts = []
    for line in expected:
        if line == ANY_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*".join(re.escape(piece) for piece in line.split(ANY_LINES)) + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: str) -> bool:
    actual = actual.rstrip("\n") + "\n" if actual.strip("\n") else ""
    return output_pattern(expected).fullmatch(actual) is not None


_MARK = "@@readme-step-{}@@"


def run_section(section: Section, scratch: Path, commands: Path | None = None) -> list[tuple[int, str]]:
    """Each step's exit code and output, run one after the other in one shell, with `cchc` from the
    folder `commands` (default: this environment's, beside the Python running the tests)."""
    if section.in_repository:
        folder = ROOT
    else:
        folder = scratch
        shutil.copytree(ROOT / "plans", folder / "plans")
        shutil.copy(ROOT / ".cchc.yaml", folder / ".cchc.yaml")
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
        (folder / "home").mkdir()
    script = ["cd " + _quoted(str(folder))]
    for number, step in enumerate(section.steps):
        if isinstance(step, WriteFile):
            target = _quoted(step.path)
            script.append(f"mkdir -p \"$(dirname {target})\" && cat > {target} <<'README_FILE_END'\n"
                          f"{step.text}README_FILE_END")
        else:
            script.append(step.command)
        script.append(f"printf '\\n{_MARK.format(number)}%s\\n' \"$?\"")
    done = subprocess.run(["bash", "-c", "\n".join(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=_environment(scratch, commands or Path(sys.executable).parent),
                          timeout=SECTION_TIMEOUT)
    text = done.stdout.decode("utf-8")
    results, rest = [], text
    for number in range(len(section.steps)):
        output, _mark, rest = rest.partition("\n" + _MARK.format(number))
        code, _newline, rest = rest.partition("\n")
        assert code.isdigit(), f"README.md:{section.line}: the section's shell stopped before step {number}:\n{text}"
        results.append((int(code), output))
    return results


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def readme_today(text: str) -> str:
    found = re.search(r"export CCHC_TODAY=(\d{4}-\d\d-\d\d)", text)
    assert found, "README.md must say which date its outputs were made on (export CCHC_TODAY=…)"
    return found[1]


def _environment(scratch: Path, commands: Path) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items()
            if not name.startswith(("CCHC_", "GITHUB_", "PYTEST_")) and name not in ("CI", "HOME", "PYTHONPATH")}
    return {**keep, "PATH": str(commands) + os.pathsep + os.environ.get("PATH", ""),
            "HOME": str(scratch / "home"), "CCHC_TODAY": readme_today(README.read_text(encoding="utf-8")),
            "PYTHONUNBUFFERED": "1", "LC_ALL": "C.UTF-8", "COLUMNS": "100", "NO_COLOR": "1"}


SECTIONS = read_sections(README.read_text(encoding="utf-8"))


def test_the_readme_shows_runs_in_both_languages():
    headings = [section.heading for section in SECTIONS]
    assert len(SECTIONS) >= 8, headings
    commands = " ".join(step.command for section in SECTIONS for step in section.steps if isinstance(step, Run))
    for job in ("cchc check plans/examples/xa-phu-quoi-2027.docx", "--write-baseline", "--expect", "rules test"):
        assert job in commands


def test_a_shown_output_is_matched_line_by_line():
    shown = ["a.yaml:1:1: lỗi X", "…", "Tổng cộng: … lỗi"]
    assert matches(shown, "a.yaml:1:1: lỗi X\nb\nc\nTổng cộng: 3 lỗi\n")
    assert matches(shown, "a.yaml:1:1: lỗi X\nTổng cộng: 3 lỗi")
    assert not matches(shown, "a.yaml:1:1: lỗi Y\nTổng cộng: 3 lỗi\n")
    assert not matches(["x"], "x\ny\n") and matches([], "")


@pytest.mark.parametrize("section", SECTIONS, ids=[f"L{s.line}" for s in SECTIONS])
def test_every_command_shown_gives_the_output_shown(section, tmp_path):
    assert_shown_outputs(section, run_section(section, tmp_path))


def assert_shown_outputs(section: Section, results: list[tuple[int, str]]) -> None:
    runs = [(step, result) for step, result in zip(section.steps, results) if isinstance(step, Run)]
    for step, (code, output) in runs:
        where = f"README.md:{step.line} ({section.heading}): $ {step.command}"
        assert code == step.exit_code, f"{where}\nexit {code}, README shows {step.exit_code}\n{output}"
        if step.expected is not None:
            assert matches(step.expected, output), f"{where}\nREADME shows:\n" + "\n".join(step.expected) + \
                f"\n--- it prints now (python tests/test_readme.py shows it whole):\n{output[:4000]}"


if __name__ == "__main__":
    import tempfile
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    for section in SECTIONS:
        if wanted not in section.heading:
            continue
        print(f"## {section.heading} (README.md:{section.line})")
        with tempfile.TemporaryDirectory() as scratch:
            for step, (code, output) in zip(section.steps, run_section(section, Path(scratch))):
                if isinstance(step, Run):
                    print("\n".join(part for part in (f"$ {step.command}", output.rstrip("\n"),
                                                       f"[{code}]" if code else "") if part))
