"""A corpus of hostile inputs for `cchc`: plans, rule packs, rosters and drafts that are broken,
huge, in the wrong encoding, not files at all, or out to run code.

Each `Case` says what the command is given and how it must end: the exit code, the one line on
stderr (starting with the file's path) and what that line must contain. The expected texts are
language-neutral where they can be (positions, key names, option names), because the messages
will be Vietnamese by default; the few phrases needed live in `PHRASES`.

Deterministic: the same cases and the same bytes on every run (no randomness, no clock: the
ZIP entries carry a fixed date). Large inputs are written when a case is written, streamed or
sparse, never kept in git.

    python tests/bad_inputs/make_corpus.py OUTDIR [--no-heavy]

writes each case into OUTDIR/<case id>/ and lists them; `make_corpus(outdir)` does the same from
Python and returns the cases.
"""
from __future__ import annotations

import codecs
import copy
import datetime as dt
import io
import json
import os
import re
import shlex
import sys
import types
import typing
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel

REPO = Path(__file__).resolve().parents[2]
if __name__ == "__main__":            # run as a script: the engine's models come from this checkout
    sys.path.insert(0, str(REPO))

from engine.model import Plan  # noqa: E402 - after the path is set
from engine.roster import Roster  # noqa: E402
from engine.rules import PackMeta, RuleSpec  # noqa: E402

SEED_PLAN = REPO / "plans" / "vinh-long-2022.yaml"
SEED_DRAFT = REPO / "tests" / "drafts" / "ke-hoach-cchc-2027.md"
SEED_DOCX = REPO / "plans" / "examples" / "xa-phu-quoi-2027.docx"
TODAY = "2026-11-25"
MB = 1024 * 1024
# The phrases a message must hold where no position or key name says enough; one place, so that
# they can follow the messages into Vietnamese.
PHRASES = {"utf8": "UTF-8"}
# What a hostile tag tries to do; the file must never appear.
SIDE_EFFECT = "pwned.txt"
SHELL = f"echo pwned > {SIDE_EFFECT}"


@dataclass(frozen=True)
class Case:
    """One hostile input and how `cchc` must answer it."""
    id: str
    target: str                      # plan (check PATH), rules (--rules DIR), roster (--expect), baseline
                                     # (--baseline), draft (import)
    given: str                       # the path the command is given, relative to the case's folder
    files: tuple[str, ...]           # what is written into the case's folder
    exit_codes: tuple[int, ...]      # the right exit codes; with 2 the stderr line is checked
    expect: tuple[str, ...] = ()     # substrings of the one stderr line; a ":L:C:" one must follow the path
    warns: tuple[str, ...] = ()      # an accepted input's one warning line on stderr must hold these
    blame: str | None = None         # the path the line starts with (default: `given`)
    limit: str | None = None         # the option the line must name to raise the limit hit
    args: tuple[str, ...] = ()       # more options
    output: str = ""                 # --output, relative to the case's folder ("": out/report.json or out/plan.yaml)
    prewrite: bool = True            # a report is already at --output: a failing run must leave it
    force: bool = True               # cchc import --force (so that "untouched" means something)
    heavy: bool = False              # run in a subprocess, bounded in time and memory
    seconds: float = 20.0            # the time bound (past it, a heavy case is killed)
    twin: str | None = None          # the same plan, plainly encoded: the findings must be equal
    emulate: str | None = None       # an OS condition the test sets up: unreadable, unwritable, disk-full
    partial: bool = False            # a folder with a bad file: the others are still checked and reported
    roundtrip: bool = False          # cchc import: the plan written must itself check (exit 0 or 1)
    write: Callable[[Path], None] = field(default=lambda folder: None, compare=False, repr=False)

    @property
    def output_path(self) -> str:
        return self.output or ("out/plan.yaml" if self.target == "draft" else "out/report.json")

    def argv(self) -> list[str]:
        """The command line, run in the case's folder."""
        if self.target == "draft":
            return ["import", self.given, "--output", self.output_path, *(["--force"] if self.force else []),
                    *self.args]
        head = {"plan": [self.given], "rules": ["plan.yaml", "--rules", self.given],
                "roster": ["plan.yaml", "--expect", self.given],
                "baseline": ["plan.yaml", "--baseline", self.given]}[self.target]
        return ["check", *head, "--format", "json", "--output", self.output_path, "--today", TODAY,
                "--no-progress", *self.args]


# --------------------------------------------------------------------------- writing files

@dataclass(frozen=True)
class Link:
    """A symbolic link to `to` (which need not exist)."""
    to: str


@dataclass(frozen=True)
class Fifo:
    """A named pipe: reading it waits for a writer that never comes."""


@dataclass(frozen=True)
class Folder:
    """An empty folder."""


Content = bytes | str | Link | Fifo | Folder | Callable[[Path], None]


def _writer(contents: dict[str, Content]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        for name, content in contents.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif isinstance(content, str):
                path.write_bytes(content.encode("utf-8"))
            elif isinstance(content, Link):
                os.symlink(content.to, path)
            elif isinstance(content, Fifo):
                os.mkfifo(path)
            elif isinstance(content, Folder):
                path.mkdir()
            else:
                content(path)          # a large file, streamed
    return write


def case(case_id: str, target: str, contents: dict[str, Content], exit_codes: tuple[int, ...] = (2,),
         given: str | None = None, **options) -> Case:
    """A case whose folder holds `contents`; it is given its first file unless said otherwise."""
    return Case(id=case_id, target=target, given=given or next(iter(contents)), files=tuple(contents),
                exit_codes=exit_codes, write=_writer(contents), **options)


def _seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _at(line: int, column: int | None = None) -> str:
    return f":{line}:{column}:" if column else f":{line}:"


def _position(text: str, offset: int) -> str:
    """Character `offset` of `text` as ":line:column:" (columns count characters, as an editor does)."""
    before = text[:offset]
    return _at(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _find(text: str, fragment: str) -> str:
    """Where the first `fragment` of `text` is."""
    return _position(text, text.index(fragment))


def _zip(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive with a fixed date on every entry: the same bytes on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(40)
ZIP_OF_TEXT = _zip({"hello.txt": b"not a Word document\n"})


# --------------------------------------------------------------------------- YAML positions

def _node(text: str, path: tuple) -> yaml.Node:
    """The node at `path` (keys and list indexes) of the YAML text, as PyYAML composes it: its
    start is where a value is, whatever the engine says."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for token in path:
        node = node.value[token] if isinstance(token, int) else next(v for k, v in node.value if k.value == token)
    return node


def _key_node(text: str, path: tuple, nth: int = 0) -> yaml.Node:
    keys = [k for k, _v in _node(text, path[:-1]).value if k.value == path[-1]]
    return keys[nth]


def _start(node: yaml.Node) -> str:
    return _at(node.start_mark.line + 1, node.start_mark.column + 1)


# --------------------------------------------------------------------------- malformed YAML

_PLAIN_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+): (?P<value>[^\s\"'\[{&*!|>#%@`-][^#]*)$")


def _injection_lines(lines: list[str], count: int) -> list[int]:
    """Lines `key: plain value` that follow another key of the same mapping, spread evenly over the
    file: a defect there is a defect of that line, not of the mapping's first key."""
    found = []
    for index in range(1, len(lines)):
        match = _PLAIN_KEY_LINE.match(lines[index])
        if not match or ": " in match["value"] or match["value"].rstrip() != match["value"]:
            continue
        indent = match["indent"]
        previous = lines[index - 1]
        if re.match(rf"^{indent}[a-z_]+:", previous) or (indent and re.match(rf"^{indent[:-2]}- [a-z_]+:", previous)):
            found.append(index)
    if len(found) <= count:
        return found
    return [found[round(k * (len(found) - 1) / (count - 1))] for k in range(count)]


def _defects(line: str) -> dict[str, tuple[str, int | None]]:
    """Each way to break `line`, and the column the message must name (None: the line is enough)."""
    match = _PLAIN_KEY_LINE.match(line)
    indent, key, value = match["indent"], match["key"], match["value"]
    return {
        "unclosed-quote": (f'{indent}{key}: "{value}', None),
        "unclosed-bracket": (f"{indent}{key}: [{value}", None),
        "bad-indent": (f"{indent}   {key}: {value}", None),
        "tab-indent": ("\t" + line[1:] if indent else "\t" + line, 1),
        "stray-colon": (f"{indent}{key}: {value}: {value}", None),
    }


def malformed_yaml(prefix: str, target: str, name: str, text: str, count: int,
                   extra: dict[str, Content] | None = None, given: str | None = None) -> list[Case]:
    """Each defect injected at `count` lines of `text` (written as `name`): the message must name
    the line of the defect."""
    lines = text.split("\n")
    cases = []
    for index in _injection_lines(lines, count):
        for defect, (broken, column) in _defects(lines[index]).items():
            changed = lines[:index] + [broken] + lines[index + 1:]
            contents = {name: "\n".join(changed), **(extra or {})}
            cases.append(case(f"{prefix}-yaml-{defect}-l{index + 1}", target, contents, given=given, blame=name,
                              expect=(_at(index + 1, column),)))
    return cases


# --------------------------------------------------------------------------- the formats' keys

def _bare(annotation):
    """`X | None` → X."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _model(annotation) -> type[BaseModel] | None:
    bare = _bare(annotation)
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


def _item_model(annotation) -> type[BaseModel] | None:
    bare = _bare(annotation)
    return _model(typing.get_args(bare)[0]) if typing.get_origin(bare) is list else None


def sample(annotation) -> object:
    """A valid value of the type: every key of a model, one item in every list."""
    bare = _bare(annotation)
    if model := _model(bare):
        return {f.alias or name: sample(f.annotation) for name, f in model.model_fields.items()}
    if typing.get_origin(bare) is typing.Literal:
        return typing.get_args(bare)[0]
    if typing.get_origin(bare) is list:
        return [sample(typing.get_args(bare)[0])]
    return {str: "Sở Nội vụ", int: 2022, float: 50, bool: True, dt.date: dt.date(2022, 6, 30)}[bare]


def wrong(annotation) -> object:
    """A value of the wrong type, as people write them: two agencies where one goes, a year in
    words, a date the Vietnamese way, text where a list or a mapping goes."""
    bare = _bare(annotation)
    if _model(bare) or typing.get_origin(bare) in (list, dict) or bare is dict:
        return "Sở Nội vụ"
    if typing.get_origin(bare) is typing.Literal:
        return "khác"
    return {str: ["Sở A", "Sở B"], int: "năm 2022", float: "mười", bool: "có lẽ", dt.date: "16/12/2021"}[bare]


def walk(model: type[BaseModel], data: dict, depth: int = 99, path: tuple = ()) -> Iterator[tuple[tuple, object, bool]]:
    """(path, type, required) of every key of `model` that `data` holds, nested ones included
    down to `depth` keys."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            continue
        here = path + (key,)
        yield here, info.annotation, info.is_required()
        if len(here) >= depth:
            continue
        if inner := _model(info.annotation):
            yield from walk(inner, data[key], depth, here)
        elif (inner := _item_model(info.annotation)) and data[key]:
            yield from walk(inner, data[key][0], depth, here + (0,))


def _mappings(model: type[BaseModel], data: dict, depth: int) -> list[tuple]:
    """The path of every mapping of the format in `data`: the top, each model, each list's item."""
    found = [()]
    for path, annotation, _required in walk(model, data, depth):
        if _model(annotation):
            found.append(path)
        elif _item_model(annotation) and _get(data, path):
            found.append(path + (0,))
    return found


def _get(data, path: tuple):
    for token in path:
        data = data[token]
    return data


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def _dotted(path: tuple) -> str:
    return ".".join(str(token) for token in path)


def format_cases(prefix: str, target: str, name: str, model: type[BaseModel], data: dict,
                 extra: dict[str, Content], given: str | None = None, root: tuple = (),
                 depth: int = 99) -> list[Case]:
    """For every key of the format (`model` at `root` of `data`, down to `depth` keys): the wrong
    type, the key left out when it is required, an unknown key beside it, and every mapping's
    first key twice."""
    blame = {"blame": name, "given": given}
    base = _get(data, root)
    cases = [case(f"{prefix}-format-every-key", target, {name: _dump(data), **extra}, exit_codes=(0, 1), given=given)]
    for path, annotation, required in walk(model, base, depth):
        full = root + path
        changed = copy.deepcopy(data)
        _get(changed, full[:-1])[full[-1]] = wrong(annotation)
        text = _dump(changed)
        cases.append(case(f"{prefix}-type-{_dotted(path)}", target, {name: text, **extra}, **blame,
                          expect=(_start(_node(text, full)), str(full[-1]))))
        if required:
            changed = copy.deepcopy(data)
            del _get(changed, full[:-1])[full[-1]]
            text = _dump(changed)
            cases.append(case(f"{prefix}-missing-{_dotted(path)}", target, {name: text, **extra}, **blame,
                              expect=(_start(_node(text, full[:-1])), str(full[-1]))))
    for path in _mappings(model, base, depth):
        full = root + path
        cases.append(_unknown_key(prefix, target, name, data, full, extra, blame, _dotted(path) or "top"))
        cases.append(_duplicate_key(prefix, target, name, data, full, extra, blame, _dotted(path) or "top"))
    return cases


def _unknown_key(prefix, target, name, data, path, extra, blame, label) -> Case:
    changed = copy.deepcopy(data)
    _get(changed, path)["ghi_chu"] = "ghi chú thêm"        # a note, the commonest unknown key
    text = _dump(changed)
    return case(f"{prefix}-unknown-key-{label}", target, {name: text, **extra}, **blame,
                expect=(_start(_key_node(text, path + ("ghi_chu",))), "ghi_chu"))


def _duplicate_key(prefix, target, name, data, path, extra, blame, label) -> Case:
    """The mapping's first key again at its end (a dict cannot hold it twice: a placeholder
    key is dumped, then renamed in the text)."""
    changed = copy.deepcopy(data)
    mapping = _get(changed, path)
    first = next(iter(mapping))
    mapping[f"DUPLICATE-{first}"] = mapping[first]
    text = re.sub(rf"^(\s*(?:- )?)DUPLICATE-{re.escape(first)}:", rf"\g<1>{first}:", _dump(changed), flags=re.M)
    return case(f"{prefix}-duplicate-key-{label}", target, {name: text, **extra}, **blame,
                expect=(_start(_key_node(text, path + (first,), nth=1)), first))


# --------------------------------------------------------------------------- plans

def plan_shape_cases() -> list[Case]:
    """Files that are YAML but not a plan's shape."""
    seed = _seed(SEED_PLAN)
    lines = seed.split("\n")
    second = next(i for i, line in enumerate(lines) if line.strip() == "- id: III.2")
    duplicate_ids = seed.replace("- id: III.2\n", "- id: III.1\n", 1)
    minimal = "plan:\n  id: p\n  title: T\n  kind: annual\n  period: {from: 2022, to: 2022}\n"
    unknown_alias = minimal + "tasks:\n  - {id: '1', title: *ten}\n"
    same_ids = minimal + "tasks:\n  - {id: 1, title: A}\n  - {id: '1', title: B}\n"
    shapes = {
        "empty": ("", (_at(1, 1),)),
        "blank-lines": ("\n \n\n", (_at(1, 1),)),
        "comments-only": ("# Kế hoạch CCHC\n# (chưa có nội dung)\n", (_at(1, 1),)),
        "document-marker-only": ("---\n", (_at(1, 1),)),
        "null": ("~\n", (_at(1, 1),)),
        "scalar": ("Kế hoạch cải cách hành chính năm 2022\n", (_at(1, 1),)),
        "top-level-list": ("- " + minimal.replace("\n", "\n  ").rstrip() + "\n", (_at(1, 1),)),
        "plan-is-list": ("plan:\n  - id: p\n  - title: T\n", (_at(2, 3), "plan")),
        "tasks-is-mapping": (minimal + "tasks:\n  id: '1'\n  title: T\n", (_at(7, 3), "tasks")),
        "task-is-list": (minimal + "tasks:\n  - [1, T]\n", (_at(7, 5), "tasks")),
        "two-documents": (minimal + "---\n" + minimal, (_at(6, 1),)),
        "unknown-alias": (unknown_alias, (_find(unknown_alias, "*ten"), "ten")),
        "key-is-list": (minimal + "[a, b]: x\n", (_at(6, 1),)),
        "duplicate-task-id": (duplicate_ids, (_at(second + 1, lines[second].index("III.2") + 1), "III.1")),
        "duplicate-task-id-number-and-text": (same_ids, (_find(same_ids, "'1'"), "'1'")),
        "roster-given-as-plan": ("units:\n  - {name: UBND tỉnh Vĩnh Long, level: province}\n", (_at(1, 1), "units")),
    }
    return [case(f"plan-shape-{name}", "plan", {"plan.yaml": text}, expect=expect)
            for name, (text, expect) in shapes.items()]


def plan_format_cases() -> list[Case]:
    data = sample(Plan)
    # A part said not to be transcribed is a warning of its own (tests/test_transcription.py); the
    # list's type is still tried here.
    data["plan"]["not_transcribed"] = []
    return format_cases("plan", "plan", "plan.yaml", Plan, data, {})


def plan_malformed_cases() -> list[Case]:
    return malformed_yaml("plan", "plan", "plan.yaml", _seed(SEED_PLAN), 5)


# --------------------------------------------------------------------------- bombs and sizes

def _billion_laughs(container: str) -> str:
    """Nine levels of nine aliases each: 9^9 values once expanded, a few hundred bytes written."""
    lines = []
    for level, name in enumerate("abcdefghi"):
        items = ["x"] * 9 if level == 0 else [f"*{'abcdefghi'[level - 1]}"] * 9
        body = f"[{', '.join(items)}]" if container == "list" else \
            "{" + ", ".join(f"k{n}: {item}" for n, item in enumerate(items)) + "}"
        lines.append(f"{name}: &{name} {body}")
    return "\n".join(lines) + "\n"


def _stream(head: str, chunk: str, times: int, tail: str) -> Callable[[Path], None]:
    """A large file written in pieces: never the whole of it in memory."""
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as stream:
            stream.write(head)
            for _ in range(times):
                stream.write(chunk)
            stream.write(tail)
    return write


def _sparse(head: str, size: int) -> Callable[[Path], None]:
    """A file of `size` bytes that takes almost no disk: a plan's first lines, then a hole."""
    def write(path: Path) -> None:
        with path.open("wb") as stream:
            stream.write(head.encode("utf-8"))
            stream.truncate(size)
    return write


_HEAD = "plan:\n  id: p\n  kind: annual\n  period: {from: 2022, to: 2022}\n"


def _tasks_writer(count: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as stream:
            stream.write(_HEAD + "  title: T\ntasks:\n")
            for number in range(1, count + 1):
                stream.write(f"  - {{id: '{number}', title: Nhiệm vụ {number}, owner: Sở Nội vụ}}\n")
    return write


def _draft_rows(count: int, alike: bool = False) -> Callable[[Path], None]:
    """The seed draft with `count` rows in its task table (`alike`: every row word for word the
    same, as a table pasted many times is)."""
    lines = _seed(SEED_DRAFT).split("\n")
    first_row = next(i for i, line in enumerate(lines) if line.startswith("| I."))
    head, tail = lines[:first_row], [line for line in lines[first_row:] if not line.startswith("|")]

    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as stream:
            stream.write("\n".join(head) + "\n")
            for number in range(1, count + 1):
                shown = "1" if alike else number
                stream.write(f"| {shown} | Rà soát thủ tục hành chính số {shown} | Sở Nội vụ | Các sở | "
                             f"Báo cáo | Quý IV/2027 |\n")
            stream.write("\n".join(tail))
    return write


# A 100 KB text written once and then referred to by aliases: few values, a great deal of text.
_LONG_TEXT = '&s "' + "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ " * 2000 + '"'


def _aliased_legal_basis(times: int) -> str:
    return _HEAD + "  title: T\n  legal_basis: [" + _LONG_TEXT + ", *s" * (times - 1) + "]\n"


def _aliased_titles(times: int) -> str:
    tasks = "".join(f"  - {{id: '{n}', title: *s}}\n" for n in range(1, times))
    return _HEAD + "  title: T\ntasks:\n  - {id: '0', title: " + _LONG_TEXT + "}\n" + tasks


def bomb_cases() -> list[Case]:
    heavy = {"heavy": True}
    return [
        case("plan-bomb-billion-laughs-lists", "plan", {"plan.yaml": _billion_laughs("list")}, **heavy),
        case("plan-bomb-billion-laughs-mappings", "plan", {"plan.yaml": _billion_laughs("mapping")}, **heavy),
        # Under the limit on values, over any limit on text: 0.5 MB written, 100 MB and 300 MB to read.
        case("plan-bomb-aliased-long-text", "plan", {"plan.yaml": _aliased_legal_basis(1000)}, seconds=3, **heavy),
        case("plan-bomb-aliased-long-titles", "plan", {"plan.yaml": _aliased_titles(3000)}, seconds=3, **heavy),
        case("plan-nesting-flow-10000", "plan", {"plan.yaml": "[" * 10_000 + "]" * 10_000 + "\n"},
             expect=(_at(1, 65), "64"), **heavy),
        case("plan-nesting-flow-mapping-10000", "plan", {"plan.yaml": "{a: " * 10_000 + "x" + "}" * 10_000 + "\n"},
             expect=(_at(1, 4 * 64 + 1), "64"), **heavy),
        case("plan-nesting-flow-unclosed-10000", "plan", {"plan.yaml": "plan: " + "[" * 10_000 + "\n"},
             expect=(_at(1, 71), "64"), **heavy),
        case("plan-nesting-block-10000", "plan", {"plan.yaml": "- " * 10_000 + "x\n"},
             expect=(_at(1, 129), "64"), **heavy),
        case("plan-size-50mb-scalar", "plan", {"plan.yaml": _stream(_HEAD + "  title: ", "a" * MB, 50, "\n")},
             limit="--max-file-mb", **heavy),
        # A limit raised as the message says must not let a larger input crash the engine.
        case("plan-size-17mb-scalar-limit-raised", "plan",
             {"plan.yaml": _stream(_HEAD + "  title: ", "a" * MB, 17, "\n")}, exit_codes=(0, 1, 2),
             args=("--max-file-mb", "32"), **heavy),
        case("plan-size-200mb-sparse", "plan", {"plan.yaml": _sparse(_HEAD + "  title: T\n", 200 * MB)},
             limit="--max-file-mb", **heavy),
        case("plan-size-1mb-line", "plan", {"plan.yaml": _HEAD + "  title: " + "a" * MB + "\n"}, exit_codes=(0, 1),
             **heavy),
        case("plan-tasks-100000", "plan", {"plan.yaml": _tasks_writer(100_000)}, expect=(_at(6, 1),),
             limit="--max-tasks", **heavy),
        case("plan-tasks-20001", "plan", {"plan.yaml": _tasks_writer(20_001)}, expect=(_at(6, 1),),
             limit="--max-tasks", **heavy),
        case("plan-draft-tasks-21000", "plan", {"draft.md": _draft_rows(21_000)}, limit="--max-tasks", **heavy),
    ]


# --------------------------------------------------------------------------- encodings

def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: the base letter precomposed where the code
    page has it (â, ê, ô, ơ, ư, ă, đ), the tone as a combining mark after it."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out.append((base + tones).encode("cp1258", errors="replace"))
    return b"".join(out)


def legacy_bytes(text: str, code: str) -> bytes:
    """`text` in TCVN3 or VNI, as engine.legacy_text writes them (its tests check it against every
    Vietnamese letter); a character the encoding has no place for ("…") becomes "...".."""
    from engine.legacy_text import from_unicode
    return from_unicode(text.replace("…", "...").replace("–", "-").replace("“", '"').replace("”", '"'), code)


def _bad_byte(text: str, after: str, bad: bytes) -> tuple[bytes, str]:
    """`text` with the bytes `bad` put right after the first `after`, and where that is."""
    offset = text.index(after) + len(after)
    return text[:offset].encode("utf-8") + bad + text[offset:].encode("utf-8"), _position(text, offset)


_BAD_BYTES = {"byte-ff": b"\xff", "lone-continuation": b"\x80", "truncated-sequence": b"\xe1\xbb",
              "overlong": b"\xc0\xaf", "surrogate": b"\xed\xa0\x80"}


def encoding_cases(prefix: str, target: str, name: str, text: str, accepted: tuple[int, ...],
                   bad_after: str, extra: dict[str, Content] | None = None,
                   given: str | None = None) -> list[Case]:
    """One text in every encoding people send: the Unicode ones accepted with the same result as
    plain UTF-8 (`twin`), the others refused saying UTF-8, bad bytes refused at their place."""
    extra = extra or {}
    # The twin: the same files in plain UTF-8 under twin/ (a pack's folder whole, so it loads).
    twin = {"twin/" + path: content for path, content in {name: text, **extra}.items()}
    same = {"exit_codes": accepted, "twin": "twin/" + (given or name), "given": given}
    refused = {"blame": name, "given": given, "expect": (PHRASES["utf8"],)}
    cases = [
        case(f"{prefix}-encoding-utf8-bom", target, {name: codecs.BOM_UTF8 + text.encode(), **twin, **extra}, **same),
        case(f"{prefix}-encoding-utf16-le-bom", target, {name: ("\ufeff" + text).encode("utf-16-le"), **twin, **extra},
             **same),
        case(f"{prefix}-encoding-utf16-be-bom", target, {name: ("\ufeff" + text).encode("utf-16-be"), **twin, **extra},
             **same),
        case(f"{prefix}-encoding-nfd", target, {name: _nfd(text).encode(), **twin, **extra}, **same),
        case(f"{prefix}-encoding-crlf", target, {name: text.replace("\n", "\r\n").encode(), **twin, **extra}, **same),
        case(f"{prefix}-encoding-utf16-no-bom", target, {name: text.encode("utf-16-le"), **extra}, **refused),
        case(f"{prefix}-encoding-utf32-bom", target, {name: ("\ufeff" + text).encode("utf-32-le"), **extra}, **refused),
    ]
    # Legacy Vietnamese encodings: a plan, a pack or a roster is refused naming the encoding; a text
    # draft is converted (with a warning) and reads as its UTF-8 twin.
    legacy = same if target == "draft" else refused
    for code, label, encoded in (("cp1258", "Windows-1258", cp1258(text)), ("tcvn3", "TCVN3", legacy_bytes(text, "tcvn3")),
                                 ("vni", "VNI", legacy_bytes(text, "vni"))):
        options = dict(legacy, expect=(label,)) if legacy is refused else dict(legacy, warns=(label, "Unicode"))
        cases.append(case(f"{prefix}-encoding-{code}", target, {name: encoded, **(twin if legacy is same else {}),
                                                                **extra}, **options))
    for label, bad in _BAD_BYTES.items():
        raw, where = _bad_byte(text, bad_after, bad)
        cases.append(case(f"{prefix}-encoding-invalid-utf8-{label}", target, {name: raw, **extra}, given=given,
                          blame=name, expect=(where,)))
    return cases


def binary_cases(prefix: str, target: str, name: str, extra: dict[str, Content] | None = None,
                 given: str | None = None) -> list[Case]:
    """Files that are not text at all, under a text file's name."""
    options = {"given": given, "blame": name, "expect": (PHRASES["utf8"],)}
    return [case(f"{prefix}-binary-{kind}", target, {name: data, **(extra or {})}, **options)
            for kind, data in (("png", PNG), ("zip", ZIP_OF_TEXT), ("elf", ELF))]


def plan_encoding_cases() -> list[Case]:
    seed = _seed(SEED_PLAN)
    cases = encoding_cases("plan", "plan", "plan.yaml", seed, (0,), "issuer: UBND tỉnh Vĩnh")
    # A NUL past the first 8 KB: text to a quick look, not to YAML.
    line = len(seed[:9000].split("\n")) + 1
    lines = seed.split("\n")
    column = len(lines[line - 1]) // 2
    lines[line - 1] = lines[line - 1][:column] + "\x00" + lines[line - 1][column:]
    cases.append(case("plan-binary-nul-after-8k", "plan", {"plan.yaml": "\n".join(lines)},
                      expect=(_at(line, column + 1),)))
    return cases + binary_cases("plan", "plan", "plan.yaml")


# --------------------------------------------------------------------------- security

def _hostile_tags() -> dict[str, tuple[str, str]]:
    """A tag that builds an object, as the YAML line that carries it, and what the message names."""
    return {
        "python-object-apply": (f'!!python/object/apply:os.system ["{SHELL}"]', "python/object/apply:os.system"),
        "python-object-new": (f'!!python/object/new:subprocess.Popen [[sh, -c, "{SHELL}"]]',
                              "python/object/new:subprocess.Popen"),
        "python-name": ("!!python/name:os.system", "python/name:os.system"),
        "python-module": ("!!python/module:os", "python/module:os"),
        "binary": ("!!binary aGVsbG8=", "binary"),
        "set": ("!!set {a, b}", "set"),
        "local-include": ("!include /etc/passwd", "!include"),
    }


def security_cases(prefix: str, target: str, name: str, text: str, key_line: str,
                   extra: dict[str, Content] | None = None, given: str | None = None) -> list[Case]:
    """The value of the line starting `key_line` (after any "- ") replaced by each hostile tag;
    the message names the tag at its place, and nothing runs (the test looks for SIDE_EFFECT)."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.lstrip(" -").startswith(key_line))
    key_at = lines[index].index(key_line)
    lead, key = lines[index][:key_at], key_line.split(":")[0]
    cases = []
    for label, (value, named) in _hostile_tags().items():
        changed = lines[:index] + [f"{lead}{key}: {value}"] + lines[index + 1:]
        cases.append(case(f"{prefix}-tag-{label}", target, {name: "\n".join(changed), **(extra or {})},
                          given=given, blame=name, expect=(_at(index + 1, key_at + len(key) + 3), named)))
    return cases


def plan_security_cases() -> list[Case]:
    seed = _seed(SEED_PLAN)
    cases = security_cases("plan", "plan", "plan.yaml", seed, "title: \"Xây dựng Kế hoạch kiểm tra")
    tagged = f'%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\nplan: !py!os.system ["{SHELL}"]\n'
    cases.append(case("plan-tag-python-via-tag-directive", "plan", {"plan.yaml": tagged},
                      expect=(_at(3, 7), "python/object/apply:os.system")))
    on_key = f'plan:\n  ? !!python/object/apply:os.system ["{SHELL}"]\n  : x\n'
    cases.append(case("plan-tag-python-on-a-key", "plan", {"plan.yaml": on_key},
                      expect=(_at(2, 5), "python/object/apply:os.system")))
    return cases


# --------------------------------------------------------------------------- file system

def _good_plan() -> bytes:
    return SEED_PLAN.read_bytes()


def filesystem_cases() -> list[Case]:
    good = _good_plan()
    draft = _seed(SEED_DRAFT)
    return [
        case("plan-fs-missing", "plan", {}, given="khong-co.yaml"),
        case("plan-fs-symlink-to-itself", "plan", {"plan.yaml": Link("plan.yaml")}),
        case("plan-fs-fifo", "plan", {"plan.yaml": Fifo()}, heavy=True, seconds=3),
        case("plan-fs-device-dev-zero", "plan", {"plan.yaml": Link("/dev/zero")}, heavy=True, seconds=10),
        case("plan-fs-unreadable", "plan", {"plan.yaml": good}, emulate="unreadable"),
        # Folders: a loop or a pipe must not stop the walk; a file that cannot be read is named.
        case("plan-fs-folder-link-loop", "plan", {"plans/a.yaml": good, "plans/sub/up": Link("..")},
             exit_codes=(0,), given="plans", heavy=True, seconds=10),
        case("plan-fs-folder-fifo", "plan", {"plans/a.yaml": good, "plans/pipe.yaml": Fifo()}, exit_codes=(0,),
             given="plans", heavy=True, seconds=10),
        case("plan-fs-folder-file-link-to-itself", "plan", {"plans/a.yaml": good, "plans/loop.yaml": Link("loop.yaml")},
             given="plans", blame="plans/loop.yaml", partial=True),
        case("plan-fs-folder-dangling-link", "plan", {"plans/a.yaml": good, "plans/gone.yaml": Link("khong-co.yaml")},
             given="plans", blame="plans/gone.yaml", partial=True),
        case("plan-fs-folder-one-bad-file", "plan", {"plans/a.yaml": good, "plans/b.yaml": "plan: [\n"},
             given="plans", blame="plans/b.yaml", partial=True, expect=(_at(2, 1),)),
        # --output: a folder, a folder that does not exist, a file's "folder", no room, no right.
        case("plan-fs-output-is-a-folder", "plan", {"plan.yaml": good, "out/report.json": Folder()},
             blame="out/report.json", prewrite=False),
        case("plan-fs-output-folder-missing", "plan", {"plan.yaml": good}, output="khong-co/report.json",
             blame="khong-co/report.json", prewrite=False),
        case("plan-fs-output-under-a-file", "plan", {"plan.yaml": good, "out": "a file\n"},
             output="out/report.json", blame="out/report.json", prewrite=False),
        case("plan-fs-output-unwritable", "plan", {"plan.yaml": good}, emulate="unwritable",
             blame="out/report.json"),
        case("plan-fs-output-is-the-input", "plan", {"plan.yaml": good}, output="plan.yaml", prewrite=False),
        case("roster-fs-missing", "roster", {"plan.yaml": good}, given="khong-co.yaml"),
        case("roster-fs-folder", "roster", {"plan.yaml": good, "roster": Folder()}, given="roster"),
        case("roster-fs-unreadable", "roster", {"roster.yaml": _dump(ROSTER), "plan.yaml": good}, emulate="unreadable"),
        case("rules-fs-missing", "rules", {"plan.yaml": good}, given="khong-co"),
        case("rules-fs-folder-without-pack", "rules", {"plan.yaml": good, "pack/rules.yaml": RULES_YAML},
             given="pack"),
        case("rules-fs-file-not-folder", "rules", {"plan.yaml": good, "pack/pack.yaml": PACK_YAML},
             given="pack/pack.yaml"),
        case("rules-fs-unreadable", "rules", _pack(), given="pack", blame="pack/rules.yaml", emulate="unreadable"),
        case("draft-fs-missing", "draft", {}, given="khong-co.md"),
        case("draft-fs-folder", "draft", {"draft": Folder()}),
        case("draft-fs-unreadable", "draft", {"draft.md": draft}, emulate="unreadable"),
        case("draft-fs-output-is-a-folder", "draft", {"draft.md": draft, "out/plan.yaml": Folder()},
             blame="out/plan.yaml", prewrite=False),
        case("draft-fs-output-folder-missing", "draft", {"draft.md": draft}, output="khong-co/plan.yaml",
             blame="khong-co/plan.yaml", prewrite=False),
        case("draft-fs-output-exists-without-force", "draft", {"draft.md": draft}, force=False,
             blame="out/plan.yaml"),
        case("draft-fs-output-unwritable", "draft", {"draft.md": draft}, emulate="unwritable", blame="out/plan.yaml"),
        case("draft-fs-output-disk-full", "draft", {"draft.md": draft}, emulate="disk-full", blame="out/plan.yaml",
             heavy=True),
        case("draft-fs-output-is-the-input", "draft", {"draft.md": draft}, output="draft.md", prewrite=False),
    ]


# --------------------------------------------------------------------------- rule packs

PACK_YAML = """\
pack:
  id: hostile
  version: 1.0.0
  prefix: HOSTILE-
  title:
    vi: Quy tắc thử
    en: Test rules
  description:
    vi: Gói quy tắc thử
    en: A test pack
  extends: []
"""

RULE = {
    "id": "HOSTILE-TASK-OWNER",
    "title": {"vi": "Có cơ quan chủ trì", "en": "A lead"},
    "message": {"vi": "Nhiệm vụ {task_id} không có cơ quan chủ trì", "en": "Task {task_id} has no lead"},
    "suggestion": {"vi": "Ghi cơ quan chủ trì", "en": "Name the lead"},
    "severity": "warning",
    "tag": "E",
    "reference": {"vi": "Thử", "en": "Test"},
    "rationale": {"vi": "Thử", "en": "Test"},
    "applies_to": {"kinds": ["annual"], "levels": ["province"], "period": {"from": 2000, "to": 2100},
                   "in_force": {"from": dt.date(2000, 1, 1), "until": dt.date(2100, 1, 1)},
                   "checked_on": {"from": dt.date(2000, 1, 1), "until": dt.date(2100, 1, 1)}},
    "given": "task",
    "when": {"field": "owner", "missing": True},
    "at": "owner",
    "examples": {"fire": [{"tasks": [{"id": "1", "title": "T"}]}],
                 "pass": [{"tasks": [{"id": "1", "title": "T", "owner": "Sở Nội vụ"}]}]},
}
RULES_YAML = _dump({"rules": [RULE]})


def _pack(rules: str = RULES_YAML, pack: str = PACK_YAML) -> dict[str, Content]:
    return {"pack/rules.yaml": rules, "pack/pack.yaml": pack, "plan.yaml": _good_plan()}


def _rule_with(**changes) -> str:
    rule = {**RULE, **changes}
    return _dump({"rules": [rule]})


def rules_cases() -> list[Case]:
    on_rules = {"given": "pack", "blame": "pack/rules.yaml"}
    pack_extra = {"pack/pack.yaml": PACK_YAML, "plan.yaml": _good_plan()}
    rules_extra = {"pack/rules.yaml": RULES_YAML, "plan.yaml": _good_plan()}
    # A rule's own keys and its pack's (the nested ones go through the same validation as a plan's).
    cases = format_cases("rules", "rules", "pack/rules.yaml", RuleSpec, {"rules": [RULE]}, pack_extra,
                         given="pack", root=("rules", 0), depth=1)
    cases += [c for c in format_cases("rules-pack", "rules", "pack/pack.yaml", PackMeta,
                                      yaml.safe_load(PACK_YAML), rules_extra, given="pack", root=("pack",), depth=1)
              if c.id != "rules-pack-format-every-key"]
    cases += malformed_yaml("rules", "rules", "pack/rules.yaml", RULES_YAML, 2, pack_extra, given="pack")
    cases += malformed_yaml("rules-pack", "rules", "pack/pack.yaml", PACK_YAML, 2, rules_extra, given="pack")
    cases += encoding_cases("rules", "rules", "pack/rules.yaml", RULES_YAML, (0,), "vi: Có cơ", pack_extra,
                            given="pack")
    cases += binary_cases("rules", "rules", "pack/rules.yaml", pack_extra, given="pack")
    cases += security_cases("rules", "rules", "pack/rules.yaml", RULES_YAML, "at: owner", pack_extra,
                            given="pack")
    when = ("rules", 0, "when")
    semantic = {
        # Conditions are data: an operator the language lacks, or Python, is refused where it is.
        "unknown-operator": (_rule_with(when={"field": "owner", "regex": ".*"}), when + ("regex",), "regex"),
        "python-expression": (_rule_with(when=f"__import__('os').system('{SHELL}')"), when, "when"),
        "python-in-operator": (_rule_with(when={"field": "owner", "eval": f"__import__('os').system('{SHELL}')"}),
                               when + ("eval",), "eval"),
        "dunder-field": (_rule_with(when={"field": "__class__", "eq": "x"}), when, "__class__"),
        "dunder-placeholder": (_rule_with(message={"vi": "{__class__.__mro__}", "en": "{__class__}"}),
                               ("rules", 0, "message", "vi"), "__class__"),
        "unknown-vocabulary": (_rule_with(when={"field": "owner", "matches": "../../etc/passwd"}), when, "passwd"),
        "id-without-prefix": (_rule_with(id="PAR-TASK-LEAD-NAMED"), ("rules", 0, "id"), "HOSTILE-"),
        "severity-over-tag": (_rule_with(severity="error"), ("rules", 0, "severity"), "error"),
        "for-each-unknown-list": (_rule_with(for_each={"list": "__builtins__"}), ("rules", 0, "for_each", "list"),
                                  "__builtins__"),
    }
    for label, (text, path, named) in semantic.items():
        cases.append(case(f"rules-condition-{label}", "rules", {"pack/rules.yaml": text, **pack_extra}, **on_rules,
                          expect=(_start(_node(text, path)), named)))
    for label, target in (("itself", "."), ("missing", "khong-co"), ("outside", "../../../../etc")):
        text = PACK_YAML.replace("extends: []", f"extends: [{target}]")
        # A pack that extends itself is wrong as a whole: no place to name.
        expect = () if label == "itself" else (_find(text, target + "]"), target)
        cases.append(case(f"rules-pack-extends-{label}", "rules", _pack(pack=text), given="pack",
                          blame="pack/pack.yaml", expect=expect))
    cases += [
        case("rules-pack-empty", "rules", _pack(pack=""), given="pack", blame="pack/pack.yaml", expect=(_at(1, 1),)),
        case("rules-empty-rules-file", "rules", _pack(rules=""), given="pack", blame="pack/rules.yaml",
             expect=(_at(1, 1),)),
        case("rules-pack-block-in-rules-file", "rules", _pack(rules=PACK_YAML), given="pack",
             blame="pack/rules.yaml", expect=(_at(2, 3), "pack")),
        case("rules-bomb-billion-laughs", "rules", _pack(rules=_billion_laughs("list")), given="pack",
             blame="pack/rules.yaml", heavy=True),
    ]
    return cases


# --------------------------------------------------------------------------- rosters

ROSTER = {"period": {"from": 2022, "to": 2022},
          "units": [{"name": "UBND tỉnh Vĩnh Long", "level": "province", "id": "vinh-long"}]}


def roster_cases() -> list[Case]:
    plan = {"plan.yaml": _good_plan()}
    text = _dump(ROSTER)
    cases = format_cases("roster", "roster", "roster.yaml", Roster, ROSTER, plan)
    cases += malformed_yaml("roster", "roster", "roster.yaml", text, 2, plan)
    cases += encoding_cases("roster", "roster", "roster.yaml", text, (0,), "name: UBND tỉnh", plan)
    cases += binary_cases("roster", "roster", "roster.yaml", plan)
    cases += security_cases("roster", "roster", "roster.yaml", text, "name: UBND", plan)
    two = text + "- name: Ủy ban nhân dân tỉnh Vĩnh Long\n  level: province\n"
    csv = "name,level,id\nUBND tỉnh Vĩnh Long,province,vinh-long\n"
    bad_csv, bad_at = _bad_byte(csv, "UBND tỉnh", b"\xff")
    cases += [
        case("roster-shape-empty", "roster", {"roster.yaml": "", **plan}, expect=(_at(1, 1),)),
        case("roster-shape-list", "roster", {"roster.yaml": "- UBND tỉnh Vĩnh Long\n", **plan}, expect=(_at(1, 1),)),
        case("roster-shape-no-units", "roster", {"roster.yaml": "units: []\n", **plan}, expect=(_at(1, 8), "units")),
        case("roster-shape-unit-twice", "roster", {"roster.yaml": two, **plan}, expect=(_find(two, "name: Ủy ban"),)),
        case("roster-shape-plan-given-as-roster", "roster", {"roster.yaml": _good_plan(), **plan},
             expect=(_at(3, 1), "plan")),
        case("roster-suffix-txt", "roster", {"roster.txt": csv, **plan}, expect=(".txt",)),
        case("roster-csv-good", "roster", {"roster.csv": csv, **plan}, exit_codes=(0,)),
        case("roster-csv-bom", "roster", {"roster.csv": codecs.BOM_UTF8 + csv.encode(), **plan}, exit_codes=(0,)),
        case("roster-csv-empty", "roster", {"roster.csv": "", **plan}, expect=(_at(1, 1),)),
        case("roster-csv-unknown-column", "roster", {"roster.csv": "name,cap\nA,province\n", **plan},
             expect=(_at(1, 2), "cap")),
        case("roster-csv-too-many-cells", "roster", {"roster.csv": csv + "Sở Nội vụ, tỉnh X,agency,x\n", **plan},
             expect=(_at(3, 1),)),
        case("roster-csv-bad-level", "roster", {"roster.csv": "name,level\nUBND huyện Long Hồ,huyện\n", **plan},
             expect=(_at(2, 2), "level")),
        case("roster-csv-unclosed-quote", "roster", {"roster.csv": 'name,level\n"UBND tỉnh,province\n', **plan},
             expect=(_at(2, 1),)),
        case("roster-csv-invalid-utf8", "roster", {"roster.csv": bad_csv, **plan}, expect=(bad_at,)),
        case("roster-csv-binary", "roster", {"roster.csv": PNG, **plan}, expect=(PHRASES["utf8"],)),
        case("roster-bomb-billion-laughs", "roster", {"roster.yaml": _billion_laughs("list"), **plan}, heavy=True),
    ]
    return cases


# --------------------------------------------------------------------------- baselines

def baseline_cases() -> list[Case]:
    plan = {"plan.yaml": _good_plan()}
    entry = {"fingerprint": "ab12", "rule_id": "PAR-TASK-LEAD-NAMED", "plan_id": "p", "domain": None, "message": "m"}

    def baseline(*entries) -> str:
        return json.dumps({"cchc_baseline": 1, "findings": list(entries)})

    not_a_baseline = "không phải baseline của cchc"
    return [
        case("baseline-good", "baseline", {"baseline.json": baseline(entry), **plan}, exit_codes=(0, 1)),
        case("baseline-missing", "baseline", plan, given="khong-co.json", expect=("không tìm thấy tệp baseline",)),
        case("baseline-not-json", "baseline", {"baseline.json": "{cchc_baseline: 1}\n", **plan}, expect=(_at(1, 2),)),
        case("baseline-nested-deep", "baseline", {"baseline.json": "[" * 100_000 + "]" * 100_000, **plan},
             expect=("lồng quá sâu",)),
        case("baseline-number-of-100000-digits", "baseline",
             {"baseline.json": '{"cchc_baseline": 1, "findings": [' + "9" * 100_000 + "]}", **plan},
             expect=("số quá dài",)),
        case("baseline-list-for-rule-id", "baseline",
             {"baseline.json": baseline({**entry, "rule_id": ["PAR-TASK-LEAD-NAMED"]}), **plan}, expect=(not_a_baseline,)),
        case("baseline-object-for-fingerprint", "baseline",
             {"baseline.json": baseline({**entry, "fingerprint": {"a": 1}}), **plan}, expect=(not_a_baseline,)),
        case("baseline-object-for-plan-id", "baseline",
             {"baseline.json": baseline({**entry, "plan_id": {"a": 1}}), **plan}, expect=(not_a_baseline,)),
        case("baseline-zeros-over-the-limit", "baseline", {"baseline.json": _sparse("[0", 64 * 1024 * 1024), **plan},
             limit="--max-file-mb", heavy=True, seconds=10),
        case("baseline-over-a-lowered-limit", "baseline", {"baseline.json": _sparse("[0", 2 * 1024 * 1024), **plan},
             args=("--max-file-mb", "1"), expect=("1,048,576",), limit="--max-file-mb"),
        case("baseline-fifo", "baseline", {"baseline.json": Fifo(), **plan}, heavy=True, seconds=3),
    ]


# --------------------------------------------------------------------------- numbers Python cannot show

def long_number_cases() -> list[Case]:
    """A 100,000-digit number (hexadecimal or decimal) where a plan has text, an id, a value, a
    year or a waiver: Python shows no integer of over 4,300 digits, so it must never be built."""
    text = _seed(SEED_PLAN)
    hexadecimal, decimal = "0x" + "f" * 100_000, "9" * 100_000
    places = {
        "title": 'title: "Kế hoạch cải cách hành chính nhà nước năm 2022 trên địa bàn tỉnh Vĩnh Long"',
        "value": "value: 10",
        "year": "year: 2022",
    }
    found = []
    for name, written in places.items():
        key = written.split(":")[0]
        for kind, number in (("hex", hexadecimal), ("decimal", decimal)):
            changed = text.replace(written, f"{key}: {number}", 1)
            found.append(case(f"plan-long-number-{kind}-{name}", "plan", {"plan.yaml": changed},
                              expect=(_find(changed, number), "quá dài")))
    first_task = text.index("  - id: ")
    task_line = text[first_task:text.index("\n", first_task)]
    with_task_id = text.replace(task_line, f"  - id: {hexadecimal}", 1)
    waiver = text + f"waivers:\n  - rule: PAR-TASK-LEAD-NAMED\n    task: {hexadecimal}\n    reason: r\n    approved_by: a\n"
    found += [
        case("plan-long-number-hex-task-id", "plan", {"plan.yaml": with_task_id},
             expect=(_find(with_task_id, hexadecimal), "quá dài")),
        case("plan-long-number-hex-waiver-task", "plan", {"plan.yaml": waiver},
             expect=(_find(waiver, hexadecimal), "quá dài")),
    ]
    return found


# --------------------------------------------------------------------------- drafts

def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SEED_DOCX) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_bomb(path: Path) -> None:
    """A Word file of a few MB whose document.xml is 1 GB once inflated."""
    parts = _docx_parts()
    paragraph = (b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>") * 1024
    body_at = parts["word/document.xml"].index(b"<w:body>") + len(b"<w:body>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name != "word/document.xml":
                archive.writestr(info, data)
                continue
            with archive.open(info, "w", force_zip64=True) as stream:
                stream.write(data[:body_at])
                for _ in range(1000):
                    stream.write(paragraph)
                stream.write(data[body_at:])


def _docx_with(extra: Callable[[zipfile.ZipFile], None], body: bytes = b"") -> Callable[[Path], None]:
    """The seed Word file, `body` added at the start of its body and more parts written by `extra`."""
    def write(path: Path) -> None:
        parts = _docx_parts()
        at = parts["word/document.xml"].index(b"<w:body>") + len(b"<w:body>")
        parts["word/document.xml"] = parts["word/document.xml"][:at] + body + parts["word/document.xml"][at:]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
            extra(archive)
    return write


def _images_inflating(count: int, megabytes: int) -> Callable[[zipfile.ZipFile], None]:
    """`count` images of a few hundred KB that inflate to `megabytes` each."""
    def add(archive: zipfile.ZipFile) -> None:
        block = bytes(1024 * 1024)
        for number in range(1, count + 1):
            with archive.open(f"word/media/image{number}.png", "w", force_zip64=True) as stream:
                for _ in range(megabytes):
                    stream.write(block)
    return add


def _many_parts(count: int) -> Callable[[zipfile.ZipFile], None]:
    def add(archive: zipfile.ZipFile) -> None:
        for number in range(count):
            archive.writestr(f"customXml/extra{number}.xml", b"<a/>")
    return add


def _nested_tables(depth: int, sibling_rows: int) -> bytes:
    """A table in a cell of a table … `depth` deep, each with `sibling_rows` rows of its own."""
    row = "<w:tr><w:tc><w:p><w:r><w:t>Rà soát</w:t></w:r></w:p></w:tc></w:tr>".encode() * sibling_rows
    inner = b"<w:p/>"
    for _ in range(depth):
        inner = b"<w:tbl><w:tr><w:tc>" + inner + b"<w:p/></w:tc></w:tr>" + row + b"</w:tbl>"
    return inner + b"<w:p/>"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with these objects (1 is the catalog) and a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


_PDF_FONT = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def _pdf_stream(data: bytes, compressed: bool = True) -> bytes:
    """A stream object's body: `data` (deflated unless not `compressed`) with its /Length."""
    if compressed:
        data = zlib.compress(data, 6)
    filters = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filters, data)


def _pdf_page(content: bytes) -> bytes:
    """A one-page PDF whose page draws `content` (its content stream, already a stream body)."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents 4 0 R >>" % _PDF_FONT,
                 content])


def _pdf_text_bomb(characters: int) -> bytes:
    """One page showing `characters` letters, in lines of 1,000: a few KB deflated."""
    line = b"(" + b"a" * 1000 + b") Tj 0 -1 Td\n"
    return _pdf_page(_pdf_stream(b"BT /F1 1 Tf 10 800 Td\n" + line * (characters // 1000) + b"ET\n"))


def _pdf_whitespace_bomb(megabytes: int) -> Callable[[Path], None]:
    """One page whose content stream is `megabytes` MB of spaces, deflated to about 1/1000 of
    that as it is written (the inflated stream is never held)."""
    def write(path: Path) -> None:
        deflate, block, parts = zlib.compressobj(9), b" " * (1024 * 1024), []
        for _ in range(megabytes):
            parts.append(deflate.compress(block))
        parts.append(deflate.flush())
        data = b"".join(parts)
        path.write_bytes(_pdf_page(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                                   % (len(data), data)))
    return write


def _pdf_pages_of_spaces(count: int, megabytes: int) -> bytes:
    """`count` pages, each its own content stream of `megabytes` MB of spaces (a few KB deflated)."""
    stream = _pdf_stream(b" " * (megabytes * 1024 * 1024))
    kids = b" ".join(b"%d 0 R" % (3 + 2 * index) for index in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for index in range(count):
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents %d 0 R >>"
                    % (_PDF_FONT, 4 + 2 * index), stream]
    return _pdf(objects)


def _pdf_many_characters(pages: int, per_page: int) -> bytes:
    """`pages` pages, each its own content stream showing `per_page` letters."""
    line = b"(" + b"a" * 1000 + b") Tj 0 -1 Td\n"
    kids = b" ".join(b"%d 0 R" % (3 + 2 * index) for index in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    for index in range(pages):
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents %d 0 R >>"
                    % (_PDF_FONT, 4 + 2 * index),
                    _pdf_stream(b"BT /F1 1 Tf 10 800 Td (%d)Tj\n" % index + line * (per_page // 1000) + b"ET\n")]
    return _pdf(objects)


def _pdf_pages(count: int, claimed: int | None = None) -> bytes:
    """`count` pages that share one small content stream; the page tree says it has `claimed`."""
    kids = b" ".join(b"%d 0 R" % number for number in range(4, 4 + count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents 3 0 R >>" % _PDF_FONT
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count if claimed is None else claimed),
                 _pdf_stream(b"BT /F1 12 Tf 72 720 Td (Trang) Tj ET")] + [page] * count)


def _pdf_xref_stream(entries: int) -> bytes:
    """A PDF 1.5 file whose cross-reference stream says it has `entries` entries; it holds three.
    Its catalog has no page tree, so that pdfminer looks for pages among all the entries."""
    out, offsets = b"%PDF-1.5\n", []
    for number, body in enumerate([b"<< /Type /Catalog >>", b"<< /Producer (x) >>"], 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    rows = b"\x00\x00\x00\x00\xff" + b"".join(b"\x01" + offset.to_bytes(4, "big") for offset in offsets + [xref])
    data = zlib.compress(rows)
    out += (b"3 0 obj\n<< /Type /XRef /Size %d /W [1 4 0] /Root 1 0 R /Length %d /Filter /FlateDecode >>\n"
            b"stream\n%s\nendstream\nendobj\n" % (entries, len(data), data))
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def draft_cases() -> list[Case]:
    text = _seed(SEED_DRAFT)
    docx = SEED_DOCX.read_bytes()
    parts = _docx_parts()
    broken_xml = {**parts, "word/document.xml": parts["word/document.xml"][:-200]}
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    cases = encoding_cases("draft", "draft", "draft.md", text, (0,), "Căn cứ Nghị quyết số 76")
    cases += binary_cases("draft", "draft", "draft.md")
    cases += [
        case("draft-text-good", "draft", {"draft.md": text}, exit_codes=(0,), roundtrip=True),
        # Rows that all begin alike were compared pairwise when repeated pages are looked for.
        case("draft-text-5000-rows-alike", "draft", {"draft.md": _draft_rows(5000, alike=True)}, exit_codes=(0,),
             heavy=True, seconds=10),
        case("draft-text-empty", "draft", {"draft.txt": ""}, expect=(_at(1, 1),)),
        case("draft-text-blank", "draft", {"draft.txt": "  \n\n \t\n"}, expect=(_at(1, 1),)),
        case("draft-text-a-report", "draft", {"draft.md": text.replace("Số: 215/KH-UBND", "Số: 12/BC-UBND")
                                              .replace("# KẾ HOẠCH", "# BÁO CÁO")}, expect=(_at(3, 1), "12/BC-UBND")),
        case("draft-text-yaml-tags-in-text", "draft", {"draft.md": text.replace(
            "Cải cách hành chính nhà nước năm 2027", f'!!python/object/apply:os.system ["{SHELL}"] năm 2027', 1)},
            exit_codes=(0,), roundtrip=True),
        # A file name is input too: a line break in it must not break the plan written.
        case("draft-name-with-line-break", "draft", {"du-thao\nplan: x\n.md": text}, exit_codes=(0,), roundtrip=True),
        case("draft-suffix-unknown", "draft", {"draft.xyz": text}, expect=(".xyz",)),
        case("draft-docx-zip-of-text", "draft", {"draft.docx": ZIP_OF_TEXT}),
        case("draft-docx-truncated", "draft", {"draft.docx": docx[:len(docx) // 2]}),
        case("draft-docx-png", "draft", {"draft.docx": PNG}),
        case("draft-docx-empty", "draft", {"draft.docx": b""}),
        case("draft-docx-broken-xml", "draft", {"draft.docx": _zip(broken_xml)}),
        case("draft-docx-zip-bomb", "draft", {"draft.docx": _docx_bomb}, heavy=True),
        # Images are never inflated: five of 200 MB each leave the draft as readable as without them.
        case("draft-docx-images-inflating", "draft", {"draft.docx": _docx_with(_images_inflating(5, 200))},
             exit_codes=(0,), heavy=True, seconds=10),
        case("draft-docx-5000-parts", "draft", {"draft.docx": _docx_with(_many_parts(5000))},
             expect=("vượt giới hạn 2,000",), heavy=True, seconds=10),
        case("draft-docx-tables-nested-80-deep", "draft",
             {"draft.docx": _docx_with(lambda archive: None, _nested_tables(80, 200))}, exit_codes=(0,),
             heavy=True, seconds=10),
        case("draft-pdf-header-only", "draft", {"draft.pdf": b"%PDF-1.4\n%%EOF\n"}),
        case("draft-pdf-garbage", "draft", {"draft.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 16}),
        case("draft-pdf-page-tree-loop", "draft",
             {"draft.pdf": _pdf([catalog, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])}),
        case("draft-pdf-no-text", "draft", {"draft.pdf": _pdf([
            catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])}, expect=("ocrmypdf",)),
        # Hostile PDFs: each limit is checked before the work it bounds (engine/importers/pdf.py).
        case("draft-pdf-text-bomb-2m-characters", "draft", {"draft.pdf": _pdf_text_bomb(2_000_000)},
             expect=("trang 1", "50,000 ký tự"), heavy=True, seconds=10),
        case("draft-pdf-whitespace-1gb", "draft", {"draft.pdf": _pdf_whitespace_bomb(1024)},
             expect=("trang 1", "giải nén"), heavy=True, seconds=10),
        case("draft-pdf-8-pages-of-15mb-spaces", "draft", {"draft.pdf": _pdf_pages_of_spaces(8, 15)},
             expect=("giải nén",), limit="--max-file-mb", heavy=True, seconds=10),
        case("draft-pdf-10000-pages", "draft", {"draft.pdf": _pdf_pages(10_000)},
             expect=("10,000 trang", "1,000"), heavy=True, seconds=10),
        case("draft-pdf-10000-pages-count-says-1", "draft", {"draft.pdf": _pdf_pages(10_000, claimed=1)},
             expect=("hơn 1,000 trang",), heavy=True, seconds=10),
        case("draft-pdf-xref-stream-2g-entries", "draft", {"draft.pdf": _pdf_xref_stream(2 ** 31)},
             expect=("2,147,483,648 mục",), heavy=True, seconds=10),
        # Read through LibreOffice (seconds): in the background with the other slow ones.
        case("draft-doc-garbage", "draft", {"draft.doc": bytes(range(256)) * 8}, heavy=True),
    ]
    return cases


# --------------------------------------------------------------------------- the corpus

def cases(heavy: bool = True) -> list[Case]:
    """Every case, in a stable order, ids unique."""
    found = (plan_malformed_cases() + plan_format_cases() + plan_shape_cases() + bomb_cases()
             + plan_encoding_cases() + plan_security_cases() + filesystem_cases() + rules_cases()
             + roster_cases() + baseline_cases() + long_number_cases() + draft_cases())
    ids = [item.id for item in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"case ids used twice: {duplicates}"
    return [item for item in found if heavy or not item.heavy]


def make_corpus(outdir: Path, heavy: bool = True) -> list[Case]:
    """Write every case into OUTDIR/<case id>/ and return the cases."""
    outdir = Path(outdir)
    written = cases(heavy)
    for item in written:
        folder = outdir / item.id
        folder.mkdir(parents=True)
        item.write(folder)
    return written


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: make_corpus.py OUTDIR [--no-heavy]", file=sys.stderr)
        return 2
    for item in make_corpus(Path(argv[0]), heavy="--no-heavy" not in argv):
        print(f"{item.id}\t{item.target}\texit {'/'.join(map(str, item.exit_codes))}\t{shlex.join(item.argv())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
